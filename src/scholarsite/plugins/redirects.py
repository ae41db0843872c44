"""jekyll-redirect-from: ``redirect_from`` pages that send visitors to the new URL."""

from __future__ import annotations

from html import escape

from scholarsite.liquid.filters import compute_absolute_url
from scholarsite.site import Document, Site, list_of

REDIRECT_PAGE = """<!DOCTYPE html>
<html lang="en-US">
  <meta charset="utf-8">
  <title>Redirecting&hellip;</title>
  <link rel="canonical" href="{url}">
  <script>location="{url}"</script>
  <meta http-equiv="refresh" content="0; url={url}">
  <meta name="robots" content="noindex">
  <h1>Redirecting&hellip;</h1>
  <a href="{url}">Click here if you are not redirected.</a>
</html>
"""


def generate_redirects(site: Site) -> None:
    for doc in list(site.all_renderable()):
        for source_url in list_of_urls(doc):
            target = escape(compute_absolute_url(doc.url, site.config), quote=True)
            path = source_url.lstrip("/")
            if not path or path.endswith("/"):
                path += "index.html"
            elif "." not in path.rsplit("/", 1)[-1]:
                path += ".html"
            site.add_generated_file(path, REDIRECT_PAGE.format(url=target).encode("utf-8"))


def list_of_urls(doc: Document) -> list[str]:
    value = doc.data.get("redirect_from")
    return [u for u in (value if isinstance(value, list) else list_of(value)) if u]
