#!/usr/bin/env python3
"""Deterministic generator of a synthetic academic homepage for benchmarking.

Writes the *same* content twice:

* ``OUT/jekyll/`` -- a plain Jekyll 4 site (kramdown + rouge, no plugins, no
  Gemfile) that Debian's ``jekyll build`` can build as-is;
* ``OUT/hugo/``   -- the equivalent Hugo site (goldmark + chroma with CSS
  classes), laid out so that Hugo does comparable work.

Content mix for ``--pages N``: ~70% blog posts, ~15% publications, ~15% news
items, plus an index page (Liquid loop over recent posts / Hugo range), list
pages for blog / publications / news, an about page, a ``nav.yml`` data file
and a ``papers.bib`` with ~200 BibTeX entries.

Usage::

    python bench/generate.py --pages 1000 --out /tmp/bench-1000

The output is a pure function of (--pages, --seed, GENERATOR_VERSION); an
existing OUT directory is wiped first.  Standard library only.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import random
import shutil
import sys
import time
from pathlib import Path

GENERATOR_VERSION = 2  # 2: --shape (synthetic output unchanged, manifest has "shape")
DEFAULT_SEED = 20240229
SITE_TITLE = "Jane Q. Scholar"

# --------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------

WORDS = """
learning model data graph neural network inference bayesian sparse robust
optimization convex stochastic gradient kernel manifold embedding transformer
attention language vision benchmark dataset evaluation protocol theorem bound
regret policy reinforcement agent reward causal estimator variance bias sample
complexity distributed federated privacy differential secure compiler runtime
memory cache latency throughput scheduler cluster storage consensus protocol
verification proof type system semantics program synthesis analysis static
dynamic symbolic execution fuzzing testing quantum circuit simulation physics
molecule protein genome sequence alignment clinical trial survey interview
qualitative quantitative method framework approach baseline ablation result
experiment hypothesis observation measurement signal noise filter spectral
wavelet compression encoding decoding channel capacity information entropy
""".split()

FIRST_NAMES = """Ada Alan Barbara Claude Donald Edsger Frances Grace Hedy John
Katherine Leslie Margaret Niklaus Radia Shafi Silvio Tim Yoshua Yann Geoffrey
Daphne Fei-Fei Judea Michael Leslie Manuel Cynthia Shafi Ronald""".split()
LAST_NAMES = """Lovelace Turing Liskov Shannon Knuth Dijkstra Allen Hopper Lamarr
McCarthy Johnson Lamport Hamilton Wirth Perlman Goldwasser Micali Berners-Lee
Bengio LeCun Hinton Koller Li Pearl Jordan Valiant Blum Dwork Rivest""".split()

VENUES = [
    ("NeurIPS", "Advances in Neural Information Processing Systems"),
    ("ICML", "International Conference on Machine Learning"),
    ("ICLR", "International Conference on Learning Representations"),
    ("POPL", "Symposium on Principles of Programming Languages"),
    ("PLDI", "Conference on Programming Language Design and Implementation"),
    ("OSDI", "Symposium on Operating Systems Design and Implementation"),
    ("SOSP", "Symposium on Operating Systems Principles"),
    ("STOC", "Symposium on Theory of Computing"),
    ("CVPR", "Conference on Computer Vision and Pattern Recognition"),
    ("ACL", "Annual Meeting of the Association for Computational Linguistics"),
    ("JMLR", "Journal of Machine Learning Research"),
    ("CACM", "Communications of the ACM"),
]

TAGS = ["ml", "systems", "theory", "pl", "teaching", "travel", "notes",
        "research", "tools", "reading"]

CODE_SNIPPETS = {
    "python": '''import numpy as np

def {name}(x, steps=100, lr=0.01):
    """Run a few steps of gradient descent."""
    w = np.zeros(x.shape[1])
    for step in range(steps):
        grad = x.T @ (x @ w - 1.0) / len(x)
        w -= lr * grad
        if step % 10 == 0:
            print(f"step={{step}} loss={{np.mean((x @ w - 1.0) ** 2):.4f}}")
    return w
''',
    "rust": '''use std::collections::HashMap;

fn {name}(words: &[&str]) -> HashMap<String, usize> {{
    let mut counts = HashMap::new();
    for w in words {{
        *counts.entry(w.to_lowercase()).or_insert(0) += 1;
    }}
    counts
}}
''',
    "c": '''#include <stdio.h>

static int {name}(const int *xs, int n) {{
    int best = xs[0];
    for (int i = 1; i < n; i++) {{
        if (xs[i] > best) best = xs[i];
    }}
    return best;
}}
''',
    "bash": '''#!/usr/bin/env bash
set -euo pipefail
for f in data/*.csv; do
  echo "processing $f"
  python scripts/{name}.py --input "$f" --out results/
done
''',
    "javascript": '''export function {name}(items, key) {{
  const groups = new Map();
  for (const item of items) {{
    const k = item[key];
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k).push(item);
  }}
  return groups;
}}
''',
    "yaml": '''experiment:
  name: {name}
  seed: 42
  optimizer:
    kind: adam
    lr: 3.0e-4
  datasets: [train, valid, test]
''',
}


class Gen:
    """All randomness goes through one seeded ``random.Random``."""

    def __init__(self, seed: int):
        self.r = random.Random(seed)

    def words(self, n: int) -> list[str]:
        return [self.r.choice(WORDS) for _ in range(n)]

    def title(self) -> str:
        w = self.words(self.r.randint(3, 7))
        return " ".join(x.capitalize() if i == 0 or len(x) > 3 else x
                        for i, x in enumerate(w))

    def sentence(self) -> str:
        w = self.words(self.r.randint(8, 18))
        return " ".join(w).capitalize() + "."

    def rich_sentence(self) -> str:
        """A sentence with inline markup: emphasis, strong, code or a link."""
        w = self.words(self.r.randint(8, 18))
        k = self.r.randrange(len(w))
        kind = self.r.randrange(5)
        if kind == 0:
            w[k] = f"*{w[k]}*"
        elif kind == 1:
            w[k] = f"**{w[k]}**"
        elif kind == 2:
            w[k] = f"`{w[k]}()`"
        elif kind == 3:
            w[k] = f"[{w[k]}](https://example.org/{w[k]}/{self.r.randint(1, 999)})"
        else:
            w[k] = f"[{w[k]}](/blog/)"
        return " ".join(w).capitalize() + "."

    def paragraph(self) -> str:
        return " ".join(self.rich_sentence() if self.r.random() < 0.4
                        else self.sentence()
                        for _ in range(self.r.randint(3, 6)))

    def author_list(self) -> list[str]:
        return [f"{self.r.choice(FIRST_NAMES)} {self.r.choice(LAST_NAMES)}"
                for _ in range(self.r.randint(1, 5))]


# --------------------------------------------------------------------------
# Content model (shared by both site forms)
# --------------------------------------------------------------------------

def split_counts(n: int) -> tuple[int, int, int]:
    posts = round(n * 0.70)
    pubs = round(n * 0.15)
    news = max(0, n - posts - pubs)
    return posts, pubs, news


def slug_of(title: str, i: int) -> str:
    base = "-".join(title.lower().split()[:5])
    return f"{base}-{i:05d}"


def yaml_str(s: str) -> str:
    return json.dumps(s)  # JSON strings are valid YAML scalars


def make_post_body(g: Gen, i: int) -> str:
    lang = g.r.choice(sorted(CODE_SNIPPETS))
    code = CODE_SNIPPETS[lang].format(name=f"{g.r.choice(WORDS)}_{i}")
    cols = ["Method", "Accuracy", "Time (s)", "Memory (MB)"]
    rows = []
    for _ in range(g.r.randint(3, 6)):
        rows.append([g.r.choice(WORDS).capitalize(),
                     f"{g.r.uniform(50, 99):.1f}",
                     f"{g.r.uniform(0.1, 120):.2f}",
                     str(g.r.randint(16, 8192))])
    table = "\n".join(
        ["| " + " | ".join(cols) + " |",
         "|" + "|".join([":---", "---:", "---:", "---:"]) + "|"]
        + ["| " + " | ".join(r) + " |" for r in rows])
    items = "\n".join(f"- {g.rich_sentence()}" for _ in range(g.r.randint(3, 6)))
    steps = "\n".join(f"{k}. {g.sentence()}" for k in range(1, g.r.randint(3, 5)))
    parts = [
        g.paragraph(),
        "",
        "<!--more-->",
        "",
        f"## {g.title()}",
        "",
        g.paragraph(),
        "",
        g.paragraph(),
        "",
        f"```{lang}",
        code.rstrip("\n"),
        "```",
        "",
        f"### {g.title()}",
        "",
        g.paragraph(),
        "",
        table,
        "",
        items,
        "",
        f"## {g.title()}",
        "",
        steps,
        "",
        f"> {g.sentence()}",
        "",
        g.paragraph(),
        "",
    ]
    return "\n".join(parts)


def build_model(pages: int, seed: int,
                counts: tuple[int, int, int] | None = None) -> dict:
    """The shared content.  ``counts`` = (posts, publications, news) overrides
    the 70/15/15 split of ``pages`` (the alfolio-like shape uses it)."""
    g = Gen(seed)
    n_posts, n_pubs, n_news = counts or split_counts(pages)
    start = _dt.datetime(2014, 1, 1, 9, 0, 0)
    span_days = 365 * 10

    posts = []
    for i in range(n_posts):
        title = g.title()
        # evenly spread with jitter; monotone so dates are unique-ish
        day = int(i * span_days / max(1, n_posts))
        when = start + _dt.timedelta(days=day, minutes=g.r.randint(0, 600))
        posts.append({
            "title": title,
            "slug": slug_of(title, i),
            "date": when,
            "tags": sorted(set(g.r.sample(TAGS, g.r.randint(1, 3)))),
            "description": g.sentence(),
            "body": make_post_body(g, i),
        })

    pubs = []
    for i in range(n_pubs):
        short, full = g.r.choice(VENUES)
        year = 2010 + g.r.randrange(15)
        title = g.title()
        pubs.append({
            "title": title,
            "slug": f"{year}-{short.lower()}-{i:05d}",
            "venue": f"{full} ({short} {year})",
            "year": year,
            "date": _dt.datetime(year, 1 + i % 12, 1 + i % 28, 12, 0, 0),
            "authors": g.author_list() + ["Jane Q. Scholar"],
            "body": "\n\n".join([
                "**Abstract.** " + g.paragraph(),
                g.paragraph(),
                f"[PDF](https://example.org/papers/{i}.pdf) · "
                f"[Code](https://github.com/example/{short.lower()}-{i})",
            ]) + "\n",
        })

    news = []
    for i in range(n_news):
        day = int(i * span_days / max(1, n_news))
        when = start + _dt.timedelta(days=day, hours=3)
        news.append({
            "title": g.title(),
            "slug": f"news-{i:05d}",
            "date": when,
            "body": g.rich_sentence() + " " + g.sentence() + "\n",
        })

    bib = []
    for i in range(200):
        short, full = g.r.choice(VENUES)
        year = 2005 + g.r.randrange(20)
        authors = " and ".join(
            f"{a.split()[-1]}, {' '.join(a.split()[:-1])}" for a in g.author_list())
        kind = "article" if short in ("JMLR", "CACM") else "inproceedings"
        key = f"{g.r.choice(LAST_NAMES).lower().replace('-', '')}{year}{g.r.choice(WORDS)}{i}"
        venue_field = "journal" if kind == "article" else "booktitle"
        bib.append(
            f"@{kind}{{{key},\n"
            f"  title = {{{g.title()}}},\n"
            f"  author = {{{authors}}},\n"
            f"  {venue_field} = {{{full}}},\n"
            f"  year = {{{year}}},\n"
            f"  pages = {{{g.r.randint(1, 400)}--{g.r.randint(401, 800)}}},\n"
            f"  abstract = {{{g.sentence()} {g.sentence()}}},\n"
            + (f"  volume = {{{g.r.randint(1, 30)}}},\n" if kind == "article" else "")
            + f"  url = {{https://example.org/bib/{i}}}\n"
            "}\n")

    nav = [
        {"title": "About", "url": "/about/"},
        {"title": "Blog", "url": "/blog/"},
        {"title": "Publications", "url": "/publications/"},
        {"title": "News", "url": "/news/"},
    ]
    about = "\n\n".join(g.paragraph() for _ in range(3)) + "\n"
    return {"posts": posts, "pubs": pubs, "news": news, "bib": "\n".join(bib),
            "nav": nav, "about": about}


def fm(fields: dict) -> str:
    out = ["---"]
    for k, v in fields.items():
        if isinstance(v, list):
            out.append(f"{k}: [{', '.join(yaml_str(x) for x in v)}]")
        elif isinstance(v, (int, float)) and not isinstance(v, bool):
            out.append(f"{k}: {v}")
        else:
            out.append(f"{k}: {yaml_str(str(v))}" if not k == "date" else f"{k}: {v}")
    out.append("---")
    return "\n".join(out) + "\n"


def fmt_date(d: _dt.datetime) -> str:
    return d.strftime("%Y-%m-%d %H:%M:%S +0000")


def fmt_date_hugo(d: _dt.datetime) -> str:
    return d.strftime("%Y-%m-%dT%H:%M:%S+00:00")


def nav_yaml(nav: list[dict]) -> str:
    return "".join(f"- title: {yaml_str(n['title'])}\n  url: {yaml_str(n['url'])}\n"
                   for n in nav)


CSS = """body { font-family: system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; line-height: 1.55; }
nav a { margin-right: 1rem; }
pre { background: #f6f8fa; padding: .75rem; overflow-x: auto; }
table { border-collapse: collapse; } td, th { border: 1px solid #ddd; padding: .25rem .5rem; }
.pub-venue { font-style: italic; } .post-meta { color: #666; }
"""


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


# --------------------------------------------------------------------------
# Jekyll form
# --------------------------------------------------------------------------

JEKYLL_CONFIG = """title: "{title}"
description: "Synthetic academic homepage used to benchmark scholarsite."
url: "https://scholar.example.org"
baseurl: ""
markdown: kramdown
highlighter: rouge
kramdown:
  input: GFM
  syntax_highlighter: rouge
permalink: /blog/:year/:month/:day/:title/
collections:
  publications:
    output: true
    permalink: /publications/:name/
  news:
    output: true
    permalink: /news/:name/
defaults:
  - scope: {{ path: "", type: posts }}
    values: {{ layout: post }}
  - scope: {{ path: "", type: publications }}
    values: {{ layout: page }}
  - scope: {{ path: "", type: news }}
    values: {{ layout: page }}
  - scope: {{ path: "" }}
    values: {{ layout: page }}
exclude: [README.md]
"""

J_DEFAULT = """<!DOCTYPE html>
<html lang="en">
{% include head.html %}
<body>
{% include nav.html %}
<main>
{{ content }}
</main>
<footer>&copy; {{ site.time | date: "%Y" }} {{ site.title }}</footer>
</body>
</html>
"""

J_POST = """---
layout: default
---
<article class="post">
  <h1>{{ page.title }}</h1>
  <p class="post-meta"><time datetime="{{ page.date | date_to_xmlschema }}">{{ page.date | date: "%B %-d, %Y" }}</time>
  {% for tag in page.tags %}<span class="tag">#{{ tag }}</span> {% endfor %}</p>
  {{ content }}
  <nav class="post-nav">
  {% if page.previous %}<a rel="prev" href="{{ page.previous.url | relative_url }}">&larr; {{ page.previous.title }}</a>{% endif %}
  {% if page.next %}<a rel="next" href="{{ page.next.url | relative_url }}">{{ page.next.title }} &rarr;</a>{% endif %}
  </nav>
</article>
"""

J_PAGE = """---
layout: default
---
<article class="page">
  <h1>{{ page.title }}</h1>
  {% if page.venue %}<p class="pub-meta">{{ page.authors | join: ", " }}. <span class="pub-venue">{{ page.venue }}</span>, {{ page.year }}.</p>{% endif %}
  {% if page.collection == "news" %}<p class="post-meta">{{ page.date | date: "%b %-d, %Y" }}</p>{% endif %}
  {{ content }}
</article>
"""

J_HEAD = """<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{% if page.title %}{{ page.title | escape }} | {% endif %}{{ site.title | escape }}</title>
  <meta name="description" content="{{ page.description | default: site.description | strip_html | escape }}">
  <link rel="canonical" href="{{ page.url | absolute_url }}">
  <link rel="stylesheet" href="{{ '/assets/css/main.css' | relative_url }}">
</head>
"""

J_NAV = """<header>
  <a class="site-title" href="{{ '/' | relative_url }}">{{ site.title }}</a>
  <nav>
  {% for item in site.data.nav %}<a href="{{ item.url | relative_url }}"{% if page.url == item.url %} class="active"{% endif %}>{{ item.title }}</a>
  {% endfor %}
  </nav>
</header>
"""

J_INDEX = """---
layout: default
title: Home
---
<section class="intro">
  <h1>{{ site.title }}</h1>
  <p>{{ site.description }}</p>
</section>
<section class="news">
  <h2>News</h2>
  <ul>
  {% assign recent_news = site.news | sort: "date" | reverse %}
  {% for item in recent_news limit: 5 %}
    <li><span class="post-meta">{{ item.date | date: "%b %-d, %Y" }}</span> {{ item.content | strip_html | strip }}</li>
  {% endfor %}
  </ul>
</section>
<section class="recent-posts">
  <h2>Recent posts</h2>
  <ul>
  {% for post in site.posts limit: 10 %}
    <li>
      <a href="{{ post.url | relative_url }}">{{ post.title }}</a>
      <span class="post-meta">{{ post.date | date: "%b %-d, %Y" }}</span>
      <p>{{ post.excerpt | strip_html | truncatewords: 30 }}</p>
    </li>
  {% endfor %}
  </ul>
</section>
"""

J_BLOG = """---
layout: default
title: Blog
permalink: /blog/
---
<h1>Blog</h1>
<ul class="post-list">
{% for post in site.posts %}
  <li><span class="post-meta">{{ post.date | date: "%Y-%m-%d" }}</span> <a href="{{ post.url | relative_url }}">{{ post.title }}</a></li>
{% endfor %}
</ul>
"""

J_PUBS = """---
layout: default
title: Publications
permalink: /publications/
---
<h1>Publications</h1>
<ul class="pub-list">
{% assign pubs = site.publications | sort: "date" | reverse %}
{% for pub in pubs %}
  <li><a href="{{ pub.url | relative_url }}">{{ pub.title }}</a>. {{ pub.authors | join: ", " }}. <span class="pub-venue">{{ pub.venue }}</span>, {{ pub.year }}.</li>
{% endfor %}
</ul>
"""

J_NEWS = """---
layout: default
title: News
permalink: /news/
---
<h1>News</h1>
<ul class="news-list">
{% assign items = site.news | sort: "date" | reverse %}
{% for item in items %}
  <li><span class="post-meta">{{ item.date | date: "%b %-d, %Y" }}</span> <a href="{{ item.url | relative_url }}">{{ item.title }}</a></li>
{% endfor %}
</ul>
"""


def write_jekyll(root: Path, m: dict) -> None:
    write(root / "_config.yml", JEKYLL_CONFIG.format(title=SITE_TITLE))
    write(root / "_layouts/default.html", J_DEFAULT)
    write(root / "_layouts/post.html", J_POST)
    write(root / "_layouts/page.html", J_PAGE)
    write(root / "_includes/head.html", J_HEAD)
    write(root / "_includes/nav.html", J_NAV)
    write(root / "_data/nav.yml", nav_yaml(m["nav"]))
    write(root / "_bibliography/papers.bib", m["bib"])
    write(root / "assets/css/main.css", CSS)
    write(root / "index.html", J_INDEX)
    write(root / "blog/index.html", J_BLOG)
    write(root / "publications.html", J_PUBS)
    write(root / "news.html", J_NEWS)
    write(root / "about.md", fm({"layout": "page", "title": "About",
                                 "permalink": "/about/"}) + "\n" + m["about"])
    for p in m["posts"]:
        name = f"{p['date']:%Y-%m-%d}-{p['slug']}.md"
        write(root / "_posts" / name,
              fm({"title": p["title"], "date": fmt_date(p["date"]),
                  "tags": p["tags"], "description": p["description"]})
              + "\n" + p["body"])
    for p in m["pubs"]:
        write(root / "_publications" / f"{p['slug']}.md",
              fm({"title": p["title"], "date": fmt_date(p["date"]),
                  "venue": p["venue"], "year": p["year"],
                  "authors": p["authors"]})
              + "\n" + p["body"])
    for n in m["news"]:
        write(root / "_news" / f"{n['slug']}.md",
              fm({"title": n["title"], "date": fmt_date(n["date"])})
              + "\n" + n["body"])


# --------------------------------------------------------------------------
# Hugo form
# --------------------------------------------------------------------------

HUGO_CONFIG = """baseURL = "https://scholar.example.org/"
title = "{title}"
disableKinds = ["taxonomy", "term", "rss", "sitemap", "robotstxt", "404"]
enableRobotsTXT = false

[params]
description = "Synthetic academic homepage used to benchmark scholarsite."

[permalinks]
posts = "/blog/:year/:month/:day/:slug/"
publications = "/publications/:slug/"
news = "/news/:slug/"

[markup]
defaultMarkdownHandler = "goldmark"
[markup.goldmark.renderer]
unsafe = true
[markup.highlight]
noClasses = false
codeFences = true
guessSyntax = false
"""

H_BASEOF = """<!DOCTYPE html>
<html lang="en">
{{ partial "head.html" . }}
<body>
{{ partial "nav.html" . }}
<main>
{{ block "main" . }}{{ end }}
</main>
<footer>&copy; {{ now.Format "2006" }} {{ site.Title }}</footer>
</body>
</html>
"""

H_SINGLE = """{{ define "main" }}
{{ if eq .Section "posts" }}
<article class="post">
  <h1>{{ .Title }}</h1>
  <p class="post-meta"><time datetime="{{ .Date.Format "2006-01-02T15:04:05-07:00" }}">{{ .Date.Format "January 2, 2006" }}</time>
  {{ range .Params.tags }}<span class="tag">#{{ . }}</span> {{ end }}</p>
  {{ .Content }}
  <nav class="post-nav">
  {{ with .NextInSection }}<a rel="prev" href="{{ .RelPermalink }}">&larr; {{ .Title }}</a>{{ end }}
  {{ with .PrevInSection }}<a rel="next" href="{{ .RelPermalink }}">{{ .Title }} &rarr;</a>{{ end }}
  </nav>
</article>
{{ else }}
<article class="page">
  <h1>{{ .Title }}</h1>
  {{ with .Params.venue }}<p class="pub-meta">{{ delimit $.Params.authors ", " }}. <span class="pub-venue">{{ . }}</span>, {{ $.Params.year }}.</p>{{ end }}
  {{ if eq .Section "news" }}<p class="post-meta">{{ .Date.Format "Jan 2, 2006" }}</p>{{ end }}
  {{ .Content }}
</article>
{{ end }}
{{ end }}
"""

H_LIST = """{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ if eq .Section "publications" }}
<ul class="pub-list">
{{ range .Pages.ByDate.Reverse }}
  <li><a href="{{ .RelPermalink }}">{{ .Title }}</a>. {{ delimit .Params.authors ", " }}. <span class="pub-venue">{{ .Params.venue }}</span>, {{ .Params.year }}.</li>
{{ end }}
</ul>
{{ else if eq .Section "news" }}
<ul class="news-list">
{{ range .Pages.ByDate.Reverse }}
  <li><span class="post-meta">{{ .Date.Format "Jan 2, 2006" }}</span> <a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ end }}
</ul>
{{ else }}
<ul class="post-list">
{{ range .Pages.ByDate.Reverse }}
  <li><span class="post-meta">{{ .Date.Format "2006-01-02" }}</span> <a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ end }}
</ul>
{{ end }}
{{ end }}
"""

H_INDEX = """{{ define "main" }}
<section class="intro">
  <h1>{{ site.Title }}</h1>
  <p>{{ site.Params.description }}</p>
</section>
<section class="news">
  <h2>News</h2>
  <ul>
  {{ range first 5 (where site.RegularPages "Section" "news").ByDate.Reverse }}
    <li><span class="post-meta">{{ .Date.Format "Jan 2, 2006" }}</span> {{ .Content | plainify | strings.TrimSpace }}</li>
  {{ end }}
  </ul>
</section>
<section class="recent-posts">
  <h2>Recent posts</h2>
  <ul>
  {{ range first 10 (where site.RegularPages "Section" "posts").ByDate.Reverse }}
    <li>
      <a href="{{ .RelPermalink }}">{{ .Title }}</a>
      <span class="post-meta">{{ .Date.Format "Jan 2, 2006" }}</span>
      <p>{{ .Summary | plainify | truncate 200 }}</p>
    </li>
  {{ end }}
  </ul>
</section>
{{ end }}
"""

H_HEAD = """<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{{ with .Title }}{{ . }} | {{ end }}{{ site.Title }}</title>
  <meta name="description" content="{{ with .Description }}{{ . }}{{ else }}{{ site.Params.description }}{{ end }}">
  <link rel="canonical" href="{{ .Permalink }}">
  <link rel="stylesheet" href="{{ "assets/css/main.css" | relURL }}">
</head>
"""

H_NAV = """<header>
  <a class="site-title" href="{{ "/" | relURL }}">{{ site.Title }}</a>
  <nav>
  {{ $cur := .RelPermalink }}
  {{ range hugo.Data.nav }}<a href="{{ .url | relURL }}"{{ if eq $cur .url }} class="active"{{ end }}>{{ .title }}</a>
  {{ end }}
  </nav>
</header>
"""


def write_hugo(root: Path, m: dict) -> None:
    write(root / "hugo.toml", HUGO_CONFIG.format(title=SITE_TITLE))
    write(root / "layouts/_default/baseof.html", H_BASEOF)
    write(root / "layouts/_default/single.html", H_SINGLE)
    write(root / "layouts/_default/list.html", H_LIST)
    write(root / "layouts/index.html", H_INDEX)
    write(root / "layouts/partials/head.html", H_HEAD)
    write(root / "layouts/partials/nav.html", H_NAV)
    write(root / "data/nav.yml", nav_yaml(m["nav"]))
    # Hugo has no BibTeX support; the file is shipped (copied) like Jekyll
    # ignores its _bibliography/ dir -- neither tool parses it.
    write(root / "assets/bibliography/papers.bib", m["bib"])
    write(root / "static/assets/css/main.css", CSS)
    write(root / "content/_index.md", fm({"title": "Home"}))
    write(root / "content/about.md", fm({"title": "About", "url": "/about/"})
          + "\n" + m["about"])
    write(root / "content/posts/_index.md", fm({"title": "Blog", "url": "/blog/"}))
    write(root / "content/publications/_index.md", fm({"title": "Publications"}))
    write(root / "content/news/_index.md", fm({"title": "News"}))
    for p in m["posts"]:
        write(root / "content/posts" / f"{p['date']:%Y-%m-%d}-{p['slug']}.md",
              fm({"title": p["title"], "date": fmt_date_hugo(p["date"]),
                  "slug": p["slug"], "tags": p["tags"],
                  "description": p["description"]})
              + "\n" + p["body"])
    for p in m["pubs"]:
        write(root / "content/publications" / f"{p['slug']}.md",
              fm({"title": p["title"], "date": fmt_date_hugo(p["date"]),
                  "slug": p["slug"], "venue": p["venue"], "year": p["year"],
                  "authors": p["authors"]})
              + "\n" + p["body"])
    for n in m["news"]:
        write(root / "content/news" / f"{n['slug']}.md",
              fm({"title": n["title"], "date": fmt_date_hugo(n["date"]),
                  "slug": n["slug"]})
              + "\n" + n["body"])


# --------------------------------------------------------------------------
# Shape "one-page": a single index.md with a default layout
# --------------------------------------------------------------------------

ONE_CONFIG = """title: "{title}"
description: "A one-page site used to benchmark scholarsite."
markdown: kramdown
exclude: [README.md]
"""

ONE_J_DEFAULT = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{{ page.title }} | {{ site.title }}</title>
</head>
<body>
<main>
{{ content }}
</main>
</body>
</html>
"""

ONE_HUGO_CONFIG = """baseURL = "https://scholar.example.org/"
title = "{title}"
disableKinds = ["taxonomy", "term", "section", "rss", "sitemap", "robotstxt", "404"]

[markup.goldmark.renderer]
unsafe = true
"""

ONE_H_BASEOF = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{{ .Title }} | {{ site.Title }}</title>
</head>
<body>
<main>
{{ block "main" . }}{{ end }}
</main>
</body>
</html>
"""

ONE_H_INDEX = """{{ define "main" }}{{ .Content }}{{ end }}
"""


def one_page_body(g: Gen) -> str:
    items = "\n".join(f"- {g.rich_sentence()}" for _ in range(4))
    body = "\n\n".join([f"# {SITE_TITLE}", g.paragraph(), "## Research", g.paragraph(),
                        items, "## Contact", g.sentence()]) + "\n"
    # rich_sentence() may link to /blog/, which this site lacks: point it home
    return body.replace("](/blog/)", "](/)")


def generate_one_page(out: Path, seed: int) -> dict:
    g = Gen(seed)
    body = one_page_body(g)
    j, h = out / "jekyll", out / "hugo"
    write(j / "_config.yml", ONE_CONFIG.format(title=SITE_TITLE))
    write(j / "_layouts/default.html", ONE_J_DEFAULT)
    write(j / "index.md", fm({"layout": "default", "title": "Home"}) + "\n" + body)
    write(h / "hugo.toml", ONE_HUGO_CONFIG.format(title=SITE_TITLE))
    write(h / "layouts/_default/baseof.html", ONE_H_BASEOF)
    write(h / "layouts/index.html", ONE_H_INDEX)
    write(h / "content/_index.md", fm({"title": "Home"}) + "\n" + body)
    return {"posts": 0, "publications": 0, "news": 0, "expected_html_pages": 1}


# --------------------------------------------------------------------------
# Shape "alfolio-like": the parts of an al-folio site that stock Jekyll builds
# --------------------------------------------------------------------------
# 30 posts, 50 papers (collection documents with a page each, listed by year
# through an include per paper, as al-folio's bib.liquid does), 10 news items,
# an about page with news / latest posts / selected papers, a nav made from
# pages' front matter, _data/socials.yml, and Sass: _sass/ partials imported
# by assets/css/main.scss (front matter, plain SCSS with @import so that
# libsass -- Jekyll 4.3's jekyll-sass-converter 2 -- compiles it).

AF_POSTS, AF_PAPERS, AF_NEWS = 30, 50, 10

AF_CONFIG = """title: "{title}"
first_name: Jane
middle_name: Q.
last_name: Scholar
scholar_name: "{title}"
description: "An al-folio-like academic homepage used to benchmark scholarsite."
url: "https://scholar.example.org"
baseurl: ""
blog_name: "Notes"
blog_description: "research notes, tutorials and travel"
news_limit: 5
latest_posts_limit: 3
markdown: kramdown
highlighter: rouge
kramdown:
  input: GFM
  syntax_highlighter: rouge
permalink: /blog/:year/:title/
collections:
  news:
    output: true
    permalink: /news/:name/
  papers:
    output: true
    permalink: /publications/:name/
defaults:
  - scope: {{ path: "", type: posts }}
    values: {{ layout: post }}
  - scope: {{ path: "", type: papers }}
    values: {{ layout: paper }}
  - scope: {{ path: "", type: news }}
    values: {{ layout: page }}
sass:
  style: compressed
  sourcemap: never
exclude: [README.md]
"""

AF_J_DEFAULT = """<!DOCTYPE html>
<html lang="en">
  {% include head.html %}
  <body class="fixed-top-nav">
    {% include header.html %}
    <div class="container mt-5" role="main">
      {{ content }}
    </div>
    {% include footer.html %}
  </body>
</html>
"""

AF_J_HEAD = """<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1, shrink-to-fit=no">
  <title>{% if page.title and page.url != "/" %}{{ page.title }} | {% endif %}{{ site.first_name }} {{ site.middle_name }} {{ site.last_name }}</title>
  <meta name="author" content="{{ site.first_name }} {{ site.last_name }}">
  <meta name="description" content="{{ page.description | default: site.description | strip_html | escape }}">
  <meta property="og:title" content="{{ page.title | default: site.title | escape }}">
  <meta property="og:url" content="{{ page.url | absolute_url }}">
  <link rel="canonical" href="{{ page.url | absolute_url }}">
  <link rel="stylesheet" href="{{ '/assets/css/main.css' | relative_url }}">
</head>
"""

AF_J_HEADER = """<header>
  <nav id="navbar" class="navbar navbar-light navbar-expand-sm fixed-top" role="navigation">
    <div class="container">
      <a class="navbar-brand title font-weight-lighter" href="{{ '/' | relative_url }}"><span class="font-weight-bold">{{ site.first_name }}</span> {{ site.middle_name }} {{ site.last_name }}</a>
      <ul class="navbar-nav ml-auto flex-nowrap">
        <li class="nav-item{% if page.url == '/' %} active{% endif %}"><a class="nav-link" href="{{ '/' | relative_url }}">about</a></li>
        {% assign sorted_pages = site.pages | where: "nav", true | sort: "nav_order" %}
        {% for p in sorted_pages %}
        <li class="nav-item{% if page.url == p.url %} active{% endif %}"><a class="nav-link" href="{{ p.url | relative_url }}">{{ p.title }}</a></li>
        {% endfor %}
      </ul>
    </div>
  </nav>
</header>
"""

AF_J_FOOTER = """<footer class="fixed-bottom" role="contentinfo">
  <div class="container mt-0">
    &copy; Copyright {{ site.time | date: '%Y' }} {{ site.first_name }} {{ site.middle_name }} {{ site.last_name }}.
    {% for s in site.data.socials %}<a href="{{ s.url }}" title="{{ s.name }}" rel="me">{{ s.name }}</a>{% unless forloop.last %} &middot; {% endunless %}{% endfor %}
  </div>
</footer>
"""

AF_J_NEWS = """<div class="news">
  <table class="table table-sm table-borderless">
  {% assign news = site.news | sort: "date" | reverse %}
  {% if include.limit %}{% assign news_limit = site.news_limit %}{% else %}{% assign news_limit = news.size %}{% endif %}
  {% for item in news limit: news_limit %}
    <tr>
      <th scope="row" style="width: 20%">{{ item.date | date: "%b %d, %Y" }}</th>
      <td>{% if item.inline %}{{ item.content | remove: '<p>' | remove: '</p>' | strip }}{% else %}<a class="news-title" href="{{ item.url | relative_url }}">{{ item.title }}</a>{% endif %}</td>
    </tr>
  {% endfor %}
  </table>
</div>
"""

AF_J_LATEST = """<div class="latest-posts">
  <table class="table table-sm table-borderless">
  {% for post in site.posts limit: site.latest_posts_limit %}
    <tr>
      <th scope="row" style="width: 20%">{{ post.date | date: "%b %d, %Y" }}</th>
      <td><a class="news-title" href="{{ post.url | relative_url }}">{{ post.title }}</a></td>
    </tr>
  {% endfor %}
  </table>
</div>
"""

AF_J_SELECTED = """<div class="publications">
  <ol class="bibliography">
  {% assign selected = site.papers | where: "selected", true | sort: "year" | reverse %}
  {% for paper in selected %}<li>{% include paper.html paper=paper %}</li>
  {% endfor %}
  </ol>
</div>
"""

AF_J_PAPER_INC = """{% assign p = include.paper %}
<div class="row">
  <div class="col-sm-2 abbr">{% if p.abbr %}<abbr class="badge">{{ p.abbr }}</abbr>{% endif %}</div>
  <div id="{{ p.key }}" class="col-sm-8">
    <div class="title"><a href="{{ p.url | relative_url }}">{{ p.title }}</a></div>
    <div class="author">{% for author in p.authors %}{% if author == site.scholar_name %}<em>{{ author }}</em>{% else %}{{ author }}{% endif %}{% unless forloop.last %}, {% endunless %}{% endfor %}</div>
    <div class="periodical"><em>{{ p.venue }}</em>, {{ p.year }}</div>
    <div class="links">
      {% if p.abstract %}<a class="abstract btn btn-sm z-depth-0" role="button">Abs</a>{% endif %}
      {% if p.pdf %}<a href="{{ p.pdf }}" class="btn btn-sm z-depth-0" role="button">PDF</a>{% endif %}
      {% if p.code %}<a href="{{ p.code }}" class="btn btn-sm z-depth-0" role="button">Code</a>{% endif %}
    </div>
    {% if p.abstract %}<div class="abstract hidden"><p>{{ p.abstract }}</p></div>{% endif %}
  </div>
</div>
"""

AF_J_BY_YEAR = """<div class="publications">
{% assign by_year = site.papers | group_by: "year" | sort: "name" | reverse %}
{% for y in by_year %}
  <h2 class="bibliography">{{ y.name }}</h2>
  <ol class="bibliography">
  {% for paper in y.items %}<li>{% include paper.html paper=paper %}</li>
  {% endfor %}
  </ol>
{% endfor %}
</div>
"""

AF_J_ABOUT = """---
layout: default
---
<div class="post">
  <header class="post-header">
    <h1 class="post-title">{{ site.first_name }} {{ site.middle_name }} <span class="font-weight-bold">{{ site.last_name }}</span></h1>
    <p class="desc">{{ page.subtitle }}</p>
  </header>
  <article>
    <div class="profile float-right"><div class="more-info">{{ page.profile.address }}</div></div>
    <div class="clearfix">{{ content }}</div>
    {% if page.news %}<h2><a href="{{ '/news/' | relative_url }}" style="color: inherit">news</a></h2>
    {% include news.html limit=true %}{% endif %}
    {% if page.latest_posts %}<h2><a href="{{ '/blog/' | relative_url }}" style="color: inherit">latest posts</a></h2>
    {% include latest_posts.html %}{% endif %}
    {% if page.selected_papers %}<h2><a href="{{ '/publications/' | relative_url }}" style="color: inherit">selected publications</a></h2>
    {% include selected_papers.html %}{% endif %}
  </article>
</div>
"""

AF_J_POST = """---
layout: default
---
{% assign read_time = content | number_of_words | divided_by: 180 | plus: 1 %}
<div class="post">
  <header class="post-header">
    <h1 class="post-title">{{ page.title }}</h1>
    <p class="post-meta">{{ page.date | date: '%B %d, %Y' }} &middot; {{ read_time }} min read</p>
    <p class="post-tags">{% for tag in page.tags %}<span class="tag">#{{ tag }}</span> {% endfor %}</p>
  </header>
  <article class="post-content"><div id="markdown-content">{{ content }}</div></article>
</div>
"""

AF_J_PAGE = """---
layout: default
---
<div class="post">
  <header class="post-header">
    <h1 class="post-title">{{ page.title }}</h1>
    <p class="post-description">{{ page.description }}</p>
  </header>
  <article>{{ content }}</article>
</div>
"""

AF_J_PAPER = """---
layout: default
---
<div class="post">
  <header class="post-header">
    <h1 class="post-title">{{ page.title }}</h1>
    <p class="post-meta">{{ page.authors | join: ", " }} &middot; <em>{{ page.venue }}</em>, {{ page.year }}</p>
  </header>
  <article>{{ content }}</article>
  <h2>Cite</h2>
  <pre class="bibtex">{{ page.bibtex | xml_escape }}</pre>
</div>
"""

AF_J_BLOG = """---
layout: default
title: blog
permalink: /blog/
nav: true
nav_order: 1
---
<div class="post">
  <div class="header-bar"><h1>{{ site.blog_name }}</h1><h2>{{ site.blog_description }}</h2></div>
  <ul class="post-list">
  {% for post in site.posts %}
    {% assign read_time = post.content | number_of_words | divided_by: 180 | plus: 1 %}
    <li>
      <h3><a class="post-title" href="{{ post.url | relative_url }}">{{ post.title }}</a></h3>
      <p>{{ post.description }}</p>
      <p class="post-meta">{{ read_time }} min read &middot; {{ post.date | date: '%B %d, %Y' }}</p>
      <p class="post-tags">{% for tag in post.tags %}<span class="tag">#{{ tag }}</span>{% unless forloop.last %} &middot; {% endunless %}{% endfor %}</p>
    </li>
  {% endfor %}
  </ul>
</div>
"""

AF_J_PUBS = """---
layout: page
title: publications
permalink: /publications/
description: publications by year in reversed chronological order.
nav: true
nav_order: 2
---

{% include publications_by_year.html %}
"""

AF_J_NEWSPAGE = """---
layout: page
title: news
permalink: /news/
description: all news, newest first.
nav: true
nav_order: 3
---

{% include news.html %}
"""

AF_SASS = {
    "_variables.scss": """// Colors, sizes and breakpoints
$max-content-width: 930px !default;
$navbar-height: 56px !default;
$footer-height: 35px !default;
$white-color: #ffffff !default;
$black-color: #000000 !default;
$grey-color: #828282 !default;
$grey-color-light: lighten($grey-color, 40%) !default;
$grey-color-dark: darken($grey-color, 25%) !default;
$purple-color: #b509ac !default;
$cyan-color: #2698ba !default;
$theme-colors: (
  "purple": $purple-color,
  "cyan": $cyan-color,
  "green": #00ab37,
  "orange": #ff9800,
  "red": #ff3636,
  "blue": #0076df
);
$breakpoints: (sm: 576px, md: 768px, lg: 992px, xl: 1200px);
$spacer: 1rem;
""",
    "_mixins.scss": """// Mixins and placeholders
@mixin media-up($bp) {
  @media (min-width: map-get($breakpoints, $bp)) {
    @content;
  }
}
@mixin transition($props...) {
  -webkit-transition: $props;
  transition: $props;
}
@mixin shadow($depth: 1) {
  box-shadow: 0 #{2 * $depth}px #{5 * $depth}px 0 rgba(0, 0, 0, 0.16),
              0 #{2 * $depth}px #{10 * $depth}px 0 rgba(0, 0, 0, 0.12);
}
%btn-base {
  display: inline-block;
  padding: 0.1rem 0.4rem;
  border-radius: 0.25rem;
  font-size: 0.75rem;
  @include transition(color 0.2s, background-color 0.2s);
}
""",
    "_themes.scss": """// Light and dark themes as CSS variables
:root {
  --global-bg-color: #{$white-color};
  --global-code-bg-color: #{rgba($purple-color, 0.05)};
  --global-text-color: #{$black-color};
  --global-text-color-light: #{$grey-color};
  --global-theme-color: #{$purple-color};
  --global-hover-color: #{$purple-color};
  --global-footer-bg-color: #{$grey-color-dark};
  --global-divider-color: rgba(0, 0, 0, 0.1);
}
html[data-theme="dark"] {
  --global-bg-color: #{$grey-color-dark};
  --global-code-bg-color: #{rgba($cyan-color, 0.1)};
  --global-text-color: #{$grey-color-light};
  --global-text-color-light: #{$grey-color-light};
  --global-theme-color: #{$cyan-color};
  --global-hover-color: #{$cyan-color};
  --global-footer-bg-color: #{$grey-color-light};
  --global-divider-color: #424246;
}
@each $name, $color in $theme-colors {
  .text-#{$name} { color: $color !important; }
  .bg-#{$name} { background-color: $color !important; }
  .btn-#{$name} {
    @extend %btn-base;
    background-color: $color;
    color: $white-color;
    &:hover { background-color: darken($color, 10%); }
  }
}
""",
    "_layout.scss": """// Page layout: navbar, container, grid, footer
body {
  padding-top: $navbar-height;
  padding-bottom: $footer-height;
  background-color: var(--global-bg-color);
  color: var(--global-text-color);
}
.container {
  max-width: $max-content-width;
  margin: 0 auto;
  padding: 0 $spacer;
}
.navbar {
  @include shadow(1);
  background-color: var(--global-bg-color);
  .navbar-brand { color: var(--global-text-color); font-size: 1.25rem; }
  .nav-link {
    color: var(--global-text-color);
    @include transition(color 0.2s);
    &:hover { color: var(--global-hover-color); }
  }
  .active > .nav-link { font-weight: bold; color: var(--global-theme-color); }
}
@each $bp, $w in $breakpoints {
  @include media-up($bp) {
    @for $i from 1 through 12 {
      .col-#{$bp}-#{$i} { flex: 0 0 ($i * 8.333333%); max-width: ($i * 8.333333%); }
    }
  }
}
.row { display: flex; flex-wrap: wrap; margin: 0 (-$spacer * 0.5); }
footer.fixed-bottom {
  background-color: var(--global-footer-bg-color);
  color: var(--global-bg-color);
  font-size: 0.75rem;
  a { color: var(--global-bg-color); &:hover { text-decoration: underline; } }
}
""",
    "_base.scss": """// Typography, links, posts, tables, news
a {
  color: var(--global-theme-color);
  &:hover { color: var(--global-hover-color); text-decoration: underline; }
}
@for $i from 1 through 6 {
  h#{$i} { font-size: (2.2rem - $i * 0.25rem); margin-top: $spacer * (1.5 - $i * 0.1); }
}
blockquote {
  border-left: 2px solid var(--global-theme-color);
  padding-left: $spacer;
  color: var(--global-text-color-light);
}
table {
  border-collapse: collapse;
  td, th { border: 1px solid var(--global-divider-color); padding: 0.25rem 0.5rem; }
  thead th { border-bottom-width: 2px; }
}
.post {
  .post-header { margin-bottom: $spacer * 2; }
  .post-meta, .post-tags { color: var(--global-text-color-light); font-size: 0.875rem; }
  .tag { margin-right: 0.5rem; }
  #markdown-content { line-height: 1.6; img { max-width: 100%; } }
}
.news table .news-title { font-weight: 600; }
.profile { width: 30%; .more-info { font-size: 0.8rem; color: var(--global-text-color-light); } }
""",
    "_publications.scss": """// Publication lists (as bib.liquid renders them)
.publications {
  margin-top: $spacer * 2;
  h2.bibliography {
    color: var(--global-divider-color);
    border-top: 1px solid var(--global-divider-color);
    text-align: right;
    font-size: 2rem;
  }
  ol.bibliography {
    list-style: none;
    padding: 0;
    li {
      margin-bottom: $spacer;
      .abbr {
        .badge { @extend %btn-base; background-color: var(--global-theme-color); color: $white-color; }
      }
      .title { font-weight: bold; }
      .author em { border-bottom: 1px solid; font-style: normal; }
      .links a.btn {
        @extend %btn-base;
        border: 1px solid var(--global-text-color);
        &:hover { color: var(--global-theme-color); border-color: var(--global-theme-color); }
      }
      .hidden { display: none; }
    }
  }
}
""",
    "_syntax.scss": """// Rouge / Chroma token colors
$syntax: (
  "c": #998, "k": #000, "o": #000, "cm": #998, "cp": #999, "c1": #998,
  "gd": #000, "ge": #000, "gh": #999, "gi": #000, "kc": #000, "kd": #000,
  "kt": #458, "m": #099, "s": #d14, "na": #008080, "nb": #0086b3, "nc": #458,
  "nf": #900, "nn": #555, "nt": #000080, "nv": #008080, "w": #bbb, "mi": #099
);
.highlight {
  background: var(--global-code-bg-color);
  padding: 0.5rem;
  overflow-x: auto;
  @each $token, $color in $syntax {
    .#{$token} { color: $color; }
  }
  .k, .kd, .kc, .nf, .gh { font-weight: bold; }
  .c, .cm, .c1 { font-style: italic; }
}
""",
}

AF_MAIN_SCSS_IMPORTS = """@charset "utf-8";

@import "variables", "mixins", "themes", "layout", "base", "publications", "syntax";
"""

AF_SOCIALS = [("Email", "mailto:jane@example.org"), ("GitHub", "https://github.com/example"),
              ("Scholar", "https://scholar.google.com/citations?user=EXAMPLE"),
              ("ORCID", "https://orcid.org/0000-0000-0000-0000")]

# ---- Hugo form of alfolio-like

AF_HUGO_CONFIG = """baseURL = "https://scholar.example.org/"
title = "{title}"
disableKinds = ["taxonomy", "term", "rss", "sitemap", "robotstxt", "404"]

[params]
first_name = "Jane"
middle_name = "Q."
last_name = "Scholar"
scholar_name = "{title}"
description = "An al-folio-like academic homepage used to benchmark scholarsite."
blog_name = "Notes"
blog_description = "research notes, tutorials and travel"
news_limit = 5
latest_posts_limit = 3

[permalinks]
posts = "/blog/:year/:slug/"
papers = "/publications/:slug/"
news = "/news/:slug/"

[markup]
defaultMarkdownHandler = "goldmark"
[markup.goldmark.renderer]
unsafe = true
[markup.highlight]
noClasses = false
codeFences = true
guessSyntax = false
"""

AF_H_BASEOF = """<!DOCTYPE html>
<html lang="en">
  {{ partial "head.html" . }}
  <body class="fixed-top-nav">
    {{ partial "header.html" . }}
    <div class="container mt-5" role="main">
      {{ block "main" . }}{{ end }}
    </div>
    {{ partial "footer.html" . }}
  </body>
</html>
"""

AF_H_HEAD = """<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1, shrink-to-fit=no">
  <title>{{ if not .IsHome }}{{ .Title }} | {{ end }}{{ site.Params.first_name }} {{ site.Params.middle_name }} {{ site.Params.last_name }}</title>
  <meta name="author" content="{{ site.Params.first_name }} {{ site.Params.last_name }}">
  <meta name="description" content="{{ with .Description }}{{ . }}{{ else }}{{ site.Params.description }}{{ end }}">
  <meta property="og:title" content="{{ .Title }}">
  <meta property="og:url" content="{{ .Permalink }}">
  <link rel="canonical" href="{{ .Permalink }}">
  {{ $opts := dict "outputStyle" "compressed" "includePaths" (slice "assets/_sass") "targetPath" "assets/css/main.css" }}
  {{ $css := resources.Get "css/main.scss" | css.Sass $opts }}
  <link rel="stylesheet" href="{{ $css.RelPermalink }}">
</head>
"""

AF_H_HEADER = """<header>
  <nav id="navbar" class="navbar navbar-light navbar-expand-sm fixed-top" role="navigation">
    <div class="container">
      <a class="navbar-brand title font-weight-lighter" href="{{ "/" | relURL }}"><span class="font-weight-bold">{{ site.Params.first_name }}</span> {{ site.Params.middle_name }} {{ site.Params.last_name }}</a>
      <ul class="navbar-nav ml-auto flex-nowrap">
        <li class="nav-item{{ if .IsHome }} active{{ end }}"><a class="nav-link" href="{{ "/" | relURL }}">about</a></li>
        {{ $cur := .RelPermalink }}
        {{ range sort (where site.Pages "Params.nav" true) "Params.nav_order" }}
        <li class="nav-item{{ if eq $cur .RelPermalink }} active{{ end }}"><a class="nav-link" href="{{ .RelPermalink }}">{{ .Title }}</a></li>
        {{ end }}
      </ul>
    </div>
  </nav>
</header>
"""

AF_H_FOOTER = """<footer class="fixed-bottom" role="contentinfo">
  <div class="container mt-0">
    &copy; Copyright {{ now.Format "2006" }} {{ site.Params.first_name }} {{ site.Params.middle_name }} {{ site.Params.last_name }}.
    {{ $n := len hugo.Data.socials }}{{ range $i, $s := hugo.Data.socials }}<a href="{{ $s.url }}" title="{{ $s.name }}" rel="me">{{ $s.name }}</a>{{ if lt (add $i 1) $n }} &middot; {{ end }}{{ end }}
  </div>
</footer>
"""

AF_H_NEWS = """<div class="news">
  <table class="table table-sm table-borderless">
  {{ $news := (where site.RegularPages "Section" "news").ByDate.Reverse }}
  {{ if .limit }}{{ $news = first site.Params.news_limit $news }}{{ end }}
  {{ range $news }}
    <tr>
      <th scope="row" style="width: 20%">{{ .Date.Format "Jan 02, 2006" }}</th>
      <td>{{ if .Params.inline }}{{ .Content | replaceRE "</?p>" "" | strings.TrimSpace | safeHTML }}{{ else }}<a class="news-title" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</td>
    </tr>
  {{ end }}
  </table>
</div>
"""

AF_H_LATEST = """<div class="latest-posts">
  <table class="table table-sm table-borderless">
  {{ range first site.Params.latest_posts_limit (where site.RegularPages "Section" "posts").ByDate.Reverse }}
    <tr>
      <th scope="row" style="width: 20%">{{ .Date.Format "Jan 02, 2006" }}</th>
      <td><a class="news-title" href="{{ .RelPermalink }}">{{ .Title }}</a></td>
    </tr>
  {{ end }}
  </table>
</div>
"""

AF_H_SELECTED = """<div class="publications">
  <ol class="bibliography">
  {{ range sort (where (where site.RegularPages "Section" "papers") "Params.selected" true) "Params.year" "desc" }}<li>{{ partial "paper.html" . }}</li>
  {{ end }}
  </ol>
</div>
"""

AF_H_PAPER_PARTIAL = """<div class="row">
  <div class="col-sm-2 abbr">{{ with .Params.abbr }}<abbr class="badge">{{ . }}</abbr>{{ end }}</div>
  <div id="{{ .Params.key }}" class="col-sm-8">
    <div class="title"><a href="{{ .RelPermalink }}">{{ .Title }}</a></div>
    <div class="author">{{ $n := len .Params.authors }}{{ range $i, $a := .Params.authors }}{{ if eq $a site.Params.scholar_name }}<em>{{ $a }}</em>{{ else }}{{ $a }}{{ end }}{{ if lt (add $i 1) $n }}, {{ end }}{{ end }}</div>
    <div class="periodical"><em>{{ .Params.venue }}</em>, {{ .Params.year }}</div>
    <div class="links">
      {{ with .Params.abstract }}<a class="abstract btn btn-sm z-depth-0" role="button">Abs</a>{{ end }}
      {{ with .Params.pdf }}<a href="{{ . }}" class="btn btn-sm z-depth-0" role="button">PDF</a>{{ end }}
      {{ with .Params.code }}<a href="{{ . }}" class="btn btn-sm z-depth-0" role="button">Code</a>{{ end }}
    </div>
    {{ with .Params.abstract }}<div class="abstract hidden"><p>{{ . }}</p></div>{{ end }}
  </div>
</div>
"""

AF_H_INDEX = """{{ define "main" }}
<div class="post">
  <header class="post-header">
    <h1 class="post-title">{{ site.Params.first_name }} {{ site.Params.middle_name }} <span class="font-weight-bold">{{ site.Params.last_name }}</span></h1>
    <p class="desc">{{ .Params.subtitle }}</p>
  </header>
  <article>
    <div class="profile float-right"><div class="more-info">{{ .Params.profile.address }}</div></div>
    <div class="clearfix">{{ .Content }}</div>
    {{ if .Params.news }}<h2><a href="{{ "/news/" | relURL }}" style="color: inherit">news</a></h2>
    {{ partial "news.html" (dict "limit" true) }}{{ end }}
    {{ if .Params.latest_posts }}<h2><a href="{{ "/blog/" | relURL }}" style="color: inherit">latest posts</a></h2>
    {{ partial "latest_posts.html" . }}{{ end }}
    {{ if .Params.selected_papers }}<h2><a href="{{ "/publications/" | relURL }}" style="color: inherit">selected publications</a></h2>
    {{ partial "selected_papers.html" . }}{{ end }}
  </article>
</div>
{{ end }}
"""

AF_H_SINGLE = """{{ define "main" }}
{{ if eq .Section "posts" }}
<div class="post">
  <header class="post-header">
    <h1 class="post-title">{{ .Title }}</h1>
    <p class="post-meta">{{ .Date.Format "January 02, 2006" }} &middot; {{ .ReadingTime }} min read</p>
    <p class="post-tags">{{ range .Params.tags }}<span class="tag">#{{ . }}</span> {{ end }}</p>
  </header>
  <article class="post-content"><div id="markdown-content">{{ .Content }}</div></article>
</div>
{{ else if eq .Section "papers" }}
<div class="post">
  <header class="post-header">
    <h1 class="post-title">{{ .Title }}</h1>
    <p class="post-meta">{{ delimit .Params.authors ", " }} &middot; <em>{{ .Params.venue }}</em>, {{ .Params.year }}</p>
  </header>
  <article>{{ .Content }}</article>
  <h2>Cite</h2>
  <pre class="bibtex">{{ .Params.bibtex }}</pre>
</div>
{{ else }}
<div class="post">
  <header class="post-header">
    <h1 class="post-title">{{ .Title }}</h1>
    <p class="post-description">{{ .Description }}</p>
  </header>
  <article>{{ .Content }}</article>
</div>
{{ end }}
{{ end }}
"""

AF_H_LIST = """{{ define "main" }}
{{ if eq .Section "posts" }}
<div class="post">
  <div class="header-bar"><h1>{{ site.Params.blog_name }}</h1><h2>{{ site.Params.blog_description }}</h2></div>
  <ul class="post-list">
  {{ range .Pages.ByDate.Reverse }}
    <li>
      <h3><a class="post-title" href="{{ .RelPermalink }}">{{ .Title }}</a></h3>
      <p>{{ .Description }}</p>
      <p class="post-meta">{{ .ReadingTime }} min read &middot; {{ .Date.Format "January 02, 2006" }}</p>
      <p class="post-tags">{{ $n := len .Params.tags }}{{ range $i, $t := .Params.tags }}<span class="tag">#{{ $t }}</span>{{ if lt (add $i 1) $n }} &middot; {{ end }}{{ end }}</p>
    </li>
  {{ end }}
  </ul>
</div>
{{ else }}
<div class="post">
  <header class="post-header">
    <h1 class="post-title">{{ .Title }}</h1>
    <p class="post-description">{{ .Description }}</p>
  </header>
  <article>
  {{ if eq .Section "papers" }}
  <div class="publications">
  {{ range .Pages.GroupByDate "2006" }}
    <h2 class="bibliography">{{ .Key }}</h2>
    <ol class="bibliography">
    {{ range .Pages }}<li>{{ partial "paper.html" . }}</li>
    {{ end }}
    </ol>
  {{ end }}
  </div>
  {{ else }}
  {{ partial "news.html" (dict "limit" false) }}
  {{ end }}
  </article>
</div>
{{ end }}
{{ end }}
"""


def alfolio_model(seed: int) -> dict:
    """30 posts, 50 papers, 10 news items and the about text, from the shared model."""
    m = build_model(AF_POSTS + AF_PAPERS + AF_NEWS, seed, (AF_POSTS, AF_PAPERS, AF_NEWS))
    g = Gen(seed + 1)
    start = _dt.datetime(2023, 1, 9, 9, 0, 0)
    for i, p in enumerate(m["posts"]):  # al-folio's demo posts span a couple of years
        p["date"] = start + _dt.timedelta(days=i * 23, minutes=g.r.randint(0, 600))
        p["slug"] = "-".join(p["title"].lower().split()[:5]) + f"-{i:02d}"
    for i, n in enumerate(m["news"]):
        n["date"] = _dt.datetime(2024, 1 + i, 5 + i, 10, 0, 0)
        n["inline"] = i % 3 != 0  # al-folio: most news are one line shown inline
        n["slug"] = f"announcement-{i + 1}"
    for i, p in enumerate(m["pubs"]):
        short = p["venue"].split("(")[-1].split()[0]
        first_last = p["authors"][0].split()[-1].lower().replace("-", "")
        p["key"] = f"{first_last}{p['year']}{p['title'].split()[0].lower()}{i}"
        p["slug"] = p["key"]
        p["abbr"] = short
        p["selected"] = i % 10 == 0
        p["abstract"] = g.sentence() + " " + g.sentence() + " " + g.sentence()
        p["pdf"] = f"https://example.org/papers/{p['key']}.pdf"
        p["code"] = f"https://github.com/example/{short.lower()}-{i}"
        authors = " and ".join(f"{a.split()[-1]}, {' '.join(a.split()[:-1])}"
                               for a in p["authors"])
        kind = "article" if short in ("JMLR", "CACM") else "inproceedings"
        venue_field = "journal" if kind == "article" else "booktitle"
        p["bibtex"] = (f"@{kind}{{{p['key']},\n  title = {{{p['title']}}},\n"
                       f"  author = {{{authors}}},\n  {venue_field} = {{{p['venue']}}},\n"
                       f"  year = {{{p['year']}}}\n}}")
    m["subtitle"] = "Associate Professor of " + g.title() + "."
    m["address"] = "Room 101, Example Hall, Example University"
    return m


def _paper_fields(p: dict) -> dict:
    return {"key": p["key"], "title": p["title"], "authors": p["authors"],
            "venue": p["venue"], "year": p["year"], "abbr": p["abbr"],
            "abstract": p["abstract"], "pdf": p["pdf"], "code": p["code"]}


def _fm_lines(fields: dict, dates: bool = False) -> str:
    """Front matter with booleans and multi-line strings (fm() writes neither)."""
    out = ["---"]
    for k, v in fields.items():
        if isinstance(v, bool):
            out.append(f"{k}: {'true' if v else 'false'}")
        elif isinstance(v, list):
            out.append(f"{k}: [{', '.join(yaml_str(x) for x in v)}]")
        elif isinstance(v, int):
            out.append(f"{k}: {v}")
        elif isinstance(v, dict):
            out.append(f"{k}:")
            out.extend(f"  {kk}: {yaml_str(vv)}" for kk, vv in v.items())
        elif k == "date":
            out.append(f"{k}: {v}")
        else:
            out.append(f"{k}: {yaml_str(str(v))}")
    out.append("---")
    return "\n".join(out) + "\n"


def write_alfolio_jekyll(root: Path, m: dict) -> None:
    write(root / "_config.yml", AF_CONFIG.format(title=SITE_TITLE))
    for name, text in {"default": AF_J_DEFAULT, "about": AF_J_ABOUT, "post": AF_J_POST,
                       "page": AF_J_PAGE, "paper": AF_J_PAPER}.items():
        write(root / "_layouts" / f"{name}.html", text)
    for name, text in {"head": AF_J_HEAD, "header": AF_J_HEADER, "footer": AF_J_FOOTER,
                       "news": AF_J_NEWS, "latest_posts": AF_J_LATEST,
                       "selected_papers": AF_J_SELECTED, "paper": AF_J_PAPER_INC,
                       "publications_by_year": AF_J_BY_YEAR}.items():
        write(root / "_includes" / f"{name}.html", text)
    write(root / "_data/socials.yml",
          "".join(f"- name: {yaml_str(n)}\n  url: {yaml_str(u)}\n" for n, u in AF_SOCIALS))
    for name, text in AF_SASS.items():
        write(root / "_sass" / name, text)
    write(root / "assets/css/main.scss",
          "---\n# Only the main Sass file needs front matter (the dashes are enough)\n---\n"
          + AF_MAIN_SCSS_IMPORTS)
    write(root / "index.md",
          _fm_lines({"layout": "about", "title": "about", "permalink": "/",
                     "subtitle": m["subtitle"], "profile": {"address": m["address"]},
                     "news": True, "latest_posts": True, "selected_papers": True})
          + "\n" + m["about"])
    write(root / "blog/index.html", AF_J_BLOG)
    write(root / "publications.md", AF_J_PUBS)
    write(root / "news.md", AF_J_NEWSPAGE)
    for p in m["posts"]:
        write(root / "_posts" / f"{p['date']:%Y-%m-%d}-{p['slug']}.md",
              _fm_lines({"layout": "post", "title": p["title"], "date": fmt_date(p["date"]),
                         "description": p["description"], "tags": p["tags"]})
              + "\n" + p["body"])
    for p in m["pubs"]:
        write(root / "_papers" / f"{p['slug']}.md",
              _fm_lines({**_paper_fields(p), "date": fmt_date(p["date"]),
                         "selected": p["selected"], "bibtex": p["bibtex"]})
              + "\n" + p["body"])
    for n in m["news"]:
        write(root / "_news" / f"{n['slug']}.md",
              _fm_lines({"title": n["title"], "date": fmt_date(n["date"]),
                         "inline": n["inline"]})
              + "\n" + n["body"])


def write_alfolio_hugo(root: Path, m: dict) -> None:
    write(root / "hugo.toml", AF_HUGO_CONFIG.format(title=SITE_TITLE))
    write(root / "layouts/_default/baseof.html", AF_H_BASEOF)
    write(root / "layouts/_default/single.html", AF_H_SINGLE)
    write(root / "layouts/_default/list.html", AF_H_LIST)
    write(root / "layouts/index.html", AF_H_INDEX)
    for name, text in {"head": AF_H_HEAD, "header": AF_H_HEADER, "footer": AF_H_FOOTER,
                       "news": AF_H_NEWS, "latest_posts": AF_H_LATEST,
                       "selected_papers": AF_H_SELECTED, "paper": AF_H_PAPER_PARTIAL}.items():
        write(root / "layouts/partials" / f"{name}.html", text)
    write(root / "data/socials.yml",
          "".join(f"- name: {yaml_str(n)}\n  url: {yaml_str(u)}\n" for n, u in AF_SOCIALS))
    for name, text in AF_SASS.items():
        write(root / "assets/_sass" / name, text)
    write(root / "assets/css/main.scss", AF_MAIN_SCSS_IMPORTS)
    write(root / "content/_index.md",
          _fm_lines({"title": "about", "subtitle": m["subtitle"],
                     "profile": {"address": m["address"]},
                     "news": True, "latest_posts": True, "selected_papers": True})
          + "\n" + m["about"])
    write(root / "content/posts/_index.md",
          _fm_lines({"title": "blog", "url": "/blog/", "nav": True, "nav_order": 1}))
    write(root / "content/papers/_index.md",
          _fm_lines({"title": "publications", "url": "/publications/",
                     "description": "publications by year in reversed chronological order.",
                     "nav": True, "nav_order": 2}))
    write(root / "content/news/_index.md",
          _fm_lines({"title": "news", "url": "/news/", "description": "all news, newest first.",
                     "nav": True, "nav_order": 3}))
    for p in m["posts"]:
        write(root / "content/posts" / f"{p['date']:%Y-%m-%d}-{p['slug']}.md",
              _fm_lines({"title": p["title"], "date": fmt_date_hugo(p["date"]),
                         "slug": p["slug"], "description": p["description"],
                         "tags": p["tags"]})
              + "\n" + p["body"])
    for p in m["pubs"]:
        write(root / "content/papers" / f"{p['slug']}.md",
              _fm_lines({**_paper_fields(p), "date": fmt_date_hugo(p["date"]),
                         "slug": p["slug"], "selected": p["selected"],
                         "bibtex": p["bibtex"]})
              + "\n" + p["body"])
    for n in m["news"]:
        write(root / "content/news" / f"{n['slug']}.md",
              _fm_lines({"title": n["title"], "date": fmt_date_hugo(n["date"]),
                         "slug": n["slug"], "inline": n["inline"]})
              + "\n" + n["body"])


def generate_alfolio_like(out: Path, seed: int) -> dict:
    m = alfolio_model(seed)
    write_alfolio_jekyll(out / "jekyll", m)
    write_alfolio_hugo(out / "hugo", m)
    return {"posts": len(m["posts"]), "publications": len(m["pubs"]), "news": len(m["news"]),
            "sass_partials": len(AF_SASS),
            # posts + papers + news + about (index), blog, publications, news
            "expected_html_pages": len(m["posts"]) + len(m["pubs"]) + len(m["news"]) + 4}


# --------------------------------------------------------------------------

SHAPES = ("synthetic", "one-page", "alfolio-like")


def generate(pages: int, out: Path, seed: int = DEFAULT_SEED,
             shape: str = "synthetic") -> dict:
    """(Re)generate OUT/jekyll and OUT/hugo for SHAPE; return a small manifest.

    ``pages`` is used by the "synthetic" shape only; the other shapes have a
    fixed size."""
    if shape not in SHAPES:
        raise ValueError(f"unknown shape {shape!r} (one of {', '.join(SHAPES)})")
    out = Path(out)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    if shape == "synthetic":
        m = build_model(pages, seed)
        write_jekyll(out / "jekyll", m)
        write_hugo(out / "hugo", m)
        manifest = {
            "generator_version": GENERATOR_VERSION,
            "shape": shape,
            "pages": pages,
            "seed": seed,
            "posts": len(m["posts"]),
            "publications": len(m["pubs"]),
            "news": len(m["news"]),
            "bib_entries": 200,
            # regular content pages + index, blog, publications, news, about
            "expected_html_pages": pages + 5,
        }
    else:
        info = (generate_one_page if shape == "one-page" else generate_alfolio_like)(out, seed)
        manifest = {"generator_version": GENERATOR_VERSION, "shape": shape,
                    "pages": None, "seed": seed, **info}
    write(out / "manifest.json", json.dumps(manifest, indent=2) + "\n")
    return manifest


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shape", choices=SHAPES, default="synthetic",
                    help="site shape (default synthetic; the others have a fixed size)")
    ap.add_argument("--pages", type=int, default=1000,
                    help="number of content pages of the synthetic shape (default 1000)")
    ap.add_argument("--out", type=Path, required=True,
                    help="output dir; OUT/jekyll and OUT/hugo are created")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    a = ap.parse_args(argv)
    t0 = time.perf_counter()
    man = generate(a.pages, a.out, a.seed, a.shape)
    dt = time.perf_counter() - t0
    if a.shape == "synthetic":
        print(f"generated {man['pages']} pages ({man['posts']} posts, "
              f"{man['publications']} publications, {man['news']} news, "
              f"{man['bib_entries']} BibTeX entries) into {a.out} in {dt:.2f}s")
    else:
        print(f"generated the {a.shape} site ({man['expected_html_pages']} HTML pages expected: "
              f"{man['posts']} posts, {man['publications']} publications, {man['news']} news) "
              f"into {a.out} in {dt:.2f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
