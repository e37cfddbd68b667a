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
    scaling();
}

/// Lines a scaling text is cut from: table words and figures with no table
/// among them, where every line may open one and a reader that looks to the
/// end of the text on each try would cost the square of its length.
const SCALING_SHAPES: [(&str, &[&str]); 3] = [
    ("header words and figures", &["指标", "单位", "1", "2"]),
    (
        "a project header over and over",
        &[
            "序号",
            "项目名称",
            "建设内容",
            "总投资",
            "1",
            "城南路",
            "新建道路",
            "3.5",
        ],
    ),
    (
        "table words in a shuffled order",
        &[
            "指标",
            "单位",
            "1",
            "2",
            "序号",
            "属性",
            "预期性",
            "亿元",
            "2020",
            "年",
            "地区生产总值",
            "（一）",
            "专栏",
            "约束性",
            "2025年",
            "项目名称",
            "建设内容",
            "总投资",
            "万元",
            "%",
        ],
    ),
];

/// Lines of the short scaling text; the long one has five times as many.
const SCALING_LINES: usize = 4_000;

/// `n` lines of `words`: in turn, or (shuffled) picked by a fixed LCG.
fn scaling_text(words: &[&str], n: usize, shuffled: bool) -> Vec<u8> {
    let mut x: u64 = 7;
    let mut out = String::new();
    for k in 0..n {
        let w = if shuffled {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            words[(x >> 33) as usize % words.len()]
        } else {
            words[k % words.len()]
        };
        out.push_str(w);
        out.push('\n');
    }
    out.into_bytes()
}

/// The time of a text five times as long, against the short one in the same
/// run as the baseline: 5x where the cost grows with the length, 25x where it
/// grows with its square.
fn scaling() {
    println!(
        "scaling (time of {}x the lines / time of the short text; 5x is linear):",
        5
    );
    for (k, (name, words)) in SCALING_SHAPES.iter().enumerate() {
        let shuffled = k == SCALING_SHAPES.len() - 1;
        let time = |n: usize| {
            let text = scaling_text(words, n, shuffled);
            let p = Path::new("scaling.txt");
            let rounds = 3;
            let runs: Vec<Duration> = (0..rounds)
                .map(|_| {
                    let t = Instant::now();
                    black_box(guihua::extract_bytes(p, &text).unwrap());
                    t.elapsed()
                })
                .collect();
            median(runs)
        };
        let short = time(SCALING_LINES);
        let long = time(5 * SCALING_LINES);
        println!(
            "  {name:<32} {:>8.1} ms  {:>8.1} ms  {:>5.1}x",
            short.as_secs_f64() * 1e3,
            long.as_secs_f64() * 1e3,
            long.as_secs_f64() / short.as_secs_f64()
        );
    }
}
