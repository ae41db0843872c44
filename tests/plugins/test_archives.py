"""jekyll-archives-v2 (al-folio's, per collection): its README and code (george-gca,
HEAD) are the reference, as Debian has no package of it; jekyll-archives itself is checked
against the real gem in tests/jekyll_parity/blog_plugins."""

from __future__ import annotations

ARCHIVE = ("<h1>{{ page.type }} {{ page.title }}{{ page.date | date: '%Y' }} "
           "{{ page.collection_name }}</h1>"
           "<ul>{% for doc in page.documents %}<li>{{ doc.title }}</li>{% endfor %}</ul>\n")


def files(config: str) -> dict[str, str]:
    return {
        "_config.yml": "plugins: [jekyll-archives-v2]\ncollections:\n  books:\n    output: true\n"
                       + config,
        "_layouts/archive.html": ARCHIVE,
        "_posts/2023-05-01-spring.md": "---\ntitle: Spring\ntags: [field work]\n---\n",
        "_posts/2024-02-01-winter.md": "---\ntitle: Winter\ntags: [field work, lab]\n"
                                       "categories: [notes]\n---\n",
        "_books/atlas.md": "---\ntitle: Atlas\ndate: 2022-01-01\nauthors: [Mercator]\n---\n",
    }


CONFIG = """jekyll-archives:
  posts:
    enabled: [year, tags, categories]
    permalinks:
      year: /blog/:year/
      tags: /blog/:type/:name/
  books:
    enabled: [authors]
"""


def test_each_collection_gets_its_archives_with_singular_types(build):
    built = build(files(CONFIG))
    pages = built.pages()
    assert {"blog/2023/index.html", "blog/2024/index.html", "blog/tag/field-work/index.html",
            "blog/tag/lab/index.html"} <= pages
    # no permalink for categories or authors: the gem's /:collection/:type/:name/
    assert {"posts/category/notes/index.html", "books/author/mercator/index.html"} <= pages
    assert "<h1>tags field work posts</h1><ul><li>Winter</li><li>Spring</li></ul>" in \
        built.page("blog/tag/field-work/index.html")
    assert "<h1>year 2024 posts</h1><ul><li>Winter</li></ul>" in built.page("blog/2024/index.html")
    assert "<li>Atlas</li>" in built.page("books/author/mercator/index.html")


def test_without_settings_there_are_no_archives(build):
    built = build(files(""))
    assert not any(p.startswith(("blog/", "posts/", "books/author")) for p in built.pages())
