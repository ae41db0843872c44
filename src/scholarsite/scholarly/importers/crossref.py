"""Crossref's ``/works/{doi}`` (https://api.crossref.org/swagger-ui): one work's metadata."""

from __future__ import annotations

from urllib.parse import quote

from scholarsite.errors import BuildError
from scholarsite.scholarly.http import Client, SourceError, base_url, decode
from scholarsite.scholarly.identify import normalize_doi
from scholarsite.scholarly.importers import Found, as_year

SCHEME = "doi"
EXAMPLE = "10.1145/3290605.3300233"
TYPES = {"journal-article": "article", "proceedings-article": "inproceedings",
         "book-chapter": "incollection", "book": "book", "monograph": "book",
         "edited-book": "book", "dissertation": "phdthesis", "report": "techreport",
         "posted-content": "misc"}


def check(ident: str) -> str:
    doi = normalize_doi(ident)
    if not doi:
        raise BuildError(f"{ident!r} is not a DOI (write it as 10.1145/3290605.3300233)")
    return doi


def first(item: dict, name: str) -> str:
    value = item.get(name)
    if isinstance(value, list):
        value = value[0] if value else ""
    return str(value or "").strip()


def fetch(client: Client, ident: str) -> list[Found]:
    response = client.get(f"{base_url('crossref')}/works/{quote(ident, safe='/')}")
    if response.status_code == 404:
        raise BuildError(f"Crossref does not know the DOI {ident} (check it)")
    document = decode(response)
    item = document.get("message") if isinstance(document, dict) else None
    if not isinstance(item, dict):
        raise SourceError("Crossref answered in an unexpected shape (no message)")
    return [found(item)]


def found(item: dict) -> Found:
    authors = [" ".join(p for p in (str(a.get("given") or ""), str(a.get("family") or ""))
                        if p) or str(a.get("name") or "")
               for a in item.get("author") or [] if isinstance(a, dict)]
    issued = ((item.get("issued") or item.get("published") or {}).get("date-parts") or [[None]])
    return Found(title=first(item, "title"), authors=[a for a in authors if a],
                 year=as_year(issued[0][0] if issued and issued[0] else None),
                 type=TYPES.get(str(item.get("type") or ""), "misc"),
                 venue=first(item, "container-title"), volume=first(item, "volume"),
                 number=first(item, "issue"), pages=first(item, "page").replace("-", "--"),
                 publisher=first(item, "publisher"),
                 doi=normalize_doi(str(item.get("DOI") or "")), source="Crossref")
