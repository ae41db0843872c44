"""Sass/SCSS pages, compiled with libsass as Jekyll's sass converter does.

Defaults follow jekyll-sass-converter on libsass: ``compact`` style, precision 10 and a
source map next to the CSS (``sass.sourcemap: never`` turns it off).
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path, PurePosixPath

import sass

from scholarsite.errors import BuildError
from scholarsite.site import Document, Site

STYLES = {"nested", "expanded", "compact", "compressed"}


def load_paths(site: Site) -> list[str]:
    options = site.config.get("sass") or {}
    sass_dir = str(options.get("sass_dir") or "_sass")
    paths = [site.source / sass_dir]
    paths += [site.source / p for p in options.get("load_paths") or []]
    if site.theme_dir is not None:
        paths.append(site.theme_dir / "_sass")
    return [str(p) for p in paths if p.is_dir()]


def compile_sass(site: Site, doc: Document, text: str) -> str:
    options = site.config.get("sass") or {}
    style = str(options.get("style") or "compact").lower()
    if style not in STYLES:
        site.reporter.warn(f"unknown sass.style '{style}' (use one of {', '.join(sorted(STYLES))})",
                           "_config.yml")
        style = "compact"
    want_map = str(options.get("sourcemap", "always")).lower() not in ("never", "false") and not (
        str(options.get("sourcemap")).lower() == "development"
        and site.environment == "production")
    name = PurePosixPath(doc.relative_path).name
    site.reads_listing("sass")
    with tempfile.TemporaryDirectory(prefix="scholarsite-sass-") as tmp:
        # libsass writes source maps only for files, so the Liquid output goes to one.
        input_path = Path(tmp) / name
        input_path.write_text(text, encoding="utf-8")
        css_name = PurePosixPath(name).with_suffix(".css").name
        try:
            result = sass.compile(
                filename=str(input_path), output_style=style, precision=10,
                include_paths=load_paths(site) + [str(doc.path.parent)] if doc.path else load_paths(site),
                **({"source_map_filename": str(Path(tmp) / (css_name + ".map")),
                    "output_filename_hint": str(Path(tmp) / css_name),
                    "source_map_contents": True} if want_map else {}),
            )
        except sass.CompileError as err:
            raise sass_error(site, doc, str(err), tmp) from None
        if not want_map:
            return result
        css, source_map = result
        site.add_generated_file(str(PurePosixPath(doc.url).with_suffix(".css.map")).lstrip("/"),
                                tidy_source_map(site, source_map, name, Path(tmp)).encode("utf-8"))
    return css


def tidy_source_map(site: Site, source_map: str, name: str, base: Path) -> str:
    """Name sources by their path in the site, as Jekyll's converter does.

    libsass names them relative to the map, which was written in ``base``."""
    data = json.loads(source_map)
    roots = [site.source.resolve()] + ([site.theme_dir.resolve()] if site.theme_dir else [])
    sources = []
    for source in data.get("sources", []):
        resolved = (base / source).resolve()
        if resolved.name == name and resolved.parent == base.resolve():
            sources.append(name)  # the page itself
            continue
        for root in roots:
            if root in resolved.parents:
                sources.append(resolved.relative_to(root).as_posix())
                break
        else:
            sources.append(source)
    data["sources"] = sources
    return json.dumps(data, indent="\t", ensure_ascii=False)


def sass_error(site: Site, doc: Document, message: str, tmp: str) -> BuildError:
    """libsass says ``Error: ...\\n on line 3:7 of file``; keep it to one located line."""
    first = message.strip().splitlines()[0].removeprefix("Error: ").strip()
    match = re.search(r"on line (\d+)(?::(\d+))? of (\S+)", message)
    if not match:
        return BuildError(f"Sass error: {first}", doc.source_name)
    line, col, file = int(match.group(1)), int(match.group(2) or 0) or None, match.group(3)
    if tmp in file or file.endswith(PurePosixPath(doc.relative_path).name):
        return BuildError(f"Sass error: {first}", doc.source_name, line + doc.body_line, col)
    # libsass names a partial relative to the working folder: say where it is in the site.
    path = Path(os.path.normpath(Path.cwd() / file))
    for root in (site.source, site.theme_dir):
        if root is not None and path.is_relative_to(root):
            file = path.relative_to(root).as_posix()
            break
    return BuildError(f"Sass error: {first}", file, line, col)
