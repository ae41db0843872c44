"""INSPIRE-HEP (https://github.com/inspirehep/rest-api-doc): ``/api/literature`` searched
with ``recid:N or doi:"..." or arxiv:...``; ``citation_count`` in each hit's metadata."""

from __future__ import annotations

from scholarsite.scholarly.http import Client, base_url
from scholarsite.scholarly.identify import Work, normalize_arxiv, normalize_doi
from scholarsite.scholarly.sources import Count, answer_list, as_count, chunks

NAME = "inspire"
PER_BATCH = 25
FIELDS = "control_number,citation_count,titles,dois,arxiv_eprints"


def knows(work: Work) -> bool:
    return bool(work.inspire or work.doi or work.arxiv)


def batches(works: list[Work]):
    for batch in chunks([w for w in works if knows(w)], PER_BATCH):
        yield "ids", batch


def term(work: Work) -> str:
    if work.inspire:
        return f"recid:{work.inspire}"
    if work.doi:
        return f'doi:"{work.doi}"'
    return f"arxiv:{work.arxiv}"


def fetch(client: Client, kind: str, batch: list[Work], options: dict) -> dict[str, Count]:
    query = {"q": " or ".join(term(w) for w in batch), "size": len(batch) * 2,
             "fields": FIELDS}
    document = client.json("GET", f"{base_url('inspire')}/api/literature", params=query)
    found = {}
    for hit in answer_list(document, ("hits", "hits"), "INSPIRE-HEP"):
        metadata = hit.get("metadata") if isinstance(hit, dict) else None
        if not isinstance(metadata, dict):
            continue
        recid = str(metadata.get("control_number") or hit.get("id") or "")
        dois = {normalize_doi(str(d.get("value") or "")) for d in metadata.get("dois") or []
                if isinstance(d, dict)}
        eprints = {normalize_arxiv(str(e.get("value") or ""))
                   for e in metadata.get("arxiv_eprints") or [] if isinstance(e, dict)}
        for work in batch:
            matched_by = ("inspire" if work.inspire and work.inspire == recid else
                          "doi" if work.doi and work.doi in dois else
                          "arxiv" if work.arxiv and work.arxiv in eprints else "")
            if matched_by and (work.key not in found or matched_by == "inspire"):
                found[work.key] = Count(as_count(metadata.get("citation_count"), "INSPIRE-HEP"),
                                        NAME, {}, {"inspire": recid}, matched_by)
    return found
