"""Text that was once decoded with the wrong charset ("mojibake", e.g. ``ðŸ‘‹`` for 👋 or
``ÁéãÁëûÂì≤`` for 王瑞哲) is shown as the author wrote it, with a warning.

ftfy does the detection for Windows-1252 and Latin-1 damage. Mac Roman damage (common
on pages edited on old Macs) is undone only when a whole line re-decodes as valid
UTF-8 into fewer characters that include a non-Latin one, which genuine text never does.
``scholarsite check`` (:mod:`scholarsite.check`) uses the same rules on the source files.
"""

from __future__ import annotations

import re
import unicodedata

FIX_HINT = "run scholarsite check --fix-encoding to rewrite the file"
NON_LATIN = re.compile(r"[\u2000-\U0010ffff]")


def enabled(config: dict) -> bool:
    flags = config.get("scholarsite")
    return not (isinstance(flags, dict) and flags.get("fix_mojibake") is False)


def repair_line(line: str) -> str:
    if line.isascii():
        return line
    import ftfy  # loaded only for pages that have non-ASCII text
    fixed = ftfy.fix_encoding(line)
    if fixed != line:
        return fixed
    try:
        candidate = line.encode("mac_roman").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return line
    if len(candidate) < len(line) and NON_LATIN.search(candidate):
        return candidate
    return line


def repair(text: str) -> tuple[str, list[tuple[int, str, str]]]:
    """The repaired text and the (line number, before, after) of each repaired line."""
    if text.isascii():
        return text, []
    lines = text.split("\n")
    changes = []
    for index, line in enumerate(lines):
        fixed = repair_line(line)
        if fixed != line:
            changes.append((index + 1, line, fixed))
            lines[index] = fixed
    return ("\n".join(lines), changes) if changes else (text, [])


def stretches(before: str, after: str) -> list[tuple[int, str, str]]:
    """The repaired stretches of a line: (1-based column in ``before``, was, meant)."""
    from difflib import SequenceMatcher
    found = [(b1 + 1, before[b1:b2], after[a1:a2]) for tag, b1, b2, a1, a2
             in SequenceMatcher(None, before, after, autojunk=False).get_opcodes() if tag != "equal"]
    return found or [(1, before, after)]


def shown(text: str) -> str:
    """Text for a message: invisible characters (Mac Roman's U+F8FF, controls) escaped."""
    return "".join(f"\\u{ord(c):04x}" if not c.isprintable() or unicodedata.category(c) == "Co"
                   else c for c in text)


def message(was: str, meant: str, more: str = "") -> str:
    """One mis-encoded stretch, as the build and ``scholarsite check`` both say it."""
    return (f'"{shown(was)}"{more} looks mis-encoded; probably meant "{shown(meant)}" '
            f"({FIX_HINT})")
