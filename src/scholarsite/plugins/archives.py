"""Archive pages: jekyll-archives (2.2) and al-folio's jekyll-archives-v2.

jekyll-archives: ``jekyll-archives: {enabled, layout, layouts, permalinks, slug_mode}``;
``enabled`` lists ``year``, ``month``, ``day``, ``tags`` and ``categories`` (or is ``true`` /
``all``); one page per year, month, day, tag and category of the posts, with the type's
layout, ``page.posts`` newest first, ``page.type``, ``page.title`` (a tag or category) and
``page.date`` (a date archive's first day).

jekyll-archives-v2: the same per collection (``jekyll-archives: {posts: {...}, books:
{...}}``), any front matter list as a type (``tags``, ``categories``, ``authors``...),
``:collection`` and ``:type`` (singular: ``tag``) in permalinks, ``/:collection/:type/:name/``
for a type with none, ``page.documents`` and ``page.collection_name``.
Both are on when listed in ``plugins:``.
"""

from __future__ import annotations

from datetime import date

from scholarsite.config import listed_plugins
from scholarsite.plugins.registry import Plugin
from scholarsite.site import Document, Site, fill_url, slugify, url_destination

V1_PERMALINKS = {"year": "/:year/", "month": "/:year/:month/", "day": "/:year/:month/:day/",
                 "tag": "/tag/:name/", "category": "/category/:name/"}
V2_PERMALINKS = {"year": "/:collection/:year/", "month": "/:collection/:year/:month/",
                 "day": "/:collection/:year/:month/:day/", "tags": "/:collection/:type/:name/"}
DATE_TYPES = (("year", "%Y"), ("month", "%m"), ("day", "%d"))


def generate_archives(site: Site) -> None:
    plugins = listed_plugins(site.config)
    settings = site.config.get("jekyll-archives")
    if "jekyll-archives-v2" in plugins and isinstance(settings, dict):
        archives_v2(site, settings)
    elif "jekyll-archives" in plugins:
        archives_v1(site, settings if isinstance(settings, dict) else {})


def enabled(config: dict, kind: str) -> bool:
    value = config.get("enabled")
    return value is True or value == "all" or (isinstance(value, list) and kind in value)


def newest_first(docs: list[Document]) -> list[Document]:
    """Jekyll's Document order (date, then path), reversed."""
    return sorted(docs, key=lambda d: (d.date.timestamp() if d.date else 0, d.relative_path),
                  reverse=True)


def by_date(docs: list[Document], pattern: str) -> dict[str, list[Document]]:
    groups: dict[str, list[Document]] = {}
    for doc in docs:
        if doc.date is not None:
            groups.setdefault(doc.date.strftime(pattern), []).append(doc)
    return {key: newest_first(group) for key, group in groups.items()}


def by_value(docs: list[Document], values_of) -> dict[str, list[Document]]:
    groups: dict[str, list[Document]] = {}
    for doc in docs:
        for value in values_of(doc) or ():
            groups.setdefault(value, []).append(doc)
    return {key: newest_first(group) for key, group in groups.items()}


def date_archives(docs: list[Document], config: dict, make) -> None:
    """Year, month and day pages, each year followed by its months and their days."""
    for year, in_year in by_date(docs, "%Y").items():
        if enabled(config, "year"):
            make({"year": year}, "year", in_year)
        for month, in_month in by_date(in_year, "%m").items():
            if enabled(config, "month"):
                make({"year": year, "month": month}, "month", in_month)
            for day, in_day in by_date(in_month, "%d").items():
                if enabled(config, "day"):
                    make({"year": year, "month": month, "day": day}, "day", in_day)


def singular(word: str) -> str:
    """ActiveSupport's singularize for the words archive types are: tags, categories..."""
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def archive_page(site: Site, config: dict, title, kind: str, docs: list[Document],
                 listing_key: str, extra: dict, placeholders: dict,
                 fallback: str | None = None) -> Document | None:
    template = (config.get("permalinks") or {}).get(kind) or fallback
    if not template:
        return None
    if isinstance(title, dict):
        values = {**title, **placeholders}
        day = date(*(int(v) for v in title.values()), *([1] * (3 - len(title))))
        data = {"title": None, "date": day}
    else:
        values = {"name": slugify(str(title), str(config.get("slug_mode") or "default")),
                  **placeholders}
        data = {"title": str(title)}
    url = fill_url(str(template), values)
    layouts = config.get("layouts") or {}
    data.update(layout=layouts.get(kind) or config.get("layout"), type=kind,
                **{listing_key: [d.drop() for d in docs]}, **extra)
    relative = url_destination(url, ".html")
    page = Document(site, None, relative, data, "", kind="page")
    page.url = url
    page.cache_key = f"archive:{relative}"
    # What the render cache compares: the drops in ``data`` have no stable text.
    page.source_text = "\n".join([kind, url, *(d.relative_path for d in docs)])
    page.paginated = tuple({d.collection.label for d in docs if d.collection})
    return page


def archives_v1(site: Site, settings: dict) -> None:
    config = {"layout": "archive", "enabled": [], **settings,
              "permalinks": {**V1_PERMALINKS, **(settings.get("permalinks") or {})}}
    posts = site.posts
    pages: list[Document] = []

    def make(title, kind, docs):
        page = archive_page(site, config, title, kind, docs, "posts", {}, {"type": kind})
        if page is not None:
            pages.append(page)

    if enabled(config, "tags"):
        for tag, docs in by_value(posts, lambda d: d.tags).items():
            make(tag, "tag", docs)
    if enabled(config, "categories"):
        for category, docs in by_value(posts, lambda d: d.categories).items():
            make(category, "category", docs)
    if any(enabled(config, kind) for kind, _ in DATE_TYPES):
        date_archives(posts, config, make)
    add_pages(site, pages)


def archives_v2(site: Site, settings: dict) -> None:
    pages: list[Document] = []
    for name, own in settings.items():
        collection = site.collections.get(name)
        if collection is None or not isinstance(own, dict):
            continue
        config = {"layout": "archive", "enabled": [], **own,
                  "permalinks": {**V2_PERMALINKS, **(own.get("permalinks") or {})}}
        docs = collection.docs

        def make(title, kind, group, name=name):
            page = archive_page(site, config, title, kind, group, "documents",
                                {"collection_name": name},
                                {"collection": name, "type": singular(kind)},
                                "/:collection/:type/:name/")
            if page is not None:
                pages.append(page)

        if any(enabled(config, kind) for kind, _ in DATE_TYPES):
            date_archives(docs, config, make)
        value = config.get("enabled")
        if isinstance(value, list):
            kinds = [k for k in value if k not in ("year", "month", "day")]
        elif value is True or value == "all":
            kinds = list(dict.fromkeys(key for d in docs for key, v in d.data.items()
                                       if isinstance(v, list)))
        else:
            kinds = []
        for kind in kinds:
            for title, group in by_value(docs, lambda d, k=kind: values_of(d, k)).items():
                make(title, kind, group)
    add_pages(site, pages)


def values_of(doc: Document, key: str) -> list:
    if key == "tags":
        return doc.tags
    if key == "categories":
        return doc.categories
    value = doc.data.get(key)
    return value if isinstance(value, list) else []


def add_pages(site: Site, pages: list[Document]) -> None:
    if pages:
        site.pages.extend(pages)
        site.invalidate()


PLUGIN = Plugin("jekyll-archives", gems=("jekyll-archives-v2",), generators=(generate_archives,),
                config=("jekyll-archives",))
