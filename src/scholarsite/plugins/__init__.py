"""Generators: add pages and files after reading, before rendering (Jekyll plugins' job)."""

from __future__ import annotations

from scholarsite.plugins.archives import generate_archives
from scholarsite.plugins.cv import generate_cv_pdf
from scholarsite.plugins.external_posts import warn_external_posts
from scholarsite.plugins.feeds import generate_seo
from scholarsite.plugins.get_json import generate_json_data
from scholarsite.plugins.imagemagick import generate_image_variants
from scholarsite.plugins.jupyter import generate_notebooks
from scholarsite.plugins.paginate import generate_pagination
from scholarsite.plugins.redirects import generate_redirects
from scholarsite.plugins.responsive_images import generate_responsive_images
from scholarsite.plugins.sections import check_sections
from scholarsite.plugins.third_party_libraries import fill_library_versions


def generate_publications(site) -> None:
    from scholarsite import scholar
    if hasattr(scholar, "generate"):
        scholar.generate(site)


# generate_seo comes last: the sitemap lists the pages the others add.
GENERATORS = [fill_library_versions, generate_json_data, warn_external_posts, check_sections,
              generate_publications, generate_archives, generate_pagination, generate_redirects,
              generate_responsive_images, generate_image_variants, generate_notebooks,
              generate_cv_pdf, generate_seo]


def register_tags(env) -> None:
    """The plugins' Liquid tags (called by JekyllEnvironment)."""
    from scholarsite.plugins.feeds import AtomFeedTag, FeedMetaTag
    from scholarsite.plugins.responsive_images import ResponsiveImageTag
    from scholarsite.plugins.citation_counts import CitationsChartTag, \
        GoogleScholarCitationsTag, InspireHepCitationsTag
    from scholarsite.plugins.citation_counts import FILTERS as CITATION_FILTERS
    from scholarsite.plugins.cv import FILTERS as CV_FILTERS
    from scholarsite.plugins.details import DetailsTag
    from scholarsite.plugins.file_exists import FileExistsTag
    from scholarsite.plugins.jupyter import JupyterNotebookTag
    from scholarsite.plugins.toc import FILTERS as TOC_FILTERS, TocTag
    from scholarsite.plugins.tabs import TabsTag, TabTag
    from scholarsite.plugins.twitter import TwitterTag
    for tag in (ResponsiveImageTag, FeedMetaTag, AtomFeedTag, TocTag, DetailsTag, FileExistsTag,
                GoogleScholarCitationsTag, InspireHepCitationsTag, TwitterTag, JupyterNotebookTag,
                TabsTag, TabTag, CitationsChartTag):
        env.add_tag(tag)
    from scholarsite.plugins.alfolio_filters import FILTERS as ALFOLIO_FILTERS
    from scholarsite.plugins.email_protect import FILTERS as EMAIL_FILTERS
    from scholarsite.plugins.regex_replace import FILTERS as REGEX_FILTERS
    for name, function in {**TOC_FILTERS, **ALFOLIO_FILTERS, **EMAIL_FILTERS,
                           **REGEX_FILTERS, **CITATION_FILTERS,
                           **CV_FILTERS}.items():
        env.add_filter(name, function)
