"""New BibTeX entries written the way the file already writes its own: the same indent,
``=`` spacing, delimiters, letter case, trailing commas, name order, blank lines between
entries, and keys made in the style of the existing keys."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Callable

from scholarsite.scholar.bibtex import BibEntry
from scholarsite.scholar.latex import strip_accents, to_unicode
from scholarsite.scholarly.importers import Found

FIELD_LINE = re.compile(r"^([ \t]+)([A-Za-z][\w-]*)([ \t]*=[ \t]*)([{\"\d])", re.M)
ENTRY_START = re.compile(r"^@([A-Za-z]+)[ \t]*[{(]", re.M)
STOPWORDS = {"a", "an", "the", "on", "of", "in", "for", "to", "and", "with", "at", "by",
             "from", "is", "are", "towards", "toward"}
PARTICLES = {"van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "la", "le",
             "ter", "ten", "dos", "das", "do"}


def ascii_word(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", strip_accents(to_unicode(text, html=False)).lower())


def family_name(name: str) -> tuple[str, str]:
    """("Ludwig", "van Beethoven") from "Ludwig van Beethoven"; "Last, First" as written."""
    if "," in name:
        last, _, first = name.partition(",")
        return first.strip(), last.strip()
    words = name.split()
    if len(words) < 2:
        return "", name.strip()
    cut = len(words) - 1
    while cut > 1 and words[cut - 1].lower() in PARTICLES:
        cut -= 1
    return " ".join(words[:cut]), " ".join(words[cut:])


def first_word(title: str) -> str:
    words = [ascii_word(w) for w in re.split(r"[\s\-–—:]+", to_unicode(title, html=False))]
    return next((w for w in words if w and w not in STOPWORDS), "")


def last_of(authors: list[str]) -> str:
    return family_name(authors[0])[1].split()[-1] if authors else "anon"


KEY_STYLES: dict[str, Callable[[str, str, str], str]] = {
    # name -> key from (family name of the first author, year, first title word)
    "lastyearword": lambda last, year, word: f"{ascii_word(last)}{year}{word}",
    "lastyear": lambda last, year, word: f"{ascii_word(last)}{year}",
    "Lastyear": lambda last, year, word: f"{ascii_word(last).capitalize()}{year}",
    "last_year": lambda last, year, word: f"{ascii_word(last)}_{year}",
    "Last_year": lambda last, year, word: f"{ascii_word(last).capitalize()}_{year}",
    "Last:year": lambda last, year, word: f"{ascii_word(last).capitalize()}:{year}",
    "last:year": lambda last, year, word: f"{ascii_word(last)}:{year}",
    "Lastyearword": lambda last, year, word:
        f"{ascii_word(last).capitalize()}{year}{word.capitalize()}",
    "last_year_word": lambda last, year, word: f"{ascii_word(last)}_{year}_{word}",
    "lastyearsuffix": lambda last, year, word: f"{ascii_word(last)}{str(year)[-2:]}",
}


@dataclass
class Style:
    indent: str = "  "
    equals: str = " = "
    open: str = "{"
    close: str = "}"
    type_case: str = "lower"  # lower, upper, title
    field_case: str = "lower"
    trailing_comma: bool = False
    separator: str = "\n\n"  # between the end of one entry and the next's @
    newline: str = "\n"
    comma_names: bool = False  # "Last, First and ..." rather than "First Last and ..."
    align: int = 0  # field names padded to this width (0: not aligned; or PER_ENTRY)
    arxiv_field: bool = False  # al-folio's ``arxiv = {...}`` rather than eprint
    key_style: str = "lastyearword"


def most(counter: Counter, default):
    return counter.most_common(1)[0][0] if counter else default


def detect(text: str, entries: list[BibEntry]) -> Style:
    style = Style()
    style.newline = "\r\n" if "\r\n" in text else "\n"
    text = text.replace("\r\n", "\n")
    lines = FIELD_LINE.findall(text)
    if lines:
        style.indent = most(Counter(i for i, _, _, _ in lines), "  ")
        style.open = most(Counter(d for _, _, _, d in lines if not d.isdigit()), "{")
        style.close = "}" if style.open == "{" else '"'
        style.field_case = "upper" if sum(n.isupper() for _, n, _, _ in lines) > len(lines) / 2 \
            else "lower"
        after = most(Counter(e.split("=", 1)[1] for _, _, e, _ in lines), " ")
        before = most(Counter(e.split("=", 1)[0] for _, n, e, _ in lines), " ")
        style.equals = f"{' ' if before else ''}={after}"
        style.align = aligned_column(text)
        if style.align:
            style.equals = f" ={after}"
    types = [t for t in ENTRY_START.findall(text) if t.lower() not in ("string", "comment",
                                                                         "preamble")]
    if types:
        style.type_case = most(Counter("upper" if t.isupper() else "title" if t[0].isupper()
                                       else "lower" for t in types), "lower")
    closes = re.findall(r"([^\s])\s*\n\}", text)
    style.trailing_comma = bool(closes) and closes.count(",") > len(closes) / 2
    gaps = re.findall(r"\n\}([ \t]*\n(?:[ \t]*\n)*)(?=@)", text)
    if gaps:
        style.separator = most(Counter(gaps), "\n\n")
    authors = [e.fields.get("author", "") for e in entries if e.fields.get("author")]
    style.comma_names = sum("," in a for a in authors) > len(authors) / 2 if authors else False
    style.arxiv_field = sum("arxiv" in e.fields for e in entries) > \
        sum("eprint" in e.fields for e in entries)
    style.key_style = key_style(entries)
    return style


PER_ENTRY = -1  # Style.align: each entry padded to its own longest field name


def aligned_column(text: str) -> int:
    """How most entries line their ``=`` up: 0 (they do not), PER_ENTRY (to the entry's
    longest field name, as JabRef writes), or the one width names are padded to."""
    aligned, columns, per_entry, blocks = 0, Counter(), 0, 0
    for block in re.split(r"\n(?=@)", text):
        found = FIELD_LINE.findall(block)
        if len(found) < 3:
            continue
        blocks += 1
        widths = {len(n) + len(e.split("=", 1)[0]) for _, n, e, _ in found}
        if len(widths) == 1 and len({len(n) for _, n, _, _ in found}) > 1:
            aligned += 1
            columns[widths.pop() - 1] += 1
            per_entry += min(len(e.split("=", 1)[0]) for _, _, e, _ in found) == 1
    if not aligned or aligned <= blocks / 2:
        return 0
    return PER_ENTRY if len(columns) > 1 and per_entry == aligned else most(columns, 0)


def key_style(entries: list[BibEntry]) -> str:
    """The key style that makes the most existing keys (a trailing a, b, ... allowed)."""
    scores = Counter()
    for entry in entries:
        authors = entry.names.get("author") or []
        year = re.search(r"\d{4}", entry.fields.get("year", ""))
        if not authors or not year:
            continue
        last = authors[0].last.split()[-1] if authors[0].last else ""
        word = first_word(entry.fields.get("title", ""))
        for name, make in KEY_STYLES.items():
            key = make(last, year.group(0), word)
            if key and re.fullmatch(re.escape(key) + "[a-z]?", entry.key):
                scores[name] += 1
    return scores.most_common(1)[0][0] if scores else "lastyearword"


def new_key(work: Found, style: Style, taken: set[str]) -> str:
    base = KEY_STYLES[style.key_style](last_of(work.authors), str(work.year or "nd"),
                                       first_word(work.title)) or "entry"
    key, suffix = base, ord("a")
    while key.lower() in taken:
        key, suffix = f"{base}{chr(suffix)}", suffix + 1
    taken.add(key.lower())
    return key


def escape(value: str) -> str:
    """Plain text as a BibTeX value: LaTeX's special characters escaped, braces balanced."""
    value = re.sub(r"<[^>]+>", "", value)  # Crossref titles carry <i>, <sub>...
    value = re.sub(r"(?<!\\)([&%#])", r"\\\1", value)
    if value.count("{") != value.count("}"):
        value = value.replace("{", "").replace("}", "")
    return " ".join(value.split())


def names(authors: list[str], style: Style) -> str:
    if not style.comma_names:
        return " and ".join(authors)
    written = []
    for author in authors:
        first, last = family_name(author)
        written.append(f"{last}, {first}" if first else last)
    return " and ".join(written)


def fields_of(work: Found, style: Style) -> list[tuple[str, str]]:
    venue_field = {"article": "journal", "inproceedings": "booktitle",
                   "incollection": "booktitle", "phdthesis": "school",
                   "mastersthesis": "school", "techreport": "institution"}.get(work.type, "")
    rows = [("author", names(work.authors, style)), ("title", escape(work.title))]
    if venue_field and work.venue:
        rows.append((venue_field, escape(work.venue)))
    rows += [("volume", work.volume), ("number", work.number), ("pages", work.pages),
             ("year", str(work.year or "")), ("publisher", escape(work.publisher)),
             ("doi", work.doi)]
    if work.arxiv:
        if style.arxiv_field:
            rows.append(("arxiv", work.arxiv))
        else:
            rows += [("eprint", work.arxiv), ("archiveprefix", "arXiv"),
                     ("primaryclass", work.primary_class)]
    if work.url and not work.doi and not work.arxiv:
        rows.append(("url", work.url))
    return [(name, value) for name, value in rows if value]


def render(work: Found, key: str, style: Style) -> str:
    kind = {"upper": str.upper, "title": str.capitalize}.get(style.type_case, str.lower)(
        work.type)
    lines = []
    rows = fields_of(work, style)
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        name = name.upper() if style.field_case == "upper" else name
        if style.align:
            name = name.ljust(width if style.align == PER_ENTRY else max(style.align, width))
        lines.append(f"{style.indent}{name}{style.equals}{style.open}{value}{style.close}")
    body = ",\n".join(lines) + ("," if style.trailing_comma else "")
    return f"@{kind}{{{key},\n{body}\n}}"


def append(text: str, rendered: list[str], style: Style) -> str:
    """The file's text with the entries added at its end; nothing before them changes."""
    if not rendered:
        return text
    joined = (style.separator + "@").join(r.removeprefix("@") if i else r
                                          for i, r in enumerate(rendered))
    joined = joined.replace("\n", style.newline)
    if not text.strip():
        return joined + style.newline
    lead = "" if text.endswith(("\n", "\r\n")) else style.newline
    gap = style.separator.replace("\n", style.newline)
    return text + lead + gap[len(style.newline):] + joined + style.newline
