"""Named people (PER), organizations (ORG) and places (LOC) in Arabic text.

``extract_entities`` runs a short chain of named steps::

    normalize (default profile, with offsets) -> chunk -> tokenize -> featurize
    -> tag (CRF marginals and convolutional tagger, averaged; BIO-constrained decoding)
    -> split at punctuation -> trim edges -> trim titles -> trim organizations -> drop non-names
    -> join place heads -> organization heads -> definite organization names -> places after
    a head -> listed one-word organizations -> merge adjacent -> extend coordinated names
    -> propagate -> leave out proclitics -> map to original offsets

``group_entities`` then gathers one text's mentions of the same entity.
"""

from __future__ import annotations

import threading
from functools import cache
from itertools import pairwise
from typing import Any, Final

from ._ner_crf import Crf, crf
from ._ner_features import Word, WordLists, word_lists
from ._ner_group import group_mentions
from ._ner_nn import BAG_POSITIONS, Chunk, feature_index, nn_probs, viterbi_bio
from ._ner_rows import FeatureRows
from ._ner_spans import (
    CharSpan,
    TokSpan,
    decode_bio,
    definite_org_names,
    drop_non_names,
    extend_coordinated,
    join_place_heads,
    listed_word_orgs,
    merge_adjacent,
    org_head_names,
    place_after_head,
    propagate,
    split_at_punct,
    to_char_spans,
    trim_edges,
    trim_org,
    trim_titles,
)
from ._ner_text import ARABIC_RE, Token, chunks, normalize_default, tokenize
from .errors import InputTypeError, UnknownOptionError
from .types import Entity, EntityGroup, EntityLabel

__all__ = ["BACKENDS", "extract_entities", "group_entities"]

#: Weight of the CRF's marginals against the convolutional tagger's probabilities
#: (chosen on ANERcorp dev, AQMAR and the dev pages with both models trained
#: without ANERcorp dev: 0.5 and 0.65 within 1.5 points of each other on each).
CRF_WEIGHT: Final = 0.65
#: Chunks tagged together (the convolutional tagger runs them as one batch).
TAG_BATCH: Final = 64

_MODELS_LOCK: Final = threading.Lock()

#: Backends ``extract_entities`` accepts.
BACKENDS: Final[tuple[str, ...]] = ("default", "camel")


def extract_entities(text: str, backend: str = "default") -> list[Entity]:
    """Find PER, ORG and LOC mentions in ``text``; return them in text order.

    Offsets are half-open code-point offsets into ``text`` itself
    (``text[e.start:e.end] == e.text``); spans leave out proclitics (و ف ب ك ل),
    quotes, and, for people, titles and roles. ``backend="camel"`` runs
    camel-tools' BERT ``NERecognizer`` instead of the shipped CRF.

    Raises:
        InputTypeError: ``text`` is not a ``str``.
        UnknownOptionError: ``backend`` is not one of :data:`BACKENDS`.
        MissingDependencyError: ``backend="camel"`` without camel-tools.
        ModelNotFoundError: ``backend="camel"`` without its NER model.
    """
    if not isinstance(text, str):
        raise InputTypeError(text)
    if backend not in BACKENDS:
        raise UnknownOptionError(f"unknown NER backend {backend!r}; known: {', '.join(BACKENDS)}")
    if backend == "camel":
        from .integrations.camel import extract_entities_camel

        return extract_entities_camel(text)
    if not ARABIC_RE.search(text):
        return []
    norm, omap = normalize_default(text)
    lists = word_lists()
    tokens: list[Token] = []
    words: list[Word] = []
    spans = []
    pending: list[list[Token]] = []
    for cstart, cend in chunks(norm):
        toks = tokenize(norm, cstart, cend)
        if toks:
            pending.append(toks)
        if len(pending) == TAG_BATCH:
            spans += _tag(pending, lists, tokens, words)
            pending = []
    if pending:
        spans += _tag(pending, lists, tokens, words)
    spans = split_at_punct(spans, words)
    spans = trim_edges(spans, words)
    spans = trim_titles(spans, words)
    spans = trim_org(spans, words, lists)
    spans = drop_non_names(spans, words)
    spans = join_place_heads(spans, words, lists)
    spans = org_head_names(spans, words, lists)
    spans = definite_org_names(spans, words, lists)
    spans = place_after_head(spans, words, lists)
    spans = listed_word_orgs(spans, words, lists)
    spans = merge_adjacent(spans, words, lists)
    spans = extend_coordinated(spans, words, lists)
    spans = propagate(spans, words)
    return _to_entities(text, to_char_spans(spans, tokens, words, lists), omap)


def _tag(
    batch: list[list[Token]], lists: WordLists, tokens: list[Token], words: list[Word]
) -> list[TokSpan]:
    """Tag a batch of chunks: mean of the CRF's marginals and the convolutional
    tagger's probabilities, decoded with BIO constraints; return their spans
    (indices continue ``tokens``, to which the batch's tokens and words are added)."""
    import numpy as np

    offset = len(tokens)
    with _MODELS_LOCK:  # the shared index is built once; the rows' word cache is shared state
        crf, to_tagger, feature_rows = _shared_index()
        parts = [feature_rows.chunk(toks, lists) for toks in batch]
    bounds = [0]
    for toks, (wds, _, _) in zip(batch, parts, strict=True):
        bounds.append(bounds[-1] + len(toks))
        tokens += toks
        words += wds
    # every token's feature rows, chunk after chunk; row 0 past a token's last
    matrix = np.concatenate([m for _, m, _ in parts])
    lens = np.concatenate([ln for _, _, ln in parts])
    rows = matrix[np.arange(matrix.shape[1]) < lens[:, None]]
    starts = np.cumsum(lens) - lens
    bags = to_tagger[matrix[:, BAG_POSITIONS]]  # to_tagger[0] is 0: no feature
    chunks = []
    for a, b in pairwise(bounds):
        wds = words[offset + a : offset + b]
        chunks.append(Chunk([wd.stem for wd in wds], [wd.w for wd in wds], bags[a:b]))
    with _MODELS_LOCK:  # the tagger's word cache is shared state
        nn = nn_probs(chunks)
    scores = crf.scores(rows, starts)
    out: list[TokSpan] = []
    for (a, b), p_nn in zip(pairwise(bounds), nn, strict=True):
        p = CRF_WEIGHT * crf.marginals(scores[a:b]) + (1.0 - CRF_WEIGHT) * p_nn
        labels, probs = viterbi_bio(p)
        out += decode_bio(labels, probs, offset=offset + a)
    return out


@cache
def _shared_index() -> tuple[Crf, Any, FeatureRows]:
    """Return the shipped CRF, its index extended by the tagger's features (one
    look-up per feature string serves both models), each index row's row of the
    tagger's feature embedding (0 for row 0), and the rows of tokens' features."""
    import numpy as np

    model = crf()
    tagger_feats = feature_index()
    model.add_attributes(tagger_feats)
    to_tagger = np.zeros(len(model.state), dtype=np.intp)
    to_tagger[[model.index[f] for f in tagger_feats]] = list(tagger_feats.values())
    return model, to_tagger, FeatureRows(model.index)


def _to_entities(text: str, spans: list[CharSpan], omap: object) -> list[Entity]:
    from .normalize import normalize

    out: list[Entity] = []
    for sp in spans:
        start, end = omap.span(sp.start, sp.end)  # type: ignore[attr-defined]
        surface = text[start:end]
        label: EntityLabel = sp.label  # type: ignore[assignment]
        out.append(
            Entity(
                text=surface,
                label=label,
                start=start,
                end=end,
                score=round(sp.score, 4),
                normalized=normalize(surface, "search"),
            )
        )
    return out


def group_entities(entities: list[Entity], text: str) -> list[EntityGroup]:
    """Group one text's mentions of the same entity; return groups by first mention.

    A group's canonical name is its fullest form; a shorter form joins it when
    its words end the fuller one ("فيدان" -> "هاكان فيدان") or when the text gives
    it as an alias (``حركة المقاومة الإسلامية "حماس"``). ``roles`` are the title
    phrases found right before a person's mentions ("وزير الخارجية التركي").

    Raises:
        InputTypeError: ``text`` is not a ``str``.
    """
    if not isinstance(text, str):
        raise InputTypeError(text)
    return group_mentions(list(entities), text)
