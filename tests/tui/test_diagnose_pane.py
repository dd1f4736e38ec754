"""tui/widgets/diagnose_pane.py: the hint above the causes."""

from __future__ import annotations

from pathlib import Path

from jamfkb.engine.consultation import Consultation
from jamfkb.kb.store import load
from jamfkb.tui.widgets.diagnose_pane import hint_key

TINY = Path(__file__).resolve().parent.parent / "fixtures" / "tiny"


def test_hint_follows_the_loading_and_the_diagnosis() -> None:
    assert hint_key(False, False, None, False) == "status.loading"
    assert hint_key(False, True, None, False) == "status.load_failed"
    assert hint_key(True, False, None, False) == "causes.empty"
    kb = load(TINY).kb
    assert kb is not None
    consultation = Consultation.for_kb(kb)
    assert hint_key(True, False, consultation.diagnose("printer does not print"), False) \
        is None
    assert hint_key(True, False, consultation.diagnose("zebra giraffe"), False) \
        == "report.nothing"
