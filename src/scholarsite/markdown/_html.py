"""kramdown-style handling of HTML: block-level HTML regions, tag
re-serialisation and ``markdown="1"`` content."""
from __future__ import annotations

import re

HTML_CONTENT_MODEL_BLOCK = frozenset(
    "address applet article aside blockquote body dd details div dl fieldset figure "
    "figcaption footer form header hgroup iframe li main map menu nav noscript object "
    "section summary td".split()
)
HTML_CONTENT_MODEL_SPAN = frozenset(
    "a abbr acronym b bdo big button cite caption del dfn dt em h1 h2 h3 h4 h5 h6 i ins "
    "label legend optgroup p q rb rbc rp rt rtc ruby select small span strong sub sup th tt".split()
)
HTML_SPAN_ELEMENTS = frozenset(
    "a abbr acronym b big bdo br button cite code del dfn em i img input ins kbd label "
    "mark option q rb rbc rp rt rtc ruby samp select small span strong sub sup tt u var".split()
)
HTML_ELEMENTS_WITHOUT_BODY = frozenset(
    "area base br col command embed hr img input keygen link meta param source track wbr".split()
)
RAW_TEXT_ELEMENTS = frozenset({"script", "style", "textarea"})


def content_model(name: str) -> str:
    if name in HTML_CONTENT_MODEL_BLOCK:
        return "block"
    if name in HTML_CONTENT_MODEL_SPAN:
        return "span"
    return "raw"


_ATTR_RE = re.compile(
    r"""\s*([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?"""
)
TAG_RE = re.compile(
    r"""<!--.*?-->|<\?.*?\?>|<!\[CDATA\[.*?\]\]>|<![A-Za-z][^>]*>"""
    r"""|</([A-Za-z][\w:.-]*)\s*>"""
    r"""|<([A-Za-z][\w:.-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*(/?)>""",
    re.S,
)
_REF_RE = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#[xX][0-9A-Fa-f]+);")
_ATTR_ESC_RE = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#[xX][0-9A-Fa-f]+);|[<>&\"]")
_ESC = {"<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;"}


def escape_attr(v: str) -> str:
    """kramdown's escape_html(v, :attribute): keeps existing entity references."""
    if not any(c in v for c in '<>&"'):
        return v
    return _ATTR_ESC_RE.sub(lambda m: _ESC.get(m.group(0), m.group(0)), v)


def parse_attrs(s: str) -> dict[str, str]:
    attrs: dict[str, str] = {}
    for m in _ATTR_RE.finditer(s):
        name = m.group(1).lower()
        val = m.group(2)
        if val is None:
            val = m.group(3)
        if val is None:
            val = m.group(4)
        attrs[name] = "" if val is None else val
    return attrs


def html_attributes(attrs: dict) -> str:
    out = []
    for k, v in attrs.items():
        if v is None or (k == "id" and not str(v).strip()):
            continue
        out.append(f' {k}="{escape_attr(str(v))}"')
    return "".join(out)


def serialize_start(name: str, attrs: dict, closed: bool, span: bool = False) -> str:
    if closed or name in HTML_ELEMENTS_WITHOUT_BODY:
        return f"<{name}{html_attributes(attrs)} />"
    return f"<{name}{html_attributes(attrs)}>"


def normalize_tag(tag: str) -> str:
    """Re-serialise a single tag the way kramdown's HTML parser/converter does."""
    m = TAG_RE.fullmatch(tag)
    return tag if m is None else _normalized(m)


def _normalized(m: re.Match) -> str:
    """The tag ``m`` (a TAG_RE match) as kramdown writes it back."""
    if m.group(1):
        return f"</{m.group(1).lower()}>"
    if m.group(2):
        attrs = parse_attrs(m.group(3))
        attrs.pop("markdown", None)
        return serialize_start(m.group(2).lower(), attrs, bool(m.group(4)))
    return m.group(0)


def normalize_raw(html: str, start: int = 0, end: int | None = None, tail: str = "") -> str:
    """Normalise all tags of the raw HTML chunk ``html[start:end]`` (text and comments
    untouched), followed by ``tail``.

    Only the tags that change are cut out and replaced, and the chunk is read in place: a
    big one (a page of thousands of publications) is copied once, not sliced, split into
    a list of every piece and joined again."""
    end = len(html) if end is None else end
    out = []
    done = start  # html[start:done] is in ``out``
    raw_until = None
    for m in TAG_RE.finditer(html, start, end):
        end_name, start_name = m.group(1), m.group(2)
        if raw_until is not None:
            if end_name and end_name.lower() == raw_until:
                raw_until = None
            else:
                continue
        if not (end_name or start_name):
            continue
        tag = m.group(0)
        new = _normalized(m)
        if start_name and start_name.lower() in RAW_TEXT_ELEMENTS and not m.group(4):
            raw_until = start_name.lower()
        if new != tag:
            out.append(html[done:m.start()])
            out.append(new)
            done = m.end()
    if not out:
        return html[start:end] + tail
    out.append(html[done:end])
    out.append(tail)
    return "".join(out)


class Elem:
    __slots__ = ("name", "attrs", "children", "closed", "start", "end", "inner_start", "inner_end")

    def __init__(self, name, attrs, closed, start, inner_start):
        self.name = name
        self.attrs = attrs
        self.children: list = []  # str | Elem
        self.closed = closed
        self.start = start
        self.inner_start = inner_start
        self.inner_end = inner_start
        self.end = inner_start


def scan_element(src: str, pos: int, endpos: int | None = None):
    """Parse the HTML element starting at ``pos``.  Returns (Elem, end) or None
    when the element is not closed (before ``endpos``)."""
    root = None
    stack: list[Elem] = []
    last = pos
    for m in TAG_RE.finditer(src, pos, len(src) if endpos is None else endpos):
        if stack and stack[-1].name in RAW_TEXT_ELEMENTS:
            if not (m.group(1) and m.group(1).lower() == stack[-1].name):
                continue
        if root is None:
            if m.start() != pos or not m.group(2):
                return None
        elif m.start() > last:
            stack[-1].children.append(src[last:m.start()])
        last = m.end()
        if m.group(2):
            name = m.group(2).lower()
            closed = bool(m.group(4))
            el = Elem(name, parse_attrs(m.group(3)), closed, m.start(), m.end())
            if root is None:
                root = el
            else:
                stack[-1].children.append(el)
            if closed or name in HTML_ELEMENTS_WITHOUT_BODY:
                el.end = m.end()
                if root is el:
                    return el, m.end()
            else:
                stack.append(el)
        elif m.group(1):
            name = m.group(1).lower()
            # find matching open element; unmatched close tags are kept as text
            for i in range(len(stack) - 1, -1, -1):
                if stack[i].name == name:
                    for el in stack[i + 1:]:  # implicitly closed
                        el.inner_end = el.end = m.start()
                    el = stack[i]
                    el.inner_end = m.start()
                    el.end = m.end()
                    del stack[i:]
                    break
            else:
                stack[-1].children.append(m.group(0))
                continue
            if not stack:
                return root, m.end()
        else:  # comment etc.
            stack[-1].children.append(m.group(0))
    return None


def element_end(src: str, pos: int, endpos: int) -> int | None:
    """Where the element starting at ``pos`` ends, found as :func:`scan_element` finds it,
    but without building its tree: a page's whole bibliography can be one element of
    many thousand tags. None when it is not closed before ``endpos``."""
    stack: list[str] = []
    for m in TAG_RE.finditer(src, pos, endpos):
        if stack and stack[-1] in RAW_TEXT_ELEMENTS:
            if not (m.group(1) and m.group(1).lower() == stack[-1]):
                continue
        elif not stack and (m.start() != pos or not m.group(2)):
            return None
        if m.group(2):
            if not m.group(4) and m.group(2).lower() not in HTML_ELEMENTS_WITHOUT_BODY:
                stack.append(m.group(2).lower())
            elif not stack:
                return m.end()
        elif m.group(1):
            name = m.group(1).lower()
            if name not in stack:
                continue  # an unmatched close tag is text
            del stack[len(stack) - 1 - stack[::-1].index(name):]
            if not stack:
                return m.end()
    return None


def has_markdown_attr(el: Elem) -> bool:
    if "markdown" in el.attrs:
        return True
    return any(isinstance(c, Elem) and has_markdown_attr(c) for c in el.children)
