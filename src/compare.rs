//! `guihua compare OUTDIR...`: the cross-region indicator matrix.
//!
//! One row per indicator, one column group per region (baseline, target as
//! printed and normalized, unit, attribute, source). Indicators that different
//! plans name differently are merged through a curated alias table
//! (`data/indicator_aliases.json`, built in; another may be given); those that
//! match no entry are listed under their printed name, never dropped.

use crate::model::{Indicator, Op, Plan, Value};
use serde::Deserialize;
use serde_json::json;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// The built-in alias table.
pub const BUILTIN_ALIASES: &str = include_str!("../data/indicator_aliases.json");

#[derive(Debug, Clone, Deserialize)]
struct AliasFile {
    indicators: Vec<Canonical>,
}

/// A canonical indicator.
#[derive(Debug, Clone, Deserialize)]
pub struct Canonical {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// Canonical indicators, looked up by any of their names.
#[derive(Debug, Clone)]
pub struct Aliases {
    pub entries: Vec<Canonical>,
    index: HashMap<String, usize>,
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

impl Aliases {
    /// The table shipped with guihua.
    pub fn builtin() -> Aliases {
        Aliases::from_json(BUILTIN_ALIASES).expect("the built-in alias table parses")
    }

    /// A table in the format of `data/indicator_aliases.json`.
    pub fn from_json(s: &str) -> Result<Aliases, String> {
        let f: AliasFile = serde_json::from_str(s).map_err(|e| e.to_string())?;
        let mut index = HashMap::new();
        for (i, c) in f.indicators.iter().enumerate() {
            for n in std::iter::once(&c.name).chain(&c.aliases) {
                if let Some(j) = index.insert(match_key(n), i) {
                    if j != i {
                        return Err(format!(
                            "name {n:?} belongs to both {} and {}",
                            f.indicators[j].id, c.id
                        ));
                    }
                }
            }
        }
        Ok(Aliases {
            entries: f.indicators,
            index,
        })
    }

    /// The canonical indicator a printed name stands for.
    pub fn lookup(&self, name: &str) -> Option<&Canonical> {
        self.index.get(&match_key(name)).map(|&i| &self.entries[i])
    }
}

/// One region's values of one indicator.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// The name as this plan prints it.
    pub printed: String,
    pub baseline: Option<Value>,
    pub target: Option<Value>,
    pub unit: Option<String>,
    pub attribute: Option<String>,
    /// The input document and the indicator's page/lines in it.
    pub source: String,
}

/// One row of the matrix.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Canonical id, or `unmatched:<name>`.
    pub id: String,
    pub name: String,
    pub matched: bool,
    /// Region → values.
    pub cells: BTreeMap<String, Cell>,
}

/// The cross-region matrix.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Matrix {
    /// Region names in column order, with the file each came from.
    pub regions: Vec<(String, String)>,
    pub rows: Vec<Row>,
}

/// The `*.json` plan outputs in `dirs` (the batch manifest excluded), sorted.
pub fn plan_files(dirs: &[PathBuf]) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for d in dirs {
        out.extend(crate::batch::find_files(d, None, &["json"])?);
    }
    out.sort();
    Ok(out)
}

fn span_text(file: &str, i: &Indicator) -> String {
    let s = i.span;
    let lines = if s.line_start == s.line_end {
        format!("{}", s.line_start)
    } else {
        format!("{}-{}", s.line_start, s.line_end)
    };
    match s.page {
        Some(p) => format!("{file} p{p} l{lines}"),
        None => format!("{file} l{lines}"),
    }
}

/// Build the matrix from plans read one at a time (only their indicators are kept).
pub fn matrix(plans: impl IntoIterator<Item = (PathBuf, Plan)>, aliases: &Aliases) -> Matrix {
    let mut m = Matrix::default();
    let mut rows: HashMap<String, Row> = HashMap::new();
    let mut seen_regions: HashMap<String, usize> = HashMap::new();
    for (path, plan) in plans {
        let file = path
            .file_name()
            .map_or_else(String::new, |f| f.to_string_lossy().into_owned());
        let stem = path
            .file_stem()
            .map_or_else(String::new, |f| f.to_string_lossy().into_owned());
        let base = plan.meta.region.clone().unwrap_or_else(|| stem.clone());
        let n = seen_regions.entry(base.clone()).or_default();
        *n += 1;
        let region = if *n == 1 {
            base
        } else {
            format!("{base} ({stem})")
        };
        m.regions.push((region.clone(), file.clone()));
        let input = Path::new(&plan.source.path)
            .file_name()
            .map_or_else(|| file.clone(), |f| f.to_string_lossy().into_owned());
        for i in &plan.indicators {
            let (id, name, matched) = match aliases.lookup(&i.name) {
                Some(c) => (c.id.clone(), c.name.clone(), true),
                None => (
                    format!("unmatched:{}", match_key(&i.name)),
                    i.name.clone(),
                    false,
                ),
            };
            let row = rows.entry(id.clone()).or_insert_with(|| Row {
                id,
                name,
                matched,
                cells: BTreeMap::new(),
            });
            // The first row of a region wins when a plan lists an indicator twice.
            row.cells.entry(region.clone()).or_insert_with(|| Cell {
                printed: i.name.clone(),
                baseline: i.baseline.clone(),
                target: i.target.clone(),
                unit: i.unit.clone(),
                attribute: i.attribute_raw.clone(),
                source: span_text(&input, i),
            });
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
        let ka = order.get(a.id.as_str()).copied().unwrap_or(usize::MAX);
        let kb = order.get(b.id.as_str()).copied().unwrap_or(usize::MAX);
        ka.cmp(&kb).then_with(|| a.name.cmp(&b.name))
    });
    m.rows = rows;
    m
}

/// Read plans from output directories and build the matrix; files that are
/// not plans are reported in the second list (one line each).
pub fn from_dirs(dirs: &[PathBuf], aliases: &Aliases) -> std::io::Result<(Matrix, Vec<String>)> {
    let files = plan_files(dirs)?;
    let mut errors = Vec::new();
    let plans = files.into_iter().filter_map(|f| {
        let parsed = std::fs::read(&f)
            .map_err(|e| e.to_string())
            .and_then(|b| serde_json::from_slice::<Plan>(&b).map_err(|e| e.to_string()));
        match parsed {
            Ok(p) => Some((f, p)),
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

fn num(x: Option<f64>) -> String {
    x.map(|v| {
        if v.fract() == 0.0 && v.abs() < 1e15 {
            format!("{v:.0}")
        } else {
            v.to_string()
        }
    })
    .unwrap_or_default()
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Per-region column names of the CSV.
const FIELDS: [&str; 9] = [
    "baseline",
    "baseline_value",
    "target",
    "target_op",
    "target_value",
    "target_max",
    "unit",
    "attribute",
    "source",
];

impl Matrix {
    /// CSV with a UTF-8 BOM (so Excel reads it as UTF-8).
    pub fn to_csv(&self) -> String {
        let mut out = String::from("\u{FEFF}");
        let mut header = vec![
            "id".to_string(),
            "indicator".to_string(),
            "matched".to_string(),
        ];
        for (r, _) in &self.regions {
            header.extend(FIELDS.iter().map(|f| format!("{r}:{f}")));
        }
        out.push_str(
            &header
                .iter()
                .map(|h| csv_field(h))
                .collect::<Vec<_>>()
                .join(","),
        );
        out.push_str("\r\n");
        for row in &self.rows {
            let mut f = vec![row.id.clone(), row.name.clone(), row.matched.to_string()];
            for (r, _) in &self.regions {
                match row.cells.get(r) {
                    Some(c) => {
                        let b = c.baseline.as_ref();
                        let t = c.target.as_ref();
                        f.extend([
                            b.map(|v| v.raw.clone()).unwrap_or_default(),
                            num(b.and_then(|v| v.value)),
                            t.map(|v| v.raw.clone()).unwrap_or_default(),
                            op_text(t.and_then(|v| v.op)).to_string(),
                            num(t.and_then(|v| v.value)),
                            num(t.and_then(|v| v.max)),
                            c.unit.clone().unwrap_or_default(),
                            c.attribute.clone().unwrap_or_default(),
                            c.source.clone(),
                        ]);
                    }
                    None => f.extend(std::iter::repeat_n(String::new(), FIELDS.len())),
                }
            }
            out.push_str(&f.iter().map(|x| csv_field(x)).collect::<Vec<_>>().join(","));
            out.push_str("\r\n");
        }
        out
    }

    /// The matrix as JSON.
    pub fn to_json(&self) -> serde_json::Value {
        json!({
            "regions": self.regions.iter().map(|(r, f)| json!({"region": r, "file": f})).collect::<Vec<_>>(),
            "indicators": self.rows.iter().map(|row| json!({
                "id": row.id,
                "name": row.name,
                "matched": row.matched,
                "values": row.cells.iter().map(|(r, c)| (r.clone(), json!({
                    "printed_name": c.printed,
                    "baseline": c.baseline,
                    "target": c.target,
                    "unit": c.unit,
                    "attribute": c.attribute,
                    "source": c.source,
                }))).collect::<serde_json::Map<_, _>>(),
            })).collect::<Vec<_>>(),
        })
    }
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
            r#"{"indicators":[{"id":"a","name":"甲"},{"id":"b","name":"乙","aliases":["甲"]}]}"#
        )
        .is_err());
    }

    #[test]
    fn csv_quotes() {
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("说\"明\""), "\"说\"\"明\"\"\"");
        assert_eq!(csv_field("平方米"), "平方米");
    }
}
