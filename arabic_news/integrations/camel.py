"""Optional backend: camel-tools' BERT ``NERecognizer`` behind ``extract_entities``.

camel-tools (extra ``camel``) and its NER model (``camel_data -i ner-arabert``)
are looked for only when this backend is used. The model is found the way
camel-tools finds it: ``$CAMELTOOLS_DATA`` (default ``~/.camel_tools``),
``catalogue.json`` there, component ``NamedEntityRecognition``. Word-level BIO
labels are mapped to character spans with the same proclitic and quote rules
as the default backend.
"""

from __future__ import annotations

import importlib.util
import json
import os
from functools import cache
from pathlib import Path
from typing import Any, Final

from .._ner_features import word_lists, words_of
from .._ner_spans import (
    CharSpan,
    decode_bio,
    split_at_punct,
    to_char_spans,
    trim_edges,
    trim_titles,
)
from .._ner_text import ARABIC_RE, Token, chunks, tokenize
from ..errors import MissingDependencyError, ModelNotFoundError
from ..normalize import normalize
from ..types import Entity, EntityLabel

__all__ = ["CAMEL_INSTALL_HINT", "camel_data_dir", "camel_ner_model_path", "extract_entities_camel"]

#: What to run when the model is missing (camel-tools' package name for its NER model).
CAMEL_INSTALL_HINT: Final = "camel_data -i ner-arabert"
_COMPONENT: Final = "NamedEntityRecognition"
#: camel-tools' label names -> ours; anything else (MISC) is dropped.
_LABEL_MAP: Final = {"PERS": "PER", "PER": "PER", "ORG": "ORG", "LOC": "LOC"}
#: Sentences sent to the model at once.
BATCH_SIZE: Final = 32


def camel_data_dir() -> Path:
    """Return camel-tools' data folder: ``$CAMELTOOLS_DATA`` or ``~/.camel_tools``."""
    env = os.environ.get("CAMELTOOLS_DATA")
    return Path(env).expanduser().absolute() if env else Path.home() / ".camel_tools"


def camel_ner_model_path() -> Path:
    """Return the folder of the installed camel-tools NER model.

    Raises:
        ModelNotFoundError: no catalogue, no NER entry in it, or no model files.
    """
    data = camel_data_dir()
    cat = data / "catalogue.json"
    if not cat.is_file():
        raise ModelNotFoundError(
            f"camel-tools data not found in {data} (no catalogue.json); install the NER "
            f"model with `{CAMEL_INSTALL_HINT}` or set CAMELTOOLS_DATA to where it is"
        )
    try:
        comp = json.loads(cat.read_text(encoding="utf-8"))["components"][_COMPONENT]
        entry = comp["datasets"][comp["default"]]
    except (KeyError, ValueError, TypeError) as exc:
        raise ModelNotFoundError(
            f"{cat} has no {_COMPONENT} model; install it with `{CAMEL_INSTALL_HINT}`"
        ) from exc
    path = data / "data" / str(entry["path"])
    if not (path / "config.json").is_file():
        raise ModelNotFoundError(
            f"camel-tools NER model not installed at {path}; install it with `{CAMEL_INSTALL_HINT}`"
        )
    return path


@cache
def _recognizer(path: str) -> Any:
    from camel_tools.ner import NERecognizer

    return NERecognizer(path, use_gpu=False)


def extract_entities_camel(text: str) -> list[Entity]:
    """Run camel-tools' ``NERecognizer`` on ``text``; return our :class:`Entity` list.

    Raises:
        MissingDependencyError: camel-tools is not installed.
        ModelNotFoundError: its NER model is not installed.
    """
    if importlib.util.find_spec("camel_tools") is None:
        raise MissingDependencyError("camel-tools", "camel", "extract_entities(backend='camel')")
    path = camel_ner_model_path()
    if not ARABIC_RE.search(text):
        return []
    rec = _recognizer(str(path))
    sentences: list[list[Token]] = []
    for start, end in chunks(text):
        toks = tokenize(text, start, end)
        if toks:
            sentences.append(toks)
    tokens: list[Token] = []
    labels: list[str] = []
    for i in range(0, len(sentences), BATCH_SIZE):
        batch = sentences[i : i + BATCH_SIZE]
        preds = rec.predict([[t.text for t in s] for s in batch], batch_size=BATCH_SIZE)
        for toks, tags in zip(batch, preds, strict=True):
            tokens += toks
            labels += [_map_label(t) for t in tags]
    lists = word_lists()
    words = words_of(tokens, lists)
    spans = decode_bio(labels, [1.0] * len(labels))
    spans = trim_titles(trim_edges(split_at_punct(spans, words), words), words)
    return [_entity(text, sp) for sp in to_char_spans(spans, tokens, words, lists)]


def _map_label(tag: str) -> str:
    bio, _, typ = tag.partition("-")
    lab = _LABEL_MAP.get(typ)
    return f"{bio}-{lab}" if lab and bio in ("B", "I") else "O"


def _entity(text: str, sp: CharSpan) -> Entity:
    label: EntityLabel = sp.label  # type: ignore[assignment]
    surface = text[sp.start : sp.end]
    return Entity(
        text=surface,
        label=label,
        start=sp.start,
        end=sp.end,
        score=1.0,
        normalized=normalize(surface, "search"),
    )
