//! Debug: the skew, rules and table cells found on page images (JPEG/PNG
//! files, as `pdfimages` writes them; a file saying under 100 dpi is taken as
//! 300): `SAVE=PREFIX` writes the levelled and the cleaned image, `RULES=1`
//! lists the rules.
use guihua::read::image::{find_rules, read_image_file, table_cells};

fn main() {
    for path in std::env::args().skip(1) {
        let bytes = std::fs::read(&path).unwrap();
        let page = read_image_file(&bytes, 1 << 28).unwrap().remove(0);
        let mut dpi = page
            .dpi
            .map(|d| d.0)
            .filter(|&d| d >= 100.0)
            .unwrap_or(300.0);
        let mut page = page;
        if dpi > 250.0 {
            page.image = page.image.shrunk(200.0 / dpi);
            dpi = 200.0;
        }
        let skew = page.image.ink_skew();
        let levelled = skew.abs() >= 0.1f64.to_radians();
        let img = if levelled {
            page.image.turned_by(skew)
        } else {
            page.image
        };
        let (rules, clean) = find_rules(&img, (0.6 * dpi) as u32, (0.5 * dpi) as u32, levelled);
        let cells = table_cells(&rules, (dpi / 50.0).max(2.0));
        println!(
            "{path}: skew {:.3}° rules {} cells {}",
            skew.to_degrees(),
            rules.len(),
            cells.len()
        );
        if let Ok(out) = std::env::var("SAVE") {
            image::GrayImage::from_raw(clean.width, clean.height, clean.px.clone())
                .unwrap()
                .save(format!("{out}-clean.png"))
                .unwrap();
            image::GrayImage::from_raw(img.width, img.height, img.px.clone())
                .unwrap()
                .save(format!("{out}-level.png"))
                .unwrap();
        }
        if std::env::var("RULES").is_ok() {
            for r in &rules {
                println!("  {:.1},{:.1} - {:.1},{:.1}", r.x0, r.y0, r.x1, r.y1);
            }
        }
    }
}
