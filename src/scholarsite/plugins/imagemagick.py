"""jekyll-imagemagick: the resized copies al-folio's ``<picture>`` markup points to.

``imagemagick: {enabled: true, widths: [480, 800, 1400], input_directories: [assets/img/],
input_formats: [.jpg, .png, ...], output_formats: {webp: "-quality 85"}}``: every image
under those folders gets ``NAME-WIDTH.FORMAT`` next to it for each width and format, as
the gem's ``convert`` makes them: never wider than the original (a 800 px photo's
``-1400.webp`` is 800 px wide), upright (EXIF orientation applied), at the ``-quality``
the options give. Made with Pillow, in parallel, and kept under the cache folder by the
image's content, so an unchanged image is never encoded twice.
"""

from __future__ import annotations

import io
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path, PurePosixPath

from scholarsite.cache import digest
from scholarsite.config import listed_plugins
from scholarsite.images import write_atomic
from scholarsite.plugins.registry import Plugin
from scholarsite.site import Site

PILLOW_FORMATS = {"webp": "WEBP", "jpg": "JPEG", "jpeg": "JPEG", "png": "PNG", "avif": "AVIF"}
CACHE_SUBDIR = "imagemagick"


def settings(site: Site) -> dict | None:
    config = site.config.get("imagemagick")
    if "jekyll-imagemagick" not in listed_plugins(site.config) or not isinstance(config, dict) \
            or not config.get("enabled"):
        return None
    return config


def generate_image_variants(site: Site) -> None:
    config = settings(site)
    if config is None:
        return
    widths = sorted({int(w) for w in config.get("widths") or [] if str(w).isdigit()})
    folders = [str(d).strip("/") + "/" for d in config.get("input_directories") or []]
    formats = {str(f).lower() if str(f).startswith(".") else "." + str(f).lower()
               for f in config.get("input_formats") or []}
    outputs = config.get("output_formats") or {}
    if not isinstance(outputs, dict):
        outputs = {str(name): "" for name in outputs} if isinstance(outputs, list) else {}
    jobs = []
    for static in site.static_files:
        rel = static.relative_path.lstrip("/")
        if not any(rel.startswith(folder) for folder in folders) or \
                PurePosixPath(rel).suffix.lower() not in formats:
            continue
        wanted = []
        for name, options in outputs.items():
            fmt = str(name).lower().lstrip(".")
            if fmt not in PILLOW_FORMATS:
                site.reporter.warn(f"imagemagick: output format '{name}' is not one scholarsite "
                                   f"makes (use one of {', '.join(PILLOW_FORMATS)})", "_config.yml")
                continue
            wanted += [(width, fmt, quality(options)) for width in widths]
        if wanted:
            jobs.append((static.path, rel, wanted))
    if not jobs:
        return
    from scholarsite.parallel import default_workers  # (parallel imports the plugins)
    folder = site.cache_folder / CACHE_SUBDIR if site.cache_folder is not None else None
    with ThreadPoolExecutor(max_workers=max(1, default_workers())) as pool:
        for made, problem, rel in pool.map(lambda job: variants(folder, *job), jobs):
            if problem:
                site.reporter.warn(f"imagemagick: {problem}", rel)
            for out_rel, data in made:
                site.add_generated_file(out_rel, data)


def quality(options) -> int | None:
    match = re.search(r"-quality\s+(\d+)", str(options or ""))
    return int(match.group(1)) if match else None


def variants(folder: Path | None, path: Path, rel: str,
             wanted: list[tuple[int, str, int | None]]) -> tuple[list, str, str]:
    """One image's copies: from the cache, else the image is decoded once for them all."""
    posix = PurePosixPath(rel)
    try:
        source = path.read_bytes()
    except OSError as err:
        return [], f"cannot read the image ({err.strerror})", rel
    key = digest(source)[:24]
    made, image = [], None
    for width, fmt, level in wanted:
        out_rel = str(posix.with_name(f"{posix.stem}-{width}.{fmt}"))
        cached = folder / f"{key}-{width}-{level}.{fmt}" if folder else None
        if cached is not None and cached.is_file():
            made.append((out_rel, cached.read_bytes()))
            continue
        try:
            if image is None:
                image = upright(source, max(w for w, _, _ in wanted))
            data = encode(image, width, fmt, level)
        except (OSError, ValueError) as err:
            return made, f"the image cannot be read ({err}); no resized copies of it", rel
        if cached is not None:
            write_atomic(cached, data)  # a read-only source still builds, only slower
        made.append((out_rel, data))
    return made, "", rel


def upright(source: bytes, largest: int):
    from PIL import Image, ImageOps

    with Image.open(io.BytesIO(source)) as opened:
        # A JPEG decodes at a fraction of its size when that still covers the widths.
        opened.draft("RGB", (largest, largest * opened.height // max(opened.width, 1)))
        image = ImageOps.exif_transpose(opened)
        image.load()
        return image


def encode(image, width: int, fmt: str, level: int | None) -> bytes:
    from PIL import Image

    if width < image.width:  # ImageMagick's -resize WIDTHx, never enlarging
        image = image.resize((width, max(1, round(image.height * width / image.width))),
                             Image.LANCZOS)
    if fmt in ("jpg", "jpeg") and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    elif image.mode == "P":
        image = image.convert("RGBA")
    out = io.BytesIO()
    options = {"quality": level} if level is not None else {}
    image.save(out, PILLOW_FORMATS[fmt], **options)
    return out.getvalue()


PLUGIN = Plugin("jekyll-imagemagick", gems=("al_img_tools",), generators=(generate_image_variants,),
                config=("imagemagick",))
