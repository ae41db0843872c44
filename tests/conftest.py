"""Shared fixtures: one Chromium for the whole session.

`chromium` is Debian's /usr/bin/chromium driven by Playwright's sync API (never
`playwright install`). It is started once, on first use, and closed at the end of the
session. Tests that need it are skipped, with the reason, when the browser or the
Python package is missing.

Playwright's sync API cannot run twice at once in one thread, so a test that starts
its own `sync_playwright()` must not run while the shared one is alive: the tests that
use `chromium` are moved to the end of the run (in their original order). New browser
tests should take the `chromium` fixture instead of starting their own.
"""
from __future__ import annotations

import functools
import http.server
import os
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, settings

# Property tests (tests/test_properties.py): 2,000 examples each, the same ones on every
# run (derandomize) so that CI is reproducible, and no example database in the tree.
# HYPOTHESIS_PROFILE=quick runs fewer while working on them, =deep explores further,
# =explicit runs only the @example cases (the regressions).
settings.register_profile(
    "scholarsite", max_examples=2000, deadline=None, derandomize=True, database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                           HealthCheck.filter_too_much])
settings.register_profile("quick", parent=settings.get_profile("scholarsite"), max_examples=200)
settings.register_profile("deep", parent=settings.get_profile("scholarsite"),
                          max_examples=10000, derandomize=False)
settings.register_profile("explicit", parent=settings.get_profile("scholarsite"),
                          phases=[Phase.explicit])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "scholarsite"))

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]


def chromium_missing() -> str | None:
    """Why the browser tests cannot run here, or None."""
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (install Debian's chromium package; .ci/run does)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright Python package is missing (pip install -e '.[test]')"
    return None


@pytest.fixture(scope="session")
def chromium():
    reason = chromium_missing()
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    pw = sync_playwright().start()
    try:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    except Exception:
        pw.stop()
        raise
    try:
        yield browser
    finally:
        browser.close()
        pw.stop()


def pytest_collection_modifyitems(session, config, items):
    # stable: everything else keeps its order, the shared-browser tests come last
    items.sort(key=lambda item: "chromium" in getattr(item, "fixturenames", ()))


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def serve_folder():
    """``serve_folder(folder)`` -> ``"http://127.0.0.1:PORT"``: a static server for a
    built site on loopback, as a browser test needs it; all stop when the session ends."""
    servers = []

    def start(folder: Path) -> str:
        handler = functools.partial(QuietHandler, directory=str(folder))
        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        servers.append(httpd)
        return f"http://127.0.0.1:{httpd.server_address[1]}"
    yield start
    for httpd in servers:
        httpd.shutdown()
        httpd.server_close()
