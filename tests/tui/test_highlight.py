"""tui/highlight.py: the words highlighted are the ones the engine matched."""

from __future__ import annotations

from functools import lru_cache

from jamfkb.engine.consultation import Consultation
from jamfkb.kb.store import load
from jamfkb.tui.highlight import highlight_matches, matched_word_spans, plain


@lru_cache(maxsize=1)
def bundled() -> Consultation:
    kb = load().kb
    assert kb is not None
    return Consultation.for_kb(kb)


def test_a_code_with_digits_highlights_only_itself() -> None:
    """The matcher has an exact rule for words with digits; the highlight follows it
    (it used to match the query again with rapidfuzz, and lit AADSTS7000215 up for a
    query of AADSTS53003)."""
    words = bundled().diagnose("AADSTS53003").matched_words
    assert matched_word_spans("AADSTS7000215: invalid client secret", words) == []
    words = bundled().diagnose("AADSTS7000215 error").matched_words
    assert matched_word_spans("AADSTS7000215: invalid client secret", words) == [
        "AADSTS7000215"]


def test_plural_and_folded_forms_of_a_matched_word() -> None:
    words = bundled().diagnose("device registration fails").matched_words
    assert matched_word_spans("Devices fail to register", words) == [
        "Devices", "fail", "register"]


def test_nothing_matched_nothing_highlighted() -> None:
    content = highlight_matches("[b]bold?[/b] Devices", frozenset())
    assert content.plain == "[b]bold?[/b] Devices" and not content.spans


def test_plain_shows_markup_and_control_characters_literally() -> None:
    assert plain("[@click=app.quit]x\x1b[31m").plain.startswith("[@click=app.quit]x")
    assert "\x1b" not in plain("\x1b[31m").plain
