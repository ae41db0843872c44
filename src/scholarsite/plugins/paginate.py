"""Pagination: jekyll-paginate-v2 (al-folio's) and jekyll-paginate (GitHub Pages').

Each makes page 2, 3, ... of an index page as copies of it, and gives every copy the
``paginator`` that lists that page's posts. Both are on when listed in ``plugins:``.

jekyll-paginate-v2 (3.0): pages with ``pagination: {enabled: true}`` in their front
matter, merged over ``pagination:`` in ``_config.yml`` (which must be enabled too); the
posts of ``collection`` (``all``: every collection but posts), less ``hidden`` ones and
those filtered out by ``category``/``tag``/``locale``; sorted by ``sort_field``,
``offset`` newest... as the gem does; ``per_page``, ``limit``, ``permalink`` with
``:num``, ``title`` with ``:title``/``:num``/``:max``, and a ``page_trail`` of
``trail.before``/``trail.after`` pages. The pages are ``index.html`` pages, so a
Markdown template's text is not converted, as the gem publishes it.

jekyll-paginate (1.1): ``paginate: N`` and ``paginate_path`` (``/page:num``) in
``_config.yml``; the ``index.html`` in the folder of ``paginate_path`` (or above it)
lists ``site.posts`` without ``hidden`` ones.
"""

from __future__ import annotations

import copy
import math
import posixpath
import re
from datetime import date, datetime

from scholarsite.config import deep_merge, listed_plugins
from scholarsite.errors import BuildError
from scholarsite.frontmatter import key_line
from scholarsite.plugins.registry import Plugin
from scholarsite.site import Document, Site

V2_DEFAULTS = {"enabled": False, "collection": "posts", "offset": 0, "per_page": 10,
               "permalink": "/page:num/", "title": ":title - page :num", "sort_reverse": False,
               "sort_field": "date", "limit": 0, "trail": {"before": 0, "after": 0},
               "indexpage": None, "extension": "html"}


def generate_pagination(site: Site) -> None:
    plugins = listed_plugins(site.config)
    if "jekyll-paginate-v2" in plugins:
        paginate_v2(site)
    elif "jekyll-paginate" in plugins and site.config.get("paginate") is not None:
        paginate_v1(site)


# ---------------------------------------------------------------- jekyll-paginate-v2


def paginate_v2(site: Site) -> None:
    site_config = site.config.get("pagination")
    defaults = deep_merge(V2_DEFAULTS, site_config if isinstance(site_config, dict) else {})
    if not defaults.get("enabled"):
        return
    templates = [page for page in site.pages if isinstance(page.data.get("pagination"), dict)
                 and page.data["pagination"].get("enabled")]
    for template in templates:
        config = deep_merge(defaults, template.data["pagination"])
        if config.get("title_suffix") is not None and "title" not in template.data["pagination"]:
            config["title"] = ":title" + str(config["title_suffix"])
        if str(config.get("enabled")).lower() == "true":
            paginate_template(site, template, config)


def collection_docs(site: Site, names) -> tuple[list[Document], tuple[str, ...]]:
    if isinstance(names, str):
        names = [n for n in re.split(r"[;,\s]", names) if n]
    names = [str(n).lower().strip() for n in names or []]
    docs: list[Document] = []
    used = []
    for name in names:
        wanted = [c for n, c in site.collections.items() if n != "posts"] if name == "all" \
            else [site.collections[name]] if name in site.collections else []
        for collection in wanted:
            used.append(collection.label)
            docs += [d for d in collection.docs if "pagination" not in d.data]
    return [d for d in docs if not d.data.get("hidden")], tuple(dict.fromkeys(used))


def index_by(docs: list[Document], key: str) -> dict[str, list[Document]]:
    index: dict[str, list[Document]] = {}
    for doc in docs:
        values = doc.drop()[key] if key in ("categories", "tags") else doc.data.get(key)
        if not values or not str(values).strip():
            continue
        if isinstance(values, str):
            values = re.split(r"[;,\s]", values)
        for value in values:
            for part in str(value).lower().strip().split(","):
                for piece in part.split(";"):
                    index.setdefault(piece.strip(), []).append(doc)
    return index


def filtered(config: dict, key: str, docs: list[Document]) -> list[Document]:
    wanted = config.get(key)
    if wanted is None:
        return docs
    if isinstance(wanted, str):
        wanted = re.split(r"[;,]", wanted)
    index = index_by(docs, {"category": "categories", "tag": "tags"}.get(key, key))
    for value in wanted if isinstance(wanted, list) else [wanted]:
        keep = {id(d) for d in index.get(str(value).lower().strip(), [])}
        docs = [d for d in docs if id(d) in keep]
    return docs


def sort_value(doc: Document, field: str):
    value = doc.data
    for part in field.split(":"):
        key = part.lower().strip()
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return None if isinstance(value, dict) else value


def sort_key(value):
    """The gem's order: nil first, strings without case, times and dates as times."""
    if value is None:
        return (0, 0)
    if isinstance(value, str):
        return (1, value.lower())
    if isinstance(value, datetime):
        return (2, value.timestamp())
    if isinstance(value, date):
        return (2, datetime(value.year, value.month, value.day).timestamp())
    if isinstance(value, (int, float)):
        return (3, value)
    return (4, str(value))


def full_path(url: str, index: str, ext: str) -> str:
    if url.endswith("/"):
        return url + index + ext
    if "." not in url:
        return url + index
    return url


def number(template: str, num: int, total: int) -> str:
    return template.replace(":num", str(num), 1).replace(":max", str(total), 1)


def integer(value, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def paginate_template(site: Site, template: Document, config: dict) -> None:
    docs, used = collection_docs(site, config.get("collection"))
    for key in ("category", "tag", "locale"):
        docs = filtered(config, key, docs)
    if config.get("sort_field"):
        field = str(config["sort_field"])
        docs = sorted(docs, key=lambda d: sort_key(sort_value(d, field)))
        offset = max(0, integer(config.get("offset"), 0))
        if offset:
            docs = docs[:-offset] if offset < len(docs) else []
        if config.get("sort_reverse"):
            docs.reverse()
    per_page = integer(config.get("per_page"), 10)
    if per_page <= 0:
        raise BuildError(f"pagination per_page must be a positive number, not "
                         f"{config.get('per_page')!r}", template.source_name,
                         key_line(template.source_text, "per_page") or None)
    total = math.ceil(len(docs) / per_page)
    limit = integer(config.get("limit"), 0)
    if 0 < limit < total:
        total = limit
    total = max(total, 1)
    index_name = str(config["indexpage"]).split(".")[0] if config.get("indexpage") else ""
    extension = str(config.get("extension") or "")
    ext = extension if extension.startswith(".") or not extension else "." + extension
    first_url = template.url
    if first_url.endswith("/index.html"):
        first_url = first_url[: -len("index.html")]
    paged_url = posixpath.join(first_url, str(config.get("permalink") or "/page:num/").lstrip("/"))
    if ":num" not in paged_url:
        raise BuildError(f"pagination permalink {config.get('permalink')!r} has no :num",
                         template.source_name, key_line(template.source_text, "permalink") or None)
    title = template.data.get("title") or site.config.get("title")
    pages = []
    for num in range(1, total + 1):
        page = template if num == 1 else copy_page(template, num)
        pager = pager_for(docs, per_page, num, total, first_url, paged_url, index_name, ext)
        path = pager["page_path"]
        page.url = posixpath.join(path, index_name + ext) if path.endswith("/") else \
            path if path.endswith(ext) else path + ext
        if template.data.get("permalink"):
            page.data["permalink"] = path
        page.data["title"] = number(str(config["title"]).replace(":title", str(title), 1), num,
                                    total) if num > 1 and "title" in config else title
        if num > 1:
            page.data["autogen"] = "jekyll-paginate-v2"
        page.data["pagination_info"] = {"curr_page": num, "total_pages": total}
        page.paginator, page.paginated = pager, used
        # The gem's pages are index.html pages: a Markdown template is not converted.
        page.extname = ".html"
        pages.append(page)
    add_trail(pages, config.get("trail"))
    # The gem takes the template out of site.pages and adds every page it makes at the
    # end: a header that sorts site.pages by nav_order lists an equal-ranked paginated
    # blog after the other pages (Ruby's sort is stable here).
    site.pages.remove(template)
    site.pages.extend(pages)
    site.invalidate()


def copy_page(template: Document, num: int) -> Document:
    page = Document(template.site, template.path, template.relative_path,
                    copy.deepcopy(template.data), template.raw_content, template.body_line,
                    template.collection, template.kind, template.source_text)
    page.cache_key = f"{template.relative_path}#page{num}"
    return page


def pager_for(docs, per_page, num, total, first_url, paged_url, index_name, ext) -> dict:
    this_url = full_path(first_url if num == 1 else paged_url, index_name or "index",
                         ext or ".html")
    if index_name:
        first_url = full_path(first_url, index_name, ext)
        paged_url = full_path(paged_url, index_name, ext)
    start = (num - 1) * per_page
    return {
        "per_page": per_page, "posts": [d.drop() for d in docs[start:start + per_page]],
        "total_posts": len(docs), "total_pages": total, "page": num,
        "page_path": number(this_url, num, total),
        "previous_page": num - 1 if num > 1 else None,
        "previous_page_path": None if num == 1 else number(first_url, 1, total) if num == 2
        else number(paged_url, num - 1, total),
        "next_page": num + 1 if num < total else None,
        "next_page_path": number(paged_url, num + 1, total) if num < total else None,
        "first_page": 1, "first_page_path": number(first_url, 1, total),
        "last_page": total, "last_page_path": number(paged_url, total, total),
        "page_trail": None,
    }


def add_trail(pages: list[Document], trail) -> None:
    if not isinstance(trail, dict) or len(pages) < 2:
        return
    before = max(integer(trail.get("before"), 0), 0)
    after = max(integer(trail.get("after"), 0), 0)
    if not before and not after:
        return
    length = before + after + 1
    for page in pages:
        start = max(page.paginator["page"] - before - 1, 0)
        end = min(start + length, len(pages))
        if end - start < length:
            start = max(start - (length - (end - start)), 0)
        page.paginator["page_trail"] = [
            {"num": start + i + 1, "path": other.paginator["page_path"],
             "title": other.data.get("title")} for i, other in enumerate(pages[start:end])]


# ---------------------------------------------------------------- jekyll-paginate


def paginate_v1(site: Site) -> None:
    per_page = integer(site.config.get("paginate"), 0)
    path_format = str(site.config.get("paginate_path") or "/page:num")
    if per_page <= 0 or ":num" not in path_format:
        return
    template = v1_template(site, path_format)
    if template is None:
        return
    posts = [d for d in reversed(site.posts) if not d.data.get("hidden")]
    total = max(math.ceil(len(posts) / per_page), 1)

    def path_of(num: int | None):
        if num is None:
            return None
        if num <= 1:
            return template.url
        formatted = path_format.replace(":num", str(num), 1)
        return formatted if formatted.startswith("/") else "/" + formatted

    for num in range(1, total + 1):
        page = template if num == 1 else copy_page(template, num)
        if num > 1:
            page.url = path_of(num).rstrip("/") + "/"
            site.pages.append(page)
        start = (num - 1) * per_page
        previous = num - 1 if num > 1 else None
        following = num + 1 if num < total else None
        page.paginator = {
            "page": num, "per_page": per_page,
            "posts": [d.drop() for d in posts[start:start + per_page]],
            "total_posts": len(posts), "total_pages": total,
            "previous_page": previous, "previous_page_path": path_of(previous),
            "next_page": following, "next_page_path": path_of(following)}
        page.paginated = ("posts",)
    site.invalidate()


def v1_template(site: Site, path_format: str) -> Document | None:
    """The deepest ``index.html`` whose folder is the paginate_path's folder or above it."""
    target = posixpath.dirname("/" + path_format.lstrip("/"))
    folders = set()
    while target not in ("/", ""):
        folders.add(target.strip("/"))
        target = posixpath.dirname(target)
    folders.add("")
    candidates = [page for page in site.pages
                  if posixpath.basename(page.relative_path) == "index.html"
                  and posixpath.dirname(page.relative_path) in folders]
    candidates.sort(key=lambda page: -len(page.relative_path))
    return candidates[0] if candidates else None


PLUGIN = Plugin("jekyll-paginate-v2", gems=("jekyll-paginate",), generators=(generate_pagination,),
                config=("pagination", "paginate", "paginate_path"))
