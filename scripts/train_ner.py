"""Train the extractor's CRF on ANERcorp (plus, optionally, WikiFANE and AQMAR).

Usage:
    python scripts/train_ner.py [--data ../shared/data/ner] [--extra wikifane [--adapt]]
                                [--c1 0.05] [--c2 0.01] [--iters 200] [--train-on-dev] [--out DIR]
                                [--model build/crf.model]
    python scripts/train_ner.py --export-only --model MODEL [--out DIR]   # crfsuite -> crf.npz

The shipped model is built with (after scripts/build_gazetteers.py and
scripts/build_clusters.py, whose outputs are features)::

    python scripts/train_ner.py --extra wikifane --adapt --min-freq 2 --train-on-dev

(~10 minutes; crf.npz ~1 MB). Measured the same way without ``--train-on-dev``: ANERcorp dev
micro-F1 0.762 as this script prints it (the CRF alone), 0.811 through
``benchmarks/eval_ner.py`` (the CRF and scripts/train_tagger.py's tagger averaged, with
today's span rules). The shipped models predate the lists grown on 2026-12-06 (35 places,
3,861 people, 1,878 organizations, 25 entries that fold into common words dropped);
retrained with them (before the organizations), the same
figures are 0.763 and 0.798 (PER 0.80 -> 0.76: the models lean on the lists more and miss
more unlisted names), so the models were kept.

Reads the corpora (sha256 pinned below; a mismatch stops the run), turns each
sentence into the text the extractor sees (tokens joined by spaces), tokenizes it
with the extractor's own tokenizer, projects the gold tags onto those tokens,
trains python-crfsuite (L-BFGS, elastic net) into ``--model`` (``build/crf.model``, not
shipped) and writes:

- ``arabic_news/data/ner/crf.npz``: the weights as ``_ner_crf`` runs them with numpy
  (:func:`export_crf`; CC BY-SA 4.0, derived from ANERcorp and the corpora used; see NOTICE);
- ``arabic_news/data/ner/lexicon.txt``: words seen as names (used to tell a
  proclitic from a name's first letter: ``بريدة`` is not ``ب`` + ``ريدة``);
- ``arabic_news/data/ner/names.tsv``: name words of WikiFANE and AQMAR.

``--extra wikifane --adapt`` adds WikiFANE (mapped to PER/ORG/LOC) with one-sided
domain adaptation: its sentences also carry a ``W:`` copy of every feature, which
soaks up what is Wikipedia-specific, so the shared weights keep ANERcorp's conventions.
``--train-on-dev`` also trains on ANERcorp dev (the shipped model: dev figures are measured
on a model trained without it, then the final model uses all of the train split).

Then prints token-projected exact-span P/R/F1 on ANERcorp dev (the figure of
record is ``benchmarks/eval_ner.py``, which goes through ``extract_entities``; with
``--train-on-dev`` this figure is on training data and means nothing).
Deterministic: same data and options give the same model. About 1 minute for
ANERcorp alone, about 10 with WikiFANE, on a 2-core machine (single-threaded).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

import pycrfsuite

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from arabic_news._ner_features import featurize, word_lists  # noqa: E402
from arabic_news._ner_nn import LABELS  # noqa: E402
from arabic_news._ner_text import fold, normalize_default, tokenize  # noqa: E402

OUT_DIR = ROOT / "arabic_news" / "data" / "ner"
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "ner"
#: Where the crfsuite model is trained to (not shipped: crf.npz is its export).
CRFSUITE_MODEL = ROOT / "build" / "crf.model"
#: Prefix of the domain-adapted feature copies (``--adapt``); the extractor never
#: emits them, so the exported model leaves them out.
ADAPT_PREFIX = "W:"

# sha256 of every input file (AQMAR: of its 28 files concatenated in name order).
SHA256 = {
    "anercorp/train.txt": "6d8e6c042ec190895de83d09a1338c12a0cdbe468047eb0af55e6e4b64318a75",
    "anercorp/dev.txt": "1c056ae484679b291bf199f580c488e8fcaaaad8e9134434eedfc8982743ed86",
    "wikifane/WikiFANE_Gold_2014_500K.txt": "18511ba3045ee44e1018e53bfe8963d193454817a0dabc6790021ee932cabb59",
    "aqmar/*.txt": "3d81389a6da0e1c826550bd22ad78d5c531bcdebcd1042de1541fc2baa1bb253",
}

Sentence = list[tuple[str, str]]

# WikiFANE fine types -> our three labels (ACE-like: PER subtypes, ORG subtypes,
# GPE and LOC subtypes). Group (nationalities, peoples) and every other type
# (products, works, facilities, vehicles, weapons) become O.
WIKIFANE_MAP = {
    **dict.fromkeys(
        [
            "Politician",
            "Religious_PER",
            "Artist",
            "Other_PER",
            "Scientist",
            "Athlete",
            "Businessperson",
            "Engineer",
            "Lawyer",
            "Police",
        ],
        "PER",
    ),
    **dict.fromkeys(
        [
            "Government",
            "Non-Governmental",
            "Commercial",
            "Educational",
            "Media",
            "Sports",
            "Religious_ORG",
            "Medical-Science",
            "Entertainment",
        ],
        "ORG",
    ),
    **dict.fromkeys(
        [
            "Population-Center",
            "Nation",
            "State-or-Province",
            "County-or-District",
            "GPE-Cluster",
            "Continent",
            "Water-Body",
            "Land-Region-Natural",
        ],
        "LOC",
    ),
}
_PROCLITIC_TOKENS = {"و", "ف", "ب", "ل", "ك"}
_ENCLITIC_TOKENS = {"ه", "ها", "هم", "هما", "هن", "كم", "كما", "كن", "ي", "نا", "ني"}


def sha256_of(paths: Iterable[Path]) -> str:
    h = hashlib.sha256()
    for p in paths:
        h.update(p.read_bytes())
    return h.hexdigest()


def check_sha(data: Path, key: str) -> list[Path]:
    paths = sorted(data.glob(key)) if "*" in key else [data / key]
    got = sha256_of(paths)
    if got != SHA256[key]:
        raise SystemExit(f"{key}: sha256 {got} != pinned {SHA256[key]}")
    return paths


def read_conll(path: Path, sep: str | None = None) -> Iterator[Sentence]:
    sent: Sentence = []
    with open(path, encoding="utf-8-sig") as f:
        for line in f:
            line = line.rstrip("\r\n").replace("\u200e", "").replace("\ufeff", "")
            parts = line.split(sep) if sep else line.split()
            if not line.strip() or len(parts) < 2:
                if sent:
                    yield sent
                sent = []
                continue
            sent.append((parts[0].strip(), parts[-1].strip()))
    if sent:
        yield sent


def coarse(tag: str, table: dict[str, str] | None) -> str:
    """Map a corpus tag to B-/I- PER/ORG/LOC or O."""
    if tag in ("O", "") or "-" not in tag:
        return "O"
    bio, _, typ = tag.partition("-")
    if bio not in ("B", "I"):
        return "O"
    if table is not None:
        lab = table.get(typ)
    else:
        lab = {"PERS": "PER", "PER": "PER", "ORG": "ORG", "LOC": "LOC"}.get(typ)
    return f"{bio}-{lab}" if lab else "O"


def load_anercorp(data: Path, part: str) -> list[Sentence]:
    (path,) = check_sha(data, f"anercorp/{part}.txt")
    return [[(w, coarse(t, None)) for w, t in s] for s in read_conll(path)]


def load_aqmar(data: Path) -> list[Sentence]:
    out = []
    for p in check_sha(data, "aqmar/*.txt"):
        out += [[(w, coarse(t, None)) for w, t in s] for s in read_conll(p)]
    return out


def rejoin_clitics(sent: Sentence) -> Sentence:
    """Undo WikiFANE's clitic split so its text looks like news text."""
    out: Sentence = []
    pending = ""
    for w, t in sent:
        if w in _PROCLITIC_TOKENS and t == "O":
            pending += w
            continue
        if w in _ENCLITIC_TOKENS and t == "O" and out and not pending:
            pw, pt = out[-1]
            out[-1] = (pw + w, pt)
            continue
        out.append((pending + w, t))
        pending = ""
    if pending:
        out.append((pending, "O"))
    return out


def load_wikifane(data: Path) -> list[Sentence]:
    (path,) = check_sha(data, "wikifane/WikiFANE_Gold_2014_500K.txt")
    return [
        rejoin_clitics([(w, coarse(t, WIKIFANE_MAP)) for w, t in s])
        for s in read_conll(path, sep="\t")
    ]


def quoted(sent: Sentence) -> Sentence:
    """The sentence with every PER and ORG name in double quotes, as modern news
    often writes them (ANERcorp almost never does)."""
    out: Sentence = []
    for i, (w, t) in enumerate(sent):
        nxt = sent[i + 1][1] if i + 1 < len(sent) else "O"
        if t.startswith("B-") and t[2:] in ("PER", "ORG"):
            out.append(('"', "O"))
        out.append((w, t))
        if t != "O" and t[2:] in ("PER", "ORG") and not nxt.startswith("I-"):
            out.append(('"', "O"))
    return out


def project(sent: Sentence) -> tuple[list[list[str]], list[str], list[str]]:
    """Return (features, labels, folded words) on the extractor's own tokens."""
    text = " ".join(w for w, _ in sent)
    owner = [-1] * len(text)
    pos = 0
    for i, (w, _) in enumerate(sent):
        for j in range(pos, pos + len(w)):
            owner[j] = i
        pos += len(w) + 1
    norm, omap = normalize_default(text)
    toks = tokenize(norm)
    labels: list[str] = []
    seen: set[int] = set()
    for t in toks:
        ostart, _ = omap.span(t.start, t.end)
        gi = owner[ostart] if ostart < len(owner) else -1
        tag = sent[gi][1] if gi >= 0 else "O"
        if tag != "O" and t.kind == "punct":
            tag = "O"
        elif tag.startswith("B-") and gi in seen:
            tag = "I-" + tag[2:]
        if tag.startswith("I-") and (not labels or labels[-1] == "O"):
            # an I- after O starts an entity (as seqeval scores it)
            tag = "B-" + tag[2:]
        if gi >= 0 and t.kind != "punct":
            seen.add(gi)
        labels.append(tag)
    feats = featurize(toks) if toks else []
    return feats, labels, [fold(t.text) for t in toks]


def spans(labels: list[str]) -> set[tuple[int, int, str]]:
    out = set()
    start, typ = -1, ""
    for i, lab in enumerate([*labels, "O"]):
        if start >= 0 and (lab == "O" or lab.startswith("B-") or lab[2:] != typ):
            out.add((start, i, typ))
            start = -1
        if lab != "O" and start < 0:
            start, typ = i, lab[2:]
    return out


def score(gold: list[list[str]], pred: list[list[str]]) -> dict[str, tuple[float, float, float]]:
    tp: Counter[str] = Counter()
    npred: Counter[str] = Counter()
    ngold: Counter[str] = Counter()
    for g, p in zip(gold, pred, strict=True):
        gs, ps = spans(g), spans(p)
        for s in gs:
            ngold[s[2]] += 1
            ngold["ALL"] += 1
        for s in ps:
            npred[s[2]] += 1
            npred["ALL"] += 1
            if s in gs:
                tp[s[2]] += 1
                tp["ALL"] += 1
    res = {}
    for k in ("PER", "ORG", "LOC", "ALL"):
        p = tp[k] / npred[k] if npred[k] else 0.0
        r = tp[k] / ngold[k] if ngold[k] else 0.0
        res[k] = (p, r, 2 * p * r / (p + r) if p + r else 0.0)
    return res


def build_lexicon(sents: list[tuple[list[str], list[str]]]) -> list[str]:
    """Words seen inside names, minus forms that are a proclitic + another seen name word
    (a one-word listed name stays: "واس" is not و + "اس" of "آس روما")."""
    seen: set[str] = set()
    for words, labels in sents:
        for w, lab in zip(words, labels, strict=True):
            if lab != "O" and len(w) >= 2:
                seen.add(w)
    lists = word_lists()
    for key in lists.gazetteer:
        seen.update(key)
    out = {key[0] for key in lists.gazetteer if len(key) == 1}
    for w in seen:
        if w[0] in "وفبكل":
            rest = w[1:]
            rest2 = w[2:] if len(w) > 3 and w[1] in "بكل" else ""
            if rest in seen or rest2 in seen:
                continue
            # ل + ال contracted: "للامم" is "الامم" after the preposition
            after = rest if w[0] in "وف" else w
            if after.startswith("لل") and "ال" + after[2:] in seen:
                continue
        out.add(w)
    return sorted(out)


#: A word enters names.tsv for a label when at least this share of its
#: occurrences in WikiFANE + AQMAR are inside names of that label, and it was
#: seen there at least NAME_MIN_COUNT times (calibrated on ANERcorp dev).
NAME_MIN_SHARE = 0.5
NAME_MIN_COUNT = 2


def build_names(sents: list[Sentence]) -> dict[str, str]:
    """Name words from Wikipedia corpora (never ANERcorp, whose labels the CRF
    learns directly): word -> classes among PERb (first word of a person),
    PERi (later word), ORG, LOC, joined by "|"."""
    total: Counter[str] = Counter()
    by: dict[str, Counter[str]] = {}
    for s in sents:
        text = " ".join(w for w, _ in s)
        norm, _ = normalize_default(text)
        toks = [fold(t.text) for t in tokenize(norm) if t.kind in ("ar", "lat")]
        gold = [fold(normalize_default(w)[0]) for w, _ in s]
        del toks
        for i, (w, t) in enumerate(s):
            word = gold[i]
            if not word or len(word) < 2:
                continue
            total[word] += 1
            if t == "O":
                continue
            lab = t[2:]
            if lab == "PER":
                lab = "PERb" if t.startswith("B-") else "PERi"
            by.setdefault(word, Counter())[lab] += 1
            del w
    out: dict[str, str] = {}
    for word, c in by.items():
        if total[word] < NAME_MIN_COUNT:
            continue
        classes = [k for k in sorted(c) if c[k] / total[word] >= NAME_MIN_SHARE]
        if classes and " " not in word:
            out[word] = "|".join(classes)
    return out


def _write_lexicon(out: Path, lex_src: list[tuple[list[str], list[str]]]) -> None:
    with open(out / "lexicon.txt", "w", encoding="utf-8") as f:
        f.write("# words seen in names (ANERcorp train and the gazetteer); scripts/train_ner.py\n")
        f.writelines(w + "\n" for w in build_lexicon(lex_src))


def read_crfsuite(model: bytes) -> tuple[list[str], list[str], list[tuple[int, int, int, float]]]:
    """Return (labels, attributes, features) of a crfsuite CRF1d model file, each
    feature as (type: 0 state / 1 transition, source id, destination id, weight).

    The layout is crfsuite's (crf1d_model.c, cqdb.c): a header of 12 uint32s after the
    magic, a FEAT chunk of 20-byte features, and two CQDB string tables read by id.
    """
    import struct

    magic, _, kind, _, _, n_labels, n_attrs, off_feat, off_labels, off_attrs = struct.unpack_from(
        "<4sI4s7I", model
    )[:10]
    if magic != b"lCRF" or kind != b"FOMC":
        raise ValueError("not a crfsuite CRF1d model")
    chunk, _, n_feats = struct.unpack_from("<4sII", model, off_feat)
    if chunk != b"FEAT":
        raise ValueError("crfsuite model without a FEAT chunk")
    feats = list(struct.iter_unpack("<IIId", model[off_feat + 12 : off_feat + 12 + 20 * n_feats]))

    def strings(offset: int, n: int) -> list[str]:
        chunk, _, _, _, bwd_size, bwd_offset = struct.unpack_from("<4s5I", model, offset)
        if chunk != b"CQDB" or bwd_size != n:
            raise ValueError("bad CQDB string table in crfsuite model")
        out = []
        for rec in struct.unpack_from(f"<{n}I", model, offset + bwd_offset):
            size = struct.unpack_from("<I", model, offset + rec + 4)[0]
            start = offset + rec + 8
            out.append(model[start : start + size - 1].decode("utf-8"))
        return out

    return strings(off_labels, n_labels), strings(off_attrs, n_attrs), feats


def export_crf(model: Path, out: Path) -> None:
    """Write crfsuite ``model`` as the arrays ``_ner_crf`` runs (``out``, a
    compressed .npz): the attributes with a non-zero weight but for the ``--adapt``
    copies (the extractor never emits them), their weights per label and the
    transition weights, in LABELS order.

    Raises:
        ValueError: the model is not a crfsuite CRF1d model over LABELS.
    """
    import json

    import numpy as np

    labels, attrs, feats = read_crfsuite(model.read_bytes())
    if sorted(labels) != sorted(LABELS):
        raise ValueError(f"{model}: labels {labels}, expected {LABELS}")
    col = [LABELS.index(lab) for lab in labels]
    state = np.zeros((len(attrs), len(LABELS)))
    trans = np.zeros((len(LABELS), len(LABELS)))
    for kind, src, dst, weight in feats:
        if kind == 0:
            state[src, col[dst]] = weight
        else:
            trans[col[src], col[dst]] = weight
    keep = [i for i, a in enumerate(attrs) if not a.startswith(ADAPT_PREFIX) and state[i].any()]
    meta = {"labels": list(LABELS), "attrs": [attrs[i] for i in keep]}
    np.savez_compressed(
        out,
        meta=np.frombuffer(json.dumps(meta, ensure_ascii=False).encode("utf-8"), dtype=np.uint8),
        state=state[keep],
        trans=trans,
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Train the arabic_news NER CRF.")
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--extra", default="", help="comma list: aqmar, wikifane")
    ap.add_argument("--extra-weight", type=int, default=1, help="repeat extra corpora N times")
    ap.add_argument(
        "--adapt", action="store_true", help="domain-specific feature copies for extra corpora"
    )
    ap.add_argument("--c1", type=float, default=0.05)
    ap.add_argument("--c2", type=float, default=0.01)
    ap.add_argument("--iters", type=int, default=200)
    ap.add_argument("--algorithm", default="lbfgs", help="crfsuite: lbfgs, l2sgd, ap, pa, arow")
    ap.add_argument("--min-freq", type=int, default=1, help="feature.minfreq")
    ap.add_argument(
        "--quote-every",
        type=int,
        default=3,
        help="add a quoted copy of every Nth sentence (0: none)",
    )
    ap.add_argument("--out", type=Path, default=OUT_DIR)
    ap.add_argument("--train-on-dev", action="store_true", help="also train on ANERcorp dev")
    ap.add_argument(
        "--lexicon-only", action="store_true", help="rebuild names.tsv and lexicon.txt, no training"
    )
    ap.add_argument("--model", type=Path, default=CRFSUITE_MODEL, help="crfsuite model file")
    ap.add_argument(
        "--export-only", action="store_true", help="export --model to OUT/crf.npz, no training"
    )
    args = ap.parse_args(argv)
    if args.export_only:
        export_crf(args.model, args.out / "crf.npz")
        print(f"exported {args.model} to {args.out / 'crf.npz'}")
        return 0
    t0 = time.time()
    train = load_anercorp(args.data, "train")
    dev = load_anercorp(args.data, "dev")
    extra: list[Sentence] = []
    for name in filter(None, args.extra.split(",")):
        extra += {"aqmar": load_aqmar, "wikifane": load_wikifane}[name](args.data)
    print(f"sentences: train {len(train)}, dev {len(dev)}, extra {len(extra)}")
    names = build_names(load_aqmar(args.data) + load_wikifane(args.data))
    args.out.mkdir(parents=True, exist_ok=True)
    with open(args.out / "names.tsv", "w", encoding="utf-8") as f:
        f.write("# name words from WikiFANE and AQMAR (CC BY-SA 3.0); scripts/train_ner.py\n")
        f.writelines(f"{w}\t{c}\n" for w, c in sorted(names.items()))
    print(f"names.tsv: {len(names)} words")
    if args.out != OUT_DIR:
        import arabic_news._ner_features as F

        F.NAMES_PATH_OVERRIDE = str(args.out / "names.tsv")
    word_lists.cache_clear()
    trainer = pycrfsuite.Trainer(algorithm=args.algorithm, verbose=False)
    lex_src: list[tuple[list[str], list[str]]] = []
    news = train + (dev if args.train_on_dev else [])
    corpus = [(x, False) for x in news] + [(x, True) for x in extra * args.extra_weight]
    if args.quote_every:
        corpus += [
            (quoted(x), other)
            for i, (x, other) in enumerate(corpus)
            if i % args.quote_every == 0 and any(t != "O" for _, t in x)
        ]
    for x, other in corpus:
        feats, labels, words = project(x)
        if not feats:
            continue
        if other and args.adapt:
            # "frustratingly easy" domain adaptation, one-sided: a Wikipedia sentence
            # also carries a W:-prefixed copy of each feature, which absorbs what is
            # Wikipedia-specific; the extractor never emits W: features.
            feats = [f + [ADAPT_PREFIX + v for v in f] for f in feats]
        trainer.append(feats, labels)
        lex_src.append((words, labels))
    if args.lexicon_only:
        _write_lexicon(args.out, lex_src)
        print(f"lexicon rebuilt in {time.time() - t0:.0f}s")
        return 0
    params: dict[str, object] = {
        "max_iterations": args.iters,
        "feature.possible_transitions": True,
        "feature.minfreq": args.min_freq,
    }
    if args.algorithm == "lbfgs":
        params.update(c1=args.c1, c2=args.c2)
    elif args.algorithm == "l2sgd":
        params.update(c2=args.c2)
    trainer.set_params(params)
    print(f"features ready in {time.time() - t0:.0f}s; training")
    args.out.mkdir(parents=True, exist_ok=True)
    model_path = args.model
    model_path.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(model_path))
    export_crf(model_path, args.out / "crf.npz")
    size = (args.out / "crf.npz").stat().st_size / 1e6
    print(f"trained in {time.time() - t0:.0f}s; crf.npz {size:.1f} MB")
    _write_lexicon(args.out, lex_src)
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model_path))
    gold, pred = [], []
    for s in dev:
        feats, labels, _ = project(s)
        gold.append(labels)
        pred.append(tagger.tag(feats) if feats else [])
    for k, (p, r, f) in score(gold, pred).items():
        print(f"dev {k:4s} P {p:.3f} R {r:.3f} F1 {f:.3f}")
    print(f"total {time.time() - t0:.0f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
