"""Property-based tests: any input gives a result or a located BuildError, never a crash.

Covered: front matter, BibTeX (reading, names, LaTeX), permalinks and slugify, every
Liquid filter the engine registers, whole Liquid templates, and the Markdown dialect.
Inputs mix structured pieces (the syntax each reader cares about: braces, quotes,
``{%``, ``---``, ``@article{``, ``\\'e``...) with raw text, so that examples reach past
the first parse error. Where an invariant is cheap to state it is asserted too.

The settings profile (tests/conftest.py) runs 2,000 derandomized examples per test.
Every example runs under a hang detector: one that takes more than HANG_SECONDS fails
(that catches catastrophic regex backtracking or runaway recursion, it is not a timing
check). A bug found here gets its input as an ``@example``.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import signal
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
import regex
import yaml
from hypothesis import assume, example, given, strategies as st

from scholarsite.errors import BuildError
from scholarsite.frontmatter import decode_utf8, has_front_matter, split_front_matter

HANG_SECONDS = 5


class Hang(BaseException):
    """Raised by the alarm; a BaseException so that no ``except Exception`` swallows it."""


@contextmanager
def no_hang():
    """Fail the example if it runs for more than HANG_SECONDS."""
    def alarm(signum, frame):
        raise Hang()

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, HANG_SECONDS)
    start = time.monotonic()
    try:
        yield
    except Hang:
        raise AssertionError(f"hang: one example ran for more than {HANG_SECONDS} s") from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    # code that does not look at signals (a C regex engine) is caught afterwards
    elapsed = time.monotonic() - start
    assert elapsed < HANG_SECONDS, f"hang: one example ran for {elapsed:.1f} s"


def assert_located(err: BuildError, path, text: str | None = None, offset: int = 0) -> None:
    """A BuildError names the file and, when the text is known, a line inside it."""
    assert err.path == path, str(err)
    assert err.message and "\n" not in str(err), str(err)
    if text is not None:
        assert err.line is not None, f"no line in {err}"
        assert 1 <= err.line <= text.count("\n") + 1 + offset, str(err)
        if err.col is not None:
            assert err.col >= 1, str(err)


def mixed(pieces: list[str], raw: st.SearchStrategy | None = None, max_size: int = 40,
          long_lines: bool = True):
    """Text glued from syntax pieces and raw text, so examples parse far before failing."""
    raw = raw if raw is not None else st.text(max_size=12)
    part = st.one_of(st.sampled_from(pieces), raw, *([LONG_LINES] if long_lines else []))
    return st.lists(part, max_size=max_size).map("".join)


# pieces every reader should survive
COMMON_PIECES = [
    "\n", "\n", "\n", " ", "  ", "\t", "\r\n", "\r", "\x00", "\x0b", "\x1b", "\x7f", "\x85",
    "\u2028", "\ufeff", "\u200b", "é", "e\u0301", "日本語", "🎓", "\U0001d49c", "\\", "\\\\",
    "'", '"', "`", "{", "}", "[", "]", "(", ")", "<", ">", "&", "#", "%", "|", ":", ",", ";",
    "*", "_", "-", "--", "---", "...", "~", "$", "@", "!", "=", "+", "^", "/", "//", "..",
    "{{", "}}", "{%", "%}", "{%-", "-%}", "0", "1", "-1", "2.5", "x", "A", "a b",
]
LONG_LINES = st.sampled_from(["x" * 5000, "a " * 3000, "{" * 1000, "[" * 1000, "\\" * 999,
                              "-" * 2000, "'" * 1000, "*_" * 1000, "`" * 500, "<" * 1000])


# =====================================================================================
# 1. Front matter
# =====================================================================================

YAML_PIECES = COMMON_PIECES + [
    "---\n", "...\n", "--- \n", "title: ", "a:", "key: value\n", "- ", "  - ", "? ", ": ",
    "&anchor ", "*anchor", "<<: *anchor\n", "!!str ", "!!int ", "!!float ", "!!bool ",
    "!!null ", "!!binary ", "!!timestamp ", "!!set ", "!!omap ", "!!python/object:os.system ",
    "!local ", "%YAML 1.1\n", "%TAG ! tag:x,2000:\n", "|\n  ", ">-\n  ", "{a: 1}", "[1, 2]",
    "2020-02-30", "2020-13-45", "2021-04-05 10:11:12 +0100", "2020-1-1", "0x1F", "0o17",
    "1_000", "1e400", ".inf", ".nan", "~", "null", "yes", "no", "on", "true", "=", "<<",
    "date: ", "permalink: ", "categories: ", "layout: ", "tags: [",
]
FRONT_MATTER_TEXT = st.builds(
    lambda opener, inner, closer, body: opener + inner + closer + body,
    st.sampled_from(["---\n", "---\r\n", "--- \t\n"]),
    mixed(YAML_PIECES),
    st.sampled_from(["---\n", "...\n", "---", "--- \n", "---\r\n", ""]),
    mixed(COMMON_PIECES + ["---\n", "{{ page.title }}", "# Title\n"], max_size=10),
)

YAML_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
    st.text(), st.dates(),
    st.datetimes(min_value=dt.datetime(1, 1, 1, 0, 0, 1)),
    st.sampled_from(["---", "...", "--- x", "a\n---\nb", "a\n...\n", "\n---", "'", '"',
                     "{{ x }}", "{% if %}", "yes", "null", "2020-01-01", "1e3", "#x", ": "]),
)
YAML_VALUES = st.recursive(
    YAML_SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=12,
)


def split_like_the_reader(raw: bytes, path: str):
    """What reader.read_source does with a file's bytes."""
    if not has_front_matter(raw):
        return None
    return split_front_matter(decode_utf8(raw, path), path)


@given(FRONT_MATTER_TEXT)
@example("---\na: 2020-02-30\n---\n")                   # an impossible date
@example("---\na: !!int x\n---\n")                      # a tag that cannot build its value
@example("---\na: !!timestamp nope\n---\n")
def test_front_matter_gives_data_or_a_located_error(text):
    with no_hang():
        try:
            data, body, body_line = split_front_matter(text, "page.md")
        except BuildError as err:
            assert_located(err, "page.md", text)
            return
    assert isinstance(data, dict)
    assert text.endswith(body)
    assert body_line == text.count("\n", 0, len(text) - len(body))


@given(st.one_of(
    FRONT_MATTER_TEXT.map(lambda t: t.encode("utf-8")),
    st.builds(lambda a, b, c: a + b + c, st.sampled_from([b"---\n", b"---\r\n", b"\xef\xbb\xbf---\n"]),
              st.binary(max_size=200), st.sampled_from([b"\n---\n", b"", b"\n...\nbody"])),
))
def test_front_matter_from_bytes(raw):
    with no_hang():
        try:
            result = split_like_the_reader(raw, "page.md")
        except BuildError as err:
            assert_located(err, "page.md", raw.decode("utf-8", "replace"))
            return
    if result is not None:
        assert isinstance(result[0], dict) and isinstance(result[1], str)


@given(st.dictionaries(st.text(max_size=10), YAML_VALUES, max_size=6),
       st.text(max_size=200), st.booleans(), st.sampled_from([None, False, True]))
def test_front_matter_round_trips(data, body, allow_unicode, flow):
    dumped = yaml.safe_dump(data, allow_unicode=allow_unicode, default_flow_style=flow,
                            sort_keys=False)
    # PyYAML's emitter writes a raw NEL inside single quotes, which every YAML reader
    # (its own included) folds into a space: not something front matter can fix.
    assume(not (allow_unicode and "\x85" in dumped))
    text = f"---\n{dumped}---\n{body}"
    with no_hang():
        loaded, rest, body_line = split_front_matter(text, "page.md")
    assert loaded == data
    assert rest == body
    assert body_line == dumped.count("\n") + 2


# =====================================================================================
# 2. BibTeX: the reader, names, LaTeX to Unicode
# =====================================================================================

from scholarsite.scholar.bibtex import (BibEntry, Name, parse_name, parse_names,  # noqa: E402
                                        parse_text, resolve_crossrefs)
from scholarsite.scholar.latex import to_unicode  # noqa: E402

LATEX_PIECES = [
    "\\'e", "{\\'e}", "\\'{e}", '\\"u', '{\\"{u}}', "\\c c", "\\c{c}", "\\v{r}", "\\H{o}",
    "\\ss", "{\\ss}", "\\o", "\\O{}", "\\L{}", "\\i", "\\'\\i", "\\aa", "\\&", "\\%", "\\$",
    "\\_", "\\{", "\\}", "\\\\", "\\ ", "\\,", "\\textit{", "\\emph{", "\\textbf{", "\\textsc{",
    "\\textsuperscript{", "\\url{", "\\href{", "}{", "\\mbox{", "\\LaTeX", "\\relax", "\\unknown",
    "\\'", "\\^", "\\~", "\\`", "\\=", "\\.", "\\u", "\\t", "\\k", "\\r", "\\d", "\\b", "\\",
    "$x^2$", "$", "$$", "~", "--", "---", "``", "''", "!`", "?`", "{", "}", "{{", "}}", "{DNA}",
]
BIB_PIECES = COMMON_PIECES + LATEX_PIECES + [
    "@article{", "@book{", "@inproceedings(", "@misc{", "@ARTICLE{", "@string{", "@String(",
    "@preamble{", "@comment{", "@", "@{", "@article{,", "@article{key", "key,", "key2,",
    "author = ", "editor = ", "title = ", "month = ", "year = ", "crossref = ", "journal = ",
    "booktitle = ", "pages = ", "abstract = ", "url = ", "doi = ", "selected = ", "= ",
    "{", "}", '"', " # ", "#", ",", ",\n", ")", "(", "jan", "feb", "Dec", "March", "13", "0",
    "2020", " and ", " and others", " AND ", "von ", "de la ", "Jr.", "M{\\\"u}ller, J{\\\"o}rg",
    "{Barnes and Noble}", "Last, First", "Last, Jr, First", "First Last", ", ", "  ",
    "%comment\n", "\n}\n", "}\n", "@article{a, title={x}}\n", "@string{s = {S}}\n", "s",
]
BIB_SOUP = mixed(BIB_PIECES, max_size=60)


def balanced(text: str) -> bool:
    depth = 0
    for c in text:
        depth += {"{": 1, "}": -1}.get(c, 0)
        if depth < 0:
            return False
    return depth == 0



# Entries built the way .bib files are written, so that examples reach macros,
# concatenation, names, months and crossrefs; broken ones test the recovery.
CLEAN_LATEX = [p for p in LATEX_PIECES if balanced(p) and "\\{" not in p and "\\}" not in p
               and not p.endswith(("\\", "\\ "))]
BIB_NAMES = ["M{\\\"u}ller, J{\\\"o}rg", "Smith, Jr., John", "de la Fontaine, Jean",
             "Ludwig van Beethoven", "{Barnes and Noble}", "Gao*, Xiang", "others", "A. B. C",
             "{\\'E}mile Zola", "Li, X.", "von Neumann"]


def bib_parts(clean: bool):
    """Strategies for the parts of an entry: well-formed, or anything goes."""
    if clean:
        words = st.lists(st.one_of(st.sampled_from(CLEAN_LATEX + [" ", "Deep Learning", "1--10"]),
                                   st.text(st.characters(blacklist_characters='{}"\\@',
                                                         blacklist_categories=["Cs"]), max_size=6)),
                         max_size=6).map("".join)
        names = st.lists(st.sampled_from(BIB_NAMES), min_size=1, max_size=4).map(" and ".join)
        atom = st.one_of(words.map(lambda v: "{" + v + "}"),
                         words.filter(lambda v: '"' not in v).map(lambda v: '"' + v + '"'),
                         names.map(lambda v: "{" + v + "}"),
                         st.sampled_from(["jan", "Feb", "dec", "s", "S", "2020", "13", "0", "j"]))
        return dict(
            atom=atom,
            field=st.sampled_from(["author", "editor", "translator", "title", "month", "year",
                                   "crossref", "journal", "booktitle", "pages", "abstract",
                                   "Title", "AUTHOR"]),
            type=st.sampled_from(["article", "ARTICLE", "inproceedings", "book", "misc",
                                  "proceedings", "incollection"]),
            opener=st.sampled_from(["{", "(", "{ "]),
            key=st.sampled_from(["a", "b", "A", "key:2020", "c", "p"]),
            sep=st.sampled_from([",\n  ", ", ", ","]),
            closer=st.sampled_from(["\n}", "}", "\n}\n"]),
            macro=st.sampled_from(["s", "S", "j", "jan"]),
        )
    words = mixed(LATEX_PIECES + [" ", "Deep Learning", " and ", "{DNA}", ",", "~"] + BIB_NAMES,
                  st.text(max_size=4), max_size=6, long_lines=False)
    return dict(
        atom=st.one_of(words.map(lambda v: "{" + v + "}"), words.map(lambda v: '"' + v + '"'),
                       words, st.sampled_from(["undefined", "jan", "s"])),
        field=st.sampled_from(["author", "title", "month", "crossref", "x-y", "", "a b", "@"]),
        type=st.sampled_from(["article", "string", "comment", "preamble", "", "a b", "article "]),
        opener=st.sampled_from(["{", "(", "", "{{", "{\n"]),
        key=st.sampled_from(["a", "", "a b", "{x}", "ké", "a,b", "a=b", "%"]),
        sep=st.sampled_from([",", " ", ",,", ",\n"]),
        closer=st.sampled_from(["}", ")", "", "}}", "\n"]),
        macro=st.sampled_from(["s", "x y", "", "1"]),
    )


def bib_blocks(clean: bool):
    parts = bib_parts(clean)
    value = st.lists(parts["atom"], min_size=1, max_size=3).map(" # ".join)
    field = st.builds("{}{}={}{}".format, parts["field"], st.sampled_from([" ", "", "\t", "\n  "]),
                      st.sampled_from([" ", "", "\n"]), value)
    entry = st.builds(
        lambda type_, opener, key, fields, sep, trailing, closer: (
            f"@{type_}{opener}{key},\n  " + sep.join(fields) + trailing + closer),
        parts["type"], parts["opener"], parts["key"], st.lists(field, max_size=6), parts["sep"],
        st.sampled_from(["", ",", ",\n", " "]), parts["closer"])
    string = st.builds("@{}{{{} = {}}}".format, st.sampled_from(["string", "STRING", "String"]),
                       parts["macro"], value)
    return st.one_of(entry, entry, string)


BIB_TEXT = st.one_of(
    BIB_SOUP,
    st.lists(st.one_of(bib_blocks(clean=True), bib_blocks(clean=True), bib_blocks(clean=False),
                       BIB_SOUP), max_size=6).map("\n".join),
)


def exercise_entry(entry: BibEntry) -> None:
    """What the tags and detail pages read from an entry."""
    assert isinstance(entry.key, str) and entry.key
    assert entry.type == entry.type.lower()
    data = entry.liquid()
    assert data["key"] == entry.key
    assert isinstance(data["bibtex"], str)
    assert isinstance(entry.liquid(frozenset({"abstract", "title"})), dict)
    for name in entry.fields:
        assert isinstance(entry.text(name), str)
        entry.compare_value(name)
    for people in entry.names.values():
        for person in people:
            assert isinstance(person.sort_order(), str) and isinstance(person.display(), str)


@given(BIB_TEXT)
@example("@article{a, title = {x}, crossref = {a}}")
def test_bibtex_reader_never_raises(text):
    with no_hang():
        parsed = parse_text(text, "refs.bib")
        for entry in parsed.entries:
            exercise_entry(entry)
        for entry in resolve_crossrefs(parsed.entries, lambda e, message: None):
            exercise_entry(entry)
    last_line = text.count("\n") + 1
    for line, message in parsed.errors:
        assert 1 <= line <= last_line and isinstance(message, str) and message


# Well-formed entries: keys, types and field names BibTeX accepts; values with balanced
# braces built from text and LaTeX.
ASCII_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
BIB_KEY = st.builds(str.__add__, st.sampled_from(ASCII_LETTERS),
                    st.text(ASCII_LETTERS + "0123456789_:.-+/", max_size=15))
BIB_TYPE = st.sampled_from(["article", "Book", "INPROCEEDINGS", "misc", "phdthesis", "online"])
FIELD_NAME = st.builds(str.__add__, st.sampled_from(ASCII_LETTERS[:26]),
                       st.text(ASCII_LETTERS[:26] + "_-", max_size=10)).filter(
    lambda n: n not in ("month", "crossref"))
PLAIN = st.text(st.characters(blacklist_characters='{}\\"@%#,=', blacklist_categories=["Cs", "Cc"]),
                max_size=10)


BIB_VALUE = st.recursive(
    st.one_of(PLAIN, st.sampled_from([p for p in LATEX_PIECES if balanced(p) and "\\{" not in p
                                      and not p.endswith(("\\", "\\ ")) and "$" not in p])),
    lambda inner: st.one_of(st.lists(inner, max_size=4).map("".join), inner.map(lambda v: "{" + v + "}")),
    max_leaves=10,
).map(str.strip)


def bib_entry_text(type_, key, fields) -> str:
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields.items())
    return f"@{type_}{{{key},\n{body}\n}}\n"


@given(st.lists(st.tuples(BIB_TYPE, BIB_KEY, st.dictionaries(FIELD_NAME, BIB_VALUE, max_size=5)),
                max_size=4, unique_by=lambda t: t[1].lower()))
def test_bibtex_well_formed_entries_round_trip(entries):
    text = "\n".join(bib_entry_text(*entry) for entry in entries)
    with no_hang():
        parsed = parse_text(text, "refs.bib")
    assert parsed.errors == []
    assert [(e.type, e.key, e.fields) for e in parsed.entries] == [
        (t.lower(), k, f) for t, k, f in entries]


@given(BIB_TEXT)
# a repeated key on an entry that also repeats a field was kept twice
@example("@article{a,\n  \n}\n@article{a,\n  author = {},\n  author = {}\n}")
@example("@article{a, author = {}, author = {}}\n@article{a, title = {}}")
def test_bibtex_entries_written_back_read_the_same(text):
    """An entry's ``bibtex`` (the .bib download, the bibtex shown on pages) reads back as itself."""
    with no_hang():
        parsed = parse_text(text, "refs.bib")
        again = parse_text("\n".join(e.to_bibtex() for e in parsed.entries), "again.bib")
    assert again.errors == []
    assert [(e.type, e.key, e.fields) for e in again.entries] == [
        (e.type, e.key, e.fields) for e in parsed.entries]


NAME_WORD = st.builds(str.__add__, st.sampled_from(ASCII_LETTERS[26:]),
                      st.text(ASCII_LETTERS[:26], max_size=8))


@given(st.lists(st.tuples(st.lists(NAME_WORD, min_size=1, max_size=3), NAME_WORD), min_size=1,
                max_size=5), st.booleans())
def test_names_split_into_first_and_last(people, last_first):
    if last_first:
        text = " and ".join(f"{last}, {' '.join(first)}" for first, last in people)
    else:
        text = " and ".join(f"{' '.join(first)} {last}" for first, last in people)
    names = parse_names(text)
    assert [(n.first, n.von, n.last, n.jr) for n in names] == [
        (" ".join(first), "", last, "") for first, last in people]


@given(mixed(BIB_PIECES + ["and", "AND", ",", ", ", "{", "}", "~", "{\\", "Jr"], max_size=30))
def test_name_parsing_never_raises(text):
    with no_hang():
        names = parse_names(text)
        single = parse_name(text)
    assert all(isinstance(n, Name) for n in names + [single])
    for n in names + [single]:
        assert all(isinstance(part, str) for part in (n.first, n.von, n.last, n.jr))


@given(mixed(LATEX_PIECES + COMMON_PIECES, max_size=40), st.booleans())
def test_latex_to_unicode_never_raises(text, html):
    with no_hang():
        out = to_unicode(text, html=html)
    assert isinstance(out, str)
    assert out == out.strip()
    if not html:
        assert not re.search(r"<(?:i|b|sup|sub|span)\b", out) or "<" in text


@given(st.text(st.characters(blacklist_characters="\\{}~$-`'", blacklist_categories=["Cs"])))
def test_latex_free_text_is_kept(text):
    assert to_unicode(text) == re.sub(r"[ \t\r\n]+", " ", text).strip()


# =====================================================================================
# 3. Permalinks and slugify
# =====================================================================================

from scholarsite.config import PERMALINK_STYLES, load_config  # noqa: E402
from scholarsite.liquid.filters import ruby_slugify  # noqa: E402
from scholarsite.reader import make_document  # noqa: E402
from scholarsite.site import Collection, Site  # noqa: E402

NOWHERE = Path("/nonexistent/scholarsite-properties")
PLACEHOLDERS = [":year", ":month", ":day", ":hour", ":minute", ":second", ":short_month",
                ":long_month", ":short_year", ":y_day", ":week", ":short_day", ":long_day",
                ":i_day", ":i_month", ":collection", ":path", ":name", ":title", ":slug",
                ":output_ext", ":categories", ":slugified_categories", ":basename", ":nope", ":"]
URL_PIECES = PLACEHOLDERS + PLACEHOLDERS + [
    "/", "/", "//", ".", "..", "../", "/../", "./", ".../", "\\", "\\..\\", "%2e%2e", "%2E%2e/",
    "%2f", "%00", "%", "\x00", "\x01", "\n", "?", "#", " ", "ü", "日本", "a", "blog", "index",
    ".html", ".htm", "~", "_", "-", "W", "+", "&", "'", "@", "*", ":a", "::", ":year_", "%20",
]
URL_TEMPLATE = mixed(URL_PIECES, st.text(max_size=6), max_size=12, long_lines=False)
NAME_TEXT = st.one_of(
    mixed(["..", ".", "/", "\\", "%2e", "%", "\x00", " ", "-", "_", "A", "é", "日本", "x" * 300,
           ".md", "../..", "~", "?", "#"], st.text(max_size=8), max_size=6, long_lines=False),
    st.text(max_size=20),
)
# a file or folder name (no "/" or NUL, which no name holds, nor other control characters)
FILE_PART = NAME_TEXT.map(lambda t: re.sub(r"[/\x00-\x1f\x7f]", "-", t) or "x")
DATES = st.one_of(st.none(), st.dates(), st.datetimes(), st.integers(), st.sampled_from(
    ["2020-01-02", "2020-02-30", "2021-04-05 10:11:12 +0100", "0001-01-01", "9999-12-31 23:59:59",
     "garbage", "", "2020-13-45"]))
FRONT = st.fixed_dictionaries({}, optional={
    "permalink": st.one_of(URL_TEMPLATE, st.sampled_from(list(PERMALINK_STYLES)),
                           st.integers(), st.lists(st.text(max_size=3), max_size=2)),
    "title": NAME_TEXT, "slug": NAME_TEXT,
    "categories": st.one_of(NAME_TEXT, st.lists(st.one_of(NAME_TEXT, st.integers()), max_size=4)),
    "category": NAME_TEXT, "date": DATES,
})


@st.composite
def documents(draw):
    """(style, collection permalink, kind, relative path, front matter) for one document."""
    style = draw(st.one_of(st.sampled_from(list(PERMALINK_STYLES)), URL_TEMPLATE))
    kind = draw(st.sampled_from(["page", "post", "draft", "document"]))
    folders = draw(st.lists(FILE_PART, max_size=3))
    ext = draw(st.sampled_from([".md", ".html", ".markdown", ".scss", ".xml", ".txt", "", ".MD"]))
    name = draw(FILE_PART)
    if kind in ("post", "draft"):
        y, m, d = draw(st.sampled_from([(2020, 1, 2), (2021, 12, 31), (2020, 2, 30), (0, 1, 1),
                                        (1999, 7, 4), (9999, 12, 31)]))
        name = f"{y:04d}-{m:02d}-{d:02d}-{name}"
        rel = "/".join(folders + ["_posts" if kind == "post" else "_drafts", name + ext])
    elif kind == "document":
        rel = "/".join(["_projects"] + folders + [name + ext])
    else:
        rel = "/".join(folders + [name + ext])
    collection_permalink = draw(st.one_of(st.none(), URL_TEMPLATE, st.sampled_from(list(PERMALINK_STYLES)),
                                          st.integers()))
    return style, collection_permalink, kind, rel, draw(FRONT)


def url_for(style, collection_permalink, kind, rel, data):
    """What the reader does: the site's collections, the document, then its URL."""
    projects = {"output": True}
    if collection_permalink is not None:
        projects["permalink"] = collection_permalink
    config = load_config(NOWHERE, overrides={"permalink": style, "timezone": "UTC",
                                             "collections": {"projects": projects}})
    site = Site(NOWHERE, config)
    for label, meta in config["collections"].items():
        site.collections[label] = Collection(label, meta, f"_{label}")
    collection = None if kind == "page" else site.collections["posts" if kind != "document" else "projects"]
    if kind == "draft":
        data.setdefault("date", "2020-01-02")  # a draft without one takes its file's time
    doc = make_document(site, None, rel, data, "body", 3, collection, kind, "---\n---\nbody")
    doc.url = doc.compute_url()
    return doc


def assert_safe_url(doc) -> None:
    url = doc.url
    assert isinstance(url, str) and url.startswith("/"), url
    assert ".." not in url.split("/"), url
    assert not re.search(r"[\x00-\x1f\x7f\\]", url), url
    dest = doc.destination_path
    assert dest and not dest.startswith("/") and "\x00" not in dest, dest
    assert not {"..", ".", ""} & set(dest.split("/")), dest
    assert all(len(part.encode()) <= 255 for part in dest.split("/")), dest


@given(documents())
@example(("date", None, "page", "a.md", {"permalink": "/../../outside/"}))
@example(("date", None, "page", "a.md", {"permalink": "/%2e%2e/%2e%2e/outside/"}))
@example(("date", None, "post", "_posts/2020-01-02-a.md", {"categories": ["..", ".."]}))
@example(("date", None, "page", "a.md", {"permalink": "/a\\b/c\x01/"}))
@example(("date", None, "page", "a.md", {"permalink": "/a%00b/"}))
@example(("pretty", None, "post", "_posts/2020-01-02-a.md", {"slug": "x" * 300}))
@example(("date", 2024, "document", "_projects/x.md", {}))  # a collection permalink that is a number
def test_permalinks_stay_inside_the_site(case):
    style, collection_permalink, kind, rel, data = case
    with no_hang():
        try:
            doc = url_for(style, collection_permalink, kind, rel, dict(data))
        except BuildError as err:
            assert_located(err, rel)
            assert err.line is not None
            return
    assert_safe_url(doc)


SLUG_MODES = [None, "default", "raw", "pretty", "ascii", "latin", "none", "bogus"]


@given(st.one_of(NAME_TEXT, st.text()), st.sampled_from(SLUG_MODES), st.booleans())
@example("a\u00a0b\u2003c", "raw", False)  # Ruby's \s is ASCII: these spaces stay
def test_slugify_is_idempotent_and_clean(text, mode, cased):
    with no_hang():
        slug = ruby_slugify(text, mode, cased)
    assert isinstance(slug, str)
    assert ruby_slugify(slug, mode, cased) == slug
    if mode in (None, "default", "latin", "ascii", "raw", "pretty"):
        assert not slug.startswith("-") and not slug.endswith("-"), slug
    if mode in (None, "default", "latin"):
        assert regex.fullmatch(r"[\p{L}\p{M}\p{Nd}\-]*", slug), slug
    if mode in ("ascii", "latin"):
        assert re.fullmatch(r"[A-Za-z0-9\-]*", slug), slug
    if mode == "pretty":
        assert not re.search(r"[\s/?#%\"<>\\]", slug), slug
    if mode == "raw":  # Ruby's \s: only ASCII whitespace becomes "-"
        assert not re.search(r"[ \t\r\n\f\v]", slug), slug
        assert [c for c in slug if c.isspace()] == [
            c for c in text if c.isspace() and c not in " \t\r\n\f\v"], slug
    if not cased:
        assert slug == slug.lower()
