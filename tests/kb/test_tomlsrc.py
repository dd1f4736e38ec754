"""Source lines in TOML (kb/tomlsrc.py): each phrasing's line, and lines counted at
newlines only, whatever Unicode line breaks the text holds."""

from __future__ import annotations

from pathlib import Path

from jamfkb.kb.compiler import compile_tree
from tests.support import copy_tiny


def test_array_string_lines_gives_up_on_what_is_not_an_array() -> None:
    from jamfkb.kb.tomlsrc import array_string_lines

    assert array_string_lines('title = "x"\n', 1) == []
    assert array_string_lines('a = ["x",\n "y"]\n', 1) == [1, 2]
    assert array_string_lines('a = []\n', 1) == []
    assert array_string_lines('a = ["x"]\n', 5) == []


def test_line_numbers_count_newlines_only(tmp_path: Path) -> None:
    root = copy_tiny(tmp_path)
    (root / "paper-jam.en.md").write_text(
        '+++\ntitle = "Paper\u2028jams\u2028x\u2028y\u0085z"\nphrasings = 3\n+++\n# Paper jams\n',
        encoding="utf-8")
    _, diags = compile_tree(root)
    lines = {d.line for d in diags if d.path == "paper-jam.en.md" and "phrasings" in d.message}
    assert lines == {3}, lines
