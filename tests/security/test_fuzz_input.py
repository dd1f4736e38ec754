"""Fuzz hostile input: the matcher, `diagnose` and `scan` take any text or bytes.

Certainties stay in range, findings stay terminal-safe, and `--json` stays JSON, with
markup, escape codes, right-to-left text and 1 MB inputs.

CI runs a small budget. For a long run::

    JAMFKB_FUZZ_EXAMPLES=5000 .venv/bin/python -m pytest tests/security/test_fuzz_input.py -q
"""

from __future__ import annotations

import io
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jamfkb.engine.scan import ScanResult, scan_stream
from jamfkb.tui.cli import main
from tests.security.support import fuzz_settings, unsafe_chars
from tests.support import TINY

# Characters that currently break `--json` output (BUG-C in SECURITY.md / the hardening
# report): terminal_safe turns them into "\xNN", which is not a JSON escape. The fuzzers
# keep them out so they test everything else; test_terminal_escapes.py holds the test
# for the bug. Empty this string once the bug is fixed.
KNOWN_JSON_BUG_CHARS = ""


# ------------------------------------------------------------------ engine on any text


MARKUP = ["[@click=app.quit]", "[bold red]", "[/]", "[link=https://evil.example]x[/link]",
          "\x1b]0;pwned\x07", "\x1b[2J", "\x1b]52;c;cHduZWQ=\x07", "\u202eevil\u202c",
          "שלום עולם", "مرحبا", "\u200f", "\x00", "\r", "\x9b31m", "$(touch PWNED)",
          "`touch PWNED`", "__import__('os').system('touch PWNED')", "{0}", "%s%n",
          "PRN-042 toner cartridge empty", "TONER LOW warning", "paper jam", "bourrage papier"]


any_text = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x250)),
    st.lists(st.one_of(st.sampled_from(MARKUP), st.text(max_size=10)), max_size=12)
    .map("".join),
    st.lists(st.one_of(st.sampled_from(MARKUP), st.text(max_size=10)), max_size=12)
    .map("\n".join),
)


def assert_diagnosis_in_range(d) -> None:
    for m in d.mentions:
        assert 0.0 <= m.score <= 1.0, m
    for p in d.problems:
        assert 0.0 <= p.certainty <= 1.0, p
    for c in d.causes:
        assert 0.0 <= c.certainty <= 1.0, c
    for c in d.ruled_out:
        assert -1.0 <= c.certainty <= 0.0, c  # == 0.0: see test_balanced_evidence_*


@fuzz_settings(200)
@given(text=any_text, answer=st.sampled_from([{}, {"toner-light": "yes"},
                                              {"toner-light": "no"},
                                              {"toner-light": "unknown"}]))
def test_matcher_and_diagnose_take_any_text(tiny_consultation, text, answer) -> None:
    mentions, _hits = tiny_consultation.matcher.match(text)
    assert all(0.0 <= m.score <= 1.0 for m in mentions)
    d = tiny_consultation.diagnose(text, answers=answer)
    assert_diagnosis_in_range(d)


@fuzz_settings(150)
@given(raw=st.one_of(st.binary(max_size=4000),
                     any_text.map(lambda t: t.encode("utf-8", "surrogatepass"))))
def test_scan_takes_any_bytes(tiny_consultation, raw) -> None:
    result = ScanResult()
    scan_stream(tiny_consultation.matcher, io.BytesIO(raw), "x.log", result)
    lines = raw.count(b"\n") + (0 if raw.endswith(b"\n") or not raw else 1)
    assert result.lines == lines
    for f in result.findings:
        assert 1 <= f.line <= max(lines, 1)
        assert unsafe_chars(f.text) == []
    assert_diagnosis_in_range(tiny_consultation.diagnose_findings(result.hits))


@fuzz_settings(80)
@given(text=any_text.filter(lambda t: t.strip() and not t.startswith("-")
                            and not set(t) & set(KNOWN_JSON_BUG_CHARS)))
def test_diagnose_cli_json_is_always_json(text, capsys) -> None:
    capsys.readouterr()
    assert main(["diagnose", text, "--json", "--content", str(TINY)]) == 0
    out = capsys.readouterr().out
    assert unsafe_chars(out) == []
    payload = json.loads(out)
    for s in payload["symptoms"]:
        assert 0.0 <= s["score"] <= 1.0
    for c in payload["causes"]:
        assert 0.0 <= c["certainty"] <= 1.0


# ------------------------------------------------------------------ 1 MB inputs


def _megabyte(piece: str) -> str:
    return (piece * (1_000_000 // max(len(piece), 1) + 1))[:1_000_000]


BIG_INPUTS = {
    "phrasing lines": _megabyte("paper jam and the toner light is on\n"),
    "one line of words": _megabyte("paper jam toner roller driver printer "),
    "control chars": _megabyte("\x00\x1b[2J\x07\x9b\x7f\r"),
    "markup": _megabyte("[@click=app.quit][bold red]PRN-042 toner cartridge empty[/] "),
    "right to left": _megabyte("\u202eשלום مرحبا paper jam\u202c "),
    "expanding ligatures": "\ufdfa" * 50_000,
}


@pytest.mark.parametrize("name", sorted(BIG_INPUTS))
def test_one_megabyte_inputs(tiny_consultation, name) -> None:
    text = BIG_INPUTS[name]
    d = tiny_consultation.diagnose(text)
    assert_diagnosis_in_range(d)
    result = ScanResult()
    scan_stream(tiny_consultation.matcher, io.BytesIO(text.encode("utf-8", "surrogatepass")),
                "big.log", result)
    for f in result.findings:
        assert unsafe_chars(f.text) == []
