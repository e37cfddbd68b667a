//! Small text helpers shared by the stages: character classes, Chinese
//! numerals, width folding and the joining of wrapped cell text.

/// A CJK ideograph (the scripts plans are written in).
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F | 0x3007)
}

/// Full-width ASCII variants folded to ASCII, the ideographic space to a space.
pub fn fold_width(s: &str) -> String {
    s.chars().map(fold_char).collect()
}

/// One character of [`fold_width`].
pub fn fold_char(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' | '\u{00A0}' => ' ',
        _ => c,
    }
}

/// A table's name cell that opens with its row's number, where the table
/// has no 序号 column (national and provincial tables: 1.国内生产总值增长（%）).
pub fn numbered_name(t: &str) -> bool {
    name_number(t).is_some()
}

/// The row's number a [`numbered_name`] opens with.
pub fn name_number(t: &str) -> Option<u32> {
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    ((1..=2).contains(&digits)
        && t[digits..]
            .strip_prefix(['.', '．', '、'])
            .is_some_and(|rest| rest.starts_with(is_han)))
    .then(|| t[..digits].parse().ok())
    .flatten()
}

/// A number as a Chinese numeral: 3 → 三, 12 → 十二, 20 → 二十, 105 → 一百零五.
pub fn cn_numeral(v: u32) -> String {
    const D: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    match v {
        0..=9 => D[v as usize].to_string(),
        10..=19 => format!(
            "十{}",
            if v > 10 {
                D[(v % 10) as usize].to_string()
            } else {
                String::new()
            }
        ),
        20..=99 => format!(
            "{}十{}",
            D[(v / 10) as usize],
            if v % 10 > 0 {
                D[(v % 10) as usize].to_string()
            } else {
                String::new()
            }
        ),
        100..=999 => {
            let rest = v % 100;
            let tail = match rest {
                0 => String::new(),
                1..=9 => format!("零{}", D[rest as usize]),
                10..=19 => format!("一{}", cn_numeral(rest)),
                _ => cn_numeral(rest),
            };
            format!("{}百{tail}", D[(v / 100) as usize])
        }
        _ => v.to_string(),
    }
}

/// Value of a Chinese numeral such as `三`, `十一`, `二十三`, `一百零五`, `二〇二二`
/// (the last read digit by digit). None if `s` is not one.
pub fn cn_number(s: &str) -> Option<u32> {
    fn digit(c: char) -> Option<u32> {
        Some(match c {
            '零' | '〇' | 'Ｏ' | 'O' | 'o' => 0,
            '一' | '壹' => 1,
            '二' | '两' | '贰' => 2,
            '三' | '叁' => 3,
            '四' | '肆' => 4,
            '五' | '伍' => 5,
            '六' | '陆' => 6,
            '七' | '柒' => 7,
            '八' | '捌' => 8,
            '九' | '玖' => 9,
            _ => return None,
        })
    }
    if s.is_empty() || s.chars().count() > 12 {
        return None;
    }
    if !s.contains(['十', '百', '千', '拾', '佰']) {
        // Digit by digit: 二〇二二.
        let mut v: u32 = 0;
        for c in s.chars() {
            v = v.checked_mul(10)?.checked_add(digit(c)?)?;
        }
        return Some(v);
    }
    let mut total = 0u32;
    let mut cur: Option<u32> = None;
    for c in s.chars() {
        match c {
            '十' | '拾' => {
                total += cur.unwrap_or(1) * 10;
                cur = None;
            }
            '百' | '佰' => {
                total += cur.unwrap_or(1) * 100;
                cur = None;
            }
            '千' => {
                total += cur.unwrap_or(1) * 1000;
                cur = None;
            }
            _ => {
                let d = digit(c)?;
                if d != 0 {
                    cur = Some(d);
                }
            }
        }
    }
    Some(total + cur.unwrap_or(0))
}

/// Join text that a converter wrapped inside a table cell: whitespace next to
/// a CJK character or full-width punctuation goes, other runs become one space.
///
/// `"志愿服务 站点在社 区"` → `"志愿服务站点在社区"`, `"30 万人"` → `"30万人"`,
/// `"m 2"` stays `"m 2"`.
pub fn join_wrapped(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_ws = false;
    for c in s.chars() {
        if c.is_whitespace() || c == '\u{3000}' {
            pending_ws = !out.is_empty();
            continue;
        }
        if pending_ws {
            let prev = out.chars().next_back().unwrap_or(' ');
            if !(wide(prev) || wide(c)) {
                out.push(' ');
            }
            pending_ws = false;
        }
        out.push(c);
    }
    out
}

/// Characters after or before which a wrap leaves no space.
fn wide(c: char) -> bool {
    is_han(c) || (c as u32 >= 0x2000 && !c.is_ascii_alphanumeric())
}

/// Trim ASCII and ideographic whitespace.
pub fn trim(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}' || c == '\u{FEFF}')
}

/// Number of characters (not bytes).
pub fn char_len(s: &str) -> usize {
    s.chars().count()
}

/// The prefix of `s` with at most `n` characters.
pub fn prefix_chars(s: &str, n: usize) -> &str {
    match s.char_indices().nth(n) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// Whitespace removed (for comparing cell and header text).
pub fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numerals() {
        assert_eq!(cn_number("三"), Some(3));
        assert_eq!(cn_number("十"), Some(10));
        assert_eq!(cn_number("十一"), Some(11));
        assert_eq!(cn_number("二十三"), Some(23));
        assert_eq!(cn_number("一百零五"), Some(105));
        assert_eq!(cn_number("二〇二二"), Some(2022));
        assert_eq!(cn_number("三十一"), Some(31));
        assert_eq!(cn_number("是"), None);
        assert_eq!(cn_number(""), None);
    }

    #[test]
    fn wrapped_cells() {
        assert_eq!(
            join_wrapped("志愿服务 站点在社 区综合服 务设施中 的覆盖 率"),
            "志愿服务站点在社区综合服务设施中的覆盖率"
        );
        assert_eq!(join_wrapped("约 束 性"), "约束性");
        assert_eq!(join_wrapped("30 万人"), "30万人");
        assert_eq!(join_wrapped(" 我县 2020 年实际值 "), "我县2020年实际值");
        assert_eq!(join_wrapped("APP  and web"), "APP and web");
    }

    #[test]
    fn width() {
        assert_eq!(fold_width("１２．５％"), "12.5%");
        assert_eq!(fold_width("≥５５"), "≥55");
    }
}
