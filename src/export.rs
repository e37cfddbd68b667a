//! Tidy tables of extracted plans: `outline`, `boxes`, `indicators` and
//! `projects`, one row per item, for spreadsheets and data frames.
//!
//! Every row starts with the document's columns (id, input file, region,
//! admin level, period) and ends with the item's page and lines, so a row
//! can be traced back to the page it came from. The columns are defined here
//! once: `guihua export` writes them as CSV or xlsx, and the Python package's
//! `to_frames` builds its DataFrames from the same rows.

use crate::model::{Heading, Plan, Span, Value};
use serde::Serialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// One cell of a table.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Null,
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
}

impl From<Option<String>> for Cell {
    fn from(s: Option<String>) -> Cell {
        s.map_or(Cell::Null, Cell::Str)
    }
}

impl From<Option<&str>> for Cell {
    fn from(s: Option<&str>) -> Cell {
        s.map_or(Cell::Null, |s| Cell::Str(s.to_string()))
    }
}

impl From<&str> for Cell {
    fn from(s: &str) -> Cell {
        Cell::Str(s.to_string())
    }
}

impl From<Option<f64>> for Cell {
    fn from(x: Option<f64>) -> Cell {
        x.map_or(Cell::Null, Cell::Float)
    }
}

impl From<Option<i64>> for Cell {
    fn from(x: Option<i64>) -> Cell {
        x.map_or(Cell::Null, Cell::Int)
    }
}

impl From<bool> for Cell {
    fn from(b: bool) -> Cell {
        Cell::Bool(b)
    }
}

impl Cell {
    /// The cell as CSV text (before quoting): empty for null, numbers in
    /// full without an exponent.
    pub fn text(&self) -> String {
        match self {
            Cell::Null => String::new(),
            Cell::Str(s) => s.clone(),
            Cell::Int(i) => i.to_string(),
            Cell::Float(x) => x.to_string(),
            Cell::Bool(b) => b.to_string(),
        }
    }
}

/// What a column holds (null aside).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Str,
    Int,
    Float,
    Bool,
}

impl Kind {
    /// The name Python's `to_frames` uses to pick a pandas dtype.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Str => "str",
            Kind::Int => "int",
            Kind::Float => "float",
            Kind::Bool => "bool",
        }
    }
}

/// One tidy table.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// `outline`, `boxes`, `indicators` or `projects`: the CSV file's stem
    /// and the sheet's name.
    pub name: &'static str,
    pub columns: &'static [(&'static str, Kind)],
    /// Each as long as `columns`.
    pub rows: Vec<Vec<Cell>>,
}

/// The table names, in the order [`tables`] returns them.
pub const TABLES: [&str; 4] = ["outline", "boxes", "indicators", "projects"];

use Kind::{Bool, Float, Int, Str};

/// The document's columns, first in every table.
const DOC: [(&str, Kind); 6] = [
    ("document", Str),
    ("file", Str),
    ("region", Str),
    ("admin_level", Str),
    ("period_start", Int),
    ("period_end", Int),
];

/// Page and lines, last in every table.
const WHERE: [(&str, Kind); 3] = [("page", Int), ("line_start", Int), ("line_end", Int)];

macro_rules! columns {
    ($($c:expr),* $(,)?) => {{
        const C: &[(&str, Kind)] = &[
            DOC[0], DOC[1], DOC[2], DOC[3], DOC[4], DOC[5],
            $($c,)*
            WHERE[0], WHERE[1], WHERE[2],
        ];
        C
    }};
}

/// `outline`: one row per heading; `section` is the path of heading texts
/// from the top level down to this one, joined by ` > `.
pub const OUTLINE: &[(&str, Kind)] = columns![
    ("id", Str),
    ("level", Int),
    ("number", Str),
    ("title", Str),
    ("parent", Str),
    ("runin", Bool),
    ("section", Str),
];

/// `boxes`: one row per box item (a box without items, such as one that
/// holds a table, gets one row with the item columns empty); `section` is
/// the path of the heading whose section holds the box.
pub const BOXES: &[(&str, Kind)] = columns![
    ("section", Str),
    ("box", Str),
    ("label", Str),
    ("box_number", Int),
    ("box_title", Str),
    ("item_number", Str),
    ("item_title", Str),
    ("item_text", Str),
    ("item_group", Str),
];

/// `indicators`: one row per indicator; baseline and target each as
/// printed (`_raw`) and normalized (operator, value, upper bound of a range,
/// unit, approximate); further target columns as `column: printed` joined
/// by `; `.
pub const INDICATORS: &[(&str, Kind)] = columns![
    ("section", Str),
    ("table", Str),
    ("caption", Str),
    ("seq", Str),
    ("name", Str),
    ("category", Str),
    ("unit", Str),
    ("baseline_raw", Str),
    ("baseline_op", Str),
    ("baseline_value", Float),
    ("baseline_max", Float),
    ("baseline_unit", Str),
    ("baseline_approx", Bool),
    ("target_raw", Str),
    ("target_op", Str),
    ("target_value", Float),
    ("target_max", Float),
    ("target_unit", Str),
    ("target_approx", Bool),
    ("other_targets", Str),
    ("attribute", Str),
    ("attribute_raw", Str),
];

/// `projects`: one row per project (table row or box item); investment as
/// printed and normalized (value in `investment_unit`, yuan for money).
pub const PROJECTS: &[(&str, Kind)] = columns![
    ("section", Str),
    ("source", Str),
    ("table", Str),
    ("box", Str),
    ("seq", Str),
    ("group", Str),
    ("name", Str),
    ("nature", Str),
    ("years_start", Int),
    ("years_end", Int),
    ("content", Str),
    ("investment_raw", Str),
    ("investment_value", Float),
    ("investment_unit", Str),
    ("investment_approx", Bool),
    ("owner", Str),
];

/// The serde name of an enum value (`county`, `>=`, `binding` …).
fn serde_name<T: Serialize>(x: &T) -> Option<String> {
    match serde_json::to_value(x) {
        Ok(serde_json::Value::String(s)) => Some(s),
        _ => None,
    }
}

/// Section paths of one document.
struct Sections<'a> {
    headings: &'a [Heading],
    by_id: HashMap<&'a str, usize>,
}

impl<'a> Sections<'a> {
    fn new(plan: &'a Plan) -> Sections<'a> {
        Sections {
            headings: &plan.outline,
            by_id: plan
                .outline
                .iter()
                .enumerate()
                .map(|(i, h)| (h.id.as_str(), i))
                .collect(),
        }
    }

    /// Heading texts from the top down to heading `id`.
    fn path(&self, id: Option<&str>) -> Cell {
        let mut chain = Vec::new();
        let mut cur = id.and_then(|id| self.by_id.get(id).copied());
        // The parent chain is at most as long as the outline (guards a cycle).
        while let Some(i) = cur {
            if chain.len() > self.headings.len() {
                break;
            }
            let h = &self.headings[i];
            chain.push(h.text.as_str());
            cur = h.parent.as_deref().and_then(|p| self.by_id.get(p).copied());
        }
        if chain.is_empty() {
            return Cell::Null;
        }
        chain.reverse();
        Cell::Str(chain.join(" > "))
    }

    /// The last heading at or before `span` (the section the span sits in).
    fn at(&self, span: &Span) -> Option<&'a str> {
        let pos = span.position();
        self.headings
            .iter()
            .take_while(|h| h.span.position() <= pos)
            .last()
            .map(|h| h.id.as_str())
    }
}

fn doc_cells(id: &str, plan: &Plan) -> Vec<Cell> {
    let m = &plan.meta;
    vec![
        id.into(),
        plan.source.path.as_str().into(),
        m.region.clone().into(),
        m.admin_level.as_ref().and_then(serde_name).into(),
        m.period.map(|p| i64::from(p.start)).into(),
        m.period.map(|p| i64::from(p.end)).into(),
    ]
}

fn where_cells(row: &mut Vec<Cell>, span: &Span) {
    row.push(span.page.map(i64::from).into());
    row.push(Cell::Int(span.line_start as i64));
    row.push(Cell::Int(span.line_end as i64));
}

fn value_cells(row: &mut Vec<Cell>, v: Option<&Value>) {
    row.push(v.map(|v| v.raw.as_str()).into());
    row.push(v.and_then(|v| v.op.as_ref()).and_then(serde_name).into());
    row.push(v.and_then(|v| v.value).into());
    row.push(v.and_then(|v| v.max).into());
    row.push(v.and_then(|v| v.unit.as_deref()).into());
    row.push(v.map_or(Cell::Null, |v| Cell::Bool(v.approx)));
}

/// The four tables of `docs`, each given with its document id, in the order
/// of [`TABLES`].
pub fn tables<'a>(docs: impl IntoIterator<Item = (&'a str, &'a Plan)>) -> Vec<Table> {
    let mut out = [OUTLINE, BOXES, INDICATORS, PROJECTS]
        .into_iter()
        .zip(TABLES)
        .map(|(columns, name)| Table {
            name,
            columns,
            rows: Vec::new(),
        })
        .collect::<Vec<_>>();
    for (id, plan) in docs {
        let sections = Sections::new(plan);
        let doc = doc_cells(id, plan);
        let box_section: HashMap<&str, Option<&str>> = plan
            .boxes
            .iter()
            .map(|b| (b.id.as_str(), b.section.as_deref()))
            .collect();
        let tables: HashMap<&str, &crate::model::Table> =
            plan.tables.iter().map(|t| (t.id.as_str(), t)).collect();
        // A table's section: its box's, else where it stands.
        let table_section = |tid: &str| {
            tables.get(tid).and_then(|t| match &t.box_id {
                Some(b) => box_section.get(b.as_str()).copied().flatten(),
                None => sections.at(&t.span),
            })
        };

        for h in &plan.outline {
            let mut row = doc.clone();
            row.extend([
                h.id.as_str().into(),
                Cell::Int(i64::from(h.level)),
                h.number.as_str().into(),
                h.title.as_str().into(),
                h.parent.as_deref().into(),
                Cell::Bool(h.runin),
                sections.path(Some(&h.id)),
            ]);
            where_cells(&mut row, &h.span);
            out[0].rows.push(row);
        }

        for b in &plan.boxes {
            let head = |row: &mut Vec<Cell>| {
                row.extend([
                    sections.path(b.section.as_deref()),
                    b.id.as_str().into(),
                    b.label.as_str().into(),
                    b.number.map(i64::from).into(),
                    b.title.as_str().into(),
                ]);
            };
            if b.items.is_empty() {
                let mut row = doc.clone();
                head(&mut row);
                row.extend([Cell::Null, Cell::Null, Cell::Null, Cell::Null]);
                where_cells(&mut row, &b.span);
                out[1].rows.push(row);
            }
            for item in &b.items {
                let mut row = doc.clone();
                head(&mut row);
                row.extend([
                    item.number.as_deref().into(),
                    item.title.as_str().into(),
                    item.text.as_str().into(),
                    item.group.as_deref().into(),
                ]);
                where_cells(&mut row, &item.span);
                out[1].rows.push(row);
            }
        }

        for ind in &plan.indicators {
            let mut row = doc.clone();
            let caption = tables
                .get(ind.table.as_str())
                .and_then(|t| t.caption.as_deref());
            row.extend([
                sections.path(table_section(&ind.table)),
                ind.table.as_str().into(),
                caption.into(),
                ind.seq.as_deref().into(),
                ind.name.as_str().into(),
                ind.category.as_deref().into(),
                ind.unit.as_deref().into(),
            ]);
            value_cells(&mut row, ind.baseline.as_ref());
            value_cells(&mut row, ind.target.as_ref());
            let others = ind
                .other_targets
                .iter()
                .map(|o| format!("{}: {}", o.column, o.value.raw))
                .collect::<Vec<_>>();
            row.push(if others.is_empty() {
                Cell::Null
            } else {
                Cell::Str(others.join("; "))
            });
            row.push(ind.attribute.as_ref().and_then(serde_name).into());
            row.push(ind.attribute_raw.as_deref().into());
            where_cells(&mut row, &ind.span);
            out[2].rows.push(row);
        }

        for p in &plan.projects {
            let mut row = doc.clone();
            let section = match (&p.table, &p.box_id) {
                (Some(t), _) => table_section(t),
                (None, Some(b)) => box_section.get(b.as_str()).copied().flatten(),
                (None, None) => sections.at(&p.span),
            };
            let inv = p.investment.as_ref();
            row.extend([
                sections.path(section),
                serde_name(&p.source).into(),
                p.table.as_deref().into(),
                p.box_id.as_deref().into(),
                p.seq.as_deref().into(),
                p.group.as_deref().into(),
                p.name.as_deref().into(),
                p.nature.as_deref().into(),
                p.years.map(|y| i64::from(y.start)).into(),
                p.years.map(|y| i64::from(y.end)).into(),
                p.content.as_deref().into(),
                inv.map(|q| q.raw.as_str()).into(),
                inv.map(|q| q.value).into(),
                inv.map(|q| q.unit.as_str()).into(),
                inv.map_or(Cell::Null, |q| Cell::Bool(q.approx)),
                p.owner.as_deref().into(),
            ]);
            where_cells(&mut row, &p.span);
            out[3].rows.push(row);
        }
    }
    debug_assert!(out
        .iter()
        .all(|t| t.rows.iter().all(|r| r.len() == t.columns.len())));
    out
}

/// A plan with the name it is exported under.
pub type Named = (String, Plan);

/// Every guihua output (`*.json`) under `dir`, each with its id — its path
/// below `dir` without `.json`, `/`-separated — sorted by id. Files that are
/// not plan JSON (gold files, anything else) are returned as one-line errors
/// naming the file; the rest are still read.
pub fn read_dir(dir: &Path) -> std::io::Result<(Vec<Named>, Vec<String>)> {
    let files = crate::batch::find_files(dir, None, &["json"])?;
    let mut docs = Vec::new();
    let mut errors = Vec::new();
    for f in files {
        let id = doc_id(dir, &f);
        let text = match std::fs::read_to_string(&f) {
            Ok(t) => t,
            Err(e) => {
                errors.push(format!("{}: cannot read: {e}", f.display()));
                continue;
            }
        };
        match serde_json::from_str::<Plan>(&text) {
            Ok(p) => docs.push((id, p)),
            Err(e) => errors.push(format!("{}: not a guihua output: {e}", f.display())),
        }
    }
    docs.sort_by(|a, b| a.0.cmp(&b.0));
    Ok((docs, errors))
}

/// `dir/a/b.json` → `a/b`.
fn doc_id(dir: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(dir).unwrap_or(file);
    let s = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/");
    s.strip_suffix(".json").unwrap_or(&s).to_string()
}

/// A table as CSV: UTF-8 with a BOM (so Excel reads it as UTF-8), CRLF line
/// ends, fields quoted where they hold a comma, quote or line break.
pub fn to_csv(t: &Table) -> String {
    let mut out = String::from("\u{FEFF}");
    let line = |out: &mut String, fields: &mut dyn Iterator<Item = String>| {
        let fields: Vec<String> = fields.map(|f| crate::compare::csv_field(&f)).collect();
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    };
    line(&mut out, &mut t.columns.iter().map(|(c, _)| c.to_string()));
    for r in &t.rows {
        line(&mut out, &mut r.iter().map(Cell::text));
    }
    out
}

/// Write each table as `dir/<name>.csv`; returns the files written.
pub fn write_csv(tables: &[Table], dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let mut written = Vec::new();
    for t in tables {
        let p = dir.join(format!("{}.csv", t.name));
        std::fs::write(&p, to_csv(t))?;
        written.push(p);
    }
    Ok(written)
}

/// Longest text an xlsx cell holds.
const XLSX_MAX_CHARS: usize = 32_767;

/// Write the tables to one xlsx workbook at `path`, a sheet per table with a
/// bold, frozen header row; numbers are numbers, nulls are blank.
pub fn write_xlsx(tables: &[Table], path: &Path) -> Result<(), String> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    for t in tables {
        let ws = wb.add_worksheet();
        ws.set_name(t.name).map_err(|e| e.to_string())?;
        for (c, (name, _)) in t.columns.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, *name, &bold)
                .map_err(|e| e.to_string())?;
        }
        ws.set_freeze_panes(1, 0).map_err(|e| e.to_string())?;
        for (r, row) in t.rows.iter().enumerate() {
            let r = u32::try_from(r + 1).map_err(|_| format!("{}: too many rows", t.name))?;
            for (c, cell) in row.iter().enumerate() {
                let c = c as u16;
                let done = match cell {
                    Cell::Null => continue,
                    Cell::Str(s) if s.chars().count() > XLSX_MAX_CHARS => {
                        let cut: String = s.chars().take(XLSX_MAX_CHARS).collect();
                        ws.write_string(r, c, cut).map(|_| ())
                    }
                    Cell::Str(s) => ws.write_string(r, c, s).map(|_| ()),
                    Cell::Int(i) => ws.write_number(r, c, *i as f64).map(|_| ()),
                    Cell::Float(x) => ws.write_number(r, c, *x).map(|_| ()),
                    Cell::Bool(b) => ws.write_boolean(r, c, *b).map(|_| ()),
                };
                done.map_err(|e| format!("{} row {r}: {e}", t.name))?;
            }
        }
    }
    wb.save(path).map_err(|e| e.to_string())
}
