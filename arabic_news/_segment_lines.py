"""Step 1 of the segmenter: split a page into non-blank lines with their offsets.

``\\n``, ``\\r\\n``, ``\\r``, U+2028, U+2029 and U+0085 all end a line. Edge
whitespace and invisible format characters (BOM, ZWSP, directional marks) are
trimmed off each line; they belong to no section.
"""

from __future__ import annotations

import re
from typing import Final, NamedTuple

__all__ = ["IGNORABLE", "Line", "split_lines"]

#: Characters that never start or end a line's span (besides ``str.isspace`` ones).
IGNORABLE: Final[str] = (
    "\ufeff\u200b\u200c\u200d\u200e\u200f\u2060\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
_STRIP: Final[str] = (
    " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
    + IGNORABLE
)
_LINE_RE: Final[re.Pattern[str]] = re.compile(r"[^\n\r\u2028\u2029\x85]+")


class Line(NamedTuple):
    """One non-blank line: ``text == source[start:end]``, trimmed."""

    start: int
    end: int
    text: str


def split_lines(text: str) -> list[Line]:
    """Split ``text`` into trimmed non-blank lines, with half-open code-point offsets into it."""
    out: list[Line] = []
    for match in _LINE_RE.finditer(text):
        raw = match.group()
        left = raw.lstrip(_STRIP)
        if not left:
            continue
        body = left.rstrip(_STRIP)
        start = match.start() + (len(raw) - len(left))
        out.append(Line(start, start + len(body), body))
    return out
