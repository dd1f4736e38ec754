"""Nothing reaches the terminal raw: escape sequences, C1 controls and bidi overrides in
diagnostics, error messages, file names, log lines and arguments are neutralised on every
CLI output path, and ``--json`` stays valid JSON.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from jamfkb.tui.cli import main
from tests.security.support import assert_safe, unsafe_bytes
from tests.support import PYTHON, REPO, TINY, copy_tiny, run

ESC = "\x1b]0;pwned\x07\x1b[2J\u202e"


def _diagnose_tree(tmp_path: Path) -> Path:
    """A tree whose diagnostics echo hostile content: kind, field name, file names."""
    root = copy_tiny(tmp_path)
    (root / "evil-kind.toml").write_text('kind = "\\u001b]0;pwned\\u0007"\n', encoding="utf-8")
    (root / "paper-jam.toml").write_text('kind = "problem"\n"\\u001b[2J" = 1\n',
                                         encoding="utf-8")
    (root / "bad\x1b[2J.toml").write_text('kind = "problem"\n', encoding="utf-8")
    (root / "stray\x1b]0;x\x07.md").write_text("hello\n", encoding="utf-8")
    (root / "toner-light.en.md").write_text(
        '+++\ntitle = "x"\nsummary = "\\u001b[2J"\n+++\n[bad link](kb:\x1b[2J)\n',
        encoding="utf-8")
    return root


def test_check_diagnostics_echoing_content_are_safe(tmp_path: Path, capsys) -> None:
    root = _diagnose_tree(tmp_path)
    code, out, err = run(capsys, "check", "--content", str(root))
    assert code == 1
    assert_safe(out, err)
    assert "unknown kind" in out and "invalid ID" in out and "unknown field" in out
    assert "\\x1b" in out or "\\u001b" in out


def test_load_errors_echoing_content_are_safe(tmp_path: Path, capsys) -> None:
    root = _diagnose_tree(tmp_path)
    code, out, err = run(capsys, "list", "--content", str(root))
    assert code == 1
    assert_safe(out, err)
    assert "has errors" in err


def _argv_cases(tmp: Path) -> list[tuple[list[str], int]]:
    tiny = str(TINY)
    folder = tmp / f"folder{ESC}"
    folder.mkdir(exist_ok=True)
    return [
        (["diagnose", "x", "--answer", f"toner-light={ESC}", "--content", tiny], 2),
        (["diagnose", "x", "--answer", f"{ESC}=yes", "--content", tiny], 2),
        (["diagnose", "x", "--answer", ESC, "--content", tiny], 2),
        (["diagnose", ESC, "--lang", ESC, "--content", tiny], 2),
        (["list", "--kind", ESC, "--content", tiny], 2),
        (["show", ESC, "--content", tiny], 1),
        (["show", "paper-jam", "--content", str(tmp / f"missing{ESC}")], 1),
        (["check", "--content", str(tmp / f"missing{ESC}")], 1),
        (["scan", str(tmp / f"nothing{ESC}.log"), "--content", tiny], 2),
        (["scan", str(folder), "--content", tiny], 2),
        (["diagnose", "x", "--top", ESC, "--content", tiny], 2),
        ([ESC], 2),
        (["build", "-o", str(folder), "--content", tiny], 1),
    ]


def test_error_messages_echoing_user_input_are_safe(tmp_path: Path, capsys) -> None:
    for argv, expected in _argv_cases(tmp_path):
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse usage errors
            code = exc.code
        captured = capsys.readouterr()
        assert code == expected, (argv, captured.err)
        assert_safe(captured.out, captured.err)
        shown = captured.out + captured.err
        assert "\\x1b" in shown or "\\u001b" in shown, (argv, shown)


def test_scan_text_and_json_with_hostile_file_name_and_lines(tmp_path: Path, capsys) -> None:
    log = tmp_path / f"log{ESC}.txt"
    log.write_bytes(b"\x1b]0;pwned\x07 PRN-042 toner cartridge empty \x1b[2J\x9b\x00\r\n"
                    b"ok \xff\xfe TONER LOW warning \x07\n")
    for extra in ([], ["--json"]):
        code, out, err = run(capsys, "scan", str(log), "--content", str(TINY), *extra)
        assert code == 0, err
        assert_safe(out, err)
        if extra:
            findings = json.loads(out)["findings"]
            assert [f["line"] for f in findings] == [1, 2]
            assert findings[0]["file"] == str(log)  # the real name, escaped only in transit
        else:
            assert ":1:" in out and ":2:" in out


def test_build_output_path_with_escape_codes_is_safe(tmp_path: Path, capsys) -> None:
    target = tmp_path / f"kb{ESC}.json"
    code, out, err = run(capsys, "build", "-o", str(target), "--content", str(TINY))
    assert code == 0, err
    assert target.is_file()
    assert_safe(out, err)


@pytest.mark.parametrize("char", ["\x7f", "\x85", "\x9b"])
def test_json_stays_valid_with_del_and_c1_in_query(capsys, char: str) -> None:
    code, out, _ = run(capsys, "diagnose", f"paper jam {char}", "--json", "--content",
                       str(TINY))
    assert code == 0
    assert json.loads(out)["query"] == f"paper jam {char}"


def test_list_json_stays_valid_with_c1_in_title(tmp_path: Path, capsys) -> None:
    """A C1 control in a title no longer reaches any output: `check` refuses it (one line
    of plain text), and every command says so instead of printing the tree."""
    root = copy_tiny(tmp_path)
    for lang in ("en", "fr"):
        path = root / f"paper-jam.{lang}.md"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace('title = "', 'title = "\\u0085\\u007f', 1),
                        encoding="utf-8")
    code, out, err = run(capsys, "list", "--json", "--content", str(root))
    assert code == 1
    assert "control character U+0085 in 'title'" in out + err
    assert "\x85" not in out + err


def test_undecodable_argv_bytes_are_not_echoed_raw(tmp_path: Path) -> None:
    env = {**os.environ, "JAMFKB_CACHE_DIR": str(tmp_path), "PYTHONPATH": str(REPO)}
    proc = subprocess.run(
        [os.fsencode(PYTHON), b"-m", b"jamfkb.tui.cli", b"diagnose", b"\x9b2J paper jam", b"--json",
         b"--content", os.fsencode(TINY)],
        env=env, capture_output=True, timeout=60, check=False,
    )
    assert proc.returncode == 0
    assert unsafe_bytes(proc.stdout) == []
