//! The `guihua` command: argument parsing, progress and file writing only; the
//! library does the work.

use clap::{Parser, Subcommand};
use guihua::error::{Error, ErrorKind};
use guihua::model::Plan;
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
        /// Input files (.txt in UTF-8/UTF-16/GBK, or .pdf).
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Write OUTDIR/<input stem>.json for each input.
        #[arg(short = 'o', long = "out")]
        out: Option<PathBuf>,
    },
    /// Score outputs against gold annotations (same columns as shared/eval/score.py).
    Eval {
        gold_dir: PathBuf,
        out_dir: PathBuf,
        /// Print the totals as JSON.
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match cli.cmd {
        Cmd::Extract { inputs, out } => extract(&inputs, out.as_deref()),
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

/// Extract one file; a panic inside the library becomes an error for this file only.
fn extract_one(path: &Path) -> Result<Plan, Error> {
    match catch_unwind(AssertUnwindSafe(|| guihua::extract_file(path))) {
        Ok(r) => r,
        Err(p) => {
            let msg = p
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| p.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "panic".to_string());
            Err(Error::new(path, ErrorKind::Internal(msg)))
        }
    }
}

fn extract(inputs: &[PathBuf], out: Option<&Path>) -> ExitCode {
    let Some(dir) = out else {
        if inputs.len() != 1 {
            eprintln!("guihua extract: {} inputs need -o OUTDIR", inputs.len());
            return ExitCode::from(2);
        }
        return match extract_one(&inputs[0]) {
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
                ExitCode::from(1)
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
    let mut failed = 0;
    let mut seen = std::collections::HashSet::new();
    for input in inputs {
        let stem = input
            .file_stem()
            .map_or_else(|| "out".into(), |s| s.to_string_lossy().into_owned());
        if !seen.insert(stem.clone()) {
            eprintln!(
                "{}: another input has the stem {stem:?}; its output {stem}.json is overwritten",
                input.display()
            );
        }
        match extract_one(input) {
            Ok(plan) => {
                let target = dir.join(format!("{stem}.json"));
                if let Err(e) = write_json(&target, &plan) {
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
            }
        }
    }
    if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Write through a temporary file so a crash never leaves half a JSON behind.
fn write_json(target: &Path, plan: &Plan) -> std::io::Result<()> {
    let tmp = target.with_extension("json.tmp");
    {
        let f = std::fs::File::create(&tmp)?;
        let mut w = std::io::BufWriter::new(f);
        serde_json::to_writer_pretty(&mut w, plan)?;
        w.write_all(b"\n")?;
        w.flush()?;
    }
    std::fs::rename(&tmp, target)
}
