//! The one module that touches lopdf: file structure (xref tables and streams,
//! object streams, incremental updates, broken-xref reconstruction,
//! decryption by the standard security handler), the page tree, resources, font dictionaries, widget
//! appearances and content operations — all turned into this crate's own
//! types, with limits so that a hostile file cannot exhaust memory or recurse
//! without end. Form XObjects are read when a content stream first draws
//! them, so forms that share one resource dictionary cost nothing until used.

use super::font::{embedded_cid_text, predefined, Font, FontKind, Widths};
use super::{Arg, Op};
use crate::error::{LimitKind, PdfError};
use crate::read::image::{Ccitt, Coding, Colour, RawImage};
use crate::Limits;
use hayro_cmap::{load_embedded, CMap, CidFamily};
use lopdf::content::Content;
use lopdf::encryption::PasswordAlgorithm;
use lopdf::{Dictionary, Document as LDoc, EncryptionState, LoadOptions, Object, ObjectId};
use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// Deepest nesting of Form XObjects drawn; deeper ones are skipped with a warning.
pub const MAX_FORM_DEPTH: usize = 12;
/// Most annotation appearances drawn per page.
pub const MAX_ANNOTS_PER_PAGE: usize = 10_000;
/// The /Type an object stream gets while a file with a direct /Encrypt
/// dictionary loads, so that lopdf keeps it whole, still encrypted.
const HIDDEN_OBJSTM: &[u8] = b"GuihuaEncryptedObjStm";

/// A loaded PDF.
pub struct Pdf<'a> {
    doc: LDoc,
    /// The file's bytes (a stream without /Length is read from them).
    bytes: Cow<'a, [u8]>,
    /// The cross-reference data was damaged and rebuilt by scanning the file.
    pub recovered: bool,
    pages: Vec<ObjectId>,
    fonts: Mutex<HashMap<ObjectId, Arc<Font>>>,
    limits: Limits,
    /// Decompressed bytes so far, against [`Limits::max_document_bytes`].
    inflated: AtomicU64,
}

/// Resources of a page or form, already converted (forms by reference).
#[derive(Default, Clone)]
pub struct Resources {
    pub fonts: HashMap<Vec<u8>, Arc<Font>>,
    pub xobjects: HashMap<Vec<u8>, XObject>,
}

/// A Form XObject, by object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FormRef(ObjectId);

/// An image XObject, by object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ImageRef(ObjectId);

/// An image drawn inline in a content stream (`BI … ID … EI`), its
/// dictionary's abbreviations spelled out as an image XObject's.
#[derive(Debug)]
pub struct InlineImage(lopdf::Stream);

/// An image a page draws: an XObject, or inline.
#[derive(Debug, Clone)]
pub enum ImageSrc {
    Object(ImageRef),
    Inline(Arc<InlineImage>),
}

/// An XObject a content stream may draw.
#[derive(Debug, Clone, Copy)]
pub enum XObject {
    Form(FormRef),
    Image(ImageRef),
}

/// A Form XObject, read.
pub struct Form {
    pub matrix: [f64; 6],
    pub ops: Vec<Op>,
    /// Its own resources; None: those of whoever draws it.
    pub res: Option<Arc<Resources>>,
}

/// One page, ready for the interpreter.
pub struct PageSrc {
    pub media_box: [f64; 4],
    /// /Rotate, in quarter turns clockwise (0–3).
    pub rotate: u8,
    pub ops: Vec<Op>,
    pub res: Arc<Resources>,
    /// What is left of the page's operation budget for its forms.
    pub budget: usize,
}

/// The Form XObjects of one page, each read once, when first drawn.
pub struct Forms<'p> {
    pdf: &'p Pdf<'p>,
    page: u32,
    budget: Cell<usize>,
    cache: RefCell<HashMap<FormRef, Option<Arc<Form>>>>,
    /// Forms that could not be read (skipped), one message each.
    pub problems: RefCell<Vec<String>>,
    /// A limit hit while reading a form: the document fails with it.
    pub limit: RefCell<Option<PdfError>>,
}

impl<'p> Forms<'p> {
    /// Most operations a page may draw, forms drawn many times counting each
    /// time (a form drawing another a thousand times, twelve deep, would
    /// never end).
    pub fn max_drawn(&self) -> usize {
        self.pdf.limits.max_ops_per_page.saturating_mul(4)
    }

    pub fn new(pdf: &'p Pdf<'p>, page: u32, budget: usize) -> Forms<'p> {
        Forms {
            pdf,
            page,
            budget: Cell::new(budget),
            cache: RefCell::new(HashMap::new()),
            problems: RefCell::new(Vec::new()),
            limit: RefCell::new(None),
        }
    }

    /// A form, read on first use; None when it cannot be read.
    pub fn get(&self, r: FormRef) -> Option<Arc<Form>> {
        if let Some(f) = self.cache.borrow().get(&r) {
            return f.clone();
        }
        let mut budget = self.budget.get();
        let f = match self.pdf.form(r.0, &mut budget, Some(self.page)) {
            Ok(f) => Some(Arc::new(f)),
            Err(e @ PdfError::Limit { .. }) => {
                self.limit.borrow_mut().get_or_insert(e);
                None
            }
            Err(e) => {
                self.problems.borrow_mut().push(format!(
                    "page {}: form XObject {} {} R skipped: {e}",
                    self.page, r.0 .0, r.0 .1
                ));
                None
            }
        };
        self.budget.set(budget);
        self.cache.borrow_mut().insert(r, f.clone());
        f
    }
}

fn malformed(e: impl std::fmt::Display) -> PdfError {
    PdfError::Malformed {
        detail: e.to_string(),
    }
}

/// Parse the file structure within `limits`, decrypting with the empty
/// password, else with `password` (user or owner).
pub fn load<'a>(
    bytes: &'a [u8],
    limits: &Limits,
    password: Option<&str>,
) -> Result<Pdf<'a>, PdfError> {
    let mut data = Cow::Borrowed(bytes);
    if !has_header(bytes) {
        data = Cow::Owned(repair_header(bytes).ok_or_else(|| malformed("no %PDF header"))?);
    }
    let password = password.filter(|p| !p.is_empty());
    // Before lopdf holds every object in memory: the objects the file
    // itself writes out (members of object streams are counted below).
    let written = count_objects(&data);
    if written > limits.max_objects {
        return Err(too_many_objects(written, limits));
    }
    let mut doc = load_doc(&data, limits, None)?;
    if matches!(doc.trailer.get(b"Encrypt"), Ok(Object::Dictionary(_))) {
        // A direct /Encrypt dictionary (MuPDF writes one), which lopdf
        // leaves alone: decrypted here.
        doc = load_direct_encrypt(&data, limits, password)?;
    } else if doc.trailer.has(b"Encrypt") && doc.is_encrypted() {
        // Encrypted, and the empty password does not open it.
        if only_attachments_encrypted(&doc) {
            // Only embedded files are encrypted (/StmF and /StrF /Identity:
            // qpdf's "attachment encrypted"): the pages are plain.
            data = Cow::Owned(without_encrypt(&data));
            doc = load_doc(&data, limits, None)?;
            if doc.trailer.has(b"Encrypt") {
                return Err(PdfError::PasswordRequired { wrong: false });
            }
        } else {
            standard_handler(&doc)?;
            let Some(pw) = password else {
                return Err(PdfError::PasswordRequired { wrong: false });
            };
            doc = load_doc(&data, limits, Some(pw))?;
            if doc.trailer.has(b"Encrypt") && doc.is_encrypted() {
                return Err(PdfError::PasswordRequired { wrong: true });
            }
        }
    }
    if doc.objects.len() > limits.max_objects {
        return Err(too_many_objects(doc.objects.len(), limits));
    }
    let pages = page_tree(&doc, limits)?;
    Ok(Pdf {
        recovered: doc.xref_recovery.is_some(),
        doc,
        bytes: data,
        pages,
        fonts: Mutex::new(HashMap::new()),
        limits: *limits,
        inflated: AtomicU64::new(0),
    })
}

fn too_many_objects(n: usize, limits: &Limits) -> PdfError {
    PdfError::Limit {
        kind: LimitKind::Objects,
        what: format!("{n} objects (limit {})", limits.max_objects),
        page: None,
    }
}

/// Indirect objects written in the file (`12 0 obj`), counted without
/// parsing: a cheap upper bound on what loading it would hold.
fn count_objects(bytes: &[u8]) -> usize {
    let is_space = |b: u8| matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' | b'\0');
    memchr::memmem::find_iter(bytes, b"obj")
        .filter(|&at| {
            // Back over `<digits> <digits> ` (spaces optional before obj).
            let mut i = at;
            while i > 0 && is_space(bytes[i - 1]) {
                i -= 1;
            }
            let end = i;
            while i > 0 && bytes[i - 1].is_ascii_digit() {
                i -= 1;
            }
            if i == end || i == 0 || !is_space(bytes[i - 1]) {
                return false;
            }
            while i > 0 && is_space(bytes[i - 1]) {
                i -= 1;
            }
            i > 0 && bytes[i - 1].is_ascii_digit()
        })
        .count()
}

fn load_doc(bytes: &[u8], limits: &Limits, password: Option<&str>) -> Result<LDoc, PdfError> {
    let opts = LoadOptions {
        max_decompressed_size: Some(limits.max_stream_bytes),
        password: password.map(str::to_string),
        ..LoadOptions::default()
    };
    LDoc::load_mem_with_options(bytes, opts).map_err(|e| lopdf_error(e, limits))
}

fn lopdf_error(e: lopdf::Error, limits: &Limits) -> PdfError {
    match e {
        lopdf::Error::InvalidPassword => PdfError::PasswordRequired { wrong: true },
        lopdf::Error::Decryption(d) => PdfError::Encryption {
            detail: d.to_string(),
        },
        lopdf::Error::UnsupportedSecurityHandler(h) => PdfError::Encryption {
            detail: format!(
                "security handler /{} (only the standard password handler is supported)",
                String::from_utf8_lossy(&h)
            ),
        },
        lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. }) => {
            PdfError::Limit {
                kind: LimitKind::Stream,
                what: format!(
                    "an object stream decompresses past {} bytes",
                    limits.max_stream_bytes
                ),
                page: None,
            }
        }
        e => malformed(e),
    }
}

/// An error unless the file uses the standard (password) security handler.
fn standard_handler(doc: &LDoc) -> Result<(), PdfError> {
    let filter = doc
        .get_encrypted()
        .ok()
        .and_then(|d| d.get(b"Filter").ok())
        .and_then(|o| o.as_name().ok());
    match filter {
        Some(b"Standard") => Ok(()),
        Some(h) => Err(PdfError::Encryption {
            detail: format!(
                "security handler /{} (only the standard password handler is supported)",
                String::from_utf8_lossy(h)
            ),
        }),
        None => Err(PdfError::Encryption {
            detail: "the encryption dictionary names no security handler".into(),
        }),
    }
}

/// Mark object streams so that lopdf keeps them whole instead of parsing
/// their (still encrypted) content.
fn hide_object_streams(id: ObjectId, o: &mut Object) -> Option<(ObjectId, Object)> {
    if let Object::Stream(s) = o {
        if s.dict.has_type(b"ObjStm") {
            s.dict.set("Type", Object::Name(HIDDEN_OBJSTM.to_vec()));
        }
    }
    // lopdf keeps `o` itself; the copy returned is used only for members of
    // object streams, which are hidden here.
    Some((id, o.clone()))
}

/// Load a file whose trailer holds its /Encrypt dictionary directly: read it
/// with the key renamed (objects stay encrypted, object streams whole), put
/// the dictionary back as an object, then decrypt every object and unpack
/// the object streams, whose members are thereby decrypted once.
fn load_direct_encrypt(
    data: &[u8],
    limits: &Limits,
    password: Option<&str>,
) -> Result<LDoc, PdfError> {
    let renamed = without_encrypt(data);
    let opts = LoadOptions {
        max_decompressed_size: Some(limits.max_stream_bytes),
        filter: Some(hide_object_streams),
        ..LoadOptions::default()
    };
    let mut doc =
        LDoc::load_mem_with_options(&renamed, opts).map_err(|e| lopdf_error(e, limits))?;
    let Some(Object::Dictionary(enc)) = doc.trailer.remove(b"NoCrypt") else {
        return Err(malformed("the trailer's /Encrypt dictionary is unreadable"));
    };
    let enc_id = (doc.max_id + 1, 0);
    doc.max_id += 1;
    doc.objects.insert(enc_id, Object::Dictionary(enc));
    doc.trailer.set("Encrypt", Object::Reference(enc_id));
    for o in doc.objects.values_mut() {
        if let Object::Stream(s) = o {
            if s.dict.has_type(HIDDEN_OBJSTM) {
                s.dict.set("Type", Object::Name(b"ObjStm".to_vec()));
            }
        }
    }
    standard_handler(&doc)?;
    let pw = std::iter::once("")
        .chain(password)
        .find(|p| doc.authenticate_password(p).is_ok());
    let state = match pw {
        Some(pw) => {
            let enc_err = |e: lopdf::Error| PdfError::Encryption {
                detail: e.to_string(),
            };
            let alg = PasswordAlgorithm::try_from(&doc).map_err(enc_err)?;
            let pw = alg
                .sanitize_password(pw)
                .map_err(|e| enc_err(lopdf::Error::Decryption(e)))?;
            Some(EncryptionState::decode(&doc, pw).map_err(enc_err)?)
        }
        None if only_attachments_encrypted(&doc) => None,
        None => {
            return Err(PdfError::PasswordRequired {
                wrong: password.is_some(),
            })
        }
    };
    doc.objects.remove(&enc_id);
    doc.trailer.remove(b"Encrypt");
    if let Some(state) = &state {
        for (id, o) in doc.objects.iter_mut() {
            // A string or stream that does not decrypt (bad padding) is kept
            // as it is, as lopdf does; the page reading it reports the damage.
            let _ = lopdf::encryption::decrypt_object(state, *id, o);
        }
    }
    let mut members = Vec::new();
    for o in doc.objects.values() {
        let Object::Stream(s) = o else { continue };
        if !s.dict.has_type(b"ObjStm") {
            continue;
        }
        match lopdf::ObjectStream::new_with_limit(s, Some(limits.max_stream_bytes)) {
            Ok(os) => members.extend(os.objects),
            Err(
                e @ lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. }),
            ) => return Err(lopdf_error(e, limits)),
            Err(_) => {}
        }
    }
    for (id, o) in members {
        doc.objects.entry(id).or_insert(o);
    }
    Ok(doc)
}

/// Whether a `%PDF-` header starts the file (or sits in its first kilobyte).
fn has_header(bytes: &[u8]) -> bool {
    bytes.starts_with(b"%PDF")
        || bytes[..bytes.len().min(1024)]
            .windows(5)
            .any(|w| w == b"%PDF-")
}

/// A file whose first line is a comment holding `PDF-1.x` but not `%PDF-`
/// (`%/OCPropertiesPDF-1.4`, a damaged header poppler reads past), with that
/// line rewritten to a proper header of the same length so that offsets hold.
fn repair_header(bytes: &[u8]) -> Option<Vec<u8>> {
    let end = bytes
        .iter()
        .take(128)
        .position(|&b| b == b'\r' || b == b'\n')?;
    let line = &bytes[..end];
    let at = line
        .windows(5)
        .position(|w| w == b"PDF-1" || w == b"PDF-2")?;
    let version = line.get(at + 4..at + 7)?;
    let looks_pdf = |w: &[u8]| bytes.windows(w.len()).any(|x| x == w);
    if !line.starts_with(b"%") || end < 10 || !looks_pdf(b"endobj") {
        return None;
    }
    let mut header = b"%PDF-".to_vec();
    header.extend_from_slice(version);
    header.extend_from_slice(b"\n%");
    header.resize(end, b'%');
    let mut out = bytes.to_vec();
    out[..end].copy_from_slice(&header);
    Some(out)
}

/// Whether the security handler leaves strings and streams in the clear
/// (crypt filters /Identity, V 4 or 5), so that only embedded files are
/// encrypted.
fn only_attachments_encrypted(doc: &LDoc) -> bool {
    let Ok(enc) = doc.get_encrypted() else {
        return false;
    };
    let v = enc.get(b"V").and_then(Object::as_i64).unwrap_or(0);
    let identity = |k: &[u8]| match enc.get(k) {
        Ok(Object::Name(n)) => n == b"Identity",
        Ok(_) => false,
        Err(_) => true, // the default crypt filter is /Identity
    };
    v >= 4 && identity(b"StmF") && identity(b"StrF")
}

/// The file with every trailer's `/Encrypt` key renamed (same length, so
/// that offsets hold).
fn without_encrypt(bytes: &[u8]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    let key = b"/Encrypt";
    let mut i = 0;
    while i + key.len() < out.len() {
        if &out[i..i + key.len()] == key {
            let next = out[i + key.len()..]
                .iter()
                .find(|b| !b.is_ascii_whitespace());
            if next.is_some_and(|b| b.is_ascii_digit() || *b == b'<') {
                out[i..i + key.len()].copy_from_slice(b"/NoCrypt");
            }
            i += key.len();
        } else {
            i += 1;
        }
    }
    out
}

/// Page objects in order, walking /Kids with a visited set and a depth limit.
fn page_tree(doc: &LDoc, limits: &Limits) -> Result<Vec<ObjectId>, PdfError> {
    let root = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|_| malformed("trailer has no /Root"))?;
    let catalog = doc
        .get_dictionary(root)
        .map_err(|_| malformed("/Root is not a dictionary"))?;
    let top = catalog
        .get(b"Pages")
        .and_then(Object::as_reference)
        .map_err(|_| malformed("catalog has no /Pages"))?;
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    let mut stack = vec![(top, 0usize)];
    while let Some((id, depth)) = stack.pop() {
        if !seen.insert(id) {
            continue;
        }
        if depth > limits.max_depth {
            return Err(PdfError::Limit {
                kind: LimitKind::Depth,
                what: format!("the page tree nests deeper than {}", limits.max_depth),
                page: None,
            });
        }
        let Ok(d) = doc.get_dictionary(id) else {
            continue;
        };
        let kids = match d.get(b"Kids") {
            Ok(Object::Reference(r)) => doc.get_object(*r).and_then(Object::as_array),
            Ok(o) => o.as_array(),
            Err(e) => Err(e),
        };
        match kids {
            Ok(kids) => {
                for k in kids.iter().rev() {
                    if let Ok(kid) = k.as_reference() {
                        stack.push((kid, depth + 1));
                    }
                }
            }
            Err(_) => {
                if out.len() >= limits.max_pages {
                    return Err(PdfError::Limit {
                        kind: LimitKind::Pages,
                        what: format!("more than {} pages", limits.max_pages),
                        page: None,
                    });
                }
                out.push(id);
            }
        }
    }
    Ok(out)
}

impl Pdf<'_> {
    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    /// Page `i` (0-based) with its content operations and resources; the
    /// appearances of its widget (form field) and free-text annotations are
    /// drawn after its content, as viewers draw them.
    pub fn page(&self, i: usize) -> Result<PageSrc, PdfError> {
        let id = self.pages[i];
        let page_no = Some(i as u32 + 1);
        let dict = self.doc.get_dictionary(id).map_err(malformed)?;
        let media_box = self
            .inherited(dict, b"MediaBox")
            .and_then(|o| self.numbers(o))
            .filter(|v| v.len() == 4)
            .map(|v| {
                [
                    v[0].min(v[2]),
                    v[1].min(v[3]),
                    v[0].max(v[2]),
                    v[1].max(v[3]),
                ]
            })
            .unwrap_or([0.0, 0.0, 595.0, 842.0]);
        let mut res = match self
            .inherited(dict, b"Resources")
            .and_then(|o| self.dict(o))
        {
            Some(r) => self.resources(r),
            None => Resources::default(),
        };
        let mut budget = self.limits.max_ops_per_page;
        let mut data = Vec::new();
        let contents = match dict.get(b"Contents") {
            Ok(Object::Array(a)) => a.iter().filter_map(|o| o.as_reference().ok()).collect(),
            Ok(Object::Reference(r)) => match self.doc.get_object(*r) {
                Ok(Object::Array(a)) => a.iter().filter_map(|o| o.as_reference().ok()).collect(),
                _ => vec![*r],
            },
            _ => Vec::new(),
        };
        for c in contents {
            if let Ok(Object::Stream(s)) = self.doc.get_object(c) {
                data.extend_from_slice(&self.stream_bytes(s, page_no)?);
                data.push(b'\n');
            }
            if data.len() > self.limits.max_stream_bytes {
                return Err(PdfError::Limit {
                    kind: LimitKind::Stream,
                    what: format!(
                        "content streams over {} bytes",
                        self.limits.max_stream_bytes
                    ),
                    page: page_no,
                });
            }
        }
        let mut ops = ops(&data, &mut budget, page_no, self.limits.max_ops_per_page)?;
        self.annotations(dict, &mut ops, &mut res);
        let rotate = self
            .inherited(dict, b"Rotate")
            .and_then(|o| self.num(o))
            .map_or(0, |r| ((r / 90.0).round() as i64).rem_euclid(4) as u8);
        Ok(PageSrc {
            media_box,
            rotate,
            ops,
            res: Arc::new(res),
            budget,
        })
    }

    /// Draw the normal appearance of each visible widget or free-text
    /// annotation of a page: its form placed on the annotation's /Rect
    /// (PDF 32000-1, 12.5.5), under a name no content stream can use.
    fn annotations(&self, page: &Dictionary, ops: &mut Vec<Op>, res: &mut Resources) {
        let Some(Object::Array(annots)) = page.get(b"Annots").ok().map(|o| self.deref(o)) else {
            return;
        };
        for (k, a) in annots.iter().take(MAX_ANNOTS_PER_PAGE).enumerate() {
            let Some(d) = self.dict(a) else { continue };
            let subtype = d.get(b"Subtype").ok().and_then(|o| self.name(o));
            if !matches!(subtype, Some(b"Widget" | b"FreeText")) {
                continue;
            }
            // Hidden (2) or NoView (32).
            let flags = self.num_at(d, b"F").unwrap_or(0.0) as i64;
            if flags & (2 | 32) != 0 {
                continue;
            }
            // The normal appearance, when it is one stream (a check box's is
            // a dictionary of states: only marks, no text).
            let Some(ap) = d.get(b"AP").ok().and_then(|o| self.dict(o)) else {
                continue;
            };
            let Ok(Object::Reference(form)) = ap.get(b"N") else {
                continue;
            };
            let Ok(Object::Stream(s)) = self.doc.get_object(*form) else {
                continue;
            };
            let Some(rect) = d
                .get(b"Rect")
                .ok()
                .and_then(|o| self.numbers(o))
                .filter(|v| v.len() == 4)
            else {
                continue;
            };
            let bbox = s
                .dict
                .get(b"BBox")
                .ok()
                .and_then(|o| self.numbers(o))
                .filter(|v| v.len() == 4)
                .unwrap_or_else(|| vec![0.0, 0.0, 1.0, 1.0]);
            let m = self.matrix(&s.dict);
            let corners = [
                (bbox[0], bbox[1]),
                (bbox[2], bbox[1]),
                (bbox[2], bbox[3]),
                (bbox[0], bbox[3]),
            ]
            .map(|(x, y)| (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]));
            let (bx0, bx1) = corners
                .iter()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), c| {
                    (lo.min(c.0), hi.max(c.0))
                });
            let (by0, by1) = corners
                .iter()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), c| {
                    (lo.min(c.1), hi.max(c.1))
                });
            let (rx0, ry0) = (rect[0].min(rect[2]), rect[1].min(rect[3]));
            let (rx1, ry1) = (rect[0].max(rect[2]), rect[1].max(rect[3]));
            let scale = |r: f64, b: f64| if b.abs() > 1e-9 { r / b } else { 1.0 };
            let (sx, sy) = (scale(rx1 - rx0, bx1 - bx0), scale(ry1 - ry0, by1 - by0));
            let cm = [sx, 0.0, 0.0, sy, rx0 - bx0 * sx, ry0 - by0 * sy];
            if cm.iter().any(|v| !v.is_finite()) {
                continue;
            }
            let name = format!("\0annot{k}").into_bytes();
            res.xobjects
                .insert(name.clone(), XObject::Form(FormRef(*form)));
            let op = |op: &str, args: Vec<Arg>| Op {
                op: op.into(),
                args,
            };
            ops.push(op("q", Vec::new()));
            ops.push(op("cm", cm.iter().map(|v| Arg::Num(*v)).collect()));
            ops.push(op("Do", vec![Arg::Name(name)]));
            ops.push(op("Q", Vec::new()));
        }
    }

    /// A form's /Matrix (identity when absent or unreadable).
    fn matrix(&self, d: &Dictionary) -> [f64; 6] {
        d.get(b"Matrix")
            .ok()
            .and_then(|o| self.numbers(o))
            .filter(|v| v.len() == 6 && v.iter().all(|x| x.is_finite()))
            .map(|v| [v[0], v[1], v[2], v[3], v[4], v[5]])
            .unwrap_or([1.0, 0.0, 0.0, 1.0, 0.0, 0.0])
    }

    /// Read a Form XObject: matrix, operations (within `budget`) and resources.
    fn form(&self, id: ObjectId, budget: &mut usize, page: Option<u32>) -> Result<Form, PdfError> {
        let Ok(Object::Stream(s)) = self.doc.get_object(id) else {
            return Err(malformed("not a stream"));
        };
        let res = s
            .dict
            .get(b"Resources")
            .ok()
            .and_then(|o| self.dict(o))
            .map(|r| Arc::new(self.resources(r)));
        let data = self.stream_bytes(s, page)?;
        Ok(Form {
            matrix: self.matrix(&s.dict),
            ops: ops(&data, budget, page, self.limits.max_ops_per_page)?,
            res,
        })
    }

    /// An attribute from the page or its ancestors.
    fn inherited<'a>(&'a self, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
        let mut d = dict;
        for _ in 0..self.limits.max_depth {
            if let Ok(o) = d.get(key) {
                return Some(o);
            }
            let parent = d.get(b"Parent").and_then(Object::as_reference).ok()?;
            d = self.doc.get_dictionary(parent).ok()?;
        }
        None
    }

    fn deref<'a>(&'a self, o: &'a Object) -> &'a Object {
        let mut o = o;
        for _ in 0..self.limits.max_depth {
            match o {
                Object::Reference(r) => match self.doc.get_object(*r) {
                    Ok(x) => o = x,
                    Err(_) => return &Object::Null,
                },
                _ => return o,
            }
        }
        &Object::Null
    }

    fn dict<'a>(&'a self, o: &'a Object) -> Option<&'a Dictionary> {
        match self.deref(o) {
            Object::Dictionary(d) => Some(d),
            Object::Stream(s) => Some(&s.dict),
            _ => None,
        }
    }

    fn num(&self, o: &Object) -> Option<f64> {
        match self.deref(o) {
            Object::Integer(i) => Some(*i as f64),
            Object::Real(r) => Some(*r as f64),
            _ => None,
        }
    }

    /// The number under `key` of a dictionary.
    fn num_at(&self, d: &Dictionary, key: &[u8]) -> Option<f64> {
        d.get(key).ok().and_then(|o| self.num(o))
    }

    fn numbers(&self, o: &Object) -> Option<Vec<f64>> {
        match self.deref(o) {
            Object::Array(a) => a.iter().map(|x| self.num(x)).collect(),
            _ => None,
        }
    }

    fn name<'a>(&'a self, o: &'a Object) -> Option<&'a [u8]> {
        match self.deref(o) {
            Object::Name(n) => Some(n.as_slice()),
            _ => None,
        }
    }

    /// The decoded bytes of a stream. Read as viewers read them: filter names
    /// and parameters given indirectly or abbreviated (/Fl, /AHx …), an empty
    /// filter list, data without a usable /Length (read up to `endstream`),
    /// and zlib data whose /Filter was left out; decoding stops before an
    /// image filter (/DCT, /CCF …), which no text stream needs.
    fn stream_bytes(&self, s: &lopdf::Stream, page: Option<u32>) -> Result<Vec<u8>, PdfError> {
        let out = self.decode_stream(s, page)?;
        let total = self
            .inflated
            .fetch_add(out.len() as u64, Ordering::Relaxed)
            .saturating_add(out.len() as u64);
        if total > self.limits.max_document_bytes {
            return Err(PdfError::Limit {
                kind: LimitKind::Document,
                what: format!(
                    "streams decompress to more than {} bytes in all",
                    self.limits.max_document_bytes
                ),
                page,
            });
        }
        Ok(out)
    }

    fn decode_stream(&self, s: &lopdf::Stream, page: Option<u32>) -> Result<Vec<u8>, PdfError> {
        let max = self.limits.max_stream_bytes;
        let raw = self.raw_content(s);
        let (filters, parms) = self.filters(&s.dict);
        if filters.is_empty() {
            if raw.len() > max {
                return Err(PdfError::Limit {
                    kind: LimitKind::Stream,
                    what: format!("a stream over {max} bytes"),
                    page,
                });
            }
            return Ok(inflate_unlabelled(&raw, max).unwrap_or_else(|| raw.into_owned()));
        }
        // Filters as lopdf reads them (full names, given directly): decode in place.
        let direct = matches!(raw, Cow::Borrowed(_))
            && s.filters().is_ok_and(|f| {
                f.len() == filters.len() && f.iter().zip(&filters).all(|(a, b)| *a == b.as_slice())
            })
            && match s.dict.get(b"DecodeParms") {
                Ok(Object::Reference(_)) => false,
                Ok(Object::Array(a)) => !a.iter().any(|o| matches!(o, Object::Reference(_))),
                _ => true,
            };
        let limit_error = |e: lopdf::Error| match e {
            lopdf::Error::Decompress(
                d @ (lopdf::DecompressError::MemoryLimitExceeded { .. }
                | lopdf::DecompressError::TooManyFilters { .. }),
            ) => PdfError::Limit {
                kind: LimitKind::Stream,
                what: d.to_string(),
                page,
            },
            e => malformed(format!("page {}: {e}", page.unwrap_or(0))),
        };
        if direct {
            return s.decompressed_content_with_limit(max).map_err(limit_error);
        }
        let mut d = Dictionary::new();
        d.set(
            "Filter",
            Object::Array(filters.into_iter().map(Object::Name).collect()),
        );
        if let Some(p) = parms {
            d.set("DecodeParms", p);
        }
        lopdf::Stream::new(d, raw.into_owned())
            .decompressed_content_with_limit(max)
            .map_err(limit_error)
    }

    /// A stream's undecoded data; for a stream lopdf could not delimit (no
    /// usable /Length), the bytes from its start up to `endstream`.
    fn raw_content<'s>(&self, s: &'s lopdf::Stream) -> Cow<'s, [u8]> {
        if !s.content.is_empty()
            || s.dict
                .get(b"Length")
                .ok()
                .and_then(|o| self.num(o))
                .is_some()
        {
            return Cow::Borrowed(&s.content);
        }
        let Some(rest) = s.start_position.and_then(|p| self.bytes.get(p..)) else {
            return Cow::Borrowed(&s.content);
        };
        let rest = &rest[..rest
            .len()
            .min(self.limits.max_stream_bytes.saturating_add(16))];
        let Some(end) = rest.windows(9).position(|w| w == b"endstream") else {
            return Cow::Borrowed(&s.content);
        };
        let mut data = &rest[..end];
        if let Some(d) = data.strip_suffix(b"\n") {
            data = d.strip_suffix(b"\r").unwrap_or(d);
        } else if let Some(d) = data.strip_suffix(b"\r") {
            data = d;
        }
        Cow::Owned(data.to_vec())
    }

    /// A stream's filters, by their full names, with their parameters, each
    /// dereferenced; the list ends before the first image filter.
    fn filters(&self, d: &Dictionary) -> (Vec<Vec<u8>>, Option<Object>) {
        let get = |k: &[u8]| d.get(k).ok().map(|o| self.deref(o));
        let names: Vec<&Object> = match get(b"Filter") {
            Some(Object::Array(a)) => a.iter().map(|o| self.deref(o)).collect(),
            Some(o @ Object::Name(_)) => vec![o],
            _ => Vec::new(),
        };
        let parms: Vec<Object> = match get(b"DecodeParms") {
            Some(Object::Array(a)) => a.iter().map(|o| self.deref(o).clone()).collect(),
            Some(o @ Object::Dictionary(_)) => vec![o.clone()],
            _ => Vec::new(),
        };
        let mut filters = Vec::new();
        let mut kept_parms = Vec::new();
        for (i, n) in names.iter().enumerate() {
            let Object::Name(n) = n else { continue };
            let full: &[u8] = match n.as_slice() {
                b"AHx" => b"ASCIIHexDecode",
                b"A85" => b"ASCII85Decode",
                b"LZW" => b"LZWDecode",
                b"Fl" => b"FlateDecode",
                b"RL" => b"RunLengthDecode",
                b"CCF" | b"DCT" | b"CCITTFaxDecode" | b"DCTDecode" | b"JBIG2Decode"
                | b"JPXDecode" => break,
                b"Crypt" => continue, // /Identity: the data is clear
                other => other,
            };
            filters.push(full.to_vec());
            kept_parms.push(
                parms
                    .get(if parms.len() == 1 { 0 } else { i })
                    .cloned()
                    .unwrap_or(Object::Null),
            );
        }
        let parms = kept_parms
            .iter()
            .any(|p| matches!(p, Object::Dictionary(_)))
            .then_some(Object::Array(kept_parms));
        (filters, parms)
    }

    /// Resources of a page or form: fonts converted (once per document),
    /// XObjects by reference.
    fn resources(&self, d: &Dictionary) -> Resources {
        let mut res = Resources::default();
        if let Some(fonts) = d.get(b"Font").ok().and_then(|o| self.dict(o)) {
            for (name, f) in fonts.iter() {
                if let Some(font) = self.font(f) {
                    res.fonts.insert(name.clone(), font);
                }
            }
        }
        if let Some(xs) = d.get(b"XObject").ok().and_then(|o| self.dict(o)) {
            for (name, x) in xs.iter() {
                let Ok(id) = x.as_reference() else { continue };
                let Ok(Object::Stream(s)) = self.doc.get_object(id) else {
                    continue;
                };
                match s.dict.get(b"Subtype").ok().and_then(|o| self.name(o)) {
                    Some(b"Form") => {
                        res.xobjects
                            .insert(name.clone(), XObject::Form(FormRef(id)));
                    }
                    Some(b"Image") => {
                        res.xobjects
                            .insert(name.clone(), XObject::Image(ImageRef(id)));
                    }
                    _ => {}
                }
            }
        }
        res
    }

    /// A font, converted once per object.
    fn font(&self, o: &Object) -> Option<Arc<Font>> {
        let id = o.as_reference().ok();
        if let Some(id) = id {
            if let Some(f) = self.fonts.lock().ok()?.get(&id) {
                return Some(f.clone());
            }
        }
        let d = self.dict(o)?;
        let mut f = self.convert_font(d);
        f.object = id.map(|i| i.0);
        let f = Arc::new(f);
        if let Some(id) = id {
            if let Ok(mut cache) = self.fonts.lock() {
                cache.insert(id, f.clone());
            }
        }
        Some(f)
    }

    fn convert_font(&self, d: &Dictionary) -> Font {
        let subtype = d
            .get(b"Subtype")
            .ok()
            .and_then(|o| self.name(o))
            .unwrap_or(b"Type1");
        let base = d
            .get(b"BaseFont")
            .ok()
            .and_then(|o| self.name(o))
            .map(font_name)
            .unwrap_or_default();
        let mut font = Font::new(base.clone());
        match d.get(b"ToUnicode").ok().map(|o| self.deref(o)) {
            Some(Object::Stream(s)) => {
                font.to_unicode = self
                    .stream_bytes(s, None)
                    .ok()
                    .and_then(|data| CMap::parse(&data, load_embedded));
            }
            // A predefined CMap's name where a stream belongs: UCS-2 codes.
            Some(Object::Name(n)) if n.starts_with(b"Identity-") || n.starts_with(b"UCS") => {
                font.to_unicode_identity = true;
            }
            _ => {}
        }
        match subtype {
            b"Type0" => {
                font.kind = FontKind::Type0;
                let enc = d.get(b"Encoding").ok().map(|o| self.deref(o));
                font.encoding = match enc {
                    Some(Object::Name(n)) => predefined(n),
                    Some(Object::Stream(s)) => self
                        .stream_bytes(s, None)
                        .ok()
                        .and_then(|b| CMap::parse(&b, load_embedded))
                        .map(Arc::new),
                    _ => None,
                };
                let desc = d
                    .get(b"DescendantFonts")
                    .ok()
                    .and_then(|o| match self.deref(o) {
                        Object::Array(a) => a.first(),
                        _ => None,
                    })
                    .and_then(|o| self.dict(o));
                if let Some(cid) = desc {
                    let dw = self.num_at(cid, b"DW").unwrap_or(1000.0);
                    let mut w = HashMap::new();
                    if let Some(Object::Array(a)) = cid.get(b"W").ok().map(|o| self.deref(o)) {
                        let mut i = 0;
                        while i < a.len() && w.len() < 200_000 {
                            let Some(first) = self.num(&a[i]) else { break };
                            match a.get(i + 1).map(|o| self.deref(o)) {
                                Some(Object::Array(ws)) => {
                                    for (k, x) in ws.iter().enumerate() {
                                        if let Some(x) = self.num(x) {
                                            w.insert(first as u32 + k as u32, x);
                                        }
                                    }
                                    i += 2;
                                }
                                Some(_) => {
                                    let (Some(last), Some(x)) = (
                                        a.get(i + 1).and_then(|o| self.num(o)),
                                        a.get(i + 2).and_then(|o| self.num(o)),
                                    ) else {
                                        break;
                                    };
                                    let (f, l) =
                                        (first as u32, (last as u32).min(first as u32 + 65_535));
                                    for c in f..=l {
                                        w.insert(c, x);
                                    }
                                    i += 3;
                                }
                                None => break,
                            }
                        }
                    }
                    font.widths = Widths::Cid {
                        map: w,
                        default: dw,
                    };
                    if let Some(info) = cid.get(b"CIDSystemInfo").ok().and_then(|o| self.dict(o)) {
                        let s = |k: &[u8]| match info.get(k).ok().map(|o| self.deref(o)) {
                            Some(Object::String(s, _)) => s.clone(),
                            _ => Vec::new(),
                        };
                        font.collection = Some(CidFamily::from_registry_ordering(
                            &s(b"Registry"),
                            &s(b"Ordering"),
                        ));
                    }
                    if let Some(fd) = self.descriptor(cid) {
                        font.bold |= self.bold_flag(fd);
                    }
                    let no_table = font
                        .collection
                        .as_ref()
                        .is_none_or(|c| c.ucs2_cmap().is_none());
                    if font.to_unicode.is_none() && !font.to_unicode_identity && no_table {
                        match self.embedded_program(cid) {
                            Some(program) => {
                                let cid_to_gid =
                                    match cid.get(b"CIDToGIDMap").ok().map(|o| self.deref(o)) {
                                        Some(Object::Stream(s)) => self.stream_bytes(s, None).ok(),
                                        _ => None,
                                    };
                                let t = embedded_cid_text(&program, cid_to_gid.as_deref());
                                font.glyph_text = (!t.is_empty()).then_some(t);
                            }
                            None => font.cid_as_unicode = true,
                        }
                    }
                }
            }
            _ => {
                font.kind = if subtype == b"Type3" {
                    FontKind::Type3
                } else {
                    FontKind::Simple
                };
                if subtype == b"Type3" {
                    if let Some(m) = d
                        .get(b"FontMatrix")
                        .ok()
                        .and_then(|o| self.numbers(o))
                        .filter(|v| v.len() == 6)
                    {
                        font.font_matrix = [m[0], m[1], m[2], m[3], m[4], m[5]];
                    }
                }
                let first = self.num_at(d, b"FirstChar").unwrap_or(0.0) as u32;
                let widths = d
                    .get(b"Widths")
                    .ok()
                    .and_then(|o| self.numbers(o))
                    .unwrap_or_default();
                let missing = self
                    .descriptor(d)
                    .and_then(|fd| self.num_at(fd, b"MissingWidth"))
                    .unwrap_or(if widths.is_empty() { 500.0 } else { 0.0 });
                // A Type 3 face whose matrix is not the 1/1000 of the
                // convention (a bitmap font in pixels) has its em from its
                // glyphs: the taller of its box and its widest advance.
                let fm = font.font_matrix[3].abs();
                if font.kind == FontKind::Type3 && !(0.0008..=0.0012).contains(&fm) {
                    let tall = d
                        .get(b"FontBBox")
                        .ok()
                        .and_then(|o| self.numbers(o))
                        .filter(|v| v.len() == 4)
                        .map_or(0.0, |b| (b[3] - b[1]).abs());
                    let wide = widths.iter().copied().fold(0.0, f64::max);
                    let em = tall.max(wide);
                    if em > 0.0 && em.is_finite() {
                        font.type3_em = em;
                    }
                }
                font.widths = Widths::Simple {
                    first,
                    widths,
                    missing,
                };
                let (base_enc, diffs) = match d.get(b"Encoding").ok().map(|o| self.deref(o)) {
                    Some(Object::Name(n)) => (Some(n.clone()), Vec::new()),
                    Some(Object::Dictionary(e)) => {
                        let base = e
                            .get(b"BaseEncoding")
                            .ok()
                            .and_then(|o| self.name(o))
                            .map(<[u8]>::to_vec);
                        let mut diffs = Vec::new();
                        if let Ok(Object::Array(a)) = e.get(b"Differences") {
                            let mut code = 0u32;
                            for x in a {
                                match self.deref(x) {
                                    Object::Integer(i) => code = (*i).clamp(0, 255) as u32,
                                    Object::Name(n) => {
                                        if code < 256 {
                                            diffs.push((code as u8, n.clone()));
                                        }
                                        code += 1;
                                    }
                                    _ => {}
                                }
                            }
                        }
                        (base, diffs)
                    }
                    _ => (None, Vec::new()),
                };
                font.set_simple_encoding(base_enc.as_deref(), &diffs);
                if let Some(fd) = self.descriptor(d) {
                    font.bold |= self.bold_flag(fd);
                }
            }
        }
        font
    }

    /// The decoded font program a font's descriptor embeds (FontFile2 or FontFile3).
    fn embedded_program(&self, d: &Dictionary) -> Option<Vec<u8>> {
        let fd = self.descriptor(d)?;
        [b"FontFile2".as_slice(), b"FontFile3"]
            .iter()
            .find_map(|k| match fd.get(k).ok().map(|o| self.deref(o)) {
                Some(Object::Stream(s)) => self.stream_bytes(s, None).ok(),
                _ => None,
            })
    }

    fn descriptor<'a>(&'a self, d: &'a Dictionary) -> Option<&'a Dictionary> {
        d.get(b"FontDescriptor").ok().and_then(|o| self.dict(o))
    }

    /// An image XObject's pixels as stored: size, colour space, and its data
    /// decoded through every filter before the image coding (/DCT, /CCF,
    /// /JBIG2, /JPX), which the image reader decodes.
    pub fn image(&self, r: &ImageSrc, page: u32) -> Result<RawImage, PdfError> {
        let name = match r {
            ImageSrc::Object(r) => format!("image {} {} R", r.0 .0, r.0 .1),
            ImageSrc::Inline(_) => "inline image".to_string(),
        };
        let bad = |what: &str| PdfError::Malformed {
            detail: format!("page {page}: {name}: {what}"),
        };
        let s = match r {
            ImageSrc::Object(r) => match self.doc.get_object(r.0) {
                Ok(Object::Stream(s)) => s,
                _ => return Err(bad("not a stream")),
            },
            ImageSrc::Inline(i) => &i.0,
        };
        let d = &s.dict;
        let width = self
            .num_at(d, b"Width")
            .filter(|w| *w >= 1.0)
            .ok_or_else(|| bad("no /Width"))? as u32;
        let height = self
            .num_at(d, b"Height")
            .filter(|h| *h >= 1.0)
            .ok_or_else(|| bad("no /Height"))? as u32;
        let mask = matches!(
            d.get(b"ImageMask").map(|o| self.deref(o)),
            Ok(Object::Boolean(true))
        );
        let bpc = if mask {
            1
        } else {
            self.num_at(d, b"BitsPerComponent").unwrap_or(8.0) as u8
        };
        let colour = d
            .get(b"ColorSpace")
            .ok()
            .map_or(Colour::Gray, |o| self.colour(o, 0));
        let inverted = self
            .numbers(d.get(b"Decode").unwrap_or(&Object::Null))
            .is_some_and(|v| v.len() >= 2 && v[0] > v[1]);
        // The image coding is the filter the text filters stop at.
        let names: Vec<Vec<u8>> = match d.get(b"Filter").map(|o| self.deref(o)) {
            Ok(Object::Array(a)) => a
                .iter()
                .filter_map(|o| self.name(o).map(<[u8]>::to_vec))
                .collect(),
            Ok(Object::Name(n)) => vec![n.clone()],
            _ => Vec::new(),
        };
        let parms: Vec<Option<&Dictionary>> = match d.get(b"DecodeParms").map(|o| self.deref(o)) {
            Ok(Object::Array(a)) => a.iter().map(|o| self.dict(o)).collect(),
            Ok(o @ Object::Dictionary(_)) => vec![self.dict(o)],
            _ => Vec::new(),
        };
        let coding_at = names.iter().position(|n| {
            matches!(
                n.as_slice(),
                b"CCF" | b"DCT" | b"CCITTFaxDecode" | b"DCTDecode" | b"JBIG2Decode" | b"JPXDecode"
            )
        });
        let coding = match coding_at {
            None => Coding::Raw,
            Some(i) => {
                let p = parms
                    .get(if parms.len() == 1 { 0 } else { i })
                    .copied()
                    .flatten();
                let int = |k: &[u8], dflt: f64| p.and_then(|p| self.num_at(p, k)).unwrap_or(dflt);
                let flag = |k: &[u8], dflt: bool| {
                    p.and_then(|p| p.get(k).ok())
                        .map_or(dflt, |o| matches!(self.deref(o), Object::Boolean(true)))
                };
                match names[i].as_slice() {
                    b"DCT" | b"DCTDecode" => Coding::Dct,
                    b"JPXDecode" => Coding::Jpx,
                    b"JBIG2Decode" => Coding::Jbig2 {
                        globals: p.and_then(|p| p.get(b"JBIG2Globals").ok()).and_then(
                            |o| match self.deref(o) {
                                Object::Stream(g) => self.stream_bytes(g, Some(page)).ok(),
                                _ => None,
                            },
                        ),
                    },
                    _ => Coding::Ccitt(Ccitt {
                        k: int(b"K", 0.0) as i64,
                        columns: int(b"Columns", 1728.0) as u32,
                        rows: int(b"Rows", 0.0).max(0.0) as u32,
                        black_is_1: flag(b"BlackIs1", false),
                        byte_align: flag(b"EncodedByteAlign", false),
                        end_of_block: flag(b"EndOfBlock", true),
                        end_of_line: flag(b"EndOfLine", false),
                    }),
                }
            }
        };
        let data = self.stream_bytes(s, Some(page))?;
        Ok(RawImage {
            width,
            height,
            bpc,
            colour,
            mask,
            inverted,
            coding,
            data,
        })
    }

    /// A colour space, as far as grey needs it.
    fn colour(&self, o: &Object, depth: usize) -> Colour {
        let o = self.deref(o);
        let name = |o: &Object| self.name(o).map(<[u8]>::to_vec);
        match o {
            Object::Name(n) => match n.as_slice() {
                b"DeviceRGB" | b"RGB" | b"CalRGB" => Colour::Rgb,
                b"DeviceCMYK" | b"CMYK" => Colour::Cmyk,
                _ => Colour::Gray,
            },
            Object::Array(a) if depth < 4 => {
                let kind = a.first().and_then(name).unwrap_or_default();
                match kind.as_slice() {
                    b"ICCBased" => {
                        let n = a
                            .get(1)
                            .and_then(|s| self.dict(s))
                            .and_then(|d| self.num_at(d, b"N"))
                            .unwrap_or(1.0) as u8;
                        match n {
                            3 => Colour::Rgb,
                            4 => Colour::Cmyk,
                            _ => Colour::Gray,
                        }
                    }
                    b"CalRGB" | b"Lab" => Colour::Rgb,
                    b"CalGray" => Colour::Gray,
                    b"Indexed" | b"I" => {
                        let base = a.get(1).map_or(Colour::Rgb, |b| self.colour(b, depth + 1));
                        let lookup = match a.get(3).map(|l| self.deref(l)) {
                            Some(Object::String(s, _)) => s.clone(),
                            Some(Object::Stream(st)) => {
                                self.stream_bytes(st, None).unwrap_or_default()
                            }
                            _ => Vec::new(),
                        };
                        Colour::Indexed {
                            base: Box::new(base),
                            lookup,
                        }
                    }
                    b"DeviceN" => Colour::Other(
                        a.get(1)
                            .and_then(|n| match self.deref(n) {
                                Object::Array(v) => Some(v.len() as u8),
                                _ => None,
                            })
                            .unwrap_or(1),
                    ),
                    _ => Colour::Other(1),
                }
            }
            _ => Colour::Gray,
        }
    }

    fn bold_flag(&self, fd: &Dictionary) -> bool {
        let flags = self.num_at(fd, b"Flags").unwrap_or(0.0) as u32;
        let weight = self.num_at(fd, b"FontWeight").unwrap_or(400.0);
        flags & (1 << 18) != 0 || weight >= 600.0
    }
}

/// A font's /BaseFont as text. Word and WPS on Chinese Windows write a
/// face's local name in the system code page (`/#BA#DA#CC#E5` is 黑体 in
/// GBK); read lossily as UTF-8, every such face would be the same run of
/// U+FFFD, one family, and 黑体 headings would look like 宋体 body text.
fn font_name(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::GB18030
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
    }
}

/// Data that starts like a zlib stream and inflates cleanly, though its
/// stream names no filter (some producers compress a ToUnicode map and leave
/// /Filter out): the inflated bytes.
fn inflate_unlabelled(raw: &[u8], max: usize) -> Option<Vec<u8>> {
    let (&cmf, &flg) = (raw.first()?, raw.get(1)?);
    if cmf & 0x0F != 8 || (u16::from(cmf) << 8 | u16::from(flg)) % 31 != 0 {
        return None;
    }
    let mut d = Dictionary::new();
    d.set("Filter", "FlateDecode");
    let out = lopdf::Stream::new(d, raw.to_vec())
        .decompressed_content_with_limit(max)
        .ok()?;
    (!out.is_empty()).then_some(out)
}

/// Content operations, converted, within the per-page budget.
fn ops(
    data: &[u8],
    budget: &mut usize,
    page: Option<u32>,
    max: usize,
) -> Result<Vec<Op>, PdfError> {
    let raw = match Content::decode(data) {
        Ok(c) => c.operations,
        // A damaged stream: keep what parses before the damage.
        Err(_) => Content::decode_iter(data).map_while(Result::ok).collect(),
    };
    if raw.len() > *budget {
        return Err(PdfError::Limit {
            kind: LimitKind::Ops,
            what: format!("more than {max} content operations"),
            page,
        });
    }
    *budget -= raw.len();
    // lopdf keeps an inline image's data only when it is unfiltered; the
    // images are cut out of the stream again, in order, one per BI.
    let mut inline = if raw.iter().any(|o| o.operator == "BI") {
        inline_images(data).into_iter()
    } else {
        Vec::new().into_iter()
    };
    Ok(raw
        .into_iter()
        .map(|o| {
            let args = if o.operator == "BI" {
                // (lopdf's own reading, where the cut failed: unfiltered only.)
                let own = || match o.operands.first() {
                    Some(Object::Stream(s)) => {
                        Some(InlineImage(spelled_out(s.dict.clone(), s.content.clone())))
                    }
                    _ => None,
                };
                inline
                    .next()
                    .or_else(own)
                    .map(|i| vec![Arg::Inline(Arc::new(i))])
                    .unwrap_or_default()
            } else {
                o.operands.iter().map(|a| arg(a, 0)).collect()
            };
            Op {
                op: o.operator,
                args,
            }
        })
        .collect())
}

/// Most inline images cut out of one content stream (a page drawing its
/// characters as thousands of inline bitmaps is not a scan).
const MAX_INLINE_IMAGES: usize = 256;

/// The inline images of a content stream, in order (at most
/// [`MAX_INLINE_IMAGES`]): the tokens are walked as a content parser walks
/// them (strings, comments and names skipped), and each `BI`'s dictionary
/// read up to `ID`, its data up to `EI` (or its /L length, where given).
fn inline_images(data: &[u8]) -> Vec<InlineImage> {
    let ws = |c: u8| matches!(c, b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' | b'\0');
    let delim = |c: u8| b"()<>[]{}/%".contains(&c);
    // The end of the token at `i` (a string, comment, name or word), or
    // None at the end of the data.
    let token = |mut i: usize| -> Option<(usize, usize)> {
        while i < data.len() && ws(data[i]) {
            i += 1;
        }
        let start = i;
        let c = *data.get(i)?;
        match c {
            b'%' => {
                while i < data.len() && data[i] != b'\n' && data[i] != b'\r' {
                    i += 1;
                }
            }
            b'(' => {
                let mut depth = 0usize;
                while i < data.len() {
                    match data[i] {
                        b'\\' => i += 1,
                        b'(' => depth += 1,
                        b')' => depth -= 1,
                        _ => {}
                    }
                    i += 1;
                    if depth == 0 {
                        break;
                    }
                }
            }
            b'<' if data.get(i + 1) != Some(&b'<') => {
                while i < data.len() && data[i] != b'>' {
                    i += 1;
                }
                i += 1;
            }
            b'<' | b'>' => i += if data.get(i + 1) == Some(&c) { 2 } else { 1 },
            b'/' => {
                i += 1;
                while i < data.len() && !ws(data[i]) && !delim(data[i]) {
                    i += 1;
                }
            }
            _ if delim(c) => i += 1,
            _ => {
                while i < data.len() && !ws(data[i]) && !delim(data[i]) {
                    i += 1;
                }
            }
        }
        Some((start, i.min(data.len())))
    };
    let mut out = Vec::new();
    let mut at = 0;
    while let Some((start, end)) = token(at) {
        at = end;
        if &data[start..end] != b"BI" {
            continue;
        }
        if out.len() >= MAX_INLINE_IMAGES {
            break;
        }
        // The dictionary: tokens up to the word ID.
        let dict_start = end;
        let mut id = None;
        while let Some((s, e)) = token(at) {
            at = e;
            if &data[s..e] == b"ID" {
                id = Some(s);
                break;
            }
            if &data[s..e] == b"BI" || &data[s..e] == b"EI" {
                break;
            }
        }
        let Some(id) = id else { continue };
        let mut src = data[dict_start..id].to_vec();
        src.extend_from_slice(b" n");
        let Ok(ops) = Content::decode(&src) else {
            continue;
        };
        let Some(first) = ops.operations.first() else {
            continue;
        };
        let mut dict = Dictionary::new();
        for pair in first.operands.chunks(2) {
            if let [Object::Name(k), v] = pair {
                dict.set(k.clone(), v.clone());
            }
        }
        // The data: one white-space byte (CR LF as one) after ID, then up
        // to white space, EI and white space or the end.
        let mut from = id + 2;
        if data[from..].starts_with(b"\r\n") {
            from += 2;
        } else if data.get(from).is_some_and(|&c| ws(c)) {
            from += 1;
        }
        let length = ["L", "Length"]
            .iter()
            .find_map(|k| dict.get(k.as_bytes()).ok().and_then(|o| o.as_i64().ok()))
            .and_then(|n| usize::try_from(n).ok())
            .filter(|n| from + n <= data.len());
        let ei = |from: usize| {
            (from..data.len().saturating_sub(1)).find(|&i| {
                data[i..].starts_with(b"EI")
                    && i > 0
                    && ws(data[i - 1])
                    && data.get(i + 2).is_none_or(|&c| ws(c))
            })
        };
        let (content, next) = match length {
            Some(n) => (
                data[from..from + n].to_vec(),
                ei(from + n).map_or(from + n, |i| i + 2),
            ),
            None => match ei(from) {
                Some(i) => (data[from..i - 1].to_vec(), i + 2),
                None => break,
            },
        };
        at = next;
        out.push(InlineImage(spelled_out(dict, content)));
    }
    out
}

/// An inline image's dictionary with its abbreviated keys and names spelled
/// out, so that it reads as an image XObject's.
fn spelled_out(d: Dictionary, content: Vec<u8>) -> lopdf::Stream {
    let mut out = Dictionary::new();
    for (k, v) in d.iter() {
        let key: &[u8] = match k.as_slice() {
            b"W" => b"Width",
            b"H" => b"Height",
            b"BPC" => b"BitsPerComponent",
            b"CS" => b"ColorSpace",
            b"F" => b"Filter",
            b"DP" => b"DecodeParms",
            b"IM" => b"ImageMask",
            b"D" => b"Decode",
            b"I" => b"Interpolate",
            k => k,
        };
        let v = match (key, v) {
            (b"ColorSpace", Object::Name(n)) => Object::Name(
                match n.as_slice() {
                    b"G" => b"DeviceGray".as_slice(),
                    b"RGB" => b"DeviceRGB",
                    b"CMYK" => b"DeviceCMYK",
                    n => n,
                }
                .to_vec(),
            ),
            (_, v) => v.clone(),
        };
        out.set(key.to_vec(), v);
    }
    let mut s = lopdf::Stream::new(out, content);
    s.allows_compression = false;
    s
}

fn arg(o: &Object, depth: usize) -> Arg {
    match o {
        Object::Integer(i) => Arg::Num(*i as f64),
        Object::Real(r) => Arg::Num(*r as f64),
        Object::Name(n) => Arg::Name(n.clone()),
        Object::String(s, _) => Arg::Str(s.clone()),
        Object::Array(a) if depth < 4 => Arg::Arr(a.iter().map(|x| arg(x, depth + 1)).collect()),
        Object::Dictionary(d) => match d.get(b"ActualText").map(lopdf::decode_text_string) {
            Ok(Ok(t)) => Arg::ActualText(t),
            _ => Arg::Other,
        },
        _ => Arg::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn font_names_in_the_windows_code_page() {
        assert_eq!(font_name(b"GEMKPZ+SimHei"), "GEMKPZ+SimHei");
        assert_eq!(font_name(b"ABCDEF+\xBA\xDA\xCC\xE5"), "ABCDEF+黑体");
        assert_eq!(font_name(b"\xB7\xC2\xCB\xCE_GB2312"), "仿宋_GB2312");
        assert!(Font::new(font_name(b"\xBA\xDA\xCC\xE5")).bold);
        assert!(!Font::new(font_name(b"\xCB\xCE\xCC\xE5")).bold);
    }

    #[test]
    fn inline_images_cut_out_in_order() {
        // A string and a comment that hold BI, an image whose data holds
        // "EI" not set off by white space, and one given by its /L length.
        let data = b"BT (BI ID EI) Tj ET % BI\nq BI /W 2 /H 1 /CS /G /BPC 8 /F /AHx ID\nEIx0>\nEI Q\nBI /W 1 /H 1 /L 3 ID \n EI\nEI";
        let found = inline_images(data);
        assert_eq!(found.len(), 2);
        let first = &found[0].0;
        assert_eq!(first.content, b"EIx0>");
        assert_eq!(first.dict.get(b"Width").unwrap().as_i64().unwrap(), 2);
        assert_eq!(
            first.dict.get(b"ColorSpace").unwrap().as_name().unwrap(),
            b"DeviceGray"
        );
        assert_eq!(
            first.dict.get(b"Filter").unwrap().as_name().unwrap(),
            b"AHx"
        );
        assert_eq!(found[1].0.content, b"\n E");
        // Each BI operation gets its image, in order.
        let mut budget = 100;
        let ops = ops(data, &mut budget, Some(1), 100).unwrap();
        let bi: Vec<&Op> = ops.iter().filter(|o| o.op == "BI").collect();
        assert_eq!(bi.len(), 2);
        assert!(bi
            .iter()
            .all(|o| matches!(o.args.first(), Some(Arg::Inline(_)))));
    }

    #[test]
    fn objects_counted_before_loading() {
        let pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\n2 0 obj\n<</A 3 0 R>>\nendobj 10 0\r\nobj 1 endobj %obj\n";
        assert_eq!(count_objects(pdf), 3);
        let limits = Limits {
            max_objects: 2,
            ..Limits::default()
        };
        let err = load(pdf, &limits, None).err().expect("over the limit");
        assert!(err.to_string().contains("3 objects (limit 2)"), "{err}");
    }
}
