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
import select
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

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
        self.sock.sendall(b"GET /__scholarsite/events HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                          b"Accept: text/event-stream\r\n\r\n")
        self.file = self.sock.makefile("rb")
        status = self.file.readline()
        assert b" 200 " in status, status
        headers = {}
        while (line := self.file.readline()) not in (b"\r\n", b""):
            key, _, value = line.decode().partition(":")
            headers[key.strip().lower()] = value.strip()
        assert headers["content-type"].startswith("text/event-stream")

    def next(self, pages: bool = False) -> tuple[str, str]:
        """The next named event (comments and the retry field are skipped, and so are
        "page" events, the early reload of an edited page, unless ``pages``)."""
        while True:
            event, data = self.next_any()
            if pages or event != "page":
                return event, data

    def next_any(self) -> tuple[str, str]:
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
    assert status == 400 and b"root:" not in body
    status, _, body = server.request("/%2e%2e/%2e%2e/%2e%2e/etc/passwd")
    assert status == 400 and b"root:" not in body


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


# -- hardening: address, paths, methods, limits, connections, load ---------------------------

SECRET = "SENTINEL-SECRET-4f1c9e"  # in a file next to the output folder; never served
BENCH = Path(__file__).resolve().parent.parent / "bench"
LOAD_SECONDS = float(os.environ.get("SCHOLARSITE_LOAD_SECONDS", "10"))


def raw_request(srv: Server, target: str, method: str = "GET", headers: str = "",
                body: bytes = b"") -> tuple[int, dict, bytes]:
    """Send the request line byte for byte (http.client would quote or normalise it)."""
    with socket.create_connection((srv.host, srv.port), timeout=WAIT) as sock:
        host = "" if "host:" in headers.lower() else f"Host: 127.0.0.1:{srv.port}\r\n"
        sock.sendall(f"{method} {target} HTTP/1.1\r\n{host}{headers}"
                     f"Connection: close\r\n\r\n".encode("latin-1") + body)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    fields = {}
    for line in lines[1:]:
        key, _, value = line.partition(":")
        fields[key.strip().lower()] = value.strip()
    return int(lines[0].split()[1]), fields, rest


def fd_count(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/fd"))


def wait_for_fds(pid: int, most: int) -> int:
    """The server's descriptor count once it is at most MOST (closed connections are let
    go of asynchronously); fails after WAIT seconds."""
    deadline = time.monotonic() + WAIT
    while (count := fd_count(pid)) > most:
        assert time.monotonic() < deadline, f"{count} descriptors open, expected <= {most}"
        time.sleep(0.1)
    return count


needs_proc = pytest.mark.skipif(not Path("/proc/self/fd").is_dir(),
                                reason="counts descriptors in /proc")


def listening_address(port: int) -> str:
    """Local address (hex, as in /proc/net/tcp) of the socket listening on PORT."""
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            address, _, hexport = fields[1].partition(":")
            if int(hexport, 16) == port and fields[3] == "0A":  # 0A: LISTEN
                return address
    raise AssertionError(f"nothing listens on port {port}")


@needs_proc
def test_default_host_is_loopback(server):
    from scholarsite.cli import make_parser
    assert make_parser().parse_args(["serve"]).host == "127.0.0.1"
    assert server.host == "127.0.0.1"  # the fixture passes no --host
    assert listening_address(server.port) == "0100007F"  # 127.0.0.1, little-endian hex
    assert "note:" not in server.output()


@needs_proc
def test_non_loopback_host_prints_note(site, tmp_path):
    srv = Server(site, tmp_path / "out", "--host", "0.0.0.0")
    try:
        assert listening_address(srv.port) == "00000000"
        notes = [line for line in srv.stdout if line.startswith("note:")]
        assert len(notes) == 1 and "for local use" in notes[0] and "0.0.0.0" in notes[0]
        assert srv.request("/")[0] == 200
    finally:
        srv.stop()


@pytest.mark.parametrize("host,status", [
    ("127.0.0.1:{port}", 200), ("localhost:{port}", 200), ("[::1]:{port}", 200),
    ("app.localhost", 200), ("192.168.1.20:{port}", 200),
    ("evil.example:{port}", 403), ("rebind.attacker.test", 403)])
def test_only_local_host_names_are_answered(server, host, status):
    got, _, body = raw_request(server, "/", headers=f"Host: {host.format(port=server.port)}\r\n")
    assert got == status
    if status == 403:  # one line saying why and what to do, nothing of the site
        assert body.count(b"\n") == 1 and b"is not this dev server's" in body
        assert b"--host" in body and b"<html" not in body


@pytest.fixture(scope="module")
def guarded(tmp_path_factory):
    """A server whose output folder has a secret file beside it, and symbolic links in the
    output (placed after the build, like stray ones) that point at it."""
    root = tmp_path_factory.mktemp("guarded")
    (root / "secret.txt").write_text(SECRET + "\n")
    srv = Server(make_site(root / "site"), root / "out")
    out = root / "out"
    (out / "leak.txt").symlink_to(root / "secret.txt")  # absolute target
    (out / "rel-leak.css").symlink_to("../secret.txt")  # relative target
    (out / "up").symlink_to(root)  # a folder: /up/secret.txt
    (out / "page.html").symlink_to(root / "secret.txt")  # found for /page too
    (out / "trap").mkdir()
    (out / "trap" / "index.html").symlink_to(root / "secret.txt")  # as a folder index
    (out / "same.css").symlink_to("css/style.css")  # stays inside: served
    yield srv, root
    srv.stop()


@pytest.mark.parametrize("target, statuses", [
    ("/../secret.txt", {400}),
    ("/../../../../../../etc/passwd", {400}),
    ("/css/../../secret.txt", {400}),
    ("/./secret.txt", {400}),
    ("/%2e%2e/secret.txt", {400}),
    ("/%2E%2E/%2E%2E/secret.txt", {400}),
    ("/.%2e/secret.txt", {400}),
    ("/..%2fsecret.txt", {400}),
    ("/css%2F..%2F..%2Fsecret.txt", {400}),
    ("/%252e%252e/secret.txt", {404}),  # decoded once: a name "%2e%2e", not ".."
    ("/%252e%252e%252fsecret.txt", {404}),
    ("/..\\secret.txt", {400}),
    ("/%5c..%5csecret.txt", {400}),
    ("/%c0%ae%c0%ae/secret.txt", {400}),  # overlong UTF-8 dots
    ("//etc/passwd", {400, 404}),  # http.server may collapse the "//" itself
    ("//{root}/secret.txt", {400, 404}),
    ("/etc/passwd", {404}),  # a path inside the site, where there is no such file
    ("{root}/secret.txt", {404}),
    ("http://localhost/../secret.txt", {400}),  # absolute form
    ("http://localhost//etc/passwd", {400}),
    ("secret.txt", {400}),
    ("/secret.txt%00.html", {400}),
    ("/%00", {400}),
    ("/secret.txt\x00", {400}),
    ("/%7f", {400}),
    ("/leak.txt", {404}),
    ("/rel-leak.css", {404}),
    ("/up/secret.txt", {404}),
    ("/up/", {404}),
    ("/page", {404}),
    ("/page.html", {404}),
    ("/trap/", {404}),
    ("/" + "a" * 300, {404}),  # longer than a file name may be
])
def test_request_outside_the_site_is_refused(guarded, target, statuses):
    srv, root = guarded
    status, _, body = raw_request(srv, target.format(root=root))
    assert status in statuses, body[:200]
    assert SECRET.encode() not in body
    assert str(root).encode() not in body and b"Traceback" not in body
    if status == 400:
        assert body == b"400 Bad Request\n"
    else:
        assert b"Custom missing page" in body


def test_refused_requests_leave_no_traceback(guarded):
    srv, _ = guarded
    for target in ("/../secret.txt", "/up/secret.txt", "/" + "b" * 300, "/%ff"):
        assert raw_request(srv, target)[0] in (400, 404)
    status, _, body = raw_request(srv, "/same.css")  # a link that stays inside is fine
    assert status == 200 and body == b"body { color: rgb(255, 0, 0); }\n"
    assert srv.request("/")[0] == 200
    assert "Traceback" not in srv.output() and "internal error" not in srv.output()


def test_failure_while_answering_is_one_line(tmp_path, monkeypatch, capsys):
    from scholarsite import serve as serve_module

    def broken(self, path, status, head):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(serve_module.Handler, "send_file", broken)
    monkeypatch.delenv("SCHOLARSITE_DEBUG", raising=False)
    make_site(tmp_path / "out")  # any files will do
    httpd = serve_module.DevServer(
        ("127.0.0.1", 0), serve_module.SiteState(tmp_path, tmp_path / "out", ""),
        serve_module.LiveState())
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        conn = http.client.HTTPConnection("127.0.0.1", httpd.server_address[1], timeout=WAIT)
        with pytest.raises(http.client.RemoteDisconnected):
            conn.request("GET", "/css/style.css")
            conn.getresponse()
        conn.close()
    finally:
        httpd.shutdown()
        httpd.server_close()
    err = capsys.readouterr().err
    assert err.splitlines() == [
        "scholarsite: internal error: RuntimeError: disk on fire (at test_serve.py:"
        f"{broken.__code__.co_firstlineno + 1}) (while answering a request)"]


def test_folder_without_index_is_not_listed(server, tmp_path):
    status, headers, _ = server.request("/img")
    assert status == 301 and headers["Location"] == "/img/"
    status, _, body = server.request("/img/")
    assert status == 404 and b"Custom missing page" in body and b"photo.webp" not in body
    # a site without a 404 page gets the built-in one
    source = make_site(tmp_path / "bare")
    (source / "404.html").unlink()
    srv = Server(source, tmp_path / "bare-out")
    try:
        status, _, body = srv.request("/img/")
        assert status == 404 and b"404 Not Found" in body and b"photo.webp" not in body
    finally:
        srv.stop()


def test_version_control_folders_kept_in_the_output_are_not_served(tmp_path):
    dest = tmp_path / "out"
    (dest / ".git").mkdir(parents=True)  # e.g. a gh-pages clone; keep_files keeps it
    (dest / ".git" / "config").write_text("[remote] url = https://token@example.org\n")
    srv = Server(make_site(tmp_path / "site"), dest)
    try:
        assert (dest / ".git" / "config").is_file()
        for path in ("/.git/config", "/.git/", "/.git", "/%2egit/config"):
            status, _, body = srv.request(path)
            assert status == 404 and b"token" not in body, path
        assert srv.request("/")[0] == 200
    finally:
        srv.stop()


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE"])
def test_only_get_and_head(server, method):
    status, headers, body = raw_request(server, "/", method, "Content-Length: 5\r\n", b"hello")
    assert status == 405 and headers["allow"] == "GET, HEAD"
    assert headers["connection"] == "close" and body == b"405 Method Not Allowed\n"
    assert raw_request(server, "/", "BREW")[0] == 501
    assert server.request("/")[0] == 200


def test_request_size_limits(server):
    assert raw_request(server, "/" + "a" * 9000)[0] == 414  # request line over 8 KiB
    assert raw_request(server, "/" + "a" * 4000)[0] == 404  # long, but allowed
    many = "".join(f"X-Header-{i}: y\r\n" for i in range(101))
    assert raw_request(server, "/", headers=many)[0] == 431
    assert raw_request(server, "/", headers="X-Big: " + "a" * 66000 + "\r\n")[0] == 431
    assert server.request("/")[0] == 200
    assert "Traceback" not in server.output()


def test_idle_and_slow_clients_do_not_block_others(server):
    idle = [socket.create_connection((server.host, server.port)) for _ in range(30)]
    slow = [socket.create_connection((server.host, server.port)) for _ in range(10)]
    try:
        for i, sock in enumerate(slow):  # a request line, or headers, that never end
            sock.sendall(b"GET /abo" if i % 2 else b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slo")
        for path in ("/", "/about.html", "/css/style.css"):
            assert server.request(path)[0] == 200  # http.client gives up after 30 s
    finally:
        for sock in idle + slow:
            sock.close()


@needs_proc
def test_event_streams_end_when_clients_go_away(server):
    pid = server.proc.pid
    before = fd_count(pid)
    control = Events(server)  # stays open; the server's first write to it is a ping
    streams = [Events(server) for _ in range(10)]
    try:
        assert control.next()[0] == "hello"
        for stream in streams:
            assert stream.next()[0] == "hello"
        assert fd_count(pid) >= before + 11
        for stream in streams:
            stream.close()
        wait_for_fds(pid, before + 1)
        # The streams ended because the server noticed the clients leave, not because a
        # ping failed to go out: the open stream has had no ping yet.
        assert not select.select([control.sock], [], [], 0)[0]
    finally:
        control.close()
    wait_for_fds(pid, before)


def test_event_streams_are_capped(server):
    from scholarsite.serve import MAX_EVENT_STREAMS
    oldest = Events(server)
    assert oldest.next()[0] == "hello"
    newer = [Events(server) for _ in range(MAX_EVENT_STREAMS)]
    try:
        assert oldest.file.readline() == b""  # the server ended the oldest stream
        assert newer[-1].next()[0] == "hello"
        assert server.request("/")[0] == 200
    finally:
        for stream in [oldest, *newer]:
            stream.close()


@needs_proc
def test_load_mixed_requests(tmp_path):
    """200 concurrent clients for SCHOLARSITE_LOAD_SECONDS (default 10) seconds, from a
    second process: pages, the 404 page, the event stream, traversal attempts."""
    site = make_site(tmp_path / "site")
    (tmp_path / "secret.txt").write_text(SECRET + "\n")
    srv = Server(site, tmp_path / "out")
    try:
        pid = srv.proc.pid
        before = fd_count(pid)
        report = tmp_path / "load.json"
        run = subprocess.run(
            [sys.executable, str(BENCH / "serve_load.py"), "--url", srv.url,
             "--connections", "200", "--duration", str(LOAD_SECONDS), "--secret", SECRET,
             "--json", str(report)],
            capture_output=True, text=True, timeout=LOAD_SECONDS + 120, check=False)
        print(run.stdout, run.stderr)  # requests/s and latency, shown with pytest -s
        result = json.loads(report.read_text())
        assert result["errors"] == 0, result["error_samples"]
        assert run.returncode == 0, run.stderr
        assert set(result["by_kind"]) == {"page", "missing", "events", "refused"}
        assert all(row["requests"] > 0 for row in result["by_kind"].values())
        assert srv.request("/")[0] == 200  # still answering
        wait_for_fds(pid, before + 2)  # no descriptor leak (small slack)
        assert "Traceback" not in srv.output()
    finally:
        srv.stop()


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


@pytest.fixture
def browser(chromium):
    """A fresh context on the session's shared Chromium (tests/conftest.py), closed after
    the test with its tabs."""
    context = chromium.new_context()
    try:
        yield context
    finally:
        context.close()


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


def test_browser_shows_the_edited_page_before_the_build_ends_and_loads_it_once(
        browser, server, site):
    """The saved page reloads on its "page" event; the final "reload" leaves it alone
    (the build wrote the same bytes), while a page that lists it reloads then."""
    (site / "list.md").write_text(page("List", "Listed: {{ site.pages.size }} pages."))
    (site / "about.md").write_text(page("About", "About, second version."))
    tab = browser.new_page()
    tab.set_default_timeout(WAIT * 1000)
    tab.goto(server.url + "about.html")
    tab.wait_for_selector("text=second version")
    other = browser.new_page()
    other.set_default_timeout(WAIT * 1000)
    other.goto(server.url + "list.html")
    other.wait_for_selector("text=Listed:")
    loads = {"about": 0, "list": 0}
    tab.on("load", lambda _: loads.__setitem__("about", loads["about"] + 1))
    other.on("load", lambda _: loads.__setitem__("list", loads["list"] + 1))
    events = Events(server)
    try:
        assert events.next()[0] == "hello"
        (site / "about.md").write_text(page("About", "About, third version."))
        kind, data = events.next(pages=True)
        assert (kind, json.loads(data)) == ("page", {"page": "about.html"})
        kind, data = events.next(pages=True)
        assert kind == "reload" and json.loads(data)["keep"] == ["about.html"]
    finally:
        events.close()
    tab.wait_for_selector("text=third version")
    other.wait_for_function("window.performance.getEntriesByType('navigation')[0]"
                            ".type === 'reload'")
    time.sleep(1.5)  # a second reload of the edited page would come within this
    assert loads == {"about": 1, "list": 1}


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


def test_config_deleted_or_source_renamed_keeps_the_last_site_and_says_so(server, site):
    events = Events(server)
    try:
        assert events.next()[0] == "hello"
        config = (site / "_config.yml").read_text()
        (site / "_config.yml").unlink()
        kind, data = events.next()
        assert kind == "error"
        assert json.loads(data)["message"] == (
            f"{site / '_config.yml'}: deleted while serving; the last good site is still "
            "served (restore the file to rebuild)")
        assert b"home page" in server.request("/")[2]  # the last good site
        (site / "_config.yml").write_text(config)
        assert events.next()[0] == "reload"

        moved = site.with_name("site-moved")
        site.rename(moved)
        server.wait_for_output(f"the site folder {site} is gone (renamed or deleted?)")
        assert server.request("/")[0] == 200
        assert "internal error" not in server.output()
        moved.rename(site)
        (site / "index.md").write_text(page("Home", "Back again."))
        server.wait_for_output("rebuilt in ")
        deadline = time.monotonic() + WAIT
        while b"Back again." not in server.request("/")[2]:
            assert time.monotonic() < deadline, server.output()
            time.sleep(0.1)
    finally:
        events.close()
