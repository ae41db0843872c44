"""``{% seo %}`` as jekyll-seo-tag writes it: title, description, canonical URL,
Open Graph and Twitter tags, and schema.org JSON-LD, for layouts that call the tag."""

from __future__ import annotations

from html import escape
from typing import TextIO

from liquid.ast import Node
from liquid.tag import Tag

from scholarsite.liquid.tags import tag_parts
from scholarsite.liquid.filters import compute_absolute_url, strip_html
from scholarsite.liquid.safe import json_for_script
from scholarsite.plugins.registry import Plugin


def text(value) -> str:
    return " ".join(strip_html(str(value)).split()) if value not in (None, "") else ""


def seo_tags(site_config: dict, page) -> str:
    site_title = text(site_config.get("title") or site_config.get("name"))
    page_title = text(page.get("title"))
    is_home = page.get("url") in ("/", "/index.html")
    title = page_title or site_title
    full_title = f"{page_title} | {site_title}" if page_title and site_title and page_title != site_title else title
    if is_home and not page_title and site_config.get("tagline"):
        full_title = f"{site_title} | {text(site_config['tagline'])}"
    description = text(page.get("description") or page.get("excerpt") or site_config.get("description"))
    canonical = compute_absolute_url(page.get("canonical_url") or page.get("url") or "/", site_config)
    kind = "article" if page.get("date") and not is_home else "website"
    image = page.get("image")
    image_url = compute_absolute_url(image.get("path") if isinstance(image, dict) else image,
                                     site_config) if image else ""
    author = page.get("author") or site_config.get("author")
    author_name = text(author.get("name") if isinstance(author, dict) else author)
    lines = [f"<title>{escape(full_title)}</title>",
             '<meta name="generator" content="scholarsite" />',
             f'<meta property="og:title" content="{escape(title)}" />',
             f'<meta property="og:locale" content="{escape(str(site_config.get("lang") or "en_US"))}" />']
    if description:
        lines += [f'<meta name="description" content="{escape(description)}" />',
                  f'<meta property="og:description" content="{escape(description)}" />']
    lines += [f'<link rel="canonical" href="{escape(canonical)}" />',
              f'<meta property="og:url" content="{escape(canonical)}" />']
    if site_title:
        lines.append(f'<meta property="og:site_name" content="{escape(site_title)}" />')
    if image_url:
        lines.append(f'<meta property="og:image" content="{escape(image_url)}" />')
    lines.append(f'<meta property="og:type" content="{kind}" />')
    lines.append(f'<meta name="twitter:card" content="{"summary_large_image" if image_url else "summary"}" />')
    lines.append(f'<meta property="twitter:title" content="{escape(title)}" />')
    data = {"@context": "https://schema.org", "@type": "BlogPosting" if kind == "article" else "WebSite",
            "url": canonical, "headline": title}
    if description:
        data["description"] = description
    if author_name:
        data["author"] = {"@type": "Person", "name": author_name}
    if kind == "article" and hasattr(page.get("date"), "isoformat"):
        data["datePublished"] = page["date"].isoformat()
    lines.append(f'<script type="application/ld+json">{json_for_script(data)}</script>')
    return "<!-- Begin SEO tags (jekyll-seo-tag compatible) -->\n" + "\n".join(lines) + \
        "\n<!-- End SEO tags -->\n"


class SeoNode(Node):
    def __init__(self, token):
        super().__init__(token)
        self.blank = False

    def render_to_output(self, context, buffer: TextIO) -> int:
        page = context.resolve("page")
        page = page if hasattr(page, "get") else {}
        return buffer.write(seo_tags(context.env.site.config, page))


class SeoTag(Tag):
    name = "seo"
    block = False

    def parse(self, stream):
        return SeoNode(tag_parts(stream)[0])


PLUGIN = Plugin("jekyll-seo-tag", tags=(SeoTag,))
