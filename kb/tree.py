"""The files of a content tree: which ones take part, in a stable order.

Kept apart from the compiler so that checking whether the cache is fresh does not
import the Markdown parser.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from jamfkb.kb.model import LANGS


def iter_content_files(root: Path, skipped: list[tuple[Path, str]] | None = None
                       ) -> Iterator[Path]:
    """The files of a content tree in a stable order, skipping hidden and Python files.

    Folders that cannot be read, and symbolic links to folders (never followed, so a
    tree cannot loop or reach outside itself), are added to ``skipped`` with why."""
    def unreadable(exc: OSError) -> None:
        if skipped is not None and exc.filename is not None:
            skipped.append((Path(exc.filename), f"cannot read folder: {exc.strerror or exc}"))

    for dirpath, dirnames, filenames in os.walk(root, onerror=unreadable):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "__")))
        if skipped is not None:
            for d in [d for d in dirnames if os.path.islink(os.path.join(dirpath, d))]:
                skipped.append((Path(dirpath) / d, "folder skipped: it is a symbolic link"))
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

