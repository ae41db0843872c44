"""Writing the output folder so that, whenever a build stops, the destination holds
either the whole previous site or the whole new one, never a mix.

Every build makes the complete new site in a staging folder beside the destination,
``.NAME.scholarsite-new-PID``, renames it ``.NAME.scholarsite-ready-PID`` once it is
finished, and switches it with the destination: on Linux in one step (renameat2 with
RENAME_EXCHANGE), elsewhere with two renames. A kill between those two leaves no
destination but a ready folder, and the next build (or ``clean``) moves it into place
before anything else. Nothing is touched before every page has rendered.

The previous site is not deleted: it is kept as the spare, ``.NAME.scholarsite-spare``,
and the cache saves its manifest (path -> digest) and identity (:func:`tree_token`) with
the destination's. The next build renames the spare to its staging folder; from then on a
kill leaves it as a staging folder, which the next build deletes, never as a spare. It then
brings it up to date by touching only what differs from its manifest. The spare and the
destination share unchanged files (hard links), so a file of the spare is never written
into: what is gone or changed is moved into ``.NAME.scholarsite-trash-PID`` and a new file
(or a hard link to the destination's copy) is made in its place. The trash is deleted once
the new site is in place (under ``serve``, in the background). A warm build thus costs what
changed, not one folder and one link per page. Without a spare whose identity matches its
manifest (first builds, ``--no-cache``, a kill, a spare whose folder was changed by hand),
staging starts empty and unchanged files are hard links to the ones in the destination.
Two builds at once each have their own staging folder; the spare goes to one of them,
and a previous site that finds another spare in its place is deleted.

Replacing the destination deletes what is in it, so a destination that holds the source,
is the filesystem root or the home folder, or is a folder that does not look like a built
site is refused before the build starts.
"""

from __future__ import annotations

import ctypes
import errno
import itertools
import os
import re
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from scholarsite.cache import digest
from scholarsite.errors import BuildError
from scholarsite.frontmatter import key_line
from scholarsite.site import Document, Site

# Folders a build keeps beside the destination: .NAME.scholarsite-STATE-PID,
# .NAME.scholarsite-STATE-PID-N for a previous site or files replaced in the spare that
# ``serve`` deletes in the background, and .NAME.scholarsite-spare, the previous site the
# next build updates.
LEFTOVER = re.compile(r"^\.(.+)\.scholarsite-(new|ready|old|trash|spare)(?:-(\d+)(-\d+)?)?$")
SET_ASIDE = itertools.count(1)
# Manifest keys that are never a file's path: the identity of the folder the manifest
# describes, and the spare's manifest.
TREE, SPARE = "/", "/spare"


@dataclass
class Output:
    data: bytes | None  # rendered content, or None for a file copied from ``source``
    source: Path | None
    digest: str
    is_page: bool = False
    document: object = None  # the page's document (its output is encoded only if it must be written)
    transform: Callable[[bytes], bytes] | None = None  # what the file is written through (a minifier)

    def bytes(self) -> bytes | None:
        if self.data is None and self.document is not None:
            self.data = self.document.output.encode("utf-8")
        if self.transform is not None:
            raw = self.data if self.data is not None else self.source.read_bytes()
            self.data, self.transform = self.transform(raw), None
        return self.data


def check_conflicts(site: Site) -> None:
    """Before rendering, every file's place in the destination: one that would leave it
    stops the build. Where several files are written to one place, Jekyll warns
    ("Conflict: The following destination is shared by multiple files") and the last one
    it writes stays: pages, then static files, then collection documents (posts among
    them). The same one stays here, with a warning (an error under --strict), except
    that a file of the user's always wins over a page a plugin generates."""
    items: list[tuple[str, str, object]] = []
    for doc in site.pages:
        if doc.write:
            items.append((doc.destination_path, owner_name(doc), doc))
    for static in site.static_files:
        items.append((static.destination_path, static.relative_path, static))
    for collection in site.collections.values():
        if collection.output:
            items += [(f.destination_path, f.relative_path, f) for f in collection.files]
    items += [(doc.destination_path, owner_name(doc), doc)
              for doc in site.documents() if doc.write]
    owners: dict[str, list[tuple[str, object]]] = {}
    for destination, name, item in items:
        if not inside_destination(destination):
            doc = item if isinstance(item, Document) and item.path else None
            raise BuildError(f"the URL /{destination} leads outside the destination folder "
                             "(change the permalink, or rename the file)",
                             doc.relative_path if doc is not None else name,
                             key_line(doc.source_text, "permalink") if doc is not None else None)
        owners.setdefault(destination, []).append((name, item))
    site.conflict_losers = set()
    for destination, sharing in owners.items():
        if len(sharing) == 1:
            continue
        # The last one written wins; generated pages (no file of their own) lose.
        winner = max(range(len(sharing)), key=lambda i: (not generated(sharing[i][1]), i))
        site.conflict_losers.update(id(item) for i, (_, item) in enumerate(sharing) if i != winner)
        names = [name for name, _ in sharing]
        at = next((item for _, item in reversed(sharing)
                   if isinstance(item, Document) and item.path), None)
        site.reporter.warn(
            f"{', '.join(names[:-1])} and {names[-1]} are all written to {destination}; "
            f"{sharing[winner][0]} is written there, as Jekyll does, and the other"
            f"{'s are' if len(sharing) > 2 else ' is'} lost (rename one, or give it another "
            "permalink)", at.relative_path if at is not None else sharing[winner][0],
            key_line(at.source_text, "permalink") if at is not None else None)


def owner_name(doc: Document) -> str:
    return doc.relative_path if doc.path else f"the generated page {doc.relative_path}"


def generated(item: object) -> bool:
    return isinstance(item, Document) and item.path is None


def collect_outputs(site: Site) -> dict[str, Output]:
    """Every file of the site, by its path in the destination.

    Where two claim one place, a file of the user's beats one the engine or a plugin
    makes (a theme asset, a feed, a sitemap), and that beats a redirect page; between
    equals, the later one wins, as in Jekyll (check_conflicts has warned about those)."""
    outputs: dict[str, Output] = {}
    claims: dict[str, tuple[int, str, object]] = {}  # rel -> (rank, name, item)
    theme = {id(x) for x in site.theme_pages + site.theme_static_files}

    def place(rel: str, output: Output, rank: int, name: str, item: object) -> None:
        held = claims.get(rel)
        if held is not None and held[0] != rank:
            winner, loser = (held, (rank, name, item)) if held[0] > rank else \
                ((rank, name, item), held)
            warn_overwrite(site, rel, winner, loser)
            if winner is held:
                return
        claims[rel] = (rank, name, item)
        outputs[rel] = output

    statics = list(site.static_files)
    for collection in site.collections.values():
        if collection.output:
            statics += collection.files
    losers = site.conflict_losers
    for static in statics:
        if id(static) in losers:
            continue
        st = static.path.stat()
        place(static.destination_path,
              Output(None, static.path, f"copy:{static.path}:{st.st_size}:{st.st_mtime_ns}"),
              GENERATED if id(static) in theme else USERS, static.relative_path, static)
    for rel, data in site.generated_files.items():  # made while rendering: checked here
        if not inside_destination(rel):
            raise BuildError(f"the output path {rel} leads outside the destination folder "
                             "(rename the file or change what generates it)")
        owner, doc = site.generated_owners.get(rel, ("", None))
        place(rel, Output(data, None, digest(data)),
              REDIRECT if rel in site.redirect_stubs else GENERATED,
              owner or f"the generated file {rel}", doc)
    for doc in site.all_renderable():
        if not doc.write or id(doc) in losers:
            continue
        if doc.from_cache is not None and doc._output is None:
            output = Output(None, None, doc.from_cache.output_digest, is_page=True,
                            document=doc)
        elif doc.output is not None:
            data = doc.output.encode("utf-8")
            output = Output(data, None, digest(data), is_page=True, document=doc)
        else:
            continue
        rank = GENERATED if generated(doc) or id(doc) in theme else USERS
        place(doc.destination_path, output, rank,
              owner_name(doc) if id(doc) not in theme else f"the theme's {doc.relative_path}",
              doc)
    return outputs


# Who wins a place in the destination (see collect_outputs).
REDIRECT, GENERATED, USERS = 0, 1, 2


def warn_overwrite(site: Site, rel: str, winner: tuple, loser: tuple) -> None:
    """One warning naming both; at the user's file, on its permalink or redirect_from."""
    key = "redirect_from" if REDIRECT in (winner[0], loser[0]) else "permalink"
    files = [item for _, _, item in (winner, loser) if isinstance(item, Document) and item.path]
    lines = [key_line(item.source_text, key) for item in files]
    # The line to change: a redirect_from or permalink, else the user's file itself.
    at, line = next(((f, n) for f, n in zip(files, lines) if n), (files[0] if files else None,
                                                                None))
    site.reporter.warn(
        f"{winner[1]} and {loser[1]} are both written to {rel}; {winner[1]} is written "
        f"there and the other is lost (give one of them another URL)",
        at.relative_path if at is not None else None, line)


def inside_destination(rel: str) -> bool:
    """A relative path that stays in the destination (a URL like ``/%2e%2e/x`` may not)."""
    path = PurePosixPath(rel)
    return not path.is_absolute() and ".." not in path.parts


def write_site(outputs: dict[str, Output], destination: Path, manifest: dict | None,
               keep: list[str], retire=None) -> dict:
    """Make the whole site beside the destination and switch it into place.

    ``retire(folder)`` removes a folder that is out of use (default: now). Returns what to
    save with the manifest: the destination's identity (``TREE``, see :func:`tree_token`)
    and, when the previous site is kept as the spare, its manifest (``SPARE``)."""
    retire = retire or remove_tree
    staging, ready, old, trash = (sibling(destination, state)
                                  for state in ("new", "ready", "old", "trash"))
    # Files of the current output the manifest describes may be reused as they are.
    current = manifest if manifest is not None and manifest_matches(destination, manifest) else None
    unchanged = current or {}
    try:
        destination.parent.mkdir(parents=True, exist_ok=True)
        for folder in (staging, trash):
            shutil.rmtree(folder, ignore_errors=True)
        present = take_spare(destination, manifest, staging, old, retire)
        if present is None:
            staging.mkdir()
            fill(staging, outputs, destination, unchanged)
        else:
            update(staging, present, outputs, destination, unchanged, keep, trash)
        keep_files(keep, destination, staging)
        spare = switch(staging, ready, old, destination, retire, current)
        if trash.is_dir():
            retire(trash)
    except BaseException as err:
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(trash, ignore_errors=True)
        if destination.exists():  # else ``ready`` is the new site, waiting for recover()
            shutil.rmtree(ready, ignore_errors=True)
            shutil.rmtree(old, ignore_errors=True)
        if isinstance(err, OSError):
            raise BuildError(f"cannot write the output: {err.strerror or err}"
                             + (f": {err.filename}" if err.filename else "")
                             + " (the folder that holds the destination must be writable,"
                             " and the destination must not be a mount point)",
                             destination) from err
        raise
    saved = {TREE: tree_token(destination)}
    if spare is not None:
        saved[SPARE] = spare
    return saved


def fill(staging: Path, outputs: dict[str, Output], destination: Path,
         unchanged: dict[str, str]) -> None:
    """Write every file into the empty ``staging``; an unchanged one is a hard link."""
    folders = {staging}
    for rel, output in outputs.items():
        target = staging / rel
        if target.parent not in folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            folders.add(target.parent)
        if unchanged.get(rel) == output.digest and link(destination / rel, target):
            continue
        write_file(target, output)


def take_spare(destination: Path, manifest: dict | None, staging: Path, old: Path,
               retire) -> dict[str, str] | None:
    """Make the spare the staging folder; return what is in it (its manifest), or None
    when there is none or it is not the folder its manifest describes (then it goes).

    The rename comes first: from then on a kill leaves a staging folder, which the next
    build deletes, and another build cannot take the same spare."""
    try:
        os.rename(spare_path(destination), staging)
    except FileNotFoundError:
        return None
    present = (manifest or {}).get(SPARE)
    if isinstance(present, dict) and present.get(TREE) == tree_token(staging):
        os.utime(staging)  # installed, it is another folder than the one it was before
        return present
    os.rename(staging, old)
    retire(old)
    return None


def update(staging: Path, present: dict[str, str], outputs: dict[str, Output],
           destination: Path, unchanged: dict[str, str], keep: list[str], trash: Path) -> None:
    """Bring the spare in ``staging`` (holding ``present``) to ``outputs``, touching only
    what differs. Its files may be hard links to the destination's, so a file is never
    written into: it is moved into ``trash`` and a new one is made in its place. Deleting
    is left for later (under ``serve``, in the background once the new site is in place)."""
    moved = itertools.count()

    def away(path: Path) -> None:
        """Move what is at ``path`` (a file or a folder), if anything, into the trash."""
        name = trash / str(next(moved))
        try:
            os.rename(path, name)
        except FileNotFoundError:
            if os.path.lexists(path):  # the trash is not made yet
                trash.mkdir(exist_ok=True)
                os.rename(path, name)

    kept = [str(PurePosixPath(str(name).strip("/"))) for name in keep]
    kept = [name for name in kept if name != "." and inside_destination(name)]
    for name in kept:  # taken again from the destination by keep_files()
        away(staging / name)
    present = {rel: value for rel, value in present.items() if rel not in (TREE, SPARE)
               and not any(rel == name or rel.startswith(name + "/") for name in kept)}
    for rel in present.keys() - outputs.keys():
        away(staging / rel)
    before, after = folders_of(present), folders_of(outputs)
    for folder in sorted(before - after, key=len):  # parents first; also a folder that is a file now
        away(staging / folder)
    folders = {staging} | {staging / folder for folder in before & after}
    for rel, output in outputs.items():
        if present.get(rel) == output.digest:
            continue
        target = staging / rel
        if target.parent not in folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            folders.add(target.parent)
        away(target)
        if not (unchanged.get(rel) == output.digest and link(destination / rel, target)):
            write_file(target, output)


def folders_of(paths) -> set[str]:
    """Every folder the relative file ``paths`` lie in ("a", "a/b" for "a/b/c.html")."""
    folders: set[str] = set()
    for rel in paths:
        end = rel.rfind("/")
        while end > 0 and rel[:end] not in folders:
            folders.add(rel[:end])
            end = rel.rfind("/", 0, end)
    return folders


def write_file(target: Path, output: Output) -> None:
    data = output.bytes()
    if data is not None:
        target.write_bytes(data)
    else:
        shutil.copyfile(output.source, target)


def link(existing: Path, new: Path) -> bool:
    """Give an unchanged file its place in the new tree without copying it."""
    try:
        os.link(existing, new)
        return True
    except OSError:  # gone, or a filesystem without hard links: write it instead
        return False


def sibling(destination: Path, state: str) -> Path:
    return destination.parent / f".{destination.name}.scholarsite-{state}-{os.getpid()}"


def spare_path(destination: Path) -> Path:
    return destination.parent / f".{destination.name}.scholarsite-spare"


def remove_tree(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def set_aside(folder: Path) -> Path:
    """Give a retired folder a name of its own, so that it can be deleted while later
    builds run (``serve``)."""
    aside = folder.with_name(f"{folder.name}-{next(SET_ASIDE)}")
    os.rename(folder, aside)
    return aside


def switch(staging: Path, ready: Path, old: Path, destination: Path, retire,
           previous: dict | None) -> dict | None:
    """Put the finished ``staging`` folder in the destination's place. The previous site
    becomes the spare if ``previous`` (its manifest) describes it; returns the spare's
    manifest."""
    os.rename(staging, ready)  # complete: from now on recover() may install it
    if not destination.exists():
        os.rename(ready, destination)
        return None
    if exchange(ready, destination):
        os.rename(ready, old)  # it holds the previous site now
    else:
        # Two renames. A kill between them leaves no destination, and ``ready``: the
        # next build's recover() renames it into place.
        os.rename(destination, old)
        try:
            os.rename(ready, destination)
        except BaseException:
            os.rename(old, destination)
            raise
    return keep_spare(old, destination, previous, retire)


def keep_spare(old: Path, destination: Path, previous: dict | None, retire) -> dict | None:
    """Keep the previous site for the next build to update, if its manifest is known and
    it is still the folder that manifest describes (another build may have switched in
    between). A spare already in place (another build's) stays; this one goes."""
    spare = spare_path(destination)
    if previous is not None and tree_token(old) == previous.get(TREE):
        try:
            os.rename(old, spare)
        except OSError:
            pass
        else:
            kept = {rel: value for rel, value in previous.items() if rel != SPARE}
            kept[TREE] = tree_token(spare)
            return kept
    retire(old)
    return None


def _renameat2():
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2  # glibc 2.28+
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                         ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


RENAMEAT2 = _renameat2()
AT_FDCWD, RENAME_EXCHANGE = -100, 2


def exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step; False where the system or filesystem cannot."""
    if RENAMEAT2 is None:
        return False
    if RENAMEAT2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EPERM, errno.ENOTSUP):
        return False  # not supported here: fall back to two renames
    raise OSError(code, os.strerror(code), str(b))


def tree_token(folder: Path) -> str | None:
    """Which folder this is: a new output folder (or one changed in place) gets a new token,
    so a manifest saved for an earlier folder is not taken to describe this one."""
    try:
        st = folder.stat()
    except OSError:
        return None
    return f"{st.st_dev}:{st.st_ino}:{st.st_mtime_ns}"


def manifest_matches(destination: Path, manifest: dict[str, str]) -> bool:
    """The destination is the folder the manifest was saved for, as it was written."""
    token = tree_token(destination)
    return token is not None and manifest.get(TREE) == token


def replace_file(target: Path, output: Output) -> None:
    """Write one output file beside its place and rename it in (never half a file)."""
    temporary = target.with_name(f".{target.name}.scholarsite-new")
    target.parent.mkdir(parents=True, exist_ok=True)
    write_file(temporary, output)
    os.replace(temporary, target)


def replace_in_place(destination: Path, rel: str, data: bytes, manifest: dict[str, str]) -> None:
    """Replace one file of the current output (``serve`` shows the edited page early).

    The folder gets a new time, so a manifest saved before no longer matches it; the
    in-memory ``manifest`` is updated to describe the folder as it now is."""
    replace_file(destination / rel, Output(data, None, ""))
    os.utime(destination)
    manifest[rel] = digest(data)
    manifest[TREE] = tree_token(destination)


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
                shutil.copytree(old, new, symlinks=True, copy_function=link_or_copy)
            else:
                link_or_copy(old, new)


def link_or_copy(old, new) -> None:
    if not link(Path(old), Path(new)):
        shutil.copy2(old, new)


# -- what a destination may be -----------------------------------------------------------

def check_destination(source: Path, destination: Path, keep: list[str] = (),
                      written: set[str] | None = None, replace: bool = False) -> None:
    """Refuse a destination whose replacement would delete a file no build of this site
    wrote.

    Both paths are resolved. ``keep``: names a build leaves in place (``keep_files``);
    ``written``: the files builds of this source wrote there (from the cache), or None;
    ``replace``: the user said to replace the folder whatever it holds."""
    check_location(source, destination)
    if replace or destination == source / "_site" or not destination.is_dir():
        return  # Jekyll's own output folder is replaced as Jekyll replaces it
    kept = {str(name).strip("/").split("/")[0] for name in keep}
    if written is None:
        if any(entry.name not in kept for entry in os.scandir(destination)):
            raise BuildError("the destination folder is not empty and no build of this site "
                             "wrote it; a build replaces it, so scholarsite leaves it alone "
                             "(choose another destination, empty it yourself, or pass "
                             "--replace-destination)", destination)
        return
    stray = first_stray_file(destination, written, kept)
    if stray is not None:
        raise BuildError(f"the destination folder holds {stray}, which no build of this site "
                         "wrote; a build replaces the folder, so scholarsite leaves it alone "
                         "(move that file out, list it in keep_files, or pass "
                         "--replace-destination)", destination)


def first_stray_file(destination: Path, written: set[str], kept: set[str]) -> str | None:
    """The first file under ``destination`` (outside ``kept``) that ``written`` does not
    list, as a path relative to it."""
    folders = [destination]
    while folders:
        folder = folders.pop()
        for entry in sorted(os.scandir(folder), key=lambda e: e.name):
            rel = Path(entry.path).relative_to(destination).as_posix()
            if folder == destination and entry.name in kept:
                continue
            if entry.is_dir(follow_symlinks=False):
                folders.append(Path(entry.path))
            elif rel not in written:
                return rel
    return None


def check_location(source: Path, destination: Path) -> None:
    """The part of :func:`check_destination` that needs no look inside the folder."""
    if destination == source or destination in source.parents:
        raise BuildError("the destination folder contains the source folder, and a build "
                         "replaces the destination (choose another destination, e.g. _site)",
                         destination)
    if destination == Path(destination.anchor) or destination in home_and_parents():
        raise BuildError("the destination is the filesystem root or the home folder, and a "
                         "build replaces the destination (choose another destination)",
                         destination)
    if destination.exists() and not destination.is_dir():
        raise BuildError("the destination is a file, not a folder "
                         "(remove it or choose another destination)", destination)


def home_and_parents() -> list[Path]:
    try:
        home = Path.home().resolve()
    except (RuntimeError, KeyError, OSError):
        return []
    return [home, *home.parents]


def recover(destination: Path, spare: bool = False) -> None:
    """Finish the switch a killed build started, and remove what killed builds left
    (and the spare too, with ``spare``: ``clean``)."""
    leftovers: dict[Path, str] = {}
    try:
        entries = list(os.scandir(destination.parent))
    except OSError:
        return
    for entry in entries:
        match = LEFTOVER.match(entry.name)
        if not match or match[1] != destination.name:
            continue
        if match[2] == "spare" or match[3] is None:
            if spare and match[2] == "spare":
                leftovers[Path(entry.path)] = "spare"
            continue
        pid = int(match[3])
        if match[4] and pid == os.getpid():
            continue  # being deleted by this process, in the background
        if not running(pid):
            leftovers[Path(entry.path)] = match[2]
    ready = [path for path, state in leftovers.items() if state == "ready"]
    if ready and not destination.exists():
        # Killed between the two renames of a switch: ``ready`` is the complete new site.
        newest = max(ready, key=lambda path: path.stat().st_mtime_ns)
        os.rename(newest, destination)
        del leftovers[newest]
    for path in leftovers:
        shutil.rmtree(path, ignore_errors=True)


def running(pid: int) -> bool:
    """Another build that is still running (its folders must stay)."""
    if pid == os.getpid() or os.name == "nt":  # nt: os.kill would end the process
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # someone else's process
        return True
    return True


