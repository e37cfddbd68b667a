//! Tables set without ruling lines (LibreOffice and Word exports often draw
//! none): found among a page's text lines and turned into tab-separated rows.
//!
//! A run of lines whose glyphs fall into separate clusters is a table region.
//! Columns are the x ranges that text occupies, separated by whitespace that no
//! line crosses. Rows are anchored on the first column's sequence numbers (and
//! the 序号 header line); in every column the text fragments are split among
//! the rows by a small dynamic programme, so that wrapped cells that are
//! vertically centred or top-aligned join the row they belong to.

use super::layout::{set_line, PLine};
use super::Glyph;
use crate::text::{cn_number, squash};

/// A horizontal run of glyphs within a line, set apart by a wide gap.
#[derive(Debug, Clone)]
struct Cluster {
    text: String,
}

/// A gap this many font sizes wide separates two cells.
const CELL_GAP: f64 = 0.9;
/// Text this close to an anchor's baseline (points) is on the anchor's line.
const ANCHOR_SLACK: f64 = 2.0;
/// Whitespace narrower than this (points) does not separate columns.
const COLUMN_GAP: f64 = 3.0;
/// Most lines in one table region (a guard for the quadratic row assignment).
const MAX_REGION_LINES: usize = 400;
/// Header words that mark a table's header line.
const HEADER_WORDS: &[&str] = &["序号", "指标", "单位", "属性", "项目名称", "建设性质", "建设内容", "总投资", "责任单位", "备注", "年限"];

fn clusters(l: &PLine) -> Vec<Cluster> {
    let mut out: Vec<Vec<&Glyph>> = Vec::new();
    let mut last_end = f64::NEG_INFINITY;
    for g in &l.glyphs {
        if g.text.trim().is_empty() || g.text == "\u{3000}" {
            continue;
        }
        match out.last_mut() {
            Some(c) if g.x - last_end <= CELL_GAP * g.size => c.push(g),
            _ => out.push(vec![g]),
        }
        last_end = g.x + g.w;
    }
    out.into_iter()
        .filter_map(|gs| {
            let line = set_line(&gs)?;
            Some(Cluster { text: line.text })
        })
        .collect()
}

fn has_header_word(cs: &[Cluster]) -> bool {
    cs.iter()
        .filter(|c| {
            let t = squash(&c.text);
            HEADER_WORDS.iter().any(|w| t.contains(w))
        })
        .count()
        >= 2
}

fn seq_like(t: &str) -> bool {
    let t = squash(t);
    !t.is_empty()
        && t.chars().count() <= 4
        && (t.chars().all(|c| c.is_ascii_digit()) || cn_number(&t).is_some() || t == "合计" || t == "总计")
}

/// Replace the borderless tables among `lines` (top to bottom) by their rows.
pub(super) fn tables(lines: Vec<PLine>, left: f64, right: f64) -> Vec<PLine> {
    let cl: Vec<Vec<Cluster>> = lines.iter().map(|l| if l.table { Vec::new() } else { clusters(l) }).collect();
    // Body text: a line starting at the left margin (or its first-line
    // indent) that fills the measure, ends a sentence, or opens a block.
    let body = |k: usize| {
        let l = &lines[k];
        let t = l.text.trim();
        l.x0 <= left + 2.5 * l.size
            && cl[k].len() <= 1
            && !seq_like(t)
            && (l.x1 >= right - 2.0 * l.size || t.ends_with('。') || crate::numbering::is_block_start(t))
    };
    let near = |a: usize, b: usize| lines[a].y - lines[b].y <= 4.0 * lines[b].size.max(1.0);
    let mut out: Vec<PLine> = Vec::with_capacity(lines.len());
    // Lines already emitted that a region may still take back (from `from`).
    let mut from = 0;
    let mut i = 0;
    while i < lines.len() {
        if cl[i].len() < 3 {
            out.push(lines[i].clone());
            i += 1;
            continue;
        }
        // Downward: every line that is not body text.
        let mut j = i + 1;
        while j < lines.len()
            && j - i < MAX_REGION_LINES
            && !lines[j].table
            && !lines[j].text.trim().is_empty()
            && (cl[j].len() >= 2 || !body(j))
            && near(j - 1, j)
        {
            j += 1;
        }
        // Upward: header fragments and the tail of a row the page break cut,
        // but not the caption.
        let mut s = i;
        while s > from
            && !lines[s - 1].table
            && near(s - 1, s)
            && (cl[s - 1].len() >= 2 || (cl[s - 1].len() == 1 && lines[s - 1].text.chars().count() <= 8))
            && !body(s - 1)
        {
            s -= 1;
        }
        let wide = (s..j).filter(|&k| cl[k].len() >= 3).count();
        if wide >= 2 && j - s >= 3 {
            // Nothing but a page number below: the last row may go on overleaf.
            let cut_bottom = lines[j..].iter().all(|l| l.text.chars().count() <= 12);
            if let Some(rows) = build(&lines[s..j], &cl[s..j], cut_bottom) {
                out.truncate(out.len() - (i - s));
                out.extend(rows);
                i = j;
                from = j;
                continue;
            }
        }
        out.push(lines[i].clone());
        i += 1;
    }
    out
}

fn build(lines: &[PLine], cl: &[Vec<Cluster>], cut_bottom: bool) -> Option<Vec<PLine>> {
    let header_at = cl.iter().position(|c| has_header_word(c));
    // Columns: x ranges that glyphs occupy, separated by whitespace that no
    // line of the region crosses.
    let mut iv: Vec<(f64, f64)> = lines
        .iter()
        .flat_map(|l| l.glyphs.iter())
        .filter(|g| !g.text.trim().is_empty() && g.text != "\u{3000}")
        .map(|g| (g.x, g.x + g.w))
        .collect();
    iv.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut cols: Vec<(f64, f64)> = Vec::new();
    for (a, b) in iv {
        match cols.last_mut() {
            Some(l) if a <= l.1 + COLUMN_GAP => l.1 = l.1.max(b),
            _ => cols.push((a, b)),
        }
    }
    if cols.len() < 3 {
        return None;
    }
    let col_of = |x: f64| {
        cols.iter()
            .position(|s| x >= s.0 - COLUMN_GAP && x <= s.1 + COLUMN_GAP)
            .unwrap_or_else(|| {
                cols.iter()
                    .enumerate()
                    .min_by(|a, b| (a.1 .0 - x).abs().total_cmp(&(b.1 .0 - x).abs()))
                    .map_or(0, |(i, _)| i)
            })
    };
    // Each line's glyphs by column, as text.
    let ncols = cols.len();
    let pieces: Vec<Vec<(usize, String)>> = lines
        .iter()
        .map(|l| {
            let mut by: Vec<Vec<&Glyph>> = vec![Vec::new(); ncols];
            for g in &l.glyphs {
                by[col_of(g.x + g.w / 2.0)].push(g);
            }
            by.iter()
                .enumerate()
                .filter_map(|(c, gs)| set_line(gs).map(|pl| (c, pl.text)))
                .collect()
        })
        .collect();
    // Row anchors: the header line, then every sequence number in column 0.
    let mut anchors: Vec<f64> = Vec::new();
    match header_at {
        Some(h) => anchors.push(lines[h].y),
        // A region without a header may begin with the tail of a row that
        // the page break cut: give it an anchor of its own at the top.
        None => anchors.push(lines[0].y + 0.01),
    }
    for (k, p) in pieces.iter().enumerate() {
        if header_at.is_some_and(|h| k <= h) {
            continue;
        }
        if p.iter().any(|(c, t)| *c == 0 && seq_like(t)) {
            anchors.push(lines[k].y);
        }
    }
    if anchors.len() < 2 {
        return None;
    }
    // Fragments per column, top to bottom: (y, text).
    let mut frags: Vec<Vec<(f64, String)>> = vec![Vec::new(); ncols];
    for (k, p) in pieces.iter().enumerate() {
        for (c, t) in p {
            frags[*c].push((lines[k].y, t.clone()));
        }
    }
    // One alignment for the whole table: whichever explains the text better.
    let virtual_top = header_at.is_none();
    let plan = |mode: Align| -> (f64, Vec<Vec<usize>>) {
        let mut total = 0.0;
        let rows = frags
            .iter()
            .map(|fs| {
                let (c, r) = assign(fs, &anchors, mode, virtual_top, cut_bottom);
                total += c;
                r
            })
            .collect();
        (total, rows)
    };
    let (centred, top) = (plan(Align::Centre), plan(Align::Top));
    let rows_of = if centred.0 <= top.0 { centred.1 } else { top.1 };
    let mut cells: Vec<Vec<String>> = vec![vec![String::new(); ncols]; anchors.len()];
    for (c, fs) in frags.iter().enumerate() {
        for (row, text) in rows_of[c].iter().copied().zip(fs) {
            let cell = &mut cells[row][c];
            if !cell.is_empty() {
                cell.push(' ');
            }
            cell.push_str(&text.1);
        }
    }
    let size = lines.iter().map(|l| l.size).fold(f64::INFINITY, f64::min);
    let (x0, x1) = (cols[0].0, cols[ncols - 1].1);
    Some(
        cells
            .into_iter()
            .zip(anchors.iter())
            .filter(|(row, _)| row.iter().any(|c| !c.is_empty()))
            .map(|(row, &y)| PLine {
                text: row.join("\t"),
                x0,
                x1,
                y,
                bottom: y - size,
                size,
                table: true,
                glyphs: Vec::new(),
            })
            .collect(),
    )
}

/// How cell text sits in its row.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Align {
    /// Vertically centred on the row's anchor (LibreOffice).
    Centre,
    /// Starting at the row's anchor.
    Top,
}

/// Split a column's fragments (top to bottom) into consecutive groups, one
/// per anchor, each lying between its neighbours' anchors and centred on or
/// starting at its own; with `virtual_top`, anchor 0 stands for the tail of a
/// row cut by the page break and takes text from the top; with `cut_bottom`,
/// the last row may be cut by the page break and is set from its top.
/// Returns the total cost and each fragment's anchor.
fn assign(frags: &[(f64, String)], anchors: &[f64], mode: Align, virtual_top: bool, cut_bottom: bool) -> (f64, Vec<usize>) {
    let (n, m) = (frags.len(), anchors.len());
    if n == 0 {
        return (0.0, Vec::new());
    }
    let cost = |a: usize, b: usize, k: usize| {
        let (top, bottom) = (frags[a].0, frags[b - 1].0);
        // Text on an anchor's own line belongs to that anchor's row.
        if (k > 0 && top >= anchors[k - 1] - ANCHOR_SLACK) || (k + 1 < m && bottom <= anchors[k + 1] + ANCHOR_SLACK) {
            return f64::INFINITY;
        }
        if mode == Align::Top || (virtual_top && k == 0) || (cut_bottom && k + 1 == m) {
            (top - anchors[k]).abs()
        } else {
            ((top + bottom) / 2.0 - anchors[k]).abs()
        }
    };
    const INF: f64 = f64::INFINITY;
    // dp[i][j]: the first i fragments placed among the first j anchors.
    let mut dp = vec![vec![INF; m + 1]; n + 1];
    let mut back = vec![vec![(0usize, false); m + 1]; n + 1];
    dp[0] = vec![0.0; m + 1];
    for i in 1..=n {
        for j in 1..=m {
            let mut best = (dp[i][j - 1], (i, false));
            for l in 0..i {
                if dp[l][j - 1] < INF {
                    let c = dp[l][j - 1] + cost(l, i, j - 1);
                    if c < best.0 {
                        best = (c, (l, true));
                    }
                }
            }
            dp[i][j] = best.0;
            back[i][j] = best.1;
        }
    }
    let mut out = vec![0; n];
    let (mut i, mut j) = (n, m);
    while i > 0 && j > 0 {
        let (l, took) = back[i][j];
        if took {
            for o in out.iter_mut().take(i).skip(l) {
                *o = j - 1;
            }
            i = l;
        }
        j -= 1;
    }
    // Unplaceable text (cost infinite everywhere) stays with the last row.
    (if dp[n][m].is_finite() { dp[n][m] } else { 1e9 }, out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn centred_cells_join_their_row() {
        // Row anchors at 100 and 60; a tall cell 110..90 centred on 100, a
        // one-line cell at 60.
        let frags = vec![(110.0, "不低于".to_string()), (100.0, "居民上".to_string()), (90.0, "增速".to_string()), (60.0, "100".to_string())];
        assert_eq!(assign(&frags, &[100.0, 60.0], Align::Centre, false, false).1, [0, 0, 0, 1]);
        // A row with text on its anchor's line is never skipped; the last
        // row, cut by the page break, is set from its top.
        let ys = [684.0, 524.0, 489.0, 382.0, 347.0, 311.0, 275.0, 240.0, 204.0, 169.0, 133.0, 98.0];
        let f: Vec<(f64, String)> = ys.iter().map(|y| (*y, String::new())).collect();
        let (_, r) = assign(&f, &[684.9, 507.1, 347.1, 240.5, 169.4], Align::Centre, false, true);
        assert_eq!(r, [0, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4]);
        // A top-aligned group does not run past the next anchor.
        let frags2 = vec![(100.0, "序号".to_string()), (60.0, "1".to_string()), (30.0, "2".to_string())];
        assert_eq!(assign(&frags2, &[100.0, 60.0, 30.0], Align::Top, false, false).1, [0, 1, 2]);
        // A header above the rows, top-aligned rows.
        let frags = vec![(130.0, "年目标".to_string()), (100.0, "55".to_string()), (60.0, "60".to_string()), (50.0, "以上".to_string())];
        assert_eq!(assign(&frags, &[130.0, 100.0, 60.0], Align::Top, false, false).1, [0, 1, 2, 2]);
    }
}
