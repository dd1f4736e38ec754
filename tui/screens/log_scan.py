"""Scanning a log file from the TUI: in a thread worker that can be cancelled and reports
its progress, without the engine lock.

``jamfkb.engine.scan.scan_stream`` reads its stream with ``readline`` only, so the stream handed
to it here checks the worker between pieces: a cancelled scan (Esc, another scan,
quitting) stops at the next piece instead of reading to the end of the file.
"""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, cast

if TYPE_CHECKING:
    from textual.worker import Worker

    from jamfkb.engine.matcher import Matcher
    from jamfkb.engine.scan import ScanResult


PAUSE_EVERY = 64  # pieces read between two looks at the pause callback
PAUSE_STEP = 0.01  # seconds slept at a time while the UI asks the scan to pause


class ScanCancelled(Exception):
    """The scan's worker was cancelled."""


class NotARegularFile(OSError):
    """A device, a pipe, a socket…: reading it may never end (``/dev/zero``) or block."""


@dataclass(slots=True)
class ScanProgress:
    """Written by the scan thread, read by a timer in the UI thread (plain ints: no lock
    needed for a progress hint)."""

    done: int = 0  # bytes read so far
    total: int = 0  # the file's size

    @property
    def percent(self) -> int:
        return min(100, self.done * 100 // self.total) if self.total else 0


class CancellableReader:
    """The part of a binary file ``scan_stream`` uses (``readline``), which raises
    :class:`ScanCancelled` once the worker is cancelled and counts the bytes read.

    ``pause`` (called from the scan thread) says the UI has work to do now (typing, a
    diagnosis, a render): the scan sleeps meanwhile. The scan is pure Python, and sharing
    the GIL with it made each keystroke's causes take one to several seconds."""

    def __init__(self, raw: BinaryIO, worker: Worker[Any], progress: ScanProgress,
                 pause: Callable[[], bool] | None = None) -> None:
        self.raw = raw
        self.worker = worker
        self.progress = progress
        self.pause = pause
        self._count = 0

    def readline(self, size: int = -1) -> bytes:
        if self.worker.is_cancelled:
            raise ScanCancelled
        self._count += 1
        if self.pause is not None and self._count % PAUSE_EVERY == 0:
            while self.pause():
                time.sleep(PAUSE_STEP)
                if self.worker.is_cancelled:
                    raise ScanCancelled
        piece = self.raw.readline(size)
        self.progress.done += len(piece)
        return piece


def open_regular_file(path: Path) -> tuple[BinaryIO, int]:
    """The file open for reading and its size; :class:`NotARegularFile` for anything else.

    Checked on the open descriptor, not on the name, so a file swapped for a device after
    the dialog checked it is still refused. ``O_NONBLOCK``: opening a FIFO would otherwise
    wait for a writer (it changes nothing for a regular file).
    """
    nonblock = getattr(os, "O_NONBLOCK", 0)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0) | nonblock)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotARegularFile(f"not a regular file: {path}")
        if nonblock:
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb"), info.st_size
    except BaseException:
        os.close(fd)
        raise


def scan_log_file(matcher: Matcher, path: Path, worker: Worker[Any], progress: ScanProgress,
                  pause: Callable[[], bool] | None = None) -> ScanResult:
    """Scan one regular file as ``jamfkb scan`` does. Raises :class:`ScanCancelled`,
    :class:`NotARegularFile` or ``OSError``.

    The matcher's signature search is read-only regex work: no engine lock here, so the
    consultation (which needs it) keeps answering the query box during a long scan."""
    from jamfkb.engine.scan import ScanResult, scan_stream

    stream, size = open_regular_file(path)
    progress.total = size
    result = ScanResult()
    with stream:
        reader = CancellableReader(stream, worker, progress, pause)
        scan_stream(matcher, cast(BinaryIO, reader), str(path), result)
    return result
