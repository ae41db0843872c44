"""Writing the output folder, so that a failed or killed build never leaves it broken.

A first build (or one without a cache) writes everything into a fresh folder and
swaps it into place with one rename. When the cache holds a manifest of what the
destination contains, only files whose content changed are replaced (each with a
rename, so readers never see half a file) and files no longer produced are removed.
Either way nothing is touched before every page has rendered.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from scholarsite.cache import digest
from scholarsite.errors import BuildError
from scholarsite.frontmatter import key_line
from scholarsite.site import Site


@dataclass
class Output:
    data: bytes | None  # rendered content, or None for a file copied from ``source``
    source: Path | None
    digest: str
    is_page: bool = False
    document: object = None  # a document whose output is read only if it must be written

    def bytes(self) -> bytes | None:
        if self.data is None and self.document is not None:
            self.data = self.document.output.encode("utf-8")
        return self.data


def check_conflicts(site: Site) -> None:
    """Two of the site's files written to the same place: Jekyll warns and one of them
    is silently lost, which is a broken site; here it stops the build."""
    statics = list(site.static_files)
    for collection in site.collections.values():
        if collection.output:
            statics += collection.files
    items = [(f.destination_path, f.relative_path, None) for f in statics]
    items += [(doc.destination_path, doc.relative_path if doc.path else
               f"the generated page {doc.relative_path}", doc)
              for doc in site.all_renderable() if doc.write]
    owners: dict[str, tuple[str, object]] = {}
    for destination, name, doc in items:
        if destination not in owners:
            owners[destination] = (name, doc)
            continue
        first, first_doc = owners[destination]
        # Point at a file the user wrote: a generated page has none.
        at, at_doc = (name, doc) if doc is None or doc.path else (first, first_doc)
        line = key_line(at_doc.source_text, "permalink") if at_doc is not None else None
        raise BuildError(f"{first} and {name} are both written to {destination}, so one "
                         "would be lost (rename one of them, or give it another permalink)",
                         at, line)


def collect_outputs(site: Site) -> dict[str, Output]:
    """Every file of the site, by its path in the destination. Later entries win."""
    outputs: dict[str, Output] = {}
    statics = list(site.static_files)
    for collection in site.collections.values():
        if collection.output:
            statics += collection.files
    for static in statics:
        st = static.path.stat()
        outputs[static.destination_path] = Output(
            None, static.path, f"copy:{static.path}:{st.st_size}:{st.st_mtime_ns}")
    for rel, data in site.generated_files.items():
        outputs[rel] = Output(data, None, digest(data))
    for doc in site.all_renderable():
        if not doc.write:
            continue
        if doc.from_cache is not None and doc._output is None:
            outputs[doc.destination_path] = Output(None, None, doc.from_cache.output_digest,
                                                   is_page=True, document=doc)
        elif doc.output is not None:
            data = doc.output.encode("utf-8")
            outputs[doc.destination_path] = Output(data, None, digest(data), is_page=True)
    outside = [rel for rel in outputs if not inside_destination(rel)]
    sources = {doc.destination_path: doc.relative_path
               for doc in site.all_renderable() if outside and doc.write}
    for rel in outside:
        site.reporter.warn(f"output path '{rel}' would leave the destination folder; not written "
                           "(check its permalink)", sources.get(rel))
        del outputs[rel]
    return outputs


def inside_destination(rel: str) -> bool:
    """A relative path that stays in the destination (a URL like ``/%2e%2e/x`` may not)."""
    path = PurePosixPath(rel)
    return not path.is_absolute() and ".." not in path.parts


def write_site(outputs: dict[str, Output], destination: Path, manifest: dict[str, str] | None,
               keep: list[str]) -> None:
    if manifest is not None and manifest_matches(destination, manifest):
        update_in_place(outputs, destination, manifest)
    else:
        write_fresh(outputs, destination, keep)


def write_file(target: Path, output: Output) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    data = output.bytes()
    if data is not None:
        target.write_bytes(data)
    else:
        shutil.copyfile(output.source, target)


def write_fresh(outputs: dict[str, Output], destination: Path, keep: list[str]) -> None:
    destination.parent.mkdir(parents=True, exist_ok=True)
    staging = destination.parent / f".{destination.name}.scholarsite-new-{os.getpid()}"
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir()
    try:
        for rel, output in outputs.items():
            write_file(staging / rel, output)
        keep_files(keep, destination, staging)
        swap_into_place(staging, destination)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def manifest_matches(destination: Path, manifest: dict[str, str]) -> bool:
    """The destination still holds what the last build wrote (nobody deleted it)."""
    return destination.is_dir() and all((destination / rel).is_file() for rel in manifest)


def update_in_place(outputs: dict[str, Output], destination: Path, manifest: dict[str, str]) -> None:
    for rel, output in outputs.items():
        if manifest.get(rel) != output.digest:
            replace_file(destination / rel, output)
    for rel in manifest.keys() - outputs.keys():
        stale = destination / rel
        stale.unlink(missing_ok=True)
        prune_empty_folders(stale.parent, destination)


def replace_file(target: Path, output: Output) -> None:
    """Write one output file beside its place and rename it in (never half a file)."""
    temporary = target.with_name(f".{target.name}.scholarsite-new")
    write_file(temporary, output)
    os.replace(temporary, target)


def prune_empty_folders(folder: Path, root: Path) -> None:
    while folder != root and root in folder.parents:
        try:
            folder.rmdir()
        except OSError:  # not empty
            return
        folder = folder.parent


def keep_files(keep: list[str], destination: Path, staging: Path) -> None:
    """``keep_files``: paths of the old output that survive a rebuild (e.g. ``.git``)."""
    if not destination.is_dir():
        return
    for name in keep:
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
