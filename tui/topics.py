"""What the keyword search shows: the topics under the diagnosis, the nodes the Browse
filter keeps, and how an answer read in the text is labelled. Plain Python (no Textual),
tested without Pilot (tests/tui/test_topics.py).

The search itself is the engine's (:class:`jamfkb.engine.search.Search`); this module only
decides which of its hits the UI shows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jamfkb.tui import i18n

if TYPE_CHECKING:
    from jamfkb.engine.consultation import Diagnosis
    from jamfkb.engine.search import Search, SearchHit
    from jamfkb.engine.versions import FoundVersion
    from jamfkb.kb.model import KnowledgeBase

TOPICS_SEARCHED = 12  # hits asked for, before those the diagnosis already lists
TOPICS_SHOWN = 6
FILTER_HITS = 400  # the Browse filter keeps this many matching nodes at most


def search_topics(search: Search | None, text: str, diagnosis: Diagnosis) -> tuple[
        SearchHit, ...]:
    """The topics to list under ``diagnosis`` of ``text``: none for a pasted log (its
    error messages are what counts), else the hits the diagnosis does not list already."""
    if search is None or diagnosis.log_lines or not text.strip():
        return ()
    listed = {p.id for p in diagnosis.problems} | {c.id for c in diagnosis.causes}
    hits = search.search(text, top=TOPICS_SEARCHED)
    return tuple(h for h in hits if h.id not in listed)[:TOPICS_SHOWN]


def filter_ids(kb: KnowledgeBase, search: Search | None, text: str) -> set[str] | None:
    """The node IDs the Browse tree keeps for the filter ``text``: the matching nodes and
    the problems and causes above them (so a matching resolution keeps its path). None:
    no filter (show everything)."""
    if search is None or not text.strip():
        return None
    keep: set[str] = set()
    for hit in search.search(text, top=FILTER_HITS):
        keep.add(hit.id)
        node = kb.nodes.get(hit.id)
        if node is None:
            continue
        if node.kind == "cause":
            keep.update(node.problems)
        elif node.kind == "resolution":
            for cause in kb.of_kind("cause"):
                if hit.id in cause.resolutions:
                    keep.add(cause.id)
                    keep.update(cause.problems)
    return keep


def found_label(found: FoundVersion, lang: str) -> str:
    """A version read in the text, as the answers list shows it."""
    return i18n.t(lang, "answers.from_text", version=found.version, line=found.line)
