"""Paths and the user's sample article, shared by the test modules."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SAMPLE_PATH = ROOT / "examples" / "article.txt"
SAMPLE = SAMPLE_PATH.read_text(encoding="utf-8")
#: The sample's non-empty lines.
LINES = [line for line in SAMPLE.split("\n") if line.strip()]
