"""One CV model for every format: a person and sections of entries of RenderCV's kinds.

Entries are dicts whose text values are still Markdown (see :mod:`.markup`); ``kind`` is
one of KINDS. Dates are kept as written and shown by :func:`date_range`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

KINDS = ("education", "experience", "normal", "one-line", "bullet", "numbered",
         "reversed-numbered", "publication", "text")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "June", "July", "Aug", "Sept", "Oct", "Nov",
          "Dec")


@dataclass
class Section:
    title: str
    kind: str
    entries: list[dict] = field(default_factory=list)


@dataclass
class CV:
    name: str = ""
    label: str = ""  # RenderCV's headline, JSON Resume's label
    location: str = ""
    email: str = ""
    phone: str = ""
    website: str = ""
    photo: str = ""
    summary: str = ""
    social: list[dict] = field(default_factory=list)  # network, username, url
    sections: list[Section] = field(default_factory=list)
    source: str = ""  # the file it was read from, for messages

    def entries(self):
        for section in self.sections:
            yield from section.entries


def entry_kind(entry) -> str:
    """RenderCV tells the kinds apart by their keys; so does this."""
    if not isinstance(entry, dict):
        return "text"
    keys = set(entry)
    if {"institution", "area"} <= keys:
        return "education"
    if {"company", "position"} <= keys:
        return "experience"
    if {"title", "authors"} <= keys:
        return "publication"
    if {"label", "details"} <= keys:
        return "one-line"
    if "bullet" in keys:
        return "bullet"
    if "reversed_number" in keys:
        return "reversed-numbered"
    if "number" in keys:
        return "numbered"
    if "name" in keys:
        return "normal"
    return "text"


def show_date(value) -> str:
    """``2018-09`` is "Sept 2018", ``2018-09-01`` too, ``present`` stays, text stays."""
    if isinstance(value, date):
        return f"{MONTHS[value.month - 1]} {value.year}"
    text = str(value if value is not None else "").strip()
    found = re.fullmatch(r"(\d{4})-(\d{2})(?:-\d{2})?", text)
    if found and 1 <= int(found.group(2)) <= 12:
        return f"{MONTHS[int(found.group(2)) - 1]} {found.group(1)}"
    return "present" if text.lower() == "present" else text


def date_range(entry: dict) -> str:
    if entry.get("date") not in (None, ""):
        return show_date(entry["date"])
    start, end = show_date(entry.get("start_date")), show_date(entry.get("end_date"))
    if start and end:
        return start if start == end else f"{start} – {end}"
    if start:
        return f"{start} – present"
    return end
