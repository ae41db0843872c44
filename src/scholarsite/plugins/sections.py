"""The about page's sections (news, selected papers, social links, profile picture):
tell the theme what data exists, and warn where a page asks for a section that has none.
"""

from __future__ import annotations

from scholarsite.frontmatter import key_line
from scholarsite.plugins.registry import Plugin
from scholarsite.site import Site

SOCIAL_KEYS = ("email", "scholar_userid", "github_username", "orcid_id", "linkedin_username",
               "x_username", "twitter_username", "rss_icon", "gitlab_username", "bluesky_url",
               "researchgate_profile", "semanticscholar_id", "dblp_url", "website")


def has_bibliography(site: Site) -> bool:
    from scholarsite.scholar.core import bibtex_paths, scholar_config
    return any(path.is_file() for path in bibtex_paths(site, scholar_config(site), None))


def has_socials(site: Site) -> bool:
    return bool(site.data.get("socials")) or any(site.config.get(k) for k in SOCIAL_KEYS) or bool(
        isinstance(site.config.get("author"), dict) and site.config["author"])


def check_sections(site: Site) -> None:
    bibliography = has_bibliography(site)
    flags = site.config.setdefault("scholarsite", {})
    if isinstance(flags, dict):
        flags.setdefault("bibliography", bibliography)
    news = site.collections.get("news")
    checks = {
        "news": (news is not None and bool(news.docs),
                 "news: true but there are no news items (add files to _news/ and "
                 "'news' under collections in _config.yml, or set news: false)"),
        "selected_papers": (bibliography,
                            "selected_papers: true but there is no bibliography (add "
                            "_bibliography/papers.bib, or set selected_papers: false)"),
        "social": (has_socials(site),
                   "social: true but no social links are set (add _data/socials.yml, "
                   "or set social: false)"),
    }
    for page in site.pages:
        for key, (present, message) in checks.items():
            if page.data.get(key) is True and not present:
                site.reporter.warn(message, page.source_name, key_line(page.source_text, key))
        profile = page.data.get("profile")
        image = profile.get("image") if isinstance(profile, dict) else None
        if image and not str(image).startswith(("http://", "https://", "/")):
            if not (site.source / "assets" / "img" / str(image)).is_file():
                site.reporter.warn(f"profile image 'assets/img/{image}' not found (add the file, "
                                   "or fix profile.image)", page.source_name,
                                   key_line(page.source_text, "image"))


# Not a Jekyll plugin: what the bundled theme's about page needs to know.
PLUGIN = Plugin("scholarsite sections", generators=(check_sections,))
