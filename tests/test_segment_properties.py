"""Properties of segment() on arbitrary text: order, no overlap, full coverage, exact offsets."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from arabic_news._segment_lines import IGNORABLE
from arabic_news.segment import label_lines, segment, segment_html
from arabic_news.types import SECTION_KINDS

_PIECES = [
    "حماس",
    "أعلنت الحكومة اليوم خطة جديدة لدعم المزارعين",
    "وقال الوزير إن العمل مستمر. (İLKHA)",
    "اقرأ أيضاً:",
    "© 2020 جميع الحقوق محفوظة",
    "الإثنين، 24 أغسطس 2020 09:23 ص",
    "كتبت أسماء نصار",
    "// انتهى //",
    "الرئيسية",
    "0",
    "Home",
    "- الأناضول",
    "(د ب أ)",
]
_CHARS = st.sampled_from(
    [
        *list("ابتثجحخدذرزسشصضطظعغفقكلمنهوي ءآأإىةؤئ ًٌٍَُِّْـ٠١٢٣abcXYZ019 .,:;!?()[]-–—\"'«»/|©…"),
        "\n",
        "\r",
        "\r\n",
        "\t",
        "\xa0",
        "\ufeff",
        "\u200b",
        "\u200f",
        "\u2028",
        " ",
    ]
)
_TEXT = st.lists(st.one_of(_CHARS, st.sampled_from(_PIECES)), max_size=120).map("".join)
_LINES = st.lists(
    st.one_of(st.sampled_from(_PIECES), st.text(min_size=0, max_size=40)), max_size=30
).map("\n".join)


def _ignorable(ch: str) -> bool:
    return ch.isspace() or ch in IGNORABLE


def _check(text: str) -> None:
    sections = segment(text)
    owner = [0] * len(text)
    end = 0
    for sec in sections:
        assert sec.kind in SECTION_KINDS
        assert end <= sec.start < sec.end <= len(text)
        assert text[sec.start : sec.end] == sec.text
        end = sec.end
        for i in range(sec.start, sec.end):
            owner[i] += 1
    for i, ch in enumerate(text):
        if not _ignorable(ch):
            assert owner[i] == 1, f"char {ch!r} at {i} is in {owner[i]} sections"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT)
def test_sections_cover_every_visible_char_once(text: str) -> None:
    _check(text)


@settings(max_examples=200, deadline=None)
@given(_LINES)
def test_page_like_text(text: str) -> None:
    _check(text)
    labels = label_lines(text)
    assert all(text[s:e] and text[s:e] == text[s:e].strip() for s, e, _ in labels)
    assert sorted(labels) == labels


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=12))
def test_segment_html_offsets_index_the_derived_text(parts: list[str]) -> None:
    html = (
        "<html><body>" + "".join(f"<p>{p.replace('<', '')}</p>" for p in parts) + "</body></html>"
    )
    text, sections, _ = segment_html(html)
    for sec in sections:
        assert text[sec.start : sec.end] == sec.text
    assert text.count("\n") == len([p for p in parts if p.strip()]) - 1
