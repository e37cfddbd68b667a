//! The command line as a new user meets it: help text on every argument,
//! shell completions, and `eval` refusing folders with nothing to score.

mod common;

use common::{root, scratch};
use std::process::{Command, Output};

fn guihua(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_guihua"))
        .args(args)
        .output()
        .unwrap()
}

const SUBCOMMANDS: [&str; 7] = [
    "extract",
    "batch",
    "compare",
    "eval",
    "report",
    "completions",
    "help",
];

#[test]
fn every_argument_has_help_text() {
    for sub in SUBCOMMANDS.iter().filter(|s| **s != "help") {
        let o = guihua(&[sub, "-h"]);
        assert!(o.status.success(), "{sub}");
        let help = String::from_utf8_lossy(&o.stdout);
        // Entries of the Arguments/Options lists: "  <NAME>  help" or
        // "  -o, --out <OUT>  help".
        for line in help.lines() {
            let t = line.trim_start();
            if line.starts_with("  ") && (t.starts_with('<') || t.starts_with('-')) {
                let words = t.split("  ").filter(|w| !w.trim().is_empty()).count();
                assert!(words >= 2, "`guihua {sub}`: no help for {t:?}");
            }
        }
    }
    let o = guihua(&["-h"]);
    let help = String::from_utf8_lossy(&o.stdout);
    for sub in SUBCOMMANDS {
        assert!(help.contains(sub), "{sub} listed");
    }
}

#[test]
fn completions_for_each_shell() {
    for (shell, mark) in [
        ("bash", "_guihua()"),
        ("zsh", "#compdef guihua"),
        ("fish", "complete -c guihua"),
        ("powershell", "Register-ArgumentCompleter"),
        ("elvish", "edit:completion"),
    ] {
        let o = guihua(&["completions", shell]);
        assert!(o.status.success(), "{shell}");
        let script = String::from_utf8_lossy(&o.stdout);
        assert!(script.contains(mark), "{shell}: {mark}");
        assert!(script.contains("report") && script.contains("compare"));
    }
    let o = guihua(&["completions", "cmd"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn eval_on_folders_with_nothing_to_score_is_an_error() {
    let empty = scratch("eval-empty");
    let e = empty.to_str().unwrap();
    // No gold files.
    let o = guihua(&["eval", e, e]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains(e) && err.contains("no *.gold.json"), "{err}");
    // Gold, but no output for any of it.
    let gold = root().join("corpus/gold");
    let o = guihua(&["eval", gold.to_str().unwrap(), e]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains(e) && err.contains("no output for any"),
        "{err}"
    );
    // A folder that does not exist.
    let o = guihua(&["eval", "no/such/gold", e]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no/such/gold"));
}
