"""Ruby Liquid's lax parser, for what its strict parser (and python-liquid) refuses.

Jekyll runs Liquid 4 with ``error_mode: warn``: a statement the strict parser refuses
gets a warning and is read again by regular expressions that take what they can and
drop the rest. ``{{ (x | size) }}`` is ``x | size``, ``{{ x | "upcase" }}`` is
``x | upcase``, ``{% assign v = a or b %}`` is ``v = a``, and in
``{% for p in site.posts | limit: 3 %}`` the filter is dropped but ``limit: 3`` is read
as the loop's option. Each function here rewrites such markup into the statement Ruby
ends up running, written so that python-liquid's parser accepts it.
"""

from __future__ import annotations

import re

# Liquid 4's lexical regexps (lib/liquid.rb, variable.rb, tags/for.rb, expression.rb).
QUOTED_STRING = r"\"[^\"]*\"|'[^']*'"
QUOTED_FRAGMENT = rf"(?:{QUOTED_STRING})|(?:[^\s,|'\"]|{QUOTED_STRING})+"
MARKUP_WITH_QUOTED_FRAGMENT = re.compile(rf"({QUOTED_FRAGMENT})(.*)", re.S)
FILTER_MARKUP = re.compile(r"\|\s*(.*)", re.S)
FILTER_PARSER = re.compile(rf"(?:\s+|{QUOTED_FRAGMENT}|,)+")
FILTER_ARGS = re.compile(rf"(?::|,)\s*((?:\w+\s*:\s*)?(?:{QUOTED_FRAGMENT}))")
TAG_ATTRIBUTES = re.compile(rf"(\w+)\s*:\s*((?:{QUOTED_FRAGMENT}))")
LOOP_SYNTAX = re.compile(rf"\A([\w-]+)\s+in\s+((?:{QUOTED_FRAGMENT})+)\s*(reversed)?")
VARIABLE_PARSER = re.compile(r"\[[^\]]+\]|[\w-]+\??")
KEYWORD_ARGUMENT = re.compile(r"(\w+)\s*:\s*(.*)", re.S)
RANGE = re.compile(r"\((\S+)\.\.(\S+)\)")
IDENTIFIER = re.compile(r"[A-Za-z_][\w-]*\??")
LITERALS = {"nil": "nil", "null": "nil", "": "nil", "true": "true", "false": "false",
            "blank": "blank", "empty": "empty"}


def expression(markup: str) -> str:
    """``Liquid::Expression.parse``: a literal, a range or a variable lookup."""
    markup = markup.strip()
    if markup in LITERALS:
        return LITERALS[markup]
    if len(markup) >= 2 and markup[0] == markup[-1] and markup[0] in "'\"":
        return markup
    if re.fullmatch(r"-?\d+", markup):
        return markup
    if (ranged := RANGE.fullmatch(markup)) is not None:
        return f"({expression(ranged[1])}..{expression(ranged[2])})"
    if (number := re.fullmatch(r"(-?\d[\d.]+)", markup)) is not None:
        return re.match(r"-?\d+(?:\.\d+)?", number[1])[0]  # String#to_f
    return lookup(markup)


def lookup(markup: str) -> str:
    """``Liquid::VariableLookup.parse``: the name and lookups it scans, ignoring the rest."""
    parts = VARIABLE_PARSER.findall(markup)
    if not parts:
        return "nil"
    out = []
    for i, part in enumerate(parts):
        if part.startswith("["):
            out.append(f"[{expression(part[1:-1])}]")
        elif IDENTIFIER.fullmatch(part):
            out.append(part if i == 0 else f".{part}")
        else:  # a segment python-liquid would not read as a name, such as '2020'
            out.append(f"[{quote(part)}]")
    if out[0].startswith("["):  # python-liquid needs a name first
        return "nil"
    return "".join(out)


def quote(text: str) -> str:
    return f'"{text}"' if '"' not in text else f"'{text}'"


def argument(markup: str) -> str:
    keyword = KEYWORD_ARGUMENT.fullmatch(markup)
    if keyword is not None and not markup.lstrip().startswith(("'", '"')):
        return f"{keyword[1]}: {expression(keyword[2])}"
    return expression(markup)


def variable(markup: str) -> str:
    """``Liquid::Variable#lax_parse``: the first fragment and the filters after a pipe."""
    found = MARKUP_WITH_QUOTED_FRAGMENT.search(markup)
    if found is None:
        return "nil"
    parts = [expression(found[1])]
    filters = FILTER_MARKUP.search(found[2])
    if filters is not None:
        for chunk in FILTER_PARSER.findall(filters[1]):
            name = re.search(r"\w+", chunk)
            if name is None:
                continue
            args = [argument(a) for a in FILTER_ARGS.findall(chunk)]
            parts.append(name[0] + (": " + ", ".join(args) if args else ""))
    return " | ".join(parts)


def loop(markup: str, options: tuple[str, ...] = ("limit", "offset")) -> str | None:
    """``For#lax_parse`` (and TableRow's): the variable, the collection, ``reversed``,
    and every ``limit:``/``offset:`` (``cols:``) anywhere in the markup; None where Ruby
    raises a syntax error too."""
    found = LOOP_SYNTAX.match(markup.strip())
    if found is None:
        return None
    out = f"{found[1]} in {expression(found[2])}"
    if found[3]:
        out += " reversed"
    attributes = {}
    for key, value in TAG_ATTRIBUTES.findall(markup):
        if key in options:  # Ruby ignores other attributes; the last one given wins
            attributes[key] = "continue" if key == "offset" and value == "continue" \
                else expression(value)
    return out + "".join(f" {key}: {value}" for key, value in attributes.items())


def assignment(markup: str) -> tuple[str, str] | None:
    """``Assign``'s syntax: the (maybe dotted) name and the variable markup after '='."""
    found = re.match(r"\s*((?:\(?[\w\-.\[\]]\)?)+)\s*=\s*(.*)\s*", markup, re.S)
    return (found[1], found[2]) if found else None


AND_OR = r"\b(?:\s?and\s?|\s?or\s?)\b"
EXPRESSIONS_AND_OPERATORS = re.compile(
    rf"(?:{AND_OR}|(?:\s*(?!{AND_OR})(?:{QUOTED_FRAGMENT}|\S+)\s*)+)")
CONDITION = re.compile(rf"({QUOTED_FRAGMENT})\s*([=!<>a-z_]+)?\s*({QUOTED_FRAGMENT})?")


def condition(markup: str) -> str | None:
    """``If#lax_parse`` (and Unless's): comparisons joined by ``and``/``or``, each read
    as its first fragment, an operator and a second fragment, so parentheses and other
    stray characters drop out (``(a or b) or c`` is ``a or b or c``); None where Ruby
    raises a syntax error too."""
    pieces = EXPRESSIONS_AND_OPERATORS.findall(markup)
    out: list[str] = []
    for i, piece in enumerate(pieces):
        if i % 2:
            if piece.strip() not in ("and", "or"):
                return None
            out.append(piece.strip())
            continue
        found = CONDITION.search(piece)
        if found is None:
            return None
        left, operator, right = found.groups()
        out.append(expression(left) if operator is None
                   else f"{expression(left)} {operator} {expression(right or '')}")
    return " ".join(out) if out and len(pieces) % 2 else None
