"""Where ``scholarsite import`` takes works from, one module per API, each turning its
answers into :class:`Found` works: ``orcid:``, ``dblp:``, ``openalex:``, ``doi:``,
``arxiv:``."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from scholarsite.errors import BuildError


@dataclass
class Found:
    """A work as an API describes it, before it becomes a BibTeX entry."""

    title: str
    authors: list[str] = field(default_factory=list)  # "Given Family", first author first
    year: int | None = None
    type: str = "misc"  # the BibTeX entry type
    venue: str = ""  # journal, or booktitle for proceedings and chapters
    volume: str = ""
    number: str = ""
    pages: str = ""
    publisher: str = ""
    doi: str = ""  # normalised
    arxiv: str = ""  # normalised, without version
    url: str = ""
    primary_class: str = ""  # arXiv's category
    source: str = ""  # which API said so


def as_year(value) -> int | None:
    found = re.search(r"\d{4}", str(value or ""))
    return int(found.group(0)) if found else None


def pages(first, last) -> str:
    first, last = str(first or "").strip(), str(last or "").strip()
    return f"{first}--{last}" if first and last and first != last else first


def fetchers() -> dict:
    from scholarsite.scholarly.importers import arxiv, crossref, dblp, openalex, orcid
    return {m.SCHEME: m for m in (orcid, dblp, openalex, crossref, arxiv)}


def parse_spec(spec: str) -> tuple[object, str]:
    """``orcid:0000-...`` -> (the orcid module, the id); a clear error otherwise."""
    scheme, _, ident = spec.partition(":")
    modules = fetchers()
    if scheme.lower() not in modules or not ident.strip():
        raise BuildError(f"cannot import {spec!r}: write it as one of "
                         + ", ".join(f"{name}:{m.EXAMPLE}" for name, m in modules.items()))
    module = modules[scheme.lower()]
    ident = module.check(ident.strip())
    return module, ident
