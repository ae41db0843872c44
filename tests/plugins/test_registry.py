"""The registry: every plugin module declares what it adds, in one place, and the engine
gets its tags, filters and generators only from there."""

from __future__ import annotations

import ast
from pathlib import Path

from scholarsite.plugins import registry

PLUGINS = Path(registry.__file__).parent
HELPERS = {"__init__", "registry", "hide_custom_bibtex", "emoji", "link_attributes",
           "chart_blocks", "mojibake", "citations_chart"}  # used by render.py or by other plugins


def test_every_plugin_module_is_registered_and_declares_something():
    modules = {p.stem for p in PLUGINS.glob("*.py")} - HELPERS
    assert modules == set(registry.MODULES)
    for plugin in registry.plugins():
        assert (plugin.tags or plugin.filters or plugin.generators or plugin.finishers
                or plugin.writers), plugin.name
    names = [plugin.name for plugin in registry.plugins()]
    assert len(names) == len(set(names))


def test_plugins_never_import_the_liquid_environment():
    """liquid/environment.py imports the registry; the plugins use liquid/tags.py."""
    for path in PLUGINS.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom):
                assert node.module != "scholarsite.liquid.environment", path.name


def test_the_environment_has_every_registered_tag_and_filter(tmp_path):
    from scholarsite.build import BuildOptions, load_site
    (tmp_path / "_config.yml").write_text("title: t\n")
    site = load_site(BuildOptions(source=tmp_path, use_cache=False))
    for tag in registry.tags():
        assert site.liquid.tags[tag.name].__class__ is tag or tag.name.startswith("__")
    for name in registry.filters():
        assert name in site.liquid.filters
    assert "hideCustomBibtex" in site.liquid.filters  # jekyll-scholar's setup step
    assert {"jekyll-scholar", "jekyll-feed", "jekyll-sitemap", "jekyll-toc"} <= registry.names()


def test_docs_list_every_plugin():
    text = (PLUGINS.parents[2] / "docs" / "plugins.md").read_text()
    for module, plugin in zip(registry.MODULES, registry.plugins()):
        assert f"| `{module}.py` | `{plugin.name}`" in text, module
