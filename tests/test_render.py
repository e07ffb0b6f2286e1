"""The HTML view (escaping, structure, a real headless Chromium) and the text summary."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from _samples import SAMPLE
from selectolax.lexbor import LexborHTMLParser

from arabic_news.pipeline import analyze
from arabic_news.render import render_html, render_text
from arabic_news.types import Article, Entity, EntityGroup, Section

CHROMIUM = shutil.which("chromium") or (
    "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
)


@pytest.fixture(scope="module")
def sample() -> Article:
    return analyze(SAMPLE)


def nasty_article() -> Article:
    """Markup and quotes inside the text, an entity inside them."""
    lines = ['عنوان <script>alert("x")</script>', 'قال "أحمد & <b>علي</b>" في غزة', "تنبيه"]
    text = "\n".join(lines)
    a, b = len(lines[0]), len(lines[0]) + 1 + len(lines[1])
    sections = (
        Section("headline", 0, a, text[0:a]),
        Section("statement", a + 1, b, text[a + 1 : b]),
        Section("boilerplate", b + 1, len(text), text[b + 1 :]),
    )
    name = "أحمد & <b>علي</b>"
    start = text.index(name)
    per = Entity(name, "PER", start, start + len(name), section=1)
    loc_start = text.index("غزة")
    loc = Entity("غزة", "LOC", loc_start, loc_start + 3, section=1)
    groups = (
        EntityGroup(per.text, "PER", (per,), roles=('"دكتور" <i>',)),
        EntityGroup("غزة", "LOC", (loc,)),
    )
    return Article(text, sections, (per, loc), (), groups)


def test_everything_is_escaped() -> None:
    html = render_html(nasty_article(), full_page=True)
    tree = LexborHTMLParser(html)
    assert tree.css("script") == []
    assert tree.css("section b") == [] and tree.css("aside i") == []
    marks = tree.css("mark.an-ent")
    assert [m.text() for m in marks] == ["أحمد & <b>علي</b>", "غزة"]
    assert '<script>alert("x")' in tree.css_first("section.an-headline").text()
    roles = tree.css_first("aside .an-roles").text()
    assert roles == '"دكتور" <i>'


def test_structure_rtl_sections_legend_and_side_table(sample: Article) -> None:
    tree = LexborHTMLParser(render_html(sample))
    root = tree.css_first("div.an-article")
    assert root is not None and root.attributes["dir"] == "rtl" and root.attributes["lang"] == "ar"
    kinds = [s.attributes["data-kind"] for s in tree.css("section.an-sec")]
    assert kinds == [s.kind for s in sample.sections]
    legend = {s.attributes.get("data-legend") for s in tree.css(".an-legend [data-legend]")}
    assert legend == {"PER", "ORG", "LOC"}
    marks = tree.css("mark.an-ent")
    assert len(marks) == len(sample.entities) + len(sample.related_entities)
    assert {m.attributes["data-label"] for m in marks} == {e.label for e in sample.entities}
    for label in ("PER", "ORG", "LOC"):
        rows = tree.css(f'table.an-groups[data-label="{label}"] tbody tr')
        table = [
            (r.css_first("span.an-ent").text(), int(r.css_first(".an-count").text())) for r in rows
        ]
        assert table == [(g.canonical, g.count) for g in sample.groups_of(label)]
    assert "İLKHA" in tree.css_first(".an-meta").text()


def test_each_line_is_a_paragraph_and_text_is_complete(sample: Article) -> None:
    tree = LexborHTMLParser(render_html(sample))
    for node, sec in zip(tree.css("section.an-sec"), sample.sections, strict=True):
        paragraphs = [p.text() for p in node.css("p")]
        assert paragraphs == [line.strip() for line in sec.text.split("\n") if line.strip()]


def test_empty_article_renders() -> None:
    html = render_html(analyze(""), full_page=True)
    assert "empty article" in html and html.startswith("<!DOCTYPE html>")
    assert render_text(analyze("")) == "(empty article)\n"


def test_text_summary(sample: Article) -> None:
    text = render_text(sample)
    assert text.splitlines()[:2] == ["Headline", "  " + sample.headline]
    for group in sample.groups:
        assert f"{group.count:>3}×  {group.canonical}" in text
    assert "Agency: İLKHA" in text
    assert "roles: " in text
    colored = render_text(sample, color=True)
    assert "\033[1mHeadline\033[0m" in colored


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed")
def test_real_headless_chromium_shows_the_highlighted_entities(
    sample: Article, tmp_path: Path
) -> None:
    page = tmp_path / "page.html"
    page.write_text(render_html(sample, full_page=True), encoding="utf-8")
    cmd = [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
    ]
    proc = subprocess.run(
        [*cmd, "--dump-dom", page.as_uri()], capture_output=True, timeout=120, check=False
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    dom = LexborHTMLParser(proc.stdout.decode("utf-8"))
    marks = {(m.attributes["data-label"], m.text()) for m in dom.css("mark.an-ent")}
    for name, label in (("هاكان فيدان", "PER"), ("إبراهيم كالن", "PER"), ("أنقرة", "LOC")):
        assert (label, name) in marks
    assert any(label == "ORG" and "حماس" in name for label, name in marks)
    assert dom.css_first("html").attributes["dir"] == "rtl"
    assert len(dom.css("section.an-sec")) == len(sample.sections)
    shot = tmp_path / "shot.png"
    proc = subprocess.run(
        [*cmd, f"--screenshot={shot}", "--window-size=1200,1600", page.as_uri()],
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0 and shot.stat().st_size > 10_000
