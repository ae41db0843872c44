"""The pipeline, in Jekyll's order: config -> read -> generate -> render -> write."""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from scholarsite.config import load_config
from scholarsite.errors import Reporter
from scholarsite.liquid.environment import JekyllEnvironment
from scholarsite.reader import read_site
from scholarsite.render import render_document
from scholarsite.site import Site

THEME_DIR = Path(__file__).parent / "theme"


@dataclass
class BuildOptions:
    source: Path
    destination: Path | None = None
    config_files: list[Path] = field(default_factory=list)
    drafts: bool = False
    future: bool = False
    unpublished: bool = False
    strict: bool = False
    overrides: dict = field(default_factory=dict)


@dataclass
class BuildResult:
    site: Site
    destination: Path
    pages_written: int
    files_copied: int
    seconds: float


def load_site(options: BuildOptions, reporter: Reporter | None = None) -> Site:
    """Read the configuration and the source folder into a Site."""
    source = options.source.resolve()
    overrides = dict(options.overrides)
    if options.destination is not None:
        overrides["destination"] = str(options.destination.resolve())
    config = load_config(source, options.config_files, overrides)
    if options.destination is None:
        config["destination"] = str((source / str(config.get("destination") or "_site")).resolve())
    reporter = reporter or Reporter()
    reporter.strict = reporter.strict or options.strict
    site = Site(source, config, reporter, THEME_DIR if THEME_DIR.is_dir() else None)
    site.liquid = JekyllEnvironment(site)
    read_site(site, drafts=options.drafts, future=options.future,
              unpublished=options.unpublished)
    return site


def generate(site: Site) -> None:
    """Plugins that add pages and files before anything is rendered."""
    from scholarsite import plugins
    for generator in plugins.GENERATORS:
        generator(site)


def render_site(site: Site) -> None:
    for doc in site.all_renderable():
        render_document(site, doc)
    if site.uses_theme_layouts:
        # The theme's stylesheet and scripts come along only when its layouts are used.
        for doc in site.theme_pages:
            render_document(site, doc)
        site.pages += site.theme_pages
        site.static_files += site.theme_static_files


def build(options: BuildOptions, reporter: Reporter | None = None) -> BuildResult:
    started = time.perf_counter()
    site = load_site(options, reporter)
    generate(site)
    render_site(site)
    destination = Path(site.config["destination"])
    pages, copied = write_site(site, destination)
    return BuildResult(site, destination, pages, copied, time.perf_counter() - started)


class Builder:
    """Builds the same site again and again (for ``serve``): ``build(changed)``.

    ``changed`` names the source paths that changed since the last build (None: unknown,
    rebuild everything). A failed build raises BuildError and leaves the output as it was.
    """

    def __init__(self, options: BuildOptions, reporter_factory=Reporter):
        self.options = options
        self.reporter_factory = reporter_factory
        self.last: BuildResult | None = None

    def build(self, changed: set[Path] | None = None) -> BuildResult:
        self.last = build(self.options, self.reporter_factory())
        return self.last


def write_site(site: Site, destination: Path) -> tuple[int, int]:
    """Write everything into a fresh folder, then swap it into place in one rename.

    A build that fails before this point, or is killed during it, leaves the
    previous output untouched.
    """
    destination.parent.mkdir(parents=True, exist_ok=True)
    staging = destination.parent / f".{destination.name}.scholarsite-new-{os.getpid()}"
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir()
    try:
        pages = copied = 0
        for doc in site.all_renderable():
            if not doc.write or doc.output is None:
                continue
            target = staging / doc.destination_path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(doc.output, encoding="utf-8")
            pages += 1
        statics = list(site.static_files)
        for collection in site.collections.values():
            if collection.output:
                statics += collection.files
        for static in statics:
            target = staging / static.destination_path
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(static.path, target)
            copied += 1
        for rel, data in site.generated_files.items():
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        keep_files(site, destination, staging)
        swap_into_place(staging, destination)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return pages, copied


def keep_files(site: Site, destination: Path, staging: Path) -> None:
    """``keep_files``: paths of the old output that survive a rebuild (e.g. ``.git``)."""
    if not destination.is_dir():
        return
    for name in site.config.get("keep_files") or []:
        old = destination / str(name).strip("/")
        new = staging / str(name).strip("/")
        if old.exists() and not new.exists():
            new.parent.mkdir(parents=True, exist_ok=True)
            if old.is_dir():
                shutil.copytree(old, new, symlinks=True)
            else:
                shutil.copy2(old, new)


def swap_into_place(staging: Path, destination: Path) -> None:
    if not destination.exists():
        staging.rename(destination)
        return
    retired = destination.parent / f".{destination.name}.scholarsite-old-{os.getpid()}"
    destination.rename(retired)
    staging.rename(destination)
    shutil.rmtree(retired, ignore_errors=True)
