"""The five real homepage sources build, unmodified, and everything they say is on the page.

Each seed sits in a test site under tests/theme_sites/ as its theme expects it, with
the data files a user of that theme has. The pristine copies are in tests/seeds/.
"""

from __future__ import annotations

import re
import subprocess
import sys
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from scholarsite.plugins.mojibake import repair

HERE = Path(__file__).parent
SEEDS = HERE / "seeds"
SITES = HERE / "theme_sites"

# seed file -> (test site, where the theme expects the page, the page's output file)
PLACES = {
    "000_b15123dc5b71dfe5.txt": ("minimal-light", "index.md", "index.html"),
    "001_a5b4204f4bbf2a15.txt": ("cv", "cv.md", "cv.html"),
    "002_8c44b7970a83d9e7.txt": ("acadhomepage", "_pages/about.md", "index.html"),
    "003_dd8c8c33480ef245.txt": ("al-folio-old", "_pages/about.md", "index.html"),
    "004_8188602baf60f30a.txt": ("al-folio", "_pages/about.md", "index.html"),
}


BLOCKS = {"p", "div", "li", "ul", "ol", "br", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th",
          "tr", "table", "section", "article", "header", "footer", "nav", "main", "aside",
          "dl", "dt", "dd", "blockquote", "pre", "figure", "figcaption", "hr", "details", "summary"}


class PageText(HTMLParser):
    """Visible text, headings and links of an HTML page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.headings: list[str] = []
        self.links: list[tuple[str, str]] = []
        self._skip = 0
        self._heading: list[str] | None = None
        self._link: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag, attrs):
        if tag in BLOCKS:
            self.text.append(" ")
        if tag in ("script", "style", "template"):
            self._skip += 1
        elif re.fullmatch(r"h[1-6]", tag):
            self._heading = []
        elif tag == "a":
            self._link = (dict(attrs).get("href") or "", [])

    def handle_endtag(self, tag):
        if tag in BLOCKS:
            self.text.append(" ")
        if tag in ("script", "style", "template"):
            self._skip -= 1
        elif re.fullmatch(r"h[1-6]", tag) and self._heading is not None:
            self.headings.append(squash("".join(self._heading)))
            self._heading = None
        elif tag == "a" and self._link is not None:
            self.links.append((self._link[0], squash("".join(self._link[1]))))
            self._link = None

    def handle_data(self, data):
        if self._skip:
            return
        self.text.append(data)
        if self._heading is not None:
            self._heading.append(data)
        if self._link is not None:
            self._link[1].append(data)


def squash(text: str) -> str:
    """Whitespace collapsed; typographic quotes, dashes and ellipses as ASCII."""
    text = unescape(text)
    for fancy, plain in (("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"'), ("…", "..."),
                         ("\u00a0", " ")):
        text = text.replace(fancy, plain)
    # Emphasis marks: which "*" kramdown keeps as text is its own business.
    text = text.replace("*", "")
    return re.sub(r"\s+", " ", text).strip()


def seed_body(name: str) -> str:
    text = (SEEDS / name).read_text(encoding="utf-8")
    if text.startswith("---\n"):
        text = text.split("\n---\n", 1)[1]
    text = repair(text)[0]  # mis-encoded text is shown repaired (test_mojibake_is_repaired)
    return re.sub(r"<!--.*?-->", "", text, flags=re.S)  # comments are not shown


def markdown_to_text(line: str) -> str:
    """What a reader sees of one source line."""
    line = re.sub(r"\{%.*?%\}|\{\{.*?\}\}", "", line)
    line = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", line)  # images have no text
    line = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line)
    line = re.sub(r"<[^>]+>", " ", line)
    line = re.sub(r"^\s*(?:#{1,6}|[-*+]|\d+\.)\s+", "", line)
    line = line.replace("\\|", "|").replace("`", "").replace("\\", "")
    return squash(line)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    outputs = {}

    def get(site: str) -> tuple[Path, subprocess.CompletedProcess]:
        if site not in outputs:
            dest = tmp_path_factory.mktemp(site) / "_site"
            result = subprocess.run(
                [sys.executable, "-m", "scholarsite", "build", "-s", str(SITES / site),
                 "-d", str(dest)], capture_output=True, text=True, timeout=300)
            outputs[site] = (dest, result)
        return outputs[site]
    return get


@pytest.mark.parametrize("seed", sorted(PLACES))
def test_seed_is_unmodified_in_its_site(seed):
    site, page, _ = PLACES[seed]
    assert (SITES / site / page).read_bytes() == (SEEDS / seed).read_bytes()


@pytest.mark.parametrize("seed", sorted(PLACES))
def test_seed_builds_and_everything_is_rendered(seed, built):
    site, _, output = PLACES[seed]
    dest, result = built(site)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    html = (dest / output).read_text(encoding="utf-8")
    page = PageText()
    page.feed(html)
    visible = squash("".join(page.text))
    assert "**" not in "".join(page.text), "unrendered strong emphasis"

    # Nothing of the source's machinery is left in what readers see.
    for leftover in ("{%", "{{", "%}", "}}", 'markdown="1"', "](", "{:"):
        assert leftover not in visible, f"{leftover!r} left in the page text"
    assert 'markdown="1"' not in html

    body = seed_body(seed)
    for heading in re.findall(r"^#{1,6}\s+(.+)$", body, flags=re.M):
        assert markdown_to_text(heading) in page.headings, f"heading {heading!r} missing"

    links = {(href, text) for href, text in page.links}
    for text, href in re.findall(r"(?<!!)\[([^\[\]]*)\]\(([^)\s]*)\)", body):
        wanted = (unescape(href), squash(markdown_to_text(text)))
        assert wanted in {(unescape(h), t) for h, t in links}, f"link {wanted} missing"

    for line in body.splitlines():
        words = markdown_to_text(line)
        if len(words) > 3:
            for part in re.split(r"\s{2,}|\t", words):
                assert squash(part) in visible, f"text {part!r} missing"


def test_markdown_inside_html_blocks_is_rendered(built):
    dest, result = built("acadhomepage")
    assert result.returncode == 0, result.stderr
    html = (dest / "index.html").read_text(encoding="utf-8")
    # The paper box text is Markdown inside <div markdown="1">.
    assert re.search(r'<div class="paper-box-text">\s*<p><a href="https://arxiv.org/abs/2501.17116">', html)
    assert "<strong>Ruizhe Wang</strong>" in html
    # The citation badge URL is built with assign/append/url_encode.
    assert "img.shields.io/endpoint?url=https%3A%2F%2F" in html


def test_missing_optional_include_warns_with_its_line(built):
    dest, result = built("minimal-light")
    assert result.returncode == 0, result.stderr
    assert re.search(r"index\.md:\d+:\d+: warning: included file '_includes/services.md' not found",
                     result.stderr)
    html = (dest / "index.html").read_text(encoding="utf-8")
    assert "Publications" in html  # the include_relative that exists was rendered


def test_mojibake_is_repaired_with_a_warning(built):
    dest, result = built("acadhomepage")
    html = (dest / "index.html").read_text(encoding="utf-8")
    assert "Ruizhe Wang (王瑞哲)" in html and "📖 Educations" in html
    assert ('_pages/about.md:20:22: warning: "ÁéãÁëûÂì≤" (and text on 10 more lines) looks '
            'mis-encoded; probably meant "王瑞哲"') in result.stderr
    dest, result = built("al-folio")
    assert "stopping by! 👋" in (dest / "index.html").read_text(encoding="utf-8")
