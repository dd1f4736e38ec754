"""The CLI contract (tui/cli.py): JSON shapes, text reports, exit codes, languages.

``show``, ``check``/``build`` and ``scan`` have their own files: test_cli_show.py,
test_cli_check.py, test_cli_scan.py.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from jamfkb.tui.cli import default_lang, main
from tests import support
from tests.support import run

TINY = str(support.TINY)
README = support.REPO / "README.md"


def test_diagnose_json_contract(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "diagnose", "the printer does not print", "--json",
                       "--content", TINY, "--lang", "en")
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"query", "lang", "log_lines", "symptoms", "causes", "questions"}
    assert data["query"] == "the printer does not print"
    assert data["log_lines"] == 0
    assert data["lang"] == "en"
    assert data["symptoms"][0]["id"] == "printer-broken"
    assert set(data["symptoms"][0]) == {"id", "title", "score"}
    causes = data["causes"]
    assert [c["id"] for c in causes] == ["toner-empty", "driver-missing"]
    assert set(causes[0]) == {"id", "title", "certainty", "problem", "resolutions", "why"}
    assert causes[0]["problem"] == "printer-broken"
    assert causes[0]["resolutions"] == ["replace-toner"]
    assert all(0 <= c["certainty"] <= 1 for c in causes)
    assert causes[0]["certainty"] >= causes[1]["certainty"]
    assert any("toner-empty.toml:3" in why for why in causes[0]["why"])
    assert data["questions"][0] == {"id": "toner-light", "text": "Is the toner light on?"}


def test_diagnose_in_process_leaves_the_collector_as_it_found_it(
        capsys: pytest.CaptureFixture[str]) -> None:
    """``diagnose`` pauses the cyclic collector while it builds, and freezes what it
    built only when it is the whole process (no argv): called in a process that goes on,
    it must leave the collector on and freeze nothing (that would leak)."""
    import gc

    frozen = gc.get_freeze_count()
    code, out, _ = run(capsys, "diagnose", "the printer does not print", "--content", TINY,
                       "--lang", "en")
    assert code == 0 and "printer" in out.lower()
    assert gc.isenabled()
    assert gc.get_freeze_count() == frozen


def test_diagnose_as_a_process_gives_the_same_answer(capsys: pytest.CaptureFixture[str],
                                                     tmp_path: Path) -> None:
    import subprocess

    _, in_process, _ = run(capsys, "diagnose", "the printer does not print", "--json",
                           "--content", TINY, "--lang", "en")
    env = {**os.environ, "JAMFKB_CACHE_DIR": str(tmp_path)}
    for _ in range(2):  # compiled, then from the cache
        child = subprocess.run(
            [support.PYTHON, "-m", "jamfkb.tui.cli", "diagnose", "the printer does not print",
             "--json", "--content", TINY, "--lang", "en"],
            capture_output=True, text=True, env=env, check=True)
        assert json.loads(child.stdout) == json.loads(in_process)


def test_diagnose_answers_and_top(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "diagnose", "printer does not print", "--json", "--content",
                       TINY, "--answer", "toner-light=no", "--top", "1", "--lang", "fr")
    assert code == 0
    data = json.loads(out)
    assert [c["id"] for c in data["causes"]] == ["driver-missing"]
    assert data["causes"][0]["title"] == "Le pilote manque"
    assert all(q["id"] != "toner-light" for q in data["questions"])


def test_diagnose_text_report(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "diagnose", "printer", "does", "not", "print", "--content", TINY,
                       "--lang", "en")
    assert code == 0
    assert "Likely causes" in out
    assert "The toner is empty" in out
    assert "Replace the toner" in out
    assert "--answer toner-light=yes|no|unknown" in out


def test_nothing_matched_is_one_clear_sentence(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "diagnose", "comment changer le fond d'écran", "--content", TINY,
                       "--lang", "fr")
    assert code == 0
    assert out.strip() == ("Rien dans la base de connaissances ne correspond. Essayez d'autres "
                           "mots ou collez le message d'erreur exact.")
    code, out, _ = run(capsys, "diagnose", "how do I change my desktop wallpaper", "--json",
                       "--content", TINY)
    assert code == 0
    assert json.loads(out)["causes"] == [] and json.loads(out)["symptoms"] == []


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["diagnose", "x", "--lang", "de"], "unknown language 'de'"),
        (["diagnose", "x", "--answer", "toner-light"], "bad --answer 'toner-light'"),
        (["diagnose", "x", "--answer", "toner-light=maybe"], "bad answer 'maybe'"),
        (["diagnose", "x", "--answer", "no-such-question=yes"], "unknown question"),
        (["diagnose", "x", "--top", "0"], "--top must be at least 1"),
        (["scan", "-", "--top", "-5"], "--top must be at least 1"),
        (["scan", "/no/such/file.log"], "cannot scan '/no/such/file.log': not found"),
        (["list", "--kind", "banana"], "unknown kind 'banana'"),
    ],
)
def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str],
                             message: str) -> None:
    code, out, err = run(capsys, *argv, "--content", TINY)
    assert code == 2
    assert message in err
    assert "Traceback" not in err + out


def test_argparse_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["diagnose"])
    assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:
        main(["frobnicate"])
    assert exc.value.code == 2


def test_list_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "list", "--json", "--kind", "cause", "--content", TINY,
                       "--lang", "fr")
    assert code == 0
    data = json.loads(out)
    assert [d["id"] for d in data] == ["driver-missing", "toner-empty", "worn-roller"]
    assert data[0] == {"id": "driver-missing", "kind": "cause", "title": "Le pilote manque",
                       "langs": ["en", "fr"], "aliases": []}


def test_broken_content_is_reported_not_traced(capsys: pytest.CaptureFixture[str],
                                               tiny_tree: Path) -> None:
    (tiny_tree / "paper-jam.toml").write_text("kind = \n")
    code, _, err = run(capsys, "diagnose", "paper jam", "--content", str(tiny_tree))
    assert code == 1
    assert "paper-jam.toml:1:8: error: invalid TOML" in err
    assert "jamfkb check --content" in err


def test_language_from_environment() -> None:
    assert default_lang({"LANG": "fr_FR.UTF-8"}) == "fr"
    assert default_lang({"LC_ALL": "en_US.UTF-8", "LANG": "fr_FR.UTF-8"}) == "en"
    assert default_lang({"LC_ALL": "fr_CA"}) == "fr"
    assert default_lang({}) == "en"


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.startswith("jamfkb ")


def test_why_cites_the_wording_file_of_the_language_that_matched(
        capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "diagnose", "rien ne sort de l'imprimante", "--json", "--content",
                    TINY, "--lang", "en")
    why = " ".join(json.loads(out)["causes"][0]["why"])
    assert "printer-broken#mention @ printer-broken.fr.md:3" in why
    _, out, _ = run(capsys, "diagnose", "nothing comes out of the printer", "--json",
                    "--content", TINY, "--lang", "fr")
    why = " ".join(json.loads(out)["causes"][0]["why"])
    assert "printer-broken#mention @ printer-broken.en.md:3" in why


def test_app_refuses_to_start_without_a_terminal(capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("JAMFKB_HEADLESS", raising=False)
    code, out, err = run(capsys, "--content", TINY)  # stdin/stdout are captured: no TTY
    assert code == 1
    assert "the app needs a terminal" in err
    assert out == ""


def test_output_that_cannot_be_encoded_is_escaped_not_a_traceback() -> None:
    import os
    import subprocess
    import sys

    env = dict(os.environ, PYTHONIOENCODING="ascii")
    done = subprocess.run([sys.executable, "-m", "jamfkb.tui.cli", "list", "--content", TINY,
                           "--lang", "fr"], capture_output=True, text=True, env=env,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "Le rouleau est us\\xe9" in done.stdout  # "usé", escaped for an ASCII terminal


def test_diagnose_says_when_the_answers_rule_out_every_cause(
        capsys: pytest.CaptureFixture[str], tiny_tree: Path) -> None:
    """Answers that count against every likely cause: the report says so instead of an
    empty list. (The bundled registration causes no longer all exclude one generation
    since pack 3, so the tiny tree gets a negative answer rule for its second cause.)"""
    driver = tiny_tree / "driver-missing.toml"
    driver.write_text(driver.read_text() + '[[evidence]]\nquestion = "new-computer"\n'
                      'answer = "no"\ncf = -0.9\n')
    text, tree = "the printer does not print", str(tiny_tree)
    code, out, _ = run(capsys, "diagnose", text, "--lang", "en", "--content", tree)
    assert code == 0 and "toner-empty" in out and "rule out" not in out
    answers = ["--answer", "toner-light=no", "--answer", "new-computer=no"]
    code, out, _ = run(capsys, "diagnose", text, "--lang", "en", "--content", tree, *answers)
    assert code == 0
    assert "Your answers rule out every likely cause" in out
    assert "× The toner is empty  (toner-empty)" in out
    code, out, _ = run(capsys, "diagnose", text, "--lang", "fr", "--content", tree, *answers)
    assert "Vos réponses écartent toutes les causes probables" in out


def _subcommands(tmp: Path) -> list[list[str]]:
    log = tmp / "x.log"
    log.write_text("x\n")
    return [["check"], ["build", "-o", str(tmp / "kb.json")], ["list"], ["show", "x"],
            ["diagnose", "x"], ["scan", str(log)]]


def test_content_folder_problems_exit_1_with_every_subcommand(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    a_file = tmp_path / "plain.txt"
    a_file.write_text("x")
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.txt").write_text("not content")
    for argv in _subcommands(tmp_path):
        for content, message in ((tmp_path / "nowhere", "content folder not found"),
                                 (a_file, "--content is not a folder"),
                                 (empty, f"no content in {empty}: each node is three files")):
            code, _, err = run(capsys, *argv, "--content", str(content), "--lang", "en")
            assert code == 1, (argv, content, err)
            # `build` prints the tree's warnings first (notes.txt is a stray file)
            errors = [line for line in err.splitlines() if line.startswith("jamfkb: error: ")]
            assert len(errors) == 1, (argv, err)
            assert errors[0].startswith(f"jamfkb: error: {message}"), (argv, err)


def test_readme_exit_codes_match_the_code() -> None:
    text = " ".join(README.read_text(encoding="utf-8").split())
    codes = text[text.index("Exit codes:"):]
    one, two = codes.index(", 1 "), codes.index(", 2 ")
    assert "content folder" in codes[one:two]  # missing, not a folder or empty: 1
    assert "log file" in codes[two:codes.index(")", two)]  # scan FILE problems: 2
    assert "`jamfkb: error: …`" in codes


def test_diagnose_as_a_process_ends_with_its_whole_output(tmp_path: Path) -> None:
    """The process ends without freeing what it built (cli._exit_at_once): its answer,
    a report file and the exit code are all there, piped and not a terminal."""
    import subprocess

    env = {**os.environ, "JAMFKB_CACHE_DIR": str(tmp_path / "cache")}
    report = tmp_path / "ticket.md"
    for _ in range(2):  # compiled, then from the cache
        report.unlink(missing_ok=True)
        child = subprocess.run(
            [support.PYTHON, "-m", "jamfkb.tui.cli", "diagnose", "the printer does not print",
             "--content", TINY, "--lang", "en", "--report", str(report)],
            capture_output=True, text=True, env=env)
        assert child.returncode == 0, child.stderr
        assert "Likely causes" in child.stdout and child.stdout.endswith("\n")
        assert "Replace the toner" in child.stdout
        assert report.read_text().startswith("# ") and "The toner is empty" in report.read_text()
    failed = subprocess.run(
        [support.PYTHON, "-m", "jamfkb.tui.cli", "diagnose", "x", "--content",
         str(tmp_path / "missing")], capture_output=True, text=True, env=env)
    assert failed.returncode != 0 and failed.stderr.startswith("jamfkb: error:")


def test_ending_at_once_runs_the_exit_handlers_of_whoever_runs_jamfkb(tmp_path: Path) -> None:
    """A coverage tool or bench.hwm runs the CLI with runpy and reports from an exit
    handler: ending at once must not skip it."""
    import subprocess

    code = (
        "import atexit, runpy, sys\n"
        "atexit.register(lambda: print('handler ran', file=sys.stderr))\n"
        f"sys.argv = ['jamfkb', 'diagnose', 'the printer does not print', '--content', "
        f"{str(TINY)!r}, '--lang', 'en']\n"
        "runpy.run_module('jamfkb.tui.cli', run_name='__main__')\n"
    )
    child = subprocess.run([support.PYTHON, "-c", code], capture_output=True, text=True,
                           env={**os.environ, "JAMFKB_CACHE_DIR": str(tmp_path)})
    assert child.returncode == 0, child.stderr
    assert "Likely causes" in child.stdout
    assert child.stderr.strip().endswith("handler ran")
