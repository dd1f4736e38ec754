"""Browse the knowledge base: problems → causes → resolutions, then questions and articles."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from jamfkb.tui import i18n

if TYPE_CHECKING:
    from jamfkb.kb.model import KnowledgeBase


def _label(text: str, style: str = "") -> Text:
    from jamfkb.kb.text import one_line

    return Text(one_line(text, 120), style=style)  # Text(), not markup


class BrowseTree(Tree[str]):
    """Each node's data is a knowledge-base node ID (group nodes hold ``None``)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("jamfkb", id=id)
        self.show_root = False
        self.guide_depth = 2

    def build(self, kb: KnowledgeBase, lang: str, cursor: str | None = None) -> None:
        """(Re)build the tree, keeping expanded nodes; the cursor goes back to ``cursor``
        (a node ID), else to the node it was on."""
        expanded = {n.data for n in self._all_nodes() if n.is_expanded and n.data}
        expanded_groups = {str(n.label) for n in self._all_nodes()
                           if n.is_expanded and n.data is None}
        if cursor is None and self.cursor_node is not None:
            cursor = self.cursor_node.data
        self.clear()
        problems = sorted(kb.of_kind("problem"), key=lambda n: n.title(lang).casefold())
        causes = kb.of_kind("cause")
        for problem in problems:
            pnode = self.root.add(_label(problem.title(lang), "bold"), data=problem.id)
            for cause in sorted((c for c in causes if problem.id in c.problems),
                                key=lambda c: (-c.problems[problem.id], c.id)):
                cnode = pnode.add(_label(cause.title(lang)), data=cause.id)
                for rid in cause.resolutions:
                    cnode.add_leaf(_label("→ " + kb.title(rid, lang), "italic"), data=rid)
        for kind in ("question", "article"):
            nodes = sorted(kb.of_kind(kind), key=lambda n: n.title(lang).casefold())
            if nodes:
                group = self.root.add(_label(i18n.t(lang, f"browse.group.{kind}"), "dim"))
                for node in nodes:
                    group.add_leaf(_label(node.title(lang)), data=node.id)
        for node in self._all_nodes():
            if (node.data in expanded or (node.data is None and node is not self.root
                                          and str(node.label) in expanded_groups)):
                node.expand()
        self.root.expand()
        if cursor is not None:
            self.select_id(cursor)

    def _all_nodes(self) -> list[TreeNode[str]]:
        out: list[TreeNode[str]] = []
        stack = [self.root]
        while stack:
            node = stack.pop()
            out.append(node)
            stack.extend(reversed(node.children))
        return out

    def select_id(self, node_id: str) -> bool:
        """Move the cursor to the first node showing ``node_id``, expanding its parents."""
        for node in self._all_nodes():
            if node.data == node_id:
                parent = node.parent
                while parent is not None:
                    parent.expand()
                    parent = parent.parent
                self.call_after_refresh(self.move_cursor, node)
                return True
        return False
