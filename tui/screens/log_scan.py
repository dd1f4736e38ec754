"""Scanning a log file from the TUI: in a thread worker that can be cancelled and reports
its progress, without the engine lock; :class:`LogScanController` runs it for the main
screen (one scan at a time, its progress hint, the end of it by a message).

``jamfkb.engine.scan.scan_stream`` reads its stream with ``read`` only, so the stream handed
to it here checks the worker between pieces: a cancelled scan (Esc, another scan,
quitting) stops at the next piece instead of reading to the end of the file.
"""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, cast

from textual.message import Message
from textual.worker import Worker, get_current_worker

from jamfkb.tui.i18n import t

if TYPE_CHECKING:
    from textual.screen import Screen
    from textual.timer import Timer

    from jamfkb.engine.matcher import Matcher
    from jamfkb.engine.scan import ScanResult
    from jamfkb.tui.session import Engine


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
    """The part of a binary file ``scan_stream`` uses (``read``), which raises
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

    def read(self, size: int = -1) -> bytes:
        """A block (``scan_stream`` reads blocks of 1 MiB): cancel and pause are checked
        before each one, so a block is the longest the UI ever waits."""
        if self.worker.is_cancelled:
            raise ScanCancelled
        if self.pause is not None:
            while self.pause():
                time.sleep(PAUSE_STEP)
                if self.worker.is_cancelled:
                    raise ScanCancelled
        piece = self.raw.read(size)
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
    """Scan a regular file (a .gz one too), or the log files of a folder, with ``jamfkb
    scan``'s loop. Raises :class:`ScanCancelled`,
    :class:`NotARegularFile` or ``OSError``.

    The matcher's signature search is read-only regex work: no engine lock here, so the
    consultation (which needs it) keeps answering the query box during a long scan."""
    from jamfkb.engine.scan import FileScanError, log_files, scan_files

    folder = path.is_dir()
    names = log_files([str(path)]) if folder else []
    if folder:  # the progress of a folder: bytes read of all its log files
        progress.total = sum(_size(n) for n in names)

    def open_file(name: str) -> BinaryIO:
        stream, size = open_regular_file(Path(name))
        if not folder:
            progress.total = size
        return stream

    def wrap(stream: BinaryIO) -> BinaryIO:
        return cast(BinaryIO, CancellableReader(stream, worker, progress, pause))

    if not folder:
        names = [str(path) if str(path) != "-" else os.path.join(".", "-")]  # "-" is stdin
    try:
        return scan_files(matcher, names, open_file=open_file, wrap=wrap)
    except FileScanError as exc:
        raise exc.error from None  # the app names the file itself


def _size(name: str) -> int:
    try:
        return os.path.getsize(name)
    except OSError:
        return 0


SCAN_PROGRESS_SECONDS = 0.25  # how often the progress hint of a log scan is redrawn


class ScanEnded(Message):
    """Posted by the scan thread to the screen (``post_message`` never blocks, unlike
    ``call_from_thread``, which would wait forever for an app that is quitting)."""

    def __init__(self, worker: Worker[None], engine: Engine, path: Path,
                 result: ScanResult | None, error: str | None) -> None:
        super().__init__()
        self.worker = worker
        self.engine = engine
        self.path = path
        self.result = result
        self.error = error


class LogScanController:
    """The running log scan of a screen: start, progress, cancel, end.

    ``on_progress`` redraws the hints (status line, findings pane) while it runs and once
    when it is over; ``should_pause`` is read by the scan thread (see CancellableReader).
    """

    def __init__(self, host: Screen[None], lang: Callable[[], str],
                 on_progress: Callable[[], None], should_pause: Callable[[], bool]) -> None:
        self.host = host
        self.lang = lang
        self.on_progress = on_progress
        self.should_pause = should_pause
        self._running: tuple[Worker[None], Path, ScanProgress] | None = None
        self._timer: Timer | None = None

    @property
    def running(self) -> bool:
        return self._running is not None

    @property
    def path(self) -> Path | None:
        """The file being scanned."""
        return self._running[1] if self._running is not None else None

    @property
    def percent(self) -> int:
        return self._running[2].percent if self._running is not None else 0

    def progress_text(self, lang: str, cancel_keys: str) -> str:
        """"Scanning <file>: n % (<keys> to cancel)" for the running scan."""
        assert self._running is not None
        return t(lang, "status.scanning", name=self._running[1].name,
                 percent=self._running[2].percent, keys=cancel_keys)

    def start(self, engine: Engine, path: Path) -> None:
        self.cancel()  # one scan at a time: the newer one wins
        progress = ScanProgress()
        worker = self.host.run_worker(partial(self._run, engine, path, progress),
                                      thread=True, exclusive=True, group="scan")
        self._running = (worker, path, progress)
        if self._timer is None:
            self._timer = self.host.set_interval(SCAN_PROGRESS_SECONDS, self.on_progress)
        self.on_progress()

    def cancel(self) -> bool:
        """Stop the running scan, if any (it stops at its next piece of the file)."""
        if self._running is None:
            return False
        self._running[0].cancel()
        self._over()
        return True

    def _over(self) -> None:
        self._running = None
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.on_progress()

    def _run(self, engine: Engine, path: Path, progress: ScanProgress) -> None:
        worker = get_current_worker()
        result: ScanResult | None = None
        error: str | None = None
        lang = self.lang()
        try:
            # No engine lock: see scan_log_file. The diagnosis of the findings takes it.
            result = scan_log_file(engine.consultation.matcher, path, worker, progress,
                                   self.should_pause)
        except ScanCancelled:
            return
        except NotARegularFile:
            error = t(lang, "open.error.not_file", path=path)
        except OSError as exc:
            error = t(lang, "scan.failed", path=path, error=exc.strerror or str(exc))
        if not worker.is_cancelled:
            self.host.post_message(ScanEnded(worker, engine, path, result, error))

    def ended(self, event: ScanEnded) -> bool:
        """The scan of ``event`` ended: True if it is the one running (not cancelled nor
        superseded by a newer scan)."""
        if self._running is None or event.worker is not self._running[0]:
            return False
        self._over()
        return True
