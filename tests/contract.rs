//! Contract v2: the schema files, paragraphs that give back the body text,
//! spans across pages with the page sizes they are measured in, and
//! indicator values normalized beside the printed ones.

mod common;

use common::{root, seeds, variants};
use guihua::model::{Op, Plan};

fn schema(name: &str) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(root().join("schemas").join(name)).unwrap())
        .unwrap()
}

#[test]
fn schemas_hold_v1_and_v2_and_outputs_are_v2() {
    let v2 = schema("plan.v2.schema.json");
    assert_eq!(
        schema("plan.schema.json"),
        v2,
        "plan.schema.json is the current contract, v2"
    );
    assert_eq!(v2["$id"], guihua::model::SCHEMA_ID);
    assert_eq!(v2["properties"]["schema_version"]["const"], "2");
    let v1 = schema("plan.v1.schema.json");
    assert_eq!(v1["properties"]["schema_version"]["const"], "1");
    assert_ne!(v1["$id"], v2["$id"]);
    let v2c = jsonschema::draft202012::new(&v2).unwrap();
    let v1c = jsonschema::draft202012::new(&v1).unwrap();
    let pdf = root().join("corpus/pdf/lo/004_01429d2306914130.pdf");
    for f in seeds().into_iter().take(2).chain([pdf]) {
        let plan = guihua::extract_file(&f).unwrap();
        assert_eq!(plan.schema_version, "2");
        let json = serde_json::to_value(&plan).unwrap();
        let errors: Vec<String> = v2c.iter_errors(&json).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{}: {errors:?}", f.display());
        assert!(!v1c.is_valid(&json), "a v2 output is not a v1 one");
        // A v1 output (no v2 fields) still reads into the model.
        let mut old = json.clone();
        let o = old.as_object_mut().unwrap();
        o.remove("paragraphs");
        o["schema_version"] = "1".into();
        o["source"].as_object_mut().unwrap().remove("page_sizes");
        for i in o["indicators"].as_array_mut().unwrap() {
            i.as_object_mut().unwrap().remove("unit_normalized");
        }
        let back: Plan = serde_json::from_value(old).unwrap();
        assert!(back.paragraphs.is_empty() && back.source.page_sizes.is_none());
    }
}

/// Han characters, ASCII letters and digits: what survives any converter.
fn letters(s: &str) -> String {
    s.chars()
        .filter(|c| guihua::text::is_han(*c) || c.is_ascii_alphanumeric())
        .collect()
}

/// The body as the output gives it back: standalone headings, paragraphs,
/// boxes (label, title, items) and tables (header, rows), in span order.
fn given_back(plan: &Plan) -> String {
    let mut pieces: Vec<((u32, usize), u8, String)> = Vec::new();
    for h in plan.outline.iter().filter(|h| !h.runin) {
        pieces.push((h.span.position(), 0, h.text.clone()));
    }
    for p in &plan.paragraphs {
        pieces.push((p.span.position(), 0, p.text.clone()));
    }
    for b in &plan.boxes {
        let mut s = format!("{}{}", b.label, b.title);
        let mut group = None;
        for it in &b.items {
            if it.group.is_some() && it.group != group {
                group = it.group.clone();
                s.push_str(group.as_deref().unwrap_or(""));
            }
            s.push_str(it.number.as_deref().unwrap_or(""));
            s.push_str(&it.text);
        }
        pieces.push((b.span.position(), 1, s));
    }
    for t in &plan.tables {
        let mut s = t.columns.concat();
        for r in &t.rows {
            s.push_str(&r.concat());
        }
        pieces.push((t.span.position(), 2, s));
    }
    pieces.sort_by_key(|p| (p.0, p.1));
    letters(&pieces.into_iter().map(|p| p.2).collect::<String>())
}

/// Every source line of the body (cleaned of markup, page numbers left out)
/// is found in what the output gives back, in order. Lines are compared by
/// their letters and digits; a line is "in order" when it is found after the
/// one before it. Known gaps (4 of 960 lines): the numbering of a box's
/// （一） group labels, a box title printed on the line below its label, and
/// a `<br>` left in a cell by the converter (debris, rightly dropped).
#[test]
fn outline_paragraphs_boxes_and_tables_give_back_the_body() {
    let (mut total, mut found, mut ordered) = (0usize, 0usize, 0usize);
    for f in seeds().into_iter().chain(variants()) {
        let plan = guihua::extract_file(&f).unwrap();
        assert!(!plan.paragraphs.is_empty(), "{}", f.display());
        for (k, p) in plan.paragraphs.iter().enumerate() {
            assert_eq!(p.id, format!("p{}", k + 1));
            if let Some(s) = &p.section {
                assert!(plan.outline.iter().any(|h| &h.id == s));
            }
        }
        let back = given_back(&plan);
        let text = std::fs::read_to_string(&f).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let spans = plan
            .outline
            .iter()
            .map(|h| h.span)
            .chain(plan.paragraphs.iter().map(|p| p.span))
            .chain(plan.boxes.iter().map(|b| b.span));
        // The body: tables of an appendix after the 抄送/印发 lines are not.
        let (first, last) = spans.fold((usize::MAX, 0), |(a, z), s| {
            (a.min(s.line_start), z.max(s.line_end))
        });
        let mut cursor = 0;
        let mut missing = Vec::new();
        for (n, l) in lines[first - 1..last].iter().enumerate() {
            let c = guihua::clean::clean_line(l);
            if guihua::clean::is_page_number(c.trim()) {
                continue;
            }
            let l = letters(&c);
            if l.is_empty() {
                continue;
            }
            total += 1;
            if let Some(at) = back[cursor..].find(&l) {
                found += 1;
                ordered += 1;
                cursor += at + l.len();
            } else if back.contains(&l) {
                found += 1;
            } else {
                missing.push(format!("{}:{} {l}", f.display(), first + n));
            }
        }
        for m in &missing {
            eprintln!("not given back: {m}");
        }
    }
    let (fr, or) = (found as f64 / total as f64, ordered as f64 / total as f64);
    eprintln!("{total} body lines: {found} given back ({fr:.4}), {ordered} in order ({or:.4})");
    assert!(fr >= 0.995 && or >= 0.99, "found {fr:.4}, in order {or:.4}");
}

#[test]
fn pdf_spans_cross_pages_and_bboxes_fit_the_page_from_its_top_left() {
    let mut crossing = 0;
    for f in [
        "lo/004_01429d2306914130.pdf",
        "chrome-noto/001_b3f5121ee16d8fba.pdf",
    ] {
        let f = root().join("corpus/pdf").join(f);
        let plan = guihua::extract_file(&f).unwrap();
        let sizes = plan.source.page_sizes.clone().expect("page sizes");
        assert_eq!(sizes.len() as u32, plan.source.pages.unwrap());
        let spans = plan
            .outline
            .iter()
            .map(|h| h.span)
            .chain(plan.paragraphs.iter().map(|p| p.span))
            .chain(plan.boxes.iter().map(|b| b.span))
            .chain(plan.tables.iter().map(|t| t.span));
        for s in spans {
            let page = s.page.unwrap();
            if let Some(e) = s.page_end {
                assert!(e > page, "{s:?}");
                crossing += 1;
            }
            let [w, h] = sizes[page as usize - 1].unwrap();
            let b = s.bbox.unwrap();
            assert!(
                b[0] >= 0.0 && b[1] >= 0.0 && b[2] <= w && b[3] <= h && b[1] <= b[3],
                "{b:?} on {w}x{h}"
            );
        }
        // The title sits in the top half of page 1 (y counted downwards).
        let title_line = plan.outline.first().unwrap().span;
        assert!(title_line.bbox.unwrap()[1] > 0.0);
    }
    assert!(
        crossing > 0,
        "some paragraph or table runs onto the next page"
    );
    // Text input has no page sizes and no page_end.
    let plan = guihua::extract_file(&seeds()[0]).unwrap();
    assert!(plan.source.page_sizes.is_none());
    let json = serde_json::to_string(&plan).unwrap();
    assert!(!json.contains("page_end"));
}

#[test]
fn indicator_values_are_normalized_beside_the_printed_ones() {
    let plans: Vec<Plan> = seeds()
        .iter()
        .map(|f| guihua::extract_file(f).unwrap())
        .collect();
    let indicators = || plans.iter().flat_map(|p| &p.indicators);
    // 单位 万元: the printed number stays, the normalized one is in yuan.
    let money = indicators()
        .find(|i| i.unit.as_deref() == Some("万元"))
        .expect("an indicator in 万元");
    assert_eq!(money.unit_normalized.as_deref(), Some("CNY"));
    let t = money.target.as_ref().unwrap();
    let n = t.normalized.as_ref().unwrap();
    assert_eq!(n.unit, "CNY");
    assert_eq!(n.value, t.value.unwrap() * 1e4);
    assert_eq!(
        t.unit.as_deref(),
        Some("万元"),
        "value.unit stays as printed"
    );
    // The baseline's operator is kept: >95.
    let gt = indicators()
        .filter_map(|i| i.baseline.as_ref())
        .find(|b| b.raw == ">95")
        .expect("a baseline >95");
    assert_eq!((gt.op, gt.value), (Some(Op::Gt), Some(95.0)));
    assert_eq!(gt.normalized.as_ref().unwrap().unit, "%");
    // Area and counts.
    let v = guihua::quantity::value("1.2", Some("万平方米"));
    assert_eq!(v.value, Some(1.2));
    let n = v.normalized.unwrap();
    assert_eq!((n.value, n.unit.as_str()), (12000.0, "m2"));
    let v = guihua::quantity::value("3.5", Some("亿元"));
    assert_eq!(v.normalized.unwrap().value, 350_000_000.0);
    let v = guihua::quantity::value("30", Some("平方米/百户"));
    assert_eq!(v.normalized.unwrap().unit, "m2/百户");
    let v = guihua::quantity::value("全覆盖", Some("%"));
    assert!(v.normalized.is_none());
    assert_eq!(
        guihua::quantity::canonical_unit("（万人次）"),
        Some((1e4, "人次".to_string()))
    );
    assert_eq!(
        guihua::quantity::canonical_unit("个百分点"),
        Some((1.0, "pp".to_string()))
    );
}
