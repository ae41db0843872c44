"""Publications in the bundled theme as al-folio shows them: max_author_limit with its
"and N more authors" button, selected papers in one list, and for a v1 site the BibTeX as
al-folio's hideCustomBibtex leaves it."""

from __future__ import annotations

import re

BIB = """\
@article{many2024,
  title = {Many Hands},
  author = {Lovelace, Ada and Babbage, Charles and Somerville, Mary and Herschel, Caroline and De Morgan, Augustus},
  journal = {Notes},
  year = {2024},
  bibtex_show = {true},
  selected = {true}
}
@article{two2020,
  title = {Two Hands},
  author = {Lovelace, Ada and Babbage, Charles},
  journal = {Notes},
  year = {2020},
  selected = {true}
}
"""


def site(theme: str = "", limit: str = "max_author_limit: 3\n") -> dict[str, str]:
    return {"_config.yml": f"title: Ada\n{theme}{limit}plugins: [jekyll/scholar]\n"
                           "filtered_bibtex_keywords: [bibtex_show, selected]\n",
            "_bibliography/papers.bib": BIB,
            "index.md": "---\nlayout: about\ntitle: about\nselected_papers: true\n---\nHi\n",
            "publications.md": "---\nlayout: page\ntitle: pubs\npermalink: /publications/\n---\n"
                               "{% bibliography %}\n"}


def authors(html: str, key: str) -> str:
    block = html.split(f'id="{key}"', 1)[1].split('<div class="author">', 1)[1]
    block = block.split('<div class="periodical">', 1)[0]
    return " ".join(re.sub(r"<(?!button)[^>]+>", "", block).split())


def test_author_limit_shows_the_first_and_a_count(build):
    html = build(site()).page("publications/index.html")
    line = authors(html, "many2024")
    assert line.startswith("Ada Lovelace, Charles Babbage, Mary Somerville, and <button")
    assert 'title="Caroline Herschel, Augustus De Morgan"' in line and line.endswith(">2 more authors")
    assert authors(html, "two2020") == "Ada Lovelace and Charles Babbage"  # under the limit


def test_no_limit_lists_everyone(build):
    html = build(site(limit="")).page("publications/index.html")
    assert "more author" not in html
    assert "Herschel, and Augustus De Morgan" in authors(html, "many2024")


def test_more_authors_button_shows_them(build, chromium, serve_folder):
    built = build(site())
    page = chromium.new_page()
    page.goto(serve_folder(built.dest) + "/publications/")
    entry = page.locator("#many2024 .author")
    assert "Herschel" not in entry.inner_text()
    entry.get_by_role("button", name="2 more authors").click()
    assert entry.inner_text().endswith("and Caroline Herschel, Augustus De Morgan")
    page.close()


def test_selected_papers_are_one_list(build):
    html = build(site()).page("index.html")
    papers = html.split('id="papers-heading"', 1)[1]
    assert papers.index("many2024") < papers.index("two2020")
    assert '<h2 class="bibliography">' not in papers  # no year groups


def test_v1_bibtex_is_what_hidecustombibtex_leaves(build):
    v1 = build(site("theme: al_folio_core\n")).page("publications/index.html")
    assert "year = {2024},\n}" in v1  # the comma of a field before the removed ones stays
    plain = build(site()).page("publications/index.html")
    assert "year = {2024}\n}" in plain and "selected" not in plain.split("language-bibtex", 1)[1].split("</code>", 1)[0]
