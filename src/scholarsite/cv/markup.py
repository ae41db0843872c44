"""CV values are Markdown on one line (``**bold**``, ``*italic*``, ``[text](url)``, as
RenderCV writes them): made HTML for the page and Typst markup for the PDF, both from
markdown-it's inline tokens."""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape

from markdown_it import MarkdownIt

TYPST_SPECIAL = re.compile(r"([\\#$*_`<>@\[\]~/=\-+\"'])")


@lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "linkify": False})


@lru_cache(maxsize=4096)
def to_html(text: str) -> str:
    text = str(text or "")
    if not text:
        return ""
    return parser().renderInline(text).strip()


def typst_text(text: str) -> str:
    """Plain text as Typst markup: every character that means something is escaped."""
    return TYPST_SPECIAL.sub(r"\\\1", text)


def typst_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


@lru_cache(maxsize=4096)
def to_typst(text: str) -> str:
    text = str(text or "")
    if not text:
        return ""
    tokens = parser().parseInline(text)
    out: list[str] = []
    for token in tokens[0].children or [] if tokens else []:
        kind = token.type
        if kind == "text":
            out.append(typst_text(token.content))
        elif kind == "code_inline":
            out.append(f"#raw({typst_string(token.content)})")
        elif kind in ("softbreak", "hardbreak"):
            out.append(" ")
        elif kind == "strong_open":
            out.append("#strong[")
        elif kind == "em_open":
            out.append("#emph[")
        elif kind in ("strong_close", "em_close", "link_close"):
            out.append("]")
        elif kind == "link_open":
            out.append(f"#link({typst_string(str(token.attrGet('href') or ''))})[")
        elif kind in ("html_inline", "image"):
            out.append(typst_text(token.content))
    return "".join(out)


def plain(text: str) -> str:
    """The text without its markup (for titles, alt text and sorting)."""
    return re.sub(r"<[^>]+>", "", to_html(text))


def html_escape(text: str) -> str:
    return escape(str(text or ""))
