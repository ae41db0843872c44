"""ORCID's public API v3.0 (https://info.orcid.org/documentation/api-tutorials/): the
record's ``/works`` lists groups of the same work (one summary per source, the preferred
first), and ``/works/{put-code,...}`` gives up to 100 works in full, with contributors."""

from __future__ import annotations

import re

from scholarsite.errors import BuildError
from scholarsite.scholarly.http import Client, SourceError, base_url, decode
from scholarsite.scholarly.identify import normalize_arxiv, normalize_doi
from scholarsite.scholarly.importers import Found, as_year

SCHEME = "orcid"
EXAMPLE = "0000-0002-1825-0097"
BULK = 100
TYPES = {"journal-article": "article", "conference-paper": "inproceedings",
         "book": "book", "book-chapter": "incollection", "edited-book": "book",
         "dissertation": "phdthesis", "dissertation-thesis": "phdthesis",
         "report": "techreport", "working-paper": "techreport", "preprint": "misc"}


def check(ident: str) -> str:
    ident = re.sub(r"^https?://orcid\.org/", "", ident)
    if not re.fullmatch(r"\d{4}-\d{4}-\d{4}-\d{3}[\dX]", ident):
        raise BuildError(f"{ident!r} is not an ORCID iD (write it as 0000-0002-1825-0097)")
    return ident


def value(node, *path) -> str:
    for step in path:
        node = node.get(step) if isinstance(node, dict) else None
    return str(node).strip() if node not in (None, "") else ""


def external_ids(work: dict) -> dict[str, str]:
    ids = {}
    for ext in ((work.get("external-ids") or {}).get("external-id") or []):
        if not isinstance(ext, dict) or ext.get("external-id-relationship") not in (None, "self"):
            continue
        kind = str(ext.get("external-id-type") or "").lower()
        raw = value(ext, "external-id-normalized", "value") or value(ext, "external-id-value")
        if kind == "doi" and normalize_doi(raw):
            ids.setdefault("doi", normalize_doi(raw))
        elif kind == "arxiv" and normalize_arxiv(raw):
            ids.setdefault("arxiv", normalize_arxiv(raw))
    return ids


def fetch(client: Client, ident: str) -> list[Found]:
    root = f"{base_url('orcid')}/v3.0/{ident}"
    response = client.get(f"{root}/works")
    if response.status_code == 404:
        raise BuildError(f"ORCID has no public record {ident} (check the iD)")
    document = decode(response)
    groups = document.get("group") if isinstance(document, dict) else None
    if not isinstance(groups, list):
        raise SourceError("ORCID answered in an unexpected shape (no group list)")
    codes = []
    for group in groups:
        summaries = group.get("work-summary") if isinstance(group, dict) else None
        if isinstance(summaries, list) and summaries and isinstance(summaries[0], dict):
            codes.append(str(summaries[0].get("put-code")))
    works: list[Found] = []
    for start in range(0, len(codes), BULK):
        answer = client.json("GET", f"{root}/works/{','.join(codes[start:start + BULK])}")
        bulk = answer.get("bulk") if isinstance(answer, dict) else None
        if not isinstance(bulk, list):
            raise SourceError("ORCID answered in an unexpected shape (no bulk list)")
        for item in bulk:
            work = item.get("work") if isinstance(item, dict) else None
            if isinstance(work, dict) and value(work, "title", "title", "value"):
                works.append(found(work))
    return works


def found(work: dict) -> Found:
    ids = external_ids(work)
    contributors = ((work.get("contributors") or {}).get("contributor") or [])
    authors = [value(c, "credit-name", "value") for c in contributors if isinstance(c, dict)
               and value(c, "contributor-attributes", "contributor-role") in ("", "author")]
    kind = TYPES.get(str(work.get("type") or ""), "misc")
    return Found(title=value(work, "title", "title", "value"), authors=[a for a in authors if a],
                 year=as_year(value(work, "publication-date", "year", "value")), type=kind,
                 venue=value(work, "journal-title", "value"), doi=ids.get("doi", ""),
                 arxiv=ids.get("arxiv", ""), url=value(work, "url", "value"), source="ORCID")
