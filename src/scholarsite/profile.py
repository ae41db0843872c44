"""``--profile``: where a build's time went, by page and by template (like Jekyll's)."""

from __future__ import annotations

import sys
import time
from collections import defaultdict
from contextlib import contextmanager


class Profile:
    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.pages: dict[str, float] = {}
        self.templates: dict[str, list[float]] = defaultdict(lambda: [0, 0.0])  # count, seconds

    @contextmanager
    def template(self, name: str):
        if not self.enabled:
            yield
            return
        started = time.perf_counter()
        try:
            yield
        finally:
            entry = self.templates[name]
            entry[0] += 1
            entry[1] += time.perf_counter() - started

    def report(self, limit: int = 15) -> str:
        lines = [f"{'template':<50} {'count':>6} {'seconds':>9}"]
        for name, (count, seconds) in sorted(self.templates.items(), key=lambda kv: -kv[1][1])[:limit]:
            lines.append(f"{name[-50:]:<50} {count:>6} {seconds:>9.3f}")
        lines.append("")
        lines.append(f"{'page':<57} {'seconds':>9}")
        for name, seconds in sorted(self.pages.items(), key=lambda kv: -kv[1])[:limit]:
            lines.append(f"{name[-57:]:<57} {seconds:>9.3f}")
        return "\n".join(lines)


class Progress:
    """One self-updating line on a terminal during long renders; silent otherwise."""

    def __init__(self, enabled: bool, total: int):
        self.enabled = enabled and total >= 200
        self.total = total
        self.started = self.last = time.perf_counter()
        self.done = 0

    def advance(self, count: int) -> None:
        self.done += count
        if not self.enabled:
            return
        now = time.perf_counter()
        if now - self.last >= 0.1 or self.done == self.total:
            self.last = now
            sys.stderr.write(f"\rscholarsite: rendered {self.done}/{self.total} pages "
                             f"({now - self.started:.1f}s)")
            sys.stderr.flush()

    def finish(self) -> None:
        if self.enabled:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()
