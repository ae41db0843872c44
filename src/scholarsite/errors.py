"""User-facing errors and warnings, always one line: ``path:line:col: message``."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path


def location(path: str | Path | None, line: int | None = None, col: int | None = None) -> str:
    """Format ``path:line:col`` leaving out the parts that are unknown."""
    parts = [str(path) if path else "scholarsite"]
    if line:
        parts.append(str(line))
        if col:
            parts.append(str(col))
    return ":".join(parts)


class BuildError(Exception):
    """An error in the user's site: reported as one line, exit status 1."""

    def __init__(self, message: str, path: str | Path | None = None,
                 line: int | None = None, col: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.col = col

    def __str__(self) -> str:
        return f"{location(self.path, self.line, self.col)}: {self.message}"


@dataclass
class Reporter:
    """Collects warnings and prints them to stderr in the same shape as errors."""

    stream: object = field(default_factory=lambda: sys.stderr)
    warnings: list[str] = field(default_factory=list)
    strict: bool = False

    def warn(self, message: str, path: str | Path | None = None,
             line: int | None = None, col: int | None = None) -> None:
        if self.strict:
            raise BuildError(message, path, line, col)
        self.warn_line(f"{location(path, line, col)}: warning: {message}")

    def warn_line(self, text: str) -> None:
        """Print an already formatted warning (also used to repeat cached ones)."""
        if text in self.warnings:  # say each thing once per build
            return
        self.warnings.append(text)
        print(text, file=self.stream)
