"""Speed and memory of arabic_news.extract_entities against a BERT-base NERecognizer.

Usage: python benchmarks/bench_ner.py [--data ../shared/data/ner/anercorp/dev.txt] [--bert-sentences 64]

Prints, in one run, on the same sentences (ANERcorp dev, tokens joined by spaces,
sha256 printed):
- tokens/s of the default backend on one core, from raw text (normalize, tokenize,
  features, CRF and convolutional tagger, post-processing, Entity objects);
- tokens/s of camel-tools' ``NERecognizer`` over a randomly initialized
  BERT-base-sized ``BertForTokenClassification`` (12 layers, hidden 768, 12
  heads, vocabulary 30k) built locally, no hub: the cost of CAMeLBERT without
  its weights; torch limited to one thread;
- the ratio; and the peak RSS of a fresh process after loading the default
  backend (and tagging one sentence).
Targets (issue 5): >= 20,000 tokens/s, >= 50x the BERT backend, <= 300 MB.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from eval_ner import read_conll  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "ner" / "anercorp" / "dev.txt"

_RSS_CODE = """
import resource, sys
sys.path.insert(0, {root!r})
from arabic_news.extract import extract_entities
extract_entities("أعلنت حركة حماس في غزة أن وزير الخارجية التركي هاكان فيدان زار أنقرة.")
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def bench_default(sents: list[list[str]], repeat: int) -> float:
    from arabic_news.extract import extract_entities

    texts = [" ".join(s) for s in sents]
    n_tokens = sum(len(s) for s in sents)
    extract_entities(texts[0])  # load the model outside the timing
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        for t in texts:
            extract_entities(t)
        best = min(best, time.perf_counter() - t0)
    return n_tokens / best


def build_bert(folder: Path, sents: list[list[str]]) -> None:
    """Save a random BERT-base token classifier and a 30k WordPiece vocabulary."""
    import torch
    from transformers import BertConfig, BertForTokenClassification

    labels = ["B-LOC", "B-ORG", "B-PERS", "B-MISC", "I-LOC", "I-ORG", "I-PERS", "I-MISC", "O"]
    words = Counter(w for s in sents for w in s)
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    chars = sorted({c for w in words for c in w})
    vocab += chars + ["##" + c for c in chars]
    vocab += [w for w, _ in words.most_common() if w not in set(vocab)]
    vocab = vocab[:30000]
    vocab += [f"[unused{i}]" for i in range(30000 - len(vocab))]
    (folder / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    config = BertConfig(
        vocab_size=len(vocab),
        hidden_size=768,
        num_hidden_layers=12,
        num_attention_heads=12,
        intermediate_size=3072,
        max_position_embeddings=512,
        num_labels=len(labels),
        id2label=dict(enumerate(labels)),
        label2id={lab: i for i, lab in enumerate(labels)},
    )
    torch.manual_seed(0)
    BertForTokenClassification(config).save_pretrained(folder)


def bench_bert(sents: list[list[str]], folder: Path) -> float:
    import torch

    # camel_tools.data downloads a catalogue at import unless one is there: give it a stub
    data = folder / "camel_data"
    data.mkdir(exist_ok=True)
    stub = {"version": "1.5", "packages": {}, "components": {}}
    (data / "catalogue.json").write_text(json.dumps(stub), encoding="utf-8")
    os.environ["CAMELTOOLS_DATA"] = str(data)
    from camel_tools.ner import NERecognizer

    torch.set_num_threads(1)
    rec = NERecognizer(str(folder), use_gpu=False)
    rec.predict(sents[:2])
    n_tokens = sum(len(s) for s in sents)
    t0 = time.perf_counter()
    rec.predict(sents, batch_size=32)
    return n_tokens / (time.perf_counter() - t0)


def peak_rss_mb() -> float:
    out = subprocess.run(
        [sys.executable, "-c", _RSS_CODE.format(root=str(ROOT))],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(out.stdout.strip().splitlines()[-1]) / 1024


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="NER speed and memory benchmark.")
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--bert-sentences", type=int, default=64)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    with contextlib.suppress(AttributeError, OSError):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    print(f"{args.data}  sha256 {hashlib.sha256(args.data.read_bytes()).hexdigest()}")
    sents = [[w for w, _ in sent] for sent in read_conll(args.data)]
    sub = sents[: args.bert_sentences]
    print(
        f"sentences: {len(sents)} ({sum(map(len, sents))} tokens); BERT subset {len(sub)} "
        f"({sum(map(len, sub))} tokens)"
    )
    rss = peak_rss_mb()
    full = bench_default(sents, args.repeat)
    same = bench_default(sub, args.repeat)
    print(f"default backend, all sentences: {full:,.0f} tokens/s (one core)")
    print(f"default backend, BERT subset:   {same:,.0f} tokens/s")
    print(f"peak RSS after loading the default backend: {rss:.0f} MB")
    try:
        with tempfile.TemporaryDirectory() as tmp:
            build_bert(Path(tmp), sents)
            bert = bench_bert(sub, Path(tmp))
    except ImportError as exc:
        print(f"BERT backend skipped: {exc}")
        return 0
    print(f"camel-tools NERecognizer, random BERT-base: {bert:,.0f} tokens/s (one thread)")
    print(f"ratio default / BERT on the same sentences: {same / bert:,.0f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
