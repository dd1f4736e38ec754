"""Compile a content tree into a :class:`KnowledgeBase`, reporting every mistake at file:line.

The pipeline is a chain of small steps over plain data:
``scan`` files → ``read`` each (logic TOML, wording Markdown) → ``validate`` each file →
``link`` nodes together → ``derive`` signatures and rules. Every step appends to one
:class:`DiagnosticList`, so a single run reports every problem.
"""

from __future__ import annotations

import hashlib
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jamfkb.kb import markdown, tomlsrc
from jamfkb.kb.diagnostics import DiagnosticList
from jamfkb.kb.model import (
    GENERATIONS,
    KINDS,
    LANGS,
    SCHEMA_VERSION,
    UNKNOWN,
    YES_NO,
    DocRef,
    KnowledgeBase,
    Node,
    Rule,
    Signature,
    SourcePos,
    Wording,
)
from jamfkb.kb.text import fold
from jamfkb.kb.tree import classify, iter_content_files

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
REVISION_PATTERN = re.compile(r"^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$")
MIN_PROBLEM_PHRASINGS = 3
MIN_SIGNATURE_LENGTH = 6
MAX_FILE_SIZE = 1024 * 1024  # a content file is an article, not a data dump

# How much a fuzzy mention of a node's phrasing is worth, times the match score.
MENTION_CF_PROBLEM = 1.0
MENTION_CF_CAUSE = 0.6
MENTION_CF_CAUSE_PROBLEM = 0.5

_LOGIC_COMMON = {"kind", "aliases", "applies_to", "sources"}
# What an answer naming a generation a cause does not apply to weighs against it.
OUT_OF_SCOPE_CF = -0.7
LOGIC_FIELDS: dict[str, set[str]] = {
    "problem": _LOGIC_COMMON | {"signatures"},
    "cause": _LOGIC_COMMON | {"problems", "resolutions", "evidence"},
    "resolution": set(_LOGIC_COMMON),
    "question": _LOGIC_COMMON | {"choices", "ask_first", "asks_generation"},
    "article": set(_LOGIC_COMMON),
}
WORDING_FIELDS: dict[str, set[str]] = {
    "problem": {"title", "summary", "phrasings"},
    "cause": {"title", "summary", "phrasings"},
    "resolution": {"title", "summary"},
    "question": {"title", "summary", "choices"},
    "article": {"title", "summary"},
}
EVIDENCE_FIELDS = {"signature", "question", "answer", "cf", "problem"}
SOURCE_FIELDS = {"doc", "revision"}
SIGNATURE_FIELDS = {"text", "cf"}


@dataclass(slots=True)
class LogicFile:
    id: str
    path: str
    data: dict[str, Any]
    lines: dict[str, int]

    def line(self, key: str) -> int:
        # fall back to the enclosing table, then to the top of the file
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key.rsplit(".", 1)[0] if "." in key else ""
        return 1


@dataclass(slots=True)
class WordingFile:
    id: str
    lang: str
    path: str
    data: dict[str, Any]
    lines: dict[str, int]
    fm_first_line: int
    body: str
    body_line: int
    outline: markdown.BodyOutline | None = None
    front_matter: str = ""  # the TOML text between the fences

    def line(self, key: str) -> int:
        if key in self.lines:
            return self.lines[key] + self.fm_first_line - 1
        return 1


@dataclass(slots=True)
class Tree:
    """Everything read from a content root, before linking."""

    root: Path
    logic: dict[str, LogicFile] = field(default_factory=dict)
    wording: dict[tuple[str, str], WordingFile] = field(default_factory=dict)
    content_hash: str = ""
    # IDs whose logic file exists but could not be used (already reported): references
    # to them are not reported again, so one mistake gives one message.
    broken: set[str] = field(default_factory=set)


# ---------------------------------------------------------------- scanning and reading


def read_tree(root: Path, diags: DiagnosticList) -> Tree:
    tree = Tree(root=root)
    digest = hashlib.sha256(f"schema:{SCHEMA_VERSION}".encode())
    seen: dict[tuple[str, str, str], str] = {}
    for path in iter_content_files(root):
        rel = path.relative_to(root).as_posix()
        kind = classify(path.name)
        if kind is None:
            if path.suffix == ".md":
                diags.warning(rel, 1, "not part of the knowledge base: name wording files "
                              "ID.en.md or ID.fr.md")
            continue
        node_id, role, lang = kind
        try:
            st = path.stat()
        except OSError as exc:
            diags.error(rel, 1, f"cannot read file: {exc.strerror or exc}")
            continue
        if not stat.S_ISREG(st.st_mode):
            diags.error(rel, 1, "not a regular file")
            continue
        if st.st_size > MAX_FILE_SIZE:
            diags.error(rel, 1, f"file is too large ({st.st_size} bytes; the limit is "
                        f"{MAX_FILE_SIZE})")
            continue
        try:
            raw = path.read_bytes()
        except OSError as exc:
            diags.error(rel, 1, f"cannot read file: {exc.strerror or exc}")
            continue
        digest.update(rel.encode() + b"\0" + raw + b"\0")
        text = _decode(raw, rel, diags)
        if text is None:
            if role == "logic":
                tree.broken.add(node_id)
            continue
        if not ID_PATTERN.match(node_id):
            diags.error(rel, 1, f"invalid ID '{node_id}': use lowercase letters, digits and "
                        "dashes, as in 'cause-4'")
            continue
        key = (node_id, role, lang)
        if key in seen:
            diags.error(rel, 1, f"duplicate ID '{node_id}': also defined in {seen[key]}:1")
            continue
        seen[key] = rel
        if role == "logic":
            logic = _read_logic(node_id, rel, text, diags)
            if logic is not None:
                tree.logic[node_id] = logic
            else:
                tree.broken.add(node_id)
        else:
            wording = _read_wording(node_id, lang, rel, text, diags)
            if wording is not None:
                tree.wording[(node_id, lang)] = wording
    tree.content_hash = digest.hexdigest()
    return tree


def _decode(raw: bytes, rel: str, diags: DiagnosticList) -> str | None:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        diags.error(rel, line, f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})", col)
        return None
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        diags.error(rel, line, "file contains a NUL character")
        return None
    return text


def _read_logic(node_id: str, rel: str, text: str, diags: DiagnosticList) -> LogicFile | None:
    data, err = tomlsrc.parse(text)
    if err is not None:
        diags.error(rel, err.line, f"invalid TOML: {err.message}", err.col)
        return None
    assert data is not None
    return LogicFile(node_id, rel, data, tomlsrc.key_lines(text))


def _read_wording(
    node_id: str, lang: str, rel: str, text: str, diags: DiagnosticList
) -> WordingFile | None:
    split = tomlsrc.split_front_matter(text)
    if isinstance(split, tomlsrc.TomlError):
        diags.error(rel, split.line, split.message, split.col)
        return None
    data, err = tomlsrc.parse(split.text)
    if err is not None:
        diags.error(rel, err.line + split.first_line - 1,
                    f"invalid TOML in front matter: {err.message}", err.col)
        return None
    assert data is not None
    return WordingFile(
        id=node_id,
        lang=lang,
        path=rel,
        data=data,
        lines=tomlsrc.key_lines(split.text),
        fm_first_line=split.first_line,
        body=split.body,
        body_line=split.body_line,
        front_matter=split.text,
    )


# ---------------------------------------------------------------- per-file validation

_TYPE_NAMES = {str: "a string", bool: "true or false", list: "a list", dict: "a table"}


def _check_type(value: Any, expected: type, what: str, report: Any) -> bool:
    ok = isinstance(value, expected) and not (expected is float and isinstance(value, bool))
    if expected is float:
        ok = isinstance(value, int | float) and not isinstance(value, bool)
    if not ok:
        name = "a number" if expected is float else _TYPE_NAMES.get(expected, expected.__name__)
        report(f"field '{what}' must be {name}")
    return ok


def _string_list(value: Any, what: str, report: Any) -> list[str]:
    if not _check_type(value, list, what, report):
        return []
    if not all(isinstance(v, str) for v in value):
        report(f"field '{what}' must be a list of strings")
        return []
    return list(value)


def _unknown_fields(data: dict[str, Any], allowed: set[str], where: Any, prefix: str = "") -> None:
    for key in data:
        if key not in allowed:
            where(prefix + key, f"unknown field '{key}' (allowed: {', '.join(sorted(allowed))})")


def validate_logic(lf: LogicFile, diags: DiagnosticList) -> str | None:
    """Check one logic file on its own; return its kind when it is usable."""

    def at(key: str, message: str) -> None:
        diags.error(lf.path, lf.line(key), message)

    kind = lf.data.get("kind")
    if kind is None:
        at("kind", f"missing required field 'kind' (one of: {', '.join(KINDS)})")
        return None
    if kind not in KINDS:
        at("kind", f"unknown kind '{kind}' (one of: {', '.join(KINDS)})")
        return None
    _unknown_fields(lf.data, LOGIC_FIELDS[kind], at)
    d = lf.data
    if "aliases" in d:
        for alias in _string_list(d["aliases"], "aliases", lambda m: at("aliases", m)):
            if not ID_PATTERN.match(alias):
                at("aliases", f"invalid alias '{alias}': use lowercase letters, digits and dashes")
    if "applies_to" in d:
        for gen in _string_list(d["applies_to"], "applies_to", lambda m: at("applies_to", m)):
            if gen not in GENERATIONS:
                at("applies_to", f"unknown generation '{gen}' (one of: {', '.join(GENERATIONS)})")
    if "sources" in d and _check_type(d["sources"], list, "sources", lambda m: at("sources", m)):
        for src in d["sources"]:
            if not isinstance(src, dict) or set(src) != SOURCE_FIELDS or not all(
                isinstance(v, str) and v for v in src.values()
            ):
                at("sources", "each source must be { doc = \"…\", revision = \"…\" }")
            elif not REVISION_PATTERN.match(src["revision"]):
                at("sources", f"revision '{src['revision']}' must be a date: YYYY-MM or "
                   "YYYY-MM-DD")
    if kind == "problem" and "signatures" in d:
        sigs = d["signatures"]
        if _check_type(sigs, list, "signatures", lambda m: at("signatures", m)):
            for sig in sigs:
                if not isinstance(sig, dict):
                    at("signatures", "each signature must be { text = \"…\", cf = 0.9 }")
                    continue
                _unknown_fields(sig, SIGNATURE_FIELDS, lambda _k, m: at("signatures", m))
                _check_signature_text(sig.get("text"), lambda m: at("signatures", m))
                _check_cf(sig.get("cf"), lambda m: at("signatures", m), positive=True)
    if kind == "cause":
        _validate_cause(lf, at)
    if kind == "question":
        if "choices" in d:
            choices = _string_list(d["choices"], "choices", lambda m: at("choices", m))
            if len(choices) < 2:
                at("choices", "a question needs at least two choices")
            if UNKNOWN in choices:
                at("choices", f"'{UNKNOWN}' is always offered: do not list it")
            if len(set(choices)) != len(choices):
                at("choices", "choices must be different from each other")
            for choice in choices:
                if not ID_PATTERN.match(choice):
                    at("choices", f"invalid choice '{choice}': use lowercase letters, digits "
                       "and dashes")
        if "ask_first" in d:
            _check_type(d["ask_first"], bool, "ask_first", lambda m: at("ask_first", m))
        if "asks_generation" in d and _check_type(
                d["asks_generation"], bool, "asks_generation", lambda m: at("asks_generation", m)
        ) and d["asks_generation"]:
            choices = d.get("choices")
            if not isinstance(choices, list) or sorted(map(str, choices)) != sorted(GENERATIONS):
                at("asks_generation", "a question that asks the generation must have exactly "
                   f"these choices: {', '.join(GENERATIONS)}")
    return kind


def _check_signature_text(text: Any, report: Any) -> None:
    if not isinstance(text, str):
        report("a signature needs 'text', a string")
    elif len(fold(text).replace(" ", "")) < MIN_SIGNATURE_LENGTH:
        report(f"signature '{text}' is too short to identify anything")


def _check_cf(value: Any, report: Any, *, positive: bool = False, name: str = "cf") -> None:
    if value is None:
        report(f"missing required field '{name}'")
        return
    if isinstance(value, bool) or not isinstance(value, int | float):
        report(f"field '{name}' must be a number")
        return
    if positive and not 0 < value <= 1:
        report(f"certainty {value} is out of range: '{name}' must lie in (0, 1]")
    elif not -1 <= value <= 1:
        report(f"certainty {value} is out of range: '{name}' must lie in [-1, 1]")


def _validate_cause(lf: LogicFile, at: Any) -> None:
    d = lf.data
    problems = d.get("problems")
    if problems is None:
        at("kind", "missing required field 'problems': a cause must explain at least one "
           "problem")
    elif _check_type(problems, dict, "problems", lambda m: at("problems", m)):
        for pid, prior in problems.items():
            _check_cf(prior, lambda m: at("problems", m), positive=True, name=f"problems.{pid}")
    resolutions = d.get("resolutions")
    if resolutions is None:
        at("kind", "missing required field 'resolutions'")
    else:
        _string_list(resolutions, "resolutions", lambda m: at("resolutions", m))
    evidence = d.get("evidence", [])
    if not _check_type(evidence, list, "evidence", lambda m: at("evidence", m)):
        return
    for index, ev in enumerate(evidence):
        key = f"evidence[{index}]"
        if not isinstance(ev, dict):
            at(key, "each evidence must be a table ([[evidence]])")
            continue
        _unknown_fields(ev, EVIDENCE_FIELDS, lambda k, m, key=key: at(f"{key}.{k}", m))
        has_sig, has_q = "signature" in ev, "question" in ev
        if has_sig == has_q:
            at(key, "evidence needs exactly one of 'signature' or 'question'")
        if has_sig:
            _check_signature_text(ev["signature"], lambda m, key=key: at(f"{key}.signature", m))
            _check_cf(ev.get("cf"), lambda m, key=key: at(f"{key}.cf", m), positive=True)
            if "answer" in ev:
                at(f"{key}.answer", "'answer' goes with 'question', not with 'signature'")
        if has_q:
            if not isinstance(ev["question"], str):
                at(f"{key}.question", "field 'question' must be a string")
            if not isinstance(ev.get("answer"), str):
                at(key, "missing required field 'answer' (a string)")
            _check_cf(ev.get("cf"), lambda m, key=key: at(f"{key}.cf", m))
            if "problem" in ev:
                at(f"{key}.problem", "'problem' goes with 'signature' evidence only")
        if "problem" in ev and not isinstance(ev["problem"], str):
            at(f"{key}.problem", "field 'problem' must be a string")


def validate_wording(wf: WordingFile, kind: str, diags: DiagnosticList) -> None:
    def at(key: str, message: str) -> None:
        diags.error(wf.path, wf.line(key), message)

    d = wf.data
    _unknown_fields(d, WORDING_FIELDS[kind], at)
    title = d.get("title")
    if title is None:
        diags.error(wf.path, 1, "missing required field 'title'")
    elif _check_type(title, str, "title", lambda m: at("title", m)) and not title.strip():
        at("title", "field 'title' is empty")
    if "summary" in d:
        _check_type(d["summary"], str, "summary", lambda m: at("summary", m))
    if "phrasings" in d:
        phrasings = _string_list(d["phrasings"], "phrasings", lambda m: at("phrasings", m))
        for p in phrasings:
            if not fold(p):
                at("phrasings", "a phrasing is empty once punctuation is removed")
    if kind == "problem":
        count = len(d.get("phrasings", [])) if isinstance(d.get("phrasings"), list) else 0
        if count < MIN_PROBLEM_PHRASINGS:
            diags.error(wf.path, wf.line("phrasings") if "phrasings" in d else 1,
                        f"a problem needs at least {MIN_PROBLEM_PHRASINGS} phrasings, this one "
                        f"has {count}")
    if "choices" in d and _check_type(d["choices"], dict, "choices", lambda m: at("choices", m)):
        for k, v in d["choices"].items():
            if not isinstance(v, str) or not v.strip():
                at("choices", f"the label of choice '{k}' must be a non-empty string")
    if not wf.body.strip():
        diags.warning(wf.path, wf.body_line, "the article body is empty")
    wf.outline = markdown.outline(wf.body)


# ---------------------------------------------------------------- linking


def compile_tree(root: Path | str) -> tuple[KnowledgeBase | None, DiagnosticList]:
    """Compile a content tree. The knowledge base is None when there are errors."""
    root = Path(root)
    diags = DiagnosticList()
    if not root.is_dir():
        diags.error(str(root), 1, "content folder not found")
        return None, diags
    tree = read_tree(root, diags)
    kinds: dict[str, str] = {}
    for node_id, lf in tree.logic.items():
        kind = validate_logic(lf, diags)
        if kind:
            kinds[node_id] = kind
        else:
            tree.broken.add(node_id)
    for (node_id, lang), wf in tree.wording.items():
        if node_id in tree.broken:
            continue
        if node_id not in tree.logic:
            if lang == "en":
                diags.error(wf.path, 1, f"wording file without logic file: expected "
                            f"{_sibling(wf.path, node_id, '.toml')}")
            continue
        if node_id in kinds:
            validate_wording(wf, kinds[node_id], diags)
    for node_id, lf in tree.logic.items():
        for lang in LANGS:
            if (node_id, lang) not in tree.wording and not _wording_failed(diags, lf, lang):
                name = "English" if lang == "en" else "French"
                diags.error(lf.path, 1, f"node '{node_id}' has no {name} file: expected "
                            f"{_sibling(lf.path, node_id, f'.{lang}.md')}")
    for node_id in sorted(kinds):
        en, fr = tree.wording.get((node_id, "en")), tree.wording.get((node_id, "fr"))
        if en and fr and en.outline and fr.outline:
            _check_parity(en, fr, diags)
    aliases = _collect_aliases(tree, kinds, diags)
    _check_references(tree, kinds, aliases, diags)
    if diags.has_errors:
        return None, diags
    kb = _build(tree, kinds, aliases)
    return kb, diags


def _sibling(path: str, node_id: str, suffix: str) -> str:
    folder = path.rsplit("/", 1)[0] + "/" if "/" in path else ""
    return f"{folder}{node_id}{suffix}"


def _wording_failed(diags: DiagnosticList, lf: LogicFile, lang: str) -> bool:
    """True when the wording file exists but could not be read (already reported)."""
    expected = _sibling(lf.path, lf.id, f".{lang}.md")
    return any(d.path == expected for d in diags)


def _check_parity(en: WordingFile, fr: WordingFile, diags: DiagnosticList) -> None:
    assert en.outline and fr.outline
    a, b = en.outline.blocks, fr.outline.blocks
    for index in range(max(len(a), len(b))):
        ea = a[index] if index < len(a) else None
        fb = b[index] if index < len(b) else None
        if ea and fb and (ea.shape, ea.depth) == (fb.shape, fb.depth):
            continue
        if ea is None:
            assert fb is not None
            diags.error(fr.path, fr.body_line + fb.line,
                        f"French and English structure differ: {markdown.describe(fb.shape)} "
                        f"here has no counterpart in {en.path}")
        elif fb is None:
            diags.error(fr.path, fr.body_line + (b[-1].line if b else 0),
                        f"French and English structure differ: {en.path}:"
                        f"{en.body_line + ea.line} has {markdown.describe(ea.shape)} that is "
                        "missing here")
        else:
            if ea.shape.startswith("code:") and fb.shape.startswith("code:"):
                detail = "code blocks differ (commands and messages are never translated)"
            else:
                detail = (f"{markdown.describe(fb.shape)} here, {markdown.describe(ea.shape)} "
                          f"at {en.path}:{en.body_line + ea.line}")
            diags.error(fr.path, fr.body_line + fb.line,
                        f"French and English structure differ: {detail}")
        break  # past the first difference the blocks no longer line up
    en_links = sorted({lk.target for lk in en.outline.links if lk.internal})
    fr_links = sorted({lk.target for lk in fr.outline.links if lk.internal})
    if en_links != fr_links:
        only_en = sorted(set(en_links) - set(fr_links))
        only_fr = sorted(set(fr_links) - set(en_links))
        parts = []
        if only_en:
            parts.append(f"only English links to {', '.join(only_en)}")
        if only_fr:
            parts.append(f"only French links to {', '.join(only_fr)}")
        diags.error(fr.path, fr.body_line, f"French and English links differ: {'; '.join(parts)}")
    en_choices = en.data.get("choices") if isinstance(en.data.get("choices"), dict) else {}
    fr_choices = fr.data.get("choices") if isinstance(fr.data.get("choices"), dict) else {}
    if set(en_choices) != set(fr_choices):
        diags.error(fr.path, fr.line("choices"),
                    "French and English choice labels differ: "
                    f"{sorted(fr_choices)} here, {sorted(en_choices)} in {en.path}")


def _collect_aliases(tree: Tree, kinds: dict[str, str], diags: DiagnosticList) -> dict[str, str]:
    aliases: dict[str, str] = {}
    for node_id, lf in tree.logic.items():
        if node_id not in kinds or not isinstance(lf.data.get("aliases"), list):
            continue
        for alias in lf.data["aliases"]:
            if not isinstance(alias, str):
                continue
            if alias in tree.logic:
                diags.error(lf.path, lf.line("aliases"),
                            f"alias '{alias}' is already the ID of {tree.logic[alias].path}")
            elif alias in aliases and aliases[alias] != node_id:
                other = tree.logic[aliases[alias]].path
                diags.error(lf.path, lf.line("aliases"),
                            f"duplicate alias '{alias}': also an alias in {other}")
            else:
                aliases[alias] = node_id
    return aliases


def _check_references(
    tree: Tree, kinds: dict[str, str], aliases: dict[str, str], diags: DiagnosticList
) -> None:
    def resolve(ref: str) -> str | None:
        return ref if ref in kinds else aliases.get(ref)

    def expect(ref: Any, kind: str, path: str, line: int, what: str) -> str | None:
        if not isinstance(ref, str):
            return None
        target = resolve(ref)
        if target is None:
            if ref not in tree.broken:
                diags.error(path, line, f"unknown {what} '{ref}'")
            return None
        if kinds[target] != kind:
            diags.error(path, line, f"'{ref}' is a {kinds[target]}, not a {kind}")
            return None
        return target

    used_questions: set[str] = set()
    linked_resolutions: set[str] = set()
    problems_with_causes: set[str] = set()
    for node_id, kind in sorted(kinds.items()):
        lf = tree.logic[node_id]
        if kind != "cause":
            continue
        d = lf.data
        problems = d.get("problems") if isinstance(d.get("problems"), dict) else None
        resolved_problems = []
        if problems is not None:
            if not problems:
                diags.error(lf.path, lf.line("problems"),
                            f"cause '{node_id}' is reached by no problem: list at least one in "
                            "'problems'")
            for pid in problems:
                target = expect(pid, "problem", lf.path, lf.line("problems"), "problem")
                if target and target in resolved_problems:
                    diags.error(lf.path, lf.line("problems"),
                                f"'{pid}' is listed twice in 'problems' (as '{target}')")
                elif target:
                    resolved_problems.append(target)
                    problems_with_causes.add(target)
        resolutions = d.get("resolutions")
        if isinstance(resolutions, list):
            if not resolutions:
                diags.error(lf.path, lf.line("resolutions"),
                            f"cause '{node_id}' has no resolution: list at least one in "
                            "'resolutions'")
            listed: set[str] = set()
            for rid in resolutions:
                target = expect(rid, "resolution", lf.path, lf.line("resolutions"), "resolution")
                if target and target in listed:
                    diags.error(lf.path, lf.line("resolutions"),
                                f"'{rid}' is listed twice in 'resolutions' (as '{target}')")
                elif target:
                    listed.add(target)
                    linked_resolutions.add(target)
        evidence = d.get("evidence", [])
        for index, ev in enumerate(evidence if isinstance(evidence, list) else []):
            if not isinstance(ev, dict):
                continue
            key = f"evidence[{index}]"
            if isinstance(ev.get("question"), str):
                qid = expect(ev["question"], "question", lf.path, lf.line(f"{key}.question"),
                             "question")
                if qid:
                    used_questions.add(qid)
                    choices = _choices(tree.logic[qid].data)
                    answer = ev.get("answer")
                    if isinstance(answer, str) and answer not in choices:
                        diags.error(lf.path, lf.line(f"{key}.answer"),
                                    f"answer '{answer}' is not a choice of question '{qid}' "
                                    f"(choices: {', '.join(choices)})")
            if "signature" in ev:
                if isinstance(ev.get("problem"), str):
                    target = expect(ev["problem"], "problem", lf.path,
                                    lf.line(f"{key}.problem"), "problem")
                    if target and problems is not None and target not in resolved_problems:
                        diags.error(lf.path, lf.line(f"{key}.problem"),
                                    f"problem '{ev['problem']}' is not one of this cause's "
                                    "problems")
                elif problems is not None and len(problems) > 1:
                    diags.error(lf.path, lf.line(key),
                                "this cause explains several problems: say which one the "
                                "signature points to with 'problem = \"…\"'")
    for node_id, kind in sorted(kinds.items()):
        lf = tree.logic[node_id]
        if kind == "question":
            if node_id not in used_questions:
                diags.warning(lf.path, 1, f"question '{node_id}' is used by no rule")
            choices = _choices(lf.data)
            for lang in LANGS:
                wf = tree.wording.get((node_id, lang))
                if wf is None:
                    continue
                labels = wf.data.get("choices") if isinstance(wf.data.get("choices"), dict) else {}
                for choice in choices:
                    if choice not in YES_NO and choice not in labels:
                        diags.error(wf.path, wf.line("choices") if labels else 1,
                                    f"missing label for choice '{choice}': add it to 'choices'")
                for label in labels:
                    if label not in choices:
                        diags.error(wf.path, wf.line("choices"),
                                    f"label for unknown choice '{label}' (choices: "
                                    f"{', '.join(choices)})")
        elif kind == "resolution" and node_id not in linked_resolutions:
            diags.warning(lf.path, 1, f"resolution '{node_id}' is linked from no cause")
        elif kind == "problem" and node_id not in problems_with_causes:
            diags.warning(lf.path, 1, f"problem '{node_id}' has no cause")
    for (_node_id, _lang), wf in sorted(tree.wording.items()):
        if wf.outline is None:
            continue
        for link in wf.outline.links:
            if link.internal and resolve(link.target) is None and link.target not in tree.broken:
                diags.error(wf.path, wf.body_line + link.line,
                            f"link to unknown ID '{link.target}'")


def _choices(data: dict[str, Any]) -> tuple[str, ...]:
    choices = data.get("choices")
    if isinstance(choices, list) and all(isinstance(c, str) for c in choices):
        return tuple(choices)
    return YES_NO


# ---------------------------------------------------------------- deriving the knowledge base


def _build(tree: Tree, kinds: dict[str, str], aliases: dict[str, str]) -> KnowledgeBase:
    nodes: dict[str, Node] = {}
    signatures: list[Signature] = []
    rules: list[Rule] = []

    def canon(ref: str) -> str:
        return ref if ref in kinds else aliases[ref]

    generation_questions = sorted(
        node_id for node_id, kind in kinds.items()
        if kind == "question" and tree.logic[node_id].data.get("asks_generation") is True)
    for node_id in sorted(kinds):
        lf = tree.logic[node_id]
        kind = kinds[node_id]
        d = lf.data
        wording = {lang: _wording(tree.wording[(node_id, lang)]) for lang in LANGS}
        en = tree.wording[(node_id, "en")]
        assert en.outline is not None
        links = tuple(dict.fromkeys(canon(lk.target) for lk in en.outline.links if lk.internal))
        node = Node(
            id=node_id,
            kind=kind,
            aliases=tuple(d.get("aliases", ())),
            applies_to=tuple(d.get("applies_to", ())),
            doc_refs=tuple(DocRef(s["doc"], s["revision"]) for s in d.get("sources", ())),
            wording=wording,
            links=links,
            source=SourcePos(lf.path, 1),
            problems={canon(k): float(v) for k, v in d.get("problems", {}).items()},
            resolutions=tuple(canon(r) for r in d.get("resolutions", ())),
            choices=_choices(d) if kind == "question" else (),
            ask_first=bool(d.get("ask_first", False)),
        )
        nodes[node_id] = node
        sigs, node_rules = _derive(node, lf, tree, canon)
        signatures.extend(sigs)
        rules.extend(node_rules)
        rules.extend(_generation_rules(node, lf, generation_questions, canon))
    return KnowledgeBase(
        schema=SCHEMA_VERSION,
        content_hash=tree.content_hash,
        root=str(tree.root),
        nodes=nodes,
        aliases=aliases,
        signatures=tuple(signatures),
        rules=tuple(sorted(rules, key=lambda r: r.id)),
    )


def _generation_rules(node: Node, lf: LogicFile, questions: list[str],
                      canon: Any) -> list[Rule]:
    """A cause's ``applies_to`` as evidence: an answer naming a generation it does not
    apply to counts against it, unless its own evidence says otherwise for that answer.

    Written once in ``applies_to``, the scope cannot drift from per-answer evidence
    (a Cloud Connector cause answered "legacy CA" kept its full certainty before)."""
    if node.kind != "cause" or not node.applies_to:
        return []
    explicit = {(canon(ev["question"]), ev["answer"]) for ev in lf.data.get("evidence", ())
                if "question" in ev}
    source = SourcePos(lf.path, lf.line("applies_to"))
    return [
        Rule(f"{node.id}#applies_to:{question}={generation}", 2, "answer", question,
             generation, node.id, "cause", OUT_OF_SCOPE_CF, tuple(node.problems), source)
        for question in questions
        for generation in GENERATIONS
        if generation not in node.applies_to and (question, generation) not in explicit
    ]


def _wording(wf: WordingFile) -> Wording:
    phrasings = tuple(wf.data.get("phrasings", ()))
    return Wording(
        title=wf.data["title"].strip(),
        summary=str(wf.data.get("summary", "")).strip(),
        body=wf.body,
        phrasings=phrasings,
        choice_labels=dict(wf.data.get("choices", {})),
        source=SourcePos(wf.path, 1),
        body_line=wf.body_line,
        phrasings_line=wf.line("phrasings") if "phrasings" in wf.data else wf.line("title"),
        phrasing_lines=_phrasing_lines(wf, len(phrasings)),
        title_line=wf.line("title"),
    )


def _phrasing_lines(wf: WordingFile, count: int) -> tuple[int, ...]:
    """The file line of each phrasing, so that an explanation cites the one that matched."""
    if count == 0 or "phrasings" not in wf.lines:
        return ()
    lines = tomlsrc.array_string_lines(wf.front_matter, wf.lines["phrasings"])
    if len(lines) != count:
        return ()  # an unusual layout: cite the key's line instead
    return tuple(line + wf.fm_first_line - 1 for line in lines)


def _derive(
    node: Node, lf: LogicFile, tree: Tree, canon: Any
) -> tuple[list[Signature], list[Rule]]:
    """The signatures and rules one node contributes."""
    sigs: list[Signature] = []
    rules: list[Rule] = []
    en = tree.wording[(node.id, "en")]
    mention_src = SourcePos(en.path, en.line("phrasings")) if "phrasings" in en.data else \
        SourcePos(en.path, 1)
    has_phrasings = any(w.phrasings for w in node.wording.values())
    if node.kind == "problem":
        if has_phrasings:
            rules.append(Rule(f"{node.id}#mention", 1, "mention", node.id, None, node.id,
                              "problem", MENTION_CF_PROBLEM, (), mention_src))
        for index, sig in enumerate(lf.data.get("signatures", ())):
            sid = f"{node.id}#signature[{index}]"
            src = SourcePos(lf.path, lf.line("signatures"))
            sigs.append(Signature(sid, sig["text"], fold(sig["text"]), node.id, None,
                                  float(sig["cf"]), src))
            rules.append(Rule(sid, 1, "signature", sid, None, node.id, "problem",
                              float(sig["cf"]), (), src))
    elif node.kind == "cause":
        problems = tuple(node.problems)
        if has_phrasings:
            rules.append(Rule(f"{node.id}#mention", 1, "mention", node.id, None, node.id,
                              "cause", MENTION_CF_CAUSE, (), mention_src))
            for pid in problems:
                rules.append(Rule(f"{node.id}#mention>{pid}", 1, "mention", node.id, None, pid,
                                  "problem", MENTION_CF_CAUSE_PROBLEM, (), mention_src))
        for pid, prior in node.problems.items():
            rules.append(Rule(f"{node.id}#prior:{pid}", 2, "problem", pid, None, node.id,
                              "cause", prior, (), SourcePos(lf.path, lf.line("problems"))))
        for index, ev in enumerate(lf.data.get("evidence", ())):
            key = f"evidence[{index}]"
            rid = f"{node.id}#{key}"
            src = SourcePos(lf.path, lf.line(key))
            cf = float(ev["cf"])
            if "signature" in ev:
                pid = canon(ev["problem"]) if "problem" in ev else problems[0]
                sigs.append(Signature(rid, ev["signature"], fold(ev["signature"]), pid, node.id,
                                      cf, src))
                rules.append(Rule(rid, 1, "signature", rid, None, node.id, "cause", cf, (), src))
                rules.append(Rule(f"{rid}>{pid}", 1, "signature", rid, None, pid, "problem",
                                  cf, (), src))
            else:
                rules.append(Rule(rid, 2, "answer", canon(ev["question"]), ev["answer"],
                                  node.id, "cause", cf, problems, src))
    return sigs, rules
