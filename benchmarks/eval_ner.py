"""Score arabic_news.extract_entities on annotated files: exact-span P/R/F1.

Usage:
    python benchmarks/eval_ner.py FILE [FILE ...] [--backend default|camel] [--errors]

FILE is either
- a CoNLL file (``token TAG`` a line, blank line between sentences): each
  sentence's tokens are joined with spaces, extracted, and each predicted
  character span mapped to the tokens it overlaps. Tags: PERS = PER; MISC and
  anything else ignored; an ``I-`` without its ``B-`` starts an entity (as
  seqeval does). Exact token-span match, micro and per type over PER/ORG/LOC.
- a dev page's ``NAME.entities.jsonl`` (next to ``NAME.txt`` and
  ``NAME.labels.jsonl``): the page is extracted with every line that is not
  headline or statement blanked (offsets kept), and a prediction matches a gold
  span with the same label and end whose start differs only by leading
  proclitic letters (و ف ب ك ل).
Prints the sha256 of every file scored.
"""

from __future__ import annotations

import argparse
import bisect
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from arabic_news.extract import extract_entities  # noqa: E402

LABELS = ("PER", "ORG", "LOC")
_TAG_MAP = {"PERS": "PER", "PER": "PER", "ORG": "ORG", "LOC": "LOC"}
_PROCLITIC_LETTERS = set("وفبكل")

Span = tuple[int, int, int, str]  # (doc/sentence id, start, end, label)


class Tally:
    def __init__(self) -> None:
        self.tp: Counter[str] = Counter()
        self.npred: Counter[str] = Counter()
        self.ngold: Counter[str] = Counter()

    def add(self, gold: list[Span], pred: list[Span], match: object = None) -> list[str]:
        """Count one unit; return error lines."""
        errors: list[str] = []
        used: set[int] = set()
        for g in gold:
            self.ngold[g[3]] += 1
        for p in pred:
            self.npred[p[3]] += 1
            hit = None
            for j, g in enumerate(gold):
                if j not in used and (match(g, p) if callable(match) else g == p):
                    hit = j
                    break
            if hit is None:
                errors.append(f"FP {p}")
            else:
                used.add(hit)
                self.tp[p[3]] += 1
        errors += [f"FN {g}" for j, g in enumerate(gold) if j not in used]
        return errors

    def report(self, title: str) -> None:
        print(title)
        rows = [*LABELS, "micro"]
        for k in rows:
            if k == "micro":
                tp, npred, ngold = (
                    sum(c[x] for x in LABELS) for c in (self.tp, self.npred, self.ngold)
                )
            else:
                tp, npred, ngold = self.tp[k], self.npred[k], self.ngold[k]
            p = tp / npred if npred else 0.0
            r = tp / ngold if ngold else 0.0
            f = 2 * p * r / (p + r) if p + r else 0.0
            print(
                f"  {k:5s} P {p:.3f}  R {r:.3f}  F1 {f:.3f}   (gold {ngold}, pred {npred}, tp {tp})"
            )


def read_conll(path: Path) -> list[list[tuple[str, str]]]:
    sents: list[list[tuple[str, str]]] = []
    cur: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        parts = line.split()
        if len(parts) < 2:
            if cur:
                sents.append(cur)
            cur = []
            continue
        cur.append((parts[0], parts[-1]))
    if cur:
        sents.append(cur)
    return sents


def gold_spans(tags: list[str], sid: int) -> list[Span]:
    out: list[Span] = []
    start, typ = -1, ""
    for i, raw in enumerate([*tags, "O"]):
        bio, _, t = raw.partition("-")
        lab = _TAG_MAP.get(t, "") if bio in ("B", "I") else ""
        if start >= 0 and (not lab or bio == "B" or lab != typ):
            out.append((sid, start, i, typ))
            start = -1
        if lab and start < 0:
            start, typ = i, lab
    return out


def eval_conll(path: Path, tally: Tally, backend: str, errors: list[str]) -> None:
    for sid, sent in enumerate(read_conll(path)):
        text = " ".join(w for w, _ in sent)
        starts, ends, pos = [], [], 0
        for w, _ in sent:
            starts.append(pos)
            ends.append(pos + len(w))
            pos += len(w) + 1
        pred: list[Span] = []
        for e in extract_entities(text, backend=backend):
            a = bisect.bisect_right(ends, e.start)  # first token ending after start
            b = bisect.bisect_left(starts, e.end)  # tokens starting before end
            if a < b:
                pred.append((sid, a, b, e.label))
        gold = gold_spans([t for _, t in sent], sid)
        for err in tally.add(gold, sorted(set(pred))):
            kind, span = err.split(" ", 1)
            _, a, b, lab = eval(span)
            errors.append(f"{kind} {lab} {' '.join(w for w, _ in sent[a:b])}")


def _proclitic_match(g: Span, p: Span, text: str) -> bool:
    if g[3] != p[3] or g[2] != p[2]:
        return False
    lo, hi = sorted((g[1], p[1]))
    extra = text[lo:hi]
    return len(extra) <= 3 and set(extra) <= _PROCLITIC_LETTERS


def eval_page(path: Path, tally: Tally, backend: str, errors: list[str]) -> None:
    stem = path.name[: -len(".entities.jsonl")]
    text = (path.parent / f"{stem}.txt").read_text(encoding="utf-8")
    kinds = {}
    for line in (path.parent / f"{stem}.labels.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            kinds[rec["line"]] = rec["kind"]
    lines = text.split("\n")
    kept = [
        ln if kinds.get(i) in ("headline", "statement") else " " * len(ln)
        for i, ln in enumerate(lines)
    ]
    content = "\n".join(kept)
    gold: list[Span] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            gold.append((0, rec["start"], rec["end"], rec["label"]))
    pred = [(0, e.start, e.end, e.label) for e in extract_entities(content, backend=backend)]
    for err in tally.add(gold, pred, match=lambda g, p: _proclitic_match(g, p, text)):
        kind, span = err.split(" ", 1)
        _, a, b, lab = eval(span)
        errors.append(f"{stem}: {kind} {lab} {text[a:b]}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Exact-span NER scores of arabic_news.")
    ap.add_argument("files", nargs="+", type=Path)
    ap.add_argument("--backend", default="default")
    ap.add_argument("--errors", action="store_true", help="print every error")
    args = ap.parse_args(argv)
    conll, pages = Tally(), Tally()
    errors: list[str] = []
    for f in args.files:
        if f.suffix == ".txt" and f.with_suffix(".entities.jsonl").is_file():
            f = f.with_suffix(".entities.jsonl")  # a dev page named by its text file
        print(f"{f}  sha256 {hashlib.sha256(f.read_bytes()).hexdigest()}")
        if f.name.endswith(".entities.jsonl"):
            eval_page(f, pages, args.backend, errors)
        else:
            eval_conll(f, conll, args.backend, errors)
    if sum(conll.ngold.values()):
        conll.report(f"CoNLL files, backend={args.backend}: exact span")
    if sum(pages.ngold.values()):
        pages.report(f"dev pages, backend={args.backend}: span (leading proclitic may differ)")
    if args.errors:
        print("\n".join(errors))
    if not sum(conll.ngold.values()) and not sum(pages.ngold.values()):
        print(
            "no gold entities found: give CoNLL files or NAME.entities.jsonl pages", file=sys.stderr
        )
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
