"""The APIs citation counts come from, one module each. A source says which works it can
be asked about (``knows``), groups them into requests (``batches``) and answers a batch
with a :class:`Count` per work it found (``fetch``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator

from scholarsite.scholarly.http import SourceError


@dataclass
class Count:
    citations: int
    source: str
    by_year: dict[int, int] = field(default_factory=dict)
    ids: dict[str, str] = field(default_factory=dict)  # what the API calls the work
    matched_by: str = ""  # doi, arxiv, pmid, openalex, inspire or title
    score: float | None = None  # for a title match: how alike the titles are


def chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def as_count(value, where: str) -> int:
    """A citation count from an answer, or SourceError if it is not a number."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise SourceError(f"{where} answered without a citation count (got {value!r})")
    return value


def answer_list(document, path: tuple[str, ...], where: str) -> list:
    """``document[path...]``, which the API documents as a list; SourceError otherwise."""
    value = document
    for step in path:
        value = value.get(step) if isinstance(value, dict) else None
    if not isinstance(value, list):
        raise SourceError(f"{where} answered in an unexpected shape (no "
                          f"{'.'.join(path) or 'list'} in it)")
    return value


def sources() -> dict:
    from scholarsite.scholarly.sources import crossref, inspire, openalex, semanticscholar
    return {m.NAME: m for m in (openalex, semanticscholar, crossref, inspire)}
