"""tui/session.py: the state of a consultation, without Textual."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from jamfkb.engine.consultation import Consultation
from jamfkb.engine.scan import ScanResult
from jamfkb.kb.store import load
from jamfkb.tui.session import Engine, Session

TINY = Path(__file__).resolve().parent.parent / "fixtures" / "tiny"


@pytest.fixture(scope="module")
def engine() -> Engine:
    kb = load(TINY).kb
    assert kb is not None
    return Engine(kb, Consultation.for_kb(kb), threading.Lock())


def test_nothing_is_asked_before_the_knowledge_base_is_loaded() -> None:
    session = Session()
    assert session.next_request() is None
    assert not session.answer("toner-light", "no")
    assert not session.waiting


def test_answers_are_checked_kept_in_order_and_cleared(engine: Engine) -> None:
    session = Session(engine=engine)
    assert session.answer_error("toner-light", "maybe") == ("yes", "no", "unknown")
    assert not session.answer("toner-light", "maybe")
    assert session.answer("toner-light", "no") and session.answer("new-computer", "yes")
    assert session.answer("toner-light", "yes")
    assert list(session.answers.items()) == [("toner-light", "yes"), ("new-computer", "yes")]
    session.remove_answer("new-computer")
    assert session.answers == {"toner-light": "yes"}
    assert session.clear_answers() and not session.clear_answers()


def test_only_the_newest_diagnosis_is_kept(engine: Engine) -> None:
    session = Session(engine=engine)
    session.set_query("printer does not print")
    old = session.next_request()
    new = session.next_request()
    assert old is not None and new is not None and new.seq == old.seq + 1
    assert session.waiting
    result = engine.consultation.diagnose(new.text, new.answers)
    assert not session.accept(old.seq, engine, result)  # late, from an older request
    assert session.waiting and session.diagnosis is None
    assert session.accept(new.seq, engine, result)
    assert session.diagnosis is result and not session.waiting


def test_a_scanned_log_becomes_the_source_until_the_user_types(engine: Engine) -> None:
    session = Session(engine=engine)
    scan = ScanResult()
    session.scanned(Path("jamf.log"), scan)
    request = session.next_request()
    assert request is not None and request.hits == [] and request.label == "log: jamf.log"
    assert session.set_query("printer")  # the source changed: the status line says so
    assert not session.set_query("printer does")
    request = session.next_request()
    assert request is not None and request.hits is None and request.text == "printer does"


def test_a_reload_forgets_what_the_new_knowledge_base_lacks(engine: Engine) -> None:
    session = Session(engine=engine)
    session.answers["gone-question"] = "yes"
    session.answer("toner-light", "no")
    session.history.visit("gone-node")
    session.history.visit("toner-empty")
    session.install(engine)
    assert session.answers == {"toner-light": "no"}
    assert session.history.current == "toner-empty" and not session.history.can_go_back


def test_reset_returns_the_consultation_that_ends(engine: Engine) -> None:
    session = Session(engine=engine)
    session.set_query("printer does not print")
    session.answer("toner-light", "no")
    session.scanned(Path("jamf.log"), ScanResult())
    session.history.visit("toner-empty")
    old = session.reset()
    assert (old.query, old.answers, old.source, old.article) == (
        "printer does not print", {"toner-light": "no"}, "log", "toner-empty")
    assert old.scan_path == Path("jamf.log")
    assert (session.query, session.answers, session.source, session.scan) == (
        "", {}, "query", None)
    assert session.history.current is None and session.engine is engine
