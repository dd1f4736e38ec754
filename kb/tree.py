"""The files of a content tree: which ones take part, in a stable order.

Kept apart from the compiler so that checking whether the cache is fresh does not
import the Markdown parser.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from jamfkb.kb.model import LANGS


def iter_content_files(root: Path) -> Iterator[Path]:
    """The files of a content tree in a stable order, skipping hidden and Python files."""
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "__")))
        for name in sorted(filenames):
            if name.startswith(".") or name.endswith((".py", ".pyc")):
                continue
            yield Path(dirpath) / name


def classify(name: str) -> tuple[str, str, str] | None:
    """(id, role, lang) for a content file name; role is 'logic' or 'wording'."""
    if name.endswith(".toml"):
        return name[: -len(".toml")], "logic", ""
    for lang in LANGS:
        suffix = f".{lang}.md"
        if name.endswith(suffix):
            return name[: -len(suffix)], "wording", lang
    return None

