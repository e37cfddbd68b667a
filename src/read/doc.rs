//! Reader for Word 97–2003 binary files (.doc; WPS and LibreOffice save the
//! same format), still the common attachment of government sites: bytes →
//! the same [`Document`] of lines and table [`Grid`]s the .docx reader gives.
//!
//! - The compound file (`cfb`) holds the `WordDocument` stream, whose File
//!   Information Block (FIB) says where the text's piece table is (the `Clx`
//!   in the `0Table` or `1Table` stream) and how long the main document is.
//! - The piece table maps character positions to the stream: each piece is
//!   UTF-16 or, "compressed", one byte a character (Windows-1252).
//! - Paragraph properties (PAPX in 512-byte FKP pages, found through the
//!   `PlcBtePapx`) say which paragraphs stand in a table and which mark a
//!   row's end (`sprmPFInTable`, `sprmPFTtp`); a cell's paragraphs end with
//!   a cell mark (0x07). Each row is one line, its cells tab-separated, as the
//!   other readers set their grids.
//! - Fields keep their result, not their code (`TOC \o "1-3"`, `PAGE`);
//!   pictures and footnote marks go.
//!
//! Not read: styles (a heading's level comes from its numbering, as in
//! text), list numbers Word draws from its list tables rather than the text,
//! cells merged across (a merged cell is one cell of its row), headers,
//! footers, footnotes and text boxes.

use crate::error::InputError;
use crate::model::{Format, Span};
use crate::read::{Document, Grid, GridKind, Slot, SrcLine};
use std::io::{Cursor, Read};

/// Most pieces a piece table may have.
const MAX_PIECES: usize = 1 << 20;
/// Most characters read from the main document.
const MAX_CHARS: usize = 1 << 26;
/// Most paragraph-property pages read.
const MAX_FKP_PAGES: usize = 1 << 16;
/// Deepest nesting of fields followed.
const MAX_FIELD_DEPTH: usize = 64;

const CELL_MARK: char = '\u{7}';

fn bad(detail: impl Into<String>) -> InputError {
    InputError::NotText {
        detail: format!(
            "not a readable Word 97–2003 file: {}; convert it to .docx or PDF \
             (soffice --headless --convert-to docx FILE)",
            detail.into()
        ),
    }
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    b.get(at..at + 2).map(|s| u16::from_le_bytes([s[0], s[1]]))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    b.get(at..at + 4)
        .map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

/// Whether the bytes are a compound file holding a Word document.
pub fn is_doc(bytes: &[u8]) -> bool {
    bytes.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")
        && holds_word_document(Cursor::new(bytes))
}

/// Whether a compound file (read from its header and directory only, not
/// its streams) holds a Word document.
pub fn holds_word_document<F: std::io::Read + std::io::Seek>(f: F) -> bool {
    cfb::CompoundFile::open(f).is_ok_and(|c| c.is_stream("/WordDocument"))
}

fn stream(c: &mut cfb::CompoundFile<Cursor<&[u8]>>, name: &str) -> Result<Vec<u8>, InputError> {
    let mut s = c
        .open_stream(name)
        .map_err(|e| bad(format!("no {name} stream ({e})")))?;
    let mut out = Vec::new();
    s.read_to_end(&mut out)
        .map_err(|e| bad(format!("{name}: {e}")))?;
    Ok(out)
}

/// One piece of the text: its characters `cp..cp_end`, where they begin in
/// the WordDocument stream, and whether one byte holds a character.
struct Piece {
    cp: u32,
    cp_end: u32,
    fc: u32,
    compressed: bool,
}

impl Piece {
    /// The stream offset of character `cp` of this piece.
    fn fc_of(&self, cp: u32) -> u32 {
        let k = cp - self.cp;
        if self.compressed {
            self.fc + k
        } else {
            self.fc + 2 * k
        }
    }
}

/// A paragraph's table properties: in a table, and ending its row.
#[derive(Clone, Copy, Default)]
struct Pap {
    in_table: bool,
    row_end: bool,
}

/// Read a Word 97–2003 file into document lines.
pub fn doc_document(bytes: &[u8]) -> Result<Document, InputError> {
    let mut cf = cfb::CompoundFile::open(Cursor::new(bytes))
        .map_err(|e| bad(format!("not a compound file ({e})")))?;
    let word = stream(&mut cf, "/WordDocument")?;
    if u16_at(&word, 0) != Some(0xA5EC) {
        return Err(bad("the WordDocument stream does not begin with a FIB"));
    }
    let flags = u16_at(&word, 0x0A).unwrap_or(0);
    if flags & 0x0100 != 0 {
        return Err(bad(
            "it is encrypted; open it in Word or WPS and save it unprotected",
        ));
    }
    let table_name = if flags & 0x0200 != 0 {
        "/1Table"
    } else {
        "/0Table"
    };
    let table = stream(&mut cf, table_name)?;
    let field = |at: usize| u32_at(&word, at).ok_or_else(|| bad("the FIB is cut short"));
    let ccp_text = field(0x4C)? as usize;
    let (fc_clx, lcb_clx) = (field(0x1A2)? as usize, field(0x1A6)? as usize);
    let (fc_papx, lcb_papx) = (field(0x102)? as usize, field(0x106)? as usize);
    let pieces = pieces(&table, fc_clx, lcb_clx)?;
    // (Properties too long for their page stand in the Data stream.)
    let data = stream(&mut cf, "/Data").unwrap_or_default();
    let paps = paragraph_properties(&word, &table, &data, fc_papx, lcb_papx);
    // The main document's characters, with the stream offset of each.
    let mut chars: Vec<(char, u32)> = Vec::with_capacity(ccp_text.min(MAX_CHARS).min(word.len()));
    let end = ccp_text.min(MAX_CHARS) as u32;
    for p in &pieces {
        if p.cp >= end {
            break;
        }
        let n = (p.cp_end.min(end) - p.cp) as usize;
        let bytes_per_char = if p.compressed { 1 } else { 2 };
        let start = p.fc as usize;
        let Some(b) = word.get(start..start + bytes_per_char * n) else {
            return Err(bad("a piece of text lies outside the stream"));
        };
        if p.compressed {
            for (k, &byte) in b.iter().enumerate() {
                chars.push((cp1252(byte), p.fc_of(p.cp + k as u32)));
            }
        } else {
            let units: Vec<u16> = b
                .chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .collect();
            let mut k = 0u32;
            for c in char::decode_utf16(units.iter().copied()) {
                let c = c.unwrap_or('\u{FFFD}');
                chars.push((c, p.fc_of(p.cp + k)));
                k += c.len_utf16() as u32;
            }
        }
    }
    let pap_at = |fc: u32| -> Pap {
        let k = paps.partition_point(|(start, _, _)| *start <= fc);
        match k.checked_sub(1).map(|k| paps[k]) {
            Some((start, end, p)) if fc >= start && fc < end => p,
            _ => Pap::default(),
        }
    };
    let mut b = Builder::default();
    // Fields: in a field's code (before its separator) text is dropped.
    let mut fields: Vec<bool> = Vec::new();
    for &(c, fc) in &chars {
        match c {
            '\u{13}' => {
                if fields.len() < MAX_FIELD_DEPTH {
                    fields.push(true);
                }
            }
            '\u{14}' => {
                if let Some(f) = fields.last_mut() {
                    *f = false;
                }
            }
            '\u{15}' => {
                fields.pop();
            }
            _ if fields.iter().any(|&code| code) => {}
            '\r' => b.end_paragraph(pap_at(fc), false),
            '\u{0C}' => b.end_paragraph(Pap::default(), false),
            '\u{0B}' => b.line_break(),
            CELL_MARK => b.end_paragraph(pap_at(fc), true),
            '\u{1E}' => b.cur.push('-'),
            '\u{A0}' => b.cur.push(' '),
            '\t' => b.cur.push('\t'),
            // Pictures, drawn objects, footnote and comment marks, soft
            // hyphens and other controls.
            c if (c as u32) < 0x20 || c == '\u{1F}' => {}
            c => b.cur.push(c),
        }
    }
    b.end_paragraph(Pap::default(), false);
    b.close_table();
    if b.lines.iter().all(|l| l.text.trim().is_empty()) {
        return Err(InputError::Empty);
    }
    Ok(Document {
        format: Format::Doc,
        encoding: None,
        pages: None,
        page_sizes: None,
        lines: b.lines,
        tables: b.grids,
        warnings: Vec::new(),
        ocr: None,
        record: Vec::new(),
    })
}

/// The piece table of the `Clx` at `fc..fc + lcb` of the table stream.
fn pieces(table: &[u8], fc: usize, lcb: usize) -> Result<Vec<Piece>, InputError> {
    let clx = table
        .get(fc..fc.saturating_add(lcb))
        .ok_or_else(|| bad("the piece table lies outside the table stream"))?;
    let mut k = 0;
    // Property modifiers (Prc) come first; then the piece table (Pcdt).
    while clx.get(k) == Some(&1) {
        let cb = u16_at(clx, k + 1).ok_or_else(|| bad("the piece table is cut short"))?;
        k += 3 + cb as usize;
    }
    if clx.get(k) != Some(&2) {
        return Err(bad("no piece table"));
    }
    let lcb = u32_at(clx, k + 1).ok_or_else(|| bad("the piece table is cut short"))? as usize;
    let plc = clx
        .get(k + 5..(k + 5).saturating_add(lcb))
        .ok_or_else(|| bad("the piece table is cut short"))?;
    if lcb < 4 || (lcb - 4) % 12 != 0 {
        return Err(bad("the piece table has an odd size"));
    }
    let n = ((lcb - 4) / 12).min(MAX_PIECES);
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let cp = u32_at(plc, 4 * i).unwrap_or(0);
        let cp_end = u32_at(plc, 4 * (i + 1)).unwrap_or(cp);
        let raw = u32_at(plc, 4 * (n + 1) + 8 * i + 2).unwrap_or(0);
        if cp_end <= cp {
            continue;
        }
        let compressed = raw & 0x4000_0000 != 0;
        let fc = if compressed {
            (raw & !0x4000_0000) / 2
        } else {
            raw
        };
        out.push(Piece {
            cp,
            cp_end,
            fc,
            compressed,
        });
    }
    out.sort_by_key(|p| p.cp);
    Ok(out)
}

/// The table properties of the paragraphs, as (first stream offset, end,
/// properties) runs in order, from the PAPX pages the `PlcBtePapx` lists.
/// Pages that cannot be read give no properties (their paragraphs read as
/// text outside tables).
fn paragraph_properties(
    word: &[u8],
    table: &[u8],
    data: &[u8],
    fc: usize,
    lcb: usize,
) -> Vec<(u32, u32, Pap)> {
    let Some(plc) = table.get(fc..fc.saturating_add(lcb)) else {
        return Vec::new();
    };
    if plc.len() < 4 {
        return Vec::new();
    }
    let n = ((plc.len() - 4) / 8).min(MAX_FKP_PAGES);
    let mut out = Vec::new();
    for i in 0..n {
        let Some(pn) = u32_at(plc, 4 * (n + 1) + 4 * i) else {
            break;
        };
        let at = (pn & 0x3F_FFFF) as usize * 512;
        let Some(page) = word.get(at..at + 512) else {
            continue;
        };
        let crun = page[511] as usize;
        for r in 0..crun {
            let (Some(start), Some(end)) = (u32_at(page, 4 * r), u32_at(page, 4 * (r + 1))) else {
                break;
            };
            let bx = 4 * (crun + 1) + 13 * r;
            let off = page.get(bx).map_or(0, |&o| 2 * o as usize);
            let pap = if off == 0 {
                Pap::default()
            } else {
                papx(page, off, data)
            };
            out.push((start, end, pap));
        }
    }
    out.sort_by_key(|r| r.0);
    out
}

/// The table properties a `PapxInFkp` at `off` of its page sets.
fn papx(page: &[u8], off: usize, data: &[u8]) -> Pap {
    let Some(&cb) = page.get(off) else {
        return Pap::default();
    };
    let (start, len) = if cb == 0 {
        (
            off + 2,
            2 * page.get(off + 1).copied().unwrap_or(0) as usize,
        )
    } else {
        (off + 1, 2 * cb as usize - 1)
    };
    let Some(grp) = page.get(start..(start + len).min(page.len())) else {
        return Pap::default();
    };
    // The style index (istd), then the properties (sprms).
    let mut pap = Pap::default();
    sprms(grp.get(2..).unwrap_or_default(), data, &mut pap, true);
    pap
}

/// Read the table properties of a run of sprms into `pap`; `huge`: a
/// pointer to a longer run in the Data stream may be followed (once).
fn sprms(grp: &[u8], data: &[u8], pap: &mut Pap, huge: bool) {
    let mut k = 0;
    while k + 2 <= grp.len() {
        let sprm = u16_at(grp, k).unwrap_or(0);
        k += 2;
        let operand = |k: usize| grp.get(k).copied().unwrap_or(0);
        match sprm {
            // sprmPFInTable, sprmPFTtp.
            0x2416 => pap.in_table = operand(k) != 0,
            0x2417 => pap.row_end = operand(k) != 0,
            // sprmPItap: the table depth.
            0x6649 => pap.in_table |= u32_at(grp, k).unwrap_or(0) > 0,
            // sprmPHugePapx: the properties, at an offset of the Data
            // stream (a two-byte size, then the sprms).
            0x6645 | 0x6646 if huge => {
                let at = u32_at(grp, k).unwrap_or(u32::MAX) as usize;
                if let Some(n) = u16_at(data, at) {
                    let run = data.get(at + 2..(at + 2 + n as usize).min(data.len()));
                    sprms(run.unwrap_or_default(), data, pap, false);
                }
            }
            _ => {}
        }
        let size = match sprm >> 13 {
            0 | 1 => 1,
            2 | 4 | 5 => 2,
            3 => 4,
            7 => 3,
            _ => match sprm {
                // sprmTDefTable: a two-byte size, counting one more.
                0xD608 => u16_at(grp, k).map_or(grp.len(), |n| n as usize + 1),
                // sprmPChgTabs with its long form: stop.
                0xC615 if operand(k) == 255 => return,
                _ => 1 + operand(k) as usize,
            },
        };
        k += size;
    }
}

/// Windows-1252, as the "compressed" pieces are written.
fn cp1252(b: u8) -> char {
    let byte = [b];
    let (text, _, _) = encoding_rs::WINDOWS_1252.decode(&byte);
    text.chars().next().unwrap_or('\u{FFFD}')
}

/// Lines and grids as the paragraphs and cells come.
#[derive(Default)]
struct Builder {
    lines: Vec<SrcLine>,
    grids: Vec<Grid>,
    /// The open paragraph's text.
    cur: String,
    /// Paragraphs read, for spans.
    paragraphs: usize,
    /// The open cell's paragraphs, the open row's cells, the table's rows.
    cell: Vec<String>,
    row: Vec<Vec<String>>,
    rows: Vec<Vec<Vec<String>>>,
}

impl Builder {
    fn line_break(&mut self) {
        if self.in_table() {
            self.cell.push(std::mem::take(&mut self.cur));
        } else {
            self.end_paragraph(Pap::default(), false);
        }
    }

    fn in_table(&self) -> bool {
        !self.cell.is_empty() || !self.row.is_empty() || !self.rows.is_empty()
    }

    /// The open paragraph ends: with a paragraph mark, or a cell mark that
    /// ends a cell or (row end) a row.
    fn end_paragraph(&mut self, pap: Pap, cell_mark: bool) {
        self.paragraphs += 1;
        let text = std::mem::take(&mut self.cur);
        if cell_mark && pap.row_end {
            if !self.cell.is_empty() {
                let cell = std::mem::take(&mut self.cell);
                self.row.push(cell);
            }
            let row = std::mem::take(&mut self.row);
            self.rows.push(row);
            return;
        }
        if cell_mark {
            self.cell.push(text);
            let cell = std::mem::take(&mut self.cell);
            self.row.push(cell);
            return;
        }
        if pap.in_table {
            // A cell's paragraph before its last.
            self.cell.push(text);
            return;
        }
        self.close_table();
        if !text.trim().is_empty() {
            self.lines.push(SrcLine {
                text,
                span: Span::line(self.paragraphs),
                style: None,
            });
        }
    }

    fn close_table(&mut self) {
        // A row or cell left open (no row-end mark was read) is a row still.
        if !self.cell.is_empty() {
            let cell = std::mem::take(&mut self.cell);
            self.row.push(cell);
        }
        if !self.row.is_empty() {
            let row = std::mem::take(&mut self.row);
            self.rows.push(row);
        }
        if self.rows.is_empty() {
            return;
        }
        let rows = std::mem::take(&mut self.rows);
        let width = rows.iter().map(Vec::len).max().unwrap_or(0);
        if width <= 1 {
            // A frame around a 专栏: its paragraphs as lines.
            for p in rows.into_iter().flatten().flatten() {
                if !p.trim().is_empty() {
                    self.lines.push(SrcLine {
                        text: p,
                        span: Span::line(self.paragraphs),
                        style: None,
                    });
                }
            }
            return;
        }
        let slots: Vec<Vec<Slot>> = rows
            .into_iter()
            .map(|r| {
                r.into_iter()
                    .map(|paras| {
                        let paras = paras
                            .into_iter()
                            .map(|p| p.trim().to_string())
                            .filter(|p| !p.is_empty())
                            .collect();
                        Slot::paragraphs(paras, 1)
                    })
                    .collect()
            })
            .collect();
        let (grid, _) = Grid::build(GridKind::Word, slots, self.lines.len());
        for l in grid.row_lines() {
            self.lines.push(SrcLine {
                text: l,
                span: Span::line(self.paragraphs),
                style: None,
            });
        }
        self.grids.push(grid);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cp1252_bytes() {
        assert_eq!(cp1252(b'A'), 'A');
        assert_eq!(cp1252(0x93), '“');
        assert_eq!(cp1252(0x96), '–');
    }

    #[test]
    fn not_a_word_file() {
        assert!(!is_doc(b"hello"));
        assert!(!is_doc(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 old word"));
        assert!(doc_document(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 broken").is_err());
    }
}
