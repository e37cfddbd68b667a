//! The `guihua` command: argument parsing, progress and file writing only; the
//! library does the work.

use clap::{CommandFactory, Parser, Subcommand};
use guihua::error::{Error, ErrorKind};
use guihua::model::Plan;
use std::io::Read as _;
use std::io::Write;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "guihua",
    version,
    about = "Chinese plan documents (十四五规划, text or PDF) to structured JSON"
)]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Extract plans to JSON (one input without -o: JSON on stdout).
    Extract {
        /// Input files: .pdf, .docx, .doc, .html/.htm, .txt/.md (UTF-8/UTF-16/GBK), or a
        /// scanned page image (.png, .jpg, .tif; multi-page .tif); `-` is stdin.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Write OUTDIR/<input stem>.json for each input (OUTDIR/<file name>.json
        /// where stems clash; inputs with one file name from different folders
        /// under their folders).
        #[arg(short = 'o', long = "out")]
        out: Option<PathBuf>,
        #[command(flatten)]
        common: Common,
        /// Abandon a document after this many seconds (default: no limit).
        #[arg(long)]
        timeout: Option<u64>,
    },
    /// Convert every plan file under DIR (.pdf, .docx, .doc, .html, .txt, .md, page
    /// images) in parallel, resumably, with a manifest.
    Batch {
        /// Folder of input documents, searched recursively.
        dir: PathBuf,
        /// Output directory: OUTDIR/<folder>/<stem>.json per input (<file name>.json
        /// where stems in one folder clash) and OUTDIR/manifest.jsonl.
        #[arg(short = 'o', long = "out")]
        out: Option<PathBuf>,
        /// Worker threads (default: all cores).
        #[arg(short = 'j', long = "jobs", default_value_t = 0)]
        jobs: usize,
        /// Redo inputs whose output is up to date.
        #[arg(long)]
        force: bool,
        /// Print every document's JSON as one line on stdout instead of writing files.
        #[arg(long)]
        jsonl: bool,
        /// Refuse inputs larger than this many MB.
        #[arg(long, default_value_t = 256)]
        max_mb: u64,
        /// Refuse PDFs with more pages.
        #[arg(long, default_value_t = 5000)]
        max_pages: usize,
        /// Abandon a document after this many seconds (scans read by OCR take
        /// seconds a page, so the default is generous).
        #[arg(long, default_value_t = 900)]
        timeout: u64,
        #[command(flatten)]
        common: Common,
    },
    /// The cross-region indicator matrix of extracted plans.
    Compare {
        /// Directories of guihua JSON outputs.
        #[arg(required = true)]
        dirs: Vec<PathBuf>,
        /// csv (UTF-8 with BOM) or json.
        #[arg(long, default_value = "csv", value_parser = ["csv", "json"])]
        format: String,
        /// Write here instead of stdout.
        #[arg(short = 'o', long = "out")]
        out: Option<PathBuf>,
        /// An alias table to use instead of the built-in one (data/indicator_aliases.json format).
        #[arg(long)]
        aliases: Option<PathBuf>,
    },
    /// Tidy tables (outline, boxes, indicators, projects) of a folder of outputs.
    Export {
        /// A folder of guihua JSON outputs (searched recursively).
        out_dir: PathBuf,
        /// csv (one UTF-8 file with BOM per table) or xlsx (one sheet per table).
        #[arg(long = "to", value_parser = ["csv", "xlsx"])]
        to: String,
        /// Where to write: a folder for csv (default OUT_DIR), a file for xlsx
        /// (default OUT_DIR/tables.xlsx).
        #[arg(short = 'o', long = "out")]
        out: Option<PathBuf>,
    },
    /// Score outputs against gold annotations (same columns as shared/eval/score.py).
    Eval {
        /// Folder of gold annotations, <stem>.gold.json each.
        gold_dir: PathBuf,
        /// Folder of guihua outputs, <stem>.json each.
        out_dir: PathBuf,
        /// Print the totals as JSON.
        #[arg(long)]
        json: bool,
    },
    /// One self-contained HTML report of a batch's outputs: summary, charts, plans.
    Report {
        /// Output folder of `guihua batch` (or any folder of guihua JSON outputs).
        out_dir: PathBuf,
        /// The HTML file to write.
        #[arg(short = 'o', long = "out", default_value = "report.html")]
        out: PathBuf,
    },
    /// Print a shell completion script (e.g. `guihua completions bash > /etc/bash_completion.d/guihua`).
    Completions {
        /// The shell to complete for.
        shell: clap_complete::Shell,
    },
}

/// Options `extract` and `batch` share.
#[derive(clap::Args)]
struct Common {
    /// OCR for scanned pages: auto (pages without a text layer), always
    /// (also large images on text pages), never.
    #[arg(long, value_enum, default_value_t = Ocr::Auto)]
    ocr: Ocr,
    /// Seconds OCR may spend on one page image before Tesseract is killed
    /// and the page left unread with a warning (never past --timeout).
    #[arg(long, default_value_t = 120, value_name = "SECS")]
    ocr_page_timeout: u64,
    /// The user or owner password of encrypted PDFs (the empty user password
    /// is always tried first).
    #[arg(long)]
    password: Option<String>,
}

impl Common {
    fn options(self, limits: guihua::Limits) -> guihua::Options {
        guihua::Options {
            limits: guihua::Limits {
                ocr_page_timeout: std::time::Duration::from_secs(self.ocr_page_timeout),
                ..limits
            },
            password: self.password,
            ocr: self.ocr.into(),
            ..guihua::Options::default()
        }
    }
}

/// Exit status when every input that failed is an encrypted PDF without its password.
const EXIT_PASSWORD: u8 = 3;

fn main() -> ExitCode {
    survive_file_size_limit();
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match cli.cmd {
        Cmd::Extract {
            inputs,
            out,
            common,
            timeout,
        } => {
            let limits = guihua::Limits {
                timeout: timeout.map(std::time::Duration::from_secs),
                ..guihua::Limits::default()
            };
            extract(&inputs, out.as_deref(), &common.options(limits))
        }
        Cmd::Batch {
            dir,
            out,
            jobs,
            force,
            jsonl,
            max_mb,
            max_pages,
            timeout,
            common,
        } => {
            let limits = guihua::Limits {
                max_input_bytes: max_mb.saturating_mul(1024 * 1024),
                max_pages,
                timeout: Some(std::time::Duration::from_secs(timeout)),
                ..guihua::Limits::default()
            };
            let opts = guihua::batch::Options {
                jobs,
                force,
                jsonl,
                extract: common.options(limits),
                cancel: Some(stop_on_signals()),
            };
            batch(&dir, out.as_deref(), &opts)
        }
        Cmd::Compare {
            dirs,
            format,
            out,
            aliases,
        } => compare(&dirs, &format, out.as_deref(), aliases.as_deref()),
        Cmd::Report { out_dir, out } => report(&out_dir, &out),
        Cmd::Completions { shell } => {
            clap_complete::generate(shell, &mut Cli::command(), "guihua", &mut std::io::stdout());
            ExitCode::SUCCESS
        }
        Cmd::Export { out_dir, to, out } => export(&out_dir, &to, out.as_deref()),
        Cmd::Eval {
            gold_dir,
            out_dir,
            json,
        } => match guihua::eval::score_dirs(&gold_dir, &out_dir) {
            Ok(r) => {
                if json {
                    println!("{}", r.json());
                } else {
                    print!("{}", r.table());
                }
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("guihua eval: {}: {e}", gold_dir.display());
                ExitCode::from(2)
            }
        },
    }
}

/// `--ocr`.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Ocr {
    Auto,
    Always,
    Never,
}

impl From<Ocr> for guihua::OcrMode {
    fn from(o: Ocr) -> guihua::OcrMode {
        match o {
            Ocr::Auto => guihua::OcrMode::Auto,
            Ocr::Always => guihua::OcrMode::Always,
            Ocr::Never => guihua::OcrMode::Never,
        }
    }
}

/// Extract one file; a panic inside the library becomes an error for this file only.
fn extract_one(path: &Path, opts: &guihua::Options) -> Result<Plan, Error> {
    // `-` is standard input: its bytes tell the format.
    let run = || {
        if path == Path::new("-") {
            let mut bytes = Vec::new();
            let limit = opts.limits.max_input_bytes;
            std::io::Read::read_to_end(
                &mut std::io::stdin().lock().take(limit.saturating_add(1)),
                &mut bytes,
            )
            .map_err(|e| {
                Error::new(
                    path,
                    ErrorKind::Input(guihua::error::InputError::Io(e.to_string())),
                )
            })?;
            guihua::extract_bytes_with(path, &bytes, opts)
        } else {
            guihua::extract_file_with(path, opts)
        }
    };
    match catch_unwind(AssertUnwindSafe(run)) {
        Ok(r) => {
            if let Ok(plan) = &r {
                // A page that needs OCR is worth a line even when the JSON goes to a file.
                for w in plan.warnings.iter().filter(|w| w.code == "image-page") {
                    eprintln!("{}: warning: {}", path.display(), w.message);
                }
            }
            r
        }
        Err(p) => {
            let msg = guihua::batch::panic_message(&*p);
            Err(Error::new(path, ErrorKind::Internal(msg)))
        }
    }
}

/// Extraction panics are caught and reported as one-line errors; their own
/// multi-line message would only repeat it.
fn quiet_panics() {
    std::panic::set_hook(Box::new(|_| {}));
}

/// Exit 0 when nothing failed, 3 when all that failed wanted a password, else 1.
fn exit_status(failed: usize, password: usize) -> ExitCode {
    match failed {
        0 => ExitCode::SUCCESS,
        n if n == password => ExitCode::from(EXIT_PASSWORD),
        _ => ExitCode::from(1),
    }
}

fn extract(inputs: &[PathBuf], out: Option<&Path>, opts: &guihua::Options) -> ExitCode {
    quiet_panics();
    let Some(dir) = out else {
        if inputs.len() != 1 {
            eprintln!("guihua extract: {} inputs need -o OUTDIR", inputs.len());
            return ExitCode::from(2);
        }
        return match extract_one(&inputs[0], opts) {
            Ok(plan) => {
                let mut stdout = std::io::stdout().lock();
                let written = serde_json::to_writer_pretty(&mut stdout, &plan)
                    .map_err(std::io::Error::from)
                    .and_then(|_| writeln!(stdout));
                match written {
                    Ok(()) => ExitCode::SUCCESS,
                    Err(e) => {
                        eprintln!("guihua extract: writing stdout: {e}");
                        ExitCode::from(1)
                    }
                }
            }
            Err(e) => {
                eprintln!("{e}");
                exit_status(1, usize::from(e.password_required()))
            }
        };
    };
    if let Err(e) = std::fs::create_dir_all(dir) {
        eprintln!(
            "guihua extract: {}: cannot create output directory: {e}",
            dir.display()
        );
        return ExitCode::from(1);
    }
    let (mut failed, mut password) = (0, 0);
    let names = guihua::batch::extract_output_names(inputs);
    for (input, name) in inputs.iter().zip(&names) {
        match extract_one(input, opts) {
            Ok(plan) => {
                // Standard input has no name of its own.
                let target = if input == Path::new("-") {
                    dir.join("stdin.json")
                } else {
                    dir.join(name)
                };
                if let Err(e) = guihua::batch::write_plan(&target, &plan) {
                    eprintln!(
                        "{}: cannot write {}: {e}",
                        input.display(),
                        target.display()
                    );
                    failed += 1;
                }
            }
            Err(e) => {
                eprintln!("{e}");
                failed += 1;
                password += usize::from(e.password_required());
            }
        }
    }
    exit_status(failed, password)
}

/// A write past a file size limit (`ulimit -f`) raises SIGXFSZ, which by
/// default kills the process before it can say why; handled, the write fails
/// with "File too large" and is reported like a full disk.
fn survive_file_size_limit() {
    #[cfg(unix)]
    let _ = signal_hook::flag::register(
        signal_hook::consts::SIGXFSZ,
        std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false)),
    );
}

/// Ctrl-C or SIGTERM sets the returned flag: the batch starts no new input,
/// lets those in flight finish and writes its manifest. A second one ends the
/// process at once; the next run cleans up after it as after `kill -9`.
fn stop_on_signals() -> std::sync::Arc<std::sync::atomic::AtomicBool> {
    let flag = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    #[cfg(unix)]
    for sig in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        // The shutdown first, so that it sees the flag the first signal set.
        let _ = signal_hook::flag::register_conditional_shutdown(sig, 130, flag.clone());
        let _ = signal_hook::flag::register(sig, flag.clone());
    }
    flag
}

/// How often a batch writing to a non-terminal reports progress.
const PLAIN_PROGRESS_EVERY: std::time::Duration = std::time::Duration::from_secs(5);

fn batch(dir: &Path, out: Option<&Path>, opts: &guihua::batch::Options) -> ExitCode {
    use guihua::batch::{Event, Status};
    quiet_panics();
    use std::io::IsTerminal;
    use std::sync::Mutex;
    if out.is_none() && !opts.jsonl {
        eprintln!("guihua batch: give -o OUTDIR (or --jsonl)");
        return ExitCode::from(2);
    }
    if !dir.is_dir() {
        eprintln!("guihua batch: {}: not a directory", dir.display());
        return ExitCode::from(2);
    }
    let bar: std::sync::Arc<Mutex<Option<indicatif::ProgressBar>>> = Default::default();
    // OCR is slow: a scan shows its pages as they are read.
    let mut opts = opts.clone();
    let ocr_bar = bar.clone();
    opts.extract.ocr_progress = Some(guihua::OcrProgress(std::sync::Arc::new(
        move |path: &Path, done: u32, total: u32| {
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            match ocr_bar.lock().ok().and_then(|g| g.clone()) {
                Some(b) => b.set_message(format!("OCR {done}/{total} {name:.20}")),
                None => eprintln!("batch: OCR {name}: page {done} of {total}"),
            }
        },
    )));
    let opts = &opts;
    let plain = Mutex::new((
        std::time::Instant::now(),
        0usize,
        0usize,
        std::time::Instant::now(),
    ));
    let tty = std::io::stderr().is_terminal();
    let password = std::sync::atomic::AtomicUsize::new(0);
    let on_event = |e: Event| match e {
        Event::Started { total } => {
            if tty {
                let b = indicatif::ProgressBar::new(total as u64);
                if let Ok(style) = indicatif::ProgressStyle::with_template(
                    // Fits 60 columns: whole files per second, set as the message.
                    "{bar:16} {pos}/{len} files {msg} eta {eta}",
                ) {
                    b.set_style(style);
                }
                if let Ok(mut g) = bar.lock() {
                    *g = Some(b);
                }
            } else if let Ok(mut p) = plain.lock() {
                p.2 = total;
            }
        }
        Event::Done { entry } => {
            if entry.error.is_some() && entry.code.as_deref() == Some("password-required") {
                password.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
            let failed =
                (entry.status == Status::Failed).then(|| entry.error.clone().unwrap_or_default());
            for line in failed.iter().chain(&entry.notices) {
                match bar.lock().ok().and_then(|g| g.clone()) {
                    Some(b) => b.println(line),
                    None => eprintln!("{line}"),
                }
            }
            if let Some(b) = bar.lock().ok().and_then(|g| g.clone()) {
                b.inc(1);
                let secs = b.elapsed().as_secs_f64().max(1e-9);
                b.set_message(format!("{:.0}/s", b.position() as f64 / secs));
            } else if let Ok(mut p) = plain.lock() {
                // Not a terminal: a line every few seconds.
                p.1 += 1;
                let (start, done, total, last) = *p;
                if last.elapsed() >= PLAIN_PROGRESS_EVERY && done < total {
                    let rate = done as f64 / start.elapsed().as_secs_f64().max(1e-9);
                    let eta = (total - done) as f64 / rate.max(1e-9);
                    eprintln!("batch: {done}/{total} files, {rate:.1} files/s, eta {eta:.0}s");
                    p.3 = std::time::Instant::now();
                }
            }
        }
    };
    let stdout = Mutex::new(std::io::BufWriter::new(std::io::stdout()));
    let sink: Option<&Mutex<dyn Write + Send>> = if opts.jsonl { Some(&stdout) } else { None };
    let result = guihua::batch::run(dir, out, opts, sink, &on_event);
    if let Some(b) = bar.lock().ok().and_then(|g| g.clone()) {
        b.finish_and_clear();
    }
    if let Ok(mut w) = stdout.lock() {
        let _ = w.flush();
    }
    match result {
        Ok(s) => {
            let secs = s.elapsed.as_secs_f64();
            eprintln!(
                "batch: {} files in {:.1}s: converted {}, failed {}{}, up to date {}, unsupported {} ({:.1} files/s, {:.2} MB/s){}",
                s.total,
                secs,
                s.converted,
                s.failed + s.skipped_failed,
                if s.skipped_failed > 0 { format!(" ({} unchanged since they failed, not retried)", s.skipped_failed) } else { String::new() },
                s.skipped,
                s.unsupported,
                s.converted as f64 / secs.max(1e-9),
                s.bytes as f64 / 1e6 / secs.max(1e-9),
                out.map(|o| format!("; manifest {}", o.join(guihua::batch::MANIFEST).display())).unwrap_or_default()
            );
            if let Some(why) = &s.stopped {
                eprintln!(
                    "guihua batch: stopped ({why}) with {} of {} inputs not done; run the same command again to go on",
                    s.not_done, s.total
                );
                let cancelled = opts
                    .cancel
                    .as_ref()
                    .is_some_and(|c| c.load(std::sync::atomic::Ordering::Relaxed));
                return ExitCode::from(if cancelled { 130 } else { 1 });
            }
            exit_status(s.failed + s.skipped_failed, password.into_inner())
        }
        Err(e) => {
            // The error names the folder at fault.
            eprintln!("guihua batch: {e}");
            ExitCode::from(1)
        }
    }
}

fn compare(dirs: &[PathBuf], format: &str, out: Option<&Path>, aliases: Option<&Path>) -> ExitCode {
    let table = match aliases {
        Some(p) => match std::fs::read_to_string(p)
            .map_err(|e| e.to_string())
            .and_then(|s| guihua::compare::Aliases::from_json(&s))
        {
            Ok(a) => a,
            Err(e) => {
                eprintln!("guihua compare: {}: {e}", p.display());
                return ExitCode::from(2);
            }
        },
        None => guihua::compare::Aliases::builtin(),
    };
    let (m, errors) = match guihua::compare::from_dirs(dirs, &table) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("guihua compare: {e}");
            return ExitCode::from(2);
        }
    };
    if m.groups.is_empty() && errors.is_empty() {
        let names: Vec<String> = dirs.iter().map(|d| d.display().to_string()).collect();
        eprintln!(
            "guihua compare: {}: no .json outputs found",
            names.join(", ")
        );
        return ExitCode::from(2);
    }
    for e in &errors {
        eprintln!("{e}");
    }
    let written = match out {
        Some(p) => std::fs::File::create(p).and_then(|f| {
            let mut w = std::io::BufWriter::new(f);
            write_matrix(&m, format, &mut w).and_then(|_| w.flush())
        }),
        None => {
            let mut w = std::io::BufWriter::new(std::io::stdout().lock());
            write_matrix(&m, format, &mut w).and_then(|_| w.flush())
        }
    };
    if let Err(e) = written {
        let to = out.map_or_else(|| "stdout".to_string(), |p| p.display().to_string());
        eprintln!("guihua compare: cannot write {to}: {e}");
        return ExitCode::from(1);
    }
    let unmatched = m.rows.iter().filter(|r| !r.matched).count();
    let empty = m.groups.iter().filter(|g| g.indicators == 0).count();
    eprintln!(
        "compare: {} documents ({} without indicator tables), {} indicators ({} matched by the alias table, {} unmatched)",
        m.groups.len(),
        empty,
        m.rows.len(),
        m.rows.len() - unmatched,
        unmatched
    );
    if errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn write_matrix(
    m: &guihua::compare::Matrix,
    format: &str,
    w: &mut dyn Write,
) -> std::io::Result<()> {
    if format == "json" {
        m.write_json(w)
    } else {
        w.write_all(m.to_csv().as_bytes())
    }
}

fn report(dir: &Path, out: &Path) -> ExitCode {
    if !dir.is_dir() {
        eprintln!("guihua report: {}: not a directory", dir.display());
        return ExitCode::from(2);
    }
    let file = match std::fs::File::create(out) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("guihua report: {}: cannot create: {e}", out.display());
            return ExitCode::from(1);
        }
    };
    let mut w = std::io::BufWriter::new(file);
    let result = guihua::report::write(dir, &mut w).and_then(|s| {
        w.flush()
            .map(|_| s)
            .map_err(|e| format!("{}: {e}", out.display()))
    });
    match result {
        Ok(s) => {
            for e in &s.errors {
                eprintln!("{e}");
            }
            eprintln!(
                "report: {} plans, {} indicator charts; wrote {}",
                s.plans,
                s.charts,
                out.display()
            );
            if s.plans == 0 {
                eprintln!(
                    "guihua report: {}: no guihua outputs (.json) found",
                    dir.display()
                );
                return ExitCode::from(2);
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("guihua report: {e}");
            ExitCode::from(1)
        }
    }
}

fn export(dir: &Path, to: &str, out: Option<&Path>) -> ExitCode {
    let (docs, errors) = match guihua::export::read_dir(dir) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("guihua export: {}: {e}", dir.display());
            return ExitCode::from(2);
        }
    };
    for e in &errors {
        eprintln!("{e}");
    }
    let tables = guihua::export::tables(docs.iter().map(|(id, p)| (id.as_str(), p)));
    let written = if to == "xlsx" {
        let path = out.map_or_else(|| dir.join("tables.xlsx"), Path::to_path_buf);
        guihua::export::write_xlsx(&tables, &path)
            .map(|()| vec![path.clone()])
            .map_err(|e| format!("{}: {e}", path.display()))
    } else {
        let folder = out.unwrap_or(dir);
        guihua::export::write_csv(&tables, folder).map_err(|e| format!("{}: {e}", folder.display()))
    };
    match written {
        Ok(files) => {
            let counts: Vec<String> = tables
                .iter()
                .map(|t| format!("{} {}", t.rows.len(), t.name))
                .collect();
            let files: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
            eprintln!(
                "export: {} documents: {}; wrote {}",
                docs.len(),
                counts.join(", "),
                files.join(", ")
            );
        }
        Err(e) => {
            eprintln!("guihua export: cannot write {e}");
            return ExitCode::from(1);
        }
    }
    if errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
