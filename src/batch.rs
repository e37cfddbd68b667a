//! `guihua batch DIR -o OUTDIR`: every plan under a directory, in parallel.
//!
//! One file that fails — by an error, a panic, or a size, page or time limit —
//! is recorded and skipped; the rest go on. Each output is written as soon as
//! its document is done (through a temporary file renamed into place), so
//! memory holds one document per worker, not the corpus. A second run skips
//! inputs whose output already holds the same sha256 (and inputs that failed
//! unchanged), unless forced. `OUTDIR/manifest.jsonl` gets one line per input.
//!
//! A run can be stopped at any moment, even by `kill -9`, and run again to go
//! on: finished inputs are journalled to `manifest.jsonl.tmp` as they end, the
//! next run merges that journal into what it knows and removes any half-written
//! temporary file, and `manifest.jsonl` itself is only ever replaced whole (by
//! a rename). A lock file keeps a second batch out of the same output folder.

use crate::error::LimitKind;
use crate::model::Plan;
use crate::{extract_bytes_with, sha256_hex};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::io::{BufRead, Read, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Name of the manifest in the output directory.
pub const MANIFEST: &str = "manifest.jsonl";
/// The journal of a run in progress: one manifest line per finished input.
pub const JOURNAL: &str = "manifest.jsonl.tmp";
/// Where a manifest is written before it is renamed over [`MANIFEST`].
const MANIFEST_TMP: &str = "manifest.jsonl.new.tmp";
/// The lock file of a batch writing into the output directory; it holds the
/// writer's pid.
pub const LOCK: &str = ".guihua-batch.lock";
/// Ending of an output being written, renamed to its final name when whole.
pub const TMP_SUFFIX: &str = ".tmp";
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
    /// Set (by a signal handler, say) to stop: no new input is started, those
    /// in flight finish, and the manifest is written.
    pub cancel: Option<Arc<AtomicBool>>,
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
                    timeout: Some(Duration::from_secs(900)),
                    ..crate::Limits::default()
                },
                ..crate::Options::default()
            },
            cancel: None,
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
    /// Warnings a user should see as the batch runs (a page left without
    /// text), one line each naming the file; not written to the manifest.
    #[serde(skip)]
    pub notices: Vec<String>,
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
    /// Why the run stopped before every input was done (cancelled, or the
    /// output disk full); running it again goes on from there.
    pub stopped: Option<String>,
    /// Inputs not done because the run stopped.
    pub not_done: usize,
}

impl Summary {
    /// Whether every input ended converted or up to date.
    pub fn ok(&self) -> bool {
        self.failed == 0 && self.skipped_failed == 0 && self.stopped.is_none()
    }
}

/// Progress events for the caller (a progress bar, a log).
#[derive(Debug, Clone)]
pub enum Event<'a> {
    Started { total: usize },
    Done { entry: &'a Entry },
}

/// Every input `batch` converts under `dir` (not descending into `skip`),
/// sorted.
pub fn find_inputs(dir: &Path, skip: Option<&Path>) -> std::io::Result<Vec<PathBuf>> {
    find_files(dir, skip, INPUT_EXTENSIONS)
}

/// The file name endings `batch` converts.
pub const INPUT_EXTENSIONS: &[&str] = &[
    "pdf", "txt", "md", "markdown", "docx", "html", "htm", "png", "jpg", "jpeg", "tif", "tiff",
];

/// Endings of Word 97–2003 files, converted when their bytes are one (a
/// broken or other Office file under such a name is listed as unsupported).
pub const WORD_97_EXTENSIONS: &[&str] = &["doc", "wps", "dot", "wpt"];

fn is_word_97(p: &Path) -> bool {
    std::fs::File::open(p).is_ok_and(crate::read::doc::holds_word_document)
}

/// A path under the batch folder and, in one line, what is wrong with it.
pub type Unsupported = (PathBuf, String);

/// What one walk of the batch folder found.
#[derive(Debug, Default)]
pub struct Scan {
    /// The inputs `batch` converts, sorted.
    pub inputs: Vec<PathBuf>,
    /// Everything else that was passed over, each with why: files in other
    /// formats, special files, symlinked folders already walked.
    pub unsupported: Vec<Unsupported>,
    /// What could not be walked: unreadable folders, broken symlinks,
    /// symlinks that loop, folders nested too deep.
    pub faults: Vec<Unsupported>,
}

/// Every file under `dir` in one walk: the inputs `batch` converts, the
/// others each with the reason it does not, and what could not be walked.
pub fn scan(dir: &Path, skip: Option<&Path>) -> std::io::Result<Scan> {
    let ext_of = |p: &Path| {
        p.extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default()
    };
    let w = walk(dir, skip)?;
    let (inputs, others): (Vec<PathBuf>, Vec<PathBuf>) = w.files.into_iter().partition(|p| {
        let ext = ext_of(p);
        INPUT_EXTENSIONS.contains(&ext.as_str())
            || (WORD_97_EXTENSIONS.contains(&ext.as_str()) && is_word_97(p))
    });
    let mut unsupported: Vec<Unsupported> = others
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
    unsupported.extend(w.passed);
    unsupported.sort();
    Ok(Scan {
        inputs,
        unsupported,
        faults: w.faults,
    })
}

/// Every file under `dir` whose extension is one of `exts` (any case; every
/// file when `exts` is empty), not descending into `skip` nor deeper than
/// [`MAX_DIR_DEPTH`], sorted. Symlinks are followed, each folder walked once.
pub fn find_files(dir: &Path, skip: Option<&Path>, exts: &[&str]) -> std::io::Result<Vec<PathBuf>> {
    let mut files = walk(dir, skip)?.files;
    files.retain(|p| {
        exts.is_empty()
            || p.extension()
                .and_then(|x| x.to_str())
                .is_some_and(|x| exts.iter().any(|e| x.eq_ignore_ascii_case(e)))
    });
    Ok(files)
}

/// Files found by [`walk`], and what it passed over or could not walk.
struct Walk {
    files: Vec<PathBuf>,
    passed: Vec<Unsupported>,
    faults: Vec<Unsupported>,
}

/// Walk `dir` depth first in name order, following symlinks but entering each
/// folder (by its canonical path) once, so a link back up cannot loop and a
/// second link to one folder cannot list its files twice.
fn walk(dir: &Path, skip: Option<&Path>) -> std::io::Result<Walk> {
    let io_err = |p: &Path, what: &str, e: std::io::Error| {
        std::io::Error::new(e.kind(), format!("{}: {what}: {e}", p.display()))
    };
    let skip = skip.and_then(|s| s.canonicalize().ok());
    let root = dir
        .canonicalize()
        .map_err(|e| io_err(dir, "cannot read folder", e))?;
    let mut walked: HashMap<PathBuf, PathBuf> = HashMap::from([(root, dir.to_path_buf())]);
    let mut w = Walk {
        files: Vec::new(),
        passed: Vec::new(),
        faults: Vec::new(),
    };
    let mut stack = vec![(dir.to_path_buf(), 0usize)];
    while let Some((d, depth)) = stack.pop() {
        let listed = std::fs::read_dir(&d).and_then(|rd| {
            rd.map(|e| e.and_then(|e| Ok((e.path(), e.file_type()?))))
                .collect::<std::io::Result<Vec<_>>>()
        });
        let mut entries = match listed {
            Ok(v) => v,
            Err(e) if d == dir => return Err(io_err(dir, "cannot read folder", e)),
            Err(e) => {
                let msg = format!("{}: cannot read folder: {e}", d.display());
                w.faults.push((d, msg));
                continue;
            }
        };
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        let mut subdirs = Vec::new();
        for (p, ft) in entries {
            let ft = if ft.is_symlink() {
                match std::fs::metadata(&p) {
                    Ok(m) => m.file_type(),
                    Err(e) => {
                        let to = std::fs::read_link(&p).unwrap_or_default();
                        let msg = if errno_is(&e, ELOOP) {
                            format!("{}: symlink loop (links back to itself)", p.display())
                        } else {
                            format!("{}: broken symlink to {}: {e}", p.display(), to.display())
                        };
                        w.faults.push((p, msg));
                        continue;
                    }
                }
            } else {
                ft
            };
            if ft.is_file() {
                w.files.push(p);
            } else if ft.is_dir() {
                let canon = match p.canonicalize() {
                    Ok(c) => c,
                    Err(e) => {
                        let msg = format!("{}: cannot read folder: {e}", p.display());
                        w.faults.push((p, msg));
                        continue;
                    }
                };
                if skip.as_ref() == Some(&canon) {
                    continue;
                }
                if let Some(first) = walked.get(&canon) {
                    let msg = if d.canonicalize().is_ok_and(|c| c.starts_with(&canon)) {
                        format!(
                            "symlink loop: leads back to {}, not walked again",
                            first.display()
                        )
                    } else {
                        format!("symlink to {}, walked there", first.display())
                    };
                    w.passed.push((p, msg));
                    continue;
                }
                if depth >= MAX_DIR_DEPTH {
                    let msg = format!(
                        "{}: folder nested deeper than {MAX_DIR_DEPTH} levels, not walked",
                        p.display()
                    );
                    w.faults.push((p, msg));
                    continue;
                }
                walked.insert(canon, p.clone());
                subdirs.push((p, depth + 1));
            } else {
                // A FIFO would block the reader forever; devices and sockets hold no plan.
                w.passed
                    .push((p, "not a regular file (a FIFO, socket or device)".into()));
            }
        }
        stack.extend(subdirs.into_iter().rev());
    }
    w.files.sort();
    w.faults.sort();
    Ok(w)
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

/// `e` is the OS error `code`: (Linux, macOS) numbers, the few this module
/// tells apart (std's names for them need a newer Rust than the crate's floor).
fn errno_is(e: &std::io::Error, code: (i32, i32)) -> bool {
    let n = if cfg!(target_os = "macos") {
        code.1
    } else {
        code.0
    };
    e.raw_os_error() == Some(n)
}
const ELOOP: (i32, i32) = (40, 62);
const ENOSPC: (i32, i32) = (28, 28);
const EFBIG: (i32, i32) = (27, 27);
const EDQUOT: (i32, i32) = (122, 69);

/// Whether a write failed for want of space: the disk is full, a quota or a
/// file size limit (`ulimit -f`) is reached. Every later write would fail too.
pub fn out_of_space(e: &std::io::Error) -> bool {
    [ENOSPC, EFBIG, EDQUOT].iter().any(|&c| errno_is(e, c))
}

/// An output folder held by one batch. The lock is the OS's advisory lock on
/// the lock file, which the kernel drops when the holder dies however it
/// dies, so a lock file left by a killed batch is simply taken over; the file
/// holds the holder's pid for the error message.
#[derive(Debug)]
pub struct OutLock {
    file: std::fs::File,
    path: PathBuf,
}

impl OutLock {
    /// Take the lock of `out` (which must exist), or fail naming the folder
    /// and the pid that holds it.
    pub fn acquire(out: &Path) -> std::io::Result<OutLock> {
        let path = out.join(LOCK);
        let ctx = |e: std::io::Error| {
            std::io::Error::new(
                e.kind(),
                format!("{}: cannot lock the output folder: {e}", out.display()),
            )
        };
        // A holder that ends removes the file; one who opened it just before
        // then locks a file no longer in the folder, and tries again.
        for _ in 0..8 {
            let file = std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)
                .map_err(ctx)?;
            match fs4::FileExt::try_lock(&file) {
                Ok(()) => {}
                Err(fs4::TryLockError::WouldBlock) => {
                    let mut pid = String::new();
                    let _ = (&file).read_to_string(&mut pid);
                    let pid = pid.trim();
                    let pid = if pid.is_empty() { "unknown" } else { pid };
                    return Err(std::io::Error::new(
                        std::io::ErrorKind::WouldBlock,
                        format!(
                            "{}: another batch (pid {pid}) is writing into this output folder; wait for it to end or stop it",
                            out.display()
                        ),
                    ));
                }
                Err(fs4::TryLockError::Error(e)) => return Err(ctx(e)),
            }
            if same_file(&file, &path) {
                file.set_len(0).map_err(ctx)?;
                (&file)
                    .write_all(format!("{}\n", std::process::id()).as_bytes())
                    .map_err(ctx)?;
                return Ok(OutLock { file, path });
            }
        }
        Err(ctx(std::io::Error::other("the lock file keeps changing")))
    }
}

impl Drop for OutLock {
    fn drop(&mut self) {
        // Removed while still locked; the lock goes with the handle.
        let _ = std::fs::remove_file(&self.path);
        let _ = fs4::FileExt::unlock(&self.file);
    }
}

/// Whether the open `file` is the one at `path` now.
fn same_file(file: &std::fs::File, path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (file.metadata(), std::fs::metadata(path)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = file;
        path.exists()
    }
}

/// The manifest lines in `path` that parse (a killed run's journal may end in
/// a torn line), later lines for one input replacing earlier ones.
fn read_manifest(path: &Path, into: &mut HashMap<String, Entry>) -> bool {
    let Ok(f) = std::fs::File::open(path) else {
        return false;
    };
    std::io::BufReader::new(f)
        .lines()
        .map_while(Result::ok)
        .filter_map(|l| serde_json::from_str::<Entry>(&l).ok())
        .for_each(|e| {
            into.insert(e.path.clone(), e);
        });
    true
}

/// Replace the manifest of `out` with `entries` in one rename, so that it is
/// never seen half-written; on failure the old one stays as it was.
fn write_manifest(out: &Path, entries: &[&Entry]) -> std::io::Result<()> {
    let tmp = out.join(MANIFEST_TMP);
    let written = (|| {
        let mut w = std::io::BufWriter::new(std::fs::File::create(&tmp)?);
        for e in entries {
            serde_json::to_writer(&mut w, e)?;
            w.write_all(b"\n")?;
        }
        w.into_inner().map_err(|e| e.into_error())?.sync_all()
    })();
    match written.and_then(|()| std::fs::rename(&tmp, out.join(MANIFEST))) {
        Ok(()) => Ok(()),
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(e)
        }
    }
}

/// Remove what a killed run left half-written in `out`: outputs still under
/// their temporary name and a manifest not yet renamed into place. Only
/// called under the lock, so nothing is being written there.
fn remove_temporaries(out: &Path) {
    let _ = std::fs::remove_file(out.join(MANIFEST_TMP));
    // Not through symlinks: only what batch made here is removed.
    let mut stack = vec![out.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let Ok(ft) = e.file_type() else { continue };
            let p = e.path();
            if ft.is_dir() && stack.len() < MAX_DIR_DEPTH {
                stack.push(p);
            } else if ft.is_file()
                && e.file_name()
                    .to_string_lossy()
                    .ends_with(&format!(".json{TMP_SUFFIX}"))
            {
                let _ = std::fs::remove_file(p);
            }
        }
    }
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

/// The warning and page counts of an output file, for its manifest entry.
fn output_counts(path: &Path) -> (Option<usize>, Option<u32>) {
    #[derive(Deserialize)]
    struct Counts {
        source: SourceCounts,
        warnings: Vec<serde::de::IgnoredAny>,
    }
    #[derive(Deserialize)]
    struct SourceCounts {
        pages: Option<u32>,
    }
    std::fs::File::open(path)
        .ok()
        .and_then(|f| serde_json::from_reader::<_, Counts>(std::io::BufReader::new(f)).ok())
        .map_or((None, None), |c| (Some(c.warnings.len()), c.source.pages))
}

/// Write `plan` to `path` through a temporary file renamed into place, so
/// that `path` is never seen half-written; a failed write leaves nothing.
pub fn write_plan(path: &Path, plan: &Plan) -> std::io::Result<()> {
    if let Some(d) = path.parent() {
        std::fs::create_dir_all(d)?;
    }
    let mut tmp = path.as_os_str().to_os_string();
    tmp.push(TMP_SUFFIX);
    let tmp = PathBuf::from(tmp);
    let written = (|| {
        let mut w = std::io::BufWriter::new(std::fs::File::create(&tmp)?);
        serde_json::to_writer_pretty(&mut w, plan)?;
        w.write_all(b"\n")?;
        w.flush()
    })();
    match written.and_then(|()| std::fs::rename(&tmp, path)) {
        Ok(()) => Ok(()),
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(e)
        }
    }
}

/// The message of a caught panic.
pub fn panic_message(p: &(dyn std::any::Any + Send)) -> String {
    p.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic".into())
}

/// Why a run stops before its end; the first reason given wins.
struct Halt<'a> {
    cancel: Option<&'a AtomicBool>,
    stop: AtomicBool,
    reason: Mutex<Option<String>>,
}

impl Halt<'_> {
    fn halted(&self) -> bool {
        self.stop.load(Ordering::Relaxed) || self.cancel.is_some_and(|c| c.load(Ordering::Relaxed))
    }

    fn stop(&self, why: String) {
        if let Ok(mut r) = self.reason.lock() {
            r.get_or_insert(why);
        }
        self.stop.store(true, Ordering::Relaxed);
    }

    fn reason(self) -> Option<String> {
        let r = self.reason.into_inner().ok().flatten();
        r.or_else(|| {
            self.cancel
                .is_some_and(|c| c.load(Ordering::Relaxed))
                .then(|| "interrupted".to_string())
        })
    }
}

/// The manifest of the run in progress: its journal file (None once a write
/// to it failed) and every entry so far.
struct Journal {
    path: PathBuf,
    file: Option<std::io::BufWriter<std::fs::File>>,
    entries: Vec<Entry>,
}

impl Journal {
    fn add(&mut self, e: Entry, halt: &Halt) {
        if let Some(w) = &mut self.file {
            // Whole lines, flushed at once: a kill tears at most the last.
            let mut line = serde_json::to_string(&e).unwrap_or_default();
            line.push('\n');
            if let Err(err) = w.write_all(line.as_bytes()).and_then(|()| w.flush()) {
                self.file = None;
                halt.stop(format!("{}: cannot write: {err}", self.path.display()));
            }
        }
        self.entries.push(e);
    }

    /// Rename the journal, which lists every input, into the manifest.
    fn finish(&mut self, out: &Path) -> std::io::Result<()> {
        let w = self
            .file
            .take()
            .ok_or_else(|| std::io::Error::other("journal incomplete"))?;
        w.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        std::fs::rename(&self.path, out.join(MANIFEST))
    }
}

/// An entry for a path that was not converted.
fn note(dir: &Path, p: &Path, status: Status, why: &str) -> Entry {
    Entry {
        path: p
            .strip_prefix(dir)
            .unwrap_or(p)
            .to_string_lossy()
            .into_owned(),
        output: None,
        sha256: None,
        status,
        error: Some(why.to_string()),
        code: Some(
            match status {
                Status::Unsupported => "unsupported",
                _ => "unreadable",
            }
            .into(),
        ),
        warnings: None,
        pages: None,
        ms: 0,
        notices: Vec::new(),
    }
}

/// Run a batch. Outputs go under `out` (or, with `opts.jsonl`, one line each
/// to `sink`); `on_event` sees every finished input.
///
/// An error means the run could not start (the output folder is locked by
/// another batch, cannot be made, or is the input folder; the input folder
/// cannot be read). A run that starts lists every input in the manifest;
/// one stopped early (by `opts.cancel`, or for want of disk space) says why in
/// [`Summary::stopped`] and lists what it did and what the last run knew.
pub fn run(
    dir: &Path,
    out: Option<&Path>,
    opts: &Options,
    sink: Option<&Mutex<dyn Write + Send>>,
    on_event: &(dyn Fn(Event) + Sync),
) -> std::io::Result<Summary> {
    let start = Instant::now();
    let ctx = |p: &Path, what: &str, e: std::io::Error| {
        std::io::Error::new(e.kind(), format!("{}: {what}: {e}", p.display()))
    };
    let lock = match out {
        Some(o) => {
            std::fs::create_dir_all(o).map_err(|e| ctx(o, "cannot create the output folder", e))?;
            if o.canonicalize().ok() == dir.canonicalize().ok() {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidInput,
                    format!(
                        "{}: the output folder is the input folder; give another (a folder inside it will do)",
                        o.display()
                    ),
                ));
            }
            Some(OutLock::acquire(o)?)
        }
        None => None,
    };
    let found = scan(dir, out)?;
    let inputs = &found.inputs;
    let names = output_names(dir, inputs);
    let rels: Vec<String> = inputs
        .iter()
        .map(|p| {
            p.strip_prefix(dir)
                .unwrap_or(p)
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    let mut prev = HashMap::new();
    if let Some(o) = out {
        read_manifest(&o.join(MANIFEST), &mut prev);
        // A killed run left its journal: fold it in before a new one starts,
        // so that a second kill cannot lose what the first run did.
        if read_manifest(&o.join(JOURNAL), &mut prev) {
            let mut all: Vec<&Entry> = prev.values().collect();
            all.sort_by(|a, b| a.path.cmp(&b.path));
            write_manifest(o, &all).map_err(|e| ctx(&o.join(MANIFEST), "cannot write", e))?;
            let _ = std::fs::remove_file(o.join(JOURNAL));
        }
        remove_temporaries(o);
        if !opts.jsonl {
            remove_renamed(o, &rels, &names, &prev);
        }
    }
    let journal = match out {
        Some(o) => {
            let path = o.join(JOURNAL);
            let f = std::fs::File::create(&path).map_err(|e| ctx(&path, "cannot create", e))?;
            Some(Mutex::new(Journal {
                path,
                file: Some(std::io::BufWriter::new(f)),
                entries: Vec::new(),
            }))
        }
        None => None,
    };
    let halt = Halt {
        cancel: opts.cancel.as_deref(),
        stop: AtomicBool::new(false),
        reason: Mutex::new(None),
    };
    let record = |e: Entry| {
        if let Some(j) = &journal {
            if let Ok(mut j) = j.lock() {
                j.add(e, &halt);
            }
        }
    };
    // Every other file is listed too, with why it was not converted.
    for (p, why) in &found.unsupported {
        record(note(dir, p, Status::Unsupported, why));
    }
    on_event(Event::Started {
        total: inputs.len() + found.faults.len(),
    });
    for (p, why) in &found.faults {
        let e = note(dir, p, Status::Failed, why);
        on_event(Event::Done { entry: &e });
        record(e);
    }
    let summary = Mutex::new(Summary {
        total: inputs.len() + found.faults.len(),
        failed: found.faults.len(),
        unsupported: found.unsupported.len(),
        ..Summary::default()
    });
    let done = std::sync::atomic::AtomicUsize::new(0);
    let work = || {
        inputs
            .par_iter()
            .zip(names.par_iter())
            .zip(rels.par_iter())
            .for_each(|((input, name), rel)| {
                if halt.halted() {
                    return;
                }
                let (entry, bytes) = match one(input, rel, name, out, &prev, opts, sink) {
                    Ok(r) => r,
                    Err(why) => return halt.stop(why),
                };
                done.fetch_add(1, Ordering::Relaxed);
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
                record(entry);
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
    let not_done = inputs.len() - done.into_inner();
    let mut reason = halt.reason();
    if not_done == 0 && reason.as_deref() == Some("interrupted") {
        reason = None;
    }
    if let (Some(o), Some(j)) = (out, journal) {
        let mut j = j
            .into_inner()
            .map_err(|_| std::io::Error::other("manifest journal poisoned"))?;
        let finished = match reason {
            None => j.finish(o).map_err(|e| {
                reason = Some(format!("{}: cannot write: {e}", j.path.display()));
            }),
            Some(_) => Err(()),
        };
        if finished.is_err() {
            // Stopped early: what this run did, and what the last manifest
            // knew of the inputs it did not reach.
            j.file = None;
            let seen: HashSet<&str> = j.entries.iter().map(|e| e.path.as_str()).collect();
            let mut all: Vec<&Entry> = j.entries.iter().collect();
            all.extend(
                rels.iter()
                    .filter(|r| !seen.contains(r.as_str()))
                    .filter_map(|r| prev.get(r)),
            );
            if let Err(e) = write_manifest(o, &all) {
                let why = reason.get_or_insert_with(String::new);
                why.push_str(&format!(
                    "; {} left as it was: {e}",
                    o.join(MANIFEST).display()
                ));
            }
            let _ = std::fs::remove_file(&j.path);
        }
    }
    drop(lock);
    let mut s = summary.into_inner().unwrap_or_default();
    s.elapsed = start.elapsed();
    s.not_done = not_done;
    s.stopped = reason;
    Ok(s)
}

/// Process one input; returns its manifest entry and its size when converted,
/// or why the whole run must stop (its output cannot be written for want of
/// space, or the sink is closed), leaving this input not done.
fn one(
    input: &Path,
    rel: &str,
    name: &Path,
    out: Option<&Path>,
    prev: &HashMap<String, Entry>,
    opts: &Options,
    sink: Option<&Mutex<dyn Write + Send>>,
) -> Result<(Entry, u64), String> {
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
        notices: Vec::new(),
    };
    let fail = |mut e: Entry, code: &str, msg: String| {
        e.error = Some(msg.replace('\n', " "));
        e.code = Some(code.to_string());
        e.ms = t0.elapsed().as_millis() as u64;
        Ok((e, 0))
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
                // A run killed between writing the output and its manifest
                // line left no entry for these bytes: the output tells.
                match p.filter(|p| p.sha256.as_deref() == Some(sha.as_str())) {
                    Some(p) => (e.warnings, e.pages) = (p.warnings, p.pages),
                    None => (e.warnings, e.pages) = output_counts(t),
                }
                e.ms = t0.elapsed().as_millis() as u64;
                return Ok((e, 0));
            }
        }
        if let Some(p) = prev.get(rel) {
            if p.sha256.as_deref() == Some(sha.as_str()) && p.error.is_some() {
                e.status = Status::Skipped;
                e.error = p.error.clone();
                e.code = p.code.clone();
                e.ms = t0.elapsed().as_millis() as u64;
                return Ok((e, 0));
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
    e.notices = plan
        .warnings
        .iter()
        .filter(|w| w.code == "image-page")
        .map(|w| format!("{}: warning: {}", input.display(), w.message))
        .collect();
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
                    return Err(format!("cannot write the output stream: {err}"));
                }
            }
        }
    } else if let Some(t) = &target {
        if let Err(err) = write_plan(t, &plan) {
            let msg = format!("{}: cannot write {}: {err}", input.display(), t.display());
            if out_of_space(&err) {
                return Err(msg);
            }
            return fail(e, "write", msg);
        }
        e.output = Some(name.to_string_lossy().into_owned());
    }
    e.status = Status::Converted;
    e.ms = t0.elapsed().as_millis() as u64;
    Ok((e, bytes.len() as u64))
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
