"""`scan` on hostile logs: a ~5 MB log with one 3 MB line, and a device that never ends
(the 200 MB benchmark lives in bench/).

One 3 MB line with no newline, invalid UTF-8, NUL bytes and escape codes: every known
message is found once, on the right line, and the reported text is terminal-safe.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jamfkb.engine.consultation import Consultation
from jamfkb.engine.scan import MAX_PIECE, scan_files
from jamfkb.tui import cli
from jamfkb.tui.cli import main
from tests.security.support import unsafe_chars
from tests.support import SIG_CAUSE, SIG_PROBLEM, TINY


def build_log(path: Path) -> dict[int, set[bytes]]:
    """Write the hostile log; return {line: signatures expected on it}."""
    expected: dict[int, set[bytes]] = {}
    lines: list[bytes] = []

    def add(line: bytes, *sigs: bytes) -> None:
        lines.append(line)
        if sigs:
            expected[len(lines)] = set(sigs)

    filler = b"2024-05-01 12:00:00 INFO jamf heartbeat ok " * 2
    for i in range(20_000):  # ~1.8 MB of ordinary lines
        if i == 100:
            add(b"ERROR " + SIG_PROBLEM + b" \x00\x00 \xff\xfe\xc3( bad utf-8", SIG_PROBLEM)
        elif i == 5_000:
            add(b"\x1b[31m " + SIG_CAUSE + b" \x1b[0m\x07\x1b]0;pwned\x07", SIG_CAUSE)
        elif i == 9_999:
            add(SIG_PROBLEM + b" and " + SIG_CAUSE + b" " + SIG_PROBLEM, SIG_PROBLEM, SIG_CAUSE)
        elif i == 12_345:
            add(b"\x00" * 5000 + b" " + SIG_CAUSE + b" " + b"\xff" * 5000, SIG_CAUSE)
        else:
            add(filler + str(i).encode())
    # the last line: 3 MB, no newline, a message in the middle of a piece, one cut across
    # the boundary between two pieces, and one at the very end
    head = b"x" * (MAX_PIECE - len(SIG_PROBLEM) // 2)
    across = head + b" " + SIG_PROBLEM + b" "
    middle = b"\x00\x1b[2J" * 300_000 + b" " + SIG_CAUSE + b" "
    tail = b"\xff\xfe" * 800_000 + b" " + SIG_PROBLEM
    last = across + middle + tail
    assert len(last) > 3_000_000
    add(last, SIG_PROBLEM, SIG_CAUSE)
    path.write_bytes(b"\n".join(lines))  # no final newline
    return expected


def test_scan_hostile_five_megabyte_log(tiny_consultation: Consultation, tmp_path: Path) -> None:
    log = tmp_path / "hostile.log"
    expected = build_log(log)
    assert log.stat().st_size > 5_000_000
    result = scan_files(tiny_consultation.matcher, [str(log)])
    assert result.files == 1
    assert result.lines == 20_001
    found: dict[int, set[bytes]] = {}
    texts = {s.text: s.text.encode() for s in tiny_consultation.kb.signatures}
    for f in result.findings:
        found.setdefault(f.line, set()).add(texts[f.hit.text])
        assert unsafe_chars(f.text) == [], f.text[:300]
        assert len(f.text) <= 200
    assert found == expected
    # one finding per signature per line, even when the line holds it several times
    assert len(result.findings) == sum(len(s) for s in expected.values())
    ranked = tiny_consultation.diagnose_findings(result.hits)
    assert ranked.causes and ranked.causes[0].id == "toner-empty"


def test_scan_cli_json_on_hostile_log(tmp_path: Path, capsys) -> None:
    log = tmp_path / "hostile.log"
    expected = build_log(log)
    capsys.readouterr()
    assert main(["scan", str(log), "--json", "--content", str(TINY)]) == 0
    out = capsys.readouterr().out
    assert unsafe_chars(out) == []
    findings = json.loads(out)["findings"]
    assert sorted({f["line"] for f in findings}) == sorted(expected)


def test_scan_refuses_a_device_that_never_ends(capsys: pytest.CaptureFixture[str]) -> None:
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero here")
    assert cli.main(["scan", "/dev/zero"]) == 2
    assert "cannot scan '/dev/zero': a device or a socket" in capsys.readouterr().err
