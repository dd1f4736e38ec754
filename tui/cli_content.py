"""The content writers' commands: ``check`` (with the examples, the lint, ``--strict`` and
``--stats``), ``new`` and ``build``."""

from __future__ import annotations

import argparse
from pathlib import Path

from jamfkb.tui import i18n
from jamfkb.tui.cli_common import (
    EXIT_FAILURE,
    EXIT_OK,
    CommandError,
    UsageError,
    check_content_dir,
    content_root,
    err,
    out,
    require_nodes,
    resolve_lang,
)


def cmd_check(args: argparse.Namespace) -> int:
    from jamfkb.kb.compiler import compile_tree
    from jamfkb.kb.store import bundled_content_dir

    lang = resolve_lang(args.lang)
    root = content_root(args) or bundled_content_dir()
    check_content_dir(root)
    kb, diags = compile_tree(root)
    shown_root = str(root)
    for diag in diags.sorted():
        out(diag.format(shown_root))
    errors = sum(d.severity == "error" for d in diags)
    warnings = len(diags) - errors
    if kb is not None and kb.nodes and not args.no_examples:
        from jamfkb.engine.consultation import Consultation
        from jamfkb.engine.examples import check_examples

        for miss in check_examples(Consultation.for_kb(kb)):
            out(miss.format(shown_root))
            errors += 1
    if args.strict:  # warnings count as errors
        errors, warnings = errors + warnings, 0
    if args.stats and kb is not None:
        from jamfkb.tui.content_stats import stats_lines

        for line in stats_lines(kb):
            err(line)
    if errors:
        err(i18n.t(lang, "cli.check_failed", errors=errors, warnings=warnings))
        if (parent := content_parent(root)) is not None:
            err(i18n.t(lang, "cli.check_part_of_tree", root=root, parent=parent))
        return EXIT_FAILURE
    require_nodes(kb, root, lang)
    # stdout holds only the diagnostics (scripts read them); the summary is for people
    key = "cli.check_ok_warnings" if warnings else "cli.check_ok"
    err(i18n.t(lang, key, nodes=len(kb.nodes), warnings=warnings))
    return EXIT_OK


KIND_FOLDERS = ("problems", "causes", "resolutions", "questions", "articles")


def content_parent(root: Path) -> Path | None:
    """The content root above ``root`` when ``root`` is one of its kind folders
    (``--content content/causes``): its links to other folders cannot resolve there."""
    parent = root.resolve().parent
    if root.resolve().name not in KIND_FOLDERS:
        return None
    siblings = sum((parent / name).is_dir() for name in KIND_FOLDERS)
    return parent if siblings >= 2 else None


def cmd_new(args: argparse.Namespace) -> int:
    from jamfkb.kb.compiler import compile_tree
    from jamfkb.kb.scaffold import ScaffoldError, scaffold
    from jamfkb.kb.store import bundled_content_dir

    lang = resolve_lang(args.lang)
    root = content_root(args) or bundled_content_dir()
    check_content_dir(root)
    kb, diags = compile_tree(root)
    if kb is None:
        for diag in diags.sorted():
            err(diag.format(str(root)))
        raise CommandError(i18n.t(lang, "cli.new_broken_tree"))
    try:
        made = scaffold(args.kind, args.id, root, kb)
    except ScaffoldError as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:
        raise CommandError(f"cannot write the files: {exc.strerror or exc}") from None
    for path in made.files:
        out(str(path))
    err(i18n.t(lang, "cli.new_done", root=root))
    return EXIT_OK


def cmd_build(args: argparse.Namespace) -> int:
    from jamfkb.kb.compiler import compile_tree
    from jamfkb.kb.store import artifact_path_for, bundled_content_dir, manifest_key, write_artifact

    root = content_root(args) or bundled_content_dir()
    check_content_dir(root)
    # The fingerprint of the tree as it was before compiling: an edit made during the
    # build then makes the artifact stale instead of stamping old content fresh.
    manifest = manifest_key(root)
    kb, diags = compile_tree(root)
    for diag in diags.sorted():
        err(diag.format(str(root)))
    if kb is None:
        return EXIT_FAILURE
    require_nodes(kb, root, resolve_lang(args.lang))
    target = Path(args.output) if args.output else artifact_path_for(root)
    try:
        write_artifact(target, kb, manifest)
    except OSError as exc:
        from jamfkb.kb.store import write_error

        raise CommandError(f"cannot write {target}: {write_error(target, exc)}") from exc
    out(f"{target}: {len(kb.nodes)} nodes, {len(kb.rules)} rules, "
        f"{len(kb.signatures)} signatures")
    return EXIT_OK
