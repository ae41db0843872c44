"""The tags whose markup Ruby Liquid reads laxly when its strict parser refuses it:
output statements, ``assign``, ``for``, ``tablerow``, and the conditions of ``if``,
``elsif`` and ``unless`` (see :mod:`.lax`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

import liquid.builtin.tags.if_tag
import liquid.builtin.tags.unless_tag
from liquid.builtin.expressions import BooleanExpression, FilteredExpression, Identifier
from liquid.builtin.expressions.loop import LoopExpression
from liquid.builtin.tags.assign_tag import AssignTag
from liquid.builtin.tags.for_tag import ENDFORBLOCK, ENDFORELSEBLOCK, TAG_ELSE, TAG_ENDFOR, ForTag
from liquid.builtin.tags.tablerow_tag import (END_TAGBLOCK, TAG_ENDTABLEROW, TablerowNode,
                                              TablerowTag)
from liquid.limits import to_int
from liquid.exceptions import LiquidSyntaxError
from liquid.parser import get_parser
from liquid.stream import TokenStream
from liquid.token import TOKEN_EXPRESSION, TOKEN_TAG, Token

from scholarsite.liquid import lax
from scholarsite.liquid.compat import tokenize

if TYPE_CHECKING:
    from scholarsite.liquid.environment import JekyllEnvironment


def parse_lax(env: "JekyllEnvironment", markup: Token, parse: Callable,
              rewrite: Callable[[str], str | None], shown: str,
              tokens: TokenStream | None = None):
    """Parse ``markup`` strictly; where that fails, do what Jekyll does in its error mode:
    'strict' stops, 'warn' says so and reads it as Ruby's lax parser does, 'lax' only
    reads it so. ``shown``: the statement as the warning quotes it; ``tokens``: the
    markup already tokenized, if the caller has it."""
    try:
        return parse(env, tokens or TokenStream(tokenize(markup.value, markup)))
    except LiquidSyntaxError as err:
        fixed = rewrite(markup.value) if env.error_mode != "strict" else None
        if fixed is None:
            raise
        if env.error_mode == "warn":
            from scholarsite.liquid.tags import token_position
            line, col = token_position(markup, env.line_offset(markup))
            env.site.reporter.warn(
                f"Liquid syntax error in '{shown}' ({err.message}); Jekyll reads it as "
                f"'{fixed}' and so does scholarsite (write it that way, or set liquid: "
                "{error_mode: strict} to stop at such errors)",
                env.source_name(markup), line, col)
        again = Token(TOKEN_EXPRESSION, fixed, markup.start_index, markup.source)
        try:
            return parse(env, TokenStream(tokenize(fixed, again)))
        except LiquidSyntaxError:
            raise err from None


def parse_variable(env: "JekyllEnvironment", markup: Token):
    """An output statement's or an assignment's value: ``{{ }}`` is nothing, silently."""
    if not markup.value.strip():
        markup = Token(TOKEN_EXPRESSION, "nil", markup.start_index, markup.source)
    return parse_lax(env, markup, FilteredExpression.parse, lax.variable,
                     "{{ " + markup.value.strip() + " }}")


def tag_expression(stream: TokenStream, token: Token) -> Token:
    if stream.current.kind != TOKEN_EXPRESSION:
        raise LiquidSyntaxError("missing expression", token=token)
    return stream.current


class JekyllAssignTag(AssignTag):
    """Ruby's ``assign`` takes any name its regexp reads, dots and all
    (``{% assign site.lib.url = x %}`` sets a variable nothing can read back)."""

    def parse(self, stream: TokenStream):
        token = stream.eat(TOKEN_TAG)
        markup = tag_expression(stream, token)  # the parser steps past it
        parts = lax.assignment(markup.value)
        if parts is None:
            raise LiquidSyntaxError("Syntax Error in 'assign' - Valid syntax: "
                                    "assign [var] = [source]", token=markup)
        name, value = parts
        start = markup.start_index + markup.value.find(value) if value else markup.start_index
        value_token = Token(TOKEN_EXPRESSION, value, start, markup.source)
        return self.node_class(token, name=Identifier(name, token=markup),
                               expression=parse_variable(self.env, value_token))


def parse_loop(env, stream: TokenStream, token: Token, options: tuple[str, ...]):
    markup = tag_expression(stream, token)
    next(stream)
    return parse_lax(env, markup, LoopExpression.parse, lambda m: lax.loop(m, options),
                     f"{{% {token.value} {markup.value.strip()} %}}")


class JekyllForTag(ForTag):
    def parse(self, stream: TokenStream):
        token = stream.eat(TOKEN_TAG)
        expression = parse_loop(self.env, stream, token, ("limit", "offset"))
        parse_block = get_parser(self.env).parse_block
        block = parse_block(stream, ENDFORBLOCK)
        default = None
        if stream.current.is_tag(TAG_ELSE):
            next(stream)
            default = parse_block(stream, ENDFORELSEBLOCK)
        stream.expect(TOKEN_TAG, value=TAG_ENDFOR)
        return self.node_class(token, expression=expression, block=block, default=default)


class JekyllTablerowNode(TablerowNode):
    """Ruby takes ``to_i`` of what ``cols`` and friends evaluate to, so nothing (nil: a lax
    ``cols:`` followed by what Liquid cannot read) is 0; python-liquid's own conversion
    lets the TypeError of ``int(None)`` out."""

    def _int_or_zero(self, arg: object) -> int:
        try:
            return to_int(arg)
        except (ValueError, TypeError):
            return 0


class JekyllTablerowTag(TablerowTag):
    node_class = JekyllTablerowNode

    def parse(self, stream: TokenStream):
        token = stream.eat(TOKEN_TAG)
        expression = parse_loop(self.env, stream, token, ("limit", "offset", "cols"))
        block = get_parser(self.env).parse_block(stream, END_TAGBLOCK)
        stream.expect(TOKEN_TAG, value=TAG_ENDTABLEROW)
        return self.node_class(token, expression=expression, block=block)


class JekyllIfNode(liquid.builtin.tags.if_tag.IfNode):
    """Ruby Liquid drops an ``if`` block's output only when every branch is blank;
    python-liquid marks each ``elsif`` node as the whole tag is but not the block inside
    it, so ``{% elsif x %}  {% endif %}`` printed nothing where Jekyll prints "  "."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for node in self.alternatives:
            node.block.blank = self.blank


class JekyllIfTag(liquid.builtin.tags.if_tag.IfTag):
    node_class = JekyllIfNode


class JekyllUnlessNode(liquid.builtin.tags.unless_tag.UnlessNode):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for node in self.alternatives:
            node.block.blank = self.blank


class JekyllUnlessTag(liquid.builtin.tags.unless_tag.UnlessTag):
    node_class = JekyllUnlessNode


LAX_TAGS = (JekyllAssignTag, JekyllForTag, JekyllTablerowTag, JekyllIfTag, JekyllUnlessTag)


# python-liquid's if and unless tags hand their condition to BooleanExpression.parse as
# a token stream; the stream keeps the markup it was made from, so the condition can be
# read again laxly.
_original_into_inner = TokenStream.into_inner


def into_inner(self: TokenStream, *, tag: Token | None = None, eat: bool = True) -> TokenStream:
    markup = self.current
    inner = _original_into_inner(self, tag=tag, eat=eat)
    inner.markup = markup
    return inner


class LaxBooleanExpression(BooleanExpression):
    @staticmethod
    def parse(env, tokens: TokenStream, *args, **kwargs):
        markup = getattr(tokens, "markup", None)
        if markup is None or not hasattr(env, "error_mode"):
            return BooleanExpression.parse(env, tokens, *args, **kwargs)
        return parse_lax(env, markup, BooleanExpression.parse, lax.condition,
                         f"{{% if {markup.value.strip()} %}}", tokens)


def install() -> None:
    TokenStream.into_inner = into_inner
    for module in (liquid.builtin.tags.if_tag, liquid.builtin.tags.unless_tag):
        if getattr(module, "BooleanExpression", None) is BooleanExpression:
            module.BooleanExpression = LaxBooleanExpression


install()
