"""The CLI's ticket report and log targets: ``--report FILE`` (with ``--ticket`` and
``--note``) writes the app's F5 report; ``scan`` expands folders into their log files.

Errors are :class:`CliInputError`; the CLI turns them into its usage errors.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


class CliInputError(Exception):
    """A target or a report path the CLI cannot use (the message says why)."""


def add_report_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--report", metavar="FILE",
                   help="also write the Markdown report for a ticket (as the app's F5)")
    p.add_argument("--ticket", metavar="REF", help="ticket reference written in the report")
    p.add_argument("--note", metavar="TEXT", help="a note written in the report")


def ticket_info(args: argparse.Namespace, kb: Any) -> Any:
    from jamfkb.tui.report import ReportInfo

    return ReportInfo.now(kb, ticket=args.ticket or "", note=args.note or "")


def write_ticket_report(args: argparse.Namespace, markdown: str) -> Path:
    """``--report FILE``: the app's F5 report, written atomically; a folder gets the
    default, timestamped name. Returns the path written."""
    from jamfkb.tui.report import default_report_name, write_report

    path = Path(args.report)
    if path.is_dir():
        path = path / default_report_name()
    try:
        write_report(path, markdown)
    except OSError as exc:
        raise CliInputError(f"cannot write '{path}': {exc.strerror or exc}") from exc
    return path


def scan_targets(names: list[str]) -> list[str]:
    """The files to read: a folder gives its log files (``*.log``, ``*.log.N``, ``*.gz``,
    ``log show`` exports, recursively). Pipes such as <(zcat x.log.gz) are welcome (they
    end); a device such as /dev/zero is not (it never ends)."""
    from jamfkb.engine.scan import log_files

    for name in names:
        path = Path(name)
        if name == "-":
            continue
        if not path.exists():
            raise CliInputError(f"cannot scan '{name}': not found")
        if path.is_char_device() or path.is_block_device() or path.is_socket():
            raise CliInputError(f"cannot scan '{name}': a device or a socket, not a log file")
    files = log_files(names)
    if not files:
        raise CliInputError(f"no log file in {', '.join(map(repr, names))} "
                            "(*.log, *.log.N, *.gz)")
    return files
