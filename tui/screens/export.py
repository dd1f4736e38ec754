"""The report for a ticket (F5 / Ctrl+X): the export dialog, then the Markdown written by
:mod:`jamfkb.tui.report` (the same report as ``jamfkb diagnose … --report FILE``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from jamfkb.tui.i18n import t

if TYPE_CHECKING:
    from textual.widget import Widget

    from jamfkb.tui.dialogs.path_dialog import ExportDialog
    from jamfkb.tui.screens.main import MainScreen


class ExportController:
    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen

    def open(self) -> None:
        from jamfkb.tui.dialogs.path_dialog import export_dialog
        from jamfkb.tui.report import default_report_name, has_content

        screen = self.screen
        session = screen.session
        if screen.engine is None or session.diagnosis is None or not has_content(session):
            # nothing typed, answered or scanned: an empty report would help no ticket
            screen.app.notify(t(screen.lang, "export.nothing"), severity="warning")
            return
        focused = screen.focused
        dialog = export_dialog(screen.lang, Path.cwd() / default_report_name())
        screen.app.push_screen(dialog, lambda path: self._chosen(path, dialog, focused))

    def _chosen(self, path: Path | None, dialog: ExportDialog, focused: Widget | None
                ) -> None:
        screen = self.screen
        screen.restore_focus(focused)
        engine = screen.engine
        if path is None or engine is None or screen.session.diagnosis is None:
            return
        from jamfkb.tui.report import ReportInfo, write_session_report

        info = ReportInfo.now(engine.kb, ticket=dialog.ticket, note=dialog.note)
        try:
            write_session_report(path, engine.kb, screen.session, screen.lang, info)
        except OSError as exc:
            screen.app.notify(t(screen.lang, "export.failed", path=path,
                                error=exc.strerror or str(exc)),
                              severity="error", markup=False)
            return
        screen.app.notify(t(screen.lang, "export.done", path=path), markup=False)
