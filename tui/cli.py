"""The ``jamfkb`` command line: check, build, list, show, diagnose, scan, and the TUI.

Only the standard library is imported at module level so that ``--help`` and ``check``
start fast; the engine and Textual are imported by the commands that need them.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from jamfkb.tui import i18n
from jamfkb.tui.cli_common import (
    EXIT_FAILURE,
    EXIT_OK,
    EXIT_USAGE,
    CommandError,
    UsageError,
    check_content_dir,
    content_root,
    err,
    load_kb,
    out,
    resolve_lang,
    stdin_bytes,
)
from jamfkb.tui.cli_content import cmd_build, cmd_check, cmd_new
from jamfkb.tui.cli_report import (
    CliInputError,
    add_report_options,
    scan_targets,
    ticket_info,
    write_ticket_report,
)
from jamfkb.tui.i18n import default_lang


def cmd_list(args: argparse.Namespace) -> int:
    from jamfkb.kb.model import KINDS

    lang = resolve_lang(args.lang)
    if args.kind and args.kind not in KINDS:
        raise UsageError(f"unknown kind '{args.kind}': use one of {', '.join(KINDS)}")
    kb = load_kb(args)
    nodes = [n for n in kb.nodes.values() if not args.kind or n.kind == args.kind]
    nodes.sort(key=lambda n: (KINDS.index(n.kind), n.id))
    if args.json:
        payload = [
            {"id": n.id, "kind": n.kind, "title": n.title(lang),
             "langs": sorted(n.wording), "aliases": list(n.aliases)}
            for n in nodes
        ]
        out(json.dumps(payload, ensure_ascii=False, indent=2))
        return EXIT_OK
    width = max((len(n.id) for n in nodes), default=0)
    for n in nodes:
        out(f"{n.kind:<10} {n.id:<{width}}  {n.title(lang)}")
    return EXIT_OK


def cmd_search(args: argparse.Namespace) -> int:
    from jamfkb.engine.search import Search
    from jamfkb.kb.model import KINDS
    from jamfkb.kb.text import one_line

    lang = resolve_lang(args.lang)
    if args.kind and args.kind not in KINDS:
        raise UsageError(f"unknown kind '{args.kind}': use one of {', '.join(KINDS)}")
    check_top(args)
    kb = load_kb(args)
    text = " ".join(args.text)
    hits = Search(kb).search(text, kind=args.kind, top=args.top or 10)
    if args.json:
        payload = {"query": text, "lang": lang, "results": [
            {"id": h.id, "kind": h.kind, "title": kb.title(h.id, lang), "score": h.score}
            for h in hits]}
        out(json.dumps(payload, ensure_ascii=False, indent=2))
        return EXIT_OK
    if not hits:
        out(i18n.t(lang, "search.nothing"))
        return EXIT_OK
    width = max(len(h.id) for h in hits)
    for h in hits:
        out(f"{h.score:4.0%}  {h.kind:<10} {h.id:<{width}}  {one_line(kb.title(h.id, lang))}")
    return EXIT_OK


def find_node(kb: Any, wanted: str, lang: str) -> Any:
    """The node for an ID or alias; ``CAUSE-6`` finds ``cause-6`` when only one ID or
    alias matches regardless of case."""
    node = kb.resolve(wanted)
    if node is not None:
        return node
    from jamfkb.kb.suggest import folded_matches

    matches = folded_matches(kb, wanted)
    if len(matches) == 1:
        return kb.nodes[matches[0]]
    if matches:
        raise CommandError(i18n.t(lang, "cli.ambiguous_id", id=wanted, ids=", ".join(matches)))
    from jamfkb.kb.suggest import closest

    near = closest(wanted, [*kb.nodes, *kb.aliases])
    if near:
        raise CommandError(i18n.t(lang, "cli.unknown_id_near", id=wanted,
                                  ids=", ".join(near)))
    raise CommandError(i18n.t(lang, "cli.unknown_id", id=wanted))


def render_article(body: str) -> str:
    """An article body as wrapped terminal text, with links shown by target ID."""
    from jamfkb.tui.render_text import render

    return render(body, lambda target: target)


def cmd_show(args: argparse.Namespace) -> int:
    lang = resolve_lang(args.lang)
    kb = load_kb(args)
    node = find_node(kb, args.id, lang)
    wording = node.wording[lang]
    out(render_article(wording.body))
    from jamfkb.tui.render_text import meta_lines

    meta = meta_lines(node, lang)
    if meta:
        out()
        for line in meta:
            out(line)
    links = list(node.links)
    if node.kind == "cause":
        links += [r for r in node.resolutions if r not in links]
    if links:
        out()
        out(i18n.t(lang, "cli.links"))
        width = max(len(link) for link in links)
        for link in links:
            out(f"  {link:<{width}}  {kb.title(link, lang)}")
    return EXIT_OK


def parse_answers(kb: Any, raw: Sequence[str]) -> dict[str, str]:
    if not raw:  # difflib, for "did you mean", is not imported for nothing
        return {}
    from jamfkb.kb.suggest import did_you_mean, resolve_any_case
    from jamfkb.kb.versions import parse_version

    answers: dict[str, str] = {}
    for item in raw:
        qid, sep, value = item.partition("=")
        qid, value = qid.strip(), value.strip().lower()
        if not sep or not qid or not value:
            raise UsageError(f"bad --answer '{item}': write QUESTION=ANSWER, as in "
                             "ever-worked=no")
        node = resolve_any_case(kb, qid)  # as `show` finds it
        if node is None or node.kind != "question":
            questions = [n.id for n in kb.nodes.values() if n.kind == "question"]
            hint = did_you_mean(qid, questions) or " (see: jamfkb list --kind question)"
            raise UsageError(f"unknown question '{qid}'{hint}")
        valid = node.answers
        if node.asks_version and value not in valid:
            if parse_version(value) is None:
                raise UsageError(f"bad answer '{value}' for question '{qid}': write a version "
                                 "such as 10.25.0, or unknown")
        elif value not in valid:
            raise UsageError(f"bad answer '{value}' for question '{qid}': use one of "
                             f"{', '.join(valid)}")
        answers[node.id] = value
    return answers


def check_top(args: argparse.Namespace) -> None:
    if args.top is not None and args.top < 1:
        raise UsageError("--top must be at least 1")


# A query read from stdin beyond this is no symptom typed by a person: it is read as a
# log, streamed like `scan` reads one, so 100 MB no longer costs 30 s and 1.4 GB.
MAX_QUERY_BYTES = 1024 * 1024


def cmd_diagnose(args: argparse.Namespace) -> int:
    lang = resolve_lang(args.lang)
    check_top(args)
    text = " ".join(args.text)
    head = b""
    if text == "-":
        stream = stdin_bytes()
        head = stream.read(MAX_QUERY_BYTES + 1)
        text = head.decode("utf-8", errors="replace")
    import gc

    from jamfkb.kb.model import paused_gc

    # The cyclic collector would walk the knowledge base and the experta networks again
    # and again while they are built, for nothing (reference counting frees what it can).
    # When the command is the whole process, what was built is frozen afterwards too:
    # the next collection, and the interpreter's last one at exit, would walk it all once
    # more (x100: 90 ms of a 580 ms diagnose). A log read from stdin (below) may be
    # long: the collector is back on for it.
    def engine_modules() -> None:
        import jamfkb.engine.consultation
        import jamfkb.tui.report  # noqa: F401

    with paused_gc():
        kb = load_kb(args, meanwhile=engine_modules)
        answers = parse_answers(kb, args.answer or [])
        from jamfkb.engine.consultation import Consultation
        from jamfkb.tui import report

        consultation = Consultation.for_kb(kb)
        long_query = len(head) > MAX_QUERY_BYTES
        if not long_query:
            result = consultation.diagnose(text, answers=answers, top=args.top or 5)
        if args.whole_process:
            gc.freeze()
            args.exit_at_once = True  # see _exit_at_once
    scan = None  # a query too long for a symptom is scanned as a log
    if long_query:
        from jamfkb.engine.scan import FileScanError, Prepended, scan_files

        err(i18n.t(lang, "cli.stdin_as_log", size=MAX_QUERY_BYTES // (1024 * 1024)))
        # the scan loop of `jamfkb scan -`, over the bytes already read and the rest
        try:
            scan = scan_files(consultation.matcher, ["-"],
                              io.BufferedReader(Prepended(head, stream)))
        except FileScanError as exc:
            raise UsageError(f"cannot read '-': {exc.error.strerror or exc.error}") from exc
        result = consultation.diagnose_findings(scan.hits, answers, top=args.top or 5,
                                                query="-")
    if args.report:
        report_to(args, lang, report.diagnosis_markdown(
            kb, result, lang, scan=scan, log_path="-" if scan is not None else None,
            info=ticket_info(args, kb)))
    if args.json:
        out(json.dumps(report.diagnosis_json(kb, result, lang), ensure_ascii=False, indent=2))
    else:
        out(report.diagnosis_text(kb, result, lang))
    return EXIT_OK


def report_to(args: argparse.Namespace, lang: str, markdown: str) -> None:
    try:
        path = write_ticket_report(args, markdown)
    except CliInputError as exc:
        raise UsageError(str(exc)) from exc
    err(i18n.t(lang, "export.done", path=path))


def cmd_scan(args: argparse.Namespace) -> int:
    lang = resolve_lang(args.lang)
    check_top(args)
    try:
        files = scan_targets(args.files)
    except CliInputError as exc:
        raise UsageError(str(exc)) from exc
    kb = load_kb(args)
    from jamfkb.engine.consultation import Consultation
    from jamfkb.engine.scan import FileScanError, scan_files
    from jamfkb.tui import report

    consultation = Consultation.for_kb(kb)
    try:
        stdin = stdin_bytes() if "-" in files else None
        scan = scan_files(consultation.matcher, files, stdin)
    except FileScanError as exc:
        raise UsageError(f"cannot read '{exc.name}': {exc.error.strerror or exc.error}") from exc
    result = consultation.diagnose_findings(scan.hits, top=args.top or 5)
    if args.report:
        report_to(args, lang, report.diagnosis_markdown(
            kb, result, lang, scan=scan, log_path=", ".join(args.files),
            info=ticket_info(args, kb)))
    if args.json:
        out(json.dumps(report.scan_json(kb, scan, result, lang), ensure_ascii=False,
                       indent=2))
    else:
        out(report.scan_text(kb, scan, result, lang))
    return EXIT_OK


def cmd_tui(args: argparse.Namespace) -> int:
    lang = resolve_lang(args.lang) if args.lang else None
    root = content_root(args)
    if root is not None:
        check_content_dir(root)
    headless = os.environ.get("JAMFKB_HEADLESS") == "1"
    if not headless and not (sys.stdin.isatty() and sys.stdout.isatty()):
        # Otherwise the app would paint escape codes into a pipe and wait for keys forever.
        raise CommandError("the app needs a terminal; in scripts, use 'jamfkb diagnose' or "
                           "'jamfkb scan' (see jamfkb --help)")
    from jamfkb.tui.app import run_app

    return run_app(content=root, lang=lang)


def cmd_serve(args: argparse.Namespace) -> int:
    """The app in a browser through textual-serve (the optional ``serve`` extra)."""
    from jamfkb.tui import serve

    lang = resolve_lang(args.lang) if args.lang else None
    shown_lang = lang or default_lang()
    if not 1 <= args.port <= 65535:
        raise UsageError(f"--port {args.port}: use a port from 1 to 65535")
    if not serve.is_loopback(args.host) and not args.public:
        # The page has no login: reaching it from another machine must be a choice.
        raise UsageError(i18n.t(shown_lang, "serve.public_needed", host=args.host))
    root = content_root(args)
    if root is not None:
        check_content_dir(root)
    try:
        from jamfkb.tui.serve_web import JamfkbServer
    except ModuleNotFoundError as exc:
        if (exc.name or "").split(".")[0] not in serve.EXTRA_MODULES:
            raise
        raise UsageError(i18n.t(shown_lang, "serve.extra_missing",
                                hint=serve.INSTALL_HINT)) from None
    public_url = args.public_url or serve.public_url_for(args.host, args.port)
    if not serve.is_loopback(args.host):
        err(i18n.t(shown_lang, "serve.public_warning", url=public_url))
    JamfkbServer(host=args.host, port=args.port, public_url=public_url, content=root,
                 lang=lang).serve()
    return EXIT_OK


# ------------------------------------------------------------------ parser


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        err(f"{self.prog}: error: {message}")
        raise SystemExit(EXIT_USAGE)


class VersionAction(argparse.Action):
    """``--version``, looked up only when asked (importlib.metadata is slow to import)."""

    def __init__(self, option_strings: list[str], dest: str = argparse.SUPPRESS,
                 **kwargs: Any) -> None:
        super().__init__(option_strings, dest=dest, nargs=0, default=argparse.SUPPRESS,
                         help="show the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *args: Any, **kwargs: Any) -> None:
        from importlib.metadata import PackageNotFoundError, version

        try:
            ver = version("jamfkb")
        except PackageNotFoundError:
            ver = "dev"
        out(f"jamfkb {ver}")
        parser.exit(EXIT_OK)


def build_parser() -> argparse.ArgumentParser:
    common = Parser(add_help=False)
    common.add_argument("--content", metavar="DIR", default=argparse.SUPPRESS,
                        help="content folder to use instead of the bundled knowledge base")
    common.add_argument("--lang", metavar="fr|en", default=argparse.SUPPRESS,
                        help="language (default: from LC_ALL/LANG, else en)")
    parser = Parser(
        prog="jamfkb",
        description="Troubleshoot the Jamf Pro and Microsoft Intune integration, offline, "
        "in French or English. With no command, opens the app.",
        parents=[common],
    )
    parser.add_argument("--version", action=VersionAction)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    p = sub.add_parser("check", parents=[common], help="check the content; errors as file:line")
    p.add_argument("--no-examples", action="store_true",
                   help="do not run the examples of the wording files")
    p.add_argument("--strict", action="store_true", help="warnings count as errors")
    p.add_argument("--stats", action="store_true",
                   help="translation and coverage statistics, per language and per node")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("new", parents=[common],
                       help="create the three files of a node from templates")
    p.add_argument("kind", metavar="KIND", help="problem, cause, resolution, question or article")
    p.add_argument("id", metavar="ID")
    p.set_defaults(func=cmd_new)

    p = sub.add_parser("build", parents=[common], help="compile the content")
    p.add_argument("-o", "--output", metavar="FILE", help="where to write the compiled KB")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("list", parents=[common], help="list the nodes")
    p.add_argument("--kind", help="problem, cause, resolution, question or article")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("show", parents=[common], help="print an article")
    p.add_argument("id", metavar="ID")
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("diagnose", parents=[common],
                       help="rank likely causes for a symptom, error message or log excerpt")
    p.add_argument("text", nargs="+", metavar="TEXT", help="the symptom ('-' reads stdin)")
    p.add_argument("--answer", action="append", metavar="QID=yes|no|unknown",
                   help="answer a question (repeatable)")
    p.add_argument("--top", type=int, metavar="N", help="how many causes (default 5)")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    add_report_options(p)
    p.set_defaults(func=cmd_diagnose)

    p = sub.add_parser("search", parents=[common],
                       help="find topics by keyword, from the first word typed")
    p.add_argument("text", nargs="+", metavar="TEXT", help="words to look for")
    p.add_argument("--kind", help="problem, cause, resolution, question or article")
    p.add_argument("--top", type=int, metavar="N", help="how many results (default 10)")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("scan", parents=[common], help="find known error messages in log files")
    p.add_argument("files", nargs="+", metavar="FILE",
                   help="log files, .gz files or folders ('-' reads stdin)")
    p.add_argument("--top", type=int, metavar="N", help="how many causes (default 5)")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    add_report_options(p)
    p.set_defaults(func=cmd_scan)

    p = sub.add_parser("tui", parents=[common], help="open the app (the default)")
    p.set_defaults(func=cmd_tui)

    p = sub.add_parser("serve", parents=[common],
                       help="serve the app to web browsers (needs jamfkb[serve])")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--public", action="store_true",
                   help="allow an address other machines reach; the page has no login: "
                   "put it behind a reverse proxy with authentication")
    p.add_argument("--public-url", metavar="URL",
                   help="the URL browsers use, when it is not http://HOST:PORT "
                   "(behind a reverse proxy)")
    p.set_defaults(func=cmd_serve)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    # An ASCII or cp1252 stdout (a redirect on Windows, PYTHONIOENCODING=ascii) must not
    # turn "↔" into a traceback: show what cannot be encoded as an escape.
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, ValueError):
            stream.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
    parser = build_parser()
    args = parser.parse_args(argv)
    for name in ("content", "lang"):
        if not hasattr(args, name):
            setattr(args, name, None)
    # the console script and `python -m` pass no argv: the command is the whole process
    # (tests call main(argv) in theirs), see cmd_diagnose
    args.whole_process = argv is None
    func = getattr(args, "func", cmd_tui)
    try:
        if args.lang is not None:
            resolve_lang(args.lang)
        code = func(args)
        if sys.stdout is not None:
            sys.stdout.flush()  # a full disk must fail here, not silently at exit
        if getattr(args, "exit_at_once", False):
            _exit_at_once(code)
        return code
    except UsageError as exc:
        err(f"jamfkb: error: {exc}")
        return EXIT_USAGE
    except CommandError as exc:
        err(f"jamfkb: error: {exc}")  # the same prefix as usage errors and argparse's
        return EXIT_FAILURE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # the reader went away (| head): not an error worth a traceback
        _drop_stdout()
        return EXIT_OK
    except OSError as exc:  # writing the output failed: /dev/full, a closed pipe end
        _drop_stdout()
        err(f"jamfkb: error: cannot write the output: {exc.strerror or exc}")
        return EXIT_FAILURE
    except Exception as exc:  # a bug: one line, and the traceback on request
        if os.environ.get("JAMFKB_DEBUG"):
            raise
        err(f"jamfkb: internal error: {type(exc).__name__}: {exc} "
            "(set JAMFKB_DEBUG=1 to see where)")
        return EXIT_FAILURE


def _exit_at_once(code: int) -> None:
    """End a `jamfkb diagnose` process without freeing what it built, once its answer
    is written and flushed: at ×100 the interpreter's finalisation freed a million
    objects one by one, 7 ms of a 230 ms command. Nothing is lost: a report file is
    written and closed before, and the exit handlers registered (logging's, or those
    of whatever runs jamfkb: a coverage tool, bench.hwm) run first, as at any exit.
    Where they cannot be run that way, this returns and the process ends as usual."""
    import atexit

    run_exit_handlers = getattr(atexit, "_run_exitfuncs", None)
    if run_exit_handlers is None:
        return
    run_exit_handlers()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError, AttributeError):
            stream.flush()
    os._exit(code)


def _drop_stdout() -> None:
    """Point stdout at /dev/null so that the interpreter's final flush cannot fail
    again with a second message."""
    with contextlib.suppress(OSError):
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115


if __name__ == "__main__":
    sys.exit(main())
