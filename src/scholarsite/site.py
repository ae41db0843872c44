"""The site model: what the reader finds and the renderer fills in.

Nothing here renders; URLs and Liquid views ("drops") are derived from the model.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timezone
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote, unquote

from dateutil import parser as dateutil_parser

from scholarsite import clock
from scholarsite.config import PERMALINK_STYLES
from scholarsite.errors import BuildError, Reporter
from scholarsite.frontmatter import key_line

POST_FILENAME = re.compile(r"^(?:.+/)*(\d{2,4}-\d{1,2}-\d{1,2})-(.*)(\.[^.]+)$")


def slugify(text: str, mode: str = "default", cased: bool = False) -> str:
    """Jekyll's Utils.slugify (shared with the ``slugify`` filter)."""
    from scholarsite.liquid.filters import ruby_slugify
    return ruby_slugify(str(text), mode, cased) or ""


def to_datetime(value: Any, tz=None, lenient: bool = False) -> datetime | None:
    """Front matter dates come as date, datetime or text; Jekyll makes them Times.

    ``lenient``: also what Ruby's Time.parse reads ("March 3, 2024", 2024), as Jekyll
    does for documents."""
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, date):
        parsed = datetime.combine(value, time())
    elif isinstance(value, str) or lenient and isinstance(value, int) and not isinstance(value, bool):
        text = str(value).strip().replace(" +", "+").replace(" -", "-")
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError:
            if not lenient:
                return None
            try:
                parsed = ruby_numeric_date(text) or dateutil_parser.parse(
                    str(value), default=datetime(clock.now().year, 1, 1))
            except (ValueError, OverflowError):
                return None
    else:
        return None
    if parsed.tzinfo is None and tz is not None:
        parsed = parsed.replace(tzinfo=tz)
    return parsed


RUBY_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{3,})(?:[ T](\d{1,2}):(\d\d)(?::(\d\d))?)?")
RUBY_SHORT_SLASHES = re.compile(r"(\d{1,2})/(\d{1,2})(?:/(\d{1,2}))?")


def ruby_numeric_date(text: str) -> datetime | None:
    """How Ruby's Time.parse reads all-number dates that dateutil reads otherwise:
    ``04/11/2022`` (and ``4-11-2022``, ``04.11.2022``) is the 4th of November,
    ``04/11/22`` is 2004-11-22, ``11/04`` is the 4th of November this year."""
    found = RUBY_DAY_MONTH_YEAR.fullmatch(text)
    if found:
        day, month, year = int(found[1]), int(found[2]), int(found[3])
        hour, minute, second = (int(found[i] or 0) for i in (4, 5, 6))
        return datetime(year, month, day, hour, minute, second)
    found = RUBY_SHORT_SLASHES.fullmatch(text)
    if found and found[3]:
        year = int(found[1])
        return datetime(year + (2000 if year < 50 else 1900), int(found[2]), int(found[3]))
    if found:
        return datetime(clock.now().year, int(found[1]), int(found[2]))
    return None


@dataclass
class Collection:
    label: str
    metadata: dict
    relative_directory: str
    docs: list["Document"] = field(default_factory=list)
    files: list["StaticFile"] = field(default_factory=list)

    @property
    def output(self) -> bool:
        return bool(self.metadata.get("output", False))

    def url_template(self, permalink_style: str) -> str:
        if self.metadata.get("permalink") is not None:
            template = str(self.metadata["permalink"])  # `permalink: 2024` is text too
            return PERMALINK_STYLES.get(template, template) if self.label == "posts" else template
        return add_permalink_suffix("/:collection/:path", permalink_style)


@dataclass
class StaticFile:
    path: Path
    relative_path: str  # from the source, with "/" separators
    collection: Collection | None = None
    destination_path: str = ""  # relative to the destination

    def __post_init__(self):
        if not self.destination_path:
            rel = self.relative_path
            if self.collection is not None:
                # Collection files keep their path inside the collection folder.
                rel = f"{self.collection.label}/" + rel.split("/", 1)[1] if "/" in rel else rel
            self.destination_path = rel

    def to_liquid(self, tz=None) -> dict:
        posix = PurePosixPath(self.relative_path)
        return {
            "path": "/" + self.relative_path,
            "name": posix.name,
            "basename": posix.stem,
            "extname": posix.suffix,
            "modified_time": clock.file_time(self.path.stat().st_mtime, tz) if self.path else None,
            "collection": self.collection.label if self.collection else None,
        }


def add_permalink_suffix(template: str, style: str) -> str:
    """Jekyll's Utils.add_permalink_suffix."""
    if style == "pretty":
        return template + "/"
    if style in ("date", "ordinal", "none", "weekdate"):
        return template + ":output_ext"
    if style.endswith("/"):
        return template + "/"
    if style.endswith(":output_ext"):
        return template + ":output_ext"
    return template


def fill_url(template: str, placeholders: Mapping) -> str:
    """Jekyll::URL: replace ``:name`` placeholders (longest name first), then tidy."""
    def replace(match: re.Match) -> str:
        try:
            value = placeholders[match.group(1)]
        except KeyError:
            return match.group(0)
        return quote(value, safe="/!$&'()*+,;=:@~")

    return sanitize_url(re.sub(r":([a-z_]+)", replace, template))


class UrlPlaceholders(Mapping):
    """Jekyll's URL placeholders of a document, each computed only if the template uses it."""

    DATE_FORMATS = {"year": "%Y", "month": "%m", "day": "%d", "hour": "%H", "minute": "%M",
                    "second": "%S", "short_month": "%b", "long_month": "%B", "short_year": "%y",
                    "y_day": "%j", "week": "%V", "short_day": "%a", "long_day": "%A"}

    def __init__(self, doc: "Document"):
        self.doc = doc

    def compute(self, key: str) -> str:
        doc = self.doc
        if key in self.DATE_FORMATS or key in ("i_day", "i_month"):
            if doc.date is None:
                raise KeyError(key)
            if key in ("i_day", "i_month"):
                return str(doc.date.day if key == "i_day" else doc.date.month)
            return doc.date.strftime(self.DATE_FORMATS[key])
        if key == "collection":
            return doc.collection.label if doc.collection else ""
        if key == "path":  # the path inside the collection folder, without extension
            if doc.kind in ("post", "draft"):
                inside = re.sub(r"^(?:.*?/)?_(posts|drafts)/", "", doc.relative_path)
            else:
                inside = doc.relative_path.split("/", 1)[-1]
            return str(PurePosixPath(inside).with_suffix(""))
        if key == "name":
            return slugify(doc.basename_without_ext)
        if key == "title":
            return slugify(doc.data.get("slug") or doc.slug, "pretty", cased=True)
        if key == "slug":
            return slugify(doc.data.get("slug") or doc.slug)
        if key == "output_ext":
            return doc.output_ext
        if key == "categories":
            return "/".join(c.lower() for c in doc.categories)
        if key == "slugified_categories":
            return "/".join(slugify(c) for c in doc.categories)
        raise KeyError(key)

    def __getitem__(self, key: str) -> str:
        return self.compute(key)

    def __contains__(self, key: object) -> bool:
        try:
            self.compute(key)  # type: ignore[arg-type]
            return True
        except KeyError:
            return False

    def __iter__(self):
        return iter(())

    def __len__(self) -> int:
        return 0


class Document:
    """A source file that gets rendered: a page, a post, or a collection document."""

    def __init__(self, site: "Site", path: Path | None, relative_path: str, data: dict,
                 content: str, body_line: int = 0, collection: Collection | None = None,
                 kind: str = "page", source_text: str = ""):
        self.site = site
        self.path = path
        self.relative_path = relative_path
        self.data = data
        self.raw_content = content
        self._content = content  # the body; the converted body once rendered
        self.from_cache = None  # a CachedRender standing in for rendering this build
        self.body_line = body_line  # lines before the body, to report Liquid errors
        self.collection = collection
        self.kind = kind  # "page", "post", "draft" or "document"
        self.source_text = source_text
        self._output: str | None = None
        self.rendered = False
        self.excerpt_html: str | None = None
        self.next: Document | None = None
        self.previous: Document | None = None
        self._drop: DocumentDrop | None = None
        self.paginator: dict | None = None  # ``paginator`` in Liquid, on paginated pages
        self.paginated: tuple[str, ...] = ()  # the collections its paginator lists
        self.scholar_cited: list[str] = []  # keys its {% cite %} tags cited, in order
        self.cache_key = relative_path  # the render cache's name for it (unique per output)
        # posixpath rather than PurePosixPath: this runs for every file of every build.
        self.basename_without_ext, self.extname = posixpath.splitext(posixpath.basename(relative_path))
        self.slug = self.basename_without_ext
        self.date: datetime | None = None
        if kind != "page":  # Jekyll 4 reads every collection document's name so
            match = POST_FILENAME.match(relative_path)
            if match:
                self.slug = match.group(2)
                if data.get("date") is None:  # as in Jekyll, front matter wins over the name
                    self.date = self.filename_date(match.group(1))
        if kind != "page":
            # Jekyll's Document#populate_title: every document gets a title and slug.
            self.slug = re.sub(r"\.+$", "", self.slug)
            data.setdefault("title", " ".join(w.capitalize() for w in self.slug.split("-")))
            data.setdefault("slug", self.slug)
            data.setdefault("ext", self.extname)
        if data.get("date") is not None:
            self.date = self.front_matter_date(data["date"]) or self.date
        if self.date is None and kind == "draft" and path is not None:
            self.date = clock.file_time(path.stat().st_mtime, site.tz)
        if self.date is None and kind != "page":
            self.date = site.time
        if self.date is not None:
            self.data["date"] = self.date
        self.url = ""

    def filename_date(self, text: str) -> datetime:
        y, m, d = (int(x) for x in text.split("-"))
        try:
            return datetime(y, m, d, tzinfo=self.site.tz)
        except ValueError as err:
            raise BuildError(f"impossible date {text} in the file name: {err} (rename the "
                             "file to a real date, YYYY-MM-DD-title)", self.relative_path) from None

    def front_matter_date(self, value: Any) -> datetime | None:
        """The ``date`` key as a time. Jekyll stops on one it cannot read in a document;
        a page's date is only text to Jekyll, so there a date-like typo only warns."""
        yaml_without_zone = isinstance(value, datetime) and value.tzinfo is None
        if yaml_without_zone:  # Ruby's YAML reads a timestamp without a zone as UTC
            value = value.replace(tzinfo=timezone.utc)
        parsed = to_datetime(value, self.site.tz, lenient=self.kind != "page")
        if parsed is None:
            advice = "(write it as YYYY-MM-DD, optionally with HH:MM:SS)"
            line = key_line(self.source_text, "date")
            if self.kind != "page":
                raise BuildError(f"invalid date '{value}' {advice}", self.relative_path, line)
            if re.match(r"\d{4}-\d{1,2}-\d{1,2}", str(value)):
                self.site.reporter.warn(f"invalid date '{value}', kept as text {advice}",
                                        self.relative_path, line)
        if parsed is not None and parsed.tzinfo is not None:
            try:  # layouts show it in UTC and in the site's zone: both must exist
                parsed.astimezone(timezone.utc), parsed.astimezone(self.site.tz)
            except (OverflowError, ValueError):
                message = (f"date '{value}' lies outside the years 1 to 9999 once moved to "
                           "UTC or the site's time zone (choose a date within them)")
                if self.kind != "page":
                    raise BuildError(message, self.relative_path,
                                     key_line(self.source_text, "date")) from None
                self.site.reporter.warn(message + "; kept as text", self.relative_path,
                                        key_line(self.source_text, "date"))
                return None
            # Jekyll shows a document's date in the site's zone (`timezone`, else the
            # machine's), whatever offset it was written with: 17:27-0800 is the next day
            # in UTC. A page's date keeps a written offset.
            if self.kind != "page" or yaml_without_zone:
                parsed = parsed.astimezone(self.site.tz)
        return parsed

    # -- results: rendered now, or read from the cache only if someone asks ------
    @property
    def content(self) -> str:
        if self._content is None and self.from_cache is not None:
            self._content = self.from_cache.content
        return self._content

    @content.setter
    def content(self, value: str) -> None:
        self._content = value

    @property
    def output(self) -> str | None:
        if self._output is None and self.from_cache is not None:
            self._output = self.from_cache.output
        return self._output

    @output.setter
    def output(self, value: str | None) -> None:
        self._output = value

    def use_cached(self, cached) -> None:
        self.from_cache, self._content, self._output, self.rendered = cached, None, None, True

    # -- classification -------------------------------------------------
    @property
    def source_name(self) -> str:
        """How messages name this file: relative to the site, or the theme file's path."""
        if self.path is not None and self.site.theme_dir is not None \
                and self.site.theme_dir in self.path.parents:
            return str(self.path)
        return self.relative_path

    @property
    def is_markdown(self) -> bool:
        return self.extname.lstrip(".").lower() in self.site.markdown_extensions

    @property
    def is_sass(self) -> bool:
        return self.extname.lower() in (".scss", ".sass")

    @property
    def output_ext(self) -> str:
        if self.is_markdown:
            return ".html"
        if self.is_sass:
            return ".css"
        return self.extname

    @property
    def categories(self) -> list[str]:
        return pluralized(self.data, "category", "categories")

    @property
    def tags(self) -> list[str]:
        return pluralized(self.data, "tag", "tags")

    @property
    def write(self) -> bool:
        return self.collection is None or self.collection.output

    # -- URL --------------------------------------------------------------
    def compute_url(self) -> str:
        url = escape_unlinkable(self._url_from_template())
        problem = unwritable_url(url, self.output_ext)
        if problem:
            from scholarsite.errors import BuildError
            from scholarsite.frontmatter import key_line
            raise BuildError(f"the URL {url[:80]!r} {problem} (change the permalink, or the "
                             "slug, title or categories it is made of)",
                             self.source_name, key_line(self.source_text, "permalink") or 1)
        return url

    def _url_from_template(self) -> str:
        style = str(self.site.config.get("permalink") or "date")
        permalink = self.data.get("permalink")
        if self.kind == "page":
            posix = PurePosixPath(self.relative_path)
            directory = str(posix.parent) if str(posix.parent) != "." else ""
            placeholders = {"path": directory, "basename": posix.stem,
                            "output_ext": self.output_ext}
            if permalink:
                template = str(permalink)
            elif self.output_ext not in (".html", ".htm"):
                template = "/:path/:basename:output_ext"
            elif posix.stem == "index":
                template = "/:path/"
            else:
                template = add_permalink_suffix("/:path/:basename", style)
            if permalink and ":" not in template:
                return sanitize_url(template)
            return fill_url(template, placeholders)
        placeholders = self.url_placeholders()
        template = str(permalink) if permalink else self.collection.url_template(style)
        return fill_url(template, placeholders)

    def url_placeholders(self) -> "UrlPlaceholders":
        return UrlPlaceholders(self)

    @property
    def destination_path(self) -> str:
        """Where the output goes, relative to the destination folder."""
        return url_destination(self.url, self.output_ext)

    # -- Liquid view ------------------------------------------------------
    def drop(self) -> "DocumentDrop":
        if self._drop is None:
            self._drop = DocumentDrop(self)
        return self._drop

    @property
    def id(self) -> str:
        """Jekyll's document id: the URL without its extension."""
        if self.kind == "page":
            return ""
        url = self.url.rstrip("/")
        return url[:-len(self.output_ext)] if self.output_ext and url.endswith(self.output_ext) else url

    def __repr__(self) -> str:
        return f"<Document {self.relative_path}>"


def sanitize_url(url: str) -> str:
    """Jekyll::URL#sanitize_url: no ``..`` or ``./`` (a URL never leaves the site's
    folder), no repeated ``/``, one leading ``/``."""
    url = ("/" + url).replace("..", "/").replace("./", "")
    return re.sub(r"/{2,}", "/", url)


def pluralized(data: dict, singular: str, plural: str) -> list[str]:
    """Jekyll's Utils.pluralized_array_from_hash: ``tag: a b`` is one tag, ``tags: a b`` two."""
    if data.get(singular) is not None and data.get(plural) is None:
        return [str(data[singular])]
    return list_of(data.get(plural))


def list_of(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return value.split()
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    return [str(value)]


class DocumentDrop(Mapping):
    """``page`` / ``post`` as Liquid sees them: front matter plus Jekyll's computed keys.

    Computed keys are looked up on demand, so a listing page that reads only titles
    never pays for excerpts.
    """

    COMPUTED = ("content", "url", "path", "relative_path", "name", "dir", "id", "collection",
                "excerpt", "output", "categories", "tags", "slug", "next", "previous", "ext",
                "date", "draft")

    def __init__(self, doc: Document):
        self.doc = doc

    # What Jekyll computes over a front matter key of the same name: DocumentDrop's
    # methods for collection documents, Page's ATTRIBUTES_FOR_LIQUID for pages.
    DOCUMENT_WINS = frozenset({"categories", "tags", "excerpt", "collection", "content",
                               "output", "url", "id", "relative_path"})
    PAGE_WINS = frozenset({"categories", "tags", "content", "dir", "name", "path", "url"})

    def __getitem__(self, key: str) -> Any:
        doc = self.doc
        if key in doc.data and key not in (self.PAGE_WINS if doc.kind == "page"
                                           else self.DOCUMENT_WINS):
            return doc.data[key]
        if key == "content":
            return doc.content
        if key == "url":
            return doc.url
        if key in ("path", "relative_path"):
            return doc.relative_path
        if key == "name":
            return PurePosixPath(doc.relative_path).name
        if key == "dir":
            return doc.url if doc.url.endswith("/") else doc.url.rsplit("/", 1)[0] + "/"
        if key == "id":
            return doc.id if doc.kind != "page" else None
        if key == "collection":
            return doc.collection.label if doc.collection else None
        if key == "excerpt":
            return doc.site.excerpt(doc) if doc.kind != "page" else None
        if key == "output":
            return doc.output
        if key == "categories":
            return doc.categories
        if key == "tags":
            return doc.tags
        if key == "slug":
            return doc.slug if doc.kind != "page" else None
        if key in ("next", "previous"):
            doc.site.reads_listing(f"neighbours:{doc.relative_path}")
            neighbour = doc.next if key == "next" else doc.previous
            return neighbour.drop() if neighbour else None
        if key == "ext":
            return doc.extname
        if key == "draft":
            return doc.kind == "draft"
        if key == "date":
            return doc.date
        raise KeyError(key)

    def __contains__(self, key: object) -> bool:
        return key in self.doc.data or key in self.COMPUTED

    def __iter__(self):
        yield from self.doc.data
        yield from (k for k in self.COMPUTED if k not in self.doc.data)

    def __len__(self) -> int:
        return len(set(self.doc.data) | set(self.COMPUTED))

    def __str__(self) -> str:
        return self.doc.content or ""

    # Jekyll's DocumentDrop::NESTED_OBJECT_FIELD_BLACKLIST
    NOT_IN_NEIGHBOURS = ("content", "output", "excerpt", "next", "previous")

    def hash_for_json(self, depth: int) -> dict:
        """Jekyll's DocumentDrop#hash_for_json (for jsonify and inspect): from two levels
        down, the next and previous documents lose their content and their own neighbours,
        so that posts, which point at each other, make a finite output."""
        data = dict(self)
        if depth >= 2:
            for key in ("next", "previous"):
                if data.get(key) is not None:
                    data[key] = {k: v for k, v in data[key].items()
                                 if k not in self.NOT_IN_NEIGHBOURS}
        return data


class Site:
    """Everything read from the source folder, plus what generators add."""

    def __init__(self, source: Path, config: dict, reporter: Reporter | None = None,
                 theme_dir: Path | None = None):
        self.source = source
        self.config = config
        self.reporter = reporter or Reporter()
        self.theme_dir = theme_dir
        # jekyll.environment, from JEKYLL_ENV as in Jekyll (themes skip analytics in development)
        self.environment = os.environ.get("JEKYLL_ENV", "development")
        self.tz = timezone_from(config.get("timezone"))
        self.time = clock.now(self.tz)  # SOURCE_DATE_EPOCH when set
        self.markdown_extensions = {e.strip().lower() for e in str(config.get("markdown_ext", "md")).split(",")}
        self.pages: list[Document] = []
        self.collections: dict[str, Collection] = {}
        self.static_files: list[StaticFile] = []
        self.theme_pages: list[Document] = []  # the theme's assets (e.g. its stylesheet)
        self.theme_static_files: list[StaticFile] = []
        self.uses_theme_layouts = False
        self.data: dict = {}
        self.layouts: dict[str, Path] = {}
        self.generated_files: dict[str, bytes] = {}
        self.generated_owners: dict[str, tuple] = {}  # rel -> (name in messages, its page)
        self.redirect_stubs: set[str] = set()  # generated files that are redirect pages
        self.optional_front_matter = True  # Markdown without front matter is a page
        self.conflict_losers: set[int] = set()  # files another one overwrites (ids)
        self.cache: dict = {}  # per-build memo for plugins (e.g. parsed bibliographies)
        self.source_memo: dict | None = None  # parsed source files kept between serve builds
        self.parsed_front_matter = None  # a ParsedFrontMatter from the cache folder, if any
        self.warned_plugin_tags: set[str] = set()  # unknown tags already warned about
        self.cache_folder: Path | None = None  # where plugins may keep results; None: --no-cache
        self.files_read: set[str] = set()  # by the renders (absolute paths), for uptodate
        self.next_publication: datetime | None = None  # the first future post left out
        self.liquid = None  # set by the renderer
        self.recording = None  # the Dependencies of the document being rendered
        self.current_page: Document | None = None
        from scholarsite.profile import Profile
        self.profile = Profile(False)
        self._payload: dict | None = None
        self._by_path: dict[str, Document] | None = None
        self._real_roots: list[Path] | None = None

    # -- the model ----------------------------------------------------------
    @property
    def posts(self) -> list[Document]:
        return self.collections["posts"].docs if "posts" in self.collections else []

    def documents(self) -> list[Document]:
        return [doc for c in self.collections.values() for doc in c.docs]

    def all_renderable(self) -> list[Document]:
        """Collections first, then pages: Jekyll's render order (pages see rendered posts)."""
        return self.documents() + self.pages

    def document_at(self, relative_path: str) -> Document | None:
        if self._by_path is None:
            self._by_path = {d.relative_path: d for d in self.all_renderable()}
        return self._by_path.get(relative_path)

    def find_template_file(self, name: str, folder: str = "_layouts") -> Path | None:
        """A layout or include by name: the user's file first, then the theme's."""
        if folder == "_layouts" and name in self.layouts:
            return self.layouts[name]
        name = name.lstrip("/")  # inside the folder, as Jekyll's File.join has it
        if not name or ".." in PurePosixPath(name).parts:
            return None
        roots = [self.source / self.config.get(folder.lstrip("_") + "_dir", folder)]
        if self.theme_dir is not None:
            roots.append(self.theme_dir / folder)
        for root in roots:
            for candidate in (root / name, root / f"{name}.liquid", root / f"{name}.html"):
                if candidate.is_file():
                    return candidate
        return None

    def leaves_site(self, path: Path) -> bool:
        """Whether ``path`` leads, through a symlink, out of the site (and the theme).
        Such files are not read, as Jekyll does in safe mode."""
        if self._real_roots is None:
            self._real_roots = [root.resolve() for root in (self.source, self.theme_dir)
                                if root is not None]
        try:
            real = path.resolve()
        except (RuntimeError, OSError):  # a symlink loop leads nowhere in the site
            return True
        return not any(real.is_relative_to(root) for root in self._real_roots)

    def depends_on(self, path: Path) -> None:
        """Note that the document being rendered read this file (layout, include, .bib)."""
        if self.recording is not None:
            self.recording.files.add(str(path))

    def reads_listing(self, key: str) -> None:
        if self.recording is not None:
            self.recording.listings.add(key)

    def add_generated_page(self, relative_path: str, front_matter: dict, content: str) -> Document:
        """For generators (publication pages, redirects): a page with no source file."""
        from scholarsite.reader import apply_defaults
        data = apply_defaults(self, relative_path, "pages", dict(front_matter))
        doc = Document(self, None, relative_path, data, content, kind="page")
        doc.url = doc.compute_url()
        self.pages.append(doc)
        self.invalidate()
        return doc

    def invalidate(self) -> None:
        """After a generator adds pages: ``site.*`` and lookups by path are built again."""
        self._payload = self._by_path = None

    def add_generated_file(self, relative_path: str, data: bytes, owner: str = "",
                           doc: Document | None = None, redirect: bool = False) -> None:
        """A file a plugin makes. ``owner`` names it in messages, ``doc`` is the page it is
        made for; a ``redirect`` page gives way to any other file at its place."""
        rel = relative_path.lstrip("/")
        if rel in self.generated_files and owner:
            held_owner, held_doc = self.generated_owners.get(rel, ("", None))
            held_redirect = rel in self.redirect_stubs
            if held_owner and held_owner != owner and (redirect or held_redirect):
                from scholarsite.write import REDIRECT, GENERATED, warn_overwrite
                new = (REDIRECT if redirect else GENERATED, owner, doc)
                held = (REDIRECT if held_redirect else GENERATED, held_owner, held_doc)
                keep_held = redirect and not held_redirect
                warn_overwrite(self, rel, *((held, new) if keep_held else (new, held)))
                if keep_held:
                    return
        self.generated_files[rel] = data
        if owner:
            self.generated_owners[rel] = (owner, doc)
        if redirect:
            self.redirect_stubs.add(rel)
        else:
            self.redirect_stubs.discard(rel)

    def excerpt(self, doc: Document) -> str:
        from scholarsite.render import render_excerpt
        if doc.excerpt_html is None:
            doc.excerpt_html = render_excerpt(self, doc)
        return doc.excerpt_html

    # -- the ``site`` variable -------------------------------------------------
    def payload(self) -> dict:
        if self._payload is None:
            self._payload = SitePayload(self)
        return self._payload


class SitePayload(Mapping):
    """``site`` in Liquid: the config plus the content, built lazily and once."""

    def __init__(self, site: Site):
        self.site = site
        self.values: dict = {}

    def compute(self, key: str) -> Any:
        site = self.site
        if key == "pages":
            return [p.drop() for p in site.pages]
        if key == "html_pages":
            return [p.drop() for p in site.pages if p.output_ext == ".html"]
        if key == "posts":
            return [p.drop() for p in reversed(site.posts)]
        if key == "documents":
            return [d.drop() for d in site.documents()]
        if key == "data":
            return site.data
        if key == "time":
            return site.time
        if key == "static_files":
            return [f.to_liquid(site.tz) for f in site.static_files]
        if key in ("categories", "tags"):
            groups: dict[str, list] = {}
            for post in reversed(site.posts):
                for name in getattr(post, key):
                    groups.setdefault(name, []).append(post.drop())
            return groups
        if key == "collections":
            return [{"label": c.label, "docs": [d.drop() for d in c.docs],
                     "files": [f.to_liquid(site.tz) for f in c.files],
                     "relative_directory": c.relative_directory,
                     "directory": str(site.source / c.relative_directory),
                     "output": c.output, **c.metadata}
                    for c in sorted(site.collections.values(), key=lambda c: c.label)]
        if key in site.collections and key != "posts":
            return [d.drop() for d in site.collections[key].docs]
        if key in site.config:
            return site.config[key]
        raise KeyError(key)

    def __getitem__(self, key: str) -> Any:
        self.site.reads_listing(key)
        if key == "related_posts" and "related_posts" not in self.site.config:
            return self.related_posts()
        if key not in self.values:
            self.values[key] = self.compute(key)
        return self.values[key]

    def related_posts(self) -> list | None:
        """Jekyll's ``site.related_posts`` without LSI: for a collection document, the ten
        newest posts other than itself (none when the site has one post); nil on a page."""
        doc = self.site.current_page
        if doc is None or doc.kind == "page":
            return None
        posts = self.site.posts
        if len(posts) <= 1:
            return []
        return [p.drop() for p in reversed(posts[-11:]) if p is not doc][:10]

    def __contains__(self, key: object) -> bool:
        try:
            self[key]  # type: ignore[index]
            return True
        except KeyError:
            return False

    def __iter__(self):
        # dict, not set: the same order in every process (str hashes are salted per run)
        keys = dict.fromkeys(["pages", "html_pages", "posts", "documents", "data", "time",
                              "static_files", "categories", "tags", "collections",
                              *self.site.collections, *self.site.config])
        return iter(keys)

    def __len__(self) -> int:
        return sum(1 for _ in self)


def timezone_from(name: str | None):
    """The ``timezone`` setting, else the machine's zone (as Jekyll does)."""
    if name:
        try:
            from zoneinfo import ZoneInfo
            return ZoneInfo(name)
        except (ValueError, KeyError, OSError):  # ZoneInfoNotFoundError is a KeyError
            pass
    return datetime.now().astimezone().tzinfo


# -- where a URL is written ---------------------------------------------------------

# Jekyll keeps them as typed, but no link can hold a control character, and browsers
# read a backslash as "/".
CONTROL_OR_BACKSLASH = re.compile(r"[\x00-\x1f\x7f\\]")
# A path segment must fit in a file name, also with the prefix and suffix that
# write.replace_file adds to it while swapping it in (".NAME.scholarsite-new").
MAX_SEGMENT_BYTES = 255 - len(".") - len(".scholarsite-new")


def escape_unlinkable(url: str) -> str:
    return CONTROL_OR_BACKSLASH.sub(lambda m: f"%{ord(m.group()):02X}", url)


def url_destination(url: str, output_ext: str) -> str:
    """The file a URL is written to, relative to the destination folder.

    Like Jekyll's sanitized_path, an escaped ``%2e%2e`` does not climb out of it."""
    parts: list[str] = []
    for part in unquote(url).split("/"):
        if part == "..":
            if parts:
                parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    path = "/".join(parts)
    if url.endswith("/") or not path:
        return f"{path}/index.html" if path else "index.html"
    if not PurePosixPath(path).suffix:
        path += output_ext
    return path


def unwritable_url(url: str, output_ext: str) -> str | None:
    """Why no file can be written for this URL, or None."""
    path = url_destination(url, output_ext)
    if "\x00" in path:
        return "holds a NUL character (%00)"
    if any(len(part.encode()) > MAX_SEGMENT_BYTES for part in path.split("/")):
        return f"has a part longer than a file name can be ({MAX_SEGMENT_BYTES} bytes)"
    return None
