"""BibTeX reading, LaTeX to Unicode, names, queries and option parsing (no site build)."""

from __future__ import annotations

import pytest

from scholarsite.scholar.bibtex import parse_name, parse_text
from scholarsite.scholar.core import group_entries, sort_entries, value_cmp
from scholarsite.scholar.latex import to_unicode
from scholarsite.scholar.query import compile_query
from scholarsite.scholar.tags import Options


@pytest.mark.parametrize("latex, text", [
    (r'M{\"u}ller', "Müller"), (r'J\"org', "Jörg"), (r"Ren\'{e}", "René"),
    (r"{\'E}mile", "Émile"), (r"Dvo\v{r}\'ak", "Dvořák"), (r"Anton{\'\i}n", "Antonín"),
    (r"Gau{\ss}", "Gauß"), (r"Erd\H{o}s", "Erdős"), (r"Fran\c{c}ois", "François"),
    (r"\L{}ukasz", "Łukasz"), (r"{\O}stergaard", "Østergaard"), (r"a \& b", "a &amp; b"),
    (r"1--42", "1–42"), (r"a---b", "a—b"), ("a~b", "a\u00a0b"),
    (r"The {DNA} of {\LaTeX}", "The DNA of LaTeX"), (r"{{A}ll {Y}ou {N}eed}", "All You Need"),
    (r"\emph{x} and \textbf{y}", "<i>x</i> and <b>y</b>"), (r"$x^2$", "$x^2$"),
])
def test_latex_to_unicode(latex, text):
    assert to_unicode(latex) == text


@pytest.mark.parametrize("latex, html, text", [
    ('<script>alert("x")</script>', "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;",
     '<script>alert("x")</script>'),
    ('x" onmouseover="y', "x&quot; onmouseover=&quot;y", 'x" onmouseover="y'),
    (r"\emph{<b>} \textsc{a&b}", '<i>&lt;b&gt;</i> <span style="font-variant: small-caps">a&amp;b</span>',
     "<b> a&b"),
    (r"\textless{}i\textgreater{} $a<b$", "&lt;i&gt; $a&lt;b$", "<i> $a<b$"),
    (r'M{\"u}ller "quoted"', "Müller &quot;quoted&quot;", 'Müller "quoted"'),
    ("&amp; stays as written", "&amp;amp; stays as written", "&amp; stays as written"),
])
def test_latex_to_html_escapes_the_text(latex, html, text):
    """HTML mode: the field's text is escaped; only the font commands' markup is markup."""
    assert to_unicode(latex) == html
    assert to_unicode(latex, html=False) == text


def test_names_first_von_last_jr():
    assert vars(parse_name("de la Fontaine, Jean")) == {"first": "Jean", "von": "de la", "last": "Fontaine", "jr": ""}
    assert vars(parse_name("Ludwig van Beethoven")) == {"first": "Ludwig", "von": "van", "last": "Beethoven", "jr": ""}
    assert vars(parse_name("King, Jr., Martin")) == {"first": "Martin", "von": "", "last": "King", "jr": "Jr."}
    assert parse_name("{Barnes and Noble, Inc.}").last == "{Barnes and Noble, Inc.}"
    assert parse_name(r"{\"{u}}ber Mensch").von == r'{\"{u}}ber'  # special char: lowercase
    assert parse_name("Gao*, Xiang").last == "Gao*"


def test_the_bib_block_writes_people_last_first_as_jekyll_scholar_shows_them():
    # What the published al-folio pages show under "Bib" for names with braces and accents.
    entry = parse_text(r"""@inproceedings{k, author = {Alexis {Le Penven} and Peter Ti{\~{n}}o},
  editor = {Antonio J. Tall{\'{o}}n{-}Ballesteros and Sung{-}Bae Cho and {Google Research}},
  title = {T}}""", "papers.bib").entries[0]
    text = entry.to_bibtex()
    assert r"author = {{Le Penven}, Alexis and Ti{\~{n}}o, Peter}," in text
    assert (r"editor = {Tall{\'{o}}n{-}Ballesteros, Antonio J. and Cho, Sung{-}Bae and "
            "{Google Research}},") in text


BIB = r"""
@string{j = "Journal"}
@String(pre = {Proc. of })
@article{a, author = {M{\"u}ller, J{\"o}rg and Smith, Jr., John}, title = {T {DNA}},
  journal = j # " of " # {Things}, month = jan, year = 2020, abstract = {x}}
@proceedings{p, title = pre # "Conf", year = 2019, publisher = {Pub}}
@inproceedings{c, title = {Child}, crossref = {p}, month = {March}}
@article{bad, title = {x} author = {y}}
@misc{m, title = {Misc}, month = 7, year = {2019}}
"""


def test_parse_values_macros_months_crossref():
    parsed = parse_text(BIB, "refs.bib")
    by_key = {e.key: e for e in parsed.entries}
    assert list(by_key) == ["a", "p", "c", "m"]
    a = by_key["a"]
    assert a.fields["journal"] == "Journal of Things"
    assert (a.fields["month"], a.month_numeric) == ("jan", 1)
    assert by_key["m"].month_numeric == 7 and by_key["m"].fields["month"] == "jul"
    data = a.liquid(frozenset({"abstract"}))
    assert data["author_array"][0]["first"] == "Jörg" and data["author_array"][0]["last"] == "Müller"
    assert data["author_array"][1]["jr"] == "Jr."
    assert data["author"] == "Müller, Jörg and Smith, Jr., John"
    assert "abstract" not in data["bibtex"] and data["bibtex"].startswith("@article{a,\n")
    assert parsed.errors == [(8, "malformed BibTeX entry 'bad' skipped: field 'title': unexpected "
                                 "'author = {y}' after a value (missing comma between fields?)")]
    from scholarsite.scholar.bibtex import resolve_crossrefs
    child = {e.key: e for e in resolve_crossrefs(parsed.entries, lambda e, m: None)}["c"]
    assert child.fields["booktitle"] == "Proc. of Conf" and child.fields["year"] == "2019"
    assert child.fields["title"] == "Child" and child.month_numeric == 3


def test_queries_follow_bibtex_ruby():
    entries = parse_text(r"""
@article{g1, author = {Gao, Xiang}, year = 2021, selected = {true}}
@article{g2, author = {Li, Wei}, year = 2019}
@inproceedings{g3, author = {Gao, Wei}, year = 2022}
@misc{g4, year = {2020a}}
""", "q.bib").entries

    def keys(q):
        pred = compile_query(q)
        return [e.key for e in entries if pred(e)]
    assert keys("@*") == ["g1", "g2", "g3", "g4"]
    assert keys("@*[selected=true]*") == ["g1"]
    assert keys("@article[year>=2020 && author~=Gao]") == ["g1"]
    assert keys("@*[key=g3]") == ["g3"]
    assert keys("@*[year<=2020]") == ["g2", "g4"]  # Ruby to_i("2020a") == 2020
    assert keys("@article, @misc") == ["g1", "g2", "g4"]
    assert keys("!@article") == ["g3", "g4"]
    assert keys("@*[selected]") == ["g1"]
    assert keys("@*[selected!=true]") == ["g2", "g3", "g4"]
    assert keys("@*[author^=Gao || year=2019]") == ["g1", "g2", "g3"]
    assert keys("g2") == ["g2"]


def test_sort_and_group_rules():
    # bibtex-ruby Value#<=>: numbers numerically, otherwise strings; missing = empty string
    assert value_cmp("10", "9") > 0 and value_cmp("10a", "9") < 0 and value_cmp(None, "1") < 0
    entries = parse_text(r"""
@article{a, year = 2020, month = feb}
@article{b, year = 2021}
@phdthesis{c, year = 2020, month = dec}
@mastersthesis{d, year = 2019}
""", "s.bib").entries
    config = {"sort_by": "year,month", "order": "descending"}
    assert [e.key for e in sort_entries(entries, config)] == ["b", "c", "a", "d"]
    config = {"sort_by": "year, month", "order": "descending,ascending"}
    assert [e.key for e in sort_entries(entries, config)] == ["b", "a", "c", "d"]
    groups = group_entries(entries, ["type"], ["ascending"], {"type_order": ["thesis", "article"]})
    assert [(g, [e.key for e in es]) for g, es in groups] == [("thesis", ["c", "d"]), ("article", ["a", "b"])]


def test_option_splitting_like_jekyll_scholar():
    o = Options("-f papers --file other -q @article[year>=2020 && author~=Gao] --group_by year -T bib -m 5")
    assert o.get("file") == ["papers", "other"]
    assert o.get("query") == "@article[year>=2020 && author~=Gao]"
    assert (o.get("group_by"), o.get("template"), o.get("max")) == ("year", "bib", "5")
    o = Options("key1 key2 -l 23 -l 24 --cited")
    assert o.get("locator") == ["23", "24"] and o.get("cited") is True and not o.errors
