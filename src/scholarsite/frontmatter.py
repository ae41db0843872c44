"""Reading source files: front matter, UTF-8 checks, YAML with error locations."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from scholarsite.errors import BuildError

# A UTF-8 byte-order mark may come first; CRLF line endings count as line ends.
FRONT_MATTER_START = re.compile(rb"\A(?:\xef\xbb\xbf)?---[ \t]*\r?\n")
FRONT_MATTER_END = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE)


# libyaml's loader when PyYAML has it (many times faster), the pure Python one otherwise.
class SafeLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """YAML as Jekyll reads it (Psych safe_load with dates)."""

    def construct_object(self, node, deep=False):
        # PyYAML builds values such as ``2020-02-30`` or ``!!int x`` with Python's own
        # constructors, which raise plain ValueErrors (IndexError for an empty ``!!int``);
        # report them at the value.
        try:
            return super().construct_object(node, deep)
        except (ValueError, TypeError, AttributeError, LookupError, ArithmeticError):
            kind = str(node.tag).rsplit(":", 1)[-1]
            raise yaml.constructor.ConstructorError(
                None, None, f"{node.value!r} is not a valid {kind}", node.start_mark) from None

    def construct_yaml_timestamp(self, node):
        # Psych reads an impossible date such as 2024-13-45 as text; so do we, and
        # whoever needs a date reports it at its line.
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


SafeLoader.add_constructor("tag:yaml.org,2002:timestamp", SafeLoader.construct_yaml_timestamp)


MAX_YAML_VALUES = 1_000_000  # values a document may hold once its aliases are expanded
MAX_YAML_DEPTH = 500  # levels of nesting


def load_yaml(text: str, path: str | Path, line_offset: int = 0):
    """Parse YAML; a syntax error becomes a one-line BuildError at the right line, and so
    does a document that nests too deeply or whose aliases expand past a bound (a
    "billion laughs" file is refused at once instead of filling memory when used)."""
    try:
        data = yaml.load(text, Loader=SafeLoader)
    except RecursionError:
        raise BuildError(f"YAML nested too deeply to read (keep it under {MAX_YAML_DEPTH} "
                         "levels)", path, line_offset + 1) from None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 + line_offset if mark else None
        col = mark.column + 1 if mark else None
        problem = err.problem or err.context or "invalid YAML"
        raise BuildError(f"invalid YAML: {problem} (check the indentation and quoting)",
                         path, line, col) from None
    except yaml.reader.ReaderError as err:  # a character YAML does not allow, e.g. NUL
        char = chr(err.character) if isinstance(err.character, int) else "\0"
        index = max(text.find(char), 0)  # err.position counts bytes or characters, by loader
        line = text.count("\n", 0, index) + 1 + line_offset
        col = index - (text.rfind("\n", 0, index) + 1) + 1
        raise BuildError(f"invalid YAML: character U+{ord(char):04X} is not allowed (remove it, "
                         "or write it as an escape in a double-quoted string)",
                         path, line, col) from None
    except yaml.YAMLError as err:
        raise BuildError(f"invalid YAML: {' '.join(str(err).split())}", path, line_offset + 1) from None
    check_size(data, text, path, line_offset)
    return data


def check_size(data, text: str, path: str | Path, line_offset: int) -> None:
    """Count the values ``data`` holds with every alias expanded (each shared value once,
    times the places it is used) and its depth, without expanding anything."""
    sizes: dict[int, int] = {}
    stack = [(data, 1, False)]
    while stack:
        node, depth, children_done = stack.pop()
        if not isinstance(node, (dict, list)) or (id(node) in sizes and not children_done):
            continue
        children = list(node.keys()) + list(node.values()) if isinstance(node, dict) else node
        if depth > MAX_YAML_DEPTH:
            raise BuildError(f"YAML nested more than {MAX_YAML_DEPTH} levels deep (flatten "
                             "it)", path, line_offset + 1)
        if not children_done:
            sizes[id(node)] = 1  # in progress: a value that contains itself counts once
            stack.append((node, depth, True))
            stack.extend((child, depth + 1, False) for child in children
                         if isinstance(child, (dict, list)) and id(child) not in sizes)
            continue
        sizes[id(node)] = 1 + sum(sizes.get(id(child), 1) for child in children)
        if sizes[id(node)] > MAX_YAML_VALUES:
            alias = re.search(r"(?<![\w*])\*[^\s,\]}]+", text)
            line = text.count("\n", 0, alias.start()) + 1 + line_offset if alias else line_offset + 1
            raise BuildError(f"YAML aliases expand to more than {MAX_YAML_VALUES:,} values "
                             "(a document that refers to itself over and over; write the "
                             "values out, or use fewer aliases)", path, line)


def decode_utf8(raw: bytes, path: str | Path) -> str:
    """Decode UTF-8 (a BOM is dropped); anything else is a located error."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        col = err.start - (raw.rfind(b"\n", 0, err.start) + 1) + 1
        byte = raw[err.start]
        try:  # most such files were saved as Windows-1252 / Latin-1: say what was meant
            meant = f", '{bytes([byte]).decode('cp1252')}' in Latin-1" if byte >= 0xa0 else ""
        except UnicodeDecodeError:
            meant = ""
        raise BuildError(
            f"file is not valid UTF-8 (byte 0x{byte:02x}{meant}); re-save it with UTF-8 "
            "encoding", path, line, col) from None


def has_front_matter(raw: bytes) -> bool:
    return FRONT_MATTER_START.match(raw) is not None


def split_front_matter(text: str, path: str | Path) -> tuple[dict, str, int]:
    """Return (front matter, body, number of lines before the body).

    ``text`` must start with a ``---`` line (see :func:`has_front_matter`).
    """
    first_newline = text.index("\n") + 1
    end = FRONT_MATTER_END.search(text, first_newline)
    if end is None:
        raise BuildError("front matter is never closed (add a line with --- after it)", path, 1, 1)
    yaml_text = text[first_newline:end.start()]
    body_start = end.end()
    if text.startswith("\r\n", body_start):
        body_start += 2
    elif text.startswith("\n", body_start):
        body_start += 1
    data = load_yaml(yaml_text, path, line_offset=1) if yaml_text.strip() else {}
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise BuildError("front matter must be a mapping of keys to values", path, 2, 1)
    return data, text[body_start:], text.count("\n", 0, body_start)


def key_line(text: str, key: str) -> int | None:
    """The 1-based line of ``key:`` in a file's front matter, for messages."""
    if not text or not text.startswith("---"):
        return None
    end = FRONT_MATTER_END.search(text, text.find("\n") + 1)
    pattern = re.compile(rf"^[ \t]*{re.escape(key)}[ \t]*:", re.MULTILINE)
    match = pattern.search(text, 0, end.start() if end else len(text))
    return text.count("\n", 0, match.start()) + 1 if match else None
