"""al_comments: ``{% al_comments %}`` writes the comment thread of a page that asks for
one: giscus (``giscus_comments: true``, configured by ``giscus:`` in ``_config.yml``) and
Disqus (``disqus_comments: true`` and ``disqus_shortname``).

Nothing is loaded from giscus or Disqus until the page is shown: the thread is a small
script that adds their client, with the theme (light or dark) the reader has chosen. A
giscus thread missing one of the keys it needs (the repository, ``repo_id``, ``category``,
``category_id``) is a visible notice naming them, as the gem shows it.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping
from typing import Any

from scholarsite.liquid.filters import ruby_to_s
from scholarsite.liquid.tags import output_tag
from scholarsite.plugins.registry import Plugin, offer_to_theme

GISCUS_KEYS = ("category", "category_id", "mapping", "strict", "reactions_enabled",
               "emit_metadata", "input_position", "lang")


def truthy(value: Any) -> bool:
    """Front matter flags as the gem reads them: true, non-zero, or yes/on/1 as text."""
    if isinstance(value, bool) or value is None:
        return bool(value)
    if isinstance(value, (int, float)):
        return value != 0
    return str(value).strip().lower() in ("true", "1", "yes", "y", "on")


def inline_script(code: str) -> str:
    """Script text that cannot close its <script> element early (values are JSON)."""
    return code.replace("</", "<\\/")


def giscus_config(config: dict) -> dict:
    giscus = config.get("giscus")
    if not isinstance(giscus, dict):
        comments = config.get("comments")
        giscus = comments.get("giscus") if isinstance(comments, dict) else None
    return giscus if isinstance(giscus, dict) else {}


def giscus_repository(config: dict, giscus: dict) -> str:
    for key in ("repo", "repository", "repo_name"):
        if ruby_to_s(giscus.get(key)).strip():
            return ruby_to_s(giscus[key]).strip()
    if ruby_to_s(config.get("repository")).strip():
        return ruby_to_s(config["repository"]).strip()
    github = config.get("github")
    return ruby_to_s(github.get("repository_nwo")) if isinstance(github, dict) else ""


def giscus_thread(config: dict) -> str:
    giscus = giscus_config(config)
    repository = giscus_repository(config, giscus)
    # giscus cannot load a thread without these four; al-folio says which are missing.
    found = {"repo": repository, **{key: ruby_to_s(giscus.get(key)).strip()
                                    for key in ("repo_id", "category", "category_id")}}
    missing = [key for key, value in found.items() if not value]
    if missing:
        return ('<div id="giscus_thread"><blockquote class="block-danger">'
                "<h5>giscus comments misconfigured</h5><p>Please follow instructions at "
                '<a href="https://giscus.app">http://giscus.app</a> and update your giscus '
                "configuration.</p><p>Missing required keys: <code>"
                f"{html.escape(', '.join(missing))}</code>.</p></blockquote></div>")
    attributes = {"src": "https://giscus.app/client.js", "data-repo": repository,
                  "data-repo-id": ruby_to_s(giscus.get("repo_id"))}
    attributes.update({"data-" + key.replace("_", "-"): ruby_to_s(giscus.get(key))
                       for key in GISCUS_KEYS})
    attributes.update({"crossorigin": "anonymous", "async": ""})
    themes = {"light": ruby_to_s(giscus.get("light_theme")) or "light",
              "dark": ruby_to_s(giscus.get("dark_theme")) or "dark"}
    # The reader's choice (the theme toggle's data-theme), else the system's.
    script = (
        "(function(){var a=%s,t=%s,d=document.documentElement.getAttribute('data-theme')||"
        "(matchMedia('(prefers-color-scheme: dark)').matches?'dark':'light'),"
        "s=document.createElement('script');a['data-theme']=t[d]||t.light;"
        "for(var k in a)s.setAttribute(k,a[k]);"
        "document.getElementById('giscus_thread').appendChild(s)})();"
    ) % (json.dumps(attributes), json.dumps(themes))
    return (f'<div id="giscus_thread" class="comments"><script>{inline_script(script)}</script>'
            '<noscript>Please enable JavaScript to view the '
            '<a href="https://giscus.app/?ref_noscript">comments powered by giscus.</a>'
            "</noscript></div>")


def disqus_thread(shortname: str, page: dict) -> str:
    settings = {"shortname": shortname, "identifier": ruby_to_s(page.get("id")),
                "title": ruby_to_s(page.get("title"))}
    script = (
        "(function(){var c=%s;window.disqus_shortname=c.shortname;"
        "window.disqus_identifier=c.identifier;window.disqus_title=c.title;"
        "var s=document.createElement('script');s.async=true;"
        "s.src='https://'+c.shortname+'.disqus.com/embed.js';"
        "(document.head||document.body).appendChild(s)})();"
    ) % json.dumps(settings)
    return (f'<div id="disqus_thread" class="comments"><script>{inline_script(script)}</script>'
            '<noscript>Please enable JavaScript to view the '
            '<a href="https://disqus.com/?ref_noscript">comments powered by Disqus.</a>'
            "</noscript></div>")


def disqus_shortname(config: dict) -> str:
    direct = ruby_to_s(config.get("disqus_shortname")).strip()
    disqus = config.get("disqus")
    nested = ruby_to_s(disqus.get("shortname")).strip() if isinstance(disqus, dict) else ""
    return direct or nested


def comments(config: dict, page: dict) -> str:
    threads = []
    shortname = disqus_shortname(config)
    if shortname and truthy(page.get("disqus_comments")):
        threads.append(disqus_thread(shortname, page))
    if truthy(page.get("giscus_comments")):
        threads.append(giscus_thread(config))
    return "\n".join(threads)


def offer_comments(site) -> None:
    offer_to_theme(site, "comments", "al_comments.liquid")


def render_comments(context) -> str:
    page = context.resolve("page", default={})
    return comments(context.env.site.config, page if isinstance(page, Mapping) else {})


CommentsTag = output_tag("al_comments", render_comments)


PLUGIN = Plugin("al_comments", tags=(CommentsTag,), generators=(offer_comments,),
                config=("giscus", "comments", "disqus_shortname", "disqus"))
