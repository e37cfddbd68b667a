"""`guihua batch DIR -o OUT` on a Dask cluster.

Converts every input under DIR with ``guihua.extract_json`` on Dask workers
and writes what ``guihua batch`` writes: ``OUT/<folder>/<name>.json`` per
input (the batch's own naming rule, from ``guihua.batch_inputs``), byte for
byte the same, and ``OUT/manifest.jsonl`` with one line per file (path,
output, sha256, status, error, warnings, pages, ms; unsupported files listed
with the reason). An input whose output already holds its sha256 is skipped
unless ``--force``.

    python dask_batch.py DIR -o OUT                 # a LocalCluster of 2 workers
    python dask_batch.py DIR -o OUT --workers 8     # ... of 8
    python dask_batch.py DIR -o OUT --scheduler tcp://head:8786   # a real cluster

On a real cluster DIR and OUT must be the same paths on every worker (a
shared file system), and each worker needs ``pip install ./python`` (the
guihua package); start the cluster with ``dask scheduler`` on one machine and
``dask worker tcp://head:8786 --nthreads 1 --nworkers N`` on each of the
others (or dask-jobqueue / dask-kubernetes), then pass ``--scheduler``.
Exit status 0 when every input was converted or up to date, 1 otherwise.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from typing import Any, Dict, Optional

import guihua


def _output_sha(path: str) -> Optional[str]:
    """The sha256 recorded near the top of an existing output, if any."""
    try:
        with open(path, "rb") as f:
            head = f.read(4096).decode("utf-8", "replace")
    except OSError:
        return None
    i = head.find('"sha256"')
    if i < 0:
        return None
    rest = head[i + 8 :]
    q = rest.find('"')
    digits = rest[q + 1 : q + 65]
    return digits if len(digits) == 64 and all(c in "0123456789abcdef" for c in digits) else None


def convert(path: str, rel: str, output: str, out_root: str, force: bool) -> Dict[str, Any]:
    """Convert one input on a worker; returns its manifest entry."""
    t0 = time.monotonic()
    entry: Dict[str, Any] = {
        "path": rel,
        "output": None,
        "sha256": None,
        "status": "failed",
        "error": None,
        "warnings": None,
        "pages": None,
        "ms": 0,
    }

    def done() -> Dict[str, Any]:
        entry["ms"] = int((time.monotonic() - t0) * 1000)
        return entry

    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        entry["error"] = f"{path}: cannot read: {e.strerror}"
        entry["code"] = "io"
        return done()
    sha = hashlib.sha256(data).hexdigest()
    entry["sha256"] = sha
    target = os.path.join(out_root, output)
    if not force and _output_sha(target) == sha:
        entry["status"] = "skipped"
        entry["output"] = output
        return done()
    try:
        text = guihua.extract_json(path)
    except guihua.ExtractError as e:
        entry["error"] = str(e).replace("\n", " ")
        entry["code"] = getattr(e, "code", None)
        return done()
    plan = json.loads(text)
    os.makedirs(os.path.dirname(target) or ".", exist_ok=True)
    tmp = target + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="") as f:
        f.write(text)
    os.replace(tmp, target)
    entry.update(
        status="converted",
        output=output,
        warnings=len(plan["warnings"]),
        pages=plan["source"]["pages"],
    )
    return done()


def _line(entry: Dict[str, Any]) -> str:
    return json.dumps(entry, ensure_ascii=False, separators=(",", ":")) + "\n"


def run(dir: str, out: str, client: Any, force: bool = False) -> Dict[str, int]:
    """Convert every input under `dir` into `out` on the Dask `client`."""
    from distributed import as_completed

    inputs, unsupported = guihua.batch_inputs(dir, out)
    os.makedirs(out, exist_ok=True)
    counts = {"total": len(inputs), "converted": 0, "failed": 0, "skipped": 0,
              "unsupported": len(unsupported)}
    manifest = os.path.join(out, guihua.MANIFEST)
    with open(manifest + ".tmp", "w", encoding="utf-8") as m:
        for rel, why in unsupported:
            m.write(_line({"path": rel, "output": None, "sha256": None, "status": "unsupported",
                           "error": why, "code": "unsupported", "warnings": None, "pages": None, "ms": 0}))
        # One task per document; pure=False so a rerun is not served from cache.
        futures = [
            client.submit(convert, path, rel, output, os.path.abspath(out), force, pure=False)
            for path, rel, output in inputs
        ]
        for fut in as_completed(futures):
            entry = fut.result()
            counts[entry["status"]] += 1
            if entry["status"] == "failed":
                print(entry["error"], file=sys.stderr)
            m.write(_line(entry))
            m.flush()
    os.replace(manifest + ".tmp", manifest)
    return counts


def main(argv: Optional[list] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dir", help="folder of plans (searched recursively)")
    ap.add_argument("-o", "--out", required=True, help="output folder")
    ap.add_argument("--workers", type=int, default=2, help="LocalCluster workers (default 2)")
    ap.add_argument("--scheduler", help="address of a running Dask scheduler instead of a LocalCluster")
    ap.add_argument("--force", action="store_true", help="redo inputs whose output is up to date")
    args = ap.parse_args(argv)
    if not os.path.isdir(args.dir):
        print(f"dask_batch: {args.dir}: not a directory", file=sys.stderr)
        return 2

    from distributed import Client, LocalCluster

    t0 = time.monotonic()
    if args.scheduler:
        client = Client(args.scheduler)
        cluster = None
    else:
        # One single-threaded process per worker: a worker core converts one
        # document at a time, as one `guihua batch -j` thread does.
        cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1,
                               processes=True, dashboard_address=None)
        client = Client(cluster)
    try:
        counts = run(args.dir, args.out, client, force=args.force)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    secs = time.monotonic() - t0
    print(
        f"dask_batch: {counts['total']} files in {secs:.1f}s: converted {counts['converted']}, "
        f"failed {counts['failed']}, up to date {counts['skipped']}, unsupported "
        f"{counts['unsupported']}; manifest {os.path.join(args.out, guihua.MANIFEST)}",
        file=sys.stderr,
    )
    return 0 if counts["failed"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
