"""A small al-folio v1 site with one block or figure of each kind that al-folio v1's
al_math and al_img_tools features draw: pseudocode, a typogram, TikZ, an image comparison,
an image slider and the four galleries (Lightbox2, PhotoSwipe, Spotlight, VenoBox). Shared
by tests/test_math_images.py and tests/test_math_images_browser.py."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

CONFIG = """\
title: Figures and algorithms
theme: al_folio_core
"""

PAGES = {
    "index.md": "---\nlayout: page\ntitle: home\n---\nA page with no drawing and no gallery.\n",
    "algorithm.md": """\
---
layout: page
title: algorithm
permalink: /algorithm/
---
Binary search, as al-folio's sample writes it (math between `$$`):

```pseudocode
\\begin{algorithm}
\\caption{Binary search}
\\begin{algorithmic}
\\PROCEDURE{Find}{$$A, x$$}
    \\STATE $$lo = 1$$, $$hi = n$$
    \\WHILE{$$lo \\leq hi$$}
        \\STATE $$mid = \\lfloor (lo + hi) / 2 \\rfloor$$
        \\IF{$$A[mid] = x$$}
            \\RETURN $$mid$$
        \\ENDIF
    \\ENDWHILE
\\ENDPROCEDURE
\\end{algorithmic}
\\end{algorithm}
```
""",
    "diagram.md": """\
---
layout: page
title: diagram
permalink: /diagram/
---
The pipeline:

```typograms
+--------+     +---------+
| source |---->| website |
+--------+     +---------+
```
""",
    "tikz.md": """\
---
layout: page
title: tikz
permalink: /tikz/
---
<script type="text/tikz">
\\begin{tikzpicture}
  \\draw (0,0) circle (1cm);
\\end{tikzpicture}
</script>
""",
    "compare.md": """\
---
layout: page
title: compare
permalink: /compare/
images:
  compare: true
  slider: true
---
Before and after:

<img-comparison-slider>
  {% include figure.liquid path="assets/img/before.png" class="img-fluid" alt="Before" slot="first" %}
  {% include figure.liquid path="assets/img/after.png" class="img-fluid" alt="After" slot="second" %}
</img-comparison-slider>

Three slides:

<swiper-container navigation="true" pagination="true" rewind="true">
  <swiper-slide>{% include figure.liquid path="assets/img/red.png" alt="Red" loading="eager" %}</swiper-slide>
  <swiper-slide>{% include figure.liquid path="assets/img/green.png" alt="Green" loading="eager" %}</swiper-slide>
  <swiper-slide>{% include figure.liquid path="assets/img/blue.png" alt="Blue" loading="eager" %}</swiper-slide>
</swiper-container>
""",
    "gallery.md": """\
---
layout: page
title: gallery
permalink: /gallery/
---
## Lightbox2

<a href="/assets/img/red.png" data-lightbox="trip"><img src="/assets/img/thumb.png" alt="Red, small"></a>
<a href="/assets/img/green.png" data-lightbox="trip"><img src="/assets/img/thumb.png" alt="Green, small"></a>

## PhotoSwipe

<div class="pswp-gallery" id="walk">
  <a href="/assets/img/blue.png" data-pswp-width="1200" data-pswp-height="800" target="_blank"><img src="/assets/img/thumb.png" alt="Blue, small"></a>
  <a href="/assets/img/red.png" data-pswp-width="1200" data-pswp-height="800" target="_blank"><img src="/assets/img/thumb.png" alt="Red, small"></a>
</div>

## Spotlight

<div class="spotlight-group">
  <a class="spotlight" href="/assets/img/green.png"><img src="/assets/img/thumb.png" alt="Green, small"></a>
  <a class="spotlight" href="/assets/img/blue.png"><img src="/assets/img/thumb.png" alt="Blue, small"></a>
</div>

## VenoBox

<a class="venobox" data-gall="hike" href="/assets/img/red.png"><img src="/assets/img/thumb.png" alt="Red, small"></a>
<a class="venobox" data-gall="hike" href="/assets/img/blue.png"><img src="/assets/img/thumb.png" alt="Blue, small"></a>
""",
    "broken-algorithm.md": ("---\nlayout: page\ntitle: broken\npermalink: /broken-algorithm/\n---\n"
                            "```pseudocode\n\\begin{algorithmic}\n\\STATE $x = 1$\n"
                            "\\end{algorithmic}\n```\n\n"
                            "```pseudocode\n\\begin{algorithmic}\n\\STATE $x = 1 (unclosed)\n"
                            "\\end{algorithmic}\n```\n"),
    # switches: on without markup, off with markup
    "switched-on.md": ("---\nlayout: page\ntitle: switched on\npermalink: /switched-on/\n"
                       "images:\n  venobox: true\n---\nNo gallery yet.\n"),
    "switched-off.md": ("---\nlayout: page\ntitle: switched off\npermalink: /switched-off/\n"
                        "pseudocode: false\nimages:\n  lightbox2: false\n---\n"
                        "```pseudocode\n\\begin{algorithmic}\n\\STATE $x = 1$\n"
                        "\\end{algorithmic}\n```\n\n"
                        '<a href="/assets/img/red.png" data-lightbox="x">red</a>\n'),
    # the markup shown in code samples loads nothing
    "samples.md": ("---\nlayout: page\ntitle: samples\npermalink: /samples/\n---\n"
                   "````markdown\n```pseudocode\n\\STATE x\n```\n````\n\n"
                   "```html\n<img-comparison-slider></img-comparison-slider>\n"
                   "<swiper-container></swiper-container>\n"
                   '<script type="text/tikz"></script>\n'
                   '<a href="x.png" data-lightbox="g" class="venobox">x</a>\n'
                   '<div class="pswp-gallery"></div>\n<a class="spotlight" href="x.png">x</a>\n```\n'
                   '<!-- <a class="venobox" href="later.png">not yet</a> -->\n'),
}

COLOURS = {"red": (200, 40, 40), "green": (40, 160, 60), "blue": (40, 70, 200),
           "before": (120, 120, 120), "after": (230, 170, 40)}


def make_site(root: Path, config: str = CONFIG) -> Path:
    source = root / "site"
    for name, text in {"_config.yml": config, **PAGES}.items():
        path = source / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    images = source / "assets" / "img"
    images.mkdir(parents=True)
    for name, colour in COLOURS.items():
        Image.new("RGB", (1200, 800), colour).save(images / f"{name}.png")
    Image.new("RGB", (120, 80), (90, 90, 90)).save(images / "thumb.png")
    return source
