"""Time `scholarsite citations` and `scholarsite import` on 200 works against the local
fake APIs of the tests (tests/scholarly/fake_apis.py: a real HTTP server on 127.0.0.1,
no rate limiting), median of --runs. What is measured is the client's own cost:
identification, batching, requests, matching, writing the files."""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "scholarly"))

from fake_apis import FakeAPIs  # noqa: E402

from scholarsite.scholarly import citations, imports  # noqa: E402
from scholarsite.scholarly.http import Client  # noqa: E402


def catalogue(n: int) -> tuple[list[dict], list[str]]:
    works, entries = [], []
    for i in range(n):
        work = {"title": f"Study {i} of sparse lattice models", "year": 2000 + i % 25,
                "authors": ["Ada Lovelace", "Alan Turing"], "cited": i,
                "openalex": f"W{i}", "by_year": {2024: i // 2, 2025: i - i // 2},
                "orcid_put_code": i + 1, "venue": "Journal of Lattices"}
        fields = ""
        if i % 5 == 4:  # a fifth are found by title
            pass
        elif i % 5 == 0:
            work["arxiv"] = f"2101.{i:05d}"
            fields = f",\n  eprint = {{{work['arxiv']}}},\n  archiveprefix = {{arXiv}}"
        else:
            work["doi"] = f"10.1000/lattice.{i}"
            fields = f",\n  doi = {{{work['doi']}}}"
        works.append(work)
        entries.append(f"@article{{paper{i},\n  title = {{{work['title']}}},\n  author = "
                       f"{{Lovelace, Ada and Turing, Alan}},\n  year = {{{work['year']}}}"
                       f"{fields}\n}}\n")
    return works, entries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--works", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    works, entries = catalogue(args.works)
    with FakeAPIs(works) as apis, tempfile.TemporaryDirectory() as tmp:
        os.environ.update(apis.environ())
        orcid = "0000-0002-1825-0097"
        apis.orcid_works[orcid] = works
        counted, imported = [], []
        for run in range(args.runs):
            site = Path(tmp) / f"site{run}"
            (site / "_bibliography").mkdir(parents=True)
            (site / "_bibliography" / "papers.bib").write_text("\n".join(entries))
            (site / "_config.yml").write_text("title: bench\n")
            started = time.perf_counter()
            citations.run(site, None, False, Client(), out=io.StringIO())
            counted.append(time.perf_counter() - started)
            requests = len(apis.requests)
            (site / "_bibliography" / "papers.bib").write_text("")
            started = time.perf_counter()
            imports.run(site, [f"orcid:{orcid}"], None, False, False, Client(),
                        out=io.StringIO())
            imported.append(time.perf_counter() - started)
        print(f"citations, {args.works} entries ({args.works // 5} by title): median "
              f"{statistics.median(counted):.2f} s over {args.runs} runs, "
              f"{requests // args.runs} requests per run")
        print(f"import orcid:, {args.works} works into an empty file: median "
              f"{statistics.median(imported):.2f} s")


if __name__ == "__main__":
    main()
