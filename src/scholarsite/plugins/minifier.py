"""jekyll-minifier and jekyll-terser: the site's HTML, CSS and JavaScript written minified.

jekyll-minifier works only in a production build (``JEKYLL_ENV=production``, as
al-folio's deploy action builds): every page is written through a compressor, by its
extension, and so are the site's static ``.css`` and ``.js`` files; names ending in
``.min.css`` / ``.min.js`` and the ``jekyll-minifier: exclude:`` globs are copied as they
are. jekyll-terser minifies the site's static ``.js`` files (not ``.min.js``) in every
build. Each is on when the site lists it in ``plugins:``.

The compressors are Python's: htmlmin for pages, rcssmin for CSS and rjsmin for
JavaScript. htmlmin does what the gem's HTML compressor does by default: comments go
(``remove_comments: false`` keeps them), runs of white space become one space, and
``<pre>``, ``<textarea>``, ``<script>`` and ``<style>`` keep theirs; the one space between
two inline elements stays, as the reader sees it (minify-html, for one, removes it inside
a ``<div>``, which joins al-folio's "DOI arXiv Bib" buttons). Inline ``<style>`` and
``<script>`` bodies are left as written. rjsmin removes comments and white space only:
unlike Terser it renames nothing, which keeps every script working the same. Licence
comments (``/*! ... */``) stay, as with Terser. XML and JSON pages (feeds, the sitemap)
are written as rendered.

Minifying happens as each file is written (as the gems do it), so a cached page or an
unchanged file costs nothing more; the output's digest names the settings, so turning
minifying on or off rewrites the files.
"""

from __future__ import annotations

import fnmatch
import functools
import hashlib
import json
from dataclasses import dataclass

from scholarsite.config import listed_plugins
from scholarsite.plugins.registry import Plugin

MINIFIER, TERSER = "jekyll-minifier", "jekyll-terser"


@dataclass(frozen=True)
class Settings:
    pages: bool  # jekyll-minifier in production: pages, CSS and JavaScript
    scripts: bool  # that, or jekyll-terser: static JavaScript files
    exclude: tuple[str, ...] = ()
    remove_comments: bool = True

    @functools.cached_property
    def key(self) -> str:
        """What the output's digest carries, so that other settings rewrite the file."""
        text = json.dumps([self.pages, self.scripts, self.exclude, self.remove_comments])
        return "min-" + hashlib.sha1(text.encode()).hexdigest()[:12]


def settings(site) -> Settings | None:
    listed = listed_plugins(site.config)
    pages = MINIFIER in listed and site.environment == "production"
    if not pages and TERSER not in listed:
        return None
    options = site.config.get(MINIFIER)
    options = options if isinstance(options, dict) else {}
    exclude = options.get("exclude") or ()
    exclude = (exclude,) if isinstance(exclude, str) else exclude
    return Settings(pages=pages, scripts=pages or TERSER in listed,
                    exclude=tuple(str(e) for e in exclude if e is not None),
                    remove_comments=options.get("remove_comments") is not False)


def kind(rel: str, is_page: bool, setting: Settings) -> str | None:
    """Which compressor writes the output at ``rel``: "html", "css", "js" or None."""
    name = rel.lower()
    if name.endswith((".min.js", ".min.css")):
        return None
    if any(rel == glob or fnmatch.fnmatchcase(rel, glob) for glob in setting.exclude):
        return None
    if name.endswith(".js"):
        return "js" if setting.pages or (setting.scripts and not is_page) else None
    if not setting.pages:
        return None
    if name.endswith(".css"):
        return "css"
    if is_page and name.endswith((".html", ".htm")):
        return "html"
    return None


def minify_html(setting: Settings, data: bytes) -> bytes:
    import htmlmin
    try:
        text = htmlmin.minify(data.decode("utf-8", errors="surrogateescape"),
                              remove_comments=setting.remove_comments,
                              remove_optional_attribute_quotes=False)
    except Exception:  # its parser gave up on this page: the page as rendered is right too
        return data
    return text.encode("utf-8", errors="surrogateescape")


def minify_css(setting: Settings, data: bytes) -> bytes:
    import rcssmin
    return rcssmin.cssmin(data, keep_bang_comments=True)


def minify_js(setting: Settings, data: bytes) -> bytes:
    import rjsmin
    return rjsmin.jsmin(data, keep_bang_comments=True)


COMPRESSORS = {"html": minify_html, "css": minify_css, "js": minify_js}


def minify_when_written(site, outputs: dict) -> None:
    """Give each output the compressor it is written through."""
    setting = settings(site)
    if setting is None:
        return
    for rel, output in outputs.items():
        chosen = kind(rel, output.is_page, setting)
        if chosen is not None:
            output.transform = functools.partial(COMPRESSORS[chosen], setting)
            output.digest = f"{setting.key}:{output.digest}"


PLUGIN = Plugin(MINIFIER, gems=(TERSER,), writers=(minify_when_written,),
                config=(MINIFIER, "terser"))
