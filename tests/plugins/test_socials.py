"""jekyll-socials' {% social_links %}: one link per entry of _data/socials.yml, in order."""

from __future__ import annotations

import re

SOCIALS = """\
email: ada@example.org
github_username: ada
scholar_userid: AbCdEf
inspirehep_id: 1010907
rss_icon: true
cv_pdf: /assets/pdf/cv.pdf
academia_edu:
  organization: cam
  username: AdaL
bookwyrm:
  url: https://books.example.org/user/ada
  title: BookWyrm
  logo: fa-solid fa-book
mastodon_username:
  value: sciences.social/@ada
  logo: /assets/img/masto.png
"""


def site(socials: str = SOCIALS, baseurl: str = "") -> dict[str, str]:
    return {"_config.yml": f"title: Ada\ntheme: al_folio_core\nbaseurl: '{baseurl}'\n",
            "_data/socials.yml": socials,
            "index.html": "---\nlayout: none\n---\n<p>{% social_links %}</p>\n"}


def links(html: str) -> list[tuple[str, str]]:
    return re.findall(r"<a href='([^']*)' title='([^']*)'", html)


def test_each_entry_is_a_link_in_file_order(build):
    html = build(site(baseurl="/ada")).page("index.html")
    assert links(html) == [
        ("mailto:ada@example.org", "Email"),
        ("https://github.com/ada", "Github username"),
        ("https://scholar.google.com/citations?user=AbCdEf", "Scholar userid"),
        ("https://inspirehep.net/authors/1010907", "Inspirehep id"),
        ("/ada/feed.xml", "Rss icon"),
        ("/ada/assets/pdf/cv.pdf", "Cv pdf"),
        ("https://cam.academia.edu/AdaL", "Academia edu"),
        ("https://books.example.org/user/ada", "BookWyrm"),
        ("https://sciences.social/@ada", "Mastodon username"),
    ]


def test_icons_are_the_themes_svg_or_the_icon_class(build):
    html = build(site()).page("index.html")
    github = html.split("https://github.com/ada", 1)[1].split("</a>", 1)[0]
    assert "<svg" in github  # the bundled theme draws GitHub itself
    assert "<i class='ai ai-inspire'></i>" in html  # no bundled icon: Academicons' class
    assert "<i class='fa-solid fa-book'></i>" in html  # a site's own entry: its logo class
    assert "<img src='/assets/img/masto.png' alt='Mastodon username'>" in html  # logo image


def test_links_are_joined_by_spaces_and_markup_is_escaped(build):
    html = build(site("email: a@b.c\nwork_url: https://x.org/?a=1&b='2'\n")).page("index.html")
    body = html.split("<p>", 1)[1].split("</p>", 1)[0]
    assert body.count("</a> <a ") == 1
    assert "https://x.org/?a=1&amp;b=&#39;2&#39;" in body


def test_no_socials_file_renders_nothing(build):
    files = site()
    del files["_data/socials.yml"]
    assert "<p></p>" in build(files).page("index.html")


def test_an_entry_without_url_or_logo_is_left_out(build):
    html = build(site("custom:\n  title: nothing\nemail: a@b.c\n")).page("index.html")
    assert [url for url, _ in links(html)] == ["mailto:a@b.c"]
