"""The Diagnose pane: recognised symptoms, ranked causes with their key hints, the next
questions, the answers given and the topics the keyword search found, each under a
section title that hides when empty.

Data in (:meth:`DiagnosePane.show`, :meth:`DiagnosePane.relabel`), messages out: its lists
and buttons post theirs (``QuestionPanel.Answered``, ``AnswerList.Changed`` / ``Removed``,
``CauseList.LeaveUp``, the Clear button's ``Button.Pressed``), which the screen routes.

The first frame holds only the hint: :meth:`mount_sections` adds the rest once the
knowledge base is loaded (their styles and layout would only delay the query box). Their
modules, too, are imported then (by the loader thread first): ~4 ms less before the first
frame. So the lists are found by ID here, not by class.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Button, Static

from jamfkb.tui.i18n import t

if TYPE_CHECKING:
    from textual.app import ComposeResult

    from jamfkb.engine.consultation import Diagnosis
    from jamfkb.engine.search import SearchHit
    from jamfkb.kb.model import KnowledgeBase
    from jamfkb.tui.widgets.answers import AnswerList
    from jamfkb.tui.widgets.causes import CauseList
    from jamfkb.tui.widgets.questions import QuestionItem, QuestionPanel
    from jamfkb.tui.widgets.symptoms import SymptomList
    from jamfkb.tui.widgets.topics import TopicList


def hint_key(loaded: bool, load_failed: bool, diagnosis: Diagnosis | None,
             answered: bool, topics: bool = False) -> str | None:
    """The string key of the hint above the causes, or None when the causes (or the
    topics the search found: ``topics``) say it all."""
    d = diagnosis
    if not loaded:
        return "status.load_failed" if load_failed else "status.loading"
    if d is None or (not d.query.strip() and not d.causes):
        return "causes.empty"
    if not d.causes and d.ruled_out and answered:
        return "causes.all_ruled_out"
    if not d.causes and not topics:
        return "report.nothing"
    return None


def _section(widget_id: str) -> Static:
    return Static(id=widget_id, classes="section", markup=False)


class DiagnosePane(VerticalScroll):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, can_focus=False)
        self.sections_mounted = False
        # Where the focus goes when the list that has it empties (the query box): never
        # a hidden list, whose first option would replace the article.
        self.focus_fallback: Widget | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="causes-hint", classes="hint", markup=False)

    async def mount_sections(self) -> None:
        from jamfkb.tui.widgets.answers import AnswerList
        from jamfkb.tui.widgets.causes import CauseList
        from jamfkb.tui.widgets.questions import QuestionPanel
        from jamfkb.tui.widgets.symptoms import SymptomList
        from jamfkb.tui.widgets.topics import TopicList

        hint = self.query_one("#causes-hint")
        await self.mount_all(
            [_section("symptoms-title"), SymptomList(id="symptoms"), _section("causes-title"),
             Static(id="causes-keys", classes="hint keys", markup=False)],
            before=hint)
        await self.mount_all(
            [CauseList(id="causes"), _section("questions-title"), QuestionPanel(id="questions"),
             Horizontal(_section("answers-title"), Button("", id="clear-answers", compact=True),
                        id="answers-header"),
             AnswerList(id="answers"), _section("topics-title"), TopicList(id="topics")],
            after=hint)
        self.sections_mounted = True

    # The lists, once mounted (see mount_sections).
    @property
    def _symptoms(self) -> SymptomList:
        return cast("SymptomList", self.query_one("#symptoms"))

    @property
    def _causes(self) -> CauseList:
        return cast("CauseList", self.query_one("#causes"))

    @property
    def _questions(self) -> QuestionPanel:
        return cast("QuestionPanel", self.query_one("#questions"))

    @property
    def _answers(self) -> AnswerList:
        return cast("AnswerList", self.query_one("#answers"))

    @property
    def _topics(self) -> TopicList:
        return cast("TopicList", self.query_one("#topics"))

    # ------------------------------------------------------------------ titles

    def _title(self, widget_id: str, lang: str, key: str, **fmt: Any) -> None:
        self.query_one(f"#{widget_id}", Static).update(
            Content(t(lang, key, **fmt)).stylize("bold"))

    def relabel(self, kb: KnowledgeBase | None, lang: str) -> None:
        """Section titles and the Clear button in ``lang``."""
        self._title("symptoms-title", lang, "section.symptoms")
        self._title("causes-title", lang, "section.causes")
        self.title_questions(kb, lang)
        self._title("answers-title", lang, "section.answers")
        clear = self.query_one("#clear-answers", Button)
        clear.label = Content(t(lang, "answers.clear"))
        clear.refresh(layout=True)  # the label's width changes with the language

    def title_questions(self, kb: KnowledgeBase | None, lang: str) -> None:
        """The questions' title names the digit keys when the first question has them."""
        from jamfkb.tui.widgets.questions import answer_keys

        panel = self._questions
        first = panel.questions[0] if panel.questions else None
        if kb is None or first is None or first not in kb.nodes:
            self._title("questions-title", lang, "section.questions")
            return
        keys = answer_keys(kb.nodes[first].answers)
        digits = sorted(k for k in keys.values() if k.isdigit())
        if digits:
            self._title("questions-title", lang, "section.questions_numbers", last=digits[-1])
        else:
            self._title("questions-title", lang, "section.questions")

    # ------------------------------------------------------------------ hints

    def show_hint(self, text: str, diagnosis: Diagnosis | None, why_key: str,
                  lang: str) -> None:
        hint = self.query_one("#causes-hint", Static)
        hint.update(Content(text))
        hint.display = bool(text)
        if not self.sections_mounted:
            return
        self.show_keys(why_key, lang)
        d = diagnosis
        has_symptoms = bool(d is not None and (d.problems or d.signatures))
        self.query_one("#symptoms-title").display = has_symptoms
        self._symptoms.display = has_symptoms
        # topics in place of the diagnosis (a word the search knows, no symptom): no empty
        # "Likely causes" title above them
        self.query_one("#causes-title").display = bool(
            text or d is None or d.causes or d.ruled_out)

    def show_keys(self, why_key: str, lang: str) -> None:
        """One line of key hints above the causes: how to reach them, read, ask why."""
        if not self.sections_mounted:
            return
        keys = self.query_one("#causes-keys", Static)
        causes = self._causes
        if not causes.option_count:
            keys.display = False
            return
        key = "causes.keys_list" if causes.has_focus else "causes.keys_query"
        keys.update(Content(t(lang, key, why=why_key)))
        keys.display = True

    # ------------------------------------------------------------------ results

    def clear_results(self) -> None:
        self._symptoms.clear_options()
        self._causes.clear_options()

    def show_lists(self, kb: KnowledgeBase, diagnosis: Diagnosis, lang: str) -> None:
        self._symptoms.show(kb, diagnosis, lang)
        self._causes.show(kb, diagnosis, lang)

    async def show_questions(self, kb: KnowledgeBase, diagnosis: Diagnosis | None,
                             answers: dict[str, str], lang: str, force: bool, reveal: bool,
                             shown: bool) -> None:
        """Questions and answers; ``shown``: the pane is the one on screen. A version read
        in the text is listed with the answers, and its question stays asked below the
        others, so that another version can override it."""
        from jamfkb.tui.topics import found_label

        found = dict(diagnosis.found_answers) if diagnosis is not None else {}
        found = {q: v for q, v in found.items() if q in kb.nodes and q not in answers}
        questions = diagnosis.questions if diagnosis is not None else ()
        questions = (*questions, *(q for q in found if q not in questions))
        choices = {q: kb.nodes[q].answers for q in questions if q in kb.nodes}
        await self._questions.show(
            kb, tuple(q for q in questions if q in choices), choices, lang, force=force,
            reveal=reveal, found={q: t(lang, "version.found", version=v.version, line=v.line)
                                  for q, v in found.items()})
        if not self.query("#answers"):
            return  # the app quit meanwhile: its widgets were removed under this await
        self._answers.show(kb, answers, lang,
                                        {q: found_label(v, lang) for q, v in found.items()})
        self.sync_sections(questions, bool(answers or found))
        self.title_questions(kb, lang)
        if reveal and (items := self.query("QuestionItem")):
            # last, once "Your answers" above has grown by the answer just given
            cast("QuestionItem", items.first()).reveal_now()
        causes = self._causes
        if causes.has_focus and not causes.option_count and shown:
            # the causes were ruled out under the focus: keep it somewhere visible (and
            # never in the query box, where the next y / n / u would be typed)
            answer_list = self._answers
            if answer_list.display and answer_list.option_count:
                answer_list.focus()
            elif self.focus_fallback is not None:
                self.focus_fallback.focus()

    def sync_sections(self, questions: tuple[str, ...], answered: bool) -> None:
        """Hide the titles of empty sections."""
        if not self.sections_mounted:
            return
        answers = self._answers
        if answers.has_focus and not answered:
            # The last answer was removed: hiding the list would hand the focus to the
            # symptoms, whose first one would replace the article.
            causes = self._causes
            if causes.option_count:
                causes.focus()
            elif self.focus_fallback is not None:
                self.focus_fallback.focus()
        self.query_one("#answers-header").display = answered
        answers.display = answered
        self.query_one("#questions-title").display = bool(questions)

    def show_topics(self, kb: KnowledgeBase, hits: tuple[SearchHit, ...], query: str,
                    lang: str) -> None:
        """The search's topics under the diagnosis (in its place when it found nothing)."""
        from jamfkb.kb.text import one_line

        if not self.sections_mounted:
            return
        topics = self._topics
        if topics.has_focus and not hits and self.focus_fallback is not None:
            self.focus_fallback.focus()
        topics.show(kb, hits, lang)
        self._title("topics-title", lang, "section.topics", query=one_line(query, 60))
        self.query_one("#topics-title").display = bool(hits)
        topics.display = bool(hits)

    def selected_cause(self) -> str | None:
        """The highlighted cause, else the first one."""
        causes = self._causes
        return causes.selected_cause or (causes.cause_ids[0] if causes.cause_ids else None)

    @property
    def questions(self) -> tuple[str, ...]:
        return self._questions.questions
