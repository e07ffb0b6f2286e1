"""The extractor's shipped data: loads from the installed package, checks, fixed points."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable

import pytest
from _samples import SHARED

from arabic_news import _ner_crf, _ner_features, _ner_nn
from arabic_news._ner_features import featurize
from arabic_news._ner_text import tokenize
from arabic_news._resources import data_path, read_bytes, read_text
from arabic_news.normalize import normalize

#: Weights must stay small enough to commit (issue 5).
MAX_MODEL_BYTES = 20 * 1024 * 1024


def _entries(name: str) -> list[str]:
    out = []
    for ln in read_text(name).splitlines():
        if not ln or ln.startswith("#"):
            continue
        out.append(
            ln.split("\t")[-1]
            if name.endswith(".tsv") and "gazetteer" in name
            else ln.split("\t")[0]
        )
    return out


@pytest.mark.parametrize(
    "name",
    [
        _ner_features.NATIONALITIES_FILE,
        _ner_features.GAZETTEER_FILE,
        _ner_features.LEXICON_FILE,
        _ner_features.NAMES_FILE,
        _ner_features.CLUSTERS_FILE,
    ],
)
def test_word_files_are_search_fixed_points(name: str) -> None:
    entries = _entries(name)
    assert entries, name
    offenders = [e for e in entries if normalize(e, "search") != e]
    assert offenders == [], f"{name}: not in search form: {offenders[:20]}"
    assert len(set(entries)) == len(entries), f"{name}: duplicates"


def test_triggers_are_search_fixed_points_and_disjoint() -> None:
    raw = json.loads(read_text(_ner_features.TRIGGERS_FILE))
    seen: dict[str, str] = {}
    offenders = []
    for cls, words in raw.items():
        if cls == "_comment":
            continue
        for w in words:
            if normalize(w, "search") != w:
                offenders.append((cls, w))
            if cls not in ("org_generic", *_ner_features._WORD_LISTS):
                assert w not in seen, f"{w!r} in {seen.get(w)} and {cls}"
                seen[w] = cls
    assert offenders == []


def test_word_lists_load_and_are_consistent() -> None:
    lists = _ner_features.word_lists()
    assert "وزير" in lists.triggers and lists.triggers["وزير"] == "title"
    assert "التركي" in lists.nationalities
    assert lists.gazetteer[("انقره",)] == "LOC"
    # a nationality form that is also a place name is left out, and so is "سوريه",
    # a common spelling of Syria (scripts/build_gazetteers.py)
    assert not any((n,) in lists.gazetteer for n in lists.nationalities)
    assert "سوريه" not in lists.nationalities and "السوريه" in lists.nationalities


def test_hand_written_lists_load_in_match_form() -> None:
    lists = _ner_features.word_lists()
    # first names: hamza and ta marbuta folded as tokens are; no entry that is a
    # preposition once folded
    assert {"دونالد", "الكسندريا", "فاطمه"} <= lists.first_names
    assert "علي" not in lists.first_names
    for file in _ner_features.NAME_LIST_FILES:
        for ln in read_text(file).splitlines():
            if ln and not ln.startswith("#"):
                label, _, name = ln.partition("\t")
                assert lists.gazetteer[tuple(_ner_features._search_form(name).split())] == label


def test_one_word_listed_names_are_whole_words() -> None:
    # the lexicon keeps a one-word listed name whole, so its first letter is not
    # taken for a proclitic: "واس" (an agency) is not و + "اس" (of "آس روما")
    lists = _ner_features.word_lists()
    assert {k[0] for k in lists.gazetteer if len(k) == 1} <= lists.lexicon
    assert "واس" in lists.lexicon


def test_surnames_are_last_words_of_listed_people() -> None:
    lists = _ner_features.word_lists()
    # "عمر البشير" gives "البشير"; a link word, a compound's second part or a
    # given name is not a surname
    assert {"البشير", "اوباما"} <= lists.surnames
    assert not lists.surnames & {"الدين", "الله", "بن", "محمد"}
    assert not lists.surnames & lists.first_names
    feats = featurize(tokenize("قال البشير أمس"))
    assert "sn=1" in feats[1] and "sn=" in feats[0] and "sn=" in feats[2]


def _load_error(
    monkeypatch: pytest.MonkeyPatch, name: str, extra: Callable[[list[str]], list[str]]
) -> str:
    """Load the word lists with ``extra(lines)`` appended to data file ``name``;
    return the DataFileError's message (the cache is reset before and after)."""
    from arabic_news.errors import DataFileError

    real = _ner_features._lines
    _ner_features.word_lists.cache_clear()
    monkeypatch.setattr(
        _ner_features, "_lines", lambda n: real(n) + extra(real(n)) if n == name else real(n)
    )
    try:
        with pytest.raises(DataFileError) as info:
            _ner_features.word_lists()
    finally:
        monkeypatch.undo()
        _ner_features.word_lists.cache_clear()
    return str(info.value)


def test_prominent_name_under_two_labels_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    clash = ["ORG\tاسم تجريبي", "LOC\tاسم تجريبي"]
    msg = _load_error(monkeypatch, _ner_features.PROMINENT_FILE, lambda _: clash)
    assert "listed as ORG and LOC" in msg


def test_model_loads_from_package_with_expected_labels() -> None:
    assert data_path(_ner_crf.MODEL_FILE).is_file()
    # the CRF and the tagger together stay within the committed-weights budget
    total = sum(len(read_bytes(f)) for f in (_ner_crf.MODEL_FILE, _ner_nn.TAGGER_FILE))
    assert total <= MAX_MODEL_BYTES
    model = _ner_crf.crf()  # checks the labels
    assert model.state.shape[1] == len(_ner_nn.LABELS)


def test_bad_data_file_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    msg = _load_error(monkeypatch, _ner_features.NATIONALITIES_FILE, lambda lines: lines[:1])
    assert "duplicate" in msg


#: One-word list entries that the labelled corpora have mostly outside names but
#: that are names in the news the lists are for ("الهلال": the club, and the
#: crescent moon; "المهره": the Yemeni province, and the mare).
_AMBIGUOUS_BY_CHOICE = frozenset(
    {"الهلال", "الجليل", "البقاع", "بوصوفه", "الاهرامات", "الشحر", "المهره", "موته"}
)


@pytest.mark.skipif(
    not (SHARED / "data" / "ner" / "anercorp" / "train.txt").exists(), reason="no ../shared"
)
def test_one_word_list_entries_are_not_common_words() -> None:
    # a folded entry can collide with a common word ("آفاد" -> "افاد", "reported";
    # "فيات" -> "فئات", "categories"); the labelled corpora tell the common words:
    # often outside names, seldom in one
    outside: Counter[str] = Counter()
    inside: Counter[str] = Counter()
    ner = SHARED / "data" / "ner"
    for corpus in (
        ner / "anercorp" / "train.txt",
        ner / "wikifane" / "WikiFANE_Gold_2014_500K.txt",
    ):
        for line in corpus.read_text(encoding="utf-8-sig").splitlines():
            parts = line.replace("\u200e", "").split()
            if len(parts) >= 2:
                (outside if parts[-1] == "O" else inside)[normalize(parts[0], "search")] += 1
    common = []
    for name in _ner_features.NAME_LIST_FILES:
        for _label, entry, key in _ner_features._labelled_names(name, _ner_features._search_form):
            (word,) = key if len(key) == 1 else ("",)
            if word and outside[word] >= 3 and inside[word] * 2 < outside[word]:
                common.append(entry)
    assert [e for e in common if _ner_features._search_form(e) not in _AMBIGUOUS_BY_CHOICE] == []
