"""The CV page's data and its PDF.

The bundled theme's ``cv`` layout shows ``{% assign cv = page | cv_model %}``: the CV
read from the site (RenderCV's or al-folio's ``_data/cv.yml``, or JSON Resume; the
page's ``cv_format`` chooses as in al-folio) with a section ``{from_bibliography:
selected|all}`` filled from the site's BibTeX. When that layout renders a CV page, the
build also typesets the PDF with Typst (``scholarsite.cv.pdf``) and writes it where the
page links it: ``cv_pdf:`` of the page, else ``/assets/pdf/cv.pdf``. A PDF of the user's
own at that path wins. ``_config.yml``'s ``cv_pdf: {enabled, paper, font, font_size,
color, margin, template}`` sets it up.
"""

from __future__ import annotations

import re
from datetime import date
from collections.abc import Mapping
from typing import Any

from liquid.filter import with_context

from scholarsite.cv.model import CV, Section
from scholarsite.cv.readers import CVError, read
from scholarsite.gems import pinned_below
from scholarsite.plugins.registry import Plugin

DEFAULT_PDF = "/assets/pdf/cv.pdf"


def settings(site) -> dict:
    value = site.config.get("cv_pdf")
    return value if isinstance(value, dict) else {}


def pdf_url(page_data: dict, config: dict) -> str:
    path = str(config.get("path") or page_data.get("cv_pdf") or DEFAULT_PDF)
    if not re.fullmatch(r"/?[\w./ -]+\.pdf", path, re.ASCII) or ".." in path:
        return ""  # a URL elsewhere (or something odd): nothing to make, the link stays
    return path if path.startswith("/") else "/assets/pdf/" + path


def publications(site, which: str) -> list[dict]:
    from scholarsite.scholar.core import bibtex_paths, load_entries, scholar_config
    config = scholar_config(site)
    entries = load_entries(site, bibtex_paths(site, config, None))
    if which == "selected":
        entries = [e for e in entries if e.fields.get("selected", "").lower() in ("true", "yes")]
    def names(key: str) -> list[str]:
        value = config.get(key) or []
        return [value] if isinstance(value, str) else [str(x) for x in value]
    first, last = names("first_name"), names("last_name")
    found = []
    for entry in sorted(entries, key=lambda e: e.fields.get("year", ""), reverse=True):
        authors = []
        for name in entry.unicode_names():
            shown = " ".join(p for p in (name.get("first"), name.get("von"),
                                         name.get("clean_last") or name.get("last")) if p)
            # Whom the bundled bib layout highlights: scholar.last_name and first_name.
            own = name.get("clean_last") in last and (not first or name.get("clean_first")
                                                      in first)
            authors.append(f"**{shown}**" if own else shown)
        found.append({"title": entry.text("title"), "authors": authors,
                      "journal": entry.text("journal") or entry.text("booktitle"),
                      "date": entry.fields.get("year", ""), "doi": entry.fields.get("doi", ""),
                      "url": entry.fields.get("url", "")})
    return found


def with_bibliography(site, cv: CV) -> CV:
    sections = []
    for section in cv.sections:
        source = section.entries[0].get("from_bibliography") if section.entries and \
            isinstance(section.entries[0], dict) else None
        if source:
            section = Section(section.title, "publication",
                              publications(site, "selected" if source == "selected" else "all"))
        sections.append(section)
    cv.sections = sections
    return cv


def model(site, cv_format: str) -> CV | None:
    memo = site.cache.setdefault("cv models", {})
    if cv_format not in memo:
        try:
            cv = read(site.source, site.data, cv_format)
        except CVError as exc:
            site.reporter.warn(f"the CV cannot be read: {exc} (the CV page is built without "
                               "it)", exc.path, exc.line)
            cv = None
        memo[cv_format] = with_bibliography(site, cv) if cv is not None else None
    return memo[cv_format]


def uses_bundled_layout(site, page) -> bool:
    layout = site.find_template_file(str(page.data.get("layout") or ""))
    return layout is not None and site.theme_dir is not None and \
        layout.is_relative_to(site.theme_dir)


def note_cv_gem(site) -> None:
    """Tell the theme whether jobs go latest first (al_folio_cv 1.0.2 and later)."""
    flags = site.config.setdefault("scholarsite", {})
    if isinstance(flags, dict):
        flags["cv_jobs_latest_first"] = not pinned_below(site, "al_folio_cv", (1, 0, 2))


def generate_cv_pdf(site) -> None:
    config = settings(site)
    enabled = config.get("enabled", "auto")
    if enabled is False:
        return
    made = site.cache.setdefault("cv pdfs", {})
    for page in list(site.pages) + site.documents():
        if page.data.get("layout") != "cv" or (enabled == "auto"
                                                and not uses_bundled_layout(site, page)):
            continue
        url = pdf_url(page.data, config)
        cv = model(site, str(page.data.get("cv_format") or ""))
        if not url or cv is None or url in made:
            continue
        rel = url.lstrip("/")
        if any(f.relative_path.lstrip("/") == rel for f in site.static_files):
            made[url] = url
            site.reporter.note(f"the CV PDF at {url} is your own file, so it is published "
                               "as it is (delete it to have the build make it from the CV)",
                               page.source_name)
            continue
        template = config.get("template")
        template_path = site.source / str(template) if template else None
        if template_path is not None and not template_path.is_file():
            site.reporter.warn(f"cv_pdf.template {template!r} not found, so the CV PDF is not "
                               "made (give a .typ file in the site, or remove the key)",
                               "_config.yml")
            continue
        from scholarsite.cv.pdf import PDFError, typeset  # Typst: only for a CV page
        try:
            data = typeset(cv, config, site.cache_folder, template_path)
        except PDFError as exc:
            site.reporter.warn(f"{exc}; the CV page is built without its PDF",
                               template if template else "_config.yml")
            continue
        site.add_generated_file(rel, data)
        made[url] = url


@with_context
def cv_model(page: Any, *, context: Any) -> Any:
    """The CV for a page (its ``cv_format``), as HTML, with ``pdf`` its PDF's URL if made."""
    from scholarsite.cv.markup import to_html
    from scholarsite.cv.view import cv_view
    site = context.env.site
    site.reads_listing("data")
    page = page if isinstance(page, Mapping) else {}
    fmt = str(page.get("cv_format") or "")
    cv = model(site, fmt)
    if cv is None:
        return None
    view = cv_view(cv, to_html)
    view["format"] = "alfolio" if isinstance(site.data.get("cv"), list) and fmt != \
        "jsonresume" and cv.source == "_data/cv.yml" else "model"
    url = pdf_url(page, settings(site))
    view["pdf"] = url if url in site.cache.get("cv pdfs", {}) else ""
    return view


def date_key(value) -> tuple[int, int, int]:
    """A CV date for sorting: ``2018``, ``2018-09``, ``2018-09-01`` or a date; none, or
    ``present``, is later than any date (a job going on is the latest)."""
    if isinstance(value, date):
        return value.year, value.month, value.day
    text = str(value if value is not None else "").strip()
    found = re.match(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", text)
    if not found:
        return (9999, 99, 99)
    return tuple(int(part) if part else 0 for part in found.groups())


def cv_latest_first(entries: Any) -> Any:
    """Entries by end date, latest first (those going on first; equals in the file's
    order), as al-folio's CV gem lists a RenderCV Experience section since 1.0.2."""
    if not isinstance(entries, list):
        return entries

    def key(entry):
        if not isinstance(entry, Mapping):
            return date_key(None)
        return date_key(entry.get("end_date", entry.get("endDate")))
    return sorted(entries, key=key, reverse=True)


FILTERS = {"cv_model": cv_model, "cv_latest_first": cv_latest_first}


PLUGIN = Plugin("al_folio_cv", filters=FILTERS, generators=(note_cv_gem, generate_cv_pdf), config=("cv_pdf",))
