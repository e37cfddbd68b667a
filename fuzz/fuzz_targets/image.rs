//! Fuzz the image decoders OCR reads through: image files (PNG, JPEG, TIFF,
//! multi-page TIFF) and a PDF's image XObjects (raw samples in every colour
//! space and depth, DCT, JPX, CCITT, JBIG2), then the search for a scanned
//! table's rules. Tesseract itself is not run: it is another program.
//!
//! Input: byte 0 picks the path (0: an image file, the rest of the input;
//! else an XObject of that coding), then bpc, colour, flags, width and
//! height (u16 each), then the data.
#![no_main]
use guihua::read::image::{decode, find_rules, read_image_file, table_cells};
use guihua::read::image::{Ccitt, Coding, Colour, RawImage};
use libfuzzer_sys::fuzz_target;

/// Fewer pixels than the library allows, so that each input stays quick.
const MAX_PIXELS: u64 = 4_000_000;

fuzz_target!(|data: &[u8]| {
    if data.len() < 8 {
        return;
    }
    let pages = if data[0] % 6 == 0 {
        match read_image_file(&data[1..], MAX_PIXELS) {
            Ok(p) => p.into_iter().map(|p| p.image).collect(),
            Err(_) => return,
        }
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
        let (w, h) = (
            u32::from(u16::from_le_bytes([data[4], data[5]])),
            u32::from(u16::from_le_bytes([data[6], data[7]])),
        );
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
        match decode(&raw, MAX_PIXELS) {
            Ok(g) => vec![g],
            Err(_) => return,
        }
    };
    for g in pages {
        let (rules, _) = find_rules(&g, 20, 20);
        let _ = table_cells(&rules, 2.0);
    }
});
