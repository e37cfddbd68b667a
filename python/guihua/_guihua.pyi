"""Type stubs of the Rust extension module behind ``guihua``."""

import os
from typing import Any, Dict, Iterable, Iterator, List, Optional, Tuple, Union

__version__: str
MANIFEST: str
TABLES: List[str]

_Source = Union[str, "os.PathLike[str]", bytes, bytearray, memoryview]
_Plan = Dict[str, Any]

class ExtractError(Exception):
    """A document could not be extracted; ``str(e)`` names the file."""

    path: str
    """The file (``input.<format>`` for bytes)."""
    kind: str
    """``input``, ``pdf``, ``docx``, ``unsupported`` or ``internal``."""
    code: str
    """The stable short code the batch manifest records (``password-required``,
    ``limit-pages``, ``malformed`` …)."""
    page: Optional[int]
    """The page where known."""
    line: Optional[int]
    """The line where known."""

class ExtractMany(Iterator[Tuple[str, Union[_Plan, ExtractError]]]):
    """``(path, plan or ExtractError)`` pairs in the order documents finish."""

    def __iter__(self) -> "ExtractMany": ...
    def __next__(self) -> Tuple[str, Union[_Plan, ExtractError]]: ...

def extract(
    source: _Source,
    *,
    format: Optional[str] = None,
    ocr: str = "auto",
    password: Optional[str] = None,
) -> _Plan:
    """One document (path or bytes) to the JSON of ``guihua extract`` as dicts."""

def extract_json(
    source: _Source,
    *,
    format: Optional[str] = None,
    ocr: str = "auto",
    password: Optional[str] = None,
) -> str:
    """One document to the JSON text ``guihua extract`` writes."""

def extract_many(
    paths: Iterable[Union[str, "os.PathLike[str]"]],
    jobs: Optional[int] = None,
    *,
    ocr: str = "auto",
    password: Optional[str] = None,
) -> ExtractMany:
    """Documents in parallel in Rust; ``(path, plan or ExtractError)`` as each finishes."""

def batch_inputs(
    dir: Union[str, "os.PathLike[str]"],
    out: Optional[Union[str, "os.PathLike[str]"]] = None,
) -> Tuple[List[Tuple[str, str, str]], List[Tuple[str, str]]]:
    """``guihua batch``'s inputs ``(path, relative path, output name)`` and unsupported files ``(relative path, reason)``."""

def _tables(docs: str) -> List[Tuple[str, List[Tuple[str, str]], List[Tuple[Any, ...]]]]: ...
