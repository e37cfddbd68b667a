//! Bad input: a clear error or a valid plan with warnings, never a panic; and
//! the command line's exit codes and one-line errors.

mod common;

use common::*;
use guihua::error::{ErrorKind, InputError};
use std::path::Path;
use std::process::Command;

fn extract(bytes: &[u8]) -> guihua::Result<guihua::model::Plan> {
    guihua::extract_bytes(Path::new("bad/input.txt"), bytes)
}

#[test]
fn empty_file_is_an_error_naming_the_file() {
    for bytes in [&b""[..], b"\n\n  \r\n", b"\xEF\xBB\xBF", b"\xFF\xFE"] {
        let e = extract(bytes).unwrap_err();
        assert!(matches!(e.kind, ErrorKind::Input(InputError::Empty)), "{e}");
        assert_eq!(
            e.to_string(),
            "bad/input.txt: empty file: no text to extract"
        );
    }
}

#[test]
fn binary_garbage_is_an_error() {
    let bytes = Rng(0x2545F4914F6CDD1D).bytes(100_000);
    let e = extract(&bytes).unwrap_err();
    assert!(
        matches!(e.kind, ErrorKind::Input(InputError::NotText { .. })),
        "{e}"
    );
    assert!(e.to_string().starts_with("bad/input.txt: not a text file"));
    // An image or archive header does not fool it either.
    let e = extract(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0").unwrap_err();
    assert!(
        matches!(e.kind, ErrorKind::Input(InputError::NotText { .. })),
        "{e}"
    );
}

#[test]
fn a_twenty_megabyte_line_is_read() {
    let unit = "民政事业发展，兜底保障，养老服务，社会治理";
    let mut line = String::from("1. 总体要求。");
    while line.len() < 20 * 1024 * 1024 {
        line.push_str(unit);
    }
    let plan = extract(line.as_bytes()).unwrap();
    assert_eq!(plan.outline.len(), 1);
    assert_eq!(plan.outline[0].title, "总体要求。");
    // No 。 at all: the heading title is cut, not the whole line.
    let plain = line.replace('。', "，");
    let plan = extract(plain.as_bytes()).unwrap();
    assert!(plan.outline.iter().all(|h| h.title.chars().count() <= 60));
}

#[test]
fn invalid_gbk_bytes_become_a_warning() {
    let text = std::fs::read_to_string(&seeds()[4]).unwrap();
    let mut gbk = encoding_rs::GB18030.encode(&text).0.into_owned();
    for i in [100, 2000, 9000] {
        gbk[i] = 0xFF;
    }
    let plan = extract(&gbk).unwrap();
    assert_eq!(plan.source.encoding.as_deref(), Some("gb18030"));
    let w: Vec<_> = plan
        .warnings
        .iter()
        .filter(|w| w.code == "invalid-bytes")
        .collect();
    assert_eq!(w.len(), 1);
    // A bad lead byte can take its trail byte with it: at least 3 characters.
    let n: usize = w[0].message.split(' ').next().unwrap().parse().unwrap();
    assert!((3..=6).contains(&n), "{}", w[0].message);
    assert!(plan.outline.len() > 100);
}

#[test]
fn a_plan_without_headings_is_valid_with_a_warning() {
    let s = "某县民政事业发展规划\n\n全县民政工作取得明显成效。\n\n今后要继续努力。\n";
    let plan = extract(s.as_bytes()).unwrap();
    assert!(plan.outline.is_empty());
    assert!(plan.warnings.iter().any(|w| w.code == "no-headings"));
    assert_eq!(plan.meta.title.as_deref(), Some("某县民政事业发展规划"));
}

#[test]
fn unsupported_and_unreadable_inputs_are_errors() {
    let e = guihua::extract_file(Path::new("no/such/file.txt")).unwrap_err();
    assert!(
        e.to_string().starts_with("no/such/file.txt: cannot read"),
        "{e}"
    );
    let e = guihua::extract_file(&root().join("corpus")).unwrap_err();
    assert!(e.to_string().contains("is a directory"), "{e}");
}

/// Deterministic mutations of the seeds (cut, shuffled, duplicated lines,
/// stray markers and bytes): every one gives a plan or an error, never a panic.
#[test]
fn mutated_seeds_never_panic() {
    let inserts = [
        "专栏",
        "\t\t",
        "| a | b |",
        "（一）",
        "1.",
        "①",
        "—",
        "序号\t指标",
        "单位：万元",
        "$x^2$",
        "**",
        "[bookmark:",
        "\u{c}",
        "     ",
        "目  录",
        "、",
        "第=节",
        "1.1 ",
    ];
    let mut rng = Rng(0x9E3779B97F4A7C15);
    let mut rnd = move |n: usize| rng.below(n);
    for f in seeds().into_iter().chain(variants()).chain(renderings()) {
        let text = std::fs::read_to_string(&f).unwrap();
        for round in 0..40 {
            let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
            for _ in 0..(1 + round % 8) {
                if lines.is_empty() {
                    lines.push(String::new());
                }
                let i = rnd(lines.len());
                match rnd(6) {
                    0 => {
                        lines.remove(i);
                    }
                    1 => {
                        let l = lines[i].clone();
                        lines.insert(i, l);
                    }
                    2 => {
                        let cut: String = lines[i].chars().take(rnd(40)).collect();
                        lines[i] = cut;
                    }
                    3 => lines[i].insert_str(0, inserts[rnd(inserts.len())]),
                    4 => {
                        let j = rnd(lines.len());
                        lines.swap(i, j);
                    }
                    _ => lines.truncate(i.max(1)),
                }
            }
            let mut bytes = lines.join("\n").into_bytes();
            if round % 5 == 4 && !bytes.is_empty() {
                let k = rnd(bytes.len());
                bytes[k] = 0xFF;
            }
            let r = std::panic::catch_unwind(|| extract(&bytes));
            assert!(r.is_ok(), "{} round {round}: panicked", f.display());
        }
    }
}

fn guihua(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_guihua"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn cli_one_bad_file_fails_alone() {
    let dir = scratch("cli-bad");
    let empty = dir.join("empty.txt");
    std::fs::write(&empty, "").unwrap();
    let good = &seeds()[0];
    let out = dir.join("out");
    let o = guihua(&[
        "extract",
        good.to_str().unwrap(),
        empty.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let stderr = String::from_utf8(o.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with(&format!("{}: empty file", empty.display())),
        "{stderr}"
    );
    let stem = good.file_stem().unwrap().to_string_lossy();
    let written: guihua::model::Plan =
        serde_json::from_str(&std::fs::read_to_string(out.join(format!("{stem}.json"))).unwrap())
            .unwrap();
    assert!(!written.outline.is_empty());
    assert!(!out.join("empty.json").exists());
}

#[test]
fn cli_stdout_and_usage() {
    let o = guihua(&["extract", seeds()[1].to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    let plan: guihua::model::Plan = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(plan.meta.region.as_deref(), Some("平罗县"));
    // Two inputs need -o; no input at all is bad usage too.
    let s0 = seeds()[0].to_string_lossy().into_owned();
    let s1 = seeds()[1].to_string_lossy().into_owned();
    assert_eq!(guihua(&["extract", &s0, &s1]).status.code(), Some(2));
    assert_eq!(guihua(&["extract"]).status.code(), Some(2));
    assert_eq!(guihua(&["frobnicate"]).status.code(), Some(2));
}

/// `-` reads standard input, whatever its format.
#[test]
fn cli_reads_standard_input() {
    use std::io::Write;
    use std::process::Stdio;
    for f in [
        seeds()[0].clone(),
        root().join("corpus/pdf/lo/001_b3f5121ee16d8fba.pdf"),
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_guihua"))
            .args(["extract", "-"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let bytes = std::fs::read(&f).unwrap();
        child.stdin.take().unwrap().write_all(&bytes).unwrap();
        let o = child.wait_with_output().unwrap();
        assert_eq!(o.status.code(), Some(0), "{}", f.display());
        let plan: guihua::model::Plan = serde_json::from_slice(&o.stdout).unwrap();
        assert!(
            plan.meta.title.is_some() && !plan.outline.is_empty(),
            "{}",
            f.display()
        );
    }
}
