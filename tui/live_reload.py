"""Loading the knowledge base off the UI thread, and live reload of ``--content``.

Both report back the same way, by a message to the app: :class:`KnowledgeLoaded` with a
new engine, or :class:`KnowledgeFailed` with the content's errors. ``post_message`` never
blocks the thread, unlike ``call_from_thread``, which waits for an app that may be quitting.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message
from textual.worker import Worker, WorkerState

from jamfkb.tui.session import Engine

if TYPE_CHECKING:
    from textual.app import App
    from textual.timer import Timer

    from jamfkb.kb.diagnostics import DiagnosticList
    from jamfkb.kb.model import KnowledgeBase


class KnowledgeLoaded(Message):
    """A knowledge base compiled (or read from the cache) and its engine built."""

    def __init__(self, engine: Engine, manifest: str | None, reload: bool) -> None:
        super().__init__()
        self.engine = engine
        self.manifest = manifest
        self.reload = reload  # from live reload, not the first load


class KnowledgeFailed(Message):
    """The content has errors: no knowledge base."""

    def __init__(self, diagnostics: DiagnosticList, manifest: str | None,
                 reload: bool) -> None:
        super().__init__()
        self.diagnostics = diagnostics
        self.manifest = manifest
        self.reload = reload


def build_engine(kb: KnowledgeBase) -> Engine:
    """The consultation, and the search index started in a thread of its own (built once
    per knowledge base; see :class:`Engine`)."""
    from jamfkb.engine.consultation import Consultation

    engine = Engine(kb, Consultation.for_kb(kb), threading.Lock(),
                    search_built=threading.Event())
    threading.Thread(target=_build_search, args=(engine,), name="jamfkb-search-index",
                     daemon=True).start()
    return engine


def _build_search(engine: Engine) -> None:
    from jamfkb.engine.search import Search

    try:
        engine.search = Search(engine.kb)
    finally:
        assert engine.search_built is not None
        engine.search_built.set()


def load_message(content: Path | None, manifest: str | None = None,
                 reload: bool = False) -> KnowledgeLoaded | KnowledgeFailed:
    """Load (in a worker thread) and say how it went, as the message to post."""
    from jamfkb.kb.store import load

    result = load(content, manifest=manifest)
    shown_manifest = result.manifest if content is not None and manifest is None else manifest
    if result.kb is None:
        return KnowledgeFailed(result.diagnostics, shown_manifest, reload)
    return KnowledgeLoaded(build_engine(result.kb), shown_manifest, reload)


class LiveReload:
    """Polls ``--content`` and posts a reload message to ``app`` when it changed.

    A big tree takes seconds to compile, longer than a poll interval. Cancelling the
    running check would not stop its thread, so two compiles would race to install their
    result: a tick while a check runs does nothing, and the next tick looks again.
    """

    def __init__(self, app: App[int], content: Path | None, poll_seconds: float) -> None:
        self.app = app
        self.content = content
        self.poll_seconds = poll_seconds
        self.manifest: str | None = None  # of the content installed or last reported
        self._timer: Timer | None = None
        self._check: Worker[None] | None = None

    def start(self) -> None:
        """Watch the content, once: a failed first load and the reload that fixes it both
        get here."""
        if self._timer is None and self.content is not None and self.poll_seconds > 0:
            self._timer = self.app.set_interval(self.poll_seconds, self.poll,
                                                name="content-poll")

    def poll(self) -> None:
        running = self._check is not None and self._check.state in (
            WorkerState.PENDING, WorkerState.RUNNING)
        if self.content is not None and not running:
            self._check = self.app.run_worker(self._check_content, thread=True,
                                              group="reload")

    def _check_content(self) -> None:
        from jamfkb.kb.store import manifest_key

        assert self.content is not None
        try:
            manifest = manifest_key(self.content)
        except OSError:
            return
        if manifest == self.manifest:
            return
        # Noted now, not when the app installs the result: a tick in between must not
        # compile the same content again.
        self.manifest = manifest
        self.app.post_message(load_message(self.content, manifest, reload=True))
