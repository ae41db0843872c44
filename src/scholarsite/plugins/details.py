"""al-folio's ``{% details summary %}...{% enddetails %}``: a disclosure box whose
summary and body are Markdown."""

from __future__ import annotations

import re
from io import StringIO
from typing import TYPE_CHECKING, TextIO

from liquid.ast import Node

from scholarsite.liquid.tags import block_tag
from scholarsite.plugins.registry import Plugin

if TYPE_CHECKING:
    from liquid.context import RenderContext

PARAGRAPH_TAGS = re.compile(r"</?p[^>]*>")


class DetailsNode(Node):
    def __init__(self, token, summary: str, block):
        super().__init__(token)
        self.summary, self.block, self.blank = summary, block, False

    def render_to_output(self, context: "RenderContext", buffer: TextIO) -> int:
        from scholarsite.markdown import render_markdown
        config = context.env.site.config
        inner = StringIO()
        self.block.render(context, inner)
        # As the plugin does: the summary loses its <p> tags and its last newline.
        summary = PARAGRAPH_TAGS.sub("", render_markdown(self.summary, config)).removesuffix("\n")
        body = render_markdown(inner.getvalue(), config)
        return buffer.write(f"<details><summary>{summary}</summary>{body}</details>")


DetailsTag = block_tag("details", "enddetails", DetailsNode)


PLUGIN = Plugin("details", tags=(DetailsTag,))  # al-folio's _plugins/details.rb
