"""Icon fonts for the bundled theme (the job of al-folio v1's ``al_icons``).

Content, news items and pages write Font Awesome, Academicons and Scholar Icons icons as
classes: ``<i class="fa-solid fa-envelope">``, ``fas``, ``fa-brands``/``fab``,
``fa-regular``/``far``, ``fa``, ``<i class="ai ai-google-scholar">`` and
``<i class="si si-leetcode">``. al_icons links their stylesheets from CDNs on every
page; here, after every page has rendered, the classes the pages really use are
collected, the fonts vendored in ``scholarsite/icons/`` (``tools/vendor_icons.py``) are
cut down to those glyphs with fontTools, and a small stylesheet naming only them is
written to ``assets/css/icons-HASH.css`` with the fonts in ``assets/fonts/``. Only pages that show an icon link it: the theme's ``<head>``
leaves a marker (``site.scholarsite.icons``) that becomes the ``<link>`` or nothing.

The cut fonts are kept under ``.scholarsite-cache/icons/`` by the font and the set of
glyphs, so a build that shows the same icons does no font work. A class that names no
icon gets one warning (it shows nothing, as with the sets' own stylesheets).
"""

from __future__ import annotations

import functools
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

from scholarsite.cache import digest
from scholarsite.errors import more_pages
from scholarsite.plugins.registry import Plugin

MARKER = "<!--scholarsite:icons-->"
VENDOR = Path(__file__).resolve().parent.parent / "icons"
CACHE_SUBDIR = "icons"
CUT = "cut-1"  # changes when the way fonts are cut does, and voids the cached ones

# The class that chooses a font, and the font it chooses. ``fa`` alone is Font Awesome's
# older spelling: solid, or brands for a brand's name.
STYLE_CLASSES = {"fa-solid": "solid", "fas": "solid", "fa-regular": "regular",
                 "far": "regular", "fa-brands": "brands", "fab": "brands", "fa": "solid",
                 "ai": "academicons", "si": "scholar-icons"}
FONTS = {"solid": "fa-solid.woff2", "regular": "fa-regular.woff2",
         "brands": "fa-brands.woff2", "academicons": "academicons.woff2",
         "scholar-icons": "scholar-icons.woff2"}
LICENSES = {"solid": "fontawesome", "regular": "fontawesome", "brands": "fontawesome",
            "academicons": "academicons", "scholar-icons": "scholar-icons"}
SETS = {"fa": ("Font Awesome Free", "fontawesome"), "ai": ("Academicons", "academicons"),
        "si": ("Scholar Icons", "scholar-icons")}
# The sets whose one class names the font and ``PREFIX-NAME`` the icon.
PREFIXED = {"ai": "academicons", "si": "scholar-icons"}

# Font Awesome's classes that change how an icon looks rather than which it is.
SIZES = {"2xs": 10, "xs": 12, "sm": 14, "lg": 20, "xl": 24, "2xl": 32}
MODIFIERS = {
    **{f"fa-{n}x": f"font-size:{n}em" for n in range(1, 11)},
    **{f"fa-{name}": (f"font-size:{px / 16:g}em;line-height:{1 / px:.4g}em;"
                      f"vertical-align:{(6 / px - 0.375):.4g}em")
       for name, px in SIZES.items()},
    "fa-fw": "width:1.25em", "fa-width-auto": "width:auto",
    "fa-border": "border:.08em solid #eee;border-radius:.1em;padding:.2em .25em .15em",
    "fa-pull-left": "float:left;margin-right:.3em", "fa-pull-right": "float:right;margin-left:.3em",
    "fa-rotate-90": "transform:rotate(90deg)", "fa-rotate-180": "transform:rotate(180deg)",
    "fa-rotate-270": "transform:rotate(270deg)", "fa-flip-horizontal": "transform:scale(-1,1)",
    "fa-flip-vertical": "transform:scale(1,-1)", "fa-flip-both": "transform:scale(-1,-1)",
    "fa-spin": "animation:scholarsite-spin 2s linear infinite",
    "fa-spin-pulse": "animation:scholarsite-spin 1s steps(8) infinite",
    "fa-pulse": "animation:scholarsite-spin 1s steps(8) infinite",
    # Academicons' own
    "ai-fw": "width:1.28571429em;text-align:center", "ai-lg": "font-size:1.33333333em;"
    "line-height:.75em;vertical-align:-15%",
    **{f"ai-{n}x": f"font-size:{n}em" for n in range(2, 6)},
    **{f"si-{n}x": f"font-size:{n}em" for n in range(1, 9)},  # Scholar Icons' own
}
# Classes of the sets' that are neither an icon nor a look written above (stacks,
# lists, animations this stylesheet leaves still): not worth a warning.
QUIET = {"fa-classic", "fa-sharp", "fa-ul", "fa-li", "fa-stack", "fa-stack-1x",
         "fa-stack-2x", "fa-inverse", "fa-beat", "fa-fade", "fa-beat-fade", "fa-bounce",
         "fa-shake", "fa-flip", "fa-spin-reverse", "fa-swap-opacity", "fa-layers",
         "fa-layers-text", "fa-layers-counter", "ai-border", "ai-pull-left", "ai-pull-right"}
LETTERS = {"s": "solid", "r": "regular", "b": "brands"}
FAMILY = {style: f"scholarsite-{style}" for style in FONTS}


def enabled(site) -> bool:
    flags = site.config.get("scholarsite")
    return not (isinstance(flags, dict) and flags.get("icons") is False)


def offer_marker(site) -> None:
    """Let the theme's ``<head>`` leave the marker (a site may turn this off with
    ``scholarsite: {icons: false}``)."""
    flags = site.config.setdefault("scholarsite", {})
    if isinstance(flags, dict) and flags.get("icons") is not False:
        flags["icons"] = MARKER


@functools.cache
def icon_maps() -> dict:
    return json.loads((VENDOR / "icons.json").read_text("utf-8"))


class IconFinder(HTMLParser):
    """The class lists of a page's elements that name an icon family."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, ...]] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "class" and value:
                classes = tuple(value.split())
                if any(c in STYLE_CLASSES for c in classes):
                    self.found.append(classes)

    handle_startendtag = handle_starttag


ROUGH = re.compile(r"\b(?:fa[srb]?|fa-solid|fa-regular|fa-brands|ai|si)\b")


def classes_in(html: str) -> list[tuple[str, ...]]:
    if not ROUGH.search(html):
        return []
    finder = IconFinder()
    finder.feed(html)
    finder.close()
    return finder.found


class Usage:
    """What the pages show: glyphs by font, and the CSS rules that draw them."""

    def __init__(self):
        self.glyphs: dict[str, set[int]] = {}
        self.rules: dict[str, str] = {}  # selector -> declarations
        self.modifiers: set[str] = set()
        self.unknown: dict[str, list] = {}  # class -> the documents that use it

    def add(self, classes: tuple[str, ...], page) -> bool:
        """Take one element's classes; True when it shows an icon."""
        shown = False
        maps = icon_maps()
        styles = [STYLE_CLASSES[c] for c in classes if c in STYLE_CLASSES]
        for prefix, font in PREFIXED.items():
            if font not in styles:
                continue
            for c in classes:
                if c.startswith(f"{prefix}-") and c not in MODIFIERS and c not in QUIET:
                    point = maps[font]["icons"].get(c[len(prefix) + 1:])
                    if point is None:
                        self.unknown.setdefault(c, []).append(page)
                        continue
                    self.use(font, point, f".{prefix}.{c}::before")
                    shown = True
        fa_styles = [s for s in styles if s not in PREFIXED.values()]
        if fa_styles:
            fa = maps["fontawesome"]
            chosen = fa_styles[0]
            for c in classes:
                if not c.startswith("fa-") or c in STYLE_CLASSES or c in MODIFIERS or c in QUIET:
                    continue
                name = fa["aliases"].get(c[3:], c[3:])
                icon = fa["icons"].get(name)
                if icon is None:
                    if not re.fullmatch(r"fa-(?:rotate-by|\d+x|flip-\w+)", c):
                        self.unknown.setdefault(c, []).append(page)
                    continue
                point, letters = icon
                drawn = [LETTERS[letter] for letter in letters]
                style = chosen if chosen in drawn else drawn[0]
                if style != chosen:
                    # drawn only in another font (fa-github under fa): that font, for this
                    # pair of classes only
                    style_class = next(k for k in classes if STYLE_CLASSES.get(k) == chosen)
                    self.rules[f".{style_class}.{c}"] = f"font-family:{FAMILY[style]}"
                selector = f".{c}::before"  # a name has one code point in every style
                self.use(style, point, selector)
                shown = True
        if shown:
            self.modifiers.update(c for c in classes if c in MODIFIERS)
        return shown

    def use(self, font: str, point: int, selector: str) -> None:
        self.glyphs.setdefault(font, set()).add(point)
        self.rules[selector] = f'content:"\\{point:x}"'


def subset_font(site, font: str, points: set[int]) -> bytes:
    """The vendored font cut down to ``points``, from the cache when it was cut before."""
    source = VENDOR / FONTS[font]
    key = digest(CUT, source.name, str(source.stat().st_size),
                 ",".join(map(str, sorted(points))))
    cached = site.cache_folder / CACHE_SUBDIR / f"{key}.woff2" if site.cache_folder else None
    if cached is not None:
        try:
            return cached.read_bytes()
        except OSError:
            pass
    data = cut(source, tuple(sorted(points)), FAMILY[font])
    if cached is not None:
        from scholarsite.images import write_atomic
        write_atomic(cached, data)
    return data


@functools.cache
def cut(source: Path, points: tuple[int, ...], family: str) -> bytes:
    from fontTools import subset
    from fontTools.ttLib import TTFont
    font = TTFont(source, recalcTimestamp=False)
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = []
    options.hinting = False
    options.name_IDs = [0, 14]  # the copyright and the license's address (its text is a
    # file beside the fonts); the names are set below
    options.notdef_outline = False
    options.drop_tables += ["FFTM"]  # FontForge's timestamps (Academicons)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=points)
    subsetter.subset(font)
    # A cut font is a modified version: under the SIL OFL it does not carry the
    # original's reserved name.
    names = font["name"]
    for name_id, text in ((1, family), (2, "Regular"), (4, family), (6, family)):
        names.setName(text, name_id, 3, 1, 0x409)
    out = io.BytesIO()
    font.flavor = "woff2"
    font.save(out)
    return out.getvalue()


def line_of(doc, cls: str) -> int | None:
    """The line of the document's source that writes the class, if it is there (the
    class may come from a layout or a news item instead)."""
    text = doc.source_text or ""
    found = re.search(rf"(?<![\w-]){re.escape(cls)}(?![\w-])", text)
    return text.count("\n", 0, found.start()) + 1 if found else None


def stylesheet(usage: Usage, fonts: dict[str, str]) -> str:
    """The CSS: one @font-face per font in use, the base rule, the icons and looks used."""
    parts = []
    for font, url in sorted(fonts.items()):
        parts.append(f'@font-face{{font-family:{FAMILY[font]};font-style:normal;'
                     f'font-weight:400;font-display:block;src:url("{url}") format("woff2")}}')
    fa = sorted(c for c, s in STYLE_CLASSES.items() if s in fonts and c not in PREFIXED)
    if "solid" in fonts or "brands" in fonts:  # fa may fall back to brands
        fa = sorted(set(fa) | {"fa"})
    base = [f".{c}" for c in fa] + [f".{c}" for c, font in PREFIXED.items() if font in fonts]
    parts.append(f"{','.join(base)}{{display:inline-block;font-style:normal;font-variant:normal;"
                 "font-weight:400;line-height:1;text-rendering:auto;font-synthesis:none;"
                 "-webkit-font-smoothing:antialiased;-moz-osx-font-smoothing:grayscale}")
    if fa:
        parts.append(f"{','.join(f'.{c}' for c in fa)}{{text-align:center;width:1.25em}}")
    for font in fonts:
        classes = [c for c, s in STYLE_CLASSES.items() if s == font]
        parts.append(f"{','.join(f'.{c}' for c in classes)}{{font-family:{FAMILY[font]}}}")
    for selector, rule in sorted(usage.rules.items()):
        parts.append(f"{selector}{{{rule}}}")
    for modifier in sorted(usage.modifiers):
        parts.append(f".{modifier}{{{MODIFIERS[modifier]}}}")
    if any("scholarsite-spin" in MODIFIERS[m] for m in usage.modifiers):
        parts.append("@keyframes scholarsite-spin{to{transform:rotate(360deg)}}"
                     "@media (prefers-reduced-motion:reduce){.fa-spin,.fa-spin-pulse,"
                     ".fa-pulse{animation:none}}")
    return "\n".join(parts) + "\n"


def finish_icons(site) -> None:
    """After rendering: collect the icons of the pages that carry the marker, write the
    fonts and the stylesheet, and turn each marker into its ``<link>`` or nothing."""
    if not enabled(site) or not site.uses_theme_layouts:
        return
    usage = Usage()
    marked = []
    for doc in site.all_renderable():
        if not doc.write or doc.output_ext != ".html":
            continue
        output = doc.output
        if not output or MARKER not in output:
            continue
        shows = False
        for classes in classes_in(output):
            shows = usage.add(classes, doc) or shows
        marked.append((doc, shows))
    for cls, pages in sorted(usage.unknown.items()):
        others = len(set(pages)) - 1
        more = more_pages(others)
        name, key = SETS[cls.split("-", 1)[0]]
        site.reporter.warn(f"no icon is called {cls} in {name} "
                           f"{icon_maps()[key]['version']}: it shows nothing{more}",
                           pages[0].relative_path, line_of(pages[0], cls))
    link = ""
    if usage.glyphs:
        fonts = {}
        for font, points in usage.glyphs.items():
            data = subset_font(site, font, points)
            rel = f"assets/fonts/icons-{font}-{digest(data)[:10]}.woff2"
            site.generated_files[rel] = data
            fonts[font] = "../fonts/" + rel.rsplit("/", 1)[1]
            name = f"LICENSE-{LICENSES[font]}.txt"  # the SIL OFL goes with the fonts
            site.generated_files[f"assets/fonts/{name}"] = (VENDOR / name).read_bytes()
        css = stylesheet(usage, fonts).encode("utf-8")
        rel = f"assets/css/icons-{digest(css)[:10]}.css"
        site.generated_files[rel] = css
        baseurl = str(site.config.get("baseurl") or "").rstrip("/")
        link = f'<link rel="stylesheet" href="{baseurl}/{rel}">'
    for doc, shows in marked:
        output = doc.output.replace("\n" + MARKER, "\n" + link if shows and link else "", 1)
        doc.output = output.replace(MARKER, "")


PLUGIN = Plugin(
    name="al_icons",
    generators=(offer_marker,),
    finishers=(finish_icons,),
    config=("scholarsite.icons",),
)
