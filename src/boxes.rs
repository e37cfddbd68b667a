//! Stage 5, boxes: 专栏 labels → [`BoxNode`]s with their items.
//!
//! A box runs from its label to where the body resumes: a heading of another
//! numbering style, a number that does not continue the box's sequence, body
//! text after the items, the next label, or the end of a table the box holds.

use crate::clean::Block;
use crate::model::Span;
use crate::numbering::{box_label, numbering, standalone_title, Style};
use crate::text::{char_len, trim};

/// A box as found in the blocks.
#[derive(Debug, Clone)]
pub struct BoxNode {
    pub label: String,
    pub number: Option<u32>,
    pub title: String,
    pub items: Vec<ItemNode>,
    /// Blocks the box claims (label, items, table), in order.
    pub blocks: Vec<usize>,
    /// Index of the table block the box holds, if any.
    pub table_block: Option<usize>,
    pub span: Span,
}

/// One item of a box.
#[derive(Debug, Clone)]
pub struct ItemNode {
    pub number: Option<String>,
    pub title: String,
    pub text: String,
    /// The group label inside the box the item falls under.
    pub group: Option<String>,
    pub span: Span,
}

/// How the label of a group of items inside a box ends.
const GROUP_ENDINGS: &[&str] = &["工程", "项目", "行动", "计划", "类"];

/// An unnumbered item's title must end within this many characters.
const MAX_UNNUMBERED_TITLE_CHARS: usize = 40;

/// Run the boxes stage over `blocks[from..]`.
pub fn boxes(blocks: &[Block], from: usize) -> Vec<BoxNode> {
    let mut out = Vec::new();
    let mut i = from;
    while i < blocks.len() {
        let Block::Para(p) = &blocks[i] else {
            i += 1;
            continue;
        };
        let Some(label) = box_label(&p.text) else {
            i += 1;
            continue;
        };
        let node = one_box(blocks, i, label);
        i = node.blocks.last().copied().unwrap_or(i) + 1;
        out.push(node);
    }
    out
}

fn one_box(blocks: &[Block], start: usize, label: crate::numbering::BoxLabel) -> BoxNode {
    let mut node = BoxNode {
        label: label.label,
        number: label.number,
        title: label.title,
        items: Vec::new(),
        blocks: vec![start],
        table_block: None,
        span: blocks[start].span(),
    };
    let mut item_style: Option<Style> = None;
    let mut last_value = 0;
    // The open group label: its style, number and title.
    let mut group: Option<(Style, u32, String)> = None;
    let mut unnumbered = false;
    let mut dash_items = false;
    let mut j = start + 1;
    while j < blocks.len() {
        let para = match &blocks[j] {
            Block::Table(_) => {
                if node.items.is_empty() && node.table_block.is_none() {
                    node.table_block = Some(j);
                    node.blocks.push(j);
                    node.span = node.span.to(blocks[j].span());
                }
                break;
            }
            Block::Para(p) => p,
        };
        if box_label(&para.text).is_some() {
            break;
        }
        let next_is_table = matches!(blocks.get(j + 1), Some(Block::Table(_)));
        let t = trim(&para.text);
        // A caption or 单位 line between the label and the table it holds.
        if node.items.is_empty() && next_is_table && char_len(t) <= 40 && !t.contains('。') {
            node.blocks.push(j);
            node.span = node.span.to(para.span);
            j += 1;
            continue;
        }
        // A heading line under a bare label ("专栏 2" / "养老服务重点工程"): part
        // of the box but not an item; the title stays the label line's rest.
        if node.items.is_empty()
            && node.title.is_empty()
            && j == start + 1
            && char_len(t) <= 30
            && !t.contains('。')
            && numbering(t).is_none()
            && matches!(blocks.get(j + 1), Some(Block::Para(q)) if numbering(&q.text).is_some())
        {
            node.blocks.push(j);
            node.span = node.span.to(para.span);
            j += 1;
            continue;
        }
        match numbering(&para.text) {
            Some(n) => {
                let rest = &para.text[n.len..];
                // A group label inside the box: a bare title in an outer style
                // followed by items numbered from 1 in a deeper one.
                // Named like a group of projects (…工程, …项目): a body section
                // heading right after the box has the same shape otherwise.
                let opens_group = standalone_title(rest)
                    && GROUP_ENDINGS
                        .iter()
                        .any(|e| trim(rest).trim_end_matches('。').ends_with(e))
                    && matches!(blocks.get(j + 1), Some(Block::Para(q))
                        if numbering(&q.text).is_some_and(|m| m.style > n.style && m.value == 1));
                match (item_style, group.as_ref().map(|g| (g.0, g.1))) {
                    (None, None)
                        if !unnumbered && n.value == 1 && is_item_style(n.style) && opens_group =>
                    {
                        group = Some((n.style, 1, trim(rest).trim_end_matches('。').to_string()));
                    }
                    (_, Some((gs, gv))) if n.style == gs && n.value == gv + 1 && opens_group => {
                        group = Some((gs, n.value, trim(rest).trim_end_matches('。').to_string()));
                        last_value = 0;
                    }
                    (None, _) if !unnumbered && n.value == 1 && is_item_style(n.style) => {
                        item_style = Some(n.style);
                        last_value = 1;
                        node.items
                            .push(item(Some(n.label), rest, para.span, current(&group)));
                    }
                    (Some(s), _) if n.style == s && n.value == last_value + 1 => {
                        last_value = n.value;
                        node.items
                            .push(item(Some(n.label), rest, para.span, current(&group)));
                    }
                    (Some(s), _) if n.style > s && !node.items.is_empty() => {
                        extend(
                            node.items.last_mut().expect("non-empty"),
                            &para.text,
                            para.span,
                            false,
                        );
                    }
                    _ => break,
                }
            }
            None => {
                if item_style.is_none() && (node.items.is_empty() || unnumbered) {
                    // A box whose items carry no numbers: take item-like paragraphs.
                    let title_len = t
                        .find('。')
                        .map(|p| char_len(&t[..p]))
                        .unwrap_or(usize::MAX);
                    let first = node.items.is_empty();
                    // Items set off by dashes (——社会消费品零售总额…) where
                    // the box opens with one; elsewhere a dash paragraph is
                    // the body's, after the box.
                    let dashed = t.starts_with("——");
                    if !(first || (para.gap <= 1 && title_len <= MAX_UNNUMBERED_TITLE_CHARS))
                        || (dashed && !first && !dash_items)
                        || (dash_items && !dashed)
                    {
                        break;
                    }
                    dash_items |= first && dashed;
                    unnumbered = true;
                    let body = if dashed {
                        t.trim_start_matches('—')
                    } else {
                        t
                    };
                    node.items.push(item(None, body, para.span, None));
                } else if let Some(last) = node.items.last_mut() {
                    // The rest of an item cut by a page break; or a line
                    // the converter set apart (a full line that ended a
                    // sentence) right under the item, the next item after it.
                    let open = !last.text.ends_with(['。', '；', '！', '？', ';']);
                    // (The next item after a few paragraphs that follow
                    // each other with no blank line: the item's sentences,
                    // each a paragraph in a rendering that parts them so.)
                    let next_item = (j + 1..blocks.len())
                        .take(MAX_ITEM_PARAGRAPHS)
                        .map_while(|k| match &blocks[k] {
                            Block::Para(q) => Some(q),
                            Block::Table(_) => None,
                        })
                        .find_map(|q| match numbering(&q.text) {
                            Some(m) => {
                                Some(Some(m.style) == item_style && m.value == last_value + 1)
                            }
                            None if q.gap == 0 && box_label(&q.text).is_none() => None,
                            None => Some(false),
                        })
                        .unwrap_or(false);
                    if (open || (para.gap == 0 && next_item))
                        && para.gap <= 2
                        && !t.starts_with("——")
                    {
                        extend(last, t, para.span, true);
                    } else {
                        break;
                    }
                } else {
                    break;
                }
            }
        }
        node.blocks.push(j);
        node.span = node.span.to(para.span);
        j += 1;
    }
    node
}

/// Most paragraphs one item's text is parted into, past which the body
/// resumes.
const MAX_ITEM_PARAGRAPHS: usize = 4;

/// Numbering styles that box items use.
fn is_item_style(s: Style) -> bool {
    matches!(
        s,
        Style::ArabicDot
            | Style::ArabicParen
            | Style::ArabicHalf
            | Style::Circled
            | Style::CnParen
            | Style::CnComma
    )
}

fn item(number: Option<String>, rest: &str, span: Span, group: Option<String>) -> ItemNode {
    let text = trim(rest).to_string();
    ItemNode {
        number,
        title: item_title(&text),
        text,
        group,
        span,
    }
}

fn current(group: &Option<(Style, u32, String)>) -> Option<String> {
    group.as_ref().map(|g| g.2.clone())
}

/// Append a sub-item (`retitle` false) or the rest of a cut item (`retitle` true).
fn extend(item: &mut ItemNode, more: &str, span: Span, retitle: bool) {
    item.text.push_str(trim(more));
    if retitle {
        item.title = item_title(&item.text);
    }
    item.span = item.span.to(span);
}

/// Longest label (before a colon) read as an item's title.
const MAX_LABEL_CHARS: usize = 40;

/// The item text up to its first 。 (without it), or the whole text; an item
/// that opens with a label closed by a colon ("楚天文物平安工程：实施…") is
/// titled by the label.
pub fn item_title(text: &str) -> String {
    let t = trim(text);
    let stop = t.find('。').unwrap_or(t.len());
    if let Some(c) = t[..stop].find(['：', ':']) {
        let label = trim(&t[..c]);
        if !label.is_empty() && crate::text::char_len(label) <= MAX_LABEL_CHARS {
            return label.to_string();
        }
    }
    match t.find('。') {
        Some(p) => trim(&t[..p]).to_string(),
        None => t.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::clean;
    use crate::read::text::text_document;

    fn run(s: &str) -> Vec<BoxNode> {
        let c = clean(&text_document(s.as_bytes()).unwrap());
        boxes(&c.blocks, 0)
    }

    #[test]
    fn numbered_items_end_at_heading() {
        let b = run("专栏 1 夯实基础主要任务\n\n1. 巩固成果。加强衔接。\n2. 健全体系。②完善。\n①细化。\n\n（二）加快发展养老服务业\n");
        assert_eq!(b.len(), 1);
        let titles: Vec<_> = b[0].items.iter().map(|i| i.title.as_str()).collect();
        assert_eq!(titles, ["巩固成果", "健全体系"]);
        assert!(b[0].items[1].text.ends_with("①细化。"));
        assert_eq!(b[0].span.line_end, 5);
    }

    #[test]
    fn item_cut_by_page_break() {
        let b = run(
            "专栏 4 任务\n\n1. 全面提升水平，继续落实“明天计划”等\n\n项目。\n\n3. 健全体系。\n",
        );
        assert_eq!(
            b[0].items[0].title,
            "全面提升水平，继续落实“明天计划”等项目"
        );
        // 3 does not continue 1: the box ends.
        assert_eq!(b[0].items.len(), 1);
    }

    #[test]
    fn item_line_set_apart_goes_on_to_the_next_item() {
        // A converter broke item 1 after a full line that ended a sentence.
        let b = run("专栏 4 任务\n\n1. 健全保护体系。推进保护工作高质量发展。\n2025 年实现协调联动。\n\n2. 提高关爱服务水平。开展活动。\n\n正文。\n");
        let titles: Vec<_> = b[0].items.iter().map(|i| i.title.as_str()).collect();
        assert_eq!(titles, ["健全保护体系", "提高关爱服务水平"]);
        assert!(b[0].items[0].text.ends_with("2025 年实现协调联动。"));
        // Body text under the last item, no item after it: the box ends.
        let b = run("专栏 4 任务\n\n1. 健全体系。推进工作。\n全县推进保障。\n\n3. 完善制度。\n");
        assert_eq!(b[0].items.len(), 1);
        assert!(b[0].items[0].text.ends_with("推进工作。"));
    }

    #[test]
    fn item_parted_into_paragraphs_goes_on_to_the_next_item() {
        // A rendering that parts every sentence (pdftotext -raw): the
        // item's sentences up to the next item.
        let b = run(
            "专栏 1 安全防护\n1.平安工程:实施防护工程全覆盖。\n完成40处防火设施建设。\n\
                     推动各地加强防护。\n\n2.执法能力提升工程:组织培训。\n四、加强考古\n",
        );
        let titles: Vec<_> = b[0].items.iter().map(|i| i.title.as_str()).collect();
        assert_eq!(titles, ["平安工程", "执法能力提升工程"]);
        assert!(
            b[0].items[0].text.ends_with("推动各地加强防护。"),
            "{}",
            b[0].items[0].text
        );
    }

    #[test]
    fn items_set_off_by_dashes() {
        // A box whose items open with dashes takes them all; a dash
        // paragraph after a box of numbered items is the body's.
        let b = run(
            "专栏 1-1 “十三五”主要成就\n\n——社会消费品零售总额年均增长8%。\n\n\
                     ——外贸进出口总额达到100亿元。\n\n第二章 总体要求\n",
        );
        let titles: Vec<_> = b[0].items.iter().map(|i| i.title.as_str()).collect();
        assert_eq!(
            titles,
            ["社会消费品零售总额年均增长8%", "外贸进出口总额达到100亿元"]
        );
        let b = run("专栏 2 任务\n\n1. 健全体系。\n\n2. 完善制度。\n\n——民政自身建设明显改善。\n");
        assert_eq!(b[0].items.len(), 2);
        let b = run("专栏 3 成就\n\n——消费增长8%。\n\n正文一段。全县经济平稳。\n");
        assert_eq!(b[0].items.len(), 1);
    }

    #[test]
    fn unnumbered_and_table_boxes() {
        let b = run("专栏6    社会服务项目\n\n殡仪馆建设项目。建设平罗县殡仪馆。\n\n\n第六章  强化规划实施保障\n");
        assert_eq!(b[0].items[0].title, "殡仪馆建设项目");
        assert_eq!(b[0].title, "社会服务项目");
        let b =
            run("专栏 1： 主要指标\n\n序号\t指标\t单位\n1\t低保\t%\n\n——民政自身建设明显改善。\n");
        assert!(b[0].items.is_empty());
        assert!(b[0].table_block.is_some());
        let b = run("专栏 3 重点项目\n\n单位：万元\n序号\t项目名称\t总投资\n1\t甲项目\t100\n");
        assert!(b[0].items.is_empty() && b[0].table_block.is_some());
        let b = run("专栏 2\n养老服务工程\n1.农村养老工程。建设。\n2.基本养老工程。保障。\n");
        assert_eq!(b[0].title, "");
        assert_eq!(b[0].items.len(), 2);
    }

    #[test]
    fn grouped_items() {
        let b = run("专栏 3 重大工程\n（一）养老服务工程\n1.新建养老院。建设床位。\n2.改造敬老院。\n（二）儿童福利工程\n1.儿童之家。建设。\n\n（三）加快发展社会事业\n1.完善制度。推进改革。\n");
        let items: Vec<_> = b[0]
            .items
            .iter()
            .map(|i| (i.group.as_deref().unwrap_or(""), i.title.as_str()))
            .collect();
        assert_eq!(
            items,
            [
                ("养老服务工程", "新建养老院"),
                ("养老服务工程", "改造敬老院"),
                ("儿童福利工程", "儿童之家")
            ]
        );
        assert_eq!(b[0].span.line_end, 6, "（三） is body text again");
    }
}
