"""Rouge-compatible syntax highlighting on top of Pygments.

Rouge (Jekyll's default highlighter) and Pygments share the short CSS class
names (``k``, ``nf``, ``mi`` ...).  We emit spans the way rouge's HTML
formatter does: plain ``Text`` and whitespace tokens are not wrapped, adjacent
tokens with the same class are merged.
"""
from __future__ import annotations

from functools import lru_cache

from pygments.lexers import get_lexer_by_name
from pygments.token import STANDARD_TYPES, Token
from pygments.util import ClassNotFound

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


def escape_code(s: str) -> str:
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
    try:
        return get_lexer_by_name(name, stripnl=False, ensurenl=True)
    except ClassNotFound:
        return _MISSING


def is_known(lang: str | None) -> bool:
    return get_lexer(lang) is not _MISSING


def highlight(code: str, lang: str | None) -> str | None:
    """Return highlighted HTML (inner of ``<code>``) or None if unknown lang."""
    lexer = get_lexer(lang)
    if lexer is _MISSING:
        return None
    if lexer is None:
        return escape_code(code)
    out: list[str] = []
    cur_cls = None
    buf: list[str] = []
    for ttype, value in lexer.get_tokens(code):
        cls = _css_class(ttype)
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
