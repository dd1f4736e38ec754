"""Text helpers shared by every layer: folding for matching, and terminal-safe output."""

from __future__ import annotations

import re
import unicodedata

# Names people use for the same product. Folded text replaces each with one token so that
# "Azure AD", "AAD" and "Entra ID" match each other, in both languages.
_SYNONYMS: tuple[tuple[str, str], ...] = (
    ("microsoft entra id", "entra"),
    ("azure active directory", "entra"),
    ("azure ad", "entra"),
    ("azuread", "entra"),
    ("entra id", "entra"),
    ("aad", "entra"),
    ("microsoft endpoint manager", "intune"),
    ("endpoint manager", "intune"),
    ("mem", "intune"),
)
_SYNONYM_RES = tuple((re.compile(rf"\b{re.escape(a)}\b"), b) for a, b in _SYNONYMS)
_NON_WORD = re.compile(r"[^\w]+|_+")
_SPACES = re.compile(r"\s+")


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold(text: str) -> str:
    """Lowercase, drop accents, turn punctuation into spaces, unify product names.

    ``fold`` is applied to both sides of every comparison (queries, logs, phrasings,
    signatures), so it only has to be consistent, not reversible.
    """
    text = strip_accents(text).casefold()
    text = _NON_WORD.sub(" ", text)
    text = _SPACES.sub(" ", text).strip()
    if not text:
        return text
    for pattern, repl in _SYNONYM_RES:
        text = pattern.sub(repl, text)
    return text


# C0 and C1 control characters (but newline and tab), DEL, and the bidirectional
# overrides that can make text read differently from what it is.
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_safe(text: str) -> str:
    """Show control characters and escape sequences as visible text, never run them."""
    return _UNSAFE.sub(_escape, text)


def one_line(text: str, limit: int = 200) -> str:
    """A terminal-safe single line, cut to ``limit`` characters."""
    text = terminal_safe(text.replace("\r\n", "\n")).replace("\n", " ").replace("\t", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"
