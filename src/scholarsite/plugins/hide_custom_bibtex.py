"""al-folio's ``hideCustomBibtex`` filter: the BibTeX under "Bib" without al-folio's own
fields (``filtered_bibtex_keywords``: pdf, selected, abbr...).

It drops each line that names one of them, as the site's own Ruby plugin does, in the
plugin's era (told by the site's ``_plugins`` file; the newest without one):

* 2020-2022: any line holding the word anywhere;
* 2023-2024: a line ``word = {...`` (the whole word);
* since 2025: the same, and ``* † ‡ § ¶ ‖ & ^`` marks out of the author line.

A removed last field leaves the comma of the one before it, as in the published sites.
"""

from __future__ import annotations

import re

from scholarsite.site import Site

AUTHOR_MARKS = re.compile(r"[*†‡§¶‖&^]")
AUTHOR_LINE = re.compile(r"^.*\bauthor\b *= *\{.*\n", re.M)


def plugin_era(site: Site) -> str:
    folder = site.source / "_plugins"
    for path in sorted(folder.glob("*.rb")) if folder.is_dir() else ():
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        if "hideCustomBibtex" not in text:
            continue
        if "author" in text:
            return "marks"
        return "field" if r"\b#{keyword}\b" in text else "word"
    return "marks"


def hide_custom_bibtex(site: Site, text: str) -> str:
    scholar = site.config.get("scholar")
    keywords = site.config.get("filtered_bibtex_keywords") or (
        scholar.get("filtered_bibtex_keywords") if isinstance(scholar, dict) else None) or []
    if not isinstance(keywords, list):
        keywords = [keywords]
    era = site.cache.get("hideCustomBibtex era")
    if era is None:
        era = site.cache["hideCustomBibtex era"] = plugin_era(site)
    for keyword in map(str, keywords):
        # The keyword goes into the pattern unescaped, as Ruby's interpolation puts it.
        try:
            pattern = rf"^.*{keyword}.*\n" if era == "word" else rf"^.*\b{keyword}\b *= *\{{.*\n"
            text = re.sub(pattern, "", text, flags=re.M)
        except re.error:
            text = re.sub(rf"^.*\b{re.escape(keyword)}\b *= *\{{.*\n", "", text, flags=re.M)
    if era == "marks":
        text = AUTHOR_LINE.sub(lambda m: AUTHOR_MARKS.sub("", m.group(0)), text)
    return text


def make_filter(env):
    def hideCustomBibtex(value, *args):  # noqa: N802 - the name Liquid templates use
        text = "" if value is None else str(value)
        site = getattr(env, "site", None)
        return text if site is None else hide_custom_bibtex(site, text)
    return hideCustomBibtex
