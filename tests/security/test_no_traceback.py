"""Hostile invocations never crash the CLI: the real command, in a subprocess, never shows
a traceback and never hangs.

Usage errors exit 2, failures exit 1, and stderr says what went wrong in one line: bad
arguments, unreadable or special files, a cache folder that is a file, pathological TOML,
undecodable bytes on stdin or in arguments.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.support import PYTHON, REPO, TINY, copy_tiny


def _env(tmp: Path, extra_env: dict[str, str] | None = None) -> dict[str, str]:
    return {**os.environ, "JAMFKB_CACHE_DIR": str(tmp / "cache"), "PYTHONPATH": str(REPO),
            **(extra_env or {})}


def jamfkb(*argv: str, tmp: Path, stdin: bytes | None = None, timeout: float = 60,
           extra_env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([PYTHON, "-m", "jamfkb.tui.cli", *argv], env=_env(tmp, extra_env),
                          input=stdin, capture_output=True, timeout=timeout, cwd=tmp,
                          check=False)


def assert_clean(proc: subprocess.CompletedProcess[bytes], code: int) -> None:
    err = proc.stderr.decode(errors="replace")
    assert "Traceback" not in err, err
    assert proc.returncode == code, (proc.returncode, err)
    if code:
        assert err.strip(), "a failure must say why on stderr"


def _cases(tmp: Path) -> list[tuple[str, list[str], int]]:
    tiny = str(TINY)
    a_file = tmp / "plain.txt"
    a_file.write_text("not a folder\n")
    folder = tmp / "folder"
    folder.mkdir(exist_ok=True)
    return [
        ("scan a missing file", ["scan", str(tmp / "missing.log"), "--content", tiny], 2),
        ("scan a folder", ["scan", str(folder), "--content", tiny], 2),
        ("unknown --lang", ["diagnose", "paper jam", "--lang", "de", "--content", tiny], 2),
        ("bad --answer", ["diagnose", "x", "--answer", "toner-light", "--content", tiny], 2),
        ("bad answer value", ["diagnose", "x", "--answer", "toner-light=maybe",
                              "--content", tiny], 2),
        ("unknown question", ["diagnose", "x", "--answer", "nope=yes", "--content", tiny], 2),
        ("answer to a non-question", ["diagnose", "x", "--answer", "paper-jam=yes",
                                      "--content", tiny], 2),
        ("--top 0", ["diagnose", "x", "--top", "0", "--content", tiny], 2),
        ("--top not a number", ["diagnose", "x", "--top", "many", "--content", tiny], 2),
        ("unknown command", ["frobnicate"], 2),
        ("unknown option", ["list", "--frobnicate"], 2),
        ("unknown kind", ["list", "--kind", "gizmo", "--content", tiny], 2),
        ("unknown ID for show", ["show", "no-such-node", "--content", tiny], 1),
        ("--content is a file: list", ["list", "--content", str(a_file)], 1),
        ("--content is a file: check", ["check", "--content", str(a_file)], 1),
        ("--content is a file: show", ["show", "paper-jam", "--content", str(a_file)], 1),
        ("--content is a file: diagnose", ["diagnose", "x", "--content", str(a_file)], 1),
        ("--content is a file: scan", ["scan", str(a_file), "--content", str(a_file)], 1),
        ("--content is missing", ["list", "--content", str(tmp / "nowhere")], 1),
        ("build into a folder", ["build", "-o", str(folder), "--content", tiny], 1),
        ("build under a file", ["build", "-o", str(a_file / "kb.json"), "--content", tiny], 1),
        ("empty content folder: check", ["check", "--content", str(folder)], 1),
        ("empty content folder: list", ["list", "--content", str(folder)], 1),
        ("diagnose nothing known", ["diagnose", "zzzz qqqq", "--content", tiny], 0),
    ]


def test_hostile_invocations_exit_cleanly(tmp_path: Path) -> None:
    cases = _cases(tmp_path)
    procs = [  # all at once: the suite must stay fast
        subprocess.Popen([PYTHON, "-m", "jamfkb.tui.cli", *argv], env=_env(tmp_path), cwd=tmp_path,
                         stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
        for _, argv, _ in cases
    ]
    for (name, _, code), proc in zip(cases, procs, strict=True):
        _, err = proc.communicate(timeout=120)
        assert "Traceback" not in err.decode(errors="replace"), (name, err)
        assert proc.returncode == code, (name, proc.returncode, err)


def test_cache_dir_that_is_a_file_is_not_fatal(tmp_path: Path) -> None:
    not_a_dir = tmp_path / "cache-file"
    not_a_dir.write_text("x")
    proc = jamfkb("list", "--content", str(TINY), tmp=tmp_path,
                  extra_env={"JAMFKB_CACHE_DIR": str(not_a_dir)})
    assert_clean(proc, 0)
    assert b"paper-jam" in proc.stdout


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads chmod 000 files anyway")
def test_unreadable_files(tmp_path: Path) -> None:
    log = tmp_path / "secret.log"
    log.write_text("x\n")
    log.chmod(0)
    assert_clean(jamfkb("scan", str(log), "--content", str(TINY), tmp=tmp_path), 2)
    root = copy_tiny(tmp_path)
    (root / "paper-jam.en.md").chmod(0)
    assert_clean(jamfkb("check", "--content", str(root), tmp=tmp_path), 1)
    assert_clean(jamfkb("list", "--content", str(root), tmp=tmp_path), 1)


def test_stdin_text_is_read(tmp_path: Path) -> None:
    proc = jamfkb("diagnose", "-", "--content", str(TINY), tmp=tmp_path,
                  stdin=b"paper jam \x00\x1b[2J\n")
    assert_clean(proc, 0)


# ------------------------------------------------------------------ fixed bugs


def test_deeply_nested_toml_is_a_diagnostic(tmp_path: Path) -> None:
    root = copy_tiny(tmp_path)
    (root / "paper-jam.toml").write_text('kind = "problem"\nx = ' + "[" * 5000 + "]" * 5000
                                         + "\n")
    proc = jamfkb("check", "--content", str(root), tmp=tmp_path)
    assert_clean(proc, 1)
    assert b"paper-jam.toml" in proc.stdout


def test_huge_integer_in_toml_is_a_diagnostic(tmp_path: Path) -> None:
    root = copy_tiny(tmp_path)
    (root / "paper-jam.toml").write_text('kind = "problem"\nx = ' + "9" * 5000 + "\n")
    proc = jamfkb("check", "--content", str(root), tmp=tmp_path)
    assert_clean(proc, 1)


def test_dangling_symlink_in_content_is_not_a_traceback(tmp_path: Path) -> None:
    root = copy_tiny(tmp_path)
    (root / "ghost.toml").symlink_to(tmp_path / "nowhere.toml")
    assert_clean(jamfkb("check", "--content", str(root), tmp=tmp_path), 1)
    assert_clean(jamfkb("list", "--content", str(root), tmp=tmp_path), 1)


def test_fifo_in_content_does_not_hang(tmp_path: Path) -> None:
    root = copy_tiny(tmp_path)
    os.mkfifo(root / "pipe.toml")
    try:
        proc = jamfkb("check", "--content", str(root), tmp=tmp_path, timeout=4)
    except subprocess.TimeoutExpired:
        pytest.fail("check hung on a FIFO in the content tree")
    assert_clean(proc, 1)


def test_invalid_utf8_on_stdin_with_strict_locale(tmp_path: Path) -> None:
    proc = jamfkb("diagnose", "-", "--content", str(TINY), tmp=tmp_path,
                  stdin=b"PRN-042 toner cartridge empty \xff\xfe\n",
                  extra_env={"PYTHONIOENCODING": "utf-8:strict"})
    assert_clean(proc, 0)


def test_undecodable_argv_bytes_no_traceback_with_strict_stdout(tmp_path: Path) -> None:
    env = {**os.environ, "JAMFKB_CACHE_DIR": str(tmp_path), "PYTHONPATH": str(REPO),
           "PYTHONIOENCODING": "utf-8:strict"}
    proc = subprocess.run(
        [os.fsencode(PYTHON), b"-m", b"jamfkb.tui.cli", b"diagnose", b"paper jam \xff", b"--json",
         b"--content", os.fsencode(TINY)],
        env=env, capture_output=True, timeout=60, check=False,
    )
    assert b"Traceback" not in proc.stderr
    assert proc.returncode == 0
