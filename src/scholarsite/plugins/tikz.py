"""al-folio v1's al_math, for TikZ: the bundled theme serves pseudocode.js, KaTeX and
typograms itself (_includes/math_image_tools.liquid), but not TikZJax, which a page with
``<script type="text/tikz">`` loads from the URL of ``third_party_libraries.tikzjax``
(al-folio's ``_config.yml`` has that entry). A page whose drawing nothing would draw,
because no script of the page loads TikZJax, gets one warning after rendering, naming
the first such page and its line, and how many others there are.
"""

from __future__ import annotations

import re

from scholarsite.errors import more_pages
from scholarsite.plugins.registry import Plugin

DRAWING = re.compile(r"<script\s+type=[\"']text/tikz[\"']", re.IGNORECASE)
LOADER = re.compile(r"<script\b[^>]*\bsrc=[\"'][^\"']*tikzjax", re.IGNORECASE)


def line_of(doc) -> int | None:
    found = DRAWING.search(doc.source_text or "")
    return doc.source_text.count("\n", 0, found.start()) + 1 if found else None


def warn_undrawn_tikz(site) -> None:
    """After rendering: the pages with a TikZ drawing that load no TikZJax."""
    undrawn = [doc for doc in site.all_renderable()
               if doc.write and doc.output_ext == ".html" and doc.output
               and DRAWING.search(doc.output) and not LOADER.search(doc.output)]
    if not undrawn:
        return
    first = min(undrawn, key=lambda doc: doc.relative_path)
    others = len(undrawn) - 1
    more = more_pages(others)
    why = ("the page sets tikzjax: false" if first.data.get("tikzjax") is False else
           "add al-folio's third_party_libraries.tikzjax entry (url.js, url.css, version) "
           "to _config.yml")
    site.reporter.warn(f'a TikZ drawing (<script type="text/tikz">) that nothing draws: '
                       f"TikZJax is not served by the site ({why}){more}",
                       first.relative_path, line_of(first))


PLUGIN = Plugin("al_math", finishers=(warn_undrawn_tikz,), config=("third_party_libraries",))
