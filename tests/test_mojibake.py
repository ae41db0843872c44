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
    assert "index.md:5: warning: text decoded with the wrong charset ('ðŸ‘‹' should be '👋')" in done.stderr
    assert "Wave 👋" in (site / "_site/index.html").read_text(encoding="utf-8")
    (site / "_config.yml").write_text("scholarsite:\n  fix_mojibake: false\n")
    subprocess.run([sys.executable, "-m", "scholarsite", "build", "-s", str(site)], check=True,
                   capture_output=True)
    assert "Wave ðŸ‘‹" in (site / "_site/index.html").read_text(encoding="utf-8")
