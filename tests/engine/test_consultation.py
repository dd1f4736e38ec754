"""A consultation: what counts as matched, which mentions reach the engine, which
questions come next, and causes that evidence rules out."""

from __future__ import annotations

from jamfkb.engine.consultation import Consultation


def test_unrelated_text_gives_nothing(consultation: Consultation) -> None:
    d = consultation.diagnose("how do I change my desktop wallpaper")
    assert not d.matched
    assert d.problems == () and d.causes == () and d.questions == ()


def test_answers_alone_bring_up_nothing(consultation: Consultation) -> None:
    d = consultation.diagnose("", {"new-computer": "yes", "toner-light": "no"})
    assert not d.matched


def test_questions_separate_the_top_causes(consultation: Consultation) -> None:
    d = consultation.diagnose("printer does not print")
    # toner-light moves both causes, in opposite directions: it separates them best
    assert d.questions == ("toner-light", "new-computer")
    answered = consultation.diagnose("printer does not print", {"toner-light": "yes"})
    assert answered.questions == ("new-computer",)
    jam = consultation.diagnose("paper jam")
    assert jam.questions == ()  # no question tells anything about worn-roller


def test_error_lines_and_wording_are_narrowed_apart() -> None:
    """An error message found word for word (1.0) must not push the sentence that names
    the cause below the margin: each kind keeps its own best matches."""
    from jamfkb.engine.consultation import MAX_MENTIONS, MENTION_MARGIN, best_mentions
    from jamfkb.engine.matcher import Mention

    signature = Mention("graph-token-error", 1.0, "Check the configuration…", "sig")
    near_signature = Mention("inventory-send-fails", 1.0 - MENTION_MARGIN - 0.01, "Test…", "sig")
    cause = Mention("graph-ports-closed", 0.48, "le pare-feu bloque…", "fr")
    close = Mention("graph-app-permissions", 0.48 - MENTION_MARGIN + 0.01, "app…", "en")
    weak = Mention("cause-3", 0.48 - MENTION_MARGIN - 0.01, "license…", "en")
    kept = best_mentions([weak, close, near_signature, cause, signature])  # any order
    assert kept == [signature, cause, close]
    many = [Mention(f"c{i:02}", 0.9 - i / 1000, "x", "en") for i in range(MAX_MENTIONS + 5)]
    errors = [Mention(f"e{i:02}", 0.95 - i / 1000, "x", "sig") for i in range(MAX_MENTIONS + 5)]
    both = best_mentions(many + errors)  # the cap is per kind
    assert both == errors[:MAX_MENTIONS] + many[:MAX_MENTIONS]
    assert best_mentions([]) == []


def test_balanced_evidence_rounds_to_zero(consultation: Consultation) -> None:
    """Evidence that cancels out gives 0, not -1e-17; a cause pushed off the list by
    negative evidence is reported as ruled out, below the listing threshold."""
    from jamfkb.engine.consultation import CAUSE_THRESHOLD

    d = consultation.diagnose("PRN-042 toner cartridge empty",
                              answers={"toner-light": "no"})
    for c in d.ruled_out:
        assert c.certainty < CAUSE_THRESHOLD
        assert c.certainty == round(c.certainty, 4)
        assert any(f.cf < 0 for f in c.firings)
