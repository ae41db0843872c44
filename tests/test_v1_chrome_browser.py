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


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    source = tmp_path_factory.mktemp("v1chrome") / "site"
    files = {"_config.yml": CONFIG, "blog.md": BLOG,
             "about.md": "---\nlayout: about\ntitle: about\npermalink: /\n---\nHello.\n"}
    for day in range(1, 6):
        files[f"_posts/2024-01-0{day}-note-{day}.md"] = (
            f"---\nlayout: post\ntitle: Note {day}\ntags: engines\n---\nText of note {day}.\n")
    for name, text in files.items():
        path = source / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    build(BuildOptions(source=source))
    return source / "_site"


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
        assert related.all_inner_texts() == ["Note 5", "Note 4", "Note 2"]
        assert page.locator(".post-nav").count() == 0
        assert not serious(run_axe(page, axe_js)), "axe-core, v1 post"
    finally:
        page.close()
