"""Dask bridge: the pandas bridge per partition of a Dask DataFrame, and Articles from a Bag.

Each Dask worker process loads the models once, on its first partition, and keeps them for
every later one; pointing the same code at a ``dask.distributed`` cluster needs no change.
Needs the ``dask`` extra (``pip install 'arabic-news[dask]'``).
"""

from __future__ import annotations

from typing import Any

from ..errors import InputTypeError, MissingDependencyError, UnknownOptionError
from ..pipeline import RecordError, analyze_many
from ..types import Article

try:
    import dask.bag as db
    import dask.dataframe as dd
except ImportError as _exc:  # pragma: no cover - exercised by a test that hides dask
    raise MissingDependencyError("dask", "dask", "arabic_news.integrations.dask") from _exc

from . import pandas as _pandas_bridge
from .pandas import Errors

__all__ = ["analyze_bag", "analyze_frame", "arrow_schema", "entities_frame"]


def _check(ddf: Any, text_column: str) -> None:
    if not isinstance(ddf, dd.DataFrame):
        raise InputTypeError(ddf, "ddf (a Dask DataFrame)")
    if text_column not in ddf.columns:
        raise UnknownOptionError(
            f"no column {text_column!r} in the Dask DataFrame; columns: {list(ddf.columns)}"
        )


def analyze_frame(
    ddf: Any, text_column: str, *, is_html: bool | None = None, errors: Errors = "raise"
) -> Any:
    """Return a lazy Dask DataFrame: ``ddf`` plus the article columns of
    :func:`arabic_news.integrations.pandas.analyze_frame`, computed per partition.

    Raises:
        InputTypeError: ``ddf`` is not a Dask DataFrame (bad cells raise at compute time).
        UnknownOptionError: no such column, or a bad ``errors`` value.
    """
    _check(ddf, text_column)
    meta = _pandas_bridge.analyze_frame(ddf._meta, text_column, errors=errors)
    return ddf.map_partitions(
        _pandas_bridge.analyze_frame,
        text_column,
        is_html=is_html,
        errors=errors,
        meta=meta,
        align_dataframes=False,
    )


def entities_frame(
    ddf: Any,
    text_column: str,
    *,
    include_related: bool = False,
    is_html: bool | None = None,
    errors: Errors = "raise",
) -> Any:
    """Return a lazy Dask DataFrame with one row per mention (see
    :func:`arabic_news.integrations.pandas.entities_frame`); ``row`` holds the source index.

    Raises:
        InputTypeError: ``ddf`` is not a Dask DataFrame.
        UnknownOptionError: no such column, or a bad ``errors`` value.
    """
    _check(ddf, text_column)
    meta = _pandas_bridge.entities_frame(ddf._meta, text_column, errors=errors)
    return ddf.map_partitions(
        _pandas_bridge.entities_frame,
        text_column,
        include_related=include_related,
        is_html=is_html,
        errors=errors,
        meta=meta,
        align_dataframes=False,
    )


def _analyze_partition(
    items: Any, is_html: bool | None, as_dict: bool
) -> list[Article | RecordError | dict[str, Any]]:
    out: list[Article | RecordError | dict[str, Any]] = []
    for outcome in analyze_many(list(items), is_html=is_html):
        if as_dict:
            out.append(
                {"error": outcome.to_dict(), "article": None}
                if isinstance(outcome, RecordError)
                else {"error": None, "article": outcome.to_dict()}
            )
        else:
            out.append(outcome)
    return out


def analyze_bag(bag: Any, *, is_html: bool | None = None, as_dict: bool = False) -> Any:
    """Return a lazy Bag with one Article (or RecordError) per text of ``bag``, in order.

    With ``as_dict`` each element is ``{"error": ..., "article": Article.to_dict()}`` instead,
    ready for ``.map(json.dumps).to_textfiles(...)``. A bad element gives a
    :class:`~arabic_news.pipeline.RecordError` (its ``index`` counts within its partition).

    Raises:
        InputTypeError: ``bag`` is not a Dask Bag.
    """
    if not isinstance(bag, db.Bag):
        raise InputTypeError(bag, "bag (a Dask Bag)")
    lazy: Any = bag
    return lazy.map_partitions(_analyze_partition, is_html, as_dict)


def arrow_schema(ddf: Any) -> Any:
    """Return the ``pyarrow.Schema`` to pass as ``to_parquet(..., schema=)`` for a Dask
    DataFrame from :func:`analyze_frame` (Dask cannot infer list columns from its metadata).

    ``people``, ``organizations`` and ``places`` are ``list<string>``; other object and string
    columns ``string``; the rest follow their NumPy dtype.

    Raises:
        InputTypeError: ``ddf`` is not a Dask DataFrame.
    """
    if not isinstance(ddf, dd.DataFrame):
        raise InputTypeError(ddf, "ddf (a Dask DataFrame)")
    import pandas as pd
    import pyarrow as pa

    fields = []
    for name, dtype in ddf._meta.dtypes.items():
        if name in ("people", "organizations", "places"):
            kind = pa.list_(pa.string())
        elif pd.api.types.is_object_dtype(dtype) or pd.api.types.is_string_dtype(dtype):
            kind = pa.string()
        else:
            kind = pa.from_numpy_dtype(dtype)
        fields.append(pa.field(str(name), kind))
    return pa.schema(fields)
