"""What the bundled theme prints around the content of an al-folio v1 site, worded as
al-folio prints it: the bar's screen-reader text and search hint, a post's "Created on"
lines, the numbered pagination row, the footer date, References of cited works, a post's
citation block, the about page's heading; and that other sites keep the theme's own."""

from __future__ import annotations

import re
from html import unescape

V1 = "title: Ada Lovelace\ntheme: al_folio_core\n"
ABOUT = "---\nlayout: about\ntitle: about\npermalink: /\n---\nHello.\n"
PUBS = "---\nlayout: page\ntitle: publications\npermalink: /publications/\nnav: true\n---\nList.\n"


def words(page: str) -> str:
    """The body's text, inline elements joined as a reader sees them."""
    body = page.split("<body", 1)[1].split(">", 1)[1]
    body = re.sub(r"<(script|style|svg)\b.*?</\1>", " ", body, flags=re.S)
    body = re.sub(r"</?(em|strong|a|span|code|time|b|i|sup|abbr)\b[^>]*>", "", body)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", body)).split())


def test_bar_says_toggle_navigation_and_marks_the_current_page(build):
    built = build({"_config.yml": V1 + "search_enabled: true\n", "about.md": ABOUT,
                   "publications.md": PUBS})
    home, pubs = built.page("index.html"), built.page("publications/index.html")
    assert '<span class="visually-hidden">Toggle navigation</span>' in home
    assert re.search(r'aria-current="page">about <span class="visually-hidden">\(current\)</span></a>', home)
    assert "publications <span" not in home  # only the current page's link says so
    assert re.search(r'aria-current="page">publications <span class="visually-hidden">\(current\)</span>', pubs)
    assert "(current)" not in pubs.split("publications <span", 1)[0].split("<nav", 1)[1]
    # the button shows "ctrl k" as al-folio's does; its name adds what it does, unseen
    assert re.search(r'aria-label="ctrl k Search"[^>]*><span class="search-hint">ctrl k</span><svg', home)
    assert "Skip to content" in home  # the skip link stays, visually hidden until focused


def test_search_enabled_false_wins_over_the_al_search_plugin(build):
    built = build({"_config.yml": V1 + "search_enabled: false\nplugins:\n  - al_search\n",
                   "about.md": ABOUT, "publications.md": PUBS})
    home = built.page("index.html")
    assert "search-toggle" not in home and "search-dialog" not in home
    assert not (built.dest / "pagefind").exists()


def test_other_sites_keep_the_themes_bar(build):
    built = build({"_config.yml": "title: Ada\n", "about.md": ABOUT, "publications.md": PUBS})
    home = built.page("index.html")
    assert "Toggle navigation" not in home and "(current)" not in home
    assert 'aria-label="Menu"' in home


POST = """---
layout: post
title: Engines
date: 2024-01-05 10:00:00
tags: notes math
categories: essays
---
Body.
"""
NEWS = "---\nlayout: post\ndate: 2024-03-02\ninline: true\n---\nA prize.\n"


def test_post_and_news_item_lines_as_al_folio_prints_them(build):
    archives = "jekyll-archives:\n  posts:\n    enabled: [year, tags, categories]\n"
    built = build({"_config.yml": V1 + archives + "collections:\n  news:\n    output: true\n",
                   "_posts/2024-01-05-engines.md": POST,
                   "_posts/2024-02-01-later.md": POST.replace("Engines", "Later").replace("01-05", "02-01"),
                   "_news/prize.md": NEWS})
    post = built.page("essays/2024/01/05/engines.html")
    text = words(post)
    assert "Engines Created on January 05, 2024 2024 · notes math · essays Body." in text
    assert '<a class="year" href="/blog/2024">2024</a>' in post
    assert '<a class="tag" href="/blog/tag/math">math</a>' in post
    assert '<a class="category" href="/blog/category/essays">essays</a>' in post
    assert "post-nav" not in post and "min read" not in post
    news = built.page("news/prize.html")
    assert "Created on March 02, 2024 2024 A prize." in words(news)
    assert '<span class="year">2024</span>' in news and "post-nav" not in news
    # Without the archives there is nothing to link to: the same words, no links.
    plain = build({"_config.yml": V1, "_posts/2024-01-05-engines.md": POST}).page(
        "essays/2024/01/05/engines.html")
    assert '<span class="year">2024</span>' in plain and '<span class="tag">math</span>' in plain
    assert "/blog/tag/" not in plain


def test_other_sites_keep_previous_and_next(build):
    built = build({"_config.yml": "title: Ada\n", "_posts/2024-01-05-engines.md": POST,
                   "_posts/2024-02-01-later.md": POST.replace("Engines", "Later").replace("01-05", "02-01")})
    post = built.page("essays/2024/01/05/engines.html")
    assert "post-nav" in post and "Created on" not in post


BLOG = """---
layout: default
title: blog
permalink: /blog/
pagination:
  enabled: true
  collection: posts
  per_page: 1
  permalink: /page/:num/
  trail:
    before: 1
    after: 1
---
{% for post in paginator.posts %}<p>{{ post.title }}</p>{% endfor %}
{% include pagination.liquid %}
"""


def test_pagination_row_with_a_trail(build):
    files = {"_config.yml": V1 + "pagination:\n  enabled: true\nplugins:\n  - jekyll-paginate-v2\n",
             "blog.md": BLOG}
    for day in range(1, 5):
        files[f"_posts/2024-01-0{day}-p{day}.md"] = f"---\ntitle: P{day}\n---\nx\n"
    built = build(files)
    first, second = built.page("blog/index.html"), built.page("blog/page/2/index.html")
    row = first.split('aria-label="Blog page navigation">', 1)[1].split("</nav>", 1)[0]
    assert words("<body>" + row) == "< 1 2 3 >"
    assert '<span class="disabled" aria-hidden="true">&lt;</span>' in row
    assert re.search(r'<a href="/blog/" aria-current="page"[^>]*>1</a>', row)
    row2 = second.split('aria-label="Blog page navigation">', 1)[1].split("</nav>", 1)[0]
    assert words("<body>" + row2) == "< 1 2 3 >"
    assert 'rel="prev" href="/blog/"' in row2 and 'rel="next" href="/blog/page/3/"' in row2
    assert re.search(r'aria-current="page"[^>]*>2</a>', row2)


def test_footer_date_only_when_last_updated_is_true(build):
    off = build({"_config.yml": V1, "about.md": ABOUT}).page("index.html")
    assert "Last updated" not in off
    on = build({"_config.yml": V1 + "last_updated: true\n", "about.md": ABOUT}, "--replace-destination")
    assert re.search(r"Last updated: <time[^>]*>[A-Z][a-z]+ \d\d, \d{4}</time>", on.page("index.html"))


def test_footer_date_elsewhere_unless_false(build):
    page = build({"_config.yml": "title: Ada\n", "about.md": ABOUT}).page("index.html")
    assert "Last updated" in page


BIB = """@article{ada1843notes,
  title={Notes on the Analytical Engine},
  author={Lovelace, Ada},
  journal={Scientific Memoirs},
  year={1843}
}
@article{ada1842draft,
  title={A Draft},
  author={Lovelace, Ada},
  year={1842},
  abstract={What the draft says.},
  html={https://example.org/d},
  pdf={d.pdf}
}
"""
PROJECT = """---
layout: page
title: Engine
related_publications: true
---
See {% cite ada1843notes %}.
"""


def test_related_publications_lists_what_the_page_cites(build):
    built = build({"_config.yml": V1 + "scholar:\n  style: apa\n", "_bibliography/papers.bib": BIB,
                   "engine.md": PROJECT, "publications.md": PUBS.replace("List.", "{% bibliography %}")})
    page = built.page("engine.html")
    after = page.split("<h2>References</h2>", 1)[1]
    assert "Notes on the Analytical Engine" in after and "A Draft" not in after
    listing = words(built.page("publications/index.html"))
    # The link buttons are separate words, before the abstract's toggle and text.
    assert "HTML PDF Abs What the draft says." in listing
    assert "Lovelace , 1842" not in listing and "Lovelace, 1842" not in listing


def test_a_post_that_asks_for_citation(build):
    config = V1 + "first_name: Ada\nlast_name: Lovelace\nurl: https://ada.example\n"
    post = build({"_config.yml": config, "_posts/2024-04-28-engines.md":
                  POST.replace("tags: notes math\n", "citation: true\n").replace("01-05", "04-28")}).page("essays/2024/04/28/engines.html")
    text = words(post)
    assert "If you found this useful, please cite this as: Lovelace, Ada (Apr 2024). Engines. Ada Lovelace. https://ada.example." in text
    assert "@article{lovelace2024engines," in post
    assert "url     = {https://ada.example/essays/2024/04/28/engines.html}" in post


def test_about_heading_is_the_site_title(build):
    page = build({"_config.yml": V1 + "first_name: Ada\nlast_name: King\n", "about.md": ABOUT}).page("index.html")
    assert '<h1 class="page-title">Ada Lovelace</h1>' in page
    blank = build({"_config.yml": "title: blank\ntheme: al_folio_core\nfirst_name: Ada\nlast_name: King\n",
                   "about.md": ABOUT}).page("index.html")
    assert re.search(r'<h1 class="page-title">Ada <strong>King</strong></h1>', blank)


def test_giscus_notice_names_what_is_missing_in_a_post(build):
    post = build({"_config.yml": V1 + "repository: ada/site\n", "_posts/2024-01-05-engines.md":
                  POST.replace("tags: notes math\n", "giscus_comments: true\n")}).page("essays/2024/01/05/engines.html")
    assert "Missing required keys: <code>repo_id, category, category_id</code>" in post


def test_news_dates_pad_the_day_and_pages_take_comments(build):
    about = ABOUT.replace("---\nHello.", "news: true\n---\nHello.")
    page = "---\nlayout: page\ntitle: Engine\ngiscus_comments: true\n---\nText.\n"
    built = build({"_config.yml": V1 + "collections:\n  news:\n    output: true\n",
                   "about.md": about, "_news/prize.md": NEWS.replace("03-02", "03-07"),
                   "engine.md": page})
    assert "Mar 07, 2024" in built.page("index.html")
    assert "giscus comments misconfigured" in built.page("engine.html")
    other = build({"_config.yml": "title: Ada\ncollections:\n  news:\n    output: true\n",
                   "about.md": about, "_news/prize.md": NEWS.replace("03-02", "03-07")})
    assert "Mar 7, 2024" in other.page("index.html")


def test_related_posts_under_a_post_when_the_site_asks(build):
    later = POST.replace("Engines", "Later").replace("01-05", "02-01")
    moved = POST.replace("Engines", "Elsewhere").replace("01-05", "03-01").replace(
        "---\nBody", "redirect: https://example.org/elsewhere\n---\nBody")
    files = {"_config.yml": V1 + "related_blog_posts:\n  enabled: true\n  max_related: 5\n",
             "_posts/2024-01-05-engines.md": POST, "_posts/2024-02-01-later.md": later,
             "_posts/2024-03-01-elsewhere.md": moved,
             "_posts/2024-01-01-quiet.md": POST.replace("Engines", "Quiet").replace(
                 "01-05", "01-01").replace("---\nBody", "related_posts: false\n---\nBody")}
    built = build(files)
    text = words(built.page("essays/2024/01/05/engines.html"))
    assert ("Enjoy Reading This Article? Here are some more articles you might like to read "
            "next: Elsewhere Later Quiet") in text
    assert 'href="https://example.org/elsewhere"' in built.page("essays/2024/01/05/engines.html")
    assert "Enjoy Reading" not in built.page("essays/2024/01/01/quiet.html")
    files["_config.yml"] = V1
    assert "Enjoy Reading" not in build(files).page("essays/2024/01/05/engines.html")
