"""Site search: the built pages indexed by Pagefind (the ``pagefind[bin]`` wheel carries
its binary), written to ``/pagefind/`` with the rest of the site, so a failed build
leaves the old index with the old pages.

On when the bundled theme lays the site out and ``_config.yml`` asks for it
(``search: true``, al-folio's ``search_enabled``, or v1's ``al_search`` plugin unless
``search_enabled: false`` turns it off, as al-folio's navbar does). Pages
are indexed from their ``data-pagefind-body`` (the theme's ``<main>``), and each entry of
a publication list is a result of its own (``/publications/#KEY``). The index is kept in
the cache folder by the content of what it indexes: a build that changes no page makes
no new index.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from pathlib import Path

from scholarsite.cache import digest
from scholarsite.config import listed_plugins
from scholarsite.write import Output

FOLDER = "pagefind"
index_count = 0  # how many times Pagefind ran in this process (the tests read it)


def enabled(site) -> bool:
    config = site.config
    if config.get("search") is False or not site.uses_theme_layouts:
        return False
    if config.get("search") or config.get("search_enabled"):
        return True
    return config.get("search_enabled") is not False and "al_search" in listed_plugins(config)


class Publications(HTMLParser):
    """The entries of the bundled theme's publication lists in a page: ``<div
    class="... publication ..." id="KEY">``, their title and all their text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[dict] = []
        self.depth = 0  # inside an entry: how many elements deep
        self.in_title = 0
        self.skip = 0  # inside <details> (abstract, BibTeX): not the entry's own text

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        classes = (values.get("class") or "").split()
        if self.depth:
            self.depth += 1
            if tag == "details":
                self.skip = self.depth
            if "title" in classes and not self.found[-1]["title"]:
                self.in_title = self.depth
        elif tag == "div" and "publication" in classes and values.get("id"):
            self.depth = 1
            self.found.append({"key": values["id"], "title": "", "text": []})

    def handle_endtag(self, tag):
        if not self.depth:
            return
        if self.in_title == self.depth:
            self.in_title = 0
        if self.skip == self.depth:
            self.skip = 0
        self.depth -= 1

    def handle_data(self, data):
        if self.depth and not self.skip:
            entry = self.found[-1]
            entry["text"].append(data)
            if self.in_title:
                entry["title"] += data


def publication_records(url: str, html: str) -> list[dict]:
    parser = Publications()
    parser.feed(html)
    return [{"url": f"{url}#{p['key']}", "content": " ".join(" ".join(p["text"]).split()),
             "meta": {"title": " ".join(p["title"].split()) or p["key"]}}
            for p in parser.found]


def url_of(rel: str) -> str:
    """The page's URL below the site's root (the search UI adds the baseurl)."""
    path = "/" + rel
    return path[:-len("index.html")] if path.endswith("/index.html") else path


async def run_pagefind(folder: Path, records: list[dict], language: str, out: Path) -> None:
    """Index the pages written under ``folder`` (one request: Pagefind reads them in
    parallel; a request per page costs a round trip each), then the records."""
    from pagefind.index import PagefindIndex
    config = {"output_path": str(out), "force_language": language}
    async with PagefindIndex(config=config) as index:
        await index.add_directory(str(folder))
        for record in records:
            await index.add_custom_record(language=language, **record)


def index_outputs(site, outputs: dict[str, Output],
                  stale_ok: bool = False) -> tuple[dict[str, Output], bool]:
    """The search bundle's files, to be written with the site ({} when search is off),
    and whether they are the previous index: with ``stale_ok`` (serve), the last index
    made is taken rather than waiting for a new one."""
    if not enabled(site):
        return {}, False
    pages = sorted((rel, out) for rel, out in outputs.items()
                   if out.is_page and rel.endswith(".html") and not rel.startswith(FOLDER + "/"))
    language = str(site.config.get("lang") or "en").split("-")[0].lower() or "en"
    key = hashlib.sha256(json.dumps([language, [(r, o.digest) for r, o in pages],
                                     pagefind_version()]).encode()).hexdigest()[:32]
    cached = site.cache_folder / "pagefind" / key if site.cache_folder is not None else None
    if cached is not None and (cached / "pagefind.js").is_file():
        return read_bundle(cached), False
    if stale_ok and cached is not None:
        previous = [p for p in cached.parent.glob("*") if (p / "pagefind.js").is_file()]
        if previous:
            return read_bundle(previous[0]), True
    import asyncio  # (only here: a build without search never loads it)
    global index_count
    index_count += 1
    work = Path(tempfile.mkdtemp(prefix="scholarsite-pagefind-"))
    try:
        records = write_pages(pages, work / "site")
        if not (work / "site").is_dir():
            return {}, False  # no page of the bundled theme's layouts to index
        # In a thread of its own: the caller may already run an event loop (serve, tests).
        with ThreadPoolExecutor(max_workers=1) as thread:
            thread.submit(asyncio.run, run_pagefind(work / "site", records, language,
                                                    work / FOLDER)).result()
        bundle = read_bundle(work / FOLDER)
        if cached is not None:
            shutil.rmtree(cached.parent, ignore_errors=True)  # only the last index is kept
            cached.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(work / FOLDER, cached)
        return bundle, False
    except Exception as exc:  # the service could not start, or failed: search is extra
        site.reporter.warn(f"site search: Pagefind could not index the site ({exc}); the "
                           "pages are built without a search index", "_config.yml")
        return {}, False
    finally:
        shutil.rmtree(work, ignore_errors=True)


def write_pages(pages: list[tuple[str, Output]], folder: Path) -> list[dict]:
    """The pages to index, written under ``folder``; the publication records they hold."""
    lists = []
    for rel, out in pages:
        data = out.bytes() or b""
        if b"data-pagefind-body" not in data:
            continue  # redirects, feeds and pages with their own layout
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        if b" publication" in data:  # the parser is slow: only pages with a list
            lists.append(publication_records(url_of(rel), data.decode("utf-8", "replace")))
    # A paper shown on several pages (selected papers on the home page, the full list)
    # is one result: where the longest list shows it.
    records, seen = [], set()
    for found in sorted(lists, key=len, reverse=True):
        for record in found:
            entry = record["url"].rsplit("#", 1)[1]
            if entry not in seen:
                seen.add(entry)
                records.append(record)
    return records


def read_bundle(folder: Path) -> dict[str, Output]:
    found = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        found[f"{FOLDER}/{path.relative_to(folder).as_posix()}"] = Output(data, None,
                                                                          digest(data))
    return found


def pagefind_version() -> str:
    from importlib.metadata import PackageNotFoundError, version
    try:
        return version("pagefind_bin")
    except PackageNotFoundError:
        return ""
