"""extract / extract_json / extract_many against the CLI's JSON."""

from __future__ import annotations

import json
import re
import subprocess
import threading
import time

import pytest

import guihua
from conftest import CORPUS, ROOT, corpus_files


def cli_json(cli, path) -> str:
    r = subprocess.run([str(cli), "extract", str(path)], capture_output=True, check=True)
    return r.stdout.decode("utf-8")


@pytest.mark.parametrize("path", [
    CORPUS / "seeds" / "000_bcb06eedc5e15154.txt",
    CORPUS / "pdf" / "lo" / "001_b3f5121ee16d8fba.pdf",
    CORPUS / "pdf" / "legacy-gbk" / "003_08fcdae4f348d3f7.pdf",
], ids=["seed-text", "pdf-lo", "pdf-gbk"])
def test_extract_equals_the_cli(cli, path):
    want = cli_json(cli, path)
    doc = guihua.extract(str(path))
    assert doc == json.loads(want)
    assert doc["outline"], "the document has headings"
    # The JSON text is the CLI's to the byte; a pathlib.Path works as well.
    assert guihua.extract_json(path) == want
    if path.suffix == ".pdf":
        assert doc["source"]["format"] == "pdf" and doc["source"]["pages"] > 0
        assert all(h["span"]["page"] for h in doc["outline"])


def test_extract_bytes_names_the_format(cli):
    path = CORPUS / "pdf" / "lo" / "001_b3f5121ee16d8fba.pdf"
    want = json.loads(cli_json(cli, path))
    data = path.read_bytes()
    for doc, name in [(guihua.extract(data, format="pdf"), "input.pdf"),
                      (guihua.extract(bytearray(data)), "input"),
                      (guihua.extract(memoryview(data), format=".pdf"), "input.pdf")]:
        assert doc["source"]["path"] == name
        doc["source"]["path"] = want["source"]["path"]
        assert doc == want
    text = (CORPUS / "seeds" / "001_b3f5121ee16d8fba.txt").read_bytes()
    assert guihua.extract(text, format="txt")["source"]["format"] == "text"


def test_bad_input_raises_extract_error_with_the_path(tmp_path):
    missing = tmp_path / "missing.pdf"
    with pytest.raises(guihua.ExtractError) as e:
        guihua.extract(str(missing))
    assert e.value.path == str(missing) and str(missing) in str(e.value)
    assert e.value.kind == "input" and e.value.page is None and e.value.line is None

    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n")
    with pytest.raises(guihua.ExtractError) as e:
        guihua.extract(broken)
    assert e.value.path == str(broken) and e.value.kind == "pdf"
    assert str(e.value).startswith(f"{broken}: ")

    old = tmp_path / "plan.doc"
    old.write_bytes(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + b"\0" * 600)
    with pytest.raises(guihua.ExtractError, match="convert it to .docx or PDF") as e:
        guihua.extract(old)
    assert e.value.kind == "unsupported"

    with pytest.raises(guihua.ExtractError) as e:
        guihua.extract(b"", format="txt")
    assert e.value.path == "input.txt"
    # ExtractError is an Exception, so a plain `except Exception` catches it.
    assert issubclass(guihua.ExtractError, Exception)
    with pytest.raises(ValueError):
        guihua.extract(str(broken), ocr="sometimes")
    with pytest.raises(TypeError):
        guihua.extract(42)


def test_extract_many_keeps_going_past_bad_files(tmp_path):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.7\nnot really a pdf")
    good = corpus_files()
    paths = [str(p) for p in good[:3]] + [str(bad), str(tmp_path / "gone.txt")] + \
        [str(p) for p in good[3:]]
    seen = {}
    for path, result in guihua.extract_many(paths, jobs=2):
        assert path not in seen
        seen[path] = result
    assert sorted(seen) == sorted(paths)
    for p in paths:
        r = seen[p]
        if p in (str(bad), str(tmp_path / "gone.txt")):
            assert isinstance(r, guihua.ExtractError) and r.path == p and p in str(r)
        else:
            assert isinstance(r, dict), (p, r)
            assert r == guihua.extract(p)


def test_extract_many_releases_the_gil_and_stops_when_dropped():
    files = [str(p) for p in corpus_files()] * 3
    ticks = []
    stop = threading.Event()

    def tick():
        while not stop.is_set():
            ticks.append(time.monotonic())
            time.sleep(0.001)

    t = threading.Thread(target=tick)
    t.start()
    t0 = time.monotonic()
    n = sum(1 for _ in guihua.extract_many(files, jobs=1))
    elapsed = time.monotonic() - t0
    stop.set()
    t.join()
    assert n == len(files)
    # The ticking thread ran all along: the GIL was not held while waiting.
    assert len(ticks) > 0.2 * elapsed / 0.001 / 5, (len(ticks), elapsed)
    # An iterator abandoned early is fine.
    it = guihua.extract_many(files, jobs=2)
    next(it)
    del it


def test_version_is_cargos():
    cargo = (ROOT / "Cargo.toml").read_text(encoding="utf-8")
    m = re.search(r'\[workspace\.package\]\s*version\s*=\s*"([^"]+)"', cargo)
    assert m and guihua.__version__ == m.group(1)
