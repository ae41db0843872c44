#!/usr/bin/env python3
"""Build a corpus of real sites with scholarsite and measure how close it comes.

    python tools/corpus.py [--corpus DIR] [--sites FILE] [--only TEXT] [--theme THEME]
                           [-j N] [--timeout SECS] [-v] [--keep DIR] [--json FILE] [--markdown]
    python tools/corpus.py --reference-only      # which sites have src/ and ref/ folders

The sites come from tests/corpus/sites.txt (or --sites), one per line:

    THEME OWNER/NAME SOURCE_SHA published|jekyll|none   # comment

The corpus folder (default /work/corpus) holds src/*__OWNER__NAME/ (the source
checkout) and, when there is one, ref/*__OWNER__NAME/ (the published site or a real
Jekyll build). Each source is copied to a temporary folder first, so the checkout is
never touched and no cache from an earlier run is reused, then built with
`python -m scholarsite build -q` under a timeout, with SOURCE_DATE_EPOCH set to when the
reference was built where ref/THEME__OWNER__NAME.epoch says (tools/corpus_extract.py).

One row per site: exit status, build time, warning count, HTML pages missing from and
extra to the reference, the word-level similarity (difflib ratio) of the visible text of
the home, publications, blog-index and CV pages and its mean over every page both sides
have ("all"; -v lists the least similar pages), publication entries ours/theirs, and
the first error line. A similarity prefixed with "~" is difflib's quick_ratio, used for
pages too long to align (it ignores word order, so it is an upper bound).
"""
from __future__ import annotations

import argparse
import concurrent.futures
import difflib
import html.parser
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SITES_FILE = ROOT / "tests" / "corpus" / "sites.txt"
CORPUS_DIR = Path("/work/corpus")

# Key pages and where each theme puts them; the first that exists on each side is used.
KEY_PAGES = {
    "home": ("index.html",),
    "pubs": ("publications/index.html", "publications.html", "publication/index.html"),
    "blog": ("blog/index.html", "posts/index.html", "year-archive/index.html"),
    "cv": ("cv/index.html", "cv.html"),
}
HIDDEN_ELEMENTS = {"script", "style", "noscript", "template", "svg"}
# al-folio's CSL output, academicpages' archive items, AcadHomepage's paper boxes.
ENTRY_CLASSES = {"csl-entry", "archive__item", "paper-box"}
# Elements inside a line of text: their edges do not separate words (a highlighter's spans
# split "<div" differently from Rouge's, yet the reader sees the same text).
INLINE_ELEMENTS = {"a", "abbr", "b", "bdi", "cite", "code", "data", "em", "i", "kbd", "mark",
                   "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var"}
VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                 "source", "track", "wbr"}
LONG_TEXT = 20000  # words; beyond this SequenceMatcher is too slow, quick_ratio is used
ERROR_WIDTH = 140
LIST_LIMIT = 10  # missing/extra pages shown per site with -v


@dataclass
class Site:
    theme: str
    repo: str  # OWNER/NAME
    sha: str = ""
    reference: str = ""  # what sites.txt says the reference is: published, jekyll or none

    @property
    def suffix(self) -> str:
        owner, name = self.repo.split("/", 1)
        return f"__{owner}__{name}"


@dataclass
class Row:
    theme: str
    site: str
    exit: int | str = "-"  # the status, "timeout", or "-" when nothing ran
    seconds: float | None = None
    warnings: int | None = None
    missing: list[str] | None = None  # in the reference, not in ours
    extra: list[str] | None = None
    similarity: dict[str, float | None] = field(default_factory=dict)
    approximate: list[str] = field(default_factory=list)  # key pages compared by quick_ratio
    entries: tuple[int | None, int | None] = (None, None)  # ours, theirs
    error: str = ""
    has_reference: bool = False
    all_pages: float | None = None  # mean similarity over every page both sides have
    worst: list[tuple[str, float]] = field(default_factory=list)  # the least similar ones


# ---------------------------------------------------------------- sites.txt and corpus


def read_sites(path: Path) -> list[Site]:
    sites = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        fields = raw.split("#", 1)[0].split()
        if not fields:
            continue
        if len(fields) < 2 or "/" not in fields[1]:
            print(f"{path}:{number}: warning: expected 'THEME OWNER/NAME SHA REFERENCE', "
                  "line skipped", file=sys.stderr)
            continue
        sites.append(Site(*fields[:4]))
    return sites


def find_folder(parent: Path, site: Site) -> Path | None:
    """The folder ending in __OWNER__NAME; GitHub names are case-insensitive, so is this."""
    if not parent.is_dir():
        return None
    exact = parent / f"{site.theme}{site.suffix}"
    if exact.is_dir():
        return exact
    suffix = site.suffix.lower()
    matches = sorted(p for p in parent.iterdir() if p.name.lower().endswith(suffix) and p.is_dir())
    # "x__a__b" would also end like "__a__b" for a site b with a "__" in its owner: prefer
    # the candidate whose theme part has no "__".
    matches.sort(key=lambda p: "__" in p.name[: -len(suffix)])
    return matches[0] if matches else None


def select(sites: list[Site], only: str | None, theme: str | None) -> list[Site]:
    if only:
        sites = [s for s in sites if only.lower() in s.repo.lower()]
    if theme:
        sites = [s for s in sites if s.theme.lower().startswith(theme.lower())]
    return sites


# ---------------------------------------------------------------- building


def copy_ignore(top: Path):
    """Skip VCS data and build caches anywhere, and the top-level _site (never read)."""
    caches = {".git", ".scholarsite-cache", ".jekyll-cache", ".sass-cache"}

    def ignore(folder: str, names: list[str]) -> set[str]:
        skipped = caches.intersection(names)
        if Path(folder) == top and "_site" in names:
            skipped.add("_site")
        return skipped
    return ignore


def run_build(source: Path, dest: Path, timeout: float,
              epoch: str | None = None) -> tuple[int | str, float, str]:
    """Build in a process group of its own, so a timeout also ends any worker processes."""
    env = dict(os.environ)
    if epoch:  # "now" is when the reference was built: dates printed from site.time agree
        env["SOURCE_DATE_EPOCH"] = epoch
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")]))
    cmd = [sys.executable, "-m", "scholarsite", "build", "-s", str(source), "-d", str(dest), "-q"]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
                            start_new_session=True)
    try:
        _, stderr = proc.communicate(timeout=timeout)
        status: int | str = proc.returncode
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        _, stderr = proc.communicate()
        status = "timeout"
    return status, time.perf_counter() - start, stderr.decode("utf-8", errors="replace")


def is_warning(line: str) -> bool:
    # Reporter.warn prints "path:line:col: warning: message" (path "scholarsite" if none);
    # notes ("path: note: ...") are not errors either.
    return ": warning: " in line or ": note: " in line


def first_error(stderr: str, work: Path, dest: Path) -> str:
    """The first line that is not a warning (else the first line), in the site's terms."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    errors = [line for line in lines if not is_warning(line)] or lines
    if not errors:
        return ""
    text = errors[0]
    for folder, shown in ((dest, "_site"), (work, ".")):
        for spelling in {str(folder), str(folder.resolve())}:
            text = text.replace(spelling + os.sep, "" if shown == "." else shown + "/")
            text = text.replace(spelling, shown)
    return text if len(text) <= ERROR_WIDTH else text[: ERROR_WIDTH - 1] + "…"


def measure(site: Site, corpus: Path, timeout: float, keep: Path | None = None) -> Row:
    row = Row(site.theme, site.repo)
    source = find_folder(corpus / "src", site)
    ref = find_folder(corpus / "ref", site)
    if source is None:
        row.error = f"no source folder src/*{site.suffix}"
        return row
    with tempfile.TemporaryDirectory(prefix="scholarsite-corpus-") as tmp:
        work, dest = Path(tmp) / "site", Path(tmp) / "out"
        try:
            shutil.copytree(source, work, symlinks=True, ignore=copy_ignore(source))
        except (OSError, shutil.Error) as err:
            row.error = f"could not copy the source: {err}"[:ERROR_WIDTH]
            return row
        epoch_file = corpus / "ref" / f"{site.theme}{site.suffix}.epoch"
        epoch = epoch_file.read_text().strip() if epoch_file.is_file() else None
        row.exit, seconds, stderr = run_build(work, dest, timeout, epoch)
        row.seconds = round(seconds, 3)
        row.warnings = sum(is_warning(line) for line in stderr.splitlines())
        if row.exit == "timeout":
            row.error = f"timed out after {timeout:g}s"
        elif row.exit != 0:
            row.error = first_error(stderr, work, dest) or f"exit {row.exit}, nothing on stderr"
        if ref is not None:
            row.has_reference = True
            compare(row, dest, ref)
        if keep is not None and dest.is_dir():
            kept = keep / f"{site.theme}{site.suffix}"
            shutil.rmtree(kept, ignore_errors=True)
            shutil.copytree(dest, kept, symlinks=True)
    return row


# ---------------------------------------------------------------- comparing with the reference


def html_pages(root: Path) -> set[str]:
    """Pages worth comparing: not under assets/ or a dot folder, no google*.html proofs."""
    pages = set()
    if not root.is_dir():
        return pages
    for path in root.rglob("*.html"):
        parts = path.relative_to(root).parts
        if parts[0] == "assets" or any(p.startswith(".") for p in parts):
            continue
        if parts[-1].startswith("google"):  # search-console ownership files
            continue
        pages.add("/".join(parts))
    return pages


class PageReader(html.parser.HTMLParser):
    """Collects the visible words and counts publication entries in one pass."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self.hidden = 0  # depth inside script/style/... elements
        self.stack: list[tuple[str, set[str]]] = []  # open elements: tag, classes
        self.entries = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = set((dict(attrs).get("class") or "").split())
        if tag in HIDDEN_ELEMENTS:
            self.hidden += 1
        if classes & ENTRY_CLASSES:
            self.entries += 1
        if tag == "li":
            if self.stack and self.stack[-1][0] == "li":  # an unclosed <li> ends at the next
                self.stack.pop()
            if self.stack and self.stack[-1][0] == "ol" and "bibliography" in self.stack[-1][1]:
                self.entries += 1
        if tag not in VOID_ELEMENTS:
            self.stack.append((tag, classes))
        if tag not in INLINE_ELEMENTS:
            self.chunks.append(" ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID_ELEMENTS:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in HIDDEN_ELEMENTS and self.hidden:
            self.hidden -= 1
        if tag not in INLINE_ELEMENTS:
            self.chunks.append(" ")
        for depth in range(len(self.stack) - 1, -1, -1):  # close up to the matching element
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                break

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.chunks.append(data)

    def words(self) -> list[str]:
        return "".join(self.chunks).split()


def read_page(path: Path) -> PageReader:
    reader = PageReader()
    reader.feed(path.read_text(encoding="utf-8", errors="replace"))
    reader.close()
    return reader


def similarity(ours: list[str], theirs: list[str]) -> tuple[float, bool]:
    """difflib's ratio of the two word lists, and whether it is only the quick estimate."""
    matcher = difflib.SequenceMatcher(None, ours, theirs, autojunk=False)
    if max(len(ours), len(theirs)) > LONG_TEXT:
        return matcher.quick_ratio(), True
    return matcher.ratio(), False


def key_page(root: Path, candidates: tuple[str, ...]) -> Path | None:
    return next((root / c for c in candidates if (root / c).is_file()), None)


def compare(row: Row, ours_root: Path, ref_root: Path) -> None:
    ours, theirs = html_pages(ours_root), html_pages(ref_root)
    row.missing, row.extra = sorted(theirs - ours), sorted(ours - theirs)
    readers: dict[str, tuple[PageReader | None, PageReader | None]] = {}
    for name, candidates in KEY_PAGES.items():
        a, b = key_page(ours_root, candidates), key_page(ref_root, candidates)
        readers[name] = (a and read_page(a), b and read_page(b))
        if a and b:
            value, rough = similarity(readers[name][0].words(), readers[name][1].words())
            row.similarity[name] = round(value, 3)
            if rough:
                row.approximate.append(name)
        else:
            row.similarity[name] = None
    row.entries = tuple(entry_count(readers["pubs"][i], readers["home"][i]) for i in (0, 1))
    scores = []
    for page in sorted(ours & theirs):
        value, _ = similarity(read_page(ours_root / page).words(),
                              read_page(ref_root / page).words())
        scores.append((page, round(value, 3)))
    if scores:
        row.all_pages = round(statistics.mean(v for _, v in scores), 3)
        row.worst = sorted(scores, key=lambda pv: pv[1])[:LIST_LIMIT]


def entry_count(pubs: PageReader | None, home: PageReader | None) -> int | None:
    """Entries on the publications page, else on the home page (AcadHomepage lists them there)."""
    reader = pubs or home
    return reader.entries if reader else None


# ---------------------------------------------------------------- output

COLUMNS = ("theme", "site", "exit", "secs", "warns", "missing", "extra",
           "home", "pubs", "blog", "cv", "all", "entries", "first-error")


def cells(row: Row) -> list[str]:
    def number(value) -> str:
        return "-" if value is None else str(value)

    def ratio(name: str) -> str:
        value = row.similarity.get(name)
        if value is None:
            return "-"
        return ("~" if name in row.approximate else "") + f"{value:.3f}"

    ours, theirs = row.entries
    entries = "-" if not ours and not theirs else f"{number(ours)}/{number(theirs)}"
    return [row.theme, row.site, str(row.exit),
            "-" if row.seconds is None else f"{row.seconds:.1f}", number(row.warnings),
            number(len(row.missing) if row.missing is not None else None),
            number(len(row.extra) if row.extra is not None else None),
            ratio("home"), ratio("pubs"), ratio("blog"), ratio("cv"), number(row.all_pages),
            entries, row.error]


def plain_table(rows: list[Row]) -> str:
    table = [list(COLUMNS)] + [cells(r) for r in rows]
    widths = [max(len(line[i]) for line in table) for i in range(len(COLUMNS) - 1)]
    return "\n".join(("  ".join(c.ljust(w) for c, w in zip(line, widths)) + "  " + line[-1]).rstrip()
                     for line in table)


def markdown_table(rows: list[Row]) -> str:
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for row in rows:
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells(row)) + " |")
    return "\n".join(lines)


def page_lists(rows: list[Row]) -> str:
    out = []
    for row in rows:
        for label, pages in (("missing", row.missing), ("extra", row.extra)):
            if pages:
                more = f" (+{len(pages) - LIST_LIMIT} more)" if len(pages) > LIST_LIMIT else ""
                out.append(f"{row.site} {label}: " + ", ".join(pages[:LIST_LIMIT]) + more)
        if row.worst and row.worst[0][1] < 0.98:
            out.append(f"{row.site} least similar: " + ", ".join(
                f"{page} {value:.3f}" for page, value in row.worst if value < 0.98))
    return "\n".join(out)


def summary(rows: list[Row]) -> str:
    built = sum(r.exit == 0 for r in rows)
    times = [r.seconds for r in rows if r.seconds is not None]
    median = f"{statistics.median(times):.1f}s" if times else "-"
    return f"built {built}/{len(rows)} sites, median build time {median}"


def reference_report(sites: list[Site], corpus: Path) -> int:
    """Which sites have their folders; exit status 1 when a source is missing."""
    lines, absent = [["theme", "site", "listed", "src", "ref"]], 0
    for site in sites:
        src, ref = find_folder(corpus / "src", site), find_folder(corpus / "ref", site)
        absent += src is None
        note = ""
        if site.reference == "none" and ref is not None:
            note = "  (listed as none, but a ref folder exists)"
        elif site.reference in ("published", "jekyll") and ref is None:
            note = "  (listed with a reference, none found)"
        lines.append([site.theme, site.repo, site.reference or "-",
                      src.name if src else "MISSING", (ref.name if ref else "-") + note])
    widths = [max(len(line[i]) for line in lines) for i in range(4)]
    for line in lines:
        print("  ".join(c.ljust(w) for c, w in zip(line, widths)) + "  " + line[-1])
    print(f"{len(sites) - absent}/{len(sites)} sources present, "
          f"{sum(find_folder(corpus / 'ref', s) is not None for s in sites)} references")
    return 1 if absent else 0


# ---------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS_DIR,
                        help=f"folder with src/ and ref/ (default {CORPUS_DIR})")
    parser.add_argument("--sites", type=Path, default=SITES_FILE,
                        help="list of sites (default tests/corpus/sites.txt)")
    parser.add_argument("--only", metavar="TEXT", help="only sites whose OWNER/NAME contains TEXT")
    parser.add_argument("--theme", help="only sites of this theme")
    parser.add_argument("-j", "--jobs", type=int, default=1, help="builds at once (default 1)")
    parser.add_argument("--timeout", type=float, default=300, help="seconds per build (default 300)")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help=f"list up to {LIST_LIMIT} missing and extra pages per site")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="keep each site's output in DIR/THEME__OWNER__NAME")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the rows as JSON")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument("--reference-only", action="store_true",
                        help="build nothing; report which sites have src/ and ref/ folders")
    args = parser.parse_args(argv)

    if not args.sites.is_file():
        print(f"{args.sites}: sites list not found (see the format in tools/corpus.py, "
              "or pass --sites FILE)", file=sys.stderr)
        return 2
    sites = select(read_sites(args.sites), args.only, args.theme)
    if not sites:
        print("corpus: no site matches", file=sys.stderr)
        return 2
    if args.reference_only:
        return reference_report(sites, args.corpus)

    rows: list[Row | None] = [None] * len(sites)
    with concurrent.futures.ThreadPoolExecutor(max(1, args.jobs)) as pool:  # builds are processes
        futures = {pool.submit(measure, s, args.corpus, args.timeout, args.keep): i for i, s in enumerate(sites)}
        for done, future in enumerate(concurrent.futures.as_completed(futures), 1):
            row = rows[futures[future]] = future.result()
            took = "" if row.seconds is None else f" in {row.seconds:.1f}s"
            print(f"[{done}/{len(sites)}] {row.site}: exit {row.exit}{took}", file=sys.stderr)

    print(markdown_table(rows) if args.markdown else plain_table(rows))
    if args.verbose and (lists := page_lists(rows)):
        print("\n" + lists)
    print("\n" + summary(rows))
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in rows], indent=1, ensure_ascii=False)
                             + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
