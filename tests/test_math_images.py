"""Which pages load the bundled pseudocode, typograms, TikZJax, image comparison, slider
and gallery libraries (_includes/math_image_tools.liquid): the pages whose content has
the markup, or whose front matter switches the library on as al-folio's does; a switch
set to false keeps it off, and markup shown in a code sample loads nothing. The browser
side is tests/test_math_images_browser.py."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from math_images_site import CONFIG, make_site

from scholarsite.build import BuildOptions, build

VENDOR = Path(__file__).resolve().parent.parent / "src" / "scholarsite" / "theme" / "assets" / "vendor"

TIKZJAX_CONFIG = CONFIG + """\
third_party_libraries:
  tikzjax:
    integrity:
      css: "sha256-p+CQrhSq3dnLHELDcVBFDf4whOor3w8gzLuc/pwRLyQ="
      js: "sha256-7SCmUR11IG4MkSoeLUq0pombv7oeV7yZuu7Z82e4Uy4="
    url:
      css: "https://cdn.jsdelivr.net/npm/@planktimerr/tikzjax@{{version}}/dist/fonts.css"
      js: "https://cdn.jsdelivr.net/npm/@planktimerr/tikzjax@{{version}}/dist/tikzjax.js"
    version: "1.0.8"
"""


def loaded(html: str) -> set[str]:
    """The theme's library files a page asks for (scripts and stylesheets)."""
    return set(re.findall(r'(?:src|href)="/assets/((?:vendor/[^/"]+|js/[^"]+\.js|css/math-images\.css))',
                          html)) - {"js/theme.js", "js/search.js"}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    source = make_site(tmp_path_factory.mktemp("math-images-rule"))
    build(BuildOptions(source=source))
    return source / "_site"


def page(site, path):
    return (site / path / "index.html").read_text()


def test_a_page_without_them_asks_for_none(site):
    assert loaded((site / "index.html").read_text()) == set()


def test_pseudocode_loads_katex_pseudocode_and_its_renderer(site):
    assert loaded(page(site, "algorithm")) == {
        "vendor/katex", "vendor/pseudocode", "js/pseudocode-render.js", "css/math-images.css"}


def test_typograms_load_the_renderer_before_the_library(site):
    html = page(site, "diagram")
    assert loaded(html) == {"vendor/typograms", "js/typograms-render.js", "css/math-images.css"}
    assert html.index("typograms-render.js") < html.index("vendor/typograms/typograms.js")


def test_the_comparison_and_the_slider(site):
    html = page(site, "compare")
    assert loaded(html) == {"vendor/img-comparison-slider", "vendor/swiper", "css/math-images.css"}
    # figure.liquid's slot= puts each picture in its side of the slider
    assert re.search(r'<figure slot="first">\s*(<picture|<img)', html)
    assert re.search(r'<figure slot="second">\s*(<picture|<img)', html)


def test_each_gallery_of_a_page(site):
    html = page(site, "gallery")
    assert loaded(html) == {"vendor/lightbox2", "vendor/photoswipe", "js/photoswipe-gallery.js",
                            "vendor/spotlight", "vendor/venobox", "js/venobox-gallery.js",
                            "css/math-images.css"}
    assert '<script src="/assets/js/photoswipe-gallery.js" type="module">' in html
    assert 'href="/assets/vendor/photoswipe/photoswipe.css"' in html
    assert 'href="/assets/vendor/lightbox2/css/lightbox.min.css"' in html
    assert 'href="/assets/vendor/venobox/venobox.min.css"' in html


def test_front_matter_switches_on_and_off(site):
    assert loaded(page(site, "switched-on")) == {"vendor/venobox", "js/venobox-gallery.js",
                                                 "css/math-images.css"}
    # pseudocode: false and images.lightbox2: false keep a block and a link as they are
    assert loaded(page(site, "switched-off")) == set()


def test_markup_in_code_samples_loads_nothing(site):
    assert loaded(page(site, "samples")) == set()


def scholarsite_build(source: Path) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "scholarsite", "build", "-q", "-s", str(source)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done


def test_tikz_uses_the_sites_third_party_libraries_entry(tmp_path):
    # without one, nothing is loaded (the script stays an inert <script type="text/tikz">),
    # and the build says so once, at the drawing's line
    plain = make_site(tmp_path / "plain")
    warned = [line for line in scholarsite_build(plain).stderr.splitlines() if "TikZ" in line]
    assert warned == ['tikz.md:6: warning: a TikZ drawing (<script type="text/tikz">) that '
                      "nothing draws: TikZJax is not served by the site (add al-folio's "
                      "third_party_libraries.tikzjax entry (url.js, url.css, version) to "
                      "_config.yml)"]
    html = (plain / "_site" / "tikz" / "index.html").read_text()
    assert loaded(html) == set() and "tikzjax" not in html
    assert '<script type="text/tikz">' in html

    listed = make_site(tmp_path / "listed", TIKZJAX_CONFIG)
    assert "TikZ" not in scholarsite_build(listed).stderr
    html = (listed / "_site" / "tikz" / "index.html").read_text()
    assert ('<script src="https://cdn.jsdelivr.net/npm/@planktimerr/tikzjax@1.0.8/dist/'
            'tikzjax.js" integrity="sha256-7SCmUR11IG4MkSoeLUq0pombv7oeV7yZuu7Z82e4Uy4=" '
            'crossorigin="anonymous" defer></script>') in html
    assert 'href="https://cdn.jsdelivr.net/npm/@planktimerr/tikzjax@1.0.8/dist/fonts.css"' in html
    # only the page that draws TikZ asks for it
    assert "tikzjax" not in (listed / "_site" / "diagram" / "index.html").read_text()


def test_the_bundled_libraries_carry_their_licences_and_call_no_other_site():
    folders = ["pseudocode", "typograms", "img-comparison-slider", "swiper", "photoswipe",
               "lightbox2", "spotlight", "venobox"]
    for name in folders:
        assert (VENDOR / name / "LICENSE").is_file(), name
        for path in (VENDOR / name).rglob("*"):
            if path.suffix in (".js", ".css"):
                text = path.read_text("utf-8")
                assert "sourceMappingURL" not in text, path
                assert not re.search(r"@import\s+url\(\s*['\"]?https?:", text), path
