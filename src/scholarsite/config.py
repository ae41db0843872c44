"""Site configuration: Jekyll 4's defaults, ``_config.yml`` and ``--config`` overlays."""

from __future__ import annotations

import copy
import re
from pathlib import Path

from scholarsite.errors import BuildError
from scholarsite.frontmatter import decode_utf8, load_yaml

# Jekyll::Configuration::DEFAULT_EXCLUDES (plus our own cache): added to any `exclude`
# list the site sets, as Jekyll 4 does, so a site's own list never lets them back in.
DEFAULT_EXCLUDES = [".sass-cache", ".jekyll-cache", ".scholarsite-cache", "gemfiles", "Gemfile",
                    "Gemfile.lock", "node_modules", "vendor/bundle/", "vendor/cache/",
                    "vendor/gems/", "vendor/ruby/"]

# Jekyll::Configuration::DEFAULTS, the keys this engine reads.
DEFAULTS: dict = {
    "source": ".",
    "destination": "./_site",
    "collections_dir": "",
    "layouts_dir": "_layouts",
    "data_dir": "_data",
    "includes_dir": "_includes",
    "collections": {},
    "safe": False,
    "include": [".htaccess"],
    "exclude": [],
    "keep_files": [".git", ".svn"],
    "encoding": "utf-8",
    "markdown_ext": "markdown,mkdown,mkdn,mkd,md",
    "strict_front_matter": False,
    "show_drafts": None,
    "limit_posts": 0,
    "future": False,
    "unpublished": False,
    "plugins": [],
    "markdown": "kramdown",
    "highlighter": "rouge",
    "excerpt_separator": "\n\n",
    "permalink": "date",
    "paginate_path": "/page:num",
    "timezone": None,
    "baseurl": None,
    "url": None,
    "defaults": [],
    "liquid": {"error_mode": "warn", "strict_filters": False, "strict_variables": False},
    "kramdown": {"auto_ids": True, "toc_levels": [1, 2, 3, 4, 5, 6], "entity_output": "as_char",
                 "smart_quotes": "lsquo,rsquo,ldquo,rdquo", "input": "GFM", "hard_wrap": False,
                 "guess_lang": True, "footnote_nr": 1, "show_warnings": False},
    "sass": {"sass_dir": "_sass"},
}

PERMALINK_STYLES = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}


def deep_merge(base: dict, overlay: dict) -> dict:
    """Jekyll's Utils.deep_merge_hashes: mappings merge, everything else is replaced."""
    merged = dict(base)
    for key, value in overlay.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def read_config_file(path: Path, source: Path) -> dict:
    # Messages name files as the user sees them: relative to the site when inside it.
    shown = path.resolve().relative_to(source) if source in path.resolve().parents else path
    if not path.is_file():
        raise BuildError("configuration file not found (check the --config path)", shown)
    text = decode_utf8(path.read_bytes(), shown)
    data = load_yaml(text, shown) if text.strip() else {}
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise BuildError("the configuration must be a mapping of keys to values", shown, 1, 1)
    return data


def listed_plugins(config: dict) -> set[str]:
    """The plugins ``_config.yml`` names under ``plugins:`` (or Jekyll 3's ``gems:``)."""
    return {str(name) for key in ("plugins", "gems") if isinstance(config.get(key), list)
            for name in config[key]}


def site_config_file(source: Path) -> Path | None:
    """The configuration Jekyll reads when no --config is given."""
    return next((p for p in (source / "_config.yml", source / "_config.yaml") if p.is_file()),
                None)


def load_config(source: Path, config_files: list[Path] | None = None,
                overrides: dict | None = None) -> dict:
    """Merge the defaults, the config files (later wins) and command-line overrides."""
    config = copy.deepcopy(DEFAULTS)
    if config_files:
        files = config_files
    else:
        files = [p for p in (site_config_file(source),) if p is not None]
    for path in files:
        config = deep_merge(config, read_config_file(path, source))
    config = deep_merge(config, overrides or {})
    config["source"] = str(source)
    return normalize(config, files[0] if files else source / "_config.yml")


def normalize(config: dict, path: Path) -> dict:
    """Shape the config as Jekyll does before use (collections, posts' permalink)."""
    collections = config.get("collections") or {}
    if isinstance(collections, list):
        collections = {name: {} for name in collections}
    if not isinstance(collections, dict):
        raise BuildError("'collections' must be a list or a mapping", path)
    collections = {name: dict(meta or {}) for name, meta in collections.items()}
    posts = collections.setdefault("posts", {})
    posts["output"] = True
    style = config.get("permalink") or "date"
    posts.setdefault("permalink", PERMALINK_STYLES.get(str(style), str(style)))
    config["collections"] = collections
    for key in ("include", "exclude", "keep_files"):
        value = config.get(key) or []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            raise BuildError(f"'{key}' must be a list of file or folder names", path)
        config[key] = [str(name) for name in value]
    config["exclude"] += [name for name in DEFAULT_EXCLUDES if name not in config["exclude"]]
    config["baseurl"] = config.get("baseurl") or ""
    check_url(config, path)
    return config


# Schemes a page would run or load as a document: ``url`` reaches canonical links,
# og:url, JSON-LD and redirect pages, so such a value would put script in every page.
SCRIPT_SCHEMES = ("javascript", "vbscript", "data", "file")


def check_url(config: dict, path: Path) -> None:
    url = config.get("url")
    if not isinstance(url, str) or not url.strip():
        return
    from scholarsite.liquid.safe import url_scheme
    if (url_scheme(url) or "") in SCRIPT_SCHEMES:
        source = Path(config["source"])
        shown = path.relative_to(source) if source in path.parents else path
        try:
            found = re.search(r"^url[ \t]*:", path.read_text(encoding="utf-8", errors="replace"),
                              re.MULTILINE)
            line = found.string.count("\n", 0, found.start()) + 1 if found else None
        except OSError:
            line = None
        raise BuildError(f"url {url[:60]!r} is not a web address (write the site's address, "
                         "e.g. https://name.github.io)", shown, line)
