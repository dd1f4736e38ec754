"""Version answers: read in a text, turned into facts, weighed by a cause's range."""

from __future__ import annotations

from pathlib import Path

import pytest

from jamfkb.engine.consultation import Consultation
from jamfkb.engine.versions import answer_facts, versions_in_text
from jamfkb.kb.compiler import compile_tree
from jamfkb.tui.report import cause_why_lines

RANGE = ">=10.24.2, <10.26.1"


@pytest.mark.parametrize(("text", "expected"), [
    ("prompts every day since Jamf Pro 10.24.2", ["10.24.2"]),
    ("We upgraded Jamf to 10.25 last week", ["10.25"]),
    ("2024-05-02 10:12:44 [INFO] Jamf Pro Version: 11.9.0 starting", ["11.9.0"]),
    ("About Jamf Pro\nVersion: 11.9.0-t1718", ["11.9.0"]),
    ("on est passés en 10.25.0 de Jamf Pro", ["10.25.0"]),
    ("jamf pro v10.26.1", ["10.26.1"]),
])
def test_a_jamf_pro_version_is_found_in_the_text(text: str, expected: list[str]) -> None:
    assert [f.version for f in versions_in_text(text)] == expected


@pytest.mark.parametrize("text", [
    "macOS 10.15.7 Catalina, Jamf managed",  # a macOS version, not Jamf's
    "ProductVersion: 14.5",
    "Company Portal 5.2404.0 crashes on jamf macs",
    "Jamf Pro 10.24.2.1.5 something",  # not a version
    "AADSTS7000215 at 10.24 o'clock",
])
def test_other_numbers_are_not_a_jamf_pro_version(text: str) -> None:
    assert versions_in_text(text) == []


def test_the_line_of_the_version_is_kept() -> None:
    (found,) = versions_in_text("first line\n  Version: 11.9.0  \nthird")
    assert (found.line, found.text) == (2, "Version: 11.9.0")


def test_a_version_answer_becomes_one_fact_per_range() -> None:
    ranges = {"jamf-pro-version": (">=10.24.2, <10.26.1", "<11.3")}
    facts = answer_facts({"jamf-pro-version": "10.25.0", "ever-worked": "no",
                          "all-users": "unknown"}, ranges)
    assert facts == [
        ("ever-worked", "no", "no"),
        ("jamf-pro-version", "in >=10.24.2, <10.26.1", "10.25.0"),
        ("jamf-pro-version", "in <11.3", "10.25.0"),
    ]
    assert answer_facts({"jamf-pro-version": "11.4"}, ranges) == [
        ("jamf-pro-version", "out >=10.24.2, <10.26.1", "11.4"),
        ("jamf-pro-version", "out <11.3", "11.4"),
    ]
    assert answer_facts({"jamf-pro-version": "not a version"}, ranges) == []


@pytest.fixture
def versioned(tiny_tree: Path) -> Consultation:
    (tiny_tree / "server-version.toml").write_text(
        'kind = "question"\nanswer_kind = "version"\n')
    for lang, title in (("en", "Which version?"), ("fr", "Quelle version ?")):
        (tiny_tree / f"server-version.{lang}.md").write_text(
            f'+++\ntitle = "{title}"\n+++\nText.\n')
    cause = tiny_tree / "worn-roller.toml"
    cause.write_text(cause.read_text().replace(
        'kind = "cause"\n', f'kind = "cause"\nversions = "{RANGE}"\n', 1))
    kb, diags = compile_tree(tiny_tree)
    assert kb is not None, diags
    return Consultation.for_kb(kb)


def _certainty(consultation: Consultation, text: str, **answers: str) -> float:
    d = consultation.diagnose(text, answers)
    return next((c.certainty for c in (*d.causes, *d.ruled_out) if c.id == "worn-roller"), 0.0)


def test_a_version_inside_the_range_raises_the_cause_and_outside_rules_it_out(
        versioned: Consultation) -> None:
    text = "paper jam"
    unknown = _certainty(versioned, text)
    inside = _certainty(versioned, text, **{"server-version": "10.25.0"})
    outside = _certainty(versioned, text, **{"server-version": "11.2.0"})
    assert inside > unknown > 0
    assert outside < 0.05 < unknown
    d = versioned.diagnose(text, {"server-version": "11.2.0"})
    assert "worn-roller" not in [c.id for c in d.causes]
    assert "worn-roller" in [c.id for c in d.ruled_out]


def test_a_version_in_the_text_answers_and_the_why_cites_its_line(
        versioned: Consultation) -> None:
    d = versioned.diagnose("paper jam\nsince we upgraded Jamf Pro 10.25.0")
    assert d.answers["server-version"] == "10.25.0"
    assert d.found_answers["server-version"].line == 2
    cause = next(c for c in d.causes if c.id == "worn-roller")
    why = "\n".join(cause_why_lines(versioned.kb, d, cause, "en"))
    assert (f"version 10.25.0 is within {RANGE}, read on line 2 of the text: "
            "\"since we upgraded Jamf Pro 10.25.0\"") in why
    assert "[worn-roller#versions:in @ worn-roller.toml:2]" in why
    french = "\n".join(cause_why_lines(versioned.kb, d, cause, "fr"))
    assert f"la version 10.25.0 est dans l'intervalle {RANGE}" in french


def test_an_answer_given_wins_over_the_text(versioned: Consultation) -> None:
    d = versioned.diagnose("paper jam on Jamf Pro 10.25.0", {"server-version": "11.2.0"})
    assert d.answers["server-version"] == "11.2.0"
    assert d.found_answers == {}
    assert "worn-roller" not in [c.id for c in d.causes]


def test_the_version_question_is_asked_when_it_separates_the_causes(
        versioned: Consultation) -> None:
    d = versioned.diagnose("paper jam")
    assert "server-version" in d.questions
