"""``{% seo %}`` (jekyll-seo-tag) in a user's own layout."""

import json
import re
import subprocess
import sys


def test_seo_tag_writes_title_description_canonical_and_json_ld(tmp_path):
    site = tmp_path / "site"
    (site / "_layouts").mkdir(parents=True)
    (site / "_posts").mkdir()
    (site / "_config.yml").write_text(
        "title: Ada's Notes\ndescription: On engines\nurl: https://ada.example\nbaseurl: /notes\n"
        "author: Ada Lovelace\n")
    (site / "_layouts/default.html").write_text("<head>{% seo %}</head><body>{{ content }}</body>\n")
    (site / "_posts/2024-05-01-engines.md").write_text(
        "---\nlayout: default\ntitle: On <em>engines</em>\ndescription: A & B\n---\nText\n")
    done = subprocess.run([sys.executable, "-m", "scholarsite", "build", "-s", str(site)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    html = (site / "_site/2024/05/01/engines.html").read_text()
    assert "<title>On engines | Ada&#x27;s Notes</title>" in html
    assert '<meta name="description" content="A &amp; B" />' in html
    assert '<link rel="canonical" href="https://ada.example/notes/2024/05/01/engines.html" />' in html
    assert '<meta property="og:type" content="article" />' in html
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html).group(1))
    assert data["@type"] == "BlogPosting" and data["author"]["name"] == "Ada Lovelace"
