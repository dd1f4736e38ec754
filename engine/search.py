"""Keyword search over the whole knowledge base, from the first letter typed.

The diagnosis needs a symptom said in a few words; a user who types one word
(``keychain``, ``jeton``, ``linscription``) should still find the topics it names. Every
node is indexed by its ID, aliases, titles, phrasings, summaries, signatures and article
text, in both languages, folded (case, accents, punctuation). A query word matches an
indexed word exactly, as a prefix (the word being typed), as a French word glued to its
elided article (``linscription``), or with a typo. Fields weigh differently (a title
word says more than a word deep in an article) and rare words more than common ones.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from jamfkb.kb.model import LANGS, KnowledgeBase, Node
from jamfkb.kb.text import fold

# Field weights: how much a word found there says about the node.
FIELD_WEIGHTS = {"id": 3.0, "title": 3.0, "phrasing": 2.0, "signature": 2.0,
                 "summary": 1.5, "body": 1.0}
EXACT, PREFIX, STEM, TYPO = 1.0, 0.85, 0.6, 0.7
STEM_LENGTH = 6  # words sharing this many first letters are forms of one word (inscri-)
MIN_PREFIX = 2  # letters before a word being typed matches by prefix
MIN_TYPO = 5  # shorter words must be spelt right
TYPO_SIMILARITY = 80
MAX_PREFIX_WORDS = 50  # index words one prefix may expand to
MIN_SCORE = 0.3
ELISIONS = ("l", "d", "j", "s", "n", "c", "m", "t", "qu")  # French elided articles
_MARKUP = re.compile(r"`{3}.*?`{3}|\[([^\]]*)\]\([^)]*\)|[#*_>`|]", re.S)
_STOP = frozenset((  # words that say nothing about a topic, in both languages
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is", "it", "of",
    "on", "or", "the", "to", "with", "de", "des", "du", "en", "et", "la", "le", "les", "un",
    "une", "pour", "par", "sur", "dans", "au", "aux", "est", "ne", "pas", "que", "qui",
))


@dataclass(frozen=True, slots=True)
class SearchHit:
    id: str
    kind: str
    score: float  # 0..1: how much of the query the node covers, and where


def _words(text: str, folded: str | None = None) -> list[str]:
    if folded is None:
        folded = fold(text)
    return [w for w in folded.split() if (len(w) > 1 or w.isdigit()) and w not in _STOP]


def _signature_texts(kb: KnowledgeBase) -> dict[str, list[str]]:
    """Each node's signature texts: a cause's own, a problem's those of no cause. Grouped
    once: looking for each node's among all signatures took 0.25 s at ×100."""
    texts: dict[str, list[str]] = defaultdict(list)
    for s in kb.signatures:
        owner = s.cause if s.cause is not None else s.problem
        if owner is not None:
            texts[owner].append(s.text)
    return texts


def _node_fields(node: Node, signatures: dict[str, list[str]]) -> list[tuple[str, str]]:
    fields = [("id", node.id.replace("-", " "))]
    fields += [("id", alias.replace("-", " ")) for alias in node.aliases]
    for lang in LANGS:
        w = node.wording.get(lang)
        if w is None:
            continue
        fields.append(("title", w.title))
        fields.append(("summary", w.summary))
        fields += [("phrasing", p) for p in w.phrasings]
        fields.append(("body", _MARKUP.sub(lambda m: m.group(1) or " ", w.body)))
    fields += [("signature", text) for text in signatures.get(node.id, ())]
    return fields


class Search:
    """The search index of one knowledge base; build once, query on every keystroke."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        # word → node → best field weight the word has in that node
        postings: dict[str, dict[str, float]] = defaultdict(dict)
        # node → how many times its fields use each word: among nodes that match a query
        # equally well, the one that talks about it most comes first
        self.occurrences: dict[str, dict[str, int]] = {}
        signatures = _signature_texts(kb)
        # titles, phrasings and signature texts the matcher's index has folded already
        match = kb.match_texts()
        folded = dict(zip(match.texts, match.folded, strict=True))
        for node in kb.nodes.values():
            counts: dict[str, int] = defaultdict(int)
            for field_name, text in _node_fields(node, signatures):
                weight = FIELD_WEIGHTS[field_name]
                for word in _words(text, folded.get(text)):
                    counts[word] += 1
                    known = postings[word].get(node.id, 0.0)
                    if weight > known:
                        postings[word][node.id] = weight
            self.occurrences[node.id] = dict(counts)
        self.postings = dict(postings)
        self.vocabulary = sorted(self.postings)
        count = max(len(kb.nodes), 1)
        self.idf = {w: math.log(1 + count / len(nodes)) for w, nodes in self.postings.items()}

    def _expand(self, word: str, last: bool) -> list[tuple[str, float]]:
        """Index words a query word stands for, with how well it matches."""
        found: dict[str, float] = {}
        if word in self.postings:
            found[word] = EXACT
        for elision in ELISIONS:  # "linscription" → "inscription"
            rest = word[len(elision):]
            if word.startswith(elision) and len(rest) >= 4 and rest in self.postings:
                found.setdefault(rest, EXACT)
        if last and len(word) >= MIN_PREFIX:  # the word being typed
            self._with_prefix(word, PREFIX, found)
        if len(word) > STEM_LENGTH:  # inscription ~ inscrire, registration ~ registered
            self._with_prefix(word[:STEM_LENGTH], STEM, found)
        if not found and len(word) >= MIN_TYPO:
            for candidate, similarity, _ in process.extract(
                    word, self.vocabulary, scorer=fuzz.ratio, limit=5,
                    score_cutoff=TYPO_SIMILARITY):
                found.setdefault(candidate, TYPO * similarity / 100)
        return list(found.items())

    def _with_prefix(self, prefix: str, quality: float, found: dict[str, float]) -> None:
        at = bisect.bisect_left(self.vocabulary, prefix)
        for candidate in self.vocabulary[at:at + MAX_PREFIX_WORDS]:
            if not candidate.startswith(prefix):
                break
            found.setdefault(candidate, quality)

    def search(self, text: str, kind: str | None = None, top: int = 10) -> list[SearchHit]:
        words = list(dict.fromkeys(_words(text)))
        if not words:
            return []
        named = self.kb.resolve(text.strip().casefold())  # an ID or alias, typed whole
        ends_word = text[-1:].isspace()
        coverage: dict[str, float] = defaultdict(float)
        talk: dict[str, int] = defaultdict(int)
        total = 0.0
        for index, word in enumerate(words):
            expansions = self._expand(word, last=index == len(words) - 1 and not ends_word)
            # A word weighs by its rarity: the word as typed, or else its best reading.
            weight = self.idf.get(word) or max(
                (self.idf[w] for w, _ in expansions), default=math.log(2.0))
            total += weight
            best: dict[str, float] = {}
            for candidate, quality in expansions:
                for node_id, field_weight in self.postings[candidate].items():
                    value = quality * field_weight / FIELD_WEIGHTS["title"]
                    if value > best.get(node_id, 0.0):
                        best[node_id] = value
                    talk[node_id] += self.occurrences[node_id].get(candidate, 0)
            for node_id, value in best.items():
                coverage[node_id] += weight * value
        hits = []
        for node_id, raw in coverage.items():
            node = self.kb.nodes[node_id]
            if kind is not None and node.kind != kind:
                continue
            score = min(1.0, raw / total) if total else 0.0
            if score >= MIN_SCORE:
                hits.append((SearchHit(node_id, node.kind, round(score, 4)), talk[node_id]))
        hits.sort(key=lambda h: (named is None or h[0].id != named.id, -h[0].score, -h[1],
                                 _KIND_ORDER.get(h[0].kind, 9), h[0].id))
        return [hit for hit, _ in hits[:top]]


# Among equals, the problem a user has comes before its causes and their fixes.
_KIND_ORDER = {"problem": 0, "cause": 1, "resolution": 2, "article": 3, "question": 4}
