"""Untrusted text made terminal-safe: the one function every TUI and report path uses.

Content, file names, log lines, keymap entries and error messages may hold escape
sequences (``ESC ] 0;…`` retitles the window, ``ESC ] 52;…`` writes the clipboard,
``ESC [2J`` wipes the screen) or bidirectional overrides. Textual's ``Content`` drops a
few control characters but passes ESC through, so nothing untrusted reaches a widget,
a toast or a report without going through :func:`safe` first.

No Textual import: the reports (``tui/report.py``) use it too.
"""

from __future__ import annotations

import re

from jamfkb.kb.text import one_line, terminal_safe

# A Markdown character reference (&#x202e;, &#27;, &lrm;…): the Markdown renderer
# decodes it into the character itself, after any check of the raw text.
_CHAR_REF = re.compile(r"&(?:#[xX][0-9a-fA-F]{1,8}|#[0-9]{1,9}|[A-Za-z][A-Za-z0-9]{1,31});")


def safe(text: object) -> str:
    """``text`` with every control character, escape sequence and bidi override shown
    as visible ``\\uXXXX`` text: printed, it can only show characters."""
    return terminal_safe(str(text))


def safe_line(text: object, limit: int = 200) -> str:
    """:func:`safe` on one line (newlines and tabs become spaces), cut to ``limit``."""
    return one_line(str(text), limit)


def _decode_ref(ref: str) -> str:
    """The character a reference stands for; numeric ones decoded by hand, since
    ``html.unescape`` drops some controls that other renderers would keep."""
    if ref.startswith("&#"):
        number = int(ref[3:-1], 16) if ref[2] in "xX" else int(ref[2:-1])
        return chr(number) if number <= 0x10FFFF else ref
    import html  # only for articles with named references; its table costs ~1 ms

    return html.unescape(ref)


def _neutralise_ref(match: re.Match[str]) -> str:
    ref = match.group()
    decoded = _decode_ref(ref)
    if decoded == ref or safe(decoded) == decoded:
        return ref  # an ordinary character (&amp;, &eacute;): the renderer may decode it
    # "\u202e" in place of the reference, as terminal_safe shows the raw character
    return safe(decoded)


def safe_markdown(text: str) -> str:
    """Markdown source that cannot produce an unsafe character once rendered: raw control
    characters shown as text, and character references to them (``&#x202e;``) too."""
    text = safe(text)
    return _CHAR_REF.sub(_neutralise_ref, text) if "&" in text else text
