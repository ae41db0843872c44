"""Regressions of the bundled theme seen in screenshots, checked in a real browser
(Debian's chromium through Playwright, the shared `chromium` fixture of conftest.py).

- dark scheme: the starter's round SVG profile photo stayed a light square (the dark
  scheme's white backing of SVG images also set a small border-radius, and its selector
  outweighed `.profile-image.circular`);
- publications: the ABS/BIB toggles sat ~3 px below the HTML/PDF links (an inline-block
  <summary> on the text line of its <details>, next to links that are flex items);
- the header moved ~96 px sideways on the blog page (its container took the width of the
  page's layout, 60rem on blog/projects/archive pages, 48rem elsewhere);
- 360 px: a six-item navbar wrapped onto a second row; it is now a disclosure menu
  (a button with aria-expanded/aria-controls), and without JavaScript the links show.
"""
from __future__ import annotations

import io
import subprocess
import sys

import pytest
from PIL import Image

from scholarsite.cli import main
from test_browser import SITES, Visit, axe_js, run_axe  # noqa: F401  (axe_js is a fixture)

pytestmark = pytest.mark.usefixtures("chromium")

DARK_BG = (17, 20, 24)  # --bg of the dark scheme
STARTER_PAGES = ["/", "/publications/", "/blog/", "/cv/", "/blog/2025/first-program/", "/404.html"]
AL_FOLIO_PAGES = ["/", "/blog/", "/projects/", "/publications/", "/cv/", "/news/", "/projects/1_project/"]


@pytest.fixture(scope="module")
def sites(tmp_path_factory, chromium, serve_folder):
    """{"starter": URL, "al-folio": URL}: the `scholarsite new` site and the al-folio test
    site (six navigation items), built and served on 127.0.0.1."""
    base = tmp_path_factory.mktemp("theme-defects")
    starter = base / "starter"
    assert main(["new", str(starter)]) == 0
    builds = {"starter": (starter, starter / "_site"), "al-folio": (SITES / "al-folio", base / "al-folio")}
    urls = {}
    for name, (source, dest) in builds.items():
        done = subprocess.run(
            [sys.executable, "-m", "scholarsite", "build", "-s", str(source), "-d", str(dest)],
            capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        urls[name] = serve_folder(dest)
    return urls


def ready(page):
    page.evaluate("document.fonts.ready.then(() => true)")


def near(a, b, tolerance=24):
    return all(abs(x - y) <= tolerance for x, y in zip(a, b))


# ---------------------------------------------------------------- 1. dark profile photo

@pytest.mark.parametrize("width", [1280, 360])
@pytest.mark.parametrize("how", ["system", "toggle"])
def test_dark_profile_photo_stays_round(chromium, sites, width, how):
    visit = Visit(chromium, sites["starter"], width=width, scheme="dark" if how == "system" else "light")
    try:
        page = visit.goto("/")
        if how == "toggle":
            page.locator(".theme-toggle").click()
            assert page.evaluate("document.documentElement.dataset.theme") == "dark"
        ready(page)
        photo = page.locator(".profile-image")
        assert photo.get_attribute("src").endswith(".svg")
        style = photo.evaluate("e => { const s = getComputedStyle(e); return [s.borderTopLeftRadius, s.borderBottomRightRadius]; }")
        assert style == ["50%", "50%"], style
        photo.scroll_into_view_if_needed()
        box = photo.bounding_box()
        shot = Image.open(io.BytesIO(page.screenshot(clip=box))).convert("RGB")
        w, h = shot.size
        centre = shot.getpixel((w // 2, h // 4))  # the placeholder's light backdrop
        assert not near(centre, DARK_BG), centre
        for x, y in ((2, 2), (w - 3, 2), (2, h - 3), (w - 3, h - 3)):  # outside the circle
            pixel = shot.getpixel((x, y))
            assert near(pixel, DARK_BG), f"corner ({x}, {y}) of the photo is {pixel}, not the page's {DARK_BG}"
        assert not visit.problems(), visit.problems()
    finally:
        visit.close()


# ---------------------------------------------------------------- 2. publication buttons

BUTTONS_JS = """() => [...document.querySelectorAll('.publication .links')].map(links =>
    [...links.querySelectorAll(':scope > .btn, :scope > details > summary.btn, :scope > button.btn')].map(b => {
        const r = b.getBoundingClientRect(), s = getComputedStyle(b);
        return {tag: b.tagName, text: b.textContent.trim(), top: r.top, height: r.height,
                style: [s.boxSizing, s.fontFamily, s.fontSize, s.fontWeight, s.lineHeight, s.verticalAlign,
                        s.paddingTop, s.paddingBottom, s.borderTopWidth, s.borderBottomWidth, s.textTransform]};
    })).filter(row => row.length > 1)"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_publication_toggles_line_up_with_the_links(chromium, sites, scheme):
    visit = Visit(chromium, sites["starter"], width=1280, scheme=scheme)
    try:
        page = visit.goto("/publications/")
        ready(page)
        rows = page.evaluate(BUTTONS_JS)
        kinds = {b["tag"] for row in rows for b in row}
        assert "SUMMARY" in kinds and "A" in kinds, rows  # ABS/BIB toggles next to HTML/PDF links
        for row in rows:
            first = row[0]
            for b in row[1:]:
                assert abs(b["top"] - first["top"]) <= 1, f"{b['text']} top {b['top']} vs {first['text']} {first['top']}"
                assert abs(b["height"] - first["height"]) <= 1, (b, first)
                assert b["style"] == first["style"], (b, first)
        # an open toggle still puts its panel on a row of its own, below the buttons
        page.locator(".links details.abstract > summary").first.click()
        row = page.evaluate(BUTTONS_JS)[0]
        summary = page.locator(".links details.abstract > summary").first.bounding_box()
        assert summary["width"] < 100, summary  # not stretched across the row
        panel = page.locator(".links details.abstract .panel").first.bounding_box()
        assert panel["y"] >= max(b["top"] + b["height"] for b in row) - 1
    finally:
        visit.close()


# ---------------------------------------------------------------- 3. header position

NAV_BOX_JS = """() => { const r = document.querySelector('.site-header .nav').getBoundingClientRect();
    const b = document.querySelector('.site-header .brand').getBoundingClientRect();
    return [r.x, r.width, b.x]; }"""


@pytest.mark.parametrize("site", ["starter", "al-folio"])
@pytest.mark.parametrize("width", [1280, 1920])
def test_header_sits_at_the_same_x_on_every_page(chromium, sites, site, width):
    visit = Visit(chromium, sites[site], width=width)
    try:
        boxes = {}
        for path in (STARTER_PAGES if site == "starter" else AL_FOLIO_PAGES):
            page = visit.goto(path)
            boxes[path] = page.evaluate(NAV_BOX_JS)
        first = next(iter(boxes.values()))
        moved = {p: b for p, b in boxes.items() if any(abs(x - y) > 1 for x, y in zip(b, first))}
        assert not moved, f"nav [x, width, brand x] differs from {first}: {moved}"
    finally:
        visit.close()


# ---------------------------------------------------------------- 4. the menu at 360 px

ROW_JS = """() => {
    const nav = document.querySelector('.site-header .nav');
    const shown = [...nav.children].filter(e => e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden')
        .map(e => { const r = e.getBoundingClientRect(); return {cls: e.className, top: r.top, bottom: r.bottom, right: r.right}; });
    return {height: nav.getBoundingClientRect().height, shown,
            width: document.documentElement.clientWidth,
            overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth};
}"""


def menu_parts(page):
    toggle = page.locator(".site-header .nav-toggle")
    assert toggle.count() == 1, "no menu button in the header"
    menu = page.locator("#" + toggle.get_attribute("aria-controls"))
    return toggle, menu


def test_six_item_nav_fits_one_row_at_360px(chromium, sites):
    visit = Visit(chromium, sites["al-folio"], width=360, site="al-folio")
    try:
        page = visit.goto("/")
        ready(page)
        assert page.locator(".nav-links a").count() == 6
        row = page.evaluate(ROW_JS)
        assert row["height"] <= 57, row  # 3.5rem, one row
        middles = [(e["top"] + e["bottom"]) / 2 for e in row["shown"]]  # name, menu, theme: one row
        assert len(row["shown"]) >= 3 and max(middles) - min(middles) <= 1, row
        assert all(e["right"] <= row["width"] for e in row["shown"]), row
        assert row["overflow"] <= 0, row
        toggle, menu = menu_parts(page)
        assert toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false"
        assert menu.locator(".nav-links").count() == 1 and not menu.is_visible()
        assert not page.locator(".nav-links a").first.is_visible()
        assert not visit.problems(), visit.problems()
    finally:
        visit.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_menu_toggles_with_the_keyboard(chromium, sites, axe_js, scheme):
    visit = Visit(chromium, sites["al-folio"], width=360, scheme=scheme, site="al-folio")
    try:
        page = visit.goto("/blog/")
        ready(page)
        toggle, menu = menu_parts(page)
        links = menu.locator("a")
        toggle.focus()
        page.keyboard.press("Enter")
        assert toggle.get_attribute("aria-expanded") == "true"
        assert menu.is_visible() and links.count() == 6
        assert all(links.nth(i).is_visible() for i in range(6))
        boxes = [links.nth(i).bounding_box() for i in range(6)]
        assert all(b["x"] >= 0 and b["x"] + b["width"] <= 360 for b in boxes), boxes
        assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
        current = menu.locator('a[aria-current="page"]')
        assert current.count() == 1 and current.inner_text() == "blog"
        open_violations = [v for v in run_axe(page, axe_js) if v["impact"] in ("serious", "critical")]

        page.keyboard.press("Tab")  # into the list, the next thing after the button
        assert page.evaluate("document.activeElement.closest('#' + %r) !== null" % menu.get_attribute("id"))
        page.keyboard.press("Escape")  # closes, and the focus goes back to the button
        assert toggle.get_attribute("aria-expanded") == "false" and not menu.is_visible()
        assert page.evaluate("document.activeElement.classList.contains('nav-toggle')")

        page.keyboard.press("Space")
        assert toggle.get_attribute("aria-expanded") == "true" and menu.is_visible()
        page.keyboard.press("Space")
        assert toggle.get_attribute("aria-expanded") == "false" and not menu.is_visible()
        page.keyboard.press("Escape")  # closed already: nothing changes
        assert toggle.get_attribute("aria-expanded") == "false"

        toggle.click()  # a pointer too, and a click elsewhere closes it
        assert menu.is_visible()
        page.mouse.click(180, 600)
        assert toggle.get_attribute("aria-expanded") == "false" and not menu.is_visible()
        closed_violations = [v for v in run_axe(page, axe_js) if v["impact"] in ("serious", "critical")]
        assert not open_violations and not closed_violations, (open_violations, closed_violations)
        assert not visit.problems(), visit.problems()
    finally:
        visit.close()


def test_wide_nav_shows_the_links_inline(chromium, sites):
    visit = Visit(chromium, sites["al-folio"], width=1280, site="al-folio")
    try:
        page = visit.goto("/")
        ready(page)
        toggle, menu = menu_parts(page)
        assert not toggle.is_visible()
        links = menu.locator("a")
        assert all(links.nth(i).is_visible() for i in range(links.count()))
        assert len({round(links.nth(i).bounding_box()["y"]) for i in range(links.count())}) == 1
        assert page.evaluate(ROW_JS)["height"] <= 57
    finally:
        visit.close()


def test_menu_without_javascript_shows_the_links(chromium, sites):
    context = chromium.new_context(viewport={"width": 360, "height": 800}, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(sites["al-folio"] + "/")
        toggle = page.locator(".site-header .nav-toggle")
        assert not toggle.is_visible()  # it would do nothing
        links = page.locator(".nav-links a")
        assert links.count() == 6
        for i in range(6):
            box = links.nth(i).bounding_box()
            assert links.nth(i).is_visible() and box["x"] >= 0 and box["x"] + box["width"] <= 360, box
        assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    finally:
        context.close()
