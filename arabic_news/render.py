"""Views of an :class:`~arabic_news.types.Article`: an HTML page and a plain-text summary.

:func:`render_html` gives a right-to-left view: sections shaded by kind, entity mentions
highlighted by label (with a legend), and a side table of people, organizations and places with
their counts. Every piece of text is HTML-escaped. It backs ``Article._repr_html_`` in notebooks
and ``arabic-news analyze --format html``.

:func:`render_text` gives the summary printed by ``arabic-news analyze``: headline, statement,
people / organizations / places with counts, and what was cut as boilerplate or related.
"""

from __future__ import annotations

from html import escape
from typing import Final

from .types import Article, Entity, EntityGroup, Section

__all__ = ["render_html", "render_text"]

#: Display names of section kinds and entity labels (English, Arabic).
KIND_NAMES: Final[dict[str, tuple[str, str]]] = {
    "headline": ("headline", "العنوان"),
    "statement": ("statement", "المتن"),
    "boilerplate": ("boilerplate", "حشو الصفحة"),
    "related": ("related", "أخبار أخرى"),
}
LABEL_NAMES: Final[dict[str, tuple[str, str]]] = {
    "PER": ("people", "أشخاص"),
    "ORG": ("organizations", "منظمات"),
    "LOC": ("places", "أماكن"),
}
#: Characters of a boilerplate or related line shown in the text summary before "…".
SUMMARY_SNIPPET_CHARS: Final = 90

_CSS: Final = """
.an-article{direction:rtl;font-family:"Noto Naskh Arabic","Noto Sans Arabic","DejaVu Sans",
 "Segoe UI",Tahoma,sans-serif;line-height:1.9;color:#1f2328;max-width:1100px;font-size:16px}
.an-article *{box-sizing:border-box}
.an-legend{display:flex;flex-wrap:wrap;gap:6px 14px;align-items:center;margin:0 0 10px;
 font-size:13px;line-height:1.6}
.an-legend b{font-weight:600;margin-inline-end:2px}
.an-legend>span{display:inline-flex;flex-wrap:wrap;gap:4px;align-items:center}
.an-swatch{display:inline-block;padding:0 8px;border-radius:4px;border:1px solid #d0d7de}
.an-sw-headline{background:#ddf4ff;border-color:#0969da}
.an-sw-statement{background:#ffffff;border-color:#1a7f37}
.an-sw-boilerplate{background:#f0f0f0;border-color:#8c959f}
.an-sw-related{background:#fff8c5;border-color:#bf8700}
.an-layout{display:flex;gap:16px;align-items:flex-start;flex-wrap:wrap}
.an-sections{flex:3 1 560px;min-width:0}
.an-side{flex:1 1 240px;font-size:14px;position:sticky;top:8px}
.an-sec{margin:0 0 8px;padding:6px 12px;border-radius:6px;border-inline-start:5px solid}
.an-sec p{margin:0 0 6px}
.an-sec p:last-child{margin-bottom:0}
.an-kind{float:left;direction:ltr;font-size:11px;line-height:1.4;color:#57606a;
 background:#ffffffb0;border-radius:3px;padding:0 5px;margin:2px 0 2px 8px}
.an-headline{background:#ddf4ff;border-color:#0969da;font-size:1.35em;font-weight:700}
.an-headline .an-kind{font-weight:400}
.an-statement{background:#ffffff;border-color:#1a7f37}
.an-boilerplate{background:#f0f0f0;border-color:#8c959f;color:#57606a;font-size:.9em}
.an-related{background:#fff8c5;border-color:#bf8700;font-size:.95em}
.an-ent{padding:1px 4px;border-radius:4px;color:inherit;white-space:nowrap}
.an-ent::after{content:attr(data-label);font-size:9px;font-weight:700;vertical-align:super;
 margin-inline-start:3px;direction:ltr;color:#444}
.an-PER{background:#ffd8e6}
.an-ORG{background:#d8e4ff}
.an-LOC{background:#c9f2c7}
.an-related .an-ent{opacity:.85}
.an-side table{border-collapse:collapse;width:100%;margin:0 0 10px}
.an-side caption{text-align:start;font-weight:700;padding:4px 0}
.an-side th,.an-side td{text-align:start;padding:2px 6px;border-bottom:1px solid #d0d7de;
 vertical-align:top}
.an-side td.an-count{text-align:center;width:3em;font-variant-numeric:tabular-nums}
.an-side .an-roles{display:block;font-size:12px;color:#57606a}
.an-meta{font-size:13px;color:#57606a;margin:0 0 8px}
.an-empty{color:#57606a;font-style:italic}
"""


def _e(text: str) -> str:
    return escape(text, quote=True)


def _legend() -> str:
    kinds = "".join(
        f'<span class="an-swatch an-sw-{kind}">{_e(ar)} · {_e(en)}</span>'
        for kind, (en, ar) in KIND_NAMES.items()
    )
    labels = "".join(
        f'<span class="an-swatch an-{label}" data-legend="{label}">{_e(ar)} · {label}</span>'
        for label, (_en, ar) in LABEL_NAMES.items()
    )
    return (
        f'<div class="an-legend"><span><b>الأقسام:</b> {kinds}</span>'
        f"<span><b>الكيانات:</b> {labels}</span></div>"
    )


def _highlight(text: str, start: int, end: int, ents: list[Entity], names: dict[int, str]) -> str:
    """HTML of ``text[start:end]`` with each mention wrapped in a ``<mark>``; lines -> ``<p>``."""
    out: list[str] = []
    pos = start
    for ent in ents:
        if ent.start < pos or ent.end > end:  # overlapping or outside: leave it plain
            continue
        out.append(_e(text[pos : ent.start]))
        title = names.get(ent.start, ent.text)
        out.append(
            f'<mark class="an-ent an-{ent.label}" data-label="{ent.label}" '
            f'title="{_e(ent.label)}: {_e(title)}">{_e(ent.text)}</mark>'
        )
        pos = ent.end
    out.append(_e(text[pos:end]))
    lines = [line.strip() for line in "".join(out).split("\n")]
    return "".join(f"<p>{line}</p>" for line in lines if line)


def _section_html(
    index: int, sec: Section, text: str, ents: list[Entity], names: dict[int, str]
) -> str:
    en, ar = KIND_NAMES[sec.kind]
    badge = f"{en} · {sec.role}" if sec.role else en
    role = f' data-role="{_e(sec.role)}"' if sec.role else ""
    return (
        f'<section class="an-sec an-{sec.kind}" data-kind="{sec.kind}"{role} '
        f'data-index="{index}" title="{_e(ar)}">'
        f'<span class="an-kind">{_e(badge)}</span>'
        f"{_highlight(text, sec.start, sec.end, ents, names)}</section>"
    )


def _side_table(label: str, groups: tuple[EntityGroup, ...]) -> str:
    en, ar = LABEL_NAMES[label]
    rows = []
    for g in groups:
        roles = f'<span class="an-roles">{_e("، ".join(g.roles))}</span>' if g.roles else ""
        aliases = f' title="{_e(" / ".join(g.aliases))}"' if g.aliases else ""
        rows.append(
            f'<tr data-label="{label}"><td{aliases}><span class="an-ent an-{label}">'
            f'{_e(g.canonical)}</span>{roles}</td><td class="an-count">{g.count}</td></tr>'
        )
    body = "".join(rows) or '<tr><td class="an-empty" colspan="2">—</td></tr>'
    return (
        f'<table class="an-groups" data-label="{label}"><caption>{_e(ar)} ({_e(en)})</caption>'
        f"<thead><tr><th>الاسم</th><th>العدد</th></tr></thead><tbody>{body}</tbody></table>"
    )


def _meta_html(article: Article) -> str:
    meta = article.metadata
    parts = [
        f"{name}: <bdi>{_e(value)}</bdi>"
        for name, value in (
            ("الوكالة", meta.agency),
            ("الكاتب", meta.byline),
            ("التاريخ", meta.dateline),
        )
        if value
    ]
    return f'<div class="an-meta">{" · ".join(parts)}</div>' if parts else ""


def render_html(article: Article, *, full_page: bool = False) -> str:
    """Return an HTML view of ``article`` (str); a whole document when ``full_page``.

    Sections are shaded by kind, mentions highlighted as ``<mark class="an-ent an-LABEL"
    data-label="LABEL">``, people / organizations / places listed beside with counts. All text
    is escaped.
    """
    by_section: dict[int, list[Entity]] = {}
    for ent in (*article.entities, *article.related_entities):
        if ent.section is not None:
            by_section.setdefault(ent.section, []).append(ent)
    names = {m.start: g.canonical for g in article.groups for m in g.mentions}
    sections = (
        "".join(
            _section_html(
                i, sec, article.text, sorted(by_section.get(i, []), key=lambda e: e.start), names
            )
            for i, sec in enumerate(article.sections)
        )
        or '<p class="an-empty">لا يوجد نص · empty article</p>'
    )
    side = "".join(_side_table(label, article.groups_of(label)) for label in ("PER", "ORG", "LOC"))
    body = (
        f'<div class="an-article" dir="rtl" lang="ar"><style>{_CSS}</style>{_legend()}'
        f'{_meta_html(article)}<div class="an-layout"><main class="an-sections">{sections}</main>'
        f'<aside class="an-side">{side}</aside></div></div>'
    )
    if not full_page:
        return body
    title = _e(article.headline or "arabic_news")
    return (
        '<!DOCTYPE html>\n<html lang="ar" dir="rtl"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title}</title></head><body>{body}</body></html>\n"
    )


def _snippet(text: str) -> str:
    flat = " ".join(text.split())
    if len(flat) <= SUMMARY_SNIPPET_CHARS:
        return flat
    return flat[:SUMMARY_SNIPPET_CHARS].rstrip() + "…"


def render_text(article: Article, *, color: bool = False) -> str:
    """Return a readable plain-text summary of ``article`` (str, lines end with ``\\n``).

    Headline, metadata, statement paragraphs, people / organizations / places with counts and
    roles, then what was cut as boilerplate and as related. ``color`` adds ANSI bold headings.
    """

    def head(title: str) -> str:
        return f"\033[1m{title}\033[0m" if color else title

    lines: list[str] = []
    if not article.sections:
        return head("(empty article)") + "\n"
    lines += [head("Headline"), "  " + (article.headline or "(none found)"), ""]
    meta = article.metadata
    for name, value in (("Agency", meta.agency), ("Byline", meta.byline), ("Date", meta.dateline)):
        if value:
            lines.append(f"{name}: {value}")
    if any((meta.agency, meta.byline, meta.dateline)):
        lines.append("")
    paragraphs = [p for p in article.statement.split("\n") if p.strip()]
    lines.append(head(f"Statement ({len(paragraphs)} paragraphs, {len(article.statement)} chars)"))
    lines += [f"  {p}" for p in paragraphs] or ["  (none found)"]
    lines.append("")
    for label in ("PER", "ORG", "LOC"):
        groups = article.groups_of(label)
        lines.append(head(f"{LABEL_NAMES[label][0].capitalize()} ({len(groups)})"))
        for g in groups:
            extra = []
            if g.roles:
                extra.append("roles: " + "، ".join(g.roles))
            others = [a for a in g.aliases if a != g.canonical]
            if others:
                extra.append("also: " + " / ".join(others))
            tail = f"  [{'; '.join(extra)}]" if extra else ""
            lines.append(f"  {g.count:>3}×  {g.canonical}{tail}")
        if not groups:
            lines.append("    -")
        lines.append("")
    for kind, title in (
        ("boilerplate", "Cut as boilerplate"),
        ("related", "Related, not the article"),
    ):
        items = [
            (sec.role, line)
            for sec in article.sections_of(kind)
            for line in sec.text.splitlines()
            if line.strip()
        ]
        lines.append(head(f"{title} ({len(items)} line{'' if len(items) == 1 else 's'})"))
        for role, line in items:
            lines.append(f"  - {f'[{role}] ' if role else ''}{_snippet(line)}")
        if not items:
            lines.append("    -")
        if kind == "related" and article.related_entities:
            names = dict.fromkeys(f"{e.text} ({e.label})" for e in article.related_entities)
            lines.append("  named there: " + "، ".join(names))
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
