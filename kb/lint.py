"""Logic lint: content that compiles but cannot work as the writer meant.

Run by ``check`` on a compiled knowledge base; every finding is a warning at
``file:line`` (``check --strict`` turns warnings into errors):

- a cause nothing but its problem's prior can raise (no phrasing, signature or answer);
- two causes of one problem that no question, signature or version range tells apart;
- one phrasing given to two nodes (but a cause and its own problem);
- a problem whose causes' priors add up to more than 1.

(A question no rule uses and a resolution nothing links to are found while linking.)
"""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations

from jamfkb.kb.diagnostics import DiagnosticList
from jamfkb.kb.model import KnowledgeBase, Node
from jamfkb.kb.text import fold_phrase

PRIOR_SUM_LIMIT = 1.0


def lint(kb: KnowledgeBase, diags: DiagnosticList) -> None:
    _unreachable_causes(kb, diags)
    _twin_causes(kb, diags)
    _shared_phrasings(kb, diags)
    _prior_sums(kb, diags)


def _causes(kb: KnowledgeBase) -> list[Node]:
    return sorted((n for n in kb.nodes.values() if n.kind == "cause"), key=lambda n: n.id)


def _unreachable_causes(kb: KnowledgeBase, diags: DiagnosticList) -> None:
    raised = {r.target for r in kb.rules if r.target_kind == "cause" and r.cf > 0
              and r.condition in ("mention", "signature", "answer", "version")}
    for node in _causes(kb):
        if node.id not in raised:
            diags.warning(node.source.path, node.source.line,
                          f"cause '{node.id}' has no evidence of its own: only its problem's "
                          "prior can raise it (give it phrasings, a signature or a question)")


def _evidence_profiles(kb: KnowledgeBase) -> dict[str, frozenset[tuple[str, str, str, float]]]:
    """What tells each cause apart: its answer and version rules, its signatures."""
    profiles: dict[str, set[tuple[str, str, str, float]]] = defaultdict(set)
    for r in kb.rules:
        if r.target_kind == "cause" and r.condition in ("answer", "version", "signature"):
            profiles[r.target].add((r.condition, r.subject, r.value or "", round(r.cf, 3)))
    return {cause: frozenset(profile) for cause, profile in profiles.items()}


def _twin_causes(kb: KnowledgeBase, diags: DiagnosticList) -> None:
    by_problem: dict[str, list[Node]] = defaultdict(list)
    for node in _causes(kb):
        for problem in node.problems:
            by_problem[problem].append(node)
    found = _evidence_profiles(kb)
    profiles = {n.id: found.get(n.id, frozenset()) for n in _causes(kb)}
    reported: set[tuple[str, str]] = set()
    for problem, causes in sorted(by_problem.items()):
        for a, b in combinations(causes, 2):
            if profiles[a.id] == profiles[b.id] and (a.id, b.id) not in reported:
                reported.add((a.id, b.id))
                diags.warning(b.source.path, b.source.line,
                              f"causes '{a.id}' and '{b.id}' of problem '{problem}' cannot be "
                              "told apart: no question, signature or version range separates "
                              "them")


def _related(kb: KnowledgeBase, a: str, b: str) -> bool:
    """A cause and one of its problems: a phrasing that says both raises both."""
    return b in kb.nodes[a].problems or a in kb.nodes[b].problems


def _shared_phrasings(kb: KnowledgeBase, diags: DiagnosticList) -> None:
    first: dict[str, str] = {}
    for node in sorted(kb.nodes.values(), key=lambda n: n.id):
        for lang in sorted(node.wording):
            wording = node.wording[lang]
            for phrasing in wording.phrasings:
                key = fold_phrase(phrasing)
                owner = first.setdefault(key, node.id)
                if owner != node.id and not _related(kb, owner, node.id):
                    diags.warning(wording.source.path, wording.line_of(phrasing),
                                  f"phrasing \"{phrasing}\" is also a phrasing of '{owner}': "
                                  "the text cannot tell the two nodes apart")


def _prior_sums(kb: KnowledgeBase, diags: DiagnosticList) -> None:
    sums: dict[str, float] = defaultdict(float)
    for node in _causes(kb):
        for problem, prior in node.problems.items():
            sums[problem] += prior
    for problem, total in sorted(sums.items()):
        if total > PRIOR_SUM_LIMIT + 1e-9:
            node = kb.nodes[problem]
            diags.warning(node.source.path, node.source.line,
                          f"the priors of the causes of '{problem}' add up to {total:.2f}, "
                          "more than 1: lower some so that they stay in proportion")
