"""jekyll-paginate-v2's filters and collections, beyond what tests/jekyll_parity/blog_plugins
(checked against the real gem) covers: the expected values follow the gem's 3.0 code."""

from __future__ import annotations

LAYOUT = ("<html><body><h1>{{ page.title }}</h1>{{ content }}"
          "<p>{{ paginator.page }}/{{ paginator.total_pages }} {{ paginator.next_page_path }}</p>"
          "</body></html>\n")
LIST = ("<ul>{% for post in paginator.posts %}<li>{{ post.title }}</li>{% endfor %}</ul>\n")


def post(day: str, title: str, extra: str = "") -> str:
    return f"---\ntitle: {title}\n{extra}---\nText.\n"


def site(config: str, index_front: str, posts: dict[str, str]) -> dict[str, str]:
    files = {"_config.yml": "title: Lab\nplugins: [jekyll-paginate-v2]\n" + config,
             "_layouts/default.html": LAYOUT,
             "index.html": f"---\nlayout: default\ntitle: News\n{index_front}---\n{LIST}"}
    files.update(posts)
    return files


POSTS = {f"_posts/2024-0{n}-01-item-{n}.md": post(f"2024-0{n}-01", f"Item {n}",
                                                  "categories: talks\n" if n % 2 else "")
         for n in range(1, 8)}


def test_a_category_filter_keeps_its_posts_and_pages_them(build):
    built = build(site("pagination:\n  enabled: true\n",
                       "pagination:\n  enabled: true\n  category: talks\n  per_page: 3\n"
                       "  sort_reverse: true\n", POSTS))
    first = built.page("index.html")
    assert "<li>Item 7</li><li>Item 5</li><li>Item 3</li>" in first
    assert "<p>1/2 /page2/</p>" in first  # the default permalink is /page:num/
    second = built.page("page2/index.html")
    assert "<li>Item 1</li></ul>" in second and "<h1>News - page 2</h1>" in second


def test_limit_and_offset_as_the_gem_applies_them(build):
    # offset drops from the end of the ascending sort, i.e. the newest posts
    built = build(site("pagination:\n  enabled: true\n",
                       "pagination:\n  enabled: true\n  per_page: 2\n  limit: 2\n  offset: 1\n"
                       "  sort_reverse: true\n", POSTS))
    assert "<li>Item 6</li><li>Item 5</li>" in built.page("index.html")
    assert "<li>Item 4</li><li>Item 3</li>" in built.page("page2/index.html")
    assert "page3/index.html" not in built.pages()


def test_another_collection_is_paged_without_its_hidden_documents(build):
    files = site("collections:\n  talks:\n    output: true\npagination:\n  enabled: true\n",
                 "pagination:\n  enabled: true\n  collection: talks\n  per_page: 2\n"
                 "  sort_field: title\n", {})
    for name in ("Beta", "alpha", "Gamma", "delta"):
        files[f"_talks/{name.lower()}.md"] = f"---\ntitle: {name}\n---\n"
    files["_talks/secret.md"] = "---\ntitle: Aardvark\nhidden: true\n---\n"
    built = build(files)
    assert "<li>alpha</li><li>Beta</li>" in built.page("index.html")  # case-insensitive
    assert "<li>delta</li><li>Gamma</li>" in built.page("page2/index.html")


def test_nothing_is_paged_unless_the_site_enables_it(build):
    built = build(site("", "pagination:\n  enabled: true\n", POSTS))
    assert "page2/index.html" not in built.pages()
    assert "<ul></ul>" in built.page("index.html")


def test_jekyll_paginate_pages_only_an_index_html(build):
    files = {"_config.yml": "plugins: [jekyll-paginate]\npaginate: 2\n",
             "_layouts/default.html": LAYOUT,
             "index.md": f"---\nlayout: default\n---\n{LIST}", **POSTS}
    built = build(files)
    assert not any(p.startswith("page") for p in built.pages())


def test_the_paged_page_moves_to_the_end_of_site_pages_as_the_gem_moves_it(build):
    # al-folio's header lists site.pages sorted by nav_order; an equal rank keeps the
    # order of site.pages, where the gem put the paginated blog last.
    files = site("pagination:\n  enabled: true\n", "pagination:\n  enabled: true\n", POSTS)
    files["_layouts/default.html"] = (
        "<nav>{% assign sorted = site.pages | sort: 'nav_order' %}{% for p in sorted %}"
        "{% if p.nav %}[{{ p.title }}]{% endif %}{% endfor %}</nav>" + LAYOUT)
    files["index.html"] = files["index.html"].replace("title: News\n", "title: News\nnav: true\n"
                                                      "nav_order: 1\n")
    files["publications.md"] = "---\nlayout: default\ntitle: Papers\nnav: true\nnav_order: 1\n---\n"
    files["teaching.md"] = "---\nlayout: default\ntitle: Teaching\nnav: true\nnav_order: 2\n---\n"
    built = build(files)
    assert "<nav>[Papers][News][Teaching]</nav>" in built.page("publications.html")
