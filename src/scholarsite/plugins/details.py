"""al-folio's ``{% details summary %}...{% enddetails %}``: a disclosure box whose
summary and body are Markdown."""

from __future__ import annotations

import re
from io import StringIO
from typing import TYPE_CHECKING, TextIO

from liquid.ast import Node
from liquid.parser import get_parser
from liquid.tag import Tag
from liquid.token import TOKEN_EXPRESSION, TOKEN_TAG

from scholarsite.liquid.environment import tag_markup

if TYPE_CHECKING:
    from liquid.context import RenderContext
    from liquid.stream import TokenStream

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


class DetailsTag(Tag):
    name = "details"
    end = "enddetails"
    block = True

    def parse(self, stream: "TokenStream") -> Node:
        token = stream.eat(TOKEN_TAG)
        summary = tag_markup(stream)
        if stream.current.kind == TOKEN_EXPRESSION:
            next(stream)
        block = get_parser(self.env).parse_block(stream, ("enddetails",))
        stream.expect(TOKEN_TAG, value="enddetails")
        return DetailsNode(token, summary, block)
