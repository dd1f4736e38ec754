"""The state of one consultation, in plain Python (no Textual): the loaded knowledge base
and its engine, the query, the answers, the last diagnosis, the log the causes may come
from, and the article history.

The main screen shows a :class:`Session` and turns the user's acts into calls on it; the
app installs a new engine in it after a (re)load. Nothing here draws or waits, so it is
tested without Pilot (tests/tui/test_session.py).

Diagnoses are asked for by number (:meth:`Session.next_request`): the answer to an older
request, arriving late from its thread, is dropped (:meth:`Session.accept`).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from jamfkb.tui.history import History

if TYPE_CHECKING:
    from jamfkb.engine.consultation import Consultation, Diagnosis
    from jamfkb.engine.scan import ScanResult
    from jamfkb.engine.search import Search, SearchHit
    from jamfkb.kb.model import KnowledgeBase

Source = Literal["query", "log"]  # where the causes shown come from
MAX_RECENT = 9  # earlier consultations kept in a session


@dataclass(slots=True)
class Engine:
    """A loaded knowledge base, its consultation and its search index. Use the
    consultation under ``lock``; the search index is read-only once built.

    The index is built in a thread of its own after the load (seconds for a very large
    knowledge base, which must not delay the first frame): ``search`` is None until then,
    and :meth:`wait_search` waits for it (in a worker thread, never the UI's)."""

    kb: KnowledgeBase
    consultation: Consultation
    lock: threading.Lock
    search: Search | None = None
    search_built: threading.Event | None = None  # set once ``search`` is; None: no build

    def wait_search(self, timeout: float | None = None) -> Search | None:
        if self.search_built is not None:
            self.search_built.wait(timeout)
        return self.search


@dataclass(frozen=True, slots=True)
class DiagnosisRequest:
    """What one diagnosis is asked for: the query, or the hits of the scanned log."""

    seq: int
    engine: Engine
    text: str
    answers: dict[str, str]
    hits: list[Any] | None  # SignatureHit of the log, or None: diagnose ``text``
    label: str  # the query a log diagnosis shows ("log: <path>")


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A consultation as it stood (for a list of recent consultations, or a report)."""

    query: str
    answers: dict[str, str]
    diagnosis: Diagnosis | None
    source: Source
    scan: ScanResult | None
    scan_path: Path | None
    article: str | None

    @property
    def empty(self) -> bool:
        """Nothing a new consultation would lose: no query, answer or scanned log."""
        return not self.query.strip() and not self.answers and self.scan is None


@dataclass(slots=True)
class Session:
    engine: Engine | None = None
    query: str = ""
    answers: dict[str, str] = field(default_factory=dict)  # question → choice, in order
    diagnosis: Diagnosis | None = None
    source: Source = "query"
    scan: ScanResult | None = None
    scan_path: Path | None = None
    history: History = field(default_factory=History)
    last_log: Path | None = None  # the last file chosen in the open-log dialog
    recent: list[Snapshot] = field(default_factory=list)  # earlier consultations, newest first
    seq: int = 0  # the number of the last diagnosis asked for
    diagnosis_seq: int = 0  # the request number of ``diagnosis``
    topics: tuple[SearchHit, ...] = ()  # search hits for the query of ``diagnosis``

    # ------------------------------------------------------------------ engine

    def install(self, engine: Engine) -> None:
        """A (re)loaded knowledge base: forget what it no longer holds."""
        self.engine = engine
        known = set(engine.kb.nodes)
        self.answers = {q: a for q, a in self.answers.items() if q in known}
        self.history.forget_missing(known)

    # ------------------------------------------------------------------ query, answers

    def set_query(self, text: str) -> bool:
        """The user typed: the causes come from the query again. True if the source
        changed (the status line says so)."""
        self.query = text
        if self.source == "query":
            return False
        self.source = "query"
        return True

    def answer_error(self, question: str, choice: str) -> tuple[str, ...] | None:
        """The valid choices when ``choice`` is not one of them, else None. A version
        question takes any version (``10.25.0``) besides its choices."""
        if self.engine is None or question not in self.engine.kb.nodes:
            return None
        node = self.engine.kb.nodes[question]
        if choice in node.answers or (node.asks_version and _is_version(choice)):
            return None
        return tuple(node.answers)

    def answer(self, question: str, choice: str) -> bool:
        """Record an answer (a changed one keeps its place); False if it is not valid."""
        if self.engine is None or question not in self.engine.kb.nodes:
            return False
        choice = choice.strip()
        if self.answer_error(question, choice) is not None:
            return False
        self.answers[question] = choice
        return True

    def remove_answer(self, question: str) -> None:
        self.answers.pop(question, None)

    def clear_answers(self) -> bool:
        """Forget every answer; False when there was none."""
        if not self.answers:
            return False
        self.answers.clear()
        return True

    # ------------------------------------------------------------------ log

    def scanned(self, path: Path, result: ScanResult) -> None:
        """A log scan ended: the causes now come from its findings."""
        self.scan, self.scan_path, self.source = result, path, "log"

    @property
    def from_log(self) -> bool:
        """The causes shown come from a scanned log."""
        return self.source == "log" and self.scan is not None

    # ------------------------------------------------------------------ diagnosis

    def next_request(self) -> DiagnosisRequest | None:
        """A new diagnosis request (None before the knowledge base is loaded)."""
        if self.engine is None:
            return None
        self.seq += 1
        hits = self.scan.hits if self.from_log and self.scan is not None else None
        label = f"log: {self.scan_path}" if hits is not None else ""
        return DiagnosisRequest(self.seq, self.engine, self.query, dict(self.answers), hits,
                                label)

    def accept(self, seq: int, engine: Engine, diagnosis: Diagnosis) -> bool:
        """Keep a diagnosis unless a newer request or another engine made it stale."""
        if seq != self.seq or engine is not self.engine:
            return False
        self.diagnosis = diagnosis
        self.diagnosis_seq = seq
        return True

    def accept_topics(self, seq: int, topics: tuple[SearchHit, ...]) -> None:
        """The search hits that came with the diagnosis of request ``seq``."""
        if seq == self.diagnosis_seq:
            self.topics = topics

    @property
    def waiting(self) -> bool:
        """A diagnosis was asked for and has not arrived yet."""
        return self.engine is not None and self.diagnosis_seq != self.seq

    # ------------------------------------------------------------------ snapshots

    def snapshot(self) -> Snapshot:
        return Snapshot(self.query, dict(self.answers), self.diagnosis, self.source,
                        self.scan, self.scan_path, self.history.current)

    def reset(self) -> Snapshot:
        """A new consultation: clear the query, answers, log and article history (the
        engine stays). Returns the consultation that ends, for a list of recent ones."""
        old = self.snapshot()
        self.query = ""
        self.answers = {}
        self.diagnosis = None
        self.topics = ()
        self.source = "query"
        self.scan = self.scan_path = None
        self.history = History()
        return old

    # ------------------------------------------------------------------ recent consultations

    def new_consultation(self) -> Snapshot | None:
        """Start afresh, keeping the consultation that ends among the recent ones; None
        (and nothing changes) when it held nothing worth keeping."""
        if self.snapshot().empty:
            return None
        old = self.reset()
        self._keep(old)
        return old

    def restore(self, index: int) -> Snapshot | None:
        """Bring back recent consultation ``index``; the current one, unless empty, takes
        its place among the recent ones. None when there is no such consultation."""
        if not 0 <= index < len(self.recent):
            return None
        wanted = self.recent.pop(index)
        current = self.reset()
        self._keep(current)
        self.query = wanted.query
        self.answers = {q: a for q, a in wanted.answers.items()
                        if self.engine is None or q in self.engine.kb.nodes}
        self.scan, self.scan_path = wanted.scan, wanted.scan_path
        self.source = wanted.source if wanted.scan is not None else "query"
        if wanted.article and (self.engine is None or wanted.article in self.engine.kb.nodes):
            self.history.visit(wanted.article)
        return wanted

    def _keep(self, snapshot: Snapshot) -> None:
        if snapshot.empty:
            return
        self.recent.insert(0, snapshot)
        del self.recent[MAX_RECENT:]


def _is_version(text: str) -> bool:
    from jamfkb.kb.versions import parse_version

    return parse_version(text) is not None
