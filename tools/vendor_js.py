"""Fetch the chart, diagram, map and diff libraries the bundled theme serves, at pinned
versions, into src/scholarsite/theme/assets/vendor/<name>/.

    python tools/vendor_js.py [NAME ...]

Each package's tarball is downloaded from registry.npmjs.org, checked against the
``dist.integrity`` (SRI sha512) of the registry's metadata for that version, and only
the files listed below are extracted, with the package's licence text. Running it again
with the same pins writes the same files. With names, only those packages are fetched.
"""

from __future__ import annotations

import argparse
import io
import shutil
import sys
import tarfile
from pathlib import Path

from npm_registry import verified_tarball

OUT = Path(__file__).resolve().parent.parent / "src" / "scholarsite" / "theme" / "assets" / "vendor"

# folder under vendor/ -> (npm package, version, {file in the package: file written})
PACKAGES = {
    "mermaid": ("mermaid", "11.17.2", {"dist/mermaid.min.js": "mermaid.min.js"}),
    "d3": ("d3", "7.9.0", {"dist/d3.min.js": "d3.min.js"}),  # mermaid: {zoomable: true}
    "chartjs": ("chart.js", "4.6.1", {"dist/chart.umd.min.js": "chart.umd.min.js"}),
    "echarts": ("echarts", "6.1.0", {"dist/echarts.min.js": "echarts.min.js"}),
    "plotly": ("plotly.js-dist-min", "4.1.2", {"plotly.min.js": "plotly.min.js"}),
    "vega": ("vega", "6.4.0", {"build/vega.min.js": "vega.min.js"}),
    "vega-lite": ("vega-lite", "6.5.0", {"build/vega-lite.min.js": "vega-lite.min.js"}),
    "vega-embed": ("vega-embed", "7.3.0", {"build/vega-embed.min.js": "vega-embed.min.js"}),
    "leaflet": ("leaflet", "1.9.4", {"dist/leaflet.js": "leaflet.js",
                                     "dist/leaflet.css": "leaflet.css",
                                     "dist/images/layers.png": "images/layers.png",
                                     "dist/images/layers-2x.png": "images/layers-2x.png",
                                     "dist/images/marker-icon.png": "images/marker-icon.png",
                                     "dist/images/marker-icon-2x.png": "images/marker-icon-2x.png",
                                     "dist/images/marker-shadow.png": "images/marker-shadow.png"}),
    "diff2html": ("diff2html", "3.4.56", {"bundles/js/diff2html-ui-slim.min.js": "diff2html-ui-slim.min.js",
                                         "bundles/css/diff2html.min.css": "diff2html.min.css"}),
}
LICENSES = ("LICENSE", "LICENSE.md", "LICENSE.txt", "LICENSE-MIT", "license")


def vendor(folder: str) -> None:
    package, version, files = PACKAGES[folder]
    data = verified_tarball(package, version)
    target = OUT / folder
    if target.exists():
        shutil.rmtree(target)
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        members = {m.name.split("/", 1)[1]: m for m in archive.getmembers()
                   if m.isfile() and "/" in m.name}
        for source, written in files.items():
            if source not in members:
                raise SystemExit(f"{package}@{version} has no {source}")
            path = target / written
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(archive.extractfile(members[source]).read())
        licence = next((members[n] for n in LICENSES if n in members), None)
        if licence is None:
            raise SystemExit(f"{package}@{version} has no licence file")
        (target / "LICENSE").write_bytes(archive.extractfile(licence).read())
    size = sum(p.stat().st_size for p in target.rglob("*") if p.is_file())
    print(f"{folder}: {package}@{version}, {size // 1024} KB")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", metavar="NAME",
                        help=f"only these folders (default: all): {', '.join(PACKAGES)}")
    args = parser.parse_args()
    unknown = [name for name in args.names if name not in PACKAGES]
    if unknown:
        parser.error(f"no package is vendored as {', '.join(unknown)}")
    for folder in args.names or PACKAGES:
        vendor(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
