//! Reader for web pages (.html/.htm, as saved from a government site): bytes →
//! the same [`Document`] of lines the other readers give.
//!
//! - Charset from a byte-order mark, else the page's `<meta charset>` or
//!   `http-equiv` content type (GBK and GB2312 pages are common), else UTF-8
//!   with GB18030 as the fallback for invalid bytes; decoded by `encoding_rs`.
//! - Parsed by an HTML5 parser (`scraper`/html5ever). The article is the
//!   deepest element that holds most of the page's own text (text not inside
//!   links), after the site's chrome is set aside: scripts and styles,
//!   navigation, breadcrumbs, the 索引号/发布机构 info table, share buttons,
//!   related links and the footer (by tag, and by class or id words).
//! - Block elements and `<br>` end lines; a table becomes a [`Grid`]
//!   ([`GridKind::Html`]) with its cells' `rowspan` and `colspan`, one line
//!   per row, each cell keeping its `<br>`-parted lines; a table of one
//!   column (a 专栏 in a bordered frame) gives its cells as lines.
//! - Style hints: `<h1>`–`<h6>` levels, bold paragraphs (`<strong>`, `<b>`),
//!   centring.
//!
//! Spans give the source line where each line's text begins (found by
//! searching the page's source in order; where markup splits the text, the
//! line of the element before).

use crate::model::{Format, Span, Warning};
use crate::read::{Document, Grid, GridKind, LineStyle, Slot, SrcLine};
use ego_tree::NodeRef;
use scraper::{ElementRef, Html, Node};

/// Deepest element nesting followed.
const MAX_DEPTH: usize = 1_000;
/// Share of the page's text the article must hold.
const ARTICLE_SHARE: f64 = 0.6;
// The tag nesting a page may have is checked before it is parsed
// (`Limits::max_markup_depth`): the HTML5 tree builder's scope checks grow
// with the depth, so a page of a million nested divs would take hours.
/// Most cells a table row may have once colspans are spread.
const MAX_COLS: usize = 64;

/// Words in a class or id that mark the site's chrome, not the article.
const CHROME: &[&str] = &[
    "nav",
    "menu",
    "crumb",
    "breadcrumb",
    "footer",
    "foot",
    "header",
    "top",
    "share",
    "related",
    "xgwz",
    "xxgk_info",
    "xxgk-info",
    "info",
    "copyright",
    "sidebar",
    "side",
    "toolbar",
    "print",
    "search",
    "login",
    "banner",
    "art-info",
    "source",
    "bottom",
];

/// Read an HTML page into document lines.
pub fn html_document(bytes: &[u8]) -> Result<Document, crate::error::InputError> {
    html_document_with(bytes, &crate::Limits::default())
}

/// [`html_document`] within `limits` (tag nesting: [`crate::Limits::max_markup_depth`]).
pub fn html_document_with(
    bytes: &[u8],
    limits: &crate::Limits,
) -> Result<Document, crate::error::InputError> {
    let (text, encoding) = decode(bytes);
    let depth = tag_nesting(&text);
    if depth > limits.max_markup_depth {
        return Err(crate::error::InputError::Limit(
            crate::error::LimitKind::Depth,
            format!(
                "the page nests its tags {depth} deep (limit {})",
                limits.max_markup_depth
            ),
        ));
    }
    let html = Html::parse_document(&text);
    let root = html.root_element();
    let article = article(root);
    let mut w = Walker::default();
    w.block(*article, 0);
    w.flush();
    if w.lines.iter().all(|(t, _)| t.trim().is_empty()) {
        return Err(crate::error::InputError::Empty);
    }
    let mut warnings = Vec::new();
    if article.id() == root.id() {
        warnings.push(Warning::new(
            "html-no-article",
            "no element holds most of the page's text; the whole page was read",
            None,
        ));
    }
    // Source lines: where each line's text begins in the page.
    let starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let mut pos = 0usize;
    let mut last_line = 1usize;
    let lines = w
        .lines
        .into_iter()
        .map(|(t, style)| {
            let probe: String = t.chars().filter(|c| !c.is_whitespace()).take(6).collect();
            // Look a little way ahead only: a short probe ("%", "1") found
            // far off would carry every later span past its text.
            let window = if probe.chars().count() >= 4 {
                50_000
            } else {
                2_000
            };
            let mut end = (pos + window).min(text.len());
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            if let Some(off) = (!probe.is_empty())
                .then(|| text.get(pos..end).and_then(|s| s.find(&probe)))
                .flatten()
            {
                pos += off;
                last_line = starts.partition_point(|&s| s <= pos);
            }
            SrcLine {
                text: t,
                span: Span::line(last_line),
                style,
            }
        })
        .collect();
    Ok(Document {
        format: Format::Html,
        encoding: Some(encoding),
        pages: None,
        page_sizes: None,
        lines,
        tables: w.grids,
        warnings,
        ocr: None,
        record: site_record(root),
    })
}

/// How deep the page's tags nest, counted cheaply: an opening tag goes one
/// deeper unless it is void or self-closing, a closing tag one up. Unclosed
/// `<p>` or `<li>` make it an over-estimate, which the limit allows for.
fn tag_nesting(text: &str) -> usize {
    const VOID: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr", "p", "li", "td", "tr", "th", "option",
    ];
    let b = text.as_bytes();
    let (mut depth, mut max) = (0usize, 0usize);
    let mut i = 0;
    while let Some(off) = b[i..].iter().position(|&c| c == b'<') {
        i += off + 1;
        match b.get(i) {
            Some(b'/') => depth = depth.saturating_sub(1),
            Some(c) if c.is_ascii_alphabetic() => {
                let name_end = b[i..]
                    .iter()
                    .position(|c| !c.is_ascii_alphanumeric())
                    .map_or(b.len(), |p| i + p);
                let name = text[i..name_end].to_ascii_lowercase();
                let close = b[i..]
                    .iter()
                    .position(|&c| c == b'>')
                    .map_or(b.len(), |p| i + p);
                let self_closing = close > 0 && b.get(close - 1) == Some(&b'/');
                if !VOID.contains(&name.as_str()) && !self_closing {
                    depth += 1;
                    max = max.max(depth);
                }
            }
            _ => {}
        }
    }
    max
}

/// Decode the page: BOM, then a declared charset, else UTF-8 (GB18030 when
/// the bytes are not UTF-8).
fn decode(bytes: &[u8]) -> (String, &'static str) {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (s, _) = enc.decode_without_bom_handling(&bytes[bom..]);
        return (s.into_owned(), enc.name());
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    let declared = head.find("charset").and_then(|i| {
        let rest = head[i + "charset".len()..].trim_start_matches([' ', '=', '"', '\'']);
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
            .collect();
        encoding_rs::Encoding::for_label(name.as_bytes())
    });
    let enc = match declared {
        Some(e) => e,
        None if std::str::from_utf8(bytes).is_ok() => encoding_rs::UTF_8,
        None => encoding_rs::GB18030,
    };
    // GB2312 and GBK pages hold GB18030's characters too.
    let enc = if enc == encoding_rs::GBK {
        encoding_rs::GB18030
    } else {
        enc
    };
    let (s, _, _) = enc.decode(bytes);
    let name = if enc == encoding_rs::UTF_8 {
        "utf-8"
    } else {
        enc.name()
    };
    (s.into_owned(), name)
}

/// Labels of a site's record (its information table) that meta reads where
/// the article leaves them out.
const RECORD_LABELS: &[&str] = &["发文字号", "文号", "成文日期", "发文机关"];
/// Most text pieces of a page looked through for its record.
const MAX_RECORD_PIECES: usize = 20_000;
/// Longest value of a record's field.
const MAX_RECORD_VALUE: usize = 40;

/// The page's record of the document: `label：value` in one piece of text,
/// or the label's cell with the value in the next (发文字号： | 江政办〔2021〕56号).
fn site_record(root: ElementRef) -> Vec<(String, String)> {
    let pieces: Vec<String> = root
        .descendants()
        .filter_map(|n| match n.value() {
            Node::Text(t) => {
                let code = n
                    .parent()
                    .and_then(|p| p.value().as_element())
                    .is_some_and(|e| matches!(e.name(), "script" | "style"));
                let t: String = t
                    .chars()
                    .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
                    .collect();
                (!code && !t.is_empty()).then_some(t)
            }
            _ => None,
        })
        .take(MAX_RECORD_PIECES)
        .collect();
    let mut out: Vec<(String, String)> = Vec::new();
    for (k, p) in pieces.iter().enumerate() {
        let Some((label, rest)) = RECORD_LABELS.iter().find_map(|l| {
            p.strip_prefix(l)
                .and_then(|r| r.strip_prefix(['：', ':']))
                .map(|r| (*l, r))
        }) else {
            continue;
        };
        let value = if rest.is_empty() {
            pieces.get(k + 1).map(String::as_str)
        } else {
            Some(rest)
        };
        if let Some(v) = value
            .filter(|v| crate::text::char_len(v) <= MAX_RECORD_VALUE && !v.ends_with(['：', ':']))
        {
            if !out.iter().any(|(l, _)| l == label) {
                out.push((label.to_string(), v.to_string()));
            }
        }
    }
    out
}

fn is_chrome(e: &ElementRef) -> bool {
    let el = e.value();
    if matches!(
        el.name(),
        "script"
            | "style"
            | "noscript"
            | "nav"
            | "header"
            | "footer"
            | "iframe"
            | "form"
            | "select"
            | "button"
            | "head"
            | "template"
            | "svg"
    ) {
        return true;
    }
    let class = el.attr("class").unwrap_or("");
    let id = el.attr("id").unwrap_or("");
    class
        .split_whitespace()
        .chain(id.split_whitespace())
        .any(|w| {
            let w = w.to_ascii_lowercase();
            CHROME.iter().any(|c| {
                w == *c
                    || w.strip_prefix(c).is_some_and(|r| r.starts_with(['-', '_']))
                    || w.strip_suffix(c).is_some_and(|r| r.ends_with(['-', '_']))
            })
        })
}

/// Han characters of an element's own text (not in links, not in chrome).
fn han_count(n: NodeRef<Node>, depth: usize) -> usize {
    han_counts(n, depth, &mut None)
}

/// [`han_count`], with every element's count under `n` kept in `out`
/// (each after the elements it holds).
fn han_counts<'a>(
    n: NodeRef<'a, Node>,
    depth: usize,
    out: &mut Option<Vec<(NodeRef<'a, Node>, usize)>>,
) -> usize {
    if depth > MAX_DEPTH {
        return 0;
    }
    match n.value() {
        Node::Text(t) => t.chars().filter(|c| crate::text::is_han(*c)).count(),
        Node::Element(el) => {
            let e = ElementRef::wrap(n).expect("element");
            if el.name() == "a" || is_chrome(&e) {
                return 0;
            }
            let h = n.children().map(|c| han_counts(c, depth + 1, out)).sum();
            if let Some(out) = out {
                out.push((n, h));
            }
            h
        }
        _ => 0,
    }
}

/// The article: the deepest element holding most of the page's own text.
/// A page that prints its text twice (a copy for computers and one for
/// phones, one hidden by the site's style sheet) has its first copy read.
fn article(root: ElementRef) -> ElementRef {
    let mut total = han_count(*root, 0).max(1);
    let mut cur = root;
    'down: for _ in 0..MAX_DEPTH {
        // A table of one column that lays the page out (the title in one
        // row, the text in the next): its rows are the article's blocks.
        if cur.value().name() == "table" && one_column(cur) {
            break;
        }
        for c in cur.children().filter_map(ElementRef::wrap) {
            if han_count(*c, 0) as f64 >= ARTICLE_SHARE * total as f64 {
                cur = c;
                continue 'down;
            }
        }
        if let Some(first) = first_of_twins(cur, total) {
            cur = first;
            total = han_count(*cur, 0).max(1);
            continue;
        }
        break;
    }
    cur
}

/// Share of the text each of two copies of the article holds at least.
const TWIN_SHARE: f64 = 0.3;

/// The first of two elements under `cur`, neither inside the other, that
/// hold the same text, each a good share of the page's (`total` Han
/// characters): the article printed twice.
fn first_of_twins(cur: ElementRef, total: usize) -> Option<ElementRef> {
    // Han counts of every element under `cur`, found in one pass.
    let mut all = Some(Vec::new());
    han_counts(*cur, 0, &mut all);
    let big: Vec<(NodeRef<Node>, usize)> = all
        .unwrap_or_default()
        .into_iter()
        .filter(|&(n, h)| n.id() != cur.id() && h as f64 >= TWIN_SHARE * total as f64)
        .collect();
    let text = |n: NodeRef<Node>| -> String {
        ElementRef::wrap(n)
            .map(|e| {
                e.text()
                    .flat_map(str::chars)
                    .filter(|c| !c.is_whitespace())
                    .collect()
            })
            .unwrap_or_default()
    };
    let inside = |a: NodeRef<Node>, b: NodeRef<Node>| b.ancestors().any(|x| x.id() == a.id());
    // Of all twins, the copy that opens first in the page.
    let mut twins: Option<NodeRef<Node>> = None;
    for (i, &(a, ha)) in big.iter().enumerate() {
        for &(b, hb) in &big[i + 1..] {
            if ha == hb && !inside(a, b) && !inside(b, a) && text(a) == text(b) {
                let first = if precedes(a, b) { a } else { b };
                if twins.is_none_or(|t| precedes(first, t)) {
                    twins = Some(first);
                }
            }
        }
    }
    twins.and_then(ElementRef::wrap)
}

/// Whether node `a` opens before node `b` in the page.
fn precedes(a: NodeRef<Node>, b: NodeRef<Node>) -> bool {
    // Walk from the root: the first of the two a depth-first walk meets.
    let root = a.ancestors().last().unwrap_or(a);
    for n in root.descendants() {
        if n.id() == a.id() {
            return true;
        }
        if n.id() == b.id() {
            return false;
        }
    }
    false
}

#[derive(Default)]
struct Walker {
    lines: Vec<(String, Option<LineStyle>)>,
    /// The tables, over ranges of `lines`.
    grids: Vec<Grid>,
    cur: String,
    cur_bold: usize,
    cur_chars: usize,
    cur_level: Option<u8>,
    cur_center: bool,
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "section"
            | "article"
            | "main"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "blockquote"
            | "pre"
            | "center"
            | "hr"
            | "figure"
            | "figcaption"
            | "caption"
            | "address"
            | "aside"
            | "body"
            | "html"
    )
}

fn centred(el: &scraper::node::Element) -> bool {
    el.name() == "center"
        || el
            .attr("align")
            .is_some_and(|a| a.eq_ignore_ascii_case("center"))
        || el.attr("style").is_some_and(|s| {
            s.replace(' ', "")
                .to_ascii_lowercase()
                .contains("text-align:center")
        })
}

impl Walker {
    fn flush(&mut self) {
        let t = self.cur.trim().to_string();
        if !t.is_empty() {
            let style = LineStyle {
                rel_size: 1.0,
                bold: self.cur_chars > 0 && self.cur_bold * 2 > self.cur_chars,
                centered: self.cur_center,
                level: self.cur_level,
                flows_on: false,
                other_face: false,
            };
            self.lines.push((t, Some(style)));
        }
        // Keep the finished lines; everything about the open one starts over.
        *self = Walker {
            lines: std::mem::take(&mut self.lines),
            grids: std::mem::take(&mut self.grids),
            ..Walker::default()
        };
    }

    fn block(&mut self, n: NodeRef<Node>, depth: usize) {
        self.walk(n, depth, false);
    }

    fn walk(&mut self, n: NodeRef<Node>, depth: usize, bold: bool) {
        if depth > MAX_DEPTH {
            return;
        }
        match n.value() {
            Node::Text(t) => {
                let s: String = t
                    .chars()
                    .map(|c| {
                        if c == '\u{a0}' || c == '\n' || c == '\r' || c == '\t' {
                            ' '
                        } else {
                            c
                        }
                    })
                    .collect();
                let k = s.chars().filter(|c| !c.is_whitespace()).count();
                self.cur_chars += k;
                if bold {
                    self.cur_bold += k;
                }
                self.cur.push_str(&s);
            }
            Node::Element(el) => {
                let e = ElementRef::wrap(n).expect("element");
                if is_chrome(&e) {
                    return;
                }
                let name = el.name();
                match name {
                    "br" => {
                        self.flush();
                        return;
                    }
                    "table" => {
                        self.flush();
                        self.table(e, depth);
                        return;
                    }
                    "img" => return,
                    _ => {}
                }
                let block = is_block(name);
                if block {
                    self.flush();
                    if let Some(l) = name
                        .strip_prefix('h')
                        .and_then(|d| d.parse::<u8>().ok())
                        .filter(|d| (1..=6).contains(d))
                    {
                        self.cur_level = Some(l - 1);
                    }
                    self.cur_center = centred(el);
                }
                let bold = bold || matches!(name, "strong" | "b");
                for c in n.children() {
                    self.walk(c, depth + 1, bold);
                }
                if block {
                    self.flush();
                }
            }
            _ => {}
        }
    }

    /// A table as a grid: rowspans and colspans resolved, a row per line.
    fn table(&mut self, t: ElementRef, depth: usize) {
        let mut grid: Vec<Vec<Option<Slot>>> = Vec::new();
        // Cells that a rowspan carries down: (column, rows left, text).
        let rows: Vec<ElementRef> = rows_of(t);
        for (r, row) in rows.iter().enumerate() {
            if grid.len() <= r {
                grid.resize(r + 1, Vec::new());
            }
            let mut col = 0;
            for cell in row
                .children()
                .filter_map(ElementRef::wrap)
                .filter(|c| matches!(c.value().name(), "td" | "th"))
            {
                while grid[r].get(col).is_some_and(Option::is_some) {
                    col += 1;
                }
                let mut inner = Walker::default();
                inner.block(*cell, depth + 1);
                inner.flush();
                let paras: Vec<String> = inner.lines.into_iter().map(|(t, _)| t).collect();
                let span = |a: &str| {
                    cell.value()
                        .attr(a)
                        .and_then(|v| v.trim().parse::<usize>().ok())
                        .unwrap_or(1)
                        .clamp(1, MAX_COLS)
                };
                let (cs, rs) = (span("colspan"), span("rowspan"));
                let first = Slot::paragraphs(paras, cs.min(MAX_COLS.saturating_sub(col)));
                for dr in 0..rs.min(rows.len() - r) {
                    if grid.len() <= r + dr {
                        grid.resize(r + dr + 1, Vec::new());
                    }
                    for dc in 0..cs {
                        let c = col + dc;
                        if c >= MAX_COLS {
                            break;
                        }
                        if grid[r + dr].len() <= c {
                            grid[r + dr].resize(c + 1, None);
                        }
                        grid[r + dr][c] = Some(match (dr, dc) {
                            (0, 0) => first.clone(),
                            (0, _) => Slot::Left,
                            _ => Slot::Up,
                        });
                    }
                }
                col += cs;
            }
        }
        let cols = grid.iter().map(Vec::len).max().unwrap_or(0);
        if cols <= 1 {
            // A frame around a 专栏: its text as lines.
            for row in rows {
                for cell in row.children().filter_map(ElementRef::wrap) {
                    self.block(*cell, depth + 1);
                    self.flush();
                }
            }
            return;
        }
        let slots = grid
            .into_iter()
            .map(|row| {
                row.into_iter()
                    .map(|s| s.unwrap_or_else(|| Slot::text(String::new())))
                    .collect()
            })
            .collect();
        let (grid, _) = Grid::build(GridKind::Html, slots, self.lines.len());
        self.lines
            .extend(grid.row_lines().into_iter().map(|l| (l, None)));
        self.grids.push(grid);
    }
}

/// Source lines one HTML table of a text file may take.
const MAX_FRAGMENT_LINES: usize = 5_000;
/// Deepest tag nesting of such a table that is parsed (text input comes
/// with no limits of its own; a table deeper than this stays text).
const MAX_FRAGMENT_DEPTH: usize = 200;

/// The HTML tables of a text file (Markdown written by a converter that
/// keeps tables as HTML, one `<table>…</table>` per line or over several:
/// MinerU, pandoc's gfm for merged cells, a page's source pasted into
/// notes): the lines with each table's lines replaced by one line per row,
/// and the tables as grids; `None` where the text has no such table. Text
/// beside a table on its lines stays a line of its own; tags around it
/// (`<html><body>`) go.
pub fn tables_in_text(lines: &[SrcLine]) -> Option<(Vec<SrcLine>, Vec<Grid>)> {
    let opens = |t: &str| t.contains("<table") || t.contains("<TABLE");
    if !lines.iter().any(|l| opens(&l.text)) {
        return None;
    }
    let mut out: Vec<SrcLine> = Vec::with_capacity(lines.len());
    let mut grids = Vec::new();
    // Lines looked through for closes, in all: a text of opens that close
    // nothing is read a bounded number of times.
    let mut budget = lines.len().saturating_mul(4).max(100_000);
    let mut i = 0;
    while i < lines.len() {
        let Some(at) = opens(&lines[i].text)
            .then(|| find_ascii_ci(&lines[i].text, "<table"))
            .flatten()
        else {
            out.push(lines[i].clone());
            i += 1;
            continue;
        };
        // The table's lines, through the close that matches its open.
        let mut depth = 0usize;
        let mut end = i;
        let close = loop {
            let from = if end == i { at } else { 0 };
            if let Some(c) = matching_close(&lines[end].text, from, &mut depth) {
                break Some(c);
            }
            end += 1;
            budget = budget.saturating_sub(1);
            if end >= lines.len() || end - i >= MAX_FRAGMENT_LINES || budget == 0 {
                break None;
            }
        };
        // Its text: from the open on line i to the close on line `end`.
        let frag = |close: usize| {
            (i..=end)
                .map(|k| {
                    let t = &lines[k].text;
                    &t[if k == i { at } else { 0 }..if k == end { close } else { t.len() }]
                })
                .collect::<Vec<_>>()
                .join("\n")
        };
        let Some((close, frag)) = close
            .map(|c| (c, frag(c)))
            .filter(|(_, f)| tag_nesting(f) <= MAX_FRAGMENT_DEPTH)
        else {
            out.push(lines[i].clone());
            i += 1;
            continue;
        };
        let span = lines[i].span.to(lines[end].span);
        let text_line = |t: &str, span: Span| {
            let t = strip_tags(t);
            (!t.trim().is_empty()).then(|| SrcLine {
                text: t.trim().to_string(),
                span,
                style: None,
            })
        };
        out.extend(text_line(&lines[i].text[..at], lines[i].span));
        let html = Html::parse_fragment(&frag);
        let table = html
            .root_element()
            .descendants()
            .filter_map(ElementRef::wrap)
            .find(|e| e.value().name() == "table");
        if let Some(t) = table {
            let mut w = Walker::default();
            w.table(t, 0);
            let first = out.len();
            for (text, _) in w.lines {
                out.push(SrcLine {
                    text,
                    span,
                    style: None,
                });
            }
            for mut g in w.grids {
                g.lines = first + g.lines.start..first + g.lines.end;
                grids.push(g);
            }
        }
        out.extend(text_line(&lines[end].text[close..], lines[end].span));
        i = end + 1;
    }
    (!grids.is_empty()).then_some((out, grids))
}

/// Where `needle` (ASCII, lower case) begins in `hay`, in any case.
fn find_ascii_ci(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    (0..h.len().saturating_sub(n.len() - 1)).find(|&k| h[k..k + n.len()].eq_ignore_ascii_case(n))
}

/// The byte of `line` just past the `</table>` that closes the table
/// open `depth` deep (tables nested in its cells counted), looking from
/// `from`; None, with `depth` carried on, where the line closes none.
fn matching_close(line: &str, from: usize, depth: &mut usize) -> Option<usize> {
    let b = line.as_bytes();
    let mut k = from;
    while let Some(off) = memchr::memchr(b'<', &b[k..]) {
        k += off;
        let rest = &b[k..];
        let is =
            |tag: &[u8]| rest.len() >= tag.len() && rest[..tag.len()].eq_ignore_ascii_case(tag);
        if is(b"<table") {
            *depth += 1;
        } else if is(b"</table") {
            *depth = depth.saturating_sub(1);
            if *depth == 0 {
                return Some(memchr::memchr(b'>', rest).map_or(b.len(), |e| k + e + 1));
            }
        }
        k += 1;
    }
    None
}

/// Text with its tags taken out.
fn strip_tags(t: &str) -> String {
    let mut out = String::with_capacity(t.len());
    let mut in_tag = false;
    for c in t.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// Whether every row of table `t` holds one cell at most.
fn one_column(t: ElementRef) -> bool {
    let rows = rows_of(t);
    rows.len() >= 2
        && rows.iter().all(|r| {
            r.children()
                .filter_map(ElementRef::wrap)
                .filter(|c| matches!(c.value().name(), "td" | "th"))
                .count()
                <= 1
        })
}

/// The rows of a table, through thead/tbody/tfoot, not into nested tables.
fn rows_of(t: ElementRef) -> Vec<ElementRef> {
    let mut out = Vec::new();
    for c in t.children().filter_map(ElementRef::wrap) {
        match c.value().name() {
            "tr" => out.push(c),
            "thead" | "tbody" | "tfoot" => out.extend(
                c.children()
                    .filter_map(ElementRef::wrap)
                    .filter(|r| r.value().name() == "tr"),
            ),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(html: &str) -> Vec<String> {
        html_document(html.as_bytes())
            .unwrap()
            .lines
            .into_iter()
            .map(|l| l.text)
            .collect()
    }

    #[test]
    fn the_sites_record_gives_what_the_article_leaves_out() {
        let page = "<html><body><table class=\"xxgk_table\">\
            <tr><td>索 引 号：</td><td>1142/2021-00123</td><td>主题分类：</td><td>交通</td></tr>\
            <tr><td>发文机关：</td><td>江北市人民政府办公室</td><td>成文日期：</td><td>2021年11月18日</td></tr>\
            <tr><td>发文字号：</td><td>江政办〔2021〕56号</td><td>发布日期：</td><td></td></tr>\
            </table><div class=\"article\"><p>江北市“十四五”综合交通运输发展规划</p>\
            <p>为加快建设交通强市，编制本规划。规划期为2021年至2025年。</p>\
            <p>一、发展基础</p><p>“十三五”时期，全市交通运输发展取得显著成效。</p></div></body></html>";
        let doc = html_document(page.as_bytes()).unwrap();
        assert_eq!(
            doc.record,
            [
                ("发文机关".to_string(), "江北市人民政府办公室".to_string()),
                ("成文日期".to_string(), "2021年11月18日".to_string()),
                ("发文字号".to_string(), "江政办〔2021〕56号".to_string()),
            ]
        );
        let m = crate::meta::meta(&crate::clean::clean(&doc)).meta;
        assert_eq!(m.doc_number.as_deref(), Some("江政办〔2021〕56号"));
        assert_eq!(m.issuer.as_deref(), Some("江北市人民政府办公室"));
        assert_eq!(m.issued.as_deref(), Some("2021-11-18"));
        assert_eq!(
            m.title.as_deref(),
            Some("江北市“十四五”综合交通运输发展规划")
        );
    }

    #[test]
    fn article_without_chrome_and_tables_as_grids() {
        let page = r#"<html><head><meta charset="utf-8"><title>x</title><script>var a="规划规划";</script></head><body>
<div class="nav"><a href="/">首页</a> 政务公开 规划计划 办事服务</div>
<table class="xxgk_info"><tr><td>索引号：</td><td>123</td><td>发布机构：</td><td>某某县人民政府办公室</td></tr></table>
<div class="content"><p class="title">某某县民政事业发展规划</p><p>一、发展基础</p><p>全县民政工作取得明显成效，兜底保障能力不断增强，社会救助体系日益完善。<br>第二行文字继续说明情况。</p>
<table><tr><td rowspan="2">类别</td><td>指标</td><td colspan="2">目标</td></tr><tr><td>低保</td><td>2020年</td><td>2025年</td></tr></table>
<table><tr><td>专栏1 重点工程</td></tr><tr><td>1.建设工程。</td></tr></table></div>
<div class="footer">版权所有 某某县人民政府 备案号 12345678号</div></body></html>"#;
        let got = lines(page);
        assert_eq!(
            got,
            [
                "某某县民政事业发展规划",
                "一、发展基础",
                "全县民政工作取得明显成效，兜底保障能力不断增强，社会救助体系日益完善。",
                "第二行文字继续说明情况。",
                "类别\t指标\t目标\t",
                "\t低保\t2020年\t2025年",
                "专栏1 重点工程",
                "1.建设工程。",
            ]
        );
    }

    #[test]
    fn html_tables_in_text_become_grids() {
        let text = "专栏1 重点指标\n\n<html><body><table><tr><td rowspan=\"2\">类别</td><td>指标</td>\
                    <td>2025年</td></tr><tr><td>低保</td><td>≥85</td></tr></table></body></html>\n\n\
                    正文。\n<TABLE>\n<tr><td>序号</td><td>项目</td></tr>\n<tr><td>1</td><td>\
                    <table><tr><td>a</td><td>b</td></tr></table></td></tr>\n</TABLE> 注：单位万元\n";
        let lines: Vec<SrcLine> = text
            .lines()
            .enumerate()
            .map(|(i, l)| SrcLine {
                text: l.to_string(),
                span: Span::line(i + 1),
                style: None,
            })
            .collect();
        let (out, grids) = tables_in_text(&lines).unwrap();
        let texts: Vec<&str> = out.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "专栏1 重点指标",
                "",
                "类别\t指标\t2025年",
                "\t低保\t≥85",
                "",
                "正文。",
                // (Two cells show three fields; a nested table's cells
                // are its cell's text.)
                "序号\t项目\t",
                "1\ta b \t",
                "注：单位万元"
            ]
        );
        assert_eq!(grids.len(), 2);
        assert_eq!(
            (grids[0].lines.clone(), grids[0].rows[0].cells[0].rowspan),
            (2..4, 2)
        );
        assert_eq!(grids[1].lines, 6..8);
        // Each row points at the source lines its table took.
        assert_eq!(out[7].span, Span::line(6).to(Span::line(9)));
        // An open that never closes stays text.
        let open = [SrcLine {
            text: "<table><tr><td>x".into(),
            span: Span::line(1),
            style: None,
        }];
        assert!(tables_in_text(&open).is_none());
    }

    #[test]
    fn a_layout_table_of_one_column_keeps_its_title_row() {
        // An older site's page: a table lays it out, the links in one cell,
        // the article in another, itself a table of one column whose first
        // row is the title.
        let page = r#"<html><body><table><tr><td><a href="/">首页</a><br><a href="/a">政务公开</a></td>
<td><table><tr><td class="title">某某市“十四五”综合交通运输发展规划</td></tr>
<tr><td>第一章 发展基础<br>“十三五”以来，全市综合交通运输体系建设取得显著成效，交通基础设施网络不断完善。<br>
第二章 总体要求<br>坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的十九大精神。</td></tr></table></td></tr></table></body></html>"#;
        let got = lines(page);
        assert_eq!(got[0], "某某市“十四五”综合交通运输发展规划", "{got:#?}");
        assert!(got.iter().any(|l| l == "第二章 总体要求"), "{got:#?}");
    }

    #[test]
    fn a_page_that_prints_its_text_twice_is_read_once() {
        // The site's copy for computers and its copy for phones, one hidden
        // by the style sheet: the first is the article.
        let body =
            "<p>一、总体要求</p><p>（一）指导思想。以习近平新时代中国特色社会主义思想为指导，\
                    全面贯彻党的十九大和十九届历次全会精神。</p><p>二、主要任务</p>\
                    <p>（一）健全多层次统一电力市场体系。加快建设国家电力市场。</p>";
        let page = format!(
            "<html><body><div class=\"head\">首页</div><div class=\"main\">\
             <div class=\"pages_content mhide\" id=\"UCAP-CONTENT\">{body}</div>\
             <div class=\"pages_content pchide\">{body}</div></div></body></html>"
        );
        let d = html_document(page.as_bytes()).unwrap();
        let texts: Vec<&str> = d.lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts.iter().filter(|t| t.starts_with("一、")).count(),
            1,
            "{texts:#?}"
        );
        assert_eq!(texts.len(), 4, "{texts:#?}");
    }

    #[test]
    fn table_grid_with_spans_and_breaks() {
        let page = r#"<html><body><div><p>一、主要指标和发展目标的总体说明</p>
<table><tr><td rowspan="2">类别</td><td>指标</td><td colspan="2">目标</td></tr>
<tr><td>低保</td><td>2020年<br>实际值</td><td>2025年</td></tr></table></div></body></html>"#;
        let d = html_document(page.as_bytes()).unwrap();
        assert_eq!(d.tables.len(), 1);
        let g = &d.tables[0];
        assert_eq!((g.kind, g.lines.clone()), (GridKind::Html, 1..3));
        assert_eq!(d.lines[1].text, "类别\t指标\t目标\t");
        assert_eq!(d.lines[2].text, "\t低保\t2020年实际值\t2025年");
        let head = &g.rows[0].cells;
        assert_eq!((head[0].text.as_str(), head[0].rowspan), ("类别", 2));
        assert_eq!((head[2].col, head[2].colspan), (2, 2));
        let c = &g.rows[1].cells[1];
        assert_eq!((c.col, c.text.as_str()), (2, "2020年实际值"));
        assert_eq!(c.paras, ["2020年", "实际值"]);
    }

    #[test]
    fn deep_nesting_is_refused_fast() {
        let page = format!(
            "<html><body>{}规划{}</body></html>",
            "<div>".repeat(1_000_000),
            "</div>".repeat(1_000_000)
        );
        let e = html_document(page.as_bytes()).unwrap_err();
        assert!(e.to_string().contains("limit"), "{e}");
        let ok = format!(
            "<html><body>{}<p>规划正文</p>{}</body></html>",
            "<div>".repeat(500),
            "</div>".repeat(500)
        );
        assert_eq!(
            html_document(ok.as_bytes()).unwrap().lines[0].text,
            "规划正文"
        );
    }

    #[test]
    fn gbk_page_by_its_meta_charset() {
        let page = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"></head><body><div><p>某某县“十四五”规划</p><p>一、总体要求</p></div></body></html>";
        let (bytes, _, _) = encoding_rs::GBK.encode(page);
        let d = html_document(&bytes).unwrap();
        assert_eq!(d.lines[0].text, "某某县“十四五”规划");
        assert_eq!(d.encoding, Some("gb18030"));
    }
}
