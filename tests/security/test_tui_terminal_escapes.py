"""Issue 16, item 2: no escape sequence from content, file names, keymap entries or content
errors reaches the terminal from the TUI or from an exported report.

The Pilot tests run the app on ``tests/fixtures/hostile`` with a driver that keeps the raw
bytes Textual writes (``tui_capture.py``) and look for OSC 0/2 (window title), OSC 52
(clipboard), ``ESC[2J``, raw bidi overrides, 8-bit CSI and OSC 8 links to content's URL.
Every untrusted text goes through ``jamfkb.tui.safe_text.safe`` (or ``safe_line`` /
``safe_markdown``, built on it); a static test keeps raw f-strings of data out of the
widgets and toasts.
"""

from __future__ import annotations

import ast
import asyncio
import shutil
from pathlib import Path

from jamfkb.engine.consultation import Consultation
from jamfkb.kb.compiler import compile_tree
from jamfkb.tui.article import article_markdown
from jamfkb.tui.report import diagnosis_markdown
from jamfkb.tui.safe_text import safe, safe_line, safe_markdown
from tests.flows.support import ready, settle, type_query, wait_for
from tests.security.support import HOSTILE, terminal_attacks, unsafe_chars
from tests.security.tui_capture import capturing_app
from tests.support import REPO

QUERY = "printer does not print toner paper jam"


def _hostile_kb():
    kb, diags = compile_tree(HOSTILE)
    assert kb is not None, [d.format() for d in diags]
    return kb


def test_safe_shows_escapes_and_bidi_as_text() -> None:
    raw = "a\x1b]0;t\x07 \x1b[2J \u202e \x9b b"
    assert unsafe_chars(safe(raw)) == [] and "\\u001b]0;t\\u0007" in safe(raw)
    assert "\n" not in safe_line("one\ntwo") and unsafe_chars(safe_line(raw)) == []


def test_markdown_character_references_cannot_make_bidi_or_escapes() -> None:
    text = safe_markdown("x &#x202e;evil &#8238; &#x1b;]0;t&#7; &amp; &eacute; &lrm;")
    assert "&#x202e;" not in text and "&#8238;" not in text and "&lrm;" not in text
    assert "&#x1b;" not in text and "&#7;" not in text
    assert "&amp;" in text and "&eacute;" in text  # harmless references stay


def test_article_pane_markdown_is_safe_even_once_entities_are_decoded() -> None:
    import html

    kb = _hostile_kb()
    for node in ("paper-jam", "toner-light", "replace-toner"):
        source = article_markdown(kb, node, "en")
        assert unsafe_chars(html.unescape(source)) == [], node


def test_exported_report_holds_no_escape_sequence() -> None:
    """A ``cat`` of the report must not act on the content's escape sequences."""
    import html

    kb = _hostile_kb()
    consultation = Consultation.for_kb(kb)
    diagnosis = consultation.diagnose(QUERY + " PRN-042 toner cartridge empty",
                                      answers={"toner-light": "yes"})
    assert diagnosis.causes, "the hostile tree must rank a cause with a resolution"
    report = diagnosis_markdown(kb, diagnosis, "en")
    assert "Step:" in report, "the resolution body (with the payload) must be in the report"
    assert unsafe_chars(report) == []
    assert unsafe_chars(html.unescape(report)) == []  # a Markdown viewer decodes &#x202e;


async def _run_hostile_session(tmp_path: Path) -> tuple[bytes, list[str]]:
    content = tmp_path / "hostile"
    shutil.copytree(HOSTILE, content)
    log = tmp_path / "log-\x1b]0;pwned-file\x07.log"
    log.write_text("PRN-042 toner cartridge empty \x1b]0;pwned-log\x07\n", encoding="utf-8")
    keymap = tmp_path / "keymap.toml"
    keymap.write_text('"\\u001b]2;pwned-keymap\\u0007" = "f10"\n', encoding="utf-8")
    app = capturing_app(content, tmp_path, poll_seconds=0.1)
    async with app.run_test(headless=False, size=(160, 60)) as pilot:
        screen = await ready(pilot)
        await type_query(pilot, QUERY)
        await settle(pilot)
        screen.answer("toner-light", "yes")  # the answers list shows its choice label
        await settle(pilot)
        for node in ("paper-jam", "toner-light", "replace-toner"):
            screen.show_node(node)
            await settle(pilot)
        screen.scan_log(log)  # toasts, status line and findings pane name the file
        await settle(pilot)
        app.load_user_keymap(keymap)  # the keymap toast names the entry
        # live reload: an error whose file name holds an escape sequence
        (content / "bad\x1b]0;pwned-reload\x07.toml").write_text("kind =\n", encoding="utf-8")
        await wait_for(pilot, lambda: bool(app.content_errors))
        await settle(pilot)
        await pilot.pause(0.2)
        assert app.is_running and app.return_code is None
        return app.terminal_bytes(), app.content_errors


def test_hostile_session_sends_no_escape_sequence_to_the_terminal(tmp_path: Path) -> None:
    data, errors = asyncio.run(_run_hostile_session(tmp_path))
    assert errors, "the live reload must have reported the broken file"
    assert b"pwned" in data or b"Paper jams" in data, "nothing was rendered"
    assert terminal_attacks(data) == []


# ------------------------------------------------------------------ static check

SINKS = {"notify", "Static", "Label", "Hit", "DiscoveryHit", "Option", "Content", "update"}


def _name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _formats_data(node: ast.expr) -> bool:
    """An f-string with a value in it, or ``t(…, key=value)``: text built from data."""
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(v, ast.FormattedValue) for v in node.values)
    return (isinstance(node, ast.Call) and _name(node) == "t"
            and any(not isinstance(k.value, ast.Constant) for k in node.keywords))


def test_no_widget_or_toast_takes_text_built_from_data_raw() -> None:
    """Widgets and toasts get untrusted text through safe()/plain() (or, for toasts, at
    least ``markup=False``: the app's notify makes every toast terminal-safe)."""
    bad: list[str] = []
    for path in sorted((REPO / "tui").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
            name = _name(call)
            if name not in SINKS or not call.args:
                continue
            where = f"{path.relative_to(REPO)}:{call.lineno}"
            first = call.args[0]
            if name == "notify":
                markup_off = any(k.arg == "markup" and isinstance(k.value, ast.Constant)
                                 and k.value.value is False for k in call.keywords)
                if _formats_data(first) and not markup_off:
                    bad.append(f"{where}: notify() of formatted data without markup=False")
            elif isinstance(first, ast.JoinedStr) and _formats_data(first) and name != "Content":
                bad.append(f"{where}: {name}() of a raw f-string")
    assert bad == [], "\n".join(bad)


def test_answers_list_shows_an_escape_in_a_choice_label_as_text(monkeypatch) -> None:
    """`check` now refuses control characters in choice labels, but a label that gets
    there anyway (an older cache, a choice value) is still shown as text."""
    from jamfkb.tui import report
    from jamfkb.tui.widgets.answers import AnswerList

    kb = _hostile_kb()
    monkeypatch.setattr(report, "choice_label", lambda *a: "Yes \x1b]52;c;cHduZWQ=\x07")

    async def scenario() -> str:
        from textual.app import App

        class Host(App[None]):
            def compose(self):
                yield AnswerList()

        async with Host().run_test() as pilot:
            answers = pilot.app.query_one(AnswerList)
            answers.show(kb, {"toner-light": "yes"}, "en")
            return str(answers.get_option_at_index(0).prompt)

    shown = asyncio.run(scenario())
    assert "\\u001b]52;" in shown and unsafe_chars(shown) == []
