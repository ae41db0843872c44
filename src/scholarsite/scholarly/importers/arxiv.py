"""arXiv's API (https://info.arxiv.org/help/api/user-manual.html): ``/api/query?id_list=``
answers an Atom feed, one ``<entry>`` per paper."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree

from scholarsite.errors import BuildError
from scholarsite.scholarly.http import Client, SourceError, base_url
from scholarsite.scholarly.identify import normalize_arxiv, normalize_doi
from scholarsite.scholarly.importers import Found, as_year

SCHEME = "arxiv"
EXAMPLE = "2401.00001"
ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"


def check(ident: str) -> str:
    found = normalize_arxiv(ident)
    if not found:
        raise BuildError(f"{ident!r} is not an arXiv id (write it as 2401.00001)")
    return found


def fetch(client: Client, ident: str) -> list[Found]:
    response = client.get(f"{base_url('arxiv')}/api/query",
                          params={"id_list": ident, "max_results": 1},
                          accept="application/atom+xml")
    try:
        feed = ElementTree.fromstring(response.content)
    except ElementTree.ParseError as exc:
        raise SourceError(f"arXiv answered with malformed XML ({exc})") from None
    entries = [e for e in feed.findall(f"{ATOM}entry") if e.findtext(f"{ATOM}title")]
    if not entries:
        raise BuildError(f"arXiv has no paper {ident} (check the id)")
    entry = entries[0]
    primary = entry.find(f"{ARXIV}primary_category")
    return [Found(title=" ".join(entry.findtext(f"{ATOM}title").split()),
                  authors=[a.findtext(f"{ATOM}name") or "" for a in entry.findall(f"{ATOM}author")],
                  year=as_year(entry.findtext(f"{ATOM}published")), type="misc",
                  doi=normalize_doi(entry.findtext(f"{ARXIV}doi") or ""), arxiv=ident,
                  venue="", url=f"https://arxiv.org/abs/{ident}",
                  primary_class=primary.get("term", "") if primary is not None else "",
                  source="arXiv")]
