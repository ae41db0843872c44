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

GENERATOR_VERSION = 1
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


def build_model(pages: int, seed: int) -> dict:
    g = Gen(seed)
    n_posts, n_pubs, n_news = split_counts(pages)
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

def generate(pages: int, out: Path, seed: int = DEFAULT_SEED) -> dict:
    """(Re)generate OUT/jekyll and OUT/hugo; return a small manifest."""
    out = Path(out)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    m = build_model(pages, seed)
    write_jekyll(out / "jekyll", m)
    write_hugo(out / "hugo", m)
    manifest = {
        "generator_version": GENERATOR_VERSION,
        "pages": pages,
        "seed": seed,
        "posts": len(m["posts"]),
        "publications": len(m["pubs"]),
        "news": len(m["news"]),
        "bib_entries": 200,
        # regular content pages + index, blog, publications, news, about
        "expected_html_pages": pages + 5,
    }
    write(out / "manifest.json", json.dumps(manifest, indent=2) + "\n")
    return manifest


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=1000,
                    help="number of content pages (default 1000)")
    ap.add_argument("--out", type=Path, required=True,
                    help="output dir; OUT/jekyll and OUT/hugo are created")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    a = ap.parse_args(argv)
    t0 = time.perf_counter()
    man = generate(a.pages, a.out, a.seed)
    dt = time.perf_counter() - t0
    print(f"generated {man['pages']} pages ({man['posts']} posts, "
          f"{man['publications']} publications, {man['news']} news, "
          f"{man['bib_entries']} BibTeX entries) into {a.out} in {dt:.2f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
