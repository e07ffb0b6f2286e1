"""Score arabic_news.segment on labelled pages: line accuracy, per-kind P/R/F1, macro-F1.

Usage::

    python benchmarks/eval_segment.py [FOLDER] [--html] [--confusion]

FOLDER holds ``NAME.txt`` + ``NAME.labels.jsonl`` (one ``{"line": i, "kind": K}``
a line; format in ``../shared/data/seg/dev/README.md``); default
``../shared/data/seg/dev``. A line's predicted kind is the kind of the section
holding its first character (an agency tag split off a statement line does not
change the line's kind). With ``--html``, pages that also have
``html/NAME.html`` are segmented from the HTML with ``segment_html`` and scored
where the derived lines equal the ``.txt`` lines. Prints the sha256 of every
page scored.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from arabic_news._segment_lines import split_lines  # noqa: E402
from arabic_news.segment import segment, segment_html  # noqa: E402
from arabic_news.types import Section  # noqa: E402

KINDS = ("headline", "statement", "boilerplate", "related")
DEFAULT = ROOT.parent / "shared" / "data" / "seg" / "dev"


def predicted_kinds(text: str, sections: list[Section]) -> list[str]:
    """Return the kind of the section holding each non-blank line's first character."""
    out: list[str] = []
    k = 0
    for line in split_lines(text):
        while k < len(sections) and sections[k].end <= line.start:
            k += 1
        if k < len(sections) and sections[k].start <= line.start:
            out.append(sections[k].kind)
        else:
            out.append("<none>")
    return out


def gold_kinds(path: Path, n_lines: int) -> list[str]:
    rows = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    kinds = ["<unlabelled>"] * n_lines
    for row in rows:
        kinds[int(row["line"])] = row["kind"]
    return kinds


def scores(
    gold: list[str], pred: list[str]
) -> tuple[float, float, dict[str, tuple[float, float, float, int]]]:
    """Return (line accuracy, macro-F1 over the kinds present in gold, per-kind (P, R, F1, support))."""
    per: dict[str, tuple[float, float, float, int]] = {}
    for k in KINDS:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == p == k)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if p == k != g)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if g == k != p)
        pr = tp / (tp + fp) if tp + fp else 0.0
        rc = tp / (tp + fn) if tp + fn else 0.0
        per[k] = (pr, rc, 2 * pr * rc / (pr + rc) if pr + rc else 0.0, tp + fn)
    present = [v[2] for v in per.values() if v[3]]
    acc = sum(1 for g, p in zip(gold, pred, strict=True) if g == p) / max(1, len(gold))
    return acc, sum(present) / max(1, len(present)), per


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--html", action="store_true", help="also score segment_html on html/NAME.html")
    ap.add_argument("--confusion", action="store_true", help="print the confusion matrix")
    ap.add_argument("--errors", action="store_true", help="print every wrong line")
    args = ap.parse_args(argv)
    pages = sorted(args.folder.glob("*.labels.jsonl"))
    if not pages:
        print(f"no *.labels.jsonl in {args.folder}", file=sys.stderr)
        return 2
    all_gold: list[str] = []
    all_pred: list[str] = []
    html_gold: list[str] = []
    html_pred: list[str] = []
    print(f"{'page':45s} {'lines':>5s} {'acc':>6s} {'macroF1':>7s}  sha256")
    for lab in pages:
        name = lab.name[: -len(".labels.jsonl")]
        txt = args.folder / f"{name}.txt"
        text = txt.read_text(encoding="utf-8")
        lines = split_lines(text)
        gold = gold_kinds(lab, len(lines))
        pred = predicted_kinds(text, segment(text))
        acc, mf1, _ = scores(gold, pred)
        digest = hashlib.sha256(txt.read_bytes()).hexdigest()[:16]
        print(f"{name:45s} {len(lines):5d} {acc:6.3f} {mf1:7.3f}  {digest}")
        if args.errors:
            for i, (g, p) in enumerate(zip(gold, pred, strict=True)):
                if g != p:
                    print(f"    line {i:3d} gold {g:11s} pred {p:11s} {lines[i].text[:70]}")
        all_gold += gold
        all_pred += pred
        html = args.folder / "html" / f"{name}.html"
        if args.html and html.exists():
            result = segment_html(html.read_text(encoding="utf-8"))
            hlines = [x.text for x in split_lines(result.text)]
            if hlines == [x.text for x in lines]:
                hp = predicted_kinds(result.text, result.sections)
                hacc, hmf1, _ = scores(gold, hp)
                print(f"{'  (from HTML)':45s} {len(hlines):5d} {hacc:6.3f} {hmf1:7.3f}")
                html_gold += gold
                html_pred += hp
            else:
                print(f"{'  (from HTML: lines differ, not scored)':45s} {len(hlines):5d}")
    acc, mf1, per = scores(all_gold, all_pred)
    print(
        f"\nALL {len(pages)} pages, {len(all_gold)} lines: line accuracy {acc:.4f}, macro-F1 {mf1:.4f}"
    )
    print(f"{'kind':12s} {'P':>6s} {'R':>6s} {'F1':>6s} {'n':>5s}")
    for k, (pr, rc, f1, n) in per.items():
        print(f"{k:12s} {pr:6.3f} {rc:6.3f} {f1:6.3f} {n:5d}")
    page_f1 = [scores(*gp)[1] for gp in _per_page(all_gold, all_pred, pages, args.folder)]
    print(f"mean per-page macro-F1 {sum(page_f1) / len(page_f1):.4f}")
    if html_gold:
        hacc, hmf1, _ = scores(html_gold, html_pred)
        print(f"HTML pages ({len(html_gold)} lines): line accuracy {hacc:.4f}, macro-F1 {hmf1:.4f}")
    if args.confusion:
        conf = Counter(zip(all_gold, all_pred, strict=True))
        print("\nconfusion (rows gold, columns predicted)")
        print(" " * 12 + "".join(f"{k[:6]:>8s}" for k in KINDS))
        for g in KINDS:
            print(f"{g:12s}" + "".join(f"{conf[(g, p)]:8d}" for p in KINDS))
    return 0


def _per_page(
    gold: list[str], pred: list[str], pages: list[Path], folder: Path
) -> list[tuple[list[str], list[str]]]:
    out: list[tuple[list[str], list[str]]] = []
    pos = 0
    for lab in pages:
        n = sum(1 for x in lab.read_text(encoding="utf-8").splitlines() if x.strip())
        out.append((gold[pos : pos + n], pred[pos : pos + n]))
        pos += n
    return out


if __name__ == "__main__":
    raise SystemExit(main())
