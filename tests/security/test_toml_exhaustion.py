"""Untrusted TOML cannot exhaust the machine: long dotted keys and lines are refused
before tomllib sees them (an 80 KB `a.a.a… = 1` line took 46 s and 6.3 GB in tomllib)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from jamfkb.kb import tomlsrc
from jamfkb.kb.compiler import compile_tree

DOTTED = "a" + ".a" * 40_000 + " = 1"
HEADER = "[" + ".".join(["a"] * 40_000) + "]"
INLINE = "x = { " + ".".join(['"q"'] * 20) + " = 1 }"


@pytest.fixture
def no_tomllib(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if the refused text reaches the parser."""
    def refuse(text: str) -> None:
        raise AssertionError("tomllib was given the hostile text")

    monkeypatch.setattr(tomlsrc.tomllib, "loads", refuse)


@pytest.mark.parametrize("text", [DOTTED, HEADER, INLINE])
def test_hostile_keys_are_refused_before_parsing(text: str, no_tomllib: None) -> None:
    data, error = tomlsrc.parse(text)
    assert data is None
    assert error is not None
    assert error.line == 1


def test_the_error_names_the_column_of_the_key(no_tomllib: None) -> None:
    _, error = tomlsrc.parse('kind = "cause"\n\nx = { ' + ".".join(["b"] * 20) + " = 1 }")
    assert error == tomlsrc.TomlError("dotted key has more than 16 parts", 3, 7)


@pytest.mark.parametrize("text", [
    'v = "1.2.3.4.5.6.7.8.9.10.11.12.13.14.15.16.17.18"',
    "p = ['a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r', 'x']",
    "a.b.c = 1",
    '"a"."b".c = 2',
])
def test_ordinary_toml_still_parses(text: str) -> None:
    data, error = tomlsrc.parse(text)
    assert error is None
    assert data == tomllib.loads(text)


def test_a_hostile_logic_file_is_one_error_at_file_line_col(tiny_tree: Path) -> None:
    (tiny_tree / "toner-empty.toml").write_text('kind = "cause"\n' + DOTTED + "\n")
    kb, diags = compile_tree(tiny_tree)
    assert kb is None
    errors = [d.format() for d in diags.sorted() if d.severity == "error"]
    assert errors == ["toner-empty.toml:2:16385: error: invalid TOML: line is too long "
                      "(80005 characters; the limit is 16384)"]


def test_hostile_front_matter_is_refused_too(tiny_tree: Path) -> None:
    wording = tiny_tree / "toner-empty.en.md"
    wording.write_text(wording.read_text().replace(
        "+++\n", "+++\n" + ".".join(["k"] * 30) + " = 1\n", 1))
    kb, diags = compile_tree(tiny_tree)
    assert kb is None
    assert any(d.format().startswith("toner-empty.en.md:2:1: error: invalid TOML in front "
                                     "matter: dotted key has more than 16 parts")
               for d in diags)
