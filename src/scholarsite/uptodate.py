"""A rebuild that finds nothing changed: one ``stat`` per file, nothing read or rendered.

Once a build has written its output, it saves a manifest in the cache folder: the stat
(size, times, inode) of every file under the source and of each file it read from
elsewhere, the stat of every file of the output as written, and a key of what else
shapes the output: the command-line options, the environment (JEKYLL_ENV,
SOURCE_DATE_EPOCH, the time zone) and the engine's own files. A later build with the
same key stats those files again. If every one holds, no file is new or gone, and the
output folder is still what was written, it is done: building would write that output.
Anything else takes the normal path, which saves a new manifest.

Timestamps are coarse (a few milliseconds, whole seconds on some filesystems), so a file
changed in the same tick as its stat was taken keeps its time. As git does with "racy"
index entries, a source whose time is not before the build started reading (the time a
touched stamp file gets, on the filesystem's own clock) is saved as changed, and so is
an output file whose time is not before its stat was taken.

A build also sees the clock: a post dated in the future appears once its date passes,
and a date written without a year takes the current one. The manifest holds until the
first such moment. (``site.time`` in a page is, as for a cached render, the time of the
build that rendered it.)

This module imports nothing of the pipeline, so that an unchanged build costs the
interpreter's start and these stats.
"""

from __future__ import annotations

import marshal
import os
import time
from pathlib import Path

from scholarsite.engine import PACKAGE, stamp
from scholarsite.options import CACHE_DIR, BuildOptions, BuildResult

MANIFEST = "unchanged-v1.marshal"
STAMP = "clock"  # touched to read the filesystem's clock
ENVIRONMENT = ("JEKYLL_ENV", "SOURCE_DATE_EPOCH", "TZ")
# Folders under the source that no build reads unless the configuration lets them in
# (then they are scanned like any other); a checkout's history or installed gems can be
# many thousand files.
SKIPPABLE = (".git", ".hg", ".svn", ".bundle", ".venv", ".jekyll-cache", ".sass-cache",
             "node_modules", "vendor/bundle", "vendor/cache", "vendor/gems", "vendor/ruby")
RACY = "racy"  # a stat saved in place of one that cannot be trusted: never matches


def key(options: BuildOptions, source: Path) -> str:
    """What, besides files, decides the output."""
    destination = options.destination.resolve() if options.destination is not None else None
    return repr((stamp(), str(source), str(destination),
                 [str(p.resolve()) for p in options.config_files], options.drafts,
                 options.future, options.unpublished, options.strict, options.overrides,
                 options.replace_destination, [os.environ.get(n) for n in ENVIRONMENT],
                 time.tzname, time.localtime().tm_gmtoff))


def unchanged(options: BuildOptions, reporter) -> BuildResult | None:
    """The last build's result if nothing has changed since it, else None."""
    started = time.perf_counter()
    if not options.use_cache or not options.write or options.profile:
        return None
    source = options.source.resolve()
    try:
        saved = marshal.loads((source / CACHE_DIR / MANIFEST).read_bytes())
        if saved["key"] != key(options, source) or time.time() >= saved["until"]:
            return None
        destination = Path(saved["destination"])
        if scan(source, set(saved["skip"]), True) != saved["source"] \
                or {path: stats(path, True) for path in saved["outside"]} != saved["outside"] \
                or still(destination, saved["output"]) != saved["output"]:
            return None
    except (OSError, EOFError, ValueError, TypeError, KeyError):
        return None  # no manifest, or an unreadable one
    reporter.repeat(saved["said"])
    reporter.summary()
    return BuildResult(None, destination, saved["pages"], saved["files"],
                       time.perf_counter() - started, warnings=len(reporter.warnings),
                       unchanged=True)


def scan(root: Path, skip, inputs: bool) -> dict:
    """Every file and folder under ``root`` but the paths in ``skip`` and what builds
    keep beside their output (``.NAME.scholarsite-*``, the cache folder): relative path
    -> stat. A source folder is ``path/`` -> 0: a file new or gone in it is a key new or
    gone. An output folder (``""`` the root) keeps its stat, whose time changes when a
    file comes or goes in it: the output is checked by stats alone (:func:`still`)."""
    found: dict = {} if inputs else {"": stats(os.fspath(root), False)}
    folders = [(os.fspath(root), "")]
    while folders:
        folder, rel = folders.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                path = rel + entry.name
                if path in skip or entry.name.startswith(".") and ".scholarsite-" in entry.name:
                    continue
                if entry.is_dir(follow_symlinks=False):
                    found[path + "/"] = 0 if inputs else stats(entry.path, False)
                    folders.append((entry.path, path + "/"))
                else:
                    found[path] = stats(entry.path, inputs)
    return found


def still(root: Path, saved: dict) -> dict:
    """The stats now of what :func:`scan` found in an output folder (a stat per entry,
    no folder listed: a pretty-URL site has a folder per page)."""
    prefix = os.path.join(root, "")
    return {path: stats(prefix + path, False) for path in saved}


def stats(path: str, inputs: bool) -> tuple | None:
    """What changes when a file does. A source's ctime is kept too (no tool sets it back);
    an output's is not, as the next build's hard links to it change it."""
    try:
        st = os.stat(path)
    except OSError:
        return None  # gone, or a broken link
    if inputs:
        return st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino
    return st.st_size, st.st_mtime_ns, st.st_ino


def filesystem_now(folder: Path) -> int | None:
    """The time the filesystem gives a file written now (its clock may lag the system's)."""
    path = folder / STAMP
    try:
        folder.mkdir(exist_ok=True)
        with open(path, "ab"):
            pass
        os.utime(path)
        return os.stat(path).st_mtime_ns
    except OSError:
        return None


class Recorder:
    """Started before a build reads anything; saves the manifest once it has written."""

    def __init__(self, options: BuildOptions):
        self.options = options
        self.source = options.source.resolve()
        self.folder = self.source / CACHE_DIR
        self.created = not self.folder.exists()
        self.fence = filesystem_now(self.folder)  # None: no cache folder, no manifest

    def undo(self) -> None:
        """A build refused before it starts leaves nothing in the source."""
        if self.created:
            (self.folder / STAMP).unlink(missing_ok=True)
            try:
                self.folder.rmdir()
            except OSError:
                pass

    def save(self, site, destination: Path, outputs, pages: int, files: int) -> None:
        if self.fence is None:
            return
        manifest = self.manifest(site, destination, outputs, pages, files)
        target = self.folder / MANIFEST
        temporary = target.with_name(f"{MANIFEST}.{os.getpid()}")
        try:
            if manifest is None:
                target.unlink(missing_ok=True)
                return
            temporary.write_bytes(marshal.dumps(manifest))
            os.replace(temporary, target)
        except OSError:
            temporary.unlink(missing_ok=True)

    def manifest(self, site, destination: Path, outputs, pages: int,
                 files: int) -> dict | None:
        source = self.source
        roots = read_roots(site)
        if any(not inside(root, source) for root in roots):
            return None  # reads folders elsewhere, whose new files no scan would see
        skip = skipped(site, source, destination, roots)
        found = scan(source, skip, True)
        outside = [str(p.resolve()) for p in self.options.config_files]
        outside += [p for p in site.files_read
                    if not inside(Path(p), source) and not inside(Path(p), Path(PACKAGE))]
        outside = {path: stats(path, True) for path in outside}
        for entries in (found, outside):
            for path, st in entries.items():
                if st and max(st[1], st[2]) >= self.fence:
                    entries[path] = RACY  # changed maybe after it was read
        keep = kept_files(site, outputs)
        return {"key": key(self.options, source), "until": valid_until(site),
                "destination": str(destination), "skip": sorted(skip),
                "source": found, "outside": outside, "keep": keep,
                "output": settled_scan(destination, keep, self.folder),
                "said": site.reporter.said, "pages": pages, "files": files}


def inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def read_roots(site) -> list[Path]:
    """The folders whose files a build reads: layouts, includes, data, collections, Sass."""
    from scholarsite.sass import load_paths
    config = site.config
    folders = [config.get("layouts_dir", "_layouts"), config.get("includes_dir", "_includes"),
               config.get("data_dir", "_data"), config.get("collections_dir", "") or "."]
    roots = [(site.source / str(folder)).resolve() for folder in folders]
    return roots + [Path(path).resolve() for path in load_paths(site)
                    if site.theme_dir is None or not inside(Path(path), site.theme_dir)]


def skipped(site, source: Path, destination: Path, roots: list[Path]) -> set[str]:
    """What the scan of the source leaves out: the output, and the SKIPPABLE folders
    the reader does not enter and nothing read lies in."""
    from scholarsite.reader import EntryFilter
    skip = set()
    if inside(destination, source):
        skip.add(destination.relative_to(source).as_posix())
    filters = EntryFilter(site.config)
    read = [*roots, *map(Path, site.files_read)]
    for rel in SKIPPABLE:
        folder = source / rel
        if folder.is_dir() and not filters.keep(rel, folder.name, True) \
                and not any(inside(path, folder) or inside(folder, path) and path != source
                            for path in read):
            skip.add(rel)
    return skip


def kept_files(site, outputs) -> list[str]:
    """``keep_files``: what the output keeps from before, whatever it holds now (unless
    the build writes there: an output wins)."""
    names = [str(name).strip("/") for name in site.config.get("keep_files") or []]
    return [name for name in names if name and not any(
        rel == name or rel.startswith(name + "/") for rel in outputs)]


def valid_until(site) -> float:
    """When the clock alone may change what a build writes (see the module's notes)."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return float("inf")  # the build's "now" is fixed
    year = time.localtime().tm_year
    until = time.mktime((year + 1, 1, 1, 0, 0, 0, 0, 0, -1))
    if site.next_publication is not None:
        until = min(until, site.next_publication.timestamp())
    return until


def settled_scan(destination: Path, keep: list[str], folder: Path) -> dict:
    """The output's stats, taken once the filesystem clock has passed the time of the
    files just written (a few milliseconds), so that a later change shows."""
    written = filesystem_now(folder)
    fence = written
    for _ in range(50):
        if fence is None or fence > written:
            break
        time.sleep(0.001)
        fence = filesystem_now(folder)
    found = scan(destination, set(keep), False)
    for path, st in found.items():
        if st and (fence is None or st[1] >= fence):
            found[path] = RACY
    return found
