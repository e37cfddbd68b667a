//! Fonts as the interpreter needs them: how a string splits into character
//! codes, what Unicode text each code stands for, and how wide it is.
//!
//! Unicode comes from the font's ToUnicode map; failing that, a Type0 font's
//! predefined CMap (GBK-EUC-H, UniGB-UCS2-H …) gives the CID and the
//! collection's CID → Unicode table (Adobe-GB1-UCS2) the character, else the
//! embedded font program tells what its glyphs are (a TrueType/OpenType cmap
//! read backwards, or glyph names), as viewers do; a simple font falls back
//! to its encoding with /Differences glyph names (numeric names like `/a45`
//! or `/65` read as the code they name, as poppler reads them).

use hayro_cmap::{load_embedded, BfString, CMap, CMapName, CidFamily};
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::Mutex;
use ttf_parser::GlyphId;

/// What kind of font program.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FontKind {
    Simple,
    Type0,
    Type3,
}

/// Glyph widths in glyph units (1/1000 of text space for all but Type 3).
#[derive(Debug, Clone)]
pub enum Widths {
    Simple {
        first: u32,
        widths: Vec<f64>,
        missing: f64,
    },
    Cid {
        map: HashMap<u32, f64>,
        default: f64,
    },
}

/// A font, converted from its dictionary.
pub struct Font {
    pub name: String,
    pub kind: FontKind,
    pub bold: bool,
    /// The face's family, as a number: the base name without its subset tag
    /// (ABCDEF+) or a style suffix (,Bold), hashed. Equal for the same face.
    pub family: u32,
    /// The font dictionary's object number; None for a direct dictionary.
    pub object: Option<u32>,
    /// Simple fonts: code → the CID its /Differences name gives (`/cid4711`,
    /// as Ghostscript names the glyphs of a CID font it split into simple
    /// fonts); 0 where none.
    pub cids: Vec<u32>,
    pub to_unicode: Option<CMap>,
    /// Type0: the encoding CMap (code → CID).
    pub encoding: Option<Arc<CMap>>,
    /// Type0: the character collection (Adobe-GB1 …).
    pub collection: Option<CidFamily>,
    /// The ToUnicode entry is the name /Identity-H (or -V): codes are UCS-2.
    pub to_unicode_identity: bool,
    /// Type0: CID → text read from the embedded font program.
    pub glyph_text: Option<HashMap<u32, String>>,
    /// Type0 without any other way to know its text (no ToUnicode, no
    /// collection table, no embedded program): CIDs read as Unicode, as
    /// poppler does.
    pub cid_as_unicode: bool,
    /// Simple fonts: code → text from the encoding and /Differences.
    pub simple: Vec<Option<String>>,
    pub widths: Widths,
    /// Glyph space → text space (Type 3), else 1/1000.
    pub font_matrix: [f64; 6],
    /// Type 3: glyph-space units an em, 1000 by convention; a face whose
    /// FontMatrix is not 1/1000 (a bitmap font in pixels, [1 0 0 1]) has
    /// the taller of its FontBBox and its widest advance.
    pub type3_em: f64,
}

/// A glyph of the document ([`Font::glyph_key`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GlyphKey {
    /// A code of one font (its object number).
    Code { font: u32, code: u32 },
    /// A CID of a face, whichever of its subsets draws it.
    Cid { family: u32, cid: u32 },
}

impl GlyphKey {
    /// The font or face.
    pub fn font(&self) -> u32 {
        match *self {
            GlyphKey::Code { font, .. } => font,
            GlyphKey::Cid { family, .. } => family,
        }
    }
}

/// One character code of a shown string.
#[derive(Debug, Clone, PartialEq)]
pub struct Code {
    pub code: u32,
    pub len: usize,
    /// The Unicode text, None when the font gives no way to know it.
    pub text: Option<String>,
    /// Advance in text space units per unit font size.
    pub width: f64,
}

/// A font's family as a number ([`Font::family`]).
fn family(name: &str) -> u32 {
    let name = match name.split_once('+') {
        Some((tag, rest)) if tag.len() == 6 && tag.bytes().all(|b| b.is_ascii_uppercase()) => rest,
        _ => name,
    };
    let name = name.split([',', '-']).next().unwrap_or(name);
    // FNV-1a: stable across runs, no dependency.
    name.bytes().fold(0x811c_9dc5u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

impl Font {
    pub fn new(name: String) -> Font {
        let bold = ["Bold", "bold", "Black", "Heavy", "Hei", "hei", "黑"]
            .iter()
            .any(|w| name.contains(w));
        Font {
            family: family(&name),
            object: None,
            cids: Vec::new(),
            name,
            kind: FontKind::Simple,
            bold,
            to_unicode: None,
            encoding: None,
            collection: None,
            to_unicode_identity: false,
            glyph_text: None,
            cid_as_unicode: false,
            simple: Vec::new(),
            widths: Widths::Simple {
                first: 0,
                widths: Vec::new(),
                missing: 500.0,
            },
            font_matrix: [0.001, 0.0, 0.0, 0.001, 0.0, 0.0],
            type3_em: 1000.0,
        }
    }

    /// Set a simple font's code → text table from its base encoding and /Differences.
    pub fn set_simple_encoding(&mut self, base: Option<&[u8]>, diffs: &[(u8, Vec<u8>)]) {
        let mut t: Vec<Option<String>> = (0..256u32)
            .map(|c| base_encoding(base, c).map(String::from))
            .collect();
        let mut cids = vec![0; 256];
        for (code, name) in diffs {
            t[*code as usize] = glyph_name(name);
            cids[*code as usize] = name
                .strip_prefix(b"cid")
                .filter(|d| !d.is_empty() && d.iter().all(u8::is_ascii_digit))
                .and_then(|d| std::str::from_utf8(d).ok()?.parse().ok())
                .unwrap_or(0);
        }
        self.simple = t;
        if cids.iter().any(|&c| c != 0) {
            self.cids = cids;
        }
    }

    /// What identifies the glyph `code` draws in this document: its CID in
    /// the face, where the font names it so (the subsets of one face share
    /// them), else the code in this font.
    pub fn glyph_key(&self, code: u32) -> Option<GlyphKey> {
        match self.cids.get(code as usize) {
            Some(&cid) if cid != 0 => Some(GlyphKey::Cid {
                family: self.family,
                cid,
            }),
            _ => self.object.map(|font| GlyphKey::Code { font, code }),
        }
    }

    /// Split `bytes` into codes with their text and width.
    pub fn decode(&self, bytes: &[u8], unicode: Option<&CMap>, out: &mut Vec<Code>) {
        out.clear();
        match self.kind {
            FontKind::Type0 => {
                let mut i = 0;
                while i < bytes.len() {
                    let (code, len, cid) = self.next_cid(&bytes[i..]);
                    let text = self
                        .to_unicode
                        .as_ref()
                        .and_then(|m| m.lookup_bf_string(code))
                        .or_else(|| unicode.and_then(|m| m.lookup_bf_string(cid)))
                        .map(bf)
                        .or_else(|| self.to_unicode_identity.then(|| scalar(code)).flatten())
                        .or_else(|| self.glyph_text.as_ref().and_then(|g| g.get(&cid).cloned()))
                        .or_else(|| self.cid_as_unicode.then(|| scalar(cid)).flatten());
                    let w = match &self.widths {
                        Widths::Cid { map, default } => map.get(&cid).copied().unwrap_or(*default),
                        Widths::Simple { missing, .. } => *missing,
                    };
                    out.push(Code {
                        code,
                        len,
                        text,
                        width: w * self.font_matrix[0],
                    });
                    i += len;
                }
            }
            _ => {
                for &b in bytes {
                    let code = b as u32;
                    let text = self
                        .to_unicode
                        .as_ref()
                        .and_then(|m| m.lookup_bf_string(code))
                        .map(bf)
                        .or_else(|| self.simple.get(b as usize).cloned().flatten());
                    let w = match &self.widths {
                        Widths::Simple {
                            first,
                            widths,
                            missing,
                        } => code
                            .checked_sub(*first)
                            .and_then(|k| widths.get(k as usize))
                            .copied()
                            .unwrap_or(*missing),
                        Widths::Cid { default, .. } => *default,
                    };
                    out.push(Code {
                        code,
                        len: 1,
                        text,
                        width: w * self.font_matrix[0],
                    });
                }
            }
        }
    }

    /// The next code of a Type0 string: (code, byte length, CID).
    fn next_cid(&self, b: &[u8]) -> (u32, usize, u32) {
        if let Some(enc) = &self.encoding {
            let mut code = 0u32;
            for len in 1..=b.len().min(4) {
                code = (code << 8) | b[len - 1] as u32;
                if let Some(cid) = enc.lookup_cid_code(code, len as u8) {
                    return (code, len, cid);
                }
            }
        }
        // Unknown encoding: two-byte codes (Identity) where possible.
        if b.len() >= 2 {
            let code = (b[0] as u32) << 8 | b[1] as u32;
            (code, 2, code)
        } else {
            (b[0] as u32, 1, b[0] as u32)
        }
    }
}

/// A predefined CMap by name (Identity-H, GBK-EUC-H, UniGB-UCS2-H …), parsed once.
pub fn predefined(name: &[u8]) -> Option<Arc<CMap>> {
    type Cache = Mutex<HashMap<Vec<u8>, Option<Arc<CMap>>>>;
    static CACHE: std::sync::LazyLock<Cache> =
        std::sync::LazyLock::new(|| Mutex::new(HashMap::new()));
    let mut cache = CACHE.lock().ok()?;
    cache
        .entry(name.to_vec())
        .or_insert_with(|| match name {
            b"Identity-H" | b"Identity-V" => Some(Arc::new(CMap::identity_h())),
            _ => load_embedded(CMapName::from_bytes(name))
                .and_then(|b| CMap::parse(b, load_embedded))
                .map(Arc::new),
        })
        .clone()
}

/// The CID → Unicode CMap of a character collection (Adobe-GB1-UCS2 …), parsed once.
pub fn collection_unicode(family: &CidFamily) -> Option<Arc<CMap>> {
    let name = family.ucs2_cmap()?;
    predefined(name.to_bytes())
}

/// A code read as a Unicode scalar value, unless it is a control character.
fn scalar(code: u32) -> Option<String> {
    char::from_u32(code)
        .filter(|c| !c.is_control())
        .map(String::from)
}

/// Whether every cmap subtable whose length is a 32-bit count (formats 10,
/// 12, 13, 14) holds the array it announces. ttf-parser asserts (in debug
/// builds) rather than failing on a count whose array runs past 4 GiB, so a
/// cmap that lies is left unread as a whole.
fn cmap_arrays_fit(cmap: &[u8]) -> bool {
    let u16_at = |o: usize| cmap.get(o..o + 2).map(|b| u16::from_be_bytes([b[0], b[1]]));
    let u32_at = |o: usize| {
        cmap.get(o..o + 4)
            .map(|b| u64::from(u32::from_be_bytes([b[0], b[1], b[2], b[3]])))
    };
    let Some(n) = u16_at(2) else {
        return false;
    };
    (0..usize::from(n)).all(|r| {
        let Some(at) = u32_at(4 + r * 8 + 4) else {
            return false;
        };
        let at = at as usize;
        // (where the count sits, the bytes before the array, bytes per item)
        let array = match u16_at(at) {
            Some(10) => Some((16, 20, 2)),
            Some(12 | 13) => Some((12, 16, 12)),
            Some(14) => Some((6, 10, 11)),
            _ => None,
        };
        array.is_none_or(|(count_at, head, item)| {
            u32_at(at + count_at)
                .is_some_and(|count| (at as u64) + head + count * item <= cmap.len() as u64)
        })
    })
}

/// Most glyphs read from one embedded font program.
pub const MAX_FONT_GLYPHS: usize = 65_536;

/// CID → text of a CID font from its embedded program (`FontFile2`
/// TrueType, `FontFile3` CFF or OpenType), for a font that has no other way
/// to tell its text. `cid_to_gid` is the /CIDToGIDMap stream (two bytes per
/// CID), `None` for /Identity. A TrueType or OpenType program's Unicode cmap
/// is read backwards (glyph → the character that selects it), else its
/// glyph names (post table, CFF charset) are read as glyph names are. An
/// unreadable program gives an empty map.
pub fn embedded_cid_text(program: &[u8], cid_to_gid: Option<&[u8]>) -> HashMap<u32, String> {
    let mut by_gid: HashMap<u16, String> = HashMap::new();
    // CID-keyed CFF: its charset maps glyphs to CIDs.
    let mut cff_cids: Option<HashMap<u32, u16>> = None;
    let cff;
    if let Ok(face) = ttf_parser::RawFace::parse(program, 0) {
        let table = |t: &[u8; 4]| face.table(ttf_parser::Tag::from_bytes(t));
        let cmap = table(b"cmap").filter(|c| cmap_arrays_fit(c));
        if let Some(cmap) = cmap.and_then(ttf_parser::cmap::Table::parse) {
            for sub in cmap.subtables {
                if !sub.is_unicode() {
                    continue;
                }
                sub.codepoints(|cp| {
                    if by_gid.len() >= MAX_FONT_GLYPHS {
                        return;
                    }
                    let (Some(g), Some(c)) = (sub.glyph_index(cp), scalar(cp)) else {
                        return;
                    };
                    // Prefer a character outside the private use area.
                    let private =
                        |s: &str| s.chars().all(|c| ('\u{E000}'..='\u{F8FF}').contains(&c));
                    match by_gid.get(&g.0) {
                        Some(old) if !private(old) || private(&c) => {}
                        _ => {
                            by_gid.insert(g.0, c);
                        }
                    }
                });
            }
        }
        let glyphs = table(b"maxp")
            .and_then(ttf_parser::maxp::Table::parse)
            .map_or(0, |m| m.number_of_glyphs.get());
        if let Some(post) = table(b"post").and_then(ttf_parser::post::Table::parse) {
            for g in 0..glyphs {
                if let std::collections::hash_map::Entry::Vacant(e) = by_gid.entry(g) {
                    if let Some(t) = post
                        .glyph_name(GlyphId(g))
                        .and_then(|n| glyph_name(n.as_bytes()))
                    {
                        e.insert(t);
                    }
                }
            }
        }
        cff = table(b"CFF ");
    } else {
        cff = Some(program);
    }
    if let Some(t) = cff.and_then(ttf_parser::cff::Table::parse) {
        let n = t.number_of_glyphs();
        if t.glyph_cid(GlyphId(0)).is_some() {
            cff_cids = Some(
                (0..n)
                    .filter_map(|g| t.glyph_cid(GlyphId(g)).map(|c| (c as u32, g)))
                    .collect(),
            );
        } else {
            for g in 0..n {
                if let std::collections::hash_map::Entry::Vacant(e) = by_gid.entry(g) {
                    if let Some(s) = t
                        .glyph_name(GlyphId(g))
                        .and_then(|n| glyph_name(n.as_bytes()))
                    {
                        e.insert(s);
                    }
                }
            }
        }
    }
    let mut out = HashMap::new();
    if by_gid.is_empty() {
        return out;
    }
    match (cff_cids, cid_to_gid) {
        (Some(cids), _) => {
            for (cid, g) in cids {
                if let Some(t) = by_gid.get(&g) {
                    out.insert(cid, t.clone());
                }
            }
        }
        (None, Some(map)) => {
            for (cid, pair) in map.chunks_exact(2).enumerate().take(MAX_FONT_GLYPHS) {
                let g = u16::from_be_bytes([pair[0], pair[1]]);
                if let Some(t) = by_gid.get(&g) {
                    out.insert(cid as u32, t.clone());
                }
            }
        }
        (None, None) => out.extend(by_gid.into_iter().map(|(g, t)| (g as u32, t))),
    }
    out
}

fn bf(s: BfString) -> String {
    match s {
        BfString::Char(c) => c.to_string(),
        BfString::String(s) => s,
    }
}

/// Text of a code in a base encoding. WinAnsi, MacRoman and Standard agree
/// on printable ASCII; WinAnsi's upper half matters too, for the curly quotes
/// (“ ” at 0x93/0x94) and dashes Chinese text sets in a Latin font.
fn base_encoding(base: Option<&[u8]>, code: u32) -> Option<&'static str> {
    const ASCII: &str = " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~";
    /// WinAnsiEncoding 0x80–0x9F (empty where undefined).
    const WIN_80: [&str; 32] = [
        "€", "", "‚", "ƒ", "„", "…", "†", "‡", "ˆ", "‰", "Š", "‹", "Œ", "", "Ž", "", "", "‘", "’",
        "“", "”", "•", "–", "—", "˜", "™", "š", "›", "œ", "", "ž", "Ÿ",
    ];
    /// Latin-1 0xA0–0xFF, which WinAnsi shares.
    const LATIN1: &str = "\u{a0}¡¢£¤¥¦§¨©ª«¬\u{ad}®¯°±²³´µ¶·¸¹º»¼½¾¿ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòóôõö÷øùúûüýþÿ";
    if (32..127).contains(&code) {
        let i = (code - 32) as usize;
        return ASCII.get(i..i + 1);
    }
    if base != Some(b"WinAnsiEncoding".as_slice()) {
        return None;
    }
    match code {
        0x80..=0x9F => Some(WIN_80[(code - 0x80) as usize]).filter(|s| !s.is_empty()),
        0xA0..=0xFF => LATIN1
            .char_indices()
            .nth((code - 0xA0) as usize)
            .map(|(i, c)| &LATIN1[i..i + c.len_utf8()]),
        _ => None,
    }
}

/// Unicode of a glyph name: `uni4E00`, `u1F600`, `one`, `A`, `period` …
pub fn glyph_name(name: &[u8]) -> Option<String> {
    let n = std::str::from_utf8(name).ok()?;
    let n = n.split('.').next().unwrap_or(n);
    if let Some(hex) = n.strip_prefix("uni") {
        if hex.len() >= 4 && hex.len() % 4 == 0 && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            let units: Vec<u16> = (0..hex.len() / 4)
                .filter_map(|i| u16::from_str_radix(&hex[i * 4..i * 4 + 4], 16).ok())
                .collect();
            return String::from_utf16(&units).ok();
        }
    }
    if let Some(hex) = n.strip_prefix('u') {
        if (4..=6).contains(&hex.len()) && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return u32::from_str_radix(hex, 16)
                .ok()
                .and_then(char::from_u32)
                .map(String::from);
        }
    }
    if n.len() == 1 && n.as_bytes()[0].is_ascii_alphabetic() {
        return Some(n.to_string());
    }
    // No name of the tables below ends in a digit: numeric names go straight on.
    if n.ends_with(|c: char| c.is_ascii_digit()) {
        return numeric_glyph_name(n);
    }
    const NAMES: &[(&str, &str)] = &[
        ("space", " "),
        ("zero", "0"),
        ("one", "1"),
        ("two", "2"),
        ("three", "3"),
        ("four", "4"),
        ("five", "5"),
        ("six", "6"),
        ("seven", "7"),
        ("eight", "8"),
        ("nine", "9"),
        ("period", "."),
        ("comma", ","),
        ("colon", ":"),
        ("semicolon", ";"),
        ("hyphen", "-"),
        ("minus", "-"),
        ("percent", "%"),
        ("parenleft", "("),
        ("parenright", ")"),
        ("slash", "/"),
        ("plus", "+"),
        ("equal", "="),
        ("less", "<"),
        ("greater", ">"),
        ("underscore", "_"),
        ("quotedbl", "\""),
        ("quotesingle", "'"),
        ("quoteright", "’"),
        ("quoteleft", "‘"),
        ("quotedblleft", "“"),
        ("quotedblright", "”"),
        ("bracketleft", "["),
        ("bracketright", "]"),
        ("asterisk", "*"),
        ("numbersign", "#"),
        ("ampersand", "&"),
        ("at", "@"),
        ("exclam", "!"),
        ("question", "?"),
        ("endash", "–"),
        ("emdash", "—"),
        ("bullet", "•"),
        ("periodcentered", "·"),
        ("degree", "°"),
        ("twosuperior", "²"),
        ("threesuperior", "³"),
        ("multiply", "×"),
        ("asciitilde", "~"),
        ("dollar", "$"),
        ("backslash", "\\"),
        ("asciicircum", "^"),
        ("grave", "`"),
        ("braceleft", "{"),
        ("braceright", "}"),
        ("bar", "|"),
        ("fi", "fi"),
        ("fl", "fl"),
        ("ff", "ff"),
        ("ffi", "ffi"),
        ("ffl", "ffl"),
        ("ellipsis", "…"),
        ("dagger", "†"),
        ("daggerdbl", "‡"),
        ("section", "§"),
        ("paragraph", "¶"),
        ("copyright", "©"),
        ("registered", "®"),
        ("trademark", "™"),
        ("guillemotleft", "«"),
        ("guillemotright", "»"),
        ("guilsinglleft", "‹"),
        ("guilsinglright", "›"),
        ("quotesinglbase", "‚"),
        ("quotedblbase", "„"),
        ("exclamdown", "¡"),
        ("questiondown", "¿"),
        ("cent", "¢"),
        ("sterling", "£"),
        ("yen", "¥"),
        ("Euro", "€"),
        ("plusminus", "±"),
        ("mu", "µ"),
        ("onehalf", "½"),
        ("onequarter", "¼"),
        ("threequarters", "¾"),
        ("onesuperior", "¹"),
        ("nbspace", " "),
        ("divide", "÷"),
        ("logicalnot", "¬"),
        ("brokenbar", "¦"),
        ("ordfeminine", "ª"),
        ("ordmasculine", "º"),
        ("dotlessi", "ı"),
    ];
    static TABLE: std::sync::LazyLock<HashMap<&'static str, String>> =
        std::sync::LazyLock::new(|| {
            let latin1 = LATIN1
                .iter()
                .zip(0xC0u32..)
                .filter_map(|(k, c)| Some((*k, char::from_u32(c)?.to_string())));
            NAMES
                .iter()
                .map(|(k, v)| (*k, v.to_string()))
                .chain(latin1)
                .collect()
        });
    TABLE.get(n).cloned()
}

/// Glyph names of U+00C0 … U+00FF, in order.
const LATIN1: [&str; 64] = [
    "Agrave",
    "Aacute",
    "Acircumflex",
    "Atilde",
    "Adieresis",
    "Aring",
    "AE",
    "Ccedilla",
    "Egrave",
    "Eacute",
    "Ecircumflex",
    "Edieresis",
    "Igrave",
    "Iacute",
    "Icircumflex",
    "Idieresis",
    "Eth",
    "Ntilde",
    "Ograve",
    "Oacute",
    "Ocircumflex",
    "Otilde",
    "Odieresis",
    "multiply",
    "Oslash",
    "Ugrave",
    "Uacute",
    "Ucircumflex",
    "Udieresis",
    "Yacute",
    "Thorn",
    "germandbls",
    "agrave",
    "aacute",
    "acircumflex",
    "atilde",
    "adieresis",
    "aring",
    "ae",
    "ccedilla",
    "egrave",
    "eacute",
    "ecircumflex",
    "edieresis",
    "igrave",
    "iacute",
    "icircumflex",
    "idieresis",
    "eth",
    "ntilde",
    "ograve",
    "oacute",
    "ocircumflex",
    "otilde",
    "odieresis",
    "divide",
    "oslash",
    "ugrave",
    "uacute",
    "ucircumflex",
    "udieresis",
    "yacute",
    "thorn",
    "ydieresis",
];

/// A numeric glyph name — up to two letters, then a decimal number (`/a45`,
/// `/g3`, `/c101`, `/65`), as Type 3 fonts and subsets often have — read as
/// the character of that number, as poppler and pdf.js read them; None for
/// control characters.
fn numeric_glyph_name(n: &str) -> Option<String> {
    let digits = n.trim_start_matches(|c: char| c.is_ascii_alphabetic());
    if n.len() - digits.len() > 2
        || !(1..=5).contains(&digits.len())
        || !digits.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    scalar(digits.parse().ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cmap_counts_must_fit_their_table() {
        // A cmap with one (3, 10) record pointing at a format-12 subtable.
        let cmap = |groups: u32| {
            let mut c = vec![0, 0, 0, 1, 0, 3, 0, 10, 0, 0, 0, 12];
            c.extend([0, 12, 0, 0]); // format 12, reserved
            c.extend((16 + 12 * groups.min(1)).to_be_bytes()); // length
            c.extend([0, 0, 0, 0]); // language
            c.extend(groups.to_be_bytes());
            c.extend([0, 0, 0, 0x41, 0, 0, 0, 0x41, 0, 0, 0, 1]); // one group
            c
        };
        assert!(cmap_arrays_fit(&cmap(1)));
        assert!(!cmap_arrays_fit(&cmap(0x1555_5556)));
        assert!(!cmap_arrays_fit(&cmap(2)));
        assert!(!cmap_arrays_fit(&[0, 0]));
    }

    #[test]
    fn glyph_names() {
        assert_eq!(glyph_name(b"uni4E00").as_deref(), Some("一"));
        assert_eq!(glyph_name(b"uni00410042").as_deref(), Some("AB"));
        assert_eq!(glyph_name(b"u2F800").as_deref(), Some("\u{2F800}"));
        assert_eq!(glyph_name(b"seven").as_deref(), Some("7"));
        assert_eq!(glyph_name(b"eacute").as_deref(), Some("é"));
        assert_eq!(glyph_name(b"ydieresis").as_deref(), Some("ÿ"));
        // Numeric names: the number is the character; controls are dropped.
        assert_eq!(glyph_name(b"a45").as_deref(), Some("-"));
        assert_eq!(glyph_name(b"65").as_deref(), Some("A"));
        assert_eq!(glyph_name(b"g3"), None);
        assert_eq!(glyph_name(b"abc12"), None);
        assert_eq!(glyph_name(b"glyph"), None);
    }

    #[test]
    fn simple_font_with_differences() {
        let mut f = Font::new("Test".into());
        f.set_simple_encoding(
            Some(b"WinAnsiEncoding"),
            &[(1, b"uni6C11".to_vec()), (65, b"uni653F".to_vec())],
        );
        let mut out = Vec::new();
        f.decode(b"\x01A1", None, &mut out);
        let t: Vec<_> = out
            .iter()
            .map(|c| c.text.clone().unwrap_or_default())
            .collect();
        assert_eq!(t, ["民", "政", "1"]);
    }
}
