"""The matcher's shortcuts change no answer.

``Matcher._match_chunk`` skips work at ×100: phrasings below a rough bound are not
scored, one that cannot align is not scored below its threshold, one that does not align
is dropped before its exact score, and a node's vocabulary match is only gathered when no
phrasing said the symptom outright. ``plain_chunk`` below is the definition without any
of them: every phrasing the text reaches is scored exactly, every node's vocabulary is
gathered. Both must give the same mentions, scores (to the 4 decimals a mention keeps,
from the same sums in the same order) and cited phrasings.
"""

from __future__ import annotations

import tomllib
from collections import defaultdict
from operator import mul

import pytest
from rapidfuzz import fuzz

from jamfkb.engine import matcher as m
from jamfkb.engine.logtext import read_query
from jamfkb.kb.model import KnowledgeBase
from jamfkb.kb.text import content_words, fold
from tests.support import REPO


def plain_chunk(matcher: m.Matcher, folded: str) -> list[m.Mention]:
    """The mentions of one folded text, by the definitions in engine/matcher.py."""
    words = list(dict.fromkeys(matcher.unglued(w) for w in content_words(folded)))
    if not words:
        return []
    postings, idf = matcher._postings, matcher.idf
    query_weight = sum(idf.get(w, matcher._unknown_idf) for w in words)
    similar = {w: matcher._similar(w) for w in words}
    # a word whose every form is in very many phrasings only counts for phrasings that
    # a rarer word of the text reached (unless every word of the text is such a word)
    common = {w for w, forms in similar.items()
              if forms and all(len(postings[v]) > matcher._common_postings for v, _ in forms)}
    if len(common) == len(words):
        common = set()
    covered: dict[int, dict[str, float]] = {}  # phrasing → vocabulary word → similarity
    query_covered: dict[int, float] = {}
    per_word: list[tuple[float, dict[int, tuple[float, str]]]] = []
    for word in sorted(words, key=lambda w: w in common):
        weight = idf.get(word, matcher._unknown_idf)
        best_here: dict[int, tuple[float, str]] = {}  # phrasing → its best form of the word
        for vocab_word, similarity in similar[word]:
            reached = [i for i in postings[vocab_word] if word not in common or i in covered]
            for index in reached:
                if index not in best_here or similarity > best_here[index][0]:
                    best_here[index] = (similarity, vocab_word)
        per_word.append((weight, best_here))
        for index, (similarity, vocab_word) in best_here.items():
            cover = covered.setdefault(index, {})
            query_covered[index] = query_covered.get(index, 0.0) + similarity * weight
            if similarity > cover.get(vocab_word, 0.0):
                cover[vocab_word] = similarity
    query_share = (1 - m.PHRASING_WEIGHT) * min(1.0, m.QUERY_WORDS_FULL_WEIGHT / len(words))

    def score(index: int) -> float:
        cover, phrasing = covered[index], matcher.phrasings[index]
        information = sum(map(mul, cover.values(), map(idf.__getitem__, cover)))
        value = ((1 - query_share) * (information / matcher._information[index])
                 + query_share * (query_covered[index] / (query_weight or 1)))
        value *= min(1.0, information / m.SUFFICIENT_EVIDENCE) ** 0.5
        if (len(phrasing.words) >= m.PHRASE_MIN_WORDS and value > m.PHRASE_FLOOR
                and len(phrasing.folded) <= len(folded) + m.PHRASE_SLACK):
            aligned = fuzz.partial_ratio(phrasing.folded, folded) / 100
            if aligned >= m.PHRASE_ALIGNMENT:
                value = max(value, aligned * m.PHRASE_SCORE)
        return value

    best: dict[str, m.Mention] = {}
    for index in covered:
        phrasing, value = matcher.phrasings[index], score(index)
        threshold = m.SIGNATURE_TEXT_THRESHOLD if phrasing.lang == "sig" else m.MATCH_THRESHOLD
        known = best.get(phrasing.node)
        if value >= threshold and (known is None or value > known.score):
            best[phrasing.node] = m.Mention(phrasing.node, round(value, 4), phrasing.text,
                                            phrasing.lang)
    if max((x.score for x in best.values()), default=0.0) >= m.PROFILE_ONLY_BELOW:
        return list(best.values())
    # the vocabulary match: per node, each word's best similarity in any of its phrasings
    information: dict[str, float] = defaultdict(float)
    count: dict[str, int] = defaultdict(int)
    own: set[str] = set()  # causes with a word their problems' phrasings do not hold
    for weight, best_here in per_word:
        node_best: dict[str, float] = {}
        for index, (similarity, vocab_word) in best_here.items():
            node = matcher._profile_node[index]
            if node is not None:
                node_best[node] = max(node_best.get(node, 0.0), similarity)
                if vocab_word not in matcher._problem_words[node]:
                    own.add(node)
        for node, similarity in node_best.items():
            information[node] += similarity * weight
            count[node] += 1
    for node, said in information.items():
        if count[node] < m.PROFILE_MIN_WORDS or (node in matcher._problem_words
                                                   and node not in own):
            continue
        value = m.PROFILE_WEIGHT * said / (query_weight or 1)
        value *= min(1.0, said / m.SUFFICIENT_EVIDENCE) ** 0.5
        known = best.get(node)
        if value < m.MATCH_THRESHOLD or (known is not None and known.score >= value):
            continue
        # the best, the first of equals (max keeps the first)
        cited = max((i for i in covered if matcher._profile_node[i] == node), key=score)
        phrasing = matcher.phrasings[cited]
        best[node] = m.Mention(node, round(value, 4), phrasing.text, phrasing.lang)
    return list(best.values())


def chunks_of(text: str) -> list[str]:
    """What match() gives _match_chunk for a text: the whole (when short) and its lines."""
    prose = read_query(text).prose or text
    whole = fold(prose)
    pieces = [fold(line) for line in m._SENTENCE.split(prose)]
    return [c for c in dict.fromkeys([whole, *pieces]) if c]


def eval_texts() -> list[str]:
    pack = tomllib.loads((REPO / "tests" / "eval" / "queries.toml").read_text("utf-8"))
    return [query["text"] for query in pack["query"]]


def mistyped(kb: KnowledgeBase) -> list[str]:
    """Each phrasing of four words or more with a letter dropped from two of its short
    words (which then match no word: short words must match exactly), alone and inside
    a longer text: the word score falls near the thresholds while the phrasing still
    aligns with the text, where the shortcuts decide."""
    texts = []
    for node in sorted(kb.nodes.values(), key=lambda n: n.id):
        for lang in sorted(node.wording):
            for phrasing in node.wording[lang].phrasings:
                words = phrasing.split()
                short = [i for i, w in enumerate(words) if 3 <= len(w) <= 4 and w.isalpha()]
                if len(words) < 4 or len(short) < 2:
                    continue
                for i in short[:2]:
                    words[i] = words[i][:1] + words[i][2:]
                typed = " ".join(words)
                texts += [typed, f"hello team, since this morning {typed} on all our macs"]
    return texts


def same_answers(kb: KnowledgeBase, texts: list[str]) -> int:
    fast, plain = m.Matcher(kb), m.Matcher(kb)
    compared = 0
    for text in texts:
        for chunk in chunks_of(text):
            fast._budget, plain._budget = set(), set()
            expected = sorted(plain_chunk(plain, chunk), key=lambda x: (-x.score, x.node))
            got = sorted(fast._match_chunk(chunk), key=lambda x: (-x.score, x.node))
            assert got == expected, chunk
            compared += len(expected)
    return compared


def test_the_shortcuts_give_the_plain_answers_on_the_evaluation_queries(
        bundled_kb: KnowledgeBase) -> None:
    assert same_answers(bundled_kb, eval_texts()) > 1000  # mentions compared


def test_the_shortcuts_give_the_plain_answers_on_mistyped_phrasings(
        bundled_kb: KnowledgeBase) -> None:
    assert same_answers(bundled_kb, mistyped(bundled_kb)) > 1000


@pytest.mark.parametrize("text", [
    # said outright (no vocabulary match), a long phrasing aligned inside a longer text,
    # words spread over a node's phrasings, typos, a pasted log with its error line
    "Jamf Pro says the Microsoft Intune integration is not configured",
    "since the upgrade yesterday the macs no longer send inventory to intune and "
    "compliance stays unknown in the entra admin center for every user",
    "device compliance unknown, intune partner, jamf, sync, register, company portal",
    "le mac n'est pas inscrit dans entra, portail d'entreprise bloqué à l'enregistrement",
    "Compnay Portal registraton fails with an error on sonoma",
    "2024-05-02 10:01:07 host jamfAAD[812]: AADSTS50105 user not assigned to a role\n"
    "2024-05-02 10:01:09 host jamfAAD[812]: Acquiring token silently",
])
def test_the_shortcuts_give_the_plain_answers_on_hard_cases(
        bundled_kb: KnowledgeBase, text: str) -> None:
    assert same_answers(bundled_kb, [text]) > 0  # mentions compared
