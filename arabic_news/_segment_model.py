"""Step 7 of the segmenter: tag lines with the shipped CRF (python-crfsuite).

The model file ``data/segment/lines.crfsuite`` is built by
``scripts/train_segmenter.py``; its labels are the four section kinds. One
tagger is opened per thread (a crfsuite tagger keeps state between calls).
"""

from __future__ import annotations

import threading
from typing import Any, Final

from ._resources import read_bytes
from .errors import DataFileError
from .types import SECTION_KINDS

__all__ = ["MODEL_FILE", "marginals", "runner_up", "tag_lines"]

MODEL_FILE: Final[str] = "segment/lines.crfsuite"
_local = threading.local()


def _tagger() -> object:
    tagger = getattr(_local, "tagger", None)
    if tagger is None:
        import pycrfsuite

        tagger = pycrfsuite.Tagger()
        # crfsuite reads the model in place: the buffer must live as long as the tagger.
        _local.model = read_bytes(MODEL_FILE)
        try:
            tagger.open_inmemory(_local.model)
        except (OSError, ValueError) as exc:  # pragma: no cover - corrupt file
            raise DataFileError(f"{MODEL_FILE}: cannot be opened by crfsuite: {exc}") from exc
        unknown = set(tagger.labels()) - set(SECTION_KINDS)
        if unknown:
            raise DataFileError(f"{MODEL_FILE}: labels {sorted(unknown)} are not section kinds")
        _local.tagger = tagger
    return tagger


def tag_lines(features: list[list[str]]) -> list[str]:
    """Return one section kind per line for the lines' CRF ``features`` (empty in, empty out).

    Raises:
        DataFileError: the model file is missing, unreadable or has unknown labels.
    """
    if not features:
        return []
    tagger = _tagger()
    labels: list[str] = tagger.tag(features)  # type: ignore[attr-defined]
    return labels


def runner_up(positions: list[int], exclude: str) -> list[str]:
    """Return, for each line position of the sequence just tagged, its likeliest kind other than ``exclude``.

    Must follow :func:`tag_lines` in the same thread (the tagger keeps that sequence).
    """
    tagger: Any = _tagger()
    labels = [k for k in tagger.labels() if k != exclude]
    return [max(labels, key=lambda k: tagger.marginal(k, i)) for i in positions]


def marginals(positions: list[int], label: str) -> list[float]:
    """Return P(``label``) at each line position of the sequence just tagged (same thread)."""
    tagger: Any = _tagger()
    return [float(tagger.marginal(label, i)) for i in positions]
