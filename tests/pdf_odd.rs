//! PDFs that poppler reads and guihua once rejected, one per cause, written
//! byte by byte here (the peer corpus's cases, reduced): structure (indirect
//! /Kids and /Filter, abbreviated and empty filter lists, a stream without
//! /Length, a damaged header line, attachment-only encryption, no pages),
//! fonts (ToUnicode compressed without /Filter or given as a name, an
//! embedded TrueType cmap, CIDs as Unicode, numeric Type 3 glyph names), form
//! field appearances, and Form XObjects nested too deep or sharing resources.

use guihua::error::{ErrorKind, PdfError};
use guihua::input::Document;
use std::io::Write;
use std::path::Path;

/// A PDF from object bodies (object `i + 1` is `objects[i]`; object 1 is the
/// catalog) with a correct cross-reference table.
fn raw_pdf(header: &str, objects: &[Vec<u8>], trailer: &str) -> Vec<u8> {
    let mut out = format!("{header}\n%\u{E2}\u{E3}\n").into_bytes();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend(body);
        out.extend(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for o in offsets {
        out.extend(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R {trailer} >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

fn obj(s: &str) -> Vec<u8> {
    s.as_bytes().to_vec()
}

/// A stream object with `dict` entries and a correct /Length.
fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut v = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
    v.extend(data);
    v.extend(b"\nendstream");
    v
}

fn zlib(data: &[u8]) -> Vec<u8> {
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    z.write_all(data).unwrap();
    z.finish().unwrap()
}

const HELVETICA: &str =
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>";

/// Catalog, one page tree node and one page drawing content object 4 with
/// font object 5 as /F1; further objects from 6 on.
fn one_page(content: Vec<u8>, font: &str, more: Vec<Vec<u8>>) -> Vec<Vec<u8>> {
    let mut v = vec![
        obj("<< /Type /Catalog /Pages 2 0 R >>"),
        obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
        obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>"),
        content,
        obj(font),
    ];
    v.extend(more);
    v
}

fn read(name: &str, b: &[u8]) -> Result<Document, guihua::error::Error> {
    guihua::pdf::pdf_document(b)
        .map_err(|e| guihua::error::Error::new(Path::new(name), ErrorKind::Pdf(e)))
}

/// All the text of a PDF, whitespace removed.
fn text(name: &str, b: &[u8]) -> String {
    let d = read(name, b).unwrap_or_else(|e| panic!("{e}"));
    d.lines
        .iter()
        .flat_map(|l| l.text.chars())
        .filter(|c| !c.is_whitespace())
        .collect()
}

fn warnings(b: &[u8]) -> Vec<String> {
    guihua::pdf::pdf_document(b)
        .unwrap()
        .warnings
        .iter()
        .map(|w| format!("{}: {}", w.code, w.message))
        .collect()
}

fn show(s: &str) -> Vec<u8> {
    show_at(s, 700)
}

fn show_at(s: &str, y: u32) -> Vec<u8> {
    format!("BT /F1 12 Tf 72 {y} Td ({s}) Tj ET").into_bytes()
}

#[test]
fn indirect_kids_array() {
    let b = raw_pdf(
        "%PDF-1.7",
        &[
            obj("<< /Type /Catalog /Pages 2 0 R >>"),
            obj("<< /Type /Pages /Kids 3 0 R /Count 2 >>"),
            obj("[4 0 R 5 0 R]"),
            obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 6 0 R >> >> /Contents 7 0 R >>"),
            obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 6 0 R >> >> /Contents 8 0 R >>"),
            obj(HELVETICA),
            stream("", &show("FirstPage")),
            stream("", &show("SecondPage")),
        ],
        "",
    );
    let d = read("kids.pdf", &b).unwrap();
    assert_eq!(d.pages, Some(2));
    assert_eq!(text("kids.pdf", &b), "FirstPageSecondPage");
}

/// ASCII85 as PDF writes it (`z` for four zeros, `~>` at the end).
fn ascii85(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    for chunk in data.chunks(4) {
        let mut b = [0u8; 4];
        b[..chunk.len()].copy_from_slice(chunk);
        let mut n = u32::from_be_bytes(b);
        if n == 0 && chunk.len() == 4 {
            out.push(b'z');
            continue;
        }
        let mut d = [0u8; 5];
        for x in d.iter_mut().rev() {
            *x = (n % 85) as u8 + b'!';
            n /= 85;
        }
        out.extend_from_slice(&d[..chunk.len() + 1]);
    }
    out.extend(b"~>");
    out
}

#[test]
fn indirect_abbreviated_and_empty_filters() {
    let hex: String = zlib(&show_at("HexFlate", 700))
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let mut rl = Vec::new();
    for c in show_at("RunLength", 600).chunks(100) {
        rl.push(c.len() as u8 - 1);
        rl.extend(c);
    }
    rl.push(128);
    let pages = [
        // An indirect filter array of abbreviations.
        stream("/Filter 12 0 R", format!("{hex}>").as_bytes()),
        stream("/Filter /A85", &ascii85(&show_at("Ascii85", 650))),
        stream("/Filter [/RL]", &rl),
        // No filter at all, as an empty array.
        stream("/Filter []", &show_at("EmptyList", 550)),
        // An indirect name with indirect parameters.
        stream(
            "/Filter 13 0 R /DecodeParms 14 0 R",
            &zlib(&show_at("Indirect", 500)),
        ),
    ];
    let mut objects = vec![
        obj("<< /Type /Catalog /Pages 2 0 R >>"),
        obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
        obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents [5 0 R 6 0 R 7 0 R 8 0 R 9 0 R] >>"),
        obj(HELVETICA),
    ];
    objects.extend(pages);
    objects.extend([
        obj("null"),
        obj("null"),
        obj("[/AHx /Fl]"),
        obj("/FlateDecode"),
        obj("<< /Predictor 1 >>"),
    ]);
    let t = text("filters.pdf", &raw_pdf("%PDF-1.7", &objects, ""));
    for w in ["HexFlate", "Ascii85", "RunLength", "EmptyList", "Indirect"] {
        assert!(t.contains(w), "{w}: {t}");
    }
}

#[test]
fn stream_without_length() {
    let mut content = b"<< >>\nstream\n".to_vec();
    content.extend(show("NoLength"));
    content.extend(b"\nendstream");
    let b = raw_pdf("%PDF-1.7", &one_page(content, HELVETICA, vec![]), "");
    assert_eq!(text("nolength.pdf", &b), "NoLength");
}

#[test]
fn damaged_header_line() {
    let b = raw_pdf(
        "%/OCPropertiesPDF-1.4",
        &one_page(stream("", &show("HeaderFixed")), HELVETICA, vec![]),
        "",
    );
    assert_eq!(text("header.pdf", &b), "HeaderFixed");
    // Text that is no PDF at all is still refused as such.
    let e = read("notes.pdf", b"%notes PDF-1.4 plan\n").unwrap_err();
    assert!(e.to_string().contains("no %PDF header"), "{e}");
}

#[test]
fn only_attachments_encrypted() {
    // AES-256 (R6) whose user password is not empty, but strings and streams
    // use the /Identity crypt filter: only embedded files are encrypted.
    let junk = |n: usize| "ab".repeat(n);
    let enc = format!(
        "<< /Filter /Standard /V 5 /R 6 /Length 256 /P -1028 /CF << /StdCF << /AuthEvent /EFOpen /CFM /AESV3 /Length 32 >> >> /EFF /StdCF /StmF /Identity /StrF /Identity /EncryptMetadata false /O <{}> /U <{}> /OE <{}> /UE <{}> /Perms <{}> >>",
        junk(48), junk(48), junk(32), junk(32), junk(16)
    );
    let b = raw_pdf(
        "%PDF-1.7",
        &one_page(stream("", &show("ClearText")), HELVETICA, vec![obj(&enc)]),
        "/Encrypt 6 0 R /ID [<0102030405060708090a0b0c0d0e0f10> <0102030405060708090a0b0c0d0e0f10>]",
    );
    assert_eq!(text("attach.pdf", &b), "ClearText");
    // Encrypted streams (/StmF /StdCF) still need the password.
    let locked = String::from_utf8_lossy(&b).replace("/StmF /Identity", "/StmF /StdCF  ");
    let e = read("locked.pdf", locked.as_bytes()).unwrap_err();
    assert!(
        matches!(
            e.kind,
            ErrorKind::Pdf(PdfError::PasswordRequired { wrong: false })
        ),
        "{e}"
    );
}

#[test]
fn no_pages_says_so() {
    let b = raw_pdf(
        "%PDF-1.7",
        &[
            obj("<< /Type /Catalog /Pages 2 0 R >>"),
            obj("<< /Type /Pages /Kids [] /Count 0 >>"),
        ],
        "",
    );
    let e = guihua::extract_bytes(Path::new("empty.pdf"), &b).unwrap_err();
    assert_eq!(e.to_string(), "empty.pdf: the document has no pages");
}

/// A Type0 Identity-H font (object 5) over CID font object 6, with extra
/// `type0` and `cid` entries.
fn type0(type0: &str, cid: &str) -> (String, Vec<u8>) {
    (
        format!("<< /Type /Font /Subtype /Type0 /BaseFont /Song /Encoding /Identity-H /DescendantFonts [6 0 R] {type0} >>"),
        obj(&format!("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Song /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 {cid} >>")),
    )
}

fn show_hex(codes: &str) -> Vec<u8> {
    format!("BT /F1 12 Tf 72 700 Td <{codes}> Tj ET").into_bytes()
}

#[test]
fn tounicode_compressed_without_filter_or_named() {
    let cmap = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /X def 1 begincodespacerange <0000> <FFFF> endcodespacerange 2 beginbfchar <0001> <6C11> <0002> <653F> endbfchar endcmap CMapName currentdict /CMap defineresource pop end end";
    let (f, cid) = type0("/ToUnicode 7 0 R", "");
    let b = raw_pdf(
        "%PDF-1.7",
        &one_page(
            stream("", &show_hex("00010002")),
            &f,
            vec![cid, stream("", &zlib(cmap))],
        ),
        "",
    );
    assert_eq!(text("zlib-tounicode.pdf", &b), "民政");
    // /ToUnicode /Identity-H: the codes are UCS-2.
    let (f, cid) = type0("/ToUnicode /Identity-H", "");
    let b = raw_pdf(
        "%PDF-1.7",
        &one_page(stream("", &show_hex("6C11653F")), &f, vec![cid]),
        "",
    );
    assert_eq!(text("named-tounicode.pdf", &b), "民政");
}

#[test]
fn cids_as_unicode_without_any_font_program() {
    let (f, cid) = type0("", "");
    let b = raw_pdf(
        "%PDF-1.7",
        &one_page(stream("", &show_hex("6C11653F")), &f, vec![cid]),
        "",
    );
    assert_eq!(text("bare-cid.pdf", &b), "民政");
}

/// A TrueType program with only a cmap table: one (3,10) format 12 subtable.
fn truetype_with_cmap(map: &[(u32, u16)]) -> Vec<u8> {
    let mut map = map.to_vec();
    map.sort();
    let mut sub = Vec::new();
    sub.extend(12u16.to_be_bytes());
    sub.extend(0u16.to_be_bytes());
    sub.extend((16 + 12 * map.len() as u32).to_be_bytes());
    sub.extend(0u32.to_be_bytes());
    sub.extend((map.len() as u32).to_be_bytes());
    for (c, g) in &map {
        sub.extend(c.to_be_bytes());
        sub.extend(c.to_be_bytes());
        sub.extend(u32::from(*g).to_be_bytes());
    }
    let mut cmap = Vec::new();
    cmap.extend(0u16.to_be_bytes());
    cmap.extend(1u16.to_be_bytes());
    cmap.extend(3u16.to_be_bytes());
    cmap.extend(10u16.to_be_bytes());
    cmap.extend(12u32.to_be_bytes());
    cmap.extend(sub);
    let mut f = Vec::new();
    f.extend(0x0001_0000u32.to_be_bytes());
    f.extend(1u16.to_be_bytes());
    f.extend(16u16.to_be_bytes());
    f.extend(0u16.to_be_bytes());
    f.extend(0u16.to_be_bytes());
    f.extend(b"cmap");
    f.extend(0u32.to_be_bytes());
    f.extend(28u32.to_be_bytes());
    f.extend((cmap.len() as u32).to_be_bytes());
    f.extend(cmap);
    f
}

#[test]
fn embedded_truetype_cmap_read_backwards() {
    let program = truetype_with_cmap(&[(0x6C11, 5), (0x653F, 6), (0x4E8B, 7)]);
    // CIDs 1 and 2 are glyphs 5 and 6 by the /CIDToGIDMap stream.
    let (f, cid) = type0("", "/FontDescriptor 7 0 R /CIDToGIDMap 9 0 R");
    let b = raw_pdf(
        "%PDF-1.7",
        &one_page(
            stream("", &show_hex("00010002")),
            &f,
            vec![
                cid,
                obj("<< /Type /FontDescriptor /FontName /Song /Flags 4 /FontBBox [0 0 1000 1000] /ItalicAngle 0 /Ascent 900 /Descent -100 /CapHeight 700 /StemV 80 /FontFile2 8 0 R >>"),
                stream("/Filter /FlateDecode", &zlib(&program)),
                stream("", &[0, 0, 0, 5, 0, 6]),
            ],
        ),
        "",
    );
    assert_eq!(text("cmap.pdf", &b), "民政");
    // Identity CIDToGIDMap: CIDs are glyph ids.
    let (f, cid) = type0("", "/FontDescriptor 7 0 R /CIDToGIDMap /Identity");
    let b = raw_pdf(
        "%PDF-1.7",
        &one_page(
            stream("", &show_hex("00070005")),
            &f,
            vec![
                cid,
                obj("<< /Type /FontDescriptor /FontName /Song /Flags 4 /FontBBox [0 0 1000 1000] /ItalicAngle 0 /Ascent 900 /Descent -100 /CapHeight 700 /StemV 80 /FontFile2 8 0 R >>"),
                stream("", &program),
            ],
        ),
        "",
    );
    assert_eq!(text("cmap-identity.pdf", &b), "事民");
}

#[test]
fn type3_numeric_glyph_names() {
    let font = "<< /Type /Font /Subtype /Type3 /FontMatrix [0.001 0 0 0.001 0 0] /FontBBox [0 0 1000 1000] /FirstChar 45 /LastChar 68 /Widths [500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500] /CharProcs << >> /Encoding << /Type /Encoding /Differences [45 /a45 48 /48 /49 65 /g65 /c66 /3] >> >>";
    let b = raw_pdf(
        "%PDF-1.7",
        &one_page(stream("", &show("-01ABC")), font, vec![]),
        "",
    );
    // /3 at code 67 names a control character: dropped, as poppler drops it.
    assert_eq!(text("type3.pdf", &b), "-01AB");
}

/// A Type 3 face in units of its own (a bitmap font in pixels, as
/// Ghostscript writes one: FontMatrix [1 0 0 1], 150 units an em, shown at
/// 0.1): its characters are 15 points, not 100 (1000 units an em).
#[test]
fn type3_faces_in_their_own_units_have_their_size() {
    let font = "<< /Type /Font /Subtype /Type3 /FontMatrix [1 0 0 1 0 0] /FontBBox [0 0 143 124] /FirstChar 65 /LastChar 67 /Widths [150 150 150] /CharProcs << >> /Encoding << /Type /Encoding /Differences [65 /A /B /C] >> >>";
    let b = raw_pdf(
        "%PDF-1.7",
        &one_page(
            stream("", b"BT /F1 0.1 Tf 72 700 Td (ABC) Tj ET"),
            font,
            vec![],
        ),
        "",
    );
    let d = read("type3-units.pdf", &b).unwrap();
    let bbox = d.lines[0].span.bbox.unwrap();
    assert!((bbox[2] - bbox[0] - 45.0).abs() < 0.5, "{bbox:?}");
    assert!(bbox[3] - bbox[1] < 20.0, "{bbox:?}");
}

#[test]
fn form_field_appearances_are_page_text() {
    let b = raw_pdf(
        "%PDF-1.7",
        &[
            obj("<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R 6 0 R] >> >>"),
            obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
            obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> /Annots [4 0 R 6 0 R] >>"),
            obj("<< /Type /Annot /Subtype /Widget /FT /Tx /T (name) /V (FieldValue) /Rect [100 600 300 620] /AP << /N 5 0 R >> >>"),
            stream(
                "/Type /XObject /Subtype /Form /BBox [0 0 200 20] /Resources << /Font << /Helv 8 0 R >> >>",
                b"/Tx BMC BT /Helv 12 Tf 2 5 Td (FieldValue) Tj ET EMC",
            ),
            obj("<< /Type /Annot /Subtype /Widget /FT /Tx /T (hidden) /F 2 /Rect [100 500 300 520] /AP << /N 7 0 R >> >>"),
            stream(
                "/Type /XObject /Subtype /Form /BBox [0 0 200 20] /Resources << /Font << /Helv 8 0 R >> >>",
                b"BT /Helv 12 Tf 2 5 Td (HiddenValue) Tj ET",
            ),
            obj(HELVETICA),
        ],
        "",
    );
    let d = read("form.pdf", &b).unwrap();
    let line = d
        .lines
        .iter()
        .find(|l| l.text.contains("FieldValue"))
        .unwrap();
    let bbox = line.span.bbox.unwrap();
    // Placed on the widget's /Rect: x 100 + 2 (bboxes count from the top).
    assert!((bbox[0] - 102.0).abs() < 0.5, "{bbox:?}");
    assert_eq!(
        text("form.pdf", &b),
        "FieldValue",
        "the hidden field is not drawn"
    );
}

#[test]
fn forms_nested_too_deep_are_skipped_and_shared_resources_cost_nothing() {
    // Form k shows "Lk" and draws form k+1; twenty deep.
    let n = 20;
    let mut objects = vec![
        obj("<< /Type /Catalog /Pages 2 0 R >>"),
        obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
        obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> /XObject << /X1 6 0 R >> >> /Contents 4 0 R >>"),
        stream("", b"/X1 Do"),
        obj(HELVETICA),
    ];
    for k in 1..=n {
        let next = if k < n {
            format!("/XObject << /X{} {} 0 R >>", k + 1, 6 + k)
        } else {
            String::new()
        };
        objects.push(stream(
            &format!("/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> {next} >>"),
            format!("BT /F1 10 Tf 72 {} Td (L{k}) Tj ET /X{} Do", 800 - 20 * k, k + 1).as_bytes(),
        ));
    }
    let b = raw_pdf("%PDF-1.7", &objects, "");
    let t = text("deep.pdf", &b);
    assert!(
        t.contains("L1") && t.contains("L12") && !t.contains("L13"),
        "{t}"
    );
    let w = warnings(&b);
    assert!(
        w.iter()
            .any(|w| w.starts_with("form-too-deep: page 1: 1 Form XObjects nested deeper than 12")),
        "{w:?}"
    );

    // Thirty forms sharing one resource dictionary that lists them all (as
    // Scribus writes them): each is read once, when drawn.
    let m = 30;
    let names: String = (0..m).map(|k| format!("/R{k} {} 0 R ", 7 + k)).collect();
    let mut objects = vec![
        obj("<< /Type /Catalog /Pages 2 0 R >>"),
        obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
        obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources 6 0 R /Contents 4 0 R >>"),
        stream("", (0..m).map(|k| format!("/R{k} Do ")).collect::<String>().as_bytes()),
        obj(HELVETICA),
        obj(&format!("<< /Font << /F1 5 0 R >> /XObject << {names} >> >>")),
    ];
    for k in 0..m {
        objects.push(stream(
            "/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources 6 0 R",
            format!("BT /F1 10 Tf 72 {} Td (S{k}) Tj ET", 800 - 20 * k).as_bytes(),
        ));
    }
    let b = raw_pdf("%PDF-1.7", &objects, "");
    let t = text("shared.pdf", &b);
    assert!((0..m).all(|k| t.contains(&format!("S{k}"))), "{t}");
    assert!(warnings(&b).is_empty(), "{:?}", warnings(&b));
}

/// Digits each in an em-wide cell (Word's character grid in official
/// documents; a legacy font's full-em ASCII widths redrawn by cairo): one
/// number, as the page shows it, not `2 0 2 2`; two numbers a space apart
/// stay two.
#[test]
fn digits_on_a_character_grid_are_one_number() {
    // Helvetica's digits are 0.556 em wide; each set 12 points (an em) on.
    let mut cells = String::from("BT /F1 12 Tf");
    for (k, d) in "2022".chars().enumerate() {
        cells.push_str(&format!(" 1 0 0 1 {} 700 Tm ({d}) Tj", 72 + 12 * k));
    }
    cells.push_str(" 1 0 0 1 72 680 Tm (2020 2025) Tj ET");
    let b = raw_pdf(
        "%PDF-1.7",
        &one_page(
            stream("", cells.as_bytes()),
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            vec![],
        ),
        "<< /Root 1 0 R >>",
    );
    let d = read("grid.pdf", &b).unwrap();
    let lines: Vec<&str> = d.lines.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(lines, ["2022", "2020 2025"]);
}
