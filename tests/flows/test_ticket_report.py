"""A report for a ticket: date, version, knowledge-base hash, ticket and note, clean
Markdown, never empty; the CLI writes the same one (--report)."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

from textual.widgets import Input

from jamfkb.tui.cli import main
from jamfkb.tui.dialogs.path_dialog import ExportDialog
from tests.flows.support import (
    SIZE,
    TINY,
    make_app,
    open_dialog,
    ready,
    run,
    settle,
    type_query,
)


def _clean(markdown: str) -> None:
    assert "kb:" not in markdown
    assert "\\[" not in markdown and "\\#" not in markdown
    assert re.search(r"^- Date: \d{4}-\d\d-\d\d \d\d:\d\d", markdown, re.M)
    assert "- Version: jamfkb " in markdown
    assert re.search(r"^- Knowledge base: `[0-9a-f]{16}`", markdown, re.M)


def test_an_empty_consultation_is_not_exported() -> None:
    async def scenario() -> None:
        async with make_app().run_test(size=SIZE) as pilot:
            await ready(pilot)
            await pilot.press("f5")
            await settle(pilot)
            assert not isinstance(pilot.app.screen, ExportDialog)
            assert any("Nothing to export" in n.message for n in pilot.app._notifications)
    run(scenario())


def test_the_report_has_what_a_ticket_needs(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)

    async def scenario() -> None:
        async with make_app(content=None).run_test(size=SIZE) as pilot:  # bundled content
            await ready(pilot)
            await type_query(pilot, "graph license expired AADSTS")
            dialog = await open_dialog(pilot, "ctrl+x", ExportDialog)
            path_input = dialog.query_one("#path-input", Input)
            assert re.fullmatch(r".*jamfkb-report-\d{8}-\d{6}\.md", path_input.value)
            dialog.query_one("#ticket-input", Input).value = "INC-4242"
            dialog.query_one("#note-input", Input).value = "Mac of the finance team"
            await pilot.press("enter")
            await settle(pilot)
            written = Path(path_input.value).read_text()
            _clean(written)
            assert "- Ticket: INC-4242" in written
            assert "Mac of the finance team" in written
    run(scenario())


def test_the_cli_writes_the_same_report(tmp_path: Path, capsys) -> None:
    target = tmp_path / "ticket.md"
    code = main(["diagnose", "printer", "does", "not", "print", "--content", str(TINY),
                 "--report", str(target), "--ticket", "INC-7", "--note", "2nd floor"])
    assert code == 0
    written = target.read_text()
    _clean(written)
    assert "- Ticket: INC-7" in written and "2nd floor" in written
    folder = tmp_path / "logs"
    (folder / "old").mkdir(parents=True)
    (folder / "jamf.log").write_text("ERROR PRN-042 toner cartridge empty\n")
    with gzip.open(folder / "old" / "jamf.log.1.gz", "wt") as f:
        f.write("boot\nTONER LOW warning\n")
    code = main(["scan", str(folder), "--content", str(TINY), "--report", str(tmp_path)])
    assert code == 0
    out = capsys.readouterr().out
    assert "Scanned: 2 files, 3 lines" in out
    report = next(tmp_path.glob("jamfkb-report-*.md")).read_text()
    assert "jamf.log.1.gz:2" in report
    _clean(report)
