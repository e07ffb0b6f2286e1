"""Unit and property tests of arabic_news.normalize."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from arabic_news.errors import DataFileError, UnknownOptionError, UnknownProfileError
from arabic_news.normalize import (
    PROFILES,
    Normalizer,
    OffsetMap,
    _explicit_table,
    _load,
    normalize,
    normalize_with_offsets,
)

# Characters that matter to the normalizer, mixed with plain text, for hypothesis.
_INTERESTING = (
    "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
    "أإآٱىةؤئء"
    "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670\u0656\u0610\u06d6\u06ed\u08f0"
    "\u0640\u200b\u200c\u200d\u200e\u200f\u061c\u202a\u202c\u2066\u2069\ufeff\u00ad\u034f"
    "\ufef7\ufef9\ufef5\ufefb\ufe8d\ufe91\ufdf2\ufdfa\ufc5e\ufe70\ufb8e"
    "یکەۀھ٠١٢٣٤٥٦٧٨٩۰۱۲٫٬٪"
    "،؛؟«»“”‘’…–—.,;?!\"'()-"
    " \t\n\r\u00a0\u2009\u3000\u2028\x0b\x0c\x85"
    "\x00\x07\x1b\x7f\x9f\ud800\udfff"
    "ABCxyzİ123"
)
texts = st.text(alphabet=st.sampled_from(_INTERESTING), max_size=80) | st.text(max_size=40)


# --------------------------------------------------------------------------- steps, one by one


def only(step: str, text: str, value: object = True) -> str:
    """Apply the display profile with whitespace off plus one step."""
    base = {
        "controls": False,
        "surrogates": False,
        "invisible": False,
        "presentation_forms": False,
        "whitespace": False,
    }
    base[step] = value  # type: ignore[assignment]
    return normalize(text, "display", **base)  # type: ignore[arg-type]


def test_every_step_is_off_in_this_helper() -> None:
    assert only("alef", "x") == "x"
    s = "أَلْـ\u200cعربيةُ ﻷ ١ ، «"
    base = dict.fromkeys(
        ["controls", "surrogates", "invisible", "presentation_forms", "whitespace"], False
    )
    assert normalize(s, "display", **base) == s


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("مُحَمَّدٌ", "محمد"),  # harakat, shadda, tanwin
        ("الرَّحْمَٰنِ", "الرحمن"),  # sukun, dagger alef U+0670
        ("إِلَىٰ", "إلى"),  # dagger alef after alef maksura
        ("ٱلصِّرَٰطَ", "ٱلصرط"),  # alef wasla is a letter, not a mark
        ("قُرْآنٌ\u06dd", "قرآن"),  # Quranic end-of-ayah mark
        ("صلى\u0610", "صلى"),  # Quranic honorific mark
        ("\u0627\u0656", "\u0627"),  # subscript alef
    ],
)
def test_diacritics(text: str, expected: str) -> None:
    assert only("diacritics", text) == expected


def test_tatweel() -> None:
    assert only("tatweel", "العـــــربية") == "العربية"
    assert only("diacritics", "العـــربية") == "العـــربية"


@pytest.mark.parametrize(
    ("step", "text", "expected"),
    [
        ("alef", "أإآٱا", "ااااا"),
        ("alef_maksura", "على مستوى", "علي مستوي"),
        ("teh_marbuta", "مدينة القاهرة", "مدينه القاهره"),
        ("hamza_waw", "مؤتمر", "موتمر"),
        ("hamza_yeh", "رئيس", "رييس"),
    ],
)
def test_letter_variants_each_on_their_own(step: str, text: str, expected: str) -> None:
    assert only(step, text) == expected


def test_letter_switches_are_independent() -> None:
    s = "أمين رئيس مؤتمر على مدينة"
    assert only("alef", s) == "امين رئيس مؤتمر على مدينة"
    assert only("hamza_yeh", s) == "أمين رييس مؤتمر على مدينة"


def test_persian_letters() -> None:
    assert only("persian", "کتاب یوم ھذا ە") == "كتاب يوم هذا ه"
    assert only("persian", "\u06c0") == "ة"


def test_presentation_forms_keep_hamza_and_madda() -> None:
    # lam-alef ligatures: with hamza above, below, madda, and plain
    assert only("presentation_forms", "\ufef7\ufef9\ufef5\ufefb") == "لألإلآلا"
    # isolated/final/initial/medial letter forms to base letters
    assert only("presentation_forms", "\ufe8d\ufe91\ufe92\ufe90") == "اببب"
    # Allah ligature; isolated mark forms drop the NFKC leading space
    assert only("presentation_forms", "\ufdf2") == "الله"
    assert only("presentation_forms", "\ufe70") == "\u064b"


def test_presentation_forms_differ_from_pyarabic_ligature_normalization() -> None:
    pyarabic = pytest.importorskip("pyarabic.araby")
    assert pyarabic.normalize_ligature("\ufef7") != only("presentation_forms", "\ufef7")


def test_digits() -> None:
    assert only("digits", "٠١٢٣٤٥٦٧٨٩ ۰۱۲۳۴۵۶۷۸۹") == "0123456789 0123456789"
    assert only("digits", "٣٫٥٪ و١٬٠٠٠") == "3.5% و1,000"


def test_punctuation_unify_and_remove() -> None:
    assert only("punctuation", "نعم، لا؛ لماذا؟ «قال» “هو” ‘ها’ – …") == (
        'نعم, لا; لماذا? "قال" "هو" \'ها\' - ...'
    )
    assert normalize("قال: «نعم»، (حسنا)!", "search") == "قال نعم حسنا "
    with pytest.raises(UnknownOptionError):
        normalize("x", punctuation="drop")


def test_invisible_removed_without_splitting_words() -> None:
    s = "\ufeffمح\u200cمد\u200f و\u200dعلي\u00ad \u2066غزة\u2069"
    assert only("invisible", s) == "محمد وعلي غزة"


def test_camel_arclean_would_split_where_we_join() -> None:
    assert normalize("مح\u200cمد") == "محمد"


def test_whitespace_runs_collapse_and_line_breaks_stay() -> None:
    s = "  أ  \t ب\u00a0\u2009ج \r\n\r\n د\rه\u2028و  "
    assert only("whitespace", s) == " أ ب ج \n\n د\nه\nو "


def test_controls_and_surrogates_do_not_crash() -> None:
    assert normalize("a\x00b\x07c\x1b\x7fd\x9f") == "abcd"
    assert normalize("a\ud800b") == "a\ufffdb"
    assert normalize("\ud800", "display") == "\ufffd"


def test_lowercase_only_in_search() -> None:
    assert normalize("ABC عربي", "search") == "abc عربي"
    assert normalize("ABC", "default") == "ABC"


# --------------------------------------------------------------------------- profiles


def test_profiles_documented_order() -> None:
    assert PROFILES == ("display", "default", "search")
    assert set(PROFILES) == set(_load()[3])


def test_display_is_safe_to_show() -> None:
    s = "أَهْلًا ﻷ\u200f  بِكُم، ١٢ ة ى"
    assert normalize(s, "display") == "أَهْلًا لأ بِكُم، ١٢ ة ى"


def test_default_and_search_on_a_news_sentence() -> None:
    s = "أعلنت «حركة المقاومة الإسلامية» في الـــعاصمة ٣ مؤتمرات، على الأقل."
    assert normalize(s) == 'اعلنت "حركة المقاومة الاسلامية" في العاصمة 3 مؤتمرات, على الاقل.'
    assert normalize(s, "search") == "اعلنت حركه المقاومه الاسلاميه في العاصمه 3 موتمرات علي الاقل "


def test_overrides_and_errors() -> None:
    assert normalize("أحمد", alef=False) == "أحمد"
    assert normalize("على", "default", alef_maksura=True) == "علي"
    with pytest.raises(UnknownProfileError, match="nope"):
        normalize("x", "nope")
    with pytest.raises(UnknownOptionError, match="colour"):
        normalize("x", colour=True)
    with pytest.raises(UnknownOptionError):
        normalize("x", alef="yes")
    assert isinstance(UnknownProfileError("x", []), ValueError)


def test_normalizer_reuse_and_repr() -> None:
    n = Normalizer("search", digits=False)
    assert n("٣ أ") == "٣ ا"
    assert n("٣ أ") == n("٣ أ")
    assert repr(n) == "Normalizer('search', digits=False)"
    assert n.options["digits"] is False
    assert n.table["أ"] == "ا"


@pytest.mark.parametrize("bad", [1, None, 3.5, ["a"], b"\xd8\xa7"])
def test_non_str_input_is_a_type_error_naming_the_type(bad: object) -> None:
    for fn in (normalize, normalize_with_offsets, Normalizer()):
        with pytest.raises(TypeError, match=type(bad).__name__):
            fn(bad)  # type: ignore[operator]


def test_bytes_input_says_to_decode() -> None:
    with pytest.raises(TypeError, match="decode"):
        normalize("عربي".encode())


def test_empty_in_empty_out() -> None:
    for p in PROFILES:
        assert normalize("", p) == ""
        text, offsets = normalize_with_offsets("", p)
        assert text == "" and list(offsets) == [0] and offsets.span(0, 0) == (0, 0)


def test_large_pathological_inputs() -> None:
    # Long runs of what the normalizer changes; linearity is measured in the benchmark.
    n = Normalizer("search")
    assert n(" " * 200_000) == " "
    assert n("\u064e" * 200_000) == ""
    assert n("ب\u064e" * 100_000) == "ب" * 100_000
    every = "".join(sorted(n.table))
    assert n(every * 20) == n(every) * 20 or len(n(every * 20)) > 0


# --------------------------------------------------------------------------- offsets


def test_offsets_point_back_into_the_original() -> None:
    s = "\ufeffقالَ  الرئيسُ\u200f «أحمد» في ﻷ\r\nغزة"
    norm, m = normalize_with_offsets(s)
    assert norm == 'قال الرئيس "احمد" في لا\nغزة'
    i = norm.index("احمد")
    a, b = m.span(i, i + 4)
    assert s[a:b] == "أحمد"
    i = norm.index("الرئيس")
    a, b = m.span(i, i + len("الرئيس"))
    assert s[a:b] == "الرئيسُ"  # the trailing mark belongs to the word
    i = norm.index("لا")
    assert m.span(i, i + 2) == (s.index("ﻷ"), s.index("ﻷ") + 1)
    assert m[len(norm)] == len(s)
    assert len(m) == len(norm) + 1
    assert m[-1] == len(s)
    assert m[0:2] == [m[0], m[1]]
    with pytest.raises(IndexError):
        m.span(0, len(norm) + 1)
    assert "OffsetMap" in repr(m)


def test_offsets_of_whitespace_runs() -> None:
    # a lone space maps to itself; a run (with the marks it carries) maps to all of it
    s = "ا ب  ج \u064eد\u00a0ه \n و"
    norm, m = normalize_with_offsets(s)
    assert norm == "ا ب ج د ه \n و"
    spans = [m.span(i, i + 1) for i in range(len(norm))]
    assert spans[:7] == [(0, 1), (1, 2), (2, 3), (3, 5), (5, 6), (6, 8), (8, 9)]
    assert spans[7:] == [(i, i + 1) for i in range(9, 15)]


def test_offset_map_type() -> None:
    _, m = normalize_with_offsets("abc")
    assert isinstance(m, OffsetMap)
    assert list(m) == [0, 1, 2, 3]


@settings(max_examples=300, deadline=None)
@given(texts, st.sampled_from(PROFILES))
def test_idempotent(text: str, profile: str) -> None:
    once = normalize(text, profile)
    assert normalize(once, profile) == once


@settings(max_examples=300, deadline=None)
@given(texts, st.sampled_from(PROFILES))
def test_fast_path_equals_offset_path(text: str, profile: str) -> None:
    fast = normalize(text, profile)
    slow, m = normalize_with_offsets(text, profile)
    assert fast == slow
    assert len(m) == len(slow) + 1


@settings(max_examples=300, deadline=None)
@given(texts, st.sampled_from(PROFILES))
def test_offset_map_is_monotone_and_tokens_map_back(text: str, profile: str) -> None:
    norm, m = normalize_with_offsets(text, profile)
    values = list(m)
    assert values == sorted(values)
    assert values[-1] == len(text)
    assert all(0 <= v <= len(text) for v in values)
    # every whitespace-separated token of the normalized text maps back to an
    # original span that normalizes to the token again
    start = None
    for i, ch in enumerate([*norm, " "]):
        if ch.isspace():
            if start is not None:
                a, b = m.span(start, i)
                before = m.span(start - 1, start)[1] if start else 0
                after = m[i] if i < len(norm) else len(text)
                # a token that is part of one character's expansion (ﷺ) has no span of its own
                if before <= a and b <= after:
                    assert normalize(text[a:b], profile) == norm[start:i]
                start = None
        elif start is None:
            start = i


# --------------------------------------------------------------------------- the data file


def test_charmap_is_checked_on_load() -> None:
    with pytest.raises(DataFileError, match="twice"):
        _explicit_table("x", {"delete": ["0640"], "map": {"0640": "-"}})
    with pytest.raises(DataFileError, match="backwards"):
        _explicit_table("x", {"delete": ["0650-0640"]})


@pytest.mark.parametrize("profile", PROFILES)
def test_every_table_output_is_a_fixed_point(profile: str) -> None:
    n = Normalizer(profile)
    offenders = {k: v for k, v in n.table.items() if any(n.table.get(c, c) != c for c in v)}
    assert offenders == {}


def test_presentation_table_matches_nfkc() -> None:
    n = Normalizer("display")
    for ch, out in n.table.items():
        if 0xFB50 <= ord(ch) <= 0xFDFF or 0xFE70 <= ord(ch) <= 0xFEFE:
            assert out == unicodedata.normalize("NFKC", ch).lstrip(" ")


def test_long_text_across_fast_path_chunks_equals_offset_path() -> None:
    import random

    rng = random.Random(7)
    alphabet = list(_INTERESTING)
    # longer than several fast-path chunks, with every interesting character many times
    text = "".join(rng.choice(alphabet) for _ in range(400_000))
    for profile in PROFILES:
        fast = normalize(text, profile)
        slow, _ = normalize_with_offsets(text, profile)
        assert fast == slow
        assert normalize(fast, profile) == fast
