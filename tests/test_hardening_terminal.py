"""Hardening, issue 6: content is data, and nothing reaches the terminal raw.

A content tree shared by someone else, a pasted log and a command-line argument are all
untrusted. Python, shell and Textual markup in them must be shown, never run, and every
CLI output path must neutralise control characters and escape sequences.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from jamfkb.tui.cli import main
from tests.fuzz.support import PYTHON, REPO, TINY, copy_tiny, unsafe_bytes, unsafe_chars

# One string that would do harm if anything evaluated, shelled, marked-up or printed it raw.
# Written with TOML escapes so that it can sit inside a TOML basic string.
PAYLOAD_TOML = (
    "__import__('os').system('touch PWNED') $(touch PWNED) `touch PWNED` "
    "[@click=app.quit] [bold red]red[/bold red] \\u001b]0;pwned\\u0007 \\u001b[2J "
    "\\u001b]52;c;cHduZWQ=\\u0007 \\u202eevil\\u202c \\r"
)
# The same, raw, for Markdown bodies (files may hold control characters).
PAYLOAD_RAW = (
    "__import__('os').system('touch PWNED') $(touch PWNED) `touch PWNED` "
    "[@click=app.quit] [bold red]red[/bold red] \x1b]0;pwned\x07 \x1b[2J "
    "\x1b]52;c;cHduZWQ=\x07 \u202eevil\u202c \r"
)
MARKUP = "[@click=app.quit]"


def _wording(title: str, phrasings: list[str], body: str, extra: str = "") -> str:
    lines = ["+++", f'title = "{title}"', f'summary = "{PAYLOAD_TOML}"']
    if phrasings:
        lines.append("phrasings = [" + ", ".join(f'"{p}"' for p in phrasings) + "]")
    if extra:
        lines.append(extra)
    return "\n".join([*lines, "+++", body, ""])


def _body(title_raw: str) -> str:
    return "\n".join([
        f"# {title_raw}",
        "",
        f"Paragraph: {PAYLOAD_RAW}",
        "",
        f"- item {PAYLOAD_RAW}",
        f"- see [the toner](kb:replace-toner) {MARKUP}",
        "",
        "```sh",
        "$(touch PWNED); `touch PWNED`; \x1b[2J",
        "```",
    ])


def write_hostile_tree(base: Path) -> Path:
    """The tiny fixture with the payload in titles, summaries, phrasings, signatures, bodies."""
    root = copy_tiny(base)
    for lang in ("en", "fr"):
        (root / f"paper-jam.{lang}.md").write_text(_wording(
            f"Paper jams {PAYLOAD_TOML}",
            ["paper jam", "paper stuck in the tray", f"sheets get stuck {PAYLOAD_TOML}"],
            _body("Paper jams"),
        ), encoding="utf-8")
        (root / f"toner-empty.{lang}.md").write_text(_wording(
            f"The toner is empty {PAYLOAD_TOML}",
            [f"toner empty {PAYLOAD_TOML}"],
            _body("The toner is empty"),
        ), encoding="utf-8")
        (root / f"replace-toner.{lang}.md").write_text(_wording(
            f"Replace the toner {PAYLOAD_TOML}", [], _body("Replace the toner")
        ), encoding="utf-8")
        (root / f"toner-light.{lang}.md").write_text(_wording(
            f"Is the toner light on? {PAYLOAD_TOML}", [], _body("Toner light")
        ), encoding="utf-8")
    (root / "printer-broken.toml").write_text(
        'kind = "problem"\n'
        f'signatures = [{{ text = "PRN-042 toner cartridge empty {PAYLOAD_TOML}", cf = 0.9 }}]\n'
        'sources = [{ doc = "' + PAYLOAD_TOML + '", revision = "2024-01" }]\n',
        encoding="utf-8",
    )
    return root


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    root = write_hostile_tree(tmp_path)
    from jamfkb.kb.compiler import compile_tree

    kb, diags = compile_tree(root)
    assert kb is not None, [d.format() for d in diags if d.severity == "error"]
    return root


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def assert_safe(*texts: str) -> None:
    for text in texts:
        assert unsafe_chars(text) == [], text[:2000]


# ------------------------------------------------------------------ content is data


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
    assert "\x1b]0;pwned\x07" in titles["paper-jam"]  # data kept intact, escaped in transit
    assert MARKUP in titles["paper-jam"]

    code, out, err = run(capsys, "diagnose", "PRN-042 toner cartridge empty", "--json",
                         "--content", str(hostile))
    assert code == 0
    assert_safe(out, err)
    data = json.loads(out)
    assert data["causes"], data

    code, out, err = run(capsys, "diagnose", "paper jam toner empty", "--content",
                         str(hostile))
    assert code == 0
    assert_safe(out, err)


# ------------------------------------------------------------------ every CLI output path

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


# ------------------------------------------------------------------ known bugs (strict xfail)


@pytest.mark.parametrize("char", ["\x7f", "\x85", "\x9b"])
def test_json_stays_valid_with_del_and_c1_in_query(capsys, char: str) -> None:
    code, out, _ = run(capsys, "diagnose", f"paper jam {char}", "--json", "--content",
                       str(TINY))
    assert code == 0
    assert json.loads(out)["query"] == f"paper jam {char}"


def test_list_json_stays_valid_with_c1_in_title(tmp_path: Path, capsys) -> None:
    root = copy_tiny(tmp_path)
    for lang in ("en", "fr"):
        path = root / f"paper-jam.{lang}.md"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace('title = "', 'title = "\\u0085\\u007f', 1),
                        encoding="utf-8")
    code, out, _ = run(capsys, "list", "--json", "--content", str(root))
    assert code == 0
    json.loads(out)


def test_undecodable_argv_bytes_are_not_echoed_raw(tmp_path: Path) -> None:
    env = {**os.environ, "JAMFKB_CACHE_DIR": str(tmp_path), "PYTHONPATH": str(REPO)}
    proc = subprocess.run(
        [os.fsencode(PYTHON), b"-m", b"jamfkb.tui.cli", b"diagnose", b"\x9b2J paper jam", b"--json",
         b"--content", os.fsencode(TINY)],
        env=env, capture_output=True, timeout=60, check=False,
    )
    assert proc.returncode == 0
    assert unsafe_bytes(proc.stdout) == []


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


def test_markdown_export_keeps_the_query_inside_its_code_block() -> None:
    from jamfkb.engine.consultation import Consultation
    from jamfkb.kb.compiler import compile_tree
    from jamfkb.kb.markdown import tokens
    from jamfkb.tui.report import diagnosis_markdown

    kb, _ = compile_tree(TINY)
    assert kb is not None
    query = "paper jam\n```\n[click me](https://evil.example) <img src=x onerror=alert(1)>"
    report = diagnosis_markdown(kb, Consultation.for_kb(kb).diagnose(query), "en")
    links = [c for t in tokens(report) for c in (t.children or ())
             if c.type == "link_open" and "evil" in str(c.attrGet("href"))]
    assert links == [], "pasted text escaped the report's code block"
