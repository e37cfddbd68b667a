//! `guihua batch` under faults: killed at random moments and resumed, two
//! batches into one folder, Ctrl-C and SIGTERM, a full disk, unreadable
//! inputs, symlink loops and an output folder inside the input folder.

mod common;

use common::*;
use guihua::batch::{Entry, Status, JOURNAL, LOCK, MANIFEST};
use guihua::model::Plan;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_guihua"))
}

fn guihua(args: &[&str]) -> Output {
    bin().args(args).output().unwrap()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Text, Word, web and PDF plans, and two that fail (so that resuming
/// meets recorded failures too).
fn plan_folder(name: &str) -> PathBuf {
    let dir = scratch(name).join("in");
    let r = root().join("corpus");
    let copy = |from: PathBuf, to: &str| {
        let to = dir.join(to);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(&from, &to).unwrap_or_else(|e| panic!("{}: {e}", from.display()));
    };
    for f in seeds().into_iter().chain(variants()) {
        let name = f.file_name().unwrap().to_str().unwrap().to_string();
        copy(f, &format!("text/{name}"));
    }
    for stem in [
        "000_bcb06eedc5e15154",
        "003_08fcdae4f348d3f7",
        "a_city_chapters",
    ] {
        copy(
            r.join(format!("renderings/word/{stem}.docx")),
            &format!("word/{stem}.docx"),
        );
        copy(
            r.join(format!("renderings/web/{stem}.html")),
            &format!("web/{stem}.html"),
        );
    }
    for stem in ["002_e066a742732ce1a8", "003_08fcdae4f348d3f7"] {
        copy(
            r.join(format!("pdf/legacy-gbk/{stem}.pdf")),
            &format!("pdf/{stem}.pdf"),
        );
    }
    std::fs::write(dir.join("pdf/corrupt.pdf"), b"%PDF-1.4\n1 0 obj <<").unwrap();
    std::fs::write(dir.join("empty.txt"), "").unwrap();
    dir
}

/// The manifest's entries; every line must parse and name a distinct input.
fn manifest(out: &Path) -> BTreeMap<String, Entry> {
    let text = std::fs::read_to_string(out.join(MANIFEST)).unwrap();
    let mut m = BTreeMap::new();
    for l in text.lines() {
        let e: Entry = serde_json::from_str(l).unwrap_or_else(|e| panic!("{l:?}: {e}"));
        assert!(m.insert(e.path.clone(), e).is_none(), "duplicate line {l}");
    }
    m
}

/// Every file under `dir`, relative to it, sorted.
fn tree(dir: &Path) -> Vec<String> {
    let mut v = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                v.push(p.strip_prefix(dir).unwrap().to_string_lossy().into_owned());
            }
        }
    }
    v.sort();
    v
}

/// No temporary file, journal or lock left in `out`.
fn assert_clean(out: &Path) {
    let stray: Vec<String> = tree(out)
        .into_iter()
        .filter(|f| f.ends_with(".tmp") || f == JOURNAL || f == LOCK)
        .collect();
    assert!(stray.is_empty(), "left behind: {stray:?}");
}

/// What a resumed run must agree on with a clean one, per input.
fn essentials(
    e: &Entry,
) -> (
    Option<String>,
    Option<String>,
    bool,
    Option<usize>,
    Option<u32>,
) {
    (
        e.output.clone(),
        e.sha256.clone(),
        e.error.is_some(),
        e.warnings,
        e.pages,
    )
}

#[test]
fn kill_at_random_moments_then_resume_loses_and_duplicates_nothing() {
    let dir = plan_folder("faults-kill");
    let clean = dir.parent().unwrap().join("clean");
    let t0 = Instant::now();
    let o = guihua(&["batch", s(&dir), "-o", s(&clean), "-j", "2"]);
    let full = t0.elapsed();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let want = manifest(&clean);
    assert_eq!(want.len(), 18);
    assert_clean(&clean);

    let out = dir.parent().unwrap().join("killed");
    let mut rng = Rng(0x5DEE_CE66_D1CE_4E5B);
    let window = full.as_millis() as usize + 1;
    let mut kills = 0;
    let mut runs = 0;
    // How long a run takes varies from machine to machine and moment to
    // moment; rather than hope a fixed count of random moments falls inside
    // runs, go on until enough did (with a bound, so a batch that no longer
    // takes any time fails plainly).
    while kills < 8 && runs < 64 {
        let i = runs;
        runs += 1;
        // Every other run redoes everything, so that there is always work
        // in flight to be killed; the others resume.
        let mut args = vec!["batch", s(&dir), "-o", s(&out), "-j", "2"];
        if i % 2 == 1 {
            args.push("--force");
        }
        let mut child = bin().args(&args).stderr(Stdio::null()).spawn().unwrap();
        std::thread::sleep(Duration::from_millis(rng.below(window) as u64));
        if child.try_wait().unwrap().is_none() {
            kills += 1;
        }
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        // Whatever the moment, the manifest (if any yet) parses without
        // duplicates, and every output in place is whole.
        if out.join(MANIFEST).exists() {
            manifest(&out);
        }
        // A run killed before it made its output folder leaves none.
        let made = if out.exists() { tree(&out) } else { Vec::new() };
        for f in made.iter().filter(|f| f.ends_with(".json")) {
            let text = std::fs::read_to_string(out.join(f)).unwrap();
            serde_json::from_str::<Plan>(&text).unwrap_or_else(|e| panic!("{f}: {e}"));
        }
    }
    assert!(
        kills >= 8,
        "only {kills} of {runs} runs were killed mid-way"
    );

    let o = guihua(&["batch", s(&dir), "-o", s(&out), "-j", "2"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let got = manifest(&out);
    assert_eq!(
        got.keys().collect::<Vec<_>>(),
        want.keys().collect::<Vec<_>>()
    );
    for (path, w) in &want {
        let g = &got[path];
        assert_eq!(essentials(g), essentials(w), "{path}");
        let ok = |e: &Entry| {
            e.error.is_none() && matches!(e.status, Status::Converted | Status::Skipped)
        };
        assert_eq!(ok(g), ok(w), "{path}: {:?} vs {:?}", g.status, w.status);
    }
    assert_eq!(tree(&out), tree(&clean));
    for f in tree(&clean).iter().filter(|f| f.ends_with(".json")) {
        assert_eq!(
            std::fs::read(out.join(f)).unwrap(),
            std::fs::read(clean.join(f)).unwrap(),
            "{f} differs from a clean run's"
        );
    }
    assert_clean(&out);
    eprintln!("killed {kills} of {runs} runs within {window} ms; resumed to a clean run's outputs");
}

#[test]
fn a_second_batch_into_a_locked_folder_refuses_and_a_stale_lock_is_taken_over() {
    let dir = scratch("faults-lock").join("in");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(&seeds()[0], dir.join("plan.txt")).unwrap();
    let out = dir.parent().unwrap().join("out");
    std::fs::create_dir_all(&out).unwrap();

    // Held by a live process (this one).
    let lock = guihua::batch::OutLock::acquire(&out).unwrap();
    let o = guihua(&["batch", s(&dir), "-o", s(&out)]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    let pid = format!("pid {}", std::process::id());
    assert!(err.contains(s(&out)) && err.contains(&pid), "{err}");
    assert!(err.contains("another batch"), "{err}");
    assert!(!out.join(MANIFEST).exists() && !out.join(JOURNAL).exists());
    drop(lock);

    // Left by a process that died (as after kill -9): taken over.
    let mut dead = Command::new("true").spawn().unwrap();
    let dead_pid = dead.id();
    dead.wait().unwrap();
    std::fs::write(out.join(LOCK), format!("{dead_pid}\n")).unwrap();
    let o = guihua(&["batch", s(&dir), "-o", s(&out)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(manifest(&out)["plan.txt"].status, Status::Converted);
    assert_clean(&out);
}

/// A folder of `n` text plans that take a while one at a time.
fn many_plans(name: &str, n: usize) -> PathBuf {
    let dir = scratch(name).join("in");
    std::fs::create_dir_all(&dir).unwrap();
    let src: Vec<Vec<u8>> = seeds().iter().map(|f| std::fs::read(f).unwrap()).collect();
    for i in 0..n {
        let mut b = src[i % src.len()].clone();
        b.extend(format!("\n附件{i}\n").as_bytes()); // distinct bytes, distinct sha256
        std::fs::write(dir.join(format!("plan{i:03}.txt")), b).unwrap();
    }
    dir
}

/// Start a one-worker batch, wait until it has finished a few inputs, then
/// send it `signal`.
fn interrupted(dir: &Path, out: &Path, signal: &str) -> Output {
    let child = bin()
        .args(["batch", s(dir), "-o", s(out), "-j", "1"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let t0 = Instant::now();
    loop {
        let lines = std::fs::read_to_string(out.join(JOURNAL))
            .map(|t| t.lines().count())
            .unwrap_or(0);
        if lines >= 3 {
            break;
        }
        assert!(
            t0.elapsed() < Duration::from_secs(60),
            "batch never started"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    let k = Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(k.success());
    child.wait_with_output().unwrap()
}

#[test]
fn ctrl_c_and_sigterm_finish_in_flight_write_the_manifest_and_leave_no_temporary() {
    let n = 60;
    let dir = many_plans("faults-sigint", n);
    for signal in ["-INT", "-TERM"] {
        let out = dir.parent().unwrap().join(format!("out{signal}"));
        let o = interrupted(&dir, &out, signal);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(130), "{signal}: {err}");
        let last = err.lines().last().unwrap_or_default();
        assert!(
            last.contains("stopped (interrupted)") && last.contains("run the same command again"),
            "{signal}: {err}"
        );
        assert!(!err.contains("panick"), "{err}");
        let m = manifest(&out);
        let converted = m.values().filter(|e| e.status == Status::Converted).count();
        assert!(
            converted >= 3 && converted < n,
            "{signal}: {converted} converted"
        );
        // What the manifest lists is in place, whole; nothing else is.
        let outputs: Vec<String> = tree(&out)
            .into_iter()
            .filter(|f| f.ends_with(".json"))
            .collect();
        assert_eq!(outputs.len(), converted, "{signal}");
        for e in m.values() {
            let text = std::fs::read_to_string(out.join(e.output.as_ref().unwrap())).unwrap();
            serde_json::from_str::<Plan>(&text).unwrap();
        }
        assert_clean(&out);

        // Run again: the rest is done, the rest only.
        let o = guihua(&["batch", s(&dir), "-o", s(&out), "-j", "2"]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let m2 = manifest(&out);
        assert_eq!(m2.len(), n);
        let redone = m2
            .values()
            .filter(|e| e.status == Status::Converted)
            .count();
        assert_eq!(redone, n - converted, "{signal}");
        assert_clean(&out);
    }
}

#[test]
fn a_full_disk_ends_with_a_clear_error_and_a_manifest_that_parses() {
    let dir = scratch("faults-full").join("in");
    std::fs::create_dir_all(&dir).unwrap();
    let seeds: Vec<Vec<u8>> = seeds().iter().map(|f| std::fs::read(f).unwrap()).collect();
    // Small plans (about 75 kB of JSON each), one large (over 400 kB), more small.
    for i in 0..3 {
        let mut b = seeds[3].clone();
        b.extend(format!("\n附件{i}\n").as_bytes());
        std::fs::write(dir.join(format!("a{i}.txt")), &b).unwrap();
        std::fs::write(
            dir.join(format!("c{i}.txt")),
            [b.as_slice(), b"\n"].concat(),
        )
        .unwrap();
    }
    std::fs::write(
        dir.join("b_large.txt"),
        [seeds[0].as_slice(), &seeds[4], &seeds[1], &seeds[2]].concat(),
    )
    .unwrap();
    let out = dir.parent().unwrap().join("out");
    // A file size limit of 300 blocks (150 or 300 kB by the shell's block
    // size): the manifest and the small outputs fit, the large one does not.
    let o = Command::new("sh")
        .args(["-c", "ulimit -f 300 && exec \"$0\" \"$@\""])
        .arg(env!("CARGO_BIN_EXE_guihua"))
        .args(["batch", s(&dir), "-o", s(&out), "-j", "1"])
        .output()
        .unwrap();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        !err.contains("panick") && !err.contains("internal error"),
        "{err}"
    );
    let last = err.lines().last().unwrap();
    assert!(
        last.contains("b_large.txt")
            && last.contains("File too large")
            && last.contains("stopped")
            && last.contains("not done"),
        "{err}"
    );
    let m = manifest(&out);
    let paths: Vec<&str> = m.keys().map(String::as_str).collect();
    assert_eq!(paths, ["a0.txt", "a1.txt", "a2.txt"]);
    assert!(m.values().all(|e| e.status == Status::Converted), "{m:?}");
    assert_clean(&out);

    // Room again: the run goes on to the end.
    let o = guihua(&["batch", s(&dir), "-o", s(&out)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let m = manifest(&out);
    assert_eq!(m.len(), 7);
    assert_eq!(m["b_large.txt"].status, Status::Converted);
    assert_eq!(m["a0.txt"].status, Status::Skipped);
    assert_clean(&out);
}

/// A command that runs `guihua` as a user whom file modes bind: this user,
/// or, as root (whom `chmod 000` does not stop), nobody by `setpriv`; None
/// when neither can be had.
fn unprivileged(probe: &Path) -> Option<Command> {
    if std::fs::File::open(probe).is_err() {
        return Some(bin());
    }
    let mut c = Command::new("setpriv");
    c.args(["--reuid=65534", "--regid=65534", "--clear-groups"]);
    let can = Command::new("setpriv")
        .args([
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            "sh",
            "-c",
        ])
        .arg("! test -r \"$0\" && test -x \"$1\"")
        .arg(probe)
        .arg(env!("CARGO_BIN_EXE_guihua"))
        .status()
        .is_ok_and(|s| s.success());
    can.then(|| {
        c.arg(env!("CARGO_BIN_EXE_guihua"));
        c
    })
}

#[test]
fn unreadable_inputs_and_folders_are_recorded_and_the_rest_go_on() {
    use std::os::unix::fs::PermissionsExt;
    let base = scratch("faults-unreadable");
    let dir = base.join("in");
    std::fs::create_dir_all(dir.join("locked")).unwrap();
    std::fs::copy(&seeds()[0], dir.join("good.txt")).unwrap();
    std::fs::copy(&seeds()[1], dir.join("secret.txt")).unwrap();
    std::fs::copy(&seeds()[2], dir.join("locked/inner.txt")).unwrap();
    let out = base.join("out");
    std::fs::create_dir_all(&out).unwrap();
    let mode =
        |p: &Path, m: u32| std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).unwrap();
    // Whoever runs the batch may write the output and pass through the scratch folder.
    mode(&out, 0o777);
    mode(&base, 0o755);
    mode(&dir.join("secret.txt"), 0o000);
    mode(&dir.join("locked"), 0o000);
    let Some(mut cmd) = unprivileged(&dir.join("secret.txt")) else {
        eprintln!("skipped: running as root without setpriv, so chmod 000 blocks nothing here");
        return;
    };
    let o = cmd
        .args(["batch", s(&dir), "-o", s(&out)])
        .output()
        .unwrap();
    mode(&dir.join("locked"), 0o755);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    let m = manifest(&out);
    assert_eq!(m["good.txt"].status, Status::Converted);
    let secret = &m["secret.txt"];
    assert_eq!(secret.status, Status::Failed);
    assert!(
        secret
            .error
            .as_deref()
            .unwrap()
            .contains("Permission denied"),
        "{secret:?}"
    );
    let locked = &m["locked"];
    assert_eq!(locked.status, Status::Failed);
    let why = locked.error.as_deref().unwrap();
    assert!(
        why.contains("cannot read folder") && why.contains("Permission denied"),
        "{why}"
    );
    assert!(
        err.contains("secret.txt") && err.contains("locked"),
        "{err}"
    );
    assert_clean(&out);
}

#[test]
fn symlink_loops_are_recorded_and_an_output_inside_the_input_is_not_read() {
    use std::os::unix::fs::symlink;
    let dir = scratch("faults-links").join("in");
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::copy(&seeds()[0], dir.join("sub/plan.txt")).unwrap();
    symlink("..", dir.join("sub/up")).unwrap(); // a loop through a folder
    symlink("self.txt", dir.join("self.txt")).unwrap(); // a loop of one link
    symlink("nowhere.txt", dir.join("broken.txt")).unwrap();
    symlink("sub/plan.txt", dir.join("linked.txt")).unwrap(); // a link to a plan is read
    symlink("sub", dir.join("z_alias")).unwrap(); // a second way into one folder (walked second by name)
    let out = dir.join("out");
    for run in 0..2 {
        let o = guihua(&["batch", s(&dir), "-o", s(&out)]);
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        let m = manifest(&out);
        let paths: Vec<&str> = m.keys().map(String::as_str).collect();
        assert_eq!(
            paths,
            [
                "broken.txt",
                "linked.txt",
                "self.txt",
                "sub/plan.txt",
                "sub/up",
                "z_alias"
            ],
            "run {run}"
        );
        let ok = if run == 0 {
            Status::Converted
        } else {
            Status::Skipped
        };
        assert_eq!(m["sub/plan.txt"].status, ok);
        assert_eq!(m["linked.txt"].status, ok);
        assert_eq!(m["self.txt"].status, Status::Failed);
        assert!(m["self.txt"]
            .error
            .as_deref()
            .unwrap()
            .contains("symlink loop"));
        assert_eq!(m["broken.txt"].status, Status::Failed);
        assert!(m["broken.txt"]
            .error
            .as_deref()
            .unwrap()
            .contains("broken symlink"));
        assert_eq!(m["sub/up"].status, Status::Unsupported);
        assert!(m["sub/up"]
            .error
            .as_deref()
            .unwrap()
            .contains("symlink loop"));
        assert_eq!(m["z_alias"].status, Status::Unsupported);
        assert_clean(&out);
    }

    // The input folder itself as the output folder is refused, naming it.
    let o = guihua(&["batch", s(&dir), "-o", s(&dir)]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains(s(&dir)) && err.contains("the output folder is the input folder"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}
