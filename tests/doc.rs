//! Word 97–2003 binary files (.doc, as government sites still attach them;
//! `corpus/renderings/word-doc`, LibreOffice's .doc of the Word files in
//! `corpus/renderings/word`): the same plan as the .docx gives, and no panic
//! or lost file on a broken one.

mod common;

use common::root;
use guihua::model::{Format, Plan};
use std::path::Path;

fn plan(p: &Path) -> Plan {
    guihua::extract_file(p).unwrap_or_else(|e| panic!("{e}"))
}

/// Each .doc reads as its .docx does: outline, boxes, indicator and project
/// rows (spans aside: a .doc line is its paragraph's number).
#[test]
fn a_doc_reads_as_its_docx() {
    let dir = root().join("corpus/renderings/word-doc");
    let mut n = 0;
    for e in std::fs::read_dir(&dir).unwrap() {
        let doc = e.unwrap().path();
        let stem = doc.file_stem().unwrap().to_string_lossy().into_owned();
        let docx = root().join(format!("corpus/renderings/word/{stem}.docx"));
        let (a, b) = (plan(&doc), plan(&docx));
        assert_eq!(a.source.format, Format::Doc);
        let titles =
            |p: &Plan| -> Vec<String> { p.outline.iter().map(|h| h.text.clone()).collect() };
        assert_eq!(titles(&a), titles(&b), "{stem}: outline");
        assert_eq!(a.meta, b.meta, "{stem}: meta");
        let boxes = |p: &Plan| -> Vec<(String, String)> {
            p.boxes
                .iter()
                .map(|x| (x.label.clone(), x.title.clone()))
                .collect()
        };
        assert_eq!(boxes(&a), boxes(&b), "{stem}: boxes");
        let ind = |p: &Plan| -> Vec<(String, Option<String>, Option<String>)> {
            p.indicators
                .iter()
                .map(|r| {
                    (
                        r.name.clone(),
                        r.baseline.clone().map(|v| v.raw),
                        r.target.clone().map(|v| v.raw),
                    )
                })
                .collect()
        };
        assert_eq!(ind(&a), ind(&b), "{stem}: indicators");
        let prj = |p: &Plan| -> Vec<(Option<String>, Option<String>)> {
            p.projects
                .iter()
                .map(|r| (r.name.clone(), r.investment.clone().map(|v| v.raw)))
                .collect()
        };
        assert_eq!(prj(&a), prj(&b), "{stem}: projects");
        n += 1;
    }
    assert!(n >= 5, "expected .doc files in {}", dir.display());
}

/// A .doc cut short anywhere, or with bytes overwritten, is an error naming
/// the file or a plan, never a panic.
#[test]
fn broken_doc_files_never_panic() {
    let good =
        std::fs::read(root().join("corpus/renderings/word-doc/004_01429d2306914130.doc")).unwrap();
    for k in 1..40 {
        let cut = &good[..good.len() * k / 40];
        if let Err(e) = guihua::extract_bytes(Path::new("cut.doc"), cut) {
            assert!(e.to_string().starts_with("cut.doc"), "{e}");
        }
        let mut bent = good.clone();
        for j in (k * 997..bent.len()).step_by(4093) {
            bent[j] ^= 0xA5;
        }
        let _ = guihua::extract_bytes(Path::new("bent.doc"), &bent);
    }
}

/// A web page saved under a .doc name (as sites serve them) is read as the
/// page it is.
#[test]
fn a_web_page_named_doc_is_read() {
    let page =
        std::fs::read(root().join("corpus/renderings/web/004_01429d2306914130.html")).unwrap();
    let p = guihua::extract_bytes(Path::new("plan.doc"), &page).unwrap();
    assert_eq!(p.source.format, Format::Html);
    assert!(!p.indicators.is_empty());
}
