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

/// A scan of `pdf`: every page a 150 dpi grey JPEG, bound into a PDF; each
/// page fed `degrees` crooked (clockwise; every other page the other way, a
/// little less).
fn scan_skewed(pdf: &Path, dir: &Path, degrees: f64) -> PathBuf {
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
    if degrees != 0.0 {
        for (k, jpg) in jpgs.iter().enumerate() {
            let a = if k % 2 == 0 { degrees } else { -0.7 * degrees };
            let turned = turn(&image::open(jpg).unwrap().to_luma8(), a.to_radians());
            let mut out = std::fs::File::create(jpg).unwrap();
            let mut enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85);
            enc.set_pixel_density(image::codecs::jpeg::PixelDensity::dpi(150));
            enc.encode_image(&turned).unwrap();
        }
    }
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

/// `g` turned `angle` radians clockwise about its centre (nearest pixel,
/// white where nothing turns in), as a sheet lies crooked on a scanner.
fn turn(g: &image::GrayImage, angle: f64) -> image::GrayImage {
    let (w, h) = g.dimensions();
    let (sin, cos) = angle.sin_cos();
    let (cx, cy) = (f64::from(w) / 2.0, f64::from(h) / 2.0);
    image::GrayImage::from_fn(w, h, |x, y| {
        let (dx, dy) = (f64::from(x) - cx, f64::from(y) - cy);
        let (sx, sy) = (cos * dx + sin * dy + cx, -sin * dx + cos * dy + cy);
        if sx < 0.0 || sy < 0.0 || sx >= f64::from(w) || sy >= f64::from(h) {
            image::Luma([255])
        } else {
            *g.get_pixel(sx as u32, sy as u32)
        }
    })
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
    // A seed with boxes and a ruled indicator table, and one with a deep
    // outline, from two producers.
    meet_the_bars(
        "ocr-scans",
        &[
            ("chrome-noto", "001_b3f5121ee16d8fba"),
            ("lo", "003_08fcdae4f348d3f7"),
        ],
        0.0,
        &BARS,
    );
}

/// A LibreOffice PDF's indicator table has no rules: scanned at 150 dpi grey
/// (the issue's recipe), its rows come from the ink's columns, each line of
/// each cell read on its own, by both models, and the reading the plan's
/// own text bears out kept. Before small cells were also read cut bold and
/// rows five lines apart (a name wrapped over three) kept in one table:
/// indF1 0.50, indRow 0.38; then 0.69 and 0.69 (覆盖率 read as 履盖率 in three
/// names, 敬老院 as 黎老院); with cells read by both models, 1.000 and 1.000.
#[test]
fn borderless_table_scans_meet_the_bars() {
    if !table_model() {
        return;
    }
    meet_the_bars(
        "ocr-borderless",
        &[("lo", "001_b3f5121ee16d8fba")],
        0.0,
        &[BARS.as_slice(), &[("indF1", 0.90)]].concat(),
    );
}

/// Whether Tesseract has the model tables' cells are read with too (`HanS`);
/// says so when not.
fn table_model() -> bool {
    let ok = tools() && guihua::read::ocr::engine().is_ok_and(|e| e.two_models());
    if !ok {
        eprintln!("skipped: needs tesseract-ocr-script-hans (.ci/run installs it)");
    }
    ok
}

/// A sheet fed crooked is set level before its table's rules are found: the
/// seed with boxes and a ruled table, its pages 1.5° off either way (turned
/// by nearest pixel, so that its rules come back level in steps).
#[test]
fn crooked_scans_meet_the_bars() {
    // Before the image was set level: itemF1 0, indRow 0 (the rules were
    // lost); before rules were looked for two rows at a time and painted out
    // with their steps: itemF1 0.37–0.77, indRow 0 (the steps read as marks
    // in every cell, or the rules were not found). Now headF1 0.93, itemF1
    // 0.88, indRow 0.77: one indicator row fewer than the straight scan's
    // 11 of 13, a cell's OCR.
    meet_the_bars(
        "ocr-crooked",
        &[("chrome-noto", "001_b3f5121ee16d8fba")],
        1.5,
        &[
            ("meta", 0.90),
            ("headF1", 0.85),
            ("boxF1", 0.90),
            ("itemF1", 0.80),
            ("indRow", 0.75),
        ],
    );
}

/// Scans of `picks` (producer, seed), fed `degrees` crooked, each scoring
/// at least `bars` against its rendition's gold.
fn meet_the_bars(name: &str, picks: &[(&str, &str)], degrees: f64, bars: &[(&str, f64)]) {
    if !tools() {
        return;
    }
    let dir = scratch(name);
    let (out, gold) = (dir.join("out"), dir.join("gold"));
    std::fs::create_dir_all(&out).unwrap();
    std::fs::create_dir_all(&gold).unwrap();
    let mut n = 0;
    for &(producer, stem) in picks {
        let Some(pdf) = shared_pdf(producer, stem) else {
            eprintln!("skipped {producer}/{stem}: ../shared is absent");
            continue;
        };
        let scanned = scan_skewed(&pdf, &dir, degrees);
        let plan = guihua::extract_file(&scanned).unwrap_or_else(|e| panic!("{e}"));
        assert!(plan.source.ocr, "source.ocr says OCR ran");
        let ocr = plan.source.ocr_detail.as_ref().expect("and how");
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
        for &(col, bar) in bars {
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
    pngs_150dpi(&pdf, &dir.join("p"), &["-f", "1", "-l", "2"]);
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
    assert_eq!(plan.source.ocr_detail.as_ref().unwrap().pages, vec![1, 2]);
    assert!(plan.outline.iter().all(|h| h.span.ocr));
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
        plan.source.ocr_detail.as_ref().map(|o| o.pages.clone()),
        Some(vec![1])
    );
    let read = text(&plan);
    assert!(read.contains("护理型床位"), "{read}");
    let never = guihua::Options {
        ocr: guihua::OcrMode::Never,
        ..guihua::Options::default()
    };
    let plan = guihua::extract_bytes_with(&pdf, &bytes, &never).unwrap();
    assert!(!plan.source.ocr && plan.source.ocr_detail.is_none());
    assert!(!text(&plan).contains("护理型床位"));
}

/// A virtual printer's PDF (pages 1 and 8–10 of the county plan 001 as
/// LibreOffice made it, printed to PostScript and distilled by Ghostscript,
/// `pdf2ps` then `ps2pdf`): its fonts have no Unicode maps, every page is
/// rendered and read by OCR, and the fonts' maps are learned from what OCR
/// read. The page keeps its text layer: the headings and the bold run-in
/// title, the indicator table's columns and figures as the original PDF
/// reads them, and its text within a few characters OCR misreads.
#[test]
fn a_virtual_printers_fonts_learn_their_maps_from_ocr() {
    let Some(lo) = shared_pdf("lo", "001_b3f5121ee16d8fba") else {
        return;
    };
    if !tools() {
        return;
    }
    let pdf = root().join("tests/fixtures/fonts/virtual_printer.pdf");
    let plan = guihua::extract_bytes(&pdf, &std::fs::read(&pdf).unwrap()).unwrap();
    let orig = guihua::extract_bytes(&lo, &std::fs::read(&lo).unwrap()).unwrap();
    assert!(
        plan.warnings.iter().any(|w| w.code == "font-map-learned"),
        "{:?}",
        plan.warnings
    );
    let on = |p: Option<u32>| matches!(p, Some(1 | 8 | 9 | 10));
    let titles = |o: &[guihua::model::Heading]| -> Vec<(String, bool)> {
        o.iter().map(|h| (h.text.clone(), h.runin)).collect()
    };
    let want: Vec<guihua::model::Heading> = orig
        .outline
        .iter()
        .filter(|h| on(h.span.page))
        .cloned()
        .collect();
    assert_eq!(titles(&plan.outline), titles(&want));
    // Every figure of the indicator table; its names but for OCR's 覆 → 履.
    let rows = |p: &guihua::model::Plan, pages: &dyn Fn(Option<u32>) -> bool| {
        p.indicators
            .iter()
            .filter(|i| pages(i.span.page))
            .map(|i| {
                let v = |x: &Option<guihua::model::Value>| x.as_ref().and_then(|v| v.value);
                (v(&i.baseline), v(&i.target), i.name.clone())
            })
            .collect()
    };
    let (got, want): (Vec<_>, Vec<_>) = (rows(&plan, &|_| true), rows(&orig, &on));
    assert_eq!(got.len(), 10);
    assert_eq!(got.len(), want.len());
    let named = got.iter().zip(&want).filter(|(a, b)| a.2 == b.2).count();
    assert!(got.iter().zip(&want).all(|(a, b)| (a.0, a.1) == (b.0, b.1)));
    assert!(named >= 7, "{got:?}");
    // The body text, character for character but a few.
    let chars = |p: &guihua::model::Plan, pages: &dyn Fn(Option<u32>) -> bool| {
        let mut n: std::collections::HashMap<char, usize> = std::collections::HashMap::new();
        for c in p
            .paragraphs
            .iter()
            .filter(|x| pages(x.span.page) && (x.span.page_end.is_none() || pages(x.span.page_end)))
            .flat_map(|x| x.text.chars())
            .filter(|c| !c.is_whitespace())
        {
            *n.entry(c).or_default() += 1;
        }
        n
    };
    let (a, b) = (chars(&plan, &|_| true), chars(&orig, &on));
    let same: usize = b
        .iter()
        .map(|(c, n)| (*n).min(a.get(c).copied().unwrap_or(0)))
        .sum();
    let total: usize = b.values().sum();
    assert!(
        total > 1000 && same as f64 >= 0.98 * total as f64,
        "{same} of {total}"
    );
}

/// Text drawn as outlines (filled curves, no font): a title over a page of
/// text, and a page drawn all so. OCR of the rendered pages reads them,
/// the title where it stands with the page's own text kept; with `--ocr
/// never` a warning names each page, and a PDF drawn all as outlines is an
/// error that says why.
#[test]
fn text_drawn_as_outlines_is_read_by_ocr() {
    if !tools() {
        return;
    }
    let pdf = root().join("tests/fixtures/outlines/outlined.pdf");
    let bytes = std::fs::read(&pdf).unwrap();
    let plan = guihua::extract_bytes(&pdf, &bytes).unwrap();
    let said = |plan: &guihua::model::Plan, code: &str, page: u32| {
        plan.warnings.iter().any(|w| {
            w.code == code
                && w.message.starts_with(&format!("page {page}: "))
                && w.message.contains("drawn as outlines")
        })
    };
    assert!(
        said(&plan, "ocr-page", 1) && said(&plan, "ocr-page", 2),
        "{:?}",
        plan.warnings
    );
    // Page 1 reads only its title so drawn (a whole page takes seconds).
    let read = |page: u32, what: &str| {
        plan.warnings.iter().any(|w| {
            w.message.starts_with(&format!("page {page}: "))
                && w.message
                    .ends_with(&format!("{what} rendered and read by OCR"))
        })
    };
    assert!(
        read(1, "they are") && read(2, "the page is"),
        "{:?}",
        plan.warnings
    );
    // OCR misreads 十四五 (十四中五, 十儿五): the title is checked up to it.
    let title = plan.meta.title.clone().unwrap_or_default();
    assert!(
        title.starts_with("清河县养老服务体系建设") && title.ends_with("规划"),
        "{title}"
    );
    assert_eq!(plan.meta.region.as_deref(), Some("清河县"));
    let headings: Vec<&str> = plan.outline.iter().map(|h| h.text.as_str()).collect();
    assert!(
        headings.contains(&"第一章发展基础") && headings.contains(&"第二章总体要求"),
        "{headings:?}"
    );
    let text: String = plan.paragraphs.iter().map(|p| p.text.as_str()).collect();
    // Page 1's body is its own text layer, whole; page 2's is OCR's.
    assert!(text.contains("医养康养相结合的养老服务体系"), "{text}");
    assert!(text.contains("护理型床位占比提高到百分之五十五"), "{text}");
    assert!(plan
        .paragraphs
        .iter()
        .all(|p| p.span.ocr == (p.span.page == Some(2))));
    let never = guihua::Options {
        ocr: guihua::OcrMode::Never,
        ..guihua::Options::default()
    };
    let plan = guihua::extract_bytes_with(&pdf, &bytes, &never).unwrap();
    assert!(said(&plan, "outlined-text", 1) && said(&plan, "outlined-text", 2));
    assert_eq!(plan.meta.title, None);
    // Page 2 alone: nothing but outlines.
    let mut doc = lopdf::Document::load_mem(&bytes).unwrap();
    doc.delete_pages(&[1]);
    let mut only = Vec::new();
    doc.save_to(&mut only).unwrap();
    let err = guihua::extract_bytes_with(&pdf, &only, &never).unwrap_err();
    assert!(
        err.to_string()
            .contains("1 of them draw their text as outlines"),
        "{err}"
    );
}

/// A PDF page showing `text` in an unembedded GBK SimSun, then image-only
/// pages, each one image (given with its dictionary and data) over the page.
fn pdf_with_images(text: &[&str], images: Vec<(lopdf::Dictionary, Vec<u8>)>) -> Vec<u8> {
    pdf_with_picture(text, None, images)
}

/// A picture on the first page beside its text: the image and where it is
/// drawn (`[x, y, width, height]` in points).
type Picture = (lopdf::Dictionary, Vec<u8>, [f64; 4]);

/// As [`pdf_with_images`], with `picture` pasted into the text page.
fn pdf_with_picture(
    text: &[&str],
    picture: Option<Picture>,
    images: Vec<(lopdf::Dictionary, Vec<u8>)>,
) -> Vec<u8> {
    use lopdf::{dictionary, Document, Object, Stream};
    let mut doc = Document::with_version("1.5");
    let cid = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "CIDFontType0", "BaseFont" => "SimSun",
        "CIDSystemInfo" => dictionary! { "Registry" => Object::string_literal("Adobe"), "Ordering" => Object::string_literal("GB1"), "Supplement" => 2 },
        "DW" => 1000,
    });
    let font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "SimSun", "Encoding" => "GBK-EUC-H",
        "DescendantFonts" => vec![cid.into()],
    });
    let mut content = String::new();
    for (i, t) in text.iter().enumerate() {
        let hex: String = encoding_rs::GB18030
            .encode(t)
            .0
            .iter()
            .map(|b| format!("{b:02X}"))
            .collect();
        let y = 760 - 24 * i as i64;
        content.push_str(&format!("BT /F1 12 Tf 1 0 0 1 72 {y} Tm <{hex}> Tj ET\n"));
    }
    let mut contents = vec![(content.into_bytes(), None)];
    if let Some((dict, data, at)) = picture {
        let id = doc.add_object(Stream::new(dict, data));
        let [x, y, w, h] = at;
        contents[0]
            .0
            .extend(format!("q {w} 0 0 {h} {x} {y} cm /Im1 Do Q\n").as_bytes());
        contents[0].1 = Some(id);
    }
    for (dict, data) in images {
        let id = doc.add_object(Stream::new(dict, data));
        contents.push((b"q 595 0 0 842 0 0 cm /Im1 Do Q".to_vec(), Some(id)));
    }
    let pages = contents
        .into_iter()
        .map(|(c, image)| {
            let mut res = dictionary! { "Font" => dictionary! { "F1" => font } };
            if let Some(id) = image {
                res.set("XObject", dictionary! { "Im1" => id });
            }
            (c, res)
        })
        .collect();
    save_pages(doc, pages)
}

/// `doc` with A4 pages of the given contents and resources, saved.
fn save_pages(mut doc: lopdf::Document, pages: Vec<(Vec<u8>, lopdf::Dictionary)>) -> Vec<u8> {
    use lopdf::{dictionary, Object, Stream};
    let pages_id = doc.new_object_id();
    let mut kids = Vec::new();
    for (c, res) in pages {
        let c = doc.add_object(Stream::new(dictionary! {}, c));
        let page = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            "Contents" => c, "Resources" => res,
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
    let mut v = Vec::new();
    doc.save_to(&mut v).unwrap();
    v
}

fn gray_image(w: u32, h: u32, filter: Option<&str>) -> lopdf::Dictionary {
    use lopdf::dictionary;
    let mut d = dictionary! {
        "Type" => "XObject", "Subtype" => "Image", "Width" => w, "Height" => h,
        "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8,
    };
    if let Some(f) = filter {
        d.set("Filter", lopdf::Object::Name(f.as_bytes().to_vec()));
    }
    d
}

/// Gray 150 dpi PNGs of `pdf`'s pages (pdftoppm, with `args` choosing
/// pages and crop), named `prefix-NN.png`.
fn pngs_150dpi(pdf: &Path, prefix: &Path, args: &[&str]) {
    let ok = Command::new("pdftoppm")
        .args(["-r", "150", "-gray", "-png"])
        .args(args)
        .arg(pdf)
        .arg(prefix)
        .status()
        .unwrap()
        .success();
    assert!(ok);
}

/// `--ocr always` also reads a picture pasted into a page with a text
/// layer (a passage of a plan, here), and what it read says so in its
/// span; the page's own text does not. `--ocr auto` leaves the picture.
#[test]
fn pictures_in_text_pages_are_read_with_always_and_say_so() {
    if !tools() {
        return;
    }
    let Some(pdf) = shared_pdf("lo", "003_08fcdae4f348d3f7") else {
        return;
    };
    let dir = scratch("ocr-picture");
    // A heading and a paragraph of page 2, as a 150 dpi picture.
    pngs_150dpi(
        &pdf,
        &dir.join("crop"),
        &[
            "-f", "2", "-l", "2", "-x", "0", "-y", "345", "-W", "1240", "-H", "280",
        ],
    );
    let img = image::open(dir.join("crop-02.png")).unwrap().into_luma8();
    let (w, h) = (img.width(), img.height());
    let at = [0.0, 300.0, f64::from(w) * 0.48, f64::from(h) * 0.48];
    let bytes = pdf_with_picture(
        &["第一章 发展基础", "全县民政事业取得长足进步。"],
        Some((gray_image(w, h, None), img.into_raw(), at)),
        Vec::new(),
    );
    let path = dir.join("picture.pdf");
    let opts = |ocr| guihua::Options {
        ocr,
        ..guihua::Options::default()
    };
    let plan = guihua::extract_bytes_with(&path, &bytes, &opts(guihua::OcrMode::Always))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(plan.source.ocr);
    assert_eq!(
        plan.source.ocr_detail.as_ref().map(|o| o.pages.clone()),
        Some(vec![1])
    );
    let mut spans: Vec<(String, bool)> = plan
        .outline
        .iter()
        .map(|h| (format!("{}{}", h.title, h.text), h.span.ocr))
        .collect();
    spans.extend(plan.paragraphs.iter().map(|p| (p.text.clone(), p.span.ocr)));
    let of = |words: &str| -> Vec<bool> {
        spans
            .iter()
            .filter(|(t, _)| t.split_whitespace().collect::<String>().contains(words))
            .map(|&(_, o)| o)
            .collect()
    };
    assert_eq!(of("全县民政事业取得长足进步"), vec![false], "{spans:?}");
    assert!(!of("养老服务水平明显提升").is_empty(), "{spans:?}");
    assert!(of("养老服务水平明显提升").iter().all(|&o| o), "{spans:?}");
    assert!(of("多层次养老服务体系").iter().all(|&o| o), "{spans:?}");
    // The contract's `source.ocr` is a bool, always there; the details and
    // a node's flag only where OCR ran.
    let v: serde_json::Value = serde_json::to_value(&plan).unwrap();
    assert_eq!(v["source"]["ocr"], serde_json::json!(true));

    let auto = guihua::extract_bytes_with(&path, &bytes, &opts(guihua::OcrMode::Auto)).unwrap();
    assert!(!auto.source.ocr && auto.source.ocr_detail.is_none());
    let v: serde_json::Value = serde_json::to_value(&auto).unwrap();
    assert_eq!(v["source"]["ocr"], serde_json::json!(false));
    assert!(!serde_json::to_string(&auto.paragraphs)
        .unwrap()
        .contains("\"ocr\""));
}

/// Hostile page images end OCR within its bounds, with warnings, and the
/// rest of the document is read: a JPEG whose header claims 40 000 × 40 000
/// pixels (the PDF declaring 100 × 100, as in pdfium's bug_603518) is left
/// unread before a pixel is decoded, and an engine that never finishes is
/// killed at `--ocr-page-timeout`. The engine is a stand-in script that
/// hangs, so this needs no Tesseract and is the same on every machine.
#[cfg(unix)]
#[test]
fn hostile_images_end_within_the_page_limit() {
    use std::os::unix::fs::PermissionsExt;
    use std::time::{Duration, Instant};
    let dir = scratch("ocr-hostile");
    let pidfile = dir.join("engine.pid");
    let engine = dir.join("tesseract");
    std::fs::write(
        &engine,
        format!(
            "#!/bin/sh\ncase \"$1\" in\n--list-langs) printf 'List of available languages (2):\\nchi_sim\\neng\\n'; exit 0;;\n\
             --version) echo 'tesseract 0 (a stand-in that hangs)'; exit 0;;\nesac\n\
             echo $$ >> '{}'\nexec sleep 600\n",
            pidfile.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&engine, std::fs::Permissions::from_mode(0o755)).unwrap();

    // A small white JPEG whose frame header is then made to claim 40 000 ×
    // 40 000 pixels.
    let mut jpeg = Vec::new();
    image::GrayImage::from_pixel(64, 64, image::Luma([255]))
        .write_to(
            &mut std::io::Cursor::new(&mut jpeg),
            image::ImageFormat::Jpeg,
        )
        .unwrap();
    let sof = jpeg
        .windows(2)
        .position(|w| w[0] == 0xFF && (0xC0..=0xC2).contains(&w[1]))
        .expect("a frame header");
    jpeg[sof + 5..sof + 9].copy_from_slice(&[0x9C, 0x40, 0x9C, 0x40]);
    // A page of grey pixels the engine hangs on.
    let page: Vec<u8> = (0..1240u32 * 1754)
        .map(|i| {
            if (i / 1240) % 40 < 20 && i % 30 < 20 {
                0
            } else {
                255
            }
        })
        .collect();
    let pdf = pdf_with_images(
        &[
            "某某县“十四五”民政事业发展规划",
            "一、总体要求",
            "坚持以人民为中心的发展思想，推进民政事业高质量发展。",
        ],
        vec![
            (gray_image(100, 100, Some("DCTDecode")), jpeg),
            (gray_image(1240, 1754, None), page),
        ],
    );
    let input = dir.join("hostile.pdf");
    std::fs::write(&input, pdf).unwrap();
    let out = dir.join("out");
    let t0 = Instant::now();
    let o = Command::new(env!("CARGO_BIN_EXE_guihua"))
        .args(["extract", "--ocr-page-timeout", "2", "-o"])
        .arg(&out)
        .arg(&input)
        .env("GUIHUA_TESSERACT", &engine)
        .output()
        .unwrap();
    let took = t0.elapsed();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // Two seconds for the hanging page, and room for a loaded machine.
    assert!(took < Duration::from_secs(30), "took {took:?}");
    let plan: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("hostile.json")).unwrap()).unwrap();
    let warnings: Vec<String> = plan["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["code"] == "ocr-failed")
        .map(|w| w["message"].as_str().unwrap().to_string())
        .collect();
    assert!(
        warnings.iter().any(|w| w.starts_with("page 2:")
            && w.contains("40000×40000")
            && w.contains("more than the limit")),
        "{warnings:?}"
    );
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with("page 3:") && w.contains("OCR stopped after 2.0 s")),
        "{warnings:?}"
    );
    assert_eq!(
        plan["meta"]["title"], "某某县“十四五”民政事业发展规划",
        "the text page is read"
    );
    // The engine was killed, not left behind.
    let pids = std::fs::read_to_string(&pidfile).unwrap();
    for pid in pids.split_whitespace() {
        let state = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        assert!(
            state.is_empty() || state.contains(") Z"),
            "engine {pid} still runs: {state}"
        );
    }
}

/// Pages fed into the scanner turned — upside down, and on either side —
/// are read upright: the scan of lo 003's first three pages, each turned,
/// gives the title and the headings the upright scan gives, with an
/// `ocr-turned` warning per page and each page shown upright (portrait).
#[test]
fn turned_scans_are_read_upright() {
    if !tools() || !guihua::read::ocr::engine().is_ok_and(|e| e.osd) {
        eprintln!("skipped: needs Tesseract's osd model (tesseract-ocr-osd)");
        return;
    }
    let Some(pdf) = shared_pdf("lo", "003_08fcdae4f348d3f7") else {
        return;
    };
    let dir = scratch("ocr-turned");
    let ok = Command::new("pdftoppm")
        .args(["-r", "150", "-gray", "-jpeg", "-f", "1", "-l", "3"])
        .arg(&pdf)
        .arg(dir.join("p"))
        .status()
        .unwrap()
        .success();
    assert!(ok);
    let upright: Vec<PathBuf> = (1..=3).map(|i| dir.join(format!("p-0{i}.jpg"))).collect();
    let mut turned = Vec::new();
    for (i, p) in upright.iter().enumerate() {
        let g = image::open(p).unwrap().into_luma8();
        let g = match i {
            0 => image::imageops::rotate180(&g),
            1 => image::imageops::rotate270(&g),
            _ => image::imageops::rotate90(&g),
        };
        let t = dir.join(format!("t-0{}.jpg", i + 1));
        let mut enc = image::codecs::jpeg::JpegEncoder::new_with_quality(
            std::fs::File::create(&t).unwrap(),
            90,
        );
        enc.set_pixel_density(image::codecs::jpeg::PixelDensity::dpi(150));
        enc.encode_image(&g).unwrap();
        turned.push(t);
    }
    let bind = |jpgs: &[PathBuf], name: &str| {
        let out = dir.join(name);
        let ok = Command::new("img2pdf")
            .args(jpgs)
            .arg("-o")
            .arg(&out)
            .status()
            .unwrap()
            .success();
        assert!(ok, "img2pdf");
        guihua::extract_file(&out).unwrap_or_else(|e| panic!("{e}"))
    };
    let want = bind(&upright, "upright.pdf");
    let got = bind(&turned, "turned.pdf");
    let warned: Vec<&str> = got
        .warnings
        .iter()
        .filter(|w| w.code == "ocr-turned")
        .map(|w| w.message.as_str())
        .collect();
    assert_eq!(warned.len(), 3, "{warned:?}");
    assert!(warned[0].starts_with("page 1:") && warned[0].contains("upside down"));
    let squeeze = |s: &str| s.split_whitespace().collect::<String>();
    assert_eq!(
        squeeze(got.meta.title.as_deref().unwrap_or_default()),
        "木垒县民政事业发展“十四五”规划"
    );
    for size in got.source.page_sizes.as_ref().unwrap() {
        let [w, h] = size.unwrap();
        assert!(w < h, "shown upright: {w}×{h}");
    }
    // The headings of the upright scan, on the same pages (OCR may read a
    // character differently now and then).
    let heads = |p: &guihua::model::Plan| -> Vec<(String, Option<u32>)> {
        p.outline
            .iter()
            .map(|h| (squeeze(&h.title), h.span.page))
            .collect()
    };
    let (want, got) = (heads(&want), heads(&got));
    let same = got.iter().filter(|h| want.contains(h)).count();
    assert!(
        want.len() >= 15 && same * 10 >= want.len() * 9,
        "{same} of {} headings\nupright: {want:?}\nturned: {got:?}",
        want.len()
    );
}

/// A scan whose page images are drawn inline (`BI … ID … EI`) rather than
/// as XObjects, as some scanner drivers write them: JPEG-coded on one page,
/// Flate-coded with abbreviated names (/F /Fl, /CS /G) on the next.
#[test]
fn inline_page_images_are_read() {
    use std::io::Write;
    if !tools() {
        return;
    }
    let Some(pdf) = shared_pdf("lo", "003_08fcdae4f348d3f7") else {
        return;
    };
    let dir = scratch("ocr-inline");
    let prefix = dir.join("p");
    pngs_150dpi(&pdf, &prefix, &["-f", "1", "-l", "2"]);
    let mut pages = Vec::new();
    for (k, n) in ["1", "2"].iter().enumerate() {
        let png = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| {
                let name = p.file_name().unwrap().to_string_lossy().into_owned();
                name.starts_with("p-") && name.trim_end_matches(".png").ends_with(n)
            })
            .expect("a page image");
        let g = image::open(&png).unwrap().to_luma8();
        let (w, h) = g.dimensions();
        let (filter, data) = if k == 0 {
            let mut jpeg = Vec::new();
            g.write_to(
                &mut std::io::Cursor::new(&mut jpeg),
                image::ImageFormat::Jpeg,
            )
            .unwrap();
            ("/DCT", jpeg)
        } else {
            let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
            z.write_all(g.as_raw()).unwrap();
            ("/Fl", z.finish().unwrap())
        };
        let mut content =
            format!("q 595 0 0 842 0 0 cm\nBI /W {w} /H {h} /CS /G /BPC 8 /F {filter}\nID ")
                .into_bytes();
        content.extend_from_slice(&data);
        content.extend_from_slice(b"\nEI\nQ\n");
        pages.push(content);
    }
    let bytes = save_pages(
        lopdf::Document::with_version("1.5"),
        pages
            .into_iter()
            .map(|c| (c, lopdf::Dictionary::new()))
            .collect(),
    );
    let plan =
        guihua::extract_bytes(Path::new("inline.pdf"), &bytes).unwrap_or_else(|e| panic!("{e}"));
    assert!(plan.source.ocr);
    assert_eq!(plan.source.ocr_detail.as_ref().unwrap().pages, vec![1, 2]);
    assert_eq!(
        plan.meta.title.as_deref(),
        Some("木垒县民政事业发展“十四五”规划")
    );
    // The Flate page's words are there too.
    let second: String = plan
        .paragraphs
        .iter()
        .filter(|p| p.span.page == Some(2))
        .map(|p| p.text.as_str())
        .collect();
    assert!(
        second.chars().filter(|c| *c > '\u{4E00}').count() > 100,
        "{second}"
    );
}
