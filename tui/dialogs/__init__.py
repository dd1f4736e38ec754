"""jamfkb's dialogs."""

from __future__ import annotations

from typing import Any


def localize_bindings(app: Any) -> None:
    """A dialog's footer in the app's language: the app relabels every binding by its ID
    (any other app, as in a widget test, leaves the English descriptions)."""
    localize = getattr(app, "localize_bindings", None)
    if localize is not None:
        localize()
