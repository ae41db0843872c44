"""Every internal link and local asset of every written page, resolved against the output.

A build warns once per missing target, at the source file and line that most likely holds
it (the page, else the ``.bib`` entry whose ``pdf=`` made it); ``scholarsite check --links``
prints them all and exits 1. A link counts as internal when it is relative, starts with
``/`` inside the site's ``baseurl``, or starts with the site's own ``url``; a target exists
when the output has it, as GitHub Pages would serve it (``/x/`` is ``x/index.html``, ``/x``
may be ``x.html`` or the folder ``x/``), or when ``keep_files`` keeps it in the
destination. External links are gathered for :mod:`scholarsite.external_links`.

The links of a page are found with regular expressions, not an HTML parser: attributes
of the tags that load or link something, outside comments and script or style bodies.
What they find for a page's output is cached by its digest, so a rebuild that changed
nothing reads no page again.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

from scholarsite.errors import BuildError, combined

CACHE_FILE = "links.json"
CACHE_VERSION = 1

# Comments and the bodies of scripts, styles and templates hold text that only looks
# like markup; a script's own tag (its src) is kept.
HIDDEN = re.compile(r"<!--.*?-->|(<script\b[^>]*>).*?</script\s*>|<style\b[^>]*>.*?</style\s*>"
                    r"|<template\b[^>]*>.*?</template\s*>", re.S | re.I)
TAG = re.compile(r"<(a|area|link|img|script|source|iframe|audio|video|embed|track|object|"
                 r"input|base)\b([^>]*)>", re.I)
ATTRIBUTE = re.compile(r"""(?<![\w:-])(href|src|srcset|poster|data)\s*=\s*"""
                       r"""(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.I)
SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):", re.I)
NOT_CHECKED_LINK_RELS = ("preconnect", "dns-prefetch")


@dataclass(frozen=True)
class Broken:
    page: str  # the page's place in the output
    target: str  # the link as written in the page
    missing: str  # the path looked for, from the site's root
    source: str | None = None  # the file that most likely holds the link
    line: int | None = None
    without_baseurl: str = ""  # the baseurl the link lacks (the target is in the site)

    def message(self) -> str:
        if self.without_baseurl:
            base = self.without_baseurl.rstrip("/")
            return (f"links to /{self.missing} without the site's baseurl {base}, so it "
                    f"leads nowhere once published (write {base}/{self.missing}, or "
                    f"{{{{ '/{self.missing}' | relative_url }}}} in Liquid)")
        name = self.missing.rsplit("/", 1)[-1]
        if "@" in name and "." in name.split("@")[-1] and ":" not in self.target:
            fix = f"write mailto:{name} for an email address"  # [me](me@uni.edu)
        else:
            fix = "add the file, or fix the link"
        return f"links to /{self.missing}, which is not in the site ({fix})"


def page_targets(text: str) -> list[str]:
    """The distinct link and asset values of one page's HTML, in order; a ``<base>``'s
    value comes first, marked with a leading ``\\0``."""
    found: dict[str, None] = {}
    for match in visible_tags(text):
        tag, attributes = match.group(1).lower(), match.group(2)
        if tag == "link" and any(rel in attributes.lower() for rel in NOT_CHECKED_LINK_RELS):
            continue
        for attribute in ATTRIBUTE.finditer(attributes):
            name = attribute.group(1).lower()
            value = next(v for v in attribute.group(2, 3, 4) if v is not None)
            if "&" in value:
                value = html.unescape(value)
            if tag == "base":
                if name == "href":
                    found.setdefault("\0" + value.strip())
            elif name == "srcset":
                for candidate in value.split(","):
                    if candidate.strip():
                        found.setdefault(candidate.split()[0])
            elif name != "data" or tag == "object":
                found.setdefault(value.strip())
    base = [t for t in found if t.startswith("\0")]
    return base[:1] + [t for t in found if not t.startswith("\0")]


def visible_tags(text: str):
    """The TAG matches of ``text`` outside comments and script, style and template bodies
    (a script's own tag included), read in place: a page can be tens of megabytes."""
    pos = 0
    for hidden in HIDDEN.finditer(text):
        yield from TAG.finditer(text, pos, hidden.start())
        if hidden.group(1):
            yield from TAG.finditer(text, hidden.start(), hidden.end(1))
        pos = hidden.end()
    yield from TAG.finditer(text, pos)


def page_text(out) -> str:
    """An output page's HTML as text: the rendered document's own, else its bytes decoded."""
    text = out.document.output if out.document is not None else None
    if isinstance(text, str):
        return text
    return (out.bytes() or b"").decode("utf-8", "replace")


class Resolver:
    """Where a link of a page leads: a path in the output, an outside URL, or nothing to
    check (a fragment, ``mailto:``, a template placeholder...)."""

    def __init__(self, config: dict):
        url = str(config.get("url") or "").strip()
        parts = urlsplit(url if "//" in url else f"//{url}") if url else None
        self.host = (parts.hostname or "").lower() if parts else ""
        self.base = "/" + str(config.get("baseurl") or "").strip("/")
        if self.base != "/":
            self.base += "/"

    def resolve(self, target: str, page: str, base: str | None = None) -> tuple[str, str]:
        """("internal", path from the site's root), ("outside", path from the host's root,
        not under the baseurl), ("external", url) or ("skip", "")."""
        if not target or target.startswith("#") or "{{" in target or "{%" in target:
            return "skip", ""
        scheme = SCHEME.match(target)
        if scheme or target.startswith("//"):
            if scheme and scheme.group(1).lower() not in ("http", "https"):
                return "skip", ""  # mailto:, tel:, javascript:, data:...
            parts = urlsplit(target if scheme else "https:" + target)
            if not self.host or (parts.hostname or "").lower() != self.host:
                return ("external", urldefrag(target)[0]) if parts.hostname else ("skip", "")
            path = parts.path or "/"
        elif target.startswith("/"):
            path = urlsplit(target).path
        else:
            folder = self.base + posixpath.dirname(page)
            if base is not None:  # <base href>: relative links start from there
                kind, resolved = self.resolve(base, page)
                if kind != "internal":
                    return "skip", ""
                folder = self.base + (resolved if resolved.endswith("/") else
                                      posixpath.dirname(resolved))
            path = urlsplit(posixpath.join(folder, target)).path
        if not path:
            return "skip", ""
        path = unquote(path)
        trailing = path.endswith("/")
        path = posixpath.normpath(path)
        if path == self.base.rstrip("/"):
            return "internal", ""
        if not path.startswith(self.base):
            # Outside the baseurl: another site of the same host, or a link written
            # without the baseurl (see check_links).
            return "outside", path.lstrip("/")
        rel = path[len(self.base):]
        return "internal", rel + ("/" if trailing and rel else "")


def exists(rel: str, outputs, kept) -> bool:
    """Would GitHub Pages answer this path with one of the outputs (or a kept file)?"""
    if rel == "" or rel.endswith("/"):
        candidates = [rel + "index.html", rel + "index.htm"]
    else:
        candidates = [rel, rel + ".html", rel + "/index.html", rel + "/index.htm"]
    return any(c in outputs or kept(c) for c in candidates)


def checks_links(site) -> bool:
    """On unless ``scholarsite: {check_links: false}`` turns it off."""
    own = site.config.get("scholarsite")
    return not (isinstance(own, dict) and own.get("check_links") is False)


@dataclass
class LinkReport:
    broken: list[Broken] = field(default_factory=list)
    external: dict[str, set[str]] = field(default_factory=dict)  # URL -> pages linking it
    checked: int = 0  # internal links resolved
    pages: int = 0


def check_links(site, outputs: dict) -> LinkReport:
    """The broken internal links of every page, and the outside URLs by the pages that
    link them."""
    resolver = Resolver(site.config)
    memo = load_memo(site)
    used: dict[str, list[str]] = {}
    kept = kept_checker(site)
    found = LinkReport()
    broken, external = [], found.external
    for rel in sorted(outputs):
        out = outputs[rel]
        if not out.is_page or not rel.endswith((".html", ".htm")):
            continue
        targets = memo.get(out.digest)
        if targets is None:
            targets = page_targets(page_text(out))
        used[out.digest] = targets
        found.pages += 1
        base = targets[0][1:] if targets and targets[0].startswith("\0") else None
        for target in targets:
            if target.startswith("\0"):
                continue
            kind, where = resolver.resolve(target, rel, base)
            if kind == "external":
                external.setdefault(where, set()).add(rel)
                continue
            found.checked += kind in ("internal", "outside")
            # (no home page: the build says so once, not for every link to it)
            if kind == "internal" and where and not exists(where, outputs, kept):
                broken.append(Broken(rel, target, where))
            elif kind == "outside" and where and exists(where, outputs, kept):
                broken.append(Broken(rel, target, where, without_baseurl=resolver.base))
    save_memo(site, memo, used)
    documents = documents_by_output(site)
    # the shared files' word indexes keep only the words some broken link may be
    site.cache["links:wanted"] = {name for b in broken for name in link_names(b)}
    found.broken = [located(site, b, documents.get(b.page)) for b in broken]
    return found


def report(site, broken: list[Broken]) -> None:
    """One warning per broken link and the place that holds it, with the number of pages
    when a layout or include puts it on many (errors, all at once, under --strict)."""
    places: dict[tuple, list[Broken]] = {}
    for b in broken:
        places.setdefault((b.message(), b.source or b.page, b.line), []).append(b)
    messages = []
    for (message, where, line), found in places.items():
        pages = len({b.page for b in found})
        messages.append((message + (f"; on {pages} pages" if pages > 1 else ""), where, line))
    if site.reporter.strict and messages:
        raise combined([BuildError(*m) for m in messages])
    for message in messages:
        site.reporter.warn(*message)


def link_names(broken: Broken) -> list[str]:
    """How a source may spell the link, most specific first: as written in Markdown or
    HTML before the bare value ("me@x.org" must not find "mailto:me@x.org")."""
    t = broken.target
    return [f"]({t})", f"({t} ", f'"{t}"', f"'{t}'", t,
            posixpath.basename(broken.missing.rstrip("/"))]


def located(site, broken: Broken, doc) -> Broken:
    source, line = locate(site, doc, broken.page, link_names(broken))
    return Broken(broken.page, broken.target, broken.missing, source, line,
                  broken.without_baseurl)


def locate_text(site, page: str, text: str) -> tuple[str, int | None]:
    """Where the page of output path ``page`` most likely holds ``text``."""
    return locate(site, documents_by_output(site).get(page), page, [text])


def documents_by_output(site) -> dict:
    """The written documents by their place in the output (made once per build)."""
    memo = site.cache.get("links:documents")
    if memo is None:
        memo = site.cache["links:documents"] = {d.destination_path: d
                                                for d in site.all_renderable() if d.write}
    return memo


def locate(site, doc, page: str, names: list[str]) -> tuple[str, int | None]:
    """The file and line that most likely hold a link: the page's source, else a .bib
    file (a ``pdf=`` field shown by ``{% bibliography %}``), else a layout or include
    (the site's, then the theme's), else just the page."""
    names = [n for n in dict.fromkeys(names) if len(n) >= 4]
    if doc is not None and doc.path is not None:
        try:
            text = Path(doc.path).read_text("utf-8", errors="replace")
        except OSError:
            text = ""
        for name in names:
            at = text.find(name)
            if at >= 0:
                return shown(site, Path(doc.path)), text.count("\n", 0, at) + 1
    # The files many pages share are read once and looked up by word, so that a site
    # with thousands of broken links costs one pass over its .bib files, not one each.
    for path in bib_files(site) + template_files(site):
        words = word_index(site, path, names)
        for name in names:
            line = words.get(name)
            if line is not None:
                return shown(site, path), line
    if doc is not None and doc.path is not None:
        return shown(site, Path(doc.path)), None
    return page, None


WORD = re.compile(r"""[^\s{}()\[\]"'=,|]+""")


def word_index(site, path: Path, names: list[str]) -> dict[str, int]:
    """The first line of each word of a file (a run between spaces, braces, quotes...),
    and of each word's last path segment: ``/assets/pdf/x.pdf`` is found by either.

    Only the words asked for are kept: ``names``, and every name of the build's broken
    links (``links:wanted``), so a big .bib file is read once, not indexed whole."""
    memo = site.cache.setdefault("links:words", {})
    covered, index = memo.setdefault(path, (set(), {}))
    wanted = set(names) - covered
    if not wanted:
        return index
    wanted |= site.cache.get("links:wanted", set()) - covered
    covered |= wanted
    try:
        text = path.read_text("utf-8", errors="replace")
    except OSError:
        return index
    for number, line in enumerate(text.splitlines(), 1):
        for word in WORD.findall(line):
            if word in wanted:
                index.setdefault(word, number)
            if "/" in word:
                segment = word.rstrip("/").rsplit("/", 1)[-1]
                if segment in wanted:
                    index.setdefault(segment, number)
    return index


def template_files(site) -> list[Path]:
    memo = site.cache.get("links:templates")
    if memo is None:
        memo = []
        for root in (site.source, site.theme_dir):
            for folder in ("_layouts", "_includes"):
                if root is not None and (root / folder).is_dir():
                    memo += sorted(p for p in (root / folder).rglob("*") if p.is_file())
        site.cache["links:templates"] = memo
    return memo


def bib_files(site) -> list[Path]:
    memo = site.cache.get("links:bib")
    if memo is None:
        from scholarsite.scholarly.citations import bib_files as find
        memo = site.cache["links:bib"] = find(site.source, site.config)
    return memo


def shown(site, path: Path) -> str:
    try:
        return path.resolve().relative_to(site.source).as_posix()
    except ValueError:
        return str(path)


def kept_checker(site):
    """Paths under ``keep_files`` exist if the destination holds them now."""
    keep = [str(k).strip("/") for k in site.config.get("keep_files") or [] if str(k).strip("/")]
    destination = Path(site.config["destination"])

    def kept(rel: str) -> bool:
        return any(rel == k or rel.startswith(k + "/") for k in keep) and \
            (destination / rel).is_file()
    return kept


def load_memo(site) -> dict[str, list[str]]:
    if site.cache_folder is None:
        return {}
    try:
        data = json.loads((site.cache_folder / CACHE_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != CACHE_VERSION:
        return {}
    pages = data.get("pages")
    return pages if isinstance(pages, dict) else {}


def save_memo(site, old: dict, used: dict) -> None:
    """Keep what this build's pages hold, only when that changed."""
    if site.cache_folder is None or used == old:
        return
    from scholarsite.images import write_atomic
    try:
        site.cache_folder.mkdir(parents=True, exist_ok=True)
        write_atomic(site.cache_folder / CACHE_FILE,
                     json.dumps({"version": CACHE_VERSION, "pages": used}).encode("utf-8"))
    except OSError:
        pass  # a cache that cannot be written only costs time
