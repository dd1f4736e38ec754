"""The main screen: query box, symptoms, causes, questions, answers, browse, findings,
and the article pane. Diagnoses run in a thread worker, debounced, so typing never waits."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.lazy import Lazy
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Button, ContentSwitcher, Footer, OptionList, Static
from textual.worker import get_current_worker

from jamfkb.tui.history import History
from jamfkb.tui.i18n import t
from jamfkb.tui.screens.log_scan import (
    NotARegularFile,
    ScanCancelled,
    ScanProgress,
    scan_log_file,
)
from jamfkb.tui.widgets.answers import AnswerList
from jamfkb.tui.widgets.causes import CauseList
from jamfkb.tui.widgets.query_box import QueryBox
from jamfkb.tui.widgets.questions import QuestionPanel, answer_keys
from jamfkb.tui.widgets.symptoms import SymptomList
from jamfkb.tui.widgets.tab_bar import TabBar

if TYPE_CHECKING:
    from textual.widgets import Tree
    from textual.worker import Worker

    from jamfkb.engine.consultation import Diagnosis
    from jamfkb.engine.scan import ScanResult
    from jamfkb.tui.app import Engine, JamfkbApp
    from jamfkb.tui.widgets.article import ArticleView
    from jamfkb.tui.widgets.browse import BrowseTree
    from jamfkb.tui.widgets.findings import FindingList

DEBOUNCE_SECONDS = 0.15
SCAN_PROGRESS_SECONDS = 0.25  # how often the progress hint of a log scan is redrawn
UI_FIRST_SECONDS = 1.0  # a running scan pauses at most this long for a diagnosis and render
PANES = {"tab-diagnose": "tab.diagnose", "tab-browse": "tab.browse",
         "tab-findings": "tab.findings"}  # pane ID → label key, in tab order


def finding_target(option_id: str) -> str | None:
    """The node a log finding's option points to (see FindingList)."""
    from jamfkb.tui.widgets.findings import FindingList

    return FindingList.target_of(option_id)


def fit_status(title: str, lang: str, counts: str, news: str, width: int) -> str:
    """The status line, shortened to fit ``width`` cells: the counts go first, then the
    subtitle of the app's name; ``news`` (loading, the scan, the log the causes come
    from) is what matters most and stays (cut at the end if it still does not fit)."""
    short_title = title.split(" · ")[0]
    candidates = ([title, lang, counts, news], [title, lang, news], [short_title, lang, news])
    lines = [" │ ".join(p for p in parts if p) for parts in candidates]
    if width <= 0:
        return lines[0]  # not laid out yet
    return next((line for line in lines if Content(line).cell_length <= width), lines[-1])


def b(key: str, action: str, binding_id: str, show: bool = True, **kw: Any) -> Binding:
    """A binding whose description comes from ``binding.<id>`` (localised at run time)."""
    return Binding(key, action, t("en", f"binding.{binding_id}"), show=show, id=binding_id,
                   **kw)


class MainScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        b("f1", "app.help", "help", priority=True),
        b("f2", "app.toggle_language", "language", priority=True),
        b("f3", "browse", "browse", show=False, priority=True),
        b("f4,ctrl+o", "open_log", "open-log", priority=True),
        b("f5,ctrl+s", "export", "export", priority=True),
        b("f6", "why", "why", priority=True),
        b("f7", "copy_code", "copy-code", show=False, priority=True),
        b("f9", "show_findings", "findings", show=False, priority=True),
        b("ctrl+r", "clear_answers", "clear-answers", show=False, priority=True),
        b("alt+left,left_square_bracket", "back", "back", show=False),
        b("alt+right,right_square_bracket", "forward", "forward", show=False),
        b("escape", "focus_query", "focus-query", show=False),
        b("t", "toggle_toc", "toc", show=False),
        b("y,o", "answer_first('yes')", "answer-yes", show=False),
        b("n", "answer_first('no')", "answer-no", show=False),
        b("u", "answer_first('unknown')", "answer-unknown", show=False),
        *(b(str(n), f"answer_number({n})", f"answer-{n}", show=False) for n in range(1, 10)),
    ]

    app: JamfkbApp

    def __init__(self, cursor_blink: bool = True) -> None:
        super().__init__()
        self.cursor_blink = cursor_blink
        self.answers: dict[str, str] = {}
        self.diagnosis: Diagnosis | None = None
        self.source = "query"  # or "log": which the causes come from
        self.scan: ScanResult | None = None
        self.scan_path: Path | None = None
        self.history = History()
        self._seq = 0
        self._debounce: Timer | None = None
        self._code_index = 0
        self._force_questions = False
        self._running_jobs: dict[str, bool] = {}  # see _serially: name → run again
        self._results_started = False
        self._results_mounted = asyncio.Event()  # see mount_results
        self._scanning: tuple[Worker[None], Path, ScanProgress] | None = None
        self._scan_timer: Timer | None = None
        self._ui_first_until = 0.0  # time.monotonic(): see scan_should_pause
        self._last_log: Path | None = None  # the last file chosen in the open-log dialog
        self._reveal_after: int | None = None  # see action_answer_first
        self._diagnosis_seq = 0  # the request number of self.diagnosis

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        # The first frame holds only what can be used before the knowledge base is loaded:
        # the query box, the tabs and the loading hint. The result widgets have nothing to
        # show until then, and their styles and layout would only delay the query box:
        # mount_results adds them when the knowledge base is loaded (or fails to load).
        yield Static(id="status", markup=False)
        yield QueryBox(id="query", cursor_blink=self.cursor_blink)
        with Horizontal(id="body"):
            with Vertical(id="left"):
                # The tab row never takes the focus: Tab goes from the query straight to
                # the results (F3 browse, F9 log findings, Esc back to the query).
                yield TabBar({pane: t(self.lang, key) for pane, key in PANES.items()},
                             "tab-diagnose", id="tabs")
                with ContentSwitcher(id="panes", initial="tab-diagnose"):
                    with (Vertical(id="tab-diagnose"),
                          VerticalScroll(id="diagnose", can_focus=False)):
                        yield Static(id="causes-hint", classes="hint", markup=False)
                    yield Vertical(id="tab-browse")
                    yield Vertical(id="tab-findings")
            # The article view (Markdown) is mounted with the first article.
            yield Vertical(id="article")
        yield Lazy(Footer(compact=True))

    async def mount_results(self) -> None:
        """Mount the widgets that only have something to show once the knowledge base is
        loaded: symptoms, causes, questions, answers, the browse tree, the log findings and
        the content errors. The app awaits this before it sets the engine, so every method
        that runs with an engine can rely on them."""
        if self._results_started:
            await self._results_mounted.wait()
            return
        self._results_started = True
        from jamfkb.tui.widgets.browse import BrowseTree
        from jamfkb.tui.widgets.content_errors import ContentErrors
        from jamfkb.tui.widgets.findings import FindingList

        def section(widget_id: str) -> Static:
            return Static(id=widget_id, classes="section", markup=False)

        diagnose = self.query_one("#diagnose")
        hint = self.query_one("#causes-hint")
        await diagnose.mount_all(
            [section("symptoms-title"), SymptomList(id="symptoms"), section("causes-title"),
             Static(id="causes-keys", classes="hint keys", markup=False)],
            before=hint)
        await diagnose.mount_all(
            [CauseList(id="causes"), section("questions-title"), QuestionPanel(id="questions"),
             Horizontal(section("answers-title"), Button("", id="clear-answers", compact=True),
                        id="answers-header"),
             AnswerList(id="answers")],
            after=hint)
        await self.query_one("#tab-browse").mount(BrowseTree(id="browse"))
        await self.query_one("#tab-findings").mount(
            Vertical(Static(id="findings-summary", markup=False), FindingList(id="findings")))
        await self.mount(ContentErrors(id="content-errors"), after="#body")
        self._results_mounted.set()
        self.app.localize_bindings()  # the new widgets' bindings
        self.apply_language()

    @property
    def results_mounted(self) -> bool:
        return self._results_mounted.is_set()

    def on_mount(self) -> None:
        self.query_one(QueryBox).focus()
        self.apply_language()

    # ------------------------------------------------------------------ helpers

    @property
    def lang(self) -> str:
        return self.app.lang

    @property
    def engine(self) -> Engine | None:
        return self.app.engine

    @property
    def query_text(self) -> str:
        return self.query_one(QueryBox).text

    @property
    def active_pane(self) -> str:
        """The pane shown on the left: one of PANES."""
        return self.query_one("#panes", ContentSwitcher).current or ""

    @active_pane.setter
    def active_pane(self, pane_id: str) -> None:
        self.query_one("#panes", ContentSwitcher).current = pane_id
        self.query_one(TabBar).active = pane_id

    @on(TabBar.Clicked, "#tabs")
    def _tab_clicked(self, event: TabBar.Clicked) -> None:
        actions = {"tab-diagnose": self.action_focus_query, "tab-browse": self.action_browse,
                   "tab-findings": self.action_show_findings}
        actions[event.pane_id]()

    def _focus_in_hidden_pane(self, shown: str) -> bool:
        """The focused widget is in one of the panes that showing ``shown`` hides."""
        focused = self.focused
        if focused is None:
            return False
        return any(pane != shown and self.query_one(f"#{pane}") in focused.ancestors
                   for pane in PANES)

    @property
    def browse_tree(self) -> BrowseTree:
        from jamfkb.tui.widgets.browse import BrowseTree

        return self.query_one(BrowseTree)

    @property
    def finding_list(self) -> FindingList:
        from jamfkb.tui.widgets.findings import FindingList

        return self.query_one(FindingList)

    def _title(self, widget_id: str, key: str, **fmt: Any) -> None:
        self.query_one(f"#{widget_id}", Static).update(
            Content(t(self.lang, key, **fmt)).stylize("bold"))

    def update_status(self) -> None:
        lang = self.lang
        engine = self.engine
        counts = ""
        if engine is None:
            news = t(lang, "status.load_failed" if self.app.load_failed else "status.loading")
        else:
            kb = engine.kb
            counts = t(lang, "status.loaded", problems=len(kb.of_kind("problem")),
                       causes=len(kb.of_kind("cause")))
            if self._scanning is not None:
                news = self._scan_text()
            elif self.source == "log" and self.scan_path is not None:
                news = t(lang, "status.source_log", name=self.scan_path.name)
            else:
                news = ""
        status = self.query_one("#status", Static)
        status.update(Content(fit_status(t(lang, "app.title"), lang.upper(), counts, news,
                                         status.content_size.width)))

    def on_resize(self, event: events.Resize) -> None:
        self.update_status()  # what fits in the status bar depends on its width

    # ------------------------------------------------------------------ language

    def apply_language(self) -> None:
        """Relabel everything in the current language; keeps answers, selection, history."""
        lang = self.lang
        self.update_status()
        box = self.query_one(QueryBox)
        box.border_title = t(lang, "query.title")
        box.placeholder = t(lang, "query.placeholder")
        tabs = self.query_one(TabBar)
        for pane, key in PANES.items():
            tabs.set_label(pane, t(lang, key))
        self.query_one("#article").border_title = t(lang, "article.title")
        if not self.results_mounted:
            self._show_hint()
            return
        self._title("symptoms-title", "section.symptoms")
        self._title("causes-title", "section.causes")
        self._title_questions()
        self._title("answers-title", "section.answers")
        clear = self.query_one("#clear-answers", Button)
        clear.label = Content(t(lang, "answers.clear"))
        clear.refresh(layout=True)  # the label's width changes with the language
        engine = self.engine
        if engine is not None:
            # The tree's cursor goes to the article shown, not wherever it was: moving it
            # posts NodeHighlighted, which must not replace the article (nor add history).
            self.browse_tree.build(engine.kb, lang, cursor=self.history.current)
            self.render_diagnosis(force_questions=True)
            self.render_findings()
            self.refresh_article()
        else:
            self._show_hint()
            self._sync_sections(())

    # ------------------------------------------------------------------ engine events

    def engine_changed(self, first: bool) -> None:
        """The knowledge base was loaded or reloaded."""
        engine = self.engine
        assert engine is not None
        known = set(engine.kb.nodes)
        self.answers = {q: a for q, a in self.answers.items() if q in known}
        self.history.forget_missing(known)
        self.browse_tree.build(engine.kb, self.lang, cursor=self.history.current)
        self.update_status()
        self.render_findings()  # the "no log scanned yet" hint
        self.refresh_article()
        self.request_diagnosis()

    # ------------------------------------------------------------------ diagnosis

    @on(QueryBox.Changed, "#query")
    def _query_changed(self, event: QueryBox.Changed) -> None:
        self.give_ui_priority()
        if self.source != "query":
            self.source = "query"
            self.update_status()  # no longer "causes from log file …"
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce = self.set_timer(DEBOUNCE_SECONDS, self._debounced)

    def _debounced(self) -> None:
        self._debounce = None
        self.request_diagnosis()

    @property
    def diagnosis_pending(self) -> bool:
        """Typing has stopped for less than the debounce delay (tests wait on this)."""
        return self._debounce is not None

    def give_ui_priority(self, seconds: float = UI_FIRST_SECONDS) -> None:
        """Input, a diagnosis or a render is coming: a running scan waits for it (until the
        screen has caught up, at most ``seconds``)."""
        self._ui_first_until = max(self._ui_first_until, time.monotonic() + seconds)

    def _ui_caught_up(self) -> None:
        """Nothing left to diagnose or show: a paused scan may go on."""
        if (not self._running_jobs and self._debounce is None
                and self._diagnosis_seq == self._seq):
            self._ui_first_until = 0.0

    def scan_should_pause(self) -> bool:
        """Called by the scan thread (a float read: no lock needed). Ends by itself, so a
        render that never comes cannot stall the scan."""
        return time.monotonic() < self._ui_first_until

    def request_diagnosis(self) -> None:
        engine = self.engine
        if engine is None:
            return
        self.give_ui_priority()
        self._seq += 1
        hits = self.scan.hits if (self.source == "log" and self.scan is not None) else None
        label = f"log: {self.scan_path}" if hits is not None else ""
        self.run_diagnosis(engine, self._seq, self.query_text, dict(self.answers), hits, label)

    @work(thread=True, exclusive=True, group="diagnose")
    def run_diagnosis(self, engine: Engine, seq: int, text: str, answers: dict[str, str],
                      hits: list[Any] | None, label: str) -> None:
        worker = get_current_worker()
        with engine.lock:  # the consultation is not thread-safe
            if worker.is_cancelled:
                return
            if hits is not None:
                result = engine.consultation.diagnose_findings(hits, answers, query=label)
            else:
                result = engine.consultation.diagnose(text, answers)
        if not worker.is_cancelled:
            self.app.call_from_thread(self._diagnosis_ready, engine, seq, result)

    def _diagnosis_ready(self, engine: Engine, seq: int, result: Diagnosis) -> None:
        if seq != self._seq or engine is not self.engine:
            return  # a newer request is on its way
        self.diagnosis = result
        self._diagnosis_seq = seq
        self.render_diagnosis()

    def render_diagnosis(self, force_questions: bool = False) -> None:
        self._force_questions |= force_questions
        self._serially("render", self._render_pending)

    async def _render_pending(self) -> None:
        force, self._force_questions = self._force_questions, False
        await self.render_diagnosis_async(force)

    @property
    def busy(self) -> bool:
        """A render or an article refresh is running."""
        return bool(self._running_jobs)

    def _serially(self, name: str, job: Callable[[], Awaitable[None]]) -> None:
        """Run ``job`` in a worker, one at a time per ``name``; calls made meanwhile run it
        once more afterwards. Never cancel these workers (``exclusive``): they mount and
        remove widgets, and cancelling a task that awaits a removal cancels the removal's
        future under the app's own message loop, which then stops (the app quits)."""
        if name in self._running_jobs:
            self._running_jobs[name] = True  # run again when the current one is done
            return
        self._running_jobs[name] = False
        self.give_ui_priority()

        async def loop() -> None:
            try:
                while True:
                    self._running_jobs[name] = False
                    await job()
                    if not self._running_jobs.get(name):
                        break
            finally:
                self._running_jobs.pop(name, None)
                self._ui_caught_up()

        self.run_worker(loop, group=name)

    async def render_diagnosis_async(self, force_questions: bool = False) -> None:
        engine = self.engine
        d = self.diagnosis
        if engine is None:
            self._sync_sections(())
            return
        kb, lang = engine.kb, self.lang
        symptoms = self.query_one(SymptomList)
        causes = self.query_one(CauseList)
        if d is None:
            symptoms.clear_options()
            causes.clear_options()
        else:
            symptoms.show(kb, d, lang)
            causes.show(kb, d, lang)
        self._show_hint()
        questions = d.questions if d is not None else ()
        choices = {q: kb.nodes[q].answers for q in questions if q in kb.nodes}
        # Answered by key: the next question, whose keys the section title lists, comes
        # into view (below the causes, it may have been out of sight).
        reveal = (self._reveal_after is not None and self._diagnosis_seq >= self._reveal_after
                  and self.active_pane == "tab-diagnose")
        if reveal:
            self._reveal_after = None
        await self.query_one(QuestionPanel).show(
            kb, tuple(q for q in questions if q in choices), choices, lang, force=force_questions,
            reveal=reveal)
        if not self.query(AnswerList):
            return  # the app quit meanwhile: its widgets were removed under this await
        self.query_one(AnswerList).show(kb, self.answers, lang)
        self._sync_sections(questions)
        self._title_questions()
        diagnose_shown = self.active_pane == "tab-diagnose"
        if causes.has_focus and not causes.option_count and diagnose_shown:
            # the causes were ruled out under the focus: keep it somewhere visible (and
            # never in the query box, where the next y / n / u would be typed)
            answers = self.query_one(AnswerList)
            if answers.display and answers.option_count:
                answers.focus()
            else:
                self.query_one(QueryBox).focus()

    def _title_questions(self) -> None:
        panel = self.query_one(QuestionPanel)
        engine = self.engine
        first = panel.questions[0] if panel.questions else None
        if engine is None or first is None or first not in engine.kb.nodes:
            self._title("questions-title", "section.questions")
            return
        keys = answer_keys(engine.kb.nodes[first].answers)
        digits = sorted(k for k in keys.values() if k.isdigit())
        if digits:
            self._title("questions-title", "section.questions_numbers", last=digits[-1])
        else:
            self._title("questions-title", "section.questions")

    def _sync_sections(self, questions: tuple[str, ...]) -> None:
        """Hide the titles of empty sections."""
        if not self.results_mounted:
            return
        answers = self.query_one(AnswerList)
        if answers.has_focus and not self.answers:
            # The last answer was removed: hiding the list would hand the focus to the
            # symptoms, whose first one would replace the article.
            causes = self.query_one(CauseList)
            if causes.option_count:
                causes.focus()
            else:
                self.query_one(QueryBox).focus()
        self.query_one("#answers-header").display = bool(self.answers)
        self.query_one(AnswerList).display = bool(self.answers)
        self.query_one("#questions-title").display = bool(questions)

    def _show_hint(self) -> None:
        lang = self.lang
        hint = self.query_one("#causes-hint", Static)
        d = self.diagnosis
        if self.engine is None:
            text = t(lang, "status.load_failed" if self.app.load_failed else "status.loading")
        elif d is None or (not d.query.strip() and not d.causes):
            text = t(lang, "causes.empty")
        elif not d.causes and d.ruled_out and self.answers:
            text = t(lang, "causes.all_ruled_out")
        elif not d.causes:
            text = t(lang, "report.nothing")
        else:
            text = ""
        hint.update(Content(text))
        hint.display = bool(text)
        if not self.results_mounted:
            return
        self._show_keys()
        has_symptoms = bool(d is not None and (d.problems or d.signatures))
        self.query_one("#symptoms-title").display = has_symptoms
        self.query_one(SymptomList).display = has_symptoms

    def _show_keys(self) -> None:
        """One line of key hints above the causes: how to reach them, read, ask why."""
        if not self.results_mounted:
            return
        keys = self.query_one("#causes-keys", Static)
        causes = self.query_one(CauseList)
        if not causes.option_count:
            keys.display = False
            return
        why = self.app.key_display("why", "f6")
        key = "causes.keys_list" if causes.has_focus else "causes.keys_query"
        keys.update(Content(t(self.lang, key, why=why)))
        keys.display = True

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        widget = event.widget
        for title in self.query(".section"):
            title.set_class(title.id == f"{widget.id}-title", "-focused")
        if isinstance(widget, CauseList) and widget.highlighted in (None, 0):
            # show the section title and its key hints along with the first cause
            title = self.query_one("#causes-title")
            self.call_after_refresh(self.query_one("#diagnose").scroll_to_widget, title,
                                    animate=False, top=True)
        if isinstance(widget, OptionList) and widget.id in ("causes", "symptoms", "findings"):
            # The focused list's article is on the right, from the first option on.
            option = widget.highlighted_option
            if option is None and widget.option_count:
                widget.highlighted = 0  # posts OptionHighlighted: shows its article
            elif option is not None and option.id:
                target = finding_target(option.id) if widget.id == "findings" else option.id
                if target and target != self.history.current:
                    self.show_node(target)
        self._show_keys()

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        self.call_after_refresh(self._show_keys)

    @on(CauseList.LeaveUp)
    def _leave_causes(self, event: CauseList.LeaveUp) -> None:
        self.action_focus_query()

    @on(QueryBox.Leave)
    def _leave_query(self, event: QueryBox.Leave) -> None:
        """Tab / Down from the query box: to the causes, else the symptoms, else onwards."""
        if not self.results_mounted:
            return  # nothing to go to yet: the widgets after the box are being mounted
        for lst in (self.query_one(CauseList), self.query_one(SymptomList)):
            if lst.display and lst.option_count:
                lst.focus()
                return
        self.focus_next()

    # ------------------------------------------------------------------ answers

    def answer(self, question: str, choice: str) -> None:
        engine = self.engine
        if engine is None or question not in engine.kb.nodes:
            return
        valid = engine.kb.nodes[question].answers
        if choice not in valid:
            self.app.notify(t(self.lang, "answers.invalid", choices=", ".join(valid)),
                            severity="warning", markup=False)
            return
        self.answers[question] = choice  # a changed answer keeps its place
        self.request_diagnosis()

    @on(QuestionPanel.Answered)
    def _answered(self, event: QuestionPanel.Answered) -> None:
        self.answer(event.question, event.choice)

    @on(AnswerList.Changed)
    def _answer_changed(self, event: AnswerList.Changed) -> None:
        self.answer(event.question, event.choice)

    @on(AnswerList.Removed)
    def _answer_removed(self, event: AnswerList.Removed) -> None:
        self.answers.pop(event.question, None)
        self.request_diagnosis()

    @on(Button.Pressed, "#clear-answers")
    def _clear_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_clear_answers()

    def action_clear_answers(self) -> None:
        if not self.answers:
            return
        self.answers.clear()
        self.app.notify(t(self.lang, "answers.cleared"))
        self.request_diagnosis()

    def _first_question(self) -> str | None:
        if not self.results_mounted:  # y / n / u with nothing focused, while loading
            return None
        questions = self.query_one(QuestionPanel).questions
        if not questions:
            self.app.notify(t(self.lang, "questions.none"), severity="warning")
            return None
        return questions[0]

    def action_answer_first(self, choice: str) -> None:
        question = self._first_question()
        if question is not None:
            self.answer(question, choice)
            self._reveal_after = self._seq  # the diagnosis this answer asked for

    def action_answer_number(self, number: int) -> None:
        question = self._first_question()
        engine = self.engine
        if question is None or engine is None:
            return
        keys = answer_keys(engine.kb.nodes[question].answers)
        for choice, key in keys.items():
            if key == str(number):
                self.answer(question, choice)
                self._reveal_after = self._seq
                return

    # ------------------------------------------------------------------ article

    def show_node(self, node_id: str, record: bool = True) -> None:
        engine = self.engine
        if engine is None:
            return
        node = engine.kb.resolve(node_id)
        if node is None:
            self.app.notify(t(self.lang, "article.missing", id=node_id), severity="error",
                            markup=False)
            return
        if record:
            self.history.visit(node.id)
        else:
            self.history.current = node.id
        self._code_index = 0
        self.refresh_article()

    def refresh_article(self) -> None:
        self._serially("article", self._refresh_article)

    async def _refresh_article(self) -> None:
        from jamfkb.tui.article import article_markdown, article_meta

        engine = self.engine
        current = self.history.current
        if engine is None:
            return
        view = await self.article_view()
        if current is None:
            await view.show(None, t(self.lang, "article.welcome"), [])
            return
        await view.show(current, article_markdown(engine.kb, current, self.lang),
                        article_meta(engine.kb, current, self.lang))

    async def article_view(self) -> ArticleView:
        """The article view, mounted on first use."""
        from jamfkb.tui.widgets.article import ArticleView

        pane = self.query_one("#article")
        views = pane.query(ArticleView)
        if views:
            return views.first()
        view = ArticleView(id="article-view")
        await pane.mount(view)
        return view

    @property
    def article_source(self) -> str:
        """The Markdown of the article shown ("" before the first one)."""
        from jamfkb.tui.widgets.article import ArticleView

        views = self.query(ArticleView)
        return views.first().source_text if views else ""

    def on_article_view_navigate(self, event: ArticleView.Navigate) -> None:
        self.show_node(event.node_id)

    def on_article_view_external_link(self, event: ArticleView.ExternalLink) -> None:
        self.app.notify(t(self.lang, "link.external", url=event.href),
                        title=t(self.lang, "link.external_title"), markup=False, timeout=10)

    def action_back(self) -> None:
        if self.history.back() is None:
            self.app.notify(t(self.lang, "history.start"))
            return
        self.refresh_article()

    def action_forward(self) -> None:
        if self.history.forward() is None:
            self.app.notify(t(self.lang, "history.end"))
            return
        self.refresh_article()

    def action_toggle_toc(self) -> None:
        from jamfkb.tui.widgets.article import ArticleView

        for view in self.query(ArticleView):
            view.toggle_toc()

    @on(OptionList.OptionSelected, "#causes, #symptoms")
    def _option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.show_node(event.option.id)

    @on(OptionList.OptionHighlighted, "#causes, #symptoms")
    def _option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list.has_focus and event.option.id:
            self.show_node(event.option.id)

    @on(OptionList.OptionHighlighted, "#findings")
    def _finding_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list.has_focus and event.option.id:
            target = finding_target(event.option.id)
            if target and target != self.history.current:
                self.show_node(target)

    @on(OptionList.OptionSelected, "#findings")
    def _finding_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            target = finding_target(event.option.id)
            if target:
                self.show_node(target)

    @on(OptionList.OptionSelected, "#answers")
    def _answer_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.show_node(event.option.id)

    # Handler names instead of @on(Tree.…): textual's Tree is imported with the browse tree.
    def on_tree_node_selected(self, event: Tree.NodeSelected[str]) -> None:
        self._tree_node(event)

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[str]) -> None:
        # Only the user's moves: a rebuild (F2, a reload) moves the cursor too.
        if event.control.has_focus:
            self._tree_node(event)

    def _tree_node(self, event: Tree.NodeSelected[str] | Tree.NodeHighlighted[str]) -> None:
        data = event.node.data
        if event.control.id == "browse" and data and data != self.history.current:
            self.show_node(data)

    def action_browse(self) -> None:
        self.active_pane = "tab-browse"
        if not self.results_mounted:
            return
        tree = self.browse_tree
        tree.focus()
        if self.history.current:
            tree.select_id(self.history.current)

    def action_show_findings(self) -> None:
        if not self.results_mounted:
            self.active_pane = "tab-findings"
            return
        findings = self.finding_list
        if findings.option_count:
            findings.focus()
        elif self._focus_in_hidden_pane("tab-findings"):
            # Else hiding the focused list hands the focus to another list, whose
            # first option would replace the article.
            self.query_one(QueryBox).focus()
        self.active_pane = "tab-findings"

    def answer_commands(self) -> list[tuple[str, Any, str]]:
        """Command palette: "Answer: <question> → <choice>" for the questions shown."""
        engine = self.engine
        if engine is None:
            return []
        from jamfkb.tui.report import choice_label

        kb, lang = engine.kb, self.lang
        cmds: list[tuple[str, Any, str]] = []
        for question in self.query_one(QuestionPanel).questions:
            if question not in kb.nodes:
                continue
            title = kb.title(question, lang)
            for choice in kb.nodes[question].answers:
                label = choice_label(kb, question, choice, lang)
                cmds.append((t(lang, "cmd.answer", question=title, choice=label),
                             partial(self.answer, question, choice), question))
        return cmds

    def action_focus_query(self) -> None:
        if self._scanning is not None:
            name = self._scanning[1].name
            self.cancel_scan()
            self.app.notify(t(self.lang, "scan.cancelled", name=name), markup=False)
        self.active_pane = "tab-diagnose"
        self.query_one(QueryBox).focus()
        self.query_one("#diagnose").scroll_home(animate=False)  # symptoms in view again

    # ------------------------------------------------------------------ why

    def selected_cause(self) -> str | None:
        if not self.results_mounted:
            return None
        causes = self.query_one(CauseList)
        return causes.selected_cause or (causes.cause_ids[0] if causes.cause_ids else None)

    def action_why(self) -> None:
        from jamfkb.tui import report
        from jamfkb.tui.dialogs.why import WhyDialog

        engine, d = self.engine, self.diagnosis
        cause_id = self.selected_cause()
        if engine is None or d is None or cause_id is None:
            self.app.notify(t(self.lang, "why.none"), severity="warning")
            return
        cause = next(c for c in d.causes if c.id == cause_id)
        lang = self.lang
        self.app.push_screen(WhyDialog(
            t(lang, "why.title"),
            t(lang, "why.subtitle", title=engine.kb.title(cause.id, lang),
              certainty=f"{cause.certainty:.0%}"),
            report.cause_why_lines(engine.kb, d, cause, lang),
            t(lang, "dialog.close"),
            t(lang, "why.empty"),
        ))

    # ------------------------------------------------------------------ copy

    def code_blocks(self) -> list[Any]:
        from jamfkb.tui.article import code_blocks

        return code_blocks(self.article_source)

    def action_copy_code(self, number: int | None = None) -> None:
        blocks = self.code_blocks()
        if not blocks:
            self.app.notify(t(self.lang, "copy.no_code"), severity="warning")
            return
        if number is None:
            self._code_index = self._code_index % len(blocks) + 1
            number = self._code_index
        block = blocks[min(max(number, 1), len(blocks)) - 1]
        self.app.copy_text(block.code, t(self.lang, "copy.what_block", n=block.index,
                                         total=len(blocks)))

    def action_copy_article(self) -> None:
        if source := self.article_source:
            self.app.copy_text(source, t(self.lang, "copy.what_article"))

    # ------------------------------------------------------------------ log files

    def action_open_log(self) -> None:
        from jamfkb.tui.dialogs.path_dialog import OpenLogDialog

        lang = self.lang
        last = self._last_log or self.scan_path  # a cancelled scan's file too
        value = str(last) if last else ""
        self.app.push_screen(
            OpenLogDialog(
                t(lang, "open.title"), t(lang, "open.prompt"), value,
                {"ok": t(lang, "open.ok"), "cancel": t(lang, "dialog.cancel")},
                {k: t(lang, f"open.error.{k}") for k in
                 ("empty", "missing", "is_dir", "not_file", "unreadable", "too_big")},
            ),
            self._log_chosen,
        )

    def _log_chosen(self, path: Path | None) -> None:
        if path is not None:
            self._last_log = path
            self.scan_log(path)

    def scan_log(self, path: Path) -> None:
        engine = self.engine
        if engine is None:
            self.app.notify(t(self.lang, "status.loading"), severity="warning")
            return
        self.cancel_scan()  # one scan at a time: the newer one wins
        self.app.notify(t(self.lang, "scan.started", name=path.name), markup=False)
        progress = ScanProgress()
        worker = self.run_scan(engine, path, progress)
        self._scanning = (worker, path, progress)
        self._ui_caught_up()  # the key that started it needs nothing more
        if self._scan_timer is None:
            self._scan_timer = self.set_interval(SCAN_PROGRESS_SECONDS, self._scan_tick)
        self._scan_tick()

    @property
    def scanning(self) -> bool:
        """A log scan is running."""
        return self._scanning is not None

    def cancel_scan(self) -> bool:
        """Stop the running scan, if any (it stops at its next piece of the file)."""
        if self._scanning is None:
            return False
        worker, _, _ = self._scanning
        worker.cancel()
        self._scan_over()
        return True

    def _scan_over(self) -> None:
        self._scanning = None
        if self._scan_timer is not None:
            self._scan_timer.stop()
            self._scan_timer = None
        self.update_status()
        if self.results_mounted:
            self.render_findings()

    def _scan_tick(self) -> None:
        """The progress hint: status bar and findings pane."""
        self.update_status()
        if self.results_mounted and self._scanning is not None:
            self.query_one("#findings-summary", Static).update(Content(self._scan_text()))

    def _scan_text(self) -> str:
        assert self._scanning is not None
        _, path, progress = self._scanning
        return t(self.lang, "status.scanning", name=path.name, percent=progress.percent,
                 keys=self.app.key_display("focus-query", "escape"))

    class ScanEnded(Message):
        """Posted by the scan thread (``post_message`` never blocks, unlike
        ``call_from_thread``, which would wait forever for an app that is quitting)."""

        def __init__(self, worker: Worker[None], engine: Engine, path: Path,
                     result: ScanResult | None, error: str | None) -> None:
            super().__init__()
            self.worker = worker
            self.engine = engine
            self.path = path
            self.result = result
            self.error = error

    @work(thread=True, exclusive=True, group="scan")
    def run_scan(self, engine: Engine, path: Path, progress: ScanProgress) -> None:
        worker = get_current_worker()
        result: ScanResult | None = None
        error: str | None = None
        try:
            # No engine lock: see scan_log_file. The diagnosis of the findings takes it.
            result = scan_log_file(engine.consultation.matcher, path, worker, progress,
                                   self.scan_should_pause)
        except ScanCancelled:
            return
        except NotARegularFile:
            error = t(self.lang, "open.error.not_file", path=path)
        except OSError as exc:
            error = t(self.lang, "scan.failed", path=path, error=exc.strerror or str(exc))
        if not worker.is_cancelled:
            self.post_message(self.ScanEnded(worker, engine, path, result, error))

    @on(ScanEnded)
    def _scan_ended(self, event: ScanEnded) -> None:
        if self._scanning is None or event.worker is not self._scanning[0]:
            return  # cancelled, or superseded by a newer scan
        self._scan_over()
        if event.error is not None or event.result is None:
            self.app.notify(event.error or "", severity="error", markup=False)
            return
        self._scan_ready(event.engine, event.path, event.result)

    def _scan_ready(self, engine: Engine, path: Path, result: ScanResult) -> None:
        if engine is not self.engine or not self.results_mounted:
            return
        self.scan, self.scan_path, self.source = result, path, "log"
        self.render_findings()
        self.active_pane = "tab-findings"
        if result.findings:
            self.finding_list.focus()
        else:
            self.query_one(QueryBox).focus()  # not left on a list of the hidden tab
        self.app.notify(t(self.lang, "scan.done", found=len(result.findings),
                          lines=result.lines, name=path.name), markup=False)
        self.update_status()
        self.request_diagnosis()

    def render_findings(self) -> None:
        engine = self.engine
        summary = self.query_one("#findings-summary", Static)
        findings = self.finding_list
        if self._scanning is not None:
            summary.update(Content(self._scan_text()))
        if engine is None or self.scan is None:
            if self._scanning is None:
                key = self.app.key_display("open-log", "f4,ctrl+o")
                summary.update(Content(t(self.lang, "findings.empty", keys=key)))
            findings.clear_options()
            findings.display = False  # no empty box under the hint
            return
        scan = self.scan
        if self._scanning is None:
            text = t(self.lang, "report.scanned", files=scan.files, lines=scan.lines)
            if not scan.findings:
                text += "\n" + t(self.lang, "report.no_findings")
            summary.update(Content(text))
        findings.show(engine.kb, scan, self.lang)
        findings.display = bool(findings.option_count)

    # ------------------------------------------------------------------ export

    def action_export(self) -> None:
        from jamfkb.tui.dialogs.path_dialog import ExportDialog

        if self.engine is None or self.diagnosis is None:
            self.app.notify(t(self.lang, "export.nothing"), severity="warning")
            return
        lang = self.lang
        self.app.push_screen(
            ExportDialog(
                t(lang, "export.title"), t(lang, "export.prompt"),
                str(Path.cwd() / "jamfkb-report.md"),
                {"ok": t(lang, "export.ok"), "cancel": t(lang, "dialog.cancel"),
                 "overwrite": t(lang, "export.overwrite"), "rename": t(lang, "export.rename")},
                {k: t(lang, f"export.error.{k}") for k in
                 ("empty", "is_dir", "no_parent", "exists")},
            ),
            self._export_chosen,
        )

    def _export_chosen(self, path: Path | None) -> None:
        if path is None:
            return
        from jamfkb.kb.store import atomic_write
        from jamfkb.tui.report import diagnosis_markdown

        engine, d = self.engine, self.diagnosis
        if engine is None or d is None:
            return
        from_log = self.source == "log" and self.scan is not None
        report = diagnosis_markdown(
            engine.kb, d, self.lang, scan=self.scan if from_log else None,
            log_path=str(self.scan_path) if from_log and self.scan_path else None)
        try:
            atomic_write(path, report.encode("utf-8"), shared=True)
        except OSError as exc:
            self.app.notify(t(self.lang, "export.failed", path=path,
                              error=exc.strerror or str(exc)),
                            severity="error", markup=False)
            return
        self.app.notify(t(self.lang, "export.done", path=path), markup=False)
