"""The default backend's sequence model: a python-crfsuite CRF shipped as data."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Final

from ._resources import read_bytes
from .errors import DataFileError

__all__ = ["MODEL_FILE", "crf_marginals", "tagger"]

MODEL_FILE: Final = "ner/crf.model"
#: The labels the model must know: BIO over PER, ORG, LOC.
EXPECTED_LABELS: Final[frozenset[str]] = frozenset(
    {"O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC"}
)


_MODEL_BYTES: list[bytes] = []


@cache
def tagger() -> object:
    """Load the shipped CRF once (from memory, so a zipped install works too).

    Raises:
        DataFileError: the model is missing or does not have the expected labels.
    """
    import pycrfsuite

    t = pycrfsuite.Tagger()
    # crfsuite reads the weights in place: the buffer must live as long as the tagger
    _MODEL_BYTES.append(read_bytes(MODEL_FILE))
    try:
        t.open_inmemory(_MODEL_BYTES[-1])
    except (ValueError, OSError) as exc:
        raise DataFileError(f"arabic_news data file {MODEL_FILE!r} is not a CRF model") from exc
    labels = set(t.labels())
    if not labels <= EXPECTED_LABELS or "O" not in labels:
        raise DataFileError(f"{MODEL_FILE}: unexpected labels {sorted(labels)}")
    return t


#: A token whose marginal probability of "O" is at least this gets the rest
#: spread evenly over the other labels instead of six more marginal calls (it
#: cannot change which label wins; it makes tagging ~15% faster).
SURE_O: Final = 0.98


def crf_marginals(features: list[list[str]], labels: Sequence[str]) -> list[list[float]]:
    """Return each token's marginal probability of each of ``labels`` (0 for a
    label the model does not know; see :data:`SURE_O`). ``labels[0]`` must be "O"."""
    t = tagger()
    t.set(features)  # type: ignore[attr-defined]
    marginal = t.marginal  # type: ignore[attr-defined]
    known = [lab in _known_labels() for lab in labels[1:]]
    n_known = sum(known)
    out = []
    for i in range(len(features)):
        p_o = marginal("O", i)
        if p_o >= SURE_O:
            share = (1.0 - p_o) / n_known
            out.append([p_o] + [share if k else 0.0 for k in known])
        else:
            out.append(
                [p_o]
                + [marginal(lab, i) if k else 0.0 for lab, k in zip(labels[1:], known, strict=True)]
            )
    return out


@cache
def _known_labels() -> frozenset[str]:
    return frozenset(tagger().labels())  # type: ignore[attr-defined]
