"""Stream log files and report every known error signature, in bounded memory.

Files are read in binary, line by line with a cap on the piece size, so a huge file, a
file with no newline, invalid UTF-8 or binary junk never exhausts memory or fails.
"""

from __future__ import annotations

import gzip
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import BinaryIO

from jamfkb.engine.matcher import Matcher, SignatureHit, one_per_message
from jamfkb.kb.text import fold, one_line

MAX_PIECE = 64 * 1024  # bytes read at once from a line; longer lines come in pieces
OVERLAP = 2048  # bytes of a piece carried into the next, so a message cut in two is found
MAX_FINDINGS = 10_000  # findings kept in memory; the rest are only counted


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


def iter_pieces(stream: BinaryIO) -> Iterator[tuple[int, bytes]]:
    """(line number, bytes) pieces; a line longer than MAX_PIECE yields several pieces."""
    number = 1
    carry = b""
    while True:
        piece = stream.readline(MAX_PIECE)
        if not piece:
            return
        ends_line = piece.endswith(b"\n")
        yield number, carry + piece
        if ends_line:
            number += 1
            carry = b""
        else:
            carry = piece[-OVERLAP:]


def scan_stream(matcher: Matcher, stream: BinaryIO, name: str, result: ScanResult) -> None:
    result.files += 1
    seen_on_line: set[tuple[int, str]] = set()
    last_line = 0
    for number, raw in iter_pieces(stream):
        if number != last_line:
            seen_on_line.clear()
            last_line = number
        if not matcher.may_hold_signature(raw):
            continue
        text = raw.decode("utf-8", errors="replace")
        # "AADSTS7000215" inside the full Entra ID message, for one cause: one finding
        hits = one_per_message(matcher.find_signatures(fold(text)), lambda hit: (
            hit.cause or hit.problem or "", matcher.folded_signatures[hit.signature],
            hit.signature))
        for hit in hits:
            key = (number, hit.signature)
            if key in seen_on_line:
                continue
            seen_on_line.add(key)
            if len(result.findings) < MAX_FINDINGS:
                result.findings.append(Finding(name, number, one_line(text.strip()), hit))
            else:
                result.dropped += 1
    result.lines += last_line


class FileScanError(OSError):
    """A file that could not be read: ``name`` says which (a read error such as EIO on
    /proc/self/mem carries no file name of its own)."""

    def __init__(self, name: str, error: OSError) -> None:
        super().__init__(error.errno, error.strerror or str(error))
        self.name = name
        self.error = error


def _open_binary(name: str) -> AbstractContextManager[BinaryIO]:
    return open(name, "rb")


# --- STUB (helpdesk-ticket branch): the lead's engine/scan.py brings the real ones; on
# merge, keep theirs. log_files expands folders; scan_files opens .gz transparently.
_LOG_NAME = re.compile(r".*\.(log(\.\d+)?|gz)$|.*\.logarchive\.txt$", re.IGNORECASE)


def log_files(names: Iterable[str]) -> list[str]:
    """Files to scan: each name, a folder replaced by its log files (recursive, sorted)."""
    from pathlib import Path

    out: list[str] = []
    for name in names:
        path = Path(name)
        if name != "-" and path.is_dir():
            out.extend(str(p) for p in sorted(path.rglob("*"))
                       if p.is_file() and _LOG_NAME.fullmatch(p.name))
        else:
            out.append(name)
    return out


def _maybe_gunzip(name: str, stream: BinaryIO) -> BinaryIO:
    return gzip.GzipFile(fileobj=stream) if name.lower().endswith(".gz") else stream  # type: ignore[return-value]
# --- end of STUB


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
                scan_stream(matcher, wrap(stream) if wrap else stream, "-", result)
                continue
            with open_file(name) as raw:
                stream = _maybe_gunzip(name, raw)
                scan_stream(matcher, wrap(stream) if wrap else stream, name, result)
        except FileScanError:
            raise
        except OSError as exc:
            raise FileScanError(name, exc) from exc
    return result
