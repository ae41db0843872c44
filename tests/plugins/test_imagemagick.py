"""jekyll-imagemagick: the WebP copies al-folio's <picture> markup points to, as the
published al-folio sites have them (never wider than the original, upright)."""

from __future__ import annotations

import io

from PIL import Image

CONFIG = """plugins: [jekyll-imagemagick]
imagemagick:
  enabled: true
  widths: [480, 800, 1400]
  input_directories: [assets/img/]
  input_formats: [".jpg", ".png"]
  output_formats:
    webp: "-quality 85"
"""


def image(size: tuple[int, int], fmt: str, orientation: int | None = None) -> bytes:
    out = io.BytesIO()
    picture = Image.new("RGB", size, (200, 80, 40))
    if orientation:
        exif = Image.Exif()
        exif[0x0112] = orientation
        picture.save(out, fmt, exif=exif)
    else:
        picture.save(out, fmt)
    return out.getvalue()


def files(config: str = CONFIG) -> dict:
    return {"_config.yml": config, "index.html": "---\n---\nhi\n",
            "assets/img/prof_pic.jpg": image((1000, 600), "JPEG", orientation=6),
            "assets/img/sub/diagram.png": image((300, 200), "PNG"),
            "assets/pdf/not-an-input.png": image((300, 200), "PNG")}


def size_of(data: bytes) -> tuple[int, int]:
    return Image.open(io.BytesIO(data)).size


def test_each_width_and_format_next_to_the_original(build):
    built = build(files())
    out = built.dest / "assets/img"
    # turned upright first (EXIF 6: 1000x600 becomes 600x1000), then 480 wide at most
    assert size_of((out / "prof_pic-480.webp").read_bytes()) == (480, 800)
    assert size_of((out / "prof_pic-800.webp").read_bytes()) == (600, 1000)
    assert size_of((out / "prof_pic-1400.webp").read_bytes()) == (600, 1000)
    assert size_of((out / "sub/diagram-1400.webp").read_bytes()) == (300, 200)
    assert not list((built.dest / "assets/pdf").glob("*.webp"))
    assert (out / "prof_pic.jpg").is_file()


def test_copies_come_from_the_cache_the_second_time(build):
    first = build(files())
    made = (first.dest / "assets/img/prof_pic-800.webp").read_bytes()
    cache = first.dest.parent / "site/.scholarsite-cache/imagemagick"
    assert len(list(cache.glob("*.webp"))) == 6
    for entry in cache.glob("*-800-85.webp"):
        entry.write_bytes(b"from the cache")
    again = build(files())
    assert (again.dest / "assets/img/prof_pic-800.webp").read_bytes() == b"from the cache"
    assert made != b"from the cache"


def test_off_unless_listed_and_enabled(build):
    built = build(files(CONFIG.replace("enabled: true", "enabled: false")))
    assert not list(built.dest.rglob("*.webp"))
