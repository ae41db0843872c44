"""The build's "now": ``SOURCE_DATE_EPOCH`` when it is set, so that a build can be repeated.

https://reproducible-builds.org/specs/source-date-epoch/ : the variable holds a whole
number of seconds since 1970-01-01 00:00 UTC. When it is set, ``site.time``, the Liquid
``"now"`` date, feed and sitemap dates, and dates taken from file modification times
(clamped to it, as ``tar --clamp-mtime`` does) all come from it instead of the clock.
"""

from __future__ import annotations

import os
import re
from datetime import datetime, timezone

from scholarsite.errors import BuildError

VARIABLE = "SOURCE_DATE_EPOCH"


def source_date_epoch() -> int | None:
    """The variable's value, None when unset or empty; a malformed value is a BuildError."""
    value = os.environ.get(VARIABLE, "")
    if value == "":
        return None
    if re.fullmatch(r"[0-9]+", value):
        epoch = int(value)
        try:  # a year any time zone can show
            if datetime.fromtimestamp(epoch, timezone.utc).year < 9999:
                return epoch
        except (OverflowError, OSError, ValueError):
            pass
    shown = value if len(value) <= 40 else value[:40] + "..."
    raise BuildError(f"{VARIABLE} must be a whole number of seconds since 1970-01-01 UTC "
                     f"(before the year 9999), got {shown!r} (set it to e.g. the output of "
                     "`git log -1 --format=%ct`, or unset it)")


def now(tz=None) -> datetime:
    """The current time, or SOURCE_DATE_EPOCH; naive local time when ``tz`` is None,
    like ``datetime.now()``."""
    epoch = source_date_epoch()
    if epoch is None:
        return datetime.now(tz)
    return datetime.fromtimestamp(epoch, tz)


def file_time(mtime: float, tz=None) -> datetime:
    """A file's modification time for the output: never later than SOURCE_DATE_EPOCH, so
    a fresh checkout (whose files all look new) builds the same as the original."""
    epoch = source_date_epoch()
    if epoch is not None and mtime > epoch:
        mtime = epoch
    return datetime.fromtimestamp(mtime, tz)
