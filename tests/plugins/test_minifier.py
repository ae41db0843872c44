"""jekyll-minifier and jekyll-terser: what a production build writes, checked against the
gems' rules (which files, which environment, the exclude globs) and, in Chromium, that a
minified page shows and does the same as the page written as rendered."""

from __future__ import annotations

import shutil

CONFIG = """title: Lab
plugins: [jekyll-minifier]
jekyll-minifier:
  exclude: ["robots.txt", "assets/js/search/*.js"]
"""
LAYOUT = """<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>{{ page.title }}</title>
    <style>
      main  { color : #123456 ; }
    </style>
    <link rel="stylesheet" href="/assets/css/site.css">
  </head>
  <body>
    <!-- the page -->
    <main>{{ content }}</main>
    <script>
      var   greeting = "Hello   there";
    </script>
    <script src="/assets/js/app.js"></script>
  </body>
</html>
"""
PAGE = """---
layout: default
title: About
---
<p>Jane   Doe <b>works</b> on
   <i>graphs</i>.</p>
<pre>  two  spaces
    kept</pre>
<div class="links">
  <a class="btn" href="/doi/">DOI</a>
  <a class="btn" href="/bib/">Bib</a>
</div>
"""
APP_JS = """/*! app 1.0 | MIT */
// says hello
function   show( text ) {
    document.body.setAttribute( "data-said", text + " " + greeting );
}
show( "it works" );
"""
SITE_CSS = "/* site */\nbody  {\n  margin : 0 ;\n}\n"
FILES = {
    "_config.yml": CONFIG, "_layouts/default.html": LAYOUT, "index.html": PAGE,
    "assets/js/app.js": APP_JS, "assets/js/lib.min.js": "var  a = 1 ;\n",
    "assets/js/search/index.js": "var  kept = 1 ;\n", "assets/css/site.css": SITE_CSS,
    "assets/css/lib.min.css": "a  { color : red }\n",
    "feed.xml": "---\n---\n<feed>\n  <!-- c -->\n  <title>Lab</title>\n</feed>\n",
    "robots.txt": "---\n---\nUser-agent: *\n\nAllow: /\n",
}


def test_a_production_build_writes_pages_css_and_js_minified(build, monkeypatch):
    monkeypatch.setenv("JEKYLL_ENV", "production")
    built = build(FILES)
    html = built.page("index.html")
    assert "<!-- the page -->" not in html
    assert '<link rel="stylesheet" href="/assets/css/site.css"></head> <body> <main><p>' in html
    assert "<p>Jane Doe <b>works</b> on <i>graphs</i>.</p>" in html
    assert "<pre>  two  spaces\n    kept</pre>" in html
    # the space between two inline elements is what the reader sees: it stays
    assert '<div class="links"> <a class="btn" href="/doi/">DOI</a> <a class="btn" ' in html
    assert 'var   greeting = "Hello   there";' in html  # inline scripts stay as written
    assert built.page("assets/css/site.css") == "body{margin:0}"
    js = built.page("assets/js/app.js")
    assert js.startswith("/*! app 1.0 | MIT */") and "says hello" not in js
    assert "function show(text){" in js
    for name in ("assets/js/lib.min.js", "assets/js/search/index.js", "assets/css/lib.min.css",
                 "robots.txt"):
        assert built.page(name) == FILES[name].split("---\n")[-1], name
    assert "<!-- c -->" in built.page("feed.xml")  # XML is written as rendered


def test_jekyll_minifier_does_nothing_outside_production(build, monkeypatch):
    monkeypatch.delenv("JEKYLL_ENV", raising=False)
    built = build(FILES)
    assert "<!-- the page -->" in built.page("index.html")
    assert built.page("assets/js/app.js") == APP_JS
    assert built.page("assets/css/site.css") == SITE_CSS


def test_jekyll_terser_minifies_static_scripts_in_every_build(build, monkeypatch):
    monkeypatch.delenv("JEKYLL_ENV", raising=False)
    files = {**FILES, "_config.yml": "title: Lab\nplugins: [jekyll-terser]\n",
             "assets/js/data.js": "---\n---\nvar  title = '{{ site.title }}' ;\n"}
    built = build(files)
    assert "function show(text){" in built.page("assets/js/app.js")
    assert built.page("assets/js/search/index.js") == "var kept=1;"  # no minifier excludes
    assert built.page("assets/js/data.js") == "var  title = 'Lab' ;\n"  # a page: not terser's
    assert "<!-- the page -->" in built.page("index.html")
    assert built.page("assets/css/site.css") == SITE_CSS


def test_switching_to_production_rewrites_the_unchanged_files(build, monkeypatch):
    monkeypatch.delenv("JEKYLL_ENV", raising=False)
    assert "<!-- the page -->" in build(FILES).page("index.html")
    monkeypatch.setenv("JEKYLL_ENV", "production")
    built = build(FILES)
    assert "<!-- the page -->" not in built.page("index.html")
    assert built.page("assets/css/site.css") == "body{margin:0}"


def test_the_minified_page_shows_and_does_the_same_in_chromium(build, monkeypatch, tmp_path,
                                                              chromium, serve_folder):
    def shown(folder) -> tuple[str, str | None, str]:
        page = chromium.new_page()
        try:
            page.goto(serve_folder(folder) + "/")
            return (page.inner_text("main"), page.get_attribute("body", "data-said"),
                    page.eval_on_selector("main", "e => getComputedStyle(e).color"))
        finally:
            page.close()

    monkeypatch.delenv("JEKYLL_ENV", raising=False)
    plain = tmp_path / "plain"
    shutil.copytree(build(FILES).dest, plain)
    monkeypatch.setenv("JEKYLL_ENV", "production")
    minified = build(FILES).dest
    assert "<!-- the page -->" not in (minified / "index.html").read_text()
    assert shown(minified) == shown(plain)
    assert shown(minified)[1] == "it works Hello   there"
