"""``scholarsite import orcid:... | dblp:... | openalex:... | doi:... | arxiv:...``: the
works an API knows, merged into a ``.bib`` file. Works already in the file (same DOI or
arXiv id, or the same title within a year) are left alone, and so is every byte of the
file before the entries added at its end."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

from scholarsite.errors import BuildError
from scholarsite.frontmatter import decode_utf8
from scholarsite.scholar.bibtex import parse_text
from scholarsite.scholarly import bibwriter, store
from scholarsite.scholarly.citations import bibliography_folder
from scholarsite.scholarly.http import Client, SourceError
from scholarsite.scholarly.identify import normalize_title, work_of
from scholarsite.scholarly.importers import Found, parse_spec


def default_file(source: Path, config: dict) -> Path:
    scholar = config.get("scholar") if isinstance(config.get("scholar"), dict) else {}
    folder = bibliography_folder(source, config)
    name = str(scholar.get("bibliography") or "papers.bib")
    if "*" in name:
        name = "papers.bib"
    return folder / (name if name.endswith(".bib") else name + ".bib")


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


class Index:
    """Works by DOI, arXiv id and normalised title, for finding a work's other versions."""

    def __init__(self):
        self.by_id: dict[str, int] = {}
        self.by_title: dict[str, list[tuple[int | None, int]]] = {}

    def add(self, number: int, doi: str, arxiv: str, title: str, year: int | None) -> None:
        for ident in (f"doi:{doi}" if doi else "", f"arxiv:{arxiv}" if arxiv else ""):
            if ident:
                self.by_id.setdefault(ident, number)
        self.by_title.setdefault(normalize_title(title), []).append((year, number))

    def find(self, doi: str, arxiv: str, title: str, year: int | None) -> int | None:
        for ident in (f"doi:{doi}" if doi else "", f"arxiv:{arxiv}" if arxiv else ""):
            if ident in self.by_id:
                return self.by_id[ident]
        normalized = normalize_title(title)
        for other_year, number in self.by_title.get(normalized, []) if normalized else []:
            if not year or not other_year or abs(year - other_year) <= 1:
                return number
        return None


def deduplicate(found: list[Found]) -> tuple[list[Found], int]:
    """The works with their versions (same DOI, arXiv id or title) made one each."""
    works: list[Found] = []
    index = Index()
    merged = 0
    for work in found:
        twin = index.find(work.doi, work.arxiv, work.title, work.year)
        if twin is None:
            index.add(len(works), work.doi, work.arxiv, work.title, work.year)
            works.append(work)
            continue
        merged += 1
        other = works[twin]
        first, second = (work, other) if is_published(work) and not is_published(other) \
            else (other, work)
        works[twin] = combine(first, second)
        index.add(twin, works[twin].doi, works[twin].arxiv, work.title, work.year)
    return works, merged


def existing_index(existing) -> Index:
    index = Index()
    for number, entry in enumerate(existing):
        for doi in entry.dois or [""]:
            index.add(number, doi, entry.arxiv, entry.title, entry.year)
    return index


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
    text = decode_utf8(raw, shown) if raw else ""
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
    index = existing_index(existing)
    new = [w for w in works if index.find(w.doi, w.arxiv, w.title, w.year) is None]
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
        data = bibwriter.append(text, rendered, style).encode("utf-8")
        if raw.startswith(b"\xef\xbb\xbf"):
            data = b"\xef\xbb\xbf" + data
        store.replace_file(path, data)
    keys = [r.split("{", 1)[1].split(",", 1)[0] for r in rendered]
    print(f"scholarsite: added {summary}" + (f": {', '.join(keys)}" if keys else ""), file=out)
    return 0
