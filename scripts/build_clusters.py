"""Build the extractor's word clusters from unlabeled text (word2vec + k-means).

Usage:
    python scripts/build_clusters.py [--data ../shared/data] [--out arabic_news/data/ner]

Reads raw text only (no labels): the ANT corpus articles (``seg/corpus``, Apache-2.0),
and the token text of ANERcorp *train*, AQMAR and WikiFANE (CC BY-SA; WikiFANE's
clitic split undone so it reads like news). ANERcorp dev and the dev pages are never
read. Every text goes through the extractor's own normalization, tokenizer and fold,
so cluster keys are exactly the ``Word.w`` values the features look up.

Trains gensim word2vec (skip-gram, one worker, fixed seed and a hash that does not
depend on PYTHONHASHSEED: deterministic), then spherical k-means (numpy, fixed seed)
at several granularities, and writes ``clusters.tsv``: ``word<TAB>c1<TAB>c2<TAB>c3``,
one cluster id per granularity (coarse to fine). Takes about a minute on 2 cores.
gensim is a training-time dependency only (the ``dev`` extra); the package reads the TSV.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
import zlib
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from train_ner import (  # noqa: E402
    check_sha,
    load_anercorp,
    load_aqmar,
    load_wikifane,
    sha256_of,
)

from arabic_news._ner_text import fold, normalize_default, tokenize  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data"
OUT_DIR = ROOT / "arabic_news" / "data" / "ner"
#: sha256 of the ANT corpus files (every ``*.txt`` under seg/corpus, in path order).
ANT_SHA256 = "18a674c872166365e830966458b9762615ac538f0edd58f40d5eb10def4dff6d"
#: Cluster counts, coarse to fine (one feature each).
KS: tuple[int, ...] = (64, 256, 1024)
#: A word needs this many occurrences to get a vector (and a cluster).
MIN_COUNT = 3
DIM = 100
WINDOW = 5
EPOCHS = 15
SEED = 1
KMEANS_ITERS = 25

_TEXT_RE = re.compile(r"<(TITLE|ABSTRACT|TEXT)>(.*?)</\1>", re.S)


def ant_texts(data: Path) -> Iterator[str]:
    paths = sorted((data / "seg" / "corpus").rglob("*.txt"))
    got = sha256_of(paths)
    if got != ANT_SHA256:
        raise SystemExit(f"seg/corpus: sha256 {got} != pinned {ANT_SHA256}")
    for p in paths:
        for m in _TEXT_RE.finditer(p.read_text(encoding="utf-8", errors="replace")):
            yield from m.group(2).splitlines()


def words_of_text(text: str) -> list[str]:
    norm, _ = normalize_default(text)
    return [fold(t.text) for t in tokenize(norm) if t.kind in ("ar", "lat")]


def corpus(data: Path) -> list[list[str]]:
    ner = data / "ner"
    sents: list[list[str]] = []
    for line in ant_texts(data):
        ws = words_of_text(line)
        if ws:
            sents.append(ws)
    labelled = load_anercorp(ner, "train") + load_aqmar(ner) + load_wikifane(ner)
    for s in labelled:
        ws = words_of_text(" ".join(w for w, _ in s))
        if ws:
            sents.append(ws)
    return sents


def _hash(s: str) -> int:
    return zlib.crc32(s.encode("utf-8"))


def kmeans(x: np.ndarray, k: int, seed: int) -> np.ndarray:
    """Spherical k-means (rows of ``x`` are unit vectors); returns a label per row."""
    rng = np.random.default_rng(seed)
    centers = x[rng.choice(len(x), size=k, replace=False)].copy()
    labels = np.zeros(len(x), dtype=np.int64)
    for _ in range(KMEANS_ITERS):
        labels = np.argmax(x @ centers.T, axis=1)
        for c in range(k):
            members = x[labels == c]
            if len(members):
                v = members.sum(axis=0)
                centers[c] = v / (np.linalg.norm(v) or 1.0)
            else:  # re-seed an empty cluster on a random point
                centers[c] = x[rng.integers(len(x))]
    return labels


def main(argv: list[str] | None = None) -> int:
    from gensim.models import Word2Vec

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--out", type=Path, default=OUT_DIR)
    args = ap.parse_args(argv)
    t0 = time.time()
    check_sha(args.data / "ner", "anercorp/train.txt")
    sents = corpus(args.data)
    counts = Counter(w for s in sents for w in s)
    print(f"{len(sents)} sentences, {sum(counts.values())} tokens, {len(counts)} types")
    model = Word2Vec(
        sentences=sents,
        vector_size=DIM,
        window=WINDOW,
        min_count=MIN_COUNT,
        sg=1,
        negative=10,
        epochs=EPOCHS,
        workers=1,
        seed=SEED,
        hashfxn=_hash,
    )
    vocab = sorted(model.wv.key_to_index)
    vecs = np.stack([model.wv[w] for w in vocab]).astype(np.float64)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True) + 1e-12
    print(f"word2vec: {len(vocab)} words in {time.time() - t0:.0f}s")
    cols = [kmeans(vecs, k, SEED + i) for i, k in enumerate(KS)]
    args.out.mkdir(parents=True, exist_ok=True)
    with open(args.out / "clusters.tsv", "w", encoding="utf-8") as f:
        f.write(
            "# word clusters (word2vec + k-means "
            + "/".join(map(str, KS))
            + ") from ANT (Apache-2.0), ANERcorp train, AQMAR, WikiFANE text (CC BY-SA);"
            " scripts/build_clusters.py\n"
        )
        for i, w in enumerate(vocab):
            f.write(w + "\t" + "\t".join(str(int(c[i])) for c in cols) + "\n")
    print(f"clusters.tsv: {len(vocab)} words; total {time.time() - t0:.0f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
