"""The examples run top to bottom: quickstart.py, notebook.ipynb (nbclient), corpus_with_dask.py."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from _samples import LINES, ROOT

EXAMPLES = ROOT / "examples"


def test_quickstart_runs() -> None:
    proc = subprocess.run(
        [sys.executable, str(EXAMPLES / "quickstart.py")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert f"Headline : {LINES[0]}" in proc.stdout
    assert "Agency   : İLKHA" in proc.stdout
    assert "People:" in proc.stdout and "schema_version 1" in proc.stdout


@pytest.mark.slow
def test_notebook_runs_top_to_bottom_and_keeps_its_outputs() -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    path = EXAMPLES / "notebook.ipynb"
    stored = nbformat.read(path, as_version=4)
    code_cells = [c for c in stored.cells if c.cell_type == "code"]
    assert code_cells and all(c.outputs for c in code_cells), "commit the executed notebook"
    fresh = nbformat.read(path, as_version=4)
    nbclient.NotebookClient(
        fresh, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(EXAMPLES)}}
    ).execute()
    first = next(c for c in fresh.cells if c.cell_type == "code")
    html = "".join(o.get("data", {}).get("text/html", "") for o in first.outputs)
    assert 'dir="rtl"' in html and 'class="an-ent an-PER"' in html
    errors = [o for c in fresh.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in errors if o.get("output_type") == "error"]


@pytest.mark.slow
def test_corpus_with_dask_writes_parquet(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    pq = pytest.importorskip("pyarrow.parquet")
    corpus = tmp_path / "corpus.jsonl"
    with corpus.open("w", encoding="utf-8") as fh:
        for i in range(12):
            text = "\n".join(LINES[(i + k) % 12] for k in range(4))
            fh.write(json.dumps({"id": f"a{i}", "text": text}, ensure_ascii=False) + "\n")
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, str(EXAMPLES / "corpus_with_dask.py"), str(corpus), str(out)],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "12 articles written" in proc.stdout
    table = pq.read_table(out).to_pandas()
    assert sorted(table["id"]) == sorted(f"a{i}" for i in range(12))
    assert {"headline", "statement", "people", "organizations", "places"} <= set(table.columns)
    assert "text" not in table.columns
    assert table.set_index("id").loc["a0", "headline"] == LINES[0]
