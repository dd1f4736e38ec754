"""The cache never serves content older than the tree: an edit during a build, or a
same-size edit whose modification time was restored (cp -p, rsync -a, tar)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import jamfkb.kb.compiler as compiler
from jamfkb.kb import store
from jamfkb.tui.cli import main


def test_a_same_size_edit_with_its_mtime_restored_is_seen(tiny_tree: Path) -> None:
    before = store.manifest_key(tiny_tree)
    wording = tiny_tree / "paper-jam.en.md"
    st = wording.stat()
    text = wording.read_text()
    wording.write_text(text.replace("Paper jams", "Paper JAMS"))  # same size
    os.utime(wording, ns=(st.st_atime_ns, st.st_mtime_ns))  # as cp -p leaves it
    assert wording.stat().st_size == st.st_size
    assert store.manifest_key(tiny_tree) != before
    assert store.load(tiny_tree).kb.title("paper-jam", "en") == "Paper JAMS"  # type: ignore[union-attr]


def test_an_edit_made_during_a_build_is_not_stamped_fresh(
        tiny_tree: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real = compiler.compile_tree
    wording = tiny_tree / "paper-jam.en.md"

    def compile_then_edit(root: Path) -> object:
        result = real(root)
        wording.write_text(wording.read_text().replace("Paper jams", "Paper jams, edited"))
        return result

    monkeypatch.setattr(compiler, "compile_tree", compile_then_edit)
    assert main(["build", "--content", str(tiny_tree)]) == 0
    monkeypatch.setattr(compiler, "compile_tree", real)
    loaded = store.load(tiny_tree)
    assert not loaded.from_cache  # the artifact was stamped with the tree before the edit
    assert loaded.kb is not None
    assert loaded.kb.title("paper-jam", "en") == "Paper jams, edited"


def test_skipped_folders_are_reported(tiny_tree: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tiny_tree / "linked").symlink_to(elsewhere, target_is_directory=True)
    _, diags = compiler.compile_tree(tiny_tree)
    assert "linked:1:1: warning: folder skipped: it is a symbolic link" in [
        d.format() for d in diags]
