//! Unicode maps learned from OCR, for fonts that lost theirs.
//!
//! A virtual printer (Ghostscript turning PostScript into PDF) re-encodes
//! its fonts without a ToUnicode map: every character of the page is a
//! code no one can read, and each page is rendered and read by OCR
//! ([`super::render`]). But a code of a font is the same shape wherever it
//! is drawn, so what OCR reads at its places, over the whole document, is
//! its text. [`Learned`] aligns each rendered page's text layer with OCR's
//! reading line by line and counts, for every code, what OCR read there;
//! [`decode`] then gives the layer's codes their text. The page keeps the
//! layer's exact positions, sizes and weights (its headings, its table
//! columns, its bold run-in titles), and one misreading of a character on
//! a page is outvoted by its other places.

use super::render::{baselines, odd, spacing};
use super::{Glyph, PageContent};
use crate::text::{fold_char, fold_width};
use std::collections::{HashMap, HashSet};

/// Farthest a layer character and the OCR character paired with it may lie
/// apart, in ems: OCR spreads a word's characters evenly over its box, so
/// a half-width figure among Chinese drifts from its place.
const MAX_DRIFT_EM: f64 = 1.2;
/// Cost of an OCR character or a layer character left unpaired (a space
/// costs [`SPACE_COST`]), against a pairing's drift in ems.
const GAP_COST: f64 = 1.0;
const SPACE_COST: f64 = 0.1;
/// Cost of pairing a layer character whose text is known with an OCR
/// character that reads otherwise.
const DISAGREE_COST: f64 = 2.0;
/// A line is learned from only when its characters left unpaired or
/// disagreeing are at most this share of them (and at least one may be).
const MAX_MISFIT: f64 = 0.15;

pub use super::font::GlyphKey as Code;

/// What OCR read at each code's places, counted over the document.
#[derive(Debug, Default)]
pub struct Learned {
    votes: HashMap<Code, HashMap<String, u32>>,
    /// Each unknown code's places, how many of them stand beside the same
    /// code (a dash set double, ——), and its width in ems.
    places: HashMap<Code, (u32, u32, f64)>,
    /// Lines aligned and learned from.
    pub lines: usize,
}

/// A position of the text layer in a line.
struct Slot<'a> {
    g: &'a Glyph,
    /// The font gave it no text, or the wrong text.
    unknown: bool,
    /// Narrow enough to be a space.
    narrow: bool,
}

impl Learned {
    /// Learn from one page: its text layer (glyphs and holes) against what
    /// OCR read on it rendered, in the same page space.
    pub fn learn(&mut self, c: &PageContent, ocr: &[Glyph]) {
        let slots: Vec<Slot> = c
            .glyphs
            .iter()
            .filter(|g| !g.text.trim().is_empty())
            .map(|g| Slot {
                g,
                unknown: g.text.chars().any(odd),
                narrow: false,
            })
            .chain(c.holes.iter().map(|g| Slot {
                g,
                unknown: true,
                narrow: spacing(g),
            }))
            .collect();
        let lines = baselines(slots, |s| s.g);
        let mut ocr: Vec<&Glyph> = ocr.iter().filter(|g| !g.text.trim().is_empty()).collect();
        ocr.sort_by(|a, b| a.x.total_cmp(&b.x));
        for line in lines {
            if !line.iter().any(|s| s.unknown && !s.narrow) {
                continue;
            }
            for (i, s) in line.iter().enumerate() {
                let Some(code) = s.g.code.filter(|_| s.unknown) else {
                    continue;
                };
                let twin = |o: Option<&Slot>| {
                    o.is_some_and(|o| {
                        o.g.code == Some(code) && (o.g.x - s.g.x).abs() < 1.3 * s.g.w.max(1.0)
                    })
                };
                let p = self.places.entry(code).or_default();
                p.0 += 1;
                p.1 += u32::from(
                    twin(i.checked_sub(1).and_then(|j| line.get(j))) || twin(line.get(i + 1)),
                );
                p.2 = s.g.w / s.g.size.max(0.1);
            }
            let size = line[0].g.size;
            let (x0, x1) = (
                line[0].g.x - size,
                line[line.len() - 1].g.x + line[line.len() - 1].g.w + size,
            );
            let y = line[0].g.y;
            let read: Vec<&Glyph> = ocr
                .iter()
                .copied()
                .filter(|g| {
                    let m = g.x + g.w / 2.0;
                    m >= x0 && m <= x1 && (g.y - y).abs() <= size * 0.6
                })
                .collect();
            if let Some(pairs) = align(&line, &read) {
                self.lines += 1;
                for (i, j) in pairs.into_iter().enumerate() {
                    let s = &line[i];
                    // A narrow code OCR read nothing at is a space.
                    let text = match j {
                        Some(j) => read[j].text.as_str(),
                        None if s.narrow => " ",
                        None => continue,
                    };
                    if let (true, Some(code)) = (s.unknown, s.g.code) {
                        *self
                            .votes
                            .entry(code)
                            .or_default()
                            .entry(text.to_string())
                            .or_default() += 1;
                    }
                }
            }
        }
    }

    /// Each code's text: what most of OCR's readings at its places agree
    /// on. OCR reads a dash set double (——) as 一 or -: a code so read
    /// whose places mostly stand in pairs is the dash, and one near two ems
    /// wide is both (a font may draw —— as one glyph). Punctuation OCR
    /// read full-width is half-width where the glyph is narrow, and the
    /// other way about (OCR's fixes guess from the neighbours; the glyph's
    /// width knows). It reads （ as 〈:
    /// where no code of the face reads the 〉 that would close it, 〈 is （
    /// (and 〉 is ） where none reads 〈).
    pub fn map(&self) -> HashMap<Code, String> {
        let top = |reads: &HashMap<String, u32>| {
            reads
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                .map(|(t, _)| t.clone())
        };
        let mut angles: HashSet<(u32, String)> = HashSet::new();
        for (code, reads) in &self.votes {
            if let Some(t) = top(reads).filter(|t| t == "〈" || t == "〉") {
                angles.insert((code.font(), t));
            }
        }
        let bracket = |face: u32, t: &str| -> String {
            let lacks = |a: &str| !angles.contains(&(face, a.to_string()));
            match t {
                "〈" if lacks("〉") => "（".into(),
                "〉" if lacks("〈") => "）".into(),
                _ => t.into(),
            }
        };
        self.votes
            .iter()
            .filter_map(|(code, reads)| {
                let mut folded: HashMap<String, u32> = HashMap::new();
                for (t, n) in reads {
                    *folded.entry(bracket(code.font(), t)).or_default() += n;
                }
                let total: u32 = folded.values().sum();
                let text = top(&folded)?;
                (2 * folded[&text] > total).then(|| (*code, self.shaped(code, text)))
            })
            .collect()
    }

    /// A code's reading set right by what its glyph's width and places say.
    fn shaped(&self, code: &Code, mut text: String) -> String {
        let (n, doubled, ems) = self.places.get(code).copied().unwrap_or_default();
        if matches!(text.as_str(), "一" | "-" | "—" | "－") {
            if ems > 1.4 {
                return "——".into();
            } else if 2 * doubled > n {
                return "—".into();
            }
        }
        let mut cs = text.chars();
        if let (Some(c), None) = (cs.next(), cs.next()) {
            let half = fold_char(c);
            if half.is_ascii_punctuation() && half != c && ems < 0.65 {
                text = half.to_string();
            } else if "(),:;?!".contains(c) && ems > 0.85 {
                text = char::from_u32(c as u32 + 0xFEE0).unwrap_or(c).to_string();
            }
        }
        text
    }
}

/// The OCR character paired with each of the layer's characters, in order,
/// by least cost (dynamic programming over both sequences); None when the
/// line fits too badly to learn from.
fn align(line: &[Slot], read: &[&Glyph]) -> Option<Vec<Option<usize>>> {
    let (n, m) = (line.len(), read.len());
    if m == 0 || n * m > 250_000 {
        return None;
    }
    let size = line[0].g.size.max(1.0);
    // Widths folded once, not at every cell of the table below.
    let ours: Vec<Option<String>> = line
        .iter()
        .map(|s| (!s.unknown).then(|| fold_width(&s.g.text)))
        .collect();
    let theirs: Vec<String> = read.iter().map(|g| fold_width(&g.text)).collect();
    let agree = |i: usize, j: usize| ours[i].as_ref().is_none_or(|t| *t == theirs[j]);
    let pair = |i: usize, j: usize| -> Option<f64> {
        let (a, b) = (line[i].g, read[j]);
        let drift = ((a.x + a.w / 2.0) - (b.x + b.w / 2.0)).abs() / size;
        if drift > MAX_DRIFT_EM {
            return None;
        }
        Some(drift + if agree(i, j) { 0.0 } else { DISAGREE_COST })
    };
    let skip = |i: usize| {
        if line[i].narrow {
            SPACE_COST
        } else {
            GAP_COST
        }
    };
    // cost[i][j]: the first i slots against the first j readings.
    let w = m + 1;
    let mut cost = vec![f64::INFINITY; (n + 1) * w];
    let mut from = vec![0u8; (n + 1) * w];
    cost[0] = 0.0;
    for i in 0..=n {
        for j in 0..=m {
            let here = cost[i * w + j];
            if !here.is_finite() {
                continue;
            }
            let mut relax = |k: usize, c: f64, how: u8| {
                if c < cost[k] {
                    cost[k] = c;
                    from[k] = how;
                }
            };
            if i < n && j < m {
                if let Some(c) = pair(i, j) {
                    relax((i + 1) * w + j + 1, here + c, 1);
                }
            }
            if i < n {
                relax((i + 1) * w + j, here + skip(i), 2);
            }
            if j < m {
                relax(i * w + j + 1, here + GAP_COST, 3);
            }
        }
    }
    let (mut i, mut j) = (n, m);
    let mut pairs = vec![None; n];
    let mut misfit = 0usize;
    while i > 0 || j > 0 {
        match from[i * w + j] {
            1 => {
                misfit += usize::from(!agree(i - 1, j - 1));
                pairs[i - 1] = Some(j - 1);
                i -= 1;
                j -= 1;
            }
            2 => {
                misfit += usize::from(!line[i - 1].narrow);
                i -= 1;
            }
            _ => {
                misfit += 1;
                j -= 1;
            }
        }
    }
    let counted = line.iter().filter(|s| !s.narrow).count().max(1);
    (misfit as f64 <= (MAX_MISFIT * counted as f64).max(1.0)).then_some(pairs)
}

/// Share of a page's characters its layer, read by the learned maps, must
/// have in common with what OCR read on it (which misreads a few in a
/// hundred): less, and the maps were learned from too little.
pub const MIN_AGREEMENT: f64 = 0.9;

/// The characters two readings of a page have in common (as many times as
/// both hold each), over the longer's count; widths folded, spaces left
/// out.
pub fn agreement(a: &[Glyph], b: &[Glyph]) -> f64 {
    let count = |gs: &[Glyph]| {
        let mut n: HashMap<char, usize> = HashMap::new();
        for c in gs
            .iter()
            .flat_map(|g| g.text.chars())
            .filter(|c| !c.is_whitespace())
        {
            *n.entry(fold_char(c)).or_default() += 1;
        }
        n
    };
    let (x, y) = (count(a), count(b));
    let common: usize = x
        .iter()
        .map(|(c, n)| (*n).min(y.get(c).copied().unwrap_or(0)))
        .sum();
    let longer = x.values().sum::<usize>().max(y.values().sum());
    if longer == 0 {
        1.0
    } else {
        common as f64 / longer as f64
    }
}

/// Give the layer's codes without text, and with the wrong text, what
/// `map` learned for them; the number given.
pub fn decode(c: &mut PageContent, map: &HashMap<Code, String>) -> usize {
    let known = |g: &Glyph| g.code.and_then(|k| map.get(&k)).cloned();
    let mut given = 0;
    for g in &mut c.glyphs {
        if g.text.chars().any(odd) {
            if let Some(t) = known(g) {
                g.text = t;
                given += 1;
            }
        }
    }
    let holes = std::mem::take(&mut c.holes);
    for mut h in holes {
        match known(&h) {
            Some(t) => {
                h.text = t;
                c.glyphs.push(h);
                given += 1;
            }
            None => c.holes.push(h),
        }
    }
    given
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(t: &str, x: f64, y: f64, code: Option<Code>) -> Glyph {
        Glyph {
            code,
            ..Glyph::at(t, x, y)
        }
    }

    /// A page drawn in a font with no map: each character a code, the
    /// same character the same code.
    fn page(lines: &[&str]) -> (PageContent, Vec<Glyph>) {
        let mut c = PageContent::default();
        let mut codes: HashMap<char, u32> = HashMap::new();
        let mut ocr = Vec::new();
        for (k, l) in lines.iter().enumerate() {
            let y = 700.0 - 20.0 * k as f64;
            for (i, ch) in l.chars().enumerate() {
                let n = codes.len() as u32;
                let code = *codes.entry(ch).or_insert(n);
                let x = 72.0 + 10.0 * i as f64;
                c.holes
                    .push(at("", x, y, Some(Code::Code { font: 7, code })));
                ocr.push(at(&ch.to_string(), x + 0.5, y - 1.5, None));
            }
        }
        c.codes = c.holes.len();
        (c, ocr)
    }

    #[test]
    fn what_ocr_reads_most_at_a_codes_places_is_its_text() {
        let (mut c, mut ocr) = page(&["发展规划纲要", "规划发展目标", "发展目标"]);
        // One misreading (展 as 屐) is outvoted by the other two places.
        ocr[1].text = "屐".into();
        // A line OCR read a character short is still aligned.
        ocr.remove(14);
        let mut learned = Learned::default();
        learned.learn(&c, &ocr);
        assert_eq!(learned.lines, 3);
        let map = learned.map();
        assert_eq!(decode(&mut c, &map), 16);
        assert!(c.holes.is_empty());
        c.glyphs
            .sort_by(|a, b| (-a.y).total_cmp(&-b.y).then(a.x.total_cmp(&b.x)));
        let text: String = c.glyphs.iter().map(|g| g.text.as_str()).collect();
        assert_eq!(text, "发展规划纲要规划发展目标发展目标");
    }

    #[test]
    fn the_glyphs_width_and_places_settle_what_ocr_confuses() {
        // （一）—— set in a font with no map, OCR reading 〈一）一 (the
        // dash set double as one 一); a half-width ( read full-width.
        let mut c = PageContent::default();
        let mut ocr = Vec::new();
        let key = |code| Some(Code::Code { font: 3, code });
        let mut put = |code: u32, x: f64, w: f64, read: &str| {
            let mut g = at("", x, 700.0, key(code));
            g.w = w;
            c.holes.push(g);
            if !read.is_empty() {
                ocr.push(at(read, x, 698.5, None));
            }
        };
        put(1, 72.0, 10.0, "〈");
        put(2, 82.0, 10.0, "一");
        put(3, 92.0, 10.0, "）");
        put(4, 102.0, 10.0, "一");
        put(4, 112.0, 10.0, "");
        put(5, 122.0, 10.0, "展");
        put(6, 132.0, 3.5, "（");
        put(2, 135.5, 10.0, "一");
        put(7, 145.5, 17.0, "一");
        let mut learned = Learned::default();
        learned.learn(&c, &ocr);
        let map = learned.map();
        let read = |code| map.get(&Code::Code { font: 3, code }).map(String::as_str);
        assert_eq!(read(1), Some("（"), "no code reads 〉");
        assert_eq!(read(2), Some("一"));
        assert_eq!(read(4), Some("—"), "its places stand in pairs");
        assert_eq!(read(6), Some("("), "a narrow glyph");
        assert_eq!(read(7), Some("——"), "a glyph near two ems wide");
    }

    #[test]
    fn a_line_ocr_read_elsewhere_teaches_nothing() {
        let (c, mut ocr) = page(&["发展规划纲要"]);
        // OCR's reading shifted by three characters: no pairing fits.
        for g in &mut ocr {
            g.x += 30.0;
        }
        let mut learned = Learned::default();
        learned.learn(&c, &ocr);
        assert_eq!(learned.lines, 0);
        assert!(learned.map().is_empty());
    }
}
