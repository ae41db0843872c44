"""The wheel the README tells users to build holds everything a build needs (templates,
theme assets, the CV's Typst template): built, installed into a fresh virtual
environment (its dependencies taken from this one), it makes and builds the starter."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_built_wheel_builds_the_starter(tmp_path):
    # From a copy of what a wheel is made of: building in the tree would leave build/ there.
    tree = tmp_path / "tree"
    shutil.copytree(ROOT / "src", tree / "src",
                    ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, tree / name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps",
                    "-q", "-w", str(tmp_path / "dist"), str(tree)], check=True)
    wheels = list((tmp_path / "dist").glob("scholarsite-*-py3-none-any.whl"))
    assert len(wheels) == 1, wheels
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)],
                   check=True)
    python = venv / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", "--force-reinstall",
                    str(wheels[0])], check=True)
    where = subprocess.run([str(python), "-c", "import scholarsite; print(scholarsite.__file__)"],
                           check=True, capture_output=True, text=True, cwd=tmp_path).stdout
    assert str(venv) in where  # the wheel's copy, not the working tree's
    site = tmp_path / "site"
    subprocess.run([str(python), "-m", "scholarsite", "new", str(site)], check=True,
                   capture_output=True, cwd=tmp_path)
    done = subprocess.run([str(python), "-m", "scholarsite", "build", "-s", str(site)],
                          capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "_site/" in (site / ".gitignore").read_text()  # written by `new`, not packaged
    out = site / "_site"
    for rel in ("index.html", "cv/index.html", "assets/pdf/cv.pdf", "assets/css/main.css",
                "assets/js/search.js", "assets/js/publications.js", "pagefind/pagefind.js",
                "404.html"):
        assert (out / rel).is_file(), rel
