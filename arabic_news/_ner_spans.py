"""Span steps of the extractor: BIO -> token spans -> cleaned character spans.

Every step takes and returns :class:`TokSpan` lists over one document's tokens
(indices into ``tokens``/``words``), except :func:`to_char_spans`, which
applies the proclitic rule and returns character offsets into normalized text.
"""

from __future__ import annotations

from collections.abc import Container, Sequence
from dataclasses import dataclass, replace
from typing import Final

from ._ner_features import (
    MAX_GAZ_WORDS,
    Word,
    WordLists,
    definite_stem,
    gazetteer_tags,
    proclitic_cuts,
)
from ._ner_text import Token, proclitic_length

__all__ = [
    "PER_TAIL_MIN_PROB",
    "PROPAGATE_MIN_SCORE",
    "CharSpan",
    "TokSpan",
    "decode_bio",
    "definite_org_names",
    "drop_non_names",
    "extend_coordinated",
    "merge_adjacent",
    "org_head_names",
    "place_after_head",
    "propagate",
    "split_at_punct",
    "to_char_spans",
    "trim_edges",
    "trim_org",
    "trim_titles",
]

#: Trigger classes that are never part of a person's name.
_NOT_IN_PER: Final = frozenset({"title", "role_part", "nat", "org", "loc"})
_NOT_IN_PER_AT_END: Final = _NOT_IN_PER - {"nat"}
#: Punctuation a name may contain inside it (initials, hyphenated names).
_INNER_PUNCT: Final = frozenset("-.'")
#: A name found with at least this score is looked for again in the rest of
#: the text (one sense per discourse). Calibrated on ANERcorp dev and the
#: dev pages: lower values propagate the model's weak guesses.
PROPAGATE_MIN_SCORE: Final = 0.6
#: Score given to a propagated mention, relative to its source mention.
PROPAGATED_SCORE_FACTOR: Final = 0.9
#: A single word is propagated only if at least this long (short words are
#: too often ordinary words).
PROPAGATE_MIN_CHARS: Final = 3


@dataclass(frozen=True, slots=True)
class TokSpan:
    """Tokens ``start..end-1`` of one document, a label and a score."""

    start: int
    end: int
    label: str
    score: float


@dataclass(frozen=True, slots=True)
class CharSpan:
    """A half-open span of normalized text."""

    start: int
    end: int
    label: str
    score: float


#: The last word of a person span of 3+ words whose marginal is below this is
#: left out by :func:`decode_bio`. Calibrated on ANERcorp dev (0 keeps every word).
PER_TAIL_MIN_PROB: Final = 0.7


def decode_bio(labels: Sequence[str], probs: Sequence[float], offset: int = 0) -> list[TokSpan]:
    """Return the spans of a BIO sequence; an ``I-`` without its ``B-`` starts one
    (as seqeval does). Score = mean marginal of the span's labels."""
    out: list[TokSpan] = []
    start = -1
    typ = ""
    for i, lab in enumerate([*labels, "O"]):
        if start >= 0 and (lab == "O" or lab[0] == "B" or lab[2:] != typ):
            end = i
            # an unsure last word of a person's name is usually a following noun
            # ("محمد درويش الوفد"): leave it out
            while typ == "PER" and end - start > 2 and probs[end - 1] < PER_TAIL_MIN_PROB:
                end -= 1
            score = sum(probs[start:end]) / (end - start)
            out.append(TokSpan(start + offset, end + offset, typ, score))
            start = -1
        if lab != "O" and start < 0:
            start, typ = i, lab[2:]
    return out


def split_at_punct(spans: list[TokSpan], words: Sequence[Word]) -> list[TokSpan]:
    """Cut spans at punctuation other than ``- . '`` (a name never spans a comma or quote)."""
    out: list[TokSpan] = []
    for sp in spans:
        s = sp.start
        for i in range(sp.start, sp.end):
            wd = words[i]
            if wd.kind == "punct" and wd.w not in _INNER_PUNCT:
                if i > s:
                    out.append(replace(sp, start=s, end=i))
                s = i + 1
        if sp.end > s:
            out.append(replace(sp, start=s, end=sp.end))
    return out


def trim_edges(spans: list[TokSpan], words: Sequence[Word]) -> list[TokSpan]:
    """Drop punctuation at either end of a span; drop spans left empty."""
    out: list[TokSpan] = []
    for sp in spans:
        s, e = sp.start, sp.end
        while s < e and words[s].kind == "punct":
            s += 1
        while e > s and words[e - 1].kind == "punct":
            e -= 1
        if e > s:
            out.append(replace(sp, start=s, end=e))
    return out


def trim_titles(spans: list[TokSpan], words: Sequence[Word]) -> list[TokSpan]:
    """Take titles and roles off both ends of PER spans, and nationality
    adjectives off the start of any span."""
    out: list[TokSpan] = []
    for sp in spans:
        s, e = sp.start, sp.end
        if sp.label == "PER":
            while s < e and words[s].cls in _NOT_IN_PER:
                s += 1
            # a trailing "nationality" is a family name ("الكندي", "غاني"), not an adjective
            while e > s and words[e - 1].cls in _NOT_IN_PER_AT_END:
                e -= 1
        else:
            while s < e and words[s].cls == "nat":
                s += 1
        if e > s:
            out.append(replace(sp, start=s, end=e))
    return out


def trim_org(spans: list[TokSpan], words: Sequence[Word], lists: WordLists) -> list[TokSpan]:
    """Take off an organization span a leading head that only says the type before
    a name without the article ("نادي قطر" -> "قطر", "صحيفة ديلي ميل" -> "ديلي ميل"),
    and a trailing nationality adjective after a proper name ("بي ام دبليو الألمانية");
    a body named by its head (trigger class "org") keeps it ("البرلمان الإيراني",
    "للكونغرس الأمريكي"), and so does a listed name that needs it ("حلف شمال الأطلسي";
    not "موناكو الفرنسي", as "موناكو" is listed alone)."""
    out: list[TokSpan] = []
    for sp in spans:
        s, e = sp.start, sp.end
        if sp.label == "ORG":
            if (
                e - s > 1
                and _head_form(words[s], lists.org_type_heads)
                and words[s + 1].kind != "punct"
                and not words[s + 1].w.startswith("ال")
            ):
                s += 1
            while (
                e - s > 1
                and words[e - 1].cls == "nat"
                and not any(wd.cls == "org" for wd in words[s : e - 1])
                and not _adjective_in_name(words[s:e], lists)
            ):
                e -= 1
        out.append(replace(sp, start=s, end=e) if (s, e) != (sp.start, sp.end) else sp)
    return out


def _adjective_in_name(words: Sequence[Word], lists: WordLists) -> bool:
    """Whether ``words``, ending in an adjective, are a listed organization whose
    words before the adjective are no listed name ("البنك الدولي", "حلف شمال الأطلسي")."""
    return _listed_label(words, lists) == "ORG" and not _listed_label(words[:-1], lists)


def _listed_as(words: Sequence[Word], label: str, lists: WordLists) -> bool:
    """Whether ``words`` are one name listed with ``label``, the first word maybe
    with a proclitic ("بجمهورية مصر العربية")."""
    return _listed_label(words, lists) == label


def _listed_label(words: Sequence[Word], lists: WordLists) -> str:
    """Return the label with which ``words`` are one listed name (the first word
    maybe with a proclitic), or "" if they are not."""
    tags = gazetteer_tags(words, lists)
    label = tags[0][2:] if tags[0].startswith("B-") else ""
    return label if label and tags[1:] == ["I-" + label] * (len(tags) - 1) else ""


def _head_form(wd: Word, heads: Container[str]) -> str:
    """Return the form in which an Arabic word is one of ``heads`` (its stem, or
    the word maybe after one proclitic), or "" if it is none."""
    if wd.kind == "ar":
        for form in (wd.stem, wd.w, wd.w[1:] if wd.w[:1] in "وفبل" else ""):
            if form in heads:
                return form
    return ""


#: Word classes that never make a name on their own (titles, role words,
#: nationality adjectives); organization and place heads do ("الكونغرس",
#: "مجلس الأمن", "الأمم المتحدة", "الضفة الغربية").
_NEVER_A_NAME: Final = frozenset({"title", "role_part", "nat"})


def drop_non_names(spans: list[TokSpan], words: Sequence[Word]) -> list[TokSpan]:
    """Drop spans made only of titles, role words or nationality adjectives
    ("التركي", "وزير", "وزير الخارجية" alone are not names)."""
    return [
        sp
        for sp in spans
        if not all(
            words[i].cls in _NEVER_A_NAME or words[i].kind == "punct"
            for i in range(sp.start, sp.end)
        )
    ]


#: Score of a name found by a rule step (:func:`org_head_names` and the steps
#: after it), not the model: set below the model's typical confident score.
RULE_SCORE: Final = 0.7
#: Most definite words an organization head takes in :func:`org_head_names`.
ORG_RULE_MAX_WORDS: Final = 4


def org_head_names(spans: list[TokSpan], words: Sequence[Word], lists: WordLists) -> list[TokSpan]:
    """Add organization names the model left out that start with a head noun
    followed by definite words ("جهاز الاستخبارات الوطنية"); a following name
    that the model found is taken in ("حركة حماس"). Phrases that name a kind of body
    ("مجلس الإدارة") start none. ANERcorp marks fewer of these (no ministries): this
    costs ~1 point of ANERcorp dev F1 and gains 6 on modern pages, whose guidelines
    mark them."""
    taken = _taken(spans, len(words))
    heads = lists.org_heads
    added: list[TokSpan] = []
    absorbed: set[int] = set()
    n = len(words)
    for i, wd in enumerate(words):
        if taken[i] >= 0 or wd.kind != "ar":
            continue
        if not _head_form(wd, heads):
            if wd.bare in heads and wd.w.startswith("ال"):
                j = _listed_org_end(words, i, taken, lists)
                if j:
                    added.append(TokSpan(i, j, "ORG", RULE_SCORE))
            continue
        j = i + 1
        while (
            j < n
            and j - i <= ORG_RULE_MAX_WORDS
            and taken[j] < 0
            and words[j].kind == "ar"
            and words[j].w.startswith("ال")
            and words[j].cls not in ("title", "org")
            and words[j].w not in lists.org_name_stops
        ):
            j += 1
        if j == i + 1 and j < n and taken[j] >= 0 and spans[taken[j]].start == j:
            k = taken[j]
            if spans[k].label == "ORG":
                absorbed.add(k)
                added.append(replace(spans[k], start=i))
            continue
        if j > i + 1 and not _generic_org(words, i, j, lists):
            added.append(TokSpan(i, j, "ORG", RULE_SCORE))
    return _with_added([sp for k, sp in enumerate(spans) if k not in absorbed], added)


#: Portfolios an organization name may take in after its first ones.
MAX_COORDINATED: Final = 2


def extend_coordinated(
    spans: list[TokSpan], words: Sequence[Word], lists: WordLists
) -> list[TokSpan]:
    """Extend an organization that starts with a head whose names join portfolios
    with و over the و + definite words after it ("وزارة الموارد المائية" + "والري";
    not "والذي", see ``org_name_stops``)."""
    taken = _taken(spans, len(words))
    out: list[TokSpan] = []
    for sp in spans:
        if sp.label == "ORG" and _head_form(words[sp.start], lists.org_coordinated_heads):
            end = sp.end
            while (
                end < len(words)
                and end - sp.end < MAX_COORDINATED
                and taken[end] < 0
                and words[end].kind == "ar"
                and words[end].w.startswith("وال")
                and words[end].w[1:] not in lists.org_name_stops
                and words[end].cls in ("", "role_part")
            ):
                end += 1
            if end != sp.end:
                sp = replace(sp, end=end)
        out.append(sp)
    return out


#: A one-word listed organization is taken without the model from this many letters
#: on (shorter ones are too often a proclitic + a word: "كابل" is not ك + "ابل").
LISTED_WORD_MIN_CHARS: Final = 4


def listed_word_orgs(
    spans: list[TokSpan], words: Sequence[Word], lists: WordLists
) -> list[TokSpan]:
    """Add one-word organizations the model left out that the lists name, as
    written or after a proclitic ("أودي", "وإيساف"): foreign names and
    acronyms. A word with the article is left to the model ("الهلال" is also the
    crescent), and so is a word that starts a longer listed name."""
    taken = _taken(spans, len(words))
    gaz = lists.gazetteer
    added: list[TokSpan] = []
    for i, wd in enumerate(words):
        if taken[i] >= 0 or wd.kind != "ar":
            continue
        # the fullest listed form decides: "كابل" (LOC) before ك + "ابل" (ORG)
        listed = next((f for f in (wd.w, *proclitic_cuts(wd.w)) if (f,) in gaz), "")
        if (
            gaz.get((listed,)) == "ORG"
            and len(listed) >= LISTED_WORD_MIN_CHARS
            and not listed.startswith("ال")
            and gazetteer_tags(words[i : i + 2], lists)[1:] != ["I-ORG"]
        ):
            added.append(TokSpan(i, i + 1, "ORG", RULE_SCORE))
    return _with_added(spans, added)


def _with_added(spans: list[TokSpan], added: list[TokSpan]) -> list[TokSpan]:
    """Return ``spans`` and the ``added`` ones (on words no span holds), in text order."""
    return sorted(spans + added, key=lambda sp: sp.start) if added else spans


def _taken(spans: Sequence[TokSpan], n: int) -> list[int]:
    """Return, for each of ``n`` words, the index of the span that holds it, or -1."""
    taken = [-1] * n
    for k, sp in enumerate(spans):
        for i in range(sp.start, sp.end):
            taken[i] = k
    return taken


def definite_org_names(
    spans: list[TokSpan], words: Sequence[Word], lists: WordLists
) -> list[TokSpan]:
    """Add organization names the model left out that are a definite head naming
    one body and the nisba adjectives after it ("البنك التجاري", "للمصرف المركزي")."""
    taken = _taken(spans, len(words))
    added: list[TokSpan] = []
    n = len(words)
    for i, wd in enumerate(words):
        if taken[i] >= 0 or wd.kind != "ar":
            continue
        if definite_stem(wd) not in lists.org_definite_heads:
            continue
        j = i + 1
        while j < n and j - i <= ORG_RULE_MAX_WORDS and taken[j] < 0 and _is_nisba(words[j]):
            j += 1
        if j > i + 1:
            added.append(TokSpan(i, j, "ORG", RULE_SCORE))
    return _with_added(spans, added)


def _is_nisba(wd: Word) -> bool:
    """Whether a word looks like a definite masculine nisba adjective ("التجاري");
    "الذي" and "الي" (إلى) are too short to."""
    return wd.kind == "ar" and wd.w.startswith("ال") and wd.w.endswith("ي") and len(wd.w) > 4


def _generic_org(words: Sequence[Word], i: int, j: int, lists: WordLists) -> bool:
    """Whether head + definite words ``i..j-1`` start with a phrase that names a
    kind of body, not one body ("مجلس الإدارة", "حركة المرور"), and the whole is
    not a listed organization."""
    if (_head_form(words[i], lists.org_heads), words[i + 1].w) not in lists.org_generic:
        return False
    return lists.gazetteer.get(tuple(words[k].w for k in range(i, j))) != "ORG"


def _listed_org_end(words: Sequence[Word], i: int, taken: list[int], lists: WordLists) -> int:
    """End of the longest name of two words or more listed as ORG that starts at
    word ``i`` on words no span has taken ("الحزب الديمقراطي"); 0 if none."""
    free = i  # the name may run up to the first word a span holds
    while free < min(len(words), i + MAX_GAZ_WORDS) and taken[free] < 0:
        free += 1
    for j in range(free, i + 1, -1):
        if lists.gazetteer.get(tuple(words[k].w for k in range(i, j))) == "ORG":
            return j
    return 0


#: Labels whose token-adjacent spans are one name split in two by the tagger
#: ("كلية الهندسة" + "جامعة القاهرة"). Places are left apart: merging them cost AQMAR
#: 5 points of LOC F1 (lists of places without a conjunction).
MERGE_LABELS: Final = frozenset({"ORG"})


def join_place_heads(
    spans: list[TokSpan], words: Sequence[Word], lists: WordLists
) -> list[TokSpan]:
    """A place span that is only a head word ("قطاع", "مدينة") right before another
    place span is not a name alone: the two become one where the whole is a listed
    place ("قطاع غزة"); otherwise the head is dropped ("مدينة" + "حلب" -> "حلب")."""
    out: list[TokSpan] = []
    for sp in spans:
        head = out[-1] if out else None
        if (
            head is not None
            and head.label == sp.label == "LOC"
            and head.end - head.start == 1
            and head.end == sp.start
            and lists.triggers.get(_head_form(words[head.start], lists.triggers)) == "loc"
        ):
            out.pop()
            if _listed_as(words[head.start : sp.end], "LOC", lists):
                sp = TokSpan(head.start, sp.end, "LOC", min(head.score, sp.score))
        out.append(sp)
    return out


def place_after_head(
    spans: list[TokSpan], words: Sequence[Word], lists: WordLists
) -> list[TokSpan]:
    """Add a listed place the model left out right after a head that only says the
    place type, maybe with a nationality adjective between ("بالعاصمة كابل",
    "العاصمة الإريترية أسمرا", "مدينة حلب"); the head stays out."""
    taken = _taken(spans, len(words))
    added: list[TokSpan] = []
    for i, wd in enumerate(words):
        if wd.kind != "ar" or taken[i] >= 0:
            continue
        if definite_stem(wd) not in lists.loc_type_heads:
            continue
        j = i + 1
        if j < len(words) and words[j].cls == "nat" and taken[j] < 0:
            j += 1
        # a trigger word ("الدولة") is no name even where the gazetteer lists it
        if j == len(words) or words[j].cls or words[j].bare in lists.triggers:
            continue
        tags = gazetteer_tags(words[j : j + MAX_GAZ_WORDS], lists)
        if tags[0] != "B-LOC":
            continue
        k = 1
        while k < len(tags) and tags[k] == "I-LOC":
            k += 1
        if all(t < 0 for t in taken[j : j + k]):
            added.append(TokSpan(j, j + k, "LOC", RULE_SCORE))
    return _with_added(spans, added)


def merge_adjacent(spans: list[TokSpan], words: Sequence[Word], lists: WordLists) -> list[TokSpan]:
    """Join spans of one label in ``MERGE_LABELS`` that touch, with no token between them
    (punctuation and a standalone و are tokens, so lists stay apart), unless the
    second starts with a proclitic: "طالبان والقاعدة" are two names, and so are
    "الأهلي لكرة القدم" + "بالأهلي"."""
    out: list[TokSpan] = []
    for sp in spans:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.end == sp.start
            and prev.label == sp.label in MERGE_LABELS
            and not _starts_with_proclitic(words[sp.start], lists)
        ):
            out[-1] = TokSpan(prev.start, sp.end, sp.label, min(prev.score, sp.score))
        else:
            out.append(sp)
    return out


def _starts_with_proclitic(wd: Word, lists: WordLists) -> bool:
    """Whether an Arabic word starts with a proclitic before the article
    ("والقاعدة", "بالأهلي", "للأمم") or with the conjunction و before a known
    name ("وليون"; not "وزارة")."""
    return wd.kind == "ar" and (
        wd.stem != wd.w
        or (wd.w[:1] == "و" and proclitic_length(wd.w, lists.lexicon, lists.gaz_first) > 0)
    )


def propagate(spans: list[TokSpan], words: Sequence[Word]) -> list[TokSpan]:
    """Mark again, elsewhere in the same text, names the model found confidently:
    whole names, and a person's last name alone ("فيدان" after "هاكان فيدان")."""
    known: dict[tuple[str, ...], tuple[str, float]] = {}
    for sp in spans:
        if sp.score < PROPAGATE_MIN_SCORE:
            continue
        key = tuple(words[i].stem if i == sp.start else words[i].w for i in range(sp.start, sp.end))
        known.setdefault(key, (sp.label, sp.score))
        if sp.label == "PER" and sp.end - sp.start >= 2:
            last = words[sp.end - 1].w
            known.setdefault((last,), ("PER", sp.score))
    known = {k: v for k, v in known.items() if len(k) > 1 or len(k[0]) >= PROPAGATE_MIN_CHARS}
    if not known:
        return spans
    max_len = max(len(k) for k in known)
    taken = [False] * len(words)
    for sp in spans:
        for i in range(sp.start, sp.end):
            taken[i] = True
    added: list[TokSpan] = []
    i = 0
    n = len(words)
    while i < n:
        if taken[i] or words[i].kind == "punct" or words[i].cls:
            i += 1
            continue
        hit = 0
        for k in range(min(max_len, n - i), 0, -1):
            if any(taken[j] for j in range(i, i + k)):
                continue
            key = (words[i].stem, *(words[j].w for j in range(i + 1, i + k)))
            got = known.get(key)
            if got is None and words[i].stem != words[i].w:
                got = known.get((words[i].w, *key[1:]))
            if got is not None:
                added.append(TokSpan(i, i + k, got[0], got[1] * PROPAGATED_SCORE_FACTOR))
                hit = k
                break
        i += hit or 1
    return sorted(spans + added, key=lambda sp: sp.start)


def to_char_spans(
    spans: list[TokSpan], tokens: Sequence[Token], words: Sequence[Word], lists: WordLists
) -> list[CharSpan]:
    """Return normalized-text spans, leaving proclitics out of the first word
    (``بغزة`` -> ``غزة``; ``لليونان`` -> ``ليونان``). Words seen inside this
    text's names count as known too ("كالن" after "إبراهيم كالن" is not ك + "الن")."""
    in_text = {words[i].w for sp in spans for i in range(sp.start + 1, sp.end)}
    in_text |= lists.org_heads
    out: list[CharSpan] = []
    for sp in spans:
        first = tokens[sp.start]
        cut = (
            proclitic_length(words[sp.start].w, lists.lexicon, in_text) if first.kind == "ar" else 0
        )
        if cut >= first.end - first.start:
            cut = 0
        out.append(CharSpan(first.start + cut, tokens[sp.end - 1].end, sp.label, sp.score))
    return out
