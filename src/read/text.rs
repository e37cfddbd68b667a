//! The text reader: bytes → [`Document`], a list of source lines.
//!
//! Text files are decoded (UTF-8 with or without BOM, UTF-16 with BOM or
//! recognizably without, GB18030/GBK) and split into lines; each line keeps its
//! 1-based line number, which every later span points back to.

pub use super::{Document, LineStyle, SrcLine};
use crate::error::InputError;
use crate::model::{Format, Span, Warning};
use crate::text::is_han;
use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE, WINDOWS_1252};
use regex::Regex;
use std::sync::LazyLock;

/// Share of undecodable or control characters above which bytes are not text.
const MAX_JUNK_RATIO: f64 = 0.05;

/// Decode the bytes of a text file into a [`Document`].
pub fn text_document(bytes: &[u8]) -> Result<Document, InputError> {
    let (text, encoding, mut warnings) = decode(bytes)?;
    if text
        .trim_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}')
        .is_empty()
    {
        return Err(InputError::Empty);
    }
    let mut lines = split_lines(&text)
        .enumerate()
        .map(|(i, l)| SrcLine {
            text: l.to_string(),
            span: Span::line(i + 1),
            style: None,
        })
        .collect::<Vec<_>>();
    if letter_spaced(&lines) {
        for l in &mut lines {
            join_letter_spaced(&mut l.text);
        }
    }
    // Text set out in columns with spaces (pdftotext -layout) is read as a
    // page, so that its tables keep their columns.
    let mut tables = Vec::new();
    if let Some((l, t)) = super::html::tables_in_text(&lines) {
        (lines, tables) = (l, t);
    } else if let Some((l, t)) = super::ruled::tables(&lines) {
        (lines, tables) = (l, t);
    } else if super::pdf::textpage::looks_laid_out(&lines) {
        (lines, tables) = super::pdf::textpage::laid_out_lines(&lines);
    }
    if lines.iter().all(|l| l.text.chars().count() < 2) && lines.len() > 1000 {
        warnings.push(Warning::new(
            "suspicious-text",
            "almost every line has fewer than two characters",
            None,
        ));
    }
    Ok(Document {
        format: Format::Text,
        encoding: Some(encoding),
        pages: None,
        page_sizes: None,
        lines,
        tables,
        warnings,
        ocr: None,
        record: Vec::new(),
    })
}

/// A year set apart digit by digit (`2 0 2 5 年`).
static SPACED_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|[^\d.]) ?[12] \d \d \d ?年").unwrap());
static YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[12]\d{3} ?年").unwrap());
/// Spaced years a text must show, at least as many as whole ones, to be
/// read as set apart character by character.
const MIN_SPACED_YEARS: usize = 3;

/// Whether a converter set the text's digits apart one by one, as
/// pdftotext does with a page whose characters stand on a grid (Word's
/// 文档网格; `6 3 . 3`, `2 0 2 0 年`): its years say so, since no plan
/// writes a year so.
fn letter_spaced(lines: &[SrcLine]) -> bool {
    let with_years = || lines.iter().filter(|l| l.text.contains('年'));
    let count = |re: &Regex| -> usize { with_years().map(|l| re.find_iter(&l.text).count()).sum() };
    // (Whole years are counted only where spaced ones are many: most texts
    // have none.)
    let spaced = count(&SPACED_YEAR);
    spaced >= MIN_SPACED_YEARS && spaced >= count(&YEAR)
}

/// Runs of digits (and decimal points) set apart by single spaces joined;
/// in a line of columns the spaces move after the run, so that the columns
/// of laid-out text stay where they are (`6 3 . 3   7 5` → `63.3      75 `).
fn join_letter_spaced(t: &mut String) {
    if !t.contains(' ') {
        return;
    }
    let c: Vec<char> = t.chars().collect();
    let piece = |k: usize| c.get(k).is_some_and(|x| x.is_ascii_digit() || *x == '.');
    // (Only a line set in columns keeps its length: running text keeps
    // the length a hard wrap measured.)
    let columns = t.trim().contains("  ");
    let mut out = String::with_capacity(t.len());
    let mut k = 0;
    while k < c.len() {
        // A run: single digits or points, each a space from the next.
        if c[k].is_ascii_digit() && (k == 0 || !c[k - 1].is_ascii_alphanumeric()) && !piece(k + 1) {
            let mut end = k + 1;
            while c.get(end) == Some(&' ') && piece(end + 1) && !piece(end + 2) {
                end += 2;
            }
            let run: String = c[k..end].iter().filter(|x| **x != ' ').collect();
            out.push_str(&run);
            if columns {
                out.extend(std::iter::repeat_n(' ', end - k - run.chars().count()));
            } else if c.get(end) == Some(&' ')
                && c.get(end + 1)
                    .is_some_and(|u| "年月日号〕⽉⽇".contains(*u))
            {
                // (The blank of the last digit's cell before its unit.)
                k = end + 1;
                continue;
            }
            k = end;
        } else {
            out.push(c[k]);
            k += 1;
        }
    }
    *t = out;
}

/// Decode a Markdown file: a text file whose punctuation is Markdown's
/// "smart" punctuation, as pandoc writes it. Chinese text's “” and —— come
/// out of `pandoc -t markdown` as straight quotes and `------`; in text
/// with Han characters they are read back.
pub fn markdown_document(bytes: &[u8]) -> Result<Document, InputError> {
    let mut doc = text_document(bytes)?;
    // A ruled table's cells were cut at their columns before (the dashes
    // count in the widths); its rows' lines are made again from them.
    let mut in_grid = vec![false; doc.lines.len()];
    for g in &mut doc.tables {
        for (k, row) in g.rows.iter_mut().enumerate() {
            for c in &mut row.cells {
                // A cell of dashes alone is a dash (`---` for "—", no data).
                let dashes = c.text.len() >= 3 && c.text.bytes().all(|b| b == b'-');
                if dashes || c.text.chars().any(is_han) {
                    smart_punctuation(std::slice::from_mut(&mut c.text), true);
                    smart_punctuation(&mut c.paras, true);
                }
            }
            if let Some(l) = doc.lines.get_mut(g.lines.start + k) {
                l.text = super::Grid::row_line(row);
                in_grid[g.lines.start + k] = true;
            }
        }
    }
    // Quotes pair up within a paragraph, which pandoc wraps over lines.
    let mut k = 0;
    while k < doc.lines.len() {
        let para = k..(k..doc.lines.len())
            .find(|&j| in_grid[j] || doc.lines[j].text.trim().is_empty())
            .unwrap_or(doc.lines.len());
        k = para.end + 1;
        let lines = &mut doc.lines[para];
        let marks = |t: &str| t.contains('"') || t.contains("---");
        if lines.iter().any(|l| marks(&l.text)) && lines.iter().any(|l| l.text.chars().any(is_han))
        {
            let mut texts: Vec<String> = lines
                .iter_mut()
                .map(|l| std::mem::take(&mut l.text))
                .collect();
            smart_punctuation(&mut texts, false);
            for (l, t) in lines.iter_mut().zip(texts) {
                l.text = t;
            }
        }
    }
    Ok(doc)
}

/// `"十四五"` → `“十四五”` where the straight quotes of `texts` (a
/// paragraph's lines, or a cell's) pair up, and `---` → `—` in a line with
/// Han characters (or of dashes alone, in a cell: a line of them is a rule).
fn smart_punctuation(texts: &mut [String], cell: bool) {
    let pair = texts.iter().map(|t| t.matches('"').count()).sum::<usize>() % 2 == 0;
    let mut open = false;
    for t in texts.iter_mut() {
        if t.contains("---") && (t.chars().any(is_han) || (cell && t.bytes().all(|b| b == b'-'))) {
            *t = t.replace("---", "—");
        }
        if pair && t.contains('"') {
            *t = t
                .chars()
                .map(|c| match c {
                    '"' => {
                        open = !open;
                        if open {
                            '“'
                        } else {
                            '”'
                        }
                    }
                    c => c,
                })
                .collect();
        }
    }
}

/// Lines split on LF, CRLF or a lone CR.
fn split_lines(text: &str) -> impl Iterator<Item = &str> {
    let lone_cr = !text.contains('\n') && text.contains('\r');
    let sep = if lone_cr { '\r' } else { '\n' };
    text.split(sep).map(|l| l.strip_suffix('\r').unwrap_or(l))
}

/// Decode text bytes, naming the encoding found.
pub fn decode(bytes: &[u8]) -> Result<(String, &'static str, Vec<Warning>), InputError> {
    if bytes.is_empty() {
        return Err(InputError::Empty);
    }
    let mut warnings = Vec::new();
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        let (s, bad) = lossy(encoding_rs::UTF_8, rest);
        note_bad(&mut warnings, bad, "utf-8");
        return finish(s, "utf-8-bom", warnings);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        let (s, bad) = lossy(UTF_16LE, rest);
        note_bad(&mut warnings, bad, "utf-16le");
        return finish(s, "utf-16le", warnings);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        let (s, bad) = lossy(UTF_16BE, rest);
        note_bad(&mut warnings, bad, "utf-16be");
        return finish(s, "utf-16be", warnings);
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        if let Some(fixed) = latin1_mojibake(s) {
            warnings.push(Warning::new(
                "mojibake-repaired",
                "the text is GBK (GB18030) that a converter read as Latin-1 and wrote as UTF-8; it was read back as GB18030",
                None,
            ));
            return finish(fixed, "utf-8 (gb18030 read as latin-1)", warnings);
        }
        return finish(s.to_string(), "utf-8", warnings);
    }
    // UTF-16 without BOM: NUL bytes concentrated on one parity.
    let sample = &bytes[..bytes.len().min(4096)];
    let nul_even = sample.iter().step_by(2).filter(|b| **b == 0).count();
    let nul_odd = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|b| **b == 0)
        .count();
    let half = sample.len() / 2;
    if half >= 8 && (nul_odd * 10 >= half * 3 || nul_even * 10 >= half * 3) {
        let (enc, name) = if nul_odd > nul_even {
            (UTF_16LE, "utf-16le")
        } else {
            (UTF_16BE, "utf-16be")
        };
        let (s, bad) = lossy(enc, bytes);
        note_bad(&mut warnings, bad, name);
        return finish(s, name, warnings);
    }
    if bytes.contains(&0) {
        return Err(InputError::NotText {
            detail: "contains NUL bytes and is not UTF-16".into(),
        });
    }
    let (s, bad) = lossy(GB18030, bytes);
    note_bad(&mut warnings, bad, "gb18030");
    finish(s, "gb18030", warnings)
}

/// Chinese text that a converter took for Latin-1 (pandoc does with a GBK
/// web page that names no charset): every character below U+0100, most
/// non-ASCII ones, and their bytes clean GB18030 that is mostly Han.
fn latin1_mojibake(s: &str) -> Option<String> {
    // Text in its own script shows it at once: a look at the start first.
    let head = crate::text::prefix_chars(s, 2048);
    let beyond_at_head = head.chars().filter(|c| *c as u32 > 0xFF).count();
    if beyond_at_head * 20 > head.chars().filter(|c| !c.is_ascii()).count() {
        return None;
    }
    let high = s.chars().filter(|c| !c.is_ascii()).count();
    let beyond = s.chars().filter(|c| *c as u32 > 0xFF).count();
    if high < 64 || beyond * 20 > high {
        return None;
    }
    // Bytes 0x80-0x9F come as Windows-1252 gives them (pandoc's – for the
    // 0x96 of 〇's A9 96).
    let mut bytes: Vec<u8> = Vec::with_capacity(s.len());
    for c in s.chars() {
        if c as u32 <= 0xFF {
            bytes.push(c as u32 as u8);
        } else {
            let mut buf = [0u8; 4];
            let (b, _, unmappable) = WINDOWS_1252.encode(c.encode_utf8(&mut buf));
            if unmappable || b.len() != 1 {
                return None;
            }
            bytes.push(b[0]);
        }
    }
    let (fixed, _, bad) = GB18030.decode(&bytes);
    let han = fixed.chars().filter(|c| is_han(*c)).count();
    // Two Latin-1 characters make one Han character.
    (!bad && han * 2 * 10 >= high * 8).then(|| fixed.into_owned())
}

/// Decode with replacement, counting replaced sequences.
fn lossy(enc: &'static Encoding, bytes: &[u8]) -> (String, usize) {
    let (s, _) = enc.decode_without_bom_handling(bytes);
    let bad = s.chars().filter(|c| *c == '\u{FFFD}').count();
    (s.into_owned(), bad)
}

fn note_bad(warnings: &mut Vec<Warning>, bad: usize, enc: &str) {
    if bad > 0 {
        warnings.push(Warning::new(
            "invalid-bytes",
            format!("{bad} characters could not be decoded as {enc} and were replaced by U+FFFD"),
            None,
        ));
    }
}

/// Refuse decoded text that is mostly junk (binary read as text).
fn finish(
    s: String,
    enc: &'static str,
    warnings: Vec<Warning>,
) -> Result<(String, &'static str, Vec<Warning>), InputError> {
    let mut total = 0usize;
    let mut junk = 0usize;
    for c in s.chars() {
        total += 1;
        if c == '\u{FFFD}' || (c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\x0C')) {
            junk += 1;
        }
    }
    if total == 0 {
        return Err(InputError::Empty);
    }
    if junk as f64 > total as f64 * MAX_JUNK_RATIO {
        return Err(InputError::NotText {
            detail: format!(
                "{junk} of {total} characters are control or undecodable characters (tried {enc})"
            ),
        });
    }
    Ok((s, enc, warnings))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings() {
        let s = "一、总体要求\r\n（一）指导思想\r\n";
        assert_eq!(decode(s.as_bytes()).unwrap().1, "utf-8");
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(s.as_bytes());
        assert_eq!(decode(&bom).unwrap().1, "utf-8-bom");
        let (gbk, _, _) = GB18030.encode(s);
        let (t, enc, w) = decode(&gbk).unwrap();
        assert_eq!((t.as_str(), enc), (s, "gb18030"));
        assert!(w.is_empty());
        let mut le = vec![0xFF, 0xFE];
        for u in s.encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode(&le).unwrap().0, s);
        let mut be = vec![0xFE, 0xFF];
        for u in s.encode_utf16() {
            be.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(decode(&be).unwrap().1, "utf-16be");
        let doc = text_document(s.as_bytes()).unwrap();
        assert_eq!(doc.lines[1].text, "（一）指导思想");
    }

    #[test]
    fn markdown_punctuation_is_read_back() {
        let doc = markdown_document(
            "一、\"十四五\"时期\n------坚持党的领导\n| --- | --- |\n\n建设\"15\n分钟服务圈\"。\n\n---\n\nsay \"hi\"".as_bytes(),
        )
        .unwrap();
        let lines: Vec<&str> = doc.lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            lines,
            [
                "一、“十四五”时期",
                "——坚持党的领导",
                "| --- | --- |",
                "",
                "建设“15",
                "分钟服务圈”。",
                "",
                "---",
                "",
                "say \"hi\""
            ]
        );
    }

    #[test]
    fn gbk_read_as_latin1_is_read_back() {
        let text = "民乐县“十四五”民政事业发展规划，二〇二二年。".repeat(8);
        let (gbk, _, _) = GB18030.encode(&text);
        let mojibake: String = WINDOWS_1252.decode(&gbk).0.into_owned();
        let (s, enc, warnings) = decode(mojibake.as_bytes()).unwrap();
        assert_eq!(
            (s.as_str(), enc),
            (text.as_str(), "utf-8 (gb18030 read as latin-1)")
        );
        assert_eq!(warnings[0].code, "mojibake-repaired");
        // French stays French.
        let fr = "Les élèves déjà présentés à l'école. ".repeat(20);
        assert_eq!(decode(fr.as_bytes()).unwrap().0, fr);
    }

    #[test]
    fn digits_set_apart_one_by_one_are_joined() {
        let text = "正政办发〔2 0 2 2 〕4 8 号\n2 0 2 2 年6 月7 日\n\
                    到 2 0 2 5 年底，覆盖率达到 1 0 0 %。\n\
                    序号    指标        2 0 2 0 年2 0 2 5 年   属性\n\
                    2       低保比例    6 3 . 3   7 5        预期性\n";
        let d = text_document(text.as_bytes()).unwrap();
        let lines: Vec<&str> = d.lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(lines[0], "正政办发〔2022〕48号");
        assert_eq!(lines[1], "2022年6月7日");
        assert_eq!(lines[2], "到 2025年底，覆盖率达到 100 %。");
        // Columns stay where they were.
        assert_eq!(lines[4], "2       低保比例    63.3      75         预期性");
        // Years printed whole: a text whose digits are not set apart.
        let whole = "2022年、2023年、2024年，2 0 2 5 年\n1 2 3\n";
        let d = text_document(whole.as_bytes()).unwrap();
        assert_eq!(d.lines[1].text, "1 2 3");
    }

    #[test]
    fn junk_is_refused() {
        assert_eq!(decode(b""), Err(InputError::Empty));
        assert!(matches!(text_document(b"  \n \n"), Err(InputError::Empty)));
        let bin: Vec<u8> = (0..4000u32).map(|i| (i * 7919 % 251) as u8).collect();
        assert!(matches!(decode(&bin), Err(InputError::NotText { .. })));
    }

    #[test]
    fn invalid_gbk_is_a_warning() {
        let (mut gbk, _, _) =
            GB18030.encode("民政事业发展规划，民政事业发展规划，民政事业发展规划。");
        let mut b = gbk.to_mut().clone();
        b.insert(6, 0xFF);
        let (_, enc, w) = decode(&b).unwrap();
        assert_eq!(enc, "gb18030");
        assert_eq!(w[0].code, "invalid-bytes");
    }
}
