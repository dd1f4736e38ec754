"""Free text to symptom facts: fuzzy phrasing matches, and exact error signatures
(found by engine.signatures).

Text and phrasings are folded (case, accents, punctuation, product names), then split into
content words. An inverted index over the words of every phrasing, in both languages,
narrows the candidates; rapidfuzz finds misspelt words. A phrasing's score weighs how
much of the phrasing the text covers and how much of the text the phrasing explains, by
word rarity (IDF), so a query made of words the knowledge base never uses scores nothing.
"""

from __future__ import annotations

import functools
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import compress, repeat
from operator import add, mul, truediv
from typing import NamedTuple

from rapidfuzz import fuzz, process

from jamfkb.engine.signatures import SignatureFinder, SignatureHit, signature_words
from jamfkb.kb.model import KnowledgeBase, MatchTexts
from jamfkb.kb.text import content_words, fold  # in kb: the artifact stores content words

# Thresholds, tuned on tests/eval/queries.toml (see `python -m tests.eval.report`).
MATCH_THRESHOLD = 0.45
# An error message's text matched loosely is another message: "Check the configuration
# for Microsoft Intune Integration" (the token error) scored 68% against "Test your
# Microsoft Intune Integration configuration" (an inventory error). Near word for word only.
SIGNATURE_TEXT_THRESHOLD = 0.8
TYPO_SIMILARITY = 84  # rapidfuzz ratio for a misspelt word to count
MIN_TYPO_LENGTH = 5  # shorter words must match exactly
# Words sharing their first STEM_PREFIX letters are forms of one word in both languages
# (inscrit / inscrire / inscription, register / registered / registration): a light,
# language-blind stemming that needs no dictionary.
STEM_PREFIX = 6
STEM_SIMILARITY = 0.85
COMMON_POSTINGS_MIN = 100
MAX_FORMS = 6
PHRASING_WEIGHT = 0.7  # share of the score given to covering the phrasing (short texts)
QUERY_WORDS_FULL_WEIGHT = 8  # beyond this many words, covering the text matters less
SUFFICIENT_EVIDENCE = 6.0  # summed IDF of matched words that makes a match fully credible
PHRASE_MIN_WORDS = 4  # phrasings at least this long may match as a contiguous phrase
PHRASE_FLOOR = 0.3  # ... if their word score already reaches this
MARGIN = 1e-9  # between a score summed in two orders
LOWEST_BAR = min(PHRASE_FLOOR, MATCH_THRESHOLD) - MARGIN  # below it a phrasing plays no part
PHRASE_ALIGNMENT = 0.9  # rapidfuzz partial_ratio for the phrase to count
PHRASE_SCORE = 0.95
PHRASE_SLACK = 3  # characters a phrasing may exceed the text by (a typo, a dropped letter)
LONG_TEXT = 240  # folded characters beyond which a text is matched line by line
MAX_CHUNKS = 400  # lines of a long text that are fuzzy-matched (signatures see all)
WINDOW_WORDS = 40  # a very long line is matched in windows of this many words
MAX_TYPO_LOOKUPS = 2000  # unknown words looked up for typos per text; the rest must be exact
# A text may say a node's symptom in words spread over several of its phrasings, in
# either language. Its words are then scored against the node's whole vocabulary: how
# much of the text the node explains. Such a match is weaker than one phrasing's.
PROFILE_WEIGHT = 0.85
PROFILE_MIN_WORDS = 3  # distinct words of the text found in the node's vocabulary
PROFILE_ONLY_BELOW = 0.9

ELIDED_ARTICLES = ("qu", "l", "d", "j", "n", "s", "c", "m", "t")  # l'inscription, d'accès
_HAS_DIGIT = re.compile(r"\d")
_SENTENCE = re.compile(r"[\n\r]+|(?<=[.!?;])\s+")


class Phrasing(NamedTuple):
    """One text of the matcher, made when a query first reaches it (a tuple: frozen
    dataclasses took 8 times as long to make)."""

    node: str
    text: str
    lang: str  # "en", "fr", or "sig" for a signature text
    words: Sequence[str]
    folded: str = ""


@dataclass(frozen=True, slots=True)
class Mention:
    """The best phrasing match of one node."""

    node: str
    score: float  # 0..1
    phrasing: str
    lang: str


class _Information(dict[int, float]):
    """What full coverage of each phrasing is worth (the IDF of its distinct words, in a
    fixed order), by phrasing index, computed for the phrasings a text reaches when it
    first reaches them: all 26,521 took 27 ms at each start at ×100. A dict whose misses
    compute: a hit costs a plain lookup."""

    __slots__ = ("_idf", "_words")

    def __init__(self, words: Mapping[int, Sequence[str]] | Sequence[Sequence[str]],
                 idf: dict[str, float]) -> None:
        super().__init__()
        self._words = words
        self._idf = idf

    def __missing__(self, index: int) -> float:
        idf = self._idf
        value = self[index] = sum(idf[w] for w in sorted(set(self._words[index]))) or 1.0
        return value


class _ProblemWords(dict[str, frozenset[str]]):
    """For each node (by ID), the words of its problems' phrasings, signatures aside;
    empty but for causes. Computed for the nodes a text reaches, when it first reaches
    them (all 1,600 causes took 17 ms at each start at ×100): a dict whose misses
    compute, so that a hit costs a plain lookup. ``in`` says whether a node is a cause."""

    __slots__ = ("_by_node", "_kb", "_problems", "_texts")

    def __init__(self, kb: KnowledgeBase, texts: MatchTexts) -> None:
        super().__init__()
        self._kb = kb
        self._texts = texts
        self._by_node: dict[str, list[int]] | None = None  # node → its phrasings
        self._problems: dict[str, frozenset[str]] = {}  # problem → its phrasings' words

    def __contains__(self, node_id: object) -> bool:
        node = self._kb.nodes.get(node_id) if isinstance(node_id, str) else None
        return node is not None and node.kind == "cause"

    def __missing__(self, node_id: str) -> frozenset[str]:
        words: frozenset[str] = frozenset()
        if node_id in self:
            by_node = self._by_node
            if by_node is None:  # filled before it is published: no half map for a thread
                by_node = defaultdict(list)
                for index, (node, lang) in enumerate(zip(self._texts.nodes, self._texts.langs,
                                                         strict=True)):
                    if lang != "sig":
                        by_node[node].append(index)
                self._by_node = by_node
            words = frozenset().union(*(self._of_problem(pid, by_node)
                                        for pid in self._kb.nodes[node_id].problems))
        self[node_id] = words
        return words

    def _of_problem(self, problem_id: str, by_node: dict[str, list[int]]) -> frozenset[str]:
        """The words of one problem's phrasings: a problem has many causes (×100: 312
        causes reached by a query share far fewer problems), its words are gathered once."""
        words = self._problems.get(problem_id)
        if words is None:
            every = self._texts.words
            words = self._problems[problem_id] = frozenset(
                word for index in by_node.get(problem_id, ())
                for word in every[index])
        return words


class _Phrasings(dict[int, Phrasing]):
    """The matcher's texts as Phrasing tuples by index, each made when a text first
    reaches it: a query reaches ~1,100 of the 26,521 at ×100, and making all took 5 ms
    at each start. A dict whose misses make: a hit costs a plain lookup."""

    __slots__ = ("_texts",)

    def __init__(self, texts: MatchTexts) -> None:
        super().__init__()
        self._texts = texts

    def __missing__(self, index: int) -> Phrasing:
        t = self._texts
        made = self[index] = Phrasing(t.nodes[index], t.texts[index], t.langs[index],
                                      t.words[index], t.folded[index])
        return made


class Matcher:
    """Built once per knowledge base; ``match`` is cheap."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        # The phrasings (titles, phrasings, signature texts), folded and split into
        # content words by the compiler and stored in the artifact, with their postings:
        # folding them here took 0.6 s at ×100.
        texts = kb.match_texts()
        self.phrasings = _Phrasings(texts)
        self._signature_finder = SignatureFinder(kb.signatures)
        self.signatures = self._signature_finder.signatures  # in id order
        self.folded_signatures = {s.id: s.folded for s in self.signatures}
        self._postings = texts.postings  # word → the phrasings that hold it
        self.vocabulary = sorted(self._postings)
        self._by_prefix: dict[str, list[str]] = defaultdict(list)
        for vocab_word in self.vocabulary:
            if len(vocab_word) >= STEM_PREFIX:
                self._by_prefix[vocab_word[:STEM_PREFIX]].append(vocab_word)
        count = max(len(texts.texts), 1)
        self.idf = {w: math.log(1 + count / len(p)) for w, p in self._postings.items()}
        self._unknown_idf = math.log(1 + count)
        # what a phrasing's words are tested with: its words themselves (a frozenset of
        # each took 20 ms at ×100), looked up at a plain dict's speed
        self._word_sets = texts.words_by_index()
        # a word in more phrasings than this is "common" (see _match_chunk)
        self._common_postings = max(COMMON_POSTINGS_MIN, len(texts.texts) // 50)
        # the information each phrasing carries: what full coverage of it is worth
        self._information = _Information(self._word_sets, self.idf)
        # the node whose vocabulary each phrasing adds to (None: a signature's text)
        self._profile_node = [node if lang != "sig" else None
                              for node, lang in zip(texts.nodes, texts.langs, strict=True)]
        # The words of each cause's problems: a cause's vocabulary match must use a word
        # of its own, or "could not retrieve access token" (all words of the problem)
        # made every cause that repeats them in a phrasing look "said" at 85%.
        self._problem_words = _ProblemWords(kb, texts)
        self._typo_cache: dict[str, tuple[tuple[str, float], ...]] = {}
        self._budget: set[str] = set()  # words of the current text allowed typo look-ups

    @functools.cached_property
    def key_words(self) -> dict[bytes, list[tuple[bytes, ...]]] | None:
        """The log pre-filter's key words (engine.scan), built once, when a log is first
        scanned (6 ms at ×100 that a typed query does not need): None when some
        signature has no usable word."""
        return signature_words(self.signatures)

    # ------------------------------------------------------------ words

    def _similar(self, word: str) -> tuple[tuple[str, float], ...]:
        """Vocabulary words equal or close to ``word``, with a similarity in 0..1.

        Only the first MAX_TYPO_LOOKUPS distinct long words of a text may match with
        typos, whether or not they are cached, so the result of a text never depends on
        what was looked up before.
        """
        exact = ((word, 1.0),) if word in self._postings else ()
        if len(word) < MIN_TYPO_LENGTH or _HAS_DIGIT.search(word):
            # Codes, ports and versions (AADSTS53003, 5223, 10.15) name one thing each:
            # AADSTS53003 is not a misspelt AADSTS7000215.
            return exact
        if word not in self._budget:
            if len(self._budget) >= MAX_TYPO_LOOKUPS:
                return exact
            self._budget.add(word)
        cached = self._typo_cache.get(word)
        if cached is not None:
            return cached
        similar: dict[str, float] = dict(exact)
        for other, score, _ in process.extract(
            word, self.vocabulary, scorer=fuzz.ratio, score_cutoff=TYPO_SIMILARITY, limit=8,
        ):
            if other != word and len(other) >= MIN_TYPO_LENGTH - 1:
                similar[other] = score / 100 * 0.9
        if len(word) >= STEM_PREFIX:
            forms = [w for w in self._by_prefix.get(word[:STEM_PREFIX], ()) if w != word]
            # the closest forms in length are the likeliest inflections; a few suffice
            forms.sort(key=lambda w: (abs(len(w) - len(word)), w))
            for other in forms[:MAX_FORMS]:
                similar[other] = max(similar.get(other, 0.0), STEM_SIMILARITY)
        found = sorted(similar.items(), key=lambda item: (-item[1], item[0]))
        result = tuple(found)
        if len(self._typo_cache) < 50_000:
            self._typo_cache[word] = result
        return result

    # ------------------------------------------------------------ matching

    def match(self, text: str, prose: str | None = None
              ) -> tuple[list[Mention], list[SignatureHit]]:
        """Mentions (best first) and signatures found in ``text``. Only ``prose`` (by
        default the whole text) is matched against phrasings: see engine.logtext."""
        hits = self.find_signatures(fold(text))
        if prose is not None:
            text = prose
        folded = fold(text)
        if not folded:
            return [], hits
        # The whole text, and each sentence or line of it: a long message often holds
        # the symptom in one sentence among many.
        chunks = [folded] if len(folded) <= LONG_TEXT else []
        pieces = []
        for piece in _SENTENCE.split(text):
            folded_piece = fold(piece)
            words = folded_piece.split()
            if len(words) <= WINDOW_WORDS * 2:
                pieces.append(folded_piece)
            else:  # one huge line (a minified log, a paste with no breaks)
                pieces += [" ".join(words[i : i + WINDOW_WORDS])
                           for i in range(0, len(words), WINDOW_WORDS)]
            if len(pieces) >= MAX_CHUNKS:
                break
        pieces = [p for p in pieces if p]
        if len(pieces) > 1 or not chunks:
            chunks += pieces[:MAX_CHUNKS]
        best: dict[str, Mention] = {}
        self._budget = set()
        for chunk in chunks:
            for mention in self._match_chunk(chunk):
                known = best.get(mention.node)
                if known is None or mention.score > known.score:
                    best[mention.node] = mention
        mentions = sorted(best.values(), key=lambda m: (-m.score, m.node))
        return mentions, hits

    def unglued(self, word: str) -> str:
        """A French word typed without its apostrophe ("linscription", "lenrolement"): the
        word itself when the knowledge base knows the rest and not the whole. Vocabulary
        decides, not spelling: "license" and "login" stay whole."""
        if word in self._postings:
            return word
        for article in ELIDED_ARTICLES:
            rest = word[len(article):]
            if (word.startswith(article) and len(rest) >= 4 and rest[0] in "aeiouyh"
                    and (rest in self._postings or rest[:STEM_PREFIX] in self._by_prefix)):
                return rest
        return word

    def _match_chunk(self, folded: str) -> list[Mention]:
        words = list(dict.fromkeys(self.unglued(w) for w in content_words(folded)))
        if not words:
            return []
        query_weight = sum(self.idf.get(w, self._unknown_idf) for w in words)
        # One pass over the postings of the text's words accumulates, per phrasing, the
        # information it has covered (best similarity per phrasing word) and how much of
        # the text it explains; only phrasings sharing a word with the text are touched.
        # Words found in very many phrasings ("mac", "intune") would drag thousands of
        # candidates in: they only count for phrasings that a rarer word brought in.
        similar = {w: self._similar(w) for w in words}
        common = {
            w for w, forms in similar.items()
            if forms and all(len(self._postings[v]) > self._common_postings for v, _ in forms)
        }
        if len(common) == len(words):
            common = set()
        covered: dict[int, dict[str, float]] = {}
        rough_information: dict[int, float] = {}  # the information of each cover, as it grows
        idf = self.idf
        query_covered: dict[int, float] = {}
        # each word's weight and best form in each phrasing, for the vocabulary match
        found: list[tuple[float, dict[int, tuple[float, str]]]] = []
        for word in sorted(words, key=lambda w: w in common):  # rare words first
            weight = self.idf.get(word, self._unknown_idf)
            best_here: dict[int, tuple[float, str]] = {}
            for vocab_word, similarity in similar[word]:
                if word in common:
                    # the phrasings already covered that hold the word, from whichever
                    # side is shorter: a paste's whole text covers thousands at ×100, and
                    # testing each for every common word was half of its match
                    postings = self._postings.get(vocab_word, ())
                    if len(postings) < len(covered):
                        indexes: Iterable[int] = [i for i in postings if i in covered]
                    else:
                        indexes = [i for i in covered if vocab_word in self._word_sets[i]]
                else:
                    indexes = self._postings[vocab_word]
                if not best_here:  # nothing yet: every phrasing is new (made at C speed)
                    best_here = dict.fromkeys(indexes, (similarity, vocab_word))
                    continue
                for index in indexes:
                    known = best_here.get(index)
                    if known is None or similarity > known[0]:
                        best_here[index] = (similarity, vocab_word)
            found.append((weight, best_here))
            for index, (similarity, vocab_word) in best_here.items():
                cover = covered.get(index)
                if cover is None:  # the first of the text's words in this phrasing
                    # (what the sums below give from zero, exactly: fewer look-ups for
                    # the thousands of phrasings a long text reaches once)
                    covered[index] = {vocab_word: similarity}
                    query_covered[index] = similarity * weight
                    rough_information[index] = similarity * idf[vocab_word]
                    continue
                query_covered[index] += similarity * weight
                before = cover.get(vocab_word, 0.0)
                if similarity > before:
                    cover[vocab_word] = similarity
                    rough_information[index] = (rough_information.get(index, 0.0)
                                                + (similarity - before) * idf[vocab_word])
        # In a long text most words are context: judge it on the phrasing it covers.
        query_share = (1 - PHRASING_WEIGHT) * min(1.0, QUERY_WORDS_FULL_WEIGHT / len(words))

        def scored(index: int) -> float:
            cover = covered[index]
            phrasing = self.phrasings[index]
            # (map rather than a generator: the same products in the same order, at C speed)
            information = sum(map(mul, cover.values(), map(idf.__getitem__, cover)))
            phrasing_cover = information / self._information[index]
            query_cover = query_covered[index] / (query_weight or 1)
            score = (1 - query_share) * phrasing_cover + query_share * query_cover
            # A match made only of common words ("mac", "intune") is weak evidence.
            score *= min(1.0, information / SUFFICIENT_EVIDENCE) ** 0.5
            if (len(phrasing.words) >= PHRASE_MIN_WORDS and score > PHRASE_FLOOR
                    and len(phrasing.folded) <= len(folded) + PHRASE_SLACK):
                # The phrasing's words, in order, inside the text: strong evidence.
                # (partial_ratio aligns the shorter string in the longer one: a text
                # shorter than the phrasing would only be found inside it.)
                # (the cutoff lets rapidfuzz give up early on a poor alignment: below it
                # the answer is 0, and such an alignment counted for nothing anyway)
                aligned = fuzz.partial_ratio(phrasing.folded, folded,
                                             score_cutoff=PHRASE_ALIGNMENT * 100) / 100
                if aligned >= PHRASE_ALIGNMENT:
                    score = max(score, aligned * PHRASE_SCORE)
            return score

        best: dict[str, Mention] = {}
        for index, rough, information in self._above_lowest_bar(
                rough_information, query_covered, query_share, query_weight or 1):
            # ×100: 1,100 phrasings share a word with a query, and scoring each was half
            # of a match. A phrasing whose score, from the information summed as the
            # words came, is below every threshold can be neither a match nor aligned
            # (the margin covers the summing order; the score itself is computed exactly).
            rough *= min(1.0, information / SUFFICIENT_EVIDENCE) ** 0.5
            if rough < LOWEST_BAR:
                continue
            phrasing = self.phrasings[index]
            threshold = SIGNATURE_TEXT_THRESHOLD if phrasing.lang == "sig" else MATCH_THRESHOLD
            if rough < threshold - MARGIN:
                # Below its threshold only the alignment can make it a match. One that
                # cannot be aligned is no match (×100: two thirds of the phrasings above
                # the lowest bar, each scored for nothing, 3 of a long paste's 15 ms);
                # nor is one above the phrase floor, where scored() tries the alignment,
                # that does not align (×100: 640 of a long paste's 660 tries, each
                # scored first for nothing, 0.8 ms of its 8).
                if (len(phrasing.words) < PHRASE_MIN_WORDS
                        or len(phrasing.folded) > len(folded) + PHRASE_SLACK):
                    continue
                if rough > PHRASE_FLOOR + MARGIN and fuzz.partial_ratio(
                        phrasing.folded, folded,
                        score_cutoff=PHRASE_ALIGNMENT * 100) / 100 < PHRASE_ALIGNMENT:
                    continue
            score = scored(index)
            if score < threshold:
                continue
            known = best.get(phrasing.node)
            if known is None or score > known.score:
                best[phrasing.node] = Mention(phrasing.node, round(score, 4), phrasing.text,
                                              phrasing.lang)
        # Raise each node to what its whole vocabulary explains of the text, citing the
        # phrasing of that node that matched best.
        if max((m.score for m in best.values()), default=0.0) >= PROFILE_ONLY_BELOW:
            return list(best.values())  # said outright: no vocabulary match can matter
        profile_information, profile_words, profile_own = self._profiles(found)
        problem_words = self._problem_words
        profile_node = self._profile_node
        for node, information in profile_information.items():
            if profile_words[node] < PROFILE_MIN_WORDS:
                continue
            if node in problem_words and node not in profile_own:
                continue  # the cause's problem explains these words: no news for the cause
            score = PROFILE_WEIGHT * information / (query_weight or 1)
            score *= min(1.0, information / SUFFICIENT_EVIDENCE) ** 0.5
            known = best.get(node)
            if score < MATCH_THRESHOLD or (known is not None and known.score >= score):
                continue
            # the node's best phrasing, signatures aside (the first of equals)
            cited, cited_score = -1, -1.0
            for index in covered:
                if profile_node[index] == node:
                    score_here = scored(index)
                    if score_here > cited_score:
                        cited, cited_score = index, score_here
            phrasing = self.phrasings[cited]
            best[node] = Mention(node, round(score, 4), phrasing.text, phrasing.lang)
        return list(best.values())

    def _above_lowest_bar(self, rough_information: dict[int, float],
                          query_covered: dict[int, float], query_share: float,
                          query_weight: float) -> Iterator[tuple[int, float, float]]:
        """(index, rough score before the evidence factor, information) of each covered
        phrasing whose rough score may reach LOWEST_BAR: that factor is at most 1, so a
        phrasing below the bar without it is below with it. The sums run at C speed, in
        the order and with the operations a loop would use (×100: the three texts of a
        long paste cover ~3,500 phrasings; a Python loop took 1.2 ms of it, this 0.9)."""
        information = list(rough_information.values())
        rough = list(map(add,
                         map(truediv, map(mul, repeat(1 - query_share), information),
                             map(self._information.__getitem__, rough_information)),
                         map(truediv, map(mul, repeat(query_share),
                                          map(query_covered.__getitem__, rough_information)),
                             repeat(query_weight))))
        return compress(zip(rough_information, rough, information, strict=True),
                        map(LOWEST_BAR.__le__, rough))

    def _profiles(self, found: list[tuple[float, dict[int, tuple[float, str]]]]
                  ) -> tuple[dict[str, float], dict[str, int], set[str]]:
        """Per node, from each word's best form in each phrasing: the information of the
        text's words found in any of its phrasings, how many words that is, and the
        causes among them whose match has a word of its own (not their problem's).
        Only asked for when no phrasing said the symptom outright (a long paste's every
        line did: gathering them for nothing was a fifth of its match)."""
        profile_information: dict[str, float] = defaultdict(float)
        profile_words: dict[str, int] = defaultdict(int)
        profile_own: set[str] = set()
        profile_node = self._profile_node
        problem_words = self._problem_words
        for weight, best_here in found:
            node_best: dict[str, float] = {}
            for index, (similarity, vocab_word) in best_here.items():
                node = profile_node[index]
                if node is not None:
                    if similarity > node_best.get(node, 0.0):
                        node_best[node] = similarity
                    if node not in profile_own and vocab_word not in problem_words[node]:
                        profile_own.add(node)
            for node, similarity in node_best.items():
                profile_information[node] += similarity * weight
                profile_words[node] += 1
        return profile_information, profile_words, profile_own

    def find_signatures(self, folded: str) -> list[SignatureHit]:
        """Every signature whose folded text occurs in the folded text, in id order."""
        return self._signature_finder.find(folded)
