"""Copy text to the clipboard from a terminal app: OSC 52, then native tools, then a file.

OSC 52 (``App.copy_to_clipboard``) works in most terminals but not all (macOS Terminal,
some tmux setups), and there is no way to know whether it worked. So the text is also
handed to the first clipboard tool found; with none, it is written to a file in the user's
data folder and the user is told where.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

# (command, arguments); the first one installed is used.
TOOLS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("pbcopy", ()),
    ("wl-copy", ()),
    ("xclip", ("-selection", "clipboard")),
    ("xsel", ("--clipboard", "--input")),
)
CLIP_FILE = "clipboard.txt"


@dataclass(frozen=True, slots=True)
class CopyOutcome:
    tool: str | None  # the clipboard tool that took the text
    file: Path | None  # the file the text was written to, when no tool worked


def data_dir() -> Path:
    from jamfkb.kb.userdirs import user_dir

    return user_dir("data")


def _display_available(tool: str) -> bool:
    if tool == "wl-copy":
        return bool(os.environ.get("WAYLAND_DISPLAY"))
    if tool in ("xclip", "xsel"):
        return bool(os.environ.get("DISPLAY"))
    return True


def copy_with_tool(text: str) -> str | None:
    """Give ``text`` to the first working clipboard tool; its name, or None."""
    if os.environ.get("JAMFKB_NO_CLIPBOARD_TOOLS"):
        return None
    for tool, args in TOOLS:
        exe = shutil.which(tool)
        if exe is None or not _display_available(tool):
            continue
        try:
            subprocess.run([exe, *args], input=text.encode("utf-8"), check=True,
                           timeout=3, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        except (OSError, subprocess.SubprocessError):
            continue
        return tool
    return None


def copy_fallback(text: str) -> CopyOutcome:
    """Native tool, else a file in the data folder. Raises OSError if both fail."""
    tool = copy_with_tool(text)
    if tool is not None:
        return CopyOutcome(tool, None)
    from jamfkb.kb.store import atomic_write

    path = data_dir() / CLIP_FILE
    atomic_write(path, text.encode("utf-8"))
    return CopyOutcome(None, path)
