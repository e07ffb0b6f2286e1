"""Unit tests of each step of the extractor's chain (private helpers)."""

from __future__ import annotations

import itertools

import pytest

from arabic_news._ner_features import featurize, gazetteer_tags, word_lists, words_of
from arabic_news._ner_group import roles_before
from arabic_news._ner_spans import (
    TokSpan,
    decode_bio,
    definite_org_names,
    drop_non_names,
    extend_coordinated,
    join_place_heads,
    listed_word_orgs,
    org_head_names,
    place_after_head,
    propagate,
    split_at_punct,
    to_char_spans,
    trim_edges,
    trim_org,
    trim_titles,
)
from arabic_news._ner_text import (
    MAX_CHUNK_CHARS,
    article_form,
    chunks,
    fold,
    normalize_default,
    proclitic_length,
    tokenize,
)
from arabic_news.extract import group_entities
from arabic_news.types import Entity


def _words(text: str):  # type: ignore[no-untyped-def]
    norm, _ = normalize_default(text)
    toks = tokenize(norm)
    return norm, toks, words_of(toks, word_lists())


def test_tokenize_offsets_and_kinds() -> None:
    norm = 'قال "فيدان" 12.5 İLKHA،'
    toks = tokenize(norm)
    assert [t.text for t in toks] == ["قال", '"', "فيدان", '"', "12.5", "İLKHA", "،"]
    assert [t.kind for t in toks] == ["ar", "punct", "ar", "punct", "num", "lat", "punct"]
    for t in toks:
        assert norm[t.start : t.end] == t.text


def test_chunks_bound_a_line_without_breaks() -> None:
    text = "كلمة " * 100_000
    spans = list(chunks(text))
    assert all(e - s <= MAX_CHUNK_CHARS for s, e in spans)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(spans))


def test_chunks_split_sentences() -> None:
    text = "جملة أولى. جملة ثانية\nسطر ثالث"
    assert [text[s:e].strip() for s, e in chunks(text)] == ["جملة أولى.", "جملة ثانية", "سطر ثالث"]


def test_fold_is_search_form() -> None:
    assert fold("مؤسسة") == "موسسه"
    assert fold("الكبرى") == "الكبري"


def test_proclitic_rule() -> None:
    known = frozenset({"غزه", "انقره", "كالن"})
    assert proclitic_length("والقاهره") == 1
    assert proclitic_length("بالعاصمه") == 1
    assert proclitic_length("لليونان") == 1  # ل + ال: the span starts after the first ل
    assert proclitic_length("وللسودان") == 2
    assert proclitic_length("بغزه", known) == 1
    assert proclitic_length("وانقره", known) == 1
    assert proclitic_length("بريده", known) == 0  # a name starting with ب
    assert proclitic_length("كالن", known) == 0
    assert proclitic_length("لبنان", known) == 0


def test_proclitic_rule_prefers_the_shortest_known_remainder() -> None:
    # "وكلية": both "كليه" and "ليه" may be known words; و alone is the proclitic
    assert proclitic_length("وكليه", frozenset({"ليه", "كليه"})) == 1
    assert proclitic_length("وبغزه", frozenset({"غزه"})) == 2


def test_decode_bio_i_without_b_starts_an_entity() -> None:
    spans = decode_bio(["O", "I-PER", "I-PER", "B-LOC", "I-ORG", "O"], [1, 0.8, 0.6, 0.9, 0.5, 1])
    assert [(s.start, s.end, s.label) for s in spans] == [
        (1, 3, "PER"),
        (3, 4, "LOC"),
        (4, 5, "ORG"),
    ]
    assert abs(spans[0].score - 0.7) < 1e-9


def test_decode_bio_leaves_out_an_unsure_last_word_of_a_person() -> None:
    labels = ["B-PER", "I-PER", "I-PER", "O"]
    (sp,) = decode_bio(labels, [1.0, 1.0, 0.5, 1.0])
    assert (sp.start, sp.end) == (0, 2)
    # a sure last word, or a two-word name, is kept
    assert decode_bio(labels, [1.0, 1.0, 0.9, 1.0])[0].end == 3
    assert decode_bio(["B-PER", "I-PER"], [1.0, 0.3])[0].end == 2


def test_split_and_trim_punctuation() -> None:
    _, _toks, words = _words('التركي "هاكان فيدان"، وغيره')
    sp = [TokSpan(0, 6, "PER", 0.9)]
    cut = trim_edges(split_at_punct(sp, words), words)
    assert [(s.start, s.end) for s in cut] == [(0, 1), (2, 4)]


def test_trim_titles_and_drop_non_names() -> None:
    _, _toks, words = _words("وزير الخارجية التركي هاكان فيدان")
    sp = trim_titles([TokSpan(0, 5, "PER", 0.9)], words)
    assert [(s.start, s.end) for s in sp] == [(3, 5)]
    assert drop_non_names([TokSpan(2, 3, "LOC", 0.9)], words) == []
    assert drop_non_names([TokSpan(0, 1, "PER", 0.9)], words) == []


def test_names_made_of_heads_and_adjectives_are_kept() -> None:
    # organization and place heads with an adjective are names, not trigger words
    _, _toks, words = _words("الأمم المتحدة ومجلس الأمن الدولي والضفة الغربية")
    spans = [TokSpan(0, 2, "ORG", 0.9), TokSpan(2, 5, "ORG", 0.9), TokSpan(5, 7, "LOC", 0.9)]
    assert drop_non_names(spans, words) == spans
    # roles alone are dropped, even on two words
    _, _toks, words = _words("وزير الخارجية")
    assert drop_non_names([TokSpan(0, 2, "ORG", 0.9)], words) == []


def test_word_class_reads_through_the_lam_alef_contraction() -> None:
    # "للرئيس" is ل + "الرئيس": a title, as "الرئيس" is; "لبنان" is not ل + anything
    _, _toks, words = _words("للرئيس وللفنان للأمريكيين للحكومة لبنان")
    assert [wd.cls for wd in words] == ["title", "title", "nat", "org", ""]
    _, _toks, words = _words("لقاء للرئيس هاكان فيدان")
    assert trim_titles([TokSpan(1, 4, "PER", 0.9)], words) == [TokSpan(2, 4, "PER", 0.9)]


def test_trim_org_type_heads_and_trailing_nationality() -> None:
    lists = word_lists()

    def trimmed(text: str) -> list[str]:
        _, _toks, words = _words(text)
        return [
            " ".join(wd.w for wd in words[sp.start : sp.end])
            for sp in trim_org([TokSpan(0, len(words), "ORG", 0.9)], words, lists)
        ]

    # a head that only says the type goes before a name without the article
    assert trimmed("نادي قطر") == ["قطر"]
    assert trimmed("لصحيفة ديلي ميل") == ["ديلي ميل"]
    assert trimmed("قناة الجزيره") == ["قناه الجزيره"]
    # a nationality adjective after a proper name goes; a head-named body keeps it
    assert trimmed("بي ام دبليو الألمانية") == ["بي ام دبليو"]
    assert trimmed("البرلمان الإيراني") == ["البرلمان الايراني"]
    assert trimmed("للكونغرس الأمريكي") == ["للكونغرس الامريكي"]
    # people and places are left alone
    _, _toks, words = _words("نادي قطر")
    spans = [TokSpan(0, 2, "LOC", 0.9)]
    assert trim_org(spans, words, lists) == spans


def test_trailing_nationality_form_is_a_family_name() -> None:
    # "الكندي" (al-Kindi) and "غاني" (Ghani) end names; a leading adjective is still trimmed
    _, _toks, words = _words("البرتغالي سعيد محمد الكندي")
    sp = trim_titles([TokSpan(0, 4, "PER", 0.9)], words)
    assert [(s.start, s.end) for s in sp] == [(1, 4)]


def test_org_head_names() -> None:
    _, _toks, words = _words("رئيس جهاز الاستخبارات الوطنية وحركة حماس")
    found = org_head_names([TokSpan(5, 6, "ORG", 0.9)], words, word_lists())
    assert [(s.start, s.end, s.label) for s in found] == [(1, 4, "ORG"), (4, 6, "ORG")]
    # a head that only says the type is no part of the name: "شركة تويوتا" -> "تويوتا"
    _, _toks, words = _words("أعلنت شركة تويوتا")
    assert org_head_names([TokSpan(2, 3, "ORG", 0.9)], words, word_lists()) == [
        TokSpan(2, 3, "ORG", 0.9)
    ]


def test_org_head_names_skips_kinds_of_bodies() -> None:
    # "مجلس الإدارة" (a board of directors) names a kind of body, not one body
    _, _toks, words = _words("اجتماع مجلس الإدارة ولجنة التحقيق الدولية وحركة المقاومة الإسلامية")
    found = org_head_names([], words, word_lists())
    assert [(s.start, s.end) for s in found] == [(6, 9)]
    # unless the whole is a listed organization
    _, _toks, words = _words("اجتماع مجلس الوزراء اللبناني")
    assert [(s.start, s.end) for s in org_head_names([], words, word_lists())] == [(1, 4)]


_RULE_STEP_CASES = [
    # a bank named by its head and nisba adjectives, also after ل + ال and و;
    # "الذي" is no adjective
    (
        definite_org_names,
        "أرباح للبنك التجاري القطري ووافق والمصرف المركزي ثم البنك الذي",
        [(1, 4, "ORG"), (5, 7, "ORG")],
    ),
    # most heads do not name one body in the definite ("الحكومة المصرية")
    (definite_org_names, "قالت الحكومة المصرية والجيش اللبناني", []),
    # a listed place after a type head, maybe past a nationality adjective; not a
    # trigger word the gazetteer lists ("الدولة")
    (
        place_after_head,
        "في العاصمة الإريترية أسمرا وبالعاصمة كابل ومدينة الدولة",
        [(3, 4, "LOC"), (5, 6, "LOC")],
    ),
    # listed one-word organizations, also after a proclitic; not "الهلال" (with the
    # article) nor "كابل" (listed as a place, not ك + "ابل")
    (
        listed_word_orgs,
        "باعت أودي سياراتها وقالت وإيساف ثم الهلال في كابل",
        [(1, 2, "ORG"), (4, 5, "ORG")],
    ),
]


@pytest.mark.parametrize(("step", "text", "expected"), _RULE_STEP_CASES)
def test_rule_steps_add_names(step, text, expected) -> None:  # type: ignore[no-untyped-def]
    _, _toks, words = _words(text)
    found = step([], words, word_lists())
    assert [(s.start, s.end, s.label) for s in found] == expected
    # a word a span already holds is not taken again
    for start, end, _label in expected:
        held = TokSpan(start, end, "PER", 0.9)
        out = step([held], words, word_lists())
        assert held in out
        assert all(sp == held or sp.end <= start or sp.start >= end for sp in out)


def test_extend_coordinated() -> None:
    # a ministry takes in the portfolios joined with و; a relative clause is no portfolio
    _, _toks, words = _words("وزارة الموارد المائية والري والذي قال")
    out = extend_coordinated([TokSpan(0, 3, "ORG", 0.7)], words, word_lists())
    assert out == [TokSpan(0, 4, "ORG", 0.7)]
    # other heads do not ("مجلس الأمن والجمعية العامة" are two bodies)
    _, _toks, words = _words("مجلس الأمن والجمعية العامة")
    spans = [TokSpan(0, 2, "ORG", 0.7)]
    assert extend_coordinated(spans, words, word_lists()) == spans


def test_org_head_names_stop_before_a_clause() -> None:
    # a relative pronoun or a participle ends the name ("org_name_stops")
    _, _toks, words = _words("قال جهاز الأمن الذي يتبع لمجلس الأمن التابع للأمم المتحدة")
    found = org_head_names([], words, word_lists())
    assert [(s.start, s.end) for s in found] == [(1, 3), (5, 7)]


def test_trim_org_keeps_listed_names() -> None:
    # "الأطلسي" is a nationality-like adjective, but "حلف شمال الأطلسي" is listed
    _, _toks, words = _words("وافق حلف شمال الأطلسي")
    spans = [TokSpan(1, 4, "ORG", 0.9)]
    assert trim_org(spans, words, word_lists()) == spans
    # a listed club with its nationality still loses it: "موناكو" is listed alone
    _, _toks, words = _words("فاز موناكو الفرنسي")
    assert ("موناكو", "الفرنسي") in word_lists().gazetteer
    out = trim_org([TokSpan(1, 3, "ORG", 0.9)], words, word_lists())
    assert out == [TokSpan(1, 2, "ORG", 0.9)]


def test_article_form() -> None:
    assert article_form("ل", "لبنك") == "البنك"
    assert article_form("و", "البنك") == "البنك"
    assert article_form("", "لبنان") == "لبنان"


def test_org_head_names_takes_listed_definite_names() -> None:
    # a head with the article starts an ORG only where the name is listed as one
    _, _toks, words = _words("قرار الحزب الديمقراطي ثم الحزب الحاكم")
    found = org_head_names([], words, word_lists())
    assert [(s.start, s.end, s.label) for s in found] == [(1, 3, "ORG")]
    # a word a span already holds is not taken again
    assert org_head_names([TokSpan(2, 3, "LOC", 0.9)], words, word_lists()) == [
        TokSpan(2, 3, "LOC", 0.9)
    ]


def test_join_place_heads() -> None:
    _, _toks, words = _words("على قطاع غزة ثم مدينة حلب")
    spans = [TokSpan(1, 2, "LOC", 0.6), TokSpan(2, 3, "LOC", 0.7)]
    spans += [TokSpan(4, 5, "LOC", 0.5), TokSpan(5, 6, "LOC", 0.9)]
    # "قطاع غزة" is a listed place: one span; "مدينة حلب" is not: the head goes
    assert join_place_heads(spans, words, word_lists()) == [
        TokSpan(1, 3, "LOC", 0.6),
        TokSpan(5, 6, "LOC", 0.9),
    ]
    # a head before a name of another label, or alone, stays for the other steps
    other = [TokSpan(1, 2, "LOC", 0.6), TokSpan(2, 3, "ORG", 0.7)]
    assert join_place_heads(other, words, word_lists()) == other
    # the head may carry a proclitic: "بجمهورية" + "مصر العربية", listed as one place
    _, _toks, words = _words("الدراسة بجمهورية مصر العربية")
    spans = [TokSpan(1, 2, "LOC", 0.6), TokSpan(2, 4, "LOC", 0.7)]
    assert join_place_heads(spans, words, word_lists()) == [TokSpan(1, 4, "LOC", 0.6)]


def test_propagate_last_name() -> None:
    _, _toks, words = _words("التقى هاكان فيدان الوفد ثم قال فيدان")
    out = propagate([TokSpan(1, 3, "PER", 0.9)], words)
    assert [(s.start, s.end, s.label) for s in out] == [(1, 3, "PER"), (6, 7, "PER")]
    assert out[1].score < out[0].score
    # a weak guess is not propagated
    assert propagate([TokSpan(1, 3, "PER", 0.3)], words) == [TokSpan(1, 3, "PER", 0.3)]


def test_to_char_spans_leaves_out_proclitic() -> None:
    norm, toks, words = _words("وصل بغزة")
    (cs,) = to_char_spans([TokSpan(1, 2, "LOC", 0.9)], toks, words, word_lists())
    assert norm[cs.start : cs.end] == "غزة"


def test_features_and_gazetteer() -> None:
    _, toks, words = _words("زار الولايات المتحدة وأنقرة")
    tags = gazetteer_tags(words, word_lists())
    assert tags == ["O", "B-LOC", "I-LOC", "B-LOC"]
    # the word as written beats a proclitic-stripped form of the same length:
    # "كابل" is Kabul (LOC), not ك + "ابل" (Apple, ORG)
    assert "ابل" in word_lists().gaz_first
    assert gazetteer_tags(_words("في كابل")[2], word_lists()) == ["O", "B-LOC"]
    # through the ل + ال contraction: "للكونغرس" is ل + "الكونغرس"
    assert gazetteer_tags(_words("مرشحة للكونغرس")[2], word_lists()) == ["O", "B-ORG"]
    feats = featurize(toks)
    assert len(feats) == len(toks)
    assert "g=B-LOC" in feats[3] and "w=وانقره" in feats[3]
    # the word without its proclitic and its cluster are features too
    assert "s1=انقره" in feats[3]
    assert any(f.startswith("k2=") and f != "k2=-" for f in feats[3])


def test_word_clusters_load() -> None:
    clusters = word_lists().clusters
    assert len(clusters) > 10_000
    assert all(len(ids) == 3 for ids in clusters.values())
    # frequent words of the training text have a cluster at every level
    for w in ("القاهره", "قال", "وزير"):
        assert all(c.isdigit() for c in clusters[w]), w


def test_roles_before() -> None:
    text = (
        'مع كل من وزير الخارجية التركي "هاكان فيدان"، ورئيس جهاز الاستخبارات الوطنية "إبراهيم كالن"'
    )
    assert roles_before(text, text.index("هاكان")) == "وزير الخارجية التركي"
    assert roles_before(text, text.index("إبراهيم")) == "رئيس جهاز الاستخبارات الوطنية"
    assert roles_before(text, 0) is None


def _ent(text: str, sub: str, label: str, nth: int = 0) -> Entity:
    start = -1
    for _ in range(nth + 1):
        start = text.index(sub, start + 1)
    from arabic_news.normalize import normalize

    return Entity(sub, label, start, start + len(sub), 0.9, normalize(sub, "search"))  # type: ignore[arg-type]


def test_group_alias_in_text() -> None:
    text = 'أعلنت حركة المقاومة الإسلامية "حماس" أن حماس وافقت، وقالت حركة حماس'
    ents = [
        _ent(text, "حركة المقاومة الإسلامية", "ORG"),
        _ent(text, "حماس", "ORG"),
        _ent(text, "حماس", "ORG", 1),
        _ent(text, "حركة حماس", "ORG"),
    ]
    (g,) = group_entities(ents, text)
    assert g.canonical == "حركة المقاومة الإسلامية"
    assert set(g.aliases) == {"حماس", "حركة حماس"}
    assert g.count == 4


def test_group_ambiguous_short_name_stays_apart() -> None:
    text = "محمد درويش ومحمد علي ثم محمد"
    ents = [
        _ent(text, "محمد درويش", "PER"),
        _ent(text, "محمد علي", "PER"),
        _ent(text, "محمد", "PER", 2),
    ]
    groups = group_entities(ents, text)
    assert len(groups) == 3


def test_merge_adjacent_joins_touching_organizations_only() -> None:
    from arabic_news._ner_spans import TokSpan, merge_adjacent

    _, _toks, words = _words("كلية الهندسة جامعة القاهرة في دبي أبوظبي عمان")
    spans = [
        TokSpan(0, 2, "ORG", 0.9),
        TokSpan(2, 4, "ORG", 0.7),  # touches the first: one name split in two
        TokSpan(5, 6, "ORG", 0.8),  # a token between: stays apart
        TokSpan(6, 7, "LOC", 0.9),
        TokSpan(7, 8, "LOC", 0.9),  # places are never merged
    ]
    assert merge_adjacent(spans, words, word_lists()) == [
        TokSpan(0, 4, "ORG", 0.7),
        TokSpan(5, 6, "ORG", 0.8),
        TokSpan(6, 7, "LOC", 0.9),
        TokSpan(7, 8, "LOC", 0.9),
    ]
    assert merge_adjacent([], words, word_lists()) == []


def test_merge_adjacent_keeps_conjoined_names_apart() -> None:
    from arabic_news._ner_spans import TokSpan, merge_adjacent

    # "X وY": two names joined by the conjunction, with or without the article; a
    # preposition before the article starts a new name too ("الأهلي" + "بالأهلي")
    for text in (
        "حركة طالبان والقاعدة",
        "تويوتا وجنرال موتورز",
        "أرسنال وموناكو",
        "الأهلي لكرة القدم بالأهلي",
    ):
        _, _toks, words = _words(text)
        cut = next(i for i, wd in enumerate(words) if i and wd.w.startswith(("و", "با")))
        spans = [TokSpan(0, cut, "ORG", 0.9), TokSpan(cut, len(words), "ORG", 0.9)]
        assert merge_adjacent(spans, words, word_lists()) == spans, text
    # a name that starts with the letter و is not a conjunction ("وزارة")
    _, _toks, words = _words("الحكومة العراقية وزارة الدفاع")
    spans = [TokSpan(0, 2, "ORG", 0.9), TokSpan(2, 4, "ORG", 0.8)]
    assert merge_adjacent(spans, words, word_lists()) == [TokSpan(0, 4, "ORG", 0.8)]


def test_faculty_and_university_are_one_organization() -> None:
    from arabic_news.extract import extract_entities

    text = "قال أستاذ في كلية الهندسة جامعة القاهرة إن المشروع سينتهي قريبا."
    orgs = [e.text for e in extract_entities(text) if e.label == "ORG"]
    assert "كلية الهندسة جامعة القاهرة" in orgs
