"""Jekyll's URL filters as plain functions (used by filters and the link tags)."""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit


def _escape(url: str) -> str:
    # Addressable::URI.normalize keeps reserved characters and escapes the rest.
    return quote(url, safe="/:?#[]@!$&'()*+,;=%~")


def relative_url(config: dict, url) -> str:
    """Prefix a site path with ``baseurl``; absolute URLs pass through."""
    if url is None:
        return ""
    url = str(url)
    if urlsplit(url).scheme:
        return url
    baseurl = str(config.get("baseurl") or "")
    base = "/" + baseurl.strip("/") if baseurl.strip("/") else ""
    path = url if url.startswith("/") else "/" + url
    joined = re.sub(r"^/+", "/", base + path)
    return _escape(joined)


def absolute_url(config: dict, url) -> str:
    """``relative_url`` with the site's ``url`` in front."""
    if url is None:
        return ""
    url = str(url)
    if urlsplit(url).scheme:
        return url
    site_url = str(config.get("url") or "")
    return site_url.rstrip("/") + relative_url(config, url) if site_url else relative_url(config, url)
