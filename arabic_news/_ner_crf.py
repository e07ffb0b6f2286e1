"""The default backend's sequence model: a linear-chain CRF run with numpy.

scripts/train_ner.py trains it with python-crfsuite and exports its weights to
``data/ner/crf.npz``: one row of label weights per attribute (feature string) the
extractor can emit, and the label-to-label transition weights. Marginals are computed
by forward-backward, as crfsuite computes them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from functools import cache
from itertools import chain, repeat
from typing import Any, Final

from ._ner_nn import LABELS
from ._resources import load_arrays
from .errors import DataFileError

__all__ = ["MODEL_FILE", "RESCALE", "SURE_O", "Crf", "crf"]

MODEL_FILE: Final = "ner/crf.npz"
#: A token whose marginal probability of "O" is at least this gets the rest spread
#: evenly over the other labels (as the crfsuite-based extractor, whose figures and
#: CRF weight were measured so, did to save marginal calls; it never changes which
#: label wins a token).
SURE_O: Final = 0.98
#: Forward-backward messages are rescaled every this many tokens (a message shrinks
#: by at most ~e^-22 and grows by at most 14x per token: far from float64's limits).
RESCALE: Final = 8


class Crf:
    """Weights of the shipped CRF, in :data:`LABELS` order."""

    def __init__(self, arrays: dict[str, Any]) -> None:
        import numpy as np

        meta = json.loads(bytes(arrays["meta"]).decode("utf-8"))
        if tuple(meta["labels"]) != LABELS:
            raise DataFileError(f"{MODEL_FILE}: unexpected labels {meta['labels']}")
        attrs = meta["attrs"]
        state = np.asarray(arrays["state"], dtype=np.float64)
        trans = np.asarray(arrays["trans"], dtype=np.float64)
        if state.shape != (len(attrs), len(LABELS)) or trans.shape != (len(LABELS),) * 2:
            raise DataFileError(f"{MODEL_FILE}: arrays do not match its attributes and labels")
        #: attribute -> row of :attr:`state`; row 0 (zeros) stands for an unknown one
        self.index: dict[str, int] = dict(zip(attrs, range(1, len(attrs) + 1), strict=True))
        self.state = np.concatenate([np.zeros((1, len(LABELS))), state])
        #: exp(transition weights) (from x to label), scaled to at most 1
        self.trans = np.exp(trans - trans.max())
        n = len(LABELS)
        # both directions at once: forward messages in the first half, backward in the second
        self._trans2 = np.zeros((2 * n, 2 * n))
        self._trans2[:n, :n] = self.trans
        self._trans2[n:, n:] = self.trans.T

    def add_attributes(self, attrs: Iterable[str]) -> None:
        """Give each of ``attrs`` it does not know a row of zeros (so that another
        model's features can share :attr:`index`)."""
        import numpy as np

        new = [a for a in dict.fromkeys(attrs) if a not in self.index]
        self.index.update(zip(new, range(len(self.state), len(self.state) + len(new)), strict=True))
        self.state = np.concatenate([self.state, np.zeros((len(new), len(LABELS)))])

    def rows(self, features: Sequence[Sequence[str]]) -> Any:
        """Return the :attr:`index` rows of every token's features, one after another."""
        import numpy as np

        return np.array(list(map(self.index.get, chain.from_iterable(features), repeat(0))))

    def scores(self, rows: Any, starts: Any) -> Any:
        """Return each token's label scores (tokens x labels) from its feature rows
        (token i's from ``starts[i]``; each token has at least one)."""
        import numpy as np

        # np.take gathers rows ~3x faster than indexing (the same copy)
        return np.add.reduceat(np.take(self.state, rows, axis=0), starts)

    def exact_marginals(self, scores: Any) -> Any:
        """Return the (tokens x labels) marginal probabilities of one chunk from its
        tokens' :meth:`scores` (what crfsuite's ``Tagger.marginal`` gives)."""
        return _forward_backward(scores, self._trans2)

    def marginals(self, scores: Any) -> Any:
        """Return :meth:`exact_marginals`, evened out where "O" is sure (:data:`SURE_O`)."""
        p = self.exact_marginals(scores)
        sure = p[:, 0] >= SURE_O
        if sure.any():
            p[sure, 1:] = ((1.0 - p[sure, 0]) / (len(LABELS) - 1))[:, None]
        return p


def _forward_backward(scores: Any, trans2: Any) -> Any:
    """Return a linear chain's marginals from per-token label scores (tokens x n,
    log domain) and ``trans2``: exp(transition weights) (from x to label) in the
    upper-left n x n block, their transpose in the lower-right one, zeros elsewhere."""
    import numpy as np

    n = scores.shape[1]
    e = np.exp(scores - scores.max(axis=1, keepdims=True))
    # h[t] = (h[t-1] * e[t-1]) @ trans from h[0] = 1, run forward over e and backward
    # over e reversed in one pass; each half is rescaled every RESCALE tokens
    e2 = np.concatenate([e, e[::-1]], axis=1)
    h = np.ones(2 * n)
    msgs = [h]
    for t, row in enumerate(e2[:-1], 1):
        h = (h * row) @ trans2
        if not t % RESCALE:
            h[:n] /= h[:n].sum()
            h[n:] /= h[n:].sum()
        msgs.append(h)
    m = np.array(msgs)
    p = m[:, :n] * e * m[::-1, n:]
    p /= p.sum(axis=1, keepdims=True)
    return p


@cache
def crf() -> Crf:
    """Load the shipped CRF once.

    Raises:
        DataFileError: the file is missing, not a CRF export, or has other labels.
    """
    return load_arrays(MODEL_FILE, "a CRF export", Crf)
