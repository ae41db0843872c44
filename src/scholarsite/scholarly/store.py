"""``_data/citations.yml``: read, merged with new counts, written.

The schema is al-folio's, so its ``bib.liquid`` and the pages users wrote around it show
the counts unchanged: ``metadata.last_updated`` and ``papers`` keyed as al-folio looks
them up (``SCHOLAR_USERID:GOOGLE_SCHOLAR_ID``; ``inspire:RECID`` for INSPIRE badges; the
BibTeX key otherwise), each with ``title``, ``year`` and ``citations``. Added to each
paper: ``key``, ``source``, ``updated``, ``matched_by`` (and ``score`` for a title
match), ``ids`` and ``counts_by_year``; and ``totals`` for the author (citations,
h-index, i10-index, per year) which the bundled theme charts.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import yaml

from scholarsite.errors import BuildError
from scholarsite.scholarly.identify import Work
from scholarsite.scholarly.sources import Count

PATH = Path("_data") / "citations.yml"
HEADER = ("# Citation counts, written by `scholarsite citations` (commit this file: builds "
          "read it\n# and never use the network). al-folio's schema: papers are keyed as its "
          "bib.liquid looks them up.\n")


def paper_key(work: Work, scholar_userid: str) -> str:
    if work.google_scholar_id and scholar_userid:
        return f"{scholar_userid}:{work.google_scholar_id}"
    if work.inspire:
        return f"inspire:{work.inspire}"
    return work.key


def open_site(source: Path) -> tuple[Path, dict]:
    """The site folder (resolved) and its configuration, for a command that updates a
    data file of it; a missing folder is a located error."""
    from scholarsite.config import load_config
    source = source.resolve()
    if not source.is_dir():
        raise BuildError("source folder not found (pass the site folder with -s)", source)
    return source, load_config(source)


def load_data_file(source: Path, rel: Path):
    """A data file a command writes (and the user may edit): its YAML, None when absent
    or empty, and a located error when it cannot be read."""
    path = source / rel
    if not path.is_file():
        return None
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise BuildError(f"not valid YAML ({getattr(exc, 'problem', exc)}); fix it or delete "
                         "the file to start afresh", rel, mark.line + 1 if mark else None)
    except UnicodeDecodeError:
        raise BuildError("not valid UTF-8; delete the file to start afresh", rel)


def read(source: Path) -> dict:
    data = load_data_file(source, PATH)
    if data is None:
        return {}
    if not isinstance(data, dict) or not isinstance(data.get("papers", {}) or {}, dict):
        raise BuildError("expected a mapping with a 'papers:' mapping (al-folio's schema); "
                         "delete the file to start afresh", PATH, 1)
    return data


def record(work: Work, count: Count, today: str) -> dict:
    entry = {"title": " ".join(work.title.replace("{", "").replace("}", "").split()),
             "year": work.year, "citations": count.citations, "key": work.key,
             "source": count.source, "updated": today, "matched_by": count.matched_by}
    if count.score is not None:
        entry["score"] = count.score
    if count.ids:
        entry["ids"] = dict(count.ids)
    if count.by_year:
        entry["counts_by_year"] = {year: count.by_year[year] for year in sorted(count.by_year)}
    return {k: v for k, v in entry.items() if v is not None}


def merge(old: dict, works: list[Work], counts: dict[str, Count], today: str,
          scholar_userid: str, sources: list[str]) -> tuple[dict, int]:
    """The new document, and how many papers kept an older count (not found this time)."""
    old_papers = old.get("papers") or {}  # ``papers:`` may be written empty
    papers: dict = {}
    kept = 0
    for work in works:
        key = paper_key(work, scholar_userid)
        if work.key in counts:
            papers[key] = record(work, counts[work.key], today)
        elif isinstance(old_papers.get(key), dict):
            papers[key] = old_papers[key]
            kept += 1
    current = {w.key for w in works}
    for key, value in old_papers.items():
        # Someone else's records (al-folio's updater writes no "key") are kept as they are;
        # ours go with the entry they were for.
        if key not in papers and not (isinstance(value, dict) and value.get("key")
                                      and value["key"] not in current):
            papers[key] = value
    metadata = dict(old.get("metadata") or {}) if isinstance(old.get("metadata"), dict) else {}
    metadata.update({"last_updated": today, "generator": "scholarsite citations",
                     "sources": list(sources)})
    document = {k: v for k, v in old.items() if k not in ("metadata", "papers", "totals")}
    return {"metadata": metadata, "totals": totals(papers), "papers": papers, **document}, kept


def totals(papers: dict) -> dict:
    counts = sorted((p["citations"] for p in papers.values() if isinstance(p, dict)
                     and isinstance(p.get("citations"), int)), reverse=True)
    by_year: dict[int, int] = {}
    for paper in papers.values():
        rows = paper.get("counts_by_year") if isinstance(paper, dict) else None
        for year, n in (rows or {}).items() if isinstance(rows, dict) else ():
            if isinstance(n, int):
                by_year[int(year)] = by_year.get(int(year), 0) + n
    return {"citations": sum(counts), "papers": len(counts),
            "h_index": sum(1 for rank, n in enumerate(counts, 1) if n >= rank),
            "i10_index": sum(1 for n in counts if n >= 10),
            "counts_by_year": {y: by_year[y] for y in sorted(by_year)}}


def write(source: Path, document: dict) -> Path:
    """Write atomically: an interrupted run leaves the previous file whole."""
    path = source / PATH
    text = HEADER + yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)
    replace_file(path, text.encode("utf-8"))
    return path


def replace_file(path: Path, data: bytes) -> None:
    """Write a file of the user's through a temporary one and a rename, so that an
    interrupted run leaves the previous file whole (an OSError is the caller's to report)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
