"""The rule engine on the tiny knowledge base: rule tables, priors, evidence and answers,
answer gates, competing problems, one count per message, explanations, engine reuse and
determinism."""

from __future__ import annotations

from pathlib import Path

import pytest

from jamfkb.engine.consultation import Consultation
from jamfkb.engine.inference import Inference, RuleTables
from jamfkb.kb.compiler import compile_tree
from jamfkb.kb.model import KnowledgeBase


def test_each_rule_waits_in_the_table_of_its_fact(kb: KnowledgeBase) -> None:
    tables = RuleTables.of(kb)
    assert [r.id for r in tables.mention["worn-roller"]] == [
        "worn-roller#mention", "worn-roller#mention>paper-jam"]
    assert [r.id for r in tables.signature["toner-empty#evidence[0]"]] == [
        "toner-empty#evidence[0]", "toner-empty#evidence[0]>printer-broken"]
    assert [r.id for r in tables.prior["printer-broken"]] == [
        "driver-missing#prior:printer-broken", "toner-empty#prior:printer-broken"]
    assert [r.id for r in tables.answer[("toner-light", "no")]["printer-broken"]] == [
        "driver-missing#evidence[0]", "toner-empty#evidence[2]"]
    listed = [r for t in (tables.mention, tables.signature, tables.prior) for rs in t.values()
              for r in rs]
    listed += [r for by_problem in tables.answer.values() for rs in by_problem.values()
               for r in rs]
    assert sorted(r.id for r in listed) == sorted(r.id for r in kb.rules)


def test_the_rete_network_does_not_grow_with_the_knowledge_base(kb: KnowledgeBase) -> None:
    """One experta rule per kind of fact, whatever the number of compiled rules."""
    from jamfkb.kb.store import load
    from tests.support import CONTENT

    bundled = load(CONTENT).kb
    assert bundled is not None and len(bundled.rules) > 10 * len(kb.rules)
    names = [sorted(r.__name__ for r in Inference(k).engine.get_rules()) for k in (kb, bundled)]
    assert names[0] == names[1] == ["answer", "mention", "prior", "recognise_problems",
                                    "signature"]


def test_no_evidence_concludes_nothing(consultation: Consultation) -> None:
    inference = consultation.inference
    assert inference.run({}, [], {"toner-light": "yes"}).causes == {}
    unknown = inference.run({"no-such-node": 1.0, "toner-light": 1.0}, ["no-such-sig"], {})
    assert (unknown.problems, unknown.causes, dict(unknown.firings)) == ({}, {}, {})


def test_an_answer_needs_a_problem_of_its_gate(tiny_tree: Path) -> None:
    """A cause of two problems: its answer rules open when either is recognised, and
    fire once when both are."""
    path = tiny_tree / "toner-empty.toml"
    text = path.read_text().replace("problems = { printer-broken = 0.6 }",
                                    "problems = { printer-broken = 0.6, paper-jam = 0.3 }")
    path.write_text(text.replace('signature = "TONER LOW warning"',
                                 'signature = "TONER LOW warning"\nproblem = "printer-broken"'))
    kb, diags = compile_tree(tiny_tree)
    assert kb is not None, diags
    inference = Inference(kb)
    yes = {"toner-light": "yes"}

    def answer_firings(mentions: dict[str, float]) -> list[tuple[str, float]]:
        result = inference.run(mentions, [], yes)
        return [(f.rule.id, f.cf) for f in result.firings.get("toner-empty", ())
                if f.rule.condition == "answer"]

    rule = next(r for r in kb.rules if r.id == "toner-empty#evidence[1]")
    assert set(rule.gate) == {"paper-jam", "printer-broken"}
    assert answer_firings({"paper-jam": 1.0}) == [("toner-empty#evidence[1]", 0.7)]
    assert answer_firings({"printer-broken": 1.0}) == [("toner-empty#evidence[1]", 0.7)]
    assert answer_firings({"paper-jam": 1.0, "printer-broken": 1.0}) == [
        ("toner-empty#evidence[1]", 0.7)]
    assert answer_firings({"worn-roller": 0.2}) == []  # paper-jam at 0.1: not recognised


def test_symptom_leads_to_causes_by_prior(consultation: Consultation) -> None:
    d = consultation.diagnose("the printer does not print")
    assert [p.id for p in d.problems] == ["printer-broken"]
    assert [c.id for c in d.causes] == ["toner-empty", "driver-missing"]
    toner = d.causes[0]
    assert toner.certainty == pytest.approx(0.6 * d.problems[0].certainty, abs=1e-3)
    assert toner.problem == "printer-broken"
    assert toner.resolutions == ("replace-toner",)


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
    consultation.inference.warm_up()
    engine = consultation.inference.engine
    first = consultation.diagnose("printer does not print")
    consultation.diagnose("paper jam")
    consultation.diagnose("printer does not print", {"toner-light": "no"})
    assert consultation.inference.engine is engine
    # nothing of an earlier query is left in the reused engine
    again = consultation.diagnose("printer does not print")
    assert [(c.id, c.certainty, c.firings) for c in again.causes] == \
        [(c.id, c.certainty, c.firings) for c in first.causes]


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
