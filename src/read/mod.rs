//! Stage 1, read: each input format has a reader that turns its bytes into
//! one [`Document`] — lines with their spans and, where the format says,
//! style hints ([`LineStyle`]) — and table rows as tab-separated lines, the
//! same for every reader. The stages after this one never know which reader
//! ran (`source.format` records it).
//!
//! | reader | module | notes |
//! |---|---|---|
//! | text (.txt, .md, stdin) | [`text`] | encodings detected; laid-out text read as a page |
//! | PDF | [`pdf`] | lopdf objects, our content-stream interpreter, layout, ruled and borderless tables |
//! | Word (.docx) | [`docx`] | zip + quick-xml: paragraphs, list numbers, merged cells, text boxes |
//! | web page (.html) | [`html`] | charset, HTML5 parser, the article without the site's chrome |
//! | scans (PDF pages without text, .png/.jpg/.tif) | [`ocr`], [`image`] | image XObjects decoded, Tesseract's words placed as the PDF path's glyphs, then the PDF layout |

pub mod docx;
pub mod html;
pub mod image;
pub mod ocr;
pub mod pdf;
pub mod text;

use crate::model::{Format, Span, Warning};

/// A source document as lines, ready for cleaning.
#[derive(Debug, Clone)]
pub struct Document {
    pub format: Format,
    /// Detected text encoding (text and web-page input).
    pub encoding: Option<&'static str>,
    /// Page count (PDF input only).
    pub pages: Option<u32>,
    /// Each page's `[width, height]` in PDF points (PDF input only; None for
    /// a page that could not be read). Line bboxes count from the top-left
    /// corner of their page.
    pub page_sizes: Option<Vec<Option<[f64; 2]>>>,
    pub lines: Vec<SrcLine>,
    pub warnings: Vec<Warning>,
    /// Pages read by OCR (PDF scans, image files).
    pub ocr: Option<crate::model::Ocr>,
}

/// One line of the source, as decoded (markup and all).
#[derive(Debug, Clone)]
pub struct SrcLine {
    pub text: String,
    pub span: Span,
    /// How the page sets the line, where the reader knows (PDF).
    pub style: Option<LineStyle>,
}

/// What a page says about a line's look: hints the outline stage reads where
/// a document's headings carry no numbers.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct LineStyle {
    /// Font size over the document's body text size (1.0: body text).
    pub rel_size: f32,
    /// Set in a bold or 黑体 face.
    pub bold: bool,
    /// Centred between the margins, reaching neither.
    pub centered: bool,
    /// The outline level a format declares (a Word heading style; 0 = top).
    pub level: Option<u8>,
}
