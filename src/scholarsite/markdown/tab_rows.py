"""Tab-separated rows, as CVs exported from a word processor are written, become a table.

kramdown treats a tab inside a paragraph as a space, so such a CV renders as one long
paragraph. A run of two or more lines that each hold a tab (and that is not code)
becomes a layout table whose cells are still Markdown; ``scholarsite.tab_tables:
false`` keeps kramdown's behaviour.
"""

from __future__ import annotations

import re

FENCE = re.compile(r"^\s{0,3}(```|~~~)")


def tab_rows_to_tables(text: str) -> str:
    if "\t" not in text:
        return text
    lines = text.split("\n")
    out: list[str] = []
    index, in_fence, previous_blank = 0, False, True
    while index < len(lines):
        line = lines[index]
        if FENCE.match(line):
            in_fence = not in_fence
        starts_run = (not in_fence and previous_blank and "\t" in line
                      and not line[:1].isspace() and line.strip())
        if starts_run:
            end = index
            while end < len(lines) and "\t" in lines[end] and lines[end].strip():
                end += 1
            if end - index >= 2:
                out.append(table(lines[index:end]))
                index = end
                previous_blank = False
                continue
        out.append(line)
        previous_blank = not line.strip()
        index += 1
    return "\n".join(out)


def table(rows: list[str]) -> str:
    cells = [row.rstrip("\t").split("\t") for row in rows]
    width = max(len(row) for row in cells)
    html = ['<table class="tab-rows" role="presentation">']
    for row in cells:
        row = [cell.strip() for cell in row] + [""] * (width - len(row))
        html.append("<tr>" + "".join(f'<td markdown="span">{cell}</td>' for cell in row) + "</tr>")
    html.append("</table>")
    return "\n".join(html) + "\n"
