"""Marker phrases of the segmenter, loaded once from ``data/segment/markers.json`` and checked.

A :class:`Markers` object answers, for the match-form words of one line, which
marker categories it hits (menu item, related-block header, teaser prefix,
byline, notice, copyright, share/comment UI, end marker, promo, caption, date
word) and which news agency a phrase names.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any, Final

from ._resources import load_json
from ._segment_text import match_form
from .errors import DataFileError

__all__ = ["MARKERS_FILE", "Markers", "load_markers", "marker_offenders"]

MARKERS_FILE: Final[str] = "segment/markers.json"
_MODES: Final[frozenset[str]] = frozenset({"exact", "prefix", "contains", "token"})
# Only the first words of a line are searched for "contains"/"token" markers: chrome
# lines are short, and a bound keeps 1 MB lines linear and cheap.
MAX_MARKER_WORDS: Final[int] = 60


@dataclass(frozen=True, slots=True)
class Markers:
    """Checked marker tables: category -> (mode, phrases), agencies, stopwords."""

    exact: dict[str, tuple[str, ...]]
    prefix: dict[str, tuple[str, ...]]
    ngram: dict[str, tuple[str, ...]]
    max_prefix_words: int
    max_ngram_words: int
    agency_forms: dict[str, str]
    agency_tag_forms: dict[str, str]
    max_agency_words: int
    stopwords: frozenset[str]
    categories: tuple[str, ...]
    ngram_starts: dict[str, tuple[tuple[str, int, tuple[str, ...]], ...]]
    agency_lengths: dict[str, tuple[int, ...]]

    def hits(self, words: list[str]) -> set[str]:
        """Return the categories whose phrases the match-form ``words`` of one line hit."""
        found: set[str] = set()
        if not words:
            return found
        whole = " ".join(words) if len(words) <= 12 else ""
        if whole:
            found.update(self.exact.get(whole, ()))
        for n in range(1, min(self.max_prefix_words, len(words)) + 1):
            found.update(self.prefix.get(" ".join(words[:n]), ()))
        head = words[:MAX_MARKER_WORDS]
        starts = self.ngram_starts
        for i, word in enumerate(head):
            for phrase, n, cats in starts.get(word, ()):
                if n == 1 or " ".join(head[i : i + n]) == phrase:
                    found.update(cats)
        return found

    def agency(self, phrase: str) -> str | None:
        """Return the canonical agency a whole tag ``phrase`` names ("İLKHA", "بنا"), or None."""
        form = match_form(phrase)
        return self.agency_forms.get(form) or self.agency_tag_forms.get(form)


def _fail(msg: str) -> DataFileError:
    return DataFileError(f"{MARKERS_FILE}: {msg}")


def marker_offenders(data: Any) -> list[str]:
    """Return the phrases of a markers table that are not fixed points of ``match_form``."""
    bad: list[str] = []
    for spec in data.get("categories", {}).values():
        bad.extend(p for p in spec.get("phrases", ()) if match_form(p) != p)
    for agency in data.get("agencies", ()):
        bad.extend(p for p in agency.get("forms", ()) if match_form(p) != p)
        bad.extend(p for p in agency.get("tag_forms", ()) if match_form(p) != p)
    bad.extend(p for p in data.get("stopwords", ()) if match_form(p) != p)
    return bad


def _check(data: Any) -> None:
    if not isinstance(data, dict) or not isinstance(data.get("categories"), dict):
        raise _fail("expected an object with 'categories', 'agencies', 'stopwords'")
    offenders = marker_offenders(data)
    if offenders:
        raise _fail(f"entries not in match form: {offenders[:10]}")
    seen: dict[tuple[str, str], str] = {}
    for name, spec in data["categories"].items():
        mode = spec.get("mode")
        if mode not in _MODES:
            raise _fail(f"category {name!r} has unknown mode {mode!r}")
        phrases = spec.get("phrases", [])
        if len(set(phrases)) != len(phrases) or "" in phrases:
            raise _fail(f"category {name!r} has duplicate or empty phrases")
        for phrase in phrases:
            key = ("ngram" if mode in ("contains", "token") else mode, phrase)
            if key in seen:
                raise _fail(f"phrase {phrase!r} is in both {seen[key]!r} and {name!r} ({mode})")
            seen[key] = name
    owners: dict[str, str] = {}
    for agency in data.get("agencies", []):
        for form in [*agency["forms"], *agency.get("tag_forms", [])]:
            if form in owners:
                raise _fail(
                    f"agency form {form!r} names both {owners[form]!r} and {agency['name']!r}"
                )
            owners[form] = agency["name"]
    stop = data.get("stopwords", [])
    if len(set(stop)) != len(stop):
        raise _fail("duplicate stopwords")


def build_markers(data: Any) -> Markers:
    """Check a parsed markers table and index it for matching.

    Raises:
        DataFileError: malformed table, duplicate or overlapping entries, or an entry
            that is not a fixed point of ``match_form``.
    """
    _check(data)
    exact: dict[str, list[str]] = {}
    prefix: dict[str, list[str]] = {}
    ngram: dict[str, list[str]] = {}
    for name, spec in data["categories"].items():
        table = {"exact": exact, "prefix": prefix}.get(spec["mode"], ngram)
        for phrase in spec["phrases"]:
            table.setdefault(phrase, []).append(name)
    agency_forms = {f: a["name"] for a in data.get("agencies", []) for f in a["forms"]}
    tag_forms = {f: a["name"] for a in data.get("agencies", []) for f in a.get("tag_forms", [])}

    def words(table: dict[str, list[str]]) -> int:
        return max((k.count(" ") + 1 for k in table), default=0)

    starts: dict[str, list[tuple[str, int, tuple[str, ...]]]] = {}
    for phrase, cats in ngram.items():
        parts = phrase.split(" ")
        starts.setdefault(parts[0], []).append((phrase, len(parts), tuple(cats)))
    lengths: dict[str, set[int]] = {}
    for form in agency_forms:
        parts = form.split(" ")
        lengths.setdefault(parts[0], set()).add(len(parts))
    return Markers(
        agency_lengths={k: tuple(sorted(v)) for k, v in lengths.items()},
        ngram_starts={k: tuple(v) for k, v in starts.items()},
        exact={k: tuple(v) for k, v in exact.items()},
        prefix={k: tuple(v) for k, v in prefix.items()},
        ngram={k: tuple(v) for k, v in ngram.items()},
        max_prefix_words=words(prefix),
        max_ngram_words=words(ngram),
        agency_forms=agency_forms,
        agency_tag_forms=tag_forms,
        max_agency_words=max((f.count(" ") + 1 for f in agency_forms), default=0),
        stopwords=frozenset(data.get("stopwords", [])),
        categories=tuple(sorted(data["categories"])),
    )


@cache
def load_markers() -> Markers:
    """Load and check the shipped marker table once per process.

    Raises:
        DataFileError: the file is missing or fails its checks.
    """
    return build_markers(load_json(MARKERS_FILE))
