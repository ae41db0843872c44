"""OpenAlex: an author's works, ``/works?filter=authorships.author.id:A...`` paged with
``cursor`` (https://docs.openalex.org/how-to-use-the-api/get-lists-of-entities/paging)."""

from __future__ import annotations

import re

from scholarsite.errors import BuildError
from scholarsite.scholarly.http import Client, SourceError, base_url
from scholarsite.scholarly.identify import ARXIV_DOI, normalize_doi
from scholarsite.scholarly.importers import Found, pages

SCHEME = "openalex"
EXAMPLE = "A5023888391"
TYPES = {"article": "article", "book-chapter": "incollection", "book": "book",
         "dissertation": "phdthesis", "report": "techreport", "preprint": "misc"}
MAX_PAGES = 100  # 20,000 works: more than any one person's


def check(ident: str) -> str:
    found = re.fullmatch(r"(?:https?://openalex\.org/)?(A\d+)", ident, re.I)
    if not found:
        raise BuildError(f"{ident!r} is not an OpenAlex author id (write it as A5023888391)")
    return found.group(1).upper()


def fetch(client: Client, ident: str, mailto: str = "") -> list[Found]:
    works, cursor = [], "*"
    for _ in range(MAX_PAGES):
        query = {"filter": f"authorships.author.id:{ident}", "per-page": 200, "cursor": cursor}
        if mailto:
            query["mailto"] = mailto
        document = client.json("GET", f"{base_url('openalex')}/works", params=query)
        results = document.get("results") if isinstance(document, dict) else None
        if not isinstance(results, list):
            raise SourceError("OpenAlex answered in an unexpected shape (no results list)")
        works += [found(r) for r in results if isinstance(r, dict) and r.get("title")]
        cursor = (document.get("meta") or {}).get("next_cursor")
        if not results or not cursor:
            break
    return works


def found(result: dict) -> Found:
    doi = normalize_doi(str(result.get("doi") or ""))
    arxiv = doi[len(ARXIV_DOI):] if doi.startswith(ARXIV_DOI) else ""
    source = ((result.get("primary_location") or {}).get("source") or {})
    biblio = result.get("biblio") or {}
    kind = TYPES.get(str(result.get("type") or ""), "misc")
    if kind == "article" and (arxiv or not source.get("display_name")):
        kind = "misc"
    authors = [str((a.get("author") or {}).get("display_name") or "")
               for a in result.get("authorships") or [] if isinstance(a, dict)]
    year = result.get("publication_year")
    return Found(title=str(result["title"]), authors=[a for a in authors if a],
                 year=year if isinstance(year, int) else None, type=kind,
                 venue="" if arxiv else str(source.get("display_name") or ""),
                 volume=str(biblio.get("volume") or ""), number=str(biblio.get("issue") or ""),
                 pages=pages(biblio.get("first_page"), biblio.get("last_page")),
                 doi="" if arxiv else doi, arxiv=arxiv, source="OpenAlex")
