//! The one module that touches lopdf: file structure (xref tables and streams,
//! object streams, incremental updates, broken-xref reconstruction, empty-
//! password decryption), the page tree, resources, font dictionaries and
//! content operations — all turned into this crate's own types, with limits
//! so that a hostile file cannot exhaust memory or recurse without end.

use super::font::{predefined, Font, FontKind, Widths};
use super::{Arg, Op};
use crate::error::PdfError;
use hayro_cmap::{load_embedded, CMap, CidFamily};
use lopdf::content::Content;
use lopdf::{Dictionary, Document as LDoc, LoadOptions, Object, ObjectId};
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

/// Largest decompressed stream accepted (content, ToUnicode, forms).
pub const MAX_STREAM_BYTES: usize = 64 * 1024 * 1024;
/// Deepest page tree or resource inheritance followed.
pub const MAX_TREE_DEPTH: usize = 64;
/// Most pages read from one file.
pub const MAX_PAGES: usize = 20_000;
/// Deepest nesting of Form XObjects.
pub const MAX_FORM_DEPTH: usize = 12;
/// Most content operations per page (all forms included).
pub const MAX_OPS_PER_PAGE: usize = 4_000_000;

/// A loaded PDF.
pub struct Pdf {
    doc: LDoc,
    /// The cross-reference data was damaged and rebuilt by scanning the file.
    pub recovered: bool,
    pages: Vec<ObjectId>,
    fonts: Mutex<HashMap<ObjectId, Arc<Font>>>,
}

/// Resources of a page or form, already converted.
#[derive(Default, Clone)]
pub struct Resources {
    pub fonts: HashMap<Vec<u8>, Arc<Font>>,
    pub xobjects: HashMap<Vec<u8>, Arc<XObject>>,
}

/// An XObject a content stream may draw.
pub enum XObject {
    Form {
        matrix: [f64; 6],
        ops: Vec<Op>,
        res: Resources,
    },
    Image,
}

/// One page, ready for the interpreter.
pub struct PageSrc {
    pub media_box: [f64; 4],
    pub ops: Vec<Op>,
    pub res: Resources,
}

fn malformed(e: impl std::fmt::Display) -> PdfError {
    PdfError::Malformed {
        detail: e.to_string(),
    }
}

/// Parse the file structure.
pub fn load(bytes: &[u8]) -> Result<Pdf, PdfError> {
    if !bytes.starts_with(b"%PDF")
        && !bytes[..bytes.len().min(1024)]
            .windows(5)
            .any(|w| w == b"%PDF-")
    {
        return Err(malformed("no %PDF header"));
    }
    let opts = LoadOptions {
        max_decompressed_size: Some(MAX_STREAM_BYTES),
        ..LoadOptions::default()
    };
    let doc = LDoc::load_mem_with_options(bytes, opts).map_err(|e| match e {
        lopdf::Error::Decryption(_) => PdfError::Encrypted,
        e => malformed(e),
    })?;
    if doc.trailer.has(b"Encrypt") && doc.is_encrypted() {
        return Err(PdfError::Encrypted);
    }
    let pages = page_tree(&doc)?;
    Ok(Pdf {
        recovered: doc.xref_recovery.is_some(),
        doc,
        pages,
        fonts: Mutex::new(HashMap::new()),
    })
}

/// Page objects in order, walking /Kids with a visited set and a depth limit.
fn page_tree(doc: &LDoc) -> Result<Vec<ObjectId>, PdfError> {
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
        if depth > MAX_TREE_DEPTH || !seen.insert(id) {
            continue;
        }
        let Ok(d) = doc.get_dictionary(id) else {
            continue;
        };
        match d.get(b"Kids").and_then(Object::as_array) {
            Ok(kids) => {
                for k in kids.iter().rev() {
                    if let Ok(kid) = k.as_reference() {
                        stack.push((kid, depth + 1));
                    }
                }
            }
            Err(_) => {
                if out.len() >= MAX_PAGES {
                    return Err(PdfError::Limit {
                        what: format!("more than {MAX_PAGES} pages"),
                        page: None,
                    });
                }
                out.push(id);
            }
        }
    }
    Ok(out)
}

impl Pdf {
    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    /// Page `i` (0-based) with its content operations and resources.
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
        let res_dict = self
            .inherited(dict, b"Resources")
            .and_then(|o| self.dict(o));
        let mut budget = MAX_OPS_PER_PAGE;
        let mut visiting = HashSet::new();
        let res = match res_dict {
            Some(r) => self.resources(r, 0, &mut budget, &mut visiting, page_no)?,
            None => Resources::default(),
        };
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
            if data.len() > MAX_STREAM_BYTES {
                return Err(PdfError::Limit {
                    what: format!("content streams over {MAX_STREAM_BYTES} bytes"),
                    page: page_no,
                });
            }
        }
        let ops = ops(&data, &mut budget, page_no)?;
        Ok(PageSrc {
            media_box,
            ops,
            res,
        })
    }

    /// An attribute from the page or its ancestors.
    fn inherited<'a>(&'a self, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
        let mut d = dict;
        for _ in 0..MAX_TREE_DEPTH {
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
        for _ in 0..MAX_TREE_DEPTH {
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

    fn stream_bytes(&self, s: &lopdf::Stream, page: Option<u32>) -> Result<Vec<u8>, PdfError> {
        if s.dict.get(b"Filter").is_err() {
            return Ok(s.content.clone());
        }
        s.decompressed_content_with_limit(MAX_STREAM_BYTES)
            .map_err(|e| match e {
                lopdf::Error::Decompress(
                    d @ (lopdf::DecompressError::MemoryLimitExceeded { .. }
                    | lopdf::DecompressError::TooManyFilters { .. }),
                ) => PdfError::Limit {
                    what: d.to_string(),
                    page,
                },
                e => malformed(format!("page {}: {e}", page.unwrap_or(0))),
            })
    }

    fn resources(
        &self,
        d: &Dictionary,
        depth: usize,
        budget: &mut usize,
        visiting: &mut HashSet<ObjectId>,
        page: Option<u32>,
    ) -> Result<Resources, PdfError> {
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
                        if depth >= MAX_FORM_DEPTH {
                            return Err(PdfError::Limit {
                                what: format!("Form XObjects nested deeper than {MAX_FORM_DEPTH}"),
                                page,
                            });
                        }
                        if !visiting.insert(id) {
                            continue; // a form that draws itself
                        }
                        let matrix = s
                            .dict
                            .get(b"Matrix")
                            .ok()
                            .and_then(|o| self.numbers(o))
                            .filter(|v| v.len() == 6)
                            .map(|v| [v[0], v[1], v[2], v[3], v[4], v[5]])
                            .unwrap_or([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);
                        let sub = match s.dict.get(b"Resources").ok().and_then(|o| self.dict(o)) {
                            Some(r) => self.resources(r, depth + 1, budget, visiting, page)?,
                            None => res.clone(),
                        };
                        let data = self.stream_bytes(s, page)?;
                        let form_ops = ops(&data, budget, page)?;
                        visiting.remove(&id);
                        res.xobjects.insert(
                            name.clone(),
                            Arc::new(XObject::Form {
                                matrix,
                                ops: form_ops,
                                res: sub,
                            }),
                        );
                    }
                    Some(b"Image") => {
                        res.xobjects.insert(name.clone(), Arc::new(XObject::Image));
                    }
                    _ => {}
                }
            }
        }
        Ok(res)
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
        let f = Arc::new(self.convert_font(d));
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
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .unwrap_or_default();
        let to_unicode = d.get(b"ToUnicode").ok().and_then(|o| match self.deref(o) {
            Object::Stream(s) => {
                let data = self.stream_bytes(s, None).ok()?;
                CMap::parse(&data, load_embedded)
            }
            _ => None,
        });
        let mut font = Font::new(base.clone());
        font.to_unicode = to_unicode;
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

    fn descriptor<'a>(&'a self, d: &'a Dictionary) -> Option<&'a Dictionary> {
        d.get(b"FontDescriptor").ok().and_then(|o| self.dict(o))
    }

    fn bold_flag(&self, fd: &Dictionary) -> bool {
        let flags = self.num_at(fd, b"Flags").unwrap_or(0.0) as u32;
        let weight = self.num_at(fd, b"FontWeight").unwrap_or(400.0);
        flags & (1 << 18) != 0 || weight >= 600.0
    }
}

/// Content operations, converted, within the per-page budget.
fn ops(data: &[u8], budget: &mut usize, page: Option<u32>) -> Result<Vec<Op>, PdfError> {
    let raw = match Content::decode(data) {
        Ok(c) => c.operations,
        // A damaged stream: keep what parses before the damage.
        Err(_) => Content::decode_iter(data).map_while(Result::ok).collect(),
    };
    if raw.len() > *budget {
        return Err(PdfError::Limit {
            what: format!("more than {MAX_OPS_PER_PAGE} content operations"),
            page,
        });
    }
    *budget -= raw.len();
    Ok(raw
        .into_iter()
        .map(|o| Op {
            op: o.operator,
            args: o.operands.iter().map(|a| arg(a, 0)).collect(),
        })
        .collect())
}

fn arg(o: &Object, depth: usize) -> Arg {
    match o {
        Object::Integer(i) => Arg::Num(*i as f64),
        Object::Real(r) => Arg::Num(*r as f64),
        Object::Name(n) => Arg::Name(n.clone()),
        Object::String(s, _) => Arg::Str(s.clone()),
        Object::Array(a) if depth < 4 => Arg::Arr(a.iter().map(|x| arg(x, depth + 1)).collect()),
        _ => Arg::Other,
    }
}
