"""`jamfkb search TEXT [--kind KIND] [--top N] [--json]`."""

from __future__ import annotations

import json

import pytest

from jamfkb.tui.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_search_json_contract(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "search", "jeton", "--json", "--lang", "fr")
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"query", "lang", "results"}
    assert (data["query"], data["lang"]) == ("jeton", "fr")
    first = data["results"][0]
    assert set(first) == {"id", "kind", "title", "score"}
    assert first["id"] in {"graph-token-error", "aad-token-refresh-failed"}
    assert "jeton" in first["title"].lower()


def test_nothing_found_is_not_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "search", "zzqx", "--json")
    assert code == 0
    assert json.loads(out)["results"] == []
    code, out, _ = run(capsys, "search", "zzqx", "--lang", "en")
    assert (code, out.strip()) == (0, "No topic matches these words.")


def test_text_output_ranks_best_first(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "search", "keychain", "--top", "2", "--lang", "en")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 2
    assert "keychain-prompt" in lines[0]


def test_bad_kind_and_top_are_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "search", "x", "--kind", "printer")
    assert code == 2
    assert err.startswith("jamfkb: error: unknown kind 'printer'")
    code, _, err = run(capsys, "search", "x", "--top", "0")
    assert code == 2
