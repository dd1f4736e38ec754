"""Stream log files and report every known error signature, in bounded memory.

Files are read in binary, line by line with a cap on the piece size, so a huge file, a
file with no newline, invalid UTF-8 or binary junk never exhausts memory or fails.
"""

from __future__ import annotations

import gzip
import io
import os
import re
import sys
import weakref
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from jamfkb.engine.matcher import Matcher
from jamfkb.engine.prefilter import CHECK_LIMIT, LineFilter
from jamfkb.engine.signatures import SignatureHit, one_per_message
from jamfkb.kb.text import fold, one_line

MAX_PIECE = 64 * 1024  # bytes of one line looked at at once; longer lines come in pieces
OVERLAP = 2048  # bytes of a piece carried into the next, so a message cut in two is found
LONG_LINE = CHECK_LIMIT  # a longer line is matched only around its key words
SHOWN_BEFORE = 40  # bytes of a long line shown before its message
MAX_FINDINGS = 10_000  # findings kept in memory; the rest are only counted
BLOCK = 1024 * 1024  # bytes read at once: the key-word search runs over a whole block


@dataclass(frozen=True, slots=True)
class Finding:
    file: str
    line: int
    text: str  # the line, terminal-safe and shortened
    hit: SignatureHit


@dataclass(slots=True)
class ScanResult:
    findings: list[Finding] = field(default_factory=list)
    files: int = 0
    lines: int = 0
    dropped: int = 0  # findings beyond MAX_FINDINGS

    @property
    def hits(self) -> list[SignatureHit]:
        return [f.hit for f in self.findings]


def iter_blocks(stream: BinaryIO) -> Iterator[bytes]:
    """The stream in blocks of at most BLOCK bytes."""
    while True:
        block = stream.read(BLOCK)
        if not block:
            return
        yield block


class _LineScanner:
    """Finds the signatures of one stream's lines, a block at a time.

    A line-by-line loop in Python read a 200 MB log at 14 MB/s. Here the lines that may
    hold a signature are found in a whole block by :class:`LineFilter` (one C search);
    only they are decoded, folded and matched: most lines of a log never reach Python
    code."""

    def __init__(self, matcher: Matcher, name: str, result: ScanResult) -> None:
        self.matcher, self.name, self.result = matcher, name, result
        self.filter = _line_filter(matcher)
        # Around a key word, room for the longest message: a signature is written on
        # one line, but a log may space it out or colour it (twice its length), and
        # never less than OVERLAP, which a message cut between two pieces assumes.
        self.margin = max([OVERLAP, *(2 * len(s.text.encode()) for s in matcher.signatures)])
        self.seen: set[tuple[int, str]] = set()  # (line, signature): a long line's pieces

    def region(self, data: bytes, first_line: int) -> None:
        """Scan ``data``, whole lines (the last may be a piece of a long one)."""
        if self.filter is None:  # a signature with no usable key word: every line
            starts = self._all_line_starts(data)
        else:
            starts = self.filter.line_starts(data)
        line, counted = first_line, 0
        for start in starts:
            line += data.count(b"\n", counted, start)
            counted = start
            end = data.find(b"\n", start)
            self.line(line, data[start:] if end < 0 else data[start:end + 1])

    @staticmethod
    def _all_line_starts(data: bytes) -> list[int]:
        starts, at = [0], data.find(b"\n")
        while 0 <= at < len(data) - 1:
            starts.append(at + 1)
            at = data.find(b"\n", at + 1)
        return starts

    def line(self, number: int, raw: bytes) -> None:
        if self.filter is None or len(raw) <= LONG_LINE:
            self.look(number, raw)
            return
        for low, high, spot in self.filter.windows(raw, self.margin):
            # shown from a little before the message, not from the window's first byte
            shown = max(low, spot - SHOWN_BEFORE)
            cut = "…" if shown else ""
            self.look(number, raw[low:high], cut + _decoded(raw[shown:high]))

    def look(self, number: int, raw: bytes, shown: str | None = None) -> None:
        matcher = self.matcher
        text = _decoded(raw)
        # "AADSTS7000215" inside the full Entra ID message, for one cause: one finding
        hits = one_per_message(matcher.find_signatures(fold(text)), lambda hit: (
            hit.cause or hit.problem or "", matcher.folded_signatures[hit.signature],
            hit.signature))
        for hit in hits:
            key = (number, hit.signature)
            if key in self.seen:
                continue
            self.seen.add(key)
            if len(self.result.findings) < MAX_FINDINGS:
                self.result.findings.append(Finding(self.name, number,
                                                    one_line((shown or text).strip()), hit))
            else:
                self.result.dropped += 1


def _decoded(raw: bytes) -> str:
    return raw.decode("utf-8", errors="replace")


# The filter of the last matchers scanned with: a folder of rotated logs builds it once.
_FILTERS: weakref.WeakKeyDictionary[Matcher, LineFilter] = weakref.WeakKeyDictionary()


def _line_filter(matcher: Matcher) -> LineFilter | None:
    if matcher.key_words is None:
        return None
    built = _FILTERS.get(matcher)
    if built is None or built.key_words is not matcher.key_words:
        built = _FILTERS[matcher] = LineFilter(matcher.key_words)
    return built


def scan_stream(matcher: Matcher, stream: BinaryIO, name: str, result: ScanResult) -> None:
    """Every known error message in ``stream``, in bounded memory: a block, plus the
    unfinished line carried from the last one (at most MAX_PIECE bytes of it)."""
    result.files += 1
    scanner = _LineScanner(matcher, name, result)
    line = 1  # the number of the first line of ``pending``
    pending = b""
    for block in iter_blocks(stream):
        data = pending + block
        cut = data.rfind(b"\n") + 1
        if cut:
            scanner.region(data[:cut], line)
            line += data.count(b"\n", 0, cut)
            pending = data[cut:]
            scanner.seen = {key for key in scanner.seen if key[0] >= line}
        else:
            pending = data
        if len(pending) > MAX_PIECE:  # one very long line: look at it in pieces
            scanner.region(pending, line)
            pending = pending[-OVERLAP:]
    if pending:
        scanner.region(pending, line)
        line += 1
    result.lines += line - 1


class FileScanError(OSError):
    """A file that could not be read: ``name`` says which (a read error such as EIO on
    /proc/self/mem carries no file name of its own)."""

    def __init__(self, name: str, error: OSError) -> None:
        super().__init__(error.errno, error.strerror or str(error))
        self.name = name
        self.error = error


GZIP_MAGIC = b"\x1f\x8b"
# What a folder given to `scan` holds that is a log: rotated logs (jamf.log.1), their
# compressed copies (a `log show` export saved as .log is one too).
_LOG_NAME = re.compile(r"(\.log(\.\d+)?|\.gz)$", re.IGNORECASE)


class Prepended(io.RawIOBase):
    """Bytes already read, then the rest of a stream: one stream again."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self.head, self.rest = memoryview(head), rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self.head:
            n = min(len(buffer), len(self.head))
            buffer[:n] = self.head[:n]
            self.head = self.head[n:]
            return n
        data = self.rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def decompressed(stream: BinaryIO) -> BinaryIO:
    """The stream's text: a gzip stream (a rotated log, whatever its name, or `zcat`-less
    stdin) is decompressed as it is read, so memory stays bounded as for a plain file.
    Only ``read`` is used, so the app's cancellable reader can sit underneath and count
    the compressed bytes against the file's size."""
    head = stream.read(2)
    joined = io.BufferedReader(Prepended(head, stream))  # type: ignore[arg-type]
    if head == GZIP_MAGIC:
        return gzip.GzipFile(fileobj=joined, mode="rb")  # type: ignore[return-value]
    return joined  # type: ignore[return-value]


def log_files(names: Iterable[str]) -> list[str]:
    """The files to scan: each name as given, a folder replaced by the logs it holds
    (recursively, in name order, hidden files and folders left out)."""
    files: list[str] = []
    for name in names:
        if name != "-" and os.path.isdir(name):
            for folder, subfolders, entries in os.walk(name):
                subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
                files += [os.path.join(folder, e) for e in sorted(entries)
                          if not e.startswith(".") and _LOG_NAME.search(e)]
        else:
            files.append(name)
    return files


def _open_binary(name: str) -> AbstractContextManager[BinaryIO]:
    return open(name, "rb")


def scan_files(
    matcher: Matcher, names: Iterable[str], stdin: BinaryIO | None = None, *,
    open_file: Callable[[str], AbstractContextManager[BinaryIO]] = _open_binary,
    wrap: Callable[[BinaryIO], BinaryIO] | None = None,
) -> ScanResult:
    """Scan each named file in turn (``-`` is standard input) into one result: the loop
    of ``jamfkb scan`` and of the app's log scan.

    ``open_file`` opens a file (the app refuses devices and pipes there); ``wrap`` wraps
    each stream (the app's reader reports progress and stops when cancelled). Raises
    :class:`FileScanError` for a file that cannot be opened or read; whatever else
    ``wrap``'s stream raises goes through untouched.
    """
    result = ScanResult()
    for name in names:
        try:
            if name == "-":
                stream = stdin or sys.stdin.buffer
                scan_stream(matcher, decompressed(wrap(stream) if wrap else stream), "-",
                            result)
                continue
            with open_file(name) as raw:
                scan_stream(matcher, decompressed(wrap(raw) if wrap else raw), name, result)
        except FileScanError:
            raise
        except OSError as exc:
            raise FileScanError(name, exc) from exc
    return result
