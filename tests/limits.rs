//! Every field of `guihua::Limits` broken by a small input with a tiny limit:
//! a one-line error naming the file and the limit, the limit's code, and in a
//! batch a manifest entry with that code and no output.

mod common;

use common::*;
use guihua::{Limits, Options};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// A bundled 42-page PDF (GBK CID fonts, compressed content streams).
fn pdf() -> PathBuf {
    root().join("corpus/pdf/legacy-gbk/000_bcb06eedc5e15154.pdf")
}

fn with(limits: Limits) -> Options {
    Options {
        limits,
        ..Options::default()
    }
}

/// Extract `bytes` as `name` within `limits`; the error's code and message.
fn breach(name: &str, bytes: &[u8], limits: Limits) -> (String, String) {
    let e = guihua::extract_bytes_with(Path::new(name), bytes, &with(limits))
        .expect_err("the limit is broken");
    let msg = e.to_string();
    assert!(msg.starts_with(name), "{msg}");
    assert!(!msg.contains('\n'), "{msg}");
    (e.code().to_string(), msg)
}

fn docx(parts: &[(&str, &[u8])], method: zip::CompressionMethod) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let opt = zip::write::SimpleFileOptions::default().compression_method(method);
        for (name, body) in parts {
            z.start_file(*name, opt).unwrap();
            z.write_all(body).unwrap();
        }
        z.finish().unwrap();
    }
    buf.into_inner()
}

fn word(body: &str) -> Vec<u8> {
    let xml = format!(
        r#"<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    );
    docx(
        &[("word/document.xml", xml.as_bytes())],
        zip::CompressionMethod::Stored,
    )
}

fn para(t: &str) -> String {
    format!("<w:p><w:r><w:t>{t}</w:t></w:r></w:p>")
}

#[test]
fn the_defaults_read_every_kind_of_input() {
    let d = Limits::default();
    assert_eq!(d.max_input_bytes, 256 << 20);
    assert_eq!(d.max_stream_bytes, 64 << 20);
    let plan = guihua::extract_file_with(&pdf(), &with(d)).unwrap();
    assert_eq!(plan.source.pages, Some(42));
}

#[test]
fn input_bytes() {
    let text = "某某县“十四五”民政事业发展规划\n一、总体要求\n".repeat(10);
    let tight = Limits {
        max_input_bytes: 100,
        ..Limits::default()
    };
    let (code, msg) = breach("big.txt", text.as_bytes(), tight);
    assert_eq!(code, "limit-bytes");
    assert!(
        msg.contains("file too large") && msg.contains("limit 100"),
        "{msg}"
    );
    // From a file: refused by its size, before it is read.
    let e = guihua::extract_file_with(&pdf(), &with(tight)).unwrap_err();
    assert_eq!(e.code(), "limit-bytes", "{e}");
}

#[test]
fn pdf_stream_document_objects_depth_pages_and_operations() {
    let bytes = std::fs::read(pdf()).unwrap();
    let cases = [
        (
            Limits {
                max_stream_bytes: 200,
                ..Limits::default()
            },
            "limit-stream",
            "200",
        ),
        (
            Limits {
                max_document_bytes: 20_000,
                ..Limits::default()
            },
            "limit-document",
            "20000 bytes in all",
        ),
        (
            Limits {
                max_objects: 10,
                ..Limits::default()
            },
            "limit-objects",
            "(limit 10)",
        ),
        (
            Limits {
                max_depth: 0,
                ..Limits::default()
            },
            "limit-depth",
            "page tree nests deeper than 0",
        ),
        (
            Limits {
                max_pages: 5,
                ..Limits::default()
            },
            "limit-pages",
            "more than 5 pages",
        ),
        (
            Limits {
                max_ops_per_page: 10,
                ..Limits::default()
            },
            "limit-ops",
            "more than 10 content operations",
        ),
        (
            Limits {
                timeout: Some(Duration::ZERO),
                ..Limits::default()
            },
            "limit-time",
            "time limit",
        ),
    ];
    for (limits, want, words) in cases {
        let (code, msg) = breach("plan.pdf", &bytes, limits);
        assert_eq!(code, want, "{msg}");
        assert!(
            msg.contains("limit") && msg.contains(words),
            "{want}: {msg}"
        );
    }
}

#[test]
fn text_and_web_page_time_and_depth() {
    let text = "某某县“十四五”民政事业发展规划\n一、总体要求\n坚持以人民为中心。\n";
    let (code, _) = breach(
        "plan.txt",
        text.as_bytes(),
        Limits {
            timeout: Some(Duration::ZERO),
            ..Limits::default()
        },
    );
    assert_eq!(code, "limit-time");
    let page = format!(
        "<html><body>{}<p>某某县发展规划</p>{}</body></html>",
        "<div>".repeat(20),
        "</div>".repeat(20)
    );
    let (code, msg) = breach(
        "deep.html",
        page.as_bytes(),
        Limits {
            max_markup_depth: 10,
            ..Limits::default()
        },
    );
    assert_eq!(code, "limit-depth");
    assert!(msg.contains("limit 10"), "{msg}");
    // The default reads it.
    guihua::extract_bytes(Path::new("deep.html"), page.as_bytes()).unwrap();
}

#[test]
fn image_pixels() {
    let img = image::GrayImage::from_pixel(200, 100, image::Luma([255u8]));
    let mut png = std::io::Cursor::new(Vec::new());
    img.write_to(&mut png, image::ImageFormat::Png).unwrap();
    let (code, msg) = breach(
        "page.png",
        png.get_ref(),
        Limits {
            max_image_pixels: 10_000,
            ..Limits::default()
        },
    );
    assert_eq!(code, "limit-pixels");
    assert!(
        msg.contains("200×100 pixels, more than the limit of 10000"),
        "{msg}"
    );
}

#[test]
fn word_zip_entries_ratio_part_size_document_size_and_nesting() {
    let body = para("某某县“十四五”民政事业发展规划") + &para("一、总体要求");
    let ok = word(&body);
    guihua::extract_bytes(Path::new("ok.docx"), &ok).unwrap();
    let (code, msg) = breach(
        "many.docx",
        &ok,
        Limits {
            max_zip_entries: 0,
            ..Limits::default()
        },
    );
    assert_eq!(code, "limit-zip");
    assert!(msg.contains("1 entries (limit 0)"), "{msg}");
    // A zip bomb under the default limits: 8 MiB of one byte, packed ~1000 to 1.
    let filler = format!("<w:p><w:r><w:t>{}</w:t></w:r></w:p>", "a".repeat(8 << 20));
    let xml = format!(
        r#"<?xml version="1.0"?><w:document xmlns:w="x"><w:body>{body}{filler}</w:body></w:document>"#
    );
    let bomb = docx(
        &[("word/document.xml", xml.as_bytes())],
        zip::CompressionMethod::Deflated,
    );
    assert!(bomb.len() < 64 << 10, "{}", bomb.len());
    let (code, msg) = breach("bomb.docx", &bomb, Limits::default());
    assert_eq!(code, "limit-zip");
    assert!(msg.contains("zip bomb"), "{msg}");
    for (limits, want) in [
        (
            Limits {
                max_stream_bytes: 100,
                ..Limits::default()
            },
            "limit-stream",
        ),
        (
            Limits {
                max_document_bytes: 100,
                ..Limits::default()
            },
            "limit-document",
        ),
        (
            Limits {
                max_markup_depth: 3,
                ..Limits::default()
            },
            "limit-depth",
        ),
    ] {
        let (code, msg) = breach("plan.docx", &ok, limits);
        assert_eq!(code, want, "{msg}");
    }
    let nested = format!(
        "{}{}{}",
        "<w:tbl><w:tr><w:tc>".repeat(3),
        para("x"),
        "</w:tc></w:tr></w:tbl>".repeat(3)
    );
    let (code, msg) = breach(
        "nested.docx",
        &word(&(body + &nested)),
        Limits {
            max_depth: 2,
            ..Limits::default()
        },
    );
    assert_eq!(code, "limit-depth");
    assert!(msg.contains("tables nested deeper than 2"), "{msg}");
}

#[test]
fn batch_records_each_breach_by_code_and_writes_nothing_for_it() {
    let dir = scratch("limits-batch-in");
    std::fs::copy(pdf(), dir.join("long.pdf")).unwrap();
    std::fs::write(
        dir.join("short.txt"),
        "某某县“十四五”民政事业发展规划\n一、总体要求\n坚持以人民为中心。\n",
    )
    .unwrap();
    let out = scratch("limits-batch-out");
    let mut opts = guihua::batch::Options {
        jobs: 1,
        ..guihua::batch::Options::default()
    };
    opts.extract.limits.max_pages = 5;
    let s = guihua::batch::run(&dir, Some(&out), &opts, None, &|_| {}).unwrap();
    assert_eq!((s.converted, s.failed), (1, 1), "{s:?}");
    let entries: Vec<guihua::batch::Entry> =
        std::fs::read_to_string(out.join(guihua::batch::MANIFEST))
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
    let long = entries.iter().find(|e| e.path == "long.pdf").unwrap();
    assert_eq!(long.code.as_deref(), Some("limit-pages"));
    assert!(long.output.is_none());
    assert!(!out.join("long.json").exists());
    let short = entries.iter().find(|e| e.path == "short.txt").unwrap();
    assert_eq!(short.code, None);
    // The size limit, by --max-mb 0 on the command line.
    let out2 = scratch("limits-batch-cli");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_guihua"))
        .arg("batch")
        .arg(&dir)
        .arg("-o")
        .arg(&out2)
        .args(["--max-mb", "0"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let manifest = std::fs::read_to_string(out2.join(guihua::batch::MANIFEST)).unwrap();
    assert_eq!(
        manifest.matches(r#""code":"limit-bytes""#).count(),
        2,
        "{manifest}"
    );
}

#[test]
fn extract_takes_a_timeout() {
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_guihua"))
        .args(["extract", "--timeout", "0"])
        .arg(pdf())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("time limit"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}
