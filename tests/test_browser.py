"""The bundled theme in a real browser (Debian's chromium through Playwright).

The five sites of tests/theme_sites are built with scholarsite and each is served by
http.server in a thread. For every page type:

- it loads with no console error, no failed request and no request to another host
  (every such request is blocked and counted), and no render-blocking script. The
  only exception is an off-site image that the author wrote into the page source
  (the al-folio and AcadHomepage seeds show shields.io badges): an image from a host
  that the site's source files name in an <img> or ![]() gets a local placeholder
  instead, and it is not part of the byte budget;
- no horizontal scrolling at 360 px;
- axe-core (npm, installed once into tests/.npm) finds no serious or critical
  violation, in the light scheme at 1280 px and the dark scheme at 360 px.

And: the dark toggle persists across pages with no flash of the light scheme, every
internal link and `#fragment` reachable from each home page resolves, math is typeset
by the bundled KaTeX, and the al-folio about page (10 news items, 5 selected papers)
transfers at most 60 KB gzip (HTML, CSS, JS, fonts; the profile photo excluded),
measured from the bodies the browser received.
"""
from __future__ import annotations

import functools
import gzip
import re
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[1]
SITES = ROOT / "tests" / "theme_sites"
SITE_NAMES = ["al-folio", "al-folio-old", "acadhomepage", "minimal-light", "cv"]
NPM_PREFIX = ROOT / "tests" / ".npm"
AXE_JS = NPM_PREFIX / "node_modules" / "axe-core" / "axe.min.js"
BUDGET = 60 * 1024
GZIP_LEVEL = 6  # what a typical server uses

# (site, path, page type)
PAGES = [
    ("al-folio", "/", "about"),
    ("al-folio-old", "/", "about (old al-folio)"),
    ("minimal-light", "/", "homepage"),
    ("acadhomepage", "/", "default + author sidebar"),
    ("cv", "/", "page"),
    ("cv", "/cv.html", "page without front matter"),
    ("al-folio", "/projects/1_project/", "page (project)"),
    ("al-folio", "/blog/2024/merging-models/", "post"),
    ("al-folio", "/blog/2023/scaling-laws/", "post with math"),
    ("al-folio", "/blog/", "blog index"),
    ("al-folio", "/news/", "news list"),
    ("al-folio", "/news/announcement_1/", "news item"),
    ("al-folio", "/projects/", "projects"),
    ("al-folio", "/cv/", "cv"),
    ("al-folio", "/publications/", "publications"),
    ("al-folio", "/404.html", "404"),
]
PAGE_IDS = [f"{site}{path}" for site, path, _ in PAGES]
MATH_PAGE = ("al-folio", "/blog/2023/scaling-laws/")

pytestmark = pytest.mark.usefixtures("chromium")


# ---------------------------------------------------------------- fixtures

@pytest.fixture(scope="module")
def sites(tmp_path_factory, chromium, serve_folder):
    """{name: base URL} of each built theme site, served on 127.0.0.1."""
    base = tmp_path_factory.mktemp("browser-sites")
    urls = {}
    for name in SITE_NAMES:
        dest = base / name
        done = subprocess.run(
            [sys.executable, "-m", "scholarsite", "build", "-s", str(SITES / name), "-d", str(dest)],
            capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        urls[name] = serve_folder(dest)
    return urls


@pytest.fixture(scope="session")
def axe_js() -> Path:
    if not AXE_JS.exists():
        npm = shutil.which("npm")
        if npm is None:
            pytest.skip("npm is missing: the accessibility checks run axe-core from npm "
                        "(apt-get install npm; .ci/run does)")
        done = subprocess.run(
            [npm, "install", "--no-save", "--no-audit", "--no-fund", "--no-package-lock",
             "--prefix", str(NPM_PREFIX), "axe-core@4"],
            capture_output=True, text=True, timeout=600)
        if done.returncode != 0 or not AXE_JS.exists():
            pytest.skip(f"`npm install axe-core@4` failed: {done.stderr.strip()[-400:]}")
    return AXE_JS


PLACEHOLDER_SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="80" height="20"/>'


@functools.cache
def author_image_hosts(site: str) -> frozenset[str]:
    """Hosts of the off-site images written in the site's own source (content, data):
    `<img src="https://...">` or `![](https://...)`."""
    hosts = set()
    for path in (SITES / site).rglob("*"):
        if path.is_file() and path.suffix in {".md", ".markdown", ".html", ".yml", ".yaml", ".liquid"}:
            text = path.read_text(encoding="utf-8", errors="replace")
            hosts.update(re.findall(r"(?:<img\b[^>]*\bsrc=[\"']?|!\[[^\]]*\]\()https?://([^/\s\"'?)]+)", text))
    return frozenset(hosts)


# Known problems of the seed pages themselves (copied byte for byte, so the theme cannot
# change them): (site, axe rule, text found in the offending element's HTML or target).
AUTHOR_AXE = {
    ("minimal-light", "color-contrast", "Outstanding Paper Award"):
        'seed 000: <span style="color:red">, and its publications.md colours the notes #e74d3c',
    ("minimal-light", "image-alt", "teaser_"):
        "seed 000's _includes/publications.md writes <img> without alt",
    ("minimal-light", "list", 'class="bibliography"'):
        "seed 000's _includes/publications.md puts <br> between the <li>s",
    ("acadhomepage", "image-alt", "img.shields.io"):
        "seed 002 writes its badges as <img> without alt",
    ("acadhomepage", "link-name", "img.shields.io"):
        "seed 002: a link whose only content is a badge <img> without alt",
    ("acadhomepage", "link-name", "citations?user=gu_oKFIAAAAJ\">"):
        "seed 002: the Google Scholar citations badge, an <img> without alt, is the link",
}
# Links in the seed pages to files the test sites do not have.
AUTHOR_LINKS = {
    ("al-folio-old", "blog/2021/score"): "seed 003 links a blog post of the original site",
    ("minimal-light", "ruocwang@g.ucla.edu"): "seed 000 writes [my email](ruocwang@g.ucla.edu), no mailto:",
}


def author_link(site: str, href: str) -> str | None:
    for (s, h), reason in AUTHOR_LINKS.items():
        if s == site and unquote(href).endswith(h):
            return reason
    return None


class Visit:
    """A page opened in a fresh context that records what the network and console did."""

    def __init__(self, browser, base: str, *, width=1280, scheme="light", init_script=None, site=None):
        self.base = base
        self.image_hosts = author_image_hosts(site) if site else frozenset()
        self.author_offsite: list[str] = []
        self.context = browser.new_context(viewport={"width": width, "height": 800},
                                           color_scheme=scheme, device_scale_factor=1)
        self.offsite: list[str] = []
        self.failed: list[str] = []
        self.errors: list[str] = []
        self.responses = []
        self.context.route("**/*", self._route)
        if init_script:
            self.context.add_init_script(init_script)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(f"uncaught: {e}"))
        self.page.on("requestfailed", lambda r: self.failed.append(f"{r.failure} {r.url}"))
        self.page.on("response", self._response)
        self.pending: set[str] = set()
        self.page.on("request", lambda r: self.pending.add(r.url))
        self.page.on("requestfinished", lambda r: self.pending.discard(r.url))
        self.page.on("requestfailed", lambda r: self.pending.discard(r.url))

    def _route(self, route):
        url = route.request.url
        if url.startswith(self.base + "/") or url == self.base:
            route.continue_()
        elif route.request.resource_type == "image" and urlsplit(url).hostname in self.image_hosts:
            self.author_offsite.append(url)
            route.fulfill(status=200, content_type="image/svg+xml", body=PLACEHOLDER_SVG)
        else:
            self.offsite.append(url)
            route.abort()

    def _response(self, response):
        self.responses.append(response)
        if response.status >= 400:
            self.failed.append(f"HTTP {response.status} {response.url}")

    def goto(self, path: str, wait_until="load"):
        response = self.page.goto(self.base + path, wait_until=wait_until)
        assert response is not None and response.status == 200, (path, response and response.status)
        return self.page

    def quiet(self):
        """Wait until no request has been running for 500 ms (at most 5 s)."""
        try:
            self.page.wait_for_load_state("networkidle", timeout=5000)
        except Exception:  # noqa: BLE001 - report, the checks below decide
            print(f"network not idle after 5 s on {self.page.url}; pending: {sorted(self.pending)}")

    def problems(self) -> list[str]:
        out = [f"request to another host: {u}" for u in self.offsite]
        out += [f"failed request: {f}" for f in self.failed]
        out += [f"console error: {e}" for e in self.errors]
        return out

    def close(self):
        self.context.close()


def run_axe(page, axe_path: Path) -> list[dict]:
    page.add_script_tag(path=str(axe_path))
    return page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary,
                                      html: n.html.slice(0, 160)}))}));
    }""")


def excuse_author(site: str, violation: dict) -> dict:
    """The violation without the nodes that are the seed page's own markup (AUTHOR_AXE)."""
    keep = []
    for node in violation["nodes"]:
        why = [reason for (s, rule, text), reason in AUTHOR_AXE.items()
               if s == site and rule == violation["id"] and (text in node["html"] or text in node["target"])]
        if why:
            print(f"author content, not the theme: {site} {violation['id']} {node['target']} ({why[0]})")
        else:
            keep.append(node)
    return {**violation, "nodes": keep}


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']}")
        for n in v["nodes"][:6]:
            summary = " ".join((n["summary"] or "").split())
            lines.append(f"    {n['target']}  {n['html']}\n      {summary}")
    return "\n".join(lines)


RENDER_BLOCKING_JS = """() => [...document.head.querySelectorAll('script[src]')]
    .filter(s => !s.defer && !s.async && s.type !== 'module').map(s => s.src)"""
OVERFLOW_JS = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


def settle(page, path):
    if (path == MATH_PAGE[1]):
        page.wait_for_selector(".katex", timeout=10_000)
    page.evaluate("document.fonts.ready.then(() => true)")


# ---------------------------------------------------------------- every page type

@pytest.mark.parametrize("site,path,kind", PAGES, ids=PAGE_IDS)
def test_page_loads_cleanly(chromium, sites, site, path, kind):
    problems = []
    for width, scheme in ((1280, "light"), (360, "dark")):
        visit = Visit(chromium, sites[site], width=width, scheme=scheme, site=site)
        try:
            page = visit.goto(path)
            settle(page, path)
            visit.quiet()
            where = f"{width}px {scheme}"
            problems += [f"{where}: {p}" for p in visit.problems()]
            problems += [f"{where}: render-blocking script {s}" for s in page.evaluate(RENDER_BLOCKING_JS)]
            if width == 360 and (over := page.evaluate(OVERFLOW_JS)) > 0:
                wide = page.evaluate("""() => [...document.querySelectorAll('body *')]
                    .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
                    .slice(0, 5).map(e => e.tagName.toLowerCase() + '.' + e.className)""")
                problems.append(f"{where}: horizontal scroll of {over}px, wide: {wide}")
        finally:
            visit.close()
    assert not problems, f"{kind} {site}{path}:\n" + "\n".join(problems)


@pytest.mark.parametrize("site,path,kind", PAGES, ids=PAGE_IDS)
def test_page_has_no_serious_axe_violation(chromium, sites, axe_js, site, path, kind):
    report = []
    for width, scheme in ((1280, "light"), (360, "dark")):
        visit = Visit(chromium, sites[site], width=width, scheme=scheme, site=site)
        try:
            page = visit.goto(path)
            settle(page, path)
            violations = run_axe(page, axe_js)
        finally:
            visit.close()
        serious = [v for v in violations if v["impact"] in ("serious", "critical")]
        serious = [v for v in (excuse_author(site, v) for v in serious) if v["nodes"]]
        if serious:
            report.append(f"--- {width}px {scheme}\n{describe(serious)}")
    assert not report, f"axe-core, {kind} {site}{path}:\n" + "\n".join(report)


# ---------------------------------------------------------------- dark toggle

THEME_AT_DCL = """document.addEventListener('DOMContentLoaded', () => {
    window.__themeAtDCL = document.documentElement.dataset.theme || null;
    window.__bgAtDCL = getComputedStyle(document.body).backgroundColor;
});"""


@pytest.mark.parametrize("site,first,second", [("al-folio", "/", "/blog/"),
                                               ("acadhomepage", "/", "/"),
                                               ("minimal-light", "/", "/")])
def test_dark_toggle_persists_without_flash(chromium, sites, site, first, second):
    visit = Visit(chromium, sites[site], scheme="light", init_script=THEME_AT_DCL, site=site)
    try:
        page = visit.goto(first)
        toggle = page.locator(".theme-toggle")
        assert toggle.is_visible()
        light_bg = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert toggle.get_attribute("aria-pressed") == "false"
        toggle.click()
        assert page.evaluate("document.documentElement.dataset.theme") == "dark"
        assert page.evaluate("localStorage.getItem('theme')") == "dark"
        assert toggle.get_attribute("aria-pressed") == "true"
        dark_bg = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert dark_bg != light_bg

        page = visit.goto(second)
        assert page.evaluate("window.__themeAtDCL") == "dark"  # set before first paint
        assert page.evaluate("window.__bgAtDCL") == dark_bg
        assert page.locator(".theme-toggle").get_attribute("aria-pressed") == "true"

        page.locator(".theme-toggle").click()  # and back
        page = visit.goto(first)
        assert page.evaluate("window.__themeAtDCL") == "light"
        assert page.evaluate("getComputedStyle(document.body).backgroundColor") == light_bg
        assert not visit.problems(), visit.problems()
    finally:
        visit.close()


def test_system_dark_scheme_without_a_stored_choice(chromium, sites):
    visit = Visit(chromium, sites["al-folio"], scheme="dark", site="al-folio")
    try:
        page = visit.goto("/")
        assert page.evaluate("document.documentElement.dataset.theme") is None
        assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(17, 20, 24)"
        assert page.locator(".theme-toggle").get_attribute("aria-pressed") == "true"
    finally:
        visit.close()


# ---------------------------------------------------------------- math and code

def test_math_is_typeset_by_the_bundled_katex(chromium, sites):
    visit = Visit(chromium, sites["al-folio"], width=360, site="al-folio")
    try:
        page = visit.goto(MATH_PAGE[1])
        page.wait_for_selector(".katex", timeout=10_000)
        visit.quiet()
        counts = page.evaluate("""() => ({
            inline: document.querySelectorAll('.katex:not(.katex-display .katex)').length,
            display: document.querySelectorAll('.katex-display').length,
            errors: document.querySelectorAll('.katex-error').length,
            raw: document.querySelector('main').innerText.includes('\\\\frac'),
            codeUntouched: [...document.querySelectorAll('pre code')].every(c => !c.querySelector('.katex')),
            fonts: [...document.fonts].filter(f => f.family.startsWith('KaTeX') && f.status === 'loaded').length,
        })""")
        assert counts["inline"] >= 6 and counts["display"] == 2, counts
        assert counts["errors"] == 0 and not counts["raw"] and counts["codeUntouched"], counts
        assert counts["fonts"] >= 1, counts
        urls = {urlsplit(r.url).path for r in visit.responses}
        assert "/assets/vendor/katex/katex.min.js" in urls and "/assets/vendor/katex/katex.min.css" in urls
        assert any(u.endswith(".woff2") for u in urls), urls
        assert not visit.problems(), visit.problems()
        # the code block on the same page is highlighted by Pygments' classes
        assert page.locator("pre.highlight .k").count() > 0
        colour = page.evaluate("getComputedStyle(document.querySelector('pre.highlight .k')).color")
        assert colour != page.evaluate("getComputedStyle(document.querySelector('pre.highlight')).color")
    finally:
        visit.close()


def test_pages_without_math_load_no_katex(chromium, sites):
    visit = Visit(chromium, sites["acadhomepage"], site="acadhomepage")  # its about.md keeps "\[video\]" in a comment
    try:
        page = visit.goto("/")
        visit.quiet()
        assert not [r.url for r in visit.responses if "katex" in r.url]
        assert page.locator(".katex").count() == 0
    finally:
        visit.close()


# ---------------------------------------------------------------- budget

def transfer(visit: Visit, exclude: set[str]) -> dict[str, int]:
    sizes = {}
    for r in visit.responses:
        if r.url in exclude or r.status != 200 or not r.url.startswith(visit.base + "/"):
            continue
        sizes[r.url.removeprefix(visit.base)] = len(gzip.compress(r.body(), GZIP_LEVEL))
    return sizes


PROFILE_PHOTO_URLS = """() => {
    const urls = new Set();
    for (const el of document.querySelectorAll('.profile img, .profile source, .homepage-profile img, .homepage-profile source, .sidebar img, .sidebar source')) {
        if (el.currentSrc) urls.add(el.currentSrc);
        if (el.src) urls.add(el.src);
        for (const part of (el.srcset || '').split(',')) {
            const u = part.trim().split(/\\s+/)[0];
            if (u) urls.add(new URL(u, document.baseURI).href);
        }
    }
    return [...urls];
}"""


@pytest.mark.parametrize("site,path", [("al-folio", "/"), ("al-folio-old", "/"), ("acadhomepage", "/"),
                                       ("minimal-light", "/"), ("cv", "/"), MATH_PAGE],
                         ids=lambda v: v)
def test_transfer_budget(chromium, sites, site, path):
    visit = Visit(chromium, sites[site], site=site)
    try:
        page = visit.goto(path)
        settle(page, path)
        visit.quiet()
        photo = set(page.evaluate(PROFILE_PHOTO_URLS))
        sizes = transfer(visit, photo)
        total = sum(sizes.values())
        lines = [f"{n:>8} B  {u}" for u, n in sorted(sizes.items(), key=lambda kv: -kv[1])]
        print(f"\n{site}{path}: {total} B gzip ({total / 1024:.1f} KB), profile photo excluded:\n"
              + "\n".join(lines))
        if visit.author_offsite:
            print(f"  + {len(visit.author_offsite)} off-site image(s) from the author's content, not counted")
        assert page.evaluate(RENDER_BLOCKING_JS) == []
        if (site, path) == ("al-folio", "/"):
            html = page.content()
            assert html.count('class="row publication') == 5  # the page the budget is about
            assert total <= BUDGET, f"{total} B > {BUDGET} B:\n" + "\n".join(lines)
    finally:
        visit.close()


# ---------------------------------------------------------------- links and anchors

class _Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and a.get("name"):
            self.ids.add(a["name"])
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "link" and a.get("href") and a.get("rel") not in ("canonical", "preconnect", "dns-prefetch"):
            self.links.append(a["href"])
        elif tag in ("script", "img", "source", "iframe") and a.get("src"):
            self.links.append(a["src"])
        if a.get("srcset"):
            self.links += [p.strip().split()[0] for p in a["srcset"].split(",") if p.strip()]


def _fetch(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, r.headers.get_content_type(), r.read()
    except urllib.error.HTTPError as e:
        return e.code, "", b""


@pytest.mark.parametrize("site", SITE_NAMES)
def test_internal_links_and_anchors_resolve(sites, site):
    base = sites[site]
    host = urlsplit(base).netloc
    pages: dict[str, set[str] | None] = {}  # url -> ids (None: not HTML)
    broken, queue, seen_links = [], [base + "/"], []
    while queue:
        url = queue.pop()
        if url in pages:
            continue
        status, ctype, body = _fetch(url)
        if status != 200:
            if not author_link(site, url):
                broken.append(f"{status} {url}")
            pages[url] = None
            continue
        if ctype != "text/html":
            pages[url] = None
            continue
        parser = _Links()
        parser.feed(body.decode("utf-8", "replace"))
        pages[url] = parser.ids
        for href in parser.links:
            if href.startswith(("mailto:", "tel:", "javascript:", "data:")):
                continue
            target = urljoin(url, href)
            if urlsplit(target).netloc != host:
                continue
            seen_links.append((url, href, target))
            page_url = urldefrag(target).url
            if page_url not in pages:
                queue.append(page_url)
    for source, href, target in seen_links:
        page_url, fragment = urldefrag(target)
        ids = pages.get(page_url)
        if fragment and ids is not None and unquote(fragment) not in ids and fragment != "top" \
                and not author_link(site, href):
            broken.append(f"#{unquote(fragment)} missing on {page_url} (link {href!r} in {source})")
    assert len(pages) > 1
    assert not broken, f"{site}:\n" + "\n".join(sorted(set(broken)))
