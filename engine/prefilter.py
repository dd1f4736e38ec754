"""Which lines of a block of log may hold a known error message, found without Python
looking at the others.

Each signature has a key word (`engine.signatures.signature_words`). One pass of an
Aho-Corasick automaton (the Rust `aho-corasick` crate, through `ahocorasick-rs`) over the
lowercased block finds every line holding a key word; a line is kept only if it also
holds every word of one signature. Lines with non-ASCII bytes are always kept: folding may
turn them into a key word (an accented letter, a full-width digit).

Measured on the 203 MB log of `bench.scan_big` (31 key words): one `bytes.find` pass per
key word read 40 MB/s in all (2.8 s of 3.7 s in `find`); the automaton's leftmost-first
search takes 63 ms for the whole log (its SIMD prefilter), 140 ms with the lowercasing.
"""

from __future__ import annotations

from ahocorasick_rs import BytesAhoCorasick, MatchKind

# Every non-ASCII byte made 0x80, so one bytes.find finds the next: 1.5 ms for a 1 MiB
# block, where a regex over the bytes took 10 ms and splitting into lines 3 ms.
_HIGH_BYTES_AS_ONE = bytes(range(128)) + b"\x80" * 128
# A longer line is kept without looking for the words of a signature: 31 `in` tests over
# a 1 MiB piece of a long line cost more than the windows the scanner then looks at.
CHECK_LIMIT = 8192


class LineFilter:
    """Built once per key-word table; ``line_starts`` is called for every block."""

    def __init__(self, key_words: dict[bytes, list[tuple[bytes, ...]]]) -> None:
        self.key_words = key_words
        # A signature written twice in the content gives the same words twice: once is enough.
        self._signatures = [(word, tuple(dict.fromkeys(signatures)))
                            for word, signatures in key_words.items()]
        # Leftmost-first, not overlapping: the fast search (the overlapping one reads the
        # log at a fifth of the speed). It may hide a key word inside another's match,
        # but every line holding a key word gets at least one match (key words have no
        # newline), and such a line is then checked against every key word.
        self._automaton = BytesAhoCorasick(list(key_words), matchkind=MatchKind.LeftmostFirst)

    def line_starts(self, data: bytes) -> list[int]:
        """The offsets of the lines of ``data`` that may hold a signature, in order."""
        lowered = data.lower()
        kept = set() if data.isascii() else _non_ascii_lines(data)
        line_end = -1
        for _, at, _ in self._automaton.find_matches_as_indexes(lowered):
            if at < line_end:  # another key word of the line just looked at
                continue
            start = lowered.rfind(b"\n", 0, at) + 1
            end = lowered.find(b"\n", at)
            line_end = len(lowered) if end < 0 else end
            if start not in kept and (line_end - start > CHECK_LIMIT or
                                      self._may_hold_signature(lowered[start:line_end])):
                kept.add(start)
        return sorted(kept)

    def _may_hold_signature(self, line: bytes) -> bool:
        return any(word in line and any(all(w in line for w in words) for words in signatures)
                   for word, signatures in self._signatures)

    def windows(self, line: bytes, margin: int) -> list[tuple[int, int, int]]:
        """The parts of a long line that may hold a signature: ``margin`` bytes either
        side of each key word and each non-ASCII byte, overlapping parts merged, as
        (start, end, first key word or non-ASCII byte).

        Folding a whole 1 MiB piece of a long line costs ≈ 25 ms; the 20 long lines of
        `bench.scan_big` that hold a message took 0.45 s of the scan that way."""
        spots = [at for _, at, _ in self._automaton.find_matches_as_indexes(line.lower())]
        if not line.isascii():
            spots += _non_ascii_spots(line, margin)
        merged: list[tuple[int, int, int]] = []
        for at in sorted(spots):
            low, high = max(0, at - margin), min(len(line), at + margin)
            if merged and low <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(high, merged[-1][1]), merged[-1][2])
            else:
                merged.append((low, high, at))
        return merged


def _non_ascii_lines(data: bytes) -> set[int]:
    """The offsets of the lines of ``data`` holding a non-ASCII byte."""
    marked = data.translate(_HIGH_BYTES_AS_ONE)
    starts: set[int] = set()
    at = marked.find(b"\x80")
    while at >= 0:
        starts.add(marked.rfind(b"\n", 0, at) + 1)
        end = marked.find(b"\n", at)
        if end < 0:
            break
        at = marked.find(b"\x80", end)
    return starts


def _non_ascii_spots(line: bytes, margin: int) -> list[int]:
    """Enough of the non-ASCII bytes of ``line`` for windows of ``margin`` around them:
    the bytes between two kept ones closer than ``margin`` add nothing to the merged
    windows. (Listing every byte of a 1 MiB binary line took 320 ms.)"""
    marked = line.translate(_HIGH_BYTES_AS_ONE)
    spots: list[int] = []
    at = marked.find(b"\x80")
    while at >= 0:
        spots.append(at)
        last = marked.rfind(b"\x80", at + 1, at + margin + 1)
        at = last if last > at else marked.find(b"\x80", at + 1)
    return spots
