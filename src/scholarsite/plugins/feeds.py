"""jekyll-sitemap and jekyll-feed: ``sitemap.xml``, ``robots.txt``, Atom feeds, ``feed_meta``.

- ``sitemap.xml``: every HTML page and document written (and static ``.html``/``.pdf``
  files), ``<loc>`` absolute, ``<lastmod>`` from ``last_modified_at`` or the date;
  not pages with ``sitemap: false``, redirect pages or the 404 page.
- ``robots.txt``: ``Sitemap: <absolute URL>``, when the site has ``url`` set.
- ``feed.xml`` (or ``feed.path``): the latest ``feed.posts_limit`` (10) posts, Atom as
  jekyll-feed writes it; ``feed/news.xml``: the same for the ``news`` collection.
- ``{% feed_meta %}``: the ``<link rel="alternate">`` to the posts feed.

A file of the same name in the site always wins. They are made when the site lists
jekyll-sitemap / jekyll-feed in ``plugins`` or uses the bundled theme's layouts;
``scholarsite: {sitemap: false, feed: false}`` in ``_config.yml`` turns them off (and
``true`` on).
"""

from __future__ import annotations

from html import escape
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any, TextIO

from liquid.ast import Node
from liquid.stream import TokenStream
from liquid.tag import Tag
from liquid.token import Token

from scholarsite import __version__, clock
from scholarsite.config import listed_plugins
from scholarsite.liquid.tags import tag_parts
from scholarsite.liquid.filters import normalize_whitespace, strip_html
from scholarsite.liquid.filters import compute_absolute_url
from scholarsite.plugins.registry import Plugin
from scholarsite.site import Document, Site, to_datetime

if TYPE_CHECKING:
    from liquid.context import RenderContext

NEWS_FEED = "feed/news.xml"
HTML_EXTENSIONS = (".html", ".htm", ".xhtml")
STATIC_EXTENSIONS = HTML_EXTENSIONS + (".pdf",)


def absolute_url(config: dict, url: str) -> str:
    return str(compute_absolute_url(url, config))


PLUGINS = {"sitemap": "jekyll-sitemap", "feed": "jekyll-feed"}


def switch(site: Site, name: str) -> bool:
    """``scholarsite.sitemap`` / ``scholarsite.feed`` as :func:`decide_switches` left them."""
    flags = site.config.get("scholarsite")
    return bool(flags.get(name)) if isinstance(flags, dict) else False


def decide_switches(site: Site) -> None:
    """On when the site lists the Jekyll plugin or uses the bundled theme's layouts (so a
    plain Jekyll site gets the same files as from Jekyll); ``_config.yml`` may say either
    way. The decision is kept in the configuration, which the render cache watches."""
    flags = site.config.setdefault("scholarsite", {})
    if not isinstance(flags, dict):
        return
    listed = listed_plugins(site.config)
    themed = uses_theme_layouts(site)
    for name, plugin in PLUGINS.items():
        flags.setdefault(name, plugin in listed or themed)


def uses_theme_layouts(site: Site) -> bool:
    theme = site.theme_dir
    if theme is None:
        return False
    theme_layouts = {name for name, path in site.layouts.items()
                     if str(path).startswith(str(theme) + "/")}
    return any(str(doc.data.get("layout")) in theme_layouts for doc in site.all_renderable())


def xml(text: Any) -> str:
    return escape(str(text), quote=True)


def xmlschema(value: Any, site: Site) -> str | None:
    parsed = to_datetime(value, site.tz)
    if parsed is None:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=site.tz)
    return parsed.isoformat(timespec="seconds")


def taken(site: Site, rel: str) -> bool:
    """Does the site itself already write this output path?"""
    rel = rel.lstrip("/")
    if rel in site.generated_files and rel not in site.redirect_stubs:
        return True  # (a redirect page gives way, with a warning)
    if any(doc.write and doc.destination_path == rel for doc in site.all_renderable()):
        return True
    statics = list(site.static_files)
    for collection in site.collections.values():
        if collection.output:
            statics += collection.files
    return any(f.destination_path == rel for f in statics)


# --- sitemap and robots.txt ------------------------------------------------------------

def generate_seo(site: Site) -> None:
    decide_switches(site)
    if switch(site, "sitemap") and not taken(site, "sitemap.xml"):
        site.add_generated_file("sitemap.xml", sitemap_xml(site).encode("utf-8"),
                                "jekyll-sitemap's sitemap.xml")
        if site.config.get("url") and not taken(site, "robots.txt"):
            robots = f"Sitemap: {absolute_url(site.config, '/sitemap.xml')}\n"
            site.add_generated_file("robots.txt", robots.encode("utf-8"),
                                    "jekyll-sitemap's robots.txt")
    if switch(site, "feed"):
        path = feed_path(site.config)
        if not taken(site, path):
            add_feed_page(site, path, "posts")
            # The theme's <head> links the feed when ``site.feed`` is set (jekyll-feed's key).
            site.config.setdefault("feed", {"path": path})
        news = site.collections.get("news")
        if news is not None and news.docs and not taken(site, NEWS_FEED):
            add_feed_page(site, NEWS_FEED, "news")


def in_sitemap(doc: Document) -> bool:
    data = doc.data
    if not doc.write or data.get("sitemap") is False or data.get("redirect_to"):
        return False
    if PurePosixPath(doc.destination_path).suffix.lower() not in HTML_EXTENSIONS:
        return False
    return doc.url not in ("/404.html", "/404/") and doc.basename_without_ext != "404"


def sitemap_xml(site: Site) -> str:
    """jekyll-sitemap's order: collection documents, posts, pages, static files."""
    config = site.config
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
             'xsi:schemaLocation="http://www.sitemaps.org/schemas/sitemap/0.9 '
             'http://www.sitemaps.org/schemas/sitemap/0.9/sitemap.xsd" '
             'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']

    def entry(url: str, lastmod: str | None) -> None:
        if url.endswith("/index.html"):
            url = url[: -len("index.html")]
        lines.append("<url>")
        lines.append(f"<loc>{xml(absolute_url(config, url))}</loc>")
        if lastmod:
            lines.append(f"<lastmod>{lastmod}</lastmod>")
        lines.append("</url>")

    posts = site.collections.get("posts")
    others = [c for label, c in sorted(site.collections.items()) if label != "posts" and c.output]
    for collection in others + ([posts] if posts is not None else []):
        for doc in collection.docs:
            if in_sitemap(doc) and doc.kind != "draft":
                entry(doc.url, xmlschema(doc.data.get("last_modified_at") or doc.date, site))
    for doc in site.pages:
        if in_sitemap(doc):
            entry(doc.url, xmlschema(doc.data.get("last_modified_at"), site))
    for static in site.static_files:
        if PurePosixPath(static.destination_path).suffix.lower() in STATIC_EXTENSIONS:
            if PurePosixPath(static.destination_path).name == "404.html":
                continue
            mtime = clock.file_time(static.path.stat().st_mtime, site.tz)
            entry("/" + static.destination_path, xmlschema(mtime, site))
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


# --- feeds -------------------------------------------------------------------------------

def feed_path(config: dict) -> str:
    feed = config.get("feed")
    path = feed.get("path") if isinstance(feed, dict) else None
    return str(path or "feed.xml").lstrip("/")


def add_feed_page(site: Site, path: str, label: str) -> None:
    """A page that renders after the posts (so their HTML is there), like jekyll-feed's."""
    site.add_generated_page(path, {"layout": None, "sitemap": False, "permalink": "/" + path},
                            f"{{% atom_feed {label} %}}")


def site_title(config: dict) -> str:
    title = config.get("title")
    if title and str(title).strip().lower() != "blank":
        return str(title)
    name = " ".join(str(config[k]) for k in ("first_name", "middle_name", "last_name") if config.get(k))
    return name or person_name(config.get("author")) or str(config.get("name") or "")


def person_name(author: Any) -> str:
    if isinstance(author, dict):
        return str(author.get("name") or "")
    return str(author) if author else ""


def author_xml(site: Site, author: Any) -> str:
    """``<author>`` from a name, a dict, or a key of ``site.data.authors``."""
    if isinstance(author, list):
        author = author[0] if author else None
    authors = site.data.get("authors") if isinstance(site.data, dict) else None
    if isinstance(author, str) and isinstance(authors, dict) and isinstance(authors.get(author), dict):
        author = {"name": author, **authors[author]}
    if isinstance(author, dict):
        name, email, uri = author.get("name"), author.get("email"), author.get("uri")
    else:
        name, email, uri = author, None, None
    if not name:
        return ""
    parts = [f"<name>{xml(name)}</name>"]
    if email:
        parts.append(f"<email>{xml(email)}</email>")
    if uri:
        parts.append(f"<uri>{xml(uri)}</uri>")
    return "<author>" + "".join(parts) + "</author>"


def cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def plain(text: Any) -> str:
    return normalize_whitespace(strip_html(str(text or ""))).strip()


def feed_entries(site: Site, label: str) -> list[Document]:
    collection = site.collections.get(label)
    if collection is None:
        return []
    docs = [d for d in collection.docs if d.kind != "draft" and d.data.get("published") is not False]
    docs.sort(key=lambda d: d.date or site.time, reverse=True)
    feed = site.config.get("feed")
    limit = feed.get("posts_limit") if isinstance(feed, dict) else None
    try:
        limit = int(limit) if limit is not None else 10
    except (TypeError, ValueError):
        limit = 10
    return docs[:limit]


def atom_feed(site: Site, label: str, self_url: str) -> str:
    config = site.config
    site.reads_listing(label)
    site.reads_listing("data")
    entries = feed_entries(site, label)
    feed = config.get("feed")
    excerpt_only = isinstance(feed, dict) and bool(feed.get("excerpt_only"))
    title = site_title(config)
    if label != "posts":
        title = f"{title} | {label.replace('_', ' ').title()}" if title else label.title()
    news_page = next((p for p in site.pages if p.url == f"/{label}/"), None)
    updated = [xmlschema(d.data.get("last_modified_at") or d.date, site) for d in entries]
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<feed xmlns="http://www.w3.org/2005/Atom">',
           f'<generator version="{xml(__version__)}">scholarsite</generator>',
           f'<link href="{xml(absolute_url(config, self_url))}" rel="self" type="application/atom+xml" />',
           f'<link href="{xml(absolute_url(config, "/"))}" rel="alternate" type="text/html" />',
           f"<updated>{max((u for u in updated if u), default=None) or xmlschema(site.time, site)}</updated>",
           f"<id>{xml(absolute_url(config, self_url))}</id>"]
    if title:
        out.append(f'<title type="html">{xml(escape(title, quote=False))}</title>')
    if config.get("description"):
        out.append(f"<subtitle>{xml(plain(config['description']))}</subtitle>")
    feed_author = author_xml(site, config.get("author") or site_title(config))
    if feed_author:
        out.append(feed_author)
    for doc, doc_updated in zip(entries, updated):
        url = doc.url if doc.write or news_page is None else news_page.url
        link = absolute_url(config, url)
        entry_title = plain(doc.data.get("title") or doc.slug)
        out.append("<entry>")
        out.append(f'<title type="html">{xml(escape(entry_title, quote=False))}</title>')
        out.append(f'<link href="{xml(link)}" rel="alternate" type="text/html" '
                   f'title="{xml(escape(entry_title, quote=False))}" />')
        published = xmlschema(doc.date, site)
        if published:
            out.append(f"<published>{published}</published>")
        out.append(f"<updated>{doc_updated or published}</updated>")
        out.append(f"<id>{xml(absolute_url(config, doc.id or doc.url))}</id>")
        excerpt = plain(site.excerpt(doc)) if doc.kind != "page" else ""
        if not excerpt_only and (doc.content or "").strip():
            out.append(f'<content type="html" xml:base="{xml(link)}">{cdata(doc.content.strip())}</content>')
        author = author_xml(site, doc.data.get("author")) or feed_author
        if author:
            out.append(author)
        for term in dict.fromkeys(doc.categories + doc.tags):
            out.append(f'<category term="{xml(term)}" />')
        if excerpt:
            out.append(f'<summary type="html">{cdata(excerpt)}</summary>')
        out.append("</entry>")
    out.append("</feed>")
    return "\n".join(out) + "\n"


def feed_meta(site: Site) -> str:
    """``{% feed_meta %}``: jekyll-feed's ``<link>``, when the site has a posts feed."""
    path = feed_path(site.config)
    if not (switch(site, "feed") or taken(site, path)):
        return ""
    href = absolute_url(site.config, "/" + path)
    title = site_title(site.config)
    return (f'<link type="application/atom+xml" rel="alternate" href="{xml(href)}"'
            + (f' title="{xml(title)}"' if title else "") + " />")


# --- the tags -------------------------------------------------------------------------------

class TextNode(Node):
    def __init__(self, token: Token, render):
        super().__init__(token)
        self.blank = False
        self.render_text = render

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        return buffer.write(self.render_text(context.env.site))


class FeedMetaTag(Tag):
    name = "feed_meta"
    block = False

    def parse(self, stream: TokenStream) -> Node:
        return TextNode(tag_parts(stream)[0], feed_meta)


class AtomFeedTag(Tag):
    """``{% atom_feed posts %}``: the Atom feed of a collection (the page's URL is the feed's)."""

    name = "atom_feed"
    block = False

    def parse(self, stream: TokenStream) -> Node:
        token, markup = tag_parts(stream)
        label = markup.strip() or "posts"

        def render(site: Site) -> str:
            page = site.current_page
            return atom_feed(site, label, page.url if page is not None else "/feed.xml")
        return TextNode(token, render)


PLUGIN = Plugin("jekyll-feed", gems=("jekyll-sitemap",), tags=(FeedMetaTag, AtomFeedTag),
                generators=(generate_seo,), config=("feed", "sitemap"))
