"""Logs for the main screen: the F4 / Ctrl+O dialog (with the known log locations of
this machine), starting a scan, its progress, and the findings pane."""

from __future__ import annotations

from typing import TYPE_CHECKING

from jamfkb.tui.i18n import t, tn

if TYPE_CHECKING:
    from pathlib import Path

    from textual.widget import Widget

    from jamfkb.kb.model import KnowledgeBase
    from jamfkb.tui.screens.log_scan import ScanEnded
    from jamfkb.tui.screens.main import MainScreen


def known_places(kb: KnowledgeBase | None) -> list[str]:
    """The log locations the collect-logs article names that exist on this machine."""
    from jamfkb.tui.log_places import ARTICLE, article_paths, existing_places

    node = kb.nodes.get(ARTICLE) if kb is not None else None
    if node is None:
        return []
    paths: list[str] = []
    for wording in node.wording.values():
        paths += [p for p in article_paths(wording.body) if p not in paths]
    return existing_places(paths)


class LogFilesController:
    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen

    def open(self) -> None:
        from jamfkb.tui.dialogs.path_dialog import open_log_dialog

        screen = self.screen
        last = screen.session.last_log or screen.scan_path  # a cancelled scan's file too
        focused = screen.focused
        engine = screen.engine
        dialog = open_log_dialog(screen.lang, str(last) if last else "",
                                 known_places(engine.kb if engine else None))
        screen.app.push_screen(dialog, lambda path: self._chosen(path, focused))

    def _chosen(self, path: Path | None, focused: Widget | None) -> None:
        self.screen.restore_focus(focused)  # never the causes by default
        if path is not None:
            self.screen.session.last_log = path
            self.screen.scan_log(path)

    def ended(self, event: ScanEnded) -> None:
        screen = self.screen
        if not screen.log_scan.ended(event):
            return  # cancelled, or superseded by a newer scan
        if event.error is not None or event.result is None:
            screen.app.notify(event.error or "", severity="error", markup=False)
            return
        if event.engine is not screen.engine or not screen.results_mounted:
            return
        from jamfkb.tui.widgets.query_box import QueryBox

        result, lang = event.result, screen.lang
        screen.session.scanned(event.path, result)
        self.show_findings()
        screen.active_pane = "tab-findings"
        if result.findings:
            screen.finding_list.focus()
        else:
            screen.query_one(QueryBox).focus()  # not left on a list of the hidden tab
        screen.app.notify(t(lang, "scan.done_counts", name=event.path.name,
                            found=tn(lang, "count.messages", len(result.findings)),
                            lines=tn(lang, "count.lines", result.lines)), markup=False)
        screen.update_status()
        screen.request_diagnosis()

    def scan(self, path: Path) -> None:
        screen = self.screen
        engine = screen.engine
        if engine is None:
            screen.app.notify(t(screen.lang, "status.loading"), severity="warning")
            return
        screen.app.notify(t(screen.lang, "scan.started", name=path.name), markup=False)
        screen.log_scan.start(engine, path)
        screen.ui_caught_up()  # the key that started it needs nothing more

    def progress_text(self) -> str:
        screen = self.screen
        return screen.log_scan.progress_text(screen.lang, screen.app.key_display("focus-query"))

    def tick(self) -> None:
        """The progress hint (status bar, findings pane), and the findings once over."""
        screen = self.screen
        screen.update_status()
        if not screen.results_mounted:
            return
        if screen.log_scan.running:
            screen.findings_pane.show_progress(self.progress_text())
        else:
            self.show_findings()

    def show_findings(self) -> None:
        screen = self.screen
        engine = screen.engine
        screen.findings_pane.show(
            engine.kb if engine else None, screen.scan, screen.lang,
            self.progress_text() if screen.log_scan.running else None,
            t(screen.lang, "findings.empty", keys=screen.app.key_display("open-log")))

    def show_pane(self) -> None:
        """The findings tab, with the focus on the findings when there are some."""
        from jamfkb.tui.widgets.query_box import QueryBox

        screen = self.screen
        if not screen.results_mounted:
            screen.active_pane = "tab-findings"
            return
        findings = screen.finding_list
        if findings.option_count:
            findings.focus()
        elif screen.focus_in_hidden_pane("tab-findings"):
            # Else hiding the focused list hands the focus to another list, whose
            # first option would replace the article.
            screen.query_one(QueryBox).focus()
        screen.active_pane = "tab-findings"
