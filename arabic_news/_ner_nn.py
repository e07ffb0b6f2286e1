"""The default backend's second model: a small convolutional tagger run with numpy.

It reads the same feature strings as the CRF (the non-lexical ones, as a bag),
the word's stem (an embedding) and its letters (a convolution), then two
convolutions over the words (three either side), so it can tell a name it never
saw from its letters and context. ``extract`` averages its label
probabilities with the CRF's marginals and decodes the mean with BIO constraints
(:func:`viterbi_bio`). Weights: ``data/ner/tagger.npz`` (float16), trained by
``scripts/train_tagger.py``; the architecture is fixed here and mirrored there.

numpy is imported on first use, never by ``import arabic_news``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext
from functools import cache
from typing import TYPE_CHECKING, Any, Final, NamedTuple

from ._ner_features import ARABIC_FEATURE_KEYS, BASE_FEATURE_KEYS
from ._resources import load_arrays
from .errors import DataFileError

if TYPE_CHECKING:
    import numpy as np

__all__ = [
    "BAG_KEYS",
    "BAG_POSITIONS",
    "LABELS",
    "MAX_CHARS",
    "TAGGER_FILE",
    "Chunk",
    "Encoded",
    "encode",
    "feature_index",
    "nn_probs",
    "viterbi_bio",
]

TAGGER_FILE: Final = "ner/tagger.npz"
#: Label order of the tagger's output (and of every probability matrix here).
LABELS: Final[tuple[str, ...]] = ("O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC")
#: Feature keys (the part before ``=``) the tagger reads as a bag. Lexical
#: features are left out: the word embedding and the letters carry the word.
BAG_KEYS: Final[frozenset[str]] = frozenset(
    {
        *("b", "sh", "-1sh", "+1sh", "g", "-1g", "+1g", "c", "-1c", "+1c", "-2c", "pqc"),
        *("n", "-1n", "+1n", "k0", "k1", "k2", "-1k1", "+1k1", "-1k2", "+1k2"),
        *("fn", "-1fn", "+1fn", "sn"),
        *("p1", "p2", "p3", "x1", "x2", "x3", "sp2", "sx2", "al", "pc", "s1x2"),
    }
)
# positions of the bag features and of the stem in featurize's output
_BASE_BAG: Final = tuple(i for i, k in enumerate(BASE_FEATURE_KEYS) if k in BAG_KEYS)
_AR_BAG: Final = tuple(
    len(BASE_FEATURE_KEYS) + i for i, k in enumerate(ARABIC_FEATURE_KEYS) if k in BAG_KEYS
)
_STEM: Final = BASE_FEATURE_KEYS.index("s")
#: Letters of a word the convolution sees (the rest is cut).
MAX_CHARS: Final = 16
_ZEROS: Final = [0] * MAX_CHARS
#: Zero rows between chunks run together (>= the widest convolution's reach).
GAP: Final = 2
#: Distinct (stem, word) pairs whose projected vectors are kept (the cache is
#: emptied past this size; at most ~50 MB of vectors). Not thread-safe: callers lock.
_WORD_CACHE: Final = 100_000

#: (stem, bag of feature strings) of one token.
Encoded = tuple[str, list[str]]


class Chunk(NamedTuple):
    """One chunk as the tagger reads it."""

    stems: Sequence[str]  # each token's stem (the word embedding's key)
    words: Sequence[str]  # each token's folded word (the letters the convolution reads)
    feats: Any  # (tokens x bag) ints: rows of the feature embedding (0: the zero row)


#: Where a token's bag features sit in featurize's output (Arabic words' last).
BAG_POSITIONS: Final[tuple[int, ...]] = _BASE_BAG + _AR_BAG


def encode(features: Sequence[str]) -> Encoded:
    """Return the tagger's inputs among one token's features (as ``featurize`` made them)."""
    if not features:
        return "", []
    bag = [features[i] for i in _BASE_BAG]
    if len(features) > len(BASE_FEATURE_KEYS):
        bag += [features[i] for i in _AR_BAG]
    return features[_STEM][2:], bag


class _Tagger:
    """Weights and vocabularies of the shipped tagger."""

    def __init__(self, arrays: dict[str, Any]) -> None:
        import numpy as np

        meta = json.loads(bytes(arrays["meta"]).decode("utf-8"))
        if tuple(meta["labels"]) != LABELS:
            raise DataFileError(f"{TAGGER_FILE}: unexpected labels {meta['labels']}")
        self.words = {w: i for i, w in enumerate(meta["words"])}
        self.feats = {f: i for i, f in enumerate(meta["feats"])}
        self.chars = {c: i for i, c in enumerate(meta["chars"])}
        self.domain = int(meta.get("news_domain", 0))
        w = {k: np.asarray(arrays[k], dtype=np.float32) for k in arrays if k != "meta"}
        self.we, self.fe, self.ce = w["word_emb"], w["feat_emb"], w["char_emb"]
        # conv weight (out, in, k) -> one (k*in, out) matrix over stacked windows
        cw = w["conv_w"]
        self.conv_k = cw.shape[2]
        self.conv_w = cw.transpose(2, 1, 0).reshape(-1, cw.shape[0])
        self.conv_b = w["conv_b"]
        self.dom = w["dom_emb"][self.domain]
        # the projection of [word, bag, letters, corpus] split by input block: the
        # word and letter parts are computed once per distinct word and cached
        pw = w["proj_w"].T
        dims = np.cumsum([self.we.shape[1], self.fe.shape[1], cw.shape[0]])
        self.proj_word, self.proj_feat, self.proj_char = (
            pw[: dims[0]].copy(),
            pw[dims[0] : dims[1]].copy(),
            pw[dims[1] : dims[2]].copy(),
        )
        self.proj_const = self.dom @ pw[dims[2] :] + w["proj_b"]
        self.hidden = pw.shape[1]
        self._word_index: dict[tuple[str, str], int] = {}
        self._word_vecs = np.empty((0, self.hidden), dtype=np.float32)
        self.dilations = [int(d) for d in meta["dilations"]]
        if max(self.dilations) > GAP:
            raise DataFileError(f"{TAGGER_FILE}: dilation {max(self.dilations)} > GAP {GAP}")
        # each token convolution as one (in, k*out) matrix: tap j's weights side by side
        self.tok_convs = [
            (
                w[f"conv{i}_w"].transpose(1, 2, 0).reshape(w[f"conv{i}_w"].shape[1], -1),
                w[f"conv{i}_b"],
            )
            for i in (1, 2)
        ]
        self.out_w, self.out_b = w["out_w"].T.copy(), w["out_b"]

    def _word_rows(self, keys: list[tuple[str, str]]) -> Any:
        """Return the rows of :attr:`_word_vecs` for (stem, word) keys, computing
        the new ones: the stem embedding and the letter convolution, projected."""
        import numpy as np

        index = self._word_index
        if len(index) + len(keys) > _WORD_CACHE:
            index.clear()
        new = [k for k in dict.fromkeys(keys) if k not in index]
        if new:
            wget, cget = self.words.get, self.chars.get
            cids = []
            for _, word in new:
                row = [cget(c, 1) for c in word[:MAX_CHARS]] or [1]
                cids.append(row + _ZEROS[: MAX_CHARS - len(row)])
            ce = self.ce[np.asarray(cids)]
            pad = self.conv_k // 2
            cp = np.pad(ce, ((0, 0), (pad, pad), (0, 0)))
            win = np.concatenate([cp[:, j : j + MAX_CHARS, :] for j in range(self.conv_k)], axis=2)
            ch = np.maximum(win @ self.conv_w + self.conv_b, 0.0).max(axis=1)
            wid = np.asarray([wget(stem, 1) for stem, _ in new])
            vecs = self.we[wid] @ self.proj_word + ch @ self.proj_char
            start = len(index)
            if start == 0 or start + len(new) > len(self._word_vecs):
                size = max(1024, min(2 * (start + len(new)), _WORD_CACHE + len(keys)))
                grown = np.empty((size, vecs.shape[1]), dtype=np.float32)
                grown[:start] = self._word_vecs[:start]
                self._word_vecs = grown
            self._word_vecs[start : start + len(new)] = vecs
            index.update(zip(new, range(start, start + len(new)), strict=True))
        return self._word_vecs[[index[k] for k in keys]]

    def chunk(self, encoded: Sequence[Encoded], words: Sequence[str]) -> Chunk:
        """Return the :class:`Chunk` of tokens :func:`encode` made (bags of strings,
        each of at most ``len(BAG_POSITIONS)``)."""
        import numpy as np

        width = len(BAG_POSITIONS)
        fget = self.feats.get
        rows = [[fget(f, 0) for f in bag] + [0] * (width - len(bag)) for _, bag in encoded]
        feats = np.asarray(rows, dtype=np.intp).reshape(len(encoded), width)
        return Chunk([stem for stem, _ in encoded], words, feats)

    def probs(self, chunks: Sequence[Chunk]) -> list[Any]:
        """Return one (tokens x labels) probability matrix per chunk (none may be empty)."""
        import numpy as np

        keys = [key for c in chunks for key in zip(c.stems, c.words, strict=True)]
        feats = np.concatenate([c.feats for c in chunks]) if len(chunks) > 1 else chunks[0].feats
        # gathered feature by feature: the sum adds whole (tokens x dim) slabs, in the
        # order a token's own rows would be added, ~2.5x faster than per token
        fe = np.tanh(np.take(self.fe, feats.T, axis=0).sum(axis=0))
        first = self._word_rows(keys) + fe @ self.proj_feat + self.proj_const
        # chunks one after another, GAP zero rows around each: a convolution
        # never sees a neighbouring chunk, as if each were zero-padded alone
        lens = [len(c.stems) for c in chunks]
        starts = [GAP]
        for ln in lens[:-1]:
            starts.append(starts[-1] + ln + GAP)
        total = starts[-1] + lens[-1] + GAP
        rows: Any = (
            slice(GAP, GAP + lens[0])
            if len(lens) == 1
            else np.concatenate(
                [np.arange(s0, s0 + ln) for s0, ln in zip(starts, lens, strict=True)]
            )
        )
        mask = np.zeros((total, 1), dtype=np.float32)
        mask[rows] = 1.0
        h = np.zeros((total, self.hidden), dtype=np.float32)
        h[rows] = np.maximum(first, 0.0)
        layers = [h]
        hid = self.hidden
        for (cw, cb), d in zip(self.tok_convs, self.dilations, strict=True):
            taps = h @ cw  # (rows, 3*out): tap 0 reads row t-d, tap 1 row t, tap 2 row t+d
            out = taps[:, hid : 2 * hid] + cb
            out[d:] += taps[:-d, :hid]
            out[:-d] += taps[d:, 2 * hid :]
            h = np.maximum(out, 0.0, out=out)
            h *= mask
            layers.append(h)
        logits = np.concatenate(layers, axis=1)[rows] @ self.out_w + self.out_b
        logits -= logits.max(axis=1, keepdims=True)
        e = np.exp(logits)
        p = e / e.sum(axis=1, keepdims=True)
        if len(lens) == 1:
            return [p]
        return np.split(p, np.cumsum(lens)[:-1])


@cache
def _tagger() -> _Tagger:
    return load_arrays(TAGGER_FILE, "a tagger", _Tagger)


#: Chunks the tagger runs at once (longer batches pad more).
BATCH: Final = 64


def nn_probs(chunks: Sequence[Chunk]) -> list[Any]:
    """Return the tagger's (tokens x :data:`LABELS`) probabilities for each chunk
    (None for an empty one). Chunks are batched by length, so similar lengths pad little.
    """
    tagger = _tagger()
    order = sorted(range(len(chunks)), key=lambda i: len(chunks[i].stems))
    out: list[Any] = [None] * len(chunks)
    # the matrices are small: one BLAS thread is fastest, and several worker
    # processes each running a multi-threaded BLAS would fight over the cores
    with _one_blas_thread():
        for s in range(0, len(order), BATCH):
            idx = [i for i in order[s : s + BATCH] if chunks[i].stems]  # empty chunks stay None
            if not idx:
                continue
            probs = tagger.probs([chunks[i] for i in idx])
            for i, p in zip(idx, probs, strict=True):
                out[i] = p
    return out


def feature_index() -> dict[str, int]:
    """Return the shipped tagger's feature strings and their embedding rows."""
    return _tagger().feats


def _one_blas_thread() -> AbstractContextManager[Any]:
    """Return a context that runs BLAS on one thread: nothing to do when it already
    does (a cheap check per call; entering a limit costs ~10-90 µs)."""
    controller = _blas_controller()
    blas = controller.select(user_api="blas").lib_controllers
    if all(lib.num_threads == 1 for lib in blas):
        return nullcontext()
    return controller.limit(limits=1, user_api="blas")  # type: ignore[no-any-return]


@cache
def _blas_controller() -> Any:
    from threadpoolctl import ThreadpoolController  # type: ignore[import-untyped]

    return ThreadpoolController()


@cache
def _constraints() -> tuple[Any, Any]:
    import numpy as np

    n = len(LABELS)
    allowed = np.ones((n, n), dtype=bool)
    for j, lj in enumerate(LABELS):
        if lj.startswith("I-"):
            for i, li in enumerate(LABELS):
                allowed[i, j] = li != "O" and li[2:] == lj[2:]
    start = np.array([0.0 if not lab.startswith("I-") else -1e9 for lab in LABELS])
    return np.where(allowed, 0.0, -1e9), start


def _valid_bio(seq: list[int]) -> bool:
    """True if every I- label (even, non-zero index in LABELS) follows its B- or I-."""
    prev = 0
    for i in seq:
        if i % 2 == 0 and i and i - 1 != prev and i != prev:
            return False
        prev = i
    return True


def viterbi_bio(probs: np.ndarray) -> tuple[list[str], list[float]]:
    """Return the most probable valid BIO sequence under per-token ``probs``
    (tokens x :data:`LABELS`) and each chosen label's probability."""
    import numpy as np

    best = probs.argmax(axis=1).tolist()
    if _valid_bio(best):  # the usual case: the per-token best is already valid
        labels = [LABELS[i] for i in best]
        return labels, [1.0 if i == 0 else float(probs[t, i]) for t, i in enumerate(best)]
    trans, start = _constraints()
    logp = np.log(probs + 1e-9)
    score = logp[0] + start
    back = []
    for t in range(1, len(logp)):
        cand = score[:, None] + trans
        arg = cand.argmax(axis=0)
        back.append(arg)
        score = cand[arg, np.arange(len(LABELS))] + logp[t]
    best = [int(score.argmax())]
    for bp in reversed(back):
        best.append(int(bp[best[-1]]))
    best.reverse()
    labels = [LABELS[i] for i in best]
    chosen = [
        1.0 if lab == "O" else float(probs[t, i])
        for t, (lab, i) in enumerate(zip(labels, best, strict=True))
    ]
    return labels, chosen
