"""Chromium: the publications page's toggles open and close, Copy copies, no console error."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest

SITE = Path(__file__).parent / "scholar_sites" / "papers"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from scholarsite.build import BuildOptions, build
    from scholarsite.errors import Reporter
    out = tmp_path_factory.mktemp("browser") / "_site"
    build(BuildOptions(source=SITE, destination=out), Reporter(stream=open("/dev/null", "w")))
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(out))
    handler.log_message = lambda *a, **k: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_toggles_and_copy(server, chromium):
    context = chromium.new_context()
    try:
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(f"{server}/publications/")
        entry = page.locator("#lovelace2023alfolio")

        abstract = entry.locator("details.abstract")
        panel = abstract.locator(".panel")
        assert not panel.is_visible()
        abstract.locator("summary").click()
        assert panel.is_visible() and "Abs toggle shows" in panel.inner_text()
        abstract.locator("summary").click()
        assert not panel.is_visible()

        bibtex = entry.locator("details.bibtex")
        bibtex.locator("summary").click()
        code = bibtex.locator("code")
        assert code.is_visible()
        expected = code.text_content()
        assert expected.startswith("@article{lovelace2023alfolio,") and "abbr" not in expected
        bibtex.locator("button.copy-bibtex").click()
        page.wait_for_function("document.querySelector('#lovelace2023alfolio button.copy-bibtex')"
                               ".classList.contains('copied')")
        assert page.evaluate("navigator.clipboard.readText()") == expected
        bibtex.locator("summary").click()
        assert not code.is_visible()
        assert errors == []
    finally:
        context.close()
