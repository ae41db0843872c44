"""jekyll-link-attributes: links to other sites get ``rel`` and ``target`` from
``external_links: {enabled, rel, target, exclude}``, as al-folio sets them (``external
nofollow noopener``, ``_blank``). A link that has its own ``rel`` or ``target`` keeps it;
links to the site's own ``url`` and to the ``exclude`` list are left alone. Applied to
every HTML page after its layouts, as the plugin's post-render hook does.
"""

from __future__ import annotations

import re
from html import escape, unescape

from scholarsite.config import listed_plugins

ANCHOR = re.compile(r"<a\s[^>]*>", re.I)
HREF = re.compile(r"""\shref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
# Text where an "<a" is not a tag: scripts, styles, comments and code listings.
SKIPPED = re.compile(r"(<script\b.*?</script>|<style\b.*?</style>|<!--.*?-->|<pre\b.*?</pre>)",
                     re.S | re.I)


def settings(config: dict) -> dict | None:
    options = config.get("external_links")
    if "jekyll-link-attributes" not in listed_plugins(config) or not isinstance(options, dict) \
            or options.get("enabled") is False:
        return None
    return options


def add_link_attributes(html: str, config: dict, options: dict) -> str:
    rel = str(options.get("rel") or "")
    target = str(options.get("target") or "")
    own = str(config.get("url") or "").rstrip("/")
    excluded = [str(e) for e in options.get("exclude") or [] if e]

    def external(href: str) -> bool:
        href = unescape(href.strip())
        if not re.match(r"https?://", href, re.I):
            return False
        if own and (href == own or href.startswith(own + "/")):
            return False
        return not any(href.startswith(e) for e in excluded)

    def tag(match: re.Match) -> str:
        text = match.group(0)
        href = HREF.search(text)
        if href is None or not external(next(g for g in href.groups() if g is not None)):
            return text
        extra = ""
        if rel and not re.search(r"\srel\s*=", text, re.I):
            extra += f' rel="{escape(rel)}"'
        if target and not re.search(r"\starget\s*=", text, re.I):
            extra += f' target="{escape(target)}"'
        if not extra:
            return text
        end = -2 if text.endswith("/>") else -1
        return text[:end].rstrip() + extra + text[end:]

    parts = SKIPPED.split(html)
    return "".join(part if index % 2 else ANCHOR.sub(tag, part)
                   for index, part in enumerate(parts))
