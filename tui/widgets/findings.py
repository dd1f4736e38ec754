"""Known error messages found in a scanned log file; each selects its cause or problem."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from engine.scan import ScanResult
from kb.model import KnowledgeBase
from tui.highlight import plain_line


class FindingList(OptionList):
    def show(self, kb: KnowledgeBase, scan: ScanResult, lang: str) -> None:
        options = []
        for index, finding in enumerate(scan.findings[:2000]):
            target = finding.hit.cause or finding.hit.problem or ""
            line = (Content(f"{finding.line:>5}: ").stylize("dim")
                    + plain_line(finding.text, 100)
                    + Content("\n       → ").stylize("dim")
                    + plain_line(kb.title(target, lang), 100).stylize("bold"))
            options.append(Option(line, id=f"{index}:{target}"))
        self.set_options(options)

    @staticmethod
    def target_of(option_id: str) -> str:
        return option_id.partition(":")[2]
