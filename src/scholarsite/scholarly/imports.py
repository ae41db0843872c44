"""``scholarsite import orcid:... | dblp:... | openalex:... | doi:... | arxiv:...``: the
works an API knows, merged into a ``.bib`` file. Works already in the file (same DOI or
arXiv id, or the same title within a year) are left alone, and so is every byte of the
file before the entries added at its end."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

from scholarsite.errors import BuildError
from scholarsite.scholar.bibtex import parse_text
from scholarsite.scholarly import bibwriter
from scholarsite.scholarly.http import Client, SourceError
from scholarsite.scholarly.identify import normalize_title, work_of
from scholarsite.scholarly.importers import Found, parse_spec


def default_file(source: Path, config: dict) -> Path:
    scholar = config.get("scholar") if isinstance(config.get("scholar"), dict) else {}
    folder = source / str(scholar.get("source") or "_bibliography").lstrip("/")
    name = str(scholar.get("bibliography") or "papers.bib")
    if "*" in name:
        name = "papers.bib"
    return folder / (name if name.endswith(".bib") else name + ".bib")


def same_title(a: Found, title: str, year: int | None) -> bool:
    return bool(a.title) and normalize_title(a.title) == normalize_title(title) and (
        not a.year or not year or abs(a.year - year) <= 1)


def combine(published: Found, preprint: Found) -> Found:
    """One work from its preprint and its publication: the publication's details, both ids."""
    merged = replace(published)
    for name in ("doi", "arxiv", "primary_class", "venue", "volume", "number", "pages",
                 "publisher", "url"):
        if not getattr(merged, name):
            setattr(merged, name, getattr(preprint, name))
    merged.authors = published.authors or preprint.authors
    merged.year = published.year or preprint.year
    return merged


def is_published(work: Found) -> bool:
    return bool(work.venue) or (bool(work.doi) and work.type != "misc")


def deduplicate(found: list[Found]) -> tuple[list[Found], int]:
    """The works with their versions (same DOI, arXiv id or title) made one each."""
    works: list[Found] = []
    merged = 0
    for work in found:
        twin = next((w for w in works if (work.doi and work.doi == w.doi)
                     or (work.arxiv and work.arxiv == w.arxiv)
                     or same_title(w, work.title, work.year)), None)
        if twin is None:
            works.append(work)
            continue
        merged += 1
        index = works.index(twin)
        first, second = (work, twin) if is_published(work) and not is_published(twin) \
            else (twin, work)
        works[index] = combine(first, second)
    return works, merged


def known(work: Found, existing) -> bool:
    for entry in existing:
        if (work.doi and work.doi in entry.dois) or (work.arxiv and work.arxiv == entry.arxiv):
            return True
        if normalize_title(work.title) == normalize_title(entry.title) and (
                not work.year or not entry.year or abs(work.year - entry.year) <= 1):
            return True
    return False


def run(source: Path, specs: list[str], into: Path | None, dry_run: bool, offline: bool,
        client: Client | None = None, out=None) -> int:
    from scholarsite.config import load_config
    out = out or sys.stdout
    source = source.resolve()
    if not source.is_dir():
        raise BuildError("source folder not found (pass the site folder with -s)", source)
    config = load_config(source)
    wanted = [parse_spec(spec) for spec in specs]  # every spec checked before any request
    path = default_file(source, config) if into is None else source / into  # an absolute
    # --into stays as it is: Path's / keeps the right side when it is absolute
    shown = path.relative_to(source).as_posix() if source in path.parents else str(path)
    raw = path.read_bytes() if path.is_file() else b""
    try:
        text = raw.decode("utf-8-sig") if raw else ""
    except UnicodeDecodeError:
        raise BuildError("BibTeX file is not valid UTF-8", shown) from None
    if offline:
        print(f"scholarsite: --offline: nothing imported ({shown} left as it was)", file=out)
        return 0
    client = client or Client()
    found: list[Found] = []
    for (module, ident), spec in zip(wanted, specs):
        try:
            works = module.fetch(client, ident)
        except SourceError as exc:
            if exc.offline:
                print(f"scholarsite: {exc}; nothing imported ({shown} left as it was)",
                      file=out)
                return 0
            raise BuildError(f"{spec}: {exc}; nothing imported") from None
        print(f"scholarsite: {spec}: {len(works)} work{'s' if len(works) != 1 else ''} "
              f"({module.__name__.rsplit('.', 1)[-1]})", file=out)
        found += works
    entries = parse_text(text, shown, path).entries
    existing = [work_of(e) for e in entries]
    works, merged = deduplicate(found)
    new = [w for w in works if not known(w, existing)]
    style = bibwriter.detect(text, entries)
    taken = {e.key.lower() for e in entries}
    rendered = [bibwriter.render(w, bibwriter.new_key(w, style, taken), style) for w in new]
    summary = (f"{len(new)} new, {len(works) - len(new)} already in {shown}"
               + (f", {merged} merged with another version (preprint and publication)"
                  if merged else ""))
    if dry_run:
        for entry in rendered:
            print(entry + "\n", file=out)
        print(f"scholarsite: --dry-run: would add {summary}", file=out)
        return 0
    if rendered:
        path.parent.mkdir(parents=True, exist_ok=True)
        updated = bibwriter.append(text, rendered, style)
        data = updated.encode("utf-8")
        if raw.startswith(b"\xef\xbb\xbf"):
            data = b"\xef\xbb\xbf" + data
        temporary = path.with_name(f".{path.name}.tmp")
        temporary.write_bytes(data)
        temporary.replace(path)
    keys = [r.split("{", 1)[1].split(",", 1)[0] for r in rendered]
    print(f"scholarsite: added {summary}" + (f": {', '.join(keys)}" if keys else ""), file=out)
    return 0
