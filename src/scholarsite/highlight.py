"""Code highlighting with Pygments, in the HTML shape Jekyll's Rouge produces."""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape

from pygments import highlight as pygments_highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

FORMATTER = HtmlFormatter(nowrap=True)
WHITESPACE_SPAN = re.compile(r'<span class="w">(\s*)</span>')


@lru_cache(maxsize=256)
def lexer_for(language: str):
    try:
        return get_lexer_by_name(language, stripnl=False, ensurenl=False)
    except ClassNotFound:
        return None


def highlight_code(code: str, language: str | None) -> str:
    """Inner HTML of a highlighted block (token spans only); plain escape if unknown."""
    lexer = lexer_for(language.lower()) if language else None
    if lexer is None:
        return escape(code, quote=False)
    # Rouge leaves whitespace unwrapped; Pygments gives it a span of class "w".
    return WHITESPACE_SPAN.sub(r"\1", pygments_highlight(code, lexer, FORMATTER))


def highlight_block(code: str, language: str, linenos: bool = False) -> str:
    """The ``{% highlight %}`` tag's output, as Jekyll writes it."""
    code = code.strip("\n") + "\n"
    body = highlight_code(code, language)
    if linenos:
        count = code.count("\n")
        numbers = "\n".join(str(i) for i in range(1, count + 1)) + "\n"
        body = ('<table class="rouge-table"><tbody><tr><td class="gutter gl">'
                f'<pre class="lineno">{numbers}</pre></td><td class="code"><pre>{body}</pre>'
                '</td></tr></tbody></table>')
    lang = escape(language)
    return (f'<figure class="highlight"><pre><code class="language-{lang}" data-lang="{lang}">'
            f"{body}</code></pre></figure>")
