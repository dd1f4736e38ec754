"""``jamfkb check`` and ``jamfkb build``: exit codes, diagnostics on stdout, the summary
on stderr, and a missing or empty content folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import run


def test_check_exit_codes(capsys: pytest.CaptureFixture[str], tiny_tree: Path) -> None:
    assert run(capsys, "check", "--content", str(tiny_tree))[0] == 0
    (tiny_tree / "paper-jam.fr.md").unlink()
    code, out, _ = run(capsys, "check", "--content", str(tiny_tree))
    assert code == 1
    assert f"{tiny_tree}/paper-jam.toml:1:1: error: node 'paper-jam' has no French file" in out


def test_check_on_an_empty_folder_is_an_error(capsys: pytest.CaptureFixture[str],
                                              tmp_path: Path) -> None:
    code, out, err = run(capsys, "check", "--content", str(tmp_path), "--lang", "fr")
    assert code == 1
    assert out == ""
    assert err.strip() == (f"jamfkb: error: aucun contenu dans {tmp_path} : chaque nœud "
                           "tient en trois fichiers, ID.toml, ID.en.md et ID.fr.md "
                           "(voir docs/CONTENT_GUIDE.md)")


def test_check_success_prints_a_summary_on_stderr(capsys: pytest.CaptureFixture[str],
                                                  tiny_tree: Path) -> None:
    nodes = len(list(tiny_tree.glob("*.toml")))
    code, out, err = run(capsys, "check", "--content", str(tiny_tree), "--lang", "en")
    assert code == 0 and out.count(": warning: the article body is empty") == 2
    assert err.strip() == f"{nodes} node(s) checked, no errors, 2 warning(s)"
    for lang in ("en", "fr"):  # an article with a body: no warning left
        with (tiny_tree / f"new-computer.{lang}.md").open("a") as file:
            file.write("\nSome text.\n")
    code, out, err = run(capsys, "check", "--content", str(tiny_tree), "--lang", "en")
    assert code == 0
    assert out == ""  # stdout is for diagnostics only
    assert err.strip() == f"{nodes} node(s) checked, no errors"
    code, _, err = run(capsys, "check", "--content", str(tiny_tree), "--lang", "fr")
    assert err.strip() == f"{nodes} nœud(s) vérifié(s), aucune erreur"


def test_check_missing_folder_names_it_once(tmp_path: Path, capsys) -> None:
    missing = tmp_path / "missing"
    code, out, err = run(capsys, "check", "--content", str(missing))
    assert code == 1
    assert (out + err).count(str(missing)) == 1, out + err


def test_build_on_a_missing_folder_names_it_once(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "build", "--content", "/no/such/dir")
    assert code == 1
    assert err.strip() == "jamfkb: error: content folder not found: /no/such/dir"
