"""The main screen: query box, the Diagnose / Browse / Log findings panes, and the article.

It keeps the layout and routes messages. The state of the consultation is the app's
:class:`~jamfkb.tui.session.Session`; the panes are widgets (data in, messages out); the
log scan has its controller (``log_scan.py``) and the one-at-a-time jobs theirs
(``jobs.py``). Diagnoses run in a thread worker, debounced, so typing never waits; the
worker reports back by a message.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Button, ContentSwitcher, Input, OptionList

from jamfkb.tui.bindings import bindings_for
from jamfkb.tui.i18n import t
from jamfkb.tui.screens.articles import ArticleController
from jamfkb.tui.screens.consult import ConsultationController, DiagnosisReady
from jamfkb.tui.screens.consultations import ConsultationsController
from jamfkb.tui.screens.export import ExportController
from jamfkb.tui.screens.jobs import SerialJobs
from jamfkb.tui.screens.log_files import LogFilesController
from jamfkb.tui.screens.log_scan import LogScanController, ScanEnded
from jamfkb.tui.session import Session
from jamfkb.tui.widgets.diagnose_pane import DiagnosePane
from jamfkb.tui.widgets.footer_slot import FooterSlot
from jamfkb.tui.widgets.query_box import QueryBox
from jamfkb.tui.widgets.status_line import StatusLine
from jamfkb.tui.widgets.tab_bar import TabBar

if TYPE_CHECKING:
    from textual.widgets import Tree

    from jamfkb.engine.consultation import Diagnosis
    from jamfkb.engine.scan import ScanResult
    from jamfkb.tui.app import JamfkbApp
    from jamfkb.tui.article import CodeBlock
    from jamfkb.tui.history import History
    from jamfkb.tui.session import Engine, Source
    from jamfkb.tui.widgets.answers import AnswerList
    from jamfkb.tui.widgets.article import ArticleView
    from jamfkb.tui.widgets.browse import BrowseTree
    from jamfkb.tui.widgets.causes import CauseList
    from jamfkb.tui.widgets.findings import FindingList
    from jamfkb.tui.widgets.findings_pane import FindingsPane
    from jamfkb.tui.widgets.questions import QuestionPanel

DEBOUNCE_SECONDS = 0.15
UI_FIRST_SECONDS = 1.0  # a running scan pauses at most this long for a diagnosis and render
PANES = {"tab-diagnose": "tab.diagnose", "tab-browse": "tab.browse",
         "tab-findings": "tab.findings"}  # pane ID → label key, in tab order
ARTICLE_LISTS = ("causes", "symptoms", "findings", "topics")  # focused: article on the right


def finding_target(option_id: str) -> str | None:
    """The node a log finding's option points to (see FindingList)."""
    from jamfkb.tui.widgets.findings import FindingList

    return FindingList.target_of(option_id)


class MainScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = bindings_for("MainScreen")  # see tui/bindings.py

    app: JamfkbApp

    def __init__(self, cursor_blink: bool = True) -> None:
        super().__init__()
        self.cursor_blink = cursor_blink
        self._debounce: Timer | None = None
        self._results_started = False
        self._results_mounted = asyncio.Event()  # see mount_results
        self._ui_first_until = 0.0  # time.monotonic(): see scan_should_pause
        self.articles = ArticleController(self)
        self.consult = ConsultationController(self)
        self.consultations = ConsultationsController(self)
        self.exports = ExportController(self)
        self.log_files = LogFilesController(self)
        self.jobs = SerialJobs(self, lambda: self.give_ui_priority(), self.ui_caught_up)
        self.log_scan = LogScanController(self, lambda: self.lang, self.log_files.tick,
                                          self.scan_should_pause)

    # ------------------------------------------------------------------ the session

    @property
    def session(self) -> Session:
        return self.app.session

    @property
    def answers(self) -> dict[str, str]:
        return self.session.answers

    @property
    def diagnosis(self) -> Diagnosis | None:
        return self.session.diagnosis

    @property
    def history(self) -> History:
        return self.session.history

    @property
    def source(self) -> Source:
        return self.session.source

    @property
    def scan(self) -> ScanResult | None:
        return self.session.scan

    @property
    def scan_path(self) -> Path | None:
        return self.session.scan_path

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        # The first frame holds only what can be used before the knowledge base is loaded:
        # the status line (its loading hint) and the query box; the body follows in the
        # second frame, and mount_results adds the result lists once the base is loaded.
        yield StatusLine(id="status")
        yield QueryBox(id="query", cursor_blink=self.cursor_blink)
        # Shown from the second frame on (show_body): its layout and paint took 15 ms of
        # the first (the status line and the query box alone: 33 ms; all: 48 ms).
        body = Horizontal(id="body")
        body.display = False
        with body:
            with Vertical(id="left"):
                # The tab row never takes the focus: Tab goes from the query straight to
                # the results (F3 browse, F9 log findings, Esc back to the query).
                yield TabBar({pane: t(self.lang, key) for pane, key in PANES.items()},
                             "tab-diagnose", id="tabs")
                with ContentSwitcher(id="panes", initial="tab-diagnose"):
                    with Vertical(id="tab-diagnose"):
                        yield DiagnosePane(id="diagnose")
                    yield Vertical(id="tab-browse")
                    yield Vertical(id="tab-findings")
            # The article view (Markdown) is mounted with the first article.
            yield Vertical(id="article")
        yield FooterSlot()

    async def mount_results(self) -> None:
        """Mount the widgets that only have something to show once the knowledge base is
        loaded. The app awaits this before it sets the engine, so every method that runs
        with an engine can rely on them."""
        if self._results_started:
            await self._results_mounted.wait()
            return
        self._results_started = True
        from jamfkb.tui.widgets.browse import BrowsePane
        from jamfkb.tui.widgets.content_errors import ContentErrors
        from jamfkb.tui.widgets.findings_pane import FindingsPane

        await self.diagnose_pane.mount_sections()
        await self.query_one("#tab-browse").mount(BrowsePane(id="browse-pane"))
        await self.query_one("#tab-findings").mount(FindingsPane())
        await self.mount(ContentErrors(id="content-errors"), after="#body")
        self._results_mounted.set()
        self.app.localize_bindings()  # the new widgets' bindings
        self.apply_language()

    @property
    def results_mounted(self) -> bool:
        return self._results_mounted.is_set()

    def on_mount(self) -> None:
        box = self.query_one(QueryBox)
        self.diagnose_pane.focus_fallback = box
        box.focus()
        self.apply_language()
        self.call_after_refresh(self.show_body)

    def show_body(self) -> None:
        self.query_one("#body").display = True

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
    def diagnose_pane(self) -> DiagnosePane:
        return self.query_one(DiagnosePane)

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

    def focus_in_hidden_pane(self, shown: str) -> bool:
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
    def findings_pane(self) -> FindingsPane:
        from jamfkb.tui.widgets.findings_pane import FindingsPane

        return self.query_one(FindingsPane)

    @property
    def finding_list(self) -> FindingList:
        return self.findings_pane.finding_list

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
            if self.log_scan.running:
                news = self.log_files.progress_text()
            elif self.source == "log" and self.scan_path is not None:
                news = t(lang, "status.source_log", name=self.scan_path.name)
            else:
                news = ""
        self.query_one(StatusLine).show(t(lang, "app.title"), lang.upper(), counts, news)

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
            self.show_hint()
            return
        engine = self.engine
        self.query_one("#browse-filter", Input).placeholder = t(lang, "browse.filter_placeholder")
        self.diagnose_pane.relabel(engine.kb if engine else None, lang)
        if engine is not None:
            # The tree's cursor goes to the article shown, not wherever it was: moving it
            # posts NodeHighlighted, which must not replace the article (nor add history).
            self.browse_tree.build(engine.kb, lang, cursor=self.history.current)
            self.render_diagnosis(force_questions=True)
            self.log_files.show_findings()
            self.refresh_article()
        else:
            self.show_hint()
            self.diagnose_pane.sync_sections((), bool(self.answers))

    # ------------------------------------------------------------------ engine events

    def engine_changed(self, first: bool) -> None:
        """The knowledge base was loaded or reloaded (the session installed it)."""
        engine = self.engine
        assert engine is not None
        self.browse_tree.build(engine.kb, self.lang, cursor=self.history.current)
        self.update_status()
        self.log_files.show_findings()  # the "no log scanned yet" hint
        self.refresh_article()
        self.request_diagnosis()

    # ------------------------------------------------------------------ diagnosis

    @on(QueryBox.Changed, "#query")
    def _query_changed(self, event: QueryBox.Changed) -> None:
        self.give_ui_priority()
        if self.session.set_query(self.query_text):
            self.update_status()  # no longer "causes from log file …"
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce = self.set_timer(DEBOUNCE_SECONDS, self._debounced)

    def _debounced(self) -> None:
        self._debounce = None
        self.request_diagnosis()

    @property
    def diagnosis_pending(self) -> bool:
        """Typing has stopped for less than the debounce delay, or the diagnosis asked for
        has not arrived yet (tests wait on this)."""
        return self._debounce is not None or self.session.waiting

    def give_ui_priority(self, seconds: float = UI_FIRST_SECONDS) -> None:
        """Input, a diagnosis or a render is coming: a running scan waits for it (until the
        screen has caught up, at most ``seconds``)."""
        self._ui_first_until = max(self._ui_first_until, time.monotonic() + seconds)

    def ui_caught_up(self) -> None:
        """Nothing left to diagnose or show: a paused scan may go on."""
        if not self.jobs.busy and self._debounce is None and not self.session.waiting:
            self._ui_first_until = 0.0

    def scan_should_pause(self) -> bool:
        """Called by the scan thread (a float read: no lock needed). Ends by itself, so a
        render that never comes cannot stall the scan."""
        return time.monotonic() < self._ui_first_until

    def request_diagnosis(self) -> None:
        self.consult.request()

    @on(DiagnosisReady)
    def _diagnosis_ready(self, event: DiagnosisReady) -> None:
        self.consult.ready(event)

    def render_diagnosis(self, force_questions: bool = False) -> None:
        self.consult.render(force_questions)

    async def render_diagnosis_async(self, force_questions: bool = False) -> None:
        await self.consult.render_now(force_questions)

    def show_hint(self) -> None:
        self.consult.show_hint()

    @property
    def busy(self) -> bool:
        """A render or an article refresh is running."""
        return self.jobs.busy

    def _show_keys(self) -> None:
        self.diagnose_pane.show_keys(self.app.key_display("why"), self.lang)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        widget = event.widget
        for title in self.query(".section"):
            title.set_class(title.id == f"{widget.id}-title", "-focused")
        if (isinstance(widget, OptionList) and widget.id == "causes"
                and widget.highlighted in (None, 0)):
            # show the section title and its key hints along with the first cause
            title = self.query_one("#causes-title")
            self.call_after_refresh(self.diagnose_pane.scroll_to_widget, title,
                                    animate=False, top=True)
        if isinstance(widget, OptionList) and widget.id in ARTICLE_LISTS:
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

    # The result lists' messages by handler name: their classes are imported with the
    # knowledge base, after the first frame (see DiagnosePane).
    def on_cause_list_leave_up(self, event: CauseList.LeaveUp) -> None:
        self.action_focus_query()

    @on(QueryBox.Leave)
    def _leave_query(self, event: QueryBox.Leave) -> None:
        """Tab / Down from the query box: to the causes, else the symptoms, else onwards."""
        if not self.results_mounted:
            return  # nothing to go to yet: the widgets after the box are being mounted
        for lst in (self.query_one("#causes", OptionList),
                    self.query_one("#symptoms", OptionList),
                    self.query_one("#topics", OptionList)):
            if lst.display and lst.option_count:
                lst.focus()
                return
        self.focus_next()

    # ------------------------------------------------------------------ answers

    def answer(self, question: str, choice: str) -> None:
        self.consult.answer(question, choice)

    def on_question_panel_answered(self, event: QuestionPanel.Answered) -> None:
        self.answer(event.question, event.choice)

    def on_answer_list_changed(self, event: AnswerList.Changed) -> None:
        self.answer(event.question, event.choice)

    def on_answer_list_removed(self, event: AnswerList.Removed) -> None:
        self.session.remove_answer(event.question)
        self.request_diagnosis()

    @on(Button.Pressed, "#clear-answers")
    def _clear_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_clear_answers()

    def action_clear_answers(self) -> None:
        self.consult.clear_answers()

    def action_answer_first(self, choice: str) -> None:
        self.consult.answer_first(choice)

    def action_answer_number(self, number: int) -> None:
        self.consult.answer_number(number)

    # ------------------------------------------------------------------ article

    def show_node(self, node_id: str, record: bool = True) -> None:
        self.articles.show(node_id, record)

    def refresh_article(self) -> None:
        self.articles.refresh()

    async def article_view(self) -> ArticleView:
        return await self.articles.view()

    @property
    def article_source(self) -> str:
        return self.articles.source

    def on_article_view_navigate(self, event: ArticleView.Navigate) -> None:
        self.show_node(event.node_id)

    def on_article_view_external_link(self, event: ArticleView.ExternalLink) -> None:
        self.app.notify(t(self.lang, "link.external", url=event.href),
                        title=t(self.lang, "link.external_title"), markup=False, timeout=10)

    def action_back(self) -> None:
        self.articles.back()

    def action_forward(self) -> None:
        self.articles.forward()

    def action_toggle_toc(self) -> None:
        self.articles.toggle_toc()

    def _show_option(self, option_list: OptionList, option_id: str | None,
                     only_if_focused: bool) -> None:
        """A list's option was highlighted or chosen: show its node (a finding's cause)."""
        if not option_id or (only_if_focused and not option_list.has_focus):
            return
        target = finding_target(option_id) if option_list.id == "findings" else option_id
        if target and (not only_if_focused or option_list.id != "findings"
                       or target != self.history.current):
            self.show_node(target)

    @on(OptionList.OptionSelected, "#causes, #symptoms, #findings, #answers, #topics")
    def _option_selected(self, event: OptionList.OptionSelected) -> None:
        self._show_option(event.option_list, event.option.id, only_if_focused=False)

    @on(OptionList.OptionHighlighted, "#causes, #symptoms, #findings, #topics")
    def _option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_option(event.option_list, event.option.id, only_if_focused=True)

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

    @on(Input.Changed, "#browse-filter")
    def _browse_filter(self, event: Input.Changed) -> None:
        from jamfkb.tui.topics import filter_ids

        if (engine := self.engine) is not None:
            self.browse_tree.filter(engine.kb, self.lang,
                                    filter_ids(engine.kb, engine.search, event.value), event.value)

    def action_browse(self) -> None:
        self.active_pane = "tab-browse"
        if not self.results_mounted:
            return
        tree = self.browse_tree
        tree.focus()
        if self.history.current:
            tree.select_id(self.history.current)

    def action_show_findings(self) -> None:
        self.log_files.show_pane()

    def action_focus_query(self) -> None:
        path = self.log_scan.path
        if path is not None:
            self.cancel_scan()
            self.app.notify(t(self.lang, "scan.cancelled", name=path.name), markup=False)
        self.active_pane = "tab-diagnose"
        self.query_one(QueryBox).focus()
        self.diagnose_pane.scroll_home(animate=False)  # symptoms in view again

    # ------------------------------------------------------------------ why, copy

    def selected_cause(self) -> str | None:
        return self.diagnose_pane.selected_cause() if self.results_mounted else None

    def action_why(self) -> None:
        from jamfkb.tui.dialogs.why import why_dialog

        engine, d = self.engine, self.diagnosis
        cause_id = self.selected_cause()
        if engine is None or d is None or cause_id is None:
            self.app.notify(t(self.lang, "why.none"), severity="warning")
            return
        cause = next(c for c in d.causes if c.id == cause_id)
        self.app.push_screen(why_dialog(engine.kb, d, cause, self.lang))

    def code_blocks(self) -> list[CodeBlock]:
        return self.articles.code_blocks()

    def action_copy_code(self, number: int | None = None) -> None:
        self.articles.copy_code(number)

    def action_copy_article(self) -> None:
        self.articles.copy_article()

    # ------------------------------------------------------------------ log files

    def action_open_log(self) -> None:
        self.log_files.open()

    def scan_log(self, path: Path) -> None:
        self.log_files.scan(path)

    @property
    def scanning(self) -> bool:
        """A log scan is running."""
        return self.log_scan.running

    def cancel_scan(self) -> bool:
        """Stop the running scan, if any (it stops at its next piece of the file)."""
        return self.log_scan.cancel()

    @on(ScanEnded)
    def _scan_ended(self, event: ScanEnded) -> None:
        self.log_files.ended(event)

    # ------------------------------------------------------------------ export

    def action_export(self) -> None:
        self.exports.open()

    # ------------------------------------------------------------------ consultations

    def on_key(self, event: events.Key) -> None:
        # A letter typed where no widget uses it goes on the query (never an answer).
        self.consultations.type_stray(event)

    def action_new_consultation(self) -> None:
        self.consultations.new()

    def action_undo_answer(self) -> None:
        self.consultations.undo_answer()

    def restore_focus(self, widget: Widget | None) -> None:
        """After a dialog: back to the widget that had the focus, if it still can take
        it, else the query box (never the causes by default)."""
        if widget is not None and widget.is_attached and widget.focusable:
            widget.focus()
        else:
            self.query_one(QueryBox).focus()
