"""Compatibility only, no tests: these tests now live in tests/security/ (by threat).

tests/test_hardening_tui.py (moved by the TUI test reorganisation) still imports the
hostile content tree from here. Delete this file once it imports
``tests.security.support`` instead.
"""

from __future__ import annotations

from tests.security.support import MARKUP, write_hostile_tree

__all__ = ["MARKUP", "write_hostile_tree"]
