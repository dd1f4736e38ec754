"""Stage 4 of the compiler: turn checked files into nodes, signatures and rules.

Only runs on a tree with no errors, so every field here is known to be well formed.
The weights below are the engine's view of the content: how much a phrasing match, an
answer outside a cause's scope, or a version outside its range counts.
"""

from __future__ import annotations

from typing import Any

from jamfkb.kb import tomlsrc, versions
from jamfkb.kb.linking import choices_of
from jamfkb.kb.model import (
    GENERATIONS,
    LANGS,
    SCHEMA_VERSION,
    DocRef,
    Example,
    KnowledgeBase,
    Node,
    Rule,
    Signature,
    SourcePos,
    Wording,
)
from jamfkb.kb.reading import LogicFile, Tree, WordingFile
from jamfkb.kb.text import fold_phrase

# How much a fuzzy mention of a node's phrasing is worth, times the match score.
MENTION_CF_PROBLEM = 1.0
MENTION_CF_CAUSE = 0.6
MENTION_CF_CAUSE_PROBLEM = 0.5
# What an answer naming a generation a cause does not apply to weighs against it.
OUT_OF_SCOPE_CF = -0.7
# A known version inside a cause's range raises it; outside, it all but rules it out
# (the bug of Jamf Pro 10.24.2 cannot explain prompts on 11.2.0).
VERSION_IN_CF = 0.6
VERSION_OUT_CF = -0.9


def build_kb(tree: Tree, kinds: dict[str, str], aliases: dict[str, str]) -> KnowledgeBase:
    nodes: dict[str, Node] = {}
    signatures: list[Signature] = []
    rules: list[Rule] = []

    def canon(ref: str) -> str:
        return ref if ref in kinds else aliases[ref]

    version_question = next((node_id for node_id, kind in sorted(kinds.items())
                             if kind == "question"
                             and tree.logic[node_id].data.get("answer_kind") == "version"), None)
    generation_questions = sorted(
        node_id for node_id, kind in kinds.items()
        if kind == "question" and tree.logic[node_id].data.get("asks_generation") is True)
    for node_id in sorted(kinds):
        lf = tree.logic[node_id]
        kind = kinds[node_id]
        d = lf.data
        wording = {lang: _wording(tree.wording[(node_id, lang)]) for lang in LANGS}
        en = tree.wording[(node_id, "en")]
        assert en.outline is not None
        links = tuple(dict.fromkeys(canon(lk.target) for lk in en.outline.links if lk.internal))
        node = Node(
            id=node_id,
            kind=kind,
            aliases=tuple(d.get("aliases", ())),
            applies_to=tuple(d.get("applies_to", ())),
            doc_refs=tuple(DocRef(s["doc"], s["revision"]) for s in d.get("sources", ())),
            wording=wording,
            links=links,
            source=SourcePos(lf.path, 1),
            problems={canon(k): float(v) for k, v in d.get("problems", {}).items()},
            resolutions=tuple(canon(r) for r in d.get("resolutions", ())),
            versions=_canonical_versions(d),
            choices=choices_of(d) if kind == "question" else (),
            ask_first=bool(d.get("ask_first", False)),
            answer_kind=str(d.get("answer_kind", "choice")) if kind == "question" else "choice",
        )
        nodes[node_id] = node
        sigs, node_rules = _derive(node, lf, tree, canon)
        signatures.extend(sigs)
        rules.extend(node_rules)
        rules.extend(_generation_rules(node, lf, generation_questions, canon))
        rules.extend(_version_rules(node, lf, version_question))
    return KnowledgeBase(
        schema=SCHEMA_VERSION,
        content_hash=tree.content_hash,
        root=str(tree.root),
        nodes=nodes,
        aliases=aliases,
        signatures=tuple(signatures),
        rules=tuple(sorted(rules, key=lambda r: r.id)),
    )


def _generation_rules(node: Node, lf: LogicFile, questions: list[str],
                      canon: Any) -> list[Rule]:
    """A cause's ``applies_to`` as evidence: an answer naming a generation it does not
    apply to counts against it, unless its own evidence says otherwise for that answer.

    Written once in ``applies_to``, the scope cannot drift from per-answer evidence
    (a Cloud Connector cause answered "legacy CA" kept its full certainty before)."""
    if node.kind != "cause" or not node.applies_to:
        return []
    explicit = {(canon(ev["question"]), ev["answer"]) for ev in lf.data.get("evidence", ())
                if "question" in ev}
    source = SourcePos(lf.path, lf.line("applies_to"))
    return [
        Rule(f"{node.id}#applies_to:{question}={generation}", 2, "answer", question,
             generation, node.id, "cause", OUT_OF_SCOPE_CF, tuple(node.problems), source)
        for question in questions
        for generation in GENERATIONS
        if generation not in node.applies_to and (question, generation) not in explicit
    ]


def _canonical_versions(data: dict[str, Any]) -> str:
    if "versions" not in data:
        return ""
    clauses, _error = versions.parse_constraint(data["versions"])  # checked already
    return versions.canonical(clauses)


def _version_rules(node: Node, lf: LogicFile, question: str | None) -> list[Rule]:
    """A cause's ``versions`` as two rules on the version question: the known version
    lies inside the range (``in …``) or outside it (``out …``)."""
    if node.kind != "cause" or not node.versions or question is None:
        return []
    source = SourcePos(lf.path, lf.line("versions"), lf.col_of("versions", lf.data["versions"]))
    gate = tuple(node.problems)
    return [
        Rule(f"{node.id}#versions:in", 2, "version", question, f"in {node.versions}", node.id,
             "cause", VERSION_IN_CF, gate, source),
        Rule(f"{node.id}#versions:out", 2, "version", question, f"out {node.versions}",
             node.id, "cause", VERSION_OUT_CF, gate, source),
    ]


def _wording(wf: WordingFile) -> Wording:
    """The file's wording, built once per file read (a reload re-derives only edits)."""
    if wf.derived is None:
        wf.derived = _build_wording(wf)
    return wf.derived


def _build_wording(wf: WordingFile) -> Wording:
    phrasings = tuple(wf.data.get("phrasings", ()))
    return Wording(
        title=wf.data["title"].strip(),
        summary=str(wf.data.get("summary", "")).strip(),
        body=wf.body,
        phrasings=phrasings,
        choice_labels=dict(wf.data.get("choices", {})),
        source=SourcePos(wf.path, 1),
        body_line=wf.body_line,
        phrasings_line=wf.line("phrasings") if "phrasings" in wf.data else wf.line("title"),
        phrasing_lines=_phrasing_lines(wf, len(phrasings)),
        title_line=wf.line("title"),
        examples=_examples(wf),
    )


def _examples(wf: WordingFile) -> tuple[Example, ...]:
    raw = wf.data.get("examples", ())
    if not raw:
        return ()
    key_line = wf.lines.get("examples", 0)
    lines = tomlsrc.array_string_lines(wf.front_matter, key_line)
    if len(lines) != len(raw):
        lines = [key_line] * len(raw)
    return tuple(
        Example(item, {}, line + wf.fm_first_line - 1) if isinstance(item, str)
        else Example(item["text"], dict(item.get("answers", {})), line + wf.fm_first_line - 1)
        for item, line in zip(raw, lines, strict=True)
    )


def _phrasing_lines(wf: WordingFile, count: int) -> tuple[int, ...]:
    """The file line of each phrasing, so that an explanation cites the one that matched."""
    if count == 0 or "phrasings" not in wf.lines:
        return ()
    lines = tomlsrc.array_string_lines(wf.front_matter, wf.lines["phrasings"])
    if len(lines) != count:
        return ()  # an unusual layout: cite the key's line instead
    return tuple(line + wf.fm_first_line - 1 for line in lines)


def _derive(
    node: Node, lf: LogicFile, tree: Tree, canon: Any
) -> tuple[list[Signature], list[Rule]]:
    """The signatures and rules one node contributes."""
    sigs: list[Signature] = []
    rules: list[Rule] = []
    en = tree.wording[(node.id, "en")]
    mention_src = SourcePos(en.path, en.line("phrasings")) if "phrasings" in en.data else \
        SourcePos(en.path, 1)
    has_phrasings = any(w.phrasings for w in node.wording.values())
    if node.kind == "problem":
        if has_phrasings:
            rules.append(Rule(f"{node.id}#mention", 1, "mention", node.id, None, node.id,
                              "problem", MENTION_CF_PROBLEM, (), mention_src))
        for index, sig in enumerate(lf.data.get("signatures", ())):
            sid = f"{node.id}#signature[{index}]"
            src = SourcePos(lf.path, lf.line("signatures"))
            sigs.append(Signature(sid, sig["text"], fold_phrase(sig["text"]), node.id, None,
                                  float(sig["cf"]), src))
            rules.append(Rule(sid, 1, "signature", sid, None, node.id, "problem",
                              float(sig["cf"]), (), src))
    elif node.kind == "cause":
        problems = tuple(node.problems)
        if has_phrasings:
            rules.append(Rule(f"{node.id}#mention", 1, "mention", node.id, None, node.id,
                              "cause", MENTION_CF_CAUSE, (), mention_src))
            for pid in problems:
                rules.append(Rule(f"{node.id}#mention>{pid}", 1, "mention", node.id, None, pid,
                                  "problem", MENTION_CF_CAUSE_PROBLEM, (), mention_src))
        for pid, prior in node.problems.items():
            rules.append(Rule(f"{node.id}#prior:{pid}", 2, "problem", pid, None, node.id,
                              "cause", prior, (), SourcePos(lf.path, lf.line("problems"))))
        for index, ev in enumerate(lf.data.get("evidence", ())):
            key = f"evidence[{index}]"
            rid = f"{node.id}#{key}"
            src = SourcePos(lf.path, lf.line(key))
            cf = float(ev["cf"])
            if "signature" in ev:
                pid = canon(ev["problem"]) if "problem" in ev else problems[0]
                sigs.append(Signature(rid, ev["signature"], fold_phrase(ev["signature"]), pid,
                                      node.id, cf, src))
                rules.append(Rule(rid, 1, "signature", rid, None, node.id, "cause", cf, (), src))
                rules.append(Rule(f"{rid}>{pid}", 1, "signature", rid, None, pid, "problem",
                                  cf, (), src))
            else:
                rules.append(Rule(rid, 2, "answer", canon(ev["question"]), ev["answer"],
                                  node.id, "cause", cf, problems, src))
    return sigs, rules
