"""Train the extractor's convolutional tagger (the CRF's partner); write ``tagger.npz``.

Usage:
    python scripts/train_tagger.py [--data ../shared/data/ner] [--epochs 6] [--seed 1]
                                   [--threads 2] [--train-on-dev] [--out DIR]

The shipped tagger is built, after scripts/train_ner.py (whose names.tsv and word
lists are features), with::

    python scripts/train_tagger.py --train-on-dev

Same sentences as the CRF: ANERcorp train (+ dev with ``--train-on-dev``) and
WikiFANE mapped to PER/ORG/LOC, on the extractor's own tokens and feature strings
(``_ner_features.featurize``). Inputs per token (``_ner_nn.encode``): a stem
embedding (stems seen twice; rarer stems are hidden 30% of the time so the model
learns to work without them), a bag of the CRF's non-lexical features, a
letter convolution, and a corpus embedding (news or Wikipedia; the extractor
always says news). A projection, two token convolutions (three words of context
either side) and a softmax over BIO labels,
trained with Adam; ``_ner_nn`` runs it with numpy. torch is a training-time
dependency only. Deterministic for a seed and thread count; about 5 minutes
on 2 cores. Prints ANERcorp dev span F1 after each epoch (meaningless with
``--train-on-dev``).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from train_ner import (  # noqa: E402
    DEFAULT_DATA,
    OUT_DIR,
    load_anercorp,
    load_wikifane,
    project,
    score,
)

from arabic_news._ner_nn import LABELS, MAX_CHARS, encode, viterbi_bio  # noqa: E402

L2I = {lab: i for i, lab in enumerate(LABELS)}
WORD_DIM, FEAT_DIM, CHAR_DIM, CONV_OUT, DOM_DIM, HIDDEN = 64, 64, 24, 64, 16, 128
#: A stem needs this many occurrences for an embedding; a feature, FEAT_MIN; a letter, CHAR_MIN.
WORD_MIN, FEAT_MIN, CHAR_MIN = 2, 3, 5
#: Stems seen at most RARE times are replaced by <unk> with probability WORD_DROP.
RARE, WORD_DROP = 3, 0.3
BATCH = 32


Item = tuple[list[int], list[list[int]], list[list[int]], list[int], int, list[int]]


def build_net(n_words: int, n_feats: int, n_chars: int, hidden: int = HIDDEN):  # type: ignore[no-untyped-def]
    """Return the torch module ``_ner_nn`` mirrors: embeddings and a letter
    convolution per token, a projection, then two token convolutions (width 3,
    dilation 1 and 2: three words either side), each output zeroed past the
    sentence end as the numpy side does."""
    import torch
    from torch import nn

    class Net(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.word_emb = nn.Embedding(n_words, WORD_DIM, padding_idx=0)
            self.feat_emb = nn.EmbeddingBag(n_feats, FEAT_DIM, mode="sum", padding_idx=0)
            self.char_emb = nn.Embedding(n_chars, CHAR_DIM, padding_idx=0)
            self.conv = nn.Conv1d(CHAR_DIM, CONV_OUT, 3, padding=1)
            self.dom_emb = nn.Embedding(2, DOM_DIM)
            self.drop = nn.Dropout(0.3)
            self.proj = nn.Linear(WORD_DIM + FEAT_DIM + CONV_OUT + DOM_DIM, hidden)
            self.conv1 = nn.Conv1d(hidden, hidden, 3, padding=1)
            self.conv2 = nn.Conv1d(hidden, hidden, 3, padding=2, dilation=2)
            self.out = nn.Linear(3 * hidden, len(LABELS))

        def forward(self, w, f, foff, c, d, lens):  # type: ignore[no-untyped-def]
            b, tn = w.shape
            mask = (torch.arange(tn)[None, :] < lens[:, None]).unsqueeze(2).float()
            fe = torch.tanh(self.feat_emb(f, foff).view(b, tn, FEAT_DIM))
            ce = self.char_emb(c).transpose(1, 2)
            ch = torch.relu(self.conv(ce)).max(dim=2).values.view(b, tn, CONV_OUT)
            de = self.dom_emb(d).unsqueeze(1).expand(b, tn, DOM_DIM)
            x = self.drop(torch.cat([self.word_emb(w), fe, ch, de], -1))
            p = torch.relu(self.proj(x)) * mask
            c1 = torch.relu(self.conv1(self.drop(p).transpose(1, 2))).transpose(1, 2) * mask
            c2 = torch.relu(self.conv2(self.drop(c1).transpose(1, 2))).transpose(1, 2) * mask
            return self.out(self.drop(torch.cat([p, c1, c2], -1)))

    return Net()


def export(net, words: list[str], feats: list[str], chars: list[str]) -> dict[str, np.ndarray]:  # type: ignore[no-untyped-def]
    """Return the arrays of ``tagger.npz``: float16 weights and a JSON ``meta``."""
    sd = {k: v.detach().numpy() for k, v in net.state_dict().items()}
    names = {
        "word_emb": "word_emb.weight",
        "feat_emb": "feat_emb.weight",
        "char_emb": "char_emb.weight",
        "conv_w": "conv.weight",
        "conv_b": "conv.bias",
        "dom_emb": "dom_emb.weight",
        "proj_w": "proj.weight",
        "proj_b": "proj.bias",
        "conv1_w": "conv1.weight",
        "conv1_b": "conv1.bias",
        "conv2_w": "conv2.weight",
        "conv2_b": "conv2.bias",
        "out_w": "out.weight",
        "out_b": "out.bias",
    }
    meta = {
        "labels": list(LABELS),
        "words": words,
        "feats": feats,
        "chars": chars,
        "news_domain": 0,
        "dilations": [1, 2],
        "licence": "CC BY-SA 4.0; derived from ANERcorp and WikiFANE (see NOTICE)",
    }
    out = {k: sd[v].astype(np.float16) for k, v in names.items()}
    out["meta"] = np.frombuffer(
        json.dumps(meta, ensure_ascii=False).encode("utf-8"), dtype=np.uint8
    )
    return out


def batchify(batch: list[Item], rng: random.Random | None):  # type: ignore[no-untyped-def]
    """Return the tensors of one batch (``rng``: training, hide rare stems)."""
    import torch

    b = len(batch)
    lens = [len(it[0]) for it in batch]
    tn = max(lens)
    w = torch.zeros(b, tn, dtype=torch.long)
    y = torch.full((b, tn), -100, dtype=torch.long)
    c = torch.zeros(b * tn, MAX_CHARS, dtype=torch.long)
    flat: list[int] = []
    offs: list[int] = []
    for i, (wid, fids, cids, lab, _, counts) in enumerate(batch):
        for t in range(tn):
            offs.append(len(flat))
            if t >= len(wid):
                continue
            x = wid[t]
            if rng is not None and x > 1 and counts[t] <= RARE and rng.random() < WORD_DROP:
                x = 1
            w[i, t] = x
            y[i, t] = lab[t]
            flat += fids[t]
            c[i * tn + t, : len(cids[t])] = torch.tensor(cids[t])
    d = torch.tensor([it[4] for it in batch])
    return w, torch.tensor(flat or [0]), torch.tensor(offs), c, d, torch.tensor(lens), y


def main(argv: list[str] | None = None) -> int:
    import torch
    from torch import nn

    ap = argparse.ArgumentParser(description="Train the arabic_news token-convolution tagger.")
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--epochs", type=int, default=6)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--hidden", type=int, default=HIDDEN, help="units per layer")
    ap.add_argument("--train-on-dev", action="store_true")
    ap.add_argument("--out", type=Path, default=OUT_DIR)
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    t0 = time.time()

    def prep(sents: list, dom: int) -> list[tuple[list, list[str], list[str], int]]:
        out = []
        for s in sents:
            feats, labels, words = project(s)
            if feats:
                out.append(([encode(f) for f in feats], labels, words, dom))
        return out

    news = load_anercorp(args.data, "train")
    dev = load_anercorp(args.data, "dev")
    if args.train_on_dev:
        news += dev
    train = prep(news, 0) + prep(load_wikifane(args.data), 1)
    dev_items = prep(dev, 0)
    print(f"sentences: train {len(train)}, dev {len(dev_items)} ({time.time() - t0:.0f}s)")

    wc: Counter[str] = Counter()
    fc: Counter[str] = Counter()
    cc: Counter[str] = Counter()
    for enc, _, words, _ in train:
        for (stem, bag), w in zip(enc, words, strict=True):
            wc[stem] += 1
            fc.update(bag)
            cc.update(w[:MAX_CHARS])
    wv = ["<pad>", "<unk>", *sorted(w for w, c in wc.items() if c >= WORD_MIN)]
    fv = ["<pad>", *sorted(f for f, c in fc.items() if c >= FEAT_MIN)]
    cv = ["<pad>", "<unk>", *sorted(c for c, n in cc.items() if n >= CHAR_MIN)]
    w2i = {w: i for i, w in enumerate(wv)}
    f2i = {f: i for i, f in enumerate(fv)}
    c2i = {c: i for i, c in enumerate(cv)}
    print(f"vocab: {len(wv)} stems, {len(fv)} features, {len(cv)} letters")

    def to_item(enc: list, labels: list[str], words: list[str], dom: int) -> Item:
        return (
            [w2i.get(s, 1) for s, _ in enc],
            [[f2i[f] for f in bag if f in f2i] for _, bag in enc],
            [[c2i.get(c, 1) for c in w[:MAX_CHARS]] or [1] for w in words],
            [L2I[lab] for lab in labels],
            dom,
            [wc[s] for s, _ in enc],
        )

    items = [to_item(*x) for x in train]
    dev_enc = [to_item(*x) for x in dev_items]
    net = build_net(len(wv), len(fv), len(cv), args.hidden)
    opt = torch.optim.Adam(net.parameters(), lr=args.lr)
    lossf = nn.CrossEntropyLoss(ignore_index=-100)

    def evaluate() -> dict[str, tuple[float, float, float]]:
        net.eval()
        gold, pred = [], []
        with torch.no_grad():
            for s in range(0, len(dev_enc), 64):
                batch = dev_enc[s : s + 64]
                w, f, o, c, d, lens, _ = batchify(batch, None)
                p = torch.softmax(net(w, f, o, c, d, lens), -1).numpy()
                for i, it in enumerate(batch):
                    gold.append([LABELS[k] for k in it[3]])
                    pred.append(viterbi_bio(p[i, : len(it[3])])[0])
        net.train()
        return score(gold, pred)

    order = list(range(len(items)))
    for ep in range(args.epochs):
        rng.shuffle(order)
        batches = []
        for s in range(0, len(order), 100 * BATCH):  # length buckets: little padding
            part = sorted(order[s : s + 100 * BATCH], key=lambda k: len(items[k][0]))
            batches += [part[i : i + BATCH] for i in range(0, len(part), BATCH)]
        rng.shuffle(batches)
        total = 0.0
        for bi in batches:
            w, f, o, c, d, lens, y = batchify([items[k] for k in bi], rng)
            loss = lossf(net(w, f, o, c, d, lens).reshape(-1, len(LABELS)), y.reshape(-1))
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(net.parameters(), 5.0)
            opt.step()
            total += loss.item()
        res = evaluate()
        figs = " ".join(f"{k} {v[2]:.3f}" for k, v in res.items())
        print(
            f"epoch {ep + 1}: loss {total / len(batches):.4f}; dev F1 {figs} ({time.time() - t0:.0f}s)"
        )

    out = export(net, wv, fv, cv)
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / "tagger.npz"
    np.savez_compressed(path, **out)  # type: ignore[arg-type]
    print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB) in {time.time() - t0:.0f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
