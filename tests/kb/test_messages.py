"""What `check` says to a writer: 'did you mean', stray files, unclosed strings, and a
hint when a single kind folder is checked."""

from __future__ import annotations

from pathlib import Path

import pytest

from jamfkb.kb.compiler import compile_tree
from jamfkb.tui.cli import main


def messages(root: Path) -> list[str]:
    _, diags = compile_tree(root)
    return [d.format() for d in diags.sorted()]


def test_an_unknown_reference_suggests_the_closest_id(tiny_tree: Path) -> None:
    cause = tiny_tree / "toner-empty.toml"
    cause.write_text(cause.read_text().replace('question = "toner-light"',
                                               'question = "toner-lights"', 1))
    assert any("unknown question 'toner-lights' (did you mean 'toner-light'?)" in m
               for m in messages(tiny_tree))


def test_a_broken_link_suggests_and_is_reported_once_at_its_line(tiny_tree: Path) -> None:
    wording = tiny_tree / "printer-broken.en.md"
    wording.write_text(wording.read_text().replace("kb:toner-empty", "kb:toner-emty"))
    found = [m for m in messages(tiny_tree) if "link to unknown ID" in m]
    assert found == ["printer-broken.en.md:7:1: error: link to unknown ID 'toner-emty' "
                     "(did you mean 'toner-empty'?)"]


def test_nothing_close_means_no_suggestion(tiny_tree: Path) -> None:
    cause = tiny_tree / "toner-empty.toml"
    cause.write_text(cause.read_text().replace('question = "toner-light"',
                                               'question = "zebra"', 1))
    assert any(m.endswith("unknown question 'zebra'") for m in messages(tiny_tree))


@pytest.mark.parametrize("name", ["paper-jam.fr.markdown", "paper-jam.EN.md", "notes.txt"])
def test_stray_files_are_reported(tiny_tree: Path, name: str) -> None:
    (tiny_tree / name).write_text("x")
    assert f"{name}:1:1: warning: not part of the knowledge base: a node is ID.toml, " \
           "ID.en.md and ID.fr.md" in messages(tiny_tree)


def test_an_unclosed_string_is_named(tiny_tree: Path) -> None:
    (tiny_tree / "toner-empty.toml").write_text('kind = "cause"\nfoo = "abc\n')
    assert ("toner-empty.toml:2:11: error: invalid TOML: unclosed string: end it with a "
            "quote on the same line (text on several lines goes between triple quotes)"
            ) in messages(tiny_tree)


def test_checking_one_kind_folder_hints_at_the_content_root(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bundled = Path(__file__).resolve().parents[2] / "content"
    assert main(["check", "--content", str(bundled / "causes"), "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert f"hint: {bundled / 'causes'} is one folder of a content tree; check the whole " \
           f"tree: jamfkb check --content {bundled}" in err


def test_show_and_answers_suggest_ids(capsys: pytest.CaptureFixture[str]) -> None:
    tiny = str(Path(__file__).resolve().parents[1] / "fixtures" / "tiny")
    assert main(["show", "toner-emty", "--content", tiny, "--lang", "en"]) == 1
    assert "unknown ID 'toner-emty' (did you mean: toner-empty?)" in capsys.readouterr().err
    assert main(["diagnose", "x", "--answer", "toner-lite=yes", "--content", tiny]) == 2
    assert "unknown question 'toner-lite' (did you mean 'toner-light'?)" in \
        capsys.readouterr().err
