//! Stage 6, tables: raw table regions → [`TableNode`]s with typed rows.
//!
//! Every layout (a reader's grid, tab rows, pipe rows, one cell per line)
//! becomes rows of cells; the
//! header rows are found by their words, two-level headers joined, wrapped
//! cells joined, and a table continued after a page break (with or without a
//! repeated header) merged into one. Column roles (序号/指标/单位/基期/目标/属性,
//! 项目名称/建设性质/年限/内容/投资/责任单位) come from header words, never from
//! positions; project rows whose cells were shifted are re-read by what the
//! cells contain, with a warning.

use crate::boxes::BoxNode;
use crate::clean::{Block, Layout, RawRow, RawTable, MIN_GROUP_GAP};
use crate::model::{Span, TableKind, Warning};
use crate::text::{char_len, cn_number, join_wrapped, numbered_name, squash, trim};
use regex::Regex;
use std::sync::LazyLock;

/// A table, merged from one or more parts.
#[derive(Debug, Clone)]
pub struct TableNode {
    pub kind: TableKind,
    pub caption: Option<String>,
    pub unit: Option<String>,
    pub columns: Vec<String>,
    pub rows: Vec<Row>,
    /// Index into the box list of the box holding the table.
    pub in_box: Option<usize>,
    pub span: Span,
    pub indicators: Vec<IndicatorRow>,
    pub projects: Vec<ProjectRow>,
    pub warnings: Vec<Warning>,
}

/// A body row.
#[derive(Debug, Clone)]
pub struct Row {
    pub cells: Vec<String>,
    pub span: Span,
}

/// An indicator row, cells as printed.
#[derive(Debug, Clone)]
pub struct IndicatorRow {
    pub seq: Option<String>,
    pub category: Option<String>,
    pub name: String,
    pub unit: Option<String>,
    pub baseline: Option<String>,
    pub target: Option<String>,
    /// Further value columns: (header, cell).
    pub others: Vec<(String, String)>,
    pub attribute: Option<String>,
    pub span: Span,
}

/// A project row, cells as printed.
#[derive(Debug, Clone)]
pub struct ProjectRow {
    pub seq: Option<String>,
    pub group: Option<String>,
    pub name: Option<String>,
    pub nature: Option<String>,
    pub years: Option<String>,
    pub content: Option<String>,
    pub investment: Option<String>,
    pub owner: Option<String>,
    pub span: Span,
}

/// A caption or unit paragraph is looked for this many blocks above a table.
const CAPTION_LOOKBACK: usize = 3;
/// Longest paragraph read as a caption.
const MAX_CAPTION_CHARS: usize = 60;

static UNIT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"单\s*位\s*[：:]\s*([^\s）)，,；;]+)").unwrap());
static TABLE_NO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:附\s*)?表\s*[0-9一二三四五六七八九十]+(?:[-－.．][0-9]+)?\s*[：:]?\s*")
        .unwrap()
});
/// A unit given in a header cell: 总投资（万元）.
static UNIT_IN_HEADER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[（(]\s*(万元|亿元|元)\s*[）)]").unwrap());
static YEARS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"((?:19|20)\d{2})(?:\s*年)?(?:[.．]\d{1,2}(?:\s*月)?)?(?:\s*(?:-|—|–|－|~|～|至|到)+\s*((?:19|20)\d{2})?)?").unwrap()
});
static PURE_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^-?\d+(?:,\d{3})*(?:\.\d+)?$").unwrap());
static ORG_LIKE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:局|委|办|委员会|政府|中心|院|站|公司|街道|乡|镇|部|队|会|所|馆|处|室|厅|集团|社)$",
    )
    .unwrap()
});

/// Words only a header cell holds: a line with two of them heads a table,
/// even where nothing else marks it (a table set without rules in a PDF).
pub const HEADER_WORDS: &[&str] = &[
    "序号",
    "指标",
    "单位",
    "属性",
    "项目名称",
    "建设性质",
    "建设内容",
    "总投资",
    "责任单位",
    "备注",
    "年限",
];

/// Header words of a project table's column naming who carries a project out.
pub const OWNER_WORDS: &[&str] = &[
    "责任单位",
    "实施单位",
    "建设单位",
    "业主",
    "牵头单位",
    "承建单位",
    "项目单位",
    "责任主体",
    "责任",
];

/// Further header words, less distinctive: with the above, a row with two
/// of them is a header row.
pub const MORE_HEADER_WORDS: &[&str] = &[
    "编号",
    "名称",
    "建设年限",
    "投资",
    "类别",
    "领域",
    "目标",
    // A target column named for its kind (预期值, 规划值) where no year is.
    "预期值",
    "规划值",
    "实际值",
    "基期",
    "现状",
    // A project table's columns besides the distinctive ones.
    "地点",
    "规模",
    "内容",
    "起止",
    "期限",
    "工期",
    // (资金（万元）, 资金来源: the money columns by another name.)
    "资金",
];

/// Whether a cell holds one of the header words, distinctive or not.
pub fn holds_header_word(c: &str) -> bool {
    HEADER_WORDS
        .iter()
        .chain(MORE_HEADER_WORDS)
        .any(|w| c.contains(w))
}

/// Run the tables stage: every table block, merged across parts.
pub fn tables(blocks: &[Block], boxes: &[BoxNode]) -> Vec<TableNode> {
    let mut out: Vec<TableNode> = Vec::new();
    let mut last_block: Option<usize> = None;
    for (i, b) in blocks.iter().enumerate() {
        let Block::Table(raw) = b else { continue };
        let in_box = boxes.iter().position(|bx| bx.table_block == Some(i));
        let mut grid = grid(raw);
        // A header left alone at the foot of the page before, read as a
        // line of text, over rows that open the next page with none.
        let width = grid.iter().map(|r| r.cells.len()).max().unwrap_or(0);
        let mut above = i;
        if !grid.first().is_some_and(|r| is_header_row(&r.cells)) {
            if let Some((k, head)) = header_line_above(blocks, i, width) {
                grid.insert(0, head);
                above = k;
            }
        }
        let (mut caption, mut unit, cap_span) = caption_above(blocks, above);
        if caption.is_none() {
            if let Some(k) = in_box {
                if !boxes[k].title.is_empty() {
                    caption = Some(boxes[k].title.clone());
                }
            }
        }
        let mut part = read_part(grid, raw.span);
        if part.caption.is_some() {
            caption = part.caption.take();
        }
        unit = part.unit.take().or(unit);
        // A continuation: same kind right after the previous table, with the
        // same header, the same caption, or no header at all.
        if let (Some(prev), Some(lb)) = (out.last_mut(), last_block) {
            let near = only_captions_between(blocks, lb, i);
            let same_kind = part.kind == prev.kind || part.columns.is_empty();
            let same_header = squash_all(&part.columns) == squash_all(&prev.columns);
            let continues = part.columns.is_empty()
                || same_header
                || (caption.is_some() && caption == prev.caption);
            if near && same_kind && continues && prev.in_box == in_box {
                if !part.columns.is_empty() && !same_header {
                    prev.warnings.push(Warning::new(
                        "table-header-changed",
                        format!(
                            "table continues with a different header ({} columns instead of {}); its rows are read by their own header",
                            part.columns.len(),
                            prev.columns.len()
                        ),
                        Some(raw.span),
                    ));
                }
                let cols = if part.columns.is_empty() {
                    prev.columns.clone()
                } else {
                    part.columns.clone()
                };
                prev.span = prev.span.to(raw.span);
                if prev.unit.is_none() {
                    prev.unit = unit.clone();
                }
                interpret(prev, &cols, part.rows);
                last_block = Some(i);
                continue;
            }
        }
        let kind = if part.kind == TableKind::Other {
            kind_from_caption(caption.as_deref())
        } else {
            part.kind
        };
        let mut node = TableNode {
            kind,
            caption,
            unit: unit.clone(),
            columns: part.columns.clone(),
            rows: Vec::new(),
            in_box,
            span: cap_span.map_or(raw.span, |s| s.to(raw.span)),
            indicators: Vec::new(),
            projects: Vec::new(),
            warnings: part.warnings,
        };
        interpret(&mut node, &part.columns, part.rows);
        out.push(node);
        last_block = Some(i);
    }
    out
}

/// The paragraph right over block `i` (page numbers and running lines
/// aside, which the clean stage drops) where it is a header row of as
/// many cells as the table's rows: its words, a year's 年 set back on it
/// (2020 年 → 2020年).
fn header_line_above(blocks: &[Block], i: usize, width: usize) -> Option<(usize, RawRow)> {
    let k = i.checked_sub(1)?;
    let Block::Para(p) = &blocks[k] else {
        return None;
    };
    let mut cells: Vec<String> = Vec::new();
    for w in p.text.split_whitespace() {
        match cells.last_mut() {
            Some(prev) if w.starts_with('年') && is_year(prev) => prev.push_str(w),
            _ => cells.push(w.to_string()),
        }
    }
    if width < 3 || cells.len() != width || !is_header_row(&cells) {
        return None;
    }
    let head = RawRow {
        cells,
        span: p.span,
        gap: p.gap,
        before_rule: false,
    };
    Some((k, head))
}

/// What a row holds beyond the header `prev`, column by column, where it
/// is that header with pieces after some of its words (属性 性, a header
/// repeated over the rest of a row a page break cut): None where it
/// differs otherwise or is the same.
fn header_tails(prev: &[String], header: &[String]) -> Option<Vec<String>> {
    if prev.is_empty() || prev.len() != header.len() {
        return None;
    }
    let mut tails = Vec::with_capacity(prev.len());
    for (p, h) in prev.iter().zip(header) {
        let (p, h) = (squash(p), squash(h));
        tails.push(h.strip_prefix(p.as_str())?.to_string());
    }
    tails.iter().any(|t| !t.is_empty()).then_some(tails)
}

fn squash_all(cols: &[String]) -> Vec<String> {
    cols.iter()
        .map(|c| squash(c))
        .filter(|c| !c.is_empty())
        .collect()
}

fn kind_from_caption(c: Option<&str>) -> TableKind {
    match c {
        Some(c) if c.contains("指标") => TableKind::Indicators,
        Some(c) if c.contains("项目") && (c.contains("表") || c.contains("清单")) => {
            TableKind::Projects
        }
        _ => TableKind::Other,
    }
}

/// Whether only caption-like paragraphs lie between blocks `a` and `b`.
fn only_captions_between(blocks: &[Block], a: usize, b: usize) -> bool {
    b > a
        && b - a <= CAPTION_LOOKBACK + 1
        && blocks[a + 1..b].iter().all(|x| match x {
            Block::Para(p) => char_len(&p.text) <= MAX_CAPTION_CHARS && !p.text.contains('。'),
            Block::Table(_) => false,
        })
}

/// Caption and unit from the paragraphs right above the table.
fn caption_above(blocks: &[Block], i: usize) -> (Option<String>, Option<String>, Option<Span>) {
    let mut caption = None;
    let mut unit = None;
    let mut span = None;
    for k in (i.saturating_sub(CAPTION_LOOKBACK)..i).rev() {
        let Block::Para(p) = &blocks[k] else { break };
        let t = trim(&p.text);
        if char_len(t) > MAX_CAPTION_CHARS
            || t.ends_with('。')
            || crate::numbering::box_label(t).is_some()
        {
            break;
        }
        if crate::numbering::numbering(t).is_some() {
            break;
        }
        if let Some(c) = UNIT.captures(t) {
            if unit.is_none() {
                unit = Some(c[1].to_string());
            }
            let before =
                trim(&t[..c.get(0).map_or(0, |m| m.start())]).trim_end_matches(['（', '(']);
            if before.is_empty() {
                span = Some(p.span);
                continue;
            }
        }
        if caption.is_none() && is_caption(t) {
            caption = Some(strip_caption(t));
            span = Some(p.span);
            continue;
        }
        break;
    }
    (caption, unit, span)
}

fn is_caption(t: &str) -> bool {
    TABLE_NO.is_match(t)
        || ["表", "指标", "项目", "清单", "一览", "汇总", "计划"]
            .iter()
            .any(|w| t.contains(w))
}

fn strip_caption(t: &str) -> String {
    let t = ["附件：", "附件:", "附表：", "附表:"]
        .iter()
        .fold(t, |t, p| t.strip_prefix(p).unwrap_or(t));
    let t = TABLE_NO.replace(t, "");
    let t = UNIT.replace(&t, "");
    trim(t.trim_end_matches(['（', '(', '）', ')'])).to_string()
}

/// A raw table as rows of cells (one-cell-per-line tables regrouped).
fn grid(raw: &RawTable) -> Vec<RawRow> {
    if raw.layout != Layout::CellPerLine {
        return raw.rows.clone();
    }
    let cells = &raw.rows;
    // Without a 序号 column, a number cell is a value, not a row's number.
    let numbered = cells
        .iter()
        .take(MAX_PARTED_WIDTH)
        .any(|c| c.cells[0].contains("序号") || c.cells[0].contains("编号"));
    if !numbered {
        if let Some(rows) = parted_grid(cells) {
            return rows;
        }
    }
    if numbered {
        if let Some(rows) = slotted_grid(cells) {
            return rows;
        }
    }
    // Header: the cells before the first row number ("1", or where a part
    // continues after a page break, its own first number).
    let Some(first) = cells.iter().position(|c| {
        let t = trim(&c.cells[0]);
        t.parse::<u32>().is_ok_and(|n| n >= 1) && !is_year(t)
    }) else {
        // (Without a 序号 column it was tried above.)
        let parted = numbered.then(|| parted_grid(cells)).flatten();
        return parted.unwrap_or_else(|| cells.clone());
    };
    let mut expect: u32 = trim(&cells[first].cells[0]).parse().unwrap_or(1);
    // A group's row (一、经济发展, one cell merged across the table): a word
    // cell that the empty cells of its merge part from the next row's
    // number (docx2txt prints them as blank lines).
    let group = |k: usize| {
        cells
            .get(k + 1)
            .is_some_and(|n| n.gap >= MIN_GROUP_GAP && trim(&n.cells[0]).parse::<u32>().is_ok())
            && trim(&cells[k].cells[0]).parse::<f64>().is_err()
    };
    let head_end = if first > 0 && group(first - 1) {
        first - 1
    } else {
        first
    };
    let mut head = merge_cells(&cells[..head_end.max(1)]);
    head.cells = join_header_tails(head.cells);
    let width = head.cells.len().max(1);
    let mut rows: Vec<RawRow> = vec![head];
    let mut cur: Vec<&RawRow> = Vec::new();
    for (k, c) in cells.iter().enumerate().skip(head_end.max(1)) {
        let t = trim(&c.cells[0]);
        if group(k) && (k < first || cur.len() + 1 >= width) {
            if !cur.is_empty() {
                rows.push(merge_cells_refs(&cur));
                cur.clear();
            }
            rows.push(merge_cells_refs(&[c]));
            continue;
        }
        let is_next_seq = t.parse::<u32>().ok() == Some(expect);
        if is_next_seq && (cur.is_empty() || cur.len() + 1 >= width || c.gap >= 1) {
            if !cur.is_empty() {
                rows.push(merge_cells_refs(&cur));
                cur.clear();
            }
            expect += 1;
        }
        cur.push(c);
    }
    if !cur.is_empty() {
        rows.push(merge_cells_refs(&cur));
    }
    for r in rows.iter_mut().skip(1) {
        join_wrapped_words(&mut r.cells, width);
    }
    rows
}

/// Most cells of one row of a table read by [`parted_grid`].
const MAX_PARTED_WIDTH: usize = 12;

/// Rows of a one-cell-per-line table without row numbers whose converter
/// parts every cell from the next by a blank line and prints an empty cell
/// as one more (docx2txt: `cell\n\n`, so three blank lines stand for an
/// empty cell between two filled ones). The header is the cells before the
/// first that names no column; each row as many cells as it. None where the
/// rows do not come out whole: a name in the name column and, where the
/// header has one, an attribute in the attribute column.
fn parted_grid(cells: &[RawRow]) -> Option<Vec<RawRow>> {
    if cells.len() < 3 || cells.iter().skip(1).any(|c| c.gap == 0) {
        return None;
    }
    let body = cells
        .iter()
        .position(|c| !crate::clean::header_cell(&squash(&c.cells[0])))?;
    let slots = blank_parted_slots(cells);
    let width = slots
        .iter()
        .position(|s| s.is_some_and(|c| std::ptr::eq(c, &cells[body])))?;
    if !(3..=MAX_PARTED_WIDTH).contains(&width) || slots.len() < 3 * width {
        return None;
    }
    let text = |s: &Option<&RawRow>| s.map_or(String::new(), |c| c.cells[0].clone());
    let head: Vec<String> = slots[..width].iter().map(text).collect();
    let name_col = head
        .iter()
        .position(|h| h.contains("指标") || h.contains("名称"))?;
    let attr_col = head.iter().position(|h| h.contains("属性"));
    let mut rows = vec![RawRow {
        cells: head,
        span: cells[0].span.to(cells[body - 1].span),
        gap: cells[0].gap,
        before_rule: false,
    }];
    for chunk in slots[width..].chunks(width) {
        let filled: Vec<&RawRow> = chunk.iter().flatten().copied().collect();
        let row: Vec<String> = chunk.iter().map(text).collect();
        let whole = chunk.len() == width
            && row[name_col]
                .chars()
                .next()
                .is_some_and(|c| !c.is_ascii_digit() || numbered_name(&row[name_col]))
            && attr_col.is_none_or(|a| is_attribute(&squash(&row[a])));
        if !whole {
            return None;
        }
        rows.push(RawRow {
            cells: row,
            span: filled[0].span.to(filled[filled.len() - 1].span),
            gap: filled[0].gap,
            before_rule: false,
        });
    }
    Some(rows)
}

/// The cells of a one-cell-per-line table whose converter parts every cell
/// by a blank line and prints an empty cell as two more (docx2txt), each
/// after as many empty ones (None) as its blank lines say.
fn blank_parted_slots(cells: &[RawRow]) -> Vec<Option<&RawRow>> {
    let mut slots = Vec::with_capacity(cells.len());
    for (k, c) in cells.iter().enumerate() {
        if k > 0 {
            slots.extend(std::iter::repeat_n(None, c.gap.saturating_sub(1) / 2));
        }
        slots.push(Some(c));
    }
    slots
}

/// Rows of a numbered one-cell-per-line table whose converter parts every
/// cell by a blank line and prints an empty cell as two more (docx2txt), so
/// that each cell has its column: the header is the cells before row 1
/// (and before a group's label over it); a row takes as many cells as the
/// header from its number; a group's label merged across the table
/// (一、交通基础设施, over the next row's number) is one cell; a row
/// without a number (小计, 合计) takes a row's width where its cells hold a
/// total's word or figures. None where the cells do not fall so (a cell
/// merged across some columns only).
fn slotted_grid(cells: &[RawRow]) -> Option<Vec<RawRow>> {
    if cells.len() < 3 || cells.iter().skip(1).any(|c| c.gap == 0) {
        return None;
    }
    let slots = blank_parted_slots(cells);
    let text = |p: usize| {
        slots
            .get(p)
            .copied()
            .flatten()
            .map_or("", |c| trim(&c.cells[0]))
    };
    let seq = |p: usize| text(p).parse::<u32>().ok().filter(|_| !is_year(text(p)));
    let label = |p: usize| {
        slots.get(p).copied().flatten().is_some()
            && group_label(text(p)).is_some()
            && seq(p + 1).is_some()
    };
    // A group's row with its totals (二 | 公共服务设施 | … | 20.5), as wide
    // as the others: a numeral alone, then the group's name.
    let group_row = |p: usize| {
        let t = text(p);
        char_len(t) <= 2
            && crate::text::cn_number(t).is_some()
            && text(p + 1).starts_with(crate::text::is_han)
    };
    let one = (0..slots.len()).find(|&p| seq(p) == Some(1))?;
    // The numbers' column: where the header names it (类别 before 序号, a
    // category merged down its rows, empty below its first).
    let seq_col = (0..one.min(MAX_PARTED_WIDTH))
        .find(|&p| text(p).contains("序号") || text(p) == "编号")
        .unwrap_or(0);
    // A row's width: as far as row 1 lies from row 2 where nothing parts
    // them, else what the header's cells give.
    let two = (one + 1..slots.len()).find(|&p| seq(p) == Some(2));
    let beat = two.filter(|&t| !(one + 1..t).any(|p| label(p) || group_row(p)));
    let first_row = one.checked_sub(seq_col)?;
    let mut start = if first_row > 0 && label(first_row - 1) {
        first_row - 1
    } else {
        first_row
    };
    let width = beat.map_or(start, |b| b - one);
    if beat.is_some() {
        while start >= 2 * width && group_row(start - width) {
            start -= width;
        }
        if start > 0 && label(start - 1) {
            start -= 1;
        }
    }
    if !(3..=MAX_PARTED_WIDTH).contains(&width) {
        return None;
    }
    let head = slotted_header(&slots[..start], width)?;
    let row_of = |from: usize, to: usize| -> Option<RawRow> {
        let filled: Vec<&RawRow> = slots[from..to].iter().flatten().copied().collect();
        let first = filled.first()?;
        let last = filled.last()?;
        let mut cells: Vec<String> = (from..to).map(|p| text(p).to_string()).collect();
        cells.resize(width, String::new());
        Some(RawRow {
            cells,
            span: first.span.to(last.span),
            gap: first.gap,
            before_rule: false,
        })
    };
    let mut rows = vec![RawRow {
        cells: head,
        span: cells[0]
            .span
            .to(slots[..start].iter().flatten().last()?.span),
        gap: cells[0].gap,
        before_rule: false,
    }];
    // (After a group's label the numbers go on or start again from 1.)
    let mut expect = 1;
    let mut restart = false;
    let mut rows_read = 0;
    let mut p = start;
    while p < slots.len() {
        if label(p) {
            rows.push(row_of(p, p + 1)?);
            p += 1;
            restart = true;
            continue;
        }
        let to = (p + width).min(slots.len());
        let seq = |p: usize| seq(p + seq_col);
        if group_row(p) && seq(p).is_none() {
            rows.push(row_of(p, to)?);
            p = to;
            restart = true;
            continue;
        }
        if seq(p) == Some(expect) || (restart && seq(p) == Some(1)) {
            expect = seq(p).unwrap_or(expect) + 1;
            restart = false;
            rows_read += 1;
        } else {
            // A row without a number: a total, its cells words of a total
            // and figures.
            let total = (p..to).any(|q| crate::clean::TOTAL_WORDS.contains(&text(q)))
                && (p..to).all(|q| {
                    let t = text(q);
                    t.is_empty() || crate::clean::TOTAL_WORDS.contains(&t) || is_number(t)
                });
            if !total {
                return None;
            }
        }
        rows.push(row_of(p, to)?);
        p = to;
    }
    (rows_read >= 2).then_some(rows)
}

/// The column names of a one-cell-per-line table from the header's slots
/// (None for an empty cell): one row as wide as the table; or two, the
/// lower naming the parts of an upper cell merged across columns
/// (投资（亿元） over 总投资 and “十四五”投资), its empty cells under the
/// upper ones merged down, so that the upper row has one cell for each
/// of them and one for each run of lower names: 投资（亿元）/总投资.
fn slotted_header(slots: &[Option<&RawRow>], width: usize) -> Option<Vec<String>> {
    let text = |s: &Option<&RawRow>| s.map_or(String::new(), |c| trim(&c.cells[0]).to_string());
    if slots.len() == width {
        return slots
            .iter()
            .all(|s| s.is_some())
            .then(|| slots.iter().map(text).collect());
    }
    if slots.len() <= width || slots.len() > 2 * width {
        return None;
    }
    let (upper, lower) = slots.split_at(slots.len() - width);
    if upper.iter().any(|s| s.is_none()) {
        return None;
    }
    let mut names = Vec::with_capacity(width);
    let mut u = upper.iter().map(text);
    let mut k = 0;
    while k < width {
        let top = u.next()?;
        if lower[k].is_none() {
            names.push(top);
            k += 1;
            continue;
        }
        while k < width && lower[k].is_some() {
            names.push(format!("{top}/{}", text(&lower[k])));
            k += 1;
        }
    }
    u.next().is_none().then_some(names)
}

/// Header cells a converter printed as two lines, each its own cell:
/// "2020年" over "实际值", "指标" over "属性".
fn join_header_tails(cells: Vec<String>) -> Vec<String> {
    const TAILS: &[&str] = &["实际", "目标", "预期", "规划", "现状", "完成", "值", "末"];
    let mut out: Vec<String> = Vec::with_capacity(cells.len());
    for c in cells {
        let t = squash(&c);
        let joins = out.last().is_some_and(|p: &String| {
            let p = squash(p);
            let year_over =
                (p.ends_with('年') || is_year(&p)) && TAILS.iter().any(|w| t.starts_with(w));
            year_over || (p == "指标" && t == "属性")
        });
        if joins {
            let last = out.last_mut().expect("checked");
            last.push('\n');
            last.push_str(&c);
        } else {
            out.push(c);
        }
    }
    out
}

/// A row with more cells than the header, where a value in words was
/// printed as several cells ("不低于居民上", "年度人均消费", "支出增速"):
/// neighbouring pieces of words after the name are joined, leftmost first.
fn join_wrapped_words(cells: &mut Vec<String>, width: usize) {
    let piece = |c: &str| {
        let c = squash(c);
        c.chars().any(crate::text::is_han)
            && !is_attribute(&c)
            && !c.chars().any(|ch| ch.is_ascii_digit())
            && char_len(&c) > 2
    };
    // One pass, joining each piece to the one before it while the row is
    // too wide: the leftmost pair first, as the cells after the name come
    // (a row of thousands of cells costs no more than its length).
    let mut excess = cells.len().saturating_sub(width);
    if excess == 0 {
        return;
    }
    let mut out: Vec<String> = Vec::with_capacity(cells.len());
    let mut last_piece = false;
    for c in cells.drain(..) {
        let p = piece(&c);
        let n = out.len();
        match out.last_mut() {
            Some(last) if excess > 0 && n > 2 && last_piece && p => {
                last.push('\n');
                last.push_str(&c);
                excess -= 1;
                last_piece = piece(last);
            }
            _ => {
                out.push(c);
                last_piece = p;
            }
        }
    }
    *cells = out;
}

fn merge_cells(cells: &[RawRow]) -> RawRow {
    merge_cells_refs(&cells.iter().collect::<Vec<_>>())
}

fn merge_cells_refs(cells: &[&RawRow]) -> RawRow {
    let span = cells[0].span.to(cells[cells.len() - 1].span);
    RawRow {
        cells: cells.iter().map(|c| c.cells[0].clone()).collect(),
        span,
        gap: cells[0].gap,
        before_rule: false,
    }
}

/// One part of a table: header found, body rows left.
struct Part {
    kind: TableKind,
    caption: Option<String>,
    unit: Option<String>,
    columns: Vec<String>,
    rows: Vec<Row>,
    warnings: Vec<Warning>,
}

pub(crate) fn is_header_row(cells: &[String]) -> bool {
    let words = cells
        .iter()
        .filter(|c| {
            let c = squash(c);
            !c.is_empty() && char_len(&c) <= 24 && holds_header_word(&c)
        })
        .count();
    // A year printed alone ("2020" over "年实际值", wrapped) is a header
    // cell; any other bare number makes a body row.
    words >= 2
        && !cells.iter().any(|c| {
            let c = squash(c);
            PURE_NUMBER.is_match(&c) && !is_year(&c)
        })
}

/// A year number alone: 1949 … 2099.
pub(crate) fn is_year(c: &str) -> bool {
    c.len() == 4
        && (c.starts_with("19") || c.starts_with("20"))
        && c.bytes().all(|b| b.is_ascii_digit())
}

fn is_subheader_row(cells: &[String]) -> bool {
    let first_empty = cells.first().is_none_or(|c| squash(c).is_empty());
    let nonempty: Vec<String> = cells
        .iter()
        .map(|c| squash(c))
        .filter(|c| !c.is_empty())
        .collect();
    // An attribute (约束性) or a bound (≥50) is a body row's, never a
    // column name's.
    let bound = |c: &str| {
        c.starts_with(['≥', '≤', '>', '<', '＞', '＜'])
            && c.chars().nth(1).is_some_and(|d| d.is_ascii_digit())
    };
    first_empty
        && !nonempty.is_empty()
        && !nonempty
            .iter()
            .any(|c| PURE_NUMBER.is_match(c) || char_len(c) > 30 || is_attribute(c) || bound(c))
}

fn read_part(rows: Vec<RawRow>, span: Span) -> Part {
    let mut part = Part {
        kind: TableKind::Other,
        caption: None,
        unit: None,
        columns: Vec::new(),
        rows: Vec::new(),
        warnings: Vec::new(),
    };
    // The header is the row of header words; failing that, the row a
    // Markdown rule marks. Converters that find no header cells in a Word
    // table print an empty row (mammoth, then markdownify) or the table's
    // title row (pandoc) over the rule, and the real header under it.
    let header_at = rows
        .iter()
        .take(4)
        .position(|r| is_header_row(&r.cells))
        .or_else(|| {
            rows.iter()
                .take(4)
                .position(|r| r.before_rule && r.cells.iter().any(|c| !trim(c).is_empty()))
        });
    // Rows above the header: caption and unit.
    for r in &rows[..header_at.unwrap_or(0)] {
        for c in &r.cells {
            let t = trim(c);
            if t.is_empty() {
                continue;
            }
            if let Some(u) = UNIT.captures(t) {
                part.unit = Some(u[1].to_string());
            } else if part.caption.is_none() {
                part.caption = Some(strip_caption(&join_wrapped(t)));
            }
        }
    }
    let mut body_from = header_at.map_or(0, |h| h + 1);
    if let Some(h) = header_at {
        let mut header = vec![rows[h].cells.clone()];
        if let Some(next) = rows.get(h + 1) {
            // A name merged down both header rows that the converter
            // printed in each (Docling's Markdown) is the upper one's.
            let below: Vec<String> = next
                .cells
                .iter()
                .enumerate()
                .map(|(c, t)| {
                    let above = rows[h].cells.get(c).map(|a| squash(a));
                    if above.is_some_and(|a| !a.is_empty() && a == squash(t)) {
                        String::new()
                    } else {
                        t.clone()
                    }
                })
                .collect();
            if !next.before_rule && is_subheader_row(&below) {
                header.push(below);
                body_from += 1;
            }
        }
        part.columns = join_header(&header);
        for c in &part.columns {
            if let Some(u) = UNIT.captures(c) {
                part.unit = Some(u[1].to_string());
            }
        }
        if part.unit.is_none() {
            part.unit = part
                .columns
                .iter()
                .find_map(|c| UNIT_IN_HEADER.captures(c).map(|m| m[1].to_string()));
        }
    }
    let header_sq = squash_all(&part.columns);
    for r in &rows[body_from..] {
        let cells: Vec<String> = r.cells.iter().map(|c| join_wrapped(c)).collect();
        if cells.iter().all(|c| c.is_empty()) {
            continue;
        }
        // A header repeated after a page break; with the rest of the row
        // the break cut under its words (属性 性), that rest.
        if !header_sq.is_empty() && squash_all(&cells) == header_sq {
            continue;
        }
        if let Some(tails) = header_tails(&part.columns, &cells) {
            part.rows.push(Row {
                cells: tails,
                span: r.span,
            });
            continue;
        }
        if is_header_row(&cells) && header_at.is_some() && cells.iter().any(|c| c.contains("序号"))
        {
            continue;
        }
        if !header_sq.is_empty()
            && is_subheader_row(&cells)
            && cells.iter().any(|c| c.contains("投资"))
        {
            continue;
        }
        part.rows.push(Row {
            cells,
            span: r.span,
        });
    }
    part.kind = kind_of(&part.columns);
    if header_at.is_none() && !part.rows.is_empty() {
        part.warnings.push(Warning::new(
            "table-no-header",
            "table without a recognizable header row",
            Some(span),
        ));
    }
    part
}

/// Join one or two header rows into column names (`上级/下级` under a span).
fn join_header(rows: &[Vec<String>]) -> Vec<String> {
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    let top: Vec<String> = (0..width)
        .map(|c| rows[0].get(c).map(|s| join_wrapped(s)).unwrap_or_default())
        .collect();
    if rows.len() == 1 {
        return trim_trailing_empty(top);
    }
    let sub: Vec<String> = (0..width)
        .map(|c| rows[1].get(c).map(|s| join_wrapped(s)).unwrap_or_default())
        .collect();
    let mut out = Vec::with_capacity(width);
    let mut carry = String::new();
    for c in 0..width {
        if !top[c].is_empty() {
            carry = top[c].clone();
        }
        let name = match (top[c].is_empty(), sub[c].is_empty()) {
            (_, true) => top[c].clone(),
            (true, false) if !carry.is_empty() && c > 0 && !sub[c - 1].is_empty() => {
                format!("{carry}/{}", sub[c])
            }
            (true, false) => sub[c].clone(),
            (false, false) => format!("{}/{}", top[c], sub[c]),
        };
        out.push(name);
    }
    trim_trailing_empty(out)
}

fn trim_trailing_empty(mut v: Vec<String>) -> Vec<String> {
    while v.last().is_some_and(|c| c.is_empty()) {
        v.pop();
    }
    v
}

fn kind_of(columns: &[String]) -> TableKind {
    let all: String = columns
        .iter()
        .map(|c| squash(c))
        .collect::<Vec<_>>()
        .join("|");
    if all.contains("项目名称")
        || (all.contains("项目") && all.contains("投资"))
        || all.contains("建设内容")
    {
        TableKind::Projects
    } else if all.contains("指标")
        && (all.contains("单位")
            || all.contains("属性")
            || all.contains("目标")
            || all.contains("20"))
    {
        TableKind::Indicators
    } else {
        TableKind::Other
    }
}

/// Read the body rows of a part with its columns, into `node`.
fn interpret(node: &mut TableNode, columns: &[String], rows: Vec<Row>) {
    match node.kind {
        TableKind::Indicators => indicators(node, columns, &rows),
        TableKind::Projects => projects(node, columns, &rows),
        TableKind::Other => {}
    }
    node.rows.extend(rows);
}

/// Column roles of an indicator table.
#[derive(Debug, Default)]
struct IndCols {
    seq: Option<usize>,
    category: Option<usize>,
    name: Option<usize>,
    unit: Option<usize>,
    attribute: Option<usize>,
    baseline: Option<usize>,
    target: Option<usize>,
    others: Vec<usize>,
}

impl IndCols {
    /// The columns given a role of their own (all but name and others).
    fn assigned(&self) -> [Option<usize>; 6] {
        [
            self.seq,
            self.category,
            self.unit,
            self.attribute,
            self.baseline,
            self.target,
        ]
    }
}

fn ind_columns(columns: &[String]) -> IndCols {
    let mut r = IndCols::default();
    let mut values = Vec::new();
    for (i, c) in columns.iter().map(|c| squash(c)).enumerate() {
        if c.is_empty() {
            continue;
        }
        if c.contains("属性") || c.contains("性质") || c == "类型" {
            r.attribute.get_or_insert(i);
        } else if c.contains("序号") || c == "编号" || c == "序" {
            r.seq.get_or_insert(i);
        } else if c.contains("单位") {
            r.unit.get_or_insert(i);
        } else if (c.contains("类别") || c.contains("领域") || c.contains("分类") || c == "方面")
            && r.name.is_none()
        {
            r.category.get_or_insert(i);
        } else if is_value_header(&c) {
            values.push((i, c));
        } else if c.contains("指标")
            || c.contains("名称")
            || c.contains("内容")
            || c.contains("项目")
        {
            r.name.get_or_insert(i);
        } else {
            values.push((i, c));
        }
    }
    let is_target = |c: &str| {
        c.contains("2025") || c.contains("目标") || c.contains("规划") || c.contains("十四五末")
    };
    let is_base = |c: &str| {
        c.contains("2020")
            || c.contains("基期")
            || c.contains("现状")
            || c.contains("实际")
            || c.contains("基数")
            || c.contains("十三五")
    };
    let foreign = |c: &str| {
        [
            "市上",
            "省上",
            "国家",
            "全国",
            "全省",
            "省级",
            "市级",
            "全市",
            "州上",
            "自治区",
        ]
        .iter()
        .any(|w| c.contains(w))
    };
    r.baseline = values
        .iter()
        .find(|(_, c)| is_base(c) && !is_target(c))
        .map(|(i, _)| *i);
    let targets: Vec<&(usize, String)> = values
        .iter()
        .filter(|(i, c)| Some(*i) != r.baseline && is_target(c))
        .collect();
    r.target = targets
        .iter()
        .find(|(_, c)| c.contains('我') || c.contains('本'))
        .or_else(|| targets.iter().find(|(_, c)| !foreign(c)))
        .or(targets.first())
        .map(|(i, _)| *i);
    if r.target.is_none() {
        r.target = values
            .iter()
            .map(|(i, _)| *i)
            .find(|i| Some(*i) != r.baseline);
    }
    r.others = values
        .iter()
        .map(|(i, _)| *i)
        .filter(|i| Some(*i) != r.baseline && Some(*i) != r.target)
        .collect();
    r
}

fn is_value_header(c: &str) -> bool {
    let has_year = c
        .as_bytes()
        .windows(4)
        .any(|w| w.iter().all(u8::is_ascii_digit));
    has_year
        || [
            "目标",
            "基期",
            "现状",
            "实际",
            "预期值",
            "规划值",
            "基数",
            "十三五",
            "十四五",
        ]
        .iter()
        .any(|w| c.contains(w))
}

fn cell(cells: &[String], i: Option<usize>) -> Option<String> {
    i.and_then(|i| cells.get(i)).map(|s| markdown_dash(trim(s)))
}

/// A cell of Markdown that a writer's smart punctuation set as `---` (—) or
/// `--` (–), as pandoc writes a dash: in a cell, never a rule.
fn markdown_dash(t: &str) -> String {
    match t {
        "---" => "—".to_string(),
        "--" => "–".to_string(),
        _ => t.to_string(),
    }
}

/// The unit printed at the end of an indicator's name: `县级博物馆覆盖率（%）`,
/// `社会教育活动数量（场次）`; not a note such as `（含临展）`.
pub(crate) fn unit_in_name(name: &str) -> Option<String> {
    let t = trim(name);
    let inner = t.strip_suffix('）').or_else(|| t.strip_suffix(')'))?;
    let open = inner.rfind(['（', '('])?;
    let u = trim(inner[open..].trim_start_matches(['（', '(']));
    let ok = !u.is_empty()
        && char_len(u) <= MAX_NAME_UNIT_CHARS
        && !u.contains(['、', '，', ',', '含', '及', '等', '和'])
        && !u.starts_with("不")
        && !u.chars().all(|c| c.is_ascii_digit());
    ok.then(|| u.to_string())
}

/// Longest unit read from the end of an indicator's name.
const MAX_NAME_UNIT_CHARS: usize = 5;

/// Where a header cell spans two columns ("指标" over 类别 and 指标), the
/// left one is a category that is printed once per group and the right one
/// the name, printed on every row.
fn split_spanned_name(cols: &mut IndCols, columns: &[String], rows: &[Row]) {
    let Some(i) = cols.name else { return };
    let next = i + 1;
    let taken = cols.assigned();
    if cols.category.is_some()
        || !columns.get(next).is_some_and(|c| trim(c).is_empty())
        || taken.contains(&Some(next))
        || cols.others.contains(&next)
    {
        return;
    }
    let filled = |k: usize| {
        rows.iter()
            .filter(|r| r.cells.get(k).is_some_and(|c| !trim(c).is_empty()))
            .count()
    };
    if filled(next) * 2 > rows.len() && filled(i) < filled(next) {
        cols.category = Some(i);
        cols.name = Some(next);
    }
}

/// A table whose name column has no header the columns say (a header cell
/// left blank, merged with the one above, or misread in a scan) takes as
/// names the column of most Chinese text, where most rows have some.
fn name_from_cells(cols: &mut IndCols, rows: &[Row]) {
    if cols.name.is_some() {
        return;
    }
    let taken = cols.assigned();
    let han = |c: &String| c.chars().filter(|&ch| crate::text::is_han(ch)).count();
    let width = rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
    let best = (0..width)
        .filter(|k| !taken.contains(&Some(*k)))
        .map(|k| {
            let cells = rows.iter().filter_map(|r| r.cells.get(k));
            let named = cells.clone().filter(|c| han(c) >= 2).count();
            (cells.map(han).sum::<usize>(), named, k)
        })
        .max();
    if let Some((_, _, k)) = best.filter(|&(_, named, _)| named * 2 > rows.len()) {
        cols.name = Some(k);
        cols.others.retain(|&i| i != k);
    }
}

fn indicators(node: &mut TableNode, columns: &[String], rows: &[Row]) {
    let mut cols = ind_columns(columns);
    split_spanned_name(&mut cols, columns, rows);
    name_from_cells(&mut cols, rows);
    let rows = join_continuations(&cols, rows);
    let mut category: Option<String> = None;
    let mut grouped = false;
    for r in &rows {
        let realigned = realign(&cols, columns, &r.cells);
        let cells = realigned.as_ref().unwrap_or(&r.cells);
        let nonempty = cells.iter().filter(|c| !c.is_empty()).count();
        if cols.category.is_some() {
            if let Some(c) = cell(cells, cols.category).filter(|c| !c.is_empty()) {
                category = Some(c);
            }
        }
        let name = cell(cells, cols.name).unwrap_or_default();
        // A group row ("一、民生保障") or a note spanning the table.
        if nonempty <= 2
            && cell(cells, cols.unit).is_none_or(|u| u.is_empty())
            && cell(cells, cols.target).is_none_or(|t| t.is_empty())
        {
            let label = cells
                .iter()
                .find(|c| !c.is_empty())
                .cloned()
                .unwrap_or_default();
            if label.starts_with("注") || label.starts_with("备注") {
                continue;
            }
            // The group's name is the rows' category, its numbering aside
            // (一、经济发展 → 经济发展), as a category column prints it.
            let named = crate::numbering::numbering(&label)
                .map_or(label.as_str(), |n| trim(&label[n.len..]));
            category = Some(if named.is_empty() {
                label.clone()
            } else {
                named.to_string()
            });
            grouped = true;
            continue;
        }
        if name.is_empty() {
            node.warnings.push(Warning::new(
                "indicator-no-name",
                "indicator row without a name cell",
                Some(r.span),
            ));
            continue;
        }
        if cells.len() != columns.len() && !columns.is_empty() {
            node.warnings.push(Warning::new(
                "table-row-cells",
                format!(
                    "indicator row {:?} has {} cells, the header {}",
                    name,
                    cells.len(),
                    columns.len()
                ),
                Some(r.span),
            ));
        }
        node.indicators.push(IndicatorRow {
            seq: cell(cells, cols.seq).filter(|s| !s.is_empty()),
            category: if cols.category.is_some() || grouped {
                category.clone()
            } else {
                None
            },
            unit: cell(cells, cols.unit)
                .filter(|u| !u.is_empty())
                .or_else(|| unit_in_name(&name)),
            name,
            baseline: cell(cells, cols.baseline),
            target: cell(cells, cols.target),
            others: cols
                .others
                .iter()
                .filter_map(|&i| Some((columns.get(i)?.clone(), cells.get(i)?.clone())))
                .collect(),
            attribute: cell(cells, cols.attribute),
            span: r.span,
        });
    }
}

/// An attribute as printed: 预期性, 约束性, 预期值, 约束 …
pub(crate) fn is_attribute(c: &str) -> bool {
    let c = squash(c);
    ["预期", "约束"].iter().any(|w| c.starts_with(w)) && char_len(&c) <= 4
}

/// A unit cell: a short word with no digit (%, 个, 平方米, 万元).
fn is_unit_like(c: &str) -> bool {
    let c = squash(c);
    !c.is_empty()
        && char_len(&c) <= 4
        && !c
            .chars()
            .any(|ch| ch.is_ascii_digit() || "—-–―－≥≤><＞＜".contains(ch))
        && !c.starts_with(['不', '约', '达', '超', '低', '高', '全'])
}

/// Rows a converter broke off the numbered row above: no 序号 and no digit
/// (the rest of a wrapped name, 值 under 预期), with two cells filled or
/// following such a row, or one right of the name. A lone label under a
/// numbered row stays a group row.
fn join_continuations(cols: &IndCols, rows: &[Row]) -> Vec<Row> {
    let Some(seq) = cols.seq else {
        return rows.to_vec();
    };
    let mut out: Vec<Row> = Vec::with_capacity(rows.len());
    let mut chained = false;
    for r in rows {
        let filled = r.cells.iter().filter(|c| !trim(c).is_empty()).count();
        let no_digit = !r
            .cells
            .iter()
            .any(|c| c.chars().any(|ch| ch.is_ascii_digit()));
        let prev_numbered = out.last().is_some_and(|p: &Row| {
            cell(&p.cells, Some(seq)).is_some_and(|s| s.parse::<u32>().is_ok())
        });
        // (A lone piece right of the name, 性 under 预期 on the next page,
        // is no group's label.)
        let past_name = cols.name.is_some_and(|name| {
            r.cells
                .iter()
                .position(|c| !trim(c).is_empty())
                .is_some_and(|k| k > name)
        });
        let joins = prev_numbered
            && cell(&r.cells, Some(seq)).is_none_or(|s| s.is_empty())
            && no_digit
            && filled >= 1
            && (filled >= 2 || chained || past_name);
        if joins {
            let prev = out.last_mut().expect("a numbered row");
            for (k, c) in r.cells.iter().enumerate() {
                let c = trim(c);
                if c.is_empty() {
                    continue;
                }
                if k >= prev.cells.len() {
                    prev.cells.resize(k + 1, String::new());
                }
                prev.cells[k].push_str(c);
            }
            prev.span = prev.span.to(r.span);
            chained = true;
        } else {
            out.push(r.clone());
            chained = false;
        }
    }
    out
}

/// A row whose cells slid off their columns (a laid-out text's columns drift
/// with the width of the characters): when the attribute (预期性/约束性)
/// stands in another column than the header's, the cells between the name
/// and it are read again in order: a unit word first, then the values
/// (base year, target, others) from the left. None when the row fits.
fn realign(cols: &IndCols, columns: &[String], cells: &[String]) -> Option<Vec<String>> {
    let attr = cols.attribute?;
    let name = cols.name?;
    if cell(cells, Some(attr)).is_some_and(|c| is_attribute(&c)) {
        return None;
    }
    // A part of the table that lost the columns left of the name (a 类别
    // or 序号 column the page's layout merged into the names): the row
    // holds the name's columns to the attribute's, no more.
    let name_first = cells.first().is_some_and(|c| {
        let c = squash(c);
        char_len(&c) >= 5 && c.chars().any(crate::text::is_han) && !PURE_NUMBER.is_match(&c)
    });
    if attr > name
        && cells.len() == attr - name + 1
        && cells.len() < columns.len()
        && name_first
        && cells.last().is_some_and(|c| is_attribute(c))
    {
        let mut out = vec![String::new(); columns.len()];
        for (k, c) in cells.iter().enumerate() {
            out[name + k] = c.clone();
        }
        return Some(out);
    }
    // So too a part that lost the 类别 column left of the 序号: the row
    // holds the number's columns to the attribute's.
    if let Some(seq) = cols.seq.filter(|&q| q > 0 && attr > q) {
        if cells.len() == attr - seq + 1
            && cells
                .first()
                .is_some_and(|c| PURE_NUMBER.is_match(&squash(c)))
            && cells.last().is_some_and(|c| is_attribute(c))
        {
            let mut out = vec![String::new(); columns.len()];
            for (k, c) in cells.iter().enumerate() {
                out[seq + k] = c.clone();
            }
            return Some(out);
        }
    }
    let at = (name + 1..cells.len())
        .rev()
        .find(|&k| is_attribute(&cells[k]))?;
    let mut out: Vec<String> = vec![String::new(); columns.len().max(cells.len())];
    for (k, c) in cells.iter().enumerate().take(name + 1) {
        out[k] = c.clone();
    }
    out[attr] = cells[at].clone();
    let mut rest = cells[name + 1..at]
        .iter()
        .filter(|c| !trim(c).is_empty())
        .peekable();
    if let Some(u) = cols.unit.filter(|&u| u > name) {
        if rest.peek().is_some_and(|c| is_unit_like(c)) {
            out[u] = rest.next().expect("peeked").clone();
        }
    }
    let mut values: Vec<usize> = [cols.baseline, cols.target]
        .into_iter()
        .flatten()
        .chain(cols.others.iter().copied())
        .filter(|&k| columns.get(k).is_some_and(|h| !trim(h).is_empty()))
        .collect();
    values.sort_unstable();
    for (k, v) in values.into_iter().zip(rest) {
        out[k] = v.clone();
    }
    // A unit glued into the name by the drift ("跨省通%办").
    if let Some(u) = cols.unit {
        if out[u].is_empty()
            && out[name].matches('%').count() == 1
            && !out[name].contains("%）")
            && !out[name].contains("%)")
        {
            out[name] = out[name].replace('%', "");
            out[u] = "%".to_string();
        }
    }
    Some(out)
}

/// Column roles of a project table.
#[derive(Debug, Default)]
struct PrjCols {
    seq: Option<usize>,
    /// A column naming each row's group (地区, 类别): a merged cell printed
    /// once per group.
    group: Option<usize>,
    name: Option<usize>,
    nature: Option<usize>,
    years: Option<usize>,
    content: Option<usize>,
    investment: Option<usize>,
    owner: Option<usize>,
}

fn prj_columns(columns: &[String]) -> PrjCols {
    let mut r = PrjCols::default();
    let cols: Vec<String> = columns.iter().map(|c| squash(c)).collect();
    for (i, c) in cols.iter().enumerate() {
        if c.is_empty() {
            continue;
        }
        if c.contains("序号") || c == "编号" {
            r.seq.get_or_insert(i);
        } else if c.contains("项目名称")
            || c == "名称"
            || c == "项目"
            // (工程名称, 项目（工程）名称; not an owner's 单位名称.)
            || (c.ends_with("名称") && char_len(c) <= 8 && !c.contains("单位"))
        {
            r.name.get_or_insert(i);
        } else if c.contains("性质") {
            r.nature.get_or_insert(i);
        } else if crate::clean::PLACE_WORDS
            .iter()
            .chain(&["类别", "领域", "行业", "板块"])
            .any(|w| c.contains(w))
            && char_len(c) <= 8
        {
            r.group.get_or_insert(i);
        } else if c.contains("年限")
            || c.contains("起止")
            || c.contains("建设期")
            || c.contains("周期")
            || c.contains("时间")
        {
            r.years.get_or_insert(i);
            // (Two columns' names in one: 建设规模及内容建设起止年限, where
            // pdftotext -layout set the content against the years.)
            if is_content_header(c) && r.content.is_none() {
                r.content = Some(i);
            }
        } else if is_content_header(c) {
            r.content.get_or_insert(i);
        } else if OWNER_WORDS.iter().any(|w| c.contains(w)) {
            r.owner.get_or_insert(i);
        }
    }
    r.investment = cols.iter().position(|c| c.contains("总投资")).or_else(|| {
        cols.iter().position(|c| {
            (c.contains("投资") || c.contains("资金"))
                && !["来源", "主体", "渠道", "完成", "进展"]
                    .iter()
                    .any(|w| c.contains(w))
        })
    });
    r
}

fn is_content_header(c: &str) -> bool {
    c.contains("建设内容") || c.contains("规模") || c.contains("主要内容")
}

/// A cell of a column that holds both a project's content and its years
/// (the content's lines set against the years' pieces: 改建二级公路26公
/// 2021—, 里，新建桥梁3座2023) parted into the two: the range that opens,
/// the year after it that closes it, and the words around them.
fn split_content_years(cell: &str) -> (String, Option<String>) {
    static PIECE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"((?:19|20)\d{2})([-—–~～至]((?:19|20)\d{2})?)?").expect("valid")
    });
    // A year in the content's words goes on (2025年, 20万); a piece of the
    // years ends its line's piece.
    // (An opening piece may be followed by anything: 2022— 1座.)
    let apart = |m: &regex::Match| {
        !cell[..m.start()].ends_with(|c: char| c.is_ascii_digit() || c == '.')
            && (m.as_str().ends_with(|c: char| !c.is_ascii_digit())
                || !cell[m.end()..].starts_with(|c: char| {
                    c.is_ascii_digit() || c == '.' || c == '年' || c == '万' || c == '%'
                }))
    };
    let mut found = PIECE
        .captures_iter(cell)
        .filter(|c| apart(&c.get(0).expect("whole")));
    let Some(open) = found.find(|c| c.get(2).is_some()) else {
        return (cell.to_string(), None);
    };
    let whole = open.get(0).expect("whole");
    let mut cut = vec![whole.range()];
    let mut years = whole.as_str().to_string();
    if open.get(3).is_none() {
        if let Some(close) = found.find(|c| c.get(2).is_none()) {
            let m = close.get(0).expect("whole");
            years.push_str(m.as_str());
            cut.push(m.range());
        }
    }
    let mut content = String::new();
    let mut at = 0;
    for r in cut {
        content.push_str(cell[at..r.start].trim_end());
        at = r.end;
    }
    content.push_str(cell[at..].trim_start());
    (content.trim().to_string(), Some(years))
}

/// A cell that holds years only (2022- 2025, 2021-2022): no amount.
fn all_years(s: &str) -> bool {
    let s = trim(s);
    YEARS.find(s).is_some_and(|m| {
        m.start() == 0
            && m.end() == s.len()
            && m.as_str().contains(['-', '—', '–', '－', '~', '～', '至'])
    })
}

fn is_number(s: &str) -> bool {
    PURE_NUMBER.is_match(&squash(s))
}

fn is_org(s: &str) -> bool {
    let s = squash(s);
    !s.is_empty()
        && char_len(&s) <= 30
        && !s.contains('。')
        && !s.contains('，')
        && ORG_LIKE.is_match(&s)
        && !s.ends_with("投资")
}

fn group_seq(s: &str) -> bool {
    let s = squash(s);
    let s = s.trim_matches(['（', '）', '(', ')', '、', '.']);
    !s.is_empty() && !s.chars().any(|c| c.is_ascii_digit()) && cn_number(s).is_some()
}

/// The name of a group label that carries its Chinese number (一、交通基础设施,
/// （二）生态环保): the text after the number.
pub(crate) fn group_label(s: &str) -> Option<String> {
    use crate::numbering::Style;
    let s = squash(s);
    let n = crate::numbering::numbering(&s)?;
    let rest = trim(&s[n.len..]);
    (matches!(n.style, Style::CnComma | Style::CnParen)
        && rest.chars().next().is_some_and(crate::text::is_han)
        && char_len(rest) <= MAX_CAPTION_CHARS)
        .then(|| rest.to_string())
}

fn projects(node: &mut TableNode, columns: &[String], rows: &[Row]) {
    let cols = prj_columns(columns);
    let mut group: Option<String> = None;
    for r in rows {
        let cells = &r.cells;
        let get = |i: Option<usize>| cell(cells, i).filter(|s| !s.is_empty());
        let seq = get(cols.seq);
        let name = get(cols.name);
        if let Some(n) = &name {
            let n = squash(n);
            if ["合计", "总计", "小计", "总计划"].iter().any(|w| n == *w) {
                continue;
            }
        }
        if seq
            .as_deref()
            .is_some_and(|s| crate::clean::TOTAL_WORDS.contains(&squash(s).as_str()))
        {
            continue;
        }
        // A group row merged across the table, its number and name one
        // cell (一、交通基础设施).
        if name.is_none() && get(cols.years).is_none() {
            if let Some(label) = seq.as_deref().and_then(group_label) {
                group = Some(label);
                continue;
            }
        }
        // Group rows: 二 殡葬服务设施项目 … 6700 0 6700.
        if seq.as_deref().is_some_and(group_seq)
            && name.is_some()
            && get(cols.years).is_none_or(|y| !YEARS.is_match(&y))
        {
            group = name;
            continue;
        }
        let mut shifted = Vec::new();
        // (One column of content and years: each its part of the cell.)
        let merged = cols.content.is_some() && cols.content == cols.years;
        let (merged_content, merged_years) = match get(cols.content).filter(|_| merged) {
            Some(c) => {
                let (content, years) = split_content_years(&c);
                (Some(content).filter(|c| !c.is_empty()), years)
            }
            None => (None, None),
        };
        // Years: the mapped cell, else any cell that reads like years.
        let years = merged_years
            .or_else(|| get(cols.years).filter(|y| YEARS.is_match(y) && !merged))
            .or_else(|| {
                let found = cells
                    .iter()
                    .enumerate()
                    .find(|(i, c)| {
                        Some(*i) != cols.seq
                            && Some(*i) != cols.name
                            && !(merged && Some(*i) == cols.content)
                            && char_len(c) <= 16
                            && YEARS.is_match(c)
                    })
                    .map(|(_, c)| c.clone());
                if found.is_some() && cols.years.is_some() {
                    shifted.push("years");
                }
                found
            });
        // Investment: the mapped cell if numeric, else the first number after
        // the columns that describe the project.
        let after = [cols.name, cols.nature, cols.years, cols.content, cols.seq]
            .iter()
            .flatten()
            .copied()
            .filter(|&i| i < cols.investment.unwrap_or(usize::MAX))
            .max()
            .map_or(0, |m| m + 1);
        let investment = get(cols.investment)
            .filter(|v| crate::quantity::money(v, None).is_some() && !all_years(v))
            .or_else(|| {
                let found = cells
                    .iter()
                    .enumerate()
                    .skip(after.min(cells.len()))
                    .find(|(i, c)| Some(*i) != cols.seq && is_number(c) && !YEARS.is_match(c))
                    .map(|(_, c)| c.clone());
                if found.is_some() && cols.investment.is_some() {
                    shifted.push("investment");
                }
                found
            });
        // Owner: the mapped cell if it reads as an office, else the last such cell.
        let owner = get(cols.owner).filter(|o| is_org(o)).or_else(|| {
            let from = cols.investment.or(cols.content).map_or(0, |i| i + 1);
            let found = cells
                .iter()
                .enumerate()
                .skip(from.min(cells.len()))
                .filter(|(i, c)| Some(*i) != cols.name && is_org(c))
                .map(|(_, c)| c.clone())
                .next();
            if found.is_some() || get(cols.owner).is_some() {
                shifted.push("owner");
            }
            found
        });
        let content = if merged {
            merged_content
        } else {
            get(cols.content).filter(|c| !is_number(c))
        };
        if name.is_none() && investment.is_none() {
            continue;
        }
        if name.is_none() {
            node.warnings.push(Warning::new(
                "project-row-unnamed",
                "project row whose 序号 and 项目名称 cells are empty (merged cells lost in conversion?)",
                Some(r.span),
            ));
        }
        if !shifted.is_empty() {
            node.warnings.push(Warning::new(
                "table-row-shifted",
                format!(
                    "project row {:?}: the cell under the header's {} column does not fit it; {} read from the cell that does",
                    name.as_deref().unwrap_or(""),
                    shifted.join("/"),
                    shifted.join("/"),
                ),
                Some(r.span),
            ));
        } else if cells.len() != columns.len() && !columns.is_empty() {
            node.warnings.push(Warning::new(
                "table-row-cells",
                format!(
                    "project row {:?} has {} cells, the header {}",
                    name.as_deref().unwrap_or(""),
                    cells.len(),
                    columns.len()
                ),
                Some(r.span),
            ));
        }
        // A group column's cell opens a group; an empty one (a merged cell)
        // keeps the one above.
        if let Some(g) = get(cols.group) {
            group = Some(g);
        }
        node.projects.push(ProjectRow {
            seq,
            group: group.clone(),
            name,
            nature: get(cols.nature).filter(|n| char_len(n) <= 10),
            years,
            content,
            investment,
            owner,
            span: r.span,
        });
    }
}

/// `2022-2024` → (2022, 2024); `2022年` → (2022, 2022).
pub fn parse_years(s: &str) -> Option<(i32, i32)> {
    let c = YEARS.captures(s)?;
    let a: i32 = c[1].parse().ok()?;
    let b: i32 = c.get(2).and_then(|m| m.as_str().parse().ok()).unwrap_or(a);
    (b >= a).then_some((a, b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::clean;
    use crate::read::text::text_document;

    fn run(s: &str) -> Vec<TableNode> {
        let c = clean(&text_document(s.as_bytes()).unwrap());
        tables(&c.blocks, &[])
    }

    #[test]
    fn wrapped_words_join_leftmost_first_until_the_row_fits() {
        let row = |v: &[&str]| v.iter().map(|c| c.to_string()).collect::<Vec<_>>();
        let mut cells = row(&[
            "1",
            "低保",
            "%",
            "不低于居民上",
            "年度人均消费",
            "支出增速",
            "预期性",
        ]);
        join_wrapped_words(&mut cells, 5);
        assert_eq!(
            cells,
            row(&[
                "1",
                "低保",
                "%",
                "不低于居民上\n年度人均消费\n支出增速",
                "预期性"
            ])
        );
        // Only as many joins as the row is too wide; the leftmost pair first.
        let mut cells = row(&["1", "低保", "%", "甲乙丙", "丁戊己", "庚辛壬", "预期性"]);
        join_wrapped_words(&mut cells, 6);
        assert_eq!(
            cells,
            row(&["1", "低保", "%", "甲乙丙\n丁戊己", "庚辛壬", "预期性"])
        );
        // A row of thousands of pieces: one pass.
        let mut cells = row(&["1", "低保", "%"]);
        cells.extend((0..5000).map(|_| "甲乙丙".to_string()));
        join_wrapped_words(&mut cells, 4);
        assert_eq!(cells.len(), 4);
        assert_eq!(cells[3].lines().count(), 5000);
    }

    #[test]
    fn a_column_of_content_and_years_is_parted() {
        let split = |c: &str| split_content_years(c);
        assert_eq!(
            split("改建二级公路26公2021—里，新建桥梁3座2023"),
            (
                "改建二级公路26公里，新建桥梁3座".to_string(),
                Some("2021—2023".to_string())
            )
        );
        assert_eq!(
            split("新建日供水3万吨水厂2022—1座及配套管网18公2024里"),
            (
                "新建日供水3万吨水厂1座及配套管网18公里".to_string(),
                Some("2022—2024".to_string())
            )
        );
        assert_eq!(
            split("改造雨污分流管网35 2022—公里2023"),
            (
                "改造雨污分流管网35公里".to_string(),
                Some("2022—2023".to_string())
            )
        );
        // Years in the words stay there; no range, no years.
        assert_eq!(
            split("到2025年建成20万千瓦"),
            ("到2025年建成20万千瓦".to_string(), None)
        );
    }

    #[test]
    fn a_row_with_a_bound_or_an_attribute_is_no_subheader() {
        let row = |c: &[&str]| c.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(is_subheader_row(&row(&["", "", "年目标值", "年实际值"])));
        assert!(!is_subheader_row(&row(&[
            "",
            "文物保护单位增加数量",
            "≥50",
            "约束性"
        ])));
        assert!(!is_subheader_row(&row(&["", "示范区数量", "≥2"])));
        assert!(!is_subheader_row(&row(&["", "示范区", "预期性"])));
    }

    #[test]
    fn a_table_goes_on_over_page_breaks() {
        // The header repeated overleaf over the 性 the break cut from row
        // 2's 预期; the last part without its header and its 类别 column.
        let t = run("表1 主要指标\n类别\t序号\t指标\t单位\t2025年\t属性\n\
             经济发展\t1\t地区生产总值增长\t%\t6\t预期性\n\t2\t常住人口城镇化率\t%\t67\t预期\n\
             \u{c}类别\t序号\t指标\t单位\t2025年\t属性 性\n\t3\t森林覆盖率\t%\t42\t约束性\n\
             \u{c}4\t粮食综合生产能力\t万吨\t3550\t约束性\n");
        assert_eq!(t.len(), 1);
        type Read<'a> = (&'a str, Option<&'a str>, Option<&'a str>, Option<&'a str>);
        let rows: Vec<Read> = t[0]
            .indicators
            .iter()
            .map(|i| {
                (
                    i.name.as_str(),
                    i.category.as_deref(),
                    i.target.as_deref(),
                    i.attribute.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            rows,
            [
                (
                    "地区生产总值增长",
                    Some("经济发展"),
                    Some("6"),
                    Some("预期性")
                ),
                (
                    "常住人口城镇化率",
                    Some("经济发展"),
                    Some("67"),
                    Some("预期性")
                ),
                ("森林覆盖率", Some("经济发展"), Some("42"), Some("约束性")),
                (
                    "粮食综合生产能力",
                    Some("经济发展"),
                    Some("3550"),
                    Some("约束性")
                ),
            ]
        );
    }

    #[test]
    fn a_part_without_the_columns_left_of_the_name_is_set_right() {
        let cols = IndCols {
            name: Some(1),
            target: Some(2),
            attribute: Some(3),
            ..Default::default()
        };
        let columns: Vec<String> = ["指标", "", "2025年", "属性"].map(String::from).to_vec();
        let row = |c: &[&str]| c.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            realign(
                &cols,
                &columns,
                &row(&["承担国家级、省级研究课题数量", "≥30", "预期性"])
            ),
            Some(row(&["", "承担国家级、省级研究课题数量", "≥30", "预期性"]))
        );
        // A short row that opens with its number is not shifted so.
        let cols = IndCols {
            seq: Some(0),
            ..cols
        };
        assert_ne!(
            realign(&cols, &columns, &row(&["5", "≥30", "预期性"])).map(|r| r[1].clone()),
            Some("5".to_string())
        );
    }

    #[test]
    fn units_in_names() {
        assert_eq!(unit_in_name("县级博物馆覆盖率（%）").as_deref(), Some("%"));
        assert_eq!(
            unit_in_name("社会教育活动数量（场次）").as_deref(),
            Some("场次")
        );
        assert_eq!(unit_in_name("博物馆年度举办陈列展览数量（含临展）"), None);
        assert_eq!(unit_in_name("出台地方性专项法规（标准、导则等）"), None);
        assert_eq!(unit_in_name("博物馆数量"), None);
    }

    #[test]
    fn tab_table_with_wrapped_cells() {
        let t = run("主要发展指标\t\t\t\t\n序号\t指标\t单位\t我县 2020 年实际值\t我县 2025 年目标值\t省上 2025 年目标值\t属性\n1\t城乡低保\t%\t10\t≥55\t≥55\t预期值\n\n2\t志愿服务 站点覆盖 率\t%\t0\t80\t80\t约 束 性\n");
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].kind, TableKind::Indicators);
        assert_eq!(t[0].caption.as_deref(), Some("主要发展指标"));
        let r = &t[0].indicators[1];
        assert_eq!(r.name, "志愿服务站点覆盖率");
        assert_eq!(r.attribute.as_deref(), Some("约束性"));
        assert_eq!(
            (r.baseline.as_deref(), r.target.as_deref()),
            (Some("0"), Some("80"))
        );
        assert_eq!(
            r.others,
            vec![("省上2025年目标值".to_string(), "80".to_string())]
        );
    }

    #[test]
    fn a_name_column_without_its_header_is_found_by_its_text() {
        // The name column's header cell read blank (a scan) or garbled.
        for head in ["", "人"] {
            let t = run(&format!("主要指标\n序号\t{head}\t单位\t2020年实际值\t2025年目标值\t指标属性\n1\t城乡低保标准年度增速\t%\t—\t8\t预期性\n2\t养老机构护理型床位占比\t%\t38\t60\t约束性\n"));
            assert_eq!(t.len(), 1, "{head:?}");
            let names: Vec<&str> = t[0].indicators.iter().map(|r| r.name.as_str()).collect();
            assert_eq!(
                names,
                ["城乡低保标准年度增速", "养老机构护理型床位占比"],
                "{head:?}"
            );
            assert_eq!(t[0].indicators[1].target.as_deref(), Some("60"), "{head:?}");
        }
    }

    #[test]
    fn cells_off_their_columns_and_broken_rows() {
        // Laid-out text: a year alone heads a column, cells drift left of
        // their header, a row's wrapped tail comes as a row of its own.
        let t = run("主要指标\n序号\t指标\t单位\t2020\t\t2025\t属性\n1\t城乡低保标准\t%\t10\t12\t预期性\n2\t婚姻登记跨省通%办实施率\t—\t100\t约束性\n3\t每百户居民\t平方米\t21\t30\t预期\n\t拥有的社区服务设施\t\t\t\t值\n");
        assert_eq!(t[0].kind, TableKind::Indicators);
        let got: Vec<_> = t[0]
            .indicators
            .iter()
            .map(|r| {
                (
                    r.name.as_str(),
                    r.unit.as_deref().unwrap_or(""),
                    r.baseline.as_deref().unwrap_or(""),
                    r.target.as_deref().unwrap_or(""),
                    r.attribute.as_deref().unwrap_or(""),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("城乡低保标准", "%", "10", "12", "预期性"),
                ("婚姻登记跨省通办实施率", "%", "—", "100", "约束性"),
                (
                    "每百户居民拥有的社区服务设施",
                    "平方米",
                    "21",
                    "30",
                    "预期值"
                ),
            ]
        );
        assert!(is_header_row(&[
            "序号".into(),
            "指标".into(),
            "2020".into()
        ]));
        assert!(!is_header_row(&["序号".into(), "指标".into(), "35".into()]));
    }

    #[test]
    fn merged_cells_printed_in_every_position_they_cover() {
        // Docling's Markdown: the title row and a group's label merged
        // across the table, and the names merged down both header rows,
        // printed in each cell; data cells that merely agree stay.
        let t = run("| 重点项目表 | 重点项目表 | 重点项目表 | 重点项目表 | 重点项目表 | 重点项目表 |\n| 序号 | 项目名称 | 建设性质 | 投资（万元） | 投资（万元） | 责任单位 |\n|---|---|---|---|---|---|\n| 序号 | 项目名称 | 建设性质 | 总投资 | “十四五”投资 | 责任单位 |\n| 一、交通 | 一、交通 | 一、交通 | 一、交通 | 一、交通 | 一、交通 |\n| 1 | 甲路 | 新建 | 100 | 100 | 市交通局 |\n| 二、生态 | 二、生态 | 二、生态 | 二、生态 | 二、生态 | 二、生态 |\n| 2 | 乙园 | 续建 | 50 | 40 | 市林业局 |\n");
        assert_eq!(t.len(), 1);
        let p = &t[0].projects;
        let rows: Vec<_> = p
            .iter()
            .map(|r| {
                (
                    r.name.as_deref(),
                    r.group.as_deref(),
                    r.investment.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            rows,
            [
                (Some("甲路"), Some("交通"), Some("100")),
                (Some("乙园"), Some("生态"), Some("50"))
            ]
        );
        assert_eq!(t[0].columns[0], "序号");
        assert_eq!(t[0].columns[4], "投资（万元）/“十四五”投资");
    }

    #[test]
    fn a_markdown_writers_dash_in_a_cell_is_a_dash() {
        // pandoc's Markdown sets — as --- (its smart punctuation), a cell
        // to a line where the Word table's cells hold paragraphs.
        let doc = crate::read::text::markdown_document(
            "“十四五”时期主要发展指标\n\n序号\n\n主要指标\n\n单位\n\n2020年\n\n2025年\n\n属性\n\n1\n\n森林覆盖率\n\n\\%\n\n---\n\n46\n\n约束性\n\n2\n\n绿色出行比例\n\n\\%\n\n60\n\n70\n\n预期性\n\n正文在表格之后继续，这是一个很长的段落，不是表格的一行。\n"
                .as_bytes(),
        )
        .unwrap();
        let t = tables(&clean(&doc).blocks, &[]);
        assert_eq!(t[0].indicators[0].baseline.as_deref(), Some("—"));
        assert_eq!(t[0].indicators[1].baseline.as_deref(), Some("60"));
    }

    #[test]
    fn pipe_table_split_by_page_break() {
        let t = run("表 1：主要指标\n\n| 序号 | 主要指标 | 单位 | 2020 年 | 2025 年 | 指标属性 |\n|--|--|--|--|--|--|\n| 1 | 甲 | % | —— | 100 | 预期性 |\n\n| 序号 | 主要指标 | 单位 | 2020年 | 2025年 | 指标属性 |\n|--|--|--|--|--|--|\n| 2 | 乙 | 个 | 46 | ≥90 | 约束性 |\n");
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].caption.as_deref(), Some("主要指标"));
        let names: Vec<_> = t[0].indicators.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["甲", "乙"]);
        assert_eq!(t[0].indicators[0].baseline.as_deref(), Some("——"));
    }

    #[test]
    fn cell_per_line_table() {
        let t = run("\t序号\n\t指标\n\t单位\n\t2020年\n实际值\n\t2025年\n目标值\n\t属性\n\n\t1\n\t低保增速\n\t%\n\t—\n\t不低于居民上\n\n年度人均消费\n\n支出增速\n\t预期性\n\n\t2\n\t床位占比\n\t%\n\t38\n\t60\n\t约束性\n");
        assert_eq!(
            t[0].columns,
            [
                "序号",
                "指标",
                "单位",
                "2020年实际值",
                "2025年目标值",
                "属性"
            ]
        );
        assert_eq!(t[0].indicators.len(), 2);
        assert_eq!(
            t[0].indicators[0].target.as_deref(),
            Some("不低于居民上年度人均消费支出增速")
        );
    }

    #[test]
    fn cells_parted_by_blank_lines_without_row_numbers() {
        // docx2txt of a Word table with no 序号 (a national or provincial
        // table): a blank line after each cell, one more for an empty cell
        // (the 类别 cell merged down its group), names that carry their
        // number, a value column named without a year, values in words.
        let t = run("专栏1 主要指标\n\n类别\n\n指标\n\n2020年\n\n2025年\n\n年均/累计\n\n属性\n\n\
                     经济发展\n\n1.国内生产总值增长（%）\n\n2.3\n\n—\n\n保持在合理区间\n\n预期性\n\n\n\n\
                     2.常住人口城镇化率（%）\n\n60.6\n\n65\n\n—\n\n预期性\n\n\
                     创新驱动\n\n3.研发经费投入增长（%）\n\n—\n\n—\n\n>7\n\n预期性\n\n正文在表格之后继续。\n");
        assert_eq!(
            t[0].columns,
            ["类别", "指标", "2020年", "2025年", "年均/累计", "属性"]
        );
        let rows: Vec<_> = t[0]
            .indicators
            .iter()
            .map(|r| {
                (
                    r.category.as_deref().unwrap_or(""),
                    r.name.as_str(),
                    r.baseline.as_deref().unwrap_or(""),
                    r.target.as_deref().unwrap_or(""),
                    r.others.first().map_or("", |o| o.1.as_str()),
                )
            })
            .collect();
        assert_eq!(
            rows,
            [
                (
                    "经济发展",
                    "1.国内生产总值增长（%）",
                    "2.3",
                    "—",
                    "保持在合理区间"
                ),
                ("经济发展", "2.常住人口城镇化率（%）", "60.6", "65", "—"),
                ("创新驱动", "3.研发经费投入增长（%）", "—", "—", ">7"),
            ]
        );
    }

    #[test]
    fn project_groups_and_totals_in_a_cell_per_line_table() {
        // docx2txt: a group's label merged across the table is one cell;
        // an empty cell two blank lines more; 小计 rows have no number.
        let t = run("表2 重大项目表\n\n序号\n\n项目名称\n\n建设性质\n\n总投资（万元）\n\n责任单位\n\n\
                     一、交通基础设施\n\n1\n\n东城快速路\n\n新建\n\n18000\n\n市交通局\n\n\
                     2\n\n东城公交枢纽\n\n\n\n\n7000\n\n市交通局\n\n\n\n\n小计\n\n\n\n\n25000\n\n\n\n\
                     二、生态环保\n\n3\n\n清水河治理\n\n续建\n\n8000\n\n市水务局\n\n\n\n\n合计\n\n\n\n\n33000\n\n\n\n\
                     第三章 保障措施\n");
        let rows: Vec<_> = t[0]
            .projects
            .iter()
            .map(|p| {
                (
                    p.group.as_deref().unwrap_or(""),
                    p.name.as_deref().unwrap_or(""),
                    p.nature.as_deref().unwrap_or(""),
                    p.investment.as_deref().unwrap_or(""),
                )
            })
            .collect();
        assert_eq!(
            rows,
            [
                ("交通基础设施", "东城快速路", "新建", "18000"),
                ("交通基础设施", "东城公交枢纽", "", "7000"),
                ("生态环保", "清水河治理", "续建", "8000"),
            ]
        );
        assert_eq!(t[0].unit.as_deref(), Some("万元"));
    }

    #[test]
    fn a_header_left_at_the_foot_of_a_page_heads_the_rows_overleaf() {
        // pdftotext -layout: the header row alone at the foot of a page,
        // under the caption; the rows open the next page.
        let t = run(concat!(
            "表 4 水资源主要指标\n\n",
            "序号     指标                单位        2020 年    2025 年    属性\n\u{c}",
            "1      用水总量              亿立方米      5.2       5.6       约束性\n",
            "2      万元GDP用水量          立方米       38        32        约束性\n",
            "3      农田灌溉水有效利用系数       —         0.55      0.58      预期性\n",
            "4      城市污水再生利用率         %         20        25        预期性\n",
            "5      地下水超采量            亿立方米      0.8       0         约束性\n\n",
            "第三章 主要任务\n"
        ));
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].kind, TableKind::Indicators);
        assert_eq!(t[0].caption.as_deref(), Some("水资源主要指标"));
        assert_eq!(t[0].columns.len(), 6);
        assert_eq!(t[0].indicators.len(), 5);
        assert_eq!(t[0].indicators[0].target.as_deref(), Some("5.6"));
    }

    #[test]
    fn a_two_row_header_and_numbered_group_rows_in_a_cell_per_line_table() {
        // docx2txt of a Word table whose header has two rows: 资金（万元）
        // merged over 合计 and 中央资金, the other header cells merged down
        // (their lower halves empty cells); each group's row (甲 numbered
        // 一) has its totals in the money columns. docx2txt ends every
        // cell, empty or not, with a blank line.
        let cells = [
            "序号",
            "工程名称",
            "资金（万元）",
            "实施单位",
            "",
            "",
            "合计",
            "中央资金",
            "",
            "一",
            "水利设施",
            "900",
            "500",
            "",
            "1",
            "北干渠改造",
            "600",
            "300",
            "县水利局",
            "2",
            "南湖清淤",
            "300",
            "200",
            "县水利局",
            "二",
            "道路桥梁",
            "400",
            "0",
            "",
            "3",
            "跨河大桥",
            "400",
            "0",
            "县交通局",
        ];
        let body: String = cells.iter().map(|c| format!("{c}\n\n")).collect();
        let t = run(&format!("表3 重点工程项目表\n\n{body}第五章 保障措施\n"));
        assert_eq!(
            t[0].columns,
            [
                "序号",
                "工程名称",
                "资金（万元）/合计",
                "资金（万元）/中央资金",
                "实施单位"
            ]
        );
        let rows: Vec<_> = t[0]
            .projects
            .iter()
            .map(|p| {
                (
                    p.group.as_deref().unwrap_or(""),
                    p.name.as_deref().unwrap_or(""),
                    p.owner.as_deref().unwrap_or(""),
                )
            })
            .collect();
        assert_eq!(
            rows,
            [
                ("水利设施", "北干渠改造", "县水利局"),
                ("水利设施", "南湖清淤", "县水利局"),
                ("道路桥梁", "跨河大桥", "县交通局"),
            ]
        );
    }

    #[test]
    fn group_rows_merged_across_a_cell_per_line_table() {
        // docx2txt: a group's row merged across the table prints its label
        // and then its empty cells as blank lines before the next number.
        let t = run("表1 发展目标\n\n序号\n\n指标名称\n\n单位\n\n2020年\n\n2025年\n\n指标属性\n\n\
                     一、经济发展\n\n\n\n\n\n\n\n\n\n\n\n1\n\n地区生产总值\n\n亿元\n\n1520\n\n2200\n\n预期性\n\n\
                     2\n\n一般公共预算收入\n\n亿元\n\n120\n\n160\n\n预期性\n\n\
                     二、绿色生态\n\n\n\n\n\n\n\n\n\n\n\n3\n\n森林覆盖率\n\n%\n\n45\n\n46\n\n约束性\n\n正文。\n");
        let rows: Vec<_> = t[0]
            .indicators
            .iter()
            .map(|r| {
                (
                    r.category.as_deref().unwrap_or(""),
                    r.name.as_str(),
                    r.target.as_deref().unwrap_or(""),
                )
            })
            .collect();
        assert_eq!(
            rows,
            [
                ("经济发展", "地区生产总值", "2200"),
                ("经济发展", "一般公共预算收入", "160"),
                ("绿色生态", "森林覆盖率", "46"),
            ]
        );
    }

    #[test]
    fn project_groups_and_shifted_rows() {
        let t = run("单位：万元\n序号\t项目名称\t建设性质\t建设年限\t建设内容\t总投资\t责任单位\n二\t殡葬服务设施项目\t\t\t\t6700\t\n1\t殡仪馆建设项目\t新建\t2022-2023\t新建大厅。\t2100\t县民政局\n2\t骨灰堂项目\t新建\t2022-2023\t新建楼。\t目前已完成可研\t1200\t县民政局\n\t合计\t\t\t\t\t\n");
        let p = &t[0].projects;
        assert_eq!(t[0].unit.as_deref(), Some("万元"));
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].group.as_deref(), Some("殡葬服务设施项目"));
        assert_eq!(p[0].investment.as_deref(), Some("2100"));
        assert_eq!(p[1].investment.as_deref(), Some("1200"));
        assert_eq!(p[1].owner.as_deref(), Some("县民政局"));
        assert_eq!(parse_years("2022-2024"), Some((2022, 2024)));
        assert_eq!(parse_years("2021—2025年"), Some((2021, 2025)));
    }

    #[test]
    fn project_groups_by_column_subtotals_and_plan_period_investment() {
        let t = run("序号\t地区\t项目名称\t建设性质\t“十四五”投资（万元）\n1\t东城区\t东城快速路项目\t新建\t18000\n2\t\t东城公交枢纽\t续建\t7000\n\t\t小计\t\t25000\n3\t西城区\t西城停车场\t新建\t8000\n合计\t\t\t\t33000\n");
        let p = &t[0].projects;
        assert_eq!(t[0].unit.as_deref(), Some("万元"));
        let got: Vec<_> = p
            .iter()
            .map(|p| {
                (
                    p.group.as_deref().unwrap_or(""),
                    p.name.as_deref().unwrap_or(""),
                    p.investment.as_deref().unwrap_or(""),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("东城区", "东城快速路项目", "18000"),
                ("东城区", "东城公交枢纽", "7000"),
                ("西城区", "西城停车场", "8000")
            ]
        );
    }
}
