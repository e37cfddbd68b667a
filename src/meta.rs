//! Stage 3, meta: [`Cleaned`] lines → [`Meta`] and the extent of the plan body.
//!
//! A county plan often arrives inside a covering notice (通知, with 文号, issuer
//! and date) and ends with a trailer (抄送, 印发). The plan's own title marks
//! where the body starts; the trailer where it ends. Headings are only looked
//! for in between.

use crate::clean::{Cleaned, Line};
use crate::model::{AdminLevel, Meta, Period, Span};
use crate::numbering::numbering;
use crate::text::{char_len, cn_number, fold_width, is_han, trim};
use regex::Regex;
use std::sync::LazyLock;

/// Meta fields and where the body lies.
#[derive(Debug, Clone)]
pub struct MetaResult {
    pub meta: Meta,
    /// Index (into `Cleaned::lines`) of the plan title line, if found.
    pub title_line: Option<usize>,
    /// Span of the first line after the body (抄送, 附件 …), if any.
    pub body_end: Option<Span>,
    /// Its index in `Cleaned::lines`.
    pub body_end_line: Option<usize>,
}

/// How far from the top the plan title is looked for.
const TITLE_SEARCH_LINES: usize = 80;
/// Lines under a notice's title looked at for its date.
const NOTICE_LINES: usize = 16;

/// A title's period in brackets at its end (（2021-2023年）).
static PERIOD_TAIL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[（(][^（()）]*\d{4}[^（()）]*[)）]\s*$").unwrap());

/// The label of a site's 名称/标题 field before a document's title.
static TITLE_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:名\s*称|标\s*题|题\s*名|文\s*件\s*名\s*称)\s*[：:]\s*").unwrap()
});
static TITLE_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:规划|纲要|计划|建议)\s*(?:[（(]\s*(?:19|20)\d{2}\s*年?\s*[-—–~～至－一]+\s*(?:19|20)\d{2}\s*年?\s*[）)])?$").unwrap()
});
static REGION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([\p{Han}]{1,10}?(?:维吾尔自治区|壮族自治区|回族自治区|自治区|自治州|自治县|自治旗|地区|新区|省|市|州|盟|县|区|旗))").unwrap()
});
static SUB_REGION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([\p{Han}]{2,5}?(?:自治县|县|区|旗|市))").unwrap());
// (OCR reads a closing 〕 as j or l as well.)
static DOC_NO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"[\p{Han}]{1,12}\s*[〔\[［【(（]\s*(?:19|20)\d{2}\s*[〕\]］】)）jJlI|]\s*\d{1,4}\s*号",
    )
    .unwrap()
});
static NOTICE_TITLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"关于(?:印发|发布)\s*《?([^《》]{4,60}?)》?\s*的通知").unwrap());
/// A 文号's year brackets as printed, unless the two do not pair (OCR read
/// 〔 as 【 or 〕 as ]): then the standard 〔〕, which no print mismatches.
fn year_brackets(no: &str) -> String {
    const PAIRS: [(char, char); 5] = [
        ('〔', '〕'),
        ('[', ']'),
        ('［', '］'),
        ('【', '】'),
        ('（', '）'),
    ];
    let open = no.find(['〔', '[', '［', '【', '(', '（']);
    let close = no[open.unwrap_or(0)..]
        .find(['〕', ']', '］', '】', ')', '）', 'j', 'J', 'l', 'I', '|'])
        .map(|b| b + open.unwrap_or(0));
    let (Some(a), Some(b)) = (open, close) else {
        return no.to_string();
    };
    let (o, c) = (no[a..].chars().next(), no[b..].chars().next());
    let (Some(o), Some(c)) = (o, c) else {
        return no.to_string();
    };
    let fold = |ch: char| match ch {
        '(' => '（',
        ')' => '）',
        _ => ch,
    };
    if PAIRS.contains(&(fold(o), fold(c))) {
        return no.to_string();
    }
    no.char_indices()
        .map(|(i, ch)| match i {
            _ if i == a => '〔',
            _ if i == b => '〕',
            _ => ch,
        })
        .collect()
}

/// Lines under a plan's title looked at for its issuers' names (a cover's).
const COVER_LINES: usize = 4;
static ORG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(国务院|[\p{Han}（）()]{2,30}?(?:人民政府办公室|人民政府办公厅|人民政府|办公室|办公厅|委员会|局|委|厅|部))(?:文件)?$").unwrap()
});
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\d{4}|[一二三四五六七八九〇零○Ｏ]{4})\s*(?:年\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*日|[.．/-](\d{1,2})[.．/-](\d{1,2})\b)").unwrap()
});
static YEAR_RANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"((?:19|20)\d{2})\s*年?\s*[-—–~～至－一]+\s*((?:19|20)\d{2})").unwrap()
});
/// “十四五”, 十五五, “八五”, “十五”: the n-th five-year plan by its short name.
/// Without quotes only 十一五 … 十九五 (a bare 十五 or 八五 is a number).
static FIVE_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[“\x22‘]((?:二十|十)?[一二三四五六七八九]?)五[”\x22’]|十([一二三四五六七八九])五")
        .unwrap()
});
/// 第十四个五年规划, 第六个五年计划.
static NTH_FIVE_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"第([一二三四五六七八九十]{1,3})个五年").unwrap());
/// A news dateline: 新华社北京12月14日电.
static DATELINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[\p{Han}]{0,12}\d{1,2}月\d{1,2}日电").unwrap());
/// 《…》 in a line that reports a plan's issue.
static QUOTED_TITLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:印发了?|发布了?|公布了?)《([^《》]{4,60})》").unwrap());
/// A line that says when the plan was approved or adopted:
/// （2020年10月29日中国共产党第十九届中央委员会第五次全体会议通过）.
static ADOPTED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:批准|通过|审议通过|印发|发布)\s*[）)]?\s*$").unwrap());
static TRAILER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:抄\s*送|抄\s*报|附\s*件|公开属性|主题词)").unwrap());

/// Lines under a 附件 line looked at for a table's header words.
const TABLE_HEAD_LINES: usize = 8;

/// Run the meta stage.
pub fn meta(c: &Cleaned) -> MetaResult {
    let lines: Vec<&Line> = c.lines.iter().collect();
    let text = |i: usize| -> &str { trim(&lines[i].text) };
    let is_text_line = |i: usize| !lines[i].text.contains('\t');

    // Title: the first short line ending in 规划/纲要/计划 that is not a notice title.
    let mut title_line = None;
    let mut title = None;
    // Where the title is the notice's: the line after the notice's date.
    let mut notice_end = None;
    // A title that opens with its plan's ordinal (第十四个五年规划和…纲要,
    // 国民经济和社会发展第…) lost its subject to the line over it, where a
    // cover wraps a long title over three lines: 苏州市国民经济和社会发展 /
    // 第十四个五年规划和二〇三五年 / 远景目标纲要.
    let with_subject = |t: String, first: usize| -> String {
        let headless =
            t.starts_with("国民经济") || NTH_FIVE_YEAR.find(&t).is_some_and(|m| m.start() == 0);
        match first.checked_sub(1) {
            Some(up) if headless && is_text_line(up) && wrapped_title_head(text(up)) => {
                format!("{}{t}", text(up))
            }
            _ => t,
        }
    };
    for i in 0..lines.len().min(TITLE_SEARCH_LINES) {
        if !is_text_line(i) {
            continue;
        }
        // A title wrapped over two lines ("…社会救助事业" / "发展规划"), or
        // in book-title marks whose 》 went to the next line.
        let opens_unclosed = text(i).starts_with('《') && !text(i).contains('》');
        // (Not over a site's labelled field: 文件名称： ….)
        if i + 1 < lines.len()
            && (opens_unclosed
                || (is_text_line(i + 1)
                    && wrapped_title_head(text(i))
                    && !TITLE_LABEL.is_match(text(i + 1))))
        {
            let joined = format!("{}{}", text(i), text(i + 1));
            if let Some(t) = title_candidate(&joined) {
                title_line = Some(i + 1);
                title = Some(with_subject(t, i));
                break;
            }
        }
        if let Some(t) = title_candidate(text(i)) {
            title_line = Some(i);
            title = Some(with_subject(t, i));
            break;
        }
    }
    // No plan so named: a plan-like scheme (三年行动方案, 实施方案), else
    // the opinions that carry a plan out (关于贯彻落实《…规划》的实施意见).
    for candidate in [scheme_candidate, opinion_candidate] {
        if title.is_some() {
            break;
        }
        if let Some((i, t)) = (0..lines.len().min(TITLE_SEARCH_LINES))
            .filter(|&i| is_text_line(i))
            .find_map(|i| candidate(text(i)).map(|t| (i, t)))
        {
            title_line = Some(i);
            title = Some(t);
        }
    }
    // Nor a plan's own title line (an image, or OCR garbled it): the title
    // the notice that issues it names (关于印发…规划的通知), which may wrap.
    if title.is_none() {
        let notice = (0..lines.len().min(TITLE_SEARCH_LINES))
            .filter(|&i| is_text_line(i))
            .find_map(|i| {
                let wraps = !text(i).contains("通知")
                    && i + 1 < lines.len()
                    && is_text_line(i + 1)
                    && text(i + 1).contains("通知");
                let t = if wraps {
                    format!("{}{}", text(i), text(i + 1))
                } else {
                    text(i).to_string()
                };
                notice_candidate(&t).map(|t| (i + usize::from(wraps), t))
            });
        if let Some((i, t)) = notice {
            title_line = Some(i);
            title = Some(t);
            // The notice's office and date, under it, are its issuer's.
            notice_end = (i + 1..lines.len().min(i + 1 + NOTICE_LINES))
                .find(|&k| is_text_line(k) && date_line(text(k)).is_some())
                .map(|k| k + 1);
        }
    }
    // A title that goes on in the line under it (…第十四个五年规划 /
    // 和二〇三五年远景目标纲要).
    if let (Some(at), Some(t)) = (title_line, title.as_ref()) {
        if at + 1 < lines.len() && is_text_line(at + 1) && text(at + 1).starts_with(['和', '暨'])
        {
            if let Some(longer) = title_candidate(&format!("{t}{}", text(at + 1))) {
                title_line = Some(at + 1);
                title = Some(longer);
            }
        }
    }
    // A plan reported in a news item (新华社北京…电 … 印发了《…》): the
    // plan's title is the one the report quotes, not a page heading.
    if let Some(d) = (0..lines.len().min(TITLE_SEARCH_LINES)).find(|&i| DATELINE.is_match(text(i)))
    {
        if let Some((i, t)) = (d..lines.len().min(d + 4)).find_map(|i| {
            let c = QUOTED_TITLE.captures(text(i))?;
            title_candidate(c.get(1)?.as_str()).map(|t| (i, t))
        }) {
            title_line = Some(i);
            title = Some(t);
        }
    }
    // A header that names the plan over the notice that issues it, or over
    // its 附件 line (a site's record, a list of annexes): the plan starts
    // where it prints its title again, and the notice above (its office,
    // its date) is not its body.
    if let (Some(at), Some(t)) = (title_line, title.as_deref()) {
        // (The notice's title, or its 现将…印发给你们; a plan's own text may
        // mention another document 印发 before.)
        // (Or its salutation: 各区农业农村委、市属有关单位：.)
        let notice = |i: usize| {
            is_text_line(i)
                && ((TRAILER.is_match(text(i)) && text(i).starts_with('附'))
                    || text(i).contains("通知")
                    || text(i).contains("印发给")
                    || (text(i).starts_with('各') && text(i).ends_with(['：', ':'])))
        };
        if let Some(n) = (at + 1..lines.len().min(TITLE_SEARCH_LINES)).find(|&i| notice(i)) {
            // (The header may drop the quotation marks the title prints, and
            // name its period where the plan prints it under the title.)
            let bare = |s: &str| -> String {
                let s = PERIOD_TAIL.replace(s, "");
                s.chars()
                    .filter(|c| !c.is_whitespace() && !"“”\"‘’'《》<>".contains(*c))
                    .collect()
            };
            let again = (n + 1..lines.len().min(TITLE_SEARCH_LINES)).find_map(|i| {
                let c = title_candidate(text(i))
                    .or_else(|| scheme_candidate(text(i)))
                    .or_else(|| opinion_candidate(text(i)))
                    .filter(|c| is_text_line(i) && bare(c) == bare(t));
                c.map(|c| (i, c))
            });
            if let Some((i, c)) = again {
                title_line = Some(i);
                title = Some(c);
            }
        }
    }
    let start = title_line.unwrap_or(0);

    // Body end: the first trailer line after the title.
    // (A 附件 line over a table is the table's caption: the plan goes on.)
    let over_table = |i: usize| {
        // (Up to the trailer's next line: 抄送 under the annex's list.)
        let under: String = (i + 1..lines.len().min(i + 1 + TABLE_HEAD_LINES))
            .take_while(|&k| !TRAILER.is_match(text(k)))
            .map(&text)
            .collect();
        text(i).starts_with("附")
            && ((i + 1..lines.len().min(i + 3)).any(|k| !is_text_line(k))
                || crate::tables::HEADER_WORDS
                    .iter()
                    .filter(|w| under.contains(*w))
                    .count()
                    >= 2)
    };
    let end = (start + 1..lines.len())
        .find(|&i| is_text_line(i) && TRAILER.is_match(text(i)) && !over_table(i))
        .unwrap_or(lines.len());
    let body_end_line = (end < lines.len()).then_some(end);
    let body_end = body_end_line.map(|e| lines[e].span);
    let before: Vec<usize> = (0..notice_end.or(title_line).unwrap_or(0))
        .filter(|&i| is_text_line(i))
        .collect();
    let after: Vec<usize> = (end..lines.len()).filter(|&i| is_text_line(i)).collect();

    let doc_number = before
        .iter()
        .chain(after.iter())
        .find_map(|&i| standalone(text(i), &DOC_NO))
        .or_else(|| {
            (0..lines.len().min(TITLE_SEARCH_LINES))
                .filter(|&i| is_text_line(i))
                .find_map(|i| standalone(text(i), &DOC_NO))
        })
        .map(|s| year_brackets(&s.split_whitespace().collect::<String>()));

    // An issuer read short ("省文化和旅游厅" where OCR lost 湖北) is the
    // longer name the document prints for it elsewhere: on its cover
    // under the title, or in its trailer.
    let issuer = issuer(&before, &after, &text).map(|o| {
        let cover = title_line.map_or(0..0, |t| t + 1..(t + 1 + COVER_LINES).min(lines.len()));
        before
            .iter()
            .copied()
            .chain(cover.filter(|&i| is_text_line(i)))
            .chain(after.iter().copied())
            .filter_map(|i| org(text(i)))
            .filter(|full| full.len() > o.len() && full.ends_with(o.as_str()))
            .min_by_key(String::len)
            .unwrap_or(o)
    });
    let issued = issued(&before, &after, &text)
        .or_else(|| title_line.and_then(|t| adopted(&lines, t)))
        .or_else(|| {
            // The imprint at the foot: "…办公室 2021年10月27日印发".
            (lines.len().saturating_sub(IMPRINT_LINES)..lines.len())
                .rev()
                .find_map(|i| imprint_date(text(i)))
        });

    // What the text leaves out, the site's record may give.
    let field = |label: &str| {
        c.record
            .iter()
            .find(|(l, _)| l == label)
            .map(|(_, v)| v.as_str())
    };
    let doc_number = doc_number.or_else(|| {
        ["发文字号", "文号"]
            .iter()
            .filter_map(|l| field(l))
            .find_map(|v| standalone(v, &DOC_NO))
            .map(|s| year_brackets(&s))
    });
    let issuer = issuer.or_else(|| field("发文机关").and_then(org));
    let issued = issued
        .or_else(|| field("成文日期").and_then(|v| DATE.captures(v).and_then(|c| full_date(&c))));

    let region_src = title.clone().or_else(|| issuer.clone()).unwrap_or_default();
    let (mut region, mut admin_level) = region(&region_src);
    if region.is_none() {
        if let (Some(t), Some(at)) = (title.as_deref(), title_line) {
            (region, admin_level) = site_region(t, &lines[at + 1..]);
        }
    }
    // A title that names its region short (上海关于…): the issuer's.
    if region.is_none() && title.is_some() {
        if let Some(o) = issuer.as_deref() {
            (region, admin_level) = self::region(o);
        }
    }

    let period = period(title.as_deref(), &lines, start);

    MetaResult {
        meta: Meta {
            title,
            region,
            admin_level,
            doc_number,
            issuer,
            issued,
            period,
        },
        title_line,
        body_end,
        body_end_line,
    }
}

/// How many lines at the end are searched for an imprint date.
const IMPRINT_LINES: usize = 12;

/// The approval or adoption date printed just under the title.
fn adopted(lines: &[&Line], title: usize) -> Option<String> {
    (title + 1..lines.len().min(title + 4)).find_map(|i| {
        let t = trim(&lines[i].text);
        if char_len(t) > 80 || !ADOPTED.is_match(t) {
            return None;
        }
        full_date(&DATE.captures(t)?)
    })
}

/// A date followed by 印发 anywhere in a short line.
fn imprint_date(t: &str) -> Option<String> {
    if char_len(t) > 80 {
        return None;
    }
    DATE.captures_iter(t).find_map(|c| {
        let end = c.get(0)?.end();
        let rest = trim(&t[end..]);
        (rest.starts_with("印发") || rest.starts_with("发布"))
            .then(|| full_date(&c))
            .flatten()
    })
}

/// ISO form of a DATE match, when it is a real date.
fn full_date(c: &regex::Captures) -> Option<String> {
    let num = |s: &str| -> Option<u32> { s.parse::<u32>().ok().or_else(|| cn_number(s)) };
    let y = num(&c[1])?;
    let mo = num(c.get(2).or(c.get(4))?.as_str())?;
    let d = num(c.get(3).or(c.get(5))?.as_str())?;
    if !(1900..=2100).contains(&y) || !(1..=12).contains(&mo) || !(1..=31).contains(&d) {
        return None;
    }
    Some(format!("{y:04}-{mo:02}-{d:02}"))
}

/// A line that may be the first half of a wrapped title: short, no sentence
/// end, not itself a title, date, 文号 or office line.
fn wrapped_title_head(t: &str) -> bool {
    char_len(t) <= 30
        && !t.ends_with(['。', '：', ':', '；', '）', ')'])
        // A field of a site's information table (索引号： …).
        && !t.contains(['：', ':'])
        // (A line that names a plan is not a head, unless it stops short of
        // the title's end: 第十四个五年规划和 over 二〇三五年远景目标纲要,
        // …规划和二〇三 over 五年远景目标纲要.)
        && (!t.contains("规划") || !TITLE_END.is_match(t))
        && !crate::numbering::is_block_start(t)
        && org(t).is_none()
        && !DOC_NO.is_match(t)
        && !DATE.is_match(t)
}

/// A title that ends in 方案 (行动方案, 实施方案), held to a plan title's
/// other rules.
fn scheme_candidate(t: &str) -> Option<String> {
    let t = trim(t);
    let at = t.rfind("方案")?;
    let rest = &t[at + "方案".len()..];
    let probe = format!("{}规划{rest}", &t[..at]);
    let c = title_candidate(&probe)?;
    let back = c.rfind("规划")?;
    Some(format!("{}方案{}", &c[..back], &c[back + "规划".len()..]))
}

/// A title of opinions (…关于贯彻落实《…规划》的实施意见), held to a plan
/// title's rules but for 关于 and the book-title marks of what it carries
/// out.
fn opinion_candidate(t: &str) -> Option<String> {
    let t = trim(t);
    if !t.ends_with("意见") || !t.contains("关于") {
        return None;
    }
    let probe: String = t
        .replacen("关于", "", 1)
        .chars()
        .filter(|c| !"《》<>".contains(*c))
        .collect();
    let probe = format!("{}规划", probe.strip_suffix("意见")?);
    title_candidate(&probe)?;
    Some(t.to_string())
}

/// The plan a notice issues: 关于印发《…规划》的通知.
fn notice_candidate(t: &str) -> Option<String> {
    let c = NOTICE_TITLE.captures(t)?;
    title_candidate(trim(&c[1]))
}

fn title_candidate(t: &str) -> Option<String> {
    // A cover's title set a character apart: 苏 州 市 “ 十 四 五 ” 交 通 规 划.
    if t.split_whitespace().count() >= 4 && t.split_whitespace().all(|p| char_len(p) == 1) {
        return title_candidate(&t.split_whitespace().collect::<String>());
    }
    // OCR debris after a title line ("…五年计划·").
    let t = trim(t.trim_end_matches(['·', '•', '.', '．', '*']));
    // A web page's information table names the document: "名  称： …规划".
    let labelled = t.starts_with(['名', '标', '题', '文']);
    let t = match labelled.then(|| TITLE_LABEL.find(t)).flatten() {
        Some(m) => trim(&t[m.end()..]),
        None => t,
    };
    // A title printed in book-title marks: 《…规划（2023-2035年）》.
    let t = match t.strip_prefix('《').and_then(|r| r.strip_suffix('》')) {
        Some(inner) => trim(inner),
        None => t,
    };
    if char_len(t) > 60
        || char_len(t) < 4
        || (t.contains("关于") && !t.ends_with("建议"))
        || t.contains("通知")
        || t.contains("印发")
        || t.contains('《')
        // A site's breadcrumb trail: 当前位置：首页 > 政务公开 > 规划计划.
        || t.contains(['>', '»', '›', '＞'])
        || t.contains('。')
        || t.contains('，')
        || numbering(t).is_some()
        || !TITLE_END.is_match(t)
    {
        return None;
    }
    Some(t.to_string())
}

/// The match of `re` when it is (nearly) the whole line.
fn standalone(t: &str, re: &Regex) -> Option<String> {
    let m = re.find(t)?;
    (char_len(t) <= char_len(m.as_str()) + 12).then(|| m.as_str().to_string())
}

fn org(t: &str) -> Option<String> {
    // A name set a character apart to fill its line: 国 家 能 源 局.
    let spaced = t.split_whitespace().count() > 2 && t.split_whitespace().all(|p| char_len(p) == 1);
    let squashed = spaced.then(|| t.split_whitespace().collect::<String>());
    let c = ORG.captures(squashed.as_deref().unwrap_or(t))?;
    Some(c[1].to_string())
}

fn date_line(t: &str) -> Option<(String, bool)> {
    let c = DATE.captures(t)?;
    let m = c.get(0)?;
    let rest = trim(&t[m.end()..]);
    let printed = rest.starts_with("印发") || rest.starts_with("发布");
    if m.start() > 0 && !trim(&t[..m.start()]).is_empty() {
        return None;
    }
    if !(rest.is_empty() || printed) {
        return None;
    }
    Some((full_date(&c)?, printed))
}

fn issuer<'a>(
    before: &[usize],
    after: &[usize],
    text: &dyn Fn(usize) -> &'a str,
) -> Option<String> {
    // The notice's signature: an office line right above the date line.
    for w in before.windows(2) {
        if date_line(text(w[1])).is_some() {
            if let Some(o) = org(text(w[0])) {
                return Some(o);
            }
        }
    }
    // The notice head: "…办公室文件", or "… 关于印发…".
    for &i in before {
        let t = text(i);
        if t.ends_with("文件") {
            if let Some(o) = org(t) {
                return Some(o);
            }
        }
        if let Some(pos) = t.find("关于") {
            if let Some(o) = org(trim(&t[..pos])) {
                return Some(o);
            }
        }
    }
    if let Some(o) = before.iter().find_map(|&i| org(text(i))) {
        return Some(o);
    }
    // The trailer: "…办公室" above "2022年5月31日印发".
    for w in after.windows(2) {
        if date_line(text(w[1])).is_some() {
            if let Some(o) = org(text(w[0])) {
                return Some(o);
            }
        }
    }
    None
}

fn issued<'a>(
    before: &[usize],
    after: &[usize],
    text: &dyn Fn(usize) -> &'a str,
) -> Option<String> {
    if let Some((d, _)) = before.iter().find_map(|&i| date_line(text(i))) {
        return Some(d);
    }
    let dates: Vec<(String, bool)> = after.iter().filter_map(|&i| date_line(text(i))).collect();
    dates
        .iter()
        .find(|(_, printed)| *printed)
        .or(dates.first())
        .map(|(d, _)| d.clone())
}

/// Endings that look like a region's but name a kind of place.
const NOT_ADMIN: &[&str] = &[
    "街区",
    "园区",
    "景区",
    "社区",
    "小区",
    "片区",
    "城区",
    "矿区",
    "保护区",
    "名胜区",
    "功能区",
    "示范区",
    "试验区",
    "开发区",
];

/// Region and level from a title or office name: `张掖市民乐县…` → `民乐县`, county.
pub fn region(s: &str) -> (Option<String>, Option<AdminLevel>) {
    let s = trim(s);
    let Some(c) = REGION.captures(s) else {
        return (None, None);
    };
    let mut r = c[1].to_string();
    // A name in 州 before its level (广州市, 贵州省, 通州区) is that place,
    // not a 州 (the shortest match stops at the first level word).
    if r.ends_with('州') && !r.ends_with("自治州") {
        if let Some(level) = s[r.len()..]
            .chars()
            .next()
            .filter(|c| "省市区县".contains(*c))
        {
            r.push(level);
        }
    }
    // 历史文化街区, 工业园区, 风景名胜区: places, not administrative regions.
    if NOT_ADMIN.iter().any(|e| r.ends_with(e)) {
        return (None, None);
    }
    let rest = &s[r.len()..];
    if r.ends_with(['省', '市', '州', '盟']) || r.ends_with("自治区") {
        if let Some(c2) = SUB_REGION.captures(rest) {
            r = c2[1].to_string();
        }
    }
    if char_len(&r) < 2 {
        return (None, None);
    }
    let level = level_of(&r);
    (Some(r), Some(level))
}

/// The four municipalities under the central government (直辖市): cities
/// of a province's rank.
const MUNICIPALITIES: &[&str] = &["北京市", "天津市", "上海市", "重庆市"];

fn level_of(r: &str) -> AdminLevel {
    if r.ends_with("自治区") || r.ends_with('省') || MUNICIPALITIES.contains(&r) {
        AdminLevel::Province
    } else if r.ends_with(['县', '旗', '区']) {
        AdminLevel::County
    } else {
        AdminLevel::City
    }
}

/// How far below the title a plan of a site says where the site lies.
const SITE_SEARCH_LINES: usize = 60;

/// The region of a plan for a site (a historic district, a scenic area)
/// whose title names no region: the text says where the site lies,
/// "伪满皇宫历史文化街区位于长春市宽城区", its subject the head of the
/// title. The region is the first one named: the city whose plan it is,
/// not the district the site sits in.
fn site_region(title: &str, lines: &[&Line]) -> (Option<String>, Option<AdminLevel>) {
    let title = title.trim_start_matches(['《', '“', '"']);
    for l in lines.iter().take(SITE_SEARCH_LINES) {
        let t = trim(&l.text);
        let Some(at) = t.find("位于") else { continue };
        let subject = t[..at].trim_start_matches(|c: char| !is_han(c));
        if char_len(subject) < 4 || !title.starts_with(subject) {
            continue;
        }
        let Some(c) = REGION.captures(trim(&t[at + "位于".len()..])) else {
            continue;
        };
        let r = c[1].to_string();
        if char_len(&r) < 2 || NOT_ADMIN.iter().any(|e| r.ends_with(e)) {
            continue;
        }
        let level = level_of(&r);
        return (Some(r), Some(level));
    }
    (None, None)
}

fn period(title: Option<&str>, lines: &[&Line], start: usize) -> Option<Period> {
    let explicit = |s: &str| -> Option<Period> {
        let folded = fold_width(s);
        let c = YEAR_RANGE.captures(&folded)?;
        let a: i32 = c[1].parse().ok()?;
        let b: i32 = c[2].parse().ok()?;
        (b > a && b - a <= 20).then_some(Period { start: a, end: b })
    };
    let five = |s: &str| -> Option<Period> {
        let n = if let Some(c) = NTH_FIVE_YEAR.captures(s) {
            cn_number(&c[1])? as i32
        } else {
            let c = FIVE_YEAR.captures(s)?;
            match (c.get(1), c.get(2)) {
                (Some(m), _) if m.as_str().is_empty() => return None,
                (Some(m), _) => cn_number(m.as_str())? as i32,
                (None, Some(m)) => cn_number(m.as_str())? as i32 + 10,
                _ => return None,
            }
        };
        if !(3..=30).contains(&n) {
            return None;
        }
        // The 3rd five-year plan began in 1966; one every five years since.
        let start = 1966 + 5 * (n - 3);
        Some(Period {
            start,
            end: start + 4,
        })
    };
    if let Some(t) = title {
        let near = (start + 1..lines.len().min(start + 3))
            .map(|i| trim(&lines[i].text))
            .find(|t| char_len(t) <= 20);
        // The title's own years, else its five-year plan (a 2035 远景目标
        // beside it does not make it a long-range plan), else a line of years
        // under it.
        if let Some(p) = explicit(t)
            .or_else(|| five(t))
            .or_else(|| near.and_then(explicit))
        {
            return Some(p);
        }
    }
    // Else the latest five-year plan the top names: a plan looks back on
    // the one before (“十三五”时期…) before it names its own.
    lines
        .iter()
        .take(TITLE_SEARCH_LINES)
        .filter_map(|l| five(&l.text))
        .max_by_key(|p| p.start)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_doc_numbers_brackets_stay_as_printed_unless_they_do_not_pair() {
        assert_eq!(year_brackets("民政办发【2022]64号"), "民政办发〔2022〕64号");
        assert_eq!(year_brackets("正政办发〔2022]48号"), "正政办发〔2022〕48号");
        assert_eq!(
            year_brackets("鄂文旅办发[2021]38号"),
            "鄂文旅办发[2021]38号"
        );
        assert_eq!(year_brackets("国办发（2021)12号"), "国办发（2021)12号");
        // OCR's j for 〕.
        assert_eq!(year_brackets("正政办发【2022j48号"), "正政办发〔2022〕48号");
        assert_eq!(
            standalone("正政办发【2022j48号", &DOC_NO).as_deref(),
            Some("正政办发【2022j48号")
        );
        assert_eq!(
            year_brackets("民政办发〔2022〕64号"),
            "民政办发〔2022〕64号"
        );
    }

    #[test]
    fn an_annex_caption_over_a_table_does_not_end_the_body() {
        let body_end = |s: &str| {
            let c = crate::clean::clean(&crate::read::text::text_document(s.as_bytes()).unwrap());
            meta(&c).body_end_line
        };
        // The plan's annex table, the plan going on after it.
        let s = "白水县“十四五”交通运输发展规划\n三、重点项目\n附件 白水县重点项目表\n\
                 序 项目名称 建设性 建设年限 总投资 责任单位\n号 质 （万元）\n\
                 1 白水至林皋公路 改建 2021-2023 46000 县交通运输局\n四、保障措施\n";
        assert_eq!(body_end(s), None);
        // The notice's annex list over its trailer.
        let s = "民乐县“十四五”民政事业发展规划\n一、发展基础\n\
                 附件：民乐县“十四五”民政事业发展规划重点项目表\n抄送：县委办。\n";
        assert!(body_end(s).is_some());
    }

    #[test]
    fn a_notices_date_line_does_not_run_into_the_plans_title() {
        // (The signature as printed, or set a character apart.)
        for office in ["国家文物局", "国 家 文 物 局"] {
            let m = meta_of(&format!(
                "国家文物局关于印发《革命文物保护利用“十四五”专项规划》的通知\n\
                 各省、自治区、直辖市文物局：\n现印发给你们，请结合本地实际认真贯彻执行。\n\
                 {office}\n2021年12月24日\n革命文物保护利用“十四五”专项规划\n一、规划背景\n"
            ));
            assert_eq!(m.title.as_deref(), Some("革命文物保护利用“十四五”专项规划"));
            assert_eq!(m.issued.as_deref(), Some("2021-12-24"));
            assert_eq!(m.issuer.as_deref(), Some("国家文物局"));
        }
        assert_eq!(org("国家 文物局"), None);
    }

    #[test]
    fn a_header_that_names_the_plan_over_its_notice_is_not_its_start() {
        // A site's record names the plan (without its quotation marks) over
        // the notice that issues it: the plan starts where it prints its
        // title again, and the notice's office and date are its issue's.
        let m = meta_of(
            "十四五国家应急体系规划\n发布日期：2021年12月\n国务院关于印发\n\
             “十四五”国家应急体系规划的通知\n国发〔2021〕36号\n\
             各省、自治区、直辖市人民政府，国务院各部委、各直属机构：\n\
             现将《“十四五”国家应急体系规划》印发给你们，请认真贯彻执行。\n\
             国务院\n2021年12月30日\n“十四五”国家应急体系规划\n一、规划背景\n",
        );
        assert_eq!(m.title.as_deref(), Some("“十四五”国家应急体系规划"));
        assert_eq!(m.issuer.as_deref(), Some("国务院"));
        assert_eq!(m.issued.as_deref(), Some("2021-12-30"));
        assert_eq!(m.doc_number.as_deref(), Some("国发〔2021〕36号"));
        // Over a bare 附件 line: the plan, its period under its title, is
        // not cut off at the annex line.
        let text = "上海市北斗产业高质量发展三年行动计划\n文档类型：政策类\n附件\n\
                    上海市北斗产业高质量发展三年行动计划\n（2021-2023年）\n\
                    为加快推动上海北斗产业高质量发展，特制定本行动计划。\n一、总体思路\n\
                    （一）指导思想\n以习近平新时代中国特色社会主义思想为指导。\n";
        let c = crate::clean::clean(&crate::read::text::text_document(text.as_bytes()).unwrap());
        let r = meta(&c);
        assert_eq!(r.body_end_line, None);
        assert_eq!(r.meta.period.map(|p| (p.start, p.end)), Some((2021, 2023)));
        assert_eq!(r.meta.admin_level, Some(AdminLevel::Province));
        // So too where the header names the plan with its period.
        let text = text.replacen(
            "文档类型：政策类",
            "文件名称：上海市北斗产业高质量发展三年行动计划（2021-2023年）",
            1,
        );
        let c = crate::clean::clean(&crate::read::text::text_document(text.as_bytes()).unwrap());
        let r = meta(&c);
        assert_eq!(r.body_end_line, None);
        assert_eq!(r.title_line, Some(3));
        // A page's heading over the notice, its period printed with another
        // dash than the plan's own title under the notice.
        let m = meta_of(
            "# 上海市促进商业航天发展行动计划（2023—2025年）\n**发布机构**: 上海市\n\
             上海市人民政府办公厅关于印发《上海市促进商业航天发展行动计划（2023—2025年）》的通知\n\
             沪府办发〔2023〕19号\n各区人民政府：\n现将《上海市促进商业航天发展行动计划（2023—2025年）》印发给你们。\n\
             上海市人民政府办公厅\n2023年10月24日\n上海市促进商业航天发展行动计划（2023-2025年）\n\
             为抢抓商业航天发展重要机遇，制定本行动计划。\n一、主要目标\n",
        );
        assert_eq!(m.issuer.as_deref(), Some("上海市人民政府办公厅"));
        assert_eq!(m.issued.as_deref(), Some("2023-10-24"));
    }

    #[test]
    fn opinions_that_carry_a_plan_out_have_a_title() {
        // No plan title of its own: the opinions' title, in book-title marks
        // where the text prints them; a notice known by its salutation; the
        // region, which the title names short, from the issuer.
        let m = meta_of(
            "# 江北关于贯彻落实“十四五”全国农业机械化发展规划的实施意见\n\
             各区农业农村委、市属有关单位：\n\
             为贯彻落实农业农村部有关工作部署，我委编制了本实施意见，请认真贯彻执行。\n\
             江北市农业农村委员会\n2022年5月26日\n\
             江北关于贯彻落实《“十四五”全国农业机械化发展规划》的实施意见\n\
             近年来，我市积极推动农业机械化向全程、全面发展。\n一、指导思想\n",
        );
        assert_eq!(
            m.title.as_deref(),
            Some("江北关于贯彻落实《“十四五”全国农业机械化发展规划》的实施意见")
        );
        assert_eq!(m.issuer.as_deref(), Some("江北市农业农村委员会"));
        assert_eq!(m.issued.as_deref(), Some("2022-05-26"));
        assert_eq!(m.region.as_deref(), Some("江北市"));
        assert_eq!(m.period.map(|p| (p.start, p.end)), Some((2021, 2025)));
        // A notice's title is none.
        assert_eq!(
            opinion_candidate("江北市人民政府关于印发实施意见的通知"),
            None
        );
    }

    #[test]
    fn a_title_wrapped_over_three_lines_keeps_its_subject() {
        for s in [
            "苏州市国民经济和社会发展\n第十四个五年规划和二〇三五年\n远景目标纲要\n\
             （2021年2月4日苏州市第十六届人民代表大会第五次会议批准）\n第一章 发展基础\n",
            "苏州市国民经济和社会发展\n第十四个五年规划\n和二〇三五年远景目标纲要\n第一章 发展基础\n",
        ] {
            let m = meta_of(s);
            assert_eq!(
                m.title.as_deref(),
                Some("苏州市国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要"),
                "{s}"
            );
            assert_eq!(m.region.as_deref(), Some("苏州市"));
        }
    }

    #[test]
    fn without_a_title_the_period_is_the_latest_five_year_plan_named() {
        let m = meta_of(
            "综合交通运输发展\n一、发展基础\n“十三五”以来，全市交通建设取得显著成效。\n\
             二、总体要求\n“十四五”时期，坚持以推动高质量发展为主题。\n",
        );
        assert_eq!(m.period.map(|p| (p.start, p.end)), Some((2021, 2025)));
    }

    #[test]
    fn a_scheme_is_titled_where_no_plan_is() {
        let m =
            meta_of("某某市推进数字经济发展三年行动方案（2021-2023年）\n一、总体要求\n正文。\n");
        assert_eq!(
            m.title.as_deref(),
            Some("某某市推进数字经济发展三年行动方案（2021-2023年）")
        );
        assert_eq!(m.period.map(|p| (p.start, p.end)), Some((2021, 2023)));
        // A plan's own title wins over a scheme named above it.
        let m = meta_of("某某县“十四五”教育发展规划\n一、发展基础\n某某县教育重点工作实施方案\n");
        assert_eq!(m.title.as_deref(), Some("某某县“十四五”教育发展规划"));
        assert_eq!(scheme_candidate("关于印发实施方案的通知"), None);
    }

    #[test]
    fn a_title_set_a_character_apart_is_read() {
        let m = meta_of("苏 州 市 “ 十 四 五 ” 交 通 规 划\n\n一、发展基础\n\n正文。\n");
        assert_eq!(m.title.as_deref(), Some("苏州市“十四五”交通规划"));
        assert_eq!(m.region.as_deref(), Some("苏州市"));
    }

    #[test]
    fn an_issuer_read_short_takes_the_name_the_cover_prints() {
        // OCR of the notice lost 湖北 before 省文化和旅游厅.
        let m = meta_of(
            "鄂文旅办发〔2021〕38号\n省文化和旅游厅关于印发《湖北省文物事业发展“十四五”规划》的通知\n\
             各市、州文化和旅游局：\n现印发你们，请认真组织实施。\n\
             湖北省文物事业发展“十四五”规划\n湖北省文化和旅游厅\n湖北省文物局\n一、背景形势\n",
        );
        assert_eq!(m.issuer.as_deref(), Some("湖北省文化和旅游厅"));
        // A name no line prints longer stays as read.
        let m = meta_of(
            "国家文物局关于印发《革命文物保护利用“十四五”专项规划》的通知\n\
             革命文物保护利用“十四五”专项规划\n一、规划背景\n",
        );
        assert_eq!(m.issuer.as_deref(), Some("国家文物局"));
    }

    #[test]
    fn a_site_plan_takes_its_region_from_where_the_site_lies() {
        let m = meta_of(
            "伪满皇宫历史文化街区保护规划（2023-2035年）\n一、总则\n1.编制目的\n\
             为落实国家关于加强历史文化保护传承的要求，制定本规划。\n\
             伪满皇宫历史文化街区位于长春市宽城区，其范围东至长图铁路。\n",
        );
        assert_eq!(m.region.as_deref(), Some("长春市"));
        assert_eq!(m.admin_level, Some(AdminLevel::City));
        // Where the sentence is not about the plan's subject, no region.
        let m = meta_of(
            "“十四五”文物保护和科技创新规划\n一、总体要求\n\
             该遗址位于西安市临潼区，是重要的考古遗址。\n",
        );
        assert_eq!(m.region, None);
    }

    #[test]
    fn regions() {
        assert_eq!(
            region("民乐县“十四五”民政事业发展规划").0.as_deref(),
            Some("民乐县")
        );
        assert_eq!(
            region("平罗县民政事业发展“十四五”规划").0.as_deref(),
            Some("平罗县")
        );
        assert_eq!(
            region("重庆市垫江县民政事业发展规划").0.as_deref(),
            Some("垫江县")
        );
        assert_eq!(
            region("张掖市“十四五”民政事业发展规划").1,
            Some(AdminLevel::City)
        );
        assert_eq!(
            region("甘肃省民政事业发展规划").1,
            Some(AdminLevel::Province)
        );
        // A municipality ranks as a province; its districts are counties'.
        assert_eq!(
            region("上海市北斗产业高质量发展三年行动计划"),
            (Some("上海市".to_string()), Some(AdminLevel::Province))
        );
        assert_eq!(
            region("北京市朝阳区“十四五”规划"),
            (Some("朝阳区".to_string()), Some(AdminLevel::County))
        );
        // Names in 州 before their level word.
        assert_eq!(
            region("广州市国民经济和社会发展第十四个五年规划")
                .0
                .as_deref(),
            Some("广州市")
        );
        assert_eq!(
            region("贵州省“十四五”民政事业发展规划"),
            (Some("贵州省".to_string()), Some(AdminLevel::Province))
        );
        assert_eq!(
            region("杭州市余杭区“十四五”规划").0.as_deref(),
            Some("余杭区")
        );
        assert_eq!(
            region("黔东南苗族侗族自治州“十四五”规划").0.as_deref(),
            Some("黔东南苗族侗族自治州")
        );
    }

    fn meta_of(s: &str) -> Meta {
        let c = crate::clean::clean(&crate::read::text::text_document(s.as_bytes()).unwrap());
        meta(&c).meta
    }

    #[test]
    fn a_title_the_notice_names_when_the_plan_prints_none_legibly() {
        // OCR garbled the plan's own title line (正宁“十四五”民政事业发展展规).
        let m = meta_of("正政办发〔2022〕48号\n正宁县人民政府办公室\n关于印发正宁县“十四五”民政事业发展\n规划的通知\n各乡镇人民政府：\n现印发你们，请认真组织实施。\n正宁县人民政府办公室\n2022年6月7日\n正宁“十四五”民政事业发展展规\n一、发展基础\n正文。\n");
        assert_eq!(m.title.as_deref(), Some("正宁县“十四五”民政事业发展规划"));
        assert_eq!(m.doc_number.as_deref(), Some("正政办发〔2022〕48号"));
        assert_eq!(m.issued.as_deref(), Some("2022-06-07"));
        let m = meta_of("国务院办公厅关于印发《“十四五”文物保护和科技创新规划》的通知\n各省人民政府：\n现印发给你们。\n一、总体要求\n");
        assert_eq!(m.title.as_deref(), Some("“十四五”文物保护和科技创新规划"));
    }

    #[test]
    fn titles_periods_and_dates_of_real_forms() {
        // A site's information table, dumped as text (w3m, lynx).
        let m = meta_of("当前位置：首页 > 政务公开 > 规划计划\n索引号：  000000000/2022-00001\n名  称： 垫江县民政事业发展“十四五”规划\n\n一、总体要求\n");
        assert_eq!(m.title.as_deref(), Some("垫江县民政事业发展“十四五”规划"));
        let m = meta_of("中共中央关于制定国民经济和社会发展第十四个五年规划和二〇三五年远景目标的建议\n\n（2020年10月29日中国共产党第十九届中央委员会第五次全体会议通过）\n\n一、总体要求\n");
        assert_eq!(
            m.title.as_deref(),
            Some("中共中央关于制定国民经济和社会发展第十四个五年规划和二〇三五年远景目标的建议")
        );
        assert_eq!(m.issued.as_deref(), Some("2020-10-29"));
        assert_eq!(
            m.period,
            Some(Period {
                start: 2021,
                end: 2025
            })
        );
        assert_eq!(m.region, None);
        // A long title wrapped after 规划和 (a PDF's text).
        let m = meta_of("某某省国民经济和社会发展第十四个五年规划和\n二〇三五年远景目标纲要\n第一篇 开启新征程\n");
        assert_eq!(
            m.title.as_deref(),
            Some("某某省国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要")
        );
        let m = meta_of("国民经济和社会发展十年规划和第八个五年计划纲要\n（第七届全国人民代表大会第四次会议1991年4月9日批准）\n");
        assert_eq!(
            m.period,
            Some(Period {
                start: 1991,
                end: 1995
            })
        );
        assert_eq!(m.issued.as_deref(), Some("1991-04-09"));
        let m = meta_of("# 扩大内需战略规玥纲要\n\n新华社北京12月14日电 近日，中共中央、国务院印发了《扩大内需战略规划纲要（2022－2035年）》，并发出通知。\n\n一、规划背景\n");
        assert_eq!(
            m.title.as_deref(),
            Some("扩大内需战略规划纲要（2022－2035年）")
        );
        assert_eq!(
            m.period,
            Some(Period {
                start: 2022,
                end: 2035
            })
        );
        let m =
            meta_of("《伪满皇宫历史文化街区保护规划（2023-2035 年）\n》\n（公示稿）\n一、总则\n");
        assert_eq!(
            m.title.as_deref(),
            Some("伪满皇宫历史文化街区保护规划（2023-2035 年）")
        );
        assert_eq!(m.region, None);
        assert_eq!(
            m.period,
            Some(Period {
                start: 2023,
                end: 2035
            })
        );
        let m = meta_of("某某市国民经济和社会发展“十五”计划纲要\n");
        assert_eq!(
            m.period,
            Some(Period {
                start: 2001,
                end: 2005
            })
        );
        let m = meta_of("某某省“十五五”生态环境保护规划\n");
        assert_eq!(
            m.period,
            Some(Period {
                start: 2026,
                end: 2030
            })
        );
        let m = meta_of("湖北省文物事业发展“十四五”规划\n\n一、背景\n\n正文。\n\n湖北省文化和旅游厅办公室 2021年10月27日印发\n");
        assert_eq!(m.issued.as_deref(), Some("2021-10-27"));
        assert_eq!(m.region.as_deref(), Some("湖北省"));
    }

    #[test]
    fn dates() {
        assert_eq!(date_line("2022年6月7日").unwrap().0, "2022-06-07");
        assert_eq!(date_line("二〇二二年六月七日").unwrap().0, "2022-06-07");
        assert_eq!(
            date_line("2022年5月31日印发"),
            Some(("2022-05-31".into(), true))
        );
        assert!(date_line("到2025年6月1日前完成").is_none());
        assert_eq!(date_line("2022.6.7").unwrap().0, "2022-06-07");
        assert_eq!(
            date_line("2022-06-07 印发").unwrap(),
            ("2022-06-07".into(), true)
        );
        assert!(date_line("2021-2025").is_none());
    }
}
