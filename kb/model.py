"""The compiled knowledge base: plain, immutable data that the engine and the UI consume."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

SCHEMA_VERSION = 5
KINDS: tuple[str, ...] = ("problem", "cause", "resolution", "question", "article")
LANGS: tuple[str, ...] = ("en", "fr")
GENERATIONS: tuple[str, ...] = ("legacy-ca", "cloud-connector", "device-compliance")
YES_NO: tuple[str, ...] = ("yes", "no")
UNKNOWN = "unknown"
# What a question's answer is: one of its choices, or a version number such as 10.25.0.
ANSWER_KINDS: tuple[str, ...] = ("choice", "version")

# Condition kinds of a rule: what fact it matches.
# A "version" rule tests a version answer against the cause's constraint: its value is
# "in CONSTRAINT" or "out CONSTRAINT" (see engine.versions.answer_facts).
Condition = Literal["mention", "signature", "problem", "answer", "version"]


@dataclass(frozen=True, slots=True)
class SourcePos:
    """Where an item was written: a path relative to the content root, 1-based line and column."""

    path: str
    line: int
    col: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True, slots=True)
class DocRef:
    """A public document a node's facts come from, with its revision date."""

    doc: str
    revision: str


@dataclass(frozen=True, slots=True)
class Example:
    """A text a user would type, with answers, that must reach its node (``check``)."""

    text: str
    answers: dict[str, str]
    line: int  # in the wording file


@dataclass(frozen=True, slots=True)
class Wording:
    """Everything a node says in one language."""

    title: str
    summary: str
    body: str
    phrasings: tuple[str, ...]
    choice_labels: dict[str, str]
    source: SourcePos  # the wording file
    body_line: int  # line of the body's first line in that file
    phrasings_line: int = 1  # line of the phrasings (or of the title when there are none)
    phrasing_lines: tuple[int, ...] = ()  # line of each phrasing, when it could be found
    title_line: int = 1
    examples: tuple[Example, ...] = ()

    def line_of(self, phrasing: str) -> int:
        """The line that holds ``phrasing`` (the title or one of the phrasings)."""
        if phrasing == self.title:
            return self.title_line
        if phrasing in self.phrasings:
            index = self.phrasings.index(phrasing)
            if index < len(self.phrasing_lines):
                return self.phrasing_lines[index]
        return self.phrasings_line


@dataclass(frozen=True, slots=True)
class Node:
    id: str
    kind: str
    aliases: tuple[str, ...]
    applies_to: tuple[str, ...]
    doc_refs: tuple[DocRef, ...]
    wording: dict[str, Wording]
    links: tuple[str, ...]  # IDs linked from the body, in order of appearance
    source: SourcePos  # the logic file
    # cause only
    problems: dict[str, float] = field(default_factory=dict)
    resolutions: tuple[str, ...] = ()
    versions: str = ""  # the product versions it belongs to, e.g. ">=10.24.2, <10.26.1"
    # question only
    choices: tuple[str, ...] = ()
    ask_first: bool = False
    answer_kind: str = "choice"

    def title(self, lang: str) -> str:
        return self.wording[lang].title if lang in self.wording else self.id

    @property
    def answers(self) -> tuple[str, ...]:
        """A question's possible answers: its choices, then "unknown" (always offered).
        A version question takes any version besides: see :attr:`asks_version`."""
        return (*self.choices, UNKNOWN) if self.kind == "question" else ()

    @property
    def asks_version(self) -> bool:
        return self.kind == "question" and self.answer_kind == "version"


@dataclass(frozen=True, slots=True)
class Signature:
    """An exact error message or log line; ``folded`` is what the matcher searches for."""

    id: str
    text: str
    folded: str
    problem: str | None
    cause: str | None
    cf: float
    source: SourcePos


@dataclass(frozen=True, slots=True)
class Rule:
    """One inference rule: when ``condition`` on ``subject`` holds, ``target`` gains ``cf``.

    Stage 1 rules conclude on problems and causes from mentions and signatures; stage 2
    rules conclude on causes once the problems are known. ``gate`` lists problems one of
    which must be recognised for an answer rule to fire.
    """

    id: str
    stage: int
    condition: Condition
    subject: str
    value: str | None
    target: str
    target_kind: str
    cf: float
    gate: tuple[str, ...]
    source: SourcePos


@dataclass(slots=True)
class KnowledgeBase:
    schema: int
    content_hash: str
    root: str
    nodes: dict[str, Node]
    aliases: dict[str, str]
    signatures: tuple[Signature, ...]
    rules: tuple[Rule, ...]

    def resolve(self, node_id: str) -> Node | None:
        """The node for an ID or an alias, or None."""
        node = self.nodes.get(node_id)
        if node is None and node_id in self.aliases:
            node = self.nodes.get(self.aliases[node_id])
        return node

    def of_kind(self, kind: str) -> list[Node]:
        return [n for n in self.nodes.values() if n.kind == kind]

    def title(self, node_id: str, lang: str) -> str:
        node = self.resolve(node_id)
        return node.title(lang) if node else node_id

    # --- serialisation: plain JSON-compatible structures, no code ever loaded ---

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": self.schema,
            "content_hash": self.content_hash,
            "root": self.root,
            "nodes": [_node_to_dict(n) for n in self.nodes.values()],
            "aliases": self.aliases,
            "signatures": [
                [s.id, s.text, s.folded, s.problem, s.cause, s.cf, _pos(s.source)]
                for s in self.signatures
            ],
            "rules": [
                [r.id, r.stage, r.condition, r.subject, r.value, r.target, r.target_kind,
                 r.cf, list(r.gate), _pos(r.source)]
                for r in self.rules
            ],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> KnowledgeBase:
        nodes = [_node_from_dict(d) for d in data["nodes"]]
        return cls(
            schema=data["schema"],
            content_hash=data["content_hash"],
            root=data["root"],
            nodes={n.id: n for n in nodes},
            aliases=dict(data["aliases"]),
            signatures=tuple(
                Signature(s[0], s[1], s[2], s[3], s[4], s[5], SourcePos(*s[6]))
                for s in data["signatures"]
            ),
            rules=tuple(
                Rule(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], tuple(r[8]),
                     SourcePos(*r[9]))
                for r in data["rules"]
            ),
        )


def _pos(p: SourcePos) -> list[Any]:
    return [p.path, p.line, p.col]


def _node_to_dict(n: Node) -> dict[str, Any]:
    return {
        "id": n.id,
        "kind": n.kind,
        "aliases": list(n.aliases),
        "applies_to": list(n.applies_to),
        "doc_refs": [[d.doc, d.revision] for d in n.doc_refs],
        "wording": {
            lang: [w.title, w.summary, w.body, list(w.phrasings), w.choice_labels,
                   _pos(w.source), w.body_line, w.phrasings_line, list(w.phrasing_lines),
                   w.title_line, [[e.text, e.answers, e.line] for e in w.examples]]
            for lang, w in n.wording.items()
        },
        "links": list(n.links),
        "source": _pos(n.source),
        "problems": n.problems,
        "resolutions": list(n.resolutions),
        "versions": n.versions,
        "choices": list(n.choices),
        "ask_first": n.ask_first,
        "answer_kind": n.answer_kind,
    }


def _node_from_dict(d: dict[str, Any]) -> Node:
    return Node(
        id=d["id"],
        kind=d["kind"],
        aliases=tuple(d["aliases"]),
        applies_to=tuple(d["applies_to"]),
        doc_refs=tuple(DocRef(a, b) for a, b in d["doc_refs"]),
        wording={
            lang: Wording(w[0], w[1], w[2], tuple(w[3]), dict(w[4]), SourcePos(*w[5]), w[6],
                          w[7], tuple(w[8]), w[9], tuple(Example(*e) for e in w[10]))
            for lang, w in d["wording"].items()
        },
        links=tuple(d["links"]),
        source=SourcePos(*d["source"]),
        problems=dict(d["problems"]),
        resolutions=tuple(d["resolutions"]),
        versions=str(d["versions"]),
        choices=tuple(d["choices"]),
        ask_first=bool(d["ask_first"]),
        answer_kind=str(d["answer_kind"]),
    )
