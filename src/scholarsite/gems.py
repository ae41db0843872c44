"""The versions of the gems a site pins, for the few behaviours that changed between
versions of a gem the bundled theme stands in for (al_folio_cv 1.0.2 orders jobs by end
date; 1.0.0 shows them as written). Gemfile.lock says what Bundler installed; without
it, an exact pin in the Gemfile (``gem 'al_folio_cv', '= 1.0.0'``) does."""

from __future__ import annotations

import re
from pathlib import Path

LOCKED = re.compile(r"^    ([A-Za-z0-9_.-]+) \((\d[^)]*)\)$", re.M)
PINNED = re.compile(r"""^\s*gem\s+['"]([A-Za-z0-9_.-]+)['"]\s*,\s*['"]=?\s*(\d[\w.]*)['"]""",
                    re.M)


def pinned_versions(source: Path) -> dict[str, tuple[int, ...]]:
    versions: dict[str, tuple[int, ...]] = {}
    for name, pattern in (("Gemfile", PINNED), ("Gemfile.lock", LOCKED)):  # the lock wins
        try:
            text = (source / name).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        for gem, version in pattern.findall(text):
            versions[gem] = version_tuple(version)
    return versions


def version_tuple(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", text.split("-")[0])[:4])


def pinned_below(site, gem: str, version: tuple[int, ...]) -> bool:
    """Whether the site pins ``gem`` to a version older than ``version`` (a site that pins
    nothing gets the current behaviour)."""
    versions = site.cache.get("gems")
    if versions is None:
        versions = site.cache["gems"] = pinned_versions(site.source)
    found = versions.get(gem)
    return found is not None and found < version
