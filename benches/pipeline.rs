//! `cargo bench --bench pipeline`: throughput of the whole text pipeline over
//! the bundled corpus on one core, as a median over rounds, next to a named
//! baseline measured in the same run: `input` (decode + split into lines, the
//! least any extractor must do). Prints MB/s for both and their ratio.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const ROUNDS: usize = 31;

fn corpus() -> Vec<(PathBuf, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut files = Vec::new();
    for dir in ["seeds", "variants"] {
        let mut v: Vec<PathBuf> = std::fs::read_dir(root.join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        v.sort();
        files.extend(v.into_iter().map(|p| {
            let b = std::fs::read(&p).unwrap();
            (p, b)
        }));
    }
    files
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn measure(files: &[(PathBuf, Vec<u8>)], f: impl Fn(&Path, &[u8])) -> Duration {
    // Warm up caches and lazily compiled regexes.
    for (p, b) in files {
        f(p, b);
    }
    median(
        (0..ROUNDS)
            .map(|_| {
                let t = Instant::now();
                for (p, b) in files {
                    f(p, b);
                }
                t.elapsed()
            })
            .collect(),
    )
}

fn main() {
    let files = corpus();
    let bytes: usize = files.iter().map(|(_, b)| b.len()).sum();
    let mb = bytes as f64 / 1e6;
    let base = measure(&files, |_, b| {
        black_box(guihua::input::text_document(b).unwrap());
    });
    let full = measure(&files, |p, b| {
        black_box(guihua::extract_bytes(p, b).unwrap());
    });
    let rate = |d: Duration| mb / d.as_secs_f64();
    println!(
        "corpus: {} files, {:.3} MB; median of {ROUNDS} rounds, one thread",
        files.len(),
        mb
    );
    println!(
        "baseline input (decode + lines): {:>8.1} MB/s  ({:.2} ms/round)",
        rate(base),
        base.as_secs_f64() * 1e3
    );
    println!(
        "guihua text pipeline (extract):  {:>8.1} MB/s  ({:.2} ms/round)",
        rate(full),
        full.as_secs_f64() * 1e3
    );
    println!(
        "pipeline / baseline time ratio:  {:>8.1}x",
        full.as_secs_f64() / base.as_secs_f64()
    );
}
