//! Pages whose text layer cannot be trusted, rendered for OCR.
//!
//! A PDF from a virtual printer or an old converter may draw its text in
//! fonts with no Unicode map, or with a wrong one (Ghostscript's re-encoded
//! subsets give Latin-1 letters amid Chinese). Such a page reads as gaps or
//! garbage; rendered and read by OCR it reads as printed. We have no
//! rasterizer of our own, so poppler's `pdftoppm` renders the page (found as
//! `GUIHUA_PDFTOPPM` or on the PATH, like Tesseract).

use super::{Glyph, PageContent, Shape};
use crate::read::image::Gray;
use crate::read::ocr::{run_child, Affine, ChildError, Job};
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Resolution pages are rendered at for OCR.
pub const RENDER_DPI: f64 = 300.0;
/// Codes without text (or with implausible text) on a page, at least.
const MIN_BAD_CODES: usize = 10;
/// Mean word confidence (0–100) under which OCR of a rendered page is not
/// trusted over its text layer (a clean page reads at 85–90).
pub const MIN_CONFIDENCE: f64 = 50.0;
/// …and under which OCR of a few characters drawn as outlines is not taken
/// (a logo's lettering, handwriting read as words: a title reads at 90).
pub const MIN_OUTLINE_CONFIDENCE: f64 = 70.0;
/// A gap narrower than this (in ems) is a space, not a lost character.
const MIN_GAP_EM: f64 = 0.4;
/// …and at least this share of the page's codes, for it to be rendered.
const BAD_SHARE: f64 = 0.05;

/// Whether a code without text is a space (or draws nothing): narrower
/// than a character.
pub(super) fn spacing(h: &Glyph) -> bool {
    h.w < MIN_GAP_EM * h.size
}

/// A character a wrong font map gives: C1 controls and accented letters
/// (the symbols of Latin-1, · × ° ², are real text).
pub(super) fn odd(ch: char) -> bool {
    matches!(ch, '\u{80}'..='\u{9f}' | '\u{c0}'..='\u{24f}') && ch != '×' && ch != '÷'
}

/// A text layer with no more than this share of its codes wrong keeps what
/// it has right; OCR only fills the rest.
const FILL_SHARE: f64 = 0.5;

/// Fill the text layer's gaps and wrong characters from `ocr` (what OCR
/// read on the rendered page, in the same page space). A run of gaps on a
/// line takes the characters OCR read between the layer's characters on
/// either side of it (OCR's positions inside a word are only spread
/// evenly, so the neighbours place the run, not the x alone); where the
/// neighbours are not found, the nearest OCR characters. The rest of the
/// layer — its fonts' weights, exact positions, run-in bold titles — stays.
/// Text the page drew as outlines takes what OCR read where it stands.
/// False (nothing changed) when the layer is mostly wrong: then OCR's
/// reading replaces it.
pub fn fill(c: &mut PageContent, ocr: &[Glyph]) -> bool {
    let wrong: Vec<usize> = (0..c.glyphs.len())
        .filter(|&i| c.glyphs[i].text.chars().any(odd))
        .collect();
    let outlined = c.outlined_chars();
    if (c.holes.len() + wrong.len() + outlined) as f64 > FILL_SHARE * c.codes.max(1) as f64 {
        return false;
    }
    // Text drawn as outlines: what OCR read within each run's extent.
    let runs = std::mem::take(&mut c.outlined);
    let drawn: Vec<Glyph> = ocr
        .iter()
        .filter(|g| {
            // OCR's boxes sit a little off the shapes, across more than along.
            let (x, y) = (g.x + g.w / 2.0, g.y + 0.3 * g.size);
            !g.text.trim().is_empty()
                && runs.iter().any(|(b, _)| {
                    let h = b[3] - b[1];
                    (b[0] - 0.1 * h..=b[2] + 0.1 * h).contains(&x)
                        && (b[1] - 0.3 * h..=b[3] + 0.3 * h).contains(&y)
                })
        })
        .cloned()
        .collect();
    // Every position of the layer, gap or not, by line then x.
    // Spaces (the learned maps give some) neither anchor a run nor take
    // OCR's characters: they stay as they are.
    let (spaces, glyphs): (Vec<Glyph>, Vec<Glyph>) = std::mem::take(&mut c.glyphs)
        .into_iter()
        .partition(|g| g.text.trim().is_empty());
    let slots: Vec<(Glyph, bool)> = glyphs
        .into_iter()
        .map(|g| {
            let wrong = g.text.chars().any(odd);
            (g, wrong)
        })
        // A narrow gap is a space (as [`undecodable`] counts them): no OCR
        // character is its text.
        .chain(c.holes.drain(..).filter(|h| !spacing(h)).map(|h| (h, true)))
        .collect();
    let lines = baselines(slots, |s| &s.0);
    let mut ocr: Vec<&Glyph> = ocr.iter().filter(|g| !g.text.trim().is_empty()).collect();
    ocr.sort_by(|a, b| a.x.total_cmp(&b.x));
    let mut out = Vec::with_capacity(c.glyphs.len() + 16);
    for mut line in lines {
        let mut i = 0;
        while i < line.len() {
            if !line[i].1 {
                i += 1;
                continue;
            }
            let j = (i..line.len()).find(|&k| !line[k].1).unwrap_or(line.len());
            let texts = fill_run(&line, i, j, &ocr);
            for (k, t) in (i..j).zip(texts) {
                line[k].0.text = t.unwrap_or_default();
                line[k].1 = false;
            }
            i = j;
        }
        out.extend(
            line.into_iter()
                .map(|(g, _)| g)
                .filter(|g| !g.text.is_empty() && !g.text.chars().any(odd)),
        );
    }
    out.extend(drawn);
    out.extend(spaces);
    c.glyphs = out;
    true
}

/// The layer's positions in lines: runs on one baseline, top to bottom,
/// each left to right.
pub(super) fn baselines<T>(mut items: Vec<T>, at: impl Fn(&T) -> &Glyph) -> Vec<Vec<T>> {
    let same_line = |a: &Glyph, b: &Glyph| (a.y - b.y).abs() <= a.size.min(b.size) * 0.3;
    items.sort_by(|a, b| {
        let (a, b) = (at(a), at(b));
        (-a.y).total_cmp(&-b.y).then(a.x.total_cmp(&b.x))
    });
    let mut lines: Vec<Vec<T>> = Vec::new();
    for s in items {
        match lines.last_mut() {
            Some(l) if same_line(at(&l[0]), at(&s)) => l.push(s),
            _ => lines.push(vec![s]),
        }
    }
    for l in &mut lines {
        l.sort_by(|a, b| at(a).x.total_cmp(&at(b).x));
    }
    lines
}

/// OCR's text for the gaps `line[i..j]`, a run between the layer's
/// characters `line[i - 1]` and `line[j]`.
fn fill_run(line: &[(Glyph, bool)], i: usize, j: usize, ocr: &[&Glyph]) -> Vec<Option<String>> {
    let first = &line[i].0;
    let size = first.size;
    let (x0, x1) = (
        first.x - 4.0 * size,
        line[j - 1].0.x + line[j - 1].0.w + 4.0 * size,
    );
    let lo = ocr.partition_point(|g| g.x + g.w / 2.0 < x0);
    let near: Vec<&Glyph> = ocr[lo..]
        .iter()
        .copied()
        .take_while(|g| g.x + g.w / 2.0 <= x1)
        .filter(|g| (g.y - first.y).abs() <= size * 0.6)
        .collect();
    let chars: Vec<&str> = near.iter().map(|g| g.text.as_str()).collect();
    // Neighbours anchor the run only where they touch it (not the next cell).
    let last = &line[j - 1].0;
    let left = i
        .checked_sub(1)
        .map(|k| &line[k].0)
        .filter(|g| first.x - (g.x + g.w) < size * 0.5)
        .map(|g| g.text.as_str());
    let right = line
        .get(j)
        .map(|s| &s.0)
        .filter(|g| g.x - (last.x + last.w) < size * 0.5)
        .map(|g| g.text.as_str());
    // The layer's ) is OCR's ）: the model reads widths as Chinese text sets them.
    let same = |a: &str, b: &str| crate::text::fold_width(a) == crate::text::fold_width(b);
    let n = j - i;
    let mid = (first.x + last.x + last.w) / 2.0;
    // Where the run fits between its neighbours, nearest its place.
    let best = (0..=chars.len().saturating_sub(n))
        .filter(|&s| {
            let l_ok = left.is_none_or(|l| s > 0 && same(chars[s - 1], l));
            let r_ok = right.is_none_or(|r| chars.get(s + n).is_some_and(|c| same(c, r)));
            s + n <= chars.len() && (left.is_some() || right.is_some()) && l_ok && r_ok
        })
        .min_by(|&a, &b| {
            let d = |s: usize| (near[s].x - mid).abs();
            d(a).total_cmp(&d(b))
        });
    if let Some(s) = best {
        return chars[s..s + n]
            .iter()
            .map(|t| Some(t.to_string()))
            .collect();
    }
    // No anchor: each gap the OCR character nearest it, if one is close.
    line[i..j]
        .iter()
        .map(|(g, _)| {
            let m = g.x + g.w / 2.0;
            near.iter()
                .filter(|o| (o.x + o.w / 2.0 - m).abs() <= g.w.max(size) * 0.5)
                .min_by(|a, b| {
                    (a.x + a.w / 2.0 - m)
                        .abs()
                        .total_cmp(&(b.x + b.w / 2.0 - m).abs())
                })
                .map(|o| o.text.clone())
        })
        .collect()
}

/// A character of the symbol blocks: arrows, enclosed alphanumerics, box
/// drawing, shapes, dingbats.
fn symbol(ch: char) -> bool {
    matches!(ch, '\u{2190}'..='\u{21FF}' | '\u{2460}'..='\u{27BF}' | '\u{2900}'..='\u{2BFF}')
}

/// Distinct symbols a page must show, at least, for its fonts to be
/// judged garbled (a bullet or check-mark font gives a few, over and over).
const MIN_GARBLED_KINDS: usize = 10;

/// Fonts whose codes give symbols (a font re-encoded with dingbat glyph
/// names: `✂→✄☎✆` for a line of Chinese) give no text at all: their glyphs
/// on the page become holes, which OCR fills as any font's without a map.
/// A font is garbled when most of what it gives on the page is symbols, on
/// a page showing symbols of many kinds. The number of glyphs so taken.
pub fn garbled_fonts(c: &mut PageContent) -> usize {
    // Every page of every PDF passes here: most show no symbol at all.
    let symbols = c
        .glyphs
        .iter()
        .filter(|g| g.text.chars().any(symbol))
        .take(MIN_GARBLED_KINDS)
        .count();
    if symbols < MIN_GARBLED_KINDS {
        return 0;
    }
    let mut fonts: HashMap<u32, (usize, usize)> = HashMap::new();
    let mut kinds: HashSet<char> = HashSet::new();
    for g in &c.glyphs {
        let (Some(key), Some(ch)) = (g.code, g.text.chars().find(|c| !c.is_whitespace())) else {
            continue;
        };
        let f = fonts.entry(key.font()).or_default();
        f.0 += 1;
        if symbol(ch) {
            f.1 += 1;
            kinds.insert(ch);
        }
    }
    if kinds.len() < MIN_GARBLED_KINDS {
        return 0;
    }
    let garbled: HashSet<u32> = fonts
        .into_iter()
        .filter(|(_, (n, sym))| 2 * sym > *n)
        .map(|(f, _)| f)
        .collect();
    if garbled.is_empty() {
        return 0;
    }
    let (bad, good): (Vec<Glyph>, Vec<Glyph>) = std::mem::take(&mut c.glyphs)
        .into_iter()
        .partition(|g| g.code.is_some_and(|k| garbled.contains(&k.font())));
    c.glyphs = good;
    let n = bad.len();
    c.holes.extend(bad.into_iter().map(|mut g| {
        g.text.clear();
        g
    }));
    n
}

/// Whether the page's text layer fails it: many character codes give no
/// text, or give Latin letters in a page otherwise set in Chinese. The
/// count of such codes, if so.
pub fn undecodable(c: &PageContent) -> Option<usize> {
    let (mut cjk, mut odd) = (0usize, 0usize);
    for g in &c.glyphs {
        for ch in g.text.chars() {
            match ch {
                '\u{3400}'..='\u{9fff}' => cjk += 1,
                _ if self::odd(ch) => odd += 1,
                _ => {}
            }
        }
    }
    let odd = if cjk >= odd.max(MIN_BAD_CODES) {
        odd
    } else {
        0
    };
    // Gaps as wide as a letter at least: a font that maps everything but
    // its spaces loses nothing worth rendering the page for.
    let gaps = c.holes.iter().filter(|h| !spacing(h)).count();
    let bad = gaps + odd;
    (bad >= MIN_BAD_CODES && bad as f64 >= BAD_SHARE * c.codes.max(1) as f64).then_some(bad)
}

/// Characters drawn as outlines, at least, for a page to be rendered for
/// them: a title's few.
const MIN_OUTLINED: usize = 8;
/// Share of a page's shapes that must be characters: a map or a drawing
/// whose labels are outlines is not read by OCR for them.
const MIN_CHAR_SHARE: f64 = 0.25;
/// Shapes in a run of outlined characters, at least.
const MIN_RUN: usize = 3;
/// Widest gap between two characters of one run, in character heights (a
/// full-width quotation mark, too small to count, stands between two).
const RUN_GAP: f64 = 1.5;
/// Shortest character drawn as an outline that is read (points): smaller
/// shapes are dots, dashes and hatching.
const MIN_CHAR_HEIGHT: f64 = 4.0;
/// Widest character drawn as an outline, in its heights (a shaded cell or
/// a bar is wider; a line of text drawn as one shape is not read).
const MAX_CHAR_WIDTH: f64 = 1.5;
/// Fewest lines and curves a run's characters average: a Chinese
/// character drawn as an outline has dozens, a row of bars, pillars or
/// stars a handful each.
const MIN_CHAR_SEGMENTS: f64 = 12.0;
/// Share of a run's characters whose height may stray from the run's
/// median by more than half (down) or 60% (up), at most.
const MAX_UNEVEN: f64 = 0.25;

/// The box holding both boxes (x0, y0, x1, y1).
pub(super) fn union(a: [f64; 4], b: [f64; 4]) -> [f64; 4] {
    [
        a[0].min(b[0]),
        a[1].min(b[1]),
        a[2].max(b[2]),
        a[3].max(b[3]),
    ]
}

/// The part of a page to read for its outlined `runs` where the page has
/// a text layer that OCR only fills (see [`fill`]): the runs' box with a
/// character's margin; None where the page is read whole.
pub fn outline_crop(c: &PageContent) -> Option<[f64; 4]> {
    let chars = c.outlined_chars();
    let first = c.outlined.first()?.0;
    let keeps_layer = (c.holes.len() + chars) as f64 <= FILL_SHARE * c.codes.max(1) as f64;
    let b = c.outlined.iter().fold(first, |a, r| union(a, r.0));
    let m = c
        .outlined
        .iter()
        .map(|r| r.0[3] - r.0[1])
        .fold(0.0, f64::max);
    keeps_layer.then_some([b[0] - m, b[1] - m, b[2] + m, b[3] + m])
}

/// Whether a run's shapes are as even in height as a line's characters
/// (Latin letters from x-height to ascender; a drawing's parts are not).
fn even(run: &[Shape]) -> bool {
    let mut h: Vec<f64> = run.iter().map(|s| s.bbox[3] - s.bbox[1]).collect();
    h.sort_by(f64::total_cmp);
    let med = h[h.len() / 2];
    let odd = h
        .iter()
        .filter(|&&x| x < 0.5 * med || x > 1.6 * med)
        .count();
    odd as f64 <= MAX_UNEVEN * h.len() as f64
}

/// Where the page draws text as outlines (filled curves in the shape of
/// characters, as "convert text to curves", Ghostscript's `-dNoOutputFonts`
/// and some virtual printers and CAD exports leave it; a title in a font
/// that may not be embedded): runs of shapes that stand along a line as
/// characters do, of many curves each, none over a character of the text
/// layer. Each run's extent (x0, y0, x1, y1) and count of characters;
/// none when fewer than
/// [`MIN_OUTLINED`] characters are found, or when they are few among the
/// page's shapes ([`MIN_CHAR_SHARE`]).
pub fn outlined(c: &PageContent) -> Vec<([f64; 4], usize)> {
    if c.shapes.len() < MIN_OUTLINED {
        return Vec::new();
    }
    // The text layer's characters: a shape under one (a shaded cell, a
    // highlight) is no character of its own.
    let mut covered = c
        .glyphs
        .iter()
        .map(|g| [g.x, g.y - 0.2 * g.size, g.x + g.w, g.y + 0.8 * g.size])
        .collect::<Vec<_>>();
    covered.sort_by(|a, b| a[1].total_cmp(&b[1]));
    let tallest = covered.iter().map(|b| b[3] - b[1]).fold(0.0, f64::max);
    let over_text = |s: &[f64; 4]| {
        let lo = covered.partition_point(|b| b[1] < s[1] - tallest);
        covered[lo..]
            .iter()
            .take_while(|b| b[1] <= s[3])
            .any(|b| b[0] < s[2] && s[0] < b[2] && b[1] < s[3] && s[1] < b[3])
    };
    let mut shapes: Vec<Shape> = c
        .shapes
        .iter()
        .copied()
        .filter(|s| {
            let [x0, y0, x1, y1] = s.bbox;
            y1 - y0 >= MIN_CHAR_HEIGHT
                && x1 - x0 <= MAX_CHAR_WIDTH * (y1 - y0)
                && !over_text(&s.bbox)
        })
        .collect();
    let mid = |s: &Shape| (s.bbox[1] + s.bbox[3]) / 2.0;
    let height = |s: &Shape| s.bbox[3] - s.bbox[1];
    shapes.sort_by(|a, b| mid(a).total_cmp(&mid(b)));
    // Lines: shapes whose middles lie within a third of the tallest's
    // height of the first's.
    let mut lines: Vec<(f64, f64, Vec<Shape>)> = Vec::new();
    for s in shapes {
        match lines.last_mut() {
            Some((m, tall, l)) if (mid(&s) - *m).abs() <= tall.max(height(&s)) / 3.0 => {
                *tall = tall.max(height(&s));
                l.push(s);
            }
            _ => lines.push((mid(&s), height(&s), vec![s])),
        }
    }
    let mut runs = Vec::new();
    for (_, _, mut line) in lines {
        line.sort_by(|a, b| a.bbox[0].total_cmp(&b.bbox[0]));
        // Pieces of one character (its strokes filled one by one) are one
        // where they overlap across by half the narrower.
        let mut chars: Vec<Shape> = Vec::with_capacity(line.len());
        for s in line {
            match chars.last_mut() {
                Some(p)
                    if s.bbox[0]
                        < p.bbox[2] - 0.5 * (s.bbox[2] - s.bbox[0]).min(p.bbox[2] - p.bbox[0]) =>
                {
                    p.bbox = union(p.bbox, s.bbox);
                    p.segments = p.segments.saturating_add(s.segments);
                }
                _ => chars.push(s),
            }
        }
        let mut k = 0;
        while k < chars.len() {
            let mut j = k + 1;
            while j < chars.len() && {
                let h = height(&chars[j]).max(height(&chars[j - 1]));
                chars[j].bbox[0] - chars[j - 1].bbox[2] <= RUN_GAP * h
            } {
                j += 1;
            }
            let run = &chars[k..j];
            let segments = run.iter().map(|s| s.segments as f64).sum::<f64>() / run.len() as f64;
            if run.len() >= MIN_RUN && segments >= MIN_CHAR_SEGMENTS && even(run) {
                let bbox = run.iter().fold(run[0].bbox, |a, s| union(a, s.bbox));
                runs.push((bbox, run.len()));
            }
            k = j;
        }
    }
    let chars: usize = runs.iter().map(|r| r.1).sum();
    if chars < MIN_OUTLINED || (chars as f64) < MIN_CHAR_SHARE * c.shapes.len() as f64 {
        runs.clear();
    }
    runs
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
        let program =
            PathBuf::from(std::env::var_os("GUIHUA_PDFTOPPM").unwrap_or_else(|| "pdftoppm".into()));
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
        let file =
            std::env::temp_dir().join(format!("guihua-render-{}-{n}.pdf", std::process::id()));
        std::fs::write(&file, bytes)
            .map_err(|e| format!("cannot write {}: {e}", file.display()))?;
        Ok(Renderer {
            program,
            file,
            password: password.map(str::to_string),
        })
    }

    /// Page `page` (1-based) rendered in grey, or only its part `crop`
    /// (in `upright_box`'s space), and where its pixels land in
    /// `upright_box` (the page as a viewer shows it).
    pub fn page(
        &self,
        page: u32,
        upright_box: [f64; 4],
        crop: Option<[f64; 4]>,
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
        // The crop in pixels from the shown page's top-left corner.
        let k = RENDER_DPI / 72.0;
        let cut = crop.map(|b| {
            let x = ((b[0] - upright_box[0]).max(0.0) * k).floor();
            let y = ((upright_box[3] - b[3]).max(0.0) * k).floor();
            let w = ((b[2].min(upright_box[2]) - upright_box[0]) * k).ceil() - x;
            let h = ((upright_box[3] - b[1].max(upright_box[1])) * k).ceil() - y;
            (x, y, w.max(1.0), h.max(1.0))
        });
        if let Some((x, y, w, h)) = cut {
            cmd.args(["-x", &x.to_string(), "-y", &y.to_string()])
                .args(["-W", &w.to_string(), "-H", &h.to_string()]);
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
        let to_page: Affine = match cut {
            Some((x, y, ..)) => [
                1.0 / k,
                0.0,
                0.0,
                -1.0 / k,
                upright_box[0] + x / k,
                upright_box[3] - y / k,
            ],
            None => {
                let (sx, sy) = (w / f64::from(pw), h / f64::from(ph));
                [sx, 0.0, 0.0, -sy, upright_box[0], upright_box[3]]
            }
        };
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
    match run_child(cmd, Vec::new(), Instant::now() + timeout) {
        Ok((status, out, _)) if status.success() => Ok(out),
        Ok((status, _, _)) => Err(format!("failed ({status})")),
        Err(ChildError::TimedOut) => Err(format!("took longer than {} s", timeout.as_secs())),
        Err(ChildError::Start(e) | ChildError::Io(e)) => Err(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A glyph of `t` ten points wide and tall at (x, y).
    fn glyph(t: &str, x: f64, y: f64) -> Glyph {
        Glyph {
            text: t.to_string(),
            x,
            y,
            w: 10.0,
            run_x: 0.0,
            run_y: 0.0,
            size: 10.0,
            bold: false,
            face: 0,
            code: None,
        }
    }

    fn page(text: &str, unmapped: usize) -> PageContent {
        let glyphs: Vec<Glyph> = text
            .chars()
            .map(|c| Glyph {
                text: c.to_string(),
                x: 0.0,
                y: 0.0,
                w: 1.0,
                run_x: 0.0,
                run_y: 0.0,
                size: 10.0,
                bold: false,
                face: 0,
                code: None,
            })
            .collect();
        let hole = |w: f64| Glyph {
            text: String::new(),
            x: 0.0,
            y: 0.0,
            w,
            run_x: 0.0,
            run_y: 0.0,
            size: 10.0,
            bold: false,
            face: 0,
            code: None,
        };
        PageContent {
            codes: glyphs.len() + unmapped,
            glyphs,
            unmapped,
            holes: (0..unmapped).map(|_| hole(10.0)).collect(),
            ..PageContent::default()
        }
    }

    #[test]
    fn fonts_giving_symbols_of_many_kinds_give_no_text() {
        use super::super::font::GlyphKey;
        let of = |font: u32, text: &str| -> Vec<Glyph> {
            text.chars()
                .enumerate()
                .map(|(i, ch)| Glyph {
                    code: Some(GlyphKey::Code {
                        font,
                        code: i as u32,
                    }),
                    ..glyph(&ch.to_string(), 10.0 * i as f64, 700.0)
                })
                .collect()
        };
        // A line of Chinese as a re-encoded font gives it, beside a font
        // that gives its text.
        let mut c = PageContent {
            glyphs: [of(1, "✂→✄☎✆✝✞✟✠✡☛☞✌"), of(2, "发展规划")].concat(),
            ..PageContent::default()
        };
        assert_eq!(garbled_fonts(&mut c), 13);
        assert_eq!(c.holes.len(), 13);
        let kept: String = c.glyphs.iter().map(|g| g.text.as_str()).collect();
        assert_eq!(kept, "发展规划");
        // Bullets and check marks, a few kinds over and over, are text.
        let mut c = PageContent {
            glyphs: of(1, "●✓●✓●✓■●✓●✓●✓"),
            ..PageContent::default()
        };
        assert_eq!(garbled_fonts(&mut c), 0);
        assert!(c.holes.is_empty());
    }

    #[test]
    fn wrong_or_missing_maps_are_undecodable() {
        let good = "城乡低保标准年度增速不低于居民上年度人均消费支出增速。".repeat(20);
        assert!(undecodable(&page(&good, 0)).is_none());
        assert!(undecodable(&page(&good, 3)).is_none());
        assert!(undecodable(&page(&good, 100)).is_some());
        // Only its spaces unmapped: nothing to render for.
        let mut spaces = page(&good, 100);
        spaces.holes.iter_mut().for_each(|h| h.w = 2.5);
        assert!(undecodable(&spaces).is_none());
        // Ghostscript's re-encoded subsets: à ÿ Ā amid the Chinese.
        let garbled = "正à发4号正宁县人民府à公室s于印发ÿ实施ÿĀ".repeat(20);
        assert!(undecodable(&page(&garbled, 0)).is_some());
        // Latin-1 symbols are text, and a French page is not garbage.
        assert!(undecodable(&page(&"温度20°C，面积2×3m²。".repeat(30), 0)).is_none());
        assert!(undecodable(&page(&"élève à Paris, déjà été. ".repeat(30), 0)).is_none());
    }

    #[test]
    fn ocr_fills_the_gaps_where_they_were_drawn() {
        let at = |t: &str, x: f64| glyph(t, x, 700.0);
        // 护理_床位 with 型 unmapped, and 位 mapped to à.
        let mut c = PageContent {
            glyphs: vec![at("护", 0.0), at("理", 10.0), at("床", 30.0), at("à", 40.0)],
            holes: vec![at("", 20.0)],
            codes: 5,
            unmapped: 1,
            ..PageContent::default()
        };
        // OCR's reading sits a little lower (box bottoms) and misreads 理.
        let ocr: Vec<Glyph> = "护里型床位"
            .chars()
            .enumerate()
            .map(|(i, ch)| Glyph {
                y: 698.5,
                ..at(&ch.to_string(), 0.5 + 10.0 * i as f64)
            })
            .collect();
        assert!(fill(&mut c, &ocr));
        c.glyphs.sort_by(|a, b| a.x.total_cmp(&b.x));
        let text: String = c.glyphs.iter().map(|g| g.text.as_str()).collect();
        assert_eq!(text, "护理型床位");
        // The layer's half-width ) anchors the gap after it though OCR
        // reads it full-width: (一)_固 with 巩 unmapped, OCR reading （一）巩固
        // spread wider, its ） nearer the gap than its 巩.
        let mut c = PageContent {
            glyphs: vec![at("(", 0.0), at("一", 5.0), at(")", 15.0), at("固", 30.0)],
            holes: vec![at("", 20.0)],
            codes: 5,
            unmapped: 1,
            ..PageContent::default()
        };
        let ocr: Vec<Glyph> = ["（", "一", "）", "巩", "固"]
            .iter()
            .zip([0.0, 8.0, 16.0, 26.0, 36.0])
            .map(|(t, x)| at(t, x))
            .collect();
        assert!(fill(&mut c, &ocr));
        c.glyphs.sort_by(|a, b| a.x.total_cmp(&b.x));
        let text: String = c.glyphs.iter().map(|g| g.text.as_str()).collect();
        assert_eq!(text, "(一)巩固");
        // A layer mostly gaps is replaced instead.
        let mut c = PageContent {
            glyphs: vec![at("护", 0.0)],
            holes: (1..5).map(|i| at("", 10.0 * i as f64)).collect(),
            codes: 5,
            unmapped: 4,
            ..PageContent::default()
        };
        assert!(!fill(&mut c, &ocr));
    }

    #[test]
    fn characters_drawn_as_outlines_are_found_in_lines() {
        // A line of ten characters 12 points tall, each of 30 curves.
        let line = |y: f64, segments: u32, h: &dyn Fn(usize) -> f64| -> Vec<Shape> {
            (0..10)
                .map(|i| Shape {
                    bbox: [72.0 + 13.0 * i as f64, y, 83.0 + 13.0 * i as f64, y + h(i)],
                    segments,
                })
                .collect()
        };
        let page = |shapes: Vec<Shape>| PageContent {
            shapes,
            ..PageContent::default()
        };
        let runs = outlined(&page(line(700.0, 30, &|_| 12.0)));
        assert_eq!(runs.len(), 1);
        assert_eq!(runs[0].1, 10);
        assert_eq!(runs[0].0, [72.0, 700.0, 200.0, 712.0]);
        // Two lines of a page drawn all as outlines.
        let mut two = line(700.0, 30, &|_| 12.0);
        two.extend(line(680.0, 30, &|_| 12.0));
        assert_eq!(outlined(&page(two)).len(), 2);
        // A row of bars or pillars: a few lines each.
        assert!(outlined(&page(line(700.0, 4, &|_| 12.0))).is_empty());
        // A drawing's parts in a row: heights that no line of text has.
        let mut parts = line(700.0, 30, &|i| [12.0, 30.0][i % 2]);
        parts.iter_mut().for_each(|s| {
            let h = s.bbox[3] - s.bbox[1];
            (s.bbox[1], s.bbox[3]) = (706.0 - h / 2.0, 706.0 + h / 2.0);
        });
        assert!(outlined(&page(parts)).is_empty());
        // Shaded cells under the text layer's characters.
        let mut under = page(line(700.0, 30, &|_| 12.0));
        under.glyphs = (0..10)
            .map(|i| Glyph {
                w: 9.0,
                size: 9.0,
                ..glyph("字", 73.0 + 13.0 * i as f64, 702.0)
            })
            .collect();
        assert!(outlined(&under).is_empty());
        // A map: its labels' few characters among thousands of shapes.
        let mut map = line(700.0, 30, &|_| 12.0);
        map.extend((0..100).map(|i| Shape {
            bbox: [
                i as f64 * 5.0,
                100.0 + i as f64 * 3.0,
                i as f64 * 5.0 + 40.0,
                140.0 + i as f64 * 3.0,
            ],
            segments: 50,
        }));
        assert!(outlined(&page(map)).is_empty());
    }

    #[test]
    fn ocr_reads_the_text_drawn_as_outlines_where_it_stands() {
        let at = glyph;
        // A title of three characters drawn as outlines over a text layer.
        let body: Vec<Glyph> = (0..40).map(|i| at("文", 10.0 * i as f64, 600.0)).collect();
        let mut c = PageContent {
            codes: body.len(),
            glyphs: body.clone(),
            outlined: vec![([100.0, 700.0, 160.0, 720.0], 3)],
            ..PageContent::default()
        };
        // OCR read the title, the body (again) and a logo's marks.
        let mut ocr: Vec<Glyph> = "规划纲"
            .chars()
            .enumerate()
            .map(|(i, ch)| at(&ch.to_string(), 105.0 + 20.0 * i as f64, 701.0))
            .collect();
        ocr.extend(body.iter().cloned());
        ocr.push(at("V", 20.0, 705.0));
        assert!(fill(&mut c, &ocr));
        let title: String = c
            .glyphs
            .iter()
            .filter(|g| g.y > 650.0)
            .map(|g| g.text.as_str())
            .collect();
        assert_eq!(title, "规划纲");
        assert_eq!(c.glyphs.len(), 43);
        // Only the title is rendered for OCR, with a character's margin;
        // a page with no text layer of its own is read whole.
        let mut c = PageContent {
            codes: 40,
            outlined: vec![([100.0, 700.0, 160.0, 720.0], 3)],
            ..PageContent::default()
        };
        assert_eq!(outline_crop(&c), Some([80.0, 680.0, 180.0, 740.0]));
        c.codes = 0;
        assert_eq!(outline_crop(&c), None);
    }
}
