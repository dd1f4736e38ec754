"""TOML with positions: parse a document and find the line of each key.

``tomllib`` gives values but no positions, and a content writer needs ``file:line`` for
every mistake. ``key_lines`` scans the text once and maps key paths such as ``title``,
``problems`` or ``evidence[1].cf`` to their line.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from typing import Any

_ERR_POS = re.compile(r"\(at line (\d+), column (\d+)\)")
_ARRAY_TABLE = re.compile(r"^\s*\[\[\s*([A-Za-z0-9_.-]+)\s*\]\]")
_TABLE = re.compile(r"^\s*\[\s*([A-Za-z0-9_.-]+)\s*\]")
_KEY = re.compile(r"""^\s*("[^"]*"|'[^']*'|[A-Za-z0-9_-]+)\s*=""")


@dataclass(frozen=True, slots=True)
class TomlError:
    message: str
    line: int
    col: int


# tomllib spends quadratic time and memory on long dotted keys: one 80 KB line
# `a.a.a… = 1` (40,000 parts) took 46 s and 6.3 GB. Content, front matter and keymap
# files never need more than a few parts or long lines, so such text is refused before
# it is parsed. Atomic groups keep the search itself linear.
MAX_LINE = 16 * 1024
MAX_KEY_PARTS = 16
_SEGMENT = r"""(?>[A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*')"""
_LONG_DOTTED_KEY = re.compile(rf"{_SEGMENT}(?>[ \t]*\.[ \t]*{_SEGMENT}){{{MAX_KEY_PARTS},}}")
_STRING = re.compile(r"""(?>"(?:[^"\\\n]|\\.)*"|'[^'\n]*')""")


def _values_blanked(line: str) -> str:
    """The line with string values emptied: a string is part of a key only when a dot or
    an equals sign follows it (``"a"."b" = 1``); "1.2.3.4" as a value is no key."""
    def blank(m: re.Match[str]) -> str:
        rest = line[m.end():].lstrip(" \t")
        return m.group() if rest[:1] in (".", "=") else '""'
    return _STRING.sub(blank, line)


def check_shape(text: str) -> TomlError | None:
    """Refuse what would exhaust the parser: over-long lines and dotted keys."""
    for number, line in enumerate(text.split("\n"), start=1):
        if len(line) > MAX_LINE:
            return TomlError(f"line is too long ({len(line)} characters; the limit is "
                             f"{MAX_LINE})", number, MAX_LINE + 1)
        if line.count(".") >= MAX_KEY_PARTS and (
                m := _LONG_DOTTED_KEY.search(_values_blanked(line))):
            return TomlError(f"dotted key has more than {MAX_KEY_PARTS} parts", number,
                             m.start() + 1)
    return None


def parse(text: str) -> tuple[dict[str, Any] | None, TomlError | None]:
    """The document, or the error with its 1-based position."""
    shape = check_shape(text)
    if shape is not None:
        return None, shape
    try:
        return tomllib.loads(text), None
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        m = _ERR_POS.search(msg)
        line, col = (int(m.group(1)), int(m.group(2))) if m else (1, 1)
        message = _ERR_POS.sub("", msg).strip()
        if message == "Illegal character '\\n'":  # tomllib's words for a string left open
            message = ("unclosed string: end it with a quote on the same line (text on "
                       "several lines goes between triple quotes)")
        return None, TomlError(message, line, col)
    except (RecursionError, ValueError) as exc:  # nesting too deep, integer too long
        return None, TomlError(f"cannot read this TOML: {exc}"[:200], 1, 1)


def key_lines(text: str) -> dict[str, int]:
    """Map key paths to 1-based lines. Lines inside multi-line strings and arrays are skipped."""
    lines: dict[str, int] = {}
    prefix = ""
    counters: dict[str, int] = {}
    depth = 0  # open brackets/braces of a multi-line value
    in_string: str | None = None
    # Lines are counted on "\n" only, as tomllib, markdown-it and editors do
    # (str.splitlines would also break on U+2028, form feeds and the like).
    for number, raw in enumerate(text.split("\n"), start=1):
        if in_string is not None:
            if in_string in raw:
                in_string = None
            continue
        if depth == 0:
            if m := _ARRAY_TABLE.match(raw):
                name = m.group(1)
                index = counters.get(name, 0)
                counters[name] = index + 1
                prefix = f"{name}[{index}]."
                lines.setdefault(f"{name}[{index}]", number)
                continue
            if m := _TABLE.match(raw):
                prefix = m.group(1) + "."
                lines.setdefault(m.group(1), number)
                continue
            if m := _KEY.match(raw):
                key = m.group(1).strip("\"'")
                lines.setdefault(prefix + key, number)
        depth, in_string = _scan_value(raw, depth)
    return lines


def array_string_lines(text: str, key_line: int) -> list[int]:
    """The 1-based line where each item (a string or an inline table) of the array
    assigned on ``key_line`` starts.

    For TOML that already parsed: strings are skipped whole (escapes, multi-line
    strings), comments are ignored. Returns [] if the value is not an array.
    """
    lines = text.split("\n")
    if not 0 < key_line <= len(lines) or "=" not in lines[key_line - 1]:
        return []
    i = sum(len(line) + 1 for line in lines[: key_line - 1]) + lines[key_line - 1].index("=") + 1
    line, depth, found = key_line, 0, []
    while i < len(text):
        c = text[i]
        if c == "\n":
            line += 1
        elif c == "#":
            end = text.find("\n", i)
            i = len(text) if end < 0 else end
            continue
        elif c in "[{":
            if c == "{" and depth == 1:
                found.append(line)
            depth += 1
        elif c in "]}":
            depth -= 1
            if depth <= 0:
                break
        elif c in "\"'":
            if depth == 0:
                return []
            if depth == 1:
                found.append(line)
            end = _string_end(text, i)
            line += text.count("\n", i, end)
            i = end
            continue
        elif depth == 0 and not c.isspace():
            return []
        i += 1
    return found


def _string_end(text: str, start: int) -> int:
    """The index just past the TOML string literal that opens at ``start``."""
    quote = text[start]
    if text.startswith(quote * 3, start):
        end = text.find(quote * 3, start + 3)
        if end < 0:
            return len(text)
        end += 3
        while end < len(text) and text[end] == quote:  # up to two quotes close the content
            end += 1
        return end
    i = start + 1
    while i < len(text) and text[i] != quote and text[i] != "\n":
        i += 2 if quote == '"' and text[i] == "\\" else 1
    return i + 1


def _scan_value(raw: str, depth: int) -> tuple[int, str | None]:
    """Track bracket depth and an unterminated multi-line string across one line."""
    i = 0
    n = len(raw)
    while i < n:
        c = raw[i]
        if c == "#":
            break
        if raw.startswith('"""', i) or raw.startswith("'''", i):
            quote = raw[i : i + 3]
            end = raw.find(quote, i + 3)
            if end < 0:
                return depth, quote
            i = end + 3
            continue
        if c in "\"'":
            end = i + 1
            while end < n and raw[end] != c:
                end += 2 if (c == '"' and raw[end] == "\\") else 1
            i = end + 1
            continue
        if c in "[{":
            depth += 1
        elif c in "]}":
            depth = max(depth - 1, 0)
        i += 1
    return depth, None


@dataclass(frozen=True, slots=True)
class FrontMatter:
    text: str  # the TOML between the fences
    first_line: int  # file line of the TOML's first line
    body: str
    body_line: int  # file line of the body's first line


def split_front_matter(text: str) -> FrontMatter | TomlError:
    """Split ``+++``-fenced TOML front matter from a Markdown body."""
    lines = text.split("\n")
    lines = [line + "\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])
    if not lines or lines[0].strip() != "+++":
        return TomlError("missing front matter: the file must start with a line '+++'", 1, 1)
    for index in range(1, len(lines)):
        if lines[index].strip() == "+++":
            return FrontMatter(
                text="".join(lines[1:index]),
                first_line=2,
                body="".join(lines[index + 1 :]),
                body_line=index + 2,
            )
    return TomlError("front matter is not closed: add a line '+++' after it", 1, 1)
