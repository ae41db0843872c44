"""The pipeline, in Jekyll's order: config -> read -> generate -> render -> write."""

from __future__ import annotations

import json
import threading
import time
from contextlib import closing
from pathlib import Path

from scholarsite import uptodate
from scholarsite.cache import CACHE_DIR, BuildCache, ParsedFrontMatter, Signer
from scholarsite.clock import source_date_epoch
from scholarsite.config import load_config, site_config_file
from scholarsite.errors import MAX_ERRORS, BuildError, Reporter, combined
from scholarsite.links import LinkReport, check_links, checks_links
from scholarsite.options import BuildOptions, BuildResult
from scholarsite.links import report as report_links
from scholarsite.liquid.environment import JekyllEnvironment
from scholarsite.parallel import default_workers, render_documents
from scholarsite.profile import Profile, Progress
from scholarsite.reader import read_site
from scholarsite.render import RenderResult, render_document
from scholarsite.site import Site
from scholarsite.search import index_outputs
from scholarsite.vendored import theme_files_in_use
from scholarsite.write import (check_conflicts, check_destination, check_location,
                               collect_outputs, manifest_matches, recover, remove_tree,
                               replace_in_place, set_aside, write_site)

THEME_DIR = Path(__file__).parent / "theme"


def load_site(options: BuildOptions, reporter: Reporter | None = None,
              source_memo: dict | None = None) -> Site:
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
    if not options.config_files and site_config_file(source) is None:
        reporter.warn(f"no _config.yml in {source}: is this the site's folder? (pass the "
                      "folder that holds _config.yml with -s)")
    site.source_memo = source_memo
    if options.use_cache:
        site.cache_folder = source / CACHE_DIR
    if source_memo is None:  # serve keeps parsed files in memory instead
        site.parsed_front_matter = ParsedFrontMatter(source, enabled=options.use_cache)
    read_site(site, drafts=options.drafts, future=options.future,
              unpublished=options.unpublished)
    return site


def generate(site: Site) -> None:
    """Plugins that add pages and files before anything is rendered."""
    from scholarsite.plugins import registry
    for generator in registry.generators():
        generator(site)


def finish(site: Site) -> None:
    """Plugins that work on the rendered pages together (the icon fonts)."""
    from scholarsite.plugins import registry
    for finisher in registry.finishers():
        finisher(site)


def choose_writers(site: Site, outputs: dict) -> None:
    """Plugins that decide how output files are written (the minifiers)."""
    from scholarsite.plugins import registry
    for writer in registry.writers():
        writer(site, outputs)


def render_site(site: Site, cache: BuildCache | None = None, progress: bool = False,
                workers: int = 1, first: frozenset[str] = frozenset(),
                on_rendered=None) -> list[str]:
    """Render every document, or take it from the cache when nothing it read changed.

    Collections first, then pages, as Jekyll does: a page listing posts sees their
    rendered content.
    """
    signer = Signer(site)
    rendered: list[str] = []
    errors: list[BuildError] = []  # every located error, so that one round fixes them all
    meter = Progress(progress, len(site.all_renderable()))
    for phase in (site.documents(), list(site.pages)):
        todo, bodies = [], {}
        for doc in phase:
            cached = cache.lookup(doc.cache_key) if cache is not None and not doc.is_sass else None
            if cached is not None and cached.warnings and site.reporter.strict:
                cached = None  # render again so that --strict turns the warning into an error
            if cached is not None and signer.holds(doc, cached.signature):
                reuse(site, doc, cached)
            else:
                if cached is not None and not cached.content_cited and \
                        signer.holds(doc, cached.content_signature):
                    bodies[doc.cache_key] = cached  # only its layouts need to run
                todo.append(doc)
        meter.advance(len(phase) - len(todo))
        todo.sort(key=lambda doc: str(doc.path) not in first)  # edited files first
        # closing(): on an error the worker pool shuts down now, not when the
        # generator happens to be collected.
        with closing(render_documents(site, todo, workers, bodies)) as results:
            rendered += apply_results(site, results, bodies, cache, signer, meter, on_rendered,
                                      errors)
    meter.finish()
    if errors:
        raise combined(errors)
    if site.uses_theme_layouts:
        # The theme's stylesheet and scripts come along only when its layouts are used.
        for doc in site.theme_pages:
            render_document(site, doc)
        site.pages += site.theme_pages
        site.static_files += theme_files_in_use(site)  # (its unused libraries left out)
    return rendered


def apply_results(site: Site, results, bodies: dict, cache: BuildCache | None, signer: Signer,
                  meter: Progress, on_rendered=None, errors: list | None = None) -> list[str]:
    """Take render results in document order into the site and the cache; errors go to
    ``errors`` (up to MAX_ERRORS, then the build stops there)."""
    rendered = []
    for doc, result in results:
        if result.error is not None:
            if errors is None:
                meter.finish()
                raise result.error
            errors.append(result.error)
            if len(errors) >= MAX_ERRORS:
                meter.finish()
                raise combined(errors)
            continue
        body = bodies.get(doc.cache_key)
        if body is not None:  # repeat the body's warnings, as a full render would
            result.warnings = body.warnings[:body.content_warnings] + result.warnings
            result.content_warnings = body.content_warnings
        apply_result(site, doc, result)
        site.files_read |= result.files | result.content_files
        rendered.append(doc.relative_path)
        if cache is not None and not doc.is_sass:
            signatures = signer.signatures(
                doc, result, body.content_signature if body is not None else None)
            cache.store(doc.cache_key, signatures, doc.content, doc.output or "",
                        result.warnings)
        meter.advance(1)
        if on_rendered is not None:
            on_rendered(doc)
    return rendered


def reuse(site: Site, doc, cached) -> None:
    """A render from the cache stands in for rendering ``doc``."""
    doc.use_cached(cached)
    site.files_read.update(key[5:] for key in cached.signature if key.startswith("file:"))
    for warning in cached.warnings:
        site.reporter.warn_line(warning)
    note_theme_use(site, cached.signature)


def apply_result(site: Site, doc, result: RenderResult) -> None:
    """Put a render result (maybe from a worker process) onto the document and site."""
    doc.content, doc.output, doc.rendered = result.content, result.output, True
    for warning in result.warnings:
        site.reporter.warn_line(warning)
    site.generated_files.update(result.generated)
    site.uses_theme_layouts |= result.uses_theme_layouts
    site.profile.pages[doc.relative_path] = result.seconds


def note_theme_use(site: Site, signature: dict[str, str]) -> None:
    """A cached page that used a theme layout still needs the theme's stylesheet."""
    if site.theme_dir is not None:
        layouts = f"file:{site.theme_dir / '_layouts'}"
        if any(key.startswith(layouts) for key in signature):
            site.uses_theme_layouts = True


def fingerprint(site: Site, options: BuildOptions) -> str:
    """Everything that voids all cached renders when it changes.

    Without SOURCE_DATE_EPOCH, ``site.time`` in a cached page is the time it was rendered;
    with it, the epoch is part of every render, so a cached build equals a fresh one."""
    settings = {k: v for k, v in site.config.items() if k not in ("destination", "source")}
    return json.dumps([settings, site.environment, options.drafts, options.future,
                       options.unpublished, source_date_epoch()], sort_keys=True, default=str)


def build(options: BuildOptions, reporter: Reporter | None = None,
          state: "Builder | None" = None, may_skip: bool = True) -> BuildResult:
    """One build. ``state`` (a Builder) keeps parsed sources and renders between builds.

    Without it, a build that finds nothing changed since the last one is done at once
    (uptodate.py); ``may_skip=False``: the caller has just found that something did."""
    started = time.perf_counter()
    recorder = None
    if state is None and options.use_cache and options.write:
        reporter = reporter or Reporter()
        done = uptodate.unchanged(options, reporter) if may_skip else None
        if done is not None:
            return done
        recorder = uptodate.Recorder(options)  # before anything is read
    try:
        site = load_site(options, reporter, state.source_memo if state else None)
        destination = Path(site.config["destination"])
        check_location(site.source, destination)  # before anything is written
    except BaseException:
        if recorder is not None:
            recorder.undo()
        raise
    site.profile = Profile(options.profile)
    generate(site)
    check_conflicts(site)
    if state is not None and state.cache is not None:
        cache = state.cache
        cache.retarget(fingerprint(site, options))
    else:
        cache = BuildCache(site.source, fingerprint(site, options), enabled=options.use_cache,
                           in_memory=state is not None,
                           record_outputs=destination != site.source / "_site")
        if state is not None:
            state.cache = cache
    manifest = cache.manifest(destination)
    keep = site.config.get("keep_files") or []
    edited = state.edited if state is not None else frozenset()
    try:
        if options.write:
            check_destination(site.source, destination, keep, cache.written(destination),
                              options.replace_destination)
            recover(destination)
        rendered = render_site(site, cache, options.progress,
                               options.workers or default_workers(), first=edited,
                               on_rendered=early_writer(destination, manifest, edited,
                                                        state.shown if state else None))
        finish(site)
        outputs = collect_outputs(site)
        search, stale = index_outputs(site, outputs,
                                      stale_ok=state is not None and state.search_later)
        outputs.update(search)  # site search, after every page
        links = check_links(site, outputs) if checks_links(site) else LinkReport()
        if options.write:
            report_links(site, links.broken)
        if "index.html" not in outputs:
            site.reporter.warn("the site has no home page: nothing is written to index.html "
                               "(add index.md or index.html, or give a page permalink: /)")
        choose_writers(site, outputs)
        if options.write:
            written = {rel: out.digest for rel, out in outputs.items()}
            cache.claim(destination, written)
            written.update(write_site(outputs, destination, manifest, keep,
                                      state.retire if state is not None else None))
            if state is not None:
                state.shown_early = [rel for rel, sent in state.early.items()
                                     if written.get(rel) == sent]
            cache.commit({doc.relative_path for doc in site.all_renderable()}, destination,
                         written)
            if recorder is not None:
                pages = sum(1 for out in outputs.values() if out.is_page)
                recorder.save(site, destination, outputs, pages, len(outputs) - pages)
        if site.parsed_front_matter is not None:
            site.parsed_front_matter.save()
    finally:
        site.reporter.summary()
        if state is None:
            cache.close()
    pages = sum(1 for out in outputs.values() if out.is_page)
    return BuildResult(site, destination, pages, len(outputs) - pages,
                       time.perf_counter() - started, rendered, site.profile, stale,
                       links, len(site.reporter.warnings))


def early_writer(destination: Path, manifest: dict | None, edited: frozenset[str],
                 shown=None):
    """Under ``serve``, the page of the file just saved is written as soon as it renders,
    before the pages that list it, into the current output (the rest of the site switches
    at the end). It is replaced in one rename, so a build that fails later leaves every
    file either as it was or a good new render. ``shown(rel, digest)`` is told of each
    (serve reloads that page at once)."""
    if not edited or manifest is None or not manifest_matches(destination, manifest):
        return None

    def write(doc) -> None:
        if doc.path is not None and str(doc.path) in edited and doc.write and doc.output is not None:
            rel = doc.destination_path
            replace_in_place(destination, rel, doc.output.encode("utf-8"), manifest)
            if shown is not None:
                shown(rel, manifest[rel])
    return write


class Builder:
    """Builds the same site again and again (for ``serve``): ``build(changed)``.

    ``changed`` names the source paths that changed since the last build (None: unknown,
    rebuild everything). A failed build raises BuildError and leaves the output as it was.
    """

    def __init__(self, options: BuildOptions, reporter_factory=Reporter):
        self.options = options
        self.reporter_factory = reporter_factory
        self.last: BuildResult | None = None
        self.source_memo: dict = {}  # parsed sources by (path, mtime, size)
        self.cache: BuildCache | None = None  # render results, in memory and on disk
        self.edited: frozenset[str] = frozenset()
        # Pages written early in this build (path -> digest; serve reloads them at once,
        # see early_writer), and those of them the end of the build left the same.
        self.early: dict[str, str] = {}
        self.shown_early: list[str] = []
        self.on_early_page = None  # serve: called with each page's path as it is written
        self.retiring: list[threading.Thread] = []
        # Under serve, a build publishes the previous search index, so that the browser
        # reloads the edited page at once; build_search() then brings the index up to date.
        self.search_later = False

    def build(self, changed: set[Path] | None = None) -> BuildResult:
        # Files are re-read only when their stat changed, and documents re-render only
        # when what they read changed; ``changed`` only decides what renders first.
        self.edited = frozenset(str(Path(p).resolve()) for p in changed or ())
        self.early.clear()
        self.shown_early = []
        self.last = build(self.options, self.reporter_factory(), state=self)
        return self.last

    def shown(self, rel: str, digest: str) -> None:
        self.early[rel] = digest
        if self.on_early_page is not None:
            self.on_early_page(rel)

    def build_search(self) -> BuildResult:
        """After a build that published a stale index: the same site with a fresh one."""
        self.search_later, later = False, self.search_later
        try:
            return self.build(set())
        finally:
            self.search_later = later

    def retire(self, folder: Path) -> None:
        """The previous output is deleted in the background: a rebuild is done (and the
        browser reloads) as soon as the new output is in place."""
        thread = threading.Thread(target=remove_tree, args=(set_aside(folder),), daemon=True,
                                  name="scholarsite-retire")
        thread.start()
        self.retiring = [t for t in self.retiring if t.is_alive()] + [thread]

    def finish_retiring(self) -> None:
        for thread in self.retiring:
            thread.join()
        self.retiring = []

    def close(self) -> None:
        self.finish_retiring()
        if self.cache is not None:
            self.cache.close()
