"""Knowledge base: parse, validate and compile the Markdown content into facts and rules.

Data flows one way: ``content/`` → ``kb`` → ``engine`` → ``tui``. Nothing here imports
from ``engine`` or ``tui``.
"""

from jamfkb.kb.model import KnowledgeBase, Node, Rule, Signature, SourcePos

__all__ = ["KnowledgeBase", "Node", "Rule", "Signature", "SourcePos"]
