//! `guihua batch` and `guihua compare` through the binary: a folder with good
//! and bad inputs, resuming, limits, --jsonl, and the indicator matrix.

mod common;

use common::*;
use guihua::batch::{Entry, Status, MANIFEST};
use guihua::model::Plan;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn guihua(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_guihua"))
        .args(args)
        .output()
        .unwrap()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Two text plans, a PDF, a corrupt PDF, an empty file and a binary file.
fn mixed_folder(name: &str) -> PathBuf {
    let dir = scratch(name).join("in");
    std::fs::create_dir_all(dir.join("pdf")).unwrap();
    for f in &seeds()[..2] {
        std::fs::copy(f, dir.join(f.file_name().unwrap())).unwrap();
    }
    std::fs::copy(
        root().join("corpus/pdf/legacy-gbk/002_e066a742732ce1a8.pdf"),
        dir.join("pdf/002.pdf"),
    )
    .unwrap();
    let mut corrupt = b"%PDF-1.4\n".to_vec();
    corrupt.extend((0..4000u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8));
    std::fs::write(dir.join("pdf/corrupt.pdf"), corrupt).unwrap();
    std::fs::write(dir.join("empty.txt"), "").unwrap();
    std::fs::write(
        dir.join("binary.txt"),
        (0..3000u32)
            .map(|i| (i * 7 % 256) as u8)
            .collect::<Vec<_>>(),
    )
    .unwrap();
    dir
}

fn manifest(out: &Path) -> BTreeMap<String, Entry> {
    std::fs::read_to_string(out.join(MANIFEST))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<Entry>(l).unwrap())
        .map(|e| (e.path.clone(), e))
        .collect()
}

#[test]
fn batch_converts_the_good_records_the_bad_and_resumes() {
    let dir = mixed_folder("batch-mixed");
    let out = dir.parent().unwrap().join("out");
    let o = guihua(&["batch", s(&dir), "-o", s(&out), "-j", "2"]);
    assert_eq!(o.status.code(), Some(1));
    let m = manifest(&out);
    assert_eq!(m.len(), 6);
    let status = |p: &str| m[p].status;
    for good in [
        "000_bcb06eedc5e15154.txt",
        "001_b3f5121ee16d8fba.txt",
        "pdf/002.pdf",
    ] {
        assert_eq!(status(good), Status::Converted, "{good}");
        let out_file = out.join(m[good].output.as_ref().unwrap());
        let plan: Plan = serde_json::from_str(&std::fs::read_to_string(out_file).unwrap()).unwrap();
        assert!(!plan.outline.is_empty());
        assert_eq!(Some(plan.source.sha256.as_str()), m[good].sha256.as_deref());
    }
    assert_eq!(m["pdf/002.pdf"].pages, Some(25));
    for (bad, why) in [
        ("empty.txt", "empty file"),
        ("binary.txt", "not a text file"),
        ("pdf/corrupt.pdf", "malformed PDF"),
    ] {
        assert_eq!(status(bad), Status::Failed, "{bad}");
        let err = m[bad].error.as_deref().unwrap();
        assert!(err.contains(bad) && err.contains(why), "{bad}: {err}");
        assert!(m[bad].output.is_none());
    }
    // stderr: one line per failure, then the summary.
    let err = String::from_utf8(o.stderr).unwrap();
    assert_eq!(err.lines().count(), 4, "{err}");
    assert!(
        err.lines().last().unwrap().starts_with("batch: 6 files in"),
        "{err}"
    );
    assert!(err.contains("converted 3, failed 3"), "{err}");

    // A second run redoes nothing: the good are up to date, the bad unchanged.
    let before = std::fs::read(out.join("000_bcb06eedc5e15154.json")).unwrap();
    let o = guihua(&["batch", s(&dir), "-o", s(&out)]);
    assert_eq!(o.status.code(), Some(1));
    let m2 = manifest(&out);
    assert!(m2.values().all(|e| e.status == Status::Skipped), "{m2:?}");
    assert!(m2["empty.txt"].error.is_some() && m2["000_bcb06eedc5e15154.txt"].error.is_none());
    assert_eq!(
        std::fs::read(out.join("000_bcb06eedc5e15154.json")).unwrap(),
        before
    );
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(
        err.contains(
            "converted 0, failed 3 (3 unchanged since they failed, not retried), up to date 3"
        ),
        "{err}"
    );

    // A changed input is redone; --force redoes all.
    std::fs::write(
        dir.join("empty.txt"),
        "某县民政事业发展规划\n\n一、总体要求\n",
    )
    .unwrap();
    guihua(&["batch", s(&dir), "-o", s(&out)]);
    assert_eq!(manifest(&out)["empty.txt"].status, Status::Converted);
    let o = guihua(&["batch", s(&dir), "-o", s(&out), "--force"]);
    let m3 = manifest(&out);
    assert_eq!(
        m3.values()
            .filter(|e| e.status == Status::Converted)
            .count(),
        4
    );
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn batch_limits_and_all_good_exit_zero() {
    let dir = scratch("batch-limits").join("in");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(
        root().join("corpus/pdf/legacy-gbk/003_08fcdae4f348d3f7.pdf"),
        dir.join("a.pdf"),
    )
    .unwrap();
    std::fs::copy(&seeds()[3], dir.join("b.txt")).unwrap();
    let out = dir.parent().unwrap().join("out");
    let o = guihua(&["batch", s(&dir), "-o", s(&out), "--max-pages", "3"]);
    assert_eq!(o.status.code(), Some(1));
    let m = manifest(&out);
    assert!(
        m["a.pdf"]
            .error
            .as_deref()
            .unwrap()
            .contains("more than 3 pages"),
        "{:?}",
        m["a.pdf"]
    );
    assert_eq!(m["a.pdf"].code.as_deref(), Some("limit-pages"));
    assert_eq!(m["b.txt"].status, Status::Converted);
    let o = guihua(&["batch", s(&dir), "-o", s(&out), "--max-mb", "0", "--force"]);
    assert!(manifest(&out)
        .values()
        .all(|e| e.error.as_deref().is_some_and(|e| e.contains("too large"))));
    assert_eq!(o.status.code(), Some(1));
    let o = guihua(&["batch", s(&dir), "-o", s(&out), "--force"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    // Usage errors.
    assert_eq!(guihua(&["batch", s(&dir)]).status.code(), Some(2));
    assert_eq!(
        guihua(&["batch", "no/such/dir", "-o", s(&out)])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn batch_jsonl_streams_documents() {
    let dir = mixed_folder("batch-jsonl");
    let o = guihua(&["batch", s(&dir), "--jsonl"]);
    assert_eq!(o.status.code(), Some(1));
    let plans: Vec<Plan> = String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(plans.len(), 3);
    assert!(plans
        .iter()
        .any(|p| p.meta.region.as_deref() == Some("正宁县")));
}

#[test]
fn compare_merges_aliases_and_lists_the_unmatched() {
    let out = scratch("compare").join("out");
    std::fs::create_dir_all(&out).unwrap();
    for f in seeds().into_iter().chain(variants()) {
        write(&out, &f, &guihua::extract_file(&f).unwrap());
    }
    // A second plan of one region (民乐县), under another folder and name.
    let again = out.join("again");
    std::fs::create_dir_all(&again).unwrap();
    std::fs::copy(
        out.join("000_bcb06eedc5e15154.json"),
        again.join("minle.json"),
    )
    .unwrap();
    std::fs::write(out.join(MANIFEST), "{}\n").unwrap();
    let csv_path = out.parent().unwrap().join("matrix.csv");
    let o = guihua(&["compare", s(&out), "-o", s(&csv_path)]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let csv = std::fs::read_to_string(&csv_path).unwrap();
    assert!(csv.starts_with('\u{FEFF}'), "Excel needs the BOM");
    let rows: BTreeMap<String, Vec<String>> = csv
        .trim_start_matches('\u{FEFF}')
        .lines()
        .map(|l| {
            let cells: Vec<String> = l.split(',').map(str::to_string).collect();
            (cells[0].clone(), cells)
        })
        .collect();
    let header = &rows["id"];
    // One column group per document, never two of one name.
    let groups: Vec<&str> = header
        .iter()
        .filter_map(|h| h.strip_suffix(":source"))
        .collect();
    assert_eq!(groups.len(), 9, "{groups:?}");
    let unique: std::collections::BTreeSet<&&str> = groups.iter().collect();
    assert_eq!(unique.len(), groups.len(), "{groups:?}");
    assert!(
        groups.contains(&"民乐县 (000_bcb06eedc5e15154)"),
        "{groups:?}"
    );
    assert!(groups.contains(&"民乐县 (again/minle)"), "{groups:?}");
    let col = |group: &str, field: &str| {
        let g = groups
            .iter()
            .find(|g| g.starts_with(group))
            .unwrap_or_else(|| panic!("{group}"));
        header
            .iter()
            .position(|h| h == &format!("{g}:{field}"))
            .unwrap()
    };
    // 社会工作专业人才总量 (民乐县, 平罗县) and 社会工作专业人才数 (垫江县): one row.
    let r = &rows["social_work_talent"];
    assert_eq!(r[col("民乐县 (000", "target")], "150");
    assert_eq!(r[col("民乐县 (again", "target")], "150");
    assert_eq!(r[col("平罗县", "target")], "120");
    assert_eq!(r[col("垫江县", "target")], "500");
    assert_eq!(r[col("垫江县", "match")], "alias");
    assert_eq!(r[col("民乐县 (000", "match")], "name");
    assert_eq!((r[3].as_str(), r[4].as_str()), ("sector", "人"));
    // 乡镇未成年保护站覆盖率 (民乐县) and 乡镇(街道)未成年人保护工作站覆盖率 (垫江县).
    let r = &rows["township_minor_protection_station_coverage"];
    assert_eq!(r[col("民乐县 (000", "target_value")], "50");
    assert_eq!(
        (
            r[col("垫江县", "target_op")].as_str(),
            r[col("垫江县", "target_value")].as_str(),
            r[col("垫江县", "target_cmp")].as_str(),
        ),
        (">=", "45", "45")
    );
    // Attributes normalized, the printed word kept; source is the input path.
    let attr = r[col("垫江县", "attribute")].as_str();
    assert!(attr == "expected" || attr == "binding", "{attr}");
    assert!(!r[col("垫江县", "attribute_raw")].is_empty());
    let src = &r[col("垫江县", "source")];
    assert!(
        src.contains("corpus/seeds/004_01429d2306914130.txt l"),
        "{src}"
    );
    // Money in 万元 compared in yuan.
    let r = &rows["charity_donations_total"];
    let g = groups
        .iter()
        .find(|g| !r[col(g, "target")].is_empty())
        .unwrap();
    let printed: f64 = r[col(g, "target_value")].parse().unwrap();
    let yuan: f64 = r[col(g, "target_cmp")].parse().unwrap();
    assert_eq!(yuan, printed * 1e4);
    // An indicator no entry knows is listed, not dropped.
    let unmatched = rows
        .keys()
        .find(|k| k.starts_with("unmatched:养老服务人才培训人次"))
        .expect("listed");
    assert_eq!(rows[unmatched][2], "false");
    // JSON format: every document, with its input path; a file that is not a
    // plan is reported, not fatal.
    let o = guihua(&["compare", s(&out), "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let docs = v["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 9);
    assert!(docs
        .iter()
        .all(|d| d["source"].as_str().unwrap().ends_with(".txt")));
    std::fs::write(out.join("broken.json"), "{").unwrap();
    let o = guihua(&["compare", s(&out)]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("broken.json: not a guihua plan"), "{err}");
    // A folder that is not there is named.
    let o = guihua(&["compare", "no/such/dir"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no/such/dir: not a directory"));
}

/// Every output name below `out` (manifest left out), sorted.
fn outputs(out: &Path) -> Vec<String> {
    let mut v: Vec<String> = guihua::batch::find_files(out, None, &["json"])
        .unwrap()
        .iter()
        .map(|p| {
            p.strip_prefix(out)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    v.sort();
    v
}

/// The input each output was made from, by its `source.path`.
fn source_of(out: &Path, name: &str) -> String {
    let plan: Plan =
        serde_json::from_str(&std::fs::read_to_string(out.join(name)).unwrap()).unwrap();
    plan.source.path
}

#[test]
fn batch_keeps_every_name_shape_apart_and_resumes_after_a_clash() {
    let dir = scratch("batch-names").join("in");
    let seed = &seeds()[0];
    let pdf = root().join("corpus/pdf/legacy-gbk/003_08fcdae4f348d3f7.pdf");
    for (name, src) in [
        ("a/same.txt", seed),
        ("b/same.txt", seed),
        ("plan.txt", seed),
        ("plan.v2.txt", seed),
        ("plan.v2.pdf.txt", seed),
        ("scan/plan.pdf", &pdf),
        ("scan/plan.PDF", &pdf),
        ("scan/x.1.pdf", &pdf),
        ("scan/x.pdf", &pdf),
    ] {
        let p = dir.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::copy(src, p).unwrap();
    }
    let out = dir.parent().unwrap().join("out");
    let run = || {
        let o = guihua(&["batch", s(&dir), "-o", s(&out), "-j", "2"]);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        manifest(&out)
    };
    let m = run();
    let expected = [
        ("a/same.txt", "a/same.json"),
        ("b/same.txt", "b/same.json"),
        ("plan.txt", "plan.json"),
        ("plan.v2.txt", "plan.v2.json"),
        ("plan.v2.pdf.txt", "plan.v2.pdf.json"),
        ("scan/plan.pdf", "scan/plan.pdf.json"),
        ("scan/plan.PDF", "scan/plan.PDF.json"),
        ("scan/x.1.pdf", "scan/x.1.json"),
        ("scan/x.pdf", "scan/x.json"),
    ];
    let check = |m: &BTreeMap<String, Entry>, expected: &[(&str, &str)]| {
        assert_eq!(m.len(), expected.len(), "{m:?}");
        for (input, output) in expected {
            assert_eq!(m[*input].output.as_deref(), Some(*output), "{input}");
            assert!(
                source_of(&out, output).ends_with(input),
                "{output} holds {input}"
            );
        }
        let mut names: Vec<String> = expected.iter().map(|(_, o)| o.to_string()).collect();
        names.sort();
        assert_eq!(outputs(&out), names, "one output per input, no other");
    };
    check(&m, &expected);
    assert!(m.values().all(|e| e.status == Status::Converted));

    // A second run skips exactly what is done: everything.
    let m = run();
    check(&m, &expected);
    assert!(m.values().all(|e| e.status == Status::Skipped), "{m:?}");

    // A new input makes three names clash: those are redone under their new
    // names, the old outputs go, and the rest stay up to date.
    std::fs::copy(&pdf, dir.join("plan.v2.pdf")).unwrap();
    let m = run();
    let expected2 = [
        ("a/same.txt", "a/same.json"),
        ("b/same.txt", "b/same.json"),
        ("plan.txt", "plan.json"),
        ("plan.v2.txt", "plan.v2.txt.json"),
        ("plan.v2.pdf.txt", "plan.v2.pdf.txt.json"),
        ("plan.v2.pdf", "plan.v2.pdf.json"),
        ("scan/plan.pdf", "scan/plan.pdf.json"),
        ("scan/plan.PDF", "scan/plan.PDF.json"),
        ("scan/x.1.pdf", "scan/x.1.json"),
        ("scan/x.pdf", "scan/x.json"),
    ];
    check(&m, &expected2);
    let redone: Vec<&str> = m
        .values()
        .filter(|e| e.status == Status::Converted)
        .map(|e| e.path.as_str())
        .collect();
    assert_eq!(redone, ["plan.v2.pdf", "plan.v2.pdf.txt", "plan.v2.txt"]);
    let m = run();
    check(&m, &expected2);
    assert!(m.values().all(|e| e.status == Status::Skipped), "{m:?}");

    // The clash gone again, the short names come back.
    std::fs::remove_file(dir.join("plan.v2.pdf")).unwrap();
    let m = run();
    check(&m, &expected);
}

#[test]
fn extract_out_keeps_clashing_inputs_apart() {
    let dir = scratch("extract-names");
    let seed = &seeds()[1];
    let pdf = root().join("corpus/pdf/legacy-gbk/003_08fcdae4f348d3f7.pdf");
    for (name, src) in [
        ("a/same.txt", seed),
        ("b/same.txt", seed),
        ("c/plan.txt", seed),
        ("c/plan.pdf", &pdf),
        ("c/other.txt", seed),
    ] {
        let p = dir.join("in").join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::copy(src, p).unwrap();
    }
    let out = dir.join("out");
    let inputs = [
        "a/same.txt",
        "b/same.txt",
        "c/plan.txt",
        "c/plan.pdf",
        "c/other.txt",
    ];
    let mut args = vec!["extract".to_string()];
    args.extend(
        inputs
            .iter()
            .map(|i| s(&dir.join("in").join(i)).to_string()),
    );
    args.extend(["-o".into(), s(&out).into()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = guihua(&args);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        o.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let expected = [
        ("a/same.txt", "a/same.json"),
        ("b/same.txt", "b/same.json"),
        ("c/plan.txt", "plan.txt.json"),
        ("c/plan.pdf", "plan.pdf.json"),
        ("c/other.txt", "other.json"),
    ];
    for (input, output) in expected {
        assert!(source_of(&out, output).ends_with(input), "{output}");
    }
    assert_eq!(outputs(&out).len(), expected.len());
    // Inputs from one folder with distinct stems: OUTDIR/<stem>.json, as before.
    let out2 = dir.join("out2");
    let o = guihua(&[
        "extract",
        s(&dir.join("in/c/plan.txt")),
        s(&dir.join("in/a/same.txt")),
        "-o",
        s(&out2),
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(outputs(&out2), ["plan.json", "same.json"]);
}

/// Every file under the folder is accounted for: Word files and web pages are
/// converted, and the formats we do not read are listed in the manifest with
/// the reason (how to convert them) and counted in the summary, not failed.
#[test]
fn batch_reads_word_and_web_and_lists_the_unsupported() {
    let dir = scratch("batch-formats").join("in");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(&seeds()[0], dir.join("a.txt")).unwrap();
    let shared = root().join("../shared/corpus");
    let mut want_converted = 1;
    for (sub, ext) in [("docx", "docx"), ("html", "html")] {
        if let Some(f) = std::fs::read_dir(shared.join(sub))
            .ok()
            .and_then(|mut d| d.next())
            .and_then(|e| e.ok())
        {
            std::fs::copy(f.path(), dir.join(format!("plan.{ext}"))).unwrap();
            want_converted += 1;
        }
    }
    std::fs::write(
        dir.join("old.doc"),
        b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 old word",
    )
    .unwrap();
    std::fs::write(dir.join("scan.bmp"), b"BM").unwrap();
    std::fs::write(dir.join("notes.xyz"), b"x").unwrap();
    let out = dir.parent().unwrap().join("out");
    let o = guihua(&["batch", s(&dir), "-o", s(&out)]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(err.contains("unsupported 3"), "{err}");
    let m = manifest(&out);
    let converted = m.values().filter(|e| e.status == Status::Converted).count();
    assert_eq!(converted, want_converted, "{m:#?}");
    for (f, why) in [
        ("old.doc", "soffice"),
        ("scan.bmp", "PNG, JPEG or TIFF"),
        ("notes.xyz", ".xyz"),
    ] {
        assert_eq!(m[f].status, Status::Unsupported);
        let e = m[f].error.as_deref().unwrap();
        assert!(
            e.starts_with("unsupported format") && e.contains(why),
            "{f}: {e}"
        );
    }
}
