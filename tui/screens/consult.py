"""The consultation's controller for the main screen: diagnosis requests (numbered, run
in a thread worker that reports back by :class:`DiagnosisReady`), rendering them in the
Diagnose pane one render at a time, and the answers given by key, click or palette.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.message import Message
from textual.worker import get_current_worker

from jamfkb.tui.i18n import t
from jamfkb.tui.session import DiagnosisRequest
from jamfkb.tui.topics import search_topics
from jamfkb.tui.widgets.diagnose_pane import hint_key

if TYPE_CHECKING:
    from jamfkb.engine.consultation import Diagnosis
    from jamfkb.engine.search import SearchHit
    from jamfkb.tui.screens.main import MainScreen


class DiagnosisReady(Message):
    """Posted by the diagnosis thread: the result of one request."""

    def __init__(self, request: DiagnosisRequest, result: Diagnosis,
                 topics: tuple[SearchHit, ...] = ()) -> None:
        super().__init__()
        self.request = request
        self.result = result
        self.topics = topics  # the keyword search's hits for the query


class ConsultationController:
    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self._force_questions = False  # the next render rebuilds the questions
        self._reveal_after: int | None = None  # see answer_first
        self._shown_query: str | None = None  # the query of the diagnosis on screen

    def request(self) -> None:
        self.screen.session.query = self.screen.query_text
        request = self.screen.session.next_request()
        if request is None:
            return
        self.screen.give_ui_priority()
        self.screen.run_worker(partial(self._diagnose, request), thread=True,
                               exclusive=True, group="diagnose")

    def _diagnose(self, request: DiagnosisRequest) -> None:
        """In a thread: one diagnosis, posted back as :class:`DiagnosisReady`."""
        worker = get_current_worker()
        engine = request.engine
        with engine.lock:  # the consultation is not thread-safe
            if worker.is_cancelled:
                return
            if request.hits is not None:
                result = engine.consultation.diagnose_findings(
                    request.hits, request.answers, query=request.label)
            else:
                result = engine.consultation.diagnose(request.text, request.answers)
        topics = () if request.hits is not None else search_topics(
            engine.wait_search(), request.text, result)  # read-only index: no lock
        if not worker.is_cancelled:
            self.screen.post_message(DiagnosisReady(request, result, topics))

    def ready(self, event: DiagnosisReady) -> None:
        """A diagnosis arrived: drawn, unless a newer request made it stale."""
        request = event.request
        if self.screen.session.accept(request.seq, request.engine, event.result):
            self.screen.session.accept_topics(request.seq, event.topics)
            self.render()
        else:
            self.screen.ui_caught_up()

    def render(self, force_questions: bool = False) -> None:
        self._force_questions |= force_questions
        self.screen.jobs.run("render", self._render_pending)

    async def _render_pending(self) -> None:
        force, self._force_questions = self._force_questions, False
        await self.render_now(force)

    async def render_now(self, force_questions: bool = False) -> None:
        engine = self.screen.engine
        d = self.screen.diagnosis
        pane = self.screen.diagnose_pane
        if engine is None:
            pane.sync_sections((), bool(self.screen.answers))
            return
        kb, lang = engine.kb, self.screen.lang
        if d is None:
            pane.clear_results()
        else:
            pane.show_lists(kb, d, lang)
            if d.query != self._shown_query:
                # another question asked: its results from the top, not at the old
                # scroll position (an answer keeps it: the next question stays in view)
                self._shown_query = d.query
                pane.scroll_home(animate=False)
        pane.show_topics(kb, self.screen.session.topics if d is not None else (),
                         d.query if d is not None else "", lang)
        self.show_hint()
        # Answered by key: the next question, whose keys the section title lists, comes
        # into view (below the causes, it may have been out of sight).
        reveal = (self._reveal_after is not None
                  and self.screen.session.diagnosis_seq >= self._reveal_after
                  and self.screen.active_pane == "tab-diagnose")
        if reveal:
            self._reveal_after = None
        await pane.show_questions(kb, d, self.screen.answers, lang, force_questions, reveal,
                                  self.screen.active_pane == "tab-diagnose")

    def show_hint(self) -> None:
        """The hint above the causes (loading, nothing found, all ruled out…)."""
        screen = self.screen
        lang, d = screen.lang, screen.diagnosis
        key = hint_key(screen.engine is not None, screen.app.load_failed, d,
                       bool(screen.answers), bool(screen.session.topics))
        if key == "report.nothing" and d is not None:
            from jamfkb.tui.report import nothing_matched

            text = nothing_matched(d, lang)  # a clean pasted log: no known error message
        else:
            text = t(lang, key) if key else ""
        screen.diagnose_pane.show_hint(text, d, screen.app.key_display("why"), lang)

    def answer(self, question: str, choice: str) -> None:
        screen = self.screen
        valid = screen.session.answer_error(question, choice)
        if valid is not None:
            engine = screen.engine
            asks_version = engine is not None and engine.kb.nodes[question].asks_version
            message = (t(screen.lang, "version.invalid", text=choice) if asks_version
                       else t(screen.lang, "answers.invalid_keys",
                              keys=self._choice_keys(question, valid)))
            screen.app.notify(message, severity="warning", markup=False)
            return
        if screen.session.answer(question, choice):
            self._recorded(question, choice)
            self.request()

    def _choice_keys(self, question: str, valid: tuple[str, ...]) -> str:
        """The keys to press and what they mean ("1 Legacy CA, 2 Cloud Connector, u Don't
        know"), not the choices' internal IDs."""
        engine = self.screen.engine
        if engine is None:
            return ", ".join(valid)
        from jamfkb.tui.report import choice_label
        from jamfkb.tui.widgets.questions import answer_keys

        lang = self.screen.lang
        keys = answer_keys(valid)
        return ", ".join(f"{keys.get(c, '?')} {choice_label(engine.kb, question, c, lang)}"
                         for c in valid)

    def _recorded(self, question: str, choice: str) -> None:
        """Every answer is told, with the key that takes it back (a wrong key, too)."""
        screen = self.screen
        engine = screen.engine
        if engine is None:
            return
        from jamfkb.tui.report import choice_label

        lang = screen.lang
        screen.app.notify(t(lang, "answers.recorded", question=engine.kb.title(question, lang),
                            choice=choice_label(engine.kb, question, choice, lang),
                            keys=screen.app.key_display("undo-answer")),
                          markup=False, timeout=4)

    def clear_answers(self) -> None:
        if not self.screen.session.clear_answers():
            return
        self.screen.app.notify(t(self.screen.lang, "answers.cleared"))
        self.request()

    def _first_question(self) -> str | None:
        if not self.screen.results_mounted:  # y / n / u with nothing focused, while loading
            return None
        questions = self.screen.diagnose_pane.questions
        if not questions:
            self.screen.app.notify(t(self.screen.lang, "questions.none"), severity="warning")
            return None
        return questions[0]

    def answer_first(self, choice: str) -> None:
        question = self._first_question()
        if question is not None:
            self.answer(question, choice)
            self._reveal_after = self.screen.session.seq  # the diagnosis it asked for

    def answer_number(self, number: int) -> None:
        question = self._first_question()
        engine = self.screen.engine
        if question is None or engine is None:
            return
        from jamfkb.tui.widgets.questions import answer_keys

        keys = answer_keys(engine.kb.nodes[question].answers)
        for choice, key in keys.items():
            if key == str(number):
                self.answer(question, choice)
                self._reveal_after = self.screen.session.seq
                return

