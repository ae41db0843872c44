"""``x == blank`` as Jekyll evaluates it, which depends on the gems a site loads.

Ruby Liquid asks the value ``blank?``, a method Ruby itself does not have: in a plain
Jekyll build nothing equals ``blank`` (not even nil or ""). ActiveSupport adds the
method, and jemoji and jekyll-mentions load it (through html-pipeline): on sites that
list them, as al-folio and academicpages do, nil, false, "", whitespace and empty
lists and hashes are blank, and al-folio's ``{% if post.redirect == blank %}`` relies on
it. python-liquid's own rule sits between the two; each site gets the one it builds with.
"""

from __future__ import annotations

from collections.abc import Mapping

import liquid.builtin.expressions.logical as logical
from liquid.builtin.expressions.primitive import Blank
from liquid.undefined import is_undefined

from scholarsite.config import listed_plugins

ACTIVE_SUPPORT_GEMS = {"jemoji", "jekyll-mentions"}


def semantics(config: dict) -> str:
    return "activesupport" if listed_plugins(config) & ACTIVE_SUPPORT_GEMS else "ruby"


def active_support_blank(value: object) -> bool:
    if value is None or value is False or is_undefined(value):
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (list, tuple, dict, Mapping)):
        return len(value) == 0
    return False


def jekyll_eq(context, left: object, right: object) -> bool:
    if isinstance(left, Blank) or isinstance(right, Blank):
        other = right if isinstance(left, Blank) else left
        mode = getattr(context.env, "blank_semantics", None)
        if mode is not None and not isinstance(other, Blank):
            if hasattr(other, "__liquid__"):
                other = other.__liquid__()
            return active_support_blank(other) if mode == "activesupport" else False
    return logical._eq(left, right)


def install() -> None:
    def eq(self, context):
        return jekyll_eq(context, self.left.evaluate(context), self.right.evaluate(context))

    def ne(self, context):
        return not jekyll_eq(context, self.left.evaluate(context), self.right.evaluate(context))

    logical.EqExpression.evaluate = eq
    logical.NeExpression.evaluate = ne


install()
