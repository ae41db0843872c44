"""``scholarsite check --links --external``: do the outside links of the site still answer?

Each distinct URL is asked once (``HEAD``, then ``GET`` when a server refuses ``HEAD``),
by a bounded pool of threads, at most two at a time per host, each request within
``timeout`` seconds and the whole check within ``deadline``: URLs not reached by then are
counted as not checked, never as broken. A link is broken when the server says the page is
gone (4xx), fails (5xx), or cannot be reached. Servers that refuse robots (401, 403, 429,
LinkedIn's 999) are reported apart and not counted as broken. Answers that were fine are
cached for ``max_age_days``, so a CI run a day later asks only what it has not seen.
"""

from __future__ import annotations

import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

CACHE_FILE = "external-links.json"
REFUSING_ROBOTS = {401, 403, 429, 999}
RETRY_WITH_GET = {400, 403, 404, 405, 501}  # some servers answer HEAD wrongly


@dataclass(frozen=True)
class Answer:
    url: str
    status: int | None  # None: no answer (reason says why)
    reason: str
    cached: bool = False

    @property
    def fine(self) -> bool:
        return self.status is not None and self.status < 400

    @property
    def refused(self) -> bool:
        return self.status in REFUSING_ROBOTS

    @property
    def broken(self) -> bool:
        return not self.fine and not self.refused and self.reason != "not checked"


def check_external(urls, cache_folder: Path | None, workers: int = 8, timeout: float = 10.0,
                   deadline: float = 120.0, max_age_days: float = 7.0) -> list[Answer]:
    """One Answer per URL (fragments dropped), in the order given."""
    import requests

    from scholarsite import __version__
    wanted = list(dict.fromkeys(urldefrag(u)[0] for u in urls))
    now = time.time()
    cache = {u: a for u, a in load(cache_folder).items()
             if now - a["checked"] < max_age_days * 86400}
    fresh = {u: Answer(u, cache[u]["status"], cache[u]["reason"], cached=True)
             for u in wanted if u in cache}
    todo = [u for u in wanted if u not in fresh]
    stop_at = time.monotonic() + deadline
    hosts: dict[str, threading.Semaphore] = {}
    hosts_lock = threading.Lock()
    local = threading.local()

    def session():
        if not hasattr(local, "session"):
            local.session = requests.Session()
            local.session.headers["User-Agent"] = \
                f"scholarsite/{__version__} link check (academic homepage builder)"
        return local.session

    def ask(url: str) -> Answer:
        host = (urlsplit(url).hostname or "").lower()
        with hosts_lock:
            gate = hosts.setdefault(host, threading.Semaphore(2))
        with gate:
            left = stop_at - time.monotonic()
            if left <= 0:
                return Answer(url, None, "not checked")
            limit = min(timeout, left)
            try:
                got = session().head(url, timeout=limit, allow_redirects=True)
                if got.status_code in RETRY_WITH_GET:
                    with session().get(url, timeout=limit, allow_redirects=True,
                                       stream=True) as again:
                        got = again
                return Answer(url, got.status_code, got.reason or "")
            except requests.Timeout:
                return Answer(url, None, f"no answer within {limit:.0f} s")
            except requests.TooManyRedirects:
                return Answer(url, None, "redirects in a loop")
            except requests.RequestException as exc:
                return Answer(url, None, "could not connect" + reason(exc))

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        asked = dict(zip(todo, pool.map(ask, todo)))
    for answer in asked.values():
        if answer.fine:  # only good answers are kept: a failure is asked again next time
            cache[answer.url] = {"status": answer.status, "reason": answer.reason,
                                 "checked": now}
    save(cache_folder, cache)
    return [fresh.get(u) or asked[u] for u in wanted]


def offline(answers: list[Answer]) -> bool:
    """No host name could be looked up: this machine has no network, the links may be fine."""
    asked = [a for a in answers if not a.cached]
    return bool(asked) and all(a.reason.endswith(NO_NAME_LOOKUP) for a in asked)


NO_NAME_LOOKUP = ("(name or service not known)", "(temporary failure in name resolution)",
                  "(nodename nor servname)")


def reason(exc: Exception) -> str:
    text = str(exc)
    for known in ("Name or service not known", "nodename nor servname", "Connection refused",
                  "certificate verify failed", "Temporary failure in name resolution"):
        if known in text:
            return f" ({known.lower()})"  # (NO_NAME_LOOKUP holds the look-up failures)
    return ""


def load(cache_folder: Path | None) -> dict:
    if cache_folder is None:
        return {}
    try:
        data = json.loads((cache_folder / CACHE_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {u: a for u, a in data.items() if isinstance(a, dict)
            and isinstance(a.get("status"), int) and isinstance(a.get("checked"), (int, float))
            and isinstance(a.get("reason"), str)}


def save(cache_folder: Path | None, cache: dict) -> None:
    if cache_folder is None:
        return
    from scholarsite.images import write_atomic
    try:
        cache_folder.mkdir(parents=True, exist_ok=True)
        write_atomic(cache_folder / CACHE_FILE, json.dumps(cache, sort_keys=True).encode())
    except OSError:
        pass  # a cache that cannot be written only costs time
