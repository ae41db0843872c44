"""The output folder is switched whole: a build killed at any moment leaves the old site
or the new one in the destination, never a mix, and the next build finishes the job.
A build (or ``clean``) never deletes what is not its own output."""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from scholarsite import write
from scholarsite.build import Builder, BuildOptions, build
from scholarsite.errors import BuildError, Reporter

PAGES = 400  # posts; enough for a build that takes a while (and renders in parallel)
KILLS = 12  # per scenario


# -- a generated site in two versions -------------------------------------------------------

def post(i: int, version: int) -> str:
    changed = version == 2 and i < 40
    title = f"Post {i}" + (" (revised)" if changed else "")
    words = " ".join(f"word{(i * 7 + k) % 97}" for k in range(60))
    return (f"---\nlayout: post\ntitle: \"{title}\"\ntags: [t{i % 5}, t{i % 7}]\n---\n\n"
            f"{'Revised text. ' if changed else ''}Paragraph with *emphasis*, `code` and "
            f"[a link](https://example.org/{i}).\n\n{words}\n\n"
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n- one\n- two\n\n"
            f"```python\ndef f{i}(x):\n    return x * {i}\n```\n")


def site_files(version: int) -> dict[str, str]:
    files = {
        "_config.yml": "title: Atomic\nurl: https://example.org\n"
                       "permalink: /blog/:year/:month/:day/:title/\n",
        "_layouts/default.html": "<!doctype html><title>{{ page.title }}</title>"
                                 "<nav>{% for p in site.pages %}{{ p.url }} {% endfor %}</nav>"
                                 "<main>{{ content }}</main>\n",
        "_layouts/post.html": "---\nlayout: default\n---\n<h1>{{ page.title }}</h1>{{ content }}"
                              "{% if page.previous %}<a href=\"{{ page.previous.url }}\">older"
                              "</a>{% endif %}\n",
        "index.html": "---\nlayout: default\ntitle: Home\n---\n<ul>{% for post in site.posts %}"
                      "<li><a href=\"{{ post.url }}\">{{ post.title }}</a></li>{% endfor %}</ul>\n",
        "about.md": "---\nlayout: default\ntitle: About\n---\nAbout **me**.\n",
        "_notes/private.txt": "never copied, never touched\n",
        "assets/style.css": "body { color: %s; }\n" % ("black" if version == 1 else "navy"),
        ("assets/old.txt" if version == 1 else "assets/new.txt"): f"version {version}\n",
    }
    for n in range(20):
        files[f"assets/img/{n}.txt"] = f"static {n}\n"
    # v2 edits 40 posts, deletes the last 20 and adds 20 others.
    numbers = range(PAGES) if version == 1 else range(20, PAGES + 20)
    for i in numbers:
        day = 1 + i % 28
        files[f"_posts/2024-{1 + i % 12:02d}-{day:02d}-post-{i}.md"] = post(i, version)
    return files


def materialize(root: Path, version: int) -> None:
    """Make ``root`` hold exactly the given version's files."""
    files = site_files(version)
    for rel in set(site_files(3 - version)) - set(files):
        (root / rel).unlink(missing_ok=True)
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_text() != text:
            path.write_text(text)


def snapshot(folder: Path) -> dict[str, str]:
    """Every file below ``folder`` with a hash of its content."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(dest: Path) -> list[str]:
    """Folders beside the destination but the spare (the previous site, kept on purpose)."""
    return sorted(p.name for p in dest.parent.iterdir()
                  if ".scholarsite-" in p.name and p.name != spare(dest).name)


def spare(dest: Path) -> Path:
    return dest.parent / f".{dest.name}.scholarsite-spare"


def scholarsite(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scholarsite", *args],
                          capture_output=True, text=True, timeout=300, **kwargs)


def run_build(source: Path, dest: Path, *extra: str) -> subprocess.CompletedProcess:
    result = scholarsite("build", "-q", "-s", str(source), "-d", str(dest), *extra)
    assert result.returncode == 0, result.stderr
    return result


def timed_build(source: Path, dest: Path, *extra: str) -> float:
    started = time.perf_counter()
    run_build(source, dest, *extra)
    return time.perf_counter() - started


def killed_build(source: Path, dest: Path, delay: float, *extra: str) -> None:
    """Start a build and SIGKILL it (with its worker processes) after ``delay`` seconds."""
    process = subprocess.Popen(
        [sys.executable, "-m", "scholarsite", "build", "-q", "-s", str(source), "-d", str(dest),
         *extra], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        process.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        pass
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()


# -- killed builds ------------------------------------------------------------------------

@pytest.mark.parametrize("scenario", ["cold", "warm"])
def test_killed_build_leaves_the_old_or_the_new_site(tmp_path, scenario):
    """SIGKILL at random moments of a build over an existing site: the destination is
    always exactly the old site or exactly the new one, and the next build completes it.
    ``cold``: --no-cache, every file is written. ``warm``: the cache knows the old output,
    so unchanged files are reused (hard links) and only changed ones written.
    The builds go back and forth between two versions of the source."""
    source, dest = tmp_path / "site", tmp_path / "out"
    outside = tmp_path / "sentinel.txt"
    outside.write_text("next to the destination\n")
    materialize(source, 1)
    private = source / "_notes/private.txt"
    extra = ("--no-cache",) if scenario == "cold" else ()

    run_build(source, dest, *extra)
    sites = {1: snapshot(dest)}
    materialize(source, 2)
    duration = timed_build(source, dest, *extra)  # as long as the builds the kills interrupt
    sites[2] = snapshot(dest)
    assert sites[1] != sites[2] and "assets/new.txt" in sites[2] and "assets/old.txt" in sites[1]
    marks = [(p.read_text(), p.stat().st_mtime_ns) for p in (outside, private)]

    rng = random.Random(f"atomic-{scenario}")
    seen = {"old": 0, "new": 0, "spare": 0}
    for kill in range(KILLS):
        old, new = (2, 1) if kill % 2 == 0 else (1, 2)
        materialize(source, new)
        delay = rng.uniform(0, duration)

        killed_build(source, dest, delay, *extra)

        assert dest.is_dir(), f"no destination after a kill at {delay:.3f}s"
        state = snapshot(dest)
        assert state in (sites[old], sites[new]), (
            f"a kill at {delay:.3f}s left a mix: "
            f"{len(set(state.items()) - set(sites[old].items()))} files not in the old site, "
            f"{len(set(state.items()) - set(sites[new].items()))} not in the new one")
        seen["old" if state == sites[old] else "new"] += 1

        seen["spare"] += spare(dest).is_dir()  # the killed build would have updated it
        run_build(source, dest, *extra)
        assert snapshot(dest) == sites[new]
        assert leftovers(dest) == []

    # Warm builds keep the previous site as the spare and update it; cold ones have no
    # manifest to trust it by.
    assert (seen["spare"] > 0) == (scenario == "warm"), seen

    assert [(p.read_text(), p.stat().st_mtime_ns) for p in (outside, private)] == marks
    print(f"{scenario}: build {duration:.2f}s, kills left the old site {seen['old']} times, "
          f"the new one {seen['new']} times; {seen['spare']} builds had a spare to update")


# -- a kill between the two renames, where the system cannot exchange folders ----------------

SMALL = {
    "_config.yml": "title: Small\n",
    "_layouts/plain.html": "<main>{{ content }}</main>\n",
    "index.md": "---\nlayout: plain\n---\nHome {{ site.posts.size }}\n",
    "_posts/2024-01-01-a.md": "---\nlayout: plain\n---\nPost A, first version.\n",
    "_posts/2024-01-02-b.md": "---\nlayout: plain\n---\nPost B.\n",
    "notes/page.md": "---\nlayout: plain\n---\nA page in a folder.\n",
}


def small_site(root: Path) -> Path:
    for rel, text in SMALL.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


def fresh_build(source: Path, tmp_path: Path) -> dict[str, str]:
    """What a build from nothing makes of ``source``."""
    reference = tmp_path / "reference"
    shutil.rmtree(reference, ignore_errors=True)
    run_build(source, reference, "--no-cache")
    return snapshot(reference)


DIE_AT = """
import os, sys
from scholarsite import cli, write
from scholarsite.cache import BuildCache
where = sys.argv[1]
if where == "between-renames":
    write.RENAMEAT2 = None  # a system without RENAME_EXCHANGE: two renames
    rename = os.rename
    def dying_rename(a, b):
        if ".scholarsite-ready-" in str(a) and ".scholarsite-" not in str(b):
            os._exit(9)  # as if killed after the first rename
        rename(a, b)
    write.os.rename = dying_rename
elif where == "before-commit":
    BuildCache.commit = lambda *args: os._exit(9)  # the new output is in place
elif where == "mid-update":
    write_file, calls = write.write_file, []
    def dying_write_file(target, output):
        if ".scholarsite-new-" in str(target):  # a file of the spare being brought up to date
            calls.append(target)
            if len(calls) == 2:
                os._exit(9)  # after the first file was replaced
        write_file(target, output)
    write.write_file = dying_write_file
elif where == "before-switch":
    write.switch = lambda *args: os._exit(9)  # the spare is up to date, not yet in place
sys.exit(cli.main(sys.argv[2:]))
"""


def die_at(where: str, source: Path, dest: Path) -> None:
    result = subprocess.run([sys.executable, "-c", DIE_AT, where, "build", "-q", "-s",
                             str(source), "-d", str(dest)], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 9, result.stderr


def test_kill_between_two_renames_is_recovered_by_the_next_build(tmp_path):
    source, dest = small_site(tmp_path / "site"), tmp_path / "out"
    run_build(source, dest)
    old = snapshot(dest)
    (source / "_posts/2024-01-01-a.md").write_text("---\nlayout: plain\n---\nPost A, new.\n")
    new = fresh_build(source, tmp_path)

    die_at("between-renames", source, dest)

    # Neither site is at the destination: the old one was moved aside, the new one is
    # complete beside it.
    assert not dest.exists()
    ready = [p for p in tmp_path.iterdir() if ".out.scholarsite-ready-" in p.name]
    aside = [p for p in tmp_path.iterdir() if ".out.scholarsite-old-" in p.name]
    assert len(ready) == 1 and snapshot(ready[0]) == new
    assert len(aside) == 1 and snapshot(aside[0]) == old

    write.recover(dest.resolve())  # what the next build (or clean) does first
    assert snapshot(dest) == new
    assert leftovers(dest) == []
    run_build(source, dest)
    assert snapshot(dest) == new


def test_two_renames_fallback_builds_and_leaves_nothing_behind(tmp_path, monkeypatch):
    monkeypatch.setattr(write, "RENAMEAT2", None)
    source, dest = small_site(tmp_path / "site"), tmp_path / "out"
    for text in ("one", "two"):
        (source / "notes/page.md").write_text(f"---\nlayout: plain\n---\nVersion {text}.\n")
        build(BuildOptions(source=source, destination=dest), Reporter())
        assert f"Version {text}." in (dest / "notes/page.html").read_text()
        assert leftovers(dest) == []


def test_leftovers_of_a_running_build_are_left_alone(tmp_path):
    source, dest = small_site(tmp_path / "site"), tmp_path / "out"
    mine = tmp_path / f".out.scholarsite-new-{os.getpid()}"  # this test process is running
    dead = tmp_path / ".out.scholarsite-new-99999999"  # above any pid_max: not running
    for folder in (mine, dead):
        folder.mkdir()
        (folder / "index.html").write_text("partial\n")
    run_build(source, dest)
    assert mine.is_dir() and not dead.exists()


def test_kill_after_the_switch_before_the_cache_is_saved(tmp_path):
    """The cache still describes the previous output: it must not be trusted for the
    output now in place (a reverted page would otherwise keep its newer text)."""
    source, dest = small_site(tmp_path / "site"), tmp_path / "out"
    run_build(source, dest)
    post = source / "_posts/2024-01-01-a.md"
    first = post.read_text()
    post.write_text("---\nlayout: plain\n---\nPost A, second version.\n")
    die_at("before-commit", source, dest)
    assert "second version" in (dest / "2024/01/01/a.html").read_text()
    post.write_text(first)
    run_build(source, dest)
    assert snapshot(dest) == fresh_build(source, tmp_path)


def test_serve_writes_the_edited_page_early_and_a_failed_build_is_not_trusted(tmp_path):
    """Under serve the saved file's page is replaced before the rest of the site. If the
    build then fails, that page stays new; reverting it later still rebuilds it, both in
    the same serve and in a later `scholarsite build`."""
    source, dest = small_site(tmp_path / "site"), tmp_path / "out"
    post, index = source / "_posts/2024-01-01-a.md", source / "index.md"
    first, good_index = post.read_text(), index.read_text()
    for later in ("serve", "build"):
        builder = Builder(BuildOptions(source=source, destination=dest), Reporter)
        builder.build()
        post.write_text("---\nlayout: plain\n---\nPost A, saved in the editor.\n")
        index.write_text("---\nlayout: plain\n---\n{% if true %}no end\n")
        with pytest.raises(BuildError):
            builder.build({post, index})
        assert "saved in the editor" in (dest / "2024/01/01/a.html").read_text()
        assert "Home 2" in (dest / "index.html").read_text()  # the rest: the old site
        post.write_text(first)
        index.write_text(good_index)
        if later == "serve":
            builder.build({post, index})
        else:
            builder.close()
            run_build(source, dest)
        builder.close()  # waits for the previous sites being deleted in the background
        assert snapshot(dest) == fresh_build(source, tmp_path), later
        assert leftovers(dest) == []


# -- the spare: the previous site, kept for the next build to update ------------------------

def test_the_previous_site_is_the_spare_the_next_build_updates(tmp_path):
    """Builds alternate between two folders; each time the output equals a fresh build,
    through edits, a deleted post, a new page and a file that becomes a folder."""
    source, dest = small_site(tmp_path / "site"), tmp_path / "out"
    page = source / "notes/page.md"
    edits = [
        lambda: (source / "_posts/2024-01-01-a.md").write_text(
            "---\nlayout: plain\n---\nPost A, edited.\n"),
        lambda: (source / "_posts/2024-01-02-b.md").unlink(),
        lambda: (source / "extra/new.md").parent.mkdir() or
        (source / "extra/new.md").write_text("---\nlayout: plain\n---\nNew.\n"),
        lambda: page.write_text("---\nlayout: plain\npermalink: /notes/page.html/\n---\nNow a folder.\n"),
        lambda: page.write_text("---\nlayout: plain\n---\nA file again.\n"),
        lambda: os.utime(page),  # the same text: a build runs, and changes nothing
    ]
    run_build(source, dest)
    folders = [dest.stat().st_ino]
    for edit in edits:
        edit()
        run_build(source, dest)
        assert snapshot(dest) == fresh_build(source, tmp_path)
        assert leftovers(dest) == []
        folders.append(dest.stat().st_ino)
    assert spare(dest).is_dir()
    # From the third build on, the destination is the folder of two builds before.
    assert folders[0] != folders[1] and folders[2:] == folders[:-2]


def test_builds_share_unchanged_files_with_the_spare(tmp_path):
    source, dest = small_site(tmp_path / "site"), tmp_path / "out"
    run_build(source, dest)
    (source / "_posts/2024-01-01-a.md").write_text("---\nlayout: plain\n---\nPost A, new.\n")
    run_build(source, dest)
    same, edited = "2024/01/02/b.html", "2024/01/01/a.html"
    assert (dest / same).stat().st_ino == (spare(dest) / same).stat().st_ino
    assert (dest / edited).stat().st_ino != (spare(dest) / edited).stat().st_ino
    assert (dest / same).stat().st_nlink == 2


@pytest.mark.parametrize("where", ["mid-update", "before-switch"])
def test_a_build_killed_while_updating_the_spare(tmp_path, where):
    """The spare shares unchanged files (hard links) with the live site: updating it must
    never change the live site's bytes. And a spare whose update was cut short is not
    trusted: reverting the source to what its manifest describes still gives a fresh build."""
    source, dest = small_site(tmp_path / "site"), tmp_path / "out"
    post_a, post_b, page = (source / rel for rel in
                            ("_posts/2024-01-01-a.md", "_posts/2024-01-02-b.md", "notes/page.md"))
    first = {path: path.read_text() for path in (post_a, post_b, page)}
    run_build(source, dest)
    post_a.write_text("---\nlayout: plain\n---\nPost A, second version.\n")
    run_build(source, dest)  # the first site is the spare now
    shared = "2024/01/02/b.html"
    assert (dest / shared).stat().st_ino == (spare(dest) / shared).stat().st_ino
    live = snapshot(dest)

    # Files the live site shares with the spare change: the update replaces them there.
    post_b.write_text("---\nlayout: plain\n---\nPost B, third version.\n")
    page.write_text("---\nlayout: plain\n---\nPage, third version.\n")
    die_at(where, source, dest)
    assert snapshot(dest) == live
    assert "Post B." in (dest / shared).read_text()

    for path, text in first.items():  # what the spare's manifest says it holds
        path.write_text(text)
    run_build(source, dest)
    assert snapshot(dest) == fresh_build(source, tmp_path)
    assert leftovers(dest) == []
    run_build(source, dest)  # and with the spare this build kept
    assert snapshot(dest) == fresh_build(source, tmp_path)


def test_a_spare_changed_by_hand_is_not_trusted(tmp_path):
    source, dest = small_site(tmp_path / "site"), tmp_path / "out"
    index = source / "index.md"
    first = index.read_text()
    run_build(source, dest)
    index.write_text("---\nlayout: plain\n---\nHome, second version.\n")
    run_build(source, dest)
    (spare(dest) / "index.html").unlink()  # a new file, not the hard link: the live one stays
    (spare(dest) / "index.html").write_text("changed by hand\n")
    index.write_text(first)  # the spare's manifest describes this version
    run_build(source, dest)
    assert "changed by hand" not in (dest / "index.html").read_text()
    assert snapshot(dest) == fresh_build(source, tmp_path)


def test_builds_at_the_same_time_do_not_trample_each_other(tmp_path):
    source, dest = small_site(tmp_path / "site"), tmp_path / "out"
    run_build(source, dest)
    run_build(source, dest)
    for round in range(4):
        (source / "notes/page.md").write_text(f"---\nlayout: plain\n---\nRound {round}.\n")
        builds = [subprocess.Popen([sys.executable, "-m", "scholarsite", "build", "-q", "-s",
                                    str(source), "-d", str(dest)], stderr=subprocess.PIPE)
                  for _ in range(2)]
        for process in builds:
            assert process.wait(timeout=120) == 0, process.stderr.read()
            process.stderr.close()
        expected = fresh_build(source, tmp_path)
        assert snapshot(dest) == expected and leftovers(dest) == []
        run_build(source, dest)
        assert snapshot(dest) == expected


def test_kept_files_come_from_the_live_site_when_the_spare_is_updated(tmp_path):
    source, dest = small_site(tmp_path / "site"), tmp_path / "out"
    (source / "_config.yml").write_text("title: Small\nkeep_files: [.git, notes/page.html]\n")
    (dest / ".git").mkdir(parents=True)
    (dest / ".git/HEAD").write_text("ref: refs/heads/gh-pages\n")
    for round in range(4):
        run_build(source, dest)
        assert (dest / ".git/HEAD").read_text() == f"ref: refs/heads/gh-pages\n{'x' * round}"
        assert sorted(p.name for p in (dest / ".git").iterdir()) == ["HEAD"] + [
            f"object{n}" for n in range(round)]
        assert spare(dest).is_dir() == (round > 0)
        # as git does it: a new file renamed over the old one, and new files
        (dest / ".git/HEAD.lock").write_text(f"ref: refs/heads/gh-pages\n{'x' * (round + 1)}")
        os.replace(dest / ".git/HEAD.lock", dest / ".git/HEAD")
        (dest / f".git/object{round}").write_text("blob\n")
        os.utime(source / "_config.yml")  # else nothing changed and no build would run
    page = snapshot(dest)["notes/page.html"]
    assert page == fresh_build(source, tmp_path)["notes/page.html"]  # an output wins


def test_clean_removes_the_destination_the_config_names(tmp_path):
    source = small_site(tmp_path / "site")
    (source / "_config.yml").write_text("title: t\ndestination: public\n")
    assert scholarsite("build", "-s", str(source)).returncode == 0
    assert (source / "public" / "index.html").is_file()
    (source / "_site").mkdir()
    (source / "_site" / "notes.txt").write_text("not an output\n")
    done = scholarsite("clean", "-s", str(source))
    assert done.returncode == 0, done.stderr
    assert not (source / "public").exists() and not (source / ".scholarsite-cache").exists()
    assert (source / "_site" / "notes.txt").is_file()  # not the build's folder: untouched


def test_clean_removes_the_spare(tmp_path):
    source, dest = small_site(tmp_path / "site"), tmp_path / "out"
    run_build(source, dest)
    os.utime(source / "_config.yml")  # else nothing changed and no build would run
    run_build(source, dest)
    assert spare(dest).is_dir()
    result = scholarsite("clean", "-s", str(source), "-d", str(dest))
    assert result.returncode == 0, result.stderr
    assert not dest.exists() and not spare(dest).exists() and leftovers(dest) == []


# -- what a destination may be --------------------------------------------------------------

def refused(result: subprocess.CompletedProcess, words: str) -> None:
    assert result.returncode == 1, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and words in lines[0], result.stderr
    assert "Traceback" not in result.stderr


def test_refuses_the_source_folder(tmp_path):
    source = small_site(tmp_path / "site")
    before = snapshot(source)
    for command in ("build", "clean"):
        refused(scholarsite(command, "-s", str(source), "-d", str(source)),
                "contains the source folder")
        assert snapshot(source) == before


def test_refuses_a_parent_of_the_source(tmp_path):
    parent = tmp_path / "work"
    source = small_site(parent / "site")
    (parent / "index.html").write_text("a site of its own\n")  # looks like a built site
    before = snapshot(parent)
    for command in ("build", "clean"):
        refused(scholarsite(command, "-s", str(source), "-d", str(parent)),
                "contains the source folder")
        refused(scholarsite(command, "-s", str(source), "-d", str(source / "..")),
                "contains the source folder")
        assert snapshot(parent) == before


def test_refuses_the_home_folder(tmp_path):
    source, home = small_site(tmp_path / "site"), tmp_path / "home"
    home.mkdir()
    (home / "index.html").write_text("looks like a site\n")
    (home / "thesis.tex").write_text("years of work\n")
    env = {**os.environ, "HOME": str(home)}
    for command in ("build", "clean"):
        refused(scholarsite(command, "-s", str(source), "-d", str(home), env=env),
                "home folder")
        assert snapshot(home) == {"index.html": hashlib.sha256(b"looks like a site\n").hexdigest(),
                                  "thesis.tex": hashlib.sha256(b"years of work\n").hexdigest()}


def test_refuses_the_filesystem_root(tmp_path):
    source = small_site(tmp_path / "site")
    with pytest.raises(BuildError):
        write.check_destination(source.resolve(), Path("/"))
    refused(scholarsite("build", "-s", str(source), "-d", "/"), "source folder")


def test_refuses_a_folder_that_is_not_a_built_site(tmp_path):
    source, documents = small_site(tmp_path / "site"), tmp_path / "documents"
    (documents / "letters").mkdir(parents=True)
    (documents / "letters/mum.txt").write_text("dear mum\n")
    (documents / "taxes.pdf").write_bytes(b"%PDF")
    before = snapshot(documents)
    for command in ("build", "clean"):
        refused(scholarsite(command, "-s", str(source), "-d", str(documents)),
                "no build of this site wrote it")
        assert snapshot(documents) == before
    file = tmp_path / "file.txt"
    file.write_text("a file\n")
    refused(scholarsite("build", "-s", str(source), "-d", str(file)), "is a file")
    assert file.read_text() == "a file\n"


def test_an_index_html_does_not_make_a_folder_a_built_site(tmp_path):
    """A folder of one's own that happens to hold an index.html is not replaced."""
    source, folder = small_site(tmp_path / "site"), tmp_path / "thesis"
    (folder / "data").mkdir(parents=True)
    (folder / "index.html").write_text("my notes\n")
    (folder / "thesis.tex").write_text("years of work\n")
    (folder / "data/results.csv").write_text("1,2\n")
    before = snapshot(folder)
    for extra in ((), ("--no-cache",)):
        for command in ("build", "clean"):
            if command == "clean" and extra:
                continue
            refused(scholarsite(command, "-s", str(source), "-d", str(folder), *extra),
                    "--replace-destination")
            assert snapshot(folder) == before
    assert leftovers(folder) == []


def test_a_file_added_to_an_earlier_output_is_never_deleted(tmp_path):
    source, dest = small_site(tmp_path / "site"), tmp_path / "public"
    for extra in ((), ("--no-cache",)):
        run_build(source, dest, *extra)
        run_build(source, dest, *extra)  # this site's own output: replaced
        (dest / "notes").mkdir(exist_ok=True)
        (dest / "notes/mine.txt").write_text("added by hand\n")
        refused(scholarsite("build", "-s", str(source), "-d", str(dest), *extra),
                "notes/mine.txt")
        refused(scholarsite("clean", "-s", str(source), "-d", str(dest)), "notes/mine.txt")
        assert (dest / "notes/mine.txt").read_text() == "added by hand\n"
        (dest / "notes/mine.txt").unlink()


def test_the_sites_own_underscore_site_is_replaced_as_jekyll_replaces_it(tmp_path):
    source = small_site(tmp_path / "site")
    (source / "_site").mkdir()
    (source / "_site/index.html").write_text("jekyll's\n")
    (source / "_site/stale.html").write_text("stale\n")
    result = scholarsite("build", "-s", str(source))
    assert result.returncode == 0, result.stderr
    assert not (source / "_site/stale.html").exists()


def test_builds_into_an_empty_folder_or_a_folder_with_only_kept_files(tmp_path):
    source = small_site(tmp_path / "site")
    empty, repo = tmp_path / "empty", tmp_path / "repo"
    empty.mkdir()
    (repo / ".git").mkdir(parents=True)
    (repo / ".git/HEAD").write_text("ref: refs/heads/gh-pages\n")
    for dest in (empty, repo):
        run_build(source, dest)
        run_build(source, dest)
        assert (dest / "index.html").is_file()
    assert (repo / ".git/HEAD").read_text() == "ref: refs/heads/gh-pages\n"  # keep_files


def test_replaces_a_previous_site_and_touches_nothing_beside_it(tmp_path):
    """With --replace-destination a folder another tool built (Jekyll, say) is replaced,
    stale files go; files beside it and in the source stay as they were."""
    source, dest = small_site(tmp_path / "site"), tmp_path / "public"
    (dest / "old").mkdir(parents=True)
    (dest / "index.html").write_text("jekyll's\n")
    (dest / "old/stale.html").write_text("stale\n")
    beside = tmp_path / "public.txt"
    beside.write_text("beside\n")
    source_before = snapshot(source)
    run_build(source, dest, "--replace-destination")
    assert not (dest / "old").exists() and "Home 2" in (dest / "index.html").read_text()
    assert beside.read_text() == "beside\n"
    assert {k: v for k, v in snapshot(source).items()
            if not k.startswith(".scholarsite-cache/")} == source_before


def test_clean_removes_the_output_and_what_killed_builds_left(tmp_path):
    source, dest = small_site(tmp_path / "site"), tmp_path / "out"
    run_build(source, dest)
    (tmp_path / ".out.scholarsite-new-99999999").mkdir()
    beside = tmp_path / "keep.txt"
    beside.write_text("keep\n")
    result = scholarsite("clean", "-s", str(source), "-d", str(dest))
    assert result.returncode == 0, result.stderr
    assert not dest.exists() and leftovers(dest) == []
    assert beside.read_text() == "keep\n" and (source / "index.md").is_file()


@pytest.mark.parametrize("permalink", ["/../../escaped.html", "/%2e%2e/%2e%2e/escaped.html",
                                       "/..%2f..%2fescaped.html", "/%2E%2E/./escaped.html"])
def test_a_permalink_never_leads_outside_the_destination(tmp_path, permalink):
    source, dest = small_site(tmp_path / "site"), tmp_path / "out"
    # '..' is taken out of URLs, escaped or not, as Jekyll's URL#sanitize_url does.
    (source / "escape.md").write_text(f"---\npermalink: {permalink}\n---\nout\n")
    result = scholarsite("build", "-s", str(source), "-d", str(dest))
    assert result.returncode == 0, result.stderr
    assert [p.relative_to(tmp_path) for p in tmp_path.rglob("escaped.html")] == [
        Path("out/escaped.html")]
    assert not (tmp_path.parent / "escaped.html").exists()  # where /../../ would lead
