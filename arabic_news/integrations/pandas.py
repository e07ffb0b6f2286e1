"""pandas bridge: analyze a text column into article columns, or into one row per mention.

Needs the ``pandas`` extra (``pip install 'arabic-news[pandas]'``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Final, Literal

from ..errors import InputTypeError, MissingDependencyError, UnknownOptionError
from ..pipeline import RecordError, analyze_many
from ..types import Article

try:
    import pandas as pd
except ImportError as _exc:  # pragma: no cover - exercised by a test that hides pandas
    raise MissingDependencyError("pandas", "pandas", "arabic_news.integrations.pandas") from _exc

__all__ = ["ARTICLE_COLUMNS", "ENTITY_COLUMNS", "analyze_frame", "article_row", "entities_frame"]

#: Columns :func:`analyze_frame` adds: two strings, then three lists of canonical names
#: (most mentioned first).
ARTICLE_COLUMNS: Final = ("headline", "statement", "people", "organizations", "places")
#: Columns of :func:`entities_frame`, after the source row's index label (column ``row``).
ENTITY_COLUMNS: Final = (
    "row",
    "label",
    "text",
    "canonical",
    "normalized",
    "start",
    "end",
    "score",
    "section",
    "section_kind",
)
Errors = Literal["raise", "coerce"]


def article_row(article: Article | None) -> dict[str, Any]:
    """Return the :data:`ARTICLE_COLUMNS` values of one Article (all ``None`` for ``None``)."""
    if article is None:
        return dict.fromkeys(ARTICLE_COLUMNS)
    return {
        "headline": article.headline,
        "statement": article.statement,
        "people": [g.canonical for g in article.people],
        "organizations": [g.canonical for g in article.organizations],
        "places": [g.canonical for g in article.places],
    }


def _check_args(df: Any, text_column: str, errors: str) -> None:
    if not isinstance(df, pd.DataFrame):
        raise InputTypeError(df, "df (a pandas DataFrame)")
    if text_column not in df.columns:
        raise UnknownOptionError(
            f"no column {text_column!r} in the DataFrame; columns: {list(df.columns)}"
        )
    if errors not in ("raise", "coerce"):
        raise UnknownOptionError(f"errors must be 'raise' or 'coerce', got {errors!r}")


def _missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # list-like cells are not missing
        return False


def _outcomes(
    df: Any, text_column: str, errors: str, workers: int, is_html: bool | None
) -> Iterator[tuple[int, Article]]:
    """Yield (position, Article) for each analyzable row, in order.

    Missing cells (None/NaN) are skipped; a bad cell raises (``errors="raise"``) or is skipped
    (``errors="coerce"``).
    """
    values = df[text_column].tolist()
    labels = df.index.tolist()
    positions = [i for i, v in enumerate(values) if not _missing(v)]
    results = analyze_many((values[i] for i in positions), workers=workers, is_html=is_html)
    try:
        for i, outcome in zip(positions, results, strict=True):
            if not isinstance(outcome, RecordError):
                yield i, outcome
            elif errors == "raise":
                what = f"row {labels[i]!r} of column {text_column!r}"
                if outcome.error == "InputTypeError":
                    raise InputTypeError(values[i], what)
                raise ValueError(f"{what}: {outcome.error}: {outcome.message}")
    finally:
        results.close()


def analyze_frame(
    df: Any,
    text_column: str,
    *,
    workers: int = 1,
    is_html: bool | None = None,
    errors: Errors = "raise",
) -> Any:
    """Return a copy of ``df`` with :data:`ARTICLE_COLUMNS` added from ``df[text_column]``.

    ``headline`` and ``statement`` are str; ``people``, ``organizations`` and ``places`` are
    lists of canonical names, most mentioned first. Missing cells give ``None`` in every new
    column. ``workers`` as in :func:`arabic_news.pipeline.analyze_many`.

    Raises:
        InputTypeError: ``df`` is not a DataFrame, or a cell is not text (``errors="raise"``;
            with ``"coerce"`` the row gets ``None``).
        UnknownOptionError: no such column, or a bad ``errors`` value.
    """
    _check_args(df, text_column, errors)
    columns: dict[str, list[Any]] = {name: [None] * len(df) for name in ARTICLE_COLUMNS}
    for i, article in _outcomes(df, text_column, errors, workers, is_html):
        for name, value in article_row(article).items():
            columns[name][i] = value
    out = df.copy()
    for name in ARTICLE_COLUMNS:
        out[name] = pd.Series(columns[name], index=df.index, dtype=object)
    return out


def _mention_rows(label: Any, article: Article, include_related: bool) -> Iterator[dict[str, Any]]:
    canonical = {(m.start, m.end): g.canonical for g in article.groups for m in g.mentions}
    mentions = list(article.entities)
    if include_related:
        mentions += article.related_entities
    for ent in sorted(mentions, key=lambda e: e.start):
        kind = article.sections[ent.section].kind if ent.section is not None else None
        yield {
            "row": label,
            "label": ent.label,
            "text": ent.text,
            "canonical": canonical.get((ent.start, ent.end)),
            "normalized": ent.normalized,
            "start": ent.start,
            "end": ent.end,
            "score": ent.score,
            "section": ent.section,
            "section_kind": kind,
        }


def entities_frame(
    df: Any,
    text_column: str,
    *,
    include_related: bool = False,
    workers: int = 1,
    is_html: bool | None = None,
    errors: Errors = "raise",
) -> Any:
    """Return a DataFrame with one row per mention in ``df[text_column]`` (:data:`ENTITY_COLUMNS`).

    ``row`` is the source row's index label; ``start``/``end`` are code-point offsets into the
    analyzed text (the cell itself for plain text); ``canonical`` is the mention's group name
    (``None`` for related mentions). Mentions in related briefs are left out unless
    ``include_related``.

    Raises:
        InputTypeError: ``df`` is not a DataFrame, or a cell is not text (``errors="raise"``).
        UnknownOptionError: no such column, or a bad ``errors`` value.
    """
    _check_args(df, text_column, errors)
    labels = df.index.tolist()
    rows: list[dict[str, Any]] = []
    for i, article in _outcomes(df, text_column, errors, workers, is_html):
        rows.extend(_mention_rows(labels[i], article, include_related))
    return _entities_table(rows)


def _entities_table(rows: list[dict[str, Any]]) -> Any:
    frame = pd.DataFrame(rows, columns=list(ENTITY_COLUMNS))
    return frame.astype(
        {
            "row": object,
            "label": object,
            "text": object,
            "canonical": object,
            "normalized": object,
            "start": "int64",
            "end": "int64",
            "score": "float64",
            "section": "Int64",
            "section_kind": object,
        }
    )
