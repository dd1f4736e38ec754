"""Logic lint: content that compiles but cannot work as meant, as warnings at file:line."""

from __future__ import annotations

from pathlib import Path

from jamfkb.kb.compiler import compile_tree


def warnings_of(root: Path) -> list[str]:
    _, diags = compile_tree(root)
    return [d.format() for d in diags.sorted() if d.severity == "warning"]


def test_the_tiny_tree_is_lint_free_but_for_its_empty_articles(tiny_tree: Path) -> None:
    assert [w for w in warnings_of(tiny_tree) if "article body is empty" not in w] == []


def test_a_cause_with_no_evidence_of_its_own(tiny_tree: Path) -> None:
    cause = tiny_tree / "driver-missing.toml"
    cause.write_text(cause.read_text().split("[[evidence]]")[0])
    for lang in ("en", "fr"):
        wording = tiny_tree / f"driver-missing.{lang}.md"
        text = wording.read_text()
        wording.write_text("\n".join(line for line in text.split("\n")
                                     if not line.startswith("phrasings")))
    assert ("driver-missing.toml:1:1: warning: cause 'driver-missing' has no evidence of its "
            "own: only its problem's prior can raise it (give it phrasings, a signature or a "
            "question)") in warnings_of(tiny_tree)


def test_two_causes_nothing_tells_apart(tiny_tree: Path) -> None:
    # worn-roller is paper-jam's only cause: give it a twin with the same (no) evidence
    for suffix in (".toml", ".en.md", ".fr.md"):
        text = (tiny_tree / f"worn-roller{suffix}").read_text()
        (tiny_tree / f"dusty-roller{suffix}").write_text(
            text.replace("worn", "dusty").replace("Worn", "Dusty").replace("usé", "poussiéreux"))
    found = [w for w in warnings_of(tiny_tree) if "cannot be told apart" in w]
    assert found == ["worn-roller.toml:1:1: warning: causes 'dusty-roller' and 'worn-roller' of "
                     "problem 'paper-jam' cannot be told apart: no question, signature or "
                     "version range separates them"]


def test_one_phrasing_in_two_unrelated_nodes(tiny_tree: Path) -> None:
    wording = tiny_tree / "paper-jam.en.md"
    wording.write_text(wording.read_text().replace("phrasings = [",
                                                   'phrasings = ["printing fails", ', 1))
    # reported where it comes second, in ID order
    assert any(w.startswith("printer-broken.en.md:3:1:") and 'phrasing "printing fails" is '
               "also a phrasing of 'paper-jam'" in w for w in warnings_of(tiny_tree))


def test_a_cause_and_its_own_problem_may_share_a_phrasing(tiny_tree: Path) -> None:
    wording = tiny_tree / "toner-empty.en.md"
    wording.write_text(wording.read_text().replace("phrasings = [",
                                                   'phrasings = ["printing fails", ', 1))
    assert not any("is also a phrasing" in w for w in warnings_of(tiny_tree))


def test_priors_that_add_up_to_more_than_one(tiny_tree: Path) -> None:
    cause = tiny_tree / "toner-empty.toml"
    cause.write_text(cause.read_text().replace("printer-broken = 0.6", "printer-broken = 0.9"))
    assert ("printer-broken.toml:1:1: warning: the priors of the causes of 'printer-broken' "
            "add up to 1.30, more than 1: lower some so that they stay in proportion"
            ) in warnings_of(tiny_tree)


def test_todo_markers_and_control_characters(tiny_tree: Path) -> None:
    wording = tiny_tree / "paper-jam.en.md"
    wording.write_text(wording.read_text().replace('title = "Paper jams"',
                                                   'title = "TODO: Paper jams"'))
    assert "paper-jam.en.md:2:1: warning: 'title' still holds a TODO marker" in \
        warnings_of(tiny_tree)
    wording.write_text(wording.read_text().replace('title = "TODO: Paper jams"',
                                                   'title = "Jams\\n2. ██ 99% FAKE"'))
    _, diags = compile_tree(tiny_tree)
    assert "paper-jam.en.md:2:1: error: control character U+000A in 'title': it must be " \
           "one line of plain text" in [d.format() for d in diags]


def test_a_diagnostic_is_always_one_line(tiny_tree: Path) -> None:
    logic = tiny_tree / "paper-jam.toml"
    logic.write_text(logic.read_text() + '"evil\\nkey" = 1\n')
    _, diags = compile_tree(tiny_tree)
    lines = [d.format() for d in diags]
    assert lines and all("\n" not in line for line in lines)
