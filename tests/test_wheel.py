"""The wheel the README tells users to build, and the sdist, hold everything a build needs
(templates, theme assets, the CV's Typst template): each, installed into a fresh virtual
environment (its dependencies taken from this one), makes and builds the starter."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def source_tree(tmp_path: Path) -> Path:
    """A copy of what a wheel or an sdist is made of: building in the checkout would leave
    build/ and *.egg-info there."""
    tree = tmp_path / "tree"
    shutil.copytree(ROOT / "src", tree / "src",
                    ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, tree / name)
    return tree


def fresh_venv(tmp_path: Path, wheel: Path) -> Path:
    """A virtual environment with ``wheel`` installed (dependencies from this one)."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)],
                   check=True)
    python = venv / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", "--force-reinstall",
                    str(wheel)], check=True)
    return python


def test_the_built_wheel_builds_the_starter(tmp_path):
    tree = source_tree(tmp_path)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps",
                    "-q", "-w", str(tmp_path / "dist"), str(tree)], check=True)
    wheels = list((tmp_path / "dist").glob("scholarsite-*-py3-none-any.whl"))
    assert len(wheels) == 1, wheels
    python = fresh_venv(tmp_path, wheels[0])
    venv = tmp_path / "venv"
    builds_the_starter(tmp_path, python, venv)


def test_the_sdist_holds_the_theme_and_installs(tmp_path):
    tree = source_tree(tmp_path)
    subprocess.run([sys.executable, "-m", "build", "--sdist", "--no-isolation", "-o",
                    str(tmp_path / "dist"), str(tree)], check=True, capture_output=True)
    sdists = list((tmp_path / "dist").glob("scholarsite-*.tar.gz"))
    assert len(sdists) == 1, sdists
    import tarfile
    with tarfile.open(sdists[0]) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    packaged = {p.relative_to(tree).as_posix() for p in (tree / "src").rglob("*") if p.is_file()}
    assert packaged <= names, sorted(packaged - names)[:10]
    # What pip does with an sdist: make a wheel of it, then install that.
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(tmp_path / "from-sdist"), str(sdists[0])], check=True)
    wheel, = (tmp_path / "from-sdist").glob("scholarsite-*.whl")
    python = fresh_venv(tmp_path, wheel)
    builds_the_starter(tmp_path, python, tmp_path / "venv")


def builds_the_starter(tmp_path: Path, python: Path, venv: Path) -> None:
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
