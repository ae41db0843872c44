"""jekyll-socials: ``{% social_links %}`` writes one link per entry of
``_data/socials.yml``, in the file's order, joined by spaces.

A known key (``github_username: octocat``) becomes that service's URL with the icon
class of Font Awesome, Academicons or Scholar Icons; an entry the site defines itself
(``custom: {url:, title:, logo:}``) links to its ``url`` with its ``logo``, which is an
icon class or an image file. A known key may be a mapping too, to override its logo
(``value:`` then holds the id). Where the bundled theme draws that service's icon
itself, the link holds the theme's inline SVG instead of the icon font's ``<i>``, so the
icon shows without loading an icon font; the link's address and title are the
plugin's either way.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any, NamedTuple

from markupsafe import escape

from scholarsite.liquid.filters import ruby_to_s
from scholarsite.liquid.tags import output_tag
from scholarsite.plugins.registry import Plugin

THEME_ICONS = Path(__file__).resolve().parents[1] / "theme" / "_includes" / "icons"
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg")


class Service(NamedTuple):
    url: str  # "{}" is the value from socials.yml
    icon: str  # the icon font's classes
    svg: str = ""  # the bundled theme's own icon for it, if it has one


AI, FA, FAB = "ai ai-", "fa-solid fa-", "fa-brands fa-"
SERVICES = {
    # academic profiles (Academicons)
    "acm_id": Service("https://dl.acm.org/profile/{}/", AI + "acm"),
    "arxiv_id": Service("https://arxiv.org/a/{}.html", AI + "arxiv"),
    "cv_pdf": Service("{}", AI + "cv", "cv"),
    "dblp_url": Service("{}", AI + "dblp"),
    "hal_id": Service("https://cv.hal.science/{}", AI + "hal"),
    "ieee_id": Service("https://ieeexplore.ieee.org/author/{}/", AI + "ieee"),
    "inspirehep_id": Service("https://inspirehep.net/authors/{}", AI + "inspire"),
    "lattes_id": Service("http://lattes.cnpq.br/{}", AI + "lattes"),
    "orcid_id": Service("https://orcid.org/{}", AI + "orcid", "orcid"),
    "osf_id": Service("https://osf.io/{}/", AI + "osf"),
    "publons_id": Service("https://publons.com/a/{}/", AI + "publons"),
    "research_gate_profile": Service("https://www.researchgate.net/profile/{}/",
                                     AI + "researchgate", "researchgate"),
    "scholar_userid": Service("https://scholar.google.com/citations?user={}",
                              AI + "google-scholar", "scholar"),
    "scopus_id": Service("https://www.scopus.com/authid/detail.uri?authorId={}", AI + "scopus"),
    "semanticscholar_id": Service("https://www.semanticscholar.org/author/{}",
                                  AI + "semantic-scholar", "semanticscholar"),
    # everything else (Font Awesome)
    "blogger_url": Service("{}", FAB + "blogger-b"),
    "bluesky_url": Service("{}", FAB + "bluesky"),
    "discord_id": Service("https://discord.com/users/{}", FAB + "discord"),
    "email": Service("mailto:{}", FA + "envelope", "email"),
    "facebook_id": Service("https://facebook.com/{}", FAB + "facebook"),
    "flickr_id": Service("https://www.flickr.com/{}", FAB + "flickr"),
    "github_username": Service("https://github.com/{}", FAB + "github", "github"),
    "gitlab_username": Service("https://gitlab.com/{}", FAB + "gitlab"),
    "instagram_id": Service("https://instagram.com/{}", FAB + "instagram"),
    "kaggle_id": Service("https://www.kaggle.com/{}", FAB + "kaggle"),
    "keybase_username": Service("https://keybase.io/{}", FAB + "keybase"),
    "lastfm_id": Service("https://www.last.fm/user/{}", FAB + "lastfm"),
    "letterboxd_id": Service("https://letterboxd.com/{}", FAB + "square-letterboxd"),
    "linkedin_username": Service("https://www.linkedin.com/in/{}", FAB + "linkedin", "linkedin"),
    "mastodon_username": Service("https://{}", FAB + "mastodon"),
    "medium_username": Service("https://medium.com/@{}", FAB + "medium"),
    "pinterest_id": Service("https://www.pinterest.com/{}", FAB + "pinterest"),
    "quora_username": Service("https://www.quora.com/profile/{}", FAB + "quora"),
    "rss_icon": Service("{}", FA + "square-rss", "rss"),
    "spotify_id": Service("https://open.spotify.com/user/{}", FAB + "spotify"),
    "stackoverflow_id": Service("https://stackoverflow.com/users/{}", FAB + "stack-overflow"),
    "strava_userid": Service("https://www.strava.com/athletes/{}", FAB + "strava"),
    "telegram_username": Service("https://telegram.me/{}", FAB + "telegram"),
    "unsplash_id": Service("https://unsplash.com/@{}", FAB + "unsplash"),
    "wechat_username": Service("weixin://dl/chat?{}", FAB + "weixin"),
    "whatsapp_number": Service("https://wa.me/{}", FAB + "whatsapp"),
    "wikidata_id": Service("https://www.wikidata.org/wiki/{}", FA + "barcode"),
    "wikipedia_id": Service("https://wikipedia.org/wiki/User:{}", FAB + "wikipedia-w"),
    "work_url": Service("{}", FA + "briefcase", "website"),
    "x_username": Service("https://twitter.com/{}", FAB + "x-twitter", "x"),
    "youtube_id": Service("https://youtube.com/@{}", FAB + "youtube"),
    # Font Awesome Free has no Zotero icon (fa-brands fa-zotero shows nothing): Academicons'
    "zotero_username": Service("https://www.zotero.org/{}", AI + "zotero"),
    # Scholar Icons
    "leetcode_id": Service("https://leetcode.com/u/{}/", "si si-leetcode"),
}


@functools.cache
def _theme_svg(name: str) -> str:
    return (THEME_ICONS / f"{name}.svg").read_text(encoding="utf-8").strip()


def _with_base(path: str, baseurl: str) -> str:
    return path if "://" in path else baseurl + path


def _logo_markup(logo: str, alt: str, baseurl: str) -> str:
    """A logo is an image file (by its suffix) or else icon classes."""
    if not logo.lower().endswith(IMAGE_SUFFIXES):
        return f"<i class='{escape(logo)}'></i>"
    src = escape(_with_base(logo, baseurl))
    if logo.lower().endswith(".svg"):
        return f"<svg><image xlink:href='{src}' /></svg>"
    return f"<img src='{src}' alt='{escape(alt)}'>"


def social_link(key: str, value: Any, baseurl: str) -> str:
    """The markup of one entry; "" for one that names no known service and no url."""
    service = SERVICES.get(key)
    options = value if isinstance(value, dict) else {}
    if service is None:
        url, title = ruby_to_s(options.get("url")), ruby_to_s(options.get("title"))
        if not options.get("logo") or not url:
            return ""
        icon = _logo_markup(ruby_to_s(options["logo"]), title, baseurl)
        return f"<a href='{escape(url)}' title='{escape(title)}'>{icon}</a>"
    title = key.replace("_", " ").capitalize()
    given = options.get("value", options.get(key)) if options else value
    if key == "rss_icon":
        url = service.url.format(baseurl + "/feed.xml")
    elif key == "cv_pdf":
        url = _with_base(ruby_to_s(given), baseurl)
    else:
        url = service.url.format(ruby_to_s(given))
    if options.get("logo"):
        icon = _logo_markup(ruby_to_s(options["logo"]), title, baseurl)
    elif service.svg:
        icon = _theme_svg(service.svg)
    else:
        icon = f"<i class='{service.icon}'></i>"
    return f"<a href='{escape(url)}' title='{escape(title)}' aria-label='{escape(title)}'>{icon}</a>"


def academia_link(value: Any) -> str:
    """academia.edu profiles live under the organisation's own subdomain."""
    options = value if isinstance(value, dict) else {}
    url = f"https://{ruby_to_s(options.get('organization'))}.academia.edu/" \
          f"{ruby_to_s(options.get('username'))}"
    return f"<a href='{escape(url)}' title='Academia edu'><i class='ai ai-academia'></i></a>"


def render_social_links(context) -> str:
    site = context.env.site
    site.reads_listing("data")
    socials = site.data.get("socials") or {}
    if not isinstance(socials, dict):
        return ""
    baseurl = ruby_to_s(site.config.get("baseurl")).rstrip("/")
    links = [academia_link(value) if key == "academia_edu" else social_link(key, value, baseurl)
             for key, value in socials.items()]
    return " ".join(link for link in links if link)


SocialLinksTag = output_tag("social_links", render_social_links)


PLUGIN = Plugin("jekyll-socials", tags=(SocialLinksTag,))
