"""al-folio's remove_accents, bust_file_cache and bust_css_cache filters. The hashes are
those of al-folio's published pages: the MD5 of the file, and of nothing for the CSS."""

from __future__ import annotations

import hashlib

PAGE = """---
---
{{ "Müller Łukasz Gödel Ørsted 李" | remove_accents }}
{{ "/assets/css/site.css" | bust_file_cache }}
{{ "/assets/css/main.css" | bust_css_cache }}
{{ "/assets/css/gone.css" | bust_file_cache }}
"""


def test_the_filters_as_al_folio_pages_use_them(build):
    css = "body { margin: 0 }\n"
    built = build({"_config.yml": "title: x\n", "index.html": PAGE, "assets/css/site.css": css})
    lines = built.page("index.html").strip().splitlines()
    assert lines[0] == "Muller Lukasz Godel Orsted ?"
    assert lines[1] == "/assets/css/site.css?" + hashlib.md5(css.encode()).hexdigest()
    assert lines[2] == "/assets/css/main.css?d41d8cd98f00b204e9800998ecf8427e"
    assert lines[3] == "/assets/css/gone.css"
    assert any("bust_file_cache: assets/css/gone.css is not in the site" in w
               for w in built.warnings)
