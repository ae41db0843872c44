"""jekyll-scholar's Liquid tags on python-liquid 2: bibliography, bibliography_count,
cite, nocite, reference, plus scholarsite's bibliography_download."""

from __future__ import annotations

import io
import re
from html import escape
from pathlib import Path
from typing import Any, TextIO

from liquid.ast import Node
from liquid.tag import Tag
from liquid.token import TOKEN_EXPRESSION, TOKEN_TAG

from scholarsite.errors import BuildError
from scholarsite.frontmatter import decode_utf8
from scholarsite.scholar import core
from scholarsite.scholar.bibtex import BibEntry
from scholarsite.scholar.formatting import citation_html, reference_html

# jekyll-scholar's option splitter (utilities.rb#optparse), plus scholarsite's --limit.
_OPT_SPLIT = re.compile(
    r"(\B-[cCfhqptTsgGOlLomAr]|\B--(?:cited_in_order|cited|clear|bibliography_list_tag|file|"
    r"query|prefix|text|style|group_by|group_order|type_order|template|locator|label|offset|"
    r"max|limit|suppress_author|remove_duplicates)?)")
_SHORT = {"-c": "cited", "-C": "cited_in_order", "-f": "file", "-q": "query", "-h":
          "bibliography_list_tag", "-p": "prefix", "-t": "text", "-T": "template", "-s": "style",
          "-g": "group_by", "-G": "group_order", "-O": "type_order", "-l": "locator",
          "-L": "label", "-o": "offset", "-m": "max", "-A": "suppress_author",
          "-r": "remove_duplicates"}
_FLAGS = {"cited", "cited_in_order", "clear", "suppress_author", "remove_duplicates"}
_MULTI = {"file", "locator", "label"}
_INTERP = re.compile(r"{{\s*([\w.\-\[\]'\"]+)\s*}}")


class Options:
    def __init__(self, arguments: str):
        self.opts: dict[str, Any] = {}
        self.errors: list[str] = []
        # leading words are the positional arguments (cite keys): jekyll-scholar's
        # split_arguments; OptionParser ignores them for the other tags.
        tokens = (arguments or "").strip().split()
        n_args = 0
        while n_args < len(tokens) and not tokens[n_args].startswith("-"):
            n_args += 1
        rest = " ".join(tokens[n_args:])
        pieces = [p.strip() for p in _OPT_SPLIT.split(rest)]
        pieces = [p for p in pieces if p]
        i = 0
        while i < len(pieces):
            tok = pieces[i]
            name = _SHORT.get(tok) or (tok[2:] if tok.startswith("--") else None)
            if name is None or not _OPT_SPLIT.fullmatch(tok):
                self.errors.append(f"unexpected argument {tok!r}")
                i += 1
                continue
            if name in _FLAGS:
                self.opts[name] = True
                # OptionParser: -r takes an optional value
                if name == "remove_duplicates" and i + 1 < len(pieces) and not _OPT_SPLIT.fullmatch(pieces[i + 1]):
                    self.opts["match_fields"] = pieces[i + 1]
                    i += 1
                i += 1
                continue
            if i + 1 >= len(pieces) or _OPT_SPLIT.fullmatch(pieces[i + 1]):
                self.errors.append(f"option {tok} needs a value")
                i += 1
                continue
            value = pieces[i + 1]
            if name in _MULTI:
                self.opts.setdefault(name, []).append(value)
            else:
                self.opts[name] = value
            i += 2

    def get(self, name, default=None):
        return self.opts.get(name, default)


def _lookup(context, path: str):
    parts = [p for p in re.split(r"\.|\[['\"]?|['\"]?\]", path) if p]
    try:
        value = context.resolve(parts[0], default=None)
        for part in parts[1:]:
            if value is None:
                return None
            if isinstance(value, (list, tuple)) and part.lstrip("-").isdigit():
                value = value[int(part)]
            else:
                try:
                    value = value[part]
                except (KeyError, TypeError, IndexError):
                    value = getattr(value, part, None)
    except Exception:
        return None
    if value is None or type(value).__name__.endswith("Undefined"):
        return None
    return value


def interpolate(context, text: str | None) -> str | None:
    """jekyll-scholar's interpolate: ``{{ name }}`` in tag arguments from the context."""
    if text is None or "{{" not in text:
        return text

    def sub(m):
        value = _lookup(context, m.group(1))
        return m.group(0) if value is None else str(value)
    return _INTERP.sub(sub, text)


def content_tag(name: str, content: str | None, attributes: dict | None = None) -> str:
    attrs = "".join(f' {k}="{escape(str(v))}"' for k, v in (attributes or {}).items())
    if content is None:
        return f"<{name}{attrs}/>"
    return f"<{name}{attrs}>{content}</{name}>"


def _site(context):
    site = getattr(context.env, "site", None)
    if site is None:
        raise BuildError("the scholar tags need a site (env.site is not set)")
    return site


def _page(context):
    return _lookup(context, "page")


def _page_location(context, token) -> tuple[str | None, int | None]:
    """The file and line of a tag: the page, or the layout or include holding it."""
    env = getattr(context, "env", None)
    if token is not None and hasattr(env, "source_name") and env.source_name(token) != "?":
        from scholarsite.liquid.tags import token_position
        return env.source_name(token), token_position(token, env.line_offset(token))[0]
    page = _page(context)
    path = None
    if page is not None:
        try:
            path = page["path"]
        except Exception:
            path = None
    line = None
    if token is not None:
        line = token.source.count("\n", 0, token.start_index) + 1
    return (str(path) if path else None), line


def _cited(context) -> list[str]:
    """The keys cited so far on the page being rendered: its body's citations are listed
    by a ``{% bibliography --cited %}`` in its layout, as in jekyll-scholar."""
    site = getattr(getattr(context, "env", None), "site", None)
    page = getattr(site, "current_page", None)
    if page is not None:
        return page.scholar_cited
    root = context
    while getattr(root, "parent_context", None) is not None:
        root = root.parent_context
    return root.tag_namespace.setdefault("scholar_cited", [])


class _Lazy:
    """A value rendered on first output (``{{ reference }}``), so unused ones cost nothing."""
    __slots__ = ("fn", "value")

    def __init__(self, fn):
        self.fn = fn
        self.value = None

    def __str__(self):
        if self.value is None:
            self.value = self.fn()
        return self.value

    def __liquid__(self):
        return str(self)

    def __len__(self):
        return len(str(self))


def details_enabled(site, config: dict) -> bool:
    """jekyll-scholar generates details pages when details_layout is one of the site's
    layouts; scholarsite also on ``scholar.details_pages: true``. A ``details_dir`` alone
    makes none: al-folio sets one and has no such layout, and publishes no such pages."""
    user = site.config.get("scholar") or {}
    if not isinstance(user, dict):
        user = {}
    if "details_pages" in user:
        return bool(user["details_pages"])
    layout = Path(str(config.get("details_layout") or "")).stem
    if not layout:
        return False
    finder = getattr(site, "find_template_file", None)
    if finder is None:
        return False
    found = finder(layout)
    # only a layout of the user's own site counts (the theme ships none)
    try:
        return found is not None and Path(found).is_relative_to(Path(site.source))
    except Exception:
        return False


def details_url(site, config: dict, entry: BibEntry) -> str:
    base = str(site.config.get("baseurl") or "")
    name = re.sub(r"[:\s]+", "_", entry.key)
    permalink = str(site.config.get("permalink") or "")
    ext = "/" if permalink == "pretty" or permalink.endswith("/") else ".html"
    d = str(config.get("details_dir") or "bibliography").strip("/")
    return f"{base}/{d}/{name}{ext}"


def _strip_front_matter(text: str) -> str:
    if text.startswith("---"):
        m = re.match(r"^---[ \t]*\r?\n(.*?)(?:^---|^\.\.\.)[ \t]*\r?\n?", text, re.S | re.M)
        if m:
            return text[m.end():]
    return text


def bibliography_template(env, site, name: str | None):
    """Find the entry template: a layout named so (user's, then theme's), else literal Liquid."""
    name = (name or "").strip()
    if not name:
        name = "{{reference}}"
    path = None
    if "{" not in name and "%" not in name:
        finder = getattr(site, "find_template_file", None)
        path = finder(name) if finder else None
    if path is not None:
        path = Path(path)
        st = path.stat()
        key = ("scholar:template", id(env), str(path), st.st_mtime_ns, st.st_size)
        tpl = site.cache.get(key)
        if tpl is None:
            text = decode_utf8(path.read_bytes(), path)  # a BOM is dropped, bad bytes located
            body = _strip_front_matter(text)
            # parse_source: errors inside it then name this file and its line
            tpl = env.parse_source(body, env.display_name(path), text.count("\n", 0, len(text) - len(body)))
            site.cache[key] = tpl
        return tpl
    key = ("scholar:template-src", id(env), name)
    tpl = site.cache.get(key)
    if tpl is None:
        tpl = env.from_string(name)
        site.cache[key] = tpl
    return tpl


class _ScholarNode(Node):
    __slots__ = ("args", "options")

    def __init__(self, token, args: str):
        super().__init__(token)
        self.args = args
        self.blank = False
        self.options = Options(args)

    def __str__(self):
        return f"{{% {self.token.value} {self.args} %}}"

    def setup(self, context):
        site = _site(context)
        if self.options.errors:
            path, line = _page_location(context, self.token)
            site.reporter.warn(f"{{% {self.token.value} %}}: " + "; ".join(self.options.errors),
                               path, line)
        config = core.scholar_config(site, _page(context))
        return site, config

    def files(self, context) -> list[str] | None:
        files = self.options.get("file")
        return [interpolate(context, f) for f in files] if files else None

    def entries(self, context, site, config) -> list[BibEntry]:
        query = interpolate(context, self.options.get("query"))
        try:
            return core.select(site, config, self.files(context), query)
        except BuildError as err:
            if err.path is None or err.line is None:
                path, line = _page_location(context, self.token)
                if path:
                    raise BuildError(err.message, path, line) from None
            raise

    def cited_entries(self, context, entries: list[BibEntry]) -> list[BibEntry]:
        if self.options.get("cited_in_order"):
            by_key = {e.key: e for e in entries}
            items = [by_key[k] for k in _cited(context) if k in by_key]
        elif self.options.get("cited"):
            cited = set(_cited(context))
            items = [e for e in entries if e.key in cited]
        else:
            return entries
        if self.options.get("clear"):
            _cited(context).clear()
        return items

    async def render_to_output_async(self, context, buffer: TextIO):
        return self.render_to_output(context, buffer)

    def keys(self, context) -> list[str]:
        head = (self.args or "").strip().split()
        keys = []
        for tok in head:
            if tok.startswith("-"):
                break
            value = _lookup(context, tok) if re.fullmatch(r"[A-Za-z_][\w.\-\[\]]*", tok) else None
            if isinstance(value, str) and value:
                keys.append(value)
            elif isinstance(value, (list, tuple)):
                keys.extend(str(v) for v in value)
            else:
                keys.append(tok)
        return keys

    def bibliography_map(self, context, site, config) -> dict[str, BibEntry]:
        paths = core.bibtex_paths(site, config, self.files(context))
        key = ("scholar:keymap",) + tuple(str(p) for p in paths)
        entries = core.load_entries(site, paths)
        cached = site.cache.get(key)
        if cached is None or cached[0] is not entries:
            cached = (entries, {e.key: e for e in entries})
            site.cache[key] = cached
        return cached[1]

    def missing(self, context, site, config, key: str) -> str:
        path, line = _page_location(context, self.token)
        site.reporter.warn(f"{{% {self.token.value} %}}: no BibTeX entry with key {key!r}", path, line)
        return str(config.get("missing_reference") or "(missing reference)")


class BibliographyNode(_ScholarNode):
    def render_to_output(self, context, buffer: TextIO) -> int:
        site, config = self.setup(context)
        opts = self.options
        for name in ("group_by", "group_order", "bibliography_list_tag"):
            if opts.get(name) is not None:
                config[name] = interpolate(context, opts.get(name))
        if opts.get("type_order") is not None:  # jekyll-scholar: -O sets group_by (sic)
            config["group_by"] = interpolate(context, opts.get("type_order"))
        items = self.cited_entries(context, self.entries(context, site, config))
        limit = opts.get("limit")
        if limit is not None and str(limit).strip().isdigit():
            items = items[:int(limit)]
        template = bibliography_template(context.env, site,
                                         interpolate(context, opts.get("template"))
                                         or config.get("bibliography_template"))
        renderer = _EntryRenderer(self, context, site, config, template)
        keys = core.group_keys(config.get("group_by"))
        if keys:
            groups = core.group_entries(items, keys, core.as_list(config.get("group_order")), config)
            tags = core.as_list(config.get("bibliography_group_tag")) or ["h2"]
            out = self.render_groups(groups, keys, tags, 0, renderer, config)
        else:
            offset = int(opts.get("offset") or 0)
            mx = opts.get("max")
            if mx is not None or offset:
                end = None if mx is None else offset + int(mx)
                items = items[offset:end]
            out = renderer.render_list(items)
        return buffer.write(out)

    def render_groups(self, groups, keys, tags, depth, renderer, config) -> str:
        if depth == len(keys):
            return renderer.render_list(groups)
        tag = tags[depth] if depth < len(tags) else tags[-1]
        parts = []
        for value, children in groups:
            head = content_tag(tag, escape(core.group_name(keys[depth], value, config), quote=False),
                               {"class": config.get("bibliography_class", "bibliography")})
            parts.append(head + "\n" + self.render_groups(children, keys, tags, depth + 1,
                                                           renderer, config))
        return "\n".join(parts)


class _EntryRenderer:
    def __init__(self, node, context, site, config, template):
        self.node, self.context, self.site, self.config = node, context, site, config
        self.template = template
        # The bundled theme shows clean BibTeX; al-folio's templates pass jekyll-scholar's
        # through their hideCustomBibtex, which takes al-folio's fields out line by line
        # (and so does the bundled theme for an al-folio v1 site, whose theme it stands for).
        bundled = str(getattr(template, "name", "")).startswith("theme:") \
            and site.config.get("theme") != "al_folio_core"
        self.skip = core.skip_own_fields(config) if bundled else core.skip_fields(config)
        self.prefix = interpolate(context, node.options.get("prefix"))
        self.details = details_enabled(site, config)
        self.list_tag = str(config.get("bibliography_list_tag") or "ol")
        self.item_tag = str(config.get("bibliography_item_tag") or "li")
        self.list_attrs = {"class": config.get("bibliography_class", "bibliography"),
                           **(config.get("bibliography_list_attributes") or {})}
        self.item_attrs = dict(config.get("bibliography_item_attributes") or {})

    def reference(self, entry: BibEntry) -> _Lazy:
        ident = "-".join(p for p in (self.prefix, entry.key) if p)
        tagname = str(self.config.get("reference_tagname") or "span")
        return _Lazy(lambda: content_tag(tagname, reference_html(entry), {"id": ident}))

    def render_entry(self, entry: BibEntry, index: int) -> str:
        data = entry.liquid(self.skip)
        link = details_url(self.site, self.config, entry) if self.details else None
        namespace = {"entry": data, "reference": self.reference(entry), "key": entry.key,
                     "type": entry.type, "link": None, "links": {}, "index": index,
                     "details": link}
        buf = io.StringIO()
        ctx = self.context.copy(namespace=namespace, block_scope=True)
        self.template.render_with_context(ctx, buf, partial=True)
        out = buf.getvalue()
        if link:
            out += content_tag("a", str(self.config.get("details_link") or "Details"),
                               {"class": self.config.get("details_link_class", "details"),
                                "href": link})
        return out

    def render_list(self, items: list[BibEntry]) -> str:
        body = "\n".join(content_tag(self.item_tag, self.render_entry(e, i + 1), self.item_attrs)
                         for i, e in enumerate(items))
        return content_tag(self.list_tag, body, self.list_attrs)


class BibliographyCountNode(_ScholarNode):
    def render_to_output(self, context, buffer: TextIO) -> int:
        site, config = self.setup(context)
        items = self.cited_entries(context, self.entries(context, site, config))
        mx = self.options.get("max") or self.options.get("limit")
        if mx is not None and str(mx).isdigit():
            items = items[:int(mx)]
        return buffer.write(str(len(items)))


class CiteNode(_ScholarNode):
    def render_to_output(self, context, buffer: TextIO) -> int:
        site, config = self.setup(context)
        bib = self.bibliography_map(context, site, config)
        keys = self.keys(context)
        entries = []
        for key in keys:
            entry = bib.get(key)
            if entry is None:
                return buffer.write(self.missing(context, site, config, key))
            entries.append(entry)
        if not entries:
            return 0
        cited = _cited(context)
        for e in entries:
            if e.key not in cited:
                cited.append(e.key)
        prefix = interpolate(context, self.options.get("prefix"))
        target = f"{config.get('relative') or ''}#" + "-".join(p for p in (prefix, keys[0]) if p)
        text = self.options.get("text")
        label = interpolate(context, text) if text else citation_html(entries, self.options.get("locator") or [])
        return buffer.write(content_tag("a", label, {"class": config.get("cite_class", "citation"),
                                                     "href": target}))


class NoCiteNode(_ScholarNode):
    def render_to_output(self, context, buffer: TextIO) -> int:
        site, config = self.setup(context)
        bib = self.bibliography_map(context, site, config)
        cited = _cited(context)
        for key in self.keys(context):
            if key not in bib:
                return buffer.write(self.missing(context, site, config, key))
            if key not in cited:
                cited.append(key)
        return 0


class ReferenceNode(_ScholarNode):
    def render_to_output(self, context, buffer: TextIO) -> int:
        site, config = self.setup(context)
        bib = self.bibliography_map(context, site, config)
        keys = self.keys(context)
        if not keys:
            return 0
        entry = bib.get(keys[0])
        if entry is None:
            return buffer.write(self.missing(context, site, config, keys[0]))
        prefix = interpolate(context, self.options.get("prefix"))
        ident = "-".join(p for p in (prefix, entry.key) if p)
        return buffer.write(content_tag(str(config.get("reference_tagname") or "span"),
                                        reference_html(entry), {"id": ident}))


class DetailsLinkNode(_ScholarNode):
    """``{% details_link key %}``: the URL of the entry's details page (jekyll-scholar's
    details_link_for), whether or not the site makes such pages."""

    def render_to_output(self, context, buffer: TextIO) -> int:
        site, config = self.setup(context)
        keys = self.keys(context)
        if not keys:
            return 0
        entry = self.bibliography_map(context, site, config).get(keys[0])
        if entry is None:
            return buffer.write(self.missing(context, site, config, keys[0]))
        return buffer.write(details_url(site, config, entry))


class DownloadNode(_ScholarNode):
    """``{% bibliography_download [-f file] [-t text] %}``: a link to the generated .bib."""

    def render_to_output(self, context, buffer: TextIO) -> int:
        site, config = self.setup(context)
        paths = core.bibtex_paths(site, config, self.files(context))
        base = str(site.config.get("baseurl") or "")
        d = str(config.get("details_dir") or "bibliography").strip("/")
        text = interpolate(context, self.options.get("text")) or "Download BibTeX"
        links = [content_tag("a", escape(text), {"class": "bibtex-download",
                                                 "href": f"{base}/{d}/{p.stem}.bib",
                                                 "download": f"{p.stem}.bib"}) for p in paths]
        return buffer.write(" ".join(links))


def _make_tag(tag_name: str, node_cls):
    class _T(Tag):
        name = tag_name
        block = False

        def parse(self, stream):
            # leave the stream on the tag's last token: the parser steps past it
            token = stream.current
            args = ""
            if stream.peek.kind == TOKEN_EXPRESSION:
                next(stream)
                args = stream.current.value
            return node_cls(token, args)
    _T.__name__ = f"{tag_name.title().replace('_', '')}Tag"
    return _T


class QuoteNode(CiteNode):
    """``{% quote key %}text{% endquote %}``: the text as a blockquote, its paragraphs
    and lines kept, with the citation under it (jekyll-scholar's QuoteTag)."""

    __slots__ = ("block",)

    def render_to_output(self, context, buffer: TextIO) -> int:
        inner = io.StringIO()
        self.block.render(context, inner)
        text = inner.getvalue().strip().replace("\n\n", "</p><p>").replace("\n", "<br/>")
        citation = io.StringIO()
        super().render_to_output(context, citation)
        return buffer.write(f"<blockquote><p>{text}</p><cite>{citation.getvalue()}</cite>"
                            "</blockquote>")


class QuoteTag(Tag):
    name = "quote"
    end = "endquote"
    block = True

    def parse(self, stream):
        from liquid.parser import get_parser
        token = stream.current
        next(stream)
        args = ""
        if stream.current.kind == TOKEN_EXPRESSION:
            args = stream.current.value
            next(stream)
        node = QuoteNode(token, args)
        node.block = get_parser(self.env).parse_block(stream, ("endquote",))
        stream.expect(TOKEN_TAG, value="endquote")
        return node


TAGS = {
    "bibliography": BibliographyNode,
    "bibliography_count": BibliographyCountNode,
    "cite": CiteNode,
    "nocite": NoCiteNode,
    "reference": ReferenceNode,
    "details_link": DetailsLinkNode,
    "bibliography_download": DownloadNode,
}
