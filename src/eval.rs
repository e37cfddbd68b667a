//! `guihua eval GOLD_DIR OUT_DIR`: the reference scorer (`shared/eval/score.py`)
//! in Rust, column for column, so the tool can check itself without Python.
//!
//! It reads outputs as plain JSON, as the reference does, so a broken output
//! scores instead of failing.

use serde_json::Value as J;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

/// Hit/total counters by key.
#[derive(Debug, Default, Clone)]
pub struct Tally {
    c: BTreeMap<&'static str, (f64, f64)>,
}

impl Tally {
    fn add(&mut self, k: &'static str, hit: usize, total: usize) {
        let e = self.c.entry(k).or_insert((0.0, 0.0));
        e.0 += hit as f64;
        e.1 += total as f64;
    }

    fn ratio(&self, k: &str) -> Option<f64> {
        let (a, b) = self.c.get(k).copied().unwrap_or((0.0, 0.0));
        (b != 0.0).then(|| a / b)
    }

    fn fscore(&self, p: &str, r: &str) -> Option<f64> {
        let (pp, rr) = (self.ratio(p), self.ratio(r));
        if pp.is_none() && rr.is_none() {
            return None;
        }
        let (pp, rr) = (pp.unwrap_or(1.0), rr.unwrap_or(1.0));
        Some(if pp + rr == 0.0 {
            0.0
        } else {
            2.0 * pp * rr / (pp + rr)
        })
    }
}

/// The columns of the report, in order.
pub const COLUMNS: [&str; 12] = [
    "meta", "headF1", "level", "runinR", "boxF1", "boxTtl", "itemF1", "indF1", "indRow", "tgtNrm",
    "prjF1", "prjInv",
];

impl Tally {
    /// The value of a report column.
    pub fn column(&self, name: &str) -> Option<f64> {
        match name {
            "meta" => self.ratio("meta"),
            "headF1" => self.fscore("head_p", "head_r"),
            "level" => self.ratio("head_level"),
            "runinR" => self.ratio("runin_r"),
            "boxF1" => self.fscore("box_p", "box_r"),
            "boxTtl" => self.ratio("box_title"),
            "itemF1" => self.fscore("item_p", "item_r"),
            "indF1" => self.fscore("ind_p", "ind_r"),
            "indRow" => self.ratio("ind_row_exact"),
            "tgtNrm" => self.ratio("ind_target_norm"),
            "prjF1" => self.fscore("prj_p", "prj_r"),
            "prjInv" => self.ratio("prj_invest"),
            _ => None,
        }
    }
}

/// Python's `str.isspace` plus the ideographic space.
fn is_ws(c: char) -> bool {
    c.is_whitespace() || ('\x1c'..='\x1f').contains(&c) || c == '\u{3000}'
}

/// The reference's `n()`: markup and whitespace removed, leading `-` and
/// trailing colons stripped.
fn n(v: Option<&J>) -> String {
    let s = match v {
        None | Some(J::Null) => return String::new(),
        Some(J::String(s)) => s.clone(),
        Some(J::Bool(b)) => if *b { "True" } else { "False" }.to_string(),
        Some(J::Number(x)) => py_number(x),
        Some(other) => other.to_string(),
    };
    let mut out = String::with_capacity(s.len());
    let mut rest = s.as_str();
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix("**") {
            rest = r;
            continue;
        }
        if rest.starts_with("[bookmark:") {
            if let Some(end) = rest.find(']') {
                rest = &rest[end + 1..];
                continue;
            }
        }
        let c = rest.chars().next().expect("non-empty");
        if !is_ws(c) {
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    out.trim_start_matches('-')
        .trim_end_matches(['：', ':'])
        .to_string()
}

fn py_number(x: &serde_json::Number) -> String {
    if let Some(i) = x.as_i64() {
        return i.to_string();
    }
    let f = x.as_f64().unwrap_or(0.0);
    if f.fract() == 0.0 && f.abs() < 1e16 {
        format!("{f:.1}")
    } else {
        f.to_string()
    }
}

/// The reference's `get(d, *path)`.
fn get<'a>(d: Option<&'a J>, path: &[&str]) -> Option<&'a J> {
    let mut d = d?;
    for p in path {
        d = d.as_object()?.get(*p)?;
    }
    Some(d)
}

fn list<'a>(d: Option<&'a J>, k: &str) -> Vec<&'a J> {
    match get(d, &[k]) {
        Some(J::Array(a)) => a.iter().collect(),
        _ => Vec::new(),
    }
}

/// Python truthiness of a JSON value.
fn truthy(v: Option<&J>) -> bool {
    match v {
        None | Some(J::Null) => false,
        Some(J::Bool(b)) => *b,
        Some(J::Number(x)) => x.as_f64() != Some(0.0),
        Some(J::String(s)) => !s.is_empty(),
        Some(J::Array(a)) => !a.is_empty(),
        Some(J::Object(o)) => !o.is_empty(),
    }
}

/// Multiset matches of `gold` in `out`: (hits, gold count, out count).
fn f1<T: PartialEq + Clone>(gold: &[T], out: &[T]) -> (usize, usize, usize) {
    let mut pool: Vec<Option<T>> = out.iter().cloned().map(Some).collect();
    let mut hit = 0;
    for x in gold {
        if let Some(slot) = pool.iter_mut().find(|p| p.as_ref() == Some(x)) {
            *slot = None;
            hit += 1;
        }
    }
    (hit, gold.len(), out.len())
}

fn num(v: Option<&J>) -> Option<f64> {
    match v {
        Some(J::Number(x)) => x.as_f64(),
        Some(J::Bool(b)) => Some(if *b { 1.0 } else { 0.0 }),
        _ => None,
    }
}

/// Digits of any script (Python's `\d`) as ASCII.
fn ascii_digits(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// The reference's NUM regex: an optional operator then a number.
fn num_target(s: &str) -> Option<(&'static str, f64)> {
    let ops: [(&str, &str); 9] = [
        (">=", ">="),
        ("<=", "<="),
        ("≥", ">="),
        ("＞", ">"),
        (">", ">"),
        ("≤", "<="),
        ("＜", "<"),
        ("<", "<"),
        ("", "="),
    ];
    for (p, op) in ops {
        if let Some(rest) = s.strip_prefix(p) {
            let body = ascii_digits(rest);
            let b = body.strip_prefix('-').unwrap_or(&body);
            let mut parts = b.splitn(2, '.');
            let int = parts.next().unwrap_or("");
            let frac = parts.next();
            let ok = !int.is_empty()
                && int.chars().all(|c| c.is_ascii_digit())
                && frac.is_none_or(|f| !f.is_empty() && f.chars().all(|c| c.is_ascii_digit()));
            if ok {
                return body.parse::<f64>().ok().map(|v| (op, v));
            }
            if !p.is_empty() {
                return None;
            }
        }
    }
    None
}

/// Score one document into `t` (gold is a parsed gold file, out an output or None).
pub fn score_doc(gold: &J, out: Option<&J>, t: &mut Tally) {
    let present = out.is_some();
    let gm = get(Some(gold), &["meta"]);
    let om = get(out, &["meta"]).filter(|m| truthy(Some(m)));
    for k in ["title", "region", "doc_number", "issuer", "issued"] {
        t.add(
            "meta",
            usize::from(present && n(get(gm, &[k])) == n(get(om, &[k]))),
            1,
        );
    }
    let gp = get(gm, &["period"]);
    let op = get(om, &["period"]).filter(|p| truthy(Some(p)));
    let period_ok = if truthy(gp) {
        let g: Vec<Option<f64>> = gp
            .and_then(J::as_array)
            .map(|a| a.iter().map(|x| x.as_f64()).collect())
            .unwrap_or_default();
        let o = vec![num(get(op, &["start"])), num(get(op, &["end"]))];
        g == o
    } else {
        !truthy(op)
    };
    t.add("meta", usize::from(present && period_ok), 1);

    let outline = list(out, "outline");
    let gh = list(Some(gold), "headings");
    let gs: Vec<(String, Option<&J>)> = gh
        .iter()
        .filter(|h| !truthy(get(Some(h), &["runin"])))
        .map(|h| (n(get(Some(h), &["text"])), get(Some(h), &["level"])))
        .collect();
    let os: Vec<(String, Option<&J>)> = outline
        .iter()
        .filter(|h| !truthy(get(Some(h), &["runin"])))
        .map(|h| (n(get(Some(h), &["text"])), get(Some(h), &["level"])))
        .collect();
    let (hit, g, o) = f1(
        &gs.iter().map(|x| x.0.clone()).collect::<Vec<_>>(),
        &os.iter().map(|x| x.0.clone()).collect::<Vec<_>>(),
    );
    t.add("head_p", hit, o);
    t.add("head_r", hit, g);
    let mut lvl: BTreeMap<&str, Option<&J>> = BTreeMap::new();
    for x in &os {
        lvl.entry(x.0.as_str()).or_insert(x.1);
    }
    let same = |a: Option<&J>, b: Option<&J>| match (a, b) {
        (Some(J::Number(x)), Some(J::Number(y))) => x.as_f64() == y.as_f64(),
        (a, b) => a == b,
    };
    let matched = gs.iter().filter(|x| lvl.contains_key(x.0.as_str())).count();
    let good = gs
        .iter()
        .filter(|x| lvl.get(x.0.as_str()).is_some_and(|l| same(*l, x.1)))
        .count();
    t.add("head_level", good, matched);
    let gr: Vec<String> = gh
        .iter()
        .filter(|h| truthy(get(Some(h), &["runin"])))
        .map(|h| n(get(Some(h), &["text"])))
        .collect();
    let texts: Vec<String> = outline.iter().map(|h| n(get(Some(h), &["text"]))).collect();
    let runin_hits = gr
        .iter()
        .filter(|x| {
            texts.iter().any(|y| {
                y == *x
                    || y.starts_with(x.as_str())
                    || (y.chars().count() >= 4 && x.starts_with(y.as_str()))
            })
        })
        .count();
    t.add("runin_r", runin_hits, gr.len());

    let boxes = list(out, "boxes");
    let gboxes = list(Some(gold), "boxes");
    let gb: Vec<String> = gboxes.iter().map(|b| n(get(Some(b), &["label"]))).collect();
    let ob: Vec<String> = boxes.iter().map(|b| n(get(Some(b), &["label"]))).collect();
    let (hit, g, o) = f1(&gb, &ob);
    t.add("box_p", hit, o);
    t.add("box_r", hit, g);
    let mut obd: BTreeMap<String, &J> = BTreeMap::new();
    for b in &boxes {
        obd.insert(n(get(Some(b), &["label"])), b);
    }
    let mut gi = Vec::new();
    let mut oi = Vec::new();
    for b in &gboxes {
        let label = n(get(Some(b), &["label"]));
        let ob_ = obd.get(&label);
        t.add(
            "box_title",
            usize::from(
                ob_.is_some_and(|o| n(get(Some(o), &["title"])) == n(get(Some(b), &["title"]))),
            ),
            1,
        );
        for i in list(Some(b), "items") {
            gi.push((label.clone(), n(Some(i))));
        }
    }
    for b in &boxes {
        let label = n(get(Some(b), &["label"]));
        for i in list(Some(b), "items") {
            oi.push((label.clone(), n(get(Some(i), &["title"]))));
        }
    }
    let (hit, g, o) = f1(&gi, &oi);
    t.add("item_p", hit, o);
    t.add("item_r", hit, g);

    let inds = list(out, "indicators");
    let mut oind: BTreeMap<String, &J> = BTreeMap::new();
    for r in &inds {
        oind.entry(n(get(Some(r), &["name"]))).or_insert(r);
    }
    let grows: Vec<&J> = list(Some(gold), "indicator_tables")
        .into_iter()
        .flat_map(|tb| list(Some(tb), "rows"))
        .collect();
    let (hit, g, o) = f1(
        &grows
            .iter()
            .map(|r| n(get(Some(r), &["name"])))
            .collect::<Vec<_>>(),
        &inds
            .iter()
            .map(|r| n(get(Some(r), &["name"])))
            .collect::<Vec<_>>(),
    );
    t.add("ind_p", hit, o);
    t.add("ind_r", hit, g);
    for r in &grows {
        let orow = oind.get(&n(get(Some(r), &["name"]))).copied();
        let mut ok = orow.is_some();
        let fields: [(&'static str, &str, &[&str]); 4] = [
            ("ind_unit", "unit", &["unit"]),
            ("ind_baseline", "baseline", &["baseline", "raw"]),
            ("ind_target", "target", &["target", "raw"]),
            ("ind_attribute", "attribute", &["attribute_raw"]),
        ];
        for (key, f, path) in fields {
            let good = orow.is_some() && n(get(orow, path)) == n(get(Some(r), &[f]));
            t.add(key, usize::from(good), 1);
            ok = ok && good;
        }
        if let Some((opx, val)) = num_target(&n(get(Some(r), &["target"]))) {
            let orow = orow.filter(|o| truthy(Some(o)));
            let tv = num(get(orow, &["target", "value"]));
            let to = get(orow, &["target", "op"]).filter(|o| truthy(Some(o)));
            let to = to
                .and_then(J::as_str)
                .map(str::to_string)
                .or_else(|| to.map(|o| o.to_string()));
            let good =
                tv.is_some_and(|v| (v - val).abs() < 1e-9) && to.as_deref().unwrap_or("=") == opx;
            t.add("ind_target_norm", usize::from(good), 1);
        }
        t.add("ind_row_exact", usize::from(ok), 1);
    }

    let projs: Vec<&J> = list(out, "projects")
        .into_iter()
        .filter(|p| match get(Some(p), &["source"]) {
            None => true,
            Some(s) => s.as_str() == Some("table"),
        })
        .collect();
    let gtables = list(Some(gold), "project_tables");
    let grp: Vec<String> = gtables
        .iter()
        .flat_map(|tb| list(Some(tb), "rows"))
        .map(|r| n(get(Some(r), &["name"])))
        .filter(|s| !s.is_empty())
        .collect();
    let opn: Vec<String> = projs
        .iter()
        .map(|p| n(get(Some(p), &["name"])))
        .filter(|s| !s.is_empty())
        .collect();
    let (hit, g, o) = f1(&grp, &opn);
    t.add("prj_p", hit, o);
    t.add("prj_r", hit, g);
    let mut opd: BTreeMap<String, &J> = BTreeMap::new();
    for p in &projs {
        opd.insert(n(get(Some(p), &["name"])), p);
    }
    for tb in &gtables {
        let mult = if n(get(Some(tb), &["unit"])) == "万元" {
            1e4
        } else {
            1.0
        };
        for r in list(Some(tb), "rows") {
            let p = opd
                .get(&n(get(Some(r), &["name"])))
                .copied()
                .filter(|p| truthy(Some(p)));
            let want = match get(Some(r), &["total_investment"]) {
                Some(J::String(s)) => match s.trim().parse::<f64>() {
                    Ok(v) => v * mult,
                    Err(_) => continue,
                },
                Some(J::Number(x)) => x.as_f64().unwrap_or(0.0) * mult,
                _ => continue,
            };
            let got = num(get(p, &["investment", "value"]));
            t.add(
                "prj_invest",
                usize::from(got.is_some_and(|v| (v - want).abs() < 0.5)),
                1,
            );
        }
    }
}

/// Scores of a gold directory against an output directory.
#[derive(Debug, Clone)]
pub struct Report {
    /// (row name, tally) per document, in file-name order.
    pub docs: Vec<(String, Tally)>,
    pub total: Tally,
}

/// Score every `GOLD_DIR/<stem>.gold.json` against `OUT_DIR/<stem>.json`.
pub fn score_dirs(gold_dir: &Path, out_dir: &Path) -> std::io::Result<Report> {
    let mut names: Vec<String> = std::fs::read_dir(gold_dir)?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|f| f.ends_with(".gold.json"))
        .collect();
    names.sort();
    if names.is_empty() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            "no *.gold.json files here",
        ));
    }
    let outputs = names
        .iter()
        .filter(|f| {
            let stem = &f[..f.len() - ".gold.json".len()];
            out_dir.join(format!("{stem}.json")).is_file()
        })
        .count();
    if outputs == 0 {
        return Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!(
                "{}: no output for any of the {} gold documents (each needs <stem>.json beside <stem>.gold.json's name)",
                out_dir.display(),
                names.len()
            ),
        ));
    }
    let mut report = Report {
        docs: Vec::new(),
        total: Tally::default(),
    };
    for f in names {
        let stem = &f[..f.len() - ".gold.json".len()];
        let gold: J =
            serde_json::from_str(&std::fs::read_to_string(gold_dir.join(&f))?).map_err(|e| {
                std::io::Error::new(std::io::ErrorKind::InvalidData, format!("{f}: {e}"))
            })?;
        let out: Option<J> = std::fs::read_to_string(out_dir.join(format!("{stem}.json")))
            .ok()
            .and_then(|s| serde_json::from_str(&s).ok());
        let mut t = Tally::default();
        score_doc(&gold, out.as_ref(), &mut t);
        score_doc(&gold, out.as_ref(), &mut report.total);
        let short: String = stem.chars().take(24).collect();
        let name = if out.is_some() {
            short
        } else {
            format!("{short} (NO OUTPUT)")
        };
        report.docs.push((name, t));
    }
    Ok(report)
}

fn fmt(x: Option<f64>) -> String {
    match x {
        None => "  -  ".to_string(),
        Some(v) => format!("{v:5.3}"),
    }
}

impl Report {
    /// The table as `score.py` prints it.
    pub fn table(&self) -> String {
        let mut s = format!("{:36}", "doc");
        for c in COLUMNS {
            let _ = write!(s, "{c:>8}");
        }
        s.push('\n');
        for (name, t) in self
            .docs
            .iter()
            .chain(std::iter::once(&("TOTAL".to_string(), self.total.clone())))
        {
            let _ = write!(s, "{name:36}");
            for c in COLUMNS {
                let _ = write!(s, "{:>8}", fmt(t.column(c)));
            }
            s.push('\n');
        }
        s
    }

    /// The totals as `score.py --json` prints them.
    pub fn json(&self) -> String {
        let mut m = serde_json::Map::new();
        for c in COLUMNS {
            m.insert(
                c.to_string(),
                self.total
                    .column(c)
                    .map_or(J::Null, |v| serde_json::json!(v)),
            );
        }
        J::Object(m).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizer_matches_reference() {
        let s = J::String("  **1. 政策 制度**[bookmark: x]：".into());
        assert_eq!(n(Some(&s)), "1.政策制度");
        assert_eq!(n(Some(&J::String("- 专栏 1:".into()))), "专栏1");
        assert_eq!(n(None), "");
    }

    #[test]
    fn num_targets() {
        assert_eq!(num_target("≥55"), Some((">=", 55.0)));
        assert_eq!(num_target(">30"), Some((">", 30.0)));
        assert_eq!(num_target("100"), Some(("=", 100.0)));
        assert_eq!(num_target("1个"), None);
        assert_eq!(num_target("-3.5"), Some(("=", -3.5)));
        assert_eq!(num_target("3."), None);
    }
}
