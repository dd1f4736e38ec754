"""Text folding for matching (kb/text.py)."""

from __future__ import annotations


def test_fold_keeps_the_status_n_a() -> None:
    from jamfkb.kb.text import fold

    assert fold("Conformité N/A dans Entra ID") == "conformite na dans entra"
    assert fold("status: n/a).") == "status na"
    assert fold("a/n/a/b cn/a n/ab") == "a n a b cn a n ab"  # paths and words stay apart
