"""The log scanner: line numbers with either line ending, messages inside ANSI colour codes,
one finding per message, and a fast line filter that never hides a signature."""

from __future__ import annotations

import io
import random
from pathlib import Path

import pytest

from jamfkb.engine.consultation import Consultation
from jamfkb.engine.matcher import Matcher
from jamfkb.engine.scan import ScanResult, scan_stream
from jamfkb.kb.store import load
from jamfkb.kb.text import fold
from tests.support import SIG_CAUSE, SIG_PROBLEM


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    kb = load().kb
    assert kb is not None
    return Matcher(kb)


def _log(matcher: Matcher, seed: int) -> bytes:
    rng = random.Random(seed)
    noise = ["kernel: wlan0 associated", "mdmclient: DeviceInformation", "é accentué ligne",
             "\x1b[32mok\x1b[0m", "update_device_attributes granted", "Azure AD sync done"]
    lines = []
    for _ in range(400):
        if rng.random() < 0.2:
            text = rng.choice(matcher.signatures).text
            variant = rng.choice([text, text.upper(), text.lower(), f"\x1b[31m{text}\x1b[0m",
                                  text.replace(" ", "  "), f"[ERROR] {text}!!"])
            lines.append(f"2024-05-02 host app[1]: {variant}")
        else:
            lines.append(rng.choice(noise))
    return "\n".join(lines).encode()


@pytest.mark.parametrize("seed", range(5))
def test_line_filter_agrees_with_full_folding(matcher: Matcher, seed: int) -> None:
    data = _log(matcher, seed)
    fast = ScanResult()
    scan_stream(matcher, io.BytesIO(data), "x.log", fast)
    saved, matcher.key_words = matcher.key_words, None
    try:
        slow = ScanResult()
        scan_stream(matcher, io.BytesIO(data), "x.log", slow)
    finally:
        matcher.key_words = saved
    assert saved is not None
    assert [(f.line, f.hit.signature) for f in fast.findings] == \
        [(f.line, f.hit.signature) for f in slow.findings]
    assert fast.findings


def test_one_finding_per_message_and_conclusion(matcher: Matcher) -> None:
    """The full Entra ID message holds the bare code, and both are signatures of one
    cause: the line is one finding, not one per signature (found by a QA pass)."""
    line = (b"2025-01-01 ERROR AADSTS7000215: Invalid client secret provided. Ensure the "
            b"secret being sent in the request is the client secret value\n")
    everything = matcher.find_signatures(fold(line.decode()))
    assert len(everything) >= 2  # the code alone and the message
    result = ScanResult()
    scan_stream(matcher, io.BytesIO(b"boot\n" + line + b"ok\n"), "log", result)
    assert [(f.line, f.hit.cause) for f in result.findings] == [(2, "client-secret-invalid")]
    longest = max(everything, key=lambda h: len(h.text))
    assert result.findings[0].hit.signature == longest.signature
    # two different messages on one line stay two findings
    two = ScanResult()
    scan_stream(matcher, io.BytesIO(
        b"AADSTS7000215: Invalid client secret provided. / AADSTS7000222\n"), "log", two)
    assert len({f.hit.signature for f in two.findings}) == 2


@pytest.mark.parametrize("newline", [b"\n", b"\r\n"])
def test_line_numbers_with_both_line_endings(consultation: Consultation, newline: bytes) -> None:
    raw = newline.join([b"a", b"b " + SIG_CAUSE, b"", b"c", SIG_PROBLEM])
    result = ScanResult()
    scan_stream(consultation.matcher, io.BytesIO(raw), "x", result)
    assert [f.line for f in result.findings] == [2, 5]


def test_ansi_coloured_message_is_found(consultation: Consultation) -> None:
    raw = b"\x1b[31m" + SIG_CAUSE + b"\x1b[0m\n"
    result = ScanResult()
    scan_stream(consultation.matcher, io.BytesIO(raw), "x", result)
    assert [f.line for f in result.findings] == [1]


def test_block_boundaries_and_long_lines_lose_nothing(
        matcher: Matcher, monkeypatch: pytest.MonkeyPatch) -> None:
    """Blocks cut lines anywhere and a line longer than MAX_PIECE is read in pieces: the
    findings and their line numbers are those of a scan with one big block."""
    import jamfkb.engine.scan as scan

    sig = matcher.signatures[0].text.encode()
    data = (b"noise\n" * 3 + b"x" * (scan.MAX_PIECE + 500) + b" " + sig + b"\n" + b"ok\n" * 2
            + sig + b"\n" + b"tail " + sig)
    whole = ScanResult()
    scan_stream(matcher, io.BytesIO(data), "x.log", whole)
    assert sorted({f.line for f in whole.findings}) == [4, 7, 8]
    assert whole.lines == 8
    for size in (7, 64, 4096):
        monkeypatch.setattr(scan, "BLOCK", size)
        cut = ScanResult()
        scan_stream(matcher, io.BytesIO(data), "x.log", cut)
        assert [(f.line, f.hit.signature) for f in cut.findings] == \
            [(f.line, f.hit.signature) for f in whole.findings], size
        assert cut.lines == whole.lines


def test_gzip_logs_and_folders(matcher: Matcher, tmp_path: Path) -> None:
    import gzip

    from jamfkb.engine.scan import log_files, scan_files

    sig = matcher.signatures[0].text
    (tmp_path / "logs" / "old").mkdir(parents=True)
    (tmp_path / "logs" / "jamf.log").write_text(f"a\n{sig}\n")
    with gzip.open(tmp_path / "logs" / "old" / "jamf.log.1.gz", "wt") as handle:
        handle.write(f"b\nc\n{sig}\n")
    (tmp_path / "logs" / "old" / "jamf.log.2").write_text(f"{sig}\n")  # rotated, plain
    (tmp_path / "logs" / "notes.pdf").write_bytes(b"%PDF")
    (tmp_path / "logs" / ".hidden.log").write_text(f"{sig}\n")
    files = log_files([str(tmp_path / "logs")])
    assert [Path(f).name for f in files] == ["jamf.log", "jamf.log.1.gz", "jamf.log.2"]
    result = scan_files(matcher, files)
    assert sorted({(Path(f.file).name, f.line) for f in result.findings}) == [
        ("jamf.log", 2), ("jamf.log.1.gz", 3), ("jamf.log.2", 1)]
    assert result.files == 3


def test_a_long_line_is_shown_from_just_before_its_message(matcher: Matcher) -> None:
    """A message in the middle of a 1 MiB line: the finding shows the message, not the
    line's first 200 characters of junk."""
    sig = matcher.signatures[0].text
    data = b"z" * (1 << 20) + b" " + sig.encode() + b" " + b"z" * (1 << 20) + b"\n"
    result = ScanResult()
    scan_stream(matcher, io.BytesIO(data), "x.log", result)
    assert {f.line for f in result.findings} == {1}  # one per signature that has this text
    shown = result.findings[0].text
    assert shown.startswith("…z") and sig[:20] in shown and len(shown) <= 200


def test_a_long_message_on_a_long_line_is_found_whole(tmp_path: Path) -> None:
    """A line of 8–64 KiB is matched in windows around its key words: a window must hold
    the whole message, even one of 3,000 characters (the old ±2 KiB did not)."""
    from tests.support import copy_tiny

    root = copy_tiny(tmp_path)
    # no digits (the tiny base's key word "042" would match inside "part0042"); the
    # key word is the greatest word, the last one, 3,000 bytes after the message starts
    words = ["zq" + "".join(chr(97 + i // 26 ** k % 26) for k in (2, 1, 0)) for i in range(550)]
    long_message = "TONER LOW warning " + " ".join(words)
    cause = root / "toner-empty.toml"
    cause.write_text(cause.read_text(encoding="utf-8").replace(
        'signature = "TONER LOW warning"', f'signature = "{long_message}"'), encoding="utf-8")
    kb = load(root, use_cache=False).kb
    assert kb is not None and len(long_message) > 3000
    matcher = Matcher(kb)
    line = b"x" * 20_000 + b" " + long_message.encode() + b" " + b"y" * 20_000 + b"\n"
    result = ScanResult()
    scan_stream(matcher, io.BytesIO(b"start\n" + line), "x.log", result)
    assert {(f.line, f.hit.cause) for f in result.findings} == {(2, "toner-empty")}
