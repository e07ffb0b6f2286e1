"""Grouping steps: one text's mentions -> one :class:`EntityGroup` per entity.

same form -> same core (without a head noun such as حركة/قطاع) -> alias given in
the text (a name followed by its short form in quotes or brackets) -> a short
person name ending a longer one -> canonical = fullest form -> roles beside people.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Final

from ._ner_features import word_lists, words_of
from ._ner_text import fold, normalize_default, tokenize
from .normalize import normalize
from .types import Entity, EntityGroup, EntityLabel

__all__ = ["ROLE_MAX_WORDS", "ROLE_WINDOW_CHARS", "group_mentions", "roles_before"]

#: Text allowed between a name and the alias that follows it: spaces, quotes, brackets, dash, colon.
_ALIAS_GAP: Final = re.compile(r"""^[\s"'«»“”„()\[\]\-–:،,]*$""")
#: Longest role phrase, in words ("رئيس مجلس الشورى والقيادة في ..." is cut there).
ROLE_MAX_WORDS: Final = 6
#: How far before a mention a role is looked for, in characters.
ROLE_WINDOW_CHARS: Final = 80
#: Trigger classes a role phrase is made of (titles, portfolios, nationality
#: adjectives, and the heads of organization names: "رئيس جهاز الاستخبارات").
_ROLE_CLASSES: Final = frozenset({"title", "role_part", "nat", "org"})


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _key(e: Entity) -> tuple[str, ...]:
    return tuple((e.normalized or normalize(e.text, "search")).split())


def _core(key: tuple[str, ...], triggers: dict[str, str]) -> tuple[str, ...]:
    """The name without a leading head noun ("حركه حماس" -> "حماس")."""
    if len(key) > 1 and triggers.get(key[0]) in ("org", "loc"):
        return key[1:]
    return key


def group_mentions(entities: list[Entity], text: str) -> list[EntityGroup]:
    """Return the groups of ``entities`` (mentions in ``text``), ordered by first mention."""
    ents = sorted(entities, key=lambda e: (e.start, e.end))
    n = len(ents)
    if not n:
        return []
    triggers = word_lists().triggers
    keys = [_key(e) for e in ents]
    cores = [_core(k, triggers) for k in keys]
    uf = _UnionFind(n)
    # 1-2. same form, or same core, same label
    first_of: dict[tuple[str, tuple[str, ...]], int] = {}
    for i, e in enumerate(ents):
        for k in {keys[i], cores[i]}:
            j = first_of.setdefault((e.label, k), i)
            uf.union(i, j)
    # 3. an alias given in the text: NAME "ALIAS" / NAME (ALIAS)
    for i in range(n - 1):
        a, b = ents[i], ents[i + 1]
        if a.label == b.label and a.end <= b.start and _ALIAS_GAP.match(text[a.end : b.start]):
            gap = text[a.end : b.start]
            if any(c in gap for c in "\"'«»“”„()[]-–:"):
                uf.union(i, i + 1)
    # 4. a short person name that ends exactly one longer one
    full_names: dict[tuple[str, ...], set[int]] = defaultdict(set)
    for i, e in enumerate(ents):
        if e.label == "PER" and len(keys[i]) > 1:
            full_names[keys[i]].add(uf.find(i))
    for i, e in enumerate(ents):
        if e.label != "PER" or len(keys[i]) > 1:
            continue
        roots = {
            r
            for k, rs in full_names.items()
            if len(k) > len(keys[i]) and k[-len(keys[i]) :] == keys[i]
            for r in rs
        }
        roots = {uf.find(r) for r in roots}
        if len(roots) == 1:
            uf.union(i, roots.pop())
    members: dict[int, list[int]] = defaultdict(list)
    for i in range(n):
        members[uf.find(i)].append(i)
    groups: list[EntityGroup] = []
    for idx in sorted(members.values(), key=lambda m: m[0]):
        mentions = tuple(ents[i] for i in idx)
        groups.append(_make_group(mentions, [keys[i] for i in idx], text))
    return groups


def _make_group(
    mentions: tuple[Entity, ...], keys: list[tuple[str, ...]], text: str
) -> EntityGroup:
    # fullest form: most words, then most letters, then first seen
    best = max(range(len(mentions)), key=lambda i: (len(keys[i]), len("".join(keys[i])), -i))
    canonical = normalize(mentions[best].text, "display")
    seen = {normalize(canonical, "search")}
    forms: list[str] = []
    for m in mentions:
        key = m.normalized or normalize(m.text, "search")
        if key not in seen:
            seen.add(key)
            forms.append(normalize(m.text, "display"))
    labels = {m.label for m in mentions}
    label: EntityLabel = mentions[best].label if len(labels) > 1 else mentions[0].label
    roles: list[str] = []
    if label == "PER":
        for m in mentions:
            r = roles_before(text, m.start)
            if r and r not in roles:
                roles.append(r)
    return EntityGroup(
        canonical=canonical,
        label=label,
        mentions=mentions,
        aliases=tuple(forms),
        roles=tuple(roles),
        normalized=normalize(canonical, "search"),
    )


def roles_before(text: str, start: int) -> str | None:
    """Return the title phrase right before ``text[start:]`` (quotes skipped), as
    written (``display`` normalization), or None: ``وزير الخارجية التركي "هاكان فيدان"`` ->
    ``وزير الخارجية التركي``. The phrase must contain a title word."""
    lo = max(0, start - ROLE_WINDOW_CHARS)
    norm, omap = normalize_default(text[lo:start])
    toks = tokenize(norm)
    lists = word_lists()
    words = words_of(toks, lists)
    trig = lists.triggers
    i = len(toks) - 1
    while i >= 0 and toks[i].kind == "punct" and toks[i].text in "\"'«»“”„(":
        i -= 1
    picked: list[int] = []
    title_at = -1
    cut = 0
    while i >= 0 and len(picked) < ROLE_MAX_WORDS and toks[i].kind == "ar":
        wd = words[i]
        cls = wd.cls
        strip = 0
        if not cls and wd.w[:1] in "وف" and trig.get(wd.w[1:]):
            cls, strip = trig[wd.w[1:]], 1
        if cls not in _ROLE_CLASSES:
            break
        picked.append(i)
        if cls == "title":
            title_at, cut = i, strip
        i -= 1
    if title_at < 0:
        return None
    ostart, oend = omap.span(toks[title_at].start + cut, toks[picked[0]].end)
    role = normalize(text[lo + ostart : lo + oend], "display")
    return role if fold(role) else None
