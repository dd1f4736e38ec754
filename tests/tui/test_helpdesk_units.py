"""Pure helpers of the helpdesk-ticket work: log places, plurals, recent consultations,
the ticket header, key map checks, Textual's commands in French."""

from __future__ import annotations

import threading
from datetime import datetime
from pathlib import Path

from jamfkb.engine.consultation import Consultation
from jamfkb.engine.scan import ScanResult
from jamfkb.kb.store import load
from jamfkb.tui import report
from jamfkb.tui.i18n import tn
from jamfkb.tui.keymap import known_bindings, parse_keymap, valid_key
from jamfkb.tui.log_places import article_paths, complete_path
from jamfkb.tui.session import Engine, Session

TINY = Path(__file__).resolve().parent.parent / "fixtures" / "tiny"


def test_article_paths_are_the_log_files_and_folders_it_names() -> None:
    body = ("logs in `~/Library/Logs/Company Portal/`; `/var/log/jamf.log` too;\n"
            "`plutil -p ~/Library/Preferences/x.plist`; `/usr/local/jss/logs/`")
    assert article_paths(body) == ["~/Library/Logs/Company Portal/", "/var/log/jamf.log",
                                   "/usr/local/jss/logs/"]


def test_complete_path(tmp_path: Path) -> None:
    (tmp_path / "jamf.log").write_text("")
    (tmp_path / "jamf.log.1.gz").write_text("")
    (tmp_path / "CompanyPortal").mkdir()
    assert complete_path(str(tmp_path / "Comp")) == str(tmp_path / "CompanyPortal") + "/"
    assert complete_path(str(tmp_path / "ja")) == str(tmp_path / "jamf.log")
    assert complete_path(str(tmp_path / "zzz")) is None
    assert complete_path("") is None


def test_plurals_in_both_languages() -> None:
    assert tn("en", "count.files", 1) == "1 file"
    assert tn("en", "count.lines", 181) == "181 lines"
    assert tn("en", "count.lines", 0) == "0 lines"
    assert tn("fr", "count.files", 0) == "0 fichier"
    assert tn("fr", "count.lines", 2) == "2 lignes"
    scan = ScanResult(files=1, lines=181)
    assert report.scanned_summary(scan, "en") == "Scanned: 1 file, 181 lines"
    assert "(s)" not in report.scanned_summary(scan, "fr")


def test_new_consultation_keeps_the_old_one_and_restores_it() -> None:
    kb = load(TINY).kb
    assert kb is not None
    session = Session()
    session.install(Engine(kb, Consultation.for_kb(kb), threading.Lock()))
    assert session.new_consultation() is None  # nothing to lose
    session.query = "printer does not print"
    session.answer("toner-light", "no")
    session.history.visit("toner-empty")
    old = session.new_consultation()
    assert old is not None and session.query == "" and not session.answers
    assert session.recent == [old]
    session.query = "another"
    assert session.restore(0) is old
    assert session.query == "printer does not print"
    assert session.answers == {"toner-light": "no"}
    assert session.history.current == "toner-empty"
    assert [s.query for s in session.recent] == ["another"]
    assert session.restore(5) is None


def test_ticket_header_and_clean_markdown() -> None:
    kb = load(TINY).kb
    assert kb is not None
    info = report.ReportInfo(datetime(2025, 3, 14, 9, 30), "1.2.3", kb.content_hash,
                             "INC-1", "line one\nline *two*")
    lines = "\n".join(info.markdown("fr"))
    assert "- Date : 2025-03-14 09:30" in lines and "- Ticket : INC-1" in lines
    assert "line \\*two\\*" in lines
    assert report.without_internal_links("see [Fix it](kb:fix-it) now") == "see Fix it now"
    why = report._md_why('the message "x" was found: +0.80 [a#evidence[5] @ a.toml:3]')
    assert why.endswith("`a#evidence[5] @ a.toml:3`") and "\\[" not in why
    assert report.default_report_name(datetime(2025, 3, 14, 9, 30, 5)) \
        == "jamfkb-report-20250314-093005.md"
    # the untrusted ticket text is made safe
    assert "\x1b" not in report.ReportInfo.now(kb, ticket="A\x1b[31mB").ticket


def test_keymap_rejects_unknown_key_names_with_their_line() -> None:
    assert not valid_key("ctrl+shift+banana")
    assert valid_key("question_mark") and valid_key("ctrl+n")
    result = parse_keymap('why = "f10"\n\nexport = "ctrl+shift+banana"\n', known_bindings())
    assert result.keymap == {"why": "f10"}
    assert result.error_lines == [3] and "banana" in result.errors[0]


def test_textual_commands_in_french() -> None:
    from textual.app import SystemCommand

    from jamfkb.tui.system_commands import localized, quit_hint

    commands = [SystemCommand("Quit", "Quit the application as soon as possible", print),
                SystemCommand("Other", "untouched", print)]
    out = list(localized(commands, "fr"))
    assert out[0].title == "Quitter" and out[1].title == "Other"
    assert quit_hint("fr", "^q")[0] == "Appuyez sur ^q pour quitter l'application"
