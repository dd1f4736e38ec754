"""Topics matching the query: the keyword search's hits (title and kind), one per row.

Data in (:meth:`TopicList.show`), messages out: OptionList's ``OptionSelected`` /
``OptionHighlighted``, whose option IDs are node IDs (the screen opens the article).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    from jamfkb.engine.search import SearchHit
    from jamfkb.kb.model import KnowledgeBase

TITLE_LIMIT = 120


def topic_line(title: str, kind_label: str) -> Content:
    """The title as plain text (never markup), then its kind, dimmed."""
    from jamfkb.tui.highlight import plain_line

    return plain_line(title, TITLE_LIMIT) + Content(f"  {kind_label}").stylize("dim")


class TopicList(OptionList):
    DEFAULT_CSS = """
    TopicList { height: auto; max-height: 8; }
    """

    def show(self, kb: KnowledgeBase, hits: Sequence[SearchHit], lang: str) -> None:
        from jamfkb.tui.i18n import t

        highlighted = self.highlighted_option.id if self.highlighted_option else None
        ids = [h.id for h in hits if h.id in kb.nodes]
        self.set_options(
            Option(topic_line(kb.title(node_id, lang), t(lang, f"kind.{kb.nodes[node_id].kind}")),
                   id=node_id)
            for node_id in ids)
        if highlighted in ids:
            self.highlighted = ids.index(highlighted)

    @property
    def topic_ids(self) -> list[str]:
        return [str(self.get_option_at_index(i).id) for i in range(self.option_count)]
