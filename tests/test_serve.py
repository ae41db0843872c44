"""`scholarsite serve`: HTTP behaviour, live-reload events, and (with Chromium) the browser side.

Every test starts its own server in a subprocess (``--port 0``: the OS picks a free port,
read back from the "serving http://..." line) and stops it at the end. No test asserts
timings; waits only have generous upper bounds.
"""

from __future__ import annotations

import http.client
import json
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
WAIT = 60.0  # upper bound for anything to happen; tests pass as soon as it does

LAYOUT = """<!doctype html>
<html>
<head><title>{{ page.title }}</title>
<link rel="stylesheet" href="{{ '/css/style.css' | relative_url }}"></head>
<body><main id="content">{{ content }}</main></body>
</html>
"""


def page(title: str, body: str) -> str:
    return f"---\nlayout: default\ntitle: {title}\n---\n\n{body}\n"


def make_site(root: Path, baseurl: str = "") -> Path:
    files = {
        "_config.yml": "title: Serve test\n" + (f"baseurl: {baseurl}\n" if baseurl else ""),
        "_layouts/default.html": LAYOUT,
        "index.md": page("Home", "Hello from the **home page**."),
        "about.md": page("About", "About text."),
        "docs/index.md": page("Docs", "Docs folder index."),
        "404.html": "---\nlayout: default\ntitle: Missing\n---\n<p>Custom missing page</p>\n",
        "css/style.css": "body { color: rgb(255, 0, 0); }\n",
        "js/app.js": "console.log('hi');\n",
        "img/logo.svg": '<svg xmlns="http://www.w3.org/2000/svg"/>\n',
        "data.json": '{"a": 1}\n',
        "feed.xml": "<?xml version=\"1.0\"?><feed/>\n",
        "papers.bib": "@article{key, title={T}, year={2024}}\n",
        "notes.txt": "plain\n",
    }
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    binaries = {"img/photo.webp": b"RIFF\x00\x00\x00\x00WEBPVP8 ", "fonts/f.woff2": b"wOF2\x00"}
    for name, data in binaries.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root


class Server:
    """A `scholarsite serve` subprocess; output lines are collected by reader threads."""

    def __init__(self, source: Path, dest: Path, *extra: str):
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "scholarsite", "serve", "-s", str(source), "-d", str(dest),
             "--port", "0", *extra],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        self.stdout: list[str] = []
        self.stderr: list[str] = []
        self.lines: queue.Queue = queue.Queue()
        for stream, sink in ((self.proc.stdout, self.stdout), (self.proc.stderr, self.stderr)):
            threading.Thread(target=self._pump, args=(stream, sink), daemon=True).start()
        self.url = self._wait_for_url()
        match = re.match(r"http://([^:/]+):(\d+)(/.*)$", self.url)
        self.host, self.port, self.base = match.group(1), int(match.group(2)), match.group(3)

    def _pump(self, stream, sink) -> None:
        for line in stream:
            sink.append(line)
            self.lines.put(line)

    def _wait_for_url(self) -> str:
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.5)
            except queue.Empty:
                if self.proc.poll() is not None:
                    break
                continue
            match = re.match(r"serving (http://\S+) \(Ctrl-C to stop\)$", line.strip())
            if match:
                return match.group(1)
        self.stop()
        raise AssertionError(f"server did not start: {''.join(self.stdout + self.stderr)}")

    def request(self, path: str, method: str = "GET"):
        conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            conn.request(method, path)
            response = conn.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            conn.close()

    def wait_for_output(self, text: str) -> None:
        deadline = time.monotonic() + WAIT
        while text not in "".join(self.stdout + self.stderr):
            assert time.monotonic() < deadline, f"never printed {text!r}: {self.output()}"
            time.sleep(0.05)

    def output(self) -> str:
        return "".join(self.stdout) + "".join(self.stderr)

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        return self.proc.returncode


@pytest.fixture
def site(tmp_path) -> Path:
    return make_site(tmp_path / "site")


@pytest.fixture
def server(site, tmp_path):
    srv = Server(site, tmp_path / "out")
    yield srv
    srv.stop()


class Events:
    """A Server-Sent Events client on /__scholarsite/events."""

    def __init__(self, srv: Server):
        self.sock = socket.create_connection((srv.host, srv.port), timeout=WAIT)
        self.sock.sendall(b"GET /__scholarsite/events HTTP/1.1\r\nHost: x\r\n"
                          b"Accept: text/event-stream\r\n\r\n")
        self.file = self.sock.makefile("rb")
        status = self.file.readline()
        assert b" 200 " in status, status
        headers = {}
        while (line := self.file.readline()) not in (b"\r\n", b""):
            key, _, value = line.decode().partition(":")
            headers[key.strip().lower()] = value.strip()
        assert headers["content-type"].startswith("text/event-stream")

    def next(self) -> tuple[str, str]:
        """The next named event (comments and the retry field are skipped)."""
        event = data = None
        deadline = time.monotonic() + WAIT  # pings every 15 s keep the socket itself alive
        while True:
            assert time.monotonic() < deadline, "no event arrived"
            line = self.file.readline()
            assert line, "event stream closed"
            line = line.decode().rstrip("\n")
            if line == "":
                if event is not None:
                    return event, data
                continue
            if line.startswith("event: "):
                event = line[7:]
            elif line.startswith("data: "):
                data = line[6:]

    def close(self) -> None:
        self.file.close()
        self.sock.close()


# -- HTTP -------------------------------------------------------------------------------


@pytest.mark.parametrize("path, ctype", [
    ("/", "text/html; charset=utf-8"),
    ("/about.html", "text/html; charset=utf-8"),
    ("/css/style.css", "text/css; charset=utf-8"),
    ("/js/app.js", "text/javascript; charset=utf-8"),
    ("/img/logo.svg", "image/svg+xml; charset=utf-8"),
    ("/img/photo.webp", "image/webp"),
    ("/fonts/f.woff2", "font/woff2"),
    ("/data.json", "application/json; charset=utf-8"),
    ("/feed.xml", "application/xml; charset=utf-8"),
    ("/papers.bib", "text/plain; charset=utf-8"),
    ("/notes.txt", "text/plain; charset=utf-8"),
])
def test_mime_types(server, path, ctype):
    status, headers, _ = server.request(path)
    assert status == 200
    assert headers["Content-Type"] == ctype
    assert headers["Cache-Control"] == "no-store"


def test_static_file_is_served_byte_for_byte(server, site):
    status, headers, body = server.request("/img/photo.webp")
    assert status == 200 and body == (site / "img/photo.webp").read_bytes()
    assert headers["Content-Length"] == str(len(body))


def test_folder_index_and_redirect(server):
    status, headers, _ = server.request("/docs")
    assert status == 301 and headers["Location"] == "/docs/"
    status, _, body = server.request("/docs/")
    assert status == 200 and b"Docs folder index." in body
    status, headers, _ = server.request("/docs?x=1")
    assert status == 301 and headers["Location"] == "/docs/?x=1"


def test_missing_page_gets_site_404_with_status(server):
    status, headers, body = server.request("/no/such/page/")
    assert status == 404
    assert headers["Content-Type"].startswith("text/html")
    assert b"Custom missing page" in body
    assert b"/__scholarsite/events" in body


def test_head_request(server):
    status, headers, body = server.request("/css/style.css", "HEAD")
    assert status == 200 and body == b"" and int(headers["Content-Length"]) > 0


def test_path_traversal_is_refused(server):
    status, _, body = server.request("/../../../../etc/passwd")
    assert status == 404 and b"root:" not in body
    status, _, body = server.request("/%2e%2e/%2e%2e/%2e%2e/etc/passwd")
    assert status == 404 and b"root:" not in body


def test_reload_script_is_served_but_not_written(server, tmp_path):
    status, _, body = server.request("/")
    assert status == 200
    html = body.decode()
    assert "/__scholarsite/events" in html and "EventSource" in html
    assert html.index("EventSource") < html.lower().rindex("</body>")
    on_disk = (tmp_path / "out" / "index.html").read_text()
    assert "Hello from the <strong>home page</strong>." in on_disk
    assert "__scholarsite" not in on_disk and "EventSource" not in on_disk
    # non-HTML responses are never touched
    _, _, css = server.request("/css/style.css")
    assert css == b"body { color: rgb(255, 0, 0); }\n"


def test_baseurl_prefix(tmp_path):
    source = make_site(tmp_path / "site", baseurl="/blog")
    srv = Server(source, tmp_path / "out")
    try:
        assert srv.url.endswith(":%d/blog/" % srv.port)
        status, headers, _ = srv.request("/")
        assert status in (301, 302) and headers["Location"] == "/blog/"
        status, headers, _ = srv.request("/blog")
        assert status in (301, 302) and headers["Location"] == "/blog/"
        status, _, body = srv.request("/blog/")
        assert status == 200 and b"home page" in body
        assert b'href="/blog/css/style.css"' in body
        status, headers, _ = srv.request("/blog/css/style.css")
        assert status == 200 and headers["Content-Type"].startswith("text/css")
        status, headers, _ = srv.request("/blog/docs")
        assert status == 301 and headers["Location"] == "/blog/docs/"
        status, _, body = srv.request("/css/style.css")  # outside the prefix
        assert status == 404 and b"Custom missing page" in body
    finally:
        srv.stop()


def test_ctrl_c_exits_cleanly(server):
    assert server.request("/")[0] == 200
    assert server.stop() == 0
    assert "Traceback" not in server.output()


def test_port_in_use_is_one_line_error(server, site, tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "scholarsite", "serve", "-s", str(site), "-d",
         str(tmp_path / "out2"), "--port", str(server.port)],
        capture_output=True, text=True, timeout=WAIT)
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert "port" in result.stderr and "Traceback" not in result.stderr


# -- rebuilds and events ------------------------------------------------------------------


def test_edit_rebuilds_and_sends_events(server, site, tmp_path):
    events = Events(server)
    try:
        kind, version = events.next()
        assert kind == "hello"

        (site / "index.md").write_text(page("Home", "Edited text one."))
        assert events.next()[0] == "reload"
        assert "Edited text one." in (tmp_path / "out" / "index.html").read_text()
        server.wait_for_output("rebuilt in ")
        assert re.search(r"rebuilt in \d+\.\d\ds \(\d+ files? changed\)", server.output())

        # a stylesheet-only change swaps stylesheets instead of reloading
        (site / "css" / "style.css").write_text("body { color: rgb(0, 0, 255); }\n")
        kind, _ = events.next()
        assert kind == "css"
        assert "0, 0, 255" in server.request("/css/style.css")[2].decode()

        # broken front matter: an error event with the located one-line message
        (site / "index.md").write_text("---\ntitle: Home\nlayout: [default\n---\nBroken\n")
        kind, data = events.next()
        assert kind == "error"
        message = json.loads(data)["message"]
        assert re.match(r"index\.md:\d+:", message) and "\n" not in message
        server.wait_for_output(message)
        assert "Edited text one." in server.request("/")[2].decode()  # old output kept

        # a late subscriber sees the error state at once
        late = Events(server)
        try:
            assert late.next()[0] == "hello"
            assert late.next() == ("error", data)
        finally:
            late.close()

        # fixed again: a full reload, even if only CSS changes next
        (site / "index.md").write_text(page("Home", "Fixed text."))
        assert events.next()[0] == "reload"
        assert "Fixed text." in server.request("/")[2].decode()
    finally:
        events.close()


def test_changes_during_a_build_are_not_lost(server, site, tmp_path):
    target = tmp_path / "out" / "about.html"
    for i in range(12):
        (site / "about.md").write_text(page("About", f"Version number {i}."))
        time.sleep(0.03)
    deadline = time.monotonic() + WAIT
    while not (target.exists() and "Version number 11." in target.read_text()):
        assert time.monotonic() < deadline, server.output()
        time.sleep(0.05)


def test_ignored_paths_do_not_rebuild(server, site):
    events = Events(server)
    try:
        assert events.next()[0] == "hello"
        (site / ".index.md.swp").write_text("swap")
        (site / "index.md~").write_text("backup")
        (site / ".git").mkdir()
        (site / ".git" / "HEAD").write_text("ref")
        (site / ".scholarsite-cache").mkdir(exist_ok=True)
        (site / ".scholarsite-cache" / "x").write_text("x")
        # a real change afterwards: the first event must be its reload, and the terminal
        # must report one file (none of the ignored ones)
        time.sleep(1.5)
        (site / "about.md").write_text(page("About", "After ignored files."))
        assert events.next()[0] == "reload"
        server.wait_for_output("rebuilt in ")
        assert "(1 file changed)" in server.output()
        assert server.output().count("rebuilt in ") == 1
    finally:
        events.close()


def test_output_inside_source_does_not_loop(tmp_path):
    source = make_site(tmp_path / "site")
    srv = Server(source, source / "_site")
    try:
        (source / "about.md").write_text(page("About", "Inside source."))
        srv.wait_for_output("rebuilt in ")
        time.sleep(2.5)  # a rebuild triggered by our own output would show up here
        assert srv.output().count("rebuilt in ") == 1, srv.output()
    finally:
        srv.stop()


def test_first_build_failing_still_serves_and_recovers(tmp_path):
    source = make_site(tmp_path / "site")
    (source / "index.md").write_text("---\ntitle: [oops\n---\nText\n")
    srv = Server(source, tmp_path / "out")
    try:
        assert "index.md:" in srv.output()
        events = Events(srv)
        try:
            assert events.next()[0] == "hello"
            kind, data = events.next()
            assert kind == "error" and "index.md:" in data
            (source / "index.md").write_text(page("Home", "Recovered."))
            assert events.next()[0] == "reload"
        finally:
            events.close()
        assert "Recovered." in srv.request("/")[2].decode()
    finally:
        srv.stop()


# -- browser ------------------------------------------------------------------------------


def chromium_reason() -> str | None:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (Debian's chromium package runs the browser tests)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright (python) is not installed"
    return None


@pytest.fixture
def browser():
    reason = chromium_reason()
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--headless", "--disable-gpu",
                  "--disable-background-networking", "--disable-component-update"])
        try:
            yield b
        finally:
            b.close()


def test_browser_live_reload_and_error_overlay(browser, server, site):
    tab = browser.new_page()
    tab.set_default_timeout(WAIT * 1000)
    tab.goto(server.url)
    tab.wait_for_selector("text=home page")

    (site / "index.md").write_text(page("Home", "Text changed while you watched."))
    tab.wait_for_selector("text=Text changed while you watched.")

    (site / "index.md").write_text("---\ntitle: Home\nlayout: [default\n---\nBroken page\n")
    overlay = tab.wait_for_selector("#__scholarsite_error", state="visible")
    text = overlay.inner_text()
    assert re.search(r"index\.md:\d+", text), text
    assert "YAML" in text
    assert tab.evaluate(
        "getComputedStyle(document.getElementById('__scholarsite_error')).position") == "fixed"

    # a page opened while the site is broken shows the overlay too
    other = browser.new_page()
    other.set_default_timeout(WAIT * 1000)
    other.goto(server.url + "about.html")
    assert "index.md:" in other.wait_for_selector("#__scholarsite_error").inner_text()

    (site / "index.md").write_text(page("Home", "Fixed and **reloaded**."))
    tab.wait_for_selector("text=Fixed and")
    tab.wait_for_selector("#__scholarsite_error", state="detached")
    other.wait_for_selector("#__scholarsite_error", state="detached")


def test_browser_overlay_escapes_html(browser, server, site):
    tab = browser.new_page()
    tab.set_default_timeout(WAIT * 1000)
    tab.goto(server.url)
    tab.wait_for_selector("text=home page")
    (site / "_config.yml").write_text("title: <b>x\nbad: [<img src=x onerror=alert(1)>\n")
    overlay = tab.wait_for_selector("#__scholarsite_error")
    assert "_config.yml" in overlay.inner_text()
    assert tab.evaluate("document.querySelectorAll('#__scholarsite_error *').length") == 0


def test_browser_css_change_swaps_stylesheet_without_reload(browser, server, site):
    tab = browser.new_page()
    tab.set_default_timeout(WAIT * 1000)
    tab.goto(server.url)
    tab.wait_for_selector("text=home page")
    assert tab.evaluate("getComputedStyle(document.body).color") == "rgb(255, 0, 0)"
    tab.evaluate("window.__marker = 'still here'")

    (site / "css" / "style.css").write_text("body { color: rgb(0, 128, 0); }\n")
    tab.wait_for_function("getComputedStyle(document.body).color === 'rgb(0, 128, 0)'")
    assert tab.evaluate("window.__marker") == "still here"  # no full reload
    assert "__ss=" in tab.evaluate("document.querySelector('link[rel=stylesheet]').href")
