"""An al-folio v1 site's bar, post lines, related posts and pagination row in a real
browser (Debian's chromium through Playwright): the screen-reader words are there but not
seen, the search hint shows on a wide screen, and axe-core finds nothing serious."""

from __future__ import annotations

import pytest

from scholarsite.build import BuildOptions, build
from test_browser import axe_js, run_axe  # noqa: F401  (axe_js is a fixture)

pytestmark = pytest.mark.usefixtures("chromium")

CONFIG = """\
title: Ada Lovelace
theme: al_folio_core
search_enabled: true
related_blog_posts:
  enabled: true
  max_related: 3
pagination:
  enabled: true
plugins:
  - jekyll-paginate-v2
jekyll-archives:
  posts:
    enabled: [year, tags]
"""
BLOG = """---
layout: default
title: blog
permalink: /blog/
nav: true
pagination:
  enabled: true
  collection: posts
  per_page: 2
  permalink: /page/:num/
  trail:
    before: 1
    after: 2
---
<ul>{% for post in paginator.posts %}<li><a href="{{ post.url }}">{{ post.title }}</a></li>{% endfor %}</ul>
{% include pagination.liquid %}
"""


def serious(violations: list[dict]) -> list[str]:
    return [f"{v['id']} ({v['impact']}): {v['help']} at {v['nodes'][0]['target']}"
            for v in violations if v["impact"] in ("serious", "critical")]


def built(source, files: dict[str, str]):
    """The output folder of a site of these files, built by scholarsite."""
    for name, text in files.items():
        path = source / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    build(BuildOptions(source=source))
    return source / "_site"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    source = tmp_path_factory.mktemp("v1chrome") / "site"
    files = {"_config.yml": CONFIG, "blog.md": BLOG,
             "about.md": "---\nlayout: about\ntitle: about\npermalink: /\n---\nHello.\n"}
    for day in range(1, 6):
        files[f"_posts/2024-01-0{day}-note-{day}.md"] = (
            f"---\nlayout: post\ntitle: Note {day}\ntags: engines\n---\nText of note {day}.\n")
    return built(source, files)


def test_bar_words_are_read_not_seen(chromium, site, serve_folder, axe_js):
    url = serve_folder(site)
    page = chromium.new_page(viewport={"width": 1280, "height": 800})
    try:
        page.goto(url + "/blog/")
        current = page.locator('.nav-links a[aria-current="page"]')
        hidden = current.locator(".visually-hidden")
        assert hidden.text_content() == "(current)"  # there to be read, not to be seen:
        box = hidden.bounding_box()
        assert box["width"] <= 1 and box["height"] <= 1
        toggle = page.locator(".nav-toggle")
        assert toggle.evaluate("b => b.textContent.trim()") == "Toggle navigation"
        assert page.locator(".search-hint").is_visible()  # wide screen: "ctrl k" shows
        assert page.get_by_role("button", name="ctrl k Search").count() == 1
        skip = page.locator(".skip-link")
        assert skip.bounding_box()["y"] < 0  # off screen until focused
        page.keyboard.press("Tab")
        assert skip.bounding_box()["y"] >= 0
        row = page.locator(".page-trail")
        assert " ".join(row.inner_text().split()) == "< 1 2 3 >"
        assert not serious(run_axe(page, axe_js)), "axe-core, v1 blog page"
        page.set_viewport_size({"width": 360, "height": 740})
        assert not page.locator(".search-hint").is_visible()  # the narrow bar keeps the icon
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
    finally:
        page.close()


def test_post_lines_and_related_posts(chromium, site, serve_folder, axe_js):
    url = serve_folder(site)
    page = chromium.new_page(viewport={"width": 1280, "height": 800})
    try:
        page.goto(url + "/2024/01/03/note-3.html")
        meta = " ".join(page.locator(".page-header").inner_text().split())
        assert "Created on January 03, 2024" in meta and "2024 · engines" in meta
        related = page.locator(".related-posts li")
        # max_related: 3, which al-folio v1's own include does not apply (it writes the
        # limit as a filter Liquid lacks): every other post, newest first, as published
        assert related.all_inner_texts() == ["Note 5", "Note 4", "Note 2", "Note 1"]
        assert page.locator(".post-nav").count() == 0
        assert not serious(run_axe(page, axe_js)), "axe-core, v1 post"
    finally:
        page.close()


# A header written in al-folio's own markup, as a v1 site that keeps its own
# _includes/header.liquid has it (the class names and data attributes al_folio_core's
# header uses; the words are this test's).
OWN_HEADER = """<header>
  <nav id="navbar" class="navbar navbar-light navbar-expand-sm sticky-top" role="navigation">
    <div class="container">
      <a class="navbar-brand title font-weight-lighter" href="/">Ada Lovelace</a>
      <button class="navbar-toggler collapsed" type="button" data-nav-toggle="navbarNav"
              aria-controls="navbarNav" aria-expanded="false" aria-label="Toggle navigation">
        <span class="sr-only">Toggle navigation</span>
        <span class="icon-bar top-bar"></span><span class="icon-bar middle-bar"></span>
        <span class="icon-bar bottom-bar"></span>
      </button>
      <div class="collapse navbar-collapse" id="navbarNav">
        <ul class="navbar-nav flex-nowrap">
          <li class="nav-item active"><a class="nav-link" href="/">about
            <span class="sr-only">(current)</span></a></li>
          <li class="nav-item"><a class="nav-link" href="/blog/">blog</a></li>
          <li class="nav-item dropdown">
            <a class="nav-link dropdown-toggle" href="#" id="navbarDropdown" role="button"
               data-nav-dropdown-toggle="true" aria-haspopup="true" aria-expanded="false">more</a>
            <div class="dropdown-menu dropdown-menu-right" aria-labelledby="navbarDropdown">
              <a class="dropdown-item" href="/blog/">notes</a>
              <div class="dropdown-divider"></div>
              <a class="dropdown-item" href="/">contact</a>
            </div>
          </li>
          <li class="nav-item"><button id="search-toggle" type="button" title="Search"
            aria-label="Open search"><span class="nav-link">ctrl k</span></button></li>
          <li class="toggle-container"><button id="light-toggle" type="button"
            title="Change theme" aria-label="Change color theme"><i id="light-toggle-dark">D</i><i
            id="light-toggle-light">L</i></button></li>
        </ul>
      </div>
    </div>
  </nav>
</header>
"""


@pytest.fixture(scope="module")
def own_header_site(tmp_path_factory):
    source = tmp_path_factory.mktemp("v1header") / "site"
    files = {"_config.yml": "title: Ada Lovelace\ntheme: al_folio_core\nsearch_enabled: true\n"
                            "plugins: [al_search]\n",
             "_includes/header.liquid": OWN_HEADER,
             "about.md": "---\nlayout: about\ntitle: about\npermalink: /\n---\nHello.\n",
             "blog.md": "---\nlayout: page\ntitle: blog\npermalink: /blog/\n---\nNotes.\n"}
    return built(source, files)


def test_al_folios_own_header_markup_is_a_working_bar(chromium, own_header_site, serve_folder):
    url = serve_folder(own_header_site)
    page = chromium.new_page(viewport={"width": 1280, "height": 800})
    try:
        page.goto(url + "/")
        tops = page.eval_on_selector_all(".navbar-nav > li", "els => els.map(e => "
                                         "Math.round(e.getBoundingClientRect().top))")
        assert len(set(tops)) == 1, tops  # one row, not a bulleted list
        assert page.eval_on_selector(".navbar-nav", "e => getComputedStyle(e).listStyleType") \
            == "none"
        assert page.locator(".nav-item.active .sr-only").bounding_box()["width"] <= 1
        assert not page.locator(".navbar-toggler").is_visible()
        menu = page.locator(".dropdown-menu")
        assert not menu.is_visible()
        page.click(".dropdown-toggle")
        assert menu.is_visible() and page.get_attribute(".dropdown-toggle", "aria-expanded") \
            == "true"
        page.keyboard.press("Escape")
        assert not menu.is_visible()
        page.click(".dropdown-toggle")
        page.click("h1, .post-title, main", position={"x": 5, "y": 5})
        assert not menu.is_visible()
        before = page.evaluate("document.documentElement.getAttribute('data-theme')")
        page.click("#light-toggle")
        after = page.evaluate("document.documentElement.getAttribute('data-theme')")
        assert after in ("dark", "light") and after != before
        assert page.locator("#light-toggle-light").is_visible() == (after == "dark")
        page.click("#search-toggle")
        assert page.locator("#search-dialog").is_visible()
        page.keyboard.press("Escape")

        page.set_viewport_size({"width": 360, "height": 740})
        page.goto(url + "/")
        links = page.locator(".navbar-nav")
        assert page.locator(".navbar-toggler").is_visible() and not links.is_visible()
        page.click(".navbar-toggler")
        assert links.is_visible() and page.get_attribute(".navbar-toggler", "aria-expanded") \
            == "true"
        page.screenshot(path=str(own_header_site.parent / "own-header-360.png"))
    finally:
        page.close()
