"""Two builds of the same source give byte-identical output (with SOURCE_DATE_EPOCH set).

The copies sit at different paths, build into different destinations and run with
different PYTHONHASHSEEDs (so anything that leaks set order or absolute paths shows).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest

from scholarsite import parallel

HERE = Path(__file__).parent
SITES = HERE / "theme_sites"
EPOCH = 1700000000  # 2023-11-14 22:13:20 UTC
EPOCH_ISO = "2023-11-14T22:13:20+00:00"

# Builds in a subprocess with a chosen number of workers (the CLI uses one per core,
# and a machine with one core would never take the parallel path).
BUILD_SCRIPT = """
import json, sys
from pathlib import Path
from scholarsite.build import BuildOptions, build
source, destination, workers, cache = sys.argv[1:5]
result = build(BuildOptions(source=Path(source), destination=Path(destination),
                            workers=int(workers), use_cache=cache == "cache"))
print(json.dumps({"rendered": len(result.rendered)}))
"""


def environment(epoch, seed: str, tz: str | None = None) -> dict:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    if tz is not None:
        env["TZ"] = tz
    env.pop("SOURCE_DATE_EPOCH", None)
    if epoch is not None:
        env["SOURCE_DATE_EPOCH"] = str(epoch)
    return env


def build_cli(source: Path, destination: Path, *extra: str, epoch=EPOCH, seed: str = "1",
              tz: str | None = None):
    done = subprocess.run([sys.executable, "-m", "scholarsite", "build", "-q", "-s", str(source),
                           "-d", str(destination), *extra],
                          env=environment(epoch, seed, tz), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done


def build_with_workers(source: Path, destination: Path, workers: int, cache: bool = True,
                       epoch=EPOCH, seed: str = "1") -> int:
    """Build; return how many documents were rendered (not taken from the cache)."""
    done = subprocess.run([sys.executable, "-c", BUILD_SCRIPT, str(source), str(destination),
                           str(workers), "cache" if cache else "no-cache"],
                          env=environment(epoch, seed), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])["rendered"]


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_same_tree(one: Path, two: Path) -> None:
    first, second = tree(one), tree(two)
    assert sorted(first) == sorted(second)
    different = [rel for rel in first if first[rel] != second[rel]]
    assert different == [], f"differing files: {different[:10]}"


def copy_site(name: str, target: Path) -> Path:
    shutil.copytree(SITES / name, target)
    return target


@pytest.mark.parametrize("name", ["al-folio", "al-folio-old", "acadhomepage", "minimal-light", "cv"])
def test_two_copies_build_to_the_same_bytes(tmp_path, name):
    first = copy_site(name, tmp_path / "a" / name)
    second = copy_site(name, tmp_path / "somewhere" / "else" / "copy")
    build_cli(first, tmp_path / "out-1", seed="1")
    build_cli(second, tmp_path / "elsewhere" / "out-2", seed="2")
    assert_same_tree(tmp_path / "out-1", tmp_path / "elsewhere" / "out-2")
    assert len(tree(tmp_path / "out-1")) > 3


def big_site(root: Path, posts: int = 170) -> Path:
    """The al-folio test site with enough posts to render in worker processes."""
    site = copy_site("al-folio", root)
    for i in range(posts):
        day = f"2022-{i % 12 + 1:02d}-{i % 28 + 1:02d}"
        figure = ('{% include figure.liquid path="assets/img/project2.jpg" class="img-fluid" %}\n'
                  if i % 40 == 0 else "")
        (site / "_posts" / f"{day}-note-{i}.md").write_text(
            f"---\nlayout: post\ntitle: Note {i}\ntags: [t{i % 7}, t{i % 5}]\n"
            f"categories: [c{i % 3}]\n---\n"
            f"First paragraph of note {i}, with $$x_{i}^2$$ and a [link](/blog/).\n\n"
            f"Built {{{{ site.time | date: '%Y-%m-%d %H:%M' }}}}; {{{{ site.posts | size }}}} posts; "
            f"{{{{ site.tags | size }}}} tags.\n\n{figure}"
            f"```python\nprint({i})\n```\n", encoding="utf-8")
    for i in range(5):  # collection documents with no date take site.time
        (site / "_projects" / f"extra_{i}.md").write_text(
            f"---\ntitle: Extra {i}\ndescription: project {i}\nimportance: {i + 4}\n"
            f"category: fun\n---\nProject {i}, listed {{{{ page.date | date_to_xmlschema }}}}.\n",
            encoding="utf-8")
    return site


def test_large_site_rendered_in_parallel_builds_to_the_same_bytes(tmp_path):
    first = big_site(tmp_path / "a" / "site")
    second = big_site(tmp_path / "b" / "nested" / "site")
    rendered = build_with_workers(first, tmp_path / "out-1", workers=2, seed="1")
    assert rendered >= parallel.PARALLEL_THRESHOLD  # the worker pool did the rendering
    build_with_workers(second, tmp_path / "out-2", workers=2, seed="2")
    assert_same_tree(tmp_path / "out-1", tmp_path / "out-2")
    # one process gives the same bytes as the pool
    build_with_workers(second, tmp_path / "out-3", workers=1, cache=False, seed="3")
    assert_same_tree(tmp_path / "out-1", tmp_path / "out-3")
    assert any(rel.endswith(".webp") for rel in tree(tmp_path / "out-1"))  # images were made


def test_warm_cache_build_equals_a_fresh_one(tmp_path):
    site = big_site(tmp_path / "site")
    # A cache filled under another epoch must not leak its time into this build.
    build_with_workers(site, tmp_path / "other-epoch", workers=2, epoch=EPOCH - 86400 * 400)
    assert build_with_workers(site, tmp_path / "cold", workers=2) > parallel.PARALLEL_THRESHOLD
    assert build_with_workers(site, tmp_path / "warm", workers=2, seed="5") == 0  # all cached
    fresh = big_site(tmp_path / "fresh-copy")
    build_with_workers(fresh, tmp_path / "fresh", workers=1, cache=False, seed="7")
    assert_same_tree(tmp_path / "cold", tmp_path / "warm")
    assert_same_tree(tmp_path / "warm", tmp_path / "fresh")
    # and the epoch really is in the output: the older one gave other bytes
    assert tree(tmp_path / "other-epoch")["index.html"] != tree(tmp_path / "warm")["index.html"]


def test_theme_site_warm_cache_through_the_cli(tmp_path):
    site = copy_site("al-folio", tmp_path / "site")
    build_cli(site, tmp_path / "before", epoch=None)  # a cache from a build without the epoch
    build_cli(site, tmp_path / "cold")
    build_cli(site, tmp_path / "warm", seed="9")
    build_cli(copy_site("al-folio", tmp_path / "copy"), tmp_path / "fresh", "--no-cache", seed="3")
    assert_same_tree(tmp_path / "cold", tmp_path / "warm")
    assert_same_tree(tmp_path / "warm", tmp_path / "fresh")


def test_site_time_and_every_derived_date_is_the_epoch(tmp_path):
    site = tmp_path / "site"
    (site / "_drafts").mkdir(parents=True)
    (site / "_config.yml").write_text("timezone: UTC\nurl: https://example.org\n"
                                      "plugins: [jekyll-feed, jekyll-sitemap]\n")
    (site / "index.html").write_text(
        "---\n---\ntime={{ site.time | date_to_xmlschema }}\n"
        "now={{ 'now' | date: '%s' }}\n"
        "{% for p in site.posts %}draft={{ p.date | date_to_xmlschema }}{% endfor %}\n"
        "{% for f in site.static_files %}static={{ f.modified_time | date: '%s' }}{% endfor %}\n")
    (site / "_drafts/idea.md").write_text("---\ntitle: Idea\n---\nNo date: the file's time.\n")
    (site / "paper.pdf").write_bytes(b"%PDF-1.4\n")
    build_cli(site, tmp_path / "out", "--drafts")
    page = (tmp_path / "out/index.html").read_text()
    assert f"time={EPOCH_ISO}" in page
    assert f"now={EPOCH}" in page
    assert f"draft={EPOCH_ISO}" in page  # the file is newer than the epoch: clamped
    assert f"static={EPOCH}" in page
    sitemap = (tmp_path / "out/sitemap.xml").read_text()
    assert f"<lastmod>{EPOCH_ISO}</lastmod>" in sitemap
    feed = (tmp_path / "out/feed.xml").read_text()
    assert f"<updated>{EPOCH_ISO}</updated>" in feed  # no posts published: the build time


def test_with_a_timezone_set_the_machine_zone_does_not_matter(tmp_path):
    site = copy_site("al-folio", tmp_path / "site")
    with (site / "_config.yml").open("a") as config:
        config.write("\ntimezone: Asia/Tokyo\n")
    (site / "dates.html").write_text(
        "---\n---\n{{ site.time }}|{{ 'now' | date: '%H:%M %z' }}|{{ '2024-03-01 10:00' | date: '%s' }}"
        "{% for f in site.static_files %}|{{ f.modified_time }}{% endfor %}\n")
    build_cli(site, tmp_path / "utc", "--no-cache", tz="UTC")
    build_cli(site, tmp_path / "ny", "--no-cache", tz="America/New_York")
    assert_same_tree(tmp_path / "utc", tmp_path / "ny")
    page = (tmp_path / "utc/dates/index.html").read_text()
    assert "2023-11-15 07:13:20 +0900|07:13 +0900|1709254800|2023-11-15 07:13:20 +0900" in page


def test_file_times_older_than_the_epoch_are_kept(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(
        "---\n---\n{% for f in site.static_files %}{{ f.modified_time | date: '%s' }}{% endfor %}\n")
    (site / "old.pdf").write_bytes(b"%PDF-1.4\n")
    os.utime(site / "old.pdf", (EPOCH - 1000, EPOCH - 1000))
    build_cli(site, tmp_path / "out")
    assert str(EPOCH - 1000) in (tmp_path / "out/index.html").read_text()


def test_without_the_epoch_site_time_is_the_clock(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("---\n---\n{{ site.time | date: '%s' }}\n")
    before = datetime.now(timezone.utc).timestamp()
    build_cli(site, tmp_path / "out", epoch=None)
    shown = int((tmp_path / "out/index.html").read_text().strip())
    assert before - 1 <= shown <= datetime.now(timezone.utc).timestamp() + 1


def test_sample_and_site_keys_do_not_depend_on_the_process(tmp_path):
    site = tmp_path / "site"
    (site / "_data").mkdir(parents=True)
    (site / "_data/items.yml").write_text("".join(f"- item {i}\n" for i in range(60)))
    (site / "_config.yml").write_text("title: Same\nauthor: Someone\nextra_key: 1\n")
    (site / "index.html").write_text(
        "---\n---\none={{ site.data.items | sample }}\nfive={{ site.data.items | sample: 5 | join: ',' }}\n"
        "keys={% for pair in site %}{{ pair | first }},{% endfor %}\n")
    outputs = []
    for seed in ("1", "2", "3"):
        build_cli(site, tmp_path / f"out-{seed}", "--no-cache", seed=seed)
        outputs.append((tmp_path / f"out-{seed}/index.html").read_text())
    assert outputs[0] == outputs[1] == outputs[2]
    assert "one=item " in outputs[0] and outputs[0].count("item") == 6


@pytest.mark.parametrize("value", ["soon", "1.5", "-10", "17e8", " 1700000000", "9" * 30,
                                   "253370764800"])  # the last: the year 9999
def test_invalid_epoch_is_a_one_line_error(tmp_path, value):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.md").write_text("# Hi\n")
    done = subprocess.run([sys.executable, "-m", "scholarsite", "build", "-s", str(site)],
                          env=environment(value, "0"), capture_output=True, text=True)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr
    assert lines[0].startswith("scholarsite: SOURCE_DATE_EPOCH must be a whole number of seconds")
    assert not (site / "_site").exists()


def test_empty_epoch_counts_as_unset(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.md").write_text("# Hi\n")
    build_cli(site, tmp_path / "out", epoch="")
    assert (tmp_path / "out/index.html").is_file()
