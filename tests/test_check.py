"""``scholarsite check`` finds mis-encoded text; ``--fix-encoding`` repairs only those lines."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from scholarsite.check import check as run_check

HERE = Path(__file__).parent
SEEDS = HERE / "seeds"
HINT = "(run scholarsite check --fix-encoding to rewrite the file)"
GENUINE = ["Ångström über “quotes” – fine", "naïve café, résumé, Straße", "Łódź, Kraków, Dvořák",
           "王瑞哲 東京大学 한국어", "Hello 👋 🧗 🎉", "Ελληνικά, Русский, العربية, עברית",
           "€100 ™ © ± µm °C → ✓", "Comas-Massagué, Bühler, São Paulo, İstanbul"]


def check(site: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scholarsite", "check", "-s", str(site), *extra],
                          capture_output=True, text=True)


def snapshot(folder: Path) -> dict[str, tuple[bytes, int, int]]:
    """Every file's bytes, modification time and mode (and so the list of files)."""
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns, p.stat().st_mode)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def found(stdout: str) -> set[tuple[str, int]]:
    return {(m.group(1), int(m.group(2)))
            for m in re.finditer(r"^(\S+?):(\d+):\d+: warning: ", stdout, re.MULTILINE)}


def seed_site(root: Path) -> Path:
    """The five seeds as a site lays them out."""
    (root / "_pages").mkdir(parents=True)
    (root / "_config.yml").write_text("title: Seeds\ninclude: [_pages]\n", encoding="utf-8")
    shutil.copy(SEEDS / "000_b15123dc5b71dfe5.txt", root / "index.md")
    shutil.copy(SEEDS / "001_a5b4204f4bbf2a15.txt", root / "cv.md")
    shutil.copy(SEEDS / "002_8c44b7970a83d9e7.txt", root / "_pages/about.md")
    shutil.copy(SEEDS / "003_dd8c8c33480ef245.txt", root / "_pages/old.md")
    shutil.copy(SEEDS / "004_8188602baf60f30a.txt", root / "_pages/folio.md")
    return root


def test_reports_the_seed_examples_with_line_and_meaning(tmp_path):
    site = seed_site(tmp_path / "site")
    done = check(site)
    assert done.returncode == 1, done.stderr
    out = done.stdout
    assert ('_pages/about.md:20:22: warning: "ÁéãÁëûÂì≤" (and 4 more on this line) looks mis-encoded; '
            f'probably meant "王瑞哲" {HINT}\n') in out
    assert f'_pages/folio.md:21:30: warning: "ðŸ‘‹" looks mis-encoded; probably meant "👋" {HINT}\n' in out
    assert f'_pages/about.md:29:3: warning: "\\uf8ffüìñ" looks mis-encoded; probably meant "📖" {HINT}' in out
    # exactly the damaged lines: none of the seeds' correct text is reported
    assert found(out) == {("_pages/about.md", n) for n in (20, 29, 35, 36, 37, 39, 40, 43, 73, 78, 82)} \
        | {("_pages/folio.md", n) for n in (5, 21, 23)}
    assert out.rstrip().endswith("scholarsite: 14 mis-encoded lines in 2 files "
                                 "(scholarsite check --fix-encoding rewrites them)")


def test_genuine_accented_text_is_not_reported(tmp_path):
    site = tmp_path / "site"
    (site / "_data").mkdir(parents=True)
    (site / "_bibliography").mkdir()
    text = "\n".join(GENUINE) + "\n"
    (site / "_config.yml").write_text(f"title: Ångström Łódź\ndescription: {GENUINE[4]}\n",
                                      encoding="utf-8")
    (site / "index.md").write_text(f"---\ntitle: Café\n---\n{text}", encoding="utf-8")
    (site / "_data/people.yml").write_text("".join(f"- name: \"{g}\"\n" for g in GENUINE),
                                           encoding="utf-8")
    (site / "_bibliography/papers.bib").write_text(
        "@article{a, author={Łukasz Kaiser and Zoë Müller}, title={Naïve café}}\n", encoding="utf-8")
    before = snapshot(site)
    done = check(site)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == "scholarsite: checked 4 files, no mis-encoded text\n"
    done = check(site, "--fix-encoding")
    assert done.returncode == 0
    assert snapshot(site) == before  # nothing to fix: nothing written


def test_fix_rewrites_only_the_bad_lines(tmp_path):
    site = tmp_path / "site"
    (site / "_data").mkdir(parents=True)
    (site / "_posts").mkdir()
    (site / "_config.yml").write_bytes("title: ZoÃ« Lee\r\nurl: https://x.org\r\n".encode())
    # a BOM, CRLF endings, genuine text around the damage, no newline at the end
    page = ("\ufeff---\r\ntitle: Home\r\n---\r\nÅngström stays\r\nHi (ÁéãÁëûÂì≤) and ÁéãÁëûÂì≤\r\n"
            "naïve café\r\n\r\nWave ðŸ‘‹ — Iâ€™m here").encode("utf-8")
    (site / "index.md").write_bytes(page)
    post = "---\ntitle: Post\n---\nŁódź\n# \uf8ffüìñ Educations\nend\n".encode("utf-8")
    (site / "_posts/2024-01-01-p.md").write_bytes(post)
    (site / "_data/people.yml").write_bytes("- name: MÃ¼ller\n- name: Müller\n".encode("utf-8"))
    untouched = "plain\nnaïve\n".encode("utf-8")
    (site / "about.md").write_bytes(untouched)
    os.chmod(site / "index.md", 0o640)
    about_stat = (site / "about.md").stat().st_mtime_ns

    done = check(site, "--fix-encoding")
    assert done.returncode == 0, done.stdout + done.stderr
    assert (site / "index.md").read_bytes() == (
        "\ufeff---\r\ntitle: Home\r\n---\r\nÅngström stays\r\nHi (王瑞哲) and 王瑞哲\r\n"
        "naïve café\r\n\r\nWave 👋 — I’m here").encode("utf-8")
    assert (site / "_posts/2024-01-01-p.md").read_bytes() == \
        "---\ntitle: Post\n---\nŁódź\n# 📖 Educations\nend\n".encode("utf-8")
    assert (site / "_data/people.yml").read_bytes() == "- name: Müller\n- name: Müller\n".encode()
    assert (site / "_config.yml").read_bytes() == "title: Zoë Lee\r\nurl: https://x.org\r\n".encode()
    assert (site / "about.md").read_bytes() == untouched
    assert (site / "about.md").stat().st_mtime_ns == about_stat
    assert (site / "index.md").stat().st_mode & 0o777 == 0o640
    out = done.stdout
    assert 'index.md:5:5: rewrote "ÁéãÁëûÂì≤" as "王瑞哲" (and 1 more on this line)\n' in out
    assert 'index.md:8:6: rewrote "ðŸ‘‹" as "👋" (and 1 more on this line)\n' in out
    assert '_data/people.yml:1:10: rewrote "Ã¼" as "ü"\n' in out
    assert out.rstrip().endswith("scholarsite: rewrote 5 lines in 4 files")
    assert sorted(p.name for p in site.rglob("*") if p.name.endswith(".tmp")) == []
    again = check(site)
    assert again.returncode == 0 and "no mis-encoded text" in again.stdout


def test_without_the_flag_nothing_is_written(tmp_path):
    site = seed_site(tmp_path / "site")
    before = snapshot(site)
    done = check(site)
    assert done.returncode == 1
    assert snapshot(site) == before
    assert sorted(p.name for p in site.iterdir()) == ["_config.yml", "_pages", "cv.md", "index.md"]


def test_skips_excluded_dot_and_output_folders_and_binary_files(tmp_path):
    site = tmp_path / "site"
    for folder in ("old", ".git", "_site", "assets", "_data"):
        (site / folder).mkdir(parents=True)
    bad = "Wave ðŸ‘‹\n"
    (site / "_config.yml").write_text("exclude: [old, notes.md]\n")
    for rel in ("old/page.md", ".git/COMMIT.md", "_site/index.html", "notes.md",
                "assets/app.js", "assets/.hidden.md"):
        (site / rel).write_text(bad, encoding="utf-8")
    (site / "assets/data.json").write_bytes(b"\0\0" + bad.encode("utf-8"))  # binary
    (site / "_data/people.yml").write_text(f"- {bad}", encoding="utf-8")  # reported
    done = check(site)
    assert done.returncode == 1
    assert found(done.stdout) == {("_data/people.yml", 1)}
    built_elsewhere = check(site, "--config", str(site / "_config.yml"))
    assert found(built_elsewhere.stdout) == {("_data/people.yml", 1)}


def test_default_excludes_apply(tmp_path):
    site = tmp_path / "site"
    (site / "node_modules/pkg").mkdir(parents=True)
    (site / "vendor/bundle").mkdir(parents=True)
    (site / "node_modules/pkg/README.md").write_text("Wave ðŸ‘‹\n", encoding="utf-8")
    (site / "vendor/bundle/notes.md").write_text("Wave ðŸ‘‹\n", encoding="utf-8")
    (site / "index.md").write_text("Wave ðŸ‘‹\n", encoding="utf-8")
    assert found(check(site).stdout) == {("index.md", 1)}
    # A site's own exclude list adds to the defaults, as in Jekyll 4.
    (site / "_config.yml").write_text("exclude: [drafts-folder]\n")
    assert found(check(site).stdout) == {("index.md", 1)}


def test_a_file_that_is_not_utf8_is_reported_and_left_alone(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.md").write_bytes("# Hi\nCafé au lait\n".encode("cp1252"))
    for flag in ((), ("--fix-encoding",)):
        done = check(site, *flag)
        assert done.returncode == 1
        assert done.stdout.startswith("index.md:2:4: file is not valid UTF-8 (byte 0xe9, 'é' in Latin-1)")
        assert (site / "index.md").read_bytes() == "# Hi\nCafé au lait\n".encode("cp1252")


def test_missing_site_folder_is_one_line(tmp_path):
    done = check(tmp_path / "nowhere")
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "source folder not found" in done.stderr
    assert "Traceback" not in done.stderr


PAIRS = [("Wave 👋", "Wave ðŸ‘‹"), ("I’m here", "Iâ€™m here"), ("Müller", "MÃ¼ller"),
         ("Hi 王瑞哲", "Hi ÁéãÁëûÂì≤"), ("# 📖 Educations", "# \uf8ffüìñ Educations"),
         ("café", "cafÃ©")]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(GENUINE + [good for good, _ in PAIRS] + ["", "ascii"]),
                          st.booleans(), st.sampled_from(["\n", "\r\n"])), min_size=1, max_size=12),
       st.booleans(), st.booleans())
def test_fix_changes_exactly_the_damaged_lines(lines, bom, final_newline):
    """Any mix of good and damaged lines, endings, BOM: the fix gives the intended file."""
    damage = dict(PAIRS)

    def assemble(use_damage: bool) -> bytes:
        parts = [(damage.get(text, text) if bad and use_damage else text) + ending
                 for text, bad, ending in lines]
        text = "".join(parts) if final_newline else "".join(parts).rstrip("\r\n")
        return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")

    damaged, intended = assemble(True), assemble(False)
    with tempfile.TemporaryDirectory(prefix="check-prop-") as folder:
        site = Path(folder)
        (site / "page.md").write_bytes(damaged)
        out = io.StringIO()
        assert run_check(site, out=out) == (1 if damaged != intended else 0)
        assert (site / "page.md").read_bytes() == damaged  # no flag: no write
        assert run_check(site, fix=True, out=io.StringIO()) == 0
        assert (site / "page.md").read_bytes() == intended
