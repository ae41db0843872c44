"""Filters for values that come from data, not from the page's author: links and JSON in
``<script>``. They are scholarsite's own (Jekyll has neither), so Jekyll's filters keep
their exact behaviour. The bundled theme uses them; under a real Jekyll, Liquid skips an
unknown filter and the value passes through unchanged.

- ``safe_url``: a link target a browser may follow. Relative URLs, ``#anchors`` and the
  schemes in :data:`SAFE_SCHEMES` pass unchanged; anything else (``javascript:``,
  ``data:``, ``vbscript:``…, in any case, after blanks, tabs or entities, as browsers
  read them) becomes ``#``. It does not escape: the theme writes
  ``{{ url | safe_url | escape_once }}``.
- ``script_safe``: JSON that sits inside ``<script>``: ``<``, ``>`` and ``&`` become
  ``\\u003c``, ``\\u003e``, ``\\u0026`` (and U+2028/U+2029 are escaped), so a value
  holding ``</script>`` cannot end the element. ``{{ value | jsonify | script_safe }}``.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

from scholarsite.liquid.filters import _nil, ruby_to_s

SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
UNSAFE_URL_REPLACEMENT = "#"

# The WHATWG URL parser strips leading/trailing C0 controls and spaces, and removes
# tabs and newlines anywhere, before it reads the scheme.
_EDGES = "".join(chr(c) for c in range(0x21))
_TAB_NEWLINE = re.compile(r"[\t\n\r]")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                   "\u2028": "\\u2028", "\u2029": "\\u2029"}


def url_scheme(url: str) -> str | None:
    """The scheme a browser reads from ``url`` (lowercased), or None for a relative URL."""
    text = _TAB_NEWLINE.sub("", url.strip(_EDGES))
    match = _SCHEME.match(text)
    return match.group(1).lower() if match else None


def is_safe_url(url: Any) -> bool:
    """Relative, ``#anchor`` or one of :data:`SAFE_SCHEMES`, read both as written and
    with HTML entities decoded (an attribute's value is decoded before it is a URL)."""
    text = ruby_to_s(url)
    for candidate in (text, html.unescape(text)):
        scheme = url_scheme(candidate)
        if scheme is not None and scheme not in SAFE_SCHEMES:
            return False
    return True


def safe_url(value: Any) -> Any:
    if _nil(value) or is_safe_url(value):
        return value
    return UNSAFE_URL_REPLACEMENT


def script_safe(value: Any) -> str:
    return "".join(_SCRIPT_ESCAPES.get(c, c) for c in ruby_to_s(value))


def json_for_script(data: Any, **options: Any) -> str:
    """``json.dumps`` for a ``<script type="application/ld+json">`` element."""
    return script_safe(json.dumps(data, ensure_ascii=False, **options))


SAFE_FILTERS = {"safe_url": safe_url, "script_safe": script_safe}
