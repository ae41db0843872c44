"""What a build is asked to do and what it reports.

Apart from the pipeline (build.py), so that a build that finds nothing changed
(uptodate.py) answers without importing it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scholarsite.links import LinkReport
    from scholarsite.profile import Profile
    from scholarsite.site import Site

CACHE_DIR = ".scholarsite-cache"  # in the source: what builds keep for the next ones


@dataclass
class BuildOptions:
    source: Path
    destination: Path | None = None
    config_files: list[Path] = field(default_factory=list)
    drafts: bool = False
    future: bool = False
    unpublished: bool = False
    strict: bool = False
    use_cache: bool = True
    profile: bool = False
    progress: bool = False
    workers: int = 0  # 0: one per core
    overrides: dict = field(default_factory=dict)
    replace_destination: bool = False  # even a folder no build of this site wrote
    write: bool = True  # False: render and check, write nothing (scholarsite check --links)


@dataclass
class BuildResult:
    site: Site | None  # None when nothing had changed (uptodate.py): nothing was read
    destination: Path
    pages_written: int
    files_copied: int
    seconds: float
    rendered: list[str] = field(default_factory=list)  # documents rendered (not from cache)
    profile: Profile | None = None
    search_stale: bool = False  # the search index is the previous one (see Builder)
    links: LinkReport | None = None  # None: nothing was checked (an unchanged build)
    warnings: int = 0  # how many the build printed
    unchanged: bool = False  # nothing had changed since the last build: nothing was done
