//! The content-stream interpreter: operations → positioned glyphs and ruling
//! lines, in page space (PDF points, y up).
//!
//! Follows the text state (Tc Tw Tz TL Ts Tf Tm Td TD T* ' "), the graphics
//! state (q Q cm), TJ kerning, glyph widths, Type 3 font matrices and Form
//! XObjects with their /Matrix (read when first drawn; one nested deeper than
//! [`MAX_FORM_DEPTH`], or drawing itself, is skipped). Axis-aligned stroked
//! segments and thin filled rectangles become [`Rule`]s for table detection.

use super::font::{collection_unicode, Code, Font, FontKind};
use super::objects::{FormRef, Forms, ImageSrc, Resources, XObject, MAX_FORM_DEPTH};
use super::{Arg, Glyph, Op, PageContent, Rule};
use hayro_cmap::CMap;
use std::collections::HashMap;
use std::sync::Arc;

type M = [f64; 6];
const ID: M = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// `a` then `b` (row-vector convention of PDF).
fn mul(a: M, b: M) -> M {
    [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]
}

/// Which way text set by `m` runs, in quarter turns anticlockwise from
/// left-to-right: 1 runs up the page, 2 right-to-left upside down, 3 down.
fn quarter(m: M) -> usize {
    if m[0].abs() >= m[1].abs() {
        if m[0] >= 0.0 {
            0
        } else {
            2
        }
    } else if m[1] > 0.0 {
        1
    } else {
        3
    }
}

fn apply(m: &M, x: f64, y: f64) -> (f64, f64) {
    (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
}

/// Thickest filled rectangle still read as a rule (points).
const MAX_RULE_THICKNESS: f64 = 3.0;
/// Deepest q … Q nesting followed (further q are ignored, as viewers do).
const MAX_GSTATE_DEPTH: usize = 256;
/// Most filled shapes kept per page for [`super::render::outlined`].
pub const MAX_SHAPES_PER_PAGE: usize = 100_000;
/// Shapes taller than this (points) are no characters.
const MAX_SHAPE_HEIGHT: f64 = 72.0;
/// The extent of an empty path (any point widens it to that point).
const NO_EXTENT: [f64; 4] = [
    f64::INFINITY,
    f64::INFINITY,
    f64::NEG_INFINITY,
    f64::NEG_INFINITY,
];
/// Marked-content sequences nested deeper than this keep no `/ActualText`.
const MAX_MARKED_DEPTH: usize = 256;
/// Most glyphs kept per page (more is not a plan page: a warning says so).
pub const MAX_GLYPHS_PER_PAGE: usize = 500_000;
#[derive(Clone)]
struct GState {
    ctm: M,
    font: Option<Arc<Font>>,
    size: f64,
    tc: f64,
    tw: f64,
    th: f64,
    tl: f64,
    ts: f64,
    /// Text rendering mode (Tr): 2 and 6 fill and stroke the outline, which
    /// is how Word and WPS embolden a face that has no bold.
    tr: i64,
}

struct Interp<'a, 'f> {
    out: &'a mut PageContent,
    forms: &'a Forms<'f>,
    /// Forms being drawn, outermost first.
    active: Vec<FormRef>,
    drawn: usize,
    gs: GState,
    stack: Vec<GState>,
    tm: M,
    tlm: M,
    segs: Vec<(f64, f64, f64, f64)>,
    rects: Vec<[f64; 4]>,
    /// The current path's extent (control points included) and its lines
    /// and curves (rectangles aside): a filled one is one of the
    /// [`PageContent::shapes`].
    extent: [f64; 4],
    segments: u32,
    cur: (f64, f64),
    start: (f64, f64),
    codes: Vec<Code>,
    unicode: HashMap<usize, Option<Arc<CMap>>>,
    /// Open marked-content sequences; for those with an `/ActualText`,
    /// the text and where the page's glyphs, holes and unmapped count
    /// stood when it opened.
    marked: Vec<Option<(String, usize, usize, usize)>>,
}

/// Interpret a page's operations; its forms come from `forms`.
pub fn run(ops: &[Op], res: &Resources, forms: &Forms) -> PageContent {
    let mut out = PageContent::default();
    let mut it = Interp {
        out: &mut out,
        forms,
        active: Vec::new(),
        drawn: 0,
        gs: GState {
            ctm: ID,
            font: None,
            size: 0.0,
            tc: 0.0,
            tw: 0.0,
            th: 1.0,
            tl: 0.0,
            ts: 0.0,
            tr: 0,
        },
        stack: Vec::new(),
        tm: ID,
        tlm: ID,
        segs: Vec::new(),
        rects: Vec::new(),
        extent: NO_EXTENT,
        segments: 0,
        cur: (0.0, 0.0),
        start: (0.0, 0.0),
        codes: Vec::new(),
        unicode: HashMap::new(),
        marked: Vec::new(),
    };
    it.ops(ops, res, 0);
    out
}

fn num(a: &[Arg], i: usize) -> f64 {
    match a.get(i) {
        Some(Arg::Num(n)) if n.is_finite() => *n,
        _ => 0.0,
    }
}

/// The six operands of cm / Tm as a matrix.
fn matrix(a: &[Arg]) -> M {
    [
        num(a, 0),
        num(a, 1),
        num(a, 2),
        num(a, 3),
        num(a, 4),
        num(a, 5),
    ]
}

impl Interp<'_, '_> {
    fn ops(&mut self, ops: &[Op], res: &Resources, depth: usize) {
        for op in ops {
            self.drawn += 1;
            if self.drawn > self.forms.max_drawn() {
                self.out.truncated = true;
                return;
            }
            let a = &op.args;
            match op.op.as_str() {
                "q" if self.stack.len() < MAX_GSTATE_DEPTH => self.stack.push(self.gs.clone()),
                "Q" => {
                    if let Some(g) = self.stack.pop() {
                        self.gs = g;
                    }
                }
                "cm" if a.len() == 6 => self.gs.ctm = mul(matrix(a), self.gs.ctm),
                "BT" => {
                    self.tm = ID;
                    self.tlm = ID;
                }
                "Tf" => {
                    if let Some(Arg::Name(n)) = a.first() {
                        self.gs.font = res.fonts.get(n).cloned();
                    }
                    self.gs.size = num(a, 1);
                }
                "Tc" => self.gs.tc = num(a, 0),
                "Tw" => self.gs.tw = num(a, 0),
                "Tz" => self.gs.th = num(a, 0) / 100.0,
                "TL" => self.gs.tl = num(a, 0),
                "Ts" => self.gs.ts = num(a, 0),
                "Tr" => self.gs.tr = num(a, 0) as i64,
                "Td" => self.td(num(a, 0), num(a, 1)),
                "TD" => {
                    self.gs.tl = -num(a, 1);
                    self.td(num(a, 0), num(a, 1));
                }
                "Tm" if a.len() == 6 => {
                    self.tlm = matrix(a);
                    self.tm = self.tlm;
                }
                "T*" => self.td(0.0, -self.gs.tl),
                "Tj" => {
                    if let Some(Arg::Str(s)) = a.first() {
                        self.show(s);
                    }
                }
                "'" => {
                    self.td(0.0, -self.gs.tl);
                    if let Some(Arg::Str(s)) = a.first() {
                        self.show(s);
                    }
                }
                "\"" => {
                    self.gs.tw = num(a, 0);
                    self.gs.tc = num(a, 1);
                    self.td(0.0, -self.gs.tl);
                    if let Some(Arg::Str(s)) = a.get(2) {
                        self.show(s);
                    }
                }
                "TJ" => {
                    if let Some(Arg::Arr(items)) = a.first() {
                        for x in items {
                            match x {
                                Arg::Str(s) => self.show(s),
                                Arg::Num(n) if n.is_finite() => {
                                    let tx = -n / 1000.0 * self.gs.size * self.gs.th;
                                    self.tm = mul([1.0, 0.0, 0.0, 1.0, tx, 0.0], self.tm);
                                }
                                _ => {}
                            }
                        }
                    }
                }
                "Do" => {
                    let Some(Arg::Name(n)) = a.first() else {
                        continue;
                    };
                    match res.xobjects.get(n) {
                        Some(XObject::Form(r)) => {
                            if depth >= MAX_FORM_DEPTH {
                                self.out.deep_forms += 1;
                                continue;
                            }
                            if self.active.contains(r) {
                                continue; // a form that draws itself
                            }
                            let Some(form) = self.forms.get(*r) else {
                                continue;
                            };
                            let saved = (self.gs.clone(), self.stack.len());
                            self.gs.ctm = mul(form.matrix, self.gs.ctm);
                            self.active.push(*r);
                            self.ops(&form.ops, form.res.as_deref().unwrap_or(res), depth + 1);
                            self.active.pop();
                            self.stack.truncate(saved.1);
                            self.gs = saved.0;
                        }
                        Some(XObject::Image(r)) => {
                            self.out.images += 1;
                            // Where the unit square lands; OCR reads big ones.
                            if self.out.placed.len() < super::MAX_PLACED_IMAGES {
                                self.out.placed.push(super::Placed {
                                    image: ImageSrc::Object(*r),
                                    ctm: self.gs.ctm,
                                });
                            }
                        }
                        None => {}
                    }
                }
                "BI" => {
                    self.out.images += 1;
                    if let (Some(Arg::Inline(i)), true) =
                        (a.first(), self.out.placed.len() < super::MAX_PLACED_IMAGES)
                    {
                        self.out.placed.push(super::Placed {
                            image: ImageSrc::Inline(i.clone()),
                            ctm: self.gs.ctm,
                        });
                    }
                }
                "m" => {
                    self.cur = apply(&self.gs.ctm, num(a, 0), num(a, 1));
                    self.start = self.cur;
                    self.extend(self.cur);
                }
                "l" => {
                    let p = apply(&self.gs.ctm, num(a, 0), num(a, 1));
                    self.segs.push((self.cur.0, self.cur.1, p.0, p.1));
                    self.cur = p;
                    self.extend(p);
                    self.segments = self.segments.saturating_add(1);
                }
                "c" | "v" | "y" => {
                    for k in (0..a.len().min(6)).step_by(2) {
                        self.cur = apply(&self.gs.ctm, num(a, k), num(a, k + 1));
                        self.extend(self.cur);
                    }
                    self.segments = self.segments.saturating_add(1);
                }
                "h" => {
                    if self.cur != self.start {
                        self.segs
                            .push((self.cur.0, self.cur.1, self.start.0, self.start.1));
                    }
                    self.cur = self.start;
                }
                "re" => {
                    let (x, y, w, h) = (num(a, 0), num(a, 1), num(a, 2), num(a, 3));
                    let c = [(x, y), (x + w, y), (x + w, y + h), (x, y + h)]
                        .map(|(px, py)| apply(&self.gs.ctm, px, py));
                    for k in 0..4 {
                        let (p, q) = (c[k], c[(k + 1) % 4]);
                        self.segs.push((p.0, p.1, q.0, q.1));
                    }
                    let xs = c.map(|p| p.0);
                    let ys = c.map(|p| p.1);
                    let min = |v: [f64; 4]| v.iter().copied().fold(f64::INFINITY, f64::min);
                    let max = |v: [f64; 4]| v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                    self.rects.push([min(xs), min(ys), max(xs), max(ys)]);
                    c.iter().for_each(|&p| self.extend(p));
                    self.cur = c[0];
                    self.start = c[0];
                }
                "BMC" | "BDC" => {
                    let actual = match a.get(1) {
                        Some(Arg::ActualText(t)) if self.marked.len() < MAX_MARKED_DEPTH => Some((
                            t.clone(),
                            self.out.glyphs.len(),
                            self.out.holes.len(),
                            self.out.unmapped,
                        )),
                        _ => None,
                    };
                    self.marked.push(actual);
                }
                "EMC" => {
                    if let Some(Some(actual)) = self.marked.pop() {
                        self.actual_text(actual);
                    }
                }
                "S" | "s" => self.paint(true, false),
                "f" | "F" | "f*" => self.paint(false, true),
                "B" | "B*" | "b" | "b*" => self.paint(true, true),
                "n" => self.end_path(),
                _ => {}
            }
        }
    }

    /// The glyphs drawn since a marked-content sequence with an
    /// `/ActualText` opened stand for that text (Chrome draws a character
    /// its font lacks as glyph 0 and writes the character so; a ligature is
    /// one glyph for two letters): a character to a glyph in order, the
    /// last glyph taking the characters left over; glyphs beyond the text
    /// stand for nothing.
    fn actual_text(&mut self, (text, glyphs, holes, unmapped): (String, usize, usize, usize)) {
        // (Glyphs with text, then holes: a span holds one kind or the other.)
        let drawn: Vec<Glyph> = self
            .out
            .glyphs
            .drain(glyphs.min(self.out.glyphs.len())..)
            .chain(self.out.holes.drain(holes.min(self.out.holes.len())..))
            .collect();
        self.out.unmapped = unmapped.min(self.out.unmapped);
        let chars: Vec<char> = text.chars().filter(|c| !c.is_control()).collect();
        if drawn.is_empty() || chars.is_empty() {
            return;
        }
        let n = drawn.len().min(chars.len());
        for (k, mut g) in drawn.into_iter().take(n).enumerate() {
            g.text = if k + 1 == n {
                chars[k..].iter().collect()
            } else {
                chars[k].to_string()
            };
            if self.out.glyphs.len() < MAX_GLYPHS_PER_PAGE {
                self.out.glyphs.push(g);
            } else {
                self.out.dropped += 1;
            }
        }
    }

    fn td(&mut self, tx: f64, ty: f64) {
        self.tlm = mul([1.0, 0.0, 0.0, 1.0, tx, ty], self.tlm);
        self.tm = self.tlm;
    }

    fn paint(&mut self, stroke: bool, fill: bool) {
        if stroke {
            for &(x0, y0, x1, y1) in &self.segs {
                let (dx, dy) = ((x1 - x0).abs(), (y1 - y0).abs());
                if (dy < 0.5 && dx > 1.0) || (dx < 0.5 && dy > 1.0) {
                    self.out.rules.push(Rule::new(x0, y0, x1, y1));
                }
            }
        }
        if fill && self.segments > 0 && self.out.shapes.len() < MAX_SHAPES_PER_PAGE {
            // A character drawn as its outline (text converted to curves)?
            let [x0, y0, x1, y1] = self.extent;
            if y1 - y0 > 0.0 && y1 - y0 <= MAX_SHAPE_HEIGHT && x1 > x0 {
                self.out.shapes.push(super::Shape {
                    bbox: self.extent,
                    segments: self.segments,
                });
            }
        }
        if fill {
            for r in &self.rects {
                let (w, h) = (r[2] - r[0], r[3] - r[1]);
                if h <= MAX_RULE_THICKNESS && w > MAX_RULE_THICKNESS {
                    let y = (r[1] + r[3]) / 2.0;
                    self.out.rules.push(Rule::new(r[0], y, r[2], y));
                } else if w <= MAX_RULE_THICKNESS && h > MAX_RULE_THICKNESS {
                    let x = (r[0] + r[2]) / 2.0;
                    self.out.rules.push(Rule::new(x, r[1], x, r[3]));
                }
            }
        }
        self.end_path();
    }

    fn extend(&mut self, (x, y): (f64, f64)) {
        self.extent = super::render::union(self.extent, [x, y, x, y]);
    }

    fn end_path(&mut self) {
        self.segs.clear();
        self.rects.clear();
        self.extent = NO_EXTENT;
        self.segments = 0;
    }

    fn show(&mut self, bytes: &[u8]) {
        /// Share of the scale above which a text matrix counts as turned.
        const ROTATION_TOLERANCE: f64 = 0.05;
        let Some(font) = self.gs.font.clone() else {
            return;
        };
        let key = Arc::as_ptr(&font) as usize;
        let unicode = self
            .unicode
            .entry(key)
            .or_insert_with(|| {
                if font.kind == FontKind::Type0 && font.to_unicode.is_none() {
                    font.collection.as_ref().and_then(collection_unicode)
                } else {
                    None
                }
            })
            .clone();
        let mut codes = std::mem::take(&mut self.codes);
        font.decode(bytes, unicode.as_deref(), &mut codes);
        let (fs, th) = (self.gs.size, self.gs.th);
        let type3_scale = if font.kind == FontKind::Type3 {
            font.font_matrix[3].abs() * font.type3_em
        } else {
            1.0
        };
        let mut run_at = None;
        for c in &codes {
            let m = mul(self.tm, self.gs.ctm);
            let trm = mul([fs * th, 0.0, 0.0, fs, 0.0, self.gs.ts], m);
            let xscale = m[0].hypot(m[1]);
            let yscale = m[2].hypot(m[3]);
            self.out.codes += 1;
            let (run_x, run_y) = *run_at.get_or_insert((trm[4], trm[5]));
            // Text set on a diagonal (a 征求意见稿 watermark) is not part of
            // the horizontal lines. A slanted (fake italic) face shears only
            // the other axis and stays; so does text turned a quarter (a
            // landscape page drawn turned, a label): which way it runs is
            // counted, and a page that mostly runs one way is turned upright
            // (`turn_upright`).
            let diagonal = m[1].abs() > ROTATION_TOLERANCE * xscale
                && m[0].abs() > ROTATION_TOLERANCE * xscale;
            let rotated = diagonal;
            // The glyph as drawn here, with `text`.
            let drawn = |text: String| Glyph {
                text,
                x: trm[4],
                y: trm[5],
                w: (c.width * fs * th * xscale).abs(),
                run_x,
                run_y,
                size: (fs * yscale * type3_scale).abs().max(0.1),
                bold: font.bold || matches!(self.gs.tr, 2 | 6),
                face: font.family,
                code: font.glyph_key(c.code),
            };
            match &c.text {
                Some(t) if !t.is_empty() && rotated => {
                    if !t.trim().is_empty() {
                        self.out.rotated += 1;
                    }
                }
                Some(t) if !t.is_empty() => {
                    if !t.trim().is_empty() {
                        self.out.turns[quarter(m)] += 1;
                    }
                    if self.out.glyphs.len() < MAX_GLYPHS_PER_PAGE {
                        self.out.glyphs.push(drawn(t.clone()));
                    } else {
                        self.out.dropped += 1;
                    }
                }
                _ => {
                    self.out.unmapped += 1;
                    // Where it was drawn: OCR of the rendered page may fill it.
                    if !rotated && self.out.holes.len() < MAX_GLYPHS_PER_PAGE {
                        self.out.holes.push(drawn(String::new()));
                    }
                }
            }
            let space = if c.len == 1 && c.code == 32 {
                self.gs.tw
            } else {
                0.0
            };
            let adv = (c.width * fs + self.gs.tc + space) * th;
            self.tm = mul([1.0, 0.0, 0.0, 1.0, adv, 0.0], self.tm);
        }
        self.codes = codes;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matrices() {
        let t = [1.0, 0.0, 0.0, 1.0, 10.0, 20.0];
        let s = [2.0, 0.0, 0.0, 2.0, 0.0, 0.0];
        assert_eq!(apply(&mul(t, s), 1.0, 1.0), (22.0, 42.0));
        assert_eq!(apply(&mul(s, t), 1.0, 1.0), (12.0, 22.0));
    }
}
