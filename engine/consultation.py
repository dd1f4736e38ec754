"""One consultation: text and answers in, ranked problems, causes and next questions out.

This is the seam the CLI and the TUI use. Build it once per knowledge base
(:meth:`Consultation.for_kb`), then call :meth:`diagnose` as often as needed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from jamfkb.engine.cf import combine_all
from jamfkb.engine.inference import PROBLEM_THRESHOLD, Firing, Inference
from jamfkb.engine.logtext import read_query
from jamfkb.engine.matcher import Matcher, Mention
from jamfkb.engine.signatures import SignatureHit
from jamfkb.engine.versions import FoundVersion, version_question, versions_in_text
from jamfkb.kb.model import KnowledgeBase, paused_gc
from jamfkb.kb.text import content_words, fold

CAUSE_THRESHOLD = 0.05  # causes below this are not listed
QUESTION_POOL = 5  # how many top causes the question choice looks at
# Only the best phrasing matches become facts: weak matches far below the best one of
# their kind cannot change the ranking, but each would be one more fact for experta.
MAX_MENTIONS = 10  # per kind (error lines, wording): at most twice this many facts
MENTION_MARGIN = 0.25


def best_mentions(mentions: list[Mention]) -> list[Mention]:
    """The mentions that become facts: per kind, the best MAX_MENTIONS within
    MENTION_MARGIN of that kind's best. Best first, ties by node ID.

    Error messages matched as text and the wording of symptoms are judged apart: an error
    line found word for word (1.0) says which problem it is, while the sentence next to it
    ("the network team changed the firewall") says which cause; the first must not push
    the second below the margin."""
    kept: list[Mention] = []
    for is_signature in (True, False):
        group = sorted((m for m in mentions if (m.lang == "sig") is is_signature),
                       key=lambda m: (-m.score, m.node))
        if group:
            floor = group[0].score - MENTION_MARGIN
            kept += [m for m in group[:MAX_MENTIONS] if m.score >= floor]
    return sorted(kept, key=lambda m: (-m.score, m.node))


@dataclass(frozen=True, slots=True)
class RankedProblem:
    id: str
    certainty: float
    firings: tuple[Firing, ...]


@dataclass(frozen=True, slots=True)
class RankedCause:
    id: str
    certainty: float
    problem: str  # the recognised problem this cause explains best
    resolutions: tuple[str, ...]
    firings: tuple[Firing, ...]


@dataclass(frozen=True, slots=True)
class Diagnosis:
    query: str
    answers: dict[str, str]
    mentions: tuple[Mention, ...]
    signatures: tuple[SignatureHit, ...]
    problems: tuple[RankedProblem, ...]
    causes: tuple[RankedCause, ...]
    ruled_out: tuple[RankedCause, ...]  # causes that negative evidence pushed off the list
    questions: tuple[str, ...]
    # answers read in the text rather than given: the version and the line it was on
    found_answers: dict[str, FoundVersion] = field(default_factory=dict)
    log_lines: int = 0  # lines of the text read as a log: only their error messages count
    # The query's words that the matcher found in the knowledge base, with the words of
    # the knowledge base they matched (typos, other forms), folded, each also with a
    # plural "s": what the UI highlights in titles and phrasings. Words with digits
    # (AADSTS53003, 5223) match only themselves, as in the matcher.
    matched_words: frozenset[str] = frozenset()

    @property
    def matched(self) -> bool:
        return bool(self.problems or self.causes)


@dataclass(slots=True)
class QuestionEffects:
    """For each question, the certainty each answer adds to each cause (from the rules)."""

    table: dict[str, dict[str, dict[str, float]]] = field(default_factory=dict)

    @classmethod
    def from_kb(cls, kb: KnowledgeBase) -> QuestionEffects:
        raw: dict[str, dict[str, dict[str, list[float]]]] = defaultdict(
            lambda: defaultdict(lambda: defaultdict(list))
        )
        for rule in kb.rules:  # already sorted by rule ID
            if rule.condition in ("answer", "version") and rule.value is not None:
                raw[rule.subject][rule.target][rule.value].append(rule.cf)
        table = {
            q: {c: {a: combine_all(v) for a, v in answers.items()} for c, answers in causes.items()}
            for q, causes in raw.items()
        }
        return cls(table)


class Consultation:
    def __init__(self, kb: KnowledgeBase, matcher: Matcher, inference: Inference) -> None:
        self.kb = kb
        self.matcher = matcher
        self.inference = inference
        self.effects = QuestionEffects.from_kb(kb)
        self.version_question = version_question(kb)

    @classmethod
    def for_kb(cls, kb: KnowledgeBase) -> Consultation:
        # Built with the cyclic collector paused (see kb.model.paused_gc): at ×100 the
        # matcher's 26,521 phrasings and the rule tables are ~100,000 new objects, and in
        # a process that holds several bases the collections they set off made a 27 ms
        # build take 30-170 ms.
        with paused_gc():
            return cls(kb, Matcher(kb), Inference(kb))

    # ------------------------------------------------------------------ diagnosis

    def diagnose(
        self, text: str, answers: Mapping[str, str] | None = None, top: int = 5
    ) -> Diagnosis:
        query = read_query(text)
        prose = query.prose if query.log_lines else text
        mentions, hits = self.matcher.match(text, prose)
        given = dict(answers or {})
        found = self.answers_in_text(text, given)
        diagnosis = self._diagnose(text, best_mentions(mentions), hits, {**given, **{
            q: v.version for q, v in found.items()}}, top, found, query.log_lines)
        return replace(diagnosis, matched_words=self.matched_words(prose))

    def answers_in_text(self, text: str, given: Mapping[str, str]) -> dict[str, FoundVersion]:
        """A Jamf Pro version written in the text answers the version question, unless
        the user answered it: "Jamf Pro 10.24.2", "Version: 11.9.0" in a log line."""
        question = self.version_question
        if question is None or question in given:
            return {}
        found = versions_in_text(text)
        return {question: found[0]} if found else {}

    def matched_words(self, text: str) -> frozenset[str]:
        """See :attr:`Diagnosis.matched_words`. Called right after ``matcher.match`` on
        the same text, so the matcher's typo budget is the one that matching used."""
        found: set[str] = set()
        for word in dict.fromkeys(map(self.matcher.unglued, content_words(fold(text)))):
            forms = self.matcher._similar(word)
            if forms:
                found.add(word)
                found.update(form for form, _ in forms)
        return frozenset(found | {f"{w}s" for w in found})

    def diagnose_findings(
        self, hits: Iterable[SignatureHit], answers: Mapping[str, str] | None = None,
        top: int = 5, query: str = "",
    ) -> Diagnosis:
        """Rank causes from signatures found elsewhere (a scanned log)."""
        unique = {h.signature: h for h in hits}
        return self._diagnose(query, [], sorted(unique.values(), key=lambda h: h.signature),
                              dict(answers or {}), top)

    def _diagnose(
        self,
        text: str,
        mentions: list[Mention],
        hits: list[SignatureHit],
        answers: dict[str, str],
        top: int,
        found: dict[str, FoundVersion] | None = None,
        log_lines: int = 0,
    ) -> Diagnosis:
        result = self.inference.run(
            {m.node: m.score for m in mentions}, [h.signature for h in hits], answers
        )
        # Certainties saturate near 1 when evidence piles up; among equals, the problem
        # with more (and more specific) evidence comes first.
        def problem_order(item: tuple[str, float]) -> tuple[float, float, str]:
            evidence = sum(f.cf for f in result.firings.get(item[0], ()))
            return (-round(item[1], 3), -evidence, item[0])

        problems = tuple(
            RankedProblem(p, cf, tuple(result.firings.get(p, ())))
            for p, cf in sorted(result.problems.items(), key=problem_order)
            if cf >= PROBLEM_THRESHOLD
        )
        ranked: list[RankedCause] = []
        ruled_out: list[RankedCause] = []
        for cause_id, raw_cf in sorted(result.causes.items(), key=lambda kv: (-kv[1], kv[0])):
            cf = round(raw_cf, 4)  # evidence that cancels out is 0, not -1e-17
            node = self.kb.nodes[cause_id]
            home = max(
                node.problems,
                key=lambda p: (result.problems.get(p, 0.0) * node.problems[p], p),
            )
            ranked_cause = RankedCause(cause_id, round(cf, 4), home, node.resolutions,
                                       tuple(result.firings.get(cause_id, ())))
            if cf >= CAUSE_THRESHOLD:
                ranked.append(ranked_cause)
            elif any(f.cf < 0 for f in ranked_cause.firings):
                ruled_out.append(ranked_cause)
        questions = self.next_questions(ranked, answers)
        return Diagnosis(
            query=text,
            answers=answers,
            mentions=tuple(mentions),
            signatures=tuple(hits),
            problems=problems,
            causes=tuple(ranked[:top]),
            ruled_out=tuple(ruled_out),
            questions=questions,
            found_answers=dict(found or {}),
            log_lines=log_lines,
        )

    # ------------------------------------------------------------------ questions

    def next_questions(
        self, causes: list[RankedCause], answers: Mapping[str, str], limit: int = 3
    ) -> tuple[str, ...]:
        """Unanswered questions that best separate the current top causes.

        A question's value sums, over the top causes weighted by their certainty, how far
        its answers can move each cause (the spread between its strongest positive and
        negative effect). Answers that move causes in opposite directions separate them
        best, so such questions get a bonus.
        """
        pool = causes[:QUESTION_POOL]
        if not pool:
            return ()
        scored: list[tuple[float, str]] = []
        for qid, by_cause in self.effects.table.items():
            if qid in answers:
                continue
            value = 0.0
            directions: dict[str, set[int]] = defaultdict(set)
            for cause in pool:
                effects = by_cause.get(cause.id)
                if not effects:
                    continue
                spread = max(0.0, *effects.values()) - min(0.0, *effects.values())
                value += cause.certainty * spread
                for answer, cf in effects.items():
                    if cf:
                        directions[answer].add(1 if cf > 0 else -1)
            if value <= 0:
                continue
            if any(len(signs) > 1 for signs in directions.values()):
                value *= 1.25
            if self.kb.nodes[qid].ask_first and not answers:
                value *= 1.1
            scored.append((value, qid))
        scored.sort(key=lambda item: (-item[0], item[1]))
        return tuple(qid for _, qid in scored[:limit])
