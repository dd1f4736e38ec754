"""Plain-text rendering of article bodies (tui/render_text.py)."""

from __future__ import annotations


def test_wrap_breaks_at_spaces_only_and_keeps_french_punctuation() -> None:
    from jamfkb.tui.render_text import wrap

    assert wrap("deux temps : supprimer", 11) == ["deux", "temps :", "supprimer"]
    assert wrap("« texte » et all-devices-affected", 12) == [
        "« texte » et", "all-devices-affected"]
    assert wrap("", 10) == [""]
