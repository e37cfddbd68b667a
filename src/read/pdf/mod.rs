//! Stage 1 for PDF input: bytes → [`Document`] lines with page, line and bbox.
//!
//! [`objects`] reads the file with lopdf (and is the only module that does);
//! [`interp`] runs each page's content stream into glyphs and rules, with
//! [`font`] decoding character codes; [`layout`] turns them into lines, table
//! rows and paragraphs, reading a page set in columns ([`columns`]) column
//! by column and tables drawn without rules by [`borderless`]. Pages whose
//! text layer is undecodable are rendered ([`render`]) and read by OCR
//! ([`scan`]), which teaches fonts without Unicode maps their text
//! ([`learn`]). The result feeds the same clean → … → model stages as text
//! input.

mod borderless;
mod columns;
pub mod font;
mod interp;
mod layout;
mod learn;
mod objects;
mod render;
mod scan;
pub mod textpage;

pub use scan::image_document;

use crate::error::{LimitKind, PdfError};
use crate::model::{Format, Warning};
use crate::read::Document;
use crate::OcrMode;

/// One content operation.
#[derive(Debug, Clone)]
pub struct Op {
    pub op: String,
    pub args: Vec<Arg>,
}

/// An operand.
#[derive(Debug, Clone)]
pub enum Arg {
    Num(f64),
    Name(Vec<u8>),
    Str(Vec<u8>),
    Arr(Vec<Arg>),
    /// The image a `BI` draws.
    Inline(std::sync::Arc<objects::InlineImage>),
    /// The `/ActualText` of a marked-content property list written inline
    /// (`/Span <</ActualText (…)>> BDC`): the text the glyphs inside stand for.
    ActualText(String),
    Other,
}

/// A glyph placed on the page (page space, PDF points, y up).
#[derive(Debug, Clone)]
pub struct Glyph {
    pub text: String,
    /// Origin on the baseline.
    pub x: f64,
    pub y: f64,
    /// Advance width.
    pub w: f64,
    /// Where the text-showing operation that drew the glyph began.
    pub run_x: f64,
    pub run_y: f64,
    /// Effective font size.
    pub size: f64,
    pub bold: bool,
    /// The font's family ([`font::Font::family`]); 0 where unknown (OCR).
    pub face: u32,
    /// Which glyph of which font drew it: what OCR reads where a font
    /// without a Unicode map draws a glyph teaches the map for the whole
    /// document ([`learn`]).
    pub code: Option<font::GlyphKey>,
}

#[cfg(test)]
impl Glyph {
    /// A glyph of `text` ten points wide and tall at (x, y), its own run.
    pub(crate) fn at(text: &str, x: f64, y: f64) -> Glyph {
        Glyph {
            text: text.into(),
            x,
            y,
            w: 10.0,
            run_x: x,
            run_y: y,
            size: 10.0,
            bold: false,
            face: 0,
            code: None,
        }
    }
}

/// An axis-aligned ruling line, x0 ≤ x1 and y0 ≤ y1.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl Rule {
    pub fn new(x0: f64, y0: f64, x1: f64, y1: f64) -> Rule {
        Rule {
            x0: x0.min(x1),
            y0: y0.min(y1),
            x1: x0.max(x1),
            y1: y0.max(y1),
        }
    }
}

impl PageContent {
    /// Characters drawn as outlines, over all [`PageContent::outlined`] runs.
    pub fn outlined_chars(&self) -> usize {
        self.outlined.iter().map(|r| r.1).sum()
    }
}

/// A filled path other than rectangles, up to an inch tall.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    /// x0, y0, x1, y1 in page space.
    pub bbox: [f64; 4],
    /// Its lines and curves.
    pub segments: u32,
}

/// What the interpreter found on a page.
#[derive(Debug, Default)]
pub struct PageContent {
    pub glyphs: Vec<Glyph>,
    pub rules: Vec<Rule>,
    /// Images drawn (XObjects and inline).
    pub images: usize,
    /// Character codes shown.
    pub codes: usize,
    /// Codes no font map could turn into text.
    pub unmapped: usize,
    /// Glyphs left out because their text is set on a diagonal.
    pub rotated: usize,
    /// Glyphs with text, by which way they run ([`interp`]'s quarter turns
    /// anticlockwise: 0 left to right, 1 up the page, 2 upside down, 3 down).
    pub turns: [usize; 4],
    /// Form XObjects not drawn: nested deeper than the limit.
    pub deep_forms: usize,
    /// The page drew more operations than the limit and was cut short.
    pub truncated: bool,
    /// Where character codes without text were drawn (`text` empty).
    pub holes: Vec<Glyph>,
    /// Filled paths: characters among them if the text was drawn as
    /// outlines.
    pub shapes: Vec<Shape>,
    /// Runs of characters drawn as outlines ([`render::outlined`]), with
    /// how many characters each holds.
    pub outlined: Vec<([f64; 4], usize)>,
    /// Glyphs past [`interp::MAX_GLYPHS_PER_PAGE`], not kept.
    pub dropped: usize,
    /// Image XObjects drawn, with the matrix that placed each.
    pub placed: Vec<Placed>,
}

/// An image drawn on a page: the unit square goes through `ctm`.
#[derive(Debug, Clone)]
pub struct Placed {
    pub image: objects::ImageSrc,
    pub ctm: [f64; 6],
}

/// Most image placements remembered per page (a page tiled with thousands of
/// small images is not a scan).
pub const MAX_PLACED_IMAGES: usize = 64;

/// Turns a page whose text mostly runs up or down it (a landscape page drawn
/// turned on a portrait sheet, as virtual printers do, shown upright by
/// /Rotate) so that its text runs left to right: every glyph, rule and image
/// goes into the upright frame. Gives the quarter turns clockwise and the
/// upright box; `None` where most text already runs left to right.
fn turn_upright(content: &mut PageContent, media: [f64; 4]) -> Option<(u8, [f64; 4])> {
    // Ties go to left to right (the first of the largest).
    let most = (1..4u8).fold(0u8, |best, q| {
        if content.turns[q as usize] > content.turns[best as usize] {
            q
        } else {
            best
        }
    });
    if most == 0 {
        return None;
    }
    // Text running `most` quarters anticlockwise reads left to right once
    // the page is turned as many quarters clockwise.
    let (view, upright) = crate::read::ocr::page_view(media, most);
    let at = |x: f64, y: f64| crate::read::ocr::apply(&view, x, y);
    for g in content.glyphs.iter_mut().chain(content.holes.iter_mut()) {
        (g.x, g.y) = at(g.x, g.y);
        (g.run_x, g.run_y) = at(g.run_x, g.run_y);
    }
    for s in &mut content.shapes {
        let [x0, y0, x1, y1] = s.bbox;
        let ((x0, y0), (x1, y1)) = (at(x0, y0), at(x1, y1));
        s.bbox = [x0.min(x1), y0.min(y1), x0.max(x1), y0.max(y1)];
    }
    for r in &mut content.rules {
        let (x0, y0) = at(r.x0, r.y0);
        let (x1, y1) = at(r.x1, r.y1);
        *r = Rule::new(x0, y0, x1, y1);
    }
    for p in &mut content.placed {
        p.ctm = crate::read::ocr::compose(&p.ctm, &view);
    }
    Some((most, upright))
}

/// Read a PDF into document lines.
pub fn pdf_document(bytes: &[u8]) -> Result<Document, PdfError> {
    pdf_document_with(bytes, &crate::Options::default())
}

/// Read a PDF into document lines with `opts`: its limits, and the password
/// tried after the empty one, with OCR as `opts.ocr` says.
pub fn pdf_document_with(bytes: &[u8], opts: &crate::Options) -> Result<Document, PdfError> {
    let limits = &opts.limits;
    let pdf = objects::load(bytes, limits, opts.password.as_deref())?;
    let n = pdf.page_count();
    if n == 0 {
        return Err(PdfError::NoPages);
    }
    let mut warnings = Vec::new();
    if pdf.recovered {
        warnings.push(Warning::new(
            "pdf-recovered",
            "the file's cross-reference data is damaged (a truncated or edited file?) and was rebuilt by scanning; content may be missing",
            None,
        ));
    }
    let mut pages = Vec::with_capacity(n);
    let mut scans: Vec<scan::Pending> = Vec::new();
    let mut page_nos: Vec<u32> = Vec::with_capacity(n);
    let mut page_sizes = Vec::with_capacity(n);
    let mut outlined_pages = 0;
    for i in 0..n {
        let page_no = i as u32 + 1;
        if limits
            .deadline
            .is_some_and(|d| std::time::Instant::now() > d)
        {
            return Err(PdfError::Limit {
                kind: LimitKind::Time,
                what: format!(
                    "time limit of {:?} reached",
                    limits.timeout.unwrap_or_default()
                ),
                page: Some(page_no),
            });
        }
        let src = match pdf.page(i) {
            Ok(s) => s,
            Err(e @ PdfError::Limit { .. }) => return Err(e),
            Err(e) => {
                warnings.push(Warning::new(
                    "page-unreadable",
                    format!("page {page_no}: {e}"),
                    None,
                ));
                page_sizes.push(None);
                continue;
            }
        };
        let forms = objects::Forms::new(&pdf, page_no, src.budget);
        let content = interp::run(&src.ops, &src.res, &forms);
        if let Some(e) = forms.limit.take() {
            return Err(e);
        }
        if content.truncated {
            return Err(PdfError::Limit {
                kind: LimitKind::Ops,
                what: format!(
                    "more than {} content operations drawn (forms included)",
                    forms.max_drawn()
                ),
                page: Some(page_no),
            });
        }
        for p in forms.problems.take() {
            warnings.push(Warning::new("form-unreadable", p, None));
        }
        if content.deep_forms > 0 {
            warnings.push(Warning::new(
                "form-too-deep",
                format!(
                    "page {page_no}: {} Form XObjects nested deeper than {} were not drawn",
                    content.deep_forms,
                    objects::MAX_FORM_DEPTH
                ),
                None,
            ));
        }
        if content.unmapped > 0 {
            warnings.push(Warning::new(
                "unmapped-glyphs",
                format!(
                    "page {page_no}: {} of {} character codes have no Unicode mapping and were dropped",
                    content.unmapped, content.codes
                ),
                None,
            ));
        }
        if content.dropped > 0 {
            warnings.push(Warning::new(
                "glyph-limit",
                format!(
                    "page {page_no}: {} characters past the first {} were left out",
                    content.dropped,
                    interp::MAX_GLYPHS_PER_PAGE
                ),
                None,
            ));
        }
        if content.rotated > 0 {
            warnings.push(Warning::new(
                "rotated-text",
                format!(
                    "page {page_no}: {} characters set on a diagonal (a watermark?) were left out",
                    content.rotated
                ),
                None,
            ));
        }
        let mut content = content;
        let (media_box, rotate) = match turn_upright(&mut content, src.media_box) {
            // Now upright, the page is shown turned by what is left of /Rotate.
            Some((q, upright)) => (upright, (src.rotate + 4 - q) % 4),
            None => (src.media_box, src.rotate),
        };
        // Text drawn as outlines is read where it was drawn, as a font's
        // unmapped characters are: OCR of the rendered page fills it in.
        content.outlined = render::outlined(&content);
        content.shapes = Vec::new();
        let n_outlined = content.outlined_chars();
        outlined_pages += u32::from(n_outlined > 0);
        if n_outlined > 0 && opts.ocr == OcrMode::Never {
            warnings.push(Warning::new(
                "outlined-text",
                format!(
                    "page {page_no}: {n_outlined} characters drawn as outlines, not as text, are not read (OCR is off)"
                ),
                None,
            ));
        }
        let garbled = render::garbled_fonts(&mut content);
        if garbled > 0 {
            warnings.push(Warning::new(
                "garbled-glyphs",
                format!(
                    "page {page_no}: {garbled} of {} character codes are in fonts that give symbols for them (✂→✄…), not their text",
                    content.codes
                ),
                None,
            ));
        }
        let undecodable = render::undecodable(&content);
        let mut media = media_box;
        match scan::select(
            &pdf,
            pages.len(),
            page_no,
            media_box,
            rotate,
            &content,
            opts.ocr,
        ) {
            // A page whose text layer is undecodable is read whole by OCR.
            _ if opts.ocr != OcrMode::Never && (n_outlined > 0 || undecodable.is_some()) => {
                let mut p = scan::Pending::render(pages.len(), page_no, src.media_box, src.rotate);
                // A few characters as outlines on a page of text (drawn as
                // shown): only they are read; a whole page takes seconds.
                if src.rotate % 4 == 0 && rotate == src.rotate && undecodable.is_none() {
                    p.crop = render::outline_crop(&content);
                }
                let why = match undecodable {
                    _ if n_outlined > 0 => {
                        format!("{n_outlined} characters are drawn as outlines, not as text")
                    }
                    bad => format!(
                        "its fonts give no text or the wrong text for {} of {} character codes",
                        bad.unwrap_or(0),
                        content.codes
                    ),
                };
                let what = if p.crop.is_some() {
                    "they are"
                } else {
                    "the page is"
                };
                warnings.push(Warning::new(
                    "ocr-page",
                    format!("page {page_no}: {why}; {what} rendered and read by OCR"),
                    None,
                ));
                media = p.upright_box;
                scans.push(p);
            }
            Ok(Some(p)) => {
                if p.upright_box != media {
                    media = p.upright_box;
                }
                scans.push(p);
            }
            Ok(None) => {}
            Err(e) => warnings.push(Warning::new("ocr-failed", e, None)),
        }
        page_sizes.push(Some([
            layout::round2(media[2] - media[0]),
            layout::round2(media[3] - media[1]),
        ]));
        pages.push((media, content));
        page_nos.push(page_no);
    }
    let boxes: Vec<[f64; 4]> = pages.iter().map(|(m, _)| *m).collect();
    let renderer = match scans.iter().find(|p| p.render) {
        None => None,
        Some(first) => match render::Renderer::new(bytes, opts.password.as_deref()) {
            Ok(r) => Some(r),
            Err(e) => {
                warnings.push(Warning::new(
                    "ocr-failed",
                    format!("page {}: its text layer is undecodable and {e}", first.page),
                    None,
                ));
                None
            }
        },
    };
    let ((ocr, regions), why) =
        scan::run(&mut pages, scans, renderer.as_ref(), opts, &mut warnings)?;
    // A scan read turned is shown turned.
    for (k, (m, _)) in pages.iter().enumerate() {
        let size = (page_nos[k] as usize)
            .checked_sub(1)
            .and_then(|i| page_sizes.get_mut(i));
        if let (true, Some(size)) = (*m != boxes[k], size) {
            *size = Some([layout::round2(m[2] - m[0]), layout::round2(m[3] - m[1])]);
        }
    }
    for (k, (_, c)) in pages.iter().enumerate() {
        if c.glyphs.is_empty() && c.images > 0 {
            warnings.push(Warning::new(
                "image-page",
                format!(
                    "page {} has images but no text layer (a scanned page?); {why}",
                    page_nos[k]
                ),
                None,
            ));
        }
    }
    if pages.iter().all(|(_, c)| c.glyphs.is_empty()) {
        let codes: usize = pages.iter().map(|(_, c)| c.codes).sum();
        if codes > 0 {
            return Err(PdfError::NoUnicode {
                codes: codes as u64,
            });
        }
        return Err(PdfError::NoText {
            pages: n as u32,
            outlined: outlined_pages,
        });
    }
    let (mut lines, tables) = layout::layout(&pages);
    // A line OCR read says so in its span.
    for l in &mut lines {
        if let (Some(p), Some(b)) = (l.span.page, l.span.bbox) {
            l.span.ocr = regions.iter().any(|(q, r)| *q == p && r.holds(&b));
        }
    }
    // The contract measures from the page's top-left corner, as viewers do.
    for l in &mut lines {
        let (Some(p), Some(b)) = (l.span.page, l.span.bbox.as_mut()) else {
            continue;
        };
        if let Some((m, _)) = pages.get(p as usize - 1) {
            *b = [
                layout::round2(b[0] - m[0]),
                layout::round2(m[3] - b[3]),
                layout::round2(b[2] - m[0]),
                layout::round2(m[3] - b[1]),
            ];
        }
    }
    Ok(Document {
        format: Format::Pdf,
        encoding: None,
        pages: Some(n as u32),
        page_sizes: Some(page_sizes),
        lines,
        tables,
        warnings,
        ocr,
        record: Vec::new(),
    })
}
