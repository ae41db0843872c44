"""markdown-it rules implementing kramdown syntax extensions."""
from __future__ import annotations

import re

from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.rules_inline.state_inline import Delimiter

from . import _html

# ---------------------------------------------------------------- attribute lists
_ALD_ITEM_RE = re.compile(
    r"""([\w-]+)=("|')((?:\\\}|\\\2|(?!\2).)*?)\2"""  # key="value"
    r"""|((?:[#.][A-Za-z_][\w:-]*)+)"""  # #id.class
    r"""|([A-Za-z][\w-]*)""",  # reference name
    re.S,
)
_ID_CLASS_RE = re.compile(r"([#.])([A-Za-z_][\w:-]*|-?[_A-Za-z][\w-]*)")


def parse_attribute_list(s: str) -> dict:
    """Parse the content of ``{: ...}``.  Returns dict of attrs; reference
    names are collected under the key ``None`` (a list)."""
    attrs: dict = {}
    for m in _ALD_ITEM_RE.finditer(s):
        if m.group(1):
            attrs[m.group(1)] = re.sub(r"\\(\}|%s)" % re.escape(m.group(2)), r"\1", m.group(3))
        elif m.group(4):
            for kind, val in _ID_CLASS_RE.findall(m.group(4)):
                if kind == "#":
                    attrs["id"] = val
                else:
                    attrs["class"] = f"{attrs.get('class', '')} {val}".lstrip()
        else:
            attrs.setdefault(None, []).append(m.group(5))
    return attrs


def merge_attrs(target: dict, new: dict) -> None:
    for k, v in new.items():
        if k is None:
            target.setdefault(None, []).extend(v)
        elif k == "class" and target.get("class"):
            target["class"] = f"{target['class']} {v}"
        else:
            target[k] = v


_IAL_LINE_RE = re.compile(r"\{:(?!:|/)((?:\\\}|[^}])*)\}[ \t]*$")
_ALD_LINE_RE = re.compile(r"\{:([A-Za-z0-9_][\w-]*):((?:\\\}|[^}])*)\}[ \t]*$")
_EXT_LINE_RE = re.compile(r"\{::(comment|nomarkdown|options)\b([^}]*?)(/)?\}[ \t]*$")


def ial_block(state: StateBlock, startLine: int, endLine: int, silent: bool) -> bool:
    if state.sCount[startLine] - state.blkIndent >= 4:
        return False
    pos = state.bMarks[startLine] + state.tShift[startLine]
    if state.src.startswith("{:", pos) is False:
        return False
    line = state.src[pos:state.eMarks[startLine]]
    m = _ALD_LINE_RE.match(line)
    if m:
        if not silent:
            state.env.setdefault("kd_alds", {})[m.group(1)] = parse_attribute_list(m.group(2))
            state.line = startLine + 1
        return True
    m = _IAL_LINE_RE.match(line)
    if m:
        if not silent:
            tok = state.push("kd_ial", "", 0)
            tok.meta = parse_attribute_list(m.group(1))
            tok.map = [startLine, startLine + 1]
            state.line = startLine + 1
        return True
    m = _EXT_LINE_RE.match(line)
    if m:
        name = m.group(1)
        nxt = startLine + 1
        body_lines = []
        if not m.group(3):
            stop = re.compile(r"\{:/(%s)?\}[ \t]*$" % name)
            while nxt < endLine:
                ln = state.src[state.bMarks[nxt] + state.tShift[nxt]:state.eMarks[nxt]]
                if stop.match(ln):
                    break
                body_lines.append(state.src[state.bMarks[nxt]:state.eMarks[nxt]])
                nxt += 1
            else:
                return False
            nxt += 1
        if silent:
            return True
        if name == "nomarkdown":
            tok = state.push("kd_raw", "", 0)
            tok.content = "\n".join(body_lines) + "\n"
            tok.map = [startLine, nxt]
        state.line = nxt
        return True
    return False


def ial_inline(state: StateInline, silent: bool) -> bool:
    src = state.src
    pos = state.pos
    if not src.startswith("{:", pos):
        return False
    m = _IAL_SPAN_RE.match(src, pos)
    if not m:
        return False
    if not silent:
        tok = state.push("kd_ial_span", "", 0)
        tok.meta = parse_attribute_list(m.group(1))
    state.pos = m.end()
    return True


_IAL_SPAN_RE = re.compile(r"\{:(?!:|/)((?:\\\}|[^}])*)\}")

# ---------------------------------------------------------------- math
_BLOCK_MATH_RE = re.compile(r"[ ]{0,3}\$\$(.*?)\$\$[ \t]*(?:\n|$)", re.S)


def math_block(state: StateBlock, startLine: int, endLine: int, silent: bool) -> bool:
    if state.sCount[startLine] - state.blkIndent >= 4:
        return False
    pos = state.bMarks[startLine] + state.tShift[startLine]
    if not state.src.startswith("$$", pos):
        return False
    m = _BLOCK_MATH_RE.match(state.src, pos)
    if not m:
        return False
    end = m.end()
    # find the line after the closing $$
    nxt = startLine
    while nxt < endLine and state.eMarks[nxt] < end - 1:
        nxt += 1
    nxt += 1
    # kramdown: must be followed by a block boundary (blank line, IAL, EOF)
    if nxt < endLine and not state.isEmpty(nxt):
        ln = state.src[state.bMarks[nxt] + state.tShift[nxt]:state.eMarks[nxt]]
        if not ln.startswith("{:"):
            return False
    if silent:
        return True
    tok = state.push("kd_math_block", "", 0)
    tok.content = m.group(1).strip()
    tok.map = [startLine, nxt]
    state.line = nxt
    return True


def math_inline(state: StateInline, silent: bool) -> bool:
    src = state.src
    pos = state.pos
    if not src.startswith("$$", pos):
        return False
    end = src.find("$$", pos + 2)
    if end < 0:
        return False
    if not silent:
        tok = state.push("kd_math_inline", "", 0)
        tok.content = src[pos + 2:end].strip()
    state.pos = end + 2
    return True


# ---------------------------------------------------------------- HTML blocks
_BLOCK_TAG_START = re.compile(r"<([A-Za-z][\w:.-]*)")
_MARKDOWN_WORD = re.compile("markdown", re.I)


def html_block(state: StateBlock, startLine: int, endLine: int, silent: bool) -> bool:
    """kramdown block HTML: a block-level element spanning to its matching close
    tag (blank lines included), or a comment on its own."""
    if state.sCount[startLine] - state.blkIndent >= 4:
        return False
    pos = state.bMarks[startLine] + state.tShift[startLine]
    src = state.src
    if src[pos:pos + 1] != "<":
        return False
    limit = state.eMarks[endLine - 1] if endLine > startLine else len(src)
    if src.startswith("<!--", pos):
        if silent:
            return False  # kramdown: a comment does not interrupt a paragraph
        end = src.find("-->", pos + 4)
        if end < 0 or end + 3 > limit:
            return False
        end += 3
        kind = "comment"
        elem = None
    elif src.startswith("</", pos):
        m = _html.TAG_RE.match(src, pos)
        if not m or not m.group(1) or m.group(1).lower() in _html.HTML_SPAN_ELEMENTS:
            return False
        end = m.end()
        kind = "raw"
        elem = None
    else:
        m = _BLOCK_TAG_START.match(src, pos)
        if not m or m.group(1).lower() in _html.HTML_SPAN_ELEMENTS:
            return False
        # The element's tree is built only when a markdown="..." attribute may be in it.
        end = _html.element_end(src, pos, limit)
        res = None if end is None else (None, end)
        if end is not None and _MARKDOWN_WORD.search(src, pos, end):
            res = _html.scan_element(src, pos, limit)
        if res is None:
            # unclosed element: fall back to CommonMark's rule (up to a blank line)
            nxt = startLine + 1
            while nxt < endLine and not state.isEmpty(nxt):
                nxt += 1
            if silent:
                return True
            tok = state.push("kd_raw", "", 0)
            tok.content = _html.normalize_raw(src, pos, state.eMarks[nxt - 1], "\n")
            tok.map = [startLine, nxt]
            state.line = nxt
            return True
        elem, end = res
        kind = "elem"
    # the rest of the line after the element must be blank
    nxt = startLine
    while nxt < endLine and state.eMarks[nxt] < end:
        nxt += 1
    if nxt >= endLine:
        return False
    if src[end:state.eMarks[nxt]].strip():
        if kind == "comment":
            return False
        end = state.eMarks[nxt]
        elem = None if kind == "raw" else elem
        if kind == "elem":
            kind = "rawtail"
    if silent:
        return True
    if kind == "elem" and elem is not None and _html.has_markdown_attr(elem):
        tok = state.push("kd_html", "", 0)
        tok.meta = {"elem": elem, "src": src}
    else:
        tok = state.push("kd_raw", "", 0)
        tok.content = (src[pos:end] + "\n" if kind == "comment"
                       else _html.normalize_raw(src, pos, end, "\n"))
    tok.map = [startLine, nxt + 1]
    state.line = nxt + 1
    return True



def normalize_newlines(state) -> None:
    """markdown-it's first core rule (CR LF and CR become LF, NUL becomes U+FFFD), without
    its copy of a text that has neither: a page of thousands of entries is big."""
    src = state.src
    if "\r" in src:
        src = src.replace("\r\n", "\n").replace("\r", "\n")
    if "\0" in src:
        src = src.replace("\0", "\ufffd")
    state.src = src

# ---------------------------------------------------------------- typography
_TYPO_RE = re.compile(r"---|--|\.\.\.|<< |<<| >>|>>")
_TYPO = {"---": "\u2014", "--": "\u2013", "...": "\u2026", "<< ": "\u00ab\u00a0",
         "<<": "\u00ab", " >>": "\u00a0\u00bb", ">>": "\u00bb"}


_QUOTE_RE = re.compile(r"(^|[\s(\[{\u2014\u2013-])?(['\"])")


def _fix_quote(m) -> str:
    q = m.group(2)
    if m.group(1) is not None:
        return m.group(1) + ("\u2018" if q == "'" else "\u201c")
    return "\u2019" if q == "'" else "\u201d"


def typographic_syms(state: StateCore) -> None:
    for tok in state.tokens:
        if tok.type != "inline" or not tok.children:
            continue
        for child in tok.children:
            if child.type == "text":
                c = child.content
                if "--" in c or "..." in c or "<<" in c or ">>" in c:
                    c = child.content = _TYPO_RE.sub(lambda m: _TYPO[m.group(0)], c)
                if "'" in c or '"' in c:
                    # quotes markdown-it left alone: kramdown still converts them
                    child.content = _QUOTE_RE.sub(_fix_quote, c)


_DECADE_RE = re.compile(r"'(?=\d\ds)")


def decade_quotes(state: StateCore) -> None:
    """kramdown's smart-quote special case for decade abbreviations: the ``'``
    in ``the '80s`` is an apostrophe (rsquo), never an opening quote.  Runs
    before markdown-it's smartquotes so the quote takes no part in pairing."""
    rsquo = None
    for tok in state.tokens:
        if tok.type != "inline" or not tok.children:
            continue
        for child in tok.children:
            if child.type == "text" and "'" in child.content:
                if rsquo is None:
                    quotes = state.md.options.get("quotes") or "\u201c\u201d\u2018\u2019"
                    rsquo = quotes[3]
                child.content = _DECADE_RE.sub(rsquo, child.content)


# ---------------------------------------------------------------- abbreviations
_ABBR_DEF_RE = re.compile(r"\*\[(.+?)\]:(.*)$")


def abbr_definition(state: StateBlock, startLine: int, endLine: int, silent: bool) -> bool:
    """``*[ABBR]: expansion`` (kramdown): records the definition, outputs nothing.
    Like kramdown it starts a block but never interrupts a paragraph."""
    if state.sCount[startLine] - state.blkIndent >= 4:
        return False
    pos = state.bMarks[startLine] + state.tShift[startLine]
    if not state.src.startswith("*[", pos):
        return False
    m = _ABBR_DEF_RE.match(state.src[pos:state.eMarks[startLine]])
    if not m:
        return False
    if silent:
        return True
    state.env.setdefault("kd_abbrevs", {})[m.group(1)] = m.group(2).strip()
    state.line = startLine + 1
    return True


def _abbr_regex(defs: dict):
    keys = sorted(defs, key=len, reverse=True)
    union = "|".join(re.escape(k) for k in keys)
    # kramdown: /(?=(?:\W|^)#{union}(?!\w))/ with Ruby's ASCII \w and line-anchored ^
    return re.compile(r"(?:^|(?<=\W))(?:%s)(?!\w)" % union, re.M | re.A)


def abbreviations(state: StateCore) -> None:
    """Replace every occurrence of a defined abbreviation in text with a
    ``kd_abbr`` token (rendered as ``<abbr title="...">``).  Definitions are
    document-wide (they may follow their uses), as in kramdown."""
    defs = state.env.get("kd_abbrevs")
    if not defs:
        return
    key = tuple(defs)
    cached = state.env.get("_kd_abbr_re")
    if cached is None or cached[0] != key:
        cached = state.env["_kd_abbr_re"] = (key, _abbr_regex(defs))
    regex = cached[1]
    for tok in state.tokens:
        if tok.type != "inline" or not tok.children:
            continue
        out = None
        for i, child in enumerate(tok.children):
            if child.type != "text" or not regex.search(child.content):
                if out is not None:
                    out.append(child)
                continue
            if out is None:
                out = tok.children[:i]
            text = child.content
            pos = 0
            for m in regex.finditer(text):
                if m.start() > pos:
                    t = child.__class__("text", "", 0)
                    t.content = text[pos:m.start()]
                    out.append(t)
                a = child.__class__("kd_abbr", "abbr", 0)
                a.content = m.group(0)
                a.meta = {"title": defs.get(m.group(0), "")}
                out.append(a)
                pos = m.end()
            if pos < len(text):
                t = child.__class__("text", "", 0)
                t.content = text[pos:]
                out.append(t)
        if out is not None:
            tok.children = out


_HEADER_ID_RE = re.compile(r"[\t ]\{#([A-Za-z][\w:-]*)\}[\t ]*$")


def header_ids(state: StateCore) -> None:
    """``## Title {#id}`` explicit header ids (before inline parsing)."""
    toks = state.tokens
    for i, tok in enumerate(toks):
        if tok.type == "heading_open":
            inl = toks[i + 1]
            if "{#" in inl.content:
                m = _HEADER_ID_RE.search(inl.content)
                if m:
                    inl.content = inl.content[:m.start()].rstrip()
                    tok.attrSet("id", m.group(1))


def span_ials(state: StateCore) -> None:
    """Apply span IALs to the preceding element; ``s`` -> ``del``."""
    alds = state.env.get("kd_alds")
    for tok in state.tokens:
        if tok.type != "inline" or not tok.children:
            continue
        children = tok.children
        has_ial = False
        for c in children:
            if c.type == "kd_ial_span":
                has_ial = True
            elif c.type in ("s_open", "s_close"):
                c.tag = "del"
        if not has_ial:
            continue
        out = []
        for c in children:
            if c.type != "kd_ial_span":
                out.append(c)
                continue
            target = None
            if out:
                prev = out[-1]
                if prev.type in ("image", "code_inline", "kd_math_inline"):
                    target = prev
                elif prev.nesting == -1:
                    depth = 0
                    for j in range(len(out) - 1, -1, -1):
                        depth += out[j].nesting
                        if depth == 0:
                            target = out[j]
                            break
            if target is not None:
                apply_ial(target, c.meta, alds)
        tok.children = out


def apply_ial(tok, meta: dict, alds: dict | None) -> None:
    attrs = dict(tok.attrs)
    refs = meta.get(None) or ()
    for r in refs:
        if alds and r in alds:
            merge_attrs(attrs, {k: v for k, v in alds[r].items() if k is not None})
    merge_attrs(attrs, {k: v for k, v in meta.items() if k is not None})
    tok.attrs = attrs
    if refs:
        tok.meta = dict(tok.meta or {})
        tok.meta.setdefault("kd_refs", []).extend(refs)


def mailto_autolinks(state) -> None:
    """kramdown shows ``<mailto:a@b.org>`` as ``a@b.org`` (CommonMark keeps the scheme)."""
    for block in state.tokens:
        children = block.children or []
        for i, tok in enumerate(children[:-1]):
            text = children[i + 1]
            if tok.type == "link_open" and tok.markup == "autolink" and text.type == "text" \
                    and text.content.lower().startswith("mailto:"):
                text.content = text.content[len("mailto:"):]


def emphasis(state, silent: bool) -> bool:
    """Emphasis markers as kramdown reads them: ``*`` opens where the next character is
    not a space and closes where the previous one is not, whatever punctuation stands
    beside it (``Author*#, B. Author*`` is emphasis; CommonMark's flanking rules say
    no); ``_`` does not open after a letter or ``-`` nor close before a letter or digit."""
    start = state.pos
    marker = state.src[start]
    if silent or marker not in ("_", "*"):
        return False
    pos = start
    while pos < state.posMax and state.src[pos] == marker:
        pos += 1
    before = state.src[start - 1] if start > 0 else " "
    after = state.src[pos] if pos < state.posMax else " "
    can_open, can_close = not after.isspace(), not before.isspace()
    if marker == "_":
        can_open = can_open and not (before.isalpha() or before == "-")
        can_close = can_close and not after.isalnum()
    for _ in range(pos - start):
        token = state.push("text", "", 0)
        token.content = marker
        state.delimiters.append(Delimiter(marker=ord(marker), length=pos - start,
                                          token=len(state.tokens) - 1, end=-1,
                                          open=can_open, close=can_close))
    state.pos = pos
    return True


def link_destination(string: str, pos: int, maximum: int):
    """kramdown's inline link URL: ``<...>`` as in CommonMark, else everything up to the
    ``)`` that balances the opening one, spaces included (``[Slides](/pdf/My talk.pdf)``),
    line breaks too, ending early only at a space before a quoted title."""
    from markdown_it.helpers import parseLinkDestination
    from markdown_it.common.utils import unescapeAll

    if string[pos:pos + 1] == "<":
        return parseLinkDestination(string, pos, maximum)
    result = parseLinkDestination(string, pos, pos)  # a failed result to fill in
    level, end = 0, pos
    while end < maximum:
        char = string[end]
        if char == "\\" and end + 1 < maximum:
            end += 2
            continue
        if char in " \t\n" and string[end + 1:end + 2] in ("'", '"'):
            break
        if char == "(":
            level += 1
        elif char == ")":
            if level == 0:
                break
            level -= 1
        end += 1
    url = string[pos:end].rstrip(" \t\n")
    if not url or level:
        return result
    result.ok, result.pos, result.str = True, pos + len(url), unescapeAll(url)
    return result
