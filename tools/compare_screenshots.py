#!/usr/bin/env python3
"""Screenshots of the same pages of two builds of one site, side by side.

    python tools/compare_screenshots.py OURS THEIRS OUT_DIR [--pages REL ...] [--width 1280]

OURS and THEIRS are built sites (scholarsite's output and, say, the site's published
gh-pages tree). Each is served from its own port on 127.0.0.1 and every page is opened
in the Debian chromium; requests to any other host are blocked for both, so the two
pictures are taken under the same offline conditions. OUT_DIR gets, per page, one PNG
with scholarsite's rendering on the left and the other on the right (the first 2400 px
of each), and the script prints the share of pixels that differ between the two.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw

sys.path.insert(0, str(Path(__file__).resolve().parent))
from screenshots import chromium, serve, settle  # noqa: E402

MAX_HEIGHT = 2400
GAP = 16


def shoot(browser, root: Path, pages: list[str], width: int, out: Path, tag: str) -> dict:
    shots = {}
    with serve(root) as base:
        context = browser.new_context(viewport={"width": width, "height": 900},
                                      device_scale_factor=1, color_scheme="light")
        context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(base)
                      else r.abort())
        page = context.new_page()
        for rel in pages:
            page.goto(f"{base}/{rel}", wait_until="load")
            settle(page)
            path = out / f".{tag}-{rel.replace('/', '_')}.png"
            page.screenshot(path=str(path), full_page=True)
            shots[rel] = path
        context.close()
    return shots


def side_by_side(left: Path, right: Path, target: Path) -> float:
    a, b = Image.open(left).convert("RGB"), Image.open(right).convert("RGB")
    a, b = (im.crop((0, 0, im.width, min(im.height, MAX_HEIGHT))) for im in (a, b))
    height = max(a.height, b.height)
    canvas = Image.new("RGB", (a.width + GAP + b.width, height), "white")
    canvas.paste(a, (0, 0))
    canvas.paste(b, (a.width + GAP, 0))
    ImageDraw.Draw(canvas).rectangle((a.width, 0, a.width + GAP - 1, height), fill="#d33")
    canvas.save(target)
    common = (min(a.width, b.width), min(a.height, b.height))
    diff = ImageChops.difference(a.crop((0, 0, *common)), b.crop((0, 0, *common)))
    changed = sum(1 for px in diff.getdata() if max(px) > 24)
    return changed / (common[0] * common[1]) if common[0] * common[1] else 1.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("ours", type=Path)
    parser.add_argument("theirs", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--pages", nargs="+", default=["index.html"])
    parser.add_argument("--width", type=int, default=1280)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with chromium() as browser:
        ours = shoot(browser, args.ours, args.pages, args.width, args.out, "ours")
        theirs = shoot(browser, args.theirs, args.pages, args.width, args.out, "theirs")
    for rel in args.pages:
        target = args.out / (rel.replace("/", "_").removesuffix(".html") + ".png")
        share = side_by_side(ours[rel], theirs[rel], target)
        ours[rel].unlink()
        theirs[rel].unlink()
        print(f"{target}: {share:.1%} of pixels differ (scholarsite left, reference right)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
