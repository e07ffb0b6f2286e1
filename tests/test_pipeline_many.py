"""analyze_many(): the batch engine (order, one output per input, bad records, streaming)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest
from _samples import LINES

from arabic_news.errors import DataFileError, UnknownOptionError
from arabic_news.pipeline import (
    CHUNK_SIZE,
    TASKS_IN_FLIGHT_PER_WORKER,
    RecordError,
    analyze,
    analyze_many,
)
from arabic_news.types import Article


def corpus(n: int) -> list[object]:
    """n records: distinct short articles, with bad ones at known places."""
    out: list[object] = []
    for i in range(n):
        if i % 7 == 3:
            out.append(b"\xd8\xba\xd8\xb2\xd8\xa9")  # bytes: must be decoded first
        elif i % 11 == 5:
            out.append(None)
        else:
            out.append(LINES[i % 12] + "\n" + LINES[(i + 1) % 12] + "\n" + LINES[(i + 2) % 12])
    return out


def test_one_output_per_input_in_order_with_error_records() -> None:
    items = corpus(40)
    results = list(analyze_many(items))
    assert len(results) == len(items)
    for i, (item, result) in enumerate(zip(items, results, strict=True)):
        if isinstance(item, str):
            assert isinstance(result, Article)
            assert result == analyze(item)
        else:
            assert isinstance(result, RecordError)
            assert result.index == i
            assert result.error == "InputTypeError"
            assert type(item).__name__ in result.message
    assert "decode it first" in results[3].message  # type: ignore[union-attr]


def test_two_workers_give_the_same_results_in_the_same_order() -> None:
    items = corpus(3 * CHUNK_SIZE + 5)
    assert list(analyze_many(items, workers=2)) == list(analyze_many(items, workers=1))


def test_the_input_is_consumed_lazily_with_bounded_lookahead() -> None:
    """Memory is flat: however long the input, only a bounded window is pulled ahead."""
    pulled = 0

    def endless() -> Iterator[str]:
        nonlocal pulled
        for i in itertools.count():
            pulled += 1
            yield LINES[i % 12]

    first = list(itertools.islice(analyze_many(endless(), workers=1), 5))
    assert len(first) == 5 and pulled <= 6

    pulled = 0
    gen = analyze_many(endless(), workers=2, chunk_size=4)
    got = list(itertools.islice(gen, 30))
    gen.close()
    assert len(got) == 30
    assert pulled <= 30 + 2 * TASKS_IN_FLIGHT_PER_WORKER * 4 + 4


def test_a_failure_inside_analysis_is_an_error_record(monkeypatch: pytest.MonkeyPatch) -> None:
    import arabic_news.pipeline as pipeline

    real = pipeline.analyze

    def flaky(text: str, *, is_html: bool | None = None) -> Article:
        if "روسيا" in text:
            raise RuntimeError("model exploded")
        return real(text, is_html=is_html)

    monkeypatch.setattr(pipeline, "analyze", flaky)
    results = list(analyze_many([LINES[0], LINES[10], LINES[1]]))
    assert isinstance(results[0], Article) and isinstance(results[2], Article)
    assert results[1] == RecordError(1, "RuntimeError", "model exploded")
    assert results[1].to_dict() == {"type": "RuntimeError", "message": "model exploded"}


@pytest.mark.parametrize("error", [DataFileError("model.crfsuite is missing"), ImportError("x")])
def test_a_broken_installation_stops_the_run(
    monkeypatch: pytest.MonkeyPatch, error: Exception
) -> None:
    """Not one error record per item: every item would fail the same way."""
    import arabic_news.pipeline as pipeline

    def broken(text: str, *, is_html: bool | None = None) -> Article:
        raise error

    monkeypatch.setattr(pipeline, "analyze", broken)
    with pytest.raises(type(error)):
        list(analyze_many([LINES[0], LINES[1]]))


@pytest.mark.parametrize("workers", [-1, 1.5, "2", True])
def test_bad_worker_counts_are_refused_at_call_time(workers: object) -> None:
    with pytest.raises(UnknownOptionError):
        analyze_many([], workers=workers)  # type: ignore[arg-type]


def test_bad_chunk_size_is_refused() -> None:
    with pytest.raises(UnknownOptionError):
        analyze_many([], chunk_size=0)


def test_zero_workers_means_every_core_and_empty_input_is_fine() -> None:
    assert list(analyze_many([], workers=0)) == []
    assert list(analyze_many(iter(()), workers=2)) == []


def test_is_html_is_passed_through() -> None:
    page = f"<html><body><h1>{LINES[0]}</h1><p>{LINES[1]}</p></body></html>"
    as_html, as_text = (next(analyze_many([page], is_html=flag)) for flag in (True, False))
    assert isinstance(as_html, Article) and isinstance(as_text, Article)
    assert "<" not in as_html.text and as_text.text == page
