"""The synthetic content generator of the benchmarks writes a valid, deterministic tree."""

from __future__ import annotations

from pathlib import Path

from bench.generate import generate, main, write
from jamfkb.kb.compiler import compile_tree


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_scale_1_compiles_without_errors(tmp_path: Path) -> None:
    write(generate(1, seed=1), tmp_path / "kb")
    kb, diags = compile_tree(tmp_path / "kb")
    assert not diags.has_errors, [d.format() for d in diags]
    assert not list(diags), "the generator should not trigger warnings either"
    assert kb is not None
    kinds = [n.kind for n in kb.nodes.values()]
    assert kinds.count("problem") == 7
    assert kinds.count("cause") == 16
    for node in kb.nodes.values():
        assert set(node.wording) == {"en", "fr"}
        if node.kind == "problem":
            assert all(len(w.phrasings) >= 6 for w in node.wording.values())


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    assert main(["--scale", "1", "--seed", "7", "--out", str(tmp_path / "a")]) == 0
    assert main(["--scale", "1", "--seed", "7", "--out", str(tmp_path / "b")]) == 0
    a, b = _tree(tmp_path / "a"), _tree(tmp_path / "b")
    assert a and a == b


def test_other_seed_other_tree() -> None:
    assert generate(1, seed=1) != generate(1, seed=2)
