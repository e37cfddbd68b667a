//! Pages whose text layer cannot be trusted, rendered for OCR.
//!
//! A PDF from a virtual printer or an old converter may draw its text in
//! fonts with no Unicode map, or with a wrong one (Ghostscript's re-encoded
//! subsets give Latin-1 letters amid Chinese). Such a page reads as gaps or
//! garbage; rendered and read by OCR it reads as printed. We have no
//! rasterizer of our own, so poppler's `pdftoppm` renders the page (found as
//! `GUIHUA_PDFTOPPM` or on the PATH, like Tesseract).

use super::PageContent;
use crate::read::image::Gray;
use crate::read::ocr::{Affine, Job};
use std::io::Read;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Resolution pages are rendered at for OCR.
pub const RENDER_DPI: f64 = 300.0;
/// Codes without text (or with implausible text) on a page, at least.
const MIN_BAD_CODES: usize = 10;
/// …and at least this share of the page's codes, for it to be rendered.
const BAD_SHARE: f64 = 0.05;

/// Whether the page's text layer fails it: many character codes give no
/// text, or give Latin letters in a page otherwise set in Chinese. The
/// count of such codes, if so.
pub fn undecodable(c: &PageContent) -> Option<usize> {
    let (mut cjk, mut odd) = (0usize, 0usize);
    for g in &c.glyphs {
        for ch in g.text.chars() {
            match ch {
                '\u{3400}'..='\u{9fff}' => cjk += 1,
                // C1 controls and accented letters: a wrong map (the
                // symbols of Latin-1, · × ° ², are real text).
                '\u{80}'..='\u{9f}' | '\u{c0}'..='\u{24f}' if ch != '×' && ch != '÷' => odd += 1,
                _ => {}
            }
        }
    }
    let odd = if cjk >= odd.max(MIN_BAD_CODES) { odd } else { 0 };
    let bad = c.unmapped + odd;
    (bad >= MIN_BAD_CODES && bad as f64 >= BAD_SHARE * c.codes.max(1) as f64).then_some(bad)
}

/// The document written once to a temporary file that `pdftoppm` reads;
/// removed when dropped.
pub struct Renderer {
    program: PathBuf,
    file: PathBuf,
    password: Option<String>,
}

impl Renderer {
    /// A renderer for the PDF `bytes`, or why there is none.
    pub fn new(bytes: &[u8], password: Option<&str>) -> Result<Renderer, String> {
        let program = PathBuf::from(
            std::env::var_os("GUIHUA_PDFTOPPM").unwrap_or_else(|| "pdftoppm".into()),
        );
        Command::new(&program)
            .arg("-v")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .map_err(|_| {
                format!(
                    "no renderer ({}; apt-get install poppler-utils)",
                    program.display()
                )
            })?;
        static SEQ: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = SEQ.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let file = std::env::temp_dir().join(format!("guihua-render-{}-{n}.pdf", std::process::id()));
        std::fs::write(&file, bytes).map_err(|e| format!("cannot write {}: {e}", file.display()))?;
        Ok(Renderer {
            program,
            file,
            password: password.map(str::to_string),
        })
    }

    /// Page `page` (1-based) rendered in grey, and where its pixels land in
    /// `upright_box` (the page as a viewer shows it).
    pub fn page(
        &self,
        page: u32,
        upright_box: [f64; 4],
        max_pixels: u64,
        timeout: Duration,
    ) -> Result<Job, String> {
        let (w, h) = (
            upright_box[2] - upright_box[0],
            upright_box[3] - upright_box[1],
        );
        let pixels = w * h * (RENDER_DPI / 72.0).powi(2);
        if !(pixels.is_finite() && pixels > 0.0 && pixels <= max_pixels as f64) {
            return Err(format!(
                "page {page}: {w:.0}×{h:.0} points is too large to render for OCR"
            ));
        }
        let mut cmd = Command::new(&self.program);
        cmd.args(["-f", &page.to_string(), "-l", &page.to_string()])
            .args(["-r", &RENDER_DPI.to_string(), "-gray", "-png"]);
        if let Some(pw) = &self.password {
            cmd.args(["-opw", pw, "-upw", pw]);
        }
        let png = run(cmd.arg(&self.file), timeout)
            .map_err(|e| format!("page {page}: rendering for OCR: {e}"))?;
        let img = image::load_from_memory_with_format(&png, image::ImageFormat::Png)
            .map_err(|e| format!("page {page}: rendering for OCR: {e}"))?
            .into_luma8();
        let (pw, ph) = img.dimensions();
        if pw == 0 || ph == 0 {
            return Err(format!("page {page}: rendered empty"));
        }
        // Pixel (x right, y down) → the shown page (points, y up).
        let (sx, sy) = (w / f64::from(pw), h / f64::from(ph));
        let to_page: Affine = [sx, 0.0, 0.0, -sy, upright_box[0], upright_box[3]];
        Ok(Job {
            image: Gray {
                width: pw,
                height: ph,
                px: img.into_raw(),
            },
            to_page,
        })
    }
}

impl Drop for Renderer {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.file);
    }
}

/// Run `cmd`, its standard output, killed after `timeout`.
fn run(cmd: &mut Command, timeout: Duration) -> Result<Vec<u8>, String> {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| e.to_string())?;
    let mut stdout = child.stdout.take().ok_or("no pipe")?;
    let reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        stdout.read_to_end(&mut s).map(|_| s)
    });
    let t0 = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(s)) => break s,
            Ok(None) if t0.elapsed() > timeout => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("took longer than {} s", timeout.as_secs()));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(e) => return Err(e.to_string()),
        }
    };
    let out = reader
        .join()
        .map_err(|_| "output reader failed".to_string())?
        .map_err(|e| e.to_string())?;
    if !status.success() {
        return Err(format!("failed ({status})"));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::pdf::Glyph;

    fn page(text: &str, unmapped: usize) -> PageContent {
        let glyphs: Vec<Glyph> = text
            .chars()
            .map(|c| Glyph {
                text: c.to_string(),
                x: 0.0,
                y: 0.0,
                w: 1.0,
                run_x: 0.0,
                size: 10.0,
                bold: false,
            })
            .collect();
        PageContent {
            codes: glyphs.len() + unmapped,
            glyphs,
            unmapped,
            ..PageContent::default()
        }
    }

    #[test]
    fn wrong_or_missing_maps_are_undecodable() {
        let good = "城乡低保标准年度增速不低于居民上年度人均消费支出增速。".repeat(20);
        assert!(None == undecodable(&page(&good, 0)));
        assert!(None == undecodable(&page(&good, 3)));
        assert!(None != undecodable(&page(&good, 100)));
        // Ghostscript's re-encoded subsets: à ÿ Ā amid the Chinese.
        let garbled = "正à发4号正宁县人民府à公室s于印发ÿ实施ÿĀ".repeat(20);
        assert!(None != undecodable(&page(&garbled, 0)));
        // Latin-1 symbols are text, and a French page is not garbage.
        assert!(None == undecodable(&page(&"温度20°C，面积2×3m²。".repeat(30), 0)));
        assert!(None == undecodable(&page(&"élève à Paris, déjà été. ".repeat(30), 0)));
    }
}
