"""Version constraints in a cause's logic: syntax, columns, comparison, compilation."""

from __future__ import annotations

from pathlib import Path

import pytest

from jamfkb.kb.compiler import compile_tree
from jamfkb.kb.versions import canonical, parse_constraint, parse_version, satisfies


def test_versions_compare_as_numbers_with_missing_parts_zero() -> None:
    assert parse_version("10.25") == (10, 25)
    assert satisfies("10.25", ">=10.24.2, <10.26.1") is True
    assert satisfies("10.25.0", "==10.25") is True
    assert satisfies("10.9.0", ">=10.10") is False  # not a string comparison
    assert satisfies("10.26.1", ">=10.24.2, <10.26.1") is False
    assert satisfies("10.24.2", ">=10.24.2, <10.26.1") is True
    assert satisfies("11.2.0", "<11.3") is True
    assert satisfies("eleven", "<11.3") is None


@pytest.mark.parametrize(("text", "col", "words"), [
    ("10.24.2", 1, "needs an operator"),
    (">=10.24.2,, <10.26.1", 11, "empty clause"),
    (">=10.24.2, <ten", 13, "'ten' is not a version"),
    (">= 10.x", 4, "'10.x' is not a version"),
])
def test_a_bad_constraint_names_its_column(text: str, col: int, words: str) -> None:
    clauses, error = parse_constraint(text)
    assert clauses == ()
    assert error is not None
    assert words in error.message
    assert error.col == col


def test_the_canonical_form_is_what_explanations_show() -> None:
    clauses, error = parse_constraint(" >= 10.24.2 ,<10.26.1")
    assert error is None
    assert canonical(clauses) == ">=10.24.2, <10.26.1"


def _with_version_question(tree: Path) -> None:
    (tree / "firmware.toml").write_text('kind = "question"\nanswer_kind = "version"\n')
    for lang, title in (("en", "Which firmware?"), ("fr", "Quel micrologiciel ?")):
        (tree / f"firmware.{lang}.md").write_text(f'+++\ntitle = "{title}"\n+++\nText.\n')


def test_check_reports_a_bad_range_at_file_line_col(tiny_tree: Path) -> None:
    _with_version_question(tiny_tree)
    cause = tiny_tree / "toner-empty.toml"
    cause.write_text(cause.read_text().replace(
        'kind = "cause"\n', 'kind = "cause"\nversions = ">=2.1, <two"\n'))
    kb, diags = compile_tree(tiny_tree)
    assert kb is None
    assert [d.format() for d in diags.sorted() if d.severity == "error"] == [
        "toner-empty.toml:2:21: error: bad versions '>=2.1, <two': 'two' is not a version "
        "such as 10.24.2",
    ]


def test_a_range_needs_one_version_question(tiny_tree: Path) -> None:
    cause = tiny_tree / "toner-empty.toml"
    cause.write_text(cause.read_text().replace(
        'kind = "cause"\n', 'kind = "cause"\nversions = ">=2.1"\n'))
    kb, diags = compile_tree(tiny_tree)
    assert kb is None
    assert any("'versions' needs exactly one question with answer_kind" in d.format()
               and d.format().startswith("toner-empty.toml:2:") for d in diags)


def test_a_version_question_takes_no_choices_and_no_answer_rules(tiny_tree: Path) -> None:
    _with_version_question(tiny_tree)
    (tiny_tree / "firmware.toml").write_text(
        'kind = "question"\nanswer_kind = "version"\nchoices = ["old", "new"]\n')
    cause = tiny_tree / "worn-roller.toml"
    cause.write_text(cause.read_text() + '\n[[evidence]]\nquestion = "firmware"\n'
                     'answer = "old"\ncf = 0.5\n')
    kb, diags = compile_tree(tiny_tree)
    assert kb is None
    messages = [d.message for d in diags if d.severity == "error"]
    assert "a question answered with a version has no 'choices'" in messages
    assert any("is answered with a version: write the range in this cause's 'versions'" in m
               for m in messages)


def test_a_range_compiles_into_an_inside_and_an_outside_rule(tiny_tree: Path) -> None:
    _with_version_question(tiny_tree)
    cause = tiny_tree / "toner-empty.toml"
    cause.write_text(cause.read_text().replace(
        'kind = "cause"\n', 'kind = "cause"\nversions = ">= 2.1,<3"\n'))
    kb, diags = compile_tree(tiny_tree)
    assert kb is not None, diags
    assert kb.nodes["toner-empty"].versions == ">=2.1, <3"
    assert kb.nodes["firmware"].asks_version
    rules = {r.id: r for r in kb.rules if r.condition == "version"}
    assert sorted(rules) == ["toner-empty#versions:in", "toner-empty#versions:out"]
    inside, outside = rules["toner-empty#versions:in"], rules["toner-empty#versions:out"]
    assert (inside.subject, inside.value, inside.cf > 0) == ("firmware", "in >=2.1, <3", True)
    assert (outside.value, outside.cf < 0) == ("out >=2.1, <3", True)
    assert inside.gate == ("printer-broken",)
    assert (inside.source.path, inside.source.line) == ("toner-empty.toml", 2)
    assert not any(d.message.startswith("question 'firmware' is used by no rule") for d in diags)
