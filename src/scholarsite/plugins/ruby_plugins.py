"""Tags of Ruby plugins that scholarsite cannot run: one warning per name, rendered empty.

A real site may carry its own ``_plugins/*.rb`` or list a gem whose tag scholarsite does not
provide. Jekyll would run that Ruby; scholarsite cannot, and stopping the whole build for
one tag helps no one, so the tag renders nothing and the first use of each name is a
located warning naming the ``_plugins`` file that defines it, if one does. ``--strict``
makes it an error. A stray ``{% endif %}`` or ``{% else %}`` stays an error: Jekyll
refuses those too.
"""

from __future__ import annotations

import re
from pathlib import Path

from liquid.ast import IllegalNode
from liquid.builtin.illegal import Illegal
from liquid.stream import TokenStream
from liquid.token import TOKEN_EXPRESSION, TOKEN_TAG
from scholarsite.plugins.registry import Plugin

REGISTER_TAG = re.compile(r"""register_tag\s*\(?\s*['":](\w+)""")
# Words that belong to Liquid's own blocks: out of place, they are errors in Jekyll too.
LIQUID_WORDS = {"else", "elsif", "when", "break", "continue", "empty", "raw", "endraw"}


def ruby_plugin_tags(source: Path) -> dict[str, str]:
    """Tag name -> the ``_plugins/*.rb`` file that registers it."""
    found: dict[str, str] = {}
    folder = source / "_plugins"
    if not folder.is_dir():
        return found
    for path in sorted(folder.rglob("*.rb")):
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        for name in REGISTER_TAG.findall(text):
            found.setdefault(name, path.relative_to(source).as_posix())
    return found


class RubyPluginTag(Illegal):
    """Takes the place of python-liquid's tag for names no tag is registered under."""

    def parse(self, stream: TokenStream) -> IllegalNode:
        token = stream.current
        name = token.value
        env = self.env
        if not name or name in LIQUID_WORDS or (
                name.startswith("end") and name[3:] in env.tags):
            return super().parse(stream)  # raises the error Jekyll gives
        stream.expect(TOKEN_TAG)
        if stream.peek.kind == TOKEN_EXPRESSION:
            next(stream)
        warned = env.site.warned_plugin_tags
        if name not in warned and not (name.startswith("end") and name[3:] in warned):
            warned.add(name)
            defined = ruby_plugin_tags(env.site.source).get(name)
            where = f"defined by {defined}, a Ruby plugin" if defined else "a Jekyll plugin's tag"
            from scholarsite.liquid.tags import token_position
            source_name = env.source_name(token)
            line, col = token_position(token, env.line_offset(token))
            env.site.reporter.warn(f"unknown tag '{name}' ({where} that scholarsite cannot "
                                   "run; it renders nothing)", source_name, line, col)
        return IllegalNode(token)


PLUGIN = Plugin("_plugins/*.rb", tags=(RubyPluginTag,))
