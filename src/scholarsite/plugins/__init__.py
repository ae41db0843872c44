"""Generators: add pages and files after reading, before rendering (Jekyll plugins' job)."""

from __future__ import annotations

from scholarsite.plugins.redirects import generate_redirects
from scholarsite.plugins.sections import check_sections


def generate_publications(site) -> None:
    from scholarsite import scholar
    if hasattr(scholar, "generate"):
        scholar.generate(site)


GENERATORS = [check_sections, generate_publications, generate_redirects]
