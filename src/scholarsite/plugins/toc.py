"""jekyll-toc: a table of contents made from a page's headings.

``{% toc %}`` (al-folio's post layout) renders the list for the page's content when the
page sets ``toc``; the filters ``toc_only``, ``inject_anchors`` and ``toc`` do the same
for any HTML when ``toc: true``. ``toc:`` in ``_config.yml`` sets ``min_level``,
``max_level``, ``ordered_list``, ``no_toc_section_class``, ``list_id``, ``list_class``,
``sublist_class``, ``item_class`` and ``item_prefix``. Headings with the class
``no_toc``, or inside an element with a ``no_toc_section_class``, are left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Any, TextIO
from urllib.parse import quote, quote_plus

from liquid.ast import Node
from liquid.filter import with_context
from liquid.tag import Tag

from scholarsite.liquid.filters import unicode_pattern
from scholarsite.liquid.tags import tag_parts
from scholarsite.plugins.registry import Plugin

if TYPE_CHECKING:
    from liquid.context import RenderContext
    from liquid.stream import TokenStream

DEFAULTS = {"min_level": 1, "max_level": 6, "ordered_list": False,
            "no_toc_section_class": "no_toc_section", "list_id": "toc",
            "list_class": "section-nav", "sublist_class": "", "item_class": "toc-entry",
            "item_prefix": "toc-"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
        "source", "track", "wbr"}
NOT_IN_ID = r"[^\p{Word}\- ]"


@dataclass
class Heading:
    level: int
    id: str
    text: str
    inner_at: int  # offset in the HTML just after the heading's start tag


def escape(text: str) -> str:
    """Ruby's CGI.escapeHTML."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&#39;"))


def options(config: dict) -> dict:
    given = config.get("toc")
    return {**DEFAULTS, **given} if isinstance(given, dict) else dict(DEFAULTS)


def heading_id(text: str) -> str:
    """jekyll-toc's id for a heading without one: lower case, punctuation dropped,
    spaces as dashes, then URL-escaped."""
    return quote_plus(unicode_pattern(NOT_IN_ID).sub("", text.lower()).replace(" ", "-"), safe="")


class HeadingFinder(HTMLParser):
    """The headings of an HTML fragment, with their text and where their content starts."""

    def __init__(self, html: str, levels: range, skip_sections: set[str]):
        super().__init__(convert_charrefs=True)
        self.levels, self.skip_sections = levels, skip_sections
        self.line_starts = [0]
        for line in html.splitlines(keepends=True):
            self.line_starts.append(self.line_starts[-1] + len(line))
        self.open: list[tuple[str, bool]] = []  # (tag, starts a skipped section)
        self.current: tuple[str, dict, int] | None = None
        self.text: list[str] = []
        self.found: list[tuple[int, str | None, str, int]] = []
        self.feed(html)
        self.close()

    def position(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = set((attrs.get("class") or "").split())
        if self.current is None and len(tag) == 2 and tag[0] == "h" and tag[1].isdigit() \
                and int(tag[1]) in self.levels and "no_toc" not in classes \
                and not any(skipped for _, skipped in self.open):
            self.current = (tag, attrs, self.position() + len(self.get_starttag_text()))
            self.text = []
        if tag not in VOID:
            self.open.append((tag, bool(classes & self.skip_sections)))

    def handle_endtag(self, tag):
        if self.current is not None and tag == self.current[0]:
            name, attrs, inner_at = self.current
            self.found.append((int(name[1]), attrs.get("id"), "".join(self.text), inner_at))
            self.current = None
        for i in range(len(self.open) - 1, -1, -1):  # close what was left open inside
            if self.open[i][0] == tag:
                del self.open[i:]
                break

    def handle_data(self, data):
        if self.current is not None:
            self.text.append(data)


def headings(html: str, settings: dict) -> list[Heading]:
    levels = range(int(settings["min_level"]), int(settings["max_level"]) + 1)
    sections = settings["no_toc_section_class"]
    sections = set(sections) if isinstance(sections, list) else {str(sections)}
    seen: dict[str, int] = {}
    out = []
    for level, given_id, text, inner_at in HeadingFinder(html, levels, sections).found:
        base = given_id or heading_id(text)
        count = seen.get(base, 0)
        seen[base] = count + 1
        out.append(Heading(level, base if count == 0 else f"{base}-{count}", text, inner_at))
    return out


def toc_list(entries: list[Heading], settings: dict) -> str:
    tag = "ol" if settings["ordered_list"] else "ul"
    return (f'<{tag} id="{settings["list_id"]}" class="{settings["list_class"]}">\n'
            f"{items(entries, settings, tag)}</{tag}>")


def items(entries: list[Heading], settings: dict, tag: str) -> str:
    """The entries at the shallowest level as items, each with the deeper ones that
    follow it as a nested list; deeper entries before the first of them are listed at
    this depth, as jekyll-toc does."""
    if not entries:
        return ""
    top = min(e.level for e in entries)
    sub = f' class="{settings["sublist_class"]}"' if settings["sublist_class"] else ""
    out, i = [], 0
    while i < len(entries):
        j = i + 1
        while j < len(entries) and entries[j].level > top:
            j += 1
        if entries[i].level == top:
            entry = entries[i]
            out.append(f'<li class="{settings["item_class"]} {settings["item_prefix"]}h{entry.level}">'
                       f'<a href="#{entry.id}">{escape(entry.text)}</a>')
            if j > i + 1:
                out.append(f"\n<{tag}{sub}>\n{items(entries[i + 1:j], settings, tag)}</{tag}>\n")
            out.append("</li>\n")
        else:  # deeper headings before the first shallow one
            out.append(items(entries[i:j], settings, tag))
        i = j
    return "".join(out)


ASCII_PRINTABLE = "".join(chr(c) for c in range(33, 127))


def with_anchors(html: str, entries: list[Heading]) -> str:
    """An anchor link at the start of each heading (the ``href`` percent-encoded where
    it is not ASCII, as Nokogiri writes it)."""
    for entry in sorted(entries, key=lambda e: e.inner_at, reverse=True):
        anchor = (f'\n<a class="anchor" href="#{quote(entry.id, safe=ASCII_PRINTABLE)}" '
                  'aria-hidden="true"><span class="octicon octicon-link"></span></a>')
        html = html[:entry.inner_at] + anchor + html[entry.inner_at:]
    return html


def page_of(context: "RenderContext") -> Any:
    page = context.resolve("page")
    return page if hasattr(page, "get") else {}


class TocNode(Node):
    def render_to_output(self, context: "RenderContext", buffer: TextIO) -> int:
        page = page_of(context)
        if not page.get("toc"):
            return 0
        settings = options(context.env.site.config)
        html = str(page.get("content") or "")
        return buffer.write(toc_list(headings(html, settings), settings))


class TocTag(Tag):
    name = "toc"
    block = False

    def parse(self, stream: "TokenStream") -> Node:
        return TocNode(tag_parts(stream)[0])


def enabled(context) -> bool:
    return page_of(context).get("toc") is True


@with_context
def toc_only(html: Any, *, context) -> str:
    if not enabled(context):
        return ""
    settings = options(context.env.site.config)
    return toc_list(headings(str(html), settings), settings)


@with_context
def inject_anchors(html: Any, *, context) -> Any:
    if not enabled(context):
        return html
    return with_anchors(str(html), headings(str(html), options(context.env.site.config)))


@with_context
def toc(html: Any, *, context) -> Any:
    if not enabled(context):
        return html
    settings = options(context.env.site.config)
    entries = headings(str(html), settings)
    return toc_list(entries, settings) + with_anchors(str(html), entries)


FILTERS = {"toc_only": toc_only, "inject_anchors": inject_anchors, "toc": toc}


PLUGIN = Plugin("jekyll-toc", tags=(TocTag,), filters=FILTERS, config=("toc",))
