"""UI strings: both languages have the same keys, and every key the code uses exists."""

from __future__ import annotations

import json
import os
import re
import string
import tomllib
from pathlib import Path

import pytest

from jamfkb.tui import i18n
from tests.support import REPO

TUI = REPO / "tui"
# t(lang, "key") / t(self.lang, 'key') / i18n.t(lang, "key"), with a literal key
LITERAL = re.compile(r"\bt\(\s*[\w.]+\s*,\s*(['\"])([\w.\-]+)\1")


def test_same_keys_in_both_languages() -> None:
    table = i18n.strings()
    assert set(table["en"]) == set(table["fr"])


def test_same_placeholders_in_both_languages() -> None:
    table = i18n.strings()
    fields = string.Formatter()
    for key, text in table["en"].items():
        en = {f for _, f, _, _ in fields.parse(text) if f}
        fr = {f for _, f, _, _ in fields.parse(table["fr"][key]) if f}
        assert en == fr, key


def test_strings_file_parses() -> None:
    data = tomllib.loads((TUI / "data" / "strings.toml").read_text(encoding="utf-8"))
    assert set(data) == {"en", "fr"}


def test_every_literal_key_used_in_tui_exists() -> None:
    table = i18n.strings()
    used: set[str] = set()
    for path in TUI.rglob("*.py"):
        for match in LITERAL.finditer(path.read_text(encoding="utf-8")):
            used.add(match.group(2))
    assert used, "the pattern found no call at all"
    missing = sorted(k for k in used if k not in table["en"])
    assert not missing, missing


def test_every_binding_has_a_description() -> None:
    from jamfkb.tui.screens.help import bindings_in_help

    table = i18n.strings()
    for binding in bindings_in_help():
        assert f"binding.{binding.id}" in table["en"], binding.id


def test_dynamic_keys_exist() -> None:
    table = i18n.strings()["en"]
    from jamfkb.kb.model import GENERATIONS, KINDS

    for kind in KINDS:
        assert f"kind.{kind}" in table
    for generation in GENERATIONS:
        assert f"generation.{generation}" in table
    for key in ("empty", "missing", "is_dir", "unreadable", "too_big"):
        assert f"open.error.{key}" in table
    for key in ("empty", "is_dir", "no_parent", "exists"):
        assert f"export.error.{key}" in table
    for key in ("diagnose", "browse", "findings"):
        assert f"tab.{key}" in table
    for key in ("symptoms", "causes", "questions", "answers"):
        assert f"section.{key}" in table
    for kind in ("question", "article"):
        assert f"browse.group.{kind}" in table
    for n in range(1, 10):
        assert f"binding.answer-{n}" in table


SOURCE = TUI / "data" / "strings.toml"


def _parsed() -> dict[str, dict[str, str]]:
    data = tomllib.loads((TUI / "data" / "strings.toml").read_text(encoding="utf-8"))
    return {lang: i18n._flatten(data[lang]) for lang in i18n.LANGS}


def test_strings_come_from_the_cache_once_it_is_written(monkeypatch: pytest.MonkeyPatch,
                                                        tmp_path: Path) -> None:
    monkeypatch.setenv("JAMFKB_CACHE_DIR", str(tmp_path))
    i18n.strings.cache_clear()
    try:
        assert i18n.strings() == _parsed()
        assert i18n.cache_path(SOURCE).is_file()
        assert i18n.cache_path(SOURCE).parent == tmp_path
        i18n.strings.cache_clear()

        def no_parse(text: str) -> dict[str, dict[str, str]]:
            raise AssertionError("parsed the TOML although the cache is good")

        monkeypatch.setattr(i18n, "_parse", no_parse)
        assert i18n.strings() == _parsed()
    finally:
        i18n.strings.cache_clear()


@pytest.mark.parametrize("cached", [
    b"not json",
    b"[]",
    b'{"stamp": [1, "elsewhere", 1, 1], "strings": {"en": {}, "fr": {}}}',
    "stamp",  # the right stamp, a wrong table: replaced below
    # the right stamp and keys, one string forged: an escape sequence, markup (tab labels
    # are parsed as markup), format fields that crash, allocate or walk attributes
    "forged:\x1b]52;c;aGk=\x07 ok",
    "forged:[@click=app.quit]Diagnose[/]",
    "forged:[/]",
    "forged:{nope.__class__.__mro__}",
    "forged:{problems:>2000000000}",
    "forged:{0}",
    "forged:{problems!r}",
    "forged:unmatched {",
])
def test_a_stale_or_broken_cache_is_parsed_again(cached: bytes | str,
                                                 monkeypatch: pytest.MonkeyPatch,
                                                 tmp_path: Path) -> None:
    monkeypatch.setenv("JAMFKB_CACHE_DIR", str(tmp_path))
    i18n.strings.cache_clear()
    try:
        i18n.strings()  # writes a good cache: its stamp is the current one
        path = i18n.cache_path(SOURCE)
        if cached == "stamp":
            stamp = json.loads(path.read_bytes())["stamp"]
            cached = json.dumps({"stamp": stamp, "strings": {"en": {"x": 1}, "fr": {}}}).encode()
        elif isinstance(cached, str) and cached.startswith("forged:"):
            forged = json.loads(path.read_bytes())
            key = next(iter(forged["strings"]["en"]))
            forged["strings"]["en"][key] = cached.removeprefix("forged:")
            cached = json.dumps(forged).encode()
        assert isinstance(cached, bytes)
        path.write_bytes(cached)
        i18n.strings.cache_clear()
        assert i18n.strings() == _parsed()
        assert json.loads(path.read_bytes())["strings"] == _parsed()  # written again
    finally:
        i18n.strings.cache_clear()


def test_the_cache_follows_an_edit_of_the_strings_file(monkeypatch: pytest.MonkeyPatch,
                                                       tmp_path: Path) -> None:
    source = tmp_path / "tui" / "data" / "strings.toml"
    source.parent.mkdir(parents=True)
    source.write_text('[en]\na.b = "one"\n[fr]\na.b = "un"\n', encoding="utf-8")
    monkeypatch.setattr(i18n, "__file__", str(tmp_path / "tui" / "i18n.py"))
    monkeypatch.setenv("JAMFKB_CACHE_DIR", str(tmp_path / "cache"))
    i18n.strings.cache_clear()
    try:
        assert i18n.strings()["en"] == {"a.b": "one"}
        # another install's strings file has a cache file of its own
        assert i18n.cache_path(source).is_file() and not i18n.cache_path(SOURCE).exists()
        source.write_text('[en]\na.b = "two"\n[fr]\na.b = "deux"\n', encoding="utf-8")
        i18n.strings.cache_clear()
        assert i18n.strings()["fr"] == {"a.b": "deux"}
    finally:
        i18n.strings.cache_clear()


def test_every_string_of_strings_toml_passes_the_cache_check() -> None:
    """The check that refuses forged cached strings accepts every real one (else the
    cache would be refused, and the TOML parsed, at every start)."""
    for lang, texts in _parsed().items():
        bad = [key for key, text in texts.items() if not i18n.plausible_strings([text])]
        assert not bad, (lang, bad)


def test_a_cache_that_is_a_fifo_is_not_waited_for(monkeypatch: pytest.MonkeyPatch,
                                                  tmp_path: Path) -> None:
    """A FIFO in place of the cache file would block the start until a writer came."""
    monkeypatch.setenv("JAMFKB_CACHE_DIR", str(tmp_path))
    i18n.strings.cache_clear()
    try:
        os.mkfifo(i18n.cache_path(SOURCE))
        assert i18n.strings() == _parsed()
    finally:
        i18n.strings.cache_clear()
