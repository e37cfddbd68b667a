//! Debug: the table regions the clean stage finds in a text or Markdown
//! file, one row a line with its cells between bars.
fn main() {
    for path in std::env::args().skip(1) {
        let bytes = std::fs::read(&path).expect("readable file");
        let doc = if path.ends_with(".md") {
            guihua::read::text::markdown_document(&bytes)
        } else {
            guihua::read::text::text_document(&bytes)
        };
        let doc = match doc {
            Ok(d) => d,
            Err(e) => {
                eprintln!("{path}: {e}");
                continue;
            }
        };
        for b in guihua::clean::clean(&doc).blocks {
            if let guihua::clean::Block::Table(t) = b {
                println!(
                    "== {path} lines {}..{} ({:?})",
                    t.span.line_start, t.span.line_end, t.layout
                );
                for r in &t.rows {
                    println!("  | {}", r.cells.join(" | "));
                }
            }
        }
    }
}
