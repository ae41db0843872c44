#!/usr/bin/env python3
"""Screenshots of every HTML page of a site, at 360 px and 1280 px, light and dark.

    python tools/screenshots.py SITE_DIR OUT_DIR [--pages GLOB ...] [--builder scholarsite|jekyll]
    python tools/screenshots.py --theme-sites OUT_DIR   # the five sites of tests/theme_sites
    python tools/screenshots.py --readme docs           # the pictures README.md shows

Builds SITE_DIR with `scholarsite build` into a temporary folder (or, with
`--builder jekyll`, with a real Jekyll after laying the bundled theme under the site,
which is how the theme was checked before the engine could build), serves the result
with http.server on a free port, and opens every page in the Debian chromium through
Playwright (never `playwright install`). Requests to other hosts are blocked, so the
pictures show what the site serves by itself.

Besides the PNGs it prints, per page and viewport, what a reviewer should look at:
horizontal overflow at 360 px, blocked off-site requests, failed requests, console
errors. Exit status 1 when any page overflows or a request fails.
"""
from __future__ import annotations

import argparse
import contextlib
import fnmatch
import functools
import http.server
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
WIDTHS = (360, 1280)
SCHEMES = ("light", "dark")
THEME_DIR = Path(__file__).resolve().parents[1] / "src" / "scholarsite" / "theme"


def build_site(site: Path, dest: Path, builder: str) -> None:
    if builder == "scholarsite":
        cmd = [sys.executable, "-m", "scholarsite", "build", "-s", str(site), "-d", str(dest)]
        subprocess.run(cmd, check=True)
        return
    # Real Jekyll: the theme below, the site's own files on top (as a theme gem would be).
    with tempfile.TemporaryDirectory(prefix="jekyll-src-") as tmp:
        work = Path(tmp)
        shutil.copytree(THEME_DIR, work, dirs_exist_ok=True)
        shutil.copytree(site, work, dirs_exist_ok=True)
        plugins = work / "_plugins"
        plugins.mkdir(exist_ok=True)
        # jekyll-scholar is not packaged for Debian: a stand-in for the bibliography tag.
        (plugins / "scholarsite_stub.rb").write_text(
            "class ScholarsiteBibStub < Liquid::Tag\n"
            "  def render(_ctx) '<ol class=\"bibliography\"><li>(bibliography)</li></ol>' end\n"
            "end\n"
            "Liquid::Template.register_tag('bibliography', ScholarsiteBibStub)\n"
        )
        # Jekyll stops on an include_relative of a missing file; scholarsite warns instead.
        for page in work.rglob("*.md"):
            for target in re.findall(r"include_relative\s+([^\s%}]+)", page.read_text(errors="replace")):
                missing = page.parent / target
                if not missing.exists():
                    missing.parent.mkdir(parents=True, exist_ok=True)
                    missing.write_text("")
        subprocess.run(["jekyll", "build", "-s", str(work), "-d", str(dest)], check=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve(root: Path):
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):  # keep the report readable
            pass

    port = free_port()
    handler = functools.partial(Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.shutdown()
        server.server_close()


def html_pages(root: Path, patterns: list[str]) -> list[str]:
    pages = []
    for path in sorted(root.rglob("*.html")):
        rel = path.relative_to(root).as_posix()
        if patterns and not any(fnmatch.fnmatch(rel, p) for p in patterns):
            continue
        pages.append(rel)
    return pages


def shot_name(rel: str, width: int, scheme: str) -> str:
    """blog/x/index.html -> blog_x_360_dark.png; about.html -> about-html_...: distinct names."""
    stem = rel[: -len("index.html")] if rel.endswith("index.html") else rel.replace(".html", "-html")
    stem = stem.strip("/").replace("/", "_") or "home"
    return f"{stem}_{width}_{scheme}.png"


@contextlib.contextmanager
def chromium(browser=None):
    """The given Playwright browser, or Debian's chromium launched for the duration."""
    if browser is not None:
        yield browser
        return
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


def take_screenshots(root: Path, out: Path, patterns: list[str], widths=WIDTHS, schemes=SCHEMES,
                     browser=None) -> int:
    """Screenshot every page; `browser` is an open Playwright browser to reuse (the
    tests' shared `chromium` fixture), else one is launched. Returns the problem count."""
    out.mkdir(parents=True, exist_ok=True)
    pages = html_pages(root, patterns)
    problems = 0
    with serve(root) as base, chromium(browser) as browser:
        for scheme in schemes:
            for width in widths:
                context = browser.new_context(
                    viewport={"width": width, "height": 900},
                    color_scheme=scheme,
                    device_scale_factor=1,
                )
                blocked: list[str] = []
                failed: list[str] = []
                errors: list[str] = []

                def route(r, *_):
                    if r.request.url.startswith(base):
                        r.continue_()
                    else:
                        blocked.append(r.request.url)
                        r.abort()

                context.route("**/*", route)
                page = context.new_page()
                page.on("console", lambda m, e=errors: m.type == "error" and e.append(m.text))
                page.on(
                    "response",
                    lambda r, f=failed: r.status >= 400 and r.url.startswith(base) and f.append(f"{r.status} {r.url}"),
                )
                for rel in pages:
                    blocked.clear(), failed.clear(), errors.clear()
                    page.goto(f"{base}/{rel}", wait_until="load")
                    settle(page)
                    overflow = page.evaluate(
                        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
                    )
                    target = out / shot_name(rel, width, scheme)
                    page.screenshot(path=str(target), full_page=True)
                    notes = []
                    if overflow > 0:
                        notes.append(f"horizontal overflow {overflow}px")
                        problems += 1
                    if failed:
                        notes.append("failed: " + ", ".join(sorted(set(failed))))
                        problems += 1
                    if blocked:
                        notes.append(f"{len(blocked)} off-site request(s) blocked: " + ", ".join(sorted(set(blocked))[:3]))
                    if blocked:  # the blocked requests' own console noise
                        errors[:] = [e for e in errors if "net::ERR_FAILED" not in e]
                    if errors:
                        notes.append("console: " + " | ".join(errors[:3]))
                    print(f"{target.name}: {'; '.join(notes) if notes else 'ok'}")
                context.close()
    return problems


def settle(page) -> None:
    """Let deferred work finish (KaTeX typesets after its stylesheet; web fonts load)."""
    try:
        page.wait_for_load_state("networkidle", timeout=3000)
    except Exception:  # noqa: BLE001 - a picture of what there is is still useful
        pass
    page.evaluate("document.fonts.ready.then(() => true)")


SITES_DIR = Path(__file__).resolve().parents[1] / "tests" / "theme_sites"
# (file in docs/, theme site, page, width, height, scheme): the pictures README.md and
# docs/theme.md show, one viewport each.
README_SHOTS = [
    ("screenshot-al-folio.png", "al-folio", "index.html", 1280, 900, "light"),
    ("screenshot-al-folio-mobile-dark.png", "al-folio", "index.html", 360, 780, "dark"),
    ("screenshot-acadhomepage-dark.png", "acadhomepage", "index.html", 1280, 900, "dark"),
    ("screenshot-minimal-light.png", "minimal-light", "index.html", 1280, 900, "light"),
    ("screenshot-post-math.png", "al-folio", "blog/2023/scaling-laws/index.html", 1280, 900, "light"),
]
EMPTY_SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>'


def readme_screenshots(docs: Path) -> None:
    """Rebuild the README/docs pictures. An off-site image (the seeds' shields.io badges)
    gets an empty placeholder instead of a broken-image icon."""
    docs.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="scholarsite-readme-") as tmp, chromium() as browser:
        built = {}
        for name in sorted({site for _, site, *_ in README_SHOTS}):
            built[name] = Path(tmp) / name
            build_site(SITES_DIR / name, built[name], "scholarsite")
        for filename, site, rel, width, height, scheme in README_SHOTS:
            with serve(built[site]) as base:
                context = browser.new_context(viewport={"width": width, "height": height},
                                              color_scheme=scheme, device_scale_factor=1)

                def route(r, *_, base=base):
                    if r.request.url.startswith(base):
                        r.continue_()
                    elif r.request.resource_type == "image":
                        r.fulfill(status=200, content_type="image/svg+xml", body=EMPTY_SVG)
                    else:
                        r.abort()

                context.route("**/*", route)
                page = context.new_page()
                page.goto(f"{base}/{rel}", wait_until="load")
                settle(page)
                page.screenshot(path=str(docs / filename))
                context.close()
            # 256 colours keep the pictures small in the repository
            from PIL import Image
            with Image.open(docs / filename) as im:
                small = im.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
            small.save(docs / filename, optimize=True)
            print(docs / filename)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("site", type=Path, nargs="?", help="site source folder")
    ap.add_argument("out", type=Path, nargs="?", help="folder for the PNG files")
    ap.add_argument("--pages", nargs="*", default=[], help="only pages matching these globs, e.g. index.html 'cv/*'")
    ap.add_argument("--builder", choices=("scholarsite", "jekyll"), default="scholarsite")
    ap.add_argument("--built", type=Path, help="use this already built site instead of building")
    ap.add_argument("--theme-sites", type=Path, metavar="OUT",
                    help="every site of tests/theme_sites, into OUT/SITE/")
    ap.add_argument("--readme", type=Path, metavar="DOCS", help="rebuild the README pictures into DOCS (docs/)")
    args = ap.parse_args(argv)
    if args.readme:
        readme_screenshots(args.readme)
        return 0
    if args.theme_sites:
        problems = 0
        for site in sorted(p for p in SITES_DIR.iterdir() if (p / "_config.yml").exists()):
            print(f"== {site.name}")
            with tempfile.TemporaryDirectory(prefix="scholarsite-shots-") as tmp:
                dest = Path(tmp) / "site"
                build_site(site, dest, args.builder)
                problems += take_screenshots(dest, args.theme_sites / site.name, args.pages)
        return 1 if problems else 0
    if args.site is None or args.out is None:
        ap.error("give SITE_DIR and OUT_DIR, or --theme-sites OUT, or --readme DOCS")
    if args.built:
        return 1 if take_screenshots(args.built, args.out, args.pages) else 0
    with tempfile.TemporaryDirectory(prefix="scholarsite-shots-") as tmp:
        dest = Path(tmp) / "site"
        build_site(args.site.resolve(), dest, args.builder)
        return 1 if take_screenshots(dest, args.out, args.pages) else 0


if __name__ == "__main__":
    sys.exit(main())
