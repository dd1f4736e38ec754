"""'Did you mean …' for a mistyped ID: the closest known names, if any is close."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

CUTOFF = 0.75  # difflib ratio: "all-device-affected" finds "all-devices-affected"


def closest(wanted: str, known: Iterable[str], limit: int = 2) -> list[str]:
    return difflib.get_close_matches(wanted.casefold(), sorted(set(known)), n=limit,
                                     cutoff=CUTOFF)


def did_you_mean(wanted: str, known: Iterable[str]) -> str:
    """`` (did you mean 'x'?)``, or an empty string when nothing is close."""
    names = closest(wanted, known)
    if not names:
        return ""
    return " (did you mean " + " or ".join(f"'{n}'" for n in names) + "?)"
