//! Tables that text converters draw with rules: pandoc's simple and
//! multiline tables (`------ ------` rules whose dash runs give the
//! columns; `pandoc -t plain`, `-t markdown`) and grid tables (`+----+----+`
//! borders, `|` between cells, or the same drawn with box-drawing
//! characters, as w3m dumps a web page's table). Each becomes a [`Grid`] ([`GridKind::Text`])
//! with one line per row over the source lines it came from, so the stages
//! read it as they read a Word table.
//!
//! Columns come from the rule, never from the text's gaps: a cell wrapped
//! over lines, or one whose words pandoc set apart by single spaces
//! ("志愿服务 站点在社"), stays in its column.

use super::{Grid, GridKind, Slot, SrcLine};
use crate::text::join_wrapped;

/// A table longer than this many source lines is not read as one.
const MAX_TABLE_LINES: usize = 5000;
/// Lines of a multiline table's header, between its top rule and the rule
/// that gives its columns.
const MAX_HEADER_LINES: usize = 6;
/// More columns than this and the rule is no table's.
const MAX_COLUMNS: usize = 64;
/// Lines the search for closing rules may look at, per line of the text
/// (and a floor): a text of rules that close nothing is looked through a
/// bounded number of times, not once per rule.
const SCAN_LINES_PER_LINE: usize = 16;
const MIN_SCAN_LINES: usize = 100_000;

/// One row of a ruled table: each column's printed lines, and the source
/// lines (indices) it covers.
struct Row {
    cells: Vec<Vec<String>>,
    first: usize,
    last: usize,
}

/// The lines with every ruled table's lines replaced by one line per row,
/// and the tables; `None` where the text draws no ruled table.
pub fn tables(lines: &[SrcLine]) -> Option<(Vec<SrcLine>, Vec<Grid>)> {
    if !lines.iter().any(|l| {
        let t = l.text.trim_start();
        t.starts_with("--") || t.starts_with("+-") || t.starts_with(['┌', '╔', '╒', '┏'])
    }) {
        return None;
    }
    let mut out: Vec<SrcLine> = Vec::with_capacity(lines.len());
    let mut grids = Vec::new();
    let mut budget = lines
        .len()
        .saturating_mul(SCAN_LINES_PER_LINE)
        .max(MIN_SCAN_LINES);
    let mut i = 0;
    while i < lines.len() {
        let found = if budget > 0 {
            table_at(lines, i, &mut budget)
        } else {
            None
        };
        let Some((rows, end)) = found else {
            out.push(lines[i].clone());
            i += 1;
            continue;
        };
        let width = rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
        let slots: Vec<Vec<Slot>> = rows
            .iter()
            .map(|r| {
                (0..width)
                    .map(|c| {
                        let pieces: Vec<String> = r
                            .cells
                            .get(c)
                            .map(|p| {
                                p.iter()
                                    .map(|s| s.trim().to_string())
                                    .filter(|s| !s.is_empty())
                                    .collect()
                            })
                            .unwrap_or_default();
                        Slot::Cell {
                            text: join_wrapped(&pieces.join("\n")),
                            paras: pieces,
                            colspan: 1,
                        }
                    })
                    .collect()
            })
            .collect();
        let (grid, kept) = Grid::build(GridKind::Text, slots, out.len());
        for (row, &k) in grid.rows.iter().zip(&kept) {
            let r = &rows[k];
            out.push(SrcLine {
                text: Grid::row_line(row),
                span: lines[r.first].span.to(lines[r.last].span),
                style: None,
            });
        }
        if !grid.rows.is_empty() {
            grids.push(grid);
        }
        i = end;
    }
    (!grids.is_empty()).then_some((out, grids))
}

fn blank(l: &SrcLine) -> bool {
    l.text.trim().is_empty()
}

/// Display width as pandoc lays text out: East Asian wide and full-width
/// characters take two columns, the rest one; or, where the text was
/// GBK that a converter laid out as Latin-1 (`all_wide`), every non-ASCII
/// character two (— and ≥ among them).
fn width(c: char, all_wide: bool) -> usize {
    let u = c as u32;
    let wide = matches!(u,
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFD);
    if wide || (all_wide && !c.is_ascii()) {
        2
    } else {
        1
    }
}

/// The dash runs of a rule line (`----- ------`) as display columns
/// `start..end`; `None` for any other line.
fn dash_runs(t: &str) -> Option<Vec<(usize, usize)>> {
    if t.contains('\t') || !t.trim_start().starts_with("--") {
        return None;
    }
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut open: Option<usize> = None;
    let mut pos = 0;
    for c in t.trim_end().chars() {
        match c {
            '-' => {
                if open.is_none() {
                    open = Some(pos);
                }
            }
            ' ' => {
                if let Some(s) = open.take() {
                    runs.push((s, pos));
                }
            }
            _ => return None,
        }
        pos += 1;
    }
    if let Some(s) = open {
        runs.push((s, pos));
    }
    // A run of one or two dashes is a list's or a sum's, not a column's.
    (runs.iter().all(|&(s, e)| e - s >= 3) && runs.len() <= MAX_COLUMNS).then_some(runs)
}

/// A table's columns, as its rule's dash runs give them, and how its text
/// counts widths.
struct Columns {
    runs: Vec<(usize, usize)>,
    all_wide: bool,
}

impl Columns {
    /// The columns of `runs`, counting widths as the body lines `body` show:
    /// the convention under which more of their cells begin where a column
    /// does.
    fn new(runs: Vec<(usize, usize)>, lines: &[SrcLine]) -> Columns {
        let aligned = |all_wide: bool| -> usize {
            let mut n = 0;
            for l in lines {
                let mut pos = 0;
                let mut after_space = true;
                for c in l.text.chars() {
                    if c != ' ' && after_space && runs.iter().any(|r| r.0 == pos) {
                        n += 1;
                    }
                    after_space = c == ' ';
                    pos += width(c, all_wide);
                }
            }
            n
        };
        let all_wide = aligned(true) > aligned(false);
        Columns { runs, all_wide }
    }

    /// Whether a body line keeps to the columns: no character left of the
    /// first or in the gap between two (a paragraph's text fills them).
    fn fits(&self, t: &str) -> bool {
        let runs = &self.runs;
        let covers = |p: usize| p < runs[0].0 || runs.windows(2).any(|r| p >= r[0].1 && p < r[1].0);
        [false, true].iter().any(|&all_wide| {
            let mut pos = 0;
            for c in t.chars() {
                let w = width(c, all_wide);
                if c != ' ' && (covers(pos) || (w == 2 && covers(pos + 1))) {
                    return false;
                }
                pos += w;
            }
            true
        })
    }

    /// `text` cut at the columns. A character goes to the column it stands
    /// in, except that a run of text never breaks without a space: a title
    /// row spanning the table stays one cell.
    fn cut(&self, text: &str) -> Vec<String> {
        let starts: Vec<usize> = self.runs.iter().map(|r| r.0).collect();
        let mut cells = vec![String::new(); starts.len()];
        let mut col = 0;
        let mut pos = 0;
        let mut after_space = true;
        for c in text.chars() {
            while col + 1 < starts.len() && pos >= starts[col + 1] && after_space {
                col += 1;
            }
            cells[col].push(c);
            after_space = c == ' ';
            pos += width(c, self.all_wide);
        }
        cells.iter().map(|c| c.trim().to_string()).collect()
    }

    /// A row of the lines `a..=b`.
    fn row(&self, lines: &[SrcLine], a: usize, b: usize) -> Row {
        let mut cells: Vec<Vec<String>> = vec![Vec::new(); self.runs.len()];
        for l in &lines[a..=b] {
            if blank(l) {
                continue;
            }
            for (c, piece) in self.cut(&l.text).into_iter().enumerate() {
                if !piece.is_empty() {
                    cells[c].push(piece);
                }
            }
        }
        Row {
            cells,
            first: a,
            last: b,
        }
    }
}

/// The ruled table whose first line is `lines[i]`, as rows, and the line
/// after it.
fn table_at(lines: &[SrcLine], i: usize, budget: &mut usize) -> Option<(Vec<Row>, usize)> {
    let after_blank = i == 0 || blank(&lines[i - 1]);
    if !after_blank {
        return None;
    }
    let t = lines[i].text.trim();
    if t.starts_with(['+', '┌', '╔', '╒', '┏']) {
        return grid_table(lines, i);
    }
    if let Some(runs) = dash_runs(&lines[i].text) {
        return rule_table(lines, i, runs, budget);
    }
    // A table whose header line stands over the rule: a multiline table
    // (rows parted by blank lines, a closing rule) or a simple one (a row
    // a line, down to a blank line).
    let runs = dash_runs(&lines.get(i + 1)?.text)?;
    if runs.len() < 2 || blank(&lines[i]) || lines[i].text.contains('\t') {
        return None;
    }
    if let Some(t) = ruled_rows(lines, runs.clone(), Some((i, i)), i + 2, budget) {
        return Some(t);
    }
    let mut j = i + 2;
    let probe = Columns {
        runs,
        all_wide: false,
    };
    while j < lines.len() && j - i < MAX_TABLE_LINES && !blank(&lines[j]) {
        if dash_runs(&lines[j].text).is_some() {
            break;
        }
        *budget = budget.checked_sub(1)?;
        if !probe.fits(&lines[j].text) {
            return None;
        }
        j += 1;
    }
    let cols = Columns::new(probe.runs, &lines[i + 2..j]);
    let mut rows = vec![cols.row(lines, i, i)];
    rows.extend((i + 2..j).map(|k| cols.row(lines, k, k)));
    let end = if lines.get(j).is_some_and(|l| dash_runs(&l.text).is_some()) {
        j + 1
    } else {
        j
    };
    (rows.len() >= 3).then_some((rows, end))
}

/// A table opened by a rule: a multiline table (a full-width rule, header
/// lines, the column rule; rows parted by blank lines; a closing rule) or
/// a headerless one (opened by the column rule itself).
fn rule_table(
    lines: &[SrcLine],
    i: usize,
    first: Vec<(usize, usize)>,
    budget: &mut usize,
) -> Option<(Vec<Row>, usize)> {
    if first.len() >= 2 {
        return ruled_rows(lines, first, None, i + 1, budget);
    }
    let j = (i + 2..lines.len().min(i + 2 + MAX_HEADER_LINES))
        .find(|&j| dash_runs(&lines[j].text).is_some())?;
    let runs = dash_runs(&lines[j].text)?;
    if runs.len() < 2 || (i + 1..j).any(|k| blank(&lines[k])) {
        return None;
    }
    ruled_rows(lines, runs, Some((i + 1, j - 1)), j + 1, budget)
}

/// The rows of a table with columns `runs`, header lines `header`, body from
/// `body_from` to a closing rule (a rule line with a blank line or the end
/// after it); every body line keeps to the columns.
fn ruled_rows(
    lines: &[SrcLine],
    runs: Vec<(usize, usize)>,
    header: Option<(usize, usize)>,
    body_from: usize,
    budget: &mut usize,
) -> Option<(Vec<Row>, usize)> {
    let probe = Columns {
        runs,
        all_wide: false,
    };
    let mut end = None;
    for k in body_from..lines.len().min(body_from + MAX_TABLE_LINES) {
        *budget = budget.checked_sub(1)?;
        let t = &lines[k].text;
        if dash_runs(t).is_some() && lines.get(k + 1).is_none_or(blank) {
            end = Some(k);
            break;
        }
        if !probe.fits(t) {
            return None;
        }
    }
    let end = end?;
    let body = body_from..end;
    let cols = Columns::new(probe.runs, &lines[body.clone()]);
    let mut rows: Vec<Row> = Vec::new();
    if let Some((a, b)) = header {
        rows.push(cols.row(lines, a, b));
    }
    if body.clone().any(|k| blank(&lines[k])) {
        // Rows are the blocks between blank lines.
        let mut k = body.start;
        while k < end {
            if blank(&lines[k]) {
                k += 1;
                continue;
            }
            let mut b = k;
            while b + 1 < end && !blank(&lines[b + 1]) {
                b += 1;
            }
            rows.push(cols.row(lines, k, b));
            k = b + 1;
        }
    } else {
        rows.extend(body.map(|k| cols.row(lines, k, k)));
    }
    (rows.len() >= 2).then_some((rows, end + 1))
}

/// A line with box-drawing characters (w3m, `tabulate`'s and psql's
/// Unicode styles) drawn as a grid table's ASCII: corners and junctions
/// `+`, lines `-` (double `=`), walls `|`.
fn ascii_box(t: &str) -> std::borrow::Cow<'_, str> {
    if t.is_ascii() {
        return t.into();
    }
    t.chars()
        .map(|c| match c {
            '─' | '━' | '┄' | '┈' => '-',
            '═' => '=',
            '│' | '┃' | '║' => '|',
            '┌' | '┐' | '└' | '┘' | '├' | '┤' | '┬' | '┴' | '┼' | '╔' | '╗' | '╚' | '╝' | '╠'
            | '╣' | '╦' | '╩' | '╬' | '╒' | '╕' | '╘' | '╛' | '╞' | '╡' | '╤' | '╧' | '╪' | '╓'
            | '╖' | '╙' | '╜' | '╟' | '╢' | '╥' | '╨' | '╫' | '┏' | '┓' | '┗' | '┛' | '┣' | '┫'
            | '┳' | '┻' | '╋' => '+',
            c => c,
        })
        .collect::<String>()
        .into()
}

fn is_border(t: &str) -> bool {
    let t = t.trim();
    t.len() >= 5
        && t.starts_with('+')
        && t.ends_with('+')
        && (t.contains("--") || t.contains("=="))
        && t.chars().all(|c| matches!(c, '+' | '-' | '=' | ':'))
}

/// A grid table: borders of `+`, `-` and `=`, cells between `|`, a row's
/// lines down to the next border.
fn grid_table(lines: &[SrcLine], i: usize) -> Option<(Vec<Row>, usize)> {
    if !is_border(&ascii_box(&lines[i].text)) {
        return None;
    }
    let mut rows: Vec<Row> = Vec::new();
    let mut cur: Option<Row> = None;
    let mut j = i + 1;
    let mut end = None;
    while j < lines.len() && j - i < MAX_TABLE_LINES {
        let boxed = ascii_box(&lines[j].text);
        let t = boxed.trim();
        if is_border(t) {
            rows.extend(cur.take());
            if !lines
                .get(j + 1)
                .is_some_and(|l| ascii_box(l.text.trim()).starts_with('|'))
            {
                end = Some(j + 1);
                break;
            }
        } else if t.starts_with('|') && t.ends_with('|') && t.len() >= 3 {
            let pieces: Vec<&str> = t[1..t.len() - 1].split('|').collect();
            if pieces.len() > MAX_COLUMNS {
                return None;
            }
            let row = cur.get_or_insert_with(|| Row {
                cells: Vec::new(),
                first: j,
                last: j,
            });
            row.last = j;
            if row.cells.len() < pieces.len() {
                row.cells.resize(pieces.len(), Vec::new());
            }
            for (c, p) in pieces.iter().enumerate() {
                let p = p.trim();
                if !p.is_empty() {
                    row.cells[c].push(p.to_string());
                }
            }
        } else {
            return None;
        }
        j += 1;
    }
    let end = end?;
    (rows.len() >= 2 && rows.iter().any(|r| r.cells.len() >= 2)).then_some((rows, end))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Span;

    fn src(s: &str) -> Vec<SrcLine> {
        s.lines()
            .enumerate()
            .map(|(i, l)| SrcLine {
                text: l.to_string(),
                span: Span::line(i + 1),
                style: None,
            })
            .collect()
    }

    /// What both drawings of one grid table read as.
    const WRAPPED_GRID: [[&str; 2]; 3] = [
        ["序号", "指标"],
        ["1", "低保标准年度增速"],
        ["2", "床位占比"],
    ];

    fn texts(g: &Grid) -> Vec<Vec<String>> {
        g.rows.iter().map(Grid::row_texts).collect()
    }

    #[test]
    fn a_multiline_table_keeps_its_wrapped_cells_in_their_columns() {
        let s = "前文。\n\n  “十四五”时期主要发展指标    \n  ------ ---------------- ------ --------\n  序号   指标             单位   属性\n\n  1      城乡低保标准年度 %      预期 值\n         增速\n\n  2      志愿服务 站点在  %      约束性\n         社区综合服务设施\n  ------------------------------------------\n\n后文。\n";
        let (lines, grids) = tables(&src(s)).unwrap();
        assert_eq!(grids.len(), 1);
        let rows = texts(&grids[0]);
        assert_eq!(rows[0][0], "“十四五”时期主要发展指标");
        assert_eq!(rows[1], ["序号", "指标", "单位", "属性"]);
        assert_eq!(rows[2], ["1", "城乡低保标准年度增速", "%", "预期值"]);
        assert_eq!(
            rows[3],
            ["2", "志愿服务站点在社区综合服务设施", "%", "约束性"]
        );
        // One line per row, spanning the source lines it came from.
        let row2 = &lines[grids[0].lines.start + 2];
        assert_eq!((row2.span.line_start, row2.span.line_end), (7, 8));
        assert_eq!(lines.last().unwrap().text, "后文。");
    }

    #[test]
    fn a_headerless_simple_table_is_read_line_by_line() {
        let s = "  ------ ---------- ------\n  序号   主要指标   单位\n  1      低保标准   %\n  2      床位占比   %\n  ------ ---------- ------\n";
        let (_, grids) = tables(&src(s)).unwrap();
        let rows = texts(&grids[0]);
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[2], ["2", "床位占比", "%"]);
    }

    #[test]
    fn a_grid_table_joins_each_rows_lines() {
        let s = "+------+----------+\n| 序号 | 指标     |\n+======+==========+\n| 1    | 低保标准 |\n|      | 年度增速 |\n+------+----------+\n| 2    | 床位占比 |\n+------+----------+\n";
        let (_, grids) = tables(&src(s)).unwrap();
        assert_eq!(texts(&grids[0]), WRAPPED_GRID);
    }

    #[test]
    fn a_table_drawn_with_box_characters_is_a_grid_table() {
        let s = "┌────┬────────┐\n│序号│指标    │\n├────┼────────┤\n│1   │低保标准│\n│    │年度增速│\n├────┼────────┤\n│2   │床位占比│\n└────┴────────┘\n";
        let (_, grids) = tables(&src(s)).unwrap();
        assert_eq!(texts(&grids[0]), WRAPPED_GRID);
    }

    #[test]
    fn rules_that_close_nothing_are_looked_through_a_bounded_number_of_times() {
        let s = "\n---- ----\nab\n".repeat(20_000);
        let lines = src(&s);
        let mut budget = 1_000;
        assert!(table_at(&lines, 1, &mut budget).is_none());
        assert_eq!(budget, 0);
        // The whole text is still handed back, line for line.
        assert!(tables(&lines).is_none());
    }

    #[test]
    fn rules_that_are_no_table_are_left_alone() {
        // A heading's underline, a horizontal rule, dashes opening a line.
        let s = "总体要求\n--------\n\n-----\n\n------坚持党的领导。\n  --- 1\n";
        assert!(tables(&src(s)).is_none());
    }
}
