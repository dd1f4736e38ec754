"""How a diagnostic prints: path, line, column, severity, message."""

from __future__ import annotations

from jamfkb.kb.diagnostics import Diagnostic


def test_diagnostic_format() -> None:
    d = Diagnostic("causes/x.toml", 3, 7, "error", "boom")
    assert d.format("content") == "content/causes/x.toml:3:7: error: boom"
