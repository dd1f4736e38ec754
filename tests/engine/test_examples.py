"""Examples as tests: each example must reach its node; a miss is reported at its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from jamfkb.engine.consultation import Consultation
from jamfkb.engine.examples import check_examples
from jamfkb.kb.compiler import compile_tree
from jamfkb.tui.cli import main


def _with_examples(tree: Path, node: str, examples: str) -> None:
    wording = tree / f"{node}.en.md"
    text = wording.read_text()
    wording.write_text(text.replace("+++\n", f"+++\nexamples = {examples}\n", 1))


def _misses(tree: Path) -> list[str]:
    kb, diags = compile_tree(tree)
    assert kb is not None, diags
    return [m.format() for m in check_examples(Consultation.for_kb(kb))]


def test_examples_that_reach_their_node_pass(tiny_tree: Path) -> None:
    _with_examples(tiny_tree, "printer-broken", '["the printer prints nothing at all"]')
    _with_examples(tiny_tree, "toner-empty", '''[
  "TONER LOW warning on the display",
  { text = "printing fails", answers = { toner-light = "yes" } },
]''')
    assert _misses(tiny_tree) == []


def test_a_miss_names_its_line_and_what_came_first(tiny_tree: Path) -> None:
    _with_examples(tiny_tree, "printer-broken", '["paper jam in tray 2"]')
    driver = tiny_tree / "driver-missing.toml"
    driver.write_text(driver.read_text() + '[[evidence]]\nquestion = "new-computer"\n'
                      'answer = "no"\ncf = -0.9\n')
    _with_examples(tiny_tree, "driver-missing", '''[
  "printing fails",
  { text = "printing fails", answers = { toner-light = "yes", new-computer = "no" } },
]''')
    misses = _misses(tiny_tree)
    assert 'printer-broken.en.md:2:1: error: example "paper jam in tray 2" puts paper-jam ' \
           "first, not printer-broken" in misses
    assert ("driver-missing.en.md:4:1: error: example \"printing fails\" does not put "
            "driver-missing in the first 3 causes (toner-empty)") in misses
    assert len(misses) == 2  # the first example of driver-missing reaches it


def test_check_runs_examples_unless_told_not_to(
        tiny_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _with_examples(tiny_tree, "printer-broken", '["paper jam in tray 2"]')
    assert main(["check", "--content", str(tiny_tree), "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert "printer-broken.en.md:2:1: error: example" in out
    assert main(["check", "--content", str(tiny_tree), "--lang", "en", "--no-examples"]) == 0


def test_example_answers_must_be_a_table(tiny_tree: Path) -> None:
    _with_examples(tiny_tree, "toner-empty", '[{ text = "x", answers = "yes" }]')
    _, diags = compile_tree(tiny_tree)
    assert any("an example's answers are a table" in d.message for d in diags)
