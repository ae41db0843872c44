"""OpenAlex (https://docs.openalex.org): ``/works`` filtered by up to 100 DOIs, PMIDs or
OpenAlex ids joined with ``|``; ``title.search`` for entries with none. No key is needed;
a ``mailto`` puts the requests in the polite pool, an ``api_key`` is passed if given."""

from __future__ import annotations

from scholarsite.scholarly.http import Client, base_url
from scholarsite.scholarly.identify import Candidate, Work, best_match, normalize_doi, \
    title_query
from scholarsite.scholarly.sources import Count, answer_list, as_count, chunks

NAME = "openalex"
PER_BATCH = 40  # works per request: with their arXiv DOIs, under OpenAlex's 100 values
SELECT = "id,doi,title,publication_year,cited_by_count,counts_by_year,ids,authorships"


def knows(work: Work) -> bool:
    return True  # by an identifier, else by its title


def batches(works: list[Work]):
    kinds = {"doi": [w for w in works if w.dois],
             "pmid": [w for w in works if not w.dois and w.pmid],
             "openalex": [w for w in works if not w.dois and not w.pmid and w.openalex]}
    for kind, group in kinds.items():
        for batch in chunks(group, PER_BATCH):
            yield kind, batch
    for work in works:
        if not (work.dois or work.pmid or work.openalex) and work.title:
            yield "title", [work]


def params(options: dict, **extra) -> dict:
    found = {"per-page": 100, "select": SELECT, **extra}
    if options.get("mailto"):
        found["mailto"] = options["mailto"]
    if options.get("openalex_api_key"):
        found["api_key"] = options["openalex_api_key"]
    return found


def works_answer(client: Client, query: dict) -> list[dict]:
    url = f"{base_url('openalex')}/works"
    document = client.json("GET", url, params=query)
    return [r for r in answer_list(document, ("results",), "OpenAlex") if isinstance(r, dict)]


def count_of(result: dict, matched_by: str, score: float | None = None) -> Count:
    by_year = {}
    for row in result.get("counts_by_year") or []:
        if isinstance(row, dict) and isinstance(row.get("year"), int) \
                and isinstance(row.get("cited_by_count"), int):
            by_year[row["year"]] = row["cited_by_count"]
    ids = {"openalex": str(result.get("id", "")).rsplit("/", 1)[-1]}
    if result.get("doi"):
        ids["doi"] = normalize_doi(str(result["doi"]))
    return Count(as_count(result.get("cited_by_count"), "OpenAlex"), NAME, by_year,
                 {k: v for k, v in ids.items() if v}, matched_by, score)


def fetch(client: Client, kind: str, batch: list[Work], options: dict) -> dict[str, Count]:
    if kind == "title":
        return fetch_title(client, batch[0], options)
    if kind == "doi":
        values = [doi for w in batch for doi in w.dois]
    elif kind == "pmid":
        values = [w.pmid for w in batch]
    else:
        values = [w.openalex for w in batch]
    found: dict[str, Count] = {}
    for result in works_answer(client, params(options, filter=f"{kind}:" + "|".join(values))):
        ids = result.get("ids") if isinstance(result.get("ids"), dict) else {}
        doi = normalize_doi(str(result.get("doi") or ""))
        pmid = str(ids.get("pmid") or "").rstrip("/").rsplit("/", 1)[-1]
        openalex = str(result.get("id") or "").rsplit("/", 1)[-1].upper()
        for work in batch:
            if kind == "doi" and doi in work.dois:
                # A work's own DOI wins over its arXiv preprint's.
                own = doi == work.doi
                if work.key in found and not own:
                    continue
                found[work.key] = count_of(result, "doi" if own else "arxiv")
            elif kind == "pmid" and pmid and pmid == work.pmid:
                found[work.key] = count_of(result, "pmid")
            elif kind == "openalex" and openalex == work.openalex:
                found[work.key] = count_of(result, "openalex")
    return found


def fetch_title(client: Client, work: Work, options: dict) -> dict[str, Count]:
    words = title_query(work)
    if not words:
        return {}
    query = f"title.search:{words}"
    if work.year:
        query += (f",from_publication_date:{work.year - 1}-01-01"
                  f",to_publication_date:{work.year + 1}-12-31")
    results = works_answer(client, params(options, filter=query, **{"per-page": 5}))
    candidates = []
    for result in results:
        authors = [str((a.get("author") or {}).get("display_name") or a.get("raw_author_name")
                       or "") for a in result.get("authorships") or [] if isinstance(a, dict)]
        year = result.get("publication_year")
        candidates.append((Candidate(str(result.get("title") or result.get("display_name")
                                         or ""), year if isinstance(year, int) else None,
                                     authors), result))
    result, score = best_match(work, candidates)
    return {work.key: count_of(result, "title", score)} if result is not None else {}
