"""Benchmark: a 5,000-entry bibliography rendered on one page, and the BibTeX parsers compared.

    python bench/bench_bibliography.py [--entries 5000]
    python bench/bench_bibliography.py --entries 1000,5000,20000 [--runs 3]

With one size N, prints the parse times of pybtex and bibtexparser (v2) on the 206-entry
test file and on the generated file, the time of scholarsite's own reading (bibtexparser
split + values, names, LaTeX), and the build time of a site whose publications page renders
every entry through the bundled bib.liquid, for N/2 and N entries (the ratio shows the
growth is linear).

With several sizes (comma-separated), builds that site once per size and run, each build in
a fresh Python process, and prints per size the median build time and the peak resident
memory of that process (``ru_maxrss``: Python, scholarsite, the generated .bib text and the
build), and the time and memory ratios between consecutive sizes (e.g. 20000 / 5000).
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEST_BIB = ROOT / "tests" / "scholar_sites" / "papers" / "_bibliography" / "papers.bib"

FIRST = ["Alice", "Bruno", "Chen", "Dmitri", "Eva", "Farah", "Gustavo", "Hiro", "Ines", "Jonas"]
LAST = [r"Andr{\'e}", r"B{\"o}hm", "Chen", r"Dvo{\v{r}}{\'a}k", "Evans", r"Fern{\'a}ndez",
        r"Gar{\c{c}}on", "Hughes", r"Ib{\'a}{\~n}ez", "Jensen"]
MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


def make_bib(n: int) -> str:
    out = ['@string{nips = "Advances in Neural Information Processing Systems"}']
    for i in range(n):
        authors = " and ".join(f"{LAST[(i + k) % 10]}, {FIRST[(i * 3 + k) % 10]}" for k in range(4))
        if i % 3 == 0:
            authors = "Lovelace, Ada and " + authors
        kind = ("article", "inproceedings", "misc")[i % 3]
        venue = ("  journal = {Journal of Benchmarks},", "  booktitle = nips # { 2020},",
                 "  howpublished = {arXiv},")[i % 3]
        out.append(f"""@{kind}{{bench{i:05d},
  author = {{{authors}}},
  title = {{Benchmark Entry {i}: {{GPU}} Scaling of {{\\LaTeX}} -- a \\& b}},
{venue}
  year = {{{1990 + i % 35}}},
  month = {MONTHS[i % 12]},
  pages = {{{i}--{i + 9}}},
  abbr = {{B{i % 7}}},
  abstract = {{The abstract of entry {i}, with M{{\\"u}}ller and Erd\\H{{o}}s.}},
  bibtex_show = {{true}},
  pdf = {{bench{i}.pdf}},
  code = {{https://github.com/example/bench{i}}},
  arxiv = {{2001.{i:05d}}},
  selected = {{{'true' if i % 50 == 0 else 'false'}}}
}}""")
    return "\n\n".join(out) + "\n"


def best_of(fn, repeat=3) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def compare_parsers(label: str, text: str) -> None:
    import bibtexparser
    from bibtexparser.splitter import Splitter
    from pybtex.database import parse_string as pybtex_parse

    from scholarsite.scholar.bibtex import parse_text

    def pybtex():
        import pybtex.errors
        pybtex.errors.set_strict_mode(False)
        return pybtex_parse(text, "bibtex")

    def bp_split():
        return Splitter(text).split()

    def bp_default():
        return bibtexparser.parse_string(text)

    def ours():
        entries = parse_text(text, "bench.bib").entries
        for e in entries:
            e.liquid(frozenset())
        return entries
    import contextlib
    import io
    with contextlib.redirect_stderr(io.StringIO()):
        print(f"  {label}: pybtex {best_of(pybtex):.3f}s | bibtexparser split {best_of(bp_split):.3f}s"
              f" | bibtexparser parse_string (default middlewares) {best_of(bp_default):.3f}s"
              f" | scholarsite reading (split + values + names + LaTeX) {best_of(ours):.3f}s")


def build_site(n: int, workdir: Path) -> tuple[float, int, int]:
    from scholarsite.build import BuildOptions, build
    from scholarsite.errors import Reporter

    src = workdir / f"site{n}"
    (src / "_bibliography").mkdir(parents=True)
    (src / "_layouts").mkdir()
    (src / "_bibliography" / "papers.bib").write_text(make_bib(n), encoding="utf-8")
    (src / "_config.yml").write_text(
        "title: Bench\nscholar:\n  last_name: [Lovelace]\n  first_name: [Ada]\n"
        "  bibliography: papers.bib\n  bibliography_template: bib\n  sort_by: year,month\n"
        "  order: descending\n  group_by: year\n  group_order: descending\n"
        "filtered_bibtex_keywords: [abbr, abstract, arxiv, bibtex_show, code, pdf, selected]\n")
    (src / "_layouts" / "default.liquid").write_text(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>{{ content }}</body></html>\n")
    (src / "publications.md").write_text(
        "---\nlayout: default\npermalink: /publications/\n---\n\n<div class=\"publications\">\n\n"
        "{% bibliography %}\n\n</div>\n")
    t = time.perf_counter()
    result = build(BuildOptions(source=src, destination=workdir / f"out{n}"), Reporter())
    seconds = time.perf_counter() - t
    # bytes: the check itself should not add a decoded copy of the page to the peak
    html = (result.destination / "publications" / "index.html").read_bytes()
    rendered = html.count(b'<div class="row publication')
    parses = sum(result.site.cache.get("scholar:parse_count", {}).values())
    return seconds, rendered, parses


def _peak_rss_mb() -> float:
    # ru_maxrss is KiB on Linux, bytes on macOS
    r = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return r / (1024 * 1024 if sys.platform == "darwin" else 1024)


def build_one(n: int) -> dict:
    """Child process: one build of the n-entry site; its time and this process's peak RSS."""
    import scholarsite.build  # noqa: F401  (imports before the "before" reading)
    before = _peak_rss_mb()
    work = Path(tempfile.mkdtemp(prefix="scholarsite-bench-"))
    try:
        seconds, rendered, parses = build_site(n, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return {"entries": n, "seconds": seconds, "rendered": rendered, "parses": parses,
            "rss_after_imports_mb": before, "peak_rss_mb": _peak_rss_mb()}


def sizes_report(sizes: list[int], runs: int) -> int:
    print(f"Build, one page with the whole bibliography through bib.liquid "
          f"({runs} run(s) per size, each in a fresh process, sizes interleaved):")
    results: dict[int, list[dict]] = {n: [] for n in sizes}
    for _ in range(runs):
        for n in sizes:
            p = subprocess.run([sys.executable, __file__, "--build-one", str(n)],
                               capture_output=True, text=True)
            if p.returncode != 0:
                print(f"  {n} entries: FAILED (exit {p.returncode})")
                print("    " + "\n    ".join(p.stderr.strip().splitlines()[-10:]))
                return 1
            results[n].append(json.loads(p.stdout.strip().splitlines()[-1]))
    rows = {}
    for n in sizes:
        rs = results[n]
        rows[n] = {"seconds": statistics.median(r["seconds"] for r in rs),
                   "peak": max(r["peak_rss_mb"] for r in rs),
                   "base": min(r["rss_after_imports_mb"] for r in rs),
                   "rendered": rs[-1]["rendered"], "parses": rs[-1]["parses"]}
    print()
    print("| Entries | Rendered | Build (median) | Per entry | Peak RSS | RSS before the build |")
    print("|---:|---:|---:|---:|---:|---:|")
    for n, r in rows.items():
        print(f"| {n:,} | {r['rendered']:,} | {r['seconds']:.2f} s | "
              f"{r['seconds'] / n * 1e3:.2f} ms | {r['peak']:.0f} MB | {r['base']:.0f} MB |")
    print()
    for a, b in zip(sizes, sizes[1:]):
        ra, rb = rows[a], rows[b]
        print(f"{b}\u00f7{a} ({b / a:g}x entries): time {rb['seconds'] / ra['seconds']:.2f}x, "
              f"peak RSS {rb['peak'] / ra['peak']:.2f}x, "
              f"RSS growth during the build {(rb['peak'] - rb['base']) / max(ra['peak'] - ra['base'], 1e-9):.2f}x")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", default="5000",
                        help="entries (default 5000), or several sizes, comma-separated, "
                             "e.g. 1000,5000,20000: time and peak memory per size")
    parser.add_argument("--runs", type=int, default=3,
                        help="with several sizes: builds per size (default 3; median time)")
    parser.add_argument("--build-one", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))
    if args.build_one is not None:
        print(json.dumps(build_one(args.build_one)))
        return 0
    try:
        sizes = [int(x) for x in args.entries.split(",") if x.strip()]
    except ValueError:
        parser.error("--entries takes a number or comma-separated numbers")
    if not sizes or min(sizes) < 2:
        parser.error("--entries: sizes must be at least 2")
    if len(sizes) > 1:
        return sizes_report(sizes, max(1, args.runs))
    entries = sizes[0]
    print("BibTeX parsers (best of 3):")
    compare_parsers(f"{TEST_BIB.name} (206 valid entries)", TEST_BIB.read_text())
    compare_parsers(f"generated ({entries} entries)", make_bib(entries))
    work = Path(tempfile.mkdtemp(prefix="scholarsite-bench-"))
    try:
        half, n_half, _ = build_site(entries // 2, work)
        full, n_full, parses = build_site(entries, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("Build, one page with the whole bibliography through bib.liquid:")
    print(f"  {n_half} entries: {half:.2f}s")
    print(f"  {n_full} entries: {full:.2f}s (ratio {full / half:.2f} for 2x entries; "
          f".bib parsed {parses} time(s))")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
