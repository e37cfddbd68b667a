//! Scanned plans through OCR. The scans are made here from the corpus PDFs
//! as a copier would make them (`pdftoppm -r 150 -gray -jpeg`, then
//! `img2pdf`: one JPEG per page, no text layer) and scored against the PDF
//! renditions' gold with issue 9's bars. `.ci/run` installs Tesseract,
//! poppler-utils and img2pdf; without them these tests say so and pass.

mod common;

use common::{root, scratch, write};
use std::path::{Path, PathBuf};
use std::process::Command;

fn have(cmd: &str, arg: &str) -> bool {
    Command::new(cmd)
        .arg(arg)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Whether this machine can make and read scans; says why not.
fn tools() -> bool {
    let ok = guihua::read::ocr::engine().is_ok()
        && have("pdftoppm", "-v")
        && have("img2pdf", "--version");
    if !ok {
        eprintln!(
            "skipped: needs tesseract-ocr, tesseract-ocr-chi-sim, poppler-utils and img2pdf (.ci/run installs them)"
        );
    }
    ok
}

fn shared_pdf(producer: &str, stem: &str) -> Option<PathBuf> {
    let p = root().join(format!("../shared/corpus/pdf/{producer}/{stem}.pdf"));
    p.exists().then_some(p)
}

/// A scan of `pdf`: every page a 150 dpi grey JPEG, bound into a PDF.
fn scan(pdf: &Path, dir: &Path) -> PathBuf {
    let stem = pdf.file_stem().unwrap().to_string_lossy().into_owned();
    let pages = dir.join(format!("{stem}-pages"));
    std::fs::create_dir_all(&pages).unwrap();
    let ok = Command::new("pdftoppm")
        .args(["-r", "150", "-gray", "-jpeg"])
        .arg(pdf)
        .arg(pages.join("p"))
        .status()
        .unwrap()
        .success();
    assert!(ok, "pdftoppm {}", pdf.display());
    let mut jpgs: Vec<PathBuf> = std::fs::read_dir(&pages)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    jpgs.sort();
    let out = dir.join(format!("{stem}.pdf"));
    let ok = Command::new("img2pdf")
        .args(&jpgs)
        .arg("-o")
        .arg(&out)
        .status()
        .unwrap()
        .success();
    assert!(ok, "img2pdf");
    out
}

/// Issue 9's bars, per document (columns a document has no gold for are None).
const BARS: [(&str, f64); 6] = [
    ("meta", 0.90),
    ("headF1", 0.90),
    ("level", 0.90),
    ("boxF1", 0.90),
    ("itemF1", 0.80),
    ("indRow", 0.80),
];

#[test]
fn scans_meet_the_bars() {
    if !tools() {
        return;
    }
    // A seed with boxes and a ruled indicator table, and one with a deep
    // outline, from two producers.
    let picks = [
        ("chrome-noto", "001_b3f5121ee16d8fba"),
        ("lo", "003_08fcdae4f348d3f7"),
    ];
    let dir = scratch("ocr-scans");
    let (out, gold) = (dir.join("out"), dir.join("gold"));
    std::fs::create_dir_all(&out).unwrap();
    std::fs::create_dir_all(&gold).unwrap();
    let mut n = 0;
    for (producer, stem) in picks {
        let Some(pdf) = shared_pdf(producer, stem) else {
            eprintln!("skipped {producer}/{stem}: ../shared is absent");
            continue;
        };
        let scanned = scan(&pdf, &dir);
        let plan = guihua::extract_file(&scanned).unwrap_or_else(|e| panic!("{e}"));
        let ocr = plan.source.ocr.as_ref().expect("source.ocr says OCR ran");
        assert_eq!(
            ocr.pages.len() as u32,
            plan.source.pages.unwrap(),
            "every page OCR'd"
        );
        assert!(ocr.confidence > 70.0, "{ocr:?}");
        write(&out, &scanned, &plan);
        let g = format!("{stem}.gold.json");
        std::fs::copy(root().join("corpus/gold-pdf").join(&g), gold.join(&g)).unwrap();
        n += 1;
    }
    if n == 0 {
        return;
    }
    let report = guihua::eval::score_dirs(&gold, &out).unwrap();
    eprintln!("{}", report.table());
    for (doc, t) in &report.docs {
        for (col, bar) in BARS {
            if let Some(v) = t.column(col) {
                assert!(v >= bar, "{doc}: {col} {v:.3} < {bar}\n{}", report.table());
            }
        }
    }
}

#[test]
fn page_images_are_plans_too() {
    if !tools() {
        return;
    }
    let Some(pdf) = shared_pdf("lo", "003_08fcdae4f348d3f7") else {
        return;
    };
    let dir = scratch("ocr-images");
    // The first two pages as PNG files, and together as one two-page TIFF.
    let ok = Command::new("pdftoppm")
        .args(["-r", "150", "-gray", "-png", "-f", "1", "-l", "2"])
        .arg(&pdf)
        .arg(dir.join("p"))
        .status()
        .unwrap()
        .success();
    assert!(ok);
    let pngs = [dir.join("p-01.png"), dir.join("p-02.png")];
    let png = guihua::extract_file(&pngs[0]).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(png.source.format, guihua::model::Format::Image);
    // (OCR's word boxes may leave a space beside a quote; the scorer ignores
    // whitespace too.)
    let title: String = png
        .meta
        .title
        .unwrap_or_default()
        .split_whitespace()
        .collect();
    assert_eq!(title, "木垒县民政事业发展“十四五”规划");

    let tif = dir.join("both.tif");
    {
        use tiff::encoder::{colortype::Gray8, TiffEncoder};
        let mut enc = TiffEncoder::new(std::fs::File::create(&tif).unwrap()).unwrap();
        for p in &pngs {
            let g = image::open(p).unwrap().into_luma8();
            enc.write_image::<Gray8>(g.width(), g.height(), g.as_raw())
                .unwrap();
        }
    }
    let plan = guihua::extract_file(&tif).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(plan.source.pages, Some(2));
    assert_eq!(plan.source.ocr.as_ref().unwrap().pages, vec![1, 2]);
    let titles: Vec<&str> = plan.outline.iter().map(|h| h.title.as_str()).collect();
    assert!(titles.iter().any(|t| t.contains("十四五")), "{titles:?}");
}

/// Without Tesseract, a scan is a one-line error that names the file and
/// the packages to install.
#[test]
fn no_engine_is_a_clear_error() {
    let dir = scratch("ocr-no-engine");
    let png = dir.join("page.png");
    let mut img = image::GrayImage::new(200, 100);
    img.fill(255);
    img.save(&png).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_guihua"))
        .args(["extract"])
        .arg(&png)
        .env("GUIHUA_TESSERACT", dir.join("no-such-tesseract"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(
        err.contains("page.png")
            && err.contains("apt-get install tesseract-ocr tesseract-ocr-chi-sim"),
        "{err}"
    );
    // --ocr never says OCR is off.
    let out = Command::new(env!("CARGO_BIN_EXE_guihua"))
        .args(["extract", "--ocr", "never"])
        .arg(&png)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("OCR is off"));
}

/// A PDF whose fonts lost part of their Unicode maps (Ghostscript, as
/// virtual printers run it, re-encoded them): the text layer drops 型 from
/// 护理型床位 and more; the page is rendered and read by OCR instead, with a
/// warning that says so. With `--ocr never` the text layer is all there is.
#[test]
fn pages_whose_fonts_lost_their_maps_are_read_by_ocr() {
    if !tools() {
        return;
    }
    let pdf = root().join("tests/fixtures/fonts/gs_lost_maps.pdf");
    let bytes = std::fs::read(&pdf).unwrap();
    let text = |plan: &guihua::model::Plan| -> String {
        let mut s = String::new();
        for p in &plan.paragraphs {
            s.push_str(&p.text);
        }
        for t in &plan.tables {
            for r in &t.rows {
                s.push_str(&r.join(""));
            }
        }
        s.split_whitespace().collect()
    };
    let plan = guihua::extract_bytes(&pdf, &bytes).unwrap();
    assert!(
        plan.warnings
            .iter()
            .any(|w| w.code == "ocr-page" && w.message.starts_with("page 1: its fonts give")),
        "{:?}",
        plan.warnings
    );
    assert_eq!(
        plan.source.ocr.as_ref().map(|o| o.pages.clone()),
        Some(vec![1])
    );
    let read = text(&plan);
    assert!(read.contains("护理型床位"), "{read}");
    let never = guihua::Options {
        ocr: guihua::OcrMode::Never,
        ..guihua::Options::default()
    };
    let plan = guihua::extract_bytes_with(&pdf, &bytes, &never).unwrap();
    assert!(plan.source.ocr.is_none());
    assert!(!text(&plan).contains("护理型床位"));
}
