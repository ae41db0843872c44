"""jekyll-regex-replace: ``regex_replace`` and ``regex_replace_once`` filters, which
al-folio's bib layout uses to put an author's ``*`` and ``†`` marks in ``<sup>``.

Ruby's and Python's regular expressions agree on what such templates write; ``\\1`` in
the replacement is a group, as in Ruby's ``gsub``. A pattern Python cannot read leaves
the text as it is, with a warning naming the pattern.
"""

from __future__ import annotations

import re
from typing import Any

from liquid.filter import with_context

from scholarsite.liquid.filters import ruby_to_s
from scholarsite.plugins.registry import Plugin


def _replace(value: Any, pattern: Any, replacement: Any, count: int, context: Any) -> str:
    text, pattern, replacement = ruby_to_s(value), ruby_to_s(pattern), ruby_to_s(replacement)
    try:
        compiled = re.compile(pattern)
    except re.error as err:
        site = getattr(getattr(context, "env", None), "site", None)
        if site is not None:
            site.reporter.warn(f"regex_replace: the pattern {pattern!r} cannot be read ({err}); "
                               "the text is left as it is")
        return text
    # Ruby's \0 is the whole match; Python's is \g<0>.
    replacement = replacement.replace("\\0", "\\g<0>")
    try:
        return compiled.sub(replacement, text, count=count)
    except (re.error, IndexError):
        return compiled.sub(lambda m: replacement, text, count=count)


@with_context
def regex_replace(value: Any, pattern: Any = "", replacement: Any = "", *, context: Any) -> str:
    return _replace(value, pattern, replacement, 0, context)


@with_context
def regex_replace_once(value: Any, pattern: Any = "", replacement: Any = "", *,
                       context: Any) -> str:
    return _replace(value, pattern, replacement, 1, context)


FILTERS = {"regex_replace": regex_replace, "regex_replace_once": regex_replace_once}


PLUGIN = Plugin("jekyll-regex-replace", filters=FILTERS)
