"""Pages per second of arabic_news.segment on one core: text pages and HTML pages.

Usage::

    python benchmarks/bench_segment.py [FOLDER] [--seconds 3]

Text pages are FOLDER's ``*.txt`` (default ``../shared/data/seg/dev``), HTML
pages its ``html/*.html``. Each set is run round-robin for about ``--seconds``
after one warm-up pass ("cold": the cross-page cache of short lines is emptied before
each page; "warm": it is kept, as when crawling one site), timed in CPU seconds of this process (so other load on the machine does not count); the figure printed is pages per second (and lines per
second), with the HTML-to-lines conversion also timed on its own. Also prints
the time of one 100k-line page and one 1 MB line (linear-time checks) and the
sha256 of every page used.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from arabic_news._html import html_to_text  # noqa: E402
from arabic_news._segment_features import clear_line_cache  # noqa: E402
from arabic_news.segment import segment, segment_html  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "data" / "seg" / "dev"


def rate(fn: Callable[[str], object], pages: list[str], seconds: float) -> tuple[float, int]:
    """Return (pages per second, pages run) of ``fn`` over ``pages`` for about ``seconds``."""
    for p in pages:
        fn(p)
    n = 0
    t0 = time.process_time()
    while True:
        for p in pages:
            fn(p)
        n += len(pages)
        elapsed = time.process_time() - t0
        if elapsed >= seconds:
            return n / elapsed, n


def cold(fn: Callable[[str], object]) -> Callable[[str], object]:
    """Wrap ``fn`` so every call starts with an empty cross-page line cache (no site seen before)."""

    def run(page: str) -> object:
        clear_line_cache()
        return fn(page)

    return run


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--seconds", type=float, default=3.0)
    args = ap.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    texts = [p.read_text(encoding="utf-8") for p in sorted(args.folder.glob("*.txt"))]
    htmls = [p.read_text(encoding="utf-8") for p in sorted((args.folder / "html").glob("*.html"))]
    for p in sorted(args.folder.glob("*.txt")) + sorted((args.folder / "html").glob("*.html")):
        print(f"  {p.name:50s} sha256 {hashlib.sha256(p.read_bytes()).hexdigest()[:16]}")
    n_lines = sum(len([x for x in t.splitlines() if x.strip()]) for t in texts)
    print(f"text pages: {len(texts)} ({n_lines} lines, {n_lines / len(texts):.0f} lines/page)")
    pps, _ = rate(cold(segment), texts, args.seconds)
    print(
        f"  segment(text), cold:  {pps:8.1f} pages/s  {pps * n_lines / len(texts):9.0f} lines/s"
        "  (target >= 500 pages/s; line cache emptied before every page)"
    )
    wps, _ = rate(segment, texts, args.seconds)
    print(
        f"  segment(text), warm:  {wps:8.1f} pages/s  {wps * n_lines / len(texts):9.0f} lines/s"
        "  (short lines remembered across pages, as on a crawl of one site)"
    )
    if htmls:
        size = sum(len(h) for h in htmls) / len(htmls) / 1000
        print(f"HTML pages: {len(htmls)} (mean {size:.0f} k chars)")
        hps, _ = rate(cold(segment_html), htmls, args.seconds)
        cps, _ = rate(html_to_text, htmls, args.seconds)
        print(f"  segment_html(html):   {hps:8.1f} pages/s")
        print(f"  html_to_text only:    {cps:8.1f} pages/s")
    big = "\n".join(texts) * max(1, 100_000 // max(1, n_lines))
    t0 = time.process_time()
    segment(big)
    print(f"one page of {big.count(chr(10)) + 1} lines: {time.process_time() - t0:.2f} s")
    long_line = "كلمة " * 200_000
    t0 = time.process_time()
    segment(long_line)
    print(f"one line of {len(long_line) / 1e6:.1f} M chars: {time.process_time() - t0:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
