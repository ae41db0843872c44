"""The CV: one model from RenderCV's _data/cv.yml, JSON Resume or al-folio's list format,
shown by the bundled theme's cv layout and typeset as a PDF (Typst) by the same build."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from scholarsite.build import BuildOptions, build
from scholarsite.cli import main
from scholarsite.cv import pdf as cv_pdf

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                   reason="pdftotext (poppler-utils) is not installed")


def pdf_text(path: Path) -> str:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout
    return " ".join(text.split())


def new_site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    assert main(["new", str(site)]) == 0
    return site


@needs_poppler
def test_rendercv_data_makes_the_page_and_a_pdf_with_every_entry(tmp_path):
    site = new_site(tmp_path)
    build(BuildOptions(source=site))
    page = (site / "_site" / "cv" / "index.html").read_text(encoding="utf-8")
    text = pdf_text(site / "_site" / "assets" / "pdf" / "cv.pdf")
    for expected in ("Ada Lovelace", "Mathematician and writer on the Analytical Engine",
                     "ada@example.org", "GitHub: ada-example", "SUMMARY", "EDUCATION",
                     "Private tutoring with Augustus De Morgan", "Studies in Mathematics",
                     "July 1840 – June 1843", "EXPERIENCE", "Analytical Engine project",
                     "Note G gives the first published algorithm", "PUBLICATIONS",
                     "Sketch of the Analytical Engine", "SKILLS", "Mathematics: Analysis",
                     "HONORS", "Correspondence with Charles Babbage"):
        assert expected in text, expected
    assert '<a class="btn cv-pdf" href="/assets/pdf/cv.pdf">' in page
    assert "<strong>Bernoulli numbers</strong>" in page  # Markdown in the data
    assert "<strong>Ada Lovelace</strong>" in page  # the owner, in papers from the BibTeX
    assert "<h2>Publications</h2>" in page and "Scientific Memoirs" in page


def test_an_unchanged_cv_is_not_typeset_again(tmp_path):
    site = new_site(tmp_path)
    build(BuildOptions(source=site))
    runs = cv_pdf.compile_count
    first = (site / "_site" / "assets" / "pdf" / "cv.pdf").read_bytes()
    (site / "_pages" / "about.md").write_text("---\nlayout: about\n---\nChanged.\n")
    build(BuildOptions(source=site))
    assert cv_pdf.compile_count == runs
    assert (site / "_site" / "assets" / "pdf" / "cv.pdf").read_bytes() == first
    cv = site / "_data" / "cv.yml"
    cv.write_text(cv.read_text().replace("Mathematician and writer", "Mathematician"))
    build(BuildOptions(source=site))
    assert cv_pdf.compile_count == runs + 1


@needs_poppler
def test_json_resume_and_the_users_own_pdf(tmp_path, capsys):
    site = new_site(tmp_path)
    (site / "_data" / "cv.yml").unlink()
    (site / "assets" / "json").mkdir(parents=True)
    (site / "assets" / "json" / "resume.json").write_text(json.dumps({
        "basics": {"name": "Grace Hopper", "label": "Computer scientist",
                   "email": "grace@example.org", "location": {"city": "Arlington",
                                                              "region": "VA"},
                   "profiles": [{"network": "ORCID", "username": "0000-0000-0000-0001"}]},
        "work": [{"name": "US Navy", "position": "Rear Admiral", "startDate": "1943-12",
                  "endDate": "1986-08", "highlights": ["Led COBOL's standardisation"]}],
        "education": [{"institution": "Yale University", "area": "Mathematics",
                       "studyType": "PhD", "startDate": "1930", "endDate": "1934"}],
        "skills": [{"name": "Languages", "keywords": ["FLOW-MATIC", "COBOL"]}],
        "awards": [{"title": "National Medal of Technology", "date": "1991",
                    "awarder": "United States"}]}), encoding="utf-8")
    build(BuildOptions(source=site))
    text = pdf_text(site / "_site" / "assets" / "pdf" / "cv.pdf")
    for expected in ("Grace Hopper", "Computer scientist", "Arlington, VA", "EXPERIENCE",
                     "US Navy", "Rear Admiral", "Dec 1943 – Aug 1986",
                     "Led COBOL's standardisation", "Yale University", "PhD in Mathematics",
                     "Languages: FLOW-MATIC, COBOL", "National Medal of Technology",
                     "ORCID: 0000-0000-0000-0001"):
        assert expected in text, expected
    page = (site / "_site" / "cv" / "index.html").read_text(encoding="utf-8")
    assert "Rear Admiral" in page and "https://orcid.org/0000-0000-0000-0001" in page

    own = b"%PDF-1.4 my own CV\n"
    (site / "assets" / "pdf").mkdir(parents=True, exist_ok=True)
    (site / "assets" / "pdf" / "cv.pdf").write_bytes(own)
    capsys.readouterr()
    build(BuildOptions(source=site))
    assert (site / "_site" / "assets" / "pdf" / "cv.pdf").read_bytes() == own
    assert "note: the CV PDF at /assets/pdf/cv.pdf is your own file" in capsys.readouterr().err


def test_the_older_alfolio_list_still_renders_and_mistakes_are_warnings(tmp_path, capsys):
    site = new_site(tmp_path)
    (site / "_data" / "cv.yml").write_text(
        "- title: General Information\n  type: map\n  contents:\n"
        "    - name: Full Name\n      value: Ada Lovelace\n"
        "- title: Education\n  type: time_table\n  contents:\n"
        "    - title: Studies\n      institution: London\n      year: 1840\n"
        "      description:\n        - Mathematics\n", encoding="utf-8")
    build(BuildOptions(source=site))
    page = (site / "_site" / "cv" / "index.html").read_text(encoding="utf-8")
    assert '<table class="cv-map">' in page and "<th scope=\"row\">Full Name</th>" in page
    assert (site / "_site" / "assets" / "pdf" / "cv.pdf").read_bytes().startswith(b"%PDF")

    (site / "_data" / "cv.yml").unlink()
    (site / "_data" / "resume.json").write_text('{"basics": {"name": "x",}}')
    capsys.readouterr()
    assert main(["build", "-s", str(site), "-q"]) == 1  # _data/*.json is read as data first
    err = capsys.readouterr().err
    assert "_data/resume.json" in err and "Traceback" not in err
    (site / "_data" / "resume.json").unlink()
    (site / "assets" / "json").mkdir(parents=True, exist_ok=True)
    (site / "assets" / "json" / "resume.json").write_text('{"basics": {"name": "x",}}')
    assert main(["build", "-s", str(site), "-q"]) == 0
    err = capsys.readouterr().err
    assert "assets/json/resume.json:1: warning: the CV cannot be read: not valid JSON" in err

    (site / "assets" / "json" / "resume.json").write_text('{"basics": {"name": "x"}}')
    with open(site / "_config.yml", "a", encoding="utf-8") as config:
        config.write("cv_pdf:\n  paper: letter\n")
    assert main(["build", "-s", str(site), "-q"]) == 0
    assert "cv_pdf.paper must be one of a4, a5, us-legal, us-letter" in capsys.readouterr().err
    with open(site / "_config.yml", "a", encoding="utf-8") as config:
        config.write("  template: mine.typ\n")
    assert main(["build", "-s", str(site), "-q"]) == 0
    assert "cv_pdf.template 'mine.typ' not found" in capsys.readouterr().err
