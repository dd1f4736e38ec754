"""Reports (tui/report.py): why lines, the text report and the Markdown export, in both
languages, from a question or from a log."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from jamfkb.engine.consultation import Consultation
from jamfkb.engine.scan import scan_files
from jamfkb.kb.model import KnowledgeBase
from jamfkb.tui import report
from tests.support import TINY, run


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
    assert "Scanned: 1 file, 4 lines" in markdown
