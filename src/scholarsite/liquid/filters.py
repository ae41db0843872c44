"""Jekyll 4.3 Liquid filters for python-liquid.

The engine registers every entry of :data:`JEKYLL_FILTERS` on its
``Environment`` (overriding python-liquid built-ins of the same name).
Filters that need the site are decorated with ``with_context`` and read
``context.env.site`` (an object with a ``.config`` dict).

Semantics follow Jekyll's ``lib/jekyll/filters.rb`` (+ url/date/grouping
filters) and Ruby Liquid's standard filters as run by Jekyll 4.3: values
are stringified the Ruby way (``nil`` -> "", ``true`` -> "true",
``1.0`` -> "1.0"), and filters return their input (or nil) on wrong-type
input instead of raising, except where Jekyll itself aborts the build.
"""

from __future__ import annotations

import datetime as dt
import decimal
import functools
import html.entities
import json
import math
import random
import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any, Callable
from urllib.parse import quote_plus, unquote_plus, unquote_to_bytes

from liquid.builtin.expressions.primitive import Blank, Empty
from liquid.exceptions import FilterArgumentError, LiquidError
from liquid.filter import with_context
from liquid.undefined import Undefined

from scholarsite import clock

__all__ = ["JEKYLL_FILTERS", "ruby_strftime", "ruby_to_s", "ruby_inspect"]


# ---------------------------------------------------------------------------
# Ruby-ish helpers
# ---------------------------------------------------------------------------


def _nil(value: object) -> bool:
    return value is None or isinstance(value, Undefined)


def _site(context: Any) -> Any:
    env = getattr(context, "env", context)
    return getattr(env, "site", None)


def _config(context: Any) -> Mapping[str, Any]:
    site = _site(context)
    cfg = getattr(site, "config", None) if site is not None else None
    return cfg if isinstance(cfg, Mapping) else {}


def _to_liquid(obj: Any) -> Any:
    """Jekyll's ``to_liquid`` for drops/documents, when they provide one."""
    fn = getattr(obj, "to_liquid", None)
    if callable(fn) and not isinstance(obj, (str, bytes, Mapping, list, tuple)):
        try:
            return fn()
        except TypeError:
            return obj
    return obj


def _ruby_float(value: float) -> str:
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    text = repr(float(value))
    if "e" in text:
        mant, exp = text.split("e")
        if "." not in mant:
            mant += ".0"
        sign = exp[0] if exp[0] in "+-" else "+"
        digits = exp.lstrip("+-")
        return f"{mant}e{sign}{digits.zfill(2)}"
    if "." not in text:
        text += ".0"
    return text


def _time_to_s(value: dt.datetime) -> str:
    if value.tzinfo is None:
        value = value.astimezone()
    return value.strftime("%Y-%m-%d %H:%M:%S ") + _fmt_offset(value, "")


def ruby_to_s(value: Any) -> str:
    """Ruby ``to_s`` of a Liquid value."""
    if _nil(value):
        return ""
    if isinstance(value, str):
        return value
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _ruby_float(value)
    if isinstance(value, decimal.Decimal):
        return _ruby_float(float(value))
    if isinstance(value, dt.datetime):
        return _time_to_s(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple, Mapping)):
        return ruby_inspect(value)
    return str(value)


_INSPECT_ESCAPES = {
    '"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r",
    "\x1b": "\\e", "\f": "\\f", "\v": "\\v", "\b": "\\b", "\a": "\\a",
}


def _inspect_str(text: str) -> str:
    out = ['"']
    for i, ch in enumerate(text):
        if ch in _INSPECT_ESCAPES:
            out.append(_INSPECT_ESCAPES[ch])
        elif ch == "#" and text[i + 1 : i + 2] in ("{", "$", "@"):
            out.append("\\#")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\x{ord(ch):02X}" if ord(ch) == 0x7F else f"\\u{ord(ch):04X}")
        elif unicodedata.category(ch) in ("Cc", "Cn", "Cs"):
            out.append(f"\\u{ord(ch):04X}" if ord(ch) < 0x10000 else f"\\u{{{ord(ch):X}}}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _for_json(value: Any, depth: int) -> Any:
    """A document drop as Jekyll serializes it at this nesting depth (its neighbours are
    shortened from two levels down, so that ``site.posts`` ends)."""
    hook = getattr(value, "hash_for_json", None)
    return hook(depth) if callable(hook) else value


def ruby_inspect(value: Any, depth: int = 0) -> str:
    """Ruby 3.1 ``inspect`` of a Liquid value."""
    value = _for_json(_to_liquid(value), depth)
    if _nil(value):
        return "nil"
    if isinstance(value, str):
        return _inspect_str(value)
    if isinstance(value, (bool, int, float, decimal.Decimal)):
        return ruby_to_s(value)
    if isinstance(value, dt.datetime):
        return _time_to_s(value)
    if isinstance(value, dt.date):
        jd = value.toordinal() + 1721425
        return f"#<Date: {value.isoformat()} (({jd}j,0s,0n),+0s,2299161j)>"
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{ruby_inspect(k, depth + 1)}=>{ruby_inspect(v, depth + 1)}"
                               for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(ruby_inspect(v, depth + 1) for v in value) + "]"
    return str(value)


def _ruby_to_i(value: Any) -> int:
    if value is True or value is False:
        raise TypeError
    if _nil(value):
        return 0
    if isinstance(value, int):
        return value
    if isinstance(value, (float, decimal.Decimal)):
        if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
            raise TypeError
        return int(value)
    if isinstance(value, str):
        m = re.match(r"[ \t\n\v\f\r]*([-+]?\d+(?:_\d+)*)", value)
        return int(m.group(1).replace("_", "")) if m else 0
    if isinstance(value, dt.datetime):
        return int(value.timestamp())
    raise TypeError


def _liquid_to_integer(value: Any) -> int:
    """Liquid::Utils.to_integer: strict, raises on junk."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    try:
        return int(ruby_to_s(value).strip())
    except ValueError as err:
        raise FilterArgumentError("invalid integer", token=None) from err


# ---------------------------------------------------------------------------
# URL filters
# ---------------------------------------------------------------------------

_URI_RE = re.compile(r"^(?:([^:/?#]+):)?(?://([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$", re.S)
_SCHEME_OK = re.compile(r"^[A-Za-z][A-Za-z0-9+\-.]*$")
_RESERVED = ":/?#[]@!$&'()*+,;="
_UNRESERVED = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~"
_SUB_DELIMS = "!$&'()*+,;="
_PCHAR = _UNRESERVED + _SUB_DELIMS + ":@"
_FRAGMENT = _PCHAR + "/?"
_QUERY_SAFE = _UNRESERVED + "!$'()*+,=:@/?"
_HOST_SAFE = _UNRESERVED + _SUB_DELIMS + "[:]"
_DEFAULT_PORTS = {"http": "80", "https": "443", "ftp": "21", "tftp": "69", "sftp": "22",
                  "ssh": "22", "svn+ssh": "22", "telnet": "23", "nntp": "119",
                  "gopher": "70", "wais": "210", "ldap": "389", "prospero": "1525"}


def _split_uri(uri: str) -> tuple[str | None, str | None, str, str | None, str | None]:
    m = _URI_RE.match(uri)
    assert m is not None
    scheme, authority, path, query, fragment = m.groups()
    if scheme is not None and not _SCHEME_OK.match(scheme):
        # Addressable treats an invalid scheme as part of the path.
        path = f"{scheme}:{path}"
        scheme = None
    return scheme, authority, path or "", query, fragment


def _is_absolute(uri: str) -> bool:
    return _split_uri(uri)[0] is not None


def _encode_bytes(data: bytes, safe: str, keep_pct2b: bool = False) -> str:
    out = []
    i = 0
    while i < len(data):
        b = data[i]
        ch = chr(b)
        if b < 128 and ch in safe:
            out.append(ch)
        elif keep_pct2b and data[i : i + 3].upper() == b"%2B":
            out.append(data[i : i + 3].decode("ascii"))
            i += 3
            continue
        else:
            out.append(f"%{b:02X}")
        i += 1
    return "".join(out)


def _normalize_component(component: str, safe: str, leave_plus: bool = False) -> str:
    """Addressable::URI.normalize_component: unencode, NFKC, re-encode."""
    if leave_plus:
        raw = re.sub(
            r"%[0-9a-fA-F]{2}",
            lambda m: m.group(0) if m.group(0).upper() == "%2B" else chr(int(m.group(0)[1:], 16)),
            component,
        )
        data = raw.encode("latin-1", "ignore") if all(ord(c) < 256 for c in raw) else None
        if data is None:
            data = _percent_unencode(component, keep_plus=True)
    else:
        data = _percent_unencode(component)
    try:
        text = data.decode("utf-8")
        text = unicodedata.normalize("NFKC", text)
        return _encode_bytes(text.encode("utf-8"), safe, keep_pct2b=leave_plus)
    except UnicodeDecodeError:
        return _encode_bytes(data, safe, keep_pct2b=leave_plus)


def _percent_unencode(text: str, keep_plus: bool = False) -> bytes:
    out = bytearray()
    parts = re.split(r"(%[0-9a-fA-F]{2})", text)
    for part in parts:
        if re.fullmatch(r"%[0-9a-fA-F]{2}", part):
            if keep_plus and part.upper() == "%2B":
                out += part.encode("ascii")
            else:
                out.append(int(part[1:], 16))
        else:
            out += part.encode("utf-8")
    return bytes(out)


def _remove_dot_segments(path: str) -> str:
    # RFC 3986 section 5.2.4
    inp = path
    out: list[str] = []
    while inp:
        if inp.startswith("../"):
            inp = inp[3:]
        elif inp.startswith("./"):
            inp = inp[2:]
        elif inp.startswith("/./"):
            inp = "/" + inp[3:]
        elif inp == "/.":
            inp = "/"
        elif inp.startswith("/../"):
            inp = "/" + inp[4:]
            if out:
                out.pop()
        elif inp == "/..":
            inp = "/"
            if out:
                out.pop()
        elif inp in (".", ".."):
            inp = ""
        else:
            m = re.match(r"/?[^/]*", inp)
            seg = m.group(0) if m else inp
            out.append(seg)
            inp = inp[len(seg) :]
    return "".join(out)


@functools.lru_cache(maxsize=65536)  # listing pages normalise the same URLs again and again
def _normalize_uri(uri: str) -> str:
    """A (close) port of Addressable::URI.parse(uri).normalize.to_s."""
    scheme, authority, path, query, fragment = _split_uri(uri)
    nscheme = scheme.lower() if scheme is not None else None
    result = ""
    if nscheme is not None:
        result += nscheme + ":"
    if authority is not None:
        userinfo, _, hostport = authority.rpartition("@") if "@" in authority else ("", "", authority)
        m = re.match(r"^(\[[^\]]*\]|[^:]*)(?::(\d*))?$", hostport)
        host, port = (m.group(1), m.group(2)) if m else (hostport, None)
        host = unquote_to_bytes(host.strip().lower()).decode("utf-8", "replace")
        try:
            host = host.encode("idna").decode("ascii") if host and not host.isascii() else host
        except UnicodeError:
            pass
        if re.search(r"[^.]\.$", host):
            host = host[:-1]
        host = _normalize_component(host, _HOST_SAFE)
        if port == "" or (port is not None and _DEFAULT_PORTS.get(nscheme or "") == port):
            port = None
        auth = ""
        if userinfo:
            auth = _normalize_component(userinfo, _UNRESERVED + _SUB_DELIMS + ":") + "@"
        auth += host
        if port is not None:
            auth += ":" + port
        result += "//" + auth
    npath = path.strip()
    if nscheme is None and re.match(r"^(?!/)[^/:]*:.*$", npath):
        npath = npath.replace(":", "%2F", 1)
    npath = "/".join(_normalize_component(seg, _PCHAR) for seg in npath.split("/"))
    npath = _remove_dot_segments(npath) if "." in npath else npath
    if npath == "" and nscheme in ("http", "https", "ftp", "tftp"):
        npath = "/"
    result += npath
    if query is not None:
        nquery = "&".join(_normalize_component(p, _QUERY_SAFE, leave_plus=True) for p in query.split("&"))
        if nquery != "":
            result += "?" + nquery
    if fragment is not None:
        nfrag = _normalize_component(fragment, _FRAGMENT)
        if nfrag != "":
            result += "#" + nfrag
    return result


def _url_of(value: Any) -> Any:
    if isinstance(value, (str, Mapping, list, tuple, int, float)):
        return value
    url = getattr(value, "url", None)
    if url is not None and not callable(url):
        return url
    return value


def _ensure_leading_slash(text: str) -> str:
    if not text or text.startswith("/"):
        return text
    return "/" + text


def compute_relative_url(value: Any, config: Mapping[str, Any]) -> Any:
    """``relative_url`` for Python callers (the link tags, redirects, feeds)."""
    value = _url_of(value)
    text = ruby_to_s(value)
    if _is_absolute(text):
        return value
    baseurl = config.get("baseurl")
    return _relative_url_text(text, "" if baseurl is None else ruby_to_s(baseurl))


@functools.lru_cache(maxsize=65536)
def _relative_url_text(text: str, base: str) -> str:
    if base.endswith("/"):
        base = base[:-1]
    return _normalize_uri(_ensure_leading_slash(base) + _ensure_leading_slash(text))


@with_context
def relative_url(value: Any, *, context: Any) -> Any:
    if _nil(value):
        return None
    return compute_relative_url(value, _config(context))


@with_context
def absolute_url(value: Any, *, context: Any) -> Any:
    if _nil(value):
        return None
    return compute_absolute_url(value, _config(context))


def compute_absolute_url(value: Any, config: Mapping[str, Any]) -> Any:
    """``absolute_url`` for Python callers (the link tags, redirects, feeds)."""
    value = _url_of(value)
    if _is_absolute(ruby_to_s(value)):
        return value
    site_url = config.get("url")
    rel = compute_relative_url(value, config)
    if _nil(site_url) or site_url == "":
        return rel
    return _normalize_uri(ruby_to_s(site_url) + ruby_to_s(rel))


def strip_index(value: Any) -> Any:
    if _nil(value) or ruby_to_s(value) == "":
        return None
    return re.sub(r"/index\.html?$", "/", ruby_to_s(value), count=1, flags=re.M)


# ---------------------------------------------------------------------------
# Converters
# ---------------------------------------------------------------------------


@with_context
def markdownify(value: Any, *, context: Any) -> str:
    from scholarsite.markdown import render_markdown  # lazy: sibling module

    return render_markdown(ruby_to_s(value), _config(context))


_HTML_ENTITY_RE = re.compile(r"&([\w:][\-\w.:]*);|&#(\d+);|&#x([0-9a-fA-F]+);")
_HTML_TAG_RE = re.compile(
    r"<([A-Za-z_:][\w:.\-]*)\s*((?:\s+[A-Za-z_:][\w:.\-]*(?:\s*=\s*(?:\w+|(\"|').*?\3))?)*)\s*(/)?>", re.S
)
_HTML_TAG_CLOSE_RE = re.compile(r"</([A-Za-z_:][\w:.\-]*)\s*>", re.S)
_HTML_COMMENT_RE = re.compile(r"<!--(.*?)-->", re.S)
_SQ_PUNCT = r"""[!"#$%'()*+,\-./:;<=>?@\[\\\]^_`{|}~]"""
_SQ_CLOSE = r"[^ \\\t\r\n\[{(-]"
_A = re.ASCII
_SQ_RULES: list[tuple[re.Pattern[str], list[Any]]] = [
    (re.compile(r"""("|')(?=[_*]{1,2}\S)""", _A), ["lquote1"]),
    (re.compile(r"""("|')(?=""" + _SQ_PUNCT + r"""(?!\.\.)\B)""", _A), ["rquote1"]),
    (re.compile(r"""(\s?)"'(?=\w)""", _A), [1, "ldquo", "lsquo"]),
    (re.compile(r"""(\s?)'"(?=\w)""", _A), [1, "lsquo", "ldquo"]),
    (re.compile(r"""(\s?)'(?=\d\ds)""", _A), [1, "rsquo"]),
    (re.compile(r"""(\s)('|")(?=\w)""", _A), [1, "lquote2"]),
    (re.compile(r"""(""" + _SQ_CLOSE + r""")('|")""", _A), [1, "rquote2"]),
    (re.compile(r"""("|')(?=\s|s\b|$)""", _A | re.M), ["rquote1"]),
    (re.compile(r"""(.?)'""", re.S), [1, "lsquo"]),
    (re.compile(r"""(.?)\"""", re.S), [1, "ldquo"]),
]
_SQ_GROUP = {"lquote1": 1, "rquote1": 1, "lquote2": 2, "rquote2": 2}
_SQ_SUBST = {("rquote", '"'): "rdquo", ("rquote", "'"): "rsquo",
             ("lquote", '"'): "ldquo", ("lquote", "'"): "lsquo"}
_TYPO = [("---", ["mdash"]), ("--", ["ndash"]), ("...", ["hellip"]),
         ("\\<<", ["lt", "lt"]), ("\\>>", ["gt", "gt"]),
         ("<< ", ["laquo", "nbsp"]), (" >>", ["nbsp", "raquo"]),
         ("<<", ["laquo"]), (">>", ["raquo"])]
_SPAN_START = re.compile(
    r"""[^\\]?["']|&|---|--|\.\.\.|\\<<|\\>>|<< | >>|<<|>>|<(?:[A-Za-z_:][\w:.\-]*|\?|!--|/)""", re.S
)


def _entity_char(name: str) -> str | None:
    cp = html.entities.name2codepoint.get(name)
    if cp is None and name == "apos":
        cp = 39
    return chr(cp) if cp is not None else None


def _entity_out(char: str, original: str | None = None, name: str | None = None) -> str:
    # kramdown entity_output: as_char (Jekyll's default)
    if char == '"' or char not in "<>&":
        return char
    if original:
        return original
    return {"<": "&lt;", ">": "&gt;", "&": "&amp;"}[char]


_HTML_SPAN_ELEMENTS = frozenset(
    "a abbr acronym b big bdo br button cite code del dfn em i img input ins kbd label mark option q "
    "rb rbc rp rt rtc ruby samp select small span strong sub sup tt u var".split()
)
_HTML_BLOCK_ELEMENTS = frozenset(
    "address article aside applet body blockquote caption col colgroup dd div dl dt fieldset "
    "figcaption footer form h1 h2 h3 h4 h5 h6 header hgroup hr html head iframe legend menu li main "
    "map nav ol optgroup p pre section summary table tbody td th thead tfoot tr ul".split()
)
_HTML_RAW = frozenset("script style math option textarea pre code kbd samp var".split())
_HTML_NO_BODY = frozenset("area base br col command embed hr img input keygen link meta param source track wbr".split())
_BLOCK_HTML_START = re.compile(r" {0,3}(?=<)")


def _esc_text(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class _SmartyPants:
    """A port of Jekyll's kramdown ``SmartyPants`` parser + HTML converter."""

    def __init__(self, text: str, config: Mapping[str, Any]) -> None:
        kd = config.get("kramdown") if isinstance(config.get("kramdown"), Mapping) else {}
        sq = [s.strip() for s in str((kd or {}).get("smart_quotes") or "lsquo,rsquo,ldquo,rdquo").split(",")]
        sq += ["lsquo", "rsquo", "ldquo", "rdquo"][len(sq) :]
        self.quote_names = dict(zip(["lsquo", "rsquo", "ldquo", "rdquo"], sq))
        self.text = text

    def quote(self, name: str) -> str:
        real = self.quote_names.get(name, name)
        ch = _entity_char(real)
        return _entity_out(ch) if ch else f"&{real};"

    # -- block level -------------------------------------------------------
    def convert(self) -> str:
        text, out, pos, n = self.text, [], 0, len(self.text)
        pending: list[str] = []

        def flush() -> None:
            if pending:
                out.append(self.spans("".join(pending)))
                pending.clear()

        while pos < n:
            m = _BLOCK_HTML_START.match(text, pos)
            if m:
                p = m.end()
                cm = _HTML_COMMENT_RE.match(text, p)
                if cm:
                    flush()
                    out.append(cm.group(0) + "\n")
                    pos = cm.end()
                    tw = re.match(r"[ \t]*\n", text[pos:])
                    pos += tw.end() if tw else 0
                    continue
                tm = _HTML_TAG_RE.match(text, p)
                if tm and tm.group(1).lower() not in _HTML_SPAN_ELEMENTS:
                    flush()
                    name = tm.group(1)
                    end = self._raw_block_end(name, tm.end()) if not tm.group(4) and name.lower() not in _HTML_NO_BODY else None
                    if end is None:
                        out.append(tm.group(0) + "\n")
                        pos = tm.end()
                    else:
                        inner_end, close_end = end
                        out.append(tm.group(0) + self._raw(text[tm.end() : inner_end]) + f"</{name}>\n")
                        pos = close_end
                    tw = re.match(r"[ \t]*\n", text[pos:])
                    pos += tw.end() if tw else 0
                    continue
            nl = text.find("\n", pos)
            line_end = n if nl == -1 else nl + 1
            pending.append(text[pos:line_end])
            pos = line_end
        flush()
        result = "".join(out)
        return result[:-1] if result.endswith("\n") else result

    def _raw_block_end(self, name: str, pos: int) -> tuple[int, int] | None:
        depth = 1
        pat = re.compile(r"<(/?)" + re.escape(name) + r"(?=[\s/>])[^>]*>", re.I)
        for m in pat.finditer(self.text, pos):
            if m.group(1):
                depth -= 1
                if depth == 0:
                    return m.start(), m.end()
            elif not m.group(0).endswith("/>"):
                depth += 1
        return None

    @staticmethod
    def _raw(s: str) -> str:
        return re.sub(r"&(?![\w:][\-\w.:]*;|#\d+;|#x[0-9a-fA-F]+;)", "&amp;", s)

    # -- span level --------------------------------------------------------
    def spans(self, text: str) -> str:
        out, _pos, _found = self._parse_spans(text, 0, None, False)
        return "".join(out)

    def _parse_spans(self, text: str, pos: int, stop: re.Pattern[str] | None, raw: bool) -> tuple[list[str], int, bool]:
        out: list[str] = []
        n = len(text)
        start_re = re.compile(r"<(?:[A-Za-z_:][\w:.\-]*|\?|!--|/)") if raw else _SPAN_START
        while pos < n:
            m = start_re.search(text, pos)
            s = stop.search(text, pos) if stop is not None else None
            if s is not None and (m is None or s.start() <= m.start()):
                out.append(_esc_text(text[pos : s.start()]))
                return out, s.start(), True
            if m is None:
                out.append(_esc_text(text[pos:]))
                return out, n, False
            out.append(_esc_text(text[pos : m.start()]))
            pos = m.start()
            if not raw and re.match(r"""[^\\]?["']""", text[pos : pos + 2], re.S):
                for rule, substs in _SQ_RULES:
                    rm = rule.match(text, pos)
                    if rm:
                        for sub in substs:
                            if isinstance(sub, int):
                                out.append(_esc_text(rm.group(sub)))
                            elif sub in _SQ_GROUP:
                                out.append(self.quote(_SQ_SUBST[(sub[:-1], rm.group(_SQ_GROUP[sub]))]))
                            else:
                                out.append(self.quote(sub))
                        pos = rm.end()
                        break
                continue
            if not raw and text.startswith("&", pos):
                em = _HTML_ENTITY_RE.match(text, pos)
                if em:
                    name, dec, hexa = em.groups()
                    if name is not None:
                        char = _entity_char(name)
                    else:
                        try:
                            char = chr(int(dec) if dec is not None else int(hexa, 16))
                        except (ValueError, OverflowError):
                            char = None
                    if char is None:
                        out.append("&amp;" + _esc_text(em.group(0)[1:]))
                    else:
                        out.append(_entity_out(char, em.group(0)))
                    pos = em.end()
                    continue
            typo = None if raw else next((t for t in _TYPO if text.startswith(t[0], pos)), None)
            if typo:
                out.append("".join(_entity_out(_entity_char(e) or "", f"&{e};") for e in typo[1]))
                pos += len(typo[0])
                continue
            if text.startswith("<", pos):
                cm = _HTML_COMMENT_RE.match(text, pos)
                if cm:
                    out.append(cm.group(0))
                    pos = cm.end()
                    continue
                close = _HTML_TAG_CLOSE_RE.match(text, pos)
                if close:
                    out.append(_esc_text(close.group(0)))
                    pos = close.end()
                    continue
                tm = _HTML_TAG_RE.match(text, pos)
                if tm:
                    name = tm.group(1)
                    lname = name.lower()
                    if lname in _HTML_BLOCK_ELEMENTS:
                        out.append(_esc_text(tm.group(0)))
                        pos = tm.end()
                        continue
                    out.append(tm.group(0))
                    pos = tm.end()
                    if not tm.group(4) and lname not in _HTML_NO_BODY:
                        stop_re = re.compile(r"</" + re.escape(name) + r"\s*>", re.I)
                        inner, pos, found = self._parse_spans(text, pos, stop_re, raw or lname in _HTML_RAW)
                        out.extend(inner)
                        if found:
                            pos = stop_re.match(text, pos).end()  # type: ignore[union-attr]
                        else:
                            out.append(_esc_text(text[pos:]))
                            pos = n
                        out.append(f"</{name}>")
                    continue
            out.append(_esc_text(text[pos]))
            pos += 1
        return out, pos, False


def _smartify(text: str, config: Mapping[str, Any]) -> str:
    return _SmartyPants(text, config).convert()


@with_context
def smartify(value: Any, *, context: Any) -> str:
    return _smartify(ruby_to_s(value), _config(context))


def _sass_convert(value: Any, context: Any, indented: bool) -> str:
    from scholarsite.sass import SassFailure, compile_text, load_paths, style_of

    site = _site(context)
    try:
        paths, style = (load_paths(site), style_of(site)) if site is not None else ([], "expanded")
        return compile_text(ruby_to_s(value), paths, style, indented=indented).css
    except SassFailure as err:
        at = f" (line {err.line} of the filtered text)" if err.line and err.file is None else ""
        raise FilterArgumentError(f"Sass error: {err.message}{at}", token=None) from err


@with_context
def sassify(value: Any, *, context: Any) -> str:
    return _sass_convert(value, context, indented=True)


@with_context
def scssify(value: Any, *, context: Any) -> str:
    return _sass_convert(value, context, indented=False)


# ---------------------------------------------------------------------------
# String filters
# ---------------------------------------------------------------------------

@functools.cache
def unicode_pattern(pattern: str):
    """A pattern with Unicode classes (``\\p{L}``): the regex module, imported and the
    pattern compiled when first used, not for every build."""
    import regex
    return regex.compile(pattern)


_SLUG_RE = {
    "raw": r"[ \t\r\n\f\v]+",  # Ruby's \s: ASCII whitespace only
    "default": r"[^\p{M}\p{L}\p{Nd}]+",
    "pretty": r"[^\p{M}\p{L}\p{Nd}._~!$&'()+,;=@]+",
    "ascii": r"[^A-Za-z0-9]+",
}
_SLUG_RE["latin"] = _SLUG_RE["default"]

# I18n::Backend::Transliterator::HashTransliterator::DEFAULT_APPROXIMATIONS
_I18N_APPROX = dict(zip(
    "ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòóôõö"
    "øùúûüýþÿĀāĂăĄąĆćĈĉĊċČčĎďĐđĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĦħĨĩĪīĬĭĮįİıĲĳĴĵĶķĸĹĺĻļĽľĿŀŁłŃńŅņŇňŉŊŋŌō"
    "ŎŏŐőŒœŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŦŧŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽž",
    ["A", "A", "A", "A", "A", "A", "AE", "C", "E", "E", "E", "E", "I", "I", "I", "I", "D", "N",
     "O", "O", "O", "O", "O", "x", "O", "U", "U", "U", "U", "Y", "Th", "ss", "a", "a", "a", "a",
     "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i", "d", "n", "o", "o", "o", "o",
     "o", "o", "u", "u", "u", "u", "y", "th", "y", "A", "a", "A", "a", "A", "a", "C", "c", "C",
     "c", "C", "c", "C", "c", "D", "d", "D", "d", "E", "e", "E", "e", "E", "e", "E", "e", "E",
     "e", "G", "g", "G", "g", "G", "g", "G", "g", "H", "h", "H", "h", "I", "i", "I", "i", "I",
     "i", "I", "i", "I", "i", "IJ", "ij", "J", "j", "K", "k", "k", "L", "l", "L", "l", "L", "l",
     "L", "l", "L", "l", "N", "n", "N", "n", "N", "n", "'n", "NG", "ng", "O", "o", "O", "o", "O",
     "o", "OE", "oe", "R", "r", "R", "r", "R", "r", "S", "s", "S", "s", "S", "s", "S", "s", "T",
     "t", "T", "t", "T", "t", "U", "u", "U", "u", "U", "u", "U", "u", "U", "u", "U", "u", "W",
     "w", "Y", "y", "Y", "Z", "z", "Z", "z", "Z", "z"],
))


def _i18n_transliterate(text: str) -> str:
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ord(ch) < 128:
            out.append(ch)
        else:
            out.append(_I18N_APPROX.get(ch, "?"))
    return "".join(out)


def ruby_slugify(value: Any, mode: Any = None, cased: bool = False) -> Any:
    """Jekyll::Utils.slugify."""
    if _nil(mode) or mode is None:
        mode = "default"
    if _nil(value):
        return None
    if not isinstance(value, str):
        value = ruby_to_s(value)  # Jekyll raises NoMethodError here; stay lenient
    if mode not in ("raw", "default", "pretty", "ascii", "latin"):
        return value if cased else value.lower()
    if mode == "latin":
        value = _i18n_transliterate(value)
    slug = unicode_pattern(_SLUG_RE[mode]).sub("-", value)
    slug = re.sub(r"^-|-$", "", slug, flags=re.M)
    return slug if cased else slug.lower()


def slugify(value: Any, mode: Any = None) -> Any:
    return ruby_slugify(value, mode)


def xml_escape(value: Any) -> str:
    text = ruby_to_s(value)
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&apos;"))


def cgi_escape(value: Any) -> str:
    return quote_plus(ruby_to_s(value), safe="")


def uri_escape(value: Any) -> Any:
    if _nil(value):
        return None
    return _normalize_component(ruby_to_s(value), _RESERVED + _UNRESERVED)


def url_encode(value: Any) -> Any:
    if _nil(value):
        return None
    return quote_plus(ruby_to_s(value), safe="")


def url_decode(value: Any) -> Any:
    if _nil(value):
        return None
    return unquote_plus(ruby_to_s(value), errors="replace")


_RUBY_WS = r"[ \t\n\v\f\r]"


def normalize_whitespace(value: Any) -> str:
    return re.sub(_RUBY_WS + "+", " ", ruby_to_s(value)).strip(" \t\n\v\f\r\0")


_CJK = r"\p{Han}\p{Katakana}\p{Hiragana}\p{Hangul}"
_CJK_RE = f"[{_CJK}]"
_WORD_RE = f"[^{_CJK} \\t\\n\\v\\f\\r]+"


def number_of_words(value: Any, mode: Any = None) -> int:
    text = ruby_to_s(value)
    plain = len([w for w in re.split(_RUBY_WS + "+", text) if w])
    if mode == "cjk":
        return len(unicode_pattern(_CJK_RE).findall(text)) + \
            len(unicode_pattern(_WORD_RE).findall(text))
    if mode == "auto":
        cjk = len(unicode_pattern(_CJK_RE).findall(text))
        return plain if cjk == 0 else cjk + len(unicode_pattern(_WORD_RE).findall(text))
    return plain


def _ruby_join(items: Iterable[Any], sep: str) -> str:
    parts = []
    for item in items:
        if isinstance(item, (list, tuple)):
            parts.append(_ruby_join(item, sep))
        else:
            parts.append(ruby_to_s(item))
    return sep.join(parts)


def array_to_sentence_string(array: Any, connector: Any = "and") -> Any:
    if _nil(array):
        return ""
    if isinstance(array, Mapping):
        array = [[k, v] for k, v in array.items()]
    if not isinstance(array, (list, tuple)):
        return ruby_to_s(array)
    conn = ruby_to_s(connector)
    if len(array) == 0:
        return ""
    if len(array) == 1:
        return ruby_to_s(array[0])
    if len(array) == 2:
        return f"{ruby_to_s(array[0])} {conn} {ruby_to_s(array[1])}"
    return f"{_ruby_join(array[:-1], ', ')}, {conn} {ruby_to_s(array[-1])}"


_STRIP_HTML_BLOCKS = re.compile(r"<script.*?</script>|<!--.*?-->|<style.*?</style>", re.S | re.I)
_STRIP_HTML_TAGS = re.compile(r"<.*?>", re.S)


def strip_html(value: Any) -> str:
    return _STRIP_HTML_TAGS.sub("", _STRIP_HTML_BLOCKS.sub("", ruby_to_s(value)))


def newline_to_br(value: Any) -> str:
    return re.sub(r"\r?\n", "<br />\n", ruby_to_s(value))


def default(value: Any, default_value: Any = "", *, allow_false: Any = False) -> Any:
    """Ruby Liquid's ``default`` (0 and " " are kept, empty collections replaced)."""
    if getattr(value, "force_liquid_default", False):
        return default_value
    if hasattr(value, "__liquid__"):
        check = value.__liquid__()
    else:
        check = value
    if allow_false is True or (allow_false not in (False, None) and not _nil(allow_false)):
        missing = _nil(check)
    else:
        missing = _nil(check) or check is False
    if missing or (isinstance(check, (str, list, tuple, Mapping)) and len(check) == 0):
        return default_value
    return value


# ---------------------------------------------------------------------------
# JSON / inspect / misc
# ---------------------------------------------------------------------------


def _as_liquid(item: Any, depth: int = 0) -> Any:
    item = _for_json(_to_liquid(item), depth)
    if _nil(item):
        return None
    if isinstance(item, (str, bool, int, float, decimal.Decimal, dt.date)):
        return item
    if isinstance(item, Mapping):
        return {_as_liquid(k, depth + 1): _as_liquid(v, depth + 1) for k, v in item.items()}
    if isinstance(item, (list, tuple, set, frozenset)):
        return [_as_liquid(i, depth + 1) for i in item]
    keys = getattr(item, "keys", None)
    if callable(keys) and hasattr(item, "__getitem__"):
        try:
            return {_as_liquid(k, depth + 1): _as_liquid(item[k], depth + 1) for k in keys()}
        except Exception:  # noqa: BLE001 - drops may be odd; fall back to str
            pass
    return item


def _to_json(value: Any) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (float, decimal.Decimal)):
        return _ruby_float(float(value))
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, Mapping):
        return "{" + ",".join(f"{_to_json(ruby_to_s(k))}:{_to_json(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ",".join(_to_json(v) for v in value) + "]"
    return json.dumps(ruby_to_s(value), ensure_ascii=False)


def jsonify(value: Any) -> str:
    return _to_json(_as_liquid(value))


def inspect(value: Any) -> str:
    return xml_escape(ruby_inspect(value))


def to_integer(value: Any) -> Any:
    if value is True:
        return 1
    if value is False:
        return 0
    try:
        return _ruby_to_i(value)
    except TypeError:
        return 0


# ---------------------------------------------------------------------------
# Array filters
# ---------------------------------------------------------------------------


def _selectable(value: Any) -> list[Any] | None:
    """Ruby ``respond_to?(:select)`` with Hash#values; None when not enumerable."""
    if isinstance(value, Mapping):
        return list(value.values())
    if isinstance(value, (list, tuple)):
        return list(value)
    if _nil(value) or isinstance(value, (str, bytes, int, float, bool, dt.date)):
        return None
    if isinstance(value, Iterable):
        return list(value)
    return None


def _lookup(data: Any, key: str) -> Any:
    data = _to_liquid(data)
    if _nil(data):
        return None
    if isinstance(data, Mapping):
        return data.get(key)
    if isinstance(data, str):
        return key if key in data else None  # Ruby String#[] substring match
    if isinstance(data, (list, tuple)):
        return None
    try:
        result = data[key]
    except (KeyError, IndexError, TypeError, AttributeError):
        result = getattr(data, key, None) if not key.startswith("_") else None
        if callable(result):
            result = None
    return None if isinstance(result, Undefined) else result


_FLOAT_LIKE = re.compile(r"\A\s*-?(?:\d+\.?\d*|\.\d+)\s*\Z")
_INTEGER_LIKE = re.compile(r"\A\s*-?\d+\s*\Z")


def _parse_sort_input(value: Any) -> Any:
    if isinstance(value, bool) or _nil(value) or isinstance(value, (list, tuple, Mapping)):
        return value
    text = ruby_to_s(value)
    if _INTEGER_LIKE.match(text):
        return int(text.strip())
    if _FLOAT_LIKE.match(text):
        return float(text.strip())
    return value


def _item_property(item: Any, prop: Any) -> Any:
    prop = ruby_to_s(prop)
    item = _to_liquid(item)
    if "." not in prop:
        value = _lookup(item, prop)
    else:
        value = item
        for key in prop.split("."):
            if _nil(value) or value is False or value is True or isinstance(value, (int, float)):
                value = False
            else:
                value = _lookup(value, key)
                if value is None:
                    value = None
    return _parse_sort_input(value)


def _compare_property_vs_target(prop: Any, target: Any) -> bool:
    if _nil(target):
        return prop is None
    if isinstance(target, (Empty, Blank)):
        return prop == "" or (isinstance(prop, (list, tuple)) and _ruby_join(prop, "") == "")
    target_s = ruby_to_s(target)
    if isinstance(prop, str):
        return prop == target_s
    if prop is None:
        items: list[Any] = []
    elif isinstance(prop, (list, tuple)):
        items = list(prop)
    elif isinstance(prop, Mapping):
        items = [[k, v] for k, v in prop.items()]
    else:
        items = [prop]
    return any(ruby_to_s(p) == target_s for p in items)


def where(value: Any, prop: Any = None, target: Any = None) -> Any:
    if _nil(prop) or prop is False or isinstance(target, (list, tuple, Mapping)):
        return value
    items = _selectable(value)
    if items is None:
        return value
    return [it for it in items if _compare_property_vs_target(_item_property(it, prop), target)]


def find(value: Any, prop: Any = None, target: Any = None) -> Any:
    if _nil(prop) or prop is False or isinstance(target, (list, tuple, Mapping)):
        return value
    items = _selectable(value)
    if items is None:
        return value
    for it in items:
        if _compare_property_vs_target(_item_property(it, prop), target):
            return it
    return None


def _parse_expression(env: Any, source: str, attribute: str, expression: str) -> Any:
    """The expression of the first node of ``source``; a bad one is the filter's error
    (reported where the filter is used, not inside the expression's own text)."""
    try:
        return getattr(env.parse(source).nodes[0], attribute)
    except (LiquidError, IndexError, AttributeError) as err:
        reason = " ".join(str(getattr(err, "message", None) or err).split())
        raise FilterArgumentError(f"invalid expression {expression!r} ({reason})", token=None) from None


@functools.lru_cache(maxsize=512)
def _parse_condition(env: Any, expression: str) -> Any:
    return _parse_expression(env, "{% if " + expression + " %}{% endif %}", "condition", expression)


@functools.lru_cache(maxsize=512)
def _parse_output(env: Any, expression: str) -> Any:
    return _parse_expression(env, "{{ " + expression + " }}", "expression", expression)


def where_exp(value: Any, variable: Any, expression: Any, *, context: Any) -> Any:
    items = _selectable(value)
    if items is None:
        return value
    condition = _parse_condition(context.env, ruby_to_s(expression))
    name = ruby_to_s(variable)
    result = []
    for it in items:
        with context.extend({name: it}):
            if condition.evaluate(context):
                result.append(it)
    return result


def find_exp(value: Any, variable: Any, expression: Any, *, context: Any) -> Any:
    items = _selectable(value)
    if items is None:
        return value
    condition = _parse_condition(context.env, ruby_to_s(expression))
    name = ruby_to_s(variable)
    for it in items:
        with context.extend({name: it}):
            if condition.evaluate(context):
                return it
    return None


where_exp = with_context(where_exp)
find_exp = with_context(find_exp)


def _grouped(pairs: list[tuple[Any, Any]]) -> list[dict[str, Any]]:
    groups: list[dict[str, Any]] = []
    index: dict[Any, dict[str, Any]] = {}
    for key, item in pairs:
        group = None
        try:
            group = index.get((type(key), key))
        except TypeError:
            group = next((g for g in groups if g["name"] == key), None)
        if group is None:
            group = {"name": key, "items": [], "size": 0}
            groups.append(group)
            try:
                index[(type(key), key)] = group
            except TypeError:
                pass
        group["items"].append(item)
        group["size"] += 1
    return groups


def group_by(value: Any, prop: Any = None) -> Any:
    items = _selectable(value) if not isinstance(value, Mapping) else [[k, v] for k, v in value.items()]
    if items is None:
        return value
    return _grouped([(ruby_to_s(_item_property(it, prop)), it) for it in items])


@with_context
def group_by_exp(value: Any, variable: Any, expression: Any, *, context: Any) -> Any:
    items = _selectable(value) if not isinstance(value, Mapping) else [[k, v] for k, v in value.items()]
    if items is None:
        return value
    expr = _parse_output(context.env, ruby_to_s(expression))
    name = ruby_to_s(variable)
    pairs = []
    for it in items:
        with context.extend({name: it}):
            key = expr.evaluate(context)
        pairs.append((None if isinstance(key, Undefined) else key, it))
    return _grouped(pairs)


def _spaceship(a: Any, b: Any) -> int | None:
    num = (int, float, decimal.Decimal)
    if isinstance(a, bool) or isinstance(b, bool):
        return 0 if a is b else None
    if isinstance(a, num) and isinstance(b, num):
        return (a > b) - (a < b)
    if isinstance(a, str) and isinstance(b, str):
        ab, bb = a.encode("utf-8"), b.encode("utf-8")
        return (ab > bb) - (ab < bb)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        for x, y in zip(a, b):
            c = _spaceship(x, y)
            if c is None or c != 0:
                return c
        return (len(a) > len(b)) - (len(a) < len(b))
    if isinstance(a, dt.date) and isinstance(b, dt.date):
        try:
            return (a > b) - (a < b)
        except TypeError:
            return None
    return None


def _ruby_class(value: Any) -> str:
    for kind, name in ((bool, "TrueClass" if value is True else "FalseClass"), (int, "Integer"),
                       (float, "Float"), (str, "String"), (dt.datetime, "Time"), (dt.date, "Date"),
                       (Mapping, "Hash"), ((list, tuple), "Array")):
        if isinstance(value, kind):
            return name
    return "NilClass" if _nil(value) else type(value).__name__


def sort(value: Any, prop: Any = None, nils: Any = "first") -> Any:
    if _nil(value):
        raise FilterArgumentError("Cannot sort a null object.", token=None)
    if isinstance(value, Mapping):
        items: list[Any] = [[k, v] for k, v in value.items()]
    elif isinstance(value, (list, tuple)):
        items = list(value)
    elif isinstance(value, str) or not isinstance(value, Iterable):
        items = [value]
    else:
        items = list(value)
    if _nil(prop):
        def cmp_plain(a: Any, b: Any) -> int:
            c = _spaceship(a, b)
            if c is None:
                # Ruby's rb_cmperr: the right side is inspected only if it is a simple value
                right = ruby_inspect(b) if _nil(b) or isinstance(b, (bool, int, float)) else _ruby_class(b)
                raise FilterArgumentError(
                    f"comparison of {_ruby_class(a)} with {right} failed", token=None
                )
            return c

        return sorted(items, key=functools.cmp_to_key(cmp_plain))
    if nils == "first":
        order = -1
    elif nils == "last":
        order = 1
    else:
        raise FilterArgumentError(
            f"Invalid nils order: '{ruby_to_s(nils)}' is not a valid nils order. "
            "It must be 'first' or 'last'.",
            token=None,
        )
    keyed = [(_item_property(it, prop), it) for it in items]

    def cmp(a: tuple[Any, Any], b: tuple[Any, Any]) -> int:
        ap, bp = a[0], b[0]
        if ap is not None and bp is None:
            return -order
        if ap is None and bp is not None:
            return order
        c = _spaceship(ap, bp)
        if c is None:
            c = _spaceship(ruby_to_s(ap), ruby_to_s(bp)) or 0
        return c

    return [it for _, it in sorted(keyed, key=functools.cmp_to_key(cmp))]


def push(array: Any, item: Any) -> Any:
    if not isinstance(array, (list, tuple)):
        return array
    return [*array, item]


def pop(array: Any, num: Any = 1) -> Any:
    if not isinstance(array, (list, tuple)):
        return array
    n = _liquid_to_integer(num)
    if n < 0:
        raise FilterArgumentError("negative array size", token=None)
    return list(array[: max(len(array) - n, 0)])


def shift(array: Any, num: Any = 1) -> Any:
    if not isinstance(array, (list, tuple)):
        return array
    n = _liquid_to_integer(num)
    if n < 0:
        raise FilterArgumentError("negative array size", token=None)
    return list(array[n:])


def unshift(array: Any, item: Any) -> Any:
    if not isinstance(array, (list, tuple)):
        return array
    return [item, *array]


@with_context
def sample(value: Any, num: Any = 1, *, context: Any) -> Any:
    if not isinstance(value, (list, tuple)):
        return value
    try:
        n = _liquid_to_integer(num)
    except FilterArgumentError:
        n = 1
    chooser = _sampler(context, len(value), n)
    if n == 1:
        return chooser.choice(value) if value else None
    if n < 0:
        raise FilterArgumentError("negative sample number", token=None)
    return chooser.sample(list(value), min(n, len(value)))


def _sampler(context: Any, size: int, n: int) -> Any:
    """Random, as in Jekyll; under SOURCE_DATE_EPOCH the same picks every build (seeded by
    the epoch and the page, not the process, so parallel and cached renders agree)."""
    epoch = clock.source_date_epoch()
    if epoch is None:
        return random
    page = context.resolve("page", default=None) if hasattr(context, "resolve") else None
    url = page.get("url") if isinstance(page, Mapping) else None
    return random.Random(f"{epoch}:{url}:{size}:{n}")


# ---------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------

_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]


def _local_tz(context: Any) -> dt.tzinfo | None:
    tzname = _config(context).get("timezone") if context is not None else None
    if tzname:
        try:
            from zoneinfo import ZoneInfo

            return ZoneInfo(str(tzname))
        except Exception:  # noqa: BLE001 - unknown zone: fall back to system local
            return None
    return None


def _localize(value: dt.datetime, tz: dt.tzinfo | None) -> dt.datetime:
    """Attach the local zone to a naive datetime (Ruby Time is always zoned)."""
    if value.tzinfo is not None:
        return value
    if tz is not None:
        return value.replace(tzinfo=tz)
    return value.astimezone()


def _parse_time_string(text: str, tz: dt.tzinfo | None) -> dt.datetime | None:
    candidate = text.strip()
    try:
        parsed = dt.datetime.fromisoformat(candidate.replace("z", "Z") if candidate.endswith("z") else candidate)
    except ValueError:
        from dateutil import parser as du_parser

        now = clock.now(tz)
        if re.match(r"^\d{1,2}:\d{2}", candidate):
            base = now.replace(hour=0, minute=0, second=0, microsecond=0, tzinfo=None)
        else:
            base = dt.datetime(now.year, 1, 1)
        try:
            parsed = du_parser.parse(candidate, default=base)
        except (ValueError, OverflowError, du_parser.ParserError):
            return None
    return _localize(parsed, tz)


def to_date(value: Any, context: Any = None) -> dt.datetime | dt.date | None:
    """Liquid::Utils.to_date."""
    tz = _local_tz(context)
    value = _to_liquid(value)
    if isinstance(value, (dt.datetime, dt.date)):
        return value
    if isinstance(value, str):
        if value == "":
            return None
        lowered = value.lower()
        if lowered in ("now", "today"):
            return clock.now(tz) if tz else clock.now().astimezone()
        if re.fullmatch(r"\d+", lowered):
            return _from_timestamp(int(lowered), tz)
        return _parse_time_string(lowered, tz)
    if isinstance(value, int) and not isinstance(value, bool):
        return _from_timestamp(value, tz)
    return None


def _from_timestamp(ts: int, tz: dt.tzinfo | None) -> dt.datetime | None:
    try:
        return dt.datetime.fromtimestamp(ts, tz) if tz else dt.datetime.fromtimestamp(ts).astimezone()
    except (OverflowError, OSError, ValueError):
        return None


def _jekyll_time(value: Any, context: Any) -> dt.datetime:
    """Jekyll DateFilters#time: to_date, then ``to_time.localtime``."""
    date = to_date(value, context)
    if date is None:
        raise FilterArgumentError(
            f"Invalid Date: '{ruby_inspect(value)}' is not a valid datetime.", token=None
        )
    tz = _local_tz(context)
    if not isinstance(date, dt.datetime):
        date = _localize(dt.datetime.combine(date, dt.time.min), tz)
    date = _localize(date, tz)
    return date.astimezone(tz) if tz else date.astimezone()


def _fmt_offset(value: dt.datetime | dt.date, sep: str) -> str:
    off = value.utcoffset() if isinstance(value, dt.datetime) else dt.timedelta(0)
    if off is None:
        off = dt.timedelta(0)
    total = int(off.total_seconds())
    sign = "-" if total < 0 else "+"
    total = abs(total)
    hh, rem = divmod(total, 3600)
    mm, ss = divmod(rem, 60)
    if sep == "::":
        return f"{sign}{hh:02d}:{mm:02d}:{ss:02d}"
    return f"{sign}{hh:02d}{':' if sep else ''}{mm:02d}"


def _zone_name(value: dt.datetime | dt.date) -> str:
    if not isinstance(value, dt.datetime):
        return "+00:00"
    tz = value.tzinfo
    if tz is None:
        return value.astimezone().tzname() or ""
    if isinstance(tz, dt.timezone):
        return "UTC" if value.utcoffset() == dt.timedelta(0) else ""
    name = value.tzname()
    if name is None or name.startswith(("UTC+", "UTC-")) or name[:1] in "+-":
        return ""
    return name


_STRFTIME_RE = re.compile(r"%([-_0^#]*)(\d*)(:{0,3})([a-zA-Z%+])")


def ruby_strftime(value: dt.datetime | dt.date, fmt: str) -> str:
    """Ruby ``Time#strftime`` / ``Date#strftime``."""
    is_time = isinstance(value, dt.datetime)
    d = value if is_time else dt.datetime.combine(value, dt.time.min)

    def conv(m: re.Match[str]) -> str:
        flags, width_s, colons, code = m.groups()
        width = int(width_s) if width_s else None
        numeric = True
        pad = "0"
        default_width = 0
        text: str
        if code == "Y":
            y = d.year
            text, default_width = str(y), (5 if y < 0 else 4) if width else 0
        elif code == "C":
            text, default_width = str(d.year // 100), 2
        elif code == "y":
            text, default_width = str(d.year % 100), 2
        elif code == "m":
            text, default_width = str(d.month), 2
        elif code in ("B", "b", "h"):
            name = _MONTHS[d.month - 1]
            text, numeric = (name if code == "B" else name[:3]), False
        elif code == "d":
            text, default_width = str(d.day), 2
        elif code == "e":
            text, default_width, pad = str(d.day), 2, " "
        elif code == "j":
            text, default_width = str(d.timetuple().tm_yday), 3
        elif code == "H":
            text, default_width = str(d.hour), 2
        elif code == "k":
            text, default_width, pad = str(d.hour), 2, " "
        elif code == "I":
            text, default_width = str(d.hour % 12 or 12), 2
        elif code == "l":
            text, default_width, pad = str(d.hour % 12 or 12), 2, " "
        elif code == "P":
            text, numeric = ("am" if d.hour < 12 else "pm"), False
        elif code == "p":
            text, numeric = ("AM" if d.hour < 12 else "PM"), False
            if "#" in flags:
                text, flags = text.lower(), flags.replace("#", "")
        elif code == "M":
            text, default_width = str(d.minute), 2
        elif code == "S":
            text, default_width = str(d.second), 2
        elif code in ("L", "N"):
            digits = width if width else (3 if code == "L" else 9)
            frac = f"{d.microsecond:06d}000"
            text = (frac + "0" * digits)[:digits]
            return text
        elif code == "z":
            text = _fmt_offset(value, ":" * len(colons) if colons else "")
            numeric = False
        elif code == "Z":
            text, numeric = _zone_name(value), False
        elif code in ("A", "a"):
            name = _DAYS[d.weekday()]
            text, numeric = (name if code == "A" else name[:3]), False
        elif code == "u":
            text = str(d.isoweekday())
        elif code == "w":
            text = str(d.isoweekday() % 7)
        elif code == "G":
            text = str(d.isocalendar()[0])
        elif code == "g":
            text, default_width = str(d.isocalendar()[0] % 100), 2
        elif code == "V":
            text, default_width = str(d.isocalendar()[1]), 2
        elif code == "U":
            text, default_width = d.strftime("%U").lstrip("0") or "0", 2
        elif code == "W":
            text, default_width = d.strftime("%W").lstrip("0") or "0", 2
        elif code == "s":
            text = str(int(_localize(d, None).timestamp()) if is_time else int(
                dt.datetime.combine(value, dt.time.min, dt.timezone.utc).timestamp()))
        elif code == "n":
            return "\n"
        elif code == "t":
            return "\t"
        elif code == "%":
            return "%"
        elif code in ("c", "D", "x", "F", "T", "X", "R", "r", "v"):
            sub = {"c": "%a %b %e %H:%M:%S %Y", "D": "%m/%d/%y", "x": "%m/%d/%y",
                   "F": "%Y-%m-%d", "T": "%H:%M:%S", "X": "%H:%M:%S", "R": "%H:%M",
                   "r": "%I:%M:%S %p", "v": "%e-%^b-%Y"}[code]
            text, numeric = ruby_strftime(value, sub), False
        else:
            return m.group(0)

        if "^" in flags or ("#" in flags and not numeric):
            text = text.upper()
        if "-" in flags:
            return text
        if "_" in flags:
            pad = " "
        elif "0" in flags:
            pad = "0"
        target = width if width is not None else default_width
        if not numeric and width is None:
            return text
        if not numeric:
            pad = "0" if "0" in flags else " "
        if len(text) < target:
            if pad == "0" and text.startswith("-"):
                return "-" + text[1:].rjust(target - 1, "0")
            return text.rjust(target, pad)
        return text

    return _STRFTIME_RE.sub(conv, fmt)


@with_context
def date(value: Any, fmt: Any = None, *, context: Any) -> Any:
    if _nil(fmt) or ruby_to_s(fmt) == "":
        return value
    parsed = to_date(value, context)
    if parsed is None:
        return value
    if isinstance(parsed, dt.datetime) and parsed.tzinfo is None:
        parsed = _localize(parsed, _local_tz(context))  # Ruby Times are always zoned
    return ruby_strftime(parsed, ruby_to_s(fmt))


def _empty_date(value: Any) -> bool:
    return ruby_to_s(value) == ""


@with_context
def date_to_xmlschema(value: Any, *, context: Any) -> Any:
    if _empty_date(value):
        return value
    return ruby_strftime(_jekyll_time(value, context), "%Y-%m-%dT%H:%M:%S%:z")


@with_context
def date_to_rfc822(value: Any, *, context: Any) -> Any:
    if _empty_date(value):
        return value
    return ruby_strftime(_jekyll_time(value, context), "%a, %d %b %Y %H:%M:%S %z")


def _ordinal(day: int) -> str:
    if 11 <= day <= 13:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


def _stringify_date(value: Any, month: str, kind: Any, style: Any, context: Any) -> Any:
    if _empty_date(value):
        return value
    time = _jekyll_time(value, context)
    if kind == "ordinal":
        day = f"{time.day}{_ordinal(time.day)}"
        if style == "US":
            return ruby_strftime(time, f"{month} {day}, %Y")
        return ruby_strftime(time, f"{day} {month} %Y")
    return ruby_strftime(time, f"%d {month} %Y")


@with_context
def date_to_string(value: Any, kind: Any = None, style: Any = None, *, context: Any) -> Any:
    return _stringify_date(value, "%b", kind, style, context)


@with_context
def date_to_long_string(value: Any, kind: Any = None, style: Any = None, *, context: Any) -> Any:
    return _stringify_date(value, "%B", kind, style, context)


# ---------------------------------------------------------------------------

# -- Ruby Liquid's standard filters where python-liquid's differ -------------------------

_HTML_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);")


def escape(value: Any) -> Any:
    """CGI.escapeHTML: the apostrophe becomes ``&#39;`` (python's html.escape says &#x27;)."""
    if _nil(value):
        return value
    return "".join(_HTML_ESCAPES.get(c, c) for c in ruby_to_s(value))


def escape_once(value: Any) -> Any:
    if _nil(value):
        return value
    text = ruby_to_s(value)
    parts, last = [], 0
    for match in _ENTITY.finditer(text):
        parts.append(escape(text[last:match.start()]))
        parts.append(match.group(0))
        last = match.end()
    parts.append(escape(text[last:]))
    return "".join(parts)


def split(value: Any, pattern: Any = " ") -> list[str]:
    """Ruby's String#split: trailing empty strings are dropped; " " splits on blanks."""
    text = ruby_to_s(value)
    pattern = ruby_to_s(pattern)
    if pattern == " ":
        return text.split()
    parts = list(text) if pattern == "" else text.split(pattern)
    while parts and parts[-1] == "":
        parts.pop()
    return parts


JEKYLL_FILTERS: dict[str, Callable[..., Any]] = {
    "escape": escape,
    "h": escape,
    "escape_once": escape_once,
    "split": split,
    "relative_url": relative_url,
    "absolute_url": absolute_url,
    "strip_index": strip_index,
    "markdownify": markdownify,
    "smartify": smartify,
    "sassify": sassify,
    "scssify": scssify,
    "slugify": slugify,
    "xml_escape": xml_escape,
    "cgi_escape": cgi_escape,
    "uri_escape": uri_escape,
    "url_encode": url_encode,
    "url_decode": url_decode,
    "normalize_whitespace": normalize_whitespace,
    "number_of_words": number_of_words,
    "array_to_sentence_string": array_to_sentence_string,
    "jsonify": jsonify,
    "where": where,
    "where_exp": where_exp,
    "find": find,
    "find_exp": find_exp,
    "group_by": group_by,
    "group_by_exp": group_by_exp,
    "sort": sort,
    "push": push,
    "pop": pop,
    "shift": shift,
    "unshift": unshift,
    "sample": sample,
    "to_integer": to_integer,
    "inspect": inspect,
    "date_to_xmlschema": date_to_xmlschema,
    "date_to_rfc822": date_to_rfc822,
    "date_to_string": date_to_string,
    "date_to_long_string": date_to_long_string,
    "date": date,
    "default": default,
    "newline_to_br": newline_to_br,
    "strip_html": strip_html,
}
