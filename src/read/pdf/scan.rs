//! Scanned pages of a PDF: which images OCR reads ([`select`]), and their
//! words put on the page as glyphs and rules ([`run`]), pages in parallel.

use super::objects::Pdf;
use super::{Glyph, PageContent, Placed};
use crate::error::{ErrorKind, InputError, LimitKind, PdfError};
use crate::model::{Format, Ocr, Warning};
use crate::read::image::{self, RawImage};
use crate::read::ocr::{self, compose, Affine, Job};
use crate::read::Document;
use crate::OcrMode;
use rayon::prelude::*;
use std::time::Instant;

/// An image covering this share of an untexted page is its scan.
const SCAN_SHARE: f64 = 0.10;
/// Inside a page with text (`--ocr always`), an image this big (points) can
/// hold text worth reading: a 专栏 or a table pasted as a picture.
const MIN_TEXT_IMAGE: (f64, f64) = (72.0, 36.0);

/// One page's images waiting for OCR.
pub struct Pending {
    /// Index of the page in the reader's page list.
    pub index: usize,
    pub page: u32,
    /// The page had no text of its own.
    pub scan: bool,
    /// Each image with its pixel → page map.
    pub images: Vec<(RawImage, Affine)>,
    /// The box the page's text is laid out in: the media box, or for a
    /// scanned page with /Rotate, the box as a viewer shows it.
    pub upright_box: [f64; 4],
    /// The page's text layer is undecodable: the page is rendered and read
    /// whole, instead of its images (see [`super::render`]).
    pub render: bool,
    /// The page is shown turned (/Rotate): its own rules are in the unturned
    /// page, so a rendered page keeps OCR's instead.
    pub turned: bool,
    /// Only this part of a rendered page (page space) is read: where a
    /// page with a text layer draws a few characters as outlines.
    pub crop: Option<[f64; 4]>,
}

impl Pending {
    /// A page to render and read whole.
    pub fn render(index: usize, page: u32, media: [f64; 4], rotate: u8) -> Pending {
        let (_, upright_box) = view(media, rotate);
        Pending {
            index,
            page,
            scan: false,
            images: Vec::new(),
            upright_box,
            render: true,
            turned: rotate % 4 != 0,
            crop: None,
        }
    }
}

/// Where a unit-square image placed by `ctm` lands: its bounding box.
fn bbox(ctm: &[f64; 6]) -> [f64; 4] {
    let pts = [(0.0, 0.0), (1.0, 0.0), (0.0, 1.0), (1.0, 1.0)].map(|(x, y)| ocr::apply(ctm, x, y));
    let xs = pts.map(|p| p.0);
    let ys = pts.map(|p| p.1);
    [
        xs.iter().copied().fold(f64::INFINITY, f64::min),
        ys.iter().copied().fold(f64::INFINITY, f64::min),
        xs.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        ys.iter().copied().fold(f64::NEG_INFINITY, f64::max),
    ]
}

/// The images of a page OCR should read, by `mode`: on a page without text,
/// those covering a good part of it; with `always`, also large images on a
/// page with text that no text is drawn over.
pub fn select(
    pdf: &Pdf,
    index: usize,
    page: u32,
    media: [f64; 4],
    rotate: u8,
    content: &PageContent,
    mode: OcrMode,
) -> Result<Option<Pending>, String> {
    let scan = content.glyphs.is_empty();
    if content.placed.is_empty() || (!scan && mode != OcrMode::Always) {
        return Ok(None);
    }
    let page_area = ((media[2] - media[0]) * (media[3] - media[1]))
        .abs()
        .max(1.0);
    let chosen: Vec<&Placed> = content
        .placed
        .iter()
        .filter(|p| {
            let b = bbox(&p.ctm);
            let (w, h) = (b[2] - b[0], b[3] - b[1]);
            if scan {
                return w * h >= SCAN_SHARE * page_area;
            }
            let covered = content
                .glyphs
                .iter()
                .filter(|g| g.x >= b[0] && g.x <= b[2] && g.y >= b[1] && g.y <= b[3])
                .count();
            w >= MIN_TEXT_IMAGE.0 && h >= MIN_TEXT_IMAGE.1 && covered < 5
        })
        .collect();
    if chosen.is_empty() {
        return Ok(None);
    }
    // A scanned page shown turned (/Rotate) is read as it is shown.
    let (view, upright_box) = if scan && rotate % 4 != 0 {
        view(media, rotate)
    } else {
        ([1.0, 0.0, 0.0, 1.0, 0.0, 0.0], media)
    };
    let mut pending = Pending {
        index,
        page,
        scan,
        images: Vec::new(),
        upright_box,
        render: false,
        turned: false,
        crop: None,
    };
    if mode == OcrMode::Never {
        return Ok(Some(pending));
    }
    for p in chosen {
        let raw = pdf.image(&p.image, page).map_err(|e| e.to_string())?;
        // Pixel (x right, y down) → the unit square (y up) → page → view.
        let unit: Affine = [
            1.0 / f64::from(raw.width),
            0.0,
            0.0,
            -1.0 / f64::from(raw.height),
            0.0,
            1.0,
        ];
        let to_page = compose(&compose(&unit, &p.ctm), &view);
        pending.images.push((raw, to_page));
    }
    Ok(Some(pending))
}

/// The map from page space to the page as a viewer shows it after /Rotate
/// (quarter turns clockwise), and that shown box.
pub fn view(m: [f64; 4], rotate: u8) -> (Affine, [f64; 4]) {
    ocr::page_view(m, rotate)
}

/// A page's index, number, what each of its images gave, whether it was
/// rendered whole (and shown turned), and where OCR's text lies on it.
type PageResult = (
    usize,
    u32,
    Vec<Result<ocr::PageRead, String>>,
    Option<bool>,
    Region,
);

/// Where on a page OCR put its text: the whole page (a scan, a rendered
/// page), or the boxes of the images it read on a page with text of its
/// own, in page space.
#[derive(Debug, Clone, PartialEq)]
pub enum Region {
    Page,
    Boxes(Vec<[f64; 4]>),
}

/// What OCR did to a document: `source.ocr_detail`, and where on which
/// page (1-based) its text lies.
pub type Done = (Option<Ocr>, Vec<(u32, Region)>);

impl Region {
    /// The page-space box an image covers under its pixel → page map.
    fn of_image(width: u32, height: u32, m: &Affine) -> [f64; 4] {
        let (w, h) = (f64::from(width), f64::from(height));
        let pts = [(0.0, 0.0), (w, 0.0), (0.0, h), (w, h)].map(|(x, y)| ocr::apply(m, x, y));
        pts.iter().fold(
            [
                f64::INFINITY,
                f64::INFINITY,
                f64::NEG_INFINITY,
                f64::NEG_INFINITY,
            ],
            |b, &(x, y)| [b[0].min(x), b[1].min(y), b[2].max(x), b[3].max(y)],
        )
    }

    /// Whether a line's page-space box lies in the region (by its middle).
    pub fn holds(&self, b: &[f64; 4]) -> bool {
        let (x, y) = ((b[0] + b[2]) / 2.0, (b[1] + b[3]) / 2.0);
        match self {
            Region::Page => true,
            Region::Boxes(v) => v
                .iter()
                .any(|r| x >= r[0] && x <= r[2] && y >= r[1] && y <= r[3]),
        }
    }
}

/// OCR every pending page (in parallel, a few pages at a time so that
/// decoded images do not pile up) and put what it reads on the pages.
/// Returns what OCR did (the document's `source.ocr_detail`, and where
/// its text lies), and what to tell of a page with images that is still
/// without text.
pub fn run(
    pages: &mut [([f64; 4], PageContent)],
    pending: Vec<Pending>,
    renderer: Option<&super::render::Renderer>,
    opts: &crate::Options,
    warnings: &mut Vec<Warning>,
) -> Result<(Done, String), PdfError> {
    let wanted: Vec<Pending> = pending
        .into_iter()
        .filter(|p| !p.images.is_empty() || p.scan || (p.render && renderer.is_some()))
        .collect();
    let reads = |p: &Pending| !p.images.is_empty() || p.render;
    let engine = match wanted.iter().any(reads) {
        true => Some(ocr::engine()),
        false => None,
    };
    let engine = match engine {
        None if opts.ocr == OcrMode::Never => {
            return Ok(((None, Vec::new()), "OCR is off (--ocr never)".into()))
        }
        None => {
            return Ok((
                (None, Vec::new()),
                "its images are too small to be the page's scan (--ocr always reads them)".into(),
            ))
        }
        Some(Err(e)) => {
            if pages.iter().all(|(_, c)| c.glyphs.is_empty()) {
                return Err(PdfError::Scan {
                    pages: pages.len() as u32,
                    why: e,
                });
            }
            return Ok(((None, Vec::new()), format!("OCR could not run: {e}")));
        }
        Some(Ok(engine)) => engine,
    };
    let chunk = (rayon::current_num_threads() * 2).max(2);
    let total = wanted.iter().filter(|p| reads(p)).count() as u32;
    let finished = std::sync::atomic::AtomicU32::new(0);
    let (mut done, mut words, mut conf) = (Vec::new(), 0usize, 0.0);
    let mut regions = Vec::new();
    let mut choices = Vec::new();
    // Rendered pages whose layer OCR fills, once every page taught the
    // fonts' maps (`learn`).
    let mut rendered_reads: Vec<(usize, Vec<Glyph>)> = Vec::new();
    let mut iter = wanted.into_iter().peekable();
    while iter.peek().is_some() {
        let batch: Vec<Pending> = iter.by_ref().take(chunk).collect();
        let now = Instant::now();
        if let Some(d) = opts.limits.deadline {
            if now > d {
                return Err(PdfError::Limit {
                    kind: LimitKind::Time,
                    what: "time limit reached during OCR".into(),
                    page: batch.first().map(|p| p.page),
                });
            }
        }
        let results: Vec<PageResult> = batch
            .into_par_iter()
            .map(|p| {
                // A page scanned as one image may be read turned with it.
                let whole = (p.scan && p.images.len() == 1).then_some(p.upright_box);
                let region = match (p.crop, p.scan || p.render) {
                    (Some(b), _) => Region::Boxes(vec![b]),
                    (None, true) => Region::Page,
                    (None, false) => Region::Boxes(
                        p.images
                            .iter()
                            .map(|(raw, m)| Region::of_image(raw.width, raw.height, m))
                            .collect(),
                    ),
                };
                let reads: Vec<_> = match renderer.filter(|_| p.render) {
                    // A rendered page is upright already.
                    Some(r) => {
                        let bounds = ocr::Bounds::page(&opts.limits);
                        vec![r
                            .page(
                                p.page,
                                p.upright_box,
                                p.crop,
                                opts.limits.max_image_pixels,
                                bounds.limit,
                            )
                            .and_then(|job| ocr::recognize(job, None, bounds))]
                    }
                    None => p
                        .images
                        .into_par_iter()
                        .map(|(raw, to_page)| {
                            let bounds = ocr::Bounds::page(&opts.limits);
                            let image = image::decode(&raw, opts.limits.max_image_pixels)
                                .map_err(|e| format!("{e}; the image is left unread"))?;
                            // The map was made for the size the PDF declares;
                            // coded data may hold another.
                            let to_page = if (image.width, image.height) != (raw.width, raw.height)
                            {
                                let fit: ocr::Affine = [
                                    f64::from(raw.width) / f64::from(image.width.max(1)),
                                    0.0,
                                    0.0,
                                    f64::from(raw.height) / f64::from(image.height.max(1)),
                                    0.0,
                                    0.0,
                                ];
                                compose(&fit, &to_page)
                            } else {
                                to_page
                            };
                            ocr::recognize(Job { image, to_page }, whole, bounds)
                        })
                        .collect(),
                };
                let n = finished.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                opts.ocr_page_done(n, total);
                (p.index, p.page, reads, p.render.then_some(p.turned), region)
            })
            .collect();
        for (index, page, reads, rendered, region) in results {
            let mut any = false;
            // Only the characters drawn as outlines were rendered.
            let cropped = rendered.is_some() && matches!(region, Region::Boxes(_));
            let least = if cropped {
                super::render::MIN_OUTLINE_CONFIDENCE
            } else {
                super::render::MIN_CONFIDENCE
            };
            for r in reads {
                match r {
                    // A rendered page that OCR can hardly read (its fonts
                    // draw the wrong shapes too) keeps its own text layer.
                    Ok(read) if rendered.is_some() && read.confidence < least => {
                        let (what, so) = if cropped {
                            ("the characters drawn as outlines", "they are left out")
                        } else {
                            ("the rendered page", "its text layer is kept")
                        };
                        warnings.push(Warning::new(
                            "ocr-failed",
                            format!(
                                "page {page}: OCR of {what} read little (confidence {:.0}); {so}",
                                read.confidence
                            ),
                            None,
                        ));
                    }
                    Ok(read) => {
                        if let Some(w) = turned_warning(page, read.turned) {
                            warnings.push(w);
                            let m = &mut pages[index].0;
                            *m = view(*m, read.turned).1;
                        }
                        let c = &mut pages[index].1;
                        match rendered {
                            // OCR fills the text layer's gaps, or replaces a
                            // layer mostly gaps; the page's own rules stay
                            // where they are in its space. (A rendered
                            // page's cells keep the page model's reading:
                            // its choices are not carried into the layer.)
                            Some(false) => rendered_reads.push((index, read.glyphs)),
                            Some(true) => {
                                c.glyphs = read.glyphs;
                                c.rules = read.rules;
                            }
                            None => {
                                let base = c.glyphs.len();
                                choices.extend(read.choices.into_iter().map(|mut k| {
                                    k.glyphs.iter_mut().for_each(|i| *i += base);
                                    (index, k)
                                }));
                                c.glyphs.extend(read.glyphs);
                                c.rules.extend(read.rules);
                            }
                        }
                        words += read.words;
                        conf += read.confidence * read.words as f64;
                        any = true;
                    }
                    Err(e) => warnings.push(Warning::new(
                        "ocr-failed",
                        format!("page {page}: {e}"),
                        None,
                    )),
                }
            }
            if any {
                done.push(page);
                regions.push((page, region));
            }
        }
    }
    fill_rendered(pages, rendered_reads, warnings);
    settle(pages, choices);
    let why = "OCR read no text on it".to_string();
    if done.is_empty() {
        return Ok(((None, regions), why));
    }
    done.sort_unstable();
    Ok(((Some(summary(engine, done, words, conf)), regions), why))
}

/// The rendered pages' text layers filled from what OCR read on them: each
/// code first by what OCR read at its places over all of them ([`learn`]),
/// then what is left by what OCR read at the place ([`render::fill`]); a
/// layer still mostly without text is replaced by OCR's reading.
///
/// [`learn`]: super::learn
/// [`render::fill`]: super::render::fill
fn fill_rendered(
    pages: &mut [([f64; 4], PageContent)],
    reads: Vec<(usize, Vec<Glyph>)>,
    warnings: &mut Vec<Warning>,
) {
    let mut learned = super::learn::Learned::default();
    for (index, read) in &reads {
        learned.learn(&pages[*index].1, read);
    }
    let map = learned.map();
    let mut given = 0;
    for (index, read) in reads {
        let c = &mut pages[index].1;
        let here = super::learn::decode(c, &map);
        // A layer the learned maps read otherwise than OCR read the page
        // (fonts too small or too many to learn from) gives way to OCR.
        if !super::render::fill(c, &read)
            || (here > 0 && super::learn::agreement(&c.glyphs, &read) < super::learn::MIN_AGREEMENT)
        {
            c.glyphs = read;
        } else {
            given += here;
        }
    }
    if given > 0 {
        let fonts: std::collections::HashSet<u32> = map.keys().map(|k| k.font()).collect();
        warnings.push(Warning::new(
            "font-map-learned",
            format!(
                "the Unicode maps of {} fonts were learned from OCR of the rendered pages \
                 ({} codes, from {} lines); {given} characters of the text layer read by them",
                fonts.len(),
                map.len(),
                learned.lines
            ),
            None,
        ));
    }
}

/// Settle the cells both models read ([`ocr::settle`]) over every page.
fn settle(pages: &mut [([f64; 4], PageContent)], choices: Vec<(usize, ocr::Choice)>) {
    let mut glyphs: Vec<&mut Vec<Glyph>> = pages.iter_mut().map(|(_, c)| &mut c.glyphs).collect();
    ocr::settle(&mut glyphs, choices);
}

/// The `ocr-turned` warning of a page whose scan lay turned and was read
/// turned upright.
fn turned_warning(page: u32, quarters: u8) -> Option<Warning> {
    let how = match quarters % 4 {
        0 => return None,
        1 => "a quarter turn clockwise",
        2 => "upside down",
        _ => "a quarter turn anticlockwise",
    };
    Some(Warning::new(
        "ocr-turned",
        format!("page {page}: the scan lay turned; read turned {how} (Tesseract's orientation detection)"),
        None,
    ))
}

/// What `source.ocr` says: the engine, the pages read, and the mean word
/// confidence from the words' summed confidences.
fn summary(engine: &ocr::Engine, pages: Vec<u32>, words: usize, conf: f64) -> Ocr {
    Ocr {
        engine: format!("{} ({})", engine.version, engine.lang),
        pages,
        confidence: if words > 0 {
            (conf / words as f64 * 10.0).round() / 10.0
        } else {
            0.0
        },
    }
}

/// The widest page an image file's recorded resolution is believed for, in
/// inches (A2's short side): many programs write 72 dpi whatever the image,
/// which would make an A4 scan at 300 dpi a sheet a yard wide.
const MAX_FILE_PAGE_IN: f64 = 16.5;

/// The resolution of an image file's page: as recorded, where that makes a
/// page of plausible size, or else taking the page to be A4 wide.
fn file_dpi(p: &image::FilePage) -> (f64, f64) {
    const A4_WIDTH_IN: f64 = 595.0 / 72.0;
    let (w, h) = (f64::from(p.image.width), f64::from(p.image.height));
    p.dpi
        .filter(|&(dx, dy)| (w / dx).min(h / dy) <= MAX_FILE_PAGE_IN)
        .unwrap_or_else(|| {
            let d = w / A4_WIDTH_IN;
            (d, d)
        })
}

/// A scanned plan as image files (.png, .jpg, .tif, every page of a
/// multi-page .tif): each page recognized (in parallel) and laid out as a
/// PDF page is. A page's size comes from the resolution the file records,
/// or, when it records none, from taking the page to be A4 wide.
pub fn image_document(bytes: &[u8], opts: &crate::Options) -> Result<Document, ErrorKind> {
    let files = image::read_image_file(bytes, opts.limits.max_image_pixels).map_err(|e| {
        if image::is_pixel_limit(&e) {
            return ErrorKind::Input(InputError::Limit(LimitKind::Pixels, e));
        }
        ErrorKind::Input(InputError::NotText {
            detail: format!("not a readable image: {e}"),
        })
    })?;
    if opts.ocr == OcrMode::Never {
        return Err(ErrorKind::Pdf(PdfError::Scan {
            pages: files.len() as u32,
            why: "OCR is off (--ocr never)".into(),
        }));
    }
    let engine = ocr::engine().map_err(|why| {
        ErrorKind::Pdf(PdfError::Scan {
            pages: files.len() as u32,
            why,
        })
    })?;
    let n = files.len();
    let finished = std::sync::atomic::AtomicU32::new(0);
    let reads: Vec<(usize, [f64; 4], Result<ocr::PageRead, String>)> = files
        .into_par_iter()
        .enumerate()
        .map(|(i, p)| {
            let (dx, dy) = file_dpi(&p);
            let (w, h) = (
                f64::from(p.image.width) * 72.0 / dx,
                f64::from(p.image.height) * 72.0 / dy,
            );
            let to_page = [72.0 / dx, 0.0, 0.0, -72.0 / dy, 0.0, h];
            let media = [0.0, 0.0, w, h];
            let read = ocr::recognize(
                Job {
                    image: p.image,
                    to_page,
                },
                Some(media),
                ocr::Bounds::page(&opts.limits),
            );
            let k = finished.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
            opts.ocr_page_done(k, n as u32);
            (i, media, read)
        })
        .collect();
    let mut warnings = Vec::new();
    let mut pages = Vec::with_capacity(n);
    let mut choices = Vec::new();
    let (mut done, mut words, mut conf) = (Vec::new(), 0usize, 0.0);
    for (i, mut media, read) in reads {
        let mut content = PageContent::default();
        match read {
            Ok(r) => {
                if let Some(w) = turned_warning(i as u32 + 1, r.turned) {
                    warnings.push(w);
                }
                media = view(media, r.turned).1;
                words += r.words;
                conf += r.confidence * r.words as f64;
                content.glyphs = r.glyphs;
                content.rules = r.rules;
                choices.extend(r.choices.into_iter().map(|k| (pages.len(), k)));
                done.push(i as u32 + 1);
            }
            Err(e) => warnings.push(Warning::new(
                "ocr-failed",
                format!("page {}: {e}", i + 1),
                None,
            )),
        }
        pages.push((media, content));
    }
    settle(&mut pages, choices);
    if pages.iter().all(|(_, c)| c.glyphs.is_empty()) {
        return Err(ErrorKind::Pdf(PdfError::Scan {
            pages: n as u32,
            why: warnings
                .first()
                .map_or("OCR found no text".to_string(), |w| w.message.clone()),
        }));
    }
    let (mut lines, tables) = super::layout::layout(&pages);
    // Every line of an image is OCR's.
    for l in &mut lines {
        l.span.ocr = true;
    }
    let page_sizes = pages
        .iter()
        .map(|(m, _)| Some([m[2] - m[0], m[3] - m[1]].map(super::layout::round2)))
        .collect();
    Ok(Document {
        format: Format::Image,
        page_sizes: Some(page_sizes),
        encoding: None,
        pages: Some(n as u32),
        lines,
        tables,
        warnings,
        ocr: Some(summary(engine, done, words, conf)),
        record: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_image_files_resolution_believed_where_it_makes_a_page() {
        let page = |w, h, dpi| image::FilePage {
            image: image::Gray::white(w, h),
            dpi,
        };
        // An A4 scan at 300 dpi that says so, that says 72, that says nothing.
        assert_eq!(
            file_dpi(&page(2480, 3508, Some((300.0, 300.0)))),
            (300.0, 300.0)
        );
        let a4 = 2480.0 / (595.0 / 72.0);
        assert_eq!(file_dpi(&page(2480, 3508, Some((72.0, 72.0)))), (a4, a4));
        assert_eq!(file_dpi(&page(2480, 3508, None)), (a4, a4));
        // An A3 sheet at 150 dpi, landscape.
        assert_eq!(
            file_dpi(&page(2480, 1754, Some((150.0, 150.0)))),
            (150.0, 150.0)
        );
    }

    #[test]
    fn rotated_view_keeps_the_page_in_its_box() {
        let m = [0.0, 0.0, 595.0, 842.0];
        for r in 0..4 {
            let (v, b) = view(m, r);
            for (x, y) in [(0.0, 0.0), (595.0, 842.0), (100.0, 700.0)] {
                let (a, c) = ocr::apply(&v, x, y);
                assert!(
                    a >= b[0] - 1e-9 && a <= b[2] + 1e-9 && c >= b[1] - 1e-9 && c <= b[3] + 1e-9,
                    "{r}: {a},{c} in {b:?}"
                );
            }
        }
        // Turned clockwise, the page's top edge is on the right.
        let (v, _) = view(m, 1);
        assert!((ocr::apply(&v, 300.0, 842.0).0 - 842.0).abs() < 1e-9);
    }
}
