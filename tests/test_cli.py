"""The arabic-news command: normalize, analyze, batch (formats, bad records, resume, Ctrl-C)."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from _samples import LINES, SAMPLE, SAMPLE_PATH

from arabic_news.cli import EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, main
from arabic_news.normalize import normalize
from arabic_news.types import Article


def run(argv: list[str], stdin: bytes = b"") -> tuple[int, str]:
    out = io.StringIO()
    code = main(argv, stdin=io.BytesIO(stdin), stdout=out)
    return code, out.getvalue()


def article_text(i: int) -> str:
    return "\n".join(LINES[(i + k) % 12] for k in range(3))


def write_jsonl(path: Path, rows: list[object]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write((row if isinstance(row, str) else json.dumps(row, ensure_ascii=False)) + "\n")


def read_jsonl(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


# ---------------------------------------------------------------------------- normalize / analyze


def test_normalize_file_and_stdin() -> None:
    code, out = run(["normalize", str(SAMPLE_PATH), "--profile", "search"])
    assert code == EXIT_OK and out == normalize(SAMPLE, "search")
    code, out = run(["normalize"], stdin="إِبْرَاهِيم".encode())
    assert code == EXIT_OK and out == normalize("إِبْرَاهِيم")


def test_unknown_profile_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["normalize", "--profile", "nope"])[0] == EXIT_USAGE
    assert "nope" in capsys.readouterr().err


def test_analyze_text_summary_is_the_readme_job() -> None:
    code, out = run(["analyze", str(SAMPLE_PATH)])
    assert code == EXIT_OK
    assert out.startswith("Headline\n  " + LINES[0])
    assert "Statement (6 paragraphs" in out
    for name in ("هاكان فيدان", "إبراهيم كالن", "محمد درويش", "أنقرة", "تركيا"):
        assert name in out
    people = out[out.index("People") : out.index("Organizations")]
    assert "هاكان فيدان" in people and "×" in people
    cut = out[out.index("Cut as boilerplate") :]
    assert "تنبيه" in cut
    assert "Related, not the article (4 lines)" in out
    assert "\033[" not in out  # no colour when not a terminal


def test_analyze_json_round_trips_and_html_is_a_page() -> None:
    code, out = run(["analyze", "--format", "json", str(SAMPLE_PATH)])
    assert code == EXIT_OK
    article = Article.from_json(out)
    assert article.text == SAMPLE
    code, out = run(["analyze", "--format", "html", "-"], stdin=SAMPLE.encode())
    assert code == EXIT_OK
    assert out.startswith("<!DOCTYPE html>") and 'dir="rtl"' in out and "an-ent" in out


def test_analyze_several_files_and_a_missing_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "b.html"
    other.write_text(f"<html><body><h1>{LINES[0]}</h1><p>{LINES[1]}</p></body></html>")
    code, out = run(["analyze", "--format", "json", str(SAMPLE_PATH), str(other)])
    assert code == EXIT_OK
    docs = [Article.from_json(line) for line in out.splitlines()]
    assert len(docs) == 2 and "<" not in docs[1].text
    code, out = run(["analyze", str(SAMPLE_PATH), str(tmp_path / "missing.txt")])
    assert code == EXIT_FAILED
    assert "==> " in out and "missing.txt" in capsys.readouterr().err


def test_analyze_undecodable_input_fails_cleanly(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(["analyze"], stdin=b"\xff\xfe\xfa")
    assert code == EXIT_FAILED and out == ""
    assert "utf-8" in capsys.readouterr().err.lower()


def test_help_version_and_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == EXIT_OK
    assert "arabic-news" in capsys.readouterr().out
    assert main(["--help"]) == EXIT_OK
    assert "exit status" in capsys.readouterr().out
    assert main([]) == EXIT_USAGE
    assert main(["analyze", "--format", "xml"]) == EXIT_USAGE


def test_python_dash_m_and_console_script() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "arabic_news", "analyze", str(SAMPLE_PATH)],
        capture_output=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert LINES[0] in proc.stdout.decode("utf-8")
    script = Path(sys.executable).with_name("arabic-news")
    if script.exists():  # installed entry point (pyproject [project.scripts])
        proc = subprocess.run([str(script), "--version"], capture_output=True, check=False)
        assert proc.returncode == 0 and b"arabic-news" in proc.stdout


# ---------------------------------------------------------------------------- batch


def bad_and_good_jsonl(path: Path) -> list[object]:
    rows: list[object] = [
        {"id": "a", "text": article_text(0)},
        {"id": "b"},  # missing field
        {"id": "c", "text": 42},  # not text
        "{not json",
        {"id": "e", "text": article_text(4)},
        [1, 2],  # not an object
        {"id": "g", "text": ""},  # empty text: an empty article, not an error
    ]
    write_jsonl(path, rows)
    with path.open("ab") as fh:
        fh.write(b'{"id": "h", "text": "\xff\xfe"}\n')  # undecodable bytes
    return rows


def test_batch_jsonl_one_output_per_input_and_error_records(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    bad_and_good_jsonl(src)
    code, _ = run(["batch", str(src), "-o", str(out)])
    assert code == EXIT_FAILED
    assert "5 of 8 records failed" in capsys.readouterr().err
    records = read_jsonl(out)
    assert [r["id"] for r in records] == ["a", "b", "c", "3", "e", "5", "g", "7"]
    errors = {r["id"]: r["error"] for r in records if r["error"]}
    assert set(errors) == {"b", "c", "3", "5", "7"}
    assert "missing field 'text'" in errors["b"]["message"]  # type: ignore[index]
    assert errors["c"]["type"] == "InputTypeError"  # type: ignore[index]
    assert errors["3"]["type"] == "JSONDecodeError"  # type: ignore[index]
    assert errors["7"]["type"] == "UnicodeDecodeError"  # type: ignore[index]
    good = Article.from_dict(records[0]["article"])  # type: ignore[arg-type]
    assert good.text == article_text(0)
    assert Article.from_dict(records[6]["article"]).sections == ()  # type: ignore[arg-type]


def test_batch_all_good_exits_zero_and_stdin_to_stdout(tmp_path: Path) -> None:
    lines = "".join(
        json.dumps({"text": article_text(i)}, ensure_ascii=False) + "\n" for i in range(5)
    )
    code, out = run(["batch", "-"], stdin=lines.encode())
    assert code == EXIT_OK
    records = [json.loads(x) for x in out.splitlines()]
    assert [r["id"] for r in records] == ["0", "1", "2", "3", "4"]
    assert all(r["error"] is None for r in records)


def test_batch_two_workers_same_output_as_one(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    write_jsonl(src, [{"id": i, "body": article_text(i)} for i in range(70)])
    outs = []
    for workers in ("1", "2"):
        out = tmp_path / f"out{workers}.jsonl"
        code, _ = run(
            ["batch", str(src), "-o", str(out), "--text-field", "body", "--workers", workers]
        )
        assert code == EXIT_OK
        outs.append(out.read_text(encoding="utf-8"))
    assert outs[0] == outs[1]
    assert [r["id"] for r in (json.loads(x) for x in outs[0].splitlines())] == [
        str(i) for i in range(70)
    ]


def test_batch_csv_in_and_out(tmp_path: Path) -> None:
    src, out = tmp_path / "in.csv", tmp_path / "out.csv"
    with src.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["key", "text"])
        w.writerows([["k1", SAMPLE], ["k2", ""], ["k3", article_text(3)]])
    code, _ = run(["batch", str(src), "-o", str(out), "--id-field", "key"])
    assert code == EXIT_OK
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["id"] for r in rows] == ["k1", "k2", "k3"]
    assert rows[0]["headline"] == LINES[0]
    assert "هاكان فيدان" in json.loads(rows[0]["people"])
    assert "\n" in rows[0]["statement"]


def test_batch_csv_without_the_text_column_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "in.csv"
    src.write_text("id,body\n1,x\n", encoding="utf-8")
    assert run(["batch", str(src)])[0] == EXIT_USAGE
    assert "no column 'text'" in capsys.readouterr().err


def test_batch_parquet_in_and_out(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    pa = pytest.importorskip("pyarrow")
    src, out = tmp_path / "in.parquet", tmp_path / "out.parquet"
    pq.write_table(pa.table({"id": ["x", "y", "z"], "text": [SAMPLE, None, article_text(2)]}), src)
    code, _ = run(["batch", str(src), "-o", str(out)])
    assert code == EXIT_FAILED  # y has no text
    table = pq.read_table(out).to_pylist()
    assert [r["id"] for r in table] == ["x", "y", "z"]
    assert table[0]["headline"] == LINES[0] and "هاكان فيدان" in table[0]["people"]
    assert table[1]["error"] == "MissingField" and table[1]["headline"] is None
    assert not (tmp_path / "out.parquet.partial").exists()


def test_batch_folder_of_txt_and_html(tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text(SAMPLE, encoding="utf-8")
    (folder / "sub" / "b.html").write_text(
        f"<html><body><h1>{LINES[0]}</h1><p>{LINES[1]}</p></body></html>", encoding="utf-8"
    )
    (folder / "c.txt").write_bytes(b"\xff\xfe bad")
    (folder / "ignored.json").write_text("{}")
    out = tmp_path / "out.jsonl"
    code, _ = run(["batch", str(folder), "-o", str(out)])
    assert code == EXIT_FAILED
    records = read_jsonl(out)
    assert [r["id"] for r in records] == ["a.txt", "c.txt", "sub/b.html"]
    assert records[1]["error"]["type"] == "UnicodeDecodeError"  # type: ignore[index]
    html_article = Article.from_dict(records[2]["article"])  # type: ignore[arg-type]
    assert "<" not in html_article.text and html_article.headline == LINES[0]


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_batch_resume_skips_ids_already_written(tmp_path: Path, fmt: str) -> None:
    if fmt == "parquet":
        pytest.importorskip("pyarrow")
    src, out = tmp_path / "in.jsonl", tmp_path / f"out.{fmt}"
    write_jsonl(src, [{"id": f"r{i}", "text": article_text(i)} for i in range(6)])
    write_jsonl(
        tmp_path / "first.jsonl", [{"id": f"r{i}", "text": article_text(i)} for i in range(3)]
    )
    assert run(["batch", str(tmp_path / "first.jsonl"), "-o", str(out)])[0] == EXIT_OK
    if fmt == "jsonl":  # a run killed hard mid-line leaves a torn last record
        with out.open("a", encoding="utf-8") as fh:
            fh.write('{"id": "r3", "error": nu')
    assert run(["batch", str(src), "-o", str(out), "--resume"])[0] == EXIT_OK
    if fmt == "jsonl":
        ids = [r["id"] for r in read_jsonl(out)]
    elif fmt == "csv":
        with out.open(encoding="utf-8", newline="") as fh:
            ids = [r["id"] for r in csv.DictReader(fh)]
    else:
        import pyarrow.parquet as pq

        ids = pq.read_table(out).column("id").to_pylist()
    assert ids == [f"r{i}" for i in range(6)]


def test_batch_resume_needs_an_output_file() -> None:
    assert run(["batch", "-", "--resume"])[0] == EXIT_USAGE
    assert run(["batch", "-", "--format", "parquet"])[0] == EXIT_USAGE
    assert run(["batch", "/no/such/file.jsonl"])[0] == EXIT_USAGE


@pytest.mark.slow
def test_ctrl_c_leaves_output_valid_and_resume_completes_it(tmp_path: Path) -> None:
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    n = 1500
    write_jsonl(src, [{"id": i, "text": article_text(i)} for i in range(n)])
    cmd = [sys.executable, "-m", "arabic_news", "batch", str(src), "-o", str(out), "--workers", "2"]
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and (not out.exists() or out.stat().st_size < 100_000):
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == EXIT_INTERRUPTED, err
    assert b"--resume" in err
    records = read_jsonl(out)  # every line is a whole record
    assert 0 < len(records) < n
    assert [r["id"] for r in records] == [str(i) for i in range(len(records))]
    done = subprocess.run([*cmd, "--resume"], capture_output=True, check=False, env=os.environ)
    assert done.returncode == EXIT_OK, done.stderr
    assert [r["id"] for r in read_jsonl(out)] == [str(i) for i in range(n)]
