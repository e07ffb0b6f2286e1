"""Feature rows looked up once per distinct word equal the rows of featurize's strings."""

from __future__ import annotations

from dataclasses import replace

import pytest

from arabic_news import _ner_rows
from arabic_news._ner_features import (
    WordLists,
    featurize,
    gazetteer_tags,
    word_lists,
    words_of,
)
from arabic_news._ner_nn import BAG_POSITIONS, encode
from arabic_news._ner_rows import FeatureRows
from arabic_news._ner_text import Token, chunks, normalize_default, tokenize
from arabic_news.extract import _shared_index
from tests._samples import SAMPLE, SHARED

# quotes and brackets (the "pq" features skip them), numbers, Latin words, words
# no list or model knows, gazetteer names at a chunk's edges, one- and two-token chunks
_TEXTS = [
    'قال "هاكان فيدان" في أنقرة 2024 ، CNN (Reuters) «زرقلوطيات» [بلبلوز]',
    "القاهرة",
    "وزير الخارجية",
    "أعلنت حركة حماس في غزة أن وزير الخارجية التركي هاكان فيدان زار أنقرة.",
    "( « ) » ' \" ] [",
    "للرئيس وبالقاهرة فللمملكة المتحدة كابل ابل",
]


def _chunks(texts: list[str]) -> list[list[Token]]:
    out = []
    for text in texts:
        norm, _ = normalize_default(text)
        out += [toks for a, b in chunks(norm) if (toks := tokenize(norm, a, b))]
    return out


def _dev_texts() -> list[str]:
    """ANERcorp dev's first sentences and three dev pages (none without ../shared/data)."""
    dev = SHARED / "data" / "ner" / "anercorp" / "dev.txt"
    pages = sorted((SHARED / "data" / "seg" / "dev").glob("*.txt"))[:3]
    sents = dev.read_text(encoding="utf-8-sig").split("\n\n")[:150] if dev.is_file() else []
    return [" ".join(ln.split()[0] for ln in s.splitlines() if ln.split()) for s in sents] + [
        p.read_text(encoding="utf-8") for p in pages
    ]


def _check(feature_rows: FeatureRows, toks: list[Token], lists: WordLists | None = None) -> None:
    lists = lists or word_lists()
    index = feature_rows.index
    words, matrix, lens = feature_rows.chunk(toks, lists)
    want_words = words_of(toks, lists)
    feats = featurize(toks, lists, want_words)
    assert words == want_words
    assert lens.tolist() == [len(f) for f in feats]
    for fs, row, n in zip(feats, matrix, lens, strict=True):
        assert row[:n].tolist() == [index.get(f, 0) for f in fs]
        assert not row[n:].any()


def test_rows_equal_featurize_rows() -> None:
    feature_rows = _shared_index()[2]
    every = _chunks([*_TEXTS, SAMPLE, *_dev_texts()])
    assert any(t.kind == "lat" for toks in every for t in toks)
    tags = [
        tag for toks in every for tag in gazetteer_tags(words_of(toks, word_lists()), word_lists())
    ]
    assert {"B-LOC", "I-LOC", "B-PER", "I-PER"} <= set(tags)
    for toks in every + every:  # the second time from the cache
        _check(feature_rows, toks)


def test_rows_survive_emptying_the_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_ner_rows, "CACHE_WORDS", 40)
    feature_rows = FeatureRows(_shared_index()[0].index)
    for toks in _chunks([*_TEXTS, SAMPLE]):
        _check(feature_rows, toks[:40])
        assert len(feature_rows._slots) <= 40


def test_other_word_lists_empty_the_cache() -> None:
    feature_rows = FeatureRows(_shared_index()[0].index)
    toks = _chunks(_TEXTS)
    no_triggers = replace(word_lists(), triggers={})
    for lists in (word_lists(), no_triggers, word_lists()):
        for chunk in toks:
            _check(feature_rows, chunk, lists)


def test_rows_with_a_small_index() -> None:
    toks = _chunks(_TEXTS)
    feats = [f for chunk in toks for fs in featurize(chunk) for f in fs]
    index = {f: i for i, f in enumerate(dict.fromkeys(feats[::3]), 1)}
    feature_rows = FeatureRows(index)
    for chunk in toks:
        _check(feature_rows, chunk)


def test_bag_columns_are_the_encoded_bags() -> None:
    (toks,) = _chunks(['قال "هاكان فيدان" في أنقرة 2024 ، CNN'])
    feats = featurize(toks)
    index = {f: i for i, f in enumerate(dict.fromkeys(f for fs in feats for f in fs), 1)}
    _, matrix, _ = FeatureRows(index).chunk(toks, word_lists())
    for fs, row in zip(feats, matrix[:, BAG_POSITIONS], strict=True):
        _, bag = encode(fs)
        assert row[: len(bag)].tolist() == [index[f] for f in bag]
        assert not row[len(bag) :].any()  # a word that is not Arabic has no Arabic features
