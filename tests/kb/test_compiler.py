"""The compiler and checker: every error class at its exact path, line and message."""

from __future__ import annotations

from pathlib import Path

import pytest

from jamfkb.kb.compiler import compile_tree


def diags_of(root: Path) -> list[str]:
    _, diags = compile_tree(root)
    return [d.format() for d in diags.sorted()]


def errors_of(root: Path) -> list[str]:
    _, diags = compile_tree(root)
    return [d.format() for d in diags.sorted() if d.severity == "error"]


def test_tiny_fixture_compiles(tiny_tree: Path) -> None:
    kb, diags = compile_tree(tiny_tree)
    assert kb is not None
    assert not diags.has_errors
    assert set(kb.nodes) == {
        "printer-broken", "paper-jam", "toner-empty", "driver-missing", "worn-roller",
        "replace-toner", "toner-light", "new-computer",
    }
    toner = kb.nodes["toner-empty"]
    assert toner.problems == {"printer-broken": 0.6}
    assert toner.resolutions == ("replace-toner",)
    assert kb.nodes["printer-broken"].links == ("toner-empty",)
    rule_ids = {r.id for r in kb.rules}
    assert "toner-empty#prior:printer-broken" in rule_ids
    assert "toner-empty#evidence[1]" in rule_ids
    answer = next(r for r in kb.rules if r.id == "toner-empty#evidence[1]")
    assert (answer.condition, answer.subject, answer.value, answer.cf) == (
        "answer", "toner-light", "yes", 0.7)
    assert answer.gate == ("printer-broken",)
    assert str(answer.source) == "toner-empty.toml:8"


def test_malformed_front_matter(tiny_tree: Path) -> None:
    (tiny_tree / "paper-jam.en.md").write_text('+++\ntitle = "Paper jams\n+++\n# x\n')
    assert errors_of(tiny_tree) == [
        "paper-jam.en.md:2:20: error: invalid TOML in front matter: unclosed string: end it "
        "with a quote on the same line (text on several lines goes between triple quotes)",
    ]


def test_missing_front_matter(tiny_tree: Path) -> None:
    (tiny_tree / "paper-jam.fr.md").write_text("# Bourrage\n")
    assert errors_of(tiny_tree) == [
        "paper-jam.fr.md:1:1: error: missing front matter: the file must start with a line '+++'",
    ]


def test_unclosed_front_matter(tiny_tree: Path) -> None:
    (tiny_tree / "paper-jam.fr.md").write_text('+++\ntitle = "x"\n')
    assert errors_of(tiny_tree) == [
        "paper-jam.fr.md:1:1: error: front matter is not closed: add a line '+++' after it",
    ]


def test_unknown_field_in_logic_and_wording(tiny_tree: Path) -> None:
    path = tiny_tree / "worn-roller.toml"
    path.write_text(path.read_text() + "colour = \"red\"\n")
    wording = tiny_tree / "paper-jam.en.md"
    wording.write_text(wording.read_text().replace('title = "Paper jams"',
                                                   'title = "Paper jams"\npriority = 3'))
    assert errors_of(tiny_tree) == [
        "paper-jam.en.md:3:1: error: unknown field 'priority' (allowed: examples, phrasings, "
        "summary, title)",
        "worn-roller.toml:5:1: error: unknown field 'colour' (allowed: aliases, applies_to, "
        "evidence, kind, problems, resolutions, sources, versions)",
    ]


def test_missing_required_fields(tiny_tree: Path) -> None:
    (tiny_tree / "worn-roller.toml").write_text('kind = "cause"\nproblems = { paper-jam = 0.5 }\n')
    (tiny_tree / "paper-jam.en.md").write_text('+++\nphrasings = ["a b", "c d", "e f"]\n+++\n# x\n')
    assert errors_of(tiny_tree) == [
        "paper-jam.en.md:1:1: error: missing required field 'title'",
        "worn-roller.toml:1:1: error: missing required field 'resolutions'",
    ]


def test_missing_kind(tiny_tree: Path) -> None:
    (tiny_tree / "new-computer.toml").write_text("aliases = []\n")
    assert "new-computer.toml:1:1: error: missing required field 'kind' (one of: problem, " \
        "cause, resolution, question, article)" in errors_of(tiny_tree)


def test_duplicate_id(tiny_tree: Path) -> None:
    sub = tiny_tree / "more"
    sub.mkdir()
    (sub / "paper-jam.toml").write_text('kind = "problem"\n')
    assert "more/paper-jam.toml:1:1: error: duplicate ID 'paper-jam': also defined in " \
        "paper-jam.toml:1" in errors_of(tiny_tree)


def test_missing_translation(tiny_tree: Path) -> None:
    (tiny_tree / "worn-roller.fr.md").unlink()
    assert errors_of(tiny_tree) == [
        "worn-roller.toml:1:1: error: node 'worn-roller' has no French file: expected "
        "worn-roller.fr.md",
    ]


def test_wording_without_logic(tiny_tree: Path) -> None:
    (tiny_tree / "ghost.en.md").write_text('+++\ntitle = "Ghost"\n+++\n# Ghost\n')
    assert errors_of(tiny_tree) == [
        "ghost.en.md:1:1: error: wording file without logic file: expected ghost.toml",
    ]


def test_structure_differs(tiny_tree: Path) -> None:
    (tiny_tree / "replace-toner.fr.md").write_text(
        '+++\ntitle = "Remplacer le toner"\n+++\n# Remplacer le toner\n\n- une étape\n\n'
        "```\nlpstat -p\n```\n"
    )
    assert errors_of(tiny_tree) == [
        "replace-toner.fr.md:6:1: error: French and English structure differ: a bullet list "
        "here, a code block at replace-toner.en.md:6",
    ]


def test_translated_command_is_caught(tiny_tree: Path) -> None:
    (tiny_tree / "replace-toner.fr.md").write_text(
        '+++\ntitle = "Remplacer le toner"\n+++\n# Remplacer le toner\n\n```\nlpstat -a\n```\n'
    )
    assert errors_of(tiny_tree) == [
        "replace-toner.fr.md:6:1: error: French and English structure differ: code blocks "
        "differ (commands and messages are never translated)",
    ]


def test_unknown_link_and_reference(tiny_tree: Path) -> None:
    for lang in ("en", "fr"):
        path = tiny_tree / f"paper-jam.{lang}.md"
        path.write_text(path.read_text() + "\nSee [it](kb:no-such-node).\n")
    cause = tiny_tree / "worn-roller.toml"
    cause.write_text(cause.read_text().replace('["replace-toner"]', '["replace-tonner"]'))
    assert errors_of(tiny_tree) == [
        "paper-jam.en.md:7:1: error: link to unknown ID 'no-such-node'",
        "paper-jam.fr.md:7:1: error: link to unknown ID 'no-such-node'",
        "worn-roller.toml:4:1: error: unknown resolution 'replace-tonner' (did you mean "
        "'replace-toner'?)",
    ]


def test_reference_to_wrong_kind(tiny_tree: Path) -> None:
    cause = tiny_tree / "worn-roller.toml"
    cause.write_text(cause.read_text().replace('["replace-toner"]', '["toner-light"]'))
    assert "worn-roller.toml:4:1: error: 'toner-light' is a question, not a resolution" in \
        errors_of(tiny_tree)


def test_cause_reached_by_no_problem(tiny_tree: Path) -> None:
    cause = tiny_tree / "worn-roller.toml"
    cause.write_text(cause.read_text().replace("{ paper-jam = 0.7 }", "{}"))
    assert errors_of(tiny_tree) == [
        "worn-roller.toml:3:1: error: cause 'worn-roller' is reached by no problem: list at "
        "least one in 'problems'",
    ]


def test_cause_without_resolution(tiny_tree: Path) -> None:
    cause = tiny_tree / "worn-roller.toml"
    cause.write_text(cause.read_text().replace('["replace-toner"]', "[]"))
    assert errors_of(tiny_tree) == [
        "worn-roller.toml:4:1: error: cause 'worn-roller' has no resolution: list at least one "
        "in 'resolutions'",
    ]


def test_question_used_by_no_rule(tiny_tree: Path) -> None:
    (tiny_tree / "lonely.toml").write_text('kind = "question"\n')
    (tiny_tree / "lonely.en.md").write_text('+++\ntitle = "Alone?"\n+++\nBody.\n')
    (tiny_tree / "lonely.fr.md").write_text('+++\ntitle = "Seul ?"\n+++\nCorps.\n')
    assert "lonely.toml:1:1: warning: question 'lonely' is used by no rule" in diags_of(tiny_tree)
    assert errors_of(tiny_tree) == []


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("cf = 0.7", "cf = 1.5",
         "toner-empty.toml:11:1: error: certainty 1.5 is out of range: 'cf' must lie in [-1, 1]"),
        ("cf = 0.8", "cf = -0.2",
         "toner-empty.toml:7:1: error: certainty -0.2 is out of range: 'cf' must lie in (0, 1]"),
        ("printer-broken = 0.6", "printer-broken = 0",
         "toner-empty.toml:3:1: error: certainty 0 is out of range: 'problems.printer-broken' "
         "must lie in (0, 1]"),
        ("cf = 0.7", 'cf = "high"',
         "toner-empty.toml:11:1: error: field 'cf' must be a number"),
    ],
)
def test_certainty_out_of_range(tiny_tree: Path, old: str, new: str, expected: str) -> None:
    path = tiny_tree / "toner-empty.toml"
    path.write_text(path.read_text().replace(old, new, 1))
    assert errors_of(tiny_tree) == [expected]


def test_answer_not_a_choice(tiny_tree: Path) -> None:
    path = tiny_tree / "toner-empty.toml"
    path.write_text(path.read_text().replace('answer = "yes"', 'answer = "maybe"'))
    assert errors_of(tiny_tree) == [
        "toner-empty.toml:10:1: error: answer 'maybe' is not a choice of question 'toner-light' "
        "(choices: yes, no)",
    ]


def test_invalid_toml_in_logic(tiny_tree: Path) -> None:
    (tiny_tree / "new-computer.toml").write_text('kind = "question"\nchoices = [yes]\n')
    assert errors_of(tiny_tree) == [
        "new-computer.toml:2:12: error: invalid TOML: Invalid value",
    ]


def test_invalid_utf8(tiny_tree: Path) -> None:
    (tiny_tree / "paper-jam.fr.md").write_bytes(b'+++\ntitle = "Bourrage \xff"\n+++\n')
    assert errors_of(tiny_tree) == [
        "paper-jam.fr.md:2:19: error: file is not valid UTF-8 (byte 0xff)",
    ]


def test_every_error_reported_in_one_run(tiny_tree: Path) -> None:
    (tiny_tree / "worn-roller.fr.md").unlink()
    (tiny_tree / "new-computer.toml").write_text('kind = "questoin"\n')
    path = tiny_tree / "toner-empty.toml"
    path.write_text(path.read_text().replace("cf = 0.7", "cf = 2"))
    errors = errors_of(tiny_tree)
    assert len(errors) == 3
    assert any("unknown kind 'questoin'" in e for e in errors)


def test_problem_listed_twice_through_an_alias(tiny_tree: Path) -> None:
    path = tiny_tree / "printer-broken.toml"
    path.write_text('aliases = ["pb"]\n' + path.read_text())
    cause = tiny_tree / "driver-missing.toml"
    cause.write_text(cause.read_text().replace("{ printer-broken = 0.4 }",
                                               "{ printer-broken = 0.4, pb = 0.05 }"))
    assert errors_of(tiny_tree) == [
        "driver-missing.toml:3:1: error: 'pb' is listed twice in 'problems' (as "
        "'printer-broken')",
    ]


def test_structure_and_links_reported_in_the_same_run(tiny_tree: Path) -> None:
    (tiny_tree / "printer-broken.fr.md").write_text(
        '+++\ntitle = "x"\nphrasings = ["a b", "c d", "e f"]\n+++\n## Titre\n\nVoir.\n'
    )
    errors = errors_of(tiny_tree)
    assert any("structure differ" in e for e in errors)
    assert any("links differ: only English links to toner-empty" in e for e in errors)


def test_revision_must_be_a_date(tiny_tree: Path) -> None:
    path = tiny_tree / "paper-jam.toml"
    path.write_text(path.read_text() + 'sources = [{ doc = "x", revision = "spring" }]\n')
    assert errors_of(tiny_tree) == [
        "paper-jam.toml:3:1: error: revision 'spring' must be a date: YYYY-MM or YYYY-MM-DD",
    ]


def test_each_phrasing_keeps_its_own_line(tiny_tree: Path) -> None:
    """An explanation cites the line of the phrasing that matched, in a multi-line list
    with comments, escaped quotes and a string written over two lines (one line of text:
    the backslash joins them)."""
    (tiny_tree / "printer-broken.en.md").write_text(
        '+++\n'
        'title = "The printer does not print"\n'
        'phrasings = [  # how users say it\n'
        '  "printer does not print",\n'
        '  # a comment between items, with "quotes" and a [bracket]\n'
        '  "the \\"print\\" button does nothing", "nothing comes out",\n'
        '  """printing \\\n'
        '  fails""",\n'
        '  \'literal [brackets] inside\',\n'
        ']\n'
        '+++\n'
        '# The printer does not print\n\nSee [toner](kb:toner-empty).\n')
    kb, diags = compile_tree(tiny_tree)
    assert kb is not None, diags
    wording = kb.nodes["printer-broken"].wording["en"]
    assert wording.phrasing_lines == (4, 6, 6, 7, 9)
    assert wording.line_of('the "print" button does nothing') == 6
    assert wording.line_of("literal [brackets] inside") == 9
    assert wording.line_of("The printer does not print") == wording.title_line == 2
    assert wording.line_of("not a phrasing") == wording.phrasings_line == 3
    # a round trip through the compiled artifact keeps the lines
    from jamfkb.kb.artifact_format import from_dict, to_dict

    again = from_dict(to_dict(kb)).nodes["printer-broken"].wording["en"]
    assert again.phrasing_lines == wording.phrasing_lines and again.title_line == 2


def _generation_question(tree: Path, choices: str) -> None:
    (tree / "which-setup.toml").write_text(
        f'kind = "question"\nasks_generation = true\nchoices = [{choices}]\n')
    for lang, title in (("en", "Which setup?"), ("fr", "Quelle installation ?")):
        (tree / f"which-setup.{lang}.md").write_text(
            f'+++\ntitle = "{title}"\n[choices]\nlegacy-ca = "A"\ncloud-connector = "B"\n'
            'device-compliance = "C"\n+++\nBody.\n')


def test_a_generation_question_needs_the_generations_as_choices(tiny_tree: Path) -> None:
    _generation_question(tiny_tree, '"legacy-ca", "cloud-connector", "something-else"')
    kb, diags = compile_tree(tiny_tree)
    assert kb is None
    assert "which-setup.toml:2:1: error: a question that asks the generation must have " \
        "exactly these choices: legacy-ca, cloud-connector, device-compliance" in \
        [d.format() for d in diags]


def test_applies_to_counts_against_a_cause_answered_out_of_scope(tiny_tree: Path) -> None:
    """A cause's applies_to is evidence once a question asks the generation: the other
    generations count against it, unless the cause's own evidence covers that answer."""
    _generation_question(tiny_tree, '"legacy-ca", "cloud-connector", "device-compliance"')
    driver = tiny_tree / "driver-missing.toml"
    driver.write_text(driver.read_text().replace(
        'kind = "cause"\n', 'kind = "cause"\napplies_to = ["legacy-ca"]\n', 1)
        + '[[evidence]]\nquestion = "which-setup"\nanswer = "cloud-connector"\ncf = -0.2\n')
    kb, diags = compile_tree(tiny_tree)
    assert kb is not None, diags
    scope = {r.id: r for r in kb.rules if "#applies_to:" in r.id}
    assert sorted(scope) == ["driver-missing#applies_to:which-setup=device-compliance"]
    rule = scope["driver-missing#applies_to:which-setup=device-compliance"]
    assert (rule.condition, rule.value, rule.cf, str(rule.source)) == \
        ("answer", "device-compliance", -0.7, "driver-missing.toml:2")
    from jamfkb.engine.consultation import Consultation

    consultation = Consultation.for_kb(kb)

    def certainty(answers: dict[str, str]) -> float:
        d = consultation.diagnose("printer does not print", answers)
        return next((c.certainty for c in d.causes if c.id == "driver-missing"), 0.0)

    base = certainty({})
    assert certainty({"which-setup": "device-compliance"}) < base * 0.5
    assert certainty({"which-setup": "cloud-connector"}) < base  # its own, milder evidence
    assert certainty({"which-setup": "legacy-ca"}) == base
