"""Stage 2 of the compiler: check each file on its own (fields, types, ranges).

A logic file and a wording file are judged without looking at any other file; what
needs the whole tree (links, parity, references) is :mod:`jamfkb.kb.linking`.
"""

from __future__ import annotations

import re
from typing import Any

from jamfkb.kb import markdown, versions
from jamfkb.kb.diagnostics import DiagnosticList
from jamfkb.kb.model import ANSWER_KINDS, GENERATIONS, KINDS, UNKNOWN
from jamfkb.kb.reading import ID_PATTERN, LogicFile, WordingFile
from jamfkb.kb.text import fold_phrase

REVISION_PATTERN = re.compile(r"^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$")
MIN_PROBLEM_PHRASINGS = 3
MIN_SIGNATURE_LENGTH = 6

_LOGIC_COMMON = {"kind", "aliases", "applies_to", "sources"}
LOGIC_FIELDS: dict[str, set[str]] = {
    "problem": _LOGIC_COMMON | {"signatures"},
    "cause": _LOGIC_COMMON | {"problems", "resolutions", "evidence", "versions"},
    "resolution": set(_LOGIC_COMMON),
    "question": _LOGIC_COMMON | {"choices", "ask_first", "asks_generation", "answer_kind"},
    "article": set(_LOGIC_COMMON),
}
WORDING_FIELDS: dict[str, set[str]] = {
    "problem": {"title", "summary", "phrasings", "examples"},
    "cause": {"title", "summary", "phrasings", "examples"},
    "resolution": {"title", "summary"},
    "question": {"title", "summary", "choices"},
    "article": {"title", "summary"},
}
EVIDENCE_FIELDS = {"signature", "question", "answer", "cf", "problem"}
SOURCE_FIELDS = {"doc", "revision"}
SIGNATURE_FIELDS = {"text", "cf"}

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

    def at(key: str, message: str, col: int = 1) -> None:
        diags.error(lf.path, lf.line(key), message, col)

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
        _validate_answer_kind(d, at)
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


def _validate_answer_kind(d: dict[str, Any], at: Any) -> None:
    answer_kind = d.get("answer_kind", "choice")
    if not _check_type(answer_kind, str, "answer_kind", lambda m: at("answer_kind", m)):
        return
    if answer_kind not in ANSWER_KINDS:
        at("answer_kind", f"unknown answer_kind '{answer_kind}' (one of: "
           f"{', '.join(ANSWER_KINDS)})")
    elif answer_kind == "version":
        for key in ("choices", "asks_generation"):
            if key in d:
                at(key, f"a question answered with a version has no '{key}'")


def _validate_versions(lf: LogicFile, at: Any) -> None:
    """``versions = ">=10.24.2, <10.26.1"``: a mistake is reported at its column."""
    value = lf.data["versions"]
    if not _check_type(value, str, "versions", lambda m: at("versions", m)):
        return
    _clauses, error = versions.parse_constraint(value)
    if error is not None:
        lf_col = lf.col_of("versions", value, error.col - 1)
        at("versions", f"bad versions '{value}': {error.message}", lf_col)


# Titles, summaries, phrasings and labels are printed one per line: a newline or an
# escape sequence in one would forge output lines ("2. ██ 99% FAKE…") or act on the
# terminal. TOML escapes ("\n", "\u001b") make them easy to write by mistake or on purpose.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
TODO_MARKER = "TODO"


def _single_lines(wf: WordingFile, diags: DiagnosticList) -> None:
    d = wf.data
    fields: list[tuple[str, Any]] = [("title", d.get("title")), ("summary", d.get("summary"))]
    if isinstance(d.get("phrasings"), list):
        fields += [("phrasings", p) for p in d["phrasings"]]
    if isinstance(d.get("choices"), dict):
        fields += [("choices", v) for v in d["choices"].values()]
    for key, value in fields:
        if not isinstance(value, str):
            continue
        if m := _CONTROL.search(value):
            diags.error(wf.path, wf.line(key), f"control character U+{ord(m.group()):04X} in "
                        f"'{key}': it must be one line of plain text")
        elif TODO_MARKER in value:
            diags.warning(wf.path, wf.line(key), f"'{key}' still holds a {TODO_MARKER} marker")
    body_todo = wf.body.find(TODO_MARKER)
    if body_todo >= 0:
        diags.warning(wf.path, wf.body_line + wf.body.count("\n", 0, body_todo),
                      f"the article still holds a {TODO_MARKER} marker")


EXAMPLE_FIELDS = {"text", "answers"}


def _validate_examples(examples: Any, at: Any) -> None:
    """``examples = ["text", { text = "…", answers = { question = "answer" } }]``."""
    if not _check_type(examples, list, "examples", lambda m: at("examples", m)):
        return
    for example in examples:
        if isinstance(example, str):
            text = example
        elif isinstance(example, dict):
            _unknown_fields(example, EXAMPLE_FIELDS, lambda _k, m: at("examples", m))
            text = example.get("text")
            answers = example.get("answers", {})
            if not isinstance(answers, dict) or not all(
                    isinstance(k, str) and isinstance(v, str) for k, v in answers.items()):
                at("examples", "an example's answers are a table: { question = \"answer\" }")
        else:
            text = None
        if not isinstance(text, str) or not text.strip():
            at("examples", "each example is a text, or { text = \"…\", answers = { … } }")


def _check_signature_text(text: Any, report: Any) -> None:
    if not isinstance(text, str):
        report("a signature needs 'text', a string")
    elif len(fold_phrase(text).replace(" ", "")) < MIN_SIGNATURE_LENGTH:
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
    if "versions" in d:
        _validate_versions(lf, at)
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
    _single_lines(wf, diags)
    if "phrasings" in d:
        phrasings = _string_list(d["phrasings"], "phrasings", lambda m: at("phrasings", m))
        for p in phrasings:
            if not fold_phrase(p):
                at("phrasings", "a phrasing is empty once punctuation is removed")
    if "examples" in d:
        _validate_examples(d["examples"], at)
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
    if wf.outline is None:  # a file read from the cache keeps its outline
        wf.outline = markdown.outline(wf.body)
