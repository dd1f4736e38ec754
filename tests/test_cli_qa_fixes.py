"""QA round on the CLI: ``scan`` refuses a device that never ends."""

from __future__ import annotations

from pathlib import Path

import pytest

from jamfkb.tui import cli


def test_scan_refuses_a_device_that_never_ends(capsys: pytest.CaptureFixture[str]) -> None:
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero here")
    assert cli.main(["scan", "/dev/zero"]) == 2
    assert "cannot scan '/dev/zero': a device or a socket" in capsys.readouterr().err
