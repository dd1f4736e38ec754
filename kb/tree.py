"""The files of a content tree: which ones take part, in a stable order.

Kept apart from the compiler so that checking whether the cache is fresh does not
import the Markdown parser.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from jamfkb.kb.model import LANGS


def walk_files(root: Path | str, skipped: list[tuple[Path, str]] | None = None
               ) -> Iterator[tuple[str, os.DirEntry[str]]]:
    """(path relative to ``root``, entry) for every file of a content tree, in a stable
    order, skipping hidden files and folders, ``__pycache__``-like folders and Python files.

    One walk for the compiler and the freshness check, with ``os.scandir``: its entries
    carry their stat, which Path objects would fetch again (a third of a reload at ×100).
    Folders that cannot be read, and symbolic links to folders (never followed, so a
    tree cannot loop or reach outside itself), are added to ``skipped`` with why."""
    def walk(folder: str, prefix: str) -> Iterator[tuple[str, os.DirEntry[str]]]:
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            if skipped is not None:
                skipped.append((Path(folder), f"cannot read folder: {exc.strerror or exc}"))
            return
        folders = []
        for entry in entries:  # a folder's files first, then its subfolders
            name = entry.name
            if name.startswith("."):
                continue
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
                if not is_dir and entry.is_symlink() and entry.is_dir():
                    if skipped is not None:
                        skipped.append((Path(entry.path),
                                        "folder skipped: it is a symbolic link"))
                    continue
            except OSError:
                is_dir = False
            if is_dir:
                if not name.startswith("__"):
                    folders.append(entry)
            elif not name.endswith((".py", ".pyc")):
                yield prefix + name, entry
        for entry in folders:
            yield from walk(entry.path, f"{prefix}{entry.name}/")

    yield from walk(str(root), "")


def iter_content_files(root: Path, skipped: list[tuple[Path, str]] | None = None
                       ) -> Iterator[Path]:
    """The files of a content tree as paths (see ``walk_files``)."""
    for _rel, entry in walk_files(root, skipped):
        yield Path(entry.path)


def classify(name: str) -> tuple[str, str, str] | None:
    """(id, role, lang) for a content file name; role is 'logic' or 'wording'."""
    if name.endswith(".toml"):
        return name[: -len(".toml")], "logic", ""
    for lang in LANGS:
        suffix = f".{lang}.md"
        if name.endswith(suffix):
            return name[: -len(suffix)], "wording", lang
    return None

