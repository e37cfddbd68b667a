//! `guihua export OUT_DIR --to csv|xlsx`: the tidy tables of a folder of
//! outputs, with as many rows as the JSON has items.

mod common;

use guihua::model::Plan;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn guihua(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_guihua"))
        .args(args)
        .output()
        .expect("run guihua")
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Seeds, variants and the PDFs extracted by `batch` into one folder.
fn extracted(name: &str) -> PathBuf {
    let out = common::scratch(name);
    let root = common::root();
    for sub in ["seeds", "variants", "pdf"] {
        let o = guihua(&[
            "batch",
            s(&root.join("corpus").join(sub)),
            "-o",
            s(&out.join(sub)),
        ]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        // The manifest is not an output; export reads only `*.json`.
    }
    out
}

/// Every `*.json` output under `dir`, by id (path below `dir` without `.json`).
fn plans(dir: &Path) -> Vec<(String, Plan)> {
    let (docs, errors) = guihua::export::read_dir(dir).unwrap();
    assert!(errors.is_empty(), "{errors:?}");
    docs
}

/// Records of a CSV file (quoted fields may hold commas, quotes and line breaks).
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    rows
}

/// Rows each table must have: one per heading, box item (a box without
/// items: one), indicator and project.
fn expected_rows(docs: &[(String, Plan)]) -> [usize; 4] {
    let mut n = [0; 4];
    for (_, p) in docs {
        n[0] += p.outline.len();
        n[1] += p.boxes.iter().map(|b| b.items.len().max(1)).sum::<usize>();
        n[2] += p.indicators.len();
        n[3] += p.projects.len();
    }
    n
}

#[test]
fn csv_tables_have_a_row_per_item_of_the_json() {
    let out = extracted("export-csv");
    let docs = plans(&out);
    assert!(docs.len() >= 15, "{} documents", docs.len());
    let csv = out.join("tables");
    let o = guihua(&["export", s(&out), "--to", "csv", "-o", s(&csv)]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));

    let expected = expected_rows(&docs);
    assert!(expected.iter().all(|&n| n > 0), "{expected:?}");
    let columns = [
        guihua::export::OUTLINE,
        guihua::export::BOXES,
        guihua::export::INDICATORS,
        guihua::export::PROJECTS,
    ];
    for ((name, want), cols) in guihua::export::TABLES.iter().zip(expected).zip(columns) {
        let bytes = std::fs::read(csv.join(format!("{name}.csv"))).unwrap();
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "{name}.csv has no BOM");
        let rows = parse_csv(std::str::from_utf8(&bytes[3..]).unwrap());
        let header: Vec<&str> = cols.iter().map(|(c, _)| *c).collect();
        assert_eq!(rows[0], header, "{name}.csv header");
        assert_eq!(rows.len() - 1, want, "{name}.csv rows");
        assert!(
            rows.iter().all(|r| r.len() == header.len()),
            "{name}.csv ragged"
        );
        // Every document with items of this table appears under its id.
        let ids: std::collections::BTreeSet<&str> =
            rows[1..].iter().map(|r| r[0].as_str()).collect();
        assert!(
            ids.iter().all(|id| docs.iter().any(|(d, _)| d == id)),
            "{name}: {ids:?}"
        );
    }

    // Values: the first indicator of each document, as the JSON has it.
    let text = std::fs::read_to_string(csv.join("indicators.csv")).unwrap();
    let rows = parse_csv(text.trim_start_matches('\u{FEFF}'));
    let col = |n: &str| rows[0].iter().position(|c| c == n).unwrap();
    let (doc, name, target, page) = (
        col("document"),
        col("name"),
        col("target_value"),
        col("page"),
    );
    let mut checked = 0;
    for (id, p) in &docs {
        let Some(ind) = p.indicators.first() else {
            continue;
        };
        let row = rows[1..].iter().find(|r| &r[doc] == id).unwrap();
        assert_eq!(row[name], ind.name);
        let want = ind.target.as_ref().and_then(|t| t.value);
        assert_eq!(row[target].parse::<f64>().ok(), want, "{id} {}", ind.name);
        assert_eq!(
            row[page],
            ind.span.page.map(|x| x.to_string()).unwrap_or_default()
        );
        checked += 1;
    }
    assert!(checked >= 10, "{checked}");
    // PDF rows carry their page.
    assert!(rows[1..]
        .iter()
        .any(|r| r[doc].starts_with("pdf/") && !r[page].is_empty()));
    // Headings carry the path of their section.
    let text = std::fs::read_to_string(csv.join("outline.csv")).unwrap();
    let rows = parse_csv(text.trim_start_matches('\u{FEFF}'));
    let sec = rows[0].iter().position(|c| c == "section").unwrap();
    let level = rows[0].iter().position(|c| c == "level").unwrap();
    assert!(rows[1..]
        .iter()
        .any(|r| r[level] == "2" && r[sec].contains(" > ")));
}

#[test]
fn xlsx_has_a_sheet_per_table_with_the_same_rows() {
    let out = extracted("export-xlsx");
    let docs = plans(&out);
    let xlsx = out.join("plans.xlsx");
    let o = guihua(&["export", s(&out), "--to", "xlsx", "-o", s(&xlsx)]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&xlsx).unwrap()).unwrap();
    let mut part = |name: &str| {
        let mut s = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
        s
    };
    let workbook = part("xl/workbook.xml");
    for name in guihua::export::TABLES {
        assert!(workbook.contains(&format!("name=\"{name}\"")), "{workbook}");
    }
    for (i, want) in expected_rows(&docs).iter().enumerate() {
        let sheet = part(&format!("xl/worksheets/sheet{}.xml", i + 1));
        assert_eq!(sheet.matches("<row ").count(), want + 1, "sheet {}", i + 1);
    }
}

#[test]
fn export_names_a_bad_file_and_writes_the_rest() {
    let out = common::scratch("export-bad");
    let root = common::root();
    let o = guihua(&["batch", s(&root.join("corpus/seeds")), "-o", s(&out)]);
    assert!(o.status.success());
    std::fs::write(out.join("broken.json"), "{\"schema_version\": \"1\"").unwrap();
    let o = guihua(&["export", s(&out), "--to", "csv"]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("broken.json"), "{err}");
    let docs: Vec<_> = plans_except(&out, "broken");
    let text = std::fs::read_to_string(out.join("indicators.csv")).unwrap();
    let rows = parse_csv(text.trim_start_matches('\u{FEFF}'));
    assert_eq!(rows.len() - 1, expected_rows(&docs)[2]);
    // Bad usage is exit 2.
    let o = guihua(&["export", s(&out.join("nowhere")), "--to", "csv"]);
    assert_eq!(o.status.code(), Some(2));
}

fn plans_except(dir: &Path, skip: &str) -> Vec<(String, Plan)> {
    let (docs, errors) = guihua::export::read_dir(dir).unwrap();
    assert_eq!(errors.len(), 1);
    docs.into_iter().filter(|(id, _)| id != skip).collect()
}
