//! `guihua compare OUTDIR...`: the cross-region indicator matrix.
//!
//! One row per indicator, one column group per document: the plan's region
//! plus a document key (its output path under the folder given), so that two
//! plans of one region never share a column and every document read appears,
//! with or without indicators. Indicators that plans name differently are
//! merged through a curated alias table (`data/indicator_aliases.json`, built
//! in; another may be given) of national, provincial and sector-plan
//! indicators, each with a stable id, the unit values are compared in and its
//! level. A name is looked up as printed, then after normalizing punctuation,
//! brackets, a unit in brackets at its end and a 率/比例/比重 ending; how it
//! matched is recorded. Names no entry knows are rows of their own, and a
//! plan that lists one indicator twice gets a second row: nothing is dropped.

use crate::model::{Attribute, Indicator, Op, Plan, Value};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// The built-in alias table.
pub const BUILTIN_ALIASES: &str = include_str!("../data/indicator_aliases.json");

#[derive(Debug, Clone, Deserialize)]
struct AliasFile {
    indicators: Vec<Canonical>,
}

/// Which plans an indicator belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// A main indicator of the national five-year plan.
    National,
    /// Common in provincial (and city, county) five-year plans.
    Provincial,
    /// A sector plan's indicator (民政, 卫生, 教育, 文物 …).
    Sector,
}

/// A canonical indicator.
#[derive(Debug, Clone, Deserialize)]
pub struct Canonical {
    /// Stable id: never reused or renamed.
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// The canonical unit values are compared in (`%`, `CNY`, `人` …; see
    /// [`crate::quantity::canonical_unit`]); null for a count without one.
    #[serde(default)]
    pub unit: Option<String>,
    pub level: Level,
}

/// How a printed name found its canonical indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MatchKind {
    /// The canonical name, as printed (whitespace, quotes, bracket width aside).
    Name,
    /// One of the listed aliases, as printed.
    Alias,
    /// A name or alias after normalizing punctuation, brackets, a bracketed
    /// unit at the end and a 率/比例/比重 ending.
    Normalized,
}

/// A lookup's answer: the indicator, how and through which listed name.
#[derive(Debug, Clone, Copy)]
pub struct Match<'a> {
    pub canonical: &'a Canonical,
    pub how: MatchKind,
    /// The name of the table that matched.
    pub via: &'a str,
}

/// Canonical indicators, looked up by any of their names.
#[derive(Debug, Clone)]
pub struct Aliases {
    pub entries: Vec<Canonical>,
    /// Exact key → (entry, listed name).
    exact: HashMap<String, (usize, String)>,
    /// Loose key → (entry, listed name); keys two entries share are left out.
    loose: HashMap<String, (usize, String)>,
}

/// A name reduced for matching: whitespace, quotes and bracket width ignored.
pub fn match_key(name: &str) -> String {
    name.chars()
        .map(crate::text::fold_char)
        .filter(|c| {
            !c.is_whitespace()
                && !matches!(
                    c,
                    '“' | '”' | '"' | '\'' | '‘' | '’' | '「' | '」' | '《' | '》'
                )
        })
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            _ => c,
        })
        .collect()
}

/// Endings that name the same ratio (城镇化率, 城镇化比例 …), longest first.
const RATIO_ENDINGS: &[&str] = &["比重", "比例", "占比", "比率", "率"];

/// A name reduced further: a bracketed unit at the end (`（%）`, `（万人次）`)
/// dropped, punctuation and bracket marks dropped (their words kept), 的
/// dropped, and one ratio ending cut.
pub fn loose_key(name: &str) -> String {
    let mut k = match_key(name);
    if k.ends_with(')') {
        if let Some(open) = k.rfind('(') {
            let inner = &k[open + 1..k.len() - 1];
            if inner.chars().count() <= 6 && !inner.contains('(') {
                k.truncate(open);
            }
        }
    }
    let mut k: String = k
        .chars()
        .filter(|c| !(c.is_ascii_punctuation() && *c != '%' || is_cjk_punct(*c) || *c == '的'))
        .collect();
    for e in RATIO_ENDINGS {
        if k.len() > e.len() + 3 {
            if let Some(stem) = k.strip_suffix(e) {
                k.truncate(stem.len());
                break;
            }
        }
    }
    k
}

fn is_cjk_punct(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF01}'..='\u{FF0F}' | '\u{FF1A}'..='\u{FF20}' | '·' | '—' | '…')
}

impl Aliases {
    /// The table shipped with guihua.
    pub fn builtin() -> Aliases {
        Aliases::from_json(BUILTIN_ALIASES).expect("the built-in alias table parses")
    }

    /// A table in the format of `data/indicator_aliases.json`.
    pub fn from_json(s: &str) -> Result<Aliases, String> {
        let f: AliasFile = serde_json::from_str(s).map_err(|e| e.to_string())?;
        let mut exact: HashMap<String, (usize, String)> = HashMap::new();
        let mut loose: HashMap<String, (usize, String)> = HashMap::new();
        let mut ambiguous = Vec::new();
        let mut ids = HashMap::new();
        for (i, c) in f.indicators.iter().enumerate() {
            if ids.insert(c.id.as_str(), i).is_some() {
                return Err(format!("id {:?} is listed twice", c.id));
            }
            for n in std::iter::once(&c.name).chain(&c.aliases) {
                if let Some((j, _)) = exact.insert(match_key(n), (i, n.clone())) {
                    if j != i {
                        return Err(format!(
                            "name {n:?} belongs to both {} and {}",
                            f.indicators[j].id, c.id
                        ));
                    }
                }
                if let Some((j, _)) = loose.insert(loose_key(n), (i, n.clone())) {
                    if j != i {
                        ambiguous.push(loose_key(n));
                    }
                }
            }
        }
        for k in ambiguous {
            loose.remove(&k);
        }
        Ok(Aliases {
            entries: f.indicators,
            exact,
            loose,
        })
    }

    /// The canonical indicator a printed name stands for.
    pub fn lookup(&self, name: &str) -> Option<&Canonical> {
        self.find(name).map(|m| m.canonical)
    }

    /// [`Aliases::lookup`], saying how the name matched.
    pub fn find(&self, name: &str) -> Option<Match<'_>> {
        if let Some((i, via)) = self.exact.get(&match_key(name)) {
            let c = &self.entries[*i];
            let how = if match_key(&c.name) == match_key(name) {
                MatchKind::Name
            } else {
                MatchKind::Alias
            };
            return Some(Match {
                canonical: c,
                how,
                via,
            });
        }
        let (i, via) = self.loose.get(&loose_key(name))?;
        Some(Match {
            canonical: &self.entries[*i],
            how: MatchKind::Normalized,
            via,
        })
    }
}

/// One document's values of one indicator.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cell {
    /// The name as this plan prints it.
    pub printed: String,
    /// How `printed` matched the row's canonical indicator (null: unmatched).
    #[serde(rename = "match")]
    pub how: Option<MatchKind>,
    /// The alias-table name it matched through.
    pub via: Option<String>,
    pub baseline: Option<Value>,
    pub target: Option<Value>,
    /// 单位 as printed.
    pub unit: Option<String>,
    /// `unit` in the canonical vocabulary.
    pub unit_normalized: Option<String>,
    /// Baseline and target in the row's comparison unit, where the values are
    /// numbers in that unit (or, for an unmatched row, in their canonical one).
    pub baseline_cmp: Option<f64>,
    pub target_cmp: Option<f64>,
    /// Normalized 属性.
    pub attribute: Option<Attribute>,
    /// 属性 as printed.
    pub attribute_raw: Option<String>,
    /// The input document (`source.path`).
    pub source: String,
    /// Page and lines of the row in it: `p3 l10-12`, `l115`.
    pub location: String,
}

/// One row of the matrix.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Canonical id, or `unmatched:<name>`; `#2`, `#3` … added for a second
    /// row of one indicator in one plan.
    pub id: String,
    pub name: String,
    pub matched: bool,
    pub level: Option<Level>,
    /// The comparison unit.
    pub unit: Option<String>,
    /// Column group → values.
    pub cells: BTreeMap<String, Cell>,
}

/// One document: a column group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    /// The column group's name, unique: `region (key)`.
    pub name: String,
    pub region: Option<String>,
    /// The output file under the folder given, without `.json`.
    pub key: String,
    pub title: Option<String>,
    /// The input document (`source.path`).
    pub source: String,
    /// The output file read.
    pub output: String,
    /// Indicator rows the plan has.
    pub indicators: usize,
}

/// The cross-region matrix.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Matrix {
    /// Column groups, one per document, in the order read.
    pub groups: Vec<Group>,
    pub rows: Vec<Row>,
}

/// The `*.json` plan outputs in `dirs` (the batch manifest excluded), sorted
/// within each folder, with the folder each came from.
pub fn plan_files(dirs: &[PathBuf]) -> Result<Vec<(PathBuf, PathBuf)>, String> {
    let mut out = Vec::new();
    for d in dirs {
        if !d.is_dir() {
            return Err(format!("{}: not a directory", d.display()));
        }
        let mut files = crate::batch::find_files(d, None, &["json"])
            .map_err(|e| format!("{}: {e}", d.display()))?;
        files.sort();
        out.extend(files.into_iter().map(|f| (d.clone(), f)));
    }
    Ok(out)
}

fn location(i: &Indicator) -> String {
    let s = i.span;
    let lines = if s.line_start == s.line_end {
        format!("{}", s.line_start)
    } else {
        format!("{}-{}", s.line_start, s.line_end)
    };
    match s.page {
        Some(p) => format!("p{p} l{lines}"),
        None => format!("l{lines}"),
    }
}

/// Canonical units whose numbers never stand bare: a figure printed without
/// one of them is not taken to be in it.
const MEASURED: &[&str] = &["CNY", "m2", "km2", "%", "‰", "pp"];

/// A value in `unit`, where its normalized form is in that unit (any
/// canonical unit when `unit` is None). A bare number (no unit printed
/// anywhere) counts in a count unit (个, 人次 …), as tables of counts often
/// leave the unit out.
fn in_unit(v: Option<&Value>, unit: Option<&str>) -> Option<f64> {
    let v = v?;
    match (&v.normalized, unit) {
        (Some(n), Some(u)) if u != n.unit => None,
        (Some(n), _) => Some(n.value),
        (None, u) if v.unit.is_none() && u.is_none_or(|u| !MEASURED.contains(&u)) => v.value,
        (None, _) => None,
    }
}

/// The document key of output `file` read from folder `dir`.
fn doc_key(dir: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(dir).unwrap_or(file);
    let s = rel.to_string_lossy().replace('\\', "/");
    s.strip_suffix(".json").unwrap_or(&s).to_string()
}

/// Build the matrix from plans read one at a time (only their indicators are
/// kept); each comes with the folder it was found under and its file.
pub fn matrix(
    plans: impl IntoIterator<Item = (PathBuf, PathBuf, Plan)>,
    aliases: &Aliases,
) -> Matrix {
    let mut m = Matrix::default();
    let mut rows: HashMap<String, Row> = HashMap::new();
    let mut names: HashMap<String, usize> = HashMap::new();
    for (dir, path, plan) in plans {
        let region = plan.meta.region.clone();
        let mut key = doc_key(&dir, &path);
        let base = region.as_deref().unwrap_or("?");
        let mut name = format!("{base} ({key})");
        if names.contains_key(&name) {
            // The same file name under two folders given.
            key = path.display().to_string();
            name = format!("{base} ({key})");
        }
        let n = names.entry(name.clone()).or_default();
        *n += 1;
        if *n > 1 {
            name = format!("{name} #{n}");
        }
        m.groups.push(Group {
            name: name.clone(),
            region,
            key,
            title: plan.meta.title.clone(),
            source: plan.source.path.clone(),
            output: path.display().to_string(),
            indicators: plan.indicators.len(),
        });
        let mut seen: HashMap<String, usize> = HashMap::new();
        for i in &plan.indicators {
            let found = aliases.find(&i.name);
            let (id, row_name, unit, level) = match found {
                Some(f) => (
                    f.canonical.id.clone(),
                    f.canonical.name.clone(),
                    f.canonical.unit.clone(),
                    Some(f.canonical.level),
                ),
                None => (
                    format!("unmatched:{}", match_key(&i.name)),
                    i.name.clone(),
                    i.unit_normalized.clone(),
                    None,
                ),
            };
            // A plan listing one indicator twice: a row for each listing.
            let k = seen.entry(id.clone()).or_default();
            *k += 1;
            let (id, row_name) = if *k == 1 {
                (id, row_name)
            } else {
                (format!("{id}#{k}"), format!("{row_name} #{k}"))
            };
            let row = rows.entry(id.clone()).or_insert_with(|| Row {
                id,
                name: row_name,
                matched: found.is_some(),
                level,
                unit: unit.clone(),
                cells: BTreeMap::new(),
            });
            let cmp_unit = row.unit.as_deref().or(i.unit_normalized.as_deref());
            row.cells.insert(
                name.clone(),
                Cell {
                    printed: i.name.clone(),
                    how: found.map(|f| f.how),
                    via: found.map(|f| f.via.to_string()),
                    baseline_cmp: in_unit(i.baseline.as_ref(), cmp_unit),
                    target_cmp: in_unit(i.target.as_ref(), cmp_unit),
                    baseline: i.baseline.clone(),
                    target: i.target.clone(),
                    unit: i.unit.clone(),
                    unit_normalized: i.unit_normalized.clone(),
                    attribute: i.attribute,
                    attribute_raw: i.attribute_raw.clone(),
                    source: plan.source.path.clone(),
                    location: location(i),
                },
            );
        }
    }
    let order: HashMap<&str, usize> = aliases
        .entries
        .iter()
        .enumerate()
        .map(|(k, c)| (c.id.as_str(), k))
        .collect();
    let mut rows: Vec<Row> = rows.into_values().collect();
    rows.sort_by(|a, b| {
        let base = |id: &str| id.split('#').next().unwrap_or(id).to_string();
        let ka = order
            .get(base(&a.id).as_str())
            .copied()
            .unwrap_or(usize::MAX);
        let kb = order
            .get(base(&b.id).as_str())
            .copied()
            .unwrap_or(usize::MAX);
        ka.cmp(&kb)
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.id.cmp(&b.id))
    });
    m.rows = rows;
    m
}

/// Read plans from output folders and build the matrix; files that are not
/// plans are reported in the second list (one line each, naming the file).
/// A folder that cannot be read is an error naming it.
pub fn from_dirs(dirs: &[PathBuf], aliases: &Aliases) -> Result<(Matrix, Vec<String>), String> {
    let files = plan_files(dirs)?;
    let mut errors = Vec::new();
    let plans = files.into_iter().filter_map(|(d, f)| {
        let parsed = std::fs::read(&f)
            .map_err(|e| e.to_string())
            .and_then(|b| serde_json::from_slice::<Plan>(&b).map_err(|e| e.to_string()));
        match parsed {
            Ok(p) => Some((d, f, p)),
            Err(e) => {
                errors.push(format!("{}: not a guihua plan: {e}", f.display()));
                None
            }
        }
    });
    let m = matrix(plans, aliases);
    Ok((m, errors))
}

fn op_text(op: Option<Op>) -> &'static str {
    match op {
        Some(Op::Eq) => "=",
        Some(Op::Ge) => ">=",
        Some(Op::Gt) => ">",
        Some(Op::Le) => "<=",
        Some(Op::Lt) => "<",
        Some(Op::Range) => "range",
        None => "",
    }
}

/// A number as the CSV prints it: no `.0` on whole numbers.
pub fn num(x: Option<f64>) -> String {
    x.map(|v| {
        if v.fract() == 0.0 && v.abs() < 1e15 {
            format!("{v:.0}")
        } else {
            v.to_string()
        }
    })
    .unwrap_or_default()
}

pub(crate) fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn attribute_text(a: Option<Attribute>) -> &'static str {
    match a {
        Some(Attribute::Expected) => "expected",
        Some(Attribute::Binding) => "binding",
        None => "",
    }
}

/// Per-group column names of the CSV.
const FIELDS: [&str; 15] = [
    "printed_name",
    "match",
    "baseline",
    "baseline_op",
    "baseline_value",
    "target",
    "target_op",
    "target_value",
    "target_max",
    "unit",
    "baseline_cmp",
    "target_cmp",
    "attribute",
    "attribute_raw",
    "source",
];

impl Matrix {
    /// CSV with a UTF-8 BOM (so Excel reads it as UTF-8). The first columns
    /// say what each row is; then, per document, `GROUP:field` for each of
    /// [`FIELDS`] (`source` is the input path and the row's page and lines).
    pub fn to_csv(&self) -> String {
        let mut out = String::from("\u{FEFF}");
        let mut header = vec![
            "id".to_string(),
            "indicator".to_string(),
            "matched".to_string(),
            "level".to_string(),
            "compare_unit".to_string(),
        ];
        for g in &self.groups {
            header.extend(FIELDS.iter().map(|f| format!("{}:{f}", g.name)));
        }
        let line = |f: &[String]| f.iter().map(|x| csv_field(x)).collect::<Vec<_>>().join(",");
        out.push_str(&line(&header));
        out.push_str("\r\n");
        for row in &self.rows {
            let mut f = vec![
                row.id.clone(),
                row.name.clone(),
                row.matched.to_string(),
                row.level
                    .map(|l| format!("{l:?}").to_lowercase())
                    .unwrap_or_default(),
                row.unit.clone().unwrap_or_default(),
            ];
            for g in &self.groups {
                match row.cells.get(&g.name) {
                    Some(c) => {
                        let b = c.baseline.as_ref();
                        let t = c.target.as_ref();
                        f.extend([
                            c.printed.clone(),
                            c.how
                                .map(|h| format!("{h:?}").to_lowercase())
                                .unwrap_or_default(),
                            b.map(|v| v.raw.clone()).unwrap_or_default(),
                            op_text(b.and_then(|v| v.op)).to_string(),
                            num(b.and_then(|v| v.value)),
                            t.map(|v| v.raw.clone()).unwrap_or_default(),
                            op_text(t.and_then(|v| v.op)).to_string(),
                            num(t.and_then(|v| v.value)),
                            num(t.and_then(|v| v.max)),
                            c.unit.clone().unwrap_or_default(),
                            num(c.baseline_cmp),
                            num(c.target_cmp),
                            attribute_text(c.attribute).to_string(),
                            c.attribute_raw.clone().unwrap_or_default(),
                            format!("{} {}", c.source, c.location),
                        ]);
                    }
                    None => f.extend(std::iter::repeat_n(String::new(), FIELDS.len())),
                }
            }
            out.push_str(&line(&f));
            out.push_str("\r\n");
        }
        out
    }

    /// The matrix as JSON: `documents` (the column groups) and `indicators`
    /// (rows with their values per group).
    pub fn to_json(&self) -> serde_json::Value {
        json!(self.json_view())
    }

    /// [`Matrix::to_json`] written straight to `w` (pretty), without building
    /// the JSON tree in memory first.
    pub fn write_json(&self, w: &mut dyn std::io::Write) -> std::io::Result<()> {
        serde_json::to_writer_pretty(&mut *w, &self.json_view())?;
        writeln!(w)
    }

    fn json_view(&self) -> JsonMatrix<'_> {
        JsonMatrix {
            documents: &self.groups,
            indicators: self
                .rows
                .iter()
                .map(|r| JsonRow {
                    id: &r.id,
                    name: &r.name,
                    matched: r.matched,
                    level: r.level,
                    unit: r.unit.as_deref(),
                    values: &r.cells,
                })
                .collect(),
        }
    }
}

#[derive(Serialize)]
struct JsonMatrix<'a> {
    documents: &'a [Group],
    indicators: Vec<JsonRow<'a>>,
}

#[derive(Serialize)]
struct JsonRow<'a> {
    id: &'a str,
    name: &'a str,
    matched: bool,
    level: Option<Level>,
    unit: Option<&'a str>,
    values: &'a BTreeMap<String, Cell>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_merge_names() {
        let a = Aliases::builtin();
        assert_eq!(
            a.lookup("社会工作专业人才数").unwrap().id,
            "social_work_talent"
        );
        assert_eq!(
            a.lookup("社会工作专业人才总量").unwrap().id,
            "social_work_talent"
        );
        assert_eq!(
            a.lookup("乡镇未成年保护站覆盖率").unwrap().id,
            "township_minor_protection_station_coverage"
        );
        assert_eq!(
            a.lookup("乡镇（街道）未成年人保护工作站覆盖率").unwrap().id,
            "township_minor_protection_station_coverage"
        );
        assert_eq!(
            a.lookup("婚姻登记 “跨省通办” 实施率").unwrap().id,
            "cross_province_marriage_registration"
        );
        assert!(a.lookup("全新的指标").is_none());
        assert!(Aliases::from_json(
            r#"{"indicators":[{"id":"a","name":"甲","level":"sector"},{"id":"b","name":"乙","aliases":["甲"],"level":"sector"}]}"#
        )
        .is_err());
    }

    #[test]
    fn five_year_plan_indicators_match_after_normalizing() {
        let a = Aliases::builtin();
        let m = a.find("常住人口城镇化率（%）").unwrap();
        assert_eq!(m.canonical.id, "urbanization_rate");
        assert_eq!(m.canonical.level, Level::National);
        // The ending 比例 for 率, full-width punctuation, a bracketed unit.
        let m = a.find("常住人口城镇化比例(%)").unwrap();
        assert_eq!(
            (m.canonical.id.as_str(), m.how),
            ("urbanization_rate", MatchKind::Normalized)
        );
        assert_eq!(
            a.find("地区生产总值增长（%）").unwrap().canonical.id,
            "gdp_growth"
        );
        assert_eq!(
            a.find("研究与试验发展(R&D)经费投入强度")
                .unwrap()
                .canonical
                .id,
            "rd_intensity"
        );
        assert_eq!(
            a.find("单位GDP能源消耗降低").unwrap().canonical.id,
            "energy_intensity_reduction"
        );
        assert_eq!(
            a.find("人均预期寿命（岁）").unwrap().canonical.id,
            "life_expectancy"
        );
        assert_eq!(
            a.find("每千人口拥有3岁以下婴幼儿托位数")
                .unwrap()
                .canonical
                .unit
                .as_deref(),
            Some("个")
        );
        // The indicators of a real provincial sector plan (湖北省文物事业).
        for (printed, id) in [
            ("县级博物馆覆盖率（%）", "county_museum_coverage"),
            ("博物馆年接待观众数量（万人次）", "museum_visitors"),
            (
                "全国重点文物保护单位和湖北省文物保护单位“四有”完成率（%）",
                "relics_four_haves_rate",
            ),
            ("博物馆年度举办陈列展览数量（含临展）", "museum_exhibitions"),
        ] {
            assert_eq!(
                a.find(printed).map(|m| m.canonical.id.as_str()),
                Some(id),
                "{printed}"
            );
        }
        for c in &a.entries {
            assert!(
                c.id.chars()
                    .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_'),
                "{}",
                c.id
            );
        }
    }

    #[test]
    fn loose_keys() {
        assert_eq!(loose_key("常住人口城镇化率（%）"), "常住人口城镇化");
        assert_eq!(
            loose_key("每千人口拥有执业（助理）医师数"),
            "每千人口拥有执业助理医师数"
        );
        assert_eq!(loose_key("养老机构护理型床位的比例"), "养老机构护理型床位");
    }

    #[test]
    fn csv_quotes() {
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("说\"明\""), "\"说\"\"明\"\"\"");
        assert_eq!(csv_field("平方米"), "平方米");
    }
}
