"""arabic_news: raw Arabic news text in, structured data out.

``normalize`` -> ``segment`` -> ``extract`` -> :class:`Article`. Stages that load
models or parsers are imported on first use, so ``import arabic_news`` stays light.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .errors import (
    ArabicNewsError,
    DataFileError,
    InputTypeError,
    MissingDependencyError,
    ModelNotFoundError,
    UnknownOptionError,
    UnknownProfileError,
)
from .normalize import PROFILES, Normalizer, OffsetMap, normalize, normalize_with_offsets
from .types import Entity, EntityGroup, Section

if TYPE_CHECKING:
    from .extract import extract_entities, group_entities
    from .pipeline import analyze, analyze_many
    from .segment import segment, segment_html
    from .types import Article

__version__ = "0.1.0"

# name -> module that defines it, imported on first attribute access
_LAZY = {
    "Article": "types",
    "analyze": "pipeline",
    "analyze_many": "pipeline",
    "extract_entities": "extract",
    "group_entities": "extract",
    "segment": "segment",
    "segment_html": "segment",
}

__all__ = [
    "PROFILES",
    "ArabicNewsError",
    "Article",
    "DataFileError",
    "Entity",
    "EntityGroup",
    "InputTypeError",
    "MissingDependencyError",
    "ModelNotFoundError",
    "Normalizer",
    "OffsetMap",
    "Section",
    "UnknownOptionError",
    "UnknownProfileError",
    "__version__",
    "analyze",
    "analyze_many",
    "extract_entities",
    "group_entities",
    "normalize",
    "normalize_with_offsets",
    "segment",
    "segment_html",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'arabic_news' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
