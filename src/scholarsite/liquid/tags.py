"""The toolkit for writing Liquid tags: where a token is, its markup, block tags,
rendering a fragment in the caller's context, include parameters. The engine's own tags
(``liquid/environment.py``) and the plugins' (``plugins/``) are written with it, so the
plugins never need the environment itself."""

from __future__ import annotations

import re
from io import StringIO
from typing import TYPE_CHECKING

from liquid.ast import Node
from liquid.parser import get_parser
from liquid.stream import TokenStream
from liquid.tag import Tag
from liquid.token import TOKEN_EXPRESSION, TOKEN_TAG, Token

if TYPE_CHECKING:
    from liquid.context import RenderContext


def token_position(token: Token, offset: int = 0) -> tuple[int, int]:
    """1-based (line, column) of a token in its template source."""
    source, index = token.source, max(token.start_index, 0)
    line = source.count("\n", 0, index) + 1
    col = index - (source.rfind("\n", 0, index) + 1) + 1
    return line + offset, col


def inside_html_comment(token: Token) -> bool:
    before = token.source[:max(token.start_index, 0)]
    return before.rfind("<!--") > before.rfind("-->")


def render_fragment(template, context: RenderContext) -> str:
    """Render a small parsed template (e.g. a tag argument) in the caller's context."""
    out = StringIO()
    template.render_with_context(context, out)
    return out.getvalue()


def tag_markup(stream: TokenStream) -> str:
    """The raw text after a tag's name. The parser itself steps past it afterwards."""
    return stream.current.value if stream.current.kind == TOKEN_EXPRESSION else ""


def tag_parts(stream: TokenStream) -> tuple[Token, str]:
    """A tag's token and its markup (or ""), leaving the stream on the tag's last token,
    which the parser steps past. (``stream.eat`` on a tag without markup would leave the
    stream on what follows, and the parser would then skip that.)"""
    token = stream.current
    if stream.peek.kind == TOKEN_EXPRESSION:
        next(stream)
        return token, stream.current.value
    return token, ""


def output_tag(name: str, render):
    """A tag without arguments, ``{% name %}``, that writes ``render(context)``."""
    class OutputNode(Node):
        def __init__(self, token):
            super().__init__(token)
            self.blank = False

        def render_to_output(self, context: "RenderContext", buffer) -> int:
            return buffer.write(render(context))

    class OutputTag(Tag):
        block = False

        def parse(self, stream: TokenStream) -> Node:
            token, _ = tag_parts(stream)
            return OutputNode(token)
    OutputTag.name = name
    OutputTag.__name__ = f"{name.title().replace('_', '')}Tag"
    return OutputTag


def block_tag(name: str, end: str, make):
    """A block tag ``{% name markup %}...{% end %}`` whose node is
    ``make(token, markup, block)``."""
    class BlockTag(Tag):
        block = True

        def parse(self, stream: "TokenStream") -> Node:
            token = stream.eat(TOKEN_TAG)
            markup = tag_markup(stream)
            if stream.current.kind == TOKEN_EXPRESSION:
                next(stream)
            block = get_parser(self.env).parse_block(stream, (end,))
            stream.expect(TOKEN_TAG, value=end)
            return make(token, markup, block)
    BlockTag.name, BlockTag.end = name, end
    BlockTag.__name__ = f"{name.title()}Tag"
    return BlockTag


INCLUDE_PARAM = re.compile(
    r"""([\w-]+)\s*=\s*(?:"([^"\\]*(?:\\.[^"\\]*)*)"|'([^'\\]*(?:\\.[^'\\]*)*)'|([\w.\-\[\]'"]+))""")
INCLUDE_WITH_VARIABLE = re.compile(
    r"(?P<variable>[^{]*(\{\{\s*[\w\-.\[\]'\"]+\s*(\|.*?)?\}\}[^\s{}]*)+)(?P<params>.*)", re.S)
