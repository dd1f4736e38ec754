"""Incremental compile: with a read cache, one edited file is read and parsed again,
and the result is the cold compile's."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

import jamfkb.kb.reading as reading
from jamfkb.kb import store
from jamfkb.kb.artifact_format import to_dict
from jamfkb.kb.compiler import compile_tree
from jamfkb.tui.cli import main


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    real_logic, real_wording = reading._read_logic, reading._read_wording

    def logic(node_id: str, rel: str, *rest: object) -> object:
        seen.append(rel)
        return real_logic(node_id, rel, *rest)  # type: ignore[arg-type]

    def wording(node_id: str, lang: str, rel: str, *rest: object) -> object:
        seen.append(rel)
        return real_wording(node_id, lang, rel, *rest)  # type: ignore[arg-type]

    monkeypatch.setattr(reading, "_read_logic", logic)
    monkeypatch.setattr(reading, "_read_wording", wording)
    return seen


def test_only_the_edited_file_is_parsed_again(tiny_tree: Path, parses: list[str]) -> None:
    cache: reading.ReadCache = {}
    first, _ = compile_tree(tiny_tree, cache)
    assert len(parses) == 24  # 8 nodes, three files each
    parses.clear()
    wording = tiny_tree / "paper-jam.en.md"
    wording.write_text(wording.read_text().replace("Paper jams", "Paper jams, edited"))
    again, _ = compile_tree(tiny_tree, cache)
    assert parses == ["paper-jam.en.md"]
    cold, _ = compile_tree(tiny_tree)
    assert again is not None and cold is not None and first is not None
    assert to_dict(again) == to_dict(cold)
    assert again.match_texts() == cold.match_texts()
    assert again.title("paper-jam", "en") == "Paper jams, edited"


def test_errors_of_unchanged_files_are_still_reported(tiny_tree: Path) -> None:
    cache: reading.ReadCache = {}
    (tiny_tree / "paper-jam.toml").write_text('kind = "problem"\nx = \n')
    _, diags = compile_tree(tiny_tree, cache)
    first = [d.format() for d in diags]
    _, diags = compile_tree(tiny_tree, cache)
    assert [d.format() for d in diags] == first
    assert any("paper-jam.toml:2" in line for line in first)


def test_a_removed_file_leaves_the_cache(tiny_tree: Path) -> None:
    cache: reading.ReadCache = {}
    compile_tree(tiny_tree, cache)
    for suffix in (".toml", ".en.md", ".fr.md"):
        (tiny_tree / f"new-computer{suffix}").unlink()
    compile_tree(tiny_tree, cache)
    assert not any(rel.startswith("new-computer") for rel in cache)


def test_stale_temporary_files_are_removed(tmp_path: Path) -> None:
    old = tmp_path / ".kb-1234.json.abcd.tmp"
    fresh = tmp_path / ".kb-1234.json.efgh.tmp"
    kept = tmp_path / "kb-1234.json"
    for path in (old, fresh, kept):
        path.write_bytes(b"x" * 100)
    an_hour_ago = time.time() - 2 * store.STALE_TEMP_SECONDS
    os.utime(old, (an_hour_ago, an_hour_ago))
    assert store.remove_stale_temp_files(tmp_path) == 1
    assert not old.exists() and fresh.exists() and kept.exists()


def test_jamfkb_content_names_a_writers_repository(
        tiny_tree: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("JAMFKB_CONTENT", str(tiny_tree))
    assert main(["list", "--kind", "problem", "--lang", "en"]) == 0
    assert "printer-broken" in capsys.readouterr().out
