"""Browse the knowledge base: problems → causes → resolutions, then questions and articles,
under a filter box (the keyword search: the tree keeps the matching nodes and their path).

Data in (:meth:`BrowseTree.build`, :meth:`BrowseTree.filter`), messages out: the tree's
``NodeSelected`` / ``NodeHighlighted`` and the filter box's ``Input.Changed``, which the
screen routes. In :class:`BrowsePane`, a letter typed in the tree goes to the filter box,
and Esc clears a filter before it does anything else."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import events
from textual.containers import Vertical
from textual.widgets import Input, Tree
from textual.widgets.tree import TreeNode

from jamfkb.tui import i18n

if TYPE_CHECKING:
    from textual.app import ComposeResult

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
        self.only: set[str] | None = None  # the filter's node IDs; None: every node
        self.filter_text = ""

    def filter(self, kb: KnowledgeBase, lang: str, only: set[str] | None, text: str) -> None:
        """Keep only the nodes ``only`` names (None: all), expanded, and rebuild."""
        self.only, self.filter_text = only, text
        self.build(kb, lang)

    def build(self, kb: KnowledgeBase, lang: str, cursor: str | None = None) -> None:
        """(Re)build the tree, keeping expanded nodes; the cursor goes back to ``cursor``
        (a node ID), else to the node it was on."""
        expanded = {n.data for n in self._all_nodes() if n.is_expanded and n.data}
        expanded_groups = {str(n.label) for n in self._all_nodes()
                           if n.is_expanded and n.data is None}
        if cursor is None and self.cursor_node is not None:
            cursor = self.cursor_node.data
        self.clear()
        only = self.only
        keep = (lambda _: True) if only is None else only.__contains__
        problems = sorted((p for p in kb.of_kind("problem") if keep(p.id)),
                          key=lambda n: n.title(lang).casefold())
        causes = [c for c in kb.of_kind("cause") if keep(c.id)]
        for problem in problems:
            pnode = self.root.add(_label(problem.title(lang), "bold"), data=problem.id)
            for cause in sorted((c for c in causes if problem.id in c.problems),
                                key=lambda c: (-c.problems[problem.id], c.id)):
                cnode = pnode.add(_label(cause.title(lang)), data=cause.id)
                for rid in cause.resolutions:
                    if only is None or rid in only or cause.id in only:
                        cnode.add_leaf(_label("→ " + kb.title(rid, lang), "italic"), data=rid)
        for kind in ("question", "article"):
            nodes = sorted((n for n in kb.of_kind(kind) if keep(n.id)),
                           key=lambda n: n.title(lang).casefold())
            if nodes:
                group = self.root.add(_label(i18n.t(lang, f"browse.group.{kind}"), "dim"))
                for node in nodes:
                    group.add_leaf(_label(node.title(lang)), data=node.id)
        for node in self._all_nodes():
            if (node.data in expanded or (node.data is None and node is not self.root
                                          and str(node.label) in expanded_groups)):
                node.expand()
        self.root.expand()
        if only is not None:
            self._show_filtered(lang)
        if cursor is not None:
            self.select_id(cursor)

    def _show_filtered(self, lang: str) -> None:
        if not self.root.children:
            self.root.add_leaf(_label(i18n.t(lang, "browse.filter_none",
                                             query=self.filter_text), "dim"))
        self.root.expand_all()

    @property
    def node_ids(self) -> list[str]:
        """The node IDs the tree shows, in order (tests)."""
        return [n.data for n in self._all_nodes() if n.data]

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


class BrowseFilter(Input):
    """The filter box above the tree (Esc clears it)."""

    DEFAULT_CSS = """
    BrowseFilter { margin-bottom: 0; }
    """

    def on_key(self, event: events.Key) -> None:
        if event.key == "escape" and self.value:
            event.stop()  # not to the screen, whose Esc goes back to the query
            self.value = ""


class BrowsePane(Vertical):
    """The filter box and the tree."""

    def compose(self) -> ComposeResult:
        yield BrowseFilter(id="browse-filter", compact=True, select_on_focus=False)
        yield BrowseTree(id="browse")

    def on_key(self, event: events.Key) -> None:
        tree = self.query_one(BrowseTree)
        if not tree.has_focus:
            return
        box = self.query_one(BrowseFilter)
        if event.key == "escape" and box.value:
            event.stop()
            box.value = ""
        elif event.is_printable and event.character and not event.character.isspace():
            event.stop()
            box.focus()
            box.insert_text_at_cursor(event.character)
