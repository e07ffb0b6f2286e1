"""Turn an HTML page into plain text, one visible block a line (selectolax / lexbor).

The chain is ``parse -> drop_invisible -> mark_blocks -> collect_lines``:
scripts, styles, ``head``, SVG, iframes, templates, ``noscript`` and hidden
elements are removed; every block element (and ``br``) starts and ends a line;
whitespace inside a line collapses to one space.
"""

from __future__ import annotations

import re
from typing import Any, Final

from selectolax.lexbor import LexborHTMLParser

__all__ = ["BLOCK_TAGS", "DROPPED_TAGS", "html_to_lines", "html_to_text"]

#: Elements whose content is never visible text.
DROPPED_TAGS: Final[tuple[str, ...]] = (
    "script", "style", "head", "svg", "math", "iframe", "noscript", "template",
    "object", "embed", "canvas", "textarea", "select",
)  # fmt: skip
#: Elements that start and end a line.
BLOCK_TAGS: Final[tuple[str, ...]] = (
    "address", "article", "aside", "blockquote", "br", "caption", "dd", "details",
    "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "li", "main", "nav",
    "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th",
    "thead", "tr", "ul", "legend", "menu", "label", "button", "option", "center",
)  # fmt: skip
_HIDDEN_CSS: Final[str] = ", ".join(
    (
        "[hidden]",
        '[aria-hidden="true"]',
        '[style*="display:none"]',
        '[style*="display: none"]',
        '[style*="visibility:hidden"]',
        '[style*="visibility: hidden"]',
    )
)
_BREAK: Final[str] = "\ue000"  # private-use character: a line break marker
_SPACE_RE: Final[re.Pattern[str]] = re.compile(r"\s+")


def _parse(html: str) -> Any:
    return LexborHTMLParser(html)


def _drop_invisible(tree: Any) -> None:
    for node in tree.css(", ".join(DROPPED_TAGS)):
        node.decompose()
    for node in tree.css(_HIDDEN_CSS):
        node.decompose()


def _mark_blocks(tree: Any) -> None:
    for node in tree.css(", ".join(BLOCK_TAGS)):
        node.insert_before(_BREAK)
        node.insert_after(_BREAK)


def _collect_lines(tree: Any) -> list[str]:
    root = tree.body if tree.body is not None else tree.root
    if root is None:
        return []
    raw: str = root.text(deep=True) or ""
    raw = raw.replace(_BREAK + _BREAK, _BREAK)
    out: list[str] = []
    for chunk in raw.split(_BREAK):
        line = _SPACE_RE.sub(" ", chunk).strip()
        if line:
            out.append(line)
    return out


def html_to_lines(html: str) -> list[str]:
    """Return the visible text blocks of ``html`` in document order, one string each."""
    if not html.strip():
        return []
    tree = _parse(html)
    _drop_invisible(tree)
    _mark_blocks(tree)
    return _collect_lines(tree)


def html_to_text(html: str) -> str:
    """Return the visible text of ``html``, one block a line, lines joined by ``\\n``."""
    return "\n".join(html_to_lines(html))
