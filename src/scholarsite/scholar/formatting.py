"""A small APA-like formatter for ``reference`` and ``{% cite %}``.

jekyll-scholar formats with citeproc-ruby and a CSL style (apa by default).  There is
no CSL processor here; this formatter writes the common APA shapes (article,
proceedings paper, book, chapter, thesis, report, misc) so that ``{{ reference }}``
and citations read as researchers expect.  The entry's values are already HTML
(:meth:`BibEntry.liquid`), so they are written as they are.  Templates that lay out the fields
themselves (al-folio's bib.liquid) do not use it.
"""

from __future__ import annotations

from html import escape

from scholarsite.liquid.safe import is_safe_url
from scholarsite.scholar.bibtex import BibEntry


def _initials(first: str) -> str:
    out = []
    for part in first.replace("~", " ").split():
        pieces = [p for p in part.split("-") if p]
        out.append("-".join(p[0] + "." for p in pieces if p[:1].isalpha()) or part)
    return " ".join(out)


def _author_list(people: list[dict]) -> str:
    names = []
    for p in people:
        last = " ".join(x for x in (p.get("von"), p.get("last")) if x)
        name = last
        if p.get("first"):
            name += ", " + _initials(p["first"])
        if p.get("jr"):
            name += ", " + p["jr"]
        names.append(name)
    if len(names) <= 1:
        return "".join(names)
    if len(names) > 20:
        return ", ".join(names[:19]) + ", … " + names[-1]
    return ", ".join(names[:-1]) + ", & " + names[-1]


def reference_html(entry: BibEntry) -> str:
    e = entry.liquid()
    parts = []
    people = e.get("author_array") or e.get("editor_array") or []
    who = _author_list(people)
    if who and not e.get("author_array"):
        who += " (Ed.)." if len(people) == 1 else " (Eds.)."
    year = e.get("year") or "n.d."
    head = f"{who} ({year})." if who else ""
    title = e.get("title", "")
    container = e.get("journal") or e.get("booktitle") or ""
    if entry.type in ("book", "phdthesis", "mastersthesis", "techreport", "manual", "proceedings"):
        title_html = f"<i>{title}</i>"
    else:
        title_html = title
    if head:
        parts.append(head)
        parts.append(title_html + ("." if title and not title.endswith((".", "?", "!")) else ""))
    else:
        parts.append(title_html + f". ({year}).")
    if entry.type == "article" and container:
        tail = f"<i>{container}</i>"
        if e.get("volume"):
            tail += f", <i>{e['volume']}</i>"
            if e.get("number"):
                tail += f"({e['number']})"
        if e.get("pages"):
            tail += f", {e['pages']}"
        parts.append(tail + ".")
    elif container:
        tail = f"In <i>{container}</i>"
        if e.get("pages"):
            tail += f" (pp. {e['pages']})"
        parts.append(tail + ".")
    elif entry.type in ("phdthesis", "mastersthesis") and e.get("school"):
        kind = "Doctoral dissertation" if entry.type == "phdthesis" else "Master's thesis"
        parts.append(f"[{kind}, {e['school']}].")
    publisher = e.get("publisher") or e.get("institution") or e.get("organization")
    if publisher and entry.type != "article":
        parts.append(publisher + ".")
    if e.get("doi"):
        doi = entry.text("doi")
        parts.append(link(doi if doi.startswith("http") else f"https://doi.org/{doi}"))
    elif e.get("url"):
        parts.append(link(entry.text("url")))
    return " ".join(p for p in parts if p)


def link(url: str) -> str:
    """The URL as a link to itself; as text only when it is no safe link (``javascript:``)."""
    return f'<a href="{escape(url)}">{escape(url)}</a>' if is_safe_url(url) else escape(url)


def citation_label(entry: BibEntry) -> str:
    e = entry.liquid()
    people = e.get("author_array") or e.get("editor_array") or []
    lasts = [" ".join(x for x in (p.get("von"), p.get("clean_last") or p.get("last")) if x)
             for p in people]
    if not lasts:
        who = e.get("title", entry.key)
    elif len(lasts) == 1:
        who = lasts[0]
    elif len(lasts) == 2:
        who = f"{lasts[0]} &amp; {lasts[1]}"
    else:
        who = f"{lasts[0]} et al."
    return f"{who}, {e.get('year') or 'n.d.'}"


def citation_html(entries: list[BibEntry], locators: list[str]) -> str:
    items = []
    for i, entry in enumerate(entries):
        text = citation_label(entry)
        if i < len(locators) and locators[i]:
            loc = locators[i]
            text += f", {'pp.' if '-' in loc or '–' in loc else 'p.'} {loc}"
        items.append(text)
    return "(" + "; ".join(items) + ")"
