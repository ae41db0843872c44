"""Responsive images: the {% responsive_image %} tag, its cache, and the theme's pictures."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
from PIL import Image

from scholarsite.cli import main

THEME_SITES = Path(__file__).parent / "theme_sites"
CACHE = Path(".scholarsite-cache") / "images"


def jpeg(width: int, height: int, orientation: int | None = None) -> bytes:
    image = Image.new("RGB", (width, height))
    for x in range(0, width, 37):  # some detail, so the encoders have work to do
        for y in range(0, height, 41):
            image.putpixel((x, y), ((x * 7) % 256, (y * 3) % 256, (x + y) % 256))
    out = io.BytesIO()
    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation
    image.save(out, "JPEG", quality=90, exif=exif.tobytes())
    return out.getvalue()


def png_with_alpha(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (width, height), (200, 10, 10, 128)).save(out, "PNG")
    return out.getvalue()


def make_site(root: Path, pages: dict[str, str], config: str = "title: Pics\n") -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "_config.yml").write_text(config)
    (root / "assets/img").mkdir(parents=True, exist_ok=True)
    (root / "assets/img/big.jpg").write_bytes(jpeg(1600, 1000))
    (root / "assets/img/small.jpg").write_bytes(jpeg(300, 200))
    (root / "assets/img/turned.jpg").write_bytes(jpeg(900, 450, orientation=6))
    (root / "assets/img/logo.png").write_bytes(png_with_alpha(1000, 500))
    (root / "assets/img/anim.gif").write_bytes(b"GIF89a\x01\x00\x01\x00\x00\x00\x00;")
    (root / "assets/img/icon.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    for rel, text in pages.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


def build(src: Path, out: Path) -> None:
    assert main(["build", "-s", str(src), "-d", str(out)]) in (0, None)


def pictures(html: str) -> list[str]:
    return re.findall(r"<picture.*?</picture>", html, re.S)


def attr(tag: str, name: str) -> str | None:
    m = re.search(rf'\b{name}="([^"]*)"', tag)
    return m.group(1) if m else None


def test_picture_with_webp_source_and_srcset(tmp_path):
    src = make_site(tmp_path / "src", {"index.html": (
        "---\n---\n{% responsive_image assets/img/big.jpg alt=\"A & B\" class=\"photo wide\" "
        "sizes=\"50vw\" %}\n")}, "title: Pics\nbaseurl: /b\n")
    out = tmp_path / "out"
    build(src, out)
    (picture,) = pictures((out / "index.html").read_text())
    source = re.search(r"<source[^>]*>", picture).group(0)
    img = re.search(r"<img[^>]*>", picture).group(0)
    assert attr(source, "type") == "image/webp"
    webp = [c.split() for c in attr(source, "srcset").split(", ")]
    assert [w for _, w in webp] == ["480w", "800w", "1200w", "1600w"]
    assert all(u.startswith("/b/assets/img/generated/big-") and u.endswith(".webp") for u, _ in webp)
    fallback = [c.split() for c in attr(img, "srcset").split(", ")]
    assert [w for _, w in fallback] == ["480w", "800w", "1200w", "1600w"]
    assert fallback[-1][0] == "/b/assets/img/big.jpg"  # the original serves its own width
    assert all(u.endswith(".jpg") for u, _ in fallback)
    assert attr(img, "src") == "/b/assets/img/big.jpg"
    assert (attr(img, "width"), attr(img, "height")) == ("1600", "1000")
    assert attr(img, "alt") == "A &amp; B" and attr(img, "class") == "photo wide"
    assert attr(img, "loading") == "lazy" and attr(img, "decoding") == "async"
    assert attr(img, "sizes") == "50vw" and attr(source, "sizes") == "50vw"
    for url, width in webp + fallback[:-1]:
        path = out / url.removeprefix("/b/")
        with Image.open(path) as made:
            assert made.format == ("WEBP" if url.endswith(".webp") else "JPEG")
            assert made.width == int(width[:-1])
            assert abs(made.height - made.width * 1000 / 1600) <= 1


def test_variables_small_images_and_png(tmp_path):
    src = make_site(tmp_path / "src", {"index.md": (
        "---\nimage: assets/img/small.jpg\n---\n"
        "{% responsive_image {{ page.image }} alt=page.title %}\n\n"
        "{% assign logo = 'assets/img/logo.png' %}{% responsive_image {{ logo }} alt=\"Logo\" loading=\"eager\" %}\n")})
    out = tmp_path / "out"
    build(src, out)
    small, logo = pictures((out / "index.html").read_text())
    assert re.search(r'srcset="/assets/img/generated/small-300-\w+\.webp 300w"', small)
    assert 'width="300" height="200"' in small and 'alt=""' in small
    assert 'loading="eager"' in logo and 'width="1000" height="500"' in logo
    webp = re.search(r'<source[^>]*srcset="([^"]+)"', logo).group(1)
    with Image.open(out / webp.split(", ")[0].split()[0].lstrip("/")) as made:
        assert made.mode == "RGBA"  # transparency kept


def test_exif_orientation_is_applied(tmp_path):
    src = make_site(tmp_path / "src", {"index.html": "---\n---\n{% responsive_image assets/img/turned.jpg %}\n"})
    out = tmp_path / "out"
    build(src, out)
    (picture,) = pictures((out / "index.html").read_text())
    img = re.search(r"<img[^>]*>", picture).group(0)
    assert (attr(img, "width"), attr(img, "height")) == ("450", "900")  # turned upright
    assert attr(img, "src").startswith("/assets/img/generated/turned-450-")  # an upright copy
    with Image.open(out / attr(img, "src").lstrip("/")) as made:
        assert made.size == (450, 900)


def test_svg_gif_url_and_missing_files_get_a_plain_img(tmp_path, capsys):
    src = make_site(tmp_path / "src", {"index.html": (
        "---\ntitle: x\n---\n\n"
        "{% responsive_image assets/img/icon.svg alt=\"Icon\" %}\n"
        "{% responsive_image assets/img/anim.gif alt=\"Anim\" %}\n"
        "{% responsive_image https://example.org/x.jpg alt=\"Remote\" %}\n"
        "{% responsive_image assets/img/nope.jpg alt=\"Missing\" %}\n")})
    out = tmp_path / "out"
    build(src, out)
    html = (out / "index.html").read_text()
    assert not pictures(html)
    assert '<img src="/assets/img/icon.svg" alt="Icon" loading="lazy" decoding="async">' in html
    assert '<img src="/assets/img/anim.gif" alt="Anim"' in html
    assert '<img src="https://example.org/x.jpg" alt="Remote"' in html
    assert '<img src="/assets/img/nope.jpg" alt="Missing"' in html
    assert "index.html:8:4: warning: image 'assets/img/nope.jpg' not found" in capsys.readouterr().err


def test_second_build_does_no_image_work(tmp_path, monkeypatch):
    src = make_site(tmp_path / "src", {"index.html": (
        "---\n---\n{% responsive_image assets/img/big.jpg alt=\"x\" %}"
        "{% responsive_image assets/img/turned.jpg alt=\"y\" %}\n")})
    out = tmp_path / "out"
    build(src, out)
    cached = sorted((src / CACHE).glob("*.*"))
    assert any(p.suffix == ".webp" for p in cached) and any(p.suffix == ".json" for p in cached)
    mtimes = {p: p.stat().st_mtime_ns for p in cached}
    first = {p.name: p.read_bytes() for p in (out / "assets/img/generated").iterdir()}

    def no_pillow(*args, **kwargs):
        raise AssertionError("Pillow opened an image on a cached build")
    monkeypatch.setattr(Image, "open", no_pillow)
    for _ in range(2):  # the page itself comes from the render cache the second time
        build(src, out)
        assert {p: p.stat().st_mtime_ns for p in cached} == mtimes
        again = {p.name: p.read_bytes() for p in (out / "assets/img/generated").iterdir()}
        assert again == first
    # A page that starts using a cached image needs no Pillow either.
    (src / "other.html").write_text("---\n---\n{% responsive_image assets/img/big.jpg %}\n")
    build(src, out)
    assert "big-480-" in (out / "other.html").read_text()


def test_changed_image_gets_new_files(tmp_path):
    src = make_site(tmp_path / "src", {"index.html": "---\n---\n{% responsive_image assets/img/big.jpg %}\n"})
    out = tmp_path / "out"
    build(src, out)
    before = set(p.name for p in (out / "assets/img/generated").iterdir())
    (src / "assets/img/big.jpg").write_bytes(jpeg(1000, 1000))
    build(src, out)
    html = (out / "index.html").read_text()
    after = set(p.name for p in (out / "assets/img/generated").iterdir())
    assert 'width="1000" height="1000"' in html
    assert before.isdisjoint(after)  # new hash in the names; the old files are gone


def test_bad_markup_is_an_error(tmp_path, capsys):
    src = make_site(tmp_path / "src", {"index.html": "---\n---\n{% responsive_image assets/img/big.jpg alt %}\n"})
    assert main(["build", "-s", str(src), "-d", str(tmp_path / "out")]) not in (0, None)
    err = capsys.readouterr().err
    assert re.search(r"index.html:3:\d+: .*invalid responsive_image parameters 'alt'", err), err


# ---------------------------------------------------------------- the theme

@pytest.fixture(scope="module")
def al_folio(tmp_path_factory):
    root = tmp_path_factory.mktemp("al-folio")
    src = root / "src"
    shutil.copytree(THEME_SITES / "al-folio", src, ignore=shutil.ignore_patterns(".scholarsite-cache"))
    build(src, root / "out")
    return src, root / "out"


def test_about_profile_picture_is_responsive_and_above_the_fold(al_folio):
    src, out = al_folio
    html = (out / "index.html").read_text()
    profile = re.search(r'<div class="profile profile-right">(.*?)</div>', html, re.S).group(1)
    (picture,) = pictures(profile)
    img = re.search(r"<img[^>]*>", picture).group(0)
    assert attr(img, "class") == "profile-image"
    assert attr(img, "src") == "/assets/img/graduation.jpg" and attr(img, "alt") == "Robin Zhao"
    assert (attr(img, "width"), attr(img, "height")) == ("480", "600")
    assert attr(img, "loading") == "eager" and attr(img, "fetchpriority") == "high"
    webp = re.search(r'<source type="image/webp" srcset="(/assets/img/generated/graduation-480-\w+\.webp) 480w"',
                     picture).group(1)
    original = (src / "assets/img/graduation.jpg").stat().st_size
    assert (out / webp.lstrip("/")).stat().st_size < original


def test_project_cards_use_pictures(al_folio):
    _, out = al_folio
    html = (out / "projects" / "index.html").read_text()
    cards = re.findall(r'<img[^>]*class="card-img"[^>]*>', html)
    assert cards and all('alt=""' in c and 'loading="lazy"' in c and "srcset=" in c for c in cards)


def test_circular_profile_and_switch_off(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(THEME_SITES / "al-folio", src, ignore=shutil.ignore_patterns(".scholarsite-cache"))
    about = next(p for p in (src / "_pages").glob("about.*"))
    text = about.read_text()
    about.write_text(text.replace("align: right", "align: left", 1)
                     .replace("image_cicular: false", "image_cicular: true", 1))
    out = tmp_path / "out"
    build(src, out)
    html = (out / "index.html").read_text()
    assert '<div class="profile profile-left">' in html
    assert re.search(r'<img src="/assets/img/graduation.jpg" alt="Robin Zhao" srcset="[^"]+" '
                     r'sizes="[^"]+" width="480" height="600" class="profile-image circular"', html)
    (src / "_config.yml").write_text((src / "_config.yml").read_text()
                                     + "\nscholarsite:\n  responsive_images: false\n")
    build(src, out)
    html = (out / "index.html").read_text()
    assert "<picture" not in html and not (out / "assets/img/generated").exists()
    assert ('<img class="profile-image circular" src="/assets/img/graduation.jpg" alt="Robin Zhao" '
            'loading="eager" fetchpriority="high">') in html


def test_sidebar_and_homepage_avatars(tmp_path):
    for name, page in (("acadhomepage", "index.html"), ("minimal-light", "index.html")):
        src = tmp_path / name
        shutil.copytree(THEME_SITES / name, src, ignore=shutil.ignore_patterns(".scholarsite-cache"))
        out = tmp_path / f"{name}-out"
        build(src, out)
        html = (out / page).read_text()
        avatar = re.search(r'<img[^>]*class="avatar u-photo"[^>]*>', html).group(0)
        assert attr(avatar, "width") and attr(avatar, "height") and attr(avatar, "alt")
        assert "<picture" in html and 'type="image/webp"' in html
