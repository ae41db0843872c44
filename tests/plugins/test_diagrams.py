"""jekyll-diagrams' {% mermaid %} block: the gem's wrapper with the diagram's source for
Mermaid to draw; drawn in Chromium by the bundled theme; one warning where nothing would
draw it."""

from __future__ import annotations

DIAGRAM = """---
layout: {layout}
title: Flow
---
Before.

{{% mermaid %}}
flowchart LR
  Draft --> Review["{{{{ site.title }}}} review"]
{{% endmermaid %}}

After.
"""
OWN_LAYOUT = "<html><body>{{ content }}</body></html>\n"


def test_the_block_is_the_gems_wrapper_around_the_source(build):
    built = build({"_config.yml": "title: Lab\nplugins: [jekyll-diagrams]\n",
                   "_layouts/plain.html": OWN_LAYOUT,
                   "flow.md": DIAGRAM.format(layout="plain"),
                   "other.md": DIAGRAM.format(layout="plain")})
    html = built.page("flow.html")  # kramdown writes the HTML block's quotes as double ones
    assert ('<div class="jekyll-diagrams diagrams mermaid"><pre class="mermaid">flowchart LR\n'
            '  Draft --&gt; Review["Lab review"]</pre></div>') in html
    assert "<p>After.</p>" in html
    [warning] = [w for w in built.warnings if "{% mermaid %}" in w]
    assert warning.startswith("flow.md:7: warning:") and "(and on 1 more page)" in warning


def test_the_bundled_theme_draws_the_diagram(build, chromium, serve_folder):
    built = build({"_config.yml": "title: Lab\ntheme: al_folio_core\n",
                   "index.md": "---\nlayout: page\ntitle: home\n---\nHello.\n",
                   "flow.md": DIAGRAM.format(layout="page")})
    assert not [w for w in built.warnings if "mermaid" in w]
    assert "mermaid.min.js" in built.page("flow.html")
    assert "mermaid.min.js" not in built.page("index.html")
    page = chromium.new_page()
    try:
        page.goto(serve_folder(built.dest) + "/flow.html")
        page.wait_for_selector(".jekyll-diagrams svg", timeout=20000)
        labels = page.text_content(".jekyll-diagrams svg")
    finally:
        page.close()
    assert "Draft" in labels and "Lab review" in labels
