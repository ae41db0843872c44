"""jekyll-diagrams' ``{% mermaid %}...{% endmermaid %}``: a Mermaid diagram.

The gem runs mermaid-cli (``mmdc``, a Node.js program driving a headless browser) on the
block's rendered body and writes the SVG in ``<div class='jekyll-diagrams diagrams
mermaid'>``. scholarsite runs no such program during a build: it writes the diagram's
source in that ``div`` as ``<pre class="mermaid">``, the markup Mermaid's own script
draws in the browser. The bundled theme loads Mermaid on a page that has one (al-folio
v1's way); a page that loads no Mermaid shows the source, and one warning after
rendering names the first such page.
"""

from __future__ import annotations

import html
import re
from io import StringIO
from typing import TYPE_CHECKING, TextIO

from liquid.ast import Node

from scholarsite.errors import more_pages
from scholarsite.liquid.tags import block_tag
from scholarsite.plugins.registry import Plugin

if TYPE_CHECKING:
    from liquid.context import RenderContext


TAG = re.compile(r"\{%-?\s*mermaid\b")
LOADER = re.compile(r"<script\b[^>]*\bsrc=[\"'][^\"']*mermaid", re.IGNORECASE)


class MermaidNode(Node):
    def __init__(self, token, markup: str, block):
        super().__init__(token)
        self.block, self.blank = block, False

    def render_to_output(self, context: "RenderContext", buffer: TextIO) -> int:
        inner = StringIO()
        self.block.render(context, inner)
        source = html.escape(inner.getvalue().strip("\n"), quote=False)
        return buffer.write("<div class='jekyll-diagrams diagrams mermaid'>"
                            f'<pre class="mermaid">{source}</pre></div>')


MermaidTag = block_tag("mermaid", "endmermaid", MermaidNode)


def warn_undrawn_diagrams(site) -> None:
    """After rendering: the pages with a {% mermaid %} block that load no Mermaid."""
    undrawn = [doc for doc in site.all_renderable()
               if doc.write and doc.output_ext == ".html" and TAG.search(doc.source_text or "")
               and doc.output and not LOADER.search(doc.output)]
    if not undrawn:
        return
    first = min(undrawn, key=lambda doc: doc.relative_path)
    found = TAG.search(first.source_text)
    others = len(undrawn) - 1
    more = more_pages(others)
    site.reporter.warn("{% mermaid %}: the diagram is written as its source, for Mermaid's "
                       "script to draw in the browser (scholarsite does not run "
                       "mermaid-cli), and no script of the page loads Mermaid; load "
                       f"mermaid.js in the layout to draw it{more}", first.relative_path,
                       first.source_text.count("\n", 0, found.start()) + 1)


PLUGIN = Plugin("jekyll-diagrams", tags=(MermaidTag,), finishers=(warn_undrawn_diagrams,))
