"""Known error messages (signatures) in a text: found exactly, as whole words, after
folding; counted once per conclusion; and the key words of the log pre-filter."""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from jamfkb.kb.model import Signature

# Words that fold() may produce from other spellings ("Azure AD" → "entra"): a raw line
# need not contain them literally, so they cannot serve as key words.
_SYNONYM_TARGETS = frozenset({"entra", "intune"})


# Words common in Mac and Jamf logs: a poor key word, since nearly every line holds one.
_COMMON_LOG_WORDS = frozenset((
    "device", "devices", "information", "management", "configuration", "microsoft",
    "registration", "registered", "resource", "request", "password", "present", "invalid",
    "error", "failed", "server", "client", "account", "user", "token", "access", "service",
    "process", "status", "update",
))


def _key_word(words: list[str]) -> str:
    """The word of a signature least likely in an ordinary log line: one with digits (an
    error code), else an uncommon one, the longest first."""
    return max(words, key=lambda w: (any(c.isdigit() for c in w), w not in _COMMON_LOG_WORDS,
                                     len(w), w))


def signature_words(signatures: list[Signature]
                    ) -> dict[bytes, list[tuple[bytes, ...]]] | None:
    """For each key word, the words (bytes, three letters or more, no synonym target) of
    the signatures it stands for: a line holding the key word but not all the words of one
    of its signatures cannot hold that signature, so it is never decoded or folded.
    None when some signature has no usable word (then every line must be looked at)."""
    table: dict[bytes, list[tuple[bytes, ...]]] = defaultdict(list)
    for sig in signatures:
        words = [w for w in sig.folded.split() if w not in _SYNONYM_TARGETS and w.isascii()]
        if not words:
            return None
        table[_key_word(words).encode()].append(
            tuple(w.encode() for w in words if len(w) > 2))
    return dict(table) or None


@dataclass(frozen=True, slots=True)
class SignatureHit:
    signature: str  # signature ID
    text: str  # the signature's text as written in the content
    problem: str | None
    cause: str | None


T = TypeVar("T")


def one_per_message(items: Iterable[T],
                    message_of: Callable[[T], tuple[str, str, str] | None]) -> list[T]:
    """``items`` with each error message counted once per conclusion, in their order.

    ``message_of`` gives an item's (target, folded message, tie-break ID), or None when the
    item is no message. Two messages found in one text are one observation when one is
    part of the other ("AADSTS7000215" inside the full message) or when they are the same
    text written twice: the longest is kept (on a tie, the lowest ID). Used by the
    inference (firings), by the log scan (findings on a line) and by the CLIPS reference.
    """
    listed = list(items)
    messages = [(index, m) for index, item in enumerate(listed)
                if (m := message_of(item)) is not None]
    dropped: set[int] = set()
    kept: dict[str, list[str]] = defaultdict(list)  # target -> messages kept
    for index, (target, text, _) in sorted(messages, key=lambda e: (-len(e[1][1]), e[1][2])):
        if any(text in other for other in kept[target]):
            dropped.add(index)
        else:
            kept[target].append(text)
    return [item for index, item in enumerate(listed) if index not in dropped]


# A text holds a signature only if it holds the signature's longest word between spaces
# (both are folded: words one space apart): looking up each word of the text in a table
# of those words finds the few signatures worth looking for. The table takes 1 ms to
# make at ×100 (935 signatures) and a look at every signature 0.4 ms on a long paste:
# a process that looks at a few texts (`jamfkb diagnose`) never makes it.
SIGNATURE_CALLS_BEFORE_TABLE = 32


class SignatureFinder:
    """The signatures of a knowledge base, looked for in folded texts."""

    def __init__(self, signatures: Iterable[Signature]) -> None:
        self.signatures = sorted(signatures, key=lambda s: s.id)
        # each signature as looked for: its folded text between spaces, made once (making
        # 935 at each look was half of find_signatures at ×100)
        self._padded = [(f" {s.folded} ", s) for s in self.signatures if s.folded]
        self._calls = 0  # see SIGNATURE_CALLS_BEFORE_TABLE

    @functools.cached_property
    def _by_word(self) -> dict[str, list[tuple[int, str, Signature]]]:
        """Each signature (its place in id order, its padded text, itself) under its
        longest word: see SIGNATURE_CALLS_BEFORE_TABLE."""
        by_word: dict[str, list[tuple[int, str, Signature]]] = defaultdict(list)
        for place, (padded, sig) in enumerate(self._padded):
            by_word[max(sig.folded.split(" "), key=len)].append((place, padded, sig))
        return dict(by_word)

    def find(self, folded: str) -> list[SignatureHit]:
        """Every signature whose folded text occurs in the folded text, in id order."""
        padded = f" {folded} "
        if self._calls < SIGNATURE_CALLS_BEFORE_TABLE:
            self._calls += 1
            candidates = self._padded
        else:
            by_word = self._by_word
            candidates = [(padded_signature, sig) for _, padded_signature, sig in sorted(
                entry for word in set(padded.split(" ")) for entry in by_word.get(word, ()))]
        return [SignatureHit(sig.id, sig.text, sig.problem, sig.cause)
                for padded_signature, sig in candidates if padded_signature in padded]
