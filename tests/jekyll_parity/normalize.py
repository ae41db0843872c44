"""Normalisation used to compare scholarsite output with real Jekyll output.

What is normalised, and why (nothing else is -- in particular NOT content):

HTML / XML (``.html``, ``.htm``, ``.xml``): both files are parsed with Python's
``html.parser`` into a token stream, one token per line:

* start tags with their attributes SORTED by name (attribute order carries no
  meaning); attribute values are kept exactly (after entity decoding);
* ``<x />`` and ``<x>`` give the same token (self-closing syntax is
  serialisation, e.g. kramdown writes ``<br />`` where others write ``<br>``);
* entities are decoded by the parser, so ``&quot;``/``"`` and ``&#8617;``/``↩``
  compare equal (same characters, different spelling);
* outside ``<pre>``/``<textarea>``, every run of whitespace in text becomes one
  space, whitespace next to a block-level tag boundary (or the start/end of the
  file) is dropped, and whitespace-only text disappears -- browsers ignore that
  whitespace too. Inside ``<pre>``/``<textarea>`` text is kept byte for byte,
  because whitespace there is visible content;
* comments and doctype/processing instructions are kept, whitespace collapsed
  (Jekyll renders Liquid inside HTML comments, so their content matters).

CSS (``.css``): whitespace runs collapse, whitespace around ``{ } ; : , >`` is
dropped, so Sass "compact", "expanded" and hand formatting compare equal. Colours
are written as the six-digit hex colour they round to (``#36c``, ``rgb(40.8, 81.6,
163.2)`` and ``hsl(220, 60%, 40%)`` are spellings of one colour): libsass, which
made ``expected/``, rounds the result of ``darken()`` to ``#2952a3`` where Dart
Sass (as Jekyll 4.3 runs it with jekyll-sass-converter 3, and scholarsite) writes
it exactly; a screen shows the same colour for both. ``@media(`` is ``@media (``.

Source maps (``.map``): their ``version``, ``file`` and each source with its
``sourcesContent`` are compared, in any order; ``mappings`` and ``names`` are left
out, being each compiler's own encoding of the same positions.

Everything else: byte-equal (see ``normalise_file``).
"""

from __future__ import annotations

import colorsys
import json
import re
from html.parser import HTMLParser
from pathlib import Path

HTML_SUFFIXES = {".html", ".htm", ".xml"}

# Whitespace adjacent to these tags is not rendered, so it is insignificant.
BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "body", "br", "caption", "col",
    "colgroup", "dd", "details", "dialog", "div", "dl", "dt", "fieldset",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "head", "header", "hr", "html", "li", "link", "main", "meta", "nav", "ol",
    "p", "pre", "script", "section", "style", "summary", "table", "tbody", "td",
    "tfoot", "th", "thead", "title", "tr", "ul",
}
PRESERVE_TAGS = {"pre", "textarea"}
_WS = re.compile(r"\s+")


class _Tokenizer(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        # (kind, value, is_block_boundary)
        self.tokens: list[tuple[str, str, bool]] = []
        self._preserve = 0
        self._text: list[str] = []

    # -- helpers -----------------------------------------------------------
    def _flush_text(self) -> None:
        if not self._text:
            return
        text = "".join(self._text)
        self._text = []
        if self._preserve:
            self.tokens.append(("pre-text", text, False))
        else:
            self.tokens.append(("text", _WS.sub(" ", text), False))

    def _tag(self, tag: str, attrs: list[tuple[str, str | None]]) -> str:
        parts = [tag]
        for name, value in sorted(attrs, key=lambda a: (a[0], a[1] or "")):
            parts.append(name if value is None else f"{name}={json.dumps(value, ensure_ascii=False)}")
        return "<" + " ".join(parts) + ">"

    # -- HTMLParser callbacks ----------------------------------------------
    def handle_starttag(self, tag, attrs):
        self._flush_text()
        self.tokens.append(("tag", self._tag(tag, attrs), tag in BLOCK_TAGS))
        if tag in PRESERVE_TAGS:
            self._preserve += 1

    def handle_startendtag(self, tag, attrs):
        self._flush_text()
        self.tokens.append(("tag", self._tag(tag, attrs), tag in BLOCK_TAGS))

    def handle_endtag(self, tag):
        self._flush_text()
        if tag in PRESERVE_TAGS and self._preserve:
            self._preserve -= 1
        self.tokens.append(("tag", f"</{tag}>", tag in BLOCK_TAGS))

    def handle_data(self, data):
        self._text.append(data)

    def handle_comment(self, data):
        self._flush_text()
        self.tokens.append(("comment", "<!--" + _WS.sub(" ", data).strip() + "-->", True))

    def handle_decl(self, decl):
        self._flush_text()
        self.tokens.append(("decl", "<!" + _WS.sub(" ", decl).strip().lower() + ">", True))

    def handle_pi(self, data):
        self._flush_text()
        self.tokens.append(("pi", "<?" + _WS.sub(" ", data).strip() + ">", True))

    def unknown_decl(self, data):  # e.g. <![CDATA[...]]>
        self._flush_text()
        self.tokens.append(("decl", "<![" + data + "]>", True))

    def close(self):
        super().close()
        self._flush_text()


def normalise_html(source: str) -> list[str]:
    """Return the normalised token stream of an HTML/XML document, one string per token."""
    parser = _Tokenizer()
    parser.feed(source)
    parser.close()
    toks = parser.tokens
    out: list[str] = []
    for i, (kind, value, _) in enumerate(toks):
        if kind == "text":
            before_is_block = i == 0 or toks[i - 1][2]
            after_is_block = i == len(toks) - 1 or toks[i + 1][2]
            if before_is_block:
                value = value.lstrip(" ")
            if after_is_block:
                value = value.rstrip(" ")
            if not value:
                continue
            out.append("TEXT " + value)
        elif kind == "pre-text":
            out.append("PRE " + json.dumps(value, ensure_ascii=False))
        else:
            out.append(value)
    return out


_CSS_PUNCT = re.compile(r"\s*([{};:,>])\s*")


_COLOUR = re.compile(r"(?P<fn>rgb|hsl)\(\s*([\d.]+)%?\s*,\s*([\d.]+)%?\s*,\s*([\d.]+)%?\s*\)"
                     r"|#(?P<short>[0-9a-fA-F]{3})\b|#(?P<long>[0-9a-fA-F]{6})\b")


def _hex_colour(match: re.Match) -> str:
    if match.group("short"):
        return "#" + "".join(2 * c for c in match.group("short").lower())
    if match.group("long"):
        return "#" + match.group("long").lower()
    a, b, c = (float(v) for v in match.groups()[1:4])
    if match.group("fn") == "hsl":
        rgb = colorsys.hls_to_rgb(a / 360, c / 100, b / 100)
        a, b, c = (255 * v for v in rgb)
    return "#" + "".join(f"{round(v):02x}" for v in (a, b, c))


def normalise_css(source: str) -> list[str]:
    """Return CSS with insignificant whitespace removed, split after each ``}`` for readable diffs."""
    text = _COLOUR.sub(_hex_colour, _WS.sub(" ", source).strip()).replace("@media(", "@media (")
    text = _CSS_PUNCT.sub(r"\1", text)
    return text.replace("}", "}\n").splitlines()


def normalise_file(path: Path) -> list[str] | bytes:
    """Normalised form of one output file: list of lines for text kinds, raw bytes otherwise."""
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        return normalise_html(path.read_text(encoding="utf-8"))
    if suffix == ".css":
        return normalise_css(path.read_text(encoding="utf-8"))
    if suffix == ".map":
        data = json.loads(path.read_text(encoding="utf-8"))
        data = {"version": data.get("version"), "file": data.get("file"),
                "sources": sorted(zip(data.get("sources", []), data.get("sourcesContent", [])))}
        return json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False).splitlines()
    return path.read_bytes()
