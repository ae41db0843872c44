"""al-folio's ``{% google_scholar_citations user paper %}`` and
``{% inspirehep_citations id %}``: a paper's citation count, for its badge.

al-folio's plugins scrape at build time, which fails on CI machines. Here the count
comes from ``_data/citations.yml``, the file al-folio's citation updater (and
``scholarsite citations``) writes: ``papers: {"USER:PAPER": {citations: N}}`` for Google
Scholar, ``papers: {"inspire:ID": ...}`` or ``inspirehep: {ID: ...}`` for INSPIRE-HEP.
A paper it lacks shows what al-folio shows when its lookup fails, ``N/A``, and the
build says once how many papers had no count.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any, TextIO

from liquid.ast import Node
from liquid.builtin.expressions import parse_primitive
from liquid.stream import TokenStream
from liquid.tag import Tag

from scholarsite.liquid.compat import tokenize
from scholarsite.liquid.environment import tag_parts

if TYPE_CHECKING:
    from liquid.context import RenderContext

UNITS = ((10 ** 9, "B"), (10 ** 6, "M"), (10 ** 3, "K"))


def human(count: int) -> str:
    """ActiveSupport's number_to_human(n, precision: 2, format: '%n%u', units K/M/B):
    two significant digits, trailing zeros dropped (1234 is 1.2K, 123 is 120)."""
    if count == 0:
        return "0"
    digits = math.floor(math.log10(abs(count)))
    rounded = int(Decimal(count).quantize(Decimal(1).scaleb(digits - 1), ROUND_HALF_UP))
    for size, unit in UNITS:
        if abs(rounded) >= size:
            value = rounded / size
            text = f"{value:.{max(0, 1 - math.floor(math.log10(abs(value))))}f}"
            return text.rstrip("0").rstrip(".") + unit if "." in text else text + unit
    return str(int(rounded))


def lookup(site, keys: list[str]) -> Any:
    papers = (site.data.get("citations") or {})
    for section, key in keys:
        table = papers.get(section) if isinstance(papers, dict) else None
        entry = table.get(key) if isinstance(table, dict) else None
        if isinstance(entry, dict):
            entry = entry.get("citations")
        if entry is not None:
            return entry
    return None


class CitationNode(Node):
    def __init__(self, token, expressions, keys):
        super().__init__(token)
        self.expressions, self.keys, self.blank = expressions, keys, False

    def render_to_output(self, context: "RenderContext", buffer: TextIO) -> int:
        site = context.env.site
        values = [str(e.evaluate(context)) for e in self.expressions]
        site.reads_listing("data")
        count = lookup(site, self.keys(*values))
        try:
            return buffer.write(human(int(count)))
        except (TypeError, ValueError):
            missing = site.cache.setdefault("citations missing", set())
            if not missing:
                site.reporter.warn(
                    "no citation count in _data/citations.yml for a paper with a citation "
                    "badge, so it shows N/A as al-folio does when its lookup fails (run "
                    "`scholarsite citations`, or al-folio's citation updater, to fill it)",
                    "_data/citations.yml")
            missing.add(tuple(values))
            return buffer.write("N/A")


def citation_tag(name: str, count: int, keys):
    """A tag reading ``count`` arguments, whose count is looked up under ``keys(*values)``."""
    class CitationTag(Tag):
        block = False

        def parse(self, stream: TokenStream) -> Node:
            token, markup = tag_parts(stream)
            arguments = [parse_primitive(self.env, TokenStream(tokenize(word, token)))
                         for word in markup.split()[:count]]
            return CitationNode(token, arguments, keys)
    CitationTag.name = name
    return CitationTag


GoogleScholarCitationsTag = citation_tag(
    "google_scholar_citations", 2, lambda user="", paper="": [("papers", f"{user}:{paper}")])
InspireHepCitationsTag = citation_tag(
    "inspirehep_citations", 1,
    lambda record="": [("papers", f"inspire:{record}"), ("inspirehep", record)])
