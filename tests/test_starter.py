"""What `scholarsite new` writes is an example worth copying: every news item has a title
(the news feed and the list use it), and the code in its posts runs as shown."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml

from scholarsite.cli import main

STARTER = Path(__file__).resolve().parents[1] / "src" / "scholarsite" / "starter"


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def test_every_news_item_has_a_title():
    items = sorted((STARTER / "_news").glob("*.md"))
    assert len(items) >= 2
    for item in items:
        assert str(front_matter(item).get("title") or "").strip(), item.name
    assert any(not front_matter(item).get("inline") for item in items)  # one with a page


def test_the_code_in_the_starter_posts_runs(tmp_path):
    blocks = [(post.name, code) for post in sorted((STARTER / "_posts").glob("*.md"))
              for code in re.findall(r"```python\n(.*?)```", post.read_text(), re.S)]
    assert blocks
    for name, code in blocks:
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              cwd=tmp_path, timeout=60)
        assert done.returncode == 0, (name, done.stderr)
        expected = re.findall(r"# (.+)$", code.strip().splitlines()[-1])
        if expected:  # the last line's comment says what it prints
            shown = re.sub(r"Fraction\((-?\d+), 1\)", r"\1", done.stdout)
            shown = re.sub(r"Fraction\((-?\d+), (\d+)\)", r"\1/\2", shown)
            assert shown.strip().strip("[]") == expected[0].strip(), (name, done.stdout)


def test_the_news_feed_names_each_item(tmp_path):
    site = tmp_path / "site"
    assert main(["new", str(site)]) == 0
    assert main(["build", "-q", "-s", str(site)]) == 0
    feed = (site / "_site" / "news.xml")
    if not feed.is_file():
        feed = next((site / "_site").rglob("news*.xml"))
    titles = re.findall(r"<entry>.*?<title[^>]*>(.*?)</title>", feed.read_text(), re.S)
    assert len(titles) == len(list((STARTER / "_news").glob("*.md")))
    assert all(t.strip() for t in titles), titles


def test_colors_in_the_config_set_the_accent_in_both_schemes(tmp_path, chromium, serve_folder):
    """The README's way to change colours: `colors: {accent, accent_dark}`; a value
    cannot end the <style> element."""
    site = tmp_path / "site"
    assert main(["new", str(site)]) == 0
    with open(site / "_config.yml", "a", encoding="utf-8") as config:
        config.write('colors:\n  accent: "#8c1d40"\n  accent_dark: "rgb(242, 167, 192)"\n')
    assert main(["build", "-q", "-s", str(site)]) == 0
    index = site / "_site" / "index.html"
    check_accents(chromium, serve_folder(site / "_site"))
    (site / "_config.yml").write_text((site / "_config.yml").read_text().replace(
        '"#8c1d40"', '"red}</style><script>alert(1)</script>"'))
    assert main(["build", "-q", "-s", str(site)]) == 0
    assert "<script>alert(1)" not in index.read_text()


def check_accents(chromium, url: str) -> None:
    for scheme, expected in (("light", "rgb(140, 29, 64)"), ("dark", "rgb(242, 167, 192)")):
        page = chromium.new_page(color_scheme=scheme)
        try:
            page.goto(url)
            accent = page.evaluate("getComputedStyle(document.documentElement)"
                                   ".getPropertyValue('--accent').trim()")
            link = page.evaluate("(() => { const a = document.querySelector('main a[href]');"
                                 " return getComputedStyle(a).color })()")
        finally:
            page.close()
        assert accent in (expected, "#8c1d40"), (scheme, accent)
        assert link == expected, (scheme, link)
