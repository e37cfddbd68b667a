//! A short, deterministic fuzz run on stable Rust with no extra tools: a fixed
//! number of seeded mutations (byte flips, cuts, repeats, splices between
//! seeds, tokens of the format) per reader, each a plan or a clean one-line
//! error, never a panic nor a hang. Also replays every input the real fuzzers
//! (`fuzz/`, see the README) ever found, kept in tests/fixtures/crashes/.

mod common;

use common::*;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Longest any one mutated input may take (a hang shows as far longer; the
/// bound is loose for a loaded machine).
const SLOW: Duration = Duration::from_secs(20);

/// One reader under test: the name its inputs carry, its seeds, the tokens
/// its format is made of, and how many mutations it gets.
struct Target {
    name: &'static str,
    seeds: Vec<Vec<u8>>,
    tokens: Vec<&'static [u8]>,
    rounds: usize,
    /// Turns mutated bytes into the input (docx_xml zips its XML).
    wrap: fn(&[u8]) -> Vec<u8>,
}

fn read(p: PathBuf) -> Vec<u8> {
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// The three Word XML parts of a .docx joined by NUL bytes, as the
/// `docx_xml` fuzz target takes them.
fn word_parts(docx: &Path) -> Vec<u8> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(read(docx.to_path_buf()))).unwrap();
    let mut out = Vec::new();
    for (i, name) in ["word/document.xml", "word/styles.xml", "word/numbering.xml"]
        .iter()
        .enumerate()
    {
        if i > 0 {
            out.push(0);
        }
        if let Ok(mut f) = z.by_name(name) {
            std::io::copy(&mut f, &mut out).unwrap();
        }
    }
    out
}

/// The inverse of [`word_parts`]: a valid zip holding the parts.
fn zip_parts(data: &[u8]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let names = ["word/document.xml", "word/styles.xml", "word/numbering.xml"];
    for (name, part) in names.iter().zip(data.splitn(3, |&b| b == 0)) {
        zip.start_file(*name, stored).unwrap();
        zip.write_all(part).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

fn targets() -> Vec<Target> {
    let c = root().join("corpus");
    let same = |b: &[u8]| b.to_vec();
    vec![
        Target {
            name: "pdf",
            seeds: vec![
                read(c.join("pdf/legacy-gbk/003_08fcdae4f348d3f7.pdf")),
                tiny_pdf(),
            ],
            tokens: vec![
                b"obj",
                b"endobj",
                b"stream\n",
                b"endstream",
                b"xref",
                b"trailer",
                b"<<",
                b">>",
                b"/Filter /FlateDecode",
                b"/Length 99999999",
                b"/Type /Page",
                b"/Kids [",
                b"/Count 2147483647",
                b"1 0 R",
                b"[",
                b"]",
                b"(",
                b")",
                b"<FEFF",
                b"BT",
                b"ET",
                b"Tj",
                b"TJ",
                b"Tf",
                b"Td",
                b"Tm",
                b"cm",
                b"q",
                b"Q",
                b"Do",
                b"BI",
                b"ID",
                b"EI",
                b"/ToUnicode",
                b"beginbfchar",
                b"beginbfrange",
                b"/Encrypt",
                b"/ObjStm",
                b"/Prev 0",
                b"startxref\n0",
                b"-1",
                b"1e308",
                b"%%EOF",
            ],
            rounds: 1500,
            wrap: same,
        },
        Target {
            name: "txt",
            seeds: vec![
                read(c.join("variants").join(first(&c.join("variants"), "txt"))),
                {
                    let mut b = vec![0xFF, 0xFE];
                    for u in "第一章 总则\n一、目标\n（一）指标\n专栏1\n序号\t指标\t2025年\n"
                        .encode_utf16()
                    {
                        b.extend(u.to_le_bytes());
                    }
                    b
                },
            ],
            tokens: vec![
                b"\xEF\xBB\xBF",
                b"\xFF\xFE",
                b"\xFE\xFF",
                b"\xB5\xDA",
                b"\x81\x30\x81\x30",
                "专栏".as_bytes(),
                "第一章".as_bytes(),
                "（一）".as_bytes(),
                "①".as_bytes(),
                b"\t",
                b"|",
                b"\r\n",
                b"\x0c",
                b"\x00",
                "万元".as_bytes(),
                "≥".as_bytes(),
                b"1.",
                b"**",
            ],
            rounds: 1500,
            wrap: same,
        },
        Target {
            name: "docx",
            seeds: vec![read(c.join("renderings/word/c_plain_numerals.docx"))],
            tokens: vec![
                b"PK\x03\x04",
                b"PK\x01\x02",
                b"PK\x05\x06",
                b"\xff\xff\xff\xff",
            ],
            rounds: 1000,
            wrap: same,
        },
        Target {
            name: "docx_xml",
            seeds: vec![word_parts(&c.join("renderings/word/a_city_chapters.docx"))],
            tokens: vec![
                b"<w:p>",
                b"</w:p>",
                b"<w:r>",
                b"<w:t>",
                b"<w:tbl>",
                b"<w:tr>",
                b"<w:tc>",
                b"<w:numPr><w:ilvl w:val=\"9\"/><w:numId w:val=\"1\"/></w:numPr>",
                b"<w:gridSpan w:val=\"999\"/>",
                b"<w:vMerge/>",
                b"<!DOCTYPE x [<!ENTITY a \"b\">]>",
                b"&a;",
                b"&#0;",
                b"<![CDATA[",
                b"<w:pStyle w:val=\"Heading1\"/>",
                b"\x00",
            ],
            rounds: 1200,
            wrap: zip_parts,
        },
        Target {
            name: "image",
            seeds: image_seeds(),
            tokens: vec![
                b"\x89PNG\r\n\x1a\n",
                b"IHDR",
                b"IDAT",
                b"IEND",
                b"\xff\xd8\xff",
                b"\xff\xc0",
                b"\xff\xda",
                b"II*\x00",
                b"MM\x00*",
                b"\xff\xff\xff\x7f",
                b"\x00\x00\x00\x00",
            ],
            rounds: 800,
            wrap: same,
        },
        Target {
            name: "html",
            seeds: vec![read(c.join("renderings/web/b_county_parts.html"))],
            tokens: vec![
                b"<table>",
                b"</table>",
                b"<tr>",
                b"<td colspan=\"9999\">",
                b"<td rowspan=\"0\">",
                b"<h1>",
                b"<ol>",
                b"<li>",
                b"<br>",
                b"<p>",
                b"<div>",
                b"<meta charset=\"gbk\">",
                b"&nbsp;",
                b"&#x0;",
                b"<script>",
                b"<!--",
                b"<![CDATA[",
            ],
            rounds: 1500,
            wrap: same,
        },
    ]
}

/// A one-page PDF small enough that most mutations land in its structure.
fn tiny_pdf() -> Vec<u8> {
    let content = "BT /F1 12 Tf 72 720 Td (1. Plan) Tj 0 -20 Td [(2.) -250 (Goals)] TJ ET";
    let objs = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_string(),
        format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
    ];
    let mut b = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objs.iter().enumerate() {
        offsets.push(b.len());
        b.extend(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = b.len();
    b.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objs.len() + 1).as_bytes());
    for o in offsets {
        b.extend(format!("{o:010} 00000 n \n").as_bytes());
    }
    b.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objs.len() + 1
        )
        .as_bytes(),
    );
    b
}

/// The first file with extension `ext` in `dir`, by name.
fn first(dir: &Path, ext: &str) -> String {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(&format!(".{ext}")))
        .collect();
    v.sort();
    v.remove(0)
}

/// One to eight random edits of `seed`.
fn mutate(rng: &mut Rng, seed: &[u8], other: &[u8], tokens: &[&[u8]]) -> Vec<u8> {
    let mut b = seed.to_vec();
    for _ in 0..1 + rng.below(8) {
        let i = rng.below(b.len() + 1);
        let n = (1 + rng.below(64)).min(b.len() - i);
        match rng.below(7) {
            0 if i < b.len() => b[i] ^= 1 << rng.below(8),
            1 if i < b.len() => b[i] = [0, 0xFF, b'0', b'9', b'\n', b' '][rng.below(6)],
            2 => b.truncate(i),
            3 => {
                b.drain(i..i + n);
            }
            4 => {
                let chunk = b[i..i + n].to_vec();
                let at = rng.below(b.len() + 1);
                b.splice(
                    at..at,
                    chunk.iter().copied().cycle().take(n * (1 + rng.below(4))),
                );
            }
            5 => {
                // Splice: our head, another seed's tail.
                let j = rng.below(other.len() + 1);
                b.truncate(i);
                b.extend_from_slice(&other[j..]);
            }
            _ => {
                let t = tokens[rng.below(tokens.len())];
                b.splice(i..i, t.iter().copied());
            }
        }
    }
    b
}

/// Extract `bytes` as `name`: a plan or a one-line error naming the file,
/// never a panic, within [`SLOW`]. True when it gave a plan.
fn must_survive(name: &str, bytes: &[u8], what: &str) -> bool {
    let path = Path::new(name);
    let t0 = Instant::now();
    let opts = guihua::Options {
        ocr: guihua::OcrMode::Never, // Tesseract is another program; `image` covers its decoders
        ..Default::default()
    };
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        if name.ends_with(".image") {
            return guihua::read::image::fuzz_input(bytes, 4_000_000)
                .map(|_| ())
                .map_err(|e| e.replace(name, "").replace('\n', " "));
        }
        guihua::extract_bytes_with(path, bytes, &opts)
            .map(|_| ())
            .map_err(|e| e.to_string())
    }));
    let took = t0.elapsed();
    let r = r.unwrap_or_else(|p| {
        let msg = guihua::batch::panic_message(&*p);
        let keep = std::env::temp_dir().join(format!("guihua-fuzz-smoke-{what}.bin"));
        let _ = std::fs::write(&keep, bytes);
        panic!("{what}: panicked: {msg} (input kept at {})", keep.display())
    });
    assert!(took < SLOW, "{what}: took {took:?}");
    match r {
        Ok(()) => true,
        Err(msg) => {
            let named = msg.contains(name) || name.ends_with(".image");
            assert!(named && !msg.contains('\n'), "{what}: error {msg:?}");
            false
        }
    }
}

/// A ruled grey page (a 3×3 table and some ink) as PNG, JPEG and TIFF files,
/// each behind the `image` target's byte 0, and as raw 8-bit samples.
fn image_seeds() -> Vec<Vec<u8>> {
    let (w, h) = (120u32, 90u32);
    let mut img = image::GrayImage::from_pixel(w, h, image::Luma([255]));
    for i in 0..4 {
        for x in 10..110 {
            img.put_pixel(x, 10 + i * 23, image::Luma([0]));
        }
        for y in 10..80 {
            img.put_pixel(10 + i * 33, y, image::Luma([0]));
        }
    }
    for (x, y) in [(20, 20), (50, 45), (80, 60)] {
        for d in 0..6 {
            img.put_pixel(x + d, y + d / 2, image::Luma([40]));
        }
    }
    let mut seeds = Vec::new();
    for format in [
        image::ImageFormat::Png,
        image::ImageFormat::Jpeg,
        image::ImageFormat::Tiff,
    ] {
        let mut out = std::io::Cursor::new(vec![0u8]);
        out.set_position(1);
        img.write_to(&mut out, format).unwrap();
        seeds.push(out.into_inner());
    }
    let mut raw = vec![1, 3, 0, 0];
    raw.extend((w as u16).to_le_bytes());
    raw.extend((h as u16).to_le_bytes());
    raw.extend(img.as_raw());
    seeds.push(raw);
    seeds
}

#[test]
fn seeded_mutations_of_every_reader_never_panic() {
    let t0 = Instant::now();
    for t in targets() {
        let mut rng = Rng(0xF022_5EED ^ (t.name.len() as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let (mut ok, mut errors) = (0, 0);
        for round in 0..t.rounds {
            let seed = &t.seeds[round % t.seeds.len()];
            let other = &t.seeds[rng.below(t.seeds.len())];
            let bytes = (t.wrap)(&mutate(&mut rng, seed, other, &t.tokens));
            let name = format!("fuzz.{}", t.name.split('_').next().unwrap_or(t.name));
            if must_survive(&name, &bytes, &format!("{} round {round}", t.name)) {
                ok += 1;
            } else {
                errors += 1;
            }
        }
        eprintln!(
            "{}: {} mutations, {ok} plans, {errors} clean errors",
            t.name, t.rounds
        );
    }
    eprintln!("fuzz smoke: {:.1}s", t0.elapsed().as_secs_f64());
}

/// Every input a fuzzer found (a panic, a hang, an abort), minimized, by
/// target: each must now give a plan or a clean error, quickly.
#[test]
fn every_crash_the_fuzzers_found_stays_fixed() {
    let dir = root().join("tests/fixtures/crashes");
    let mut n = 0;
    let Ok(targets) = std::fs::read_dir(&dir) else {
        eprintln!("no crash inputs: {} is absent", dir.display());
        return;
    };
    for target in targets {
        let target = target.unwrap().path();
        let kind = target.file_name().unwrap().to_string_lossy().into_owned();
        for f in std::fs::read_dir(&target).unwrap() {
            let f = f.unwrap().path();
            let bytes = read(f.clone());
            let bytes = if kind == "docx_xml" {
                zip_parts(&bytes)
            } else {
                bytes
            };
            let ext = kind.split('_').next().unwrap();
            must_survive(&format!("crash.{ext}"), &bytes, &f.display().to_string());
            n += 1;
        }
    }
    eprintln!("{n} crash inputs replayed");
}
