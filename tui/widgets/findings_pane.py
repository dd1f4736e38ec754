"""The Log findings pane: a summary line (the scan's progress, what it read, or how to
open a log) above the list of findings.

Data in (:meth:`FindingsPane.show`), messages out: the list posts ``OptionList``'s
highlight and selection messages, which the screen turns into articles.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from jamfkb.tui.highlight import plain
from jamfkb.tui.i18n import t
from jamfkb.tui.widgets.findings import FindingList

if TYPE_CHECKING:
    from textual.app import ComposeResult

    from jamfkb.engine.scan import ScanResult
    from jamfkb.kb.model import KnowledgeBase


def summary_text(scan: ScanResult, lang: str) -> str:
    """What a finished scan read, and whether it found anything."""
    from jamfkb.tui.report import scanned_summary

    text = scanned_summary(scan, lang)
    if not scan.findings:
        text += "\n" + t(lang, "report.no_findings")
    return text


class FindingsPane(Vertical):
    def compose(self) -> ComposeResult:
        yield Static(id="findings-summary", markup=False)
        yield FindingList(id="findings")

    @property
    def finding_list(self) -> FindingList:
        return self.query_one(FindingList)

    def show_progress(self, text: str) -> None:
        self.query_one("#findings-summary", Static).update(plain(text))  # names a file

    def show(self, kb: KnowledgeBase | None, scan: ScanResult | None, lang: str,
             progress: str | None, empty_hint: str) -> None:
        """``progress``: the running scan's hint (it replaces the summary), or None."""
        summary = self.query_one("#findings-summary", Static)
        findings = self.finding_list
        if progress is not None:
            summary.update(plain(progress))
        if kb is None or scan is None:
            if progress is None:
                summary.update(Content(empty_hint))
            findings.clear_options()
            findings.display = False  # no empty box under the hint
            return
        if progress is None:
            summary.update(Content(summary_text(scan, lang)))
        findings.show(kb, scan, lang)
        findings.display = bool(findings.option_count)
