"""Acceptance tests: scholarsite must build the fixture sites exactly as Jekyll 4.3.1 does.

Each ``tests/jekyll_parity/<site>/src`` is an unmodified Jekyll site and
``tests/jekyll_parity/<site>/expected`` is the committed output of REAL Jekyll
(see ``tests/jekyll_parity/README.md``). Ruby is never run here.

Comparison rules live in ``tests/jekyll_parity/normalize.py``: only
insignificant whitespace, attribute order and serialisation spelling are
normalised, never content.
"""

from __future__ import annotations

import difflib
import importlib.util
from pathlib import Path

import pytest

PARITY_DIR = Path(__file__).parent / "jekyll_parity"

# tests/ is not a package; load the normaliser by path.
_spec = importlib.util.spec_from_file_location("jekyll_parity_normalize", PARITY_DIR / "normalize.py")
normalize = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(normalize)

SITES = sorted(p.parent.name for p in PARITY_DIR.glob("*/src") if (p.parent / "expected").is_dir())

# Output files whose content depends on the build time (site.time, feeds with
# <updated>now</updated>, ...): excluded from every comparison, as
# "<site>/<relative path>". The fixtures avoid them, so this is empty.
TIME_DEPENDENT: set[str] = set()


def _files(site: str, root: Path) -> list[str]:
    """Relative paths of all files under root, minus the site's time-dependent ones."""
    rels = (p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
    return sorted(rel for rel in rels if f"{site}/{rel}" not in TIME_DEPENDENT)


def _expected_files(site: str) -> list[str]:
    return _files(site, PARITY_DIR / site / "expected")


CASES = [(site, rel) for site in SITES for rel in _expected_files(site)]


def _run_build(src: Path, out: Path, *extra: str) -> int:
    from scholarsite.cli import main  # imported lazily: the engine may not exist yet

    try:
        code = main(["build", "-s", str(src), "-d", str(out), *extra])
    except SystemExit as exc:  # argparse-style CLIs exit instead of returning
        code = exc.code
    return 0 if code is None else code


_builds: dict[str, Path] = {}
_build_errors: dict[str, str] = {}


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """Build each fixture site once per session with scholarsite; return its output dir."""

    def get(site: str) -> Path:
        if site in _build_errors:
            pytest.fail(_build_errors[site], pytrace=False)
        if site not in _builds:
            out = tmp_path_factory.mktemp(f"parity-{site}") / "_site"
            try:
                code = _run_build(PARITY_DIR / site / "src", out)
            except Exception as exc:  # noqa: BLE001 - report any engine failure as a test failure
                code = f"an exception: {type(exc).__name__}: {exc}"
            if code != 0:
                _build_errors[site] = f"scholarsite build of {site!r} failed with {code}"
                pytest.fail(_build_errors[site], pytrace=False)
            _builds[site] = out
        return _builds[site]

    return get


@pytest.mark.parametrize("site", SITES)
def test_output_file_set(site, built_site):
    out = built_site(site)
    actual = set(_files(site, out))
    expected = set(_expected_files(site))
    missing = sorted(expected - actual)
    extra = sorted(actual - expected)
    assert not missing and not extra, f"missing (Jekyll writes, scholarsite does not): {missing}\nextra (scholarsite writes, Jekyll does not): {extra}"


def _show(norm) -> list[str]:
    return norm if isinstance(norm, list) else [repr(norm[:2000])]


@pytest.mark.parametrize(("site", "rel"), CASES, ids=[f"{s}/{r}" for s, r in CASES])
def test_output_file(site, rel, built_site):
    out = built_site(site)
    actual_path = out / rel
    assert actual_path.is_file(), f"scholarsite did not write {rel}"
    expected = normalize.normalise_file(PARITY_DIR / site / "expected" / rel)
    actual = normalize.normalise_file(actual_path)
    if expected != actual:
        diff = "\n".join(
            difflib.unified_diff(
                _show(expected), _show(actual), f"jekyll/{site}/{rel}", f"scholarsite/{site}/{rel}", lineterm=""
            )
        )
        pytest.fail(f"{site}/{rel} differs from Jekyll output (normalised):\n{diff}", pytrace=False)


def test_keep_files_and_stale_cleanup(tmp_path):
    """Like Jekyll: stale files in the destination are removed, `keep_files` entries survive
    (a folder this site's builds did not write is replaced only when asked to)."""
    out = tmp_path / "_site"
    (out / "keep-me").mkdir(parents=True)
    (out / "keep-me" / "a.txt").write_text("kept\n")
    (out / "old").mkdir()
    (out / "old" / "stale.html").write_text("stale\n")
    (out / "stale.txt").write_text("stale\n")
    assert _run_build(PARITY_DIR / "site_model" / "src", out) == 1
    assert (out / "stale.txt").exists()
    assert _run_build(PARITY_DIR / "site_model" / "src", out, "--replace-destination") == 0
    assert (out / "keep-me" / "a.txt").read_text() == "kept\n"
    assert not (out / "stale.txt").exists()
    assert not (out / "old").exists()
    assert (out / "index.html").is_file()


def test_normaliser_keeps_content_differences():
    """Guard against an over-eager normaliser: it must not hide content changes."""
    normalise_css, normalise_html = normalize.normalise_css, normalize.normalise_html
    assert normalise_html('<p b="2"  a="1">x  y\n</p>') == normalise_html('<p a="1" b="2">x y</p>')
    assert normalise_html("<br/>") == normalise_html("<br>")
    assert normalise_html("<p>x</p>") != normalise_html("<p>y</p>")
    assert normalise_html("<p>a <b>b</b></p>") != normalise_html("<p>a<b>b</b></p>")
    assert normalise_html("<pre>a\n b</pre>") != normalise_html("<pre>a b</pre>")
    assert normalise_html("<!-- a -->") != normalise_html("<!-- b -->")
    assert normalise_css("a { color: red; }\n") == normalise_css("a{color:red;}")
    assert normalise_css("a{color:red}") != normalise_css("a{color:blue}")

