"""Where the logs are: the paths the ``collect-logs`` article names, and path completion
for the open-log dialog. Pure (no widget): the dialog and its tests use it."""

from __future__ import annotations

import itertools
import os
import re
from pathlib import Path

from jamfkb.kb.text import terminal_safe

ARTICLE = "collect-logs"
# an inline code span holding a path to a log file or a folder: `/var/log/jamf.log`,
# `~/Library/Logs/Company Portal/` (not a command, not a .plist)
_PATH_SPAN = re.compile(r"`((?:~|/)[^`\n]*?(?:/|\.log))`")


def article_paths(body: str) -> list[str]:
    """The log paths an article names, in order, without repeats."""
    seen: list[str] = []
    for match in _PATH_SPAN.finditer(body):
        if match.group(1) not in seen:
            seen.append(match.group(1))
    return seen


def existing_places(paths: list[str]) -> list[str]:
    """Those of ``paths`` that exist on this machine, as typed (``~`` kept)."""
    return [p for p in paths if Path(os.path.expanduser(p)).exists()]


def _common_start(names: list[str]) -> str:
    """The characters every name starts with (names of one folder, not paths)."""
    first, last = min(names), max(names)
    n = next((i for i, (a, b) in enumerate(zip(first, last, strict=False)) if a != b),
             min(len(first), len(last)))
    return first[:n]


def complete_path(value: str, limit: int = 200) -> str | None:
    """``value`` completed to the one entry it starts, or to the entries' common start;
    None when nothing longer fits. Folders end in ``/``."""
    if not value:
        return None
    expanded = os.path.expanduser(value)
    folder, _, start = expanded.rpartition(os.sep)
    folder = folder or (os.sep if expanded.startswith(os.sep) else ".")
    try:
        entries = itertools.islice(os.scandir(folder), limit)  # a huge folder: no wait
        names = sorted(e.name for e in entries
                       if e.name.startswith(start) and (start or not e.name.startswith(".")))
    except OSError:
        return None
    if not names:
        return None
    common = _common_start(names)
    if len(names) == 1 and os.path.isdir(os.path.join(folder, common)):
        common += os.sep
    if len(common) <= len(start):
        return None
    return terminal_safe(value + common[len(start):])
