"""Tarballs from the npm registry, checked against the registry's integrity hash (shared
by tools/vendor_js.py and tools/vendor_math_images.py)."""

from __future__ import annotations

import base64
import hashlib
import json
import urllib.parse
import urllib.request

REGISTRY = "https://registry.npmjs.org"


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=300) as response:  # noqa: S310 (https only)
        return response.read()


def verified_tarball(name: str, version: str) -> bytes:
    """The package's tarball, after checking it against the registry's integrity hash."""
    meta = json.loads(fetch(f"{REGISTRY}/{urllib.parse.quote(name, safe='@')}/{version}"))
    dist = meta["dist"]
    data = fetch(dist["tarball"])
    algorithm, _, expected = dist["integrity"].partition("-")
    if algorithm not in ("sha512", "sha384", "sha256"):
        raise SystemExit(f"{name}@{version}: unknown integrity algorithm {algorithm!r}")
    actual = base64.b64encode(hashlib.new(algorithm, data).digest()).decode()
    if actual != expected:
        raise SystemExit(f"{name}@{version}: the tarball does not match the registry's "
                         f"{algorithm} integrity (got {actual}, expected {expected})")
    return data
