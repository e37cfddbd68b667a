//! The text reader: bytes → [`Document`], a list of source lines.
//!
//! Text files are decoded (UTF-8 with or without BOM, UTF-16 with BOM or
//! recognizably without, GB18030/GBK) and split into lines; each line keeps its
//! 1-based line number, which every later span points back to.

pub use super::{Document, LineStyle, SrcLine};
use crate::error::InputError;
use crate::model::{Format, Span, Warning};
use crate::text::is_han;
use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE};

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
    // Text set out in columns with spaces (pdftotext -layout) is read as a
    // page, so that its tables keep their columns.
    let mut tables = Vec::new();
    if super::pdf::textpage::looks_laid_out(&lines) {
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
    })
}

/// Decode a Markdown file: a text file whose punctuation is Markdown's
/// "smart" punctuation, as pandoc writes it. Chinese text's “” and —— come
/// out of `pandoc -t markdown` as straight quotes and `------`; in a line
/// with Han characters they are read back.
pub fn markdown_document(bytes: &[u8]) -> Result<Document, InputError> {
    let mut doc = text_document(bytes)?;
    for l in &mut doc.lines {
        if (l.text.contains('"') || l.text.contains("---")) && l.text.chars().any(is_han) {
            l.text = smart_punctuation(&l.text);
        }
    }
    Ok(doc)
}

/// `"十四五"` → `“十四五”` (where the line's straight quotes pair up) and
/// `---` → `—`.
fn smart_punctuation(t: &str) -> String {
    let mut s = if t.contains("---") {
        t.replace("---", "—")
    } else {
        t.to_string()
    };
    if s.matches('"').count() % 2 == 0 {
        let mut open = true;
        s = s
            .chars()
            .map(|c| {
                if c == '"' {
                    open = !open;
                    if open {
                        '”'
                    } else {
                        '“'
                    }
                } else {
                    c
                }
            })
            .collect();
    }
    s
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
            "一、\"十四五\"时期\n------坚持党的领导\n| --- | --- |\nsay \"hi\"".as_bytes(),
        )
        .unwrap();
        let lines: Vec<&str> = doc.lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            lines,
            [
                "一、“十四五”时期",
                "——坚持党的领导",
                "| --- | --- |",
                "say \"hi\""
            ]
        );
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
