"""al-folio's ``{% google_scholar_citations user paper %}`` and
``{% inspirehep_citations id %}``: a paper's citation count, for its badge.

al-folio's plugins scrape at build time, which fails on CI machines. Here the count
comes from ``_data/citations.yml``, the file al-folio's citation updater (and
``scholarsite citations``) writes: ``papers: {"USER:PAPER": {citations: N}}`` for Google
Scholar, ``papers: {"inspire:ID": ...}`` or ``inspirehep: {ID: ...}`` for INSPIRE-HEP.
A paper it lacks shows what al-folio shows when its lookup fails, ``N/A``, and the
build says once how many papers had no count.

For the bundled theme: the ``citation_record`` filter finds an entry's record in the same
file (by the keys above or the BibTeX key), and ``{% citations_chart %}`` draws the
author's citations per year (``totals.counts_by_year``) as an inline SVG bar chart.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any, TextIO

from liquid.ast import Node
from liquid.filter import with_context
from liquid.builtin.expressions import parse_primitive
from liquid.stream import TokenStream
from liquid.tag import Tag

from scholarsite.liquid.compat import tokenize
from scholarsite.liquid.tags import output_tag, tag_parts
from scholarsite.plugins.citations_chart import bar_chart
from scholarsite.plugins.registry import Plugin

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


SOURCE_NAMES = {"openalex": "OpenAlex", "semanticscholar": "Semantic Scholar",
                "crossref": "Crossref", "inspire": "INSPIRE-HEP"}


def scholar_userid(site) -> str:
    socials = site.data.get("socials")
    if isinstance(socials, dict) and socials.get("scholar_userid"):
        return str(socials["scholar_userid"])
    return str(site.config.get("scholar_userid") or "")


def records_by_key(site) -> dict:
    """The papers of ``_data/citations.yml`` by every name an entry may have, built once."""
    data = site.data.get("citations")
    cached = site.cache.get("citations by key")
    if cached is not None and cached[0] is data:
        return cached[1]
    found: dict = {}
    papers = data.get("papers") if isinstance(data, dict) else None
    metadata = data.get("metadata") if isinstance(data, dict) else None
    as_of = str((metadata or {}).get("last_updated") or "") if isinstance(metadata, dict) else ""
    for key, paper in (papers or {}).items() if isinstance(papers, dict) else ():
        if not isinstance(paper, dict) or not isinstance(paper.get("citations"), int):
            continue
        record = {**paper, "updated": str(paper.get("updated") or as_of),
                  "source_name": SOURCE_NAMES.get(str(paper.get("source")),
                                                  str(paper.get("source") or "Google Scholar"))}
        found.setdefault(str(key), record)
        if paper.get("key"):
            found.setdefault(str(paper["key"]), record)
    site.cache["citations by key"] = (data, found)
    return found


@with_context
def citation_record(entry: Any, *, context: Any) -> Any:
    """The citation record of a publication (``entry`` of bib.liquid), or nil."""
    site = context.env.site
    if not isinstance(entry, dict):
        return None
    site.reads_listing("data")
    records = records_by_key(site)
    keys = []
    if entry.get("google_scholar_id") and scholar_userid(site):
        keys.append(f"{scholar_userid(site)}:{entry['google_scholar_id']}")
    if entry.get("inspirehep_id"):
        keys.append(f"inspire:{entry['inspirehep_id']}")
    keys.append(str(entry.get("key") or ""))
    return next((records[k] for k in keys if k in records), None)


def render_citations_chart(context) -> str:
    """``{% citations_chart %}``: nothing when the data has no per-year counts."""
    site = context.env.site
    site.reads_listing("data")
    data = site.data.get("citations")
    totals = data.get("totals") if isinstance(data, dict) else None
    by_year = totals.get("counts_by_year") if isinstance(totals, dict) else None
    if not isinstance(by_year, dict):
        return ""
    return bar_chart({int(y): n for y, n in by_year.items()
                      if str(y).isdigit() and isinstance(n, int)})


CitationsChartTag = output_tag("citations_chart", render_citations_chart)


FILTERS = {"citation_record": citation_record}


PLUGIN = Plugin("google-scholar-citations", gems=("inspirehep-citations", "al_citations"),
                tags=(GoogleScholarCitationsTag, InspireHepCitationsTag, CitationsChartTag),
                filters=FILTERS)
