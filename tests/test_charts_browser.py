"""al-folio's chart blocks (the al_charts gem's ```mermaid, ```chartjs, ```echarts,
```plotly, ```vega_lite, ```geojson and ```diff2html) in a real browser: each is drawn
from the libraries the site serves itself, and a page without such a block loads none
of them."""

from __future__ import annotations

import re

import pytest

from scholarsite.build import BuildOptions, build

FENCE = "```"
BLOCKS = {
    "mermaid": "flowchart LR\n  Draft --> Review --> Published\n",
    "chartjs": ('{"type": "bar", "data": {"labels": ["2022", "2023", "2024"], "datasets": '
                '[{"label": "papers", "data": [2, 5, 3]}]}}\n'),
    "echarts": ('{"xAxis": {"data": ["Mon", "Tue", "Wed"]}, "yAxis": {}, '
                '"series": [{"type": "line", "data": [4, 9, 6]}]}\n'),
    "plotly": '{"data": [{"x": [1, 2, 3], "y": [3, 1, 2], "type": "scatter"}]}\n',
    "vega_lite": ('{"data": {"values": [{"k": "a", "v": 3}, {"k": "b", "v": 7}]}, '
                  '"mark": "bar", "encoding": {"x": {"field": "k", "type": "nominal"}, '
                  '"y": {"field": "v", "type": "quantitative"}}}\n'),
    "geojson": ('{"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", '
                '"coordinates": [[[8.5, 47.3], [8.6, 47.3], [8.6, 47.4], [8.5, 47.3]]]}}\n'),
    "diff2html": ("diff --git a/notes.txt b/notes.txt\n--- a/notes.txt\n+++ b/notes.txt\n"
                  "@@ -1,2 +1,2 @@\n first line\n-old second line\n+new second line\n"),
}
LIBRARIES = ("mermaid.min.js", "chart.umd.min.js", "echarts.min.js", "plotly.min.js",
             "vega-embed.min.js", "leaflet.js", "diff2html-ui-slim.min.js", "charts.js")


def page_of(title: str, body: str, front: str = "") -> str:
    return f"---\nlayout: post\ntitle: {title}\n{front}---\n{body}"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    source = tmp_path_factory.mktemp("charts") / "site"
    body = "".join(f"A {lang} block:\n\n{FENCE}{lang}\n{text}{FENCE}\n\n"
                   for lang, text in BLOCKS.items())
    files = {
        "_config.yml": "title: Charts\ntheme: al_folio_core\n",
        "index.md": "---\nlayout: page\ntitle: home\n---\nNo chart here.\n",
        "_posts/2024-05-01-all.md": page_of("all", body),
        # the page shows the source of a block, as al-folio's sample posts do: no library
        "_posts/2024-05-02-source.md": page_of(
            "source", f"````markdown\n{FENCE}mermaid\ngraph TD\n  A --> B\n{FENCE}\n````\n"),
        # front matter as al-folio v1 writes it loads the library without a block
        "_posts/2024-05-03-switch.md": page_of("switch", "A map drawn by a script of its own.\n",
                                               "map: true\nchart:\n  chartjs: true\n"),
        # and turns it off
        "_posts/2024-05-04-off.md": page_of(
            "off", f"{FENCE}mermaid\ngraph TD\n  A --> B\n{FENCE}\n",
            "mermaid:\n  enabled: false\n"),
        "_posts/2024-05-06-zoom.md": page_of(
            "zoom", f"{FENCE}mermaid\ngraph TD\n  A --> B\n{FENCE}\n",
            "mermaid:\n  enabled: true\n  zoomable: true\n"),
        "_posts/2024-05-05-bad.md": page_of("bad", f"{FENCE}chartjs\n{{not json\n{FENCE}\n"),
    }
    for name, text in files.items():
        path = source / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    build(BuildOptions(source=source))
    return source / "_site"


def html_of(site, slug):
    return next(site.glob(f"**/{slug}.html")).read_text() if list(site.glob(f"**/{slug}.html")) \
        else next(site.glob(f"**/{slug}/index.html")).read_text()


def scripts(html: str) -> set[str]:
    return {m.rsplit("/", 1)[-1] for m in re.findall(r'<script src="([^"]+)"', html)}


def test_libraries_are_loaded_only_where_a_block_or_the_front_matter_asks(site):
    everything = scripts(html_of(site, "all"))
    assert set(LIBRARIES) <= everything
    assert "vega.min.js" in everything and "vega-lite.min.js" in everything
    for slug in ("index", "source", "off"):
        assert not set(LIBRARIES) & scripts(html_of(site, slug)), slug
    assert {"leaflet.js", "chart.umd.min.js"} <= scripts(html_of(site, "switch"))
    assert "mermaid.min.js" not in scripts(html_of(site, "switch"))
    # the fences come out as plain code blocks (no Pygments spans inside)
    assert '<pre><code class="language-mermaid">flowchart LR\n  Draft --&gt; Review' in \
        html_of(site, "all")
    for folder in ("mermaid", "d3", "chartjs", "echarts", "plotly", "vega", "vega-lite",
                   "vega-embed", "leaflet", "diff2html"):
        assert (site / "assets" / "vendor" / folder / "LICENSE").is_file(), folder


def test_only_the_libraries_the_site_loads_are_written(site, tmp_path):
    for folder in ("mermaid", "chartjs", "vega", "leaflet", "diff2html"):
        assert (site / "assets" / "vendor" / folder).is_dir(), folder
    assert (site / "assets" / "js" / "charts.js").is_file()
    source = tmp_path / "plain"
    (source / "_posts").mkdir(parents=True)
    (source / "_config.yml").write_text("title: Plain\ntheme: al_folio_core\n")
    (source / "index.md").write_text("---\nlayout: page\ntitle: home\n---\nText.\n")
    (source / "_posts" / "2024-01-01-map.md").write_text(page_of("map", "Only a map.\n",
                                                                 "map: true\n"))
    build(BuildOptions(source=source))
    out = source / "_site"
    vendor = sorted(p.name for p in (out / "assets" / "vendor").iterdir())
    assert "leaflet" in vendor and (out / "assets" / "js" / "leaflet-setup.js").is_file()
    assert not {"mermaid", "chartjs", "echarts", "plotly", "vega", "diff2html"} & set(vendor)
    assert (out / "assets" / "js" / "charts.js").is_file()


def open_page(chromium, url, scheme="light"):
    page = chromium.new_page(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    offsite, errors = [], []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))

    def route(request_route):
        host = request_route.request.url
        if host.startswith(url):
            request_route.continue_()
        else:  # OpenStreetMap's tiles: not fetched in the test
            offsite.append(host)
            request_route.fulfill(status=204, body="")
    page.route("**/*", route)
    return page, offsite, errors


DRAWN = {
    "mermaid": ".chart-mermaid svg .node",
    "chartjs": ".chart-chartjs canvas",
    "echarts": ".chart-echarts canvas",
    "plotly": ".chart-plotly .plot-container .scatterlayer .trace",
    "vega_lite": ".chart-vega_lite svg.marks, .chart-vega_lite canvas.marks",
    "geojson": ".chart-geojson.leaflet-container .leaflet-overlay-pane path",
    "diff2html": ".chart-diff2html table.d2h-diff-table",
}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_block_is_drawn(chromium, site, serve_folder, scheme):
    url = serve_folder(site)
    page, offsite, errors = open_page(chromium, url, scheme)
    try:
        page.goto(url + "/" + str(next(site.glob("**/all.html")).relative_to(site)))
        for lang, selector in DRAWN.items():
            page.wait_for_selector(selector, state="attached", timeout=20000)
            assert page.locator(f"pre[data-chart={lang}]").is_hidden(), lang
        # the canvases are drawn on, not empty
        for lang in ("chartjs", "echarts"):
            inked = page.evaluate(
                """sel => { const c = document.querySelector(sel);
                  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                  let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i]) n++; return n; }""",
                DRAWN[lang])
            assert inked > 500, lang
        assert page.locator(".chart-diff2html .d2h-ins").count() >= 1
        # the two line numbers of a row sit side by side (the theme's border-box and cell
        # padding do not squeeze them onto two lines)
        tops = page.evaluate("""() => [...document.querySelectorAll('.chart-diff2html tr')]
            .map(r => [r.querySelector('.line-num1'), r.querySelector('.line-num2')])
            .filter(([a, b]) => a && b && a.textContent.trim() && b.textContent.trim())
            .map(([a, b]) => [a.getBoundingClientRect().top, b.getBoundingClientRect().top])""")
        assert tops and all(abs(a - b) < 1 for a, b in tops), tops
        page.wait_for_timeout(300)
        page.screenshot(path=str(site.parent / f"charts-{scheme}.png"), full_page=True)
        assert all("tile.openstreetmap.org" in u for u in offsite), offsite
        assert not errors, errors
    finally:
        page.close()


def test_the_toggle_redraws_in_the_other_scheme(chromium, site, serve_folder):
    url = serve_folder(site)
    page, _, errors = open_page(chromium, url, "light")
    try:
        page.goto(url + "/" + str(next(site.glob("**/all.html")).relative_to(site)))
        page.wait_for_selector(DRAWN["diff2html"], state="attached")
        page.wait_for_selector(DRAWN["mermaid"], state="attached")
        assert page.locator(".chart-diff2html .d2h-light-color-scheme").count() >= 1
        page.click(".theme-toggle")
        page.wait_for_selector(".chart-diff2html .d2h-dark-color-scheme", state="attached")
        page.wait_for_selector(DRAWN["mermaid"], state="attached")
        page.wait_for_selector(DRAWN["vega_lite"], state="attached")
        assert not errors, errors
    finally:
        page.close()


def test_a_zoomable_diagram_zooms_with_the_wheel(chromium, site, serve_folder):
    assert "d3.min.js" not in scripts(html_of(site, "all"))
    assert "d3.min.js" in scripts(html_of(site, "zoom"))
    url = serve_folder(site)
    page, _, errors = open_page(chromium, url)
    try:
        page.goto(url + "/" + str(next(site.glob("**/zoom.html")).relative_to(site)))
        page.wait_for_selector(".chart-zoomable svg > g", state="attached")
        box = page.locator(".chart-mermaid svg").bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.mouse.wheel(0, -300)
        page.wait_for_function(
            "(document.querySelector('.chart-zoomable svg > g').getAttribute('transform') || '')"
            ".includes('scale')")
        assert not errors, errors
    finally:
        page.close()


def test_a_block_that_cannot_be_drawn_stays_code(chromium, site, serve_folder):
    url = serve_folder(site)
    page, _, errors = open_page(chromium, url)
    warnings = []
    page.on("console", lambda m: m.type == "warning" and warnings.append(m.text))
    try:
        page.goto(url + "/" + str(next(site.glob("**/bad.html")).relative_to(site)))
        page.wait_for_load_state("load")
        page.wait_for_timeout(200)
        assert page.locator("pre > code.language-chartjs").is_visible()
        assert any("chartjs block could not be drawn" in w for w in warnings), warnings
        assert not errors, errors
    finally:
        page.close()
