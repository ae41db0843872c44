"""Building a small site of given files with scholarsite, for the plugin tests."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest


class Built:
    def __init__(self, dest: Path, result: subprocess.CompletedProcess):
        self.dest, self.result = dest, result

    def page(self, rel: str) -> str:
        return (self.dest / rel).read_text(encoding="utf-8")

    def pages(self) -> set[str]:
        return {p.relative_to(self.dest).as_posix() for p in self.dest.rglob("*.html")}

    @property
    def warnings(self) -> list[str]:
        return [line for line in self.result.stderr.splitlines() if ": warning: " in line]


@pytest.fixture
def build(tmp_path):
    def run(files: dict[str, str | bytes], *options: str, ok: bool = True) -> Built:
        source, dest = tmp_path / "site", tmp_path / "out"
        for name, text in files.items():
            path = source / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        result = subprocess.run([sys.executable, "-m", "scholarsite", "build", "-s", str(source),
                                 "-d", str(dest), "--replace-destination", *options],
                                capture_output=True, text=True, timeout=300)
        if ok:
            assert result.returncode == 0, result.stderr
        return Built(dest, result)
    return run
