"""The engine on the tiny hand-built knowledge base: firing, MYCIN, negative evidence,
question choice, explanations."""

from __future__ import annotations

from pathlib import Path

import pytest

from jamfkb.engine.cf import combine, combine_all
from jamfkb.engine.consultation import Consultation
from jamfkb.engine.inference import partition
from jamfkb.kb.compiler import compile_tree
from jamfkb.kb.model import KnowledgeBase


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    kb, diags = compile_tree(Path(__file__).parent / "fixtures" / "tiny")
    assert kb is not None, diags
    return kb


@pytest.fixture(scope="module")
def consultation(kb: KnowledgeBase) -> Consultation:
    return Consultation.for_kb(kb)


def test_mycin_combination() -> None:
    assert combine(0.6, 0.5) == pytest.approx(0.8)
    assert combine(-0.6, -0.5) == pytest.approx(-0.8)
    assert combine(0.6, -0.4) == pytest.approx(0.2 / 0.6)
    assert combine(1.0, -1.0) == 0.0
    assert combine_all([]) == 0.0
    assert combine_all([0.3, 0.3, 0.3]) == pytest.approx(1 - 0.7**3)


def test_shards_follow_connected_components(kb: KnowledgeBase) -> None:
    shards = partition(kb)
    groups = sorted(sorted(s.nodes & set(kb.nodes)) for s in shards)
    assert ["paper-jam", "worn-roller"] in groups
    assert any({"printer-broken", "toner-empty", "driver-missing"} <= set(g) for g in groups)


def test_symptom_leads_to_causes_by_prior(consultation: Consultation) -> None:
    d = consultation.diagnose("the printer does not print")
    assert [p.id for p in d.problems] == ["printer-broken"]
    assert [c.id for c in d.causes] == ["toner-empty", "driver-missing"]
    toner = d.causes[0]
    assert toner.certainty == pytest.approx(0.6 * d.problems[0].certainty, abs=1e-3)
    assert toner.problem == "printer-broken"
    assert toner.resolutions == ("replace-toner",)


def test_french_and_english_phrasings_both_match(consultation: Consultation) -> None:
    fr = consultation.diagnose("rien ne sort de l'imprimante")
    no_accents = consultation.diagnose("papier coince dans le bac")
    assert fr.problems[0].id == "printer-broken"
    assert no_accents.problems[0].id == "paper-jam"


def test_typo_still_matches(consultation: Consultation) -> None:
    assert consultation.diagnose("the printr does not print").problems[0].id == "printer-broken"


def test_unrelated_text_gives_nothing(consultation: Consultation) -> None:
    d = consultation.diagnose("how do I change my desktop wallpaper")
    assert not d.matched
    assert d.problems == () and d.causes == () and d.questions == ()


def test_signature_inside_a_log(consultation: Consultation) -> None:
    log = "10:01 boot ok\n10:02 [spooler] PRN-042 toner cartridge empty (tray 2)\n10:03 idle\n"
    d = consultation.diagnose(log)
    assert [h.signature for h in d.signatures] == ["printer-broken#signature[0]"]
    assert d.problems[0].id == "printer-broken"


def test_cause_signature_raises_its_cause(consultation: Consultation) -> None:
    plain = consultation.diagnose("printer does not print")
    signed = consultation.diagnose("printer does not print. TONER LOW warning")
    toner = {c.id: c.certainty for c in signed.causes}["toner-empty"]
    assert toner > {c.id: c.certainty for c in plain.causes}["toner-empty"]
    assert signed.causes[0].id == "toner-empty"


def test_positive_answer_raises_and_negative_lowers(consultation: Consultation) -> None:
    base = {c.id: c.certainty for c in consultation.diagnose("printer does not print").causes}
    yes = {c.id: c.certainty for c in
           consultation.diagnose("printer does not print", {"toner-light": "yes"}).causes}
    no = consultation.diagnose("printer does not print", {"toner-light": "no"})
    assert yes["toner-empty"] > base["toner-empty"]
    assert "toner-empty" not in {c.id for c in no.causes}
    assert [c.id for c in no.ruled_out] == ["toner-empty"]
    assert no.causes[0].id == "driver-missing"
    assert no.causes[0].certainty > base["driver-missing"]


def test_unknown_answer_changes_nothing(consultation: Consultation) -> None:
    base = consultation.diagnose("printer does not print")
    unknown = consultation.diagnose("printer does not print", {"toner-light": "unknown"})
    assert [(c.id, c.certainty) for c in base.causes] == \
        [(c.id, c.certainty) for c in unknown.causes]


def test_answers_alone_bring_up_nothing(consultation: Consultation) -> None:
    d = consultation.diagnose("", {"new-computer": "yes", "toner-light": "no"})
    assert not d.matched


def test_questions_separate_the_top_causes(consultation: Consultation) -> None:
    d = consultation.diagnose("printer does not print")
    # toner-light moves both causes, in opposite directions: it separates them best
    assert d.questions == ("toner-light", "new-computer")
    answered = consultation.diagnose("printer does not print", {"toner-light": "yes"})
    assert answered.questions == ("new-computer",)
    jam = consultation.diagnose("paper jam")
    assert jam.questions == ()  # no question tells anything about worn-roller


def test_explanation_names_rules_facts_and_sources(consultation: Consultation) -> None:
    d = consultation.diagnose("printer does not print. TONER LOW warning", {"toner-light": "yes"})
    toner = next(c for c in d.causes if c.id == "toner-empty")
    by_rule = {f.rule.id: f for f in toner.firings}
    assert set(by_rule) == {
        "toner-empty#evidence[0]", "toner-empty#evidence[1]", "toner-empty#prior:printer-broken",
    }
    assert str(by_rule["toner-empty#evidence[1]"].rule.source) == "toner-empty.toml:8"
    assert by_rule["toner-empty#evidence[1]"].matched == {}
    assert by_rule["toner-empty#prior:printer-broken"].matched["pcf"] > 0.9
    assert by_rule["toner-empty#evidence[0]"].cf == pytest.approx(0.8)


def test_engine_is_reused_across_queries(consultation: Consultation) -> None:
    consultation.diagnose("printer does not print")
    engines = [s.engine for s in consultation.inference.shards]
    consultation.diagnose("paper jam")
    consultation.diagnose("printer does not print", {"toner-light": "no"})
    assert [s.engine for s in consultation.inference.shards] == engines


def test_same_answer_every_time(consultation: Consultation) -> None:
    runs = {
        tuple((c.id, c.certainty) for c in
              consultation.diagnose("printer does not print", {"new-computer": "yes"}).causes)
        for _ in range(5)
    }
    assert len(runs) == 1


def test_one_message_counts_once(tiny_tree: Path) -> None:
    """A signature contained in another found in the same text adds nothing more."""
    path = tiny_tree / "toner-empty.toml"
    path.write_text(path.read_text() + '\n[[evidence]]\nsignature = "TONER LOW"\ncf = 0.8\n')
    kb, diags = compile_tree(tiny_tree)
    assert kb is not None, diags
    consultation = Consultation.for_kb(kb)
    both = consultation.diagnose("printer does not print. TONER LOW warning")
    toner = next(c for c in both.causes if c.id == "toner-empty")
    signature_rules = [f.rule.id for f in toner.firings if f.rule.condition == "signature"]
    assert signature_rules == ["toner-empty#evidence[0]"]  # the longer message is kept
    alone = consultation.diagnose("printer does not print. TONER LOW")
    lone = next(c for c in alone.causes if c.id == "toner-empty")
    assert [f.rule.id for f in lone.firings if f.rule.condition == "signature"] == \
        ["toner-empty#evidence[3]"]
    assert toner.certainty == lone.certainty


def test_error_lines_and_wording_are_narrowed_apart() -> None:
    """An error message found word for word (1.0) must not push the sentence that names
    the cause below the margin: each kind keeps its own best matches."""
    from jamfkb.engine.consultation import MAX_MENTIONS, MENTION_MARGIN, best_mentions
    from jamfkb.engine.matcher import Mention

    signature = Mention("graph-token-error", 1.0, "Check the configuration…", "sig")
    near_signature = Mention("inventory-send-fails", 1.0 - MENTION_MARGIN - 0.01, "Test…", "sig")
    cause = Mention("graph-ports-closed", 0.48, "le pare-feu bloque…", "fr")
    close = Mention("graph-app-permissions", 0.48 - MENTION_MARGIN + 0.01, "app…", "en")
    weak = Mention("cause-3", 0.48 - MENTION_MARGIN - 0.01, "license…", "en")
    kept = best_mentions([weak, close, near_signature, cause, signature])  # any order
    assert kept == [signature, cause, close]
    many = [Mention(f"c{i:02}", 0.9 - i / 1000, "x", "en") for i in range(MAX_MENTIONS + 5)]
    errors = [Mention(f"e{i:02}", 0.95 - i / 1000, "x", "sig") for i in range(MAX_MENTIONS + 5)]
    both = best_mentions(many + errors)  # the cap is per kind
    assert both == errors[:MAX_MENTIONS] + many[:MAX_MENTIONS]
    assert best_mentions([]) == []


def paper_jam_phrased(tree: Path, *phrasings: str) -> KnowledgeBase:
    """The tiny knowledge base with these English phrasings for paper-jam."""
    quoted = ", ".join(f'"{p}"' for p in phrasings)
    (tree / "paper-jam.en.md").write_text(
        f'+++\ntitle = "Paper jams"\nphrasings = [{quoted}]\n+++\n# Paper jams\n')
    kb, diags = compile_tree(tree)
    assert kb is not None, diags
    return kb


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


def test_a_problem_behind_the_best_one_passes_on_less(consultation: Consultation) -> None:
    """Problems compete for one text: the causes of a problem recognised less than the
    best see its certainty scaled by its ratio to the best."""
    from jamfkb.engine.inference import competing
    from jamfkb.tui.report import why_lines

    assert competing(0.5, 1.0) == pytest.approx(0.25)
    assert competing(1.0, 1.0) == 1.0 and competing(0.3, 0.0) == 0.3
    d = consultation.diagnose("printer does not print, sheets stuck in the tray")
    problems = {p.id: p.certainty for p in d.problems}
    best, behind = problems["paper-jam"], problems["printer-broken"]
    assert best > behind > 0.5
    causes = {c.id: c for c in d.causes}
    assert causes["worn-roller"].certainty == pytest.approx(0.7 * best, abs=1e-3)
    assert causes["toner-empty"].certainty == pytest.approx(0.6 * behind * behind / best,
                                                            abs=1e-3)
    prior = next(f for f in causes["toner-empty"].firings if f.rule.condition == "problem")
    assert prior.matched["recognised"] == pytest.approx(behind)
    english = why_lines(consultation.kb, (prior,), "en")[0]
    french = why_lines(consultation.kb, (prior,), "fr")[0]
    assert f"recognised ({behind:.0%}; counts as {behind * behind / best:.0%} behind" in english
    assert f"reconnu ({behind:.0%} ; compte pour {behind * behind / best:.0%} derrière" in french
    alone = consultation.diagnose("printer does not print")
    top = next(c for c in alone.causes if c.id == "toner-empty")
    line = why_lines(consultation.kb, tuple(f for f in top.firings
                                            if f.rule.condition == "problem"), "en")[0]
    assert "behind" not in line


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


def test_fold_keeps_the_status_n_a() -> None:
    from jamfkb.kb.text import fold

    assert fold("Conformité N/A dans Entra ID") == "conformite na dans entra"
    assert fold("status: n/a).") == "status na"
    assert fold("a/n/a/b cn/a n/ab") == "a n a b cn a n ab"  # paths and words stay apart


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
