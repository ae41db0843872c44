"""User-facing errors and warnings, always one line: ``path:line:col: message``."""

from __future__ import annotations

import re
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


def one_line(message: str) -> str:
    """A message quoting a tag that spans lines still prints as one line."""
    return re.sub(r"[ \t]*[\r\n]+[ \t]*", " ", message) if "\n" in message or "\r" in message \
        else message


def more_pages(others: int) -> str:
    """The end of a warning that names the first of several pages: " (and on 2 more pages)"."""
    return f" (and on {others} more page{'s' if others > 1 else ''})" if others else ""


class BuildError(Exception):
    """An error in the user's site: reported as one line, exit status 1."""

    def __init__(self, message: str, path: str | Path | None = None,
                 line: int | None = None, col: int | None = None):
        message = one_line(message)
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.col = col

    def __str__(self) -> str:
        return f"{location(self.path, self.line, self.col)}: {self.message}"


MAX_ERRORS = 50  # a failed build reports up to this many errors, so one round fixes them
SAME_KIND_SHOWN = 3  # warnings with the same message from more files are summarised


class BuildErrors(BuildError):
    """Several errors found in one build: one line each, then how many there were."""

    def __init__(self, errors: list[BuildError]):
        super().__init__(errors[0].message, errors[0].path, errors[0].line, errors[0].col)
        self.errors = errors

    def __str__(self) -> str:
        lines = [BuildError.__str__(e) for e in self.errors]
        more = " (the first ones; fix them and build again for the rest)" \
            if len(self.errors) >= MAX_ERRORS else ""
        return "\n".join(lines + [f"scholarsite: {len(self.errors)} errors{more}; the "
                                   "previous output was left as it was"])


def combined(errors: list[BuildError]) -> BuildError:
    return errors[0] if len(errors) == 1 else BuildErrors(errors)


@dataclass
class Reporter:
    """Collects warnings and prints them to stderr in the same shape as errors."""

    stream: object = field(default_factory=lambda: sys.stderr)
    warnings: list[str] = field(default_factory=list)
    strict: bool = False
    kinds: dict[str, int] = field(default_factory=dict)  # message -> how many times
    said: list[tuple[str, str]] = field(default_factory=list)  # ("warning" or "note", line)

    def warn(self, message: str, path: str | Path | None = None,
             line: int | None = None, col: int | None = None) -> None:
        if self.strict:
            raise BuildError(message, path, line, col)
        self.warn_line(f"{location(path, line, col)}: warning: {one_line(message)}")

    def note(self, message: str, path: str | Path | None = None) -> None:
        """Something the user may like to know, which is not a problem (never an error)."""
        self.note_line(f"{location(path)}: note: {one_line(message)}")

    def note_line(self, text: str) -> None:
        self.said.append(("note", text))
        print(text, file=self.stream)

    def repeat(self, said: list) -> None:
        """Say again what an earlier build said (a build that found nothing changed)."""
        for kind, text in said:
            (self.warn_line if kind == "warning" else self.note_line)(text)

    def warn_line(self, text: str) -> None:
        """Print an already formatted warning (also used to repeat cached ones); one
        whose message many files share is printed for the first few only."""
        if text in self.warnings:  # say each thing once per build
            return
        self.warnings.append(text)
        self.said.append(("warning", text))
        kind = text.split(": warning: ", 1)[-1]
        seen = self.kinds[kind] = self.kinds.get(kind, 0) + 1
        if seen <= SAME_KIND_SHOWN:
            print(text, file=self.stream)

    def summary(self) -> None:
        """After the build: how many warnings of each summarised kind went unprinted."""
        for kind, count in self.kinds.items():
            if count > SAME_KIND_SHOWN:
                print(f"scholarsite: warning: {count - SAME_KIND_SHOWN} more files have the "
                      f"warning \"{kind[:100]}\"", file=self.stream)
        self.kinds = {}
