"""Rouge-compatible syntax highlighting on top of Pygments.

This is the single highlighting adapter: the Liquid ``{% highlight %}`` tag
(:func:`highlight_block`) and kramdown fenced code blocks
(:func:`highlight`, used by :mod:`scholarsite.markdown`) both go through it.

Rouge (Jekyll's default highlighter) and Pygments share the short CSS class
names (``k``, ``nf``, ``mi`` ...).  We emit spans the way rouge's HTML
formatter does: plain ``Text`` and whitespace tokens are not wrapped, adjacent
tokens with the same class are merged, only ``& < >`` are escaped.  Where
rouge's lexers tokenise differently from Pygments' (checked against real
Jekyll 4.3.1 + rouge 3.x output in ``tests/jekyll_parity``), per-language
fixes are applied -- see ``_ROUGE_FIXES``.
"""
from __future__ import annotations

from functools import lru_cache
from html import escape

from pygments.token import STANDARD_TYPES, Comment, String, Token
from pygments.util import ClassNotFound

__all__ = ["escape_code", "highlight", "highlight_code", "highlight_block", "is_known"]

_PLAIN_LANGS = frozenset({"plaintext", "text", "plain", "txt"})
_ROUGE_ALIASES = {
    # rouge name -> pygments name, where they differ
    "shell": "bash",
    "sh": "bash",
    "zsh": "bash",
    "console": "console",
    "terminal": "console",
    "shell_session": "console",
    "jsx": "javascript",
    "vue": "html",
    "liquid": "liquid",
    "viml": "vim",
    "docker": "docker",
    "ps": "powershell",
    "objc": "objective-c",
    "make": "make",
    "plist": "xml",
    "erb": "erb",
    "conf": "ini",
    "config": "ini",
    "tex": "latex",
}

_WS_TYPES = (Token.Text, Token.Text.Whitespace)


class _Fix:
    """How rouge's lexer for one language differs from Pygments'."""

    __slots__ = ("remap", "comment_eats_newline")

    def __init__(self, remap=None, comment_eats_newline=False):
        # token type -> rouge CSS class
        self.remap = remap or {}
        # rouge's rule is ``#(.*)?\n?``: the newline ending a line comment is
        # part of the comment token
        self.comment_eats_newline = comment_eats_newline


# Keyed by Pygments lexer name.  Rouge 3.x's Python lexer lexes every quoted
# string (plain or f-string) as ``Str`` -> class "s"; Pygments distinguishes
# String.Double ("s2") / String.Single ("s1").  Ruby's "..." stays "s2" in
# rouge too, so this is Python-only.
_ROUGE_FIXES = {
    "Python": _Fix(remap={String.Double: "s", String.Single: "s"}, comment_eats_newline=True),
}
_NO_FIX = _Fix()


def escape_code(s: str) -> str:
    """Escape like rouge/kramdown text: only ``& < >`` (quotes are kept)."""
    if "&" in s:
        s = s.replace("&", "&amp;")
    if "<" in s:
        s = s.replace("<", "&lt;")
    if ">" in s:
        s = s.replace(">", "&gt;")
    return s


@lru_cache(maxsize=512)
def _css_class(ttype) -> str:
    t = ttype
    while t is not None:
        if t in _WS_TYPES:
            return ""
        name = STANDARD_TYPES.get(t)
        if name is not None:
            return name
        t = t.parent
    return ""


_MISSING = object()


@lru_cache(maxsize=256)
def get_lexer(lang: str | None):
    """Return a Pygments lexer, ``None`` for plain text, or ``_MISSING``."""
    if lang is None:
        return None
    name = lang.lower()
    if name in _PLAIN_LANGS:
        return None
    name = _ROUGE_ALIASES.get(name, name)
    from pygments.lexers import get_lexer_by_name  # its plugin lookup: only for code
    try:
        # no ensurenl: rouge lexes the text exactly as given
        return get_lexer_by_name(name, stripnl=False, ensurenl=False)
    except ClassNotFound:
        return _MISSING


def is_known(lang: str | None) -> bool:
    return get_lexer(lang) is not _MISSING


def _tokens(lexer, code: str):
    """(css class, text) pairs, with the rouge-compat fixes applied."""
    fix = _ROUGE_FIXES.get(lexer.name, _NO_FIX)
    remap = fix.remap
    pending_comment = None  # class of a comment still owed its newline
    for ttype, value in lexer.get_tokens(code):
        if pending_comment is not None:
            comment_cls, pending_comment = pending_comment, None
            if value.startswith("\n") and ttype in _WS_TYPES:
                yield comment_cls, "\n"
                value = value[1:]
                if not value:
                    continue
        cls = remap.get(ttype)
        if cls is None:
            cls = _css_class(ttype)
        if fix.comment_eats_newline and ttype in Comment.Single and not value.endswith("\n"):
            pending_comment = cls
        yield cls, value


def _format(lexer, code: str) -> str:
    out: list[str] = []
    cur_cls = None
    buf: list[str] = []
    for cls, value in _tokens(lexer, code):
        if cls != cur_cls:
            if buf:
                text = escape_code("".join(buf))
                out.append(f'<span class="{cur_cls}">{text}</span>' if cur_cls else text)
            buf = []
            cur_cls = cls
        buf.append(value)
    if buf:
        text = escape_code("".join(buf))
        out.append(f'<span class="{cur_cls}">{text}</span>' if cur_cls else text)
    return "".join(out)


def highlight(code: str, lang: str | None) -> str | None:
    """Highlighted HTML (inner of ``<code>``), or None for an unknown language."""
    lexer = get_lexer(lang)
    if lexer is _MISSING:
        return None
    if lexer is None:
        return escape_code(code)
    return _format(lexer, code)


def highlight_code(code: str, language: str | None) -> str:
    """Inner HTML of a highlighted block (token spans only); plain escape if unknown."""
    hl = highlight(code, language) if language else None
    return escape_code(code) if hl is None else hl


def highlight_block(code: str, language: str, linenos: bool = False) -> str:
    """The ``{% highlight %}`` tag's output, as Jekyll writes it.

    Jekyll strips leading/trailing line terminators and hands the rest to
    rouge unchanged, so without line numbers there is no final newline; the
    line-number table formatter ends every line with one.
    """
    code = code.strip("\r\n")
    if linenos:
        code += "\n"
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
