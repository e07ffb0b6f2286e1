"""The CRF run with numpy: forward-backward is exact, and a model exported by
scripts/train_ner.py gives python-crfsuite's marginals on real sentences."""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

import numpy as np
import pytest

from arabic_news._ner_crf import RESCALE, Crf
from arabic_news._ner_nn import LABELS
from tests._samples import ROOT, SHARED

N = len(LABELS)


def _crf(state: np.ndarray, trans: np.ndarray, attrs: list[str]) -> Crf:
    import json

    meta = json.dumps({"labels": list(LABELS), "attrs": attrs}).encode("utf-8")
    return Crf({"meta": np.frombuffer(meta, dtype=np.uint8), "state": state, "trans": trans})


def test_marginals_match_brute_force() -> None:
    rng = np.random.default_rng(0)
    model = _crf(np.zeros((0, N)), rng.normal(0, 3, (N, N)), [])
    scores = rng.normal(0, 4, (4, N))
    logp = np.array(
        [
            sum(scores[t, y] for t, y in enumerate(seq))
            + sum(np.log(model.trans[a, b]) for a, b in itertools.pairwise(seq))
            for seq in itertools.product(range(N), repeat=4)
        ]
    )
    w = np.exp(logp - logp.max())
    want = np.zeros((4, N))
    for seq, wi in zip(itertools.product(range(N), repeat=4), w, strict=True):
        want[np.arange(4), seq] += wi
    want /= w.sum()
    np.testing.assert_allclose(model.exact_marginals(scores), want, atol=1e-12)


def test_long_chains_stay_finite_and_match_log_domain() -> None:
    rng = np.random.default_rng(1)
    trans = rng.normal(0, 8, (N, N))
    model = _crf(np.zeros((0, N)), trans, [])
    scores = rng.normal(0, 30, (50 * RESCALE + 3, N))
    # the same recursions in the log domain
    fwd = np.zeros_like(scores)
    bwd = np.zeros_like(scores)
    for t in range(1, len(scores)):
        fwd[t] = np.logaddexp.reduce(fwd[t - 1][:, None] + scores[t - 1][:, None] + trans, axis=0)
        s = len(scores) - 1 - t
        bwd[s] = np.logaddexp.reduce(trans + (scores[s + 1] + bwd[s + 1])[None, :], axis=1)
    logp = fwd + scores + bwd
    want = np.exp(logp - np.logaddexp.reduce(logp, axis=1, keepdims=True))
    np.testing.assert_allclose(model.exact_marginals(scores), want, atol=1e-9)


def test_sure_o_spreads_the_rest_evenly() -> None:
    state = np.zeros((2, N))
    state[0, 0] = 20.0  # "sure" makes O all but certain
    model = _crf(state, np.zeros((N, N)), ["sure", "other"])
    rows = model.rows([["sure"], ["other", "unknown"]])
    p = model.marginals(model.scores(rows, np.array([0, 1])))
    assert p[0, 0] > 0.999 and np.allclose(p[0, 1:], (1 - p[0, 0]) / (N - 1))
    np.testing.assert_allclose(p[1], 1 / N)
    np.testing.assert_allclose(p.sum(axis=1), 1.0)


def test_shared_attributes_score_zero() -> None:
    state = np.arange(2 * N, dtype=float).reshape(2, N)
    model = _crf(state, np.zeros((N, N)), ["a", "b"])
    model.add_attributes(["b", "c", "c"])
    assert model.index == {"a": 1, "b": 2, "c": 3}
    scores = model.scores(model.rows([["a", "c"], ["c", "b", "x"]]), np.array([0, 2]))
    np.testing.assert_array_equal(scores, [state[0], state[1]])


def test_exported_model_gives_crfsuites_marginals(tmp_path: Path) -> None:
    pycrfsuite = pytest.importorskip("pycrfsuite")
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from train_ner import ADAPT_PREFIX, export_crf, load_anercorp, project
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    if not (SHARED / "data" / "ner" / "anercorp" / "dev.txt").is_file():
        pytest.skip("ANERcorp is not in ../shared")
    sents = [project(s)[:2] for s in load_anercorp(SHARED / "data" / "ner", "dev")[:170]]
    sents = [(feats, tags) for feats, tags in sents if feats][:160]
    trainer = pycrfsuite.Trainer(verbose=False)
    for i, (feats, tags) in enumerate(sents[:120]):
        if i % 4 == 0:  # domain-adapted copies, which the export leaves out
            feats = [f + [ADAPT_PREFIX + v for v in f] for f in feats]
        trainer.append(feats, tags)
    trainer.set_params({"max_iterations": 30, "c1": 0.05, "c2": 0.01})
    trainer.set_params({"feature.possible_transitions": True})
    trainer.train(str(tmp_path / "crf.model"))
    export_crf(tmp_path / "crf.model", tmp_path / "crf.npz")
    with np.load(tmp_path / "crf.npz") as z:
        model = Crf({k: z[k] for k in z.files})
    assert model.index and not any(a.startswith(ADAPT_PREFIX) for a in model.index)
    tagger = pycrfsuite.Tagger()
    tagger.open(str(tmp_path / "crf.model"))
    for feats, _ in sents[120:]:
        tagger.set(feats)
        want = [[tagger.marginal(lab, t) for lab in LABELS] for t in range(len(feats))]
        lens = np.array([len(f) for f in feats])
        got = model.exact_marginals(model.scores(model.rows(feats), np.cumsum(lens) - lens))
        np.testing.assert_allclose(got, want, atol=1e-9)
