//! Fuzz the image decoders OCR reads through: image files (PNG, JPEG, TIFF,
//! multi-page TIFF) and a PDF's image XObjects (raw samples in every colour
//! space and depth, DCT, JPX, CCITT, JBIG2), then the search for a scanned
//! table's rules. Tesseract itself is not run: it is another program.
//!
//! Input: byte 0 picks the path (0: an image file, the rest of the input;
//! else an XObject of that coding), then bpc, colour, flags, width and
//! height (u16 each), then the data.
#![no_main]
use libfuzzer_sys::fuzz_target;

/// Fewer pixels than the library allows, so that each input stays quick.
const MAX_PIXELS: u64 = 4_000_000;

fuzz_target!(|data: &[u8]| {
    let _ = guihua::read::image::fuzz_input(data, MAX_PIXELS);
});
