"""User settings (language, theme) stored as JSON in the user's config folder.

``JAMFKB_CONFIG_DIR`` overrides the folder (tests use it). Writes are atomic, and a
missing, unreadable or malformed file simply gives the defaults.

Config files are untrusted input too (a copied dotfile, a shared home): they are read
through :func:`read_config_file`, which opens regular files only and reads a bounded
amount, and a parse that fails in any way (deep nesting, a huge integer) is a bad file,
never a crash.
"""

from __future__ import annotations

import json
import os
import stat
from dataclasses import asdict, dataclass
from pathlib import Path

LANGS = ("en", "fr")
THEMES = ("textual-dark", "textual-light")  # what F8 toggles; the palette offers more
DEFAULT_THEME = THEMES[0]
MAX_THEME_NAME = 64
FILE_NAME = "settings.json"
# A settings or key map file is a few hundred bytes; anything beyond this is not one.
MAX_CONFIG_BYTES = 64 * 1024


class ConfigFileError(OSError):
    """A config file that is not read: not a regular file, or too large."""


@dataclass(slots=True)
class Settings:
    lang: str | None = None  # None: not chosen yet (the environment decides)
    theme: str = DEFAULT_THEME  # any theme name; the app falls back if it has no such theme


def config_dir() -> Path:
    from jamfkb.kb.userdirs import user_dir

    return user_dir("config")


def settings_path() -> Path:
    return config_dir() / FILE_NAME


def read_config_file(path: Path, limit: int = MAX_CONFIG_BYTES) -> bytes:
    """The bytes of a config file, at most ``limit``. Raises FileNotFoundError when there
    is none, ConfigFileError when it is not a regular file or is larger, OSError else.

    Opened non-blocking and checked with fstat before any read: a FIFO named
    ``keymap.toml`` would otherwise block the UI thread until a writer came, and a device
    such as /dev/zero would never end.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    fd = os.open(path, flags)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise ConfigFileError(f"{path}: not a regular file")
        chunks: list[bytes] = []
        size = 0
        while size <= limit and (chunk := os.read(fd, limit + 1 - size)):
            chunks.append(chunk)
            size += len(chunk)
    finally:
        os.close(fd)
    if size > limit:
        raise ConfigFileError(f"{path}: larger than {limit // 1024} KiB")
    return b"".join(chunks)


def load_settings(path: Path | None = None) -> Settings:
    path = path or settings_path()
    try:
        data = json.loads(read_config_file(path).decode("utf-8-sig"))
    except (OSError, ValueError, RecursionError):  # RecursionError: [[[[… nested deep
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
