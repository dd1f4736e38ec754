"""Helpers shared by the hardening tests: fixture copies, output checks, no-network guard.

Fuzz budget: every hypothesis test takes ``max_examples`` from :func:`examples`, so CI stays
fast and a long run is one environment variable away::

    JAMFKB_FUZZ_EXAMPLES=5000 .venv/bin/python -m pytest tests/test_hardening_fuzz.py
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hypothesis import HealthCheck, settings

REPO = Path(__file__).resolve().parents[2]
TINY = REPO / "tests" / "fixtures" / "tiny"
CONTENT = REPO / "content"
PYTHON = sys.executable


def examples(default: int) -> int:
    """``default`` examples in CI; ``JAMFKB_FUZZ_EXAMPLES`` overrides (scaled per test)."""
    override = os.environ.get("JAMFKB_FUZZ_EXAMPLES")
    return max(1, int(override)) if override else default


def fuzz_settings(default: int) -> settings:
    return settings(
        max_examples=examples(default),
        deadline=None,
        database=None,  # no .hypothesis/ in the work tree; failures print a reproduce blob
        print_blob=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                               HealthCheck.function_scoped_fixture],
    )


def copy_tiny(dest: Path) -> Path:
    """A private, mutable copy of the valid tiny fixture KB."""
    target = dest / "tiny"
    shutil.copytree(TINY, target)
    return target


_real_content_ok: bool | None = None


def real_content_usable() -> bool:
    """True when the bundled content compiles without errors (it is still being written)."""
    global _real_content_ok
    if _real_content_ok is None:
        from jamfkb.kb.compiler import compile_tree

        kb, _ = compile_tree(CONTENT)
        _real_content_ok = kb is not None
    return _real_content_ok


def source_tree() -> Path:
    """Real content when it is valid, else the tiny fixture (both used read-only)."""
    return CONTENT if real_content_usable() else TINY


# ------------------------------------------------------------------ terminal safety

# What must never reach a terminal raw: C0 controls but newline and tab, DEL, C1 controls,
# bidirectional overrides, and lone surrogates (undecodable bytes smuggled through
# surrogateescape, which the stream writes back as raw bytes such as 0x9b = CSI).
UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\ud800-\udfff]"
)


def unsafe_chars(text: str) -> list[str]:
    return sorted({repr(c) for c in UNSAFE.findall(text)})


def unsafe_bytes(data: bytes) -> list[str]:
    """Unsafe characters in raw output bytes (decoded as UTF-8; bad bytes count as unsafe)."""
    return unsafe_chars(data.decode("utf-8", errors="surrogateescape"))


# ------------------------------------------------------------------ no network


class NetworkUsed(AssertionError):
    pass


@contextmanager
def no_network() -> Iterator[list[str]]:
    """Make any Internet socket, connection or name lookup fail loudly; yields the attempts.

    Local AF_UNIX sockets stay allowed: asyncio (and so Textual) builds its self-pipe with
    ``socket.socketpair``.
    """
    attempts: list[str] = []
    real_socket = socket.socket
    saved = {name: getattr(socket, name) for name in
             ("socket", "create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex")}

    class GuardedSocket(real_socket):  # type: ignore[misc,valid-type]
        def __init__(self, family: int = -1, type: int = -1, proto: int = -1,
                     fileno: int | None = None) -> None:
            fam = socket.AF_INET if family == -1 else family
            if fileno is None and fam in (socket.AF_INET, socket.AF_INET6):
                attempts.append(f"socket({fam})")
                raise NetworkUsed(f"network socket opened: family {fam}")
            super().__init__(family, type, proto, fileno)

    def refuse(name: str):
        def _refuse(*args: object, **kwargs: object) -> None:
            attempts.append(f"{name}{args!r}")
            raise NetworkUsed(f"network call: socket.{name}{args!r}")

        return _refuse

    socket.socket = GuardedSocket  # type: ignore[misc]
    for name in ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex"):
        setattr(socket, name, refuse(name))
    try:
        yield attempts
    finally:
        for name, value in saved.items():
            setattr(socket, name, value)
