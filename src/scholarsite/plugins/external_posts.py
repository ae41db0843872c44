"""al-folio's external posts (``external_sources:``): posts that its Ruby plugin fetches
from RSS feeds and web pages at build time.

A build here uses no network, so they are left out, with one warning that names the
sources; the rest of the blog builds as usual.
"""

from __future__ import annotations

import re

from scholarsite.config import site_config_file
from scholarsite.plugins.registry import Plugin
from scholarsite.site import Site


def warn_external_posts(site: Site) -> None:
    sources = site.config.get("external_sources")
    if not isinstance(sources, list) or not sources:
        return
    names = [str(s.get("name") or s.get("rss_url") or "?") for s in sources if isinstance(s, dict)]
    if not names:
        return
    line = None
    config_file = site_config_file(site.source)
    if config_file is not None:
        text = config_file.read_text(encoding="utf-8", errors="replace")
        match = re.search(r"^external_sources[ \t]*:", text, re.M)
        line = text.count("\n", 0, match.start()) + 1 if match else None
    site.reporter.warn(f"external_sources: the posts of {', '.join(names)} are fetched from "
                       "the network, which a build does not use; they are left out of the blog",
                       config_file.name if config_file else "_config.yml", line)


PLUGIN = Plugin("external-posts", gems=("al_ext_posts",), generators=(warn_external_posts,),
                config=("external_sources",))
