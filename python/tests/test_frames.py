"""to_frames: one row per item of the JSON, the same table as `guihua export`."""

from __future__ import annotations

import json
import math
import subprocess

import pandas as pd

import guihua


def outputs(out):
    """Every output under `out` by id (path below `out` without .json)."""
    return {
        p.relative_to(out).as_posix()[: -len(".json")]: json.loads(p.read_text(encoding="utf-8"))
        for p in sorted(out.rglob("*.json"))
    }


def test_frames_have_a_row_per_item(batch_out):
    docs = outputs(batch_out)
    assert len(docs) >= 15
    frames = guihua.to_frames(docs)
    assert list(frames) == guihua.TABLES == ["outline", "boxes", "indicators", "projects"]
    want = {
        "outline": sum(len(d["outline"]) for d in docs.values()),
        "boxes": sum(max(1, len(b["items"])) for d in docs.values() for b in d["boxes"]),
        "indicators": sum(len(d["indicators"]) for d in docs.values()),
        "projects": sum(len(d["projects"]) for d in docs.values()),
    }
    assert all(n > 0 for n in want.values()), want
    for name, df in frames.items():
        assert len(df) == want[name], name
        assert list(df.columns[:6]) == ["document", "file", "region", "admin_level",
                                        "period_start", "period_end"]
        assert list(df.columns[-3:]) == ["page", "line_start", "line_end"]
    ind = frames["indicators"]
    assert str(ind["target_value"].dtype) == "float64"
    assert str(ind["page"].dtype) == "Int64" and str(ind["target_approx"].dtype) == "boolean"
    # Per document and per row, the values are the JSON's.
    for doc_id, d in docs.items():
        rows = ind[ind["document"] == doc_id]
        assert len(rows) == len(d["indicators"])
        for (_, row), i in zip(rows.iterrows(), d["indicators"]):
            assert row["name"] == i["name"]
            t = (i["target"] or {}).get("value")
            assert (t is None and pd.isna(row["target_value"])) or math.isclose(row["target_value"], t)
            assert row["line_start"] == i["span"]["line_start"]
        assert (rows["region"] == d["meta"]["region"]).all() or d["meta"]["region"] is None
    # A list of plans is keyed by their source path.
    one = next(iter(docs.values()))
    f = guihua.to_frames([one])
    assert set(f["outline"]["document"]) == {one["source"]["path"]}


def _csv_text(v) -> str:
    """A frame cell as `guihua export` writes it."""
    if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
        return ""
    if isinstance(v, bool) or type(v).__name__ == "bool_":
        return "true" if v else "false"
    if isinstance(v, float):
        # Rust prints floats in full, without a trailing ".0".
        return str(int(v)) if v.is_integer() else repr(v)
    return str(v)


def test_frames_equal_the_cli_export(batch_out, cli, tmp_path):
    r = subprocess.run([str(cli), "export", str(batch_out), "--to", "csv", "-o", str(tmp_path)],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    frames = guihua.to_frames(outputs(batch_out))
    for name, df in frames.items():
        csv = pd.read_csv(tmp_path / f"{name}.csv", encoding="utf-8-sig", dtype=str,
                          keep_default_na=False)
        assert list(csv.columns) == list(df.columns)
        got = [[_csv_text(v) for v in row] for row in df.astype(object).itertuples(index=False)]
        assert got == csv.values.tolist(), name
