//! Print the lines guihua reads from a PDF (page, lines, bbox, text), the
//! input of the clean stage (a scan OCR'd as `--ocr auto` would):
//! `cargo run --release --example pdflines -- FILE.pdf`.

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: pdflines FILE.pdf");
        std::process::exit(2);
    };
    let bytes = std::fs::read(&path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(1)
    });
    match guihua::pdf::pdf_document_with(&bytes, &guihua::Options::default()) {
        Ok(doc) => {
            for w in &doc.warnings {
                println!("# warning {}: {}", w.code, w.message);
            }
            for l in &doc.lines {
                let s = l.span;
                let st = l
                    .style
                    .map(|s| {
                        format!(
                            "{:.2}{}{}",
                            s.rel_size,
                            if s.bold { "b" } else { "" },
                            if s.centered { "c" } else { "" }
                        )
                    })
                    .unwrap_or_default();
                println!(
                    "p{} l{}-{} {:?} {}\t{}",
                    s.page.unwrap_or(0),
                    s.line_start,
                    s.line_end,
                    s.bbox.unwrap_or_default(),
                    st,
                    l.text.replace('\t', " ⇥ ")
                );
            }
        }
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    }
}
