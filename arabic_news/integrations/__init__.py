"""Bridges to data tools: :mod:`arabic_news.integrations.pandas` (extra ``pandas``) and
:mod:`arabic_news.integrations.dask` (extra ``dask``). Importing this package imports neither."""

from __future__ import annotations

__all__: list[str] = []
