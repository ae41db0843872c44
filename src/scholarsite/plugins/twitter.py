"""jekyll-twitter-plugin's ``{% twitter URL [maxwidth=N limit=N ...] %}``.

The plugin asks Twitter's oEmbed service for the HTML at build time; builds here use no
network. A timeline is the same link the service returns; a single tweet is the
blockquote Twitter's widgets script fills in the browser, holding a link to the tweet,
and the build says once that the tweet's text is not copied into the page.
"""

from __future__ import annotations

import re
from html import escape
from typing import TYPE_CHECKING, TextIO

from liquid.ast import Node
from liquid.tag import Tag

from scholarsite.liquid.tags import tag_parts
from scholarsite.plugins.registry import Plugin

if TYPE_CHECKING:
    from liquid.context import RenderContext
    from liquid.stream import TokenStream

SCRIPT = '<script async src="https://platform.twitter.com/widgets.js" charset="utf-8"></script>\n'
OPTION = re.compile(r"(\w+)=(\S+)")


def embed(url: str, options: dict[str, str]) -> tuple[str, bool]:
    """The plugin's HTML for ``url``, and whether it lacks what only the network has."""
    link = escape(f"{url}?ref_src=twsrc%5Etfw", quote=True)
    if "/status/" not in url:
        name = url.rstrip("/").rsplit("/", 1)[-1]
        attributes = "".join(f' data-{key}="{escape(options[option], quote=True)}"'
                             for option, key in (("maxwidth", "width"), ("limit", "tweet-limit"))
                             if option in options)
        return (f'<a class="twitter-timeline"{attributes} href="{link}">Tweets by '
                f"{escape(name)}</a>\n{SCRIPT}"), False
    return f'<blockquote class="twitter-tweet"><a href="{link}">{escape(url)}</a></blockquote>\n{SCRIPT}', True


class TwitterNode(Node):
    def __init__(self, token, url: str, options: dict[str, str]):
        super().__init__(token)
        self.url, self.options, self.blank = url, options, False

    def render_to_output(self, context: "RenderContext", buffer: TextIO) -> int:
        html, offline = embed(self.url, self.options)
        site = context.env.site
        if offline and not site.cache.get("tweets offline"):
            site.cache["tweets offline"] = True
            site.reporter.warn("{% twitter %} embeds a tweet as a link that Twitter's script "
                               "fills in the browser: the build uses no network, so the "
                               "tweet's text is not copied into the page")
        return buffer.write(f'<div class="jekyll-twitter-plugin">{html}</div>')


class TwitterTag(Tag):
    name = "twitter"
    block = False

    def parse(self, stream: "TokenStream") -> Node:
        token, markup = tag_parts(stream)
        words = markup.split()
        url = next((w for w in words if "=" not in w), "")
        return TwitterNode(token, url, dict(OPTION.findall(markup)))


PLUGIN = Plugin("jekyll-twitter-plugin", tags=(TwitterTag,))
