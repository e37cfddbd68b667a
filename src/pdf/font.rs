//! Fonts as the interpreter needs them: how a string splits into character
//! codes, what Unicode text each code stands for, and how wide it is.
//!
//! Unicode comes from the font's ToUnicode map; failing that, a Type0 font's
//! predefined CMap (GBK-EUC-H, UniGB-UCS2-H …) gives the CID and the
//! collection's CID → Unicode table (Adobe-GB1-UCS2) the character; a simple
//! font falls back to its encoding with /Differences glyph names.

use hayro_cmap::{load_embedded, BfString, CMap, CMapName, CidFamily};
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::Mutex;

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
    pub to_unicode: Option<CMap>,
    /// Type0: the encoding CMap (code → CID).
    pub encoding: Option<Arc<CMap>>,
    /// Type0: the character collection (Adobe-GB1 …).
    pub collection: Option<CidFamily>,
    /// Simple fonts: code → text from the encoding and /Differences.
    pub simple: Vec<Option<String>>,
    pub widths: Widths,
    /// Glyph space → text space (Type 3), else 1/1000.
    pub font_matrix: [f64; 6],
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

impl Font {
    pub fn new(name: String) -> Font {
        let bold = ["Bold", "bold", "Black", "Heavy", "Hei", "hei", "黑"]
            .iter()
            .any(|w| name.contains(w));
        Font {
            name,
            kind: FontKind::Simple,
            bold,
            to_unicode: None,
            encoding: None,
            collection: None,
            simple: Vec::new(),
            widths: Widths::Simple {
                first: 0,
                widths: Vec::new(),
                missing: 500.0,
            },
            font_matrix: [0.001, 0.0, 0.0, 0.001, 0.0, 0.0],
        }
    }

    /// Set a simple font's code → text table from its base encoding and /Differences.
    pub fn set_simple_encoding(&mut self, base: Option<&[u8]>, diffs: &[(u8, Vec<u8>)]) {
        let mut t: Vec<Option<String>> = (0..256u32)
            .map(|c| base_encoding(base, c).map(String::from))
            .collect();
        for (code, name) in diffs {
            t[*code as usize] = glyph_name(name);
        }
        self.simple = t;
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
                        .map(bf);
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
    ];
    NAMES
        .iter()
        .find(|(k, _)| *k == n)
        .map(|(_, v)| v.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glyph_names() {
        assert_eq!(glyph_name(b"uni4E00").as_deref(), Some("一"));
        assert_eq!(glyph_name(b"uni00410042").as_deref(), Some("AB"));
        assert_eq!(glyph_name(b"u2F800").as_deref(), Some("\u{2F800}"));
        assert_eq!(glyph_name(b"seven").as_deref(), Some("7"));
        assert_eq!(glyph_name(b"g123"), None);
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
