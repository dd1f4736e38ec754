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


def parse(text: str) -> tuple[dict[str, Any] | None, TomlError | None]:
    """The document, or the error with its 1-based position."""
    try:
        return tomllib.loads(text), None
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        m = _ERR_POS.search(msg)
        line, col = (int(m.group(1)), int(m.group(2))) if m else (1, 1)
        return None, TomlError(_ERR_POS.sub("", msg).strip(), line, col)
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
