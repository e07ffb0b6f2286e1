"""Steps 2-5 of the segmenter: describe lines, find the body and the headline, featurize.

The chain is::

    describe_lines -> find_body -> find_headline -> topic_words -> line_features

Each step is a pure function with one job; ``line_features`` returns one list of
string features per line for the CRF in :mod:`arabic_news._segment_model`.
Thresholds are named constants; they were set on synthetic pages built by
``scripts/train_segmenter.py`` from the ANT corpus, not on the dev pages.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from ._segment_lines import Line
from ._segment_markers import Markers, load_markers
from ._segment_text import content_words, match_words, match_words_many, script_shares

__all__ = [
    "LineInfo",
    "agency_tag",
    "clear_line_cache",
    "describe_line",
    "describe_lines",
    "find_body",
    "find_headline",
    "headline_candidates",
    "is_date_line",
    "line_features",
    "topic_words",
]

# A line of at least this many words counts as a paragraph of running text
# (ANT article paragraphs: median ~35 words; headlines and list titles: 5-14).
PARA_WORDS: Final[int] = 15
# Up to this many non-paragraph lines may interrupt a body block (in-body teasers,
# subheadings, captions) before the block is considered closed.
BODY_GAP: Final[int] = 3
# A block of running text that has at least this share of the largest block's words
# can be the article body (the earliest such block is taken).
BODY_MIN_SHARE: Final[float] = 0.5
# The headline is searched among this many lines before the body block.
HEAD_WINDOW: Final[int] = 12
# Headline candidates have between these many words.
HEAD_MIN_WORDS: Final[int] = 2
HEAD_MAX_WORDS: Final[int] = 35
# Candidates scoring within this share of the best are tied; the earliest wins
# (a caption or a repeated title sits below the headline, not above it).
HEAD_TIE: Final[float] = 0.9
# How many body paragraphs (from the block's start) define the article's topic.
LEAD_PARAS: Final[int] = 2
# Body paragraphs whose words the headline is scored against.
HEAD_BODY_PARAS: Final[int] = 3
# Lines up to this many characters are remembered across pages (menus, UI strings) ...
CACHED_LINE_CHARS: Final[int] = 80
# ... in a cache of at most this many lines (a few MB).
LINE_CACHE_SIZE: Final[int] = 20_000
# Lines longer than this many characters are not compared for repetition.
DUP_MAX_CHARS: Final[int] = 300

_SENT_END: Final[str] = ".!?؟…。"
_DATE_NUM_RE: Final[re.Pattern[str]] = re.compile(
    r"(?<!\d)(?:\d{1,4}[/.\-]\d{1,2}[/.\-]\d{1,4}|\d{1,2}:\d{2}(?::\d{2})?)(?!\d)"
)
_YEAR_RE: Final[re.Pattern[str]] = re.compile(r"(?<!\d)(?:1[34]\d\d|19\d\d|20\d\d)(?!\d)")
_PAREN_TAG_RE: Final[re.Pattern[str]] = re.compile(
    r"[(\[]\s*([^()\[\]\n]{1,30}?)\s*[)\]][\s.\u06d4]*$"
)
_DASH_TAG_RE: Final[re.Pattern[str]] = re.compile(r"(?:^|\s)[-–—]\s*([^\-–—\n]{2,30}?)[\s.]*$")
_ABBREV_RE: Final[re.Pattern[str]] = re.compile(
    r"^(?:[A-ZÇĞİÖŞÜ]{2,8}|[\u0621-\u064A](?:[\s.]+[\u0621-\u064A]){1,3}\.?)$"
)


@dataclass(frozen=True, slots=True)
class LineInfo:
    """What the segmenter knows about one line before tagging."""

    n_words: int
    n_chars: int
    content: frozenset[str]
    hits: frozenset[str]
    end: str
    first: str
    arabic: float
    latin: float
    digits: float
    n_sent: int
    date: bool
    date_only: bool
    agency_end: str | None
    agency_start: int
    agency_line: bool
    counter: bool
    key: str
    words: list[str]


def _char_class(ch: str) -> str:
    if ch in _SENT_END:
        return "stop"
    if ch in ":؛;":
        return "colon"
    if ch in "\"'«»“”„":
        return "quote"
    if ch in ")]":
        return "paren"
    if ch.isdigit():
        return "digit"
    if "\u0600" <= ch <= "\u06ff":
        return "ar"
    if ch.isalpha():
        return "alpha"
    return "sym"


def agency_tag(text: str, markers: Markers) -> tuple[str, int] | None:
    """Return (agency, start offset in ``text``) of an agency tag ending ``text``, e.g. "(İLKHA)"."""
    tail = text[-48:]
    base = len(text) - len(tail)
    match = _PAREN_TAG_RE.search(tail)
    if match:
        inner = match.group(1).strip()
        known = markers.agency(inner)
        if known or _ABBREV_RE.match(inner):
            return (known or inner), base + match.start()
    match = _DASH_TAG_RE.search(tail)
    if match:
        known = markers.agency(match.group(1).strip())
        if known:
            start = base + match.start()
            while text[start].isspace():
                start += 1
            return known, start
    return None


def is_date_line(
    words: list[str], raw: str, date_words: frozenset[str], has_digits: bool = True
) -> tuple[bool, bool]:
    """Return (has a date/time, is mostly a date/time) for one line's words and raw text."""
    if not has_digits:
        return False, False
    has_num = bool(_DATE_NUM_RE.search(raw[:200]))
    n_date = sum(1 for w in words[:40] if w in date_words)
    has_year = bool(_YEAR_RE.search(raw[:200]))
    has_date = has_num or (n_date > 0 and (has_year or any(w.isdigit() for w in words[:40])))
    if not has_date or len(words) > 14:
        return has_date, False
    datey = sum(1 for w in words if w in date_words or w.isdigit())
    return True, datey * 2 >= len(words) or (has_num and len(words) <= 4)


def _names_agency(words: list[str], markers: Markers) -> bool:
    forms = markers.agency_forms
    for i, word in enumerate(words):
        for n in markers.agency_lengths.get(word, ()):
            if " ".join(words[i : i + n]) in forms:
                return True
    return False


def describe_line(
    text: str, markers: Markers, date_words: frozenset[str], words: list[str] | None = None
) -> LineInfo:
    """Step 2a: compute one trimmed line's words, marker hits, shapes and shares.

    ``words`` are the line's match-form words when already computed.
    """
    if words is None:
        words = match_words(text)
    hits = frozenset(markers.hits(words))
    sample = text if len(text) <= 2000 else text[:2000]
    arabic, latin, digits = script_shares(sample)
    date, date_only = is_date_line(words, text, date_words, digits > 0)
    tail = text[-40:]
    maybe_tag = len(words) >= 2 and (text[-1] in ")]." or "-" in tail or "–" in tail)
    tag = agency_tag(text, markers) if maybe_tag else None
    agency_line = len(words) <= 8 and _names_agency(words, markers)
    return LineInfo(
        n_words=len(words),
        n_chars=len(text),
        content=content_words(words, markers.stopwords),
        hits=hits,
        end=_char_class(text[-1]),
        first=_char_class(text[0]),
        arabic=arabic,
        latin=latin,
        digits=digits,
        n_sent=sum(sample.count(c) for c in ".!?؟"),
        date=date,
        date_only=date_only,
        agency_end=tag[0] if tag else None,
        agency_start=tag[1] if tag else -1,
        agency_line=agency_line,
        counter=len(words) == 1 and words[0].isdigit() and len(words[0]) <= 3,
        key=" ".join(words) if len(text) <= DUP_MAX_CHARS else "",
        words=words if len(words) <= 200 else words[:200],
    )


def describe_lines(
    lines: list[Line], markers: Markers, date_words: frozenset[str]
) -> list[LineInfo]:
    """Step 2: describe every line.

    A line repeated on the page is described once; short lines (menus, share
    buttons, section names: up to ``CACHED_LINE_CHARS``) are also remembered across
    pages in a bounded cache when the shipped markers are used, as a crawl of one
    site repeats them on every page.
    """
    seen: dict[str, LineInfo] = {}
    infos: list[LineInfo] = []
    shipped = markers is load_markers()
    distinct = list(dict.fromkeys(line.text for line in lines))
    words_of = dict(zip(distinct, match_words_many(distinct), strict=True))
    for line in lines:
        text = line.text
        info = seen.get(text)
        if info is None:
            if shipped and len(text) <= CACHED_LINE_CHARS:
                info = _describe_cached(text, date_words, tuple(words_of[text]))
            else:
                info = describe_line(text, markers, date_words, words_of[text])
            if len(text) <= DUP_MAX_CHARS:
                seen[text] = info
        infos.append(info)
    return infos


@lru_cache(maxsize=LINE_CACHE_SIZE)
def _describe_cached(text: str, date_words: frozenset[str], words: tuple[str, ...]) -> LineInfo:
    return describe_line(text, load_markers(), date_words, list(words))


def clear_line_cache() -> None:
    """Forget the short lines remembered across pages (for benchmarks and tests)."""
    _describe_cached.cache_clear()


def _is_para(info: LineInfo) -> bool:
    return info.n_words >= PARA_WORDS


def find_body(infos: list[LineInfo]) -> tuple[int, int] | None:
    """Step 3: return (first, last) line index of the article's block of running text, or None.

    Blocks are runs of paragraph lines allowing gaps of up to ``BODY_GAP`` shorter
    lines. The first block with at least ``BODY_MIN_SHARE`` of the largest block's
    words wins (briefs of other stories come after the article, not before it).
    """
    blocks: list[tuple[int, int, int]] = []
    start = last = -1
    weight = 0
    for i, info in enumerate(infos):
        if not _is_para(info):
            continue
        if start >= 0 and i - last - 1 <= BODY_GAP:
            last = i
            weight += info.n_words
        else:
            if start >= 0:
                blocks.append((start, last, weight))
            start, last, weight = i, i, info.n_words
    if start >= 0:
        blocks.append((start, last, weight))
    if not blocks:
        return None
    top = max(w for _, _, w in blocks)
    first = next(b for b in blocks if b[2] >= top * BODY_MIN_SHARE)
    return first[0], first[1]


def _overlap(a: frozenset[str], b: AbstractSet[str]) -> float:
    return len(a & b) / len(a) if a else 0.0


def headline_candidates(
    infos: list[LineInfo], body: tuple[int, int] | None
) -> list[tuple[int, float]]:
    """Step 4: return (line index, score relative to the best, in (0, 1]) of headline candidates.

    Candidates are the lines in the ``HEAD_WINDOW`` lines before the body (and the
    body's first line when it reads like a title: no final stop), scored by the
    words they share with the body's first paragraphs over the square root of
    their own word count; they are returned in page order. Without a body, the
    first line of title length is the only candidate.
    """
    if not infos:
        return []
    if body is None:
        return next(
            ([(i, 1.0)] for i, info in enumerate(infos[:HEAD_WINDOW]) if _candidate(info)), []
        )
    b0, b1 = body
    body_words: set[str] = set()
    n = 0
    for info in infos[b0 : b1 + 1]:
        if _is_para(info):
            body_words |= info.content
            n += 1
            if n >= HEAD_BODY_PARAS:
                break
    lo = max(0, b0 - HEAD_WINDOW)
    stops = [i for i in range(lo, b0) if _candidate(infos[i])]
    if infos[b0].end != "stop" and infos[b0].n_words <= HEAD_MAX_WORDS:
        stops.append(b0)
        body_words -= infos[b0].content
    scored: list[tuple[float, int]] = []
    for i in stops:
        c = infos[i].content
        shared = len(c & body_words)
        if shared:
            scored.append((shared / max(1.0, len(c)) ** 0.5, i))
    if scored:
        top = max(s for s, _ in scored)
        return [(i, s / top) for s, i in scored]
    return [(stops[-1], 1.0)] if stops else []


def find_headline(infos: list[LineInfo], body: tuple[int, int] | None) -> int | None:
    """Step 4: return the index of the headline line: the first candidate within ``HEAD_TIE`` of the best."""
    return next((i for i, score in headline_candidates(infos, body) if score >= HEAD_TIE), None)


def _candidate(info: LineInfo) -> bool:
    if not HEAD_MIN_WORDS <= info.n_words <= HEAD_MAX_WORDS or info.date_only or info.counter:
        return False
    return not (info.hits & _NOT_HEAD)


_NOT_HEAD: Final[frozenset[str]] = frozenset(
    {
        "navigation",
        "related_header",
        "ui",
        "copyright",
        "notice_prefix",
        "byline",
        "promo",
        "end_marker",
        "caption",
    }
)


def topic_words(
    infos: list[LineInfo], headline: int | None, body: tuple[int, int] | None
) -> frozenset[str]:
    """Step 5: return the article's topic words: the headline's and the lead paragraphs'."""
    words: set[str] = set()
    if headline is not None:
        words |= infos[headline].content
    if body is not None:
        n = 0
        for i in range(body[0], body[1] + 1):
            if i != headline and _is_para(infos[i]):
                words |= infos[i].content
                n += 1
                if n >= LEAD_PARAS:
                    break
    return frozenset(words)


def _bucket(x: float, edges: tuple[float, ...]) -> int:
    """Index of the first edge >= x (len(edges) when x is above them all)."""
    return bisect_left(edges, x)


def _names(prefix: str, edges: tuple[float, ...]) -> tuple[str, ...]:
    """Feature names ``prefix + bucket`` for every bucket of ``edges``."""
    return tuple(f"{prefix}{k}" for k in range(len(edges) + 1))


_WORD_EDGES: Final[tuple[float, ...]] = (0, 1, 2, 3, 5, 8, 12, 20, 40)
_SHARE_EDGES: Final[tuple[float, ...]] = (0.0, 0.1, 0.3, 0.6, 0.9)
_OV_EDGES: Final[tuple[float, ...]] = (0.0, 0.1, 0.2, 0.35, 0.5)
_DIST_EDGES: Final[tuple[float, ...]] = (0, 1, 2, 3, 5, 10, 20, 50)
_SHARED_EDGES: Final[tuple[float, ...]] = (0, 1, 2, 4)


def _table(prefix: str, edges: tuple[float, ...]) -> tuple[str, ...]:
    """Precompute ``prefix + bucket`` for integers 0 .. last edge + 1 (index with ``min``)."""
    top = int(edges[-1]) + 1
    return tuple(f"{prefix}{_bucket(i, edges)}" for i in range(top + 1))


def _at(table: tuple[str, ...], i: int) -> str:
    return table[i if i < len(table) else -1]


_WC: Final = _table("wc=", _WORD_EDGES)
_POS: Final = _table("pos=", _DIST_EDGES)
_EPOS: Final = _table("epos=", _DIST_EDGES)
_DHEAD_AFTER: Final = _table("dhead=+", _DIST_EDGES)
_DHEAD_BEFORE: Final = _table("dhead=-", _DIST_EDGES)
_BEFORE_BODY: Final = _table("before_body=", _DIST_EDGES)
_AFTER_BODY: Final = _table("after_body=", _DIST_EDGES)
_SHARED: Final = _table("shared=", _SHARED_EDGES)
_SRUN: Final = _table("srun=", _DIST_EDGES)
_SINCE_REL: Final = _table("since_rel=", _DIST_EDGES)
_SINCE_NOTICE: Final = _table("since_notice=", _DIST_EDGES)
_SENT: Final = tuple(f"sent={k}" for k in range(4))
_RPOS: Final = tuple(f"rpos={k}" for k in range(10))
_DUP: Final = tuple(f"dup={k}" for k in range(4))
_MAIN_SCRIPT: Final = _names("main_script=", _SHARE_EDGES)
_OTHER_SCRIPT: Final = _names("other_script=", _SHARE_EDGES)
_DIG: Final = _names("dig=", _SHARE_EDGES)
_OV: Final = _names("ov=", _OV_EDGES)
_KIND_OV: Final = {k: _names(f"{k}_ov=", _OV_EDGES) for k in ("para", "mid", "short")}
_PRIOR_OV: Final = _names("prior_ov=", _OV_EDGES)
_PREV_OV: Final = _names("prev_ov=", _OV_EDGES)
_NEXT_OV: Final = _names("next_ov=", _OV_EDGES)


def _signed(d: int) -> str:
    if d == 0:
        return "dhead=0"
    return _at(_DHEAD_AFTER, d) if d > 0 else _at(_DHEAD_BEFORE, -d)


def _own_features(info: LineInfo) -> list[str]:
    """Features of a line that its neighbours also see (prefixed there)."""
    out = [
        _at(_WC, info.n_words),
        f"end={info.end}",
        f"first={info.first}",
    ]
    out.extend("m=" + h for h in sorted(info.hits))
    if info.date:
        out.append("date")
    if info.date_only:
        out.append("date_only")
    if info.counter:
        out.append("counter")
    if info.agency_line:
        out.append("agency_line")
    if info.n_words >= PARA_WORDS:
        out.append("para")
    return out


def line_features(
    infos: list[LineInfo],
    headline: int | None,
    body: tuple[int, int] | None,
    topic: frozenset[str],
) -> list[list[str]]:
    """Step 6: return the CRF feature strings of every line (own, position, topic, neighbours)."""
    n = len(infos)
    # Own features and their neighbour-prefixed copies, computed once per distinct line.
    by_id: dict[int, tuple[list[str], dict[int, list[str]]]] = {}
    own: list[list[str]] = []
    prefixed: list[dict[int, list[str]]] = []
    for info in infos:
        found = by_id.get(id(info))
        if found is None:
            mine = _own_features(info)
            found = by_id[id(info)] = (mine, _neighbour_views(tuple(mine)))
        own.append(found[0])
        prefixed.append(found[1])
    counts: dict[str, int] = {}
    for info in infos:
        if info.key:
            counts[info.key] = counts.get(info.key, 0) + 1
    short_run = _short_runs(infos)
    # Script features are relative to the page's main script, so a page without
    # Arabic is read by its layout like any other page.
    arabic_page = sum(x.arabic * x.n_chars for x in infos) >= sum(
        x.latin * x.n_chars for x in infos
    )
    head_key = infos[headline].key if headline is not None else ""
    b0, b1 = body if body is not None else (-1, -1)
    rel_header_at = -1
    notice_at = -1
    prior: set[str] = set(infos[headline].content) if headline is not None else set()
    prior_paras = 0
    feats: list[list[str]] = []
    for i, info in enumerate(infos):
        f = ["bias", *own[i]]
        add = f.append
        main, other = (info.arabic, info.latin) if arabic_page else (info.latin, info.arabic)
        add(_MAIN_SCRIPT[_bucket(main, _SHARE_EDGES)])
        add(_OTHER_SCRIPT[_bucket(other, _SHARE_EDGES)])
        add(_DIG[_bucket(info.digits, _SHARE_EDGES)])
        add(_SENT[min(info.n_sent, 3)])
        add(_at(_POS, i))
        add(_RPOS[min(9, i * 10 // n)])
        add(_at(_EPOS, n - 1 - i))
        if info.agency_end:
            add("agency_end")
        # Position relative to the headline and the body block.
        if headline is None:
            add("no_head")
        else:
            add(_signed(i - headline))
            if i == headline:
                add("is_head")
            elif head_key and info.key == head_key:
                add("same_as_head")
        if body is None:
            add("no_body")
        elif i < b0:
            add(_at(_BEFORE_BODY, b0 - i))
        elif i > b1:
            add(_at(_AFTER_BODY, i - b1))
        else:
            add("in_body")
        # Topical coherence with the headline and lead, and with everything before.
        ov = _overlap(info.content, topic)
        shared = len(info.content & topic)
        ov_bucket = _bucket(ov, _OV_EDGES)
        add(_OV[ov_bucket])
        add(_at(_SHARED, shared))
        tag = "para" if info.n_words >= PARA_WORDS else ("mid" if info.n_words >= 5 else "short")
        add(_KIND_OV[tag][ov_bucket])
        add(_PRIOR_OV[_bucket(_overlap(info.content, prior), _OV_EDGES)])
        if i > 0:
            add(_PREV_OV[_bucket(_overlap(info.content, infos[i - 1].content), _OV_EDGES)])
        if i + 1 < n:
            add(_NEXT_OV[_bucket(_overlap(info.content, infos[i + 1].content), _OV_EDGES)])
        # Layout: repetition and runs of short lines.
        dup = counts.get(info.key, 1) if info.key else 1
        add(_DUP[min(dup, 3)])
        add(_at(_SRUN, short_run[i]))
        if rel_header_at >= 0:
            add(_at(_SINCE_REL, i - rel_header_at))
        if notice_at >= 0:
            add(_at(_SINCE_NOTICE, i - notice_at))
        for d in _OFFSETS:
            j = i + d
            if 0 <= j < n:
                f.extend(prefixed[j][d])
            else:
                add(_NONE[d])
        feats.append(f)
        if "related_header" in info.hits:
            rel_header_at = i
        if info.hits & _NOTICE and i > b0 >= 0:
            notice_at = i
        if b0 <= i <= b1 and info.n_words >= PARA_WORDS and prior_paras < 8:
            prior |= info.content
            prior_paras += 1
    return feats


# Neighbour feature names by offset: a bounded cache (own features come from a fixed vocabulary).
_OFFSETS: Final[tuple[int, ...]] = (-2, -1, 1, 2)
# Lines two away contribute only these own features (length, markers, shapes), to keep tagging fast.
_FAR_PREFIXES: Final[tuple[str, ...]] = ("wc=", "m=", "para", "date_only", "counter")
_NEIGHBOUR: Final[dict[int, dict[str, str]]] = {d: {} for d in _OFFSETS}
_NONE: Final[dict[int, str]] = {d: f"{d}:none" for d in _NEIGHBOUR}


@lru_cache(maxsize=4096)
def _neighbour_views(feats: tuple[str, ...]) -> dict[int, list[str]]:
    """A line's own features as its neighbours at each offset see them (shared, read-only)."""
    return {d: _prefixed(d, feats) for d in _OFFSETS}


def _prefixed(d: int, feats: tuple[str, ...] | list[str]) -> list[str]:
    names = _NEIGHBOUR[d]
    out: list[str] = []
    for x in feats:
        if abs(d) > 1 and not x.startswith(_FAR_PREFIXES):
            continue
        name = names.get(x)
        if name is None:
            name = names[x] = f"{d}:{x}"
        out.append(name)
    return out


_NOTICE: Final[frozenset[str]] = frozenset({"copyright", "notice_prefix", "end_marker"})


def _short_runs(infos: list[LineInfo]) -> list[int]:
    """Return, for each line, the length of the run of short (<= 4 words) lines it is in (0 if long)."""
    out = [0] * len(infos)
    i = 0
    n = len(infos)
    while i < n:
        if infos[i].n_words > 4:
            i += 1
            continue
        j = i
        while j < n and infos[j].n_words <= 4:
            j += 1
        for k in range(i, j):
            out[k] = j - i
        i = j
    return out
