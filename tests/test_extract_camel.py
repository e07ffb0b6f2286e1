"""backend="camel": camel-tools' NERecognizer on a tiny local BERT (no hub, no download)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from arabic_news.errors import MissingDependencyError, ModelNotFoundError
from arabic_news.extract import extract_entities
from arabic_news.integrations import camel as camel_mod

HAVE_CAMEL = importlib.util.find_spec("camel_tools") is not None
LABELS = ["B-LOC", "B-ORG", "B-PERS", "B-MISC", "I-LOC", "I-ORG", "I-PERS", "I-MISC", "O"]
TEXT = 'زار "هاكان" بغزة والقاهرة.'


def _stub_catalogue(root: Path, with_model_path: bool = True) -> None:
    cat = {
        "version": "1.5",
        "packages": {},
        "components": {
            "NamedEntityRecognition": {
                "default": "arabert",
                "datasets": {"arabert": {"path": "ner/arabert"}} if with_model_path else {},
            }
        },
    }
    root.mkdir(parents=True, exist_ok=True)
    (root / "catalogue.json").write_text(json.dumps(cat), encoding="utf-8")


def _tiny_model(folder: Path, label: str) -> None:
    """A 2-layer BERT whose classifier always prefers ``label``."""
    import torch
    from transformers import BertConfig, BertForTokenClassification

    chars = sorted(set("".join(TEXT.split())) | set("abcdefghijklmnopqrstuvwxyz"))
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *chars, *("##" + c for c in chars)]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    config = BertConfig(
        vocab_size=len(vocab),
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=256,
        num_labels=len(LABELS),
        id2label=dict(enumerate(LABELS)),
        label2id={lab: i for i, lab in enumerate(LABELS)},
    )
    torch.manual_seed(0)
    model = BertForTokenClassification(config)
    with torch.no_grad():
        model.classifier.weight.zero_()
        model.classifier.bias.zero_()
        model.classifier.bias[LABELS.index(label)] = 10.0
    model.save_pretrained(folder)


def test_missing_catalogue_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CAMELTOOLS_DATA", str(tmp_path / "none"))
    with pytest.raises(ModelNotFoundError, match="camel_data -i ner-arabert"):
        camel_mod.camel_ner_model_path()


def test_missing_model_files_say_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _stub_catalogue(tmp_path)
    monkeypatch.setenv("CAMELTOOLS_DATA", str(tmp_path))
    with pytest.raises(LookupError, match="camel_data -i ner-arabert"):
        camel_mod.camel_ner_model_path()


def test_missing_camel_tools_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name == "camel_tools" else real(name, *a),
    )
    with pytest.raises(MissingDependencyError, match=r"arabic-news\[camel\]") as info:
        extract_entities("غزة", backend="camel")
    assert isinstance(info.value, ImportError)


@pytest.mark.camel
@pytest.mark.skipif(not HAVE_CAMEL, reason="camel-tools is not installed")
def test_camel_backend_with_tiny_local_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("transformers")
    data = tmp_path / "camel"
    _stub_catalogue(data)
    _tiny_model(data / "data" / "ner" / "arabert", "B-PERS")
    monkeypatch.setenv("CAMELTOOLS_DATA", str(data))
    if "camel_tools.data" in sys.modules:
        pytest.skip("camel_tools.data already imported with another CAMELTOOLS_DATA")
    camel_mod._recognizer.cache_clear()
    ents = extract_entities(TEXT, backend="camel")
    # every word is tagged B-PERS by the stub model: labels map PERS -> PER,
    # quotes stay out, proclitics are left out ("بغزة" -> "غزة", "والقاهرة" -> "القاهرة")
    texts = [e.text for e in ents]
    assert {e.label for e in ents} == {"PER"}
    assert "هاكان" in texts
    assert "غزة" in texts
    assert "القاهرة" in texts
    for e in ents:
        assert TEXT[e.start : e.end] == e.text
        assert '"' not in e.text
    assert extract_entities("no Arabic", backend="camel") == []
