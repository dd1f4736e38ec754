"""Examples as tests: the texts writers put in ``examples`` must reach their node.

A problem's example must put the problem first among the recognised symptoms; a
cause's example must put the cause among the first three causes. ``jamfkb check`` runs
them after compiling and reports each miss at the example's line, with what came first.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from jamfkb.engine.consultation import Consultation
from jamfkb.kb.model import Example, Node
from jamfkb.kb.text import one_line

CAUSE_RANK = 3  # a cause's example must put it among this many first causes


@dataclass(frozen=True, slots=True)
class ExampleMiss:
    path: str
    line: int
    message: str

    def format(self, root_display: str = "") -> str:
        path = f"{root_display.rstrip('/')}/{self.path}" if root_display else self.path
        return f"{path}:{self.line}:1: error: {self.message}"


def examples_of(node: Node) -> Iterator[tuple[str, Example]]:
    for lang in sorted(node.wording):
        wording = node.wording[lang]
        for example in wording.examples:
            yield wording.source.path, example


def check_examples(consultation: Consultation) -> list[ExampleMiss]:
    misses = []
    for node in sorted(consultation.kb.nodes.values(), key=lambda n: n.id):
        if node.kind not in ("problem", "cause"):
            continue
        for path, example in examples_of(node):
            miss = _miss(consultation, node, example)
            if miss:
                misses.append(ExampleMiss(path, example.line, miss))
    return misses


def _miss(consultation: Consultation, node: Node, example: Example) -> str | None:
    d = consultation.diagnose(example.text, example.answers)
    said = f'example "{one_line(example.text, 60)}"'
    if node.kind == "problem":
        first = d.problems[0].id if d.problems else None
        if first == node.id:
            return None
        return f"{said} puts {first or 'no problem'} first, not {node.id}"
    top = [c.id for c in d.causes[:CAUSE_RANK]]
    if node.id in top:
        return None
    return (f"{said} does not put {node.id} in the first {CAUSE_RANK} causes "
            f"({', '.join(top) or 'no cause'})")
