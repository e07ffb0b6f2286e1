"""The ``arabic-news`` command (also ``python -m arabic_news``).

Subcommands::

    arabic-news normalize [FILE|-] [--profile P]
    arabic-news analyze [FILE ...|-] [--format text|json|html]
    arabic-news batch IN [-o OUT] [--format jsonl|csv|parquet] [--text-field F]
                         [--id-field F] [--workers N] [--resume]

Exit status:
    0    success
    1    some inputs or records failed (each is reported; batch prints the count on stderr)
    2    usage error: bad arguments, unreadable IN or OUT, a missing optional dependency
    130  interrupted by Ctrl-C (batch leaves OUT valid up to the last whole record)
    141  stdout closed early (e.g. piped into ``head``)
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Final

from . import __version__
from .errors import ArabicNewsError

__all__ = [
    "EXIT_FAILED",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_PIPE",
    "EXIT_USAGE",
    "main",
]

EXIT_OK: Final = 0
EXIT_FAILED: Final = 1
EXIT_USAGE: Final = 2
EXIT_INTERRUPTED: Final = 130
EXIT_PIPE: Final = 141

_HTML_SUFFIXES: Final = (".html", ".htm", ".xhtml")
_EPILOG: Final = (
    "exit status: 0 success; 1 some inputs or records failed; 2 usage error, unreadable "
    "input or missing optional dependency; 130 interrupted (Ctrl-C); 141 stdout closed early"
)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="arabic-news",
        description="Raw Arabic news text in, structured data out.",
        epilog=_EPILOG,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    norm = sub.add_parser(
        "normalize", help="normalize text (stdout)", description="Normalize text to stdout."
    )
    norm.add_argument("file", nargs="?", default="-", metavar="FILE|-")
    norm.add_argument(
        "--profile",
        default="default",
        choices=("display", "default", "search"),
        help="normalization profile (default: %(default)s)",
    )

    ana = sub.add_parser(
        "analyze",
        help="analyze articles (text or HTML)",
        description="Analyze articles: headline, statement, people, organizations, places.",
        epilog=_EPILOG,
    )
    ana.add_argument("files", nargs="*", default=["-"], metavar="FILE|-")
    ana.add_argument(
        "--format",
        default="text",
        choices=("text", "json", "html"),
        help="text: readable summary; json: Article.to_dict() (one line per input when "
        "several); html: a right-to-left page with highlighted entities (default: %(default)s)",
    )

    bat = sub.add_parser(
        "batch",
        help="analyze a corpus (JSONL, CSV, Parquet or a folder)",
        description="Analyze a corpus, streaming, one output record per input record.",
        epilog=_EPILOG,
    )
    bat.add_argument("input", metavar="IN", help="JSONL (or - for stdin), CSV, Parquet or folder")
    bat.add_argument("-o", "--output", metavar="OUT", help="output file (default: stdout)")
    bat.add_argument(
        "--format",
        choices=("jsonl", "csv", "parquet"),
        help="output format (default: from OUT's extension, else jsonl)",
    )
    bat.add_argument("--text-field", default="text", metavar="F", help="default: %(default)s")
    bat.add_argument(
        "--id-field", metavar="F", help="record id field (default: 'id' if present, else number)"
    )
    bat.add_argument(
        "--workers", type=int, default=1, metavar="N", help="processes; 0 = every core"
    )
    bat.add_argument("--resume", action="store_true", help="skip ids already in OUT")
    return parser


def _read_input(name: str, stdin: IO[bytes]) -> str:
    data = stdin.read() if name == "-" else Path(name).read_bytes()
    return data.decode("utf-8-sig")


def _err(message: str) -> None:
    print(f"arabic-news: {message}", file=sys.stderr)


def _cmd_normalize(args: argparse.Namespace, stdin: IO[bytes], out: IO[str]) -> int:
    from .normalize import normalize

    try:
        text = _read_input(args.file, stdin)
    except (OSError, UnicodeDecodeError) as exc:
        _err(f"{args.file}: {exc}")
        return EXIT_USAGE
    out.write(normalize(text, args.profile))
    return EXIT_OK


def _cmd_analyze(args: argparse.Namespace, stdin: IO[bytes], out: IO[str]) -> int:
    from .pipeline import analyze
    from .render import render_html, render_text

    status = EXIT_OK
    articles = []
    for name in args.files:
        try:
            raw = _read_input(name, stdin)
        except (OSError, UnicodeDecodeError) as exc:
            _err(f"{name}: {exc}")
            status = EXIT_FAILED
            continue
        is_html = True if name.lower().endswith(_HTML_SUFFIXES) else None
        articles.append((name, analyze(raw, is_html=is_html)))
    several = len(args.files) > 1
    if args.format == "json":
        for _name, article in articles:
            out.write(article.to_json(indent=None if several else 2) + "\n")
    elif args.format == "html":
        if len(articles) == 1:
            out.write(render_html(articles[0][1], full_page=True))
        elif articles:
            body = "".join(f"<h1 dir='ltr'>{_escape(n)}</h1>{render_html(a)}" for n, a in articles)
            out.write(
                '<!DOCTYPE html>\n<html lang="ar" dir="rtl"><head><meta charset="utf-8">'
                f"<title>arabic-news</title></head><body>{body}</body></html>\n"
            )
    else:
        color = out.isatty() and "NO_COLOR" not in os.environ
        for i, (name, article) in enumerate(articles):
            if several:
                out.write(("\n" if i else "") + f"==> {name} <==\n")
            out.write(render_text(article, color=color))
    return status


def _escape(text: str) -> str:
    from html import escape

    return escape(text, quote=True)


def _cmd_batch(args: argparse.Namespace, stdin: IO[bytes], out: IO[str]) -> int:
    from . import _batch

    fmt_in = _batch.detect_input_format(args.input)
    if fmt_in != "folder" and args.input != "-" and not Path(args.input).is_file():
        _err(f"{args.input}: no such file or folder")
        return EXIT_USAGE
    fmt_out = args.format
    if fmt_out is None:
        fmt_out = _batch.detect_input_format(args.output) if args.output else "jsonl"
        fmt_out = fmt_out if fmt_out in _batch.OUTPUT_FORMATS else "jsonl"
    if args.resume and args.output in (None, "-"):
        _err("--resume needs -o OUT")
        return EXIT_USAGE
    if args.workers < 0:
        _err(f"--workers must be >= 0, got {args.workers}")
        return EXIT_USAGE
    skip = _batch.done_ids(args.output, fmt_out) if args.resume else set()
    records = _batch.open_reader(args.input, fmt_in, args.text_field, args.id_field, stdin)
    writer = _batch.open_writer(args.output, fmt_out, args.resume, out)
    total = _batch.count_records(args.input, fmt_in)
    from tqdm import tqdm

    with tqdm(
        total=total, unit="rec", file=sys.stderr, disable=not sys.stderr.isatty(), smoothing=0.1
    ) as bar:
        summary = _batch.run_batch(records, writer, workers=args.workers, skip=skip, progress=bar)
    done = f"{summary.written} records written" + (
        f", {summary.skipped} skipped (already in OUT)" if summary.skipped else ""
    )
    if summary.interrupted:
        _err(f"interrupted: {done}; OUT is valid up to the last one; rerun with --resume")
        return EXIT_INTERRUPTED
    if summary.failed:
        _err(f"{summary.failed} of {summary.written} records failed ({done})")
        return EXIT_FAILED
    if sys.stderr.isatty():
        _err(done)
    return EXIT_OK


def main(
    argv: Sequence[str] | None = None,
    *,
    stdin: IO[bytes] | None = None,
    stdout: IO[str] | None = None,
) -> int:
    """Run the command line ``argv`` (default ``sys.argv[1:]``); return the exit status.

    ``stdin`` (bytes) and ``stdout`` (text) default to the process's own streams.
    """
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, usage errors
        return int(exc.code or 0) if isinstance(exc.code, int | None) else EXIT_USAGE
    in_stream = stdin if stdin is not None else sys.stdin.buffer
    out = stdout if stdout is not None else _utf8_stdout()
    command = {"normalize": _cmd_normalize, "analyze": _cmd_analyze, "batch": _cmd_batch}
    try:
        status = command[args.command](args, in_stream, out)
        out.flush()
        return status
    except KeyboardInterrupt:
        _err("interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # Python flushes stdout again at exit: point it at /dev/null so that stays quiet.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_PIPE
    except (ArabicNewsError, ImportError, OSError) as exc:
        _err(f"{type(exc).__name__}: {exc}")
        return EXIT_USAGE


def _utf8_stdout() -> IO[str]:
    stream = sys.stdout
    if isinstance(stream, io.TextIOWrapper) and stream.encoding.lower().replace("-", "") != "utf8":
        with contextlib.suppress(ValueError):
            stream.reconfigure(encoding="utf-8")
    return stream


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
