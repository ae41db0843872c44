"""Bad input: one located line on stderr, exit status 1, no traceback, old output kept."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from scholarsite.cli import main

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
    "raw never closed": (
        "index.md", "---\nlayout: plain\n---\n\n{% raw %} never closed\n",
        "index.md:5:", "'raw' tag is never closed (add {% endraw %})"),
    "script url in config": (
        "_config.yml", 'title: Errors\nurl: "javascript:alert(1)//"\n',
        "_config.yml:2", "url 'javascript:alert(1)//' is not a web address"),
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
    "front matter never closed": (
        "index.md", "---\nlayout: plain\ntitle: Home\n\nText\n", "index.md:1:1:",
        "front matter is never closed"),
    "stray end tag in a page": (
        "index.md", "---\nlayout: plain\n---\n\nText {% endif %}\n", "index.md:5:",
        "'{% endif %}' is out of place"),
    "include leaving _includes": (
        "index.md", "---\nlayout: plain\n---\n\n{% include ../../etc/passwd %}\n", "index.md:5:",
        "include path '../../etc/passwd' leads out of _includes/"),
    "include_relative leaving the folder": (
        "index.md", "---\nlayout: plain\n---\n\n{% include_relative ../../../etc/passwd %}\n",
        "index.md:5:", "include_relative path '../../../etc/passwd' leads out"),
    "absolute include path": (
        "index.md", "---\nlayout: plain\n---\n\n{% include /etc/passwd %}\n", "index.md:5:",
        "included file '/etc/passwd' not found in _includes/"),
    "absolute include_relative path": (
        "index.md", "---\nlayout: plain\n---\n\n{% include_relative /etc/passwd %}\n", "index.md:5:",
        "included file '/etc/passwd' not found next to the page"),
    "impossible date in a post's front matter": (
        "_posts/2024-02-03-x.md", "---\nlayout: plain\ntitle: X\ndate: 2024-13-45\n---\nText\n",
        "_posts/2024-02-03-x.md:4:", "invalid date '2024-13-45'"),
    "unreadable date in a post's front matter": (
        "_posts/2024-02-03-x.md", "---\ndate: next tuesday-ish\n---\nText\n",
        "_posts/2024-02-03-x.md:2:", "invalid date 'next tuesday-ish'"),
    "post dated past year 9999 in UTC": (
        "_posts/2024-02-03-x.md", "---\ntitle: X\ndate: 9999-12-31 23:59:59 -1200\n---\nT\n",
        "_posts/2024-02-03-x.md:3:", "lies outside the years 1 to 9999 once moved to UTC"),
    "post dated before year 1 in UTC": (
        "_posts/2024-02-03-x.md", "---\ntitle: X\ndate: 0001-01-01 00:00:00 +1400\n---\nT\n",
        "_posts/2024-02-03-x.md:3:", "lies outside the years 1 to 9999"),
    "impossible date in a post's file name": (
        "_posts/2024-02-31-x.md", "---\nlayout: plain\n---\nText\n",
        "_posts/2024-02-31-x.md: ", "impossible date 2024-02-31 in the file name"),
}


def write_files(source: Path, files: dict[str, str | bytes]) -> None:
    for name, content in files.items():
        target = source / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content)


def assert_fails_with_one_line(source: Path, dest: Path, prefix: str, words: str) -> str:
    """Build, expecting exit 1, one ``path:line:col: message`` line, the old output kept."""
    before = (dest / "index.html").read_bytes()
    result = run_build(source, dest)
    assert result.returncode == 1, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(prefix), lines[0]
    assert words in lines[0]
    assert "Traceback" not in result.stderr
    assert (dest / "index.html").read_bytes() == before
    assert not list(dest.parent.glob(".out.scholarsite-*")), "staging folder left behind"
    return lines[0]


@pytest.mark.parametrize("case", [k for k, v in BROKEN.items() if v[2]])
def test_error_is_one_located_line_and_output_survives(built_site, case):
    source, dest = built_site
    name, content, prefix, words = BROKEN[case]
    write_files(source, {name: content})
    assert_fails_with_one_line(source, dest, prefix, words)


INDEX_WITH = "---\nlayout: {layout}\n---\n\n{body}\n"

BROKEN_SETS = {
    # name: (files to write, expected "path:line" prefix, words in the message)
    "include cycle": (
        {"_includes/a.html": "A {% include b.html %}", "_includes/b.html": "B\n{% include a.html %}",
         "index.md": INDEX_WITH.format(layout="plain", body="{% include a.html %}")},
        "_includes/b.html:2:", "_includes/a.html -> _includes/b.html -> _includes/a.html comes back"),
    "include including itself": (
        {"_includes/a.html": "A {% for i in (1..2) %}{% include a.html %}{% endfor %}",
         "index.md": INDEX_WITH.format(layout="plain", body="{% include a.html %}")},
        "_includes/a.html:1:", "_includes/a.html -> _includes/a.html comes back"),
    "layout cycle": (
        {"_layouts/a.html": "---\nlayout: b\n---\nA {{ content }}",
         "_layouts/b.html": "---\ntitle: B\nlayout: a\n---\nB {{ content }}",
         "index.md": INDEX_WITH.format(layout="a", body="Text")},
        "_layouts/b.html:3: ", "layout cycle: a -> b -> a"),
    "layout naming itself": (
        {"_layouts/a.html": "---\nlayout: a\n---\nA {{ content }}",
         "index.md": INDEX_WITH.format(layout="a", body="Text")},
        "_layouts/a.html:2: ", "layout cycle: a -> a"),
}

# Two files written to one place: Jekyll warns and the last one it writes stays (pages,
# then static files, then collection documents). name: (files, warning prefix, words,
# the file whose text is written, a word of it).
CONFLICTS = {
    "page and html page with one output": (
        {"index.html": "---\nlayout: plain\n---\n<p>Other</p>\n"}, "index.md:",
        "index.html and index.md are all written to index.html", "index.html", "Hello"),
    "two permalinks the same": (
        {"other.md": "---\ntitle: Other\npermalink: /\n---\nOther\n"}, "other.md:3:",
        "index.md and other.md are all written to index.html", "index.html", "Other"),
    "markdown and html page with one output": (
        {"about.md": "---\ntitle: A\n---\nA\n", "about.html": "---\ntitle: B\n---\nB\n"},
        "about.md:", "about.html and about.md are all written to about.html", "about.html", "A"),
    "static file and page with one output": (
        {"notes.html": "<p>static</p>\n", "notes.md": "---\n---\nMarkdown page\n"},
        "notes.md:", "notes.md and notes.html are all written to notes.html", "notes.html",
        "static"),
    "post and page with one output": (
        {"_posts/2024-01-01-x.md": "---\npermalink: /x.html\n---\nthe post\n",
         "x.md": "---\npermalink: /x.html\n---\nthe page\n"},
        "_posts/2024-01-01-x.md:2:", "x.md and _posts/2024-01-01-x.md are all written to x.html",
        "x.html", "the post"),
}


@pytest.mark.parametrize("case", CONFLICTS)
def test_two_files_in_one_place_warn_and_the_one_jekyll_writes_stays(built_site, case):
    source, dest = built_site
    files, prefix, words, output, text = CONFLICTS[case]
    write_files(source, files)
    result = run_build(source, dest)
    assert result.returncode == 0, result.stderr
    warning = next(line for line in result.stderr.splitlines() if words in line)
    assert warning.startswith(prefix) and ": warning: " in warning, warning
    assert text in (dest / output).read_text()
    before = (dest / output).read_bytes()
    strict = run_build(source, dest, "--strict")
    assert strict.returncode == 1 and words in strict.stderr
    assert (dest / output).read_bytes() == before


@pytest.mark.parametrize("case", BROKEN_SETS)
def test_error_across_files_is_one_located_line(built_site, case):
    source, dest = built_site
    files, prefix, words = BROKEN_SETS[case]
    write_files(source, files)
    assert_fails_with_one_line(source, dest, prefix, words)


def test_recursive_include_that_stops_still_works(built_site):
    source, dest = built_site
    write_files(source, {
        "_includes/count.html": "{% assign n = n | plus: 1 %}[{{ n }}]"
                                "{% if n < 12 %}{% include count.html %}{% endif %}",
        "index.md": INDEX_WITH.format(layout="plain", body="{% assign n = 0 %}{% include count.html %}")})
    result = run_build(source, dest)
    assert result.returncode == 0, result.stderr
    assert "[1][2][3][4][5][6][7][8][9][10][11][12]" in (dest / "index.html").read_text()


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


LAX_STATEMENTS = {
    # what Ruby Liquid's strict parser refuses and its lax parser reads: (markup, output)
    "parenthesised filter chain": ("{{ (page.title | size) }}", "[4]"),
    "'or' after an assignment": ("{% assign v = page.nothing or page.title %}{{ v }}", "[]"),
    "filter in a for tag": ("{% for i in (1..5) | limit: 2 %}{{ i }}{% endfor %}", "[12]"),
    "quoted filter name": ("{{ page.title | 'upcase' }}", "[HOME]"),
}


@pytest.mark.parametrize("case", LAX_STATEMENTS)
def test_liquid_error_mode_decides_what_a_lax_statement_does(built_site, case):
    """Jekyll's liquid.error_mode: warn (its default) reads the statement laxly and says
    so where it is; lax reads it silently; strict stops at it."""
    source, dest = built_site
    markup, output = LAX_STATEMENTS[case]
    (source / "index.md").write_text(f"---\nlayout: plain\ntitle: Home\n---\n\n[{markup}]\n")
    warned = run_build(source, dest)
    assert warned.returncode == 0, warned.stderr
    assert warned.stderr.startswith("index.md:6:") and "warning: Liquid syntax error" in warned.stderr
    assert output in (dest / "index.html").read_text()
    for mode, code in (("lax", 0), ("strict", 1)):
        (source / "_config.yml").write_text(f"liquid:\n  error_mode: {mode}\n")
        result = run_build(source, dest)
        assert result.returncode == code, result.stderr
        assert ("warning" in result.stderr) is False
        if code:
            assert result.stderr.startswith("index.md:6:") and len(result.stderr.splitlines()) == 1


def test_include_followed_by_a_newline_reads_its_parameters(built_site):
    source, dest = built_site
    write_files(source, {"_includes/fig.html": "<img src=\"{{ include.path }}\">",
                         "index.md": INDEX_WITH.format(
                             layout="plain", body="{% include fig.html\n  path=\"/a.png\" %}")})
    result = run_build(source, dest)
    assert result.returncode == 0, result.stderr
    assert 'src="/a.png"' in (dest / "index.html").read_text()


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


def test_a_ruby_plugins_tag_warns_once_names_its_file_and_renders_nothing(built_site):
    source, dest = built_site
    (source / "_layouts" / "plain.html").write_text(
        "<main>\n{% geojson map.json %}{{ content }}{% geojson other.json %}{% cite_me %}</main>\n")
    (source / "_plugins").mkdir()
    (source / "_plugins" / "geo.rb").write_text(
        "module Jekyll\n  class GeoTag < Liquid::Tag\n  end\nend\n"
        "Liquid::Template.register_tag('geojson', Jekyll::GeoTag)\n")
    result = run_build(source, dest)
    assert result.returncode == 0, result.stderr
    geo = [line for line in result.stderr.splitlines() if "'geojson'" in line]
    assert len(geo) == 1 and geo[0].startswith("_layouts/plain.html:2:"), result.stderr
    assert "defined by _plugins/geo.rb" in geo[0] and "renders nothing" in geo[0]
    assert "unknown tag 'cite_me' (a Jekyll plugin's tag" in result.stderr
    page = (dest / "index.html").read_text()
    assert "<main>\n" in page and "geojson" not in page and "map.json" not in page
    strict = run_build(source, dest, "--strict")
    assert strict.returncode == 1
    assert strict.stderr.startswith("_layouts/plain.html:2:"), strict.stderr


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


# --- symlinks that lead out of the site ------------------------------------------------

@pytest.fixture
def outside(tmp_path):
    """Private files next to the site, which a symlink inside it must not publish."""
    folder = tmp_path / "private"
    (folder / "dir").mkdir(parents=True)
    (folder / "secret.txt").write_text("SECRET-FILE\n")
    (folder / "dir" / "inner.txt").write_text("SECRET-DIR\n")
    (folder / "people.yml").write_text("name: SECRET-DATA\n")
    (folder / "wide.html").write_text("<div>SECRET-LAYOUT {{ content }}</div>\n")
    (folder / "part.html").write_text("SECRET-INCLUDE\n")
    return folder


def all_output(dest: Path) -> str:
    return "".join(p.read_text(errors="replace") for p in dest.rglob("*") if p.is_file())


def test_symlinks_out_of_the_site_are_skipped_with_a_warning(built_site, outside):
    source, dest = built_site
    (source / "secret.txt").symlink_to(outside / "secret.txt")
    (source / "linked").symlink_to(outside / "dir", target_is_directory=True)
    (source / "_data").mkdir()
    (source / "_data" / "people.yml").symlink_to(outside / "people.yml")
    (source / "_layouts" / "wide.html").symlink_to(outside / "wide.html")
    (source / "inside.txt").symlink_to(source / "_includes" / "note.html")  # stays in: copied
    write_files(source, {"index.md": "---\nlayout: wide\n---\n\nHi {{ site.data.people.name }}\n"})

    result = run_build(source, dest)

    assert result.returncode == 0, result.stderr
    for rel, what in (("secret.txt", "file"), ("linked", "folder"), ("_data/people.yml", "file"),
                      ("_layouts/wide.html", "file")):
        assert (f"{rel}: warning: symlink to {outside}/" in result.stderr
                and f"copy the {what} into the site" in result.stderr), (rel, result.stderr)
    assert "index.md:2: warning: layout 'wide' does not exist" in result.stderr
    assert not (dest / "secret.txt").exists() and not (dest / "linked").exists()
    assert "SECRET" not in all_output(dest)
    assert (dest / "inside.txt").read_text() == "<p>note</p>\n"
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("tag, name, place", [("include", "part.html", "_includes/part.html"),
                                              ("include_relative", "_parts/part.html", "_parts/part.html")])
def test_symlinked_include_out_of_the_site_is_an_error(built_site, outside, tag, name, place):
    source, dest = built_site
    (source / place).parent.mkdir(exist_ok=True)
    (source / place).symlink_to(outside / "part.html")
    write_files(source, {"index.md": INDEX_WITH.format(layout="plain", body=f"{{% {tag} {name} %}}")})
    line = assert_fails_with_one_line(source, dest, "index.md:5:4: ",
                                      f"included file '{name}' is a symlink to {outside}/part.html")
    assert "outside the site" in line


# --- text encodings and line endings ----------------------------------------------------

BOM = b"\xef\xbb\xbf"
PLAIN_FILES = {
    "_config.yml": b"title: Plain Site\n",
    "index.md": b"---\nlayout: plain\ntitle: Home\n---\n\n# {{ page.title }} of {{ site.title }}\n\n"
                b"{% include note.html %}\n{{ site.data.people.name }}\n\n- one\n- two\n",
    "_data/people.yml": b"name: Ada\n",
    "_layouts/plain.html": b"---\nkind: plain\n---\n<main class=\"{{ layout.kind }}\">{{ content }}</main>\n",
    "_includes/note.html": b"<p>note</p>\n",
}


def build_variant(tmp_path, name: str, change) -> bytes:
    source = make_site(tmp_path / name)
    write_files(source, {rel: change(rel, data) for rel, data in PLAIN_FILES.items()})
    result = run_build(source, tmp_path / f"{name}-out")
    assert result.returncode == 0, result.stderr
    assert "warning" not in result.stderr
    return (tmp_path / f"{name}-out" / "index.html").read_bytes()


def test_byte_order_marks_change_nothing(tmp_path):
    plain = build_variant(tmp_path, "plain", lambda rel, data: data)
    assert b'<main class="plain"><h1 id="home-of-plain-site">Home of Plain Site</h1>' in plain
    assert b"Ada" in plain and b"<p>note</p>" in plain
    assert build_variant(tmp_path, "bom", lambda rel, data: BOM + data) == plain


def test_crlf_line_endings_give_the_same_page(tmp_path):
    plain = build_variant(tmp_path, "plain", lambda rel, data: data)
    crlf = build_variant(tmp_path, "crlf", lambda rel, data: data.replace(b"\n", b"\r\n"))
    # Markdown output is the same; text from templates keeps its own line ends.
    assert crlf.replace(b"\r\n", b"\n") == plain
    assert b"<h1 id=\"home-of-plain-site\">" in crlf and b"<li>one</li>" in crlf


# --- empty files ------------------------------------------------------------------------

def test_empty_files_build(tmp_path):
    source = make_site(tmp_path / "site")
    write_files(source, {"_config.yml": "", "empty.md": "", "_data/nothing.yml": "",
                         "_data/nothing.json": "", "_data/nothing.csv": "",
                         "_layouts/blank.html": "", "_includes/blank.html": "",
                         "front-only.md": "---\n---\n",
                         "blank-layout.md": "---\nlayout: blank\n---\nlost in an empty layout\n",
                         "index.md": "---\nlayout: plain\n---\n[{% include blank.html %}]"
                                     "[{{ site.data.nothing }}]\n"})
    result = run_build(source, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    out = tmp_path / "out"
    assert (out / "index.html").read_text() == "<main><p>[][]</p>\n</main>\n"
    assert (out / "blank-layout.html").read_text() == ""
    assert (out / "empty.html").is_file() and (out / "front-only.html").is_file()


# --- very large files -------------------------------------------------------------------

FIFTY_MB = 50 * 1024 * 1024


def test_fifty_megabyte_static_file_is_copied(built_site):
    source, dest = built_site
    block = bytes(range(256)) * 4096  # 1 MB
    with open(source / "data.bin", "wb") as handle:
        for _ in range(FIFTY_MB // len(block)):
            handle.write(block)
    result = run_build(source, dest)
    assert result.returncode == 0, result.stderr
    assert (dest / "data.bin").stat().st_size == FIFTY_MB
    with open(dest / "data.bin", "rb") as handle:
        assert handle.read(len(block)) == block


def test_fifty_megabyte_markdown_page_is_a_clear_error(built_site):
    source, dest = built_site
    paragraph = "Some *text* with a [link](https://example.org) and `code`.\n\n"
    with open(source / "huge.md", "w") as handle:
        handle.write("---\nlayout: plain\n---\n")
        handle.write(paragraph * (FIFTY_MB // len(paragraph)))
    line = assert_fails_with_one_line(source, dest, "huge.md: ", "page is 50.0 MB, more than the 10 MB")
    assert "scholarsite.max_page_mb" in line


def test_large_markdown_page_builds(built_site):
    """A page of every block kind, 1 MB: nothing in the pipeline is quadratic (a
    quadratic step would take hours here and hit the build's timeout)."""
    source, dest = built_site
    chunk = ("## Part {{ page.title }}\n\nSome *text*, a [link](https://example.org), `code`, "
             "café and a note[^1].\n\n- one\n- **two**\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
             "> quote\n\n```python\nx = 1\n```\n\n<div markdown=\"1\">*in html*</div>\n\n")
    write_files(source, {
        "_config.yml": "title: Big\nplugins: [jemoji]\n",
        "big.md": "---\nlayout: plain\ntitle: Big\n---\n" + chunk * (1024 * 1024 // len(chunk))
                  + "\n[^1]: The note.\n"})
    result = run_build(source, dest)
    assert result.returncode == 0, result.stderr
    text = (dest / "big.html").read_text()
    assert text.count("<table>") == 1024 * 1024 // len(chunk)
    assert text.endswith("</main>\n")


# --- BibTeX, dates ----------------------------------------------------------------------

BIB = """@article{first2020,
  author = {First, Ada},
  title = {The First Paper},
  year = {2020},
}

@article{broken2021,
  author = {Broken, Bob},
  title = {Unbalanced {brace,
  year = {2021},
}

@article{third2022,
  author = {Third, Cy},
  title = {The Third Paper},
  year = {2022},
}

@article{extra2023,
  author = {Extra, Dee},
  title = {Extra} brace}},
  year = {2023},
}

@article{fifth2024,
  author = {Fifth, Eve},
  title = {The Fifth Paper},
  year = {2024},
}
"""


def test_bibtex_with_unbalanced_braces_warns_per_entry_and_keeps_the_rest(built_site):
    source, dest = built_site
    write_files(source, {
        "_config.yml": "title: Bib\nplugins: [jekyll-scholar]\nscholar:\n  bibliography: papers.bib\n",
        "_bibliography/papers.bib": BIB,
        "index.md": INDEX_WITH.format(layout="plain", body="{% bibliography %}")})
    result = run_build(source, dest)
    assert result.returncode == 0, result.stderr
    warnings = [w for w in result.stderr.splitlines() if "warning" in w]
    assert len(warnings) == 2, result.stderr
    # the field whose value never closes, on its own line, and what to do
    assert warnings[0].startswith("_bibliography/papers.bib:9: warning: the value of 'title' "
                                  "is never closed"), warnings[0]
    assert warnings[1].startswith("_bibliography/papers.bib:21: warning: malformed BibTeX entry")
    page = (dest / "index.html").read_text()
    for title in ("The First Paper", "The Third Paper", "The Fifth Paper"):
        assert title in page
    assert "Unbalanced" not in page and "Extra" not in page


def test_impossible_date_on_a_page_is_a_located_warning(built_site):
    source, dest = built_site
    write_files(source, {"index.md": "---\nlayout: plain\ntitle: Home\ndate: 2024-13-45\n---\n"
                                     "Dated {{ page.date }}\n"})
    result = run_build(source, dest)
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith("index.md:4: warning: invalid date '2024-13-45', kept as text")
    assert "Dated 2024-13-45" in (dest / "index.html").read_text()


def test_post_dates_jekyll_reads_still_build(built_site):
    source, dest = built_site
    write_files(source, {"_posts/2024-02-31-typo.md": "---\nlayout: plain\ndate: March 5, 2023\n---\nA\n",
                         "_posts/2024-01-02-fine.md": "---\nlayout: plain\n---\nB\n"})
    result = run_build(source, dest)
    assert result.returncode == 0, result.stderr
    # The front matter date wins over the file name's, as in Jekyll.
    assert (dest / "2023" / "03" / "05" / "typo.html").is_file()
    assert (dest / "2024" / "01" / "02" / "fine.html").is_file()


def test_a_failed_build_lists_every_error_at_once(built_site):
    source, dest = built_site
    before = (dest / "index.html").read_bytes()
    for i in range(4):
        (source / f"broken{i}.md").write_text("---\nlayout: plain\n---\n\n{% if %}x{% endif %}\n")
    result = run_build(source, dest)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert [line.split(":")[0] for line in lines[:4]] == [f"broken{i}.md" for i in range(4)]
    assert all(":5:" in line for line in lines[:4])
    assert lines[4] == "scholarsite: 4 errors; the previous output was left as it was"
    assert "Traceback" not in result.stderr
    assert (dest / "index.html").read_bytes() == before


def test_one_warning_from_many_files_is_summarised(built_site):
    source, dest = built_site
    for i in range(6):
        (source / f"note{i}.md").write_text("---\nlayout: nowhere\n---\nText\n")
    result = run_build(source, dest)
    assert result.returncode == 0, result.stderr
    shown = [line for line in result.stderr.splitlines() if "layout 'nowhere'" in line]
    assert len(shown) == 4, result.stderr  # three of them, then the count of the rest
    assert shown[-1].startswith("scholarsite: warning: 3 more files have the warning")
    assert "(6 warnings)" in result.stdout


def test_a_sass_error_in_a_partial_names_it_from_the_site_wherever_the_build_runs(built_site):
    source, dest = built_site
    write_files(source, {"_sass/_colours.scss": "$accent: red;\n$soft: color.adjust($accent);\n",
                         "assets/css/site.scss": "---\n---\n@import \"colours\";\nb { color: $soft; }\n"})
    result = subprocess.run(  # run from elsewhere: libsass names files from the working folder
        [sys.executable, "-m", "scholarsite", "build", "-s", str(source), "-d", str(dest)],
        capture_output=True, text=True, timeout=120, cwd="/")
    assert result.returncode == 1
    assert result.stderr.startswith("_sass/_colours.scss:2:"), result.stderr


@pytest.mark.parametrize("name", ["../../outside", "/etc/passwd"])
def test_a_bibliography_outside_the_site_is_never_read(built_site, name):
    source, dest = built_site
    (source.parent / "outside.bib").write_text("@misc{secret, title = {Private}}\n")
    (source / "index.md").write_text(f"---\nlayout: plain\n---\n\n{{% bibliography --file {name} %}}\n")
    result = run_build(source, dest)
    assert result.returncode == 1
    assert result.stderr.startswith("index.md:") and "is outside the site, so it is not read" in result.stderr
    assert "Private" not in (dest / "index.html").read_text()


def test_a_symlink_loop_is_skipped_with_a_warning(built_site):
    source, dest = built_site
    (source / "a").symlink_to("b")
    (source / "b").symlink_to("a")
    result = run_build(source, dest)
    assert result.returncode == 0, result.stderr
    assert "a: warning: symlink to b is part of a loop of links, so it is skipped" in result.stderr
    assert "internal error" not in result.stderr


BOMB = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{b}: &{b} [{', '.join(['*' + a] * 9)}]\n" for a, b in zip("abcdefgh", "bcdefghi"))


def bounded_build(source: Path, dest: Path) -> subprocess.CompletedProcess:
    """A build that may use 20 s and 3 GB of address space at most."""
    import resource

    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))
    return subprocess.run([sys.executable, "-m", "scholarsite", "build", "-s", str(source),
                           "-d", str(dest)], capture_output=True, text=True, timeout=20,
                          preexec_fn=limit)


@pytest.mark.parametrize("where", ["_config.yml", "_data/laughs.yml"])
def test_a_yaml_alias_bomb_is_refused_at_once(built_site, where):
    source, dest = built_site
    write_files(source, {where: BOMB})
    result = bounded_build(source, dest)
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith(f"{where}:2: YAML aliases expand to more than"), result.stderr


def test_yaml_nested_990_deep_is_a_located_error(built_site):
    source, dest = built_site
    deep = "top:\n" + "".join("  " * (i + 1) + "k:\n" for i in range(990)) + "  " * 992 + "v: 1\n"
    write_files(source, {"_data/deep.yml": deep})
    result = bounded_build(source, dest)
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith("_data/deep.yml:1: YAML nested more than 500 levels deep")
    assert "internal error" not in result.stderr


def test_a_folder_without_config_or_home_page_says_so(tmp_path):
    source = tmp_path / "notes"
    source.mkdir()
    (source / "todo.md").write_text("# To do\n")
    result = run_build(source, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert f"no _config.yml in {source.resolve()}: is this the site's folder?" in result.stderr
    assert "the site has no home page: nothing is written to index.html" in result.stderr
    strict = run_build(source, tmp_path / "out", "--strict")
    assert strict.returncode == 1


@pytest.mark.parametrize("target", ["notes/secret.md", "_config.yml", "_data/people.yml",
                                    "notes", "assets/photo.png"])
def test_an_unreadable_file_or_folder_is_a_located_error(built_site, target, monkeypatch, capsys):
    """The tests run as root, who may read anything: the refusal is simulated where the
    engine reads (files) and lists (folders)."""
    import os
    from pathlib import Path as P

    from scholarsite.cli import main
    source, dest = built_site
    write_files(source, {"notes/secret.md": "---\n---\nsecret\n", "_data/people.yml": "- a\n"})
    (source / "assets").mkdir()
    (source / "assets/photo.png").write_bytes(b"\x89PNG")
    denied = str((source / target).resolve())
    real_read, real_open, real_scandir = P.read_bytes, P.open, os.scandir

    def refuse(path):
        if os.path.abspath(path) == denied:
            raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(P, "read_bytes", lambda self: refuse(self) or real_read(self))
    monkeypatch.setattr(P, "open", lambda self, *a, **k: refuse(self) or real_open(self, *a, **k))
    monkeypatch.setattr(os, "scandir", lambda path=".": refuse(path) or real_scandir(path))
    before = (dest / "index.html").read_bytes()
    code = main(["build", "-s", str(source), "-d", str(dest), "--no-cache"])
    err = capsys.readouterr().err
    assert code == 1, err
    assert err.strip().splitlines()[-1].startswith(f"{target}: permission denied (make it readable"), err
    assert (dest / "index.html").read_bytes() == before


def test_fields_left_outside_an_entry_by_an_extra_brace_warn_with_their_line(built_site):
    source, dest = built_site
    bib = ("@article{babbage1843,\n  title = {Sketch of the Analytical Engine},\n"
           "  year = {1843}},\n  abbr = {Notes},\n  selected = {true}\n}\n")
    write_files(source, {
        "_config.yml": "title: Bib\nplugins: [jekyll-scholar]\nscholar:\n  bibliography: papers.bib\n",
        "_bibliography/papers.bib": bib,
        "index.md": INDEX_WITH.format(layout="plain", body="{% bibliography %}")})
    result = run_build(source, dest)
    assert result.returncode == 0, result.stderr
    assert ("_bibliography/papers.bib:4: warning: 'abbr = ...' stands outside any entry: an "
            "extra '}' probably closed the entry above early") in result.stderr
    assert "Sketch of the Analytical Engine" in (dest / "index.html").read_text()


def test_generated_files_give_way_to_the_users_and_redirects_to_any_file(tmp_path):
    """A redirect_from that names /robots.txt, /feed.xml or a page's URL, and a page at the
    theme stylesheet's URL: one warning each naming both, the user's file (or the real
    file, over a redirect) stays, --strict fails and keeps the output."""
    site, dest = tmp_path / "site", tmp_path / "out"
    assert main(["new", str(site)]) == 0
    (site / "_pages/moved.md").write_text(
        "---\nlayout: page\ntitle: Moved\npermalink: /moved/\n"
        'redirect_from: ["/robots.txt", "/feed.xml", "/publications/"]\n---\nHere now.\n')
    (site / "_pages/style.html").write_text(
        "---\npermalink: /assets/css/main.css\nlayout: null\n---\nbody { color: teal }\n")
    result = run_build(site, dest)
    assert result.returncode == 0, result.stderr
    warned = [line for line in result.stderr.splitlines() if "are both written to" in line]
    assert len(warned) == 4, result.stderr
    for rel in ("robots.txt", "feed.xml", "publications/index.html"):
        assert any(line.startswith("_pages/moved.md:5: warning: ") and f"written to {rel};"
                   in line for line in warned), (rel, warned)
    assert any(line.startswith("_pages/style.html:2: warning: _pages/style.html and the "
                               "theme's assets/css/main.scss") for line in warned), warned
    assert (dest / "robots.txt").read_text().startswith("Sitemap: ")
    assert "<feed" in (dest / "feed.xml").read_text()
    assert "Redirecting" not in (dest / "publications/index.html").read_text()
    assert (dest / "assets/css/main.css").read_text() == "body { color: teal }\n"
    assert "Here now." in (dest / "moved/index.html").read_text()
    before = (dest / "robots.txt").read_bytes()
    strict = run_build(site, dest, "--strict")
    assert strict.returncode == 1 and "are both written to" in strict.stderr
    assert (dest / "robots.txt").read_bytes() == before


def test_a_latin_1_bibtex_file_is_named_at_its_byte_with_the_fix(tmp_path):
    site, dest = tmp_path / "site", tmp_path / "out"
    (site / "_bibliography").mkdir(parents=True)
    (site / "_config.yml").write_text("title: Bib\nscholar:\n  bibliography: papers.bib\n")
    (site / "index.md").write_text("---\n---\n{% bibliography %}\n")
    (site / "_bibliography/papers.bib").write_bytes(
        b"@article{a,\n  title = {On caf\xe9s},\n  year = {2020}\n}\n")
    result = run_build(site, dest)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "_bibliography/papers.bib:2:18: file is not valid UTF-8 (byte 0xe9, 'é' in Latin-1); "
        "re-save it with UTF-8 encoding"), result.stderr


def test_a_huge_loop_or_output_is_a_located_error_not_a_hang(built_site):
    source, dest = built_site
    write_files(source, {"index.md": "---\n---\nText\n{% for i in (1..100000000) %}x{% endfor %}\n"})
    result = bounded_build(source, dest)
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith(
        "index.md:4:4: this loop would run more than 10,000,000 times with the loops around "
        "it (loop over less, or raise scholarsite.max_loop_iterations in _config.yml)")
    # Under the loop limit, output past scholarsite.max_output_mb (lowered here to 1 MB).
    with open(source / "_config.yml", "a") as config:
        config.write("scholarsite:\n  max_output_mb: 1\n")
    write_files(source, {"index.md": "---\n---\n{% for i in (1..300000) %}abcdefgh{% endfor %}\n"})
    result = bounded_build(source, dest)
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith("index.md:3:4: the page grows past 1 MB of output here "
                                    "(render less, or raise scholarsite.max_output_mb")
    assert "Hello <strong>world</strong>" in (dest / "index.html").read_text()
