//! OCR: page images → the positioned glyphs and ruling lines the PDF text
//! path produces, so that layout, tables and outline read a scan as they read
//! a text PDF.
//!
//! The engine is Tesseract (with the `chi_sim` model), run as a child process
//! per page that reads a PGM image on stdin and writes TSV (one row per word
//! with its box and confidence) on stdout. A process, not the C API: a crash
//! or a runaway page in Leptonica/Tesseract is a failed page, not a dead
//! batch; the per-page time limit is a kill; and the build needs no C
//! toolchain or libtesseract headers. Starting it costs some 0.1 s a page,
//! against seconds of recognition.
//!
//! Before recognition a page image is turned upright, enlarged when its
//! resolution is under [`MIN_DPI`] (as far as the pixel limit allows), set
//! level when it lies crooked ([`image::Gray::ink_skew`]), and its ruling
//! lines are found and painted out ([`image::find_rules`]); after it, what
//! skew is left is measured from the words' baselines and taken out of their
//! positions. A page scan read with little confidence, or in lines
//! running down the image, is checked with Tesseract's orientation detection
//! (`--psm 0`, the `osd` model) and read again turned upright.
//!
//! Every page image is bounded ([`Bounds`]): its Tesseract runs are killed at
//! [`crate::Limits::ocr_page_timeout`] (never past the document's deadline),
//! and the time is checked between the steps before them.

use crate::read::image::{self, Gray};
use crate::read::pdf::{Glyph, Rule};
use std::io::{Read, Write};
use std::ops::Range;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// Images under this resolution are enlarged before recognition (Tesseract
/// misses characters only a few pixels high).
pub const MIN_DPI: f64 = 150.0;
/// The resolution enlarged images are brought up to (at least).
const TARGET_DPI: f64 = 300.0;
/// Scans finer than this are read at [`READ_DPI`].
const MAX_READ_DPI: f64 = 250.0;
/// The resolution a fine scan is read at: Tesseract's Chinese model reads
/// 300 dpi pages worse (300 dpi scans of the seeds read at 200: bilevel,
/// headF1 0.752 → 0.836 and indRow 0.241 → 0.414; grey, itemF1 0.800 →
/// 0.886 and indRow 0.103 → 0.310).
const READ_DPI: f64 = 200.0;
/// Words with no letter or digit recognized with less confidence (0–100) are
/// dropped: specks and ruling lines come out as low-confidence punctuation.
/// (Chinese words are kept at any confidence: Tesseract gives rare
/// characters 0 though it reads them right.)
const MIN_CONFIDENCE: f64 = 50.0;
/// Page images lying less than this many degrees off the level are read as
/// they lie (over an A4 width at 300 dpi, 0.1° moves a line's end 4 pixels).
const MIN_DESKEW: f64 = 0.1;
/// A line measures the page's skew when its characters span this many
/// character heights: over a few characters, the bottoms' jitter is the slope.
const MIN_SKEW_SPAN: f64 = 8.0;
/// Most table cells read one by one on a page.
const MAX_CELLS: usize = 600;
/// A line read again on its own replaces the page's reading only when the
/// model is at least this sure of it (0–100).
const MIN_REREAD_CONFIDENCE: f64 = 70.0;
/// The install hint every "no OCR engine" message carries.
pub const INSTALL_HINT: &str =
    "install Tesseract with its simplified-Chinese model: `apt-get install tesseract-ocr tesseract-ocr-chi-sim`";

/// The OCR engine found on this machine.
#[derive(Debug, Clone)]
pub struct Engine {
    pub program: PathBuf,
    /// The model, `chi_sim` unless `GUIHUA_OCR_LANG` names another
    /// (e.g. `chi_sim+eng`).
    pub lang: String,
    /// The models for table cells: `lang` with English where installed,
    /// which reads the lone %, 1 or 75 of a cell that the Chinese model
    /// misses.
    pub cell_lang: String,
    /// The model tables' cells are read with too: Tesseract's model of the
    /// simplified Han script (`HanS`, Debian's `tesseract-ocr-script-hans`)
    /// where installed and `GUIHUA_OCR_LANG` names no model, else `lang`
    /// (and cells are read once). Each model misreads its own characters
    /// (`chi_sim` 覆盖率 as 履盖率, `HanS` 覆盖率 as 覆盖这, and （一） as （二）
    /// in headings, which stay with `lang`); [`settle`] picks a cell's.
    pub table_lang: String,
    /// `table_lang` with English where installed, for small cells.
    pub table_cell_lang: String,
    /// `tesseract 5.3.0`
    pub version: String,
    /// Tesseract's orientation model (`osd`) is installed: a page read with
    /// little confidence is checked for lying turned.
    pub osd: bool,
}

impl Engine {
    /// Whether tables' cells are read by a second model ([`Engine::table_lang`]).
    pub fn two_models(&self) -> bool {
        self.table_lang != self.lang
    }
}

/// The engine, looked up once per process: `GUIHUA_TESSERACT` or `tesseract`
/// on the PATH, with the model installed.
pub fn engine() -> Result<&'static Engine, String> {
    static ENGINE: OnceLock<Result<Engine, String>> = OnceLock::new();
    ENGINE
        .get_or_init(find_engine)
        .as_ref()
        .map_err(Clone::clone)
}

fn find_engine() -> Result<Engine, String> {
    let program =
        PathBuf::from(std::env::var_os("GUIHUA_TESSERACT").unwrap_or_else(|| "tesseract".into()));
    let lang = std::env::var("GUIHUA_OCR_LANG").unwrap_or_else(|_| "chi_sim".into());
    let out = Command::new(&program)
        .arg("--list-langs")
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("no OCR engine ({}: {e}); {INSTALL_HINT}", program.display()))?;
    let listed =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    let have: Vec<&str> = listed.lines().map(str::trim).collect();
    if let Some(missing) = lang.split('+').find(|l| !have.contains(l)) {
        return Err(format!(
            "Tesseract has no `{missing}` model; {INSTALL_HINT} (or set TESSDATA_PREFIX)"
        ));
    }
    let version = Command::new(&program)
        .arg("--version")
        .output()
        .ok()
        .and_then(|o| {
            let s = String::from_utf8_lossy(&o.stdout).into_owned()
                + &String::from_utf8_lossy(&o.stderr);
            s.lines().next().map(|l| l.trim().to_string())
        })
        .unwrap_or_else(|| "tesseract".into());
    let cell_lang = if have.contains(&"eng") && !lang.split('+').any(|l| l == "eng") {
        format!("{lang}+eng")
    } else {
        lang.clone()
    };
    let chosen = std::env::var_os("GUIHUA_OCR_LANG").is_some();
    let (table_lang, table_cell_lang) = if !chosen && have.contains(&"HanS") {
        let small = if have.contains(&"eng") {
            "HanS+eng"
        } else {
            "HanS"
        };
        ("HanS".to_string(), small.to_string())
    } else {
        (lang.clone(), cell_lang.clone())
    };
    Ok(Engine {
        program,
        lang,
        cell_lang,
        table_lang,
        table_cell_lang,
        version,
        osd: have.contains(&"osd"),
    })
}

/// An affine map `[a b c d e f]`: x' = a·x + c·y + e, y' = b·x + d·y + f
/// (PDF's convention).
pub type Affine = [f64; 6];

/// `first`, then `then`.
pub fn compose(first: &Affine, then: &Affine) -> Affine {
    let [a, b, c, d, e, f] = *first;
    let [a2, b2, c2, d2, e2, f2] = *then;
    [
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    ]
}

pub fn apply(m: &Affine, x: f64, y: f64) -> (f64, f64) {
    (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
}

/// One image to recognize: its pixels and where they land on the page
/// (pixel x right, y down → page points, y up).
#[derive(Debug, Clone)]
pub struct Job {
    pub image: Gray,
    pub to_page: Affine,
}

impl Job {
    /// Pixels per inch on the page (the smaller of the two axes).
    pub fn dpi(&self) -> f64 {
        let sx = (self.to_page[0].powi(2) + self.to_page[1].powi(2)).sqrt();
        let sy = (self.to_page[2].powi(2) + self.to_page[3].powi(2)).sqrt();
        let pt_per_px = sx.max(sy).max(1e-9);
        72.0 / pt_per_px
    }

    /// The image turned `quarters` quarter turns clockwise, with the map
    /// adjusted so that its pixels land where they did.
    pub fn turned(self, quarters: u8) -> Job {
        let (mut image, mut to_page) = (self.image, self.to_page);
        for _ in 0..quarters % 4 {
            // A clockwise turn: new (qx, qy) was old (qy, H − qx).
            let h = f64::from(image.height);
            to_page = compose(&[0.0, -1.0, 1.0, 0.0, 0.0, h], &to_page);
            image = image.rotated(1);
        }
        Job { image, to_page }
    }

    /// The image turned by quarter turns so that its rows run left to right
    /// on the page and its columns top to bottom (a scan placed rotated, or a
    /// page with /Rotate), with the map adjusted.
    pub fn upright(self) -> Job {
        let score = |m: &Affine| {
            let n = (m[0].abs() + m[1].abs() + m[2].abs() + m[3].abs()).max(1e-12);
            (m[0] - m[3]) / n
        };
        let mut best = self.clone();
        let mut image = self.image;
        let mut to_page = self.to_page;
        for _ in 0..3 {
            // A clockwise turn: new (qx, qy) was old (qy, H − qx).
            let h = f64::from(image.height);
            let back: Affine = [0.0, -1.0, 1.0, 0.0, 0.0, h];
            to_page = compose(&back, &to_page);
            image = image.rotated(1);
            if score(&to_page) > score(&best.to_page) + 1e-9 {
                best = Job {
                    image: image.clone(),
                    to_page,
                };
            }
        }
        best
    }
}

/// What OCR of one page image may use: the instant its Tesseract runs must
/// end by (they are killed then), and the most pixels the image may grow to
/// when it is enlarged.
#[derive(Debug, Clone, Copy)]
pub struct Bounds {
    pub until: Instant,
    /// The whole time the page was given, for the message when it runs out.
    pub limit: Duration,
    pub max_pixels: u64,
}

impl Bounds {
    /// A page image whose OCR starts now under `limits`: at most
    /// [`crate::Limits::ocr_page_timeout`], and never past the document's
    /// deadline.
    pub fn page(limits: &crate::Limits) -> Bounds {
        let now = Instant::now();
        let cap = now + limits.ocr_page_timeout;
        let until = limits.deadline.map_or(cap, |d| d.min(cap));
        Bounds {
            until,
            limit: until.saturating_duration_since(now),
            max_pixels: limits.max_image_pixels,
        }
    }

    /// An error once the time is up.
    fn check(&self) -> Result<(), String> {
        if Instant::now() >= self.until {
            return Err(self.expired());
        }
        Ok(())
    }

    fn expired(&self) -> String {
        format!(
            "OCR stopped after {:.1} s, the time a page may take",
            self.limit.as_secs_f64()
        )
    }
}

/// The enlargement to bring an image of `width`×`height` pixels at `dpi` up
/// to [`TARGET_DPI`], as far as `max_pixels` allows (1: as it is).
fn upscale_factor(width: u32, height: u32, dpi: f64, max_pixels: u64) -> u32 {
    // (A scan at MIN_DPI may measure a hair under it.)
    if dpi >= MIN_DPI * 0.97 {
        return 1;
    }
    let mut factor = (TARGET_DPI / dpi).ceil().clamp(1.0, 4.0) as u64;
    let n = u64::from(width) * u64::from(height);
    while factor > 1 && n.saturating_mul(factor * factor) > max_pixels {
        factor -= 1;
    }
    factor as u32
}

/// What OCR read on one image, in page space.
#[derive(Debug, Default)]
pub struct PageRead {
    pub glyphs: Vec<Glyph>,
    /// Cells read by both models, settled over the document ([`settle`]).
    pub choices: Vec<Choice>,
    pub rules: Vec<Rule>,
    /// Mean confidence (0–100) of the words kept.
    pub confidence: f64,
    pub words: usize,
    /// Quarter turns clockwise the image was read turned by, when it lay
    /// turned (a sheet fed upside down): 0, 1, 2 or 3.
    pub turned: u8,
}

/// The map from page space to the page as a viewer shows it turned
/// `quarters` quarter turns clockwise (a page's /Rotate, or a scan read
/// turned), and that shown box.
pub fn page_view(m: [f64; 4], quarters: u8) -> (Affine, [f64; 4]) {
    let (w, h) = (m[2] - m[0], m[3] - m[1]);
    match quarters % 4 {
        1 => ([0.0, -1.0, 1.0, 0.0, -m[1], m[2]], [0.0, 0.0, h, w]),
        2 => ([-1.0, 0.0, 0.0, -1.0, m[2], m[3]], [0.0, 0.0, w, h]),
        3 => ([0.0, 1.0, -1.0, 0.0, m[3], -m[0]], [0.0, 0.0, h, w]),
        _ => ([1.0, 0.0, 0.0, 1.0, 0.0, 0.0], m),
    }
}

/// Recognize one image. `page` is the box of the page the image is the scan
/// of: given, a page that lies turned is read turned upright, and its words
/// are placed on the page as shown turned ([`page_view`]; the turn is in
/// [`PageRead::turned`]).
pub fn recognize(job: Job, page: Option<[f64; 4]>, bounds: Bounds) -> Result<PageRead, String> {
    let engine = engine()?;
    let job = job.upright();
    let dpi = job.dpi();
    let factor = upscale_factor(job.image.width, job.image.height, dpi, bounds.max_pixels);
    // A fine scan is read at READ_DPI (see `Gray::shrunk`), a coarse one
    // enlarged.
    let scale = if dpi > MAX_READ_DPI {
        READ_DPI / dpi
    } else {
        f64::from(factor)
    };
    let image = if scale < 1.0 {
        job.image.shrunk(scale)
    } else {
        job.image.upscaled(factor)
    };
    // The scale as the pixels came out (a whole number of them).
    let (sx, sy) = (
        f64::from(image.width) / f64::from(job.image.width.max(1)),
        f64::from(image.height) / f64::from(job.image.height.max(1)),
    );
    let to_page = compose(&[1.0 / sx, 0.0, 0.0, 1.0 / sy, 0.0, 0.0], &job.to_page);
    let dpi = dpi * sx;
    bounds.check()?;
    // A sheet fed crooked is set level before its rules are looked for (a
    // ruling line a degree off spans several pixel rows and is not found),
    // and the level image stands for the page: its lines are the page's.
    let skew = job.image.ink_skew();
    let levelled = skew.abs() >= MIN_DESKEW.to_radians();
    let image = if levelled {
        image.turned_by(skew)
    } else {
        image
    };
    bounds.check()?;
    let (min_h, min_v) = ((0.6 * dpi) as u32, (0.5 * dpi) as u32);
    let (mut rules, mut clean) = image::find_rules(&image, min_h, min_v, levelled);
    bounds.check()?;
    let tsv = run(engine, &clean, dpi, "3", &bounds)?;
    let mut lines = parse_tsv(&tsv);
    let mut to_page = to_page;
    let mut turned = 0;
    // A page read with little confidence may lie turned (fed upside down,
    // or a landscape sheet): Tesseract's orientation detection says how to
    // turn it, and the turned reading is kept if it reads better.
    if let (true, true, Some(page)) = (engine.osd, unsure(&lines), page) {
        if let Some(q) = orientation(engine, &clean, dpi, &bounds) {
            let mut job = Job { image, to_page }.turned(q);
            job.to_page = compose(&job.to_page, &page_view(page, q).0);
            bounds.check()?;
            let (r, c) = image::find_rules(&job.image, min_h, min_v, levelled);
            bounds.check()?;
            let l = parse_tsv(&run(engine, &c, dpi, "3", &bounds)?);
            if !unsure(&l) || mean_confidence(&l) > mean_confidence(&lines) {
                (rules, clean, lines, to_page, turned) = (r, c, l, job.to_page, q);
            }
        }
    }
    // Ruled tables are read again cell by cell, and those readings replace
    // the page-wide one inside the cells.
    // (Cells the table model read too: their readings, by choice.)
    let mut others: Vec<Vec<Line>> = Vec::new();
    let mut cells = image::table_cells(&rules, (dpi / 50.0).max(2.0));
    // A page ruled into more cells than a table has (a form, a chart grid) is
    // read as a page: its cells would make a mosaic of unbounded height.
    if cells.len() > MAX_CELLS {
        cells.clear();
    }
    if !cells.is_empty() {
        let inside = |l: &Line| {
            let (cx, cy) = (l.left + l.width / 2.0, l.top + l.height / 2.0);
            cells
                .iter()
                .any(|c| cx >= c[0] && cx <= c[2] && cy >= c[1] && cy <= c[3])
        };
        lines.retain(|l| !inside(l));
        let inset = (dpi / 75.0).max(2.0);
        let mut read = read_stacked(engine, &clean, &cells, inset, dpi, false, &bounds)?;
        if engine.two_models() {
            let other = read_stacked(engine, &clean, &cells, inset, dpi, true, &bounds)?;
            offer(&mut read, other, &mut others);
        }
        lines.extend(read.into_iter().map(|(_, l)| l));
        // A cell the model read nothing in but one short flat stroke holds
        // a dash (— for "no figure"), which it does not read on its own.
        for c in &cells {
            let read = lines.iter().any(|l| {
                let (cx, cy) = (l.left + l.width / 2.0, l.top + l.height / 2.0);
                cx >= c[0] && cx <= c[2] && cy >= c[1] && cy <= c[3]
            });
            if !read {
                if let Some(d) = dash(&clean, c, dpi) {
                    lines.push(d);
                }
            }
        }
    }
    // Borderless tables: a page-wide reading runs a row's cells together
    // and drops a lone figure or row number, so where the ink stands in
    // columns each line of each cell is read on its own, as ruled cells are.
    let em = median(
        lines
            .iter()
            .filter(|l| l.words.iter().any(|w| w.text.chars().any(is_han)))
            .map(|l| l.height)
            .collect(),
    );
    if let Some(em) = em.filter(|&e| e >= 4.0) {
        bounds.check()?;
        let blobs: Vec<[f64; 4]> = image::ink_blobs(&clean, (0.8 * em) as u32, (0.25 * em) as u32)
            .into_iter()
            .filter(|b| {
                let (cx, cy) = ((b[0] + b[2]) / 2.0, (b[1] + b[3]) / 2.0);
                !cells
                    .iter()
                    .any(|c| cx >= c[0] && cx <= c[2] && cy >= c[1] && cy <= c[3])
            })
            .collect();
        let (region, parts, wide) = columns(&blobs, em);
        // Whether a point lies in the borderless table's region (its cells
        // are read on their own below).
        let in_table = |cx: f64, cy: f64| {
            let within = |c: &[f64; 4]| cx >= c[0] && cx <= c[2] && cy >= c[1] && cy <= c[3];
            !parts.is_empty() && region.iter().any(within) && !wide.iter().any(within)
        };
        let partial: Vec<[f64; 4]> = blobs
            .iter()
            .filter(|b| !in_table((b[0] + b[2]) / 2.0, (b[1] + b[3]) / 2.0))
            .filter(|b| partly_read(&lines, b, em))
            .take(MAX_CELLS)
            .copied()
            .collect();
        if !partial.is_empty() {
            bounds.check()?;
            reread_partial(engine, &clean, &mut lines, &partial, 0.3 * em, dpi, &bounds)?;
        }
        if !parts.is_empty() && parts.len() <= MAX_CELLS {
            let inside = |l: &Line| in_table(l.left + l.width / 2.0, l.top + l.height / 2.0);
            let (page, rest): (Vec<Line>, Vec<Line>) = lines.into_iter().partition(inside);
            lines = rest;
            let (dashes, text): (Vec<[f64; 4]>, Vec<[f64; 4]>) = parts
                .iter()
                .partition(|b| is_dash(b[2] - b[0], b[3] - b[1], dpi));
            lines.extend(
                dashes
                    .iter()
                    .map(|b| dash_line(b[0], b[1], b[2] - b[0], b[3] - b[1], dpi)),
            );
            let mut read = read_blobs(engine, &clean, &page, &text, 0.3 * em, dpi, &bounds)?;
            if engine.two_models() {
                let mut other = read_stacked(engine, &clean, &text, -0.3 * em, dpi, true, &bounds)?;
                other.iter_mut().for_each(|(_, l)| l.close_gaps());
                offer(&mut read, other, &mut others);
            }
            lines.extend(read.into_iter().map(|(_, l)| l));
        }
    }
    for l in lines.iter_mut().chain(others.iter_mut().flatten()) {
        for w in &mut l.words {
            set_bars(&clean, w);
        }
    }
    let mut read = place(&lines, &others, &rules, &to_page, !levelled);
    read.turned = turned;
    Ok(read)
}

/// Whether a blob of ink the size of a line of text holds words read on the
/// page but a character's width or more of it beside them unread: the model
/// drops a bold heading's first character (第 of 第三节) as noise, which
/// then takes the heading's numbering with it.
fn partly_read(lines: &[Line], b: &[f64; 4], em: f64) -> bool {
    let h = b[3] - b[1];
    if h < 0.5 * em || h > 2.5 * em {
        return false;
    }
    let (mut x0, mut x1) = (f64::INFINITY, f64::NEG_INFINITY);
    for w in lines.iter().flat_map(|l| &l.words) {
        if w.centre_in(b) {
            x0 = x0.min(w.left);
            x1 = x1.max(w.left + w.width);
        }
    }
    x0.is_finite() && (x0 - b[0] > 0.8 * em || b[2] - x1 > 0.8 * em)
}

/// The lines with words in the blobs `partial` of [`partly_read`] read again
/// whole, over the blob's unread ink; a reading that finds Chinese
/// characters the page's reading of those lines lacks, surely enough,
/// replaces them. (Whole lines, since a blob may end inside a line, at a
/// full stop's white; 一 does not count, since the unread ink beside a line
/// is as often a dash —— the model reads as 一.)
fn reread_partial(
    engine: &Engine,
    clean: &Gray,
    lines: &mut Vec<Line>,
    partial: &[[f64; 4]],
    pad: f64,
    dpi: f64,
    bounds: &Bounds,
) -> Result<(), String> {
    let union = |a: [f64; 4], b: [f64; 4]| {
        [
            a[0].min(b[0]),
            a[1].min(b[1]),
            a[2].max(b[2]),
            a[3].max(b[3]),
        ]
    };
    // (the lines, the box over them and the blobs), blobs sharing a line
    // taken together.
    let mut groups: Vec<(Vec<usize>, [f64; 4])> = Vec::new();
    for b in partial {
        let mut at: Vec<usize> = (0..lines.len())
            .filter(|&i| lines[i].words.iter().any(|w| w.centre_in(b)))
            .collect();
        let bx = at.iter().map(|&i| &lines[i]).fold(*b, |bx, l| {
            union(bx, [l.left, l.top, l.left + l.width, l.top + l.height])
        });
        if let Some(g) = groups
            .iter_mut()
            .find(|g| g.0.iter().any(|i| at.contains(i)))
        {
            g.0.append(&mut at);
            g.0.sort_unstable();
            g.0.dedup();
            g.1 = union(g.1, bx);
        } else {
            groups.push((at, bx));
        }
    }
    let crops: Vec<[f64; 4]> = groups.iter().map(|g| g.1).collect();
    let mut alone: Vec<Vec<Line>> = vec![Vec::new(); crops.len()];
    for (i, l) in read_stacked(engine, clean, &crops, -pad, dpi, false, bounds)? {
        alone[i].push(l);
    }
    let han = |ls: &[&Line]| -> usize {
        ls.iter()
            .flat_map(|l| &l.words)
            .map(|w| w.text.chars().filter(|&c| is_han(c) && c != '一').count())
            .sum()
    };
    let mut gone = vec![false; lines.len()];
    let mut added = Vec::new();
    for ((at, _), read) in groups.iter().zip(alone) {
        let before = han(&at.iter().map(|&i| &lines[i]).collect::<Vec<_>>());
        let after = han(&read.iter().collect::<Vec<_>>());
        if after <= before || mean_confidence(&read) < MIN_REREAD_CONFIDENCE {
            continue;
        }
        at.iter().for_each(|&i| gone[i] = true);
        added.extend(read);
    }
    let mut k = 0;
    lines.retain(|_| {
        k += 1;
        !gone[k - 1]
    });
    lines.extend(added);
    Ok(())
}

/// Read `crops` of `clean` stacked in mosaics (each `inset` pixels inside
/// its box; a negative inset pads it); each line comes back in page pixels
/// with the index of the crop it lies in. Small crops (a unit, a figure, a
/// number) are read with English added, which reads a lone %, 1 or 75 that
/// the Chinese model misses; large ones (a name, a 专栏's text) with the
/// Chinese model alone, which the mixed one can derail on long Chinese text.
/// A `table`'s cells are read with the table models ([`Engine::table_lang`]).
fn read_stacked(
    engine: &Engine,
    clean: &Gray,
    crops: &[[f64; 4]],
    inset: f64,
    dpi: f64,
    table: bool,
    bounds: &Bounds,
) -> Result<Vec<(usize, Line)>, String> {
    let (big_lang, small_lang) = if table {
        (&engine.table_lang, &engine.table_cell_lang)
    } else {
        (&engine.lang, &engine.cell_lang)
    };
    let small = |c: &[f64; 4]| c[2] - c[0] < 1.2 * dpi && c[3] - c[1] < 0.6 * dpi;
    let mut out = Vec::new();
    for (want, lang) in [(false, big_lang), (true, small_lang)] {
        let index: Vec<usize> = (0..crops.len())
            .filter(|&i| small(&crops[i]) == want)
            .collect();
        let group: Vec<[f64; 4]> = index.iter().map(|&i| crops[i]).collect();
        let read = read_mosaic(engine, lang, clean, &group, inset, dpi, false, bounds)?;
        if !want || group.is_empty() {
            out.extend(read.into_iter().map(|(j, l)| (index[j], l)));
            continue;
        }
        // Small crops are read cut bold too (see `Gray::emboldened`: 预期,
        // 平方米 or 个 alone in a 150 dpi cell read as nothing or as 多),
        // and each keeps the surer of its two readings (cut bold, a > may
        // read as 2).
        let bold = read_mosaic(engine, lang, clean, &group, inset, dpi, true, bounds)?;
        for (j, &i) in index.iter().enumerate() {
            let of = |r: &[(usize, Line)]| -> Vec<Line> {
                r.iter()
                    .filter(|(k, _)| *k == j)
                    .map(|(_, l)| l.clone())
                    .collect()
            };
            let (plain, cut) = (of(&read), of(&bold));
            let keep = if plain.is_empty()
                || (!cut.is_empty() && mean_confidence(&cut) > mean_confidence(&plain))
            {
                cut
            } else {
                plain
            };
            out.extend(keep.into_iter().map(|l| (i, l)));
        }
    }
    // Letters without a figure in a small crop are often a Chinese character
    // the mixed model took for English (性 as "te", 个 as "as"): those crops
    // are read again with the Chinese model, whose reading is kept where it
    // finds Chinese (a unit such as km it reads as letters too).
    if engine.cell_lang != engine.lang {
        let lettered = |l: &Line| {
            l.words.iter().any(|w| {
                w.text.chars().any(|c| c.is_ascii_alphabetic())
                    && !w.text.chars().any(|c| c.is_ascii_digit())
            })
        };
        let mut suspect: Vec<usize> = out
            .iter()
            .filter(|(i, l)| small(&crops[*i]) && lettered(l))
            .map(|(i, _)| *i)
            .collect();
        suspect.sort_unstable();
        suspect.dedup();
        if !suspect.is_empty() {
            let group: Vec<[f64; 4]> = suspect.iter().map(|&i| crops[i]).collect();
            let again = read_mosaic(
                engine,
                &engine.lang,
                clean,
                &group,
                inset,
                dpi,
                true,
                bounds,
            )?;
            for (j, &i) in suspect.iter().enumerate() {
                let lines: Vec<Line> = again
                    .iter()
                    .filter(|(k, _)| *k == j)
                    .map(|(_, l)| l.clone())
                    .collect();
                let han = lines
                    .iter()
                    .any(|l| l.words.iter().any(|w| w.text.chars().any(is_han)));
                if han {
                    out.retain(|(k, _)| *k != i);
                    out.extend(lines.into_iter().map(|l| (i, l)));
                }
            }
        }
    }
    Ok(out)
}

/// A table cell that both models read ([`Engine::lang`] and
/// [`Engine::table_lang`]): the page model's reading stands on the page, the
/// table model's waits here, and [`settle`] keeps, stretch by stretch,
/// whichever the document's own text bears out.
#[derive(Debug, Default)]
pub struct Choice {
    /// The page's glyphs the page model's reading made.
    pub glyphs: Vec<usize>,
    /// The table model's reading, placed.
    pub other: Vec<Glyph>,
}

/// Pair each crop's lines in `read` with the table model's lines of it in
/// `other`, where that reading has Chinese in it and differs: the pair
/// becomes a choice (its lines in `others`). Line by line where the two
/// readings found the same lines (a 专栏's cell holds dozens, and each
/// model misreads a few characters of its own in them), else the crop's
/// lines together.
fn offer(read: &mut [(usize, Line)], other: Vec<(usize, Line)>, others: &mut Vec<Vec<Line>>) {
    let text = |ls: &[&Line]| -> String {
        ls.iter()
            .flat_map(|l| &l.words)
            .map(|w| w.text.as_str())
            .collect()
    };
    let middle = |l: &Line| l.top + l.height / 2.0;
    let mut crops: Vec<usize> = read.iter().map(|(i, _)| *i).collect();
    crops.sort_unstable();
    crops.dedup();
    for i in crops {
        let theirs: Vec<&Line> = other
            .iter()
            .filter(|(k, _)| *k == i)
            .map(|(_, l)| l)
            .collect();
        let mine: Vec<usize> = (0..read.len()).filter(|&k| read[k].0 == i).collect();
        // Each of my lines with the one line of theirs level with it.
        let level: Vec<Vec<usize>> = mine
            .iter()
            .map(|&k| {
                let l = &read[k].1;
                (0..theirs.len())
                    .filter(|&j| (middle(theirs[j]) - middle(l)).abs() < 0.5 * l.height)
                    .collect()
            })
            .collect();
        let mut used: Vec<usize> = level.iter().flatten().copied().collect();
        used.sort_unstable();
        used.dedup();
        let paired = level.iter().all(|m| m.len() == 1)
            && used.len() == level.len()
            && used.len() == theirs.len();
        let groups: Vec<(Vec<usize>, Vec<&Line>)> = if paired {
            mine.iter()
                .zip(&level)
                .map(|(&k, m)| (vec![k], vec![theirs[m[0]]]))
                .collect()
        } else {
            vec![(mine, theirs)]
        };
        for (ks, ls) in groups {
            let a = text(&ks.iter().map(|&k| &read[k].1).collect::<Vec<_>>());
            let b = text(&ls);
            if a == b || !b.chars().any(is_han) {
                continue;
            }
            for &k in &ks {
                read[k].1.choice = Some(others.len());
            }
            others.push(ls.into_iter().cloned().collect());
        }
    }
}

/// The most characters of one reading by the other's that [`differing`]
/// compares (a whole 专栏 cell read as one is a few thousand by a few
/// thousand); longer readings differ as a whole.
const MAX_DIFF: usize = 4_000_000;

/// The stretches two readings differ in, as ranges of `a` and of `b`,
/// between the characters they share in order (a longest common
/// subsequence).
fn differing(a: &[String], b: &[String]) -> Vec<(Range<usize>, Range<usize>)> {
    let (n, m) = (a.len(), b.len());
    if n.saturating_mul(m) > MAX_DIFF {
        return vec![(0..n, 0..m)];
    }
    // common[i][j]: the longest common subsequence of a[i..] and b[j..].
    let mut common = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            common[i][j] = if a[i] == b[j] {
                common[i + 1][j + 1] + 1
            } else {
                common[i + 1][j].max(common[i][j + 1])
            };
        }
    }
    let (mut out, mut i, mut j) = (Vec::new(), 0, 0);
    let (mut si, mut sj) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && a[i] == b[j] {
            if (si, sj) != (i, j) {
                out.push((si..i, sj..j));
            }
            i += 1;
            j += 1;
            (si, sj) = (i, j);
        } else if j < m && (i == n || common[i][j + 1] >= common[i + 1][j]) {
            j += 1;
        } else {
            i += 1;
        }
    }
    if (si, sj) != (n, m) {
        out.push((si..n, sj..m));
    }
    out
}

/// The last glyph of the line above a cell's line `line` and the first of
/// the line below, where the cell's text wraps onto them: a line's pitch
/// (0.8–3 sizes) away, within its width (the line above starting where
/// this one starts; the one below may be centred under it). (Page space: y
/// grows upwards.)
fn wrapped_around<'a>(
    page: &'a [Glyph],
    line: &[&Glyph],
) -> (Option<&'a Glyph>, Option<&'a Glyph>) {
    let (Some(first), Some(last)) = (line.first(), line.last()) else {
        return (None, None);
    };
    let size = first.size.max(1.0);
    let (x0, x1) = line
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), g| {
            (a.min(g.x), b.max(g.x))
        });
    let inside = |g: &Glyph| g.x > x0 - 0.5 * size && g.x < x1 + 0.5 * size;
    let pitch = |d: f64| d > 0.8 * size && d < 3.0 * size;
    let starts = |g: &Glyph| (g.x - x0).abs() < 0.5 * size;
    let below = page
        .iter()
        .filter(|g| pitch(last.y - g.y) && inside(g))
        .min_by(|a, b| a.x.total_cmp(&b.x));
    let above = page
        .iter()
        .find(|g| pitch(g.y - first.y) && starts(g))
        .and_then(|start| {
            page.iter()
                .filter(|g| (g.y - start.y).abs() < 0.3 * size && inside(g))
                .max_by(|a, b| a.x.total_cmp(&b.x))
        });
    (above, below)
}

/// Settle each cell two models read ([`Choice`], `choices` by page index
/// into `pages`), stretch by stretch where the readings differ
/// ([`differing`]): the table model's stretch replaces the page model's
/// where its pairs of Chinese characters, with the characters either side
/// (at a line's ends, the cell's wrapped lines above and below,
/// [`wrapped_around`]), are borne out better by the document's text — the
/// page model's reading of every page, and a text page's own layer. Each
/// model misreads its own characters in cells (`chi_sim` 覆盖率 as 履盖率,
/// 敬老院 as 黎老院; `HanS` 覆盖率 as 覆盖这, 约束性 as 约东性); the same
/// words read elsewhere in the plan say which reading is right. A pair the
/// document reads `n` times elsewhere counts ln(1 + n), one it never reads
/// −1; a tie keeps the page model's.
pub fn settle(pages: &mut [&mut Vec<Glyph>], choices: Vec<(usize, Choice)>) {
    use std::collections::HashMap;
    if choices.is_empty() {
        return;
    }
    // (An OCR'd glyph is one character.)
    let han = |g: &Glyph| g.text.chars().next().filter(|&c| is_han(c));
    let pairs = |gs: &[&Glyph]| -> Vec<(char, char)> {
        gs.windows(2)
            .filter_map(|w| Some((han(w[0])?, han(w[1])?)))
            .collect()
    };
    let mut seen: HashMap<(char, char), u32> = HashMap::new();
    for page in pages.iter() {
        for p in pairs(&page.iter().collect::<Vec<_>>()) {
            *seen.entry(p).or_default() += 1;
        }
    }
    // The page model's reading of the cell is among the document's text,
    // and no evidence for either reading of it.
    let score = |ps: &[(char, char)], own: &[(char, char)]| -> f64 {
        ps.iter()
            .map(|p| {
                let mine = own.iter().filter(|o| *o == p).count() as u32;
                let n = seen.get(p).copied().unwrap_or(0).saturating_sub(mine);
                if n == 0 {
                    -1.0
                } else {
                    f64::from(n).ln_1p()
                }
            })
            .sum()
    };
    let mut replace: Vec<Vec<(usize, Vec<Glyph>)>> = vec![Vec::new(); pages.len()];
    for (page, c) in choices {
        let Some(glyphs) = pages.get(page) else {
            continue;
        };
        if c.glyphs.is_empty() || c.glyphs.iter().any(|&i| i >= glyphs.len()) {
            continue;
        }
        let mine: Vec<&Glyph> = c.glyphs.iter().map(|&i| &glyphs[i]).collect();
        let theirs: Vec<&Glyph> = c.other.iter().collect();
        // A cell's line wrapped inside a word (补贴履 over 盖率) is read
        // with the cell's lines above and below it.
        let (before, after) = wrapped_around(glyphs, &mine);
        // Each stretch the readings differ in is settled on its own, between
        // the characters either side of it (a line of a 专栏 holds dozens,
        // and each model misreads a few of its own).
        let text = |gs: &[&Glyph]| gs.iter().map(|g| g.text.clone()).collect::<Vec<_>>();
        let (mut kept, mut from, mut changed) = (Vec::new(), 0, false);
        for (m, t) in differing(&text(&mine), &text(&theirs)) {
            kept.extend(mine[from..m.start].iter().map(|&g| g.clone()));
            let left = m.start.checked_sub(1).map(|i| mine[i]).or(before);
            let right = mine.get(m.end).copied().or(after);
            let local = |gs: &[&Glyph]| {
                let v: Vec<&Glyph> = left
                    .into_iter()
                    .chain(gs.iter().copied())
                    .chain(right)
                    .collect();
                pairs(&v)
            };
            let own = local(&mine[m.clone()]);
            if score(&local(&theirs[t.clone()]), &own) > score(&own, &own) {
                kept.extend(theirs[t].iter().map(|&g| g.clone()));
                changed = true;
            } else {
                kept.extend(mine[m.clone()].iter().map(|&g| g.clone()));
            }
            from = m.end;
        }
        if changed {
            kept.extend(mine[from..].iter().map(|&g| g.clone()));
            replace[page].push((c.glyphs[0], kept));
            for &i in &c.glyphs[1..] {
                replace[page].push((i, Vec::new()));
            }
        }
    }
    for (page, mut r) in replace.into_iter().enumerate() {
        if r.is_empty() {
            continue;
        }
        r.sort_by_key(|x| x.0);
        let old = std::mem::take(&mut *pages[page]);
        let mut at = r.into_iter().peekable();
        for (i, g) in old.into_iter().enumerate() {
            match at.next_if(|x| x.0 == i) {
                Some((_, instead)) => pages[page].extend(instead),
                None => pages[page].push(g),
            }
        }
    }
}

/// The lines of a borderless table's blobs (see [`columns`]), one reading
/// per blob: the page-wide reading's words whose middle lies in the blob,
/// or the blob read on its own (padded by `pad` pixels), whichever the
/// model is surer of. Read alone, a blob keeps the lone figures and row
/// numbers a page-wide reading drops; read in its page, a short wrapped
/// line of Chinese (盖率) that the model reads nothing in alone.
fn read_blobs(
    engine: &Engine,
    clean: &Gray,
    page: &[Line],
    blobs: &[[f64; 4]],
    pad: f64,
    dpi: f64,
    bounds: &Bounds,
) -> Result<Vec<(usize, Line)>, String> {
    let mut alone: Vec<Vec<Line>> = vec![Vec::new(); blobs.len()];
    for (i, l) in read_stacked(engine, clean, blobs, -pad, dpi, false, bounds)? {
        alone[i].push(l);
    }
    let mut out = Vec::new();
    for (i, b) in blobs.iter().enumerate() {
        let mut words: Vec<Word> = page
            .iter()
            .flat_map(|l| &l.words)
            .filter(|w| {
                let (cx, cy) = (w.left + w.width / 2.0, w.top + w.height / 2.0);
                cx >= b[0] - pad && cx <= b[2] + pad && cy >= b[1] - pad && cy <= b[3] + pad
            })
            .cloned()
            .collect();
        words.sort_by(|a, b| a.left.total_cmp(&b.left));
        let in_page = Line {
            choice: None,
            left: b[0],
            top: b[1],
            width: b[2] - b[0],
            height: b[3] - b[1],
            words,
        };
        // Figures read alone (the model takes 11 for 1 in its page); words
        // by the surer reading.
        let han = |ls: &[Line]| {
            ls.iter()
                .any(|l| l.words.iter().any(|w| w.text.chars().any(is_han)))
        };
        let page_read = std::slice::from_ref(&in_page);
        // English letters read alone where the page read Chinese are a
        // character the mixed model took for letters (性 as "te").
        let latin = alone[i].iter().any(|l| {
            l.words
                .iter()
                .any(|w| w.text.chars().any(|c| c.is_ascii_alphabetic()))
        });
        let keep_alone = if han(page_read) {
            !latin && mean_confidence(&alone[i]) > mean_confidence(page_read)
        } else {
            !alone[i].is_empty() || mean_confidence(&alone[i]) > mean_confidence(page_read)
        };
        let lines = if keep_alone {
            std::mem::take(&mut alone[i])
        } else {
            vec![in_page]
        };
        // A line read from one blob of ink has no gutter inside it, whatever
        // boxes the model gave its words.
        for mut l in lines {
            l.close_gaps();
            out.push((i, l));
        }
    }
    Ok(out)
}

/// Read `crops` stacked in one mosaic with `lang` (`bold`: small crops, a
/// few short words, cut to black and white by [`Gray::emboldened`]); each
/// line comes back in page pixels with the index of the crop it lies in.
#[allow(clippy::too_many_arguments)]
fn read_mosaic(
    engine: &Engine,
    lang: &str,
    clean: &Gray,
    crops: &[[f64; 4]],
    inset: f64,
    dpi: f64,
    bold: bool,
    bounds: &Bounds,
) -> Result<Vec<(usize, Line)>, String> {
    let Some(mut m) = image::mosaic(clean, crops, inset, (dpi / 5.0) as u32) else {
        return Ok(Vec::new());
    };
    if bold {
        m.image = m.image.emboldened();
    }
    bounds.check()?;
    let tsv = run_lang(engine, lang, &m.image, dpi, "6", bounds)?;
    let mut out = Vec::new();
    for mut l in parse_tsv(&tsv) {
        let cy = l.top + l.height / 2.0;
        let Some(at) = m.origins.iter().position(|o| cy >= o.0 && cy <= o.0 + o.1) else {
            continue;
        };
        let (top, _, dx, dy) = m.origins[at];
        let shift = |x: &mut f64, y: &mut f64| {
            *x += dx;
            *y += dy - top;
        };
        shift(&mut l.left, &mut l.top);
        for w in &mut l.words {
            shift(&mut w.left, &mut w.top);
        }
        out.push((m.cells[at], l));
    }
    Ok(out)
}

/// Boxes `[x0, y0, x1, y1]` in pixels.
type Boxes = Vec<[f64; 4]>;

/// Where the blobs of a page (one line of ink each, see
/// [`image::ink_blobs`]) stand in columns: a blob with another beside it on
/// its line, apart by a gutter, is a cell's line; such lines no more than
/// four lines apart, with two rows of three cells or more among them, make
/// a region. Returns the
/// regions, the blobs inside them to read one by one (the wrapped lines of
/// cells between rows too), and the blobs inside them as wide as a
/// paragraph's line, which the page-wide reading keeps.
fn columns(blobs: &[[f64; 4]], em: f64) -> (Boxes, Boxes, Boxes) {
    let (lo, hi) = blobs
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), b| {
            (lo.min(b[0]), hi.max(b[2]))
        });
    let width = hi - lo;
    let line = |b: &[f64; 4]| {
        let h = b[3] - b[1];
        h <= 2.5 * em && (h >= 0.3 * em || b[2] - b[0] >= 0.3 * em)
    };
    let wide = |b: &[f64; 4]| b[2] - b[0] > 0.5 * width;
    let beside = |a: &[f64; 4], b: &[f64; 4]| {
        let overlap = a[3].min(b[3]) - a[1].max(b[1]);
        overlap >= 0.5 * (a[3] - a[1]).min(b[3] - b[1]).max(1.0)
    };
    // A paragraph's line falls apart into blobs where a comma's white or
    // spacing opens a gap: blobs side by side that span most of the width
    // with no gap as wide as a gutter are one line.
    let mut merged: Vec<[f64; 4]> = Vec::new();
    let mut by_top: Vec<&[f64; 4]> = blobs.iter().filter(|b| line(b)).collect();
    by_top.sort_by(|a, b| a[1].total_cmp(&b[1]));
    let mut used = vec![false; by_top.len()];
    for i in 0..by_top.len() {
        if used[i] {
            continue;
        }
        let mut band: Vec<usize> = vec![i];
        for j in i + 1..by_top.len() {
            if !used[j] && beside(by_top[i], by_top[j]) {
                band.push(j);
            }
        }
        let mut xs: Vec<&[f64; 4]> = band.iter().map(|&k| by_top[k]).collect();
        xs.sort_by(|a, b| a[0].total_cmp(&b[0]));
        let gap = xs.windows(2).map(|w| w[1][0] - w[0][2]).fold(0.0, f64::max);
        let span = xs.last().map_or(0.0, |l| l[2]) - xs[0][0];
        if xs.len() > 1 && span >= 0.8 * width && gap < 1.5 * em {
            for &k in &band {
                used[k] = true;
            }
            merged.push(xs.iter().fold(*xs[0], |m, b| {
                [
                    m[0].min(b[0]),
                    m[1].min(b[1]),
                    m[2].max(b[2]),
                    m[3].max(b[3]),
                ]
            }));
        }
    }
    let blobs: Vec<[f64; 4]> = by_top
        .iter()
        .zip(&used)
        .filter(|(_, u)| !**u)
        .map(|(b, _)| **b)
        .chain(merged)
        .chain(blobs.iter().filter(|b| !line(b)).copied())
        .collect();
    let blobs = &blobs[..];
    let cand: Vec<&[f64; 4]> = blobs.iter().filter(|b| line(b) && !wide(b)).collect();
    // How many blobs stand beside each, apart by a gutter.
    let mates = |a: &[f64; 4]| {
        cand.iter()
            .filter(|b| !std::ptr::eq(a, **b) && beside(a, b))
            .count()
    };
    let counted: Vec<(&[f64; 4], usize)> = cand.iter().map(|b| (*b, mates(b))).collect();
    // A table's row has three cells at least; two rows of them no more than
    // four lines apart make a region (a heading's number set apart from its
    // title has one blob beside it, and so does a short line's neighbour).
    // Blobs with others beside them, no more than four lines apart, chain
    // into a group (a table's wrapped cells stand two side by side between
    // its rows); a group with two rows of three cells or more is a region.
    // A heading's number set apart from its title has one blob beside it.
    let mut chained: Vec<(&[f64; 4], usize)> =
        counted.iter().filter(|(_, n)| *n >= 1).copied().collect();
    chained.sort_by(|a, b| a.0[1].total_cmp(&b.0[1]));
    // Further apart, the lines between must be a cell's wrapped lines, with
    // no more white than [`MAX_ROW_GAP`] between them (a row whose name
    // wraps over three lines stands five lines from the row above); a
    // wrapped line is no wider than the table's widest cell, as a heading
    // or a short paragraph line between two tables may be.
    let under_a_cell = |b: &[f64; 4], g: &[(&[f64; 4], usize)]| {
        let widest = g.iter().map(|(c, _)| c[2] - c[0]).fold(0.0, f64::max);
        b[2] - b[0] <= widest + em
    };
    let mut spans: Vec<&[f64; 4]> = cand.clone();
    spans.sort_by(|a, b| a[1].total_cmp(&b[1]));
    let filled = |from: f64, to: f64, g: &[(&[f64; 4], usize)]| {
        let mut at = from;
        for b in spans.iter().filter(|b| b[3] > from && under_a_cell(b, g)) {
            if b[1] > at + MAX_ROW_GAP * em || at >= to {
                break;
            }
            at = at.max(b[3]);
        }
        at >= to
    };
    let mut groups: Vec<Vec<(&[f64; 4], usize)>> = Vec::new();
    for m in chained {
        match groups.last_mut() {
            Some(g) => {
                let bottom = g.iter().map(|b| b.0[3]).fold(0.0, f64::max);
                let near = m.0[1] <= bottom + 4.0 * em
                    || (m.0[1] <= bottom + MAX_WRAPPED_LINES * em && filled(bottom, m.0[1], g));
                if near {
                    g.push(m)
                } else {
                    groups.push(vec![m])
                }
            }
            None => groups.push(vec![m]),
        }
    }
    let mut regions: Vec<[f64; 4]> = Vec::new();
    for g in groups {
        let mut bands: Vec<&[f64; 4]> = Vec::new();
        for (b, _) in g.iter().filter(|(_, n)| *n >= 2) {
            if !bands.iter().any(|r| beside(r, b)) {
                bands.push(b);
            }
        }
        if bands.len() < 2 {
            continue;
        }
        let top = g.iter().map(|b| b.0[1]).fold(f64::INFINITY, f64::min);
        // The table ends with its last row of cells (a heading under it
        // may stand in two blobs, its number apart from its title)…
        let mut bottom = g
            .iter()
            .filter(|(_, n)| *n >= 2)
            .map(|b| b.0[3])
            .fold(f64::NEG_INFINITY, f64::max);
        // …and that row's wrapped lines under its middle line (its name's
        // last piece, 性 under 预期), on lines of nothing wider than a cell.
        for _ in 0..MAX_TRAILING_LINES {
            let cell_line = |b: &[f64; 4]| {
                blobs
                    .iter()
                    .filter(|c| line(c) && beside(b, c))
                    .all(|c| under_a_cell(c, &g))
            };
            let under = cand
                .iter()
                .filter(|b| b[1] > bottom && b[1] <= bottom + MAX_ROW_GAP * em && cell_line(b))
                .map(|b| b[3])
                .fold(f64::NEG_INFINITY, f64::max);
            if under == f64::NEG_INFINITY {
                break;
            }
            bottom = under;
        }
        let r = [lo, top, hi, bottom];
        regions.push([r[0], r[1] - 0.5 * em, r[2], r[3] + 0.5 * em]);
    }
    let within = |b: &[f64; 4]| {
        let cy = (b[1] + b[3]) / 2.0;
        regions.iter().any(|r| cy >= r[1] && cy <= r[3])
    };
    let parts = blobs
        .iter()
        .filter(|b| within(b) && line(b) && !wide(b))
        .copied()
        .collect();
    let wide = blobs
        .iter()
        .filter(|b| within(b) && wide(b))
        .copied()
        .collect();
    (regions, parts, wide)
}

/// White (in character heights) between a borderless table's lines at
/// most: more ends the table.
const MAX_ROW_GAP: f64 = 2.0;
/// Wrapped lines a borderless table's last row may have under its middle.
const MAX_TRAILING_LINES: usize = 2;
/// How far (in character heights) a borderless table's rows may stand
/// apart where wrapped cell lines fill the space between them.
const MAX_WRAPPED_LINES: f64 = 12.0;

/// Whether ink `w` by `h` pixels is one short flat stroke: a dash.
fn is_dash(w: f64, h: f64, dpi: f64) -> bool {
    h <= (dpi / 40.0).max(3.0) && w >= dpi / 20.0 && w <= dpi / 3.0
}

/// A line holding a dash (— for "no figure") where a stroke was drawn at
/// (`x`, `y`), `w` by `h` pixels: the model does not read one on its own.
fn dash_line(x: f64, y: f64, w: f64, h: f64, dpi: f64) -> Line {
    // Set on a line of body height around the stroke.
    let lh = dpi / 6.0;
    let top = y + h / 2.0 - lh / 2.0;
    Line {
        choice: None,
        left: x,
        top,
        width: w,
        height: lh,
        words: vec![Word {
            left: x,
            top,
            width: w,
            height: lh,
            conf: 50.0,
            text: "—".into(),
        }],
    }
}

/// Mean confidence (0–100) of the words of `lines`; 0 without words.
fn mean_confidence(lines: &[Line]) -> f64 {
    let (n, sum) = lines
        .iter()
        .flat_map(|l| &l.words)
        .fold((0usize, 0.0), |(n, s), w| (n + 1, s + w.conf.max(0.0)));
    if n == 0 {
        0.0
    } else {
        sum / n as f64
    }
}

/// Mean word confidence under which a page's reading is doubted and its
/// orientation checked. Upright scans of the corpus read at 85–90; the same
/// pages upside down or on their side at 15–20 (the Chinese model still
/// finds hundreds of "words" in them).
const UNSURE_CONFIDENCE: f64 = 45.0;

/// Whether a reading is doubtful enough to check the page's orientation:
/// a good many words, read with little confidence, or read in lines that
/// run down the image (Tesseract reads a page lying on its side well, but
/// gives its lines as tall boxes, which would be placed as columns).
fn unsure(lines: &[Line]) -> bool {
    let words: usize = lines.iter().map(|l| l.words.len()).sum();
    let down: usize = lines
        .iter()
        .filter(|l| l.height > 2.0 * l.width)
        .map(|l| l.words.len())
        .sum();
    words >= 10 && (mean_confidence(lines) < UNSURE_CONFIDENCE || 2 * down > words)
}

/// Quarter turns clockwise that set `image` upright, by Tesseract's
/// orientation and script detection (`--psm 0`); None when it lies upright,
/// or the detection fails or is unsure.
fn orientation(engine: &Engine, image: &Gray, dpi: f64, bounds: &Bounds) -> Option<u8> {
    let out = run_lang(engine, "osd", image, dpi, "0", bounds).ok()?;
    parse_osd(&out)
}

/// The turn in Tesseract's OSD report (`Rotate: 180`, `Orientation
/// confidence: 18.6`), in quarter turns clockwise, if it is one and sure.
fn parse_osd(out: &str) -> Option<u8> {
    let field = |name: &str| {
        out.lines()
            .find_map(|l| l.trim().strip_prefix(name))
            .and_then(|v| v.trim().parse::<f64>().ok())
    };
    let rotate = field("Rotate:")?;
    let confidence = field("Orientation confidence:")?;
    let q = ((rotate / 90.0).round() as i64).rem_euclid(4) as u8;
    (q != 0 && confidence >= 2.0).then_some(q)
}

/// The ink of a cell when it is one short flat stroke: a dash.
fn dash(g: &Gray, c: &[f64; 4], dpi: f64) -> Option<Line> {
    let inset = (dpi / 50.0).max(3.0);
    let (x0, y0) = ((c[0] + inset) as u32, (c[1] + inset) as u32);
    let x1 = ((c[2] - inset).max(0.0) as u32).min(g.width);
    let y1 = ((c[3] - inset).max(0.0) as u32).min(g.height);
    let (mut bx0, mut by0, mut bx1, mut by1) = (u32::MAX, u32::MAX, 0, 0);
    for y in y0..y1 {
        for x in x0..x1 {
            if g.px[(y * g.width + x) as usize] < 128 {
                (bx0, by0, bx1, by1) = (bx0.min(x), by0.min(y), bx1.max(x), by1.max(y));
            }
        }
    }
    if bx0 == u32::MAX {
        return None;
    }
    let (w, h) = (f64::from(bx1 - bx0 + 1), f64::from(by1 - by0 + 1));
    is_dash(w, h, dpi).then(|| dash_line(f64::from(bx0), f64::from(by0), w, h, dpi))
}

/// A word read opening with > or < and a figure whose first glyph has a
/// bar under it is ≥ or ≤ (the models know no ⩾, the slanted form Chinese
/// fonts print, and read it as > or 2; `>>4600` is [`at_least`]'s): a
/// vertical a quarter of the way into a > (from its open side) crosses two
/// strokes, its arms; into a ⩾, three.
fn set_bars(g: &Gray, w: &mut Word) {
    let mut cs = w.text.chars();
    let (wide, barred) = match (cs.next(), cs.next()) {
        (Some('>' | '＞'), Some('0'..='9')) => ('>', '≥'),
        (Some('<' | '＜'), Some('0'..='9')) => ('<', '≤'),
        _ => return,
    };
    let h = w.height.max(1.0);
    let clip = |v: f64, hi: u32| (v.max(0.0) as u32).min(hi);
    let (x0, x1) = (
        clip(w.left - 0.2 * h, g.width),
        clip(w.left + w.width, g.width),
    );
    let (y0, y1) = (
        clip(w.top - 0.1 * h, g.height),
        clip(w.top + 1.1 * h, g.height),
    );
    let ink = |x: u32, y: u32| g.px[(y * g.width + x) as usize] < 128;
    let column = |x: u32| (y0..y1).any(|y| ink(x, y));
    // The first glyph: the first columns with ink, up to white.
    let Some(start) = (x0..x1).find(|&x| column(x)) else {
        return;
    };
    let end = (start..x1).find(|&x| !column(x)).unwrap_or(x1);
    if end - start < 4 {
        return;
    }
    let at = if wide == '>' {
        start + (end - start) / 4
    } else {
        end - 1 - (end - start) / 4
    };
    let strokes = |x: u32| {
        (y0..y1)
            .filter(|&y| ink(x, y) && (y == y0 || !ink(x, y - 1)))
            .count()
    };
    // Either neighbour too: a stroke's edge may leave a column with a gap.
    let n = strokes(at).max(strokes(at + 1).min(strokes(at.saturating_sub(1))));
    if n >= 3 {
        w.text = std::iter::once(barred)
            .chain(w.text.chars().skip(1))
            .collect();
    }
}

/// Recognize `image` with page segmentation mode `psm` (3: a page, 6: one
/// block of text).
fn run(
    engine: &Engine,
    image: &Gray,
    dpi: f64,
    psm: &str,
    bounds: &Bounds,
) -> Result<String, String> {
    run_lang(engine, &engine.lang, image, dpi, psm, bounds)
}

fn run_lang(
    engine: &Engine,
    lang: &str,
    image: &Gray,
    dpi: f64,
    psm: &str,
    bounds: &Bounds,
) -> Result<String, String> {
    let mut cmd = Command::new(&engine.program);
    cmd.args(["stdin", "stdout", "-l", lang, "--psm", psm, "--dpi"])
        .arg(format!("{}", dpi.round().max(70.0)))
        .arg("tsv")
        // One thread per page: pages run in parallel instead.
        .env("OMP_THREAD_LIMIT", "1");
    let (status, out, err) =
        run_child(&mut cmd, image.to_pgm(), bounds.until).map_err(|e| match e {
            ChildError::Start(e) => format!("cannot start {}: {e}", engine.program.display()),
            ChildError::TimedOut => bounds.expired(),
            ChildError::Io(e) => format!("OCR engine: {e}"),
        })?;
    if !status.success() {
        let msg = String::from_utf8_lossy(&err);
        let msg = msg
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("")
            .trim();
        return Err(format!("OCR engine failed ({status}): {msg}"));
    }
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// Why a child process gave no output.
#[derive(Debug)]
pub enum ChildError {
    Start(std::io::Error),
    /// Killed at its deadline.
    TimedOut,
    Io(std::io::Error),
}

/// Run `cmd` with `input` on its standard input, killed at `until` (a
/// runaway Tesseract or renderer is a failed page, not a hung batch): its
/// exit status, standard output and standard error.
pub fn run_child(
    cmd: &mut Command,
    input: Vec<u8>,
    until: Instant,
) -> Result<(std::process::ExitStatus, Vec<u8>, Vec<u8>), ChildError> {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(ChildError::Start)?;
    let pipe = || ChildError::Io(std::io::Error::other("no pipe to the child process"));
    let mut stdin = child.stdin.take().ok_or_else(pipe)?;
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let mut stdout = child.stdout.take().ok_or_else(pipe)?;
    let reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        stdout.read_to_end(&mut s).map(|_| s)
    });
    let mut stderr = child.stderr.take().ok_or_else(pipe)?;
    let errs = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = stderr.read_to_end(&mut s);
        s
    });
    let status = loop {
        match child.try_wait() {
            Ok(Some(s)) => break s,
            Ok(None) if Instant::now() >= until => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(ChildError::TimedOut);
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(e) => return Err(ChildError::Io(e)),
        }
    };
    let _ = writer.join();
    let out = reader
        .join()
        .map_err(|_| ChildError::Io(std::io::Error::other("output reader failed")))?
        .map_err(ChildError::Io)?;
    let err = errs.join().unwrap_or_default();
    Ok((status, out, err))
}

/// One recognized word, in pixels of the image sent.
#[derive(Debug, Clone, PartialEq)]
struct Word {
    left: f64,
    top: f64,
    width: f64,
    height: f64,
    conf: f64,
    text: String,
}

impl Word {
    /// Whether the word's middle lies in the box `b` (pixels).
    fn centre_in(&self, b: &[f64; 4]) -> bool {
        let (cx, cy) = (self.left + self.width / 2.0, self.top + self.height / 2.0);
        cx >= b[0] && cx <= b[2] && cy >= b[1] && cy <= b[3]
    }
}

/// One line as Tesseract found it: its box (from its baseline and x-height,
/// steadier than the boxes of its words, which for Chinese may span the
/// whole line or reach into the next) and its words in reading order.
#[derive(Debug, Clone, PartialEq, Default)]
struct Line {
    left: f64,
    top: f64,
    width: f64,
    height: f64,
    words: Vec<Word>,
    /// The [`Choice`] this line's glyphs stand in, when a table model read
    /// its cell too.
    choice: Option<usize>,
}

impl Line {
    /// Stretch each word to where the next begins: a line read from one blob
    /// of ink has no gutter inside it, whatever boxes the model gave its
    /// words. But for the white between figures and Chinese (7530 民乐县民政局):
    /// a narrow gutter between an investment's cell and an office's, which
    /// the blob ran together.
    fn close_gaps(&mut self) {
        let han = |w: &Word| w.text.chars().any(is_han);
        for k in 1..self.words.len() {
            let next = self.words[k].left;
            let same = han(&self.words[k]) == han(&self.words[k - 1]);
            let w = &mut self.words[k - 1];
            if same && next > w.left + w.width {
                w.width = next - w.left;
            }
        }
    }
}

fn parse_tsv(tsv: &str) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::new();
    for row in tsv.lines().skip(1) {
        let f: Vec<&str> = row.splitn(12, '\t').collect();
        if f.len() < 12 {
            continue;
        }
        let n = |i: usize| f[i].trim().parse::<f64>().unwrap_or(0.0);
        match f[0] {
            "4" => out.push(Line {
                choice: None,
                left: n(6),
                top: n(7),
                width: n(8).max(1.0),
                height: n(9).max(1.0),
                words: Vec::new(),
            }),
            "5" => {
                let text = f[11].trim();
                let conf = n(10);
                // Specks and rules read as punctuation: no letter, little confidence.
                // (Chinese quotes and brackets are kept: specks do not look like them.)
                let letters = text.chars().any(|c| {
                    c.is_alphanumeric()
                        || "“”‘’%".contains(c)
                        || ('\u{3000}'..='\u{303F}').contains(&c)
                        || ('\u{FF01}'..='\u{FF60}').contains(&c)
                });
                if text.is_empty() || (!letters && conf < MIN_CONFIDENCE) {
                    continue;
                }
                if let Some(l) = out.last_mut() {
                    l.words.push(Word {
                        left: n(6),
                        top: n(7),
                        width: n(8).max(1.0),
                        height: n(9).max(1.0),
                        conf,
                        text: text.to_string(),
                    });
                }
            }
            _ => {}
        }
    }
    out.retain(|l| !l.words.is_empty());
    out
}

fn median(mut v: Vec<f64>) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    Some(v[v.len() / 2])
}

fn is_han(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c) || ('\u{3400}'..='\u{4DBF}').contains(&c)
}

/// The page's skew as a slope (pixels down per pixel right): the median
/// slope of the word bottoms along each line long and straight enough to
/// measure it. A short line (a table cell's few characters) or one that
/// Tesseract strung across cells set at different heights gives a slope of
/// noise, not of the page; a page with no line to measure lies straight.
fn skew(lines: &[Line]) -> f64 {
    let mut slopes = Vec::new();
    for l in lines {
        let pts: Vec<(f64, f64)> = l
            .words
            .iter()
            .filter(|w| w.text.chars().all(is_han))
            .map(|w| (w.left + w.width / 2.0, w.top + w.height))
            .collect();
        if pts.len() < 5 {
            continue;
        }
        let Some(size) = median(l.words.iter().map(|w| w.height).collect()) else {
            continue;
        };
        let (lo, hi) = pts
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), p| {
                (a.min(p.0), b.max(p.0))
            });
        if hi - lo < MIN_SKEW_SPAN * size {
            continue;
        }
        let n = pts.len() as f64;
        let mx = pts.iter().map(|p| p.0).sum::<f64>() / n;
        let my = pts.iter().map(|p| p.1).sum::<f64>() / n;
        let sxx: f64 = pts.iter().map(|p| (p.0 - mx).powi(2)).sum();
        let sxy: f64 = pts.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
        if sxx <= 0.0 {
            continue;
        }
        let slope = sxy / sxx;
        let off = pts
            .iter()
            .map(|p| (p.1 - my - slope * (p.0 - mx)).abs())
            .fold(0.0, f64::max);
        if off <= size / 4.0 {
            slopes.push(slope);
        }
    }
    median(slopes).filter(|s| s.abs() < 0.1).unwrap_or(0.0)
}

/// Words → glyphs on the page: each line on one baseline (its box's bottom,
/// with `deskew` the skew its words show taken out, and out of the rules
/// too) and sized by its box's height; each word's characters spread over
/// its box, the box cut where the next word begins.
fn place(
    lines: &[Line],
    others: &[Vec<Line>],
    rules: &[Rule],
    to_page: &Affine,
    deskew: bool,
) -> PageRead {
    // (An image set level has its skew out already; what its words' bottoms
    // say is noise.)
    let s = if deskew { skew(lines) } else { 0.0 };
    let (mut read, made) = place_lines(lines, s, to_page);
    read.choices = others
        .iter()
        .map(|o| Choice {
            glyphs: Vec::new(),
            other: place_lines(o, s, to_page).0.glyphs,
        })
        .collect();
    for (line, glyphs) in lines.iter().zip(made) {
        if let Some(c) = line.choice.and_then(|c| read.choices.get_mut(c)) {
            c.glyphs.extend(glyphs);
        }
    }
    // Moved as the words are, so that they stay in their cells: by the
    // shift at its middle, so that it stays level or upright.
    for r in rules {
        let (mx, my) = ((r.x0 + r.x1) / 2.0, (r.y0 + r.y1) / 2.0);
        let (sx, sy) = straighten(s, mx, my);
        let (dx, dy) = (sx - mx, sy - my);
        let (x0, y0, x1, y1) = (r.x0 + dx, r.y0 + dy, r.x1 + dx, r.y1 + dy);
        let (x0, y0) = apply(to_page, x0, y0);
        let (x1, y1) = apply(to_page, x1, y1);
        read.rules.push(Rule::new(x0, y0, x1, y1));
    }
    read
}

/// A point straightened by the skew `s` about the origin: its y loses its
/// drift along x.
fn straighten(s: f64, x: f64, y: f64) -> (f64, f64) {
    (x + s * y, y - s * x)
}

/// The glyphs of `lines` on the page, straightened by the skew `s`; with
/// the range of glyphs each line made.
fn place_lines(lines: &[Line], s: f64, to_page: &Affine) -> (PageRead, Vec<Range<usize>>) {
    let straight = |x: f64, y: f64| straighten(s, x, y);
    let mut made = Vec::with_capacity(lines.len());
    let scale = (to_page[2].powi(2) + to_page[3].powi(2)).sqrt();
    let mut read = PageRead::default();
    let mut conf = 0.0;
    for line in lines {
        let first = read.glyphs.len();
        let bottom = straight(line.left + line.width / 2.0, line.top + line.height).1
            - s.abs() * line.width / 2.0;
        let height = (line.height - s.abs() * line.width).max(line.height / 2.0);
        let size = height * scale;
        let text = fix_confusions(
            &line
                .words
                .iter()
                .map(|w| w.text.as_str())
                .collect::<Vec<_>>(),
        );
        for (k, w) in line.words.iter().enumerate() {
            let next = line
                .words
                .get(k + 1)
                .filter(|n| n.left > w.left)
                .map_or(f64::INFINITY, |n| n.left);
            let right = (w.left + w.width).min(next).max(w.left + 1.0);
            let (x0, _) = straight(w.left, line.top + line.height);
            let (x1, _) = straight(right, line.top + line.height);
            let chars: Vec<char> = text[k].chars().collect();
            let step = (x1 - x0) / chars.len() as f64;
            let (run_x, run_y) = apply(to_page, x0, bottom);
            for (i, c) in chars.iter().enumerate() {
                let (x, y) = apply(to_page, x0 + step * i as f64, bottom);
                let (xe, _) = apply(to_page, x0 + step * (i + 1) as f64, bottom);
                read.glyphs.push(Glyph {
                    text: c.to_string(),
                    x,
                    y,
                    w: (xe - x).abs(),
                    run_x,
                    run_y,
                    size,
                    bold: false,
                    face: 0,
                    code: None,
                });
            }
            conf += w.conf.max(0.0);
            read.words += 1;
        }
        made.push(first..read.glyphs.len());
    }
    read.confidence = if read.words > 0 {
        conf / read.words as f64
    } else {
        0.0
    };
    (read, made)
}

/// What Tesseract's Chinese model reads wrong in a line's words, set right:
/// `l`, `I`, `|` for 1 and `O`, `o` for 0 beside a digit; ASCII brackets and
/// punctuation beside Chinese text, which Chinese typesetting sets
/// full-width (GB/T 15834), as full-width; a bracket pair changes together.
fn fix_confusions(words: &[&str]) -> Vec<String> {
    let cs: Vec<char> = words.iter().flat_map(|w| w.chars()).collect();
    let digit = |i: Option<&char>| i.is_some_and(|c| c.is_ascii_digit());
    let prev = |i: usize| i.checked_sub(1).and_then(|j| cs.get(j));
    let mut out: Vec<char> = cs
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let near = digit(prev(i)) || digit(cs.get(i + 1));
            match c {
                'l' | 'I' | '|' if near => '1',
                'O' | 'o' if near => '0',
                _ => c,
            }
        })
        .collect();
    let han = |c: Option<&char>| c.is_some_and(|&c| is_han(c) || "“”‘’（），。：；、".contains(c));
    let mut open: Option<usize> = None;
    for i in 0..out.len() {
        let beside = han(i.checked_sub(1).and_then(|j| out.get(j))) || han(out.get(i + 1));
        match out[i] {
            '(' => open = Some(i),
            ')' => {
                if let Some(o) = open.take() {
                    // A pair in Chinese text: either end beside it, or a
                    // Chinese numeral inside.
                    let inner = out[o + 1..i].iter().any(|&c| is_han(c));
                    if inner || beside || han(o.checked_sub(1).and_then(|j| out.get(j))) {
                        out[o] = '（';
                        out[i] = '）';
                    }
                } else if beside {
                    out[i] = '）';
                }
            }
            c @ (',' | ':' | ';' | '?' | '!') if beside && !(digit(out.get(i + 1)) && c != '?') => {
                out[i] = match c {
                    ',' => '，',
                    ':' => '：',
                    ';' => '；',
                    '?' => '？',
                    _ => '！',
                };
            }
            _ => {}
        }
    }
    if let Some(o) = open {
        if han(out.get(o + 1)) {
            out[o] = '（';
        }
    }
    number_bracket(&mut out);
    at_least(&mut out);
    lone_percent(&mut out);
    // Back into the words, one for one; characters the bracket fix took
    // out come off the first words.
    let mut gone = cs.len().saturating_sub(out.len());
    let mut it = out.into_iter();
    words
        .iter()
        .map(|w| {
            let n = w.chars().count();
            let cut = gone.min(n);
            gone -= cut;
            it.by_ref().take(n - cut).collect()
        })
        .collect()
}

/// A line that is only a bound (a table cell's `≥90`): the Chinese model
/// has no ≥ and reads it as a character of like shape (过, 之, 二) or as
/// `>>`. Nothing else sets such a character straight before the figure that
/// fills a line.
fn at_least(cs: &mut Vec<char>) {
    let lead = match cs.as_slice() {
        ['>', '>', ..] => 2,
        ['过' | '之' | '二', ..] => 1,
        _ => return,
    };
    let rest = &cs[lead..];
    let figure = rest.first().is_some_and(char::is_ascii_digit)
        && rest
            .iter()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | '%'));
    if figure {
        cs.splice(0..lead, ['≥']);
    }
}

/// A line that is only a per cent sign (a unit cell): the model reads the
/// sign's rings as figures beside it (`%0`, `%6`, `9%0`). A figure after the
/// sign never belongs to it; `9%` alone may be nine per cent and is left.
fn lone_percent(cs: &mut Vec<char>) {
    if matches!(cs.as_slice(), ['%', d] | ['9', '%', d] if d.is_ascii_digit()) {
        *cs = vec!['%'];
    }
}

/// A line's opening bracketed number as Chinese typesetting prints it: the
/// model reads a full-width （ as 〈, 《 or <, and the 1 inside as \ or |.
fn number_bracket(cs: &mut Vec<char>) {
    const NUMERALS: &str = "一二三四五六七八九十";
    if !cs.first().is_some_and(|c| "（(〈《<".contains(*c)) {
        return;
    }
    let Some(close) = cs.iter().take(6).position(|c| *c == '）' || *c == ')') else {
        return;
    };
    let inner: Vec<char> = cs[1..close]
        .iter()
        .copied()
        .filter(|c| !c.is_whitespace())
        .collect();
    let fixed: Vec<char> = match inner.as_slice() {
        ['\\' | '|' | 'l' | 'I'] => vec!['1'],
        _ => inner
            .iter()
            .copied()
            .filter(|c| !matches!(c, '\\' | '|'))
            .collect(),
    };
    let numeral = !fixed.is_empty()
        && fixed.len() <= 3
        && (fixed.iter().all(char::is_ascii_digit) || fixed.iter().all(|c| NUMERALS.contains(*c)));
    if numeral {
        cs.splice(
            0..=close,
            std::iter::once('（')
                .chain(fixed)
                .chain(std::iter::once('）')),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n";

    #[test]
    fn tsv_words_become_glyphs_on_one_baseline() {
        let tsv = format!(
            "{HEAD}4\t1\t1\t1\t1\t0\t100\t100\t300\t30\t-1\t\n\
            5\t1\t1\t1\t1\t1\t100\t100\t60\t30\t95\t第一\n\
            5\t1\t1\t1\t1\t2\t170\t102\t30\t28\t0\t章\n\
            5\t1\t1\t1\t1\t3\t210\t100\t30\t30\t10\t~\n\
            4\t1\t1\t1\t2\t0\t100\t200\t200\t30\t-1\t\n\
            5\t1\t1\t1\t2\t1\t100\t200\t160\t30\t90\t2O2l\n\
            5\t1\t1\t1\t2\t2\t140\t200\t30\t30\t90\t年\n"
        );
        let lines = parse_tsv(&tsv);
        assert_eq!(lines.len(), 2);
        assert_eq!(
            lines[0].words.len(),
            2,
            "the low-confidence speck is dropped, 章 kept"
        );
        // 150 dpi: a pixel is 0.48 pt; y flips.
        let k = 72.0 / 150.0;
        let to_page = [k, 0.0, 0.0, -k, 0.0, 842.0];
        let r = place(&lines, &[], &[], &to_page, true);
        let text: String = r.glyphs.iter().map(|g| g.text.as_str()).collect();
        assert_eq!(text, "第一章2021年");
        let first: Vec<&Glyph> = r.glyphs.iter().take(3).collect();
        assert!(first.iter().all(|g| (g.y - first[0].y).abs() < 1e-9));
        assert!((first[0].x - 100.0 * k).abs() < 1e-9 && (first[1].x - 130.0 * k).abs() < 1e-9);
        assert!((first[0].size - 30.0 * k).abs() < 1e-9);
        // A word box reaching over the next word is cut where it begins:
        // the figure's digits stay before 年.
        let second: Vec<&Glyph> = r.glyphs.iter().skip(3).collect();
        assert!(second.windows(2).all(|p| p[0].x < p[1].x), "{second:?}");
        assert!(second[0].y < first[0].y, "the second line is lower");
    }

    #[test]
    fn skew_is_measured() {
        let words: Vec<Word> = (0..8)
            .map(|i| Word {
                left: 100.0 + 40.0 * f64::from(i),
                top: 100.0 + 0.02 * 40.0 * f64::from(i),
                width: 30.0,
                height: 30.0,
                conf: 90.0,
                text: "字".into(),
            })
            .collect();
        let line = Line {
            choice: None,
            left: 100.0,
            top: 100.0,
            width: 320.0,
            height: 36.0,
            words,
        };
        assert!((skew(&[line]) - 0.02).abs() < 1e-6);
    }

    #[test]
    fn cells_do_not_measure_skew() {
        let word = |left: f64, top: f64| Word {
            left,
            top,
            width: 30.0,
            height: 30.0,
            conf: 90.0,
            text: "字".into(),
        };
        let line = |words: Vec<Word>| Line {
            choice: None,
            left: words[0].left,
            top: words[0].top,
            width: 400.0,
            height: 36.0,
            words,
        };
        // One table cell's five characters, their bottoms jittering.
        let cell = line(
            [0.0, 4.0, -3.0, 5.0, 6.0]
                .iter()
                .enumerate()
                .map(|(i, d)| word(100.0 + 32.0 * i as f64, 100.0 + d))
                .collect(),
        );
        assert_eq!(skew(&[cell]), 0.0);
        // A row strung across cells, the right ones set a line higher.
        let row = line(
            (0..10)
                .map(|i| {
                    word(
                        100.0 + 40.0 * f64::from(i),
                        if i < 5 { 300.0 } else { 260.0 },
                    )
                })
                .collect(),
        );
        assert_eq!(skew(&[row]), 0.0);
    }

    #[test]
    fn upright_turns_a_rotated_placement() {
        // An image drawn turned a quarter anticlockwise: its rows run up the page.
        let job = Job {
            image: Gray::white(40, 20),
            to_page: [0.0, -1.0, -1.0, 0.0, 100.0, 100.0],
        };
        let up = job.upright();
        assert_eq!((up.image.width, up.image.height), (20, 40));
        assert!(
            up.to_page[0] > 0.0 && up.to_page[3] < 0.0,
            "{:?}",
            up.to_page
        );
    }

    #[test]
    fn a_turned_scan_is_placed_upright_on_the_page_shown_turned() {
        // A 200 × 100 px image filling a 200 × 100 pt page, its content
        // upside down; or turned a quarter anticlockwise on a 100 × 200 page.
        for (q, w, h) in [(2u8, 200u32, 100u32), (1, 100, 200), (3, 100, 200)] {
            let page = [0.0, 0.0, f64::from(w), f64::from(h)];
            let job = Job {
                image: Gray::white(w, h),
                to_page: [1.0, 0.0, 0.0, -1.0, 0.0, f64::from(h)],
            }
            .turned(q);
            let (view, shown) = page_view(page, q);
            let m = compose(&job.to_page, &view);
            // Rows run right, columns down, over the shown box.
            assert!(m[0] > 0.9 && m[3] < -0.9, "{q}: {m:?}");
            let (iw, ih) = (f64::from(job.image.width), f64::from(job.image.height));
            let (x0, y0) = apply(&m, 0.0, 0.0);
            let (x1, y1) = apply(&m, iw, ih);
            assert!(
                (x0 - shown[0]).abs() < 1e-9 && (y0 - shown[3]).abs() < 1e-9,
                "{q}"
            );
            assert!(
                (x1 - shown[2]).abs() < 1e-9 && (y1 - shown[1]).abs() < 1e-9,
                "{q}"
            );
        }
    }

    #[test]
    fn osd_report_read() {
        let osd = "Page number: 0\nOrientation in degrees: 180\nRotate: 180\nOrientation confidence: 18.61\nScript: Han\n";
        assert_eq!(parse_osd(osd), Some(2));
        assert_eq!(parse_osd(&osd.replace("180", "90")), Some(1));
        assert_eq!(
            parse_osd(&osd.replace("Rotate: 180", "Rotate: 270")),
            Some(3)
        );
        assert_eq!(parse_osd(&osd.replace("Rotate: 180", "Rotate: 0")), None);
        assert_eq!(parse_osd(&osd.replace("18.61", "0.4")), None, "unsure");
        assert_eq!(parse_osd("Too few characters. Skipping this page"), None);
    }

    #[test]
    fn enlargement_stays_under_the_pixel_limit() {
        // A 150 dpi scan is read as it is; a 100 dpi one is enlarged 3 times.
        assert_eq!(upscale_factor(1241, 1754, 149.0, 150_000_000), 1);
        assert_eq!(upscale_factor(827, 1169, 100.0, 150_000_000), 3);
        // pdfium's bug_603518: a JPEG of 640 × 63 760 pixels placed in a
        // 749 pt square measures 61 dpi across; four times larger it would be
        // 653 million pixels.
        assert_eq!(upscale_factor(640, 63_760, 61.5, 150_000_000), 1);
        assert_eq!(upscale_factor(640, 6_376, 61.5, 150_000_000), 4);
        assert_eq!(upscale_factor(640, 6_376, 61.5, 20_000_000), 2);
    }

    #[test]
    fn blobs_in_columns_make_a_region_and_a_paragraph_line_does_not() {
        let em = 30.0;
        let line = |y: f64, x0: f64, x1: f64| [x0, y, x1, y + em];
        let mut blobs = vec![
            // A paragraph's line broken at a comma's white (a gap under 1.5 em).
            line(100.0, 80.0, 400.0),
            line(100.0, 430.0, 1000.0),
        ];
        // Three table rows: number, name, unit, figure, attribute.
        for y in [300.0, 400.0, 500.0] {
            for (x0, x1) in [
                (90.0, 110.0),
                (150.0, 460.0),
                (520.0, 550.0),
                (640.0, 700.0),
                (900.0, 960.0),
            ] {
                blobs.push(line(y, x0, x1));
            }
        }
        // A wrapped name's second line between two rows.
        blobs.push(line(440.0, 250.0, 310.0));
        // Further down, headings whose numbers stand apart from their titles.
        for y in [800.0, 880.0, 960.0] {
            blobs.push(line(y, 80.0, 130.0));
            blobs.push(line(y, 170.0, 500.0));
        }
        let (regions, parts, wide) = columns(&blobs, em);
        assert_eq!(regions.len(), 1);
        assert!(
            regions[0][1] > 130.0 && regions[0][1] < 300.0,
            "{regions:?}"
        );
        assert_eq!(parts.len(), 16);
        assert!(wide.is_empty());
    }

    #[test]
    fn rows_far_apart_over_wrapped_lines_stay_one_region() {
        // Three rows of a 150 dpi scan of a table set 1.5-spaced (the
        // blobs as found): the middle row's name wraps over three lines, so
        // its middle line stands five line gaps from the rows' on either
        // side; between them only wrapped lines, one blob to a line.
        let em = 28.0;
        let b = |x0: f64, y0: f64, x1: f64, y1: f64| [x0, y0, x1, y1];
        let blobs = vec![
            b(1009.0, 708.0, 1068.0, 736.0),
            b(260.0, 745.0, 538.0, 773.0),
            b(594.0, 745.0, 623.0, 773.0),
            b(844.0, 747.0, 904.0, 771.0),
            b(196.0, 748.0, 210.0, 771.0),
            b(693.0, 748.0, 725.0, 772.0),
            b(1023.0, 782.0, 1052.0, 810.0),
            b(260.0, 856.0, 538.0, 884.0),
            b(1009.0, 893.0, 1068.0, 921.0),
            b(261.0, 930.0, 538.0, 958.0),
            b(564.0, 930.0, 654.0, 958.0),
            b(844.0, 932.0, 904.0, 956.0),
            b(196.0, 933.0, 210.0, 956.0),
            b(1024.0, 967.0, 1052.0, 995.0),
            b(369.0, 1004.0, 428.0, 1032.0),
            b(1009.0, 1078.0, 1068.0, 1106.0),
            b(260.0, 1115.0, 538.0, 1144.0),
            b(595.0, 1116.0, 623.0, 1143.0),
            b(196.0, 1118.0, 209.0, 1141.0),
            b(688.0, 1118.0, 731.0, 1141.0),
            // The last row's name and attribute go on under its middle.
            b(1009.0, 1226.0, 1068.0, 1254.0),
            b(260.0, 1226.0, 537.0, 1254.0),
            b(579.0, 1265.0, 639.0, 1292.0),
            b(196.0, 1267.0, 210.0, 1290.0),
            b(676.0, 1267.0, 742.0, 1290.0),
            b(1023.0, 1301.0, 1052.0, 1329.0),
            b(353.0, 1301.0, 444.0, 1329.0),
            // A paragraph after the table: wide, not a part.
            b(80.0, 1420.0, 1100.0, 1448.0),
        ];
        let (regions, parts, _) = columns(&blobs, em);
        assert_eq!(regions.len(), 1, "{regions:?}");
        // All but the paragraph and the first line, the upper half of a
        // row above these.
        assert_eq!(parts.len(), blobs.len() - 2, "{regions:?}");
        assert!(!parts.contains(&blobs[0]));
    }

    #[test]
    fn a_blob_line_has_no_gaps_between_its_words() {
        let word = |left: f64, width: f64, text: &str| Word {
            left,
            top: 0.0,
            width,
            height: 10.0,
            conf: 90.0,
            text: text.into(),
        };
        let mut l = Line {
            choice: None,
            left: 0.0,
            top: 0.0,
            width: 100.0,
            height: 10.0,
            words: vec![
                word(0.0, 20.0, "农村"),
                word(50.0, 10.0, "城"),
                word(70.0, 30.0, "市低"),
            ],
        };
        l.close_gaps();
        assert_eq!(
            l.words.iter().map(|w| w.width).collect::<Vec<_>>(),
            vec![50.0, 20.0, 30.0]
        );
    }

    #[test]
    fn a_line_with_ink_left_unread_beside_its_words_is_partly_read() {
        let line = |words: &[(f64, f64)]| Line {
            choice: None,
            left: 0.0,
            top: 100.0,
            width: 300.0,
            height: 20.0,
            words: words
                .iter()
                .map(|&(left, width)| Word {
                    left,
                    top: 100.0,
                    width,
                    height: 20.0,
                    conf: 90.0,
                    text: "节".into(),
                })
                .collect(),
        };
        let em = 20.0;
        // 三节 指导思想 read from x 140 on; the blob of ink starts at 100.
        let heading = [line(&[(140.0, 20.0), (165.0, 20.0), (200.0, 80.0)])];
        assert!(partly_read(&heading, &[100.0, 98.0, 280.0, 122.0], em));
        // Read all along (a few pixels either side are no character).
        assert!(!partly_read(&heading, &[135.0, 98.0, 285.0, 122.0], em));
        // Nothing read in it (a stamp, a figure): not this pass's to read.
        assert!(!partly_read(&heading, &[100.0, 300.0, 280.0, 322.0], em));
        // Taller than a line of text.
        assert!(!partly_read(&heading, &[100.0, 40.0, 280.0, 160.0], em));
    }

    /// Glyphs of `text` on one line at height `y`, 10 units apart.
    fn glyph_line(text: &str, y: f64) -> Vec<Glyph> {
        text.chars()
            .enumerate()
            .map(|(i, c)| Glyph {
                text: c.to_string(),
                x: 10.0 * i as f64,
                y,
                w: 10.0,
                run_x: 0.0,
                run_y: 0.0,
                size: 10.0,
                bold: false,
                face: 0,
                code: None,
            })
            .collect()
    }

    fn line_at(glyphs: &[Glyph], y: f64) -> String {
        glyphs
            .iter()
            .filter(|g| g.y == y)
            .map(|g| g.text.as_str())
            .collect()
    }

    #[test]
    fn the_cell_reading_the_document_bears_out_stands() {
        // The plan reads 覆盖率 in its text; the page model read a cell
        // 履盖率, the table model 覆盖率.
        let mut page = [
            glyph_line("养老服务覆盖率", 100.0),
            glyph_line("覆盖率达到", 200.0),
            glyph_line("履盖率", 300.0),
            glyph_line("年度增速", 400.0),
            glyph_line("殡葬服务", 500.0),
            // A cell's line that wraps inside 覆盖: the line below says which.
            glyph_line("生活补贴履", 600.0),
            glyph_line("盖率", 585.0),
        ]
        .concat();
        let choices = vec![
            (
                0,
                Choice {
                    glyphs: vec![12, 13, 14],
                    other: glyph_line("覆盖率", 300.0),
                },
            ),
            // Neither 增束 nor 增速 is read elsewhere: the page model's stands.
            (
                0,
                Choice {
                    glyphs: vec![15, 16, 17, 18],
                    other: glyph_line("年度增束", 400.0),
                },
            ),
            // 殡仪 is read nowhere else; 殡葬 only here, which is no evidence.
            (
                0,
                Choice {
                    glyphs: vec![19, 20, 21, 22],
                    other: glyph_line("殡仪服务", 500.0),
                },
            ),
            (
                0,
                Choice {
                    glyphs: vec![23, 24, 25, 26, 27],
                    other: glyph_line("生活补贴覆", 600.0),
                },
            ),
        ];
        settle(&mut [&mut page], choices);
        assert_eq!(line_at(&page, 300.0), "覆盖率");
        assert_eq!(line_at(&page, 400.0), "年度增速");
        assert_eq!(line_at(&page, 500.0), "殡葬服务");
        assert_eq!(line_at(&page, 600.0), "生活补贴覆");
        assert_eq!(line_at(&page, 100.0), "养老服务覆盖率");
        assert_eq!(page.len(), 30);
    }

    #[test]
    fn each_stretch_two_readings_differ_in_is_settled_on_its_own() {
        // The plan reads 孵化 and 建设 elsewhere: each model is right once.
        let mut page = [
            glyph_line("积极孵化公益组织", 100.0),
            glyph_line("加强建设", 200.0),
            glyph_line("组织孵化中心健设", 300.0),
        ]
        .concat();
        let choice = Choice {
            glyphs: (12..20).collect(),
            other: glyph_line("组织铬化中心建设", 300.0),
        };
        settle(&mut [&mut page], vec![(0, choice)]);
        assert_eq!(line_at(&page, 300.0), "组织孵化中心建设");
    }

    #[test]
    fn a_cell_read_alike_by_both_models_offers_no_choice() {
        let line = |t: &str| Line {
            height: 10.0,
            words: vec![Word {
                left: 0.0,
                top: 0.0,
                width: 10.0,
                height: 10.0,
                conf: 90.0,
                text: t.into(),
            }],
            ..Line::default()
        };
        let below = |t: &str| Line {
            top: 20.0,
            height: 10.0,
            ..line(t)
        };
        let mut read = vec![
            (0, line("覆盖率")),
            (1, line("履盖率")),
            (2, line("75")),
            // A box's cell of two lines: only the line read otherwise is a
            // choice.
            (3, line("社会组织孵化")),
            (3, below("中心建设")),
        ];
        let other = vec![
            (0, line("覆盖率")),
            (1, line("覆盖率")),
            (2, line("7S")),
            (3, line("社会组织孵化")),
            (3, below("中心健设")),
        ];
        let mut others = Vec::new();
        offer(&mut read, other, &mut others);
        let chosen: Vec<Option<usize>> = read.iter().map(|(_, l)| l.choice).collect();
        assert_eq!(chosen, vec![None, Some(0), None, None, Some(1)]);
        assert_eq!(others.len(), 2);
        assert_eq!(others[1][0].words[0].text, "中心健设");
    }

    #[test]
    fn a_chevron_with_a_bar_under_it_is_at_least() {
        // 20 px high glyphs drawn 2 px thick: > (two arms), ⩾ (and a bar
        // under the lower arm), then a 6.
        let mut g = Gray::white(80, 30);
        let line = |g: &mut Gray, (ax, ay): (f64, f64), (bx, by): (f64, f64)| {
            for k in 0..=100 {
                let t = f64::from(k) / 100.0;
                let (x, y) = (ax + t * (bx - ax), ay + t * (by - ay));
                for (dx, dy) in [(0, 0), (1, 0), (0, 1), (1, 1)] {
                    let (px, py) = (x as u32 + dx, y as u32 + dy);
                    g.px[(py * 80 + px) as usize] = 0;
                }
            }
        };
        // > at x 5–17, ⩾ at x 45–57.
        for x0 in [5.0, 45.0] {
            line(&mut g, (x0, 4.0), (x0 + 12.0, 11.0));
            line(&mut g, (x0 + 12.0, 11.0), (x0, 18.0));
        }
        line(&mut g, (45.0, 25.0), (57.0, 18.0));
        let word = |left: f64, text: &str| Word {
            left,
            top: 4.0,
            width: 30.0,
            height: 22.0,
            conf: 90.0,
            text: text.into(),
        };
        let (mut plain, mut barred) = (word(5.0, ">95"), word(45.0, ">60"));
        set_bars(&g, &mut plain);
        set_bars(&g, &mut barred);
        assert_eq!(plain.text, ">95");
        assert_eq!(barred.text, "≥60");
        // Read as two chevrons, it is `at_least`'s to set right.
        let mut twice = word(45.0, ">>60");
        set_bars(&g, &mut twice);
        assert_eq!(twice.text, ">>60");
    }

    #[test]
    fn readings_differ_in_stretches() {
        let chars = |s: &str| s.chars().map(String::from).collect::<Vec<_>>();
        let d = |a: &str, b: &str| differing(&chars(a), &chars(b));
        assert_eq!(d("社会组织孵化中心", "社会组织孵化中心"), vec![]);
        assert_eq!(d("构履盖率", "构覆盖率"), vec![(1..2, 1..2)]);
        assert_eq!(d("有具备失能", "具备失能"), vec![(0..1, 0..0)]);
        assert_eq!(
            d("〈黎老院）的", "（敬老院）"),
            vec![(0..2, 0..2), (5..6, 5..5)]
        );
    }

    #[test]
    fn confusions_set_right() {
        let f = |w: &[&str]| fix_confusions(w).concat();
        assert_eq!(f(&["2O2l", "年"]), "2021年");
        assert_eq!(f(&["Old"]), "Old");
        assert_eq!(f(&["(一)", "指导思想"]), "（一）指导思想");
        assert_eq!(f(&["(1)", "最低"]), "（1）最低");
        assert_eq!(f(&["目标", ":", "到"]), "目标：到");
        assert_eq!(f(&["see", "(1)", "a"]), "see(1)a");
        assert_eq!(f(&["3.5", "万"]), "3.5万");
        assert_eq!(f(&["〈2）", "特困"]), "（2）特困");
        assert_eq!(f(&["《一）", "加强"]), "（一）加强");
        assert_eq!(f(&["（\\1）", "社会"]), "（1）社会");
        assert_eq!(f(&["〈社区）合并"]), "〈社区）合并");
        // A cell's bound, as the Chinese model reads ≥.
        assert_eq!(f(&["过", "90"]), "≥90");
        assert_eq!(f(&["之4600"]), "≥4600");
        assert_eq!(f(&[">>", "45"]), "≥45");
        assert_eq!(f(&["二", "30%"]), "≥30%");
        assert_eq!(f(&["过90万人"]), "过90万人");
        assert_eq!(f(&[">", "30"]), ">30");
        // A unit cell's per cent sign, its rings read as figures.
        assert_eq!(f(&["9%0"]), "%");
        assert_eq!(f(&["%6"]), "%");
        assert_eq!(f(&["9%"]), "9%");
        assert_eq!(f(&["19%0"]), "19%0");
    }
}
