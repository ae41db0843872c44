"""``{% responsive_image path alt="…" class="…" sizes="…" loading="lazy" %}``.

Writes a ``<picture>``: a WebP ``<source>`` and an ``<img>`` in the original's format,
both with a ``srcset`` of widths up to the original's, and the original's ``width`` and
``height`` (no layout shift). SVG, GIF, URLs and missing files get a plain ``<img>``
(a missing file also a warning). The resizing is in :mod:`scholarsite.images`.

The render cache keeps a page's HTML but not the image files it refers to, so each page
that used the tag leaves a note of its images under ``.scholarsite-cache/images/pages/``;
the generator registers those files again when the page comes from the cache.
"""

from __future__ import annotations

import json
import os
import re
from html import escape
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, TextIO

from liquid.ast import Node
from liquid.exceptions import LiquidSyntaxError
from liquid.builtin.expressions import parse_primitive
from liquid.stream import TokenStream
from liquid.tag import Tag
from liquid.token import Token

from scholarsite.cache import digest
from scholarsite.images import ImageError, cache_folder, picture_for, supported, write_atomic
from scholarsite.liquid.compat import tokenize
from scholarsite.liquid.tags import (INCLUDE_PARAM, INCLUDE_WITH_VARIABLE, render_fragment,
                                     tag_parts, token_position)
from scholarsite.liquid.filters import compute_relative_url
from scholarsite.plugins.registry import Plugin

if TYPE_CHECKING:
    from liquid.context import RenderContext

    from scholarsite.site import Document, Site

INCLUDE_NAME = "responsive_image.liquid"  # the theme's include that calls the tag
RECORDS = "records"
OWN_ATTRIBUTES = ("alt", "class", "sizes", "loading", "decoding", "fetchpriority", "width", "height")


def relative_url(config: dict, url: str) -> str:
    return str(compute_relative_url(url, config))


def enabled(site: Site) -> bool:
    flags = site.config.get("scholarsite")
    return not (isinstance(flags, dict) and flags.get("responsive_images") is False)


# --- the generator -----------------------------------------------------------------

def generate_responsive_images(site: Site) -> None:
    """Tell the theme the tag exists; re-register images of pages the cache will keep."""
    flags = site.config.setdefault("scholarsite", {})
    if not isinstance(flags, dict):
        return
    if flags.get("responsive_images") is False:
        return
    flags["responsive_images"] = INCLUDE_NAME
    records: dict[str, dict] = {}
    folder = cache_folder(site) / "pages"
    try:  # one listing instead of a failed open per page that shows no image
        present = set(os.listdir(folder))
    except OSError:
        present = set()
    for doc in site.all_renderable():
        name = f"{record_name(doc)}.json"
        if name not in present:
            continue
        record = read_record(folder / name)
        if record is None or record.get("doc") != doc.relative_path:
            continue
        records[doc.relative_path] = record
        if record.get("self") != doc_digest(doc):
            continue  # the page changed, so it renders again and asks for its images itself
        for rel in record.get("images", []):
            path = image_path(site, rel)
            if path is not None and supported(rel):
                try:
                    site.generated_files.update(picture_for(site, rel, path).files)
                except (ImageError, OSError):
                    pass
    site.cache[("responsive_image", RECORDS)] = records


def record_name(doc: Document) -> str:
    return digest(doc.relative_path)[:20]


def doc_digest(doc: Document) -> str:
    return digest(doc.relative_path, doc.url, doc.source_text or doc.raw_content or "")


def read_record(path: Path) -> dict | None:
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) else None


def note_use(site: Site, rel: str) -> None:
    """Remember that the page being rendered shows this image (see the module's doc)."""
    doc = site.current_page
    if doc is None:
        return
    records = site.cache.setdefault(("responsive_image", RECORDS), {})
    seen = site.cache.setdefault(("responsive_image", "seen"), set())
    current = site.cache.setdefault(("responsive_image", "current"), {})
    if doc.relative_path not in seen:
        seen.add(doc.relative_path)
        current[doc.relative_path] = []
    images = current[doc.relative_path]
    if rel not in images:
        images.append(rel)
    record = {"doc": doc.relative_path, "self": doc_digest(doc), "images": list(images)}
    if records.get(doc.relative_path) != record:
        records[doc.relative_path] = record
        write_atomic(cache_folder(site) / "pages" / f"{record_name(doc)}.json",
                     json.dumps(record).encode("utf-8"))


def image_path(site: Site, rel: str) -> Path | None:
    """The image's file in the source (never outside it), or None."""
    rel = rel.lstrip("/")
    if not rel or ".." in PurePosixPath(rel).parts:
        return None
    path = site.source / rel
    return path if path.is_file() else None


# --- the tag --------------------------------------------------------------------------

class ResponsiveImageNode(Node):
    def __init__(self, token: Token, env, markup: str):
        super().__init__(token)
        self.blank = False
        markup = markup.strip()
        match = INCLUDE_WITH_VARIABLE.match(markup) if markup.startswith("{{") else None
        if match:
            path, params = match.group("variable").strip(), match.group("params")
        elif markup[:1] in ("'", '"'):
            quote = markup[0]
            end = markup.find(quote, 1)
            end = len(markup) if end < 0 else end
            path, params = markup[1:end], markup[end + 1:]
        else:
            path, _, params = markup.partition(" ")
        # Parse errors are LiquidSyntaxErrors: python-liquid passes only those on (with
        # the token, so the message names file, line and column).
        if not path:
            raise LiquidSyntaxError("responsive_image needs an image path, e.g. "
                                    "{% responsive_image assets/img/me.jpg alt=\"Me\" %}", token=token)
        self.path = path
        self.path_template = env.from_string(path) if "{{" in path else None
        self.params: list[tuple[str, Any]] = []
        for param in INCLUDE_PARAM.finditer(params):
            key, dq, sq, var = param.groups()
            if var is not None:
                self.params.append((key, parse_primitive(env, TokenStream(tokenize(var, token)))))
            else:
                text = (dq if dq is not None else sq).replace('\\"', '"').replace("\\'", "'")
                self.params.append((key, env.from_string(text) if "{{" in text else text))
        leftover = INCLUDE_PARAM.sub("", params).strip()
        if leftover:
            raise LiquidSyntaxError(f"invalid responsive_image parameters '{leftover}' "
                                    "(use key=\"value\" or key=variable)", token=token)

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        env = context.env
        site = env.site
        rel = (render_fragment(self.path_template, context) if self.path_template else self.path).strip()
        attrs: dict[str, str] = {}
        for key, value in self.params:
            if isinstance(value, str):
                attrs[key] = value
            elif hasattr(value, "render_with_context"):
                attrs[key] = render_fragment(value, context)
            else:
                evaluated = value.evaluate(context)
                if evaluated is not None and evaluated is not False and not is_undefined(evaluated):
                    attrs[key] = str(evaluated)
        return buffer.write(responsive_html(site, rel, attrs, self.token, env))


def is_undefined(value: Any) -> bool:
    from liquid.undefined import Undefined
    return isinstance(value, Undefined)


class ResponsiveImageTag(Tag):
    name = "responsive_image"
    block = False

    def parse(self, stream: TokenStream) -> Node:
        token, markup = tag_parts(stream)
        return ResponsiveImageNode(token, self.env, markup)


def responsive_html(site: Site, rel: str, attrs: dict[str, str], token: Token | None = None,
                    env=None) -> str:
    """The markup for one image (also usable from Python)."""
    config = site.config
    if not rel:
        return ""
    if "://" in rel or rel.startswith(("data:", "//")):
        return plain_img(rel, attrs)
    url = relative_url(config, "/" + rel.lstrip("/"))
    path = image_path(site, rel)
    if path is None:
        if ".." not in PurePosixPath(rel).parts:
            site.depends_on(site.source / rel.lstrip("/"))  # re-render when it appears
        warn_missing(site, rel, token, env)
        return plain_img(url, attrs)
    site.depends_on(path)
    if not supported(rel) or not enabled(site):
        return plain_img(url, attrs)
    try:
        picture = picture_for(site, rel.lstrip("/"), path)
    except (ImageError, OSError) as err:
        site.reporter.warn(f"image '{rel}' could not be read ({err}); it is shown as it is",
                           *page_location(site, rel, token, env))
        return plain_img(url, attrs)
    site.generated_files.update(picture.files)
    note_use(site, rel.lstrip("/"))
    sizes = attrs.get("sizes") or f"(max-width: {picture.width}px) 100vw, {picture.width}px"
    width, height = picture.width, picture.height
    if attrs.get("width", "").isdigit() and "height" not in attrs:
        width = int(attrs["width"])
        height = max(1, round(picture.height * width / picture.width))
    elif attrs.get("height", "").isdigit() and "width" not in attrs:
        height = int(attrs["height"])
        width = max(1, round(picture.width * height / picture.height))
    else:
        width = attrs.get("width", width)
        height = attrs.get("height", height)

    def srcset(candidates) -> str:
        return ", ".join(f"{relative_url(config, c.url_path)} {c.width}w" for c in candidates)

    lines = ['<picture style="display:contents">']
    if picture.webp:
        lines.append(f'<source type="image/webp" srcset="{escape(srcset(picture.webp))}" '
                     f'sizes="{escape(sizes)}">')
    img = [("src", relative_url(config, picture.src))]
    if len(picture.fallback) > 1 or picture.webp:
        img += [("srcset", srcset(picture.fallback)), ("sizes", sizes)]
    img += [("width", str(width)), ("height", str(height))]
    lines.append(img_tag(img, attrs))
    lines.append("</picture>")
    return "".join(lines)


def img_tag(first: list[tuple[str, str]], attrs: dict[str, str]) -> str:
    # src and alt first (as the theme wrote them before), then the rest
    pairs = [first[0], ("alt", attrs.get("alt", ""))] + list(first[1:])
    if attrs.get("class"):
        pairs.append(("class", attrs["class"]))
    pairs.append(("loading", attrs.get("loading") or "lazy"))
    pairs.append(("decoding", attrs.get("decoding") or "async"))
    if attrs.get("fetchpriority"):
        pairs.append(("fetchpriority", attrs["fetchpriority"]))
    for key, value in attrs.items():
        if key not in OWN_ATTRIBUTES and key != "path" and re.fullmatch(r"[a-zA-Z_:][-\w:.]*", key):
            pairs.append((key, value))
    return "<img " + " ".join(f'{k}="{escape(str(v), quote=True)}"' for k, v in pairs) + ">"


def plain_img(src: str, attrs: dict[str, str]) -> str:
    first = [("src", src)]
    for key in ("width", "height"):
        if attrs.get(key):
            first.append((key, attrs[key]))
    return img_tag(first, attrs)


def warn_missing(site: Site, rel: str, token: Token | None, env) -> None:
    shown = rel.lstrip("/")
    if any(f"'{shown}' not found" in w for w in site.reporter.warnings):
        return  # already said (e.g. the profile-picture check of the about page)
    site.reporter.warn(f"image '{shown}' not found (add the file, or fix the path)",
                       *page_location(site, rel, token, env))


def page_location(site: Site, rel: str, token: Token | None, env) -> tuple:
    """file and line for a message: the tag's own line when it is in the page itself,
    else the page and the front matter line that names the image."""
    doc = site.current_page
    if token is not None and env is not None:
        name = env.source_name(token)
        if doc is None or name == doc.source_name:
            line, col = token_position(token, env.line_offset(token))
            return name, line, col
    if doc is None:
        return (None,)
    line = None
    base = PurePosixPath(rel).name
    if doc.source_text and base:
        for number, text in enumerate(doc.source_text.splitlines(), 1):
            if base in text:
                line = number
                break
    return doc.source_name, line


PLUGIN = Plugin("responsive_image", tags=(ResponsiveImageTag,),
                generators=(generate_responsive_images,))
