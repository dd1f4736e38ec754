"""Textual's own palette commands (Theme, Quit, Keys, Screenshot…) and its Ctrl+C hint, in
the app's language: in French they stayed in English."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from jamfkb.tui.i18n import t

if TYPE_CHECKING:
    from textual.app import SystemCommand

# Textual's help text of each command (stable across its versions) → our string keys
_KNOWN = {
    "Change the current theme": "textual.theme",
    "Quit the application as soon as possible": "textual.quit",
    "Hide the keys and widget help panel": "textual.hide_keys",
    "Show help for the focused widget and a summary of available keys": "textual.keys",
    "Save an SVG 'screenshot' of the current screen": "textual.screenshot",
    "Maximize the focused widget": "textual.maximize",
    "Minimize the widget and restore to normal size": "textual.minimize",
}


def localized(commands: Iterable[SystemCommand], lang: str) -> Iterator[SystemCommand]:
    """The commands with their title and help in ``lang`` (unknown ones as they are)."""
    for command in commands:
        key = _KNOWN.get(command.help)
        if key is None:
            yield command
        else:
            yield command._replace(title=t(lang, key), help=t(lang, f"{key}_help"))


def quit_hint(lang: str, key: str) -> tuple[str, str]:
    """(message, title) of the notice Ctrl+C shows: how to quit."""
    return t(lang, "textual.quit_prompt", keys=key), t(lang, "textual.quit_title")
