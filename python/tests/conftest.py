"""Shared fixtures: the repository, the CLI binary, the corpus."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"


def _cli() -> Path:
    """The release `guihua` binary: $GUIHUA_BIN, else the cargo target dir's
    (built here if it is missing)."""
    if os.environ.get("GUIHUA_BIN"):
        return Path(os.environ["GUIHUA_BIN"])
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    exe = target / "release" / "guihua"
    if not exe.exists():
        subprocess.run(["cargo", "build", "--release", "--locked", "--bin", "guihua"],
                       cwd=ROOT, check=True)
    return exe


@pytest.fixture(scope="session")
def cli() -> Path:
    return _cli()


def corpus_files() -> list:
    """Seeds, variants and the PDFs: the documents the tests convert."""
    files = sorted((CORPUS / "seeds").glob("*.txt"))
    files += sorted((CORPUS / "variants").glob("*.txt"))
    files += sorted((CORPUS / "pdf").glob("*/*.pdf"))
    return files


@pytest.fixture(scope="session")
def batch_out(tmp_path_factory, cli) -> Path:
    """The corpus (seeds, variants, PDFs) converted by `guihua batch`."""
    out = tmp_path_factory.mktemp("batch")
    for sub in ["seeds", "variants", "pdf"]:
        subprocess.run([str(cli), "batch", str(CORPUS / sub), "-o", str(out / sub)],
                       check=True, capture_output=True)
    return out


def copy_tree(files, dest: Path, base: Path) -> None:
    for f in files:
        d = dest / f.relative_to(base)
        d.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(f, d)
