//! Text set in columns side by side (a newspaper page from a database, a
//! journal, a bulletin): found by a gutter that the page's lines do not
//! cross, and read column by column.
//!
//! A page's baselines are cut where glyphs stand well apart. A gutter is a
//! strip in the middle of the text that at most a few lines cross (a
//! headline, a rule of text over both columns). The lines that cross it part
//! the page into sections; a section whose lines on either side are prose
//! (one piece of text per line, enough of them words and running the
//! column's full measure) is read left column first, each column split
//! again the same way. A table's label column is ragged on the right and its
//! amounts on the left, so few of its lines span their column. Anything
//! else — a page of one measure, a table whose cells leave a gap down the
//! page — is read line by line across the page, as before.

use super::layout::{baselines, set_line, PLine};
use super::Glyph;

/// Gap inside a baseline (in ems of its glyphs) that parts two pieces of
/// text (a column's line from the next column's, a table's cells).
const PIECE_GAP_EM: f64 = 1.5;
/// A gutter is at least this wide (ems of the body).
const MIN_GUTTER_EM: f64 = 1.0;
/// Share of a region's lines that may cross its gutter (headlines, a line
/// set over both columns).
const MAX_CROSSING_SHARE: f64 = 0.2;
/// A gutter lies within the middle of the text: this share of its width is
/// kept clear on either side.
const GUTTER_INSET: f64 = 0.2;
/// A column holds at least this many lines within a section.
const MIN_COLUMN_LINES: usize = 5;
/// A line of prose has at least this many characters; a column holds at
/// least [`MIN_COLUMN_LINES`] of them.
const MIN_PROSE_CHARS: usize = 8;
/// Share of a column's lines that must be one piece of text.
const MIN_ONE_PIECE_SHARE: f64 = 0.8;
/// Columns within columns looked for (2 ^ this columns at most).
const MAX_COLUMN_DEPTH: usize = 3;
/// Widest text (points) whose gutter is looked for; wider is no page.
const MAX_MEASURE: f64 = 5000.0;

/// A piece of a row: text set close together, or a table's row (which a
/// column split moves whole).
enum Piece<'a> {
    Text(Vec<&'a Glyph>),
    Table(PLine),
}

impl Piece<'_> {
    fn extent(&self) -> (f64, f64) {
        match self {
            // Where it is inked: a space glyph's advance spans a gap.
            Piece::Text(p) => p
                .iter()
                .filter(|g| !g.text.trim().is_empty())
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), g| {
                    (a.min(g.x), b.max(g.x + g.w))
                }),
            Piece::Table(l) => (l.x0, l.x1),
        }
    }
}

/// A baseline's pieces, left to right, or a table row.
struct Row<'a> {
    pieces: Vec<Piece<'a>>,
}

/// The page's text lines and table `rows` in reading order, each with its
/// column ([`PLine::column`]), and whether the page is set in columns at
/// all. A page that is not gives its text lines first, then the table rows.
pub(super) fn lines(glyphs: &[&Glyph], table_rows: Vec<PLine>) -> (Vec<PLine>, bool) {
    let rows = rows_of(glyphs.to_vec(), table_rows);
    let mut out = Vec::new();
    let mut next = 0u32;
    split(rows, 0, 0, &mut next, &mut out);
    if next == 0 {
        // As the page was read before columns: text lines, then table rows.
        let (mut text, tables): (Vec<PLine>, Vec<PLine>) =
            out.into_iter().partition(|l| !l.table());
        text.extend(tables);
        return (text, false);
    }
    (out, true)
}

/// Glyphs grouped by baseline, each baseline cut into pieces where its
/// glyphs stand apart, and the table rows among them by height.
fn rows_of<'a>(gs: Vec<&'a Glyph>, table_rows: Vec<PLine>) -> Vec<Row<'a>> {
    let mut rows: Vec<(f64, Row)> = baselines(gs)
        .into_iter()
        .map(|l| {
            let y = l[0].y;
            let mut pieces: Vec<Piece> = Vec::new();
            // The piece's last inked glyph: gaps are measured from it (a
            // space glyph set out in the gap bridges nothing).
            let mut inked: Option<&Glyph> = None;
            for g in l {
                let blank = g.text.trim().is_empty();
                // Measured in the smaller face: a heading beside a column's
                // line is still apart from it.
                let apart = match inked {
                    None => pieces.is_empty(),
                    Some(p) => !blank && g.x - (p.x + p.w) > PIECE_GAP_EM * g.size.min(p.size),
                };
                match pieces.last_mut() {
                    Some(Piece::Text(p)) if !apart => p.push(g),
                    _ => pieces.push(Piece::Text(vec![g])),
                }
                if !blank {
                    inked = Some(g);
                }
            }
            (y, Row { pieces })
        })
        .collect();
    for t in table_rows {
        rows.push((
            t.y,
            Row {
                pieces: vec![Piece::Table(t)],
            },
        ));
    }
    // Stable: at a tie, text first.
    rows.sort_by(|a, b| b.0.total_cmp(&a.0));
    rows.into_iter().map(|(_, r)| r).collect()
}

/// Emit `rows` (of column `column`) in reading order, split into columns
/// where a gutter parts them.
fn split<'a>(rows: Vec<Row<'a>>, column: u32, depth: usize, next: &mut u32, out: &mut Vec<PLine>) {
    let whole = |rows: Vec<Row>, out: &mut Vec<PLine>| {
        for r in rows {
            let mut text: Vec<&Glyph> = Vec::new();
            for p in r.pieces {
                match p {
                    Piece::Text(g) => text.extend(g),
                    Piece::Table(mut l) => {
                        l.column = column;
                        out.push(l);
                    }
                }
            }
            if let Some(mut line) = set_line(&text) {
                line.column = column;
                out.push(line);
            }
        }
    };
    // Columns side by side put two pieces on many a row; a page of one
    // measure is let go without measuring its gutter.
    let split_rows = rows.iter().filter(|r| r.pieces.len() >= 2).count();
    let Some((g0, g1)) = (depth < MAX_COLUMN_DEPTH && split_rows >= MIN_COLUMN_LINES)
        .then(|| gutter(&view(&rows)))
        .flatten()
    else {
        return whole(rows, out);
    };
    // The gutter's edges may be grazed by a few lines; a line crosses it when
    // it runs over its middle.
    let mid = (g0 + g1) / 2.0;
    let crosses = |r: &Row| {
        r.pieces.iter().any(|p| {
            let (a, b) = p.extent();
            a < mid && b > mid
        })
    };
    // Sections between the lines that cross the gutter.
    let mut section: Vec<Row> = Vec::new();
    let mut rows = rows.into_iter().peekable();
    while let Some(r) = rows.next() {
        let crossing = if crosses(&r) {
            Some(r)
        } else {
            section.push(r);
            None
        };
        if crossing.is_some() || rows.peek().is_none() {
            let s = std::mem::take(&mut section);
            if columns_either_side(&view(&s), mid, depth) {
                // Each column's baselines found afresh: a line of one column
                // no longer links those of the other.
                let mut sides: [(Vec<&Glyph>, Vec<PLine>); 2] = Default::default();
                for p in s.into_iter().flat_map(|r| r.pieces) {
                    let side = &mut sides[usize::from(p.extent().1 > mid)];
                    match p {
                        Piece::Text(g) => side.0.extend(g),
                        Piece::Table(l) => side.1.push(l),
                    }
                }
                for (glyphs, tables) in sides {
                    *next += 1;
                    let id = *next;
                    split(rows_of(glyphs, tables), id, depth + 1, next, out);
                }
            } else {
                whole(s, out);
            }
            if let Some(r) = crossing {
                whole(vec![r], out);
            }
        }
    }
}

/// The widest strip in the middle of `rows`' text that few of them cross.
fn gutter(rows: &[View]) -> Option<(f64, f64)> {
    let pieces = rows.iter().flat_map(|r| r.iter().copied());
    let (left, right) = pieces
        .map(Piece::extent)
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), (x0, x1)| {
            (a.min(x0), b.max(x1))
        });
    let width = right - left;
    if !(width > 0.0 && width <= MAX_MEASURE) || rows.len() < 2 * MIN_COLUMN_LINES {
        return None;
    }
    let mut sizes: Vec<f64> = rows
        .iter()
        .flat_map(|r| r.iter())
        .flat_map(|p| match p {
            Piece::Text(g) => g.iter().map(|g| g.size).collect(),
            Piece::Table(l) => vec![l.size],
        })
        .collect();
    sizes.sort_by(f64::total_cmp);
    let em = sizes[sizes.len() / 2];
    // How many rows cover each point across the text.
    let n = width.ceil() as usize + 2;
    let mut diff = vec![0i64; n + 1];
    for r in rows {
        // A row covers a point once, however many of its pieces do.
        let mut spans: Vec<(usize, usize)> = r
            .iter()
            .map(|p| {
                let (a, b) = p.extent();
                (
                    ((a - left).floor().max(0.0)) as usize,
                    ((b - left).ceil() as usize).min(n),
                )
            })
            .collect();
        spans.sort_unstable();
        let mut end = 0;
        for (a, b) in spans {
            let a = a.max(end);
            if b > a {
                diff[a] += 1;
                diff[b] -= 1;
                end = b;
            }
        }
    }
    let limit = (rows.len() as f64 * MAX_CROSSING_SHARE) as i64;
    let (lo, hi) = (
        (width * GUTTER_INSET) as usize,
        (width * (1.0 - GUTTER_INSET)) as usize,
    );
    let mut best: Option<(usize, usize)> = None;
    let (mut cover, mut start) = (0i64, None);
    for (x, d) in diff.iter().enumerate().take(hi + 1) {
        cover += d;
        let clear = x >= lo && cover <= limit;
        if clear {
            start.get_or_insert(x);
        }
        if let (Some(a), true) = (start, !clear || x == hi) {
            let b = if clear { x + 1 } else { x };
            if best.is_none_or(|(p, q)| b - a > q - p) {
                best = Some((a, b));
            }
            start = None;
        }
    }
    let (a, b) = best?;
    ((b - a) as f64 >= MIN_GUTTER_EM * em).then_some((left + a as f64, left + b as f64))
}

/// A row as its pieces, borrowed.
type View<'r, 'a> = Vec<&'r Piece<'a>>;

fn view<'r, 'a>(rows: &'r [Row<'a>]) -> Vec<View<'r, 'a>> {
    rows.iter().map(|r| r.pieces.iter().collect()).collect()
}

/// Whether the rows of a section, parted at `mid`, are columns on both
/// sides: each side a column of prose, or itself parted by a gutter into
/// columns (a page of three or more).
fn columns_either_side(rows: &[View], mid: f64, depth: usize) -> bool {
    [true, false].into_iter().all(|left| {
        let side: Vec<View> = rows
            .iter()
            .map(|r| {
                r.iter()
                    .copied()
                    .filter(|p| (p.extent().1 <= mid) == left)
                    .collect::<View>()
            })
            .filter(|r| !r.is_empty())
            .collect();
        prose(&side)
            || (depth + 1 < MAX_COLUMN_DEPTH
                && gutter(&side).is_some_and(|(g0, g1)| {
                    let mid = (g0 + g1) / 2.0;
                    !side.iter().any(|r| {
                        r.iter().any(|p| {
                            let (a, b) = p.extent();
                            a < mid && b > mid
                        })
                    }) && columns_either_side(&side, mid, depth + 1)
                }))
    })
}

/// Whether rows are a column of prose: enough lines (a table's rows count),
/// most of the text lines one piece, enough of them words (not figures) and
/// enough running the column's full measure.
fn prose(rows: &[View]) -> bool {
    let text: Vec<Vec<&Vec<&Glyph>>> = rows
        .iter()
        .map(|r| {
            r.iter()
                .filter_map(|p| match p {
                    Piece::Text(g) => Some(g),
                    Piece::Table(_) => None,
                })
                .collect::<Vec<_>>()
        })
        .filter(|s| !s.is_empty())
        .collect();
    if rows.len() < MIN_COLUMN_LINES || text.is_empty() {
        return false;
    }
    let one = text.iter().filter(|s| s.len() == 1).count();
    // A ruled table set in the column counts with its lines.
    let tables = rows
        .iter()
        .filter(|r| r.iter().any(|p| matches!(p, Piece::Table(_))))
        .count();
    // Words, not figures: a column of amounts is a table's.
    let long = text
        .iter()
        .filter(|s| {
            s.iter()
                .flat_map(|p| p.iter())
                .filter(|g| g.text.chars().any(char::is_alphabetic))
                .count()
                >= MIN_PROSE_CHARS
        })
        .count()
        + tables;
    // Prose fills its measure: line after line runs from the column's left
    // edge to its right (so does a table set in the column). In a table
    // across the page only its longest label, or its longest amount, spans
    // its column.
    let extents: Vec<(f64, f64, f64)> = rows
        .iter()
        .map(|r| {
            r.iter().fold(
                (f64::INFINITY, f64::NEG_INFINITY, 0.0f64),
                |(a, b, z), p| {
                    let (x0, x1) = p.extent();
                    let size = match p {
                        Piece::Text(g) => g.iter().fold(0.0f64, |z, g| z.max(g.size)),
                        Piece::Table(l) => l.size,
                    };
                    (a.min(x0), b.max(x1), z.max(size))
                },
            )
        })
        .collect();
    let left = extents.iter().map(|e| e.0).fold(f64::INFINITY, f64::min);
    let right = extents
        .iter()
        .map(|e| e.1)
        .fold(f64::NEG_INFINITY, f64::max);
    let full = extents
        .iter()
        .filter(|e| e.0 <= left + 0.5 * e.2 && e.1 >= right - e.2)
        .count();
    one as f64 >= MIN_ONE_PIECE_SHARE * text.len() as f64
        && long >= MIN_COLUMN_LINES
        && full >= MIN_COLUMN_LINES
}
