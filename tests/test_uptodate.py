"""A rebuild that finds nothing changed does nothing; any change takes the normal path."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from scholarsite import uptodate
from scholarsite.build import BuildOptions, build
from scholarsite.cli import main
from scholarsite.errors import BuildError, Reporter

FILES = {
    "_config.yml": "title: Up to date\nurl: https://example.org\n",
    "_layouts/default.html": "<html><body>{{ content }}</body></html>\n",
    "_includes/card.html": "<div>{{ include.text }}</div>\n",
    "_data/people.yml": "- name: Ada\n",
    "index.html": "---\nlayout: default\n---\n{% for p in site.data.people %}{{ p.name }}"
                  "{% endfor %}{% for post in site.posts %}{{ post.title }}{% endfor %}\n",
    "about.md": "---\nlayout: default\n---\nAbout. {% include card.html text=\"hi\" %}\n",
    "_posts/2024-01-01-one.md": "---\nlayout: default\ntitle: One\n---\nFirst.\n",
    "_drafts/later.md": "---\nlayout: default\ntitle: Later\n---\nNot yet.\n",
    "style.css": "body { color: black; }\n",
}


def settle(root: Path) -> None:
    """Wait until the filesystem clock has passed the files just written, as it has for
    files a person saved: else the first build cannot trust their times ("racy")."""
    newest = max(p.stat().st_ctime_ns for p in root.rglob("*"))
    clock = root.parent / "clock"
    clock.mkdir(exist_ok=True)
    while uptodate.filesystem_now(clock) <= newest:
        time.sleep(0.001)


@pytest.fixture
def site(tmp_path):
    root = tmp_path / "site"
    for rel, text in FILES.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    settle(root)
    return root


def run(root: Path, dest: Path | None = None, reporter: Reporter | None = None, **options):
    return build(BuildOptions(source=root, destination=dest or root / "_site", **options),
                 reporter or Reporter())


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def cold(root: Path, tmp_path: Path) -> dict[str, bytes]:
    reference = tmp_path / "reference"
    run(root, reference, use_cache=False)
    return snapshot(reference)


def test_nothing_changed_does_nothing(site, tmp_path):
    assert not run(site).unchanged
    folder = (site / "_site").stat().st_ino
    again = run(site)
    assert again.unchanged and again.rendered == [] and again.site is None
    assert (again.pages_written, again.files_copied) == (3, 1)
    assert (site / "_site").stat().st_ino == folder  # not even switched
    assert snapshot(site / "_site") == cold(site, tmp_path)


@pytest.mark.parametrize("change", [
    lambda s: (s / "about.md").write_text("---\nlayout: default\n---\nAbout, edited.\n"),
    lambda s: (s / "_includes/card.html").write_text("<p>{{ include.text }}</p>\n"),
    lambda s: (s / "_data/people.yml").write_text("- name: Grace\n"),
    lambda s: (s / "_config.yml").write_text("title: Renamed\nurl: https://example.org\n"),
    lambda s: (s / "style.css").write_text("body { color: white; }\n"),
    lambda s: (s / "_posts/2024-02-01-two.md").write_text("---\nlayout: default\ntitle: Two\n---\n2\n"),
    lambda s: (s / "_posts/2024-01-01-one.md").unlink(),
    lambda s: (s / "notes").mkdir() or (s / "notes/n.md").write_text("---\n---\nNote.\n"),
    lambda s: (s / "_posts/2024-01-01-one.md").rename(s / "_posts/2024-01-02-one.md"),
], ids=["page", "include", "data", "config", "static", "new-post", "deleted", "new-folder",
        "renamed"])
def test_a_change_takes_the_normal_path_and_equals_a_cold_build(site, tmp_path, change):
    run(site)
    change(site)
    settle(site)
    assert not run(site).unchanged
    assert snapshot(site / "_site") == cold(site, tmp_path)
    assert run(site).unchanged


def test_an_edit_that_keeps_size_and_time_is_noticed(site, tmp_path):
    """An editor (or a checkout) may keep the size and set the old time back."""
    run(site)
    path = site / "about.md"
    before = path.stat()
    text = path.read_text()
    path.write_text(text.replace("About.", "Abut!."))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    assert not run(site).unchanged
    assert "Abut!." in (site / "_site/about.html").read_text()


def test_a_file_changed_in_the_tick_of_the_build_is_not_trusted(site):
    """A time not before the build started reading may hide a later change in that tick."""
    path = site / "about.md"
    late = time.time_ns() + 10**9
    os.utime(path, ns=(late, late))
    run(site)
    saved = uptodate.marshal.loads((site / ".scholarsite-cache" / uptodate.MANIFEST).read_bytes())
    assert saved["source"]["about.md"] == uptodate.RACY
    assert not run(site).unchanged


@pytest.mark.parametrize("change", [
    lambda out: (out / "about.html").write_text("changed by hand\n"),
    lambda out: (out / "about.html").unlink(),
    lambda out: (out / "style.css").unlink(),
    lambda out: __import__("shutil").rmtree(out),
], ids=["edited", "deleted-page", "deleted-file", "deleted-folder"])
def test_a_changed_output_folder_is_built_again(site, tmp_path, change):
    run(site)
    change(site / "_site")
    assert not run(site).unchanged


@pytest.mark.parametrize("change", [
    lambda out: (out / "about.html").unlink(),
    lambda out: (out / "style.css").unlink(),
    lambda out: __import__("shutil").rmtree(out),
], ids=["deleted-page", "deleted-file", "deleted-folder"])
def test_a_rebuild_restores_the_output(site, tmp_path, change):
    run(site)
    change(site / "_site")
    run(site)
    assert snapshot(site / "_site") == cold(site, tmp_path)


@pytest.mark.parametrize("stray", ["mine.txt", "2024/01/01/mine.txt", "2024/mine/x.txt"])
def test_a_stray_file_in_the_output_is_not_taken_as_written(site, tmp_path, stray):
    """Only stats are checked in the output: a folder's time tells a new entry in it."""
    dest = tmp_path / "out"
    run(site, dest)
    (dest / stray).parent.mkdir(parents=True, exist_ok=True)
    (dest / stray).write_text("not the build's\n")
    with pytest.raises(BuildError, match="mine"):
        run(site, dest)


def test_kept_files_may_change(site):
    (site / "_config.yml").write_text("title: Kept\nkeep_files: [CNAME]\n")
    settle(site)
    run(site)
    (site / "_site/CNAME").write_text("example.org\n")
    run(site)  # the output changed: built again, CNAME kept
    (site / "_site/CNAME").write_text("example.com\n")
    assert run(site).unchanged
    assert (site / "_site/CNAME").read_text() == "example.com\n"


@pytest.mark.parametrize("options", [{"drafts": True}, {"future": True}, {"strict": True},
                                     {"overrides": {"title": "Other"}}])
def test_other_options_take_the_normal_path(site, options):
    run(site)
    assert not run(site, **options).unchanged
    assert run(site, **options).unchanged
    assert not run(site).unchanged


@pytest.mark.parametrize("name, value", [("JEKYLL_ENV", "production"),
                                         ("SOURCE_DATE_EPOCH", "1700000000"),
                                         ("TZ", "Asia/Tokyo")])
def test_the_environment_counts(site, monkeypatch, name, value):
    run(site)
    monkeypatch.setenv(name, value)
    time.tzset()
    try:
        assert not run(site).unchanged
        assert run(site).unchanged
    finally:
        monkeypatch.undo()
        time.tzset()


def test_another_destination_takes_the_normal_path(site, tmp_path):
    run(site)
    assert not run(site, tmp_path / "elsewhere").unchanged


def test_a_changed_engine_takes_the_normal_path(site, monkeypatch):
    run(site)
    monkeypatch.setattr(uptodate, "stamp", lambda: "an edited checkout")
    assert not run(site).unchanged


def test_no_cache_never_skips(site):
    run(site)
    assert not run(site, use_cache=False).unchanged


def test_a_config_file_outside_the_source_counts(site, tmp_path):
    config = tmp_path / "other.yml"
    config.write_text("title: Outside\n")
    settle(tmp_path)
    run(site, config_files=[config])
    assert run(site, config_files=[config]).unchanged
    config.write_text("title: Outsider\n")
    assert not run(site, config_files=[config]).unchanged


def test_a_scheduled_post_appears_when_its_date_passes(site, monkeypatch):
    soon = time.time() + 3600
    day = time.strftime("%Y-%m-%d %H:%M:%S %z", time.localtime(soon))
    (site / "_posts/2024-03-01-soon.md").write_text(
        f"---\nlayout: default\ntitle: Soon\ndate: {day}\n---\nSoon.\n")
    settle(site)
    run(site)
    options = BuildOptions(source=site, destination=site / "_site")
    assert uptodate.unchanged(options, Reporter()) is not None
    monkeypatch.setattr(uptodate.time, "time", lambda: soon + 1)
    assert uptodate.unchanged(options, Reporter()) is None


def test_version_control_folders_are_not_scanned_unless_read(site):
    (site / ".git").mkdir()
    (site / ".git/HEAD").write_text("ref: refs/heads/main\n")
    settle(site)
    run(site)
    run(site)
    (site / ".git/index").write_text("changes all the time\n")
    assert run(site).unchanged
    # a folder the configuration lets in is read, so it counts
    (site / "_config.yml").write_text("title: Up to date\ninclude: [node_modules]\n")
    (site / "node_modules").mkdir()
    (site / "node_modules/lib.js").write_text("var a;\n")
    settle(site)
    run(site)
    assert (site / "_site/node_modules/lib.js").is_file()
    (site / "node_modules/lib.js").write_text("var b;\n")
    assert not run(site).unchanged


def test_warnings_are_said_again(site, capsys):
    (site / "bad.md").write_text("---\nlayout: default\ndate: 2024-13-45\n---\nBad date.\n")
    settle(site)
    first = run(site)
    said = capsys.readouterr().err
    assert first.warnings == 1 and "invalid date" in said
    again = run(site)
    assert again.unchanged and again.warnings == 1
    assert capsys.readouterr().err == said


def test_the_command_line_says_the_same(site, capsys):
    assert main(["build", "-s", str(site)]) == 0
    first = capsys.readouterr()
    assert main(["build", "-s", str(site)]) == 0
    second = capsys.readouterr()
    assert second.err == first.err
    assert second.out.split(" in ")[0] == first.out.split(" in ")[0]


def test_a_refused_build_leaves_no_cache_folder(site, tmp_path):
    with pytest.raises(BuildError):
        run(site, site.parent)
    assert not (site / ".scholarsite-cache").exists()
