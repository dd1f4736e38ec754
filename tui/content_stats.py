"""`jamfkb check --stats`: how complete each language is, and what each node holds,
in the spirit of ``msgfmt --statistics``. Plain text, shared by nothing else."""

from __future__ import annotations

from jamfkb.kb.model import LANGS, KnowledgeBase
from jamfkb.kb.text import one_line


def stats_lines(kb: KnowledgeBase) -> list[str]:
    nodes = sorted(kb.nodes.values(), key=lambda n: (n.kind, n.id))
    signatures: dict[str, int] = {}
    for sig in kb.signatures:
        owner = sig.cause or sig.problem or ""
        signatures[owner] = signatures.get(owner, 0) + 1
    lines = []
    for lang in LANGS:
        worded = [n for n in nodes if lang in n.wording]
        articles = sum(bool(n.wording[lang].body.strip()) for n in worded)
        summaries = sum(bool(n.wording[lang].summary) for n in worded)
        phrasings = sum(len(n.wording[lang].phrasings) for n in worded)
        examples = sum(len(n.wording[lang].examples) for n in worded)
        lines.append(f"{lang}: {len(worded)}/{len(nodes)} nodes translated, {summaries} "
                     f"summaries, {articles} articles, {phrasings} phrasings, "
                     f"{examples} examples")
    width = max((len(n.id) for n in nodes), default=0)
    lines.append(f"{'node':<{width}}  kind        " + "  ".join(
        f"{lang}:phr/ex" for lang in LANGS) + "  signatures")
    for n in nodes:
        cells = "  ".join(
            f"{len(n.wording[lang].phrasings):>3}/{len(n.wording[lang].examples):<4}"
            if lang in n.wording else "   -/-   " for lang in LANGS)
        lines.append(one_line(f"{n.id:<{width}}  {n.kind:<10}  {cells}  "
                              f"{signatures.get(n.id, 0):>3}", 400))
    return lines
