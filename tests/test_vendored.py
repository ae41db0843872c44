"""The bundled theme's vendored libraries are written only into sites whose pages load
them (src/scholarsite/vendored.py): a site without math, drawings or galleries gets no
assets/vendor/ at all; one with them gets exactly the libraries its pages ask for, each
whole (KaTeX's fonts, PhotoSwipe's lazily imported module)."""

from __future__ import annotations

from pathlib import Path

from math_images_site import make_site

from scholarsite.build import BuildOptions, build

VENDOR = Path(__file__).resolve().parent.parent / "src" / "scholarsite" / "theme" / "assets" / "vendor"


def libraries(out: Path) -> set[str]:
    folder = out / "assets" / "vendor"
    return {p.name for p in folder.iterdir()} if folder.is_dir() else set()


def plain_site(root: Path, body: str) -> Path:
    root.mkdir(parents=True)
    (root / "_config.yml").write_text("title: Plain\ntheme: al_folio_core\n")
    (root / "index.md").write_text(f"---\nlayout: page\ntitle: home\n---\n{body}\n")
    return root


def test_a_site_whose_pages_load_no_library_gets_none(tmp_path):
    source = plain_site(tmp_path / "plain", "Just words, no math and no pictures.")
    build(BuildOptions(source=source))
    assert libraries(source / "_site") == set()
    assert (source / "_site" / "assets" / "css").is_dir()  # the theme's own files stay


def test_math_brings_katex_whole_with_its_fonts(tmp_path):
    source = plain_site(tmp_path / "math", "Euler: $$e^{i\\pi} + 1 = 0$$")
    build(BuildOptions(source=source))
    out = source / "_site"
    assert libraries(out) == {"katex"}
    fonts = sorted(p.name for p in (out / "assets" / "vendor" / "katex" / "fonts").iterdir())
    assert fonts == sorted(p.name for p in (VENDOR / "katex" / "fonts").iterdir())


def test_exactly_the_libraries_the_pages_ask_for(tmp_path):
    source = make_site(tmp_path / "figures")
    build(BuildOptions(source=source))
    out = source / "_site"
    named = set()
    for page in out.rglob("*.html"):
        text = page.read_text()
        named |= {lib for lib in (p.name for p in VENDOR.iterdir()) if f"vendor/{lib}/" in text}
    assert libraries(out) == named
    assert (out / "assets" / "vendor" / "photoswipe" / "photoswipe.esm.min.js").is_file()
    assert "medium-zoom" not in libraries(out)  # no zoomable image on this site
