"""The tree's fingerprint taken in a forked child gives what ``manifest_key`` gives here,
falls back to taking it here, and a stale cache is still found stale."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

import jamfkb.kb.fingerprint_child as fingerprint_child
import jamfkb.kb.store as store
from tests.support import copy_tiny

# A fork copies one thread: with another thread running, fingerprint_soon takes the
# fingerprint in-process, and so must these tests (never faking a lone thread).
needs_fork = pytest.mark.skipif(not hasattr(os, "fork") or threading.active_count() != 1,
                                reason="no os.fork here, or other threads run")


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("JAMFKB_CACHE_DIR", str(tmp_path / "cache"))
    return copy_tiny(tmp_path)


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The children forked during a test (os.fork counted, not replaced)."""
    pids: list[int] = []
    real_fork = os.fork

    def counted_fork() -> int:
        pid = real_fork()
        if pid:
            pids.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", counted_fork)
    return pids


@needs_fork
def test_the_child_gives_the_same_fingerprint(tree: Path, forks: list[int]) -> None:
    soon = fingerprint_child.fingerprint_soon(tree)
    assert len(forks) == 1
    assert soon() == store.manifest_key(tree)
    assert soon() == soon()  # asked twice, read once
    with pytest.raises(ChildProcessError):  # reaped: no zombie left
        os.waitpid(forks[0], 0)


@needs_fork
def test_with_sigchld_ignored_the_child_reaped_by_the_system_is_no_error(
        tree: Path) -> None:
    """An ignored SIGCHLD is inherited across exec (a service manager may leave it so):
    the system then reaps the child, and waiting for it fails with ECHILD."""
    import signal

    before = signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    try:
        soon = fingerprint_child.fingerprint_soon(tree)
        assert soon() == store.manifest_key(tree)
    finally:
        signal.signal(signal.SIGCHLD, before)


def test_a_failure_is_given_again_rather_than_read_twice(monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    calls: list[int] = []

    def failing() -> str:
        calls.append(1)
        raise OSError("gone")

    once = fingerprint_child._once(failing)
    with pytest.raises(OSError):
        once()
    with pytest.raises(RuntimeError):
        once()
    assert calls == [1]


def test_with_another_thread_it_is_taken_here(tree: Path, monkeypatch: pytest.MonkeyPatch
                                              ) -> None:
    monkeypatch.setattr(threading, "active_count", lambda: 2)
    monkeypatch.setattr(os, "fork", lambda: pytest.fail("forked beside a thread"))
    assert fingerprint_child.fingerprint_soon(tree)() == store.manifest_key(tree)


def test_without_fork_it_is_taken_here(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(os, "fork", raising=False)
    assert fingerprint_child.fingerprint_soon(tree)() == store.manifest_key(tree)


@needs_fork
def test_a_child_that_dies_is_replaced_by_taking_it_here(
        tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_key = store.manifest_key
    parent = os.getpid()

    def dying_in_the_child(root: Path) -> str:
        if os.getpid() != parent:
            os._exit(3)  # killed before it wrote anything
        return real_key(root)

    monkeypatch.setattr(fingerprint_child, "manifest_key", dying_in_the_child)
    assert fingerprint_child.fingerprint_soon(tree)() == real_key(tree)


def test_a_fork_that_fails_is_replaced_by_taking_it_here(
        tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_process_left() -> int:
        raise BlockingIOError("Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_process_left, raising=False)
    assert fingerprint_child.fingerprint_soon(tree)() == store.manifest_key(tree)


def test_an_edit_after_the_fingerprint_was_asked_for_is_seen(tree: Path) -> None:
    """The fingerprint given as a function is compared after the decoding: a cache of
    an older tree is refused and the tree compiled again, as with a string."""
    first = store.load(tree)
    assert first.kb is not None and not first.from_cache
    (tree / "paper-jam.en.md").write_text(
        (tree / "paper-jam.en.md").read_text() + "\nOne more line.\n")
    asked: list[str] = []

    def fingerprint() -> str:
        asked.append("yes")
        return store.manifest_key(tree)

    again = store.load(tree, manifest=fingerprint)
    assert asked and again.kb is not None and not again.from_cache
    assert again.manifest == store.manifest_key(tree)
    cached = store.load(tree, manifest=fingerprint)
    assert cached.from_cache and cached.manifest == again.manifest


@needs_fork
@pytest.mark.parametrize("whole_process", [True, False])
def test_the_command_forks_only_as_the_whole_process(
        tree: Path, forks: list[int], whole_process: bool) -> None:
    """`main(argv)` in a test's own process never forks (see tui.cli_common.load_kb);
    the console script does, and runs the command's imports meanwhile."""
    import argparse

    from jamfkb.tui.cli_common import load_kb

    ran: list[str] = []
    args = argparse.Namespace(content=str(tree), lang="en", whole_process=whole_process)
    kb = load_kb(args, meanwhile=lambda: ran.append("imports"))
    assert kb is not None and "paper-jam" in kb.nodes
    assert ran == ["imports"]
    assert len(forks) == (1 if whole_process else 0)
