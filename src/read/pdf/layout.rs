//! Layout: positioned glyphs and rules → the lines of a [`Document`].
//!
//! - glyphs → lines by baseline, no spaces between Han characters, real spaces
//!   where Latin words and numbers are set apart;
//! - ruled tables (from stroked lines and thin filled rectangles) → a
//!   [`crate::read::Grid`] of cells ([`GridKind::Ruled`]), merged cells as
//!   their `colspan` and `rowspan`, a cell's printed lines kept and joined
//!   for its text; borderless tables ([`super::borderless`]) give the same
//!   grid; each row is one line of the document;
//! - running headers and footers (the same text in the top or bottom band of
//!   many pages) removed;
//! - lines the page wrapped re-joined into paragraphs: a line that reaches the
//!   right margin goes on in the next line unless that one is indented, set in
//!   another size, or starts a numbered block; headings stay on their own.
//!
//! Every output line keeps its page, its lines within the page and its bbox.

use super::{Glyph, PageContent, Rule};
use crate::model::Span;
use crate::numbering::{date_only, is_block_start};
use crate::read::{GridKind, GridRow, LineStyle, Slot, SrcLine};
use crate::text::is_han;
use std::collections::HashMap;

/// A physical line of a page: text or a table row.
#[derive(Debug, Clone)]
pub(super) struct PLine {
    pub text: String,
    pub x0: f64,
    pub x1: f64,
    /// Baseline (text) or top (table row), page space.
    pub y: f64,
    pub bottom: f64,
    pub size: f64,
    /// A table row: its cells and the kind of table (None for text).
    pub row: Option<(GridKind, GridRow)>,
    /// The glyphs of a text line (empty for table rows).
    pub glyphs: Vec<Glyph>,
    /// The column of a page set in columns it stands in (1, 2, … in reading
    /// order; [`super::columns`]); 0 on the page's own measure.
    pub column: u32,
}

impl PLine {
    pub fn table(&self) -> bool {
        self.row.is_some()
    }

    /// A table row's cells spread over its columns.
    fn cells(&self) -> Vec<String> {
        self.row
            .as_ref()
            .map(|(_, r)| crate::read::Grid::row_texts(r))
            .unwrap_or_default()
    }

    /// Make a table row's cells these texts (one column each).
    fn set_cells(&mut self, cells: Vec<String>) {
        if let Some((_, r)) = self.row.as_mut() {
            *r = crate::read::Grid::dense_row(cells);
            self.text = crate::read::Grid::row_line(r);
        }
    }
}

/// Share of the page height searched for running headers and footers.
const MARGIN_BAND: f64 = 0.08;
/// Collinear rule pieces closer than this are one rule (points).
const RULE_SNAP: f64 = 2.0;
/// Most rules considered on one page (beyond that it is a drawing).
const MAX_RULES: usize = 4000;

/// Lay out every page and return the document's lines and its tables.
pub fn layout(pages: &[([f64; 4], PageContent)]) -> (Vec<SrcLine>, Vec<crate::read::Grid>) {
    let per_page: Vec<Vec<PLine>> = pages.iter().map(|(_, c)| page_lines(c)).collect();
    let repeated = running_lines(pages, &per_page);
    let mut kept: Vec<Vec<PLine>> = per_page
        .into_iter()
        .enumerate()
        .map(|(p, lines)| {
            let media = pages[p].0;
            lines
                .into_iter()
                .filter(|l| {
                    !(in_band(l, &media)
                        && (repeated.contains_key(&key(&l.text)) || is_page_number(&l.text)))
                })
                .collect()
        })
        .collect();
    align_continued_columns(&mut kept);
    join_split_rows(&mut kept);
    let body = (body_size(&kept), body_face(&kept));
    let mut out = Vec::new();
    let mut grids = Vec::new();
    let doc_right = margins(kept.iter().flatten().filter(|l| l.column == 0)).1;
    // A producer that widens every ASCII character (its digits full-width)
    // widened < and > too: they are folded with the rest. Elsewhere ＜ and ＞
    // are the signs the plan printed, and stay.
    let widened = pages.iter().any(|(_, c)| {
        c.glyphs
            .iter()
            .any(|g| g.text.chars().any(|ch| ('０'..='９').contains(&ch)))
    });
    let mut before = None;
    for (p, lines) in kept.into_iter().enumerate() {
        before = paragraphs(
            p as u32 + 1,
            lines,
            (body, doc_right),
            before,
            &mut out,
            &mut grids,
        );
    }
    if widened {
        let narrow = |t: &str| t.replace('＜', "<").replace('＞', ">");
        for l in &mut out {
            l.text = narrow(&l.text);
        }
        for c in grids
            .iter_mut()
            .flat_map(|g| &mut g.rows)
            .flat_map(|r| &mut r.cells)
        {
            c.text = narrow(&c.text);
            for p in &mut c.paras {
                *p = narrow(p);
            }
        }
    }
    (out, grids)
}

/// A glyph drawn again on (or a fraction of a point off) the one before it:
/// read once.
fn redrawn(p: &Glyph, g: &Glyph) -> bool {
    p.text == g.text && (g.x - p.x).abs() < 0.2 * g.size
}

/// The face most of these glyphs' Chinese is set in (digits and Latin are
/// often set in a face of their own); None without Chinese or faces.
fn main_face<'a>(glyphs: impl IntoIterator<Item = &'a Glyph>) -> Option<u32> {
    let mut count: HashMap<u32, usize> = HashMap::new();
    for g in glyphs {
        if g.face != 0 && g.text.chars().next().is_some_and(is_han) {
            *count.entry(g.face).or_default() += 1;
        }
    }
    count
        .into_iter()
        .max_by_key(|&(f, n)| (n, f))
        .map(|(f, _)| f)
}

/// The face most of the document's Chinese is set in.
fn body_face(pages: &[Vec<PLine>]) -> Option<u32> {
    main_face(
        pages
            .iter()
            .flatten()
            .filter(|l| !l.table())
            .flat_map(|l| &l.glyphs),
    )
}

/// The size most of the document's text is set in.
fn body_size(pages: &[Vec<PLine>]) -> f64 {
    let mut hist: HashMap<i64, usize> = HashMap::new();
    for l in pages.iter().flatten().filter(|l| !l.table()) {
        for g in &l.glyphs {
            *hist.entry((g.size * 2.0).round() as i64).or_default() += 1;
        }
    }
    hist.into_iter()
        .max_by_key(|&(s, n)| (n, -s))
        .map_or(10.0, |(s, _)| s as f64 / 2.0)
        .max(1.0)
}

/// How a (first) line is set: size against the body, face, centring.
fn line_style(
    l: &PLine,
    (body, body_face): (f64, Option<u32>),
    left: Option<f64>,
    right: Option<f64>,
) -> Option<LineStyle> {
    if l.table() || l.glyphs.is_empty() {
        return None;
    }
    let (mut n, mut bold) = (0usize, 0usize);
    let mut prev: Option<(&Glyph, bool)> = None;
    for g in l.glyphs.iter().filter(|g| !g.text.trim().is_empty()) {
        // A glyph drawn again a little off itself is emboldened by hand (as
        // virtual printers and some producers do); one drawn again exactly
        // on itself is only drawn twice.
        if let Some((p, was_bold)) = prev.as_mut() {
            let off = (g.x - p.x).abs() + (g.y - p.y).abs();
            if redrawn(p, g) && off < 0.2 * g.size {
                if off > 0.01 && !*was_bold {
                    bold += 1;
                    *was_bold = true;
                }
                continue;
            }
        }
        n += 1;
        bold += usize::from(g.bold);
        prev = Some((g, g.bold));
    }
    let centered = match (left, right) {
        (Some(left), Some(right)) => {
            let slack = 2.0 * l.size;
            l.x0 > left + slack
                && l.x1 < right - slack
                && ((l.x0 + l.x1) / 2.0 - (left + right) / 2.0).abs() <= l.size
        }
        _ => false,
    };
    Some(LineStyle {
        rel_size: (l.size / body) as f32,
        bold: n > 0 && bold * 2 > n,
        centered,
        level: None,
        flows_on: false,
        other_face: main_face(&l.glyphs).is_some_and(|f| Some(f) != body_face),
    })
}

/// A page number in a margin band: what the text path recognizes, or a bare
/// number (which in a band can only be one).
fn is_page_number(t: &str) -> bool {
    let t = t.trim();
    crate::clean::is_page_number(t)
        || (t.len() <= 4 && !t.is_empty() && t.chars().all(|c| c.is_ascii_digit()))
}

/// A table part that opens a page with no header and one column fewer per
/// unnamed column of the header overleaf: where whitespace set a wide cell's
/// overflow apart on the first page (主要建设内容 over 86 座) the header got
/// an unnamed column that the next page's rows lack. Those rows get an empty
/// cell there, so every cell stays under its name and a row the break cut
/// can be joined.
fn align_continued_columns(pages: &mut [Vec<PLine>]) {
    for p in 1..pages.len() {
        let (before, after) = pages.split_at_mut(p);
        let prev = &before[p - 1];
        let Some(last) = prev.last().filter(|l| l.table()) else {
            continue;
        };
        let Some(top) = after[0].first().filter(|l| l.table()) else {
            continue;
        };
        // The header: the first row of the table that ends the page before.
        let first = prev.iter().rposition(|l| !l.table()).map_or(0, |k| k + 1);
        let head = prev[first].cells();
        let unnamed: Vec<usize> = (1..head.len())
            .filter(|&c| crate::text::squash(&head[c]).is_empty())
            .collect();
        // (An unnamed column right of the name's header is the name's own
        // column under a header spanning a category and the name, 指标 over
        // 类别 and 指标: a part without the category is set right later.)
        let names = |c: &str| ["指标", "名称", "项目"].iter().any(|w| c.contains(w));
        if unnamed.iter().any(|&u| names(&head[u - 1])) {
            continue;
        }
        let (wide, narrow) = (last.cells().len(), top.cells().len());
        if unnamed.is_empty()
            || wide != head.len()
            || narrow + unnamed.len() != wide
            || !crate::tables::is_header_row(&head)
        {
            continue;
        }
        for l in after[0].iter_mut().take_while(|l| l.table()) {
            let mut c = l.cells();
            if c.len() != narrow {
                break;
            }
            for &u in &unnamed {
                c.insert(u, String::new());
            }
            l.set_cells(c);
        }
    }
}

/// A table row that a page break cut in two. A part without a sequence
/// number (empty first cell) belongs with the numbered part across the break:
/// the tail at the top of a page goes onto the last row of the page before,
/// the head at the foot of a page onto the first row overleaf.
fn join_split_rows(pages: &mut [Vec<PLine>]) {
    fn cells(l: &PLine) -> Vec<String> {
        l.cells()
    }
    fn merge(a: &[String], b: &[String]) -> Vec<String> {
        a.iter()
            .zip(b)
            .map(|(x, y)| match (x.trim().is_empty(), y.trim().is_empty()) {
                (_, true) => x.clone(),
                (true, false) => y.clone(),
                _ => format!("{x} {y}"),
            })
            .collect()
    }
    let unnumbered =
        |c: &[String]| c[0].trim().is_empty() && c.iter().any(|x| !x.trim().is_empty());
    for p in 1..pages.len() {
        let (before, after) = pages.split_at_mut(p);
        let prev_page = &mut before[p - 1];
        let next_page = &mut after[0];
        let (Some(a), Some(b)) = (prev_page.last(), next_page.first()) else {
            continue;
        };
        if !(a.table() && b.table()) {
            continue;
        }
        let (ca, cb) = (cells(a), cells(b));
        if ca.len() != cb.len() {
            continue;
        }
        // Two rows complete in the same columns are two rows, however their
        // first cells look (a table without 序号 whose first column holds a
        // category printed once per group).
        let filled = |c: &[String]| -> Vec<usize> {
            (1..c.len()).filter(|&k| !c[k].trim().is_empty()).collect()
        };
        let (fa, fb) = (filled(&ca), filled(&cb));
        if fa.len() >= 2 && fa == fb {
            continue;
        }
        // A total row (小计 521000) is whole; so are two parts that each hold
        // a figure in the same column, which no cell wraps.
        let total = |c: &[String]| {
            c.iter()
                .any(|x| crate::clean::TOTAL_WORDS.contains(&crate::text::squash(x).as_str()))
        };
        let figure = |x: &str| {
            let x = x.trim();
            x.len() >= 2
                && x.chars().all(|ch| ch.is_ascii_digit() || ch == '.')
                && !crate::tables::is_year(x)
        };
        let same_figures = (1..ca.len()).any(|k| figure(&ca[k]) && figure(&cb[k]));
        if total(&ca) || total(&cb) || same_figures {
            continue;
        }
        match (unnumbered(&ca), unnumbered(&cb)) {
            (false, true) => {
                let t = merge(&ca, &cb);
                prev_page.last_mut().expect("checked").set_cells(t);
                next_page.remove(0);
            }
            (true, false) => {
                let t = merge(&ca, &cb);
                next_page[0].set_cells(t);
                prev_page.pop();
            }
            (true, true) => {
                let joined: Vec<String> = merge(&ca, &cb);
                next_page.remove(0);
                let n = prev_page.len();
                // The numbered row above takes both parts; where the first
                // column holds no number (a category printed once per group),
                // the parts are a row of their own.
                let numbered = |c: &[String]| {
                    let t = c[0].trim();
                    !t.is_empty()
                        && t.chars().count() <= 4
                        && t.chars()
                            .all(|ch| ch.is_ascii_digit() || "一二三四五六七八九十".contains(ch))
                };
                match prev_page
                    .get(n.wrapping_sub(2))
                    .filter(|r| r.table() && cells(r).len() == joined.len() && numbered(&cells(r)))
                {
                    Some(r) => {
                        let t = merge(&cells(r), &joined);
                        prev_page[n - 2].set_cells(t);
                        prev_page.pop();
                    }
                    None => prev_page[n - 1].set_cells(joined),
                }
            }
            (false, false) => {}
        }
    }
}

fn in_band(l: &PLine, media: &[f64; 4]) -> bool {
    let h = media[3] - media[1];
    l.y > media[3] - h * MARGIN_BAND || l.y < media[1] + h * MARGIN_BAND
}

/// Text with digits generalized, for spotting running headers and footers.
fn key(t: &str) -> String {
    t.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect()
}

/// Header/footer texts that repeat in the margin bands of many pages.
fn running_lines(
    pages: &[([f64; 4], PageContent)],
    lines: &[Vec<PLine>],
) -> HashMap<String, usize> {
    let mut count: HashMap<String, usize> = HashMap::new();
    for (p, ls) in lines.iter().enumerate() {
        let mut seen = std::collections::HashSet::new();
        for l in ls.iter().filter(|l| !l.table() && in_band(l, &pages[p].0)) {
            let k = key(&l.text);
            if !k.is_empty() && seen.insert(k.clone()) {
                *count.entry(k).or_default() += 1;
            }
        }
    }
    // Three pages at least; a two-page document's header or footer is on both.
    let need = ((pages.len() as f64 * 0.4).ceil() as usize).max(pages.len().clamp(2, 3));
    count.retain(|_, n| *n >= need);
    count
}

/// Lines and table rows of one page, top to bottom.
fn page_lines(c: &PageContent) -> Vec<PLine> {
    let grids = grids(&c.rules);
    let mut in_grid: Vec<Vec<&Glyph>> = vec![Vec::new(); grids.len()];
    let mut free: Vec<&Glyph> = Vec::new();
    for g in &c.glyphs {
        let (cx, cy) = (g.x + g.w / 2.0, g.y + g.size * 0.3);
        match grids.iter().position(|t| t.contains(cx, cy)) {
            Some(k) => in_grid[k].push(g),
            None => free.push(g),
        }
    }
    let mut rows: Vec<PLine> = Vec::new();
    for (t, gs) in grids.iter().zip(in_grid) {
        rows.extend(t.rows(&gs));
    }
    // A page set in columns comes in reading order; one that is not, top to
    // bottom.
    let (mut out, columned) = super::columns::lines(&free, rows);
    if !columned {
        out.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x0.total_cmp(&b.x0)));
    }
    match margins(&out) {
        (Some(left), Some(right)) => super::borderless::tables(out, left, right),
        _ => out,
    }
}

/// A line long enough to measure a page's margins by.
fn measured(l: &PLine) -> bool {
    !l.table() && l.text.chars().count() >= 10
}

/// Fewest measured lines whose ends give a page its own right margin: on a
/// page of a table and a few headings, the headings' ends are no margin, and
/// the document's is taken where it lies further right.
const MIN_MEASURE_LINES: usize = 6;

/// Left margin (most common start of long lines) and right margin (90th
/// percentile of their ends).
fn margins<'a>(lines: impl IntoIterator<Item = &'a PLine>) -> Measure {
    let body: Vec<&PLine> = lines.into_iter().filter(|l| measured(l)).collect();
    let left = {
        let mut hist: HashMap<i64, usize> = HashMap::new();
        for l in &body {
            *hist.entry(l.x0.round() as i64).or_default() += 1;
        }
        hist.into_iter()
            .max_by_key(|(x, n)| (*n, -*x))
            .map(|(x, _)| x as f64)
    };
    let right = {
        let mut xs: Vec<f64> = body.iter().map(|l| l.x1).collect();
        xs.sort_by(f64::total_cmp);
        xs.get(xs.len().saturating_sub(1) * 9 / 10).copied()
    };
    (left, right)
}

/// Glyph text as the plan printed it: radical code points back to their
/// ideographs, the two-em dash as ——, and full-width digits, Latin letters and
/// signs as ASCII (a legacy GBK producer widens them all); Chinese
/// punctuation (（）：；，！？、) stays, and ＜ ＞ unless the document widens
/// its digits too ([`layout`]).
fn normalize(t: &str) -> String {
    let mut out = String::with_capacity(t.len());
    for c in t.chars() {
        match c {
            '\u{2E3A}' => out.push_str("——"),
            '\u{2E3B}' => out.push_str("———"),
            '\u{2000}'..='\u{200A}' | '\u{00A0}' => out.push(' '),
            _ => out.push(crate::read::radicals::ideograph(c).unwrap_or_else(|| fold(c))),
        }
    }
    out
}

fn fold(c: char) -> char {
    match c {
        '０'..='９'
        | 'Ａ'..='Ｚ'
        | 'ａ'..='ｚ'
        | '％'
        | '．'
        | '＋'
        | '－'
        | '＝'
        | '／'
        | '＊'
        | '＃'
        | '＆'
        | '＠'
        | '［'
        | '］'
        | '＿'
        | '～'
        | '＄'
        | '＂'
        | '＇' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

fn wide(c: char) -> bool {
    is_han(c) || (c as u32 >= 0x2E80 && !c.is_ascii())
}

/// Two characters set full-width side by side: wide ones, or a curly quote
/// beside a wide one (quotes are full-width in Chinese text, GB/T 15834; a
/// scan's reading boxes only their ink, which leaves a gap beside them).
fn wide_pair(a: char, b: char) -> bool {
    let quote = |c: char| matches!(c, '‘' | '’' | '“' | '”');
    (wide(a) && wide(b)) || (wide(a) && quote(b)) || (quote(a) && wide(b))
}

/// Digits each set in an em-wide cell, as Han characters are (`2 0 2 2
/// 年`, the blank after the 2 before 年 too): a character grid (Word's
/// 文档网格 in official documents), or a font whose widths give ASCII a full
/// em while its glyphs are half-width. The blank is the cell's, not a
/// space. The glyph before the pair (or, between digits, the one after)
/// must stand on the same grid: a half-width digit with a half-width space
/// after it is an em apart too (`建党 100 周年`). (Not OCR's glyphs, which a word's box spreads evenly.)
fn in_em_cells(l: &[&Glyph], j: usize, k: usize, last: char, first: char) -> bool {
    let (p, g) = (l[j], l[k]);
    let em = g.size.max(p.size);
    let on_grid = |a: &Glyph, b: &Glyph| ((b.x - a.x) - em).abs() <= MAX_CELL_PITCH_OFF * em;
    last.is_ascii_digit()
        && (first.is_ascii_digit() || is_han(first))
        && p.face != 0
        && p.w < 0.75 * em
        && on_grid(p, g)
        && ((j > 0 && on_grid(l[j - 1], p))
            || (first.is_ascii_digit() && l.get(k + 1).is_some_and(|n| on_grid(g, n))))
}

/// How far from an em the pitch of letters set in em cells may be.
const MAX_CELL_PITCH_OFF: f64 = 0.06;

/// Glyphs grouped by baseline, top to bottom, each group left to right.
pub(super) fn baselines(mut gs: Vec<&Glyph>) -> Vec<Vec<&Glyph>> {
    gs.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x.total_cmp(&b.x)));
    let mut lines: Vec<Vec<&Glyph>> = Vec::new();
    for g in gs {
        match lines.last_mut() {
            Some(l) if (l[0].y - g.y).abs() <= 0.4 * l[0].size.max(g.size) => l.push(g),
            _ => lines.push(vec![g]),
        }
    }
    for l in &mut lines {
        l.sort_by(|a, b| a.x.total_cmp(&b.x));
    }
    lines
}

/// Group glyphs into lines by baseline and set their text.
fn text_lines(glyphs: &[&Glyph]) -> Vec<PLine> {
    baselines(glyphs.to_vec())
        .iter()
        .filter_map(|l| set_line(l))
        .collect()
}

/// A line of glyphs (left to right) as a [`PLine`].
pub(super) fn set_line(l: &[&Glyph]) -> Option<PLine> {
    let (text, x0, x1, size) = line_text(l)?;
    let y = l.iter().map(|g| g.y).fold(f64::NEG_INFINITY, f64::max);
    Some(PLine {
        text,
        x0,
        x1,
        y,
        bottom: y - size * 0.2,
        size,
        row: None,
        glyphs: l.iter().map(|g| (*g).clone()).collect(),
        column: 0,
    })
}

/// The text of glyphs set left to right — spaces where Latin words and
/// numbers stand apart, none between Han characters — with its horizontal
/// extent and largest size; None when it is blank.
pub(super) fn line_text(l: &[&Glyph]) -> Option<(String, f64, f64, f64)> {
    let mut text = String::new();
    let mut prev: Option<(usize, &Glyph)> = None;
    let (mut x0, mut x1) = (f64::INFINITY, f64::NEG_INFINITY);
    let mut size = 0.0f64;
    for (k, g) in l.iter().enumerate() {
        let t = normalize(&g.text);
        let blank = t.chars().all(|c| c.is_whitespace() || c == '\u{3000}');
        if let Some((j, p)) = prev {
            if redrawn(p, g) {
                continue;
            }
            let gap = g.x - (p.x + p.w);
            let last = text.chars().next_back().unwrap_or(' ');
            let first = t.chars().next().unwrap_or(' ');
            let em = g.size.max(p.size);
            let limit = if wide_pair(last, first) { 1.5 } else { 0.3 };
            if gap > limit * em
                && !last.is_whitespace()
                && !blank
                && !in_em_cells(l, j, k, last, first)
            {
                text.push(' ');
            }
        }
        text.push_str(&t);
        if !blank {
            x0 = x0.min(g.x);
            x1 = x1.max(g.x + g.w);
            size = size.max(g.size);
        }
        prev = Some((k, g));
    }
    let text = text.trim_end().to_string();
    if text.trim().is_empty() {
        return None;
    }
    Some((text, x0, x1, size))
}

/// A ruled table: column edges (ascending), row edges (descending), cells.
struct Grid {
    xs: Vec<f64>,
    ys: Vec<f64>,
    /// Cell id of each unit (row band, column).
    unit: Vec<Vec<usize>>,
}

impl Grid {
    fn contains(&self, x: f64, y: f64) -> bool {
        x >= self.xs[0]
            && x <= self.xs[self.xs.len() - 1]
            && y <= self.ys[0]
            && y >= self.ys[self.ys.len() - 1]
    }

    fn locate(&self, x: f64, y: f64) -> Option<(usize, usize)> {
        let c = self.xs.windows(2).position(|w| x >= w[0] && x < w[1])?;
        let r = self.ys.windows(2).position(|w| y <= w[0] && y > w[1])?;
        Some((r, c))
    }

    /// One table row per row band; a merged cell begins in its top-left
    /// unit and covers the others.
    fn rows(&self, glyphs: &[&Glyph]) -> Vec<PLine> {
        let mut by_cell: HashMap<usize, Vec<&Glyph>> = HashMap::new();
        for g in glyphs {
            let y = g.y + g.size * 0.3;
            let Some((r, mut c)) = self.locate(g.x + g.w / 2.0, y) else {
                continue;
            };
            // A producer whose widths disagree with its own placement spills
            // a cell's text into the next one: keep a glyph with the cell its
            // text run began in, unless it lies well beyond that cell.
            if let Some((r0, c0)) = self.locate(g.run_x + 0.5, y) {
                if r0 == r && c0 < c && g.x + g.w / 2.0 <= self.xs[c0 + 1] + 3.0 * g.size {
                    c = c0;
                }
            }
            by_cell.entry(self.unit[r][c]).or_default().push(g);
        }
        // A cell's printed lines.
        let lines_of = |id: usize| -> Vec<String> {
            by_cell
                .get(&id)
                .map(|gs| text_lines(gs).into_iter().map(|l| l.text).collect())
                .unwrap_or_default()
        };
        let cols = self.xs.len() - 1;
        let bands = self.ys.len() - 1;
        let slots: Vec<Vec<Slot>> = (0..bands)
            .map(|r| {
                (0..cols)
                    .map(|c| {
                        let id = self.unit[r][c];
                        let above = r > 0 && self.unit[r - 1][c] == id;
                        let left = c > 0 && self.unit[r][c - 1] == id;
                        if !above && !left {
                            let paras = lines_of(id);
                            let colspan = (c..cols).take_while(|&k| self.unit[r][k] == id).count();
                            Slot::Cell {
                                text: paras.join(" ").replace('\t', " "),
                                paras,
                                colspan,
                            }
                        } else if above {
                            Slot::Up
                        } else {
                            Slot::Left
                        }
                    })
                    .collect()
            })
            .collect();
        let (grid, kept) = crate::read::Grid::build(GridKind::Ruled, slots, 0);
        let size = glyphs.iter().map(|g| g.size).fold(10.0f64, f64::min);
        grid.rows
            .into_iter()
            .zip(kept)
            .map(|(row, r)| PLine {
                text: crate::read::Grid::row_line(&row),
                x0: self.xs[0],
                x1: self.xs[cols],
                y: self.ys[r],
                bottom: self.ys[r + 1],
                size,
                row: Some((GridKind::Ruled, row)),
                glyphs: Vec::new(),
                column: 0,
            })
            .collect()
    }
}

/// Snap values within `tol` of each other to their first.
fn cluster(mut v: Vec<f64>, tol: f64) -> Vec<f64> {
    v.sort_by(f64::total_cmp);
    let mut out: Vec<f64> = Vec::new();
    for x in v {
        match out.last() {
            Some(&l) if x - l <= tol => {}
            _ => out.push(x),
        }
    }
    out
}

/// Ruled tables of a page.
fn grids(rules: &[Rule]) -> Vec<Grid> {
    if rules.len() < 4 || rules.len() > MAX_RULES {
        return Vec::new();
    }
    // Horizontal (y, x0, x1) and vertical (x, y0, y1) pieces, merged.
    let mut h: Vec<(f64, f64, f64)> = Vec::new();
    let mut v: Vec<(f64, f64, f64)> = Vec::new();
    for r in rules {
        if (r.y1 - r.y0).abs() < 1.0 && r.x1 - r.x0 >= 4.0 {
            h.push(((r.y0 + r.y1) / 2.0, r.x0, r.x1));
        } else if (r.x1 - r.x0).abs() < 1.0 && r.y1 - r.y0 >= 4.0 {
            v.push(((r.x0 + r.x1) / 2.0, r.y0, r.y1));
        }
    }
    let merge = |mut s: Vec<(f64, f64, f64)>| {
        s.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
        let mut out: Vec<(f64, f64, f64)> = Vec::new();
        for x in s {
            match out.last_mut() {
                Some(l) if (x.0 - l.0).abs() <= 1.0 && x.1 <= l.2 + RULE_SNAP => l.2 = l.2.max(x.2),
                _ => out.push(x),
            }
        }
        out
    };
    let (h, v) = (merge(h), merge(v));
    // Connected components of crossing rules.
    let n = h.len() + v.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(p: &mut [usize], mut i: usize) -> usize {
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }
    for (i, hh) in h.iter().enumerate() {
        for (j, vv) in v.iter().enumerate() {
            let t = RULE_SNAP;
            if vv.0 >= hh.1 - t && vv.0 <= hh.2 + t && hh.0 >= vv.1 - t && hh.0 <= vv.2 + t {
                let (a, b) = (find(&mut parent, i), find(&mut parent, h.len() + j));
                parent[a] = b;
            }
        }
    }
    let mut comps: HashMap<usize, (Vec<usize>, Vec<usize>)> = HashMap::new();
    for i in 0..h.len() {
        let r = find(&mut parent, i);
        comps.entry(r).or_default().0.push(i);
    }
    for j in 0..v.len() {
        let r = find(&mut parent, h.len() + j);
        comps.entry(r).or_default().1.push(j);
    }
    let mut out = Vec::new();
    let mut keys: Vec<usize> = comps.keys().copied().collect();
    keys.sort_unstable();
    for k in keys {
        let (hi, vi) = &comps[&k];
        if hi.len() < 2 || vi.len() < 2 {
            continue;
        }
        let xs = cluster(vi.iter().map(|&j| v[j].0).collect(), RULE_SNAP);
        let mut ys = cluster(hi.iter().map(|&i| h[i].0).collect(), RULE_SNAP);
        ys.reverse();
        // A frame is not a table, nor a band of one or two cells; a single
        // band of three cells or more is a row (a header left at the foot of
        // a page, a row continued overleaf).
        if xs.len() < 3 || ys.len() < 2 || (ys.len() == 2 && xs.len() < 4) {
            continue;
        }
        let (rows, cols) = (ys.len() - 1, xs.len() - 1);
        let vsep = |r: usize, x: f64| {
            let mid = (ys[r] + ys[r + 1]) / 2.0;
            vi.iter()
                .any(|&j| (v[j].0 - x).abs() <= RULE_SNAP && v[j].1 <= mid && v[j].2 >= mid)
        };
        let hsep = |y: f64, c: usize| {
            let mid = (xs[c] + xs[c + 1]) / 2.0;
            hi.iter()
                .any(|&i| (h[i].0 - y).abs() <= RULE_SNAP && h[i].1 <= mid && h[i].2 >= mid)
        };
        let mut up: Vec<usize> = (0..rows * cols).collect();
        for r in 0..rows {
            for c in 0..cols {
                if c + 1 < cols && !vsep(r, xs[c + 1]) {
                    let (a, b) = (find(&mut up, r * cols + c), find(&mut up, r * cols + c + 1));
                    up[a] = b;
                }
                if r + 1 < rows && !hsep(ys[r + 1], c) {
                    let (a, b) = (
                        find(&mut up, r * cols + c),
                        find(&mut up, (r + 1) * cols + c),
                    );
                    up[a] = b;
                }
            }
        }
        let unit = (0..rows)
            .map(|r| (0..cols).map(|c| find(&mut up, r * cols + c)).collect())
            .collect();
        out.push(Grid { xs, ys, unit });
    }
    out
}

/// Join the lines the page wrapped into paragraphs and emit them; a run of
/// table rows of one kind becomes one grid.
/// `before` is the previous page's last line and its measure; the page's
/// own last line and measure are given back for the next.
fn paragraphs(
    page: u32,
    lines: Vec<PLine>,
    (body, doc_right): ((f64, Option<u32>), Option<f64>),
    before: Option<(PLine, Measure)>,
    out: &mut Vec<SrcLine>,
    grids: &mut Vec<crate::read::Grid>,
) -> Option<(PLine, Measure)> {
    // Each column of a page set in columns has its own margins.
    let mut measures: HashMap<u32, Measure> = HashMap::new();
    for c in lines.iter().map(|l| l.column) {
        measures.entry(c).or_insert_with(|| {
            let (left, right) = margins(lines.iter().filter(|l| l.column == c));
            let few = lines
                .iter()
                .filter(|l| l.column == c && measured(l))
                .count()
                < MIN_MEASURE_LINES;
            let right = match (right, doc_right) {
                (Some(r), Some(d)) if few && c == 0 => Some(r.max(d)),
                _ => right,
            };
            (left, right)
        });
    }
    let page_grids = grids.len();
    let mut rows: Vec<Option<(GridKind, GridRow)>> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let first = &lines[i];
        let (left, right) = measures[&first.column];
        let mut text = first.text.clone();
        let mut j = i;
        if !first.table() {
            while j + 1 < lines.len()
                && lines[j + 1].column == first.column
                && continues(&lines[j], &lines[j + 1], left, right)
            {
                j += 1;
                let next = &lines[j].text;
                if text.ends_with(|c: char| c.is_ascii_alphanumeric())
                    && next.starts_with(|c: char| c.is_ascii_alphanumeric())
                {
                    text.push(' ');
                }
                text.push_str(next);
            }
        }
        let (x0, x1) = lines[i..=j]
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), l| {
                (a.min(l.x0), b.max(l.x1))
            });
        let (top, bottom) = (first.y + first.size * 0.8, lines[j].bottom);
        // The line before a page or column break.
        let broken = match i.checked_sub(1) {
            None => before.as_ref().map(|(l, m)| (l, *m)),
            Some(k) if lines[k].column != first.column => {
                Some((&lines[k], measures[&lines[k].column]))
            }
            Some(_) => None,
        };
        let mut style = line_style(first, body, left, right);
        if let (Some(s), Some((a, m))) = (style.as_mut(), broken) {
            s.flows_on = flows(a, first, m, (left, right));
        }
        out.push(SrcLine {
            text,
            style,
            span: Span {
                page: Some(page),
                page_end: None,
                line_start: i + 1,
                line_end: j + 1,
                bbox: Some([
                    round2(x0),
                    round2(bottom.min(top)),
                    round2(x1),
                    round2(top.max(bottom)),
                ]),
                ocr: false,
            },
        });
        rows.push(first.row.clone());
        i = j + 1;
    }
    let base = out.len() - rows.len();
    for (k, row) in rows.into_iter().enumerate() {
        let Some((kind, row)) = row else { continue };
        let at = base + k;
        let on_page = grids.len() > page_grids;
        match grids.last_mut() {
            Some(g) if on_page && g.kind == kind && g.lines.end == at => {
                g.rows.push(row);
                g.lines.end = at + 1;
            }
            _ => grids.push(crate::read::Grid {
                kind,
                lines: at..at + 1,
                rows: vec![row],
            }),
        }
    }
    let last = lines.into_iter().next_back()?;
    let measure = measures[&last.column];
    Some((last, measure))
}

pub(super) fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Whether line `b` goes on the paragraph that line `a` ends.
fn continues(a: &PLine, b: &PLine, left: Option<f64>, right: Option<f64>) -> bool {
    let (Some(left), Some(right)) = (left, right) else {
        return false;
    };
    !b.table()
        && a.x1 >= right - 1.2 * a.size
        // A paragraph's line starts at the margin or a few characters in
        // (indent, a box's padding); the line it runs on into has no gap
        // of cells (the line before may: 专栏5   未成年人保护 over 项目).
        && a.x0 <= left + 4.5 * a.size
        && !gapped(b)
        // At the margin; or set in a little from it (a box's padding) under
        // a first line indented two characters from it, as Chinese
        // paragraphs are.
        && (b.x0 <= left + 0.6 * b.size
            || (b.x0 <= left + 1.5 * b.size && (a.x0 - b.x0 - 2.0 * b.size).abs() <= 0.5 * b.size))
        && a.y - b.y > 0.0
        && a.y - b.y <= 2.6 * a.size
        && same_run(a, b, right)
}

/// Widest gap between two characters of a paragraph's line, in font
/// sizes (justified Latin stretches its spaces to half an em or so).
const MAX_WORD_GAP: f64 = 2.5;

/// Whether a line has a gap wider than words have: cells of a table row
/// that no table took, set apart by white.
fn gapped(l: &PLine) -> bool {
    let mut last: Option<&Glyph> = None;
    for g in l
        .glyphs
        .iter()
        .filter(|g| !g.text.trim().is_empty() && g.text != "\u{3000}")
    {
        if last.is_some_and(|p| g.x - (p.x + p.w) > MAX_WORD_GAP * g.size.max(p.size)) {
            return true;
        }
        last = Some(g);
    }
    false
}

/// What a paragraph's next line shares with its last, wherever it stands:
/// size and face, no numbered block or date between them, no short line
/// after a sentence's end (a signature, a date).
fn same_run(a: &PLine, b: &PLine, right: f64) -> bool {
    // A line that starts in a bold face after one that ended in a regular
    // face opens a heading.
    let turns_bold =
        b.glyphs.first().is_some_and(|g| g.bold) && a.glyphs.last().is_some_and(|g| !g.bold);
    // (A paragraph's last line, short after a full one that ended a
    // sentence, ends with punctuation of its own: 坚持系统观念。)
    let stands_alone = a.text.ends_with(['。', '！', '？'])
        && b.x1 < right - 4.0 * b.size
        && b.text.chars().count() <= 20
        && !b.text.trim_end().ends_with([
            '。', '！', '？', '；', '：', '，', '、', '”', '）', ';', ':', ',', ')',
        ]);
    (a.size - b.size).abs() <= 0.2 * a.size
        && !is_block_start(b.text.trim_start())
        && !date_only(&a.text)
        && !turns_bold
        && !stands_alone
}

/// Whether `b`, the first line of a page or column, goes on the paragraph
/// that `a`, the last line of the page or column before, ends: `a` fills
/// its measure (`ma`) and `b` starts within a character of its own (`mb`),
/// where a new paragraph is indented two.
fn flows(a: &PLine, b: &PLine, ma: Measure, mb: Measure) -> bool {
    let ((_, Some(right_a)), (Some(left_b), Some(right_b))) = (ma, mb) else {
        return false;
    };
    !a.table()
        && !b.table()
        && a.x1 >= right_a - 1.2 * a.size
        && b.x0 < left_b + 1.2 * b.size
        && same_run(a, b, right_b)
}

/// A page's or column's left and right margins ([`margins`]).
type Measure = (Option<f64>, Option<f64>);

#[cfg(test)]
mod tests {
    use super::*;

    fn g(text: &str, x: f64, y: f64) -> Glyph {
        Glyph::at(text, x, y)
    }

    #[test]
    fn lines_and_spaces() {
        let gs = [
            g("民", 0.0, 100.0),
            g("政", 10.0, 100.2),
            g("2", 25.0, 100.0),
            g("0", 35.0, 100.0),
            g("年", 50.0, 100.0),
            g("下", 0.0, 80.0),
        ];
        let refs: Vec<&Glyph> = gs.iter().collect();
        let l = text_lines(&refs);
        assert_eq!(l.len(), 2);
        assert_eq!(l[0].text, "民政 20 年");
        assert_eq!(l[1].text, "下");
        assert_eq!(fold('１'), '1');
        assert_eq!(fold('（'), '（');
    }

    #[test]
    fn digits_in_em_cells_are_one_number() {
        // Half-width digits each in a 10-point cell (a character grid), then
        // two numbers of a row two cells apart, then OCR's glyphs (face 0).
        let digit = |t: &str, x: f64, face: u32| Glyph {
            w: 5.0,
            face,
            ..g(t, x, 100.0)
        };
        let gs = [
            digit("2", 0.0, 1),
            digit("0", 10.0, 1),
            digit("2", 20.0, 1),
            digit("5", 30.0, 1),
            g("年", 40.0, 100.0),
            digit("6", 70.0, 1),
            digit("7", 90.0, 1),
            digit("8", 110.0, 0),
            digit("9", 120.0, 0),
            // Half-width digits set close, a half-width space after them:
            // an em from the last digit to 周, but no grid.
            g("党", 140.0, 100.0),
            digit("1", 155.0, 1),
            digit("0", 160.0, 1),
            digit("0", 165.0, 1),
            g("周", 175.0, 100.0),
        ];
        let refs: Vec<&Glyph> = gs.iter().collect();
        let l = text_lines(&refs);
        assert_eq!(l[0].text, "2025年 6 7 8 9 党 100 周");
    }

    #[test]
    fn grid_with_merged_header() {
        // 3 columns x 3 rows; the top-right two units merged across (colspan).
        let mut rules = Vec::new();
        for y in [100.0, 80.0, 60.0, 40.0] {
            rules.push(Rule::new(0.0, y, 300.0, y));
        }
        rules.push(Rule::new(0.0, 40.0, 0.0, 100.0));
        rules.push(Rule::new(100.0, 40.0, 100.0, 100.0));
        rules.push(Rule::new(200.0, 40.0, 200.0, 80.0)); // not in the top band
        rules.push(Rule::new(300.0, 40.0, 300.0, 100.0));
        let t = grids(&rules);
        assert_eq!(t.len(), 1);
        let gs = [
            g("序", 10.0, 85.0),
            g("投", 150.0, 85.0),
            g("1", 10.0, 65.0),
            g("7", 110.0, 65.0),
            g("0", 210.0, 65.0),
        ];
        let refs: Vec<&Glyph> = gs.iter().collect();
        let rows = t[0].rows(&refs);
        let texts: Vec<&str> = rows.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(texts, ["序\t投\t", "1\t7\t0"]);
        // The merged header cell spans two columns.
        let (kind, head) = rows[0].row.as_ref().unwrap();
        assert_eq!(*kind, GridKind::Ruled);
        assert_eq!(head.cells.len(), 2);
        assert_eq!((head.cells[1].col, head.cells[1].colspan), (1, 2));
    }

    #[test]
    fn table_lines_no_table_took_are_not_a_paragraph() {
        // A line of glyphs from `x`, one every 10 points, `gap` points left
        // after the `at`-th.
        let line = |text: &str, x: f64, y: f64, at: usize, gap: f64| {
            let gs: Vec<Glyph> = text
                .chars()
                .enumerate()
                .map(|(i, ch)| {
                    let skip = if i > at { gap } else { 0.0 };
                    g(&ch.to_string(), x + 10.0 * i as f64 + skip, y)
                })
                .collect();
            let refs: Vec<&Glyph> = gs.iter().collect();
            text_lines(&refs).remove(0)
        };
        let (left, right) = (Some(0.0), Some(300.0));
        // Prose: a full line, then the next at the margin.
        let full = line(&"字".repeat(30), 0.0, 100.0, 99, 0.0);
        let next = line("下一行", 0.0, 82.0, 99, 0.0);
        assert!(continues(&full, &next, left, right));
        // An attribute's 性 alone at the right end, over the next row.
        let tail = line("性", 290.0, 100.0, 99, 0.0);
        assert!(!continues(&tail, &next, left, right));
        // A label set apart from its title by white runs on into the
        // title's wrapped tail.
        let label = line(
            &format!("{}{}", "专栏5", "未成年人保护"),
            0.0,
            100.0,
            2,
            210.0,
        );
        assert_eq!(label.x1, 300.0);
        assert!(continues(&label, &next, left, right));
        // A row's cells set apart by white, under a full line.
        let row = line("1城乡低保标准预期", 0.0, 82.0, 6, 60.0);
        assert!(!continues(&full, &row, left, right));
    }
}
