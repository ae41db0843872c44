"""``== blank`` as Jekyll 4.3.1 evaluates it. The expected lines are what real Jekyll
wrote for this page: plain (Debian's jekyll), and with ActiveSupport loaded (a
``_plugins/`` file requiring active_support/core_ext/object/blank, as jemoji's
html-pipeline loads it), which scholarsite assumes when jemoji is listed."""

from __future__ import annotations

import pytest

PAGE = """---
e: ""
s: " "
arr: []
h: {}
f: false
z: 0
---
{% if zz == blank %}B{% else %}N{% endif %}|{% if page.e == blank %}B{% else %}N{% endif %}|\
{% if page.s == blank %}B{% else %}N{% endif %}|{% if page.arr == blank %}B{% else %}N{% endif %}|\
{% if page.h == blank %}B{% else %}N{% endif %}|{% if page.f == blank %}B{% else %}N{% endif %}|\
{% if page.z == blank %}B{% else %}N{% endif %}|{% if zz == empty %}E{% else %}n{% endif %}|\
{% if page.e == empty %}E{% else %}n{% endif %}|{% if page.arr == empty %}E{% else %}n{% endif %}|\
{% if zz != blank %}NB{% else %}nb{% endif %}|{% if blank == zz %}B{% else %}N{% endif %}|\
{% unless zz == blank %}U{% endunless %}
"""


@pytest.mark.parametrize("plugins,expected", [
    ("[]", "N|N|N|N|N|N|N|n|E|E|NB|N|U"),
    ("[jemoji]", "B|B|B|B|B|B|N|n|E|E|nb|B|"),
])
def test_blank_as_the_site_builds_it(build, plugins, expected):
    built = build({"_config.yml": f"title: t\nplugins: {plugins}\n", "index.html": PAGE})
    assert built.page("index.html").strip() == expected
