"""Untrusted text as Textual ``Content`` (never markup), with matched words highlighted.

Which words matched is the engine's answer (``Diagnosis.matched_words``): the UI never
matches the query again, so what is highlighted is what the diagnosis used.
"""

from __future__ import annotations

import re

from textual.content import Content

from jamfkb.kb.text import fold
from jamfkb.tui.safe_text import safe, safe_line

_WORD = re.compile(r"\w+")
MATCH_STYLE = "bold $accent"


def plain(text: str) -> Content:
    """Text shown exactly as written: no markup, control characters made visible."""
    return Content(safe(text))


def plain_line(text: str, limit: int = 200) -> Content:
    return Content(safe_line(text, limit))


def _word_matches(word: str, matched: frozenset[str]) -> bool:
    """``word`` as written in a title, folded as the engine folds it ("Entra ID",
    accents), is one of the words the engine matched."""
    return any(part in matched for part in _WORD.findall(fold(word)))


def highlight_matches(text: str, matched: frozenset[str], style: str = MATCH_STYLE
                      ) -> Content:
    """``text`` as plain content, each word the engine matched styled."""
    text = safe_line(text, 300)
    content = Content(text)
    if not matched:
        return content
    for match in _WORD.finditer(text):
        if _word_matches(match.group(), matched):
            content = content.stylize(style, match.start(), match.end())
    return content


def matched_word_spans(text: str, matched: frozenset[str]) -> list[str]:
    """The words of ``text`` that would be highlighted (for tests and plain output)."""
    return [m.group() for m in _WORD.finditer(text) if _word_matches(m.group(), matched)]
