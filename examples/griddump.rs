//! Debug: the table grids the text reader makes of a text or Markdown file,
//! one row a line with its cells between bars.
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
