"""Tie the stages together: text or HTML in, :class:`~arabic_news.types.Article` out.

:func:`analyze` runs each stage once, in order, as a chain of small named steps:

1. ``_check_input``      -- ``str`` or :class:`~arabic_news.errors.InputTypeError`;
2. ``looks_like_html``   -- decide text or HTML when the caller did not say;
3. ``_normalize_step``   -- ``display`` normalization (invisible characters, presentation
   forms, whitespace runs), keeping an offset map back to the caller's text;
4. ``_segment_step``     -- headline / statement / boilerplate / related sections;
5. ``_extract_step``     -- one call of the extractor on the text with boilerplate blanked out
   (offsets unchanged), mentions assigned to their section, headline and statement mentions
   grouped;
6. ``_map_back_step``    -- every span mapped back to the caller's text.

For plain text, ``Article.text`` is the caller's own string and every offset points into it.
For HTML, ``Article.text`` is the text the segmenter derived from the page.

:func:`analyze_many` is the batch engine behind ``arabic-news batch``: a generator that keeps
input order, gives one output per input (an :class:`RecordError` for a bad record), and runs
``workers`` processes, each loading the models once, with a bounded number of records in flight
so that memory stays flat however many records stream through.
"""

from __future__ import annotations

import bisect
import importlib
import itertools
import os
import re
import signal
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, replace
from functools import cache
from typing import TYPE_CHECKING, Any, Final, NamedTuple, TypeVar

from .errors import DataFileError, InputTypeError, ModelNotFoundError, UnknownOptionError
from .types import Article, Entity, EntityGroup, PageMetadata, Section

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext

__all__ = [
    "RecordError",
    "analyze",
    "analyze_many",
    "looks_like_html",
]

#: Only the start of a document is inspected to decide whether it is HTML (characters).
HTML_SNIFF_CHARS: Final = 65_536
#: A text starting with ``<`` is HTML when one of these tags appears in the sniffed part; any
#: text is HTML when it holds a document-level tag or at least ``HTML_MIN_TAGS`` block tags.
#: Calibrated on the dev pages of ../shared/data/seg/dev (text and html forms): no plain-text
#: page there holds even one such tag, every HTML page holds hundreds.
HTML_MIN_TAGS: Final = 3
_DOC_TAG_RE: Final = re.compile(r"<(?:!doctype\s+html|html|head|body)[\s>]", re.IGNORECASE)
_BLOCK_TAG_RE: Final = re.compile(
    r"</?(?:p|div|br|article|section|main|span|h[1-6]|li|ul|ol|table|tr|td|a|img|meta|script|"
    r"style|header|footer|nav|figure|figcaption|blockquote)(?:\s[^<>]*)?/?>",
    re.IGNORECASE,
)

#: Records per task sent to a worker process, and tasks kept in flight per worker. Together
#: they bound memory (at most ``workers * TASKS_IN_FLIGHT_PER_WORKER * CHUNK_SIZE`` records are
#: held) while amortizing inter-process overhead. Calibrated with benchmarks/bench_pipeline.py
#: on sample-sized articles on a 2-core machine.
CHUNK_SIZE: Final = 16
TASKS_IN_FLIGHT_PER_WORKER: Final = 4

#: A short article analyzed once when a worker starts, so every model is loaded before the
#: first real record (and exactly once per worker process).
_WARM_UP_TEXT: Final = (
    "وزير الخارجية التركي هاكان فيدان يلتقي وفد حماس في أنقرة\n"
    "التقى وزير الخارجية التركي هاكان فيدان في العاصمة أنقرة وفدا من حركة حماس.\n"
)


@dataclass(frozen=True, slots=True)
class RecordError:
    """One input record that could not be analyzed: its 0-based ``index`` in the input
    stream, the exception type name ``error`` and a human-readable ``message``."""

    index: int
    error: str
    message: str

    def to_dict(self) -> dict[str, Any]:
        """Return ``{"type": error, "message": message}`` (the batch output's error field)."""
        return {"type": self.error, "message": self.message}


class _Stages(NamedTuple):
    normalize: Callable[..., str]
    normalize_with_offsets: Callable[..., Any]
    segment: Callable[[str], list[Section]]
    segment_html: Callable[[str], Any]
    extract_entities: Callable[..., list[Entity]]
    group_entities: Callable[..., list[EntityGroup]]
    metadata: Callable[..., Any] | None


_LOADS = 0


@cache
def _stages() -> _Stages:
    """Import the three stages once per process (their models load lazily on first use)."""
    global _LOADS
    # import_module, not ``from . import``: the package re-exports functions of these names.
    normalize = importlib.import_module(".normalize", __package__)
    segment = importlib.import_module(".segment", __package__)
    extract = importlib.import_module(".extract", __package__)
    _LOADS += 1
    return _Stages(
        normalize=normalize.normalize,
        normalize_with_offsets=normalize.normalize_with_offsets,
        segment=segment.segment,
        segment_html=segment.segment_html,
        extract_entities=extract.extract_entities,
        group_entities=extract.group_entities,
        metadata=getattr(segment, "extract_metadata", None),
    )


def _load_count() -> int:
    """Return how many times this process loaded the stages (1 once warm; for tests)."""
    return _LOADS


# ---------------------------------------------------------------------------- steps


def _check_input(value: object) -> str:
    if not isinstance(value, str):
        raise InputTypeError(value, "text_or_html")
    return value


def looks_like_html(text: str) -> bool:
    """Return True when ``text`` (str) looks like an HTML document or fragment.

    Only the first ``HTML_SNIFF_CHARS`` characters are read, so the cost is constant.

    Raises:
        InputTypeError: ``text`` is not a str.
    """
    head = _check_input(text)[:HTML_SNIFF_CHARS]
    if _DOC_TAG_RE.search(head):
        return True
    if _BLOCK_TAG_RE.search(head) is None:
        return False
    if head.lstrip().startswith("<"):
        return True
    for count, _ in enumerate(_BLOCK_TAG_RE.finditer(head), start=1):
        if count >= HTML_MIN_TAGS:
            return True
    return False


class _Normalized(NamedTuple):
    text: str  # what the stages see
    source: str  # what offsets must refer to in the Article
    span: Callable[[int, int], tuple[int, int]] | None  # text span -> source span; None = same


def _normalize_step(stages: _Stages, text: str, is_html: bool) -> _Normalized:
    if is_html:  # offsets will refer to the text derived from the page, not to the markup
        normalized = stages.normalize(text, "display")
        return _Normalized(normalized, normalized, None)
    normalized, offsets = stages.normalize_with_offsets(text, "display")
    if normalized == text:
        return _Normalized(text, text, None)
    return _Normalized(normalized, text, offsets.span)


class _Segmented(NamedTuple):
    text: str
    sections: list[Section]
    metadata: PageMetadata


def _segment_step(stages: _Stages, text: str, is_html: bool) -> _Segmented:
    """Segment plain text, or derive the text from HTML and segment it."""
    if is_html:
        derived, sections, *rest = stages.segment_html(text)
        found = rest[0] if rest else None
    else:
        derived, sections, found = text, stages.segment(text), None
    if found is None and stages.metadata is not None:
        found = stages.metadata(derived, sections)
    return _Segmented(derived, list(sections), _as_metadata(found, sections, derived))


def _as_metadata(found: Any, sections: list[Section], text: str) -> PageMetadata:
    """Take the segmenter's metadata when it gives some, else read it off section roles."""
    if isinstance(found, PageMetadata):
        return found
    if isinstance(found, dict):
        return PageMetadata.from_dict(found)
    by_role: dict[str, str] = {}
    for sec in sections:
        if sec.role in ("agency", "byline", "date") and sec.role not in by_role:
            by_role[sec.role] = sec.text.strip().strip("()[]").strip() or sec.text.strip()
    return PageMetadata(
        agency=by_role.get("agency"), byline=by_role.get("byline"), dateline=by_role.get("date")
    )


_MAIN_KINDS: Final = frozenset({"headline", "statement"})


def _blank_boilerplate(text: str, sections: list[Section]) -> str:
    """Replace every boilerplate character except line breaks by a space (offsets unchanged)."""
    if not any(s.kind == "boilerplate" for s in sections):
        return text
    parts: list[str] = []
    pos = 0
    for sec in sections:
        if sec.kind != "boilerplate":
            continue
        parts.append(text[pos : sec.start])
        parts.append(re.sub(r"[^\n]", " ", text[sec.start : sec.end]))
        pos = sec.end
    parts.append(text[pos:])
    return "".join(parts)


def _assign_sections(
    entities: list[Entity], sections: list[Section]
) -> tuple[list[Entity], list[Entity]]:
    """Split mentions into (headline/statement, related), each tagged with its section index.

    A mention not inside one single section, or inside boilerplate, is dropped.
    """
    main: list[Entity] = []
    related: list[Entity] = []
    i = 0
    for ent in sorted(entities, key=lambda e: (e.start, e.end)):
        while i < len(sections) and sections[i].end <= ent.start:
            i += 1
        if i == len(sections):
            break
        sec = sections[i]
        if not (sec.start <= ent.start and ent.end <= sec.end):
            continue
        if sec.kind in _MAIN_KINDS:
            main.append(replace(ent, section=i))
        elif sec.kind == "related":
            related.append(replace(ent, section=i))
    return main, related


class _Extracted(NamedTuple):
    entities: list[Entity]
    related: list[Entity]
    groups: list[EntityGroup]


# The name inside an agency tag: "(İLKHA)" -> "İLKHA", "- الأناضول" -> "الأناضول", "(د ب أ)".
_AGENCY_NAME: Final = re.compile(r"\w(?:[\w. ]*\w)?")
#: Score of an agency named by a statement's agency tag (found by the segmenter, not the model).
AGENCY_TAG_SCORE: Final = 0.9


def _agency_mentions(
    stages: _Stages, text: str, sections: list[Section], found: list[Entity]
) -> list[Entity]:
    """ORG mentions for agency tags ending statement lines that the model did not mark."""
    out: list[Entity] = []
    # found is in text order: an entity overlaps [start, end) iff, among those
    # starting before end, the furthest end reaches past start
    starts = [e.start for e in found]
    reach = list(itertools.accumulate((e.end for e in found), max))
    for s in sections:
        if s.role != "agency" or s.kind != "statement":
            continue
        m = _AGENCY_NAME.search(s.text)
        if m is None:
            continue
        start, end = s.start + m.start(), s.start + m.end()
        i = bisect.bisect_left(starts, end) - 1
        if i >= 0 and reach[i] > start:
            continue
        name = text[start:end]
        out.append(
            Entity(
                name, "ORG", start, end, AGENCY_TAG_SCORE, stages.normalize(name, "search").strip()
            )
        )
    return out


def _extract_step(stages: _Stages, text: str, sections: list[Section]) -> _Extracted:
    if not any(s.kind != "boilerplate" for s in sections):
        return _Extracted([], [], [])
    found = stages.extract_entities(_blank_boilerplate(text, sections))
    found = sorted(
        [*found, *_agency_mentions(stages, text, sections, found)], key=lambda e: e.start
    )
    main, related = _assign_sections(found, sections)
    groups = stages.group_entities(main, text) if main else []
    return _Extracted(main, related, list(groups))


def _map_back_step(
    norm: _Normalized, sections: list[Section], ext: _Extracted
) -> tuple[list[Section], _Extracted]:
    """Move every span from the normalized text to the caller's text."""
    span = norm.span
    if span is None:
        return sections, ext
    src = norm.source

    def sec_back(s: Section) -> Section:
        start, end = span(s.start, s.end)
        return replace(s, start=start, end=end, text=src[start:end])

    moved: dict[tuple[int, int], Entity] = {}

    def ent_back(e: Entity) -> Entity:
        key = (e.start, e.end)
        if key not in moved:
            start, end = span(e.start, e.end)
            moved[key] = replace(e, start=start, end=end, text=src[start:end])
        return moved[key]

    entities = [ent_back(e) for e in ext.entities]
    related = [ent_back(e) for e in ext.related]
    groups = [replace(g, mentions=tuple(ent_back(m) for m in g.mentions)) for g in ext.groups]
    return [sec_back(s) for s in sections], _Extracted(entities, related, groups)


# ---------------------------------------------------------------------------- public API


def analyze(text_or_html: str, *, is_html: bool | None = None) -> Article:
    """Analyze one article: text or HTML (str) in, :class:`Article` out.

    Runs normalize -> segment -> extract once each. ``is_html=None`` decides with
    :func:`looks_like_html`. Offsets in the result are code-point offsets into ``Article.text``:
    the caller's own string for text, the derived text for HTML. Empty input gives an empty
    Article; HTML with no article gives sections but no statement.

    Raises:
        InputTypeError: ``text_or_html`` is not a str (a ``TypeError``; decode bytes first).
    """
    raw = _check_input(text_or_html)
    if is_html is None:
        is_html = looks_like_html(raw)
    if not raw.strip():
        return Article(text=raw if not is_html else "")
    stages = _stages()
    norm = _normalize_step(stages, raw, is_html)
    seg = _segment_step(stages, norm.text, is_html)
    if is_html:
        norm = _Normalized(seg.text, seg.text, None)
    ext = _extract_step(stages, seg.text, seg.sections)
    sections, ext = _map_back_step(norm, seg.sections, ext)
    return Article(
        text=norm.source,
        sections=tuple(sections),
        entities=tuple(ext.entities),
        related_entities=tuple(ext.related),
        groups=tuple(ext.groups),
        metadata=seg.metadata,
    )


# ---------------------------------------------------------------------------- batch engine


class _Bad(NamedTuple):
    """A record already known to be bad before analysis (e.g. a missing field)."""

    error: str
    message: str


Outcome = Article | RecordError
_T = TypeVar("_T")
#: Errors that say the installation is broken, not the record: they stop a batch run.
_FATAL: Final = (ImportError, DataFileError, ModelNotFoundError)
_Task = tuple[int, str | _Bad, bool | None]


def _analyze_one(index: int, payload: object, is_html: bool | None) -> Outcome:
    if isinstance(payload, _Bad):
        return RecordError(index, payload.error, payload.message)
    try:
        return analyze(payload, is_html=is_html)  # type: ignore[arg-type]
    except _FATAL:
        raise  # the installation is broken, not the record: every record would fail
    except Exception as exc:  # one bad record must not stop a run of millions
        return RecordError(index, type(exc).__name__, str(exc) or type(exc).__name__)


def _identity(outcome: Outcome) -> Outcome:
    return outcome


def _analyze_chunk(chunk: list[_Task], finish: Callable[[Outcome], _T]) -> list[_T]:
    return [finish(_analyze_one(i, payload, is_html)) for i, payload, is_html in chunk]


def _init_worker() -> None:
    """Run once in each worker process: leave Ctrl-C to the parent, load every model."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _init_models()


def _worker_context() -> BaseContext:
    """How to start workers: fork a warmed-up parent when it is safe, else a forkserver.

    A single-threaded parent (the CLI, a script) loads every model once and forks:
    workers share the loaded models and start at once. With other threads running
    (a notebook kernel, a web server) forking is unsafe, so a forkserver is used.
    """
    import multiprocessing
    import threading

    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        _init_models()
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def _init_models() -> None:
    _stages()
    analyze(_WARM_UP_TEXT)


def _resolve_workers(workers: int) -> int:
    if not isinstance(workers, int) or isinstance(workers, bool) or workers < 0:
        raise UnknownOptionError(f"workers must be an int >= 0 (0 = every core), got {workers!r}")
    if workers == 0:
        try:
            return max(1, len(os.sched_getaffinity(0)))
        except AttributeError:  # pragma: no cover - not Linux
            return max(1, os.cpu_count() or 1)
    return workers


def _tasks(items: Iterable[tuple[object, bool | None]]) -> Iterator[_Task]:
    for index, (payload, is_html) in enumerate(items):
        if isinstance(payload, str | _Bad):
            yield index, payload, is_html
        else:  # checked here so that unpicklable objects never reach a worker
            err = InputTypeError(payload, "record")
            yield index, _Bad(type(err).__name__, str(err)), is_html


def _chunks(tasks: Iterator[_Task], size: int) -> Iterator[list[_Task]]:
    chunk: list[_Task] = []
    for task in tasks:
        chunk.append(task)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _run(
    items: Iterable[tuple[object, bool | None]],
    workers: int,
    chunk_size: int,
    finish: Callable[[Outcome], _T],
) -> Generator[_T, None, None]:
    """The engine: (payload, is_html) pairs in, ``finish(outcome)`` per pair out, in input order.

    ``finish`` (a module-level function, so that it pickles) runs in the worker: turning an
    Article into what the caller writes there keeps the parent process nearly idle.
    """
    n = _resolve_workers(workers)
    if n == 1:
        for index, payload, is_html in _tasks(items):
            yield finish(_analyze_one(index, payload, is_html))
        return
    ctx = _worker_context()
    pool = ProcessPoolExecutor(max_workers=n, mp_context=ctx, initializer=_init_worker)
    pending: deque[Future[list[_T]]] = deque()
    limit = n * TASKS_IN_FLIGHT_PER_WORKER
    try:
        for chunk in _chunks(_tasks(items), chunk_size):
            pending.append(pool.submit(_analyze_chunk, chunk, finish))
            while len(pending) >= limit:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def analyze_many(
    items: Iterable[object],
    *,
    workers: int = 1,
    is_html: bool | None = None,
    chunk_size: int = CHUNK_SIZE,
) -> Generator[Article | RecordError, None, None]:
    """Analyze a stream of texts: iterable of str in, one Article or RecordError per item out.

    A generator: output order is input order, and at most
    ``workers * TASKS_IN_FLIGHT_PER_WORKER * chunk_size`` items are held at once, so memory
    does not grow with the number of items. ``workers=1`` runs in this process; ``N > 1`` runs
    N worker processes that each load the models once; ``0`` uses every available core. An
    item that is not a str, or whose analysis fails, gives a :class:`RecordError` carrying its
    0-based index, and the run goes on; a broken installation (missing module, model or data
    file) stops the run instead, since every item would fail.

    Raises:
        MissingDependencyError, DataFileError, ModelNotFoundError: the installation is broken.
        UnknownOptionError: ``workers`` or ``chunk_size`` out of range.
        concurrent.futures.process.BrokenProcessPool: a worker process died.
    """
    _resolve_workers(workers)
    if not isinstance(chunk_size, int) or chunk_size < 1:
        raise UnknownOptionError(f"chunk_size must be an int >= 1, got {chunk_size!r}")
    return _run(((item, is_html) for item in items), workers, chunk_size, _identity)
