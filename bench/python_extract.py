#!/usr/bin/env python3
"""guihua from Python, three ways, in one run on the same files.

1. ``guihua.extract_many`` (Rust threads, GIL released) with 1 and 2 jobs;
2. the CLI once per file from Python (``subprocess.run([guihua, "extract", f])``),
   the way a script shells out today;
3. PyMuPDF's ``page.get_text()`` over the same PDFs: text only, no structure,
   a floor for "just reading the PDF".

Files: every input ``guihua batch`` reads under corpus/ and ../shared/corpus
(and, with ``--peers N``, the first N PDFs of ../shared/pdfs/peers). Each
timing is the best of ``--repeat`` runs (default 3). Needs the package
(``pip install ./python``), pymupdf, and the release CLI (``cargo build
--release``; ``$GUIHUA_BIN`` or ``$CARGO_TARGET_DIR`` say where).

    python3 bench/python_extract.py [--repeat 3] [--peers 0]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import guihua

ROOT = Path(__file__).resolve().parents[1]


def cpu() -> float:
    """CPU seconds of this process (all its threads) and its finished children."""
    s = resource.getrusage(resource.RUSAGE_SELF)
    c = resource.getrusage(resource.RUSAGE_CHILDREN)
    return s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime


def best(fn, repeat: int) -> tuple:
    """Best wall-clock seconds and best CPU seconds of `repeat` runs (CPU time
    holds steady when other work shares the machine; wall time does not)."""
    walls, cpus = [], []
    for _ in range(repeat):
        t, c = time.perf_counter(), cpu()
        fn()
        walls.append(time.perf_counter() - t)
        cpus.append(cpu() - c)
    return min(walls), min(cpus)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--peers", type=int, default=0, help="add the first N peer PDFs")
    args = ap.parse_args()

    import pymupdf

    cli = os.environ.get("GUIHUA_BIN") or str(
        Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target")) / "release" / "guihua")
    if not Path(cli).exists():
        print(f"no CLI at {cli}: cargo build --release first", file=sys.stderr)
        return 2
    files = [p for d in [ROOT / "corpus", ROOT.parent / "shared" / "corpus"] if d.is_dir()
             for p, _, _ in guihua.batch_inputs(str(d))[0]]
    peers = ROOT.parent / "shared" / "pdfs" / "peers"
    if args.peers and peers.is_dir():
        files += sorted(str(p) for p in peers.rglob("*.pdf"))[: args.peers]
    pdfs = [f for f in files if f.lower().endswith(".pdf")]
    mb = sum(os.path.getsize(f) for f in files) / 1e6
    pdf_pages = 0
    for f in pdfs:
        with pymupdf.open(f) as d:
            pdf_pages += d.page_count
    print(f"{len(files)} files ({mb:.1f} MB), of which {len(pdfs)} PDFs ({pdf_pages} pages); "
          f"best of {args.repeat}; {os.cpu_count()} cores", flush=True)

    def many(paths, jobs):
        def run():
            n = 0
            for _, r in guihua.extract_many(paths, jobs=jobs):
                n += 1
            assert n == len(paths)
        return run

    def per_file_cli(paths):
        def run():
            for f in paths:
                # A failing file exits 1; that is still one call's work.
                subprocess.run([cli, "extract", f], capture_output=True)
        return run

    def mupdf_text(paths):
        def run():
            for f in paths:
                with pymupdf.open(f) as d:
                    for page in d:
                        page.get_text()
        return run

    rows = []
    t_many1 = best(many(files, 1), args.repeat)
    t_many2 = best(many(files, 2), args.repeat)
    t_cli = best(per_file_cli(files), args.repeat)
    rows += [("all files", "extract_many jobs=1", t_many1),
             ("all files", "extract_many jobs=2", t_many2),
             ("all files", "CLI once per file (subprocess)", t_cli)]
    p_many1 = best(many(pdfs, 1), args.repeat)
    p_many2 = best(many(pdfs, 2), args.repeat)
    p_cli = best(per_file_cli(pdfs), args.repeat)
    p_mupdf = best(mupdf_text(pdfs), args.repeat)
    rows += [("PDFs", "extract_many jobs=1", p_many1),
             ("PDFs", "extract_many jobs=2", p_many2),
             ("PDFs", "CLI once per file (subprocess)", p_cli),
             ("PDFs", "PyMuPDF get_text, 1 thread (text only)", p_mupdf)]
    print(f"{'files':10} {'how':42} {'wall s':>8} {'files/s':>8} {'CPU s':>8}")
    for what, how, (wall, c) in rows:
        n = len(files) if what == "all files" else len(pdfs)
        print(f"{what:10} {how:42} {wall:8.3f} {n / wall:8.1f} {c:8.3f}")
    r = lambda a, b: f"{a[0] / b[0]:.2f} wall, {a[1] / b[1]:.2f} CPU"  # noqa: E731
    print(f"CLI once per file / extract_many(1 job): {r(t_cli, t_many1)} (all files); "
          f"{r(p_cli, p_many1)} (PDFs)")
    print(f"extract_many 1 job / 2 jobs: {t_many1[0] / t_many2[0]:.2f} wall")
    print(f"extract_many(1 job) / PyMuPDF get_text: {r(p_many1, p_mupdf)} (PDFs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
