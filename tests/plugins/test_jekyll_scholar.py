"""jekyll-scholar: what a page's body cites, its layout's ``{% bibliography --cited %}``
lists (al-folio's post layout does this), also when only the layout is rendered again."""

from __future__ import annotations

import subprocess
import sys

BIB = """@article{hopper1952,
  title = {The Education of a Computer},
  author = {Hopper, Grace},
  year = {1952}
}
@article{turing1950,
  title = {Computing Machinery and Intelligence},
  author = {Turing, Alan},
  year = {1950}
}
"""
LAYOUT = ("<html><body>{{ content }}<section>{% bibliography --cited_in_order %}</section>"
          "<!-- v1 --></body></html>\n")


def test_the_layout_lists_what_the_body_cited(tmp_path):
    source, dest = tmp_path / "site", tmp_path / "out"
    files = {"_config.yml": "plugins: [jekyll/scholar]\nscholar:\n  style: apa\n",
             "_bibliography/references.bib": BIB, "_layouts/post.html": LAYOUT,
             "index.md": "---\nlayout: post\n---\nAs {% cite turing1950 %} asked.\n"}
    for name, text in files.items():
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        (source / name).write_text(text)

    def build() -> str:
        subprocess.run([sys.executable, "-m", "scholarsite", "build", "-s", str(source), "-d",
                        str(dest)], check=True, capture_output=True)
        return (dest / "index.html").read_text()

    first = build()
    section = first[first.index("<section>"):]
    assert "Computing Machinery" in section and "Education of a Computer" not in section
    (source / "_layouts/post.html").write_text(LAYOUT.replace("v1", "v2"))
    again = build()  # the body's render is cached; the layout's list must not go empty
    assert "<!-- v2 -->" in again and "Computing Machinery" in again[again.index("<section>"):]


def test_details_link_count_and_reference(tmp_path):
    source, dest = tmp_path / "site", tmp_path / "out"
    files = {"_config.yml": "baseurl: /lab\nplugins: [jekyll/scholar]\nscholar:\n  style: apa\n",
             "_bibliography/references.bib": BIB,
             "index.html": "---\n---\n[{% details_link hopper1952 %}] [{% bibliography_count %}]"
                           " [{% reference turing1950 %}] [{% details_link nobody %}]\n"}
    for name, text in files.items():
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        (source / name).write_text(text)
    done = subprocess.run([sys.executable, "-m", "scholarsite", "build", "-s", str(source), "-d",
                           str(dest)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    html = (dest / "index.html").read_text()
    assert "[/lab/bibliography/hopper1952.html] [2] [<span id=\"turing1950\">" in html
    assert "[(missing reference)]" in html
    assert done.stderr.startswith("index.html:3: warning: {% details_link %}: no BibTeX entry "
                                  "with key 'nobody'"), done.stderr


# -- bibtex_filters: latex (jekyll-scholar's latex-decode) ---------------------------------

import pytest  # noqa: E402

from scholarsite.scholar.core import latex_filter  # noqa: E402
from scholarsite.scholar.latex import decode_math, to_unicode  # noqa: E402


@pytest.mark.parametrize("math, published", [
    (r"\nabla", "∇"),
    (r"I\Delta_0(\exp)", r"I\Delta_0(\exp)"),  # "_" ends no word: the macro stays
    (r"\forall\hat{\Sigma}^b_j", r"∀\hatΣ^b_j"),  # unknown macros stay, braces go
    (r"1 \leq j \leq k", "1 ≤j ≤k"),  # a known macro swallows the spaces after it
    (r"\{\Box n\}_{n=0}^{\infty}", "{□n}_n=0^∞"),
    (r"FL_{ew}", "FL_ew"),
    (r"\PA+\TI(\alpha)", r"\PA+\TI(α)"),
])
def test_math_as_the_latex_filter_publishes_it(math, published):
    assert decode_math(math) == published


def test_the_latex_filter_takes_the_dollars_off_and_curls_quotes():
    text = r"On $\nabla$-algebras and Beckmann's ``natural'' rule \'{e}t\'e"
    assert to_unicode(text, decode=True) == "On ∇-algebras and Beckmann’s “natural” rule été"
    # Without it (a site whose bibtex_filters leave latex out), math stays for MathJax.
    assert to_unicode(text) == "On $\\nabla$-algebras and Beckmann's “natural” rule été"
    assert to_unicode("a < $b$", decode=True) == "a &lt; b"


@pytest.mark.parametrize("scholar, decodes", [
    ({}, True),  # jekyll-scholar's default filters end with latex
    ({"bibtex_filters": ["latex", "smallcaps", "superscript"]}, True),  # al-folio's
    ({"bibtex_filters": "superscript, latex"}, True),
    ({"bibtex_filters": ["smallcaps", "superscript"]}, False),
    ({"bibtex_filters": []}, False),
])
def test_bibtex_filters_decide_the_latex_filter(scholar, decodes):
    assert latex_filter({"scholar": scholar}) is decodes
