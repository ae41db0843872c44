"""Generators: add pages and files after reading, before rendering (Jekyll plugins' job)."""

from __future__ import annotations

from scholarsite.plugins.feeds import generate_seo
from scholarsite.plugins.redirects import generate_redirects
from scholarsite.plugins.responsive_images import generate_responsive_images
from scholarsite.plugins.sections import check_sections


def generate_publications(site) -> None:
    from scholarsite import scholar
    if hasattr(scholar, "generate"):
        scholar.generate(site)


# generate_seo comes last: the sitemap lists the pages the others add.
GENERATORS = [check_sections, generate_publications, generate_redirects,
              generate_responsive_images, generate_seo]


def register_tags(env) -> None:
    """The plugins' Liquid tags (called by JekyllEnvironment)."""
    from scholarsite.plugins.feeds import AtomFeedTag, FeedMetaTag
    from scholarsite.plugins.responsive_images import ResponsiveImageTag
    for tag in (ResponsiveImageTag, FeedMetaTag, AtomFeedTag):
        env.add_tag(tag)
