"""Normalization speed: arabic_news profiles against the camel-tools and pyarabic chains.

Builds a corpus of at least 20 MB of real Arabic text from ../shared/data (ANERcorp,
AQMAR, WikiFANE tokens and the ANT news corpus, repeated to the size), then times, in
one run and on the same string, each profile of arabic_news and the equivalent
chains of its peers, and prints MB/s (UTF-8 bytes) and ratios.

Usage: python benchmarks/bench_normalize.py [--mb 20] [--repeat 3]
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from collections.abc import Callable
from pathlib import Path

from arabic_news.normalize import PROFILES, Normalizer

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "data"


def corpus_text() -> tuple[str, str]:
    """Return (text, sha256 of the source files) built from ../shared/data."""
    parts: list[str] = []
    digest = hashlib.sha256()
    conll = sorted((SHARED / "ner").rglob("*.txt"))
    for path in conll:
        if path.name in {"License.txt", "Readme.txt"}:
            continue
        raw = path.read_bytes()
        digest.update(raw)
        text = raw.decode("utf-8-sig", errors="replace")
        line_words: list[str] = []
        for line in text.splitlines():
            cols = line.replace("\t", " ").split()
            if not cols:
                if line_words:
                    parts.append(" ".join(line_words))
                    line_words = []
                continue
            line_words.append(cols[0])
        if line_words:
            parts.append(" ".join(line_words))
    for path in sorted((SHARED / "seg" / "corpus").rglob("*.txt")):
        raw = path.read_bytes()
        digest.update(raw)
        parts.append(raw.decode("utf-8", errors="replace"))
    return "\n".join(parts), digest.hexdigest()


def camel_chain(profile: str) -> Callable[[str], str] | None:
    try:
        from camel_tools.utils.dediac import dediac_ar
        from camel_tools.utils.normalize import (
            normalize_alef_ar,
            normalize_alef_maksura_ar,
            normalize_teh_marbuta_ar,
            normalize_unicode,
        )
    except ImportError:
        return None
    if profile == "display":
        return normalize_unicode

    def chain(s: str) -> str:
        s = normalize_unicode(s)
        s = dediac_ar(s)
        s = normalize_alef_ar(s)
        if profile == "search":
            s = normalize_alef_maksura_ar(s)
            s = normalize_teh_marbuta_ar(s)
        return s

    return chain


def pyarabic_chain(profile: str) -> Callable[[str], str] | None:
    try:
        import pyarabic.araby as araby
    except ImportError:
        return None
    if profile == "display":
        return araby.normalize_ligature

    def chain(s: str) -> str:
        s = araby.normalize_ligature(s)
        s = araby.strip_tashkeel(s)
        s = araby.strip_tatweel(s)
        s = araby.normalize_alef(s)
        if profile == "search":
            s = araby.normalize_teh(s)
            s = s.replace("\u0649", "\u064a")
        return s

    return chain


def best_time(fn: Callable[[str], str], text: str, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn(text)
        best = min(best, time.perf_counter() - t0)
    return best


def scaling(base: str) -> None:
    """Time 5 MB and 50 MB inputs of several shapes: a ratio near 10 means linear time."""
    sample = base[:2_500_000]
    shapes = {
        "news text": sample,
        "one 50 MB line": sample.replace("\n", " "),
        "all diacritics": "\u064e" * 2_500_000,
        "space runs": ("ب" + " " * 99) * 25_000,
        "every table char": "".join(sorted(Normalizer("search").table)),
    }
    print(f"{'linear-time check (default)':28s} {'5 MB':>8s} {'50 MB':>8s} {'ratio':>6s}")
    n = Normalizer("default")
    for name, unit in shapes.items():
        small = unit * max(1, 2_500_000 // len(unit))
        big = small * 10
        t_small = best_time(n, small, 1)
        t_big = best_time(n, big, 1)
        print(f"{name:28s} {t_small:7.3f}s {t_big:7.3f}s {t_big / t_small:6.1f}")
    _, offsets = Normalizer("default").with_offsets(sample * 10)
    print(f"with_offsets on {len(sample) * 10 / 1e6:.0f} M chars: map of {len(offsets):,} entries")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=20.0, help="corpus size in MB of UTF-8 (>= 20)")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    base, sha = corpus_text()
    size = len(base.encode("utf-8"))
    text = base
    while len(text.encode("utf-8")) < args.mb * 1e6:
        text += "\n" + base
    mb = len(text.encode("utf-8")) / 1e6
    print(
        f"corpus: {mb:.1f} MB UTF-8, {len(text) / 1e6:.1f} M chars "
        f"(sources {size / 1e6:.1f} MB, sha256 {sha[:16]}...)"
    )
    print(
        f"{'profile':8s} {'arabic_news':>12s} {'camel-tools':>12s} {'pyarabic':>10s} "
        f"{'x camel':>8s} {'x pyarabic':>10s}"
    )
    for profile in PROFILES:
        ours = Normalizer(profile)
        t_ours = best_time(ours, text, args.repeat)
        row = f"{profile:8s} {mb / t_ours:9.1f} MB/s"
        ratios = ""
        for chain in (camel_chain(profile), pyarabic_chain(profile)):
            if chain is None:
                row += f" {'n/a':>12s}"
                ratios += f" {'n/a':>9s}"
                continue
            t_peer = best_time(chain, text, 1 if chain is camel_chain else args.repeat)
            row += f" {mb / t_peer:7.1f} MB/s"
            ratios += f" {t_peer / t_ours:8.2f}x"
        print(row + ratios)
    print()
    scaling(base)
    print(
        "camel-tools chain: normalize_unicode + dediac_ar + normalize_alef_ar "
        "(+ alef_maksura + teh_marbuta for search)"
    )
    print(
        "pyarabic chain: normalize_ligature + strip_tashkeel + strip_tatweel + normalize_alef "
        "(+ normalize_teh + maksura for search)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
