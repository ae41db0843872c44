"""Semantic Scholar's Academic Graph (https://api.semanticscholar.org/api-docs/graph):
``POST /graph/v1/paper/batch`` with up to 500 ids (``DOI:``, ``ARXIV:``, ``PMID:``), one
answer per id in order (``null`` when unknown); ``/paper/search/match`` for a title.
An ``x-api-key`` header is sent when ``SEMANTIC_SCHOLAR_API_KEY`` is set."""

from __future__ import annotations

import os

from scholarsite.scholarly.http import Client, base_url, decode
from scholarsite.scholarly.identify import Candidate, Work, best_match, normalize_doi, \
    title_query
from scholarsite.scholarly.sources import Count, answer_list, as_count, chunks

NAME = "semanticscholar"
PER_BATCH = 500
FIELDS = "title,year,citationCount,externalIds,authors"


def knows(work: Work) -> bool:
    return True


def ident(work: Work) -> tuple[str, str]:
    if work.doi:
        return f"DOI:{work.doi}", "doi"
    if work.arxiv:
        return f"ARXIV:{work.arxiv}", "arxiv"
    if work.pmid:
        return f"PMID:{work.pmid}", "pmid"
    return "", ""


def batches(works: list[Work]):
    known = [w for w in works if ident(w)[0]]
    for batch in chunks(known, PER_BATCH):
        yield "ids", batch
    for work in works:
        if not ident(work)[0] and work.title:
            yield "title", [work]


def headers() -> dict:
    key = os.environ.get("SEMANTIC_SCHOLAR_API_KEY")
    return {"x-api-key": key} if key else {}


def count_of(paper: dict, matched_by: str, score: float | None = None) -> Count:
    external = paper.get("externalIds") if isinstance(paper.get("externalIds"), dict) else {}
    ids = {"semanticscholar": str(paper.get("paperId") or ""),
           "doi": normalize_doi(str(external.get("DOI") or ""))}
    return Count(as_count(paper.get("citationCount"), "Semantic Scholar"), NAME, {},
                 {k: v for k, v in ids.items() if v}, matched_by, score)


def fetch(client: Client, kind: str, batch: list[Work], options: dict) -> dict[str, Count]:
    if kind == "title":
        return fetch_title(client, batch[0])
    url = f"{base_url('semanticscholar')}/graph/v1/paper/batch"
    asked = [ident(w) for w in batch]
    answer = client.json("POST", url, params={"fields": FIELDS},
                         json={"ids": [i for i, _ in asked]}, headers=headers())
    papers = answer_list(answer, (), "Semantic Scholar")
    found = {}
    for work, (_, matched_by), paper in zip(batch, asked, papers):
        if isinstance(paper, dict):
            found[work.key] = count_of(paper, matched_by)
    return found


def fetch_title(client: Client, work: Work) -> dict[str, Count]:
    words = title_query(work)
    if not words:
        return {}
    url = f"{base_url('semanticscholar')}/graph/v1/paper/search/match"
    response = client.get(url, params={"query": words, "fields": FIELDS}, headers=headers())
    if response.status_code == 404:  # "Title match not found"
        return {}
    document = decode(response)
    candidates = []
    for paper in answer_list(document, ("data",), "Semantic Scholar"):
        if isinstance(paper, dict):
            authors = [str(a.get("name") or "") for a in paper.get("authors") or []
                       if isinstance(a, dict)]
            year = paper.get("year")
            candidates.append((Candidate(str(paper.get("title") or ""),
                                         year if isinstance(year, int) else None, authors),
                               paper))
    paper, score = best_match(work, candidates)
    return {work.key: count_of(paper, "title", score)} if paper is not None else {}

