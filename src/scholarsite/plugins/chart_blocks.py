"""al-folio's chart blocks (```chartjs, ```echarts, ```plotly, ```vega_lite, ```geojson)
hold JSON that the page's script parses in the browser. A block that is not JSON is
left as code there, and only the browser's console says why; the build says it too:
one warning per page, at the block's line, naming what the JSON parser stopped at.
Called by ``render.py`` on each rendered page body."""

from __future__ import annotations

import html
import json
import re

MARK = '<code class="language-'
BLOCK = re.compile(r'<code class="language-(chartjs|echarts|plotly|vega_lite|geojson)">(.*?)'
                   r"</code>", re.S)


def check_chart_blocks(site, doc) -> None:
    for found in BLOCK.finditer(doc.content):
        lang = found.group(1)
        try:
            json.loads(html.unescape(found.group(2)))
        except ValueError as err:
            fence = re.search(rf"^[ \t]*(```|~~~)[ \t]*{lang}\b", doc.raw_content, re.M)
            line = doc.body_line + doc.raw_content.count("\n", 0, fence.start()) + 1 \
                if fence else None
            site.reporter.warn(f"the {lang} block is not JSON ({err.msg}, line {err.lineno} "
                               "of the block): the page shows it as code and draws nothing "
                               "(fix the JSON)", doc.source_name, line)
            return
