"""The convolutional tagger: numpy inference matches the torch model it was exported from;
BIO decoding; the shipped weights load and agree with the CRF on the user's sample."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from arabic_news._ner_features import ARABIC_FEATURE_KEYS, BASE_FEATURE_KEYS, featurize
from arabic_news._ner_nn import (
    BAG_KEYS,
    BAG_POSITIONS,
    LABELS,
    MAX_CHARS,
    _blas_controller,
    _one_blas_thread,
    _Tagger,
    _tagger,
    encode,
    nn_probs,
    viterbi_bio,
)
from arabic_news._ner_text import normalize_default, tokenize

ROOT = Path(__file__).resolve().parent.parent


def _keys(features: list[str]) -> list[str]:
    return [f.partition("=")[0] if f != "nal" else "al" for f in features]


def test_featurize_emits_keys_in_the_declared_order() -> None:
    toks = tokenize(normalize_default('قال "هاكان فيدان" في أنقرة 2024 ، CNN')[0])
    kinds = {t.kind for t in toks}
    assert {"ar", "punct", "num", "lat"} <= kinds
    for t, f in zip(toks, featurize(toks), strict=True):
        want = BASE_FEATURE_KEYS + (ARABIC_FEATURE_KEYS if t.kind == "ar" else ())
        assert tuple(_keys(f)) == want


def test_encode_keeps_stem_and_bag_only() -> None:
    toks = tokenize(normalize_default("والقاهرة")[0])
    (f,) = featurize(toks)
    stem, bag = encode(f)
    assert f"s={stem}" in f and stem == "القاهره"
    assert set(_keys(bag)) == BAG_KEYS
    assert encode([]) == ("", [])


def test_blas_limit_only_when_blas_runs_several_threads() -> None:
    from contextlib import nullcontext

    from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

    def threads() -> list[int]:  # of the BLAS libraries loaded when the tagger first ran
        return [
            lib.num_threads for lib in _blas_controller().select(user_api="blas").lib_controllers
        ]

    with threadpool_limits(limits=1, user_api="blas"):
        assert isinstance(_one_blas_thread(), nullcontext)
    with threadpool_limits(limits=2, user_api="blas"):
        if max(threads(), default=1) < 2:
            pytest.skip("BLAS runs one thread at most here")
        with _one_blas_thread():
            assert threads() and max(threads()) == 1
        assert max(threads()) == 2


def test_viterbi_never_starts_an_entity_with_inside() -> None:
    p = np.full((3, len(LABELS)), 0.01)
    p[0, LABELS.index("I-PER")] = 0.9  # invalid at the start
    p[0, LABELS.index("B-PER")] = 0.5
    p[1, LABELS.index("I-ORG")] = 0.9  # invalid after B-PER
    p[1, LABELS.index("I-PER")] = 0.6
    p[2, LABELS.index("O")] = 0.9
    labels, probs = viterbi_bio(p)
    assert labels == ["B-PER", "I-PER", "O"]
    assert probs[0] == pytest.approx(0.5) and probs[2] == 1.0


def test_viterbi_matches_brute_force() -> None:
    import itertools

    rng = np.random.default_rng(0)

    def valid(seq: tuple[int, ...]) -> bool:
        prev = "O"
        for i in seq:
            lab = LABELS[i]
            if lab.startswith("I-") and (prev == "O" or prev[2:] != lab[2:]):
                return False
            prev = lab
        return True

    for n in (1, 2, 3, 4) * 5:
        p = rng.dirichlet(np.full(len(LABELS), 0.3), size=n)
        best = max(
            (s for s in itertools.product(range(len(LABELS)), repeat=n) if valid(s)),
            key=lambda s: sum(np.log(p[t, i] + 1e-9) for t, i in enumerate(s)),
        )
        assert viterbi_bio(p)[0] == [LABELS[i] for i in best]


def test_viterbi_one_token() -> None:
    p = np.full((1, len(LABELS)), 0.1)
    p[0, LABELS.index("B-LOC")] = 0.8
    assert viterbi_bio(p)[0] == ["B-LOC"]


def _tiny_torch_tagger():  # type: ignore[no-untyped-def]
    torch = pytest.importorskip("torch")
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from train_tagger import batchify, build_net, export
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    torch.manual_seed(0)
    words = ["<pad>", "<unk>", "غزه", "قال", "حماس"]
    feats = ["<pad>", "b", "g=B-LOC", "al", "x2=زه", "c=title"]
    chars = ["<pad>", "<unk>", *sorted(set("غزهقالحمس"))]
    net = build_net(len(words), len(feats), len(chars))
    with torch.no_grad():
        for p in net.parameters():
            p.uniform_(-0.5, 0.5)
        net.word_emb.weight[0].zero_()
        net.feat_emb.weight[0].zero_()
        net.char_emb.weight[0].zero_()
    net.eval()
    return torch, net, export(net, words, feats, chars), batchify


def test_numpy_inference_matches_torch() -> None:
    torch, net, arrays, batchify = _tiny_torch_tagger()
    tagger = _Tagger(arrays)
    chunks = [
        [("غزه", ["b", "g=B-LOC", "x2=زه"]), ("قال", ["b"]), ("مجهول", ["b", "zz=unknown"])],
        [("حماس", ["b", "al", "c=title"])],
        [("قال", ["b"]), ("غزه", ["b", "g=B-LOC"])],
    ]
    texts = [["غزه", "قال", "مجهولمجهولمجهولمجهول"], ["حماس"], ["قال", "غزه"]]
    got = tagger.probs([tagger.chunk(c, t) for c, t in zip(chunks, texts, strict=True)])
    # the same inputs through torch (ids as _Tagger maps them; the export is float16)
    items = []
    for chunk, toks in zip(chunks, texts, strict=True):
        items.append(
            (
                [tagger.words.get(s, 1) for s, _ in chunk],
                [[tagger.feats[f] for f in bag if f in tagger.feats] for _, bag in chunk],
                [[tagger.chars.get(c, 1) for c in w[:MAX_CHARS]] for w in toks],
                [0] * len(chunk),
                0,
                [10] * len(chunk),
            )
        )
    w, f, o, c, d, lens, _ = batchify(items, None)
    with torch.no_grad():
        want = torch.softmax(net(w, f, o, c, d, lens), -1).numpy()
    for i, p in enumerate(got):
        assert p.shape == (len(chunks[i]), len(LABELS))
        np.testing.assert_allclose(p, want[i, : len(chunks[i])], atol=0.02)
        np.testing.assert_allclose(p.sum(axis=1), 1.0, rtol=1e-5)


def test_bag_sum_feature_by_feature_is_the_per_token_sum() -> None:
    # the tagger sums a token's bag feature-major; the float32 result is bit for bit
    # the per-token sum (the order of additions is the same)
    fe = _tagger().fe
    rng = np.random.default_rng(0)
    for n in (1, 2, 31, 300):
        feats = rng.integers(0, len(fe), (n, len(BAG_POSITIONS)))
        assert np.array_equal(np.take(fe, feats.T, axis=0).sum(axis=0), fe[feats].sum(axis=1))


def test_shipped_tagger_loads_and_batches_any_lengths() -> None:
    chunks = [[("غزه", ["b"])] * n for n in (1, 7, 3, 0, 40)]
    texts = [["غزه"] * n for n in (1, 7, 3, 0, 40)]
    tagger = _tagger()
    out = nn_probs([tagger.chunk(c, t) for c, t in zip(chunks, texts, strict=True)])
    assert out[3] is None
    for n, p in zip((1, 7, 3), out[:3], strict=True):
        assert p.shape == (n, len(LABELS))
    # a chunk's probabilities do not depend on what it is batched with
    alone = nn_probs([tagger.chunk(chunks[2], texts[2])])[0]
    np.testing.assert_allclose(out[2], alone, atol=1e-5)
