"""The CV laid out for display, the same for the page and the PDF: per entry a ``head``
(the bold first line), ``sub``, ``date``, ``location``, ``summary``, ``highlights`` and
``link``, each converted by ``convert`` (Markdown to HTML, or to Typst markup)."""

from __future__ import annotations

from typing import Callable

from scholarsite.cv.model import CV, date_range


def names(authors, convert: Callable[[str], str]) -> str:
    people = [str(a) for a in authors or [] if str(a).strip()]
    if len(people) > 2:
        people = [", ".join(people[:-1]), people[-1]]
    return convert(" and ".join(people)) if people else ""


def entry_view(kind: str, entry: dict, convert: Callable[[str], str]) -> dict:
    def field(name: str) -> str:
        value = entry.get(name)
        return convert(str(value).strip()) if value not in (None, "") else ""

    view = {"kind": kind, "head": "", "sub": "", "date": convert(date_range(entry)),
            "location": field("location"), "summary": field("summary"),
            "highlights": [convert(str(h)) for h in entry.get("highlights") or [] if h],
            "link": ""}
    if kind == "education":
        degree, area = str(entry.get("degree") or "").strip(), str(entry.get("area") or "")
        view["head"] = field("institution")
        view["sub"] = convert(f"{degree} in {area}" if degree and area else degree or area)
    elif kind == "experience":
        view["head"], view["sub"] = field("company"), field("position")
    elif kind == "normal":
        view["head"] = field("name")
    elif kind == "one-line":
        view["head"], view["sub"] = field("label"), field("details")
    elif kind == "bullet":
        view["head"] = field("bullet")
    elif kind == "numbered":
        view["head"] = field("number")
    elif kind == "reversed-numbered":
        view["head"] = field("reversed_number")
    elif kind == "publication":
        view["head"] = field("title")
        view["sub"] = names(entry.get("authors"), convert)
        venue = str(entry.get("journal") or "").strip()
        view["location"] = convert(venue) if venue else ""
        doi = str(entry.get("doi") or "").strip()
        url = f"https://doi.org/{doi}" if doi else str(entry.get("url") or "").strip()
        if url:
            view["link"] = convert(f"[{doi or url}]({url})")
    else:
        view["head"] = field("text") if isinstance(entry, dict) else convert(str(entry))
    return view


def cv_view(cv: CV, convert: Callable[[str], str]) -> dict:
    contacts = [convert(cv.location)] if cv.location else []
    if cv.email:
        contacts.append(convert(f"[{cv.email}](mailto:{cv.email})"))
    if cv.phone:
        contacts.append(convert(f"[{cv.phone}](tel:{''.join(cv.phone.split())})"))
    if cv.website:
        shown = cv.website.split("://", 1)[-1].rstrip("/")
        contacts.append(convert(f"[{shown}]({cv.website})"))
    for network in cv.social:
        label = f"{network['network']}: {network['username']}"
        contacts.append(convert(f"[{label}]({network['url']})" if network.get("url") else label))
    return {"name": convert(cv.name), "plain_name": cv.name, "label": convert(cv.label),
            "contacts": contacts, "source": cv.source,
            "sections": [{"title": convert(s.title), "kind": s.kind,
                          "entries": [entry_view(s.kind, e, convert) for e in s.entries]}
                         for s in cv.sections if s.entries]}
