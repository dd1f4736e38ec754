"""The same error, said short or in full, gives the same top cause; a cause's Why cites
only its own phrasings and those of its problem."""

from __future__ import annotations

import pytest

from jamfkb.engine.consultation import Consultation
from jamfkb.kb.model import KnowledgeBase
from jamfkb.tui.report import explanation


@pytest.fixture(scope="module")
def bundled() -> Consultation:
    from jamfkb.kb.store import load

    kb: KnowledgeBase | None = load().kb
    assert kb is not None
    return Consultation.for_kb(kb)


@pytest.mark.parametrize(("short", "full"), [
    ("could not retrieve access token",
     "Could not retrieve the access token for Microsoft Graph API. Check the configuration "
     "for Microsoft Intune Integration."),
])
def test_short_and_full_forms_give_the_same_top_cause(bundled: Consultation, short: str,
                                                      full: str) -> None:
    a, b = bundled.diagnose(short), bundled.diagnose(full)
    assert a.problems[0].id == b.problems[0].id
    assert a.causes[0].id == b.causes[0].id


def test_a_cause_is_not_said_by_the_words_of_its_problem_alone(bundled: Consultation) -> None:
    d = bundled.diagnose("could not retrieve access token")
    causes_mentioned = {m.node for m in d.mentions
                        if bundled.kb.nodes[m.node].kind == "cause"}
    assert causes_mentioned == set()


def test_a_why_cites_no_phrasing_of_another_cause(bundled: Consultation) -> None:
    d = bundled.diagnose("jamf pro license expired and now it could not retrieve the "
                         "access token for graph")
    assert len(d.causes) >= 2
    for cause in d.causes:
        problem = cause.problem
        cited = {f.rule.subject for f in explanation(d, cause) if f.rule.condition == "mention"}
        assert cited <= {cause.id, problem}, (cause.id, cited)
