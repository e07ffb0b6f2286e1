"""Plain data types shared by every stage: :class:`Section`, :class:`Entity`,
:class:`EntityGroup` and :class:`Article`.

All offsets are half-open code-point offsets into the caller's original text
(``text[start:end]``). Each type is a frozen, slotted dataclass that checks its
own invariants and converts to and from plain ``dict`` with ``to_dict()`` /
``from_dict()``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final, Literal

__all__ = [
    "ENTITY_LABELS",
    "SECTION_KINDS",
    "Entity",
    "EntityGroup",
    "EntityLabel",
    "Section",
    "SectionKind",
]

SectionKind = Literal["headline", "statement", "boilerplate", "related"]
EntityLabel = Literal["PER", "ORG", "LOC"]

#: The four kinds of section, in the order they are documented.
SECTION_KINDS: Final[tuple[str, ...]] = ("headline", "statement", "boilerplate", "related")
#: The three entity labels.
ENTITY_LABELS: Final[tuple[str, ...]] = ("PER", "ORG", "LOC")


def _check_span(start: int, end: int, text: str, what: str) -> None:
    if not (isinstance(start, int) and isinstance(end, int)):
        raise TypeError(f"{what} offsets must be int, got {start!r}, {end!r}")
    if not 0 <= start <= end:
        raise ValueError(f"{what} offsets must satisfy 0 <= start <= end, got {start}, {end}")
    if len(text) != end - start:
        raise ValueError(
            f"{what} text has {len(text)} characters but its span {start}:{end} has {end - start}"
        )


@dataclass(frozen=True, slots=True)
class Section:
    """A run of lines of one kind: ``text == source[start:end]``.

    ``role`` gives finer detail where known (``"byline"``, ``"date"``,
    ``"caption"``, ``"copyright"``, ``"navigation"``, ``"agency"``,
    ``"related_header"``, ...).
    """

    kind: SectionKind
    start: int
    end: int
    text: str
    role: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in SECTION_KINDS:
            raise ValueError(f"Section.kind must be one of {SECTION_KINDS}, got {self.kind!r}")
        _check_span(self.start, self.end, self.text, "Section")

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict: kind, start, end, text, role."""
        return {
            "kind": self.kind,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "role": self.role,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Section:
        """Build a Section from :meth:`to_dict` output."""
        return cls(
            kind=data["kind"],
            start=int(data["start"]),
            end=int(data["end"]),
            text=data["text"],
            role=data.get("role"),
        )


@dataclass(frozen=True, slots=True)
class Entity:
    """A named mention: ``text == source[start:end]``.

    ``normalized`` is the search-profile form of ``text`` (for matching and
    counting); ``score`` is the model's confidence in [0, 1]; ``section`` is
    the index of the :class:`Section` the mention lies in, when known.
    """

    text: str
    label: EntityLabel
    start: int
    end: int
    score: float = 1.0
    normalized: str = ""
    section: int | None = None

    def __post_init__(self) -> None:
        if self.label not in ENTITY_LABELS:
            raise ValueError(f"Entity.label must be one of {ENTITY_LABELS}, got {self.label!r}")
        _check_span(self.start, self.end, self.text, "Entity")
        if not 0.0 <= self.score <= 1.0:
            raise ValueError(f"Entity.score must be in [0, 1], got {self.score!r}")

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict of every field."""
        return {
            "text": self.text,
            "label": self.label,
            "start": self.start,
            "end": self.end,
            "score": self.score,
            "normalized": self.normalized,
            "section": self.section,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Entity:
        """Build an Entity from :meth:`to_dict` output."""
        return cls(
            text=data["text"],
            label=data["label"],
            start=int(data["start"]),
            end=int(data["end"]),
            score=float(data.get("score", 1.0)),
            normalized=data.get("normalized", ""),
            section=data.get("section"),
        )


@dataclass(frozen=True, slots=True)
class EntityGroup:
    """The mentions of one entity in one text.

    ``canonical`` is the fullest form of the name; ``aliases`` the other
    distinct surface forms; ``roles`` titles found beside the name
    (e.g. ``"وزير الخارجية التركي"``).
    """

    canonical: str
    label: EntityLabel
    mentions: tuple[Entity, ...]
    aliases: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    normalized: str = field(default="")

    def __post_init__(self) -> None:
        if self.label not in ENTITY_LABELS:
            raise ValueError(
                f"EntityGroup.label must be one of {ENTITY_LABELS}, got {self.label!r}"
            )
        if not self.mentions:
            raise ValueError("EntityGroup needs at least one mention")

    @property
    def count(self) -> int:
        """Number of mentions."""
        return len(self.mentions)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict; mentions as dicts, plus ``count``."""
        return {
            "canonical": self.canonical,
            "label": self.label,
            "count": self.count,
            "aliases": list(self.aliases),
            "roles": list(self.roles),
            "normalized": self.normalized,
            "mentions": [m.to_dict() for m in self.mentions],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EntityGroup:
        """Build an EntityGroup from :meth:`to_dict` output."""
        return cls(
            canonical=data["canonical"],
            label=data["label"],
            mentions=tuple(Entity.from_dict(m) for m in data["mentions"]),
            aliases=tuple(data.get("aliases", ())),
            roles=tuple(data.get("roles", ())),
            normalized=data.get("normalized", ""),
        )
