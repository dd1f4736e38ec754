"""Compatibility only: the helpers moved to tests/support.py and tests/security/support.py.

tests/test_hardening_tui.py (moved by the TUI test reorganisation) still imports from
here. Delete this package once nothing imports ``tests.fuzz.support``.
"""

from __future__ import annotations

from tests.security.support import (
    UNSAFE,
    NetworkUsed,
    examples,
    fuzz_settings,
    no_network,
    real_content_usable,
    source_tree,
    unsafe_bytes,
    unsafe_chars,
)
from tests.support import CONTENT, PYTHON, REPO, TINY, copy_tiny

__all__ = [
    "CONTENT", "PYTHON", "REPO", "TINY", "UNSAFE", "NetworkUsed", "copy_tiny", "examples",
    "fuzz_settings", "no_network", "real_content_usable", "source_tree", "unsafe_bytes",
    "unsafe_chars",
]
