//! `guihua report OUT_DIR -o report.html`: one self-contained HTML page over a
//! batch's outputs.
//!
//! The page holds the batch summary (from `manifest.jsonl` where there is one:
//! converted, up to date, failed with their reasons, unsupported; warnings by
//! code from the plans), one bar chart per indicator across the documents
//! (baseline beside target, sorted by target, in the indicator's comparison
//! unit; from [`crate::compare`]) and each plan's outline, boxes and tables.
//! Style is inline CSS, charts inline SVG and folding `<details>`: nothing is
//! fetched and no script runs, so the file opens anywhere, offline.
//!
//! Plans are read twice, once for the summary and charts and once for the
//! per-plan sections, so that memory stays that of one plan plus the
//! indicator matrix however many plans there are.

use crate::compare::{self, Aliases, Matrix, Row};
use crate::model::Plan;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Most bars one chart draws; the rest are counted under it.
pub const MAX_BARS: usize = 60;

/// What a report run saw.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Stats {
    pub plans: usize,
    pub charts: usize,
    /// Files that are not plans, one line each naming the file.
    pub errors: Vec<String>,
}

/// The manifest's tally: status → entries (input path, error).
type Tally = BTreeMap<String, Vec<(String, Option<String>)>>;

/// Read `dir/manifest.jsonl` where present; lines are read loosely (as JSON
/// values) so that a manifest from another version still reports.
fn manifest(dir: &Path) -> Result<Option<Tally>, String> {
    let path = dir.join(crate::batch::MANIFEST);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("{}: {e}", path.display())),
    };
    let mut tally = Tally::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(line)
            .map_err(|e| format!("{}: line {}: {e}", path.display(), n + 1))?;
        let status = v["status"].as_str().unwrap_or("unknown").to_string();
        let input = v["path"].as_str().unwrap_or("").to_string();
        let error = v["error"].as_str().map(str::to_string);
        tally.entry(status).or_default().push((input, error));
    }
    Ok(Some(tally))
}

/// HTML-escape text.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            _ => o.push(c),
        }
    }
    o
}

const CSS: &str = r#"
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;margin:0;color:#1d2430;background:#f6f7f9;line-height:1.5}
header{background:#213a5c;color:#fff;padding:18px 28px}
header h1{margin:0;font-size:22px}
header p{margin:4px 0 0;opacity:.85;font-size:13px}
main{padding:8px 28px 40px;max-width:1180px}
h2{border-bottom:2px solid #213a5c;padding-bottom:4px;margin-top:32px;font-size:19px}
h3{font-size:16px;margin:18px 0 6px}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:12px 0}
.card{background:#fff;border:1px solid #d8dde5;border-radius:6px;padding:10px 16px;min-width:120px}
.card b{display:block;font-size:24px}
.card.bad b{color:#b3261e}
table{border-collapse:collapse;background:#fff;font-size:13px;margin:6px 0 12px}
th,td{border:1px solid #d8dde5;padding:3px 7px;text-align:left;vertical-align:top}
th{background:#eef1f5}
td.n{text-align:right;font-variant-numeric:tabular-nums}
.chart{background:#fff;border:1px solid #d8dde5;border-radius:6px;padding:8px 12px;margin:10px 0}
.chart h3{margin:2px 0 4px}
.muted{color:#667085;font-size:12px}
details{background:#fff;border:1px solid #d8dde5;border-radius:6px;padding:6px 12px;margin:6px 0}
details details{border-color:#e7eaf0}
summary{cursor:pointer;font-weight:600}
ul.outline{list-style:none;padding-left:0;margin:4px 0}
ul.outline li{margin:1px 0}
.box{border-left:3px solid #c9853a;padding-left:10px;margin:8px 0}
.legend span{display:inline-block;width:12px;height:10px;margin:0 4px 0 12px;vertical-align:middle}
"#;

/// Colours of the baseline and target bars.
const BASE_COLOUR: &str = "#9aa7b8";
const TARGET_COLOUR: &str = "#2f6db5";

/// Write the report of the outputs under `dir`.
pub fn write(dir: &Path, out: &mut dyn Write) -> Result<Stats, String> {
    let files = compare::plan_files(&[dir.to_path_buf()])?;
    let tally = manifest(dir)?;
    let aliases = Aliases::builtin();
    let mut stats = Stats::default();
    let mut warnings: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut readable: Vec<(PathBuf, PathBuf)> = Vec::new();
    let mut errors = Vec::new();
    let plans = files.into_iter().filter_map(|(d, f)| match read_plan(&f) {
        Ok(p) => {
            let mut codes: BTreeMap<&str, usize> = BTreeMap::new();
            for w in &p.warnings {
                *codes.entry(w.code.as_str()).or_default() += 1;
            }
            for (c, n) in codes {
                let e = warnings.entry(c.to_string()).or_default();
                e.0 += n;
                e.1 += 1;
            }
            readable.push((d.clone(), f.clone()));
            Some((d, f, p))
        }
        Err(e) => {
            errors.push(e);
            None
        }
    });
    let m = compare::matrix(plans, &aliases);
    stats.plans = m.groups.len();
    stats.errors = errors;
    let io = |e: std::io::Error| format!("writing the report: {e}");

    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>guihua report: {}</title><style>{CSS}</style></head><body>\
         <header><h1>规划 extraction report</h1><p>{} · {} plans · guihua {}</p></header><main>",
        esc(&dir.display().to_string()),
        esc(&dir.display().to_string()),
        stats.plans,
        env!("CARGO_PKG_VERSION")
    );
    summary(&mut h, tally.as_ref(), &m, &warnings, &stats.errors);
    out.write_all(h.as_bytes()).map_err(io)?;
    h.clear();

    // Charts.
    let charted: Vec<&Row> = m.rows.iter().filter(|r| chartable(r)).collect();
    let _ = write!(
        h,
        "<h2 id=\"charts\">Indicators across documents</h2><p class=\"muted\">One chart per indicator that at least one document gives as a number in its comparison unit: <span class=\"legend\"><span style=\"background:{BASE_COLOUR}\"></span>baseline<span style=\"background:{TARGET_COLOUR}\"></span>target</span>, sorted by target. {} charts; {} indicators have no number to chart.</p>",
        charted.len(),
        m.rows.len() - charted.len()
    );
    for r in &charted {
        chart(&mut h, r, &m);
        if h.len() > 1 << 16 {
            out.write_all(h.as_bytes()).map_err(io)?;
            h.clear();
        }
    }
    stats.charts = charted.len();

    // Plans, read again one at a time.
    let _ = write!(h, "<h2 id=\"plans\">Plans</h2>");
    for (k, ((_, f), g)) in readable.iter().zip(&m.groups).enumerate() {
        let p = read_plan(f)?;
        plan_section(&mut h, k, &g.name, &p);
        out.write_all(h.as_bytes()).map_err(io)?;
        h.clear();
    }
    h.push_str("</main></body></html>\n");
    out.write_all(h.as_bytes()).map_err(io)?;
    Ok(stats)
}

fn read_plan(f: &Path) -> Result<Plan, String> {
    std::fs::read(f)
        .map_err(|e| e.to_string())
        .and_then(|b| serde_json::from_slice::<Plan>(&b).map_err(|e| e.to_string()))
        .map_err(|e| format!("{}: not a guihua plan: {e}", f.display()))
}

fn summary(
    h: &mut String,
    tally: Option<&Tally>,
    m: &Matrix,
    warnings: &BTreeMap<String, (usize, usize)>,
    errors: &[String],
) {
    h.push_str("<h2 id=\"summary\">Batch summary</h2><div class=\"cards\">");
    let count = |s: &str| tally.and_then(|t| t.get(s)).map_or(0, Vec::len);
    let with_ind = m.groups.iter().filter(|g| g.indicators > 0).count();
    let mut card = |label: &str, n: usize, bad: bool| {
        let _ = write!(
            h,
            "<div class=\"card{}\"><b>{n}</b>{}</div>",
            if bad && n > 0 { " bad" } else { "" },
            esc(label)
        );
    };
    if tally.is_some() {
        card("converted", count("converted"), false);
        card("up to date", count("skipped"), false);
        card("failed", count("failed"), true);
        card("unsupported", count("unsupported"), true);
    }
    card("plans read", m.groups.len(), false);
    card("with indicator tables", with_ind, false);
    card("unreadable outputs", errors.len(), true);
    h.push_str("</div>");
    if tally.is_none() {
        h.push_str("<p class=\"muted\">No manifest.jsonl in this folder (not a <code>guihua batch</code> output): the summary counts the plans found.</p>");
    }
    let list = |status: &str| {
        tally
            .and_then(|t| t.get(status))
            .map_or(&[][..], Vec::as_slice)
    };
    let failed = list("failed");
    if !failed.is_empty() || !errors.is_empty() {
        h.push_str("<h3>Failed inputs</h3>");
        reasons(h, failed.iter().map(|(p, e)| (p.as_str(), e.as_deref())));
        reasons(h, errors.iter().map(|e| ("(output)", Some(e.as_str()))));
    }
    let unsupported = list("unsupported");
    if !unsupported.is_empty() {
        // Folded: a corpus folder often holds many files that are not plans.
        let _ = write!(
            h,
            "<details><summary>Unsupported files ({})</summary>",
            unsupported.len()
        );
        reasons(
            h,
            unsupported.iter().map(|(p, e)| (p.as_str(), e.as_deref())),
        );
        h.push_str("</details>");
    }
    h.push_str("<h3>Warnings by code</h3>");
    if warnings.is_empty() {
        h.push_str("<p class=\"muted\">No warnings.</p>");
    } else {
        h.push_str("<table><tr><th>code</th><th>warnings</th><th>documents</th></tr>");
        let mut w: Vec<_> = warnings.iter().collect();
        w.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then_with(|| a.0.cmp(b.0)));
        for (code, (n, docs)) in w {
            let _ = write!(
                h,
                "<tr><td><code>{}</code></td><td class=\"n\">{n}</td><td class=\"n\">{docs}</td></tr>",
                esc(code)
            );
        }
        h.push_str("</table>");
    }
}

/// A table of inputs and why they were not converted.
fn reasons<'a>(h: &mut String, rows: impl Iterator<Item = (&'a str, Option<&'a str>)>) {
    h.push_str("<table><tr><th>input</th><th>reason</th></tr>");
    for (p, e) in rows {
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{}</td></tr>",
            esc(p),
            esc(e.unwrap_or(""))
        );
    }
    h.push_str("</table>");
}

fn chartable(r: &Row) -> bool {
    r.cells
        .values()
        .any(|c| c.baseline_cmp.is_some() || c.target_cmp.is_some())
}

/// A number for a label: at most 4 significant decimals, no trailing zeros.
fn short(x: f64) -> String {
    if x.abs() >= 1e8 {
        format!("{:.4}亿", x / 1e8)
            .replace(".0000亿", "亿")
            .trim_end_matches('0')
            .to_string()
    } else if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        let s = format!("{x:.4}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// One indicator's bar chart: a row per document, baseline and target bars.
fn chart(h: &mut String, r: &Row, m: &Matrix) {
    let mut docs: Vec<(&str, Option<f64>, Option<f64>, String)> = m
        .groups
        .iter()
        .filter_map(|g| {
            let c = r.cells.get(&g.name)?;
            (c.baseline_cmp.is_some() || c.target_cmp.is_some()).then(|| {
                let t = c.target.as_ref().map_or("", |v| v.raw.as_str());
                let b = c.baseline.as_ref().map_or("", |v| v.raw.as_str());
                (
                    g.name.as_str(),
                    c.baseline_cmp,
                    c.target_cmp,
                    format!("{b} → {t}"),
                )
            })
        })
        .collect();
    // Highest target first; documents with only a baseline last.
    docs.sort_by(|a, b| {
        b.2.partial_cmp(&a.2)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then_with(|| a.0.cmp(b.0))
    });
    let total = docs.len();
    docs.truncate(MAX_BARS);
    let vals = docs.iter().flat_map(|d| [d.1, d.2]).flatten();
    let (lo, hi) = vals.fold((0.0f64, 0.0f64), |(l, u), v| (l.min(v), u.max(v)));
    let span = if hi - lo > 0.0 { hi - lo } else { 1.0 };
    let (label_w, bar_w, value_w, row_h) = (300.0, 520.0, 200.0, 22.0);
    let width = label_w + bar_w + value_w;
    let height = row_h * docs.len() as f64 + 26.0;
    let x = |v: f64| label_w + (v - lo) / span * bar_w;
    let unit = r.unit.clone().unwrap_or_default();
    let _ = write!(
        h,
        "<div class=\"chart\" id=\"ind-{}\"><h3>{}</h3><p class=\"muted\">{}{} · unit: {} · {} document{}{}</p>",
        esc(&r.id),
        esc(&r.name),
        if r.matched { "" } else { "unmatched name · " },
        esc(&r.id),
        if unit.is_empty() { "(none)".to_string() } else { esc(&unit) },
        total,
        if total == 1 { "" } else { "s" },
        if total > docs.len() {
            format!(", the {} highest targets shown", docs.len())
        } else {
            String::new()
        }
    );
    let _ = write!(
        h,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{}\" font-size=\"12\">",
        esc(&r.name)
    );
    let zero = x(0.0);
    let _ = write!(
        h,
        "<line x1=\"{zero:.1}\" y1=\"0\" x2=\"{zero:.1}\" y2=\"{:.1}\" stroke=\"#667085\"/>",
        height - 20.0
    );
    for (k, (name, b, t, printed)) in docs.iter().enumerate() {
        let y = k as f64 * row_h;
        let _ = write!(
            h,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"#1d2430\">{}</text>",
            label_w - 6.0,
            y + 15.0,
            esc(&clip(name, 28))
        );
        for (v, colour, dy, bh) in [(b, BASE_COLOUR, 3.0, 7.0), (t, TARGET_COLOUR, 10.0, 9.0)] {
            if let Some(v) = v {
                let (a, z) = (x(0.0_f64.min(*v)), x(0.0_f64.max(*v)));
                let _ = write!(
                    h,
                    "<rect x=\"{a:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{bh}\" fill=\"{colour}\"><title>{}</title></rect>",
                    y + dy,
                    (z - a).max(0.5),
                    esc(&format!("{name}: {} {unit}", short(*v)))
                );
            }
        }
        let _ = write!(
            h,
            "<text x=\"{:.1}\" y=\"{:.1}\" fill=\"#475467\">{}</text>",
            label_w + bar_w + 6.0,
            y + 15.0,
            esc(&clip(printed, 26))
        );
    }
    let axis_y = height - 6.0;
    for (v, anchor) in [(lo, "start"), (hi, "end")] {
        let _ = write!(
            h,
            "<text x=\"{:.1}\" y=\"{axis_y:.1}\" text-anchor=\"{anchor}\" fill=\"#667085\">{} {}</text>",
            x(v),
            short(v),
            esc(&unit)
        );
    }
    h.push_str("</svg></div>");
}

fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut c: String = s.chars().take(n - 1).collect();
        c.push('…');
        c
    }
}

/// One plan: its metadata, and folded outline, boxes and tables.
fn plan_section(h: &mut String, k: usize, group: &str, p: &Plan) {
    let title = p.meta.title.as_deref().unwrap_or("(no title)");
    let _ = write!(
        h,
        "<details id=\"plan-{}\"><summary>{} <span class=\"muted\">{}</span></summary>",
        k + 1,
        esc(title),
        esc(group)
    );
    let period = p
        .meta
        .period
        .map(|q| format!("{}–{}", q.start, q.end))
        .unwrap_or_default();
    let _ = write!(
        h,
        "<p class=\"muted\">source {} · {:?}{} · {} · {} · {} headings, {} paragraphs, {} boxes, {} tables, {} indicators, {} projects, {} warnings</p>",
        esc(&p.source.path),
        p.source.format,
        p.source.pages.map(|n| format!(", {n} pages")).unwrap_or_default(),
        esc(p.meta.region.as_deref().unwrap_or("region unknown")),
        esc(&period),
        p.outline.len(),
        p.paragraphs.len(),
        p.boxes.len(),
        p.tables.len(),
        p.indicators.len(),
        p.projects.len(),
        p.warnings.len()
    );
    if !p.outline.is_empty() {
        let _ = write!(
            h,
            "<details><summary>Outline ({})</summary><ul class=\"outline\">",
            p.outline.len()
        );
        for hd in &p.outline {
            let _ = write!(
                h,
                "<li style=\"padding-left:{}em\">{}</li>",
                (hd.level.saturating_sub(1)) as f32 * 1.4,
                esc(&hd.text)
            );
        }
        h.push_str("</ul></details>");
    }
    if !p.boxes.is_empty() {
        let _ = write!(h, "<details><summary>Boxes ({})</summary>", p.boxes.len());
        for b in &p.boxes {
            let _ = write!(
                h,
                "<div class=\"box\"><b>{} {}</b><ol>",
                esc(&b.label),
                esc(&b.title)
            );
            for it in &b.items {
                let _ = write!(h, "<li>{}</li>", esc(&it.text));
            }
            h.push_str("</ol></div>");
        }
        h.push_str("</details>");
    }
    if !p.tables.is_empty() {
        let _ = write!(h, "<details><summary>Tables ({})</summary>", p.tables.len());
        for t in &p.tables {
            let _ = write!(
                h,
                "<p><b>{}</b> <span class=\"muted\">{:?}{}</span></p><table><tr>",
                esc(t.caption.as_deref().unwrap_or(&t.id)),
                t.kind,
                t.unit
                    .as_deref()
                    .map(|u| format!(" · 单位 {}", esc(u)))
                    .unwrap_or_default()
            );
            for c in &t.columns {
                let _ = write!(h, "<th>{}</th>", esc(c));
            }
            h.push_str("</tr>");
            for r in &t.rows {
                h.push_str("<tr>");
                for c in r {
                    let _ = write!(h, "<td>{}</td>", esc(c));
                }
                h.push_str("</tr>");
            }
            h.push_str("</table>");
        }
        h.push_str("</details>");
    }
    h.push_str("</details>");
}
