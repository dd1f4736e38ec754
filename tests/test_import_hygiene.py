"""Data flows one way (content → kb → engine → tui), and the CLI stays light.

Each check runs in a fresh interpreter so that earlier imports cannot hide a problem.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# package → packages it must never import
FORBIDDEN = {
    "kb": {"engine", "tui", "textual", "experta", "rapidfuzz"},
    "engine": {"tui", "textual"},
}


def package_of(module: str) -> str:
    """`jamfkb.kb.store` → `kb`; a third-party module → its top-level name."""
    parts = module.split(".")
    return parts[1] if parts[0] == "jamfkb" and len(parts) > 1 else parts[0]


def imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(package_of(alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(package_of(node.module))
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_no_import_points_backwards(package: str) -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(imported_packages(path) & FORBIDDEN[package])
        for path in sorted((ROOT / package).rglob("*.py"))
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def modules_after(code: str) -> set[str]:
    probe = f"{code}\nimport sys\nprint('\\n'.join(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True, cwd=ROOT)
    return set(done.stdout.split())


def test_cli_does_not_import_textual() -> None:
    loaded = modules_after("import jamfkb.tui.cli as cli; cli.build_parser()")
    assert "textual" not in loaded
    assert "experta" not in loaded  # the engine loads only for the commands that need it


def test_loading_a_cached_kb_does_not_import_the_markdown_parser() -> None:
    loaded = modules_after("import jamfkb.kb.store")
    assert "markdown_it" not in loaded


def test_first_screen_modules_do_not_import_the_engine() -> None:
    loaded = modules_after("import jamfkb.tui.app, jamfkb.tui.screens.main")
    assert "experta" not in loaded
    assert "jamfkb.engine.inference" not in loaded
