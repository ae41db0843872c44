"""Link and asset checking: every build warns about internal links and local files that
lead nowhere; ``scholarsite check --links`` lists them all and exits 1; ``--external``
asks outside servers (a real one on 127.0.0.1 here), bounded and cached."""

from __future__ import annotations

import http.server
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from scholarsite.external_links import Answer, offline
from scholarsite.links import Resolver, page_targets

PAGE = """\
---
title: Home
layout: default
cv_pdf: cv.pdf
---
Read [my CV](/proj/assets/pdf/{{ page.cv_pdf }}) and the [about page](/proj/about/).

![A figure](img/missing-figure.png)

[The same page](/proj/about), [notes](/proj/notes), [top](#top), [mail](mailto:me@uni.edu).
[Write to me](me@uni.edu)

[Old site link](https://ada.example.org/proj/gone/) and [a good one](https://ada.example.org/proj/about/?from=home#bio).
[Elsewhere](https://example.net/page) and [another site on this host](/other-project/).
[The stylesheet, without the baseurl](/assets/site.css)

<img src="/proj/assets/photo.png" srcset="/proj/assets/photo.png 1x, /proj/assets/photo-2x.png 2x" alt="">
<!-- <a href="/proj/commented-out/">not a link</a> -->
<script>const html = '<img src="/proj/in-a-script.png">';</script>
<a href="/proj/files/report%20final.pdf">report</a>
<a href="/proj/kept/old.html">an old page kept by keep_files</a>
"""

CONFIG = """\
title: Links
url: https://ada.example.org
baseurl: /proj
keep_files: [kept]
scholar:
  source: /_bibliography/
  bibliography: papers.bib
  bibliography_template: "{{ reference }}{% if entry.pdf %} <a href=\\"/proj/assets/pdf/{{ entry.pdf }}\\">PDF</a>{% endif %}"
"""

BIB = """\
@article{lovelace1843,
  title = {Notes on the Analytical Engine},
  author = {Lovelace, Ada},
  year = {1843},
  pdf = {notes-1843.pdf}
}
"""


def make_site(root: Path) -> Path:
    (root / "_layouts").mkdir(parents=True)
    (root / "_layouts/default.html").write_text(
        '<html><head><link rel="stylesheet" href="{{ \'/assets/site.css\' | relative_url }}">'
        '<link rel="preconnect" href="/proj/not-a-file/"></head><body>{{ content }}</body></html>\n')
    (root / "_config.yml").write_text(CONFIG)
    (root / "index.md").write_text(PAGE)
    (root / "about.md").write_text("---\nlayout: default\npermalink: /about/\n---\nAbout.\n")
    (root / "notes.md").write_text("---\nlayout: default\n---\nNotes.\n")
    (root / "assets").mkdir()
    (root / "assets/site.css").write_text("body{}\n")
    (root / "assets/photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (root / "files").mkdir()
    (root / "files/report final.pdf").write_bytes(b"%PDF-1.4\n")
    (root / "_bibliography").mkdir()
    (root / "_bibliography/papers.bib").write_text(BIB)
    (root / "publications.md").write_text("---\nlayout: default\n---\n{% bibliography %}\n")
    return root


def scholarsite(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scholarsite", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=120)


FIX = "(add the file, or fix the link)"
EXPECTED = [
    f"index.md:4: warning: links to /assets/pdf/cv.pdf, which is not in the site {FIX}",
    f"index.md:8: warning: links to /img/missing-figure.png, which is not in the site {FIX}",
    "index.md:11: warning: links to /me@uni.edu, which is not in the site (write "
    "mailto:me@uni.edu for an email address)",
    f"index.md:13: warning: links to /gone/, which is not in the site {FIX}",
    "index.md:15: warning: links to /assets/site.css without the site's baseurl /proj, so it "
    "leads nowhere once published (write /proj/assets/site.css, or "
    "{{ '/assets/site.css' | relative_url }} in Liquid)",
    f"index.md:17: warning: links to /assets/photo-2x.png, which is not in the site {FIX}",
    f"_bibliography/papers.bib:5: warning: links to /assets/pdf/notes-1843.pdf, which is not in "
    f"the site {FIX}",
]


def warnings(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ": warning: links to" in line]


def test_every_build_warns_about_each_link_that_leads_nowhere(tmp_path):
    site = make_site(tmp_path / "site")
    (site / "_site/kept").mkdir(parents=True)
    (site / "_site/kept/old.html").write_text("kept\n")
    done = scholarsite("build", "-s", str(site))
    assert done.returncode == 0, done.stderr
    assert sorted(warnings(done.stderr)) == sorted(EXPECTED)
    # Nothing else: not what exists (/proj/about, /proj/notes as notes.html, the site's
    # own URL, a %20-encoded name, the stylesheet, the kept file), nor what is not
    # checked (comments, scripts, preconnect hints, fragments, mailto:, outside URLs, and
    # /other-project/, outside the baseurl and not a page of this site).
    # A rebuild takes the pages from the cache: the same warnings.
    again = scholarsite("build", "-s", str(site))
    assert sorted(warnings(again.stderr)) == sorted(EXPECTED)


def test_strict_fails_with_every_broken_link_and_keeps_the_output(tmp_path):
    site = make_site(tmp_path / "site")
    assert scholarsite("build", "-s", str(site)).returncode == 0
    before = (site / "_site/index.html").read_bytes()
    (site / "index.md").write_text((site / "index.md").read_text() + "\n[new](/proj/also-gone/)\n")
    done = scholarsite("build", "--strict", "-s", str(site))
    assert done.returncode == 1
    assert "links to /also-gone/" in done.stderr and "links to /gone/" in done.stderr
    assert (site / "_site/index.html").read_bytes() == before


def test_link_checking_can_be_turned_off(tmp_path):
    site = make_site(tmp_path / "site")
    with open(site / "_config.yml", "a") as config:
        config.write("scholarsite:\n  check_links: false\n")
    done = scholarsite("build", "-s", str(site))
    assert done.returncode == 0 and warnings(done.stderr) == []


def test_check_links_lists_all_and_exits_1_without_writing_the_site(tmp_path):
    site = make_site(tmp_path / "site")
    for n in range(6):  # more pages with one broken link than a build's summary shows
        (site / f"p{n}.md").write_text("---\nlayout: default\n---\n[cv](/proj/assets/pdf/cv.pdf)\n")
    done = scholarsite("check", "--links", "-s", str(site))
    assert done.returncode == 1, done.stderr
    lines = [line for line in done.stdout.splitlines() if "which is not in the site" in line]
    assert sum("/assets/pdf/cv.pdf" in line for line in lines) == 7
    assert "p5.md:4: links to /assets/pdf/cv.pdf" in done.stdout
    assert "broken links" in done.stdout.splitlines()[-1]
    assert not (site / "_site").exists()


def test_check_links_passes_on_a_clean_site(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "_config.yml").write_text("title: Clean\n")
    (site / "index.md").write_text("---\n---\n[about](about.html) [top](#x)\n")
    (site / "about.md").write_text("---\n---\n[home](/)\n")
    done = scholarsite("check", "--links", "-s", str(site))
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip().endswith("none broken")


def test_the_starter_site_has_no_broken_link(tmp_path):
    assert scholarsite("new", str(tmp_path / "s")).returncode == 0
    done = scholarsite("check", "--links", "-s", str(tmp_path / "s"))
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("target, page, kind, where", [
    ("/about/", "index.html", "internal", "about/"),
    ("../x.png", "blog/post/index.html", "internal", "blog/x.png"),
    ("x.png", "about.html", "internal", "x.png"),
    ("/%2e%2e/%2e%2e/etc/passwd", "index.html", "internal", "etc/passwd"),
    ("//ada.example.org/about", "index.html", "internal", "about"),
    ("HTTPS://Ada.Example.org/", "index.html", "internal", ""),
    ("https://example.net/a#b", "index.html", "external", "https://example.net/a"),
    ("javascript:alert(1)", "index.html", "skip", ""),
    ("data:image/png;base64,xx", "index.html", "skip", ""),
    ("{{ site.url }}", "index.html", "skip", ""),
])
def test_resolver(target, page, kind, where):
    assert Resolver({"url": "https://ada.example.org"}).resolve(target, page) == (kind, where)


def test_page_targets_reads_attributes_of_loading_tags_only():
    html = ('<a href="/a">x</a><A HREF=/b>y</A><img data-src="/lazy.png" src=\'/c.png\'>'
            '<source srcset="/d.webp 480w, /e.webp 800w"><object data="/f.svg"></object>'
            '<div data="/not-a-link"></div><a href="/g?x=1&amp;y=2">z</a>'
            '<base href="/docs/"><p>href="/text"</p>')
    assert page_targets(html) == ["\0/docs/", "/a", "/b", "/c.png", "/d.webp", "/e.webp",
                                  "/f.svg", "/g?x=1&y=2"]


# -- outside links, against a real server on 127.0.0.1 -------------------------------------

class Answers(http.server.BaseHTTPRequestHandler):
    asked: list[str] = []

    def log_message(self, *args):
        pass

    def answer(self, with_body: bool) -> None:
        Answers.asked.append(f"{self.command} {self.path}")
        path = self.path
        if path == "/slow":
            time.sleep(2)
        if path == "/no-head" and self.command == "HEAD":
            return self.reply(405, with_body)
        if path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/gone")
            self.send_header("Content-Length", "0")
            return self.end_headers()
        status = {"/ok": 200, "/no-head": 200, "/gone": 404, "/fails": 500, "/limited": 429,
                  "/slow": 200}.get(path, 404)
        self.reply(status, with_body)

    def reply(self, status: int, with_body: bool) -> None:
        body = b"<p>answer</p>"
        self.send_response(status)
        if status == 429:
            self.send_header("Retry-After", "3600")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def do_HEAD(self):
        self.answer(False)

    def do_GET(self):
        self.answer(True)


@pytest.fixture
def outside():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Answers)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    Answers.asked = []
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def outside_site(root: Path, base: str) -> Path:
    root.mkdir()
    (root / "_config.yml").write_text("title: Outside\nurl: https://ada.example.org\n")
    links = " ".join(f"[{p}]({base}/{p})" for p in
                     ("ok", "no-head", "gone", "fails", "limited", "slow", "moved"))
    (root / "index.md").write_text(f"---\n---\nSee {links}.\n\nAgain [ok]({base}/ok#part).\n")
    return root


def test_external_links_are_asked_once_each_bounded_and_cached(tmp_path, outside):
    site = outside_site(tmp_path / "site", outside)
    done = scholarsite("check", "--links", "--external", "--timeout", "0.5", "-s", str(site))
    assert done.returncode == 1, done.stderr
    out = done.stdout
    assert f"index.md:3: links to {outside}/gone, which answers: 404 Not Found" in out
    assert f"links to {outside}/fails, which answers: 500 Internal Server Error" in out
    assert f"links to {outside}/moved, which answers: 404 Not Found" in out
    assert f"links to {outside}/slow, which answers: no answer within 0 s" in out or \
        f"links to {outside}/slow, which answers: no answer within 1 s" in out
    assert f"note: {outside}/limited refused the check (429" in out
    assert f"{outside}/ok," not in out and f"{outside}/no-head," not in out
    assert "4 broken links; 1 refused the check" in out.splitlines()[-1]
    assert Answers.asked.count("HEAD /ok") == 1  # the fragment makes no second request
    assert "GET /no-head" in Answers.asked
    # A second check reuses the good answers and asks only about the rest again.
    Answers.asked = []
    scholarsite("check", "--links", "--external", "--timeout", "0.5", "-s", str(site))
    assert "HEAD /ok" not in Answers.asked and "HEAD /no-head" not in Answers.asked
    assert "HEAD /gone" in Answers.asked


def test_external_check_stops_at_its_deadline(tmp_path, outside):
    site = outside_site(tmp_path / "site", outside)
    started = time.monotonic()
    done = scholarsite("check", "--links", "--external", "--deadline", "0", "-s", str(site))
    assert time.monotonic() - started < 30
    assert "7 not checked within --deadline 0 s" in done.stdout
    assert done.returncode == 0, done.stdout  # nothing checked is nothing broken


def test_no_network_at_all_is_said_once_not_counted_as_broken():
    lookups = [Answer(f"https://h{n}.org/", None,
                      "could not connect (name or service not known)") for n in range(3)]
    assert offline(lookups)
    assert not offline(lookups + [Answer("https://up.org/", 200, "OK")])
    assert not offline([])


def test_a_link_from_a_layout_is_one_warning_at_its_line_with_the_page_count(tmp_path):
    site = tmp_path / "site"
    (site / "_layouts").mkdir(parents=True)
    (site / "_config.yml").write_text("title: Icons\n")
    (site / "_layouts/default.html").write_text(
        '<html><head>\n<link rel="icon" href="/images/favicon.ico">\n</head>'
        "<body>{{ content }}</body></html>\n")
    for name in ("index", "a", "b", "c", "d"):
        (site / f"{name}.md").write_text("---\nlayout: default\n---\nText\n")
    done = scholarsite("build", "-s", str(site))
    assert done.returncode == 0, done.stderr
    assert warnings(done.stderr) == [
        "_layouts/default.html:2: warning: links to /images/favicon.ico, which is not in the "
        "site (add the file, or fix the link); on 5 pages"]
