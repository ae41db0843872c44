"""The includes al-folio v1 content calls from its gems, here from the bundled theme:
bib_search.liquid (filters the publication list in the browser) and pagination.liquid."""

from __future__ import annotations

import functools
import http.server
import threading

BIB = "\n".join(f"@article{{p{n},\n  title = {{{title}}},\n  author = {{Lovelace, Ada}},\n"
                f"  year = {{{year}}}\n}}\n" for n, (title, year) in enumerate(
                    [("Notes on the Engine", 1843), ("Sketch of the Engine", 1842),
                     ("A Letter on Bernoulli Numbers", 1840)]))
FILES = {
    "_config.yml": "title: Ada\ntheme: al_folio_core\nplugins: [jekyll/scholar, jekyll-paginate-v2]\n"
                   "scholar:\n  bibliography: papers.bib\npagination:\n  enabled: true\n",
    "_bibliography/papers.bib": BIB,
    "_pages/publications.md": "---\nlayout: page\ntitle: publications\npermalink: /publications/\n"
                              "---\n{% include bib_search.liquid %}\n\n<div class=\"publications\">\n"
                              "{% bibliography %}\n</div>\n",
    "_pages/blog.md": "---\nlayout: page\ntitle: blog\npermalink: /blog/\npagination:\n"
                      "  enabled: true\n  per_page: 1\n---\n{% for post in paginator.posts %}"
                      "{{ post.title }}{% endfor %}\n{% include pagination.liquid %}\n",
    "_posts/2024-01-01-one.md": "---\ntitle: One\n---\nx\n",
    "_posts/2024-02-01-two.md": "---\ntitle: Two\n---\nx\n",
    "index.md": "---\nlayout: page\n---\nhi\n",
}


def test_pagination_links_the_pages(build):
    built = build({**FILES, "_config.yml": FILES["_config.yml"] + "include: [_pages]\n"})
    first = built.page("blog/index.html")
    assert 'rel="next" href="/blog/page2/"' in first and "Page 1 of 2" in first
    assert 'rel="prev" href="/blog/"' in built.page("blog/page2/index.html")


def test_the_search_box_filters_entries_and_empty_years(build, chromium):
    built = build({**FILES, "_config.yml": FILES["_config.yml"] + "include: [_pages]\n"})
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(built.dest))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        page = chromium.new_page()
        page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/publications/")
        box = page.locator("#bibsearch")
        assert box.is_visible()
        assert page.locator("ol.bibliography > li:visible").count() == 3
        box.fill("engine 1843")
        assert page.locator("ol.bibliography > li:visible").count() == 1
        assert page.locator("text=Notes on the Engine").is_visible()
        assert not page.locator("h2.bibliography:has-text('1840')").is_visible()
        box.fill("")
        assert page.locator("ol.bibliography > li:visible").count() == 3
        page.close()
    finally:
        httpd.shutdown()
        httpd.server_close()
