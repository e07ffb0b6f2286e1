"""Speed and memory of the whole pipeline: prints figures, asserts nothing.

1. ``analyze()`` articles/s on one core, on sample-sized articles (examples/article.txt and
   variants made by rotating its lines).
2. Batch throughput of ``analyze_many`` with 1 and 2 worker processes, and the scaling ratio
   (target >= 1.7x on 2 cores). Wall time includes starting the workers and loading the models.
3. Peak RSS (the ``arabic-news batch`` process and its workers together) while streaming N
   records (default 100,000) from JSONL to JSONL, sampled through the run (target: flat,
   <= 500 MB).
4. Linear time on huge pages: a 2 MB and a 20 MB page (the sample's lines repeated).

Usage: python benchmarks/bench_pipeline.py [--records N] [--skip-rss] [--skip-huge]
Data: examples/article.txt (sha256 printed below).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from arabic_news.pipeline import analyze, analyze_many

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_PATH = ROOT / "examples" / "article.txt"
SAMPLE = SAMPLE_PATH.read_text(encoding="utf-8")
LINES = [line for line in SAMPLE.split("\n") if line.strip()]


def variants(n: int) -> list[str]:
    """n sample-sized articles: the sample's 12 lines rotated, so pages differ."""
    return ["\n".join(LINES[(i + k) % 12] for k in range(12)) for i in range(n)]


def bench_analyze(n: int) -> float:
    pages = variants(n)
    analyze(SAMPLE)  # load models
    t0 = time.perf_counter()
    for page in pages:
        analyze(page)
    return n / (time.perf_counter() - t0)


def bench_batch(n: int, workers: int) -> tuple[float, float, float]:
    """Return (articles/s overall, articles/s once the first result is out, start-up s)."""
    pages = variants(n)
    t0 = time.perf_counter()
    first = 0.0
    count = 0
    for _ in analyze_many(pages, workers=workers):
        count += 1
        if count == 1:
            first = time.perf_counter()
    end = time.perf_counter()
    assert count == n
    return n / (end - t0), (n - 1) / (end - first), first - t0


def _tree_rss_kb(pid: int) -> int:
    """RSS of a process and all its descendants, in kB (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii") as fh:
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        stack.extend(children.get(p, []))
        try:
            with open(f"/proc/{p}/status", encoding="ascii") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total


def bench_rss(n: int, workers: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "in.jsonl", Path(tmp) / "out.jsonl"
        with src.open("w", encoding="utf-8") as fh:
            for i in range(n):
                text = "\n".join(LINES[(i + k) % 12] for k in range(3))
                fh.write(json.dumps({"id": i, "text": text}, ensure_ascii=False) + "\n")
        cmd = [sys.executable, "-m", "arabic_news", "batch", str(src), "-o", str(out)]
        t0 = time.perf_counter()
        proc = subprocess.Popen([*cmd, "--workers", str(workers)])
        samples: list[tuple[float, int, int]] = []  # (seconds, bytes written, rss kB)

        def watch() -> None:
            while proc.poll() is None:
                size = out.stat().st_size if out.exists() else 0
                samples.append((time.perf_counter() - t0, size, _tree_rss_kb(proc.pid)))
                time.sleep(0.25)

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        proc.wait()
        watcher.join()
        elapsed = time.perf_counter() - t0
        written = sum(1 for _ in out.open(encoding="utf-8"))
    print(
        f"  {n:,} records streamed in {elapsed:.1f} s ({n / elapsed:,.0f} records/s), "
        f"exit {proc.returncode}, {written:,} output records"
    )
    if not samples:
        return
    peak = max(s[2] for s in samples)
    total = samples[-1][1] or 1
    for frac in (0.1, 0.25, 0.5, 0.75, 1.0):
        upto = [s[2] for s in samples if s[1] <= frac * total]
        if upto:
            print(f"  peak RSS up to {frac:>4.0%} of the output: {max(upto) / 1024:7.1f} MB")
    print(f"  peak RSS overall: {peak / 1024:.1f} MB (target <= 500 MB, flat)")


def bench_huge() -> None:
    body = "\n".join(LINES[1:7])
    for mb in (2, 20):
        reps = max(1, mb * 1_000_000 // (len(body) + 1))
        page = LINES[0] + "\n" + "\n".join([body] * reps)
        t0 = time.perf_counter()
        article = analyze(page)
        dt = time.perf_counter() - t0
        print(
            f"  {len(page) / 1e6:5.1f} M chars: {dt:6.2f} s "
            f"({len(page) / dt / 1e6:.2f} M chars/s, {len(article.entities):,} mentions)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--skip-rss", action="store_true")
    parser.add_argument("--skip-huge", action="store_true")
    args = parser.parse_args()
    digest = hashlib.sha256(SAMPLE_PATH.read_bytes()).hexdigest()
    print(f"data: examples/article.txt sha256={digest}")
    print(f"machine: {os.cpu_count()} CPUs, python {sys.version.split()[0]}")

    print("\n1. analyze() on one core, sample-sized articles")
    print(f"  {bench_analyze(args.articles):,.1f} articles/s")

    print("\n2. analyze_many() throughput (includes worker start-up and model loading)")
    n = args.articles * 4
    one, one_steady, _ = bench_batch(n, 1)
    two, two_steady, start = bench_batch(n, 2)
    print(f"  {n} articles")
    print(f"  1 worker : {one:8.1f} articles/s")
    print(f"  2 workers: {two:8.1f} articles/s ({start:.1f} s to the first result)")
    print(
        f"  scaling  : {two / one:.2f}x overall, {two_steady / one_steady:.2f}x after start-up "
        "(target >= 1.7x)"
    )

    if not args.skip_rss:
        print(
            f"\n3. memory while streaming {args.records:,} records (arabic-news batch, 2 workers)"
        )
        bench_rss(args.records, 2)

    if not args.skip_huge:
        print("\n4. huge pages (linear time: 20 MB should take ~10x the 2 MB time)")
        bench_huge()


if __name__ == "__main__":
    main()
