//! Web pages: the seed plans as a county government's pages (from
//! `../shared/corpus/html`) against the same gold as their other renditions;
//! pages built here for a GBK page, the site's chrome, merged table cells.

mod common;

use common::*;
use guihua::eval::score_dirs;
use std::path::Path;

#[test]
fn seed_web_pages_meet_the_floors() {
    let check = |plan: &guihua::model::Plan| {
        assert_eq!(plan.source.format, guihua::model::Format::Html);
        // The site's chrome stays out: no 索引号 table, no navigation.
        assert!(plan
            .tables
            .iter()
            .all(|t| t.rows.iter().flatten().all(|c| !c.contains("索引号"))));
    };
    if let Some(report) = shared_renditions_report("html", "html", check) {
        assert_floors("seed web pages", &report);
    }
}

/// A GBK page saved from a site: chrome around the article, an indicator
/// table with a merged category cell, a 专栏 in a one-column frame.
#[test]
fn built_gbk_page() {
    let page = r#"<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=GBK"><title>云溪县民政事业发展规划_政务公开</title></head><body>
<div id="header"><ul class="menu"><li><a href="/">首页</a></li><li>政务公开</li></ul></div>
<div class="crumb">当前位置：首页 &gt; 政务公开 &gt; 规划计划</div>
<table class="xxgk_info"><tr><td>索 引 号：</td><td>000014349/2022-00001</td></tr><tr><td>发布机构：</td><td>云溪县人民政府办公室</td></tr></table>
<div class="main"><div class="art-info">来源：云溪县民政局 浏览次数：12</div>
<div class="article-content">
<p align="center"><strong>云溪县“十四五”民政事业发展规划</strong></p>
<p><strong>一、发展基础</strong></p>
<p>“十三五”期间，全县民政工作取得明显成效。</p>
<p><strong>二、主要指标</strong></p>
<p align="center">云溪县“十四五”民政事业主要指标</p>
<table border="1"><tbody>
<tr><th>类别</th><th>序号</th><th>指标</th><th>单位</th><th>2020年</th><th>2025年</th><th>属性</th></tr>
<tr><td rowspan="2">社会救助</td><td>1</td><td>城乡低保标准年度增速</td><td>%</td><td>10</td><td>≥10</td><td>预期性</td></tr>
<tr><td>2</td><td>特困人员供养服务设施覆盖率</td><td>%</td><td>80</td><td>100</td><td>约束性</td></tr>
</tbody></table>
<table border="1"><tr><td><p>专栏1 社会救助重点工程</p><p>1.救助服务站建设工程。每个乡镇建成1个救助服务站。</p><p>2.救助信息平台建设工程。建成统一平台。</p></td></tr></table>
<p><strong>三、保障措施</strong></p><p>加强组织领导。</p>
</div></div>
<div class="footer">主办：云溪县人民政府 | 备案号：湘ICP备12345678号</div>
<div class="share">分享到：微信 微博</div></body></html>"#;
    let (bytes, _, _) = encoding_rs::GBK.encode(page);
    let plan =
        guihua::extract_bytes(Path::new("page.html"), &bytes).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(plan.source.encoding.as_deref(), Some("gb18030"));
    assert_eq!(
        plan.meta.title.as_deref(),
        Some("云溪县“十四五”民政事业发展规划")
    );
    let outline: Vec<&str> = plan.outline.iter().map(|h| h.text.as_str()).collect();
    assert_eq!(outline, ["一、发展基础", "二、主要指标", "三、保障措施"]);
    let ind: Vec<(&str, Option<&str>)> = plan
        .indicators
        .iter()
        .map(|i| (i.name.as_str(), i.category.as_deref()))
        .collect();
    assert_eq!(
        ind,
        [
            ("城乡低保标准年度增速", Some("社会救助")),
            ("特困人员供养服务设施覆盖率", Some("社会救助"))
        ]
    );
    assert_eq!(plan.boxes.len(), 1);
    assert_eq!(plan.boxes[0].items.len(), 2);
    // Spans point into the page's source lines.
    let src = page.lines().collect::<Vec<_>>();
    let h = &plan.outline[0];
    assert!(
        src[h.span.line_start - 1].contains("一、发展基础"),
        "{:?}",
        h.span
    );
}

/// Our text plans (seeds, variants) as a county site's article pages, with
/// the site's chrome (`corpus/renderings/web`, made by
/// `corpus/renderings/make_web_and_word.py`; the variants GBK-encoded).
#[test]
fn our_plans_as_web_pages() {
    let out = extract_all(&root().join("corpus/renderings/web"), "r-web");
    let report = score_dirs(&seed_and_variant_gold("r-web-gold"), &out).unwrap();
    assert_these_floors("plans as web pages", &report, &RENDITION_FLOORS);
}

/// A page saved on one source line (minified, or made by a converter such as
/// mammoth) reads as the same plan: the stages order blocks by where they
/// are in the text, not by span, where every span says line 1.
#[test]
fn a_page_on_one_source_line_reads_the_same() {
    let dir = root().join("corpus/renderings/web");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        let one_line: Vec<u8> = bytes
            .iter()
            .copied()
            .filter(|&b| b != b'\n' && b != b'\r')
            .collect();
        let a = guihua::extract_bytes(&path, &bytes).unwrap();
        let b = guihua::extract_bytes(&path, &one_line).unwrap();
        let squash = |s: &str| s.split_whitespace().collect::<String>();
        let heads = |p: &guihua::model::Plan| -> Vec<(String, u8)> {
            p.outline
                .iter()
                .map(|h| (squash(&h.text), h.level))
                .collect()
        };
        assert!(!a.outline.is_empty(), "{}", path.display());
        assert_eq!(heads(&a), heads(&b), "{}", path.display());
        let boxes = |p: &guihua::model::Plan| -> Vec<(String, String, usize, Option<String>)> {
            p.boxes
                .iter()
                .map(|x| {
                    (
                        x.label.clone(),
                        squash(&x.title),
                        x.items.len(),
                        x.section.clone(),
                    )
                })
                .collect()
        };
        assert_eq!(boxes(&a), boxes(&b), "{}", path.display());
        assert_eq!(a.indicators.len(), b.indicators.len(), "{}", path.display());
        assert_eq!(a.projects.len(), b.projects.len(), "{}", path.display());
        assert_eq!(a.meta.title, b.meta.title, "{}", path.display());
        assert!(b.outline.iter().all(|h| h.span.line_start == 1));
        n += 1;
    }
    assert!(n >= 5);
}
