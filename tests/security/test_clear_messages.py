"""Issue 16, item 4 (the smaller ones): each failure says one clear thing, once.

``--answer`` IDs in any case (as ``show``), ``scan --json`` text escaped once, one message
for an unreadable logic file, the missing content folder named once, and a cache folder
that is a file named as such instead of "File exists".
"""

from __future__ import annotations

import builtins
import json
from pathlib import Path

import pytest

from jamfkb.kb.compiler import compile_tree
from tests.support import TINY, copy_tiny, run


def test_answer_question_ids_ignore_case_like_show(capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch,
                                                   tmp_path: Path) -> None:
    monkeypatch.setenv("JAMFKB_CACHE_DIR", str(tmp_path / "cache"))
    args = ("diagnose", "toner empty", "--content", str(TINY), "--json")
    code, lower, err = run(capsys, *args, "--answer", "toner-light=yes")
    assert code == 0, err
    code, upper, err = run(capsys, *args, "--answer", "TONER-LIGHT=yes")
    assert code == 0, err
    assert json.loads(upper) == json.loads(lower)


def test_scan_json_escapes_control_characters_once(capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch,
                                                   tmp_path: Path) -> None:
    monkeypatch.setenv("JAMFKB_CACHE_DIR", str(tmp_path / "cache"))
    log = tmp_path / "x.log"
    log.write_bytes(b"PRN-042 toner cartridge empty \x1b]0;t\x07 \xe2\x80\xae!\n")
    code, out, err = run(capsys, "scan", str(log), "--content", str(TINY), "--json")
    assert code == 0, err
    assert "\x1b" not in out and "\u202e" not in out  # still nothing raw on the terminal
    text = json.loads(out)["findings"][0]["text"]
    # a JSON reader gets the log's characters back, not "\\u001b" as six characters
    assert "\x1b]0;t\x07" in text and "\u202e" in text, text


def test_an_unreadable_logic_file_gives_one_message(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import jamfkb.kb.reading as reading

    tree = copy_tiny(tmp_path)
    real_open = builtins.open

    def refusing_open(path, *args, **kwargs):  # permissions do not stop root: fake EACCES
        if str(path).endswith("toner-empty.toml"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(reading, "open", refusing_open, raising=False)
    kb, diags = compile_tree(tree)
    errors = [d.format() for d in diags if d.severity == "error"]
    assert kb is None
    assert errors == ["toner-empty.toml:1:1: error: cannot read file: Permission denied"]


def test_a_missing_content_folder_is_named_once(tmp_path: Path) -> None:
    root = tmp_path / "nowhere"
    _, diags = compile_tree(root)
    assert [d.format(str(root)) for d in diags] == [
        f"{root}:1:1: error: content folder not found"]


def test_a_cache_folder_that_is_a_file_is_named(capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch,
                                                tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.write_text("not a folder")
    monkeypatch.setenv("JAMFKB_CACHE_DIR", str(cache))
    code, _, err = run(capsys, "build", "--content", str(TINY))
    lines = err.strip().splitlines()
    assert code == 1
    assert lines[-1].endswith(f"{cache} is a file, not a folder"), lines
    assert "File exists" not in err
