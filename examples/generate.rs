//! Make N plausible plan variants from the bundled corpus, for measuring the
//! batch path at scale: `cargo run --release --example generate -- N OUTDIR`.
//!
//! Each variant takes a corpus plan and gives it another county's name,
//! shuffles its middle top-level sections (renumbering their headings), scales
//! its figures (years and heading numbers left alone), and is written in UTF-8,
//! GB18030 or with CRLF line ends. Deterministic: the same N gives the same files.

use regex::Regex;
use std::path::{Path, PathBuf};

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn factor(&mut self) -> f64 {
        0.8 + (self.next() % 1000) as f64 / 1000.0 * 0.45
    }
}

const SYLLABLES: &[&str] = &[
    "青", "河", "安", "平", "宁", "山", "阳", "泉", "林", "云", "丰", "泰", "永", "兴", "和", "德",
    "清", "长", "石", "川",
];

fn cn(n: usize) -> String {
    const D: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        1..=9 => D[n].to_string(),
        10 => "十".into(),
        11..=19 => format!("十{}", D[n - 10]),
        20..=99 => format!("{}十{}", D[n / 10], D[n % 10]),
        _ => n.to_string(),
    }
}

fn corpus() -> Vec<(PathBuf, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut out = Vec::new();
    for d in ["seeds", "variants"] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(root.join(d))
            .expect("corpus directory")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        files.sort();
        out.extend(files.into_iter().map(|p| {
            let t = std::fs::read_to_string(&p).expect("UTF-8 corpus text");
            (p, t)
        }));
    }
    out
}

fn variant(path: &Path, text: &str, rng: &mut Rng) -> (String, String) {
    let plan = guihua::extract_bytes(path, text.as_bytes()).expect("corpus plans extract");
    let region = plan.meta.region.clone().unwrap_or_else(|| "某县".into());
    let suffix = region.chars().last().unwrap_or('县');
    let stem: String = region
        .chars()
        .take(region.chars().count().saturating_sub(1))
        .collect();
    let name = format!(
        "{}{}",
        SYLLABLES[rng.below(SYLLABLES.len())],
        SYLLABLES[rng.below(SYLLABLES.len())]
    );
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();

    // Shuffle the middle top-level sections, renumbering their headings.
    let tops: Vec<&guihua::model::Heading> = plan.outline.iter().filter(|h| h.level == 1).collect();
    if tops.len() >= 4 {
        let starts: Vec<usize> = tops.iter().map(|h| h.span.line_start - 1).collect();
        let last_end = lines.len();
        let mut sections: Vec<Vec<String>> = starts
            .windows(2)
            .map(|w| lines[w[0]..w[1]].to_vec())
            .chain(std::iter::once(
                lines[starts[starts.len() - 1]..last_end].to_vec(),
            ))
            .collect();
        let n = sections.len();
        for i in (2..n - 1).rev() {
            let j = 1 + rng.below(i);
            sections.swap(i, j);
        }
        let label = Regex::new(r"^(\s*)(第[一二三四五六七八九十]+章|[一二三四五六七八九十]+、)")
            .expect("regex");
        for (k, s) in sections.iter_mut().enumerate() {
            if let Some(first) = s.first_mut() {
                let new = label.replace(first, |c: &regex::Captures| {
                    if c[2].starts_with('第') {
                        format!("{}第{}章", &c[1], cn(k + 1))
                    } else {
                        format!("{}{}、", &c[1], cn(k + 1))
                    }
                });
                *first = new.into_owned();
            }
        }
        let mut out: Vec<String> = lines[..starts[0]].to_vec();
        for s in sections {
            out.extend(s);
        }
        lines = out;
    }

    // Scale figures; leave years, numbering and dates.
    let number = Regex::new(r"\d+(?:\.\d+)?").expect("regex");
    for l in lines.iter_mut() {
        let f = rng.factor();
        let scaled = number.replace_all(l, |c: &regex::Captures| {
            let m = c.get(0).expect("match");
            let s = m.as_str();
            let after = &l[m.end()..];
            let at_start = l[..m.start()].trim().is_empty();
            let v: f64 = s.parse().unwrap_or(0.0);
            if (1900.0..=2100.0).contains(&v)
                || after.starts_with(['年', '月', '日', '.', '、', '）', ')', '-'])
                || at_start
                || v < 3.0
            {
                return s.to_string();
            }
            match s.find('.') {
                Some(p) => format!("{:.*}", s.len() - p - 1, v * f),
                None => format!("{}", (v * f).round() as i64),
            }
        });
        *l = scaled.into_owned().replace(&stem, &name);
    }
    (format!("{name}{suffix}"), lines.join("\n"))
}

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(n), Some(dir)) = (
        args.next().and_then(|s| s.parse::<usize>().ok()),
        args.next(),
    ) else {
        eprintln!("usage: generate N OUTDIR");
        std::process::exit(2);
    };
    let dir = PathBuf::from(dir);
    std::fs::create_dir_all(&dir).expect("output directory");
    let docs = corpus();
    let mut bytes = 0usize;
    for i in 0..n {
        let mut rng =
            Rng(0x9E37_79B9_7F4A_7C15 ^ (i as u64 + 1).wrapping_mul(0xBF58_476D_1CE4_E5B9));
        let (path, text) = &docs[i % docs.len()];
        let (region, body) = variant(path, text, &mut rng);
        let data = match i % 7 {
            0 => encoding_rs::GB18030.encode(&body).0.into_owned(),
            3 => body.replace('\n', "\r\n").into_bytes(),
            _ => body.into_bytes(),
        };
        bytes += data.len();
        let f = dir.join(format!("gen_{i:05}_{region}.txt"));
        std::fs::write(&f, data).expect("write");
    }
    eprintln!(
        "generate: {n} documents, {:.1} MB in {}",
        bytes as f64 / 1e6,
        dir.display()
    );
}
