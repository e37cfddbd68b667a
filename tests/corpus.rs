//! The corpus through every configuration: seed and variant plans in every text
//! encoding, scored against their gold, validated against the schema, and
//! checked for provenance.

mod common;

use common::*;
use guihua::eval::score_dirs;
use guihua::model::Plan;
use std::path::Path;

/// The same plan, whatever the encoding or line ends: compare everything but
/// the byte-level provenance.
fn comparable(p: &Plan) -> Plan {
    let mut p = p.clone();
    p.source.sha256.clear();
    p.source.encoding = None;
    p
}

#[test]
fn seeds_meet_the_floors_in_every_encoding() {
    for (name, enc) in text_configs() {
        let out = scratch(&format!("seeds-{name}"));
        for f in seeds() {
            write(&out, &f, &extract_as(&f, enc));
        }
        let report = score_dirs(&root().join("corpus/gold"), &out).unwrap();
        assert_floors(&format!("seeds as {name}"), &report);
    }
}

#[test]
fn variants_meet_the_floors_in_every_encoding() {
    for (name, enc) in text_configs() {
        let out = scratch(&format!("variants-{name}"));
        for f in variants() {
            write(&out, &f, &extract_as(&f, enc));
        }
        let report = score_dirs(&root().join("corpus/variants"), &out).unwrap();
        assert_floors(&format!("variants as {name}"), &report);
    }
}

#[test]
fn every_encoding_gives_the_same_plan() {
    let configs = text_configs();
    for f in seeds().into_iter().chain(variants()) {
        let base = extract_as(&f, configs[0].1);
        for (name, enc) in &configs[1..] {
            let p = extract_as(&f, *enc);
            assert_eq!(
                p.source.encoding.as_deref(),
                Some(if *name == "crlf" { "utf-8" } else { name })
            );
            assert!(
                comparable(&p) == comparable(&base),
                "{} differs when read as {name}",
                f.display()
            );
        }
    }
}

#[test]
fn outputs_validate_against_the_schema() {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("schemas/plan.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::draft202012::new(&schema).expect("schema compiles");
    let pdfs = [
        "legacy-gbk/001_b3f5121ee16d8fba.pdf",
        "lo/004_01429d2306914130.pdf",
        "chrome-noto/001_b3f5121ee16d8fba.pdf",
    ]
    .map(|p| root().join("corpus/pdf").join(p));
    for f in seeds().into_iter().chain(variants()).chain(pdfs) {
        let plan = guihua::extract_file(&f).unwrap();
        let json = serde_json::to_value(&plan).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&json)
            .take(5)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {}", f.display(), errors.join("; "));
        // And the JSON reads back into the same plan.
        let back: Plan = serde_json::from_value(json).unwrap();
        assert_eq!(back, plan);
    }
}

/// Spans point at the source: each heading's first line starts with its
/// numbering, each box's with its label, each indicator row holds its name.
#[test]
fn spans_point_at_the_source_lines() {
    let squash = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    for f in seeds().into_iter().chain(variants()) {
        let text = std::fs::read_to_string(&f).unwrap();
        let lines: Vec<String> = text
            .split('\n')
            .map(|l| squash(&guihua::clean::clean_line(l)))
            .collect();
        let plan = guihua::extract_file(&f).unwrap();
        let at = |n: usize| lines[n - 1].as_str();
        for h in &plan.outline {
            assert!(
                at(h.span.line_start).starts_with(&squash(&h.number)),
                "{}: heading {:?} not at line {}",
                f.display(),
                h.text,
                h.span.line_start
            );
        }
        for b in &plan.boxes {
            assert!(
                at(b.span.line_start).starts_with(&squash(&b.label)),
                "{}: box {}",
                f.display(),
                b.label
            );
        }
        for i in &plan.indicators {
            let block: String = (i.span.line_start..=i.span.line_end).map(at).collect();
            assert!(
                block.contains(&squash(&i.name)),
                "{}: indicator {:?}",
                f.display(),
                i.name
            );
        }
    }
}

fn python_score(gold: &Path, out: &Path, json: bool) -> String {
    let mut cmd = std::process::Command::new("python3");
    cmd.arg(root().join("tests/reference/score.py"))
        .arg(gold)
        .arg(out);
    if json {
        cmd.arg("--json");
    }
    let o = cmd
        .output()
        .expect("python3 runs the reference scorer (.ci/run installs it)");
    assert!(
        o.status.success(),
        "score.py failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}

/// `guihua eval` prints what the reference scorer prints, on good outputs and
/// on damaged ones (a missing file, a file that is not JSON, a broken plan).
#[test]
fn eval_agrees_with_the_reference_scorer() {
    let gold = root().join("corpus/gold");
    let out = scratch("eval-agree");
    for f in seeds() {
        write(&out, &f, &guihua::extract_file(&f).unwrap());
    }
    let check = |label: &str| {
        let ours = score_dirs(&gold, &out).unwrap();
        assert_eq!(
            ours.table(),
            python_score(&gold, &out, false),
            "{label}: tables differ"
        );
        let py: serde_json::Value = serde_json::from_str(&python_score(&gold, &out, true)).unwrap();
        let rs: serde_json::Value = serde_json::from_str(&ours.json()).unwrap();
        assert_eq!(py, rs, "{label}: totals differ");
    };
    check("seed outputs");
    // Damage the outputs the ways a scorer meets in practice.
    let stems: Vec<String> = seeds()
        .iter()
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    std::fs::remove_file(out.join(format!("{}.json", stems[0]))).unwrap();
    std::fs::write(out.join(format!("{}.json", stems[1])), "{ not json").unwrap();
    let p = out.join(format!("{}.json", stems[2]));
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
    v["meta"] = serde_json::Value::Null;
    v["outline"].as_array_mut().unwrap().truncate(10);
    v["boxes"][0]["items"] = serde_json::json!([]);
    std::fs::write(&p, v.to_string()).unwrap();
    let p = out.join(format!("{}.json", stems[4]));
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
    v["indicators"][1]["target"]["op"] = serde_json::json!(">");
    v["indicators"][2]["target"] = serde_json::Value::Null;
    v["meta"]["period"] = serde_json::Value::Null;
    std::fs::write(&p, v.to_string()).unwrap();
    check("damaged outputs");
}
