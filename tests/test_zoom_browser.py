"""Zoomable figures (al-folio's `zoomable=true`, al_img_tools' medium-zoom) in a real
browser: a click enlarges the image over a backdrop of the page's colour and a second
click puts it back; a page without such an image loads none of it."""

from __future__ import annotations

import pytest
from PIL import Image

from scholarsite.build import BuildOptions, build

pytestmark = pytest.mark.usefixtures("chromium")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    source = tmp_path_factory.mktemp("zoom") / "site"
    files = {
        "_config.yml": "title: Zoom\ntheme: al_folio_core\n",
        "index.md": "---\nlayout: page\ntitle: home\n---\nNothing to enlarge.\n",
        "gallery.md": ("---\nlayout: page\ntitle: gallery\npermalink: /gallery/\n---\n"
                       '{% include figure.liquid path="assets/img/plot.png" alt="A plot" '
                       'zoomable=true width="400" %}\n\n'
                       '{% include figure.html path="assets/img/plot.png" alt="Still" %}\n'),
    }
    for name, text in files.items():
        path = source / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    (source / "assets" / "img").mkdir(parents=True)
    # larger than it is shown (width 400), so that there is something to enlarge to
    Image.new("RGB", (1600, 1200), (90, 120, 160)).save(source / "assets" / "img" / "plot.png")
    build(BuildOptions(source=source))
    return source / "_site"


def test_a_zoomable_figure_enlarges_and_goes_back(chromium, site, serve_folder):
    url = serve_folder(site)
    page = chromium.new_page(viewport={"width": 1280, "height": 800})
    try:
        page.goto(url + "/gallery/")
        page.wait_for_function("window.mediumZoom !== undefined")
        zoomable = page.locator("figure[data-zoomable] img")
        assert zoomable.count() == 1
        assert page.locator("figure:not([data-zoomable]) img").count() == 1
        before = zoomable.bounding_box()
        zoomable.click()
        page.wait_for_selector(".medium-zoom-image--opened")
        page.wait_for_timeout(400)  # the transition
        # (an image with a srcset is shown enlarged as a copy of itself)
        opened = page.locator(".medium-zoom-image--opened")
        widest = max(opened.nth(i).bounding_box()["width"] for i in range(opened.count()))
        assert widest > before["width"] * 1.5
        overlay = page.locator(".medium-zoom-overlay")
        backdrop = overlay.evaluate("e => getComputedStyle(e).backgroundColor")
        assert backdrop == "rgb(255, 255, 255)"  # the light scheme's --bg
        page.screenshot(path=str(site.parent / "zoomed.png"))
        page.keyboard.press("Escape")  # (a click anywhere, or a scroll, closes it too)
        page.wait_for_selector(".medium-zoom-image--opened", state="detached")
        # the figure that did not ask for it stays as it is
        page.locator("figure:not([data-zoomable]) img").click()
        assert page.locator(".medium-zoom-image--opened").count() == 0
    finally:
        page.close()


def test_a_page_without_zoomable_images_loads_nothing_of_it(site):
    home = (site / "index.html").read_text()
    gallery = (site / "gallery" / "index.html").read_text()
    assert "medium-zoom" not in home and "zoom.js" not in home
    assert "medium-zoom.min.js" in gallery and "zoom.js" in gallery
    assert (site / "assets" / "vendor" / "medium-zoom" / "LICENSE").is_file()
