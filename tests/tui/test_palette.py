"""tui/palette.py: every entry names a binding of the table (or an action with no key)."""

from __future__ import annotations

from jamfkb.tui.bindings import by_id
from jamfkb.tui.i18n import strings
from jamfkb.tui.palette import ENTRIES, UNBOUND_ACTIONS


def test_entries_name_bindings_and_strings() -> None:
    known = by_id()
    for title_key, binding_id in ENTRIES:
        assert title_key in strings()["en"]
        if binding_id is None:
            assert title_key in UNBOUND_ACTIONS
        else:
            assert binding_id in known
