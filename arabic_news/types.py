"""Plain data types shared by every stage: :class:`Section`, :class:`Entity`,
:class:`EntityGroup` and :class:`Article`.

All offsets are half-open code-point offsets into the caller's original text
(``text[start:end]``). Each type is a frozen, slotted dataclass that checks its
own invariants and converts to and from plain ``dict`` with ``to_dict()`` /
``from_dict()``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, ClassVar, Final, Literal

__all__ = [
    "ENTITY_LABELS",
    "SECTION_KINDS",
    "Article",
    "Entity",
    "EntityGroup",
    "EntityLabel",
    "PageMetadata",
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


@dataclass(frozen=True, slots=True)
class PageMetadata:
    """What a page says about itself: news ``agency`` (e.g. ``"İLKHA"``, ``"واس"``),
    ``byline`` and ``dateline``, each ``None`` when not found."""

    agency: str | None = None
    byline: str | None = None
    dateline: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict: agency, byline, dateline."""
        return {"agency": self.agency, "byline": self.byline, "dateline": self.dateline}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PageMetadata:
        """Build a PageMetadata from :meth:`to_dict` output (missing keys are ``None``)."""
        return cls(
            agency=data.get("agency"), byline=data.get("byline"), dateline=data.get("dateline")
        )


_MAIN_KINDS: Final[frozenset[str]] = frozenset({"headline", "statement"})


def _join_sections(text: str, sections: list[Section]) -> str:
    """Join section texts: a line break where the text has one between them, else a space."""
    out: list[str] = []
    prev: Section | None = None
    for sec in sections:
        piece = sec.text.strip()
        if not piece:
            continue
        if prev is not None:
            out.append("\n" if "\n" in text[prev.end : sec.start] else " ")
        out.append(piece)
        prev = sec
    return "".join(out)


@dataclass(frozen=True, slots=True)
class Article:
    """One analyzed article; every offset is into ``text``.

    ``sections`` cover the page in order; ``entities`` are the mentions in the headline and
    statement, ``related_entities`` those in related briefs (each with ``section``, the index of
    its section); ``groups`` gathers the headline and statement mentions per entity.
    ``headline`` and ``statement`` are derived from ``text`` and ``sections``.
    """

    text: str
    sections: tuple[Section, ...] = ()
    entities: tuple[Entity, ...] = ()
    related_entities: tuple[Entity, ...] = ()
    groups: tuple[EntityGroup, ...] = ()
    metadata: PageMetadata = PageMetadata()

    #: Version of the :meth:`to_dict` layout; bumped on any incompatible change.
    SCHEMA_VERSION: ClassVar[int] = 1
    #: Section roles whose text is a credit rather than body text (left out of ``statement``).
    CREDIT_ROLES: ClassVar[frozenset[str]] = frozenset({"agency"})

    def __post_init__(self) -> None:
        if not isinstance(self.text, str):
            raise TypeError(f"Article.text must be str, got {type(self.text).__name__}")
        end = 0
        for i, sec in enumerate(self.sections):
            if sec.start < end:
                raise ValueError(f"Article section {i} starts at {sec.start}, before {end}")
            if self.text[sec.start : sec.end] != sec.text:
                raise ValueError(
                    f"Article section {i} text differs from text[{sec.start}:{sec.end}]"
                )
            end = sec.end
        self._check_entities(self.entities, _MAIN_KINDS, "entities")
        self._check_entities(self.related_entities, frozenset({"related"}), "related_entities")

    def _check_entities(self, ents: tuple[Entity, ...], kinds: frozenset[str], what: str) -> None:
        for ent in ents:
            if self.text[ent.start : ent.end] != ent.text:
                raise ValueError(
                    f"Article.{what}: {ent.text!r} differs from text[{ent.start}:{ent.end}]"
                )
            if ent.section is None:
                continue
            if not 0 <= ent.section < len(self.sections):
                raise ValueError(f"Article.{what}: {ent.text!r} has no section {ent.section}")
            sec = self.sections[ent.section]
            if sec.kind not in kinds or not sec.start <= ent.start <= ent.end <= sec.end:
                raise ValueError(
                    f"Article.{what}: {ent.text!r} at {ent.start}:{ent.end} is not inside "
                    f"section {ent.section} ({sec.kind}, {sec.start}:{sec.end})"
                )

    # ------------------------------------------------------------------ derived views

    @property
    def headline(self) -> str:
        """The headline section(s) joined (``""`` when none)."""
        return _join_sections(self.text, [s for s in self.sections if s.kind == "headline"])

    @property
    def statement(self) -> str:
        """The body: statement sections joined by line breaks, credits left out."""
        return _join_sections(
            self.text,
            [s for s in self.sections if s.kind == "statement" and s.role not in self.CREDIT_ROLES],
        )

    def sections_of(self, kind: str) -> tuple[Section, ...]:
        """Return the sections of one kind (``headline``, ``statement``, ...), in order."""
        return tuple(s for s in self.sections if s.kind == kind)

    def groups_of(self, label: str) -> tuple[EntityGroup, ...]:
        """Return the groups with ``label`` (PER, ORG, LOC), most mentioned first."""
        found = [g for g in self.groups if g.label == label]
        return tuple(sorted(found, key=lambda g: -g.count))

    @property
    def people(self) -> tuple[EntityGroup, ...]:
        """PER groups, most mentioned first."""
        return self.groups_of("PER")

    @property
    def organizations(self) -> tuple[EntityGroup, ...]:
        """ORG groups, most mentioned first."""
        return self.groups_of("ORG")

    @property
    def places(self) -> tuple[EntityGroup, ...]:
        """LOC groups, most mentioned first."""
        return self.groups_of("LOC")

    # ------------------------------------------------------------------ serialization

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-ready dict of schema ``SCHEMA_VERSION`` (documented in the README).

        ``headline`` and ``statement`` are included for readers; :meth:`from_dict` rebuilds
        them from ``text`` and ``sections``.
        """
        return {
            "schema_version": self.SCHEMA_VERSION,
            "text": self.text,
            "headline": self.headline,
            "statement": self.statement,
            "metadata": self.metadata.to_dict(),
            "sections": [s.to_dict() for s in self.sections],
            "entities": [e.to_dict() for e in self.entities],
            "related_entities": [e.to_dict() for e in self.related_entities],
            "groups": [g.to_dict() for g in self.groups],
        }

    def to_json(self, *, indent: int | None = None) -> str:
        """Return :meth:`to_dict` as a JSON string (UTF-8 characters kept, not escaped)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        """Build an Article from :meth:`to_dict` output.

        Raises:
            ValueError: ``schema_version`` is missing or newer than this library reads, or the
                data breaks an invariant (a span that does not match ``text``).
        """
        version = data.get("schema_version")
        if not isinstance(version, int) or not 1 <= version <= cls.SCHEMA_VERSION:
            raise ValueError(
                f"Article schema_version {version!r} is not supported "
                f"(this library reads 1..{cls.SCHEMA_VERSION})"
            )
        return cls(
            text=data["text"],
            sections=tuple(Section.from_dict(s) for s in data.get("sections", ())),
            entities=tuple(Entity.from_dict(e) for e in data.get("entities", ())),
            related_entities=tuple(Entity.from_dict(e) for e in data.get("related_entities", ())),
            groups=tuple(EntityGroup.from_dict(g) for g in data.get("groups", ())),
            metadata=PageMetadata.from_dict(data.get("metadata") or {}),
        )

    @classmethod
    def from_json(cls, data: str) -> Article:
        """Build an Article from :meth:`to_json` output.

        Raises:
            ValueError: invalid JSON or unsupported data (see :meth:`from_dict`).
        """
        return cls.from_dict(json.loads(data))

    def _repr_html_(self) -> str:
        """Return the notebook view (see :func:`arabic_news.render.render_html`)."""
        from .render import render_html

        return render_html(self)
