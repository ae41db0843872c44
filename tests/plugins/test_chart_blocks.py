"""A chart block whose JSON the browser could not parse is named at build time."""

from __future__ import annotations

FENCE = "```"
POST = f"""---
layout: post
title: Charts
---
A good one:

{FENCE}chartjs
{{"type": "bar", "data": {{"labels": ["a"], "datasets": [{{"data": [1]}}]}}}}
{FENCE}

The source of one, shown as Markdown:

````markdown
{FENCE}plotly
{{not json either
{FENCE}
````

A bad one:

{FENCE}echarts
{{"xAxis": {{"data": ["Mon"]}},}}
{FENCE}

{FENCE}vega_lite
{{also bad
{FENCE}
"""


def test_one_warning_per_page_at_the_first_block_that_is_not_json(build):
    built = build({"_config.yml": "title: Lab\ntheme: al_folio_core\n",
                   "index.md": "---\nlayout: page\n---\nHome.\n",
                   "_posts/2024-05-01-charts.md": POST})
    warnings = [w for w in built.warnings if "block is not JSON" in w]
    assert warnings == [
        "_posts/2024-05-01-charts.md:21: warning: the echarts block is not JSON (Expecting "
        "property name enclosed in double quotes, line 1 of the block): the page shows it as "
        "code and draws nothing (fix the JSON)"], built.warnings
    assert '<code class="language-echarts">' in built.page("2024/05/01/charts.html")
