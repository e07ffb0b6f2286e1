"""Unit tests of each step of the segmenter chain and of its shipped data."""

from __future__ import annotations

import json

import pytest

from arabic_news._html import html_to_lines, html_to_text
from arabic_news._resources import data_path, load_json, read_bytes
from arabic_news._segment_features import (
    agency_tag,
    clear_line_cache,
    describe_line,
    describe_lines,
    find_body,
    find_headline,
    headline_candidates,
    is_date_line,
    line_features,
    topic_words,
)
from arabic_news._segment_lines import Line, split_lines
from arabic_news._segment_markers import (
    MARKERS_FILE,
    build_markers,
    load_markers,
    marker_offenders,
)
from arabic_news._segment_model import MODEL_FILE, tag_lines
from arabic_news._segment_sections import (
    Piece,
    line_roles,
    merge_pieces,
    split_agency_tags,
)
from arabic_news._segment_text import content_words, match_form, match_words, script_shares
from arabic_news.errors import DataFileError
from arabic_news.segment import _date_words, settle_headline
from arabic_news.types import SECTION_KINDS

M = load_markers()
DW = _date_words()


def infos_of(*texts: str) -> list:  # type: ignore[type-arg]
    return describe_lines(split_lines("\n".join(texts)), M, DW)


HEAD = "وزير الري يشهد توقيع عقد دراسة الخزانات الجوفية مع جامعة القاهرة"
P1 = (
    "شهد وزير الموارد المائية والري اليوم مراسم توقيع عقد دراسة لتحديد السحب الآمن من "
    "الخزانات الجوفية مع كلية الهندسة في جامعة القاهرة بحضور عدد من المسؤولين."
)
P2 = (
    "وأوضح الوزير أن الدراسة تهدف إلى تحديد المناطق ذات المخزون الجوفي الكبير ووضع خطة "
    "لإدارة الخزانات الجوفية بشكل مستدام خلال السنوات المقبلة في مختلف المحافظات."
)
BRIEF = (
    "أعلن الاتحاد الأوروبي اليوم فرض عقوبات جديدة على شركات شحن تتهمها بنقل النفط "
    "بطرق غير مشروعة، في خطوة قال مسؤولون إنها تستهدف شبكات التهريب الدولية."
)


# --------------------------------------------------------------------------- step 1: lines


def test_split_lines_offsets_and_line_ends() -> None:
    text = "\ufeff  أ ب \r\nج\rد\n\n  \u2028هـ\t"
    lines = split_lines(text)
    assert [ln.text for ln in lines] == ["أ ب", "ج", "د", "هـ"]
    for ln in lines:
        assert text[ln.start : ln.end] == ln.text
    assert split_lines("") == [] and split_lines(" \n\r\n ") == []


def test_split_lines_is_linear_on_many_lines() -> None:
    text = "سطر\n" * 50_000
    lines = split_lines(text)
    assert len(lines) == 50_000 and lines[-1].start == len(text) - 4


# --------------------------------------------------------------------------- text helpers


def test_match_words_and_form_fold_like_the_search_profile() -> None:
    assert match_words("اقرأ أيضاً:") == ["اقرا", "ايضا"]
    assert match_form("// انتهى //") == "انتهي"
    assert match_form("© 2020 حقوق النشر") == "2020 حقوق النشر"
    assert match_words("٣٤ Short URL") == ["34", "short", "url"]


def test_content_words_drop_stopwords_particles_and_proclitics() -> None:
    words = content_words(
        match_words("وقال الوزير في المؤتمر إن الحكومة ستدعم المزارعين"), M.stopwords
    )
    assert "وزير" in words and "حكومه" in words and "مزارعين" in words
    assert not words & {"في", "ان", "قال", "وقال"}


def test_script_shares() -> None:
    ar, lat, dig = script_shares("عربي abc 12")
    assert (
        ar == pytest.approx(4 / 9) and lat == pytest.approx(3 / 9) and dig == pytest.approx(2 / 9)
    )
    assert script_shares("") == (0.0, 0.0, 0.0)


# --------------------------------------------------------------------------- marker data


def test_marker_file_loads_from_the_installed_package() -> None:
    assert data_path(MARKERS_FILE).is_file()
    assert set(M.categories) >= {"navigation", "related_header", "copyright", "byline", "date_word"}


def test_marker_entries_are_fixed_points_of_match_form() -> None:
    assert marker_offenders(load_json(MARKERS_FILE)) == []


def test_marker_checks_reject_bad_tables() -> None:
    good = {
        "categories": {"a": {"mode": "exact", "phrases": ["شارك"]}},
        "agencies": [],
        "stopwords": [],
    }
    build_markers(good)
    with pytest.raises(DataFileError, match="match form"):
        build_markers({**good, "categories": {"a": {"mode": "exact", "phrases": ["شارِك"]}}})
    with pytest.raises(DataFileError, match="duplicate"):
        build_markers({**good, "categories": {"a": {"mode": "exact", "phrases": ["شارك", "شارك"]}}})
    with pytest.raises(DataFileError, match="both"):
        build_markers(
            {
                **good,
                "categories": {
                    "a": {"mode": "exact", "phrases": ["شارك"]},
                    "b": {"mode": "exact", "phrases": ["شارك"]},
                },
            }
        )
    with pytest.raises(DataFileError, match="mode"):
        build_markers({**good, "categories": {"a": {"mode": "regex", "phrases": ["x"]}}})
    with pytest.raises(DataFileError, match="names both"):
        build_markers(
            {**good, "agencies": [{"name": "A", "forms": ["واس"]}, {"name": "B", "forms": ["واس"]}]}
        )


def test_marker_hits() -> None:
    assert M.hits(match_words("اقرأ أيضاً:")) >= {"related_header", "teaser_prefix"}
    assert "copyright" in M.hits(match_words("© 2020 جميع الحقوق محفوظة لـ الموقع"))
    assert "byline" in M.hits(match_words("كتبت أسماء نصار"))
    assert "end_marker" in M.hits(match_words("// انتهى //"))
    assert "navigation" in M.hits(match_words("الرئيسية"))
    assert M.hits(match_words(P1)) <= {"date_word"}
    assert M.hits([]) == set()


# --------------------------------------------------------------------------- step 2: describe


@pytest.mark.parametrize(
    ("line", "agency", "tag"),
    [
        ("وفق ما جاء في البيان. (İLKHA)", "İLKHA", "(İLKHA)"),
        ("وقال المسؤول إن العمل مستمر (د ب أ)", "د ب أ", "(د ب أ)"),
        ("وأكد الوزير دعم المشروع (واس).", "واس", "(واس)."),
        ("وأكد الوزير دعم المشروع - الأناضول", "الأناضول", "- الأناضول"),
        ("وقال إن الحزب (حماس)", None, None),
        ("طريق سريع - الرياض", None, None),
    ],
)
def test_agency_tag(line: str, agency: str | None, tag: str | None) -> None:
    found = agency_tag(line, M)
    if agency is None:
        assert found is None
    else:
        assert found is not None and found[0] == agency and line[found[1] :] == tag


def test_is_date_line() -> None:
    def check(text: str) -> tuple[bool, bool]:
        return is_date_line(match_words(text), text, DW)

    assert check("الإثنين، 24 أغسطس 2020 09:23 ص") == (True, True)
    assert check("2026-01-08 | 12:42") == (True, True)
    assert check("بريدة 25 شوال 1436 هـ الموافق 10 اغسطس 2015 م واس") == (True, True)
    assert check(P1) == (False, False)
    assert check("الأربعاء") == (False, False)


def test_describe_line_shapes() -> None:
    info = describe_line("0", M, DW)
    assert info.counter and info.n_words == 1
    info = describe_line("فرانس24/ أ ف ب/ رويترز", M, DW)
    assert info.agency_line
    info = describe_line(P1, M, DW)
    assert info.n_words >= 15 and info.end == "stop" and info.arabic > 0.9
    assert (
        describe_line("اتصل بنا", M, DW).agency_line is False
    )  # "بنا" names an agency only as a tag


def test_describe_lines_reuses_repeated_lines() -> None:
    infos = infos_of("الرئيسية", P1, "الرئيسية")
    assert infos[0] is infos[2]


# --------------------------------------------------------------------------- steps 3-5


def test_find_body_prefers_the_first_substantial_block() -> None:
    infos = infos_of(
        "الرئيسية", HEAD, P1, P2, "اقرأ أيضا", "عنوان آخر", "عنوان ثالث", "سطر", "سطر آخر", BRIEF
    )
    assert find_body(infos) == (2, 3)
    assert find_body(infos_of("قصير", "قصير آخر")) is None


def test_find_headline_skips_menus_and_ticker() -> None:
    ticker = "الزمالك يرفض اعتذار اللاعب ويقرر تقديم شكوى ضده"
    infos = infos_of(
        "الرئيسية", "سياسة", ticker, "الرئيسية تقارير", HEAD, "كتبت أسماء نصار", P1, P2
    )
    body = find_body(infos)
    assert find_headline(infos, body) == 4
    scored = dict(headline_candidates(infos, body))
    assert scored[4] == 1.0 and scored.get(2, 0.0) < 0.5


def test_find_headline_without_body_takes_first_title_sized_line() -> None:
    infos = infos_of("الرئيسية", "عنوان خبر قصير هنا")
    assert find_headline(infos, None) == 1
    assert find_headline([], None) is None


def test_topic_words_are_headline_and_lead() -> None:
    infos = infos_of(HEAD, P1, P2, BRIEF)
    topic = topic_words(infos, 0, find_body(infos))
    assert {"وزير", "خزانات"} <= topic
    assert not ({"عقوبات", "تهريب"} & topic)


def test_line_features_encode_topic_and_neighbours() -> None:
    infos = infos_of(
        HEAD, P1, P2, "تنبيه: جميع الحقوق محفوظة للوكالة ولا يجوز النشر دون إذن.", BRIEF
    )
    body = find_body(infos)
    feats = line_features(infos, 0, body, topic_words(infos, 0, body))
    assert len(feats) == 5 and all("bias" in f for f in feats)
    assert "is_head" in feats[0]
    assert (
        "ov=0" in feats[4] and "ov=0" not in feats[2]
    )  # the brief shares nothing with the article
    assert "-1:m=notice_prefix" in feats[4]
    assert any(f.startswith("since_notice=") for f in feats[4])
    assert "-2:none" in feats[0] and "2:none" in feats[4]


# --------------------------------------------------------------------------- step 7: CRF


def test_model_file_and_labels() -> None:
    assert read_bytes(MODEL_FILE)[:4] == b"lCRF"
    card = json.loads(data_path("segment/lines.json").read_text(encoding="utf-8"))
    assert card["labels"] == list(SECTION_KINDS)
    assert len(card["corpus_sha256"]) == 64


def test_tag_lines() -> None:
    assert tag_lines([]) == []
    infos = infos_of(HEAD, P1, P2)
    body = find_body(infos)
    kinds = tag_lines(line_features(infos, 0, body, topic_words(infos, 0, body)))
    assert kinds == ["headline", "statement", "statement"]


def test_settle_headline_keeps_one_headline_and_its_repeats() -> None:
    infos = infos_of("عنوان خبر آخر تماما عن الرياضة", HEAD, "منوعات", HEAD, P1, P2)
    body = find_body(infos)
    cands = headline_candidates(infos, body)
    feats = line_features(infos, 1, body, topic_words(infos, 1, body))
    kinds = tag_lines(feats)
    forced = ["headline", *kinds[1:]]
    out = settle_headline(infos, forced, cands, body)
    assert out[0] != "headline"
    assert out[1] == "headline" and out[3] == "headline"


# --------------------------------------------------------------------------- steps 8-10


def test_line_roles() -> None:
    infos = infos_of(
        "كتبت أسماء نصار",
        "2026-01-08 | 12:42",
        "© 2020 جميع الحقوق محفوظة",
        "اقرأ أيضا: عنوان خبر",
        "الرئيسية",
    )
    roles = line_roles(
        infos, ["boilerplate", "boilerplate", "boilerplate", "related", "boilerplate"]
    )
    assert roles == ["byline", "date", "copyright", "teaser", "navigation"]
    assert line_roles(infos[:1], ["statement"]) == [None]


def test_split_agency_tags_only_on_statement_lines() -> None:
    text = "وقال المسؤول إن العمل مستمر في المشروع. (İLKHA)\nخبر (İLKHA)"
    lines = split_lines(text)
    infos = describe_lines(lines, M, DW)
    pieces = split_agency_tags(lines, infos, ["statement", "related"], [None, None])
    assert [(text[p.start : p.end], p.kind, p.role) for p in pieces] == [
        ("وقال المسؤول إن العمل مستمر في المشروع.", "statement", None),
        ("(İLKHA)", "statement", "agency"),
        ("خبر (İLKHA)", "related", None),
    ]


def test_merge_pieces() -> None:
    text = "أ\nب\nج\nد\nه"
    pieces = [
        Piece(0, 1, "statement", None),
        Piece(2, 3, "statement", None),
        Piece(4, 5, "related", None),
        Piece(6, 7, "related", None),
        Piece(8, 9, "boilerplate", "date"),
    ]
    secs = merge_pieces(pieces, text)
    assert [(s.kind, s.text) for s in secs] == [
        ("statement", "أ\nب"),
        ("related", "ج"),
        ("related", "د"),
        ("boilerplate", "ه"),
    ]
    assert merge_pieces([], text) == []


# --------------------------------------------------------------------------- HTML step


def test_html_to_lines_blocks_inline_and_hidden() -> None:
    html = (
        "<html><head><title>x</title><script>a()</script></head><body>"
        "<ul><li>الرئيسية</li><li>سياسة</li></ul>"
        "<h1>عنوان   <em>الخبر</em></h1><p>فقرة<br>ثانية</p>"
        '<div aria-hidden="true">مخفي</div><iframe>إطار</iframe>'
        "<table><tr><td>خلية</td><td>أخرى</td></tr></table>"
        "</body></html>"
    )
    assert html_to_lines(html) == [
        "الرئيسية",
        "سياسة",
        "عنوان الخبر",
        "فقرة",
        "ثانية",
        "خلية",
        "أخرى",
    ]
    assert html_to_text("") == "" and html_to_lines("   ") == []
    assert html_to_text("نص بلا وسوم") == "نص بلا وسوم"


def test_lines_are_named_tuples() -> None:
    line = Line(0, 3, "abc")
    assert line.text == "abc" and tuple(line) == (0, 3, "abc")


def test_cross_page_line_cache_gives_the_same_descriptions() -> None:
    clear_line_cache()
    cold = infos_of("الرئيسية", HEAD, P1)
    warm = infos_of("الرئيسية", HEAD, P1)
    assert cold == warm
    assert cold[0] is warm[0]  # short line remembered across pages
    assert cold[2] is not warm[2]  # long lines are not cached
    clear_line_cache()
    assert infos_of("الرئيسية")[0] is not cold[0]
