"""Word-level helpers of the segmenter: match forms, content words, script shares.

One job per function. The *match form* of a string is the form every marker
phrase in ``data/segment/markers.json`` is stored in (a test checks each entry
is a fixed point of :func:`match_form`); *content words* are the normalized
words that carry topic, used to measure how far a line shares the article's
subject.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Final

from .normalize import Normalizer

__all__ = [
    "arabic_share",
    "content_words",
    "digit_share",
    "latin_share",
    "match_form",
    "match_words",
    "match_words_many",
    "script_shares",
]


@cache
def _search() -> Normalizer:
    return Normalizer("search")


# Proclitic + article combinations stripped from content words, longest first.
_PREFIXES: Final[tuple[str, ...]] = ("وبال", "وال", "فال", "بال", "كال", "لل", "ال")
# Shortest content word kept, in characters after stripping (calibrated by eye on
# the ANT corpus: shorter stems are mostly particles and pronouns).
MIN_CONTENT_CHARS: Final[int] = 3


def match_form(text: str) -> str:
    """Fold ``text`` to its marker-matching form: its ``search``-profile words joined by one space."""
    return " ".join(match_words(text))


def match_words(text: str) -> list[str]:
    """Split ``text`` into its ``search``-profile words (:mod:`arabic_news.normalize`): no
    diacritics, tatweel or punctuation; alef, yaa, taa marbuta and hamza carriers folded;
    Latin lower-cased."""
    return _search()(text).split()


def match_words_many(texts: list[str]) -> list[list[str]]:
    """:func:`match_words` of each of ``texts``, normalizing them in one call.

    The texts are joined by line breaks, which the ``search`` profile keeps; a text
    holding a character that the profile turns into a line break is done on its own.
    """
    if not texts:
        return []
    parts = _search()("\n".join(texts)).split("\n")
    if len(parts) != len(texts):
        return [match_words(t) for t in texts]
    return [p.split() for p in parts]


@cache
def _stem(word: str) -> str:
    for prefix in _PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= MIN_CONTENT_CHARS:
            return word[len(prefix) :]
    if word[0] in "وبفل" and len(word) > MIN_CONTENT_CHARS + 1:
        # A single proclitic on a long word: strip it only when the rest is still long.
        return word[1:]
    return word


def content_words(words: list[str], stopwords: frozenset[str]) -> frozenset[str]:
    """Return the topic-bearing stems of match-form ``words`` (no stopwords, no digits, >= 3 chars)."""
    out: set[str] = set()
    for word in words:
        if len(word) < MIN_CONTENT_CHARS or word in stopwords or word.isdigit():
            continue
        stem = _stem(word) if len(word) < 40 else word
        if stem not in stopwords:
            out.add(stem)
    return frozenset(out)


_ARABIC_RE: Final[re.Pattern[str]] = re.compile(
    r"[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]+"
)
_LATIN_RE: Final[re.Pattern[str]] = re.compile(r"[A-Za-z\u00C0-\u024F]+")
_DIGIT_RE: Final[re.Pattern[str]] = re.compile(r"[0-9\u0660-\u0669\u06F0-\u06F9]+")


def _count(pattern: re.Pattern[str], text: str) -> int:
    return sum(map(len, pattern.findall(text)))


_SCRIPT_RE: Final[re.Pattern[str]] = re.compile(
    r"([\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]+)|([A-Za-z\u00C0-\u024F]+)|([0-9\u0660-\u0669\u06F0-\u06F9]+)"
)


def script_shares(text: str) -> tuple[float, float, float]:
    """Return the shares of ``text``'s non-space characters that are (Arabic, Latin, digit), in [0, 1]."""
    n = len(text) - text.count(" ")
    if n <= 0:
        return 0.0, 0.0, 0.0
    ar = lat = dig = 0
    for a, b, c in _SCRIPT_RE.findall(text):
        ar += len(a)
        lat += len(b)
        dig += len(c)
    return ar / n, lat / n, dig / n


def arabic_share(text: str) -> float:
    """Return the share of ``text``'s non-space characters that are Arabic letters, in [0, 1]."""
    n = len(text) - text.count(" ")
    return _count(_ARABIC_RE, text) / n if n > 0 else 0.0


def latin_share(text: str) -> float:
    """Return the share of ``text``'s non-space characters that are Latin letters, in [0, 1]."""
    n = len(text) - text.count(" ")
    return _count(_LATIN_RE, text) / n if n > 0 else 0.0


def digit_share(text: str) -> float:
    """Return the share of ``text``'s non-space characters that are digits, in [0, 1]."""
    n = len(text) - text.count(" ")
    return _count(_DIGIT_RE, text) / n if n > 0 else 0.0
