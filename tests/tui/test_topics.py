"""tui/topics.py and the session's version answers, without Textual."""

from __future__ import annotations

import threading

import pytest

from jamfkb.engine.consultation import Consultation
from jamfkb.engine.search import Search
from jamfkb.engine.versions import FoundVersion
from jamfkb.kb.model import KnowledgeBase
from jamfkb.kb.store import load
from jamfkb.tui.live_reload import build_engine
from jamfkb.tui.session import Engine, Session
from jamfkb.tui.topics import TOPICS_SHOWN, filter_ids, found_label, search_topics


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    loaded = load(None).kb
    assert loaded is not None
    return loaded


@pytest.fixture(scope="module")
def search(kb: KnowledgeBase) -> Search:
    return Search(kb)


@pytest.fixture(scope="module")
def consultation(kb: KnowledgeBase) -> Consultation:
    return Consultation.for_kb(kb)


def test_topics_skip_what_the_diagnosis_lists(search: Search,
                                             consultation: Consultation) -> None:
    text = "keychain prompt every login"
    d = consultation.diagnose(text)
    topics = search_topics(search, text, d)
    listed = {p.id for p in d.problems} | {c.id for c in d.causes}
    assert topics and len(topics) <= TOPICS_SHOWN
    assert not listed & {h.id for h in topics}


def test_one_word_finds_topics_the_diagnosis_does_not(search: Search,
                                                      consultation: Consultation) -> None:
    d = consultation.diagnose("trousseau")
    assert not d.causes
    assert "keychain-prompt" in {h.id for h in search_topics(search, "trousseau", d)}


def test_no_topics_for_a_pasted_log_an_empty_query_or_no_index(
        search: Search, consultation: Consultation) -> None:
    log = "2024-05-02 10:00:01 INFO keychain sync\n2024-05-02 10:00:02 INFO done\n"
    d = consultation.diagnose(log)
    assert d.log_lines and search_topics(search, log, d) == ()
    assert search_topics(search, "  ", consultation.diagnose("  ")) == ()
    assert search_topics(None, "keychain", consultation.diagnose("keychain")) == ()


def test_filter_keeps_matches_and_the_path_above_them(kb: KnowledgeBase,
                                                      search: Search) -> None:
    assert filter_ids(kb, search, "") is None and filter_ids(kb, None, "keychain") is None
    kept = filter_ids(kb, search, "keychain")
    assert kept is not None and "keychain-prompt" in kept
    for node_id in kept:
        node = kb.nodes[node_id]
        if node.kind == "cause":
            assert set(node.problems) <= kept
    assert filter_ids(kb, search, "zzqxw") == set()


def test_found_label_in_both_languages() -> None:
    found = FoundVersion("10.25.0", 2, "Jamf Pro 10.25.0")
    assert found_label(found, "en") == "10.25.0 (from the text, line 2)"
    assert found_label(found, "fr") == "10.25.0 (lu dans le texte, ligne 2)"


def test_version_answers_are_checked(kb: KnowledgeBase, consultation: Consultation) -> None:
    session = Session(engine=Engine(kb, consultation, threading.Lock()))
    assert session.answer_error("jamf-pro-version", "10.25.0") is None
    assert session.answer_error("jamf-pro-version", "ten") == ("unknown",)
    assert not session.answer("jamf-pro-version", "10.x")
    assert session.answer("jamf-pro-version", " 11.2.0 ")
    assert session.answers == {"jamf-pro-version": "11.2.0"}
    assert session.answer("jamf-pro-version", "unknown")
    assert not session.answer("integration-type", "10.25.0")  # only version questions


def test_the_engine_builds_its_search_index_in_a_thread(kb: KnowledgeBase) -> None:
    engine = build_engine(kb)
    search = engine.wait_search(timeout=30)
    assert search is not None and search.search("keychain")
    bare = Engine(kb, engine.consultation, threading.Lock())
    assert bare.wait_search() is None  # nothing built, nothing waited for
