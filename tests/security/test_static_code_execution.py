"""Code in content never runs: no code execution primitives in the application code.

A grep over kb/, engine/ and tui/: content and input are data, so nothing may evaluate,
unpickle, import by a computed name or go through a shell. Anything legitimate goes in
ALLOWED with the reason it is safe.
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.support import REPO

PACKAGES = ("kb", "engine", "tui")

FORBIDDEN: dict[str, re.Pattern[str]] = {
    "eval": re.compile(r"(?<![\w.])eval\s*\("),
    "exec": re.compile(r"(?<![\w.])exec\s*\("),
    "compile() of source": re.compile(r"(?<![\w.])compile\s*\("),
    "pickle": re.compile(r"\b(c?pickle|shelve|dill|cloudpickle)\b"),
    "marshal": re.compile(r"\bmarshal\b"),
    "__import__": re.compile(r"__import__"),
    "import_module": re.compile(r"\bimport_module\b|\bimportlib\.(?!resources|metadata)"),
    "shell=True": re.compile(r"shell\s*=\s*True"),
    "os.system / popen / exec*": re.compile(r"\bos\.(system|popen|exec\w*|spawn\w*)\b"),
    "yaml.load": re.compile(r"\byaml\.(unsafe_)?load\b"),
    "network": re.compile(r"^\s*(import|from)\s+(socket|urllib|http|requests|httpx|aiohttp|"
                          r"ftplib|smtplib|telnetlib|xmlrpc)\b"),
    "subprocess": re.compile(r"\bsubprocess\b"),
}

# (relative path, rule) -> why it is safe
ALLOWED: dict[tuple[str, str], str] = {
    ("tui/clipboard.py", "subprocess"): (
        "runs a fixed clipboard tool (pbcopy, wl-copy, xclip, xsel) found with shutil.which, "
        "argument list from a constant table, no shell, text passed on stdin, 3 s timeout"
    ),
    ("tui/serve_web.py", "network"): (
        "`jamfkb serve` only, an opt-in command (optional extra): textual-serve's aiohttp "
        "server listens on loopback unless --public is given; it makes no outgoing "
        "connection, and the page it serves links no other host"
    ),
}


def _code_lines(path: Path) -> list[tuple[int, str]]:
    """Source lines without comments and docstring-only lines (good enough for a grep)."""
    out = []
    in_doc = False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        stripped = line.strip()
        quotes = stripped.count('"""') + stripped.count("'''")
        if in_doc:
            if quotes % 2 == 1:
                in_doc = False
            continue
        if stripped.startswith(('"""', "'''")):
            if quotes % 2 == 1:
                in_doc = True
            continue
        if stripped.startswith("#"):
            continue
        out.append((number, line.split("  #", 1)[0]))
    return out


def test_no_code_execution_primitives() -> None:
    found = []
    used_allowances = set()
    for package in PACKAGES:
        for path in sorted((REPO / package).rglob("*.py")):
            rel = path.relative_to(REPO).as_posix()
            for number, line in _code_lines(path):
                for rule, pattern in FORBIDDEN.items():
                    if pattern.search(line):
                        if (rel, rule) in ALLOWED:
                            used_allowances.add((rel, rule))
                            continue
                        found.append(f"{rel}:{number}: {rule}: {line.strip()}")
    assert not found, "code execution / shell / network primitive:\n" + "\n".join(found)


def test_allowances_are_still_needed() -> None:
    """An allowance for code that is gone must be removed, so the list stays honest."""
    for (rel, rule) in ALLOWED:
        path = REPO / rel
        assert path.is_file(), rel
        assert any(FORBIDDEN[rule].search(line) for _, line in _code_lines(path)), (rel, rule)


def test_subprocess_calls_pass_argument_lists() -> None:
    """Where subprocess is allowed, every call gets a list, never a string for a shell."""
    for (rel, rule) in ALLOWED:
        if rule != "subprocess":
            continue
        text = (REPO / rel).read_text(encoding="utf-8")
        for call in re.finditer(r"subprocess\.(run|Popen|call|check_call|check_output)\(\s*"
                                r"(\S)", text):
            assert call.group(2) == "[", f"{rel}: subprocess call without an argument list"
