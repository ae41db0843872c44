"""Publications: BibTeX in, jekyll-scholar-compatible tags and pages out.

``plugins/jekyll_scholar.py`` plugs this engine in: the tags (``bibliography``,
``bibliography_count``, ``cite``, ``nocite``, ``reference``, ``bibliography_download``,
``quote``), one page per entry (Highwire Press meta tags and schema.org JSON-LD, for Google
Scholar) and the ``.bib`` downloads, and al-folio's ``hideCustomBibtex`` filter.

See docs/publications.md.
"""
