//! Fuzz the Word XML readers past the zip layer: byte mutations of a .docx
//! mostly break its CRCs, so here the input is the XML itself, split at NUL
//! bytes into word/document.xml, word/styles.xml and word/numbering.xml and
//! packed into a valid zip.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::io::Write;

fuzz_target!(|data: &[u8]| {
    let mut parts = data.splitn(3, |&b| b == 0);
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for name in ["word/document.xml", "word/styles.xml", "word/numbering.xml"] {
        if let Some(p) = parts.next() {
            zip.start_file(name, stored).unwrap();
            zip.write_all(p).unwrap();
        }
    }
    let bytes = zip.finish().unwrap().into_inner();
    let opts = guihua::Options {
        ocr: guihua::OcrMode::Never,
        ..Default::default()
    };
    let _ = guihua::extract_bytes_with(std::path::Path::new("fuzz.docx"), &bytes, &opts);
});
