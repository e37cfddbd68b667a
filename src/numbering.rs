//! Lexical recognizers used by several stages: heading numbering styles, 专栏
//! labels, and the other line starts that begin a new block.

use crate::text::{char_len, cn_number, fold_char, trim};
use regex::Regex;
use std::sync::LazyLock;

/// A numbering style. The declaration order is the conventional nesting order
/// of Chinese official documents (GB/T 9704), outermost first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Style {
    /// 前言, 总则, 结语: a named, unnumbered division at the top level.
    Named,
    /// Unnumbered headings told by their look alone (size, bold face), in
    /// tiers from the most prominent: only where a document numbers none.
    Look1,
    Look2,
    Look3,
    /// 第一部分 / 第一篇 / 第一编
    Part,
    /// 第一章
    Chapter,
    /// 第一节
    Section,
    /// 1 总则 (only where the document also numbers 1.1)
    Dec1,
    /// 1.1
    Dec2,
    /// 1.1.1
    Dec3,
    /// 1.1.1.1
    Dec4,
    /// 一、
    CnComma,
    /// （一） or (一)
    CnParen,
    /// 1. 1、 1．
    ArabicDot,
    /// （1） or (1)
    ArabicParen,
    /// 1）
    ArabicHalf,
    /// ①
    Circled,
}

/// The numbering that opens a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Numbering {
    pub style: Style,
    /// The number's value (for sequence checks).
    pub value: u32,
    /// The numbering as printed, trimmed: `第一章`, `（一）`, `1.`.
    pub label: String,
    /// Byte length of the numbering plus the spaces after it.
    pub len: usize,
}

const CN: &str = "[一二三四五六七八九十百零〇两]";

static PART: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^第\s*({CN}{{1,4}}|\d{{1,3}}|=|)\s*(?:部分|篇|编)"
    ))
    .unwrap()
});
static CHAPTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"^第\s*({CN}{{1,4}}|\d{{1,3}}|=|)\s*章")).unwrap());
static SECTION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"^第\s*({CN}{{1,4}}|\d{{1,3}}|=|)\s*节")).unwrap());
static CN_COMMA: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"^({CN}{{1,4}})\s*[、．.]")).unwrap());
static CN_PAREN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^[（(〈<［\[【]\s*({CN}{{1,4}})\s*[）)〕>］\]】]"
    ))
    .unwrap()
});
static ARABIC_DOT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,3})\s*[.．、·]").unwrap());
/// 1.1 / 1.1.1 / 1.1.1.1 followed by a space or a Han title.
static DECIMAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{1,2}(?:\s*[.．]\s*\d{1,2}){1,3})(?:\s+|[.．、]\s*)?").unwrap()
});
/// 1 总则: a bare number, a space, and a short Han title.
static DEC1: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(\d{1,2})\s+").unwrap());
static ARABIC_PAREN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[（(〈<［\[【]\s*(\d{1,3}|[lI\\|])\s*[）)〕>］\]】]").unwrap());
static ARABIC_HALF: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(\d{1,3})[）)]").unwrap());

/// The numbering at the start of `text` (already trimmed), if any.
pub fn numbering(text: &str) -> Option<Numbering> {
    let first = text.chars().next()?;
    if let Some(v) = circled_value(first) {
        return Some(make(text, Style::Circled, v, first.len_utf8()));
    }
    if first.is_ascii_digit() {
        if let Some(n) = decimal(text).filter(|n| n.style != Style::Dec1) {
            return Some(n);
        }
    }
    if let Some(n) = named(text) {
        return Some(n);
    }
    let table: [(&Regex, Style); 8] = [
        (&PART, Style::Part),
        (&CHAPTER, Style::Chapter),
        (&SECTION, Style::Section),
        (&CN_COMMA, Style::CnComma),
        (&CN_PAREN, Style::CnParen),
        (&ARABIC_PAREN, Style::ArabicParen),
        (&ARABIC_DOT, Style::ArabicDot),
        (&ARABIC_HALF, Style::ArabicHalf),
    ];
    for (re, style) in table {
        // Most lines match none: the DFA's yes or no costs far less than
        // the captures.
        if !re.is_match(text) {
            continue;
        }
        let Some(c) = re.captures(text) else { continue };
        let whole = c.get(0)?;
        let num: String = c.get(1)?.as_str().chars().map(fold_char).collect();
        // OCR reads the 1 of "(1)" as l, I, \ or |.
        // OCR reads 二 as =, and sometimes loses a 第…章's numeral.
        let num = match num.as_str() {
            "l" | "I" | "\\" | "|" => "1".to_string(),
            "=" => "2".to_string(),
            "" => "0".to_string(),
            _ => num,
        };
        let Some(value) = num.parse::<u32>().ok().or_else(|| cn_number(&num)) else {
            continue;
        };
        let after = &text[whole.end()..];
        if matches!(style, Style::ArabicDot | Style::CnComma) {
            // 1.5倍, 2.0版, OCR's "7 · 7％": a decimal number, not a numbering.
            if after
                .trim_start()
                .starts_with(|c: char| c.is_ascii_digit() || fold_char(c).is_ascii_digit())
            {
                continue;
            }
        }
        if style == Style::CnComma && after.is_empty() {
            continue;
        }
        return Some(make(text, style, value, whole.end()));
    }
    None
}

/// Words that name a top-level division without a number.
const NAMED_DIVISIONS: &[&str] = &[
    "前言",
    "序言",
    "序",
    "引言",
    "导言",
    "总则",
    "总论",
    "附则",
    "结语",
    "结束语",
];

/// `前言`, `总 则`: a named division standing alone on its line.
fn named(text: &str) -> Option<Numbering> {
    if text.len() > 24 || !text.starts_with(['前', '序', '引', '导', '总', '附', '结']) {
        return None;
    }
    let squashed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    NAMED_DIVISIONS
        .contains(&squashed.as_str())
        .then(|| Numbering {
            style: Style::Named,
            value: 1,
            label: String::new(),
            len: 0,
        })
}

/// `1 总则`: a bare number and a title. Only the outline asks, and keeps it
/// only beside 1.1-style headings; a wrapped line may open with "18 人的…".
pub fn bare_number(text: &str) -> Option<Numbering> {
    decimal(text).filter(|n| n.style == Style::Dec1)
}

/// `1.1 规划范围`, `2.3.1 …`, and `1 总则`. A decimal fraction (`1.5倍`,
/// `2.5 亿元`) is not a numbering: the title must open with a Han character
/// that is not a unit, and the parts must be small.
fn decimal(text: &str) -> Option<Numbering> {
    let (m, num, style) = if let Some(c) = DECIMAL.captures(text) {
        let num = c.get(1)?.as_str();
        let parts = num.split(['.', '．']).count();
        let style = match parts {
            2 => Style::Dec2,
            3 => Style::Dec3,
            _ => Style::Dec4,
        };
        (c.get(0)?, num, style)
    } else {
        let c = DEC1.captures(text)?;
        (c.get(0)?, c.get(1)?.as_str(), Style::Dec1)
    };
    let after = &text[m.end()..];
    let next = after.chars().next()?;
    let person = after.starts_with('人')
        && !after[3..].starts_with(['才', '口', '民', '居', '文', '力', '工']);
    if !crate::text::is_han(next) || person || UNIT_WORDS.iter().any(|u| after.starts_with(u)) {
        return None;
    }
    let value = num.rsplit(['.', '．']).next()?.trim().parse::<u32>().ok()?;
    if value == 0 {
        return None;
    }
    Some(make(text, style, value, m.end()))
}

/// Units and quantity words that follow a decimal number ("2.5 亿元").
const UNIT_WORDS: &[&str] = &[
    "万", "亿", "千", "百", "倍", "个", "件", "元", "米", "平方", "公里", "公顷", "立方", "吨",
    "台", "套", "座", "处", "家", "所", "户", "项", "次", "人次", "万人", "月", "日", "天", "小时",
    "岁", "层", "栋", "辆", "条", "张", "床", "间", "亩", "克", "千克", "斤",
];

/// A paragraph whose numeral OCR lost ("、经济效益" for "三、经济效益"): only
/// a whole paragraph can say so, since a wrapped line may open with 、 too.
pub fn lost_numeral(text: &str) -> Option<Numbering> {
    let rest = text.strip_prefix('、')?;
    rest.starts_with(|c: char| crate::text::is_han(c) || matches!(c, '“' | '"'))
        .then(|| make(text, Style::CnComma, 0, '、'.len_utf8()))
}

fn make(text: &str, style: Style, value: u32, end: usize) -> Numbering {
    let label = trim(&text[..end]).to_string();
    let rest = &text[end..];
    let spaces = rest.len() - rest.trim_start_matches([' ', '\u{3000}', '\t']).len();
    Numbering {
        style,
        value,
        label: label.split_whitespace().collect::<Vec<_>>().join(""),
        len: end + spaces,
    }
}

fn circled_value(c: char) -> Option<u32> {
    match c {
        '①'..='⑳' => Some(c as u32 - '①' as u32 + 1),
        '㉑'..='㉟' => Some(c as u32 - '㉑' as u32 + 21),
        _ => None,
    }
}

/// A 专栏 label line: `专栏 1`, `专栏1：`, `专栏一`, `专栏 2-1 …`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoxLabel {
    /// As printed, without trailing colon.
    pub label: String,
    pub number: Option<u32>,
    /// The rest of the line, without leading colon or space.
    pub title: String,
}

static BOX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(专栏\s*(?:([0-9０-９]{{1,3}}|{CN}{{1,4}})(?:\s*[-－—.．]\s*[0-9０-９]{{1,3}})?)?)\s*(?:[：:]\s*)?(.*)$"
    ))
    .unwrap()
});

/// The 专栏 label at the start of `text`, if any.
pub fn box_label(text: &str) -> Option<BoxLabel> {
    // A label in lenticular brackets: 【专栏1】重点工程.
    if let Some(inner) = text.strip_prefix('【').filter(|t| t.starts_with("专栏")) {
        let (label, title) = inner.split_once('】')?;
        if label.contains('【') {
            return None;
        }
        return box_label(&format!("{label} {title}"));
    }
    if !text.starts_with("专栏") {
        return None;
    }
    let c = BOX.captures(text)?;
    let label = trim(c.get(1)?.as_str()).to_string();
    let number = c.get(2).and_then(|m| {
        let s: String = m.as_str().chars().map(fold_char).collect();
        s.parse::<u32>().ok().or_else(|| cn_number(&s))
    });
    let title = trim(c.get(3).map_or("", |m| m.as_str()))
        .trim_start_matches(['：', ':'])
        .to_string();
    // "专栏" in running text ("专栏式管理…") is not a label.
    if number.is_none() && !text[label.len()..].trim_start().starts_with(['：', ':']) {
        return None;
    }
    if char_len(&title) > 60 {
        return None;
    }
    Some(BoxLabel {
        label,
        number,
        title: trim(&title).to_string(),
    })
}

static OTHER_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:——|—{1,2}\s|表\s*[0-9一二三四五六七八九十]|附\s*表|附件|抄\s*送|单位\s*[：:]|注\s*[：:]|备注|资料来源|数据来源|公开属性|主题词|共印|印发|专栏)",
    )
    .unwrap()
});

static DATE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\d{4}|[一二三四五六七八九〇零○Ｏ]{4})\s*年\s*[\d一二三四五六七八九十]{1,3}\s*月\s*[\d一二三四五六七八九十]{1,3}\s*日").unwrap()
});

/// A line that is a date and nothing else (2021年12月24日, a notice's
/// date under its signature): it ends its paragraph.
pub fn date_only(text: &str) -> bool {
    let t = text.trim();
    DATE_LINE.find(t).is_some_and(|m| m.end() == t.len())
}

/// A line that starts a new block: numbering, 专栏, a dash item, a caption,
/// a notice trailer (抄送, 印发 …) or a date line.
pub fn is_block_start(text: &str) -> bool {
    numbering(text).is_some() || OTHER_MARKER.is_match(text) || DATE_LINE.is_match(text)
}

/// A short numbered line that reads as a standalone heading (no sentence
/// inside, no trailing comma), or a chapter-like line.
pub fn heading_like(text: &str) -> bool {
    if box_label(text).is_some() {
        return true;
    }
    let Some(n) = numbering(text) else {
        return false;
    };
    if matches!(n.style, Style::Part | Style::Chapter | Style::Section) {
        return true;
    }
    standalone_title(&text[n.len..])
}

/// A heading title that stands alone: short, without sentence punctuation
/// except a final 。, not ending in a comma.
pub fn standalone_title(rest: &str) -> bool {
    let rest = trim(rest);
    let body = rest.strip_suffix('。').unwrap_or(rest);
    !body.is_empty()
        && char_len(body) <= 40
        && !body.contains(['。', '；', ';', '！', '？'])
        && !body.ends_with(['，', '、', ',', '：', ':'])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn style(s: &str) -> Option<(Style, u32, String)> {
        numbering(s).map(|n| (n.style, n.value, n.label))
    }

    #[test]
    fn styles() {
        assert_eq!(
            style("第十一章 保障"),
            Some((Style::Chapter, 11, "第十一章".into()))
        );
        assert_eq!(
            style("第二节  发展"),
            Some((Style::Section, 2, "第二节".into()))
        );
        assert_eq!(
            style("二十三、总则"),
            Some((Style::CnComma, 23, "二十三、".into()))
        );
        assert_eq!(style("(一) 夯实"), Some((Style::CnParen, 1, "(一)".into())));
        assert_eq!(
            style("（十二）发展"),
            Some((Style::CnParen, 12, "（十二）".into()))
        );
        assert_eq!(
            style("10. 自身"),
            Some((Style::ArabicDot, 10, "10.".into()))
        );
        assert_eq!(style("5.社会"), Some((Style::ArabicDot, 5, "5.".into())));
        assert_eq!(style("3、加强"), Some((Style::ArabicDot, 3, "3、".into())));
        assert_eq!(
            style("（1）最低"),
            Some((Style::ArabicParen, 1, "（1）".into()))
        );
        assert_eq!(style("②向上"), Some((Style::Circled, 2, "②".into())));
        assert_eq!(style("1.5倍"), None);
        assert_eq!(style("2022年"), None);
        assert_eq!(style("一是民政"), None);
        assert_eq!(style("十四五时期"), None);
        assert_eq!(
            style("第一部分 总体"),
            Some((Style::Part, 1, "第一部分".into()))
        );
    }

    #[test]
    fn decimal_named_and_ocr_numbering() {
        assert_eq!(style("1.1 规划范围"), Some((Style::Dec2, 1, "1.1".into())));
        assert_eq!(
            style("2.3.4 分区管控"),
            Some((Style::Dec3, 4, "2.3.4".into()))
        );
        assert_eq!(style("3 总体要求"), None);
        assert_eq!(
            bare_number("3 总体要求").map(|n| n.style),
            Some(Style::Dec1)
        );
        assert_eq!(style("18 人的比例配备专职社区工作者"), None);
        assert_eq!(style("1.2 人才队伍"), Some((Style::Dec2, 2, "1.2".into())));
        assert_eq!(style("1.5倍"), None);
        assert_eq!(style("2.5 亿元"), None);
        assert_eq!(style("3 个"), None);
        assert_eq!(
            style("第二编 各经济部门"),
            Some((Style::Part, 2, "第二编".into()))
        );
        assert_eq!(
            style("第=节 财政"),
            Some((Style::Section, 2, "第=节".into()))
        );
        assert_eq!(style("〈五）财政和信贷").map(|s| s.0), Some(Style::CnParen));
        assert_eq!(style("（五〕原材料工业").map(|s| s.1), Some(5));
        assert_eq!(
            style("(\\)总则").map(|s| (s.0, s.1)),
            Some((Style::ArabicParen, 1))
        );
        assert_eq!(style("2·根据统筹规划").map(|s| s.0), Some(Style::ArabicDot));
        assert_eq!(style("7 · 7％"), None);
        assert_eq!(style("前  言").map(|s| s.0), Some(Style::Named));
        assert_eq!(style("总则").map(|s| s.0), Some(Style::Named));
        assert_eq!(style("总则规定"), None);
        assert_eq!(
            lost_numeral("、经济效益").map(|n| n.style),
            Some(Style::CnComma)
        );
        assert!(lost_numeral("经济效益").is_none());
    }

    #[test]
    fn box_labels() {
        let b = box_label("专栏 1 夯实基本民生保障基础主要任务").unwrap();
        assert_eq!(
            (b.label.as_str(), b.number, b.title.as_str()),
            ("专栏 1", Some(1), "夯实基本民生保障基础主要任务")
        );
        let b = box_label("专栏 1： “十四五”时期主要发展指标").unwrap();
        assert_eq!(
            (b.label.as_str(), b.title.as_str()),
            ("专栏 1", "“十四五”时期主要发展指标")
        );
        let b = box_label("专栏三").unwrap();
        assert_eq!(
            (b.label.as_str(), b.number, b.title.as_str()),
            ("专栏三", Some(3), "")
        );
        let b = box_label("专栏6    社会服务项目").unwrap();
        assert_eq!(
            (b.label.as_str(), b.title.as_str()),
            ("专栏6", "社会服务项目")
        );
        let b = box_label("专栏 2-1：养老工程").unwrap();
        assert_eq!((b.label.as_str(), b.number), ("专栏 2-1", Some(2)));
        assert!(box_label("专栏式管理模式").is_none());
        let b = box_label("【专栏1】重点工程").unwrap();
        assert_eq!(
            (b.label.as_str(), b.number, b.title.as_str()),
            ("专栏1", Some(1), "重点工程")
        );
        assert!(box_label("【专栏】").is_none());
    }

    #[test]
    fn heading_shapes() {
        assert!(heading_like("（一）发展基础"));
        assert!(heading_like("1.健全社会救助制度体系。"));
        assert!(!heading_like("1. 政策制度体系健全完善。坚持把政策"));
        assert!(!heading_like("县委、县政府的高度重视为民政事业"));
        assert!(is_block_start("——坚持党的全面领导。"));
        assert!(is_block_start("2022年5月31日印发"));
        assert!(!is_block_start("底保障作用，推动"));
    }
}
