"""What identifies a BibTeX entry's work: its DOI, arXiv id, PMID, OpenAlex id or INSPIRE
record, else its title, year and first author, matched with a score."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from scholarsite.scholar.bibtex import BibEntry
from scholarsite.scholar.latex import strip_accents, to_unicode

DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.I)
DOI_SHAPE = re.compile(r"^10\.\d{4,9}/\S+$")
ARXIV_URL = re.compile(r"arxiv\.org/(?:abs|pdf)/([^\s?#]+?)(?:\.pdf)?(?:[?#]|$)", re.I)
ARXIV_SHAPE = re.compile(r"^(?:\d{4}\.\d{4,5}|[a-z\-]+(?:\.[A-Z]{2})?/\d{7})$", re.I)
ARXIV_VERSION = re.compile(r"v\d+$")
ARXIV_DOI = "10.48550/arxiv."  # arXiv's own DOIs, which OpenAlex and DataCite know
OPENALEX_ID = re.compile(r"(?:https?://openalex\.org/)?(W\d+)$", re.I)

# A title match is taken only when the titles are this alike (0..1, difflib's ratio of
# the normalised titles), the years at most one apart and the first authors agree.
TITLE_THRESHOLD = 0.92


def normalize_doi(value: str) -> str:
    """``https://doi.org/10.1000/ABC`` and ``doi:10.1000/abc`` are ``10.1000/abc``."""
    doi = DOI_PREFIX.sub("", (value or "").strip()).strip().rstrip(".")
    return doi.lower() if DOI_SHAPE.match(doi) else ""


def normalize_arxiv(value: str) -> str:
    """``arXiv:2401.00001v2`` and ``https://arxiv.org/abs/2401.00001`` are ``2401.00001``."""
    value = (value or "").strip()
    found = ARXIV_URL.search(value)
    if found:
        value = found.group(1)
    value = re.sub(r"^arxiv:\s*", "", value, flags=re.I)
    value = ARXIV_VERSION.sub("", value)
    return value if ARXIV_SHAPE.match(value) else ""


def normalize_title(text: str) -> str:
    """Lower case, accents and LaTeX gone, only letters and digits separated by spaces."""
    plain = strip_accents(to_unicode(text or "", html=False)).lower()
    return " ".join(re.findall(r"[^\W_]+", plain))


def normalize_name(text: str) -> str:
    return normalize_title(text).replace(" ", "")


@dataclass
class Work:
    """One BibTeX entry, as the APIs can be asked about it."""

    key: str
    title: str = ""
    year: int | None = None
    first_author: str = ""  # last name, normalised
    doi: str = ""
    arxiv: str = ""
    pmid: str = ""
    openalex: str = ""
    inspire: str = ""
    google_scholar_id: str = ""
    path: str = ""
    line: int = 0

    @property
    def dois(self) -> list[str]:
        """The DOIs the work may be known by: its own, and its arXiv DOI."""
        found = [self.doi] if self.doi else []
        if self.arxiv:
            found.append(ARXIV_DOI + self.arxiv.lower())
        return found

    @property
    def identified(self) -> bool:
        return bool(self.doi or self.arxiv or self.pmid or self.openalex or self.inspire)


def work_of(entry: BibEntry) -> Work:
    fields = entry.fields
    doi = normalize_doi(fields.get("doi", ""))
    arxiv = normalize_arxiv(fields.get("arxiv", ""))
    if not arxiv and (fields.get("archiveprefix", "").lower() == "arxiv"
                      or "arxiv" in fields.get("eprinttype", "").lower()
                      or normalize_arxiv(fields.get("eprint", ""))):
        arxiv = normalize_arxiv(fields.get("eprint", ""))
    for link in ("url", "html", "pdf"):
        if not doi:
            doi = normalize_doi(fields.get(link, "")) if "doi.org/" in fields.get(link, "") else ""
        if not arxiv and "arxiv.org/" in fields.get(link, ""):
            arxiv = normalize_arxiv(fields.get(link, ""))
    if doi.startswith(ARXIV_DOI):  # the DOI is arXiv's own: the arXiv id says the same
        arxiv, doi = arxiv or doi[len(ARXIV_DOI):], ""
    openalex = OPENALEX_ID.search(fields.get("openalex", "").strip())
    year = re.search(r"\d{4}", fields.get("year", "") or fields.get("date", ""))
    authors = entry.names.get("author") or entry.names.get("editor") or []
    return Work(
        key=entry.key, title=entry.fields.get("title", ""),
        year=int(year.group(0)) if year else None,
        first_author=normalize_name(authors[0].last) if authors else "",
        doi=doi, arxiv=arxiv, pmid=re.sub(r"\D", "", fields.get("pmid", "")),
        openalex=openalex.group(1).upper() if openalex else "",
        inspire=re.sub(r"\D", "", fields.get("inspirehep_id", "")),
        google_scholar_id=fields.get("google_scholar_id", "").strip(),
        path=entry.path, line=entry.line)


@dataclass
class Candidate:
    """A work an API offers for a title query."""

    title: str
    year: int | None = None
    authors: list[str] = field(default_factory=list)  # display names, first author first


def title_score(work: Work, candidate: Candidate) -> float:
    """How surely ``candidate`` is ``work``: 0 when it is not, else the titles' likeness."""
    mine, theirs = normalize_title(work.title), normalize_title(candidate.title)
    if not mine or not theirs:
        return 0.0
    if numbers(mine) != numbers(theirs) or roman(mine) != roman(theirs):
        return 0.0  # "Part 2" is not "Part 3", however alike the rest is
    ratio = difflib.SequenceMatcher(None, mine, theirs, autojunk=False).ratio()
    if work.year and candidate.year and abs(work.year - candidate.year) > 1:
        return 0.0
    if work.first_author and candidate.authors:
        first = normalize_title(candidate.authors[0]).split()
        if not first or not (work.first_author == "".join(first[-1:])
                             or work.first_author in "".join(first)):
            return 0.0
    if work.year and candidate.year and work.year != candidate.year:
        ratio -= 0.02  # a preprint and its publication: likely, a little less sure
    return round(ratio, 3)


def numbers(title: str) -> list[str]:
    return [w for w in title.split() if w.isdigit()]


def roman(title: str) -> list[str]:
    return [w for w in title.split() if re.fullmatch(r"i{1,3}|iv|vi{0,3}|ix|x", w)]


def best_match(work: Work, candidates: list[tuple[Candidate, object]]):
    """The candidate (with its payload) that matches ``work`` above the threshold, and its
    score; ``(None, best score)`` when none does."""
    best, best_score = None, 0.0
    for candidate, payload in candidates:
        score = title_score(work, candidate)
        if score > best_score:
            best, best_score = payload, score
    return (best, best_score) if best_score >= TITLE_THRESHOLD else (None, best_score)


def title_query(work: Work) -> str:
    """The title as a search phrase: plain words (no filter syntax such as , | :)."""
    return " ".join(re.findall(r"[^\W_]+", strip_accents(to_unicode(work.title, html=False))))
