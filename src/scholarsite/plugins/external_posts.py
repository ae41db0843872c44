"""al-folio's external posts (``external_sources:``, its ``_plugins/external-posts.rb`` and
the al_ext_posts gem): posts read from RSS and Atom feeds and from web pages, listed in
the blog beside the site's own and linking out to where they were published.

al-folio's plugin fetches them at every build. A build here uses no network:
``scholarsite external-posts`` fetches them into ``_data/external_posts.yml`` (committed
by the user, as ``_data/citations.yml`` is), and the build adds what that file holds to
``site.posts`` as al-folio's plugin adds its documents: a post at ``_posts/SLUG``, at
the URL the site's permalink gives it (front matter defaults apply), with ``title``,
``date``, ``description`` (the summary), ``feed_content`` and the body (the content),
``redirect`` (the outside URL), ``external_source`` (the source's name), and the
source's (or, for a ``posts:`` entry, the entry's own) ``categories`` and ``tags``. A
source with nothing in the file gets one warning, telling the user to run the command.

Unlike al-folio, the posts' text is neither Liquid (``render_with_liquid: false``:
someone else's ``{{`` must not stop the build) nor Markdown (it is a feed's HTML).
"""

from __future__ import annotations

import re
from pathlib import Path

from scholarsite.config import site_config_file
from scholarsite.plugins.registry import Plugin
from scholarsite.site import Site, to_datetime

FILE_NAME = "external_posts.yml"
COMMAND = "scholarsite external-posts"


def data_path(config: dict) -> Path:
    """The file the command writes and builds read, relative to the site."""
    return Path(str(config.get("data_dir") or "_data").strip("/")) / FILE_NAME


def sources_of(config: dict) -> list[dict]:
    """The configured sources al-folio's plugin would fetch: a name, and an ``rss_url``
    or a ``posts:`` list."""
    sources = config.get("external_sources")
    if not isinstance(sources, list):
        return []
    return [s for s in sources if isinstance(s, dict) and s.get("name")
            and (s.get("rss_url") or isinstance(s.get("posts"), list))]


def slug_for(source_name: str, url: str, title: str) -> str:
    """al-folio's file name for a post: its title, lower-cased, spaces as hyphens and
    anything but ASCII letters, digits, ``_`` and ``-`` dropped; the source's name and the
    URL's last segment when that leaves nothing."""
    def clean(text: str) -> str:
        return re.sub(r"[^\w-]", "", text.lower().strip().replace(" ", "-"), flags=re.ASCII)
    slug = clean(title or "") if re.sub(r"\W", "", title or "", flags=re.ASCII) else ""
    return slug or f"{clean(source_name)}-{clean(url.rstrip('/').split('/')[-1])}"


def list_of_names(value) -> list[str]:
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, list):
        return [str(v) for v in value if v is not None and str(v).strip()]
    return []


def config_line(site: Site) -> tuple[str, int | None]:
    config_file = site_config_file(site.source)
    if config_file is None:
        return "_config.yml", None
    text = config_file.read_text(encoding="utf-8", errors="replace")
    match = re.search(r"^external_sources[ \t]*:", text, re.M)
    return config_file.name, text.count("\n", 0, match.start()) + 1 if match else None


def cached_sources(site: Site) -> dict:
    data = site.data.get(FILE_NAME.rsplit(".", 1)[0])
    sources = data.get("sources") if isinstance(data, dict) else None
    return sources if isinstance(sources, dict) else {}


def posts_for(source: dict, cached: dict | None) -> tuple[list[dict], int]:
    """The posts of one source to add (records of the file, with the configured date and
    metadata) and how many it lists that were not fetched yet."""
    cached = cached if isinstance(cached, dict) else {}
    posts = cached.get("posts") if isinstance(cached.get("posts"), list) else []
    records = [r for r in posts if isinstance(r, dict) and r.get("url")]
    if source.get("rss_url"):
        if not cached or cached.get("rss_url") != source["rss_url"]:
            return [], 1
        return records, 0
    by_url = {str(r["url"]): r for r in records}
    chosen, missing = [], 0
    for entry in source["posts"]:
        if not isinstance(entry, dict) or not entry.get("url"):
            continue
        record = by_url.get(str(entry["url"]))
        if record is None:
            missing += 1
            continue
        record = dict(record)
        if entry.get("published_date") is not None:
            record["date"] = entry["published_date"]
        for key in ("categories", "tags"):
            if list_of_names(entry.get(key)):
                record[key] = list_of_names(entry.get(key))
        chosen.append(record)
    return chosen, missing


def add_external_posts(site: Site) -> None:
    configured = site.config.get("external_sources")
    if not configured or "posts" not in site.collections:
        return
    where = config_line(site)
    sources = sources_of(site.config)
    if len(sources) < (len(configured) if isinstance(configured, list) else 1):
        site.reporter.warn("external_sources: each entry needs a name and an rss_url or a "
                           "posts: list (of url and published_date); the others are skipped",
                           *where)
    if not sources:
        return
    from scholarsite.reader import make_document
    collection = site.collections["posts"]
    cached = cached_sources(site)
    unfetched: list[str] = []
    added = 0
    for source in sources:
        name = str(source["name"])
        records, missing = posts_for(source, cached.get(name))
        if missing:
            unfetched.append(name if source.get("rss_url") else f"{name} ({missing} of its "
                             f"posts)")
        for record in records:
            url, title = str(record["url"]), str(record.get("title") or "")
            date = None
            if record.get("date") is not None:
                date = to_datetime(record["date"], site.tz, lenient=True)
                if date is None:
                    site.reporter.warn(f"external_sources: {name}: the date "
                                       f"{record['date']!r} of {url} is not a date (write it "
                                       "as YYYY-MM-DD); the post is left out", *where)
                    continue
            data = {"external_source": name, "title": title, "redirect": url,
                    "render_with_liquid": False}
            if date is not None:
                data["date"] = date
            if record.get("description"):
                data["description"] = str(record["description"])
            if record.get("content"):
                data["feed_content"] = str(record["content"])
            for key in ("categories", "tags"):
                names = list_of_names(record.get(key)) or list_of_names(source.get(key))
                if names:
                    data[key] = names
            # al-folio names it SLUG.md; .html here, as the body is HTML and not Markdown.
            rel = f"{collection.relative_directory}/{slug_for(name, url, title)}.html"
            doc = make_document(site, None, rel, data, str(record.get("content") or ""), 0,
                                collection, "post", "")
            doc.cache_key = f"{rel}#external:{url}"
            doc.url = doc.compute_url()
            collection.docs.append(doc)
            added += 1
    if added:
        # Jekyll's site.posts are sorted by date when the site is shown: so here, once.
        collection.docs.sort(key=lambda d: (d.date.timestamp() if d.date else 0,
                                            d.relative_path))
        for doc in collection.docs:
            doc.next = doc.previous = None
        for before, after in zip(collection.docs, collection.docs[1:]):
            before.next, after.previous = after, before
        site._by_path = None
    if unfetched:
        site.reporter.warn(f"external_sources: nothing fetched yet for {', '.join(unfetched)}; "
                           f"run `{COMMAND}` to fetch their posts into "
                           f"{data_path(site.config).as_posix()} (builds use no network)",
                           *where)


PLUGIN = Plugin("external-posts", gems=("al_ext_posts",), generators=(add_external_posts,),
                config=("external_sources",))
