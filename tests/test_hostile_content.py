"""Hostile values in every field the bundled theme reads are shown as text, and links
from data never run script.

A site is written into a temporary folder (``python tests/test_hostile_content.py DIR``
writes it for a look by hand) and built with the bundled theme:

- every text field of ``_config.yml``, ``_data``, front matter and BibTeX holds
  ``payload(field)``: markup that runs (``alert``, ``console.log("XSS-<field>")``) if
  it is not escaped, that closes ``<title>`` and ``<script>`` (the JSON-LD), and that
  breaks out of an attribute;
- every link field holds a ``javascript:``/``data:``/``vbscript:`` URL in one of the
  spellings browsers accept (any case, leading blanks, a tab inside, an entity), or a
  ``https:`` URL with a quote that would end the attribute;
- the fields the theme treats as HTML (docs/theme.md) hold harmless owner markup
  (``<span class="owner-html-…">``), and one page body holds a ``<script>``: the control
  that proves the browser check sees a script run.

The string checks read the files, one test per field, so a failure names the field;
the browser check opens every page in Chromium.
"""
from __future__ import annotations

import html
import inspect
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pytest
import yaml

from scholarsite.liquid.safe import is_safe_url, safe_url, script_safe
from scholarsite.plugins.seo import seo_tags


def payload(field: str) -> str:
    """Markup that runs if the value is written unescaped, wherever it lands."""
    return (f'</script></title><script>console.log("XSS-{field}");alert("XSS-{field}")</script>'
            f'<img src=x onerror=alert("XSS-{field}")>"\'><b onmouseover=alert("XSS-{field}")>')


def fragments(field: str) -> list[str]:
    """The pieces of payload(field) and URLS that are markup when they appear unescaped."""
    return [f'<script>console.log("XSS-{field}")', f'<img src=x onerror=alert("XSS-{field}")>',
            f'<b onmouseover=alert("XSS-{field}")>',
            f'<script>alert("XSS-{field}")', f'" onmouseover="alert(\'XSS-{field}\')"']  # in URLS


# Links that run script, in the spellings a browser accepts.
URLS = {
    "plain": 'javascript:alert("XSS-{f}")',
    "case": 'JaVaScRiPt:alert("XSS-{f}")',
    "blanks": ' \t javascript:alert("XSS-{f}")',
    "tab": 'java\tscript:alert("XSS-{f}")',
    "entity": '&#106;avascript:alert("XSS-{f}")',
    "colon-entity": 'javascript&colon;alert("XSS-{f}")',
    "slashes": 'javascript://%0aalert("XSS-{f}")',  # has "://": templates use it as a full URL
    "case-slashes": 'JaVaScRiPt://%0aalert("XSS-{f}")',
    "data": 'data:text/html,<script>alert("XSS-{f}")</script>',
    "vbscript": 'vbscript:msgbox("XSS-{f}")',
    # a real https link whose quote would end the attribute: it stays, escaped
    "quote": 'https://example.org/" onmouseover="alert(\'XSS-{f}\')" x="',
}


def url(field: str, kind: str) -> str:
    return URLS[kind].format(f=field)


def owner(field: str) -> str:
    """Owner markup for a field the theme treats as HTML: it must stay markup."""
    return f'<span class="owner-html-{field}">owner {field}</span>'


P = payload


def shown(field: str) -> str:
    """The payload as the site shows it: a BibTeX field goes through jekyll-scholar's
    latex filter (the default bibtex_filters), which curls the quote."""
    text = payload(field)
    return text.replace("'", "’") if field.startswith("bib-") else text


# The control: a page body is the owner's HTML, kept raw as Jekyll does; its script runs.
CONTROL_BODY = "<div class=\"owner-html\">owner HTML</div>\n\n<script>console.log('owner-script')</script>\n"


# ---------------------------------------------------------------- the site

def make_site(root: Path) -> None:
    def write(rel: str, text: str) -> None:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def page(rel: str, front: dict, body: str = "") -> None:
        write(rel, "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n" + body)

    def data(rel: str, value) -> None:
        write(rel, yaml.safe_dump(value, allow_unicode=True, sort_keys=False))

    data("_config.yml", {
        "title": P("cfg-title"), "first_name": P("cfg-first"), "middle_name": P("cfg-middle"),
        "last_name": P("cfg-last"), "description": P("cfg-description"), "keywords": P("cfg-keywords"),
        "lang": P("cfg-lang"),
        "icon": '"\'><b onmouseover=alert("XSS-cfg-icon")></text></svg>',  # no ".": the emoji branch
        "url": "https://hostile.example.org", "baseurl": "",
        "position": P("cfg-position"), "affiliation": P("cfg-affiliation"), "avatar": url("cfg-avatar", "quote"),
        "blog_name": P("cfg-blog-name"), "blog_description": P("cfg-blog-description"),
        "footer_text": owner("cfg-footer-text"), "contact_note": owner("cfg-contact-note"),
        "scholar_userid": P("cfg-scholar-userid"),
        "orcid_id": url("cfg-orcid", "case-slashes"), "linkedin_username": url("cfg-linkedin", "slashes"),
        "researchgate_profile": url("cfg-researchgate", "quote"),
        "author": {"name": P("cfg-author-name"), "bio": P("cfg-author-bio"),
                   "location": P("cfg-author-location"), "employer": P("cfg-author-employer"),
                   "avatar": url("cfg-author-avatar", "slashes")},
        "announcements": {"enabled": True, "limit": 5},
        "collections": {"news": {"output": True, "permalink": "/news/:path/"},
                        "projects": {"output": True, "permalink": "/projects/:path/"},
                        "publications": {"output": True, "permalink": "/publications/:path/"}},
        "permalink": "/blog/:year/:title/",
        "include": ["_pages"],
        "plugins": ["jekyll-feed", "jekyll-redirect-from"],
        "scholar": {"details_pages": True, "last_name": ["Nobody"], "first_name": ["N."]},
    })
    data("_data/socials.yml", {
        "email": P("soc-email") + "@example.org", "github_username": url("soc-github", "slashes"),
        "x_username": P("soc-x"), "semanticscholar_id": P("soc-semanticscholar"),
        "website": url("soc-website", "entity"), "cv_pdf": url("soc-cv", "data"), "rss_icon": True,
    })
    data("_data/navigation.yml", {"main": [{"title": P("data-nav-title"), "url": url("data-nav-url", "plain")}]})
    data("_data/venues.yml", {"HV": {"name": P("data-venue-name"), "url": url("data-venue-url", "colon-entity"),
                                     "color": P("data-venue-color")}})
    data("_data/coauthors.yml", {"coauthor": [{"firstname": ["Carol"], "url": url("data-coauthor-url", "blanks")}]})
    data("_data/cv.yml", [{"title": owner("data-cv-title"), "type": "list", "contents": [owner("data-cv-item")]}])

    page("_pages/about.md", {
        "layout": "about", "title": P("fm-about-title"), "permalink": "/",
        "description": P("fm-about-description"),
        "image": {"path": url("fm-image", "quote"), "alt": P("fm-image-alt")},
        "subtitle": owner("fm-subtitle"),
        "profile": {"image": url("fm-profile-image", "slashes"), "address": owner("fm-profile-address"),
                    "more_info": owner("fm-profile-more-info")},
        "news": True, "latest_posts": True, "selected_papers": True, "social": True,
    }, "About body.\n")
    page("_pages/control.md", {
        "layout": "page", "title": P("fm-page-title"), "description": P("fm-page-description"),
        "permalink": "/control/", "nav": True, "nav_order": 1, "keywords": P("fm-keywords"),
        "lang": P("fm-lang"),
        "redirect_from": ['/old/"><script>console.log("XSS-fm-redirect-from")</script>/', "../../outside-redirect"],
    }, CONTROL_BODY)
    page("_pages/odd.md", {
        "layout": "page", "title": P("fm-odd-title"), "nav": True, "nav_order": 2, "nav_title": P("fm-nav-title"),
        "permalink": '/odd/"><img src=x onerror=alert("XSS-fm-permalink")>/',
    }, "A page with an odd permalink.\n")
    page("_pages/cv.md", {"layout": "cv", "title": P("fm-cv-title"), "description": P("fm-cv-description"),
                          "cv_pdf": url("fm-cv-pdf", "data"), "permalink": "/cv/", "nav": True, "nav_order": 3})
    page("_pages/blog.md", {"layout": "blog", "title": P("fm-blog-title"), "permalink": "/blog/",
                            "nav": True, "nav_order": 4})
    page("_pages/projects.md", {"layout": "projects", "title": P("fm-projects-title"),
                                "description": P("fm-projects-description"), "permalink": "/projects/",
                                "display_categories": [P("fm-project-category")], "nav": True, "nav_order": 5})
    page("_pages/news.md", {"layout": "news", "title": P("fm-news-page-title"), "permalink": "/news/"})
    page("_pages/publications.md", {"layout": "page", "title": P("fm-publications-title"),
                                    "permalink": "/publications/"}, "{% bibliography %}\n")
    page("_pages/archive.md", {"layout": "archive", "title": P("fm-archive-title"),
                               "description": P("fm-archive-description"), "permalink": "/archive/"})
    page("_pages/tag.md", {"layout": "archive-tag", "title": P("fm-archive-tag-title"), "type": "tag",
                           "permalink": "/tag/"})
    page("_pages/home.md", {"layout": "homepage", "title": P("fm-homepage-title"), "permalink": "/home/"},
         "Homepage body.\n")
    page("_pages/sidebar.md", {"layout": "default", "author_profile": True, "title": P("fm-sidebar-title"),
                               "permalink": "/sidebar/"}, "Sidebar body.\n")
    page("_pages/figure.md", {"layout": "page", "title": "figure", "permalink": "/figure/",
                              "fig_path": url("fm-fig-path", "slashes"), "fig_title": P("fm-fig-title"),
                              "fig_alt": P("fm-fig-alt")},
         '{% include figure.liquid path=page.fig_path title=page.fig_title alt=page.fig_alt '
         f'caption=\'{owner("fm-fig-caption")}\' %}}\n')
    page("_pages/pubs.md", {"layout": "page", "title": "publication list", "permalink": "/pubs/"},
         "{% for post in site.publications %}{% include archive-single.html %}{% endfor %}\n")
    page("_pages/404.md", {"layout": "404", "title": P("fm-404-title"), "permalink": "/404.html"})

    page("_posts/2024-01-02-hostile.md", {
        "layout": "post", "title": P("fm-post-title"), "description": P("fm-post-description"),
        "author": P("fm-post-author"), "tags": [P("fm-post-tag")], "categories": [P("fm-post-category")],
    }, "Post body.\n")
    page("_posts/2024-01-01-elsewhere.md", {"layout": "post", "title": P("fm-post2-title"),
                                            "redirect": url("fm-post2-redirect", "case")}, "Elsewhere.\n")
    page("_posts/2023-12-31-far.md", {"layout": "post", "title": P("fm-post3-title"),
                                      "redirect": url("fm-post3-redirect", "slashes")}, "Far.\n")
    page("_news/a.md", {"layout": "post", "title": P("fm-news-title"), "date": "2024-01-05"}, "News.\n")
    page("_news/b.md", {"layout": "post", "inline": True, "date": "2024-01-04"}, owner("fm-news-inline") + "\n")
    page("_projects/p1.md", {"layout": "page", "title": P("fm-project-title"),
                             "description": P("fm-project-description"), "img": url("fm-project-img", "data"),
                             "category": P("fm-project-category"), "importance": 1}, "Project.\n")
    page("_projects/p2.md", {"layout": "page", "title": P("fm-project2-title"),
                             "redirect": url("fm-project2-redirect", "vbscript"),
                             "category": P("fm-project-category"), "importance": 2}, "Project 2.\n")
    page("_publications/2024-01-01-paper.md", {
        "layout": "single", "title": P("fm-pub-title"), "type": P("fm-pub-type"), "venue": P("fm-pub-venue"),
        "location": P("fm-pub-location"), "paperurl": url("fm-pub-paperurl", "vbscript"),
        "link": url("fm-pub-link", "tab"), "citation": owner("fm-pub-citation"),
        "excerpt": owner("fm-pub-excerpt"), "date": "2024-01-01",
    }, "Paper.\n")

    bib = {
        "title": P("bib-title"), "author": "{" + P("bib-author") + "} and Coauthor, Carol",
        "journal": P("bib-journal"), "location": P("bib-location"), "year": "2024", "month": P("bib-month"),
        "abstract": P("bib-abstract"), "note": P("bib-note"), "award": P("bib-award"),
        "award_name": P("bib-award-name"), "additional_info": P("bib-additional-info"),
        "annotation": P("bib-annotation"), "abbr": "HV", "selected": "true", "bibtex_show": "true",
        "html": url("bib-html", "slashes"), "pdf": url("bib-pdf", "plain"), "supp": url("bib-supp", "data"),
        "poster": url("bib-poster", "quote"), "slides": url("bib-slides", "case-slashes"),
        "doi": url("bib-doi", "slashes"), "arxiv": P("bib-arxiv"), "video": url("bib-video", "plain"),
        "blog": url("bib-blog", "blanks"), "code": url("bib-code", "entity"),
        "website": url("bib-website", "vbscript"), "preview": url("bib-preview", "slashes"),
        "altmetric": P("bib-altmetric"), "dimensions": P("bib-dimensions"),
        "google_scholar_id": P("bib-google-scholar-id"),
    }
    entries = [("article", "hostile2024article", bib),
               ("inproceedings", "hostile<b>key", {"title": "Proceedings", "author": "Doe, Jane",
                                                  "booktitle": P("bib-booktitle"), "abbr": P("bib-abbr"),
                                                  "year": "2023"}),
               ("phdthesis", "hostile2022thesis", {"title": "Thesis", "author": "Doe, Jane",
                                                   "school": P("bib-school"), "year": "2022"}),
               ("misc", "hostile2021misc", {"title": "Misc", "author": "Doe, Jane",
                                            "publisher": P("bib-publisher"), "year": P("bib-year")})]
    text = ""
    for kind, key, fields in entries:
        text += f"@{kind}{{{key},\n" + "".join(f"  {k} = {{{v}}},\n" for k, v in fields.items()) + "}\n\n"
    write("_bibliography/papers.bib", text)


# Where each text field must be visible as text (one page is enough: the same include
# writes it on the others).
VISIBLE = {
    "cfg-title": "control/index.html",  # the header's site name
    "cfg-first": "index.html", "cfg-middle": "index.html", "cfg-last": "index.html",
    "cfg-position": "home/index.html", "cfg-affiliation": "home/index.html",
    "cfg-blog-name": "blog/index.html", "cfg-blog-description": "blog/index.html",
    "cfg-author-name": "sidebar/index.html", "cfg-author-bio": "sidebar/index.html",
    "cfg-author-location": "sidebar/index.html", "cfg-author-employer": "sidebar/index.html",
    "soc-email": "sidebar/index.html",
    "data-nav-title": "index.html",
    "fm-about-title": "control/index.html",  # the first nav link
    "fm-page-title": "control/index.html", "fm-page-description": "control/index.html",
    "fm-nav-title": "index.html",
    "fm-odd-title": 'odd/"><img src=x onerror=alert("XSS-fm-permalink")>/index.html',  # a real folder name
    "fm-cv-title": "cv/index.html", "fm-cv-description": "cv/index.html",
    "fm-projects-title": "projects/index.html", "fm-projects-description": "projects/index.html",
    "fm-project-category": "projects/index.html", "fm-project-title": "projects/index.html",
    "fm-project-description": "projects/index.html", "fm-project2-title": "projects/index.html",
    "fm-news-page-title": "news/index.html", "fm-news-title": "news/index.html",
    "fm-publications-title": "publications/index.html",
    "fm-archive-title": "archive/index.html", "fm-archive-description": "archive/index.html",
    "fm-archive-tag-title": "tag/index.html", "fm-404-title": "404.html",
    "fm-post-title": "blog/2024/hostile/index.html", "fm-post-description": "blog/2024/hostile/index.html",
    "fm-post-author": "blog/2024/hostile/index.html", "fm-post-tag": "blog/2024/hostile/index.html",
    "fm-post-category": "blog/2024/hostile/index.html",
    "fm-post2-title": "blog/index.html", "fm-post3-title": "blog/index.html",
    "fm-pub-title": "publications/2024-01-01-paper/index.html", "fm-pub-type": "pubs/index.html",
    "fm-pub-venue": "publications/2024-01-01-paper/index.html",
    "fm-pub-location": "publications/2024-01-01-paper/index.html",
    **{f"bib-{name}": "publications/index.html" for name in (
        "title", "author", "journal", "location", "abstract", "note", "award", "award-name",
        "additional-info", "booktitle", "abbr", "school", "publisher", "year")},
}

# Link fields: (page, the link's text or aria-label, the href it must have).
LINKS = {
    "soc-website": ("index.html", "aria:Website", "#"),
    "soc-github": ("index.html", "GitHub", "#"),
    "soc-cv": ("index.html", "CV", "#"),
    "cfg-orcid": ("index.html", "ORCID", "#"),
    "cfg-linkedin": ("index.html", "LinkedIn", "#"),
    "cfg-researchgate": ("index.html", "ResearchGate", url("cfg-researchgate", "quote")),
    "data-nav-url": ("index.html", P("data-nav-title"), "#"),
    "data-venue-url": ("publications/index.html", "HV", "#"),
    "data-coauthor-url": ("publications/index.html", "Carol Coauthor", "#"),
    "fm-post2-redirect": ("blog/index.html", P("fm-post2-title"), "#"),
    "fm-post2-redirect (latest posts)": ("index.html", P("fm-post2-title"), "#"),
    "fm-post3-redirect": ("blog/index.html", P("fm-post3-title"), "#"),
    "fm-project2-redirect": ("projects/index.html", P("fm-project2-title"), "#"),
    "fm-cv-pdf": ("cv/index.html", "Download PDF", "#"),
    "fm-pub-paperurl": ("publications/2024-01-01-paper/index.html", "Download paper here", "#"),
    "fm-pub-link": ("pubs/index.html", P("fm-pub-title"), "#"),
    **{f"bib-{name}": ("publications/index.html", label, "#") for name, label in (
        ("html", "HTML"), ("slides", "Slides"), ("doi", "DOI"), ("video", "Video"), ("blog", "Blog"),
        ("website", "Website"))},
    # (the latex filter curls the quote of a BibTeX field, URLs too, as jekyll-scholar does)
    "bib-poster": ("publications/index.html", "Poster",
                   url("bib-poster", "quote").replace("'", "’")),
    # BibTeX values are text: "&#106;" there is no entity, the link is a harmless relative one
    "bib-code": ("publications/index.html", "Code", url("bib-code", "entity")),
}

# Fields the theme writes as HTML (docs/theme.md): the owner's markup stays markup.
OWNER_HTML = {
    "cfg-footer-text": "control/index.html", "cfg-contact-note": "index.html",
    "fm-subtitle": "index.html", "fm-profile-address": "index.html", "fm-profile-more-info": "index.html",
    "fm-news-inline": "index.html", "data-cv-title": "cv/index.html", "data-cv-item": "cv/index.html",
    "fm-pub-citation": "publications/2024-01-01-paper/index.html", "fm-pub-excerpt": "pubs/index.html",
    "fm-fig-caption": "figure/index.html",
}

# Every field the site holds a payload or a link in (read off make_site's source).
ALL_FIELDS = sorted(set(re.findall(r'(?:P|url)\("([a-z0-9-]+)"', inspect.getsource(make_site))) |
                    {"fm-redirect-from", "fm-permalink", "cfg-icon"})


# ---------------------------------------------------------------- build once

@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    src, dest = root / "src", root / "out" / "_site"
    make_site(src)
    done = subprocess.run([sys.executable, "-m", "scholarsite", "build", "-s", str(src), "-d", str(dest)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return dest


def read(dest: Path, rel: str) -> str:
    return (dest / rel).read_text(encoding="utf-8")


class Parsed(HTMLParser):
    """Visible text (no <script>, <style>, <head>), links and attributes of a page."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.links: list[tuple[str, str, str]] = []  # (href, text, aria-label)
        self.attributes: list[tuple[str, str, str]] = []  # (tag, name, value)
        self._skip = 0
        self._link: list | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            self.attributes.append((tag, name, value or ""))
        if tag in ("script", "style", "head"):
            self._skip += 1
        elif tag == "a":
            a = dict(attrs)
            self._link = [a.get("href") or "", [], a.get("aria-label") or ""]

    def handle_endtag(self, tag):
        if tag in ("script", "style", "head"):
            self._skip -= 1
        elif tag == "a" and self._link is not None:
            self.links.append((self._link[0], " ".join("".join(self._link[1]).split()), self._link[2]))
            self._link = None

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)
            if self._link is not None:
                self._link[1].append(data)

    @property
    def visible(self) -> str:
        return "".join(self.text)


def output_files(dest: Path) -> list[Path]:
    return [p for p in dest.rglob("*") if p.is_file() and p.suffix in (".html", ".xml", ".txt", ".json")]


# ---------------------------------------------------------------- string checks, per field

@pytest.mark.parametrize("field", sorted(VISIBLE))
def test_text_field_is_shown_as_text(built, field):
    page = Parsed(read(built, VISIBLE[field]))
    assert shown(field) in page.visible, f"{field}: its value is not on {VISIBLE[field]} as text"


@pytest.mark.parametrize("field", ALL_FIELDS)
def test_no_field_is_written_as_markup(built, field):
    """None of the payload's tags appears unescaped in any page, feed or sitemap."""
    for path in output_files(built):
        text = path.read_text(encoding="utf-8")
        for piece in fragments(field):
            assert piece not in text, f"{field}: unescaped in {path.relative_to(built)}: {piece}"


@pytest.mark.parametrize("field", sorted(LINKS))
def test_link_field_cannot_run_script(built, field):
    rel, label, expected = LINKS[field]
    aria_only = label.startswith("aria:")
    label = label.removeprefix("aria:")
    links = [(href, text, aria) for href, text, aria in Parsed(read(built, rel)).links
             if label == aria or not aria_only and (label == text or len(label) > 20 and label in text)]
    assert links, f"{field}: no link {label!r} on {rel} (the link must stay, neutralised)"
    for href, _, _ in links:
        assert href == expected, f"{field}: {label!r} on {rel} links to {href!r}"


@pytest.mark.parametrize("field", sorted(OWNER_HTML))
def test_html_field_keeps_the_owners_markup(built, field):
    assert owner(field) in read(built, OWNER_HTML[field])


def test_attributes_hold_their_values(built):
    """Escaped values stay inside their attribute: no on* attribute but the theme's own."""
    for path in built.rglob("*.html"):
        for tag, name, value in Parsed(path.read_text(encoding="utf-8")).attributes:
            if name.startswith("on"):
                assert (tag, name) == ("button", "onclick") and "copy" in value, \
                    f"{path.relative_to(built)}: <{tag} {name}={value[:60]!r}>"


def test_no_link_anywhere_runs_script(built):
    for path in built.rglob("*.html"):
        for tag, name, value in Parsed(path.read_text(encoding="utf-8")).attributes:
            if tag in ("a", "area", "iframe", "form", "embed", "object") and name in ("href", "src", "action", "data"):
                # as a browser reads it: blanks around it and tabs/newlines inside dropped
                bare = re.sub(r"[\t\n\r]", "", value.strip("".join(map(chr, range(33))))).lower()
                assert not bare.startswith(("javascript:", "vbscript:", "data:")), \
                    f"{path.relative_to(built)}: <{tag} {name}={value!r}>"


def test_json_ld_cannot_be_closed_and_keeps_the_values(built):
    blocks = 0
    for path in built.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, re.S):
            blocks += 1
            assert "<" not in block and ">" not in block, path.relative_to(built)
            json.loads(block)  # the element was not cut short
    assert blocks
    person = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>',
                                  read(built, "index.html"), re.S).group(1))
    assert person["name"] == f'{P("cfg-first")} {P("cfg-middle")} {P("cfg-last")}'
    assert person["homeLocation"]["name"] == P("cfg-author-location")
    assert all(is_safe_url(u) for u in person["sameAs"])  # the javascript: ones are left out
    article = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>',
                                   read(built, "bibliography/hostile2024article/index.html"), re.S).group(1))
    assert article["name"] == shown("bib-title") and article["abstract"] == shown("bib-abstract")


def test_head_escapes_meta_values(built):
    head = read(built, "control/index.html").split("</head>")[0]
    assert '<html lang="&lt;/script&gt;' in read(built, "control/index.html")  # page lang
    metas = dict(re.findall(r'<meta (?:name|property)="([^"]+)" content="([^"]*)"', head))
    assert "XSS-fm-keywords" in html.unescape(metas["keywords"])
    assert html.unescape(metas["twitter:site"]) == "@" + P("soc-x")
    about = read(built, "index.html").split("</head>")[0]
    metas = dict(re.findall(r'<meta (?:name|property)="([^"]+)" content="([^"]*)"', about))
    assert html.unescape(metas["og:image"]) == url("fm-image", "quote")
    assert html.unescape(metas["og:image:alt"]) == P("fm-image-alt")
    title = re.search(r"<title>(.*?)</title>", about, re.S).group(1)
    assert "<" not in title


def test_bibtex_key_is_escaped(built):
    text = read(built, "publications/index.html")
    assert 'id="hostile&lt;b&gt;key"' in text and "hostile<b>key\"" not in text


def test_feeds_and_sitemap_are_well_formed(built):
    atom = "{http://www.w3.org/2005/Atom}"
    for rel in ("feed.xml", "feed/news.xml"):
        feed = ET.parse(built / rel).getroot()
        titles = [e.findtext(f"{atom}title") for e in feed.iter(f"{atom}entry")]
        assert titles and all("<" not in t for t in titles), rel  # type="html": no markup
    terms = {c.get("term") for c in ET.parse(built / "feed.xml").getroot().iter(f"{atom}category")}
    assert {P("fm-post-tag"), P("fm-post-category")} <= terms  # attribute values, whole
    sitemap = ET.parse(built / "sitemap.xml").getroot()
    locs = [e.text for e in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert locs and all(loc.startswith("https://hostile.example.org/") for loc in locs)


def test_urls_never_leave_the_destination(built):
    out = built.parent
    assert not (out.parent / "outside-redirect.html").exists()
    assert (built / "outside-redirect.html").exists()  # redirect_from: ../../x is /x, as in Jekyll
    assert [p.name for p in out.iterdir()] == ["_site"]


# ---------------------------------------------------------------- the filters and the seo tag

@pytest.mark.parametrize("kind", [k for k in URLS if k != "quote"])
def test_safe_url_neutralises_script_urls(kind):
    assert safe_url(url("f", kind)) == "#"


@pytest.mark.parametrize("link", ["https://example.org/a?b=1&c=2", "http://x.org", "mailto:a@b.org",
                                  "tel:+441234", "/assets/pdf/cv.pdf", "cv.pdf", "#top", "?q=1",
                                  "//cdn.example.org/x", "/&#106;avascript:x", url("f", "quote")])
def test_safe_url_keeps_ordinary_links(link):
    assert safe_url(link) == link


def test_script_safe_json():
    text = script_safe(json.dumps({"name": P("f"), "amp": "a & b", "sep": "\u2028"}, ensure_ascii=False))
    assert not set("<>&\u2028") & set(text)
    assert json.loads(text) == {"name": P("f"), "amp": "a & b", "sep": "\u2028"}


def test_seo_tag_escapes_every_value():
    out = seo_tags({"title": P("seo-site"), "description": P("seo-desc"), "url": "https://e.org",
                    "author": {"name": P("seo-author")}},
                   {"title": P("seo-title"), "url": "/p/", "image": url("seo-image", "quote")})
    for field in ("seo-site", "seo-desc", "seo-title", "seo-author", "seo-image"):
        for piece in fragments(field):
            assert piece not in out, piece
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', out, re.S).group(1)
    assert "<" not in block and json.loads(block)["@type"] == "WebSite"
    image = re.search(r'<meta property="og:image" content="([^"]*)"', out).group(1)
    assert html.unescape(image) == url("seo-image", "quote")


# ---------------------------------------------------------------- in the browser

# Runs in each page: the on* attributes, the links that would run script, and the text;
# then every element gets mouseover/focus so an injected handler would fire.
PAGE_CHECK = """() => {
  const handlers = [];
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      if (a.name.toLowerCase().startsWith('on') && !el.matches('button.copy-bibtex')) {
        handlers.push(`<${el.tagName.toLowerCase()} ${a.name}=${a.value.slice(0, 60)}>`);
      }
    }
  }
  const links = [...document.querySelectorAll('a[href], area[href], iframe[src], form[action]')]
    .map(el => el.href || el.src || el.action)
    .filter(u => !/^(https?|mailto|tel):/.test(u));
  for (const el of document.querySelectorAll('*')) {
    for (const type of ['mouseover', 'mouseenter', 'focus']) el.dispatchEvent(new Event(type, {bubbles: true}));
  }
  const owner = [...document.querySelectorAll('[class^="owner-html"]')].map(el => el.className);
  const body = document.body.cloneNode(true);
  body.querySelectorAll('script, style').forEach(s => s.remove());
  return {handlers, links, owner, text: body.textContent};
}"""


@pytest.fixture(scope="module")
def served(built, chromium, serve_folder):
    return serve_folder(built)


def visit(chromium, base: str, rel: str) -> dict:
    context = chromium.new_context()
    # nothing leaves the machine (a hostile https image would be fetched otherwise)
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(base) else r.abort())
    page = context.new_page()
    dialogs, messages = [], []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("console", lambda m: messages.append(m.text))
    try:
        page.goto(f"{base}/{quote(rel)}", wait_until="load")
        result = page.evaluate(PAGE_CHECK)
    finally:
        context.close()
    return {**result, "dialogs": dialogs, "console": messages}


def test_every_page_in_the_browser(built, served, chromium):
    pages = sorted(str(p.relative_to(built)) for p in built.rglob("*.html")
                   if 'http-equiv="refresh"' not in p.read_text(encoding="utf-8"))  # redirect stubs
    assert len(pages) > 20
    problems, seen_owner = [], set()
    for rel in pages:
        got = visit(chromium, served, rel)
        problems += [f"{rel}: dialog {d!r}" for d in got["dialogs"]]
        problems += [f"{rel}: console {m!r}" for m in got["console"] if "XSS-" in m]
        problems += [f"{rel}: handler {h}" for h in got["handlers"]]
        problems += [f"{rel}: link {u!r}" for u in got["links"]]
        problems += [f"{rel}: {field} not shown as text" for field, where in VISIBLE.items()
                     if where == rel and shown(field) not in got["text"]]
        seen_owner.update(got["owner"])
        if rel == "control/index.html":  # the control: owner script runs, so the check can see it
            assert "owner-script" in got["console"], got["console"]
            assert "owner-html" in got["owner"]
    assert not problems, "\n".join(problems)
    assert {f"owner-html-{field}" for field in OWNER_HTML} <= seen_owner


if __name__ == "__main__":
    make_site(Path(sys.argv[1]))
    print(f"wrote {sys.argv[1]}; build it with: python -m scholarsite build -s {sys.argv[1]}")
