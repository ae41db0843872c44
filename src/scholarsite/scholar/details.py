"""One page per publication (for Google Scholar) and the .bib download.

Detail pages are made when ``scholar.details_pages: true``, when ``scholar.details_dir``
is set explicitly, or (jekyll-scholar's rule) when the site has the ``details_layout``
layout (``bibtex`` by default).  With the user's layout, the page gets jekyll-scholar's
variables (``page.entry``, ``page.title``...) and renders through that layout; the
Highwire tags are also in ``page.scholar_head`` for layouts that print it.  Without one,
the page is a complete HTML document whose <head> carries the Highwire Press
``citation_*`` meta tags and a schema.org ScholarlyArticle JSON-LD block, since Google
Scholar reads those from <head>.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from scholarsite.liquid.safe import is_safe_url, json_for_script

from scholarsite.scholar import core
from scholarsite.scholar.bibtex import EQUAL_MARKS, BibEntry
from scholarsite.scholar.latex import to_unicode
from scholarsite.scholar.tags import details_enabled, details_url

_CONFERENCE = {"inproceedings", "conference", "proceedings"}


def _attr(text: str) -> str:
    """Escape for HTML, and neutralise Liquid delimiters in case the page goes through Liquid."""
    return escape(text, quote=True).replace("{", "&#123;").replace("}", "&#125;")


def absolute_url(site, url: str) -> str:
    if "://" in url:
        return url
    base = str(site.config.get("url") or "").rstrip("/")
    return base + url


def asset_url(site, value: str, folder: str) -> str:
    if "://" in value:
        return value
    baseurl = str(site.config.get("baseurl") or "")
    return absolute_url(site, f"{baseurl}/assets/{folder}/{value}")


def highwire_meta(site, entry: BibEntry) -> list[tuple[str, str]]:
    t = entry.text
    tags: list[tuple[str, str]] = [("citation_title", t("title"))]
    for person in entry.names.get("author", []):
        last = " ".join(p for p in (person.von, person.last) if p)
        name = to_unicode(last, html=False).rstrip(EQUAL_MARKS)
        if person.jr:
            name += ", " + to_unicode(person.jr, html=False)
        if person.first:
            name += ", " + to_unicode(person.first, html=False).rstrip(EQUAL_MARKS)
        tags.append(("citation_author", name))
    year = t("year")
    if year:
        date = year
        if entry.month_numeric:
            date += f"/{entry.month_numeric:02d}"
            day = t("day")
            if day.isdigit():
                date += f"/{int(day):02d}"
        tags.append(("citation_publication_date", date))
    if entry.type == "article" and t("journal"):
        tags.append(("citation_journal_title", t("journal")))
    elif entry.type in _CONFERENCE and (t("booktitle") or t("title")):
        tags.append(("citation_conference_title", t("booktitle") or t("title")))
    elif entry.type in ("incollection", "inbook") and t("booktitle"):
        tags.append(("citation_inbook_title", t("booktitle")))
    if entry.type in ("phdthesis", "mastersthesis", "thesis") and t("school"):
        tags.append(("citation_dissertation_institution", t("school")))
    if entry.type == "techreport" and t("institution"):
        tags.append(("citation_technical_report_institution", t("institution")))
    for field, name in (("volume", "citation_volume"), ("number", "citation_issue"),
                        ("publisher", "citation_publisher"), ("isbn", "citation_isbn"),
                        ("issn", "citation_issn")):
        if t(field):
            tags.append((name, t(field)))
    pages = t("pages").replace("–", "-").replace("—", "-")
    if pages:
        first, _, last = pages.partition("-")
        tags.append(("citation_firstpage", first.strip()))
        if last.strip("- "):
            tags.append(("citation_lastpage", last.strip("- ")))
    if t("doi"):
        tags.append(("citation_doi", t("doi").removeprefix("https://doi.org/")))
    if t("pdf"):
        tags.append(("citation_pdf_url", asset_url(site, entry.get("pdf"), "pdf")))
    elif t("arxiv"):
        tags.append(("citation_pdf_url", f"https://arxiv.org/pdf/{t('arxiv')}"))
    if t("abstract"):
        tags.append(("citation_abstract", t("abstract")))
    return [(k, v) for k, v in tags if v]


def json_ld(site, entry: BibEntry, url: str) -> str:
    t = entry.text
    data: dict = {"@context": "https://schema.org", "@type": "ScholarlyArticle",
                  "headline": t("title")[:110], "name": t("title"), "url": absolute_url(site, url)}
    authors = []
    for person in entry.names.get("author", []):
        parts = (to_unicode(p, html=False).strip(EQUAL_MARKS) for p in (person.first, person.von, person.last))
        authors.append({"@type": "Person", "name": " ".join(p for p in parts if p)})
    if authors:
        data["author"] = authors
    if t("year"):
        data["datePublished"] = t("year") + (f"-{entry.month_numeric:02d}" if entry.month_numeric else "")
    venue = t("journal") or t("booktitle")
    if venue:
        kind = "Periodical" if entry.type == "article" else "PublicationEvent"
        data["isPartOf"] = {"@type": kind, "name": venue}
    if t("publisher"):
        data["publisher"] = {"@type": "Organization", "name": t("publisher")}
    if t("abstract"):
        data["abstract"] = t("abstract")
    if t("doi"):
        doi = t("doi")
        data["sameAs"] = doi if "://" in doi else f"https://doi.org/{doi}"
    if t("pdf"):
        data["encoding"] = {"@type": "MediaObject", "encodingFormat": "application/pdf",
                            "contentUrl": asset_url(site, entry.get("pdf"), "pdf")}
    text = json_for_script(data, indent=2)
    return text.replace("{%", "{\\u0025").replace("{{", "{\\u007b")


def head_html(site, entry: BibEntry, url: str) -> str:
    lines = [f'<meta name="{k}" content="{_attr(v)}">' for k, v in highwire_meta(site, entry)]
    lines.append('<script type="application/ld+json">\n' + json_ld(site, entry, url) + "\n</script>")
    return "\n".join(lines)


def standalone_page(site, config: dict, entry: BibEntry, url: str, bib_url: str | None) -> str:
    skip = core.skip_own_fields(config)
    e = entry.liquid(skip)
    title = entry.text("title") or entry.key
    site_title = str(site.config.get("title") or "")
    baseurl = str(site.config.get("baseurl") or "")
    authors = ", ".join(
        " ".join(p for p in (a["first"], a["von"], a["clean_last"]) if p) + (
            f"<sup>{a['marks']}</sup>" if a["marks"] else "")
        for a in e.get("author_array", []))
    venue = e.get("journal") or e.get("booktitle") or e.get("school") or e.get("publisher") or ""
    targets = []  # (URL, label); only safe URLs become links
    if e.get("pdf"):
        targets.append((asset_url(site, entry.get("pdf"), "pdf"), "PDF"))
    if e.get("arxiv"):
        targets.append((f"https://arxiv.org/abs/{entry.text('arxiv')}", "arXiv"))
    if e.get("doi"):
        doi = entry.text("doi")
        targets.append((doi if "://" in doi else "https://doi.org/" + doi, "DOI"))
    for field, label in (("code", "Code"), ("website", "Website"), ("html", "HTML"),
                         ("video", "Video"), ("slides", "Slides"), ("poster", "Poster")):
        if "://" in entry.text(field):
            targets.append((entry.text(field), label))
    links = [f'<a href="{_attr(url)}">{label}</a>' for url, label in targets if is_safe_url(url)]
    if bib_url:
        links.append(f'<a href="{_attr(bib_url)}" download>Full bibliography (.bib)</a>')
    abstract = f'<h2>Abstract</h2>\n<p class="abstract">{_attr(entry.text("abstract"))}</p>' \
        if e.get("abstract") else ""
    return f"""<!DOCTYPE html>
<html lang="{_attr(str(site.config.get('lang') or 'en'))}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_attr(title)}{' | ' + _attr(site_title) if site_title else ''}</title>
<link rel="canonical" href="{_attr(absolute_url(site, url))}">
{head_html(site, entry, url)}
<style>body{{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;line-height:1.5}}pre{{white-space:pre-wrap;background:#f5f5f5;padding:.75rem}}.links a{{margin-right:.75rem}}</style>
</head>
<body>
<nav><a href="{_attr(baseurl or '/')}{'/' if baseurl else ''}">{_attr(site_title or 'Home')}</a></nav>
<main class="publication-details">
<h1 class="title">{_attr(title)}</h1>
<p class="author">{authors.replace('{', '&#123;').replace('}', '&#125;')}</p>
<p class="periodical"><em>{_attr(entry.text("journal") or entry.text("booktitle") or entry.text("school") or entry.text("publisher"))}</em>{', ' if venue and e.get('year') else ''}{_attr(entry.text('year'))}</p>
<p class="links">{' '.join(links)}</p>
{abstract}
<h2>BibTeX</h2>
<pre><code class="language-bibtex">{_attr(e["bibtex"])}</code></pre>
</main>
</body>
</html>
"""


def bib_download(entries: list[BibEntry], config: dict) -> bytes:
    skip = frozenset(k.lower() for k in core.as_list(config.get("filtered_bibtex_keywords")))
    return "\n".join(e.to_bibtex(skip) for e in entries).encode("utf-8")


def generate(site) -> None:
    config = core.scholar_config(site)
    user = site.config.get("scholar") or {}
    pages = details_enabled(site, config)
    download = pages or bool(isinstance(user, dict) and user.get("bibtex_download"))
    if not download:
        return
    source = core.scholar_source(site, config)
    if not source.is_dir():
        return
    details_dir = str(config.get("details_dir") or "bibliography").strip("/")
    layout = Path(str(config.get("details_layout") or "")).stem
    finder = getattr(site, "find_template_file", None)
    user_layout = None
    if layout and finder is not None:
        found = finder(layout)
        if found is not None and Path(found).is_relative_to(Path(site.source)):
            user_layout = layout
    baseurl = str(site.config.get("baseurl") or "")
    done: set[str] = set()
    for path in sorted(source.glob("*.bib")):
        entries = core.load_entries(site, [path])
        bib_rel = f"{details_dir}/{path.stem}.bib"
        site.add_generated_file(bib_rel, bib_download(entries, config))
        if not pages:
            continue
        bib_url = f"{baseurl}/{bib_rel}"
        for entry in entries:
            if entry.key.lower() in done:
                continue
            done.add(entry.key.lower())
            url = details_url(site, config, entry)
            rel = url[len(baseurl):].lstrip("/")
            if rel.endswith("/"):
                rel += "index.html"
            if user_layout:
                data = entry.liquid(core.skip_fields(config))
                front = {"layout": user_layout, "title": entry.text("title"), "entry": data,
                         "key": entry.key, "scholar_head": head_html(site, entry, url),
                         "permalink": url[len(baseurl):]}
                site.add_generated_page(rel, front, "")
            else:
                front = {"layout": None, "render_with_liquid": False, "title": entry.text("title"),
                         "permalink": url[len(baseurl):], "sitemap": True}
                site.add_generated_page(rel, front, standalone_page(site, config, entry, url, bib_url))
