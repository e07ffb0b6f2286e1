"""Steps 8-10 of the segmenter: give lines roles, split agency tags off, merge into sections."""

from __future__ import annotations

from typing import Final, NamedTuple

from ._segment_features import LineInfo
from ._segment_lines import Line
from .types import Section, SectionKind

__all__ = ["Piece", "line_roles", "merge_pieces", "split_agency_tags"]

# Boilerplate roles, first hit wins: (marker category or shape, role).
_BOILERPLATE_ROLES: Final[tuple[tuple[str, str], ...]] = (
    ("copyright", "copyright"),
    ("notice_prefix", "copyright"),
    ("end_marker", "end_marker"),
    ("related_header", "related_header"),
    ("byline", "byline"),
    ("date_only", "date"),
    ("agency_line", "agency"),
    ("promo", "promo"),
    ("caption", "caption"),
    ("ui", "share"),
    ("navigation", "navigation"),
    ("counter", "counter"),
)
# Kinds whose consecutive lines are merged into one section when their roles agree;
# related lines stay one section each (each is a different story).
_MERGED: Final[frozenset[str]] = frozenset({"headline", "statement", "boilerplate"})


class Piece(NamedTuple):
    """A span of one line with its kind and role, before merging."""

    start: int
    end: int
    kind: SectionKind
    role: str | None


def _shapes(info: LineInfo) -> set[str]:
    shapes = set(info.hits)
    if info.date_only:
        shapes.add("date_only")
    if info.agency_line:
        shapes.add("agency_line")
    if info.counter:
        shapes.add("counter")
    return shapes


def line_roles(infos: list[LineInfo], kinds: list[str]) -> list[str | None]:
    """Step 8: return each line's role from its kind, marker hits and shape (None when plain)."""
    roles: list[str | None] = []
    for info, kind in zip(infos, kinds, strict=True):
        role: str | None = None
        if kind == "boilerplate":
            shapes = _shapes(info)
            role = next((r for key, r in _BOILERPLATE_ROLES if key in shapes), None)
        elif kind == "related":
            if "teaser_prefix" in info.hits:
                role = "teaser"
            elif info.date_only:
                role = "date"
        roles.append(role)
    return roles


def split_agency_tags(
    lines: list[Line], infos: list[LineInfo], kinds: list[str], roles: list[str | None]
) -> list[Piece]:
    """Step 9: turn lines into pieces, splitting an agency tag off the end of a statement line."""
    pieces: list[Piece] = []
    for line, info, kind, role in zip(lines, infos, kinds, roles, strict=True):
        k: SectionKind = kind  # type: ignore[assignment]
        cut = info.agency_start
        if kind == "statement" and cut > 0 and info.n_words > 3:
            head = line.text[:cut].rstrip()
            if head:
                pieces.append(Piece(line.start, line.start + len(head), k, role))
                pieces.append(Piece(line.start + cut, line.end, k, "agency"))
                continue
        pieces.append(Piece(line.start, line.end, k, role))
    return pieces


def merge_pieces(pieces: list[Piece], text: str) -> list[Section]:
    """Step 10: merge consecutive pieces of one kind and role into :class:`Section` objects."""
    sections: list[Section] = []
    cur: Piece | None = None
    for piece in pieces:
        if (
            cur is not None
            and piece.kind == cur.kind
            and piece.role == cur.role
            and piece.kind in _MERGED
            and piece.role != "agency"
        ):
            cur = Piece(cur.start, piece.end, cur.kind, cur.role)
            continue
        if cur is not None:
            sections.append(
                Section(cur.kind, cur.start, cur.end, text[cur.start : cur.end], cur.role)
            )
        cur = piece
    if cur is not None:
        sections.append(Section(cur.kind, cur.start, cur.end, text[cur.start : cur.end], cur.role))
    return sections
