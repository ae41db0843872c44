"""Bad input: one located line on stderr, exit status 1, no traceback, old output kept."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

GOOD_PAGE = "---\nlayout: plain\ntitle: Home\n---\n\nHello **world**.\n"


def make_site(root: Path) -> Path:
    (root / "_layouts").mkdir(parents=True)
    (root / "_includes").mkdir()
    (root / "_config.yml").write_text("title: Errors\n")
    (root / "_layouts" / "plain.html").write_text("<main>{{ content }}</main>\n")
    (root / "_includes" / "note.html").write_text("<p>note</p>\n")
    (root / "index.md").write_text(GOOD_PAGE)
    return root


def run_build(source: Path, dest: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "scholarsite", "build", "-s", str(source), "-d", str(dest), *extra],
        capture_output=True, text=True, timeout=120)


@pytest.fixture
def built_site(tmp_path):
    source = make_site(tmp_path / "site")
    dest = tmp_path / "out"
    first = run_build(source, dest)
    assert first.returncode == 0, first.stderr
    assert "Hello <strong>world</strong>" in (dest / "index.html").read_text()
    return source, dest


BROKEN = {
    # name: (file to write, its content, expected "path:line" prefix, words in the message)
    "bad yaml in front matter": (
        "index.md", "---\ntitle: Home\nlayout: [plain\n---\nText\n", "index.md:4:", "YAML"),
    "bad yaml in config": (
        "_config.yml", "title: Errors\nurl: : bad\n  x: 1\n", "_config.yml:2:", "YAML"),
    "bad liquid": (
        "index.md", "---\nlayout: plain\n---\n\nLine five\n{% if page.title %}\nno end\n",
        "index.md:6:", "Liquid"),
    "unknown filter in strict mode": (
        "_config.yml", "liquid:\n  strict_filters: true\n", None, None),
    "missing include": (
        "index.md", "---\nlayout: plain\n---\nOne\nTwo\n\n{% include missing.html %}\n",
        "index.md:7:", "missing.html"),
    "missing include_relative": (
        "index.md", "---\nlayout: plain\n---\n{% include_relative _parts/gone.md %}\n",
        "index.md:4:", "gone.md"),
    "not utf-8": (
        "index.md", b"---\ntitle: x\n---\n\nCaf\xe9 au lait\n", "index.md:5:", "UTF-8"),
    "bad data file": (
        "_data/people.yml", "- name: A\n  role: [x\n", "_data/people.yml:", "YAML"),
}


@pytest.mark.parametrize("case", [k for k, v in BROKEN.items() if v[2]])
def test_error_is_one_located_line_and_output_survives(built_site, case):
    source, dest = built_site
    name, content, prefix, words = BROKEN[case]
    target = source / name
    target.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        target.write_bytes(content)
    else:
        target.write_text(content)
    before = (dest / "index.html").read_bytes()

    result = run_build(source, dest)

    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(prefix), lines[0]
    assert words in lines[0]
    assert "Traceback" not in result.stderr
    assert (dest / "index.html").read_bytes() == before
    assert not list(dest.parent.glob(".out.scholarsite-*")), "staging folder left behind"


def test_unknown_layout_is_a_located_warning_and_strict_makes_it_an_error(built_site):
    source, dest = built_site
    (source / "index.md").write_text("---\ntitle: Home\nlayout: nowhere\n---\nBody text\n")
    before = (dest / "index.html").read_bytes()

    lax = run_build(source, dest)
    assert lax.returncode == 0
    assert "index.md:3: warning: layout 'nowhere' does not exist" in lax.stderr
    assert "Body text" in (dest / "index.html").read_text()

    (source / "index.md").write_text(GOOD_PAGE)
    assert run_build(source, dest).returncode == 0
    before = (dest / "index.html").read_bytes()
    (source / "index.md").write_text("---\ntitle: Home\nlayout: nowhere\n---\nBody text\n")
    strict = run_build(source, dest, "--strict")
    assert strict.returncode == 1
    assert strict.stderr.startswith("index.md:3: layout 'nowhere' does not exist")
    assert (dest / "index.html").read_bytes() == before


def test_missing_include_inside_html_comment_only_warns(built_site):
    source, dest = built_site
    (source / "index.md").write_text(
        "---\nlayout: plain\n---\nVisible\n<!-- {% include_relative _includes/services.md %} -->\n")
    result = run_build(source, dest)
    assert result.returncode == 0, result.stderr
    assert "index.md:5:" in result.stderr and "warning" in result.stderr
    assert "Visible" in (dest / "index.html").read_text()


def test_strict_filters_from_config(built_site):
    source, dest = built_site
    (source / "_config.yml").write_text("liquid:\n  strict_filters: true\n")
    (source / "index.md").write_text("---\nlayout: plain\n---\n\n{{ 'x' | no_such_filter }}\n")
    result = run_build(source, dest)
    assert result.returncode == 1
    assert result.stderr.startswith("index.md:5:")
    assert "no_such_filter" in result.stderr


def test_unknown_filter_is_ignored_in_lax_mode(built_site):
    source, dest = built_site
    (source / "index.md").write_text("---\nlayout: plain\n---\n\n{{ 'kept' | no_such_filter }}\n")
    result = run_build(source, dest)
    assert result.returncode == 0, result.stderr
    assert "kept" in (dest / "index.html").read_text()


def test_missing_source_folder(tmp_path):
    result = run_build(tmp_path / "nope", tmp_path / "out")
    assert result.returncode == 1
    assert "source folder not found" in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_plugin_tag_names_the_tag_and_the_line(built_site):
    source, dest = built_site
    (source / "_layouts" / "plain.html").write_text("<main>\n{% jupyter_notebook x.ipynb %}{{ content }}</main>\n")
    result = run_build(source, dest)
    assert result.returncode == 1
    assert result.stderr.startswith("_layouts/plain.html:2:")
    assert "unknown tag 'jupyter_notebook'" in result.stderr


def test_bad_include_parameters_are_located(built_site):
    source, dest = built_site
    (source / "index.md").write_text("---\nlayout: plain\n---\n\n{% include note.html foo %}\n")
    result = run_build(source, dest)
    assert result.returncode == 1
    assert result.stderr.startswith("index.md:5:")
    assert "include parameters" in result.stderr


def test_strict_variables_from_config(built_site):
    source, dest = built_site
    (source / "index.md").write_text("---\nlayout: plain\n---\n\n{{ page.no_such_key }}\n")
    lax = run_build(source, dest)
    assert lax.returncode == 0, lax.stderr
    (source / "_config.yml").write_text("liquid:\n  strict_variables: true\n")
    strict = run_build(source, dest)
    assert strict.returncode == 1
    assert strict.stderr.startswith("index.md:5:")
    assert "no_such_key" in strict.stderr
