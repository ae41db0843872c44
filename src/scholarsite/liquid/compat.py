"""Where Ruby Liquid (and so Jekyll) accepts what python-liquid's parser refuses.

Ruby Liquid reads ``include.limit`` or ``site.data.x.for`` as plain property names;
python-liquid's expression tokenizer turns such words into keywords even after a dot.
We re-mark a keyword that follows a dot as a word. python-liquid looks the tokenizer up
by name in the two modules below, so that is where the corrected one is installed.
"""

from __future__ import annotations

import liquid.builtin.output
import liquid.stream
from liquid.builtin.expressions import _tokenize
from liquid.token import TOKEN_DOT, TOKEN_WORD, Token

_original_tokenize = _tokenize.tokenize


KEYWORDS = getattr(_tokenize, "_keywords", frozenset())


def tokenize(source: str, parent_token: Token):
    previous = None
    for token in _original_tokenize(source, parent_token):
        if previous == TOKEN_DOT and token.kind in KEYWORDS:
            token = Token(TOKEN_WORD, token.value, token.start_index, token.source)
        previous = token.kind
        yield token


def install() -> None:
    # Only where this python-liquid has the pieces this relies on; elsewhere keyword
    # property names stay unsupported rather than breaking every build.
    if hasattr(liquid.stream, "tokenize") and hasattr(liquid.builtin.output, "tokenize"):
        liquid.stream.tokenize = tokenize
        liquid.builtin.output.tokenize = tokenize
