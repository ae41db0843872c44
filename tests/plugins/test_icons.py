"""Icon classes (Font Awesome, Academicons) in the bundled theme: fonts cut to the icons
the pages use, linked only from pages that show one."""

from __future__ import annotations

import io
import re

from fontTools.ttLib import TTFont

CONFIG = ("title: Tomas Reyes\ntheme: al_folio_core\nbaseurl: ''\n"
          "collections:\n  news:\n    output: false\n")

INDEX = """\
---
layout: about
title: about
news: true
---
Write to me <i class="fa-solid fa-envelope" id="mail"></i> or find my work on
<i class="fab fa-github" id="code"></i>, <i class="ai ai-google-scholar ai-lg" id="papers"></i>
and <i class="fa-regular fa-bookmark" id="saved"></i>.
An older spelling: <i class="fa fa-linkedin" id="old"></i>, a brand asked in solid
<i class="fa-solid fa-gitlab" id="mixed"></i> and a puzzle site
<i class="si si-leetcode" id="puzzles"></i>.

A misspelt one: <i class="fa-solid fa-envelop"></i>.

`<i class="fa-solid fa-house">` is only code.
"""

FILES = {
    "_config.yml": CONFIG,
    "index.md": INDEX,
    "_news/2024-05-01-prize.md": "---\ndate: 2024-05-01\ninline: true\n---\n"
                                 "A prize <i class=\"fa-solid fa-trophy\"></i> for the thesis.\n",
    "teaching.md": "---\nlayout: page\ntitle: teaching\npermalink: /teaching/\n---\nTwo courses a year, no icons.\n",
    "talks.md": "---\nlayout: page\ntitle: talks\n---\n"
                "Slides <i class=\"fa-solid fa-envelop\"></i> soon.\n",
}


def icon_css(built) -> str:
    found = list((built.dest / "assets" / "css").glob("icons-*.css"))
    assert len(found) == 1, found
    return found[0].read_text(encoding="utf-8")


def fonts(built) -> dict[str, TTFont]:
    folder = built.dest / "assets" / "fonts"
    return {re.sub(r"icons-([\w-]+)-\w+\.woff2", r"\1", f.name):
            TTFont(io.BytesIO(f.read_bytes())) for f in folder.glob("icons-*.woff2")}


def test_pages_with_icons_link_one_small_stylesheet(build):
    built = build(FILES)
    css = icon_css(built)
    home = built.page("index.html")
    link = re.findall(r'<link rel="stylesheet" href="(/assets/css/icons-\w+\.css)">', home)
    assert len(link) == 1 and (built.dest / link[0].lstrip("/")).is_file()
    assert "icons-" not in built.page("teaching/index.html")
    for page in built.pages():
        assert "scholarsite:icons" not in built.page(page)
    # the icons used, and no other
    shown = set(re.findall(r"\.((?:fa|ai|si)-[\w-]+)::before", css))
    assert shown == {"fa-envelope", "fa-github", "ai-google-scholar", "fa-bookmark",
                     "fa-linkedin", "fa-trophy", "fa-gitlab", "si-leetcode"}
    assert "fa-house" not in css  # in a code sample, as text
    assert ".fa.fa-linkedin{font-family:scholarsite-brands}" in css
    assert ".fa-solid.fa-gitlab{font-family:scholarsite-brands}" in css
    assert ".ai-lg{" in css and ".fa-spin" not in css
    assert len(css.encode()) < 3000


def test_fonts_hold_only_the_glyphs_used(build):
    built = build(FILES)
    cut = fonts(built)
    assert set(cut) == {"solid", "regular", "brands", "academicons", "scholar-icons"}
    cmaps = {name: set(font.getBestCmap()) for name, font in cut.items()}
    assert cmaps == {"solid": {0xF0E0, 0xF091}, "regular": {0xF02E},
                     "brands": {0xF09B, 0xF08C, 0xF296}, "academicons": {0xE9D4},
                     "scholar-icons": {0xE964}}
    for name, font in cut.items():
        assert font.flavor == "woff2"
        assert font["name"].getDebugName(1) == f"scholarsite-{name}"
        assert "Font Awesome" not in (font["name"].getDebugName(4) or "")
    folder = built.dest / "assets" / "fonts"
    total = sum(f.stat().st_size for f in folder.glob("*.woff2"))
    assert total < 5000, total  # the whole fonts: 315 KB
    # the fonts' SIL OFL (and Font Awesome's terms) beside them
    assert "SIL OPEN FONT LICENSE" in (folder / "LICENSE-academicons.txt").read_text()
    assert "Font Awesome Free" in (folder / "LICENSE-fontawesome.txt").read_text()


def test_an_unknown_icon_is_one_warning_naming_the_page(build):
    built = build(FILES)
    about = [w for w in built.warnings if "fa-envelop " in w or "fa-envelop:" in w]
    assert len(about) == 1, built.warnings
    assert re.match(r"index\.md:13: warning: no icon is called fa-envelop in "
                    r"Font Awesome Free 7\.2\.0: it shows nothing "
                    r"\(and on 1 more page\)", about[0]), about[0]


def test_the_cut_fonts_are_cached_by_their_glyphs(build, tmp_path):
    build(FILES)
    cache = tmp_path / "site" / ".scholarsite-cache" / "icons"
    before = {f.name: f.stat().st_mtime_ns for f in cache.iterdir()}
    assert len(before) == 5
    changed = dict(FILES, **{"teaching.md": FILES["teaching.md"] + "A third one in spring.\n"})
    build(changed)
    assert {f.name: f.stat().st_mtime_ns for f in cache.iterdir()} == before
    more = dict(FILES, **{"teaching.md": FILES["teaching.md"] + '<i class="fas fa-book"></i>\n'})
    built = build(more)
    assert len(list(cache.iterdir())) == 6  # solid again, with the book
    assert "icons-" in built.page("teaching/index.html")


def test_every_icon_of_social_links_is_known():
    from scholarsite.plugins import icons, socials
    usage = icons.Usage()
    for name, service in socials.SERVICES.items():
        assert usage.add(tuple(service.icon.split()), None), (name, service.icon)
    assert not usage.unknown


def test_no_icons_no_stylesheet(build):
    built = build({"_config.yml": CONFIG,
                   "index.md": "---\nlayout: page\ntitle: home\n---\nJust words.\n"})
    assert not list((built.dest / "assets").glob("css/icons-*"))
    assert not (built.dest / "assets" / "fonts").exists()
    assert "icons" not in built.page("index.html")


def test_under_a_baseurl(build):
    config = CONFIG.replace("baseurl: ''", "baseurl: /lab")
    built = build(dict(FILES, **{"_config.yml": config}))
    link = re.search(r'<link rel="stylesheet" href="(/lab/assets/css/icons-\w+\.css)">',
                     built.page("index.html"))
    assert link
    # the fonts are named from the stylesheet's own folder, whatever the baseurl
    assert 'src:url("../fonts/icons-solid-' in icon_css(built)


def test_turned_off(build):
    built = build(dict(FILES, **{"_config.yml": CONFIG + "scholarsite:\n  icons: false\n"}))
    assert not list((built.dest / "assets").glob("css/icons-*"))
    assert "icons-" not in built.page("index.html")
    assert not [w for w in built.warnings if "no icon" in w]


def test_glyphs_render_in_chromium(build, chromium, serve_folder, tmp_path):
    built = build(FILES)
    base = serve_folder(built.dest)
    page = chromium.new_page(viewport={"width": 1000, "height": 800})
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(base + "/")
    page.evaluate("document.fonts.ready")
    loaded = page.evaluate("""[...document.fonts].filter(f => f.status === 'loaded')
                              .map(f => f.family).sort()""")
    assert loaded == ["scholarsite-academicons", "scholarsite-brands", "scholarsite-regular",
                      "scholarsite-scholar-icons", "scholarsite-solid"]
    for icon in ("mail", "code", "papers", "saved", "old", "mixed", "puzzles"):
        element = page.locator(f"#{icon}")
        box = element.bounding_box()
        assert box and box["width"] > 8 and box["height"] > 8, (icon, box)
        # drawn: the icon's own picture has dark and light pixels, not one flat colour
        shot = element.screenshot()
        from PIL import Image
        darkest, lightest = Image.open(io.BytesIO(shot)).convert("L").getextrema()
        assert darkest < 100 < lightest, icon
    page.screenshot(path=str(tmp_path / "icons.png"))
    assert all(r.startswith(base) for r in requests)
    requests.clear()
    page.goto(base + "/teaching/")
    assert not [r for r in requests if "icons-" in r or ".woff2" in r]
    page.close()
