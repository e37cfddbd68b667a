//! Debug: the table grids the text reader makes of a text or Markdown file,
//! one row a line with its cells between bars; with `--clean`, the table
//! regions the clean stage finds in it instead.
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let cleaned = args.iter().any(|a| a == "--clean");
    for path in args.iter().filter(|a| *a != "--clean") {
        let bytes = std::fs::read(path).expect("readable file");
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
        if cleaned {
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
            continue;
        }
        for g in &doc.tables {
            println!("== {path} lines {:?} ({:?})", g.lines, g.kind);
            for r in &g.rows {
                let cells: Vec<String> = r
                    .cells
                    .iter()
                    .map(|c| format!("{}:{}", c.col, c.text))
                    .collect();
                println!("  | {}", cells.join(" | "));
            }
        }
    }
}
