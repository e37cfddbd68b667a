//! Helpers shared by the integration tests: the corpus, the configurations
//! every document is run through, and scratch directories.

#![allow(dead_code)]

use guihua::model::Plan;
use std::path::{Path, PathBuf};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The five seed plans (text).
pub fn seeds() -> Vec<PathBuf> {
    files(&root().join("corpus/seeds"), "txt")
}

/// Our own test plans, varying what the seeds show (with gold next to them).
pub fn variants() -> Vec<PathBuf> {
    files(&root().join("corpus/variants"), "txt")
}

/// Other converters' text of the seeds and of the real PDFs (generated
/// fixtures: laid-out text with page feeds, a cell per line).
pub fn renderings() -> Vec<PathBuf> {
    let r = root().join("corpus/renderings");
    let mut v = files(&r.join("pdftotext-layout"), "txt");
    v.extend(files(&r.join("docx2txt"), "txt"));
    for sub in ["pdfplumber", "pdftotext-raw", "pdftotext-layout-real"] {
        v.extend(files(&r.join(sub), "txt"));
    }
    v.extend(files(&root().join("corpus/real"), "txt"));
    v
}

fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == ext))
        .collect();
    v.sort();
    v
}

/// A small deterministic random source (xorshift64) for mutation tests.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A number below `n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// `n` random bytes.
    pub fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| (self.next() >> 24) as u8).collect()
    }
}

/// A fresh scratch directory under the target dir.
pub fn scratch(name: &str) -> PathBuf {
    let d = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// One way a text plan can arrive: (name, encoder from the UTF-8 text).
pub type Config = (&'static str, fn(&str) -> Vec<u8>);

/// Every text configuration the tool must read identically.
pub fn text_configs() -> Vec<Config> {
    fn utf8(s: &str) -> Vec<u8> {
        s.as_bytes().to_vec()
    }
    fn utf8_bom(s: &str) -> Vec<u8> {
        [b"\xEF\xBB\xBF".as_slice(), s.as_bytes()].concat()
    }
    fn crlf(s: &str) -> Vec<u8> {
        s.replace('\n', "\r\n").into_bytes()
    }
    fn utf16le(s: &str) -> Vec<u8> {
        let mut v = vec![0xFF, 0xFE];
        s.encode_utf16()
            .for_each(|u| v.extend_from_slice(&u.to_le_bytes()));
        v
    }
    fn utf16be(s: &str) -> Vec<u8> {
        let mut v = vec![0xFE, 0xFF];
        s.encode_utf16()
            .for_each(|u| v.extend_from_slice(&u.to_be_bytes()));
        v
    }
    fn gbk(s: &str) -> Vec<u8> {
        encoding_rs::GB18030.encode(s).0.into_owned()
    }
    vec![
        ("utf-8", utf8),
        ("utf-8-bom", utf8_bom),
        ("crlf", crlf),
        ("utf-16le", utf16le),
        ("utf-16be", utf16be),
        ("gb18030", gbk),
    ]
}

/// Extract `path` as re-encoded by `enc`, named as the original.
pub fn extract_as(path: &Path, enc: fn(&str) -> Vec<u8>) -> Plan {
    let text = std::fs::read_to_string(path).unwrap();
    guihua::extract_bytes(path, &enc(&text)).unwrap_or_else(|e| panic!("{e}"))
}

/// Write `OUT/<stem>.json` for a plan.
pub fn write(out: &Path, src: &Path, plan: &Plan) {
    let stem = src.file_stem().unwrap().to_string_lossy();
    std::fs::write(
        out.join(format!("{stem}.json")),
        serde_json::to_vec_pretty(plan).unwrap(),
    )
    .unwrap();
}

/// The accuracy floors of issue 2, by scorer column.
pub const FLOORS: [(&str, f64); 12] = [
    ("meta", 0.90),
    ("headF1", 0.95),
    ("level", 0.95),
    ("runinR", 0.90),
    ("boxF1", 0.95),
    ("boxTtl", 0.95),
    ("itemF1", 0.95),
    ("indF1", 0.95),
    ("indRow", 0.95),
    ("tgtNrm", 0.95),
    ("prjF1", 0.90),
    ("prjInv", 0.90),
];

/// Assert every floor on a report's TOTAL row.
pub fn assert_floors(what: &str, report: &guihua::eval::Report) {
    assert_these_floors(what, report, &FLOORS);
}

/// Gold for the seeds and our variant plans, together in a scratch folder.
pub fn seed_and_variant_gold(name: &str) -> PathBuf {
    let g = scratch(name);
    for dir in ["corpus/gold", "corpus/variants"] {
        for e in std::fs::read_dir(root().join(dir)).unwrap() {
            let p = e.unwrap().path();
            if p.to_string_lossy().ends_with(".gold.json") {
                std::fs::copy(&p, g.join(p.file_name().unwrap())).unwrap();
            }
        }
    }
    g
}

/// Copy a PDF's gold for scoring a text rendering of it: where the PDF
/// prints some meta only on a scanned page, which no text converter reads,
/// the gold's `text_layer_meta` says what the text can hold.
pub fn copy_text_gold(from: &Path, to: &Path) {
    let mut g: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(from).unwrap()).unwrap();
    if let Some(over) = g.get("text_layer_meta").cloned() {
        for (k, v) in over.as_object().unwrap() {
            g["meta"][k] = v.clone();
        }
    }
    std::fs::write(to, serde_json::to_vec(&g).unwrap()).unwrap();
}

/// Extract every file of `dir` into a scratch folder, named by stem.
pub fn extract_all(dir: &Path, name: &str) -> PathBuf {
    let out = scratch(name);
    for e in std::fs::read_dir(dir).unwrap() {
        let f = e.unwrap().path();
        let plan = guihua::extract_file(&f).unwrap_or_else(|e| panic!("{e}"));
        write(&out, &f, &plan);
    }
    out
}

/// Floors for the seeds and variants as generated web pages or Word files:
/// every floor of issue 2. Seed 001's table — one cell per line with cells
/// wrapped over lines in the seed text — is set by the generator as
/// paragraphs, a wrapped cell's lines as cells of their own; the header's
/// and the values' pieces are joined again.
pub const RENDITION_FLOORS: [(&str, f64); 12] = [
    ("meta", 0.95),
    ("headF1", 0.95),
    ("level", 0.95),
    ("runinR", 0.95),
    ("boxF1", 0.95),
    ("boxTtl", 0.95),
    ("itemF1", 0.95),
    ("indF1", 0.95),
    ("indRow", 0.95),
    ("tgtNrm", 0.95),
    ("prjF1", 0.95),
    ("prjInv", 0.95),
];

/// Assert `floors` on a report's TOTAL row.
pub fn assert_these_floors(what: &str, report: &guihua::eval::Report, floors: &[(&str, f64)]) {
    let low: Vec<String> = floors
        .iter()
        .filter_map(|(col, floor)| {
            let v = report.total.column(col)?;
            (v < *floor).then(|| format!("{col} {v:.3} < {floor}"))
        })
        .collect();
    assert!(
        low.is_empty(),
        "{what}: below the floors: {}\n{}",
        low.join(", "),
        report.table()
    );
}

/// The seed plans that `../shared/corpus/<sub>` holds as `.<ext>` files,
/// each checked by `check` and scored against `corpus/gold-pdf` (the gold of
/// the renditions) with every floor. None when the shared folder is absent.
pub fn shared_renditions_report(
    sub: &str,
    ext: &str,
    check: fn(&Plan),
) -> Option<guihua::eval::Report> {
    let dir = root().join("../shared/corpus").join(sub);
    if !dir.is_dir() {
        eprintln!("SKIP: ../shared/corpus/{sub} is absent");
        return None;
    }
    let out = scratch(&format!("{sub}-seeds"));
    let gold = scratch(&format!("{sub}-gold"));
    let mut n = 0;
    for e in std::fs::read_dir(&dir).unwrap() {
        let f = e.unwrap().path();
        if f.extension().is_none_or(|x| x != ext) {
            continue;
        }
        let plan = guihua::extract_file(&f).unwrap_or_else(|e| panic!("{e}"));
        check(&plan);
        write(&out, &f, &plan);
        let g = format!("{}.gold.json", f.file_stem().unwrap().to_string_lossy());
        std::fs::copy(root().join("corpus/gold-pdf").join(&g), gold.join(&g)).unwrap();
        n += 1;
    }
    assert!(n >= 2, "expected two seeds in {}", dir.display());
    let report = guihua::eval::score_dirs(&gold, &out).unwrap();
    eprintln!("{}", report.table());
    Some(report)
}
