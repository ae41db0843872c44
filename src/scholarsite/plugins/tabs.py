"""jekyll-tabs: ``{% tabs group %}{% tab group name %}...{% endtab %}...{% endtabs %}``,
a row of tab names and the Markdown content of each tab (al-folio's sample posts use it;
its script switches between them).

The plugin names each group with a random UUID; here the id comes from the page and the
group's place in it, so two builds give the same page.
"""

from __future__ import annotations

import uuid
from html import escape
from io import StringIO
from typing import TYPE_CHECKING, TextIO

from liquid.ast import Node

from scholarsite.liquid.tags import block_tag
from scholarsite.plugins.registry import Plugin

if TYPE_CHECKING:
    from liquid.context import RenderContext


def open_groups(context: "RenderContext") -> list[list[tuple[str, str]]]:
    """The tab groups being rendered, innermost last (kept with this render)."""
    groups = context.tag_namespace.get("tab_groups")
    return groups if isinstance(groups, list) else []


class TabsNode(Node):
    def __init__(self, token, group: str, block):
        super().__init__(token)
        self.group, self.block, self.blank = group, block, False

    def render_to_output(self, context: "RenderContext", buffer: TextIO) -> int:
        tabs: list[tuple[str, str]] = []
        stack = open_groups(context)
        context.tag_namespace["tab_groups"] = stack + [tabs]
        try:
            self.block.render(context, StringIO())  # the tabs inside fill ``tabs``
        finally:
            context.tag_namespace["tab_groups"] = stack
        page = context.resolve("page", default={})
        url = str(page.get("url", "")) if hasattr(page, "get") else ""
        count = context.tag_namespace["tab_count"] = context.tag_namespace.get("tab_count", 0) + 1
        ident = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{url}#{self.group}-{count}"))
        group = escape(self.group, quote=True)
        active = ['<li class="active"'] + ["<li"] * (len(tabs) - 1)
        names = "".join(
            f'{start} id="{group}-{escape(name.replace(" ", "-"), quote=True)}">\n'
            f'<a href="#">{escape(name)} </a>\n</li>\n' for start, (name, _) in zip(active, tabs))
        bodies = "".join(f"{start}>\n{html}\n</li>\n" for start, (_, html) in zip(active, tabs))
        return buffer.write(
            f'<ul id="{group}" class="tab" data-tab="{ident}" data-name="{group}">\n{names}</ul>\n'
            f'<ul class="tab-content" id="{ident}" data-name="{group}">\n{bodies}</ul>\n')


class TabNode(Node):
    def __init__(self, token, name: str, block):
        super().__init__(token)
        self.name, self.block, self.blank = name, block, False

    def render_to_output(self, context: "RenderContext", buffer: TextIO) -> int:
        from scholarsite.markdown import render_markdown
        inner = StringIO()
        self.block.render(context, inner)
        stack = open_groups(context)
        if stack:  # a tab outside any tabs block shows nothing, as in the plugin
            stack[-1].append((self.name, render_markdown(inner.getvalue(), context.env.site.config)))
        return 0


TabsTag = block_tag("tabs", "endtabs", lambda token, markup, block: TabsNode(
    token, markup.strip(), block))
# ``{% tab group name %}``: the name is everything after the group
TabTag = block_tag("tab", "endtab", lambda token, markup, block: TabNode(
    token, (markup.strip().split(None, 1) + [""])[1].strip(), block))


PLUGIN = Plugin("jekyll-tabs", tags=(TabsTag, TabTag))
