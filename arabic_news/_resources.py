"""Load files shipped under ``arabic_news/data/`` through ``importlib.resources``.

Every loader caches: a data file is read and checked once per process.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any, TypeVar

from .errors import DataFileError

__all__ = ["data_path", "load_arrays", "load_json", "read_bytes", "read_text"]

_T = TypeVar("_T")


def data_path(name: str) -> Traversable:
    """Return the Traversable for ``arabic_news/data/<name>`` (``/`` separates folders).

    Raises:
        DataFileError: the file is not in the installed package.
    """
    node = resources.files("arabic_news").joinpath("data")
    for part in name.split("/"):
        node = node.joinpath(part)
    if not node.is_file():
        raise DataFileError(f"arabic_news data file {name!r} is missing from the installed package")
    return node


def read_bytes(name: str) -> bytes:
    """Return the raw bytes of a shipped data file."""
    return data_path(name).read_bytes()


def read_text(name: str) -> str:
    """Return a shipped data file decoded as UTF-8."""
    return data_path(name).read_text(encoding="utf-8")


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise DataFileError(f"duplicate key {key!r} in a shipped JSON file")
        out[key] = value
    return out


@cache
def load_json(name: str) -> Any:
    """Parse a shipped JSON file once, rejecting duplicate keys.

    Raises:
        DataFileError: missing file, invalid JSON or a duplicate key.
    """
    try:
        return json.loads(read_text(name), object_pairs_hook=_no_duplicate_keys)
    except json.JSONDecodeError as exc:
        raise DataFileError(f"arabic_news data file {name!r} is not valid JSON: {exc}") from exc


def load_arrays(name: str, what: str, build: Callable[[dict[str, Any]], _T]) -> _T:
    """Return ``build`` applied to the arrays of a shipped ``.npz`` file (read in
    memory, so a zipped install works too; not cached: ``build``'s caller caches).

    Raises:
        DataFileError: missing file, not an ``.npz``, or ``build`` rejects the arrays
            (ValueError, KeyError): the message says the file is not ``what``.
    """
    import io

    import numpy as np

    try:
        with np.load(io.BytesIO(read_bytes(name)), allow_pickle=False) as z:
            arrays = {k: z[k] for k in z.files}
        return build(arrays)
    except (ValueError, KeyError, OSError) as exc:
        raise DataFileError(f"arabic_news data file {name!r} is not {what}") from exc
