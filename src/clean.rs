//! Stage 2, clean: [`Document`] → [`Cleaned`], a sequence of [`Block`]s.
//!
//! Removes conversion debris (`**`, `[bookmark: …]`, `- ` bullets, inline LaTeX),
//! page-number lines and image markers; turns the tables a reader handed over
//! as [`Grid`](crate::read::Grid)s into table regions, cell by cell, and
//! recognizes the table regions of plain text (tab rows, pipe rows, one cell
//! per line, space-aligned rows, and cells printed column by column, which
//! the `columns` module rebuilds into rows), so that their lines are never
//! joined or read as headings; and re-joins paragraphs that a page break or
//! a hard wrap cut in two. Every block keeps the span of the source lines it came from.
//!
//! Both kinds of table end as one [`RawTable`], which the tables stage reads.
//! A grid's rows open a region from the first row with two cells of text (a
//! title row spanning the table is a paragraph, the caption), and grids with
//! nothing between them (a table continued overleaf) are one region.

use crate::model::Span;
use crate::numbering::{heading_like, is_block_start};
use crate::read::{Document, LineStyle};
use crate::text::{char_len, is_han, numbered_name, squash, trim};
use regex::Regex;
use std::sync::LazyLock;

mod columns;

/// One non-blank source line after cleaning.
#[derive(Debug, Clone)]
pub struct Line {
    /// Cleaned text, trimmed, tabs inside kept.
    pub text: String,
    /// The line began with a tab (one-cell-per-line tables, some box items).
    pub lead_tab: bool,
    /// Blank lines before this one.
    pub gap: usize,
    pub span: Span,
    pub style: Option<LineStyle>,
    /// The line is a row of a reader's table grid: its cells spread over
    /// its columns ([`crate::read::Grid::row_texts`]), cleaned.
    pub cells: Option<Vec<String>>,
}

/// How a table was laid out in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// A reader's table grid (Word, web page, PDF): one row per grid row.
    Grid,
    /// One row per line, cells separated by tabs.
    Tabs,
    /// Markdown pipe rows.
    Pipes,
    /// One cell per (tab-led) line, rows in sequence.
    CellPerLine,
}

/// A row of a raw table: cells as printed (wrapping not yet joined).
#[derive(Debug, Clone)]
pub struct RawRow {
    pub cells: Vec<String>,
    pub span: Span,
    pub gap: usize,
    /// A markdown separator row (`|---|`) followed this row.
    pub before_rule: bool,
}

impl RawRow {
    /// A row of `cells` read from line `l`.
    fn of(cells: Vec<String>, l: &Line) -> RawRow {
        RawRow {
            cells,
            span: l.span,
            gap: l.gap,
            before_rule: false,
        }
    }
}

/// A table region as found in the text.
#[derive(Debug, Clone)]
pub struct RawTable {
    pub layout: Layout,
    /// Rows (for [`Layout::CellPerLine`], one cell per row).
    pub rows: Vec<RawRow>,
    pub span: Span,
    pub gap: usize,
}

/// A paragraph: one or more source lines joined.
#[derive(Debug, Clone)]
pub struct Para {
    pub text: String,
    pub span: Span,
    /// Blank lines before the paragraph.
    pub gap: usize,
    /// How its first line is set (PDF input).
    pub style: Option<LineStyle>,
}

/// A block of the cleaned document.
#[derive(Debug, Clone)]
pub enum Block {
    Para(Para),
    Table(RawTable),
}

impl Block {
    pub fn span(&self) -> Span {
        match self {
            Block::Para(p) => p.span,
            Block::Table(t) => t.span,
        }
    }
}

/// The cleaned document.
#[derive(Debug, Clone)]
pub struct Cleaned {
    /// Every non-blank line, cleaned (meta extraction reads these).
    pub lines: Vec<Line>,
    pub blocks: Vec<Block>,
    /// Index in `lines` of each block's first line. Spans can tie (a web
    /// page saved on one source line), so stages order by these.
    pub starts: Vec<usize>,
    /// The site's record of the document ([`Document::record`]).
    pub record: Vec<(String, String)>,
}

/// Run the clean stage.
pub fn clean(doc: &Document) -> Cleaned {
    let mut lines = Vec::with_capacity(doc.lines.len());
    let mut gap = 0;
    let toc = toc_region(doc);
    let feeds = doc
        .lines
        .iter()
        .filter(|l| l.text.starts_with('\u{c}'))
        .count();
    let numbered_feet = feet_numbered(doc, feeds);
    let numbered_heads = !numbered_feet && heads_numbered(doc, feeds);
    let running = running_lines(doc, feeds);
    let page_numbers = if feeds > 0 {
        Vec::new()
    } else {
        page_number_run(doc)
    };
    // The grid row each line is, if any.
    let mut rows: Vec<Option<&crate::read::GridRow>> = vec![None; doc.lines.len()];
    for g in &doc.tables {
        for (k, row) in g.lines.clone().zip(&g.rows) {
            if let Some(slot) = rows.get_mut(k) {
                *slot = Some(row);
            }
        }
    }
    for (k, src) in doc.lines.iter().enumerate() {
        if toc.contains(&k) {
            gap += 1;
            continue;
        }
        let text = clean_line(&src.text);
        let lead_tab = text.starts_with('\t');
        let t = trim(&text);
        if t.is_empty()
            || (!lead_tab && is_page_number(t))
            || is_image_marker(t)
            || is_toc(t)
            || (numbered_feet && bare_number_before_page_feed(doc, k, t))
            || (numbered_heads && bare_number_after_page_feed(doc, k, t))
            || page_numbers.binary_search(&k).is_ok()
            || running.binary_search(&k).is_ok()
        {
            gap += 1;
            continue;
        }
        // Keep inner tabs (table cells) but not the outer whitespace.
        let text = text.trim_matches(|c: char| c == ' ' || c == '\u{3000}' || c == '\r');
        let cells = rows[k].map(|row| {
            crate::read::Grid::row_texts(row)
                .iter()
                .map(|c| trim(&clean_line(c)).to_string())
                .collect()
        });
        lines.push(Line {
            text: text.to_string(),
            lead_tab,
            gap,
            span: src.span,
            style: src.style,
            cells,
        });
        gap = 0;
    }
    drop_repeated_headers(&mut lines);
    join_closing_brackets(&mut lines);
    close_pipe_rows(&mut lines);
    unpack_lone_pipe_rows(&mut lines);
    let (blocks, starts) = blocks(&lines);
    Cleaned {
        lines,
        blocks,
        starts,
        record: doc.record.clone(),
    }
}

static BOOKMARK: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\[bookmark:[^\]]*\]").unwrap());
/// A Markdown backslash escape (`1\.`, `\*`); an escaped pipe stays, for
/// the pipe-row reader splits cells at the others.
static MD_ESCAPE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r##"\\([!"#$%&'()*+,\-./:;<=>?@\[\]^_`{}~\\])"##).unwrap());
/// A Markdown link, `[首页](/)` or `[text](url "title")`, whose text is all
/// that is read; an image (`![…](…)`) is left for the image-marker test.
static MD_LINK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"!?\[([^\[\]\n]*)\]\([^()\s]*(?:\s+"[^"]*")?\)"#).unwrap());
static LATEX: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\$([^$\n]{1,200})\$").unwrap());
static LATEX_CMD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\\(?:text|mathrm|mathbf|rm|textrm)\s*\{([^{}]*)\}").unwrap());
static LATEX_SUP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\^\s*\{?\s*([0-9])\s*\}?").unwrap());
static LATEX_OTHER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\\[A-Za-z]+").unwrap());
static PAGE_NO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[-—–―－~·•一]+\s*\d{1,4}\s*[-—–―－~·•一]+|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4}|[Pp]age\s*\d{1,4}(?:\s*of\s*\d{1,4})?)$").unwrap()
});
static TOC_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:[.．…·⋯]\s*){3,}\s*\d{1,3}$").unwrap());
static MD_HEADING: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*#{1,6}\s+").unwrap());
static IMAGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:!\[[^\]]*\]\([^)]*\)(?:\{[^{}]*\}?)?|<img[^>]*>|\[image[^\]]*\]|<!--\s*image\s*-->)$",
    )
    .unwrap()
});
/// Pandoc's Markdown of a Word file: a bookmark (`[]{#_Toc70000037 .anchor}`,
/// on every heading a table of contents links to, nested where bookmarks
/// share a place), a span with attributes (`[text]{.underline}`), a
/// heading's attributes (`# 第一章 {#id .unnumbered}`), a div's fence
/// (`::: {#id}`), an image's size, which pandoc may wrap onto the next line
/// (`{width="1.7in"` / `height="3.1in"}`) as it may a bookmark
/// (`[]{#_Toc136939320` / `.anchor}`).
static PANDOC_ANCHOR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[\]\{#[^{}]*\}|\[\]\{#[^{}\s]*\s*$|^\s*\.anchor\}").unwrap());
static PANDOC_SPAN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[([^\[\]]*)\]\{[.#][^{}]*\}").unwrap());
static PANDOC_HEADING_ATTRS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\s*\{[#.][^{}]*\}\s*$").unwrap());
static PANDOC_DEBRIS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"^\s*(?::::+\s*(?:\{[^{}]*\}|[\w-]+)?|(?:[a-z]+=["“][^"“”]*["”]\s*)+\}?)\s*$"#)
        .unwrap()
});
/// Most rounds of taking out bookmarks nested in each other.
const MAX_NESTED_ANCHORS: usize = 8;
/// Inline HTML that Markdown writers leave in the text: Marker's anchors
/// (`# <span id="page-3-1"></span>第一章`), `<sup>1</sup>`, `<b>`, and
/// comments other than an image's; a tag a writer wrapped between its
/// attributes (pandoc: `<span id="_Toc70000037"` / `class="anchor"></span>`).
/// Line breaks (`<br>`, a pipe cell's lines) and tables are read elsewhere.
static INLINE_TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)</?(?:span|a|sup|sub|b|i|u|em|strong|font|mark|del|ins|small|big|p|div|center)\b[^<>]{0,300}>|<!--(?:[^-]|-[^-]){0,300}-->|<(?:span|a)\s[^<>]{0,300}$|^\s*(?:[\w-]+=["“][^"“”<>]*["”]\s*)+/?>"#).unwrap()
});

/// Remove conversion debris from one line; tabs are kept.
pub fn clean_line(raw: &str) -> String {
    let mut s: String = raw
        .chars()
        .map(|c| match c {
            '\u{3000}' | '\u{00A0}' => ' ',
            // Page feeds (pdftotext) and zero-width marks are not text.
            '\u{FEFF}' | '\u{200B}' | '\u{C}' => '\0',
            _ => c,
        })
        .filter(|c| *c != '\0')
        .collect();
    if s.contains("[bookmark:") {
        s = BOOKMARK.replace_all(&s, "").into_owned();
    }
    if s.contains("**") {
        s = s.replace("**", "");
    }
    if s.contains('<') && !IMAGE.is_match(s.trim()) {
        s = INLINE_TAG.replace_all(&s, "").into_owned();
    }
    if s.contains('{') || s.contains('}') || s.contains(":::") {
        if PANDOC_DEBRIS.is_match(&s) {
            return String::new();
        }
        for _ in 0..MAX_NESTED_ANCHORS {
            let t = PANDOC_ANCHOR.replace_all(&s, "");
            let t = PANDOC_SPAN.replace_all(&t, "$1").into_owned();
            if t == s {
                break;
            }
            s = t;
        }
        if s.trim_start().starts_with('#') {
            s = PANDOC_HEADING_ATTRS.replace(&s, "").into_owned();
        }
    }
    if s.contains(']') && s.contains("](") && !IMAGE.is_match(s.trim()) {
        s = MD_LINK
            .replace_all(&s, |c: &regex::Captures| {
                if c[0].starts_with('!') {
                    c[0].to_string()
                } else {
                    c[1].to_string()
                }
            })
            .into_owned();
    }
    // An escaped dollar (`\$`) is a dollar, not the start of math.
    let has_backslash = s.contains('\\');
    let escaped_dollar = has_backslash && s.contains("\\$");
    if escaped_dollar {
        s = s.replace("\\$", "\u{E000}");
    }
    if s.contains('$') {
        s = LATEX
            .replace_all(&s, |c: &regex::Captures| detex(&c[1]))
            .into_owned();
    }
    if has_backslash {
        s = MD_ESCAPE.replace_all(&s, "$1").into_owned();
    }
    if escaped_dollar {
        s = s.replace('\u{E000}', "$");
    }
    if s.trim_start().starts_with('#') {
        s = MD_HEADING.replace(&s, "").into_owned();
    }
    // Markdown bullets: "- 1. …", "* …". An escaped dash alone on its line
    // (`\-`) is the dash of a line pandoc wrapped after it; a dash alone
    // in other text may be a table's empty cell, and stays.
    let body = s.trim_start_matches([' ', '\t']);
    if body.trim_end() == "-" && raw.trim() == "\\-" {
        return String::new();
    }
    let lead = s.len() - body.len();
    for bullet in ["- ", "* ", "• ", "· "] {
        if let Some(rest) = body.strip_prefix(bullet) {
            s = format!("{}{}", &s[..lead], rest.trim_start());
            break;
        }
    }
    if s.contains(' ') && SPACED_DIGITS.is_match(&s) {
        s = join_spaced_digits(&s);
    }
    s
}

/// Digits a converter set apart one by one (`2 0 2 2 年6 月7 日`,
/// `〔2 0 2 2 〕4 8 号`: pdftotext of a page whose characters stand on a
/// grid), before a date's or a number's unit.
static SPACED_DIGITS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d(?: \d)+) ?([年月日号〕）)—－-])").unwrap());
/// A digit, a space, a date's unit: joined on a line whose digits are set
/// apart (`6 月` there is `6月`).
static DIGIT_UNIT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(\d) ([年月日号])").unwrap());

/// [`SPACED_DIGITS`] runs joined, where they begin a number (not the tail
/// of `1.5 2 3`); then the digits and the units beside them.
fn join_spaced_digits(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut at = 0;
    let mut joined = false;
    for c in SPACED_DIGITS.captures_iter(s) {
        let m = c.get(0).expect("match");
        let before = s[..m.start()].chars().next_back();
        out.push_str(&s[at..m.start()]);
        // (Before a dash, a year's four digits: `0 0 —` are a row's cells.)
        let short_before_dash = matches!(&c[2], "—" | "－" | "-") && c[1].len() < 7;
        if before.is_some_and(|b| b.is_ascii_digit() || b == '.') || short_before_dash {
            out.push_str(m.as_str());
        } else {
            out.push_str(&c[1].replace(' ', ""));
            out.push_str(&c[2]);
            joined = true;
        }
        at = m.end();
    }
    out.push_str(&s[at..]);
    if joined {
        DIGIT_UNIT.replace_all(&out, "$1$2").into_owned()
    } else {
        out
    }
}

/// `30\text{ m}^2/\text{户}` → `30 m²/户`.
fn detex(s: &str) -> String {
    let s = LATEX_CMD.replace_all(s, "$1");
    let s = LATEX_SUP.replace_all(&s, |c: &regex::Captures| match &c[1] {
        "2" => "²".to_string(),
        "3" => "³".to_string(),
        d => format!("^{d}"),
    });
    let s = s
        .replace("\\%", "%")
        .replace("\\geq", "≥")
        .replace("\\leq", "≤")
        .replace("\\ge", "≥")
        .replace("\\le", "≤")
        .replace("\\times", "×")
        .replace("\\sim", "~")
        .replace("\\ ", " ");
    let s = LATEX_OTHER.replace_all(&s, "");
    let s: String = s.chars().filter(|c| !matches!(c, '{' | '}')).collect();
    trim(&s).to_string()
}

/// A running page number: "— 7 —", "- 3 -", "第 3 页", "3/20", "Page 3"; a
/// dash read as 一 by OCR ("一 7 一").
pub fn is_page_number(t: &str) -> bool {
    t.len() <= 40 && PAGE_NO.is_match(t)
}

/// A number alone, as a page's: up to four digits.
fn bare_number(t: &str) -> bool {
    !t.is_empty() && t.len() <= 4 && t.bytes().all(|b| b.is_ascii_digit())
}

/// A bare number as the last line before a page feed (pdftotext's page
/// number at the foot of each page).
fn bare_number_before_page_feed(doc: &Document, k: usize, t: &str) -> bool {
    if !bare_number(t) {
        return false;
    }
    doc.lines[k + 1..]
        .iter()
        .take(3)
        .find(|l| !l.text.trim_matches([' ', '\r', '\t']).is_empty())
        .is_some_and(|l| l.text.starts_with('\u{c}'))
}

/// Fewest page numbers a run of them needs.
const MIN_PAGE_RUN: usize = 4;
/// Lines above a run of bare numbers looked at for a 序号 header cell (a
/// one-cell-per-line header, its blank lines counted).
const MAX_HEADER_SCAN_LINES: usize = 40;
/// Most lines a converter prints for one page; fewest, on average.
const MAX_PAGE_LINES: usize = 80;
const MIN_MEAN_PAGE_LINES: usize = 15;

/// Lines that are the document's page numbers printed as bare numbers where
/// no page feed marks a page (pdfplumber joins pages with a newline): bare
/// numbers that count up by one, a page's lines apart, through at least half
/// of the document. A table's 序号 column counts up too, but within the
/// table, a row's lines apart.
fn page_number_run(doc: &Document) -> Vec<usize> {
    let bare = |k: usize| -> Option<u32> {
        let t = doc.lines[k]
            .text
            .trim_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}');
        bare_number(t).then(|| t.parse().ok()).flatten()
    };
    // Runs by the number each expects next: (expected, lines).
    let mut runs: Vec<(u32, Vec<usize>)> = Vec::new();
    for k in 0..doc.lines.len() {
        let Some(v) = bare(k) else { continue };
        let near =
            |r: &&mut (u32, Vec<usize>)| r.1.last().is_some_and(|&l| k - l <= MAX_PAGE_LINES);
        match runs.iter_mut().find(|r| r.0 == v && near(r)) {
            Some(r) => {
                r.0 = v + 1;
                r.1.push(k);
            }
            None => runs.push((v + 1, vec![k])),
        }
    }
    let n = doc.lines.len();
    // A run that starts under a 序号 header cell is the table's.
    let under_header = |k: usize| {
        doc.lines[k.saturating_sub(MAX_HEADER_SCAN_LINES)..k]
            .iter()
            .any(|l| matches!(trim(&l.text), "序号" | "编号"))
    };
    runs.into_iter()
        .map(|r| r.1)
        .filter(|r| {
            let spread = r[r.len() - 1] - r[0];
            !under_header(r[0])
                && r.len() >= MIN_PAGE_RUN
                && spread * 2 >= n
                && spread >= MIN_MEAN_PAGE_LINES * (r.len() - 1)
        })
        .max_by_key(|r| r.len())
        .unwrap_or_default()
}

/// Lines looked at for a running header or footer at each end of a page.
const EDGE_LINES: usize = 3;
/// Fewest pages a running header or footer is printed on.
const MIN_RUNNING_PAGES: usize = 3;

/// The lines of a text with page feeds that print the same header or
/// footer at an end of most pages (a web page printed to PDF: its address,
/// the date, its title, "5/16"): the same text with its digits counted as
/// one, among the first or last lines of at least half the pages.
fn running_lines(doc: &Document, feeds: usize) -> Vec<usize> {
    if feeds + 1 < MIN_RUNNING_PAGES {
        return Vec::new();
    }
    let key = |t: &str| -> String {
        trim(t.trim_start_matches('\u{c}'))
            .chars()
            .map(|c| if c.is_ascii_digit() { '#' } else { c })
            .collect()
    };
    // Each page's lines at its two ends, with their texts digits aside.
    let mut edges: Vec<Vec<(usize, String)>> = Vec::new();
    let mut page: Vec<usize> = Vec::new();
    let close = |page: &mut Vec<usize>, edges: &mut Vec<Vec<(usize, String)>>| {
        let n = page.len();
        let ends = page.iter().take(EDGE_LINES).chain(
            page.iter()
                .skip(EDGE_LINES.max(n.saturating_sub(EDGE_LINES))),
        );
        edges.push(ends.map(|&k| (k, key(&doc.lines[k].text))).collect());
        page.clear();
    };
    for (k, l) in doc.lines.iter().enumerate() {
        if l.text.starts_with('\u{c}') {
            close(&mut page, &mut edges);
        }
        if !trim(l.text.trim_start_matches('\u{c}')).is_empty() {
            page.push(k);
        }
    }
    close(&mut page, &mut edges);
    let mut pages_of: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for e in &edges {
        let mut seen: Vec<&str> = e.iter().map(|(_, t)| t.as_str()).collect();
        seen.sort_unstable();
        seen.dedup();
        for t in seen {
            *pages_of.entry(t).or_default() += 1;
        }
    }
    let need = MIN_RUNNING_PAGES.max(edges.len().div_ceil(2));
    let mut out: Vec<usize> = edges
        .iter()
        .flatten()
        .filter(|(_, t)| {
            // A dash or a lone character repeats as a table's cell does, and
            // a long table's header as each page's first line.
            char_len(t) >= 3
                && !names_a_column(t)
                && pages_of.get(t.as_str()).is_some_and(|&n| n >= need)
        })
        .map(|&(k, _)| k)
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// A bare number as the first line of a page (pdftotext -raw prints a page
/// in the order it was drawn, and some producers draw the footer first).
fn bare_number_after_page_feed(doc: &Document, k: usize, t: &str) -> bool {
    if !bare_number(t) {
        return false;
    }
    let blank = |l: &crate::read::SrcLine| l.text.trim_matches([' ', '\r', '\t']).is_empty();
    doc.lines[k].text.starts_with('\u{c}')
        || doc.lines[..k]
            .iter()
            .rev()
            .take(3)
            .find(|l| !blank(l))
            .is_some_and(|l| l.text.trim_matches([' ', '\r', '\t']) == "\u{c}")
}

/// Whether the document prints page numbers as bare numbers at the head of
/// its pages (of its `feeds` page feeds), as [`feet_numbered`] at their feet.
fn heads_numbered(doc: &Document, feeds: usize) -> bool {
    // Only a bare number can be one: no cleaning needed to see that.
    let numbered = (0..doc.lines.len())
        .filter(|&k| {
            let t = doc.lines[k]
                .text
                .trim_matches(|c: char| c.is_whitespace() || c == '\u{c}');
            bare_number_after_page_feed(doc, k, t)
        })
        .count();
    feeds > 0 && numbered * 2 >= feeds
}

/// Whether the document prints page numbers as bare numbers at the foot of
/// its pages: at least half of its page feeds come right after one. Where
/// only a few do, the number is a table's cell that a page ended on.
fn feet_numbered(doc: &Document, feeds: usize) -> bool {
    if feeds == 0 {
        return false;
    }
    // A bare number is short: longer lines need no cleaning to be ruled out.
    let numbered = doc
        .lines
        .iter()
        .enumerate()
        .filter(|(_, l)| {
            l.text
                .trim_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}' || c == '\u{200B}')
                .len()
                <= 64
        })
        .filter(|(k, l)| bare_number_before_page_feed(doc, *k, trim(&clean_line(&l.text))))
        .count();
    numbered * 2 >= feeds
}

/// Longest table of contents, in source lines.
const MAX_TOC_LINES: usize = 600;

/// The lines of a table of contents that a 目录 line opens. It ends where
/// the body begins, which is where its first entry is printed again as a
/// heading; entries may be run together on one line, split into columns, or
/// carry no dot leaders at all.
fn toc_region(doc: &Document) -> std::ops::Range<usize> {
    let squash = |s: &str| -> String {
        clean_line(s)
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect()
    };
    let limit = doc.lines.len().min(MAX_TOC_LINES * 2);
    // Cheap tests first: most lines hold neither 录 nor the first entry.
    let Some(head) = (0..limit)
        .find(|&i| doc.lines[i].text.contains('录') && squash(&doc.lines[i].text) == "目录")
    else {
        return 0..0;
    };
    // The first entry's text: up to a tab, a dot leader, a page number or a
    // wide gap, whichever comes first.
    let Some((first, key)) = (head + 1..limit).find_map(|i| {
        let raw = clean_line(&doc.lines[i].text);
        let t = trim(&raw);
        let cut = t
            .find(['\t', '.', '．', '…', '·', '⋯', '(', '（'])
            .map_or(t, |p| &t[..p]);
        let cut = cut.split("  ").next().unwrap_or(cut);
        let key: String = cut
            .chars()
            .filter(|c| !c.is_whitespace() && !c.is_ascii_digit())
            .collect();
        // Skip OCR debris before the first real entry.
        (key.chars().filter(|c| is_han(*c)).count() >= 1
            && (key.chars().count() >= 2 || heading_like(&key) || key == "序"))
            .then_some((i, key))
    }) else {
        return 0..0;
    };
    let lead = key.chars().next().unwrap_or(' ');
    let end = (first + 1..doc.lines.len().min(first + MAX_TOC_LINES)).find(|&i| {
        if !doc.lines[i].text.contains(lead) {
            return false;
        }
        let t = squash(&doc.lines[i].text);
        if !t.starts_with(&key) || TOC_LINE.is_match(&t) {
            return false;
        }
        t == key || (key.chars().count() >= 4 && t.chars().count() <= key.chars().count() + 40)
    });
    match end {
        Some(e) => head..e,
        None => head..head + 1,
    }
}

/// A table-of-contents line ("第一章 发展基础……1") or the 目录 heading itself.
fn is_toc(t: &str) -> bool {
    if t.len() > MAX_HEADING_BYTES {
        return false;
    }
    let squashed: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    squashed == "目录" || TOC_LINE.is_match(t)
}

fn is_image_marker(t: &str) -> bool {
    (t.starts_with('!') || t.starts_with('<') || t.starts_with('[')) && IMAGE.is_match(t)
}

/// A row of a table: a reader's grid row, or a text line of tab-separated
/// cells.
fn is_tab_row(l: &Line) -> bool {
    is_grid_row(l) || is_text_tab_row(l)
}

fn is_grid_row(l: &Line) -> bool {
    l.cells.is_some()
}

/// A tab-separated row of plain text: at least three fields.
fn is_text_tab_row(l: &Line) -> bool {
    l.cells.is_none() && l.text.matches('\t').count() >= 2 && !trim(&l.text).is_empty()
}

/// Cells with text in a row (a grid row's, or a tab row's).
fn filled_cells(l: &Line) -> usize {
    match &l.cells {
        Some(cells) => cells.iter().filter(|c| !c.is_empty()).count(),
        None => l.text.split('\t').filter(|c| !trim(c).is_empty()).count(),
    }
}

fn is_pipe_row(l: &Line) -> bool {
    l.text.starts_with('|') && l.text.matches('|').count() >= 3
}

/// Header words that open a one-cell-per-line table.
const CELL_TABLE_START: &[&str] = &[
    "序号",
    "编号",
    "指标",
    "主要指标",
    "指标名称",
    "项目名称",
    "类别",
];

/// Longest group label (一、经济发展) read as a row of a one-cell-per-line
/// table, and the blank lines (its merged row's empty cells) under it.
const MAX_GROUP_CHARS: usize = 16;
pub(crate) const MIN_GROUP_GAP: usize = 3;

/// Longest line taken as a cell of a one-cell-per-line table.
const MAX_CELL_CHARS: usize = 60;
/// Longest untabbed line taken as the continuation of a wrapped cell.
const MAX_CELL_WRAP_CHARS: usize = 20;

/// Header cells, one per line, that open an untabbed one-cell-per-line table
/// (docx2txt, pdftotext without -layout): this many in a row.
const MIN_UNTABBED_HEADER_CELLS: usize = 3;

/// A header cell of an untabbed table: short, and one of the header words.
pub(crate) fn header_cell(t: &str) -> bool {
    // (A narrow column's name spaced out to fill its cell: 指　　标.)
    let spaced = t.contains([' ', '\u{3000}']).then(|| squash(t));
    let t = spaced.as_deref().unwrap_or(t);
    char_len(t) <= 12
        && !t.contains('\t')
        && (t.contains('年') || PLACE_WORDS.contains(&t) || crate::tables::holds_header_word(t))
        && !t.ends_with(['。', '，', '；'])
}

fn starts_untabbed_cell_table(lines: &[Line], i: usize) -> bool {
    let l = &lines[i];
    !l.lead_tab
        && CELL_TABLE_START.contains(&trim(&l.text))
        && lines[i..]
            .iter()
            .take_while(|l| !l.lead_tab && header_cell(trim(&l.text)))
            .count()
            >= MIN_UNTABBED_HEADER_CELLS
}

fn starts_cell_table(lines: &[Line], i: usize) -> bool {
    let l = &lines[i];
    if !l.lead_tab || !CELL_TABLE_START.contains(&trim(&l.text)) {
        return false;
    }
    let cells = lines[i..]
        .iter()
        .take(6)
        .take_while(|l| l.lead_tab && char_len(trim(&l.text)) <= 12)
        .count();
    cells >= 4
}

/// Most lines of a table read from the text's shape (cells spaced apart or
/// a line each), not from tabs, pipes or a grid.
const MAX_TEXT_TABLE_LINES: usize = 4000;

/// Group lines into paragraphs and table regions.
fn blocks(lines: &[Line]) -> (Vec<Block>, Vec<usize>) {
    let wrap = wrap_width(lines);
    let blank_parted = wrap.is_some_and(|w| parts_paragraphs_with_blank_lines(lines, w));
    let mut out = Vec::new();
    let mut starts = Vec::new();
    // The open paragraph, its last line's length and its first line.
    let mut cur: Option<(Para, usize, usize)> = None;
    let mut i = 0;
    while i < lines.len() {
        let l = &lines[i];
        // The lines a table read from the text's shape may take: a try that
        // fails looks no further, so a file of header words and numbers
        // costs its length times this, not its length squared.
        let near = &lines[..lines.len().min(i + MAX_TEXT_TABLE_LINES)];
        // A table opens on a row with two cells at least: "\t\t序" is an
        // indented heading, not a row, and a grid's title row its caption.
        let table = if is_grid_row(l) && filled_cells(l) >= 2 {
            Some(take_rows(lines, i, Layout::Grid, is_grid_row))
        } else if is_text_tab_row(l) && filled_cells(l) >= 2 {
            Some(take_rows(lines, i, Layout::Tabs, is_text_tab_row))
        } else if is_pipe_row(l) {
            Some(take_rows(lines, i, Layout::Pipes, is_pipe_row))
        } else if starts_cell_table(lines, i) {
            Some(take_cells(lines, i))
        } else if let Some(t) = columns::take_column_rows(lines, i) {
            Some(t)
        } else if let Some(t) = category_word(trim(&l.text))
            .then(|| take_stacked_header_rows(lines, i))
            .flatten()
        {
            Some(t)
        } else if let Some(t) = take_categorized_rows(lines, i) {
            Some(t)
        } else if starts_untabbed_cell_table(lines, i)
            && !caption_over_names(&stacked_names(lines, i).0)
        {
            Some(take_untabbed_cells(lines, i))
        } else if let Some(t) = (!trim(&l.text).contains([' ', '\u{3000}']))
            .then(|| take_stacked_header_rows(lines, i))
            .flatten()
        {
            Some(t)
        } else if starts_spaced_table(near, i) {
            // (Where a row's other cells wrap too, 微克/立方 over 米, the
            // simple reading stops short: the wrapped one reads further.)
            let spaced = take_spaced_rows(near, i);
            match take_wrapped_rows(near, i) {
                Some(w) if w.1 > spaced.1 => Some(w),
                _ => Some(spaced),
            }
        } else {
            take_wrapped_rows(near, i)
        };
        if let Some((t, next)) = table {
            if let Some((p, _, at)) = cur.take() {
                out.push(Block::Para(p));
                starts.push(at);
            }
            out.push(Block::Table(t));
            starts.push(i);
            i = next;
            continue;
        }
        let text = trim(&l.text).replace('\t', " ");
        let len = char_len(&text);
        match cur.as_mut() {
            // A list's bullet alone on its line, its item wrapped onto the
            // next (pandoc's plain text): the item is the paragraph.
            Some((p, last_len, _))
                if l.gap == 0 && matches!(p.text.as_str(), "-" | "*" | "•" | "+") =>
            {
                p.text = text;
                p.span = p.span.to(l.span);
                *last_len = len;
            }
            // The page shows the line going on over a page or column break.
            // In hard-wrapped text whose paragraphs blank lines part, a
            // full line that happens to end a sentence goes on in the
            // line under it.
            Some((p, last_len, _))
                if !header_words_line(&text)
                    && (l.style.is_some_and(|s| s.flows_on)
                        || joins(&p.text, *last_len, &text, wrap)
                        || (blank_parted
                            && l.gap == 0
                            && p.text.ends_with('。')
                            && wrap.is_some_and(|w| *last_len + 1 >= w)
                            && !is_block_start(&text))) =>
            {
                p.text.push_str(&text);
                p.span = p.span.to(l.span);
                *last_len = len;
            }
            _ => {
                if let Some((p, _, at)) = cur.take() {
                    out.push(Block::Para(p));
                    starts.push(at);
                }
                cur = Some((
                    Para {
                        text,
                        span: l.span,
                        gap: l.gap,
                        style: l.style,
                    },
                    len,
                    i,
                ));
            }
        }
        i += 1;
    }
    if let Some((p, _, at)) = cur {
        out.push(Block::Para(p));
        starts.push(at);
    }
    (out, starts)
}

/// A line of a table's column names set apart by spaces (序号 指标 单位
/// 2020 年 属性), as a header left at a page's foot reads: never the
/// tail of the paragraph over it.
fn header_words_line(t: &str) -> bool {
    // (Asked of every line that could go on a paragraph: the cheap test
    // first.)
    t.len() <= 240 && t.matches(' ').count() >= 2 && spaced_header_words(t, 3)
}

/// Whether `t` is three short cells at least set apart by spaces, at least
/// `min` of them and half of them header words.
fn spaced_header_words(t: &str, min: usize) -> bool {
    let cells = spaced_cells(t);
    let headers = cells.iter().filter(|c| header_cell(c)).count();
    cells.len() >= 3
        && headers >= min
        && headers * 2 >= cells.len()
        && cells.iter().all(|c| char_len(c) <= 12)
}

/// A Markdown rule row (`---|---|---`, `| :-- | --: |`).
static PIPE_RULE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?$").unwrap());

/// Bracket pairs a value or a unit may wrap inside (〔2.7 over 〕).
const BRACKETS: [(char, char); 5] = [
    ('〔', '〕'),
    ('（', '）'),
    ('(', ')'),
    ('［', '］'),
    ('[', ']'),
];

/// A closing bracket alone on its line, right under a line whose last word
/// left that bracket open (〔2.7 over 〕, a five-year total wrapped in its
/// narrow cell, as PDFium prints it), goes back on that line: the line
/// under it is no cell of its own. So does the line under an opening
/// bracket alone (〔 over 4 over 〕, a character to a line).
fn join_closing_brackets(lines: &mut Vec<Line>) {
    let open_at_end = |t: &str, open: char, close: char| {
        let last = t.rsplit([' ', '\u{3000}', '\t']).next().unwrap_or("");
        last.rfind(open)
            .is_some_and(|o| last.rfind(close).is_none_or(|c| c < o))
    };
    let mut out: Vec<Line> = Vec::with_capacity(lines.len());
    for l in lines.drain(..) {
        let t = trim(&l.text);
        let joins = out.last().is_some_and(|p: &Line| {
            let q = trim(&p.text);
            l.gap == 0
                && !l.lead_tab
                && p.cells.is_none()
                && l.cells.is_none()
                && BRACKETS.iter().any(|&(o, c)| {
                    (t.len() == c.len_utf8() && t.starts_with(c) && open_at_end(&p.text, o, c))
                        || (q.len() == o.len_utf8()
                            && q.starts_with(o)
                            && !t.contains([' ', '\u{3000}', '\t'])
                            && char_len(t) <= MAX_CELL_WRAP_CHARS)
                })
        });
        match out.last_mut() {
            Some(p) if joins => {
                p.text.push_str(t);
                p.span = p.span.to(l.span);
            }
            _ => out.push(l),
        }
    }
    *lines = out;
}

/// Markdown tables whose rows do not open and close with a pipe (GitHub's
/// form, as html2text prints a web page's table: `序号| 主要指标| 单位`)
/// get their outer pipes, so that the pipe-row reader takes them: the
/// header over a rule row with as many cells, and the rows under it that
/// have pipes.
fn close_pipe_rows(lines: &mut Vec<Line>) {
    // Rows that open without a pipe have a cell after every pipe (an empty
    // last one included: html2text's `标题| | |`).
    let cells = |t: &str| t.matches('|').count() + 1;
    let mut drop = vec![false; lines.len()];
    for r in 1..lines.len() {
        let rule = trim(&lines[r].text);
        if !rule.starts_with(['-', '|', ':'])
            || (!rule.contains("-|") && !rule.contains("|-") && !rule.contains("| -"))
        {
            continue;
        }
        let head = trim(&lines[r - 1].text);
        let n = cells(rule.trim_matches('|'));
        // A head that opens with a pipe over a rule that does not is the
        // open form all the same, its first cell empty (`| | 单位：万元|`).
        if (head.starts_with('|') && rule.starts_with('|'))
            || !head.contains('|')
            || lines[r].gap > 0
            || !PIPE_RULE.is_match(rule)
            || cells(head) != n
        {
            continue;
        }
        let mut k = r - 1;
        while k < lines.len() && (k <= r || (lines[k].gap == 0 && lines[k].text.contains('|'))) {
            let mut t = trim(&lines[k].text).to_string();
            // A row the converter wrapped (html2text at 78 columns) goes on
            // in the lines under it until it has its cells.
            let mut next = k + 1;
            while k > r && cells(&t) < n && next < lines.len() && lines[next].gap == 0 {
                let joined = format!("{t} {}", trim(&lines[next].text));
                if cells(&joined) > n {
                    break;
                }
                t = joined;
                lines[k].span = lines[k].span.to(lines[next].span);
                drop[next] = true;
                next += 1;
            }
            // Open rows get their outer pipes; a pipe at either end of an
            // open row is an empty cell there (`| | 总投资| |`), unless the
            // row has more cells than the head (a closing pipe written).
            let c = cells(&t);
            if !(c == n + 2 && t.starts_with('|') && t.ends_with('|')) {
                let s = if c > n {
                    t.strip_suffix('|').unwrap_or(&t)
                } else {
                    &t
                };
                t = format!("| {s} |");
            }
            lines[k].text = t;
            k = next;
        }
    }
    remove_marked(lines, &drop);
}

/// Lines back to look for the header a page break repeats.
const MAX_REPEAT_DISTANCE: usize = 400;
/// Fewest header words that make lines repeated among a table's rows its
/// header (序号, 指标, 单位 …).
const MIN_REPEATED_HEADER_WORDS: usize = 3;
/// Longest line of a header repeated among a table's rows.
const MAX_HEADER_LINE_CHARS: usize = 60;

/// A table's header repeated after a page break among its rows (Word's
/// "repeat as header row"), in a text without page feeds (pdfplumber) or
/// whose cells follow each other (-raw): the lines that repeat, line for
/// line, a header's lines above — three of its words at least, in short
/// lines — go, and the rows around them join up. Not after a caption, a
/// sentence or a heading: there a second table opens with the same header.
fn drop_repeated_headers(lines: &mut Vec<Line>) {
    // (Short words only: a header's cells, never a line of prose.)
    let short = |l: &Line| {
        let (mut all, mut word) = (0, 0);
        l.cells.is_none()
            && l.text.chars().all(|c| {
                all += 1;
                word = if c == ' ' || c == '\u{3000}' {
                    0
                } else {
                    word + 1
                };
                all <= MAX_HEADER_LINE_CHARS && word <= MAX_HEADER_CELL
            })
    };
    // Each short line's text without spaces, read once (empty for the
    // others); where each was seen.
    let keys: Vec<String> = lines
        .iter()
        .map(|l| {
            if short(l) {
                squash(&l.text)
            } else {
                String::new()
            }
        })
        .collect();
    let short = |k: usize| !keys[k].is_empty();
    let mut seen: std::collections::HashMap<&str, Vec<usize>> = Default::default();
    for (k, key) in keys.iter().enumerate() {
        if !key.is_empty() {
            seen.entry(key.as_str()).or_default().push(k);
        }
    }
    let key = |k: usize| keys[k].as_str();
    let mut drop = vec![false; lines.len()];
    let mut j = 1;
    while j < lines.len() {
        let prev = trim(&lines[j - 1].text);
        let after_rows = short(j - 1)
            && !prev.ends_with(['。', '：', ':'])
            && !caption_like(key(j - 1))
            && !crate::numbering::heading_like(prev);
        if !after_rows || !short(j) {
            j += 1;
            continue;
        }
        let Some(i) = seen.get(key(j)).and_then(|at| {
            at.iter()
                .rev()
                .find(|&&i| i + 1 < j && i + MAX_REPEAT_DISTANCE >= j)
                .copied()
        }) else {
            j += 1;
            continue;
        };
        let mut m = 0;
        while i + m < j && j + m < lines.len() && short(j + m) && key(i + m) == key(j + m) {
            m += 1;
        }
        let joined: String = (j..j + m).map(key).collect();
        let words = crate::tables::HEADER_WORDS
            .iter()
            .filter(|w| joined.contains(*w))
            .count();
        // (A caption repeated is a second table's; a header left half
        // repeated, its rest set otherwise, is no repeat to take out.)
        let caption = (j..j + m).any(|q| caption_like(key(q)));
        let header_goes_on = lines.get(j + m).is_some_and(|l| {
            spaced_cells(trim(&l.text))
                .iter()
                .any(|c| header_cell(c) || year_name(c).is_some())
        });
        if words >= MIN_REPEATED_HEADER_WORDS && !caption && !header_goes_on {
            drop[j..j + m].iter_mut().for_each(|d| *d = true);
        }
        j += m.max(1);
    }
    remove_marked(lines, &drop);
    drop_rebroken_headers(lines);
}

/// Most lines of a header repeated with its words broken otherwise.
const MAX_REBROKEN_HEADER_LINES: usize = 12;
/// Most earlier lines a repeat is compared with, nearest first.
const MAX_REBROKEN_CANDIDATES: usize = 3;

/// A table's header repeated after a page break with its words broken over
/// other lines than the first time (类别 序 / 号 / 指标 单位 2020 / 年 … over
/// 类别 / 序号 / 指标 单位 2020 年 …, as PDFium prints centred cells): the
/// same text, three of the header words in it, the lines' ends meeting at
/// its end. The row cut by the break may have its attribute's tail on the
/// repeat's last line (〔累计〕 属性性): that tail stays, a line of its own.
fn drop_rebroken_headers(lines: &mut Vec<Line>) {
    // (Lines of tab-parted cells are left to the tab-row reader, which
    // takes a repeated header out of its rows itself.)
    let key = |l: &Line| {
        let t = trim(&l.text);
        (l.cells.is_none()
            && !l.text.contains('\t')
            && char_len(t) <= MAX_HEADER_LINE_CHARS
            && !t.ends_with('。'))
        .then(|| squash(t))
    };
    let keys: Vec<Option<String>> = lines.iter().map(key).collect();
    // The text of lines from `k` while they are short, and where each ends.
    let run = |k: usize| {
        let mut text = String::new();
        let mut ends = Vec::new();
        for key in keys.iter().skip(k).take(MAX_REBROKEN_HEADER_LINES) {
            let Some(t) = key else { break };
            text.push_str(t);
            ends.push(text.len());
        }
        (text, ends)
    };
    // Whether the run from each line holds three header words (once each:
    // only such runs are compared).
    let heady: Vec<bool> = (0..lines.len())
        .map(|k| {
            let (text, _) = run(k);
            crate::tables::HEADER_WORDS
                .iter()
                .filter(|w| text.contains(*w))
                .count()
                >= MIN_REPEATED_HEADER_WORDS
        })
        .collect();
    let mut drop = vec![false; lines.len()];
    let mut tails: Vec<(usize, String)> = Vec::new();
    let mut j = 1;
    while j < lines.len() {
        let Some(first) = keys[j].as_deref().filter(|t| !t.is_empty() && heady[j]) else {
            j += 1;
            continue;
        };
        // (After a row's line: a short line that no caption, sentence or
        // heading is.)
        let prev = trim(&lines[j - 1].text);
        let after_rows = keys[j - 1].as_deref().is_some_and(|p| !caption_like(p))
            && !prev.ends_with(['。', '：', ':'])
            && !crate::numbering::heading_like(prev);
        let Some((_, _, m, tail)) = after_rows
            .then(|| {
                // (The nearest few lines that open such a run as this one
                // does.)
                (j.saturating_sub(MAX_REPEAT_DISTANCE)..j.saturating_sub(1))
                    .rev()
                    .filter(|&i| {
                        heady[i]
                            && keys[i].as_deref().is_some_and(|t| {
                                !t.is_empty() && (t.starts_with(first) || first.starts_with(t))
                            })
                    })
                    .take(MAX_REBROKEN_CANDIDATES)
                    .find_map(|i| {
                        let (a, a_ends) = run(i);
                        let (b, b_ends) = run(j);
                        // The longest text both runs hold whole lines of;
                        // or the repeat's last line running past it by an
                        // attribute's tail.
                        a_ends.iter().enumerate().rev().find_map(|(n, &e)| {
                            let head = &a[..e];
                            let words = crate::tables::HEADER_WORDS
                                .iter()
                                .filter(|w| head.contains(*w))
                                .count();
                            if words < MIN_REPEATED_HEADER_WORDS || !b.starts_with(head) {
                                return None;
                            }
                            let m = b_ends.iter().position(|&x| x >= e)?;
                            let tail = &b[e..b_ends[m]];
                            (tail.is_empty() || attribute_tail(tail))
                                .then(|| (i, n + 1, m + 1, tail.to_string()))
                        })
                    })
            })
            .flatten()
            .filter(|&(i, n, m, ref tail)| {
                // (Not where the header goes on past the repeat: a second
                // table's, larger.)
                let goes_on = tail.is_empty()
                    && lines.get(j + m).is_some_and(|l| {
                        spaced_cells(trim(&l.text))
                            .iter()
                            .any(|c| header_cell(c) || year_name(c).is_some())
                    });
                i + n <= j && !goes_on && (n != m || (0..n).any(|q| keys[i + q] != keys[j + q]))
            })
        else {
            j += 1;
            continue;
        };
        drop[j..j + m].iter_mut().for_each(|d| *d = true);
        if !tail.is_empty() {
            drop[j + m - 1] = false;
            tails.push((j + m - 1, tail));
        }
        j += m;
    }
    for (k, t) in tails {
        lines[k].text = t;
    }
    remove_marked(lines, &drop);
}

/// A table's caption or unit line (表1 …, 附表 …, …项目表, 单位：万元; not
/// the column name 单位 alone on its line).
fn caption_like(t: &str) -> bool {
    t.starts_with('表')
        || t.starts_with("附表")
        || t.ends_with('表')
        || (t.starts_with("单位") && t != "单位")
}

/// `lines` without those `drop` marks.
fn remove_marked(lines: &mut Vec<Line>, drop: &[bool]) {
    if drop.contains(&true) {
        let mut k = 0;
        lines.retain(|_| {
            k += 1;
            !drop[k - 1]
        });
    }
}

/// Cells of a Markdown rule row (`---`, `:--:`).
fn rule_cells<'a>(mut cells: impl Iterator<Item = &'a str>) -> bool {
    cells.all(|c| !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':' | ' ' | '—')))
}

/// Markdown tables that are a PDF's lines, not a table's rows, become those
/// lines' words again. markitdown prints a PDF table's row lines so, the
/// lines of its wrapped cells between them: a table of one row over its
/// rule and nothing under it, or a table whose last row a text line follows
/// with no blank line between (a Markdown table would take that line for a
/// row, so no Markdown writer prints one so). In a document that has such
/// a table, a table glued to the text line above it is one too. What is
/// left is pdfplumber's text, whose tables the untabbed readers take.
fn unpack_lone_pipe_rows(lines: &mut Vec<Line>) {
    let rule = |l: &Line| {
        is_pipe_row(l) && rule_cells(trim(&l.text).trim_matches('|').split('|').map(trim))
    };
    // (first row, end, glued above, glued below)
    let mut tables = Vec::new();
    let mut i = 0;
    while i + 1 < lines.len() {
        let opens = is_pipe_row(&lines[i])
            && !rule(&lines[i])
            && rule(&lines[i + 1])
            && lines[i + 1].gap == 0
            && (i == 0 || lines[i].gap > 0 || !is_pipe_row(&lines[i - 1]));
        if !opens {
            i += 1;
            continue;
        }
        let mut end = i + 2;
        while end < lines.len() && lines[end].gap == 0 && is_pipe_row(&lines[end]) {
            end += 1;
        }
        let above = i > 0 && lines[i].gap == 0;
        let below = lines
            .get(end)
            .is_some_and(|n| n.gap == 0 && !trim(&n.text).is_empty());
        tables.push((i, end, above, below));
        i = end;
    }
    let pdf_lines = tables.iter().any(|t| t.3);
    let mut drop = vec![false; lines.len()];
    for &(i, end, above, below) in &tables {
        // (One row over its rule: `end` two lines on.)
        if !(end == i + 2 || below || (pdf_lines && above)) {
            continue;
        }
        for k in i..end {
            if rule(&lines[k]) {
                drop[k] = true;
                continue;
            }
            let words: Vec<&str> = trim(&lines[k].text)
                .trim_matches('|')
                .split('|')
                .map(trim)
                .filter(|c| !c.is_empty())
                .collect();
            lines[k].text = words.join(" ");
            drop[k] = lines[k].text.is_empty();
        }
    }
    remove_marked(lines, &drop);
}

/// Rows of a tab or pipe table starting at `i`; blank lines inside are allowed.
fn take_rows(
    lines: &[Line],
    i: usize,
    layout: Layout,
    is_row: fn(&Line) -> bool,
) -> (RawTable, usize) {
    let mut rows: Vec<RawRow> = Vec::new();
    let mut j = i;
    while j < lines.len() && is_row(&lines[j]) {
        let l = &lines[j];
        let cells: Vec<String> = match layout {
            Layout::Pipes => {
                let t = trim(&l.text);
                let t = t.strip_prefix('|').unwrap_or(t);
                let t = t.strip_suffix('|').unwrap_or(t);
                t.split('|')
                    .map(|c| {
                        trim(
                            &c.replace("<br>", "\n")
                                .replace("<br/>", "\n")
                                .replace("<br />", "\n"),
                        )
                        .to_string()
                    })
                    .collect()
            }
            Layout::Grid => l.cells.clone().unwrap_or_default(),
            _ => l.text.split('\t').map(|c| trim(c).to_string()).collect(),
        };
        let rule = layout == Layout::Pipes && rule_cells(cells.iter().map(String::as_str));
        if rule {
            if let Some(last) = rows.last_mut() {
                last.before_rule = true;
            }
        } else {
            rows.push(RawRow::of(unspread(cells, layout), l));
        }
        j += 1;
    }
    region(lines, i, j, layout, rows)
}

/// A row of one text in every cell, as a converter that repeats a merged
/// cell in each position it covers prints a row merged across the table
/// (Docling's and Unstructured's Markdown: a group's label, a title row):
/// the text once, in the first cell. No row of a table's data is one text
/// in every column.
fn unspread(mut cells: Vec<String>, layout: Layout) -> Vec<String> {
    let spread = layout != Layout::Grid
        && cells.len() >= 2
        && !cells[0].is_empty()
        && cells.iter().all(|c| *c == cells[0]);
    if spread {
        cells[1..].iter_mut().for_each(String::clear);
    }
    cells
}

/// The table region of `lines[i..end]` with its `rows`, and where to go on.
fn region(
    lines: &[Line],
    i: usize,
    end: usize,
    layout: Layout,
    rows: Vec<RawRow>,
) -> (RawTable, usize) {
    let table = RawTable {
        layout,
        rows,
        span: lines[i].span.to(lines[end - 1].span),
        gap: lines[i].gap,
    };
    (table, end)
}

/// Cells of a one-cell-per-line table starting at `i`: each tab-led line is a
/// cell; a short untabbed line continues the cell before it.
fn take_cells(lines: &[Line], i: usize) -> (RawTable, usize) {
    let mut rows: Vec<RawRow> = Vec::new();
    let mut j = i;
    while j < lines.len() {
        let l = &lines[j];
        let t = trim(&l.text);
        if l.lead_tab && char_len(t) <= MAX_CELL_CHARS && !is_tab_row(l) {
            rows.push(RawRow::of(vec![t.to_string()], l));
        } else if !l.lead_tab
            && l.gap <= 1
            && char_len(t) <= MAX_CELL_WRAP_CHARS
            && !is_block_start(t)
            && !rows.is_empty()
        {
            let last = rows.last_mut().expect("checked non-empty");
            last.cells[0].push('\n');
            last.cells[0].push_str(t);
            last.span = last.span.to(l.span);
        } else {
            break;
        }
        j += 1;
    }
    region(lines, i, j, Layout::CellPerLine, rows)
}

/// Cells of an untabbed one-cell-per-line table: every short line until a
/// long paragraph, a heading, a caption or a box label.
fn take_untabbed_cells(lines: &[Line], i: usize) -> (RawTable, usize) {
    if let Some(t) = take_parted_rows(lines, i) {
        return t;
    }
    let mut rows: Vec<RawRow> = Vec::new();
    let mut j = i;
    while j < lines.len() {
        let l = &lines[j];
        let t = trim(&l.text);
        // Numbers and dashes (an empty value: —, ——) are cells, never
        // the start of a paragraph.
        let numeric = t.chars().all(|c| c.is_ascii_digit() || c == '.')
            || t.chars().all(|c| "—-–―－".contains(c));
        // A name that carries its row's number, its unit or a value next.
        let numbered_cell = numbered_name(t)
            && lines
                .get(j + 1)
                .is_some_and(|n| value_like(trim(&n.text)) || unit_like(trim(&n.text)));
        // A group's row merged across the table (一、经济发展): its empty
        // cells as blank lines, then the next row's number.
        // (Where the label carries its number, 一、交通基础设施, the row is one
        // cell merged across the table, and the next row's number follows.)
        let numbered_label = || crate::tables::group_label(t).is_some();
        // A header word alone (备注) is a cell; 注：… is a note.
        let header_word = header_cell(t) && !t.contains(['：', ':']);
        let group_cell = j > i
            && char_len(t) <= MAX_GROUP_CHARS
            && lines.get(j + 1).is_some_and(|n| {
                (n.gap >= MIN_GROUP_GAP || (n.gap >= 1 && numbered_label()))
                    && trim(&n.text).parse::<u32>().is_ok()
            });
        if l.lead_tab
            || char_len(t) > MAX_CELL_CHARS
            || (j > i
                && !numeric
                && !numbered_cell
                && !group_cell
                && !header_word
                && is_block_start(t))
            || t.ends_with('。')
        {
            break;
        }
        rows.push(RawRow::of(vec![t.to_string()], l));
        j += 1;
    }
    // Where blank lines part the cells (docx2txt), a line right under
    // another is the same cell's next paragraph ("2020年" / "实际值").
    let parted = rows.iter().skip(1).filter(|r| r.gap >= 1).count();
    if parted * 4 >= rows.len().saturating_sub(1) * 3 && rows.len() > 1 {
        let mut joined: Vec<RawRow> = Vec::with_capacity(rows.len());
        for r in rows {
            match joined.last_mut() {
                Some(prev) if r.gap == 0 => {
                    prev.cells[0].push('\n');
                    prev.cells[0].push_str(&r.cells[0]);
                    prev.span = prev.span.to(r.span);
                }
                _ => joined.push(r),
            }
        }
        rows = joined;
    }
    // (Where the cells' lines go on as far.)
    if let Some(t) = take_stacked_header_rows(lines, i).filter(|t| t.1 >= j) {
        return t;
    }
    region(lines, i, j.max(i + 1), Layout::CellPerLine, rows)
}

/// Most lines after a header read a column name to a line that
/// [`take_stacked_header_rows`] looks through.
const MAX_STACKED_SCAN: usize = 2000;

/// Most lines of a header read a column name to a line.
const MAX_STACKED_HEADER_LINES: usize = 16;

/// The column names a line each from `i` (split ones joined: 序 over 号)
/// and the line after them.
fn stacked_names(lines: &[Line], i: usize) -> (Vec<String>, usize) {
    let mut names: Vec<String> = Vec::new();
    let mut b = i;
    while b < lines.len() && b - i < MAX_STACKED_HEADER_LINES {
        let l = &lines[b];
        let t = trim(&l.text);
        // (One name a line: words set apart are a header's line, or a
        // year's, 2025 年.)
        let one = !t.contains([' ', '\u{3000}']) || year_name(&squash(t)).is_some();
        if (b > i && l.gap > 0) || l.lead_tab || !one {
            break;
        }
        // (A piece: a few characters, no space.)
        let piece = |t: &str| char_len(t) <= 3 && !t.contains([' ', '\u{3000}']);
        let piece_of = |p: &str| {
            piece(p)
                && piece(t)
                && !names_a_column(p)
                && !names_a_column(t)
                && !category_word(p)
                && names_a_column(&format!("{p}{t}"))
        };
        // (A growth column's name goes on a character, 年均增 over 长, but
        // not into a label set a character to a line, 经 over 济.)
        let growth_goes_on = |p: &str| {
            growth_column(p)
                && growth_name_tail(&[t])
                && !lines.get(b + 1).is_some_and(|n| {
                    let n = trim(&n.text);
                    char_len(n) == 1 && n.chars().all(is_han)
                })
        };
        if names
            .last()
            .is_some_and(|p| piece_of(p) || growth_goes_on(p))
        {
            names.last_mut().expect("checked").push_str(t);
        } else if header_cell(t)
            || category_word(t)
            || year_name(t).is_some()
            || (piece(t)
                && header_piece(t)
                && lines.get(b + 1).is_some_and(|n| {
                    let n = trim(&n.text);
                    piece(n) && !names_a_column(n) && names_a_column(&format!("{t}{n}"))
                }))
        {
            names.push(t.to_string());
        } else {
            break;
        }
        b += 1;
    }
    (names, b)
}

/// Whether the first of such names is a caption over them (主要指标 over
/// 序号 / 指标 / …): another names its column.
fn caption_over_names(names: &[String]) -> bool {
    let word_of = |n: &str| {
        crate::tables::HEADER_WORDS
            .iter()
            .find(|w| n.contains(*w))
            .copied()
    };
    names.len() > 1 && word_of(&names[0]).is_some_and(|w| names[1..].iter().any(|n| n.contains(w)))
}

/// A table printed a cell to a line with no blank lines between, its
/// cells' wrapped lines together (PyMuPDF's text): the column names from
/// `i` a line each (序号 / 指标 / 单位 / 我县 / 2020 / 年实 / 际值 …, a narrow
/// column's name a character to a line: 序 over 号), then the rows' cells
/// one after another. The names that stand whole on their lines (the split
/// ones joined) are read as one spaced line, as pdftotext -raw prints
/// them, and the rest as it reads that: the names split over lines, a
/// category column's labels, the rows cell after cell. None where that
/// finds no rows of several cells.
fn take_stacked_header_rows(lines: &[Line], i: usize) -> Option<(RawTable, usize)> {
    let (names, b) = stacked_names(lines, i);
    let after = lines.get(b..b + MIN_UNTABBED_HEADER_CELLS)?;
    // (Names that run on past a header's length, or no figure among the
    // lines under them: no table here, and no copy of the lines made.)
    if names.len() < MIN_UNTABBED_HEADER_CELLS
        || b - i >= MAX_STACKED_HEADER_LINES
        || after.iter().any(|l| l.gap > 0 || l.lead_tab)
        || caption_over_names(&names)
        || !lines[b..lines.len().min(b + MAX_STACKED_HEADER_LINES)]
            .iter()
            .any(|l| value_like(trim(&l.text)))
    {
        return None;
    }
    let end = lines.len().min(b + MAX_STACKED_SCAN);
    let mut joined: Vec<Line> = Vec::with_capacity(end - b + 1);
    let mut head = lines[i].clone();
    head.text = names.join(" ");
    head.span = lines[i].span.to(lines[b - 1].span);
    joined.push(head);
    joined.extend_from_slice(&lines[b..end]);
    let (t, next) = take_categorized_rows(&joined, 0).or_else(|| take_wrapped_rows(&joined, 0))?;
    if t.rows.len() < 3 || t.rows.iter().any(|r| r.cells.len() < 2) {
        return None;
    }
    // (Line 0 of `joined` stands for lines i..b, line q ≥ 1 for b + q - 1.)
    Some((t, b + next.max(1) - 1))
}

/// Most source lines (blank ones counted) looked at for a table whose rows
/// a blank line parts.
const MAX_PARTED_TOKENS: usize = 4000;
/// Widest row of such a table, in cells.
const MAX_PARTED_CELLS: usize = 30;

/// A table printed one cell per line with a blank line after each row, an
/// empty cell a blank line too (a Markdown or Word table whose pipes a
/// converter stripped): every row has as many lines as the table has
/// columns, so rows 1 and 2 (their numbers alone on a line right after a
/// blank) lie a row's length apart, and the header, from `i`, is as long.
/// Read as full rows, empty cells kept; None where the numbered rows do not
/// fall on that beat, or cells do not follow each other on adjacent lines
/// (docx2txt parts every cell by a blank line).
fn take_parted_rows(lines: &[Line], i: usize) -> Option<(RawTable, usize)> {
    // The lines from `i` as a sequence of cells: Some(line), None (blank).
    let mut toks: Vec<Option<usize>> = vec![Some(i)];
    for (k, l) in lines.iter().enumerate().skip(i + 1) {
        if toks.len() + l.gap + 1 > MAX_PARTED_TOKENS || l.lead_tab || l.cells.is_some() {
            break;
        }
        toks.extend(std::iter::repeat_n(None, l.gap));
        toks.push(Some(k));
    }
    let text = |t: Option<usize>| t.map_or("", |k| trim(&lines[k].text));
    let seq = |p: usize| {
        let t = text(toks[p]);
        (p > 0 && toks[p - 1].is_none() && !crate::tables::is_year(t))
            .then(|| t.parse::<u32>().ok())
            .flatten()
    };
    let one = (0..toks.len()).find(|&p| seq(p) == Some(1))?;
    let two = (one + 1..toks.len()).find(|&p| seq(p) == Some(2))?;
    let beat = two - one;
    let width = beat - 1;
    if !(3..=MAX_PARTED_CELLS).contains(&width) || one % beat != 0 {
        return None;
    }
    // A line that no row holds: a heading, a caption, a paragraph.
    let foreign = |t: &str, first: bool| {
        let seq_like = first && char_len(t) <= 3 && !t.contains(['.', '、', '．']);
        // A header word alone (备注) is a cell; 单位：万元 is a caption's.
        let header_word = header_cell(t) && !t.contains(['：', ':']);
        !seq_like && !header_word && crate::numbering::is_block_start(t)
    };
    let mut rows: Vec<RawRow> = Vec::new();
    let mut adjacent = 0;
    let mut filled = 0;
    let mut end = i + 1;
    let mut at = 0;
    while at + width <= toks.len() {
        let row = &toks[at..at + width];
        let sep_blank = toks.get(at + width).is_none_or(|t| t.is_none());
        let cells: Vec<&str> = row.iter().map(|&t| text(t)).collect();
        let n = cells.iter().filter(|c| !c.is_empty()).count();
        let paragraph = n == 1
            && cells
                .iter()
                .any(|c| char_len(c) > MAX_CELL_CHARS || c.ends_with('。'));
        if !sep_blank
            || n == 0
            || paragraph
            || cells
                .iter()
                .enumerate()
                .any(|(j, c)| !c.is_empty() && foreign(c, j == 0))
        {
            break;
        }
        // Rows 1, 2, 3 … open their rows where numbered.
        adjacent += row
            .windows(2)
            .filter(|w| w[0].is_some() && w[1].is_some())
            .count();
        filled += n;
        let first = row.iter().flatten().next().copied().expect("a filled cell");
        let last = row.iter().flatten().last().copied().expect("a filled cell");
        let mut r = RawRow::of(cells.iter().map(|c| c.to_string()).collect(), &lines[first]);
        r.span = lines[first].span.to(lines[last].span);
        rows.push(r);
        end = last + 1;
        at += beat;
    }
    // The header and two numbered rows at least; cells on adjacent lines.
    (rows.len() >= one / beat + 2 && adjacent * 2 >= filled)
        .then(|| region(lines, i, end, Layout::Tabs, rows))
}

/// Space-separated cells of a header row ("序号 指标 单位 2020年 2025年 属性").
fn spaced_cells(t: &str) -> Vec<&str> {
    t.split([' ', '\u{3000}'])
        .filter(|c| !c.is_empty())
        .collect()
}

/// A table whose cells a converter set apart by single spaces, a row per
/// line (pdfplumber's text): a header line of header words, then a row that
/// opens with 1.
fn starts_spaced_table(lines: &[Line], i: usize) -> bool {
    let l = &lines[i];
    if l.lead_tab || l.text.contains('\t') {
        return false;
    }
    spaced_header_words(trim(&l.text), 2)
        && lines
            .get(i + 1)
            .is_some_and(|n| spaced_row(trim(&n.text)).is_some_and(|(seq, _)| seq == 1))
}

/// A row of a spaced table: its sequence number and cells.
fn spaced_row(t: &str) -> Option<(u32, Vec<&str>)> {
    let cells = spaced_cells(t);
    let seq = cells.first()?.parse::<u32>().ok()?;
    (cells.len() >= 3 && char_len(t) <= MAX_SPACED_ROW_CHARS).then_some((seq, cells))
}

/// Longest line read as a row of a spaced table.
const MAX_SPACED_ROW_CHARS: usize = 120;

/// The header and rows of a spaced table, as tab rows; a short line of one
/// word under a row is the rest of its name, which the converter wrapped.
fn take_spaced_rows(lines: &[Line], i: usize) -> (RawTable, usize) {
    let to_row =
        |cells: &[&str], l: &Line| RawRow::of(cells.iter().map(|c| c.to_string()).collect(), l);
    let header = spaced_cells(trim(&lines[i].text));
    let mut rows = vec![to_row(&header, &lines[i])];
    let mut expect = 1;
    let mut j = i + 1;
    while j < lines.len() {
        let l = &lines[j];
        let t = trim(&l.text);
        if let Some((_, cells)) = spaced_row(t).filter(|(s, _)| *s == expect) {
            rows.push(to_row(&cells, l));
            expect += 1;
        } else if rows.len() > 1
            && spaced_cells(t).len() == 1
            && char_len(t) <= MAX_CELL_WRAP_CHARS
            && !t.chars().any(|c| c.is_ascii_digit())
            && !is_block_start(t)
        {
            // The name's wrapped tail: the row's second cell goes on.
            let last = rows.last_mut().expect("a row");
            if let Some(name) = last.cells.get_mut(1) {
                name.push_str(t);
            }
            last.span = last.span.to(l.span);
        } else {
            break;
        }
        j += 1;
    }
    region(lines, i, j, Layout::Tabs, rows)
}

/// Header lines looked for above and below the line that holds the header
/// words of a wrapped spaced table (-raw sets a word to a line: 序, 号,
/// 项目名称, 建设地, 点, 建设规模及内容, 建设起止, 年限).
const MAX_HEADER_LINES: usize = 10;
/// Lines between the header words and row 1 (header tails, row 1's upper
/// half).
const MAX_LINES_TO_ROW_ONE: usize = 8;
/// Longest name piece on a line that holds other cells too.
const MAX_NAME_PIECE: usize = 24;
/// Most lines a name's first piece may stand above its row's line (a long
/// name centred in a tall row, a group's label among its pieces).
const MAX_PIECES_ABOVE: usize = 4;
/// Longest cell of a line shaped as a whole row (its name unwrapped on a
/// wide page, its values and attribute after it).
const MAX_ROW_CELL: usize = 32;
/// Most tokens on one line of a wrapped spaced table.
const MAX_ROW_TOKENS: usize = 12;

/// An attribute or a piece of one as a converter wraps it: 预期性, 约束性,
/// 预期值; 预期 over 性.
fn attribute_head(t: &str) -> bool {
    (t.starts_with("预期") || t.starts_with("约束")) && char_len(t) <= 3
}

fn attribute_tail(t: &str) -> bool {
    t == "性" || t == "值"
}

/// Whether `c` goes on an attribute begun as `attr`, a character to a line in
/// a narrow column (预 over 期 over 值).
fn attribute_goes_on(attr: &str, c: &str) -> bool {
    !attr.is_empty()
        && char_len(attr) + char_len(c) <= 3
        && ["预期性", "预期值", "约束性", "约束值"]
            .iter()
            .any(|w| w.starts_with(&format!("{attr}{c}")))
}

fn attribute_whole(t: &str) -> bool {
    attribute_head(t) && char_len(t) == 3
}

/// A token of a header line's wrapped tail: 值, 年实际, 属性, 2020,
/// 2025年目标值; the 序 or 号 of a 序号 set a character to a line.
fn header_piece(t: &str) -> bool {
    !t.is_empty()
        && char_len(t) <= 8
        && t.chars().all(|c| {
            c.is_ascii_digit() || "年值实际目标属性规划基期现状指标单位序号类别名称末".contains(c)
        })
}

/// A value column's name, or its first piece, that opens with whose value it
/// is before the year (我县2025, 国家2025年目标值: a plan that sets its
/// targets beside the city's, the province's and the nation's).
fn owned_year_piece(t: &str) -> bool {
    let Some(at) = t.find(|c: char| c.is_ascii_digit()) else {
        return false;
    };
    let (owner, rest) = t.split_at(at);
    owner_word(owner) && year_name(rest).is_some()
}

/// Whose value a column is (我县, 市上, 国家): a short word of Han
/// characters that names no column.
fn owner_word(t: &str) -> bool {
    (1..=4).contains(&char_len(t)) && t.chars().all(is_han) && !names_a_column(t)
}

/// The year that opens a value column's name, or is all of it (2020,
/// 2025年目标值): the rest header pieces.
fn year_name(t: &str) -> Option<&str> {
    let y = t.get(..4)?;
    (y.bytes().all(|b| b.is_ascii_digit())
        && (y.starts_with("19") || y.starts_with("20"))
        && t[4..]
            .chars()
            .all(|c| header_piece(c.encode_utf8(&mut [0; 4]))))
    .then_some(y)
}

/// A header's value columns from its words read as one text, where at least
/// one says whose value it is before its year (我县2020年实际值我县2025年目标值
/// 市上2025年目标值): a column per year, its owner the word after the end of
/// the column before (…值 我县 2025).
fn owned_year_columns(joined: &str) -> Option<Vec<String>> {
    static YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?:19|20)\d\d").unwrap());
    let mut text = joined.to_string();
    for w in ["序号", "指标", "单位", "属性", "类别", "名称"] {
        text = text.replace(w, "");
    }
    // (Row 1's number, alone on its line under the header.)
    let digits = text.len() - text.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    if digits <= 2 {
        text.truncate(text.len() - digits);
    }
    let at: Vec<usize> = YEAR.find_iter(&text).map(|m| m.start()).collect();
    if at.len() < 2 {
        return None;
    }
    let mut owner = &text[..at[0]];
    let mut cols = Vec::new();
    let mut owned = !owner.is_empty();
    for (n, &a) in at.iter().enumerate() {
        let chunk = &text[a..at.get(n + 1).copied().unwrap_or(text.len())];
        let (own, next) = if n + 1 < at.len() {
            let end = chunk
                .char_indices()
                .rfind(|(_, c)| "值年标状数计".contains(*c))
                .map(|(k, c)| k + c.len_utf8())
                .unwrap_or(chunk.len());
            chunk.split_at(end)
        } else {
            (chunk, "")
        };
        if !(owner.is_empty() || owner_word(owner)) || year_name(own).is_none() {
            return None;
        }
        cols.push(format!("{owner}{own}"));
        owned |= !next.is_empty();
        owner = next;
    }
    owned.then_some(cols)
}

/// Whether a token holds one of `tables::HEADER_WORDS` (序号, 指标, 单位 …).
fn names_a_column(t: &str) -> bool {
    crate::tables::HEADER_WORDS.iter().any(|w| t.contains(w))
}

/// The header words (`tables::HEADER_WORDS`) in a header's lines read as
/// one text: a converter that sets a narrow column's name a character to a
/// line (序 over 号, 单 over 位) splits the words between lines.
fn header_words_in(lines: &[Line]) -> usize {
    any_header_words_in(lines, crate::tables::HEADER_WORDS)
}

/// How many of `words` the lines read as one text hold.
fn any_header_words_in(lines: &[Line], words: &[&str]) -> usize {
    let joined: String = lines.iter().map(|l| squash(&l.text)).collect();
    words.iter().filter(|w| joined.contains(*w)).count()
}

/// A cell value, not a word: digits, dashes, comparison signs. Not a name
/// that carries its row's number (1.国内生产总值（GDP）增长（%）).
fn value_like(t: &str) -> bool {
    !numbered_name(t)
        && (t
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit() || "—-–―－≥≤><＞＜约不".contains(c))
            || t.chars().filter(|c| c.is_ascii_digit()).count() * 2 >= char_len(t))
}

/// A line of an indicator table's row whose name a converter may take for a
/// heading (2.全员劳动生产率增长（%） 2.5 — 预期性): cells after the name,
/// a value among them, the attribute last.
fn row_shaped(t: &[&str]) -> bool {
    t.len() >= 3
        && t.last().is_some_and(|c| attribute_whole(c))
        && t[1..t.len() - 1].iter().any(|c| value_like(c))
}

/// Whether line `k` can be a line of a table whose cells follow each other:
/// short cells, no heading (a row's whole line, or a numbered name's first
/// piece, may read like one).
fn flow_line(lines: &[Line], k: usize) -> bool {
    if row_shaped(&spaced_cells(trim(&lines[k].text))) {
        spaced_row_line(&lines[k], MAX_ROW_CELL)
    } else {
        spaced_row_line(&lines[k], 20)
            && (numbered_piece(lines, k, MAX_FLOW_ROW_LINES) || !heading_like(trim(&lines[k].text)))
    }
}

/// A line that opens with a name carrying its row's number (after a group's
/// label, 经济发展 1.地区生产), its row's attribute on one of the `within`
/// lines under it: the first piece of a row, though it reads like a heading.
fn numbered_piece(lines: &[Line], k: usize, within: usize) -> bool {
    let t = spaced_cells(trim(&lines[k].text));
    let name = match t.as_slice() {
        [label, name, ..] if category_label(label) => name,
        [name, ..] => name,
        [] => return false,
    };
    // (Or its own line ends with the attribute's head, 约束 over 性; or,
    // centred, the lines either side end with its head and tail.)
    let last_of = |j: usize| {
        spaced_cells(trim(&lines[j].text))
            .last()
            .map(|c| c.to_string())
    };
    let around = k > 0
        && k + 1 < lines.len()
        && last_of(k - 1).is_some_and(|c| attribute_head(&c) && !attribute_whole(&c))
        && last_of(k + 1).is_some_and(|c| attribute_tail(&c));
    let own = around || (t.len() >= 3 && t.last().is_some_and(|c| attribute_head(c)));
    numbered_name(name)
        && (own
            || (k + 1..lines.len().min(k + 1 + within))
                .any(|j| last_of(j).is_some_and(|c| attribute_whole(&c) || attribute_head(&c))))
}

/// Whether a table's lines hold names that carry their numbers (after a
/// group's label or not): then such a name opens its row.
fn names_numbered(lines: &[Line]) -> bool {
    lines.iter().any(|l| {
        spaced_cells(trim(&l.text))
            .into_iter()
            .take(2)
            .any(numbered_name)
    })
}

/// Most lines read as one table with a category column before its numbers.
const MAX_CATEGORIZED_LINES: usize = 400;
/// Most header lines above the one that opens with the category's word
/// (序 over 2020 over 类别 指标 …, the narrow columns' words wrapped).
const MAX_CATEGORY_HEADER_LINES: usize = 3;

/// A table whose first column holds a category merged down its group's
/// rows and whose second holds the rows' numbers (类别 序号 指标 …, as
/// national and provincial outlines print them), its cells side by side
/// or one after another. A label stands on any line of its group: set at
/// the top, it opens the group's first row (经济发展 1 地区生产 …); centred,
/// it lands on its middle lines; in a narrow column it wraps (经济 over
/// 发展), its pieces first on their lines. Read without the labels' pieces
/// as a numbered table, each row then given the label of its group.
fn take_categorized_rows(lines: &[Line], i: usize) -> Option<(RawTable, usize)> {
    let toks = |k: usize| spaced_cells(trim(&lines[k].text));
    // The line that opens with the category's word, under header pieces.
    // (Asked of every line: its first word without splitting the line.)
    let opens_with_category = |k: usize| {
        trim(&lines[k].text)
            .split([' ', '\u{3000}'])
            .find(|c| !c.is_empty())
            .is_some_and(category_word)
    };
    let c = (i..lines.len().min(i + MAX_CATEGORY_HEADER_LINES))
        .take_while(|&k| spaced_row_line(&lines[k], 16))
        .find(|&k| opens_with_category(k))?;
    let head = toks(c);
    if (i..c).any(|k| {
        !toks(k)
            .iter()
            .all(|p| header_piece(p) || growth_column(p) || bracketed_growth(p))
    }) {
        return None;
    }
    // (Cells set apart by blank lines are one a line as docx2txt sets
    // them, read as such.)
    if lines.get(c + 1).is_none_or(|l| l.gap > 0) {
        return None;
    }
    let header_end = lines.len().min(c + MAX_HEADER_LINES);
    let header: Vec<&str> = (i..header_end).flat_map(&toks).collect();
    // Without 序号, the rows' names carry their numbers (1.地区生产总值增长).
    let seq_word = header.contains(&"序号") || (header.contains(&"序") && header.contains(&"号"));
    if c == i && head.len() < 4 && header_end - c < 3 {
        return None;
    }
    let end = lines.len().min(i + MAX_CATEGORIZED_LINES);
    let mut ls: Vec<Line> = lines[i..end].to_vec();
    let at = c - i;
    ls[at].text = head[1..].join(" ");
    let labels = strip_labels(&mut ls, at, shown_width(head[0]), !seq_word)?;
    // Where names carry their numbers and no label wraps or stands alone on
    // its line, the labels stand apart from the names as
    // `take_wrapped_rows` reads them.
    let alone = |l: &Label| {
        ls.iter()
            .any(|x| x.span.line_start == l.lines.0 && trim(&x.text).is_empty())
    };
    if !seq_word && labels.iter().all(|l| l.lines.0 == l.lines.1 && !alone(l)) {
        return None;
    }
    // Lines left empty (a label's pieces alone) go; `kept` maps back.
    let kept: Vec<usize> = (0..ls.len())
        .filter(|&k| !trim(&ls[k].text).is_empty())
        .collect();
    let ls: Vec<Line> = kept.iter().map(|&k| ls[k].clone()).collect();
    let (mut table, next) = take_wrapped_rows(&ls, 0)?;
    let next = kept.get(next).map_or(end, |&k| i + k);
    let bands: Vec<(usize, usize)> = table.rows[1..]
        .iter()
        .map(|r| (r.span.line_start, r.span.line_end))
        .collect();
    let groups = label_groups(&labels, &bands);
    for (n, row) in table.rows.iter_mut().enumerate() {
        let label = if n == 0 {
            head[0].to_string()
        } else {
            groups[n - 1].clone()
        };
        row.cells.insert(0, label);
    }
    Some((table, next))
}

/// A category's label as its column printed it: its text, the lines of its
/// first and last pieces, and whether it sits at its group's top (else at
/// its middle).
#[derive(Debug, Clone, PartialEq)]
struct Label {
    text: String,
    lines: (usize, usize),
    top: bool,
}

/// Takes the pieces of a category column's labels off the lines of a table
/// whose header ends by line `at` (the category word, `word` wide, gone from
/// it). A row's line may open with a piece before its number; another line
/// with one no wider than the column where no name can hold it: under a
/// name that ended, and short of the name column (a name's pieces above its
/// row fill the column); under an open label, beside another word; else
/// where the next line goes on with the label (经济 over 发展). None where
/// the lines hold no label.
fn strip_labels(ls: &mut [Line], at: usize, word: usize, by_name: bool) -> Option<Vec<Label>> {
    // Each line's cells, read once (the lines change only at the end).
    let cells: Vec<Vec<String>> = ls
        .iter()
        .map(|l| {
            spaced_cells(trim(&l.text))
                .into_iter()
                .map(str::to_string)
                .collect()
        })
        .collect();
    let toks = |k: usize| &cells[k];
    let piece = |c: &str| {
        char_len(c) <= 6
            && c.chars().all(is_han)
            && !attribute_head(c)
            && !attribute_tail(c)
            && !names_a_column(c)
    };
    let attr_piece = |c: &str| attribute_head(c) || attribute_tail(c);
    // The rows' lines: the next number first, or after a label's piece.
    // (Or, `by_name`, the name that carries it: 1.地区生产总值增长.)
    let number = |c: &String| {
        if by_name {
            crate::text::name_number(c)
        } else {
            c.parse::<u32>().ok()
        }
    };
    let mut seq_lines: Vec<(usize, bool)> = Vec::new();
    let mut expect = 1;
    let mut last = at;
    for (k, l) in ls.iter().enumerate().skip(at + 1) {
        let t = toks(k);
        let is = |j: usize| t.get(j).and_then(number) == Some(expect);
        if is(0) || (is(1) && piece(&t[0])) {
            seq_lines.push((k, !is(0)));
            expect += 1;
            last = k;
        } else if k > last + MAX_FLOW_ROW_LINES
            || !spaced_row_line(l, MAX_ROW_CELL)
            || (last > at && crate::numbering::heading_like(trim(&l.text)))
        {
            break;
        }
    }
    if seq_lines.len() < 2 {
        return None;
    }
    let first = seq_lines[0].0;
    let stop = (last + 1..ls.len())
        .take_while(|&k| {
            k <= last + MAX_FLOW_ROW_LINES
                && spaced_row_line(&ls[k], MAX_ROW_CELL)
                && !crate::numbering::heading_like(trim(&ls[k].text))
        })
        .last()
        .map_or(last + 1, |k| k + 1);
    // Per line: a row's line (with a label's piece before its number).
    let mut row_line: Vec<Option<bool>> = vec![None; ls.len()];
    for &(k, with_label) in &seq_lines {
        row_line[k] = Some(with_label);
    }
    let seq_at = |k: usize| row_line[k];
    // The column's width: its word's, or its widest piece before a number.
    let label_width = seq_lines
        .iter()
        .filter(|s| s.1)
        .map(|s| shown_width(&toks(s.0)[0]))
        .max()
        .unwrap_or(0)
        .max(word);
    // The name column's: its widest piece.
    let name_width = (first..stop)
        .flat_map(|k| {
            let skip = match seq_at(k) {
                Some(with_label) => usize::from(with_label) + usize::from(!by_name),
                None => 0,
            };
            toks(k).iter().skip(skip).take(1)
        })
        .filter(|c| !value_like(c) && !attr_piece(c))
        .map(|c| shown_width(c))
        .max()
        .unwrap_or(0);
    // Where labels are as wide as the names' pieces, only those before a
    // row's number are surely labels.
    let apart = name_width > label_width;
    // A name surely goes on where its piece left no room for one more
    // character; it may where it left room for one (a proportional font's
    // narrow signs, or a sign no line opens with, taking the character
    // before it down).
    let surely_open = |w: Option<usize>| w.is_some_and(|w| w + 2 > name_width);
    let maybe_open = |w: Option<usize>| w.is_some_and(|w| w + 4 >= name_width);
    let words = |t: &[String]| {
        t.iter()
            .filter(|c| !attr_piece(c) && !value_like(c))
            .count()
    };
    // A line after `k` that goes on with a label: a piece alone, or before
    // an attribute's pieces only.
    let goes_on = |k: usize| {
        k + 1 < stop && seq_at(k + 1).is_none() && {
            let t = toks(k + 1);
            t.first()
                .is_some_and(|c| piece(c) && shown_width(c) <= label_width)
                && t[1..].iter().all(|c| attr_piece(c))
        }
    };
    // Centred cells: a row's line without its name (the name's pieces above
    // and below it), or an attribute's head right above a row's line.
    let centred = seq_lines.iter().any(|&(k, l)| {
        let t = toks(k);
        let rest = &t[1 + usize::from(l)..];
        let nameless = !by_name
            && rest.len() >= 2
            && (value_like(&rest[0]) || (unit_like(&rest[0]) && value_like(&rest[1])));
        let head_above = k > first
            && seq_at(k - 1).is_none()
            && toks(k - 1)
                .last()
                .is_some_and(|c| attribute_head(c) && !attribute_whole(c));
        nameless || head_above
    });
    // A run of lone pieces from `k` that ends at a row's line: a label's
    // pieces over its group's first row (-raw).
    let over_row = |k: usize| {
        let run = (k..stop)
            .take_while(|&q| {
                seq_at(q).is_none() && {
                    let t = toks(q);
                    t.len() == 1 && piece(&t[0]) && shown_width(&t[0]) <= label_width
                }
            })
            .count();
        seq_at(k + run).is_some()
    };
    let mut labels: Vec<Label> = Vec::new();
    let mut edits: Vec<(usize, String)> = Vec::new();
    let mut label_open = false;
    // A row's last cell left open on its line (a value in words, 高于地区
    // over 生产总值 over 增长; a unit, 万吨 over 标准煤): lone pieces under
    // it are that cell's, up to a line with values or an attribute.
    let mut cell_open = false;
    // A row's attribute seen since its line: lone words before it, under a
    // piece wider than a label, are its cells' (高于地区 over 生产总值 over
    // 增长, its line ending in a value).
    let has_attr = (first..stop).any(|k| toks(k).iter().any(|c| attr_piece(c)));
    let mut attr_seen = false;
    // The open cell's piece beside the attribute's tail (生产总值 性): the
    // cells side by side, a lone piece under them is the cell's, even right
    // over the next row's line.
    let mut beside = false;
    // The width of the open name's last piece.
    let mut name_last: Option<usize> = None;
    // A piece alone right over a row's line where no cell can be open: under
    // the header, or (with an attribute column) after the row before has
    // come whole, its attribute and its name's short last piece: a label at
    // its group's top however wide (PyMuPDF: 经济发展 over 1.地区生产, or
    // over 1 alone). (Not over a row's number with a name's piece beside:
    // centred, the name's first piece stands over it.)
    let lone_over_row = |k: usize, closed: bool| {
        let t = toks(k);
        closed
            && t.len() == 1
            && piece(&t[0])
            && !header_piece(&t[0])
            && k + 1 < stop
            && seq_at(k + 1) == Some(false)
            && (by_name || toks(k + 1).len() == 1)
    };
    // Pieces before row 1 (-raw sets the label's lines before its row's;
    // centred, the attribute's head may stand beside): right over it.
    let mut from = first;
    if first == at + 2 && lone_over_row(at + 1, true) {
        from = at + 1;
    }
    while apart && from > at + 1 && {
        let t = toks(from - 1);
        t.first()
            .is_some_and(|c| piece(c) && shown_width(c) <= label_width)
            && t[1..].iter().all(|c| attr_piece(c))
    } {
        from -= 1;
    }
    for (k, l) in ls.iter().enumerate().take(stop).skip(from) {
        let t = toks(k);
        let seq = seq_at(k);
        let was_open = label_open;
        let mut take = false;
        if let Some(with_label) = seq {
            take = with_label;
            attr_seen = t.iter().any(|c| attr_piece(c));
            beside = false;
            // (Its last cell before the attribute's piece: 高于地区 预期.
            // Or a row's line with its number and name only: its unit and
            // values come on lines of their own, 万吨 over 标准 over 煤.)
            let cells = match t.last() {
                Some(c) if attr_piece(c) => &t[..t.len() - 1],
                _ => &t[..],
            };
            cell_open = (cells.len() > 2 + usize::from(with_label)
                && cells
                    .last()
                    .is_some_and(|c| c.chars().all(is_han) && !attr_piece(c) && !value_like(c)))
                || (has_attr && !t[1..].iter().any(|c| value_like(c) || attr_piece(c)));
            // (A unit with values after it opens a line with no name.)
            let unit_first = |c: &str| unit_like(c) && t.len() > 2 + usize::from(with_label);
            let name = t
                .get(usize::from(!by_name) + usize::from(with_label))
                .filter(|c| !(value_like(c) || attr_piece(c) || unit_first(c)));
            if let Some(name) = name {
                name_last = Some(shown_width(name));
            } else if t.len() > 1 + usize::from(with_label) {
                name_last = Some(name_width);
            }
            // (Centred, a row's line stands between the label's lines.)
            if !take && name.is_some() && !centred {
                label_open = false;
            }
        } else if lone_over_row(
            k,
            k < first || (has_attr && attr_seen && !surely_open(name_last)),
        ) {
            take = true;
            name_last = None;
        } else if let Some(x) = t.first().filter(|c| {
            apart
                && piece(c)
                && shown_width(c) <= label_width
                // (A unit before its row's values: 件 5.2 9, or 件 over
                // 5.2, a cell to a line.)
                && !t.get(1).is_some_and(|v| value_like(v) && !attr_piece(v))
                && !(t.len() == 1
                    && k + 1 < stop
                    && seq_at(k + 1).is_none()
                    && toks(k + 1)
                        .first()
                        .is_some_and(|v| value_like(v) && !attr_piece(v)))
                // (Centred, the next row's head stands over its line too.)
                && !(cell_open && t.len() == 1 && (centred || beside || !over_row(k)))
        }) {
            let fills = shown_width(x) == label_width;
            take = if label_open {
                !surely_open(name_last) || words(t) >= 2 || (fills && goes_on(k))
            } else if !maybe_open(name_last) {
                !full_piece(x, name_width) || k < first
            } else {
                fills && goes_on(k)
            };
            if !take {
                name_last = Some(shown_width(x));
                label_open = false;
            } else if let Some(n) = t.get(1).filter(|c| !value_like(c) && !attr_piece(c)) {
                name_last = Some(shown_width(n));
            } else {
                // (A name does not skip a line: without a piece here it ended.)
                name_last = None;
            }
        } else {
            if let Some(x) = t.first().filter(|c| !value_like(c) && !attr_piece(c)) {
                name_last = Some(shown_width(x));
            }
            // (An attribute's tail alone, 性, stands amid a centred row's
            // lines: the cell above it may go on under it.)
            if t.iter().any(|c| value_like(c) || attribute_head(c)) {
                cell_open = false;
            } else if has_attr && !attr_seen && t.len() == 1 {
                cell_open = true;
            }
            attr_seen |= t.iter().any(|c| attr_piece(c));
            beside |= cell_open
                && t.len() >= 2
                && t.last().is_some_and(|c| attribute_tail(c))
                && !value_like(&t[0]);
            // (Centred, a row's values alone on a line stand between the
            // label's lines too.)
            let values_only = !t.is_empty() && t.iter().all(|c| value_like(c));
            if !(centred && values_only) {
                label_open = false;
            }
        }
        if !take {
            continue;
        }
        let p = t[0].clone();
        let line = l.span.line_start;
        label_open = shown_width(&p) == label_width;
        match labels.last_mut() {
            Some(l) if was_open => {
                l.text.push_str(&p);
                l.lines.1 = line;
            }
            _ => labels.push(Label {
                text: p,
                lines: (line, line),
                // (Where only the labels before numbers are known, the rows
                // before the first have none.)
                top: !centred || !apart,
            }),
        }
        edits.push((k, t[1..].join(" ")));
    }
    for (k, text) in edits {
        ls[k].text = text;
    }
    (!labels.is_empty()).then_some(labels)
}

/// Each row's label, from the rows' bands of lines: a label at its group's
/// top heads the rows from its own to the next label's; a centred one the
/// rows around its middle, as many lines of them above it as below.
fn label_groups(labels: &[Label], bands: &[(usize, usize)]) -> Vec<String> {
    let n = bands.len();
    let mut out = vec![String::new(); n];
    if labels.first().is_some_and(|l| l.top) {
        for (r, band) in bands.iter().enumerate() {
            if let Some(l) = labels.iter().rev().find(|l| l.lines.0 <= band.1) {
                out[r] = l.text.clone();
            }
        }
        return out;
    }
    let mut s = 0;
    for (g, l) in labels.iter().enumerate() {
        if s >= n {
            break;
        }
        let mid = l.lines.0 + l.lines.1;
        let left = labels.len() - g - 1;
        let e = if left == 0 {
            n - 1
        } else {
            (s..n.saturating_sub(left).max(s + 1))
                .min_by_key(|&e| (bands[s].0 + bands[e].1).abs_diff(mid))
                .unwrap_or(s)
        };
        for cell in &mut out[s..=e] {
            cell.clone_from(&l.text);
        }
        s = e + 1;
    }
    out
}

/// Whether a table's header lines name a category column (类别, 领域): its
/// labels, printed once per group of rows, stand before a row's name.
fn category_column(lines: &[Line]) -> bool {
    lines
        .iter()
        .any(|l| spaced_cells(trim(&l.text)).into_iter().any(category_word))
}

fn category_word(c: &str) -> bool {
    c == "类别" || c == "领域"
}

/// A unit cell: a short word without digits.
fn unit_like(t: &str) -> bool {
    // (A rate is longer: 微克/立方米, 吨/万元.)
    let rate = char_len(t) <= 8
        && t.contains('/')
        && t.split('/').all(|p| !p.is_empty() && p.chars().all(is_han));
    (char_len(t) <= 4 || rate)
        && !value_like(t)
        && !attribute_head(t)
        && (t == "%" || t == "‰" || t.chars().all(is_han) || t.contains('/'))
}

/// Whether a line's cells open with a unit: a unit word not followed by
/// another (a short name piece reads like a unit, but a unit follows it:
/// 常住人口 %).
fn unit_opens(t: &[&str]) -> bool {
    t.first().is_some_and(|c| unit_like(c)) && !t.get(1).is_some_and(|d| unit_like(d))
}

/// Whether a unit stops short of its end, which the next line holds
/// (微克/立方 over 米, 万平 over 方米, 吨/万 over 元).
fn unit_left_open(unit: &str) -> bool {
    unit.ends_with(['/', '方', '平', '立', '万', '亿', '千', '百'])
}

/// Whether a line opens with what no line breaks: a bracket or a Latin
/// word (细颗粒物 over （PM2.5）), so that the piece over it may fall short
/// of its column and the cell go on.
fn unbreakable_first(t: &[&str]) -> bool {
    t.first().is_some_and(|c| {
        c.starts_with(['（', '(']) || c.starts_with(|ch: char| ch.is_ascii_alphabetic())
    })
}

/// Two lines' cells joined column by column (序 over 号: 序号), where they
/// hold as many.
fn stacked(above: &[&str], below: &[&str]) -> Option<Vec<String>> {
    (above.len() >= 2 && above.len() == below.len()).then(|| {
        above
            .iter()
            .zip(below)
            .map(|(a, b)| format!("{a}{b}"))
            .collect()
    })
}

/// The header of a spaced table from its lines `i..body` (the header words
/// on line `h`): 序号, the name column's word, 单位 where printed, a column
/// per year named, 属性 where printed. With whether it has a unit column,
/// how many value columns, and whether it has an attribute column.
fn spaced_header(
    lines: &[Line],
    i: usize,
    h: usize,
    body: usize,
    numbered: bool,
) -> (Vec<String>, bool, usize, bool) {
    let mut head: Vec<String> = Vec::new();
    let mut has_unit = false;
    let mut attr_word = None;
    let mut years: Vec<String> = Vec::new();
    for (k, l) in lines.iter().enumerate().take(body).skip(i) {
        for c in spaced_cells(trim(&l.text)) {
            // A year alone (2020) or opening its column's name (2025年目标值).
            let year = year_name(c);
            if let Some(y) = year {
                if !years.iter().any(|x| x.starts_with(y)) {
                    years.push(if c.len() == 4 {
                        format!("{c}年")
                    } else {
                        c.to_string()
                    });
                }
            } else if c.contains("属性") {
                attr_word = Some(c.to_string());
            } else if c.contains("单位") {
                has_unit = true;
            } else if (c.contains("指标") || c.contains("名称")) && k == h && head.is_empty() {
                head.push(c.to_string());
            } else if k == h
                && (!head.is_empty() || growth_column(c))
                && !c.contains("序号")
                && !category_word(c)
                && !header_piece(c)
            {
                // A value column named without a year, after the name
                // column's: 年均/累计, 年均增长.
                years.push(c.to_string());
            } else if k > h && growth_column(c) {
                // Or on a line of its own (-raw), its tail on the next
                // (年均增 over 长).
                let tail = lines
                    .get(k + 1)
                    .filter(|_| k + 1 < body)
                    .map(|n| spaced_cells(trim(&n.text)))
                    .filter(|t| growth_name_tail(t));
                years.push(format!("{c}{}", tail.map_or("", |t| t[0])));
            }
        }
    }
    // 单 over 位: the header's lines as one text, or the lines either side
    // of the header words joined column by column.
    has_unit |= lines[i..body]
        .iter()
        .map(|l| squash(&l.text))
        .collect::<String>()
        .contains("单位");
    if h > i && h + 1 < body {
        let around = stacked(
            &spaced_cells(trim(&lines[h - 1].text)),
            &spaced_cells(trim(&lines[h + 1].text)),
        )
        .unwrap_or_default();
        has_unit |= around.iter().any(|c| c.contains("单位"));
        if attr_word.is_none() {
            attr_word = around.iter().find(|c| c.contains("属性")).cloned();
        }
        // The value columns' names split so too (2020 over 年, 年均增 over
        // 长): all of them, where the header words' line names fewer.
        let split: Vec<String> = around
            .iter()
            .filter(|c| {
                !["序号", "指标", "单位", "属性", "名称"]
                    .iter()
                    .any(|w| c.contains(w))
                    && !category_word(c)
            })
            .map(|c| match year_name(c) {
                Some(_) if c.len() == 4 => format!("{c}年"),
                _ => c.clone(),
            })
            .collect();
        if split.len() > years.len() {
            years = split;
        }
    }
    // A growth column's bracketed qualifier on a line of its own under the
    // header words (年均增长 over 〔累计〕, as pdfplumber sets the header's
    // second line: 号 年 年 〔累计〕).
    if let Some(q) = (h + 1..body)
        .flat_map(|k| spaced_cells(trim(&lines[k].text)))
        .find(|c| bracketed_growth(c))
    {
        if let Some(y) = years
            .iter_mut()
            .rfind(|y| growth_column(y) && !y.contains(['〔', '[', '（', '(']))
        {
            y.push_str(q);
        }
    }
    // Value columns whose names wrap over lines above and below the header
    // words (我县 / 2020 / 年实 / 际值), as many on each line: joined top to
    // bottom, a name per column, each with its year.
    let stacked: Vec<Vec<&str>> = (i..body)
        .filter(|&k| k != h)
        .map(|k| spaced_cells(trim(&lines[k].text)))
        .collect();
    let m = stacked.first().map_or(0, |t| t.len());
    if m >= 2
        && stacked.len() >= 2
        && stacked.iter().all(|t| t.len() == m)
        && !stacked.iter().flatten().any(|c| {
            ["序号", "指标", "单位", "属性", "名称"]
                .iter()
                .any(|w| c.contains(w))
        })
    {
        let names: Vec<String> = (0..m)
            .map(|j| stacked.iter().map(|t| t[j]).collect())
            .collect();
        let with_year = |c: &String| {
            c.as_bytes()
                .windows(4)
                .any(|w| w.iter().all(|b| b.is_ascii_digit()) && (w[0] == b'1' || w[0] == b'2'))
        };
        if names.iter().all(with_year) {
            // (A column named without a year on the words' line, 年均/累计,
            // stays after them.)
            let unyeared = years.drain(..).filter(|y| year_name(y).is_none());
            years = names.into_iter().chain(unyeared).collect();
        }
    }
    // Names read column after column (pdftotext -raw: 我县 / 2020 / 年实 /
    // 际值 / 我县 / 2025 …), where each says whose value it is.
    if let Some(owned) = owned_year_columns(&squash(
        &lines[i..body]
            .iter()
            .map(|l| l.text.as_str())
            .collect::<String>(),
    )) {
        if owned.len() > years.len() {
            years = owned;
        }
    }
    if head.is_empty() {
        head.push("指标".to_string());
    }
    if numbered {
        head.insert(0, "序号".to_string());
    }
    if has_unit {
        head.push("单位".to_string());
    }
    let n_values = years.len().max(1);
    if years.is_empty() {
        years.push("目标".to_string());
    }
    head.extend(years);
    // (Many a plan's table has no 属性 column.)
    let has_attr = attr_word.is_some() || header_says_attribute(&lines[i..body]);
    if has_attr {
        head.push(attr_word.unwrap_or_else(|| "属性".to_string()));
    }
    (head, has_unit, n_values, has_attr)
}

/// Whether a header's lines name an attribute column (属性, its name split
/// over lines or spaced: 属 over 性).
fn header_says_attribute(lines: &[Line]) -> bool {
    lines
        .iter()
        .map(|l| squash(&l.text))
        .collect::<String>()
        .contains("属性")
        || lines.windows(2).any(|w| {
            stacked(
                &spaced_cells(trim(&w[0].text)),
                &spaced_cells(trim(&w[1].text)),
            )
            .is_some_and(|s| s.iter().any(|c| c.contains("属性")))
        })
}

/// Most lines of one row read cell after cell.
const MAX_FLOW_ROW_LINES: usize = 12;
/// Most lines of one numbered row read so (the next number ends it sooner):
/// several values in words, each wrapped a few characters to a line.
const MAX_NUMBERED_ROW_LINES: usize = 48;

/// Rows of a spaced table whose cells follow each other, a cell's wrapped
/// lines together (pdftotext -raw): each row opens with its number (the
/// `anchors`), or, where the table has no 序号, ends with its attribute.
/// The name's pieces fill its column's width until the last; then the
/// unit, the values (a value in words goes on over its lines), 预期/性.
fn take_flow_rows(
    lines: &[Line],
    i: usize,
    h: usize,
    body: usize,
    anchors: &[usize],
) -> Option<(RawTable, usize)> {
    let toks = |k: usize| spaced_cells(trim(&lines[k].text));
    let short_line = |k: usize| flow_line(lines, k);
    let numbered = !anchors.is_empty();
    let (head, has_unit, n_values, has_attr) = spaced_header(lines, i, h, body, numbered);
    let mut limit = body;
    while limit < lines.len() && short_line(limit) {
        limit += 1;
    }
    let widths: Vec<usize> = (body..limit)
        .filter_map(|k| {
            let t = toks(k);
            let c = if anchors.contains(&k) {
                t.get(1)
            } else {
                t.first()
            };
            c.filter(|c| !value_like(c)).map(|c| shown_width(c))
        })
        .collect();
    let width = column_width(&widths);
    // A category column's label on the line of a name's piece, set apart
    // by a space, where labels also stand alone (see `take_wrapped_rows`).
    let labelled =
        !numbered && (has_labels(&lines[body..limit], width) || category_column(&lines[i..body]));
    let numbered_names = !numbered && names_numbered(&lines[body..limit]);
    let mut rows = vec![RawRow::of(head, &lines[i])];
    let mut k = anchors.first().copied().unwrap_or(body);
    let mut n = 0;
    while k < limit {
        let start = k;
        let stop = anchors.get(n + 1).copied().unwrap_or(limit);
        let mut name = String::new();
        let mut name_open = true;
        let mut in_values = false;
        let mut unit = String::new();
        let mut values: Vec<String> = Vec::new();
        let mut attr = String::new();
        // A value in words wrapped in its column: its pieces fill the
        // column's width until a shorter last one ends it.
        let mut value_open = false;
        let mut value_width = 0;
        // A row ends with its attribute; without an attribute column, with
        // its last value.
        let done = |attr: &str, values: &[String]| {
            if has_attr {
                char_len(attr) >= 3
            } else {
                values.len() >= n_values
            }
        };
        // Values from the line's `j`th piece on (a numbered row's lines to
        // its end; else the line's).
        let values_after = |k: usize, j: usize| {
            let rest = if numbered { k + 1..stop } else { k + 1..k + 1 };
            let later: usize = rest
                .map(|m| toks(m).into_iter().filter(|v| value_cell(v)).count())
                .sum();
            toks(k)
                .into_iter()
                .skip(j)
                .filter(|v| value_cell(v))
                .count()
                + later
        };
        // A line of one piece, a value opening the next (人 over 103).
        let alone_before_value = |k: usize| {
            toks(k).len() == 1 && k + 1 < stop && toks(k + 1).first().is_some_and(|v| value_cell(v))
        };
        // A line of one Han character (平 over 方 over 米).
        let lone_char =
            |t: &[&str]| t.len() == 1 && char_len(t[0]) == 1 && t[0].chars().all(is_han);
        let max_lines = if numbered {
            MAX_NUMBERED_ROW_LINES
        } else {
            MAX_FLOW_ROW_LINES
        };
        while k < stop && k - start < max_lines {
            let t = toks(k);
            // A number alone where no row is numbered: a page number.
            if !numbered && t.len() == 1 && t[0].parse::<u32>().is_ok() && name.is_empty() {
                k += 1;
                continue;
            }
            let mut line_name = 0;
            let label = usize::from(labelled && label_first(&t));
            for (j, c) in t.iter().enumerate() {
                if (numbered && k == start && j == 0) || j < label {
                    continue;
                }
                let line_start = j == label || (numbered && k == start && j == 1);
                if attribute_head(c)
                    || (attribute_tail(c) && !attr.is_empty())
                    || attribute_goes_on(&attr, c)
                    || (attr.is_empty() && t.len() == 1 && (*c == "预" || *c == "约"))
                {
                    attr.push_str(c);
                    continue;
                }
                let word = !value_like(c);
                // A unit word, not the name's next piece: a sign, or a
                // word with the values after it on its line.
                // (Or a unit set a character to a line, 平 over 方 over 米:
                // a name's pieces are never two single characters running;
                // but where the second stands right over a value, it is the
                // unit and the first the name's last piece, 施 over 个 over
                // 10.)
                // (Or alone on its line with a value opening the next, each
                // cell a line: 人 over 103.)
                let unit_here = unit_like(c)
                    && (!c.chars().all(is_han)
                        || t.get(j + 1).is_some_and(|v| value_like(v))
                        || (lone_char(&t)
                            && k + 1 < stop
                            && lone_char(&toks(k + 1))
                            && !alone_before_value(k + 1))
                        || (t.len() == 1 && alone_before_value(k)));
                // A unit and a value with no space between (平方米21.25).
                let glued_unit = (!in_values && has_unit && unit.is_empty() && !name.is_empty())
                    .then(|| unit_then_value(c))
                    .flatten();
                if let Some((u, v)) = glued_unit {
                    unit = u.to_string();
                    values.push(v.to_string());
                    in_values = true;
                    continue;
                }
                if !in_values {
                    if !word
                        && figure_in_name(c)
                        && !name.is_empty()
                        && t.get(j + 1)
                            .is_some_and(|w| !value_like(w) && !unit_like(w))
                        && values_after(k, j + 1) >= n_values
                    {
                        // A figure in a name (每千人口拥有 3 岁以下婴幼儿托位数),
                        // set apart where its font changes: a word follows
                        // it, and the row's values all come after.
                        name.push_str(c);
                        line_name += shown_width(c);
                    } else if !word {
                        in_values = true;
                        values.push(c.to_string());
                    } else if has_unit
                        && unit.is_empty()
                        && !name.is_empty()
                        && (!(line_start && name_open) || unit_here)
                        && unit_like(c)
                    {
                        unit = c.to_string();
                        in_values = true;
                    } else if line_start && numbered_name(c) && !name.is_empty() && numbered_names {
                        // A name with its number opens its row: the pieces
                        // before it end the row above, whose name a page
                        // break cut (a group's short label stands alone).
                        let before = std::mem::replace(&mut name, c.to_string());
                        if !(category_label(&before) && shown_width(&before) < width) {
                            name_back(&mut rows, &before);
                        }
                        line_name = shown_width(c);
                        name_open = line_name + 4 >= width && !ends_with_unit(c);
                    } else if name.is_empty() || !line_start || name_open {
                        name.push_str(c);
                        line_name += shown_width(c);
                        name_open = line_name + 4 >= width && !ends_with_unit(c);
                    } else if glued(&name, c) {
                        // One printed line cut where its font changes for
                        // the brackets: 年度赴国 / （境） / 外、引进国.
                        name.push_str(c);
                        line_name += shown_width(c);
                        name_open = line_name + 4 >= width && !ends_with_unit(c);
                    } else {
                        // A short piece before a name: the group's label.
                        // (Where names carry their numbers, a name's tail
                        // without one ends the row above, cut by a page.)
                        let before = std::mem::replace(&mut name, c.to_string());
                        if numbered_names && !numbered_name(&before) && !category_label(&before) {
                            name_back(&mut rows, &before);
                        }
                        line_name = shown_width(c);
                        name_open = line_name + 4 >= width && !ends_with_unit(c);
                    }
                    continue;
                }
                let last_words = values.last().is_some_and(|v| v.chars().any(is_han));
                // A unit wrapped in a narrow column (平 over 方 over 米,
                // 平方 over 米).
                // (Or a rate's unit: 微克/立方 over 米.)
                let unit_goes_on = line_start
                    && values.is_empty()
                    && char_len(c) <= 2
                    && c.chars().all(is_han)
                    && !unit.is_empty()
                    && ((char_len(&unit) + char_len(c) <= MAX_UNIT_CHARS
                        && unit.chars().all(is_han))
                        || (unit.contains('/') && unit_left_open(&unit) && columns::unit_cell(c)));
                // A magnitude wrapped under its number (1250 over 万人).
                let magnitude_under = line_start
                    && t.len() == 1
                    && char_len(c) <= 3
                    && c.starts_with(['万', '亿', '千'])
                    && c.chars().all(is_han)
                    && values
                        .last()
                        .is_some_and(|v| value_like(v) && !v.chars().any(is_han));
                if unit_goes_on {
                    unit.push_str(c);
                } else if (line_start && word && last_words && value_open) || magnitude_under {
                    let v = values.last_mut().expect("a value");
                    v.push_str(c);
                    value_open = value_width == 0 || shown_width(c) >= value_width;
                    value_width = value_width.max(shown_width(c));
                } else if line_start
                    && word
                    && name_open
                    && (values.len() >= n_values || !attr.is_empty())
                {
                    // The name's last pieces under the row's values (a row
                    // whose values stand at its middle line).
                    name.push_str(c);
                    name_open = shown_width(c) + 4 >= width && !ends_with_unit(c);
                } else if word
                    && !line_start
                    && unit_like(c)
                    && values.last().is_some_and(|v| {
                        !v.chars().any(is_han) && v.chars().any(|d| d.is_ascii_digit())
                    })
                {
                    let v = values.last_mut().expect("a value");
                    v.push_str(c);
                    value_open = true;
                    value_width = 0;
                } else if has_unit && unit.is_empty() && values.is_empty() && unit_like(c) {
                    unit = c.to_string();
                } else {
                    values.push(c.to_string());
                    value_open = c.chars().any(is_han);
                    value_width = shown_width(c);
                }
            }
            k += 1;
            if done(&attr, &values) && (!numbered || n + 1 == anchors.len()) {
                // The row ends with its attribute; a value in words may
                // still go on (its last line after 预期/性).
                while k < stop
                    && values.last().is_some_and(|v| v.chars().any(is_han))
                    && toks(k).len() == 1
                    && !value_like(toks(k)[0])
                    && shown_width(toks(k)[0]) + 4 < width
                    && numbered
                {
                    values.last_mut().expect("a value").push_str(toks(k)[0]);
                    k += 1;
                }
                break;
            }
        }
        if name.is_empty() || !done(&attr, &values) {
            if numbered && n + 1 < anchors.len() {
                return None;
            }
            k = start;
            break;
        }
        if values.len() > n_values {
            values.drain(..values.len() - n_values);
        }
        values.resize(n_values, String::new());
        let mut row = vec![name];
        if numbered {
            row.insert(0, toks(start)[0].to_string());
        }
        if has_unit {
            row.push(unit);
        }
        row.extend(values);
        if has_attr {
            row.push(attr);
        }
        let mut r = RawRow::of(row, &lines[start]);
        r.span = lines[start].span.to(lines[k - 1].span);
        rows.push(r);
        n += 1;
        if numbered {
            k = k.max(anchors.get(n).copied().unwrap_or(k));
            if n >= anchors.len() {
                break;
            }
        }
    }
    if rows.len() < 3 {
        return None;
    }
    Some(region(lines, i, k, Layout::Tabs, rows))
}

/// Fewest pieces of one width that make it a column's, though a wider one
/// stands out.
const MIN_FULL_PIECES: usize = 3;

/// The width of a column from its lines' pieces: the widest, unless a
/// width most wide pieces share is narrower (full lines of a name wrapped
/// in its column, one piece wider where a category's label got on its
/// line with no space: 人才培养省级层面培训人员（人次）).
fn column_width(widths: &[usize]) -> usize {
    let max = widths.iter().copied().max().unwrap_or(0);
    let mut counts = std::collections::BTreeMap::<usize, usize>::new();
    for &w in widths.iter().filter(|&&w| w * 5 >= max * 3) {
        *counts.entry(w).or_default() += 1;
    }
    // (The most shared, the wider of two as shared.)
    counts
        .iter()
        .max_by_key(|&(&w, &n)| (n, w))
        .filter(|&(_, &n)| n >= MIN_FULL_PIECES)
        .map_or(max, |(&w, _)| w)
}

/// A unit word and the value after it printed with no space between
/// (平方米21.25): the two, where the word is a unit and the rest a figure.
fn unit_then_value(t: &str) -> Option<(&str, &str)> {
    let p = t.find(|c: char| c.is_ascii_digit() || "≥≤><＞＜".contains(c))?;
    let (u, v) = t.split_at(p);
    (p > 0 && u.chars().all(is_han) && unit_like(u) && value_like(v)).then_some((u, v))
}

/// A figure a name may hold: a small whole number (3 岁以下, 15 分钟).
fn figure_in_name(t: &str) -> bool {
    (1..=3).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit())
}

/// A value's cell, a cumulative one in brackets too (〔3.3〕).
fn value_cell(t: &str) -> bool {
    value_like(t.trim_matches(['〔', '〕', '[', ']', '（', '）', '(', ')']))
}

/// The tail of the last row's name (after the header row), which a page
/// break parted from it.
fn name_back(rows: &mut [RawRow], tail: &str) {
    if let Some(prev) = rows.get_mut(1..).and_then(|r| r.last_mut()) {
        prev.cells[0].push_str(tail);
    }
}

/// A value column's name for a rate over the plan's years, without a year:
/// 年均增长, 年均/累计, 累计下降 (or its head, 年均增).
fn growth_column(c: &str) -> bool {
    c.starts_with("年均") || c.starts_with("累计")
}

/// Fewest digits of a figure that fills its column, so that its last
/// digits may wrap.
const MIN_WRAPPED_FIGURE_DIGITS: usize = 5;
/// Longest unit of Han characters a narrow column wraps (万吨标准煤).
const MAX_UNIT_CHARS: usize = 5;

/// A growth column's bracketed qualifier, wrapped under its name (年均增长
/// over 〔累计〕): the brackets a plan sets its five-year totals in.
fn bracketed_growth(c: &str) -> bool {
    let inner = c
        .strip_prefix(['〔', '［', '[', '（', '('])
        .and_then(|r| r.strip_suffix(['〕', '］', ']', '）', ')']));
    inner.is_some_and(|w| (2..=4).contains(&char_len(w)) && growth_column(w))
}

/// A growth column's name going on on the next line: a character (年均增
/// over 长) or a bracketed qualifier (〔累计〕).
fn growth_name_tail(t: &[&str]) -> bool {
    t.len() == 1 && ((char_len(t[0]) == 1 && t[0].chars().all(is_han)) || bracketed_growth(t[0]))
}

/// A word that qualifies the number before it (6 左右, 80 以上), which a
/// converter may set apart by a space: the number's, no cell of its own.
fn after_number(t: &str) -> bool {
    matches!(t, "左右" | "上下" | "以上" | "以下" | "以内")
}

/// Width of a cell's text as printed: a Han character or a full-width sign
/// takes two columns, a Latin letter or digit one.
fn shown_width(t: &str) -> usize {
    t.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

/// A piece of a wrapped cell that fills the column (so the cell goes on):
/// at most two characters short of the widest.
fn full_piece(t: &str, width: usize) -> bool {
    shown_width(t) + 4 >= width
}

/// Whether a line can open a row's upper half: an attribute's head, a
/// value, or a name piece that fills its column (not the short end of the
/// row above's wrapped name).
fn top_piece(t: &[&str], width: usize) -> bool {
    t.first()
        .is_some_and(|c| attribute_head(c) || value_like(c) || full_piece(c, width) || t.len() > 1)
}

/// The least sum of width differences setting cells of widths `w`, in
/// order, each in one of the columns of widths `cols` (usize::MAX/2 where
/// they do not fit); with `short_ok`, a cell narrower than its column (a
/// wrapped cell's last piece) costs nothing.
fn align_cost(w: &[usize], cols: &[usize], short_ok: bool) -> usize {
    const NONE: usize = usize::MAX / 2;
    if w.len() > cols.len() {
        return NONE;
    }
    // best[j]: the least cost of the cells so far, the last in a column < j.
    let mut best = vec![0usize; cols.len() + 1];
    for (n, &x) in w.iter().enumerate() {
        let mut next = vec![NONE; cols.len() + 1];
        for j in n..cols.len() {
            let d = if short_ok {
                x.saturating_sub(cols[j])
            } else {
                x.abs_diff(cols[j])
            };
            next[j + 1] = next[j].min(best[j].saturating_add(d));
        }
        best = next;
    }
    best[cols.len()].min(NONE)
}

/// Whether a piece goes on the name before it on one printed line, though
/// a converter set it on a line of its own: the two meet at a bracket or a
/// list comma, where a font changes and no cell begins or ends.
fn glued(name: &str, piece: &str) -> bool {
    piece.starts_with(['（', '(', '、', '）', ')'])
        || (name.ends_with(['（', '(', '）', ')', '、']) && !ends_with_unit(name))
}

/// A unit in brackets: （%）, （个）, （万人次）.
/// A piece that ends with its name's unit in brackets (增长（%）): the
/// name ends there, however wide the piece.
fn ends_with_unit(t: &str) -> bool {
    t.rfind(['（', '('])
        .filter(|&p| p > 0 && t.ends_with(['）', ')']))
        .is_some_and(|p| {
            let inner = t[p..]
                .trim_start_matches(['（', '('])
                .trim_end_matches(['）', ')']);
            columns::unit_cell(inner) || inner == "年"
        })
}

fn bracketed_unit(t: &str) -> bool {
    let inner = t
        .strip_prefix(['（', '('])
        .and_then(|r| r.strip_suffix(['）', ')']));
    inner.is_some_and(|u| {
        (1..=5).contains(&char_len(u))
            && !u.contains(['（', '(', '）', ')'])
            && (u == "%" || u == "‰" || u.contains('/') || u.chars().all(is_han))
    })
}

/// Whether a line's first cell is a category's label before a piece of a
/// name (人才培养 省级层面培训人员（人次）): two words side by side.
fn label_first(t: &[&str]) -> bool {
    t.len() >= 2
        && category_label(t[0])
        && (t[1].starts_with(is_han) || numbered_name(t[1]))
        && !value_like(t[1])
        && !attribute_head(t[1])
        && !unit_like(t[1])
}

/// Whether a table's lines hold a category's label alone on a line (short
/// of the name column's `width`): the table has a category column.
fn has_labels(lines: &[Line], width: usize) -> bool {
    lines.iter().any(|l| {
        let t = spaced_cells(trim(&l.text));
        t.len() == 1 && category_label(t[0]) && !full_piece(t[0], width)
    })
}

/// A category cell's text (经济发展, 文物安全): a few Chinese characters.
fn category_label(t: &str) -> bool {
    (2..=6).contains(&char_len(t)) && t.chars().all(is_han)
}

/// Whether `l` can be a line of a table whose cells a converter set apart by
/// single spaces: no tabs, a few cells of at most `max_cell` characters, not
/// a sentence.
fn spaced_row_line(l: &Line, max_cell: usize) -> bool {
    // Asked of every line: the cheap tests first, and no allocation.
    if l.lead_tab || l.text.contains('\t') {
        return false;
    }
    let t = trim(&l.text);
    if t.ends_with('。') {
        return false;
    }
    let mut n = 0;
    for c in t.split([' ', '\u{3000}']).filter(|c| !c.is_empty()) {
        n += 1;
        if n > MAX_ROW_TOKENS || char_len(c) > max_cell {
            return false;
        }
    }
    n > 0
}

/// A table of space-separated cells whose text the converter wrapped over
/// several lines, one text line per printed line (pdfplumber): the header's
/// words over a few lines, then rows numbered 1, 2, 3 … whose wrapped cells
/// (a long name, 预期 over 性) sit above and below the numbered line, as the
/// cells are centred in their rows. Read as a header and one tab row per
/// indicator; None where the lines do not hold such a table.
fn take_wrapped_rows(lines: &[Line], i: usize) -> Option<(RawTable, usize)> {
    let toks = |k: usize| spaced_cells(trim(&lines[k].text));
    let short_line = |k: usize| spaced_row_line(&lines[k], 16);
    // The line with the header words: this one, or one a few lines down
    // under header pieces ("2020" over "序号 主要指标 单位 年实际").
    if !short_line(i) {
        return None;
    }
    // Header words split over the lines above and below (序 over 号, 单
    // over 位, 指标 over 属性, as many words on each), joined column by column.
    let split_words = |k: usize| {
        (k > i && k + 1 < lines.len() && short_line(k - 1) && short_line(k + 1))
            .then(|| stacked(&toks(k - 1), &toks(k + 1)))
            .flatten()
            .map_or(0, |w| w.iter().filter(|c| names_a_column(c)).count())
    };
    let words_line = |k: usize| {
        let t = toks(k);
        let words = t.iter().filter(|c| names_a_column(c)).count();
        // (序 over 号 指标 单 over 位: the next line completes a word that
        // neither line holds alone.)
        let completed_below = || {
            k + 1 < lines.len()
                && short_line(k + 1)
                && toks(k + 1).iter().all(|c| header_piece(c))
                && header_words_in(&lines[k..=k + 1])
                    > header_words_in(&lines[k..=k]) + header_words_in(&lines[k + 1..=k + 1])
                && header_words_in(&lines[i..=k + 1]) >= 3
        };
        // (Or two words with two years among the lines so far, a narrow
        // column's name a piece to a line: 指标 2020 / 年 / 2025 / 年 /
        // 年均/累计 属性.)
        let with_years = || {
            header_words_in(&lines[i..=k]) >= 2
                && lines[i..=k]
                    .iter()
                    .flat_map(|l| spaced_cells(trim(&l.text)))
                    .filter(|c| year_name(c).is_some())
                    .count()
                    >= 2
        };
        short_line(k)
            && (words >= 2
                || (words == 1
                    && (header_words_in(&lines[i..=k]) >= 3
                        || split_words(k) >= 2
                        || completed_below()
                        || with_years())))
    };
    let indicator_words = |k: usize| {
        let t = toks(k);
        t.iter().any(|c| c.contains("指标"))
            && t.iter()
                .any(|c| c.contains("单位") || c.contains("属性") || c.contains('年'))
    };
    let h = (i..lines.len().min(i + MAX_HEADER_LINES))
        .take_while(|&k| {
            // (A header word with the rest of a split one: 号 主要指标 单
            // under 序.)
            let split_word =
                || toks(k).iter().any(|c| names_a_column(c)) && header_words_in(&lines[i..=k]) >= 2;
            // (Or a word's tail that completes one: 建设性 over 质, 建设地
            // over 点.)
            // (Or, alone on its line, a word's head that the next completes:
            // 建设地 over 点.)
            let words = |ls: &[Line]| {
                header_words_in(ls) + any_header_words_in(ls, crate::tables::MORE_HEADER_WORDS)
            };
            let completes = || {
                words(&lines[i..=k]) > words(&lines[i..k])
                    || (k + 1 < lines.len()
                        && toks(k).len() == 1
                        && short_line(k + 1)
                        && words(&lines[i..=k + 1]) > words(&lines[i..=k]))
            };
            short_line(k)
                && (k == i
                    || toks(k).iter().all(|c| header_piece(c))
                    || words_line(k)
                    || split_word()
                    || completes())
        })
        .find(|&k| words_line(k))?;
    // (Or the words split over the lines: 指标 单 over 位.)
    let split_indicator_words = || {
        let joined: String = lines[i..lines.len().min(h + 2)]
            .iter()
            .map(|l| squash(&l.text))
            .collect();
        joined.contains("指标") && (joined.contains("单位") || joined.contains("属性"))
    };
    if !(i..=h + 1).any(|k| k < lines.len() && indicator_words(k)) && !split_indicator_words() {
        return take_project_rows(lines, i, h);
    }
    // A first line of a column name's pieces over the header's pieces, as
    // many on each (我县 … over 2020 …).
    let name_pieces_over = |k: usize| {
        let (t, u) = (toks(k), toks(k + 1));
        k + 1 < h
            && t.len() >= 2
            && t.len() == u.len()
            && t.iter().all(|c| char_len(c) <= 4 && !value_like(c))
            && u.iter().all(|c| header_piece(c))
    };
    if h > i && !toks(i).iter().all(|c| header_piece(c) || growth_column(c)) && !name_pieces_over(i)
    {
        return None;
    }
    let seq_of = |k: usize| toks(k).first().and_then(|c| c.parse::<u32>().ok());
    // (A column name's unit wrapped under it: 年均增长 over （%）. Whose
    // value a column is, before its year: 我县2025, or 我县 over 2020.)
    // (A growth column's bracketed qualifier beside other names' tails:
    // 〔累计〕 属性.)
    let head_piece = |c: &str| {
        header_piece(c)
            || bracketed_unit(c)
            || owned_year_piece(c)
            || growth_column(c)
            || bracketed_growth(c)
    };
    let owner_over_year = |k: usize| {
        let t = toks(k);
        k + 1 < lines.len()
            && t.len() == 1
            && owner_word(t[0])
            && toks(k + 1).first().is_some_and(|c| year_name(c).is_some())
    };
    // (A value column's name on a line of its own, its tail on the next:
    // 年均增 over 长.)
    let growth_tail = |k: usize| {
        k > h && growth_name_tail(&toks(k)) && toks(k - 1).last().is_some_and(|c| growth_column(c))
    };
    // (Or the lower halves of words split around the header words' line,
    // as many as above it: 序 2020 年均增 over 号 年 长.)
    // (Or, row 1's line right under them, the tails of the narrow columns'
    // words: 序 … 2020 2025 年均增 over 号 年 年 长.)
    let lower_halves = |k: usize| {
        let t = toks(k);
        let split_around = || {
            h > i
                && stacked(&toks(h - 1), &t).is_some_and(|w| {
                    w.iter()
                        .filter(|c| names_a_column(c) || year_name(c).is_some())
                        .count()
                        >= 2
                })
        };
        let over_row_one = || {
            t.len() < toks(h).len()
                && k + 1 < lines.len()
                && toks(k + 1).first().and_then(|c| c.parse::<u32>().ok()) == Some(1)
        };
        k == h + 1
            && t.len() >= 2
            && t.iter()
                .all(|c| (char_len(c) <= 2 && c.chars().all(is_han)) || bracketed_growth(c))
            && (split_around() || over_row_one())
    };
    let head_line = |k: usize| {
        toks(k).iter().all(|c| head_piece(c))
            || (k > h && owner_over_year(k))
            || growth_tail(k)
            || lower_halves(k)
    };
    let mut tail = h + 1;
    while tail < lines.len() && short_line(tail) && head_line(tail) {
        tail += 1;
    }
    // A group's row (一、经济发展, merged across the table) among numbered
    // rows: its label alone on a line, the next row's number under it.
    let group_line = |k: usize, next_seq: u32| {
        let t = trim(&lines[k].text);
        toks(k).len() == 1
            && char_len(t) <= MAX_GROUP_CHARS
            && crate::numbering::numbering(t).is_some_and(|n| {
                matches!(
                    n.style,
                    crate::numbering::Style::CnComma | crate::numbering::Style::CnParen
                )
            })
            && (k + 1..lines.len().min(k + 3)).any(|j| seq_of(j) == Some(next_seq))
    };
    let mut groups: Vec<usize> = Vec::new();
    // Row 1's numbered line; without one, rows that end with their
    // attribute, cell after cell (pdftotext -raw).
    // A line of cells may hold a longer piece of a name (the last line of
    // a name that wraps, with the row's unit and values after it).
    // (Or a name's long piece with the attribute's tail beside it.)
    let table_line = |k: usize| {
        let t = toks(k);
        let attr_after = t.len() == 2
            && t.last()
                .is_some_and(|c| attribute_tail(c) || attribute_head(c));
        if row_shaped(&t) {
            return spaced_row_line(&lines[k], MAX_ROW_CELL);
        }
        // A numbered name's first piece, wrapped over its row's line (1.地区
        // 生产总值增长 over 2.3 — 预期性), reads like a heading: the row's
        // attribute a line or two below says it is not one.
        let name_piece = numbered_piece(lines, k, MAX_PIECES_ABOVE);
        (short_line(k)
            || ((t.len() >= 3 || attr_after) && spaced_row_line(&lines[k], MAX_NAME_PIECE)))
            && (name_piece || !crate::numbering::heading_like(trim(&lines[k].text)))
    };
    let first_numbered = (h + 1..lines.len().min(tail + MAX_LINES_TO_ROW_ONE))
        .take_while(|&k| short_line(k))
        .find(|&k| seq_of(k) == Some(1));
    // The numbered lines, and the fragments between them.
    let numbered_rows = first_numbered.and_then(|first| {
        // Cells a line each (PyMuPDF), a row's number alone on its line: a
        // figure alone that happens to be the next number is the row's
        // value while its attribute has not come (10.5 / 11 / 〔0.5〕).
        let with_attr = header_says_attribute(&lines[i..first]);
        let bare = |q: usize| toks(q).len() == 1;
        // (Its head is enough: 预期 goes on over lines, 保标准比例 / 性, or a
        // character to a line, 预 / 期 / 值.)
        let attr_open = |from: usize, to: usize| {
            !(from + 1..to)
                .filter(|&k| !is_page_number(trim(&lines[k].text)))
                .flat_map(&toks)
                .any(|c| attribute_whole(c) || attribute_head(c) || matches!(c, "预" | "约"))
        };
        let value_here = |k: usize, anchors: &[usize]| {
            with_attr && bare(k) && anchors.last().is_some_and(|&p| bare(p) && attr_open(p, k))
        };
        let mut anchors = vec![first];
        let mut k = first + 1;
        let mut expect = 2;
        while k < lines.len() && (table_line(k) || group_line(k, expect)) {
            if seq_of(k) == Some(expect) && !value_here(k, &anchors) {
                anchors.push(k);
                expect += 1;
            } else if group_line(k, expect) {
                groups.push(k);
            }
            k += 1;
        }
        (anchors.len() >= 2).then_some((first, anchors, k))
    });
    // (One before row 1, between the header and it.)
    if let Some((first, _, _)) = &numbered_rows {
        if let Some(g) = (h + 1..*first).find(|&k| group_line(k, 1)) {
            groups.insert(0, g);
        }
    }
    let numbered = numbered_rows.is_some();
    let (first, anchors, limit, body) = if let Some((first, anchors, k)) = numbered_rows {
        // Header tails right under the header words.
        let mut body = h + 1;
        while body < first && head_line(body) {
            body += 1;
        }
        // A number alone on its line: the cells follow each other, not
        // side by side (pdftotext -raw).
        // So too where every row's lines end with its whole attribute
        // before the next number (in a side-by-side rendering a row's upper
        // half, 预期 over the number's line, comes before it).
        let ends_with_attribute = |from: usize, to: usize| {
            let t: Vec<&str> = (from..to)
                .filter(|&k| !is_page_number(trim(&lines[k].text)))
                .flat_map(&toks)
                .collect();
            match t.as_slice() {
                [.., a] if attribute_whole(a) => true,
                [.., a, b] => attribute_head(a) && attribute_tail(b),
                _ => false,
            }
        };
        // Without an attribute column: a row's line with its number and a
        // name's first piece only, its values on a line of their own below
        // (side by side, a row's values share its line).
        let bare_then_values = |from: usize, to: usize| {
            toks(from).len() <= 2
                && !toks(from).iter().skip(1).any(|c| value_like(c))
                && (from + 1..to).any(|k| toks(k).iter().filter(|c| value_like(c)).count() >= 2)
        };
        let flowing = anchors.windows(2).all(|w| ends_with_attribute(w[0], w[1]))
            || (!header_says_attribute(&lines[i..first])
                && anchors.windows(2).any(|w| bare_then_values(w[0], w[1])));
        if flowing
            || anchors.iter().any(|&a| toks(a).len() == 1)
            || first == tail && toks(first).len() < 3
        {
            return take_flow_rows(lines, i, h, tail, &anchors);
        }
        (first, anchors, k, body)
    } else {
        // No 序号: a row's middle line ends with its attribute. Its cells
        // are side by side (pdfplumber) where such a line holds a piece of
        // a name begun on the line above; else they follow each other.
        let mut limit = tail;
        while limit < lines.len() && table_line(limit) {
            limit += 1;
        }
        let anchors: Vec<usize> = (tail..limit)
            .filter(|&k| toks(k).len() >= 2 && toks(k).last().is_some_and(|c| attribute_whole(c)))
            .collect();
        let named = |k: usize| {
            toks(k)
                .first()
                .is_some_and(|c| !value_like(c) && !attribute_head(c))
        };
        let widest = (tail..limit)
            .filter_map(|k| {
                toks(k)
                    .first()
                    .filter(|c| !value_like(c))
                    .map(|c| shown_width(c))
            })
            .max()
            .unwrap_or(0);
        // A full piece of a name (not a group's short label) right above.
        let side_by_side = anchors.iter().any(|&a| {
            a > tail
                && named(a)
                && !anchors.contains(&(a - 1))
                && named(a - 1)
                && toks(a - 1).len() == 1
                && full_piece(toks(a - 1)[0], widest)
        });
        // Unless every row's line whose name has a full piece right above
        // ends the name with a short one: the names end on their rows' lines,
        // their pieces all above them (PDFium: a cell's lines in order, the
        // last beside the row's values).
        let under_full: Vec<usize> = anchors
            .iter()
            .copied()
            .filter(|&a| {
                a > tail
                    && named(a)
                    && !anchors.contains(&(a - 1))
                    && toks(a - 1).len() == 1
                    && full_piece(toks(a - 1)[0], widest)
            })
            .collect();
        // (A name's short last piece alone right under a row's line, over
        // the next row's, says the names go on under their lines; a
        // category's label stands so too, so such pieces must be fewer.)
        let tails_under = anchors.iter().filter(|&&a| {
            !anchors.contains(&(a + 1))
                && a + 2 < limit
                && anchors.contains(&(a + 2))
                && named(a + 1)
                && toks(a + 1).len() == 1
                && !full_piece(toks(a + 1)[0], widest)
        });
        let names_end_on_rows = under_full.len() > tails_under.count()
            && under_full.iter().all(|&a| !full_piece(toks(a)[0], widest));
        if !side_by_side || anchors.len() < 2 || names_end_on_rows {
            return take_flow_rows(lines, i, h, tail, &[]);
        }
        (anchors[0], anchors, limit, tail)
    };
    // Name pieces fill the name column's width; a shorter one ends the name.
    let name_at = if numbered { 1 } else { 0 };
    let width = anchors
        .iter()
        .filter_map(|&a| {
            toks(a)
                .get(name_at)
                .filter(|c| !value_like(c))
                .map(|c| shown_width(c))
        })
        .chain(
            (body..limit)
                .filter(|k| !anchors.contains(k))
                .filter_map(|k| toks(k).first().map(|c| shown_width(c))),
        )
        .max()
        .unwrap_or(0);
    let (head, has_unit, n_values, has_attr) = spaced_header(lines, i, h, body, numbered);
    // A unit a narrow column set a character to a line, centred on the
    // row's line (平 two lines above, 方 beside the values, 米 two below):
    // the row's unit, and no piece of the rows around it.
    let mut unit_stacks: Vec<(usize, String, [usize; 2])> = Vec::new();
    if has_unit {
        let one_han = |k: usize| -> Option<String> {
            let t = toks(k);
            // (性 over 件 over 性: an attribute's pieces, two rows' apart.)
            (t.len() == 1
                && char_len(t[0]) == 1
                && t[0].chars().all(is_han)
                && !attribute_tail(t[0]))
            .then(|| t[0].to_string())
        };
        for &a in &anchors {
            let t = toks(a);
            let Some(mid) = t
                .iter()
                .skip(name_at)
                .find(|c| char_len(c) == 1 && c.chars().all(is_han) && !attribute_tail(c))
            else {
                continue;
            };
            for d in 1..=3 {
                if a < body + d || a + d >= limit {
                    break;
                }
                if let (Some(top), Some(bottom)) = (one_han(a - d), one_han(a + d)) {
                    let u = format!("{top}{mid}{bottom}");
                    if unit_like(&u) {
                        unit_stacks.push((a, u, [a - d, a + d]));
                    }
                    break;
                }
            }
        }
    }
    let stacked_line = |k: usize| unit_stacks.iter().any(|s| s.2.contains(&k));
    // A line that is no part of a row: a piece of such a unit; where rows
    // have no number, a number alone (a page's), a short label over a name
    // (the group's, printed once).
    let dropped = |k: usize, a: usize| {
        let t = toks(k);
        groups.contains(&k)
            || stacked_line(k)
            || (!numbered
                && t.len() == 1
                && (t[0].parse::<u32>().is_ok() || (k + 1 < a && !full_piece(t[0], width))))
    };
    // A table with a category column (类别, printed once per group of
    // rows): its labels stand alone on a line between the rows, and where a
    // label shares a line with a piece of a name, the space sets it apart
    // (人才培养 省级层面培训人员（人次） ≥1000 约束性).
    let labelled =
        !numbered && (has_labels(&lines[body..limit], width) || category_column(&lines[i..body]));
    let label_first = |t: &[&str]| labelled && label_first(t);
    // Where names carry their numbers, a group's label alone between two
    // pieces of one name (a label centred on its group lands on any line):
    // short of the column, and the next line goes on with the name.
    let numbered_names = names_numbered(&lines[body..limit]);
    let stray_label = |k: usize| {
        let t = toks(k);
        labelled
            && numbered_names
            && t.len() == 1
            && category_label(t[0])
            && shown_width(t[0]) < width
            && k + 1 < limit
            && toks(k + 1).first().is_some_and(|c| {
                !value_like(c) && !numbered_name(c) && !attribute_head(c) && !bracketed_unit(c)
            })
    };
    // Each row's band: the fragments above its line go with it as far as
    // the attribute's pieces say, else as many below as above (centred).
    let last_tok = |k: usize| toks(k).last().map(|s| s.to_string()).unwrap_or_default();
    let has_head = |k: usize| toks(k).iter().any(|c| attribute_head(c));
    // Where names carry their numbers, the line that opens a name opens its
    // row, whatever the cells' alignment (set at the top, as Word and
    // LibreOffice do by default, or centred).
    let opens_row = |k: usize| {
        let t = toks(k);
        let rest = if label_first(&t) { &t[1..] } else { &t[..] };
        !numbered && rest.first().is_some_and(|c| numbered_name(c))
    };
    let forced_start = |n: usize| {
        let from = anchors[n.checked_sub(1)?] + 1;
        let mut opening = (from..=anchors[n]).filter(|&k| opens_row(k));
        let k = opening.next()?;
        opening.next().is_none().then_some(k)
    };
    // Every name opening on its row's line: the cells are set at the top.
    // Numbered rows set at the top: nothing between the header and row 1,
    // every name opening on its row's line, and the lines between two rows
    // the upper row's, as their pieces show: a name's short last piece
    // stands right over the next row's line (its end), never amid the
    // lines between (where, the cells centred, the next row's head
    // would follow it).
    let numbered_top = || {
        // (Short before a bracket or a Latin word, which no line breaks:
        // 细颗粒物 over （PM2.5）.)
        let short = |k: usize| {
            let t = toks(k);
            t.len() == 1
                && !value_like(t[0])
                && shown_width(t[0]) + 2 <= width
                && !unbreakable_first(&toks(k + 1))
        };
        let named = |a: usize| {
            toks(a)
                .get(name_at)
                .is_some_and(|c| !value_like(c) && !attribute_head(c))
        };
        let ends = anchors
            .windows(2)
            .filter(|w| w[1] > w[0] + 1 && short(w[1] - 1))
            .count();
        numbered
            && body == first
            && anchors.iter().all(|&a| named(a))
            && ends > 0
            && anchors
                .windows(2)
                .all(|w| !(w[0] + 1..w[1].saturating_sub(1)).any(short))
    };
    let top_aligned = anchors.len() >= 2
        && (numbered_top()
            || (opens_row(anchors[0])
                && (1..anchors.len()).all(|n| forced_start(n) == Some(anchors[n]))));
    // The split of the lines after row n's line for a band opening at
    // `start`: the cost of each `below` the pieces allow.
    let splits = |n: usize, start: usize| -> Vec<(usize, usize)> {
        let a = anchors[n];
        let above = (start..a).filter(|&k| !dropped(k, a)).count();
        let next = anchors.get(n + 1).copied();
        let gap_end = next.unwrap_or(limit);
        let gap = gap_end - (a + 1);
        // Pieces: the attribute's tail must stay with this row; the next
        // row's head must go with it.
        let open_attr = (start..=a).any(has_head)
            && !(start..=a).any(|k| toks(k).iter().any(|c| attribute_whole(c)))
            && !(start..=a).any(|k| attribute_tail(&last_tok(k)));
        let lo = if open_attr {
            (a + 1..gap_end)
                .position(|k| attribute_tail(&last_tok(k)))
                .map_or(0, |p| p + 1)
        } else {
            0
        };
        let hi = match next {
            Some(nx) if !has_head(nx) && !toks(nx).iter().any(|c| attribute_whole(c)) => {
                (a + 1..nx).rposition(has_head).unwrap_or(gap)
            }
            _ => gap,
        };
        (lo.min(gap)..=hi.max(lo).min(gap))
            .map(|b| {
                // A row whose line is its top (the cells set at the top, or
                // a row the page broke) has its lines below only; else as
                // many below as above (centred). The next row must not open
                // with the short end of a wrapped cell.
                let top = a + 1 + b;
                // (Centred, a short piece right over the next row's
                // attribute's head is the first of a taller cell of that
                // row: 高于地区 over 预期 over 2 … 生产总值.)
                let over_head = !top_aligned && top + 1 < gap_end && has_head(top + 1);
                let bad =
                    next.is_some() && top < gap_end && !top_piece(&toks(top), width) && !over_head;
                let off = if top_aligned {
                    // Only the last row's split is open: its cells go on
                    // down to the table's end.
                    gap - b
                } else if b == above {
                    0
                } else if above == 0 {
                    1
                } else {
                    2 * b.abs_diff(above)
                };
                let unforced = next.is_some() && forced_start(n + 1).is_some_and(|f| f != top);
                (b, off + if bad || unforced { 2 * gap + 2 } else { 0 })
            })
            .collect()
    };
    // Of the splits the pieces allow, the one that costs least over the
    // whole table. Per row: each end its band can have -> (the least cost
    // of the rows so far ending there, where that band starts).
    use std::collections::BTreeMap;
    let mut best: Vec<BTreeMap<usize, (usize, usize)>> = Vec::new();
    let mut layer = BTreeMap::from([(body, (0usize, body))]);
    for (n, &a) in anchors.iter().enumerate() {
        let mut next_layer: BTreeMap<usize, (usize, usize)> = BTreeMap::new();
        for (&start, &(cost, _)) in &layer {
            for (b, c) in splits(n, start) {
                let to = a + 1 + b;
                let e = next_layer.entry(to).or_insert((usize::MAX, start));
                if cost + c < e.0 {
                    *e = (cost + c, start);
                }
            }
        }
        best.push(std::mem::replace(&mut layer, next_layer));
    }
    let mut bands: Vec<(usize, usize)> = Vec::new(); // [start, end) per row
    let mut end_at = layer
        .iter()
        .min_by_key(|(&e, &(c, _))| (c, e))
        .map_or(first + 1, |(&e, _)| e);
    let mut at = &layer;
    for n in (0..anchors.len()).rev() {
        let start = at.get(&end_at).map_or(body, |&(_, s)| s);
        bands.push((start, end_at));
        end_at = start;
        at = &best[n];
    }
    bands.reverse();
    let end = bands.last().map_or(first + 1, |b| b.1);
    let mut rows = vec![RawRow::of(head, &lines[i])];
    let mut pending_groups = groups.iter().copied().peekable();
    for (&a, &(s, e)) in anchors.iter().zip(&bands) {
        while let Some(g) = pending_groups.next_if(|&g| g < a) {
            rows.push(RawRow::of(
                vec![trim(&lines[g].text).to_string()],
                &lines[g],
            ));
        }
        let at = toks(a);
        // A line's cells but the row's number and the attribute's piece.
        let cells_of = |k: usize| {
            let t = toks(k);
            let mut c: &[&str] = &t;
            // (A group's label is no cell of the row.)
            if label_first(c) {
                c = &c[1..];
            }
            if k == a {
                c = &c[name_at.min(c.len())..];
            }
            if c.last()
                .is_some_and(|l| attribute_head(l) || attribute_tail(l))
            {
                c = &c[..c.len() - 1];
            }
            c.iter().map(|c| shown_width(c)).collect::<Vec<_>>()
        };
        // The widths of the band's fullest line that opens with a word:
        // the row's columns as wide as they are printed.
        let widest_line = (s..e)
            .filter(|&k| !dropped(k, a))
            .filter(|&k| {
                let t = toks(k);
                let c = if k == a {
                    &t[name_at.min(t.len())..]
                } else {
                    &t[..]
                };
                let unit_first = has_unit && unit_opens(c);
                c.first()
                    .is_some_and(|c| !(value_like(c) || attribute_head(c) || unit_first))
            })
            .map(cells_of)
            .max_by_key(|w| w.len())
            .unwrap_or_default();
        // A word opening a line with fewer cells than the fullest is the
        // name's piece only if its cells fit the columns best that way.
        let name_fits = |k: usize| {
            let w = cells_of(k);
            if w.len() < 2 || w.len() >= widest_line.len() {
                return true;
            }
            // Under the row's line a cell's last piece may be short.
            let below = k > a;
            let with = align_cost(&w[..1], &widest_line[..1], below)
                + align_cost(&w[1..], &widest_line[1..], below);
            with <= align_cost(&w, &widest_line[1..], below)
        };
        let mut name = String::new();
        let mut name_open = true;
        let mut attr = String::new();
        let mut values: Vec<String> = Vec::new();
        let mut unit = String::new();
        let mut spilled: Vec<(bool, Vec<String>)> = Vec::new(); // below, cells
        let mut named_above = false;
        // The lines that hold a piece of the name: in a centred row, a line
        // under the row's line holds one only where its mirror above does.
        let mut named_at = vec![false; e - s];
        for k in s..e {
            if dropped(k, a) || stray_label(k) {
                continue;
            }
            let t = toks(k);
            let mut rest: &[&str] = &t;
            // (A word as wide as the name column, the name still open, is
            // the name's next piece, a value in words beside it: 生产率增长
            // 产总值增长.)
            let goes_on = name_open
                && !name.is_empty()
                && rest.first().is_some_and(|c| shown_width(c) >= width);
            if label_first(rest) && !goes_on {
                rest = &rest[1..];
            }
            if k == a {
                rest = &rest[name_at.min(rest.len())..];
                // The group's label beside the values where the name has no
                // piece on the row's line (wrapped above and below it).
                let label_beside = labelled
                    && name_open
                    && !name.is_empty()
                    && rest.len() >= 2
                    && category_label(rest[0])
                    && !full_piece(rest[0], width)
                    && value_like(rest[1])
                    && a + 1 < e
                    && toks(a + 1).first().is_some_and(|c| !value_like(c));
                if label_beside {
                    rest = &rest[1..];
                }
                // (A short name piece reads like a unit, but a unit follows
                // it: 常住人口 %.)
                let unit_first = has_unit && unit_opens(rest);
                if let Some(c) = rest
                    .first()
                    .filter(|c| !(value_like(c) || attribute_head(c) || unit_first))
                {
                    name.push_str(c);
                    // A one-line name centred between wrapped cells ends here.
                    name_open = full_piece(c, width) && (named_above || k == s);
                    rest = &rest[1..];
                }
                for c in rest {
                    if attribute_head(c) || attribute_tail(c) {
                        attr.push_str(c);
                    } else if has_unit && unit.is_empty() && values.is_empty() && unit_like(c) {
                        unit = c.to_string();
                    } else if let Some(v) = values
                        .last_mut()
                        .filter(|v| after_number(c) && v.ends_with(|d: char| d.is_ascii_digit()))
                    {
                        v.push_str(c);
                    } else {
                        values.push(c.to_string());
                    }
                }
                continue;
            }
            if let Some(c) = rest
                .last()
                .filter(|c| attribute_head(c) || attribute_tail(c))
            {
                if k > a || attribute_head(c) {
                    attr.push_str(c);
                    rest = &rest[..rest.len() - 1];
                }
            }
            // A unit in brackets alone under the row's line ends the name
            // (…巡检率 over （%）), though the piece above it fell short of
            // the column: the bracket could not be broken.
            // (A value in words wrapped beside it goes on after it.)
            if k > a
                && !rest.is_empty()
                && bracketed_unit(rest[0])
                && !name.is_empty()
                && !name.ends_with(['）', ')'])
                && rest[1..].iter().all(|c| !value_like(c))
            {
                name.push_str(rest[0]);
                name_open = false;
                if rest.len() > 1 {
                    spilled.push((true, rest[1..].iter().map(|c| c.to_string()).collect()));
                }
                continue;
            }
            if let Some(c) = rest.first().filter(|c| !value_like(c)) {
                let mirrored = k < a || s == a || 2 * a < k + s || named_at[2 * a - k - s];
                // (A piece above the row's line is never the name's last: it
                // fills the column, or a word beside the name's lines wraps
                // there, 完成省下 over a row whose name is one line.)
                // ("A 级": a space the converter saw after a Latin letter.)
                let latin_space = c.ends_with(|ch: char| ch.is_ascii_alphabetic())
                    && rest.get(1).is_some_and(|d| d.starts_with(is_han));
                let printed = shown_width(c)
                    + if latin_space {
                        shown_width(rest[1]) + 1
                    } else {
                        0
                    };
                // (A name that carries its number opens there, whatever
                // its width: its unit in brackets, unbroken, went down.)
                let fills = k > a
                    || printed + 4 >= width
                    || numbered_name(c)
                    || unbreakable_first(&toks(k + 1));
                if name_open && (k < a || !name.is_empty()) && mirrored && fills && name_fits(k) {
                    named_at[k - s] = true;
                    name.push_str(c);
                    rest = &rest[1..];
                    let mut w = shown_width(c);
                    // "A 级": a space the converter saw after a Latin letter.
                    if c.ends_with(|ch: char| ch.is_ascii_alphabetic()) {
                        if let Some(d) = rest.first().filter(|d| d.starts_with(is_han)) {
                            name.push_str(d);
                            w += shown_width(d) + 1;
                            rest = &rest[1..];
                        }
                    }
                    // (Or short before a bracket or a Latin word, which
                    // no line breaks: 细颗粒物 over （PM2.5）.)
                    let unbreakable = k + 1 < e && unbreakable_first(&toks(k + 1));
                    name_open = w + 4 >= width || unbreakable;
                    named_above |= k < a;
                }
            }
            // The rest of a unit the row's line left open (微克/立方 over
            // 米, 万平 over 方米, 吨/万 over 元).
            if k > a
                && has_unit
                && unit_left_open(&unit)
                && rest.first().is_some_and(|c| columns::unit_cell(c))
            {
                unit.push_str(rest[0]);
                rest = &rest[1..];
            }
            // A unit word after a number on the line is that value's
            // ("30 万": 30万).
            let mut line: Vec<String> = Vec::new();
            for c in rest {
                match line.last_mut() {
                    Some(v)
                        if unit_like(c)
                            && c.chars().all(is_han)
                            && value_like(v)
                            && v.chars().any(|d| d.is_ascii_digit()) =>
                    {
                        v.push_str(c)
                    }
                    _ => line.push(c.to_string()),
                }
            }
            if !line.is_empty() {
                spilled.push((k > a, line));
            }
        }
        // A unit wrapped over the lines above and below the row's, its
        // line holding none (平方 over 米): the first cells joined.
        if has_unit && unit.is_empty() && spilled.len() >= 2 {
            let u: String = spilled.iter().map(|l| l.1[0].as_str()).collect();
            // (微克/立 over 方米: a rate's.)
            let unit_piece = |p: &str| p.chars().all(|ch| is_han(ch) || ch == '/');
            if unit_like(&u) && spilled.iter().all(|l| unit_piece(&l.1[0])) {
                unit = u;
                for l in &mut spilled {
                    l.1.remove(0);
                }
                spilled.retain(|l| !l.1.is_empty());
            }
        }
        // Wrapped values: where every such line holds as many cells as the
        // row's line lacks, each cell is a column's, top to bottom; else
        // the text (不低于… over 年度人均…) joins the value that is words.
        let m = spilled.first().map_or(0, |l| l.1.len());
        if m > 0 && spilled.iter().all(|l| l.1.len() == m) && values.len() + m == n_values {
            values.extend(
                (0..m).map(|j| spilled.iter().map(|l| l.1[j].as_str()).collect::<String>()),
            );
        } else if !spilled.is_empty() {
            if let Some(v) = values.iter_mut().find(|v| v.chars().any(is_han)) {
                let half = |below: bool| {
                    spilled
                        .iter()
                        .filter(|l| l.0 == below)
                        .map(|l| l.1.concat())
                        .collect::<String>()
                };
                *v = format!("{}{v}{}", half(false), half(true));
            }
        }
        if let Some(st) = unit_stacks.iter().find(|st| st.0 == a) {
            unit = st.1.clone();
        }
        let mut row = vec![name];
        if numbered {
            row.insert(0, at[0].to_string());
        }
        if has_unit {
            row.push(unit);
        }
        values.resize(n_values.max(values.len()), String::new());
        row.extend(values);
        if has_attr {
            row.push(attr);
        }
        let mut r = RawRow::of(row, &lines[a]);
        r.span = lines[s].span.to(lines[e - 1].span);
        rows.push(r);
    }
    Some(region(lines, i, end, Layout::Tabs, rows))
}

/// Most years a project's 建设年限 spans.
const MAX_YEAR_SPAN: u32 = 15;

/// What a 建设性质 cell says.
const NATURES: &[&str] = &[
    "新建",
    "续建",
    "改建",
    "扩建",
    "改扩建",
    "迁建",
    "新建/续建",
    "续建/新建",
    "新建续建",
];

/// Each group's place (a project table's second cell: 序号, 地区, 项目名称
/// …) on all its rows, where a total or group row ends the group and its
/// rows name one place only.
fn fill_places(rows: &mut [RawRow]) {
    let ends_group = |r: &RawRow| {
        r.cells.len() < 3
            || r.cells[..3]
                .iter()
                .any(|c| TOTAL_WORDS.contains(&c.as_str()))
            || group_row(&[r.cells[0].as_str()])
    };
    let mut from = 0;
    for to in 0..=rows.len() {
        if to < rows.len() && !ends_group(&rows[to]) {
            continue;
        }
        let mut places: Vec<String> = rows[from..to]
            .iter()
            .map(|r| r.cells[1].clone())
            .filter(|p| !p.is_empty())
            .collect();
        places.dedup();
        if let [p] = places.as_slice() {
            for r in &mut rows[from..to] {
                r.cells[1] = p.clone();
            }
        }
        from = to + 1;
    }
}

/// The rows' bands of a table whose cells are centred in their rows: a
/// numbered row takes as many lines under its number's line as the lines
/// over it that no row above took; a group or total row its own line, the
/// numbered row before it the lines up to it. None where a band would run
/// into the next row's number. A row whose cells all hold an even count
/// of lines has its number on the upper of the two middle lines: its band
/// goes on down while a range of years it opened is open (`open(from,
/// to)`: whether lines `from..to` leave one open).
fn centred_bands(
    anchors: &[(usize, bool)],
    groups: &[(usize, usize)],
    body: usize,
    limit: usize,
    open: impl Fn(usize, usize) -> bool,
) -> Option<Vec<(usize, usize)>> {
    let mut bands = Vec::with_capacity(anchors.len());
    let mut start = body;
    for (n, &(a, own_line)) in anchors.iter().enumerate() {
        if own_line {
            // (Its line, and the end of its name where that wrapped.)
            let end = groups.get(n).map_or(a + 1, |g| g.1.max(a + 1));
            bands.push((a, end));
            start = end;
            continue;
        }
        let next = anchors.get(n + 1);
        let stop = next.map_or(limit, |x| x.0);
        let end = a + 1 + (a - start.min(a));
        if end > stop && next.is_some_and(|x| !x.1) {
            return None;
        }
        let mut end = if next.is_some_and(|x| x.1) {
            stop
        } else {
            end.min(stop)
        };
        while end < stop && open(start.min(a), end) {
            end += 1;
        }
        bands.push((start.min(a), end));
        start = end;
    }
    Some(bands)
}

/// Whether each word of a centred table's rows (`words(line, numbered
/// line)`: its index on the line and its text, before the line's values) is
/// the name's (true) or the content's. A line with two words holds one of
/// each, the name first. The name's and the content's lines, each centred
/// on the row's number, lie apart by half a line where one has an even
/// count and the other an odd: the lines of one word alternate between them
/// (the lines an even count from the number's line one cell's, the rest
/// the other's); where one cell is taller, its lines hold one word above
/// and below the lines with two. Which set is the content's: the one with a
/// word wider than the name column (the widths that lines with two words
/// show), or failing that the wider set where the content column is the
/// wider.
fn centred_words<'a>(
    anchors: &[(usize, bool)],
    bands: &[(usize, usize)],
    words: impl Fn(usize, usize) -> Vec<(usize, &'a str)>,
) -> std::collections::HashMap<(usize, usize), bool> {
    // (Each numbered row: its number's line, and each line's words.)
    type Words<'w> = Vec<(usize, &'w str)>;
    let rows: Vec<(usize, Vec<(usize, Words)>)> = anchors
        .iter()
        .zip(bands)
        .filter(|(a, _)| !a.1)
        .map(|(&(a, _), &(s, e))| (a, (s..e).map(|k| (k, words(k, a))).collect()))
        .collect();
    // The columns' widths, by the lines with two words.
    let (mut name_w, mut content_w) = (0, 0);
    for (_, lines) in &rows {
        for (_, w) in lines.iter().filter(|(_, w)| w.len() >= 2) {
            name_w = name_w.max(shown_width(w[0].1));
            content_w = content_w.max(shown_width(w[1].1));
        }
    }
    let mut out = std::collections::HashMap::new();
    for (a, lines) in &rows {
        let pairs = lines.iter().any(|(_, w)| w.len() >= 2);
        for (k, w) in lines.iter().filter(|(_, w)| w.len() >= 2) {
            out.insert((*k, w[0].0), true);
            for &(j, _) in &w[1..] {
                out.insert((*k, j), false);
            }
        }
        let single: Vec<(usize, usize, &str)> = lines
            .iter()
            .filter(|(_, w)| w.len() == 1)
            .map(|(k, w)| (*k, w[0].0, w[0].1))
            .collect();
        // The sets of lines with one word: all one cell's beside lines
        // with two; else by their distance from the number's line.
        let class = |k: usize| !pairs && (k.abs_diff(*a)) % 2 == 1;
        let widest = |c: bool| {
            single
                .iter()
                .filter(|s| class(s.0) == c)
                .map(|s| shown_width(s.2))
                .max()
        };
        let too_wide = |c: bool| name_w > 0 && widest(c).is_some_and(|w| w > name_w + 1);
        // Whether the set `c` is the content's.
        let content_of = |c: bool| match (widest(c), widest(!c)) {
            (None, _) => false,
            // One set: the content's if too wide for the name, or where it
            // is the taller cell beside lines with two words.
            (Some(_), None) => too_wide(c) || pairs,
            (Some(x), Some(y)) => {
                if too_wide(c) != too_wide(!c) {
                    too_wide(c)
                } else {
                    (x > y) == (content_w >= name_w)
                }
            }
        };
        let content_sets = [content_of(false), content_of(true)];
        let placed: Vec<((usize, usize), bool)> = single
            .iter()
            .map(|&(k, j, _)| ((k, j), !content_sets[usize::from(class(k))]))
            .collect();
        out.extend(placed);
    }
    out
}

/// A 建设性质 cell's word, or its pieces (改扩 over 建), after what the
/// cell holds so far.
fn nature_piece(cell: &str, c: &str) -> bool {
    let whole = format!("{cell}{c}");
    NATURES.contains(&whole.as_str())
        || (char_len(c) >= 2 && NATURES.iter().any(|n| n.starts_with(&whole) && *n != whole))
}

/// A range of years, whole or open: 2021—, 2022-2024 (not a year alone).
pub(crate) fn year_range_piece(t: &str) -> bool {
    year_piece(t).is_some() && t.contains(['-', '—', '–', '~', '～', '至'])
}

/// A piece of a 建设年限 cell: "2022-" over "2024", or "2022-2024" whole.
fn year_piece(t: &str) -> Option<bool> {
    static YEAR: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^((?:19|20)\d{2})年?(?:[-—–~～至]+((?:19|20)\d{2})?年?)?$").unwrap()
    });
    let c = YEAR.captures(t)?;
    // Whether the piece opens a range that a piece below closes.
    Some(c.get(2).is_none() && t.len() > c[1].len() && !t.ends_with('年'))
}

/// A number cell: an amount of money, a count.
fn number_piece(t: &str) -> bool {
    !t.is_empty()
        && t.chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
        && t.chars().next().is_some_and(|c| c.is_ascii_digit())
}

/// A group row's number: 一, 二、, （三）.
fn group_number(t: &str) -> bool {
    let t = t.trim_matches(['（', '）', '(', ')', '、', '.', '．']);
    !t.is_empty()
        && char_len(t) <= 3
        && !t.chars().any(|c| c.is_ascii_digit())
        && crate::text::cn_number(t).is_some()
}

/// Longest header word of a project table's header line (建设内容及规模);
/// other words of its lines are pieces, at most six characters.
const MAX_HEADER_CELL: usize = 10;

/// A project table whose cells the converter set apart by spaces and
/// wrapped over lines (pdfplumber: a row's wrapped cells above and below
/// its numbered line; pdftotext -raw: a row's cells one after another): the
/// header's words on line `h` (序号 项目名称 …, pieces such as 建设性 over 质
/// above and below), then rows numbered 1, 2, 3 … and group rows (二
/// 殡葬服务设施项目 6700) after which the numbers start again. A row's
/// pieces are read by what they are: the name first on its line, 新建 or
/// 续建, years (2022- over 2024), numbers (the first is the investment),
/// and words after them (the responsible office, or the content where the
/// header has one and no number came yet). Read as a header and one tab row
/// per project or group; None where the lines do not hold such a table.
///
/// A group's row may carry its number in its label (一、交通基础设施) and a
/// total's (小计 521000) holds its line; the cells may be set at the top of
/// their rows (a row's lines go down from its number's), centred (a row's
/// lines lie as many above as below it) or follow each other (pdftotext
/// -raw); a 地区 column may stand before the name.
fn take_project_rows(lines: &[Line], i: usize, h: usize) -> Option<(RawTable, usize)> {
    let toks = |k: usize| spaced_cells(trim(&lines[k].text));
    let short_line = |k: usize| flow_line(lines, k);
    let header_line = |k: usize| {
        toks(k).iter().all(|c| {
            (char_len(c) <= 6
                || (char_len(c) <= MAX_HEADER_CELL && crate::tables::holds_header_word(c)))
                && !value_like(c)
                && year_piece(c).is_none()
                && !c.contains(['：', ':'])
        })
    };
    // Header: the words' line, its pieces above (from `i`) and below (序
    // alone over 号, though 序 alone could open a preface).
    let header_piece_line = |k: usize| toks(k).iter().all(|c| header_piece(c));
    if !(i..=h).all(|k| (short_line(k) || header_piece_line(k)) && header_line(k)) {
        return None;
    }
    // A group's row: its number and label on a line (一 市政基础设施), or
    // (each cell a line) its number alone and its label on the next, 二 over
    // 殡葬服务设施项目.
    let split_group_row = |k: usize| {
        let t = toks(k);
        t.len() == 1
            && k + 1 < lines.len()
            && toks(k + 1)
                .first()
                .is_some_and(|c| !group_number(c) && group_row(&[t[0], c]))
    };
    // (Row 1's group right under the header ends it: 一 over 市政基础 over
    // 设施 are no header's pieces.)
    let mut body = h + 1;
    while body < lines.len()
        && short_line(body)
        && header_line(body)
        && !group_row(&toks(body))
        && !split_group_row(body)
    {
        body += 1;
    }
    let mut header: String = (i..body).flat_map(&toks).collect();
    let header_read = header.clone();
    // Words split over the lines either side of the words' line (序 over
    // 号, 总投 over 资), joined column by column.
    if h > i && h + 1 < body {
        header.extend(stacked(&toks(h - 1), &toks(h + 1)).unwrap_or_default());
    }
    // (序 over 号 at the head of the lines, the words between beside them.)
    let firsts: String = (i..body).filter_map(|k| toks(k).first().copied()).collect();
    if !header.contains("项目") || !(header.contains("序号") || firsts.starts_with("序号")) {
        return None;
    }
    let has = |ws: &[&str]| ws.iter().any(|w| header.contains(w));
    let nature = has(&["性质", "建设性"]);
    let years = has(&["年限", "建设年", "起止", "建设期"]);
    let content = has(&["内容", "规模"]);
    let investment = has(&["投资", "总投", "资金"]);
    let owner = has(crate::tables::OWNER_WORDS);
    if !investment && !years {
        return None;
    }
    // Rows: numbered 1, 2, 3 … (after a group row, again from 1 or on);
    // group rows and total rows (小计 521000) hold their line only.
    let mut anchors: Vec<(usize, bool)> = Vec::new();
    let mut expect = 1;
    let mut restart = false;
    let mut k = body;
    // (A group's label may read like a heading: 一、交通基础设施.)
    while k < lines.len() && (short_line(k) || group_row(&toks(k))) {
        let t = toks(k);
        let n = t[0].parse::<u32>().ok();
        if n == Some(expect) || (restart && n == Some(1)) {
            anchors.push((k, false));
            expect = n.unwrap_or(expect) + 1;
            restart = false;
        } else if group_row(&t) || split_group_row(k) {
            anchors.push((k, true));
            restart = true;
        } else if total_row(&t) {
            anchors.push((k, true));
        } else if anchors.is_empty() && k >= body + MAX_LINES_TO_ROW_ONE {
            return None;
        }
        k += 1;
    }
    // A group label after the last row opens what follows the table.
    while anchors
        .last()
        .is_some_and(|a| a.1 && (group_row(&toks(a.0)) || split_group_row(a.0)))
    {
        k = anchors.pop().expect("checked").0;
    }
    let limit = k;
    if anchors.iter().filter(|a| !a.1).count() < 2 {
        return None;
    }
    // A number alone on its line: cells follow each other (pdftotext -raw).
    // So too where row 1 comes right under the header and every row's lines
    // up to the next number close the year ranges they open (2022- over
    // 2024): side by side, a row's upper half (a range's opening piece)
    // comes before its number's line, so some row's lines end open.
    let ranges_close = |from: usize, to: usize| {
        let mut open = false;
        for k in from..to {
            for c in toks(k) {
                match year_piece(c) {
                    Some(true) => open = true,
                    Some(false) if c.len() == 4 => open = false,
                    _ => {}
                }
            }
        }
        !open
    };
    let opens = |k: usize| toks(k).iter().any(|c| year_piece(c) == Some(true));
    let closes = |k: usize| {
        toks(k)
            .iter()
            .any(|c| year_piece(c) == Some(false) && c.len() == 4)
    };
    // Where a row's years wrap (2021- over 2025), its amounts beside the
    // years' opening piece say the cells stand side by side; on a line of
    // their own after the closing one, that they follow each other.
    let (mut apart, mut beside) = (0, 0);
    for (n, &(a, g)) in anchors.iter().enumerate() {
        let next = anchors.get(n + 1).map_or(limit, |x| x.0);
        let Some(k) = (!g).then(|| (a..next).find(|&k| opens(k))).flatten() else {
            continue;
        };
        let amount = |c: &&str| number_piece(c) && c.len() >= 3 && !crate::tables::is_year(c);
        let t = toks(k);
        let at = t
            .iter()
            .position(|c| year_piece(c) == Some(true))
            .unwrap_or(0);
        let close = (k + 1..next).find(|&q| closes(q));
        if t[at..].iter().any(amount) {
            beside += 1;
        } else if close.is_some_and(|c| (c + 1..next).any(|q| toks(q).first().is_some_and(amount)))
            || (k > a && t.first().is_some_and(amount))
        {
            // (Or, amounts before the years, 总投资 … 建设期限: on a line of
            // their own that opens the years under the row's words, 386.5
            // 210.0 2021-.)
            apart += 1;
        } else if let Some(c) = close.filter(|_| k >= a) {
            // Opened on or under the number's line, the range closes on a
            // line of its own with the office's lines after it (cells one
            // after another), or beside other cells' pieces.
            if toks(c).len() == 1 && c + 1 < next {
                apart += 1;
            } else if toks(c).len() > 1 {
                beside += 1;
            }
        }
    }
    let values_apart = apart > beside;
    // Side by side with the cells set at the top, most numbered lines open
    // their years (2021- over 2025) and a row's lines go down from its
    // number's; centred, a row's years open above its number's line.
    let opened_above = anchors
        .iter()
        .enumerate()
        .filter(|&(n, &(a, g))| {
            let from = n.checked_sub(1).map_or(body, |p| anchors[p].0 + 1);
            !g && !opens(a) && (from..a).any(opens)
        })
        .count();
    let opened_on = anchors.iter().filter(|&&(a, g)| !g && opens(a)).count();
    let width = (body..limit)
        .filter_map(|k| {
            let t = toks(k);
            let at = usize::from(anchors.iter().any(|a| a.0 == k));
            t.get(at)
                .filter(|c| c.chars().next().is_some_and(is_han))
                .map(|c| shown_width(c))
        })
        .max()
        .unwrap_or(0);
    // Or, where no years wrap, where the names end: set at the top, a
    // name's short last piece stands right over the next row's line, never
    // amid the lines between (centred, the next row's head would follow).
    let short_piece = |k: usize| {
        toks(k).first().is_some_and(|c| {
            c.starts_with(is_han)
                && !NATURES.contains(c)
                && !c.chars().any(|ch| ch.is_ascii_digit())
                && shown_width(c) + 2 <= width
        })
    };
    let gaps: Vec<(usize, usize)> = anchors
        .windows(2)
        .filter(|w| !w[0].1 && !w[1].1 && w[1].0 > w[0].0 + 1)
        .map(|w| (w[0].0 + 1, w[1].0))
        .collect();
    let ends_over_rows = gaps.iter().any(|&(_, t)| short_piece(t - 1))
        && gaps.iter().all(|&(f, t)| !(f..t - 1).any(short_piece));
    let top = !values_apart
        && (opened_on > opened_above || (opened_on == 0 && opened_above == 0 && ends_over_rows));
    let flow = values_apart
        || anchors.iter().any(|&(a, g)| !g && toks(a).len() == 1)
        || (anchors.first().is_some_and(|a| a.0 == body)
            && !top
            && (body..limit).any(opens)
            && anchors
                .windows(2)
                .all(|w| w[0].1 || ranges_close(w[0].0, w[1].0)));
    // Each row's band of lines: from the line after the row above's band
    // (a group row holds its line only) to where the next row's upper half
    // begins: past this row's closing year, a line that opens a year range
    // or opens with a piece of a name as wide as the column.
    let mut bands: Vec<(usize, usize)> = Vec::new();
    let mut start = body;
    for (n, &(a, group)) in anchors.iter().enumerate() {
        let next = anchors.get(n + 1).map(|x| x.0);
        let stop = next.unwrap_or_else(|| limit.min(a + 1 + MAX_FLOW_ROW_LINES));
        // (Cells one after another or set at the top, a group's name may
        // wrap and its totals follow: its band runs to the next row.)
        let end = if group && (flow || top) && next.is_some() {
            start = a;
            stop
        } else if group {
            // (Else a short piece under it ends its name: no row's upper
            // half opens with one.)
            start = a;
            let mut e = a + 1;
            while e < stop && {
                let t = toks(e);
                t.len() == 1 && t[0].starts_with(is_han) && shown_width(t[0]) + 2 <= width
            } {
                e += 1;
            }
            e
        } else if flow || top || next.is_none() || anchors[n + 1].1 {
            if top {
                start = a;
            }
            stop
        } else {
            let mut open = (start..=a).any(opens) && !(start..=a).any(closes);
            let mut s = stop;
            for k in a + 1..stop {
                if !open
                    && (opens(k)
                        || toks(k).first().is_some_and(|c| {
                            c.chars().next().is_some_and(is_han) && full_piece(c, width)
                        }))
                {
                    s = k;
                    break;
                }
                if closes(k) {
                    open = false;
                }
            }
            s
        };
        bands.push((start, end));
        start = end;
    }
    // Cells centred in their rows beside a content column: a row's lines
    // lie as many above its numbered line as below it (its tallest cell
    // centred there), so each row's band follows from the one above.
    let centred = !top && !flow && content;
    if centred {
        if let Some(b) = centred_bands(&anchors, &bands, body, limit, |f, t| !ranges_close(f, t)) {
            bands = b;
        }
    }
    // A column before the name naming each row's place (地区), printed
    // once per group: on a numbered line, one word more before the values
    // than the name and content make.
    // (Cells one after another: the header's words in reading order, over
    // its lines.)
    let place = {
        let t: Vec<&str> = if flow {
            (i..body).flat_map(&toks).collect()
        } else {
            toks(h)
        };
        let at = |ws: &[&str]| t.iter().position(|c| ws.iter().any(|w| c.contains(w)));
        at(PLACE_WORDS).is_some_and(|p| at(&["项目", "名称"]).is_some_and(|n| p < n))
    };
    let is_value = |c: &str| {
        NATURES.iter().any(|n| n.starts_with(c)) || year_piece(c).is_some() || number_piece(c)
    };
    // A column after the name naming each row's site (建设地点): its words
    // are set aside before the name and the content are read. On a
    // numbered line, the word between the name's and the content's; set at
    // the top, a piece under one that filled the column, completing a
    // place's name (工业园 over 区); centred, a place's name beside the
    // number, the name's pieces above it.
    let site_words = (i..body)
        .flat_map(&toks)
        .any(|c| SITE_WORDS.iter().any(|w| c.contains(w)));
    let site_column = !place && !flow && site_words;
    let mut sites: std::collections::HashMap<usize, String> = Default::default();
    let mut set_aside: std::collections::HashSet<(usize, usize)> = Default::default();
    if site_column {
        let words = |k: usize, from: usize| -> Vec<(usize, &str)> {
            toks(k)
                .into_iter()
                .enumerate()
                .skip(from)
                .take_while(|(_, c)| !is_value(c))
                .collect()
        };
        let han_piece = |k: usize| toks(k).first().is_some_and(|c| c.chars().any(is_han));
        let mut width = 0;
        for (&(a, g), &(s, e)) in anchors.iter().zip(&bands) {
            if g {
                continue;
            }
            let mut pieces: Vec<(usize, usize, &str)> = Vec::new();
            let w = words(a, 1);
            if top {
                if w.len() == 2 + usize::from(content) {
                    pieces.push((a, w[1].0, w[1].1));
                }
            } else {
                // Centred: a line of three words holds the site's piece
                // between the name's and the content's; the number's line
                // the site whole after the name, or first with the name's
                // pieces above; a site over two lines, the name whole on
                // the number's, its pieces first on the lines either side.
                for k in s..e {
                    let w = words(k, usize::from(k == a));
                    if w.len() == 3 {
                        pieces.push((k, w[1].0, w[1].1));
                    }
                }
                if pieces.is_empty() {
                    match w.as_slice() {
                        [_, b] if place_name(b.1) => pieces.push((a, b.0, b.1)),
                        [b] | [b, _] if place_name(b.1) && (s..a).any(han_piece) => {
                            pieces.push((a, b.0, b.1))
                        }
                        [_] if s < a && a + 1 < e => {
                            let (up, down) = (words(a - 1, 0), words(a + 1, 0));
                            if up.len() == 2
                                && down.len() == 2
                                && place_name(&format!("{}{}", up[0].1, down[0].1))
                            {
                                pieces.push((a - 1, up[0].0, up[0].1));
                                pieces.push((a + 1, down[0].0, down[0].1));
                            }
                        }
                        _ => {}
                    }
                }
            }
            if let Some(first) = pieces.first() {
                width = width.max(shown_width(first.2));
            }
            for (k, j, c) in pieces {
                set_aside.insert((k, j));
                sites.entry(a).or_default().push_str(c);
            }
        }
        // Set at the top, a site's piece under one that filled the column.
        for (&(a, _), &(_, e)) in anchors.iter().zip(&bands) {
            let Some(site) = sites
                .get_mut(&a)
                .filter(|c| top && shown_width(c) + 1 >= width)
            else {
                continue;
            };
            'lines: for k in a + 1..e {
                for (j, c) in words(k, 0).into_iter().take(2) {
                    if char_len(c) <= 2 && place_name(&format!("{site}{c}")) {
                        set_aside.insert((k, j));
                        site.push_str(c);
                        break 'lines;
                    }
                }
            }
        }
    }
    let toks = |k: usize| -> Vec<&str> {
        let mut t = toks(k);
        if !set_aside.is_empty() {
            let mut j = 0;
            t.retain(|_| {
                j += 1;
                !set_aside.contains(&(k, j - 1))
            });
        }
        t
    };
    let place_first = |k: usize| {
        let words = toks(k).iter().skip(1).take_while(|c| !is_value(c)).count();
        place && words == 2 + usize::from(content)
    };
    // A line's words before its values (a nature's tail after a word is
    // no word: 方米 建 under 4.5万平 改扩).
    let all_words = |k: usize, a: usize| -> Vec<(usize, &str)> {
        let skip = if k == a {
            1 + usize::from(place_first(k))
        } else {
            0
        };
        let tail = |c: &str| NATURES.iter().any(|n| n.len() > c.len() && n.ends_with(c));
        toks(k)
            .into_iter()
            .enumerate()
            .skip(skip)
            .take_while(|&(j, c)| !(is_value(c) || (j > skip && tail(c))))
            .collect()
    };
    // The widths of the name and content columns, by their first pieces on
    // the numbered lines (the name's on the line under a number alone on
    // its line).
    let widest = |n: usize| {
        anchors
            .iter()
            .filter(|a| !a.1)
            .filter_map(|a| {
                let w = all_words(a.0, a.0);
                let under = if w.is_empty() && n == 0 && a.0 + 1 < limit {
                    all_words(a.0 + 1, a.0)
                } else {
                    Vec::new()
                };
                w.get(n).or(under.first()).map(|c| shown_width(c.1))
            })
            .max()
            .unwrap_or(0)
    };
    let (name_width, content_width) = (widest(0), widest(1));
    // A place's name centred over its group's rows opens a line of its own
    // or one with more words than a name and a content.
    let centred_place = |k: usize, a: usize| -> Option<usize> {
        let w = all_words(k, a);
        (centred && place && w.len() != 2)
            .then(|| w.first().filter(|x| place_name(x.1)).map(|x| x.0))
            .flatten()
    };
    // Centred, the other words are the name's or the content's: see
    // `centred_words`.
    let centred_word: std::collections::HashMap<(usize, usize), bool> = if centred {
        let words = |k: usize, a: usize| -> Vec<(usize, &str)> {
            let mut w = all_words(k, a);
            if centred_place(k, a).is_some() {
                w.remove(0);
            }
            w
        };
        centred_words(&anchors, &bands, words)
    } else {
        Default::default()
    };
    // Cells one after another (pdftotext -raw) whose header sets the
    // content before the nature and the years: the content's figures are
    // its own (新建高速公路 68 公), not values.
    // (The header's words in reading order: in such a rendering they
    // follow each other over several lines, 建设规模及内容 before 年限.)
    let content_first = {
        let at = |ws: &[&str]| ws.iter().filter_map(|w| header_read.find(w)).min();
        at(&["内容", "规模"])
            .is_some_and(|c| at(&["性质", "年限", "建设年", "起止"]).is_none_or(|v| c < v))
    };
    let flow_content = flow && content && content_first && name_width > 0;
    let mut head = vec!["序号".to_string()];
    if place {
        head.push("地区".to_string());
    }
    head.push("项目名称".to_string());
    if site_column {
        head.push("建设地点".to_string());
    }
    for (on, name) in [
        (nature, "建设性质"),
        (years, "建设年限"),
        (content, "建设内容"),
        (investment, "总投资"),
        (owner, "责任单位"),
    ] {
        if on {
            head.push(name.to_string());
        }
    }
    // The amounts' unit where the header names it (总投资（万元）).
    // (Wrapped around other columns' pieces: （万 over 元）, centred.)
    let wrapped_unit = |u: &str| {
        let stem = &u[..u.len() - '元'.len_utf8()];
        (i..body)
            .flat_map(&toks)
            .any(|c| c.ends_with(&format!("（{stem}")))
            && (i..body).flat_map(&toks).any(|c| c.starts_with("元）"))
    };
    if let Some(u) = ["万元", "亿元"]
        .into_iter()
        .find(|u| header.contains(u) || wrapped_unit(u))
    {
        if let Some(c) = head.iter_mut().find(|c| *c == "总投资") {
            c.push_str(&format!("（{u}）"));
        }
    }
    // The widest figure each value column prints on the numbered lines: a
    // figure that wide may have wrapped (3865000 as 386500 over 0).
    let mut widest_figure: Vec<usize> = Vec::new();
    for &(a, _) in anchors.iter().filter(|a| !a.1) {
        let figures = toks(a)
            .into_iter()
            .skip(1)
            .filter(|c| number_piece(c) && year_piece(c).is_none());
        for (n, c) in figures.enumerate() {
            match widest_figure.get_mut(n) {
                Some(w) => *w = (*w).max(c.len()),
                None => widest_figure.push(c.len()),
            }
        }
    }
    // Whether the word after a line's `j`th is a figure or a year (None at
    // the line's end).
    let value_next = |k: usize, j: usize| {
        toks(k)
            .get(j + 1)
            .map(|n| number_piece(n) || year_piece(n).is_some())
    };
    // How many amounts a row holds (总投资, “十四五”投资).
    let amount_columns = header.matches("投资").count().max(1);
    let mut rows = vec![RawRow::of(head, &lines[h])];
    // (the numbered line, if any; a group row; the band of lines)
    let mut todo: std::collections::VecDeque<(Option<usize>, bool, usize, usize)> = anchors
        .iter()
        .zip(&bands)
        .map(|(&(a, g), &(s, e))| (Some(a), g, s, e))
        .collect();
    while let Some((a, group, s, e)) = todo.pop_front() {
        // seq, name, nature, years, content, investment, owner, place
        let mut cell = vec![String::new(); 8];
        let mut numbers: Vec<String> = Vec::new();
        // (The line each figure is on.)
        let mut number_lines: Vec<usize> = Vec::new();
        let mut row_past_name = false;
        // (Cells one after another, the content before the values: which of
        // name, content and the rest the row is at; the name's width on
        // the line.)
        let mut part = if group { 2 } else { 0 };
        let mut name_run = 0;
        // (Cells one after another: where the name's last line begins, when
        // the line before filled the column.)
        let mut name_line_at: Option<usize> = None;
        let mut name_latin = false;
        // (Cells centred, no content column: whether the number's line
        // holds the name whole, short of the column's width; a middle piece
        // fills it.)
        let single_line_name = !flow
            && !top
            && !centred
            && a.is_some_and(|a| {
                let t = toks(a);
                let short = t
                    .get(1 + usize::from(place_first(a)))
                    .filter(|c| c.chars().next().is_some_and(is_han) && !is_value(c))
                    .is_some_and(|c| shown_width(c) + 2 < width);
                // (No piece above it fills the name's column.)
                short
                    && !(s..a).any(|k| {
                        toks(k).first().is_some_and(|c| {
                            c.chars().next().is_some_and(is_han) && full_piece(c, width)
                        })
                    })
            });
        // (Cells set at the top: the width of the name's and the content's
        // last pieces while they may go on; which went on last.)
        let (mut name_last, mut content_last) = (None, None);
        let mut last_content = false;
        // The first year of a range whose end is still to come.
        let mut year_open: Option<u32> = None;
        let mut e_row = e;
        'lines: for k in s..e {
            let mut line_past_name = false;
            // Side by side, words after a line's values are the office's.
            let mut line_past_values = false;
            let (mut line_name, mut line_content) = (false, false);
            let numbered = Some(k) == a && !group;
            // (A name's piece that fell short of its column ended it; one
            // with Latin letters or figures, whose widths are no half of a
            // Chinese character's, by two.)
            let slack = if name_latin { 2 } else { 1 };
            if part == 0 && k > s && name_run > 0 && name_run + slack < name_width {
                part = 1;
            }
            // (Cells one after another, a cell to a line: a place's name
            // alone on its line after the name's is the site's, though the
            // name filled its column: 高标准农田建设 over 各乡镇.)
            if flow && site_words && part == 0 && k > s && Some(k) != a && !cell[1].is_empty() {
                let t = toks(k);
                if t.len() == 1 && place_name(t[0]) {
                    part = 1;
                }
            }
            name_latin = false;
            // (A line wider than the name's column is the content's, though
            // the name's last line filled its column: 市域铁路 S1 线 over
            // 线路全长 32.6 公.)
            if flow_content && part == 0 && k > s && Some(k) != a {
                let wide: usize = toks(k).iter().map(|c| shown_width(c)).sum();
                if !cell[1].is_empty() && wide > name_width + 1 {
                    part = 1;
                }
            }
            name_run = 0;
            for (j, c) in toks(k).into_iter().enumerate() {
                if Some(k) == a && j == 0 {
                    cell[0] = c.to_string();
                    continue;
                }
                if numbered && j == 1 && place_first(k) {
                    cell[7] = c.to_string();
                    continue;
                }
                if flow_content && part < 2 {
                    // (Or, amounts before the years, a line of figures only:
                    // 386.5 210.0 2021-.)
                    let opens_values = year_piece(c).is_some()
                        || (NATURES.contains(&c)
                            && toks(k).get(j + 1).is_none_or(|n| year_piece(n).is_some()))
                        // (A figure with another or a year after it: a
                        // line's last figure alone may be the content's,
                        // 正线 86; so is one before a word.)
                        || (number_piece(c) && value_next(k, j).unwrap_or(j == 0));
                    if !opens_values {
                        let w = shown_width(c);
                        if place
                            && part == 0
                            && cell[1].is_empty()
                            && cell[7].is_empty()
                            && place_name(c)
                        {
                            cell[7] = c.to_string();
                            continue;
                        }
                        // (A clause is the content's: 、，；。)
                        if part == 0
                            && name_run + w <= name_width + 1
                            && (cell[1].is_empty() || !c.contains(['，', '；', '。', '、']))
                        {
                            if name_run == 0 && !cell[1].is_empty() {
                                name_line_at = Some(cell[1].len());
                            }
                            cell[1].push_str(c);
                            name_run += w;
                            name_latin |= c.chars().any(|ch| ch.is_ascii_alphanumeric());
                        } else {
                            part = 1;
                            cell[4].push_str(c);
                        }
                        continue;
                    }
                    part = 2;
                }
                line_past_values |= !flow && is_value(c);
                let past = if flow {
                    &mut row_past_name
                } else {
                    &mut line_past_name
                };
                let year = year_piece(c).filter(|_| !group).and_then(|opening| {
                    // A bare year closes an open range (2022- over 2024);
                    // without one it is a number (an investment of 2100).
                    let y: u32 = c[..4].parse().unwrap_or(0);
                    let whole = c.chars().count() > 4;
                    (opening
                        || whole
                        || year_open.is_some_and(|o| o <= y && y <= o + MAX_YEAR_SPAN))
                    .then_some((opening, y))
                });
                if nature_piece(&cell[2], c) {
                    cell[2].push_str(c);
                    *past = true;
                } else if let Some((opening, y)) = year {
                    year_open = opening.then_some(y);
                    cell[3].push_str(c);
                    *past = true;
                } else if number_piece(c) {
                    // Cells one after another, a few digits alone under a
                    // wide figure are its wrapped tail (125000 over 0).
                    let tail_under = flow
                        && j == 0
                        && toks(k).len() == 1
                        && c.len() <= 3
                        && c.bytes().all(|b| b.is_ascii_digit())
                        && number_lines.last() == Some(&(k - 1))
                        && numbers
                            .last()
                            .is_some_and(|v| v.len() >= MIN_WRAPPED_FIGURE_DIGITS);
                    if tail_under {
                        numbers.last_mut().expect("checked").push_str(c);
                        number_lines.push(k);
                        continue;
                    }
                    // A line below the row's numbers that opens with a
                    // number: a row whose 序号 and name cells are empty.
                    // (Cells one after another, the row's next amount
                    // right under its last.)
                    let next_amount = flow
                        && number_lines.last() == Some(&(k - 1))
                        && numbers.len() < amount_columns;
                    if j == 0
                        && a.is_some_and(|a| k > a)
                        && !numbers.is_empty()
                        && !group
                        && !next_amount
                    {
                        e_row = k;
                        todo.push_front((None, false, k, e));
                        break 'lines;
                    }
                    // Side by side, a few digits under the number's line
                    // among the values (公里，设站3座 0 2026) are the tail
                    // of a figure that filled its column: set at the top,
                    // one on the number's line as wide as its column's
                    // widest; centred, the one as far above the number's
                    // line as the tail is under it.
                    // (Or right after a value, the office's piece after
                    // it: 2025 0 输局.)
                    let after_value = j
                        .checked_sub(1)
                        .and_then(|p| toks(k).get(p).copied())
                        .is_some_and(|p| number_piece(p) || year_piece(p).is_some());
                    let among_values = value_next(k, j).unwrap_or(true) || after_value;
                    let wrapped = (!flow
                        && a.is_some_and(|a| k > a)
                        && j > 0
                        && c.len() <= 3
                        && c.bytes().all(|b| b.is_ascii_digit())
                        && among_values)
                        .then(|| {
                            let mirror = a.and_then(|a| (2 * a).checked_sub(k));
                            (0..numbers.len()).find(|&n| {
                                if top {
                                    widest_figure.get(n) == Some(&numbers[n].len())
                                } else {
                                    Some(number_lines[n]) == mirror
                                }
                            })
                        })
                        .flatten();
                    match wrapped {
                        Some(n) => numbers[n].push_str(c),
                        None => {
                            numbers.push(c.to_string());
                            number_lines.push(k);
                        }
                    }
                    *past = true;
                } else if a.is_some_and(|a| centred_place(k, a) == Some(j)) {
                    cell[7] = c.to_string();
                } else if let Some(&name) = centred_word.get(&(k, j)) {
                    if name {
                        cell[1].push_str(c);
                    } else {
                        cell[4].push_str(c);
                    }
                } else if top && k > s && !line_past_values {
                    // Under the numbered line, a word goes on a cell still
                    // open (its last piece about fills its column): alone,
                    // on the one left fuller, a clause on the content; one
                    // of two on the name, the other on the content.
                    let short = |last: Option<usize>, width: usize| {
                        last.filter(|&w| w + 4 >= width)
                            .map(|w| width.saturating_sub(w))
                    };
                    // (Latin letters and figures take no steady width: a
                    // name with them may have filled its column short of
                    // the widest.)
                    let latin = cell[1].chars().any(|ch| ch.is_ascii_alphanumeric());
                    let n = short(name_last, name_width)
                        .map(|w| w.saturating_sub(if latin { 2 } else { 0 }));
                    let m = short(content_last, content_width).filter(|_| content);
                    // A content whose line ended inside a sentence (线路全长
                    // 32.6公里，) goes on; a name has no clauses.
                    let clause_open = cell[4].ends_with(['，', '、', '；']);
                    let words = toks(k)
                        .iter()
                        .skip(j)
                        .take_while(|c| !is_value(c) && !nature_piece(&cell[2], c))
                        .count();
                    // (A cell has one piece a line.)
                    let n = n.filter(|_| !line_name);
                    let m = m.filter(|_| !line_content);
                    let to_name = match (n, m) {
                        (Some(_), None) => true,
                        (_, Some(_)) if clause_open && words == 1 && !line_content => false,
                        (Some(a), Some(b)) => {
                            // (A quantity's unit wrapped: 4.5万平 over 方米.)
                            let unit_tail = columns::unit_cell(c)
                                && cell[4].ends_with(|ch: char| {
                                    ch.is_ascii_digit() || columns::unit_cell(&ch.to_string())
                                });
                            !c.contains(['，', '；', '。', '、'])
                                && !unit_tail
                                && (words >= 2 || a < b || (a == b && !last_content))
                        }
                        _ => false,
                    };
                    if to_name {
                        cell[1].push_str(c);
                        name_last = Some(shown_width(c));
                        line_name = true;
                    } else if m.is_some() {
                        cell[4].push_str(c);
                        line_content = true;
                        content_last = Some(shown_width(c));
                        // (A cell with no piece on this line has ended; one
                        // left of it on the line goes on.)
                        if !line_name {
                            name_last = None;
                        }
                        last_content = true;
                    } else {
                        cell[6].push_str(c);
                        if !line_name {
                            name_last = None;
                        }
                        if !line_content {
                            content_last = None;
                        }
                    }
                } else if !*past && single_line_name && Some(k) != a {
                    // (Centred, a name whole on its number's line has no
                    // pieces above or below: a word there is the office's.)
                    cell[6].push_str(c);
                } else if !*past {
                    cell[1].push_str(c);
                    name_last = Some(shown_width(c));
                    // Beside the name on its line: other cells.
                    *past = !flow;
                } else if content && numbers.is_empty() && !line_past_values {
                    if cell[4].is_empty() {
                        content_last = Some(shown_width(c));
                    }
                    cell[4].push_str(c);
                } else if cell[6] != c {
                    cell[6].push_str(c);
                }
            }
        }
        if let Some(v) = numbers.first() {
            cell[5] = v.clone();
        }
        // A row has its content: where none came, the name's last line,
        // after one that filled the column, was the content's (青川县人民医
        // 院迁建 over 新建床位 800 张, the name as wide as its column).
        if let Some(at) = name_line_at.filter(|_| flow_content && cell[4].is_empty()) {
            cell[4] = cell[1].split_off(at);
        }
        let mut row = vec![cell[0].clone()];
        if place {
            row.push(cell[7].clone());
        }
        row.push(cell[1].clone());
        if site_column {
            row.push(a.and_then(|a| sites.get(&a)).cloned().unwrap_or_default());
        }
        for (on, v) in [
            (nature, &cell[2]),
            (years, &cell[3]),
            (content, &cell[4]),
            (investment, &cell[5]),
            (owner, &cell[6]),
        ] {
            if on {
                row.push(v.clone());
            }
        }
        let mut r = RawRow::of(row, &lines[a.unwrap_or(s)]);
        r.span = lines[s].span.to(lines[e_row - 1].span);
        rows.push(r);
    }
    // A place printed once for its group (centred, in the middle row)
    // names every row of it, where totals or group rows part the groups.
    if place {
        fill_places(&mut rows[1..]);
    }
    let end = bands.last().map_or(body, |b| b.1);
    Some(region(lines, i, end, Layout::Tabs, rows))
}

/// A place's name as a project table's 地区 cell holds it: a few Han
/// characters ending as a division's name does (云溪区, 青川县, 石门镇).
fn place_name(c: &str) -> bool {
    (2..=6).contains(&char_len(c))
        && c.chars().all(is_han)
        && (c.ends_with(['省', '市', '县', '区', '镇', '乡', '村', '州', '旗', '盟'])
            || c.ends_with("街道"))
}

/// Header words of a column after the name naming a project's site
/// (建设地点, 建设地 over 点 as converters wrap it).
const SITE_WORDS: &[&str] = &["地点", "地址", "所在地", "建设地", "实施地"];

/// Header words of a column naming a project's place (地区, 县市区).
pub(crate) const PLACE_WORDS: &[&str] = &["地区", "区域", "县市", "市州", "地市", "所在地"];

/// A group row of a project table: 二 殡葬服务设施项目 6700, or its number
/// and name one cell (一、交通基础设施).
fn group_row(t: &[&str]) -> bool {
    (t.len() >= 2
        && group_number(t[0])
        && t[1].chars().next().is_some_and(is_han)
        && !NATURES.contains(&t[1]))
        || t.first()
            .is_some_and(|c| crate::tables::group_label(c).is_some())
}

/// Words that a total row holds in its name or number cell.
pub(crate) const TOTAL_WORDS: &[&str] = &["合计", "总计", "小计"];

/// A total row of a project table: 小计 521000 449000.
fn total_row(t: &[&str]) -> bool {
    t.first().is_some_and(|c| TOTAL_WORDS.contains(c)) && t[1..].iter().all(|c| number_piece(c))
}

/// The width at which a hard-wrapped (OCR-style) text breaks its lines, if it does.
fn wrap_width(lines: &[Line]) -> Option<usize> {
    let mut hist = std::collections::HashMap::<usize, usize>::new();
    let mut n = 0;
    for l in lines {
        let len = char_len(&l.text);
        if len >= 15 && !l.text.contains('\t') {
            // (Numbered headings of one length, a paragraph a line between
            // them, are no wrap width: only the body's lines tell it.)
            if !heading_like(trim(&l.text)) {
                *hist.entry(len).or_default() += 1;
            }
            n += 1;
        }
    }
    let (&w, _) = hist
        .iter()
        .max_by_key(|(len, c)| (**c + hist.get(&(**len + 1)).copied().unwrap_or(0), **len))?;
    let around = hist.get(&w).copied().unwrap_or(0) + hist.get(&(w + 1)).copied().unwrap_or(0);
    (around >= 10 && around * 10 >= n * 3).then_some(w + 1)
}

/// Whether hard-wrapped text (lines of `wrap` characters) parts its
/// paragraphs with blank lines: nearly every short line that ends a sentence
/// (a paragraph's last line) has a blank line under it.
fn parts_paragraphs_with_blank_lines(lines: &[Line], wrap: usize) -> bool {
    let (mut ends, mut parted) = (0, 0);
    for w in lines.windows(2) {
        if w[0].text.ends_with('。') && char_len(&w[0].text) + 1 < wrap {
            ends += 1;
            parted += usize::from(w[1].gap > 0);
        }
    }
    ends >= MIN_SENTENCE_ENDS && parted * 10 >= ends * 9
}

/// Sentence-ending lines [`parts_paragraphs_with_blank_lines`] needs to tell.
const MIN_SENTENCE_ENDS: usize = 20;

/// No numbering alone is longer than this (bytes): 第二十一部分.
const MAX_NUMBERING_BYTES: usize = 24;

/// No heading or title is longer than this (bytes).
const MAX_HEADING_BYTES: usize = 400;

/// Words that end a title line (of a notice, plan or table), never a broken sentence.
const TITLE_ENDINGS: &[&str] = &[
    "通知", "规划", "纲要", "方案", "计划", "意见", "办法", "表", "目录", "文件",
];

/// Whether the paragraph `prev` (whose last line has `last_len` characters)
/// goes on in the line `next`.
fn joins(prev: &str, last_len: usize, next: &str, wrap: Option<usize>) -> bool {
    let Some(last) = prev.chars().next_back() else {
        return false;
    };
    let continuing = is_han(last)
        || last.is_alphanumeric()
        || matches!(
            last,
            '，' | '、' | '“' | '‘' | '《' | '（' | '(' | '-' | '+' | '/' | ','
        );
    // A numbering alone on its line ("第一章" over "总体要求", centred; a
    // list's "1." that pandoc printed on a line of its own): the title or
    // the item follows on the next.
    let n = (prev.len() <= MAX_NUMBERING_BYTES)
        .then(|| crate::numbering::numbering(prev))
        .flatten();
    if let Some(n) = n {
        // An arabic number alone must be written close ("1." as pandoc
        // prints it): "31 ·" or "323．" alone are OCR'd page numbers, "92)"
        // a statement's line number, "[1]" a reference, ① a footnote's mark.
        let close_arabic = || {
            let digits = prev.bytes().take_while(u8::is_ascii_digit).count();
            digits <= 2
                && prev
                    .chars()
                    .all(|c| c.is_ascii_digit() || matches!(c, '.' | '．' | '、'))
        };
        use crate::numbering::Style;
        let alone_joins = match n.style {
            Style::Part | Style::Chapter | Style::Section | Style::CnComma | Style::CnParen => true,
            Style::ArabicDot | Style::Dec1 | Style::Dec2 | Style::Dec3 | Style::Dec4 => {
                close_arabic()
            }
            Style::ArabicParen => prev.starts_with(['(', '（']),
            _ => false,
        };
        if trim(&prev[n.len..]).is_empty() && alone_joins && !is_block_start(next) {
            return true;
        }
    }
    // A line that opens with a mark only a sentence's middle holds, under
    // a line that closed a quotation (a converter breaks the line where the
    // quotation's run of text ends): the sentence goes on. (Under a whole
    // sentence, 、 opens a heading whose numeral OCR lost.)
    if matches!(last, '”' | '’' | '》' | '）' | ')')
        && next.starts_with(['、', '，', '。', '；', '：', '”', '）'])
    {
        return true;
    }
    if !continuing || is_block_start(next) || crate::numbering::date_only(prev) {
        return false;
    }
    // Titles and headings are short: only a short paragraph can be one (and
    // measuring only short ones keeps joining linear).
    let short = prev.len() <= MAX_HEADING_BYTES;
    if short && TITLE_ENDINGS.iter().any(|e| prev.ends_with(e)) && char_len(prev) <= 60 {
        return false;
    }
    if let Some(w) = wrap {
        if last_len + 1 >= w {
            return true;
        }
    }
    if short && heading_like(prev) {
        return false;
    }
    last_len >= 20 || matches!(last, '，' | '、' | ',')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::text::text_document;

    fn paras(s: &str) -> Vec<String> {
        let doc = text_document(s.as_bytes()).unwrap();
        clean(&doc)
            .blocks
            .into_iter()
            .filter_map(|b| match b {
                Block::Para(p) => Some(p.text),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_markdown_table_of_one_row_is_a_line_of_words() {
        let doc = text_document(
            "指标说明如下。\n\n| 2 | % | 80 | ≥85 |\n| --- | --- | --- | --- |\n低保标准比例 性\n\n| 序号 | 指标 |\n| --- | --- |\n| 1 | 低保 |\n"
                .as_bytes(),
        )
        .unwrap();
        let c = clean(&doc);
        let texts: Vec<&str> = c.lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts[1], "2 % 80 ≥85");
        assert_eq!(texts[2], "低保标准比例 性");
        // A table with a row under its rule stays a table.
        assert!(matches!(c.blocks.last(), Some(Block::Table(_))));
    }

    #[test]
    fn markdown_rows_without_outer_pipes_are_a_table() {
        let doc = text_document(
            "表 1：主要指标\n\n序号| 主要指标| 单位| 指标属性  \n---|---|---|---  \n1| 城乡低保标准| %| 预期性  \n2| 养老机构护理型\n床位占比| %| 约束性  \n\n后文。\n".as_bytes(),
        )
        .unwrap();
        let c = clean(&doc);
        let Some(Block::Table(t)) = c.blocks.get(1) else {
            panic!("no table: {:?}", c.blocks)
        };
        assert_eq!(t.rows.len(), 3);
        assert_eq!(
            t.rows[2].cells,
            ["2", "养老机构护理型 床位占比", "%", "约束性"]
        );
    }

    #[test]
    fn open_markdown_rows_keep_their_empty_end_cells() {
        // html2text: a head whose first cell is empty opens with a pipe, a
        // row whose last cell is empty closes with one.
        let doc = text_document(
            "| | 单位：万元|  \n---|---|---|---  \n序号| 项目名称| 总投资| 备注  \n| | 分项| |  \n1| 甲项目| 800| 新建  \n".as_bytes(),
        )
        .unwrap();
        let c = clean(&doc);
        let Some(Block::Table(t)) = c.blocks.first() else {
            panic!("no table: {:?}", c.blocks)
        };
        let rows: Vec<&[String]> = t.rows.iter().map(|r| &r.cells[..]).collect();
        assert_eq!(
            rows,
            [
                &["", "", "单位：万元", ""][..],
                &["序号", "项目名称", "总投资", "备注"],
                &["", "", "分项", ""],
                &["1", "甲项目", "800", "新建"],
            ]
        );
    }

    #[test]
    fn markdown_tables_of_pdf_lines_are_lines() {
        let kinds = |text: &str| {
            let doc = text_document(text.as_bytes()).unwrap();
            clean(&doc)
                .blocks
                .iter()
                .map(|b| match b {
                    Block::Table(_) => "table",
                    _ => "p",
                })
                .collect::<Vec<_>>()
        };
        // A caption glued over a Markdown table: a table still.
        let md = "表1 主要指标\n| 序号 | 指标 | 属性 |\n| --- | --- | --- |\n| 1 | 城乡低保标准 | 预期性 |\n| 2 | 护理型床位占比 | 约束性 |\n\n后文。\n";
        assert_eq!(kinds(md), ["p", "table", "p"]);
        // markitdown of a PDF: a table a text line goes on under is its
        // lines; then one glued under a text line is too.
        let pdf = "指标表\n| | 2025 | 指标 |\n| --- | --- | --- |\n| 序号 | 主要指标 | 属性 |\n值\n护理型床位\n| 1 | % | 约束 |\n| --- | --- | --- |\n| | 占比 | 性 |\n\n后文。\n";
        let doc = text_document(pdf.as_bytes()).unwrap();
        let c = clean(&doc);
        assert!(
            !c.blocks
                .iter()
                .any(|b| matches!(b, Block::Table(t) if t.rows.len() > 1)),
            "{:?}",
            c.blocks
        );
    }

    #[test]
    fn a_full_line_ending_a_sentence_goes_on_where_blank_lines_part_paragraphs() {
        // Lines wrapped at 20 characters, paragraphs parted by blank lines.
        let full = "推进城乡社区服务设施建设完善服务网络体系";
        let mut text = String::new();
        for _ in 0..MIN_SENTENCE_ENDS + 2 {
            text += &format!("{full}\n{full}\n提升服务水平。\n\n");
        }
        text += "加强社区治理，完善基层群众自治制度体系。\n到二〇二五年实现全覆盖。\n\n后文。\n";
        let p = paras(&text);
        assert!(
            p.contains(
                &"加强社区治理，完善基层群众自治制度体系。到二〇二五年实现全覆盖。".to_string()
            ),
            "{p:?}"
        );
        // Without blank lines between paragraphs the line ends its paragraph.
        let p = paras(&text.replace("\n\n", "\n"));
        assert!(p.contains(&"到二〇二五年实现全覆盖。".to_string()), "{p:?}");
    }

    #[test]
    fn markup_that_markdown_writers_leave() {
        // Marker's anchors, inline tags, comments.
        assert_eq!(
            clean_line("# <span id=\"page-3-1\"></span>第一章 发展基础"),
            "第一章 发展基础"
        );
        assert_eq!(
            clean_line("覆盖率<sup>1</sup>达到<b>80%</b><!-- note -->"),
            "覆盖率1达到80%"
        );
        assert!(is_image_marker("<!-- image -->"));
        // Pandoc's bookmarks, nested, wrapped, and spans with attributes.
        assert_eq!(
            clean_line("[]{#_Toc70000037 .anchor}第一章 发展基础"),
            "第一章 发展基础"
        );
        assert_eq!(
            clean_line("[[[]{#_Toc1 .anchor}]{#_Toc2 .anchor}]{#_Ref3 .anchor}（一）主要成就"),
            "（一）主要成就"
        );
        assert_eq!(clean_line("序言[]{#_Toc136939320"), "序言");
        assert_eq!(clean_line(".anchor}第二章 总体要求"), "第二章 总体要求");
        assert_eq!(clean_line("[加强]{.underline}社区治理"), "加强社区治理");
        assert_eq!(
            clean_line("# 第一章 总则 {#第一章-总则 .unnumbered}"),
            "第一章 总则"
        );
        // (Braces in text stay.)
        assert_eq!(clean_line("集合{1,2}中"), "集合{1,2}中");
        assert_eq!(clean_line("::: {#806804351 .myid}"), "");
        assert_eq!(clean_line(":::"), "");
        assert_eq!(clean_line("height=\"3.12in\"}"), "");
        assert!(is_image_marker(
            "![](media/image1.png){width=\"1.7in\" height=\"3.1in\"}"
        ));
        // A tag wrapped between its attributes (pandoc's gfm), quotes made
        // curly by the Markdown reader.
        assert_eq!(clean_line("<span id=\"_Toc70000037\""), "");
        assert_eq!(
            clean_line("class=“anchor”></span>一、发展基础"),
            "一、发展基础"
        );
        // Digits set apart one by one before a unit.
        assert_eq!(clean_line("2 0 2 2 年6 月7 日"), "2022年6月7日");
        assert_eq!(
            clean_line("正政办发〔2 0 2 2 〕4 8 号"),
            "正政办发〔2022〕48号"
        );
        assert_eq!(clean_line("（2 0 2 1 —2 0 2 5 年）"), "（2021—2025年）");
        // (Cells of a row set apart by spaces stay.)
        assert_eq!(clean_line("% 0 80 80 80 80"), "% 0 80 80 80 80");
        assert_eq!(clean_line("1 2 3 4 5"), "1 2 3 4 5");
        assert_eq!(clean_line("增长 2.5 3 年"), "增长 2.5 3 年");
        assert_eq!(clean_line("% 0 0 —"), "% 0 0 —");
        // Comparisons are no tags.
        assert_eq!(clean_line("PM2.5浓度<35微克，a>b"), "PM2.5浓度<35微克，a>b");
    }

    #[test]
    fn debris() {
        assert_eq!(clean_line("[bookmark: _GoBack]关于印发"), "关于印发");
        assert_eq!(
            clean_line("当前位置：[首页](/) > [政务公开](/zwgk/ \"公开\")"),
            "当前位置：首页 > 政务公开"
        );
        assert_eq!(clean_line("![图1](a.png)"), "![图1](a.png)");
        assert_eq!(clean_line("\\-"), "");
        assert_eq!(clean_line("-"), "-");
        assert_eq!(
            clean_line("不低于 \\$30\\\\text{ m}\\^2\\$"),
            "不低于 $30\\text{ m}^2$"
        );
        assert_eq!(clean_line("1\\. 加强\\*建设\\|"), "1. 加强*建设\\|");
        assert_eq!(
            clean_line("1. **政策制度体系健全完善。**坚持"),
            "1. 政策制度体系健全完善。坚持"
        );
        assert_eq!(
            clean_line("- 1. “智慧救助”信息化工程。"),
            "1. “智慧救助”信息化工程。"
        );
        assert_eq!(
            clean_line("面积不低于 $30\\text{ m}^2/\\text{户}$ ，社区"),
            "面积不低于 30 m²/户 ，社区"
        );
        assert!(is_page_number("— 7 —"));
        assert!(is_page_number("- 3 -"));
        assert!(is_page_number("一 16 一"));
        assert!(!is_page_number("一 16"));
        assert!(is_page_number("第 3 页"));
        assert!(!is_page_number("2025"));
        assert!(is_toc("第一章 发展基础……………………1"));
        assert!(is_toc("（一）指导思想 .......... 12"));
        assert!(is_toc("目  录"));
        assert!(!is_toc("到2025年达到100"));
        assert_eq!(clean_line("## 第一章 总体要求"), "第一章 总体要求");
    }

    #[test]
    fn table_of_contents_without_leaders() {
        let p = paras("某某规划\n\n目 录\n\n序\t（四）收入分配\n一、主要目标\t（五）财政\n二、基本任务\n\n序\n\n正文第一段。\n\n一、主要目标\n\n正文。\n");
        assert_eq!(
            p,
            ["某某规划", "序", "正文第一段。", "一、主要目标", "正文。"]
        );
    }

    #[test]
    fn untabbed_cell_per_line_table() {
        let doc = text_document("“十四五”时期民政事业主要发展指标\n\n序号\n\n指标\n\n单位\n\n2025年目标值\n\n1\n\n低保标准\n\n%\n\n10\n\n正文在表格之后继续，这是一个很长的段落。\n".as_bytes()).unwrap();
        let c = clean(&doc);
        let t = c.blocks.iter().find_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        });
        assert_eq!(t.map(|t| t.rows.len()), Some(8));
    }

    #[test]
    fn numbering_alone_takes_the_next_line() {
        assert_eq!(
            paras("第一章\n总体要求\n\n正文。\n"),
            ["第一章总体要求", "正文。"]
        );
    }

    #[test]
    fn rows_parted_by_blank_lines_keep_empty_cells() {
        // A table's cells one per line, a blank line after each row and for
        // each empty cell; long cells ending in 。 are cells too.
        let doc = text_document(
            "项目汇总表\n\n序号\n项目名称\n建设内容\n总投资\n\n备注\n\n\
             1\n甲项目\n新建养老服务中心一处，建筑面积两千平方米，配套设施设备购置，完善周边道路与绿化工程建设内容。\n700\n\n\n\n\
             2\n乙项目\n改造提升日间照料中心。\n300\n已完成\n\n\n\n\n\n500\n\n\n\n\
             正文在表格之后继续，这是一个很长的段落。\n"
                .as_bytes(),
        )
        .unwrap();
        let c = clean(&doc);
        let t = c
            .blocks
            .iter()
            .find_map(|b| match b {
                Block::Table(t) => Some(t),
                _ => None,
            })
            .unwrap();
        let rows: Vec<Vec<&str>> = t
            .rows
            .iter()
            .map(|r| r.cells.iter().map(String::as_str).collect())
            .collect();
        assert_eq!(rows.len(), 4);
        assert_eq!(
            rows[0],
            ["序号", "项目名称", "建设内容", "总投资", "", "备注"]
        );
        assert_eq!(rows[1][3], "700");
        assert_eq!(rows[1][4], "");
        assert_eq!(
            rows[2],
            ["2", "乙项目", "改造提升日间照料中心。", "300", "已完成", ""]
        );
        assert_eq!(rows[3], ["", "", "", "500", "", ""]);
        assert!(matches!(c.blocks.last(), Some(Block::Para(_))));
    }

    #[test]
    fn cells_each_parted_by_a_blank_line_are_not_rows() {
        // docx2txt: every cell after a blank line; no row beat to read.
        let lines: Vec<&str> = "序号\n\n指标\n\n单位\n\n属性\n\n1\n\n低保标准\n\n%\n\n预期性\n\n2\n\n救助\n\n人\n\n约束性\n"
            .lines()
            .collect();
        let doc = text_document(lines.join("\n").as_bytes()).unwrap();
        let c = clean(&doc);
        assert!(take_parted_rows(&c.lines, 0).is_none());
    }

    fn first_table(s: &str) -> Vec<Vec<String>> {
        let doc = text_document(s.as_bytes()).unwrap();
        clean(&doc)
            .blocks
            .into_iter()
            .find_map(|b| match b {
                Block::Table(t) => Some(t.rows.into_iter().map(|r| r.cells).collect()),
                _ => None,
            })
            .unwrap_or_default()
    }

    #[test]
    fn project_rows_wrapped_around_their_numbered_line() {
        // pdfplumber: header pieces above and below 序号's line; a row's
        // name and years wrapped above and below its number; a group row;
        // a row with its 序号 and name cells empty.
        let rows = first_table(
            "项目汇总表\n单位：万元\n建设性 建设年 总投\n序号 项目名称 责任单位\n质 限 资\n\
             某县中心敬老院改扩\n2022-\n1 建设工程项目 新建 2100 某县民政局\n2024\n目\n\
             某县城乡日间照料中 2022-\n2 心提升项目 新建 1700 某县民政局\n2023\n\
             3700 某县民政局\n二 殡葬服务设施项目 6700\n\
             2022-\n1 某县殡仪馆建设项目 新建 2100\n2023\n",
        );
        assert_eq!(
            rows[0],
            [
                "序号",
                "项目名称",
                "建设性质",
                "建设年限",
                "总投资",
                "责任单位"
            ]
        );
        assert_eq!(
            rows[1],
            [
                "1",
                "某县中心敬老院改扩建设工程项目目",
                "新建",
                "2022-2024",
                "2100",
                "某县民政局"
            ]
        );
        assert_eq!(
            rows[2],
            [
                "2",
                "某县城乡日间照料中心提升项目",
                "新建",
                "2022-2023",
                "1700",
                "某县民政局"
            ]
        );
        assert_eq!(rows[3], ["", "", "", "", "3700", "某县民政局"]);
        assert_eq!(rows[4], ["二", "殡葬服务设施项目", "", "", "6700", ""]);
        assert_eq!(
            rows[5],
            ["1", "某县殡仪馆建设项目", "新建", "2022-2023", "2100", ""]
        );
    }

    #[test]
    fn a_figure_wrapped_in_its_column_is_whole() {
        // pdfplumber, cells at the top: 3865000 wrapped as 386500 over 0
        // in a column whose widest figure is six digits.
        let rows = first_table(
            "序 项目名称 主要建设内容 总投资 “十四 建设期 牵头单位\n\
             号 （万 五”投 限\n元） 资（万\n元）\n\
             1 沿江高铁青州段 建设高速铁路正线86 386500 2100000 2021- 省铁路投资\n\
             公里，设站3座 0 2026 集团\n\
             2 青州机场改扩建 新建航站楼6万平方米 428000 428000 2022- 市交通运输\n\
             工程 及站坪 2025 局\n",
        );
        assert_eq!(rows[1][1], "沿江高铁青州段");
        assert_eq!(rows[1][3], "建设高速铁路正线86公里，设站3座");
        assert_eq!(rows[1][4], "3865000");
        assert_eq!(rows[2][4], "428000");
        // Centred: the figure's lines either side of the number's, the
        // other amount on it.
        let rows = first_table(
            "序 项目名称 主要建设内容 总投资 “十四 建设期 牵头单位\n\
             号 （万 五”投 限\n元） 资（万\n元）\n\
             建设高速铁路正线86 386500 2021- 省铁路投资\n\
             1 沿江高铁青州段 2100000\n\
             公里，设站3座 0 2026 集团\n\
             新能源电池产业 建设年产20GWh动 120000 2021- 青州经开区\n\
             2 955000\n\
             园 力电池生产线 0 2025 管委会\n",
        );
        assert_eq!(rows[1][4], "3865000");
        assert_eq!(rows[2][4], "1200000");
    }

    #[test]
    fn project_rows_cell_after_cell() {
        // pdftotext -raw: a row's cells one after another, its number alone.
        let rows = first_table(
            "项目汇总表\n单位：万元\n序号 项目名称\n建设性\n质\n建设年\n限\n总投\n资\n责任单位\n\
             1\n某县中心敬老院改扩\n建设工程项目\n新建\n2022-\n2024\n7530 某县民政局\n\
             2\n某县“三社联动”项\n目\n2022-\n2023\n500\n某县民政局\n社区管委会\n",
        );
        assert_eq!(rows.len(), 3);
        assert_eq!(
            rows[1],
            [
                "1",
                "某县中心敬老院改扩建设工程项目",
                "新建",
                "2022-2024",
                "7530",
                "某县民政局"
            ]
        );
        assert_eq!(
            rows[2],
            [
                "2",
                "某县“三社联动”项目",
                "",
                "2022-2023",
                "500",
                "某县民政局社区管委会"
            ]
        );
    }

    #[test]
    fn a_bare_number_before_a_page_feed_is_a_page_number_where_pages_are_numbered() {
        let numbered = "正文第一页。\n1\n\u{c}正文第二页。\n2\n\u{c}正文第三页。\n";
        let c = clean(&text_document(numbered.as_bytes()).unwrap());
        assert!(c.lines.iter().all(|l| l.text != "1" && l.text != "2"));
        // One page ends on a table's cell; the others have no number.
        let cell = "正文第一页。\n\u{c}正文第二页。\n2100\n\u{c}正文第三页。\n\u{c}第四页。\n";
        let c = clean(&text_document(cell.as_bytes()).unwrap());
        assert!(c.lines.iter().any(|l| l.text == "2100"));
    }

    #[test]
    fn untabbed_cells_with_two_paragraphs() {
        // docx2txt: cells parted by blank lines, a cell's paragraphs by none.
        let doc = text_document("“十四五”时期主要发展指标\n\n序号\n\n指标\n\n单位\n\n2020年\n实际值\n\n2025年\n目标值\n\n属性\n\n1\n\n低保标准\n\n%\n\n10\n\n12\n\n预期性\n\n正文在表格之后继续，这是一个很长的段落。\n".as_bytes()).unwrap();
        let c = clean(&doc);
        let t = c.blocks.iter().find_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        });
        let cells: Vec<&str> = t
            .unwrap()
            .rows
            .iter()
            .map(|r| r.cells[0].as_str())
            .collect();
        assert_eq!(cells[3], "2020年\n实际值");
        assert_eq!(cells.len(), 12);
    }

    #[test]
    fn spaced_rows_with_wrapped_names() {
        let doc = text_document("主要指标\n序号 指标 单位 2020年 2025年 属性\n1 城乡低保标准年度 % 10 12 预期性\n增速\n2 养老机构护理型床位占比 % 38 60 约束性\n正文在表格之后继续，这是一个很长的段落，不是表格的一行。\n".as_bytes()).unwrap();
        let c = clean(&doc);
        let t = c.blocks.iter().find_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        });
        let rows: Vec<Vec<String>> = t.unwrap().rows.iter().map(|r| r.cells.clone()).collect();
        assert_eq!(rows.len(), 3);
        assert_eq!(
            rows[1],
            ["1", "城乡低保标准年度增速", "%", "10", "12", "预期性"]
        );
    }

    #[test]
    fn narrow_project_rows_set_at_the_top_with_group_rows_and_three_wrapped_cells() {
        // pdfplumber of a narrow project table, cells set at the top: the
        // name, the content and the office wrap together line for line (the
        // office's piece on a line does not end the name or the content);
        // a group's row numbered 一 with its name wrapped under its totals.
        let rows = first_table_rows(
            "序号 项目名称 建设内容 建设性质 建设年限 总投资 责任单位\n\
             一 农田水利 88.0\n\
             设施\n\
             1 高标准农 新建农田 新建 2022-2024 60.5 县农业农\n\
             田建设示 5万亩及 村局\n\
             范工程 配套渠系\n\
             2 灌区节水 改造渠道 改建 2021-2023 27.5 县水务局\n\
             改造工程 40公里\n\
             第四章 保障措施\n",
        );
        assert_eq!(rows.len(), 4);
        assert_eq!(rows[1][..2], ["一", "农田水利设施"]);
        assert_eq!(
            rows[2],
            [
                "1",
                "高标准农田建设示范工程",
                "新建",
                "2022-2024",
                "新建农田5万亩及配套渠系",
                "60.5",
                "县农业农村局"
            ]
        );
        assert_eq!(rows[3][1], "灌区节水改造工程");
        assert_eq!(rows[3][4], "改造渠道40公里");
    }

    #[test]
    fn a_group_row_read_cell_after_cell_keeps_its_wrapped_name_and_totals() {
        // pdftotext -raw: a group's row (一 文化旅游设施 72.0) with its name
        // wrapped and its total on a line of its own before the next row
        // (the cells one after another, as the years' pieces show).
        let rows = first_table_rows(
            "序号 项目名称 建设内容 建设性质 建设年限 总投资 责任单位\n\
             一 文化旅游\n设施\n72.0\n\
             1 县博物馆\n新馆\n新建展馆\n1.2万平方\n米\n新建 2022-2024 40.0 县文旅局\n\
             2 古镇保护\n修缮\n修缮街巷\n3公里\n改建 2021-\n2023\n32.0 县住建局\n\
             第六章 保障措施\n",
        );
        assert_eq!(rows.len(), 4);
        assert_eq!(rows[1][..2], ["一", "文化旅游设施"]);
        assert_eq!(rows[2][1], "县博物馆新馆");
        assert_eq!(rows[3][..2], ["2", "古镇保护修缮"]);
    }

    #[test]
    fn a_rows_unit_and_a_bracket_wrapped_under_it_in_side_by_side_cells() {
        // pdfplumber: a rate's unit wrapped (吨/万 over 元), and a name's
        // short piece before a bracket no line breaks (…排放 over （CO2当量）):
        // the simple reading of one-line rows stops at such a row, the
        // wrapped one reads on.
        let rows = first_table_rows(
            "序号 指标 单位 2020年 2025年 属性\n\
             1 单位工业增 吨/万 0.52 0.45 约束性\n加值二氧化碳 元\n排放\n（CO2当量）\n强度\n\
             2 工业固体废 % 88 92 预期性\n物综合利用率\n\
             3 重点行业清 % 60 80 预期性\n洁生产审核率\n\
             正文在表格之后继续，这是一个很长的段落，不是表格的一行。\n",
        );
        assert_eq!(rows.len(), 4);
        assert_eq!(
            rows[1],
            [
                "1",
                "单位工业增加值二氧化碳排放（CO2当量）强度",
                "吨/万元",
                "0.52",
                "0.45",
                "约束性"
            ]
        );
        assert_eq!(rows[2][1], "工业固体废物综合利用率");
    }

    #[test]
    fn a_narrow_category_columns_labels_wrapped_beside_the_rows() {
        // A category column two characters wide beside a wide name column:
        // its labels wrap (社会 over 事业), and the attribute too (约束 over
        // 性). Set at the top, a label opens its group's first row and goes
        // on under it; a name that fills its column goes on (比 over 重).
        let top = first_table_rows(
            "类别 序 指标 单位 2020 2025年 属性\n\
             号 年\n\
             社会 1 普惠托育机构覆盖乡镇比例 % 35 60 预期\n\
             事业 性\n\
             2 养老机构护理型床位占养老床位的比 % 40.5 55 预期\n\
             重 性\n\
             资源 3 单位耕地面积化肥施用量降低幅度 % — 完成省下 约束\n\
             环境 达任务 性\n\
             4 受污染耕地安全利用率 % 90 93 约束\n\
             性\n\
             第四章 主要任务\n",
        );
        assert_eq!(top.len(), 5, "{top:?}");
        assert_eq!(top[0][..3], ["类别", "序号", "指标"]);
        assert_eq!(
            top[1],
            [
                "社会事业",
                "1",
                "普惠托育机构覆盖乡镇比例",
                "%",
                "35",
                "60",
                "预期性"
            ]
        );
        assert_eq!(
            top[2][..3],
            ["社会事业", "2", "养老机构护理型床位占养老床位的比重"]
        );
        assert_eq!(top[4][..3], ["资源环境", "4", "受污染耕地安全利用率"]);
        // Centred: a label lands on the middle lines of its group, beside a
        // name's pieces or an attribute's, and a word in a value's column
        // over a row whose name is one line is no piece of the name.
        let centred = first_table_rows(
            "序 2020\n\
             类别 指标 单位 2025年 属性\n\
             号 年\n\
             预期\n\
             1 普惠托育机构覆盖乡镇比例 % 35 60\n\
             性\n\
             社会 养老机构护理型床位占养老床位的比 预期\n\
             2 % 40.5 55\n\
             事业 重 性\n\
             预期\n\
             3 每千人口拥有三岁以下婴幼儿托位数 个 1.8 4.5\n\
             性\n\
             完成省下 约束\n\
             4 单位耕地面积化肥施用量降低幅度 % —\n\
             资源 达任务 性\n\
             环境 约束\n\
             5 受污染耕地安全利用率 % 90 93\n\
             性\n\
             第四章 主要任务\n",
        );
        assert_eq!(centred.len(), 6, "{centred:?}");
        assert_eq!(
            centred[2],
            [
                "社会事业",
                "2",
                "养老机构护理型床位占养老床位的比重",
                "%",
                "40.5",
                "55",
                "预期性"
            ]
        );
        assert_eq!(
            centred[3][..3],
            ["社会事业", "3", "每千人口拥有三岁以下婴幼儿托位数"]
        );
        assert_eq!(
            centred[4],
            [
                "资源环境",
                "4",
                "单位耕地面积化肥施用量降低幅度",
                "%",
                "—",
                "完成省下达任务",
                "约束性"
            ]
        );
        assert_eq!(centred[5][..3], ["资源环境", "5", "受污染耕地安全利用率"]);
    }

    #[test]
    fn a_narrow_category_columns_labels_before_their_rows_cell_after_cell() {
        // pdftotext -raw: the label's lines come before its group's first
        // row, after the row above has its attribute; a name as wide as
        // the column and the label's first piece (the name ended there).
        let rows = first_table_rows(
            "类别\n序\n号\n指标 单位\n2020\n年\n2025 年 属性\n\
             社会\n事业\n\
             1 普惠托育机构覆盖乡镇比例 % 35 60\n预期\n性\n\
             2\n养老机构护理型床位占养老床位的比\n重\n% 40.5 55\n预期\n性\n\
             3 每千人口拥有三岁以下婴幼儿托位数 个 1.8 4.5\n预期\n性\n\
             资源\n环境\n\
             4 单位耕地面积化肥施用量降低幅度 % —\n完成省下\n达任务\n约束\n性\n\
             5 受污染耕地安全利用率 % 90 93\n约束\n性\n\
             第四章 主要任务\n",
        );
        assert_eq!(rows.len(), 6, "{rows:?}");
        assert_eq!(rows[0][..3], ["类别", "序号", "指标"]);
        assert_eq!(
            rows[2][..3],
            ["社会事业", "2", "养老机构护理型床位占养老床位的比重"]
        );
        assert_eq!(
            rows[3][..3],
            ["社会事业", "3", "每千人口拥有三岁以下婴幼儿托位数"]
        );
        assert_eq!(
            rows[4],
            [
                "资源环境",
                "4",
                "单位耕地面积化肥施用量降低幅度",
                "%",
                "—",
                "完成省下达任务",
                "约束性"
            ]
        );
    }

    /// Row 2 of the tables below: a value in words wrapped over three lines.
    const GROWTH_ROW: [&str; 8] = [
        "经济发展",
        "2",
        "全员劳动生产率增长",
        "%",
        "4.1",
        "—",
        "高于地区生产总值增长",
        "预期性",
    ];

    #[test]
    fn raw_rows_whose_cells_go_on_under_their_line() {
        // pdftotext -raw of centred rows: a value in words wrapped under a
        // line that ends with a value (高于地区 over 生产总值 over 增长, the
        // last as short as a label's piece); a unit wrapped under a line of
        // the number and the name (万吨 over 标准 over 煤); a figure in a
        // name, set apart where its font changes (每千人口拥有 3 岁以下婴幼).
        let rows = first_table_rows(
            "类别\n序\n号\n指标 单位\n2020\n年\n2025\n年\n年均增长\n〔累计〕\n属性\n\
             经济\n发展\n\
             1 地区生产总值增长 % 3.6 — 6 左右\n预期\n性\n\
             2 全员劳动生产率增长 % 4.1 —\n高于地区\n生产总值\n增长\n预期\n性\n\
             民生\n福祉\n\
             3 每千人口拥有 3 岁以下婴幼\n儿托位数\n个 1.2 4.5 〔3.3〕 预期\n性\n\
             4 服务业增加值占地区生产总\n值比重\n% 52.3 55 〔2.7〕\n预期\n性\n\
             5 能源综合生产能力\n万吨\n标准\n煤\n4200 4600 —\n约束\n性\n\
             第四章 主要任务\n",
        );
        assert_eq!(rows.len(), 6, "{rows:?}");
        assert_eq!(rows[2], GROWTH_ROW);
        assert_eq!(
            rows[3],
            [
                "民生福祉",
                "3",
                "每千人口拥有3岁以下婴幼儿托位数",
                "个",
                "1.2",
                "4.5",
                "〔3.3〕",
                "预期性"
            ]
        );
        assert_eq!(
            rows[5],
            [
                "民生福祉",
                "5",
                "能源综合生产能力",
                "万吨标准煤",
                "4200",
                "4600",
                "—",
                "约束性"
            ]
        );
    }

    #[test]
    fn cells_a_line_each_under_column_names_a_line_each() {
        // PyMuPDF's text of a table: every cell's lines together, a cell
        // after another, the column names a line each (2020 over 年实际 over
        // 值); a unit alone on its line after a name's full last piece (人),
        // a unit and a value with no space between (平方米21.25).
        let rows = first_table_rows(
            "“十四五”时期主要发展指标\n序号\n主要指标\n单位\n2020\n年实际\n值\n\
             2025 年目标\n值\n指标\n属性\n\
             1\n城乡低保标准年度增速\n%\n—\n不低于居民上\n年度人均消费\n支出增速\n预期\n性\n\
             2\n社会工作专业人才总量\n人\n60\n120\n预期\n性\n\
             3\n每百户居民拥有的城乡\n社区综合服务设施面积\n平方米21.25\n>30\n预期\n性\n\
             4\n养老机构护理型床位占\n比\n%\n38\n60\n约束\n性\n\
             三、主要任务\n",
        );
        assert_eq!(rows.len(), 5, "{rows:?}");
        assert_eq!(
            rows[1],
            [
                "1",
                "城乡低保标准年度增速",
                "%",
                "—",
                "不低于居民上年度人均消费支出增速",
                "预期性"
            ]
        );
        assert_eq!(
            rows[2],
            ["2", "社会工作专业人才总量", "人", "60", "120", "预期性"]
        );
        assert_eq!(
            rows[3],
            [
                "3",
                "每百户居民拥有的城乡社区综合服务设施面积",
                "平方米",
                "21.25",
                ">30",
                "预期性"
            ]
        );
        assert_eq!(
            rows[4],
            ["4", "养老机构护理型床位占比", "%", "38", "60", "约束性"]
        );
    }

    #[test]
    fn unnumbered_cells_a_line_each_with_a_label_glued_to_a_name() {
        // The same without a 序号 column, a category's label alone before
        // its group's first row, and one name wider than the column, where
        // the converter glued a label to it with no space: the column's
        // width is the one its full pieces share.
        let rows = first_table_rows(
            "指标\n2025 年\n属性\n保护利用\n文物保护单位增加数量\n≥50\n约束性\n\
             编制规划数量（全国重点文物\n保护单位、省级文物保护单位\n、专题专项）\n≥20\n约束性\n\
             运行开放国家考古遗址公园和\n省级文化遗址公园数量\n≥20\n约束性\n\
             人才培养省级层面培训人员（人次）\n≥1000\n约束性\n\
             三、构筑文物安全防护体系\n",
        );
        assert_eq!(rows.len(), 5, "{rows:?}");
        assert_eq!(
            rows[2],
            [
                "编制规划数量（全国重点文物保护单位、省级文物保护单位、专题专项）",
                "≥20",
                "约束性"
            ]
        );
        assert_eq!(
            rows[3],
            [
                "运行开放国家考古遗址公园和省级文化遗址公园数量",
                "≥20",
                "约束性"
            ]
        );
        assert_eq!(rows[1], ["文物保护单位增加数量", "≥50", "约束性"]);
        assert_eq!(
            rows[4],
            ["人才培养省级层面培训人员（人次）", "≥1000", "约束性"]
        );
    }

    #[test]
    fn project_rows_a_cell_a_line_with_a_groups_number_over_its_name() {
        // PyMuPDF's text of a project table: a group's number alone on its
        // line, its name and total on the next; the rows after it numbered
        // from 1 again.
        let rows = first_table_rows(
            "单位：万元\n序号\n项目名称\n建设性\n质\n建设年\n限\n总投\n资\n责任单位\n\
             1\n城关镇中心敬老院建设项\n目\n新建\n2022-\n2024\n7530 县民政局\n\
             2\n城乡社区日间照料中心建\n设项目\n新建\n2022-\n2023\n350 县民政局\n\
             二\n殡葬服务设施项目\n3300\n\
             1\n县殡仪馆建设项目\n新建\n2022-\n2023\n2100 县民政局\n\
             2\n公益性骨灰堂建设项目\n新建\n2022-\n2023\n1200 县民政局\n\
             三、保障措施\n",
        );
        assert_eq!(rows.len(), 6, "{rows:?}");
        assert_eq!(rows[3][..2], ["二", "殡葬服务设施项目"]);
        assert!(rows[3].contains(&"3300".to_string()), "{:?}", rows[3]);
        assert_eq!(rows[4][..2], ["1", "县殡仪馆建设项目"]);
        assert_eq!(rows[5][..2], ["2", "公益性骨灰堂建设项目"]);
    }

    #[test]
    fn cells_a_line_each_with_a_category_column_over_a_page_break() {
        // PyMuPDF: 序 over 号 a line each, a category's label wrapped (经济
        // over 发展) before its group's first row, the header repeated after
        // a page break between a row's 预期 and 性, and a row's target the
        // same figure as the next row's number (3).
        let header = "类别\n序\n号\n指标\n单位\n2020\n年\n2025\n年\n属性\n";
        let text = format!(
            "表1 主要指标\n{header}经济\n发展\n\
             1\n地区生产总值增长\n%\n3.6\n6\n预期\n性\n\
             2\n常住人口城镇化率\n%\n62.1\n3\n预期\n{header}性\n\
             3\n每万人口高价值发明专\n利拥有量\n件\n5.2\n9\n预期\n性\n\
             民生\n福祉\n4\n城镇调查失业率\n%\n5.2\n<5.5\n预期\n性\n\
             第三章 推动高质量发展\n"
        );
        let rows = first_table_rows(&text);
        assert_eq!(rows.len(), 5, "{rows:?}");
        assert_eq!(rows[0][..3], ["类别", "序号", "指标"]);
        assert_eq!(
            rows[2],
            [
                "经济发展",
                "2",
                "常住人口城镇化率",
                "%",
                "62.1",
                "3",
                "预期性"
            ]
        );
        assert_eq!(rows[3][2], "每万人口高价值发明专利拥有量");
        assert_eq!(
            rows[4],
            [
                "民生福祉",
                "4",
                "城镇调查失业率",
                "%",
                "5.2",
                "<5.5",
                "预期性"
            ]
        );
    }

    #[test]
    fn project_rows_a_cell_a_line_with_a_place_column_and_a_site_column() {
        // PyMuPDF: the 地区 column's place printed once for its group, alone
        // on its line under the row's number; a site alone on its line after
        // a name that filled its column (高标准农田建设 over 各乡镇).
        let rows = first_table_rows(
            "序\n号\n地区\n项目名称\n建设内容及规模\n建设\n性质\n建设年限\n总投资\n（万\n元）\n责任单位\n\
             1\n云溪区\n云溪新城综合管廊\n建设综合管廊18 公里\n新建\n2021-2024\n96000\n云溪区人民政府\n\
             2\n云溪老旧小区改造工\n程\n改造老旧小区56 个，惠及居\n民2.1 万户\n续建\n2020-\n2023\n38000\n\
             云溪区住房城乡建\n设局\n\
             3\n青川县\n青川县城供水工程\n新建水厂1 座\n新建\n2022-\n2024\n54000\n青川县水利局\n\
             第三章 推动产业转型升级\n",
        );
        assert_eq!(rows.len(), 4, "{rows:?}");
        assert_eq!(rows[0][..3], ["序号", "地区", "项目名称"]);
        assert_eq!(rows[1][..3], ["1", "云溪区", "云溪新城综合管廊"]);
        assert_eq!(rows[2][2], "云溪老旧小区改造工程");
        assert_eq!(rows[3][..3], ["3", "青川县", "青川县城供水工程"]);
        let rows = first_table_rows(
            "序\n号\n项目名称\n建设地\n点\n建设规模及内容\n建设起止\n年限\n总投资\n（万\n元）\n\
             1\nG318 线青石段改\n建工程\n青石镇\n改建二级公路26 公\n里\n2021—\n2023\n46800\n\
             2\n高标准农田建设\n各乡镇\n建设高标准农田8 万亩\n2021—\n2025\n16000\n\
             3\n县人民医院综合\n楼\n城关镇\n新建综合楼4.2 万平方\n米\n2021—\n2023\n28000\n\
             三、保障措施\n",
        );
        assert_eq!(rows.len(), 4, "{rows:?}");
        let names: Vec<&str> = rows[1..].iter().map(|r| r[1].as_str()).collect();
        assert_eq!(
            names,
            ["G318线青石段改建工程", "高标准农田建设", "县人民医院综合楼"]
        );
    }

    #[test]
    fn labels_alone_over_numbered_names_a_cell_to_a_line() {
        // PyMuPDF's text of a 类别 column before names that carry their
        // numbers: the column names a line each, a year alone over 年 and a
        // growth column's name wrapped (年均增 over 长); each label alone
        // over its group's first row, wider than the word 类别; a row cut
        // by a page break, its name's tail after its attribute.
        let rows = first_table_rows(
            "专栏1 主要指标\n类别\n指标\n2020\n年\n2025\n年\n年均增\n长\n属性\n\
             经济发展\n1.地区生产\n总值增长\n（%）\n3.9\n—\n6左右\n预期性\n\
             2.数字经济\n4.5\n8\n—\n预期性\n核心产业增\n加值比重\n（%）\n\
             民生福祉\n3.居民人均\n可支配收入\n3.6\n—\n5\n预期性\n\
             4.城镇调查\n失业率\n5.4\n—\n＜5.5\n约束性\n\
             注：〔〕内为五年累计数。\n",
        );
        assert_eq!(
            rows[0],
            ["类别", "指标", "2020年", "2025年", "年均增长", "属性"]
        );
        assert_eq!(rows.len(), 5, "{rows:?}");
        assert_eq!(
            rows[1],
            [
                "经济发展",
                "1.地区生产总值增长（%）",
                "3.9",
                "—",
                "6左右",
                "预期性"
            ]
        );
        assert_eq!(
            rows[2],
            [
                "经济发展",
                "2.数字经济核心产业增加值比重（%）",
                "4.5",
                "8",
                "—",
                "预期性"
            ]
        );
        assert_eq!(
            rows[3],
            [
                "民生福祉",
                "3.居民人均可支配收入",
                "3.6",
                "—",
                "5",
                "预期性"
            ]
        );
        assert_eq!(rows[4][0], "民生福祉");
    }

    #[test]
    fn a_project_name_as_wide_as_its_column_over_its_content() {
        // PyMuPDF's text of a project table: row 1's group right under the
        // header (一 over 市政基础 over 设施), and a name that fills its
        // column (as wide as 云溪老旧小区改造工) with its content on the next
        // line: the content is no piece of the name.
        let rows = first_table_rows(
            "附表 重点项目表\n序号\n项目名称\n建设内容及规模\n建设性质\n建设年限\n总投资\n责任单位\n\
             一\n市政基础\n设施\n134000\n\
             1\n云溪老旧小区改造工\n程\n改造老旧小区56 个，惠及居\n民2.1 万户\n续建\n2020-\n2023\n38000\n住建局\n\
             2\n青川县人民医院迁建\n新建床位800 张\n新建\n2021-2025\n96000\n卫生健康局\n\
             3\n石门县职业中学扩建\n新建教学楼、实训楼4.5 万平\n方米\n新建\n2021-2022\n23000\n教育局\n\
             二、保障措施\n",
        );
        assert_eq!(rows[1][..2], ["一", "市政基础设施"], "{rows:?}");
        let row = |seq: &str| rows.iter().find(|r| r[0] == seq).expect(seq).clone();
        assert_eq!(row("1")[1], "云溪老旧小区改造工程");
        assert_eq!(row("2")[1], "青川县人民医院迁建");
        assert!(row("2").iter().any(|c| c == "新建床位800张"), "{rows:?}");
        assert_eq!(row("3")[1], "石门县职业中学扩建");
    }

    #[test]
    fn a_header_repeated_with_its_words_broken_otherwise_goes() {
        // PDFium's text of a table over a page break, its cells centred:
        // the header repeated overleaf broken over other lines, the cut
        // row's 性 on its last line.
        let text = "表1 主要指标\n类别 序\n号\n指标 单位 2020\n年\n属性\n\
                    经济\n发展 1 地区生产总值 % 3.6 预期性\n\
                    2 城镇化率 % 62.1 预期\n\
                    类别\n序号\n指标 单位 2020 年\n属性性\n\
                    3 服务业比重 % 52.3 预期性\n";
        let c = clean(&text_document(text.as_bytes()).unwrap());
        let texts: Vec<&str> = c.lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts[8..],
            ["2 城镇化率 % 62.1 预期", "性", "3 服务业比重 % 52.3 预期性"]
        );
        // The same lines after a caption open a second table: they stay.
        let second = text.replace("预期\n类别\n序号", "预期性\n表2 其他指标\n类别\n序号");
        let c = clean(&text_document(second.as_bytes()).unwrap());
        assert!(c.lines.iter().any(|l| l.text == "序号"));
        // So do they where the header goes on past them (a larger one).
        let larger = text.replace("属性性\n", "属性\n2025 年\n");
        let c = clean(&text_document(larger.as_bytes()).unwrap());
        assert!(c.lines.iter().any(|l| l.text == "序号"));
    }

    #[test]
    fn a_closing_bracket_alone_goes_back_on_its_line() {
        // PDFium's text of a five-year total wrapped in its narrow cell
        // (〔2.7 over 〕): one value, not a value and a cell of its own.
        let c = clean(
            &text_document("% 52.3 55\n〔2.7\n〕\n预期性\n说明（一\n）\n".as_bytes()).unwrap(),
        );
        let texts: Vec<&str> = c.lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["% 52.3 55", "〔2.7〕", "预期性", "说明（一）"]);
        assert_eq!(c.lines[1].span.line_end, 3);
        // A character to a line: 〔 over 4 over 〕.
        let c = clean(&text_document("% 91 95\n〔\n4\n〕\n预期性\n".as_bytes()).unwrap());
        let texts: Vec<&str> = c.lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["% 91 95", "〔4〕", "预期性"]);
        assert_eq!(c.lines[1].span.line_end, 4);
        // A bracket that closes nothing open above stays.
        let c = clean(&text_document("〔2.7〕\n〕\n".as_bytes()).unwrap());
        assert_eq!(c.lines.len(), 2);
    }

    #[test]
    fn a_caption_over_names_a_line_each_is_no_column() {
        let rows = first_table_rows(
            "主要指标\n序号\n指标\n单位\n2025年\n属性\n\
             1\n地区生产总值增长\n%\n6\n预期性\n\
             2\n城镇调查失业率\n%\n<5.5\n预期性\n\
             3\n森林覆盖率\n%\n46\n约束性\n第三章 推动发展\n",
        );
        assert_eq!(rows[0], ["序号", "指标", "单位", "2025年", "属性"]);
        assert_eq!(rows[3], ["3", "森林覆盖率", "%", "46", "约束性"]);
    }

    #[test]
    fn rows_whose_names_end_beside_their_values() {
        // PDFium's text (pypdfium2): a cell's lines in order, the name's
        // last beside the row's values, no 序号; a full piece right over a
        // row's line is its name's, not the row above's.
        let rows = first_table_rows(
            "指标 2025 年 属性\n保护利用\n文物保护单位增加数量 ≥50 约束性\n\
             编制规划数量（全国重点文物\n保护单位、省级文物保护单位\n、专题专项）\n≥20 约束性\n\
             运行开放国家考古遗址公园和\n省级文化遗址公园数量 ≥20 约束性\n\
             新增《中国世界文化遗产预备\n名单》项目数量 1 预期性\n\
             国家文物保护利用示范区 1 预期性\n三、构筑文物安全防护体系\n",
        );
        assert_eq!(rows.len(), 6, "{rows:?}");
        assert_eq!(
            rows[3],
            [
                "运行开放国家考古遗址公园和省级文化遗址公园数量",
                "≥20",
                "约束性"
            ]
        );
        assert_eq!(
            rows[4],
            ["新增《中国世界文化遗产预备名单》项目数量", "1", "预期性"]
        );
        assert_eq!(rows[5], ["国家文物保护利用示范区", "1", "预期性"]);
    }

    #[test]
    fn a_columns_width_is_the_one_its_full_pieces_share() {
        assert_eq!(column_width(&[26, 26, 18, 26, 32, 30, 4, 2]), 26);
        // (Too few to tell: the widest.)
        assert_eq!(column_width(&[26, 20, 32, 4]), 32);
        assert_eq!(column_width(&[]), 0);
        assert_eq!(unit_then_value("平方米21.25"), Some(("平方米", "21.25")));
        assert_eq!(unit_then_value("21.25"), None);
        assert_eq!(unit_then_value("国道G312"), None);
    }

    #[test]
    fn rows_side_by_side_with_a_taller_value_cell() {
        // pdfplumber of centred cells: row 2's value in words is three lines
        // (高于地区 over its line's 生产总值 over 增长), its attribute two:
        // the value's first piece stands over the attribute's head, its
        // last under the attribute's tail, as short as a label's piece.
        let rows = first_table_rows(
            "序 2020 2025 年均增长\n类别 指标 单位 属性\n号 年 年 〔累计〕\n\
             经济 预期\n1 地区生产总值增长 % 3.6 — 6左右\n发展 性\n\
             高于地区\n预期\n2 全员劳动生产率增长 % 4.1 — 生产总值\n性\n增长\n\
             3 常住人口城镇化率 % 62.1 67 〔4.9〕 预期\n性\n\
             第四章 主要任务\n",
        );
        assert_eq!(rows.len(), 4, "{rows:?}");
        assert_eq!(rows[1][6], "6左右", "{rows:?}");
        assert_eq!(rows[2], GROWTH_ROW);
        assert_eq!(rows[3][0], "经济发展", "{rows:?}");
        // Set at the top: the value's second piece beside the attribute's
        // tail (生产总值 性), its third alone right over row 3's line; the
        // growth column's 〔累计〕 on the header's second line.
        let rows = first_table_rows(
            "类别 序 指标 单位 2020 2025 年均增长 属性\n号 年 年 〔累计〕\n\
             经济 1 地区生产总值增长 % 3.6 — 6左右 预期\n发展 性\n\
             2 全员劳动生产率增长 % 4.1 — 高于地区 预期\n生产总值 性\n增长\n\
             3 常住人口城镇化率 % 62.1 67 〔4.9〕 预期\n性\n\
             4 服务业增加值占地区生产总 % 52.3 55 〔2.7〕 预期\n值比重 性\n\
             第四章 主要任务\n",
        );
        assert_eq!(rows.len(), 5, "{rows:?}");
        assert_eq!(rows[0][6], "年均增长〔累计〕", "{rows:?}");
        assert_eq!(rows[2][6], "高于地区生产总值增长", "{rows:?}");
        assert_eq!(rows[3][0], "经济发展", "{rows:?}");
    }

    #[test]
    fn a_table_without_an_attribute_column_side_by_side_and_cell_after_cell() {
        // No 属性 column: no attribute column is made up, and the last
        // value column (年均增长, its name split 年均增 over 长 around the
        // header words' line) keeps its values. Centred: a rate's unit
        // wrapped above and below the row's line (吨/万 over 元).
        let side = first_table_rows(
            "序 2020 2025 年均增\n\
             指标名称 单位\n\
             号 年 年 长\n\
             单位工业增加值用水量下降幅 吨/万\n\
             1 12.5 10 〔20〕\n\
             度 元\n\
             2 城镇污水集中收集率 % 60 70 〔10〕\n\
             规模以上工业企业重复用水\n\
             3 % 88 91 0.7\n\
             率\n\
             第四章 主要任务\n",
        );
        // pdftotext -raw: the row's line holds its number and the name's
        // first piece, the values a line of their own; the last row ends
        // with its last value.
        let flow = first_table_rows(
            "序\n号\n指标名称 单位 2020\n年\n2025\n年\n年均增\n长\n\
             1 单位工业增加值用水量下降幅\n度\n吨/万\n元\n12.5 10 〔20〕\n\
             2 城镇污水集中收集率 % 60 70 〔10〕\n\
             3 规模以上工业企业重复用水\n率\n% 88 91 0.7\n\
             第四章 主要任务\n",
        );
        for rows in [side, flow] {
            assert_eq!(rows.len(), 4, "{rows:?}");
            assert_eq!(
                rows[0],
                ["序号", "指标名称", "单位", "2020年", "2025年", "年均增长"]
            );
            assert_eq!(
                rows[1],
                [
                    "1",
                    "单位工业增加值用水量下降幅度",
                    "吨/万元",
                    "12.5",
                    "10",
                    "〔20〕"
                ]
            );
            assert_eq!(
                rows[3],
                ["3", "规模以上工业企业重复用水率", "%", "88", "91", "0.7"]
            );
        }
    }

    #[test]
    fn a_narrow_category_columns_labels_beside_names_that_carry_their_numbers() {
        // No 序号: the names carry their numbers. The label wraps in its
        // narrow column (生态 over 环境) beside them, and the last row's
        // line ends with its attribute's head (约束 over 性).
        let top = first_table_rows(
            "类别 指标 2020 2025 年均/累计 属性\n\
             年 年\n\
             生态 1.森林覆盖率（%） 45.2 46 — 约束\n\
             环境 性\n\
             2.地表水达到或好于Ⅲ类水体比例（%） 80 85 — 约束\n\
             性\n\
             民生 3.城镇调查失业率（%） 4.8 — ＜5.5 预期\n\
             福祉 性\n\
             注：〔〕内为五年累计数。\n",
        );
        // Centred: a label's pieces at its group's middle (生态 beside
        // row 1's attribute's tail, 环境 before row 2's name; 民生 over a
        // one-line name, 福祉 under it), a two-line name's numbered line over
        // the row's values, the attribute's head above and tail below; the
        // value columns' names split around the words' line (2020 over 年)
        // keep 年均/累计 on it.
        let centred = first_table_rows(
            "2020 2025\n\
             类别 指标 年均/累计 属性\n\
             年 年\n\
             约束\n\
             1.森林覆盖率（%） 45.2 46 —\n\
             生态 性\n\
             环境 2.地表水达到或好于Ⅲ类水体比例 约束\n\
             80 85 —\n\
             （%） 性\n\
             民生 预期\n\
             3.城镇调查失业率（%） 4.8 — ＜5.5\n\
             福祉 性\n\
             注：〔〕内为五年累计数。\n",
        );
        for rows in [top, centred] {
            assert_eq!(rows.len(), 4, "{rows:?}");
            assert_eq!(
                rows[0],
                ["类别", "指标", "2020年", "2025年", "年均/累计", "属性"]
            );
            assert_eq!(
                rows[1],
                ["生态环境", "1.森林覆盖率（%）", "45.2", "46", "—", "约束性"]
            );
            assert_eq!(
                rows[2][..2],
                ["生态环境", "2.地表水达到或好于Ⅲ类水体比例（%）"]
            );
            assert_eq!(
                rows[3],
                [
                    "民生福祉",
                    "3.城镇调查失业率（%）",
                    "4.8",
                    "—",
                    "＜5.5",
                    "预期性"
                ]
            );
        }
        // -raw: the header's words a piece to a line, the label's lines
        // before its row's.
        let flow = first_table_rows(
            "类别 指标 2020\n年\n2025\n年\n年均/累计 属性\n\
             生态\n环境\n\
             1.森林覆盖率（%） 45.2 46 — 约束\n性\n\
             2.地表水达到或好于Ⅲ类水体比例（%） 80 85 — 约束\n性\n\
             民生\n福祉\n\
             3.城镇调查失业率（%） 4.8 — ＜5.5 预期\n性\n\
             注：〔〕内为五年累计数。\n",
        );
        assert_eq!(flow.len(), 4, "{flow:?}");
        assert_eq!(flow[3][..2], ["民生福祉", "3.城镇调查失业率（%）"]);
        assert_eq!(flow[3][4], "＜5.5");
    }

    #[test]
    fn a_word_after_a_number_is_the_numbers() {
        // pdftotext -layout sets a space between 6 and 左右.
        let rows = first_table_rows(
            "序号 指标 单位 2020年 2025年 属性\n\
             1 地区生产总值 % 6.1 6 左右 预期\n增长 性\n\
             2 常住人口城镇 % 52 58 以上 预期\n化率 性\n\
             3 粮食综合生产 万吨 60 60 以上 约束\n能力 性\n\
             第四章 主要任务\n",
        );
        assert_eq!(rows.len(), 4, "{rows:?}");
        assert_eq!(
            rows[1],
            ["1", "地区生产总值增长", "%", "6.1", "6左右", "预期性"]
        );
        assert_eq!(rows[3][4], "60以上");
    }

    #[test]
    fn a_header_repeated_amid_rows_goes_but_a_second_tables_stays() {
        let lines = |s: &str| -> Vec<String> {
            let c = clean(&text_document(s.as_bytes()).unwrap());
            c.lines.into_iter().map(|l| l.text).collect()
        };
        let head = "序号 指标 单位 2025年 属性\n";
        // pdfplumber: the header again under a row, the rows go on.
        let t = lines(&format!(
            "表1 主要指标\n{head}1 森林覆盖率 % 42 约束性\n{head}2 粮食产量 万吨 3550 约束性\n正文。\n"
        ));
        assert_eq!(
            t.iter().filter(|l| l.starts_with("序号")).count(),
            1,
            "{t:?}"
        );
        // A second table under its caption keeps its header.
        let t = lines(&format!(
            "表1 主要指标\n{head}1 森林覆盖率 % 42 约束性\n表2 其他指标\n{head}1 粮食产量 万吨 3550 约束性\n"
        ));
        assert_eq!(
            t.iter().filter(|l| l.starts_with("序号")).count(),
            2,
            "{t:?}"
        );
    }

    #[test]
    fn a_long_table_cell_after_cell_over_a_repeated_header() {
        // -raw of a table over a page break: wrapped labels (创新 over 驱
        // 动) before their group's rows, the header again after row 3 with
        // the 性 of its 预期 under it, a value in words and a unit that go
        // on under their row's line (高于经济 over 增长, 万吨 over 标准煤), a
        // unit before its row's values, a growth column's name over 〔累计〕.
        let header = "类别 序\n号\n指标 单位 2020\n年\n2025\n年\n年均增长\n〔累计〕\n属性\n";
        let rows = first_table_rows(&format!(
            "{header}经济\n发展\n1 地区生产总值增长 % 3.6 — 6 左右 预期\n性\n\
             2 全员劳动生产率增长 % 4.1 — 高于经济\n增长\n预期\n性\n\
             3 常住人口城镇化率 % 62.1 67 〔4.9〕 预期\n{header}性\n\
             创新\n驱动\n4 每万人口高价值发明专利拥\n有量\n件 5.2 9 〔3.8〕 预期\n性\n\
             5 能源综合生产能力 万吨\n标准\n煤\n4200 4600 — 约束\n性\n\
             注：〔〕内为五年累计数。\n"
        ));
        assert_eq!(
            rows[0],
            [
                "类别",
                "序号",
                "指标",
                "单位",
                "2020年",
                "2025年",
                "年均增长〔累计〕",
                "属性"
            ]
        );
        assert_eq!(rows.len(), 6, "{rows:?}");
        assert_eq!(rows[2][0], "经济发展");
        assert_eq!(rows[2][6], "高于经济增长");
        assert_eq!(rows[3][7], "预期性");
        assert_eq!(
            rows[4],
            [
                "创新驱动",
                "4",
                "每万人口高价值发明专利拥有量",
                "件",
                "5.2",
                "9",
                "〔3.8〕",
                "预期性"
            ]
        );
        assert_eq!(rows[5][0], "创新驱动");
        assert_eq!(rows[5][3], "万吨标准煤");
    }

    #[test]
    fn a_category_column_before_the_numbers_side_by_side_and_cell_after_cell() {
        // 类别 merged down each group before 序号: its label opens the
        // group's first row. pdfplumber sets the cells side by side, -raw
        // one after another; a value in words after a dash is no unit.
        let side = first_table_rows(
            "类别 序号 指标 单位 2020年 2025年 属性\n\
             创新驱动 1 科技企业孵 个 12 20 预期性\n化器数量\n\
             2 技术合同成 亿元 3.5 8 预期性\n交额\n\
             绿色低碳 3 非化石能源 % 18 — 约束性\n消费比重\n\
             4 单位能耗降 % — 完成下 约束性\n低 达任务\n\
             第四章 主要任务\n",
        );
        assert_eq!(side.len(), 5);
        assert_eq!(side[0][..3], ["类别", "序号", "指标"]);
        assert_eq!(
            side[1],
            [
                "创新驱动",
                "1",
                "科技企业孵化器数量",
                "个",
                "12",
                "20",
                "预期性"
            ]
        );
        assert_eq!(side[2][..3], ["创新驱动", "2", "技术合同成交额"]);
        assert_eq!(side[3][..3], ["绿色低碳", "3", "非化石能源消费比重"]);
        let flow = first_table_rows(
            "类别 序号 指标 单位 2020年 2025年 属性\n\
             创新驱动 1 科技企业孵\n化器数量\n个 12 20 预期性\n\
             2 技术合同成\n交额\n亿元 3.5 8 预期性\n\
             绿色低碳 3 非化石能源\n消费比重\n% 18 — 约束性\n\
             4 单位能耗降\n低\n% — 完成下\n达任务\n约束性\n\
             第四章 主要任务\n",
        );
        assert_eq!(flow.len(), 5);
        assert_eq!(
            flow[1],
            [
                "创新驱动",
                "1",
                "科技企业孵化器数量",
                "个",
                "12",
                "20",
                "预期性"
            ]
        );
        assert_eq!(
            flow[4],
            [
                "绿色低碳",
                "4",
                "单位能耗降低",
                "%",
                "—",
                "完成下达任务",
                "约束性"
            ]
        );
    }

    #[test]
    fn narrow_numbered_rows_set_at_the_top_keep_their_wrapped_names() {
        // pdfplumber, cells side by side and set at the top of a narrow
        // table: each name goes on under its row's line, its last piece
        // short; a name's first piece is as short as a unit word.
        let rows = first_table_rows(
            "序号 指标 单位 2020年 规划目标 属性\n现状值 2025年 2035年\n1 森林覆盖 % 31.2 33 35 约束性\n率\n2 人均公园 平方米 12.5 14 16 预期性\n绿地面积\n3 城市污水 % 92 98 99 约束性\n集中收集\n处理率\n4 城乡居民 元 28000 38000 60000 预期性\n人均可支\n配收入\n",
        );
        assert_eq!(rows.len(), 5);
        assert_eq!(
            rows[1],
            ["1", "森林覆盖率", "%", "31.2", "33", "35", "约束性"]
        );
        assert_eq!(
            rows[2],
            [
                "2",
                "人均公园绿地面积",
                "平方米",
                "12.5",
                "14",
                "16",
                "预期性"
            ]
        );
        assert_eq!(
            rows[3],
            [
                "3",
                "城市污水集中收集处理率",
                "%",
                "92",
                "98",
                "99",
                "约束性"
            ]
        );
        assert_eq!(
            rows[4],
            [
                "4",
                "城乡居民人均可支配收入",
                "元",
                "28000",
                "38000",
                "60000",
                "预期性"
            ]
        );
    }

    #[test]
    fn a_sentence_goes_on_after_a_closing_quotation() {
        // pdftotext -raw of a Chrome PDF breaks the line after ”; under a
        // whole sentence, 、 still opens a heading whose numeral OCR lost.
        let p = paras("将增强“四个意识”\n、坚定“四个自信”\n、做到“两个维护”放在各项工作的首位。\n");
        assert_eq!(
            p,
            ["将增强“四个意识”、坚定“四个自信”、做到“两个维护”放在各项工作的首位。"]
        );
    }

    #[test]
    fn raw_rows_after_a_header_split_over_lines() {
        // pdftotext -raw of a Chrome PDF: 序 over 号, 单 over 位, each row's
        // cells after its number, a unit wrapped in a narrow column.
        let rows = first_table_rows("“十四五”时期主要发展指标\n序\n号 主要指标 单\n位\n2020年\n实际值 2025年目标值 指标\n属性\n1 城乡低保标准年度增速 % — 不低于居民上年度\n人均消费支出增速\n预期\n性\n2 每百户居民拥有的城乡社区综合\n服务设施面积\n平方\n米 — ≥30 预期\n性\n3 社会工作专业人才数 人 131 500 预期\n性\n正文在表格之后继续，这是一个很长的段落，不是表格的一行。\n");
        assert_eq!(
            rows[0],
            ["序号", "主要指标", "单位", "2020年", "2025年目标值", "属性"]
        );
        assert_eq!(
            rows[1..],
            [
                vec![
                    "1",
                    "城乡低保标准年度增速",
                    "%",
                    "—",
                    "不低于居民上年度人均消费支出增速",
                    "预期性"
                ],
                vec![
                    "2",
                    "每百户居民拥有的城乡社区综合服务设施面积",
                    "平方米",
                    "—",
                    "≥30",
                    "预期性"
                ],
                vec!["3", "社会工作专业人才数", "人", "131", "500", "预期性"],
            ]
        );
    }

    #[test]
    fn raw_rows_under_column_names_that_say_whose_value_each_is() {
        // pdftotext -raw of a table setting a city's targets beside the
        // province's: each column's name a few characters to a line, column
        // after column; values in words wrapped in their narrow columns, a
        // magnitude under its number, a unit and an attribute a character to
        // a line, a name's last piece under the row's values.
        let rows = first_table_rows("表1 主要指标\n序号 指标 单位\n全市\n2020\n年基\n期值\n全市\n2025\n年目\n标值\n全省\n2025\n年目\n标值\n属性\n1\n城镇新增就\n业人数\n万人 4.5 5 60\n预期\n性\n2\n农村自来水\n普及率\n% 90 不低于\n全省平\n均水平\n≥90\n约\n束\n性\n3\n人均公园绿\n地面积\n平\n方\n米 12 14 15\n预\n期\n值\n4 常住人口城\n镇化率\n% 60 65 1200\n万人\n预期\n性\n正文在表格之后继续，这是一个很长的段落，不是表格的一行。\n");
        assert_eq!(
            rows[0],
            [
                "序号",
                "指标",
                "单位",
                "全市2020年基期值",
                "全市2025年目标值",
                "全省2025年目标值",
                "属性"
            ]
        );
        assert_eq!(
            rows[1..],
            [
                vec!["1", "城镇新增就业人数", "万人", "4.5", "5", "60", "预期性"],
                vec![
                    "2",
                    "农村自来水普及率",
                    "%",
                    "90",
                    "不低于全省平均水平",
                    "≥90",
                    "约束性"
                ],
                vec![
                    "3",
                    "人均公园绿地面积",
                    "平方米",
                    "12",
                    "14",
                    "15",
                    "预期值"
                ],
                vec![
                    "4",
                    "常住人口城镇化率",
                    "%",
                    "60",
                    "65",
                    "1200万人",
                    "预期性"
                ],
            ]
        );
    }

    fn first_table_rows(s: &str) -> Vec<Vec<String>> {
        let c = clean(&text_document(s.as_bytes()).unwrap());
        let t = c.blocks.iter().find_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        });
        t.expect("a table")
            .rows
            .iter()
            .map(|r| r.cells.clone())
            .collect()
    }

    #[test]
    fn spaced_rows_wrapped_above_and_below() {
        // pdfplumber: cells centred in their rows, wrapped over lines.
        let rows = first_table_rows("“十四五”时期主要发展指标\n2020 指标\n序号 主要指标 单位 2025 年\n年 属性\n1 城乡低保标准年度增 % —— 不低于上年度居 预期\n速 民人均消费支出 性\n增速\n农村低保标准占城市 预期\n2 % 80 ≥85\n低保标准比例 性\n预期\n3 福利彩票销售网店数 个 46 ≥90\n性\n正文在表格之后继续，这是一个很长的段落，不是表格的一行。\n");
        assert_eq!(
            rows,
            [
                vec!["序号", "主要指标", "单位", "2020年", "2025年", "属性"],
                vec![
                    "1",
                    "城乡低保标准年度增速",
                    "%",
                    "——",
                    "不低于上年度居民人均消费支出增速",
                    "预期性"
                ],
                vec![
                    "2",
                    "农村低保标准占城市低保标准比例",
                    "%",
                    "80",
                    "≥85",
                    "预期性"
                ],
                vec!["3", "福利彩票销售网店数", "个", "46", "≥90", "预期性"],
            ]
        );
    }

    #[test]
    fn spaced_rows_with_stacked_column_names_and_wrapped_values() {
        // pdfplumber: each value column's name over four lines (我县 /
        // 2020 / 年实 / 际值), a words value wrapped in every column, a
        // unit set under its number (30 over 万 人). Rows 1, 2 and 5 of a
        // real table, numbered 1-3 here.
        let rows = first_table_rows("“十四五”时期民政事业主要发展指标\n我县 我县 市上 省上 国家\n2020 2025 2025 2025 2025\n序号 指标 单位 属性\n年实 年目标 年目标 年目标 年目标\n际值 值 值 值 值\n不低于 不低于 不低于 不低于\n居民上 居民上 居民上 居民上\n城乡低保标 年度人 年度人 年度人 年度人 预期\n1 % 10\n准年度增速 均消费 均消费 均消费 均消费 值\n支出增 支出增 支出增 支出增\n速 速 速 速\n困难残疾人\n约束\n2 生活补贴覆 % 100 100 100 100 100\n性\n盖率\n社会组织专\n30 万 1250 预期\n3 职工作人员 人 465 700 4000\n人 万人 值\n数量\n社会工作专 200 万 预期\n4 人 103 150 700 24000\n业人才总量 人 值\n正文在表格之后继续，这是一个很长的段落，不是表格的一行。\n");
        assert_eq!(
            rows[0],
            [
                "序号",
                "指标",
                "单位",
                "我县2020年实际值",
                "我县2025年目标值",
                "市上2025年目标值",
                "省上2025年目标值",
                "国家2025年目标值",
                "属性"
            ]
        );
        let w = "不低于居民上年度人均消费支出增速";
        assert_eq!(
            rows[1],
            ["1", "城乡低保标准年度增速", "%", "10", w, w, w, w, "预期值"]
        );
        assert_eq!(
            rows[2],
            [
                "2",
                "困难残疾人生活补贴覆盖率",
                "%",
                "100",
                "100",
                "100",
                "100",
                "100",
                "约束性"
            ]
        );
        assert_eq!(
            rows[3],
            [
                "3",
                "社会组织专职工作人员数量",
                "人",
                "465",
                "700",
                "4000",
                "30万人",
                "1250万人",
                "预期值"
            ]
        );
        assert_eq!(
            rows[4],
            [
                "4",
                "社会工作专业人才总量",
                "人",
                "103",
                "150",
                "700",
                "24000",
                "200万人",
                "预期值"
            ]
        );
        assert_eq!(rows.len(), 5);
    }

    #[test]
    fn cells_set_in_columns_at_least_cost() {
        // Two cells in columns 8, 4, 8 wide: the best fit is the outer two.
        assert_eq!(align_cost(&[8, 8], &[8, 4, 8], false), 0);
        assert_eq!(align_cost(&[8, 4], &[8, 4, 8], false), 0);
        // A short last piece under its row's line costs nothing.
        assert_eq!(align_cost(&[3], &[8], true), 0);
        assert_eq!(align_cost(&[3], &[8], false), 5);
        // More cells than columns do not fit.
        assert!(align_cost(&[1, 1, 1], &[1, 1], false) > 1000);
    }

    #[test]
    fn spaced_cells_one_after_another() {
        // pdftotext -raw: a cell's lines together, the number alone.
        let rows = first_table_rows("“十四五”时期主要发展指标\n序号 主要指标 单位\n2020\n年\n2025 年\n指标\n属性\n1 城乡低保标准年度增\n速\n% —— 不低于上年度居\n民人均消费支出\n预期\n性\n增速\n2\n农村低保标准占城市\n低保标准比例\n% 80 ≥85\n预期\n性\n3 福利彩票销售网店数 个 46 ≥90\n预期\n性\n正文在表格之后继续，这是一个很长的段落，不是表格的一行。\n");
        assert_eq!(
            rows[1],
            [
                "1",
                "城乡低保标准年度增速",
                "%",
                "——",
                "不低于上年度居民人均消费支出增速",
                "预期性"
            ]
        );
        assert_eq!(
            rows[2],
            [
                "2",
                "农村低保标准占城市低保标准比例",
                "%",
                "80",
                "≥85",
                "预期性"
            ]
        );
        assert_eq!(
            rows[3],
            ["3", "福利彩票销售网店数", "个", "46", "≥90", "预期性"]
        );
        assert_eq!(rows.len(), 4);
    }

    #[test]
    fn running_headers_and_footers_of_printed_pages_are_dropped() {
        // A web page printed to PDF, then pdftotext: the date and title at
        // each page's head, the address and "N/4" at its foot.
        let body = [
            "一、总体要求。",
            "二、主要任务。",
            "三、保障措施。",
            "四、组织实施。",
        ];
        let mut text = String::new();
        for p in 1..=4 {
            if p > 1 {
                text.push('\u{c}');
            }
            text.push_str(&format!(
                "12/{p}/26, 8:3{p} AM\n\n某县规划_政务公开\n\n{}\n\nfile:///x/page.html\n\n{p}/4\n",
                body[p - 1]
            ));
        }
        let got = paras(&text);
        assert_eq!(got, body);
    }

    #[test]
    fn spaced_rows_ending_with_their_attribute() {
        // No 序号: a row ends with 预期性/约束性; a group label before a
        // name is no part of it.
        let rows = first_table_rows("主要指标\n指标 2025 年 属性\n保护利用\n省级文物保护单位增加数量 ≥50 约束性\n编制规划数量（全国重点文物\n保护单位、专题专项）\n≥20 约束性\n国家文物保护利用示范区 1 预期性\n正文在表格之后继续，这是一个很长的段落，不是表格的一行。\n");
        assert_eq!(
            rows,
            [
                vec!["指标", "2025年", "属性"],
                vec!["省级文物保护单位增加数量", "≥50", "约束性"],
                vec![
                    "编制规划数量（全国重点文物保护单位、专题专项）",
                    "≥20",
                    "约束性"
                ],
                vec!["国家文物保护利用示范区", "1", "预期性"],
            ]
        );
    }

    #[test]
    fn spaced_rows_centred_without_numbers() {
        // pdfplumber, no 序号: the line with the attribute is a row's
        // middle; a group label printed once and a page number are dropped.
        let rows = first_table_rows("主要指标\n指标 2025 年 属性\n省级文物保护单位增加数量 ≥50 约束性\n编制规划数量（全国重点文物\n保护单位、省级文物保护单位 ≥20 约束性\n位、专题专项）\n保护利用\n新增《中国世界文化遗产预备\n1 预期性\n名单》项目数量\n4\n国家文物保护利用示范区 1 预期性\n正文在表格之后继续，这是一个很长的段落，不是表格的一行。\n");
        assert_eq!(
            rows,
            [
                vec!["指标", "2025年", "属性"],
                vec!["省级文物保护单位增加数量", "≥50", "约束性"],
                vec![
                    "编制规划数量（全国重点文物保护单位、省级文物保护单位位、专题专项）",
                    "≥20",
                    "约束性"
                ],
                vec!["新增《中国世界文化遗产预备名单》项目数量", "1", "预期性"],
                vec!["国家文物保护利用示范区", "1", "预期性"],
            ]
        );
    }

    #[test]
    fn page_break_rejoined() {
        let p = paras("2. 兜底保障政策全面落实。充分发挥民政在脱贫攻坚中的兜\n\n底保障作用，推动农村低保。\n\n（一）发展基础\n\n“十三五”期间，全县民政工作坚持。\n");
        assert_eq!(
            p[0],
            "2. 兜底保障政策全面落实。充分发挥民政在脱贫攻坚中的兜底保障作用，推动农村低保。"
        );
        assert_eq!(p[1], "（一）发展基础");
        assert_eq!(p.len(), 3);
    }

    #[test]
    fn page_number_between_halves() {
        let p = paras("以统筹救助资源、增强兜底功能、提升服务能力为重点，加快构\n\n— 7 —\n\n建政府主导的综合救助格局。\n");
        assert_eq!(p, vec!["以统筹救助资源、增强兜底功能、提升服务能力为重点，加快构建政府主导的综合救助格局。"]);
    }

    #[test]
    fn grids_become_tables_cell_by_cell() {
        use crate::read::{Grid, GridKind, Slot};
        let cell = |t: &str| Slot::text(t.to_string());
        let rows = vec![
            vec![cell("**主要指标**"), Slot::Left, Slot::Left],
            vec![cell("序号"), cell("指标"), cell("单位")],
            // A tab inside a cell does not make another cell.
            vec![cell("1"), cell("低保\t标准"), cell("")],
        ];
        let mut doc = text_document("前言。\n".as_bytes()).unwrap();
        let (grid, _) = Grid::build(GridKind::Word, rows, doc.lines.len());
        for (k, t) in grid.row_lines().into_iter().enumerate() {
            doc.lines.push(crate::read::SrcLine {
                text: t,
                span: Span::line(k + 2),
                style: None,
            });
        }
        doc.tables.push(grid);
        doc.lines.push(crate::read::SrcLine {
            text: "正文。".into(),
            span: Span::line(5),
            style: None,
        });
        let c = clean(&doc);
        let kinds: Vec<String> = c
            .blocks
            .iter()
            .map(|b| match b {
                Block::Para(p) => p.text.clone(),
                Block::Table(t) => format!("{:?}", t.layout),
            })
            .collect();
        // The title row spanning the table is its caption, a paragraph.
        assert_eq!(kinds, ["前言。", "主要指标", "Grid", "正文。"]);
        let Some(Block::Table(t)) = c.blocks.get(2) else {
            unreachable!()
        };
        let rows: Vec<Vec<String>> = t.rows.iter().map(|r| r.cells.clone()).collect();
        assert_eq!(
            rows,
            [vec!["序号", "指标", "单位"], vec!["1", "低保\t标准", ""]]
        );
        assert_eq!(t.span.line_start, 3);
    }

    #[test]
    fn page_numbers_counting_through_the_text_go_and_a_tables_do_not() {
        // pdfplumber: pages joined by a newline, each ending in its number.
        let page = |n: usize| {
            let mut s: String = (0..20)
                .map(|k| format!("第{n}页的第{k}行文字，说明规划的内容和要求，\n"))
                .collect();
            s.push_str(&format!("{n}\n"));
            s
        };
        let text: String = (1..=6).map(page).collect();
        let kept = paras(&text).concat();
        assert!(!kept.contains("，1第") && !kept.contains("，3第"), "{kept}");
        // A one-cell-per-line table's 序号 column counts up a row apart.
        let mut t = String::from("序号\n指标\n单位\n目标\n");
        for n in 1..=8 {
            t.push_str(&format!("{n}\n低保标准\n元\n{}\n", 100 + n));
        }
        let doc = text_document(t.as_bytes()).unwrap();
        assert!(page_number_run(&doc).is_empty());
        // pdftotext -raw: the number first on its page, after the feed.
        let raw = "甲说明文字，\n乙说明文字。\n\u{c}2\n丙说明文字，\n丁说明文字。\n\u{c}3\n戊说明文字。\n\u{c}4\n己。\n\u{c}5\n庚。\n";
        assert_eq!(
            paras(raw).concat(),
            "甲说明文字，乙说明文字。丙说明文字，丁说明文字。戊说明文字。己。庚。"
        );
    }

    /// Name and attribute of each row of the first table of `s`.
    fn names(s: &str) -> Vec<String> {
        first_table(s)
            .into_iter()
            .skip(1)
            .map(|r| r.first().cloned().unwrap_or_default())
            .collect()
    }

    #[test]
    fn spaced_rows_whose_names_carry_their_numbers() {
        // pdfplumber of a table with no 序号: each name opens with its
        // number (so reads like a heading), a 类别 column whose label stands
        // before a name or beside the values, a value column named without
        // a year, a value in words wrapped above and below the row's line.
        let t = "表1 主要指标\n类别 指标 2020年 2025年 年均/累计 属性\n\
                 1.地区生产总值增长 保持在合理区间、\n2.3 — 预期性\n（%） 各年度视情提出\n\
                 经济发展 2.全员劳动生产率增长\n2.5 — 高于GDP增长 预期性\n（%）\n\
                 3.常住人口城镇化率（%） 60.6 65 — 预期性\n\
                 4.每万人口高价值发明专\n创新驱动 6.3 12 — 预期性\n利拥有量（件）\n\
                 5.研发经费投入强度（%） 2.1 2.5 — 预期性\n\
                 第二章 空间布局\n";
        assert_eq!(
            first_table_rows(t),
            [
                vec!["指标", "2020年", "2025年", "年均/累计", "属性"],
                vec![
                    "1.地区生产总值增长（%）",
                    "2.3",
                    "—",
                    "保持在合理区间、各年度视情提出",
                    "预期性"
                ],
                vec![
                    "2.全员劳动生产率增长（%）",
                    "2.5",
                    "—",
                    "高于GDP增长",
                    "预期性"
                ],
                vec!["3.常住人口城镇化率（%）", "60.6", "65", "—", "预期性"],
                vec![
                    "4.每万人口高价值发明专利拥有量（件）",
                    "6.3",
                    "12",
                    "—",
                    "预期性"
                ],
                vec!["5.研发经费投入强度（%）", "2.1", "2.5", "—", "预期性"],
            ]
        );
        // One row to a line, the label before the name.
        let t = "主要指标\n类别 指标 2020年 2025年 属性\n\
                 经济发展 1.国内生产总值增长（%） 2.3 — 预期性\n\
                 2.数字经济核心产业增加值占GDP比重（%） 7.8 10 预期性\n\
                 3.常住人口城镇化率（%） 60.6 65 预期性\n\
                 （二）下一节\n";
        assert_eq!(
            names(t),
            [
                "1.国内生产总值增长（%）",
                "2.数字经济核心产业增加值占GDP比重（%）",
                "3.常住人口城镇化率（%）"
            ]
        );
    }

    #[test]
    fn group_rows_among_numbered_spaced_rows() {
        // pdfplumber, cells centred: a group's label (一、经济发展) alone on
        // its line before the row it heads is a row of its own, no heading
        // and no piece of a name.
        let t = "主要指标\n序号 指标名称 单位 2020年 2025年 指标属性\n一、经济发展\n\
                 地区生产\n1 亿元 1520 2200 预期性\n总值\n\
                 2 人口城镇化率 % 58 65 预期性\n\
                 二、绿色生态\n3 森林覆盖率 % 45 46 约束性\n\
                 第二章 创新发展\n";
        assert_eq!(
            first_table_rows(t),
            [
                vec!["序号", "指标名称", "单位", "2020年", "2025年", "指标属性"],
                vec!["一、经济发展"],
                vec!["1", "地区生产总值", "亿元", "1520", "2200", "预期性"],
                vec!["2", "人口城镇化率", "%", "58", "65", "预期性"],
                vec!["二、绿色生态"],
                vec!["3", "森林覆盖率", "%", "45", "46", "约束性"],
            ]
        );
    }

    #[test]
    fn category_labels_beside_names_and_units_under_them() {
        // pdfplumber: cells side by side, set apart by a space; a category
        // printed once per group, alone or before a piece of a name; a
        // unit in brackets alone under the row's line.
        let t = "主要指标\n指标 2025 年 属性\n湖北省文物保护单位增加数量 ≥50 约束性\n\
                 编制规划数量（全国重点文物\n保护单位、湖北省文物保护单 ≥20 约束性\n位、专题专项）\n\
                 文物安全\n全国重点文物保护单位和湖北\n省文物保护单位安全巡检率 100 预期性\n（%）\n\
                 博物馆数量 ≥260 预期性\n\
                 出台地方性专项法规、省级文\n标准建设 物事业管理规章（标准、导则 ≥5 预期性\n等）\n\
                 人才培养 省级层面培训人员（人次） ≥1000 约束性\n";
        assert_eq!(
            names(t),
            [
                "湖北省文物保护单位增加数量",
                "编制规划数量（全国重点文物保护单位、湖北省文物保护单位、专题专项）",
                "全国重点文物保护单位和湖北省文物保护单位安全巡检率（%）",
                "博物馆数量",
                "出台地方性专项法规、省级文物事业管理规章（标准、导则等）",
                "省级层面培训人员（人次）",
            ]
        );
        // pdftotext -raw: cells one after another; a line cut where the
        // font changes for the brackets.
        let t = "主要指标\n指标 2025 年 属性\n保护利用\n湖北省文物保护单位增加数量 ≥50 约束性\n\
                 编制规划数量（全国重点文物\n保护单位、湖北省文物保护单\n位、专题专项）\n≥20 约束性\n\
                 博物馆\n博物馆数量 ≥260 预期性\n县级博物馆覆盖率（%） 100 约束性\n\
                 年度赴国\n（境）\n外、\n引进国\n（境）\n外展览（个）\n≥8 预期性\n\
                 人才培养 省级层面培训人员（人次） ≥1000 约束性\n";
        assert_eq!(
            names(t),
            [
                "湖北省文物保护单位增加数量",
                "编制规划数量（全国重点文物保护单位、湖北省文物保护单位、专题专项）",
                "博物馆数量",
                "县级博物馆覆盖率（%）",
                "年度赴国（境）外、引进国（境）外展览（个）",
                "省级层面培训人员（人次）",
            ]
        );
    }

    #[test]
    fn header_words_split_either_side_and_a_unit_a_character_to_a_line() {
        // pdfplumber of a Chrome PDF: 序 over 号 and 单 over 位 on the lines
        // either side of the header words; 平 / 方 / 米 around row 2's line.
        let rows = first_table(
            "主要发展指标\n序 单 2020年 指标\n主要指标 2025年目标值\n号 位 实际值 属性\n\
             预期\n1 农村低保标准占城市低保标准比例 % 63.3 75\n性\n\
             平\n每百户居民拥有的城乡社区综合服务 预期\n2 方 — >30\n设施面积 性\n米\n\
             预期\n3 社会组织专职工作人员数量 人 300 500\n性\n",
        );
        assert_eq!(rows.len(), 4, "{rows:?}");
        assert!(rows[0].iter().any(|c| c == "单位"), "{:?}", rows[0]);
        assert_eq!(
            rows[1][1..],
            [
                "农村低保标准占城市低保标准比例",
                "%",
                "63.3",
                "75",
                "预期性"
            ]
        );
        assert_eq!(
            rows[2][1..],
            [
                "每百户居民拥有的城乡社区综合服务设施面积",
                "平方米",
                "—",
                ">30",
                "预期性"
            ]
        );
        assert_eq!(rows[3][2], "人");
    }

    #[test]
    fn project_rows_whose_pieces_follow_their_number() {
        // pdftotext -raw of a Chrome PDF: 序 over 号, a row's number and
        // the head of its name on one line, the rest of its cells after.
        let rows = first_table(
            "项目汇总表\n单位：万元\n序\n号 项目名称 建设性\n质 建设年限 总投\n资 责任单位\n\
             1 民乐县现代丝路田园综合体中心敬\n老院建设项目 新建 2022-\n2024 7530 民乐县民政局\n\
             2 民乐县城乡老年人间照料中心改造\n提升项目 新建 2022-\n2023 1700 民乐县民政局\n\
             3 民乐县互联网+智慧养老建设项目 新建 2022-\n2024 500 民乐县民政局\n",
        );
        assert_eq!(rows.len(), 4, "{rows:?}");
        assert_eq!(
            rows[1],
            [
                "1",
                "民乐县现代丝路田园综合体中心敬老院建设项目",
                "新建",
                "2022-2024",
                "7530",
                "民乐县民政局"
            ]
        );
        assert_eq!(rows[2][1], "民乐县城乡老年人间照料中心改造提升项目");
        assert_eq!(rows[3][3], "2022-2024");
    }

    #[test]
    fn tables_are_regions() {
        let doc = text_document(
            "指标表\n序号\t指标\t单位\n1\t低保\t%\n\n| a | b |\n|---|---|\n| 1 | 2 |\n".as_bytes(),
        )
        .unwrap();
        let c = clean(&doc);
        let kinds: Vec<_> = c
            .blocks
            .iter()
            .map(|b| match b {
                Block::Para(_) => "p",
                Block::Table(t) if t.layout == Layout::Tabs => "tabs",
                Block::Table(_) => "pipes",
            })
            .collect();
        assert_eq!(kinds, ["p", "tabs", "pipes"]);
    }

    #[test]
    fn headings_of_one_length_over_blank_lines_are_no_wrap_width() {
        // A web page's text, a paragraph a line and a blank line after
        // each, the paragraphs of all lengths: ten headings of 25
        // characters are no hard wrap, so none runs into the paragraph
        // under it (before, all but the first did).
        let mut s = String::from("三、主要任务\n\n");
        for (i, n) in ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]
            .iter()
            .enumerate()
        {
            let head = if i % 2 == 0 {
                "聚焦减损提质，推动粮食生产机械化高质高效发展"
            } else {
                "补齐短板弱项，实现经济作物机械化关键环节突破"
            };
            let more = "，加强机收减损".repeat(i);
            s.push_str(&format!(
                "（{n}）{head}\n\n继续推进主要粮食作物生产全程机械化，牢固树立减损就是增产意识{more}。\n\n"
            ));
        }
        let p = paras(&s);
        assert_eq!(p.len(), 21, "{p:#?}");
        assert!(p[1..]
            .iter()
            .step_by(2)
            .all(|h| h.ends_with("发展") || h.ends_with("突破")));
    }

    #[test]
    fn a_one_cell_per_line_table_parted_by_blank_lines_in_a_box() {
        // A web page's table as Markdown: every cell a paragraph, the name
        // column's word spaced out (指　　标), the target column named for
        // its kind (预期值), not a year.
        let mut s = String::from(
            "“十四五”国家应急体系规划\n\n专栏1　“十四五”时期主要指标\n\n\
             序号\n\n指　　标\n\n预期值\n\n属性\n\n",
        );
        let rows = [
            ("生产安全事故死亡人数", "下降15%", "约束性"),
            ("重特大生产安全事故起数", "下降20%", "约束性"),
            ("年均每百万人口因自然灾害死亡率", "<1", "预期性"),
            ("年均每十万人受灾人次", "<15000", "预期性"),
        ];
        for (i, (name, v, a)) in rows.iter().enumerate() {
            s.push_str(&format!("{}\n\n{name}\n\n{v}\n\n{a}\n\n", i + 1));
        }
        s.push_str("应急管理体制机制更加完善。领导体制、指挥体制更趋合理。\n");
        let plan = crate::extract_bytes(std::path::Path::new("t.md"), s.as_bytes()).unwrap();
        let got: Vec<(&str, &str)> = plan
            .indicators
            .iter()
            .map(|i| {
                let t = i.target.as_ref().map_or("", |t| t.raw.as_str());
                (i.name.as_str(), t)
            })
            .collect();
        assert_eq!(
            got,
            rows.iter().map(|r| (r.0, r.1)).collect::<Vec<_>>(),
            "{plan:#?}"
        );
    }
}
