"""QA round on the CLI and the reports: file names in read errors, French typography,
wrapping, why lines, the Markdown report, exit codes and ``show`` IDs."""

from __future__ import annotations

import errno
import json
import re
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from jamfkb.engine.consultation import Consultation
from jamfkb.engine.scan import scan_files
from jamfkb.kb.model import KnowledgeBase
from jamfkb.kb.store import load
from jamfkb.tui import cli, report
from jamfkb.tui.article import article_meta
from jamfkb.tui.cli import main

TINY = Path(__file__).parent / "fixtures" / "tiny"
README = Path(__file__).resolve().parent.parent / "README.md"
FRENCH_PUNCT = ":;!?»"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture(scope="module")
def tiny_kb() -> KnowledgeBase:
    kb = load(TINY).kb
    assert kb is not None
    return kb


@pytest.fixture(scope="module")
def bundled_kb() -> KnowledgeBase:
    kb = load().kb
    assert kb is not None
    return kb


# ------------------------------------------------------------------ 1. read errors


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


# ------------------------------------------------------------------ 2. French colons


def test_show_footer_and_article_header_use_the_french_colon(
        capsys: pytest.CaptureFixture[str], bundled_kb: KnowledgeBase) -> None:
    code, out, _ = run(capsys, "show", "cause-6", "--lang", "fr")
    assert code == 0
    assert "S'applique à : " in out and "\nSource : " in out
    assert "S'applique à:" not in out and "Source:" not in out
    code, out, _ = run(capsys, "show", "cause-6", "--lang", "en")
    assert "Applies to: " in out and "\nSource: " in out
    meta = article_meta(bundled_kb, "cause-6", "fr")
    assert any(line.startswith("S'applique à : ") for line in meta)
    assert any(line.startswith("Source : ") for line in meta)


def test_markdown_id_line_uses_the_language_colon(tiny_kb: KnowledgeBase) -> None:
    d = Consultation.for_kb(tiny_kb).diagnose("the printer does not print")
    assert "- ID : `toner-empty`" in report.diagnosis_markdown(tiny_kb, d, "fr")
    assert "- ID: `toner-empty`" in report.diagnosis_markdown(tiny_kb, d, "en")


def test_markdown_from_a_log_describes_it_in_the_report_language(
        tiny_kb: KnowledgeBase, tmp_path: Path) -> None:
    log = tmp_path / "spool.log"
    log.write_text("boot\nPRN-042 toner cartridge empty\nok\nTONER LOW warning\n")
    consultation = Consultation.for_kb(tiny_kb)
    scan = scan_files(consultation.matcher, [str(log)])
    d = consultation.diagnose_findings(scan.hits, query="ignored label")
    french = report.diagnosis_markdown(tiny_kb, d, "fr", scan=scan, log_path=str(log))
    assert f"Fichier journal : `{log}`" in french
    assert "log: " not in french and "ignored label" not in french
    english = report.diagnosis_markdown(tiny_kb, d, "en", scan=scan, log_path=str(log))
    assert f"Log file: `{log}`" in english


# ------------------------------------------------------------------ 3. wrapping


def _bundled_bodies(kb: KnowledgeBase) -> list[tuple[str, str, str]]:
    return [(node.id, lang, words.body) for node in kb.nodes.values()
            for lang, words in node.wording.items()]


def test_show_never_starts_a_line_with_french_punctuation_nor_cuts_at_hyphens(
        bundled_kb: KnowledgeBase) -> None:

    for node_id, lang, body in _bundled_bodies(bundled_kb):
        text = cli.render_article(body)
        for line in text.splitlines():
            assert not line.lstrip(" >").startswith(tuple(FRENCH_PUNCT)), (node_id, lang, line)
            if set(line.strip()) - {"-", "="}:  # not a heading underline or a rule
                assert not re.search(r"\w-$", line), (node_id, lang, line)
        assert "\u00a0" not in text  # plain spaces again


def test_wrapping_keeps_the_colon_and_ids_whole_and_code_untouched() -> None:

    body = (f"Supprimez {'mot ' * 16}en deux temps : supprimer puis réinscrire.\n\n"
            f"{'voir ' * 9}la question [appareils](kb:all-devices-affected).\n\n"
            "```\nsudo jamf policy -event x ; echo a : b\n```\n")
    lines = cli.render_article(body).splitlines()
    assert not any(line.startswith(":") for line in lines), lines
    assert any("temps :" in line for line in lines), lines
    assert any("all-devices-affected]" in line for line in lines), lines
    assert "    sudo jamf policy -event x ; echo a : b" in lines  # code is never glued


def test_wrap_breaks_at_spaces_only_and_keeps_french_punctuation() -> None:
    from jamfkb.tui.render_text import wrap

    assert wrap("deux temps : supprimer", 11) == ["deux", "temps :", "supprimer"]
    assert wrap("« texte » et all-devices-affected", 12) == [
        "« texte » et", "all-devices-affected"]
    assert wrap("", 10) == [""]


# ------------------------------------------------------------------ 4. why lines


def _rule_targets(kb: KnowledgeBase) -> dict[str, str]:
    return {rule.id: rule.target_kind for rule in kb.rules}


def _rule_of(line: str) -> str:
    match = re.search(r"\[(\S+) @ [^\]]*\]$", line)
    assert match, line
    return match.group(1)


@pytest.mark.parametrize(("lang", "prefix"), [
    ("en", "the problem was recognised because "),
    ("fr", "le problème a été reconnu car "),
])
def test_why_lines_say_which_facts_recognised_the_problem(
        capsys: pytest.CaptureFixture[str], tiny_kb: KnowledgeBase, lang: str,
        prefix: str) -> None:
    code, out, _ = run(capsys, "diagnose", "the printer does not print", "--json",
                       "--content", str(TINY), "--lang", lang)
    assert code == 0
    targets = _rule_targets(tiny_kb)
    cause = next(c for c in json.loads(out)["causes"] if c["id"] == "toner-empty")
    kinds = [targets[_rule_of(line)] for line in cause["why"]]
    assert "problem" in kinds and "cause" in kinds
    for line, kind in zip(cause["why"], kinds, strict=True):
        assert line.startswith(prefix) == (kind == "problem"), line
    # each such line comes right after the line that links the cause to its problem
    first = kinds.index("problem")
    assert "#prior:printer-broken" in cause["why"][first - 1]


def test_the_qa_example_graph_license_expired(bundled_kb: KnowledgeBase) -> None:
    """The +0.95 of the AADSTS7000215 message went to the problem, not to this cause."""
    consultation = Consultation.for_kb(bundled_kb)
    d = consultation.diagnose("AADSTS7000215: Invalid client secret provided. "
                              "license expired graph token", top=10)
    targets = _rule_targets(bundled_kb)
    checked = 0
    for cause in d.causes:
        for line in report.cause_why_lines(bundled_kb, d, cause, "en"):
            is_problem = targets[_rule_of(line)] == "problem"
            assert line.startswith("the problem was recognised because ") == is_problem
            checked += is_problem
    assert checked


def test_text_and_markdown_nest_the_problem_facts(capsys: pytest.CaptureFixture[str],
                                                  tiny_kb: KnowledgeBase) -> None:
    _, out, _ = run(capsys, "diagnose", "the printer does not print", "--content",
                    str(TINY), "--lang", "en")
    assert re.search(r"\n     - problem \"[^\n]*#prior:printer-broken[^\n]*\n"
                     r"         - the problem was recognised because ", out), out
    d = Consultation.for_kb(tiny_kb).diagnose("the printer does not print")
    markdown = report.diagnosis_markdown(tiny_kb, d, "en")
    assert re.search(r"\n- problem [^\n]*#prior:printer-broken[^\n]*\n"
                     r"  - the problem was recognised because ", markdown), markdown


# ------------------------------------------------------------------ 5. Markdown report


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_markdown_fix_heading_is_not_repeated(tiny_kb: KnowledgeBase, lang: str) -> None:
    d = Consultation.for_kb(tiny_kb).diagnose("PRN-042 toner cartridge empty")
    markdown = report.diagnosis_markdown(tiny_kb, d, lang)
    title = tiny_kb.title("replace-toner", lang)
    fix = "Fix: " if lang == "en" else "Correction : "
    assert f"#### {fix}{title}\n" in markdown
    assert f"#### {title}\n" not in markdown
    assert "lpstat -p" in markdown  # the body itself is still there


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "- Is the toner light on? **Yes**"),
    ("fr", "- Le voyant du toner est-il allumé ? **Oui**"),
])
def test_markdown_answer_has_no_colon_after_a_question_mark(
        tiny_kb: KnowledgeBase, lang: str, expected: str) -> None:
    d = Consultation.for_kb(tiny_kb).diagnose("printer does not print",
                                              answers={"toner-light": "yes"})
    markdown = report.diagnosis_markdown(tiny_kb, d, lang)
    assert expected in markdown
    assert not re.search(r"\?\s*:", markdown)


def test_markdown_from_a_log_lists_file_line_and_finding(tiny_kb: KnowledgeBase,
                                                         tmp_path: Path) -> None:
    log = tmp_path / "spool.log"
    log.write_text("boot\nPRN-042 toner cartridge empty\nok\nTONER LOW warning\n")
    consultation = Consultation.for_kb(tiny_kb)
    scan = scan_files(consultation.matcher, [str(log)])
    d = consultation.diagnose_findings(scan.hits)
    markdown = report.diagnosis_markdown(tiny_kb, d, "en", scan=scan, log_path=str(log))
    assert f"- `{log}:2`: `PRN-042 toner cartridge empty`\n" in markdown
    assert f"- `{log}:4`: `TONER LOW warning`\n  - → The toner is empty (`toner-empty`)" \
        in markdown
    assert "1 file(s), 4 line(s) scanned" in markdown


# ------------------------------------------------------------------ 6. exit codes


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
            assert err.startswith(f"jamfkb: error: {message}"), (argv, err)


def test_check_on_an_empty_folder_is_an_error(capsys: pytest.CaptureFixture[str],
                                              tmp_path: Path) -> None:
    code, out, err = run(capsys, "check", "--content", str(tmp_path), "--lang", "fr")
    assert code == 1
    assert out == ""
    assert err.strip() == (f"jamfkb: error: aucun contenu dans {tmp_path} : chaque nœud "
                           "tient en trois fichiers, ID.toml, ID.en.md et ID.fr.md "
                           "(voir docs/CONTENT_GUIDE.md)")


def test_check_success_prints_a_summary_on_stderr(capsys: pytest.CaptureFixture[str],
                                                  tiny_tree: Path) -> None:
    nodes = len(list(tiny_tree.glob("*.toml")))
    code, out, err = run(capsys, "check", "--content", str(tiny_tree), "--lang", "en")
    assert code == 0 and out.count(": warning: the article body is empty") == 2
    assert err.strip() == f"{nodes} node(s) checked, no errors, 2 warning(s)"
    for lang in ("en", "fr"):  # an article with a body: no warning left
        with (tiny_tree / f"new-computer.{lang}.md").open("a") as file:
            file.write("\nSome text.\n")
    code, out, err = run(capsys, "check", "--content", str(tiny_tree), "--lang", "en")
    assert code == 0
    assert out == ""  # stdout is for diagnostics only
    assert err.strip() == f"{nodes} node(s) checked, no errors"
    code, _, err = run(capsys, "check", "--content", str(tiny_tree), "--lang", "fr")
    assert err.strip() == f"{nodes} nœud(s) vérifié(s), aucune erreur"


def test_readme_exit_codes_match_the_code() -> None:
    text = " ".join(README.read_text(encoding="utf-8").split())
    codes = text[text.index("Exit codes:"):]
    one, two = codes.index(", 1 "), codes.index(", 2 ")
    assert "content folder" in codes[one:two]  # missing, not a folder or empty: 1
    assert "log file" in codes[two:codes.index(")", two)]  # scan FILE problems: 2
    assert "`jamfkb: error: …`" in codes


# ------------------------------------------------------------------ 7. show IDs


def test_show_is_case_insensitive_and_errors_share_the_prefix(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "TONER-Empty", "--content", str(TINY), "--lang", "en")
    assert code == 0
    assert "The toner is empty" in out
    code, _, err = run(capsys, "show", "nope", "--content", str(TINY), "--lang", "en")
    assert code == 1
    assert err.strip() == "jamfkb: error: unknown ID 'nope' (see: jamfkb list)"
    code, _, err = run(capsys, "show", "nope", "--content", str(TINY), "--lang", "fr")
    assert err.strip() == "jamfkb: error: ID inconnu « nope » (voir : jamfkb list)"


def test_a_case_insensitive_match_must_be_unambiguous() -> None:
    nodes = {"abc": SimpleNamespace(id="abc"), "abd": SimpleNamespace(id="abd")}
    aliases = {"ABC-alias": "abc", "Abc": "abd"}

    def resolve(name: str) -> Any:
        return nodes.get(name) or (nodes[aliases[name]] if name in aliases else None)

    kb = SimpleNamespace(nodes=nodes, aliases=aliases, resolve=resolve)
    assert cli.find_node(kb, "abc-ALIAS", "en").id == "abc"
    assert cli.find_node(kb, "Abc", "en").id == "abd"  # an exact match wins
    with pytest.raises(cli.CommandError, match=r"ambiguous ID 'ABC': it could be abc, abd"):
        cli.find_node(kb, "ABC", "en")


def test_scan_refuses_a_device_that_never_ends(capsys: pytest.CaptureFixture[str]) -> None:
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero here")
    assert cli.main(["scan", "/dev/zero"]) == 2
    assert "cannot scan '/dev/zero': a device or a socket" in capsys.readouterr().err
