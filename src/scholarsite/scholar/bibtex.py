"""Reading BibTeX: bibtexparser 2 splits the file, this module gives the values their meaning.

bibtexparser (v2) cuts a ``.bib`` file into blocks and keeps each block's line
and raw field values, and it recovers after a malformed entry: that is what a
site build needs (one bad entry must not hide the 199 good ones, and the
warning must name the line).  On top of its split, this module evaluates field
values the way BibTeX does — ``@string`` macros (case-insensitive), the
predefined month macros, ``#`` concatenation, ``crossref`` inheritance — splits
names into first/von/last/jr, and converts LaTeX to Unicode (:mod:`.latex`).

Why bibtexparser and not pybtex: see docs/publications.md (measured numbers).
In short, pybtex's parser stops at the first syntax error in strict mode and,
in lenient mode, reports errors without the entry's line; it also keeps no
per-entry line numbers, which the detail-page warnings and ``--strict`` errors
need.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from scholarsite.scholar.latex import brace_group_end, strip_accents, to_unicode

if TYPE_CHECKING:
    from bibtexparser.model import ParsingFailedBlock

# bibtexparser logs its own copy of every parse error; ours carry the file name.
logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)

MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December"]
_MONTH_RE = re.compile(r"^\s*(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)", re.I)
NAME_FIELDS = ("author", "editor", "translator")
EQUAL_MARKS = "*∗†‡§¶‖&^"
# The marks in a name converted to HTML, where "&" is written "&amp;".
_MARKS_RE = re.compile("(?:[" + re.escape(EQUAL_MARKS.replace("&", "")) + "]|&amp;)+")

Warn = Callable[[str, int], None]


# -- values ------------------------------------------------------------------------

class ValueSyntaxError(ValueError):
    """A field value BibTeX itself would reject: the entry is skipped."""


def _group_end(raw: str, i: int) -> int:
    """Index just past the {group} or "string" starting at raw[i]; -1 if it never closes."""
    n = len(raw)
    if raw[i] == "{":
        return brace_group_end(raw, i)
    # a "quoted" string: braces inside must balance, and a " inside braces does not end it
    depth, i = 0, i + 1
    while i < n:
        c = raw[i]
        if c == "\\":
            i += 2
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth < 0:
                return -1
        elif c == '"' and depth == 0:
            return i + 1
        i += 1
    return -1


_WORD = re.compile(r"[^\s#{}\"=,]+")


def evaluate(raw: str, macros: dict[str, str], warn: Callable[[str], None]) -> str:
    """The value of a field as BibTeX sees it (macros expanded, parts joined), still LaTeX.

    Raises ValueSyntaxError for what BibTeX reports as a syntax error (unbalanced
    braces or quotes, a missing comma between fields, an empty ``#`` operand).
    """
    raw = raw.strip()
    out: list[str] = []
    i, n = 0, len(raw)
    expect_operand = True
    while i < n:
        c = raw[i]
        if c.isspace():
            i += 1
            continue
        if not expect_operand:
            if c != "#":
                raise ValueSyntaxError(
                    f"unexpected {raw[i:i + 20]!r} after a value (missing comma between fields?)")
            expect_operand = True
            i += 1
            continue
        if c in "{\"":
            end = _group_end(raw, i)
            if end < 0:
                raise ValueSyntaxError(f"unbalanced {'braces' if c == '{' else 'quotes'} in value")
            out.append(raw[i + 1:end - 1])
            i = end
        else:
            m = _WORD.match(raw, i)
            if not m:
                raise ValueSyntaxError(f"unexpected {raw[i:i + 20]!r} in value")
            word = m.group(0)
            if word.isdigit():
                out.append(word)
            else:
                value = macros.get(word.lower())
                if value is None:
                    warn(f"undefined string macro {word!r}")
                    value = ""
                out.append(value)
            i = m.end()
        expect_operand = False
    if expect_operand and out:
        raise ValueSyntaxError("empty operand after '#'")
    return "".join(out)


def normalize_month(value: str) -> tuple[str, int | None]:
    """bibtex-ruby's parse_months: ``January``, ``jan``, ``1`` all become ``jan`` (and 1)."""
    m = _MONTH_RE.match(value)
    if m:
        return m.group(1).lower(), MONTHS.index(m.group(1).lower()) + 1
    text = value.strip()
    if text.isdigit() and 1 <= int(text) <= 12:
        return MONTHS[int(text) - 1], int(text)
    return value, None


# -- names -------------------------------------------------------------------------

def _split_depth0(text: str, pattern: re.Pattern) -> list[str]:
    """Split ``text`` at matches of ``pattern`` that are outside braces."""
    out, depth, start, i, n = [], 0, 0, 0, len(text)
    while i < n:
        c = text[i]
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        elif depth == 0:
            m = pattern.match(text, i)
            if m and m.end() > i:
                out.append(text[start:i])
                start = i = m.end()
                continue
        i += 1
    out.append(text[start:])
    return out


_AND = re.compile(r"\s+and\s+", re.I)
_COMMA = re.compile(r"\s*,\s*")
_WS = re.compile(r"[\s~]+")


def _is_von(word: str) -> bool:
    """BibTeX's rule: a word is 'von' if its first letter at brace level 0 is lowercase."""
    depth, i, n = 0, 0, len(word)
    while i < n:
        c = word[i]
        if c == "{":
            if depth == 0 and i + 1 < n and word[i + 1] == "\\":
                # special character: {\"u}ber -> look at the letter after the command
                j = i + 2
                while j < n and word[j].isalpha():
                    j += 1
                if j == i + 2:
                    j += 1
                while j < n and not word[j].isalpha():
                    j += 1
                return j < n and word[j].islower()
            depth += 1
        elif c == "}":
            depth -= 1
        elif depth == 0 and c.isalpha():
            return c.islower()
        i += 1
    return False


@dataclass
class Name:
    first: str = ""
    von: str = ""
    last: str = ""
    jr: str = ""

    def sort_order(self) -> str:
        """bibtex-ruby's Name#to_s: ``von Last, Jr, First``."""
        head = " ".join(p for p in (self.von, self.last) if p)
        return ", ".join(p for p in (head, self.jr, self.first) if p)

    def display(self) -> str:
        return " ".join(p for p in (self.first, self.von, self.last) if p) + (
            f", {self.jr}" if self.jr else "")


def parse_name(text: str) -> Name:
    parts = [p.strip() for p in _split_depth0(text.strip(), _COMMA)]
    if len(parts) == 1:
        words = [w for w in _split_depth0(parts[0], _WS) if w]
        if not words:
            return Name()
        if len(words) == 1:
            return Name(last=words[0])
        von_idx = [i for i, w in enumerate(words[:-1]) if _is_von(w)]
        if von_idx:
            a, b = von_idx[0], von_idx[-1]
            return Name(first=" ".join(words[:a]), von=" ".join(words[a:b + 1]),
                        last=" ".join(words[b + 1:]))
        return Name(first=" ".join(words[:-1]), last=words[-1])
    head = [w for w in _split_depth0(parts[0], _WS) if w]
    von_idx = [i for i, w in enumerate(head[:-1]) if _is_von(w)]
    b = von_idx[-1] + 1 if von_idx else 0
    von, last = " ".join(head[:b]), " ".join(head[b:])
    if len(parts) == 2:
        return Name(first=parts[1], von=von, last=last)
    return Name(first=", ".join(parts[2:]), von=von, last=last, jr=parts[1])


def _rewritable(value: str) -> bool:
    """Whether people can be written ``Last, First`` without changing what they are: no
    LaTeX command or tie (``~``) outside braces, where splitting at spaces and ties could
    cut one in two (``Ren\\'e``, ``\\~``); a name written so stays as it is."""
    depth = 0
    for char in value:
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif depth == 0 and char in "\\~":
            return False
    return True


def parse_names(value: str) -> list[Name]:
    return [parse_name(n) for n in _split_depth0(value.strip(), _AND) if n.strip()]


# -- entries -----------------------------------------------------------------------

@dataclass
class BibEntry:
    key: str
    type: str
    fields: dict[str, str]  # lowercased field name -> value (LaTeX, macros expanded)
    path: str = ""
    line: int = 0
    names: dict[str, list[Name]] = field(default_factory=dict)
    month_numeric: int | None = None
    _liquid: dict = field(default_factory=dict)  # skip-set -> liquid dict
    _plain: dict | None = None
    latex_filter: bool = False  # jekyll-scholar's bibtex_filters hold latex (to_unicode)

    def get(self, name: str, default: str = "") -> str:
        return self.fields.get(name, default)

    def text(self, name: str) -> str:
        """A field as plain Unicode text (no HTML), for meta tags and JSON-LD."""
        if self._plain is None:
            self._plain = {}
        if name not in self._plain:
            value = self.fields.get(name, "")
            if name in self.names:
                value = " and ".join(n.sort_order() for n in self.names[name])
            self._plain[name] = to_unicode(value, html=False, decode=self.latex_filter)
        return self._plain[name]

    def unicode_names(self, name: str = "author") -> list[dict]:
        return self.liquid().get(f"{name}_array", [])

    def compare_value(self, name: str):
        """The value jekyll-scholar sorts and groups by (bibtex-ruby Value semantics)."""
        if name == "month_numeric":
            return self.month_numeric
        if name == "key":
            return self.key
        if name == "type":
            return self.type
        if name in self.names:
            return " and ".join(n.sort_order() for n in self.names[name])
        return self.fields.get(name)

    def to_bibtex(self, skip: frozenset[str] = frozenset()) -> str:
        """bibtex-ruby's Entry#to_s: ``@type{key,`` then ``  name = {value}`` lines, the
        fields in their order, people as ``Last, First`` (names are parsed, then written; one
        with a LaTeX command or tie outside braces is written as it is)."""
        lines = []
        for name, value in self.fields.items():
            if name in skip:
                continue
            if name in self.names and _rewritable(value):
                # Braced groups stay inside the word they belong to, as in bibtex-ruby:
                # "Alexis {Le Penven}" is "{Le Penven}, Alexis".
                value = " and ".join(person.sort_order() for person in self.names[name])
            if name == "month" and self.month_numeric:
                lines.append(f"  {name} = {value}")
            else:
                lines.append(f"  {name} = {{{value}}}")
        return f"@{self.type}{{{self.key},\n" + ",\n".join(lines) + "\n}\n"

    def liquid(self, skip: frozenset[str] | None = None) -> dict:
        """jekyll-scholar's ``liquidify``: every field, key, type, bibtex, *_array.

        Field values and names are HTML (escaped text and the markup of LaTeX font
        commands, see :func:`.latex.to_unicode`); ``key``, ``type`` and ``bibtex`` (the
        BibTeX source) are plain text."""
        if skip is None:
            if self._liquid:
                return next(iter(self._liquid.values()))
            skip = frozenset()
        cached = self._liquid.get(skip)
        if cached is not None:
            return cached
        decode = self.latex_filter

        def html(text: str) -> str:
            return to_unicode(text, decode=decode)

        e: dict = {"key": self.key, "type": self.type}
        e["bibtex"] = self.to_bibtex(skip)
        for name, value in self.fields.items():
            if name in self.names:
                people = self.names[name]
                arr = []
                for idx, person in enumerate(people):
                    parts = {"first": html(person.first), "last": html(person.last),
                             "von": html(person.von), "jr": html(person.jr)}
                    parts["prefix"], parts["suffix"] = parts["von"], parts["jr"]
                    for part, text in list(parts.items()):
                        e[f"{name}_{idx}_{part}"] = text
                    # scholarsite extras (harmless for other templates): the name without
                    # equal-contribution marks, the marks, and the _data/coauthors.yml key.
                    clean_last = _MARKS_RE.sub("", parts["last"])
                    parts["clean_last"] = clean_last
                    parts["clean_first"] = _MARKS_RE.sub("", parts["first"])
                    parts["marks"] = "".join(_MARKS_RE.findall(parts["last"] + parts["first"]))
                    parts["coauthor_key"] = strip_accents(clean_last).lower()
                    arr.append(parts)
                e[f"{name}_array"] = arr
                e[name] = html(" and ".join(p.sort_order() for p in people))
            else:
                e[name] = html(value)
        if self.month_numeric:
            e["month_numeric"] = str(self.month_numeric)
        self._liquid[skip] = e
        return e


@dataclass
class ParsedFile:
    path: Path
    display_path: str
    entries: list[BibEntry]
    errors: list[tuple[int, str]]  # (line, message), reported by whoever reads the file


def _block_error_message(block: ParsingFailedBlock) -> str:
    err = block.error
    text = (getattr(err, "abort_reason", None) or getattr(err, "message", None) or str(err)
            or type(err).__name__)
    text = " ".join(text.split())
    head = block.raw.strip().split("\n", 1)[0][:60]
    return f"malformed BibTeX entry {head!r} skipped: {text}"


FIELD_START = re.compile(r"(?<![\w-])([A-Za-z][\w-]*)[ \t]*=[ \t]*\{")  # a name begins: linear


NEXT_FIELD = re.compile(r"\n[ \t]*[A-Za-z][\w-]*[ \t]*=[ \t]*[{\"\d]")


def unclosed_field(raw: str) -> tuple[str, int] | None:
    """The first field whose ``{`` value never closes (or closes only lines later, after
    what reads as the next field), and its line within ``raw``. Each value is scanned
    once: a match inside a value already scanned is skipped."""
    after = 0
    for match in FIELD_START.finditer(raw):
        if match.start() < after:
            continue
        end = brace_group_end(raw, match.end() - 1)
        if end < 0 or NEXT_FIELD.search(raw, match.end(), end):
            return match.group(1), raw.count("\n", 0, match.start())
        after = end
    return None


FIELD_AFTER = re.compile(r"\s*[A-Za-z][\w-]*[ \t]*=")


def missing_comma(raw: str) -> tuple[str, int] | None:
    """A field value followed by the next field with no comma between them."""
    after = 0
    for match in FIELD_START.finditer(raw):
        if match.start() < after:
            continue
        end = brace_group_end(raw, match.end() - 1)
        if end < 0:
            return None
        if FIELD_AFTER.match(raw, end):
            return match.group(1), raw.count("\n", 0, end)
        after = end
    return None


# A line between entries that reads like a field (``abbr = {Nature},``).
STRAY_FIELD = re.compile(r"^[ \t]*([A-Za-z][\w-]*)[ \t]*=[ \t]*[{\"\w]", re.MULTILINE)


COMMENT_START = re.compile(r"@comment\s*([{(])", re.IGNORECASE)


def blank_comments(text: str) -> str:
    """``@comment{...}`` as BibTeX-Ruby (jekyll-scholar's parser) reads it: everything up
    to the balancing brace is a comment, entries inside included (a common way to switch
    some off). Blanked out, newlines kept, so later line numbers stay true."""
    pieces, at = [], 0
    for match in COMMENT_START.finditer(text):
        if match.start() < at:
            continue  # inside a comment already blanked
        if match.group(1) == "{":
            end = brace_group_end(text, match.start(1))
        else:
            close = text.find(")", match.end())
            end = close + 1 if close >= 0 else -1
        if end < 0:
            break  # never closed: left to the parser, which reports it
        pieces += [text[at:match.start()], re.sub(r"[^\n]", " ", text[match.start():end])]
        at = end
    return "".join(pieces) + text[at:]


def parse_text(text: str, display_path: str, path: Path | None = None) -> ParsedFile:
    """Parse a whole .bib text; never raises for the user's mistakes (they go to ``errors``)."""
    # bibtexparser is imported by the first .bib a build reads, not by every build.
    from bibtexparser.model import (DuplicateBlockKeyBlock, DuplicateFieldKeyBlock,
                                    Entry as BpEntry, ImplicitComment, ParsingFailedBlock,
                                    String as BpString)
    from bibtexparser.splitter import Splitter
    errors: list[tuple[int, str]] = []
    library = Splitter(blank_comments(text)).split()
    macros: dict[str, str] = {m: m for m in MONTHS}
    entries: list[BibEntry] = []
    first_line: dict[str, int] = {}

    previous = None
    for block in library.blocks:
        prev, previous = previous, block
        line = (block.start_line or 0) + 1
        if isinstance(block, BpString):
            def warn_s(msg, line=line):
                errors.append((line, msg))
            try:
                macros[block.key.lower()] = evaluate(str(block.value), macros, warn_s)
            except ValueSyntaxError as exc:
                errors.append((line, f"malformed @string {block.key!r} skipped: {exc}"))
            continue
        if isinstance(block, DuplicateFieldKeyBlock):
            keys = ", ".join(sorted(block.duplicate_keys))
            errors.append((line, f"entry {block.ignore_error_block.key if block.ignore_error_block else ''!s}"
                                 f" repeats field(s) {keys}; the first value is used"))
            inner = block.ignore_error_block
            if isinstance(inner, BpEntry):
                block = inner
            else:
                continue
        elif isinstance(block, DuplicateBlockKeyBlock):
            if isinstance(block.ignore_error_block, BpString):
                try:
                    macros[block.key.lower()] = evaluate(
                        str(block.ignore_error_block.value), macros, lambda m: None)
                except ValueSyntaxError:
                    pass
                continue
            block = block.ignore_error_block  # an entry: checked below, against the entries kept
        elif isinstance(block, ParsingFailedBlock):
            unclosed = unclosed_field(block.raw or "")
            comma = missing_comma(block.raw or "") if unclosed is None else None
            if unclosed is not None:
                name, offset = unclosed
                errors.append((line + offset, f"the value of '{name}' is never closed: its '{{' "
                                              "has no matching '}' (add the '}', or write a "
                                              "literal brace as \\{); entry skipped"))
            elif comma is not None:
                name, offset = comma
                errors.append((line + offset, f"a ',' is missing after the value of '{name}' "
                                              "(add it before the next field); entry skipped"))
            else:
                errors.append((line, _block_error_message(block)))
            continue
        elif isinstance(block, ImplicitComment):
            prev = getattr(prev, "ignore_error_block", prev)
            kept = isinstance(prev, BpEntry) and entries and entries[-1].key == prev.key
            stray = STRAY_FIELD.search(block.comment or "") if kept else None
            if stray is not None:  # ``year = {1843}},``: the entry ended one brace early
                at = line + (block.comment or "").count("\n", 0, stray.start())
                errors.append((at, f"'{stray.group(1)} = ...' stands outside any entry: an "
                                   "extra '}' probably closed the entry above early, so its "
                                   "fields from here on are ignored (remove the extra '}')"))
            continue
        if not isinstance(block, BpEntry):
            continue  # comments, preambles
        if not block.key or not re.match(r"^[^\s,{}\"#%'()=]+$", block.key):
            errors.append((line, f"malformed BibTeX entry @{block.entry_type}: missing or invalid"
                                 " citation key; entry skipped"))
            continue
        fields: dict[str, str] = {}
        seen: set[str] = set()
        problems: list[str] = []
        try:
            for f in block.fields:
                name = f.key.lower().strip()
                if name in seen:
                    continue
                seen.add(name)
                try:
                    fields[name] = evaluate(str(f.value), macros, problems.append)
                except ValueSyntaxError as exc:
                    located = ValueSyntaxError(f"field {name!r}: {exc}")
                    located.field = name
                    raise located from None
        except ValueSyntaxError as exc:
            # Point at the field's own line, not the entry's first one.
            field_at = re.search(rf"^[ \t]*{re.escape(getattr(exc, 'field', ''))}[ \t]*=",
                                 block.raw or "", re.M | re.I) if getattr(exc, "field", "") \
                else None
            at = line + (block.raw.count("\n", 0, field_at.start()) if field_at else 0)
            errors.append((at, f"malformed BibTeX entry {block.key!r} skipped: {exc}"))
            continue
        # bibtexparser misses a repeated key when either entry also repeats a field, and
        # counts one that belongs to a skipped entry: keys are checked here instead.
        if block.key in first_line:
            errors.append((line, f"duplicate entry key {block.key!r} (first defined on line "
                                 f"{first_line[block.key]}); this entry is skipped"))
            continue
        for msg in problems:
            errors.append((line, f"entry {block.key!r}: {msg}"))
        first_line[block.key] = line
        entries.append(make_entry(block.key, block.entry_type, fields, display_path, line))
    return ParsedFile(path or Path(display_path), display_path, entries, errors)


def make_entry(key: str, type_: str, fields: dict[str, str], display_path: str = "",
               line: int = 0) -> BibEntry:
    entry = BibEntry(key=key, type=type_.lower(), fields=fields, path=display_path, line=line)
    if "month" in fields:
        fields["month"], entry.month_numeric = normalize_month(fields["month"])
    for name in NAME_FIELDS:
        if name in fields:
            entry.names[name] = parse_names(fields[name])
    return entry


_CROSSREF_TITLE = {"inproceedings": "booktitle", "incollection": "booktitle",
                   "inbook": "booktitle", "conference": "booktitle"}


def resolve_crossrefs(entries: list[BibEntry], warn: Callable[[BibEntry, str], None]) -> list[BibEntry]:
    """Children inherit the fields they lack from the entry their ``crossref`` names.

    Returns a new list; entries that inherit are copies (the parsed files stay untouched,
    since they are shared by every tag of the build).
    """
    by_key = {e.key.lower(): e for e in entries}
    out = []
    for e in entries:
        ref = e.fields.get("crossref")
        if not ref:
            out.append(e)
            continue
        parent = by_key.get(ref.strip().lower())
        if parent is None:
            warn(e, f"entry {e.key!r}: crossref {ref!r} names no entry")
            out.append(e)
            continue
        fields = {k: v for k, v in e.fields.items() if k != "crossref"}
        for k, v in parent.fields.items():
            if k in ("crossref", "key", "ids") or k in fields:
                continue
            fields[k] = v
        title_field = _CROSSREF_TITLE.get(e.type)
        if title_field and title_field not in e.fields and "title" in parent.fields:
            fields[title_field] = parent.fields.get("booktitle") or parent.fields["title"]
        if "title" in e.fields:
            fields["title"] = e.fields["title"]
        child = make_entry(e.key, e.type, fields, e.path, e.line)
        out.append(child)
    return out


def month_name(number) -> str:
    try:
        return MONTH_NAMES[int(number) - 1]
    except (TypeError, ValueError, IndexError):
        return "(unknown)"
