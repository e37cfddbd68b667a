//! Reader for Word files (.docx, Office Open XML as Word, WPS and LibreOffice
//! write it): bytes → the same [`Document`] of lines the text and PDF readers
//! give, so the stages never know a Word file was read.
//!
//! - The zip and XML layers are the `zip` and `quick-xml` crates; only
//!   `word/document.xml` (the body), `word/styles.xml` (heading styles, the
//!   default size) and `word/numbering.xml` (automatic list numbers) are read,
//!   so headers, footers, footnotes and comments stay out of the body.
//! - Each body paragraph is a line (a line break inside it starts another);
//!   automatic numbering ("第一章", "一、", "（一）" that Word draws from a list
//!   definition) is put back in front of the text.
//! - A table becomes a [`Grid`] ([`GridKind::Word`]), one line per row: a
//!   cell spanning columns (`gridSpan`) has its `colspan`, a cell merged with
//!   the ones below (`vMerge`) its `rowspan`, and a cell keeps its paragraphs
//!   (joined for its text). A table in a cell joins that cell's text. A table
//!   of one column (a 专栏 drawn as a frame) gives its paragraphs as lines,
//!   as do text boxes.
//! - Style hints reach the outline stage: size over the body text, bold face
//!   (or 黑体), centring, and the outline level a heading style declares.
//!
//! Spans count body paragraphs and table rows from 1 (`line_start`); there are
//! no pages in a Word file.

use crate::error::{DocxError, LimitKind};
use crate::model::{Format, Span};
use crate::read::{Document, Grid, GridKind, LineStyle, Slot, SrcLine};
use crate::Limits;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::collections::HashMap;
use std::io::Read;

/// Most lines taken from one document.
const MAX_LINES: usize = 2_000_000;
/// Parts smaller than this unpacked are not held to the packing ratio limit
/// (a small part of repeated markup can pack very tightly).
const RATIO_FLOOR: u64 = 1024 * 1024;

/// Read a .docx file into document lines.
pub fn docx_document(bytes: &[u8]) -> Result<Document, DocxError> {
    docx_document_with(bytes, &Limits::default())
}

/// [`docx_document`] within `limits`: entries and packing ratio of the zip,
/// unpacked bytes per part and in all, nesting of the XML and of the body.
pub fn docx_document_with(bytes: &[u8], limits: &Limits) -> Result<Document, DocxError> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| DocxError::NotZip(e.to_string()))?;
    if zip.len() > limits.max_zip_entries {
        return Err(DocxError::Limit(
            LimitKind::Zip,
            format!(
                "the package has {} entries (limit {})",
                zip.len(),
                limits.max_zip_entries
            ),
        ));
    }
    let mut unpacked = 0u64;
    let mut read = |name: &str| -> Result<Option<String>, DocxError> {
        let s = part(&mut zip, name, limits)?;
        unpacked += s.as_ref().map_or(0, |s| s.len() as u64);
        if unpacked > limits.max_document_bytes {
            return Err(DocxError::Limit(
                LimitKind::Document,
                format!(
                    "the parts unpack past {} bytes in all",
                    limits.max_document_bytes
                ),
            ));
        }
        if let Some(s) = &s {
            xml_depth(name, s, limits.max_markup_depth)?;
        }
        Ok(s)
    };
    let body =
        read("word/document.xml")?.ok_or_else(|| DocxError::Missing("word/document.xml".into()))?;
    let styles = read("word/styles.xml")?
        .map(|s| read_styles(&s))
        .unwrap_or_default();
    let numbering = read("word/numbering.xml")?
        .map(|s| read_numbering(&s))
        .unwrap_or_default();
    let mut w = Walker {
        max_nesting: limits.max_depth,
        styles: &styles,
        numbering: &numbering,
        counters: HashMap::new(),
        out: Vec::new(),
        grids: Vec::new(),
        index: 0,
    };
    w.body(&body)?;
    if w.out.iter().all(|l| l.text.trim().is_empty()) {
        return Err(DocxError::NoText);
    }
    Ok(Document {
        format: Format::Docx,
        encoding: None,
        pages: None,
        page_sizes: None,
        lines: w.out,
        tables: w.grids,
        warnings: Vec::new(),
        ocr: None,
        record: Vec::new(),
    })
}

/// One part of the package as text, None when the package has no such part.
fn part<R: Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
    name: &str,
    limits: &Limits,
) -> Result<Option<String>, DocxError> {
    let f = match zip.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(DocxError::NotZip(format!("{name}: {e}"))),
    };
    let max = limits.max_stream_bytes as u64;
    let stream_limit = || {
        DocxError::Limit(
            LimitKind::Stream,
            format!("{name} unpacks past {max} bytes (limit {max})"),
        )
    };
    if f.size() > max {
        return Err(stream_limit());
    }
    // The sizes the zip declares can lie: the ratio is checked again on
    // what actually unpacks.
    let packed = f.compressed_size().max(1);
    let ratio_limit = |size: u64| {
        DocxError::Limit(
            LimitKind::Zip,
            format!(
                "{name} unpacks {} times its packed size (limit {}): a zip bomb?",
                size / packed,
                limits.max_zip_ratio
            ),
        )
    };
    let too_packed = |size: u64| size > RATIO_FLOOR && size / packed > limits.max_zip_ratio;
    if too_packed(f.size()) {
        return Err(ratio_limit(f.size()));
    }
    let cap = max.min(packed.saturating_mul(limits.max_zip_ratio).max(RATIO_FLOOR));
    let mut s = String::new();
    f.take(cap + 1)
        .read_to_string(&mut s)
        .map_err(|e| DocxError::NotZip(format!("{name}: {e}")))?;
    let n = s.len() as u64;
    if n > max {
        return Err(stream_limit());
    }
    if too_packed(n) {
        return Err(ratio_limit(n));
    }
    Ok(Some(s))
}

/// An error when a part's elements nest deeper than `max`.
fn xml_depth(name: &str, xml: &str, max: usize) -> Result<(), DocxError> {
    let mut r = Reader::from_str(xml);
    let mut depth = 0usize;
    loop {
        match r.read_event() {
            Ok(Event::Start(_)) => {
                depth += 1;
                if depth > max {
                    return Err(DocxError::Limit(
                        LimitKind::Depth,
                        format!("{name} nests its elements deeper than {max}"),
                    ));
                }
            }
            Ok(Event::End(_)) => depth = depth.saturating_sub(1),
            Ok(Event::Eof) | Err(_) => return Ok(()),
            Ok(_) => {}
        }
    }
}

/// What a paragraph style says.
#[derive(Debug, Clone, Default)]
struct StyleDef {
    based_on: Option<String>,
    /// Outline level (0 = level 1), from the style or its name ("heading 2").
    level: Option<u8>,
    bold: Option<bool>,
    /// Size in half-points.
    size: Option<u32>,
    numbering: Option<(String, u8)>,
}

#[derive(Debug, Default)]
struct Styles {
    defs: HashMap<String, StyleDef>,
    /// Default run size in half-points (docDefaults, else the Normal style).
    default_size: Option<u32>,
}

impl Styles {
    /// A style's property, looked up through `basedOn` (a few steps at most).
    fn get<T>(&self, id: &str, f: impl Fn(&StyleDef) -> Option<T>) -> Option<T> {
        let mut cur = self.defs.get(id);
        for _ in 0..8 {
            let s = cur?;
            if let Some(v) = f(s) {
                return Some(v);
            }
            cur = s.based_on.as_deref().and_then(|b| self.defs.get(b));
        }
        None
    }
}

/// The local name of an element (`w:p` → `p`).
fn local<'a>(e: &'a BytesStart) -> &'a [u8] {
    let n = e.name().into_inner();
    match n.iter().position(|&b| b == b':') {
        Some(i) => &n[i + 1..],
        None => n,
    }
}

/// The value of the attribute whose local name is `key` (`w:val`).
fn attr(e: &BytesStart, key: &[u8]) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        let k = a.key.into_inner();
        let k = k.rsplit(|&b| b == b':').next().unwrap_or(k);
        (k == key).then(|| String::from_utf8_lossy(&a.value).into_owned())
    })
}

/// A `w:b`-style toggle: present and not switched off.
fn on(e: &BytesStart) -> bool {
    !matches!(
        attr(e, b"val").as_deref(),
        Some("0" | "false" | "off" | "none")
    )
}

/// Every event of a part's XML, up to its end or its first error (styles
/// and numbering are hints: a broken part gives what it has).
fn each_event<'a>(xml: &'a str, mut f: impl FnMut(Event<'a>)) {
    let mut r = Reader::from_str(xml);
    while let Ok(ev) = r.read_event() {
        if matches!(ev, Event::Eof) {
            break;
        }
        f(ev);
    }
}

fn read_styles(xml: &str) -> Styles {
    let mut st = Styles::default();
    let mut cur: Option<(String, StyleDef)> = None;
    let mut in_defaults = false;
    let mut in_rpr = false;
    let mut num_id: Option<String> = None;
    each_event(xml, |ev| {
        match ev {
            Event::Start(e) | Event::Empty(e) => match local(&e) {
                b"docDefaults" => in_defaults = true,
                b"rPr" => in_rpr = true,
                b"style" => {
                    let id = attr(&e, b"styleId").unwrap_or_default();
                    cur = Some((id, StyleDef::default()));
                    num_id = None;
                }
                b"name" => {
                    if let (Some((_, s)), Some(n)) = (cur.as_mut(), attr(&e, b"val")) {
                        let n = n.to_ascii_lowercase();
                        if let Some(d) = n
                            .strip_prefix("heading ")
                            .and_then(|d| d.trim().parse::<u8>().ok())
                        {
                            s.level.get_or_insert(d.saturating_sub(1));
                        } else if n == "title" {
                            s.level.get_or_insert(0);
                        }
                    }
                }
                b"basedOn" => {
                    if let Some((_, s)) = cur.as_mut() {
                        s.based_on = attr(&e, b"val");
                    }
                }
                b"outlineLvl" => {
                    if let (Some((_, s)), Some(v)) = (cur.as_mut(), attr(&e, b"val")) {
                        // 9 means body text.
                        s.level = v.parse::<u8>().ok().filter(|l| *l < 9);
                    }
                }
                b"b" if in_rpr => {
                    if let Some((_, s)) = cur.as_mut() {
                        s.bold = Some(on(&e));
                    }
                }
                b"sz" if in_rpr => {
                    let v = attr(&e, b"val").and_then(|v| v.parse::<u32>().ok());
                    match cur.as_mut() {
                        Some((_, s)) => s.size = v.or(s.size),
                        None if in_defaults => st.default_size = v.or(st.default_size),
                        None => {}
                    }
                }
                b"numId" => num_id = attr(&e, b"val"),
                b"ilvl" => {
                    if let (Some((_, s)), Some(id)) = (cur.as_mut(), num_id.clone()) {
                        let l = attr(&e, b"val").and_then(|v| v.parse().ok()).unwrap_or(0);
                        s.numbering = Some((id, l));
                    }
                }
                _ => {}
            },
            Event::End(e) => match e.local_name().into_inner() {
                b"docDefaults" => in_defaults = false,
                b"rPr" => in_rpr = false,
                b"numPr" => {
                    if let (Some((_, s)), Some(id)) = (cur.as_mut(), num_id.take()) {
                        s.numbering.get_or_insert((id, 0));
                    }
                }
                b"style" => {
                    if let Some((id, s)) = cur.take() {
                        st.defs.insert(id, s);
                    }
                }
                _ => {}
            },
            _ => {}
        }
    });
    if st.default_size.is_none() {
        st.default_size = st.get("Normal", |s| s.size);
    }
    st
}

/// One level of a list definition.
#[derive(Debug, Clone, Default)]
struct Level {
    start: u32,
    /// `decimal`, `chineseCounting`, `decimalEnclosedCircleChinese` …
    fmt: String,
    /// `%1、`, `（%1）`, `第%1章`.
    text: String,
}

#[derive(Debug, Default)]
struct Numbering {
    /// abstractNumId → levels.
    abstracts: HashMap<String, Vec<Level>>,
    /// numId → abstractNumId.
    nums: HashMap<String, String>,
}

fn read_numbering(xml: &str) -> Numbering {
    let mut n = Numbering::default();
    let mut abs: Option<(String, Vec<Level>)> = None;
    let mut num: Option<String> = None;
    each_event(xml, |ev| match ev {
        Event::Start(e) | Event::Empty(e) => match local(&e) {
            b"abstractNum" => {
                abs = Some((attr(&e, b"abstractNumId").unwrap_or_default(), Vec::new()))
            }
            b"lvl" => {
                if let Some((_, ls)) = abs.as_mut() {
                    ls.push(Level {
                        start: 1,
                        ..Level::default()
                    });
                }
            }
            b"start" | b"numFmt" | b"lvlText" => {
                if let Some(l) = abs.as_mut().and_then(|(_, ls)| ls.last_mut()) {
                    let v = attr(&e, b"val").unwrap_or_default();
                    match local(&e) {
                        b"start" => l.start = v.parse().unwrap_or(1),
                        b"numFmt" => l.fmt = v,
                        _ => l.text = v,
                    }
                }
            }
            b"num" => num = attr(&e, b"numId"),
            b"abstractNumId" => {
                if let (Some(id), Some(v)) = (num.clone(), attr(&e, b"val")) {
                    n.nums.insert(id, v);
                }
            }
            _ => {}
        },
        Event::End(e) if e.local_name().into_inner() == b"abstractNum" => {
            if let Some((id, ls)) = abs.take() {
                n.abstracts.insert(id, ls);
            }
        }
        _ => {}
    });
    n
}

/// A number in a list format.
fn format_number(v: u32, fmt: &str) -> String {
    const CIRCLED: &str = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳";
    match fmt {
        "chineseCounting"
        | "chineseCountingThousand"
        | "chineseLegalSimplified"
        | "ideographTraditional"
        | "taiwaneseCounting" => crate::text::cn_numeral(v),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" if (1..=20).contains(&v) => {
            CIRCLED
                .chars()
                .nth(v as usize - 1)
                .map(String::from)
                .unwrap_or_default()
        }
        "lowerLetter" | "upperLetter" if (1..=26).contains(&v) => {
            let c = (b'a' + (v - 1) as u8) as char;
            if fmt == "upperLetter" {
                c.to_ascii_uppercase()
            } else {
                c
            }
            .to_string()
        }
        "none" | "bullet" => String::new(),
        _ => v.to_string(),
    }
}

/// A paragraph being read.
#[derive(Debug, Default)]
struct Para {
    text: String,
    /// Lines already cut off by a line break.
    done: Vec<String>,
    style: Option<String>,
    num: Option<(String, u8)>,
    centered: bool,
    /// Characters in bold, and all characters, for the majority.
    bold_chars: usize,
    chars: usize,
    /// Largest run size (half-points).
    size: Option<u32>,
    /// Run properties of the run being read.
    run_bold: Option<bool>,
    run_size: Option<u32>,
    run_font_bold: bool,
    in_ppr: bool,
    in_rpr: bool,
}

/// A table being read: rows of cells.
#[derive(Debug, Default)]
struct Table {
    rows: Vec<Vec<Tc>>,
    /// The open cell's `gridSpan` and `vMerge` (continuing a merge).
    span: usize,
    merged: bool,
}

/// A table cell being read: its paragraphs, the columns it spans, whether it
/// continues the cell above (`vMerge` without `restart`).
#[derive(Debug, Default)]
struct Tc {
    paras: Vec<String>,
    span: usize,
    merged: bool,
}

/// Most columns one cell spans.
const MAX_SPAN: usize = 64;

impl Tc {
    /// The cell's slots in its row.
    fn slots(self) -> impl Iterator<Item = Slot> {
        let span = self.span.clamp(1, MAX_SPAN);
        let first = if self.merged {
            Slot::Up
        } else {
            Slot::paragraphs(self.paras, span)
        };
        std::iter::once(first).chain(std::iter::repeat_n(Slot::Left, span - 1))
    }

    /// The texts of the positions the cell takes (a table in a cell).
    fn spread(&self) -> impl Iterator<Item = String> {
        let span = self.span.clamp(1, MAX_SPAN);
        let first = if self.merged {
            String::new()
        } else {
            self.paras.concat()
        };
        std::iter::once(first).chain(std::iter::repeat_n(String::new(), span - 1))
    }
}

struct Walker<'a> {
    styles: &'a Styles,
    numbering: &'a Numbering,
    /// Deepest nesting of paragraphs (text boxes) and tables followed.
    max_nesting: usize,
    /// Running list counters: (abstract id, level) → last number.
    counters: HashMap<(String, u8), u32>,
    out: Vec<SrcLine>,
    /// The tables emitted, over ranges of `out`.
    grids: Vec<Grid>,
    /// Lines emitted so far (the span's line).
    index: usize,
}

impl Walker<'_> {
    fn body(&mut self, xml: &str) -> Result<(), DocxError> {
        let mut r = Reader::from_str(xml);
        // Open paragraphs (a text box's paragraphs sit inside a run of one).
        let mut paras: Vec<Para> = Vec::new();
        let mut tables: Vec<Table> = Vec::new();
        let mut in_text = false;
        // Inside mc:Fallback, w:del, w:instrText: skip the text.
        let mut skip = 0usize;
        loop {
            let ev = r.read_event().map_err(|e| {
                DocxError::Xml(format!(
                    "word/document.xml at byte {}: {e}",
                    r.buffer_position()
                ))
            })?;
            match ev {
                Event::Eof => break,
                Event::Start(e) => {
                    let name = local(&e).to_vec();
                    match name.as_slice() {
                        b"Fallback" | b"del" | b"instrText" | b"delText" => skip += 1,
                        b"p" if skip == 0 => {
                            if paras.len() >= self.max_nesting {
                                return Err(DocxError::Limit(
                                    LimitKind::Depth,
                                    format!("paragraphs nested deeper than {}", self.max_nesting),
                                ));
                            }
                            paras.push(Para::default());
                        }
                        b"tbl" if skip == 0 => {
                            if tables.len() >= self.max_nesting {
                                return Err(DocxError::Limit(
                                    LimitKind::Depth,
                                    format!("tables nested deeper than {}", self.max_nesting),
                                ));
                            }
                            tables.push(Table::default());
                        }
                        b"tr" if skip == 0 => {
                            if let Some(t) = tables.last_mut() {
                                t.rows.push(Vec::new());
                            }
                        }
                        b"tc" if skip == 0 => {
                            if let Some(t) = tables.last_mut() {
                                t.span = 1;
                                t.merged = false;
                                if let Some(row) = t.rows.last_mut() {
                                    row.push(Tc::default());
                                }
                            }
                        }
                        b"t" => in_text = skip == 0,
                        _ => self.property(&e, &mut paras, &mut tables),
                    }
                }
                Event::Empty(e) if skip == 0 => match local(&e) {
                    b"tab" if !paras.last().is_some_and(|p| p.in_ppr) => {
                        if let Some(p) = paras.last_mut() {
                            p.text.push(' ');
                        }
                    }
                    b"br" | b"cr" => {
                        if let Some(p) = paras.last_mut() {
                            let line = std::mem::take(&mut p.text);
                            p.done.push(line);
                        }
                    }
                    _ => self.property(&e, &mut paras, &mut tables),
                },
                Event::Text(t) if in_text && skip == 0 => {
                    let s = t.decode().map_err(|e| DocxError::Xml(e.to_string()))?;
                    let s = quick_xml::escape::unescape(&s)
                        .map_err(|e| DocxError::Xml(e.to_string()))?;
                    if let Some(p) = paras.last_mut() {
                        let n = s.chars().filter(|c| !c.is_whitespace()).count();
                        p.chars += n;
                        let size = p.run_size;
                        let bold = p.run_bold.unwrap_or(false) || p.run_font_bold;
                        if bold {
                            p.bold_chars += n;
                        }
                        if n > 0 {
                            p.size = p.size.max(size);
                        }
                        p.text.push_str(&s);
                    }
                }
                Event::GeneralRef(g) if in_text && skip == 0 => {
                    // &amp; &lt; and character references.
                    let s = match g
                        .decode()
                        .map_err(|e| DocxError::Xml(e.to_string()))?
                        .as_ref()
                    {
                        "amp" => "&".to_string(),
                        "lt" => "<".to_string(),
                        "gt" => ">".to_string(),
                        "quot" => "\"".to_string(),
                        "apos" => "'".to_string(),
                        other => other
                            .strip_prefix('#')
                            .and_then(|n| match n.strip_prefix('x') {
                                Some(h) => u32::from_str_radix(h, 16).ok(),
                                None => n.parse().ok(),
                            })
                            .and_then(char::from_u32)
                            .map(String::from)
                            .unwrap_or_default(),
                    };
                    if let Some(p) = paras.last_mut() {
                        p.text.push_str(&s);
                    }
                }
                Event::End(e) => {
                    let name = e.local_name().into_inner().to_vec();
                    match name.as_slice() {
                        b"Fallback" | b"del" | b"instrText" | b"delText" => {
                            skip = skip.saturating_sub(1)
                        }
                        _ if skip > 0 => {}
                        b"t" => in_text = false,
                        b"pPr" => {
                            if let Some(p) = paras.last_mut() {
                                p.in_ppr = false;
                            }
                        }
                        b"rPr" => {
                            if let Some(p) = paras.last_mut() {
                                p.in_rpr = false;
                            }
                        }
                        b"r" => {
                            if let Some(p) = paras.last_mut() {
                                p.run_bold = None;
                                p.run_size = None;
                                p.run_font_bold = false;
                            }
                        }
                        b"p" => {
                            if let Some(p) = paras.pop() {
                                let in_cell = tables.last().is_some_and(|t| !t.rows.is_empty())
                                    && paras.is_empty();
                                self.finish_para(p, if in_cell { tables.last_mut() } else { None });
                            }
                        }
                        b"tc" => {
                            if let Some(t) = tables.last_mut() {
                                let (span, merged) = (t.span, t.merged);
                                if let Some(cell) = t.rows.last_mut().and_then(|r| r.last_mut()) {
                                    cell.span = span;
                                    cell.merged = merged;
                                }
                            }
                        }
                        b"tbl" => {
                            if let Some(t) = tables.pop() {
                                match tables.last_mut() {
                                    // A table inside a cell: its text joins the cell.
                                    Some(outer) => {
                                        if let Some(cell) =
                                            outer.rows.last_mut().and_then(|r| r.last_mut())
                                        {
                                            for row in t.rows {
                                                cell.paras.push(
                                                    row.iter()
                                                        .flat_map(Tc::spread)
                                                        .collect::<Vec<_>>()
                                                        .join(" "),
                                                );
                                            }
                                        }
                                    }
                                    None => self.emit_table(t),
                                }
                            }
                        }
                        _ => {}
                    }
                }
                _ => {}
            }
            if self.out.len() > MAX_LINES {
                return Err(DocxError::Limit(
                    LimitKind::Ops,
                    format!("more than {MAX_LINES} lines"),
                ));
            }
        }
        Ok(())
    }

    /// Paragraph, run and cell properties.
    fn property(&mut self, e: &BytesStart, paras: &mut [Para], tables: &mut [Table]) {
        let name = local(e);
        if let Some(t) = tables.last_mut() {
            match name {
                b"gridSpan" => {
                    t.span = attr(e, b"val")
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(1)
                        .max(1);
                    return;
                }
                b"vMerge" => {
                    // "restart" opens a merged cell; no value continues one.
                    t.merged = !matches!(attr(e, b"val").as_deref(), Some("restart"));
                    return;
                }
                _ => {}
            }
        }
        let Some(p) = paras.last_mut() else { return };
        match name {
            b"pPr" => p.in_ppr = true,
            b"rPr" => p.in_rpr = true,
            b"pStyle" if p.in_ppr => p.style = attr(e, b"val"),
            b"jc" if p.in_ppr && !p.in_rpr => {
                p.centered = matches!(attr(e, b"val").as_deref(), Some("center"));
            }
            b"numId" if p.in_ppr => {
                let id = attr(e, b"val").unwrap_or_default();
                let lvl = p.num.as_ref().map_or(0, |n| n.1);
                p.num = Some((id, lvl));
            }
            b"ilvl" if p.in_ppr => {
                let lvl = attr(e, b"val").and_then(|v| v.parse().ok()).unwrap_or(0);
                let id = p.num.as_ref().map(|n| n.0.clone()).unwrap_or_default();
                p.num = Some((id, lvl));
            }
            b"b" if p.in_rpr && !p.in_ppr => p.run_bold = Some(on(e)),
            b"sz" if p.in_rpr && !p.in_ppr => {
                p.run_size = attr(e, b"val").and_then(|v| v.parse().ok());
            }
            b"rFonts" if p.in_rpr && !p.in_ppr => {
                let f = attr(e, b"eastAsia")
                    .or_else(|| attr(e, b"ascii"))
                    .unwrap_or_default();
                p.run_font_bold = f.contains('黑') || f.contains("Hei") || f.contains("Bold");
            }
            _ => {}
        }
    }

    /// The automatic number of a list paragraph ("一、"), counting on.
    fn list_number(&mut self, num: &(String, u8)) -> Option<String> {
        let abs = self.numbering.nums.get(&num.0)?;
        let levels = self.numbering.abstracts.get(abs)?;
        let lvl = num.1.min(8);
        let def = levels.get(lvl as usize)?;
        let key = (abs.clone(), lvl);
        let v = self.counters.get(&key).map_or(def.start, |v| v + 1);
        self.counters.insert(key, v);
        // A level restarts its deeper levels.
        self.counters.retain(|(a, l), _| a != abs || *l <= lvl);
        if def.fmt == "bullet" || def.fmt == "none" || def.text.is_empty() {
            return None;
        }
        let mut text = def.text.clone();
        for (k, l) in levels.iter().enumerate().take(lvl as usize + 1) {
            let n = if k == lvl as usize {
                v
            } else {
                self.counters
                    .get(&(abs.clone(), k as u8))
                    .copied()
                    .unwrap_or(l.start)
            };
            text = text.replace(&format!("%{}", k + 1), &format_number(n, &l.fmt));
        }
        Some(text)
    }

    fn finish_para(&mut self, mut p: Para, cell: Option<&mut Table>) {
        let num = p
            .num
            .clone()
            .filter(|(id, _)| !id.is_empty() && id != "0")
            .or_else(|| {
                p.style
                    .as_deref()
                    .and_then(|s| self.styles.get(s, |d| d.numbering.clone()))
            });
        let prefix = num.and_then(|n| self.list_number(&n));
        let mut lines = std::mem::take(&mut p.done);
        lines.push(std::mem::take(&mut p.text));
        if let Some(pre) = prefix {
            if let Some(first) = lines.iter_mut().find(|l| !l.trim().is_empty()) {
                first.insert_str(0, &pre);
            }
        }
        if let Some(t) = cell {
            if let Some(c) = t.rows.last_mut().and_then(|r| r.last_mut()) {
                c.paras.push(lines.concat());
            }
            return;
        }
        let style = self.style_of(&p);
        for l in lines {
            self.emit(l, style);
        }
    }

    fn style_of(&self, p: &Para) -> Option<LineStyle> {
        let sid = p.style.as_deref();
        let level = sid.and_then(|s| self.styles.get(s, |d| d.level));
        let style_bold = sid
            .and_then(|s| self.styles.get(s, |d| d.bold))
            .unwrap_or(false);
        let size = p
            .size
            .or_else(|| sid.and_then(|s| self.styles.get(s, |d| d.size)))
            .or(self.styles.default_size);
        let body = self.styles.default_size.unwrap_or(24).max(1);
        Some(LineStyle {
            rel_size: size.map_or(1.0, |s| s as f32 / body as f32),
            bold: style_bold || (p.chars > 0 && p.bold_chars * 2 > p.chars),
            centered: p.centered,
            level,
            flows_on: false,
            other_face: false,
        })
    }

    fn emit(&mut self, text: String, style: Option<LineStyle>) {
        self.index += 1;
        self.out.push(SrcLine {
            text,
            span: Span::line(self.index),
            style,
        });
    }

    fn emit_table(&mut self, t: Table) {
        let width = |row: &[Tc]| -> usize { row.iter().map(|c| c.span.clamp(1, MAX_SPAN)).sum() };
        let cols = t.rows.iter().map(|r| width(r)).max().unwrap_or(0);
        if cols <= 1 {
            // A frame (a 专栏 drawn as a one-cell table): its paragraphs.
            for cell in t.rows.into_iter().flatten().filter(|c| !c.merged) {
                for para in cell.paras {
                    self.emit(para, None);
                }
            }
            return;
        }
        let slots = t
            .rows
            .into_iter()
            .map(|row| row.into_iter().flat_map(Tc::slots).collect())
            .collect();
        let (grid, _) = Grid::build(GridKind::Word, slots, self.out.len());
        for line in grid.row_lines() {
            self.emit(line, None);
        }
        self.grids.push(grid);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lines and tables of a body (`word/document.xml`).
    fn body(xml: &str) -> (Vec<String>, Vec<Grid>) {
        let (styles, numbering) = (Styles::default(), Numbering::default());
        let mut w = Walker {
            styles: &styles,
            numbering: &numbering,
            max_nesting: 64,
            counters: HashMap::new(),
            out: Vec::new(),
            grids: Vec::new(),
            index: 0,
        };
        w.body(xml).unwrap();
        (w.out.into_iter().map(|l| l.text).collect(), w.grids)
    }

    fn tc(props: &str, paras: &[&str]) -> String {
        let ps: String = paras
            .iter()
            .map(|p| format!("<w:p><w:r><w:t>{p}</w:t></w:r></w:p>"))
            .collect();
        format!("<w:tc><w:tcPr>{props}</w:tcPr>{ps}</w:tc>")
    }

    #[test]
    fn table_grid_with_merged_cells_and_paragraphs() {
        let row1 = [
            tc(r#"<w:vMerge w:val="restart"/>"#, &["类别"]),
            tc(r#"<w:gridSpan w:val="2"/>"#, &["目标"]),
        ]
        .concat();
        let row2 = [
            tc("<w:vMerge/>", &[]),
            tc("", &["2020年", "实际值"]),
            tc("", &["2025年"]),
        ]
        .concat();
        let xml = format!(
            "<w:document><w:body><w:p><w:r><w:t>主要指标</w:t></w:r></w:p><w:tbl><w:tr>{row1}</w:tr><w:tr>{row2}</w:tr></w:tbl></w:body></w:document>"
        );
        let (lines, grids) = body(&xml);
        // Lines as before: the merged cell printed once, the span followed
        // by an empty cell, a cell's paragraphs joined.
        assert_eq!(
            lines,
            ["主要指标", "类别\t目标\t", "\t2020年实际值\t2025年"]
        );
        assert_eq!(grids.len(), 1);
        let g = &grids[0];
        assert_eq!((g.kind, g.lines.clone()), (GridKind::Word, 1..3));
        let head = &g.rows[0].cells;
        assert_eq!((head[0].text.as_str(), head[0].rowspan), ("类别", 2));
        assert_eq!((head[1].col, head[1].colspan), (1, 2));
        let c = &g.rows[1].cells[0];
        assert_eq!((c.col, c.text.as_str()), (1, "2020年实际值"));
        assert_eq!(c.paras, ["2020年", "实际值"]);
        assert_eq!(g.rows[1].width, 3);
    }

    #[test]
    fn list_numbers_in_chinese() {
        assert_eq!(format_number(3, "chineseCounting"), "三");
        assert_eq!(format_number(12, "chineseCountingThousand"), "十二");
        assert_eq!(format_number(2, "decimalEnclosedCircleChinese"), "②");
        assert_eq!(format_number(7, "decimal"), "7");
    }
}
