"""jekyll-email-protect: ``encode_email`` writes an address's letters and digits as
percent escapes (``mailto:%61%64%61@...``), which a mail client reads and a harvesting
script scanning for ``name@host`` does not; ``@``, ``.`` and ``-`` stay, as in the
published al-folio pages."""

from __future__ import annotations

import re
from typing import Any

from scholarsite.liquid.filters import ruby_to_s
from scholarsite.plugins.registry import Plugin

ALNUM = re.compile(r"[A-Za-z0-9]")


def encode_email(value: Any) -> str:
    return ALNUM.sub(lambda m: f"%{ord(m.group(0)):02X}", ruby_to_s(value))


FILTERS = {"encode_email": encode_email}


PLUGIN = Plugin("jekyll-email-protect", filters=FILTERS)
