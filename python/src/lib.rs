//! `guihua._guihua`: the Python binding of the guihua library.
//!
//! Only glue lives here: argument conversion, the GIL released around the
//! work, errors turned into `guihua.ExtractError`. The extraction, the output
//! names and the tidy tables are the library's (`guihua::extract_bytes_with`,
//! `guihua::batch`, `guihua::export`), so the package and the CLI give the
//! same results.

use guihua::error::{Error, ErrorKind, PdfError};
use guihua::model::Plan;
use pyo3::exceptions::{PyException, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyList, PyMemoryView, PyTuple};
use rayon::prelude::*;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{channel, Receiver};
use std::sync::{Arc, Mutex};

pyo3::create_exception!(
    guihua,
    ExtractError,
    PyException,
    "A document could not be extracted. `str(e)` is the one-line message naming \
the file; attributes: `path` (the file, or `input.<format>` for bytes), `kind` \
(`input`, `pdf`, `docx`, `unsupported`, `internal`), `page` and `line` (where \
known, else None)."
);

/// An extraction error as a `guihua.ExtractError` instance, attributes set.
fn extract_error(py: Python<'_>, e: &Error) -> PyErr {
    let err = ExtractError::new_err(e.to_string());
    let (kind, page) = match &e.kind {
        ErrorKind::Input(_) => ("input", None),
        ErrorKind::Pdf(p) => (
            "pdf",
            match p {
                PdfError::Limit { page, .. } => *page,
                _ => None,
            },
        ),
        ErrorKind::Docx(_) => ("docx", None),
        ErrorKind::Unsupported(_) => ("unsupported", None),
        ErrorKind::Internal(_) => ("internal", None),
        #[allow(unreachable_patterns)]
        _ => ("other", None),
    };
    let v = err.value(py);
    // Setting attributes on a fresh exception instance cannot fail short of
    // memory exhaustion; the message alone still names the file then.
    let _ = v.setattr("path", e.path.to_string_lossy().into_owned());
    let _ = v.setattr("kind", kind);
    let _ = v.setattr("code", e.code());
    let _ = v.setattr("page", page);
    let _ = v.setattr("line", None::<usize>);
    err
}

fn options(ocr: &str, password: Option<String>) -> PyResult<guihua::Options> {
    let ocr = match ocr {
        "auto" => guihua::OcrMode::Auto,
        "always" => guihua::OcrMode::Always,
        "never" => guihua::OcrMode::Never,
        o => {
            return Err(PyValueError::new_err(format!(
                "ocr must be \"auto\", \"always\" or \"never\", not {o:?}"
            )))
        }
    };
    Ok(guihua::Options {
        password,
        ocr,
        ..guihua::Options::default()
    })
}

/// What to extract: a file, or bytes under a name whose ending tells the format.
enum Input {
    File(PathBuf),
    Bytes(PathBuf, Vec<u8>),
}

fn input(source: &Bound<'_, PyAny>, format: Option<&str>) -> PyResult<Input> {
    let bytes = if let Ok(b) = source.cast::<PyBytes>() {
        Some(b.as_bytes().to_vec())
    } else if let Ok(b) = source.cast::<PyByteArray>() {
        Some(b.to_vec())
    } else if source.is_instance_of::<PyMemoryView>() {
        let b = source.call_method0("tobytes")?;
        Some(b.cast::<PyBytes>()?.as_bytes().to_vec())
    } else {
        None
    };
    match bytes {
        Some(b) => {
            let name = match format {
                Some(f) => format!("input.{}", f.trim_start_matches('.')),
                None => "input".to_string(),
            };
            Ok(Input::Bytes(PathBuf::from(name), b))
        }
        None => {
            if format.is_some() {
                return Err(PyValueError::new_err(
                    "format is for bytes input; a file's name and bytes tell its format",
                ));
            }
            let path: PathBuf = source.extract().map_err(|_| {
                PyTypeError::new_err("expected a path (str or os.PathLike) or bytes")
            })?;
            Ok(Input::File(path))
        }
    }
}

/// Run the library; a panic becomes an error for this input only.
fn run(input: &Input, opts: &guihua::Options) -> Result<Plan, Error> {
    let path = match input {
        Input::File(p) | Input::Bytes(p, _) => p,
    };
    catch_unwind(AssertUnwindSafe(|| match input {
        Input::File(p) => guihua::extract_file_with(p, opts),
        Input::Bytes(p, b) => guihua::extract_bytes_with(p, b, opts),
    }))
    .unwrap_or_else(|p| {
        Err(Error::new(
            path,
            ErrorKind::Internal(guihua::batch::panic_message(&*p)),
        ))
    })
}

/// The plan as compact JSON text, made without the GIL (in `extract_many`'s
/// worker threads).
fn to_json(plan: &Plan) -> String {
    // A Plan holds only strings, numbers and containers: it always serializes.
    serde_json::to_string(plan).unwrap_or_default()
}

/// JSON text as Python objects. `json.loads` measured faster than serde
/// straight into Python objects (pythonize, which also makes the bbox arrays
/// tuples): 0.81 vs 0.87 ms for a PDF plan, 1.31 vs 1.72 ms for a seed.
fn loads<'py>(py: Python<'py>, json: &str) -> PyResult<Bound<'py, PyAny>> {
    py.import("json")?.call_method1("loads", (json,))
}

/// Extract one plan document.
///
/// `source` is a path (str or os.PathLike) or the document's bytes. For bytes,
/// `format` ("pdf", "docx", "doc", "html", "txt", "png" …) names the format; without it the
/// bytes tell. `ocr` is "auto", "always" or "never"; `password` opens an
/// encrypted PDF. Returns the same JSON as `guihua extract`, as dicts and
/// lists. Raises ExtractError (with the path) when the document cannot be
/// read. The GIL is released while the document is extracted.
#[pyfunction]
#[pyo3(signature = (source, *, format=None, ocr="auto", password=None))]
fn extract<'py>(
    py: Python<'py>,
    source: &Bound<'py, PyAny>,
    format: Option<&str>,
    ocr: &str,
    password: Option<String>,
) -> PyResult<Bound<'py, PyAny>> {
    let opts = options(ocr, password)?;
    let input = input(source, format)?;
    let json = py
        .detach(|| run(&input, &opts).map(|p| to_json(&p)))
        .map_err(|e| extract_error(py, &e))?;
    loads(py, &json)
}

/// Like `extract`, but the JSON text exactly as `guihua extract` and
/// `guihua batch` write it (pretty-printed, with a final newline).
#[pyfunction]
#[pyo3(signature = (source, *, format=None, ocr="auto", password=None))]
fn extract_json(
    py: Python<'_>,
    source: &Bound<'_, PyAny>,
    format: Option<&str>,
    ocr: &str,
    password: Option<String>,
) -> PyResult<String> {
    let opts = options(ocr, password)?;
    let input = input(source, format)?;
    py.detach(|| {
        run(&input, &opts).map(|plan| {
            let mut s = serde_json::to_string_pretty(&plan).unwrap_or_default();
            s.push('\n');
            s
        })
    })
    .map_err(|e| extract_error(py, &e))
}

/// One finished document of `extract_many`: its path and its plan (as JSON
/// text) or error.
type Done = (PathBuf, Result<String, Error>);

/// The iterator `extract_many` returns: `(path, result)` pairs in the order
/// the documents finish, where `result` is the plan (a dict) or an
/// ExtractError instance. Dropping it stops the remaining work.
#[pyclass(module = "guihua")]
struct ExtractMany {
    rx: Mutex<Receiver<Done>>,
    cancel: Arc<AtomicBool>,
}

#[pymethods]
impl ExtractMany {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyTuple>>> {
        // Wait without the GIL, so other Python threads run meanwhile.
        let next = py.detach(|| self.rx.lock().ok().and_then(|rx| rx.recv().ok()));
        let Some((path, result)) = next else {
            return Ok(None);
        };
        let path = path.to_string_lossy().into_owned();
        let value = match result {
            Ok(json) => loads(py, &json)?,
            Err(e) => extract_error(py, &e)
                .into_value(py)
                .into_bound(py)
                .into_any(),
        };
        Ok(Some(PyTuple::new(
            py,
            [path.into_pyobject(py)?.into_any(), value],
        )?))
    }
}

impl Drop for ExtractMany {
    fn drop(&mut self) {
        self.cancel.store(true, Ordering::Relaxed);
    }
}

/// Extract many documents in parallel, in Rust, on `jobs` threads (default:
/// all cores), without holding the GIL.
///
/// Returns an iterator of `(path, result)` pairs in the order the documents
/// finish: `result` is the plan (a dict, as `extract` returns) or, for a
/// document that failed, a `guihua.ExtractError` instance (not raised), so one
/// bad file never stops the rest. `ocr` and `password` apply to every file.
#[pyfunction]
#[pyo3(signature = (paths, jobs=None, *, ocr="auto", password=None))]
fn extract_many(
    paths: &Bound<'_, PyAny>,
    jobs: Option<usize>,
    ocr: &str,
    password: Option<String>,
) -> PyResult<ExtractMany> {
    let opts = options(ocr, password)?;
    let mut list: Vec<PathBuf> = Vec::new();
    for p in paths.try_iter()? {
        let p = p?;
        list.push(p.extract().map_err(|_| {
            PyTypeError::new_err(format!(
                "extract_many takes paths (str or os.PathLike), got {}",
                p.get_type()
            ))
        })?);
    }
    let jobs = jobs
        .filter(|&j| j > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let (tx, rx) = channel::<Done>();
    let cancel = Arc::new(AtomicBool::new(false));
    let stop = cancel.clone();
    let work = move || {
        list.into_par_iter().for_each_with(tx, |tx, path| {
            if stop.load(Ordering::Relaxed) {
                return;
            }
            let r = run(&Input::File(path.clone()), &opts).map(|p| to_json(&p));
            if tx.send((path, r)).is_err() {
                stop.store(true, Ordering::Relaxed);
            }
        })
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .map_err(|e| PyValueError::new_err(format!("cannot start {jobs} threads: {e}")))?;
    // The pool runs the work from its own thread; the iterator only receives.
    std::thread::Builder::new()
        .name("guihua-extract-many".into())
        .spawn(move || pool.install(work))
        .map_err(|e| PyValueError::new_err(format!("cannot start a thread: {e}")))?;
    Ok(ExtractMany {
        rx: Mutex::new(rx),
        cancel,
    })
}

/// What `guihua batch DIR -o OUT` would convert: `(inputs, unsupported)`,
/// where `inputs` lists `(path, relative path, output name)` — the output
/// name relative to the output folder, by the batch's naming rule — and
/// `unsupported` lists `(relative path, reason)` for every other file.
/// `out`, when inside `dir`, is not searched.
#[pyfunction]
#[pyo3(signature = (dir, out=None))]
#[allow(clippy::type_complexity)]
fn batch_inputs(
    dir: PathBuf,
    out: Option<PathBuf>,
) -> PyResult<(Vec<(String, String, String)>, Vec<(String, String)>)> {
    // (Odd entries batch records as failed — unreadable, broken links — are
    // left out here.)
    let guihua::batch::Scan {
        inputs,
        unsupported,
        ..
    } = guihua::batch::scan(&dir, out.as_deref())
        .map_err(|e| PyValueError::new_err(format!("{}: {e}", dir.display())))?;
    let names = guihua::batch::output_names(&dir, &inputs);
    let rel = |p: &Path| {
        p.strip_prefix(&dir)
            .unwrap_or(p)
            .to_string_lossy()
            .into_owned()
    };
    Ok((
        inputs
            .iter()
            .zip(&names)
            .map(|(p, n)| {
                (
                    p.to_string_lossy().into_owned(),
                    rel(p),
                    n.to_string_lossy().into_owned(),
                )
            })
            .collect(),
        unsupported
            .iter()
            .map(|(p, why)| (rel(p), why.clone()))
            .collect(),
    ))
}

/// The tidy tables of `docs`, a JSON array of `[id, plan]` pairs: a list of
/// `(name, [(column, kind)], rows)` with rows as tuples, in the order
/// outline, boxes, indicators, projects. `guihua.to_frames` wraps it.
#[pyfunction]
fn _tables<'py>(py: Python<'py>, docs: &str) -> PyResult<Bound<'py, PyList>> {
    let docs: Vec<(String, serde_json::Value)> =
        serde_json::from_str(docs).map_err(|e| PyValueError::new_err(format!("documents: {e}")))?;
    let mut plans = Vec::with_capacity(docs.len());
    for (id, v) in docs {
        let plan: Plan = serde_json::from_value(v).map_err(|e| {
            PyValueError::new_err(format!("document {id:?}: not a guihua plan: {e}"))
        })?;
        plans.push((id, plan));
    }
    let tables = guihua::export::tables(plans.iter().map(|(id, p)| (id.as_str(), p)));
    let out = PyList::empty(py);
    for t in &tables {
        let columns: Vec<(&str, &str)> = t.columns.iter().map(|(c, k)| (*c, k.name())).collect();
        let rows = PyList::empty(py);
        for r in &t.rows {
            let cells = r
                .iter()
                .map(|c| cell(py, c))
                .collect::<PyResult<Vec<_>>>()?;
            rows.append(PyTuple::new(py, cells)?)?;
        }
        out.append((t.name, columns, rows))?;
    }
    Ok(out)
}

fn cell<'py>(py: Python<'py>, c: &guihua::export::Cell) -> PyResult<Bound<'py, PyAny>> {
    use guihua::export::Cell;
    Ok(match c {
        Cell::Null => py.None().into_bound(py),
        Cell::Str(s) => s.into_pyobject(py)?.into_any(),
        Cell::Int(i) => i.into_pyobject(py)?.into_any(),
        Cell::Float(x) => x.into_pyobject(py)?.into_any(),
        Cell::Bool(b) => b.into_pyobject(py)?.to_owned().into_any(),
    })
}

/// The Rust extension behind the `guihua` package (import `guihua`, not this).
#[pymodule]
fn _guihua(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("MANIFEST", guihua::batch::MANIFEST)?;
    m.add("TABLES", guihua::export::TABLES.to_vec())?;
    m.add("ExtractError", py.get_type::<ExtractError>())?;
    m.add_class::<ExtractMany>()?;
    m.add_function(wrap_pyfunction!(extract, m)?)?;
    m.add_function(wrap_pyfunction!(extract_json, m)?)?;
    m.add_function(wrap_pyfunction!(extract_many, m)?)?;
    m.add_function(wrap_pyfunction!(batch_inputs, m)?)?;
    m.add_function(wrap_pyfunction!(_tables, m)?)?;
    Ok(())
}
