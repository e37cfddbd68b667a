//! Encrypted PDFs (`tests/fixtures/encrypted`, made by `make.sh` there with
//! qpdf, MuPDF's mutool, Ghostscript and pikepdf from one corpus PDF): every
//! standard security handler revision, R2–R6, RC4-40, RC4-128, AES-128 and
//! AES-256, opens and reads exactly as the unencrypted file does; a user
//! password is asked for, and either password opens the file.

mod common;

use common::*;
use guihua::error::{ErrorKind, PdfError};
use guihua::model::Plan;
use guihua::Options;
use std::path::{Path, PathBuf};

const USER: &str = "user-pw";
const OWNER: &str = "owner-pw";

fn fixtures() -> PathBuf {
    root().join("tests/fixtures/encrypted")
}

fn fixture(name: &str) -> PathBuf {
    fixtures().join(name)
}

/// The file every fixture was made from.
fn source() -> PathBuf {
    root().join("../shared/corpus/pdf/legacy-gbk/003_08fcdae4f348d3f7.pdf")
}

/// Decryption is what these tests read: the Ghostscript fixtures' fonts
/// have no Unicode maps, and OCR of their rendered pages is another test's.
fn with_password(p: Option<&str>) -> Options {
    Options {
        password: p.map(str::to_string),
        ocr: guihua::OcrMode::Never,
        ..Options::default()
    }
}

fn extract(path: &Path, password: Option<&str>) -> guihua::Result<Plan> {
    guihua::extract_file_with(path, &with_password(password))
}

/// The plan as JSON without its source (path and sha256 differ by design).
fn content(plan: &Plan) -> serde_json::Value {
    let mut v = serde_json::to_value(plan).unwrap();
    v.as_object_mut().unwrap().remove("source");
    v
}

/// The fixtures, each with what it is made of and the file it must read as.
fn cases() -> Vec<(&'static str, &'static [&'static str], &'static str)> {
    let src = "SOURCE";
    vec![
        ("qpdf-rc4-40.pdf", &["/R 2", "/V 1"][..], src),
        ("qpdf-rc4-128.pdf", &["/R 3", "/V 2"], src),
        ("qpdf-rc4-128-v4.pdf", &["/R 4", "/V 4", "/CFM /V2"], src),
        (
            "qpdf-aes-128-objstm.pdf",
            &["/R 4", "/CFM /AESV2", "/ObjStm", "/XRef"],
            src,
        ),
        ("qpdf-aes-256-r5.pdf", &["/R 5", "/V 5", "/CFM /AESV3"], src),
        (
            "qpdf-aes-256-objstm.pdf",
            &["/R 6", "/CFM /AESV3", "/ObjStm", "/XRef"],
            src,
        ),
        ("qpdf-aes-256-user.pdf", &["/R 6", "/ObjStm"], src),
        ("qpdf-rc4-128-user.pdf", &["/R 3"], src),
        ("mutool-rc4-40.pdf", &["/Encrypt<<", "/R 2"], src),
        ("mutool-rc4-128.pdf", &["/Encrypt<<", "/R 3"], src),
        ("mutool-aes-128.pdf", &["/Encrypt<<", "/AESV2"], src),
        ("mutool-aes-256.pdf", &["/Encrypt<<", "/AESV3", "/R 6"], src),
        ("mutool-aes-128-user.pdf", &["/Encrypt<<", "/AESV2"], src),
        ("mutool-rc4-40-user.pdf", &["/Encrypt<<", "/R 2"], src),
        (
            "pikepdf-aes-128-clearmeta-user.pdf",
            &["/EncryptMetadata false", "/AESV2", "/ObjStm", "<x:xmpmeta"],
            src,
        ),
        (
            "gs-rc4-128-user.pdf",
            &["/R 3", "/Length 128"],
            "gs-plain.pdf",
        ),
    ]
}

#[test]
fn every_revision_and_writer_reads_as_the_clear_file() {
    let src = source();
    if !src.is_file() {
        println!("SKIPPED: no {}", src.display());
        return;
    }
    let clear = content(&extract(&src, None).unwrap());
    let gs_clear = content(&extract(&fixture("gs-plain.pdf"), None).unwrap());
    assert!(clear["outline"].as_array().unwrap().len() > 10, "{clear}");
    for (name, marks, like) in cases() {
        let path = fixture(name);
        let bytes = std::fs::read(&path).unwrap();
        let raw = String::from_utf8_lossy(&bytes);
        for m in marks {
            assert!(
                raw.contains(m),
                "{name} lacks {m}: not the fixture make.sh writes"
            );
        }
        let want = if like == "SOURCE" { &clear } else { &gs_clear };
        let user = name.contains("-user");
        if user {
            // No password, then a wrong one: asked for, in so many words.
            let e = extract(&path, None).unwrap_err();
            assert!(
                matches!(
                    e.kind,
                    ErrorKind::Pdf(PdfError::PasswordRequired { wrong: false })
                ),
                "{name}: {e}"
            );
            assert_eq!(e.code(), "password-required");
            assert!(e.to_string().contains("--password"), "{e}");
            let e = extract(&path, Some("wrong")).unwrap_err();
            assert!(
                matches!(
                    e.kind,
                    ErrorKind::Pdf(PdfError::PasswordRequired { wrong: true })
                ),
                "{name}: {e}"
            );
            assert!(
                e.to_string().starts_with(&path.display().to_string()),
                "{e}"
            );
        }
        // The empty user password opens silently; the owner password always.
        let passwords: &[Option<&str>] = if user {
            &[Some(USER), Some(OWNER)]
        } else {
            &[None, Some(OWNER), Some("any other")]
        };
        for pw in passwords {
            let plan = extract(&path, *pw).unwrap_or_else(|e| panic!("{name} {pw:?}: {e}"));
            assert!(
                content(&plan) == *want,
                "{name} with {pw:?} reads otherwise than its clear file"
            );
        }
    }
}

#[test]
fn the_cli_takes_the_password_and_exits_3_without_it() {
    let bin = env!("CARGO_BIN_EXE_guihua");
    let f = fixture("qpdf-aes-256-user.pdf");
    let run = |args: &[&str]| {
        let o = std::process::Command::new(bin)
            .arg("extract")
            .args(args)
            .arg(&f)
            .output()
            .unwrap();
        (
            o.status.code(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        )
    };
    let (code, err) = run(&[]);
    assert_eq!(code, Some(3), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("password required"), "{err}");
    let (code, err) = run(&["--password", OWNER]);
    assert_eq!(code, Some(0), "{err}");
    // A password error among others: exit 1.
    let o = std::process::Command::new(bin)
        .args(["extract", "-o"])
        .arg(scratch("crypt-cli"))
        .arg(&f)
        .arg(root().join("tests/fixtures/encrypted/no-such.pdf"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn batch_records_the_password_error_by_code() {
    let dir = scratch("crypt-batch-in");
    for f in ["qpdf-rc4-128-user.pdf", "mutool-aes-256.pdf"] {
        std::fs::copy(fixture(f), dir.join(f)).unwrap();
    }
    let out = scratch("crypt-batch-out");
    let opts = guihua::batch::Options {
        jobs: 1,
        ..guihua::batch::Options::default()
    };
    let s = guihua::batch::run(&dir, Some(&out), &opts, None, &|_| {}).unwrap();
    assert_eq!((s.converted, s.failed), (1, 1), "{s:?}");
    let manifest = std::fs::read_to_string(out.join(guihua::batch::MANIFEST)).unwrap();
    let entries: Vec<guihua::batch::Entry> = manifest
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let locked = entries
        .iter()
        .find(|e| e.path == "qpdf-rc4-128-user.pdf")
        .unwrap();
    assert_eq!(locked.code.as_deref(), Some("password-required"));
    assert!(locked.output.is_none());
    // With the password (the owner's here) it converts.
    let mut opts = opts;
    opts.extract.password = Some(OWNER.into());
    opts.force = true;
    let s = guihua::batch::run(&dir, Some(&out), &opts, None, &|_| {}).unwrap();
    assert_eq!((s.converted, s.failed), (2, 0), "{s:?}");
}

/// A file whose streams are clear (/StmF /Identity) but whose strings are
/// AES-encrypted (/StrF /StdCF), written by lopdf: each decrypted by its own
/// filter.
#[test]
fn identity_stream_filter_with_encrypted_strings() {
    use lopdf::encryption::crypt_filters::{Aes128CryptFilter, CryptFilter};
    use lopdf::{EncryptionState, EncryptionVersion, Permissions};
    use std::collections::BTreeMap;
    use std::sync::Arc;
    let src = fixture("qpdf-rc4-40.pdf");
    let clear = content(&extract(&src, None).unwrap());
    let mut doc = lopdf::Document::load_mem(&std::fs::read(&src).unwrap()).unwrap();
    assert!(doc.encryption_state.is_some());
    doc.encryption_state = None;
    let f: Arc<dyn CryptFilter> = Arc::new(Aes128CryptFilter);
    let version = EncryptionVersion::V4 {
        document: &doc,
        encrypt_metadata: true,
        crypt_filters: BTreeMap::from([(b"StdCF".to_vec(), f)]),
        stream_filter: b"Identity".to_vec(),
        string_filter: b"StdCF".to_vec(),
        owner_password: OWNER,
        user_password: "",
        permissions: Permissions::all(),
    };
    let state = EncryptionState::try_from(version).unwrap();
    doc.encrypt(&state).unwrap();
    let mut b = Vec::new();
    doc.save_to(&mut b).unwrap();
    let raw = String::from_utf8_lossy(&b);
    assert!(raw.contains("/StmF /Identity") || raw.contains("/StmF/Identity"));
    // The strings are encrypted (the font's /Registry is no longer plain).
    assert!(!raw.contains("(Adobe)"));
    let plan = guihua::extract_bytes(Path::new("identity.pdf"), &b).unwrap();
    assert!(content(&plan) == clear);
}
