"""Rendering one document: Liquid, then its converter (Markdown or Sass), then layouts.

A pure function of (document, site) apart from writing the results onto the document,
which is what later pages read through ``site.posts`` and friends.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from liquid.exceptions import LiquidError

from scholarsite.errors import BuildError
from scholarsite.frontmatter import decode_utf8, has_front_matter, key_line, split_front_matter
from scholarsite.plugins import mojibake
from scholarsite.plugins import link_attributes
from scholarsite.plugins.chart_blocks import MARK as CHART_MARK
from scholarsite.plugins.chart_blocks import check_chart_blocks
from scholarsite.plugins.emoji import emojify, image_source
from scholarsite.plugins.emoji import enabled as emoji_enabled
from scholarsite.site import Document, Site

LIQUID_MARKERS = ("{{", "{%")


def has_liquid(text: str) -> bool:
    return any(marker in text for marker in LIQUID_MARKERS)


def payload_for(site: Site, doc: Document) -> dict:
    for name in doc.paginated:  # what a paginator lists comes from the site, not the page
        site.reads_listing(name)
    return {"site": site.payload(), "page": doc.drop(), "paginator": doc.paginator,
            "jekyll": {"environment": site.environment,
                       "version": "4.3.1"}}


def render_liquid(site: Site, text: str, name: str, line_offset: int, variables: dict,
                  template=None) -> str:
    env = site.liquid
    if template is None:
        template = env.parse_source(text, name, line_offset)
    try:
        return template.render(**variables)
    except LiquidError as err:
        raise env.located(err, name) from None
    except RecursionError:
        raise BuildError("includes or layouts call themselves without end", name) from None


def convert(site: Site, doc: Document, text: str) -> str:
    if doc.is_markdown:
        from scholarsite.markdown import render_markdown
        return render_markdown(text, site.config)
    if doc.is_sass:
        from scholarsite.sass import compile_sass
        return compile_sass(site, doc, text)
    return text


def render_document(site: Site, doc: Document) -> None:
    """Fill ``doc.content`` (converted) and ``doc.output`` (in its layouts)."""
    render_content(site, doc)
    render_layouts(site, doc)


def render_content(site: Site, doc: Document) -> None:
    """The body: Liquid, then Markdown or Sass. This is what ``post.content`` shows."""
    site.current_page = doc  # so that plugins can say which page a warning comes from
    text = doc.raw_content
    if (doc.is_markdown or doc.output_ext == ".html") and mojibake.enabled(site.config):
        text = repair_mojibake(site, doc, text)
    if doc.data.get("render_with_liquid") is not False and has_liquid(text):
        text = render_liquid(site, text, doc.source_name, doc.body_line, payload_for(site, doc))
    doc.content = convert(site, doc, text)
    if doc.is_markdown and CHART_MARK in doc.content:
        check_chart_blocks(site, doc)
    if doc.output_ext == ".html" and emoji_enabled(site.config):
        doc.content = emojify(doc.content, image_source(site))
    doc.rendered = True


def repair_mojibake(site: Site, doc: Document, text: str) -> str:
    """Show mis-encoded text as meant; one warning per file, at its first such line."""
    text, changes = mojibake.repair(text)
    if changes:
        line, before, after = changes[0]
        col, was, meant = mojibake.stretches(before, after)[0]
        others = len(changes) - 1
        more = f" (and text on {others} more line{'s' if others > 1 else ''})" if others else ""
        site.reporter.warn(mojibake.message(was, meant, more), doc.source_name,
                           line + doc.body_line, col)
    return text


def render_layouts(site: Site, doc: Document) -> None:
    site.current_page = doc
    doc.output = doc.content if doc.is_sass else place_in_layouts(site, doc, payload_for(site, doc))
    if doc.output_ext == ".html":
        options = link_attributes.settings(site.config)
        if options is not None:
            doc.output = link_attributes.add_link_attributes(doc.output, site.config, options)


def place_in_layouts(site: Site, doc: Document, variables: dict) -> str:
    output = doc.content
    name = doc.data.get("layout")
    used: list[str] = []
    layout_data: dict = {}
    requester, requester_text = doc.relative_path, doc.source_text
    while name and str(name).lower() not in ("none", "null"):
        name = str(name)
        if name in used:
            # Jekyll stops quietly; a layout that wraps itself is a mistake worth naming.
            chain = " -> ".join(used[used.index(name):] + [name])
            raise BuildError(f"layout cycle: {chain} (change the layout key in one of them)",
                             requester, key_line(requester_text, "layout"))
        path = site.layouts.get(name)
        if path is None:
            line = key_line(requester_text, "layout")
            site.reporter.warn(f"layout '{name}' does not exist (create _layouts/{name}.html "
                               "or change the layout key)", requester, line)
            break
        used.append(name)
        site.depends_on(path)
        if site.theme_dir is not None and site.theme_dir in path.parents:
            site.uses_theme_layouts = True
        front, body, body_line, template, text = read_layout(site, path)
        layout_data = {**front, **layout_data}
        variables["content"] = output
        variables["layout"] = layout_data
        rel = site.liquid.display_name(path)
        if template is not None:
            with site.profile.template(rel):
                output = render_liquid(site, body, rel, body_line, variables, template)
        else:
            output = body
        requester, requester_text = rel, text
        name = front.get("layout")
    return output


def read_layout(site: Site, path) -> tuple[dict, str, int, object, str]:
    """A layout's front matter, body, parsed template (None without Liquid) and text,
    once per build."""
    cached = site.cache.get(("layout", path))
    if cached is None:
        rel = site.liquid.display_name(path)
        raw = path.read_bytes()
        text = decode_utf8(raw, rel)
        front, body, body_line = split_front_matter(text, rel) if has_front_matter(raw) else ({}, text, 0)
        template = site.liquid.parse_source(body, rel, body_line) if has_liquid(body) else None
        cached = site.cache[("layout", path)] = (front, body, body_line, template, text)
    return cached


def render_excerpt(site: Site, doc: Document) -> str:
    """Jekyll's excerpt: the text before the separator, rendered without layouts."""
    if "excerpt" in doc.data and doc.data["excerpt"] is not None:
        return str(doc.data["excerpt"])
    separator = str(doc.data.get("excerpt_separator") or site.config.get("excerpt_separator") or "\n\n")
    raw = doc.raw_content
    head = raw.split(separator, 1)[0] if separator in raw else raw
    text = head
    if has_liquid(text):
        text = render_liquid(site, text, doc.source_name, doc.body_line, payload_for(site, doc))
    return convert(site, doc, text) if doc.is_markdown else text


@dataclass
class RenderResult:
    """One document's render, as it travels back from a worker process."""

    content: str = ""
    output: str | None = None
    files: set[str] = field(default_factory=set)  # read by the whole render
    listings: set[str] = field(default_factory=set)
    content_files: set[str] = field(default_factory=set)  # read while rendering the body
    content_listings: set[str] = field(default_factory=set)
    content_warnings: int = 0  # how many of ``warnings`` came from the body
    content_cited: bool = False  # the body cited publications (its layout may list them)
    warnings: list[str] = field(default_factory=list)
    generated: dict[str, bytes] = field(default_factory=dict)
    uses_theme_layouts: bool = False
    seconds: float = 0.0
    error: BuildError | None = None


def render_tracked(site: Site, doc: Document, content: str | None = None) -> RenderResult:
    """Render one document, noting what it read, what it warned and what it made.

    With ``content`` (a cached body whose inputs did not change) only the layouts run.
    """
    from scholarsite.cache import Dependencies
    site.recording = Dependencies()
    warned = len(site.reporter.warnings)
    generated_before = set(site.generated_files)
    theme_before, site.uses_theme_layouts = site.uses_theme_layouts, False
    started = time.perf_counter()
    result = RenderResult()
    doc.scholar_cited = []
    try:
        if content is None:
            render_content(site, doc)
            result.content_files = set(site.recording.files)
            result.content_listings = set(site.recording.listings)
            result.content_cited = bool(doc.scholar_cited)
        else:
            doc.content, doc.rendered = content, True
        result.content_warnings = len(site.reporter.warnings) - warned
        render_layouts(site, doc)
        result.content, result.output = doc.content, doc.output
    except BuildError as err:
        result.error = err
    finally:
        result.files, result.listings = site.recording.files, site.recording.listings
        site.recording = None
    result.seconds = time.perf_counter() - started
    result.warnings = site.reporter.warnings[warned:]
    result.generated = {k: site.generated_files[k] for k in site.generated_files.keys() - generated_before}
    result.uses_theme_layouts = site.uses_theme_layouts
    site.uses_theme_layouts = theme_before or site.uses_theme_layouts
    return result
