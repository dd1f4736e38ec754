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
        """One option per log line, its message in full (wrapped), then what each known
        message on it means (a line matching a message and its cause was listed twice)."""
        from jamfkb.tui.highlight import plain

        several_files = len({f.file for f in scan.findings[:2000]}) > 1
        lines: dict[tuple[str, int], tuple[int, list[str]]] = {}
        for index, finding in enumerate(scan.findings[:2000]):
            target = finding.hit.cause or finding.hit.problem or ""
            _, targets = lines.setdefault((finding.file, finding.line), (index, []))
            if target not in targets:
                targets.append(target)
        options = []
        for (file, number), (index, targets) in lines.items():
            where = f"{_base(file)}:{number}" if several_files else f"{number:>5}"
            text = scan.findings[index].text
            line = Content(f"{where}: ").stylize("dim") + plain(text)
            for target in targets:
                line += (Content("\n       → ").stylize("dim")
                         + plain(kb.title(target, lang)).stylize("bold"))
            options.append(Option(line, id=f"{index}:{targets[0]}"))
        self.set_options(options)

    @staticmethod
    def target_of(option_id: str) -> str:
        return option_id.partition(":")[2]


def _base(name: str) -> str:
    return name.replace("\\", "/").rsplit("/", 1)[-1]
