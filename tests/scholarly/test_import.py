"""`scholarsite import` against a real HTTP server on 127.0.0.1 answering as ORCID,
Crossref, OpenAlex, DBLP and arXiv document their endpoints."""

from __future__ import annotations

import io
from pathlib import Path

from scholarsite.cli import main
from scholarsite.scholar.bibtex import parse_text
from scholarsite.scholarly import imports
from scholarsite.scholarly.http import Client

ORCID = "0000-0002-1825-0097"

# A file with its own habits: tab indent, aligned '=', "Last, First" names, keys like
# lovelace1843notes, a trailing comma, local fields, LaTeX accents, CRLF line ends.
EXISTING = (
    "% My papers\r\n"
    "@string{jsm = {Journal of Strange Mathematics}}\r\n\r\n"
    "@article{lovelace1843notes,\r\n"
    "\tauthor   = {Lovelace, Ada and Babbage, Charles},\r\n"
    "\ttitle    = {Notes on the Analytical Engine},\r\n"
    "\tjournal  = jsm,\r\n"
    "\tyear     = {1843},\r\n"
    "\tdoi      = {10.1000/NOTES.1843},\r\n"
    "\tpdf      = {notes.pdf},\r\n"
    "\tselected = {true},\r\n"
    "}\r\n\r\n"
    "@article{schrodinger1926undulatory,\r\n"
    "\tauthor  = {Schr{\\\"o}dinger, Erwin},\r\n"
    "\ttitle   = {An Undulatory Theory of the Mechanics of Atoms and Molecules},\r\n"
    "\tjournal = {Physical Review},\r\n"
    "\tyear    = {1926},\r\n"
    "\tabbr    = {PR},\r\n"
    "}\r\n")

RECORD = [
    # already in the file, by DOI written otherwise
    {"orcid_put_code": 1, "title": "Notes on the analytical engine", "year": 1843,
     "doi": "10.1000/notes.1843", "authors": ["Ada Lovelace"], "venue": "JSM"},
    # already in the file, by title with accents (ORCID has no DOI for it)
    {"orcid_put_code": 2, "title": "An undulatory theory of the mechanics of atoms and "
     "molecules", "year": 1926, "authors": ["Erwin Schrödinger"]},
    # a preprint and its publication: one new entry with both ids
    {"orcid_put_code": 3, "title": "Computing Machinery and Intelligence", "year": 1949,
     "arxiv": "4901.00001", "authors": ["Alan Turing"], "orcid_type": "preprint"},
    {"orcid_put_code": 4, "title": "Computing machinery and intelligence", "year": 1950,
     "doi": "10.1093/mind/LIX.236.433", "authors": ["Alan Turing"], "venue": "Mind"},
    # new, and with characters BibTeX must escape
    {"orcid_put_code": 5, "title": "Sets & Spaces: 100% of Them", "year": 2001,
     "doi": "10.2000/sets", "authors": ["Ludwig van Beethoven", "Grace Hopper"],
     "venue": "Annals"},
]


def site_with(tmp_path: Path, text: str = EXISTING) -> Path:
    site = tmp_path / "site"
    (site / "_bibliography").mkdir(parents=True)
    (site / "_bibliography" / "papers.bib").write_bytes(text.encode("utf-8"))
    (site / "_config.yml").write_text("title: t\n", encoding="utf-8")
    return site


def run(site, specs, dry_run=False, offline=False, **client):
    out = io.StringIO()
    code = imports.run(site, specs, None, dry_run, offline,
                       Client(**{"timeout": 2, "retries": 1, "backoff": 0.01, **client}), out)
    return code, out.getvalue()


def test_orcid_adds_exactly_the_missing_works_in_the_files_style(apis, tmp_path):
    apis.orcid_works[ORCID] = RECORD
    site = site_with(tmp_path)
    path = site / "_bibliography" / "papers.bib"
    code, out = run(site, [f"orcid:{ORCID}"])
    assert code == 0, out
    after = path.read_bytes()
    assert after.startswith(EXISTING.encode())  # byte for byte before the added entries
    added = after[len(EXISTING.encode()):].decode()
    assert "\n" not in added.replace("\r\n", "")  # CRLF kept
    added = added.replace("\r\n", "\n")
    assert added == (
        "\n@article{turing1950computing,\n"
        "\tauthor        = {Turing, Alan},\n"
        "\ttitle         = {Computing machinery and intelligence},\n"
        "\tjournal       = {Mind},\n"
        "\tyear          = {1950},\n"
        "\tdoi           = {10.1093/mind/lix.236.433},\n"
        "\teprint        = {4901.00001},\n"
        "\tarchiveprefix = {arXiv},\n"
        "}\n\n"
        "@article{beethoven2001sets,\n"
        "\tauthor  = {van Beethoven, Ludwig and Hopper, Grace},\n"
        "\ttitle   = {Sets \\& Spaces: 100\\% of Them},\n"
        "\tjournal = {Annals},\n"
        "\tyear    = {2001},\n"
        "\tdoi     = {10.2000/sets},\n"
        "}\n")
    entries = {e.key: e for e in parse_text(after.decode(), "papers.bib").entries}
    assert set(entries) == {"lovelace1843notes", "schrodinger1926undulatory",
                            "turing1950computing", "beethoven2001sets"}
    turing = entries["turing1950computing"]
    assert turing.fields["doi"] == "10.1093/mind/lix.236.433"
    assert turing.fields["eprint"] == "4901.00001" and turing.fields["journal"] == "Mind"
    assert turing.fields["author"] == "Turing, Alan"
    sets = entries["beethoven2001sets"]
    assert sets.fields["title"] == r"Sets \& Spaces: 100\% of Them"
    assert sets.fields["author"] == "van Beethoven, Ludwig and Hopper, Grace"
    assert "2 new, 2 already in _bibliography/papers.bib, 1 merged" in out

    # Twice in a row: nothing more.
    code, out = run(site, [f"orcid:{ORCID}"])
    assert path.read_bytes() == after and "added 0 new, 4 already" in out
    # Local fields of existing entries are untouched (the bytes above say so too).
    assert entries["lovelace1843notes"].fields["pdf"] == "notes.pdf"


def test_dry_run_prints_and_changes_nothing(apis, tmp_path):
    apis.orcid_works[ORCID] = RECORD
    site = site_with(tmp_path)
    before = (site / "_bibliography" / "papers.bib").read_bytes()
    code, out = run(site, [f"orcid:{ORCID}"], dry_run=True)
    assert code == 0 and "@article{turing1950computing," in out
    assert "would add 2 new" in out
    assert (site / "_bibliography" / "papers.bib").read_bytes() == before


def test_doi_arxiv_dblp_and_openalex(apis, tmp_path):
    apis.works.append({"title": "Graph <i>colouring</i>", "year": 2020, "doi": "10.5555/graph",
                       "authors": ["Ada Lovelace", "Alan Turing"], "venue": "J. Graphs",
                       "volume": "3", "pages": "1-10", "type": "journal-article"})
    apis.works.append({"title": "Attention   is all\n you need", "year": 2017,
                       "arxiv": "1706.03762", "authors": ["Ashish Vaswani"]})
    site = site_with(tmp_path, "")
    code, out = run(site, ["doi:https://doi.org/10.5555/GRAPH", "arxiv:1706.03762v5"])
    assert code == 0, out
    text = (site / "_bibliography" / "papers.bib").read_text()
    entries = {e.key: e for e in parse_text(text, "x").entries}
    assert entries["lovelace2020graph"].fields == {
        "author": "Ada Lovelace and Alan Turing", "title": "Graph colouring",
        "journal": "J. Graphs", "volume": "3", "pages": "1--10", "year": "2020",
        "doi": "10.5555/graph"}
    assert entries["vaswani2017attention"].fields["eprint"] == "1706.03762"
    assert entries["vaswani2017attention"].fields["title"] == "Attention is all you need"
    assert text.startswith("@article{lovelace2020graph,\n  author = {")

    apis.dblp_people["t/AlanTuring"] = [
        {"title": "On computable numbers", "year": 1936, "authors": ["Alan Turing 0001"],
         "venue": "Proc. LMS", "doi": "10.1112/plms/s2-42.1.230", "dblp_key": "journals/x/T36"},
        {"title": "Attention is all you need", "year": 2017, "authors": ["Ashish Vaswani"],
         "venue": "CoRR", "arxiv": "1706.03762"}]
    code, out = run(site, ["dblp:t/AlanTuring"])
    assert "1 new, 1 already" in out
    assert "author = {Alan Turing}" in (site / "_bibliography" / "papers.bib").read_text()

    apis.openalex_authors["A42"] = [
        {"title": "On computable numbers", "year": 1936, "doi": "10.1112/PLMS/S2-42.1.230",
         "authors": ["A. M. Turing"], "openalex": "W1"},
        {"title": "Intelligent machinery", "year": 1948, "authors": ["Alan Turing"],
         "openalex": "W2", "venue": "Report"}]
    code, out = run(site, ["openalex:A42"])
    assert "1 new, 1 already" in out and "turing1948intelligent" in out


def test_mistakes_and_failures_are_one_line(apis, tmp_path, capsys):
    site = site_with(tmp_path)
    before = (site / "_bibliography" / "papers.bib").read_bytes()
    assert main(["import", "-s", str(site), "orcid:1234"]) == 1
    assert "is not an ORCID iD" in capsys.readouterr().err
    assert main(["import", "-s", str(site), "scholar:xyz"]) == 1
    assert "cannot import 'scholar:xyz': write it as one of orcid:" in capsys.readouterr().err
    assert main(["import", "-s", str(site), f"orcid:{ORCID}", "--retries", "0"]) == 1
    assert "ORCID has no public record" in capsys.readouterr().err
    apis.orcid_works[ORCID] = RECORD
    apis.fail("orcid", ("malformed",))
    assert main(["import", "-s", str(site), f"orcid:{ORCID}", "--retries", "0"]) == 1
    err = capsys.readouterr().err
    assert "malformed JSON" in err and "nothing imported" in err and err.count("\n") == 1
    apis.fail("orcid", ("status", 503), ("status", 503))
    assert main(["import", "-s", str(site), f"orcid:{ORCID}", "--retries", "1"]) == 1
    assert "HTTP 503 after 2 tries" in capsys.readouterr().err
    assert main(["import", "-s", str(site), f"orcid:{ORCID}", "--offline"]) == 0
    assert "--offline: nothing imported" in capsys.readouterr().out
    assert (site / "_bibliography" / "papers.bib").read_bytes() == before
