"""A real HTTP server on 127.0.0.1 answering as the scholarly APIs document their
endpoints (OpenAlex, Semantic Scholar, Crossref, INSPIRE-HEP, ORCID, DBLP, arXiv), each
under its own path prefix, from a small catalogue of works; with faults on demand.

Each work of the catalogue is a dict: title, year, authors (display names), and any of
doi, arxiv, pmid, openalex, inspire, s2 (ids), cited (count), by_year ({year: n}),
venue, type (Crossref/ORCID type), volume, pages, orcid_put_code.
"""

from __future__ import annotations

import json
import re
import threading
import time
import unicodedata
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlparse
from xml.sax.saxutils import escape

PREFIXES = {"openalex": "/openalex", "semanticscholar": "/s2", "crossref": "/crossref",
            "inspire": "/inspire", "orcid": "/orcid", "dblp": "/dblp", "arxiv": "/arxiv"}
ENV = {"openalex": "SCHOLARSITE_OPENALEX_URL",
       "semanticscholar": "SCHOLARSITE_SEMANTICSCHOLAR_URL",
       "crossref": "SCHOLARSITE_CROSSREF_URL", "inspire": "SCHOLARSITE_INSPIRE_URL",
       "orcid": "SCHOLARSITE_ORCID_URL", "dblp": "SCHOLARSITE_DBLP_URL",
       "arxiv": "SCHOLARSITE_ARXIV_URL"}


def plain(text: str) -> str:
    text = unicodedata.normalize("NFKD", text or "")
    return " ".join(re.findall(r"[a-z0-9]+", "".join(c for c in text if not
                                                     unicodedata.combining(c)).lower()))


def bare_doi(value: str) -> str:
    return re.sub(r"^https?://(dx\.)?doi\.org/", "", value.strip(), flags=re.I).lower()


class FakeAPIs:
    def __init__(self, works: list[dict] | None = None):
        self.works = list(works or [])
        self.faults: dict[str, list[tuple]] = {}
        self.requests: list[tuple[str, str, dict, bytes]] = []
        self.orcid_works: dict[str, list[dict]] = {}  # ORCID iD -> works on that record
        self.dblp_people: dict[str, list[dict]] = {}
        self.openalex_authors: dict[str, list[dict]] = {}
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self.handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    # -- control ------------------------------------------------------------------
    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def environ(self) -> dict[str, str]:
        return {variable: self.url + PREFIXES[api] for api, variable in ENV.items()}

    def fail(self, api: str, *actions: tuple) -> None:
        """The next requests to ``api`` get these answers, one each, in order:
        ("status", code[, headers]), ("slow", seconds), ("malformed",)."""
        self.faults.setdefault(PREFIXES[api], []).extend(actions)

    def asked(self, api: str) -> list[tuple[str, str, dict, bytes]]:
        return [r for r in self.requests if r[1].startswith(PREFIXES[api] + "/")]

    # -- the catalogue, as each API shows a work ---------------------------------------
    def find(self, **ids) -> list[dict]:
        found = []
        for work in self.works:
            for name, values in ids.items():
                if any(str(work.get(name, "")).lower() == str(v).lower() for v in values):
                    found.append(work)
                    break
        return found

    def openalex(self, work: dict) -> dict:
        doi = work.get("doi") or (f"10.48550/arxiv.{work['arxiv']}" if work.get("arxiv")
                                  else None)
        ids = {"openalex": f"https://openalex.org/{work.get('openalex', 'W0')}"}
        if doi:
            ids["doi"] = f"https://doi.org/{doi}"
        if work.get("pmid"):
            ids["pmid"] = f"https://pubmed.ncbi.nlm.nih.gov/{work['pmid']}"
        return {
            "id": f"https://openalex.org/{work.get('openalex', 'W0')}",
            "doi": f"https://doi.org/{doi}" if doi else None,
            "title": work["title"], "display_name": work["title"],
            "publication_year": work.get("year"),
            "publication_date": f"{work.get('year')}-01-01",
            "ids": ids, "type": work.get("oa_type", "article"),
            "cited_by_count": work.get("cited", 0),
            "counts_by_year": [{"year": y, "cited_by_count": n}
                               for y, n in sorted((work.get("by_year") or {}).items(),
                                                  reverse=True)],
            "authorships": [{"author_position": "first" if i == 0 else "middle",
                             "author": {"id": f"https://openalex.org/A{i}",
                                        "display_name": name, "orcid": None},
                             "raw_author_name": name}
                            for i, name in enumerate(work.get("authors", []))],
            "primary_location": {"source": {"display_name": work.get("venue")}
                                 if work.get("venue") else None},
            "biblio": {"volume": work.get("volume"), "issue": None,
                       "first_page": (work.get("pages") or "-").split("-")[0] or None,
                       "last_page": (work.get("pages") or "-").split("-")[-1] or None},
        }

    def crossref(self, work: dict) -> dict:
        names = [n.rsplit(" ", 1) for n in work.get("authors", [])]
        item = {"DOI": work["doi"].upper() if work.get("upper_doi") else work["doi"],
                "title": [work["title"]], "type": work.get("type", "journal-article"),
                "is-referenced-by-count": work.get("cited", 0),
                "author": [{"given": n[0], "family": n[-1], "sequence":
                            "first" if i == 0 else "additional", "affiliation": []}
                           for i, n in enumerate(names)],
                "container-title": [work["venue"]] if work.get("venue") else [],
                "issued": {"date-parts": [[work.get("year")]]},
                "published": {"date-parts": [[work.get("year")]]},
                "URL": f"https://doi.org/{work['doi']}"}
        if work.get("volume"):
            item["volume"] = work["volume"]
        if work.get("pages"):
            item["page"] = work["pages"]
        return item

    def s2(self, work: dict) -> dict:
        external = {}
        if work.get("doi"):
            external["DOI"] = work["doi"]
        if work.get("arxiv"):
            external["ArXiv"] = work["arxiv"]
        if work.get("pmid"):
            external["PubMed"] = work["pmid"]
        return {"paperId": work.get("s2", "0" * 40), "externalIds": external,
                "title": work["title"], "year": work.get("year"),
                "citationCount": work.get("cited", 0),
                "authors": [{"authorId": str(i), "name": n}
                            for i, n in enumerate(work.get("authors", []))]}

    def inspire(self, work: dict) -> dict:
        metadata = {"control_number": int(work.get("inspire") or 0),
                    "citation_count": work.get("cited", 0),
                    "titles": [{"title": work["title"]}]}
        if work.get("doi"):
            metadata["dois"] = [{"value": work["doi"]}]
        if work.get("arxiv"):
            metadata["arxiv_eprints"] = [{"value": work["arxiv"], "categories": ["hep-th"]}]
        return {"id": str(work.get("inspire") or 0), "created": "2020-01-01T00:00:00+00:00",
                "metadata": metadata, "links": {}}

    # -- the HTTP side ----------------------------------------------------------------
    def handler(self):
        apis = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body go out at once

            def log_message(self, *args):
                pass

            def do_GET(self):
                self.answer("GET")

            def do_POST(self):
                self.answer("POST")

            def answer(self, method):
                url = urlparse(self.path)
                query = {k: v[-1] for k, v in parse_qs(url.query).items()}
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with apis.lock:
                    apis.requests.append((method, url.path, query, body))
                    prefix = "/" + url.path.split("/")[1]
                    queue = apis.faults.get(prefix) or []
                    fault = queue.pop(0) if queue else None
                if fault:
                    if fault[0] == "status":
                        headers = fault[2] if len(fault) > 2 else {}
                        return self.send(fault[1], {"error": "fault"}, headers)
                    if fault[0] == "slow":
                        time.sleep(fault[1])
                    if fault[0] == "malformed":
                        return self.send(200, b'{"results": [{"id": ', {})
                try:
                    status, document, content_type = apis.route(method, url.path, query, body)
                except Exception as exc:  # the fake is wrong: let the test see it
                    status, document, content_type = 599, {"fake error": repr(exc)}, None
                self.send(status, document, {"Content-Type": content_type} if content_type
                          else {})

            def send(self, status, document, headers):
                data = document if isinstance(document, bytes) else (
                    document.encode() if isinstance(document, str)
                    else json.dumps(document).encode())
                try:
                    self.send_response(status)
                    if "Content-Type" not in headers:
                        self.send_header("Content-Type", "application/json")
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        return Handler

    def route(self, method: str, path: str, query: dict, body: bytes):
        prefix, _, rest = path[1:].partition("/")
        rest = "/" + rest
        route = getattr(self, f"route_{prefix}", None)
        if route is None:
            return 404, {"error": "no such API"}, None
        return route(method, rest, query, body)

    # OpenAlex: GET /works?filter=...&per-page=&cursor=
    def route_openalex(self, method, path, query, body):
        if path != "/works":
            return 404, {"error": "Not found"}, None
        filters = {}
        for part in (query.get("filter") or "").split(","):
            name, _, value = part.partition(":")
            filters[name] = value
        per_page = int(query.get("per-page", 25))
        if per_page > 200:
            return 400, {"error": "Invalid query parameters error.",
                         "message": "per-page parameter must be between 1 and 200"}, None
        for name, value in filters.items():
            if value.count("|") >= 100:
                return 400, {"error": "Invalid query parameters error.",
                             "message": f"Maximum number of values exceeded for {name}. "
                                        "Decrease values to 100 or below"}, None
        works = list(self.works)
        if "doi" in filters:
            wanted = {bare_doi(v) for v in filters["doi"].split("|")}
            works = [w for w in works if (w.get("doi") or "").lower() in wanted
                     or (w.get("arxiv") and f"10.48550/arxiv.{w['arxiv']}".lower() in wanted)]
        if "pmid" in filters:
            wanted = {v.rsplit("/", 1)[-1] for v in filters["pmid"].split("|")}
            works = [w for w in works if str(w.get("pmid", "")) in wanted]
        if "openalex" in filters:
            wanted = {v.rsplit("/", 1)[-1].upper() for v in filters["openalex"].split("|")}
            works = [w for w in works if w.get("openalex", "").upper() in wanted]
        if "title.search" in filters:
            words = plain(filters["title.search"]).split()
            def overlap(work):
                if "_words" not in work:
                    work["_words"] = set(plain(work["title"]).split())
                return sum(x in work["_words"] for x in words)
            # Ranked by relevance as the real search is: the most words in common first.
            works = sorted((w for w in works if overlap(w) >= max(1, len(words) - 1)),
                           key=overlap, reverse=True)
        if "from_publication_date" in filters:
            works = [w for w in works if w.get("year", 0) >= int(filters[
                "from_publication_date"][:4])]
        if "to_publication_date" in filters:
            works = [w for w in works if w.get("year", 0) <= int(filters[
                "to_publication_date"][:4])]
        if "authorships.author.id" in filters:
            author = filters["authorships.author.id"].rsplit("/", 1)[-1]
            works = self.openalex_authors.get(author, [])
        cursor = query.get("cursor")
        start = int(cursor) if cursor and cursor != "*" else 0
        page = works[start:start + per_page]
        meta = {"count": len(works), "db_response_time_ms": 3, "page": None if cursor else 1,
                "per_page": per_page, "groups_count": None}
        if cursor is not None:
            meta["next_cursor"] = str(start + per_page) if start + per_page < len(works) \
                else None
        return 200, {"meta": meta, "results": [self.openalex(w) for w in page],
                     "group_by": []}, None

    # Semantic Scholar: POST /graph/v1/paper/batch, GET /graph/v1/paper/search/match
    def route_s2(self, method, path, query, body):
        if path == "/graph/v1/paper/batch" and method == "POST":
            ids = json.loads(body or b"{}").get("ids")
            if not isinstance(ids, list) or len(ids) > 500:
                return 400, {"error": "ids must be a list of at most 500"}, None
            answers = []
            for ident in ids:
                kind, _, value = ident.partition(":")
                field = {"DOI": "doi", "ARXIV": "arxiv", "PMID": "pmid"}.get(kind.upper())
                match = self.find(**{field: [value]}) if field else []
                answers.append(self.s2(match[0]) if match else None)
            return 200, answers, None
        if path == "/graph/v1/paper/search/match":
            words = plain(query.get("query", ""))
            for work in self.works:
                if plain(work["title"]) == words:
                    return 200, {"data": [{**self.s2(work), "matchScore": 180.2}]}, None
            return 404, {"error": "Title match not found"}, None
        return 404, {"error": "Not found"}, None

    # Crossref: GET /works?filter=doi:a,doi:b  and  GET /works/{doi}
    def route_crossref(self, method, path, query, body):
        if path == "/works":
            dois = [bare_doi(p[4:]) for p in (query.get("filter") or "").split(",")
                    if p.startswith("doi:")]
            items = [self.crossref(w) for w in self.works
                     if (w.get("doi") or "").lower() in dois]
            return 200, {"status": "ok", "message-type": "work-list",
                         "message-version": "1.0.0",
                         "message": {"facets": {}, "total-results": len(items),
                                     "items": items, "items-per-page": len(items),
                                     "query": {"start-index": 0, "search-terms": None}}}, None
        if path.startswith("/works/"):
            doi = bare_doi(unquote(path[len("/works/"):]))
            match = [w for w in self.works if (w.get("doi") or "").lower() == doi]
            if not match:
                return 404, "Resource not found.", "text/plain"
            return 200, {"status": "ok", "message-type": "work", "message-version": "1.0.0",
                         "message": self.crossref(match[0])}, None
        return 404, "Resource not found.", "text/plain"

    # INSPIRE-HEP: GET /api/literature?q=recid:1 or doi:"..." or arxiv:...
    def route_inspire(self, method, path, query, body):
        if path != "/api/literature":
            return 404, {"message": "Not found", "status": 404}, None
        hits = []
        for term in re.split(r"\s+or\s+", query.get("q", "")):
            name, _, value = term.partition(":")
            field = {"recid": "inspire", "doi": "doi", "arxiv": "arxiv"}.get(name.strip())
            for work in self.find(**{field: [value.strip('"')]}) if field else []:
                if work not in hits:
                    hits.append(work)
        return 200, {"hits": {"hits": [self.inspire(w) for w in hits], "total": len(hits)},
                     "links": {"self": "..."}}, None

    # ORCID public API v3.0: GET /v3.0/{id}/works and /v3.0/{id}/works/{put-codes}
    def route_orcid(self, method, path, query, body):
        found = re.fullmatch(r"/v3\.0/([0-9X-]{19})/works(?:/([0-9,]+))?", path)
        if not found:
            return 404, {"response-code": 404, "developer-message": "Not found"}, None
        orcid, codes = found.groups()
        if orcid not in self.orcid_works:
            return 404, {"response-code": 404, "developer-message":
                         f"404 Not Found: The resource was not found. Full validation error: "
                         f"ORCID iD {orcid} not found", "error-code": 9016}, None
        works = self.orcid_works[orcid]
        if codes:
            wanted = [int(c) for c in codes.split(",")]
            if len(wanted) > 100:
                return 400, {"response-code": 400, "developer-message": "too many"}, None
            return 200, {"bulk": [{"work": self.orcid_work(orcid, w)} for w in works
                                  if w["orcid_put_code"] in wanted]}, None
        return 200, {"last-modified-date": {"value": 1700000000000},
                     "group": [{"last-modified-date": {"value": 1700000000000},
                                "external-ids": {"external-id": self.orcid_ids(w)},
                                "work-summary": [self.orcid_summary(orcid, w)]}
                               for w in works],
                     "path": f"/{orcid}/works"}, None

    def orcid_ids(self, work: dict) -> list[dict]:
        ids = []
        if work.get("doi"):
            ids.append({"external-id-type": "doi", "external-id-value": work["doi"],
                        "external-id-normalized": {"value": work["doi"].lower()},
                        "external-id-url": {"value": f"https://doi.org/{work['doi']}"},
                        "external-id-relationship": "self"})
        if work.get("arxiv"):
            ids.append({"external-id-type": "arxiv", "external-id-value": work["arxiv"],
                        "external-id-url": None, "external-id-relationship": "self"})
        return ids

    def orcid_summary(self, orcid: str, work: dict) -> dict:
        return {"put-code": work["orcid_put_code"], "path": f"/{orcid}/work/"
                f"{work['orcid_put_code']}", "type": work.get("orcid_type", "journal-article"),
                "title": {"title": {"value": work["title"]}, "subtitle": None},
                "external-ids": {"external-id": self.orcid_ids(work)},
                "publication-date": {"year": {"value": str(work["year"])}, "month": None,
                                     "day": None},
                "journal-title": {"value": work["venue"]} if work.get("venue") else None,
                "visibility": "public"}

    def orcid_work(self, orcid: str, work: dict) -> dict:
        summary = self.orcid_summary(orcid, work)
        summary.pop("visibility")
        summary["contributors"] = {"contributor": [
            {"contributor-orcid": None, "credit-name": {"value": name},
             "contributor-email": None,
             "contributor-attributes": {"contributor-sequence": "first" if i == 0
                                        else "additional", "contributor-role": "author"}}
            for i, name in enumerate(work.get("authors", []))]}
        summary["citation"] = None
        summary["url"] = {"value": f"https://doi.org/{work['doi']}"} if work.get("doi") \
            else None
        return summary

    # DBLP: GET /pid/{pid}.xml
    def route_dblp(self, method, path, query, body):
        found = re.fullmatch(r"/pid/(.+)\.xml", path)
        if not found or found.group(1) not in self.dblp_people:
            return 404, "<html><body>Error 404: not found</body></html>", "text/html"
        pid = found.group(1)
        records = []
        for work in self.dblp_people[pid]:
            tag = "inproceedings" if work.get("type") == "proceedings-article" else "article"
            venue_tag = "booktitle" if tag == "inproceedings" else "journal"
            authors = "".join(f'<author pid="{i}/{i}">{escape(a)}</author>'
                              for i, a in enumerate(work.get("authors", [])))
            links = f"<ee>https://doi.org/{escape(work['doi'])}</ee>" if work.get("doi") else ""
            if work.get("arxiv"):
                links += f"<ee>https://arxiv.org/abs/{escape(work['arxiv'])}</ee>"
            records.append(
                f'<r><{tag} key="{escape(work.get("dblp_key", "x/y/z"))}" mdate="2024-01-01">'
                f"{authors}<title>{escape(work['title'])}.</title>"
                f"<{venue_tag}>{escape(work.get('venue', ''))}</{venue_tag}>"
                f"<year>{work['year']}</year>{links}</{tag}></r>")
        xml = (f'<?xml version="1.0" encoding="US-ASCII"?>\n<dblpperson name="Someone" '
               f'pid="{pid}" n="{len(records)}"><person key="homepages/{pid}" '
               f'mdate="2024-01-01"><author pid="{pid}">Someone</author></person>'
               + "".join(records) + "</dblpperson>")
        return 200, xml, "application/xml"

    # arXiv: GET /api/query?id_list=a,b  (Atom)
    def route_arxiv(self, method, path, query, body):
        if path != "/api/query":
            return 404, "not found", "text/plain"
        ids = [i for i in (query.get("id_list") or "").split(",") if i]
        entries = []
        for ident in ids:
            for work in self.find(arxiv=[re.sub(r"v\d+$", "", ident)]):
                authors = "".join(f"<author><name>{escape(a)}</name></author>"
                                  for a in work.get("authors", []))
                doi = (f"<arxiv:doi>{escape(work['doi'])}</arxiv:doi>"
                       if work.get("doi") else "")
                entries.append(
                    f"<entry><id>http://arxiv.org/abs/{work['arxiv']}v1</id>"
                    f"<published>{work['year']}-01-15T00:00:00Z</published>"
                    f"<title>{escape(work['title'])}</title><summary>An abstract.</summary>"
                    f"{authors}{doi}<arxiv:primary_category term=\"cs.LG\"/></entry>")
        feed = ('<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/'
                'Atom" xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns:opensearch='
                '"http://a9.com/-/spec/opensearch/1.1/"><title>arXiv Query</title>'
                f"<opensearch:totalResults>{len(entries)}</opensearch:totalResults>"
                + "".join(entries) + "</feed>")
        return 200, feed, "application/atom+xml"
