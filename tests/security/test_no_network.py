"""No data leaves the machine: no network, ever. Sockets, connections and name lookups
all fail here, and compiling, loading, diagnosing, scanning and every CLI command work.

The TUI flow under the same guard is in tests/test_hardening_tui.py.
"""

from __future__ import annotations

import io
import json
import socket
from pathlib import Path

import pytest

from jamfkb.engine.consultation import Consultation
from jamfkb.engine.scan import ScanResult, scan_stream
from jamfkb.kb import store
from jamfkb.kb.compiler import compile_tree
from jamfkb.tui.cli import main
from tests.security.support import NetworkUsed, no_network, source_tree
from tests.support import TINY


def test_the_guard_really_blocks() -> None:
    with no_network() as attempts:
        with pytest.raises(NetworkUsed):
            socket.create_connection(("example.com", 80))
        with pytest.raises(NetworkUsed):
            socket.getaddrinfo("example.com", 443)
        with pytest.raises(NetworkUsed):
            socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        a, b = socket.socketpair()  # local pipes (asyncio's self-pipe) stay allowed
        a.close()
        b.close()
    assert len(attempts) == 3


def test_compile_load_diagnose_scan_offline(tmp_path: Path) -> None:
    root = source_tree()
    with no_network() as attempts:
        kb, _ = compile_tree(root)
        assert kb is not None
        result = store.load(root)
        assert result.kb is not None
        assert store.load(root).from_cache
        consultation = Consultation.for_kb(kb)
        consultation.diagnose("macs unresponsive in jamf, AADSTS7000215 invalid client secret")
        scan = ScanResult()
        scan_stream(consultation.matcher,
                    io.BytesIO(b"AADSTS7000215: Invalid client secret provided.\n"), "x", scan)
        consultation.diagnose_findings(scan.hits)
    assert attempts == []


def test_every_cli_command_offline(tmp_path: Path, capsys) -> None:
    log = tmp_path / "x.log"
    log.write_text("PRN-042 toner cartridge empty\n")
    tiny = str(TINY)
    commands = [
        ["check", "--content", tiny],
        ["build", "-o", str(tmp_path / "kb.json"), "--content", tiny],
        ["list", "--content", tiny], ["list", "--json", "--content", tiny],
        ["show", "toner-empty", "--content", tiny],
        ["diagnose", "paper jam", "--content", tiny],
        ["diagnose", "paper jam", "--json", "--answer", "toner-light=yes", "--content", tiny],
        ["scan", str(log), "--content", tiny], ["scan", str(log), "--json", "--content", tiny],
    ]
    with no_network() as attempts:
        for argv in commands:
            capsys.readouterr()
            assert main(argv) == 0, argv
            out = capsys.readouterr().out
            if "--json" in argv:
                json.loads(out)
    assert attempts == []
