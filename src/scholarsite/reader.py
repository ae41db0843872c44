"""Source folder -> Site. One walk of the tree; nothing is rendered here."""

from __future__ import annotations

import csv
import fnmatch
import io
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from scholarsite.config import deep_merge, listed_plugins
from scholarsite.errors import BuildError
from scholarsite.frontmatter import (decode_utf8, has_front_matter, load_yaml,
                                     split_front_matter)
from scholarsite.site import Collection, Document, Site, StaticFile

DATA_EXTENSIONS = {".yml", ".yaml", ".json", ".csv", ".tsv"}
# Files GitHub Pages does not turn into pages even without front matter
# (jekyll-optional-front-matter's list).
NOT_PAGES = {"readme", "license", "licence", "copying", "code_of_conduct", "contributing",
             "issue_template", "pull_request_template"}
MAX_PAGE_MB = 10  # scholarsite.max_page_mb in _config.yml changes it
SPECIAL_DIRS = ("_layouts", "_includes", "_data", "_sass", "_drafts", "_site", "_plugins")


def read_site(site: Site, drafts: bool = False, future: bool = False,
              unpublished: bool = False) -> None:
    """Fill ``site`` from its source folder (and the bundled theme's assets)."""
    config = site.config
    source = site.source
    destination = Path(config["destination"]).resolve()
    for label, meta in config["collections"].items():
        directory = "/".join(p for p in (config.get("collections_dir", "").strip("/"), f"_{label}") if p)
        site.collections[label] = Collection(label, meta, directory)
    site.layouts = read_layouts(site)
    site.data = read_data(source / config.get("data_dir", "_data"), site)
    if site.theme_dir is not None:
        site.data = deep_merge(read_data(site.theme_dir / "_data", site), site.data)

    site.optional_front_matter = renders_markdown_without_front_matter(site)
    filters = EntryFilter(config)
    seen: set[str] = set()
    for path, rel in walk(site, source, filters, destination):
        if replaced_by_theme_stylesheet(site, path, rel):
            continue
        seen.add(rel)
        read_entry(site, path, rel, drafts)
    # Theme assets, unless the user has a file at the same path. They are kept apart:
    # the build adds them only if a page uses one of the theme's layouts.
    if site.theme_dir is not None and (site.theme_dir / "assets").is_dir():
        user_pages, user_static = site.pages, site.static_files
        site.pages, site.static_files = [], []
        for path, rel in walk(site, site.theme_dir / "assets", EntryFilter({}), None):
            rel = "assets/" + rel
            if rel not in seen:
                read_entry(site, path, rel, drafts)
        site.theme_pages, site.theme_static_files = site.pages, site.static_files
        site.pages, site.static_files = user_pages, user_static

    for label, collection in site.collections.items():
        collection_root = source / collection.relative_directory
        if label == "posts":
            continue
        if collection_root.is_dir():
            # Jekyll filters a collection's files with the site's exclude, by path from
            # the source (exclude: [_books/] leaves the collection empty).
            for path, rel in walk(site, collection_root, filters, destination,
                                  collection.relative_directory + "/"):
                rel = f"{collection.relative_directory}/{rel}"
                read_collection_file(site, collection, path, rel, "document")

    if site.optional_front_matter:  # GitHub Pages runs jekyll-readme-index too
        index_readmes(site)
    # Jekyll's Reader#sort_files!: pages by file name, static files by path.
    site.pages.sort(key=lambda p: PurePosixPath(p.relative_path).name)
    site.static_files.sort(key=lambda f: f.relative_path)
    publish_filter(site, future=future or bool(config.get("future")),
                   unpublished=unpublished or bool(config.get("unpublished")))
    sort_collections(site)
    for doc in site.all_renderable() + site.theme_pages:
        doc.url = doc.compute_url()


def renders_markdown_without_front_matter(site: Site) -> bool:
    """Whether the site's publisher makes pages of Markdown files without front matter:
    GitHub Pages does (a site with no Gemfile, or one with the github-pages gem), and so
    does Jekyll with jekyll-optional-front-matter; plain Jekyll copies them as they are."""
    if "jekyll-optional-front-matter" in listed_plugins(site.config):
        return True
    try:
        gemfile = (site.source / "Gemfile").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return True  # no Gemfile: GitHub Pages builds it
    return re.search(r"""^\s*gem\s+["'](?:github-pages|jekyll-optional-front-matter)["']""",
                     gemfile, re.M) is not None


class EntryFilter:
    """Jekyll's EntryFilter: which entries of a folder are read.

    As in Jekyll, ``include`` patterns are matched against the entry's own name (so
    ``include: [_pages]`` lets the folder in, not the ``_draft.md`` inside it, which
    starts with ``_``), ``exclude`` patterns against its path from the source, each as a
    glob or as a prefix (``README`` also excludes ``README.md``); names that start with
    ``.``, ``_``, ``#`` or ``~``, and backups ending in ``~``, are left out unless
    included."""

    def __init__(self, config: dict):
        self.include = [str(p).lstrip("/") for p in config.get("include", [])]
        self.exclude = [str(p).lstrip("/") for p in config.get("exclude", [])
                        if p not in config.get("include", [])]

    def included(self, name: str) -> bool:
        return any(fnmatch.fnmatchcase(name, p) or name.startswith(p) for p in self.include)

    def excluded(self, rel: str, is_dir: bool) -> bool:
        return any(fnmatch.fnmatchcase(rel, p) or rel.startswith(p) or (is_dir and p == rel + "/")
                   for p in self.exclude)

    def special(self, name: str) -> bool:
        return name.startswith((".", "_", "#", "~")) or name.endswith("~")

    def keep(self, rel: str, name: str, is_dir: bool = False) -> bool:
        included = self.included(name)
        if self.excluded(rel, is_dir) and not included:
            return False
        return included or not self.special(name)


def replaced_by_theme_stylesheet(site: Site, path: Path, rel: str) -> bool:
    """A v1 al-folio site may keep its own ``assets/css/main.scss`` that loads partials
    of the al_folio_core gem (``@use "variables"``), which no scholarsite install has.
    Jekyll with the gem builds it; here the bundled theme's stylesheet at the same path
    takes its place, with a warning, rather than the build failing."""
    if site.theme_dir is None or not rel.endswith((".scss", ".sass")) \
            or not (site.theme_dir / rel).is_file():
        return False
    from scholarsite.sass import missing_modules
    missing = missing_modules(site, path)
    if missing:
        names = ", ".join(f'"{name}"' for name in missing)
        site.reporter.warn(f"it loads {names}, which neither the site's Sass folders nor "
                           "scholarsite's theme has (a gem's partials); the bundled theme's "
                           f"{rel} is used in its place", rel)
    return bool(missing)


def walk(site: Site, root: Path, filters: EntryFilter, destination: Path | None,
         base: str = ""):
    """Yield (path, relative posix path) for files to read, in a stable order.

    ``_posts`` folders anywhere are entered (categories come from their parents).
    Symlinks that lead out of the site are skipped with a warning. ``base``: the path of
    ``root`` from the source, which ``exclude`` patterns are matched against.
    """
    for dirpath, dirnames, filenames in os.walk(root, onerror=raise_error):
        current = Path(dirpath)
        rel_dir = current.relative_to(root).as_posix()
        rel_dir = "" if rel_dir == "." else rel_dir
        kept = []
        for name in sorted(dirnames):
            rel = f"{rel_dir}/{name}" if rel_dir else name
            full = current / name
            if destination is not None and full.resolve() == destination:
                continue
            if (name == "_posts" or (name == "_drafts") or filters.keep(base + rel, name, True)) \
                    and not leads_out(site, full):
                kept.append(name)
        dirnames[:] = kept
        for name in sorted(filenames):
            rel = f"{rel_dir}/{name}" if rel_dir else name
            in_posts = "/_posts/" in f"/{rel}" or "/_drafts/" in f"/{rel}"
            # Posts are read whatever their folder's name, yet exclude: [_posts/] holds.
            kept_file = (not filters.excluded(base + rel, False) or filters.included(name)) \
                if in_posts else filters.keep(base + rel, name)
            if kept_file and not leads_out(site, current / name):
                yield current / name, rel


def raise_error(err: OSError) -> None:
    """os.walk skips a folder it cannot list; a site missing part of itself is an error."""
    raise err


def leads_out(site: Site, path: Path) -> bool:
    """A symlink to something outside the site: not read, not copied (Jekyll's safe
    mode ignores these too), so a link can never publish a private file."""
    if not path.is_symlink() or not site.leaves_site(path):
        return False
    try:
        shown = path.relative_to(site.source).as_posix()
    except ValueError:
        shown = str(path)
    try:
        path.resolve()
    except (RuntimeError, OSError):
        site.reporter.warn(f"symlink to {os.readlink(path)} is part of a loop of links, so it "
                           "is skipped (point it at a real file or remove it)", shown)
        return True
    what = "folder" if path.is_dir() else "file"
    site.reporter.warn(f"symlink to {os.readlink(path)} leads out of the site, so it is skipped "
                       f"(copy the {what} into the site if it should be published)", shown)
    return True


def read_entry(site: Site, path: Path, rel: str, drafts: bool) -> None:
    parts = rel.split("/")
    if "_posts" in parts or "_drafts" in parts:
        folder = "_posts" if "_posts" in parts else "_drafts"
        if folder == "_drafts" and not (drafts or site.config.get("show_drafts")):
            return
        categories = [p for p in parts[:parts.index(folder)] if p]
        doc = read_collection_file(site, site.collections["posts"], path, rel,
                                   "post" if folder == "_posts" else "draft")
        if doc is not None and categories:
            existing = doc.categories
            doc.data["categories"] = categories + [c for c in existing if c not in categories]
        return
    if any(p in SPECIAL_DIRS for p in parts[:-1]) or (
            parts[0].startswith("_") and f"{parts[0][1:]}" in site.collections):
        return
    source = read_source(site, path, rel, decode_plain=is_markdown_page(site, rel))
    if source.front_matter:
        site.pages.append(make_document(site, path, rel, source.data, source.body,
                                        source.body_line, None, "page", source.text))
    elif source.text is not None and site.optional_front_matter:
        # GitHub Pages renders Markdown without front matter (optional-front-matter,
        # titles-from-headings, default-layout); so do we where it publishes the site.
        site.pages.append(page_without_front_matter(site, path, rel, source.text))
    else:
        site.static_files.append(StaticFile(path, rel))


def page_without_front_matter(site: Site, path: Path, rel: str, text: str,
                              data: dict | None = None) -> Document:
    """A Markdown file made a page by GitHub Pages' plugins: titled by its first heading
    (titles-from-headings), in the layout default-layout picks."""
    data = dict(data or {})
    from scholarsite.markdown import markdown_heading_title
    title = markdown_heading_title(text)
    if title:
        data.setdefault("title", title)
    doc = make_document(site, path, rel, data, text, 0, None, "page", text)
    if "layout" not in doc.data:
        doc.data["layout"] = default_layout_for(site, doc)
    return doc


README = re.compile(r"(?:^|/)readme\.(?:md|markdown|mkdown|mkdn|mkd)$", re.I)


def index_readmes(site: Site) -> None:
    """jekyll-readme-index (on GitHub Pages): a folder's README without front matter is
    the folder's index page when the folder has none of its own."""
    def folder_of(url: str) -> str:
        return url if url.endswith("/") else url.rsplit("/", 1)[0] + "/"

    indexed = {folder_of(f"/{s.destination_path}") for s in site.static_files
               if PurePosixPath(s.relative_path).stem.lower() == "index"}
    urls = [doc.compute_url() for doc in site.pages]
    indexed |= {folder_of(url) for url in urls
                if url.endswith("/") or PurePosixPath(url).stem == "index"}
    for static in list(site.static_files):
        if not README.search(static.relative_path):
            continue
        folder = "/" + str(PurePosixPath(static.relative_path).parent).strip(".").strip("/")
        folder = folder.rstrip("/") + "/"
        if folder in indexed:
            continue
        text = decode_utf8(static.path.read_bytes(), static.relative_path)
        site.pages.append(page_without_front_matter(site, static.path, static.relative_path,
                                                    text, {"permalink": folder}))
        site.static_files.remove(static)
        indexed.add(folder)


@dataclass
class Source:
    """A source file as read: front matter split off; ``text`` None if not decoded."""

    front_matter: bool
    text: str | None
    data: dict
    body: str
    body_line: int


def read_source(site: Site, path: Path, rel: str, decode_plain: bool) -> Source:
    """Read and split one file; under ``serve`` unchanged files come from memory."""
    memo = site.source_memo
    if memo is not None:
        st = path.stat()
        key = (rel, st.st_mtime_ns, st.st_size, decode_plain)
        if key in memo:
            # Safe to share: documents copy front matter when applying defaults.
            return memo[key]
    with path.open("rb") as handle:  # a static file is never read beyond its start
        raw = handle.read(4096)
        renderable = has_front_matter(raw) or decode_plain
        if renderable:
            check_page_size(site, path, rel)
            raw += handle.read()
    if has_front_matter(raw):
        text = decode_utf8(raw, rel)
        if site.parsed_front_matter is not None:
            parsed = site.parsed_front_matter.split(text, rel, split_front_matter)
        else:
            parsed = split_front_matter(text, rel)
        source = Source(True, text, *parsed)
    elif decode_plain:
        text = decode_utf8(raw, rel)
        source = Source(False, text, {}, text, 0)
    else:
        source = Source(False, None, {}, "", 0)
    if memo is not None:
        memo[key] = source
    return source


def check_page_size(site: Site, path: Path, rel: str) -> None:
    """Markdown converts at a few seconds and some 150 MB of memory per megabyte; a page
    far larger than any homepage is refused up front rather than after minutes."""
    flags = site.config.get("scholarsite")
    limit = flags.get("max_page_mb", MAX_PAGE_MB) if isinstance(flags, dict) else MAX_PAGE_MB
    try:
        limit = float(limit)
    except (TypeError, ValueError):
        raise BuildError(f"scholarsite.max_page_mb is '{limit}' (give a number of megabytes)",
                         "_config.yml") from None
    size = path.stat().st_size
    if size > limit * 1024 * 1024:
        raise BuildError(f"page is {size / 1024 / 1024:.1f} MB, more than the {limit:g} MB "
                         "scholarsite renders (split it into smaller pages, or raise "
                         "scholarsite.max_page_mb in _config.yml)", rel)


def is_markdown_page(site: Site, rel: str) -> bool:
    posix = PurePosixPath(rel)
    return (posix.suffix.lstrip(".").lower() in site.markdown_extensions
            and posix.stem.lower() not in NOT_PAGES)


def default_layout_for(site: Site, doc: Document) -> str | None:
    """jekyll-default-layout: home for the index, page for pages, else default."""
    names = (["home"] if PurePosixPath(doc.relative_path).stem == "index" else []) + ["page", "default"]
    for name in names:
        if site.find_template_file(name):
            return name
    return None


def read_collection_file(site: Site, collection: Collection, path: Path, rel: str,
                         kind: str) -> Document | None:
    plain_text = kind != "document" and (
        PurePosixPath(rel).suffix.lstrip(".").lower() in site.markdown_extensions | {"html"}) \
        or kind == "document" and site.optional_front_matter and is_markdown_page(site, rel)
    source = read_source(site, path, rel, decode_plain=plain_text)
    if not source.front_matter:
        if kind == "document":
            collection.files.append(StaticFile(path, rel, collection))
            if site.optional_front_matter and source.text is not None:
                # optional-front-matter makes a page of it too, at its path in the source
                site.pages.append(page_without_front_matter(site, path, rel, source.text))
            return None
        if source.text is None:
            return None
    text, data, body, body_line = source.text, source.data, source.body, source.body_line
    if kind in ("post", "draft") and not re.search(r"(?:^|/)\d{2,4}-\d{1,2}-\d{1,2}-[^/]+$", rel) \
            and kind == "post":
        site.reporter.warn("post file name does not start with a date (YYYY-MM-DD-title.md); skipped", rel)
        return None
    doc = make_document(site, path, rel, data, body, body_line, collection, kind, text)
    collection.docs.append(doc)
    return doc


def make_document(site: Site, path: Path | None, rel: str, data: dict, body: str,
                  body_line: int, collection: Collection | None, kind: str, text: str) -> Document:
    scope_type = {"page": "pages", "post": "posts", "draft": "drafts"}.get(
        kind, collection.label if collection else "pages")
    data = apply_defaults(site, rel, scope_type, data)
    return Document(site, path, rel, data, body, body_line, collection, kind, text)


def apply_defaults(site: Site, rel: str, scope_type: str, data: dict) -> dict:
    """Jekyll's front matter defaults: matching scopes merged, more specific ones win.

    Always a new mapping: the document may change it, the parsed front matter stays."""
    merged: dict = {}
    best_scope: dict | None = None
    for entry in site.config.get("defaults") or []:
        if not isinstance(entry, dict):
            continue
        scope = entry.get("scope") or {}
        values = entry.get("values") or {}
        if not scope_matches(scope, rel, scope_type):
            continue
        if best_scope is None or has_precedence(best_scope, scope):
            merged = deep_merge(merged, values)
            best_scope = scope
        else:
            merged = deep_merge(values, merged)
    return deep_merge(merged, data)


def scope_matches(scope: dict, rel: str, scope_type: str) -> bool:
    wanted_type = scope.get("type")
    if wanted_type and wanted_type != scope_type and not (
            scope_type == "drafts" and wanted_type == "posts"):
        return False
    scope_path = str(scope.get("path") or "").strip("/")
    if not scope_path:
        return True
    if "*" in scope_path:
        return fnmatch.fnmatch(rel, scope_path) or fnmatch.fnmatch(rel, scope_path + "/*")
    return rel == scope_path or rel.startswith(scope_path + "/")


def has_precedence(old: dict, new: dict) -> bool:
    old_path, new_path = str(old.get("path") or ""), str(new.get("path") or "")
    if len(new_path) != len(old_path):
        return len(new_path) > len(old_path)
    return bool(new.get("type")) or not old.get("type")


def publish_filter(site: Site, future: bool, unpublished: bool) -> None:
    """Drop unpublished and future documents, as Jekyll does by default."""
    def keep(doc: Document) -> bool:
        if doc.data.get("published") is False and not unpublished:
            return False
        if not future and doc.kind == "post" and doc.date and doc.date > site.time:
            if site.next_publication is None or doc.date < site.next_publication:
                site.next_publication = doc.date  # a later build shows it
            return False
        return True
    site.pages = [p for p in site.pages if keep(p)]
    for collection in site.collections.values():
        collection.docs = [d for d in collection.docs if keep(d)]


def sort_collections(site: Site) -> None:
    for collection in site.collections.values():
        sort_by = collection.metadata.get("sort_by")
        order = collection.metadata.get("order")
        if isinstance(order, list):
            rank = {name: i for i, name in enumerate(order)}
            collection.docs.sort(key=lambda d: rank.get(d.relative_path.split("/", 1)[-1], len(rank)))
        elif sort_by:
            # Documents without the key go last, in path order (Jekyll 4 behaviour).
            with_key = [d for d in collection.docs if d.data.get(sort_by) is not None]
            without = [d for d in collection.docs if d.data.get(sort_by) is None]
            with_key.sort(key=lambda d: (sort_key(d.data[sort_by]), d.relative_path))
            collection.docs = with_key + sorted(without, key=lambda d: d.relative_path)
        else:
            collection.docs.sort(key=lambda d: (d.date.timestamp() if d.date else 0, d.relative_path))
    limit = int(site.config.get("limit_posts") or 0)
    if limit and "posts" in site.collections:
        site.collections["posts"].docs = site.posts[-limit:]
    for collection in site.collections.values():
        for before, after in zip(collection.docs, collection.docs[1:]):
            before.next, after.previous = after, before


def sort_key(value):
    return (0, value, "") if isinstance(value, (int, float)) else (1, 0, str(value))


def read_layouts(site: Site) -> dict[str, Path]:
    layouts: dict[str, Path] = {}
    roots = []
    if site.theme_dir is not None:
        roots.append(site.theme_dir / "_layouts")
    roots.append(site.source / site.config.get("layouts_dir", "_layouts"))
    for root in roots:  # the user's layouts are read last and win
        if root.is_dir():
            for path in sorted(root.rglob("*")):
                if path.is_file() and not path.name.startswith(".") and not leads_out(site, path):
                    name = path.relative_to(root).with_suffix("").as_posix()
                    layouts[name] = path
    return layouts


def read_data(root: Path, site: Site) -> dict:
    """``_data/**`` as nested mappings, keyed by file name without extension."""
    data: dict = {}
    if not root.is_dir():
        return data
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.suffix.lower() not in DATA_EXTENSIONS or leads_out(site, path):
            continue
        rel = path.relative_to(root.parent).as_posix()
        keys = path.relative_to(root).with_suffix("").parts
        node = data
        for key in keys[:-1]:
            node = node.setdefault(key, {})
        node[keys[-1]] = read_data_file(path, rel)
    return data


def read_data_file(path: Path, rel: str):
    text = decode_utf8(path.read_bytes(), rel)
    suffix = path.suffix.lower()
    if suffix in (".yml", ".yaml"):
        return load_yaml(text, rel)
    if suffix == ".json":
        try:
            return json.loads(text) if text.strip() else None
        except json.JSONDecodeError as err:
            raise BuildError(f"invalid JSON: {err.msg}", rel, err.lineno, err.colno) from None
    delimiter = "\t" if suffix == ".tsv" else ","
    return [dict(row) for row in csv.DictReader(io.StringIO(text), delimiter=delimiter)]
