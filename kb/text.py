"""Text helpers shared by every layer: folding for matching, and terminal-safe output."""

from __future__ import annotations

import functools
import re
import unicodedata
from itertools import filterfalse

# Names people use for the same product. Folded text replaces each with one token so that
# "Azure AD", "AAD" and "Entra ID" match each other, in both languages.
# Bump when fold() changes: compiled artifacts store folded signatures, and the cache
# key includes this number so that they are rebuilt.
FOLD_VERSION = 3

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
_SYNONYM_MAP = dict(_SYNONYMS)
# one pass, longest names first (the table is ordered so)
_SYNONYM_RE = re.compile(r"\b(?:" + "|".join(re.escape(a) for a, _ in _SYNONYMS) + r")\b")
_NON_WORD = re.compile(r"[^\w]+|_+")
# CSI, OSC and two-character escape sequences: coloured logs must still match.
_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")
_SPACES = re.compile(r"\s+")
_NOT_AVAILABLE = re.compile(r"(?<![\w/])n/a(?![\w/])")


def strip_accents(text: str) -> str:
    if text.isascii():
        return text
    # filterfalse calls the C function with no Python frame per character: 1.7× faster
    # than a generator (the folding of French article bodies for the search index)
    return "".join(filterfalse(unicodedata.combining, unicodedata.normalize("NFKD", text)))


def fold(text: str) -> str:
    """Lowercase, drop accents, turn punctuation into spaces, unify product names.

    ``fold`` is applied to both sides of every comparison (queries, logs, phrasings,
    signatures), so it only has to be consistent, not reversible.
    """
    if "\x1b" in text:
        text = _ANSI.sub(" ", text)
    text = strip_accents(text).casefold()
    if "n/a" in text:  # the status "N/A" would otherwise fold to two dropped letters
        text = _NOT_AVAILABLE.sub("na", text)
    text = _NON_WORD.sub(" ", text)
    text = _SPACES.sub(" ", text).strip()
    if not text:
        return text
    return _SYNONYM_RE.sub(lambda m: _SYNONYM_MAP[m.group()], text)


# The matcher's notion of a word, here rather than in engine.matcher: the compiler stores
# each phrasing's content words in the artifact (so that a start does not fold 26,000
# phrasings again at ×100), and the cache key covers kb/ only.
STOP_WORDS = frozenset(
    # English and French words that carry no symptom (split once, at import)
    """
    a an and are as at be been but by can could do does doing for from get gets got had
    has have having he her his how i if in into is it its just me my of on or our out
    over so some than that the their them then there these they this to too up us was we
    were what when where which while who why will with would you your yet still also all
    any please help hi hello thanks thank since after before about again very really au
    not no nor don doesn didn isn aren wasn weren won wouldn couldn cannot cant ll ve re
    aux avec ce ces cette dans de des du elle en et eux il ils je la le les leur lui ma
    mais me meme mes moi mon ne pas nos notre nous on ou par pour qu que qui sa se ses son sur
    ta te tes toi ton tu un une vos votre vous y est sont ai as avons avez ont etait
    plus tres bien aussi encore depuis quand comment pourquoi bonjour merci svp alors
    car donc si sous chez apres avant d l j s c qu m t
    galere galeres souci soucis probleme problemes bug bugs urgent help truc bizarre
    hello helo issue issues
    """.split()  # noqa: SIM905
)
_WORD = re.compile(r"\w+")


def content_words(folded: str) -> list[str]:
    """The words that carry meaning, lightly stemmed (plural 's' dropped)."""
    words = []
    for word in _WORD.findall(folded):
        if word in STOP_WORDS or len(word) < 2:
            continue
        if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        words.append(word)
    return words


@functools.lru_cache(maxsize=1 << 16)
def fold_phrase(text: str) -> str:
    """``fold`` for content strings (phrasings, signatures), which recur at every
    compile of a live-reloading tree; log lines use ``fold`` and are not kept."""
    return fold(text)


# C0 and C1 control characters (but newline and tab), DEL, and the bidirectional
# overrides that can make text read differently from what it is.
# Lone surrogates come from undecodable bytes in arguments or file names (0x9b is an
# 8-bit CSI once written back raw).
_UNSAFE = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\ud800-\udfff]"
)


def _escape(match: re.Match[str]) -> str:
    # \uXXXX reads the same in a terminal and stays a valid escape inside JSON strings
    return f"\\u{ord(match.group()):04x}"


def terminal_safe(text: str) -> str:
    """Show control characters and escape sequences as visible text, never run them."""
    return _UNSAFE.sub(_escape, text)


def one_line(text: str, limit: int = 200) -> str:
    """A terminal-safe single line, cut to ``limit`` characters."""
    text = terminal_safe(text.replace("\r\n", "\n")).replace("\n", " ").replace("\t", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"
