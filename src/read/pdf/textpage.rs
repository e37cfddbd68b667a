//! Text laid out like a page (`pdftotext -layout`, a hand-spaced table): each
//! character becomes a glyph at its column and line, so the page layout —
//! running headers, paragraph joining, and above all the borderless tables
//! whose columns only whitespace shows — reads it as it reads a PDF page.

use super::{Glyph, PageContent};
use crate::model::Span;
use crate::read::SrcLine;

/// Width of one character cell, in the page's units.
const CELL: f64 = 10.0;
/// Distance between two lines.
const PITCH: f64 = 14.0;
/// Tabs in laid-out text stand for this many columns.
const TAB: usize = 8;
/// Lines with runs of three spaces between text needed to call a text laid out.
const MIN_ALIGNED_LINES: usize = 5;
/// Larger texts are read line by line (a glyph per character would cost too
/// much memory); a page of laid-out text is never near this.
const MAX_LAID_OUT_CHARS: usize = 2_000_000;
/// A "page" (text between page feeds) with more characters than this is not
/// a page: the text is read line by line.
const MAX_PAGE_CHARS: usize = 60_000;

/// Whether `lines` look laid out in columns with spaces: page feeds and
/// aligned runs, or many aligned runs.
pub fn looks_laid_out(lines: &[SrcLine]) -> bool {
    let mut aligned = 0;
    let mut nonblank = 0;
    let mut feeds = 0;
    let (mut chars, mut page_chars) = (0usize, 0usize);
    for l in lines {
        // Bytes bound the characters (a Han character is three): cheap.
        let n = l.text.len() / 3;
        chars += n;
        page_chars = if l.text.contains('\u{c}') {
            n
        } else {
            page_chars + n
        };
        if chars > MAX_LAID_OUT_CHARS || page_chars > MAX_PAGE_CHARS {
            return false;
        }
        let t = l.text.trim_matches([' ', '\u{3000}', '\r']);
        if t.contains('\u{c}') {
            feeds += 1;
        }
        if t.trim().is_empty() {
            continue;
        }
        nonblank += 1;
        if t.contains('\t') {
            // Tab-separated cells are the text path's own table form.
            return false;
        }
        let t = t.trim_matches('\u{c}');
        // A Markdown table's row pads its cells, aligned or not.
        if t.contains("   ") && !t.starts_with('|') {
            aligned += 1;
        }
    }
    aligned >= MIN_ALIGNED_LINES && (feeds > 0 || aligned * 30 >= nonblank)
}

/// Lay out `lines` as pages (split at form feeds) and return the lines the
/// page layout reads (and the tables it found over them), with spans
/// pointing back at the source lines.
pub fn laid_out_lines(lines: &[SrcLine]) -> (Vec<SrcLine>, Vec<crate::read::Grid>) {
    // (first source line number, lines) per page.
    let first = lines.first().map_or(1, |l| l.span.line_start);
    let mut pages: Vec<(usize, Vec<&str>)> = vec![(first, Vec::new())];
    for l in lines {
        let mut t = l.text.as_str();
        while let Some(pos) = t.find('\u{c}') {
            let (before, after) = (&t[..pos], &t[pos + 1..]);
            if !before.trim().is_empty() {
                pages.last_mut().expect("one page").1.push(before);
            }
            pages.push((l.span.line_start, Vec::new()));
            t = after;
        }
        pages.last_mut().expect("one page").1.push(t);
    }
    pages.retain(|(_, ls)| ls.iter().any(|l| !l.trim().is_empty()));
    let contents: Vec<([f64; 4], PageContent)> = pages.iter().map(|(_, ls)| page(ls)).collect();
    let (mut out, grids) = super::layout::layout(&contents);
    for l in &mut out {
        // Every character has one size and face here: no look to report.
        l.style = None;
        let (Some(p), Some(b)) = (l.span.page, l.span.bbox) else {
            continue;
        };
        let Some((first, ls)) = pages.get(p as usize - 1) else {
            continue;
        };
        let h = height(ls.len());
        let row = |y: f64| ((h - y) / PITCH).round().max(0.0) as usize;
        let (a, z) = (row(b[3] - 0.8 * CELL), row(b[1] + 0.2 * CELL));
        l.span = Span {
            page: None,
            page_end: None,
            line_start: first + a.min(z),
            line_end: first + a.max(z),
            bbox: None,
            ocr: false,
        };
    }
    (out, grids)
}

/// The indices of the single spaces among a line's `chars` that pdftotext
/// puts between Chinese and a Latin code inside one cell (市域铁路 S1 线,
/// 新建 5G 基站): a code holds a letter and a digit, so a unit (km) or a
/// figure (2025) beside a word, a cell of its own, is never joined to it.
fn code_spaces(chars: &[char]) -> Vec<usize> {
    let word = |from: usize, to: usize| -> &[char] { &chars[from..to] };
    let code = |w: &[char]| {
        w.iter()
            .all(|c| c.is_ascii_alphanumeric() || *c == '.' || *c == '-')
            && w.iter().any(|c| c.is_ascii_alphabetic())
            && w.iter().any(|c| c.is_ascii_digit())
    };
    let mut out = Vec::new();
    for i in 1..chars.len().saturating_sub(1) {
        if chars[i] != ' ' || chars[i - 1] == ' ' || chars[i + 1] == ' ' {
            continue;
        }
        let start = chars[..i]
            .iter()
            .rposition(|c| *c == ' ')
            .map_or(0, |p| p + 1);
        let end = chars[i + 1..]
            .iter()
            .position(|c| *c == ' ')
            .map_or(chars.len(), |p| i + 1 + p);
        let (before, after) = (word(start, i), word(i + 1, end));
        let han = |k: usize| chars.get(k).is_some_and(|c| crate::text::is_han(*c));
        // (Not a figure: authors set spaces around one, 专栏 3 养老服务.)
        if (han(i - 1) && code(after)) || (code(before) && han(i + 1)) {
            out.push(i);
        }
    }
    out
}

/// The indices of the single spaces among a line's `chars` that pdftotext
/// puts around a figure in running Chinese, bridged so that they part no
/// cells, where a change of font leaves
/// a gap (到 2025 年，全市…): a year and its 年 (2020 年, in a header too),
/// and, on a line of prose (no wider gap parts columns on it), a figure
/// set between words on both sides.
fn figure_spaces(chars: &[char]) -> Vec<usize> {
    let han = |k: usize| chars.get(k).is_some_and(|c| crate::text::is_han(*c));
    let space = |k: usize| chars.get(k) == Some(&' ');
    let (Some(first), Some(last)) = (
        chars.iter().position(|c| *c != ' '),
        chars.iter().rposition(|c| *c != ' '),
    ) else {
        return Vec::new();
    };
    let prose = !chars[first..=last]
        .windows(2)
        .any(|w| w == [' ', ' '] || w[0] == '\t' || w[1] == '\t');
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() || (i > 0 && !space(i - 1)) {
            i += 1;
            continue;
        }
        let end = chars[i..]
            .iter()
            .position(|c| !(c.is_ascii_digit() || *c == '.' || *c == '%'))
            .map_or(chars.len(), |p| i + p);
        let word: String = chars[i..end].iter().collect();
        let single_after = space(end) && !space(end + 1);
        let year = word.len() == 4 && (word.starts_with("19") || word.starts_with("20"));
        if year && single_after && chars.get(end + 1) == Some(&'年') {
            out.push(end);
        }
        if prose && i >= 2 && han(i - 2) && single_after && han(end + 1) {
            out.push(i - 1);
            if !out.contains(&end) {
                out.push(end);
            }
        }
        i = end.max(i + 1);
    }
    out
}

/// The indices among a line's `chars` where a range of years that ends a
/// word follows Chinese with no space (新建 5G 基站 420 个2021—): pdftotext
/// set a cell's last line against the years column's, which the page
/// parts by a gap. (In prose a range goes on: 到2021—2025年.)
fn year_tails(chars: &[char]) -> Vec<usize> {
    let mut out = Vec::new();
    for i in 1..chars.len() {
        if !crate::text::is_han(chars[i - 1]) || !chars[i].is_ascii_digit() {
            continue;
        }
        let end = chars[i..]
            .iter()
            .position(|c| *c == ' ')
            .map_or(chars.len(), |p| i + p);
        let w: String = chars[i..end].iter().collect();
        if crate::clean::year_range_piece(&w) {
            out.push(i);
        }
    }
    out
}

fn height(lines: usize) -> f64 {
    (lines as f64 + 1.0) * PITCH
}

/// One page of laid-out text as glyphs.
fn page(lines: &[&str]) -> ([f64; 4], PageContent) {
    let h = height(lines.len());
    let mut content = PageContent::default();
    let mut width = 0usize;
    for (k, line) in lines.iter().enumerate() {
        let y = h - k as f64 * PITCH;
        let mut col = 0usize;
        let mut run_x = 0.0;
        let mut in_word = false;
        let chars: Vec<char> = line.chars().collect();
        let joins = code_spaces(&chars);
        let bridges = figure_spaces(&chars);
        let parts = year_tails(&chars);
        // Every character one size and face, on the line's baseline.
        let glyph = |text: String, x: f64, w: f64, run_x: f64| Glyph {
            text,
            x,
            y,
            w,
            run_x,
            run_y: y,
            size: CELL,
            bold: false,
            face: 0,
            code: None,
        };
        for (i, &ch) in chars.iter().enumerate() {
            match ch {
                '\t' => {
                    col = (col / TAB + 1) * TAB;
                    in_word = false;
                }
                '\r' => {}
                ' ' if bridges.contains(&i) => {
                    // Kept as a glyph, so that the text keeps its space,
                    // under the word before it, which reaches over it.
                    let x = col as f64 * CELL;
                    content.glyphs.push(glyph(" ".to_string(), x, CELL, run_x));
                    col += 1;
                }
                c if c.is_whitespace() => {
                    col += 1;
                    in_word = false;
                }
                c => {
                    let x = col as f64 * CELL;
                    if !in_word {
                        run_x = x;
                        in_word = true;
                    }
                    content.codes += 1;
                    // (Over the space after it, where that joins a word;
                    // short of the years set against it.)
                    let w = if joins.contains(&(i + 1)) || bridges.contains(&(i + 1)) {
                        2.0 * CELL
                    } else if parts.contains(&(i + 1)) {
                        0.5 * CELL
                    } else {
                        CELL
                    };
                    content.glyphs.push(glyph(c.to_string(), x, w, run_x));
                    col += 1;
                }
            }
        }
        width = width.max(col);
    }
    ([0.0, 0.0, (width as f64 + 1.0) * CELL, h + PITCH], content)
}

#[cfg(test)]
mod tests {
    fn code_spaces(line: &str) -> Vec<usize> {
        super::code_spaces(&line.chars().collect::<Vec<_>>())
    }

    fn year_tails(line: &str) -> Vec<usize> {
        super::year_tails(&line.chars().collect::<Vec<_>>())
    }

    #[test]
    fn spaces_around_a_code_in_chinese_join_it() {
        // 市域铁路 S1 线: both spaces; 5G 网络: the one after the code.
        assert_eq!(code_spaces("3   市域铁路 S1 线   线路全长"), vec![8, 11]);
        assert_eq!(code_spaces("5G 网络全覆盖工"), vec![2]);
        // A unit, a figure or a year beside a word is a cell of its own,
        // and a figure between words may have the author's spaces.
        assert!(code_spaces("公路里程 km 300").is_empty());
        assert!(code_spaces("专栏 3 养老服务项目").is_empty());
        assert!(code_spaces("建设冷库 2 万吨、分拣 2022—").is_empty());
        // Two spaces part columns.
        assert!(code_spaces("市域铁路  S1").is_empty());
    }

    fn figure_spaces(line: &str) -> Vec<usize> {
        super::figure_spaces(&line.chars().collect::<Vec<_>>())
    }

    #[test]
    fn spaces_around_a_figure_in_prose_and_before_a_years_word_are_bridged() {
        // Prose: both spaces around a figure between words.
        let mut prose = figure_spaces("至 2030 年，全省建成 12 个示范区。");
        prose.sort_unstable();
        assert_eq!(prose, vec![1, 6, 13, 16]);
        // A laid-out header: only the year's word; a figure beside a
        // column's gap stays apart.
        assert_eq!(figure_spaces("指标    单位   2030 年    属性"), vec![15]);
        assert!(figure_spaces("森林覆盖率 % 31 约束性   x").is_empty());
        assert!(figure_spaces("").is_empty());
    }

    #[test]
    fn years_set_against_a_word_are_parted_from_it() {
        assert_eq!(
            year_tails("3    新建 5G 基站 420 个2021—      12600"),
            vec![19]
        );
        assert_eq!(year_tails("改造 个2021-2025 年"), vec![4]);
        // Prose: the range goes on, or a year alone.
        assert!(year_tails("到2021—2025年，建成").is_empty());
        assert!(year_tails("到2025 年").is_empty());
    }
}
