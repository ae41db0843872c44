"""al-folio's filters (its v0 ``_plugins/`` and v1's jekyll-cache-bust).

* ``remove_accents``: ``Müller`` -> ``Muller`` (Ruby's I18n.transliterate, with which
  al-folio matches co-author names): a character with no Latin form becomes ``?``.
* ``bust_file_cache``: ``/assets/css/x.css`` -> ``/assets/css/x.css?MD5`` of that file in
  the source; ``bust_css_cache``: the MD5 of every file under ``assets/_sass`` instead
  (al-folio keeps none there, so it is the MD5 of nothing, as its published pages show).
"""

from __future__ import annotations

import hashlib
import unicodedata
from typing import Any

from liquid.filter import with_context

from scholarsite.liquid.filters import ruby_to_s
from scholarsite.plugins.registry import Plugin
from scholarsite.scholar.latex import strip_accents


def remove_accents(value: Any) -> str:
    text = strip_accents(ruby_to_s(value))
    return "".join(c if ord(c) < 128 or unicodedata.category(c).startswith("Z") else "?"
                   for c in text)


def _source(context):
    site = getattr(getattr(context, "env", None), "site", None)
    return getattr(site, "source", None), site


@with_context
def bust_file_cache(value: Any, *, context: Any) -> str:
    name = ruby_to_s(value)
    source, site = _source(context)
    start = name.find("assets/")
    if source is None or start < 0:
        return name
    path = (source / name[start:]).resolve()
    try:
        if not path.is_relative_to(source.resolve()):
            raise FileNotFoundError(name)
        data = path.read_bytes()
    except OSError:
        if site is not None:
            site.reporter.warn(f"bust_file_cache: {name[start:]} is not in the site; the URL "
                               "is left without its hash")
        return name
    return f"{name}?{hashlib.md5(data).hexdigest()}"


@with_context
def bust_css_cache(value: Any, *, context: Any) -> str:
    name = ruby_to_s(value)
    source, _ = _source(context)
    digest = hashlib.md5()
    folder = source / "assets" / "_sass" if source is not None else None
    if folder is not None and folder.is_dir():
        for path in sorted(folder.rglob("*"), key=str):
            if path.is_file():
                digest.update(path.read_bytes())
    return f"{name}?{digest.hexdigest()}"


FILTERS = {"remove_accents": remove_accents, "bust_file_cache": bust_file_cache,
           "bust_css_cache": bust_css_cache}


PLUGIN = Plugin("al-folio filters", gems=("jekyll-cache-bust",), filters=FILTERS)
