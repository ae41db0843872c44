"""``scholarsite serve``: build, serve the output over HTTP, watch the source, rebuild, reload.

Four parts, each small:

- ``LiveState``: the build generation and the current error; pushes events to browsers.
- ``Rebuilder``: one background thread that runs ``Builder.build(changed)``. Changes that
  arrive during a build are collected and trigger one more build afterwards.
- ``watch_source``: a thread running ``watchfiles.watch`` on the source folder.
- ``Handler``: serves the destination folder (baseurl, folder index, 404 page, MIME
  types, no caching) and injects the live-reload script into HTML responses. It answers
  only GET and HEAD, and only with files that are inside the destination once every
  symbolic link is followed; a request target that could name anything else is refused
  before the file system is consulted (see ``request_path``).
"""

from __future__ import annotations

import faulthandler
import ipaddress
import json
import mimetypes
import os
import queue
import re
import secrets
import select
import shutil
import signal
import socket
import socketserver
import stat
import sys
import threading
import time
import traceback
import webbrowser
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from scholarsite.config import site_config_file
from scholarsite.errors import BuildError

EVENTS_PATH = "/__scholarsite/events"
MAX_REQUEST_LINE = 8192  # bytes, like nginx and Apache; headers keep http.server's limits
MAX_EVENT_STREAMS = 64  # live-reload connections; beyond this the oldest one is closed
EVENT_POLL = 1.0  # seconds between checks that a live-reload client is still there
PING_EVERY = 15.0  # seconds; a comment line keeps proxies and the browser from giving up
IDLE_TIMEOUT = 60  # seconds a connection may sit without sending or taking bytes

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
STAGING_NAME = re.compile(r"^\..+\.scholarsite-(new|ready|old|trash|spare)(-\d+){0,2}$")  # write.LEFTOVER
CSS_SUFFIXES = {".css", ".scss", ".sass"}

# The injected client. %(version)s is the build the page came from and %(page)s its file
# in the output. On connect the server says which build is current ("hello"; "next" is the
# running build whose pages already written are current too), so a reload that happened
# before the connection is not missed. "page": the file just saved is in the output, and
# its page reloads before the rest of the site is done; the final "reload" then leaves
# the pages it names ("keep") alone if they came from it. Hidden tabs close their
# connection (browsers allow ~6 per host).
CLIENT_SCRIPT = """<script>/* scholarsite serve: live reload */(function(){
var v=%(version)s,p=%(page)s,es=null,E="__scholarsite_error";if(!window.EventSource)return;
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
es.addEventListener("hello",function(e){var d=JSON.parse(e.data);if(d.version!==v&&d.next!==v)location.reload()});
es.addEventListener("page",function(e){if(p!==null&&JSON.parse(e.data).page===p)location.reload()});
es.addEventListener("reload",function(e){var d=JSON.parse(e.data);
if(!(d.version===v&&d.keep.indexOf(p)>=0))location.reload()});
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


ENCODED_SLASH = re.compile(r"%2f", re.IGNORECASE)


VERSION_CONTROL = {".git", ".svn", ".hg"}


def request_path(target: str) -> tuple[str, str, str] | None:
    """``(raw path, decoded path, query)`` of a request target, or None when the target is
    malformed or could name something outside the site: not starting with one ``/``,
    ``.``/``..`` segments, backslashes, encoded slashes, NUL or other control characters,
    percent-escapes that are not UTF-8. Escapes are decoded exactly once, so ``%252e`` is
    the three characters ``%2e``, never a dot. Browsers send none of these."""
    if target[:8].lower().startswith(("http://", "https://")):
        try:  # absolute form, which HTTP/1.1 servers must accept
            url = urlsplit(target)
        except ValueError:
            return None
        raw, query = url.path or "/", url.query
    else:
        raw, _, query = target.partition("#")[0].partition("?")
    # A leading "//" would be a host name to anything that reparses it (and to a browser
    # following a redirect), a backslash is a separator on Windows and to browsers.
    if not raw.startswith("/") or raw.startswith("//") or "\\" in raw \
            or ENCODED_SLASH.search(raw):
        return None
    try:
        path = unquote(raw, errors="strict")
    except UnicodeDecodeError:
        return None
    if "\\" in path or any(ord(c) < 32 or c == "\x7f" for c in path):
        return None
    if any(segment in (".", "..") for segment in path.split("/")):
        return None
    return raw, path, query


def locate(root: Path, rel: str) -> tuple[Path, os.stat_result] | None:
    """The real path and status of ``root/rel`` if it exists and lies inside ``root`` once
    every symbolic link is followed; None if it is missing, unreadable or outside."""
    try:
        real_root = os.path.realpath(root)
        real = os.path.realpath(os.path.join(real_root, rel))
        if os.path.commonpath([real_root, real]) != real_root:
            return None
        return Path(real), os.stat(real)
    except (OSError, ValueError):  # e.g. a name too long for the file system
        return None


def foreign_host(header: str | None, served_as: str) -> str | None:
    """The Host a request names when it is not this server's, else None.

    A page on another site can make a browser send it requests for a name of its own
    that it points at 127.0.0.1 (DNS rebinding), and read the answers: drafts included.
    So only localhost, an IP address and the ``--host`` given are answered, as Vite and
    webpack-dev-server do."""
    if not header:
        return None
    name = header.strip().lower()
    if name.startswith("["):
        name = name[1:name.find("]")] if "]" in name else name
    elif name.count(":") == 1:
        name = name.rsplit(":", 1)[0]
    if name in ("localhost", served_as.lower().strip("[]")) or name.endswith(".localhost"):
        return None
    try:
        ipaddress.ip_address(name.split("%")[0])
        return None
    except ValueError:
        return header.strip()


def is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


def peer_closed(sock: socket.socket) -> bool:
    """True when the other end has closed the connection (or it broke). Only for
    connections where the client sends nothing more, like an event stream."""
    try:
        if hasattr(select, "poll"):  # no FD_SETSIZE limit
            poller = select.poll()
            poller.register(sock, select.POLLIN)
            readable = bool(poller.poll(0))
        else:
            readable = bool(select.select([sock], [], [], 0)[0])
        return readable and sock.recv(1, socket.MSG_PEEK) == b""
    except (OSError, ValueError):
        return True


class LiveState:
    """What the browsers should know: the current build and whether it failed."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.token = secrets.token_hex(4)  # a restarted server makes every page reload
        self.generation = 0
        self.error: str | None = None
        self.clients: dict[queue.Queue, None] = {}  # oldest first
        self.closed = False
        self.early: set[str] = set()  # output files the running build has already written

    @property
    def version(self) -> str:
        return f"{self.token}-{self.generation}"

    @property
    def next_version(self) -> str:
        return f"{self.token}-{self.generation + 1}"

    def hello(self) -> str:  # lock held
        return json.dumps({"version": self.version,
                           "next": self.next_version if self.early else None})

    def script(self, page: str | None = None) -> bytes:
        """The client for ``page`` (its file in the output; None: not a file of the site)."""
        with self.lock:
            version = self.next_version if page in self.early else self.version
        return (CLIENT_SCRIPT % {"version": json.dumps(version), "page": json.dumps(page),
                                 "events": EVENTS_PATH}).encode()

    def subscribe(self) -> queue.Queue:
        q: queue.Queue = queue.Queue()
        with self.lock:
            q.put(("hello", self.hello()))
            if self.error is not None:
                q.put(("error", json.dumps({"message": self.error})))
            if self.closed:
                q.put(None)
            # Past the cap the oldest stream ends; it is the likeliest to be a tab that is
            # gone, and a live one reconnects within a second (``retry: 1000``).
            while len(self.clients) >= MAX_EVENT_STREAMS:
                oldest = next(iter(self.clients))
                del self.clients[oldest]
                oldest.put(None)
            self.clients[q] = None
        return q

    def unsubscribe(self, q: queue.Queue) -> None:
        with self.lock:
            self.clients.pop(q, None)

    def _publish(self, message) -> None:  # lock held
        for q in self.clients:
            q.put(message)

    def page_written(self, page: str) -> None:
        """The running build has written this output file: browsers showing it reload."""
        with self.lock:
            self.early.add(page)
            self._publish(("page", json.dumps({"page": page})))

    def succeeded(self, css_only: bool, kept: list[str] = ()) -> None:
        """A build is done; ``kept``: files written early that it left as they were."""
        with self.lock:
            self.generation += 1
            css = css_only and self.error is None and not self.early
            self.error = None
            if css:
                self._publish(("css", self.version))
            else:
                keep = sorted(self.early.intersection(kept))
                self._publish(("reload", json.dumps({"version": self.version, "keep": keep})))
            self.early = set()

    def failed(self, message: str) -> None:
        with self.lock:
            self.error = message
            self.early = set()
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
        options = getattr(builder, "options", None)
        # Whether the site had its own _config.yml when serving began (see source_problem).
        self.had_config = options is not None and not options.config_files and \
            site_config_file(site.source) is not None
        if hasattr(builder, "on_early_page"):
            builder.on_early_page = live.page_written

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

    def source_problem(self) -> str | None:
        """The source folder, or its _config.yml, went away while serving: building now
        would make a different site (or fail inside the cache), so say so and wait."""
        keep = "the last good site is still served"
        if not self.site.source.is_dir():
            return (f"scholarsite: the site folder {self.site.source} is gone (renamed or "
                    f"deleted?); {keep}, and the next change after it is back rebuilds it")
        if self.had_config and site_config_file(self.site.source) is None:
            return (f"{self.site.source / '_config.yml'}: deleted while serving; {keep} "
                    "(restore the file to rebuild)")
        return None

    def build(self, changed: set[Path] | None) -> None:
        started = time.perf_counter()
        problem = self.source_problem() if changed is not None else None
        if problem is not None:
            self.report_error(problem)
            return
        try:
            result = self.builder.build(changed)
        except BuildError as err:
            self.report_error(str(err))
            return
        except Exception as err:  # a bug in scholarsite: keep serving, say so in one line
            if os.environ.get("SCHOLARSITE_DEBUG"):
                traceback.print_exc()
            self.report_error(self.source_problem() or describe_internal_error(err))
            return
        seconds = time.perf_counter() - started
        self.site.update(result)
        warnings = len(result.site.reporter.warnings)
        suffix = f" ({warnings} warning{'s' if warnings != 1 else ''})" if warnings else ""
        if changed is None:
            self.live.succeeded(css_only=False)  # the first build: nothing was written early
            if not self.quiet:
                print(f"scholarsite: wrote {result.pages_written} pages and "
                      f"{result.files_copied} files to {result.destination} in {seconds:.2f}s"
                      + suffix, flush=True)
            return
        self.live.succeeded(css_only=all(p.suffix.lower() in CSS_SUFFIXES for p in changed),
                            kept=getattr(self.builder, "shown_early", ()))
        if not self.quiet:
            count = len(changed)
            print(f"rebuilt in {seconds:.2f}s ({count} file{'s' if count != 1 else ''} changed)"
                  + suffix, flush=True)
        if getattr(result, "search_stale", False):
            self.refresh_search()

    def refresh_search(self) -> None:
        """The page reloaded with the previous search index; now the index catches up
        (pages are unchanged, so browsers are not told to reload again)."""
        with self.cond:
            if self.pending:  # another change came: its build comes first
                return
        try:
            result = self.builder.build_search()
        except BuildError as err:
            self.report_error(str(err))
            return
        self.site.update(result)

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
    timeout = IDLE_TIMEOUT  # a slow or idle client holds its own thread, and not forever

    def log_message(self, format, *args) -> None:  # quiet, like `jekyll serve`
        pass

    def parse_request(self) -> bool:
        # http.server allows 64 KiB; no page of a static site needs a URL that long.
        if len(self.raw_requestline) > MAX_REQUEST_LINE:
            self.requestline = self.request_version = self.command = ""
            self.refuse(HTTPStatus.REQUEST_URI_TOO_LONG)
            return False
        return super().parse_request()

    def do_HEAD(self) -> None:
        self.handle_request(head=True)

    def do_GET(self) -> None:
        self.handle_request(head=False)

    def method_not_allowed(self) -> None:
        self.refuse(HTTPStatus.METHOD_NOT_ALLOWED, allow="GET, HEAD")

    # Methods HTTP defines get 405; anything else gets http.server's 501.
    do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = do_TRACE = do_CONNECT = \
        method_not_allowed

    # -- routing ---------------------------------------------------------------------

    def handle_request(self, head: bool) -> None:
        host = foreign_host(self.headers.get("Host"), self.server.host)
        if host is not None:
            self.refuse(HTTPStatus.FORBIDDEN, reason=f"the Host '{host[:80]}' is not this dev "
                        "server's: open it as localhost or by its address, or serve with "
                        f"--host {host[:80]}")
            return
        parts = request_path(self.path)
        if parts is None:
            self.refuse(HTTPStatus.BAD_REQUEST)
            return
        raw, path, query = parts
        if path == EVENTS_PATH:
            if head:
                self.send_bytes(HTTPStatus.OK, b"", "text/event-stream", head=True)
            else:
                self.serve_events()
            return
        baseurl = self.server.site.baseurl
        if baseurl:
            if path == "/" or path == baseurl:
                self.redirect(baseurl + "/", query, HTTPStatus.FOUND)
                return
            if not path.startswith(baseurl + "/"):
                self.not_found(head)
                return
            path = path[len(baseurl):]
        rel = "/".join(part for part in path.split("/") if part)
        found = self.resolve(rel)
        if found is None:
            self.not_found(head)
            return
        target, info = found
        if not stat.S_ISDIR(info.st_mode):
            self.send_file(target, HTTPStatus.OK, head)
        elif not raw.endswith("/"):
            self.redirect(raw + "/", query, HTTPStatus.MOVED_PERMANENTLY)
        else:  # never a listing of the folder
            index = next(filter(None, (self.locate_file(f"{rel}/{name}".lstrip("/"))
                                       for name in INDEX_FILES)), None)
            if index is None:
                self.not_found(head)
            else:
                self.send_file(index, HTTPStatus.OK, head)

    def resolve(self, rel: str) -> tuple[Path, os.stat_result] | None:
        """The file or folder (and its status) for a path below the baseurl, or None."""
        if any(part in VERSION_CONTROL for part in rel.split("/")):
            return None  # `keep_files` keeps a .git in the output; it is not part of the site
        for attempt in range(10):
            root = self.server.site.destination
            found = locate(root, rel)
            if found is not None:
                return found
            if rel and not rel.endswith(".html"):  # /about -> about.html, as Jekyll does
                page = locate(root, rel + ".html")
                if page is not None and stat.S_ISREG(page[1].st_mode):
                    return page
            if root.is_dir():
                return None
            time.sleep(0.05)  # a rebuild is swapping the output folder into place
        return None

    def locate_file(self, rel: str) -> Path | None:
        """The real path of ``rel`` if it is a regular file inside the destination."""
        found = locate(self.server.site.destination, rel)
        return found[0] if found and stat.S_ISREG(found[1].st_mode) else None

    # -- responses ---------------------------------------------------------------------

    def send_file(self, path: Path, status: HTTPStatus, head: bool) -> None:
        ctype = content_type(path)
        if ctype.startswith("text/html"):
            # The script is made before the file is read: its version is never newer.
            script = self.server.live.script(self.output_name(path))
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

    def output_name(self, path: Path) -> str | None:
        """``path``'s name in the output, as the build names it (``blog/x/index.html``)."""
        root = os.path.realpath(self.server.site.destination)
        name = os.path.relpath(path, root).replace(os.sep, "/")
        return None if name.startswith("../") else name

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

    def refuse(self, status: HTTPStatus, allow: str | None = None, reason: str = "") -> None:
        """A short plain-text error that names no path, then the connection closes (a
        request body, if any, is never read)."""
        body = f"{status.value} {status.phrase}{': ' + reason if reason else ''}\n".encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        if allow:
            self.send_header("Allow", allow)
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

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
        for name in ("404.html", "404/index.html"):
            page = self.locate_file(name)
            if page is not None:
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
            quiet = 0.0
            while True:
                try:
                    message = q.get(timeout=EVENT_POLL)
                except queue.Empty:
                    # A closed tab ends its stream within a second, not at the next failed
                    # write, so streams do not pile up.
                    if peer_closed(self.connection):
                        return
                    quiet += EVENT_POLL
                    if quiet >= PING_EVERY:
                        self.wfile.write(b": ping\n\n")
                        quiet = 0.0
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
    request_queue_size = 1024  # a burst of connections waits to be accepted, not dropped

    def __init__(self, address, site: SiteState, live: LiveState) -> None:
        self.site = site
        self.live = live
        self.host = str(address[0])  # the --host given: a name requests may use
        super().__init__(address, Handler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind calls getfqdn(), which can stall on a machine without DNS.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]

    def handle_error(self, request, client_address) -> None:
        """One line, never a traceback: the response is lost, the server goes on."""
        err = sys.exc_info()[1]
        if isinstance(err, (ConnectionError, TimeoutError)):
            return  # the browser went away: nothing to report
        if os.environ.get("SCHOLARSITE_DEBUG"):
            traceback.print_exc()
        print(describe_internal_error(err) + " (while answering a request)", file=sys.stderr,
              flush=True)


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
    """SIGTERM stops ``serve`` like Ctrl-C. Build workers reset SIGTERM as they are
    forked (see parallel._after_fork); any other forked process exits at once."""
    if os.getpid() != SERVE_PID:
        os._exit(128 + signum)
    raise KeyboardInterrupt


def serve(args) -> int:
    from scholarsite.build import Builder
    from scholarsite.cli import build_options

    options = build_options(args)
    builder = Builder(options)
    builder.search_later = True  # the edited page reloads first, the search index after
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
        if not is_loopback(server.server_address[0]):  # said first: "serving" means ready
            print(f"note: {args.host} is reachable from other machines; the dev server is "
                  "for local use (to publish, upload the output of scholarsite build)",
                  flush=True)
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
