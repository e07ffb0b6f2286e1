"""analyze(): the stages tied together, the Article it returns, and bad input."""

from __future__ import annotations

import json

import pytest
from _samples import LINES as SAMPLE_LINES
from _samples import SAMPLE
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import arabic_news
from arabic_news.errors import InputTypeError
from arabic_news.pipeline import analyze, looks_like_html
from arabic_news.types import Article, PageMetadata, Section


@pytest.fixture(scope="module")
def sample() -> Article:
    return analyze(SAMPLE)


def check_offsets(article: Article) -> None:
    """Every span of the Article is a slice of its text, sections in order, no overlap."""
    end = 0
    for sec in article.sections:
        assert article.text[sec.start : sec.end] == sec.text
        assert sec.start >= end
        end = sec.end
    for ent in (*article.entities, *article.related_entities):
        assert article.text[ent.start : ent.end] == ent.text
        assert ent.section is not None
        sec = article.sections[ent.section]
        assert sec.start <= ent.start < ent.end <= sec.end
    for group in article.groups:
        for m in group.mentions:
            assert article.text[m.start : m.end] == m.text


# ---------------------------------------------------------------------------- the sample


def test_sample_offsets_refer_to_the_callers_text(sample: Article) -> None:
    assert sample.text is SAMPLE or sample.text == SAMPLE
    check_offsets(sample)


def test_sample_headline_statement_boilerplate_related(sample: Article) -> None:
    assert sample.headline == SAMPLE_LINES[0]
    paragraphs = sample.statement.split("\n")
    assert len(paragraphs) == 6
    assert paragraphs[0] == SAMPLE_LINES[1]
    assert paragraphs[-1].startswith("من جانبها، شددت تركيا")
    assert "İLKHA" not in sample.statement  # the agency credit is not body text
    assert "تنبيه" not in sample.statement
    boiler = [line for s in sample.sections_of("boilerplate") for line in s.text.splitlines()]
    assert [b for b in boiler if "تنبيه" in b] == [SAMPLE_LINES[7]]
    related = [line for s in sample.sections_of("related") for line in s.text.splitlines()]
    assert related == SAMPLE_LINES[8:12]


def test_sample_people_organizations_places(sample: Article) -> None:
    people = {g.canonical for g in sample.people}
    assert {"هاكان فيدان", "إبراهيم كالن", "محمد درويش"} <= people
    orgs = {g.canonical for g in sample.organizations}
    assert "حماس" in orgs or any("حماس" in g.aliases for g in sample.organizations)
    places = {g.canonical for g in sample.places}
    assert {"أنقرة", "تركيا"} <= places
    assert places & {"غزة", "قطاع غزة"}
    texts = {e.text for e in sample.entities}
    assert "التركي" not in texts and "وزير" not in texts


def test_groups_count_their_mentions_and_sort_by_count(sample: Article) -> None:
    fidan = next(g for g in sample.people if g.canonical == "هاكان فيدان")
    assert fidan.count == len(fidan.mentions) >= 2
    for label in ("PER", "ORG", "LOC"):
        counts = [g.count for g in sample.groups_of(label)]
        assert counts == sorted(counts, reverse=True)
    grouped = {(m.start, m.end) for g in sample.groups for m in g.mentions}
    assert grouped == {(e.start, e.end) for e in sample.entities}


def test_entities_are_in_headline_or_statement_related_ones_apart(sample: Article) -> None:
    for ent in sample.entities:
        assert sample.sections[ent.section or 0].kind in ("headline", "statement")
    assert sample.related_entities, "the related briefs name Russia, Hamas, Gaza..."
    for ent in sample.related_entities:
        assert sample.sections[ent.section or 0].kind == "related"
    related_texts = {e.text for e in sample.related_entities}
    assert "روسيا" in related_texts
    assert "روسيا" not in {e.text for e in sample.entities}


def test_nothing_is_extracted_from_boilerplate(sample: Article) -> None:
    spans = [(s.start, s.end) for s in sample.sections_of("boilerplate")]
    for ent in (*sample.entities, *sample.related_entities):
        assert not any(a <= ent.start < b for a, b in spans)


def test_sample_metadata_agency(sample: Article) -> None:
    assert sample.metadata.agency == "İLKHA"


def test_article_is_exported_lazily_from_the_package() -> None:
    assert arabic_news.analyze is analyze
    assert arabic_news.Article is Article


# ---------------------------------------------------------------------------- normalization


def test_offsets_map_back_through_display_normalization() -> None:
    """Invisible marks and presentation forms in the input: offsets still index the input."""
    noisy = SAMPLE.replace("أنقرة", "أن\u200fقرة").replace("حماس", "\u200bحماس", 3)
    article = analyze(noisy)
    assert article.text == noisy
    check_offsets(article)
    clean = analyze(SAMPLE)
    assert len(article.sections) == len(clean.sections)
    assert [s.kind for s in article.sections] == [s.kind for s in clean.sections]
    ankara = [e for e in article.entities if "قرة" in e.text]
    assert ankara and all("\u200f" in e.text for e in ankara)


def test_html_input_gives_offsets_into_the_derived_text() -> None:
    body = "".join(f"<p>{line}</p>\n" for line in SAMPLE_LINES[1:7])
    page = (
        "<!DOCTYPE html><html><head><title>x</title><style>p{color:red}</style></head><body>"
        f"<nav><a href='/'>الرئيسية</a></nav><h1>{SAMPLE_LINES[0]}</h1>{body}"
        "<script>var s = 'حماس';</script></body></html>"
    )
    article = analyze(page)
    check_offsets(article)
    assert "<" not in article.text and "var s" not in article.text
    assert article.headline == SAMPLE_LINES[0]
    assert "هاكان فيدان" in {g.canonical for g in article.people}
    assert analyze(page, is_html=False).text == page  # told it is text: taken as text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (SAMPLE, False),
        ("<p>نص</p>", True),
        ("<!doctype html><title>t</title>", True),
        ("  <div class='a'>خبر</div>", True),
        ("قال إن 3 < 5 وإن 7 > 2", False),
        ("خبر <br> ثم <br> ثم <p>", True),
        ("", False),
    ],
)
def test_looks_like_html(text: str, expected: bool) -> None:
    assert looks_like_html(text) is expected


# ---------------------------------------------------------------------------- bad input


@pytest.mark.parametrize("value", [b"\xd8\xba\xd8\xb2\xd8\xa9", 42, None, ["نص"]])
def test_non_str_raises_input_type_error(value: object) -> None:
    with pytest.raises(InputTypeError) as info:
        analyze(value)  # type: ignore[arg-type]
    assert isinstance(info.value, TypeError)
    if isinstance(value, bytes):
        assert "decode" in str(info.value)


@pytest.mark.parametrize("text", ["", "   ", "\n\n", "\u200f"])
def test_empty_input_gives_an_empty_article(text: str) -> None:
    article = analyze(text)
    assert article.entities == () and article.groups == ()
    assert article.headline == "" and article.statement == ""
    assert article.metadata == PageMetadata()
    check_offsets(article)


def test_html_without_an_article_does_not_crash() -> None:
    page = (
        "<html><body><nav><ul><li><a href='/'>الرئيسية</a></li><li><a href='/s'>رياضة</a></li>"
        "</ul></nav><footer>جميع الحقوق محفوظة © 2024</footer></body></html>"
    )
    article = analyze(page)
    check_offsets(article)
    assert article.statement == "" or len(article.statement) < 40
    empty = analyze("<html><body></body></html>")
    assert empty.sections == () and empty.text.strip() == ""


def test_one_line_and_no_arabic() -> None:
    one = analyze("أعلنت وزارة الخارجية التركية في أنقرة اليوم")
    check_offsets(one)
    assert one.sections
    latin = analyze("Breaking news\nThe minister met the delegation in Ankara today.\n")
    check_offsets(latin)


@pytest.mark.slow
def test_large_page_finishes_and_keeps_offsets() -> None:
    """A ~4 MB page (the sample's body repeated, no markup) goes through every stage."""
    body = "\n".join(SAMPLE_LINES[1:7])
    big = SAMPLE_LINES[0] + "\n" + "\n".join([body] * 1_500)
    article = analyze(big)
    check_offsets(article)
    assert article.headline == SAMPLE_LINES[0]
    assert len(article.text) == len(big)


# ---------------------------------------------------------------------------- Article


def test_article_round_trips_through_dict_and_json(sample: Article) -> None:
    data = sample.to_dict()
    assert data["schema_version"] == Article.SCHEMA_VERSION == 1
    assert set(data) == {
        "schema_version",
        "text",
        "headline",
        "statement",
        "metadata",
        "sections",
        "entities",
        "related_entities",
        "groups",
    }
    assert Article.from_dict(data) == sample
    assert Article.from_dict(json.loads(json.dumps(data))) == sample
    assert Article.from_json(sample.to_json(indent=2)) == sample
    assert "هاكان" in sample.to_json()  # not \\u-escaped


def test_article_from_dict_rejects_unknown_versions_and_bad_spans(sample: Article) -> None:
    data = sample.to_dict()
    with pytest.raises(ValueError, match="schema_version"):
        Article.from_dict({**data, "schema_version": 99})
    with pytest.raises(ValueError, match="schema_version"):
        Article.from_dict({k: v for k, v in data.items() if k != "schema_version"})
    broken = json.loads(json.dumps(data))
    broken["entities"][0]["start"] += 1
    broken["entities"][0]["end"] += 1
    with pytest.raises(ValueError, match="differs"):
        Article.from_dict(broken)


def test_article_checks_its_sections() -> None:
    text = "عنوان\nمتن"
    with pytest.raises(ValueError, match="before"):
        Article(
            text, sections=(Section("statement", 6, 9, "متن"), Section("headline", 0, 5, "عنوان"))
        )
    with pytest.raises(ValueError, match="differs"):
        Article(text, sections=(Section("headline", 0, 3, "متن"),))


def test_article_is_frozen_and_picklable(sample: Article) -> None:
    import pickle

    with pytest.raises(AttributeError):
        sample.text = "x"  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(sample)) == sample


def test_repr_html_is_the_renderer(sample: Article) -> None:
    from arabic_news.render import render_html

    assert sample._repr_html_() == render_html(sample)


# ---------------------------------------------------------------------------- properties

_LETTERS = "ابتثجحخدذرسشصضطظعغفقكلمنهوي ءأإآةى ،.؛:!؟\"'()<>/&\n\r\t0123456789"
_PIECES = ["\u200f", "\u200b", "\ufeff", "\u064e", "\u0640", "\ufefb", "<p>", "</p>", "İLKHA"]
_alphabet = st.sampled_from([*_LETTERS, *_PIECES, "حماس"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_alphabet, max_size=120).map("".join))
def test_any_text_gives_a_valid_article(text: str) -> None:
    article = analyze(text)
    check_offsets(article)
    if not looks_like_html(text):
        assert article.text == text
        covered = "".join(s.text for s in article.sections)
        letters = [c for c in text if c.isalnum()]
        assert len([c for c in covered if c.isalnum()]) == len(letters)


def test_agency_tag_in_a_statement_is_an_organization() -> None:
    from arabic_news.pipeline import analyze as run

    text = (
        "الرئيس يزور مصنعا جديدا في المدينة الصناعية\n"
        "زار الرئيس اليوم مصنعا جديدا للسيارات في المدينة الصناعية واطلع على خطوط الإنتاج "
        "واستمع إلى شرح من المسؤولين عن خطط التوسع والتصدير خلال العام المقبل. (واس)\n"
    )
    article = run(text)
    tags = [s for s in article.sections if s.role == "agency"]
    assert tags, "the segmenter should split the agency tag off"
    orgs = [e for e in article.entities if e.label == "ORG" and e.text == "واس"]
    assert len(orgs) == 1
    (org,) = orgs
    assert article.text[org.start : org.end] == "واس"
    assert tags[0].start < org.start < org.end < tags[0].end
    assert article.metadata.agency == "واس"


def test_agency_tag_already_found_is_not_added_twice() -> None:
    from arabic_news.pipeline import _agency_mentions, _stages
    from arabic_news.segment import segment
    from arabic_news.types import Entity

    text = (
        "الرئيس يزور مصنعا جديدا في المدينة الصناعية\n"
        "زار الرئيس اليوم مصنعا جديدا للسيارات في المدينة الصناعية واطلع على خطوط الإنتاج "
        "واستمع إلى شرح من المسؤولين عن خطط التوسع والتصدير خلال العام المقبل. (واس)\n"
    )
    sections = segment(text)
    (tag,) = [s for s in sections if s.role == "agency"]
    start = text.index("واس", tag.start)

    def ent(a: int, b: int) -> Entity:
        return Entity(text[a:b], "ORG", a, b, 0.9, text[a:b])

    early = ent(0, 6)  # "الرئيس": before the tag, no overlap
    assert [e.text for e in _agency_mentions(_stages(), text, sections, [early])] == ["واس"]
    # the model's own mention, or a longer span reaching into the tag, wins
    for found in ([early, ent(start, start + 3)], [ent(start - 8, start + 1)]):
        assert _agency_mentions(_stages(), text, sections, found) == []
