"""Turn a diagnosis into JSON, terminal text or a Markdown report, in English or French.

Pure functions shared by the CLI and the TUI. Nothing here imports Textual.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from jamfkb.engine.consultation import Diagnosis, RankedCause
from jamfkb.engine.inference import Firing
from jamfkb.kb.model import UNKNOWN, KnowledgeBase
from jamfkb.kb.text import one_line, terminal_safe
from jamfkb.tui import i18n
from jamfkb.tui.safe_text import safe_markdown

if TYPE_CHECKING:  # the log scan and datetime are not imported by `jamfkb diagnose`
    from datetime import datetime
    from pathlib import Path

    from jamfkb.engine.scan import ScanResult
    from jamfkb.tui.session import Session


def colon(lang: str) -> str:
    """": " in English, " : " in French (a space before the colon)."""
    return i18n.colon(lang)


def signed(value: float, lang: str) -> str:
    """A certainty contribution such as +0.67, or +0,67 in French."""
    text = f"{value:+.2f}"
    return text.replace(".", ",") if lang == "fr" else text


def choice_label(kb: KnowledgeBase, question_id: str, choice: str, lang: str) -> str:
    node = kb.nodes.get(question_id)
    if node is not None:
        label = node.wording[lang].choice_labels.get(choice)
        if label:
            return label
    if choice in ("yes", "no", UNKNOWN):
        return i18n.t(lang, f"choice.{choice}")
    return choice


def fact_sentence(kb: KnowledgeBase, firing: Firing, lang: str) -> str:
    """What the rule matched, as a sentence."""
    rule = firing.rule
    match rule.condition:
        case "mention":
            phrasing = firing.matched.get("phrasing", "")
            score = float(firing.matched.get("score", 0.0))
            return i18n.t(lang, "why.mention", phrasing=phrasing or kb.title(rule.subject, lang),
                          score=score)
        case "signature":
            sig = next((s for s in kb.signatures if s.id == rule.subject), None)
            return i18n.t(lang, "why.signature", text=sig.text if sig else rule.subject)
        case "problem":
            cf = float(firing.matched.get("pcf", 0.0))
            recognised = float(firing.matched.get("recognised", cf))
            key = "why.problem" if abs(recognised - cf) < 0.005 else "why.problem_behind"
            return i18n.t(lang, key, title=kb.title(rule.subject, lang), cf=cf,
                          recognised=recognised)
        case "answer":
            return i18n.t(lang, "why.answer",
                          answer=choice_label(kb, rule.subject, rule.value or "", lang),
                          question=kb.title(rule.subject, lang))
        case "version":
            where, _, constraint = (rule.value or "").partition(" ")
            fact = i18n.t(lang, "why.version_in" if where == "in" else "why.version_out",
                          version=firing.matched.get("given", "?"), range=constraint)
            if "found_line" in firing.matched:
                fact = i18n.t(lang, "why.version_from", fact=fact,
                              line=firing.matched["found_line"],
                              text=one_line(str(firing.matched.get("found_text", ""))))
            return fact
    return rule.id


def rule_source(kb: KnowledgeBase, firing: Firing) -> str:
    """Where the rule that fired is written.

    A mention rule stands for the phrasings of both languages (and the node's error
    messages): cite the file that holds the phrasing that actually matched.
    """
    rule = firing.rule
    matched_lang = firing.matched.get("phrasing_lang")
    node = kb.nodes.get(rule.subject)
    if rule.condition == "mention" and node is not None and matched_lang:
        if matched_lang in node.wording:
            wording = node.wording[matched_lang]
            phrasing = str(firing.matched.get("phrasing", ""))
            return f"{wording.source.path}:{wording.line_of(phrasing)}"
        return str(node.source)  # an error message written in the logic file
    return str(rule.source)


def why_entries(kb: KnowledgeBase, firings: tuple[Firing, ...],
                lang: str) -> list[tuple[bool, str]]:
    """(explains the problem, line) for each rule that fired.

    A rule that concludes on a problem did not add its certainty to the cause: it tells
    how the cause's problem was recognised, and its line says so, so that "+0.95" is not
    read as evidence for the cause itself.
    """
    entries = []
    for f in firings:
        via_problem = f.rule.target_kind == "problem"
        fact = fact_sentence(kb, f, lang)
        if via_problem:
            fact = i18n.t(lang, "why.via_problem", fact=fact)
        entries.append((via_problem, f"{fact}{colon(lang)}{signed(f.cf, lang)} "
                                     f"[{f.rule.id} @ {rule_source(kb, f)}]"))
    return entries


def why_lines(kb: KnowledgeBase, firings: tuple[Firing, ...], lang: str) -> list[str]:
    """One line per rule that fired: the fact, the contribution, the rule and its source."""
    return [line for _, line in why_entries(kb, firings, lang)]


def explanation(diagnosis: Diagnosis, cause: RankedCause) -> tuple[Firing, ...]:
    """The chain behind a cause: its own rules, with the facts that recognised its problem
    right after the rule that links the cause to that problem.

    A fact already shown among the cause's own rules (the same signature or mention) is
    not repeated for the problem. Mention facts get the phrasing that matched attached,
    so the reader sees which words were recognised.
    """
    phrasing = {m.node: (m.phrasing, m.lang) for m in diagnosis.mentions}
    problem = next((p for p in diagnosis.problems if p.id == cause.problem), None)
    own_facts = {(f.rule.condition, f.rule.subject) for f in cause.firings}
    # A phrasing of another cause may have helped recognise the problem; it explains
    # that cause, not this one, so this cause's Why does not cite it.
    problem_firings = [
        f for f in (problem.firings if problem else ())
        if (f.rule.condition, f.rule.subject) not in own_facts
        and not (f.rule.condition == "mention" and f.rule.subject not in (cause.id, problem.id))
    ]
    own = list(cause.firings)
    # after the prior of the cause's problem, so each problem fact sits under its problem
    at = next((i + 1 for i, f in enumerate(own)
               if f.rule.condition == "problem" and f.rule.subject == cause.problem), len(own))
    out = []
    for f in (*own[:at], *problem_firings, *own[at:]):
        found = diagnosis.found_answers.get(f.rule.subject)
        if f.rule.condition == "version" and found is not None:
            f = Firing(f.rule, f.cf, {**f.matched, "found_line": found.line,
                                      "found_text": found.text})
        if f.rule.condition == "mention" and f.rule.subject in phrasing:
            text, matched_lang = phrasing[f.rule.subject]
            f = Firing(f.rule, f.cf, {**f.matched, "phrasing": text,
                                      "phrasing_lang": matched_lang})
        out.append(f)
    return tuple(out)


def diagnosis_json(kb: KnowledgeBase, d: Diagnosis, lang: str) -> dict[str, Any]:
    return {
        "query": d.query,
        "lang": lang,
        "log_lines": d.log_lines,
        "symptoms": [
            {"id": p.id, "title": kb.title(p.id, lang), "score": round(p.certainty, 4)}
            for p in d.problems
        ],
        "causes": [
            {
                "id": c.id,
                "title": kb.title(c.id, lang),
                "certainty": round(c.certainty, 4),
                "problem": c.problem,
                "resolutions": list(c.resolutions),
                "why": why_lines(kb, explanation(d, c), lang),
            }
            for c in d.causes
        ],
        "questions": [{"id": q, "text": kb.title(q, lang)} for q in d.questions],
    }


def _bar(value: float, width: int = 10) -> str:
    filled = round(max(0.0, min(1.0, value)) * width)
    return "█" * filled + "·" * (width - filled)


def nothing_matched(d: Diagnosis, lang: str) -> str:
    """Why the list is empty: nothing known in a log, or nothing known at all."""
    if d.log_lines and not d.signatures:
        if d.log_lines == 1:
            return i18n.t(lang, "report.clean_log_one")
        return i18n.t(lang, "report.clean_log_many", count=d.log_lines)
    return i18n.t(lang, "report.nothing")


def diagnosis_text(kb: KnowledgeBase, d: Diagnosis, lang: str) -> str:
    if not d.matched:
        return nothing_matched(d, lang)
    lines: list[str] = []
    if d.problems:
        lines.append(i18n.t(lang, "report.symptoms"))
        for p in d.problems:
            lines.append(f"  {p.certainty:4.0%}  {kb.title(p.id, lang)}  ({p.id})")
        lines.append("")
    lines.append(i18n.t(lang, "report.causes"))
    if not d.causes:
        lines.append(f"  {i18n.t(lang, 'report.all_ruled_out')}" if d.ruled_out
                     else f"  {i18n.t(lang, 'report.no_cause')}")
        lines.extend(f"  × {kb.title(c.id, lang)}  ({c.id})" for c in d.ruled_out)
    for rank, c in enumerate(d.causes, start=1):
        lines.append(f"{rank}. {_bar(c.certainty)} {c.certainty:4.0%}  {kb.title(c.id, lang)}  "
                     f"({c.id})")
        lines.append(f"   {i18n.t(lang, 'report.problem')}{colon(lang)}"
                     f"{kb.title(c.problem, lang)}")
        lines.append(f"   {i18n.t(lang, 'report.why')}{colon(lang).rstrip()}")
        lines.extend(("         - " if nested else "     - ") + w
                     for nested, w in why_entries(kb, explanation(d, c), lang))
        if c.resolutions:
            lines.append(f"   {i18n.t(lang, 'report.fix')}{colon(lang).rstrip()}")
            lines.extend(f"     → {kb.title(r, lang)}  (jamfkb show {r})" for r in c.resolutions)
    if d.questions:
        lines.append("")
        lines.append(i18n.t(lang, "report.questions"))
        for q in d.questions:
            node = kb.nodes[q]
            choices = "|".join(node.answers)
            lines.append(f"  ? {kb.title(q, lang)}")
            lines.append(f"    {i18n.t(lang, 'report.answer_hint', qid=q, choices=choices)}")
    return "\n".join(lines)


# What one_line wrote for a control character: \u001b, six visible characters.
_VISIBLE_ESCAPE = re.compile(r"\\u([0-9a-f]{4})")


def _json_text(text: str) -> str:
    """A finding's text as the log had it. The scan stores lines made visible by
    ``one_line`` (``\u001b`` as six characters); JSON then escaped the backslash again, so
    a reader got ``\\u001b``. The control characters come back here, and the JSON
    encoder and the CLI's terminal_safe escape them once, as JSON escapes."""
    def restore(match: re.Match[str]) -> str:
        char = chr(int(match.group(1), 16))
        return char if one_line(char) != char else match.group()
    return _VISIBLE_ESCAPE.sub(restore, text) if "\\u" in text else text


def scan_json(kb: KnowledgeBase, scan: ScanResult, d: Diagnosis, lang: str) -> dict[str, Any]:
    report = diagnosis_json(kb, d, lang)
    return {
        "findings": [
            {"file": f.file, "line": f.line, "text": _json_text(f.text), "problem": f.hit.problem,
             "cause": f.hit.cause}
            for f in scan.findings
        ],
        "causes": report["causes"],
    }


def scanned_summary(scan: ScanResult, lang: str) -> str:
    """"Scanned: 1 file, 181 lines" (proper plurals, not "1 file(s)")."""
    return i18n.t(lang, "report.scanned_counts",
                  files=i18n.tn(lang, "count.files", scan.files),
                  lines=i18n.tn(lang, "count.lines", scan.lines))


def scan_text(kb: KnowledgeBase, scan: ScanResult, d: Diagnosis, lang: str) -> str:
    lines = [scanned_summary(scan, lang)]
    if not scan.findings:
        lines.append(i18n.t(lang, "report.no_findings"))
        return "\n".join(lines)
    lines.append("")
    lines.append(i18n.t(lang, "report.findings"))
    previous: tuple[str, int] | None = None
    for f in scan.findings:  # one line of the log, then what each signature on it means
        target = f.hit.cause or f.hit.problem or ""
        if (f.file, f.line) != previous:
            lines.append(f"  {f.file}:{f.line}: {one_line(f.text, 120)}")
            previous = (f.file, f.line)
        lines.append(f"      → {kb.title(target, lang)} ({target})")
    if scan.dropped:
        lines.append(f"  … +{scan.dropped}")
    lines.append("")
    lines.append(diagnosis_text(kb, d, lang))
    return "\n".join(lines)


def _md_escape(text: str) -> str:
    """Plain text safe inside Markdown prose (no accidental emphasis, links or HTML)."""
    out = one_line(text, 2000)
    for char in "\\`*_[]<>#|":
        out = out.replace(char, "\\" + char)
    return out


def _md_why(line: str) -> str:
    """A why line: its sentence as prose, its "[rule @ file:line]" as inline code (escaped
    as prose, it read ``\\[graph-license-expired\\#evidence\\[5\\]`` in a ticket)."""
    fact, sep, ref = line.rpartition(" [")
    if not sep or not ref.endswith("]"):
        return _md_escape(line)
    return f"{_md_escape(fact)} {_md_code(ref[:-1])}"


_KB_LINK = re.compile(r"\[([^\]\n]*)\]\(kb:[^)\s]*\)")


def without_internal_links(body: str) -> str:
    """``[label](kb:id)`` → ``label``: a ticket's reader has no knowledge base to follow."""
    return _KB_LINK.sub(lambda m: m.group(1), body)


def _demote_headings(body: str, levels: int) -> str:
    """Push the body's ATX headings ``levels`` deeper, leaving code blocks alone."""
    out: list[str] = []
    fence: str | None = None
    for line in body.splitlines():
        stripped = line.lstrip()
        if stripped.startswith(("```", "~~~")):
            marker = stripped[:3]
            fence = None if fence == marker else (fence or marker)
        elif fence is None and line.startswith("#"):
            line = "#" * levels + line
        out.append(line)
    return "\n".join(out)


def _md_code(text: str) -> str:
    """``text`` as inline code, with a fence longer than any run of backticks inside it."""
    text = one_line(text, 2000)
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _answer_separator(question: str, lang: str) -> str:
    """The colon between a question and its answer, unless the question already ends in
    punctuation ("…24 hours? : Yes" reads wrong in both languages)."""
    return " " if question.rstrip().endswith(("?", "!", ":")) else colon(lang)


def _without_title_heading(body: str) -> str:
    """The body minus its leading heading: the report's "Fix: …" heading already is the
    title (the same rule as the article pane, which adds a title only when there is none)."""
    first, _, rest = body.partition("\n")
    return rest.lstrip("\n") if re.match(r"#{1,6}(?:\s|$)", first) else body


def _findings_markdown(kb: KnowledgeBase, scan: ScanResult, lang: str) -> list[str]:
    """The log lines that hold a known error message, as file:line with what it means."""
    t = i18n.t
    lines = [f"## {t(lang, 'report.findings')}", "",
             scanned_summary(scan, lang), ""]
    if not scan.findings:
        return [*lines, t(lang, "report.no_findings"), ""]
    previous: tuple[str, int] | None = None
    for f in scan.findings:  # one item per log line, then what each message on it means
        if (f.file, f.line) != previous:
            lines.append(f"- {_md_code(f'{f.file}:{f.line}')}{colon(lang)}{_md_code(f.text)}")
            previous = (f.file, f.line)
        target = f.hit.cause or f.hit.problem or ""
        lines.append(f"  - → {_md_escape(kb.title(target, lang))} (`{target}`)")
    if scan.dropped:
        lines.append(f"- … +{scan.dropped}")
    return [*lines, ""]


def diagnosis_markdown(kb: KnowledgeBase, d: Diagnosis, lang: str,
                       scan: ScanResult | None = None, log_path: str | None = None,
                       info: ReportInfo | None = None) -> str:
    """The consultation as a Markdown report: query, answers, causes with why, and fixes.

    A consultation made from a scanned log passes ``scan`` (its findings are listed as
    file:line) and ``log_path`` (described as the log file, in place of the query).
    """
    t = i18n.t
    lines: list[str] = [f"# {t(lang, 'export.heading')}", ""]
    if info is not None:
        lines += info.markdown(lang)
    if log_path is not None:
        lines += [f"## {t(lang, 'export.query')}", "",
                  f"{t(lang, 'export.log')}{colon(lang)}{_md_code(log_path)}", ""]
    elif d.query.strip():
        query_lines = [one_line(line, 2000) for line in d.query.strip().splitlines()]
        # a fence longer than any run of backticks in the query, so it cannot be closed
        longest = max((len(run) for line in query_lines for run in re.findall(r"`+", line)),
                      default=0)
        fence = "`" * max(3, longest + 1)
        lines += [f"## {t(lang, 'export.query')}", "", f"{fence}text", *query_lines, fence, ""]
    if scan is not None:
        lines += _findings_markdown(kb, scan, lang)
    if d.answers:
        lines += [f"## {t(lang, 'export.answers')}", ""]
        for qid, value in d.answers.items():
            question = kb.title(qid, lang)
            lines.append(f"- {_md_escape(question)}{_answer_separator(question, lang)}"
                         f"**{_md_escape(choice_label(kb, qid, value, lang))}**")
        lines.append("")
    if d.problems:
        lines += [f"## {t(lang, 'report.symptoms')}", ""]
        for p in d.problems:
            lines.append(f"- {_md_escape(kb.title(p.id, lang))} (`{p.id}`, {p.certainty:.0%})")
        lines.append("")
    lines += [f"## {t(lang, 'report.causes')}", ""]
    if not d.causes:
        lines += [t(lang, "report.nothing"), ""]
    for rank, c in enumerate(d.causes, start=1):
        lines += [f"### {rank}. {_md_escape(kb.title(c.id, lang))} ({c.certainty:.0%})", ""]
        lines.append(f"- {t(lang, 'report.problem')}{colon(lang)}"
                     f"{_md_escape(kb.title(c.problem, lang))}")
        lines.append(f"- {t(lang, 'report.id')}{colon(lang)}`{c.id}`")
        lines += ["", f"**{t(lang, 'report.why')}**", ""]
        # how the problem was recognised: nested under the line of that problem
        lines += [f"{'  - ' if nested else '- '}{_md_why(w)}"
                  for nested, w in why_entries(kb, explanation(d, c), lang)]
        lines.append("")
        for rid in c.resolutions:
            node = kb.nodes.get(rid)
            if node is None:
                continue
            wording = node.wording.get(lang) or next(iter(node.wording.values()))
            lines += [f"#### {t(lang, 'report.fix')}{colon(lang)}{_md_escape(wording.title)}",
                      ""]
            body = without_internal_links(_without_title_heading(wording.body.strip()))
            # demote the article's own headings below the report's
            if body:  # content: a `cat` of the report must not run its escapes
                lines += [safe_markdown(_demote_headings(body, 3)), ""]
    if d.ruled_out:
        lines += [f"## {t(lang, 'export.ruled_out')}", ""]
        lines += [f"- {_md_escape(kb.title(c.id, lang))} (`{c.id}`)" for c in d.ruled_out]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def cause_why_lines(kb: KnowledgeBase, d: Diagnosis, cause: RankedCause, lang: str) -> list[str]:
    """The "why" of one ranked cause, with the matched phrasings filled in."""
    return why_lines(kb, explanation(d, cause), lang)


def session_markdown(kb: KnowledgeBase, session: Session, lang: str,
                     info: ReportInfo | None = None) -> str:
    """The report of the app's consultation (F5): its diagnosis, and the log the causes
    come from when they do."""
    assert session.diagnosis is not None
    from_log = session.from_log
    return diagnosis_markdown(
        kb, session.diagnosis, lang, scan=session.scan if from_log else None,
        log_path=str(session.scan_path) if from_log and session.scan_path else None,
        info=info)


def has_content(session: Session) -> bool:
    """Something worth a report: a query, an answer or a scanned log."""
    return bool(session.query.strip() or session.answers or session.from_log)


def write_session_report(path: Path, kb: KnowledgeBase, session: Session, lang: str,
                         info: ReportInfo | None = None) -> None:
    """Write :func:`session_markdown` atomically, readable by others as a new file would
    be (``shared``). Raises OSError."""
    write_report(path, session_markdown(kb, session, lang, info))


def write_report(path: Path, markdown: str) -> None:
    from jamfkb.kb.store import atomic_write

    atomic_write(path, markdown.encode("utf-8"), shared=True)


# ---------------------------------------------------------------------- a ticket's report

REPORT_PREFIX = "jamfkb-report"


def jamfkb_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("jamfkb")
    except PackageNotFoundError:
        return "dev"


def default_report_name(when: datetime | None = None) -> str:
    """``jamfkb-report-20250314-0930.md``: one file per export, sorted by time."""
    from datetime import datetime

    return f"{REPORT_PREFIX}-{(when or datetime.now()).strftime('%Y%m%d-%H%M%S')}.md"


@dataclass(frozen=True, slots=True)
class ReportInfo:
    """What a helpdesk ticket needs beside the diagnosis: when, with what, for which ticket."""

    when: datetime
    version: str
    kb_hash: str
    ticket: str = ""
    note: str = ""

    @classmethod
    def now(cls, kb: KnowledgeBase, ticket: str = "", note: str = "") -> ReportInfo:
        from datetime import datetime

        # the user's text is untrusted: one line, no terminal escape sequences
        return cls(datetime.now().astimezone(), jamfkb_version(), kb.content_hash,
                   one_line(terminal_safe(ticket), 200), terminal_safe(note).strip())

    def markdown(self, lang: str) -> list[str]:
        t, sep = i18n.t, colon(lang)
        lines = [f"- {t(lang, 'ticket.date')}{sep}{self.when.strftime('%Y-%m-%d %H:%M %z')}",
                 f"- {t(lang, 'ticket.version')}{sep}jamfkb {_md_escape(self.version)}",
                 f"- {t(lang, 'ticket.kb_hash')}{sep}{_md_code(self.kb_hash[:16])}"]
        if self.ticket:
            lines.append(f"- {t(lang, 'ticket.ref')}{sep}{_md_escape(self.ticket)}")
        lines.append("")
        if self.note:
            lines += [f"## {t(lang, 'ticket.note')}", "",
                      *(_md_escape(line) if line.strip() else "" for line in
                        self.note.splitlines()), ""]
        return lines
