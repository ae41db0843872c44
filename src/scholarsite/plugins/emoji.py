"""jemoji: ``:sparkles:`` shortcodes in page text become emoji (as Unicode, no images
fetched from elsewhere). On when ``jemoji`` is among the site's plugins, as in al-folio."""

from __future__ import annotations

import re

SHORTCODE = re.compile(r":[a-z0-9_+\-]+:")
# Text between tags, except inside elements whose text is not prose.
SKIPPED = re.compile(r"(<(pre|code|script|style|textarea)\b.*?</\2>|<[^>]*>)", re.S | re.I)


def enabled(config: dict) -> bool:
    plugins = list(config.get("plugins") or []) + list(config.get("gems") or [])
    return "jemoji" in plugins


def emojify(html: str) -> str:
    if ":" not in html:
        return html
    import emoji  # only sites that use jemoji pay for loading its tables
    parts = SKIPPED.split(html)
    out = []
    index = 0
    while index < len(parts):
        text = parts[index]
        out.append(SHORTCODE.sub(lambda m: emoji.emojize(m.group(0), language="alias"), text))
        if index + 1 < len(parts):
            out.append(parts[index + 1])  # a tag or a skipped element, kept as it is
        index += 3
    return "".join(out)
