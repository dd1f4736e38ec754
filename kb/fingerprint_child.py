"""The content tree's fingerprint (``kb.store.manifest_key``) taken in a forked child,
while this process goes on importing and decoding.

The fingerprint stats every file of the tree: at ×100 (12,000 files) 40–60 ms of a
`jamfkb diagnose`, bound by the kernel's stat and by the interpreter lock, so a thread
beside the imports gained nothing (measured: 102 ms for walk and imports in a thread,
101 ms in a row). A child process walks on the other core: the walk is then hidden
behind the imports and the artifact's decoding, which take longer.

Only where ``os.fork`` exists and this process runs no other thread (a fork copies one
thread only: a lock held by another would never be released in the child). Elsewhere,
or if the child fails, the fingerprint is taken here, when first asked for.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable
from pathlib import Path

from jamfkb.kb.store import manifest_key

DIGEST_LENGTH = 64  # hexadecimal SHA-256: one write below PIPE_BUF, never split


def fingerprint_soon(root: Path) -> Callable[[], str]:
    """A function returning ``manifest_key(root)``: taken now in a child process when
    this one can fork safely, else when the function is first called."""
    if not _can_fork():
        return _once(lambda: manifest_key(root))
    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except OSError:  # no process left (EAGAIN), no memory: take it here
        os.close(read_end)
        os.close(write_end)
        return _once(lambda: manifest_key(root))
    if pid == 0:  # the child: nothing of the parent's (buffers, handlers) runs at exit
        status = 1
        try:
            os.close(read_end)
            os.write(write_end, manifest_key(root).encode("ascii"))
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)

    def result() -> str:
        chunks = []
        try:
            while chunk := os.read(read_end, DIGEST_LENGTH):
                chunks.append(chunk)
        except OSError:
            chunks = []  # taken here below
        finally:
            os.close(read_end)
            # with SIGCHLD ignored (inherited), the system reaps the child itself
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)
        digest = b"".join(chunks).decode("ascii", "replace")
        if len(digest) == DIGEST_LENGTH:
            return digest
        return manifest_key(root)  # the child failed (killed, out of memory): here

    return _once(result)


def _can_fork() -> bool:
    return hasattr(os, "fork") and threading.active_count() == 1  # no fork on Windows


def _once(compute: Callable[[], str]) -> Callable[[], str]:
    """``compute`` called once, on the first call (the pipe is read and closed once:
    a second read could reach another file given the same descriptor number)."""
    value: list[str] = []
    called: list[bool] = []

    def get() -> str:
        if not called:
            called.append(True)
            value.append(compute())
        if not value:  # the first call raised: the same answer as then
            raise RuntimeError("the tree's fingerprint could not be taken")
        return value[0]

    return get
