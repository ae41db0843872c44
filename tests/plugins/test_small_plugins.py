"""jekyll-regex-replace, jekyll-email-protect and jekyll-link-attributes, with the output
the published al-folio pages show (their mailto: links, their DOI buttons)."""

from __future__ import annotations

CONFIG = """url: https://lab.example.org
plugins: [jekyll-link-attributes, jekyll-email-protect, jekyll-regex-replace]
external_links:
  enabled: true
  rel: external nofollow noopener
  target: _blank
  exclude:
    - https://friends.example.net
"""
PAGE = """---
---
<p>{{ "Einstein*†" | regex_replace: '([*∗†‡§¶‖&^]+)', '<sup>\\1</sup>' }}
{{ "a-b-c" | regex_replace_once: '-', '+' }} {{ "abc" | regex_replace: '(', 'x' }}</p>
<a href="mailto:{{ "wang-z18@mails.example.cn" | encode_email }}">mail</a>
<a href="https://doi.org/10.1/x" class="btn">DOI</a>
<a href="https://physics.example.edu" target="_blank" rel="noopener noreferrer">kept</a>
<a href="https://lab.example.org/cv/">own</a> <a href="/about/">local</a>
<a href="https://friends.example.net/x">excluded</a>
<pre><a href="https://code.example.com">in code</a></pre>
"""


def test_the_three_as_al_folio_pages_use_them(build):
    built = build({"_config.yml": CONFIG, "index.html": PAGE})
    html = built.page("index.html")
    assert "<p>Einstein<sup>*†</sup>\na+b-c abc</p>" in html
    assert any("regex_replace: the pattern '('" in w for w in built.warnings)
    assert 'href="mailto:%77%61%6E%67-%7A%31%38@%6D%61%69%6C%73.%65%78%61%6D%70%6C%65.%63%6E"' \
        in html
    assert ('<a href="https://doi.org/10.1/x" class="btn" rel="external nofollow noopener" '
            'target="_blank">') in html
    assert '<a href="https://physics.example.edu" target="_blank" rel="noopener noreferrer">' in html
    for plain in ('<a href="https://lab.example.org/cv/">', '<a href="/about/">',
                  '<a href="https://friends.example.net/x">', '<a href="https://code.example.com">'):
        assert plain in html


def test_nothing_changes_unless_the_plugins_are_listed(build):
    built = build({"_config.yml": CONFIG.replace("plugins: [jekyll-link-attributes, "
                                                 "jekyll-email-protect, jekyll-regex-replace]",
                                                 "plugins: []"), "index.html": PAGE})
    html = built.page("index.html")
    assert '<a href="https://doi.org/10.1/x" class="btn">' in html
