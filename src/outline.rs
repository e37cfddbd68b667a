//! Stage 4, outline: numbered paragraphs → [`Heading`]s.
//!
//! [`candidates`] finds every numbered paragraph of the plan body and splits it
//! into numbering and title (standalone or run-in). The boxes stage then claims
//! the candidates that are box items, and [`build`] turns the rest into the
//! outline: levels from the numbering styles this document actually uses,
//! parents, and warnings for numbers that repeat or skip.

use crate::clean::Block;
use crate::model::{Heading, Span, Warning};
use crate::numbering::{bare_number, lost_numeral, numbering, standalone_title, Numbering, Style};
use crate::text::{char_len, prefix_chars, trim};
use std::collections::{BTreeSet, HashMap, HashSet};

/// A run-in title without a 。 is cut here.
const MAX_RUNIN_TITLE_CHARS: usize = 60;

/// A numbered paragraph that may be a heading.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// Index of the paragraph in `Cleaned::blocks`.
    pub block: usize,
    pub numbering: Numbering,
    /// True when the paragraph is only numbering and title.
    pub standalone: bool,
    /// Title after the numbering (run-in: up to and including the first 。).
    pub title: String,
    /// Numbering and title as printed.
    pub text: String,
    pub span: Span,
}

/// Longest single-sentence paragraph read as a standalone heading when body
/// text follows it.
const MAX_SENTENCE_HEADING_CHARS: usize = 120;
/// This many numbered paragraphs in a row with no body between them are a
/// list, not headings.
const MIN_LIST_RUN: usize = 3;

/// Every numbered paragraph among `blocks[range]`.
/// A web address or a file's path, alone or opening the text.
fn is_address(t: &str) -> bool {
    let t = prefix_chars(trim(t), 10);
    let scheme = t
        .find("://")
        .is_some_and(|p| p > 0 && t[..p].bytes().all(|b| b.is_ascii_alphabetic()));
    scheme || t.starts_with("www.") || t.starts_with("mailto:")
}

pub fn candidates(blocks: &[Block], range: std::ops::Range<usize>) -> Vec<Candidate> {
    let mut out = Vec::new();
    let (start, end) = (range.start, range.end);
    // Each paragraph's numbering, read once (the next one's is asked too).
    let nums: Vec<Option<Numbering>> = blocks[start..end]
        .iter()
        .map(|b| match b {
            Block::Para(p) => numbering(&p.text),
            Block::Table(_) => None,
        })
        .collect();
    let numbered = |i: usize| match blocks.get(i) {
        Some(Block::Para(_)) if i < end => nums[i - start].is_some(),
        Some(Block::Para(p)) => numbering(&p.text).is_some(),
        Some(Block::Table(_)) => false,
        None => true,
    };
    // The numbering style of a note's items (注：① … then ② …, ③ …): the
    // items after the one that opens the note are the note's, not headings.
    let mut note: Option<Style> = None;
    for i in range {
        let Block::Para(p) = &blocks[i] else {
            note = None;
            continue;
        };
        if let Some(rest) = note_body(&p.text) {
            note = numbering(rest).map(|n| n.style);
            continue;
        }
        if note.is_some() && nums[i - start].as_ref().map(|n| n.style) == note {
            continue;
        }
        note = None;
        let Some(n) = nums[i - start]
            .clone()
            .or_else(|| lost_numeral(&p.text))
            .or_else(|| bare_number(&p.text))
        else {
            continue;
        };
        let rest = &p.text[n.len..];
        // A list of addresses (lynx's "References": 1. file:///…) holds no
        // headings.
        if is_address(rest) {
            continue;
        }
        // One sentence standing over body paragraphs is a heading, however long.
        let sentence_over_body = single_sentence(rest)
            && char_len(rest) <= MAX_SENTENCE_HEADING_CHARS
            && i + 1 < end
            && !numbered(i + 1);
        let (standalone, title) = if standalone_title(rest) || sentence_over_body {
            (true, trim(rest).to_string())
        } else {
            (false, runin_title(rest))
        };
        if title.is_empty() || (standalone && statement_of_figures(&title)) {
            continue;
        }
        let printed_len = n.len + rest.find(title.as_str()).unwrap_or(0) + title.len();
        let text = if standalone {
            p.text.clone()
        } else {
            trim(p.text.get(..printed_len).unwrap_or(&p.text)).to_string()
        };
        out.push(Candidate {
            block: i,
            numbering: n,
            standalone,
            title,
            text,
            span: p.span,
        });
    }
    drop_lists(&mut out, blocks, &numbered);
    keep_decimal_only_with_support(&mut out);
    if out
        .iter()
        .filter(|c| c.numbering.style != Style::Named)
        .count()
        < MIN_NUMBERED_HEADINGS
    {
        add_styled(&mut out, blocks, start..end);
    }
    out
}

/// The text after a note's opening word (注：, 注:), if the paragraph is a
/// note.
fn note_body(t: &str) -> Option<&str> {
    let t = trim(t).strip_prefix('注')?.trim_start();
    t.strip_prefix(['：', ':']).map(str::trim_start)
}

/// Fewer numbered headings than this and the page's look decides.
const MIN_NUMBERED_HEADINGS: usize = 3;
/// Longest paragraph read as a heading by its look.
const MAX_STYLED_HEADING_CHARS: usize = 40;
/// A line this much larger than body text stands out as a heading.
const HEADING_SIZE_RATIO: f32 = 1.1;

/// Headings of a document that numbers none (a Word or WPS PDF with styled
/// headings): short paragraphs in a heading style (Word's outline level), or
/// set larger than the body, in a bold face or in another face than the
/// body's (楷体 in a 仿宋 document), in tiers by level, size, weight and face,
/// most prominent first.
fn add_styled(out: &mut Vec<Candidate>, blocks: &[Block], range: std::ops::Range<usize>) {
    let looks = |p: &crate::clean::Para| -> Option<(i32, bool, bool)> {
        let s = p.style?;
        let t = trim(&p.text);
        // A heading style's declared level ranks above any look.
        if let Some(l) = s.level {
            return (char_len(t) <= MAX_STYLED_HEADING_CHARS && !t.is_empty()).then_some((
                1000 - i32::from(l),
                true,
                true,
            ));
        }
        let stands_out = s.bold || s.other_face || s.rel_size >= HEADING_SIZE_RATIO;
        (stands_out
            && char_len(t) <= MAX_STYLED_HEADING_CHARS
            && !t.ends_with(['。', '，', '；', '：', ':', '、'])
            && !t.chars().all(|c| c.is_ascii_digit() || c.is_whitespace())
            && !crate::numbering::is_block_start(t))
        .then_some(((s.rel_size * 20.0).round() as i32, s.bold, s.other_face))
    };
    let mut tiers: Vec<(i32, bool, bool)> = range
        .clone()
        .filter_map(|i| match &blocks[i] {
            Block::Para(p) => looks(p),
            _ => None,
        })
        .collect();
    tiers.sort_by(|a, b| b.cmp(a));
    tiers.dedup();
    let styles = [Style::Look1, Style::Look2, Style::Look3];
    for i in range {
        let Block::Para(p) = &blocks[i] else { continue };
        let Some(key) = looks(p) else { continue };
        let Some(tier) = tiers.iter().position(|t| *t == key) else {
            continue;
        };
        let title = trim(&p.text).to_string();
        out.push(Candidate {
            block: i,
            numbering: Numbering {
                style: styles[tier.min(styles.len() - 1)],
                value: 0,
                label: String::new(),
                len: 0,
            },
            standalone: true,
            title: title.clone(),
            text: title,
            span: p.span,
        });
    }
    out.sort_by_key(|c| c.block);
}

static FIGURE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"\d\s*(?:[%％倍]|[万亿]|元|吨|千瓦|公里|平方米|立方米)").unwrap()
});

/// A numbered sentence that states figures ("国外借款还本付息243亿元，平均每年
/// 49亿元。") is an item of a list of targets, not a heading.
fn statement_of_figures(title: &str) -> bool {
    title.ends_with('。') && title.contains(['，', ',']) && FIGURE.is_match(title)
}

/// A paragraph that is one sentence: no sentence end inside, at most a final 。.
fn single_sentence(rest: &str) -> bool {
    let rest = trim(rest);
    let body = rest.strip_suffix('。').unwrap_or(rest);
    !body.is_empty() && !body.contains(['。', '；', ';', '！', '？', '：', ':'])
}

/// Runs of standalone candidates of one style in adjacent paragraphs, with no
/// body text under any but the last, are an enumeration (a list of laws, of
/// tasks), not a sequence of headings.
fn drop_lists(cands: &mut Vec<Candidate>, blocks: &[Block], numbered: &dyn Fn(usize) -> bool) {
    // Whether body text (not another numbered paragraph) follows a candidate.
    let body_after = |c: &Candidate| match blocks.get(c.block + 1) {
        Some(Block::Para(_)) => !numbered(c.block + 1),
        Some(Block::Table(_)) => true,
        None => false,
    };
    let mut runs = Vec::new();
    let mut i = 0;
    while i < cands.len() {
        let mut j = i;
        while j + 1 < cands.len()
            && cands[j + 1].block == cands[j].block + 1
            && cands[j + 1].numbering.style == cands[i].numbering.style
            && cands[j + 1].numbering.value == cands[j].numbering.value + 1
        {
            j += 1;
        }
        let run = &cands[i..=j];
        if run.len() >= MIN_LIST_RUN
            && run.iter().all(|c| c.standalone)
            && !matches!(
                run[0].numbering.style,
                Style::Named | Style::Part | Style::Chapter | Style::Section
            )
        {
            runs.push(i..j + 1);
        }
        i = j + 1;
    }
    let mut in_run = vec![false; cands.len()];
    for r in &runs {
        in_run[r.clone()].iter_mut().for_each(|d| *d = true);
    }
    let mut drop = vec![false; cands.len()];
    for r in runs {
        let style = cands[r.start].numbering.style;
        // The style heads body text elsewhere: these are empty headings.
        let heads_elsewhere = cands
            .iter()
            .enumerate()
            .any(|(k, c)| !in_run[k] && c.numbering.style == style && body_after(c));
        if !heads_elsewhere {
            drop[r].iter_mut().for_each(|d| *d = true);
        }
    }
    let mut k = 0;
    cands.retain(|_| {
        k += 1;
        !drop[k - 1]
    });
}

/// Decimal numbering (1.1, 1.1.1) counts only where the document uses it more
/// than once, and a bare `1 总则` only beside a `1.1`.
fn keep_decimal_only_with_support(cands: &mut Vec<Candidate>) {
    let count = |s: Style| cands.iter().filter(|c| c.numbering.style == s).count();
    let dec2 = count(Style::Dec2);
    let decimal = dec2 + count(Style::Dec3) + count(Style::Dec4);
    cands.retain(|c| match c.numbering.style {
        Style::Dec1 => dec2 >= 2,
        Style::Dec2 | Style::Dec3 | Style::Dec4 => decimal >= 2,
        _ => true,
    });
}

/// The title of a run-in heading: up to and including the first 。.
fn runin_title(rest: &str) -> String {
    let rest = trim(rest);
    match rest.find('。') {
        Some(pos) if char_len(&rest[..pos]) <= 200 => rest[..pos + '。'.len_utf8()].to_string(),
        _ => {
            let cut = rest
                .find(['；', '！', '？'])
                .map(|p| &rest[..p])
                .unwrap_or(rest);
            prefix_chars(cut, MAX_RUNIN_TITLE_CHARS).to_string()
        }
    }
}

/// The outline from the candidates not claimed by boxes (`skip` holds block indices).
pub fn build(cands: &[Candidate], skip: &HashSet<usize>) -> (Vec<Heading>, Vec<Warning>) {
    let kept: Vec<&Candidate> = cands.iter().filter(|c| !skip.contains(&c.block)).collect();
    let levels = style_levels(&kept);
    let mut out: Vec<Heading> = Vec::with_capacity(kept.len());
    let mut warnings = Vec::new();
    // Open headings by level: (level, id).
    let mut stack: Vec<(u8, String)> = Vec::new();
    // Last number seen per (parent, style).
    let mut last: HashMap<(Option<String>, Style), u32> = HashMap::new();
    // Last number seen per style anywhere: a list numbered on across its
    // parents (1.–17. through （一）–（五）) goes on from it.
    let mut last_any: HashMap<Style, u32> = HashMap::new();
    for (k, c) in kept.iter().enumerate() {
        let level = levels[&c.numbering.style];
        while stack.last().is_some_and(|(l, _)| *l >= level) {
            stack.pop();
        }
        let parent = stack.last().map(|(_, id)| id.clone());
        let id = format!("h{}", k + 1);
        let key = (parent.clone(), c.numbering.style);
        let v = c.numbering.value;
        // Headings without a number (named, styled, a numeral OCR lost)
        // have no sequence to check.
        let unnumbered = v == 0
            || matches!(
                c.numbering.style,
                Style::Named | Style::Look1 | Style::Look2 | Style::Look3
            );
        match last.get(&key) {
            _ if unnumbered => {}
            Some(&p) if v != p + 1 => warnings.push(Warning::new(
                "heading-sequence",
                format!(
                    "heading {} {} after number {p} of the same style",
                    c.numbering.label,
                    if v == p {
                        "repeats"
                    } else {
                        "is out of sequence"
                    },
                ),
                Some(c.span),
            )),
            None if v != 1 && last_any.get(&c.numbering.style) != Some(&(v - 1)) => {
                warnings.push(Warning::new(
                    "heading-sequence",
                    format!("heading {} starts its list at {v}", c.numbering.label),
                    Some(c.span),
                ))
            }
            _ => {}
        }
        last.insert(key, v);
        if !unnumbered {
            last_any.insert(c.numbering.style, v);
        }
        stack.push((level, id.clone()));
        out.push(Heading {
            id,
            level,
            number: c.numbering.label.clone(),
            title: c.title.clone(),
            text: c.text.clone(),
            runin: !c.standalone,
            parent,
            span: c.span,
        });
    }
    (out, warnings)
}

/// Level of each numbering style: its rank among the styles the document uses,
/// in the order the document nests them.
///
/// The conventional order (第一章 > 第一节 > 一、 > （一） > 1. > （1） > ①) is
/// followed unless the document consistently nests two styles the other way
/// round, which is then respected.
fn style_levels(cands: &[&Candidate]) -> HashMap<Style, u8> {
    // 前言, 总则 … stand beside the top level, whatever it is.
    let present: BTreeSet<Style> = cands
        .iter()
        .map(|c| c.numbering.style)
        .filter(|s| *s != Style::Named)
        .collect();
    // Count how often style a directly precedes-and-contains style b: b's first
    // item (value 1) right after an a.
    let mut inside: HashMap<(Style, Style), usize> = HashMap::new();
    for w in cands.windows(2) {
        let (a, b) = (w[0].numbering.style, w[1].numbering.style);
        if a != b && w[1].numbering.value == 1 {
            *inside.entry((a, b)).or_default() += 1;
        }
    }
    let mut order: Vec<Style> = present.into_iter().collect();
    // Bubble adjacent pairs that the document nests against convention.
    for _ in 0..order.len() {
        let mut swapped = false;
        for i in 0..order.len().saturating_sub(1) {
            let (a, b) = (order[i], order[i + 1]);
            let ab = inside.get(&(a, b)).copied().unwrap_or(0);
            let ba = inside.get(&(b, a)).copied().unwrap_or(0);
            if ba >= 2 && ab == 0 {
                order.swap(i, i + 1);
                swapped = true;
            }
        }
        if !swapped {
            break;
        }
    }
    let mut levels: HashMap<Style, u8> = order
        .into_iter()
        .enumerate()
        .map(|(i, s)| (s, (i + 1).min(u8::MAX as usize) as u8))
        .collect();
    levels.insert(Style::Named, 1);
    levels
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::clean;
    use crate::read::text::text_document;

    fn outline(s: &str) -> (Vec<Heading>, Vec<Warning>) {
        let c = clean(&text_document(s.as_bytes()).unwrap());
        let cands = candidates(&c.blocks, 0..c.blocks.len());
        build(&cands, &HashSet::new())
    }

    #[test]
    fn a_list_of_addresses_holds_no_headings() {
        let (h, _) = outline("一、总体要求\n\n正文。\n\nReferences\n\n   1. file:///zwgk/\n   2. https://www.gov.cn/a.html\n\n二、主要任务\n");
        let got: Vec<_> = h.iter().map(|h| h.text.as_str()).collect();
        assert_eq!(got, ["一、总体要求", "二、主要任务"]);
        assert!(!is_address("史学的研究。中国思想文化p://www.cnk"));
    }

    #[test]
    fn levels_follow_the_styles_used() {
        let (h, w) = outline("一、总体要求\n\n（一）指导思想\n\n正文。\n\n1. 社会救助更加完善。到2025年，低保标准提高。\n\n二、主要任务\n");
        let got: Vec<_> = h
            .iter()
            .map(|h| (h.level, h.text.as_str(), h.runin))
            .collect();
        assert_eq!(
            got,
            [
                (1, "一、总体要求", false),
                (2, "（一）指导思想", false),
                (3, "1. 社会救助更加完善。", true),
                (1, "二、主要任务", false)
            ]
        );
        assert_eq!(h[2].parent.as_deref(), Some("h2"));
        assert!(w.is_empty());
    }

    #[test]
    fn unconventional_nesting_is_respected() {
        let s = "1.总体\n\n（一）甲\n\n（二）乙\n\n2.分项\n\n（一）丙\n\n（二）丁\n";
        let (h, _) = outline(s);
        assert_eq!(
            h.iter().map(|h| h.level).collect::<Vec<_>>(),
            [1, 2, 2, 1, 2, 2]
        );
    }

    #[test]
    fn lists_named_divisions_and_decimal_headings() {
        // A list of laws under a heading is not a run of headings.
        let (h, _) = outline("前言\n\n正文。\n\n一、规划依据\n\n1.《城乡规划法》\n\n2.《环境保护法》\n\n3.《森林法》\n\n二、规划范围\n\n正文。\n");
        let got: Vec<_> = h.iter().map(|h| (h.level, h.text.as_str())).collect();
        assert_eq!(got, [(1, "前言"), (1, "一、规划依据"), (1, "二、规划范围")]);
        // Decimal numbering nests by its depth.
        let (h, _) = outline("1 总则\n\n1.1 规划目的\n\n正文。\n\n1.2 规划范围\n\n正文。\n\n2 布局\n\n2.1 总体格局\n\n正文。\n");
        let got: Vec<_> = h.iter().map(|h| (h.level, h.number.as_str())).collect();
        assert_eq!(
            got,
            [(1, "1"), (2, "1.1"), (2, "1.2"), (1, "2"), (2, "2.1")]
        );
        // One long sentence standing over body text is a standalone heading.
        let (h, _) = outline("一、总体要求\n\n1.按照国民经济逐步现代化的要求和居民消费结构的变化，积极调整产业结构，重点是加强农业和基础工业。\n\n具体说来，要做到以下几点。\n");
        assert!(!h[1].runin);
        // A sentence of figures is a list item.
        let (h, _) = outline("一、财政\n\n正文。\n\n二、支出\n\n七、国外借款还本付息243亿元，平均每年49亿元。\n\n正文。\n");
        assert_eq!(h.len(), 2);
    }

    #[test]
    fn a_notes_items_are_not_headings() {
        let (h, _) = outline(
            "一、发展基础\n正文。\n注：① “四有”是指划定保护范围。\n② “两线”是指保护范围和建设控制地带。\n\
             ③ 观众人数为2019年数据。\n二、总体要求\n（一）指导思想\n正文。\n",
        );
        let t: Vec<&str> = h.iter().map(|h| h.text.as_str()).collect();
        assert_eq!(t, ["一、发展基础", "二、总体要求", "（一）指导思想"]);
    }

    #[test]
    fn repeated_number_warns() {
        let (h, w) = outline("（一）甲\n\n（二）乙\n\n（二）丙\n");
        assert_eq!(h.len(), 3);
        assert_eq!(w.len(), 1);
        assert!(w[0].message.contains("repeats"));
    }

    #[test]
    fn a_list_numbered_on_across_its_parents_does_not_warn() {
        // 1.–4. run on through （一） and （二）, as many plans number them;
        // a list that starts elsewhere than 1 or its run still warns.
        let s = "一、总体要求\n\n（一）指导思想\n\n1. 甲。正文。\n\n2. 乙。正文。\n\n\
                 （二）基本原则\n\n3. 丙。正文。\n\n4. 丁。正文。\n\n二、主要任务\n\n\
                 （一）任务\n\n7. 戊。正文。\n";
        let (h, w) = outline(s);
        assert_eq!(h.len(), 10);
        let msgs: Vec<&str> = w.iter().map(|w| w.message.as_str()).collect();
        assert_eq!(msgs, ["heading 7. starts its list at 7"]);
    }
}
