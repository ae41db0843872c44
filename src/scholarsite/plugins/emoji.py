"""jemoji: ``:sparkles:`` shortcodes in page text become emoji. On when ``jemoji`` is among
the site's plugins, as in al-folio.

A site with its own layouts gets what GitHub Pages publishes for it: jemoji's
``<img class="emoji">`` from GitHub's emoji images (``emoji: {src: ...}`` to host them
elsewhere). A site on the bundled theme gets the emoji as Unicode text, so that its pages
fetch nothing from other hosts.
"""

from __future__ import annotations

import re

from scholarsite.config import listed_plugins

SHORTCODE = re.compile(r":[a-z0-9_+\-]+:")
# Text between tags, except inside elements whose text is not prose.
SKIPPED = re.compile(r"(<(pre|code|script|style|textarea)\b.*?</\2>|<[^>]*>)", re.S | re.I)


def enabled(config: dict) -> bool:
    return "jemoji" in listed_plugins(config)


GITHUB_EMOJI = "https://github.githubassets.com/images/icons/emoji/"


def image_source(site) -> str | None:
    """Where jemoji's images come from, or None for Unicode (the bundled theme)."""
    if not any((site.source / "_layouts").glob("default.*")):
        return None
    settings = site.config.get("emoji")
    src = settings.get("src") if isinstance(settings, dict) else None
    return str(src or GITHUB_EMOJI).rstrip("/") + "/"


def as_image(code: str, character: str, src: str) -> str:
    """jemoji's markup; gemoji names the file by the code points, less U+FE0F."""
    name = "-".join(f"{ord(c):x}" for c in character if c != "\ufe0f")
    return (f'<img class="emoji" title="{code}" alt="{code}" src="{src}unicode/{name}.png" '
            'height="20" width="20">')


def emojify(html: str, src: str | None = None) -> str:
    if ":" not in html:
        return html
    import emoji  # only sites that use jemoji pay for loading its tables

    def replace(match: re.Match) -> str:
        code = match.group(0)
        character = emoji.emojize(code, language="alias")
        if character == code or src is None:
            return character
        return as_image(code, character, src)

    parts = SKIPPED.split(html)
    out = []
    index = 0
    while index < len(parts):
        text = parts[index]
        out.append(SHORTCODE.sub(replace, text))
        if index + 1 < len(parts):
            out.append(parts[index + 1])  # a tag or a skipped element, kept as it is
        index += 3
    return "".join(out)
