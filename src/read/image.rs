//! Page images for OCR: a PDF's image XObjects (as [`RawImage`], which the
//! PDF object layer fills in) and image files (.png, .jpg, .tif, multi-page
//! .tif), decoded to 8-bit grey [`Gray`] pixels; quarter turns, upsampling,
//! and the ruling lines of a scanned table.
//!
//! Decoders are well-kept crates: `image` (PNG, JPEG via zune-jpeg), `tiff`
//! (with CCITT inside TIFF), `hayro-ccitt` (CCITT G3/G4 in PDF),
//! `hayro-jbig2` and `hayro-jpeg2000`.

use crate::read::pdf::Rule;

/// An image, one byte of grey per pixel (0 black, 255 white), row by row
/// from the top.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gray {
    pub width: u32,
    pub height: u32,
    pub px: Vec<u8>,
}

/// How an image XObject's data is coded after its non-image filters.
#[derive(Debug, Clone)]
pub enum Coding {
    /// Samples as they are (after Flate, LZW …).
    Raw,
    Dct,
    Jpx,
    Ccitt(Ccitt),
    Jbig2 {
        globals: Option<Vec<u8>>,
    },
}

/// /CCITTFaxDecode parameters.
#[derive(Debug, Clone, Copy)]
pub struct Ccitt {
    pub k: i64,
    pub columns: u32,
    pub rows: u32,
    pub black_is_1: bool,
    pub byte_align: bool,
    pub end_of_block: bool,
    pub end_of_line: bool,
}

/// An image XObject's colour space, as far as grey needs it.
#[derive(Debug, Clone)]
pub enum Colour {
    Gray,
    Rgb,
    Cmyk,
    /// A palette over a base space, `lookup` holding `hival + 1` entries.
    Indexed {
        base: Box<Colour>,
        lookup: Vec<u8>,
    },
    /// A space we only know the component count of (Separation, DeviceN,
    /// Lab …): its first component is read as grey.
    Other(u8),
}

impl Colour {
    fn components(&self) -> usize {
        match self {
            Colour::Gray | Colour::Indexed { .. } => 1,
            Colour::Rgb => 3,
            Colour::Cmyk => 4,
            Colour::Other(n) => usize::from(*n).max(1),
        }
    }
}

/// An image XObject as the PDF gives it.
#[derive(Debug, Clone)]
pub struct RawImage {
    pub width: u32,
    pub height: u32,
    pub bpc: u8,
    pub colour: Colour,
    /// A stencil mask (/ImageMask): 1 bit, painted where 0 unless inverted.
    pub mask: bool,
    /// /Decode swaps the sample range ([1 0]).
    pub inverted: bool,
    pub coding: Coding,
    pub data: Vec<u8>,
}

impl Gray {
    /// A blank (white) image.
    pub fn white(width: u32, height: u32) -> Gray {
        Gray {
            width,
            height,
            px: vec![255; width as usize * height as usize],
        }
    }

    fn at(&self, x: u32, y: u32) -> u8 {
        self.px[y as usize * self.width as usize + x as usize]
    }

    /// Turned clockwise by `quarters` quarter turns.
    pub fn rotated(&self, quarters: u8) -> Gray {
        let (w, h) = (self.width, self.height);
        match quarters % 4 {
            0 => self.clone(),
            2 => Gray {
                width: w,
                height: h,
                px: self.px.iter().rev().copied().collect(),
            },
            q => {
                let mut out = Gray::white(h, w);
                for y in 0..h {
                    for x in 0..w {
                        // Clockwise: (x, y) → (h-1-y, x); anticlockwise: (y, w-1-x).
                        let (nx, ny) = if q == 1 {
                            (h - 1 - y, x)
                        } else {
                            (y, w - 1 - x)
                        };
                        out.px[ny as usize * h as usize + nx as usize] = self.at(x, y);
                    }
                }
                out
            }
        }
    }

    /// Enlarged `factor` times with bilinear interpolation (small scans read
    /// better larger: Tesseract wants letters some 20 pixels high).
    pub fn upscaled(&self, factor: u32) -> Gray {
        if factor <= 1 || self.width == 0 || self.height == 0 {
            return self.clone();
        }
        let (w, h) = (self.width * factor, self.height * factor);
        let mut out = Gray::white(w, h);
        let f = f64::from(factor);
        for y in 0..h {
            let sy = ((f64::from(y) + 0.5) / f - 0.5).clamp(0.0, f64::from(self.height - 1));
            for x in 0..w {
                let sx = ((f64::from(x) + 0.5) / f - 0.5).clamp(0.0, f64::from(self.width - 1));
                out.px[y as usize * w as usize + x as usize] = self.bilinear(sx, sy);
            }
        }
        out
    }

    /// Made `scale` (under 1) times as large, each new pixel the mean of the
    /// old ones it covers (a large scan reads better smaller: at 300 dpi
    /// Tesseract drops whole characters of bold headings, and hard-edged
    /// bilevel strokes read better averaged grey).
    pub fn shrunk(&self, scale: f64) -> Gray {
        if !(scale > 0.0 && scale < 1.0) || self.width == 0 || self.height == 0 {
            return self.clone();
        }
        // For each new index, the old indices it covers and their weights.
        let spans = |old: u32| -> (u32, Vec<Vec<(usize, f32)>>) {
            let new = ((f64::from(old) * scale).round() as u32).max(1);
            let per = f64::from(old) / f64::from(new);
            let spans = (0..new)
                .map(|i| {
                    let (a, b) = (f64::from(i) * per, f64::from(i + 1) * per);
                    let mut v = Vec::new();
                    let mut k = a.floor();
                    while k < b && (k as u32) < old {
                        let w = (b.min(k + 1.0) - a.max(k)) / per;
                        if w > 0.0 {
                            v.push((k as usize, w as f32));
                        }
                        k += 1.0;
                    }
                    v
                })
                .collect();
            (new, spans)
        };
        let (w, xs) = spans(self.width);
        let (h, ys) = spans(self.height);
        let old_w = self.width as usize;
        let mut rows = vec![0f32; w as usize * self.height as usize];
        for y in 0..self.height as usize {
            let src = &self.px[y * old_w..(y + 1) * old_w];
            for (x, span) in xs.iter().enumerate() {
                rows[y * w as usize + x] = span.iter().map(|&(k, f)| f32::from(src[k]) * f).sum();
            }
        }
        let mut out = Gray::white(w, h);
        for (y, span) in ys.iter().enumerate() {
            for x in 0..w as usize {
                let v: f32 = span
                    .iter()
                    .map(|&(k, f)| rows[k * w as usize + x] * f)
                    .sum();
                out.px[y * w as usize + x] = v.round().clamp(0.0, 255.0) as u8;
            }
        }
        out
    }

    /// Turned about its centre so that lines running at `angle` radians
    /// (positive: down to the right) come out level; the same size, bilinear,
    /// white where the turn brings in no pixels.
    pub fn turned_by(&self, angle: f64) -> Gray {
        let (w, h) = (self.width, self.height);
        let (sin, cos) = angle.sin_cos();
        let (cx, cy) = (f64::from(w) / 2.0, f64::from(h) / 2.0);
        // new → old: old = R(angle)(new − c) + c.
        let map = [
            cos,
            sin,
            -sin,
            cos,
            cx - cos * cx + sin * cy,
            cy - sin * cx - cos * cy,
        ];
        if w < 2 || h < 2 {
            return self.clone();
        }
        let mut out = Gray::white(w, h);
        let (wmax, hmax) = (f64::from(w - 1), f64::from(h - 1));
        for v in 0..h {
            let (vy, row) = (f64::from(v) + 0.5, v as usize * w as usize);
            for u in 0..w {
                let ux = f64::from(u) + 0.5;
                let sx = map[0] * ux + map[2] * vy + map[4] - 0.5;
                let sy = map[1] * ux + map[3] * vy + map[5] - 0.5;
                if sx >= 0.0 && sy >= 0.0 && sx <= wmax && sy <= hmax {
                    out.px[row + u as usize] = self.bilinear(sx, sy);
                }
            }
        }
        out
    }

    /// The grey at (`sx`, `sy`), pixel centres at whole numbers, inside the
    /// image: the four pixels around it weighed by nearness.
    fn bilinear(&self, sx: f64, sy: f64) -> u8 {
        let (x0, y0) = (sx.floor() as u32, sy.floor() as u32);
        let (x1, y1) = ((x0 + 1).min(self.width - 1), (y0 + 1).min(self.height - 1));
        let (tx, ty) = (sx - f64::from(x0), sy - f64::from(y0));
        let top = f64::from(self.at(x0, y0)) * (1.0 - tx) + f64::from(self.at(x1, y0)) * tx;
        let bot = f64::from(self.at(x0, y1)) * (1.0 - tx) + f64::from(self.at(x1, y1)) * tx;
        (top * (1.0 - ty) + bot * ty).round() as u8
    }

    /// The angle (radians, as [`Gray::turned_by`] takes it) the page's
    /// lines of ink run at, up to [`MAX_SKEW_DEGREES`] either way: the angle
    /// at which the ink, summed along lines of that slope, stands in the
    /// sharpest rows (a projection profile, as Leptonica and most deskew
    /// tools measure it). 0 when no angle stands out from the level, as on a
    /// photo, a blank page, or lines running down the page.
    pub fn ink_skew(&self) -> f64 {
        let step = (self.width / 800).max(1);
        let mut pts: Vec<(f32, f32)> = Vec::new();
        for y in (0..self.height).step_by(step as usize) {
            for x in (0..self.width).step_by(step as usize) {
                if self.at(x, y) < DARK {
                    pts.push(((x / step) as f32, (y / step) as f32));
                }
            }
        }
        let n = pts.len();
        if n < 400 || n as f64 > 0.3 * f64::from(self.width / step) * f64::from(self.height / step)
        {
            return 0.0;
        }
        let (w, h) = ((self.width / step) as f32, (self.height / step) as f32);
        let reach = w * (MAX_SKEW_DEGREES as f32).to_radians().tan() + 2.0;
        let mut bins = vec![0u32; (h + 2.0 * reach) as usize + 2];
        let mut sharpness = |slope: f32| -> f64 {
            bins.iter_mut().for_each(|b| *b = 0);
            for &(x, y) in &pts {
                let r = (y - x * slope + reach) as usize;
                if let Some(b) = bins.get_mut(r) {
                    *b += 1;
                }
            }
            bins.iter().map(|&c| f64::from(c) * f64::from(c)).sum()
        };
        let level = sharpness(0.0);
        let mut best = (0.0f64, level);
        let mut search = |from: f64, to: f64, by: f64, best: &mut (f64, f64)| {
            let mut a = from;
            while a <= to + 1e-9 {
                let s = sharpness(a.to_radians().tan() as f32);
                if s > best.1 {
                    *best = (a, s);
                }
                a += by;
            }
        };
        search(-MAX_SKEW_DEGREES, MAX_SKEW_DEGREES, 0.2, &mut best);
        let coarse = best.0;
        search(coarse - 0.2, coarse + 0.2, 0.02, &mut best);
        if best.1 < level * 1.02 {
            return 0.0;
        }
        best.0.to_radians()
    }

    /// The image as a binary PGM file, which Tesseract reads from a pipe.
    pub fn to_pgm(&self) -> Vec<u8> {
        let mut out = format!("P5\n{} {}\n255\n", self.width, self.height).into_bytes();
        out.extend_from_slice(&self.px);
        out
    }

    /// Black on white, cut nearer the paper's grey than the ink's, so that
    /// strokes come out bold: Tesseract's own threshold, taken over a few
    /// short words stacked on white, thins them until it reads nothing
    /// (预期, 平方米 or 个 alone in a 150 dpi cell). The image as it is where
    /// paper and ink are hardly apart.
    pub fn emboldened(&self) -> Gray {
        let mut hist = [0usize; 256];
        for &p in &self.px {
            hist[p as usize] += 1;
        }
        let at = |share: f64| {
            let want = (self.px.len() as f64 * share) as usize;
            let mut seen = 0;
            (0..=255u8)
                .find(|&v| {
                    seen += hist[v as usize];
                    seen > want
                })
                .unwrap_or(255)
        };
        let (ink, paper) = (at(0.01), at(0.5));
        if paper.saturating_sub(ink) < MIN_CONTRAST {
            return self.clone();
        }
        let cut = f64::from(paper) - BOLD_CUT * f64::from(paper - ink);
        Gray {
            width: self.width,
            height: self.height,
            px: self
                .px
                .iter()
                .map(|&p| if f64::from(p) < cut { 0 } else { 255 })
                .collect(),
        }
    }

    /// Share of dark pixels (an empty page or a photo tell themselves apart
    /// from text by it).
    pub fn ink(&self) -> f64 {
        if self.px.is_empty() {
            return 0.0;
        }
        self.px.iter().filter(|&&p| p < DARK).count() as f64 / self.px.len() as f64
    }
}

/// Pixels darker than this are ink.
const DARK: u8 = 150;
/// Where [`Gray::emboldened`] cuts, as a share of the way from the paper's
/// grey to the ink's (a quarter: every pixel a quarter as dark as the ink
/// is ink).
const BOLD_CUT: f64 = 0.25;
/// Paper and ink this few grey levels apart are not cut.
const MIN_CONTRAST: u8 = 60;
/// Pixels darker than this, in a line at most a few pixels thick, may be a
/// ruling line.
const FAINT_RULE: u8 = 210;
/// Pixels either side of a rule's band that its steps may stray into.
const BAND: usize = 2;

/// The most a scan's lines are looked for off the level, either way: a sheet
/// fed crooked lies within a few degrees; more is a turn for the
/// orientation check, or a page set at an angle on purpose.
pub const MAX_SKEW_DEGREES: f64 = 5.0;

/// Why an image could not be read.
pub type ImageResult<T> = Result<T, String>;

/// How the error of an image over [`crate::Limits::max_image_pixels`] ends.
const PIXEL_LIMIT: &str = "pixels, more than the limit";

/// Whether `e` is the error of an image over the pixel limit.
pub fn is_pixel_limit(e: &str) -> bool {
    e.contains(PIXEL_LIMIT)
}

fn check_size(width: u32, height: u32, max_pixels: u64) -> ImageResult<()> {
    let n = u64::from(width) * u64::from(height);
    if width == 0 || height == 0 {
        return Err("an image with no pixels".into());
    }
    if n > max_pixels {
        return Err(format!(
            "an image of {width}×{height} {PIXEL_LIMIT} of {max_pixels}"
        ));
    }
    Ok(())
}

/// Decode an image XObject to grey.
pub fn decode(raw: &RawImage, max_pixels: u64) -> ImageResult<Gray> {
    check_size(raw.width, raw.height, max_pixels)?;
    let mut g = match &raw.coding {
        Coding::Raw => samples_to_gray(raw, &raw.data)?,
        Coding::Dct => {
            // The size the JPEG itself holds, which need not be the one the
            // PDF declares, checked before any pixel is decoded.
            let reader = image::ImageReader::with_format(
                std::io::Cursor::new(&raw.data),
                image::ImageFormat::Jpeg,
            );
            if let Ok((w, h)) = reader.into_dimensions() {
                check_size(w, h, max_pixels)?;
            }
            let img = image::load_from_memory_with_format(&raw.data, image::ImageFormat::Jpeg)
                .map_err(|e| format!("JPEG image: {e}"))?;
            check_size(img.width(), img.height(), max_pixels)?;
            let mut g = from_dynamic(img);
            if raw.inverted {
                invert(&mut g);
            }
            return Ok(g);
        }
        Coding::Jpx => jpx(&raw.data, max_pixels)?,
        Coding::Ccitt(p) => ccitt(&raw.data, p, raw.width, raw.height)?,
        Coding::Jbig2 { globals } => jbig2(&raw.data, globals.as_deref(), max_pixels)?,
    };
    // Bilevel codings give 0 for black; /Decode [1 0] or a mask painted where
    // 1 swaps them.
    if raw.inverted && !matches!(raw.coding, Coding::Raw) {
        invert(&mut g);
    }
    Ok(g)
}

fn invert(g: &mut Gray) {
    for p in &mut g.px {
        *p = 255 - *p;
    }
}

fn from_dynamic(img: image::DynamicImage) -> Gray {
    let l = img.into_luma8();
    Gray {
        width: l.width(),
        height: l.height(),
        px: l.into_raw(),
    }
}

/// Unpacked samples (`bpc` bits each) to grey through the colour space.
fn samples_to_gray(raw: &RawImage, data: &[u8]) -> ImageResult<Gray> {
    let bpc = if raw.mask { 1 } else { raw.bpc };
    if !matches!(bpc, 1 | 2 | 4 | 8 | 16) {
        return Err(format!("{bpc} bits per component"));
    }
    let comps = if raw.mask { 1 } else { raw.colour.components() };
    let (w, h) = (raw.width as usize, raw.height as usize);
    let row_bits = w * comps * usize::from(bpc);
    let row_bytes = row_bits.div_ceil(8);
    if data.len() < row_bytes {
        return Err("image data shorter than one row".into());
    }
    let max = (1u32 << bpc.min(8)) - 1;
    let sample = |row: &[u8], i: usize| -> u32 {
        match bpc {
            8 => u32::from(row[i]),
            16 => u32::from(row[2 * i]),
            b => {
                let bit = i * usize::from(b);
                let byte = row[bit / 8];
                let shift = 8 - usize::from(b) - bit % 8;
                (u32::from(byte) >> shift) & max
            }
        }
    };
    let mut out = Gray::white(raw.width, raw.height);
    // A truncated image keeps the rows it has (white below).
    let rows = (data.len() / row_bytes).min(h);
    for y in 0..rows {
        let row = &data[y * row_bytes..(y + 1) * row_bytes];
        for x in 0..w {
            let v = match &raw.colour {
                _ if raw.mask => {
                    // Stencil: 0 paints (black) unless /Decode is [1 0].
                    let s = sample(row, x);
                    if (s == 0) != raw.inverted {
                        0
                    } else {
                        255
                    }
                }
                Colour::Indexed { base, lookup } => {
                    let i = sample(row, x) as usize;
                    let n = base.components();
                    let e = lookup
                        .get(i * n..i * n + n)
                        .unwrap_or(&[255, 255, 255, 255][..n.min(4)]);
                    luma(
                        base,
                        &e.iter().map(|&b| u32::from(b)).collect::<Vec<_>>(),
                        255,
                    )
                }
                c => {
                    let s: Vec<u32> = (0..comps)
                        .map(|k| {
                            let v = sample(row, x * comps + k);
                            if raw.inverted {
                                max - v.min(max)
                            } else {
                                v
                            }
                        })
                        .collect();
                    luma(c, &s, max)
                }
            };
            out.px[y * w + x] = v;
        }
    }
    Ok(out)
}

/// Grey of one pixel's components (each in 0..=max).
fn luma(c: &Colour, s: &[u32], max: u32) -> u8 {
    let n = |i: usize| f64::from(*s.get(i).unwrap_or(&0)) / f64::from(max.max(1));
    let v = match c {
        Colour::Rgb => 0.299 * n(0) + 0.587 * n(1) + 0.114 * n(2),
        Colour::Cmyk => (1.0 - (0.3 * n(0) + 0.59 * n(1) + 0.11 * n(2) + n(3))).max(0.0),
        _ => n(0),
    };
    (v * 255.0).round().clamp(0.0, 255.0) as u8
}

/// A CCITT row sink filling grey rows.
struct FaxRows {
    g: Gray,
    y: u32,
    black_is_1: bool,
}

impl hayro_ccitt::Decoder for FaxRows {
    fn push_row(&mut self, changes: &[u32]) {
        if self.y >= self.g.height {
            return;
        }
        let w = self.g.width as usize;
        let row = &mut self.g.px[self.y as usize * w..(self.y as usize + 1) * w];
        let (ink, paper) = if self.black_is_1 { (255, 0) } else { (0, 255) };
        row.fill(paper);
        let mut i = 0;
        while i < changes.len() {
            let a = (changes[i] as usize).min(w);
            let b = changes.get(i + 1).map_or(w, |&c| (c as usize).min(w));
            row[a..b.max(a)].fill(ink);
            i += 2;
        }
        self.y += 1;
    }
}

fn ccitt(data: &[u8], p: &Ccitt, width: u32, height: u32) -> ImageResult<Gray> {
    use hayro_ccitt::{DecodeSettings, DecoderContext, EncodingMode};
    let columns = if p.columns > 0 { p.columns } else { width };
    let rows = if p.rows > 0 { p.rows } else { height };
    let settings = DecodeSettings {
        columns,
        rows,
        end_of_block: p.end_of_block,
        end_of_line: p.end_of_line,
        rows_are_byte_aligned: p.byte_align,
        encoding: match p.k {
            k if k < 0 => EncodingMode::Group4,
            0 => EncodingMode::Group3_1D,
            _ => EncodingMode::Group3_2D,
        },
        strict: false,
    };
    let mut sink = FaxRows {
        g: Gray::white(columns, rows),
        y: 0,
        black_is_1: p.black_is_1,
    };
    let mut ctx = DecoderContext::new(settings);
    // A damaged fax keeps the rows decoded before the damage.
    if let Err(e) = hayro_ccitt::decode(data, &mut sink, &mut ctx) {
        if sink.y == 0 {
            return Err(format!("CCITT image: {e:?}"));
        }
    }
    Ok(sink.g)
}

/// A JBIG2 pixel sink filling grey rows.
struct Jbig2Rows {
    g: Gray,
    i: usize,
    row: usize,
}

impl hayro_jbig2::Decoder for Jbig2Rows {
    fn push_pixel(&mut self, black: bool) {
        if let Some(p) = self.g.px.get_mut(self.i) {
            *p = if black { 0 } else { 255 };
        }
        self.i += 1;
    }
    fn push_pixel_chunk(&mut self, black: bool, chunk_count: u32) {
        let n = chunk_count as usize * 8;
        let end = (self.i + n).min(self.g.px.len());
        if self.i < end {
            self.g.px[self.i..end].fill(if black { 0 } else { 255 });
        }
        self.i += n;
    }
    fn next_line(&mut self) {
        self.row += 1;
        self.i = self.row * self.g.width as usize;
    }
}

fn jbig2(data: &[u8], globals: Option<&[u8]>, max_pixels: u64) -> ImageResult<Gray> {
    use hayro_jbig2::{DecodeSettings, Globals, Page};
    let settings = DecodeSettings::default();
    let globals = globals
        .map(|g| Globals::new(g, &settings))
        .transpose()
        .map_err(|e| format!("JBIG2 globals: {e:?}"))?;
    let page = Page::new_embedded(data, globals.as_ref(), &settings)
        .map_err(|e| format!("JBIG2 image: {e:?}"))?;
    check_size(page.width(), page.height(), max_pixels)?;
    let mut sink = Jbig2Rows {
        g: Gray::white(page.width(), page.height()),
        i: 0,
        row: 0,
    };
    page.decode(&mut sink)
        .map_err(|e| format!("JBIG2 image: {e:?}"))?;
    Ok(sink.g)
}

fn jpx(data: &[u8], max_pixels: u64) -> ImageResult<Gray> {
    use hayro_jpeg2000::{ColorSpace, DecodeSettings, DecoderContext, Image};
    let img = Image::new(data, &DecodeSettings::default())
        .map_err(|e| format!("JPEG 2000 image: {e:?}"))?;
    check_size(img.width(), img.height(), max_pixels)?;
    let (w, h) = (img.width(), img.height());
    let alpha = usize::from(img.has_alpha());
    let colour = match img.color_space() {
        ColorSpace::RGB => Colour::Rgb,
        ColorSpace::CMYK => Colour::Cmyk,
        ColorSpace::Gray => Colour::Gray,
        c => Colour::Other(c.num_channels()),
    };
    let mut ctx = DecoderContext::default();
    let decoded = img
        .decode(&mut ctx)
        .map_err(|e| format!("JPEG 2000 image: {e:?}"))?;
    let data = decoded.data_u8();
    let n = colour.components() + alpha;
    let mut out = Gray::white(w, h);
    for (i, px) in data.chunks_exact(n).enumerate().take(out.px.len()) {
        let s: Vec<u32> = px.iter().map(|&b| u32::from(b)).collect();
        out.px[i] = luma(&colour, &s, 255);
    }
    Ok(out)
}

/// One page of an image file, with its resolution where the file states it.
pub struct FilePage {
    pub image: Gray,
    /// Dots per inch (x, y), when the file records them.
    pub dpi: Option<(f64, f64)>,
}

/// Most pages read from one multi-page TIFF.
pub const MAX_TIFF_PAGES: usize = 2000;

/// Pages of an image file: PNG, JPEG, or TIFF (every page of a multi-page one).
pub fn read_image_file(bytes: &[u8], max_pixels: u64) -> ImageResult<Vec<FilePage>> {
    let format = image::guess_format(bytes).map_err(|e| format!("not an image we read: {e}"))?;
    if format == image::ImageFormat::Tiff {
        return read_tiff(bytes, max_pixels);
    }
    // The size from the header first, so that a breach names the pixel
    // limit rather than the decoder's allocation limit.
    if let Ok((w, h)) =
        image::ImageReader::with_format(std::io::Cursor::new(bytes), format).into_dimensions()
    {
        check_size(w, h, max_pixels)?;
    }
    let mut reader = image::ImageReader::with_format(std::io::Cursor::new(bytes), format);
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(max_pixels.saturating_mul(4));
    reader.limits(limits);
    let img = reader
        .decode()
        .map_err(|e| format!("{format:?} image: {e}"))?;
    check_size(img.width(), img.height(), max_pixels)?;
    let dpi = match format {
        image::ImageFormat::Png => png_dpi(bytes),
        image::ImageFormat::Jpeg => jfif_dpi(bytes),
        _ => None,
    };
    Ok(vec![FilePage {
        image: from_dynamic(img),
        dpi,
    }])
}

fn read_tiff(bytes: &[u8], max_pixels: u64) -> ImageResult<Vec<FilePage>> {
    use tiff::decoder::{Decoder, DecodingResult, Limits};
    use tiff::tags::Tag;
    use tiff::ColorType;
    let mut limits = Limits::default();
    limits.decoding_buffer_size =
        usize::try_from(max_pixels.saturating_mul(8)).unwrap_or(usize::MAX);
    let mut dec = Decoder::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("TIFF image: {e}"))?
        .with_limits(limits);
    let mut pages = Vec::new();
    loop {
        if pages.len() >= MAX_TIFF_PAGES {
            return Err(format!("a TIFF with more than {MAX_TIFF_PAGES} pages"));
        }
        let (w, h) = dec
            .dimensions()
            .map_err(|e| format!("TIFF page {}: {e}", pages.len() + 1))?;
        check_size(w, h, max_pixels)?;
        let ct = dec
            .colortype()
            .map_err(|e| format!("TIFF page {}: {e}", pages.len() + 1))?;
        let white_is_zero = dec
            .get_tag_u32(Tag::PhotometricInterpretation)
            .is_ok_and(|p| p == 0);
        let mut res = |t: Tag| -> Option<f64> {
            let v = dec.get_tag(t).ok()?;
            match v {
                tiff::decoder::ifd::Value::Rational(n, d) if d > 0 => {
                    Some(f64::from(n) / f64::from(d))
                }
                other => other.into_f64().ok(),
            }
        };
        let (xres, yres) = (res(Tag::XResolution), res(Tag::YResolution));
        let unit_cm = dec.get_tag_u32(Tag::ResolutionUnit).is_ok_and(|u| u == 3);
        let dpi = match (xres, yres) {
            (Some(x), Some(y)) if x > 1.0 && y > 1.0 => {
                let k = if unit_cm { 2.54 } else { 1.0 };
                Some((x * k, y * k))
            }
            _ => None,
        };
        let data = dec
            .read_image()
            .map_err(|e| format!("TIFF page {}: {e}", pages.len() + 1))?;
        let (colour, bpc) = match ct {
            ColorType::Gray(b) => (Colour::Gray, b),
            ColorType::GrayA(b) => (Colour::Other(2), b),
            ColorType::RGB(b) => (Colour::Rgb, b),
            ColorType::RGBA(b) => (Colour::Other(4), b),
            ColorType::CMYK(b) => (Colour::Cmyk, b),
            other => {
                return Err(format!(
                    "TIFF page {}: colour type {other:?}",
                    pages.len() + 1
                ))
            }
        };
        let samples: Vec<u8> = match data {
            DecodingResult::U8(v) => v,
            DecodingResult::U16(v) => v.iter().flat_map(|s| s.to_be_bytes()).collect(),
            _ => {
                return Err(format!(
                    "TIFF page {}: unsupported sample format",
                    pages.len() + 1
                ))
            }
        };
        // Alpha and extra channels are left out: the first component (grey,
        // or red of RGBA) is read through `Colour::Other`.
        let raw = RawImage {
            width: w,
            height: h,
            bpc: bpc.min(16),
            colour,
            mask: false,
            inverted: white_is_zero,
            coding: Coding::Raw,
            data: Vec::new(),
        };
        let image = samples_to_gray(&raw, &samples)?;
        pages.push(FilePage { image, dpi });
        if !dec.more_images() {
            break;
        }
        dec.next_image()
            .map_err(|e| format!("TIFF page {}: {e}", pages.len() + 1))?;
    }
    Ok(pages)
}

/// A PNG's pHYs resolution, in dots per inch.
fn png_dpi(bytes: &[u8]) -> Option<(f64, f64)> {
    let i = bytes.windows(4).take(1 << 16).position(|w| w == b"pHYs")?;
    let d = bytes.get(i + 4..i + 13)?;
    let x = f64::from(u32::from_be_bytes(d[0..4].try_into().ok()?));
    let y = f64::from(u32::from_be_bytes(d[4..8].try_into().ok()?));
    (d[8] == 1 && x > 0.0 && y > 0.0).then_some((x * 0.0254, y * 0.0254))
}

/// A JPEG's JFIF density, in dots per inch.
fn jfif_dpi(bytes: &[u8]) -> Option<(f64, f64)> {
    let i = bytes.windows(5).take(64).position(|w| w == b"JFIF\0")?;
    let d = bytes.get(i + 7..i + 12)?;
    let x = f64::from(u16::from_be_bytes([d[1], d[2]]));
    let y = f64::from(u16::from_be_bytes([d[3], d[4]]));
    match d[0] {
        1 if x > 1.0 && y > 1.0 => Some((x, y)),
        2 if x > 1.0 && y > 1.0 => Some((x * 2.54, y * 2.54)),
        _ => None,
    }
}

/// Ruling lines drawn in a scan, in pixels (x right, y down), and the image
/// with them painted out (Tesseract reads a rule as a row of ones or dashes
/// and runs cells together across it).
///
/// A rule is a run of ink longer than any stroke of a character: `min_h`
/// pixels across, or `min_v` down (a table's column rule runs through at
/// least two rows, so it is longer than a letter is tall).
///
/// `stepped`: the image was turned (a crooked sheet set level), so that its
/// rules step between two rows and are broken in each: runs are then looked
/// for in two rows (columns) at a time. A straight scan is not searched so,
/// since the bottoms of a bold heading's characters make such a run.
pub fn find_rules(g: &Gray, min_h: u32, min_v: u32, stepped: bool) -> (Vec<Rule>, Gray) {
    let reach = usize::from(stepped);
    let (w, h) = (g.width as usize, g.height as usize);
    let px = |x: usize, y: usize| g.px[y * w + x];
    // Ink, or a thin grey line: a rule a scan or a levelling turn smeared
    // over two pixels is grey in both, while a shaded area is grey beyond.
    // `across` is whether the line runs down the page (its width is along x).
    let light = |v: u8| v >= FAINT_RULE;
    let dark = |x: usize, y: usize, across: bool| {
        let v = px(x, y);
        let (at, len) = if across { (x, w) } else { (y, h) };
        let side = |d: isize| {
            let k = at as isize + d;
            k < 0 || k as usize >= len || {
                let k = k as usize;
                light(if across { px(k, y) } else { px(x, k) })
            }
        };
        v < DARK || (!light(v) && (side(-3) || side(3)))
    };
    // Runs with gaps of up to two pixels (a scanned rule is ragged).
    let runs = |len: usize, at: &dyn Fn(usize) -> bool, min: usize| -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let (mut start, mut last, mut gap) = (None, 0, 0);
        for i in 0..=len {
            let on = i < len && at(i);
            if on {
                if start.is_none() {
                    start = Some(i);
                }
                last = i;
                gap = 0;
            } else if let Some(s) = start {
                gap += 1;
                if gap > 2 || i == len {
                    if last + 1 - s >= min {
                        out.push((s, last + 1));
                    }
                    start = None;
                    gap = 0;
                }
            }
        }
        out
    };
    // (fixed coordinate, from, to)
    let mut hs: Vec<(usize, usize, usize)> = Vec::new();
    for y in 0..h {
        let on = |x| dark(x, y, false) || (stepped && y + 1 < h && dark(x, y + 1, false));
        for (a, b) in runs(w, &on, min_h as usize) {
            hs.push((y, a, b));
        }
    }
    let mut vs: Vec<(usize, usize, usize)> = Vec::new();
    for x in 0..w {
        let on = |y| dark(x, y, true) || (stepped && x + 1 < w && dark(x + 1, y, true));
        for (a, b) in runs(h, &on, min_v as usize) {
            vs.push((x, a, b));
        }
    }
    // A rule's grey edge goes with it (a scan, or an image set level,
    // smears a rule over neighbouring pixels, which read as `|` in a cell);
    // ink touching it stays.
    let mut clean = g.clone();
    let mut blank = |x: usize, y: usize, across: bool| {
        clean.px[y * w + x] = 255;
        for d in [-2isize, -1, 1, 2] {
            let (ex, ey) = if across {
                (x as isize + d, y as isize)
            } else {
                (x as isize, y as isize + d)
            };
            if ex >= 0 && ey >= 0 && (ex as usize) < w && (ey as usize) < h {
                let p = &mut clean.px[ey as usize * w + ex as usize];
                if *p >= DARK {
                    *p = 255;
                }
            }
        }
    };
    // Runs found two rows at a time are a rule only where both sides of
    // them are clear: a bold heading's characters, whose bottoms make such a
    // run, have their strokes standing on it.
    let lone = |&(f, l, a, b): &(usize, usize, usize, usize), horizontal: bool| {
        let (along, across) = if horizontal { (w, h) } else { (h, w) };
        let ink = |k: Option<usize>| {
            k.filter(|&k| k < across).map_or(0, |k| {
                (a..b.min(along))
                    .filter(|&i| if horizontal { px(i, k) } else { px(k, i) } < DARK)
                    .count()
            })
        };
        let most = (b - a) / 5;
        !stepped || (ink(f.checked_sub(3)) <= most && ink(Some(l + reach + 3)) <= most)
    };
    let ((gh, ih), (gv, iv)) = (merge(&mut hs), merge(&mut vs));
    let keep_h: Vec<bool> = gh.iter().map(|g| lone(g, true)).collect();
    let keep_v: Vec<bool> = gv.iter().map(|g| lone(g, false)).collect();
    for (&(y, a, b), _) in hs.iter().zip(&ih).filter(|(_, &k)| keep_h[k]) {
        for x in a..b {
            for y in (y..=y + reach).filter(|&y| y < h && dark(x, y, false)) {
                blank(x, y, false);
            }
        }
    }
    for (&(x, a, b), _) in vs.iter().zip(&iv).filter(|(_, &k)| keep_v[k]) {
        for y in a..b {
            for x in (x..=x + reach).filter(|&x| x < w && dark(x, y, true)) {
                blank(x, y, true);
            }
        }
    }
    let kept = |groups: Vec<(usize, usize, usize, usize)>, keep: &[bool]| -> Vec<_> {
        groups
            .into_iter()
            .zip(keep)
            .filter(|(_, &k)| k)
            .map(|(g, _)| g)
            .collect()
    };
    let (hs, vs) = (kept(gh, &keep_h), kept(gv, &keep_v));
    // A rule that steps a pixel now and then (a crooked sheet set level, a
    // page turned by nearest pixel) leaves its steps in the rows beside the
    // runs found: what ink lies within two pixels of the rule's band, with
    // nothing beyond it across the rule, is the rule too (a stroke crossing
    // the rule reaches past the band and stays).
    for (groups, horizontal) in [(&hs, true), (&vs, false)] {
        let (along, across) = if horizontal { (w, h) } else { (h, w) };
        let at = |i: usize, k: usize| if horizontal { i + k * w } else { k + i * w };
        for &(f, l, a, b) in groups.iter() {
            let (lo, hi) = (f.saturating_sub(BAND), (l + reach + BAND).min(across - 1));
            let clear = |i: usize, k: Option<usize>| k.is_none_or(|k| light(g.px[at(i, k)]));
            for i in a.min(along)..b.min(along) {
                let beyond = (lo.checked_sub(1), (hi + 1 < across).then_some(hi + 1));
                if clear(i, beyond.0) && clear(i, beyond.1) {
                    for k in lo..=hi {
                        clean.px[at(i, k)] = 255;
                    }
                }
            }
        }
    }
    let mut rules = Vec::new();
    for (pos, horizontal) in [(hs, true), (vs, false)] {
        for (f, l, a, b) in pos {
            // (A stepped run at row y is ink in row y or y + 1.)
            let c = (f + l + reach) as f64 / 2.0;
            rules.push(if horizontal {
                Rule::new(a as f64, c, b as f64, c)
            } else {
                Rule::new(c, a as f64, c, b as f64)
            });
        }
    }
    (rules, clean)
}

/// A rule's rows (columns) and extent: first, last, from, to.
type Band = (usize, usize, usize, usize);

/// Runs on neighbouring rows (a rule some pixels thick) merged into one
/// band; and, for each run (`runs` come
/// back sorted), the band it went into.
fn merge(runs: &mut [(usize, usize, usize)]) -> (Vec<Band>, Vec<usize>) {
    runs.sort_unstable();
    let mut groups: Vec<Band> = Vec::new();
    let mut ids = Vec::with_capacity(runs.len());
    'next: for &(c, a, b) in runs.iter() {
        for (k, g) in groups.iter_mut().enumerate().rev() {
            if c > g.1 + 1 {
                break;
            }
            let overlap = b.min(g.3).saturating_sub(a.max(g.2));
            if overlap * 2 >= (b - a).min(g.3 - g.2) {
                g.1 = c;
                g.2 = g.2.min(a);
                g.3 = g.3.max(b);
                ids.push(k);
                continue 'next;
            }
        }
        ids.push(groups.len());
        groups.push((c, c, a, b));
    }
    (groups, ids)
}

/// The cells of the ruled tables among `rules` (pixels): the grid their
/// lines make, with grid squares joined across a missing line (merged
/// cells), keeping only cells closed by rules on all four sides.
pub fn table_cells(rules: &[Rule], tol: f64) -> Vec<[f64; 4]> {
    let hs: Vec<&Rule> = rules.iter().filter(|r| r.y0 == r.y1).collect();
    let vs: Vec<&Rule> = rules.iter().filter(|r| r.x0 == r.x1).collect();
    if hs.len() < 2 || vs.len() < 2 {
        return Vec::new();
    }
    let cluster = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        let mut out: Vec<f64> = Vec::new();
        for x in v {
            match out.last() {
                Some(l) if x - l <= tol => {}
                _ => out.push(x),
            }
        }
        out
    };
    let xs = cluster(vs.iter().map(|r| r.x0).collect());
    let ys = cluster(hs.iter().map(|r| r.y0).collect());
    if xs.len() < 2 || ys.len() < 2 || xs.len() * ys.len() > 40_000 {
        return Vec::new();
    }
    let h_at = |y: f64, x0: f64, x1: f64| {
        hs.iter()
            .any(|r| (r.y0 - y).abs() <= tol && r.x0 <= x0 + tol && r.x1 >= x1 - tol)
    };
    let v_at = |x: f64, y0: f64, y1: f64| {
        vs.iter()
            .any(|r| (r.x0 - x).abs() <= tol && r.y0 <= y0 + tol && r.y1 >= y1 - tol)
    };
    let (nx, ny) = (xs.len() - 1, ys.len() - 1);
    let mut parent: Vec<usize> = (0..nx * ny).collect();
    fn find(p: &mut [usize], mut i: usize) -> usize {
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }
    for j in 0..ny {
        for i in 0..nx {
            if i + 1 < nx && !v_at(xs[i + 1], ys[j], ys[j + 1]) {
                let (a, b) = (
                    find(&mut parent, j * nx + i),
                    find(&mut parent, j * nx + i + 1),
                );
                parent[a] = b;
            }
            if j + 1 < ny && !h_at(ys[j + 1], xs[i], xs[i + 1]) {
                let (a, b) = (
                    find(&mut parent, j * nx + i),
                    find(&mut parent, (j + 1) * nx + i),
                );
                parent[a] = b;
            }
        }
    }
    let mut boxes: std::collections::BTreeMap<usize, [f64; 4]> = std::collections::BTreeMap::new();
    for j in 0..ny {
        for i in 0..nx {
            let r = find(&mut parent, j * nx + i);
            let b = boxes.entry(r).or_insert([
                f64::INFINITY,
                f64::INFINITY,
                f64::NEG_INFINITY,
                f64::NEG_INFINITY,
            ]);
            b[0] = b[0].min(xs[i]);
            b[1] = b[1].min(ys[j]);
            b[2] = b[2].max(xs[i + 1]);
            b[3] = b[3].max(ys[j + 1]);
        }
    }
    boxes
        .into_values()
        .filter(|b| {
            h_at(b[1], b[0], b[2])
                && h_at(b[3], b[0], b[2])
                && v_at(b[0], b[1], b[3])
                && v_at(b[2], b[1], b[3])
        })
        .collect()
}

/// The ink of `g` gathered into blobs, each a box `[x0, y0, x1, y1]` in
/// pixels: ink closer than `gap_h` pixels side by side or `gap_v` pixels one
/// over another is one blob. With gaps under a column gutter and a line's
/// leading, a blob is one line of one cell, or one line of a paragraph.
pub fn ink_blobs(g: &Gray, gap_h: u32, gap_v: u32) -> Vec<[f64; 4]> {
    const INK: u8 = 128;
    let (w, h) = (g.width as usize, g.height as usize);
    // Runs of ink per row, neighbours closer than gap_h joined: (x0, x1, id).
    let mut rows: Vec<Vec<(u32, u32, usize)>> = Vec::with_capacity(h);
    let mut parent: Vec<usize> = Vec::new();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let mut boxes: Vec<[u32; 4]> = Vec::new();
    for y in 0..h {
        let row = &g.px[y * w..(y + 1) * w];
        let mut runs: Vec<(u32, u32, usize)> = Vec::new();
        let mut x = 0;
        while x < w {
            if row[x] >= INK {
                x += 1;
                continue;
            }
            let start = x;
            while x < w && row[x] < INK {
                x += 1;
            }
            let (x0, x1) = (start as u32, x as u32);
            match runs.last_mut() {
                Some(r) if x0 <= r.1 + gap_h => r.1 = x1,
                _ => runs.push((x0, x1, 0)),
            }
        }
        for r in &mut runs {
            let id = parent.len();
            parent.push(id);
            boxes.push([r.0, y as u32, r.1, y as u32 + 1]);
            r.2 = id;
            // Join the runs above within gap_v rows that overlap this one.
            for above in rows.iter().rev().take(gap_v as usize + 1) {
                for a in above {
                    if a.0 <= r.1 && r.0 <= a.1 {
                        let (ra, rb) = (root(&mut parent, a.2), root(&mut parent, id));
                        if ra != rb {
                            parent[rb] = ra;
                        }
                    }
                }
            }
        }
        rows.push(runs);
    }
    let mut merged: std::collections::HashMap<usize, [u32; 4]> = Default::default();
    for (i, &b) in boxes.iter().enumerate() {
        let r = root(&mut parent, i);
        merged
            .entry(r)
            .and_modify(|m| {
                m[0] = m[0].min(b[0]);
                m[1] = m[1].min(b[1]);
                m[2] = m[2].max(b[2]);
                m[3] = m[3].max(b[3]);
            })
            .or_insert(b);
    }
    let mut out: Vec<[f64; 4]> = merged.into_values().map(|b| b.map(f64::from)).collect();
    out.sort_by(|a, b| a[1].total_cmp(&b[1]).then(a[0].total_cmp(&b[0])));
    out
}

/// Cells cut out of a page and stacked one under another with white space
/// between, so that one recognition reads each cell on its own (a page-wide
/// reading runs a row's cells together); `origins[k]` maps the k-th cell
/// stacked back: (its top in the stack, its height, its left and top on the
/// page); `cells[k]` is its index among the cells given (cells too small to
/// hold ink are left out).
pub struct Mosaic {
    pub image: Gray,
    pub origins: Vec<(f64, f64, f64, f64)>,
    pub cells: Vec<usize>,
}

/// Stack the cells of `g` (inset by `inset` pixels, to leave their rules out).
pub fn mosaic(g: &Gray, cells: &[[f64; 4]], inset: f64, gap: u32) -> Option<Mosaic> {
    let crops: Vec<(usize, (u32, u32, u32, u32))> = cells
        .iter()
        .enumerate()
        .filter_map(|(k, c)| {
            let x0 = (c[0] + inset).max(0.0) as u32;
            let y0 = (c[1] + inset).max(0.0) as u32;
            let x1 = ((c[2] - inset).max(0.0) as u32).min(g.width);
            let y1 = ((c[3] - inset).max(0.0) as u32).min(g.height);
            (x1 > x0 + 2 && y1 > y0 + 2).then_some((k, (x0, y0, x1, y1)))
        })
        .collect();
    if crops.is_empty() {
        return None;
    }
    let width = crops.iter().map(|(_, c)| c.2 - c.0).max()? + 2 * gap;
    let height: u32 = crops.iter().map(|(_, c)| c.3 - c.1 + gap).sum::<u32>() + gap;
    let mut image = Gray::white(width, height);
    let mut origins = Vec::with_capacity(crops.len());
    let mut top = gap;
    let kept = crops.iter().map(|c| c.0).collect();
    for &(_, (x0, y0, x1, y1)) in &crops {
        for y in y0..y1 {
            let src = &g.px[(y * g.width + x0) as usize..(y * g.width + x1) as usize];
            let at = ((top + y - y0) * width + gap) as usize;
            image.px[at..at + src.len()].copy_from_slice(src);
        }
        origins.push((
            f64::from(top),
            f64::from(y1 - y0),
            f64::from(x0) - f64::from(gap),
            f64::from(y0),
        ));
        top += y1 - y0 + gap;
    }
    Some(Mosaic {
        image,
        origins,
        cells: kept,
    })
}

/// What the `image` fuzz target and the fuzz smoke test run on one input:
/// byte 0 picks an image file (0: the rest of the input) or an image
/// XObject's coding, then bpc, colour, flags, width and height (u16 each),
/// then the samples; every decoded page is searched for table rules. One
/// mapping, so that the smoke test in CI replays what the fuzzer found.
#[doc(hidden)]
pub fn fuzz_input(data: &[u8], max_pixels: u64) -> ImageResult<usize> {
    if data.len() < 8 {
        return Err("an input shorter than its 8-byte header".into());
    }
    let pages: Vec<Gray> = if data[0] % 6 == 0 {
        read_image_file(&data[1..], max_pixels)?
            .into_iter()
            .map(|p| p.image)
            .collect()
    } else {
        let colour = match data[2] % 6 {
            0 => Colour::Gray,
            1 => Colour::Rgb,
            2 => Colour::Cmyk,
            3 => Colour::Indexed {
                base: Box::new(Colour::Rgb),
                lookup: data[8..].iter().take(48).copied().collect(),
            },
            n => Colour::Other(n),
        };
        let w = u32::from(u16::from_le_bytes([data[4], data[5]]));
        let h = u32::from(u16::from_le_bytes([data[6], data[7]]));
        let coding = match data[0] % 6 {
            1 => Coding::Raw,
            2 => Coding::Dct,
            3 => Coding::Jpx,
            4 => Coding::Ccitt(Ccitt {
                k: i64::from(data[3] as i8) % 3,
                columns: w,
                rows: h,
                black_is_1: data[3] & 8 != 0,
                byte_align: data[3] & 16 != 0,
                end_of_block: data[3] & 32 != 0,
                end_of_line: data[3] & 64 != 0,
            }),
            _ => Coding::Jbig2 { globals: None },
        };
        let raw = RawImage {
            width: w,
            height: h,
            bpc: [1, 2, 4, 8, 16][usize::from(data[1]) % 5],
            colour,
            mask: data[3] & 1 != 0,
            inverted: data[3] & 2 != 0,
            coding,
            data: data[8..].to_vec(),
        };
        vec![decode(&raw, max_pixels)?]
    };
    let mut cells = 0;
    for g in &pages {
        let (rules, _) = find_rules(g, 20, 20, false);
        cells += table_cells(&rules, 2.0).len();
    }
    Ok(cells)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn img(w: u32, h: u32, f: impl Fn(u32, u32) -> bool) -> Gray {
        let mut g = Gray::white(w, h);
        for y in 0..h {
            for x in 0..w {
                if f(x, y) {
                    g.px[(y * w + x) as usize] = 0;
                }
            }
        }
        g
    }

    #[test]
    fn quarter_turns_compose() {
        let g = img(3, 2, |x, y| x == 2 && y == 0);
        let r = g.rotated(1);
        assert_eq!((r.width, r.height), (2, 3));
        // Top-right corner goes to bottom-right after a clockwise turn.
        assert_eq!(r.at(1, 2), 0);
        assert_eq!(g.rotated(1).rotated(3), g);
        assert_eq!(g.rotated(2).rotated(2), g);
    }

    #[test]
    fn rules_found_and_painted_out() {
        // A 2-pixel-thick horizontal rule and a vertical one, and a short
        // stroke that is not a rule.
        let g = img(200, 100, |x, y| {
            (y == 20 || y == 21) && (10..190).contains(&x)
                || x == 50 && (5..95).contains(&y)
                || y == 60 && (100..110).contains(&x)
        });
        let (rules, clean) = find_rules(&g, 40, 40, false);
        assert_eq!(rules.len(), 2, "{rules:?}");
        let h = rules.iter().find(|r| r.y0 == r.y1).unwrap();
        assert_eq!((h.x0, h.x1, h.y0), (10.0, 190.0, 20.5));
        assert!(clean.at(100, 20) == 255 && clean.at(50, 50) == 255);
        assert_eq!(clean.at(105, 60), 0, "the short stroke stays");
    }

    #[test]
    fn emboldened_cuts_near_the_paper() {
        // White paper, a black stroke and its grey anti-aliased edges: the
        // edges become ink, the paper stays white.
        let mut g = Gray::white(20, 20);
        for y in 5..15 {
            g.px[y * 20 + 9] = 0;
            g.px[y * 20 + 8] = 170;
            g.px[y * 20 + 10] = 185;
            g.px[y * 20 + 11] = 225;
        }
        let b = g.emboldened();
        let row: Vec<u8> = (8..12).map(|x| b.px[5 * 20 + x]).collect();
        assert_eq!(row, [0, 0, 0, 255], "a faint speck stays paper");
        assert_eq!(b.px[0], 255);
        // Paper and ink hardly apart: left as it is.
        let mut flat = Gray::white(20, 20);
        flat.px[0] = 230;
        assert_eq!(flat.emboldened(), flat);
    }

    #[test]
    fn shrunk_averages_what_each_pixel_covers() {
        // Two-thirds: each new pixel covers one and a half old ones.
        let g = img(6, 3, |x, _| x % 3 == 0);
        let s = g.shrunk(2.0 / 3.0);
        assert_eq!((s.width, s.height), (4, 2));
        // Row of 0 255 255 0 255 255 → 0·1 + 255·½ over 1½ = 85, then
        // 255·1 + 255·½ = 255, and again.
        assert_eq!(&s.px[..4], &[85, 255, 85, 255]);
        assert_eq!(g.shrunk(1.0), g);
        assert_eq!(img(3, 3, |_, _| true).shrunk(0.1).px, vec![0]);
    }

    #[test]
    fn a_stepped_rule_is_painted_out_whole() {
        // Rules that step a pixel down and back every 25 pixels (a page
        // turned by nearest pixel, then set level): of the thick one only
        // the middle row is one run, the thin one is no run in any row. A
        // stroke crosses the thick one.
        let g = img(200, 100, |x, y| {
            let top = if (x / 25) % 2 == 0 { 30 } else { 31 };
            (10..190).contains(&x) && (y == top || y == top + 1 || y == top + 40)
                || x == 100 && (10..60).contains(&y)
        });
        let (rules, clean) = find_rules(&g, 40, 60, true);
        let ys: Vec<f64> = rules.iter().map(|r| r.y0).collect();
        assert_eq!(ys, [31.0, 70.5], "{rules:?}");
        for x in (10..190).filter(|&x| x != 100) {
            for y in (28..35).chain(68..74) {
                assert_eq!(clean.at(x, y), 255, "({x}, {y})");
            }
        }
        assert!(
            clean.at(100, 20) == 0 && clean.at(100, 45) == 0,
            "the stroke stays"
        );
    }

    #[test]
    fn raw_samples_to_grey() {
        let raw = RawImage {
            width: 2,
            height: 1,
            bpc: 8,
            colour: Colour::Rgb,
            mask: false,
            inverted: false,
            coding: Coding::Raw,
            data: vec![255, 255, 255, 0, 0, 0],
        };
        assert_eq!(decode(&raw, 100).unwrap().px, vec![255, 0]);
        let mask = RawImage {
            width: 8,
            height: 1,
            bpc: 1,
            colour: Colour::Gray,
            mask: true,
            inverted: false,
            coding: Coding::Raw,
            data: vec![0b1111_0000],
        };
        assert_eq!(
            decode(&mask, 100).unwrap().px,
            vec![255, 255, 255, 255, 0, 0, 0, 0]
        );
        assert!(decode(&raw, 1).unwrap_err().contains("limit"));
    }

    #[test]
    fn cells_of_a_grid_with_a_merged_cell() {
        // Three columns, three rows; the first column's middle rule missing:
        // its top two squares are one cell.
        let mut rules = Vec::new();
        for (i, y) in [0.0, 10.0, 20.0, 30.0].iter().enumerate() {
            let x0 = if i == 1 { 10.0 } else { 0.0 };
            rules.push(Rule::new(x0, *y, 30.0, *y));
        }
        for x in [0.0, 10.0, 20.0, 30.0] {
            rules.push(Rule::new(x, 0.0, x, 30.0));
        }
        let cells = table_cells(&rules, 1.0);
        assert_eq!(cells.len(), 8, "{cells:?}");
        assert!(cells.contains(&[0.0, 0.0, 10.0, 20.0]));
        let g = img(40, 40, |x, y| x == 5 && y == 5);
        let m = mosaic(&g, &cells, 1.0, 4).unwrap();
        assert_eq!(m.origins.len(), 8);
        // The dark pixel of the merged cell lands in its crop.
        let (top, _, left, y0) = m.origins[cells
            .iter()
            .position(|c| c[0] == 0.0 && c[1] == 0.0)
            .unwrap()];
        let at = ((top + 5.0 - y0) as u32 * m.image.width + (5.0 - left) as u32) as usize;
        assert_eq!(m.image.px[at], 0);
    }

    /// Lines of "characters" (dark squares with gaps) running at `degrees`.
    fn text_page(degrees: f64) -> Gray {
        let mut g = Gray::white(1200, 1600);
        let slope = degrees.to_radians().tan();
        for line in 0..30 {
            let y0 = 150.0 + 40.0 * f64::from(line);
            for x in 100..1100u32 {
                if (x / 22) % 5 == 4 || x % 22 > 18 {
                    continue;
                }
                let yb = y0 + slope * f64::from(x);
                for dy in 0..18 {
                    let y = (yb - f64::from(dy)) as u32;
                    if (y ^ x) % 3 != 0 {
                        g.px[y as usize * 1200 + x as usize] = 0;
                    }
                }
            }
        }
        g
    }

    #[test]
    fn skew_measured_and_taken_out() {
        for degrees in [1.5, -0.8, 3.0] {
            let g = text_page(degrees);
            let a = g.ink_skew().to_degrees();
            assert!((a - degrees).abs() < 0.05, "{degrees}: measured {a}");
            let left = g.turned_by(a.to_radians()).ink_skew().to_degrees();
            assert!(left.abs() < 0.05, "{degrees}: {left} left");
        }
        assert_eq!(text_page(0.0).ink_skew(), 0.0);
        assert_eq!(Gray::white(800, 1000).ink_skew(), 0.0);
        // Lines running down the page are not a skew.
        assert_eq!(text_page(0.0).rotated(1).ink_skew(), 0.0);
    }

    #[test]
    fn upscale_keeps_corners() {
        let g = img(2, 2, |x, y| x == 0 && y == 0);
        let u = g.upscaled(3);
        assert_eq!((u.width, u.height), (6, 6));
        assert_eq!(u.at(0, 0), 0);
        assert_eq!(u.at(5, 5), 255);
    }
    #[test]
    fn ink_gathers_into_blobs_by_line_and_cell() {
        let mut g = Gray::white(100, 40);
        let mut ink = |x0: u32, y0: u32, x1: u32, y1: u32| {
            for y in y0..y1 {
                for x in x0..x1 {
                    g.px[(y * 100 + x) as usize] = 0;
                }
            }
        };
        // Two strokes of one character (a gap of 2 rows), a neighbour 3 px
        // on, and a second cell 20 px on; a line below, 10 rows down.
        ink(5, 5, 12, 7);
        ink(5, 9, 12, 11);
        ink(15, 5, 22, 11);
        ink(42, 5, 50, 11);
        ink(5, 21, 30, 27);
        let b = ink_blobs(&g, 4, 3);
        assert_eq!(
            b,
            vec![
                [5.0, 5.0, 22.0, 11.0],
                [42.0, 5.0, 50.0, 11.0],
                [5.0, 21.0, 30.0, 27.0]
            ]
        );
    }
}
