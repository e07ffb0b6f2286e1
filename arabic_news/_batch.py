"""Readers, writers and the run loop behind ``arabic-news batch``.

Readers turn IN (JSONL, CSV, Parquet, or a folder of .txt/.html files) into a stream of
:class:`Record` -- an id and either the text or a :class:`~arabic_news.pipeline._Bad` saying why
the record has none. Writers append one output record per input record (JSONL, CSV or
Parquet) and always leave OUT valid up to the last whole record: JSONL and CSV are written a
whole record at a time; Parquet is written to ``OUT.partial`` and renamed over OUT when closed.
"""

from __future__ import annotations

import csv
import json
import os
import signal
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import IO, Any, Final, NamedTuple, Protocol

from .errors import MissingDependencyError, UnknownOptionError
from .pipeline import CHUNK_SIZE, RecordError, _Bad, _run
from .types import Article

__all__ = [
    "FLAT_COLUMNS",
    "INPUT_FORMATS",
    "OUTPUT_FORMATS",
    "BatchSummary",
    "Prepared",
    "Record",
    "flat_row",
    "output_record",
    "prepare_flat",
    "prepare_jsonl",
    "run_batch",
]

INPUT_FORMATS: Final = ("jsonl", "csv", "parquet", "folder")
OUTPUT_FORMATS: Final = ("jsonl", "csv", "parquet")
#: Columns of a CSV or Parquet output row (JSONL holds the whole Article instead).
FLAT_COLUMNS: Final = (
    "id",
    "error",
    "message",
    "headline",
    "statement",
    "agency",
    "byline",
    "dateline",
    "people",
    "organizations",
    "places",
)
_LIST_COLUMNS: Final = ("people", "organizations", "places")
#: Rows buffered per Parquet row group (bounded memory; ~1-5 MB of text per group).
PARQUET_ROWS_PER_GROUP: Final = 1000
#: Rows read per Parquet batch.
PARQUET_READ_BATCH: Final = 256
_FOLDER_SUFFIXES: Final = {".txt": False, ".html": True, ".htm": True}


class Record(NamedTuple):
    """One input record: ``id`` (str), the text or why there is none, and ``is_html``."""

    id: str
    payload: str | _Bad
    is_html: bool | None


# ---------------------------------------------------------------------------- readers


def detect_input_format(path: str) -> str:
    """Return the IN format of ``path``: folder, csv, parquet, or jsonl (also for ``-``)."""
    if path != "-" and Path(path).is_dir():
        return "folder"
    suffix = Path(path).suffix.lower()
    if suffix == ".csv":
        return "csv"
    if suffix in (".parquet", ".pq"):
        return "parquet"
    return "jsonl"


def _field_record(
    index: int, obj: Any, text_field: str, id_field: str | None, where: str
) -> Record:
    """Make a Record from one parsed row (a dict); every problem becomes a _Bad payload."""
    if not isinstance(obj, dict):
        return Record(str(index), _Bad("BadRecord", f"{where}: not an object"), None)
    rid = obj.get(id_field or "id")
    if rid is None:
        if id_field is not None:
            reason = f"{where}: missing id field {id_field!r}"
            return Record(str(index), _Bad("MissingField", reason), None)
        rid = index
    rid = str(rid)
    if text_field not in obj or obj[text_field] is None:
        return Record(rid, _Bad("MissingField", f"{where}: missing field {text_field!r}"), None)
    value = obj[text_field]
    if isinstance(value, bytes | bytearray):
        try:
            value = bytes(value).decode("utf-8")
        except UnicodeDecodeError as exc:
            return Record(rid, _Bad("UnicodeDecodeError", f"{where}: {exc}"), None)
    if not isinstance(value, str):
        reason = f"{where}: field {text_field!r} is {type(value).__name__}, not text"
        return Record(rid, _Bad("InputTypeError", reason), None)
    if any("\udc80" <= ch <= "\udcff" for ch in value):  # surrogateescape'd bytes
        reason = f"{where}: field {text_field!r} holds bytes that are not UTF-8"
        return Record(rid, _Bad("UnicodeDecodeError", reason), None)
    return Record(rid, value, None)


def read_jsonl(stream: IO[bytes], text_field: str, id_field: str | None) -> Iterator[Record]:
    """Yield one Record per non-blank line of a JSONL byte stream."""
    index = 0
    for lineno, raw in enumerate(stream, start=1):
        if not raw.strip():
            continue
        where = f"line {lineno}"
        try:
            obj = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError as exc:
            yield Record(str(index), _Bad("UnicodeDecodeError", f"{where}: {exc}"), None)
        except json.JSONDecodeError as exc:
            yield Record(str(index), _Bad("JSONDecodeError", f"{where}: {exc}"), None)
        else:
            yield _field_record(index, obj, text_field, id_field, where)
        index += 1


def read_csv(path: Path, text_field: str, id_field: str | None) -> Iterator[Record]:
    """Yield one Record per CSV row (UTF-8, header row first).

    Raises:
        UnknownOptionError: the header has no ``text_field`` (or ``id_field``) column.
    """
    csv.field_size_limit(2**31 - 1)
    with path.open(encoding="utf-8-sig", errors="surrogateescape", newline="") as fh:
        reader = csv.DictReader(fh)
        header = reader.fieldnames or []
        for name in (text_field, id_field):
            if name is not None and name not in header:
                raise UnknownOptionError(f"{path} has no column {name!r}; columns: {header}")
        for index, row in enumerate(reader):
            yield _field_record(index, row, text_field, id_field, f"row {index + 1}")


def _pyarrow_parquet() -> Any:
    try:
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise MissingDependencyError("pyarrow", "pandas", "Parquet input and output") from exc
    return pq


def read_parquet(path: Path, text_field: str, id_field: str | None) -> Iterator[Record]:
    """Yield one Record per Parquet row, reading a few hundred rows at a time.

    Raises:
        MissingDependencyError: pyarrow is not installed.
        UnknownOptionError: the file has no ``text_field`` (or ``id_field``) column.
    """
    pq = _pyarrow_parquet()
    pfile = pq.ParquetFile(path)
    names = pfile.schema_arrow.names
    for name in (text_field, id_field):
        if name is not None and name not in names:
            raise UnknownOptionError(f"{path} has no column {name!r}; columns: {names}")
    id_name = id_field or ("id" if "id" in names else None)
    columns = [text_field] + ([id_name] if id_name and id_name != text_field else [])
    index = 0
    for batch in pfile.iter_batches(batch_size=PARQUET_READ_BATCH, columns=columns):
        for row in batch.to_pylist():
            yield _field_record(index, row, text_field, id_field, f"row {index + 1}")
            index += 1


def read_folder(path: Path) -> Iterator[Record]:
    """Yield one Record per .txt/.html/.htm file under ``path`` (sorted; id = relative path)."""
    files = sorted(
        p for p in path.rglob("*") if p.suffix.lower() in _FOLDER_SUFFIXES and p.is_file()
    )
    for file in files:
        rid = file.relative_to(path).as_posix()
        is_html = _FOLDER_SUFFIXES[file.suffix.lower()]
        try:
            yield Record(rid, file.read_bytes().decode("utf-8-sig"), is_html)
        except UnicodeDecodeError as exc:
            yield Record(rid, _Bad("UnicodeDecodeError", f"{rid}: not UTF-8: {exc}"), is_html)
        except OSError as exc:
            yield Record(rid, _Bad(type(exc).__name__, f"{rid}: {exc}"), is_html)


def count_records(path: str, fmt: str) -> int | None:
    """Return the number of records in IN when it is cheap to know (folder, Parquet)."""
    if fmt == "folder":
        return sum(
            1 for p in Path(path).rglob("*") if p.suffix.lower() in _FOLDER_SUFFIXES and p.is_file()
        )
    if fmt == "parquet":
        return int(_pyarrow_parquet().ParquetFile(path).metadata.num_rows)
    return None


def open_reader(
    path: str, fmt: str, text_field: str, id_field: str | None, stdin: IO[bytes]
) -> Iterator[Record]:
    """Return the Record stream of IN in format ``fmt`` (``-`` is JSONL on ``stdin``)."""
    if fmt == "folder":
        return read_folder(Path(path))
    if fmt == "csv":
        return read_csv(Path(path), text_field, id_field)
    if fmt == "parquet":
        return read_parquet(Path(path), text_field, id_field)
    if path == "-":
        return read_jsonl(stdin, text_field, id_field)
    return _read_jsonl_file(Path(path), text_field, id_field)


def _read_jsonl_file(path: Path, text_field: str, id_field: str | None) -> Iterator[Record]:
    with path.open("rb") as fh:
        yield from read_jsonl(fh, text_field, id_field)


# ---------------------------------------------------------------------------- output rows


class Prepared(NamedTuple):
    """An outcome made ready to write, in the worker process: whether it failed, and data."""

    failed: bool
    data: Any


def output_record(rid: str, outcome: Article | RecordError) -> dict[str, Any]:
    """Return the JSONL output record: ``{"id", "error", "article"}``."""
    if isinstance(outcome, RecordError):
        return {"id": rid, "error": outcome.to_dict(), "article": None}
    return {"id": rid, "error": None, "article": outcome.to_dict()}


def flat_row(rid: str, outcome: Article | RecordError) -> dict[str, Any]:
    """Return the CSV/Parquet output row (keys :data:`FLAT_COLUMNS`)."""
    row: dict[str, Any] = dict.fromkeys(FLAT_COLUMNS)
    row["id"] = rid
    if isinstance(outcome, RecordError):
        row["error"], row["message"] = outcome.error, outcome.message
        return row
    meta = outcome.metadata
    row.update(
        headline=outcome.headline,
        statement=outcome.statement,
        agency=meta.agency,
        byline=meta.byline,
        dateline=meta.dateline,
        people=[g.canonical for g in outcome.people],
        organizations=[g.canonical for g in outcome.organizations],
        places=[g.canonical for g in outcome.places],
    )
    return row


def prepare_jsonl(outcome: Article | RecordError) -> Prepared:
    """The JSON text of the record's ``error`` or ``article`` (serialized in the worker)."""
    if isinstance(outcome, RecordError):
        return Prepared(True, json.dumps(outcome.to_dict(), ensure_ascii=False))
    return Prepared(False, outcome.to_json())


def prepare_flat(outcome: Article | RecordError) -> Prepared:
    """The CSV/Parquet row of the record, without its id."""
    return Prepared(isinstance(outcome, RecordError), flat_row("", outcome))


# ---------------------------------------------------------------------------- writers


class Writer(Protocol):
    @staticmethod
    def prepare(outcome: Article | RecordError, /) -> Prepared:
        """Runs in the worker; a module-level function, so that it pickles."""

    def write(self, rid: str, prepared: Prepared) -> None: ...
    def close(self) -> None: ...


class _StreamWriter:
    """A writer on a text stream: closes the stream it opened, flushes one it was given."""

    def __init__(self, stream: IO[str], own: bool) -> None:
        self._stream = stream
        self._own = own

    def close(self) -> None:
        if self._own:
            self._stream.close()
        else:
            self._stream.flush()


class JsonlWriter(_StreamWriter):
    """One JSON object a line (:func:`output_record`); each line written whole."""

    @staticmethod
    def prepare(outcome: Article | RecordError, /) -> Prepared:
        """Runs in the worker: see :func:`prepare_jsonl`."""
        return prepare_jsonl(outcome)

    def write(self, rid: str, prepared: Prepared) -> None:
        key = json.dumps(rid, ensure_ascii=False)
        if prepared.failed:
            line = f'{{"id": {key}, "error": {prepared.data}, "article": null}}\n'
        else:
            line = f'{{"id": {key}, "error": null, "article": {prepared.data}}}\n'
        self._stream.write(line)


class CsvWriter(_StreamWriter):
    """A header row, then one row per record; list columns hold JSON arrays."""

    @staticmethod
    def prepare(outcome: Article | RecordError, /) -> Prepared:
        """Runs in the worker: see :func:`prepare_flat`."""
        return prepare_flat(outcome)

    def __init__(self, stream: IO[str], own: bool, header: bool) -> None:
        super().__init__(stream, own)
        self._csv = csv.writer(stream)
        if header:
            self._csv.writerow(FLAT_COLUMNS)

    def write(self, rid: str, prepared: Prepared) -> None:
        row = dict(prepared.data, id=rid)
        for name in _LIST_COLUMNS:
            if row[name] is not None:
                row[name] = json.dumps(row[name], ensure_ascii=False)
        self._csv.writerow([row[name] for name in FLAT_COLUMNS])


class ParquetWriter:
    """Row groups of :data:`PARQUET_ROWS_PER_GROUP` written to ``OUT.partial``, renamed over
    OUT on close (after copying OUT's old rows first when resuming)."""

    @staticmethod
    def prepare(outcome: Article | RecordError, /) -> Prepared:
        """Runs in the worker: see :func:`prepare_flat`."""
        return prepare_flat(outcome)

    def __init__(self, path: Path, keep_existing: bool) -> None:
        pq = _pyarrow_parquet()
        import pyarrow as pa

        self._pa = pa
        self._schema = pa.schema(
            [
                (name, pa.list_(pa.string()) if name in _LIST_COLUMNS else pa.string())
                for name in FLAT_COLUMNS
            ]
        )
        self._path = path
        self._partial = path.with_name(path.name + ".partial")
        self._writer = pq.ParquetWriter(self._partial, self._schema)
        self._rows: list[dict[str, Any]] = []
        if keep_existing and path.exists():
            for batch in pq.ParquetFile(path).iter_batches(batch_size=PARQUET_ROWS_PER_GROUP):
                table = pa.Table.from_batches([batch]).select(list(FLAT_COLUMNS))
                self._writer.write_table(table.cast(self._schema))

    def write(self, rid: str, prepared: Prepared) -> None:
        self._rows.append(dict(prepared.data, id=rid))
        if len(self._rows) >= PARQUET_ROWS_PER_GROUP:
            self._flush()

    def _flush(self) -> None:
        if self._rows:
            self._writer.write_table(self._pa.Table.from_pylist(self._rows, schema=self._schema))
            self._rows = []

    def close(self) -> None:
        self._flush()
        self._writer.close()
        os.replace(self._partial, self._path)


def open_writer(out: str | None, fmt: str, resume: bool, stdout: IO[str]) -> Writer:
    """Open OUT (``None`` or ``-`` = stdout) for format ``fmt``; append when ``resume``.

    Raises:
        UnknownOptionError: Parquet to stdout.
        MissingDependencyError: Parquet without pyarrow.
    """
    if out in (None, "-"):
        if fmt == "parquet":
            raise UnknownOptionError("--format parquet needs -o OUT (a file, not stdout)")
        return JsonlWriter(stdout, own=False) if fmt == "jsonl" else CsvWriter(stdout, False, True)
    path = Path(out)
    if fmt == "parquet":
        return ParquetWriter(path, keep_existing=resume)
    appending = resume and path.exists() and path.stat().st_size > 0
    stream = path.open("a" if appending else "w", encoding="utf-8", newline="")
    if fmt == "jsonl":
        return JsonlWriter(stream, own=True)
    return CsvWriter(stream, own=True, header=not appending)


# ---------------------------------------------------------------------------- resume


def done_ids(out: str, fmt: str) -> set[str]:
    """Return the ids already in OUT, first cutting off a torn last record (JSONL, CSV).

    Raises:
        UnknownOptionError: OUT exists but cannot be read as ``fmt``.
    """
    path = Path(out)
    if not path.exists() or path.stat().st_size == 0:
        return set()
    if fmt == "parquet":
        table = _pyarrow_parquet().read_table(path, columns=["id"])
        return {str(x) for x in table.column("id").to_pylist()}
    if fmt == "jsonl":
        return _jsonl_done_ids(path)
    return _csv_done_ids(path)


def _jsonl_done_ids(path: Path) -> set[str]:
    ids: set[str] = set()
    good_end = 0
    with path.open("rb") as fh:
        for raw in fh:
            if not raw.endswith(b"\n"):
                break
            try:
                ids.add(str(json.loads(raw)["id"]))
            except (ValueError, KeyError, TypeError) as exc:
                raise UnknownOptionError(f"{path} is not batch JSONL output: {exc}") from exc
            good_end += len(raw)
    if good_end < path.stat().st_size:
        with path.open("r+b") as fh:
            fh.truncate(good_end)
    return ids


def _csv_done_ids(path: Path) -> set[str]:
    csv.field_size_limit(2**31 - 1)
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    torn = not path.read_bytes().endswith(b"\n")
    if not rows or tuple(rows[0]) != FLAT_COLUMNS:
        raise UnknownOptionError(f"{path} is not batch CSV output (header {rows[:1]})")
    body = rows[1:-1] if torn else rows[1:]
    if torn:
        with path.open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh).writerows([rows[0], *body])
    return {row[0] for row in body}


# ---------------------------------------------------------------------------- run loop


@dataclass
class BatchSummary:
    """What a batch run did: records written, failed, skipped (``--resume``), interrupted."""

    written: int = 0
    failed: int = 0
    skipped: int = 0
    interrupted: bool = False


class _Interrupt:
    """First Ctrl-C: finish the record in hand and stop cleanly. Second: the usual abort."""

    def __init__(self) -> None:
        self.requested = False
        self._previous: Any = None

    def _handler(self, signum: int, frame: FrameType | None) -> None:
        self.requested = True
        signal.signal(signal.SIGINT, self._previous)

    def __enter__(self) -> _Interrupt:
        try:
            self._previous = signal.signal(signal.SIGINT, self._handler)
        except ValueError:  # not the main thread: leave Ctrl-C alone
            self._previous = None
        return self

    def __exit__(self, *exc: object) -> None:
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)


def run_batch(
    records: Iterator[Record],
    writer: Writer,
    *,
    workers: int = 1,
    skip: set[str] | None = None,
    progress: Any = None,
) -> BatchSummary:
    """Analyze ``records`` in order and write one output per record; return the summary.

    Stops cleanly at the first Ctrl-C (OUT valid to the last whole record); ``progress`` is an
    optional tqdm bar updated per record. Closes ``writer``.
    """
    summary = BatchSummary()
    skip = skip or set()
    ids: deque[str] = deque()

    def payloads() -> Iterator[tuple[object, bool | None]]:
        for rec in records:
            if rec.id in skip:
                summary.skipped += 1
                if progress is not None:
                    progress.update(1)
                continue
            ids.append(rec.id)
            yield rec.payload, rec.is_html

    with _Interrupt() as interrupt:
        outcomes = _run(payloads(), workers, CHUNK_SIZE, writer.prepare)
        try:
            for prepared in outcomes:
                writer.write(ids.popleft(), prepared)
                summary.written += 1
                summary.failed += prepared.failed
                if progress is not None:
                    progress.update(1)
                if interrupt.requested:
                    summary.interrupted = True
                    break
        except KeyboardInterrupt:
            summary.interrupted = True
        finally:
            outcomes.close()
            writer.close()
    return summary
