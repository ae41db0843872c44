"""jekyll-scholar: publications from BibTeX. The engine is in ``scholarsite/scholar/``;
this module plugs it in: its tags, the detail pages and ``.bib`` downloads it generates,
and al-folio's ``hideCustomBibtex`` filter, which reads the site's configuration."""

from __future__ import annotations

from scholarsite.plugins.registry import Plugin
from scholarsite.scholar.tags import TAGS, QuoteTag, _make_tag


def generate_publications(site) -> None:
    """One page per entry (when jekyll-scholar would make them) and the .bib downloads."""
    from scholarsite.scholar.details import generate
    generate(site)


def add_hide_custom_bibtex(env) -> None:
    if "hideCustomBibtex" not in env.filters:
        from scholarsite.plugins.hide_custom_bibtex import make_filter
        env.add_filter("hideCustomBibtex", make_filter(env))


PLUGIN = Plugin(
    "jekyll-scholar", gems=("jekyll/scholar",),
    tags=tuple(_make_tag(name, node) for name, node in TAGS.items()) + (QuoteTag,),
    generators=(generate_publications,), setup=add_hide_custom_bibtex,
    config=("scholar", "filtered_bibtex_keywords"))
