"""Configuration, loading (parse each .bib once per build), sorting and grouping.

The ordering rules follow jekyll-scholar's lib/jekyll/scholar/utilities.rb and
tags/bibliography.rb (read through the search tool, not copied):

* ``entries`` = the bibliography filtered by the query (``-q`` or ``scholar.query``),
  in file order, then sorted unless ``sort_by`` is ``none``;
* ``sort_by`` and ``order`` are comma lists; ``month`` means ``month_numeric``; each key
  uses its own order, or the last order given; values compare as bibtex-ruby Values:
  numerically when both are integers, else as strings; a missing field is an empty value;
* ``group_by``/``group_order`` are comma lists (nested groups); groups keep their entries
  in sorted order and are sorted by their value (integers numerically); ``type`` groups
  use ``type_aliases``, ``type_order`` and ``type_names``; ``month`` groups show month names;
* group headings use ``bibliography_group_tag`` (``h2,h3,h4,h5``: one per nesting level);
* ``--max`` applies only to an ungrouped list (as in jekyll-scholar); scholarsite's
  ``--limit`` truncates the sorted list before grouping.
"""

from __future__ import annotations

import functools
import glob
from pathlib import Path
from typing import Any

from scholarsite.errors import BuildError
from scholarsite.frontmatter import decode_utf8
from scholarsite.scholar.bibtex import BibEntry, ParsedFile, month_name, parse_text, resolve_crossrefs
from scholarsite.scholar.query import compile_query

DEFAULTS: dict[str, Any] = {
    "style": "apa",
    "locale": "en",
    "sort_by": "none",
    "order": "ascending",
    "group_by": "none",
    "group_order": "ascending",
    "bibliography_group_tag": "h2,h3,h4,h5",
    "bibliography_list_tag": "ol",
    "bibliography_item_tag": "li",
    "bibliography_list_attributes": {},
    "bibliography_item_attributes": {},
    "source": "./_bibliography",
    "bibliography": "references.bib",
    "bibtex_skip_fields": ["abstract", "month_numeric"],
    "details_dir": "bibliography",
    "details_layout": "bibtex.html",
    "details_link": "Details",
    "details_link_class": "details",
    "bibliography_class": "bibliography",
    "bibliography_template": "bib",  # jekyll-scholar: "{{reference}}"; scholarsite's theme has bib
    "reference_tagname": "span",
    "missing_reference": "(missing reference)",
    "query": "@*",
    "cite_class": "citation",
    "relative": "",
    "filtered_bibtex_keywords": [],
    "type_names": {
        "article": "Journal Articles", "book": "Books", "incollection": "Book Chapters",
        "inproceedings": "Conference Articles", "thesis": "Theses",
        "mastersthesis": "Master's Theses", "phdthesis": "PhD Theses", "manual": "Manuals",
        "techreport": "Technical Reports", "misc": "Miscellaneous", "unpublished": "Unpublished",
    },
    "type_aliases": {"phdthesis": "thesis", "mastersthesis": "thesis"},
    "type_order": [],
    "month_names": None,
}


def as_list(value: Any) -> list[str]:
    """jekyll-scholar's ``Array(value).map { split(/\\s*,\\s*/) }.flatten``."""
    if value is None:
        return []
    items = value if isinstance(value, (list, tuple)) else [value]
    out: list[str] = []
    for item in items:
        out.extend(p.strip() for p in str(item).split(",") if p.strip())
    return out


# Where a site on the bundled theme says nothing, scholarsite lists papers newest first,
# under year headings. A site with its own entry template (al-folio's bib.html) gets
# jekyll-scholar's defaults, file order without headings, as Jekyll publishes it.
UNSET_DEFAULTS: dict[str, Any] = {
    "sort_by": "year,month", "order": "descending",
    "group_by": "year", "group_order": "descending",
}


def own_template(site, user: dict) -> bool:
    name = str(user.get("bibliography_template") or "").strip()
    finder = getattr(site, "find_template_file", None)
    if not name or finder is None or "{" in name:
        return False
    found = finder(name)
    return found is not None and Path(found).is_relative_to(Path(site.source))


def scholar_config(site, page: Any = None) -> dict:
    config = dict(DEFAULTS)
    user = site.config.get("scholar") or {}
    if not isinstance(user, dict):
        user = {}
    if not any(key in user for key in UNSET_DEFAULTS) and not own_template(site, user):
        config.update(UNSET_DEFAULTS)
    if "bibliography" not in user:
        source = scholar_source(site, {**config, **user})
        if not (source / "references.bib").is_file() and (source / "papers.bib").is_file():
            config["bibliography"] = "papers.bib"  # al-folio's file name
    config.update(user)
    # al-folio keeps filtered_bibtex_keywords at the top level of _config.yml
    if not (isinstance(user, dict) and "filtered_bibtex_keywords" in user):
        top = site.config.get("filtered_bibtex_keywords")
        if top:
            config["filtered_bibtex_keywords"] = top
    if page is not None:
        try:
            page_conf = page["scholar"]
        except Exception:
            page_conf = None
        if isinstance(page_conf, dict):
            config.update(page_conf)
    return config


def skip_fields(config: dict) -> frozenset[str]:
    """Fields jekyll-scholar leaves out of ``entry.bibtex`` (al-folio's own fields stay:
    its ``hideCustomBibtex`` filter takes them out, line by line)."""
    return frozenset(f.lower() for f in as_list(config.get("bibtex_skip_fields")))


def skip_own_fields(config: dict) -> frozenset[str]:
    """What the bundled theme's pages leave out: those and al-folio's own fields."""
    return skip_fields(config) | frozenset(
        f.lower() for f in as_list(config.get("filtered_bibtex_keywords")))


# -- loading ---------------------------------------------------------------------------

def scholar_source(site, config: dict) -> Path:
    text = str(config.get("source") or "./_bibliography")
    if text.startswith("/") and Path(text).exists():
        return Path(text)
    # Ruby's File.join: "/_bibliography/" is relative to the site (al-folio writes it so)
    return Path(site.source) / text.lstrip("/")


def bibtex_paths(site, config: dict, files: list[str] | None) -> list[Path]:
    """jekyll-scholar's bibtex_files/extend_path: ``-f`` names, or scholar.bibliography."""
    base = scholar_source(site, config)
    names = list(files or [])
    if not names:
        default = str(config.get("bibliography") or "references.bib")
        if "*" in default:
            return sorted(Path(p) for p in glob.glob(str(base / default)))
        names = [default]
    paths = []
    for name in names:
        p = Path(name)
        if name.startswith("/") and p.exists():
            paths.append(p)
            continue
        p = base / name
        if not p.suffix and not p.exists():
            p = p.with_name(p.name + ".bib")
        paths.append(p)
    return paths


# jekyll-scholar 7's default bibtex_filters, which a site's scholar.bibtex_filters replaces.
DEFAULT_BIBTEX_FILTERS = ("smallcaps", "superscript", "italics", "textit", "lowercase",
                          "textregistered", "tiny", "latex")


def latex_filter(config: dict) -> bool:
    """Do the site's bibtex_filters hold jekyll-scholar's ``latex`` (latex-decode)?"""
    scholar = config.get("scholar") if isinstance(config.get("scholar"), dict) else {}
    filters = scholar.get("bibtex_filters", DEFAULT_BIBTEX_FILTERS)
    if isinstance(filters, str):
        filters = filters.replace(",", " ").split()
    if not isinstance(filters, (list, tuple)):
        return False
    return "latex" in {str(f).strip().lstrip(":").lower() for f in filters}


def display_path(site, path: Path) -> str:
    try:
        return str(path.relative_to(Path(site.source)))
    except ValueError:
        return str(path)


def load_file(site, path: Path) -> ParsedFile:
    """Parse one .bib file, once per build (site.cache keyed by path, mtime and size)."""
    page = site.current_page
    if site.leaves_site(path):  # ``--file ../../x`` or ``/etc/passwd``: never read
        raise BuildError(f"BibTeX file {path} is outside the site, so it is not read (keep "
                         "the .bib files inside the site, e.g. in _bibliography/)",
                         page.source_name if page is not None else None)
    site.depends_on(path)  # the page being rendered must re-render when the file changes
    try:
        st = path.stat()
    except OSError:
        # Like any section whose data is missing: warn (an error with --strict), build on.
        site.reporter.warn(f"BibTeX file not found: {display_path(site, path)} (add it, or fix "
                           "scholar.source / scholar.bibliography / the -f option)",
                           page.source_name if page is not None else None)
        return ParsedFile(path, display_path(site, path), [], [])
    cache = site.cache
    key = ("scholar:file", str(path), st.st_mtime_ns, st.st_size)
    parsed = cache.get(key)
    if parsed is None:
        text = decode_utf8(path.read_bytes(), display_path(site, path))
        parsed = parse_text(text, display_path(site, path), path)
        decode = latex_filter(site.config)
        for entry in parsed.entries:
            entry.latex_filter = decode
        cache[key] = parsed
        stats = cache.setdefault("scholar:parse_count", {})
        stats[str(path)] = stats.get(str(path), 0) + 1
        for line, message in parsed.errors:
            site.reporter.warn(message, parsed.display_path, line)
    return parsed


def load_entries(site, paths: list[Path]) -> list[BibEntry]:
    """All entries of the files, in order, crossrefs resolved; later duplicates dropped."""
    files = [load_file(site, p) for p in paths]
    key = ("scholar:entries",) + tuple((str(f.path), id(f)) for f in files)
    cached = site.cache.get(key)
    if cached is not None:
        return cached
    entries: list[BibEntry] = []
    seen: dict[str, BibEntry] = {}
    for f in files:
        for e in f.entries:
            k = e.key.lower()
            if k in seen:
                site.reporter.warn(f"duplicate entry key {e.key!r} (also in {seen[k].path}:"
                                   f"{seen[k].line}); this entry is skipped", e.path, e.line)
                continue
            seen[k] = e
            entries.append(e)
    entries = resolve_crossrefs(entries, lambda e, msg: site.reporter.warn(msg, e.path, e.line))
    site.cache[key] = entries
    return entries


# -- sorting and grouping -----------------------------------------------------------------

def _is_int(value: Any) -> bool:
    if isinstance(value, int):
        return True
    return isinstance(value, str) and value.strip().lstrip("+-").isdigit()


def value_cmp(a: Any, b: Any) -> int:
    """bibtex-ruby Value#<=>: numeric when both are integers, else string comparison."""
    a = "" if a is None else a
    b = "" if b is None else b
    if _is_int(a) and _is_int(b):
        x, y = int(a), int(b)
    else:
        x, y = str(a), str(b)
    return (x > y) - (x < y)


def _descending(order: str) -> bool:
    return str(order).lower().startswith(("desc", "reverse"))


def sort_entries(entries: list[BibEntry], config: dict) -> list[BibEntry]:
    keys = ["month_numeric" if k == "month" else k for k in as_list(config.get("sort_by"))]
    if not keys or keys == ["none"] or config.get("sort_by") == "none":
        return list(entries)
    orders = as_list(config.get("order")) or ["ascending"]
    desc = [_descending(orders[i] if i < len(orders) else orders[-1]) for i in range(len(keys))]

    # Precompute the compared values once per entry (no repeated lookups in the comparator).
    decorated = [([e.compare_value(k) for k in keys], i, e) for i, e in enumerate(entries)]

    def cmp(x, y) -> int:
        for idx in range(len(keys)):
            c = value_cmp(x[0][idx], y[0][idx])
            if c:
                return -c if desc[idx] else c
        return x[1] - y[1]  # ties keep file order (Ruby's sort leaves them unspecified)
    decorated.sort(key=functools.cmp_to_key(cmp))
    return [d[2] for d in decorated]


def group_keys(group_by: Any) -> list[str]:
    keys = ["month_numeric" if k == "month" else k for k in as_list(group_by)]
    return [] if keys in ([], ["none"]) else keys


def group_value(key: str, entry: BibEntry, config: dict):
    if key == "type":
        aliases = {**DEFAULTS["type_aliases"], **(config.get("type_aliases") or {})}
        return aliases.get(entry.type, entry.type)
    value = entry.compare_value(key)
    if value is None:
        return ""
    if _is_int(value):
        return int(value)
    return str(value)


def group_name(key: str, value: Any, config: dict) -> str:
    if key == "type":
        names = {**DEFAULTS["type_names"], **(config.get("type_names") or {})}
        return names.get(value, str(value))
    if key == "month_numeric":
        custom = config.get("month_names")
        if custom and _is_int(value) and 1 <= int(value) <= len(custom):
            return str(custom[int(value) - 1])
        return month_name(value)
    return str(value)


def _group_sort_key(key: str, config: dict):
    if key == "type":
        order = [str(t) for t in as_list(config.get("type_order"))]

        def k(v):
            return (0, order.index(v), "") if v in order else (1, 0, "")
        return k
    return lambda v: (0, v, "") if isinstance(v, int) else (1, 0, v)


def group_entries(entries: list[BibEntry], keys: list[str], orders: list[str], config: dict):
    """Nested [(value, children)] where children is a list of entries at the last level."""
    if not keys:
        return entries
    buckets: dict[Any, list[BibEntry]] = {}
    for e in entries:  # insertion order = first appearance (Ruby's group_by)
        buckets.setdefault(group_value(keys[0], e, config), []).append(e)
    order = orders[0] if orders else (as_list(config.get("group_order")) or ["ascending"])[-1]
    sort_key = _group_sort_key(keys[0], config)
    if keys[0] == "type":
        items = sorted(buckets.items(), key=lambda kv: sort_key(kv[0]))
        if _descending(order):
            # jekyll-scholar compares with the arguments swapped: typed ones reversed,
            # unknown types (equal to each other) still last.
            known = [kv for kv in items if sort_key(kv[0])[0] == 0][::-1]
            items = known + [kv for kv in items if sort_key(kv[0])[0] == 1]
    else:
        items = sorted(buckets.items(), key=lambda kv: sort_key(kv[0]), reverse=_descending(order))
    return [(value, group_entries(children, keys[1:], orders[1:], config))
            for value, children in items]


def select(site, config: dict, files: list[str] | None, query: str | None) -> list[BibEntry]:
    entries = load_entries(site, bibtex_paths(site, config, files))
    predicate = compile_query(query if query is not None else str(config.get("query") or "@*"))
    return sort_entries([e for e in entries if predicate(e)], config)
