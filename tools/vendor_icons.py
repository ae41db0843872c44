"""Fetch the icon fonts the bundled theme subsets, at pinned versions, into
src/scholarsite/icons/.

    python tools/vendor_icons.py [--scholar-icons CHECKOUT]

Font Awesome Free and Academicons come from npm (``npm pack NAME@VERSION`` in a temporary
folder). Scholar Icons is not on npm: its tag is cloned from GitHub, or taken from a
checkout given with ``--scholar-icons`` (``git archive`` of the pinned tag). It writes the
fonts as woff2 (Academicons and Scholar Icons ship none, so their TTF is converted with
fontTools), each package's license text, and one compact ``icons.json`` mapping every
class name to its code point (from Font Awesome's ``metadata/icons.yml``, the others'
stylesheets, read with tinycss2). Running it again with the same pins writes the same
files.
"""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import tinycss2
import yaml
from fontTools.ttLib import TTFont

FONT_AWESOME = "@fortawesome/fontawesome-free@7.2.0"
ACADEMICONS = "academicons@1.9.5"
SCHOLAR_ICONS = ("https://github.com/louisfacun/scholar-icons", "v1.0.3")
OUT = Path(__file__).resolve().parent.parent / "src" / "scholarsite" / "icons"

# Font Awesome Free's styles and the font file that draws each.
FA_FONTS = {"solid": "fa-solid-900.woff2", "regular": "fa-regular-400.woff2",
            "brands": "fa-brands-400.woff2"}


def npm_pack(spec: str, work: Path) -> Path:
    name = subprocess.run(["npm", "pack", spec, "--silent"], cwd=work, check=True,
                          capture_output=True, text=True).stdout.split()[-1]
    folder = work / name.removesuffix(".tgz")
    with tarfile.open(work / name) as archive:
        archive.extractall(folder, filter="data")
    return folder / "package"


def codepoints(font: Path) -> set[int]:
    return set(TTFont(font).getBestCmap())


def font_awesome(package: Path) -> dict:
    for style, name in FA_FONTS.items():
        (OUT / f"fa-{style}.woff2").write_bytes((package / "webfonts" / name).read_bytes())
    drawn = {style: codepoints(OUT / f"fa-{style}.woff2") for style in FA_FONTS}
    meta = yaml.safe_load((package / "metadata" / "icons.yml").read_text("utf-8"))
    icons: dict[str, list] = {}
    aliases: dict[str, str] = {}
    for name, icon in sorted(meta.items(), key=lambda item: str(item[0])):
        name, point = str(name), int(str(icon["unicode"]), 16)
        styles = [s for s in FA_FONTS if s in icon.get("styles", ()) and point in drawn[s]]
        if not styles:
            continue
        icons[name] = [point, "".join(s[0] for s in styles)]  # s, r, b
        for alias in (icon.get("aliases") or {}).get("names") or ():
            aliases[str(alias)] = name
    version = json.loads((package / "package.json").read_text("utf-8"))["version"]
    return {"version": version, "icons": icons,
            "aliases": {a: n for a, n in sorted(aliases.items()) if a not in icons}}


def stylesheet_icons(sheet: str, prefix: str, drawn: set[int]) -> dict[str, int]:
    """``.PREFIX-NAME:before { content: "X" }`` rules: NAME -> code point of X."""
    icons: dict[str, int] = {}
    for rule in tinycss2.parse_stylesheet(sheet, skip_comments=True, skip_whitespace=True):
        if rule.type != "qualified-rule":
            continue
        selector = tinycss2.serialize(rule.prelude).strip()
        if not (selector.startswith(f".{prefix}-") and selector.endswith(":before")):
            continue
        for decl in tinycss2.parse_blocks_contents(rule.content, skip_comments=True,
                                                   skip_whitespace=True):
            if decl.type == "declaration" and decl.lower_name == "content":
                strings = [t.value for t in decl.value if t.type == "string"]
                if strings and len(strings[0]) == 1 and ord(strings[0]) in drawn:
                    icons[selector[len(prefix) + 2:-len(":before")]] = ord(strings[0])
    return dict(sorted(icons.items()))


def converted(ttf: Path, name: str) -> set[int]:
    """Write the TTF as OUT/name (woff2); the code points it draws."""
    font = TTFont(ttf, recalcTimestamp=False)
    font.flavor = "woff2"
    font.save(OUT / name)
    return codepoints(OUT / name)


def academicons(package: Path) -> dict:
    drawn = converted(package / "fonts" / "academicons.ttf", "academicons.woff2")
    sheet = (package / "css" / "academicons.css").read_text("utf-8")
    version = json.loads((package / "package.json").read_text("utf-8"))["version"]
    return {"version": version, "icons": stylesheet_icons(sheet, "ai", drawn)}


def scholar_icons(package: Path) -> dict:
    drawn = converted(package / "fonts" / "scholar-icons.ttf", "scholar-icons.woff2")
    sheet = (package / "css" / "scholar-icons.css").read_text("utf-8")
    # the tag's package.json still says 1.0.2; its fonts are those of 1.0.3
    return {"version": SCHOLAR_ICONS[1].removeprefix("v"),
            "icons": stylesheet_icons(sheet, "si", drawn)}


def git_tag(checkout: str | None, work: Path) -> Path:
    url, tag = SCHOLAR_ICONS
    if checkout is None:
        checkout = str(work / "scholar-icons.git")
        subprocess.run(["git", "clone", "--quiet", "--bare", "--depth", "1", "--branch", tag,
                        url, checkout], check=True)
    archive = subprocess.run(["git", "-C", checkout, "archive", "--format=tar", tag],
                             check=True, capture_output=True).stdout
    folder = work / "scholar-icons"
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    return folder


def license_section(readme: str) -> str:
    return readme[readme.index("# License"):].split("\n# ", 1)[0].strip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scholar-icons", metavar="CHECKOUT",
                        help="a git checkout of Scholar Icons holding the pinned tag")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        fa = npm_pack(FONT_AWESOME, work)
        ai = npm_pack(ACADEMICONS, work)
        si = git_tag(args.scholar_icons, work)
        maps = {"fontawesome": font_awesome(fa), "academicons": academicons(ai),
                "scholar-icons": scholar_icons(si)}
        (OUT / "LICENSE-fontawesome.txt").write_text((fa / "LICENSE.txt").read_text("utf-8"))
        # Academicons' terms: the README's summary, then the font's own license record
        # (its copyright, reserved name and the SIL OFL 1.1 text).
        record = TTFont(ai / "fonts" / "academicons.ttf")["name"].getDebugName(13)
        (OUT / "LICENSE-academicons.txt").write_text(
            f"{license_section((ai / 'README.md').read_text('utf-8'))}\n\n"
            f"Copyright (c) {record}\n")
        # Scholar Icons states its terms in its README only; the OFL's text is the same
        # as the one Academicons carries.
        ofl = record[record.index("-----"):]
        package = json.loads((si / "package.json").read_text("utf-8"))
        (OUT / "LICENSE-scholar-icons.txt").write_text(
            f"{license_section((si / 'README.md').read_text('utf-8'))}\n\n"
            f"Copyright (c) {package['author']} ({package['homepage']})\n\n{ofl}\n")
    (OUT / "icons.json").write_text(json.dumps(maps, separators=(",", ":")) + "\n")
    for name, data in maps.items():
        print(f"{name} {data['version']}: {len(data['icons'])} icons")
    return 0


if __name__ == "__main__":
    sys.exit(main())
