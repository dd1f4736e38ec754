"""UI strings in English and French, from ``tui/data/strings.toml``.

Every key exists in both languages (a test enforces it). Content wording lives in
``content/``; this file is only for the interface itself.
"""

from __future__ import annotations

import os
import tomllib
from functools import lru_cache
from importlib import resources
from typing import Any

LANGS = ("en", "fr")


@lru_cache(maxsize=1)
def strings() -> dict[str, dict[str, str]]:
    data = tomllib.loads(
        resources.files("jamfkb.tui").joinpath("data/strings.toml").read_text(encoding="utf-8")
    )
    return {lang: _flatten(data[lang]) for lang in LANGS}


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
