"""The contract of ``jamfkb serve`` that needs no browser: help, the missing extra, the
refusal to listen beyond loopback without --public, the language and the tab's command.
No test here binds a port: every refusal comes before the server starts."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from jamfkb.tui import serve
from tests.support import run


@pytest.fixture
def never_serve(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, object]]:
    """Stand in for the web server: records how it was built, never binds a port."""
    pytest.importorskip("textual_serve")
    import jamfkb.tui.serve_web as serve_web

    built: list[dict[str, object]] = []

    class FakeServer:
        def __init__(self, **kw: object) -> None:
            built.append(kw)

        def serve(self) -> None:
            pass

    monkeypatch.setattr(serve_web, "JamfkbServer", FakeServer)
    return built


def test_help_names_every_option(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        run(capsys, "serve", "--help")
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    for option in ("--host", "--port", "--public", "--public-url", "--lang", "--content"):
        assert option in out
    assert "127.0.0.1" in out


def test_missing_extra_says_how_to_install_it(capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    # As if textual-serve were not installed: importing it fails.
    monkeypatch.setitem(sys.modules, "textual_serve", None)
    monkeypatch.setitem(sys.modules, "textual_serve.server", None)
    monkeypatch.delitem(sys.modules, "jamfkb.tui.serve_web", raising=False)
    code, out, err = run(capsys, "serve", "--lang", "en")
    assert code == 2
    assert 'pip install "jamfkb[serve]"' in err
    assert out == ""


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20", "helpdesk.example.com"])
def test_a_non_loopback_address_needs_public(capsys: pytest.CaptureFixture[str],
                                             host: str) -> None:
    code, _, err = run(capsys, "serve", "--host", host, "--lang", "en")
    assert code == 2
    assert "--public" in err and "no login" in err


def test_public_binds_with_a_warning(capsys: pytest.CaptureFixture[str],
                                     never_serve: list[dict[str, object]]) -> None:
    code, _, err = run(capsys, "serve", "--host", "0.0.0.0", "--port", "8080", "--public",
                       "--lang", "en")
    assert code == 0
    assert "warning" in err and "no login" in err and "reverse proxy" in err
    assert never_serve[0]["host"] == "0.0.0.0" and never_serve[0]["port"] == 8080


def test_loopback_by_default_without_warning(capsys: pytest.CaptureFixture[str],
                                             never_serve: list[dict[str, object]]) -> None:
    code, _, err = run(capsys, "serve")
    assert code == 0 and err == ""
    built = never_serve[0]
    assert built["host"] == "127.0.0.1" and built["port"] == 8000
    assert built["public_url"] == "http://127.0.0.1:8000" and built["lang"] is None


def test_bad_port_and_bad_language_are_usage_errors(capsys: pytest.CaptureFixture[str]
                                                    ) -> None:
    assert run(capsys, "serve", "--port", "0")[0] == 2
    assert run(capsys, "serve", "--port", "70000")[0] == 2
    assert run(capsys, "serve", "--lang", "de")[0] == 2


@pytest.mark.parametrize("host", ["127.0.0.1", "127.8.9.1", "::1", "[::1]", "localhost"])
def test_loopback_addresses(host: str) -> None:
    assert serve.is_loopback(host)


@pytest.mark.parametrize(("header", "lang"), [
    ("fr-FR,fr;q=0.9,en-US;q=0.8,en;q=0.7", "fr"),
    ("en-GB,en;q=0.9,fr;q=0.8", "en"),
    ("de-DE,de;q=0.9,fr;q=0.5,en;q=0.4", "fr"),
    ("en;q=0.2, fr;q=0.8", "fr"),
    ("fr;q=0, en", "en"),
    ("FR-ca", "fr"),
    ("de, *", None),
    ("fr;q=abc", None),
    ("", None),
    (None, None),
    ("x" * 100_000 + ",fr", None),  # past the length read: ignored, not parsed
])
def test_accept_language(header: str | None, lang: str | None) -> None:
    assert serve.lang_from_accept_language(header) == lang


def test_lang_flag_wins_over_the_browser() -> None:
    assert serve.pick_lang("en", "fr-FR,fr") == "en"
    assert serve.pick_lang(None, "fr-FR,fr") == "fr"
    assert serve.pick_lang(None, None) is None


def test_the_tab_command_is_quoted_for_the_shell(tmp_path: Path) -> None:
    odd = tmp_path / "kb; rm -rf ~ $(x)"
    argv = shlex.split(serve.child_command(odd, "fr"))
    assert argv == [sys.executable, "-m", "jamfkb.tui.served", "--content", str(odd.resolve()),
                    "--lang", "fr"]
    assert shlex.split(serve.child_command(None, None))[-1] == "jamfkb.tui.served"


def test_the_server_picks_each_tabs_language_from_its_request() -> None:
    pytest.importorskip("textual_serve")
    from jamfkb.tui.serve_web import JamfkbServer

    def request(header: str) -> object:
        return SimpleNamespace(headers={"Accept-Language": header})

    server = JamfkbServer(host="127.0.0.1", port=1, public_url="http://x", content=None,
                          lang=None)
    assert server.command_for(request("fr-FR,fr;q=0.9")).endswith("--lang fr")  # type: ignore[arg-type]
    assert server.command_for(request("de")).endswith("jamfkb.tui.served")  # type: ignore[arg-type]
    pinned = JamfkbServer(host="127.0.0.1", port=1, public_url="http://x", content=None,
                          lang="en")
    assert pinned.command_for(request("fr-FR")).endswith("--lang en")  # type: ignore[arg-type]


def test_the_page_links_nothing_outside_the_server() -> None:
    pytest.importorskip("textual_serve")
    from jamfkb.tui.serve_web import JamfkbServer, offline_index

    page = offline_index(JamfkbServer(host="127.0.0.1", port=1, public_url="http://x",
                                      content=None, lang=None).templates_path)
    assert "googleapis" not in page and "https://" not in page
    assert "{{ config.static.url }}css/xterm.css" in page  # its own links stay
