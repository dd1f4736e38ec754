"""UI strings in English and French, from ``tui/data/strings.toml``.

Every key exists in both languages (a test enforces it). Content wording lives in
``content/``; this file is only for the interface itself.

Every start needs the strings for its first frame. Parsing the TOML (``tomllib``, pure
Python) and importing ``tomllib`` and ``importlib.resources`` took ~9 ms of a 300 ms app
start, so the flattened table is kept as JSON in the cache folder, checked against the
TOML file's path, size and modification time (``json`` is imported by the CLI anyway).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import zlib
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

LANGS = ("en", "fr")
CACHE_VERSION = 2  # bump when the cached form changes


@lru_cache(maxsize=1)
def strings() -> dict[str, dict[str, str]]:
    source = Path(__file__).with_name("data") / "strings.toml"
    try:
        info = os.stat(source)
    except OSError:  # not a plain file on disk (a zip import): no cache
        return _parse(_read_resource())
    # ctime and inode too: `cp -p` and `rsync -a` restore the mtime of a same-size edit
    stamp = [CACHE_VERSION, str(source), info.st_size, info.st_mtime_ns, info.st_ctime_ns,
             info.st_ino]
    path = cache_path(source)
    cached = _read_cache(path, stamp)
    if cached is not None:
        return cached
    table = _parse(source.read_text(encoding="utf-8"))
    _write_cache(path, stamp, table)
    return table


def _read_resource() -> str:
    from importlib import resources

    return resources.files("jamfkb.tui").joinpath("data/strings.toml").read_text(
        encoding="utf-8")


def _parse(text: str) -> dict[str, dict[str, str]]:
    import tomllib

    data = tomllib.loads(text)
    return {lang: _flatten(data[lang]) for lang in LANGS}


def cache_path(source: Path) -> Path:
    """One cache file per strings file: two installs used in turn (a released one and a
    working copy) would otherwise replace each other's at every start."""
    from jamfkb.kb.userdirs import user_dir

    return user_dir("cache") / f"ui-strings-{zlib.crc32(str(source).encode()):08x}.json"


# The cached table is the user's file, like the config: it is used only if every string
# could have come from strings.toml. No markup bracket (tab labels and border titles are
# parsed as markup), no control character or escape sequence, and format fields that are
# plain names with at most a short numeric spec ({cf:.0%}, {cf:+.2f}).
MAX_CACHE_BYTES = 1024 * 1024  # strings.toml is 30 KB
_FIELD = re.compile(r"\{[^\W\d]\w*(?::[+-]?\.\d[f%])?\}")  # {count}, {cf:.0%}, {cf:+.2f}


def _read_cache(path: Path, stamp: list[Any]) -> dict[str, dict[str, str]] | None:
    """The cached table, if it was made from this very file; None otherwise (missing,
    stale, unreadable, too big, not a regular file, not the expected shape, or holding a
    string strings.toml could not hold: it is then parsed again)."""
    from jamfkb.tui.settings import read_config_file

    try:
        data = json.loads(read_config_file(path, MAX_CACHE_BYTES))
    except (OSError, ValueError, RecursionError):  # a FIFO or a device: not a regular file
        return None
    if not isinstance(data, dict) or data.get("stamp") != stamp:
        return None
    table = data.get("strings")
    if not isinstance(table, dict) or set(table) != set(LANGS):
        return None
    for texts in table.values():
        if not isinstance(texts, dict) or not all(isinstance(v, str) for v in texts.values()):
            return None
    if not plausible_strings(v for texts in table.values() for v in texts.values()):
        return None
    return table


def plausible_strings(texts: Iterable[str]) -> bool:
    """Whether every one of ``texts`` could be a string of strings.toml (see
    MAX_CACHE_BYTES). Checked on the texts joined: one by one, the 538 strings took
    1.5 ms of every start."""
    from jamfkb.kb.text import terminal_safe  # already loaded by tui.safe_text

    joined = "\n".join(texts)
    if "[" in joined or terminal_safe(joined) != joined:
        return False
    rest = _FIELD.sub("", joined)  # what is left of a brace is no plain field
    return "{" not in rest and "}" not in rest


def _write_cache(path: Path, stamp: list[Any], table: dict[str, dict[str, str]]) -> None:
    from jamfkb.kb.store import atomic_write

    payload = json.dumps({"stamp": stamp, "strings": table}, ensure_ascii=False)
    # A read-only cache folder: the TOML is parsed at every start, as before.
    with contextlib.suppress(OSError):
        atomic_write(path, payload.encode("utf-8"))


def _flatten(table: dict[str, Any], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in table.items():
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = str(value)
    return flat


def t(lang: str, key: str, **values: Any) -> str:
    """The string ``key`` in ``lang`` (English if missing), formatted with ``values``."""
    table = strings()
    text = table.get(lang, table["en"]).get(key) or table["en"].get(key, key)
    return text.format(**values) if values else text


def plural_form(lang: str, count: int) -> str:
    """"one" or "other": French counts 0 and 1 as singular, English only 1."""
    return "one" if count == 1 or (lang == "fr" and count == 0) else "other"


def tn(lang: str, key: str, count: int, **values: Any) -> str:
    """``key.one`` or ``key.other`` for ``count`` ("1 file", "2 files", "0 fichier")."""
    return t(lang, f"{key}.{plural_form(lang, count)}", count=count, **values)


def colon(lang: str) -> str:
    """": " in English, " : " in French: French puts a space before the colon."""
    return t(lang, "punct.colon")


def default_lang(environ: dict[str, str] | None = None) -> str:
    """``LC_ALL``, then ``LANG``: anything starting with ``fr`` gives French."""
    env = os.environ if environ is None else environ
    for var in ("LC_ALL", "LANG"):
        value = env.get(var, "")
        if value:
            return "fr" if value.lower().startswith("fr") else "en"
    return "en"
