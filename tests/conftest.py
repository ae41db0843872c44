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

from pathlib import Path

import pytest

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
