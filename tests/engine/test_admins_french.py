"""Admins' French: words typed without their apostrophe, colloquial filler, no accents."""

from __future__ import annotations

import pytest

from jamfkb.engine.consultation import Consultation
from jamfkb.kb.model import KnowledgeBase


@pytest.fixture(scope="module")
def bundled() -> Consultation:
    from jamfkb.kb.store import load

    kb: KnowledgeBase | None = load().kb
    assert kb is not None
    return Consultation.for_kb(kb)


def test_a_word_glued_to_its_article_is_read_as_the_word(bundled: Consultation) -> None:
    unglued = bundled.matcher.unglued
    assert unglued("linscription") == "inscription"
    # the vocabulary decides: English words that start like an article stay whole
    assert unglued("license") == "license"
    assert unglued("login") == "login"
    assert unglued("inscription") == "inscription"


def test_without_apostrophe_and_accents_the_same_problem(bundled: Consultation) -> None:
    a = bundled.diagnose("l'inscription échoue")
    b = bundled.diagnose("linscription echoue")
    assert a.problems and b.problems
    assert a.problems[0].id == b.problems[0].id == "registration-fails"


def test_colloquial_filler_is_not_a_symptom(bundled: Consultation) -> None:
    plain = bundled.diagnose("doublons dans intune")
    chatty = bundled.diagnose("galère avec les doublons dans intune")
    assert plain.problems[0].id == chatty.problems[0].id == "duplicate-entries"
