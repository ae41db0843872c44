"""Where Ruby Liquid (and so Jekyll) accepts what python-liquid refuses.

Ruby Liquid reads ``include.limit`` or ``site.data.x.for`` as plain property names;
python-liquid's expression tokenizer turns such words into keywords even after a dot.
We re-mark a keyword that follows a dot as a word. python-liquid looks the tokenizer up
by name in the two modules below, so that is where the corrected one is installed.

A ``for`` or ``tablerow`` loop whose ``limit`` is 0 or negative runs no time in Ruby
Liquid; python-liquid runs a limit of 0 over everything and stops with a ValueError on
a negative one. Its loop slicing is replaced by Ruby Liquid's.

python-liquid turns what is not a number into 0 (``(1..x)``) or into a Liquid error
(``limit: x``), but an infinite float (YAML's ``.inf``) makes ``int()`` raise an
OverflowError it does not expect: its ``to_int`` reports that as a ValueError too.

``contains`` looks a hash or a list up in a hash with Python's ``in``, which raises a
TypeError for what cannot be a dictionary key; Ruby answers false.
"""

from __future__ import annotations

import sys
from itertools import islice

import liquid.builtin.expressions.logical
import liquid.builtin.output
import liquid.limits
import liquid.stream
from liquid.builtin.expressions import _tokenize
from liquid.token import TOKEN_DOT, TOKEN_WORD, Token

try:
    from liquid.builtin.expressions.loop import LoopExpression
except ImportError:  # another python-liquid layout: its own slicing stays
    LoopExpression = None

_original_tokenize = _tokenize.tokenize


KEYWORDS = getattr(_tokenize, "_keywords", frozenset())


def tokenize(source: str, parent_token: Token):
    previous = None
    for token in _original_tokenize(source, parent_token):
        if previous == TOKEN_DOT and token.kind in KEYWORDS:
            token = Token(TOKEN_WORD, token.value, token.start_index, token.source)
        previous = token.kind
        yield token


_original_to_int = liquid.limits.to_int


def to_int(value):
    try:
        return _original_to_int(value)
    except OverflowError as err:  # int(float("inf"))
        raise ValueError(str(err)) from None


_original_contains = getattr(liquid.builtin.expressions.logical, "_contains", None)


def contains(token, left, right):
    try:
        return _original_contains(token, left, right)
    except TypeError:  # unhashable: {} contains {}
        return False


def slice_loop(self, it, length, context, *, limit, offset):
    """Ruby Liquid's For#render_segment: items from ``offset`` up to ``offset + limit``."""
    key = f"{self.identifier}-{self.iterable}"
    start = context.stopindex(key) if offset == "continue" else int(offset or 0)
    stop = length if limit is None else start + limit
    start = min(max(start, 0), length)
    stop = min(max(stop, start), length)
    context.stopindex(key=key, index=stop)
    items = islice(it, start, stop)
    return (reversed(list(items)) if self.reversed else items), stop - start


def install() -> None:
    # Only where this python-liquid has the pieces this relies on; elsewhere keyword
    # property names stay unsupported rather than breaking every build.
    if hasattr(liquid.stream, "tokenize") and hasattr(liquid.builtin.output, "tokenize"):
        liquid.stream.tokenize = tokenize
        liquid.builtin.output.tokenize = tokenize
    if LoopExpression is not None and hasattr(LoopExpression, "_slice"):
        LoopExpression._slice = slice_loop
    if _original_contains is not None:
        liquid.builtin.expressions.logical._contains = contains
    # the modules that imported to_int by name
    for module in list(sys.modules.values()):
        if getattr(module, "__name__", "").startswith("liquid") \
                and getattr(module, "to_int", None) is _original_to_int:
            module.to_int = to_int
