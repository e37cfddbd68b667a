//! `cargo bench --bench readers`: the same plans read as text (the baseline,
//! in the same run), as Word files and as web pages — the seeds that
//! `../shared/corpus/docx` and `html` hold. Prints MB/s of each input form,
//! and each form's time per plan against the text path's.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const ROUNDS: usize = 31;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn measure(files: &[(PathBuf, Vec<u8>)]) -> Duration {
    let run = || {
        for (p, b) in files {
            black_box(guihua::extract_bytes(p, b).unwrap());
        }
    };
    run();
    median(
        (0..ROUNDS)
            .map(|_| {
                let t = Instant::now();
                run();
                t.elapsed()
            })
            .collect(),
    )
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shared = root.join("../shared/corpus");
    let stems: Vec<String> = match std::fs::read_dir(shared.join("docx")) {
        Ok(d) => {
            let mut v: Vec<String> = d
                .filter_map(|e| e.ok())
                .filter_map(|e| {
                    e.path()
                        .file_stem()
                        .map(|s| s.to_string_lossy().into_owned())
                })
                .collect();
            v.sort();
            v
        }
        Err(_) => {
            eprintln!("../shared/corpus/docx is absent: nothing to compare");
            return;
        }
    };
    let load = |dir: &Path, ext: &str| -> Vec<(PathBuf, Vec<u8>)> {
        stems
            .iter()
            .map(|s| {
                let p = dir.join(format!("{s}.{ext}"));
                let b = std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
                (p, b)
            })
            .collect()
    };
    let forms = [
        ("text (baseline)", load(&root.join("corpus/seeds"), "txt")),
        ("docx", load(&shared.join("docx"), "docx")),
        ("html", load(&shared.join("html"), "html")),
    ];
    println!(
        "{} plans in each form; median of {ROUNDS} rounds, one thread",
        stems.len()
    );
    let base = measure(&forms[0].1);
    for (name, files) in &forms {
        let d = if name.starts_with("text") {
            base
        } else {
            measure(files)
        };
        let mb = files.iter().map(|(_, b)| b.len()).sum::<usize>() as f64 / 1e6;
        println!(
            "{name:<16} {:>7.3} MB {:>8.1} MB/s {:>8.2} ms/round  {:>5.2}x the text path's time",
            mb,
            mb / d.as_secs_f64(),
            d.as_secs_f64() * 1e3,
            d.as_secs_f64() / base.as_secs_f64()
        );
    }
}
