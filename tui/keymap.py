"""The user's key map: ``keymap.toml`` in the config folder maps binding IDs to keys.

Example (every ID is listed in the help screen and in ``tui/data/help.en.md``)::

    why = "f10"                      # one key
    open-log = ["ctrl+l", "f4"]      # several keys (or "ctrl+l,f4")

A missing file is no key map. Anything wrong (syntax, unknown ID, invalid key, a key
that another action already answers in the same place) is reported as a message naming
the file and the entry, and the rest still applies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from jamfkb.tui.bindings import BindingRecord, by_id

FILE_NAME = "keymap.toml"
MODIFIERS = frozenset({"ctrl", "alt", "shift", "meta", "super", "hyper"})
NAMED_KEYS = frozenset({
    "backspace", "delete", "down", "end", "enter", "escape", "home", "insert", "left",
    "pagedown", "pageup", "return", "right", "space", "tab", "up",
})
_FKEY = re.compile(r"f([1-9]|1[0-9]|2[0-4])")


@dataclass(slots=True)
class KeymapResult:
    keymap: dict[str, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)  # "entry: problem", for messages
    error_lines: list[int] = field(default_factory=list)  # each error's line (0: unknown)

    def add_error(self, message: str, line: int = 0) -> None:
        self.errors.append(message)
        self.error_lines.append(line)


def keymap_path() -> Path:
    from jamfkb.tui.settings import config_dir

    return config_dir() / FILE_NAME


def known_binding_ids() -> set[str]:
    """Every binding ID a user can remap."""
    return set(known_bindings())


def known_bindings() -> dict[str, BindingRecord]:
    """Every binding ID a user can remap, with its owner and default keys."""
    return by_id()


def _may_clash(a: BindingRecord, b: BindingRecord) -> bool:
    """Bindings of one place, or of the app (active everywhere), compete for a key; those
    of different screens and widgets share keys on purpose (Escape, y / n / u)."""
    return a.owner == b.owner or "app" in (a.owner, b.owner)


def valid_key(key: str) -> bool:
    """A Textual key name: ``f9``, ``ctrl+k``, ``alt+left``, ``x``, ``question_mark``…"""
    from textual.keys import key_to_character

    *mods, base = key.split("+")
    if not base or any(m not in MODIFIERS for m in mods) or len(set(mods)) != len(mods):
        return False
    if len(base) == 1:
        return base.isprintable() and not base.isspace()
    if base in NAMED_KEYS or _FKEY.fullmatch(base):
        return True
    # e.g. question_mark, left_square_bracket; not any Unicode name ("banana" is 🍌, and
    # a key bound to it never arrives: the action silently stopped working)
    char = key_to_character(base)
    return char is not None and char.isascii() and char.isprintable()


def types_text(key: str) -> bool:
    """``key`` is a character someone types (``q``, ``shift+a``, ``question_mark``)."""
    from textual.keys import key_to_character

    *mods, base = key.split("+")
    if any(m != "shift" for m in mods):
        return False
    char = base if len(base) == 1 else key_to_character(base)
    return char is not None and char.isprintable()


def parse_keymap(text: str, known: dict[str, BindingRecord]) -> KeymapResult:
    from jamfkb.kb.tomlsrc import parse

    result = KeymapResult()
    # tomlsrc.parse refuses over-long keys and lines before tomllib sees them, and turns
    # deep nesting or a 5,000-digit integer into an error instead of a crash.
    data, error = parse(text.removeprefix("\ufeff"))  # a BOM, as some editors write
    if data is None:
        if error is not None:
            result.add_error(f"line {error.line}, column {error.col}: {error.message}", error.line)
        return result

    def line_of(binding_id: str) -> int:
        """The line where an entry is written (for file:line in the message)."""
        pattern = re.compile(rf"""^\s*["']?{re.escape(binding_id)}["']?\s*=""")
        return next((n for n, line in enumerate(text.splitlines(), 1)
                     if pattern.match(line)), 0)

    table = data["keymap"] if isinstance(data.get("keymap"), dict) else data
    wanted: dict[str, list[str]] = {}  # the well-formed entries, in file order
    for binding_id, value in table.items():
        if binding_id not in known:
            result.add_error(f"{binding_id}: unknown binding ID", line_of(binding_id))
            continue
        if isinstance(value, str):
            keys = value.split(",")
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            keys = list(value)
        else:
            result.add_error(f"{binding_id}: expected a key or a list of keys",
                             line_of(binding_id))
            continue
        keys = [k.strip() for k in keys]
        bad = [k for k in keys if not valid_key(k)]
        if bad or not keys:
            result.add_error(f"{binding_id}: invalid key {', '.join(map(repr, bad))}",
                             line_of(binding_id))
            continue
        # A priority binding acts before the focused widget: bound to a letter, typing
        # that letter in the query box would quit (or open a dialog) instead.
        typed = [k for k in keys if known[binding_id].priority and types_text(k)]
        if typed:
            result.add_error(f"{binding_id}: {typed[0]!r} is a character you type; this "
                             "action needs a key such as ctrl+q or f10", line_of(binding_id))
            continue
        wanted[binding_id] = keys
    # A key that another action answers in the same place would silently run only one of
    # them. Of two entries, the first in the file keeps the key.
    order = list(wanted)
    for index, (binding_id, keys) in enumerate(wanted.items()):
        later = set(order[index + 1:])  # checked against this one when their turn comes
        clash = _first_clash(binding_id, keys, result.keymap, later, known)
        if clash is not None:
            result.add_error(f"{binding_id}: {clash[0]!r} is already the key of {clash[1]}",
                             line_of(binding_id))
            continue
        result.keymap[binding_id] = ",".join(keys)
    return result


def _first_clash(binding_id: str, keys: list[str], accepted: dict[str, str],
                 later: set[str], known: dict[str, BindingRecord]) -> tuple[str, str] | None:
    """(key, other ID) for the first of ``keys`` that another binding answers: with the
    keys it was given above in the file, else its default keys. The bindings in ``later``
    are remapped further down and skipped here."""
    spec = known[binding_id]
    for other, other_spec in sorted(known.items()):
        if other == binding_id or other in later or not _may_clash(spec, other_spec):
            continue
        other_keys = accepted[other].split(",") if other in accepted else other_spec.keys
        for key in keys:
            if key in other_keys:
                return key, other
    return None


def load_keymap(path: Path | None = None) -> tuple[Path, KeymapResult]:
    """The key map in ``path`` (default: the config folder); empty when there is none."""
    from jamfkb.tui.settings import read_config_file

    path = path or keymap_path()
    try:
        text = read_config_file(path).decode("utf-8")
    except FileNotFoundError:
        return path, KeymapResult()
    except OSError as exc:  # not a regular file, too large, unreadable
        return path, KeymapResult(errors=[exc.strerror or str(exc)])
    except UnicodeDecodeError as exc:
        return path, KeymapResult(errors=[f"not UTF-8 text (byte {exc.start + 1})"])
    return path, parse_keymap(text, known_bindings())
