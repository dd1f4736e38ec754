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


def test_first_screen_modules_leave_the_results_to_the_loader_thread() -> None:
    """What only the knowledge base needs (its model, the result lists, the article's
    Markdown) is imported by the loader thread, not before the first frame (once the UI
    strings are cached, as after the first start: writing the cache uses kb.store)."""
    modules_after("import jamfkb.tui.i18n; jamfkb.tui.i18n.strings()")
    loaded = modules_after("import jamfkb.tui.app, jamfkb.tui.screens.main")
    later = {"jamfkb.kb.model", "jamfkb.tui.widgets.causes", "jamfkb.tui.widgets.answers",
             "jamfkb.tui.widgets.questions", "jamfkb.tui.widgets.symptoms",
             "jamfkb.tui.widgets.topics", "jamfkb.tui.widgets.article", "markdown_it",
             "html"}
    assert later & loaded == set()


# ------------------------------------------------------------------ layers inside tui/
#
# Low to high; a module may import (at run time, at module or function level) modules of
# its own layer or below, never above. Imports under ``if TYPE_CHECKING:`` only name types
# for annotations: they are not imports at run time, and do not count.
TUI_LAYERS: tuple[tuple[str, ...], ...] = (
    # pure helpers: no widget, no screen
    ("__init__", "i18n", "render_text", "bindings", "session", "history", "highlight",
     "safe_text", "article", "report", "settings", "clipboard", "keymap", "data",
     "content_stats", "topics", "log_places"),
    ("widgets",),
    ("dialogs",),
    ("screens",),
    ("app", "palette", "live_reload", "served", "system_commands"),
    ("cli", "cli_common", "cli_content", "cli_report", "serve", "serve_web"),
)
PACKAGES = ("kb", "engine", "tui", "content")


def module_name(path: Path) -> str:
    relative = path.relative_to(ROOT).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(["jamfkb", *parts])


def _type_checking_lines(tree: ast.Module) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if (isinstance(node, ast.If) and isinstance(node.test, ast.Name)
                and node.test.id == "TYPE_CHECKING"):
            for child in node.body:
                lines.update(range(child.lineno, (child.end_lineno or child.lineno) + 1))
    return lines


def run_time_imports(path: Path, known: set[str]) -> set[str]:
    """The jamfkb modules ``path`` imports at run time, at any level of the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = _type_checking_lines(tree)
    found: set[str] = set()
    for node in ast.walk(tree):
        if getattr(node, "lineno", None) in skipped:
            continue
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # `from jamfkb.tui import i18n` imports the module jamfkb.tui.i18n
            names = [f"{node.module}.{alias.name}" for alias in node.names]
            names = [n if n in known else node.module for n in names]
        else:
            continue
        found.update(n for n in names if n in known)
    return found


def import_graph() -> dict[str, set[str]]:
    paths = [p for package in PACKAGES for p in sorted((ROOT / package).rglob("*.py"))]
    known = {module_name(p) for p in paths}
    return {module_name(p): run_time_imports(p, known) - {module_name(p)} for p in paths}


def tui_layer(module: str) -> int:
    part = module.split(".")[2] if module.count(".") >= 2 else "__init__"
    return next(i for i, layer in enumerate(TUI_LAYERS) if part in layer)


def test_every_tui_module_has_a_layer() -> None:
    for module in import_graph():
        if module.startswith("jamfkb.tui"):
            tui_layer(module)  # StopIteration: a new module needs a place in TUI_LAYERS


def test_no_tui_module_imports_a_layer_above_it() -> None:
    offenders = []
    for module, imported in sorted(import_graph().items()):
        if not module.startswith("jamfkb.tui"):
            continue
        for other in sorted(imported):
            if other.startswith("jamfkb.tui") and tui_layer(other) > tui_layer(module):
                offenders.append(f"{module} → {other}")
    assert offenders == []


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return cycles


def test_find_cycles_sees_a_circle() -> None:
    assert find_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert find_cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle_among_jamfkb_modules() -> None:
    assert find_cycles(import_graph()) == []


def test_highlighting_does_not_match_the_query_again() -> None:
    """The engine says which words matched (Diagnosis.matched_words): the UI only shows it."""
    imported = imported_packages(ROOT / "tui" / "highlight.py")
    graph = import_graph()
    assert "rapidfuzz" not in imported
    assert "jamfkb.engine.matcher" not in graph["jamfkb.tui.highlight"]
