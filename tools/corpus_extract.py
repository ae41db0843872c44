#!/usr/bin/env python3
"""Lay out the corpus that tools/corpus.py measures, from bare git mirrors.

    python tools/corpus_extract.py [--mirrors DIR] [--corpus DIR] [--only TEXT] [--jekyll]

For each site of tests/corpus/sites.txt whose mirror (MIRRORS/OWNER+NAME, a bare git
directory) is present, the source commit is written to CORPUS/src/THEME__OWNER__NAME and,
for al-folio's published deploys, the gh-pages commit to CORPUS/ref/THEME__OWNER__NAME.
Mirrors may lack their largest blobs; such files are left out with a note, as a
snapshot leaves them out. CORPUS/ref/THEME__OWNER__NAME.epoch holds when the reference was
built (the deploy commit's time), which tools/corpus.py builds with as SOURCE_DATE_EPOCH. With --jekyll, sites whose reference is 'jekyll' get one built
by the real Jekyll (Debian's `jekyll` and `ruby-jekyll-*` packages), without Bundler, as
GitHub Pages would build them; a failed reference build is reported and skipped.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import CORPUS_DIR, SITES_FILE, Site, read_sites, select  # noqa: E402

MIRRORS = Path("/work/.mirror")


def git(mirror: Path, *args: str, binary: bool = False):
    done = subprocess.run(["git", "--git-dir", str(mirror), *args], capture_output=True)
    if done.returncode:
        raise RuntimeError(done.stderr.decode(errors="replace").strip())
    return done.stdout if binary else done.stdout.decode()


def find_mirror(mirrors: Path, site: Site) -> Path | None:
    """MIRRORS/OWNER+NAME (any case), or its one child that is the bare git directory."""
    wanted = site.repo.replace("/", "+").lower()
    for path in sorted(mirrors.iterdir()) if mirrors.is_dir() else ():
        if path.name.lower() != wanted:
            continue
        for candidate in (path, *sorted(path.iterdir())):
            if (candidate / "HEAD").is_file():
                return candidate
    return None


def extract(mirror: Path, commit: str, into: Path) -> int:
    """Write the tree of `commit` to `into`; return how many blobs the mirror lacks."""
    if into.exists():
        shutil.rmtree(into)
    into.mkdir(parents=True)
    missing = 0
    listing = git(mirror, "ls-tree", "-r", "-z", "--full-tree", commit)
    for record in filter(None, listing.split("\0")):
        meta, path = record.split("\t", 1)
        mode, kind, blob = meta.split()
        if kind != "blob":  # submodules have no content here
            continue
        target = into / path
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            data = git(mirror, "cat-file", "blob", blob, binary=True)
        except RuntimeError:
            missing += 1
            continue
        if mode == "120000":
            target.symlink_to(data.decode())
        else:
            target.write_bytes(data)
    return missing


def jekyll_reference(source: Path, into: Path) -> str:
    """Build `source` with the real Jekyll into `into`; '' on success, else the error."""
    with tempfile.TemporaryDirectory() as work:
        copy = Path(work) / "site"
        shutil.copytree(source, copy, symlinks=True)
        for name in ("Gemfile", "Gemfile.lock", ".jekyll-cache"):
            path = copy / name
            if path.is_dir():
                shutil.rmtree(path)
            elif path.exists():
                path.unlink()
        if into.exists():
            shutil.rmtree(into)
        done = subprocess.run(["jekyll", "build", "-s", str(copy), "-d", str(into)],
                              capture_output=True, text=True, timeout=900,
                              env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8",
                                   "JEKYLL_ENV": "production", "HOME": work})
        if done.returncode:
            lines = (done.stderr or done.stdout).strip().splitlines()
            return lines[-1] if lines else f"exit {done.returncode}"
    return ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mirrors", type=Path, default=MIRRORS)
    parser.add_argument("--corpus", type=Path, default=CORPUS_DIR)
    parser.add_argument("--sites", type=Path, default=SITES_FILE)
    parser.add_argument("--only")
    parser.add_argument("--theme")
    parser.add_argument("--jekyll", action="store_true",
                        help="build the 'jekyll' references with the real Jekyll")
    args = parser.parse_args(argv)
    failures = 0
    for site in select(read_sites(args.sites), args.only, args.theme):
        name = f"{site.theme}{site.suffix}"
        mirror = find_mirror(args.mirrors, site)
        if mirror is None:
            print(f"{name}: no mirror in {args.mirrors} (fetch github:{site.repo} first)")
            failures += 1
            continue
        try:
            lost = extract(mirror, site.sha, args.corpus / "src" / name)
            note = f", {lost} large file(s) absent from the mirror" if lost else ""
            if site.reference not in ("", "jekyll", "none"):
                lost = extract(mirror, site.reference, args.corpus / "ref" / name)
                epoch = git(mirror, "log", "-1", "--format=%ct", site.reference).strip()
                (args.corpus / "ref" / f"{name}.epoch").write_text(epoch + "\n")
                note += f", reference {site.reference[:8]}" + (
                    f" ({lost} absent)" if lost else "")
            elif site.reference == "jekyll" and args.jekyll:
                (args.corpus / "ref" / f"{name}.epoch").write_text(f"{int(time.time())}\n")
                error = jekyll_reference(args.corpus / "src" / name,
                                         args.corpus / "ref" / name)
                note += f", Jekyll reference failed: {error}" if error else ", Jekyll reference"
                failures += bool(error)
        except RuntimeError as error:
            print(f"{name}: {error}")
            failures += 1
            continue
        print(f"{name}: source {site.sha[:8]}{note}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
