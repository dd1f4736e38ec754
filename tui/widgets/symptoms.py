"""Recognised symptoms, with the words that matched the query highlighted."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    from jamfkb.engine.consultation import Diagnosis
    from jamfkb.kb.model import KnowledgeBase


class SymptomList(OptionList):
    DEFAULT_CSS = """
    SymptomList { height: auto; max-height: 6; }
    """

    def show(self, kb: KnowledgeBase, diagnosis: Diagnosis, lang: str) -> None:
        from jamfkb.tui.highlight import highlight_matches, plain_line

        wanted = diagnosis.matched_words  # the engine's, not matched again here
        phrasing = {m.node: m.phrasing for m in diagnosis.mentions}
        highlighted = self.highlighted_option.id if self.highlighted_option else None
        options: list[Option] = []
        for problem in diagnosis.problems:
            line = Content(f"{problem.certainty:4.0%} ").stylize("dim")
            line += highlight_matches(kb.title(problem.id, lang), wanted)
            if problem.id in phrasing:
                line += Content(" — ").stylize("dim")
                line += highlight_matches(f"“{phrasing[problem.id]}”", wanted).stylize("italic")
            options.append(Option(line, id=problem.id))
        for hit in diagnosis.signatures:
            target = hit.problem or hit.cause
            if target is None or any(o.id == target for o in options):
                continue
            line = Content("sig  ").stylize("dim") + plain_line(hit.text, 120)
            options.append(Option(line, id=target))
        self.set_options(options)
        ids = [o.id for o in options]
        if highlighted in ids:
            self.highlighted = ids.index(highlighted)
