"""Publications: BibTeX in, jekyll-scholar-compatible tags and pages out.

* :func:`register` adds the tags (``bibliography``, ``bibliography_count``, ``cite``,
  ``nocite``, ``reference``, ``bibliography_download``) and al-folio's
  ``hideCustomBibtex`` filter to the engine's Liquid environment;
* :func:`generate` adds one page per entry (Highwire Press meta tags and schema.org
  JSON-LD, for Google Scholar) and the ``.bib`` downloads.

See docs/publications.md.
"""

from __future__ import annotations

from scholarsite.scholar.tags import TAGS, QuoteTag, _make_tag


def register(env) -> None:
    """Add the scholar tags (and missing bibliography filters) to a Liquid environment."""
    for name, node_cls in TAGS.items():
        env.add_tag(_make_tag(name, node_cls))
    env.add_tag(QuoteTag)
    if "hideCustomBibtex" not in env.filters:
        from scholarsite.plugins.hide_custom_bibtex import make_filter
        env.add_filter("hideCustomBibtex", make_filter(env))


def generate(site) -> None:
    """Create detail pages and .bib downloads (called after reading, before rendering)."""
    from scholarsite.scholar.details import generate as _generate
    _generate(site)


__all__ = ["register", "generate"]
