"""al-folio's ``{% file_exists path %}``: ``true`` or ``false``, whether the path (after
Liquid) names a file or folder in the site's source. A path that would lead outside
the site is ``false``: the tag never looks there."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import TYPE_CHECKING, TextIO

from liquid.ast import Node
from liquid.tag import Tag

from scholarsite.liquid.tags import render_fragment, tag_parts
from scholarsite.plugins.registry import Plugin

if TYPE_CHECKING:
    from liquid.context import RenderContext
    from liquid.stream import TokenStream


class FileExistsNode(Node):
    def __init__(self, token, template):
        super().__init__(token)
        self.template, self.blank = template, False

    def render_to_output(self, context: "RenderContext", buffer: TextIO) -> int:
        site = context.env.site
        path = render_fragment(self.template, context).strip().lstrip("/")
        found = False
        if path and ".." not in PurePosixPath(path).parts:
            target = site.source / path
            found = target.exists() and not site.leaves_site(target)
            site.depends_on(target)
        return buffer.write("true" if found else "false")


class FileExistsTag(Tag):
    name = "file_exists"
    block = False

    def parse(self, stream: "TokenStream") -> Node:
        token, markup = tag_parts(stream)
        return FileExistsNode(token, self.env.from_string(markup))


PLUGIN = Plugin("file_exists", tags=(FileExistsTag,))  # al-folio's _plugins/file-exists.rb
