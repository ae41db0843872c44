"""jekyll-get-json: JSON files into ``site.data`` (al-folio's CV reads its resume.json so).

``jekyll_get_json: [{data: resume, json: assets/json/resume.json}]``: the file, read from
the site's folder, becomes ``site.data.resume``; where ``_data`` already has that name,
the JSON fills in what it lacks (the gem's non-overwriting deep merge). A build uses no
network, so a URL is left out with a warning, as a file that cannot be read is.
"""

from __future__ import annotations

import json
from pathlib import Path

from scholarsite.config import listed_plugins
from scholarsite.plugins.registry import Plugin
from scholarsite.site import Site


def generate_json_data(site: Site) -> None:
    if "jekyll-get-json" not in listed_plugins(site.config):
        return
    entries = site.config.get("jekyll_get_json")
    if entries is None:
        return
    for entry in entries if isinstance(entries, list) else [entries]:
        if not isinstance(entry, dict) or not entry.get("data") or not entry.get("json"):
            continue
        name, location = str(entry["data"]), str(entry["json"])
        if "://" in location:
            site.reporter.warn(f"jekyll_get_json: {location} is not fetched (a build uses no "
                               f"network; save it in the site and name the file instead): "
                               f"site.data.{name} goes without it", "_config.yml")
            continue
        data = read_json(site, location)
        if data is None:
            continue
        target = site.data.get(name)
        site.data[name] = fill_in(target, data) if target is not None else data


def read_json(site: Site, location: str):
    path = (site.source / location.lstrip("/")).resolve()
    if not path.is_relative_to(site.source.resolve()):
        site.reporter.warn(f"jekyll_get_json: {location} is outside the site; not read",
                           "_config.yml")
        return None
    try:
        return json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError) as err:
        reason = err.strerror if isinstance(err, OSError) and err.strerror else str(err)
        site.reporter.warn(f"jekyll_get_json: {location} cannot be read ({reason})",
                           "_config.yml")
    except json.JSONDecodeError as err:
        site.reporter.warn(f"jekyll_get_json: {location} is not valid JSON ({err.msg})",
                           location, err.lineno, err.colno)
    return None


def fill_in(target, source):
    """The deep_merge gem's ``deep_merge``: what ``target`` has stays; hashes merge, lists
    gain the items they lack."""
    if isinstance(target, dict) and isinstance(source, dict):
        for key, value in source.items():
            target[key] = fill_in(target[key], value) if key in target else value
        return target
    if isinstance(target, list) and isinstance(source, list):
        return target + [item for item in source if item not in target]
    return target


PLUGIN = Plugin("jekyll-get-json", generators=(generate_json_data,), config=("jekyll_get_json",))
