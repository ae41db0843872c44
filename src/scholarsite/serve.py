"""``scholarsite serve``: build, serve the output over HTTP, watch the source, rebuild, reload.

Four parts, each small:

- ``LiveState``: the build generation and the current error; pushes events to browsers.
- ``Rebuilder``: one background thread that runs ``Builder.build(changed)``. Changes that
  arrive during a build are collected and trigger one more build afterwards.
- ``watch_source``: a thread running ``watchfiles.watch`` on the source folder.
- ``Handler``: serves the destination folder (baseurl, folder index, 404 page, MIME
  types, no caching) and injects the live-reload script into HTML responses.
"""

from __future__ import annotations

import faulthandler
import json
import mimetypes
import os
import posixpath
import queue
import re
import secrets
import shutil
import signal
import socket
import socketserver
import sys
import threading
import time
import traceback
import webbrowser
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from scholarsite.errors import BuildError

EVENTS_PATH = "/__scholarsite/events"

# Checked before the system's tables, which vary from machine to machine.
MIME_TYPES = {
    ".html": "text/html", ".htm": "text/html", ".xhtml": "application/xhtml+xml",
    ".css": "text/css", ".js": "text/javascript", ".mjs": "text/javascript",
    ".json": "application/json", ".map": "application/json",
    ".webmanifest": "application/manifest+json",
    ".xml": "application/xml", ".xsl": "application/xml", ".rss": "application/rss+xml",
    ".atom": "application/atom+xml",
    ".txt": "text/plain", ".md": "text/markdown", ".markdown": "text/markdown",
    ".bib": "text/plain", ".ris": "text/plain", ".tex": "text/plain", ".csv": "text/csv",
    ".yml": "text/yaml", ".yaml": "text/yaml", ".ics": "text/calendar",
    ".svg": "image/svg+xml", ".webp": "image/webp", ".avif": "image/avif",
    ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
    ".ico": "image/x-icon", ".bmp": "image/bmp",
    ".woff": "font/woff", ".woff2": "font/woff2", ".ttf": "font/ttf", ".otf": "font/otf",
    ".eot": "application/vnd.ms-fontobject",
    ".pdf": "application/pdf", ".zip": "application/zip", ".gz": "application/gzip",
    ".wasm": "application/wasm",
    ".mp4": "video/mp4", ".webm": "video/webm", ".ogv": "video/ogg",
    ".mp3": "audio/mpeg", ".ogg": "audio/ogg", ".wav": "audio/wav",
}
TEXT_TYPES = ("text/", "application/json", "application/xml", "application/xhtml+xml",
              "application/rss+xml", "application/atom+xml", "image/svg+xml",
              "application/manifest+json")
INDEX_FILES = ("index.html", "index.htm", "index.xhtml", "index.xml", "index.json")

# Never rebuild for these (relative to the source folder).
IGNORED_DIRS = {".git", ".hg", ".svn", ".scholarsite-cache", ".jekyll-cache", ".sass-cache",
                "node_modules", "__pycache__", ".idea", ".venv", ".bundle"}
IGNORED_NAMES = re.compile(
    r"\.sw[a-p]$|~$|^\.#|^#.*#$|^4913$|^\.DS_Store$|\.___jb_\w+___$|^\.goutputstream-"
    r"|\.kate-swp$|\.py[cod]$|^\.jekyll-metadata$")
STAGING_NAME = re.compile(r"^\..+\.scholarsite-(new|ready|old)-\d+(-\d+)?$")  # write.LEFTOVER
CSS_SUFFIXES = {".css", ".scss", ".sass"}

# The injected client. %(version)s is the build the page came from; on connect the server
# says which build is current ("hello"), so a reload that happened before the connection
# is not missed. Hidden tabs close their connection (browsers allow ~6 per host).
CLIENT_SCRIPT = """<script>/* scholarsite serve: live reload */(function(){
var v=%(version)s,es=null,E="__scholarsite_error";if(!window.EventSource)return;
function ov(m){var d=document.getElementById(E);if(!d){d=document.createElement("div");d.id=E;
d.setAttribute("style","position:fixed;z-index:2147483647;top:12px;left:12px;right:12px;\
padding:14px 18px;background:#2a0c0e;color:#fff;border-left:6px solid #e5484d;border-radius:6px;\
font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;white-space:pre-wrap;word-break:break-word;\
box-shadow:0 6px 24px rgba(0,0,0,.45);text-align:left");(document.body||document.documentElement).appendChild(d)}
d.textContent="scholarsite: build failed\\n"+m}
function css(){var l=document.querySelectorAll('link[rel~="stylesheet" i]');for(var i=0;i<l.length;i++){
var u=new URL(l[i].href,location.href);if(u.origin!==location.origin)continue;
u.searchParams.set("__ss",Date.now());l[i].href=u.href}}
function open(){if(es)return;es=new EventSource("%(events)s");
es.addEventListener("hello",function(e){if(e.data!==v)location.reload()});
es.addEventListener("reload",function(){location.reload()});
es.addEventListener("css",function(e){v=e.data;css()});
es.addEventListener("error",function(e){if(e.data)ov(JSON.parse(e.data).message)})}
document.addEventListener("visibilitychange",function(){if(document.hidden){if(es){es.close();es=null}}else open()});
if(!document.hidden)open()})();</script>
"""


def content_type(path: Path) -> str:
    suffix = path.suffix.lower()
    ctype = MIME_TYPES.get(suffix) or mimetypes.guess_type(path.name)[0]
    if ctype is None:
        ctype = "text/html" if not suffix else "application/octet-stream"
    if ctype.startswith(TEXT_TYPES):
        ctype += "; charset=utf-8"
    return ctype


def normalize_baseurl(value) -> str:
    """'' or '/blog' (leading slash, no trailing slash)."""
    text = str(value or "").strip().strip("/")
    return f"/{text}" if text else ""


def inject(html: bytes, script: bytes) -> bytes:
    """Put the script before the last ``</body>``, or at the end if there is none."""
    at = html.lower().rfind(b"</body>")
    if at < 0:
        return html + script
    return html[:at] + script + html[at:]


def describe_internal_error(err: BaseException) -> str:
    frames = traceback.extract_tb(err.__traceback__)
    where = f" (at {Path(frames[-1].filename).name}:{frames[-1].lineno})" if frames else ""
    return f"scholarsite: internal error: {type(err).__name__}: {err}{where}"


class LiveState:
    """What the browsers should know: the current build and whether it failed."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.token = secrets.token_hex(4)  # a restarted server makes every page reload
        self.generation = 0
        self.error: str | None = None
        self.clients: set[queue.Queue] = set()
        self.closed = False

    @property
    def version(self) -> str:
        return f"{self.token}-{self.generation}"

    def script(self) -> bytes:
        with self.lock:
            version = self.version
        return (CLIENT_SCRIPT % {"version": json.dumps(version), "events": EVENTS_PATH}).encode()

    def subscribe(self) -> queue.Queue:
        q: queue.Queue = queue.Queue()
        with self.lock:
            q.put(("hello", self.version))
            if self.error is not None:
                q.put(("error", json.dumps({"message": self.error})))
            if self.closed:
                q.put(None)
            self.clients.add(q)
        return q

    def unsubscribe(self, q: queue.Queue) -> None:
        with self.lock:
            self.clients.discard(q)

    def _publish(self, message) -> None:  # lock held
        for q in self.clients:
            q.put(message)

    def succeeded(self, css_only: bool) -> None:
        with self.lock:
            self.generation += 1
            event = "css" if css_only and self.error is None else "reload"
            self.error = None
            self._publish((event, self.version))

    def failed(self, message: str) -> None:
        with self.lock:
            self.error = message
            self._publish(("error", json.dumps({"message": message})))

    def close(self) -> None:
        with self.lock:
            self.closed = True
            self._publish(None)


class SiteState:
    """Where the output is and under which prefix it is served (both may change on rebuild)."""

    def __init__(self, source: Path, destination: Path, baseurl: str) -> None:
        self.source = source
        self.destination = destination
        self.baseurl = baseurl

    def update(self, result) -> None:
        self.destination = Path(result.destination)
        self.baseurl = normalize_baseurl(result.site.config.get("baseurl"))


class Rebuilder(threading.Thread):
    """The only thread that builds (the builder's caches belong to it).

    It builds everything once, then waits for changed paths; paths that change while a
    build runs are collected and built right after it, so no change is lost.
    """

    def __init__(self, builder, site: SiteState, live: LiveState, quiet: bool) -> None:
        super().__init__(name="scholarsite-rebuild", daemon=True)
        self.builder = builder
        self.site = site
        self.live = live
        self.quiet = quiet
        self.cond = threading.Condition()
        self.pending: set[Path] = set()
        self.stopping = False
        self.first_done = threading.Event()

    def add(self, paths: set[Path]) -> None:
        with self.cond:
            self.pending |= paths
            self.cond.notify_all()

    def stop(self, timeout: float) -> None:
        with self.cond:
            self.stopping = True
            self.cond.notify_all()
        self.join(timeout)

    def run(self) -> None:
        try:
            self.build(None)
        finally:
            self.first_done.set()
        try:
            while True:
                with self.cond:
                    while not self.pending and not self.stopping:
                        self.cond.wait()
                    if self.stopping:
                        return
                    changed, self.pending = self.pending, set()
                self.build(changed)
        finally:
            close = getattr(self.builder, "close", None)
            if close is not None:
                try:
                    close()
                except Exception:
                    pass

    def build(self, changed: set[Path] | None) -> None:
        started = time.perf_counter()
        try:
            result = self.builder.build(changed)
        except BuildError as err:
            self.report_error(str(err))
            return
        except Exception as err:  # a bug in scholarsite: keep serving, say so in one line
            if os.environ.get("SCHOLARSITE_DEBUG"):
                traceback.print_exc()
            self.report_error(describe_internal_error(err))
            return
        seconds = time.perf_counter() - started
        self.site.update(result)
        warnings = len(result.site.reporter.warnings)
        suffix = f" ({warnings} warning{'s' if warnings != 1 else ''})" if warnings else ""
        if changed is None:
            self.live.succeeded(css_only=False)
            if not self.quiet:
                print(f"scholarsite: wrote {result.pages_written} pages and "
                      f"{result.files_copied} files to {result.destination} in {seconds:.2f}s"
                      + suffix, flush=True)
            return
        self.live.succeeded(css_only=all(p.suffix.lower() in CSS_SUFFIXES for p in changed))
        if not self.quiet:
            count = len(changed)
            print(f"rebuilt in {seconds:.2f}s ({count} file{'s' if count != 1 else ''} changed)"
                  + suffix, flush=True)

    def report_error(self, message: str) -> None:
        print(message, file=sys.stderr, flush=True)
        self.live.failed(message)


def make_filter(site: SiteState):
    """watchfiles filter: drop the output folder, caches, VCS folders and editor temp files."""
    source = site.source

    def accept(change, path: str) -> bool:
        p = Path(path)
        destination = site.destination
        if p == destination or destination in p.parents:
            return False
        try:
            parts = p.relative_to(source).parts
        except ValueError:
            parts = (p.name,)
        for part in parts:
            if part in IGNORED_DIRS or STAGING_NAME.match(part):
                return False
        return not IGNORED_NAMES.search(p.name)

    return accept


def watch_source(site: SiteState, rebuilder: Rebuilder, stop: threading.Event,
                 ready: threading.Event) -> None:
    """Feed changed paths to the rebuilder. ``ready`` is set once the watch is in place
    (the first timeout, which comes only after the watches have been set up)."""
    import watchfiles
    try:
        for changes in watchfiles.watch(site.source, watch_filter=make_filter(site),
                                        debounce=1000, step=10, stop_event=stop,
                                        rust_timeout=250, yield_on_timeout=True,
                                        raise_interrupt=False):
            ready.set()
            if changes:
                rebuilder.add({Path(path) for _, path in changes})
    except Exception as err:
        if not stop.is_set():
            print(f"scholarsite: stopped watching {site.source}: {type(err).__name__}: {err}",
                  file=sys.stderr, flush=True)
    finally:
        ready.set()


class Handler(BaseHTTPRequestHandler):
    server: DevServer
    server_version = "scholarsite"
    protocol_version = "HTTP/1.1"
    timeout = 60  # idle keep-alive connections do not hold a thread forever

    def log_message(self, format, *args) -> None:  # quiet, like `jekyll serve`
        pass

    def do_HEAD(self) -> None:
        self.handle_request(head=True)

    def do_GET(self) -> None:
        self.handle_request(head=False)

    # -- routing ---------------------------------------------------------------------

    def handle_request(self, head: bool) -> None:
        url = urlsplit(self.path)
        if url.path == EVENTS_PATH:
            if head:
                self.send_bytes(HTTPStatus.OK, b"", "text/event-stream", head=True)
            else:
                self.serve_events()
            return
        path = unquote(url.path)
        baseurl = self.server.site.baseurl
        if baseurl:
            if path in ("", "/") or path == baseurl:
                self.redirect(baseurl + "/", url.query, HTTPStatus.FOUND)
                return
            if not path.startswith(baseurl + "/"):
                self.not_found(head)
                return
            path = path[len(baseurl):]
        target = self.resolve(path)
        if target is None:
            self.not_found(head)
        elif target.is_dir():
            if not url.path.endswith("/"):
                self.redirect(url.path + "/", url.query, HTTPStatus.MOVED_PERMANENTLY)
                return
            index = next((target / n for n in INDEX_FILES if (target / n).is_file()), None)
            if index is None:
                self.not_found(head)
            else:
                self.send_file(index, HTTPStatus.OK, head)
        else:
            self.send_file(target, HTTPStatus.OK, head)

    def resolve(self, path: str) -> Path | None:
        """The file or folder for a URL path below the baseurl, or None."""
        if "\x00" in path:
            return None
        rel = posixpath.normpath("/" + path).lstrip("/")
        if rel.startswith("..") or rel == ".":
            rel = ""
        for attempt in range(10):
            root = self.server.site.destination
            target = root / rel if rel else root
            if target.exists():
                real, real_root = os.path.realpath(target), os.path.realpath(root)
                if real != real_root and not real.startswith(real_root + os.sep):
                    return None
                return target
            if rel and not rel.endswith(".html") and Path(str(target) + ".html").is_file():
                return Path(str(target) + ".html")  # /about -> about.html, as Jekyll does
            if root.is_dir():
                return None
            time.sleep(0.05)  # a rebuild is swapping the output folder into place
        return None

    # -- responses ---------------------------------------------------------------------

    def send_file(self, path: Path, status: HTTPStatus, head: bool) -> None:
        ctype = content_type(path)
        if ctype.startswith("text/html"):
            script = self.server.live.script()  # before reading: never newer than the page
            try:
                data = inject(path.read_bytes(), script)
            except OSError:
                self.send_bytes(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain", head)
                return
            self.send_bytes(status, data, ctype, head)
            return
        try:
            handle = open(path, "rb")
        except OSError:
            self.send_bytes(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain", head)
            return
        with handle:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(os.fstat(handle.fileno()).st_size))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            if not head:
                shutil.copyfileobj(handle, self.wfile)

    def send_bytes(self, status: HTTPStatus, data: bytes, ctype: str, head: bool) -> None:
        if ctype.startswith(TEXT_TYPES) and "charset" not in ctype:
            ctype += "; charset=utf-8"
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if not head:
            self.wfile.write(data)

    def redirect(self, location: str, query: str, status: HTTPStatus) -> None:
        location = quote(location, safe="/%:@!$&'()*+,;=-._~")
        if query:
            location += "?" + query
        self.send_response(status)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()

    def not_found(self, head: bool) -> None:
        root = self.server.site.destination
        for page in (root / "404.html", root / "404" / "index.html"):
            if page.is_file():
                self.send_file(page, HTTPStatus.NOT_FOUND, head)
                return
        body = inject(b"<!doctype html><title>404 Not Found</title><h1>404 Not Found</h1>\n"
                      b"<p>This site has no 404.html.</p>\n", self.server.live.script())
        self.send_bytes(HTTPStatus.NOT_FOUND, body, "text/html", head)

    def serve_events(self) -> None:
        live = self.server.live
        self.close_connection = True
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.send_header("X-Accel-Buffering", "no")
        self.end_headers()
        q = live.subscribe()
        try:
            self.wfile.write(b"retry: 1000\n\n")
            while True:
                try:
                    message = q.get(timeout=15)
                except queue.Empty:
                    self.wfile.write(b": ping\n\n")  # finds clients that went away
                    continue
                if message is None:
                    return
                event, data = message
                self.wfile.write(f"event: {event}\ndata: {data}\n\n".encode())
        except OSError:
            return
        finally:
            live.unsubscribe(q)


class DevServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address, site: SiteState, live: LiveState) -> None:
        self.site = site
        self.live = live
        super().__init__(address, Handler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind calls getfqdn(), which can stall on a machine without DNS.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]

    def handle_error(self, request, client_address) -> None:
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return  # the browser went away: nothing to report
        super().handle_error(request, client_address)


class DevServer6(DevServer):
    address_family = socket.AF_INET6


def initial_guess(options) -> tuple[Path, str]:
    """Destination and baseurl when the first build fails (the config may still load)."""
    from scholarsite.config import load_config
    source = options.source.resolve()
    destination = options.destination.resolve() if options.destination else source / "_site"
    baseurl = ""
    try:
        config = load_config(source, options.config_files, dict(options.overrides))
        if options.destination is None and config.get("destination"):
            destination = (source / str(config["destination"])).resolve()
        baseurl = normalize_baseurl(config.get("baseurl"))
    except Exception:
        pass
    return destination, baseurl


def display_url(host: str, port: int, baseurl: str) -> str:
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}{baseurl}/"


def browser_url(host: str, port: int, baseurl: str) -> str:
    if host in ("", "0.0.0.0"):
        host = "127.0.0.1"
    elif host == "::":
        host = "::1"
    return display_url(host, port, baseurl)


SERVE_PID = os.getpid()


def raise_interrupt(signum, frame):
    """SIGTERM stops ``serve`` like Ctrl-C. Forked build workers inherit this handler:
    they must die the default way (Pool.terminate() sends them SIGTERM)."""
    if os.getpid() != SERVE_PID:
        os._exit(128 + signum)
    raise KeyboardInterrupt


def serve(args) -> int:
    from scholarsite.build import Builder
    from scholarsite.cli import build_options

    options = build_options(args)
    builder = Builder(options)
    destination, baseurl = initial_guess(options)
    site = SiteState(options.source.resolve(), destination, baseurl)
    live = LiveState()
    server_class = DevServer6 if ":" in args.host else DevServer
    try:
        server = server_class((args.host, args.port), site, live)
    except OSError as err:
        print(f"scholarsite: cannot listen on {args.host}:{args.port}: "
              f"{err.strerror or err} (choose another port with --port)", file=sys.stderr)
        return 1
    global SERVE_PID
    SERVE_PID = os.getpid()
    if hasattr(signal, "SIGUSR1"):  # `kill -USR1 PID` prints every thread's stack
        faulthandler.register(signal.SIGUSR1, all_threads=True)
    try:
        signal.signal(signal.SIGTERM, raise_interrupt)
    except ValueError:  # not the main thread
        pass

    rebuilder = Rebuilder(builder, site, live, args.quiet)
    stop, watching = threading.Event(), threading.Event()
    # Watch before the first build: an edit made while it runs is built right after it.
    watcher = threading.Thread(target=watch_source, args=(site, rebuilder, stop, watching),
                               name="scholarsite-watch", daemon=True)
    try:
        watcher.start()
        rebuilder.start()
        while not rebuilder.first_done.wait(timeout=0.5):
            pass
        watching.wait(timeout=10)
        port = server.server_address[1]
        print(f"serving {display_url(args.host, port, site.baseurl)} (Ctrl-C to stop)",
              flush=True)
        if args.open:
            threading.Thread(target=webbrowser.open,
                             args=(browser_url(args.host, port, site.baseurl),),
                             daemon=True).start()
        server.serve_forever(poll_interval=0.25)
    except KeyboardInterrupt:
        pass
    finally:
        try:
            stop.set()
            live.close()
            server.server_close()
            if rebuilder.is_alive():
                rebuilder.stop(timeout=10)  # let a build that is writing finish its swap
        except KeyboardInterrupt:
            pass
    return 0
