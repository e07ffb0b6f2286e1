"""Parity of arabic_news.normalize with camel-tools and pyarabic on a real Arabic corpus.

Where the semantics are the same the outputs must be equal; each deliberate
difference is asserted here and listed in the README.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from arabic_news.normalize import Normalizer

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
# Fully diacritized lines, so that the diacritic steps are exercised as well.
VOCALIZED = [
    "بِسْمِ اللَّهِ الرَّحْمَٰنِ الرَّحِيمِ",
    "قَالَ الرَّئِيسُ إِنَّ الْمُؤْتَمَرَ سَيُعْقَدُ غَدًا فِي الْقَاهِرَةِ",
    "وَعَلَىٰ هَٰذَا الْأَسَاسِ، تَمَّتِ الْمُوَافَقَةُ عَلَىٰ مَشْرُوعٍ جَدِيدٍ",
    "العـــربيةُ لغةٌ جميلةٌ",
]


@cache
def corpus() -> list[str]:
    """Sentences from ANERcorp dev, AQMAR and the ANT news corpus (../shared/data)."""
    if not SHARED.is_dir():
        pytest.skip("../shared/data is not beside the checkout")
    lines: list[str] = list(VOCALIZED)
    for path in [SHARED / "ner/anercorp/dev.txt", *sorted((SHARED / "ner/aqmar").glob("*.txt"))]:
        words: list[str] = []
        for line in path.read_text(encoding="utf-8").splitlines():
            cols = line.split()
            if cols:
                words.append(cols[0])
            elif words:
                lines.append(" ".join(words))
                words = []
    for path in sorted((SHARED / "seg/corpus").rglob("*.txt"))[:90]:
        lines.extend(x for x in path.read_text(encoding="utf-8").splitlines() if x.strip())
    return lines


def only(**steps: bool) -> Normalizer:
    """Every step off but the ones named."""
    off = {
        "controls": False,
        "surrogates": False,
        "invisible": False,
        "presentation_forms": False,
        "whitespace": False,
    }
    off.update(steps)
    return Normalizer("display", **off)


camel_dediac = pytest.importorskip("camel_tools.utils.dediac", reason="camel-tools not installed")
camel_norm = pytest.importorskip("camel_tools.utils.normalize")
araby = pytest.importorskip("pyarabic.araby")


def assert_same(ours: Normalizer, theirs: object, lines: list[str]) -> None:
    diffs = [(x, ours(x), theirs(x)) for x in lines if ours(x) != theirs(x)]  # type: ignore[operator]
    assert diffs[:3] == [], f"{len(diffs)} of {len(lines)} lines differ"


def test_corpus_is_real_and_large_enough() -> None:
    lines = corpus()
    assert len(lines) > 1000
    assert sum(len(x) for x in lines) > 300_000


def test_dediac_matches_camel_tools() -> None:
    assert_same(only(diacritics=True), camel_dediac.dediac_ar, corpus())


def test_alef_matches_camel_tools() -> None:
    assert_same(only(alef=True), camel_norm.normalize_alef_ar, corpus())


def test_alef_maksura_matches_camel_tools() -> None:
    assert_same(only(alef_maksura=True), camel_norm.normalize_alef_maksura_ar, corpus())


def test_teh_marbuta_matches_camel_tools() -> None:
    assert_same(only(teh_marbuta=True), camel_norm.normalize_teh_marbuta_ar, corpus())


def test_strip_tatweel_matches_pyarabic() -> None:
    assert_same(only(tatweel=True), araby.strip_tatweel, corpus())


def test_strip_tashkeel_matches_pyarabic_except_dagger_alef() -> None:
    ours = only(diacritics=True)
    lines = [x.replace("\u0670", "") for x in corpus()]
    assert_same(ours, araby.strip_tashkeel, lines)


# ---------------------------------------------------------------- deliberate differences (README)


def test_difference_dagger_alef_removed_unlike_pyarabic() -> None:
    assert only(diacritics=True)("الرحمٰن") == "الرحمن"
    assert araby.strip_tashkeel("الرحمٰن") == "الرحمٰن"


def test_difference_quranic_and_extended_marks_removed_unlike_camel() -> None:
    s = "صلى\u0610 قرآن\u06dd \u0627\u0653 \u0627\u0656"
    assert only(diacritics=True)(s) == "صلى قرآن ا ا"
    assert camel_dediac.dediac_ar(s) != only(diacritics=True)(s)


def test_difference_wavy_hamza_alefs_folded_unlike_camel() -> None:
    assert only(alef=True)("\u0672\u0673\u0675") == "ااا"
    assert camel_norm.normalize_alef_ar("\u0672") == "\u0672"


def test_difference_invisible_characters_removed_not_spaced() -> None:
    from camel_tools.utils.charmap import CharMapper

    arclean = CharMapper.builtin_mapper("arclean")
    s = "مح\u200cمد"
    assert Normalizer("display")(s) == "محمد"
    assert arclean(s) != "محمد"


def test_difference_lam_alef_keeps_hamza_unlike_pyarabic() -> None:
    assert Normalizer("display")("\ufef7") == "لأ"
    assert araby.normalize_ligature("\ufef7") == "لا"
