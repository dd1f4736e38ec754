"""The user's key map: ``keymap.toml`` in the config folder maps binding IDs to keys.

Example (every ID is listed in the help screen and in ``tui/data/help.en.md``)::

    why = "f9"                       # one key
    open-log = ["ctrl+l", "f4"]      # several keys (or "ctrl+l,f4")

A missing file is no key map. Anything wrong (syntax, unknown ID, invalid key, a key
given to two IDs) is reported as a message naming the file and the entry, and the rest
still applies.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

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


def keymap_path() -> Path:
    from tui.settings import config_dir

    return config_dir() / FILE_NAME


def known_binding_ids() -> set[str]:
    """Every binding ID a user can remap."""
    from textual.binding import Binding

    from tui.app import JamfkbApp
    from tui.dialogs.path_dialog import PathDialog
    from tui.dialogs.why import WhyDialog
    from tui.screens.help import HelpScreen
    from tui.screens.main import MainScreen
    from tui.widgets.answers import AnswerList
    from tui.widgets.query_box import QueryBox

    ids: set[str] = set()
    for owner in (JamfkbApp, MainScreen, AnswerList, QueryBox, PathDialog, WhyDialog,
                  HelpScreen):
        for binding in owner.BINDINGS:
            if isinstance(binding, Binding) and binding.id:
                ids.add(binding.id)
    return ids


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
    return key_to_character(base) is not None  # e.g. question_mark, left_square_bracket


def parse_keymap(text: str, known: set[str]) -> KeymapResult:
    result = KeymapResult()
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        result.errors.append(str(exc))
        return result
    table = data["keymap"] if isinstance(data.get("keymap"), dict) else data
    for binding_id, value in table.items():
        if binding_id not in known:
            result.errors.append(f"{binding_id}: unknown binding ID")
            continue
        if isinstance(value, str):
            keys = value.split(",")
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            keys = list(value)
        else:
            result.errors.append(f"{binding_id}: expected a key or a list of keys")
            continue
        keys = [k.strip() for k in keys]
        bad = [k for k in keys if not valid_key(k)]
        if bad or not keys:
            result.errors.append(f"{binding_id}: invalid key {', '.join(map(repr, bad))}")
            continue
        # One key for two actions: which one runs would depend on the screen. The first
        # entry keeps it; the later one is reported and left out.
        taken = {k: owner for owner, ks in result.keymap.items() for k in ks.split(",")}
        clashes = [k for k in keys if k in taken]
        if clashes:
            key = clashes[0]
            result.errors.append(f"{binding_id}: {key!r} is already given to {taken[key]}")
            continue
        result.keymap[binding_id] = ",".join(keys)
    return result


def load_keymap(path: Path | None = None) -> tuple[Path, KeymapResult]:
    """The key map in ``path`` (default: the config folder); empty when there is none."""
    path = path or keymap_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return path, KeymapResult()
    except (OSError, UnicodeDecodeError) as exc:
        return path, KeymapResult(errors=[str(exc)])
    return path, parse_keymap(text, known_binding_ids())
