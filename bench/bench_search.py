"""What site search and the CV PDF add to a build: the starter site with --posts
generated posts (default 1,000), built cold with `search: false` and with
`search: true`, median of --runs; the Pagefind index's size; the CV's typesetting time
(Typst, uncached)."""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORDS = ("lattice graph engine memoir algebra function series number analysis machine "
         "operation symbol variable card loom weave table result method proof note").split()


def make_site(root: Path, posts: int) -> Path:
    site = root / "site"
    subprocess.run([sys.executable, "-m", "scholarsite", "new", str(site)], check=True,
                   capture_output=True)
    rng = random.Random(7)
    for i in range(posts):
        day = f"2020-{1 + i % 12:02d}-{1 + i % 28:02d}"
        body = "\n\n".join(" ".join(rng.choice(WORDS) for _ in range(60)) for _ in range(5))
        (site / "_posts" / f"{day}-post-{i}.md").write_text(
            f"---\nlayout: post\ntitle: Post {i} on {rng.choice(WORDS)}\n---\n{body}\n")
    return site


def cold_build(site: Path, search: bool) -> float:
    config = site / "_config.yml"
    text = config.read_text()
    config.write_text(text.replace("search: true", f"search: {str(search).lower()}")
                      .replace("search: false", f"search: {str(search).lower()}"))
    shutil.rmtree(site / ".scholarsite-cache", ignore_errors=True)
    shutil.rmtree(site / "_site", ignore_errors=True)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "scholarsite", "build", "-s", str(site), "-q"],
                   check=True)
    return time.perf_counter() - started


def size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site = make_site(Path(tmp), args.posts)
        without = statistics.median(cold_build(site, False) for _ in range(args.runs))
        with_search = statistics.median(cold_build(site, True) for _ in range(args.runs))
        bundle = site / "_site" / "pagefind"
        files = sum(1 for p in bundle.rglob("*") if p.is_file())
        print(f"{args.posts + 8} pages: cold build {without:.2f} s without search, "
              f"{with_search:.2f} s with it (+{with_search - without:.2f} s); index "
              f"{size(bundle) / 1e6:.1f} MB in {files} files, of which the part fetched "
              f"per search is the fragments and index chunks it needs")
        from scholarsite.cv.pdf import typeset
        from scholarsite.cv.readers import from_rendercv
        import yaml
        cv = from_rendercv(yaml.safe_load((site / "_data" / "cv.yml").read_text()))
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            typeset(cv, {}, None)
            times.append(time.perf_counter() - started)
        print(f"CV PDF (starter's cv.yml, Typst, uncached): median "
              f"{statistics.median(times) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
