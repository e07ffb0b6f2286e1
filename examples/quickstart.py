"""Quickstart: one article in, structured data out.

Run: python examples/quickstart.py [FILE]   (default: examples/article.txt)
"""

from __future__ import annotations

import sys
from pathlib import Path

from arabic_news import analyze

path = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name("article.txt")
text = path.read_text(encoding="utf-8")

article = analyze(text)  # normalize -> segment -> extract, once each

print("Headline :", article.headline)
print("Agency   :", article.metadata.agency)
print("Statement:", len(article.statement.splitlines()), "paragraphs")

for title, groups in (
    ("People", article.people),
    ("Organizations", article.organizations),
    ("Places", article.places),
):
    print(f"\n{title}:")
    for group in groups:
        roles = f"  ({'، '.join(group.roles)})" if group.roles else ""
        print(f"  {group.count}x {group.canonical}{roles}")

# Offsets are code points into your own string.
for entity in article.entities:
    assert text[entity.start : entity.end] == entity.text

# What was not the article.
cut = [s for s in article.sections if s.kind in ("boilerplate", "related")]
print(f"\nCut: {len(cut)} sections (boilerplate and related briefs)")
print("Related mentions:", ", ".join(sorted({e.text for e in article.related_entities})))

# Stable JSON (schema_version inside), and back.
data = article.to_json()
assert type(article).from_json(data) == article
print(f"\nJSON: {len(data):,} characters, schema_version {article.SCHEMA_VERSION}")
