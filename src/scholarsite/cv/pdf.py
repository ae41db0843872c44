"""The CV as a PDF, typeset by Typst (the ``typst`` wheel: no LaTeX, no network) from
the same model as the page, with the template ``cv.typ`` beside this file or the site's
own (``cv_pdf: {template: ...}``). Kept in the cache folder by the content of its
inputs, so an unchanged CV is not typeset again."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from scholarsite import clock
from scholarsite.cv.markup import to_typst
from scholarsite.cv.model import CV
from scholarsite.cv.view import cv_view
from scholarsite.images import write_atomic

TEMPLATE = Path(__file__).with_name("cv.typ")
DEFAULTS = {"paper": "a4", "font": "Libertinus Serif", "font_size": "10pt",
            "color": "#1d4f91", "margin": "1.7cm"}
PAPERS = {"a4", "us-letter", "a5", "us-legal"}
compile_count = 0  # how many times Typst ran in this process (the tests read it)


class PDFError(Exception):
    pass


def options(config: dict) -> dict:
    found = dict(DEFAULTS)
    for key in DEFAULTS:
        if config.get(key) not in (None, ""):
            found[key] = str(config[key])
    if found["paper"] not in PAPERS:
        raise PDFError(f"cv_pdf.paper must be one of {', '.join(sorted(PAPERS))}, "
                       f"not {found['paper']!r}")
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", found["color"]):
        raise PDFError(f"cv_pdf.color must be written #RRGGBB, not {found['color']!r}")
    for key in ("font_size", "margin"):
        if not re.fullmatch(r"\d+(\.\d+)?(pt|mm|cm|in)", found[key]):
            raise PDFError(f"cv_pdf.{key} must be a length such as 10pt or 2cm, "
                           f"not {found[key]!r}")
    return found


def typeset(cv: CV, settings: dict, cache_folder: Path | None,
            template: Path | None = None) -> bytes:
    """The PDF's bytes; PDFError with Typst's own message if it cannot be made."""
    global compile_count
    import typst
    source = (template or TEMPLATE).read_bytes()
    document = json.dumps({"cv": cv_view(cv, to_typst), "options": options(settings)},
                          sort_keys=True, ensure_ascii=False)
    key = hashlib.sha256(source + b"\0" + document.encode() + b"\0" +
                         getattr(typst, "__version__", "").encode()).hexdigest()[:32]
    cached = cache_folder / "cv" / f"{key}.pdf" if cache_folder is not None else None
    if cached is not None and cached.is_file():
        return cached.read_bytes()
    compile_count += 1
    try:
        epoch = clock.source_date_epoch()  # a repeatable build makes the same PDF
        pdf = typst.compile(source, sys_inputs={"cv": document},
                            **({"timestamp": epoch} if epoch is not None else {}))
    except Exception as exc:  # typst.TypstError, or a template that is not UTF-8
        message = " ".join(str(exc).split())
        raise PDFError(f"Typst could not typeset the CV: {message[:300]}") from None
    if cached is not None:
        write_atomic(cached, pdf)
    return pdf
