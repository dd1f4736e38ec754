"""Paths and helpers every test folder shares: the repository, the tiny fixture, the CLI."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
TINY = REPO / "tests" / "fixtures" / "tiny"
CONTENT = REPO / "content"
PYTHON = sys.executable

# The tiny fixture's error messages: printer-broken's signature, toner-empty's evidence.
SIG_PROBLEM = b"PRN-042 toner cartridge empty"
SIG_CAUSE = b"TONER LOW warning"


def copy_tiny(dest: Path) -> Path:
    """A private, mutable copy of the valid tiny fixture KB."""
    target = dest / "tiny"
    shutil.copytree(TINY, target)
    return target


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """``jamfkb ARGV`` in process: its exit code, and what this call wrote to stdout and stderr."""
    from jamfkb.tui.cli import main

    capsys.readouterr()
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err
