"""sitemap.xml, robots.txt, the Atom feeds and {% feed_meta %} (jekyll-sitemap, jekyll-feed)."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from scholarsite.cli import main

ATOM = "{http://www.w3.org/2005/Atom}"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
THEME_SITES = Path(__file__).parent / "theme_sites"


def write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def build(src: Path, out: Path, capsys=None) -> str:
    code = main(["build", "-s", str(src), "-d", str(out)])
    assert code in (0, None)
    return capsys.readouterr().err if capsys else ""


BASE_CONFIG = """title: Ada's Notes
description: On engines & looms
url: https://ada.example
baseurl: /notes
author:
  name: Ada Lovelace
  email: ada@ada.example
plugins: [jekyll-feed, jekyll-sitemap]
collections:
  news:
    output: true
"""

SITE = {
    "_config.yml": BASE_CONFIG,
    "_layouts/default.html": "<head>{% feed_meta %}</head><body>{{ content }}</body>\n",
    "index.md": "---\nlayout: default\ntitle: Home\n---\nHello\n",
    "about.md": "---\nlayout: default\ntitle: About\nlast_modified_at: 2024-05-06\n---\nAbout\n",
    "hidden.md": "---\nlayout: default\nsitemap: false\n---\nHidden\n",
    "404.md": "---\nlayout: default\npermalink: /404.html\n---\nNot found\n",
    "moved.md": "---\nlayout: default\nredirect_to: https://elsewhere.example/\n---\n",
    "style.css": "---\n---\nbody { color: red; }\n",
    "assets/paper.pdf": "%PDF-1.4\n",
    "_posts/2024-01-02-engines.md": "---\nlayout: default\ntitle: On <em>engines</em> & more\n"
                                    "last_modified_at: 2024-02-03 10:00:00 +0000\ntags: [math, history]\n"
                                    "---\nThe *analytical* engine.\n\nSecond paragraph.\n",
    "_posts/2023-12-01-looms.md": "---\nlayout: default\ntitle: Looms\nauthor: Charles\n---\nJacquard.\n",
    "_news/first.md": "---\ndate: 2024-03-01\n---\nA <b>news</b> item.\n",
}


@pytest.fixture
def site(tmp_path):
    src = tmp_path / "src"
    write(src, SITE)
    return src


def test_sitemap_lists_html_pages_and_documents_with_lastmod(site, tmp_path):
    out = tmp_path / "out"
    build(site, out)
    root = ET.parse(out / "sitemap.xml").getroot()
    assert root.tag == f"{SM}urlset"
    urls = {u.find(f"{SM}loc").text: (u.find(f"{SM}lastmod").text if u.find(f"{SM}lastmod") is not None else None)
            for u in root.findall(f"{SM}url")}
    base = "https://ada.example/notes"
    assert urls[f"{base}/"] is None  # index.html shown as the folder
    assert urls[f"{base}/about.html"] == "2024-05-06T00:00:00" + urls[f"{base}/about.html"][19:]
    assert urls[f"{base}/2024/01/02/engines.html"].startswith("2024-02-03T10:00:00")
    assert urls[f"{base}/2023/12/01/looms.html"].startswith("2023-12-01T00:00:00")
    assert urls[f"{base}/news/first.html"].startswith("2024-03-01")
    assert f"{base}/assets/paper.pdf" in urls  # static PDFs, as jekyll-sitemap
    for absent in ("hidden.html", "404.html", "moved.html", "style.css", "feed.xml", "feed/news.xml"):
        assert f"{base}/{absent}" not in urls, absent
    assert (out / "robots.txt").read_text() == "Sitemap: https://ada.example/notes/sitemap.xml\n"


def test_posts_feed_has_jekyll_feeds_shape(site, tmp_path):
    out = tmp_path / "out"
    build(site, out)
    feed = ET.parse(out / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    assert feed.find(f"{ATOM}id").text == "https://ada.example/notes/feed.xml"
    assert feed.find(f"{ATOM}title").text == "Ada's Notes"
    assert feed.find(f"{ATOM}subtitle").text == "On engines & looms"
    assert feed.find(f"{ATOM}author/{ATOM}name").text == "Ada Lovelace"
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links == {"self": "https://ada.example/notes/feed.xml", "alternate": "https://ada.example/notes/"}
    assert feed.find(f"{ATOM}updated").text.startswith("2024-02-03T10:00:00")  # the newest entry
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 2
    first, second = entries  # newest first
    assert first.find(f"{ATOM}title").text == "On engines &amp; more"  # HTML text, as jekyll-feed
    assert first.find(f"{ATOM}link").get("href") == "https://ada.example/notes/2024/01/02/engines.html"
    assert first.find(f"{ATOM}published").text.startswith("2024-01-02T00:00:00")
    assert first.find(f"{ATOM}updated").text.startswith("2024-02-03T10:00:00")
    assert first.find(f"{ATOM}id").text == "https://ada.example/notes/2024/01/02/engines"
    content = first.find(f"{ATOM}content")
    assert content.get("type") == "html" and "<em>analytical</em>" in content.text
    assert "Second paragraph" in content.text
    assert first.find(f"{ATOM}summary").text == "The analytical engine."
    assert [c.get("term") for c in first.findall(f"{ATOM}category")] == ["math", "history"]
    assert first.find(f"{ATOM}author/{ATOM}email").text == "ada@ada.example"
    assert second.find(f"{ATOM}author/{ATOM}name").text == "Charles"  # the post's own author


def test_news_feed_and_feed_meta(site, tmp_path):
    out = tmp_path / "out"
    build(site, out)
    news = ET.parse(out / "feed" / "news.xml").getroot()
    assert news.find(f"{ATOM}title").text == "Ada's Notes | News"
    (entry,) = news.findall(f"{ATOM}entry")
    assert entry.find(f"{ATOM}link").get("href") == "https://ada.example/notes/news/first.html"
    assert "<b>news</b>" in entry.find(f"{ATOM}content").text
    html = (out / "index.html").read_text()
    assert ('<link type="application/atom+xml" rel="alternate" '
            'href="https://ada.example/notes/feed.xml" title="Ada&#x27;s Notes" />') in html


def test_users_own_files_win(site, tmp_path):
    write(site, {"robots.txt": "User-agent: *\nDisallow:\n",
                 "sitemap.xml": "---\nlayout: null\n---\n<urlset>{{ site.pages | size }}</urlset>\n",
                 "feed.xml": "<feed>mine</feed>\n"})
    out = tmp_path / "out"
    build(site, out)
    assert (out / "robots.txt").read_text() == "User-agent: *\nDisallow:\n"
    assert (out / "sitemap.xml").read_text().startswith("<urlset>")
    assert (out / "feed.xml").read_text() == "<feed>mine</feed>\n"
    assert 'href="https://ada.example/notes/feed.xml"' in (out / "index.html").read_text()


def test_switches_turn_everything_off(site, tmp_path):
    (site / "_config.yml").write_text(BASE_CONFIG + "scholarsite:\n  sitemap: false\n  feed: false\n")
    out = tmp_path / "out"
    build(site, out)
    for name in ("sitemap.xml", "robots.txt", "feed.xml", "feed/news.xml"):
        assert not (out / name).exists(), name
    assert "application/atom+xml" not in (out / "index.html").read_text()


def test_plain_jekyll_site_gets_no_extra_files(tmp_path):
    """Without the plugins or the bundled theme, the output has what Jekyll's would."""
    src = tmp_path / "src"
    write(src, {"_config.yml": "title: Plain\nurl: https://plain.example\n",
                "_layouts/default.html": "{{ content }}", "index.md": "---\nlayout: default\n---\nHi\n",
                "_posts/2024-01-01-a.md": "---\nlayout: default\n---\nA\n"})
    out = tmp_path / "out"
    build(src, out)
    for name in ("sitemap.xml", "robots.txt", "feed.xml"):
        assert not (out / name).exists(), name
    (src / "_config.yml").write_text("title: Plain\nurl: https://plain.example\n"
                                     "scholarsite: {sitemap: true, feed: true}\n")
    build(src, out)
    assert (out / "sitemap.xml").is_file() and (out / "feed.xml").is_file()


def test_no_robots_without_site_url(tmp_path):
    src = tmp_path / "src"
    write(src, {"_config.yml": "title: Local\nplugins: [jekyll-sitemap]\n", "index.html": "---\n---\nHi\n"})
    out = tmp_path / "out"
    build(src, out)
    assert "<loc>/</loc>" in (out / "sitemap.xml").read_text()
    assert not (out / "robots.txt").exists()


def test_bundled_theme_site_links_its_feed(tmp_path):
    src = tmp_path / "al-folio"
    shutil.copytree(THEME_SITES / "al-folio", src, ignore=shutil.ignore_patterns(".scholarsite-cache"))
    out = tmp_path / "out"
    build(src, out)
    feed = ET.parse(out / "feed.xml").getroot()
    assert feed.findall(f"{ATOM}entry")
    assert (out / "sitemap.xml").is_file() and (out / "feed" / "news.xml").is_file()
    head = (out / "index.html").read_text().split("</head>")[0]
    assert 'type="application/atom+xml"' in head and "/feed.xml" in head
    sitemap = (out / "sitemap.xml").read_text()
    assert "/404.html" not in sitemap and "feed.xml" not in sitemap


def test_second_build_from_cache_keeps_feeds(site, tmp_path):
    out = tmp_path / "out"
    build(site, out)
    first = (out / "feed.xml").read_text()
    build(site, out)
    assert (out / "feed.xml").read_text() == first
    post = site / "_posts/2023-12-01-looms.md"
    post.write_text(post.read_text().replace("Jacquard.", "Jacquard's loom."))
    build(site, out)
    assert "s loom.</p>" in (out / "feed.xml").read_text()  # the post rendered again, the feed too
