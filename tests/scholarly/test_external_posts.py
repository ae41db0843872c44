"""`scholarsite external-posts` against a real HTTP server on 127.0.0.1 serving an RSS
feed, an Atom feed, web pages and faults (404, 429 with Retry-After, malformed XML);
then builds show what it wrote in site.posts, the blog, the archives and the bundled
theme's post list (in Chromium)."""

from __future__ import annotations

import io
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

from scholarsite.build import BuildOptions, build
from scholarsite.cli import main
from scholarsite.errors import Reporter
from scholarsite.scholarly import external_posts
from scholarsite.scholarly.http import Client

FAST = dict(timeout=2.0, retries=2, backoff=0.01)

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Field Notes</title>
  <link>{base}/field/</link>
  <description>Notes from the marsh survey</description>
  <item>
    <title>Counting herons at dawn</title>
    <link>{base}/field/herons</link>
    <pubDate>Tue, 05 Mar 2024 07:30:00 +0000</pubDate>
    <description>Why the &lt;b&gt;first hour&lt;/b&gt; matters for the count.</description>
    <content:encoded><![CDATA[<p>We counted {{ twelve }} herons before sunrise.</p>
      <p>Then the fog came in, and the rest of the morning went to the reeds.</p>
      <script>alert("no")</script>]]></content:encoded>
  </item>
  <item>
    <title>Reed beds, revisited</title>
    <link>{base}/field/reeds</link>
    <pubDate>Sat, 10 Feb 2024 12:00:00 +0000</pubDate>
    <description>A second look at the southern beds.</description>
  </item>
</channel>
</rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Lab Log</title>
  <id>urn:example:lab-log</id>
  <updated>2024-04-02T09:00:00Z</updated>
  <entry>
    <title>Calibrating the new spectrometer</title>
    <link href="/lab/spectrometer" rel="alternate"/>
    <id>urn:example:lab-log:1</id>
    <published>2024-04-01T16:45:00+02:00</published>
    <updated>2024-04-02T09:00:00Z</updated>
    <summary>Three days, two lamps and one stubborn offset.</summary>
    <content type="html">&lt;p&gt;The offset was a loose cable.&lt;/p&gt;</content>
  </entry>
</feed>"""

PAGE = """<!doctype html>
<html><head><meta charset="utf-8">
<title>  Why we share raw data
</title>
<meta property="og:description" content="An essay on open lab notebooks.">
</head><body><nav><a href="/">home</a></nav>
<p>Raw data tells the story the figures leave out.</p>
<p>So we publish ours &amp; invite corrections.</p></body></html>"""

PAGE_OG = """<html><head><meta property="og:title" content="A talk on wetland birds">
<meta name="description" content="Slides and notes from the spring meeting."></head>
<body><p>Notes.</p></body></html>"""


class Feeds:
    """Routes: path -> list of answers (status, headers, body), the last one repeated."""

    def __init__(self):
        self.routes: dict[str, list[tuple[int, dict, bytes]]] = {}
        self.asked: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                server.asked.append(self.path)
                answers = server.routes.get(self.path) or [(404, {}, b"not here")]
                status, headers, body = answers.pop(0) if len(answers) > 1 else answers[0]
                time.sleep(float(headers.get("X-Delay", 0)))
                try:
                    self.send_response(status)
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def serve(self, path: str, body: str, content_type: str = "application/rss+xml",
              status: int = 200, headers: dict | None = None) -> None:
        self.routes.setdefault(path, []).append(
            (status, {"Content-Type": content_type, **(headers or {})},
             body.replace("{base}", self.base).encode("utf-8")))


@pytest.fixture
def feeds():
    server = Feeds()
    thread = threading.Thread(target=server.httpd.serve_forever, daemon=True)
    thread.start()
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()


def standard(feeds: Feeds) -> None:
    feeds.serve("/field/feed.xml", RSS)
    feeds.serve("/lab/atom.xml", ATOM, "application/atom+xml")
    feeds.serve("/essays/raw-data", PAGE, "text/html; charset=utf-8")
    feeds.serve("/talks/wetlands", PAGE_OG, "text/html")


def sources_yaml(base: str, extra: str = "") -> str:
    return f"""external_sources:
  - name: Field Notes
    rss_url: {base}/field/feed.xml
    categories: [fieldwork]
  - name: Lab Log
    rss_url: {base}/lab/atom.xml
    tags: [instruments]
  - name: Essays
    posts:
      - url: {base}/essays/raw-data
        published_date: 2023-11-20
        tags: [open-science]
      - url: {base}/talks/wetlands
        published_date: "2023-06-02"
{extra}"""


def make_site(root: Path, base: str, extra: str = "", own_layouts: bool = False) -> Path:
    root.mkdir(parents=True)
    (root / "_config.yml").write_text(
        "title: Marsh Lab\nurl: https://marsh.example\npermalink: /blog/:year/:title/\n"
        "timezone: UTC\ndefaults:\n  - scope: {type: posts}\n    values: {layout: post}\n"
        + sources_yaml(base, extra), encoding="utf-8")
    (root / "_posts").mkdir()
    (root / "_posts" / "2024-01-15-our-own-post.md").write_text(
        "---\ntitle: Our own post\ndescription: Written here.\n---\nA post of the site.\n",
        encoding="utf-8")
    (root / "blog").mkdir()
    if own_layouts:
        # A blog index written as al-folio's is, over the fields its plugin sets.
        (root / "_layouts").mkdir()
        (root / "_layouts" / "default.html").write_text("<html><body>{{ content }}</body>"
                                                        "</html>\n", encoding="utf-8")
        (root / "blog" / "index.html").write_text(
            "---\nlayout: default\n---\n<ul>{% for post in site.posts %}"
            "<li data-source=\"{{ post.external_source }}\">"
            "{% if post.redirect contains '://' %}<a class=\"out\" href=\"{{ post.redirect }}\" "
            "target=\"_blank\">{{ post.title }}</a>"
            "{% else %}<a href=\"{{ post.url }}\">{{ post.title }}</a>{% endif %}"
            "<span class=\"date\">{{ post.date | date: '%Y-%m-%d %H:%M' }}</span>"
            "<span class=\"cats\">{{ post.categories | join: ',' }}</span>"
            "<span class=\"tags\">{{ post.tags | join: ',' }}</span>"
            "<span class=\"desc\">{{ post.description }}</span>"
            "<span class=\"words\">{{ post.feed_content | strip_html | number_of_words }}</span>"
            "</li>{% endfor %}</ul>\n", encoding="utf-8")
    else:
        (root / "blog" / "index.md").write_text("---\nlayout: blog\ntitle: Blog\n---\n",
                                                encoding="utf-8")
        (root / "index.md").write_text("---\nlayout: about\ntitle: About\nlatest_posts: "
                                       "true\n---\nWe study marshes.\n", encoding="utf-8")
    return root


def fetch(site: Path, **client) -> tuple[int, str]:
    out = io.StringIO()
    code = external_posts.run(site, False, Client(**{**FAST, **client}), out=out)
    return code, out.getvalue()


def written(site: Path) -> dict:
    return yaml.safe_load((site / "_data" / "external_posts.yml").read_text(encoding="utf-8"))


def built(site: Path) -> tuple[Reporter, str]:
    reporter = Reporter()
    build(BuildOptions(source=site, use_cache=False), reporter)
    return reporter, (site / "_site" / "blog" / "index.html").read_text(encoding="utf-8")


def test_feeds_and_pages_are_fetched_into_the_data_file(feeds, tmp_path):
    standard(feeds)
    site = make_site(tmp_path / "site", feeds.base)
    code, out = fetch(site)
    assert code == 0, out
    assert "wrote _data/external_posts.yml: 5 posts from 3 of 3 sources" in out
    data = written(site)["sources"]
    herons, reeds = data["Field Notes"]["posts"]
    assert data["Field Notes"]["rss_url"] == f"{feeds.base}/field/feed.xml"
    assert herons["title"] == "Counting herons at dawn"
    assert herons["url"] == f"{feeds.base}/field/herons"
    assert herons["date"] == "2024-03-05T07:30:00+00:00"
    assert "first hour" in herons["description"]
    assert "12 herons" not in herons["content"] and "{{ twelve }}" in herons["content"]
    assert "<script" not in herons["content"]  # feedparser cleans the feed's HTML
    assert "content" not in reeds  # an RSS item without content:encoded has none
    (spectrometer,) = data["Lab Log"]["posts"]
    assert spectrometer["url"] == f"{feeds.base}/lab/spectrometer"  # made absolute
    assert spectrometer["date"] == "2024-04-01T14:45:00+00:00"
    assert spectrometer["description"] == "Three days, two lamps and one stubborn offset."
    assert spectrometer["content"] == "<p>The offset was a loose cable.</p>"
    essay, talk = data["Essays"]["posts"]
    assert essay == {"title": "Why we share raw data", "url": f"{feeds.base}/essays/raw-data",
                     "description": "An essay on open lab notebooks.",
                     "content": "<p>Raw data tells the story the figures leave out.</p>\n"
                                "<p>So we publish ours &amp; invite corrections.</p>",
                     "date": "2023-11-20"}
    assert talk["title"] == "A talk on wetland birds"  # og:title when there is no <title>
    assert talk["description"] == "Slides and notes from the spring meeting."


def test_a_build_adds_them_to_site_posts_as_alfolio_does(feeds, tmp_path):
    standard(feeds)
    site = make_site(tmp_path / "site", feeds.base, own_layouts=True)
    assert fetch(site)[0] == 0
    reporter, page = built(site)
    assert not [w for w in reporter.warnings if "external" in w], reporter.warnings
    items = page.split("<li ")[1:]
    titles = [item.split(">", 2)[2].split("<", 1)[0] for item in items]
    assert titles == ["Calibrating the new spectrometer", "Counting herons at dawn",
                      "Reed beds, revisited", "Our own post", "Why we share raw data",
                      "A talk on wetland birds"]  # newest first, mixed with the site's own
    herons = items[1]
    assert f'class="out" href="{feeds.base}/field/herons" target="_blank"' in herons
    assert 'data-source="Field Notes"' in herons
    assert '<span class="date">2024-03-05 07:30</span>' in herons
    assert '<span class="cats">fieldwork</span>' in herons
    assert "<b>first hour</b>" in herons  # the summary, as the feed has it
    assert '<span class="words">23</span>' in herons
    assert '<span class="tags">instruments</span>' in items[0]
    assert '<span class="tags">open-science</span>' in items[4]  # the entry's own tags
    assert '<span class="date">2023-11-20 00:00</span>' in items[4]
    assert 'data-source=""' in items[3] and 'href="/blog/2024/our-own-post/"' in items[3]
    # Each is a post of its own too, at al-folio's slug; its text is not Liquid.
    herons_page = site / "_site" / "blog" / "2024" / "counting-herons-at-dawn" / "index.html"
    assert "{{ twelve }} herons" in herons_page.read_text(encoding="utf-8")


def test_the_bundled_theme_lists_them_with_an_icon_and_the_source(feeds, tmp_path,
                                                                    chromium, serve_folder):
    standard(feeds)
    site = make_site(tmp_path / "site", feeds.base)
    assert fetch(site)[0] == 0
    reporter, page = built(site)
    assert page.count('class="external-post"') == 5
    base = serve_folder(site / "_site")
    browser = chromium.new_page()
    try:
        browser.goto(f"{base}/blog/")
        rows = browser.locator(".post-list > li")
        assert rows.count() == 6
        herons = browser.locator(".post-list > li", has_text="Counting herons")
        link = herons.locator(".post-list-title a")
        assert link.get_attribute("href") == f"{feeds.base}/field/herons"
        assert link.get_attribute("target") == "_blank"
        assert "noopener" in link.get_attribute("rel")
        assert link.locator("svg.icon").is_visible()
        assert herons.locator(".external-source").inner_text() == "Field Notes"
        assert "Why the first hour matters" in herons.locator(".post-list-desc").inner_text()
        label = link.locator(".visually-hidden")  # for screen readers only
        assert "opens in a new tab" in label.text_content()
        assert label.bounding_box()["width"] <= 1
        own = browser.locator(".post-list > li", has_text="Our own post")
        assert own.locator(".external-source").count() == 0
        assert own.locator("svg").count() == 0
        assert own.locator("a").get_attribute("href") == "/blog/2024/our-own-post/"
        browser.goto(f"{base}/")
        latest = browser.locator(".latest-posts a.news-title").first
        assert latest.get_attribute("href") == f"{feeds.base}/lab/spectrometer"
        assert latest.get_attribute("target") == "_blank"
        assert latest.locator("svg.icon").is_visible()
        # The post's own page sends the reader on, as al-folio's does.
        browser.goto(f"{base}/blog/2024/counting-herons-at-dawn/")
        refresh = browser.locator('meta[http-equiv="refresh"]').get_attribute("content")
        assert refresh == f"3; url={feeds.base}/field/herons"
    finally:
        browser.close()


def test_without_the_file_the_build_warns_and_goes_on(feeds, tmp_path):
    site = make_site(tmp_path / "site", feeds.base)
    reporter, page = built(site)
    (warning,) = [w for w in reporter.warnings if "external_sources" in w]
    assert warning.startswith("_config.yml:8: warning:")
    assert "Field Notes, Lab Log, Essays (2 of its posts)" in warning
    assert "run `scholarsite external-posts`" in warning
    assert "Our own post" in page and "external-post" not in page
    # A file edited into other shapes is as good as none.
    (site / "_data").mkdir()
    (site / "_data" / "external_posts.yml").write_text(
        "sources:\n  Field Notes: [1, 2]\n  Lab Log: {posts: 3}\n  Essays: {posts: [{url: 7}]}\n",
        encoding="utf-8")
    reporter, page = built(site)
    assert len([w for w in reporter.warnings if "nothing fetched yet" in w]) == 1


def test_a_rebuild_with_its_cache_shows_what_was_fetched_since(feeds, tmp_path, capsys):
    standard(feeds)
    archives = ("plugins: [jekyll-archives-v2]\njekyll-archives:\n  posts:\n    enabled: "
                "[categories]\n    permalinks:\n      categories: /blog/category/:name/\n")
    site = make_site(tmp_path / "site", feeds.base, archives)
    assert main(["build", "-s", str(site)]) == 0
    assert main(["build", "-s", str(site)]) == 0  # nothing changed
    assert "nothing fetched yet" in capsys.readouterr().err
    assert fetch(site)[0] == 0
    assert main(["build", "-s", str(site)]) == 0
    assert "nothing fetched yet" not in capsys.readouterr().err
    page = (site / "_site" / "blog" / "index.html").read_text(encoding="utf-8")
    assert f'href="{feeds.base}/field/herons"' in page
    assert (site / "_site" / "blog" / "2023" / "why-we-share-raw-data" / "index.html").is_file()
    archive = site / "_site" / "blog" / "category" / "fieldwork" / "index.html"
    text = archive.read_text(encoding="utf-8")
    assert f'href="{feeds.base}/field/herons"' in text and "Reed beds, revisited" in text


def test_a_failing_source_keeps_its_posts_and_is_one_warning(feeds, tmp_path):
    standard(feeds)
    site = make_site(tmp_path / "site", feeds.base)
    assert fetch(site)[0] == 0
    feeds.routes["/lab/atom.xml"] = [(404, {}, b"gone")]
    feeds.routes["/field/feed.xml"] = [(200, {"Content-Type": "application/rss+xml"},
                                        b"<?xml version='1.0'?><rss><channel><item><title>x")]
    feeds.routes["/talks/wetlands"] = [(500, {}, b"down")]
    code, out = fetch(site)
    assert code == 0
    lines = [line for line in out.splitlines() if "warning" in line]
    assert len(lines) == 3, out
    assert "'Lab Log'" in lines[1] and "answered HTTP 404" in lines[1] \
        and "its 1 posts fetched on" in lines[1]
    assert "'Field Notes'" in lines[0] and "not a well-formed RSS or Atom feed" in lines[0]
    assert "'Essays'" in lines[2] and "HTTP 500 after 3 tries" in lines[2] \
        and "earlier copy is kept" in lines[2]
    data = written(site)["sources"]
    assert len(data["Field Notes"]["posts"]) == 2 and len(data["Lab Log"]["posts"]) == 1
    assert [p["title"] for p in data["Essays"]["posts"]] == ["Why we share raw data",
                                                              "A talk on wetland birds"]
    assert "Traceback" not in out


def test_429_with_retry_after_is_waited_for(feeds, tmp_path):
    standard(feeds)
    feeds.routes["/lab/atom.xml"].insert(0, (429, {"Retry-After": "1"}, b"slow down"))
    site = make_site(tmp_path / "site", feeds.base)
    started = time.monotonic()
    code, out = fetch(site)
    assert time.monotonic() - started >= 1.0
    assert code == 0 and "warning" not in out
    assert feeds.asked.count("/lab/atom.xml") == 2
    assert len(written(site)["sources"]["Lab Log"]["posts"]) == 1


def test_a_source_that_does_not_answer_in_time(feeds, tmp_path):
    standard(feeds)
    feeds.routes["/lab/atom.xml"] = [(200, {"X-Delay": "1.5"}, b"")]
    site = make_site(tmp_path / "site", feeds.base)
    code, out = fetch(site, timeout=0.5, retries=1)
    assert code == 0
    (line,) = [line for line in out.splitlines() if "warning" in line]
    assert "'Lab Log'" in line and "did not answer within 0.5 s (2 tries)" in line
    assert "Lab Log" not in written(site)["sources"]


def test_nothing_fetched_is_exit_1_and_leaves_the_file(feeds, tmp_path, capsys):
    site = make_site(tmp_path / "site", feeds.base)  # the server knows none of the paths
    code, out = fetch(site, retries=0)
    assert code == 1 and "no external source could be fetched" in out
    assert out.count("warning") == 4  # two feeds and two pages
    assert not (site / "_data" / "external_posts.yml").exists()
    feeds.serve("/field/feed.xml", "<html><body>a blog</body></html>", "text/html")
    code, out = fetch(site, retries=0)
    assert "answered with something that is not an RSS or Atom feed" in out

    assert main(["external-posts", "-s", str(site), "--retries", "0", "--timeout", "2"]) == 1
    assert main(["external-posts", "-s", str(site), "--offline"]) == 0
    assert "--offline" in capsys.readouterr().out
    (site / "_config.yml").write_text("title: x\n", encoding="utf-8")
    assert main(["external-posts", "-s", str(site)]) == 1
    assert "no external_sources to fetch" in capsys.readouterr().err


def test_command_line_and_a_broken_data_file(feeds, tmp_path, capsys):
    standard(feeds)
    site = make_site(tmp_path / "site", feeds.base)
    assert main(["external-posts", "-s", str(site), "--retries", "0"]) == 0
    assert "wrote _data/external_posts.yml" in capsys.readouterr().out
    (site / "_data" / "external_posts.yml").write_text("sources: [1, 2\n", encoding="utf-8")
    assert main(["external-posts", "-s", str(site)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("_data/external_posts.yml:") and "not valid YAML" in err


def test_a_changed_feed_address_and_a_bad_date_warn(feeds, tmp_path):
    standard(feeds)
    site = make_site(tmp_path / "site", feeds.base)
    assert fetch(site)[0] == 0
    config = (site / "_config.yml").read_text(encoding="utf-8")
    config = config.replace("/lab/atom.xml", "/lab/new-atom.xml")
    config = config.replace('published_date: "2023-06-02"', "published_date: soon-ish")
    (site / "_config.yml").write_text(config, encoding="utf-8")
    config += "  - name: Unfinished\n  - rss_url: https://example.org/feed.xml\n"
    (site / "_config.yml").write_text(config, encoding="utf-8")
    reporter, page = built(site)
    warnings = [w for w in reporter.warnings if "external_sources" in w]
    assert any("nothing fetched yet for Lab Log;" in w for w in warnings), warnings
    assert any("each entry needs a name and an rss_url" in w for w in warnings), warnings
    assert any("'soon-ish'" in w and "left out" in w for w in warnings), warnings
    assert "Calibrating" not in page and "wetland birds" not in page
    assert "Counting herons" in page and "Why we share raw data" in page


def test_post_file_names_follow_alfolio():
    from scholarsite.plugins.external_posts import slug_for
    assert slug_for("Lab Log", "https://x.org/a", "Café & Crème: 2024!") == "caf--crme-2024"
    assert slug_for("Lab Log", "https://x.org/notes/last-one/", "") == "lab-log-last-one"
    assert slug_for("Lab Log", "https://x.org/p/42", "???") == "lab-log-42"
