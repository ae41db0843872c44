"""al-folio's own tags (its _plugins/ in v0 sites): details, file_exists, the citation
badges' counts, and jekyll-twitter-plugin. The expected HTML of ``details`` and
``file_exists`` is what Jekyll 4.3.1 wrote with al-folio's plugins for the same page
(compared with whitespace between tags ignored)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

PAGE = """---
layout: default
---
{% details Click **here** for more %}
Hidden *text* with a [link](https://example.org).

- one
- two
{% enddetails %}

{% assign pic = "assets/img/photo.txt" %}
Exists: {% file_exists {{ pic }} %} / {% file_exists assets/img/none.png %} / {% file_exists /assets/img/photo.txt %} / {% file_exists ../outside.txt %}

Scholar: {% google_scholar_citations site.scholar_userid "paper1" %},
{% google_scholar_citations site.scholar_userid "paper2" %},
{% google_scholar_citations site.scholar_userid "unknown" %}.
INSPIRE: {% inspirehep_citations "4321" %}.

{% twitter https://twitter.com/jekyllrb maxwidth=500 limit=3 %}

{% twitter https://twitter.com/someone/status/12345 %}
"""

JEKYLL_DETAILS = """<details><summary>Click <strong>here</strong> for more</summary>
<p>Hidden <em>text</em> with a <a href="https://example.org">link</a>.</p>

<ul>
  <li>one</li>
  <li>two</li>
</ul>
</details>"""

CITATIONS = """metadata:
  last_updated: '2026-11-30'
papers:
  ABCDEF:paper1:
    citations: 1234
  ABCDEF:paper2:
    citations: 105
inspirehep:
  '4321': 15300
"""


def squeeze(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("alfolio-plugins")
    source, dest = root / "site", root / "out"
    files = {"_config.yml": "title: Plugins\nscholar_userid: ABCDEF\n",
             "_layouts/default.html": "<html><body>{{ content }}</body></html>\n",
             "assets/img/photo.txt": "img\n", "_data/citations.yml": CITATIONS,
             "index.md": PAGE}
    for name, text in files.items():
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        (source / name).write_text(text)
    (root / "outside.txt").write_text("not the site's\n")
    result = subprocess.run([sys.executable, "-m", "scholarsite", "build", "-s", str(source),
                             "-d", str(dest)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return (dest / "index.html").read_text(), result.stderr


def test_details_is_the_disclosure_box_al_folio_renders(built):
    html, _ = built
    assert squeeze(JEKYLL_DETAILS) in squeeze(html)


def test_file_exists_looks_in_the_source_and_never_outside(built):
    html, _ = built
    assert "Exists: true / false / true / false" in html


def test_citation_counts_come_from_the_data_file_as_al_folio_prints_them(built):
    html, stderr = built
    assert "Scholar: 1.2K,\n110,\nN/A." in html  # number_to_human, precision 2
    assert "INSPIRE: 15K." in html
    warnings = [line for line in stderr.splitlines() if "citation count" in line]
    assert len(warnings) == 1 and warnings[0].startswith("_data/citations.yml: warning:")


def test_twitter_embeds_without_the_network(built):
    html, stderr = built
    assert ('<div class="jekyll-twitter-plugin"><a class="twitter-timeline" data-width="500" '
            'data-tweet-limit="3" href="https://twitter.com/jekyllrb?ref_src=twsrc%5Etfw">'
            "Tweets by jekyllrb</a>") in html
    assert ('<blockquote class="twitter-tweet"><a href="https://twitter.com/someone/status/'
            '12345?ref_src=twsrc%5Etfw">') in html
    assert sum("{% twitter %}" in line for line in stderr.splitlines()) == 1


NOTEBOOK = """{"cells": [{"cell_type": "markdown", "metadata": {}, "source": ["# Sampling a die"]},
 {"cell_type": "code", "execution_count": 1, "metadata": {}, "outputs": [
   {"name": "stdout", "output_type": "stream", "text": ["rolled a four\\n"]}],
  "source": ["print('rolled a four')"]}],
 "metadata": {"language_info": {"name": "python"}}, "nbformat": 4, "nbformat_minor": 5}
"""

BIB = """@article{knuth1974,
  title = {Computer Programming as an Art},
  author = {Knuth, Donald E.},
  journal = {Communications of the ACM},
  year = {1974}
}
"""


def build_site(root: Path, files: dict[str, str]) -> tuple[Path, subprocess.CompletedProcess]:
    source, dest = root / "site", root / "out"
    for name, text in files.items():
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        (source / name).write_text(text)
    result = subprocess.run([sys.executable, "-m", "scholarsite", "build", "-s", str(source),
                             "-d", str(dest)], capture_output=True, text=True)
    return dest, result


def test_jupyter_notebooks_become_html_pages_in_an_iframe(tmp_path):
    files = {"_config.yml": "title: Notebooks\nplugins: [jekyll-jupyter-notebook]\n",
             "assets/jupyter/die.ipynb": NOTEBOOK,
             "index.md": "---\n---\n{% assign nb = '/assets/jupyter/die.ipynb' %}"
                         "{% jupyter_notebook nb %}\n"}
    dest, result = build_site(tmp_path, files)
    assert result.returncode == 0, result.stderr
    html = (dest / "assets/jupyter/die.ipynb.html").read_text()
    assert "Sampling a die" in html and "rolled a four" in html  # nbconvert's rendering
    assert not (dest / "assets/jupyter/die.ipynb").exists()  # published as HTML only
    assert '<iframe src="/assets/jupyter/die.ipynb.html"' in (dest / "index.html").read_text()
    assert list((tmp_path / "site/.scholarsite-cache/notebooks").glob("*.html"))


def test_quote_is_a_blockquote_with_its_citation(tmp_path):
    files = {"_config.yml": "title: Quotes\nscholar:\n  style: apa\n",
             "_bibliography/references.bib": BIB,
             "index.md": "---\n---\n{% quote knuth1974 %}\nThe art of programming,\n"
                         "line two.\n\nA second paragraph.\n{% endquote %}\n"}
    dest, result = build_site(tmp_path, files)
    assert result.returncode == 0, result.stderr
    html = (dest / "index.html").read_text()
    quote = re.search(r"<blockquote>.*?</blockquote>", html, re.S)
    assert quote is not None, html
    assert quote[0].startswith("<blockquote><p>The art of programming,<br />line two.</p>"
                               "<p>A second paragraph.</p><cite><a class=\"citation\" "
                               "href=\"#knuth1974\">"), quote[0]


def test_tabs_list_the_names_and_the_markdown_of_each_tab(tmp_path):
    page = ("---\n---\n{% tabs log %}\n\n{% tab log php %}\n\n*php* code\n\n{% endtab %}\n\n"
            "{% tab log js %}\n\njs code\n\n{% endtab %}\n\n{% endtabs %}\n")
    dest, result = build_site(tmp_path, {"_config.yml": "title: Tabs\n", "index.md": page})
    assert result.returncode == 0, result.stderr
    html = squeeze((dest / "index.html").read_text())
    group = re.search(r'<ul id="log" class="tab" data-tab="([0-9a-f-]{36})" data-name="log">', html)
    assert group is not None, html
    assert ('<li class="active" id="log-php"><a href="#">php </a></li>'
            '<li id="log-js"><a href="#">js </a></li></ul>') in html
    assert (f'<ul class="tab-content" id="{group[1]}" data-name="log">'
            '<li class="active"><p><em>php</em> code</p></li><li><p>js code</p></li></ul>') in html
    again, _ = build_site(tmp_path / "again", {"_config.yml": "title: Tabs\n", "index.md": page})
    assert group[1] in (again / "index.html").read_text()  # the same id on every build
