//! `guihua batch DIR -o OUTDIR`: every plan under a directory, in parallel.
//!
//! One file that fails — by an error, a panic, or a size, page or time limit —
//! is recorded and skipped; the rest go on. Each output is written as soon as
//! its document is done (through a temporary file), so memory holds one
//! document per worker, not the corpus. A second run skips inputs whose output
//! already holds the same sha256 (and inputs that failed unchanged), unless
//! forced. `OUTDIR/manifest.jsonl` gets one line per input.

use crate::error::LimitKind;
use crate::model::Plan;
use crate::{extract_bytes_with, sha256_hex};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::io::{BufRead, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Name of the manifest in the output directory.
pub const MANIFEST: &str = "manifest.jsonl";
/// Deepest directory level searched for inputs.
pub const MAX_DIR_DEPTH: usize = 64;

/// How a batch runs.
#[derive(Debug, Clone)]
pub struct Options {
    /// Worker threads (0: all cores).
    pub jobs: usize,
    /// Redo inputs whose output is up to date.
    pub force: bool,
    /// Write each document's JSON as one line to the sink instead of a file.
    pub jsonl: bool,
    /// Limits, password and OCR mode for every input (the timeout counts
    /// from when the input starts to be read).
    pub extract: crate::Options,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            jobs: 0,
            force: false,
            jsonl: false,
            extract: crate::Options {
                limits: crate::Limits {
                    max_pages: 5000,
                    timeout: Some(Duration::from_secs(120)),
                    ..crate::Limits::default()
                },
                ..crate::Options::default()
            },
        }
    }
}

/// What happened to one input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Converted,
    Failed,
    /// Up to date (or failed before with the same bytes): not redone.
    Skipped,
    /// Not a format guihua reads (the error says which and how to convert).
    Unsupported,
}

/// One line of the manifest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// The input, relative to the batch directory.
    pub path: String,
    /// The output, relative to the output directory (null with --jsonl or on failure).
    pub output: Option<String>,
    pub sha256: Option<String>,
    pub status: Status,
    /// The error, one line, for failed inputs (and skipped ones that failed before).
    pub error: Option<String>,
    /// The error's stable short code (`password-required`, `limit-pages`,
    /// `malformed` …; see [`crate::error::Error::code`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Number of warnings in the output.
    pub warnings: Option<usize>,
    /// Page count (PDF).
    pub pages: Option<u32>,
    /// Time spent on this input, milliseconds.
    pub ms: u64,
}

/// Totals of a run.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    pub total: usize,
    pub converted: usize,
    pub failed: usize,
    /// Up-to-date inputs not redone.
    pub skipped: usize,
    /// Inputs skipped because they failed before with the same bytes.
    pub skipped_failed: usize,
    /// Files under the folder in formats guihua does not read (listed in the
    /// manifest, not counted as failures).
    pub unsupported: usize,
    /// Bytes of the inputs converted.
    pub bytes: u64,
    pub elapsed: Duration,
}

impl Summary {
    /// Whether every input ended converted or up to date.
    pub fn ok(&self) -> bool {
        self.failed == 0 && self.skipped_failed == 0
    }
}

/// Progress events for the caller (a progress bar, a log).
#[derive(Debug, Clone)]
pub enum Event<'a> {
    Started { total: usize },
    Done { entry: &'a Entry },
}

/// Every input `batch` converts under `dir` (not following symlinked
/// directories and not descending into `skip`), sorted.
pub fn find_inputs(dir: &Path, skip: Option<&Path>) -> std::io::Result<Vec<PathBuf>> {
    find_files(dir, skip, INPUT_EXTENSIONS)
}

/// The file name endings `batch` converts.
pub const INPUT_EXTENSIONS: &[&str] = &[
    "pdf", "txt", "md", "markdown", "docx", "html", "htm", "png", "jpg", "jpeg", "tif", "tiff",
];

/// A file `batch` does not convert, and why.
pub type Unsupported = (PathBuf, String);

/// Every file under `dir` in one walk: the inputs `batch` converts, and the
/// others each with the reason it does not.
pub fn find_inputs_and_unsupported(
    dir: &Path,
    skip: Option<&Path>,
) -> std::io::Result<(Vec<PathBuf>, Vec<Unsupported>)> {
    let ext_of = |p: &Path| {
        p.extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default()
    };
    let (inputs, others): (Vec<PathBuf>, Vec<PathBuf>) = find_files(dir, skip, &[])?
        .into_iter()
        .partition(|p| INPUT_EXTENSIONS.contains(&ext_of(p).as_str()));
    let unsupported = others
        .into_iter()
        .map(|p| {
            let ext = ext_of(&p);
            let why = crate::unsupported_hint(&ext).unwrap_or_else(|| match ext.as_str() {
                "" => "no file name ending to tell its format".to_string(),
                e => format!("a .{e} file is not a plan format guihua reads"),
            });
            (p, format!("unsupported format: {why}"))
        })
        .collect();
    Ok((inputs, unsupported))
}

/// Every file under `dir` whose extension is one of `exts` (any case; every
/// file when `exts` is empty), not following symlinked directories, not
/// descending into `skip` nor deeper than [`MAX_DIR_DEPTH`], sorted.
pub fn find_files(dir: &Path, skip: Option<&Path>, exts: &[&str]) -> std::io::Result<Vec<PathBuf>> {
    let skip = skip.and_then(|s| s.canonicalize().ok());
    let mut out = Vec::new();
    let mut stack = vec![(dir.to_path_buf(), 0usize)];
    while let Some((d, depth)) = stack.pop() {
        if skip.is_some() && d.canonicalize().ok() == skip {
            continue;
        }
        for e in std::fs::read_dir(&d)? {
            let e = e?;
            let ft = e.file_type()?;
            let p = e.path();
            if ft.is_dir() {
                if depth < MAX_DIR_DEPTH {
                    stack.push((p, depth + 1));
                }
            } else if ft.is_file()
                && p.extension()
                    .and_then(|x| x.to_str())
                    .is_some_and(|x| exts.iter().any(|e| x.eq_ignore_ascii_case(e)))
                || (ft.is_file() && exts.is_empty())
            {
                out.push(p);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Output path (relative to the output directory) of each input under `dir`:
/// its folder below `dir`, then its name as [`output_names_rel`] gives it.
pub fn output_names(dir: &Path, inputs: &[PathBuf]) -> Vec<PathBuf> {
    let rel: Vec<PathBuf> = inputs
        .iter()
        .map(|p| p.strip_prefix(dir).unwrap_or(p).to_path_buf())
        .collect();
    output_names_rel(&rel)
}

/// Output names for inputs given by their paths below the input root.
///
/// An input `F/N.E` becomes `F/N.json` (so `plan.txt` → `plan.json`, as the
/// scorer pairs `plan.gold.json` with it). When two inputs would get the same
/// output — equal ignoring case, so a case-insensitive disk keeps them apart
/// too — every one of them is named by its whole file name instead:
/// `plan.txt` and `plan.pdf` → `plan.txt.json` and `plan.pdf.json`. That is
/// repeated until no two names clash (`plan.pdf.txt` would otherwise meet the
/// long name of `plan.pdf`). A name depends only on the set of input names in
/// its folder, so it is the same on every run over the same inputs.
pub fn output_names_rel(rel: &[PathBuf]) -> Vec<PathBuf> {
    let short = |r: &Path| {
        let mut s = r.file_stem().unwrap_or(r.as_os_str()).to_os_string();
        s.push(".json");
        r.with_file_name(s)
    };
    let long = |r: &Path| {
        let mut s = r.as_os_str().to_os_string();
        s.push(".json");
        PathBuf::from(s)
    };
    let mut names: Vec<PathBuf> = rel.iter().map(|r| short(r)).collect();
    let mut lengthened = vec![false; rel.len()];
    loop {
        let mut groups: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, n) in names.iter().enumerate() {
            groups
                .entry(n.to_string_lossy().to_lowercase())
                .or_default()
                .push(i);
        }
        let mut changed = false;
        for g in groups.values().filter(|g| g.len() > 1) {
            for &i in g {
                if !lengthened[i] {
                    lengthened[i] = true;
                    names[i] = long(&rel[i]);
                    changed = true;
                }
            }
        }
        if !changed {
            return names;
        }
    }
}

/// Output names of `extract -o OUTDIR` for inputs given on the command line:
/// `OUTDIR/<stem>.json`, by the same rule as a batch over one folder; inputs
/// whose whole file names are equal (ignoring case), which must come from
/// different folders, go below `OUTDIR` under their folder relative to the
/// folder all inputs share (`a/same.txt`, `b/same.txt` → `a/same.json`,
/// `b/same.json`).
pub fn extract_output_names(inputs: &[PathBuf]) -> Vec<PathBuf> {
    let file_name = |p: &Path| {
        p.file_name()
            .map_or_else(|| "out".into(), |n| n.to_string_lossy().to_lowercase())
    };
    let mut count: HashMap<String, usize> = HashMap::new();
    for p in inputs {
        *count.entry(file_name(p)).or_default() += 1;
    }
    let abs: Vec<PathBuf> = inputs.iter().map(|p| lexical_absolute(p)).collect();
    let common = common_folder(&abs);
    let rel: Vec<PathBuf> = inputs
        .iter()
        .zip(&abs)
        .map(|(p, a)| {
            let name = PathBuf::from(p.file_name().unwrap_or("out".as_ref()));
            if count[&file_name(p)] > 1 {
                a.strip_prefix(&common).map_or(name, Path::to_path_buf)
            } else {
                name
            }
        })
        .collect();
    output_names_rel(&rel)
}

/// `p` made absolute, with `.` and `..` resolved by name (symlinks are not followed).
fn lexical_absolute(p: &Path) -> PathBuf {
    use std::path::Component;
    let a = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let mut out = PathBuf::new();
    for c in a.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    out
}

/// The deepest folder that holds every path.
fn common_folder(paths: &[PathBuf]) -> PathBuf {
    let mut common: Option<Vec<std::path::Component>> = None;
    for p in paths {
        let parent: Vec<_> = p
            .parent()
            .map(|d| d.components().collect())
            .unwrap_or_default();
        common = Some(match common {
            None => parent,
            Some(c) => c
                .into_iter()
                .zip(parent)
                .take_while(|(a, b)| a == b)
                .map(|(a, _)| a)
                .collect(),
        });
    }
    common.unwrap_or_default().into_iter().collect()
}

/// The previous run's manifest, by input path.
fn previous(out: &Path) -> HashMap<String, Entry> {
    let Ok(f) = std::fs::File::open(out.join(MANIFEST)) else {
        return HashMap::new();
    };
    std::io::BufReader::new(f)
        .lines()
        .map_while(Result::ok)
        .filter_map(|l| serde_json::from_str::<Entry>(&l).ok())
        .map(|e| (e.path.clone(), e))
        .collect()
}

/// Remove the outputs a previous run wrote for inputs whose output name has
/// changed since (an input added beside them made their names clash, or the
/// one they clashed with is gone), so that the output folder keeps one output
/// per input. Only a file that still holds that input's sha256, and that no
/// input of this run is to write, is removed.
fn remove_renamed(out: &Path, rels: &[String], names: &[PathBuf], prev: &HashMap<String, Entry>) {
    use std::path::Component;
    let current: std::collections::HashSet<&Path> = names.iter().map(PathBuf::as_path).collect();
    for (rel, name) in rels.iter().zip(names) {
        let Some(p) = prev.get(rel) else { continue };
        let (Some(old), Some(sha)) = (p.output.as_deref(), p.sha256.as_deref()) else {
            continue;
        };
        let old = Path::new(old);
        let inside = old.components().all(|c| matches!(c, Component::Normal(_)));
        if !inside || old == name || current.contains(old) {
            continue;
        }
        let path = out.join(old);
        if output_sha(&path).as_deref() == Some(sha) {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// The sha256 recorded near the top of an output file.
fn output_sha(path: &Path) -> Option<String> {
    let mut f = std::fs::File::open(path).ok()?;
    let mut head = vec![0u8; 4096];
    let n = std::io::Read::read(&mut f, &mut head).ok()?;
    let s = String::from_utf8_lossy(&head[..n]);
    let i = s.find("\"sha256\"")?;
    let rest = &s[i + 8..];
    let q = rest.find('"')?;
    let hex: String = rest[q + 1..]
        .chars()
        .take_while(|c| c.is_ascii_hexdigit())
        .collect();
    (hex.len() == 64).then_some(hex)
}

/// Write `plan` to `path` through a temporary file.
pub fn write_plan(path: &Path, plan: &Plan) -> std::io::Result<()> {
    if let Some(d) = path.parent() {
        std::fs::create_dir_all(d)?;
    }
    let tmp = path.with_extension("json.tmp");
    {
        let mut w = std::io::BufWriter::new(std::fs::File::create(&tmp)?);
        serde_json::to_writer_pretty(&mut w, plan)?;
        w.write_all(b"\n")?;
        w.flush()?;
    }
    std::fs::rename(&tmp, path)
}

/// The message of a caught panic.
pub fn panic_message(p: &(dyn std::any::Any + Send)) -> String {
    p.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic".into())
}

/// Run a batch. Outputs go under `out` (or, with `opts.jsonl`, one line each
/// to `sink`); `on_event` sees every finished input.
pub fn run(
    dir: &Path,
    out: Option<&Path>,
    opts: &Options,
    sink: Option<&Mutex<dyn Write + Send>>,
    on_event: &(dyn Fn(Event) + Sync),
) -> std::io::Result<Summary> {
    let start = Instant::now();
    let (inputs, unsupported) = find_inputs_and_unsupported(dir, out)?;
    let names = output_names(dir, &inputs);
    let rels: Vec<String> = inputs
        .iter()
        .map(|p| {
            p.strip_prefix(dir)
                .unwrap_or(p)
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    let prev = match out {
        Some(o) => previous(o),
        None => HashMap::new(),
    };
    if let (Some(o), false) = (out, opts.jsonl) {
        remove_renamed(o, &rels, &names, &prev);
    }
    let manifest = match out {
        Some(o) => {
            std::fs::create_dir_all(o)?;
            Some(Mutex::new(std::io::BufWriter::new(std::fs::File::create(
                o.join(format!("{MANIFEST}.tmp")),
            )?)))
        }
        None => None,
    };
    // Every other file is listed too, with why it was not converted.
    if let Some(m) = &manifest {
        if let Ok(mut w) = m.lock() {
            for (p, why) in &unsupported {
                let entry = Entry {
                    path: p
                        .strip_prefix(dir)
                        .unwrap_or(p)
                        .to_string_lossy()
                        .into_owned(),
                    output: None,
                    sha256: None,
                    status: Status::Unsupported,
                    error: Some(why.clone()),
                    code: Some("unsupported".into()),
                    warnings: None,
                    pages: None,
                    ms: 0,
                };
                let _ = serde_json::to_writer(&mut *w, &entry);
                let _ = w.write_all(b"\n");
            }
        }
    }
    on_event(Event::Started {
        total: inputs.len(),
    });
    let summary = Mutex::new(Summary {
        total: inputs.len(),
        unsupported: unsupported.len(),
        ..Summary::default()
    });
    let work = || {
        inputs
            .par_iter()
            .zip(names.par_iter())
            .zip(rels.par_iter())
            .for_each(|((input, name), rel)| {
                let (entry, bytes) = one(input, rel, name, out, &prev, opts, sink);
                if let Some(m) = &manifest {
                    if let Ok(mut w) = m.lock() {
                        let _ = serde_json::to_writer(&mut *w, &entry);
                        let _ = w.write_all(b"\n");
                        let _ = w.flush();
                    }
                }
                if let Ok(mut s) = summary.lock() {
                    match entry.status {
                        Status::Converted => {
                            s.converted += 1;
                            s.bytes += bytes;
                        }
                        Status::Failed => s.failed += 1,
                        Status::Skipped if entry.error.is_some() => s.skipped_failed += 1,
                        Status::Skipped => s.skipped += 1,
                        Status::Unsupported => s.unsupported += 1,
                    }
                }
                on_event(Event::Done { entry: &entry });
            })
    };
    let jobs = if opts.jobs == 0 {
        rayon::current_num_threads()
    } else {
        opts.jobs
    };
    match rayon::ThreadPoolBuilder::new().num_threads(jobs).build() {
        Ok(pool) => pool.install(work),
        Err(_) => work(),
    }
    if let (Some(o), Some(m)) = (out, manifest) {
        let mut w = m
            .into_inner()
            .map_err(|_| std::io::Error::other("manifest writer poisoned"))?;
        w.flush()?;
        drop(w);
        std::fs::rename(o.join(format!("{MANIFEST}.tmp")), o.join(MANIFEST))?;
    }
    let mut s = summary.into_inner().unwrap_or_default();
    s.elapsed = start.elapsed();
    Ok(s)
}

/// Process one input; returns its manifest entry and its size when converted.
fn one(
    input: &Path,
    rel: &str,
    name: &Path,
    out: Option<&Path>,
    prev: &HashMap<String, Entry>,
    opts: &Options,
    sink: Option<&Mutex<dyn Write + Send>>,
) -> (Entry, u64) {
    let t0 = Instant::now();
    let mut e = Entry {
        path: rel.to_string(),
        output: None,
        sha256: None,
        status: Status::Failed,
        error: None,
        code: None,
        warnings: None,
        pages: None,
        ms: 0,
    };
    let fail = |mut e: Entry, code: &str, msg: String| {
        e.error = Some(msg.replace('\n', " "));
        e.code = Some(code.to_string());
        e.ms = t0.elapsed().as_millis() as u64;
        (e, 0)
    };
    let size = match std::fs::metadata(input) {
        Ok(m) => m.len(),
        Err(err) => return fail(e, "io", format!("{}: cannot read: {err}", input.display())),
    };
    let limits = &opts.extract.limits;
    if let Err(err) = limits.check_input_bytes(size) {
        return fail(
            e,
            LimitKind::Bytes.code(),
            format!("{}: {err}", input.display()),
        );
    }
    let bytes = match std::fs::read(input) {
        Ok(b) => b,
        Err(err) => return fail(e, "io", format!("{}: cannot read: {err}", input.display())),
    };
    let sha = sha256_hex(&bytes);
    e.sha256 = Some(sha.clone());
    let target = out.map(|o| o.join(name));
    if !opts.force && !opts.jsonl {
        if let Some(t) = &target {
            // Up to date: the output holds these bytes' sha256 and, where the
            // last manifest knows this input, is the output it recorded.
            let p = prev.get(rel);
            let recorded = p.is_none_or(|p| p.output.as_deref().map(Path::new) == Some(name));
            if recorded && output_sha(t).as_deref() == Some(sha.as_str()) {
                e.status = Status::Skipped;
                e.output = Some(name.to_string_lossy().into_owned());
                e.warnings = p.and_then(|p| p.warnings);
                e.pages = p.and_then(|p| p.pages);
                e.ms = t0.elapsed().as_millis() as u64;
                return (e, 0);
            }
        }
        if let Some(p) = prev.get(rel) {
            if p.sha256.as_deref() == Some(sha.as_str()) && p.error.is_some() {
                e.status = Status::Skipped;
                e.error = p.error.clone();
                e.code = p.code.clone();
                e.ms = t0.elapsed().as_millis() as u64;
                return (e, 0);
            }
        }
    }
    let mut xopts = opts.extract.clone();
    xopts.limits.deadline = limits.timeout.map(|t| t0 + t);
    let plan = match catch_unwind(AssertUnwindSafe(|| {
        extract_bytes_with(input, &bytes, &xopts)
    })) {
        Ok(Ok(p)) => p,
        Ok(Err(err)) => return fail(e, err.code(), err.to_string()),
        Err(p) => {
            return fail(
                e,
                "internal",
                format!(
                    "{}: internal error (please report): {}",
                    input.display(),
                    panic_message(&*p)
                ),
            )
        }
    };
    e.warnings = Some(plan.warnings.len());
    e.pages = plan.source.pages;
    if opts.jsonl {
        if let Some(s) = sink {
            let line = match serde_json::to_string(&plan) {
                Ok(l) => l,
                Err(err) => {
                    return fail(
                        e,
                        "write",
                        format!("{}: cannot serialize: {err}", input.display()),
                    )
                }
            };
            if let Ok(mut w) = s.lock() {
                if let Err(err) = writeln!(w, "{line}") {
                    return fail(
                        e,
                        "write",
                        format!("{}: cannot write output: {err}", input.display()),
                    );
                }
            }
        }
    } else if let Some(t) = &target {
        if let Err(err) = write_plan(t, &plan) {
            return fail(
                e,
                "write",
                format!("{}: cannot write {}: {err}", input.display(), t.display()),
            );
        }
        e.output = Some(name.to_string_lossy().into_owned());
    }
    e.status = Status::Converted;
    e.ms = t0.elapsed().as_millis() as u64;
    (e, bytes.len() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(inputs: &[&str]) -> Vec<String> {
        let rel: Vec<PathBuf> = inputs.iter().map(PathBuf::from).collect();
        output_names_rel(&rel)
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn output_names_of_every_shape() {
        // Ordinary names keep the stem; folders stay apart by themselves.
        assert_eq!(
            names(&["plan.txt", "a/same.txt", "b/same.txt"]),
            ["plan.json", "a/same.json", "b/same.json"]
        );
        // Dots inside the name are kept, not cut at the first one.
        assert_eq!(
            names(&[
                "plan.txt",
                "plan.v2.txt",
                "plan.v2.pdf.txt",
                "x.1.pdf",
                "x.pdf"
            ]),
            [
                "plan.json",
                "plan.v2.json",
                "plan.v2.pdf.json",
                "x.1.json",
                "x.json"
            ]
        );
        // A clash, in any case, names all of the clashing by their whole names.
        assert_eq!(
            names(&["plan.pdf", "plan.PDF", "other.txt"]),
            ["plan.pdf.json", "plan.PDF.json", "other.json"]
        );
        assert_eq!(
            names(&["Plan.txt", "plan.pdf"]),
            ["Plan.txt.json", "plan.pdf.json"]
        );
        // A long name meeting a short one lengthens that too.
        assert_eq!(
            names(&["plan.pdf.txt", "plan.pdf", "plan.txt"]),
            ["plan.pdf.txt.json", "plan.pdf.json", "plan.txt.json"]
        );
        // Only the set of names counts, not their order.
        assert_eq!(
            names(&["plan.txt", "plan.pdf", "plan.pdf.txt"]),
            ["plan.txt.json", "plan.pdf.json", "plan.pdf.txt.json"]
        );
    }

    #[test]
    fn extract_names_keep_folders_apart() {
        let n = |v: &[&str]| -> Vec<String> {
            let p: Vec<PathBuf> = v.iter().map(PathBuf::from).collect();
            extract_output_names(&p)
                .iter()
                .map(|p| p.to_string_lossy().into_owned())
                .collect()
        };
        assert_eq!(
            n(&["/x/in/plan.txt", "/y/other.pdf"]),
            ["plan.json", "other.json"]
        );
        assert_eq!(
            n(&["/x/in/a/same.txt", "/x/in/b/same.txt", "/x/plan.txt"]),
            ["in/a/same.json", "in/b/same.json", "plan.json"]
        );
        assert_eq!(
            n(&["/x/a/plan.txt", "/x/b/plan.txt", "/x/b/plan.pdf"]),
            ["a/plan.json", "b/plan.json", "plan.json"]
        );
        assert_eq!(
            n(&["/x/a/../b/p.txt", "/x/b/./q.txt"]),
            ["p.json", "q.json"]
        );
    }

    #[test]
    fn output_names_stay_unique() {
        let dir = Path::new("/in");
        let inputs = ["/in/a/x.txt", "/in/a/x.pdf", "/in/b/y.txt"].map(PathBuf::from);
        let names = output_names(dir, &inputs);
        assert_eq!(
            names,
            ["a/x.txt.json", "a/x.pdf.json", "b/y.json"].map(PathBuf::from)
        );
    }
}
