"""guihua (规划): Chinese government plan documents to structured JSON.

The extraction runs in the Rust library that the ``guihua`` command also
uses, so the results are the command's, to the byte:

- :func:`extract` — one document (a path or bytes) to a dict, the JSON of
  ``guihua extract``;
- :func:`extract_json` — the same as the JSON text the command writes;
- :func:`extract_many` — many documents in parallel, in Rust, yielding
  ``(path, result)`` as each finishes;
- :func:`to_frames` — the tidy tables ``outline``, ``boxes``, ``indicators``
  and ``projects`` as pandas DataFrames (the columns of ``guihua export``);
- :func:`batch_inputs` — what ``guihua batch`` would convert under a folder,
  and the output name of each (for running a batch on a cluster);
- :class:`ExtractError` — raised (or, from ``extract_many``, yielded) for a
  document that cannot be read; ``path``, ``kind``, ``page``, ``line``.
"""

from __future__ import annotations

import json
from typing import Any, Dict, Iterable, Mapping, Union

from ._guihua import (
    MANIFEST,
    TABLES,
    ExtractError,
    ExtractMany,
    __version__,
    _tables,
    batch_inputs,
    extract,
    extract_json,
    extract_many,
)

__all__ = [
    "MANIFEST",
    "TABLES",
    "ExtractError",
    "ExtractMany",
    "__version__",
    "batch_inputs",
    "extract",
    "extract_json",
    "extract_many",
    "to_frames",
]

# pandas dtypes for the column kinds of the Rust tables: nullable integers and
# booleans, so an empty cell stays missing instead of turning a column to float.
_DTYPES = {"int": "Int64", "bool": "boolean", "float": "float64", "str": "object"}


def to_frames(
    docs: Union[Mapping[str, Dict[str, Any]], Iterable[Dict[str, Any]]],
) -> Dict[str, "pandas.DataFrame"]:  # noqa: F821
    """The tidy tables of extracted plans, as pandas DataFrames.

    ``docs`` is a mapping from document id to plan (as :func:`extract`
    returns it), or an iterable of plans, whose ids are then their
    ``source.path``. Returns ``{"outline", "boxes", "indicators",
    "projects"}`` → DataFrame, one row per heading, box item (a box without
    items gets one row), indicator and project; every table starts with
    ``document``, ``file``, ``region``, ``admin_level``, ``period_start``,
    ``period_end`` and ends with ``page``, ``line_start``, ``line_end``.
    The columns are those of ``guihua export OUT_DIR --to csv``, computed by
    the same Rust code.
    """
    import pandas as pd

    if isinstance(docs, Mapping):
        pairs = [[str(k), v] for k, v in docs.items()]
    else:
        pairs = [[d.get("source", {}).get("path", ""), d] for d in docs]
    frames = {}
    for name, columns, rows in _tables(json.dumps(pairs, ensure_ascii=False)):
        names = [c for c, _ in columns]
        df = pd.DataFrame.from_records(rows, columns=names)
        frames[name] = df.astype({c: _DTYPES[k] for c, k in columns})
    return frames
