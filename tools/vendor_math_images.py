"""Fetch the browser libraries of the bundled theme's pseudocode, diagram, image
comparison, slider and gallery support, at pinned versions, into
src/scholarsite/theme/assets/vendor/<lib>/.

    python tools/vendor_math_images.py [--typograms CHECKOUT]

Each npm package's tarball is downloaded from the npm registry, checked against the
``dist.integrity`` hash the registry's metadata gives for that version, and only the
files the theme serves are taken from it, with the package's licence text. Typograms
is not published on npm: the pinned commit of its repository is cloned from GitHub, or
taken from a checkout given with ``--typograms`` (``git show`` of the built
``docs/typograms.js`` and ``LICENSE``). Source-map comments are dropped (the maps are
not shipped), and so is pseudocode.min.css's ``@import`` of KaTeX's stylesheet from a
CDN (the theme serves its own KaTeX). Running it again with the same pins writes the
same files.
"""

from __future__ import annotations

import argparse
import io
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from npm_registry import verified_tarball

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "src" / "scholarsite" / "theme" / "assets" / "vendor"

# name, version, folder under assets/vendor, {path in the package: path in the folder}.
# The versions are those al-folio v1's al_math and al_img_tools load from their CDN
# (Swiper at the release that fixes CVE-2026-27212, as al_img_tools pins it).
PACKAGES = [
    ("pseudocode", "2.4.1", "pseudocode", {
        "build/pseudocode.min.js": "pseudocode.min.js",
        "build/pseudocode.min.css": "pseudocode.min.css",
        "LICENSE": "LICENSE",
    }),
    ("img-comparison-slider", "8.0.6", "img-comparison-slider", {
        "dist/index.js": "index.js",
        "dist/styles.css": "styles.css",
    }),
    ("swiper", "12.1.2", "swiper", {
        "swiper-element-bundle.min.js": "swiper-element-bundle.min.js",
        "LICENSE": "LICENSE",
    }),
    ("photoswipe", "5.4.4", "photoswipe", {
        "dist/photoswipe-lightbox.esm.min.js": "photoswipe-lightbox.esm.min.js",
        "dist/photoswipe.esm.min.js": "photoswipe.esm.min.js",
        "dist/photoswipe.css": "photoswipe.css",
        "LICENSE": "LICENSE",
    }),
    ("lightbox2", "2.11.5", "lightbox2", {
        "dist/js/lightbox-plus-jquery.min.js": "js/lightbox-plus-jquery.min.js",
        "dist/css/lightbox.min.css": "css/lightbox.min.css",
        "dist/images/close.png": "images/close.png",
        "dist/images/next.png": "images/next.png",
        "dist/images/prev.png": "images/prev.png",
        "dist/images/loading.gif": "images/loading.gif",
        "LICENSE": "LICENSE",
    }),
    ("spotlight.js", "0.7.8", "spotlight", {
        "dist/spotlight.bundle.js": "spotlight.bundle.js",
        "LICENSE": "LICENSE",
    }),
    ("venobox", "2.1.8", "venobox", {
        "dist/venobox.min.js": "venobox.min.js",
        "dist/venobox.min.css": "venobox.min.css",
        "LICENSE": "LICENSE",
    }),
]

# img-comparison-slider's npm package has no licence file; its package.json says MIT
# and its repository's LICENSE holds the notice written here.
IMG_COMPARISON_LICENSE = """\
img-comparison-slider 8.0.6 (https://github.com/sneas/img-comparison-slider), from npm.
Its package.json declares the MIT licence; the package carries no licence file, so the
notice of the project's repository is reproduced here.

MIT License

Copyright (c) 2019 Dmytro Snisarenko

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
"""

TYPOGRAMS = ("https://github.com/google/typograms",
             "09def8839817084b4b77edeb0336c04d9fdcdaa9")


def without_source_map(data: bytes) -> bytes:
    """A script or stylesheet without its ``sourceMappingURL`` comment: the maps are not
    shipped, so the comment would only name a file that is not there."""
    lines = data.split(b"\n")
    kept = [line for line in lines
            if not re.match(rb"\s*(//# sourceMappingURL=\S+|/\*# sourceMappingURL=\S+ \*/)\s*$",
                            line)]
    return b"\n".join(kept) if len(kept) != len(lines) else data


def vendor_package(name: str, version: str, folder: str, files: dict[str, str]) -> None:
    data = verified_tarball(name, version)
    out = VENDOR / folder
    shutil.rmtree(out, ignore_errors=True)
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        members = {m.name.removeprefix("package/"): m for m in archive.getmembers()
                   if m.isfile()}
        for source, target in files.items():
            if source not in members:
                sys.exit(f"{name}@{version}: the package has no {source}")
            path = out / target
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(without_source_map(archive.extractfile(members[source]).read()))
    if name == "img-comparison-slider":
        (out / "LICENSE").write_text(IMG_COMPARISON_LICENSE)
    if name == "pseudocode":
        # its stylesheet @imports KaTeX's from a CDN; the theme serves its own KaTeX
        css = out / "pseudocode.min.css"
        text, count = re.subn(r"@import url\([^)]*katex[^)]*\);", "", css.read_text("utf-8"))
        if count != 1:
            sys.exit(f"{name}@{version}: expected one KaTeX @import in pseudocode.min.css")
        css.write_text(text, "utf-8")
    print(f"{name}@{version} -> {out.relative_to(ROOT)}")


def vendor_typograms(checkout: str | None, work: Path) -> None:
    url, commit = TYPOGRAMS
    if checkout is None:
        checkout = str(work / "typograms.git")
        subprocess.run(["git", "clone", "--quiet", "--bare", url, checkout], check=True)
    out = VENDOR / "typograms"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    for source, target in (("docs/typograms.js", "typograms.js"), ("LICENSE", "LICENSE")):
        blob = subprocess.run(["git", "-C", checkout, "show", f"{commit}:{source}"],
                              check=True, capture_output=True).stdout
        (out / target).write_bytes(blob)
    print(f"typograms@{commit[:7]} -> {out.relative_to(ROOT)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--typograms", metavar="CHECKOUT",
                        help="a git checkout of google/typograms holding the pinned commit")
    args = parser.parse_args()
    for name, version, folder, files in PACKAGES:
        vendor_package(name, version, folder, files)
    with tempfile.TemporaryDirectory() as tmp:
        vendor_typograms(args.typograms, Path(tmp))
    return 0


if __name__ == "__main__":
    sys.exit(main())
