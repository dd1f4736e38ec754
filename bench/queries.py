"""A fixed query set drawn from a compiled knowledge base (same seed, same queries).

Kinds: exact phrasings (``hit``), phrasings with typos (``typo``), cause phrasings
(``cause``), phrasings with answers to the relevant questions (``answers``), phrasings with
a version answer (``version``), error
signatures in a log line (``signature``), long multi-line pastes (``long``) and text the
knowledge base knows nothing about (``unrelated``).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from jamfkb.kb.model import KnowledgeBase

UNRELATED = [
    "how do I book a meeting room for friday",
    "the coffee machine on the third floor is broken again",
    "what is the weather going to be like in lyon tomorrow",
    "can someone order more whiteboard markers",
    "la cantine est fermée demain midi",
    "qui a pris la clé de la salle de réunion",
    "my keyboard is missing the letter q",
    "quelle est la date des congés d'été",
]
NOISE = [
    "2024-05-02 09:14:{s:02d} host kernel[0]: wlan0: associated",
    "2024-05-02 09:15:{s:02d} host syslogd[112]: ASL Sender Statistics",
    "2024-05-02 09:16:{s:02d} host com.apple.xpc.launchd[1]: Service exited with code 0",
    "2024-05-02 09:17:{s:02d} host mdmclient[441]: Processing server request: DeviceInformation",
    "2024-05-02 09:18:{s:02d} host softwareupdated[88]: Scan finished, 0 updates",
]


@dataclass(frozen=True, slots=True)
class Query:
    kind: str
    text: str
    answers: dict[str, str] = field(default_factory=dict)


def _typo(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 1)
    match rng.randrange(3):
        case 0:  # swap two letters
            return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        case 1:  # drop a letter
            return word[:i] + word[i + 1 :]
        case _:  # double a letter
            return word[:i] + word[i] + word[i:]


def _with_typos(text: str, rng: random.Random) -> str:
    words = text.split()
    long_ones = [i for i, w in enumerate(words) if len(w) >= 6 and w.isalpha()]
    for i in rng.sample(long_ones, min(len(long_ones), rng.choice((1, 2)))):
        words[i] = _typo(words[i], rng)
    return " ".join(words)


def make_queries(kb: KnowledgeBase, seed: int = 1) -> list[Query]:
    rng = random.Random(f"jamfkb-queries:{seed}")
    nodes = sorted(kb.nodes.values(), key=lambda n: n.id)
    problems = [n for n in nodes if n.kind == "problem" and n.wording["en"].phrasings]
    causes = [n for n in nodes if n.kind == "cause" and n.wording["en"].phrasings]
    answer_rules: dict[str, list[tuple[str, str]]] = {}
    for rule in kb.rules:
        if rule.condition == "answer" and rule.value is not None:
            for pid in rule.gate:
                answer_rules.setdefault(pid, []).append((rule.subject, rule.value))
    sigs = sorted(kb.signatures, key=lambda s: s.id)

    def phrasing(node) -> str:  # type: ignore[no-untyped-def]
        lang = rng.choice(("en", "fr"))
        return rng.choice(node.wording[lang].phrasings)

    out: list[Query] = []
    for _ in range(20):
        out.append(Query("hit", phrasing(rng.choice(problems))))
    for _ in range(10):
        out.append(Query("typo", _with_typos(phrasing(rng.choice(problems)), rng)))
    for _ in range(4):
        if causes:
            out.append(Query("cause", phrasing(rng.choice(causes))))
    with_answers = [p for p in problems if p.id in answer_rules] or problems
    for _ in range(8):
        p = rng.choice(with_answers)
        pairs = sorted(set(answer_rules.get(p.id, [])))
        answers: dict[str, str] = {}
        for qid, value in rng.sample(pairs, min(len(pairs), rng.randint(1, 3))):
            answers.setdefault(qid, value)
        out.append(Query("answers", phrasing(p), answers))
    # versions, inside and outside the ranges that version rules test (CLIPS must agree)
    version_rules = sorted((r for r in kb.rules if r.condition == "version"),
                           key=lambda r: r.id)
    for index, rule in enumerate(version_rules[:6]):
        problem = kb.nodes[rule.gate[0]]
        version = ("10.25.0", "11.2.0", "10.14.0")[index % 3]
        if problem.wording["en"].phrasings:
            out.append(Query("version", phrasing(problem), {rule.subject: version}))
    for _ in range(6):
        if sigs:
            sig = rng.choice(sigs)
            out.append(Query("signature", f"2024-05-02 10:01:07 host jamf[{rng.randrange(9999)}]: "
                                          f"{sig.text}"))
    for _ in range(4):
        lines = [rng.choice(NOISE).format(s=rng.randrange(60)) for _ in range(12)]
        if sigs:
            lines.insert(rng.randrange(len(lines)), rng.choice(sigs).text)
        lines.insert(0, phrasing(rng.choice(problems)))
        out.append(Query("long", "\n".join(lines)))
    for text in UNRELATED:
        out.append(Query("unrelated", text))
    return out
