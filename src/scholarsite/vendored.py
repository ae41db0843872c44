"""The bundled theme's vendored libraries (``assets/vendor/NAME/``: KaTeX, the galleries,
the chart libraries...) are written only into the sites whose pages load them.

Each page's ``<head>`` asks for a library only when the page uses it, so a library no
page names is dead weight in the output (and in every deploy). A library counts as used
when a page, or a theme script or stylesheet a page names, mentions ``vendor/NAME/``
(a library's own files then come whole: fonts, lazily imported modules)."""

from __future__ import annotations

import re

from scholarsite.site import Site, StaticFile

VENDOR = "assets/vendor/"
MENTION = re.compile(r"vendor/([A-Za-z0-9_.-]+)/")
SCANNED_SUFFIXES = (".js", ".mjs", ".css")


def library_of(static: StaticFile) -> str | None:
    rel = static.destination_path
    return rel[len(VENDOR):].split("/", 1)[0] if rel.startswith(VENDOR) and \
        rel.count("/") > 2 else None


def theme_files_in_use(site: Site) -> list[StaticFile]:
    """The theme's static files, less the vendored libraries no page loads."""
    files = site.theme_static_files
    if not any(library_of(f) for f in files):
        return list(files)
    used: set[str] = set()
    pages = [doc.output for doc in site.all_renderable() + site.theme_pages
             if isinstance(doc.output, str)]
    for text in pages:
        used.update(MENTION.findall(text))
    # A theme script a page loads may import a library itself (a gallery's module).
    for static in files:
        name = static.destination_path.rsplit("/", 1)[-1]
        if library_of(static) is None and static.destination_path.endswith(SCANNED_SUFFIXES) \
                and any(name in text for text in pages):
            try:
                used.update(MENTION.findall(static.path.read_text("utf-8", errors="replace")))
            except OSError:
                pass
    return [f for f in files if library_of(f) in (None, *used)]
