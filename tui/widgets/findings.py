"""Known error messages found in a scanned log file; each selects its cause or problem."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    from jamfkb.engine.scan import ScanResult
    from jamfkb.kb.model import KnowledgeBase


class FindingList(OptionList):
    def show(self, kb: KnowledgeBase, scan: ScanResult, lang: str) -> None:
        from jamfkb.tui.highlight import plain_line

        options = []
        seen: set[tuple[int, str]] = set()
        for index, finding in enumerate(scan.findings[:2000]):
            target = finding.hit.cause or finding.hit.problem or ""
            if (finding.line, target) in seen:
                continue  # several signatures of the same cause on one line: once is enough
            seen.add((finding.line, target))
            line = (Content(f"{finding.line:>5}: ").stylize("dim")
                    + plain_line(finding.text, 100)
                    + Content("\n       → ").stylize("dim")
                    + plain_line(kb.title(target, lang), 100).stylize("bold"))
            options.append(Option(line, id=f"{index}:{target}"))
        self.set_options(options)

    @staticmethod
    def target_of(option_id: str) -> str:
        return option_id.partition(":")[2]
