"""Citations per year as a small inline SVG bar chart: drawn at build time, no script,
coloured by the page's CSS (``currentColor``), readable by screen readers."""

from __future__ import annotations

from html import escape

YEARS = 10  # the chart shows at most the last ten years
WIDTH, HEIGHT, LABEL = 300, 90, 14  # viewBox units; the SVG scales to its container


def bar_chart(by_year: dict[int, int]) -> str:
    if not by_year or not any(by_year.values()):
        return ""
    last = max(by_year)
    years = list(range(max(min(by_year), last - YEARS + 1), last + 1))
    counts = [by_year.get(y, 0) for y in years]
    top = max(counts) or 1
    slot = WIDTH / len(years)
    bar = slot * 0.7
    summary = ", ".join(f"{y}: {n}" for y, n in zip(years, counts))
    parts = [f'<figure class="citations-chart"><svg viewBox="0 0 {WIDTH} {HEIGHT + LABEL}" '
             f'role="img" aria-label="Citations per year, {years[0]} to {years[-1]}: '
             f'{escape(summary)}" xmlns="http://www.w3.org/2000/svg">']
    for i, (year, count) in enumerate(zip(years, counts)):
        h = round(HEIGHT * count / top, 1)
        x = round(i * slot + (slot - bar) / 2, 1)
        parts.append(f'<g><title>{year}: {count} citation{"s" if count != 1 else ""}</title>'
                     f'<rect class="bar" x="{x}" y="{round(HEIGHT - h, 1)}" width="{round(bar, 1)}"'
                     f' height="{h}" fill="currentColor"/>'
                     f'<text x="{round(x + bar / 2, 1)}" y="{HEIGHT + LABEL - 2}" '
                     f'text-anchor="middle" font-size="8" fill="currentColor">{year}</text></g>')
    parts.append(f"</svg><figcaption>Citations per year (most: {top} in "
                 f"{years[counts.index(top)]})</figcaption></figure>")
    return "".join(parts)
