"""Text decoded with the wrong charset is shown as written, with a located warning."""

import subprocess
import sys

from scholarsite.plugins.mojibake import repair, repair_line


def test_known_damage_is_undone():
    assert repair_line("Hey, thanks for stopping by! ðŸ‘‹") == "Hey, thanks for stopping by! 👋"
    assert repair_line("Hi, I'm Ruizhe Wang (ÁéãÁëûÂì≤)") == "Hi, I'm Ruizhe Wang (王瑞哲)"
    assert repair_line("# \uf8ffüìñ Educations") == "# 📖 Educations"  # Mac Roman
    assert repair_line("Iâ€™m visiting") == "I’m visiting"


def test_genuine_text_is_left_alone():
    for line in ("Café, naïve, Comas-Massagué, Bühler", "Sep 2016 – Jun 2021", "王瑞哲 👋",
                 "Ångström über “quotes”", "plain ascii"):
        assert repair_line(line) == line
    assert repair("a\nb") == ("a\nb", [])


def test_build_repairs_and_warns_with_the_line(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.md").write_text("---\ntitle: x\n---\nFine line\nWave ðŸ‘‹\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "scholarsite", "build", "-s", str(site)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert ('index.md:5:6: warning: "ðŸ‘‹" looks mis-encoded; probably meant "👋" '
            "(run scholarsite check --fix-encoding to rewrite the file)\n") in done.stderr
    assert "Wave 👋" in (site / "_site/index.html").read_text(encoding="utf-8")
    (site / "_config.yml").write_text("scholarsite:\n  fix_mojibake: false\n")
    subprocess.run([sys.executable, "-m", "scholarsite", "build", "-s", str(site)], check=True,
                   capture_output=True)
    assert "Wave ðŸ‘‹" in (site / "_site/index.html").read_text(encoding="utf-8")


def test_one_warning_per_file_names_the_first_line_and_counts_the_rest(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "_config.yml").write_text("title: x\n")
    (site / "index.md").write_text("---\ntitle: x\n---\nOK line\n# \uf8ffüìñ Educations\n"
                                   "Iâ€™m here\nWave ðŸ‘‹\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "scholarsite", "build", "-s", str(site)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    warnings = [line for line in done.stderr.splitlines() if "mis-encoded" in line]
    assert warnings == ['index.md:5:3: warning: "\\uf8ffüìñ" (and text on 2 more lines) looks '
                        'mis-encoded; probably meant "📖" (run scholarsite check --fix-encoding '
                        'to rewrite the file)']
    done = subprocess.run([sys.executable, "-m", "scholarsite", "build", "--strict", "--no-cache",
                           "-s", str(site)],
                          capture_output=True, text=True)
    assert done.returncode == 1 and done.stderr.startswith("index.md:5:3: ")
