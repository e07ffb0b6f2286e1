"""Text steps of the extractor: normalize with offsets, tokenize, fold, split clitics.

Tokens carry half-open code-point offsets into the *normalized* text; the
offset map from :func:`normalize_default` takes a span back to the original.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final, NamedTuple, Protocol

__all__ = [
    "ARABIC_RE",
    "QUOTE_CHARS",
    "OffsetSpan",
    "Token",
    "article_form",
    "chunks",
    "fold",
    "normalize_default",
    "proclitic_length",
    "split_proclitic",
    "tokenize",
]


class OffsetSpan(Protocol):
    """What the extractor needs from an offset map: normalized span -> original span."""

    def span(self, nstart: int, nend: int) -> tuple[int, int]: ...


def normalize_default(text: str) -> tuple[str, OffsetSpan]:
    """Return ``text`` in the ``default`` normalization profile and its offset map."""
    from .normalize import normalize_with_offsets

    return normalize_with_offsets(text, "default")


class Token(NamedTuple):
    """One token of normalized text: ``norm[start:end] == text``; ``kind`` is
    ``"ar"`` (Arabic letters), ``"lat"`` (other letters), ``"num"`` or ``"punct"``.
    A named tuple: one is made per word, twice as fast as a frozen dataclass."""

    text: str
    start: int
    end: int
    kind: str


# A word is a run of letters (Arabic marks included, in case a profile keeps them);
# numbers keep inner separators; anything else that is not space is one punctuation token.
_TOKEN_RE: Final = re.compile(
    r"(?P<w>(?:[^\W\d_]|[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED])+)"
    r"|(?P<n>\d+(?:[.,:/]\d+)*)"
    r"|(?P<p>[^\s])"
)
ARABIC_RE: Final = re.compile(r"[\u0621-\u064A\u0671-\u06D3\u06FA-\u06FF]")
_ARABIC_WORD_RE: Final = re.compile(r"[\u0621-\u064A\u0671-\u06D3\u06FA-\u06FF]")

#: Quote characters the ``default`` profile leaves (it unifies the rest to ``"`` and ``'``).
QUOTE_CHARS: Final[frozenset[str]] = frozenset("\"'«»“”„‘’")


def tokenize(norm: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Split ``norm[start:end]`` into tokens with offsets into ``norm``."""
    out: list[Token] = []
    append = out.append
    for m in _TOKEN_RE.finditer(norm, start, len(norm) if end is None else end):
        group = m.lastgroup
        s = m.group()
        if group == "w":
            kind = "ar" if _ARABIC_WORD_RE.match(s) else "lat"
        elif group == "n":
            kind = "num"
        else:
            kind = "punct"
        append(Token(s, m.start(), m.end(), kind))
    return out


# Sentence ends for chunking: a line break, or . ! ? ; followed by space or end.
_SENT_END_RE: Final = re.compile(r"\n|[.!?;]+(?=\s|$)")
#: Longest chunk handed to the sequence model, in characters. Sentences in
#: ANERcorp average ~190 characters; longer runs (one-line pages) are cut at the
#: last space before this bound so that tagging stays linear in the input size.
MAX_CHUNK_CHARS: Final = 2000


def chunks(norm: str) -> Iterator[tuple[int, int]]:
    """Yield ``(start, end)`` sentence-like chunks of ``norm``, each at most
    :data:`MAX_CHUNK_CHARS` long (cut at a space where possible)."""
    pos = 0
    n = len(norm)
    for m in _SENT_END_RE.finditer(norm):
        end = m.end()
        yield from _bounded(norm, pos, end)
        pos = end
    if pos < n:
        yield from _bounded(norm, pos, n)


def _bounded(norm: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while end - start > MAX_CHUNK_CHARS:
        cut = norm.rfind(" ", start + MAX_CHUNK_CHARS // 2, start + MAX_CHUNK_CHARS)
        if cut <= start:
            cut = start + MAX_CHUNK_CHARS
        yield start, cut
        start = cut
    if norm[start:end].strip():
        yield start, end


# ``search`` profile on top of ``default`` for one word token: the four letter
# folds it adds, and Latin lower case (punctuation never reaches a word token).
_FOLD: Final = str.maketrans({"ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"})


def fold(word: str) -> str:
    """Return the ``search``-profile form of a ``default``-profile word."""
    return word.translate(_FOLD).lower()


# Proclitic letter sequences, longest first: conjunction (و ف), then preposition
# (ب ك ل) or future/question particles are not split (they attach to verbs).
_PROCLITICS: Final[tuple[str, ...]] = (
    "وب",
    "وك",
    "ول",
    "فب",
    "فك",
    "فل",
    "و",
    "ف",
    "ب",
    "ك",
    "ل",
)


_PROCLITICS_SHORT_FIRST: Final = tuple(sorted(_PROCLITICS, key=len))


def proclitic_length(
    word: str,
    known: frozenset[str] | set[str] = frozenset(),
    also_known: frozenset[str] | set[str] = frozenset(),
) -> int:
    """Return how many leading letters of a name word are proclitics (0-2).

    ``word`` is a folded (``search``) form. The rule, in order:
    a word in ``known`` (or ``also_known``) keeps every letter; ``(و|ف)?(ب|ك)?ال...`` and
    ``(و|ف)?ل...`` before ``ال`` drop the letters before the article; ``(و|ف)?لل...``
    drops up to the first ل (the contraction ل + ال, see
    ../shared/data/seg/dev/README.md); otherwise the shortest proclitic whose
    remainder is in ``known`` is dropped.
    """
    if word in known or word in also_known or len(word) < 3:
        return 0
    conj = 1 if word[0] in "وف" else 0
    rest = word[conj:]
    if rest.startswith("لل") and len(rest) > 3:
        return conj + 1
    if rest[:1] in "بكل" and rest[1:3] == "ال" and len(rest) > 4:
        return conj + 1
    if conj and rest.startswith("ال") and len(rest) > 3:
        return conj
    # shortest first: "وكلية" is و + كلية, not وك + "لية", when both remainders are known
    for p in _PROCLITICS_SHORT_FIRST:
        rest = word[len(p) :]
        if word.startswith(p) and len(rest) >= 2 and (rest in known or rest in also_known):
            return len(p)
    return 0


def split_proclitic(word: str) -> tuple[str, str]:
    """Return ``(proclitics, stem)`` of a folded word by the article rule alone
    (no lexicon): letters before a following ``ال`` or ``ل`` of ``لل``."""
    n = proclitic_length(word)
    return word[:n], word[n:]


def article_form(proclitics: str, stem: str) -> str:
    """Return ``stem`` with the article a ل + ال contraction took restored
    (``("ل", "لرئيس")`` -> "الرئيس"); other stems are returned as they are."""
    return "ا" + stem if proclitics.endswith("ل") and stem[:1] == "ل" else stem
