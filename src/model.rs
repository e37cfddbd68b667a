//! The JSON contract (schema_version "2"), as serde types.
//!
//! Field names are fixed by `DESIGN.md` and described field by field in
//! `schemas/plan.schema.json` (v2; v1 is kept as `schemas/plan.v1.schema.json`);
//! downstream tools depend on both. Fields may be added, never renamed or
//! removed. Every field v2 added reads back as empty from a v1 file, so both
//! versions deserialize into [`Plan`].

use serde::{Deserialize, Serialize};

/// The version written into every output.
pub const SCHEMA_VERSION: &str = "2";

/// The schema's `$id`, which names the contract version.
pub const SCHEMA_ID: &str = "https://guihua.example/schemas/plan.v2.schema.json";

/// One extracted plan document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    /// Always [`SCHEMA_VERSION`].
    pub schema_version: String,
    /// Where the document came from.
    pub source: Source,
    /// Title, region, 文号, issuer, issue date and plan period.
    pub meta: Meta,
    /// Every heading of the plan's own outline, flat and in document order.
    pub outline: Vec<Heading>,
    /// Every body paragraph that is neither a standalone heading nor part of a
    /// box or table, in document order (v2).
    #[serde(default)]
    pub paragraphs: Vec<Paragraph>,
    /// Every 专栏 box.
    pub boxes: Vec<PlanBox>,
    /// Every table (indicator, project or other).
    pub tables: Vec<Table>,
    /// One entry per row of every indicator table.
    pub indicators: Vec<Indicator>,
    /// Every project-table row and every numbered 项目/工程 item of a box.
    pub projects: Vec<Project>,
    /// What the parser noticed but could not resolve.
    pub warnings: Vec<Warning>,
}

/// Provenance of the input file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Source {
    /// The path as given on the command line.
    pub path: String,
    /// Hex SHA-256 of the input bytes.
    pub sha256: String,
    /// `text` or `pdf`.
    pub format: Format,
    /// The text encoding that was detected (`utf-8`, `utf-8-bom`, `utf-16le`,
    /// `utf-16be`, `gb18030`); null for PDF.
    pub encoding: Option<String>,
    /// Number of pages (PDF), null for text.
    pub pages: Option<u32>,
    /// Whether OCR read any of the document's pages (the contract's bool).
    #[serde(default)]
    pub ocr: bool,
    /// How OCR read them, when it did: engine, pages, confidence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ocr_detail: Option<Ocr>,
    /// Each page's `[width, height]` in PDF points (PDF input; null for a page
    /// that could not be read), the frame of every `bbox`, whose origin is the
    /// page's top-left corner (v2).
    #[serde(default)]
    pub page_sizes: Option<Vec<Option<[f64; 2]>>>,
}

/// Which pages OCR read, with what, and how sure it was.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ocr {
    /// Engine and model, e.g. `tesseract 5.3.0 (chi_sim)`.
    pub engine: String,
    /// Pages read by OCR (1-based).
    pub pages: Vec<u32>,
    /// Mean word confidence, 0–100.
    pub confidence: f64,
}

/// Input format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Text,
    Pdf,
    Docx,
    /// A Word 97–2003 binary file (.doc).
    Doc,
    Html,
    /// An image file (.png, .jpg, .tif), read by OCR.
    Image,
}

/// Document metadata.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    /// The plan's own title (not the covering notice's).
    pub title: Option<String>,
    /// The region as printed, e.g. `民乐县`.
    pub region: Option<String>,
    /// Administrative level of `region`.
    pub admin_level: Option<AdminLevel>,
    /// 文号, e.g. `民政办发〔2022〕64号`.
    pub doc_number: Option<String>,
    /// The office that issued the covering notice.
    pub issuer: Option<String>,
    /// Issue date, ISO `YYYY-MM-DD`.
    pub issued: Option<String>,
    /// Plan period in years, both ends inclusive.
    pub period: Option<Period>,
}

/// Administrative level of a region.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AdminLevel {
    County,
    City,
    Province,
}

/// A span of years, e.g. 2021–2025.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub start: i32,
    pub end: i32,
}

/// Where something is in the input.
///
/// For text input `line_start`/`line_end` are 1-based lines of the input file
/// and `page`/`bbox` are null. For PDF input `page` is 1-based, lines count in
/// the extracted text of that page and `bbox` is `[x0, y0, x1, y1]` in PDF
/// points from the page's top-left corner (y grows downwards). A span that
/// runs onto later pages has `page_end`; `line_end` then counts on that page
/// and `bbox` covers the part on `page`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Span {
    pub page: Option<u32>,
    /// The last page, where it is not `page` (v2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_end: Option<u32>,
    pub line_start: usize,
    pub line_end: usize,
    pub bbox: Option<[f64; 4]>,
    /// True where the node's text was read by OCR (present only then).
    #[serde(default, skip_serializing_if = "is_false")]
    pub ocr: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl Span {
    /// A single line of text input.
    pub fn line(line: usize) -> Span {
        Span {
            page: None,
            page_end: None,
            line_start: line,
            line_end: line,
            bbox: None,
            ocr: false,
        }
    }

    /// Where the span starts, in reading order (page, then line).
    pub fn position(&self) -> (u32, usize) {
        (self.page.unwrap_or(0), self.line_start)
    }

    /// The smallest span covering `self` and `other` (which comes later).
    pub fn to(self, other: Span) -> Span {
        let end_page = other.page_end.or(other.page);
        let same_page = self.page == end_page && self.page_end.is_none();
        Span {
            page: self.page,
            page_end: if self.page == end_page {
                None
            } else {
                end_page.max(self.page_end)
            },
            line_start: self.line_start,
            line_end: if same_page {
                other.line_end.max(self.line_end)
            } else {
                other.line_end
            },
            bbox: match (self.bbox, other.bbox) {
                (Some(a), Some(b)) if same_page => Some([
                    a[0].min(b[0]),
                    a[1].min(b[1]),
                    a[2].max(b[2]),
                    a[3].max(b[3]),
                ]),
                (a, _) => a,
            },
            ocr: self.ocr || other.ocr,
        }
    }
}

/// One heading of the outline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Heading {
    /// Stable id within the document: `h1`, `h2`, …
    pub id: String,
    /// 1 is the top level this document uses; one more per deeper numbering style.
    pub level: u8,
    /// The numbering as printed, e.g. `第一章`, `（一）`, `1.`.
    pub number: String,
    /// The heading text after its numbering (for a run-in heading, up to and
    /// including its first 。).
    pub title: String,
    /// Numbering and title as printed, cleaned of markup.
    pub text: String,
    /// True when the heading opens a paragraph that goes on with body text.
    pub runin: bool,
    /// Id of the enclosing heading, null at level 1.
    pub parent: Option<String>,
    pub span: Span,
}

/// A body paragraph (v2): a paragraph of the cleaned text (lines a page break
/// or hard wrap cut apart joined again, debris gone) that is not a standalone
/// heading, a box's or a table's. A paragraph that opens with a run-in heading
/// holds that heading too and belongs to its section; so the standalone
/// headings, paragraphs, boxes and tables, in span order, give back the body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Paragraph {
    /// `p1`, `p2`, …
    pub id: String,
    /// Id of the nearest heading before it (run-in ones included), null
    /// before the first.
    pub section: Option<String>,
    pub text: String,
    pub span: Span,
}

/// A 专栏 box.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanBox {
    /// `b1`, `b2`, …
    pub id: String,
    /// The label as printed without trailing colon, e.g. `专栏 1`, `专栏一`.
    pub label: String,
    /// The box number (Arabic or Chinese numeral), null if not numeric.
    pub number: Option<u32>,
    /// The rest of the label line (may be empty).
    pub title: String,
    /// Id of the heading whose section holds the box.
    pub section: Option<String>,
    /// Numbered or bulleted items; empty when the box holds a table.
    pub items: Vec<BoxItem>,
    pub span: Span,
}

/// One item of a box.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BoxItem {
    /// The numbering as printed (`1.`, `①`), null for an unnumbered item.
    pub number: Option<String>,
    /// Item text after its numbering up to its first 。 (without it).
    pub title: String,
    /// The whole item text, sub-items (①②③) included.
    pub text: String,
    /// The group label inside the box the item falls under (a box that
    /// sorts its items under （一）（二） sub-headings); absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    pub span: Span,
}

/// What a table lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TableKind {
    Indicators,
    Projects,
    Other,
}

/// A table, with wrapped cells joined and split parts merged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table {
    /// `t1`, `t2`, …
    pub id: String,
    pub kind: TableKind,
    /// The caption printed above the table (or the holding box's title).
    pub caption: Option<String>,
    /// The table's own unit, e.g. `万元` from `单位：万元`.
    pub unit: Option<String>,
    /// Header cells; two-level headers joined as `上级/下级`.
    pub columns: Vec<String>,
    /// Body rows, one string per cell.
    pub rows: Vec<Vec<String>>,
    /// Span of each body row, parallel to `rows`.
    pub row_spans: Vec<Span>,
    /// Id of the box that holds the table.
    #[serde(rename = "box")]
    pub box_id: Option<String>,
    pub span: Span,
}

/// One row of an indicator table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Indicator {
    /// Id of the table.
    pub table: String,
    /// 序号 as printed.
    pub seq: Option<String>,
    /// 指标 as printed (wrapping joined).
    pub name: String,
    /// 单位 as printed.
    pub unit: Option<String>,
    /// `unit` in the canonical vocabulary (v2; see [`crate::quantity::canonical_unit`]):
    /// the unit of every `normalized` value of the row.
    #[serde(default)]
    pub unit_normalized: Option<String>,
    /// Category column (类别/领域) where the table has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// The base-year (usually 2020) value.
    pub baseline: Option<Value>,
    /// This region's target (usually 2025).
    pub target: Option<Value>,
    /// Further target columns (city, province, national …).
    pub other_targets: Vec<OtherTarget>,
    /// Normalized 属性.
    pub attribute: Option<Attribute>,
    /// 属性 as printed (预期性, 约束性, 预期值 …).
    pub attribute_raw: Option<String>,
    pub span: Span,
}

/// A further target column of an indicator row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OtherTarget {
    /// The column header, e.g. `省上2025年目标值`.
    pub column: String,
    pub value: Value,
}

/// Normalized indicator attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Attribute {
    /// 预期性
    Expected,
    /// 约束性
    Binding,
}

/// A normalized table value (indicator baseline or target).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Value {
    /// The cell as printed, wrapping joined.
    pub raw: String,
    /// Comparison operator, null when the cell gives none.
    pub op: Option<Op>,
    /// The number (lower bound for a range), null when the cell is not numeric.
    pub value: Option<f64>,
    /// Upper bound of a range.
    pub max: Option<f64>,
    /// Unit of `value`.
    pub unit: Option<String>,
    /// True for 约/余/多/近/左右.
    pub approx: bool,
    /// The words of a non-numeric value (e.g. `全覆盖`).
    pub text: Option<String>,
    /// The number in the canonical unit (万元 → yuan, 万平方米 → m², 万人 →
    /// 人 …), where the value is a number in a known unit (v2).
    #[serde(default)]
    pub normalized: Option<Normalized>,
}

/// A [`Value`] in the canonical unit vocabulary, the one project money uses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Normalized {
    pub value: f64,
    /// Upper bound of a range.
    pub max: Option<f64>,
    /// `CNY`, `m2`, `km2`, `%`, or the unit word (`人`, `张/千人` …).
    pub unit: String,
}

/// Comparison operator of a [`Value`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Op {
    #[serde(rename = "=")]
    Eq,
    #[serde(rename = ">=")]
    Ge,
    #[serde(rename = ">")]
    Gt,
    #[serde(rename = "<=")]
    Le,
    #[serde(rename = "<")]
    Lt,
    #[serde(rename = "range")]
    Range,
}

/// A normalized amount (project investment).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quantity {
    /// As printed (with the table unit appended when the cell is bare).
    pub raw: String,
    pub value: f64,
    /// `CNY` for money, `m2` for area, else the unit word.
    pub unit: String,
    pub approx: bool,
}

/// Where a project comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ProjectSource {
    Table,
    Box,
}

/// A project: a project-table row or a numbered 项目/工程 box item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Project {
    pub source: ProjectSource,
    /// Id of the table (for `source: table`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table: Option<String>,
    /// Id of the box (for `source: box`).
    #[serde(rename = "box", default, skip_serializing_if = "Option::is_none")]
    pub box_id: Option<String>,
    /// 序号 as printed.
    pub seq: Option<String>,
    /// The group (category row) the project falls under.
    pub group: Option<String>,
    pub name: Option<String>,
    /// 建设性质 (新建, 续建, 改扩建 …).
    pub nature: Option<String>,
    /// 建设年限.
    pub years: Option<Years>,
    /// 建设内容.
    pub content: Option<String>,
    /// Total investment in yuan.
    pub investment: Option<Quantity>,
    /// 责任单位.
    pub owner: Option<String>,
    pub span: Span,
}

/// Construction years of a project.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Years {
    pub start: i32,
    pub end: i32,
}

/// Something the parser noticed but could not resolve.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Warning {
    /// Stable machine-readable code, e.g. `heading-sequence`.
    pub code: String,
    pub message: String,
    pub span: Option<Span>,
}

impl Warning {
    pub fn new(code: &str, message: impl Into<String>, span: Option<Span>) -> Warning {
        Warning {
            code: code.to_string(),
            message: message.into(),
            span,
        }
    }
}
