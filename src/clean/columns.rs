//! Indicator tables whose cells a converter printed column by column
//! (pdftotext without `-layout`): it reads a table's text in blocks, so a
//! run of row numbers comes first, then those rows' names wrapped line
//! after line, their units, their values a column at a time, and the
//! attributes (预期 over 性) of many rows in one block. The header words
//! stand a word to a line among row 1's cells.
//!
//! What keeps each column's order is that a converter reads every block
//! top to bottom: the names, the units, the attributes and the row numbers
//! each come in row order, however they interleave. So the table is read
//! as streams, one per kind of cell, and the rows rebuilt from them: as
//! many rows as attributes (or row numbers), the names cut where a piece
//! falls short of the column's width, the values of a run of rows a column
//! at a time.

use super::{
    attribute_head, attribute_tail, header_piece, is_page_number, names_a_column, region,
    shown_width, spaced_cells, value_like, Layout, Line, RawRow, RawTable,
};
use crate::numbering::heading_like;
use crate::text::{char_len, is_han, squash, trim};

/// Lines looked through for the header words from the table's first line.
const MAX_HEADER_SCAN: usize = 12;
/// Most lines one table read column by column may span.
const MAX_TABLE_LINES: usize = 400;
/// Widest line such a table holds (in shown width: a Han character counts
/// two); a wider one is the prose after it.
const MAX_CELL_WIDTH: usize = 40;
/// Most characters of a line that opens such a table (a header word).
const MAX_HEAD_CHARS: usize = 8;
/// Lines after a value in words within which its next line may come.
const MAX_WORD_VALUE_LINES: usize = 6;
/// Most pieces of names cut into rows (the cut takes pieces² × rows).
const MAX_NAME_PIECES: usize = 400;
/// Highest number of a table's first row (a table continued from another
/// goes on with its numbers).
const MAX_FIRST_SEQ: u32 = 200;
/// Fewest rows read as a table.
const MIN_ROWS: usize = 3;

/// What a cell of the stream is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Seq,
    Name,
    Unit,
    Value,
    Attr,
}

#[derive(Debug)]
struct Cell {
    kind: Kind,
    text: String,
    /// Index in `lines`.
    line: usize,
    /// Blank lines before it, where it opens its line.
    gap: usize,
}

/// A year that names a value column (2020, 2025年).
fn year_head(t: &str) -> Option<&str> {
    let y = t.get(..4)?;
    (y.bytes().all(|b| b.is_ascii_digit())
        && (y.starts_with("19") || y.starts_with("20"))
        && t[4..]
            .chars()
            .all(|c| "年末目标值预期实际现状基期规划".contains(c)))
    .then_some(y)
}

/// A header word or a piece of one: 序号, 主要指标, 单位, 指标属性, 年, 属性.
fn header_token(t: &str) -> bool {
    if char_len(t) > MAX_HEAD_CHARS {
        return false;
    }
    crate::tables::holds_header_word(t)
        || (char_len(t) <= 4 && !t.bytes().any(|b| b.is_ascii_digit()) && header_piece(t))
}

/// A unit as a cell of its own: a sign, or a word made of measure words
/// only (个, 万元, 平方米, 人次); a name's short tail (面积, 覆盖率) is not.
pub(super) fn unit_cell(t: &str) -> bool {
    const MEASURE: &str =
        "个件元米平方公里顷立吨台套座处家所户项次人月日天小时岁层栋辆条张床间亩克斤册场部篇名万亿千百倍";
    matches!(t, "%" | "‰" | "％")
        || (char_len(t) <= 6 && t.contains('/') && !t.chars().any(|c| c.is_ascii_digit()))
        || (char_len(t) <= 4 && t.chars().all(|c| MEASURE.contains(c)))
}

/// Whether line `i` opens a table printed column by column: a header word,
/// a piece of one or a year alone on its line, and three header words or
/// years among the short lines that follow, none two to a line.
fn opens(lines: &[Line], i: usize) -> bool {
    let t = trim(&lines[i].text);
    // (A year's line may stand over the header words, 2020 over 年实际值,
    // and a narrow column's name be set a character to a line, 序 over 号.)
    if char_len(t) > MAX_HEAD_CHARS || !(header_token(&squash(t)) || year_head(t).is_some()) {
        return false;
    }
    let mut words = 0;
    for l in lines.iter().skip(i).take(MAX_HEADER_SCAN) {
        let t = trim(&l.text);
        if shown_width(t) > MAX_CELL_WIDTH {
            break;
        }
        let cells = spaced_cells(t);
        // Header words side by side: a table printed row by row.
        if cells.iter().filter(|c| names_a_column(c)).count() >= 2 {
            return false;
        }
        words += cells
            .iter()
            .filter(|c| names_a_column(c) || year_head(c).is_some())
            .count();
    }
    words >= 3
}

/// The table printed column by column that opens on line `i`, if any.
pub(super) fn take_column_rows(lines: &[Line], i: usize) -> Option<(RawTable, usize)> {
    if !opens(lines, i) {
        return None;
    }
    // The table's lines: short ones, up to prose or a heading.
    let mut end = i;
    while end < lines.len() && end - i < MAX_TABLE_LINES {
        let t = trim(&lines[end].text);
        if end > i
            && (shown_width(t) > MAX_CELL_WIDTH
                || t.ends_with('。')
                || t.starts_with("注")
                || heading_like(t))
        {
            break;
        }
        end += 1;
    }
    let mut head: Vec<String> = Vec::new();
    let mut years: Vec<String> = Vec::new();
    let mut cells: Vec<Cell> = Vec::new();
    let mut in_header = true;
    // The next row's number; a table continued from an earlier one (its
    // header printed again) starts at any.
    let mut next_seq: Option<u32> = None;
    // The last value in words, while its next line may go on with it: its
    // index in `cells` and its width.
    let mut word_value: Option<(usize, usize)> = None;
    let mut numbered_head = false;
    for (k, l) in lines.iter().enumerate().take(end).skip(i) {
        let t = trim(&l.text);
        if is_page_number(t) {
            continue;
        }
        let toks = spaced_cells(t);
        // (Kept as the header grows, not searched for on every line: a run of
        // header words would make this quadratic.)
        let numbered = numbered_head;
        let mut j = 0;
        while j < toks.len() {
            let c = toks[j];
            let gap = if j == 0 { l.gap } else { 0 };
            let push = |cells: &mut Vec<Cell>, kind: Kind, text: &str| {
                cells.push(Cell {
                    kind,
                    text: text.to_string(),
                    line: k,
                    gap,
                })
            };
            j += 1;
            let seq = c
                .parse::<u32>()
                .ok()
                .filter(|&q| next_seq.map_or(q > 0 && q <= MAX_FIRST_SEQ, |next| q == next));
            if let (true, 1, Some(q)) = (numbered, j, seq) {
                push(&mut cells, Kind::Seq, c);
                next_seq = Some(q + 1);
                continue;
            }
            // A header word may stand among row 1's or 2's cells (属性 is
            // centred over the rows' attributes).
            if names_a_column(c) && char_len(c) <= 4 {
                head.push(c.to_string());
                numbered_head |= c.contains('序') || c == "号";
                continue;
            }
            if in_header {
                // 2020 over 年, 2025 年: a year names a value column.
                if let Some(y) = year_head(c) {
                    if !years.iter().any(|x| x.starts_with(y)) {
                        years.push(format!("{y}年"));
                    }
                    if toks.get(j) == Some(&"年") {
                        j += 1;
                    }
                    continue;
                }
                if header_token(c) {
                    head.push(c.to_string());
                    numbered_head |= c.contains('序') || c == "号";
                    continue;
                }
            }
            if attribute_head(c) {
                in_header = false;
                push(&mut cells, Kind::Attr, c);
            } else if attribute_tail(c)
                && cells
                    .iter()
                    .rev()
                    .find(|x| x.kind == Kind::Attr)
                    .is_some_and(|a| char_len(&a.text) < 3)
            {
                let a = cells.iter_mut().rev().find(|x| x.kind == Kind::Attr);
                a.expect("an attribute").text.push_str(c);
            } else if value_like(c) {
                in_header = false;
                push(&mut cells, Kind::Value, c);
                // (Other cells may come between its lines: the row's number,
                // name, unit and other values.)
                if c.chars().any(is_han) {
                    word_value = Some((cells.len() - 1, shown_width(c)));
                }
                continue;
            } else if unit_cell(c) {
                // A unit wrapped in a narrow column: 平方 over 米.
                match cells.last_mut() {
                    Some(u)
                        if u.kind == Kind::Unit
                            && u.line + 1 == k
                            && j == 1
                            && gap == 0
                            && char_len(&u.text) + char_len(c) <= 4
                            && u.text.chars().chain(c.chars()).all(is_han) =>
                    {
                        u.text.push_str(c)
                    }
                    _ => push(&mut cells, Kind::Unit, c),
                }
            } else if let Some(v) = word_value.filter(|&v| {
                let w = shown_width(c);
                w <= v.1 + 2 && j == 1 && k <= cells[v.0].line + MAX_WORD_VALUE_LINES
            }) {
                // A value in words goes on over its cell's lines (不低于上
                // 年度居 / 民人均消费支出 / 增速) while they fill its width.
                cells[v.0].text.push_str(c);
                let full = shown_width(c) + 2 >= v.1;
                word_value = full.then_some(v);
                continue;
            } else if let Some(last) = cells
                .last_mut()
                .filter(|x| x.kind == Kind::Name && x.line == k)
            {
                // The pieces of one line are one piece of its name (a
                // justified line spaced out: 省文物 保护单位安全巡 检率).
                last.text.push_str(c);
            } else {
                push(&mut cells, Kind::Name, c);
            }
        }
    }
    let joined: String = head.concat();
    let numbered = joined.contains('序') || head.iter().any(|h| h == "号");
    let has_unit = joined.contains("单位") || joined.contains('单') && joined.contains('位');
    let has_attr = joined.contains("属性");
    // Where each kind of cell stands in the stream, in row order.
    let at = |kind: Kind| {
        (0..cells.len())
            .filter(|&p| cells[p].kind == kind)
            .collect::<Vec<_>>()
    };
    let (seqs, units, values, attrs) = (
        at(Kind::Seq),
        at(Kind::Unit),
        at(Kind::Value),
        at(Kind::Attr),
    );
    // Each row's attribute before the next row's number, no blank line
    // between cells: the cells come row by row, a cell to a line (PyMuPDF),
    // which the reading of cells one after another takes. (Without row
    // numbers: a name and a value between each two rows' attributes.)
    let between = |w: &[usize], kind: Kind| (w[0] + 1..w[1]).any(|p| cells[p].kind == kind);
    let row_by_row = if cells.iter().filter(|c| c.gap > 0).count() * 4 > cells.len() {
        false
    } else if numbered {
        seqs.len() >= MIN_ROWS && seqs.windows(2).all(|w| between(w, Kind::Attr))
    } else {
        attrs.len() >= MIN_ROWS
            && attrs
                .windows(2)
                .all(|w| between(w, Kind::Name) && between(w, Kind::Value))
    };
    if row_by_row {
        return None;
    }
    let n = if has_attr {
        attrs.len()
    } else if numbered {
        seqs.len()
    } else {
        return None;
    };
    let n_values = years.len().max(1);
    if n < MIN_ROWS
        || (numbered && seqs.len() != n)
        || (has_attr && attrs.iter().any(|&a| char_len(&cells[a].text) != 3))
        || values.len() != n * n_values
    {
        return None;
    }
    let row_values = values_by_row(&cells, n_values);
    // The row of each cell that places one: its unit and its values. (Not
    // the row numbers, nor the attributes: they stand at their rows'
    // middles, beside the lines of a name that began in the row above, and
    // a converter may gather the attributes of many rows in one block.)
    let unit_rows = (units.len() == n).then_some(&units[..]);
    let mut owner: Vec<Option<usize>> = vec![None; cells.len()];
    for (r, &p) in unit_rows.unwrap_or_default().iter().enumerate() {
        owner[p] = Some(r);
    }
    for (r, v) in row_values.iter().enumerate() {
        for &p in v {
            owner[p] = Some(r);
        }
    }
    let names = split_names(
        &cells,
        n,
        &owner,
        (seqs.len() == n).then_some(&seqs[..]),
        unit_rows,
    )?;
    let units: Vec<String> = if has_unit && units.len() == n {
        units.iter().map(|&u| cells[u].text.clone()).collect()
    } else {
        vec![String::new(); n]
    };
    let mut header = Vec::new();
    if numbered {
        header.push("序号".to_string());
    }
    header.push(
        head.iter()
            .find(|h| (h.contains("指标") || h.contains("名称")) && !h.contains("属性"))
            .cloned()
            .unwrap_or_else(|| "指标".to_string()),
    );
    if has_unit {
        header.push("单位".to_string());
    }
    if years.is_empty() {
        header.push("目标".to_string());
    }
    header.extend(years);
    if has_attr {
        header.push("属性".to_string());
    }
    let mut rows = vec![RawRow::of(header, &lines[i])];
    for (r, (name, first, last)) in names.into_iter().enumerate() {
        let mut row = Vec::new();
        if numbered {
            row.push(cells[seqs[r]].text.clone());
        }
        row.push(name);
        if has_unit {
            row.push(units[r].clone());
        }
        row.extend(row_values[r].iter().map(|&p| cells[p].text.clone()));
        if has_attr {
            row.push(cells[attrs[r]].text.clone());
        }
        let mut raw = RawRow::of(row, &lines[first]);
        raw.span = lines[first].span.to(lines[last].span);
        rows.push(raw);
    }
    Some(region(lines, i, end, Layout::Tabs, rows))
}

/// The names' pieces cut into `n` names, each with its first and last
/// line. A piece that fills the column's width goes on in the next, a
/// shorter one ends its name; a blank line before a piece tells a little
/// that a new cell starts there. A name's pieces hold no other row's cells
/// between them (`owner`: the row of each cell read so far); a name ends
/// after its row's number, starts before its unit and ends before the next
/// row's. The cut that breaks these least wins.
fn split_names(
    cells: &[Cell],
    n: usize,
    owner: &[Option<usize>],
    seqs: Option<&[usize]>,
    units: Option<&[usize]>,
) -> Option<Vec<(String, usize, usize)>> {
    let pos: Vec<usize> = (0..cells.len())
        .filter(|&p| cells[p].kind == Kind::Name)
        .collect();
    let m = pos.len();
    if m < n || n == 0 || m > MAX_NAME_PIECES {
        return None;
    }
    let width: Vec<usize> = pos.iter().map(|&p| shown_width(&cells[p].text)).collect();
    let widest = width.iter().copied().max().unwrap_or(0);
    let full: Vec<bool> = width.iter().map(|&w| w + 2 >= widest).collect();
    // Cells of known rows up to each position, and each row's cells.
    let mut known = vec![0usize; cells.len() + 1];
    let mut own: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (p, o) in owner.iter().enumerate() {
        known[p + 1] = known[p] + usize::from(o.is_some());
        if let Some(r) = *o {
            own[r].push(p);
        }
    }
    // Pieces a..j as row r: what it breaks of the rows' order.
    let misplaced = |a: usize, j: usize, r: usize| {
        let (first, last) = (pos[a], pos[j - 1]);
        let inside = known[last] - known[first];
        let mine = own[r].iter().filter(|&&p| p > first && p < last).count();
        let mut c = inside - mine;
        if let Some(q) = seqs {
            c += usize::from(last < q[r]);
        }
        if let Some(u) = units {
            c += usize::from(first > u[r]) + usize::from(u.get(r + 1).is_some_and(|&v| last > v));
        }
        c * 3
    };
    // cost[j][s]: pieces 0..j cut into s names; the cut's choice kept.
    const NONE: usize = usize::MAX / 2;
    let mut cost = vec![vec![NONE; n + 1]; m + 1];
    let mut from = vec![vec![0usize; n + 1]; m + 1];
    cost[0][0] = 0;
    for j in 1..=m {
        for s in 1..=n.min(j) {
            let mut inner = 0;
            for a in (0..j).rev() {
                if a + 1 < j {
                    // pieces[a] goes on in pieces[a + 1].
                    inner += usize::from(!full[a]) * 2 + usize::from(cells[pos[a + 1]].gap > 0);
                }
                let prev = cost[a][s - 1];
                if prev >= NONE {
                    continue;
                }
                // Ties go to names of two lines or one, and a short piece
                // alone is less often a name than a wrapped name's last line.
                let lone = usize::from(a + 1 == j && width[a] * 2 <= widest);
                let evidence =
                    inner + usize::from(full[j - 1] && j < m) * 2 + misplaced(a, j, s - 1);
                let c = prev + evidence * 1000 + lone * 100 + ((j - a - 1) * (j - a - 1)).min(99);
                if c <= cost[j][s] {
                    cost[j][s] = c;
                    from[j][s] = a;
                }
            }
        }
    }
    if cost[m][n] >= NONE {
        return None;
    }
    let mut out = Vec::with_capacity(n);
    let (mut j, mut s) = (m, n);
    while s > 0 {
        let a = from[j][s];
        let text: String = pos[a..j].iter().map(|&p| cells[p].text.as_str()).collect();
        out.push((text, cells[pos[a]].line, cells[pos[j - 1]].line));
        j = a;
        s -= 1;
    }
    out.reverse();
    Some(out)
}

/// Each row's values with where they stand in the cells. A run of values
/// with nothing else between holds whole rows; where it holds several,
/// their values come a column at a time (a block per column), else row
/// after row.
fn values_by_row(cells: &[Cell], n_values: usize) -> Vec<Vec<usize>> {
    let mut runs: Vec<Vec<usize>> = Vec::new();
    let mut open = false;
    for (p, c) in cells.iter().enumerate() {
        if c.kind == Kind::Value {
            if !open {
                runs.push(Vec::new());
            }
            runs.last_mut().expect("a run").push(p);
        }
        open = c.kind == Kind::Value;
    }
    let mut order: Vec<usize> = Vec::new();
    for run in runs {
        let g = run.len() / n_values;
        if g > 1 && run.len() % n_values == 0 {
            order.extend(
                (0..g)
                    .flat_map(|r| (0..n_values).map(move |v| v * g + r))
                    .map(|k| run[k]),
            );
        } else {
            order.extend(run);
        }
    }
    order.chunks(n_values).map(|c| c.to_vec()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Span;

    fn lines(text: &str) -> Vec<Line> {
        let mut out = Vec::new();
        let mut gap = 0;
        for (k, t) in text.lines().enumerate() {
            if t.trim().is_empty() {
                gap += 1;
                continue;
            }
            out.push(Line {
                text: t.to_string(),
                lead_tab: false,
                gap,
                span: Span::line(k + 1),
                style: None,
                cells: None,
            });
            gap = 0;
        }
        out
    }

    fn rows(text: &str) -> Vec<Vec<String>> {
        let ls = lines(text);
        let (t, _) = take_column_rows(&ls, 0).expect("a table");
        t.rows.into_iter().map(|r| r.cells).collect()
    }

    #[test]
    fn rows_rebuilt_from_columns() {
        // pdftotext without -layout: row 1 across; rows 2-4 as blocks (the
        // numbers, the names wrapped, the units, a column of values at a
        // time); the attributes of rows 2-5 in one block after row 5.
        let text = "序号\n\n主要指标\n\n单位\n\n1\n\n城乡低保标准年度增\n%\n\n速\n\n2020\n年\n\n2025 年\n\n指标\n属性\n\n—— 不低于上年度居 预期\n民人均消费支出\n\n性\n\n增速\n2\n\n3\n\n4\n\n农村低保标准占城市\n低保标准比例\n社会工作专业人才数\n慈善组织接受社会捐\n赠总额\n\n%\n\n人\n\n万元\n\n80\n\n131\n\n3852\n\n≥85\n\n500\n\n≥4600\n\n每百户居民拥有的城\n5\n\n乡社区综合服务设施 平方米\n\n—\n\n≥30\n\n面积\n\n预期\n性\n预期\n性\n约束\n性\n预期\n性\n\n二、到 2035 年全县民政事业发展远景目标\n";
        let got = rows(text);
        let want: Vec<Vec<&str>> = vec![
            vec!["序号", "主要指标", "单位", "2020年", "2025年", "属性"],
            vec![
                "1",
                "城乡低保标准年度增速",
                "%",
                "——",
                "不低于上年度居民人均消费支出增速",
                "预期性",
            ],
            vec![
                "2",
                "农村低保标准占城市低保标准比例",
                "%",
                "80",
                "≥85",
                "预期性",
            ],
            vec!["3", "社会工作专业人才数", "人", "131", "500", "预期性"],
            vec![
                "4",
                "慈善组织接受社会捐赠总额",
                "万元",
                "3852",
                "≥4600",
                "约束性",
            ],
            vec![
                "5",
                "每百户居民拥有的城乡社区综合服务设施面积",
                "平方米",
                "—",
                "≥30",
                "预期性",
            ],
        ];
        assert_eq!(got, want);
    }

    #[test]
    fn header_words_side_by_side_are_not_this_layout() {
        let ls = lines("指标\n指标 2025 年 属性\n省级文物保护单位增加数量 ≥50 约束性\n");
        assert!(take_column_rows(&ls, 0).is_none());
    }

    #[test]
    fn units_are_measure_words() {
        assert!(unit_cell("%") && unit_cell("万元") && unit_cell("平方米") && unit_cell("人次"));
        assert!(!unit_cell("面积") && !unit_cell("覆盖率") && !unit_cell("速"));
    }
}
