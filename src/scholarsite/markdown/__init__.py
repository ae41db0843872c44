"""Markdown in the kramdown dialect (as Jekyll 4 + kramdown 2 + GFM parser
render it), built on markdown-it-py.

Public API::

    render_markdown(text, config=None) -> str
    markdown_heading_title(text) -> str | None

The MarkdownIt instance and the renderer are built once per distinct set of
relevant options and cached.  See ``docs/kramdown.md`` for what is supported.
"""
from __future__ import annotations

import re
import types
import unicodedata
from functools import lru_cache

from markdown_it import MarkdownIt
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin

from .. import highlight as _highlight
from . import _html, _rules
from .tab_rows import tab_rows_to_tables

__all__ = ["render_markdown", "markdown_heading_title"]

_ENTITY_CHARS = {"lsquo": "\u2018", "rsquo": "\u2019", "ldquo": "\u201c", "rdquo": "\u201d",
                 "laquo": "\u00ab", "raquo": "\u00bb", "sbquo": "\u201a", "bdquo": "\u201e",
                 "lsaquo": "\u2039", "rsaquo": "\u203a", "apos": "'", "quot": '"'}


# kramdown's escape_html(:text) escapes only < > & (not quotes), as rouge does
_esc_text = _highlight.escape_code


_TASK_RE = re.compile(r"\s*\[([ xX])\]\s+")
_TASK_UNCHECKED = '<input type="checkbox" class="task-list-item-checkbox" disabled="disabled" />'
_TASK_CHECKED = ('<input type="checkbox" class="task-list-item-checkbox" '
                 'disabled="disabled" checked="checked" />')


def _is_word(c: str) -> bool:
    cat = unicodedata.category(c)
    return cat[0] in "LM" or cat in ("Nd", "Nl", "Pc")


def gfm_header_id(text: str) -> str:
    """kramdown-parser-gfm's generate_gfm_header_id (without the counter)."""
    result = text.lower()
    result = "".join(c for c in result if c in "- \t" or c.isalnum() and c.isascii() or _is_word(c))
    return result.replace(" ", "-").replace("\t", "-")


_NON_ALPHA_START = re.compile(r"^[^a-zA-Z]+", re.M)
_NOT_ID_CHARS = re.compile(r"[^a-zA-Z0-9 -]")


def basic_header_id(text: str) -> str:
    """kramdown's converter basic_generate_id."""
    gen = _NON_ALPHA_START.sub("", text)
    gen = _NOT_ID_CHARS.sub("", gen)
    return gen.replace(" ", "-").lower()


def _plain_text(children) -> str:
    out = []
    for c in children or ():
        t = c.type
        if t in ("text", "text_special", "code_inline", "kd_math_inline", "kd_abbr"):
            out.append(c.content)
        elif t == "image":
            continue
        elif t in ("softbreak", "hardbreak"):
            out.append("\n")
    return "".join(out)


def _toc_levels(v) -> frozenset:
    if v is None:
        return frozenset(range(1, 7))
    if isinstance(v, str):
        m = re.fullmatch(r"\s*(\d)\s*\.\.\s*(\d)\s*", v)
        if m:
            return frozenset(range(int(m.group(1)), int(m.group(2)) + 1))
        return frozenset(int(x) for x in re.findall(r"\d", v))
    if isinstance(v, (list, tuple, set)):
        levels = set()
        for x in v:
            try:
                levels.add(int(x))
            except (TypeError, ValueError):  # not a level (kramdown refuses it): left out
                pass
        return frozenset(levels)
    return frozenset(range(1, 7))


class _Ctx:
    __slots__ = ("env", "gfm_ids", "used_ids", "toc", "toc_placeholder", "html_depth")

    def __init__(self, env):
        self.env = env
        self.gfm_ids: dict[str, int] = {}
        self.used_ids: dict[str, int] = {}
        self.toc: list = []
        self.toc_placeholder = None
        self.html_depth = 0


def _build_tree(tokens):
    root: list = []
    stack = [root]
    for t in tokens:
        if t.nesting == 1:
            node = (t, [])
            stack[-1].append(node)
            stack.append(node[1])
        elif t.nesting == -1:
            if len(stack) > 1:
                stack.pop()
        else:
            stack[-1].append((t, None))
    return root


_BLANK_LINE = re.compile(r"^[^\S\n]*$", re.M)  # only whitespace, as str.strip() sees it


def _blank_lines(text: str) -> list[bool]:
    """For each line of ``text``, whether it is blank (found without splitting the text)."""
    blank = [False] * (text.count("\n") + 1)
    line = pos = 0
    for m in _BLANK_LINE.finditer(text):
        line += text.count("\n", pos, m.start())
        pos = m.start()
        blank[line] = True
    return blank


def _gap_has_blank(blank, a, b) -> bool:
    if a is None or b is None:
        return False
    for i in range(a, min(b, len(blank))):
        if blank[i]:
            return True
    return False


class _Engine:
    def __init__(self, key):
        (self.gfm, self.hard_wrap, self.auto_ids, self.id_prefix, quotes, self.highlight,
         self.toc_levels, backlink, self.math_engine) = key
        self.backlink = backlink
        md = MarkdownIt("commonmark", {"html": True, "xhtmlOut": True, "typographer": True,
                                       "breaks": self.hard_wrap, "quotes": quotes})
        md.enable(["table", "strikethrough", "smartquotes"])
        md.disable(["replacements", "html_block"])
        md.core.ruler.at("normalize", _rules.normalize_newlines)
        md.use(footnote_plugin, inline=False)
        md.use(deflist_plugin)
        # Link URLs as kramdown reads them: its own namespace, not the shared module.
        md.helpers = types.SimpleNamespace(**{name: getattr(md.helpers, name) for name in
                                              dir(md.helpers) if not name.startswith("_")})
        md.helpers.parseLinkDestination = _rules.link_destination
        md.validateLink = lambda url: True
        md.normalizeLink = lambda url: url
        md.normalizeLinkText = lambda url: url
        terminators = {"alt": ["paragraph", "reference", "blockquote", "list", "table"]}
        md.block.ruler.before("table", "kd_ial", _rules.ial_block, terminators)
        md.block.ruler.before("paragraph", "kd_math_block", _rules.math_block)
        md.block.ruler.before("paragraph", "kd_abbr_def", _rules.abbr_definition)
        # Before the headings: a comment whose lines look like a setext underline
        # (``===``, ``---``) stays a comment, as in kramdown.
        md.block.ruler.before("heading", "kd_html", _rules.html_block,
                              {"alt": ["paragraph", "reference", "blockquote"]})
        md.inline.ruler.at("emphasis", _rules.emphasis)
        md.inline.ruler.before("escape", "kd_math_inline", _rules.math_inline)
        md.inline.ruler.before("escape", "kd_ial_span", _rules.ial_inline)
        md.core.ruler.after("block", "kd_header_ids", _rules.header_ids)
        md.core.ruler.after("inline", "kd_span_ials", _rules.span_ials)
        md.core.ruler.after("inline", "kd_mailto", _rules.mailto_autolinks)
        md.core.ruler.before("smartquotes", "kd_decade", _rules.decade_quotes)
        md.core.ruler.after("smartquotes", "kd_typo", _rules.typographic_syms)
        md.core.ruler.after("text_join", "kd_abbr", _rules.abbreviations)
        tail = None
        for name in ("footnote_tail",):
            for r in md.core.ruler.__rules__:
                if r.name == name:
                    tail = r.fn
        if tail is not None:
            md.core.ruler.at("footnote_tail", lambda state: None if state.env.get("_kd_sub") else tail(state))

        rules = md.renderer.rules
        rules["text"] = lambda toks, i, o, e: _esc_text(toks[i].content)
        rules["text_special"] = rules["text"]
        rules["code_inline"] = self._r_code_inline
        rules["softbreak"] = (lambda *a: "<br />\n") if self.hard_wrap else (lambda *a: "\n")
        rules["hardbreak"] = lambda *a: "<br />\n"
        rules["html_inline"] = lambda toks, i, o, e: _html.normalize_tag(toks[i].content)
        rules["footnote_ref"] = self._r_footnote_ref
        rules["kd_math_inline"] = self._r_math_inline
        rules["kd_rawspan"] = lambda toks, i, o, e: toks[i].content
        rules["kd_ial_span"] = lambda *a: ""
        rules["kd_abbr"] = self._r_abbr
        self.md = md
        self._dispatch = {
            "paragraph_open": self._paragraph, "heading_open": self._heading,
            "blockquote_open": self._blockquote, "bullet_list_open": self._list,
            "ordered_list_open": self._list, "table_open": self._table,
            "fence": self._code, "code_block": self._code, "hr": self._hr,
            "html_block": self._raw, "kd_raw": self._raw, "kd_math_block": self._math_block,
            "kd_html": self._html_elem, "dl_open": self._dl,
            "footnote_block_open": self._footnotes,
        }

    # ------------------------------------------------------------ inline
    def _r_code_inline(self, toks, i, opts, env):
        tok = toks[i]
        attrs = dict(tok.attrs)
        if self.highlight:
            cls = attrs.get("class")
            cls = ((cls or "") + " highlighter-rouge").lstrip()
            if not re.search(r"\blanguage-\S+", cls):
                cls = "language-plaintext " + cls
            attrs["class"] = cls
        return f"<code{_html.html_attributes(attrs)}>{_highlight.escape_code(tok.content)}</code>"

    def _r_abbr(self, toks, i, opts, env):
        tok = toks[i]
        title = tok.meta.get("title")
        attrs = {"title": title} if title else {}
        return f"<abbr{_html.html_attributes(attrs)}>{_esc_text(tok.content)}</abbr>"

    def _r_footnote_ref(self, toks, i, opts, env):
        meta = toks[i].meta
        name = meta["label"]
        rep = f":{meta['subId']}" if meta.get("subId") else ""
        return (f'<sup id="fnref:{name}{rep}" role="doc-noteref">'
                f'<a href="#fn:{name}" class="footnote" rel="footnote">{meta["id"] + 1}</a></sup>')

    def _r_math_inline(self, toks, i, opts, env):
        tok = toks[i]
        if self.math_engine != "mathjax" or tok.attrs:
            attrs = dict(tok.attrs)
            if self.math_engine != "mathjax":
                attrs["class"] = f"{attrs.get('class', '')} kdmath".lstrip()
            return f"<span{_html.html_attributes(attrs)}>${tok.content}$</span>"
        return f"\\({_esc_text(tok.content)}\\)"

    def _inline(self, tok, env):
        if not tok.children:
            return ""
        return self.md.renderer.renderInline(tok.children, self.md.options, env)

    # ------------------------------------------------------------ blocks
    def _blocks(self, nodes, indent, ctx, blank, gaps=True):
        out = []
        prev_end = None
        for node in nodes:
            tok = node[0]
            fn = self._dispatch.get(tok.type)
            if fn is None:
                continue
            if gaps and tok.map is not None:
                if prev_end is not None and _gap_has_blank(blank, prev_end, tok.map[0]):
                    out.append("\n")
                # list maps include the trailing blank line
                prev_end = max(tok.map[1] - 1, tok.map[0] + 1) if tok.map[1] > tok.map[0] + 1 else tok.map[1]
            elif tok.type == "footnote_block_open":
                self._trailing_blank(out, prev_end, indent, ctx, blank)
                prev_end = None
            out.append(fn(node, indent, ctx, blank))
        if gaps:
            self._trailing_blank(out, prev_end, indent, ctx, blank)
        return "".join(out)

    @staticmethod
    def _trailing_blank(out, prev_end, indent, ctx, blank):
        if prev_end is not None and indent == 0 and not ctx.html_depth:
            # kramdown keeps the blank line before trailing (non-output) definitions
            rest = blank[prev_end:]
            if True in rest and False in rest[rest.index(True):]:
                out.append("\n")

    def _paragraph(self, node, indent, ctx, blank):
        tok, children = node
        inner = self._inline(children[0][0], ctx.env) if children else ""
        anchors = [c[0] for c in children[1:] if c[0].type == "footnote_anchor"]
        if anchors:
            inner += self._backlinks(anchors, True)
        if tok.hidden:
            return inner
        return f"{' ' * indent}<p{_html.html_attributes(tok.attrs)}>{inner}</p>\n"

    def _backlinks(self, anchors, space):
        out = []
        for a in anchors:
            name = a.meta["label"]
            sub = a.meta.get("subId", 0)
            if sub == 0:
                out.append(f'{chr(0xa0) if space else ""}<a href="#fnref:{name}" class="reversefootnote" '
                           f'role="doc-backlink">{self.backlink}</a>')
            else:
                out.append(f'\xa0<a href="#fnref:{name}:{sub}" class="reversefootnote" '
                           f'role="doc-backlink">{self.backlink}<sup>{sub + 1}</sup></a>')
        return "".join(out)

    def _heading(self, node, indent, ctx, blank):
        tok, children = node
        inline = children[0][0] if children else None
        attrs = dict(tok.attrs)
        level = int(tok.tag[1])
        if self.auto_ids and "id" not in attrs:
            raw = _plain_text(inline.children if inline else ())
            if self.gfm and not ctx.html_depth:
                hid = gfm_header_id(raw)
                n = ctx.gfm_ids.get(hid, -1) + 1
                ctx.gfm_ids[hid] = n
                if n > 0:
                    hid = f"{hid}-{n}"
            else:
                hid = basic_header_id(raw) or "section"
                if hid in ctx.used_ids:
                    ctx.used_ids[hid] += 1
                    hid = f"{hid}-{ctx.used_ids[hid]}"
                else:
                    ctx.used_ids[hid] = 0
            attrs["id"] = self.id_prefix + hid
        html = self._inline(inline, ctx.env) if inline else ""
        if attrs.get("id") and level in self.toc_levels and "no_toc" not in (attrs.get("class") or "").split():
            ctx.toc.append((level, attrs["id"], inline))
        return f"{' ' * indent}<h{level}{_html.html_attributes(attrs)}>{html}</h{level}>\n"

    def _blockquote(self, node, indent, ctx, blank):
        tok, children = node
        ind = " " * indent
        return (f"{ind}<blockquote{_html.html_attributes(tok.attrs)}>\n"
                f"{self._blocks(children, indent + 2, ctx, blank)}{ind}</blockquote>\n")

    def _list(self, node, indent, ctx, blank):
        tok, children = node
        refs = (tok.meta or {}).get("kd_refs") or ()
        if "toc" in refs and ctx.toc_placeholder is None:
            ctx.toc_placeholder = ("\x00kdtoc\x00", tok.tag, dict(tok.attrs))
            return ctx.toc_placeholder[0]
        attrs = dict(tok.attrs)
        attrs.pop("start", None)  # kramdown ignores the start number
        # GFM task lists
        is_task = False
        li_attrs = []
        for item in children:
            sub = item[1]
            if sub and sub[0][0].type == "paragraph_open" and sub[0][1]:
                inl = sub[0][1][0][0]
                kids = inl.children
                if kids and kids[0].type == "text":
                    m = _TASK_RE.match(kids[0].content)
                    if m:
                        is_task = True
                        kids[0].content = kids[0].content[m.end():]
                        box = inl.__class__("kd_rawspan", "", 0)
                        box.content = _TASK_UNCHECKED if m.group(1) == " " else _TASK_CHECKED
                        kids.insert(0, box)
            li_attrs.append({"class": "task-list-item"} if is_task else None)
        if is_task:
            attrs["class"] = "task-list"
        ind = " " * indent
        items = []
        for item, extra in zip(children, li_attrs):
            items.append(self._li(item, indent + 2, ctx, blank, extra))
        return f"{ind}<{tok.tag}{_html.html_attributes(attrs)}>\n{''.join(items)}{ind}</{tok.tag}>\n"

    def _li(self, node, indent, ctx, blank, extra=None, tag="li"):
        tok, children = node
        attrs = dict(tok.attrs)
        if extra:
            attrs.update(extra)
        ind = " " * indent
        out = f"{ind}<{tag}{_html.html_attributes(attrs)}>"
        res = self._blocks(children, indent + 2, ctx, blank)
        if not children or (children[0][0].type == "paragraph_open" and children[0][0].hidden):
            if len(children) > 1:
                # the transparent paragraph's text keeps its newline before nested blocks
                first = self._blocks(children[:1], indent + 2, ctx, blank)
                rest = self._blocks(children[1:], indent + 2, ctx, blank)
                res = first + "\n" + rest
            return out + res + (ind if res.endswith("\n") else "") + f"</{tag}>\n"
        return out + "\n" + res + ind + f"</{tag}>\n"

    def _dl(self, node, indent, ctx, blank):
        tok, children = node
        ind = " " * indent
        parts = []
        for child in children:
            t = child[0]
            if t.type == "dt_open":
                inner = self._inline(child[1][0][0], ctx.env) if child[1] else ""
                parts.append(f"{' ' * (indent + 2)}<dt{_html.html_attributes(t.attrs)}>{inner}</dt>\n")
            elif t.type == "dd_open":
                parts.append(self._li(child, indent + 2, ctx, blank, tag="dd"))
        return f"{ind}<dl{_html.html_attributes(tok.attrs)}>\n{''.join(parts)}{ind}</dl>\n"

    def _table(self, node, indent, ctx, blank):
        tok, children = node

        def block(n, ind):
            t, kids = n
            sp = " " * ind
            if t.type in ("th_open", "td_open"):
                attrs = dict(t.attrs)
                style = attrs.get("style")
                if style and style.startswith("text-align:"):
                    attrs["style"] = "text-align: " + style[11:]
                res = self._inline(kids[0][0], ctx.env) if kids else ""
                return f"{sp}<{t.tag}{_html.html_attributes(attrs)}>{res or chr(0xa0)}</{t.tag}>\n"
            inner = "".join(block(k, ind + 2) for k in kids)
            return f"{sp}<{t.tag}{_html.html_attributes(t.attrs)}>\n{inner}{sp}</{t.tag}>\n"

        return block(node, indent)

    def _code(self, node, indent, ctx, blank):
        tok = node[0]
        attrs = dict(tok.attrs)
        lang = None
        if tok.type == "fence":
            info = tok.info.strip()
            if info:
                lang = re.split(r"[\s?]", info, maxsplit=1)[0] or None
        cls = attrs.get("class")
        if cls:
            m = re.search(r"\blanguage-(\S+)", cls)
            if m:
                lang = lang or m.group(1)
                cls = (cls[:m.start()] + cls[m.end():]).strip()
                attrs["class"] = cls or None
                if not cls:
                    del attrs["class"]
        code = tok.content
        ind = " " * indent
        hl = None
        if self.highlight:
            hl = _highlight.highlight(code, lang or "plaintext")
        if hl is not None:
            c = ((attrs.get("class") or "") + " highlighter-rouge").lstrip()
            attrs["class"] = f"language-{lang or 'plaintext'} {c}"
            return (f'{ind}<div{_html.html_attributes(attrs)}><div class="highlight"><pre class="highlight">'
                    f"<code>{hl}</code></pre></div>{ind}</div>\n")
        body = _highlight.escape_code(code).rstrip("\n")
        code_attrs = f' class="language-{lang}"' if lang else ""
        return f"{ind}<pre{_html.html_attributes(attrs)}><code{code_attrs}>{body}\n</code></pre>\n"

    def _hr(self, node, indent, ctx, blank):
        return f"{' ' * indent}<hr{_html.html_attributes(node[0].attrs)} />\n"

    def _raw(self, node, indent, ctx, blank):
        c = node[0].content
        return c if c.endswith("\n") else c + "\n"

    def _math_block(self, node, indent, ctx, blank):
        tok = node[0]
        if self.math_engine != "mathjax":
            attrs = dict(tok.attrs)
            attrs["class"] = f"{attrs.get('class', '')} kdmath".lstrip()
            return f"{' ' * indent}<div{_html.html_attributes(attrs)}>$$\n{tok.content}\n$$</div>\n"
        res = f"\\[{_esc_text(tok.content)}\\]\n"
        if tok.attrs:
            return f"{' ' * indent}<div{_html.html_attributes(tok.attrs)}>{res}</div>\n"
        return res

    # ------------------------------------------------------------ HTML with markdown="1"
    def _html_elem(self, node, indent, ctx, blank):
        meta = node[0].meta
        return self._elem(meta["elem"], meta["src"], indent, False, ctx)

    def _elem(self, el, src, indent, parent_raw, ctx):
        attrs = dict(el.attrs)
        mode = attrs.pop("markdown", None)
        if mode == "1":
            cm = _html.content_model(el.name)
        elif mode in ("block", "span"):
            cm = mode
        else:
            cm = "raw"
        if cm == "block":
            inner = src[el.inner_start:el.inner_end]
            nl = inner.find("\n")
            if nl >= 0 and not inner[:nl].strip():
                inner = inner[nl + 1:]
            lines = inner.split("\n")
            prefix = "\n" if len(lines) > 1 and not lines[0].strip() and inner.strip() else ""
            stripped = inner.rstrip(" \t")
            suffix = "\n" if re.search(r"\n[ \t]*\n[ \t]*$", stripped) and inner.strip() else ""
            res = prefix + self._sub_blocks(inner, indent + 2, ctx) + suffix
        elif cm == "span":
            inner = src[el.inner_start:el.inner_end].strip()
            env = ctx.env
            res = self.md.renderer.renderInline(self.md.parseInline(inner, env)[0].children or [],
                                                self.md.options, env) if inner else ""
        else:
            parts = []
            for c in el.children:
                if isinstance(c, str):
                    parts.append(c if c.startswith("<") else c)
                else:
                    parts.append(self._elem(c, src, indent + 2, True, ctx))
            res = "".join(parts)
        out = "" if parent_raw else " " * indent
        out += f"<{el.name}{_html.html_attributes(attrs)}"
        if el.closed and cm == "raw":
            out += " />"
        elif res and cm != "block":
            out += f">{res}</{el.name}>"
        elif res:
            out += f">\n{res[:-1] if res.endswith(chr(10)) else res}\n{' ' * indent}</{el.name}>"
        elif el.name in _html.HTML_ELEMENTS_WITHOUT_BODY:
            out += " />"
        else:
            out += f"></{el.name}>"
        if not parent_raw:
            out += "\n"
        return out

    def _sub_blocks(self, text, indent, ctx):
        env = ctx.env
        env["_kd_sub"] = env.get("_kd_sub", 0) + 1
        try:
            tokens = self.md.parse(text, env)
        finally:
            env["_kd_sub"] -= 1
            if not env["_kd_sub"]:
                del env["_kd_sub"]
        nodes = _build_tree(tokens)
        self._apply_block_ials(nodes, env)
        ctx.html_depth += 1
        try:
            return self._blocks(nodes, indent, ctx, _blank_lines(text))
        finally:
            ctx.html_depth -= 1

    # ------------------------------------------------------------ footnotes / toc
    def _footnotes(self, node, indent, ctx, blank):
        items = []
        for fn in node[1]:
            tok, kids = fn
            if tok.type != "footnote_open":
                continue
            name = tok.meta["label"]
            anchors = [k[0] for k in kids if k[0].type == "footnote_anchor"]
            body = self._blocks(kids, 6, ctx, blank)
            if anchors:
                body += f"      <p>{self._backlinks(anchors, False)}</p>\n"
            items.append(f'    <li id="fn:{name}" role="doc-endnote">\n{body}    </li>\n')
        return ('<div class="footnotes" role="doc-endnotes">\n  <ol>\n' + "".join(items)
                + "  </ol>\n</div>\n")

    def _toc_html(self, ctx):
        _, tag, attrs = ctx.toc_placeholder
        attrs.setdefault("id", "markdown-toc")
        base = attrs["id"]
        # build tree: each entry -> [level, id, inline, children]
        roots: list = []
        stack: list = []
        for level, hid, inline in ctx.toc:
            entry = [level, hid, inline, []]
            while stack and stack[-1][0] >= level:
                stack.pop()
            (stack[-1][3] if stack else roots).append(entry)
            stack.append(entry)

        def text_of(inline):
            if inline is None or not inline.children:
                return ""
            kids = [c for c in inline.children
                    if c.type not in ("link_open", "link_close", "footnote_ref")]
            return self.md.renderer.renderInline(kids, self.md.options, ctx.env)

        def render_list(entries, indent, a):
            ind = " " * indent
            lis = []
            for level, hid, inline, kids in entries:
                li_ind = " " * (indent + 2)
                res = f'<a href="#{hid}" id="{base}-{hid}">{text_of(inline)}</a>'
                if kids:
                    res += render_list(kids, indent + 4, {})
                lis.append(f"{li_ind}<li>{res}{li_ind if res.endswith(chr(10)) else ''}</li>\n")
            return f"{ind}<{tag}{_html.html_attributes(a)}>\n{''.join(lis)}{ind}</{tag}>\n"

        return render_list(roots, 0, attrs) if roots else ""

    # ------------------------------------------------------------ IALs
    def _apply_block_ials(self, nodes, env):
        alds = env.get("kd_alds")
        has = False
        for i, node in enumerate(nodes):
            tok, kids = node
            if kids:
                self._apply_block_ials(kids, env)
            if tok.type == "kd_ial":
                has = True
                target = None
                if i > 0 and nodes[i - 1][0].type != "kd_ial":
                    prev = nodes[i - 1][0]
                    if prev.map is None or prev.map[1] >= tok.map[0]:
                        target = prev
                if target is None and i + 1 < len(nodes):
                    target = nodes[i + 1][0]
                if target is not None and target.type not in ("kd_ial", "inline"):
                    _rules.apply_ial(target, tok.meta, alds)
        if has:
            nodes[:] = [n for n in nodes if n[0].type != "kd_ial"]

    # ------------------------------------------------------------ entry
    def render(self, text: str) -> str:
        env: dict = {}
        tokens = self.md.parse(text, env)
        nodes = _build_tree(tokens)
        self._apply_block_ials(nodes, env)
        ctx = _Ctx(env)
        blank = _blank_lines(text.replace("\r\n", "\n"))
        out = self._blocks(nodes, 0, ctx, blank)
        if ctx.toc_placeholder is not None:
            out = out.replace(ctx.toc_placeholder[0], self._toc_html(ctx), 1)
        return out

    def heading_title(self, text: str) -> str | None:
        tokens = self.md.parse(text, {})
        for i, tok in enumerate(tokens):
            if tok.type == "heading_open" and i + 1 < len(tokens):
                return _plain_text(tokens[i + 1].children).strip() or None
        return None


def _quotes(v) -> tuple[str, str, str, str]:
    """markdown-it's quotes option (one string per quote: an entity may be several
    characters, an empty one is left out)."""
    if not v:
        v = "lsquo,rsquo,ldquo,rdquo"
    if isinstance(v, (list, tuple)):
        parts = [str(p) for p in v]
    else:
        parts = [p.strip() for p in str(v).split(",")]
    chars = []
    for p in parts[:4]:
        if p.isdecimal() and int(p) < 0x110000:  # a code point ("²" is a digit, not decimal)
            chars.append(chr(int(p)))
        else:
            chars.append(_ENTITY_CHARS.get(p, p) or "'")
    while len(chars) < 4:
        chars.append("'")
    lsquo, rsquo, ldquo, rdquo = chars
    return ldquo, rdquo, lsquo, rsquo


def _options_key(config) -> tuple:
    config = config or {}
    kd = config.get("kramdown") or {}
    if not isinstance(kd, dict):
        kd = {}
    gfm = str(kd.get("input", "GFM")).lower() == "gfm"
    hl = kd.get("syntax_highlighter", config.get("highlighter", "rouge"))
    highlight = hl not in (None, False, "none", "None", "false", "")
    math = kd.get("math_engine", "mathjax")
    return (
        gfm,
        bool(kd.get("hard_wrap", False)) and gfm,
        bool(kd.get("auto_ids", True)),
        str(kd.get("auto_id_prefix", "") or ""),
        _quotes(kd.get("smart_quotes")),
        highlight,
        _toc_levels(kd.get("toc_levels")),
        _esc_text(str(kd.get("footnote_backlink", "&#8617;"))).replace("&amp;#", "&#"),
        "mathjax" if math in ("mathjax", "MathJax") else str(math),
    )


@lru_cache(maxsize=16)
def _engine(key) -> _Engine:
    return _Engine(key)


def render_markdown(text: str, config: dict | None = None) -> str:
    """Render kramdown-flavoured Markdown to HTML like Jekyll 4 would."""
    flags = (config or {}).get("scholarsite")
    if not (isinstance(flags, dict) and flags.get("tab_tables") is False):
        text = tab_rows_to_tables(text)
    return _engine(_options_key(config)).render(text)


def markdown_heading_title(text: str) -> str | None:
    """Plain text of the first heading of ``text`` (or None)."""
    return _engine(_options_key(None)).heading_title(text)
