"""Publications: BibTeX in, jekyll-scholar-compatible tags and pages out.

* :func:`register` adds the tags (``bibliography``, ``bibliography_count``, ``cite``,
  ``nocite``, ``reference``, ``bibliography_download``) and al-folio's
  ``hideCustomBibtex`` filter to the engine's Liquid environment;
* :func:`generate` adds one page per entry (Highwire Press meta tags and schema.org
  JSON-LD, for Google Scholar) and the ``.bib`` downloads.

See docs/publications.md.
"""

from __future__ import annotations

import re

from scholarsite.scholar.tags import TAGS, QuoteTag, _make_tag


def _hide_custom_bibtex(env):
    def hide_custom_bibtex(value, *args):
        site = getattr(env, "site", None)
        config = getattr(site, "config", {}) or {}
        keywords = config.get("filtered_bibtex_keywords") or (
            (config.get("scholar") or {}).get("filtered_bibtex_keywords") or [])
        text = "" if value is None else str(value)
        if not keywords:
            return text
        pattern = re.compile(r"^\s*(?:" + "|".join(re.escape(str(k)) for k in keywords)
                             + r")\s*=.*(?:\n|$)", re.M | re.I)
        text = pattern.sub("", text)
        # keep the entry well-formed: no comma before the closing brace
        return re.sub(r",(\s*\n\}\s*)$", r"\1", text)
    return hide_custom_bibtex


def register(env) -> None:
    """Add the scholar tags (and missing bibliography filters) to a Liquid environment."""
    for name, node_cls in TAGS.items():
        env.add_tag(_make_tag(name, node_cls))
    env.add_tag(QuoteTag)
    if "hideCustomBibtex" not in env.filters:
        env.add_filter("hideCustomBibtex", _hide_custom_bibtex(env))


def generate(site) -> None:
    """Create detail pages and .bib downloads (called after reading, before rendering)."""
    from scholarsite.scholar.details import generate as _generate
    _generate(site)


__all__ = ["register", "generate"]
