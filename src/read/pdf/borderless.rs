//! Tables set without ruling lines (LibreOffice and Word exports often draw
//! none): found among a page's text lines and turned into table rows of a
//! [`crate::read::Grid`] ([`GridKind::Borderless`]), as ruled tables are.
//!
//! A run of lines whose glyphs fall into separate clusters is a table region.
//! Columns are the x ranges that text occupies, separated by whitespace that no
//! line crosses. Rows are anchored on the first column's sequence numbers (and
//! the 序号 header line); in every column the text fragments are split among
//! the rows by a small dynamic programme, so that wrapped cells that are
//! vertically centred or top-aligned join the row they belong to.

use super::layout::{line_text, PLine};
use super::Glyph;
use crate::read::{Grid, GridKind, Slot};
use crate::text::{cn_number, numbered_name, squash};

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
const COLUMN_GAP: f64 = 1.0;

/// A year, or a range of years, that ends a cell's text.
static YEAR_TAIL: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"(?:19|20)\d{2}(?:[-—–~～至](?:(?:19|20)\d{2})?)?年?$").expect("valid")
});
/// A column a part without its header fills on fewer than one line in this
/// many is no column of its own when its pieces stand a word's space from
/// another ([`WORD_SPACE_EM`]).
const SPARSE_SHARE: usize = 10;
/// A word's space in laid-out text (one character), in font sizes.
const WORD_SPACE_EM: f64 = 1.0;
/// Most lines in one table region (a guard for the quadratic row assignment).
const MAX_REGION_LINES: usize = 400;

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
            let (text, ..) = line_text(&gs)?;
            Some(Cluster { text })
        })
        .collect()
}

/// A line's glyphs from its first to its last visible one: spaces between
/// words count as text, so a word space never splits a column.
fn inked(gs: &[Glyph]) -> &[Glyph] {
    let visible = |g: &Glyph| !g.text.trim().is_empty() && g.text != "\u{3000}";
    match (gs.iter().position(visible), gs.iter().rposition(visible)) {
        (Some(a), Some(b)) => &gs[a..=b],
        _ => &[],
    }
}

fn has_header_word(cs: &[Cluster]) -> bool {
    cs.iter()
        .filter(|c| {
            let t = squash(&c.text);
            crate::tables::HEADER_WORDS.iter().any(|w| t.contains(w))
        })
        .count()
        >= 2
}

fn seq_like(t: &str) -> bool {
    seq_core(t).is_some()
}

/// A sequence number as its cell holds it, without the bracket OCR reads
/// beside a lone figure (5) for 5): None when the cell is no sequence
/// number. (5. 5、 (5) open numbered paragraphs and headings, and a line
/// that OCR spread into clusters may begin so: those are no row numbers.)
fn seq_core(t: &str) -> Option<String> {
    let t = squash(t);
    let t = t.strip_suffix([')', '）']).unwrap_or(&t);
    let ok = !t.is_empty()
        && t.chars().count() <= 4
        && (t.chars().all(|c| c.is_ascii_digit())
            || cn_number(t).is_some()
            || t == "合计"
            || t == "总计");
    ok.then(|| t.to_string())
}

/// The gap (in ems) after the cell that follows a row's number, for the
/// number to make a column of its own.
const LEAD_GAP_EM: f64 = 1.5;

/// Fewest digits of a figure that marks a row which lost its number.
const MIN_FIGURE_DIGITS: usize = 3;

/// Fewest rows' numbers at the lines' left that make a column of their own.
const MIN_LEAD_NUMBERS: usize = 3;

/// Longest group label (一、交通基础设施) read as a row of a table.
const MAX_GROUP_LABEL: usize = 16;

/// Replace the borderless tables among `lines` (top to bottom) by their rows.
pub(super) fn tables(lines: Vec<PLine>, left: f64, right: f64) -> Vec<PLine> {
    let cl: Vec<Vec<Cluster>> = lines
        .iter()
        .map(|l| if l.table() { Vec::new() } else { clusters(l) })
        .collect();
    // Body text: a line starting at the left margin (or its first-line
    // indent) that fills the measure, ends a sentence, or opens a block.
    let body = |k: usize| {
        let l = &lines[k];
        let t = l.text.trim();
        l.x0 <= left + 2.5 * l.size
            && cl[k].len() <= 1
            && !seq_like(t)
            && (l.x1 >= right - 2.0 * l.size
                || t.ends_with('。')
                || crate::numbering::is_block_start(t))
    };
    let group_label = |k: usize| group_label(&lines, &cl, k);
    let near = |a: usize, b: usize| lines[a].y - lines[b].y <= 4.0 * lines[b].size.max(1.0);
    // The page's folio: a bare number of up to three digits (a year's four
    // are a wrapped cell's) on its last line, away from the left margin
    // where a row's sequence number would stand. No region takes it.
    let mut foot = lines.len();
    while foot > 0 && {
        let l = &lines[foot - 1];
        let t = l.text.trim();
        !l.table()
            && l.x0 > left + 4.0 * l.size
            && (1..=3).contains(&t.len())
            && t.chars().all(|c| c.is_ascii_digit())
    } {
        foot -= 1;
    }
    let mut out: Vec<PLine> = Vec::with_capacity(lines.len());
    // Lines already emitted that a region may still take back (from `from`).
    let mut from = 0;
    let mut i = 0;
    // A box's label line (专栏 3 养老服务项目) opens a box, never a row.
    let label = |k: usize| crate::numbering::box_label(lines[k].text.trim()).is_some();
    while i < lines.len() {
        if cl[i].len() < 3 || label(i) || table_caption(lines[i].text.trim()) {
            out.push(lines[i].clone());
            i += 1;
            continue;
        }
        // Downward: every line that is not body text, up to a heading
        // numbered as a chapter's or a section's (二、 set apart from its
        // title by the white after 、, which OCR leaves wide). A line
        // numbered 一、 that ends with a figure in a cell of its own is a
        // group's row with its total.
        let heading = |k: usize| {
            let figure = |c: &Cluster| {
                let t = squash(&c.text);
                !t.is_empty() && t.chars().all(|ch| ch.is_ascii_digit() || ch == '.')
            };
            crate::numbering::numbering(lines[k].text.trim()).is_some_and(|n| {
                use crate::numbering::Style;
                match n.style {
                    Style::Part | Style::Chapter | Style::Section => true,
                    Style::CnComma => !cl[k].last().is_some_and(figure) && !group_label(k),
                    _ => false,
                }
            })
        };
        let mut j = i + 1;
        while j < foot
            && j - i < MAX_REGION_LINES
            && !lines[j].table()
            && !lines[j].text.trim().is_empty()
            && (cl[j].len() >= 2 || !body(j) || group_label(j))
            && !heading(j)
            && near(j - 1, j)
        {
            j += 1;
        }
        // Upward: header fragments and the tail of a row the page break cut,
        // but not the caption. The page's first line over a table part that
        // opens with no header is the head of its first row (or the tail of
        // the row overleaf), however long.
        let mut s = i;
        while s > from
            && !lines[s - 1].table()
            && near(s - 1, s)
            && (cl[s - 1].len() >= 2
                || (cl[s - 1].len() == 1
                    && (lines[s - 1].text.chars().count() <= 8
                        || (s == 1 && continues_on_top(&lines, &cl)))))
            && !body(s - 1)
            && !label(s - 1)
            && !unit_caption(lines[s - 1].text.trim())
            && !table_caption(lines[s - 1].text.trim())
        {
            s -= 1;
        }
        let wide = (s..j).filter(|&k| cl[k].len() >= 3).count();
        // (Or, at the page's top, a numbered row alone: the last row of a
        // table that the page before began.)
        let lone_row = s == 0
            && wide == 1
            && (s..j).any(|k| cl[k].len() >= 4 && cl[k].first().is_some_and(|c| seq_like(&c.text)));
        if (wide >= 2 && j - s >= 3) || lone_row {
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

/// A group's label merged across a table (一、交通基础设施): numbered, alone
/// on its line, over a numbered row (its number's line a few lines down
/// where the row's cells are centred).
fn group_label(lines: &[PLine], cl: &[Vec<Cluster>], k: usize) -> bool {
    let t = lines[k].text.trim();
    cl[k].len() <= 1
        && t.chars().count() <= MAX_GROUP_LABEL
        && crate::tables::group_label(t).is_some()
        && cl
            .iter()
            .skip(k + 1)
            .take(MAX_ROW_HALF_LINES + 1)
            .any(|c| c.len() >= 3 && c[0].text.trim().parse::<u32>().is_ok())
}

/// Lines of a centred row set above its numbered line (its cells' upper
/// halves), looked past from a group's label to the row.
const MAX_ROW_HALF_LINES: usize = 3;

/// A table's caption over its header: 表2 …, 附表 …, or a title that names
/// its table (…主要指标, …一览表) and that a grid's spaced quotation marks
/// may have parted into two clusters (“ 十四五” 时期…主要指标).
fn table_caption(t: &str) -> bool {
    let t = squash(t);
    if t.chars().count() >= MIN_TITLE_CAPTION
        && (t.ends_with("指标") || t.ends_with('表'))
        && !t.chars().any(|c| c.is_ascii_digit())
    {
        return true;
    }
    let rest = t
        .strip_prefix("附表")
        .or_else(|| t.strip_prefix('表'))
        .unwrap_or("");
    rest.chars().next().is_some_and(|c| c.is_ascii_digit())
        || (t.starts_with("附表") && t.chars().count() > 4)
}

/// Fewest characters of a caption that is a title (序号 主要指标 is a header).
const MIN_TITLE_CAPTION: usize = 8;

/// A table's unit set over its header (单位：万元, （单位：亿元）): the
/// caption's, never a piece of a column's name.
fn unit_caption(t: &str) -> bool {
    let t = t.trim_start_matches(['(', '（']);
    t.starts_with("单位：") || t.starts_with("单位:")
}

/// Whether a page's first line is the head of the first row of the table
/// part that the next line opens with no header: a row centred on that
/// line, its first cell's text set above and below it, line for line (no
/// caption, heading or running header, which stand apart).
fn continues_on_top(lines: &[PLine], cl: &[Vec<Cluster>]) -> bool {
    let [top, first, under, ..] = lines else {
        return false;
    };
    let size = first.size.max(1.0);
    // (The line under may open with a category's label, left of the names.)
    !has_header_word(&cl[1])
        && cl[2].len() <= 2
        && ((top.x0 - under.x0).abs() <= 0.5 * size || (top.x0 - first.x0).abs() <= 0.5 * size)
        && top.y - first.y <= 1.5 * (first.y - under.y)
        && !crate::numbering::is_block_start(top.text.trim())
}

fn build(lines: &[PLine], cl: &[Vec<Cluster>], cut_bottom: bool) -> Option<Vec<PLine>> {
    let header_at = cl.iter().position(|c| has_header_word(c));
    // A group's label merged across the table (一、交通基础设施) crosses
    // the columns: it takes no part in finding them, and is a row of its
    // own, its text the first column's.
    let group: Vec<bool> = (0..lines.len())
        .map(|k| header_at.is_none_or(|h| k > h) && group_label(lines, cl, k))
        .collect();
    // Rows' numbers at the left of their lines, before the other cells:
    // their column is theirs, though a name on another line may start
    // where a number of two digits ends (a laid-out text's columns drift).
    let lead: Vec<Option<(f64, f64, Option<u32>)>> = lines
        .iter()
        .map(|l| {
            let rs = runs(l);
            let first = rs.first()?;
            let text: String = first.iter().map(|g| g.text.as_str()).collect();
            let last = first.last()?;
            // (The cell after the number set apart from the next by a
            // column's gap: a line whose cells stand a space apart gives
            // no columns.)
            let name = rs.get(1)?.last()?;
            let named = rs[1][0].text.starts_with(crate::text::is_han);
            let apart = named
                && rs
                    .get(2)
                    .is_some_and(|n| n[0].x - (name.x + name.w) >= LEAD_GAP_EM * name.size);
            (apart && seq_like(&text))
                .then(|| (first[0].x, last.x + last.w, squash(&text).parse().ok()))
        })
        .collect();
    // (Numbers that count on, 5, 6, 7: a prose line may open with a figure.)
    let ns: Option<Vec<u32>> = lead.iter().flatten().map(|l| l.2).collect();
    let counting = ns
        .as_ref()
        .is_some_and(|ns| ns.windows(2).all(|w| w[1] == w[0] + 1));
    let leftmost = lines
        .iter()
        .filter_map(|l| inked(&l.glyphs).first().map(|g| g.x))
        .fold(f64::INFINITY, f64::min);
    let seq_area = (counting
        && lead.iter().flatten().count() >= MIN_LEAD_NUMBERS
        && lead.iter().flatten().all(|a| a.0 <= leftmost + COLUMN_GAP))
    .then(|| {
        lead.iter()
            .flatten()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |a, b| {
                (a.0.min(b.0), a.1.max(b.1))
            })
    });
    // Columns: x ranges that text occupies, separated by whitespace that
    // (almost) no line crosses — a merged cell spanning two columns may.
    let per_line: Vec<Vec<(f64, f64)>> = lines
        .iter()
        .zip(&group)
        .zip(&lead)
        .map(|((l, &g), lead)| {
            if g {
                return Vec::new();
            }
            let from = lead
                .filter(|_| seq_area.is_some())
                .map_or(f64::NEG_INFINITY, |a| a.1);
            let mut iv: Vec<(f64, f64)> = inked(&l.glyphs)
                .iter()
                .filter(|g| g.x >= from)
                .map(|g| (g.x, g.x + g.w))
                .collect();
            iv.sort_by(|a, b| a.0.total_cmp(&b.0));
            let mut merged: Vec<(f64, f64)> = Vec::new();
            for (a, b) in iv {
                match merged.last_mut() {
                    Some(m) if a <= m.1 + COLUMN_GAP => m.1 = m.1.max(b),
                    _ => merged.push((a, b)),
                }
            }
            merged
        })
        .collect();
    // (A lone row, a table's last overleaf: its own cells are the columns.)
    let lone = cl.iter().filter(|c| c.len() >= 3).count() <= 1;
    let crossing = if lone {
        0
    } else {
        (per_line.iter().filter(|v| !v.is_empty()).count() / 12).max(1)
    };
    let mut events: Vec<(f64, i32)> = per_line
        .iter()
        .flatten()
        .flat_map(|&(a, b)| [(a, 1), (b, -1)])
        .collect();
    events.sort_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)));
    let mut cols: Vec<(f64, f64)> = Vec::new();
    let (mut depth, mut open) = (0i32, None::<f64>);
    for (x, d) in events {
        let before = depth as usize > crossing;
        depth += d;
        let after = depth as usize > crossing;
        match (before, after) {
            (false, true) => open = Some(x),
            (true, false) => {
                if let Some(a) = open.take() {
                    match cols.last_mut() {
                        Some(c) if a <= c.1 + COLUMN_GAP => c.1 = x,
                        _ => cols.push((a, x)),
                    }
                }
            }
            _ => {}
        }
    }
    // (The numbers' column first, the next starting after it.)
    if let Some((a, b)) = seq_area {
        cols.retain(|c| c.1 > b);
        if let Some(c) = cols.first_mut() {
            c.0 = c.0.max(b + COLUMN_GAP);
        }
        cols.insert(0, (a, b));
    }
    if cols.len() < 3 {
        return None;
    }
    let edge = label_edge(
        lines
            .iter()
            .zip(&group)
            .filter(|(_, &g)| !g)
            .flat_map(|(l, _)| runs(l))
            .filter(|r| r[0].x <= cols[0].1),
        header_at.is_none(),
    );
    if let Some(e) = edge {
        // The labels' column, left of the names'.
        cols.insert(0, (cols[0].0, e));
        cols[1].0 = e;
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
    // Each line's glyphs by column, as text: a run of touching glyphs goes
    // whole to the column that holds its middle.
    let ncols = cols.len();
    // (With each piece's x range.)
    let mut placed: Vec<Vec<(usize, String, f64, f64)>> = lines
        .iter()
        .zip(&group)
        .map(|(l, &g)| {
            if g {
                return vec![(0, l.text.trim().to_string(), l.x0, l.x1)];
            }
            let mut by: Vec<Vec<&Glyph>> = vec![Vec::new(); ncols];
            for run in runs(l) {
                let mid = (run[0].x + run[run.len() - 1].x + run[run.len() - 1].w) / 2.0;
                // (A label that reaches into the names' column is the
                // labels' all the same: it starts left of every name.)
                let c = match edge {
                    Some(e) if run[0].x < e && label_word(run) => 0,
                    Some(_) => col_of(mid).max(1),
                    None => col_of(mid),
                };
                by[c].extend(run.iter());
            }
            by.iter()
                .enumerate()
                .filter_map(|(c, gs)| {
                    let (a, b) = gs.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |r, g| {
                        (r.0.min(g.x), r.1.max(g.x + g.w))
                    });
                    line_text(gs).map(|t| (c, t.0, a, b))
                })
                .collect()
        })
        .collect();
    // Columns no header line names, where it names four (the first column
    // counted, named or not): words of a cell set a space apart, which
    // laid-out text parts as wide as a column's gap (新建高速公路 68 公 over
    // 里，双向…). On each line such a piece joins the piece nearer it, left
    // or right. A part without its header (a table's part overleaf) names
    // the columns most lines fill; there a piece joins only across a word's
    // space.
    let inked_lines = placed
        .iter()
        .zip(&group)
        .filter(|(p, &g)| !g && !p.is_empty())
        .count();
    let (named, tight) = match header_at {
        Some(h) => {
            let body = (h + 1..placed.len())
                .find(|&k| group[k] || placed[k].iter().any(|p| p.0 <= 1 && seq_like(&p.1)))
                .unwrap_or(placed.len());
            let mut named = vec![false; ncols];
            for p in placed[h..body].iter().flatten() {
                named[p.0] = true;
            }
            (named, false)
        }
        None => {
            let mut filled = vec![0usize; ncols];
            for (p, _) in placed.iter().zip(&group).filter(|(_, &g)| !g) {
                let mut seen = vec![false; ncols];
                for q in p {
                    seen[q.0] = true;
                }
                for (f, s) in filled.iter_mut().zip(seen) {
                    *f += usize::from(s);
                }
            }
            let named = filled
                .iter()
                .map(|&f| f * SPARSE_SHARE > inked_lines)
                .collect();
            (named, true)
        }
    };
    // (The first column is the numbers' or the labels', named or not.)
    let mut named = named;
    named[0] = true;
    if named.iter().filter(|&&n| n).count() >= 4 {
        let from = header_at.map_or(0, |h| h + 1);
        for (k, line) in placed.iter_mut().enumerate().skip(from) {
            if group[k] {
                continue;
            }
            while let Some((i, j)) = (0..line.len())
                .filter(|&i| !named[line[i].0])
                .flat_map(|i| [(i, i.wrapping_sub(1)), (i, i + 1)])
                .filter(|&(_, j)| j < line.len())
                .min_by(|a, b| gap(&line[a.0], &line[a.1]).total_cmp(&gap(&line[b.0], &line[b.1])))
            {
                if tight && gap(&line[i], &line[j]) > WORD_SPACE_EM * lines[k].size {
                    break;
                }
                let (l, r) = (i.min(j), i.max(j));
                let right = line.remove(r);
                let left = &mut line[l];
                if !named[left.0] {
                    left.0 = right.0;
                }
                left.1 = format!("{} {}", left.1, right.1);
                left.3 = right.3;
            }
        }
    }
    // (Columns left without a piece go.)
    let mut used = vec![false; ncols];
    for p in placed.iter().flatten() {
        used[p.0] = true;
    }
    let index: Vec<usize> = used
        .iter()
        .scan(0, |n, &u| {
            *n += usize::from(u);
            Some(n.saturating_sub(1))
        })
        .collect();
    for p in placed.iter_mut().flatten() {
        p.0 = index[p.0];
    }
    let cols: Vec<(f64, f64)> = cols
        .into_iter()
        .zip(&used)
        .filter_map(|(c, &u)| u.then_some(c))
        .collect();
    let ncols = cols.len();
    let mut pieces: Vec<Vec<(usize, String)>> = placed
        .into_iter()
        .map(|l| l.into_iter().map(|(c, t, ..)| (c, t)).collect())
        .collect();
    // A column only the header line fills, right of another header word
    // ("2025 年" set with a wide space): that word's tail, not a column.
    let (cols, ncols) = match header_at {
        Some(h) => {
            let mut to = vec![0usize; ncols];
            let mut kept: Vec<(f64, f64)> = Vec::new();
            for c in 0..ncols {
                let header_only = c > 0
                    && pieces
                        .iter()
                        .enumerate()
                        .all(|(k, p)| k == h || p.iter().all(|(cc, _)| *cc != c));
                let after_word = pieces[h].iter().any(|(cc, _)| *cc + 1 == c);
                if header_only && after_word {
                    to[c] = kept.len() - 1;
                    kept.last_mut().expect("c > 0").1 = cols[c].1;
                } else {
                    to[c] = kept.len();
                    kept.push(cols[c]);
                }
            }
            if kept.len() < ncols {
                for p in pieces.iter_mut() {
                    let mut joined: Vec<(usize, String)> = Vec::new();
                    for (c, t) in p.iter() {
                        match joined.last_mut() {
                            Some((jc, jt)) if *jc == to[*c] => {
                                jt.push(' ');
                                jt.push_str(t);
                            }
                            _ => joined.push((to[*c], t.clone())),
                        }
                    }
                    *p = joined;
                }
            }
            let n = kept.len();
            (kept, n)
        }
        None => (cols, ncols),
    };
    if ncols < 3 {
        return None;
    }
    // The numbers' column: the first, or the second where the first holds
    // a category's labels (类别 序号 指标 …) and no number.
    let numbers_in = |col: usize| {
        pieces
            .iter()
            .enumerate()
            .filter(|(k, p)| {
                header_at.is_none_or(|h| *k > h) && p.iter().any(|(c, t)| *c == col && seq_like(t))
            })
            .count()
    };
    let category_head = header_at.is_some_and(|h| {
        pieces[h].iter().any(|(c, t)| {
            let t = squash(t);
            *c == 0 && (t == "类别" || t == "领域")
        })
    });
    // (A part overleaf without its header: where the second column counts
    // on, 5, 6, 7, under labels in the first.)
    let counts_on = |col: usize| {
        let ns: Vec<u32> = pieces
            .iter()
            .flat_map(|p| p.iter().filter(|(c, _)| *c == col))
            .filter_map(|(_, t)| squash(t).parse().ok())
            .collect();
        ns.windows(2).all(|w| w[1] == w[0] + 1)
    };
    let labels_only = |col: usize| {
        pieces
            .iter()
            .flat_map(|p| p.iter().filter(|(c, _)| *c == col))
            .all(|(_, t)| {
                let t = squash(t);
                t.chars().count() <= *LABEL_CHARS.end() && t.chars().all(crate::text::is_han)
            })
    };
    let seq_col = usize::from(
        (category_head || (header_at.is_none() && labels_only(0) && counts_on(1)))
            && numbers_in(0) == 0
            && numbers_in(1) >= 2,
    );
    for p in pieces.iter_mut() {
        for (c, t) in p.iter_mut() {
            if let Some(core) = seq_core(t).filter(|_| *c == seq_col) {
                *t = core;
            }
        }
    }
    // Row anchors: the header line, then every sequence number in its column.
    let mut anchors: Vec<f64> = Vec::new();
    if let Some(h) = header_at {
        anchors.push(lines[h].y);
    }
    for (k, p) in pieces.iter().enumerate() {
        if header_at.is_some_and(|h| k <= h) {
            continue;
        }
        // (A total row, 小计 set under the names, has no number.)
        let total = || {
            p.len() >= 2
                && !p.iter().any(|(c, _)| *c == seq_col)
                && p.iter()
                    .any(|(_, t)| crate::clean::TOTAL_WORDS.contains(&squash(t).as_str()))
        };
        if group[k] || p.iter().any(|(c, t)| *c == seq_col && seq_like(t)) || total() {
            anchors.push(lines[k].y);
        }
    }
    // A row that lost its number (a damaged source row, a total): a line
    // without one that holds a figure in a column every numbered row fills
    // on its own line.
    let numbered: Vec<usize> = (0..pieces.len())
        .filter(|&k| {
            header_at.is_none_or(|h| k > h)
                && pieces[k].iter().any(|(c, t)| *c == seq_col && seq_like(t))
        })
        .collect();
    if numbered.len() >= 3 {
        let dense: Vec<usize> = (seq_col + 1..ncols)
            .filter(|&c| {
                numbered
                    .iter()
                    .all(|&k| pieces[k].iter().any(|(cc, _)| *cc == c))
            })
            .collect();
        for (k, p) in pieces.iter().enumerate() {
            let unnumbered =
                header_at.is_none_or(|h| k > h) && !p.iter().any(|(c, _)| *c == seq_col);
            // (A year is the tail of a wrapped range, 2021- over 2025, alone
            // or after words where the years' column touches the one
            // before it: 米，床位 500 张 2023.)
            let figure = p.iter().any(|(c, t)| {
                let t = squash(t);
                let t = match YEAR_TAIL.find(&t) {
                    Some(m) if !t[..m.start()].ends_with(|ch: char| ch.is_ascii_digit()) => {
                        &t[..m.start()]
                    }
                    _ => &t[..],
                };
                let digits = t.chars().filter(|ch| ch.is_ascii_digit()).count();
                // (A figure with its measure word, 1200 公顷, is a
                // content's wrapped tail.)
                // (Nor are a few digits, a wide figure's wrapped tail:
                // 125000 over 0.)
                dense.contains(c)
                    && digits * 2 >= t.chars().count()
                    && digits >= MIN_FIGURE_DIGITS
                    && !t.chars().any(crate::text::is_han)
            });
            let after_first = numbered.first().is_some_and(|&f| k > f);
            if unnumbered && figure && after_first && p.len() >= 2 && !anchors.contains(&lines[k].y)
            {
                anchors.push(lines[k].y);
            }
        }
        anchors.sort_by(|a, b| b.total_cmp(a));
    }
    // No sequence numbers (an indicator table keyed by name, perhaps with a
    // category column at the left): rows anchored on the attribute that
    // ends each, where a column holds nothing else, one to a line.
    let below_header = |k: usize| header_at.is_none_or(|h| k > h);
    if numbered.len() < 2 {
        let attribute_column = (1..ncols).rev().find(|&c| {
            let cells: Vec<&String> = (0..pieces.len())
                .filter(|&k| below_header(k))
                .flat_map(|k| pieces[k].iter().filter(|(cc, _)| *cc == c).map(|(_, t)| t))
                .collect();
            cells.len() >= 3 && cells.iter().all(|t| crate::tables::is_attribute(t))
        });
        if let Some(c) = attribute_column {
            anchors.retain(|&y| header_at.is_some_and(|h| y == lines[h].y));
            for (k, p) in pieces.iter().enumerate() {
                if below_header(k) && p.iter().any(|(cc, _)| *cc == c) {
                    anchors.push(lines[k].y);
                }
            }
        }
    }
    // A table needs two rows, or one numbered row continued from the page before.
    if anchors.is_empty() || (anchors.len() < 2 && header_at.is_some()) {
        return None;
    }
    // A region without a header may begin with the tail of a row that the
    // page break cut, and one running to the foot of the page may end with
    // the head of a row that goes on overleaf: each gets a row of its own.
    let top_y = lines[0].y;
    let virtual_top = header_at.is_none() && anchors[0] < top_y - ANCHOR_SLACK;
    if virtual_top {
        anchors.insert(0, top_y + 2.0 * ANCHOR_SLACK);
    }
    let bottom_y = lines[lines.len() - 1].y;
    let virtual_bottom = cut_bottom && anchors[anchors.len() - 1] > bottom_y + ANCHOR_SLACK;
    if virtual_bottom {
        anchors.push(bottom_y - 2.0 * ANCHOR_SLACK);
    }
    let rows = Rows {
        virtual_top,
        virtual_bottom,
        header: header_at.is_some(),
        continued: header_at.is_none(),
        cut: cut_bottom,
    };
    // Fragments per column, top to bottom: (y, text).
    let mut frags: Vec<Vec<(f64, String)>> = vec![Vec::new(); ncols];
    for (k, p) in pieces.iter().enumerate() {
        for (c, t) in p {
            frags[*c].push((lines[k].y, t.clone()));
        }
    }
    // One alignment for the whole table: whichever explains the text better.
    let plan = |mode: Align| -> (f64, Vec<f64>, Vec<Vec<usize>>) {
        let mut costs = Vec::with_capacity(frags.len());
        let assigned = frags
            .iter()
            .map(|fs| {
                let (c, r) = assign(fs, &anchors, mode, rows);
                costs.push(c);
                r
            })
            .collect();
        (costs.iter().sum(), costs, assigned)
    };
    let (centred, top) = (plan(Align::Centre), plan(Align::Top));
    let centred_rows = centred.0 <= top.0;
    let rows_of = if centred_rows {
        let mut r = chain_bands(&frags, &anchors, rows).unwrap_or(centred.2);
        // A column whose cells are set at the top of their rows (the
        // number, the name) in a table whose other cells are centred.
        for (c, col) in r.iter_mut().enumerate() {
            if top.1[c] + TOP_MARGIN < centred.1[c] {
                *col = top.2[c].clone();
            }
        }
        r
    } else {
        top.2
    };
    let mut rows_of = rows_of;
    // Names that carry their numbers (1.地区生产总值增长, no 序号 column):
    // each opens its row's name, whatever the alignment, where there are as
    // many as rows; the pieces under one go with it.
    let first_real = usize::from(header_at.is_some()) + usize::from(virtual_top);
    let real = anchors.len() - usize::from(virtual_bottom) - first_real.min(anchors.len());
    for (c, fs) in frags.iter().enumerate() {
        let opens: Vec<usize> = (0..fs.len()).filter(|&j| numbered_name(&fs[j].1)).collect();
        if opens.len() < 2 || opens.len() != real {
            continue;
        }
        let mut row = first_real;
        for (j, r) in rows_of[c].iter_mut().enumerate().skip(opens[0]) {
            if j > opens[0] && opens.contains(&j) {
                row += 1;
            }
            *r = row;
        }
    }
    // Each cell's fragments, top to bottom.
    let mut cells: Vec<Vec<Vec<String>>> = vec![vec![Vec::new(); ncols]; anchors.len()];
    for (c, fs) in frags.iter().enumerate() {
        for (row, text) in rows_of[c].iter().copied().zip(fs) {
            cells[row][c].push(text.1.clone());
        }
    }
    // Centred, a header repeated overleaf over the rest of the row that the
    // page break cut: the first row's cells hold as many lines above its
    // anchor as below, so a column with more above holds that rest at its
    // top, a row of its own.
    if let Some(h) = header_at.filter(|_| centred_rows && !virtual_top) {
        let first = 1;
        let a = anchors.get(first).copied().unwrap_or(f64::NEG_INFINITY);
        let mut tail: Vec<Vec<String>> = vec![Vec::new(); ncols];
        let mut top_y: Option<f64> = None;
        for (c, fs) in frags.iter().enumerate() {
            let mine: Vec<&(f64, String)> = fs
                .iter()
                .zip(&rows_of[c])
                .filter(|(_, &r)| r == first)
                .map(|(f, _)| f)
                .collect();
            let above = mine.iter().filter(|f| f.0 > a + ANCHOR_SLACK).count();
            let below = mine.iter().filter(|f| f.0 < a - ANCHOR_SLACK).count();
            if above > below {
                for f in &mine[..above - below] {
                    tail[c].push(f.1.clone());
                    top_y = Some(top_y.map_or(f.0, |y| y.max(f.0)));
                }
            }
        }
        if let Some(y) = top_y.filter(|&y| y < lines[h].y) {
            for (c, t) in tail.iter().enumerate() {
                cells[first][c].drain(..t.len());
            }
            cells.insert(first, tail);
            anchors.insert(first, y);
        }
    }
    if misplaced_attributes(&cells) {
        return None;
    }
    for row in &mut cells {
        year_unit_back(row);
    }
    attribute_heads_back(&mut cells);
    let slots = cells
        .into_iter()
        .map(|row| {
            row.into_iter()
                .map(|paras| Slot::Cell {
                    text: paras.join(" "),
                    paras,
                    colspan: 1,
                })
                .collect()
        })
        .collect();
    let (grid, kept) = Grid::build(GridKind::Borderless, slots, 0);
    let size = lines.iter().map(|l| l.size).fold(f64::INFINITY, f64::min);
    let (x0, x1) = (cols[0].0, cols[ncols - 1].1);
    Some(
        grid.rows
            .into_iter()
            .zip(kept)
            .map(|(row, k)| PLine {
                text: Grid::row_line(&row),
                x0,
                x1,
                y: anchors[k],
                bottom: anchors[k] - size,
                size,
                row: Some((GridKind::Borderless, row)),
                glyphs: Vec::new(),
                column: 0,
            })
            .collect(),
    )
}

/// The white between two pieces of a line (x ranges in 2 and 3).
fn gap(a: &(usize, String, f64, f64), b: &(usize, String, f64, f64)) -> f64 {
    (b.2 - a.3).max(a.2 - b.3)
}

/// The runs of touching glyphs a line's text splits into.
fn runs(l: &PLine) -> Vec<&[Glyph]> {
    let gs = inked(&l.glyphs);
    let mut out = Vec::new();
    let mut start = 0;
    for k in 1..=gs.len() {
        if k == gs.len() || gs[k].x > gs[k - 1].x + gs[k - 1].w + COLUMN_GAP {
            out.push(&gs[start..k]);
            start = k;
        }
    }
    out
}

/// Shortest and longest label of a category column (科技创新, 文物安全).
const LABEL_CHARS: std::ops::RangeInclusive<usize> = 2..=6;
/// Fewest labels that show a category column merged with the names'.
const MIN_LABELS: usize = 2;

/// A run that is a category's label: a short word of Han characters.
fn label_word(run: &[Glyph]) -> bool {
    let t: String = run.iter().map(|g| g.text.as_str()).collect();
    let t = squash(&t);
    LABEL_CHARS.contains(&t.chars().count()) && t.chars().all(crate::text::is_han)
}

/// Where a first column holds a category's labels left of the names (a
/// part overleaf without its header, whose labels reach into the names'
/// column, so that no whitespace parts the two): the x where the names
/// start. The names' runs start at one x; every run that starts further
/// left is a label, and there are a few.
fn label_edge<'a>(runs: impl Iterator<Item = &'a [Glyph]>, headerless: bool) -> Option<f64> {
    if !headerless {
        return None;
    }
    let runs: Vec<&[Glyph]> = runs.collect();
    let size = runs.first()?.first()?.size.max(1.0);
    // The names' start: the x most runs start at.
    let starts: Vec<f64> = runs.iter().map(|r| r[0].x).collect();
    let (mut best, mut best_n) = (starts[0], 0);
    for &x in &starts {
        let n = starts
            .iter()
            .filter(|&&y| (y - x).abs() <= 0.5 * size)
            .count();
        if n > best_n {
            (best, best_n) = (x, n);
        }
    }
    let left: Vec<&&[Glyph]> = runs.iter().filter(|r| r[0].x < best - size).collect();
    // Left of the rows' numbers (类别 before 序号), one label is enough: a
    // number's column holds no words.
    let numbers = runs
        .iter()
        .filter(|r| (r[0].x - best).abs() <= 0.5 * size)
        .all(|r| r.len() <= 3 && r.iter().all(|g| g.text.chars().all(|c| c.is_ascii_digit())));
    let fewest = if numbers { 1 } else { MIN_LABELS };
    (left.len() >= fewest && best_n > left.len() && left.iter().all(|r| label_word(r)))
        .then_some(best - 0.5 * size)
}

/// An attribute whose head a value in words reached (不低于上年度居 预期 over
/// 性: one space between the columns, so that the head fell to the value's
/// column, and the attribute's column holds only the tail, on the row's line
/// or the line under it): the head goes back to its tail.
fn attribute_heads_back(cells: &mut [Vec<Vec<String>>]) {
    let tail = |frags: &[String]| matches!(squash(&frags.concat()).as_str(), "性" | "值");
    for r in 0..cells.len() {
        for c in 1..cells[r].len() {
            let here = tail(&cells[r][c]);
            let under = cells[r][c].is_empty()
                && cells
                    .get(r + 1)
                    .is_some_and(|n| tail(&n[c]) && n.first().is_some_and(|f| f.is_empty()));
            if !here && !under {
                continue;
            }
            let Some(k) = cells[r][c - 1].iter().position(|t| {
                let t = t.trim_end();
                (t.ends_with("预期") || t.ends_with("约束")) && t.chars().count() > 2
            }) else {
                continue;
            };
            let t = cells[r][c - 1][k].trim_end().to_string();
            let (rest, head) = t.split_at(t.len() - "预期".len());
            cells[r][c - 1][k] = rest.trim_end().to_string();
            cells[r][c].insert(0, head.to_string());
        }
    }
}

/// A header's year names set close together (2020年2025年 on a character
/// grid) are cut at a column's edge after the digits: each 年 goes back to
/// its year (2020 | 年2025 | 年 属性 → 2020年 | 2025年 | 属性).
fn year_unit_back(row: &mut [Vec<String>]) {
    let header = row.iter().flatten().any(|t| {
        let t = squash(t);
        crate::tables::HEADER_WORDS.iter().any(|w| t.contains(w))
    });
    if !header {
        return;
    }
    for c in 1..row.len() {
        let ends_with_year = row[c - 1].last().is_some_and(|t| {
            let t = t.trim_end();
            t.len() >= 4
                && t.is_char_boundary(t.len() - 4)
                && t[t.len() - 4..].bytes().all(|b| b.is_ascii_digit())
        });
        let Some(first) = row[c].first_mut() else {
            continue;
        };
        if !ends_with_year || !first.trim_start().starts_with('年') {
            continue;
        }
        let rest = first.trim_start()['年'.len_utf8()..]
            .trim_start()
            .to_string();
        *first = rest;
        if first.is_empty() {
            row[c].remove(0);
        }
        row[c - 1].last_mut().expect("a year").push('年');
    }
}

/// Whether the rows split an indicator table's attributes wrongly: in the
/// column that holds 预期 and 约束, most cells hold more or less than one
/// (属性预期, 性约束性: the header's tail and the row above's 性 joined the
/// row below). Columns that a converter set in no steady place (pdftotext
/// -layout of a proportional font) do that; the lines are better read as
/// text, cell after cell.
fn misplaced_attributes(cells: &[Vec<Vec<String>>]) -> bool {
    let ncols = cells.first().map_or(0, Vec::len);
    (0..ncols).any(|c| {
        let (mut holding, mut whole) = (0, 0);
        for row in cells {
            let t = squash(&row[c].concat());
            if t.contains("预期") || t.contains("约束") {
                holding += 1;
                whole += usize::from(crate::tables::is_attribute(&t));
            }
        }
        holding >= 3 && 2 * whole < holding
    })
}

/// How much better a column's cells must fit the tops of their rows than
/// their middles to be read so in a centred table.
const TOP_MARGIN: f64 = 1.0;

/// How cell text sits in its row.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Align {
    /// Vertically centred on the row's anchor (LibreOffice).
    Centre,
    /// Starting at the row's anchor.
    Top,
}

/// Which anchors are not sequence numbers.
#[derive(Debug, Clone, Copy)]
struct Rows {
    /// Anchor 0 is the tail of a row cut by the previous page break.
    virtual_top: bool,
    /// The last anchor is the head of a row that goes on overleaf.
    virtual_bottom: bool,
    /// Anchor 0 is the header line.
    header: bool,
    /// The region has no header: it may go on from the page before.
    continued: bool,
    /// The region runs to the foot of the page: its last row may go on overleaf.
    cut: bool,
}

/// Rows of a centred table from the row spacing. Centred rows tile the page:
/// the distance between two neighbouring anchors is (n_k + n_{k+1}) · pitch / 2
/// where n is a row's height in lines, so one row's height fixes all the
/// others; the start that centres the text best wins, and every fragment goes
/// to the band that holds it (above the first band: the virtual top row, below
/// the last: the virtual bottom row). None when the spacing does not fit.
fn chain_bands(
    frags: &[Vec<(f64, String)>],
    anchors: &[f64],
    rows: Rows,
) -> Option<Vec<Vec<usize>>> {
    let lo = usize::from(rows.virtual_top);
    let hi = anchors.len() - usize::from(rows.virtual_bottom);
    let real = &anchors[lo..hi];
    if real.len() < 3 {
        return None;
    }
    // Line pitch: the most common distance between neighbouring fragments.
    let mut gaps: Vec<i64> = frags
        .iter()
        .flat_map(|fs| {
            fs.windows(2)
                .map(|w| ((w[0].0 - w[1].0) * 2.0).round() as i64)
        })
        .filter(|g| *g > 0)
        .collect();
    gaps.sort_unstable();
    let mut best_gap = (0usize, 0i64);
    let mut k = 0;
    while k < gaps.len() {
        let run = gaps[k..]
            .iter()
            .take_while(|g| (**g - gaps[k]).abs() <= 1)
            .count();
        if run > best_gap.0 {
            best_gap = (run, gaps[k]);
        }
        k += run.max(1);
    }
    let pitch = best_gap.1 as f64 / 2.0;
    if pitch <= 0.0 || best_gap.0 < 3 {
        return None;
    }
    let sums: Vec<f64> = real
        .windows(2)
        .map(|w| 2.0 * (w[0] - w[1]) / pitch)
        .collect();
    if sums.iter().any(|x| (x - x.round()).abs() > 0.25) {
        return None;
    }
    let mut best: Option<(f64, Vec<Vec<usize>>)> = None;
    for n0 in 1..=12i64 {
        let mut n = vec![n0];
        for x in &sums {
            let next = x.round() as i64 - n[n.len() - 1];
            if next < 1 {
                break;
            }
            n.push(next);
        }
        if n.len() != real.len() {
            continue;
        }
        // Band of real row k: anchor ± n·pitch/2.
        let tops: Vec<f64> = real
            .iter()
            .zip(&n)
            .map(|(a, n)| a + *n as f64 * pitch / 2.0)
            .collect();
        let bottom = real[real.len() - 1] - n[n.len() - 1] as f64 * pitch / 2.0;
        let slack = pitch / 4.0;
        let row_of = |y: f64| -> usize {
            if y > tops[0] + slack {
                return 0; // above the first band: virtual top (or kept in the first row)
            }
            if y < bottom - slack {
                return hi.min(anchors.len() - 1);
            }
            let k = tops.iter().rposition(|t| y <= t + slack).unwrap_or(0);
            lo + k
        };
        let mut cost = 0.0;
        let mut assigned = Vec::with_capacity(frags.len());
        for fs in frags {
            let r: Vec<usize> = fs.iter().map(|f| row_of(f.0)).collect();
            // Text on an anchor's own line belongs to that anchor's row.
            let on_other_anchor = fs.iter().zip(&r).any(|(f, &k)| {
                anchors
                    .iter()
                    .enumerate()
                    .any(|(a, &y)| a != k && (f.0 - y).abs() <= ANCHOR_SLACK)
            });
            if on_other_anchor {
                cost = f64::INFINITY;
            }
            for (k, &a) in anchors.iter().enumerate().take(hi).skip(lo) {
                let ys: Vec<f64> = fs
                    .iter()
                    .zip(&r)
                    .filter(|(_, rr)| **rr == k)
                    .map(|(f, _)| f.0)
                    .collect();
                if let (Some(t), Some(b)) = (ys.first(), ys.last()) {
                    cost += ((t + b) / 2.0 - a).abs();
                }
            }
            assigned.push(r);
        }
        if best.as_ref().is_none_or(|b| cost < b.0) {
            best = Some((cost, assigned));
        }
    }
    let (cost, assigned) = best?;
    (cost <= pitch * real.len() as f64 * 0.25).then_some(assigned)
}

/// Cost of putting text in a virtual row (so that a real row is preferred).
const VIRTUAL_ROW_COST: f64 = 1.0;
/// Cost of leaving a real row's cell empty (more than a virtual row, far less
/// than moving a line by half a line pitch).
const EMPTY_CELL_COST: f64 = 1.5;

/// Split a column's fragments (top to bottom) into consecutive groups, one
/// per anchor, each lying between its neighbours' anchors and centred on or
/// starting at its own. The part of a row that a page break cut is set from
/// its top, so a region's first row (when its number is on the page's first
/// line) and last row (when nothing follows it before the page foot) may be
/// either. Returns the total cost and each fragment's anchor.
fn assign(frags: &[(f64, String)], anchors: &[f64], mode: Align, rows: Rows) -> (f64, Vec<usize>) {
    let (n, m) = (frags.len(), anchors.len());
    if n == 0 {
        return (0.0, Vec::new());
    }
    let first_real = usize::from(rows.virtual_top || rows.header);
    let last_real = m - 1 - usize::from(rows.virtual_bottom);
    let cost = |a: usize, b: usize, k: usize| {
        let (top, bottom) = (frags[a].0, frags[b - 1].0);
        // Text on an anchor's own line belongs to that anchor's row.
        if (k > 0 && top >= anchors[k - 1] - ANCHOR_SLACK)
            || (k + 1 < m && bottom <= anchors[k + 1] + ANCHOR_SLACK)
        {
            return f64::INFINITY;
        }
        let centre = ((top + bottom) / 2.0 - anchors[k]).abs();
        let from_top = (top - anchors[k]).abs();
        if (rows.virtual_top && k == 0) || (rows.virtual_bottom && k == m - 1) {
            VIRTUAL_ROW_COST
        } else if mode == Align::Top {
            from_top
        } else if (k == first_real && rows.continued && !rows.virtual_top)
            || (k == last_real && rows.cut && !rows.virtual_bottom)
        {
            centre.min(from_top)
        } else {
            centre
        }
    };
    const INF: f64 = f64::INFINITY;
    // dp[i][j]: the first i fragments placed among the first j anchors.
    let empty_cost = |k: usize| {
        if (rows.virtual_top && k == 0) || (rows.virtual_bottom && k == m - 1) {
            0.0
        } else {
            EMPTY_CELL_COST
        }
    };
    let mut dp = vec![vec![INF; m + 1]; n + 1];
    let mut back = vec![vec![(0usize, false); m + 1]; n + 1];
    dp[0][0] = 0.0;
    for j in 1..=m {
        dp[0][j] = dp[0][j - 1] + empty_cost(j - 1);
    }
    for i in 1..=n {
        for j in 1..=m {
            let mut best = (dp[i][j - 1] + empty_cost(j - 1), (i, false));
            for (l, row) in dp.iter().enumerate().take(i) {
                if row[j - 1] < INF {
                    let c = row[j - 1] + cost(l, i, j - 1);
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
    // Unplaceable text (cost infinite everywhere) stays where it fell.
    (if dp[n][m].is_finite() { dp[n][m] } else { 1e9 }, out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_number_read_with_a_bracket_is_one() {
        assert_eq!(seq_core("5)").as_deref(), Some("5"));
        assert_eq!(seq_core("12").as_deref(), Some("12"));
        assert_eq!(seq_core("三").as_deref(), Some("三"));
        // Numbered paragraphs and headings open so: no row numbers.
        for t in ["1.", "2、", "(3)", "（一）", "5)x"] {
            assert_eq!(seq_core(t), None, "{t}");
        }
    }

    const NONE: Rows = Rows {
        virtual_top: false,
        virtual_bottom: false,
        header: false,
        continued: false,
        cut: false,
    };

    /// Source lines numbered from 1, as the text reader gives them.
    fn src_lines(text: &[&str]) -> Vec<crate::read::SrcLine> {
        text.iter()
            .enumerate()
            .map(|(i, t)| crate::read::SrcLine {
                text: t.to_string(),
                span: crate::model::Span::line(i + 1),
                style: None,
            })
            .collect()
    }

    /// Laid-out text (pdftotext -layout) read as a page: its table grids.
    fn laid_out_grids(text: &[&str]) -> Vec<crate::read::Grid> {
        super::super::textpage::laid_out_lines(&src_lines(text)).1
    }

    /// The rows of those grids, each cell without its spaces.
    fn laid_out_rows(text: &[&str]) -> Vec<Vec<String>> {
        laid_out_grids(text)
            .iter()
            .flat_map(|g| g.rows.iter().map(crate::read::Grid::row_texts))
            .map(|r| r.into_iter().map(|c| c.replace(' ', "")).collect())
            .collect()
    }

    #[test]
    fn a_sentence_with_figures_over_a_table_is_no_part_of_it() {
        // pdftotext sets a space either side of a figure in prose, so the
        // sentence over the caption looked like a row of three cells; and
        // a year's 年 apart from it in the header cut a column.
        let rows = laid_out_rows(&[
            "到 2030 年，全区生态环境质量持续改善，主要指标见下表。",
            "",
            "表 3 生态环境主要指标",
            "",
            "序号     指标            单位    2020 年   2030 年   属性",
            "1        森林覆盖率      %       40.1      43        约束性",
            "2        空气优良天数     %       85        90        约束性",
            "3        地表水达标率     %       76        85        预期性",
        ]);
        assert_eq!(
            rows[0],
            ["序号", "指标", "单位", "2020年", "2030年", "属性"]
        );
        assert_eq!(rows[1], ["1", "森林覆盖率", "%", "40.1", "43", "约束性"]);
        assert_eq!(rows.len(), 4);
    }

    #[test]
    fn a_heading_under_a_table_ends_it_and_a_group_row_does_not() {
        // The heading's number set apart from its title (OCR leaves the
        // white after 、 wide); a group's row numbered 一、 with its total.
        let text = [
            "序号   项目名称                  总投资    责任单位",
            "1      城乡社区日间照料中心       350      民政局",
            "2      公办养老服务项目改造       1280     民政局",
            "3      互联网+智慧养老建设        500      民政局",
            "二、   殡葬服务设施项目          6700",
            "1      殡仪馆建设项目             2100     民政局",
            "二、     到 2035 年全县民政事业发展远景目标",
        ];
        let rows: Vec<String> = laid_out_rows(&text).iter().map(|r| r.concat()).collect();
        // (The group's row is kept in the table, though not yet in a row
        // of its own: 二、 anchors no row.)
        assert!(
            rows.iter().any(|r| r.contains("殡葬服务设施项目")),
            "{rows:?}"
        );
        assert!(!rows.iter().any(|r| r.contains("远景目标")), "{rows:?}");
    }

    #[test]
    fn numbers_in_the_second_column_after_a_category_column() {
        // 类别 序号 指标 …: the labels wrap in their narrow column (社会
        // over 事业), the numbers stand in the second column, and a value
        // in words wraps under its row (完成省下 over 达任务).
        let rows = laid_out_rows(&[
            "类别   序   指标               单位   2020   2025 年   属性",
            "     号                         年",
            "社会   1   普惠托育机构覆盖比例       %    3.8    6 左右     预期",
            "事业                                             性",
            "     2   养老机构护理型床位占养老床位   %    48.5   52       预期",
            "         重                                     性",
            "     3   每千人口托位数年均增长比率    %    5.1    8        预期",
            "                                               性",
            "资源   4   研究与试验事业经费投入强度    %    1.6    2.2      预期",
            "环境                                             性",
            "     5   受污染耕地安全利用率提高幅度   件    1.2    3        预期",
            "                                               性",
            "文化   6   公共图书馆数量          %    4.8    <5.5     预期",
            "建设                                             性",
            "     7   博物馆总数量           岁    78.2   79       预期",
            "                                               性",
            "安全   8   粮食综合生产能力提升幅度比率   %    —      完成省下     约束",
            "保障                                    达任务      性",
            "     9   耕地保有量            %    45.2   46       约束",
            "                                               性",
        ]);
        assert_eq!(rows.len(), 10, "{rows:?}");
        assert_eq!(rows[1][..3], ["社会事业", "1", "普惠托育机构覆盖比例"]);
        assert_eq!(rows[2][1..3], ["2", "养老机构护理型床位占养老床位重"]);
        assert_eq!(
            rows[8],
            [
                "安全保障",
                "8",
                "粮食综合生产能力提升幅度比率",
                "%",
                "—",
                "完成省下达任务",
                "约束性"
            ]
        );
    }

    #[test]
    fn the_unit_over_a_header_is_no_piece_of_it() {
        let text = [
            "                     单位：万元",
            "序     项目名称      建设性 建设年限 总投       责任单位",
            "号                   质              资",
            "1      城乡社区日间照料中心  新建   2022   350        民政局",
            "2      公办养老服务项目改造  新建   2023   1280       民政局",
            "3      互联网+智慧养老建设   新建   2024   500        民政局",
        ];
        let rows = laid_out_rows(&text);
        assert!(!rows.is_empty(), "no table");
        assert!(
            !rows.concat().iter().any(|c| c.contains("万元")),
            "{rows:?}"
        );
    }

    #[test]
    fn rows_without_numbers_anchor_on_their_attribute() {
        // pdftotext -layout of a table keyed by name: no 序号, a category
        // column at the left, names centred on their rows, the page's
        // folio under the last row.
        let text = [
            "     “十四五”时期湖北省文物事业发展主要指标",
            "指标                        2025 年   属性",
            "       湖北省文物保护单位增加数量       ≥50     约束性",
            "       编制规划数量（全国重点文物",
            "       保护单位、湖北省文物保护单       ≥20     约束性",
            "       位、专题专项）",
            "       运行开放国家考古遗址公园和",
            "                           ≥20     约束性",
            "       湖北省文化遗址公园数量",
            "",
            "       实施全国重点文物保护单位、",
            "       湖北省文物保护单位文物保护      ≥100     约束性",
            "保护利用 利用项目数量",
            "       新增《中国世界文化遗产预备",
            "                            1      预期性",
            "       名单》项目数量",
            "",
            "       国家文物保护利用示范区          1      预期性",
            "                 4",
        ];
        let rows = laid_out_rows(&text);
        // (年, cut from 2025 at the column's edge, goes back to its year.)
        assert_eq!(rows[0][..4], ["指标", "", "2025年", "属性"]);
        assert_eq!(rows[1], ["", "湖北省文物保护单位增加数量", "≥50", "约束性"]);
        assert_eq!(
            rows[2],
            [
                "",
                "编制规划数量（全国重点文物保护单位、湖北省文物保护单位、专题专项）",
                "≥20",
                "约束性"
            ]
        );
        assert_eq!(rows[4][0], "保护利用");
        assert_eq!(
            rows[5],
            [
                "",
                "新增《中国世界文化遗产预备名单》项目数量",
                "1",
                "预期性"
            ]
        );
        assert_eq!(rows[6], ["", "国家文物保护利用示范区", "1", "预期性"]);
        assert_eq!(rows.len(), 7);
    }

    #[test]
    fn a_page_opening_with_a_centred_rows_head_keeps_it_in_that_row() {
        // pdftotext -layout: the table goes on overleaf with no header, and
        // the page's first line is the head of a row centred on the next.
        let text = [
            "       全省文物开放单位、博物馆志",
            "                          10000    预期性",
            "       愿者数量",
            "                 4",
            "\u{c}       全国重点文物保护单位和湖北",
            "       省文物保护单位“四有”完成      100     预期性",
            "       率（%）",
            "       全国重点文物保护单位防火防",
            "                          100     预期性",
            "       盗设施建设率（%）",
            "文物安全",
            "       全国重点文物保护单位和湖北",
            "       省文物 保护单位安全巡 检率     100     预期性",
            "       （%）",
            "       县级以上文物行政管理部门文",
            "                          100     预期性",
            "       物安全巡防队伍建设率（%）",
            "       革命文物保护利用示范项目        4      预期性",
            "革命文物",
            "       公布革命文物名录批次         ≥2      预期性",
            "",
            "       博物馆数量             ≥260     预期性",
            "",
            "       县级博物馆覆盖率（%）        100     约束性",
            "",
            "       年度赴国（境）外、引进国（境）",
            "                          ≥8      预期性",
            "       外展览（个）",
            "       文物系统博物馆三级以上藏品",
            "博物馆    数据信 息对社会公开共 享率     100     预期性",
            "       （%）",
            "       博物馆年度举办陈列展览数量",
            "                         ≥2000    预期性",
            "       （含临展）",
            "       社会教育活动数量（场次）      ≥10000   预期性",
            "       博物馆年接待观众数量（万人",
            "                          4000    预期性",
            "       次）",
            "",
            "                   5",
        ];
        let names: Vec<String> = laid_out_rows(&text).into_iter().flatten().collect();
        assert!(
            names
                .contains(&"全国重点文物保护单位和湖北省文物保护单位“四有”完成率（%）".to_string()),
            "{names:?}"
        );
    }

    #[test]
    fn a_page_opening_with_a_rows_head_over_a_category_label_keeps_it() {
        // The line under the row's centre opens with its group's label,
        // left of the names, one space before the name's tail: the labels
        // reach into the names' column, and are a column of their own.
        let text = [
            "                 4",
            "\u{c}    新增考古发掘、文物保护、博",
            "    物馆、学术研究、传播出版等     3-5    预期性",
            "科技创新 国家级奖项",
            "    承担国家级、省级研究课题数",
            "                     ≥30     预期性",
            "    量",
            "    出台地方性专项法规、省级文",
            "标准建设 物事业管理规章（标准、导则    ≥5     预期性",
            "    等）",
            "",
            "人才培养 省级层面培训人员（人次）    ≥1000   约束性",
            "",
        ];
        let rows = laid_out_rows(&text);
        assert_eq!(
            rows,
            [
                vec![
                    "科技创新",
                    "新增考古发掘、文物保护、博物馆、学术研究、传播出版等国家级奖项",
                    "3-5",
                    "预期性"
                ],
                vec!["", "承担国家级、省级研究课题数量", "≥30", "预期性"],
                vec![
                    "标准建设",
                    "出台地方性专项法规、省级文物事业管理规章（标准、导则等）",
                    "≥5",
                    "预期性"
                ],
                vec!["人才培养", "省级层面培训人员（人次）", "≥1000", "约束性"],
            ]
        );
    }

    #[test]
    fn an_attributes_head_beside_a_value_in_words_goes_back_to_its_tail() {
        // 不低于全省平 预期 over 均水平 性: one space between the columns, the
        // head read into the value's cell, the tail on the line under it.
        let f = |v: &[&str]| -> Vec<String> { v.iter().map(|t| t.to_string()).collect() };
        let mut cells = vec![
            vec![
                f(&["1"]),
                f(&["农村自来水普及"]),
                f(&["不低于全省平预期"]),
                f(&[]),
            ],
            vec![f(&[]), f(&["率"]), f(&["均水平"]), f(&["性"])],
            vec![f(&["2"]), f(&["森林覆盖率"]), f(&["46"]), f(&["约束性"])],
        ];
        attribute_heads_back(&mut cells);
        assert_eq!(cells[0][2], ["不低于全省平"]);
        assert_eq!(cells[0][3], ["预期"]);
        assert_eq!(cells[1][3], ["性"]);
        // On the row's own line too; a whole attribute is left alone.
        let mut cells = vec![vec![f(&["1"]), f(&["不低于90约束"]), f(&["性"])]];
        attribute_heads_back(&mut cells);
        assert_eq!(cells[0][1..], [f(&["不低于90"]), f(&["约束", "性"])]);
        let mut cells = vec![vec![f(&["1"]), f(&["符合预期"]), f(&["预期性"])]];
        attribute_heads_back(&mut cells);
        assert_eq!(cells[0][1], ["符合预期"]);
    }

    #[test]
    fn a_box_label_opens_no_table() {
        // pdftotext -layout: a 专栏 label, then an item whose lines hold
        // spaces (建设 3 个, 5400 平方米) that line up by chance.
        let text = [
            "        正文第一段，这是一个很长的段落，说明养老服务的主要任务和要求。",
            "传，提升老年人防骗意识和能力。",
            "",
            "专栏 3 养老服务项目",
            "",
            "1.老年活动中心建设项目。建设 3 个老年活动中心，建设规模总计",
            "5400 平方米，建成后具有日间照护、上门服务、文化娱乐、承接志",
            "愿服务、区域协调指导和塞上老龄大学等综合功能。",
            "",
            "2.综合养老服务中心建设项目。建设 5 个乡镇综合养老服务中心，",
            "建设规模总计 9000 平方米，建成后具有日间照护、上门服务、文",
            "化娱乐、承接志愿服务、区域协调指导和塞上老龄大学等综合功能。",
        ];
        let (out, grids) = super::super::textpage::laid_out_lines(&src_lines(&text));
        assert!(grids.is_empty());
        assert!(out.iter().any(|l| l.text.trim() == "专栏 3 养老服务项目"));
    }

    #[test]
    fn centred_cells_join_their_row() {
        // Row anchors at 100 and 60; a tall cell 110..90 centred on 100, a
        // one-line cell at 60.
        let frags = vec![
            (110.0, "不低于".to_string()),
            (100.0, "居民上".to_string()),
            (90.0, "增速".to_string()),
            (60.0, "100".to_string()),
        ];
        assert_eq!(
            assign(&frags, &[100.0, 60.0], Align::Centre, NONE).1,
            [0, 0, 0, 1]
        );
        // A row with text on its anchor's line is never skipped; the last
        // row, cut by the page break, is set from its top.
        let ys = [
            684.0, 524.0, 489.0, 382.0, 347.0, 311.0, 275.0, 240.0, 204.0, 169.0, 133.0, 98.0,
        ];
        let f: Vec<(f64, String)> = ys.iter().map(|y| (*y, String::new())).collect();
        let (_, r) = assign(
            &f,
            &[684.9, 507.1, 347.1, 240.5, 169.4],
            Align::Centre,
            Rows {
                header: true,
                cut: true,
                ..NONE
            },
        );
        assert_eq!(r, [0, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4]);
        // A top-aligned group does not run past the next anchor.
        let frags2 = vec![
            (100.0, "序号".to_string()),
            (60.0, "1".to_string()),
            (30.0, "2".to_string()),
        ];
        assert_eq!(
            assign(&frags2, &[100.0, 60.0, 30.0], Align::Top, NONE).1,
            [0, 1, 2]
        );
        // A header above the rows, top-aligned rows.
        let frags = vec![
            (130.0, "年目标".to_string()),
            (100.0, "55".to_string()),
            (60.0, "60".to_string()),
            (50.0, "以上".to_string()),
        ];
        assert_eq!(
            assign(&frags, &[130.0, 100.0, 60.0], Align::Top, NONE).1,
            [0, 1, 2, 2]
        );
        // The head of a row without its number, cut by the page break, gets
        // the virtual row at the bottom; the row above stays centred.
        let f: Vec<(f64, String)> = [120.0, 100.0, 80.0, 60.0]
            .iter()
            .map(|y| (*y, String::new()))
            .collect();
        let rows = Rows {
            virtual_bottom: true,
            ..NONE
        };
        assert_eq!(
            assign(&f, &[100.0, 56.0], Align::Centre, rows).1,
            [0, 0, 0, 1]
        );
        // Two-line cells centred on every anchor: a four-line group around
        // every other anchor is just as centred, but leaves rows empty.
        let ys = [
            738.0, 702.0, 667.0, 631.0, 595.0, 524.0, 489.0, 418.0, 382.0,
        ];
        let f: Vec<(f64, String)> = ys.iter().map(|y| (*y, String::new())).collect();
        let rows = Rows {
            virtual_top: true,
            ..NONE
        };
        assert_eq!(
            assign(
                &f,
                &[742.2, 684.9, 613.8, 507.1, 400.5],
                Align::Centre,
                rows
            )
            .1,
            [0, 1, 1, 2, 2, 3, 3, 4, 4]
        );
    }

    #[test]
    fn attributes_parted_from_their_rows_reject_the_rows() {
        let rows = |attrs: &[&[&str]]| -> Vec<Vec<Vec<String>>> {
            attrs
                .iter()
                .map(|a| {
                    vec![
                        vec!["指标".to_string()],
                        a.iter().map(|s| s.to_string()).collect(),
                    ]
                })
                .collect()
        };
        // 预期 over 性 in each row: the rows hold them whole.
        assert!(!misplaced_attributes(&rows(&[
            &["指标", "属性"],
            &["预期", "性"],
            &["约束性"],
            &["预期", "性"]
        ])));
        // The header's 属性 and each row's 性 went to the row below.
        assert!(misplaced_attributes(&rows(&[
            &["指标"],
            &["属性", "预期"],
            &["性", "预期"],
            &["性", "约束"],
            &["性"]
        ])));
    }

    #[test]
    fn year_names_cut_at_a_columns_edge_get_their_year_word_back() {
        let cells = |v: &[&str]| -> Vec<Vec<String>> {
            v.iter()
                .map(|c| {
                    if c.is_empty() {
                        Vec::new()
                    } else {
                        vec![c.to_string()]
                    }
                })
                .collect()
        };
        let mut head = cells(&["序号", "指标", "单位", "2020", "年2025", "年 属性"]);
        year_unit_back(&mut head);
        assert_eq!(
            head,
            cells(&["序号", "指标", "单位", "2020年", "2025年", "属性"])
        );
        let mut head = cells(&["类别", "指标", "2020", "年2025", "年年均/累计", "属性"]);
        year_unit_back(&mut head);
        assert_eq!(head[2..5], cells(&["2020年", "2025年", "年均/累计"]));
        // A row of values is left alone.
        let mut row = cells(&["1", "港口吞吐量", "2020", "年底完成"]);
        year_unit_back(&mut row);
        assert_eq!(row[3], ["年底完成"]);
    }

    #[test]
    fn a_title_that_names_its_table_is_a_caption() {
        assert!(table_caption("“ 十四五” 时期全市交通运输发展主要指标"));
        assert!(table_caption("全市重点项目一览表"));
        assert!(table_caption("表2 主要指标"));
        assert!(!table_caption("序号 主要指标"));
        assert!(!table_caption("乡镇范围具备综合功能的养老服务机构覆盖率"));
    }
}
