"""tui/bindings.py: one table, from which every place that knows a binding is built."""

from __future__ import annotations

from textual.binding import Binding

from jamfkb.tui import bindings
from jamfkb.tui.bindings import APP, TABLE, by_id, default_keys, help_records
from jamfkb.tui.i18n import strings


def test_every_binding_has_an_owner_keys_and_descriptions() -> None:
    table = strings()
    for record in TABLE:
        assert record.keys and all(record.keys)
        assert record.description_key in table["en"], record.id
        assert record.description_key in table["fr"], record.id


def test_an_id_bound_twice_has_the_same_keys_everywhere() -> None:
    keys: dict[str, tuple[str, ...]] = {}
    for record in TABLE:
        assert keys.setdefault(record.id, record.keys) == record.keys, record.id


def test_classes_take_their_bindings_from_the_table() -> None:
    from jamfkb.tui.app import JamfkbApp
    from jamfkb.tui.dialogs.path_dialog import PathDialog
    from jamfkb.tui.dialogs.why import WhyDialog
    from jamfkb.tui.screens.help import HelpScreen
    from jamfkb.tui.screens.main import MainScreen
    from jamfkb.tui.widgets.answers import AnswerList
    from jamfkb.tui.widgets.article import ArticleView
    from jamfkb.tui.widgets.query_box import QueryBox
    from jamfkb.tui.widgets.questions import QuestionPanel

    owners = {APP: JamfkbApp, "MainScreen": MainScreen, "AnswerList": AnswerList,
              "QueryBox": QueryBox, "PathDialog": PathDialog, "WhyDialog": WhyDialog,
              "HelpScreen": HelpScreen, "QuestionPanel": QuestionPanel,
              "ArticleView": ArticleView}
    assert {record.owner for record in TABLE} == set(owners)
    for owner, cls in owners.items():
        bound = [(b.id, b.key, b.action, b.show, b.priority) for b in cls.BINDINGS
                 if isinstance(b, Binding)]
        assert bound == [(r.id, ",".join(r.keys), r.action, r.show, r.priority)
                         for r in bindings.records_of(owner)], owner


def test_hints_show_the_main_key_of_a_binding() -> None:
    assert default_keys("open-log") == ("f4", "ctrl+o")
    assert default_keys("back") == ("alt+left",)  # "[" too, but not worth a hint
    assert by_id()["help"].owner == "MainScreen"  # shown in its footer


def test_help_lists_each_id_once_without_the_answer_keys() -> None:
    ids = [record.id for record in help_records()]
    assert len(ids) == len(set(ids))
    assert ids[:4] == ["help", "language", "theme", "quit"]
    assert not any(i.startswith("answer-") for i in ids)
