"""Version answers: found in a text or a log, and turned into facts the rules test.

A cause's ``versions`` range compiles into two rules on the version question, one for a
version inside the range (value ``in RANGE``) and one for a version outside it
(``out RANGE``). Once a version is known, :func:`answer_facts` says, for every range the
rules name, which of the two holds: experta and CLIPS then match plain equality, as for
any other answer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from jamfkb.kb.model import UNKNOWN, KnowledgeBase
from jamfkb.kb.model import Rule as KBRule
from jamfkb.kb.versions import parse_version, satisfies

INSIDE, OUTSIDE = "in", "out"
# Jamf Pro's own numbering (9.x to 11.x, and the next major): a bare "14.5" near "Jamf"
# is more likely macOS.
PRODUCT_MAJORS = range(9, 13)
_NUMBER = r"(\d{1,2}\.\d{1,3}(?:\.\d{1,3})?)(?![\d.]*\d)"
# "Jamf Pro 10.24.2", "Jamf Pro version 11.9", "jamf pro v10.25", "upgraded Jamf to 10.25",
# "Jamf Pro est en 11.2.0": the number within three words after the product name.
_AFTER_NAME = re.compile(
    r"\bjamf(?:[ \t]*pro)?\b[^\S\n]*(?:[^\W\d][\w']*[^\S\n]+){0,3}?v?" + _NUMBER, re.I)
# "10.25.0 de Jamf Pro", "11.2 of Jamf": the number right before the product name.
_BEFORE_NAME = re.compile(_NUMBER + r"[^\S\n]+(?:(?:de|of|du)[^\S\n]+)?jamf\b", re.I)
# A log or an About box: "Version: 11.9.0" (not "ProductVersion: 14.5", a macOS key).
_LABEL = re.compile(r"(?<![\w.])version[^\S\n]*[:=][^\S\n]*" + _NUMBER, re.I)


@dataclass(frozen=True, slots=True)
class FoundVersion:
    version: str
    line: int  # 1-based line of the text it was found on
    text: str  # that line, stripped


def versions_in_text(text: str) -> list[FoundVersion]:
    """Jamf Pro versions written in ``text``, in order of appearance."""
    found: list[FoundVersion] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not any(ch.isdigit() for ch in line):
            continue
        hits = sorted(
            (m.start(1), m.group(1))
            for pattern in (_AFTER_NAME, _BEFORE_NAME, _LABEL)
            for m in pattern.finditer(line)
        )
        for _start, version in hits:
            parsed = parse_version(version)
            if parsed is not None and parsed[0] in PRODUCT_MAJORS:
                found.append(FoundVersion(version, number, line.strip()))
    return found


def version_ranges(rules: Iterable[KBRule]) -> dict[str, tuple[str, ...]]:
    """For each version question, the ranges its rules test."""
    ranges: dict[str, set[str]] = {}
    for rule in rules:
        if rule.condition == "version" and rule.value:
            ranges.setdefault(rule.subject, set()).add(rule.value.split(" ", 1)[1])
    return {q: tuple(sorted(r)) for q, r in sorted(ranges.items())}


def answer_facts(answers: Mapping[str, str],
                 ranges: Mapping[str, tuple[str, ...]]) -> list[tuple[str, str, str]]:
    """``(question, value, given)`` for every answer fact: a choice as it is, a version
    as one fact per range (``in RANGE`` or ``out RANGE``). "unknown" gives no fact."""
    facts: list[tuple[str, str, str]] = []
    for question, given in sorted(answers.items()):
        if given == UNKNOWN:
            continue
        if question not in ranges:
            facts.append((question, given, given))
            continue
        for constraint in ranges[question]:
            inside = satisfies(given, constraint)
            if inside is not None:
                where = INSIDE if inside else OUTSIDE
                facts.append((question, f"{where} {constraint}", given))
    return facts


def version_question(kb: KnowledgeBase) -> str | None:
    return next((n.id for n in sorted(kb.nodes.values(), key=lambda n: n.id)
                 if n.asks_version), None)
