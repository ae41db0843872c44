"""jekyll-scholar queries (bibtex-ruby's Element#matches? / #meets?), e.g.

``@*``, ``@article``, ``!@misc``, ``@*[selected=true]*``, ``@article[year>=2020 && author~=Gao]``,
``@*[key=foo]``, ``@book[year<=2000 || publisher^=Spring]``, ``@*[abstract]`` (field present),
``/regex/`` (over the entry's BibTeX), or a bare citation key.

Rules read from bibtex-ruby (lib/bibtex/elements.rb): alternatives inside ``[...]`` are
separated by ``||``; conditions by ``,`` or ``&&``; operators ``= != /= ^= ~= !~ <= >=``;
``~=`` is a regular-expression search, ``^=`` an anchored one; ``<=``/``>=`` compare
Ruby ``to_i`` values; a missing field fails every test except ``!=``, ``/=`` and ``!~``;
``type`` in a condition is a *field* named type, not the entry type (a bibtex-ruby quirk kept).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable

from scholarsite.scholar.bibtex import BibEntry

_TYPE_PART = re.compile(r"(!)?@(\*|\w+)(?:\[([^\]]*)\])?")
_HAS_TYPE_PART = re.compile(r"@(\*|\w+)(?:\[([^\]]*)\])?")
_OPERATOR = re.compile(r"\s*([!~/\^<>]?=|!~)\s*")
_INT = re.compile(r"^\s*[+-]?\d+")


def ruby_to_i(value: str) -> int:
    m = _INT.match(value or "")
    return int(m.group(0)) if m else 0


def _actual(entry: BibEntry, prop: str) -> str | None:
    if prop == "key" or prop == "id":
        return entry.key
    if prop == "month_numeric":
        return str(entry.month_numeric) if entry.month_numeric else None
    if prop in entry.names:
        return entry.compare_value(prop)
    return entry.fields.get(prop)


def _search(pattern: str, text: str) -> bool:
    try:
        return re.search(pattern, text) is not None
    except re.error:
        return pattern in text


def _condition(cond: str) -> Callable[[BibEntry], bool]:
    pieces = _OPERATOR.split(cond, maxsplit=1)
    prop = pieces[0].strip()
    if not prop:
        return lambda e: True
    if len(pieces) == 1:
        return lambda e: prop.lower() in e.fields or prop in ("key", "id")
    op, value = pieces[1], pieces[2].strip()
    prop = prop.lower() if prop not in ("key", "id") else prop

    def test(e: BibEntry) -> bool:
        actual = _actual(e, prop)
        if op in ("!=", "/="):
            return actual is None or actual != value
        if op == "!~":
            return actual is None or not _search(value, actual)
        if actual is None:
            return False
        if op == "^=":
            return _search("^" + value, actual)
        if op == "~=":
            return _search(value, actual)
        if op == "<=":
            return ruby_to_i(actual) <= ruby_to_i(value)
        if op == ">=":
            return ruby_to_i(actual) >= ruby_to_i(value)
        return actual == value
    return test


@lru_cache(maxsize=256)
def compile_query(query: str | None) -> Callable[[BibEntry], bool]:
    """Return a predicate for a jekyll-scholar query string."""
    if query is None or not query.strip():
        return lambda e: True
    q = query.strip()
    m = re.match(r"^/(.+)/$", q)
    if m:
        pattern = m.group(1)
        return lambda e: _search(pattern, e.to_bibtex())
    if _HAS_TYPE_PART.search(q):
        alternatives = []
        for neg, typ, cond in _TYPE_PART.findall(q):
            typ = typ.lower()
            groups = []
            if cond.strip():
                for alt in re.split(r"\s*\|\|\s*", cond):
                    groups.append([_condition(c) for c in re.split(r"\s*(?:,|&&)\s*", alt)])
            alternatives.append((bool(neg), typ, groups))

        def matches(e: BibEntry) -> bool:
            for neg, typ, groups in alternatives:
                has = typ in ("*", "entry") or e.type == typ
                if neg:
                    has = not has
                if not has:
                    continue
                if not groups or any(all(c(e) for c in conds) for conds in groups):
                    return True
            return False
        return matches
    return lambda e: e.key == q
