"""``jamfkb show``: articles as wrapped terminal text, French typography, IDs looked up
case-insensitively, and unknown or ambiguous IDs."""

from __future__ import annotations

import re
from types import SimpleNamespace
from typing import Any

import pytest

from jamfkb.kb.model import KnowledgeBase
from jamfkb.tui import cli
from jamfkb.tui.article import article_meta
from tests import support
from tests.support import run

TINY = str(support.TINY)
FRENCH_PUNCT = ":;!?»"


def test_show_and_unknown_id(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "printer-broken", "--content", TINY, "--lang", "en")
    assert code == 0
    assert "The printer does not print" in out
    assert "toner-empty" in out and "The toner is empty" in out  # links listed by ID and title
    code, out, err = run(capsys, "show", "nope", "--content", TINY, "--lang", "en")
    assert code == 1
    assert "unknown ID 'nope'" in err


def test_show_footer_and_article_header_use_the_french_colon(
        capsys: pytest.CaptureFixture[str], bundled_kb: KnowledgeBase) -> None:
    code, out, _ = run(capsys, "show", "cause-6", "--lang", "fr")
    assert code == 0
    assert "S'applique à : " in out and "\nSource : " in out
    assert "S'applique à:" not in out and "Source:" not in out
    code, out, _ = run(capsys, "show", "cause-6", "--lang", "en")
    assert "Applies to: " in out and "\nSource: " in out
    meta = article_meta(bundled_kb, "cause-6", "fr")
    assert any(line.startswith("S'applique à : ") for line in meta)
    assert any(line.startswith("Source : ") for line in meta)


def _bundled_bodies(kb: KnowledgeBase) -> list[tuple[str, str, str]]:
    return [(node.id, lang, words.body) for node in kb.nodes.values()
            for lang, words in node.wording.items()]


def test_show_never_starts_a_line_with_french_punctuation_nor_cuts_at_hyphens(
        bundled_kb: KnowledgeBase) -> None:

    for node_id, lang, body in _bundled_bodies(bundled_kb):
        text = cli.render_article(body)
        for line in text.splitlines():
            assert not line.lstrip(" >").startswith(tuple(FRENCH_PUNCT)), (node_id, lang, line)
            if set(line.strip()) - {"-", "="}:  # not a heading underline or a rule
                assert not re.search(r"\w-$", line), (node_id, lang, line)
        assert "\u00a0" not in text  # plain spaces again


def test_wrapping_keeps_the_colon_and_ids_whole_and_code_untouched() -> None:

    body = (f"Supprimez {'mot ' * 16}en deux temps : supprimer puis réinscrire.\n\n"
            f"{'voir ' * 9}la question [appareils](kb:all-devices-affected).\n\n"
            "```\nsudo jamf policy -event x ; echo a : b\n```\n")
    lines = cli.render_article(body).splitlines()
    assert not any(line.startswith(":") for line in lines), lines
    assert any("temps :" in line for line in lines), lines
    assert any("all-devices-affected]" in line for line in lines), lines
    assert "    sudo jamf policy -event x ; echo a : b" in lines  # code is never glued


def test_show_is_case_insensitive_and_errors_share_the_prefix(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "TONER-Empty", "--content", str(TINY), "--lang", "en")
    assert code == 0
    assert "The toner is empty" in out
    code, _, err = run(capsys, "show", "nope", "--content", str(TINY), "--lang", "en")
    assert code == 1
    assert err.strip() == "jamfkb: error: unknown ID 'nope' (see: jamfkb list)"
    code, _, err = run(capsys, "show", "nope", "--content", str(TINY), "--lang", "fr")
    assert err.strip() == "jamfkb: error: ID inconnu « nope » (voir : jamfkb list)"


def test_a_case_insensitive_match_must_be_unambiguous() -> None:
    nodes = {"abc": SimpleNamespace(id="abc"), "abd": SimpleNamespace(id="abd")}
    aliases = {"ABC-alias": "abc", "Abc": "abd"}

    def resolve(name: str) -> Any:
        return nodes.get(name) or (nodes[aliases[name]] if name in aliases else None)

    kb = SimpleNamespace(nodes=nodes, aliases=aliases, resolve=resolve)
    assert cli.find_node(kb, "abc-ALIAS", "en").id == "abc"
    assert cli.find_node(kb, "Abc", "en").id == "abd"  # an exact match wins
    with pytest.raises(cli.CommandError, match=r"ambiguous ID 'ABC': it could be abc, abd"):
        cli.find_node(kb, "ABC", "en")
