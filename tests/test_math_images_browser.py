"""al-folio v1's pseudocode, typograms, image comparison, image slider and galleries in a
real browser, from the bundled libraries only: each page of tests/math_images_site.py is
opened in Chromium, its drawing or widget checked, and every request must stay on the
site's own server. A page without any of them loads none of the libraries."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from math_images_site import make_site
from test_browser import axe_js, run_axe  # noqa: F401  (axe_js is a fixture)

from scholarsite.build import BuildOptions, build

pytestmark = pytest.mark.usefixtures("chromium")

LIBRARIES = ("katex", "pseudocode", "typograms", "img-comparison-slider", "swiper",
             "lightbox", "photoswipe", "spotlight", "venobox", "math-images")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    source = make_site(tmp_path_factory.mktemp("math-images"))
    build(BuildOptions(source=source))
    return source / "_site"


@pytest.fixture(scope="module")
def base(site, serve_folder):
    return serve_folder(site)


@pytest.fixture
def open_page(chromium, base):
    """Opens a path of the site; yields (page, requested URLs, console errors)."""
    pages = []

    def opener(path, scheme="light"):
        page = chromium.new_page(viewport={"width": 1000, "height": 800}, color_scheme=scheme)
        requests, errors = [], []
        page.on("request", lambda r: requests.append(r.url))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(base + path)
        page.wait_for_load_state("load")
        pages.append((page, requests, errors, base))
        return page, requests, errors

    yield opener
    for page, requests, errors, home in pages:
        try:
            others = [u for u in requests
                      if urlsplit(u).netloc not in ("", urlsplit(home).netloc)
                      and not u.startswith("data:")]
            assert others == [], others  # nothing from another host
            assert errors == [], errors
        finally:
            page.close()


def shot(page, site, name, settle=0):
    page.wait_for_timeout(settle)  # the opening transition, for the picture
    page.screenshot(path=str(site.parent / f"{name}.png"), full_page=not settle)


def covers_the_bar(page, selector):
    """The viewer is over the theme's sticky bar, not under it."""
    return page.evaluate(
        "s => !!document.elementFromPoint(innerWidth / 2, 20).closest(s)", selector)


def test_pseudocode_is_typeset_with_its_math(open_page, site):
    page, requests, _ = open_page("/algorithm/", scheme="dark")
    page.wait_for_selector(".ps-root")
    assert page.locator("code.language-pseudocode").count() == 0
    root = page.locator(".pseudocode-block .ps-root")
    assert root.count() == 1
    assert "Binary search" in root.inner_text()
    assert page.locator(".ps-root .ps-keyword").count() >= 3  # procedure, while, if...
    # each $$..$$ of the block is math typeset by the bundled KaTeX
    assert page.locator(".ps-root .katex").count() >= 6
    assert any("/assets/vendor/katex/fonts/" in u for u in requests)
    # the rules of the algorithm take the text's colour (visible in the dark scheme)
    colours = page.evaluate("""() => {
        const a = document.querySelector('.ps-algorithm');
        return [getComputedStyle(a).borderTopColor, getComputedStyle(a).color];
    }""")
    assert colours[0] == colours[1] and colours[0] != "rgb(0, 0, 0)"
    shot(page, site, "pseudocode-dark")


def test_a_typogram_is_drawn_as_svg(open_page, site):
    page, _, _ = open_page("/diagram/")
    page.wait_for_selector(".typogram svg")
    assert page.locator("code.language-typograms").count() == 0
    svg = page.locator(".typogram svg")
    assert svg.count() == 1
    box = svg.bounding_box()
    assert box["width"] > 100 and box["height"] > 20
    assert page.locator(".typogram svg line").count() > 10  # the boxes and the arrow
    texts = page.locator(".typogram svg text").all_text_contents()
    assert "s" in texts and "w" in texts  # the words are drawn too
    shot(page, site, "typogram")


def test_the_comparison_slider_and_the_image_slider_are_upgraded(open_page, site):
    page, _, _ = open_page("/compare/")
    page.wait_for_function("customElements.get('img-comparison-slider') !== undefined"
                           " && customElements.get('swiper-container') !== undefined")
    slider = page.locator("img-comparison-slider")
    assert slider.evaluate("e => e.matches(':defined') && e.shadowRoot !== null")
    assert page.locator("img-comparison-slider > figure[slot=first] img").count() == 1
    assert page.locator("img-comparison-slider > figure[slot=second] img").count() == 1
    assert slider.evaluate("e => e.value") == 50
    box = slider.bounding_box()
    assert box["width"] > 300 and box["height"] > 200
    # dragging the divider to 80% of the width shows that much of the first image
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.8, box["y"] + box["height"] / 2, steps=5)
    page.mouse.up()
    assert 75 < slider.evaluate("e => e.value") < 85

    swiper = page.locator("swiper-container")
    page.wait_for_function("document.querySelector('swiper-container').swiper !== undefined")
    assert swiper.evaluate("e => e.swiper.slides.length") == 3
    assert swiper.evaluate("e => e.swiper.activeIndex") == 0
    page.locator("swiper-container .swiper-button-next").click()
    page.wait_for_function("document.querySelector('swiper-container').swiper.activeIndex === 1")
    page.wait_for_function("!document.querySelector('swiper-container').swiper.animating")
    shot(page, site, "compare")


def test_each_gallery_opens_on_a_click(open_page, site):
    page, _, _ = open_page("/gallery/")
    page.wait_for_function("window.lightbox !== undefined && window.Spotlight !== undefined"
                           " && window.VenoBox !== undefined")

    # Lightbox2
    page.locator('a[data-lightbox="trip"]').first.click()
    page.wait_for_selector("#lightbox .lb-image", state="visible")
    assert page.locator("#lightbox .lb-image").get_attribute("src").endswith("/assets/img/red.png")
    assert covers_the_bar(page, "#lightboxOverlay, #lightbox")
    shot(page, site, "gallery-lightbox2", settle=900)
    page.keyboard.press("Escape")
    page.wait_for_selector("#lightbox", state="hidden")

    # PhotoSwipe (its viewer module loads on the first click)
    page.locator(".pswp-gallery a").first.click()
    page.wait_for_selector(".pswp--open .pswp__img")
    page.wait_for_function(
        "[...document.querySelectorAll('.pswp__img')].some(i => i.src.endsWith('/blue.png'))")
    assert covers_the_bar(page, ".pswp")
    shot(page, site, "gallery-photoswipe", settle=700)
    page.keyboard.press("Escape")
    page.wait_for_selector(".pswp", state="detached")

    # Spotlight
    page.locator("a.spotlight").first.click()
    page.wait_for_selector("#spotlight.show")
    page.wait_for_function(
        "[...document.querySelectorAll('#spotlight img')].some(i => i.src.endsWith('/green.png'))")
    assert covers_the_bar(page, "#spotlight")
    shot(page, site, "gallery-spotlight", settle=700)
    page.keyboard.press("Escape")
    page.wait_for_selector("#spotlight.show", state="detached")

    # VenoBox
    page.locator("a.venobox").first.click()
    page.wait_for_selector(".vbox-overlay")
    page.wait_for_function(
        "[...document.querySelectorAll('.vbox-overlay img')].some(i => i.src.endsWith('/red.png'))")
    assert covers_the_bar(page, ".vbox-overlay")
    shot(page, site, "gallery-venobox", settle=900)


def test_a_page_without_them_requests_none_of_the_libraries(open_page):
    page, requests, _ = open_page("/")
    page.wait_for_load_state("networkidle")
    loaded = [u for u in requests if any(name in u for name in LIBRARIES)]
    assert loaded == []


@pytest.mark.parametrize("path, ready", [
    ("/algorithm/", ".ps-root"),
    ("/diagram/", ".typogram svg"),
    ("/compare/", "img-comparison-slider:defined"),
    ("/gallery/", "a.venobox"),
])
def test_the_drawn_pages_have_no_serious_axe_violation(open_page, axe_js, path, ready):
    page, _, _ = open_page(path)
    page.wait_for_selector(ready)
    page.wait_for_timeout(300)
    serious = [v for v in run_axe(page, axe_js) if v["impact"] in ("serious", "critical")]
    assert serious == [], serious


def test_a_block_pseudocode_cannot_read_stays_as_code(open_page):
    page, _, _ = open_page("/broken-algorithm/")
    page.wait_for_load_state("networkidle")
    page.wait_for_function("window.pseudocode !== undefined")
    # the good block is typeset, the one with an unclosed $ is still its code
    assert page.locator(".ps-root").count() == 1
    assert page.locator("pre > code.language-pseudocode").count() == 1
    assert "unclosed" in page.locator("pre > code.language-pseudocode").inner_text()
