"""arabic_news: raw Arabic news text in, structured data out.

``normalize`` -> ``segment`` -> ``extract`` -> :class:`Article`. Models, parsers and
optional backends load on first use, so ``import arabic_news`` stays light.

The functions ``normalize`` and ``segment`` shadow their modules as attributes of
the package: import module contents with ``from arabic_news.segment import ...``.
"""

from __future__ import annotations

from .errors import (
    ArabicNewsError,
    DataFileError,
    InputTypeError,
    MissingDependencyError,
    ModelNotFoundError,
    UnknownOptionError,
    UnknownProfileError,
)
from .extract import extract_entities, group_entities
from .normalize import PROFILES, Normalizer, OffsetMap, normalize, normalize_with_offsets
from .pipeline import RecordError, analyze, analyze_many
from .segment import segment, segment_html
from .types import Article, Entity, EntityGroup, Section

__version__ = "0.1.0"

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
    "RecordError",
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
