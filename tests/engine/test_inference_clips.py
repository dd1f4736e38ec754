"""experta and the CLIPS translation of the same rules (bench/clips_port.py) agree: the
bench's ratio compares two engines that conclude the same. Needs clipspy (the bench
dependency group); skipped without it."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.generate import generate, write
from bench.queries import make_queries
from jamfkb.engine.consultation import Consultation
from jamfkb.kb.compiler import compile_tree
from jamfkb.kb.model import KnowledgeBase
from tests.support import CONTENT

pytest.importorskip("clips")


def _agree(kb: KnowledgeBase) -> int:
    from bench.clips_port import ClipsEngine

    consultation = Consultation.for_kb(kb)
    clips = ClipsEngine(kb)
    checked = 0
    for query in make_queries(kb, 1):
        mentions, hits = consultation.matcher.match(query.text)
        facts = ({m.node: m.score for m in mentions}, [h.signature for h in hits],
                 dict(query.answers))
        result = consultation.inference.run(*facts)
        problems, causes = clips.run(*facts)
        assert (result.problems, result.causes) == (problems, causes), query
        checked += bool(result.causes)
    return checked


def test_agree_on_the_bench_queries_of_the_generated_tree(tmp_path: Path) -> None:
    write(generate(1, seed=1), tmp_path / "kb")
    kb, diags = compile_tree(tmp_path / "kb")
    assert kb is not None, diags
    assert _agree(kb) >= 40  # most queries conclude on causes: the check is not empty


def test_agree_on_the_bench_queries_of_the_bundled_content() -> None:
    kb, diags = compile_tree(CONTENT)
    assert kb is not None, diags
    assert _agree(kb) >= 40
