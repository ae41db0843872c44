"""`scholarsite citations` against a real HTTP server on 127.0.0.1 answering as OpenAlex,
Semantic Scholar, Crossref and INSPIRE-HEP document their endpoints; then the build shows
what it wrote, in the bundled theme and through al-folio's own citation tag."""

from __future__ import annotations

import io
import math
import re
import time
from pathlib import Path

import yaml

from scholarsite.build import BuildOptions, build
from scholarsite.cli import main
from scholarsite.scholarly import citations
from scholarsite.scholarly.http import Client

FAST = dict(timeout=2.0, retries=2, backoff=0.01)


def make_site(root: Path, entries: list[str], config: str = "", socials: str = "") -> Path:
    (root / "_bibliography").mkdir(parents=True)
    (root / "_bibliography" / "papers.bib").write_text("\n\n".join(entries), encoding="utf-8")
    (root / "_config.yml").write_text("title: Test\nscholar:\n  bibliography: papers.bib\n"
                                      + config, encoding="utf-8")
    if socials:
        (root / "_data").mkdir()
        (root / "_data" / "socials.yml").write_text(socials, encoding="utf-8")
    return root


def bib(key: str, title: str, year: int, author: str = "Ada Lovelace", **fields) -> str:
    extra = "".join(f",\n  {name} = {{{value}}}" for name, value in fields.items())
    return (f"@article{{{key},\n  title = {{{title}}},\n  author = {{{author}}},\n"
            f"  year = {{{year}}}{extra}\n}}")


def run(site: Path, names=None, offline=False, **client) -> tuple[int, str]:
    out = io.StringIO()
    code = citations.run(site, names, offline, Client(**{**FAST, **client}), out=out)
    return code, out.getvalue()


def written(site: Path) -> dict:
    return yaml.safe_load((site / "_data" / "citations.yml").read_text(encoding="utf-8"))


def test_two_hundred_entries_all_identifiable_ones_counted(apis, tmp_path):
    entries = []
    for i in range(200):
        work = {"title": f"Study number {i} of lattice models", "year": 2000 + i % 20,
                "authors": ["Ada Lovelace", "Alan Turing"], "cited": i * 3,
                "openalex": f"W{1000 + i}", "by_year": {2023: i, 2024: 2 * i}}
        fields = {}
        if i % 5 == 0:  # by arXiv id only
            work["arxiv"] = f"2101.{i:05d}"
            fields["eprint"], fields["archiveprefix"] = work["arxiv"] + "v2", "arXiv"
        elif i % 5 == 1:  # by PMID
            work["pmid"] = str(30000 + i)
            fields["pmid"] = work["pmid"]
        elif i % 5 == 2:  # a DOI written as a URL in capitals
            work["doi"] = f"10.1000/lattice.{i}"
            fields["doi"] = f"https://doi.org/10.1000/LATTICE.{i}"
        elif i % 5 == 3:
            work["doi"] = f"10.1000/lattice.{i}"
            fields["doi"] = f"10.1000/lattice.{i}"
        # i % 5 == 4: no identifier: found by title, year and first author
        apis.works.append(work)
        entries.append(bib(f"paper{i}", work["title"], work["year"], **fields))
    entries.append(bib("lost", "A paper nobody indexed", 1999))
    site = make_site(tmp_path / "site", entries)

    code, out = run(site)
    assert code == 0, out
    papers = written(site)["papers"]
    for i in range(200):
        assert papers[f"paper{i}"]["citations"] == i * 3, (i, papers.get(f"paper{i}"))
    assert papers["paper4"]["matched_by"] == "title" and papers["paper4"]["score"] >= 0.92
    assert papers["paper0"]["matched_by"] == "arxiv"
    assert papers["paper2"]["ids"] == {"openalex": "W1002", "doi": "10.1000/lattice.2"}
    assert papers["paper7"]["counts_by_year"] == {2023: 7, 2024: 14}
    assert "lost" not in papers
    assert "1 entries have no DOI" in out and "lost" in out
    assert "40 matched by title" in out
    # Batched: ids in groups of at most 100 values, so few requests besides the titles.
    asked = apis.asked("openalex")
    id_requests = [r for r in asked if "title.search" not in r[2]["filter"]]
    assert len(id_requests) == math.ceil(80 / 40) + math.ceil(40 / 40) + math.ceil(40 / 40)
    assert all(r[2]["filter"].count("|") < 100 for r in asked)
    totals = written(site)["totals"]
    assert totals["citations"] == sum(i * 3 for i in range(200))
    assert totals["h_index"] == 150 and totals["i10_index"] == 196
    assert totals["counts_by_year"][2024] == sum(2 * i for i in range(200))


def test_alfolio_keys_and_its_own_tag_show_the_count(apis, tmp_path):
    apis.works.append({"title": "Graphs", "year": 2020, "authors": ["Ada Lovelace"],
                       "doi": "10.1234/graphs", "cited": 1234, "openalex": "W1"})
    apis.works.append({"title": "Strings", "year": 2021, "authors": ["Ada Lovelace"],
                       "inspire": "1750", "cited": 77})
    site = make_site(tmp_path / "site", [
        bib("graphs", "Graphs", 2020, doi="10.1234/graphs", google_scholar_id="AbCdEf"),
        bib("strings", "Strings", 2021, inspirehep_id="1750")],
        config="plugins: [jekyll-scholar]\n", socials="scholar_userid: USER123\n")
    code, out = run(site, ["openalex", "inspire"])
    assert code == 0, out
    papers = written(site)["papers"]
    assert papers["USER123:AbCdEf"]["citations"] == 1234
    assert papers["inspire:1750"] == {**papers["inspire:1750"], "citations": 77,
                                      "source": "inspire", "matched_by": "inspire"}
    # al-folio's bib.liquid calls these tags: they read the file, with al-folio's format.
    (site / "index.md").write_text(
        "---\n---\nGS {% google_scholar_citations site.data.socials.scholar_userid 'AbCdEf' %}"
        " IN {% inspirehep_citations '1750' %}\n", encoding="utf-8")
    build(BuildOptions(source=site))
    html = (site / "_site" / "index.html").read_text(encoding="utf-8")
    assert "GS 1.2K IN 77" in html


def test_inspire_entries_ask_inspire_first(apis, tmp_path):
    apis.works.append({"title": "Branes", "year": 2019, "authors": ["Ada Lovelace"],
                       "inspire": "42", "doi": "10.2000/branes", "cited": 9, "openalex": "W9"})
    site = make_site(tmp_path / "site", [bib("branes", "Branes", 2019, doi="10.2000/branes",
                                             inspirehep_id="42")])
    code, out = run(site, ["openalex", "inspire"])
    assert written(site)["papers"]["inspire:42"]["source"] == "inspire"
    assert not apis.asked("openalex")


def test_semantic_scholar_and_crossref(apis, tmp_path):
    apis.works += [
        {"title": "One", "year": 2020, "authors": ["Ada Lovelace"], "doi": "10.3000/one",
         "cited": 5, "s2": "a" * 40},
        {"title": "Two", "year": 2020, "authors": ["Ada Lovelace"], "arxiv": "2001.00002",
         "cited": 6},
        {"title": "Three of a kind", "year": 2020, "authors": ["Ada Lovelace"], "cited": 7}]
    entries = [bib("one", "One", 2020, doi="10.3000/ONE"), bib("two", "Two", 2020,
                                                              arxiv="2001.00002"),
               bib("three", "Three of a kind", 2020)]
    site = make_site(tmp_path / "s2", entries)
    code, out = run(site, ["semanticscholar"])
    papers = written(site)["papers"]
    assert [papers[k]["citations"] for k in ("one", "two", "three")] == [5, 6, 7]
    assert papers["three"]["matched_by"] == "title"
    method, path, query, body = apis.asked("semanticscholar")[0]
    assert (method, path) == ("POST", "/s2/graph/v1/paper/batch")
    assert b'"DOI:10.3000/one"' in body and b'"ARXIV:2001.00002"' in body

    site = make_site(tmp_path / "crossref", entries)
    code, out = run(site, ["crossref"])
    papers = written(site)["papers"]
    assert papers["one"]["citations"] == 5 and papers["one"]["source"] == "crossref"
    assert "two" not in papers  # Crossref knows no arXiv ids
    assert apis.asked("crossref")[0][2]["filter"] == "doi:10.3000/one"


def test_title_match_needs_the_same_first_author_and_year(apis, tmp_path):
    apis.works += [{"title": "Deep learning of things", "year": 2020,
                    "authors": ["Grace Hopper"], "cited": 50},
                   {"title": "Quantum widgets", "year": 2010, "authors": ["Ada Lovelace"],
                    "cited": 3}]
    site = make_site(tmp_path / "site", [
        bib("deep", "Deep Learning of Things", 2020),  # another first author
        bib("widgets", "Quantum {W}idgets", 2011),  # one year later: the published version
        bib("widgets2", "Quantum widgets", 2015)])  # five years off
    code, out = run(site)
    papers = written(site).get("papers") or {}
    assert "deep" not in papers and "widgets2" not in papers
    assert papers["widgets"]["matched_by"] == "title" and papers["widgets"]["score"] < 1


def test_retry_after_429_and_500_are_retried(apis, tmp_path):
    apis.works.append({"title": "Graphs", "year": 2020, "doi": "10.1234/g", "cited": 3})
    site = make_site(tmp_path / "site", [bib("g", "Graphs", 2020, doi="10.1234/g")])
    apis.fail("openalex", ("status", 429, {"Retry-After": "1"}), ("status", 500))
    started = time.monotonic()
    code, out = run(site)
    assert time.monotonic() - started >= 1.0  # it waited as Retry-After asked
    assert code == 0 and written(site)["papers"]["g"]["citations"] == 3
    assert len(apis.asked("openalex")) == 3


def test_failures_keep_previous_counts_and_say_so(apis, tmp_path):
    apis.works += [{"title": f"T{i}", "year": 2020, "doi": f"10.1234/{i}", "cited": 100 + i}
                   for i in range(80)]
    site = make_site(tmp_path / "site", [bib(f"k{i}", f"T{i}", 2020, doi=f"10.1234/{i}")
                                         for i in range(80)])
    code, _ = run(site)
    before = written(site)["papers"]
    assert before["k79"]["citations"] == 179
    for work in apis.works:
        work["cited"] += 1
    # 40 works per request: the first request is answered, then every try gets a 500.
    original = apis.route_openalex
    calls = {"n": 0}

    def flaky(*args):
        calls["n"] += 1
        return original(*args) if calls["n"] == 1 else (500, {"error": "down"}, None)
    apis.route_openalex = flaky
    code, out = run(site)
    assert code == 0
    papers = written(site)["papers"]
    assert papers["k0"]["citations"] == 101  # fetched this time
    assert papers["k79"]["citations"] == 179  # kept from before
    assert "40 kept their previous count" in out
    assert "HTTP 500 after 3 tries" in out


def test_timeout_malformed_and_unreachable_never_traceback(apis, tmp_path, monkeypatch):
    apis.works.append({"title": "Graphs", "year": 2020, "doi": "10.1234/g", "cited": 3})
    site = make_site(tmp_path / "site", [bib("g", "Graphs", 2020, doi="10.1234/g")])
    apis.fail("openalex", ("slow", 1.5), ("slow", 1.5))
    code, out = run(site, timeout=0.5, retries=1)
    assert code == 0 and "did not answer within 0.5 s (2 tries)" in out

    apis.fail("openalex", ("malformed",))
    code, out = run(site, retries=0)
    assert code == 0 and "malformed JSON" in out

    run(site)
    saved = (site / "_data" / "citations.yml").read_bytes()
    monkeypatch.setenv("SCHOLARSITE_OPENALEX_URL", "http://127.0.0.1:9")  # nothing listens
    code, out = run(site, retries=0)
    assert code == 0 and "no source could be reached (no network?)" in out
    assert (site / "_data" / "citations.yml").read_bytes() == saved

    code, out = run(site, offline=True)
    assert code == 0 and out.count("\n") == 1 and "--offline" in out


def test_command_line(apis, tmp_path, capsys):
    apis.works.append({"title": "Graphs", "year": 2020, "doi": "10.1234/g", "cited": 3})
    site = make_site(tmp_path / "site", [bib("g", "Graphs", 2020, doi="10.1234/g")])
    assert main(["citations", "-s", str(site), "--sources", "openalex", "--retries", "0"]) == 0
    assert "wrote _data/citations.yml: 1 of 1 entries counted" in capsys.readouterr().out
    assert main(["citations", "-s", str(site), "--sources", "scholar"]) == 1
    assert "unknown citation source 'scholar'" in capsys.readouterr().err
    (site / "_data" / "citations.yml").write_text("papers: [1, 2\n", encoding="utf-8")
    assert main(["citations", "-s", str(site)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("_data/citations.yml:") and "not valid YAML" in err


def test_the_bundled_theme_shows_counts_chart_and_stale_dates(tmp_path):
    site = tmp_path / "site"
    assert main(["new", str(site)]) == 0
    build(BuildOptions(source=site))
    page = (site / "_site" / "publications" / "index.html").read_text(encoding="utf-8")
    assert 'class="citation-count"' not in page and "citations-chart" not in page  # no file

    bibtext = (site / "_bibliography" / "papers.bib").read_text(encoding="utf-8")
    key = re.search(r"@article\{([^,]+),", bibtext).group(1)
    (site / "_data" / "citations.yml").write_text(yaml.safe_dump({
        "metadata": {"last_updated": "2025-03-01"},
        "totals": {"citations": 12, "h_index": 1, "i10_index": 1,
                   "counts_by_year": {2023: 4, 2024: 8}},
        "papers": {key: {"title": "x", "citations": 12, "key": key, "source": "openalex",
                         "updated": "2025-03-01"}}}), encoding="utf-8")
    build(BuildOptions(source=site))
    page = (site / "_site" / "publications" / "index.html").read_text(encoding="utf-8")
    assert 'title="12 citations according to OpenAlex, as of 2025-03-01">Cited by 12<' in page
    assert 'aria-label="Citations per year, 2023 to 2024: 2023: 4, 2024: 8"' in page
    assert "As of March 1, 2025." in page and "<dd>12</dd>" in page


def test_an_alfolio_sites_own_bib_layout_shows_the_badges(apis, tmp_path):
    """al-folio v0.x's bib.liquid puts the count in a shields.io badge, through its tag
    and ``site.scholar_userid`` from _config.yml; nothing in the site changes."""
    apis.works.append({"title": "Graphs", "year": 2020, "authors": ["Ada Lovelace"],
                       "doi": "10.1234/graphs", "cited": 1234, "openalex": "W1"})
    site = make_site(tmp_path / "site", [
        bib("graphs", "Graphs", 2020, doi="10.1234/graphs", google_scholar_id="AbCdEf")],
        config="scholar_userid: USER123\nplugins: [jekyll-scholar]\n"
               "scholar:\n  bibliography: papers.bib\n  bibliography_template: bib\n")
    (site / "_layouts").mkdir()
    (site / "_layouts" / "bib.liquid").write_text(
        "---\n---\n<div>{{ entry.title }}{% if entry.google_scholar_id %}"
        '<img src="https://img.shields.io/badge/scholar-{% google_scholar_citations '
        'site.scholar_userid entry.google_scholar_id %}-4285F4?logo=googlescholar">'
        "{% endif %}</div>\n", encoding="utf-8")
    (site / "publications.md").write_text("---\n---\n{% bibliography %}\n", encoding="utf-8")
    build(BuildOptions(source=site))
    page = (site / "_site" / "publications.html").read_text(encoding="utf-8")
    assert "badge/scholar-N/A-4285F4" in page  # no file yet: what al-folio shows
    assert run(site)[0] == 0
    build(BuildOptions(source=site))
    page = (site / "_site" / "publications.html").read_text(encoding="utf-8")
    assert "badge/scholar-1.2K-4285F4" in page


def test_an_empty_papers_mapping_is_no_problem(apis, tmp_path):
    apis.works.append({"title": "Graphs", "year": 2020, "doi": "10.1234/g", "cited": 3})
    site = make_site(tmp_path / "site", [bib("g", "Graphs", 2020, doi="10.1234/g"),
                                         bib("h", "Unknown", 2020)])
    (site / "_data").mkdir()
    (site / "_data" / "citations.yml").write_text("metadata:\npapers:\n", encoding="utf-8")
    code, out = run(site)
    assert code == 0 and written(site)["papers"]["g"]["citations"] == 3
    assert "1 entries have no DOI" in out
