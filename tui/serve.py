"""``jamfkb serve``: the decisions that need no web server (which address may be bound,
which language a browser asks for, which command each browser tab runs).

The web server itself (textual-serve, an optional extra) is in ``serve_web.py`` and is
imported only when the command runs, so that ``jamfkb serve --help`` and the refusals
below work without the extra.
"""

from __future__ import annotations

import ipaddress
import shlex
import sys
from pathlib import Path

from jamfkb.tui.i18n import LANGS

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
INSTALL_HINT = 'pip install "jamfkb[serve]"'
# The modules the extra brings; a ModuleNotFoundError naming another one is a real bug.
EXTRA_MODULES = frozenset({"textual_serve", "aiohttp", "aiohttp_jinja2", "jinja2"})
SERVED_MODULE = "jamfkb.tui.served"  # what each browser tab runs (tui/served.py)
# A header is untrusted: a browser sends a few dozen characters, a hostile client may not.
MAX_ACCEPT_LANGUAGE = 512
MAX_LANGUAGE_RANGES = 32


def is_loopback(host: str) -> bool:
    """Whether binding ``host`` keeps the page on this machine.

    ``localhost`` counts (it resolves to a loopback address); any other name could
    resolve to a public interface, so it counts as public, as do ``0.0.0.0`` and ``::``.
    """
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip().strip("[]")).is_loopback
    except ValueError:
        return False


def _q_value(params: list[str]) -> float:
    """The ``q=`` weight of one language range (1 when absent, 0 when malformed)."""
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "q":
            try:
                weight = float(value.strip())
            except ValueError:
                return 0.0
            return weight if 0.0 <= weight <= 1.0 else 0.0
    return 1.0


def lang_from_accept_language(header: str | None) -> str | None:
    """The app language a browser's ``Accept-Language`` prefers: ``en`` or ``fr``, or
    None when it names neither (then the server's default applies).

    ``fr-CA,fr;q=0.9,en;q=0.8`` → ``fr``; ties keep the header's order, as browsers list
    their choices first to last.
    """
    if not header:
        return None
    best: tuple[float, int, str] | None = None
    ranges = header[:MAX_ACCEPT_LANGUAGE].split(",")[:MAX_LANGUAGE_RANGES]
    for position, item in enumerate(ranges):
        tag, *params = item.split(";")
        primary = tag.strip().lower().split("-")[0]
        if primary not in LANGS:
            continue  # "*" and other languages say nothing about en or fr
        weight = _q_value(params)
        if weight <= 0:
            continue  # q=0: "not this one"
        candidate = (-weight, position, primary)
        if best is None or candidate < best:
            best = candidate
    return best[2] if best else None


def pick_lang(cli_lang: str | None, accept_language: str | None) -> str | None:
    """``--lang`` first, then the browser's header; None leaves the app's default."""
    return cli_lang or lang_from_accept_language(accept_language)


def child_command(content: Path | None, lang: str | None) -> str:
    """The shell command textual-serve runs for one browser tab.

    textual-serve runs it through the shell, so every part is quoted; the interpreter is
    this one, so the tab runs the same installation as the server.
    """
    argv = [sys.executable, "-m", SERVED_MODULE]
    if content is not None:
        argv += ["--content", str(content.resolve())]
    if lang is not None:
        argv += ["--lang", lang]
    return shlex.join(argv)


def public_url_for(host: str, port: int) -> str:
    """The address the page's script connects its websocket to, unless ``--public-url``
    says otherwise (behind a reverse proxy). An IPv6 literal needs brackets in a URL."""
    shown = f"[{host}]" if ":" in host and not host.startswith("[") else host
    return f"http://{shown}:{port}"
