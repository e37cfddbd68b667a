//! guihua (规划) turns Chinese government plan documents — county, city,
//! provincial and national plans, as text, PDF, Word (.docx) or web pages —
//! into structured JSON: metadata, the chapter
//! tree, the 专栏 boxes, the indicator tables and the project lists, with every
//! number normalized and every item traceable to its source line.
//!
//! The work is a pipeline of stages, each a plain function from one type to the
//! next, so the data's way through the code reads top to bottom:
//!
//! | stage | module | from → to |
//! |---|---|---|
//! | read | [`read`] | bytes → [`read::Document`]: lines with spans and style hints, tables as typed [`read::Grid`]s over their lines; one reader per format ([`read::text`], [`read::pdf`], [`read::docx`], [`read::html`]) |
//! | clean | [`clean`] | `Document` → [`clean::Cleaned`] (debris gone, paragraphs re-joined, grids and plain-text tables as table regions) |
//! | meta | [`meta`] | `Cleaned` lines → [`model::Meta`] and the body's extent |
//! | outline | [`outline`] | numbered paragraphs → [`outline::Candidate`]s → [`model::Heading`]s |
//! | boxes | [`boxes`] | 专栏 labels → [`boxes::BoxNode`]s (claiming their items from the outline) |
//! | tables | [`tables`] | table regions → [`tables::TableNode`]s with indicator and project rows |
//! | quantity | [`quantity`] | cells → [`model::Value`] / [`model::Quantity`] |
//! | model | [`assemble`] | all of it → [`model::Plan`], the JSON contract |
//!
//! [`extract_file`] and [`extract_bytes`] run the whole pipeline; [`eval`]
//! scores outputs against gold annotations like `shared/eval/score.py`;
//! [`compare`] builds the cross-document indicator matrix and [`report`] the
//! HTML report over a batch's outputs.

pub mod assemble;
pub mod batch;
pub mod boxes;
pub mod clean;
pub mod compare;
pub mod error;
pub mod eval;
pub mod export;
pub mod meta;
pub mod model;
pub mod numbering;
pub mod outline;
pub mod quantity;
pub mod read;
pub mod report;
pub mod tables;
pub mod text;

use crate::error::{Error, ErrorKind, InputError};
use crate::model::{Plan, Source};
use sha2::{Digest, Sha256};
use std::borrow::Cow;
use std::collections::HashSet;
use std::path::Path;

pub use error::Result;
/// The text reader, under the name earlier versions gave it.
pub use read::text as input;
pub use read::{docx, html, pdf};

/// Resource limits for one input, for every reader. A breach ends that
/// input with an error naming the limit (its [`error::LimitKind`], whose code
/// a batch manifest records); nothing is written for it. The README has the
/// table of limits, defaults and codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Bytes of one input file (`limit-bytes`).
    pub max_input_bytes: u64,
    /// Decompressed bytes of one PDF stream or one part of a .docx package
    /// (`limit-stream`).
    pub max_stream_bytes: usize,
    /// Decompressed bytes of one document, all its streams or parts together
    /// (`limit-document`).
    pub max_document_bytes: u64,
    /// Objects in one PDF (`limit-objects`).
    pub max_objects: usize,
    /// Nesting followed in a PDF (page tree, inherited attributes, chains of
    /// references) and in a Word body (tables in tables, text boxes)
    /// (`limit-depth`).
    pub max_depth: usize,
    /// Element nesting in an XML part of a .docx, or tags in a web page
    /// (`limit-depth`).
    pub max_markup_depth: usize,
    /// Entries in a .docx package (`limit-zip`).
    pub max_zip_entries: usize,
    /// Unpacked to packed size of a .docx part over 1 MiB unpacked, against
    /// zip bombs (`limit-zip`).
    pub max_zip_ratio: u64,
    /// Pixels of one image decoded for OCR (`limit-pixels`; a 600 dpi A3
    /// page is 70 million).
    pub max_image_pixels: u64,
    /// Pages of one PDF (`limit-pages`).
    pub max_pages: usize,
    /// Content operations read per PDF page (four times as many may be
    /// drawn, counting forms each time they are drawn) (`limit-ops`).
    pub max_ops_per_page: usize,
    /// Wall time per document (`limit-time`); None: no limit.
    pub timeout: Option<std::time::Duration>,
    /// Wall time OCR may spend on one page image (Tesseract is killed past
    /// it and the page left unread, with an `ocr-failed` warning); never
    /// more than what is left of `timeout`.
    pub ocr_page_timeout: std::time::Duration,
    /// Give up once this instant has passed; set from `timeout` when an
    /// extraction starts, unless already set.
    pub deadline: Option<std::time::Instant>,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_input_bytes: 256 * 1024 * 1024,
            max_stream_bytes: 64 * 1024 * 1024,
            max_document_bytes: 1024 * 1024 * 1024,
            max_objects: 5_000_000,
            max_depth: 64,
            max_markup_depth: 10_000,
            max_zip_entries: 10_000,
            max_zip_ratio: 200,
            max_image_pixels: 150_000_000,
            max_pages: 20_000,
            max_ops_per_page: 4_000_000,
            timeout: None,
            ocr_page_timeout: std::time::Duration::from_secs(120),
            deadline: None,
        }
    }
}

impl Limits {
    /// The error for an input of `bytes` bytes, if that is over the limit.
    pub fn check_input_bytes(&self, bytes: u64) -> std::result::Result<(), InputError> {
        if bytes > self.max_input_bytes {
            return Err(InputError::TooLarge {
                bytes,
                limit: self.max_input_bytes,
            });
        }
        Ok(())
    }
}

/// When to run OCR on a PDF's pages (`--ocr`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum OcrMode {
    /// Pages without a text layer.
    #[default]
    Auto,
    /// Also image regions inside text pages large enough to hold text.
    Always,
    /// Never; a scan is an error.
    Never,
}

/// Everything that steers one extraction besides its bytes.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Resource limits for every reader.
    pub limits: Limits,
    /// The user or owner password of an encrypted PDF (the empty user
    /// password is always tried first).
    pub password: Option<String>,
    /// When to run OCR on a PDF's pages.
    pub ocr: OcrMode,
    /// Told of each page OCR finishes: (file, pages done, pages to OCR).
    pub ocr_progress: Option<OcrProgress>,
    /// The file being read, named to `ocr_progress` (the extract functions
    /// set it; callers leave it `None`).
    pub reading: Option<std::path::PathBuf>,
}

/// A callback for OCR progress: (file, pages done, pages to OCR).
#[derive(Clone)]
pub struct OcrProgress(pub std::sync::Arc<OcrProgressFn>);

/// What an [`OcrProgress`] calls.
pub type OcrProgressFn = dyn Fn(&Path, u32, u32) + Send + Sync;

impl std::fmt::Debug for OcrProgress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OcrProgress(..)")
    }
}

impl Options {
    /// Tell the OCR progress callback, if any, that `done` of `total` pages are read.
    pub(crate) fn ocr_page_done(&self, done: u32, total: u32) {
        if let (Some(p), Some(path)) = (&self.ocr_progress, &self.reading) {
            (p.0)(path, done, total);
        }
    }
}

/// Read and extract one file (text or PDF, told by its bytes and name).
pub fn extract_file(path: &Path) -> Result<Plan> {
    extract_file_with(path, &Options::default())
}

/// [`extract_file`] with `opts`.
pub fn extract_file_with(path: &Path, opts: &Options) -> Result<Plan> {
    let meta = std::fs::metadata(path)
        .map_err(|e| Error::new(path, ErrorKind::Input(InputError::Io(e.to_string()))))?;
    if meta.is_dir() {
        return Err(Error::new(
            path,
            ErrorKind::Input(InputError::Io("is a directory".into())),
        ));
    }
    opts.limits
        .check_input_bytes(meta.len())
        .map_err(|e| Error::new(path, ErrorKind::Input(e)))?;
    let bytes = std::fs::read(path)
        .map_err(|e| Error::new(path, ErrorKind::Input(InputError::Io(e.to_string()))))?;
    extract_bytes_with(path, &bytes, opts)
}

/// Extract a document whose bytes are already in memory; `path` names it in
/// errors and in `source.path`.
pub fn extract_bytes(path: &Path, bytes: &[u8]) -> Result<Plan> {
    extract_bytes_with(path, bytes, &Options::default())
}

/// [`extract_bytes`] with `opts`.
pub fn extract_bytes_with(path: &Path, bytes: &[u8], opts: &Options) -> Result<Plan> {
    opts.limits
        .check_input_bytes(bytes.len() as u64)
        .map_err(|e| Error::new(path, ErrorKind::Input(e)))?;
    let mut opts = Cow::Borrowed(opts);
    if opts.ocr_progress.is_some() {
        opts.to_mut().reading = Some(path.to_path_buf());
    }
    if opts.limits.deadline.is_none() {
        if let Some(t) = opts.limits.timeout {
            opts.to_mut().limits.deadline = Some(std::time::Instant::now() + t);
        }
    }
    let limits = &opts.limits;
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let is_pdf = bytes.starts_with(b"%PDF") || ext == "pdf";
    let is_zip = bytes.starts_with(b"PK\x03\x04");
    // A Word 97–2003 file whatever its name (.doc, .wps, .dot); a ".doc"
    // that is a web page (as sites save one) is read as the page it is.
    let is_doc = read::doc::is_doc(bytes);
    let word_named = matches!(ext.as_str(), "doc" | "wps" | "dot" | "wpt");
    let readable = is_doc || (word_named && looks_like_html(bytes));
    if !readable {
        if let Some(hint) = unsupported(&ext, bytes) {
            return Err(Error::new(path, ErrorKind::Unsupported(hint)));
        }
    }
    let is_image = matches!(ext.as_str(), "png" | "jpg" | "jpeg" | "tif" | "tiff")
        || bytes.starts_with(b"\x89PNG")
        || bytes.starts_with(b"\xFF\xD8\xFF")
        || bytes.starts_with(b"II*\0")
        || bytes.starts_with(b"MM\0*");
    let mut doc = if is_doc {
        read::doc::doc_document(bytes).map_err(|e| Error::new(path, ErrorKind::Input(e)))?
    } else if is_image && !is_pdf {
        read::pdf::image_document(bytes, &opts).map_err(|e| Error::new(path, e))?
    } else if is_pdf {
        read::pdf::pdf_document_with(bytes, &opts)
            .map_err(|e| Error::new(path, ErrorKind::Pdf(e)))?
    } else if ext == "docx" || (is_zip && ext != "txt" && ext != "md") {
        read::docx::docx_document_with(bytes, limits)
            .map_err(|e| Error::new(path, ErrorKind::Docx(e)))?
    } else if matches!(ext.as_str(), "html" | "htm" | "xhtml" | "shtml") || looks_like_html(bytes) {
        read::html::html_document_with(bytes, limits)
            .map_err(|e| Error::new(path, ErrorKind::Input(e)))?
    } else if matches!(ext.as_str(), "md" | "markdown") {
        read::text::markdown_document(bytes).map_err(|e| Error::new(path, ErrorKind::Input(e)))?
    } else {
        read::text::text_document(bytes).map_err(|e| Error::new(path, ErrorKind::Input(e)))?
    };
    doc.fold_radicals();
    let source = Source {
        path: path.display().to_string(),
        sha256: sha256_hex(bytes),
        format: doc.format,
        encoding: doc.encoding.map(str::to_string),
        pages: doc.pages,
        ocr: doc.ocr.is_some(),
        ocr_detail: doc.ocr.clone(),
        page_sizes: doc.page_sizes.clone(),
    };
    let plan = extract_document(&doc, source);
    if limits
        .deadline
        .is_some_and(|d| std::time::Instant::now() > d)
    {
        return Err(Error::new(
            path,
            ErrorKind::Input(InputError::Limit(
                error::LimitKind::Time,
                format!(
                    "time limit of {:?} exceeded",
                    limits.timeout.unwrap_or_default()
                ),
            )),
        ));
    }
    Ok(plan)
}

/// A web page whatever its name: it opens with a doctype or an html tag.
fn looks_like_html(bytes: &[u8]) -> bool {
    let head: Vec<u8> = bytes
        .iter()
        .skip_while(|b| b.is_ascii_whitespace() || **b == 0xEF || **b == 0xBB || **b == 0xBF)
        .take(15)
        .map(u8::to_ascii_lowercase)
        .collect();
    head.starts_with(b"<!doctype html") || head.starts_with(b"<html")
}

/// Formats we do not read, told by name or by their bytes, with how to get
/// one we do.
fn unsupported(ext: &str, bytes: &[u8]) -> Option<String> {
    const OLE: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
    if let Some(hint) = unsupported_hint(ext) {
        return Some(hint);
    }
    if bytes.starts_with(OLE) {
        return Some(format!(
            "an old Office/WPS binary file (.doc, .wps); {OFFICE_HINT}"
        ));
    }
    if bytes.starts_with(b"{\\rtf") {
        return Some(format!("an RTF file; {OFFICE_HINT}"));
    }
    None
}

const OFFICE_HINT: &str =
    "convert it to .docx or PDF first, e.g. `soffice --headless --convert-to docx FILE`";

/// Why a file name's ending is not a format we read, and how to convert it.
pub fn unsupported_hint(ext: &str) -> Option<String> {
    let what = match ext {
        "doc" | "wps" | "rtf" | "odt" | "wpt" | "dot" => format!("a .{ext} file; {OFFICE_HINT}"),
        "xls" | "xlsx" | "et" | "ods" | "ppt" | "pptx" | "dps" | "odp" => {
            format!("a .{ext} spreadsheet or slide file; export the plan as PDF or .docx")
        }
        "ofd" | "caj" | "kdh" | "nh" => format!("a .{ext} file; export it as PDF first"),
        "zip" | "rar" | "7z" | "gz" | "tar" => {
            format!("an archive (.{ext}); unpack it and extract its files")
        }
        "bmp" | "gif" | "webp" => {
            format!("a .{ext} image; save scanned pages as PNG, JPEG or TIFF (or PDF)")
        }
        _ => return None,
    };
    Some(what)
}

/// Hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let d = Sha256::digest(bytes);
    d.iter().map(|b| format!("{b:02x}")).collect()
}

/// Run the stages after input on a decoded document.
pub fn extract_document(doc: &read::Document, source: Source) -> Plan {
    let cleaned = clean::clean(doc);
    let m = meta::meta(&cleaned);
    let blocks = &cleaned.blocks;
    // Blocks are found by their first line, not by span: spans can tie.
    let starts = &cleaned.starts;
    let start = m.title_line.map_or(0, |t| {
        starts.iter().position(|&s| s > t).unwrap_or(blocks.len())
    });
    let end = m.body_end_line.map_or(blocks.len(), |e| {
        starts
            .iter()
            .position(|&s| s >= e)
            .unwrap_or(blocks.len())
            .max(start)
    });
    let candidates = outline::candidates(blocks, start..end);
    let boxes = boxes::boxes(blocks, start);
    let claimed: HashSet<usize> = boxes
        .iter()
        .flat_map(|b| b.blocks.iter().copied())
        .collect();
    let (outline, outline_warnings) = outline::build(&candidates, &claimed);
    // `build` makes one heading of each candidate no box claims, in order.
    let heads: Vec<(usize, &str, bool)> = candidates
        .iter()
        .filter(|c| !claimed.contains(&c.block))
        .zip(&outline)
        .map(|(c, h)| (c.block, h.id.as_str(), c.standalone))
        .collect();
    let paragraphs = assemble::paragraphs(blocks, start..end, &claimed, &heads);
    let heading_blocks: Vec<usize> = heads.iter().map(|h| h.0).collect();
    let tables = tables::tables(blocks, &boxes);

    let mut warnings = doc.warnings.clone();
    warnings.extend(outline_warnings);
    if outline.is_empty() {
        warnings.push(model::Warning::new(
            "no-headings",
            "no numbered headings found; the outline is empty",
            None,
        ));
    }
    if m.meta.title.is_none() {
        warnings.push(model::Warning::new(
            "no-title",
            "no plan title (a short line ending in 规划/纲要/计划) near the top",
            None,
        ));
    }
    assemble::assemble(assemble::Parts {
        source,
        meta: m.meta,
        heading_blocks,
        outline,
        paragraphs,
        boxes,
        tables,
        warnings,
    })
}
