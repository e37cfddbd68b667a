//! Stage 1, read: each input format has a reader that turns its bytes into
//! one [`Document`] — lines with their spans and, where the format says,
//! style hints ([`LineStyle`]) — and its tables as typed [`Grid`]s, the same
//! for every reader. The stages after this one never know which reader ran
//! (`source.format` records it).
//!
//! A table is a positioned block among the lines: each row of a [`Grid`] is
//! also one line of [`Document::lines`] (the grid names the range), so that
//! spans (page, line, bbox) and the stages that read lines (metadata, the
//! table of contents) see the table where it stands. That line's text is the
//! row's cells tab-separated ([`Grid::row_line`], written in one place), for
//! reading only: the clean stage takes a grid's cells from the grid, never
//! from the tabs. Word tables (`gridSpan`, `vMerge`), web-page tables
//! (`colspan`, `rowspan`) and the PDF path's ruled and borderless tables (OCR'd
//! scans and laid-out text included) and text tables drawn with rules
//! ([`ruled`]: pandoc's) hand over a grid; only plain text input
//! (tab rows, pipe tables, a cell per line, space-aligned rows) is still
//! recognized by the clean stage, which turns both into the same
//! [`crate::clean::RawTable`].
//!
//! | reader | module | notes |
//! |---|---|---|
//! | text (.txt, .md, stdin) | [`text`], [`ruled`] | encodings detected; tables drawn with rules (pandoc) and HTML tables in Markdown (MinerU, CommonMark) as grids; laid-out text read as a page |
//! | PDF | [`pdf`] | lopdf objects, our content-stream interpreter, layout, ruled and borderless tables |
//! | Word (.docx) | [`docx`] | zip + quick-xml: paragraphs, list numbers, merged cells, text boxes |
//! | Word 97–2003 (.doc, .wps) | [`doc`] | compound file (cfb), piece table, table cells and rows from paragraph properties |
//! | web page (.html) | [`html`] | charset, HTML5 parser, the article without the site's chrome |
//! | scans (PDF pages without text, .png/.jpg/.tif) | [`ocr`], [`image`] | image XObjects decoded, Tesseract's words placed as the PDF path's glyphs, then the PDF layout |

pub mod doc;
pub mod docx;
pub mod html;
pub mod image;
pub mod ocr;
pub mod pdf;
pub mod radicals;
pub mod ruled;
pub mod text;

use crate::model::{Format, Span, Warning};

/// A source document as lines, ready for cleaning.
#[derive(Debug, Clone)]
pub struct Document {
    pub format: Format,
    /// Detected text encoding (text and web-page input).
    pub encoding: Option<&'static str>,
    /// Page count (PDF input only).
    pub pages: Option<u32>,
    /// Each page's `[width, height]` in PDF points (PDF input only; None for
    /// a page that could not be read). Line bboxes count from the top-left
    /// corner of their page.
    pub page_sizes: Option<Vec<Option<[f64; 2]>>>,
    pub lines: Vec<SrcLine>,
    /// The tables, in document order, each over a range of `lines`.
    pub tables: Vec<Grid>,
    pub warnings: Vec<Warning>,
    /// Pages read by OCR (PDF scans, image files).
    pub ocr: Option<crate::model::Ocr>,
    /// A site's record of the document (web pages): its fields by label
    /// (发文字号, 成文日期, 发文机关), from the information table that the
    /// article's text leaves out.
    pub record: Vec<(String, String)>,
}

impl Document {
    /// Radicals for ideographs (⼀ for 一, ⺠ for 民): a converter that
    /// copied a PDF's ToUnicode map of a Skia-made PDF (pdfplumber,
    /// pdftotext, a browser's copy) hands them on in any format.
    pub fn fold_radicals(&mut self) {
        fn fold(s: &mut String) {
            // (And the two-em dash such a map gives for ——.)
            // U+2E00–U+2FFF (⸺ and the radicals) are E2 B8 80 … E2 BF BF in
            // UTF-8: a byte test.
            let b = s.as_bytes();
            if memchr::memchr_iter(0xE2, b)
                .any(|i| b.get(i + 1).is_some_and(|n| (0xB8..=0xBF).contains(n)))
            {
                let mut out = String::with_capacity(s.len());
                for c in s.chars() {
                    match c {
                        '\u{2E3A}' => out.push_str("——"),
                        c => out.push(radicals::ideograph(c).unwrap_or(c)),
                    }
                }
                *s = out;
            }
        }
        for l in &mut self.lines {
            fold(&mut l.text);
        }
        for g in &mut self.tables {
            for r in &mut g.rows {
                for c in &mut r.cells {
                    fold(&mut c.text);
                    c.paras.iter_mut().for_each(fold);
                }
            }
        }
    }
}

/// One line of the source, as decoded (markup and all).
#[derive(Debug, Clone)]
pub struct SrcLine {
    pub text: String,
    pub span: Span,
    /// How the page sets the line, where the reader knows (PDF).
    pub style: Option<LineStyle>,
}

/// What a page says about a line's look: hints the outline stage reads where
/// a document's headings carry no numbers.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct LineStyle {
    /// Font size over the document's body text size (1.0: body text).
    pub rel_size: f32,
    /// Set in a bold or 黑体 face.
    pub bold: bool,
    /// Its Chinese set in another face than the body text's (a 楷体 line in
    /// a 仿宋 document), where the reader knows faces (PDF).
    pub other_face: bool,
    /// Centred between the margins, reaching neither.
    pub centered: bool,
    /// The outline level a format declares (a Word heading style; 0 = top).
    pub level: Option<u8>,
    /// The first line of a page or column that the page shows going on with
    /// the paragraph before the break: that one filled its measure, this one
    /// is not indented as a new paragraph is (PDF).
    pub flows_on: bool,
}

/// Which reader's table structure a grid comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GridKind {
    /// A Word table (`w:tbl`).
    Word,
    /// A web page's `<table>`.
    Html,
    /// A PDF table drawn with rules.
    Ruled,
    /// A PDF table set without rules, found by its columns of text.
    Borderless,
    /// A table a text converter drew with rules (pandoc's simple,
    /// multiline and grid tables).
    Text,
}

/// A table as its reader found it: rows of cells, merged cells resolved.
///
/// Row `k` is the document's line `lines.start + k`, whose span is the row's.
/// A merged cell is one [`GridCell`] in its first row with its `colspan` and
/// `rowspan`; the positions it covers hold no cell. Spread out
/// ([`Grid::row_texts`]), its text stands in its first column of its first
/// row and the positions it covers are empty: a 类别 cell merged down is
/// printed once, a heading spanning columns is followed by empty cells.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    pub kind: GridKind,
    /// The lines of [`Document::lines`] the rows are, one each.
    pub lines: std::ops::Range<usize>,
    pub rows: Vec<GridRow>,
}

/// One row of a [`Grid`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GridRow {
    /// The cells that begin in this row, by column.
    pub cells: Vec<GridCell>,
    /// Column positions the row has: its own cells' and those that merged
    /// cells from rows above cover (rows may be ragged in Word and HTML).
    pub width: usize,
}

/// One cell of a [`GridRow`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GridCell {
    /// The cell's text as one line, as the stages read it: its paragraphs
    /// joined (as the reader always joined them), tabs as spaces.
    pub text: String,
    /// The cell's paragraphs (Word), `<br>`-parted lines (HTML) or printed
    /// lines (PDF), as the source has them.
    pub paras: Vec<String>,
    /// First column (0-based).
    pub col: usize,
    pub colspan: usize,
    pub rowspan: usize,
}

/// One position of a table row as a reader lays it out, before the grid is
/// built ([`Grid::build`]).
#[derive(Debug, Clone, PartialEq)]
pub enum Slot {
    /// A cell begins here, spanning `colspan` positions (the next
    /// `colspan - 1` slots are [`Slot::Left`]).
    Cell {
        text: String,
        paras: Vec<String>,
        colspan: usize,
    },
    /// Covered by the cell to the left.
    Left,
    /// Covered by the cell above (a vertical merge).
    Up,
}

impl Slot {
    /// A cell of `paras` (a Word cell's paragraphs, a web cell's
    /// `<br>`-parted lines) spanning `colspan` columns; its text the
    /// paragraphs joined, tabs and breaks as spaces.
    pub fn paragraphs(paras: Vec<String>, colspan: usize) -> Slot {
        Slot::Cell {
            text: paras.concat().replace(['\t', '\n'], " "),
            paras,
            colspan,
        }
    }

    /// A cell of one column whose text is its one paragraph (none if empty).
    pub fn text(text: String) -> Slot {
        Slot::Cell {
            paras: paras_of(&text),
            text,
            colspan: 1,
        }
    }
}

/// The one paragraph of a cell's text, or none.
fn paras_of(text: &str) -> Vec<String> {
    if text.is_empty() {
        Vec::new()
    } else {
        vec![text.to_string()]
    }
}

impl Grid {
    /// A grid from rows of slots, its rows the lines from `first_line` on.
    /// Rows with no text in any cell are left out (no line is made for
    /// them); a cell merged down counts only the rows kept. Returns the grid
    /// and which of the given rows it kept.
    pub fn build(kind: GridKind, rows: Vec<Vec<Slot>>, first_line: usize) -> (Grid, Vec<usize>) {
        let blank = |r: &[Slot]| {
            r.iter().all(|s| match s {
                Slot::Cell { text, .. } => text.trim().is_empty(),
                _ => true,
            })
        };
        let mut out: Vec<GridRow> = Vec::new();
        // The cell last begun in each column: (row, index in the row).
        let mut origin: Vec<Option<(usize, usize)>> = Vec::new();
        let mut kept = Vec::new();
        for (i, slots) in rows.into_iter().enumerate() {
            if blank(&slots) {
                continue;
            }
            kept.push(i);
            let r = out.len();
            let mut row = GridRow {
                cells: Vec::new(),
                width: slots.len(),
            };
            if origin.len() < slots.len() {
                origin.resize(slots.len(), None);
            }
            let mut left: Option<usize> = None;
            for (c, s) in slots.into_iter().enumerate() {
                match s {
                    Slot::Cell {
                        text,
                        paras,
                        colspan,
                    } => {
                        row.cells.push(GridCell {
                            text,
                            paras,
                            col: c,
                            colspan: colspan.max(1),
                            rowspan: 1,
                        });
                        left = Some(row.cells.len() - 1);
                        origin[c] = Some((r, row.cells.len() - 1));
                    }
                    Slot::Left => {
                        // After an Up slot the column stays with the cell above.
                        if let Some(k) = left {
                            origin[c] = Some((r, k));
                        }
                    }
                    Slot::Up => {
                        if let Some((r0, k)) = origin[c] {
                            let cell = &mut out[r0].cells[k];
                            // Count each covered row once (at the cell's first column).
                            if cell.col == c && r0 + cell.rowspan == r {
                                cell.rowspan += 1;
                            }
                        }
                        left = None;
                    }
                }
            }
            out.push(row);
        }
        let grid = Grid {
            kind,
            lines: first_line..first_line + out.len(),
            rows: out,
        };
        (grid, kept)
    }

    /// The line texts of the rows ([`Grid::row_line`]).
    pub fn row_lines(&self) -> Vec<String> {
        self.rows.iter().map(Grid::row_line).collect()
    }

    /// A row's cells spread over its positions: each cell's text in its
    /// first column, the positions merged cells cover empty.
    pub fn row_texts(row: &GridRow) -> Vec<String> {
        let width = row
            .cells
            .iter()
            .map(|c| c.col + 1)
            .max()
            .unwrap_or(0)
            .max(row.width);
        let mut v = vec![String::new(); width];
        for c in &row.cells {
            v[c.col] = c.text.clone();
        }
        v
    }

    /// A row of one-column cells with these texts.
    pub fn dense_row(texts: Vec<String>) -> GridRow {
        GridRow {
            width: texts.len(),
            cells: texts
                .into_iter()
                .enumerate()
                .map(|(col, text)| GridCell {
                    paras: paras_of(&text),
                    text,
                    col,
                    colspan: 1,
                    rowspan: 1,
                })
                .collect(),
        }
    }

    /// The line a row shows among the document's lines: its cells
    /// tab-separated (a tab inside a cell as a space), at least three fields.
    pub fn row_line(row: &GridRow) -> String {
        let cells: Vec<String> = Grid::row_texts(row)
            .into_iter()
            .map(|c| c.replace('\t', " "))
            .collect();
        let mut line = cells.join("\t");
        while line.matches('\t').count() < 2 {
            line.push('\t');
        }
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(t: &str, colspan: usize) -> Slot {
        Slot::Cell {
            text: t.into(),
            paras: vec![t.into()],
            colspan,
        }
    }

    #[test]
    fn radicals_a_converter_copied_are_folded() {
        let mut doc =
            crate::read::text::text_document("⼀、总体要求\n⸺⺠政⾃⾝建设明显改善。\n".as_bytes())
                .unwrap();
        doc.fold_radicals();
        let lines: Vec<&str> = doc.lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(lines[..2], ["一、总体要求", "——民政自身建设明显改善。"]);
    }

    #[test]
    fn merged_cells_and_blank_rows() {
        // 类别 merged down over two rows (a blank row between them is left
        // out), 目标 across two columns, a row end left empty.
        let rows = vec![
            vec![cell("类别", 1), cell("目标", 2), Slot::Left],
            vec![Slot::Up, cell("", 1), cell("", 1), cell("", 1)],
            vec![Slot::Up, cell("2020年", 1), cell("2025年", 1), cell("", 1)],
        ];
        let (g, kept) = Grid::build(GridKind::Html, rows, 5);
        assert_eq!(kept, [0, 2]);
        assert_eq!(g.lines, 5..7);
        assert_eq!(g.rows[0].cells[0].rowspan, 2);
        assert_eq!((g.rows[0].cells[1].col, g.rows[0].cells[1].colspan), (1, 2));
        assert_eq!(g.rows[1].cells[0].col, 1);
        assert_eq!(Grid::row_texts(&g.rows[1]), ["", "2020年", "2025年", ""]);
        assert_eq!(g.row_lines(), ["类别\t目标\t", "\t2020年\t2025年\t"]);
    }

    #[test]
    fn short_rows_show_three_fields() {
        let (g, _) = Grid::build(GridKind::Ruled, vec![vec![cell("a", 1), cell("b", 1)]], 0);
        assert_eq!(Grid::row_texts(&g.rows[0]), ["a", "b"]);
        assert_eq!(g.row_lines(), ["a\tb\t"]);
    }
}
