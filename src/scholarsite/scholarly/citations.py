"""``scholarsite citations``: a citation count for every entry of the site's ``.bib``
files, from open APIs, into ``_data/citations.yml``. Never fails a CI job for the
network's sake: an unreachable API leaves the file as it was and exits 0."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from scholarsite import clock
from scholarsite.errors import BuildError
from scholarsite.frontmatter import decode_utf8
from scholarsite.scholarly import store
from scholarsite.scholarly.http import Client, SourceError
from scholarsite.scholarly.identify import Work, work_of
from scholarsite.scholarly.sources import Count, sources as all_sources
from scholarsite.scholar.bibtex import parse_text

DEFAULT_SOURCES = ["openalex"]
SHOWN = 8  # keys listed in one summary line before "and N more"


@dataclass
class SourceReport:
    counted: int = 0
    by_title: list[tuple[str, float]] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    offline: bool = False


def listing(keys: list[str]) -> str:
    more = f" and {len(keys) - SHOWN} more" if len(keys) > SHOWN else ""
    return ", ".join(keys[:SHOWN]) + more


def bibliography_folder(source: Path, config: dict) -> Path:
    """jekyll-scholar's ``scholar.source`` (default ``_bibliography``) in the site."""
    scholar = config.get("scholar") if isinstance(config.get("scholar"), dict) else {}
    return source / str(scholar.get("source") or "_bibliography").lstrip("/")


def bib_files(source: Path, config: dict) -> list[Path]:
    folder = bibliography_folder(source, config)
    return sorted(p for p in folder.rglob("*.bib") if p.is_file()) if folder.is_dir() else []


def read_works(source: Path, config: dict) -> list[Work]:
    paths = bib_files(source, config)
    if not paths:
        raise BuildError("no .bib files to count citations for (put them in _bibliography/, "
                         "or set scholar.source in _config.yml)", source / "_bibliography")
    works, seen = [], set()
    for path in paths:
        shown = path.relative_to(source).as_posix()
        text = decode_utf8(path.read_bytes(), shown)
        for entry in parse_text(text, shown, path).entries:
            if entry.key.lower() not in seen:
                seen.add(entry.key.lower())
                works.append(work_of(entry))
    return works


def scholar_userid(source: Path, config: dict) -> str:
    """Where al-folio keeps it: ``_data/socials.yml`` (since 2024) or ``_config.yml``."""
    socials = source / "_data" / "socials.yml"
    if socials.is_file():
        try:
            data = yaml.safe_load(socials.read_text(encoding="utf-8-sig"))
        except (yaml.YAMLError, UnicodeDecodeError):
            data = None
        if isinstance(data, dict) and data.get("scholar_userid"):
            return str(data["scholar_userid"])
    return str(config.get("scholar_userid") or "")


def settings(config: dict) -> dict:
    block = config.get("citations") if isinstance(config.get("citations"), dict) else {}
    author = config.get("author") if isinstance(config.get("author"), dict) else {}
    return {
        "mailto": str(os.environ.get("SCHOLARSITE_MAILTO") or block.get("mailto")
                      or config.get("email") or author.get("email") or ""),
        "openalex_api_key": str(os.environ.get("OPENALEX_API_KEY")
                                or block.get("openalex_api_key") or ""),
        "sources": block.get("sources"),
    }


def plan(names: list[str]) -> list[tuple[str, object]]:
    """The order sources are asked in: INSPIRE first for entries with an INSPIRE record
    (the count its badge is about), then each source for what is still missing."""
    steps = [("inspire", lambda w: bool(w.inspire))] if "inspire" in names else []
    return steps + [(name, lambda w: True) for name in names]


def gather(client: Client, works: list[Work], names: list[str], options: dict,
           progress) -> tuple[dict[str, Count], dict[str, SourceReport]]:
    modules = all_sources()
    counts: dict[str, Count] = {}
    reports = {name: SourceReport() for name in names}
    for name, wanted in plan(names):
        module, report = modules[name], reports[name]
        if report.offline:
            continue
        pending = [w for w in works if w.key not in counts and wanted(w) and module.knows(w)]
        for kind, batch in module.batches(pending):
            if report.offline:
                break
            try:
                found = module.fetch(client, kind, batch, options)
            except SourceError as exc:
                report.failures.append(str(exc))
                report.offline = exc.offline
                continue
            for key, count in found.items():
                if key not in counts:
                    counts[key] = count
                    report.counted += 1
                    if count.matched_by == "title":
                        report.by_title.append((key, count.score or 0.0))
            progress(len(found))
    return counts, reports


def run(source: Path, names: list[str] | None, offline: bool, client: Client | None = None,
        out=None) -> int:
    out = out or sys.stdout
    source, config = store.open_site(source)
    options = settings(config)
    names = names or [str(n) for n in options["sources"] or DEFAULT_SOURCES]
    unknown = [n for n in names if n not in all_sources()]
    if unknown:
        raise BuildError(f"unknown citation source {unknown[0]!r} (choose from "
                         f"{', '.join(all_sources())})")
    works = read_works(source, config)
    old = store.read(source)
    if offline:
        print(f"scholarsite: --offline: citation counts not updated ({store.PATH} left as "
              "it was)", file=out)
        return 0
    client = client or Client(mailto=options["mailto"])
    bar = progress_bar(len(works), sys.stderr)
    try:
        counts, reports = gather(client, works, names, options, bar.update)
    finally:
        bar.close()
    for name, report in reports.items():
        print(summary(name, report), file=out)
    if not counts and all(r.offline for r in reports.values() if r.failures) \
            and any(r.failures for r in reports.values()):
        print(f"scholarsite: no source could be reached (no network?); {store.PATH} left as "
              "it was", file=out)
        return 0
    today = clock.now().date().isoformat()
    userid = scholar_userid(source, config)
    document, kept = store.merge(old, works, counts, today, userid, names)
    store.write(source, document)
    previous = old.get("papers") or {}
    missing = [w for w in works if w.key not in counts
               and not isinstance(previous.get(store.paper_key(w, userid)), dict)]
    line = f"scholarsite: wrote {store.PATH}: {len(counts)} of {len(works)} entries counted"
    if kept:
        line += f", {kept} kept their previous count (not fetched this time)"
    print(line, file=out)
    unidentified = [w.key for w in missing if not w.identified]
    if unidentified:
        print(f"scholarsite: {len(unidentified)} entries have no DOI, arXiv id, PMID, OpenAlex "
              f"or INSPIRE id and no confident title match (add a doi = {{...}} field): "
              f"{listing(unidentified)}", file=out)
    not_found = [w.key for w in missing if w.identified]
    if not_found:
        print(f"scholarsite: {len(not_found)} identified entries were not found: "
              f"{listing(not_found)}", file=out)
    return 0


def summary(name: str, report: SourceReport) -> str:
    line = f"scholarsite: {name}: {report.counted} count{'s' if report.counted != 1 else ''}"
    if report.by_title:
        shown = listing([f"{k} ({score:.2f})" for k, score in report.by_title])
        line += f" ({len(report.by_title)} matched by title: {shown})"
    if report.failures:
        line += (f"; {len(report.failures)} request{'s' if len(report.failures) > 1 else ''} "
                 f"failed: {report.failures[0]}")
        if report.offline:
            line += "; not asked again"
    return line


def progress_bar(total: int, out):
    """tqdm on a terminal; nothing otherwise (CI logs stay one line per result)."""
    from tqdm import tqdm
    return tqdm(total=total, unit="paper", file=out, leave=False,
                disable=not (hasattr(out, "isatty") and out.isatty()))
