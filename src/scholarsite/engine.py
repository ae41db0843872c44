"""Which engine wrote a cache: its version and the size and time of each of its files.

An edited checkout of scholarsite (``pip install -e``) keeps its version, so every file
counts. One ``stat`` per file through ``os.scandir``, nothing read; computed once per
process, when a cache first asks.
"""

from __future__ import annotations

import hashlib
import os
import sys
from functools import cache

from scholarsite import __version__

PACKAGE = os.path.dirname(os.path.abspath(__file__))


@cache
def stamp() -> str:
    parts = [__version__, sys.version]
    folders = [PACKAGE]
    while folders:
        folder = folders.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    if entry.name != "__pycache__":
                        folders.append(entry.path)
                elif not entry.name.endswith(".pyc"):
                    st = entry.stat()
                    parts.append(f"{entry.path}:{st.st_size}:{st.st_mtime_ns}")
    parts.sort()  # scandir's order is the filesystem's
    return hashlib.blake2b("\n".join(parts).encode("utf-8", "surrogateescape"),
                           digest_size=16).hexdigest()
