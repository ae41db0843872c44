"""Responsive images: smaller copies of a site's JPEG, PNG and WebP pictures, plus WebP.

``picture_for(site, "assets/img/me.jpg")`` returns what the ``responsive_image`` tag
needs: the original's size (EXIF orientation applied) and the generated copies. Copies
are widths 480, 800 and 1200 below the original's width, and the original width itself
in WebP. They go to the output under ``assets/img/generated/`` and are kept under the
source's ``.scholarsite-cache/images/``, named by the hash of the source bytes, the width
and the format, with the image's size in ``<hash>.json``: a second build reads those
files and opens no image at all.
"""

from __future__ import annotations

import io
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from scholarsite.cache import CACHE_DIR, digest

WIDTHS = (480, 800, 1200)
GENERATED_DIR = "assets/img/generated"
CACHE_SUBDIR = "images"
FORMATS = {".jpg": "jpeg", ".jpeg": "jpeg", ".png": "png", ".webp": "webp"}
EXTENSIONS = {"jpeg": "jpg", "png": "png", "webp": "webp"}
# Changing how copies are encoded changes this, so old cache entries are not reused.
ENCODING = "q82-webp80-v1"


@dataclass
class Candidate:
    url_path: str  # the file's path in the output ("/assets/...": before baseurl)
    width: int


@dataclass
class Picture:
    """What a ``<picture>`` needs for one source image."""

    width: int
    height: int
    format: str  # "jpeg", "png" or "webp": the original's
    fallback: list[Candidate] = field(default_factory=list)  # original's format, by width
    webp: list[Candidate] = field(default_factory=list)  # empty when the original is WebP
    files: dict[str, bytes] = field(default_factory=dict)  # output path -> bytes

    @property
    def src(self) -> str:
        return self.fallback[-1].url_path


class ImageError(Exception):
    """The file is not an image Pillow can read."""


def cache_folder(site) -> Path:
    return site.source / CACHE_DIR / CACHE_SUBDIR


def supported(rel: str) -> bool:
    return PurePosixPath(rel).suffix.lower() in FORMATS


def picture_for(site, rel: str, path: Path) -> Picture:
    """The responsive set of one image (memoised per build). Raises ImageError."""
    memo_key = ("responsive_image", str(path))
    if memo_key in site.cache:
        return site.cache[memo_key]
    data = path.read_bytes()
    key = digest(ENCODING, data)[:24]
    folder = cache_folder(site)
    meta = read_meta(folder / f"{key}.json")
    loader = Loader(data)
    if meta is None:
        meta = loader.meta()
        write_atomic(folder / f"{key}.json", json.dumps(meta).encode("utf-8"))
    fmt = FORMATS[PurePosixPath(rel).suffix.lower()]
    width, height = meta["width"], meta["height"]
    picture = Picture(width, height, fmt)
    stem = PurePosixPath(rel).stem
    widths = [w for w in WIDTHS if w < width] + [width]
    for out_fmt in dict.fromkeys(("webp", fmt)):
        made: list[tuple[Candidate, str, bytes]] = []
        for w in widths:
            if out_fmt == fmt and w == width and not meta["rotated"]:
                # The original file itself serves its own width.
                made.append((Candidate("/" + rel.lstrip("/"), w), "", data))
                continue
            ext = EXTENSIONS[out_fmt]
            out_rel = f"{GENERATED_DIR}/{stem}-{w}-{key[:8]}.{ext}"
            cached = folder / f"{key}-{w}.{ext}"
            blob = read_bytes(cached)
            if blob is None:
                blob = loader.encode(w, out_fmt)
                write_atomic(cached, blob)
            made.append((Candidate("/" + out_rel, w), out_rel, blob))
        if out_fmt != fmt and made[-1][2] and len(made[-1][2]) >= len(data):
            continue  # WebP that is no smaller than the original is not worth a <source>
        largest = made[-1]
        for candidate, out_rel, blob in made:
            # A smaller copy that weighs as much as the original (a PNG, say) is dropped.
            if out_fmt == fmt and candidate is not largest[0] and len(blob) >= len(largest[2]):
                continue
            if out_rel:
                picture.files[out_rel] = blob
            (picture.webp if out_fmt != fmt else picture.fallback).append(candidate)
    site.cache[memo_key] = picture
    return picture


class Loader:
    """Opens the image with Pillow only when something is not in the cache."""

    def __init__(self, data: bytes):
        self.data = data
        self._image = None

    def image(self):
        if self._image is None:
            from PIL import Image, ImageOps, UnidentifiedImageError
            try:
                image = Image.open(io.BytesIO(self.data))
                image.load()
            except (UnidentifiedImageError, OSError, ValueError) as err:
                raise ImageError(str(err)) from None
            self.orientation = image.getexif().get(0x0112, 1)
            self._image = ImageOps.exif_transpose(image)  # a copy, turned upright
            self._image.info.setdefault("icc_profile", image.info.get("icc_profile"))
        return self._image

    def meta(self) -> dict:
        image = self.image()
        return {"width": image.width, "height": image.height,
                "rotated": self.orientation not in (1, None)}

    def encode(self, width: int, fmt: str) -> bytes:
        from PIL import Image
        image = self.image()
        if width < image.width:
            height = max(1, round(image.height * width / image.width))
            image = prepared(image, fmt).resize((width, height), Image.LANCZOS)
        else:
            image = prepared(image, fmt)
        out = io.BytesIO()
        icc = self._image.info.get("icc_profile")
        extra = {"icc_profile": icc} if icc else {}
        if fmt == "jpeg":
            image.save(out, "JPEG", quality=82, optimize=True, progressive=True, **extra)
        elif fmt == "webp":
            image.save(out, "WEBP", quality=80, method=6, **extra)
        else:
            image.save(out, "PNG", optimize=True, **extra)
        return out.getvalue()


def prepared(image, fmt: str):
    """A mode the encoder takes and that resizes smoothly (not palette)."""
    alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    if fmt == "jpeg":
        return image if image.mode in ("RGB", "L") else image.convert("RGB")
    if alpha:
        return image if image.mode == "RGBA" else image.convert("RGBA")
    return image if image.mode in ("RGB", "L") and fmt == "png" or image.mode == "RGB" else image.convert("RGB")


def read_meta(path: Path) -> dict | None:
    blob = read_bytes(path)
    if blob is None:
        return None
    try:
        meta = json.loads(blob)
        return meta if {"width", "height", "rotated"} <= set(meta) else None
    except ValueError:
        return None


def read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def write_atomic(path: Path, data: bytes) -> None:
    """Write via a temporary file and a rename: parallel workers may write the same entry."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only source still builds; the work is just done again next time
