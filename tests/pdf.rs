//! The PDF path: the corpus PDFs of every producer against the text path's
//! scores and the seed text, PDFs built here (GBK fonts without ToUnicode,
//! ruled tables, RC4 and AES encryption, scans), and hostile files.

mod common;

use common::*;
use guihua::error::{ErrorKind, PdfError};
use guihua::eval::score_dirs;
use lopdf::{dictionary, Document, Object, Stream};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Corpus PDFs by producer: the bundled ones, and those of `../shared` when
/// that checkout is there.
fn producers() -> BTreeMap<String, Vec<PathBuf>> {
    let mut out: BTreeMap<String, BTreeMap<String, PathBuf>> = BTreeMap::new();
    for base in [
        root().join("corpus/pdf"),
        root().join("../shared/corpus/pdf"),
    ] {
        let Ok(dirs) = std::fs::read_dir(&base) else {
            continue;
        };
        for d in dirs.flatten() {
            let producer = d.file_name().to_string_lossy().into_owned();
            for f in std::fs::read_dir(d.path()).into_iter().flatten().flatten() {
                let p = f.path();
                if p.extension().is_some_and(|x| x == "pdf") {
                    let stem = p.file_stem().unwrap().to_string_lossy().into_owned();
                    out.entry(producer.clone())
                        .or_default()
                        .entry(stem)
                        .or_insert(p);
                }
            }
        }
    }
    out.into_iter()
        .map(|(k, v)| (k, v.into_values().collect()))
        .collect()
}

fn stem(p: &Path) -> String {
    p.file_stem().unwrap().to_string_lossy().into_owned()
}

/// A gold directory for `stems`: corpus/gold, or its PDF override.
fn gold_for(stems: &[String], pdf: bool, name: &str) -> PathBuf {
    let dir = scratch(name);
    for s in stems {
        let file = format!("{s}.gold.json");
        let over = root().join("corpus/gold-pdf").join(&file);
        let src = if pdf && over.exists() {
            over
        } else {
            root().join("corpus/gold").join(&file)
        };
        std::fs::copy(src, dir.join(&file)).unwrap();
    }
    dir
}

/// Every producer scores within 0.03 of the text path in every column, and no
/// column below 0.90.
#[test]
fn pdf_scores_match_the_text_path() {
    let sets = producers();
    assert!(
        sets.len() >= 3,
        "expected three producers, found {:?}",
        sets.keys()
    );
    for (producer, files) in sets {
        let stems: Vec<String> = files.iter().map(|f| stem(f)).collect();
        let pdf_out = scratch(&format!("pdf-{producer}"));
        for f in &files {
            let plan = guihua::extract_file(f).unwrap_or_else(|e| panic!("{e}"));
            write(&pdf_out, f, &plan);
        }
        let text_out = scratch(&format!("pdf-text-{producer}"));
        for s in &stems {
            let f = root().join(format!("corpus/seeds/{s}.txt"));
            write(&text_out, &f, &guihua::extract_file(&f).unwrap());
        }
        let pdf = score_dirs(
            &gold_for(&stems, true, &format!("gold-pdf-{producer}")),
            &pdf_out,
        )
        .unwrap();
        let text = score_dirs(
            &gold_for(&stems, false, &format!("gold-text-{producer}")),
            &text_out,
        )
        .unwrap();
        for col in guihua::eval::COLUMNS {
            let (Some(p), Some(t)) = (pdf.total.column(col), text.total.column(col)) else {
                continue;
            };
            assert!(
                p >= 0.90 && (t - p) <= 0.03,
                "{producer} {col}: pdf {p:.3}, text {t:.3}\n{}",
                pdf.table()
            );
        }
    }
}

/// The page's box, looked up through its parents.
fn media_box(doc: &Document, page: lopdf::ObjectId) -> [f64; 4] {
    let mut id = page;
    loop {
        let d = doc.get_dictionary(id).unwrap();
        if let Ok(b) = d.get(b"MediaBox") {
            let b = match b {
                Object::Reference(r) => doc.get_object(*r).unwrap(),
                o => o,
            };
            let v: Vec<f64> = b
                .as_array()
                .unwrap()
                .iter()
                .map(|o| o.as_float().unwrap_or_else(|_| o.as_i64().unwrap() as f32) as f64)
                .collect();
            return [v[0], v[1], v[2], v[3]];
        }
        id = d.get(b"Parent").unwrap().as_reference().unwrap();
    }
}

/// `bytes` with every page but each fourth drawn turned on its sheet and
/// shown upright by /Rotate, as virtual printers print landscape pages: a
/// quarter anticlockwise (/Rotate 90), a half (180), three quarters (270).
fn turned_pages(bytes: &[u8]) -> Vec<u8> {
    let mut doc = Document::load_mem(bytes).unwrap();
    for (n, id) in doc.get_pages() {
        let [x0, y0, x1, y1] = media_box(&doc, id);
        let (w, h) = (x1 - x0, y1 - y0);
        let (turn, rotate, sheet) = match n % 4 {
            1 => continue,
            2 => (format!("0 1 -1 0 {h} 0"), 90, [h, w]),
            3 => (format!("-1 0 0 -1 {w} {h}"), 180, [w, h]),
            _ => (format!("0 -1 1 0 0 {w}"), 270, [h, w]),
        };
        let mut content = format!("q {turn} cm 1 0 0 1 {} {} cm\n", -x0, -y0).into_bytes();
        content.extend(doc.get_page_content(id));
        content.extend(b"\nQ\n");
        doc.change_page_content(id, content).unwrap();
        let page = doc.get_dictionary_mut(id).unwrap();
        page.set(
            "MediaBox",
            vec![0.into(), 0.into(), sheet[0].into(), sheet[1].into()],
        );
        page.remove(b"CropBox");
        page.set("Rotate", rotate);
    }
    let mut v = Vec::new();
    doc.save_to(&mut v).unwrap();
    v
}

/// The plan without its source and boxes (a turned page's boxes are the
/// same as shown, but for rounding).
fn unplaced(plan: &guihua::model::Plan) -> serde_json::Value {
    fn strip(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(m) => {
                m.remove("bbox");
                m.values_mut().for_each(strip);
            }
            serde_json::Value::Array(a) => a.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut v = serde_json::to_value(plan).unwrap();
    v.as_object_mut().unwrap().remove("source");
    strip(&mut v);
    v
}

/// A page drawn turned on its sheet and shown upright (a virtual printer's
/// landscape page) reads as it is shown: the same plan as the upright PDF,
/// for every producer.
#[test]
fn pages_drawn_turned_read_as_shown() {
    for (producer, files) in producers() {
        for f in files {
            let bytes = std::fs::read(&f).unwrap();
            let upright = guihua::extract_bytes(&f, &bytes).unwrap();
            let turned = guihua::extract_bytes(&f, &turned_pages(&bytes))
                .unwrap_or_else(|e| panic!("{producer} {}: {e}", f.display()));
            assert!(
                unplaced(&upright) == unplaced(&turned),
                "{producer} {}: the turned pages read otherwise",
                f.display()
            );
        }
    }
}

/// Character error rate: Levenshtein distance / reference length, computed in
/// a band that doubles until the distance fits in it.
fn cer(reference: &[char], hyp: &[char]) -> f64 {
    let (n, m) = (reference.len(), hyp.len());
    let mut band = (n.max(m) / 200).max(64);
    loop {
        let mut prev = vec![usize::MAX / 2; m + 1];
        for (j, p) in prev.iter_mut().enumerate().take(band.min(m) + 1) {
            *p = j;
        }
        for i in 1..=n {
            let mut cur = vec![usize::MAX / 2; m + 1];
            let lo = i.saturating_sub(band).max(if i <= band { 0 } else { 1 });
            let hi = (i + band).min(m);
            if lo == 0 {
                cur[0] = i;
            }
            for j in lo.max(1)..=hi {
                let sub = prev[j - 1] + usize::from(reference[i - 1] != hyp[j - 1]);
                cur[j] = sub.min(prev[j] + 1).min(cur[j - 1] + 1);
            }
            prev = cur;
        }
        let d = prev[m];
        if d < band || band >= n.max(m) {
            return d as f64 / n.max(1) as f64;
        }
        band *= 2;
    }
}

/// Body text as compared: paragraphs only (table rows are checked by the
/// score floors, and the renditions print only some of a table's columns),
/// markup and whitespace gone, width folded.
fn body(paragraphs: impl Iterator<Item = String>) -> Vec<char> {
    paragraphs
        .flat_map(|p| p.chars().collect::<Vec<_>>())
        .map(guihua::text::fold_char)
        .filter(|c| !c.is_whitespace())
        .collect()
}

fn seed_body(path: &Path) -> Vec<char> {
    let doc = guihua::input::text_document(&std::fs::read(path).unwrap()).unwrap();
    let cleaned = guihua::clean::clean(&doc);
    body(cleaned.blocks.into_iter().filter_map(|b| match b {
        guihua::clean::Block::Para(p) => Some(p.text),
        guihua::clean::Block::Table(_) => None,
    }))
}

fn pdf_body(doc: &guihua::input::Document) -> Vec<char> {
    body(
        doc.lines
            .iter()
            .filter(|l| !l.text.contains('\t'))
            .map(|l| guihua::clean::clean_line(&l.text)),
    )
}

#[test]
fn pdf_text_matches_the_seed_text() {
    for (producer, files) in producers() {
        for f in files {
            let doc = guihua::pdf::pdf_document(&std::fs::read(&f).unwrap()).unwrap();
            let want = seed_body(&root().join(format!("corpus/seeds/{}.txt", stem(&f))));
            let rate = cer(&want, &pdf_body(&doc));
            eprintln!("CER {producer}/{}: {:.4}%", stem(&f), rate * 100.0);
            assert!(
                rate < 0.005,
                "{producer}/{}: character error rate {:.4}",
                stem(&f),
                rate
            );
        }
    }
}

/// Page and bbox on every outline entry, box, table row, indicator and project.
#[test]
fn pdf_spans_carry_page_and_bbox() {
    for files in producers().values() {
        let plan = guihua::extract_file(&files[0]).unwrap();
        let spans = plan
            .outline
            .iter()
            .map(|h| h.span)
            .chain(plan.boxes.iter().map(|b| b.span))
            .chain(plan.tables.iter().flat_map(|t| t.row_spans.iter().copied()))
            .chain(plan.indicators.iter().map(|i| i.span))
            .chain(plan.projects.iter().map(|p| p.span));
        for s in spans {
            let page = s.page.expect("page");
            let b = s.bbox.expect("bbox");
            assert!(page >= 1 && page <= plan.source.pages.unwrap());
            assert!(
                b[0] <= b[2] && b[1] <= b[3] && b[2] <= 700.0 && b[3] <= 900.0,
                "{b:?}"
            );
        }
        assert_eq!(plan.source.format, guihua::model::Format::Pdf);
    }
}

// ---- PDFs built here --------------------------------------------------------

fn gbk_hex(s: &str) -> String {
    encoding_rs::GB18030
        .encode(s)
        .0
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect()
}

/// A page showing `lines` (x, y, text) in a GBK-encoded SimSun without any
/// ToUnicode map, plus ruling `rules` (x0, y0, x1, y1).
fn page_content(lines: &[(f64, f64, &str)], rules: &[(f64, f64, f64, f64)]) -> Vec<u8> {
    let mut c = String::new();
    for (x0, y0, x1, y1) in rules {
        c.push_str(&format!("0.5 w {x0} {y0} m {x1} {y1} l S\n"));
    }
    for (x, y, t) in lines {
        c.push_str(&format!(
            "BT /F1 12 Tf 1 0 0 1 {x} {y} Tm <{}> Tj ET\n",
            gbk_hex(t)
        ));
    }
    c.into_bytes()
}

/// The faces [`build`] names its fonts F1 (body), F2 (黑体) and F3 (楷体).
const FACES: [&[u8]; 3] = [b"SimSun", b"SimHei", b"KaiTi_GB2312"];
/// Such faces as Word on Chinese Windows names them: their local names in
/// GBK (仿宋_GB2312, 黑体, 楷体_GB2312).
const FACES_GBK: [&[u8]; 3] = [
    b"\xB7\xC2\xCB\xCE_GB2312",
    b"\xBA\xDA\xCC\xE5",
    b"\xBF\xAC\xCC\xE5_GB2312",
];

/// A document of text pages and (for indices in `scans`) image-only pages.
fn build(pages: Vec<Vec<u8>>, scans: &[usize]) -> Document {
    build_with_faces(pages, scans, FACES)
}

fn build_with_faces(pages: Vec<Vec<u8>>, scans: &[usize], faces: [&[u8]; 3]) -> Document {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    // A GBK-encoded CID font without a ToUnicode map, named `base`.
    let mut gbk_font = |base: &[u8]| {
        let base = Object::Name(base.to_vec());
        let cid = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "CIDFontType0", "BaseFont" => base.clone(),
            "CIDSystemInfo" => dictionary! { "Registry" => Object::string_literal("Adobe"), "Ordering" => Object::string_literal("GB1"), "Supplement" => 2 },
            "DW" => 1000,
        });
        doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "Type0", "BaseFont" => base, "Encoding" => "GBK-EUC-H",
            "DescendantFonts" => vec![cid.into()],
        })
    };
    let font = gbk_font(faces[0]);
    // 黑体, which headings are set in; 楷体, which second-tier headings are.
    let hei = gbk_font(faces[1]);
    let kai = gbk_font(faces[2]);
    let image = doc.add_object(Stream::new(
        dictionary! { "Type" => "XObject", "Subtype" => "Image", "Width" => 1, "Height" => 1, "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8 },
        vec![0],
    ));
    let mut kids = Vec::new();
    for (i, content) in pages.into_iter().enumerate() {
        let content = if scans.contains(&i) {
            b"q 500 0 0 700 50 50 cm /Im1 Do Q".to_vec()
        } else {
            content
        };
        let cid = doc.add_object(Stream::new(dictionary! {}, content));
        let page = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            "Contents" => cid,
            "Resources" => dictionary! { "Font" => dictionary! { "F1" => font, "F2" => hei, "F3" => kai }, "XObject" => dictionary! { "Im1" => image } },
        });
        kids.push(page.into());
    }
    let n = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => n }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    doc
}

/// `doc` with `page` (whose /Parent is `pages_id`) its only page.
fn one_page(mut doc: Document, pages_id: lopdf::ObjectId, page: lopdf::ObjectId) -> Document {
    doc.objects.insert(
        pages_id,
        Object::Dictionary(
            dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 },
        ),
    );
    let cat = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", cat);
    doc
}

fn bytes(mut doc: Document) -> Vec<u8> {
    let mut v = Vec::new();
    doc.save_to(&mut v).unwrap();
    v
}

/// How a page sets its bold lines.
#[derive(Debug, Clone, Copy)]
enum Bold {
    /// In 黑体.
    Hei,
    /// In 宋体, filled and stroked (Tr 2), as Word and WPS embolden a face
    /// without a bold.
    Stroked,
    /// In 宋体, drawn again a third of a point to the right.
    Overstruck,
}

/// A page of (x, y, text, bold?, size) lines, the bold lines set `how`.
fn styled_page_with(lines: &[(f64, f64, &str, bool, f64)], how: Bold) -> Vec<u8> {
    let mut c = String::new();
    for (x, y, t, bold, size) in lines {
        let hex = gbk_hex(t);
        match (bold, how) {
            (false, _) => c.push_str(&format!(
                "BT /F1 {size} Tf 1 0 0 1 {x} {y} Tm <{hex}> Tj ET\n"
            )),
            (true, Bold::Hei) => c.push_str(&format!(
                "BT /F2 {size} Tf 1 0 0 1 {x} {y} Tm <{hex}> Tj ET\n"
            )),
            (true, Bold::Stroked) => c.push_str(&format!(
                "q 0.4 w BT 2 Tr /F1 {size} Tf 1 0 0 1 {x} {y} Tm <{hex}> Tj ET Q\n"
            )),
            (true, Bold::Overstruck) => {
                for dx in [0.0, 0.3] {
                    let x = x + dx;
                    c.push_str(&format!(
                        "BT /F1 {size} Tf 1 0 0 1 {x} {y} Tm <{hex}> Tj ET\n"
                    ));
                }
            }
        }
    }
    c.into_bytes()
}

/// A Word-style PDF whose headings carry no numbers, only a larger bold face
/// (黑体, or 宋体 emboldened by stroking or by drawing it twice): the outline
/// comes from the look, in two tiers, and the text lines under them stay
/// body text.
#[test]
fn unnumbered_headings_from_the_page() {
    for how in [Bold::Hei, Bold::Stroked, Bold::Overstruck] {
        unnumbered_headings_set(how);
    }
}

fn unnumbered_headings_set(how: Bold) {
    let body = "坚持以人民为中心的发展思想，推进民政事业高质量发展，";
    let page = styled_page_with(
        &[
            (150.0, 780.0, "云溪县民政事业发展规划", true, 22.0),
            (72.0, 740.0, "发展基础", true, 16.0),
            (72.0, 716.0, body, false, 12.0),
            (72.0, 700.0, "持续增进民生福祉。", false, 12.0),
            (72.0, 670.0, "社会救助", true, 12.0),
            (72.0, 646.0, body, false, 12.0),
            (72.0, 630.0, "持续增进民生福祉。", false, 12.0),
            (72.0, 600.0, "总体要求", true, 16.0),
            (72.0, 576.0, body, false, 12.0),
            (72.0, 560.0, "持续增进民生福祉。", false, 12.0),
        ],
        how,
    );
    let plan =
        guihua::extract_bytes(Path::new("styled.pdf"), &bytes(build(vec![page], &[]))).unwrap();
    let got = levels(&plan);
    assert_eq!(
        got,
        [(1, "发展基础"), (2, "社会救助"), (1, "总体要求")],
        "{how:?}"
    );
    assert!(plan.warnings.iter().all(|w| w.code != "no-headings"));
}

/// A page that holds only a few headings and a line of text (the rest of
/// it a table, or white): the headings' ends are no right margin, so the
/// heading over the line stays a heading, not the line's first part.
#[test]
fn a_heading_on_a_page_of_few_lines_stays_apart_from_the_text_under_it() {
    let body = "坚持以人民为中心的发展思想，推进民政事业高质量发展，";
    let mut first = vec![(150.0, 780.0, "云溪县民政事业发展规划", true, 22.0)];
    first.extend((0..8).map(|k| (72.0, 740.0 - 16.0 * k as f64, body, false, 12.0)));
    first.push((72.0, 600.0, "持续增进民生福祉。", false, 12.0));
    let second = [
        (72.0, 780.0, "第二章 强化战略科技力量", true, 12.0),
        (72.0, 750.0, "第一节 建设高水平创新平台", true, 12.0),
        (72.0, 726.0, body, false, 12.0),
    ];
    let pages = vec![
        styled_page_with(&first, Bold::Hei),
        styled_page_with(&second, Bold::Hei),
    ];
    let plan = guihua::extract_bytes(Path::new("few.pdf"), &bytes(build(pages, &[]))).unwrap();
    assert_eq!(
        levels(&plan),
        [
            (1, "第二章 强化战略科技力量"),
            (2, "第一节 建设高水平创新平台")
        ]
    );
    assert!(plan.outline.iter().all(|h| !h.runin));
}

/// The paragraphs of a seed plan that a GBK font can set, without its tables
/// (tab or pipe rows, and the cells some set one to a line).
fn settable_paragraphs(seed: &str) -> Vec<String> {
    std::fs::read_to_string(root().join(format!("corpus/seeds/{seed}.txt")))
        .unwrap()
        .lines()
        .map(str::trim)
        .filter(|l| {
            l.chars().count() >= 6
                && !l.contains('\t')
                && !l.starts_with('|')
                && !encoding_rs::GBK.encode(l).2
        })
        .map(String::from)
        .collect()
}

/// `paragraphs` typeset as a newspaper page is, in `cols` narrow columns a
/// page: 14 characters a line, a paragraph's first line indented two.
fn columned_pages(paragraphs: &[String], cols: usize) -> Vec<Vec<u8>> {
    const PER_LINE: usize = 14;
    const SIZE: f64 = 10.5;
    const LINES: usize = 44;
    let mut lines: Vec<(f64, String)> = Vec::new();
    for p in paragraphs {
        let chars: Vec<char> = p.chars().collect();
        let mut at = 0;
        let mut first = true;
        while at < chars.len() {
            let (indent, room) = if first {
                (2.0, PER_LINE - 2)
            } else {
                (0.0, PER_LINE)
            };
            let end = (at + room).min(chars.len());
            lines.push((indent * SIZE, chars[at..end].iter().collect()));
            at = end;
            first = false;
        }
    }
    let column = PER_LINE as f64 * SIZE;
    lines
        .chunks(LINES * cols)
        .map(|page| {
            let mut c = String::new();
            for (k, (indent, text)) in page.iter().enumerate() {
                let x = 60.0 + (k / LINES) as f64 * (column + 2.0 * SIZE) + indent;
                let y = 780.0 - (k % LINES) as f64 * 16.0;
                c.push_str(&format!(
                    "BT /F1 {SIZE} Tf 1 0 0 1 {x} {y} Tm <{}> Tj ET\n",
                    gbk_hex(text)
                ));
            }
            c.into_bytes()
        })
        .collect()
}

/// The outline as (level, heading text).
fn levels(plan: &guihua::model::Plan) -> Vec<(u8, &str)> {
    plan.outline
        .iter()
        .map(|h| (h.level, h.text.as_str()))
        .collect()
}

/// A plan typeset in two or three columns a page (a newspaper's, a
/// bulletin's) reads column by column: the same outline and boxes as its
/// text, and as the same setting in one narrow column.
#[test]
fn pages_set_in_columns_read_column_by_column() {
    for seed in ["001_b3f5121ee16d8fba", "004_01429d2306914130"] {
        let paragraphs = settable_paragraphs(seed);
        let text =
            guihua::extract_bytes(Path::new("plan.txt"), paragraphs.join("\n").as_bytes()).unwrap();
        let heads = |p: &guihua::model::Plan| -> Vec<(u8, String)> {
            p.outline
                .iter()
                .map(|h| (h.level, h.text.clone()))
                .collect()
        };
        let boxes = |p: &guihua::model::Plan| -> Vec<(String, usize)> {
            p.boxes
                .iter()
                .map(|b| (b.title.clone(), b.items.len()))
                .collect()
        };
        assert!(heads(&text).len() >= 10, "{seed}: {:?}", heads(&text));
        for cols in [1, 2, 3] {
            let pdf = bytes(build(columned_pages(&paragraphs, cols), &[]));
            let plan = guihua::extract_bytes(Path::new("columns.pdf"), &pdf).unwrap();
            assert_eq!(heads(&plan), heads(&text), "{seed}: {cols} columns");
            assert_eq!(boxes(&plan), boxes(&text), "{seed}: {cols} columns");
        }
    }
}

/// Headings set apart by their face alone, as GB/T 9704 sets them: the first
/// tier in 黑体, the second in 楷体 at the body's size and weight (仿宋 or
/// 宋体 body), the first tier larger or (as the standard has it) all at one
/// size, and the fonts named in ASCII or in GBK.
#[test]
fn a_second_tier_in_kaiti() {
    for faces in [FACES, FACES_GBK] {
        for first in [16.0, 12.0] {
            second_tier_in_kaiti(faces, first);
        }
    }
}

fn second_tier_in_kaiti(faces: [&[u8]; 3], first: f64) {
    let body = "坚持以人民为中心的发展思想，推进民政事业高质量发展，";
    let line = |x: f64, y: f64, f: &str, size: f64, t: &str| {
        format!(
            "BT /{f} {size} Tf 1 0 0 1 {x} {y} Tm <{}> Tj ET\n",
            gbk_hex(t)
        )
    };
    let mut c = String::new();
    c += &line(150.0, 780.0, "F2", 22.0, "云溪县民政事业发展规划");
    let mut y = 740.0;
    for (f, t) in [
        ("F2", "发展基础"),
        ("F3", "社会救助"),
        ("F3", "养老服务"),
        ("F2", "总体要求"),
        ("F3", "基本原则"),
    ] {
        c += &line(72.0, y, f, if f == "F2" { first } else { 12.0 }, t);
        c += &line(72.0, y - 24.0, "F1", 12.0, body);
        c += &line(72.0, y - 40.0, "F1", 12.0, "持续增进民生福祉。");
        y -= 70.0;
    }
    let plan = guihua::extract_bytes(
        Path::new("kaiti.pdf"),
        &bytes(build_with_faces(vec![c.into_bytes()], &[], faces)),
    )
    .unwrap();
    let got = levels(&plan);
    assert_eq!(
        got,
        [
            (1, "发展基础"),
            (2, "社会救助"),
            (2, "养老服务"),
            (1, "总体要求"),
            (2, "基本原则")
        ],
        "{faces:?} {first}"
    );
}

/// A paragraph's short last line after a full line that ended a sentence
/// goes on the paragraph (its own sentence end says so); a short line with
/// no such end there stands alone (a signature).
#[test]
fn a_paragraphs_last_line_after_a_full_line_ending_a_sentence() {
    // 12-point characters, 30 to a line: the measure is 72 to 432.
    let full = "坚持党的领导，坚持以人民为中心，坚持改革创新，坚持系统观念。";
    let first = "全面贯彻党的十九大和十九届历次全会精神，立足新发展阶段。";
    assert_eq!((full.chars().count(), first.chars().count()), (30, 28));
    let plan = guihua::extract_bytes(
        Path::new("last-line.pdf"),
        &bytes(build(
            vec![page_content(
                &[
                    (150.0, 760.0, "云溪县民政事业发展规划"),
                    (96.0, 720.0, first),
                    (72.0, 704.0, full),
                    (72.0, 688.0, "坚持稳中求进。"),
                    (96.0, 660.0, first),
                    (72.0, 644.0, full),
                    (72.0, 628.0, "云溪县人民政府办公室"),
                ],
                &[],
            )],
            &[],
        )),
    )
    .unwrap();
    let texts: Vec<&str> = plan.paragraphs.iter().map(|p| p.text.as_str()).collect();
    assert!(
        texts.contains(&format!("{first}{full}坚持稳中求进。").as_str()),
        "{texts:?}"
    );
    assert!(
        texts.contains(&format!("{first}{full}").as_str()),
        "{texts:?}"
    );
}

/// A small plan: title, headings, a run-in heading and a ruled indicator table.
fn mini_plan() -> Document {
    let text = page_content(
        &[
            (150.0, 780.0, "云溪县“十四五”民政事业发展规划"),
            (72.0, 740.0, "一、总体要求"),
            (72.0, 710.0, "（一）指导思想"),
            (96.0, 680.0, "坚持以人民为中心的发展思想。"),
            (72.0, 650.0, "二、主要任务"),
            (96.0, 620.0, "1.兜底保障。加强社会救助。"),
        ],
        &[],
    );
    // A 3-column, 2-row ruled table.
    let xs = [72.0, 200.0, 300.0, 400.0];
    let ys = [560.0, 530.0, 500.0];
    let mut rules: Vec<(f64, f64, f64, f64)> = ys.iter().map(|&y| (72.0, y, 400.0, y)).collect();
    rules.extend(xs.iter().map(|&x| (x, 500.0, x, 560.0)));
    let table = page_content(
        &[
            (90.0, 590.0, "主要发展指标"),
            (80.0, 540.0, "指标"),
            (210.0, 540.0, "单位"),
            (310.0, 540.0, "2025年目标"),
            (80.0, 510.0, "护理型床位占比"),
            (210.0, 510.0, "%"),
            (310.0, 510.0, "≥55"),
        ],
        &rules,
    );
    build(vec![text, table], &[])
}

fn check_mini_plan(plan: &guihua::model::Plan) {
    assert_eq!(
        plan.meta.title.as_deref(),
        Some("云溪县“十四五”民政事业发展规划")
    );
    let outline: Vec<(u8, &str, bool)> = plan
        .outline
        .iter()
        .map(|h| (h.level, h.text.as_str(), h.runin))
        .collect();
    assert_eq!(
        outline,
        // 1. is the third numbering style the plan uses, wherever it appears.
        [
            (1, "一、总体要求", false),
            (2, "（一）指导思想", false),
            (1, "二、主要任务", false),
            (3, "1.兜底保障。", true)
        ]
    );
    let ind = &plan.indicators[0];
    assert_eq!(ind.name, "护理型床位占比");
    let t = ind.target.as_ref().unwrap();
    assert_eq!(
        (t.op, t.value, t.unit.as_deref()),
        (Some(guihua::model::Op::Ge), Some(55.0), Some("%"))
    );
    assert_eq!(ind.span.page, Some(2));
    assert!(plan.warnings.iter().all(|w| w.code != "unmapped-glyphs"));
}

#[test]
fn gbk_font_without_tounicode_and_a_ruled_table() {
    let plan = guihua::extract_bytes(Path::new("mini.pdf"), &bytes(mini_plan())).unwrap();
    check_mini_plan(&plan);
}

/// Text placed at (x, y), and ruling lines (x0, y0, x1, y1).
type Placed = (Vec<(f64, f64, String)>, Vec<(f64, f64, f64, f64)>);

/// A ruled table of `rows` (cells per column x), top at `top`, 30 pt a row.
fn ruled(rows: &[[&str; 3]], top: f64) -> Placed {
    let xs = [72.0, 260.0, 330.0, 460.0];
    let bottom = top - 30.0 * rows.len() as f64;
    let mut rules: Vec<(f64, f64, f64, f64)> = (0..=rows.len())
        .map(|k| (72.0, top - 30.0 * k as f64, 460.0, top - 30.0 * k as f64))
        .collect();
    rules.extend(xs.iter().map(|&x| (x, bottom, x, top)));
    let mut text = Vec::new();
    for (k, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            text.push((xs[c] + 6.0, top - 30.0 * k as f64 - 20.0, cell.to_string()));
        }
    }
    (text, rules)
}

/// A table whose header row is the last thing on its page, its rows
/// overleaf with no header repeated, and another table continued on a third
/// page without a header: each is one table with every row.
#[test]
fn tables_continued_overleaf_without_a_header() {
    let page = |lines: &[(f64, f64, String)], rules: &[(f64, f64, f64, f64)]| {
        let l: Vec<(f64, f64, &str)> = lines.iter().map(|(x, y, t)| (*x, *y, t.as_str())).collect();
        page_content(&l, rules)
    };
    let body = (72.0, 760.0, "一、发展目标".to_string());
    let cap = (150.0, 130.0, "主要发展指标".to_string());
    let (mut t1, r1) = ruled(&[["指标", "单位", "2025年目标"]], 110.0);
    t1.insert(0, body);
    t1.insert(1, cap);
    let (t2, r2) = ruled(
        &[
            ["养老机构护理型床位占比", "%", "≥55"],
            ["社区养老服务设施覆盖率", "%", "100"],
        ],
        780.0,
    );
    let (mut t3, r3) = ruled(&[["每千名老年人养老床位", "张", "35"]], 780.0);
    t3.push((72.0, 700.0, "二、主要任务".to_string()));
    let doc = build(vec![page(&t1, &r1), page(&t2, &r2), page(&t3, &r3)], &[]);
    let plan = guihua::extract_bytes(Path::new("overleaf.pdf"), &bytes(doc)).unwrap();
    let names: Vec<&str> = plan.indicators.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "养老机构护理型床位占比",
            "社区养老服务设施覆盖率",
            "每千名老年人养老床位"
        ],
        "{:#?}",
        plan.tables
    );
    assert_eq!(plan.tables.len(), 1);
    assert_eq!(
        plan.indicators[2].target.as_ref().map(|v| v.raw.as_str()),
        Some("35")
    );
}

#[test]
fn encrypted_with_an_empty_or_a_given_user_password() {
    use lopdf::encryption::crypt_filters::{Aes128CryptFilter, CryptFilter};
    use lopdf::{EncryptionState, EncryptionVersion, Permissions};
    use std::sync::Arc;
    let perms = Permissions::all() - Permissions::PRINTABLE;
    for (aes, user) in [(false, ""), (true, ""), (false, "secret"), (true, "secret")] {
        let mut doc = mini_plan();
        let id = Object::string_literal(b"0123456789abcdef".to_vec());
        doc.trailer.set("ID", vec![id.clone(), id]);
        let version = if aes {
            let f: Arc<dyn CryptFilter> = Arc::new(Aes128CryptFilter);
            EncryptionVersion::V4 {
                document: &doc,
                encrypt_metadata: true,
                crypt_filters: BTreeMap::from([(b"StdCF".to_vec(), f)]),
                stream_filter: b"StdCF".to_vec(),
                string_filter: b"StdCF".to_vec(),
                owner_password: "owner",
                user_password: user,
                permissions: perms,
            }
        } else {
            EncryptionVersion::V2 {
                document: &doc,
                owner_password: "owner",
                user_password: user,
                key_length: 128,
                permissions: perms,
            }
        };
        let state = EncryptionState::try_from(version).unwrap();
        doc.encrypt(&state).unwrap();
        let b = bytes(doc);
        assert!(b.windows(8).any(|w| w == b"/Encrypt"));
        let path = Path::new("locked.pdf");
        if !user.is_empty() {
            let e = guihua::extract_bytes(path, &b).unwrap_err();
            assert!(
                matches!(
                    e.kind,
                    ErrorKind::Pdf(PdfError::PasswordRequired { wrong: false })
                ),
                "aes {aes}: {e}"
            );
            assert!(
                e.to_string().starts_with("locked.pdf: password required"),
                "{e}"
            );
        }
        let opts = guihua::Options {
            password: (!user.is_empty()).then(|| user.to_string()),
            ..guihua::Options::default()
        };
        let plan = guihua::extract_bytes_with(path, &b, &opts)
            .unwrap_or_else(|e| panic!("aes {aes} user {user:?}: {e}"));
        check_mini_plan(&plan);
    }
}

#[test]
fn a_scan_is_an_error_that_suggests_ocr() {
    let doc = build(vec![Vec::new(), Vec::new()], &[0, 1]);
    // (Its images hold no text, so OCR reads none; without Tesseract, the
    // error says OCR could not run.)
    let e = guihua::extract_bytes(Path::new("scan.pdf"), &bytes(doc)).unwrap_err();
    assert!(
        matches!(
            e.kind,
            ErrorKind::Pdf(PdfError::NoText { pages: 2, .. } | PdfError::Scan { pages: 2, .. })
        ),
        "{e}"
    );
    assert!(
        e.to_string().starts_with("scan.pdf: no text") && e.to_string().contains("OCR"),
        "{e}"
    );
    // A few image-only pages in a text PDF: one warning each.
    let pages = vec![
        page_content(&[(72.0, 700.0, "一、总体要求")], &[]),
        Vec::new(),
        Vec::new(),
    ];
    let doc = build(pages, &[1, 2]);
    let plan = guihua::extract_bytes(Path::new("mixed.pdf"), &bytes(doc)).unwrap();
    let w: Vec<&str> = plan
        .warnings
        .iter()
        .filter(|w| w.code == "image-page")
        .map(|w| w.message.as_str())
        .collect();
    assert_eq!(w.len(), 2);
    assert!(
        w[0].starts_with("page 2 ") && w[1].starts_with("page 3 "),
        "{w:?}"
    );
}

#[test]
fn cli_reports_a_scan_with_exit_1() {
    let dir = scratch("cli-scan");
    let f = dir.join("scan.pdf");
    std::fs::write(&f, bytes(build(vec![Vec::new()], &[0]))).unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_guihua"))
        .args(["extract", f.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8(o.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("scan.pdf: no text") && err.contains("OCR"),
        "{err}"
    );
}

// ---- hostile files: errors, never panics --------------------------------------

fn must_not_panic(name: &str, b: &[u8]) -> Result<guihua::model::Plan, guihua::error::Error> {
    let r = std::panic::catch_unwind(|| guihua::extract_bytes(Path::new(name), b));
    r.unwrap_or_else(|_| panic!("{name}: panicked"))
}

#[test]
fn reference_cycles() {
    // The page tree lists itself among its kids; a form draws itself.
    let mut doc = mini_plan();
    let pages_id = doc
        .catalog()
        .unwrap()
        .get(b"Pages")
        .unwrap()
        .as_reference()
        .unwrap();
    if let Ok(Object::Dictionary(d)) = doc.get_object_mut(pages_id) {
        let mut kids = d.get(b"Kids").unwrap().as_array().unwrap().clone();
        kids.push(pages_id.into());
        d.set("Kids", kids);
    }
    let form_id = doc.new_object_id();
    let form = Stream::new(
        dictionary! { "Type" => "XObject", "Subtype" => "Form", "BBox" => vec![0.into(), 0.into(), 10.into(), 10.into()],
        "Resources" => dictionary! { "XObject" => dictionary! { "Fm1" => form_id } } },
        b"/Fm1 Do".to_vec(),
    );
    doc.objects.insert(form_id, Object::Stream(form));
    let page_ids: Vec<_> = doc.get_pages().values().copied().collect();
    for p in page_ids {
        if let Ok(Object::Dictionary(d)) = doc.get_object_mut(p) {
            if let Ok(Object::Dictionary(r)) = d.get_mut(b"Resources") {
                r.set("XObject", dictionary! { "Fm1" => form_id });
            }
        }
    }
    let plan = must_not_panic("cycles.pdf", &bytes(doc)).unwrap();
    check_mini_plan(&plan);
}

#[test]
fn deep_nesting() {
    // Arrays nested far deeper than any real file, in a content stream and
    // in an object.
    let mut content = page_content(&[(72.0, 700.0, "一、总体要求")], &[]);
    content.extend(std::iter::repeat_n(b'[', 100_000));
    content.extend(b" 1 2 TJ\n");
    let mut doc = build(vec![content], &[]);
    let mut nested = Object::Integer(1);
    for _ in 0..5000 {
        nested = Object::Array(vec![nested]);
    }
    doc.add_object(nested);
    let r = must_not_panic("deep.pdf", &bytes(doc));
    if let Ok(plan) = r {
        assert_eq!(plan.outline.len(), 1);
    }
    let mut b = b"%PDF-1.4\n1 0 obj\n".to_vec();
    b.extend(std::iter::repeat_n(b'[', 200_000));
    b.extend(b"\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n");
    assert!(must_not_panic("deep-raw.pdf", &b).is_err());
}

#[test]
fn decompression_bomb() {
    use std::io::Write;
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    let zeros = vec![b' '; 1 << 20];
    for _ in 0..256 {
        z.write_all(&zeros).unwrap(); // 256 MB of spaces
    }
    let packed = z.finish().unwrap();
    assert!(packed.len() < 2 << 20);
    let mut doc = mini_plan();
    let bomb = doc.add_object(Stream::new(
        dictionary! { "Filter" => "FlateDecode" },
        packed,
    ));
    let first = *doc.get_pages().values().next().unwrap();
    if let Ok(Object::Dictionary(d)) = doc.get_object_mut(first) {
        d.set("Contents", bomb);
    }
    let e = must_not_panic("bomb.pdf", &bytes(doc)).unwrap_err();
    assert!(
        matches!(e.kind, ErrorKind::Pdf(PdfError::Limit { .. })),
        "{e}"
    );
    assert!(e.to_string().contains("page 1"), "{e}");
}

#[test]
fn truncated_and_garbage_files() {
    let good = bytes(mini_plan());
    for cut in [good.len() / 3, good.len() / 2, good.len() - 40, 20] {
        let _ = must_not_panic("cut.pdf", &good[..cut]);
    }
    let corpus =
        std::fs::read(root().join("corpus/pdf/legacy-gbk/002_e066a742732ce1a8.pdf")).unwrap();
    for cut in [corpus.len() / 2, corpus.len() * 9 / 10] {
        let _ = must_not_panic("cut-corpus.pdf", &corpus[..cut]);
    }
    let mut garbage = b"%PDF-1.7\n".to_vec();
    garbage.extend(Rng(0x1234_5678_9ABC_DEF1).bytes(50_000));
    let e = must_not_panic("garbage.pdf", &garbage).unwrap_err();
    assert!(e.to_string().starts_with("garbage.pdf: "), "{e}");
    // A text file named .pdf is still refused as a PDF, clearly.
    let e = must_not_panic("notes.pdf", "一、总体要求\n".as_bytes()).unwrap_err();
    assert!(e.to_string().contains("no %PDF header"), "{e}");
}

/// The text state and fonts, checked by where the glyphs land: an Identity-H
/// font without ToUnicode (Adobe-GB1 fallback) with /W in both forms, Tz, TL
/// with T* and ', a Form XObject moved by its /Matrix, and a font whose codes
/// map to nothing (one warning naming the page).
#[test]
fn interpreter_state_and_fonts() {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let cid = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "CIDFontType2", "BaseFont" => "Song",
        "CIDSystemInfo" => dictionary! { "Registry" => Object::string_literal("Adobe"), "Ordering" => Object::string_literal("GB1"), "Supplement" => 4 },
        "DW" => 1000,
        // 更 (CID 1783) 500 wide by the first form, 加 (CID 2118) 600 by the second.
        "W" => vec![1783.into(), vec![500.into()].into(), 2118.into(), 2118.into(), 600.into()],
    });
    let f1 = doc.add_object(dictionary! { "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "Song", "Encoding" => "Identity-H", "DescendantFonts" => vec![cid.into()] });
    let f2 = doc.add_object(dictionary! { "Type" => "Font", "Subtype" => "Type3", "FontMatrix" => vec![0.001.into(), 0.into(), 0.into(), 0.001.into(), 0.into(), 0.into()],
        "FirstChar" => 0, "LastChar" => 1, "Widths" => vec![1000.into(), 1000.into()], "CharProcs" => dictionary! {}, "FontBBox" => vec![0.into(), 0.into(), 1000.into(), 1000.into()], "Encoding" => dictionary! { "Differences" => vec![0.into(), "g1".into(), "g2".into()] } });
    let form = doc.add_object(Stream::new(
        dictionary! { "Type" => "XObject", "Subtype" => "Form", "BBox" => vec![0.into(), 0.into(), 300.into(), 300.into()],
                      "Matrix" => vec![1.into(), 0.into(), 0.into(), 1.into(), 100.into(), 0.into()],
                      "Resources" => dictionary! { "Font" => dictionary! { "F1" => f1 } } },
        b"BT /F1 10 Tf 0 500 Td <06F70846> Tj ET".to_vec(),
    ));
    let content = b"BT /F1 10 Tf 72 700 Td <06F70846> Tj 100 Tz 14 TL T* 50 Tz <06F70846> Tj 100 Tz (\x06\xf7) ' ET\n/Fm1 Do\nBT /F2 10 Tf 72 300 Td <0001> Tj ET".to_vec();
    let c = doc.add_object(Stream::new(dictionary! {}, content));
    let page = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()], "Contents" => c,
        "Resources" => dictionary! { "Font" => dictionary! { "F1" => f1, "F2" => f2 }, "XObject" => dictionary! { "Fm1" => form } },
    });
    let d = guihua::pdf::pdf_document(&bytes(one_page(doc, pages_id, page))).unwrap();
    let lines: Vec<(String, [f64; 4])> = d
        .lines
        .iter()
        .map(|l| (l.text.clone(), l.span.bbox.unwrap()))
        .collect();
    // Baselines in PDF space (origin bottom-left of the 842 pt page); bboxes
    // count from the top-left corner.
    let find = |y: f64| {
        lines
            .iter()
            .find(|(_, b)| (842.0 - b[3] - y).abs() < 4.0)
            .unwrap_or_else(|| panic!("no line near {y}: {lines:?}"))
    };
    let (t, b) = find(700.0);
    assert_eq!(t, "更加");
    assert!((b[2] - b[0] - 11.0).abs() < 0.01, "widths 5 + 6: {b:?}");
    let (t, b) = find(686.0);
    assert_eq!(t, "更加");
    assert!(
        (b[2] - b[0] - 5.5).abs() < 0.01,
        "Tz 50 halves the advance: {b:?}"
    );
    let (t, b) = find(672.0);
    assert_eq!((t.as_str(), b[0]), ("更", 72.0), "' moves to the next line");
    let (t, b) = find(500.0);
    assert_eq!(
        (t.as_str(), b[0]),
        ("更加", 100.0),
        "the form's /Matrix moves it"
    );
    let w: Vec<&str> = d
        .warnings
        .iter()
        .filter(|w| w.code == "unmapped-glyphs")
        .map(|w| w.message.as_str())
        .collect();
    assert_eq!(
        w,
        ["page 1: 2 of 9 character codes have no Unicode mapping and were dropped"]
    );
}

/// Glyphs inside a marked-content sequence with an `/ActualText` stand for
/// that text: Chrome, printing on a machine without the page's font, draws
/// every Chinese character as glyph 0 and writes the character so; a
/// ligature is one glyph for two letters.
#[test]
fn actual_text_stands_for_its_glyphs() {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    // A font that maps no code to Unicode.
    let f = doc.add_object(dictionary! { "Type" => "Font", "Subtype" => "Type3", "FontMatrix" => vec![0.001.into(), 0.into(), 0.into(), 0.001.into(), 0.into(), 0.into()],
        "FirstChar" => 0, "LastChar" => 1, "Widths" => vec![1000.into(), 1000.into()], "CharProcs" => dictionary! {}, "FontBBox" => vec![0.into(), 0.into(), 1000.into(), 1000.into()], "Encoding" => dictionary! { "Differences" => vec![0.into(), "g1".into(), "g2".into()] } });
    let content = b"BT /F1 10 Tf 72 700 Td /Span <</ActualText <FEFF66F4>>> BDC <00> Tj EMC /P <</MCID 3>> BDC /Span <</ActualText <FEFF52A0>>> BDC <00> Tj EMC EMC ET\nBT /F1 10 Tf 72 600 Td /Span <</ActualText (fi)>> BDC <01> Tj EMC ET".to_vec();
    let c = doc.add_object(Stream::new(dictionary! {}, content));
    let page = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()], "Contents" => c,
        "Resources" => dictionary! { "Font" => dictionary! { "F1" => f } },
    });
    let d = guihua::pdf::pdf_document(&bytes(one_page(doc, pages_id, page))).unwrap();
    let lines: Vec<(&str, [f64; 4])> = d
        .lines
        .iter()
        .map(|l| (l.text.as_str(), l.span.bbox.unwrap()))
        .collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert_eq!(lines[0].0, "更加");
    assert!(
        (lines[0].1[2] - lines[0].1[0] - 20.0).abs() < 0.01,
        "{lines:?}"
    );
    assert_eq!(lines[1].0, "fi");
    assert!(
        (lines[1].1[2] - lines[1].1[0] - 10.0).abs() < 0.01,
        "{lines:?}"
    );
    assert!(
        d.warnings.iter().all(|w| w.code != "unmapped-glyphs"),
        "{:?}",
        d.warnings
    );
}

/// Real PDFs with bytes flipped, cut out or repeated: a plan or an error,
/// never a panic.
#[test]
fn mutated_pdfs_never_panic() {
    let files = [
        "legacy-gbk/001_b3f5121ee16d8fba.pdf",
        "lo/004_01429d2306914130.pdf",
    ];
    let mut rng = Rng(0xD1B5_4A32_D192_ED03);
    let mut rnd = move |n: usize| rng.below(n);
    for f in files {
        let good = std::fs::read(root().join("corpus/pdf").join(f)).unwrap();
        for round in 0..25 {
            let mut b = good.clone();
            for _ in 0..(1 + round % 6) {
                let i = rnd(b.len());
                match rnd(3) {
                    0 => b[i] = rnd(256) as u8,
                    1 => {
                        let n = rnd(64).min(b.len() - i);
                        b.drain(i..i + n);
                    }
                    _ => {
                        let n = rnd(64).min(b.len() - i);
                        let chunk = b[i..i + n].to_vec();
                        b.splice(i..i, chunk);
                    }
                }
            }
            let _ = must_not_panic(&format!("{f} round {round}"), &b);
        }
    }
}

/// `guihua extract` says on stderr which pages need OCR, even with the JSON
/// going to a file.
#[test]
fn image_only_pages_are_reported_on_stderr_too() {
    let pages = vec![
        page_content(&[(72.0, 700.0, "一、总体要求")], &[]),
        Vec::new(),
    ];
    let dir = scratch("image-page-cli");
    let pdf = dir.join("mixed.pdf");
    std::fs::write(&pdf, bytes(build(pages, &[1]))).unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_guihua"))
        .args(["extract", pdf.to_str().unwrap(), "-o"])
        .arg(dir.join("out"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("mixed.pdf: warning: page 2 has images but no text layer"),
        "{err}"
    );
    // `batch` says so as well, beside its progress.
    let inputs = dir.join("in");
    std::fs::create_dir_all(&inputs).unwrap();
    std::fs::copy(&pdf, inputs.join("mixed.pdf")).unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_guihua"))
        .args(["batch", inputs.to_str().unwrap(), "-o"])
        .arg(dir.join("batch-out"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("mixed.pdf: warning: page 2 has images but no text layer"),
        "{err}"
    );
}

/// A page drawing more characters than are kept keeps the first ones and
/// says what it left out.
#[test]
fn a_page_past_the_glyph_cap_is_cut_with_a_warning() {
    let mut c = page_content(&[(72.0, 760.0, "一、总体要求")], &[]);
    c.extend_from_slice(b"BT /F1 1 Tf 1 0 0 1 72 700 Tm <");
    c.extend(std::iter::repeat_n(&b"d2bb"[..], 510_000).flatten());
    c.extend_from_slice(b"> Tj ET\n");
    let plan = guihua::extract_bytes(Path::new("dense.pdf"), &bytes(build(vec![c], &[]))).unwrap();
    let w: Vec<_> = plan
        .warnings
        .iter()
        .filter(|w| w.code == "glyph-limit")
        .collect();
    assert_eq!(w.len(), 1, "{:?}", plan.warnings);
    assert!(
        w[0].message.starts_with("page 1: ")
            && w[0].message.contains("characters past the first 500000"),
        "{}",
        w[0].message
    );
}
