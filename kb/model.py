"""The compiled knowledge base: plain, immutable data that the engine and the UI consume.

Its form on disk is kb.artifact_format's; kb.store reads and writes it."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal, NamedTuple, Protocol

from jamfkb.kb.text import content_words, fold_phrase

# The artifact's format (kb.artifact_format). 6: a path table, rules in columns, the
# matcher's folded texts, each node's wordings decoded when first read. 8: the matcher's
# texts in packed binary parts with their postings; the rules and positions packed too.
SCHEMA_VERSION = 8
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


class SourcePos(NamedTuple):
    """Where an item was written: a path relative to the content root, 1-based line and
    column. A named tuple, like ``Rule``: the 12,088 of ×100 are made at each load in
    1.2 ms (kb.artifact_format), where a frozen dataclass took 5.4."""

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


_NO_PROBLEMS: Mapping[str, float] = MappingProxyType({})  # a node's default: shared, so read-only


class Node(NamedTuple):
    """A problem, cause, resolution, question or article. A named tuple, like ``Rule``:
    the 4,000 nodes of ×100 are made at each load, and with a frozen dataclass's
    ``__init__`` of 14 fields the core's decoding took 29.5 ms instead of 22."""

    id: str
    kind: str
    aliases: tuple[str, ...]
    applies_to: tuple[str, ...]
    doc_refs: tuple[DocRef, ...]
    # a dict when compiled; an artifact_format.LazyWordings when loaded from the artifact
    wording: Mapping[str, Wording]
    links: tuple[str, ...]  # IDs linked from the body, in order of appearance
    source: SourcePos  # the logic file
    # cause only
    problems: Mapping[str, float] = _NO_PROBLEMS
    resolutions: tuple[str, ...] = ()
    versions: str = ""  # the product versions it belongs to, e.g. ">=10.24.2, <10.26.1"
    # question only
    choices: tuple[str, ...] = ()
    ask_first: bool = False
    answer_kind: str = "choice"

    def title(self, lang: str) -> str:
        wording = self.wording
        title_of = getattr(wording, "title_of", None)
        if title_of is not None:  # loaded (artifact_format.LazyWordings): no article read
            return str(title_of(lang, self.id))
        return wording[lang].title if lang in wording else self.id

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


class Rule(NamedTuple):
    """One inference rule: when ``condition`` on ``subject`` holds, ``target`` gains ``cf``.

    Stage 1 rules conclude on problems and causes from mentions and signatures; stage 2
    rules conclude on causes once the problems are known. ``gate`` lists problems one of
    which must be recognised for an answer rule to fire.

    A named tuple (immutable, compared field by field like the frozen dataclass it was):
    the 11,097 rules of ×100 are made at each load in 3.3 ms (kb.artifact_format), where
    a frozen dataclass's ``__init__`` took 15.
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


@dataclass(frozen=True, slots=True)
class MatchTexts:
    """Every text the matcher compares a query with, folded once, in columns (one entry
    per text): the title and phrasings of each problem and cause in both languages, then
    each signature's text (lang ``"sig"``). Texts with no content word are left out.

    Stored in the artifact so that a start does not fold them again: at ×100 (26,521
    texts) folding and splitting them was 0.6 s of a 1.2 s ``jamfkb diagnose``, and
    building ``postings`` from the words another 27 ms."""

    nodes: tuple[str, ...]  # the node each text is evidence for
    langs: tuple[str, ...]  # "en", "fr", or "sig" for a signature's text
    texts: tuple[str, ...]  # as written
    folded: tuple[str, ...]  # kb.text.fold
    # kb.text.content_words of the folded text (loaded: artifact_format.WordRuns)
    words: Sequence[Sequence[str]]
    postings: dict[str, list[int]]  # word → the texts that hold it, in order

    def words_by_index(self) -> Mapping[int, Sequence[str]] | Sequence[Sequence[str]]:
        """Each text's words by index, at the speed of a plain look-up: the loaded words'
        own mapping of the texts made so far (``WordRuns.by_index``), or the words."""
        return getattr(self.words, "by_index", self.words)

    @classmethod
    def of(cls, nodes: Mapping[str, Node], signatures: tuple[Signature, ...]) -> MatchTexts:
        entries: list[tuple[str, str, str, str, tuple[str, ...]]] = []

        def add(node: str, text: str, lang: str) -> None:
            folded = fold_phrase(text)
            words = tuple(content_words(folded))
            if node and words:
                entries.append((node, lang, text, folded, words))

        for node in nodes.values():
            if node.kind not in ("problem", "cause"):
                continue
            for lang, wording in sorted(node.wording.items()):
                for text in (wording.title, *wording.phrasings):
                    add(node.id, text, lang)
        for sig in signatures:
            add(sig.cause or sig.problem or "", sig.text, "sig")
        if not entries:
            return cls((), (), (), (), (), {})
        ids, langs, texts, folded, words = zip(*entries, strict=True)
        return cls(ids, langs, texts, folded, words, _postings(words))


def _postings(words: Sequence[Sequence[str]]) -> dict[str, list[int]]:
    """word → the texts that hold it, in order."""
    postings: dict[str, list[int]] = {}
    for index, text_words in enumerate(words):
        for word in dict.fromkeys(text_words):
            postings.setdefault(word, []).append(index)
    return postings


class PendingMatchTexts(Protocol):
    """The matcher's texts not decoded yet (kb.artifact_format.MatchSection)."""

    def decode(self, node_ids: list[str]) -> MatchTexts | None: ...


@dataclass(slots=True)
class KnowledgeBase:
    schema: int
    content_hash: str
    root: str
    nodes: dict[str, Node]
    aliases: dict[str, str]
    signatures: tuple[Signature, ...]
    rules: tuple[Rule, ...]
    # derived from the nodes and signatures (see match_texts); not part of equality
    # (from the artifact: an artifact_format.MatchSection until first read)
    match: MatchTexts | PendingMatchTexts | None = field(default=None, compare=False,
                                                          repr=False)

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

    def match_texts(self) -> MatchTexts:
        """The matcher's folded texts: from the artifact, or folded now (once)."""
        match = self.match
        if isinstance(match, MatchTexts):
            return match
        decoded = match.decode(list(self.nodes)) if match is not None else None
        self.match = decoded or MatchTexts.of(self.nodes, self.signatures)
        return self.match


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """The cyclic garbage collector paused while decoding: JSON makes containers by the
    hundred thousand, none of them in a cycle, and each burst of allocations starts
    collections that walk the whole heap. In a process that holds much already (the app,
    a compile's read cache) that tripled the load: x100, read_artifact 297 ms in bench.run's
    worker, against 90 ms alone."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:  # a thread that found it paused leaves it to the one that paused it
            gc.enable()

