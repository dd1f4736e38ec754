"""The log scan's line filter: which lines of a block may hold a signature."""

from __future__ import annotations

import random

import pytest

from jamfkb.engine.prefilter import CHECK_LIMIT, LineFilter


def _lines(data: bytes, starts: list[int]) -> list[bytes]:
    return [data[s:].split(b"\n", 1)[0] for s in starts]


def test_a_line_needs_a_key_word_and_every_word_of_one_of_its_signatures() -> None:
    table = {b"aadsts7000215": [(b"aadsts7000215",)],
             b"workplace": [(b"workplace", b"join", b"keychain")]}
    data = (b"boot ok\n"
            b"ERROR AADSTS7000215: invalid client secret\n"
            b"Workplace Join key in your keychain\n"
            b"workplace settings opened\n"  # the key word without the rest of its signature
            b"nothing here\n")
    assert _lines(data, LineFilter(table).line_starts(data)) == [
        b"ERROR AADSTS7000215: invalid client secret", b"Workplace Join key in your keychain"]


def test_a_key_word_inside_another_ones_match_is_not_lost() -> None:
    """The automaton reports leftmost, non-overlapping matches: on "workplace join" it
    reports "workplace" and never "place", yet the line holds place's signature."""
    table = {b"workplace": [(b"workplace", b"denied")], b"place": [(b"place", b"join")]}
    data = b"noise\nworkplace join\nworkplace denied\n"
    assert _lines(data, LineFilter(table).line_starts(data)) == [
        b"workplace join", b"workplace denied"]


def test_lines_with_non_ascii_bytes_are_always_kept_once() -> None:
    table = {b"secret": [(b"secret", b"expired")]}
    data = b"plain\ncaf\xc3\xa9 \xff\xfe secret expired\nascii\n\xe2\x82 broken\nlast"
    starts = LineFilter(table).line_starts(data)
    assert _lines(data, starts) == [b"caf\xc3\xa9 \xff\xfe secret expired", b"\xe2\x82 broken"]
    assert starts == sorted(set(starts))


def test_a_long_line_is_kept_unchecked_and_looked_at_in_windows() -> None:
    table = {b"aadsts50105": [(b"aadsts50105",)]}
    long_line = b"x" * CHECK_LIMIT * 4 + b" AADSTS50105 " + b"y" * CHECK_LIMIT * 4
    data = b"first\n" + long_line + b"\nlast\n"
    line_filter = LineFilter(table)
    assert line_filter.line_starts(data) == [6]
    at = long_line.index(b"AADSTS50105")
    assert line_filter.windows(long_line, 100) == [(at - 100, at + 100, at)]


def test_windows_merge_when_they_overlap_and_stop_at_the_line_ends() -> None:
    table = {b"secret": [(b"secret",)]}
    line = b"secret " + b"." * 50 + b"secret" + b"." * 500 + b"\xff" + b"." * 10
    first, second, high = 0, line.index(b"secret", 1), line.index(b"\xff")
    assert LineFilter(table).windows(line, 60) == [
        (0, second + 60, first), (high - 60, len(line), high)]


def _windows_of_every_spot(line: bytes, words: list[bytes], margin: int
                           ) -> list[tuple[int, int]]:
    """The reference: a window around every key word and every non-ASCII byte, merged."""
    lowered = line.lower()
    spots = sorted({i for w in words for i in range(len(line)) if lowered.startswith(w, i)}
                   | {i for i, byte in enumerate(line) if byte >= 0x80})
    merged: list[tuple[int, int]] = []
    for at in spots:
        low, high = max(0, at - margin), min(len(line), at + margin)
        if merged and low <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(high, merged[-1][1]))
        else:
            merged.append((low, high))
    return merged


@pytest.mark.parametrize("seed", range(20))
def test_windows_are_those_of_every_key_word_and_non_ascii_byte(seed: int) -> None:
    """Dense non-ASCII bytes are skipped through, not listed one by one: the merged
    windows are still exactly those of every byte."""
    rng = random.Random(seed)
    density = rng.choice([0.0, 0.001, 0.05, 0.9])
    line = bytes(rng.randrange(0x80, 0x100) if rng.random() < density
                 else rng.choice(b"abc secret xyz") for _ in range(rng.randrange(1, 3000)))
    margin = rng.choice([1, 7, 64, 300])
    table = {b"secret": [(b"secret",)]}
    got = [(low, high) for low, high, _ in LineFilter(table).windows(line, margin)]
    assert got == _windows_of_every_spot(line, [b"secret"], margin)
