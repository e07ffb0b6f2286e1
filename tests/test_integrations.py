"""pandas and Dask bridges, and the error when their extra is missing."""

from __future__ import annotations

import subprocess
import sys

import pytest

from arabic_news.errors import InputTypeError, UnknownOptionError
from arabic_news.pipeline import RecordError, analyze

pd = pytest.importorskip("pandas")

from _samples import LINES, SAMPLE  # noqa: E402

from arabic_news.integrations.pandas import (  # noqa: E402
    ARTICLE_COLUMNS,
    ENTITY_COLUMNS,
    analyze_frame,
    entities_frame,
)


def frame(n: int = 6) -> object:
    texts: list[object] = ["\n".join(LINES[(i + k) % 12] for k in range(3)) for i in range(n)]
    texts[0] = SAMPLE
    if n > 2:
        texts[2] = None
    return pd.DataFrame({"text": texts, "n": range(n)}, index=[f"doc{i}" for i in range(n)])


# ---------------------------------------------------------------------------- pandas


def test_analyze_frame_adds_the_article_columns() -> None:
    df = frame()
    out = analyze_frame(df, "text")
    assert list(out.columns) == ["text", "n", *ARTICLE_COLUMNS]
    assert list(df.columns) == ["text", "n"]  # the input is not modified
    assert list(out.index) == list(df.index)
    first = out.loc["doc0"]
    article = analyze(SAMPLE)
    assert first["headline"] == LINES[0] == article.headline
    assert first["statement"] == article.statement
    assert first["people"] == [g.canonical for g in article.people]
    assert "هاكان فيدان" in first["people"]
    assert first["places"] == [g.canonical for g in article.places]
    assert out.loc["doc2", ARTICLE_COLUMNS].isna().all()  # missing text -> missing columns


def test_analyze_frame_bad_cells_raise_or_coerce() -> None:
    df = pd.DataFrame({"text": [SAMPLE, 17, b"x"]})
    with pytest.raises(InputTypeError, match="row 1"):
        analyze_frame(df, "text")
    out = analyze_frame(df, "text", errors="coerce")
    assert out["headline"].tolist() == [LINES[0], None, None]
    with pytest.raises(UnknownOptionError, match="no column"):
        analyze_frame(df, "body")
    with pytest.raises(UnknownOptionError, match="errors"):
        analyze_frame(df, "text", errors="ignore")  # type: ignore[arg-type]
    with pytest.raises(InputTypeError):
        analyze_frame([SAMPLE], "text")


def test_analyze_frame_with_two_workers_matches_one() -> None:
    df = frame(40)
    pd.testing.assert_frame_equal(analyze_frame(df, "text", workers=2), analyze_frame(df, "text"))


def test_entities_frame_one_row_per_mention() -> None:
    df = frame()
    ents = entities_frame(df, "text")
    assert tuple(ents.columns) == ENTITY_COLUMNS
    article = analyze(SAMPLE)
    mine = ents[ents["row"] == "doc0"]
    assert len(mine) == len(article.entities)
    for row in mine.itertuples():
        assert SAMPLE[row.start : row.end] == row.text
        assert row.section_kind in ("headline", "statement")
        assert row.canonical is not None
    fidan = mine[mine["canonical"] == "هاكان فيدان"]
    assert len(fidan) == next(g.count for g in article.people if g.canonical == "هاكان فيدان")
    with_related = entities_frame(df, "text", include_related=True)
    related = with_related[with_related["section_kind"] == "related"]
    assert len(related) > 0 and related["canonical"].isna().all()
    assert "روسيا" in set(related["text"])
    empty = entities_frame(df.iloc[:0], "text")
    assert tuple(empty.columns) == ENTITY_COLUMNS and len(empty) == 0
    assert empty.dtypes.to_dict() == ents.dtypes.to_dict()


# ---------------------------------------------------------------------------- missing extras


@pytest.mark.parametrize(
    ("module", "hidden", "extra"),
    [
        ("arabic_news.integrations.pandas", "pandas", "pandas"),
        ("arabic_news.integrations.dask", "dask", "dask"),
    ],
)
def test_missing_dependency_names_the_extra(module: str, hidden: str, extra: str) -> None:
    code = (
        "import sys\n"
        f"sys.modules[{hidden!r}] = None\n"
        "from arabic_news.errors import MissingDependencyError\n"
        "try:\n"
        f"    import {module}\n"
        "except MissingDependencyError as exc:\n"
        "    assert isinstance(exc, ImportError)\n"
        "    print(exc)\n"
        "else:\n"
        "    raise SystemExit('imported without ' + " + repr(hidden) + ")\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert f"pip install 'arabic-news[{extra}]'" in proc.stdout


def test_plain_import_stays_light() -> None:
    code = (
        "import sys, arabic_news\n"
        "heavy = {'pandas', 'dask', 'torch', 'camel_tools', 'pyarrow'} & set(sys.modules)\n"
        "print(sorted(heavy))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "[]"


# ---------------------------------------------------------------------------- dask


@pytest.fixture(scope="module")
def client() -> object:
    pytest.importorskip("dask.dataframe")
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        silence_logs=40,
    )
    with distributed.Client(cluster) as c:
        yield c
    cluster.close()


@pytest.mark.slow
def test_dask_dataframe_on_a_local_cluster_with_two_workers(client: object) -> None:
    import dask.dataframe as dd

    from arabic_news.integrations import dask as bridge

    df = frame(24)
    ddf = dd.from_pandas(df, npartitions=6, sort=False)
    lazy = bridge.analyze_frame(ddf, "text")
    assert list(lazy.columns) == ["text", "n", *ARTICLE_COLUMNS]
    out = lazy.compute()
    expected = analyze_frame(df, "text")
    assert out.index.tolist() == expected.index.tolist()
    for name in ARTICLE_COLUMNS:
        assert out[name].tolist() == expected[name].tolist()
    ents = bridge.entities_frame(ddf, "text").compute()
    assert len(ents) == len(entities_frame(df, "text"))
    assert tuple(ents.columns) == ENTITY_COLUMNS
    # Models load once per worker process, not once per record or partition.
    loads = client.run(
        lambda: __import__("arabic_news.pipeline").pipeline._load_count()  # type: ignore[attr-defined]
    )
    assert len(loads) == 2
    assert all(count <= 1 for count in loads.values()) and sum(loads.values()) >= 1


@pytest.mark.slow
def test_dask_bag_gives_articles_in_order(client: object) -> None:
    import dask.bag as db

    from arabic_news.integrations import dask as bridge

    texts: list[object] = ["\n".join(LINES[(i + k) % 12] for k in range(3)) for i in range(10)]
    texts[4] = 5
    bag = db.from_sequence(texts, npartitions=3)
    results = bridge.analyze_bag(bag).compute()
    assert len(results) == 10
    assert isinstance(results[4], RecordError)
    assert [r.headline for i, r in enumerate(results) if i != 4] == [
        analyze(t).headline
        for i, t in enumerate(texts)
        if i != 4  # type: ignore[arg-type]
    ]
    dicts = bridge.analyze_bag(bag, as_dict=True).compute()
    assert dicts[4]["article"] is None and dicts[4]["error"]["type"] == "InputTypeError"
    assert dicts[0]["article"]["schema_version"] == 1
    with pytest.raises(InputTypeError):
        bridge.analyze_bag(texts)
    with pytest.raises(InputTypeError):
        bridge.analyze_frame(frame(), "text")
