"""`jamfkb new KIND ID` and `check --strict` / `--stats`: a writer's first steps."""

from __future__ import annotations

from pathlib import Path

import pytest

from jamfkb.kb.compiler import compile_tree
from jamfkb.kb.model import KINDS
from jamfkb.tui.cli import main


@pytest.mark.parametrize("kind", KINDS)
def test_new_writes_three_files_that_pass_check_with_todo_warnings(
        tiny_tree: Path, kind: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", kind, f"my-{kind}", "--content", str(tiny_tree), "--lang", "en"]) == 0
    out = capsys.readouterr().out.split()
    assert [Path(p).name for p in out] == [f"my-{kind}.toml", f"my-{kind}.en.md",
                                           f"my-{kind}.fr.md"]
    kb, diags = compile_tree(tiny_tree)
    assert kb is not None, [d.format() for d in diags]
    assert f"my-{kind}" in kb.nodes
    todos = [d for d in diags if "TODO" in d.message and f"my-{kind}" in d.path]
    assert todos and all(d.severity == "warning" for d in todos)


def test_new_refuses_an_existing_id_or_a_bad_one(
        tiny_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "cause", "toner-empty", "--content", str(tiny_tree)]) == 2
    assert "'toner-empty' already exists" in capsys.readouterr().err
    assert main(["new", "cause", "Bad_ID", "--content", str(tiny_tree)]) == 2
    assert main(["new", "printer", "x", "--content", str(tiny_tree)]) == 2


def test_strict_makes_warnings_fail(tiny_tree: Path) -> None:
    assert main(["check", "--content", str(tiny_tree)]) == 0  # two empty-article warnings
    assert main(["check", "--content", str(tiny_tree), "--strict"]) == 1


def test_stats_per_language_and_per_node(
        tiny_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--content", str(tiny_tree), "--stats"]) == 0
    err = capsys.readouterr().err
    assert "en: 8/8 nodes translated" in err
    assert "fr: 8/8 nodes translated" in err
    line = next(x for x in err.splitlines() if x.startswith("printer-broken "))
    assert line.split()[1:] == ["problem", "3/0", "3/0", "1"]  # PRN-042
