"""``scholarsite external-posts``: the posts of al-folio's ``external_sources:`` fetched
into ``_data/external_posts.yml``, which builds read (they use no network).

Each source is fetched as al-folio's plugin fetches it: an ``rss_url`` is an RSS or Atom
feed (read by feedparser, which also cleans the entries' HTML), each entry a post with its
title, link, date, summary and content; a ``posts:`` list names web pages, each read for
its ``<title>`` (else ``og:title``), its description (``<meta name="description">``, else
``og:description``) and the text of its paragraphs, dated by the entry's
``published_date``.

A source that fails (an HTTP error, a timeout, a reply that is not a feed) is one warning
and keeps the posts the file had for it; the command fails only when no source could be
fetched at all.

The file::

    metadata: {last_updated: 2026-03-01, generator: scholarsite external-posts}
    sources:
      NAME:                       # the source's name in _config.yml
        rss_url: https://...      # for a feed: the feed it was fetched from
        fetched: 2026-03-01
        posts:
        - {title, url, date, description, content}
"""

from __future__ import annotations

import html
import io
import re
import sys
import xml.sax
from datetime import date, datetime, timezone
from html.parser import HTMLParser
from pathlib import Path

import yaml

from scholarsite import clock
from scholarsite.errors import BuildError
from scholarsite.plugins.external_posts import COMMAND, data_path, sources_of
from scholarsite.scholarly.http import Client, SourceError, short
from scholarsite.scholarly.store import load_data_file, open_site, replace_file

HEADER = ("# Posts of external_sources (_config.yml), written by `scholarsite external-posts` "
          "(commit this\n# file: builds read it and never use the network). Run the command "
          "again to update it.\n")
FEED_TYPES = ("application/rss+xml, application/atom+xml, application/xml;q=0.9, "
              "text/xml;q=0.9, */*;q=0.8")
PAGE_TYPES = "text/html, application/xhtml+xml;q=0.9, */*;q=0.8"


class Dumper(yaml.SafeDumper):
    """Text of several lines (a post's content) as a literal block, as it was written."""


def represent_text(dumper: yaml.SafeDumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


Dumper.add_representer(str, represent_text)


def read(source: Path, rel: Path) -> dict:
    data = load_data_file(source, rel)
    if data is None:
        return {}
    if not isinstance(data, dict) or not isinstance(data.get("sources") or {}, dict):
        raise BuildError("expected a mapping with a 'sources:' mapping; delete the file to "
                         "start afresh", rel, 1)
    return data


def answer(client: Client, url: str, accept: str):
    response = client.get(url, accept=accept)
    if response.status_code >= 400:  # the client hands a 404 back; the rest it raises
        raise SourceError(f"{short(url)} answered HTTP {response.status_code}")
    return response


def when(parsed) -> str | None:
    """A feed entry's time (feedparser gives UTC) as ISO 8601."""
    if not parsed:
        return None
    return datetime(*parsed[:6], tzinfo=timezone.utc).isoformat()


def parse_feed(body: bytes, url: str, content_type: str) -> list[dict]:
    import feedparser  # imported here: builds never need it
    # A stream, never bytes or text: feedparser would take those for a file name or URL.
    feed = feedparser.parse(io.BytesIO(body), response_headers={
        "content-type": content_type or "application/xml", "content-location": url})
    if not feed.get("version"):
        raise SourceError(f"{short(url)} answered with something that is not an RSS or Atom "
                          "feed")
    problem = feed.get("bozo_exception")
    if feed.get("bozo") and isinstance(problem, xml.sax.SAXParseException):
        raise SourceError(f"{short(url)} is not a well-formed RSS or Atom feed (line "
                          f"{problem.getLineNumber()}: {problem.getMessage()})")
    posts = []
    for entry in feed.entries:
        link = str(entry.get("link") or "")
        if not re.match(r"https?://", link, re.I):  # a post links out to the web only
            continue
        content = entry.get("content") or []
        posts.append({key: value for key, value in {
            "title": " ".join(str(entry.get("title") or "").split()),
            "url": link,
            "date": when(entry.get("published_parsed") or entry.get("updated_parsed")),
            "description": str(entry.get("summary") or "").strip() or None,
            "content": str(content[0].get("value") or "").strip() or None if content else None,
        }.items() if value is not None})
    return posts


class PageReader(HTMLParser):
    """The title, description and paragraphs of a web page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.title: list[str] | None = None
        self.title_text = ""
        self.paragraph: list[str] | None = None
        self.paragraphs: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = {k.lower(): v or "" for k, v in attrs}
        if tag == "meta":
            key = (attrs.get("name") or attrs.get("property") or "").lower()
            if key and "content" in attrs:
                self.meta.setdefault(key, attrs["content"])
        elif tag == "title" and self.title is None and not self.title_text:
            self.title = []
        elif tag == "p":
            self.end_paragraph()
            self.paragraph = []

    def handle_endtag(self, tag):
        if tag == "title" and self.title is not None:
            self.title_text, self.title = "".join(self.title), None
        elif tag == "p":
            self.end_paragraph()

    def handle_data(self, data):
        if self.title is not None:
            self.title.append(data)
        elif self.paragraph is not None:
            self.paragraph.append(data)

    def end_paragraph(self):
        if self.paragraph is not None:
            text = " ".join("".join(self.paragraph).split())
            if text:
                self.paragraphs.append(text)
            self.paragraph = None


def page_text(body: bytes, content_type: str) -> str:
    match = re.search(r"charset=[\"']?([\w.:-]+)", content_type or "", re.I) or \
        re.search(rb"<meta[^>]+charset=[\"']?([\w.:-]+)", body[:4096], re.I)
    charset = match.group(1) if match else "utf-8"
    charset = charset.decode("ascii") if isinstance(charset, bytes) else charset
    try:
        return body.decode(charset, errors="replace")
    except LookupError:
        return body.decode("utf-8", errors="replace")


def parse_page(body: bytes, url: str, content_type: str) -> dict:
    reader = PageReader()
    reader.feed(page_text(body, content_type))
    reader.close()
    reader.end_paragraph()
    title = " ".join((reader.title_text or reader.meta.get("og:title") or "").split())
    description = reader.meta.get("description") or reader.meta.get("og:description")
    content = "\n".join(f"<p>{html.escape(p, quote=False)}</p>" for p in reader.paragraphs)
    return {key: value for key, value in {
        "title": title, "url": url,
        "description": " ".join(description.split()) if description else None,
        "content": content or None}.items() if value is not None}


def as_text(value) -> str | None:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return None if value is None else str(value)


def fetch_feed(client: Client, url: str) -> list[dict]:
    response = answer(client, url, FEED_TYPES)
    return parse_feed(response.content, response.url or url,
                      response.headers.get("Content-Type", ""))


def fetch_pages(client: Client, name: str, entries: list, previous: dict, out) -> tuple[list, int]:
    """The records of a ``posts:`` list, and how many pages answered. A page that fails
    keeps its earlier record."""
    kept = {str(r.get("url")): r for r in previous.get("posts") or [] if isinstance(r, dict)}
    records, answered = [], 0
    for entry in entries:
        if not isinstance(entry, dict) or not entry.get("url"):
            continue
        url = str(entry["url"])
        try:
            response = answer(client, url, PAGE_TYPES)
            record = parse_page(response.content, url, response.headers.get("Content-Type", ""))
        except SourceError as exc:
            old = kept.get(url)
            print(f"scholarsite: warning: external source {name!r}: {exc}; "
                  + ("its earlier copy is kept" if old else "left out"), file=out)
            if old:
                records.append(old)
            continue
        answered += 1
        if entry.get("published_date") is not None:
            record["date"] = as_text(entry["published_date"])
        records.append(record)
    return records, answered


def run(source: Path, offline: bool, client: Client | None = None, out=None) -> int:
    out = out or sys.stdout
    source, config = open_site(source)
    sources = sources_of(config)
    if not sources:
        raise BuildError("no external_sources to fetch (each needs a name and an rss_url or "
                         "a posts: list of url and published_date)", "_config.yml")
    rel = data_path(config)
    old = read(source, rel)
    old_sources = old.get("sources") or {}
    if offline:
        print(f"scholarsite: --offline: external posts not fetched ({rel.as_posix()} left as "
              "it was)", file=out)
        return 0
    client = client or Client()
    today = clock.now().date().isoformat()
    written: dict = {}
    fetched = posts = 0
    for src in sources:
        name = str(src["name"])
        previous = old_sources.get(name) if isinstance(old_sources.get(name), dict) else {}
        if src.get("rss_url"):
            url = str(src["rss_url"])
            try:
                records = fetch_feed(client, url)
            except SourceError as exc:
                count = len(previous.get("posts") or [])
                kept = (f"its {count} posts fetched on {previous.get('fetched', '?')} are kept"
                        if count and previous.get("rss_url") == url else "nothing kept")
                print(f"scholarsite: warning: external source {name!r}: {exc}; {kept}",
                      file=out)
                if previous:
                    written[name] = previous
                continue
            written[name] = {"rss_url": url, "fetched": today, "posts": records}
        else:
            records, answered = fetch_pages(client, name, src["posts"], previous, out)
            if not answered:
                if previous:
                    written[name] = previous
                continue
            written[name] = {"fetched": today, "posts": records}
        fetched += 1
        posts += len(records)
        print(f"scholarsite: {name}: {len(records)} post{'s' if len(records) != 1 else ''}",
              file=out)
    if not fetched:
        print(f"scholarsite: no external source could be fetched; {rel.as_posix()} left as "
              "it was", file=out)
        return 1
    metadata = dict(old.get("metadata") or {}) if isinstance(old.get("metadata"), dict) else {}
    metadata.update({"last_updated": today, "generator": COMMAND})
    document = {"metadata": metadata, "sources": written}
    text = HEADER + yaml.dump(document, Dumper=Dumper, sort_keys=False, allow_unicode=True,
                              width=100)
    replace_file(source / rel, text.encode("utf-8"))
    print(f"scholarsite: wrote {rel.as_posix()}: {posts} posts from {fetched} of "
          f"{len(sources)} sources", file=out)
    return 0
