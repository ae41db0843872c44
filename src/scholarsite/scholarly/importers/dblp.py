"""DBLP: a person's publication list, ``/pid/{pid}.xml`` (https://dblp.org/faq/How+can+I+
fetch+all+publications+of+one+specific+author.html): one ``<r>`` per record."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree

from scholarsite.errors import BuildError
from scholarsite.scholarly.http import Client, SourceError, base_url
from scholarsite.scholarly.identify import normalize_arxiv, normalize_doi
from scholarsite.scholarly.importers import Found, as_year

SCHEME = "dblp"
EXAMPLE = "h/GeoffreyEHinton"
TYPES = {"article": "article", "inproceedings": "inproceedings", "incollection":
         "incollection", "book": "book", "phdthesis": "phdthesis",
         "mastersthesis": "mastersthesis", "proceedings": "proceedings"}
HOMONYM = re.compile(r"\s+\d{4}$")  # DBLP tells people of one name apart: "Wei Wang 0001"


def check(ident: str) -> str:
    ident = re.sub(r"^https?://dblp\.org/pid/", "", ident).removesuffix(".html")
    if not re.fullmatch(r"[\w-]+/[\w-]+", ident):
        raise BuildError(f"{ident!r} is not a DBLP person id (write it as {EXAMPLE}, the part "
                         "after dblp.org/pid/)")
    return ident


def fetch(client: Client, ident: str) -> list[Found]:
    response = client.get(f"{base_url('dblp')}/pid/{ident}.xml", accept="application/xml")
    if response.status_code == 404:
        raise BuildError(f"DBLP has no person {ident} (check the id)")
    try:
        root = ElementTree.fromstring(response.content)
    except ElementTree.ParseError as exc:
        raise SourceError(f"DBLP answered with malformed XML ({exc})") from None
    works = []
    for record in root.iter("r"):
        for item in record:
            if item.tag in TYPES and item.findtext("title"):
                works.append(found(item))
    return works


def found(item) -> Found:
    links = [e.text or "" for e in item.findall("ee")]
    doi = next((normalize_doi(u) for u in links if "doi.org/" in u and normalize_doi(u)), "")
    arxiv = next((normalize_arxiv(u) for u in links if "arxiv.org/" in u), "")
    venue = item.findtext("journal") or item.findtext("booktitle") or ""
    kind = TYPES[item.tag]
    if venue == "CoRR":  # DBLP files arXiv preprints as CoRR articles
        kind, venue = "misc", ""
    title = "".join(item.find("title").itertext()).strip().removesuffix(".")
    return Found(title=title, authors=[HOMONYM.sub("", a.text or "")
                                       for a in item.findall("author")],
                 year=as_year(item.findtext("year")), type=kind, venue=venue,
                 volume=item.findtext("volume") or "", number=item.findtext("number") or "",
                 pages=(item.findtext("pages") or "").replace("-", "--"), doi=doi,
                 arxiv=arxiv, source="DBLP")
