"""The Dask example converts a folder as `guihua batch` does: same outputs, same manifest."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import CORPUS, ROOT, copy_tree

EXAMPLE = ROOT / "python" / "examples" / "dask_batch.py"


def manifest(out: Path):
    """Manifest entries by path, without the timing."""
    lines = (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    entries = {}
    for line in lines:
        e = json.loads(line)
        e.pop("ms")
        entries[e["path"]] = e
    assert len(entries) == len(lines)
    return entries


def outputs(out: Path):
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*.json"))}


def test_dask_example_writes_what_batch_writes(cli, tmp_path):
    src = tmp_path / "in"
    files = sorted((CORPUS / "seeds").glob("*.txt")) + sorted((CORPUS / "variants").glob("*.txt"))
    files += sorted((CORPUS / "pdf").glob("*/*.pdf"))
    copy_tree(files, src, CORPUS)
    # A name clash (plan.txt beside plan.pdf), a broken PDF and a file batch does not read.
    pdf = sorted((CORPUS / "pdf" / "lo").glob("*.pdf"))[0]
    (src / "seeds" / pdf.name).write_bytes(pdf.read_bytes())
    (src / "seeds" / "broken.pdf").write_bytes(b"%PDF-1.7\nbroken")
    (src / "notes.doc").write_bytes(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + b"\0" * 100)

    by_cli, by_dask = tmp_path / "cli", tmp_path / "dask"
    r = subprocess.run([str(cli), "batch", str(src), "-o", str(by_cli), "-j", "2"],
                       capture_output=True, text=True)
    assert r.returncode == 1, r.stderr  # the broken PDF
    r = subprocess.run([sys.executable, str(EXAMPLE), str(src), "-o", str(by_dask)],
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 1, r.stderr
    good = len(files) + 1
    assert "broken.pdf" in r.stderr and f"converted {good}," in r.stderr, r.stderr

    want = outputs(by_cli)
    assert len(want) == good  # every input but the broken one
    assert outputs(by_dask) == want  # byte for byte
    m = manifest(by_dask)
    assert m == manifest(by_cli)
    assert m["notes.doc"]["status"] == "unsupported"
    assert m["seeds/broken.pdf"]["status"] == "failed"
    assert "seeds/broken.pdf" in m["seeds/broken.pdf"]["error"]
    assert m[f"seeds/{pdf.name}"]["output"] == f"seeds/{pdf.name}.json"

    # A second run finds everything up to date.
    r = subprocess.run([sys.executable, str(EXAMPLE), str(src), "-o", str(by_dask)],
                       capture_output=True, text=True, timeout=600)
    assert f"up to date {good}," in r.stderr, r.stderr
    assert outputs(by_dask) == want
