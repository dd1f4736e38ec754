"""Every failure of the CLI is one line on stderr and a non-zero exit, never a traceback:
non-UTF-8 names, unusable paths, closed or full standard streams, unbounded stdin."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

TINY = Path(__file__).resolve().parents[1] / "fixtures" / "tiny"
PYTHON = sys.executable


def jamfkb(*argv: str | bytes, tmp: Path, **kw: object) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "JAMFKB_CACHE_DIR": str(tmp / "cache"), "JAMFKB_DEBUG": ""}
    streams = {} if "stdout" in kw else {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE}
    return subprocess.run([PYTHON, "-m", "jamfkb.tui.cli", *argv], env=env, cwd=tmp,
                          timeout=120, **streams, **kw)  # type: ignore[call-overload]


def one_error_line(done: subprocess.CompletedProcess[bytes]) -> str:
    assert b"Traceback" not in done.stderr
    lines = done.stderr.decode("utf-8", "replace").splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("jamfkb: error: ")
    return lines[0]


def test_a_non_utf8_file_name_in_content_is_reported(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    shutil.copytree(TINY, tree)
    with open(os.fsencode(tree) + b"/bad\xff.en.md", "wb") as handle:
        handle.write(b"+++\ntitle = 'x'\n+++\n")
    done = jamfkb("check", "--content", str(tree), tmp=tmp_path)
    assert done.returncode == 1
    assert b"Traceback" not in done.stderr
    assert "bad\\udcff.en.md:1:1: error: file or folder name is not valid UTF-8" in \
        done.stdout.decode()


def test_a_non_utf8_content_path_is_one_line(tmp_path: Path) -> None:
    done = jamfkb(b"list", b"--content", os.fsencode(tmp_path) + b"/x\xff", tmp=tmp_path)
    assert done.returncode == 1
    assert one_error_line(done).startswith("jamfkb: error: content folder not found:")


def test_a_too_long_content_path_is_one_line(tmp_path: Path) -> None:
    done = jamfkb("list", "--content", str(tmp_path / ("a" * 300)), tmp=tmp_path)
    assert done.returncode == 1
    assert one_error_line(done).endswith("File name too long")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
def test_a_full_disk_on_stdout_is_one_line(tmp_path: Path) -> None:
    with open("/dev/full", "wb") as full:
        done = jamfkb("list", "--content", str(TINY), tmp=tmp_path, stdout=full,
                      stderr=subprocess.PIPE)
    assert done.returncode == 1
    assert "No space left on device" in one_error_line(done)


def test_closed_standard_streams_are_one_line(tmp_path: Path) -> None:
    closed_out = subprocess.run(
        ["sh", "-c", f'"{PYTHON}" -m jamfkb.tui.cli list --content "{TINY}" >&-'],
        capture_output=True, timeout=120, env={**os.environ, "JAMFKB_DEBUG": ""})
    assert closed_out.returncode == 1
    assert one_error_line(closed_out) == \
        "jamfkb: error: standard output is closed: nothing can be printed"
    closed_in = subprocess.run(
        ["sh", "-c", f'"{PYTHON}" -m jamfkb.tui.cli diagnose - --content "{TINY}" <&-'],
        capture_output=True, timeout=120, env={**os.environ, "JAMFKB_DEBUG": ""})
    assert closed_in.returncode == 2
    assert one_error_line(closed_in) == \
        "jamfkb: error: standard input is closed: nothing to read for '-'"


def test_a_huge_stdin_is_read_as_a_log_in_bounded_memory(tmp_path: Path) -> None:
    from jamfkb.tui import cli

    # ordinary lines, then the toner message on the last line, past the query limit
    filler = b"Tue Nov 25 09:14:02 printer spooler[12]: idle\n"
    data = filler * (cli.MAX_QUERY_BYTES // len(filler) + 10) + b"TONER LOW warning\n"
    done = jamfkb("diagnose", "-", "--json", "--content", str(TINY), "--lang", "en",
                  tmp=tmp_path, input=data)
    assert done.returncode == 0
    assert b"read as a log" in done.stderr
    import json

    causes = [c["id"] for c in json.loads(done.stdout)["causes"]]
    assert causes[:1] == ["toner-empty"]


def test_the_rejoined_stream_loses_no_byte() -> None:
    import io

    from jamfkb.engine.scan import Prepended

    stream = io.BufferedReader(Prepended(b"abc\nde", io.BytesIO(b"f\nghi\n")))
    assert stream.read() == b"abc\ndef\nghi\n"
