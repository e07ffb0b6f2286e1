"""Split a scraped news page into headline, statement, boilerplate and related sections.

``segment(text)`` works on plain text, one block a line; ``segment_html(html)``
first turns an HTML page into such lines. Both run the same chain of steps::

    split_lines -> describe_lines -> find_body -> find_headline -> topic_words
      -> line_features -> tag_lines (CRF) -> line_roles -> split_agency_tags
      -> merge_pieces

The CRF (``data/segment/lines.crfsuite``) is trained on synthetic pages by
``scripts/train_segmenter.py``; marker phrases are data
(``data/segment/markers.json``). Offsets are half-open code-point offsets into
the input (or, for HTML, into the derived text that is returned with them).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Final, NamedTuple

from ._html import html_to_text
from ._segment_features import (
    HEAD_MAX_WORDS,
    HEAD_TIE,
    LineInfo,
    agency_tag,
    describe_lines,
    find_body,
    headline_candidates,
    line_features,
    topic_words,
)
from ._segment_lines import Line, split_lines
from ._segment_markers import Markers, load_markers
from ._segment_model import marginals, runner_up, tag_lines
from ._segment_sections import line_roles, merge_pieces, split_agency_tags
from ._segment_text import match_words
from .errors import InputTypeError
from .types import PageMetadata, Section

__all__ = ["SegmentedHtml", "extract_metadata", "label_lines", "segment", "segment_html"]

# Least topical score a headline-pool line gets, so that a line the CRF is sure of can win
# without sharing words with the body (picked by reasoning, checked on the synthetic
# validation pages of scripts/train_segmenter.py; lower favours the topical rule).
HEAD_FLOOR: Final[float] = 0.2
# A byline or date line may follow the last statement line by up to this many characters
# (a credit or transmission-time line right under the body).
_META_AFTER_BODY: Final[int] = 200
# Credit, byline and date lines longer than this many words are not searched for an agency.
_CREDIT_MAX_WORDS: Final[int] = 36


class SegmentedHtml(NamedTuple):
    """What :func:`segment_html` returns: the derived ``text``, its ``sections`` and ``metadata``."""

    text: str
    sections: list[Section]
    metadata: PageMetadata


@cache
def _date_words() -> frozenset[str]:
    markers = load_markers()
    return frozenset(k for k, cats in markers.ngram.items() if "date_word" in cats and " " not in k)


def _tag(lines: list[Line]) -> tuple[list[LineInfo], list[str]]:
    markers = load_markers()
    infos = describe_lines(lines, markers, _date_words())
    body = find_body(infos)
    candidates = headline_candidates(infos, body)
    headline = next((i for i, score in candidates if score >= HEAD_TIE), None)
    topic = topic_words(infos, headline, body)
    kinds = tag_lines(line_features(infos, headline, body, topic))
    kinds = settle_headline(infos, kinds, candidates, body)
    return infos, _single_line(infos, kinds)


def settle_headline(
    infos: list[LineInfo],
    kinds: list[str],
    candidates: list[tuple[int, float]],
    body: tuple[int, int] | None,
) -> list[str]:
    """Keep one headline: the best of the rule's candidates and the CRF's headline lines.

    Must follow the CRF tagging of the same lines (it reads the CRF's marginals).
    Each line of the pool (the candidates of :func:`headline_candidates` and the
    lines the CRF tagged headline) scores its CRF probability of being a headline
    times its topical score (at least ``HEAD_FLOOR``); the best is the headline.
    Lines repeating its text stay (or, between it and the body, become)
    headlines; any other headline line gets its next likeliest kind.
    """
    rule = dict(candidates)
    pool = sorted(set(rule) | {i for i, k in enumerate(kinds) if k == "headline"})
    if not pool:
        return kinds
    probs = marginals(pool, "headline")
    scores = [p * max(rule.get(i, 0.0), HEAD_FLOOR) for i, p in zip(pool, probs, strict=True)]
    headline = pool[max(range(len(pool)), key=scores.__getitem__)]
    out = list(kinds)
    out[headline] = "headline"
    key = infos[headline].key
    stray = [
        i
        for i, k in enumerate(out)
        if k == "headline" and i != headline and not (key and infos[i].key == key)
    ]
    if stray:
        for i, k in zip(stray, runner_up(stray, "headline"), strict=True):
            out[i] = k
    b0 = body[0] if body is not None else len(out)
    for i in range(headline + 1, b0):
        if key and infos[i].key == key:
            out[i] = "headline"
    return out


def _single_line(infos: list[LineInfo], kinds: list[str]) -> list[str]:
    """A page of one line with no chrome marker is a headline (title-sized) or a statement."""
    if len(infos) != 1:
        return kinds
    info = infos[0]
    if info.hits - {"date_word"} or info.date_only or info.counter or info.agency_line:
        return kinds if kinds[0] != "statement" else ["boilerplate"]
    titled = info.n_words <= HEAD_MAX_WORDS and info.end != "stop"
    return ["headline" if titled else "statement"]


def label_lines(text: str) -> list[tuple[int, int, str]]:
    """Return (start, end, kind) for each non-blank line of ``text``, offsets in code points.

    Raises:
        InputTypeError: ``text`` is not a ``str`` (a ``TypeError``).
    """
    if not isinstance(text, str):
        raise InputTypeError(text)
    lines = split_lines(text)
    _, kinds = _tag(lines)
    return [(line.start, line.end, kind) for line, kind in zip(lines, kinds, strict=True)]


def segment(text: str) -> list[Section]:
    """Return the sections of a page given as text (one block a line), in order.

    Sections do not overlap and cover every non-space character; offsets are
    code-point offsets into ``text`` and ``section.text == text[start:end]``.
    Empty or blank text gives ``[]``.

    Raises:
        InputTypeError: ``text`` is not a ``str`` (a ``TypeError``).
        DataFileError: a shipped segmenter file is missing or broken.
    """
    if not isinstance(text, str):
        raise InputTypeError(text)
    lines = split_lines(text)
    if not lines:
        return []
    infos, kinds = _tag(lines)
    roles = line_roles(infos, kinds)
    return merge_pieces(split_agency_tags(lines, infos, kinds, roles), text)


def segment_html(html: str) -> SegmentedHtml:
    """Return the text derived from an HTML page (one visible block a line), its sections and metadata.

    Scripts, styles, ``head``, SVG, iframes, templates and hidden elements are
    dropped. Section offsets index the returned ``text``.

    Raises:
        InputTypeError: ``html`` is not a ``str`` (a ``TypeError``).
        DataFileError: a shipped segmenter file is missing or broken.
    """
    if not isinstance(html, str):
        raise InputTypeError(html, "html")
    text = html_to_text(html)
    sections = segment(text)
    return SegmentedHtml(text, sections, extract_metadata(text, sections))


def extract_metadata(text: str, sections: Sequence[Section] | None = None) -> PageMetadata:
    """Return the agency, byline and dateline a page states, from its ``sections``.

    ``sections`` default to ``segment(text)``. The agency is given in its
    canonical form (e.g. ``"İLKHA"``, ``"الأناضول"``, ``"د ب أ"``, ``"واس"``);
    byline and dateline are the text of the line that holds them.

    Raises:
        InputTypeError: ``text`` is not a ``str`` (a ``TypeError``).
    """
    if not isinstance(text, str):
        raise InputTypeError(text)
    secs = list(segment(text) if sections is None else sections)
    markers = load_markers()
    agency = _find_agency(secs, markers)
    region = _article_region(secs)
    byline = _first_in(secs, region, "byline")
    dateline = _first_in(secs, region, "date")
    return PageMetadata(agency=agency, byline=byline, dateline=dateline)


def _article_region(secs: list[Section]) -> tuple[int, int]:
    """Return (start, end) offsets from the first headline to the end of the last statement."""
    main = [s for s in secs if s.kind in ("headline", "statement")]
    if not main:
        return 0, secs[-1].end if secs else 0
    last = (
        max(s.end for s in main if s.kind == "statement")
        if any(s.kind == "statement" for s in main)
        else main[-1].end
    )
    return main[0].start, last + _META_AFTER_BODY


def _first_in(secs: list[Section], region: tuple[int, int], role: str) -> str | None:
    for sec in secs:
        if sec.role == role and sec.kind == "boilerplate" and region[0] <= sec.start <= region[1]:
            return sec.text
    return None


def _find_agency(secs: list[Section], markers: Markers) -> str | None:
    for sec in secs:
        if sec.role == "agency" and sec.kind == "statement":
            tag = agency_tag(sec.text, markers)
            return tag[0] if tag else sec.text.strip("()[]-–— ")
    for sec in secs:
        if sec.kind != "boilerplate" or sec.role not in ("agency", "date", "byline"):
            continue
        words = match_words(sec.text)
        if len(words) > _CREDIT_MAX_WORDS:
            continue
        for n in range(markers.max_agency_words, 0, -1):
            for i in range(len(words) - n + 1):
                name = markers.agency_forms.get(" ".join(words[i : i + n]))
                if name:
                    return name
    return None
