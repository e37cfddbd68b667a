//! Stage 8, model: the stages' nodes → the contract's [`Plan`].
//!
//! Gives ids, links boxes to their sections and tables to their boxes, and runs
//! every indicator and project cell through [`crate::quantity`].

use crate::boxes::BoxNode;
use crate::clean::Block;
use crate::model::{
    BoxItem, Heading, Indicator, OtherTarget, Paragraph, Plan, PlanBox, Project, ProjectSource,
    Source, Table, Warning, Years, SCHEMA_VERSION,
};
use crate::quantity::{attribute, canonical_unit, money, value};
use crate::tables::{parse_years, TableNode};
use crate::text::{char_len, join_wrapped, trim};
use regex::Regex;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// Everything the stages produced for one document.
pub struct Parts {
    pub source: Source,
    pub meta: crate::model::Meta,
    pub outline: Vec<Heading>,
    /// The block each heading of `outline` was read from.
    pub heading_blocks: Vec<usize>,
    pub paragraphs: Vec<Paragraph>,
    pub boxes: Vec<BoxNode>,
    pub tables: Vec<TableNode>,
    pub warnings: Vec<Warning>,
}

static INVESTMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:总投资|投资|资金)[为达]?\s*((?:约|近|超过|不少于)?\s*\d+(?:\.\d+)?\s*(?:亿元|万元|元)(?:以上|左右)?)").unwrap()
});

/// The body's paragraphs: every paragraph block of `body` that no box claims
/// and that is not a standalone heading. `heads` gives, for each heading, its
/// block, id and whether it stands alone, in document order.
pub fn paragraphs(
    blocks: &[Block],
    body: std::ops::Range<usize>,
    claimed: &HashSet<usize>,
    heads: &[(usize, &str, bool)],
) -> Vec<Paragraph> {
    let by_block: HashMap<usize, (&str, bool)> =
        heads.iter().map(|&(b, id, s)| (b, (id, s))).collect();
    let mut section: Option<&str> = None;
    let mut out = Vec::new();
    for i in body {
        if let Some(&(id, standalone)) = by_block.get(&i) {
            section = Some(id);
            if standalone {
                continue;
            }
        }
        let Block::Para(p) = &blocks[i] else { continue };
        if claimed.contains(&i) {
            continue;
        }
        out.push(Paragraph {
            id: format!("p{}", out.len() + 1),
            section: section.map(str::to_string),
            text: p.text.clone(),
            span: p.span,
        });
    }
    out
}

/// Build the plan.
pub fn assemble(p: Parts) -> Plan {
    let mut warnings = p.warnings;

    // Boxes, with the section that holds them.
    let mut boxes = Vec::with_capacity(p.boxes.len());
    let mut projects = Vec::new();
    for (k, b) in p.boxes.iter().enumerate() {
        let id = format!("b{}", k + 1);
        // Headings before the box's label block (by block: spans can tie).
        let first = b.blocks.first().copied().unwrap_or(0);
        let before: Vec<&Heading> = p
            .outline
            .iter()
            .zip(&p.heading_blocks)
            .filter(|(_, &blk)| blk < first)
            .map(|(h, _)| h)
            .collect();
        let section = before
            .iter()
            .rev()
            .find(|h| !h.runin)
            .or_else(|| before.last())
            .map(|h| h.id.clone());
        if b.items.is_empty() && b.table_block.is_none() {
            warnings.push(Warning::new(
                "box-empty",
                format!("{} has neither items nor a table", b.label),
                Some(b.span),
            ));
        }
        let box_of_projects = b.title.contains("项目") || b.title.contains("工程");
        for (n, it) in b.items.iter().enumerate() {
            let named = it.title.ends_with("项目") || it.title.ends_with("工程");
            let is_project =
                named || (box_of_projects && it.number.is_some() && char_len(&it.title) <= 40);
            if !is_project {
                continue;
            }
            let investment = INVESTMENT
                .captures(&it.text)
                .and_then(|c| money(&c[1], None));
            projects.push(Project {
                source: ProjectSource::Box,
                table: None,
                box_id: Some(id.clone()),
                seq: Some(it.number.clone().unwrap_or_else(|| (n + 1).to_string())),
                group: it.group.clone(),
                name: Some(it.title.clone()),
                nature: None,
                years: None,
                content: Some(it.text.clone()),
                investment,
                owner: None,
                span: it.span,
            });
        }
        boxes.push(PlanBox {
            id,
            label: b.label.clone(),
            number: b.number,
            title: b.title.clone(),
            section,
            items: b
                .items
                .iter()
                .map(|i| BoxItem {
                    number: i.number.clone(),
                    title: i.title.clone(),
                    text: i.text.clone(),
                    group: i.group.clone(),
                    span: i.span,
                })
                .collect(),
            span: b.span,
        });
    }

    let mut tables = Vec::with_capacity(p.tables.len());
    let mut indicators = Vec::new();
    for (k, t) in p.tables.into_iter().enumerate() {
        let id = format!("t{}", k + 1);
        warnings.extend(t.warnings.iter().cloned());
        for r in &t.indicators {
            let unit = r
                .unit
                .as_deref()
                .map(join_wrapped)
                .filter(|u| !u.is_empty());
            let v = |s: &Option<String>| {
                s.as_deref()
                    .filter(|s| !trim(s).is_empty())
                    .map(|s| value(s, unit.as_deref()))
            };
            indicators.push(Indicator {
                table: id.clone(),
                seq: r.seq.clone(),
                name: r.name.clone(),
                unit_normalized: unit.as_deref().and_then(canonical_unit).map(|(_, u)| u),
                unit: unit.clone(),
                category: r.category.clone(),
                baseline: v(&r.baseline),
                target: v(&r.target),
                other_targets: r
                    .others
                    .iter()
                    .map(|(c, s)| OtherTarget {
                        column: c.clone(),
                        // A column that names its own unit (年均增长（%）)
                        // measures in it, not in the row's.
                        value: value(s, column_unit(c).as_deref().or(unit.as_deref())),
                    })
                    .collect(),
                attribute: r.attribute.as_deref().and_then(attribute),
                attribute_raw: r
                    .attribute
                    .as_deref()
                    .map(join_wrapped)
                    .filter(|a| !a.is_empty()),
                span: r.span,
            });
        }
        let unit = t.unit.clone();
        if unit.is_none() && !t.projects.is_empty() {
            warnings.push(Warning::new(
                "table-no-unit",
                "project table without 单位; bare investment figures read as yuan",
                Some(t.span),
            ));
        }
        for r in &t.projects {
            let investment = r
                .investment
                .as_deref()
                .and_then(|s| money(s, unit.as_deref()));
            projects.push(Project {
                source: ProjectSource::Table,
                table: Some(id.clone()),
                box_id: None,
                seq: r.seq.clone(),
                group: r.group.clone(),
                name: r.name.clone(),
                nature: r.nature.clone(),
                years: r
                    .years
                    .as_deref()
                    .and_then(parse_years)
                    .map(|(start, end)| Years { start, end }),
                content: r.content.clone(),
                investment,
                owner: r.owner.clone(),
                span: r.span,
            });
        }
        tables.push(Table {
            id,
            kind: t.kind,
            caption: t.caption,
            unit,
            columns: t.columns,
            row_spans: t.rows.iter().map(|r| r.span).collect(),
            rows: t.rows.into_iter().map(|r| r.cells).collect(),
            box_id: t.in_box.map(|k| format!("b{}", k + 1)),
            span: t.span,
        });
    }
    projects.sort_by_key(|p| p.span.position());

    Plan {
        schema_version: SCHEMA_VERSION.to_string(),
        source: p.source,
        meta: p.meta,
        outline: p.outline,
        paragraphs: p.paragraphs,
        boxes,
        tables,
        indicators,
        projects,
        warnings,
    }
}

/// The unit a column's header prints in brackets at its end: 年均增长（%）,
/// 总投资（万元）.
fn column_unit(header: &str) -> Option<String> {
    crate::tables::unit_in_name(header).filter(|u| {
        !["预期", "约束", "目标", "规划", "实际"]
            .iter()
            .any(|w| u.contains(w))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_column_that_names_its_unit_measures_in_it() {
        assert_eq!(column_unit("年均增长（%）").as_deref(), Some("%"));
        assert_eq!(column_unit("总投资(万元)").as_deref(), Some("万元"));
        assert_eq!(column_unit("2025年"), None);
        assert_eq!(column_unit("目标（预期）"), None);
        // Through the whole pipeline: a growth column beside a row in 亿元.
        let text = "某某市“十四五”规划纲要\n\n| 指标名称 | 单位 | 2020年 | 2025年 | 年均增长（%） | 属性 |\n\
                    |---|---|---|---|---|---|\n| 地区生产总值 | 亿元 | 2500 | 3500 | 6.5左右 | 预期性 |\n\
                    | 研发经费投入 | 亿元 | 50 | 80 | [10] | 预期性 |\n";
        let plan = crate::extract_bytes(std::path::Path::new("t.md"), text.as_bytes()).unwrap();
        let growth: Vec<_> = plan
            .indicators
            .iter()
            .map(|i| {
                let v = &i.other_targets[0].value;
                (v.value, v.unit.as_deref())
            })
            .collect();
        assert_eq!(growth, [(Some(6.5), Some("%")), (Some(10.0), Some("%"))]);
    }
}
