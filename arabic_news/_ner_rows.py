"""Index rows of the extractor's features, looked up once per distinct word.

:func:`featurize` builds ~45 strings per token, and most are one word's own
features: its form, stem, shape, classes, clusters and affixes, under its own keys
or, for a neighbour, under keys like "-1w" and "+2s". :class:`FeatureRows` looks a
word's strings up once under every key they are used with and keeps the rows; per
chunk it looks up only the features of several words (gazetteer tags, stem pairs).
Its rows are those of ``featurize``'s strings (tests/test_ner_rows.py checks it).

numpy is imported on first use, never by ``import arabic_news``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise
from typing import Any, Final

from ._ner_features import (
    ARABIC_FEATURE_KEYS,
    BASE_FEATURE_KEYS,
    PAD_END,
    PAD_START,
    Word,
    WordLists,
    featurize,
    gazetteer_heads,
    gazetteer_tags,
    is_quote,
    words_of,
)
from ._ner_text import Token

__all__ = ["CACHE_WORDS", "FeatureRows"]

#: Distinct (text, kind) tokens whose rows are kept (the cache is emptied past
#: this size; at most ~10 MB of rows). Not thread-safe: callers lock.
CACHE_WORDS: Final = 50_000
#: Every feature key, in :func:`featurize`'s order.
_KEYS: Final = BASE_FEATURE_KEYS + ARABIC_FEATURE_KEYS
#: Keys of the gazetteer tag of the token at an offset.
_GAZ: Final = {"g": 0, "-1g": -1, "+1g": 1}
#: Keys of the stems of the tokens at an offset and the one after it ("a|b").
_PAIRS: Final = {"-1s|s": -1, "s|+1s": 0}
#: Keys of a feature of the last word before the token that is not a quote.
_PREV_UNQUOTED: Final = {"pq": "s", "pqc": "c"}
#: A neighbour's own feature: offset, then its key.
_NEIGHBOUR_RE: Final = re.compile(r"([-+][12])(.+)")
#: Farthest neighbour a feature reads.
_REACH: Final = 2


class FeatureRows:
    """Rows of an attribute index (feature string -> row, 0 for an unknown one)
    for the tokens of a chunk, as ``[index.get(f, 0) for f in featurize(...)]`` gives them."""

    def __init__(self, index: dict[str, int]) -> None:
        import numpy as np

        self.index = index
        pos = {k: i for i, k in enumerate(_KEYS)}
        # each column's source: the column of the word feature it shows (itself for
        # a word's own), -1 for a feature of several words; and the source word's offset
        source: list[int] = []
        offset: list[int] = []
        for key in _KEYS:
            m = _NEIGHBOUR_RE.fullmatch(key)
            if key in _GAZ or key in _PAIRS:
                source.append(-1)
                offset.append(0)
            elif key in _PREV_UNQUOTED:
                source.append(pos[_PREV_UNQUOTED[key]])
                offset.append(0)
            elif m and m[2] in pos:
                source.append(pos[m[2]])
                offset.append(int(m[1]))
            else:
                source.append(pos[key])
                offset.append(0)
        # a word's own features, and those that show one of them under another key
        self._own = [c for c, src in enumerate(source) if src == c]
        self._derived = [
            (c, key + "=", src, len(_KEYS[src]) + 1)
            for c, (key, src) in enumerate(zip(_KEYS, source, strict=True))
            if src not in (-1, c)
        ]
        self._columns = np.arange(len(_KEYS))
        self._offsets = np.asarray(offset) + _REACH
        self._prev_columns = np.asarray([pos[k] for k in _PREV_UNQUOTED])
        self._pairs = [(pos[k], k + "=", o) for k, o in _PAIRS.items()]
        self._gaz_columns = np.asarray([pos[k] for k in _GAZ])
        self._gaz_offsets = np.asarray(list(_GAZ.values())) + 1
        self._table = np.zeros((CACHE_WORDS + 1, len(_KEYS)), dtype=np.int32)
        self._lens = np.zeros(CACHE_WORDS + 1, dtype=np.intp)
        self._slots: dict[tuple[str, str], int] = {}
        self._words: list[Word] = []
        self._heads: list[list[str]] = []  # each slot's gazetteer_heads
        self.lists: WordLists | None = None
        self._tag_codes: dict[str, int] = {}
        self._gaz_rows: Any = None

    def _reset(self, lists: WordLists) -> None:
        """Empty the cache and read ``lists`` from now on."""
        import numpy as np

        index = self.index
        self.lists = lists
        self._slots.clear()
        # a lone token's features: what a chunk's edges give the neighbour columns;
        # row 0 of the table is the pad "word" outside a chunk
        pad = featurize([Token(".", 0, 1, "punct")], lists)[0]
        self._table[0] = 0
        self._table[0, : len(pad)] = [index.get(f, 0) for f in pad]
        self._words = [PAD_START]
        self._heads = [[]]
        # gazetteer tags as codes (0: past an edge) and each code's rows in the tag columns
        labels = sorted(set(lists.gazetteer.values()))
        tags = ["O"] + [b + lab for lab in labels for b in ("B-", "I-")]
        self._tag_codes = {tag: i for i, tag in enumerate(tags, 1)}
        self._gaz_rows = np.asarray(
            [[index.get(pad[c], 0) for c in self._gaz_columns]]
            + [[index.get(f"{k}={tag}", 0) for k in _GAZ] for tag in tags]
        )

    def chunk(self, tokens: Sequence[Token], lists: WordLists) -> tuple[list[Word], Any, Any]:
        """Return the :func:`words_of` of one chunk's tokens, the (tokens x
        features) rows of their features (0 past a token's last) and each token's
        number of features."""
        import numpy as np

        if lists is not self.lists or len(self._slots) + len(tokens) > CACHE_WORDS:
            self._reset(lists)
        keys = [(t.text, t.kind) for t in tokens]
        new = {k: t for k, t in zip(keys, tokens, strict=True) if k not in self._slots}
        if new:
            self._add(list(new.values()), lists)
        slots = [self._slots[k] for k in keys]
        words = [self._words[s] for s in slots]
        n = len(slots)
        table = self._table
        padded = np.asarray([0] * _REACH + slots + [0] * _REACH)
        rows = table[padded[self._offsets + np.arange(n)[:, None]], self._columns]
        prev = []
        last = 0
        for s, wd in zip(slots, words, strict=True):
            prev.append(last)
            if not is_quote(wd):
                last = s
        rows[:, self._prev_columns] = table[np.asarray(prev)[:, None], self._prev_columns]
        codes = self._tag_codes
        heads = [self._heads[s] for s in slots]
        tags = np.asarray([0, *(codes[t] for t in gazetteer_tags(words, lists, heads)), 0])
        rows[:, self._gaz_columns] = self._gaz_rows[
            tags[self._gaz_offsets + np.arange(n)[:, None]], np.arange(len(_GAZ))
        ]
        stems = [PAD_START.stem, *(wd.stem for wd in words), PAD_END.stem]
        pairs = [a + "|" + b for a, b in pairwise(stems)]  # pairs[i]: tokens i - 1 and i
        iget = self.index.get
        for col, prefix, o in self._pairs:
            rows[:, col] = [iget(prefix + p, 0) for p in pairs[1 + o : 1 + o + n]]
        return words, rows, self._lens[slots]

    def _add(self, tokens: Sequence[Token], lists: WordLists) -> None:
        """Give new tokens' words slots: the rows of their features under every key
        (a word's own features do not depend on the words around it, so the new
        words are featurized together)."""
        words = words_of(tokens, lists)
        iget = self.index.get
        for token, wd, feats in zip(tokens, words, featurize(tokens, lists, words), strict=True):
            row = [0] * len(_KEYS)
            for col in self._own:
                if col < len(feats):
                    row[col] = iget(feats[col], 0)
            for col, prefix, src, cut in self._derived:
                row[col] = iget(prefix + feats[src][cut:], 0)
            slot = len(self._words)
            self._table[slot] = row
            self._lens[slot] = len(feats)
            self._words.append(wd)
            self._heads.append(gazetteer_heads(wd, lists))
            self._slots[token.text, token.kind] = slot
