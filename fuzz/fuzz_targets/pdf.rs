//! Fuzz a PDF: objects, xref, streams, fonts, content streams, layout.
#![no_main]
use libfuzzer_sys::fuzz_target;

/// No OCR: Tesseract is another program, slow per input; the image target
/// fuzzes the decoders it reads through.
static OPTS: std::sync::LazyLock<guihua::Options> = std::sync::LazyLock::new(|| guihua::Options {
    ocr: guihua::OcrMode::Never,
    ..Default::default()
});

fuzz_target!(|data: &[u8]| {
    // Any outcome but a panic, an abort or a hang is fine: errors are expected.
    let _ = guihua::extract_bytes_with(std::path::Path::new("fuzz.pdf"), data, &OPTS);
});
