"""Publications end to end: tests/scholar_sites/papers built with the real engine.

papers.bib (tests/scholar_sites/make_papers_bib.py) holds 206 valid entries and 7
malformed ones; other.bib is a small second file for the tag options.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from scholarsite.build import BuildOptions, build
from scholarsite.cli import main
from scholarsite.errors import Reporter

SITE = Path(__file__).parent / "scholar_sites" / "papers"
MANIFEST = json.loads((SITE.parent / "papers.manifest.json").read_text())
MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("papers") / "_site"
    reporter = Reporter(stream=open("/dev/null", "w"))
    result = build(BuildOptions(source=SITE, destination=out), reporter)
    return result


def page(built, rel: str) -> str:
    return (built.destination / rel).read_text(encoding="utf-8")


def section(text: str, ident: str) -> str:
    m = re.search(rf'<div id="{ident}">(.*?)</div>\s*(?=<div id=|</main>)', text, re.S)
    assert m, ident
    return m.group(1)


def expected_year_month() -> dict[str, tuple[int, int | None]]:
    """(year, month) of every valid entry, read off the .bib text with plain regexes."""
    text = (SITE / "_bibliography" / "papers.bib").read_text()
    out = {}
    for m in re.finditer(r"^@\w+\{([^,\s]+),(.*?)^\}", text, re.S | re.M):
        key, body = m.group(1), m.group(2)
        if key not in MANIFEST["valid"] or key in out:
            continue
        year = re.search(r"year = \{?(\d{4})", body)
        month = re.search(r"month = \{?(\w+)", body)
        mon = None
        if month:
            word = month.group(1).lower()
            mon = int(word) if word.isdigit() else MONTHS.index(word[:3]) + 1
        out[key] = (int(year.group(1)) if year else None, mon)
    out["lovelace2023crossref"] = (2023, 9)  # year inherited through crossref
    return out


def test_every_valid_entry_rendered_once(built):
    text = page(built, "publications/index.html")
    keys = re.findall(r'<div class="row publication[^"]*" id="([^"]+)"', text)
    assert len(MANIFEST["valid"]) == 206
    assert sorted(keys) == sorted(MANIFEST["valid"])


def test_malformed_entries_warn_with_their_lines(built):
    warnings = built.site.reporter.warnings
    lines = sorted(int(re.match(r"_bibliography/papers\.bib:(\d+): warning: ", w).group(1))
                   for w in warnings if w.startswith("_bibliography/papers.bib:")
                   and ": warning: links to " not in w)  # (its pdf= files are not there)
    assert lines == sorted(MANIFEST["malformed_lines"].values())
    assert any("duplicate entry key 'lovelace2005thesis'" in w for w in warnings)


def test_strict_makes_a_malformed_entry_an_error(tmp_path, capsys):
    assert main(["build", "-s", str(SITE), "-d", str(tmp_path / "out"), "--strict", "-q"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"_bibliography/papers.bib:{MANIFEST['malformed_lines']['@article{broken_unclosed']}: "
                   "the value of 'title' is never closed: its '{' has no matching '}' (add the "
                   "'}', or write a literal brace as \\{); entry skipped"]


def test_each_bib_file_parsed_once(built):
    counts = built.site.cache["scholar:parse_count"]
    assert {Path(p).name: n for p, n in counts.items()} == {"papers.bib": 1, "other.bib": 1}


def test_accented_names_in_unicode(built):
    text = page(built, "publications/index.html")
    block = text[text.index('id="lovelace2024accents"'):]
    block = block[:block.index("</li>")]
    for name in ["René Descartes", "Émile Zola", "Antonín Dvořák", "Søren Østergaard", "Carl Gauß",
                 "Paul Erdős", "François Truffaut", "Łukasz Kaiser"]:
        assert name in block, name
    # coauthor link from _data/coauthors.yml (key: last name without accents, lowercased)
    assert '<a class="coauthor" href="https://example.org/mueller">Jörg Müller</a>' in block
    assert "The DNA of LaTeX: Accents &amp; Dashes – a\u00a0study" in html.unescape(block).replace("&", "&amp;")


def test_grouped_by_year_newest_first_then_month(built):
    # jekyll-scholar: sort by sort_by (year,month -> month_numeric), order descending, then
    # group by year in group_order descending (utilities.rb#sort, #group; bibliography.rb)
    text = page(built, "publications/index.html")
    ym = expected_year_month()
    expected = sorted(MANIFEST["valid"], key=lambda k: (ym[k][0], ym[k][1] or 0), reverse=True)
    keys = re.findall(r'<div class="row publication[^"]*" id="([^"]+)"', text)
    assert keys == expected
    headings = [int(y) for y in re.findall(r'<h2 class="bibliography">(\d+)</h2>', text)]
    assert headings == sorted({ym[k][0] for k in expected}, reverse=True)
    # every entry sits under the heading of its year
    for year_html in re.split(r'<h2 class="bibliography">', text)[1:]:
        year = int(year_html[:4])
        assert all(ym[k][0] == year for k in re.findall(r'class="row publication[^"]*" id="([^"]+)"', year_html))


def test_owner_highlighted_and_marks_kept(built):
    text = page(built, "publications/index.html")
    bib = (SITE / "_bibliography" / "papers.bib").read_text()
    with_ada = {m.group(1) for m in re.finditer(r"^@\w+\{([^,\s]+),\n  author = \{[^\n]*Lovelace\*?, Ada", bib, re.M)}
    items = dict(re.findall(r'id="([^"]+)"[^>]*>(.*?)</li>', text, re.S))
    highlighted = {k for k, body in items.items() if '<em class="self">Ada Lovelace' in body}
    assert highlighted == with_ada & set(items)
    assert all('<em class="self">Augusta' not in b for b in items.values())
    concat = items["lovelace2024concat"]
    assert '<em class="self">Ada Lovelace<sup>*</sup></em>' in concat
    assert "Charles Babbage<sup>*</sup>" in concat and "Alan Turing<sup>†</sup>" in concat
    assert "All You Need is BERT" in concat
    assert "In Proceedings of the International Conference on Machine Learning 2024" in concat


def test_alfolio_fields_and_filtered_bibtex(built):
    text = page(built, "publications/index.html")
    body = text[text.index('id="lovelace2023alfolio"'):]
    body = body[:body.index("</li>")]
    bibtex = html.unescape(re.search(r'<code class="language-bibtex">(.*?)</code>', body, re.S).group(1))
    assert bibtex == ("@article{lovelace2023alfolio,\n  author = {Lovelace, Ada and Hopper, Grace},\n"
                      "  title = {Every al-folio Field},\n  journal = {Journal of Fields},\n"
                      "  year = {2023},\n  month = aug,\n  doi = {10.1000/fields}\n}\n")
    for needle in ['<abbr class="badge">JoF</abbr>', 'src="/assets/img/publication_preview/fields.png"',
                   '<summary class="btn">Best Paper</summary>', '<summary class="btn">Abs</summary>',
                   '<summary class="btn">Bib</summary>', 'class="copy-bibtex"',
                   'href="https://example.org/fields.pdf">PDF</a>', 'href="/assets/pdf/fields-supp.pdf">Supp</a>',
                   'href="https://github.com/example/fields">Code</a>', 'href="https://example.org/fields">HTML</a>',
                   'href="https://fields.example.org">Website</a>', 'href="https://blog.example.org/fields">Blog</a>',
                   'href="/assets/pdf/fields-slides.pdf">Slides</a>', 'href="/assets/pdf/fields-poster.pdf">Poster</a>',
                   'href="https://www.youtube.com/watch?v=fields">Video</a>',
                   'href="https://arxiv.org/abs/2301.00001">arXiv</a>', 'href="https://doi.org/10.1000/fields">DOI</a>',
                   'Oral presentation (top 1%)', 'title="* equal contribution"', 'qyhmnyLat1gC',
                   'data-altmetric-id="248277"', '__dimensions_badge_embed__']:
        assert needle in body, needle
    assert '<div class="row publication selected" id="lovelace2023alfolio" data-year="2023" ' \
        'data-type="article"' in text
    # venue badge linked from _data/venues.yml
    assert '<a href="https://www.jmlr.org/">JMLR</a>' in text


def test_tags_page_matches_jekyll_scholar_rules(built):
    text = page(built, "tags/index.html")

    def keys(ident):
        return re.findall(r"<li>(\w+)\|", section(text, ident))

    def heads(ident):
        return re.findall(r'<(h\d) class="bibliography">([^<]+)</h\d>', section(text, ident))
    # bibliography_count: the number of entries the query selects
    assert section(text, "count-all").strip() == "206"
    assert section(text, "count-articles").strip() == "3"
    # bibtex-ruby query: '@article[...]' type + all conditions ('&&'); '~=' is a regex search;
    # site config group_by: year applies (utilities.rb#group_by falls back to config)
    assert heads("q-gao") == [("h2", "2021")] and keys("q-gao") == ["gao2021a"]
    # '@*[selected=true]*': the trailing '*' is outside the pattern and ignored; --group_by none
    # gives one list sorted by the site's sort_by year,month / order descending
    assert heads("q-selected") == [] and keys("q-selected") == ["gao2021a", "doe2020d", "roe2016h"]
    assert keys("q-key") == ["lovelace2005thesis"] and heads("q-key") == [("h2", "2005")]
    # group_by type: phdthesis/mastersthesis -> thesis (type_aliases); groups in type_order
    # (page front matter scholar: wins over _config.yml, utilities.rb#set_context_to) with
    # --group_order ascending; names from type_names; entries inside keep the sort order
    assert heads("by-type") == [("h2", "Conference Articles"), ("h2", "Journal Articles"),
                                ("h2", "Theses"), ("h2", "Books"), ("h2", "Miscellaneous")]
    assert keys("by-type") == ["smith2022c", "gao2021a", "doe2020d", "gao2019b", "gao2018e",
                               "lee2017f", "roe2016h", "gao2023g", "gao2023h"]
    # nested groups: year descending (h2), then month_numeric ascending (h3, Date::MONTHNAMES)
    assert heads("by-month") == [("h2", "2023"), ("h3", "February"), ("h3", "May"), ("h2", "2022"),
                                 ("h3", "January"), ("h2", "2021"), ("h3", "March")]
    assert keys("by-month") == ["gao2023h", "gao2023g", "smith2022c", "gao2021a"]
    # --max on an ungrouped list takes the first N sorted entries; -h overrides the list tag
    assert keys("max") == ["gao2023g", "gao2023h"] and section(text, "max").startswith("<ol")
    # page scholar: bibliography_list_tag ul applies to the other lists
    assert section(text, "q-selected").startswith('<ul class="bibliography">')
    # --limit (scholarsite): truncate the sorted list, then group
    assert heads("limit") == [("h2", "2023"), ("h2", "2022")]
    assert keys("limit") == ["gao2023g", "gao2023h", "smith2022c"]
    # cite: link to the first key's anchor, class "citation"; locators pair with keys
    assert section(text, "cite").strip() == (
        '<a class="citation" href="#gao2021a">(Gao &amp; Lovelace, 2021, p. 23; Doe, 2020)</a>')
    assert section(text, "cite-default").strip() == (
        '<a class="citation" href="#lovelace2005thesis">(Lovelace, 2005)</a>')
    assert section(text, "reference").strip() == '<span id="gao2019b">Gao, X. (2019). Beta. <i>J</i>.</span>'


def test_detail_pages_carry_highwire_tags_and_json_ld(built):
    text = page(built, "bibliography/lovelace2023alfolio.html")
    head = text[:text.index("</head>")]
    meta = re.findall(r'<meta name="(citation_[a-z_]+)" content="([^"]*)">', head)
    assert ("citation_title", "Every al-folio Field") in meta
    assert [v for k, v in meta if k == "citation_author"] == ["Lovelace, Ada", "Hopper, Grace"]
    assert ("citation_publication_date", "2023/08") in meta
    assert ("citation_journal_title", "Journal of Fields") in meta
    assert ("citation_pdf_url", "https://example.org/fields.pdf") in meta
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', head, re.S).group(1))
    assert ld["@type"] == "ScholarlyArticle" and ld["author"][1]["name"] == "Grace Hopper"
    conf = page(built, "bibliography/lovelace2023crossref.html")
    assert ('<meta name="citation_conference_title" content="Advances in Neural Information '
            'Processing Systems 36">') in conf
    local_pdf = page(built, "bibliography/lovelace2024accents.html")
    assert '<meta name="citation_pdf_url" content="https://ada.example.org/assets/pdf/accents.pdf">' in local_pdf
    assert '<meta name="citation_author" content="Müller, Jörg">' in local_pdf
    # the list links each entry to its page (jekyll-scholar's details link)
    assert '<a class="details" href="/bibliography/lovelace2023alfolio.html">Details</a>' in page(built, "publications/index.html")


def test_full_bibliography_download(built):
    data = page(built, "bibliography/papers.bib")
    keys = re.findall(r"^@\w+\{([^,]+),", data, re.M)
    assert sorted(keys) == sorted(MANIFEST["valid"])
    assert "abbr =" not in data and "bibtex_show" not in data
    from scholarsite.scholar.bibtex import parse_text
    again = parse_text(data, "download.bib")
    assert not again.errors and len(again.entries) == 206
