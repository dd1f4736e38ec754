"""Problems found in content, each anchored at ``path:line:col``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from jamfkb.kb.text import one_line

Severity = Literal["error", "warning"]
MAX_LINE = 2000  # a diagnostic quotes content; past this it is cut


@dataclass(frozen=True, slots=True)
class Diagnostic:
    path: str  # relative to the content root
    line: int
    col: int
    severity: Severity
    message: str

    def format(self, root_display: str = "") -> str:
        """One line, whatever the path or message hold: a key or a file name with a
        newline in it cannot forge a second diagnostic."""
        path = self.path
        if root_display:  # "." is the root itself (a missing folder): not "root/."
            root = root_display.rstrip("/") or "/"
            path = root if path == "." else f"{root.rstrip('/')}/{path}"
        return one_line(f"{path}:{self.line}:{self.col}: {self.severity}: {self.message}",
                        MAX_LINE)


class DiagnosticList(list[Diagnostic]):
    def error(self, path: str, line: int, message: str, col: int = 1) -> None:
        self.append(Diagnostic(path, max(line, 1), max(col, 1), "error", message))

    def warning(self, path: str, line: int, message: str, col: int = 1) -> None:
        self.append(Diagnostic(path, max(line, 1), max(col, 1), "warning", message))

    @property
    def has_errors(self) -> bool:
        return any(d.severity == "error" for d in self)

    def sorted(self) -> list[Diagnostic]:
        return sorted(self, key=lambda d: (d.path, d.line, d.col, d.severity, d.message))
