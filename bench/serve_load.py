"""Load test for `scholarsite serve`: many concurrent clients, a mix of requests, every
answer checked.

    python bench/serve_load.py                     # starts its own server on a small site
    python bench/serve_load.py --duration 30 --connections 100 --json out.json
    python bench/serve_load.py --url http://127.0.0.1:4000/ --secret TEXT   # a running server

For DURATION seconds, CONNECTIONS clients (asyncio, raw HTTP/1.1 over TCP, so request
targets reach the server exactly as written, unnormalised) each send one request after
another, cycling through a mix of:

- pages, a stylesheet, an image and JSON (200), `/about` (200, found as about.html) and a
  folder without its slash (301);
- a missing page (404);
- the live-reload event stream (200, read up to its first event, then hung up);
- path-traversal attempts (400, or 404 for ones that stay inside the site); their bodies
  must not contain the --secret text.

Connections are kept alive; every 20th request opens a new one. Any other status, a
refused or reset connection, a short body or a 30 s timeout counts as an error. Prints
requests per second and latency percentiles (per kind and overall); `--json FILE` writes
them. Exits with status 1 if there was any error.

Without --url, the script writes a small site into a temporary folder, places a file with
the secret next to its output folder, starts `python -m scholarsite serve` on a free port
and also reports the server's open file descriptors before and after (Linux), then stops
it. The --url site must have the pages of the mix (tests/test_serve.py's site has).

Only the standard library is used.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

EVENTS = "/__scholarsite/events"
TIMEOUT = 30.0
NEW_CONNECTION_EVERY = 20

# (kind, path below the site's prefix, accepted statuses)
PAGES = [
    ("page", "/", {200}),
    ("page", "/about.html", {200}),
    ("page", "/about", {200}),
    ("page", "/docs/", {200}),
    ("page", "/docs", {301}),
    ("page", "/css/style.css", {200}),
    ("page", "/img/photo.webp", {200}),
    ("page", "/data.json", {200}),
]
MISSING = [("missing", "/no/such/page/", {404})]
EVENT_STREAM = [("events", EVENTS, {200})]
TRAVERSAL = [
    ("refused", "/../secret.txt", {400}),
    ("refused", "/../../../../../../etc/passwd", {400}),
    ("refused", "/%2e%2e/secret.txt", {400}),
    ("refused", "/%2E%2E/%2E%2E/secret.txt", {400}),
    ("refused", "/..%2fsecret.txt", {400}),
    ("refused", "/%252e%252e/secret.txt", {404}),  # decoded once: a name, not a dot
    ("refused", "/..\\secret.txt", {400}),
    ("refused", "//etc/passwd", {400, 404}),  # http.server itself may collapse the "//"
    ("refused", "/secret.txt%00.html", {400}),
]
MIX = PAGES + MISSING + PAGES[:4] + TRAVERSAL + EVENT_STREAM + MISSING

SITE = {
    "_config.yml": "title: Load test\n",
    "_layouts/default.html": "<!doctype html><html><head><title>{{ page.title }}</title>"
                             "<link rel=\"stylesheet\" href=\"/css/style.css\"></head>"
                             "<body>{{ content }}</body></html>\n",
    "index.md": "---\nlayout: default\ntitle: Home\n---\n\nThe **home page**.\n",
    "about.md": "---\nlayout: default\ntitle: About\n---\n\nAbout text.\n",
    "docs/index.md": "---\nlayout: default\ntitle: Docs\n---\n\nDocs folder index.\n",
    "404.html": "---\nlayout: default\ntitle: Missing\n---\n<p>Custom missing page</p>\n",
    "css/style.css": "body { color: rgb(255, 0, 0); }\n",
    "data.json": '{"a": 1}\n',
}


class Stats:
    def __init__(self) -> None:
        self.latencies: dict[str, list[float]] = {}
        self.errors = 0
        self.samples: list[str] = []

    def ok(self, kind: str, seconds: float) -> None:
        self.latencies.setdefault(kind, []).append(seconds)

    def error(self, what: str) -> None:
        self.errors += 1
        if len(self.samples) < 10 and what not in self.samples:
            self.samples.append(what)


async def read_response(reader: asyncio.StreamReader, head: bool = False):
    """(status, headers, body) of one response with a Content-Length."""
    header = await reader.readuntil(b"\r\n\r\n")
    lines = header.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        if line:
            key, _, value = line.partition(":")
            headers[key.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0"))
    body = b"" if head else await reader.readexactly(length)
    return status, headers, body


async def read_first_event(reader: asyncio.StreamReader) -> str:
    header = await reader.readuntil(b"\r\n\r\n")
    status = int(header.split(b" ", 2)[1])
    while status == 200:
        block = await reader.readuntil(b"\n\n")
        if block.startswith(b"event: "):
            return "200"
    return str(status)


async def client(host: str, port: int, prefix: str, secret: bytes, start: int,
                 deadline: float, stats: Stats) -> None:
    reader = writer = None
    sent = 0
    i = start
    try:
        while time.monotonic() < deadline:
            kind, path, expected = MIX[i % len(MIX)]
            i += 1
            target = path if path == EVENTS else prefix + path
            request = f"GET {target} HTTP/1.1\r\nHost: {host}:{port}\r\n\r\n".encode()
            started = time.perf_counter()
            try:
                if kind == "events":  # a connection of its own, as in a browser
                    r, w = await asyncio.wait_for(asyncio.open_connection(host, port), TIMEOUT)
                    try:
                        w.write(request)
                        status = int(await asyncio.wait_for(read_first_event(r), TIMEOUT))
                    finally:
                        w.close()
                    body = b""
                else:
                    if writer is None or sent % NEW_CONNECTION_EVERY == 0:
                        if writer is not None:
                            writer.close()
                        reader, writer = await asyncio.wait_for(
                            asyncio.open_connection(host, port), TIMEOUT)
                    sent += 1
                    writer.write(request)
                    status, headers, body = await asyncio.wait_for(read_response(reader),
                                                                   TIMEOUT)
                    if headers.get("connection", "").lower() == "close":
                        writer.close()
                        writer = None
            except (OSError, TimeoutError, asyncio.IncompleteReadError,
                    asyncio.LimitOverrunError, ValueError, IndexError) as err:
                stats.error(f"{path}: {type(err).__name__}: {err}")
                if writer is not None:
                    writer.close()
                writer = None
                continue
            if status not in expected:
                stats.error(f"{path}: status {status}, expected {sorted(expected)}")
            elif secret and secret in body:
                stats.error(f"{path}: the secret was served")
            else:
                stats.ok(kind, time.perf_counter() - started)
    finally:
        if writer is not None:
            writer.close()


async def run_load(url: str, connections: int, duration: float, secret: str) -> dict:
    parts = urlsplit(url)
    host, port, prefix = parts.hostname, parts.port, parts.path.rstrip("/")
    stats = Stats()
    started = time.monotonic()
    deadline = started + duration
    await asyncio.gather(*(client(host, port, prefix, secret.encode(), n * 7, deadline, stats)
                           for n in range(connections)))
    elapsed = time.monotonic() - started
    return summary(stats, connections, elapsed)


def percentiles(values: list[float]) -> dict:
    ms = sorted(v * 1000 for v in values)
    if len(ms) < 2:
        return {"p50": round(ms[0], 2) if ms else None}
    cuts = statistics.quantiles(ms, n=100, method="inclusive")
    return {"p50": round(cuts[49], 2), "p90": round(cuts[89], 2), "p99": round(cuts[98], 2),
            "max": round(ms[-1], 2)}


def summary(stats: Stats, connections: int, elapsed: float) -> dict:
    every = [v for values in stats.latencies.values() for v in values]
    return {
        "connections": connections,
        "seconds": round(elapsed, 2),
        "requests": len(every) + stats.errors,
        "errors": stats.errors,
        "error_samples": stats.samples,
        "requests_per_second": round(len(every) / elapsed, 1),
        "latency_ms": percentiles(every),
        "by_kind": {kind: {"requests": len(values), **percentiles(values)}
                    for kind, values in sorted(stats.latencies.items())},
    }


def print_summary(result: dict) -> None:
    lat = result["latency_ms"]
    print(f"{result['requests']} requests in {result['seconds']} s over "
          f"{result['connections']} connections: {result['requests_per_second']} requests/s, "
          f"{result['errors']} errors")
    print(f"latency ms: p50 {lat.get('p50')}  p90 {lat.get('p90')}  p99 {lat.get('p99')}  "
          f"max {lat.get('max')}")
    for kind, row in result["by_kind"].items():
        print(f"  {kind:8} {row['requests']:7} requests  p50 {row.get('p50')} ms  "
              f"p99 {row.get('p99')} ms")
    for sample in result["error_samples"]:
        print(f"  error: {sample}")
    for key in ("fds_before", "fds_after", "answers_after"):
        if key in result:
            print(f"{key.replace('_', ' ')}: {result[key]}")


def count_fds(pid: int) -> int | None:
    try:
        return len(os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return None


def own_server(args) -> dict:
    """Write the site, serve it, load it, and check the server afterwards."""
    with tempfile.TemporaryDirectory(prefix="scholarsite-load-") as tmp:
        root = Path(tmp)
        for name, text in SITE.items():
            path = root / "site" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        (root / "site" / "img").mkdir()
        (root / "site" / "img" / "photo.webp").write_bytes(b"RIFF\0\0\0\0WEBPVP8 ")
        (root / "secret.txt").write_text(args.secret + "\n")
        proc = subprocess.Popen(
            [sys.executable, "-m", "scholarsite", "serve", "-s", str(root / "site"),
             "-d", str(root / "out"), "--port", "0", "--quiet"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            url = None
            for line in proc.stdout:
                match = re.match(r"serving (http://\S+) ", line)
                if match:
                    url = match.group(1)
                    break
            if url is None:
                sys.exit("scholarsite serve did not start")
            before = count_fds(proc.pid)
            result = asyncio.run(run_load(url, args.connections, args.duration, args.secret))
            result["answers_after"] = asyncio.run(answers(url))
            result["fds_before"] = before
            result["fds_after"] = settled_fds(proc.pid, before)
            return result
        finally:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def settled_fds(pid: int, before: int | None, wait: float = 30.0) -> int | None:
    """The descriptor count once closed connections have been let go of (up to WAIT s)."""
    deadline = time.monotonic() + wait
    count = count_fds(pid)
    while before is not None and count is not None and count > before \
            and time.monotonic() < deadline:
        time.sleep(0.2)
        count = count_fds(pid)
    return count


async def answers(url: str) -> bool:
    parts = urlsplit(url)
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
    try:
        writer.write(f"GET {parts.path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                     .encode())
        status, _, _ = await asyncio.wait_for(read_response(reader), TIMEOUT)
        return status == 200
    finally:
        writer.close()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="a running server (default: start one)")
    parser.add_argument("--connections", type=int, default=200)
    parser.add_argument("--duration", type=float, default=10.0, help="seconds (default 10)")
    parser.add_argument("--secret", default="SCHOLARSITE-LOAD-SECRET",
                        help="text that no response may contain")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    if args.url:
        result = asyncio.run(run_load(args.url, args.connections, args.duration, args.secret))
    else:
        result = own_server(args)
    print_summary(result)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")
    failed = result["errors"] or result.get("answers_after") is False
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
