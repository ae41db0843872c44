"""jekyll-redirect-from: ``redirect_from`` pages that send visitors to the new URL."""

from __future__ import annotations

import json
from html import escape

from scholarsite.config import listed_plugins
from scholarsite.liquid.filters import compute_absolute_url
from scholarsite.liquid.safe import json_for_script
from scholarsite.plugins.registry import Plugin
from scholarsite.site import Document, Site, list_of, sanitize_url

REDIRECT_PAGE = """<!DOCTYPE html>
<html lang="en-US">
  <meta charset="utf-8">
  <title>Redirecting&hellip;</title>
  <link rel="canonical" href="{url}">
  <script>location={script_url}</script>
  <meta http-equiv="refresh" content="0; url={url}">
  <meta name="robots" content="noindex">
  <h1>Redirecting&hellip;</h1>
  <a href="{url}">Click here if you are not redirected.</a>
</html>
"""


def generate_redirects(site: Site) -> None:
    redirects: dict[str, str] = {}
    for doc in list(site.all_renderable()):
        for source_url in list_of_urls(doc):
            url = str(compute_absolute_url(doc.url, site.config))
            redirects[source_url] = url
            path = sanitize_url(source_url).lstrip("/")  # as a permalink: never outside the site
            if not path or path.endswith("/"):
                path += "index.html"
            elif "." not in path.rsplit("/", 1)[-1]:
                path += ".html"
            page = REDIRECT_PAGE.format(url=escape(url, quote=True), script_url=json_for_script(url))
            site.add_generated_file(path, page.encode("utf-8"),
                                    f"the redirect_from of {doc.relative_path}", doc,
                                    redirect=True)
    if writes_redirects_json(site, redirects):
        # Like the plugin: old URL -> new one, as Ruby's to_json writes it.
        data = json.dumps(redirects, ensure_ascii=False, separators=(",", ":"))
        site.add_generated_file("redirects.json", data.encode("utf-8"))


def writes_redirects_json(site: Site, redirects: dict[str, str]) -> bool:
    """jekyll-redirect-from writes redirects.json unless the site has its own or sets
    ``redirect_from: {json: false}``."""
    settings = site.config.get("redirect_from")
    if isinstance(settings, dict) and settings.get("json") is False:
        return False
    if (site.source / "redirects.json").exists():
        return False
    return bool(redirects) or "jekyll-redirect-from" in listed_plugins(site.config)


def list_of_urls(doc: Document) -> list[str]:
    value = doc.data.get("redirect_from")
    return [u for u in (value if isinstance(value, list) else list_of(value)) if u]


PLUGIN = Plugin("jekyll-redirect-from", generators=(generate_redirects,), config=("redirect_from",))
