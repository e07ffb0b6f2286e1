"""Arabic text normalization in named profiles, with an offset map back to the original.

The character tables live in ``arabic_news/data/charmap.json`` (built by
``scripts/build_charmap.py``); this module only composes and applies them.

Profiles (see the README for the full table):

* ``display``: invisible characters, controls, presentation forms, whitespace runs;
  safe to show a reader.
* ``default``: for analysis; adds diacritics, tatweel, alef variants, Persian
  letters, digits to ASCII and punctuation unified to ASCII.
* ``search``: aggressive folding for matching; adds ى ة ؤ ئ folding, removes
  punctuation and symbols, lower-cases Latin.

Every step is an option that can be overridden: ``normalize(text, alef=False)``.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from types import MappingProxyType
from typing import Any, Final, overload

from ._resources import load_json
from .errors import DataFileError, InputTypeError, UnknownOptionError, UnknownProfileError

__all__ = [
    "PROFILES",
    "Normalizer",
    "OffsetMap",
    "normalize",
    "normalize_with_offsets",
]

_CHARMAP: Final = "charmap.json"
#: How many times the step chain may be re-applied to reach a fixed point.
_MAX_FIXPOINT_ROUNDS: Final = 6
# The punctuation option takes one of these values; True means "unify".
_PUNCTUATION_VALUES: Final = (False, "unify", "remove")

OptionValue = bool | str


# --------------------------------------------------------------------------- tables


def _parse_range(spec: str) -> range:
    lo, _, hi = spec.partition("-")
    start = int(lo, 16)
    stop = int(hi, 16) if hi else start
    if stop < start:
        raise DataFileError(f"charmap range {spec!r} runs backwards")
    return range(start, stop + 1)


@dataclass(frozen=True, slots=True)
class _Step:
    name: str
    doc: str
    table: Mapping[str, str]  # char -> replacement ('' deletes)
    derived: bool  # built from Unicode categories: may overlap explicit steps


def _explicit_table(name: str, raw: Mapping[str, Any]) -> dict[str, str]:
    table: dict[str, str] = {}

    def put(cp: int, value: str) -> None:
        ch = chr(cp)
        if ch in table:
            raise DataFileError(f"charmap step {name!r} lists U+{cp:04X} twice")
        table[ch] = value

    for spec in raw.get("delete", ()):
        for cp in _parse_range(spec):
            put(cp, "")
    for spec, value in raw.get("map", {}).items():
        for cp in _parse_range(spec):
            put(cp, value)
    for spec, first in raw.get("shift", {}).items():
        base = int(first, 16)
        for offset, cp in enumerate(_parse_range(spec)):
            put(cp, chr(base + offset))
    return table


def _category_table(raw: Mapping[str, Any]) -> dict[str, str]:
    prefixes = tuple(raw["categories"])
    table: dict[str, str] = {}
    for spec in raw["blocks"]:
        for cp in _parse_range(spec):
            ch = chr(cp)
            if unicodedata.category(ch).startswith(prefixes):
                table[ch] = raw["to"]
    return table


@cache
def _load() -> tuple[dict[str, _Step], frozenset[str], frozenset[str], dict[str, dict[str, Any]]]:
    """Parse and check charmap.json once: steps, whitespace sets and profiles."""
    data = load_json(_CHARMAP)
    steps: dict[str, _Step] = {}
    owner: dict[str, str] = {}
    for raw in data["steps"]:
        name = raw["name"]
        if name in steps:
            raise DataFileError(f"charmap step {name!r} is defined twice")
        derived = "categories" in raw
        table = _category_table(raw) if derived else _explicit_table(name, raw)
        if not derived:
            for ch in table:
                if ch in owner:
                    raise DataFileError(
                        f"U+{ord(ch):04X} is in charmap steps {owner[ch]!r} and {name!r}"
                    )
                owner[ch] = name
        steps[name] = _Step(name, raw["doc"], MappingProxyType(table), derived)
    ws = data["whitespace"]
    horizontal = frozenset(chr(cp) for spec in ws["horizontal"] for cp in _parse_range(spec))
    newline = frozenset(chr(cp) for spec in ws["newline"] for cp in _parse_range(spec))
    for ch in horizontal | newline:
        if ch in owner:
            raise DataFileError(f"whitespace U+{ord(ch):04X} is also in step {owner[ch]!r}")
    profiles = {name: dict(p["options"]) for name, p in data["profiles"].items()}
    return steps, horizontal, newline, profiles


def _option_names() -> tuple[str, ...]:
    steps, _, _, _ = _load()
    names = [n for n in steps if n != "punctuation_remove"]
    return (*names, "whitespace")


#: The profile names, in the order they are documented.
PROFILES: Final[tuple[str, ...]] = ("display", "default", "search")


def _resolve_options(profile: str, overrides: Mapping[str, object]) -> dict[str, OptionValue]:
    _, _, _, profiles = _load()
    if profile not in profiles:
        raise UnknownProfileError(profile, list(profiles))
    names = _option_names()
    options: dict[str, OptionValue] = dict.fromkeys(names, False)
    options.update(profiles[profile])
    for key, value in overrides.items():
        if key not in options:
            raise UnknownOptionError(
                f"unknown normalization option {key!r}; options: {', '.join(sorted(names))}"
            )
        if key == "punctuation":
            if value is True:
                value = "unify"
            if value not in _PUNCTUATION_VALUES:
                raise UnknownOptionError(
                    f"punctuation must be False, 'unify' or 'remove', got {value!r}"
                )
        elif not isinstance(value, bool):
            raise UnknownOptionError(f"option {key!r} takes True or False, got {value!r}")
        options[key] = value
    return options


def _enabled_steps(options: Mapping[str, OptionValue]) -> list[_Step]:
    steps, _, _, _ = _load()
    out: list[_Step] = []
    for name, step in steps.items():
        if name == "punctuation":
            if options["punctuation"]:
                out.append(step)
        elif name == "punctuation_remove":
            if options["punctuation"] == "remove":
                out.append(step)
        elif options.get(name):
            out.append(step)
    return out


def _compose(steps: list[_Step]) -> dict[str, str]:
    """Compose per-character steps into one table whose outputs are fixed points."""

    def chain(s: str) -> str:
        for step in steps:
            t = step.table
            s = "".join(t.get(c, c) for c in s)
        return s

    keys: set[str] = set()
    for step in steps:
        keys.update(step.table)
    table: dict[str, str] = {}
    for ch in keys:
        out = chain(ch)
        for _ in range(_MAX_FIXPOINT_ROUNDS):
            nxt = chain(out)
            if nxt == out:
                break
            out = nxt
        else:
            raise DataFileError(f"normalizing U+{ord(ch):04X} does not reach a fixed point")
        if out != ch:
            table[ch] = out
    return table


def _char_class(chars: set[str] | frozenset[str]) -> str:
    """A regex character class matching exactly ``chars`` (escaped, ranges merged)."""
    cps = sorted(ord(c) for c in chars)
    parts: list[str] = []
    i = 0
    while i < len(cps):
        j = i
        while j + 1 < len(cps) and cps[j + 1] == cps[j] + 1:
            j += 1
        lo, hi = chr(cps[i]), chr(cps[j])
        parts.append(re.escape(lo) if i == j else f"{re.escape(lo)}-{re.escape(hi)}")
        i = j + 1
    return "[" + "".join(parts) + "]"


# --------------------------------------------------------------------------- offsets


class OffsetMap:
    """Maps indices of a normalized text back to the original text.

    ``m[i]`` is the original index of normalized index ``i`` for
    ``0 <= i <= len(normalized)`` (the last entry is ``len(original)``);
    ``len(m) == len(normalized) + 1``. :meth:`span` maps a half-open span.
    """

    __slots__ = ("_ends", "_starts", "original_length")

    def __init__(self, starts: array[int], ends: array[int], original_length: int) -> None:
        self._starts = starts
        self._ends = ends
        self.original_length = original_length

    def __len__(self) -> int:
        return len(self._starts) + 1

    @overload
    def __getitem__(self, i: int) -> int: ...
    @overload
    def __getitem__(self, i: slice) -> list[int]: ...
    def __getitem__(self, i: int | slice) -> int | list[int]:
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        n = len(self._starts)
        if i < 0:
            i += n + 1
        if not 0 <= i <= n:
            raise IndexError(f"normalized index {i} out of range 0..{n}")
        return self._starts[i] if i < n else self.original_length

    def __iter__(self) -> Iterator[int]:
        yield from self._starts
        yield self.original_length

    def __repr__(self) -> str:
        return f"OffsetMap(normalized={len(self._starts)}, original={self.original_length})"

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open normalized span to the original span ``(start, end)``.

        The original span covers every character that produced the normalized
        span, including removed marks that trail its last character.

        Raises:
            IndexError: the span lies outside the normalized text.
        """
        n = len(self._starts)
        if not 0 <= start <= end <= n:
            raise IndexError(f"normalized span {start}:{end} out of range 0..{n}")
        if start == end:
            pos = self[start]
            return pos, pos
        return self._starts[start], self._ends[end - 1]


# --------------------------------------------------------------------------- normalizer

# Two literal spaces first, so that the regex engine scans for a literal prefix.
_MULTISPACE: Final = re.compile("   *")


#: Characters per chunk of the fast path: small enough that a chunk and its copy
#: stay in the CPU cache (calibrated on 2 cores, 25 MB of news text).
_CHUNK: Final = 1 << 17
#: After this many distinct characters in one chunk, one regex pass with a table
#: lookup is cheaper than one more str.replace per character.
_MAX_REPLACES: Final = 24


def _replace_each(pattern: re.Pattern[str], table: Mapping[str, str], t: str) -> str:
    """Replace every character of ``pattern``'s class in ``t`` by ``table[char]``.

    Works chunk by chunk; in a chunk, one ``str.replace`` per distinct character
    present (memchr speed), found by a regex search that resumes where the last
    one stopped (replacements are fixed points). Linear in ``len(t)``.
    """
    if len(t) > _CHUNK:
        return "".join(
            _replace_each(pattern, table, t[i : i + _CHUNK]) for i in range(0, len(t), _CHUNK)
        )
    m = pattern.search(t)
    done = 0
    while m is not None:
        pos = m.start()
        if done == _MAX_REPLACES:
            return t[:pos] + pattern.sub(lambda x: table[x[0]], t[pos:])
        ch = m[0]
        rep = table[ch]
        t = t.replace(ch, rep)
        done += 1
        m = pattern.search(t, pos + len(rep))
    return t


class Normalizer:
    """A normalization profile compiled once, applied many times.

    ``Normalizer("search", digits=False)(text) -> str``.

    Raises:
        UnknownProfileError: ``profile`` is not one of :data:`PROFILES`.
        UnknownOptionError: an override names no step or has a wrong value.
    """

    __slots__ = (
        "_fast_re",
        "_fast_table",
        "_marks",
        "_offsets_re",
        "_table",
        "_whitespace",
        "options",
        "profile",
    )

    def __init__(self, profile: str = "default", **overrides: OptionValue) -> None:
        self.profile = profile
        opts = _resolve_options(profile, overrides)
        self.options: Mapping[str, OptionValue] = MappingProxyType(opts)
        steps = _enabled_steps(opts)
        table = _compose(steps)
        self._table: Mapping[str, str] = MappingProxyType(table)
        self._whitespace = bool(opts["whitespace"])
        _, horizontal, newline, _ = _load()
        # Fast path: one table holding the character map and, when whitespace is
        # collapsed, every other whitespace character to " " or "\n" ("\r\n" is
        # joined first); applied with one str.replace per distinct character present.
        fast = dict(table)
        if self._whitespace:
            fast.update(dict.fromkeys(horizontal - {" "}, " "))
            fast.update(dict.fromkeys(newline - {"\n"}, "\n"))
        self._fast_table: Mapping[str, str] = MappingProxyType(fast)
        self._fast_re = re.compile(_char_class(set(fast))) if fast else None
        self._marks = frozenset(
            c for c, r in table.items() if r == "" and unicodedata.category(c) == "Mn"
        )
        self._offsets_re = self._compile_offsets_re(table, horizontal, newline)

    def _compile_offsets_re(
        self, table: Mapping[str, str], horizontal: frozenset[str], newline: frozenset[str]
    ) -> re.Pattern[str]:
        deleted = {c for c, r in table.items() if r == ""}
        d = _char_class(deleted) if deleted else None
        if self._whitespace:
            spaces = set(horizontal) | {c for c, r in table.items() if r and r.isspace()}
            mapped = {c for c, r in table.items() if r and c not in spaces}
            run = f"(?:{_char_class(spaces)}{'|' + d if d else ''})"
            # a run of whitespace that changes the text: a lone " " maps to itself
            heads = [f" (?={run})"] if " " in spaces else []
            if spaces - {" "}:
                heads.append(_char_class(spaces - {" "}))
            parts = [
                f"(?P<ws>(?:{'|'.join(heads)}){run}*)",
                f"(?P<nl>\r\n|{_char_class(newline)})",
            ]
        else:
            mapped = {c for c, r in table.items() if r}
            parts = []
        if d:
            parts.append(f"(?P<d>{d}+)")
        if mapped:
            parts.append(f"(?P<m>{_char_class(mapped)})")
        return re.compile("|".join(parts) if parts else "(?!)")

    def __repr__(self) -> str:
        base = _resolve_options(self.profile, {})
        extra = "".join(f", {k}={v!r}" for k, v in self.options.items() if v != base[k])
        return f"Normalizer({self.profile!r}{extra})"

    @property
    def table(self) -> Mapping[str, str]:
        """The composed character table: char -> replacement (``""`` deletes)."""
        return self._table

    def __call__(self, text: str) -> str:
        """Return ``text`` normalized.

        Raises:
            InputTypeError: ``text`` is not a ``str`` (a ``TypeError``).
        """
        if not isinstance(text, str):
            raise InputTypeError(text)
        t = text
        if self._whitespace and "\r" in t:
            t = t.replace("\r\n", "\n")
        if self._fast_re is not None:
            t = _replace_each(self._fast_re, self._fast_table, t)
        if self._whitespace:
            t = self._collapse_whitespace(t)
        return t

    @staticmethod
    def _collapse_whitespace(t: str) -> str:
        # Other whitespace is already " " or "\n" here: collapse horizontal runs.
        if "  " in t:
            t = _MULTISPACE.sub(" ", t)
        return t

    def with_offsets(self, text: str) -> tuple[str, OffsetMap]:
        """Return ``(normalized, offset_map)``; equal to ``self(text)`` plus the map.

        Raises:
            InputTypeError: ``text`` is not a ``str``.
        """
        if not isinstance(text, str):
            raise InputTypeError(text)
        table = self._table
        marks = self._marks
        out: list[str] = []
        starts: array[int] = array("q")
        ends: array[int] = array("q")
        pos = 0
        for m in self._offsets_re.finditer(text):
            a, b = m.span()
            if a > pos:
                out.append(text[pos:a])
                starts.extend(range(pos, a))
                ends.extend(range(pos + 1, a + 1))
            kind = m.lastgroup
            if kind == "d":
                # removed combining marks belong to the character before them
                k = a
                while k < b and text[k] in marks:
                    k += 1
                if k > a and ends and ends[-1] == a:
                    ends[-1] = k
            elif kind == "m":
                rep = table[m[0]]
                out.append(rep)
                starts.extend([a] * len(rep))
                ends.extend([b] * len(rep))
            elif kind == "nl":
                out.append("\n")
                starts.append(a)
                ends.append(b)
            else:
                out.append(" ")
                starts.append(a)
                ends.append(b)
            pos = b
        if pos < len(text):
            out.append(text[pos:])
            starts.extend(range(pos, len(text)))
            ends.extend(range(pos + 1, len(text) + 1))
        return "".join(out), OffsetMap(starts, ends, len(text))


@lru_cache(maxsize=64)
def _cached(profile: str, overrides: tuple[tuple[str, OptionValue], ...]) -> Normalizer:
    return Normalizer(profile, **dict(overrides))


def normalize(text: str, profile: str = "default", **overrides: OptionValue) -> str:
    """Return ``text`` normalized with ``profile`` (``display``, ``default``, ``search``).

    Keyword overrides switch single steps, e.g. ``alef=False`` or
    ``punctuation="remove"``. Compiled profiles are cached.

    Raises:
        InputTypeError: ``text`` is not a ``str`` (a ``TypeError``).
        UnknownProfileError: unknown profile (a ``ValueError``).
        UnknownOptionError: unknown option or value (a ``ValueError``).
    """
    if not isinstance(text, str):
        raise InputTypeError(text)
    return _cached(profile, tuple(sorted(overrides.items())))(text)


def normalize_with_offsets(
    text: str, profile: str = "default", **overrides: OptionValue
) -> tuple[str, OffsetMap]:
    """Return ``(normalized, offset_map)``: ``offset_map.span(s, e)`` is the original span.

    Raises:
        InputTypeError: ``text`` is not a ``str``.
        UnknownProfileError: unknown profile.
        UnknownOptionError: unknown option or value.
    """
    if not isinstance(text, str):
        raise InputTypeError(text)
    return _cached(profile, tuple(sorted(overrides.items()))).with_offsets(text)
