"""Stage 3 of the compiler: what needs the whole tree.

Every node has both wordings; French and English have the same structure, links and
choices; aliases are unique; every reference (problem, resolution, question, answer,
link) points at a node of the right kind. Mistakes are reported at the referring line.
"""

from __future__ import annotations

from typing import Any

from jamfkb.kb import markdown
from jamfkb.kb.diagnostics import DiagnosticList
from jamfkb.kb.model import LANGS, YES_NO
from jamfkb.kb.reading import LogicFile, Tree, WordingFile
from jamfkb.kb.suggest import did_you_mean


def check_presence(tree: Tree, diags: DiagnosticList) -> None:
    """Every wording file has its logic file, and every node both wordings."""
    for (node_id, lang), wf in tree.wording.items():
        if node_id in tree.broken or node_id in tree.logic or lang != "en":
            continue
        diags.error(wf.path, 1, f"wording file without logic file: expected "
                    f"{_sibling(wf.path, node_id, '.toml')}")
    for node_id, lf in tree.logic.items():
        for lang in LANGS:
            if (node_id, lang) not in tree.wording and not _wording_failed(diags, lf, lang):
                name = "English" if lang == "en" else "French"
                diags.error(lf.path, 1, f"node '{node_id}' has no {name} file: expected "
                            f"{_sibling(lf.path, node_id, f'.{lang}.md')}")


def check_parity_all(tree: Tree, kinds: dict[str, str], diags: DiagnosticList) -> None:
    for node_id in sorted(kinds):
        en, fr = tree.wording.get((node_id, "en")), tree.wording.get((node_id, "fr"))
        if en and fr and en.outline and fr.outline:
            _check_parity(en, fr, diags)


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


def collect_aliases(tree: Tree, kinds: dict[str, str], diags: DiagnosticList) -> dict[str, str]:
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


def check_references(
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
                candidates = [n for n, k in kinds.items() if k == kind]
                candidates += [a for a, n in aliases.items() if kinds.get(n) == kind]
                diags.error(path, line, f"unknown {what} '{ref}'"
                            f"{did_you_mean(ref, candidates)}")
            return None
        if kinds[target] != kind:
            diags.error(path, line, f"'{ref}' is a {kinds[target]}, not a {kind}")
            return None
        return target

    version_questions = sorted(
        node_id for node_id, kind in kinds.items()
        if kind == "question" and tree.logic[node_id].data.get("answer_kind") == "version")
    def listed(lf: LogicFile, refs: Any, kind: str, key: str) -> list[str]:
        """The nodes a list of IDs names, each once (an ID and its alias are one)."""
        found: list[str] = []
        for ref in refs:
            target = expect(ref, kind, lf.path, lf.line(key), kind)
            if target and target in found:
                diags.error(lf.path, lf.line(key),
                            f"'{ref}' is listed twice in '{key}' (as '{target}')")
            elif target:
                found.append(target)
        return found

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
            resolved_problems = listed(lf, problems, "problem", "problems")
            problems_with_causes.update(resolved_problems)
        resolutions = d.get("resolutions")
        if isinstance(resolutions, list):
            if not resolutions:
                diags.error(lf.path, lf.line("resolutions"),
                            f"cause '{node_id}' has no resolution: list at least one in "
                            "'resolutions'")
            linked_resolutions.update(listed(lf, resolutions, "resolution", "resolutions"))
        if "versions" in d:
            if len(version_questions) == 1:
                used_questions.add(version_questions[0])
            else:
                found = ", ".join(version_questions) or "none"
                diags.error(lf.path, lf.line("versions"),
                            "'versions' needs exactly one question with answer_kind = "
                            f"\"version\" (found: {found})")
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
                    choices = choices_of(tree.logic[qid].data)
                    answer = ev.get("answer")
                    if qid in version_questions:
                        diags.error(lf.path, lf.line(f"{key}.question"),
                                    f"question '{qid}' is answered with a version: write the "
                                    "range in this cause's 'versions' instead")
                    elif isinstance(answer, str) and answer not in choices:
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
            choices = choices_of(lf.data)
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
                            f"link to unknown ID '{link.target}'"
                            f"{did_you_mean(link.target, [*kinds, *aliases])}")


def choices_of(data: dict[str, Any]) -> tuple[str, ...]:
    if data.get("answer_kind") == "version":
        return ()
    choices = data.get("choices")
    if isinstance(choices, list) and all(isinstance(c, str) for c in choices):
        return tuple(choices)
    return YES_NO
