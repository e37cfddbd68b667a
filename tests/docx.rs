//! Word files: the seed plans as .docx (from `../shared/corpus/docx`) against
//! the same gold as their other renditions, and Word files built here for
//! what those do not show: automatic list numbers, merged cells, a text box,
//! a header that must stay out, headings that only a style marks, broken and
//! hostile packages, and the formats we do not read.

mod common;

use common::*;
use guihua::eval::score_dirs;
use std::io::Write;
use std::path::Path;

/// A .docx package from its parts (stored, uncompressed).
fn docx(parts: &[(&str, &str)]) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let opt = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        for (name, body) in parts {
            z.start_file(*name, opt).unwrap();
            z.write_all(body.as_bytes()).unwrap();
        }
        z.finish().unwrap();
    }
    buf.into_inner()
}

const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006""#;

fn p(text: &str) -> String {
    format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>")
}

fn styled(style: &str, text: &str) -> String {
    format!(r#"<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#)
}

fn listed(num: u32, lvl: u32, text: &str) -> String {
    format!(
        r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="{lvl}"/><w:numId w:val="{num}"/></w:numPr></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t>{text}</w:t></w:r></w:p>"#
    )
}

fn cell(text: &str, props: &str) -> String {
    format!("<w:tc><w:tcPr>{props}</w:tcPr>{}</w:tc>", p(text))
}

fn document(body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{body}</w:body></w:document>"#
    )
}

const NUMBERING: &str = r#"<?xml version="1.0"?><w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:abstractNum w:abstractNumId="0">
 <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
 <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
</w:abstractNum>
<w:num w:numId="3"><w:abstractNumId w:val="0"/></w:num>
</w:numbering>"#;

const STYLES: &str = r#"<?xml version="1.0"?><w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="32"/></w:rPr></w:rPrDefault></w:docDefaults>
<w:style w:styleId="1"><w:name w:val="heading 1"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="44"/></w:rPr></w:style>
<w:style w:styleId="2"><w:name w:val="heading 2"/><w:basedOn w:val="1"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style>
</w:styles>"#;

fn indicator_table() -> String {
    let hdr = ["序号", "指标", "单位", "2020年", "2025年", "属性"]
        .iter()
        .map(|c| cell(c, ""))
        .collect::<String>();
    // 类别 merged down two rows; the name of row 2 spans two grid columns in
    // a header written as one cell over 指标+单位 would; here a plain row.
    let r1 = [
        cell("1", ""),
        cell("养老机构护理型床位占比", ""),
        cell("%", ""),
        cell("45", ""),
        cell("≥60", ""),
        cell("约束性", r#"<w:vMerge w:val="restart"/>"#),
    ]
    .concat();
    let r2 = [
        cell("2", ""),
        cell("社区养老服务设施覆盖率", ""),
        cell("%", ""),
        cell("80", ""),
        cell("100", ""),
        cell("", "<w:vMerge/>"),
    ]
    .concat();
    format!("<w:tbl><w:tr>{hdr}</w:tr><w:tr>{r1}</w:tr><w:tr>{r2}</w:tr></w:tbl>")
}

#[test]
fn built_word_file_numbering_tables_boxes_and_header() {
    let text_box = format!(
        r#"<w:p><w:r><mc:AlternateContent><mc:Choice><w:drawing><w:txbxContent>{}{}</w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent>{}</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"#,
        p("专栏1 养老服务重点工程"),
        p("1.社区养老服务中心建设工程。新建中心10个。"),
        p("专栏1 养老服务重点工程"),
    );
    let body = [
        p("金城市“十四五”养老服务体系建设规划"),
        listed(3, 0, "发展基础"),
        p("“十三五”期间，全市养老服务体系不断完善。"),
        listed(3, 1, "主要指标"),
        p("“十四五”时期主要指标"),
        indicator_table(),
        text_box,
        listed(3, 0, "保障措施"),
        listed(3, 1, "加强组织领导"),
        p("各级政府要加强领导。"),
    ]
    .concat();
    let bytes = docx(&[
        ("[Content_Types].xml", "<Types/>"),
        ("word/document.xml", &document(&body)),
        ("word/numbering.xml", NUMBERING),
        ("word/styles.xml", STYLES),
        ("word/header1.xml", &document(&p("第一章 页眉里的文字"))),
    ]);
    let plan =
        guihua::extract_bytes(Path::new("built.docx"), &bytes).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(plan.source.format, guihua::model::Format::Docx);
    assert_eq!(
        plan.meta.title.as_deref(),
        Some("金城市“十四五”养老服务体系建设规划")
    );
    let outline: Vec<(u8, &str)> = plan
        .outline
        .iter()
        .map(|h| (h.level, h.text.as_str()))
        .collect();
    assert_eq!(
        outline,
        [
            (1, "一、发展基础"),
            (2, "（一）主要指标"),
            (1, "二、保障措施"),
            (2, "（一）加强组织领导")
        ]
    );
    let names: Vec<&str> = plan.indicators.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(names, ["养老机构护理型床位占比", "社区养老服务设施覆盖率"]);
    assert_eq!(plan.indicators[0].attribute_raw.as_deref(), Some("约束性"));
    // The text box is read once (not its fallback copy), as a box.
    assert_eq!(plan.boxes.len(), 1, "{:#?}", plan.boxes);
    assert_eq!(plan.boxes[0].items.len(), 1);
    // Spans count paragraphs and rows from 1; no pages.
    assert!(plan
        .outline
        .iter()
        .all(|h| h.span.page.is_none() && h.span.line_start >= 1));
}

#[test]
fn headings_marked_only_by_style() {
    let body = [
        p("云溪县民政事业发展规划"),
        styled("1", "发展基础"),
        p("全县民政工作取得明显成效，兜底保障能力不断增强。"),
        styled("2", "社会救助"),
        p("社会救助体系不断健全，救助标准逐年提高。"),
        styled("1", "总体要求"),
        p("坚持以人民为中心的发展思想。"),
    ]
    .concat();
    let bytes = docx(&[
        ("word/document.xml", &document(&body)),
        ("word/styles.xml", STYLES),
    ]);
    let plan = guihua::extract_bytes(Path::new("styled.docx"), &bytes).unwrap();
    let outline: Vec<(u8, &str)> = plan
        .outline
        .iter()
        .map(|h| (h.level, h.text.as_str()))
        .collect();
    assert_eq!(outline, [(1, "发展基础"), (2, "社会救助"), (1, "总体要求")]);
}

#[test]
fn broken_and_hostile_word_files() {
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "truncated.docx",
            docx(&[("word/document.xml", &document(&p("规划")))])[..40].to_vec(),
            "not a readable .docx",
        ),
        (
            "empty-zip.docx",
            docx(&[("a.txt", "x")]),
            "no word/document.xml",
        ),
        (
            "bad-xml.docx",
            docx(&[(
                "word/document.xml",
                "<w:document><w:body><w:p><w:t>规划</w:p>",
            )]),
            "XML",
        ),
        (
            "no-text.docx",
            docx(&[("word/document.xml", &document(""))]),
            "no text",
        ),
    ];
    for (name, bytes, want) in cases {
        let r = std::panic::catch_unwind(|| guihua::extract_bytes(Path::new(name), &bytes));
        let err = r
            .unwrap_or_else(|_| panic!("{name}: panicked"))
            .unwrap_err()
            .to_string();
        assert!(err.contains(name) && err.contains(want), "{name}: {err}");
        assert!(!err.contains('\n'), "{name}: one line: {err}");
    }
    // A zip bomb: a part that unpacks past the limit is refused unread.
    let bomb = {
        let mut buf = std::io::Cursor::new(Vec::new());
        let mut z = zip::ZipWriter::new(&mut buf);
        let opt = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        z.start_file("word/document.xml", opt).unwrap();
        let chunk = vec![b'a'; 1 << 20];
        for _ in 0..80 {
            z.write_all(&chunk).unwrap();
        }
        z.finish().unwrap();
        buf.into_inner()
    };
    assert!(bomb.len() < 1 << 20);
    let e = guihua::extract_bytes(Path::new("bomb.docx"), &bomb)
        .unwrap_err()
        .to_string();
    assert!(e.contains("limit"), "{e}");
    // Entities a DTD declares are not expanded (no billion laughs).
    let lol = r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><w:document xmlns:w="x"><w:body><w:p><w:r><w:t>&lol3;某某县发展规划</w:t></w:r></w:p></w:body></w:document>"#;
    let plan =
        guihua::extract_bytes(Path::new("lol.docx"), &docx(&[("word/document.xml", lol)])).unwrap();
    assert!(plan.meta.title.as_deref().is_some_and(|t| t.len() < 100));
    // Deep nesting of tables is refused, not followed.
    let deep = "<w:tbl><w:tr><w:tc>".repeat(100) + &p("x") + &"</w:tc></w:tr></w:tbl>".repeat(100);
    let e = guihua::extract_bytes(
        Path::new("deep.docx"),
        &docx(&[("word/document.xml", &document(&deep))]),
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("limit"), "{e}");
}

#[test]
fn formats_we_do_not_read_say_how_to_convert() {
    let ole = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 rest of an old Word file".to_vec();
    for (name, bytes, want) in [
        ("plan.doc", ole.clone(), "soffice"),
        ("plan.wps", b"anything".to_vec(), "soffice"),
        ("plan.bin", ole, ".doc"),
        ("plan.odt", b"PK\x03\x04".to_vec(), ".odt"),
        ("plan.ofd", b"PK\x03\x04".to_vec(), "PDF"),
    ] {
        let e = guihua::extract_bytes(Path::new(name), &bytes)
            .unwrap_err()
            .to_string();
        assert!(e.starts_with(name) && e.contains(want), "{name}: {e}");
    }
}

/// The seeds' Word files score as their PDFs do, against the same gold.
#[test]
fn seed_word_files_meet_the_floors() {
    let check = |p: &guihua::model::Plan| assert_eq!(p.source.format, guihua::model::Format::Docx);
    if let Some(report) = shared_renditions_report("docx", "docx", check) {
        assert_floors("seed Word files", &report);
    }
}

/// Our text plans (seeds, variants) as Word files made by python-docx
/// (`corpus/renderings/word`, by `corpus/renderings/make_web_and_word.py`).
#[test]
fn our_plans_as_word_files() {
    let out = extract_all(&root().join("corpus/renderings/word"), "r-word");
    let report = score_dirs(&seed_and_variant_gold("r-word-gold"), &out).unwrap();
    assert_these_floors("plans as Word files", &report, &RENDITION_FLOORS);
}

/// One plan's indicator table read through the Word, web-page and PDF
/// readers (ruled and borderless tables): every reader hands over a grid,
/// and the rows and indicators that come out are the same.
#[test]
fn one_indicator_table_through_every_reader() {
    let stem = "001_b3f5121ee16d8fba";
    let shared = root().join("../shared/corpus");
    let mut files = vec![
        shared.join(format!("docx/{stem}.docx")),
        shared.join(format!("html/{stem}.html")),
    ];
    if files.iter().any(|f| !f.is_file()) {
        eprintln!("SKIP one_indicator_table_through_every_reader: ../shared/corpus is absent");
        return;
    }
    for producer in ["lo", "chrome-noto", "legacy-gbk"] {
        files.push(root().join(format!("corpus/pdf/{producer}/{stem}.pdf")));
    }
    let read = |f: &Path| -> (serde_json::Value, serde_json::Value) {
        let plan = guihua::extract_file(f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        let v = serde_json::to_value(&plan).unwrap();
        let rows: Vec<serde_json::Value> = v["tables"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|t| t["kind"] == "indicators")
            .map(|t| t["rows"].clone())
            .collect();
        let mut indicators = v["indicators"].clone();
        for i in indicators.as_array_mut().unwrap() {
            // Where the row stands differs by format (a paragraph, a page).
            i.as_object_mut().unwrap().remove("span");
        }
        (serde_json::Value::from(rows), indicators)
    };
    // Each reader hands its tables over as grids, a row per line.
    for f in &files {
        let bytes = std::fs::read(f).unwrap();
        let doc = match f.extension().and_then(|x| x.to_str()) {
            Some("docx") => guihua::docx::docx_document(&bytes).unwrap(),
            Some("html") => guihua::html::html_document(&bytes).unwrap(),
            _ => guihua::pdf::pdf_document(&bytes).unwrap(),
        };
        assert!(!doc.tables.is_empty(), "no grid from {}", f.display());
        for g in &doc.tables {
            assert_eq!(g.rows.len(), g.lines.len());
            for (row, k) in g.rows.iter().zip(g.lines.clone()) {
                assert_eq!(doc.lines[k].text, guihua::read::Grid::row_line(row));
            }
        }
    }
    let (rows, indicators) = read(&files[0]);
    assert_eq!(
        rows.as_array().map(Vec::len),
        Some(1),
        "one indicator table"
    );
    assert_eq!(rows[0].as_array().map(Vec::len), Some(13), "{rows}");
    assert_eq!(indicators.as_array().map(Vec::len), Some(13));
    for f in &files[1..] {
        let (r, i) = read(f);
        assert_eq!(r, rows, "indicator rows of {}", f.display());
        assert_eq!(i, indicators, "indicators of {}", f.display());
    }
}
