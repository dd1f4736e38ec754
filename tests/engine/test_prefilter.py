"""The log scan's line filter: which lines of a block may hold a signature."""

from __future__ import annotations

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
