"""Features of the extractor's sequence model, and the word lists they use.

One token's features are a list of strings (python-crfsuite's cheapest input):
the folded word, its clitic-stripped stem, affixes, shape, a +-2 window,
trigger-word classes, nationality adjectives and gazetteer membership.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Final

from ._ner_text import (
    QUOTE_CHARS,
    Token,
    article_form,
    fold,
    normalize_default,
    split_proclitic,
)
from ._resources import load_json, read_text
from .errors import DataFileError

__all__ = [
    "ARABIC_FEATURE_KEYS",
    "BASE_FEATURE_KEYS",
    "CLUSTERS_FILE",
    "FIRST_NAMES_FILE",
    "GAZETTEER_FILE",
    "LEXICON_FILE",
    "NAME_LIST_FILES",
    "NATIONALITIES_FILE",
    "PAD_END",
    "PAD_START",
    "PROMINENT_FILE",
    "TRIGGERS_FILE",
    "Word",
    "WordLists",
    "definite_stem",
    "featurize",
    "gazetteer_heads",
    "gazetteer_tags",
    "is_quote",
    "proclitic_cuts",
    "word_lists",
    "words_of",
]

TRIGGERS_FILE: Final = "ner/triggers.json"
NATIONALITIES_FILE: Final = "ner/nationalities.txt"
GAZETTEER_FILE: Final = "ner/gazetteer.tsv"
LEXICON_FILE: Final = "ner/lexicon.txt"
NAMES_FILE: Final = "ner/names.tsv"
CLUSTERS_FILE: Final = "ner/clusters.tsv"
FIRST_NAMES_FILE: Final = "ner/first_names.txt"
PROMINENT_FILE: Final = "ner/prominent.tsv"
#: Every hand-written LABEL<TAB>name list: prominent names of 2000-2026 news;
#: sports clubs, bodies and people; companies, media, international bodies,
#: parties and armed groups; more people; places below city level.
NAME_LIST_FILES: Final[tuple[str, ...]] = (
    PROMINENT_FILE,
    "ner/sports.tsv",
    "ner/organizations.tsv",
    "ner/people.tsv",
    "ner/places.tsv",
)
#: Set by scripts/train_ner.py to read a names.tsv it has just built elsewhere.
NAMES_PATH_OVERRIDE: str | None = None

#: Trigger classes in triggers.json: person titles and roles, heads of
#: organization names, heads of place names, and words that introduce a quote.
TRIGGER_CLASSES: Final[tuple[str, ...]] = ("title", "org", "loc", "role_part")
#: Cluster ids per word in clusters.tsv (coarse to fine; scripts/build_clusters.py).
CLUSTER_LEVELS: Final = 3
_NO_CLUSTER: Final = ("-",) * CLUSTER_LEVELS
#: The keys of :func:`featurize`'s features, in the order it emits them (the part
#: before ``=``; "b" and "al"/"nal" have no value): every token's, then an Arabic
#: word's. Consumers may read features by position.
BASE_FEATURE_KEYS: Final[tuple[str, ...]] = (
    *("b", "w", "s", "r", "sh", "g", "c", "-1w", "-1s", "+1w", "+1s", "-2s", "+2s"),
    *("-1c", "+1c", "-2c", "-1g", "+1g", "-1sh", "+1sh", "n", "-1n", "+1n", "pq", "pqc"),
    *("-1s|s", "s|+1s", "k0", "k1", "k2", "-1k1", "+1k1", "-1k2", "+1k2"),
    *("fn", "-1fn", "+1fn", "sn"),
)
ARABIC_FEATURE_KEYS: Final[tuple[str, ...]] = (
    *("p1", "p2", "p3", "x1", "x2", "x3", "sp2", "sx2", "al", "pc", "s1", "s1x2"),
)
#: Words that link or head the parts of a name ("عبد الله", "صلاح الدين", "بن"): the
#: word after one is not a surname.
_NAME_LINKS: Final = frozenset({"عبد", "ابو", "بن", "ابن", "ام", "بنت", "الدين", "الله", "ال"})
#: Longest gazetteer entry, in words (longer entries are rejected on load).
MAX_GAZ_WORDS: Final = 6


@dataclass(frozen=True, slots=True)
class WordLists:
    """Every word list the extractor matches, in ``search`` form."""

    triggers: dict[str, str]
    nationalities: frozenset[str]
    gazetteer: dict[tuple[str, ...], str]
    gaz_first: frozenset[str]
    gaz_longest: dict[str, int]  # first word of an entry -> words of its longest entry
    lexicon: frozenset[str]
    names: dict[str, str]
    org_heads: frozenset[str]
    org_generic: frozenset[tuple[str, str]]
    org_type_heads: frozenset[str]
    org_definite_heads: frozenset[str]  # article forms ("البنك")
    loc_type_heads: frozenset[str]
    org_coordinated_heads: frozenset[str]
    org_name_stops: frozenset[str]
    clusters: dict[str, tuple[str, ...]]
    first_names: frozenset[str]
    surnames: frozenset[str]


def _lines(name: str) -> list[str]:
    return [ln for ln in read_text(name).splitlines() if ln and not ln.startswith("#")]


@cache
def word_lists() -> WordLists:
    """Load and check the shipped word lists once.

    Raises:
        DataFileError: a file is missing, a word is listed twice or in two classes.
    """
    raw = load_json(TRIGGERS_FILE)
    triggers: dict[str, str] = {}
    for cls in TRIGGER_CLASSES:
        for w in raw.get(cls, []):
            if w in triggers:
                raise DataFileError(f"{TRIGGERS_FILE}: {w!r} listed twice ({triggers[w]}, {cls})")
            triggers[w] = cls
    org_heads = _word_list(raw, "org_name_heads")
    org_generic: set[tuple[str, str]] = set()
    for phrase in raw.get("org_generic", []):
        head, _, word = phrase.partition(" ")
        if head not in org_heads or not word or " " in word or (head, word) in org_generic:
            raise DataFileError(f"{TRIGGERS_FILE}: org_generic {phrase!r} is not a new head + word")
        org_generic.add((head, word))
    type_heads = _word_list(raw, "org_type_heads")
    if set(type_heads) & set(org_heads):
        raise DataFileError(f"{TRIGGERS_FILE}: org_type_heads in org_name_heads")
    definite_heads = _word_list(raw, "org_definite_heads")
    if any(h.startswith("ال") for h in definite_heads):
        raise DataFileError(f"{TRIGGERS_FILE}: org_definite_heads with the article")
    extra_keys = {"_comment", "org_generic", *_WORD_LISTS}
    unknown = set(raw) - set(TRIGGER_CLASSES) - extra_keys
    if unknown:
        raise DataFileError(f"{TRIGGERS_FILE}: unknown classes {sorted(unknown)}")
    nats = _lines(NATIONALITIES_FILE)
    if len(set(nats)) != len(nats):
        raise DataFileError(f"{NATIONALITIES_FILE}: duplicate entries")
    gaz: dict[tuple[str, ...], str] = {}
    for label, name, key in _labelled_names(GAZETTEER_FILE, lambda n: n):
        if key in gaz:
            raise DataFileError(f"{GAZETTEER_FILE}: {name!r} listed twice")
        gaz[key] = label
    # hand-written names of people, organizations and places; where a name is
    # also in the built gazetteer, the hand-written label wins
    seen: dict[tuple[str, ...], str] = {}
    for file in NAME_LIST_FILES:
        for label, name, key in _labelled_names(file, _search_form):
            if seen.get(key, label) != label:
                raise DataFileError(f"{file}: {name!r} listed as {seen[key]} and {label}")
            seen[key] = gaz[key] = label
    first_names = frozenset(_search_form(w) for w in _lines(FIRST_NAMES_FILE))
    # the last word of a listed person's name ("البشير" of "عمر البشير"), which news
    # uses alone on a later mention; not a given name or a compound's "الدين"
    surnames = (
        frozenset(
            key[-1]
            for key, label in gaz.items()
            if label == "PER" and len(key) > 1 and len(key[-1]) > 2 and key[-2] not in _NAME_LINKS
        )
        - first_names
        - _NAME_LINKS
    )
    if NAMES_PATH_OVERRIDE:
        with open(NAMES_PATH_OVERRIDE, encoding="utf-8") as f:
            name_lines = [ln for ln in f.read().splitlines() if ln and not ln.startswith("#")]
    else:
        name_lines = _lines(NAMES_FILE)
    names: dict[str, str] = {}
    for ln in name_lines:
        word, _, classes = ln.partition("\t")
        if not classes or word in names:
            raise DataFileError(f"{NAMES_FILE}: bad or repeated line {ln!r}")
        names[word] = classes
    clusters: dict[str, tuple[str, ...]] = {}
    for ln in _lines(CLUSTERS_FILE):
        word, *ids = ln.split("\t")
        if len(ids) != CLUSTER_LEVELS or word in clusters:
            raise DataFileError(f"{CLUSTERS_FILE}: bad or repeated line {ln!r}")
        clusters[word] = tuple(ids)
    lex = _lines(LEXICON_FILE)
    if len(set(lex)) != len(lex):
        raise DataFileError(f"{LEXICON_FILE}: duplicate entries")
    return WordLists(
        triggers=triggers,
        nationalities=frozenset(nats),
        gazetteer=gaz,
        gaz_first=frozenset(k[0] for k in gaz),
        gaz_longest=_longest_entries(gaz),
        lexicon=frozenset(lex),
        names=names,
        org_heads=frozenset(org_heads),
        org_generic=frozenset(org_generic),
        org_type_heads=frozenset(type_heads),
        org_definite_heads=frozenset("ال" + h for h in definite_heads),
        loc_type_heads=frozenset(_word_list(raw, "loc_type_heads")),
        org_coordinated_heads=frozenset(_word_list(raw, "org_coordinated_heads")),
        org_name_stops=frozenset(_word_list(raw, "org_name_stops")),
        clusters=clusters,
        first_names=first_names,
        surnames=surnames,
    )


#: Word lists in the triggers file besides the trigger classes.
_WORD_LISTS: Final = (
    "org_name_heads",
    "org_name_stops",
    "org_type_heads",
    "org_definite_heads",
    "org_coordinated_heads",
    "loc_type_heads",
)


def _word_list(raw: dict[str, list[str]], key: str) -> list[str]:
    """Return the words under ``key`` of the triggers file (none repeated)."""
    heads = raw.get(key, [])
    if len(set(heads)) != len(heads):
        raise DataFileError(f"{TRIGGERS_FILE}: {key} has a word twice")
    return heads


def _labelled_names(
    file: str, form: Callable[[str], str]
) -> Iterator[tuple[str, str, tuple[str, ...]]]:
    """Yield (label, name, key: the words of ``form(name)``) of a ``LABEL<TAB>name`` file.

    Raises:
        DataFileError: a line without a known label or name, or longer than MAX_GAZ_WORDS.
    """
    for ln in _lines(file):
        label, _, name = ln.partition("\t")
        key = tuple(form(name).split(" "))
        if label not in ("LOC", "ORG", "PER") or not name or len(key) > MAX_GAZ_WORDS:
            raise DataFileError(f"{file}: bad line {ln!r}")
        yield label, name, key


def _longest_entries(gaz: dict[tuple[str, ...], str]) -> dict[str, int]:
    """Return the words of the longest entry of ``gaz`` that each first word starts."""
    longest: dict[str, int] = {}
    for key in gaz:
        longest[key[0]] = max(longest.get(key[0], 0), len(key))
    return longest


def _search_form(text: str) -> str:
    """Return a hand-written list entry in the form tokens are matched in."""
    return " ".join(fold(normalize_default(w)[0]) for w in text.split())


@dataclass(frozen=True, slots=True)
class Word:
    """Per-token values the features and the span rules share."""

    w: str  # folded word (search form); punctuation as is
    stem: str  # w without proclitics before the article
    bare: str  # stem without the article
    kind: str  # token kind
    cls: str  # trigger class, "nat" for a nationality adjective, or ""


def definite_stem(wd: Word) -> str:
    """Return a word's stem with a contracted article restored ("للكونغرس" ->
    "الكونغرس"; "والبنك" -> "البنك")."""
    return article_form(wd.w[: len(wd.w) - len(wd.stem)], wd.stem)


def words_of(tokens: Sequence[Token], lists: WordLists) -> list[Word]:
    """Return the :class:`Word` of each token."""
    out: list[Word] = []
    trig = lists.triggers
    nats = lists.nationalities
    for t in tokens:
        if t.kind == "punct":
            out.append(Word(t.text, t.text, t.text, "punct", ""))
            continue
        w = fold(t.text)
        if t.kind == "ar":
            proclitics, stem = split_proclitic(w)
            bare = stem[2:] if stem.startswith("ال") and len(stem) > 4 else stem
        else:
            proclitics, stem, bare = "", w, w
        # ل + ال contracted ("للرئيس"): the word's class is its article form's ("الرئيس")
        full = article_form(proclitics, stem)
        cls = trig.get(w) or trig.get(full) or ("nat" if (full in nats or w in nats) else "")
        out.append(Word(w, stem, bare, t.kind, cls))
    return out


def proclitic_cuts(w: str) -> list[str]:
    """Return a word without one leading proclitic letter (و ف ب ك ل) and, where a
    second (ب ك ل) follows, without both: the forms a listed name may take after
    them ("وإيساف" -> "إيساف", "وبغزة" -> "غزة")."""
    if w[:1] not in "وفبكل":
        return []
    return [w[1:], w[2:]] if w[1:2] in "بكل" else [w[1:]]


def gazetteer_heads(wd: Word, lists: WordLists) -> list[str]:
    """Return the forms of ``wd`` that start a gazetteer entry: the word as written
    first (on a tie in length "كابل" (Kabul) beats ك + "ابل" (Apple)), then its
    stem, with the article a proclitic contracted ("للكونغرس" -> "الكونغرس"), then
    forms with fewer letters taken off."""
    if wd.kind == "punct":
        return []
    cands = [wd.w, wd.stem, definite_stem(wd), wd.bare, *proclitic_cuts(wd.w)]
    first = lists.gaz_first
    return [h for h in dict.fromkeys(cands) if h in first]


def gazetteer_tags(
    words: Sequence[Word], lists: WordLists, heads: Sequence[list[str]] | None = None
) -> list[str]:
    """Return a BIO gazetteer tag per word (longest match, left to right, on stems;
    the first word may carry a proclitic, later words must not; among equally long
    matches, the one that takes the fewest letters off the first word wins).
    ``heads``: each word's :func:`gazetteer_heads`, if the caller has them."""
    if heads is None:
        heads = [gazetteer_heads(wd, lists) for wd in words]
    n = len(words)
    tags = ["O"] * n
    gaz = lists.gazetteer
    longest = lists.gaz_longest
    forms = [wd.w for wd in words]
    i = 0
    while i < n:
        best = 0
        label = ""
        for head in heads[i]:
            for k in range(min(longest[head], n - i), 0, -1):
                if k <= best:
                    break
                key = (head, *forms[i + 1 : i + k])
                lab = gaz.get(key)
                if lab is not None:
                    best, label = k, lab
                    break
        if best:
            tags[i] = "B-" + label
            for j in range(i + 1, i + best):
                tags[j] = "I-" + label
            i += best
        else:
            i += 1
    return tags


def _strip_one(w: str) -> str:
    """Return ``w`` without a leading و/ف and then ب/ل/ك, keeping >= 3 letters."""
    if len(w) > 3 and w[0] in "وف":
        w = w[1:]
    if len(w) > 3 and w[0] in "بلك":
        w = w[1:]
    return w


def _in_list(words: Sequence[Word], s1: Sequence[str], names: frozenset[str]) -> list[str]:
    """Return "1" for each Arabic word whose stem, form or form without one
    proclitic is in ``names``, else ""."""
    return [
        "1" if wd.kind == "ar" and (wd.stem in names or s1[i] in names or wd.w in names) else ""
        for i, wd in enumerate(words)
    ]


def _shape(t: Token, w: str) -> str:
    if t.kind == "punct":
        return "Q" if w in QUOTE_CHARS else "P"
    if t.kind == "num":
        return "D"
    if t.kind == "lat":
        return "Lu" if t.text[:1].isupper() else "L"
    return "A" + ("s" if len(w) <= 2 else "m" if len(w) <= 5 else "l")


#: The words before a chunk's first word and after its last one.
PAD_START: Final = Word("<S>", "<S>", "<S>", "pad", "")
PAD_END: Final = Word("</S>", "</S>", "</S>", "pad", "")


def is_quote(wd: Word) -> bool:
    """True for a quote or bracket (the "pq" features skip them: names are often quoted)."""
    return wd.kind == "punct" and wd.w in "\"'()[]«»"


def featurize(
    tokens: Sequence[Token], lists: WordLists | None = None, words: Sequence[Word] | None = None
) -> list[list[str]]:
    """Return the feature strings of each token of one chunk (``words``: their
    :func:`words_of`, if the caller has them)."""
    lists = lists or word_lists()
    if words is None:
        words = words_of(tokens, lists)
    gaz = gazetteer_tags(words, lists)
    n = len(words)
    nm = lists.names
    # the word without one proclitic (و ف, then ب ل ك): "وغادة" -> "غاده"
    s1 = [_strip_one(wd.w) if wd.kind == "ar" else wd.w for wd in words]
    name_cls = [
        nm.get(wd.stem) or nm.get(wd.bare) or nm.get(wd.w) or nm.get(s1[i], "")
        if wd.kind != "punct"
        else ""
        for i, wd in enumerate(words)
    ]
    first = _in_list(words, s1, lists.first_names)
    surname = _in_list(words, s1, lists.surnames)
    shapes = [_shape(t, wd.w) for t, wd in zip(tokens, words, strict=True)]
    cl = lists.clusters
    clus = [
        cl.get(wd.w) or cl.get(wd.stem) or cl.get(wd.bare) or cl.get(s1[i]) or _NO_CLUSTER
        if wd.kind != "punct"
        else _NO_CLUSTER
        for i, wd in enumerate(words)
    ]
    # previous word skipping quotes and brackets (names are often quoted)
    prev_nq = [""] * n
    last = PAD_START.stem
    last_cls = PAD_START.cls
    prev_cls = [""] * n
    for i, wd in enumerate(words):
        prev_nq[i] = last
        prev_cls[i] = last_cls
        if not is_quote(wd):
            last = wd.stem
            last_cls = wd.cls
    pad_w = PAD_START
    pad_e = PAD_END
    out: list[list[str]] = []
    for i, wd in enumerate(words):
        w = wd.w
        p1 = words[i - 1] if i >= 1 else pad_w
        p2 = words[i - 2] if i >= 2 else pad_w
        n1 = words[i + 1] if i + 1 < n else pad_e
        n2 = words[i + 2] if i + 2 < n else pad_e
        f = [
            "b",
            "w=" + w,
            "s=" + wd.stem,
            "r=" + wd.bare,
            "sh=" + shapes[i],
            "g=" + gaz[i],
            "c=" + wd.cls,
            "-1w=" + p1.w,
            "-1s=" + p1.stem,
            "+1w=" + n1.w,
            "+1s=" + n1.stem,
            "-2s=" + p2.stem,
            "+2s=" + n2.stem,
            "-1c=" + p1.cls,
            "+1c=" + n1.cls,
            "-2c=" + p2.cls,
            "-1g=" + (gaz[i - 1] if i >= 1 else "<S>"),
            "+1g=" + (gaz[i + 1] if i + 1 < n else "</S>"),
            "-1sh=" + (shapes[i - 1] if i >= 1 else "<S>"),
            "+1sh=" + (shapes[i + 1] if i + 1 < n else "</S>"),
            "n=" + name_cls[i],
            "-1n=" + (name_cls[i - 1] if i >= 1 else "<S>"),
            "+1n=" + (name_cls[i + 1] if i + 1 < n else "</S>"),
            "pq=" + prev_nq[i],
            "pqc=" + prev_cls[i],
            "-1s|s=" + p1.stem + "|" + wd.stem,
            "s|+1s=" + wd.stem + "|" + n1.stem,
            "k0=" + clus[i][0],
            "k1=" + clus[i][1],
            "k2=" + clus[i][2],
            "-1k1=" + (clus[i - 1][1] if i >= 1 else "<S>"),
            "+1k1=" + (clus[i + 1][1] if i + 1 < n else "</S>"),
            "-1k2=" + (clus[i - 1][2] if i >= 1 else "<S>"),
            "+1k2=" + (clus[i + 1][2] if i + 1 < n else "</S>"),
            "fn=" + first[i],
            "-1fn=" + (first[i - 1] if i >= 1 else "<S>"),
            "+1fn=" + (first[i + 1] if i + 1 < n else "</S>"),
            "sn=" + surname[i],
        ]
        if wd.kind == "ar":
            stem = wd.stem
            f += [
                "p1=" + w[:1],
                "p2=" + w[:2],
                "p3=" + w[:3],
                "x1=" + w[-1:],
                "x2=" + w[-2:],
                "x3=" + w[-3:],
                "sp2=" + stem[:2],
                "sx2=" + stem[-2:],
                "al" if stem.startswith("ال") else "nal",
                "pc=" + w[: len(w) - len(stem)],
                "s1=" + s1[i],
                "s1x2=" + s1[i][-2:],
            ]

        out.append(f)
    return out
