"""Helpers of the security tests: the fuzz budget, output checks, the no-network guard and
a content tree full of hostile payloads.

Fuzz budget: every hypothesis test takes ``max_examples`` from :func:`examples`, so CI stays
fast and a long run is one environment variable away::

    JAMFKB_FUZZ_EXAMPLES=5000 .venv/bin/python -m pytest tests/security/test_fuzz_*.py
"""

from __future__ import annotations

import os
import re
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hypothesis import HealthCheck, settings

from tests.support import CONTENT, TINY, copy_tiny


def examples(default: int) -> int:
    """``default`` examples in CI; ``JAMFKB_FUZZ_EXAMPLES`` overrides (scaled per test)."""
    override = os.environ.get("JAMFKB_FUZZ_EXAMPLES")
    return max(1, int(override)) if override else default


def fuzz_settings(default: int) -> settings:
    return settings(
        max_examples=examples(default),
        deadline=None,
        database=None,  # no .hypothesis/ in the work tree; failures print a reproduce blob
        print_blob=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                               HealthCheck.function_scoped_fixture],
    )


_real_content_ok: bool | None = None


def real_content_usable() -> bool:
    """True when the bundled content compiles without errors (it is still being written)."""
    global _real_content_ok
    if _real_content_ok is None:
        from jamfkb.kb.compiler import compile_tree

        kb, _ = compile_tree(CONTENT)
        _real_content_ok = kb is not None
    return _real_content_ok


def source_tree() -> Path:
    """Real content when it is valid, else the tiny fixture (both used read-only)."""
    return CONTENT if real_content_usable() else TINY


# ------------------------------------------------------------------ terminal safety


# What must never reach a terminal raw: C0 controls but newline and tab, DEL, C1 controls,
# bidirectional overrides, and lone surrogates (undecodable bytes smuggled through
# surrogateescape, which the stream writes back as raw bytes such as 0x9b = CSI).
UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\ud800-\udfff]"
)


def unsafe_chars(text: str) -> list[str]:
    return sorted({repr(c) for c in UNSAFE.findall(text)})


def unsafe_bytes(data: bytes) -> list[str]:
    """Unsafe characters in raw output bytes (decoded as UTF-8; bad bytes count as unsafe)."""
    return unsafe_chars(data.decode("utf-8", errors="surrogateescape"))


def assert_safe(*texts: str) -> None:
    for text in texts:
        assert unsafe_chars(text) == [], text[:2000]


# ------------------------------------------------------------------ no network


class NetworkUsed(AssertionError):
    pass


@contextmanager
def no_network() -> Iterator[list[str]]:
    """Make any Internet socket, connection or name lookup fail loudly; yields the attempts.

    Local AF_UNIX sockets stay allowed: asyncio (and so Textual) builds its self-pipe with
    ``socket.socketpair``.
    """
    attempts: list[str] = []
    real_socket = socket.socket
    saved = {name: getattr(socket, name) for name in
             ("socket", "create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex")}

    class GuardedSocket(real_socket):  # type: ignore[misc,valid-type]
        def __init__(self, family: int = -1, type: int = -1, proto: int = -1,
                     fileno: int | None = None) -> None:
            fam = socket.AF_INET if family == -1 else family
            if fileno is None and fam in (socket.AF_INET, socket.AF_INET6):
                attempts.append(f"socket({fam})")
                raise NetworkUsed(f"network socket opened: family {fam}")
            super().__init__(family, type, proto, fileno)

    def refuse(name: str):
        def _refuse(*args: object, **kwargs: object) -> None:
            attempts.append(f"{name}{args!r}")
            raise NetworkUsed(f"network call: socket.{name}{args!r}")

        return _refuse

    socket.socket = GuardedSocket  # type: ignore[misc]
    for name in ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex"):
        setattr(socket, name, refuse(name))
    try:
        yield attempts
    finally:
        for name, value in saved.items():
            setattr(socket, name, value)


# ------------------------------------------------------------------ hostile content


# One string that would do harm if anything evaluated, shelled, marked-up or printed it raw.
# Written with TOML escapes so that it can sit inside a TOML basic string.
PAYLOAD_TOML = (
    "__import__('os').system('touch PWNED') $(touch PWNED) `touch PWNED` "
    "[@click=app.quit] [bold red]red[/bold red] \\u001b]0;pwned\\u0007 \\u001b[2J "
    "\\u001b]52;c;cHduZWQ=\\u0007 \\u202eevil\\u202c \\r"
)


# The same, raw, for Markdown bodies (files may hold control characters).
PAYLOAD_RAW = (
    "__import__('os').system('touch PWNED') $(touch PWNED) `touch PWNED` "
    "[@click=app.quit] [bold red]red[/bold red] \x1b]0;pwned\x07 \x1b[2J "
    "\x1b]52;c;cHduZWQ=\x07 \u202eevil\u202c \r"
)


MARKUP = "[@click=app.quit]"

# Single-line fields (titles, summaries, phrasings, choice labels) refuse control
# characters at `check` (a newline there forged output lines): they carry the payload
# without them. Bodies, signatures and sources keep the whole payload.
PAYLOAD_LINE = (
    "__import__('os').system('touch PWNED') $(touch PWNED) `touch PWNED` "
    "[@click=app.quit] [bold red]red[/bold red] [link=https://evil.example]x[/link] [/]"
)


def line_safe(text: str) -> str:
    """The payload of a single-line field: PAYLOAD_TOML swapped for PAYLOAD_LINE."""
    return text.replace(PAYLOAD_TOML, PAYLOAD_LINE)


def _wording(title: str, phrasings: list[str], body: str, extra: str = "") -> str:
    title, phrasings = line_safe(title), [line_safe(p) for p in phrasings]
    extra = line_safe(extra)
    lines = ["+++", f'title = "{title}"', f'summary = "{PAYLOAD_LINE}"']
    if phrasings:
        lines.append("phrasings = [" + ", ".join(f'"{p}"' for p in phrasings) + "]")
    if extra:
        lines.append(extra)
    return "\n".join([*lines, "+++", body, ""])


def _body(title_raw: str) -> str:
    return "\n".join([
        f"# {title_raw}",
        "",
        f"Paragraph: {PAYLOAD_RAW}",
        "",
        f"- item {PAYLOAD_RAW}",
        f"- see [the toner](kb:replace-toner) {MARKUP}",
        "",
        "```sh",
        "$(touch PWNED); `touch PWNED`; \x1b[2J",
        "```",
    ])


def write_hostile_tree(base: Path) -> Path:
    """The tiny fixture with the payload in titles, summaries, phrasings, signatures, bodies."""
    root = copy_tiny(base)
    for lang in ("en", "fr"):
        (root / f"paper-jam.{lang}.md").write_text(_wording(
            f"Paper jams {PAYLOAD_TOML}",
            ["paper jam", "paper stuck in the tray", f"sheets get stuck {PAYLOAD_TOML}"],
            _body("Paper jams"),
        ), encoding="utf-8")
        (root / f"toner-empty.{lang}.md").write_text(_wording(
            f"The toner is empty {PAYLOAD_TOML}",
            [f"toner empty {PAYLOAD_TOML}"],
            _body("The toner is empty"),
        ), encoding="utf-8")
        (root / f"replace-toner.{lang}.md").write_text(_wording(
            f"Replace the toner {PAYLOAD_TOML}", [], _body("Replace the toner")
        ), encoding="utf-8")
        (root / f"toner-light.{lang}.md").write_text(_wording(
            f"Is the toner light on? {PAYLOAD_TOML}", [], _body("Toner light")
        ), encoding="utf-8")
    (root / "printer-broken.toml").write_text(
        'kind = "problem"\n'
        f'signatures = [{{ text = "PRN-042 toner cartridge empty {PAYLOAD_TOML}", cf = 0.9 }}]\n'
        'sources = [{ doc = "' + PAYLOAD_TOML + '", revision = "2024-01" }]\n',
        encoding="utf-8",
    )
    return root


# ------------------------------------------------------------------ hostile fixtures

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
# The tiny tree with escape payloads in bodies, code blocks, signatures and sources, and
# markup ([@click=app.quit], [link=…], [/], [name]) in titles, choice labels and code.
HOSTILE = FIXTURES / "hostile"
# keymap.toml (a 5,000-digit integer), keymap-nested.toml (20,000 nested arrays),
# settings.json (30,000 nested arrays).
HOSTILE_CONFIG = FIXTURES / "hostile-config"

# What the hostile tree and the tests' file names would do if they reached a terminal.
TERMINAL_ATTACKS: dict[str, bytes] = {
    "OSC 0 (window title)": b"\x1b]0;pwned",
    "OSC 2 (window title)": b"\x1b]2;pwned",
    "OSC 52 (clipboard)": b"\x1b]52;c;cHduZWQ=",
    "CSI 2J (clear screen)": b"\x1b[2J",
    "RLO (bidi override)": "\u202e".encode(),
    "8-bit CSI": "\x9b".encode(),
}


def terminal_attacks(data: bytes) -> list[str]:
    """The attacks found in raw terminal output, plus any OSC 8 link to the payload's
    site (Textual writes OSC 8 for links it was told to make: never for content)."""
    found = [name for name, needle in TERMINAL_ATTACKS.items() if needle in data]
    if re.search(rb"\x1b\]8;[^\x1b\x07]*evil\.example", data):
        found.append("OSC 8 (hyperlink to content's URL)")
    return found
