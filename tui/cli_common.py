"""What every ``jamfkb`` command shares: exit codes, the two error kinds, the language,
terminal-safe output, and finding and loading the content. Standard library only."""

from __future__ import annotations

import argparse
import os
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jamfkb.tui import i18n
from jamfkb.tui.i18n import default_lang

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2

LANG_CHOICES = ("en", "fr")


class UsageError(Exception):
    """A mistake in how the command was called: exit code 2."""


class CommandError(Exception):
    """The command could not do its job: exit code 1."""


def resolve_lang(value: str | None) -> str:
    if value is None:
        return default_lang()
    if value.lower() not in LANG_CHOICES:
        raise UsageError(f"unknown language '{value}': use en or fr")
    return value.lower()


def out(text: str = "") -> None:
    from jamfkb.kb.text import terminal_safe

    if sys.stdout is None:  # started with its standard output closed
        raise CommandError("standard output is closed: nothing can be printed")
    sys.stdout.write(terminal_safe(text) + "\n")


def stdin_bytes() -> Any:
    """Standard input as a binary stream, for '-'."""
    if sys.stdin is None:
        raise UsageError("standard input is closed: nothing to read for '-'")
    return sys.stdin.buffer


def err(text: str) -> None:
    from jamfkb.kb.text import terminal_safe

    sys.stderr.write(terminal_safe(text) + "\n")


# ------------------------------------------------------------------ loading


def content_root(args: argparse.Namespace) -> Path | None:
    """--content, else $JAMFKB_CONTENT (a writers' repository outside the package),
    else None: the bundled knowledge base."""
    chosen = getattr(args, "content", None) or os.environ.get("JAMFKB_CONTENT")
    return Path(chosen) if chosen else None


def check_content_dir(root: Path) -> None:
    """A --content that is missing or not a folder: exit 1 with every subcommand.

    The README counts it among the content errors, not the usage errors: the same
    arguments work once the content is there.
    """
    try:
        is_dir = stat.S_ISDIR(os.stat(root).st_mode)
    except FileNotFoundError:
        raise CommandError(f"content folder not found: {root}") from None
    except (OSError, ValueError) as exc:  # ENAMETOOLONG, EACCES on a parent, a NUL byte
        why = getattr(exc, "strerror", None) or exc
        raise CommandError(f"cannot use --content {root}: {why}") from None
    if not is_dir:
        raise CommandError(f"--content is not a folder: {root}")


def require_nodes(kb: Any, root: Path, lang: str) -> None:
    """An empty content folder compiles to an empty knowledge base: say so instead of
    answering every command with nothing."""
    if not kb.nodes:
        raise CommandError(i18n.t(lang, "cli.no_content", path=root))


def load_kb(args: argparse.Namespace, meanwhile: Callable[[], object] | None = None) -> Any:
    """The knowledge base of ``--content`` or the bundled one, or CommandError.

    ``meanwhile`` (imports the command needs) runs while the tree's fingerprint is taken
    in a child process, when the command is the whole process (see kb.fingerprint_child):
    tests calling ``main(argv)`` in their own process never fork it."""
    from jamfkb.kb.store import bundled_content_dir, load

    root = content_root(args)
    if root is not None:
        check_content_dir(root)
    manifest = None
    if meanwhile is not None:
        if getattr(args, "whole_process", False):
            from jamfkb.kb.fingerprint_child import fingerprint_soon

            manifest = fingerprint_soon(root if root is not None else bundled_content_dir())
        meanwhile()
    result = load(root, manifest=manifest)
    if result.kb is None:
        shown = [d for d in result.diagnostics.sorted() if d.severity == "error"]
        for diag in shown[:20]:
            err(diag.format(str(result.root)))
        more = len(shown) - 20
        raise CommandError(
            "the content has errors" + (f" ({more} more not shown)" if more > 0 else "")
            + f"; run: jamfkb check --content {result.root}"
        )
    require_nodes(result.kb, result.root, resolve_lang(args.lang))
    return result.kb


# ------------------------------------------------------------------ commands
