"""'Did you mean …' for a mistyped ID: the closest known names, if any is close; and the
node an ID names regardless of case."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jamfkb.kb.model import KnowledgeBase, Node

CUTOFF = 0.75  # difflib ratio: "all-device-affected" finds "all-devices-affected"


def closest(wanted: str, known: Iterable[str], limit: int = 2) -> list[str]:
    return difflib.get_close_matches(wanted.casefold(), sorted(set(known)), n=limit,
                                     cutoff=CUTOFF)


def did_you_mean(wanted: str, known: Iterable[str]) -> str:
    """`` (did you mean 'x'?)``, or an empty string when nothing is close."""
    names = closest(wanted, known)
    if not names:
        return ""
    return " (did you mean " + " or ".join(f"'{n}'" for n in names) + "?)"


def folded_matches(kb: KnowledgeBase, wanted: str) -> list[str]:
    """The node IDs whose ID or alias is ``wanted`` regardless of case."""
    folded = wanted.casefold()
    names = [name for name in (*kb.nodes, *kb.aliases) if name.casefold() == folded]
    return sorted({hit.id for name in names if (hit := kb.resolve(name)) is not None})


def resolve_any_case(kb: KnowledgeBase, wanted: str) -> Node | None:
    """``kb.resolve``, else the one node whose ID or alias matches regardless of case
    (``show`` and ``--answer`` accept the same spellings)."""
    node = kb.resolve(wanted)
    if node is None and len(matches := folded_matches(kb, wanted)) == 1:
        node = kb.nodes[matches[0]]
    return node
