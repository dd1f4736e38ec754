"""The matcher: phrasings in both languages, typos, error signatures inside logs, words
spread over a node's phrasings, exact error codes, and the phrase bonus."""

from __future__ import annotations

from pathlib import Path

import pytest

from jamfkb.engine.consultation import Consultation
from jamfkb.kb.compiler import compile_tree
from jamfkb.kb.model import KnowledgeBase


def paper_jam_phrased(tree: Path, *phrasings: str) -> KnowledgeBase:
    """The tiny knowledge base with these English phrasings for paper-jam."""
    quoted = ", ".join(f'"{p}"' for p in phrasings)
    (tree / "paper-jam.en.md").write_text(
        f'+++\ntitle = "Paper jams"\nphrasings = [{quoted}]\n+++\n# Paper jams\n')
    kb, diags = compile_tree(tree)
    assert kb is not None, diags
    return kb


def test_french_and_english_phrasings_both_match(consultation: Consultation) -> None:
    fr = consultation.diagnose("rien ne sort de l'imprimante")
    no_accents = consultation.diagnose("papier coince dans le bac")
    assert fr.problems[0].id == "printer-broken"
    assert no_accents.problems[0].id == "paper-jam"


def test_typo_still_matches(consultation: Consultation) -> None:
    assert consultation.diagnose("the printr does not print").problems[0].id == "printer-broken"


def test_signature_inside_a_log(consultation: Consultation) -> None:
    log = "10:01 boot ok\n10:02 [spooler] PRN-042 toner cartridge empty (tray 2)\n10:03 idle\n"
    d = consultation.diagnose(log)
    assert [h.signature for h in d.signatures] == ["printer-broken#signature[0]"]
    assert d.problems[0].id == "printer-broken"


def test_words_spread_over_a_nodes_phrasings_match_that_node(
        tiny_tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A text may say a symptom in words that no single phrasing holds, across both
    languages: the node's whole vocabulary then explains it, a little less strongly than
    one phrasing said word for word. Two shared words are not enough."""
    import jamfkb.engine.matcher as matcher_module
    from jamfkb.engine.matcher import MATCH_THRESHOLD, PROFILE_WEIGHT, Matcher

    (tiny_tree / "printer-broken.en.md").write_text(
        '+++\ntitle = "The printer does not print"\n'
        'phrasings = ["printer stays offline on the network", "queue holds every job",'
        ' "nothing prints at all"]\n'
        '+++\n# The printer does not print\n\nSee [toner](kb:toner-empty).\n')
    (tiny_tree / "printer-broken.fr.md").write_text(
        '+++\ntitle = "L\'imprimante n\'imprime pas"\n'
        'phrasings = ["le spouleur bloque depuis la migration", "rien ne sort du bac",'
        ' "impression impossible"]\n'
        '+++\n# L\'imprimante n\'imprime pas\n\nVoir [toner](kb:toner-empty).\n')
    kb, diags = compile_tree(tiny_tree)
    assert kb is not None, diags
    spread = "offline printer, spouleur bloque, queue holds jobs"

    def scores(text: str) -> dict[str, float]:
        return {m.node: m.score for m in Matcher(kb).match(text)[0]}

    with_profile = scores(spread)
    exact = scores("le spouleur bloque depuis la migration")
    assert scores("offline queue") == {}  # two words, in two phrasings
    monkeypatch.setattr(matcher_module, "PROFILE_WEIGHT", 0.0)
    one_phrasing_at_best = scores(spread)
    assert list(with_profile) == ["printer-broken"]
    assert one_phrasing_at_best["printer-broken"] < with_profile["printer-broken"]
    assert with_profile["printer-broken"] <= PROFILE_WEIGHT < exact["printer-broken"]
    assert MATCH_THRESHOLD < PROFILE_WEIGHT


def test_a_phrasing_said_outright_silences_spread_words(
        tiny_tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """When the text is one node's phrasing word for word, another node's vocabulary
    covering its words is noise."""
    import jamfkb.engine.matcher as matcher_module
    from jamfkb.engine.matcher import Matcher

    kb = paper_jam_phrased(
        tiny_tree, "paper jam", "nothing feeds", "it comes back crumpled", "printer jams")
    text = "nothing comes out of the printer"

    outright, _ = Matcher(kb).match(text)
    assert [(m.node, m.score >= 0.9) for m in outright] == [("printer-broken", True)]
    monkeypatch.setattr(matcher_module, "PROFILE_ONLY_BELOW", 2.0)  # never "outright"
    spread, _ = Matcher(kb).match(text)
    assert "paper-jam" in {m.node for m in spread}


def test_codes_match_exactly_or_not_at_all(tiny_tree: Path) -> None:
    """An error code is not a misspelt other code: AADSTS53003 shares its first six
    letters with AADSTS7000215, which made the two 'forms of one word'."""
    from jamfkb.engine.matcher import Matcher

    kb = paper_jam_phrased(tiny_tree, "paper jam", "PRN7000215", "sheets get stuck")
    matcher = Matcher(kb)
    assert [m.node for m in matcher.match("PRN7000215")[0]] == ["paper-jam"]
    for other_code in ("PRN7000299", "PRN700021", "PRN70002150"):
        assert matcher.match(other_code)[0] == [], other_code
    assert [m.node for m in matcher.match("sheets get stuck, paper jamm")[0]] == ["paper-jam"]


def test_a_short_text_is_not_a_long_phrasing_said_outright(tiny_tree: Path) -> None:
    """The phrase bonus is for a phrasing found inside the text. A one-word text found
    inside a long phrasing says little of it (partial_ratio aligns the shorter string)."""
    from jamfkb.engine.matcher import PHRASE_SCORE, Matcher

    kb = paper_jam_phrased(
        tiny_tree, "paper jam", "sheets crumple inside the duplex unit every morning",
        "sheets get stuck")
    matcher = Matcher(kb)
    short = {m.node: m.score for m in matcher.match("duplex unit")[0]}
    assert short.get("paper-jam", 0.0) < PHRASE_SCORE * 0.9
    said = {m.node: m.score for m in matcher.match(
        "since monday sheets crumple inside the duplex unit every morning")[0]}
    assert said["paper-jam"] >= PHRASE_SCORE * 0.9
