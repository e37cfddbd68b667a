//! Errors: one enum per layer, folded into [`Error`], which always names the file.

use std::fmt;
use std::path::{Path, PathBuf};

/// Which of the [`crate::Limits`] an input broke; its [`LimitKind::code`] is
/// what a batch manifest records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LimitKind {
    /// [`crate::Limits::max_input_bytes`].
    Bytes,
    /// [`crate::Limits::max_stream_bytes`].
    Stream,
    /// [`crate::Limits::max_document_bytes`].
    Document,
    /// [`crate::Limits::max_objects`].
    Objects,
    /// [`crate::Limits::max_depth`] and [`crate::Limits::max_markup_depth`].
    Depth,
    /// [`crate::Limits::max_zip_entries`] and [`crate::Limits::max_zip_ratio`].
    Zip,
    /// [`crate::Limits::max_image_pixels`].
    Pixels,
    /// [`crate::Limits::max_pages`].
    Pages,
    /// [`crate::Limits::max_ops_per_page`], and the lines of one document.
    Ops,
    /// [`crate::Limits::timeout`].
    Time,
}

impl LimitKind {
    /// The stable short code of the limit (`limit-pages` …).
    pub fn code(self) -> &'static str {
        match self {
            LimitKind::Bytes => "limit-bytes",
            LimitKind::Stream => "limit-stream",
            LimitKind::Document => "limit-document",
            LimitKind::Objects => "limit-objects",
            LimitKind::Depth => "limit-depth",
            LimitKind::Zip => "limit-zip",
            LimitKind::Pixels => "limit-pixels",
            LimitKind::Pages => "limit-pages",
            LimitKind::Ops => "limit-ops",
            LimitKind::Time => "limit-time",
        }
    }
}

/// Why the bytes of an input could not be turned into text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputError {
    /// The file has no bytes, or only whitespace.
    Empty,
    /// The bytes are not text in any supported encoding.
    NotText { detail: String },
    /// The file is larger than [`crate::Limits::max_input_bytes`].
    TooLarge { bytes: u64, limit: u64 },
    /// The file could not be read.
    Io(String),
    /// A resource limit was hit (a web page nested too deep).
    Limit(LimitKind, String),
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::Empty => write!(f, "empty file: no text to extract"),
            InputError::NotText { detail } => write!(f, "not a text file: {detail}"),
            InputError::TooLarge { bytes, limit } => {
                write!(f, "file too large: {bytes} bytes (limit {limit})")
            }
            InputError::Io(e) => write!(f, "cannot read: {e}"),
            InputError::Limit(_, e) => write!(f, "limit exceeded: {e}"),
        }
    }
}

/// Why a PDF could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PdfError {
    /// The file structure is broken beyond recovery.
    Malformed { detail: String },
    /// The PDF is encrypted and neither the empty password nor the one given
    /// opens it (`wrong`: a password was given).
    PasswordRequired { wrong: bool },
    /// The PDF is encrypted by a security handler other than the standard
    /// password one (certificates, a plug-in), or in a way it cannot be undone.
    Encryption { detail: String },
    /// No page has a text layer (`outlined` of them draw their text as
    /// outlines, which only OCR reads).
    NoText { pages: u32, outlined: u32 },
    /// The page tree holds no page.
    NoPages,
    /// Text is drawn, but with fonts that give no way to know its characters.
    NoUnicode { codes: u64 },
    /// A resource limit was hit (decompressed size, nesting, operators).
    Limit {
        kind: LimitKind,
        what: String,
        page: Option<u32>,
    },
    /// No page has a text layer, and OCR could not run.
    Scan { pages: u32, why: String },
}

impl fmt::Display for PdfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PdfError::Malformed { detail } => write!(f, "malformed PDF: {detail}"),
            PdfError::PasswordRequired { wrong: false } => write!(
                f,
                "password required: the PDF is encrypted with a user password; give it (or the owner password) with --password"
            ),
            PdfError::PasswordRequired { wrong: true } => write!(
                f,
                "password required: the password given is neither the user nor the owner password of this encrypted PDF"
            ),
            PdfError::Encryption { detail } => write!(f, "cannot decrypt the PDF: {detail}"),
            PdfError::NoText { pages, outlined: 0 } => write!(
                f,
                "no text on any of {pages} pages: no text layer, and none that OCR could read (blank pages, pictures, or OCR off)"
            ),
            PdfError::NoText { pages, outlined } => write!(
                f,
                "no text on any of {pages} pages: {outlined} of them draw their text as outlines (shapes, not characters), which only OCR reads, and OCR was off or read nothing"
            ),
            PdfError::NoPages => write!(f, "the document has no pages"),
            PdfError::NoUnicode { codes } => write!(
                f,
                "its text ({codes} characters) is drawn with fonts that map no character to Unicode (no ToUnicode map, no usable cmap in the embedded fonts); only OCR could read it"
            ),
            PdfError::Limit {
                what, page: Some(p), ..
            } => write!(f, "page {p}: limit exceeded: {what}"),
            PdfError::Limit {
                what, page: None, ..
            } => write!(f, "limit exceeded: {what}"),
            PdfError::Scan { pages, why } => write!(
                f,
                "no text layer on any of {pages} pages (a scan), and OCR could not run: {why}"
            ),
        }
    }
}

/// Why a Word file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocxError {
    /// Not a zip package (or a damaged one).
    NotZip(String),
    /// A part every Word file has is missing.
    Missing(String),
    /// The XML of a part is broken.
    Xml(String),
    /// A resource limit was hit (unpacked size, nesting, lines).
    Limit(LimitKind, String),
    /// The body holds no text.
    NoText,
}

impl fmt::Display for DocxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DocxError::NotZip(e) => write!(f, "not a readable .docx (zip) file: {e}"),
            DocxError::Missing(p) => write!(f, "not a Word document: no {p} in the package"),
            DocxError::Xml(e) => write!(f, "broken XML in the Word file: {e}"),
            DocxError::Limit(_, e) => write!(f, "limit exceeded: {e}"),
            DocxError::NoText => write!(f, "the Word document's body holds no text"),
        }
    }
}

/// The crate error: what went wrong, and with which file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub path: PathBuf,
    pub kind: ErrorKind,
}

/// The layer an [`Error`] comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    Input(InputError),
    Pdf(PdfError),
    Docx(DocxError),
    /// The input is neither text nor PDF as far as its name and bytes tell.
    Unsupported(String),
    /// The extractor panicked; the message is kept so batch runs can report it.
    Internal(String),
}

impl Error {
    pub fn new(path: &Path, kind: ErrorKind) -> Error {
        Error {
            path: path.to_path_buf(),
            kind,
        }
    }
}

impl Error {
    /// A stable short code for the kind of failure, recorded in a batch
    /// manifest: `password-required`, `limit-pages` (see [`LimitKind::code`]),
    /// `malformed`, `no-text` ….
    pub fn code(&self) -> &'static str {
        match &self.kind {
            ErrorKind::Input(e) => match e {
                InputError::Empty => "empty",
                InputError::NotText { .. } => "not-text",
                InputError::TooLarge { .. } => LimitKind::Bytes.code(),
                InputError::Io(_) => "io",
                InputError::Limit(k, _) => k.code(),
            },
            ErrorKind::Pdf(e) => match e {
                PdfError::Malformed { .. } => "malformed",
                PdfError::PasswordRequired { .. } => "password-required",
                PdfError::Encryption { .. } => "encryption-unsupported",
                PdfError::NoText { .. } => "no-text",
                PdfError::Scan { .. } => "ocr-unavailable",
                PdfError::NoPages => "no-pages",
                PdfError::NoUnicode { .. } => "no-unicode",
                PdfError::Limit { kind, .. } => kind.code(),
            },
            ErrorKind::Docx(e) => match e {
                DocxError::NotZip(_) | DocxError::Missing(_) | DocxError::Xml(_) => "malformed",
                DocxError::Limit(k, _) => k.code(),
                DocxError::NoText => "no-text",
            },
            ErrorKind::Unsupported(_) => "unsupported",
            ErrorKind::Internal(_) => "internal",
        }
    }

    /// Whether the input is an encrypted PDF whose password was missing or wrong.
    pub fn password_required(&self) -> bool {
        matches!(self.kind, ErrorKind::Pdf(PdfError::PasswordRequired { .. }))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let p = self.path.display();
        match &self.kind {
            ErrorKind::Input(e) => write!(f, "{p}: {e}"),
            ErrorKind::Pdf(e) => write!(f, "{p}: {e}"),
            ErrorKind::Docx(e) => write!(f, "{p}: {e}"),
            ErrorKind::Unsupported(e) => write!(f, "{p}: unsupported input: {e}"),
            ErrorKind::Internal(e) => write!(f, "{p}: internal error (please report): {e}"),
        }
    }
}

impl std::error::Error for Error {}

pub type Result<T> = std::result::Result<T, Error>;
