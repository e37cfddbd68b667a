//! Stage 7, quantity: cell text → normalized [`Value`] / [`Quantity`].
//!
//! Rules (DESIGN.md): money to yuan (`CNY`), area to `m2`, `%` kept as a
//! percentage, counts keep their word with 万/千 multipliers applied; operators
//! from symbols and words (≥ 不低于 以上 → `>=` …), ranges, approximations
//! (约 余 多 近 左右), full-width digits as ASCII. A cell that is not a number
//! keeps its words in `text`.
//!
//! A multiplier printed in the cell is applied (`30万人` → 300000 人); a bare
//! number takes the row's unit as it stands (`4600` with unit 万元 stays 4600
//! 万元), so that a value always reads in the unit it names.

use crate::model::{Attribute, Normalized, Op, Quantity, Value};
use crate::text::{fold_width, join_wrapped};
use regex::Regex;
use std::sync::LazyLock;

/// Words before a number that give an operator, longest first.
const WORD_OPS: &[(&str, Op)] = &[
    ("大于等于", Op::Ge),
    ("小于等于", Op::Le),
    ("不低于", Op::Ge),
    ("不少于", Op::Ge),
    ("不小于", Op::Ge),
    ("不超过", Op::Le),
    ("不高于", Op::Le),
    ("不大于", Op::Le),
    ("不多于", Op::Le),
    ("控制在", Op::Le),
    ("超过", Op::Gt),
    ("高于", Op::Gt),
    ("大于", Op::Gt),
    ("多于", Op::Gt),
    ("低于", Op::Lt),
    ("小于", Op::Lt),
    ("少于", Op::Lt),
];

/// Symbols before a number that give an operator.
const SYMBOL_OPS: &[(&str, Op)] = &[
    (">=", Op::Ge),
    ("<=", Op::Le),
    ("≥", Op::Ge),
    ("≧", Op::Ge),
    ("⩾", Op::Ge),
    ("≤", Op::Le),
    ("≦", Op::Le),
    ("⩽", Op::Le),
    (">", Op::Gt),
    ("<", Op::Lt),
    ("=", Op::Eq),
];

/// Words after a number (and unit) that give an operator.
const SUFFIX_OPS: &[(&str, Op)] = &[
    ("以上", Op::Ge),
    ("及以上", Op::Ge),
    ("以下", Op::Le),
    ("及以下", Op::Le),
    ("以内", Op::Le),
];

/// Words around a number that change nothing.
const FILLER_PREFIX: &[&str] = &[
    "力争",
    "确保",
    "达到",
    "实现",
    "保持",
    "稳定在",
    "提高到",
    "提升到",
    "增长到",
    "增至",
    "年均",
    "每年",
];

static NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^-?\d+(?:,\d{3})*(?:\.\d+)?").unwrap());
static RANGE_SEP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:-|~|～|—|–|－|至|到)+").unwrap());

/// A dash or slash standing for "no value".
fn is_blank_mark(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| matches!(c, '—' | '-' | '－' | '–' | '/' | '／' | '…' | '─' | '一'))
        || s == "无"
        || s == "暂无"
}

/// Parse a table cell into a [`Value`]; `unit_hint` is the row's unit column.
pub fn value(raw: &str, unit_hint: Option<&str>) -> Value {
    let printed = join_wrapped(raw);
    let mut v = Value {
        raw: printed.clone(),
        op: None,
        value: None,
        max: None,
        unit: None,
        approx: false,
        text: None,
        normalized: None,
    };
    let s: String = fold_width(&printed)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if s.is_empty() || is_blank_mark(&s) {
        return v;
    }
    let hint = unit_hint
        .map(|u| fold_width(u).trim().to_string())
        .filter(|u| !u.is_empty() && !is_blank_mark(u));
    // A figure in square brackets: the period's total where the table's
    // note says so ([13.5], 〔30〕); the figure is its value.
    let inner = ['[', '〔', '【']
        .iter()
        .zip([']', '〕', '】'])
        .find_map(|(&a, b)| s.strip_prefix(a).and_then(|x| x.strip_suffix(b)))
        .filter(|inner| parse_amount(inner).is_some())
        .map(str::to_string);
    let s = inner.unwrap_or(s);
    match parse_amount(&s) {
        Some(a) => {
            v.op =
                a.op.or(Some(if a.max.is_some() { Op::Range } else { Op::Eq }));
            v.approx = a.approx;
            let (mult, unit) = normalize_unit(
                a.mult,
                a.unit.as_deref().or(if a.mult.is_some() {
                    hint.as_deref()
                } else {
                    None
                }),
            );
            let (value, max) = (a.value * mult, a.max.map(|m| m * mult));
            v.value = Some(round(value));
            v.max = max.map(round);
            v.unit = unit.or_else(|| hint.map(|h| rename_unit(&h)));
            v.normalized = v
                .unit
                .as_deref()
                .and_then(canonical_unit)
                .and_then(|(f, u)| {
                    Some(Normalized {
                        value: round(v.value? * f),
                        max: v.max.map(|m| round(m * f)),
                        unit: u,
                    })
                });
        }
        None => {
            v.op = word_op(&s);
            v.approx = has_approx(&s);
            v.text = Some(printed);
        }
    }
    v
}

/// A money cell as a [`Quantity`] in yuan; `table_unit` applies to bare numbers.
pub fn money(raw: &str, table_unit: Option<&str>) -> Option<Quantity> {
    let printed = join_wrapped(raw);
    let s: String = fold_width(&printed)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let a = parse_amount(&s)?;
    let unit = a.unit.as_deref().or(table_unit);
    let (mult, unit) = normalize_unit(a.mult, unit);
    let unit = unit.unwrap_or_else(|| "CNY".to_string());
    if unit != "CNY" {
        return None;
    }
    Some(Quantity {
        raw: printed,
        value: round(a.value * mult),
        unit,
        approx: a.approx,
    })
}

/// 属性 normalized. A short cell with one of its word's two characters
/// (珊期性, 约柬性: a scan's OCR) is still the word: the column holds no other.
pub fn attribute(raw: &str) -> Option<Attribute> {
    let s: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    let short = s.chars().count() <= 4;
    if s.contains("约束") || short && (s.starts_with('约') || s.contains('束')) {
        Some(Attribute::Binding)
    } else if s.contains("预期") || short && (s.starts_with('预') || s.contains('期')) {
        Some(Attribute::Expected)
    } else {
        None
    }
}

/// A number with its operator, multiplier and unit, as printed.
#[derive(Debug, Clone, PartialEq)]
struct Amount {
    op: Option<Op>,
    value: f64,
    max: Option<f64>,
    /// Multiplier word printed after the number (万, 亿 …) as its factor.
    mult: Option<f64>,
    unit: Option<String>,
    approx: bool,
}

/// `≥55`, `约1.1万余人次`, `2-3个`, `1%-8%`, `90%以上`: None when the cell holds
/// more than a number and a unit.
fn parse_amount(s: &str) -> Option<Amount> {
    let mut rest = s;
    let mut op = None;
    let mut approx = false;
    loop {
        let before = rest;
        for f in FILLER_PREFIX {
            rest = rest.strip_prefix(f).unwrap_or(rest);
        }
        for p in ["约", "近", "接近", "大约", "约为"] {
            if let Some(r) = rest.strip_prefix(p) {
                rest = r;
                approx = true;
            }
        }
        if op.is_none() {
            for (w, o) in WORD_OPS.iter().chain(SYMBOL_OPS) {
                if let Some(r) = rest.strip_prefix(w) {
                    rest = r;
                    op = Some(*o);
                    break;
                }
            }
        }
        if rest == before {
            break;
        }
    }
    let (value, after) = number(rest)?;
    rest = after;
    let (mult, after) = multiplier(rest);
    rest = after;
    let mut max = None;
    let mut unit: Option<String> = None;
    // A unit may come before the range separator: 1%-8%.
    let (u1, after_u1) = unit_word(rest);
    if let Some(m) = RANGE_SEP.find(after_u1) {
        if let Some((hi, after_hi)) = number(&after_u1[m.end()..]) {
            max = Some(hi);
            unit = u1;
            rest = after_hi;
            let (mult2, after) = multiplier(rest);
            rest = after;
            if mult.is_none() && mult2.is_some() {
                return finish(op, value, max, mult2, unit, approx, rest);
            }
        }
    }
    finish(op, value, max, mult, unit, approx, rest)
}

fn finish(
    mut op: Option<Op>,
    value: f64,
    max: Option<f64>,
    mult: Option<f64>,
    mut unit: Option<String>,
    mut approx: bool,
    mut rest: &str,
) -> Option<Amount> {
    for a in ["余", "多"] {
        if let Some(r) = rest.strip_prefix(a) {
            rest = r;
            approx = true;
        }
    }
    let (u, after) = unit_word(rest);
    if unit.is_none() {
        unit = u;
    }
    rest = after;
    for a in ["余", "多"] {
        if let Some(r) = rest.strip_prefix(a) {
            rest = r;
            approx = true;
        }
    }
    for (w, o) in SUFFIX_OPS {
        if let Some(r) = rest.strip_prefix(w) {
            rest = r;
            if op.is_none() || op == Some(Op::Eq) {
                op = Some(*o);
            }
            break;
        }
    }
    for a in ["左右", "上下"] {
        if let Some(r) = rest.strip_prefix(a) {
            rest = r;
            approx = true;
        }
    }
    let rest = rest.trim_end_matches(['。', '；', ';', '，', ',', ')', '）']);
    if !rest.is_empty() {
        return None;
    }
    if max.is_some() {
        op = Some(Op::Range);
    }
    Some(Amount {
        op,
        value,
        max,
        mult,
        unit,
        approx,
    })
}

fn number(s: &str) -> Option<(f64, &str)> {
    let m = NUMBER.find(s)?;
    let v: f64 = m.as_str().replace(',', "").parse().ok()?;
    Some((v, &s[m.end()..]))
}

fn multiplier(s: &str) -> (Option<f64>, &str) {
    for (w, f) in [
        ("万亿", 1e12),
        ("亿", 1e8),
        ("千万", 1e7),
        ("百万", 1e6),
        ("万", 1e4),
        ("千", 1e3),
    ] {
        // 万元 / 万人: the multiplier of a unit; 千米, 千克 are units themselves.
        if let Some(r) = s.strip_prefix(w) {
            if w == "千" && (r.starts_with('米') || r.starts_with('克') || r.starts_with("瓦"))
            {
                break;
            }
            return (Some(f), r);
        }
    }
    (None, s)
}

/// Longest unit at the start of `s`: `%`, `‰`, `m²`, or a run of up to four
/// Han characters that are not operator or approximation words.
fn unit_word(s: &str) -> (Option<String>, &str) {
    for u in [
        "%",
        "‰",
        "㎡",
        "m²",
        "m2",
        "平方米",
        "平方公里",
        "km²",
        "公里",
        "倍",
        "个百分点",
    ] {
        if let Some(r) = s.strip_prefix(u) {
            return (Some(u.to_string()), r);
        }
    }
    let mut end = 0;
    for (i, c) in s.char_indices() {
        let tail = &s[i..];
        if !crate::text::is_han(c)
            || tail.starts_with("以上")
            || tail.starts_with("以下")
            || tail.starts_with("以内")
            || tail.starts_with("及以")
            || tail.starts_with("左右")
            || tail.starts_with("上下")
            || (end > 0 && (tail.starts_with('余') || tail.starts_with('多')))
            || s[..i].chars().count() >= 4
        {
            break;
        }
        end = i + c.len_utf8();
    }
    if end == 0 {
        (None, s)
    } else {
        (Some(s[..end].to_string()), &s[end..])
    }
}

/// Normalize a unit (with the multiplier printed before it) to the contract's
/// units, returning the factor to apply.
fn normalize_unit(mult: Option<f64>, unit: Option<&str>) -> (f64, Option<String>) {
    let m = mult.unwrap_or(1.0);
    let Some(u) = unit else {
        return (m, None);
    };
    let u = u.trim();
    // A unit that itself starts with a multiplier: 万元, 亿元, 万平方米, 万人.
    let (m, u) = match multiplier(u) {
        (Some(f), r) if !r.is_empty() => (m * f, r),
        _ => (m, u),
    };
    (m, Some(rename_unit(u)))
}

/// A printed unit in the canonical vocabulary, with the factor that takes a
/// number from the printed unit to it: money `CNY` (元, 万元 ×10⁴, 亿元 ×10⁸),
/// area `m2` (平方米, ㎡, 万平方米 ×10⁴) and `km2`, `%`, `‰`, `pp` (个百分点),
/// else the unit word with its multiplier applied (万人 → ×10⁴ 人). In a rate
/// (`万元/人`, `张/千人`) only the part before the slash is scaled; the part
/// after it is renamed but keeps its multiplier, as it reads "per thousand".
/// None for an empty unit or one that is only a dash.
pub fn canonical_unit(printed: &str) -> Option<(f64, String)> {
    let s: String = fold_width(&join_wrapped(printed))
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let s = s
        .trim_start_matches(['(', '（', '['])
        .trim_end_matches([')', '）', ']'])
        .replace('／', "/");
    if s.is_empty() || is_blank_mark(&s) {
        return None;
    }
    let (num, per) = match s.split_once('/') {
        Some((n, d)) => (n, Some(d)),
        None => (s.as_str(), None),
    };
    let (f, num) = match multiplier(num) {
        (Some(f), r) if !r.is_empty() => (f, r),
        _ => (1.0, num),
    };
    let mut unit = match num {
        "百分点" | "个百分点" => "pp".to_string(),
        "％" => "%".to_string(),
        other => rename_unit(other),
    };
    if let Some(d) = per {
        unit.push('/');
        unit.push_str(&rename_unit(d));
    }
    Some((f, unit))
}

/// The contract's name for a unit, without applying any multiplier in it.
fn rename_unit(u: &str) -> String {
    match u {
        "元" => "CNY",
        "㎡" | "m²" | "m2" | "平方米" | "平米" => "m2",
        "平方公里" | "km²" | "km2" => "km2",
        other => other,
    }
    .to_string()
}

fn word_op(s: &str) -> Option<Op> {
    for (w, o) in WORD_OPS {
        if s.starts_with(w) {
            return Some(*o);
        }
    }
    for (w, o) in SUFFIX_OPS {
        if s.ends_with(w) {
            return Some(*o);
        }
    }
    None
}

fn has_approx(s: &str) -> bool {
    s.starts_with('约') || s.starts_with('近') || s.contains("左右")
}

/// Round away binary noise from multiplying (1.1 × 10⁴).
fn round(x: f64) -> f64 {
    if x.abs() >= 1e-6 && x.abs() < 1e15 {
        let r = (x * 1e6).round() / 1e6;
        if (r - x).abs() < 1e-6 {
            return r;
        }
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(
        raw: &str,
        hint: Option<&str>,
    ) -> (Option<Op>, Option<f64>, Option<f64>, Option<String>, bool) {
        let x = value(raw, hint);
        (x.op, x.value, x.max, x.unit, x.approx)
    }

    #[test]
    fn operators_and_units() {
        assert_eq!(
            v("≥55", Some("%")),
            (Some(Op::Ge), Some(55.0), None, Some("%".into()), false)
        );
        assert_eq!(
            v(">30", Some("平方米")),
            (Some(Op::Gt), Some(30.0), None, Some("m2".into()), false)
        );
        assert_eq!(
            v("100", Some("%")),
            (Some(Op::Eq), Some(100.0), None, Some("%".into()), false)
        );
        assert_eq!(
            v("30 万人", Some("人")),
            (Some(Op::Eq), Some(300000.0), None, Some("人".into()), false)
        );
        assert_eq!(
            v("1.1万余人次", None),
            (Some(Op::Eq), Some(11000.0), None, Some("人次".into()), true)
        );
        assert_eq!(
            v("2-3个", None),
            (
                Some(Op::Range),
                Some(2.0),
                Some(3.0),
                Some("个".into()),
                false
            )
        );
        assert_eq!(
            v("1%-8%", None),
            (
                Some(Op::Range),
                Some(1.0),
                Some(8.0),
                Some("%".into()),
                false
            )
        );
        assert_eq!(
            v("1.5-2倍", None),
            (
                Some(Op::Range),
                Some(1.5),
                Some(2.0),
                Some("倍".into()),
                false
            )
        );
        assert_eq!(
            v("９０％以上", None),
            (Some(Op::Ge), Some(90.0), None, Some("%".into()), false)
        );
        assert_eq!(
            v("不少于2家", None),
            (Some(Op::Ge), Some(2.0), None, Some("家".into()), false)
        );
        assert_eq!(
            v("控制在5%以内", None),
            (Some(Op::Le), Some(5.0), None, Some("%".into()), false)
        );
        assert_eq!(
            v("约300人", None),
            (Some(Op::Eq), Some(300.0), None, Some("人".into()), true)
        );
        assert_eq!(
            v("5000 左右", Some("张")),
            (Some(Op::Eq), Some(5000.0), None, Some("张".into()), true)
        );
        assert_eq!(
            v("1.2亿元", None),
            (
                Some(Op::Eq),
                Some(120000000.0),
                None,
                Some("CNY".into()),
                false
            )
        );
        assert_eq!(
            v("3万平方米", None),
            (Some(Op::Eq), Some(30000.0), None, Some("m2".into()), false)
        );
        assert_eq!(
            v("超过80", Some("%")),
            (Some(Op::Gt), Some(80.0), None, Some("%".into()), false)
        );
        assert_eq!(
            v("低于5", Some("‰")),
            (Some(Op::Lt), Some(5.0), None, Some("‰".into()), false)
        );
        assert_eq!(v("≥4600", Some("万元")).1, Some(4600.0));
        assert_eq!(v("1个", Some("个")).1, Some(1.0));
    }

    #[test]
    fn words_stay_words() {
        let x = value("不低于居民上\n年度人均消费\n支出增速", Some("%"));
        assert_eq!(x.value, None);
        assert_eq!(x.op, Some(Op::Ge));
        assert_eq!(x.text.as_deref(), Some("不低于居民上年度人均消费支出增速"));
        let x = value("全覆盖", None);
        assert_eq!(
            (x.op, x.value, x.text.as_deref()),
            (None, None, Some("全覆盖"))
        );
        let x = value("—", Some("%"));
        assert_eq!(
            (x.value, x.text.as_deref(), x.raw.as_str()),
            (None, None, "—")
        );
    }

    #[test]
    fn a_figure_in_square_brackets_is_its_value() {
        // [13.5]: the period's total, as a table's note says.
        let x = value("[13.5]", Some("%"));
        assert_eq!(
            (x.op, x.value, x.unit.as_deref(), x.raw.as_str()),
            (Some(Op::Eq), Some(13.5), Some("%"), "[13.5]")
        );
        let x = value("〔30〕", None);
        assert_eq!(x.value, Some(30.0));
        // Words in brackets stay words.
        let x = value("[全覆盖]", None);
        assert_eq!((x.value, x.text.as_deref()), (None, Some("[全覆盖]")));
    }

    #[test]
    fn money_in_yuan() {
        assert_eq!(money("7530", Some("万元")).unwrap().value, 75_300_000.0);
        assert_eq!(money("900万元", None).unwrap().value, 9_000_000.0);
        assert_eq!(money("1.2亿元", Some("万元")).unwrap().value, 120_000_000.0);
        assert_eq!(money("3.5", Some("亿元")).unwrap().value, 350_000_000.0);
        assert!(money("中央预算投资", Some("万元")).is_none());
        assert!(money("12", Some("人")).is_none());
    }

    #[test]
    fn attributes() {
        assert_eq!(attribute("约 束 性"), Some(Attribute::Binding));
        assert_eq!(attribute("预期值"), Some(Attribute::Expected));
        assert_eq!(attribute(""), None);
        assert_eq!(attribute("珊期性"), Some(Attribute::Expected));
        assert_eq!(attribute("预朗性"), Some(Attribute::Expected));
        assert_eq!(attribute("约柬性"), Some(Attribute::Binding));
        assert_eq!(attribute("0性"), None);
        assert_eq!(attribute("近期目标值较高"), None);
    }
}
