"""``jamfkb scan``: findings in JSON and text, and read errors that name the file."""

from __future__ import annotations

import errno
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from tests import support
from tests.support import run

TINY = str(support.TINY)


def test_scan_reports_findings(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    log = tmp_path / "spool.log"
    log.write_bytes(b"boot\n\xff\xfe binary junk \x1b[31m\nPRN-042 toner cartridge empty\n"
                    + b"x" * 200_000 + b" TONER LOW warning\nend\n")
    code, out, _ = run(capsys, "scan", str(log), "--json", "--content", TINY)
    assert code == 0
    data = json.loads(out)
    assert [(f["line"], f["problem"], f["cause"]) for f in data["findings"]] == [
        (3, "printer-broken", None),
        (4, "printer-broken", "toner-empty"),
    ]
    assert data["causes"][0]["id"] == "toner-empty"
    code, out, _ = run(capsys, "scan", str(log), "--content", TINY, "--lang", "en")
    assert code == 0
    assert f"{log}:3:" in out and "\x1b" not in out


def test_a_read_error_names_the_file(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """EIO from read() carries no file name: the message must still say which file."""
    import jamfkb.engine.scan

    good, bad = tmp_path / "good.log", tmp_path / "bad.log"
    good.write_text("fine\n")
    bad.write_text("x\n")
    real = jamfkb.engine.scan.scan_stream

    def failing(matcher: Any, stream: Any, name: str, result: Any) -> None:
        if name == str(bad):
            raise OSError(errno.EIO, "Input/output error")  # as read() raises it: no name
        real(matcher, stream, name, result)

    monkeypatch.setattr(jamfkb.engine.scan, "scan_stream", failing)
    code, out, err = run(capsys, "scan", str(good), str(bad), "--content", str(TINY))
    assert code == 2
    assert err.strip() == f"jamfkb: error: cannot read '{bad}': Input/output error"
    assert "None" not in err and out == ""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc is Linux only")
def test_scan_proc_self_mem_names_it(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "scan", "/proc/self/mem", "--content", str(TINY))
    assert code == 2
    assert "cannot read '/proc/self/mem'" in err and "Traceback" not in err
