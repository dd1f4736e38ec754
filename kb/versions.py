"""Version numbers and version constraints, such as ``>=10.24.2, <10.26.1``.

A cause that belongs to given Jamf Pro versions says so once, in its logic file
(``versions = ">=10.24.2, <10.26.1"``). The compiler checks the syntax here and reports
a mistake at its column; the engine asks :func:`satisfies` once a version is known.
Versions compare as numbers, part by part, missing parts being zero: ``10.25`` is
``10.25.0``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPERATORS = (">=", "<=", "==", "!=", ">", "<")  # two-character ones first
VERSION_PATTERN = re.compile(r"^\d{1,4}(?:\.\d{1,4}){0,3}$")

Version = tuple[int, ...]


def parse_version(text: str) -> Version | None:
    """``"10.25.0"`` → ``(10, 25, 0)``; None when it is not a version."""
    text = text.strip()
    if not VERSION_PATTERN.match(text):
        return None
    return tuple(int(part) for part in text.split("."))


def _padded(a: Version, b: Version) -> tuple[Version, Version]:
    width = max(len(a), len(b))
    return a + (0,) * (width - len(a)), b + (0,) * (width - len(b))


def compare(a: Version, b: Version) -> int:
    pa, pb = _padded(a, b)
    return (pa > pb) - (pa < pb)


@dataclass(frozen=True, slots=True)
class Clause:
    operator: str
    version: Version
    text: str  # the version as written

    def holds(self, version: Version) -> bool:
        c = compare(version, self.version)
        return {">=": c >= 0, "<=": c <= 0, "==": c == 0, "!=": c != 0, ">": c > 0,
                "<": c < 0}[self.operator]


@dataclass(frozen=True, slots=True)
class ConstraintError:
    message: str
    col: int  # 1-based, within the constraint text


def parse_constraint(text: str) -> tuple[tuple[Clause, ...], ConstraintError | None]:
    """Clauses separated by commas, each an operator and a version; all must hold."""
    clauses: list[Clause] = []
    offset = 0
    for part in text.split(","):
        start = offset + len(part) - len(part.lstrip())
        offset += len(part) + 1
        item = part.strip()
        if not item:
            return (), ConstraintError("empty clause: write clauses such as '>=10.24.2' "
                                       "separated by commas", start + 1)
        operator = next((op for op in OPERATORS if item.startswith(op)), None)
        if operator is None:
            return (), ConstraintError(f"'{item}' needs an operator: one of "
                                       f"{', '.join(OPERATORS)}", start + 1)
        written = item[len(operator):].strip()
        version = parse_version(written)
        if version is None:
            col = start + 1 + len(operator) + (len(item) - len(operator) - len(
                item[len(operator):].lstrip()))
            return (), ConstraintError(f"'{written}' is not a version such as 10.24.2", col)
        clauses.append(Clause(operator, version, written))
    return tuple(clauses), None


def canonical(clauses: tuple[Clause, ...]) -> str:
    """The constraint as the engine and the explanations show it: ``>=10.24.2, <10.26.1``."""
    return ", ".join(f"{c.operator}{c.text}" for c in clauses)


def satisfies(version: str, constraint: str) -> bool | None:
    """Whether ``version`` lies within ``constraint``; None when either does not parse."""
    parsed = parse_version(version)
    clauses, error = parse_constraint(constraint)
    if parsed is None or error is not None:
        return None
    return all(c.holds(parsed) for c in clauses)
