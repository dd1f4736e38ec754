"""Content is data: code, shell and Textual markup in a shared content tree are shown,
never run, and never reach the terminal raw.

A content tree shared by someone else is untrusted. Its titles, summaries, phrasings,
signatures and bodies carry Python, shell, markup and escape codes here (see
``support.write_hostile_tree``); the TUI side is in tests/test_hardening_tui.py.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.security.support import (
    MARKUP,
    PAYLOAD_RAW,
    assert_safe,
    unsafe_bytes,
    write_hostile_tree,
)
from tests.support import PYTHON, REPO, run


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    root = write_hostile_tree(tmp_path)
    from jamfkb.kb.compiler import compile_tree

    kb, diags = compile_tree(root)
    assert kb is not None, [d.format() for d in diags if d.severity == "error"]
    return root


def test_hostile_content_runs_nothing_and_prints_nothing_raw(hostile: Path,
                                                             tmp_path: Path) -> None:
    """compile, show, diagnose, list --json, scan in a subprocess: no PWNED, no raw ESC."""
    work = tmp_path / "cwd"
    work.mkdir()
    log = tmp_path / "hostile.log"
    log.write_bytes(b"PRN-042 toner cartridge empty " + PAYLOAD_RAW.encode() + b"\n")
    env = {**os.environ, "JAMFKB_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": str(REPO)}
    commands = [
        ["check"], ["build", "-o", str(tmp_path / "kb.json")],
        ["show", "paper-jam"], ["show", "replace-toner", "--lang", "fr"],
        ["show", "toner-empty"], ["list"], ["list", "--json"],
        ["diagnose", "paper jam, toner empty, PRN-042 toner cartridge empty"],
        ["diagnose", "paper jam " + PAYLOAD_RAW.replace("\x07", "").replace("\x1b", ""),
         "--json"],
        ["diagnose", "toner empty", "--answer", "toner-light=yes", "--json"],
        ["scan", str(log)], ["scan", str(log), "--json"],
    ]
    for argv in commands:
        proc = subprocess.run(
            [PYTHON, "-m", "jamfkb.tui.cli", *argv, "--content", str(hostile)],
            cwd=work, env=env, capture_output=True, timeout=60, check=False,
        )
        assert proc.returncode == 0, (argv, proc.stderr.decode(errors="replace"))
        assert b"Traceback" not in proc.stderr
        assert unsafe_bytes(proc.stdout) == [], (argv, proc.stdout[:3000])
        assert unsafe_bytes(proc.stderr) == [], (argv, proc.stderr[:3000])
        if "--json" in argv:
            json.loads(proc.stdout)
        if argv[0] == "show":
            out = proc.stdout.decode()
            assert MARKUP in out  # markup is shown literally, as text
            assert "\\x1b" in out or "\\u001b" in out  # the escape is visible, not run
    for place in (work, tmp_path, Path("/tmp"), REPO):
        assert not (place / "PWNED").exists(), f"content was executed: {place}/PWNED"


def test_hostile_content_in_process_outputs(hostile: Path, capsys) -> None:
    """The same paths in process, checking what each output contains."""
    code, out, err = run(capsys, "show", "paper-jam", "--content", str(hostile))
    assert code == 0
    assert_safe(out, err)
    assert "$(touch PWNED)" in out and "`touch PWNED`" in out and MARKUP in out

    code, out, err = run(capsys, "list", "--json", "--content", str(hostile))
    assert code == 0
    assert_safe(out, err)
    titles = {n["id"]: n["title"] for n in json.loads(out)}
    assert MARKUP in titles["paper-jam"]  # data kept intact (titles refuse control chars)

    # the signature's whole text, as a log would print it (escapes and all)
    code, out, err = run(capsys, "diagnose", f"PRN-042 toner cartridge empty {PAYLOAD_RAW}",
                         "--json", "--content", str(hostile))
    assert code == 0
    assert_safe(out, err)
    data = json.loads(out)
    assert data["causes"], data
    why = " ".join(line for cause in data["causes"] for line in cause["why"])
    assert "\x1b]0;pwned\x07" in why  # a signature's text kept intact, escaped in transit

    code, out, err = run(capsys, "diagnose", "paper jam toner empty", "--content",
                         str(hostile))
    assert code == 0
    assert_safe(out, err)
