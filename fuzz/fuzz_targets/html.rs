//! Fuzz a web page: HTML parsing and the block walker.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Any outcome but a panic, an abort or a hang is fine: errors are expected.
    let _ = guihua::extract_bytes(std::path::Path::new("fuzz.html"), data);
});
