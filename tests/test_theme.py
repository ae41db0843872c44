"""The bundled theme: every layout name exists, the five seed sites under
tests/theme_sites build into pages that carry what each theme's users expect, nothing
is fetched from another host, and the about page stays within its byte budget.

The real-Jekyll and browser checks run only where /usr/bin/jekyll and /usr/bin/chromium
exist (they do on the project's machines); the rest needs only scholarsite.
"""
from __future__ import annotations

import gzip
import importlib.util
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
THEME = ROOT / "src" / "scholarsite" / "theme"
SITES = ROOT / "tests" / "theme_sites"
SITE_NAMES = ["al-folio-old", "al-folio", "acadhomepage", "minimal-light", "cv"]
LAYOUTS = ["default", "page", "post", "about", "homepage", "single", "cv", "projects",
           "news", "blog", "archive", "404"]


def build(site: str, dest: Path, *overlays: str) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "scholarsite", "build", "-s", str(SITES / site), "-d", str(dest)]
    if overlays:
        configs = [str(SITES / site / "_config.yml")]
        for i, text in enumerate(overlays):
            extra = dest.parent / f"{dest.name}-overlay{i}.yml"
            extra.write_text(text)
            configs.append(str(extra))
        cmd += ["--config", ",".join(configs)]
    done = subprocess.run(cmd, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = {}
    base = tmp_path_factory.mktemp("theme")
    for name in SITE_NAMES:
        out[name] = base / name
        build(name, out[name])
    return out


@pytest.fixture(scope="module")
def built_without_bib(tmp_path_factory):
    dest = tmp_path_factory.mktemp("nobib") / "al-folio"
    build("al-folio", dest, "scholar:\n  bibliography: nothing-here.bib\n")
    return dest


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def jsonld(html: str) -> dict:
    m = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert m, "no JSON-LD"
    return json.loads(m.group(1))


# ---------------------------------------------------------------- the theme folder

@pytest.mark.parametrize("name", LAYOUTS)
def test_every_layout_name_exists(name):
    assert list((THEME / "_layouts").glob(f"{name}.*")), f"no layout {name}"


# Host names that vendored library code matches the page's links against, and requests
# nothing from: VenoBox recognises a link to a youtube.googleapis.com video to play it.
# plotly.js names the servers of its map figures' base maps (a geo trace's world outline
# from cdn.plot.ly, a map trace's CARTO styles and Maki icons): only a figure with such a
# trace asks them (docs/theme.md, Charts).
NOT_REQUESTED = {"assets/vendor/venobox/venobox.min.js": ("youtube.googleapis)",),
                 "assets/vendor/plotly/plotly.min.js": (
                     "cdn.plot.ly/un/", "cartocdn.com", "cdn.jsdelivr.net/npm/@mapbox/maki")}


def test_theme_references_no_other_host():
    for path in THEME.rglob("*"):
        if path.is_file() and path.suffix in {".liquid", ".html", ".scss", ".js", ".svg", ""}:
            text = path.read_text(encoding="utf-8")
            for pattern in NOT_REQUESTED.get(path.relative_to(THEME).as_posix(), ()):
                assert pattern in text, f"{path.relative_to(THEME)} no longer has {pattern}"
                text = text.replace(pattern, "")
            for cdn in ("cdn.", "jsdelivr", "unpkg", "googleapis", "cdnjs", "fonts.g"):
                assert cdn not in text, f"{path.relative_to(THEME)} mentions {cdn}"
            assert "@import url(" not in text


# ---------------------------------------------------------------- every built page

def test_every_page_is_a_whole_accessible_document(built):
    for name, root in built.items():
        for page in root.rglob("*.html"):
            html = read(page)
            if "http-equiv=\"refresh\"" in html:  # redirect_from stubs
                continue
            where = f"{name}/{page.relative_to(root)}"
            assert html.lstrip().lower().startswith("<!doctype html>"), where
            assert re.search(r'<html lang="[a-z-]+">', html), where
            assert '<a class="skip-link" href="#main">' in html, where
            assert '<main id="main"' in html and "<footer" in html and "<header" in html, where
            assert '<meta name="viewport"' in html and '<link rel="canonical"' in html, where
            # one tiny blocking script (the theme switch before paint); the rest defer
            blocking = [s for s in re.findall(r"<script(?![^>]*\b(?:defer|async|type=\"application/ld\+json\"))[^>]*>(.*?)</script>", html, re.S)]
            assert len(blocking) == 1 and len(blocking[0]) < 300, where
            for tag in re.findall(r"<img\b[^>]*>", html):  # the theme's own images
                if re.search(r'class="(avatar|profile-image)', tag):
                    assert re.search(r'alt="[^"]', tag), (where, tag)
                elif 'class="card-img' in tag:  # decorative: the card's title is the link text
                    assert 'alt=""' in tag, (where, tag)
            for src in re.findall(r'<(?:link|script)[^>]+(?:href|src)="([^"]+)"', html):
                if "stylesheet" in src or src.endswith((".css", ".js")):
                    assert src.startswith("/"), (where, src)


def test_icon_links_are_labelled(built):
    html = read(built["al-folio"] / "index.html")
    icons = re.search(r'<div class="contact-icons">(.*?)</div>', html, re.S).group(1)
    links = re.findall(r"<a [^>]*>", icons)
    assert len(links) >= 8
    assert all("aria-label=" in a for a in links)
    for label in ("Email", "Google Scholar", "ORCID", "GitHub", "LinkedIn", "X (Twitter)", "CV", "RSS feed"):
        assert f'aria-label="{label}"' in icons


# ---------------------------------------------------------------- al-folio

def test_al_folio_about(built):
    html = read(built["al-folio"] / "index.html")
    assert '<div class="profile profile-right">' in html
    assert 'src="/assets/img/graduation.jpg" alt="Robin Zhao"' in html
    assert "<p>William Gates Building</p>" in html  # profile.address, raw HTML
    assert "Robin <strong>Zhao</strong>" in html
    news = re.search(r'<div class="news scrollable".*?</table>', html, re.S).group(0)
    assert news.count("<tr>") == 5  # announcements.limit
    assert "Sep 1, 2023" in news and "Nov 30, 2022" in news  # newest first
    person = jsonld(html)
    assert person["@type"] == "Person" and person["name"] == "Robin Zhao"
    assert "https://github.com/robin-zhao" in person["sameAs"]
    assert all(person["sameAs"])


def test_al_folio_selected_papers_from_the_bibliography(built):
    html = read(built["al-folio"] / "index.html")
    assert "selected publications" in html
    assert html.count('class="row publication') == 5


def test_no_bibliography_means_no_empty_section(built_without_bib):
    # the engine warns (see test_sections_warn_when_data_is_missing); the page has no heading
    html = read(built_without_bib / "index.html")
    assert "selected publications" not in html


def test_al_folio_about_page_budget(built):
    root = built["al-folio"]
    total = 0
    for rel in ("index.html", "assets/css/main.css", "assets/js/theme.js"):
        total += len(gzip.compress((root / rel).read_bytes()))
    assert total <= 60 * 1024, total
    css = (root / "assets/css/main.css").read_bytes()
    # One stylesheet for every layout (al-folio v1's courses, shelves and CV included).
    assert len(gzip.compress(css)) <= 9 * 1024


def test_al_folio_old_about(built):
    html = read(built["al-folio-old"] / "index.html")
    assert 'class="profile-image"' in html  # image_cicular: false
    assert "Research Scientist</strong> at" in html  # subtitle, block scalar HTML
    assert html.count("<tr>") == 5  # news_limit
    assert 'href="https://x.com/jordan_avery"' in html  # twitter_username in _config.yml
    assert "selected publications" in html  # selected={true} entries of papers.bib


def test_al_folio_other_layouts(built):
    root = built["al-folio"]
    nav = read(root / "index.html").split('<ul class="nav-links">')[1].split("</ul>")[0]
    assert re.findall(r">([a-z]+)</a>", nav) == ["about", "blog", "publications", "projects", "cv", "news"]
    projects = read(root / "projects/index.html")
    assert projects.count('<article class="card') == 3
    assert projects.index('id="work"') < projects.index('id="fun"')
    cv = read(root / "cv/index.html")
    for title in ("General Information", "Education", "Honors and Awards", "Research Interests"):
        assert f"<h2>{title}</h2>" in cv
    assert 'href="/assets/pdf/cv.pdf"' in cv
    news = read(root / "news/index.html")
    assert news.count("<tr>") == 10
    post = read(root / "blog/2024/merging-models/index.html")
    assert "min read" in post and 'rel="prev"' in post and "#merging" in post
    blog = read(root / "blog/index.html")
    assert blog.count('class="post-list-title"') == 3  # incl. the math post (test_browser.py)
    assert "Page not found" in read(root / "404.html")


# ---------------------------------------------------------------- AcadHomepage

def test_acadhomepage_sidebar(built):
    html = read(built["acadhomepage"] / "index.html")
    assert 'class="layout-default has-sidebar"' in html
    side = html.split('<aside class="sidebar"')[1].split("</aside>")[0]
    assert "Sam Lee" in side and 'src="/images/android-chrome-512x512.png"' in side
    assert "Beijing, China" in side and "Microsoft Research Asia" in side
    assert 'href="https://github.com/samlee-example"' in side
    assert 'href="mailto:sam.lee@example.com"' in side
    assert html.count("class='paper-box'") == 2
    assert 'href="/#about-me"' in html  # _data/navigation.yml
    assert jsonld(html)["name"] == "Sam Lee"


# ---------------------------------------------------------------- minimal-light

def test_minimal_light_homepage(built):
    html = read(built["minimal-light"] / "index.html")
    side = html.split('<aside class="homepage-profile')[1].split("</aside>")[0]
    assert "Casey Morgan" in side and "Ph.D. Student" in side
    assert "University of California, Los Angeles" in side
    assert 'src="/assets/img/avatar.png"' in side
    assert 'href="https://scholar.google.com/citations?user=ExAmPlE0000J"' in side
    assert 'href="/assets/files/curriculum_vitae.pdf"' in side
    assert html.count('class="pub-row"') == 3
    person = jsonld(html)
    assert person["jobTitle"] == "Ph.D. Student"
    assert person["affiliation"]["name"] == "University of California, Los Angeles"


# ---------------------------------------------------------------- a CV without front matter

def test_cv_page_has_one_title(built):
    page = built["cv"] / "cv.html"
    if not page.exists():
        pytest.skip("this scholarsite does not render front-matter-less pages")
    html = read(page)
    assert html.count("<h1") == 1


# ---------------------------------------------------------------- real Jekyll, real browser

def _screenshots_module():
    spec = importlib.util.spec_from_file_location("screenshots", ROOT / "tools" / "screenshots.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.skipif(shutil.which("jekyll") is None, reason="no Jekyll")
@pytest.mark.parametrize("name", SITE_NAMES)
def test_theme_builds_with_real_jekyll(name, tmp_path):
    _screenshots_module().build_site(SITES / name, tmp_path / "site", "jekyll")
    assert (tmp_path / "site" / "index.html").exists() or name == "cv"


@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="no chromium")
def test_no_horizontal_scroll_at_360px(built, tmp_path):
    pytest.importorskip("playwright")
    shots = _screenshots_module()
    for name, root in built.items():
        problems = shots.take_screenshots(root, tmp_path / name, ["index.html", "cv.html"], widths=(360,), schemes=("light",))
        assert problems == 0, name


def test_sections_warn_when_data_is_missing(tmp_path):
    """An about page asking for news, papers and socials that do not exist still builds."""
    site = tmp_path / "site"
    (site / "_pages").mkdir(parents=True)
    (site / "_config.yml").write_text("title: Empty\ninclude: [_pages]\n")
    (site / "_pages" / "about.md").write_text(
        "---\nlayout: about\npermalink: /\nprofile:\n  image: me.jpg\n"
        "news: true\nselected_papers: true\nsocial: true\n---\n\nHello.\n")
    result = subprocess.run([sys.executable, "-m", "scholarsite", "build", "-s", str(site)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    for line, what in ((5, "profile image 'assets/img/me.jpg' not found"), (6, "news: true"),
                       (7, "selected_papers: true"), (8, "social: true")):
        assert f"_pages/about.md:{line}: warning: {what}" in result.stderr
    html = read(site / "_site" / "index.html")
    assert "Hello." in html and "selected publications" not in html
