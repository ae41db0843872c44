"""Site search (Pagefind) and the publication filter bar of the bundled theme, in a real
browser (Debian's chromium through Playwright), checked by axe-core too."""

from __future__ import annotations

import pytest

from scholarsite import search
from scholarsite.build import BuildOptions, build
from scholarsite.cli import main
from test_browser import axe_js, run_axe  # noqa: F401  (axe_js is a fixture)

pytestmark = pytest.mark.usefixtures("chromium")
TYPES = ["article", "inproceedings", "misc", "phdthesis"]
KEYWORDS = ["graphs", "lattices", "optics", "algebra", "logic"]


def serious(violations: list[dict]) -> list[str]:
    return [f"{v['id']} ({v['impact']}): {v['help']} at {v['nodes'][0]['target']}"
            for v in violations if v["impact"] in ("serious", "critical")]


@pytest.fixture(scope="module")
def starter(tmp_path_factory):
    site = tmp_path_factory.mktemp("search") / "site"
    assert main(["new", str(site)]) == 0
    bib = [f"@{TYPES[i % 4]}{{paper{i},\n  title = {{Paper {i} on {KEYWORDS[i % 5]}}},\n"
           f"  author = {{Lovelace, Ada}},\n  journal = {{J}},\n  booktitle = {{B}},\n"
           f"  school = {{S}},\n  year = {{{2000 + i % 20}}},\n"
           f"  keywords = {{{KEYWORDS[i % 5]}, {KEYWORDS[(i + 2) % 5]}}}\n}}\n"
           for i in range(200)]
    (site / "_pages" / "all.md").write_text(
        "---\nlayout: page\ntitle: all papers\npermalink: /all/\n---\n"
        "{% include publication_filter.liquid %}\n\n{% bibliography --file many %}\n")
    (site / "_bibliography" / "many.bib").write_text("\n".join(bib))
    build(BuildOptions(source=site))
    return site


def test_search_finds_a_post_and_a_publication(chromium, starter, serve_folder, axe_js):
    url = serve_folder(starter / "_site")
    page = chromium.new_page()
    try:
        page.goto(url + "/")
        assert page.locator(".search-toggle").is_visible()
        assert not page.locator("script[src*='pagefind-ui']").count()  # loaded on first use
        page.keyboard.press("/")
        box = page.locator(".pagefind-ui__search-input")
        box.wait_for()
        page.keyboard.type("first program")
        link = page.locator(".pagefind-ui__result-link").first
        link.wait_for()
        assert link.get_attribute("href") == "/blog/2025/first-program/"
        assert not serious(run_axe(page, axe_js)), "axe-core, search dialog open"
        page.keyboard.press("Escape")
        assert not page.locator("#search-dialog").is_visible()
        page.keyboard.press("Control+k")
        box.wait_for()
        box.fill("Bernoulli")
        page.locator(".pagefind-ui__result-link").first.wait_for()
        hrefs = [a.get_attribute("href") for a in page.locator(".pagefind-ui__result-link").all()]
        assert "/publications/#lovelace1842letter" in hrefs  # a paper is its own result
    finally:
        page.close()


def test_the_filter_bar_narrows_200_entries(chromium, starter, serve_folder, axe_js):
    url = serve_folder(starter / "_site")
    page = chromium.new_page()
    visible = "ol.bibliography > li:visible"
    try:
        page.goto(url + "/all/")
        count = page.locator(".pub-filter-count")
        assert page.locator(visible).count() == 200 and count.inner_text() == "200 publications"
        page.select_option("select[name=year]", "2005")
        assert page.locator(visible).count() == 10  # i % 20 == 5
        assert count.inner_text() == "10 of 200 publications"
        page.select_option("select[name=type]", "article")
        assert page.locator(visible).count() == 0  # those ten are all i % 4 == 1
        assert count.inner_text() == "0 of 200 publications"
        page.select_option("select[name=year]", "")
        assert page.locator(visible).count() == 50
        page.select_option("select[name=type]", "")
        page.select_option("select[name=keyword]", "optics")
        assert page.locator(visible).count() == 80  # i % 5 in (2, 0)
        page.fill("#bibsearch", "paper 112")
        assert page.locator(visible).count() == 1
        assert "keyword=optics" in page.url and "q=paper%20112" in page.url
        assert not serious(run_axe(page, axe_js)), "axe-core, filtered list"
        linked = page.url
        page.goto(url + "/")
        page.goto(linked)  # a filtered view can be linked
        assert page.locator(visible).count() == 1
        page.goto(url + "/all/#paper7")  # an entry's own anchor is not a filter
        assert page.locator(visible).count() == 200
        page.goto(url + "/publications/")
        assert page.locator("ol.bibliography > li:visible").count() == 3
        page.select_option("select[name=year]", "1842")
        assert page.locator("ol.bibliography > li:visible").count() == 1
        assert not serious(run_axe(page, axe_js)), "axe-core, publications"
    finally:
        page.close()


def test_the_list_is_whole_without_javascript(chromium, starter, serve_folder):
    url = serve_folder(starter / "_site")
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(url + "/all/")
        assert page.locator("ol.bibliography > li:visible").count() == 200
        assert not page.locator("form.pub-filter").is_visible()
        assert not page.locator(".search-toggle").is_visible()
    finally:
        context.close()


def test_the_index_is_remade_only_when_a_page_changes(tmp_path):
    site = tmp_path / "site"
    assert main(["new", str(site)]) == 0
    build(BuildOptions(source=site))
    runs = search.index_count
    assert (site / "_site" / "pagefind" / "pagefind.js").is_file()
    build(BuildOptions(source=site))
    assert search.index_count == runs and (site / "_site" / "pagefind" / "pagefind.js").is_file()
    post = next((site / "_posts").iterdir())
    post.write_text(post.read_text() + "\nA new sentence about looms.\n")
    build(BuildOptions(source=site))
    assert search.index_count == runs + 1
    config = site / "_config.yml"
    config.write_text(config.read_text().replace("search: true", "search: false"))
    build(BuildOptions(source=site))
    assert not (site / "_site" / "pagefind").exists()
    assert 'class="search-toggle"' not in (site / "_site" / "index.html").read_text()


def test_under_serve_the_index_follows_the_reload(tmp_path):
    """serve's Builder publishes the previous index with the edited page (the browser
    reloads at once), then build_search() makes the new one."""
    from scholarsite.build import Builder
    site = tmp_path / "site"
    assert main(["new", str(site)]) == 0
    builder = Builder(BuildOptions(source=site))
    builder.search_later = True
    assert not builder.build(None).search_stale
    runs = search.index_count
    post = next((site / "_posts").iterdir())
    post.write_text(post.read_text() + "\nA sentence about punched cards.\n")
    result = builder.build({post})
    assert result.search_stale and search.index_count == runs
    assert "punched cards" in (site / "_site" / "blog" / "2025" / "first-program" /
                               "index.html").read_text()
    assert not builder.build_search().search_stale and search.index_count == runs + 1
    assert (site / "_site" / "pagefind" / "pagefind.js").is_file()
    builder.close()
