"""Knowledge base: parse, validate and compile the Markdown content into facts and rules.

Data flows one way: ``content/`` → ``kb`` → ``engine`` → ``tui``. Nothing here imports
from ``engine`` or ``tui``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jamfkb.kb.model import KnowledgeBase, Node, Rule, Signature, SourcePos

__all__ = ["KnowledgeBase", "Node", "Rule", "Signature", "SourcePos"]


def __getattr__(name: str) -> Any:
    # Imported on first use: the app's first frame needs kb.text (terminal-safe text),
    # not the model, whose import (~5 ms) then happens in the loader thread.
    if name in __all__:
        from jamfkb.kb import model

        return getattr(model, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
