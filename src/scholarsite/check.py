"""``scholarsite check``: find text in the site's sources that was decoded with the wrong
charset (``ðŸ‘‹`` for 👋, ``ÁéãÁëûÂì≤`` for 王瑞哲), and with ``--fix-encoding`` rewrite it.

Every source text file is read: pages, posts, collections, layouts and includes, ``_data``,
``_config.yml`` and ``.bib`` files, except what the site's ``exclude`` list, dot folders
and the output folder hold. Lines are judged by the same rules as the build's repair
(:mod:`scholarsite.plugins.mojibake`). Without ``--fix-encoding`` nothing is written. With
it, a file is rewritten through a temporary file and a rename, and only its repaired lines
change: line endings, a byte-order mark and every other byte stay as they were.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from scholarsite.config import load_config
from scholarsite.errors import BuildError, location
from scholarsite.plugins import mojibake
from scholarsite.reader import EntryFilter

TEXT_EXTENSIONS = {".html", ".htm", ".liquid", ".yml", ".yaml", ".json", ".csv", ".tsv",
                   ".bib", ".txt"}
BOM = b"\xef\xbb\xbf"


@dataclass
class Line:
    number: int
    before: str
    after: str


@dataclass
class Scanned:
    """One file's findings: mis-encoded lines, or why it could not be read as UTF-8."""

    path: Path
    shown: str  # as messages name it: relative to the site
    lines: list[Line] = field(default_factory=list)
    not_utf8: BuildError | None = None


def source_files(source: Path, config: dict, config_files: list[Path]) -> Iterator[tuple[Path, str]]:
    """(path, name to show) of every source text file, in a stable order."""
    filters = EntryFilter(config)
    destination = Path(config["destination"]).resolve()
    markdown = {"." + e.strip().lower() for e in str(config.get("markdown_ext", "md")).split(",")}
    extensions = TEXT_EXTENSIONS | markdown
    for path in config_files:  # a --config file outside the site is a source too
        if source not in path.resolve().parents:
            yield path, str(path)
    for dirpath, dirnames, filenames in os.walk(source):
        current = Path(dirpath)
        rel_dir = current.relative_to(source).as_posix()
        prefix = "" if rel_dir == "." else rel_dir + "/"
        dirnames[:] = sorted(
            name for name in dirnames
            if not name.startswith(".") and name != "_site"
            and not filters.excluded(prefix + name, True)
            and (current / name).resolve() != destination)
        for name in sorted(filenames):
            rel = prefix + name
            if name.startswith(".") or filters.excluded(rel, False):
                continue
            if Path(name).suffix.lower() in extensions:
                yield current / name, rel


def scan(path: Path, shown: str) -> Scanned | None:
    """The mis-encoded lines of one file; None for a binary file."""
    raw = path.read_bytes()
    if b"\0" in raw:
        return None
    result = Scanned(path, shown)
    body = raw[len(BOM):] if raw.startswith(BOM) else raw
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        from scholarsite.frontmatter import decode_utf8
        try:
            decode_utf8(raw, shown)
        except BuildError as err:
            result.not_utf8 = err
        return result
    if text.isascii():
        return result
    for number, line in enumerate(text.split("\n"), 1):
        content = line[:-1] if line.endswith("\r") else line
        fixed = mojibake.repair_line(content)
        if fixed != content:
            result.lines.append(Line(number, content, fixed))
    return result


def rewrite(scanned: Scanned) -> None:
    """Put the repaired lines into the file, leaving every other byte as it was."""
    path = scanned.path.resolve()  # through a symlink: the link stays a link
    raw = path.read_bytes()
    bom = BOM if raw.startswith(BOM) else b""
    lines = raw[len(bom):].decode("utf-8").split("\n")
    for line in scanned.lines:
        current = lines[line.number - 1] if line.number <= len(lines) else None
        ending = "\r" if current and current.endswith("\r") else ""
        if current is None or current.removesuffix(ending) != line.before:
            raise BuildError("file changed while it was being checked; nothing was written to it "
                             "(run the check again)", scanned.shown, line.number)
        lines[line.number - 1] = line.after + ending
    write_atomic(path, bom + "\n".join(lines).encode("utf-8"))


def write_atomic(path: Path, data: bytes) -> None:
    """Replace the file in one rename, with its permissions: never half a file."""
    mode = path.stat().st_mode
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode & 0o7777)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def check(source: Path, config_files: list[Path] | None = None, fix: bool = False,
          out=None) -> int:
    """Report (and with ``fix`` repair) mis-encoded text. 0: nothing left to fix; 1: some."""
    out = out or sys.stdout
    if not source.is_dir():
        raise BuildError("source folder not found (pass the site folder with -s)", source)
    source = source.resolve()
    config = load_config(source, config_files or [])
    config["destination"] = str((source / str(config.get("destination") or "_site")).resolve())
    checked, found, fixed_files, fixed_lines, unreadable = 0, [], 0, 0, 0
    for path, shown in source_files(source, config, config_files or []):
        scanned = scan(path, shown)
        if scanned is None:
            continue
        checked += 1
        if scanned.not_utf8 is not None:
            unreadable += 1
            print(f"{scanned.not_utf8} (--fix-encoding leaves it alone)", file=out)
            continue
        if not scanned.lines:
            continue
        found.append(scanned)
        for line in scanned.lines:
            stretches = mojibake.stretches(line.before, line.after)
            col, was, meant = stretches[0]
            where = location(shown, line.number, col)
            more = f" (and {len(stretches) - 1} more on this line)" if len(stretches) > 1 else ""
            if fix:
                print(f'{where}: rewrote "{mojibake.shown(was)}" as "{mojibake.shown(meant)}"{more}',
                      file=out)
            else:
                print(f"{where}: warning: {mojibake.message(was, meant, more)}", file=out)
        if fix:
            rewrite(scanned)
            fixed_files += 1
            fixed_lines += len(scanned.lines)
    lines = sum(len(s.lines) for s in found)
    if fix and found:
        print(f"scholarsite: rewrote {plural(fixed_lines, 'line')} in {plural(fixed_files, 'file')}",
              file=out)
    elif found:
        print(f"scholarsite: {plural(lines, 'mis-encoded line')} in {plural(len(found), 'file')} "
              "(scholarsite check --fix-encoding rewrites them)", file=out)
    if unreadable:
        print(f"scholarsite: {plural(unreadable, 'file')} not valid UTF-8 (re-save as UTF-8)",
              file=out)
    if not found and not unreadable:
        print(f"scholarsite: checked {plural(checked, 'file')}, no mis-encoded text", file=out)
    return 1 if unreadable or (found and not fix) else 0


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def check_links(source: Path, config_files: list[Path], external: bool = False,
                timeout: float = 10.0, deadline: float = 120.0, workers: int = 8,
                out=sys.stdout) -> int:
    """``scholarsite check --links``: build the site in memory (with the build cache, so
    after a build it costs little), print every broken link, exit 1 if there is one.
    Nothing is written to the destination."""
    from scholarsite.build import BuildOptions, build
    from scholarsite.links import locate_text
    if not source.is_dir():
        raise BuildError("source folder not found (pass the site folder with -s)", source)
    result = build(BuildOptions(source=source, config_files=config_files, write=False))
    links = result.links
    for broken in links.broken:
        print(f"{location(broken.source or broken.page, broken.line)}: {broken.message()}",
              file=out)
    bad_outside = refused = unchecked = 0
    if external and links.external:
        from scholarsite.external_links import check_external, offline
        answers = check_external(sorted(links.external), result.site.cache_folder,
                                 workers=workers, timeout=timeout, deadline=deadline)
        if offline(answers):
            print("scholarsite: no outside server could be reached (no network?): outside "
                  "links not checked", file=out)
            answers = []
        for answer in answers:
            if answer.fine:
                continue
            pages = sorted(links.external[answer.url])
            where, line = locate_text(result.site, pages[0], answer.url)
            said = f"{answer.status} {answer.reason}".strip() if answer.status else answer.reason
            also = f" (and {plural(len(pages) - 1, 'more page')})" if len(pages) > 1 else ""
            if answer.broken:
                bad_outside += 1
                print(f"{location(where, line)}: links to {answer.url}, which answers: {said}"
                      f"{also}", file=out)
            elif answer.refused:
                refused += 1
                print(f"{location(where, line)}: note: {answer.url} refused the check ({said}); "
                      "look at it in a browser", file=out)
            else:
                unchecked += 1
    outside = f", {plural(len(links.external), 'outside link')}" if external else ""
    total = len(links.broken) + bad_outside
    print(f"scholarsite: checked {plural(links.checked, 'link')} on "
          f"{plural(links.pages, 'page')}{outside}: "
          + (f"{plural(total, 'broken link')}" if total else "none broken")
          + (f"; {refused} refused the check" if refused else "")
          + (f"; {unchecked} not checked within --deadline {deadline:g} s" if unchecked else ""),
          file=out)
    return 1 if total else 0
