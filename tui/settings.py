"""User settings (language, theme) stored as JSON in the user's config folder.

``JAMFKB_CONFIG_DIR`` overrides the folder (tests use it). Writes are atomic, and a
missing, unreadable or malformed file simply gives the defaults.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

LANGS = ("en", "fr")
THEMES = ("textual-dark", "textual-light")  # what F8 toggles; the palette offers more
DEFAULT_THEME = THEMES[0]
MAX_THEME_NAME = 64
FILE_NAME = "settings.json"


@dataclass(slots=True)
class Settings:
    lang: str | None = None  # None: not chosen yet (the environment decides)
    theme: str = DEFAULT_THEME  # any theme name; the app falls back if it has no such theme


def config_dir() -> Path:
    override = os.environ.get("JAMFKB_CONFIG_DIR")
    if override:
        return Path(override)
    from platformdirs import user_config_dir

    return Path(user_config_dir("jamfkb", appauthor=False))


def settings_path() -> Path:
    return config_dir() / FILE_NAME


def load_settings(path: Path | None = None) -> Settings:
    path = path or settings_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Settings()
    if not isinstance(data, dict):
        return Settings()
    lang = data.get("lang")
    theme = data.get("theme")
    return Settings(
        lang=lang if lang in LANGS else None,
        theme=theme if is_theme_name(theme) else DEFAULT_THEME,
    )


def is_theme_name(value: object) -> bool:
    """A plausible theme name: Textual's are short lowercase words joined by dashes."""
    return (isinstance(value, str) and 0 < len(value) <= MAX_THEME_NAME
            and all(c.isascii() and (c.isalnum() or c in "-_") for c in value))


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write the settings atomically; raises OSError when the folder is not writable."""
    from jamfkb.kb.store import atomic_write

    payload = json.dumps(asdict(settings), indent=2, sort_keys=True) + "\n"
    atomic_write(path or settings_path(), payload.encode("utf-8"))
