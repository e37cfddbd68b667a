//! Fuzz text decoding (UTF-8/16, GB18030 detection) and the whole pipeline after it.
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
    let _ = guihua::extract_bytes_with(std::path::Path::new("fuzz.text"), data, &OPTS);
});
