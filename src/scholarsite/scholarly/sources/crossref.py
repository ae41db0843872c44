"""Crossref's REST API (https://api.crossref.org/swagger-ui): ``/works`` with one
``doi:`` filter per DOI (filters of one name are ORed), ``is-referenced-by-count`` per
item. Crossref knows DOIs it registered, so arXiv's own DOIs are not asked."""

from __future__ import annotations

from scholarsite.scholarly.http import Client, base_url
from scholarsite.scholarly.identify import ARXIV_DOI, Work, normalize_doi
from scholarsite.scholarly.sources import Count, answer_list, as_count, chunks

NAME = "crossref"
PER_BATCH = 50


def knows(work: Work) -> bool:
    return bool(work.doi) and not work.doi.startswith(ARXIV_DOI)


def batches(works: list[Work]):
    for batch in chunks([w for w in works if knows(w)], PER_BATCH):
        yield "doi", batch


def fetch(client: Client, kind: str, batch: list[Work], options: dict) -> dict[str, Count]:
    query = {"filter": ",".join(f"doi:{w.doi}" for w in batch), "rows": len(batch),
             "select": "DOI,is-referenced-by-count,title"}
    if options.get("mailto"):
        query["mailto"] = options["mailto"]
    document = client.json("GET", f"{base_url('crossref')}/works", params=query)
    found = {}
    for item in answer_list(document, ("message", "items"), "Crossref"):
        if not isinstance(item, dict):
            continue
        doi = normalize_doi(str(item.get("DOI") or ""))
        for work in batch:
            if work.doi == doi:
                found[work.key] = Count(as_count(item.get("is-referenced-by-count"), "Crossref"),
                                        NAME, {}, {"doi": doi}, "doi")
    return found
