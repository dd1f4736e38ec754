"""Signatures: each known error message found exactly, as whole words, in id order."""

from __future__ import annotations

from jamfkb.engine.signatures import SIGNATURE_CALLS_BEFORE_TABLE, SignatureFinder
from jamfkb.kb.model import KnowledgeBase
from jamfkb.kb.text import fold


def test_signatures_found_by_their_longest_word_are_those_found_one_by_one(
        bundled_kb: KnowledgeBase) -> None:
    """After SIGNATURE_CALLS_BEFORE_TABLE texts, only the signatures whose longest word
    the text holds are looked for: the same hits, in the same (id) order, as looking for
    every signature — whole words only, several on a line, one inside another's text."""
    signatures = sorted(bundled_kb.signatures, key=lambda s: s.id)
    texts = [f"2024-05-02 10:01:07 host jamf[44]: {s.text} (retry 3)" for s in signatures]
    texts += [f"{a.text} then {b.text}" for a, b in zip(signatures, reversed(signatures),
                                                       strict=True)]
    texts += [f"x{s.text}y" for s in signatures]  # glued to other words: no whole word
    texts += ["nothing to see here", ""]
    one_by_one = SignatureFinder(bundled_kb.signatures)
    by_table = SignatureFinder(bundled_kb.signatures)
    by_table._calls = SIGNATURE_CALLS_BEFORE_TABLE
    found = 0
    for text in texts:
        expected = one_by_one.find(fold(text))
        one_by_one._calls = 0  # always looked for one by one
        assert by_table.find(fold(text)) == expected, text
        found += len(expected)
    assert "_by_word" in vars(by_table)  # the table was used
    assert found >= 3 * len(signatures)
