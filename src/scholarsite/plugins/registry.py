"""What the plugins add, collected in one place for the engine to ask.

Each module of ``plugins/`` does the job of one Jekyll plugin (a gem, or a file of
al-folio's ``_plugins/``) and declares, at its end, a :class:`Plugin`: the Liquid tags and
filters it adds, the generators it runs after the site is read and before anything is
rendered, the finishers it runs once every page has rendered and before anything is
written, a setup step for the Liquid environment, and the names (``plugins:`` entries,
gems) and ``_config.yml`` keys it answers to. ``liquid/environment.py`` asks
:func:`tags`, :func:`filters` and :func:`setups`; ``build.py`` asks :func:`generators`,
:func:`finishers` and :func:`writers`.
The plugins are written with ``liquid/tags.py`` and never import the environment.

Every plugin is on for every site, as GitHub Pages' own set is: each does nothing for a
site that uses none of what it adds; those a site must list in ``plugins:`` to get (the
Jekyll way) check that themselves (``listed_plugins``).
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

# The modules, in the order their generators run (Jekyll orders generators by priority;
# this is that order): data first, then the pages that list or make other pages, and the
# feeds and sitemap last, so that they list every page the others add.
MODULES = (
    "third_party_libraries", "get_json", "external_posts", "sections", "jekyll_scholar",
    "archives", "paginate", "redirects", "responsive_images", "imagemagick", "jupyter", "cv",
    "comments", "analytics", "icons", "tikz", "diagrams", "feeds",
    # Liquid tags and filters only
    "seo", "toc", "details", "file_exists", "citation_counts", "twitter", "tabs",
    "alfolio_filters", "email_protect", "regex_replace", "socials",
    # how the output files are written
    "minifier",
    # for a tag of the site's own _plugins/*.rb that nothing above provides
    "ruby_plugins",
)


@dataclass(frozen=True)
class Plugin:
    name: str  # the Jekyll plugin whose job the module does
    gems: tuple[str, ...] = ()  # other names a site may list for it
    tags: tuple = ()  # python-liquid Tag classes
    filters: Mapping[str, Callable] = field(default_factory=dict)
    generators: tuple[Callable, ...] = ()  # f(site): after reading, before rendering
    setup: Callable | None = None  # f(env): once the environment has every tag and filter
    finishers: tuple[Callable, ...] = ()  # f(site): after every page rendered, before writing
    writers: tuple[Callable, ...] = ()  # f(site, outputs): how each output file is written
    config: tuple[str, ...] = ()  # the _config.yml keys it reads


@functools.cache
def plugins() -> tuple[Plugin, ...]:
    return tuple(importlib.import_module(f"scholarsite.plugins.{name}").PLUGIN
                 for name in MODULES)


def tags() -> list:
    return [tag for plugin in plugins() for tag in plugin.tags]


def filters() -> dict[str, Callable]:
    return {name: f for plugin in plugins() for name, f in plugin.filters.items()}


def generators() -> list[Callable]:
    return [g for plugin in plugins() for g in plugin.generators]


def finishers() -> list[Callable]:
    return [f for plugin in plugins() for f in plugin.finishers]


def writers() -> list[Callable]:
    return [w for plugin in plugins() for w in plugin.writers]


def setups() -> list[Callable]:
    return [plugin.setup for plugin in plugins() if plugin.setup is not None]


def offer_to_theme(site, key: str, include: str) -> None:
    """Name, in ``site.scholarsite``, the theme's include that calls this plugin's tag: the
    theme calls it only when the name is there, so that it builds with Jekyll too."""
    flags = site.config.setdefault("scholarsite", {})
    if isinstance(flags, dict):
        flags[key] = include


def names() -> set[str]:
    """Every plugin name the engine does the job of (``plugins:`` entries, gems)."""
    return {n for plugin in plugins() for n in (plugin.name, *plugin.gems)}
