"""Untrusted text as Textual ``Content`` (never markup), with matched words highlighted."""

from __future__ import annotations

import re

from textual.content import Content

from jamfkb.engine.matcher import MIN_TYPO_LENGTH, TYPO_SIMILARITY, content_words
from jamfkb.kb.text import fold, one_line, terminal_safe

_WORD = re.compile(r"\w+")
MATCH_STYLE = "bold $accent"


def plain(text: str) -> Content:
    """Text shown exactly as written: no markup, control characters made visible."""
    return Content(terminal_safe(text))


def plain_line(text: str, limit: int = 200) -> Content:
    return Content(one_line(text, limit))


def query_words(query: str) -> frozenset[str]:
    return frozenset(content_words(fold(query)))


def _word_matches(word: str, wanted: frozenset[str]) -> bool:
    folded = content_words(fold(word))
    if not folded:
        return False
    for item in folded:
        if item in wanted:
            return True
        if len(item) >= MIN_TYPO_LENGTH:
            from rapidfuzz import fuzz

            if any(len(w) >= MIN_TYPO_LENGTH and fuzz.ratio(item, w) >= TYPO_SIMILARITY
                   for w in wanted):
                return True
    return False


def highlight_matches(text: str, wanted: frozenset[str], style: str = MATCH_STYLE) -> Content:
    """``text`` as plain content, with each word whose folded form the query contains styled."""
    safe = one_line(text, 300)
    content = Content(safe)
    if not wanted:
        return content
    for match in _WORD.finditer(safe):
        if _word_matches(match.group(), wanted):
            content = content.stylize(style, match.start(), match.end())
    return content


def matched_word_spans(text: str, wanted: frozenset[str]) -> list[str]:
    """The words of ``text`` that would be highlighted (for tests and plain output)."""
    return [m.group() for m in _WORD.finditer(text) if _word_matches(m.group(), wanted)]
