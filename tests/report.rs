//! `guihua report`: one self-contained HTML page over a batch's outputs,
//! checked as text and loaded in headless Chromium (skipped with a message
//! where Chromium is absent; `.ci/run` installs it).

mod common;

use common::{root, scratch};
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

/// A batch over the seeds and variants, one corrupt PDF and a .doc, with a
/// second plan of one region; then its report.
fn batch_and_report(name: &str) -> (PathBuf, String) {
    let dir = scratch(name);
    let input = dir.join("in");
    std::fs::create_dir_all(input.join("more")).unwrap();
    for sub in ["seeds", "variants"] {
        for e in std::fs::read_dir(root().join("corpus").join(sub)).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "txt") {
                std::fs::copy(&p, input.join(p.file_name().unwrap())).unwrap();
            }
        }
    }
    std::fs::copy(
        root().join("corpus/seeds/000_bcb06eedc5e15154.txt"),
        input.join("more/minle-again.txt"),
    )
    .unwrap();
    std::fs::write(input.join("broken.pdf"), b"%PDF-1.4\nnot really").unwrap();
    std::fs::write(input.join("old.doc"), b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1").unwrap();
    let out = dir.join("out");
    let o = guihua(&["batch", s(&input), "-o", s(&out)]);
    assert_eq!(o.status.code(), Some(1), "one input fails");
    let html = dir.join("report.html");
    let o = guihua(&["report", s(&out), "-o", s(&html)]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    (html.clone(), std::fs::read_to_string(&html).unwrap())
}

#[test]
fn report_is_one_self_contained_page_with_summary_charts_and_plans() {
    let (_, html) = batch_and_report("report-text");
    assert!(html.starts_with("<!DOCTYPE html>"));
    // Self-contained: nothing fetched, no script.
    for bad in [
        "<script",
        "<link",
        "src=\"http",
        "href=\"http",
        "url(",
        "@import",
    ] {
        assert!(!html.contains(bad), "{bad}");
    }
    // Batch summary: counts, the failed input with its reason, the
    // unsupported one, warnings by code.
    assert!(html.contains("Batch summary"));
    assert!(html.contains("<b>9</b>converted"), "9 plans converted");
    assert!(html.contains("<b>1</b>failed"));
    assert!(html.contains("broken.pdf") && html.contains("old.doc"));
    assert!(html.contains("Warnings by code"));
    // Charts: one SVG per indicator with numbers, units shown, two bars
    // (baseline and target) for a region with both.
    let charts = html.matches("<svg").count();
    assert!(charts >= 20, "{charts} charts");
    let social = html
        .split("<div class=\"chart\"")
        .find(|c| c.contains("id=\"ind-social_work_talent\""))
        .expect("a chart of social_work_talent");
    assert!(social.contains("unit: 人"));
    assert!(social.matches("<rect").count() >= 6);
    // Bars sorted by target: 垫江县 (500) above 民乐县 (150) above 平罗县 (120).
    let at = |r: &str| social.find(r).unwrap_or_else(|| panic!("{r}"));
    assert!(at("垫江县") < at("民乐县") && at("民乐县") < at("平罗县"));
    // Two plans of one region, each its own group, both present.
    assert!(html.contains("民乐县 (000_bcb06eedc5e15154)"));
    assert!(html.contains("民乐县 (more/minle-again)"));
    // Each plan's outline, boxes and tables.
    assert_eq!(html.matches("<details id=\"plan-").count(), 9);
    assert!(html.contains("Outline (") && html.contains("Boxes (") && html.contains("Tables ("));
    assert!(html.contains("专栏"));
}

#[test]
fn report_of_a_folder_without_outputs_is_an_error() {
    let dir = scratch("report-empty");
    let o = guihua(&["report", s(&dir), "-o", s(&dir.join("r.html"))]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no guihua outputs"));
    let o = guihua(&["report", "no/such/dir"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no/such/dir: not a directory"));
}

fn chromium() -> Option<&'static str> {
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|c| {
            Command::new(c)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
}

/// Flags that keep a headless Chromium quiet and off the network.
fn chromium_cmd(bin: &str, profile: &Path) -> Command {
    let mut c = Command::new(bin);
    c.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--enable-logging=stderr",
        "--v=0",
    ])
    .arg(format!("--user-data-dir={}", profile.display()));
    c
}

#[test]
fn report_loads_in_headless_chromium_without_console_errors() {
    let Some(bin) = chromium() else {
        eprintln!("skipped: no chromium on PATH (apt install chromium)");
        return;
    };
    let (html, text) = batch_and_report("report-browser");
    let dir = html.parent().unwrap().to_path_buf();
    let url = format!("file://{}", html.display());
    // The DOM as the browser built it: every chart and plan section there.
    let o = chromium_cmd(bin, &dir.join("profile-dom"))
        .args(["--dump-dom", &url])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let dom = String::from_utf8_lossy(&o.stdout);
    assert_eq!(dom.matches("<svg").count(), text.matches("<svg").count());
    assert!(dom.contains("Batch summary"));
    let log = String::from_utf8_lossy(&o.stderr);
    // Console messages are logged as `CONSOLE(...)` / "Uncaught"; a page that
    // fails to load says net::ERR.
    for bad in ["CONSOLE", "Uncaught", "ERR_FILE_NOT_FOUND", "Refused to"] {
        assert!(!log.contains(bad), "{bad} in chromium's log:\n{log}");
    }
    // A screenshot: a PNG of the top of the page.
    let png = dir.join("report.png");
    let o = chromium_cmd(bin, &dir.join("profile-shot"))
        .args(["--window-size=1280,1600", "--hide-scrollbars"])
        .arg(format!("--screenshot={}", png.display()))
        .arg(&url)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let bytes = std::fs::read(&png).unwrap();
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n") && bytes.len() > 20_000);
    eprintln!("screenshot: {} ({} bytes)", png.display(), bytes.len());
}
