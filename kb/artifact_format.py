"""The compiled artifact's format: a knowledge base as bytes and back, in three sections.

The core (nodes, signatures, rules, source positions) is JSON, with the rules and the
positions packed in columns; the matcher's texts are binary parts; each node's wordings
are JSON, one byte range per node. What is decoded first is what every load needs: the
core. The matcher's texts wait for the first matcher, a node's wordings for the first
time they are shown. Nothing here ever runs code from the file (no pickle, no marshal),
and what a file that passed its checksum may still hold is checked before it is used
(``kb.store`` checks the checksum and turns the errors raised here into ArtifactError).

Shaped for a fast load (×100: 4,000 nodes, 11,097 rules, 26,521 matcher texts): source
paths are indexes into a path table, positions into a position table, named tuples are
made with ``tuple.__new__``; docs/BENCHMARKS.md ("Round 5") has the figures.

A forged file that passes its checksum can still change answers (as forged content
could), never crash a query: what is checked here is what a query would index or
divide by.
"""

from __future__ import annotations

import array
import binascii
import json
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from itertools import repeat
from typing import Any, overload

from jamfkb.kb.model import (
    LANGS,
    DocRef,
    Example,
    KnowledgeBase,
    MatchTexts,
    Node,
    Rule,
    Signature,
    SourcePos,
    Wording,
    paused_gc,
)


def to_dict(kb: KnowledgeBase, wording_section: bytearray | None = None) -> dict[str, Any]:
    """The knowledge base as JSON-compatible data. With ``wording_section``, each
    node's wordings are appended to it as JSON and the node holds their byte range
    instead: ``from_dict`` then decodes them only when they are first read. The
    matcher's texts are not in it: ``to_sections`` gives them their own section."""
    paths: dict[str, int] = {}
    positions: dict[tuple[int, int, int], int] = {}

    def pos(p: SourcePos) -> int:
        key = (paths.setdefault(p.path, len(paths)), p.line, p.col)
        return positions.setdefault(key, len(positions))

    nodes = []
    for n in kb.nodes.values():
        wording: Any = wording_rows(n.wording)
        if wording_section is not None:
            start = len(wording_section)
            wording_section += _json_bytes(wording)
            # titles stay in the core: the Browse tree, reports and lists show
            # every node's title, not its article
            titles = {lang: w.title for lang, w in n.wording.items()}
            wording = [start, len(wording_section), titles]
        nodes.append([n.id, n.kind, list(n.aliases), list(n.applies_to),
                      [[d.doc, d.revision] for d in n.doc_refs], list(n.links),
                      pos(n.source), dict(n.problems), list(n.resolutions), n.versions,
                      list(n.choices), n.ask_first, n.answer_kind, wording])
    rules = kb.rules
    signatures = [[s.id, s.text, s.folded, s.problem, s.cause, s.cf, pos(s.source)]
                  for s in kb.signatures]
    # Rules and positions packed (see _joined and _packed_text): at ×100 their
    # 170,000 JSON values took 10.6 ms to decode, their packed columns 3.
    rule_columns = [
        len(rules), _joined([r.id for r in rules]), _packed_text([r.stage for r in rules]),
        _joined([r.condition for r in rules]), _joined([r.subject for r in rules]),
        _joined(["" if r.value is None else "=" + r.value for r in rules]),
        _joined([r.target for r in rules]), _joined([r.target_kind for r in rules]),
        _packed_text([r.cf for r in rules], "d"),
        _joined([" ".join(_no_space(r.gate)) for r in rules]),
        _packed_text([pos(r.source) for r in rules]),
    ]
    data = {
        "schema": kb.schema,
        "content_hash": kb.content_hash,
        "root": kb.root,
        "paths": list(paths),
        "positions": [_packed_text([key[i] for key in positions]) for i in range(3)],
        "nodes": nodes,
        "aliases": kb.aliases,
        "signatures": signatures,
        "rules": rule_columns,
    }
    return data


def to_sections(kb: KnowledgeBase) -> tuple[bytes, bytes, bytes]:
    """The artifact's three sections: the core (JSON, read at every load), the matcher's
    texts (binary parts, read when a matcher is built) and the wordings (JSON, one
    node's when it is first shown)."""
    wordings = bytearray()
    core = _json_bytes(to_dict(kb, wordings))
    node_ids = {node_id: index for index, node_id in enumerate(kb.nodes)}
    return core, match_to_bytes(kb.match_texts(), node_ids), bytes(wordings)


def from_sections(core: bytes, match: bytes | memoryview,
                  wordings: bytes | memoryview | WordingSection,
                  on_damage: Callable[[], None] | None = None) -> KnowledgeBase:
    """The inverse of ``to_sections``: the core is decoded (and its shape checked)
    now, the rest when first needed; ``on_damage`` is called if it then fails. The
    wordings may be a section whose bytes are still being read (see WordingSection)."""
    if not isinstance(wordings, WordingSection):
        wordings = WordingSection(wordings, on_damage)
    with paused_gc():
        kb = from_dict(json.loads(core), wordings)
    kb.match = MatchSection(match, on_damage)
    return kb


def from_dict(data: dict[str, Any], wording_section: WordingSection | None = None
              ) -> KnowledgeBase:
    """The inverse of ``to_dict``. Raises ValueError, KeyError, TypeError or
    IndexError on data of the wrong shape (the store turns them into ArtifactError)."""
    paths: list[str] = data["paths"]
    path_indexes, lines, cols = (_unpacked_text(column) for column in data["positions"])
    if not len(path_indexes) == len(lines) == len(cols):
        raise ValueError("position columns of different lengths")
    # tuple.__new__ rather than the named tuples' own __new__ (a Python function):
    # 1.2 ms instead of 3.3 for the 12,088 positions of ×100, 3.3 instead of 5.4 for
    # the 11,097 rules
    positions = list(map(_new, repeat(SourcePos),
                         zip(map(paths.__getitem__, path_indexes), lines, cols, strict=True)))
    nodes: dict[str, Node] = {}
    for (node_id, kind, aliases, applies_to, doc_refs, links, source, problems,
         resolutions, versions, choices, ask_first, answer_kind, wording) in data["nodes"]:
        if isinstance(wording, dict):
            words: Mapping[str, Wording] = wordings_from_rows(wording)
        elif wording_section is not None:
            start, end, titles = wording
            words = wording_section.wordings(node_id, start, end, titles)
        else:
            raise ValueError("wordings kept apart, but no section given")
        nodes[node_id] = _new(Node, (
            node_id, kind, tuple(aliases), tuple(applies_to),
            tuple(DocRef(a, b) for a, b in doc_refs) if doc_refs else (), words,
            tuple(links), positions[source], dict(problems), tuple(resolutions),
            str(versions), tuple(choices), bool(ask_first), str(answer_kind)))
    count, ids, stages, conditions, subjects, values, targets, kinds, cfs, gates, sources \
        = data["rules"]
    if type(count) is not int:
        raise TypeError("a rule count that is not a number")
    ids, conditions, subjects, values, targets, kinds, gates = (
        _split(column, count) for column in (ids, conditions, subjects, values, targets,
                                             kinds, gates))
    stages, cfs, sources = _unpacked_text(stages), _unpacked_text(cfs, "d"), \
        _unpacked_text(sources)
    if not count == len(stages) == len(cfs) == len(sources):
        raise ValueError("rule columns of different lengths")
    no_gate: tuple[str, ...] = ()
    rules = tuple(map(_new, repeat(Rule), zip(
        ids, stages, conditions, subjects, [value[1:] if value else None for value in values],
        targets, kinds, cfs, [tuple(g.split(" ")) if g else no_gate for g in gates],
        map(positions.__getitem__, sources), strict=True)))
    return KnowledgeBase(
        schema=data["schema"],
        content_hash=data["content_hash"],
        root=data["root"],
        nodes=nodes,
        aliases=dict(data["aliases"]),
        signatures=tuple(
            Signature(s[0], s[1], s[2], s[3], s[4], s[5], positions[s[6]])
            for s in data["signatures"]
        ),
        rules=rules,
    )


def match_to_bytes(texts: MatchTexts, node_ids: Mapping[str, int]) -> bytes:
    """The artifact's match section, shaped for a fast load (see ``match_from_bytes``): a
    JSON line (the number of texts, then each part's length in bytes), then the
    parts. The texts' own columns are UTF-8, entries joined by NUL (which content
    never holds: kb.reading refuses it); the numbers (node indexes, each text's words
    as indexes into the sorted vocabulary, the postings) little-endian 32-bit
    integers, a column's per-text runs given by their ends. At ×100 (26,521 texts,
    106,085 words of 2,286 distinct ones) this decodes in about 12 ms, where a JSON
    list per column checked entry by entry, then the postings built again from the
    words, took 45."""
    vocabulary = sorted(texts.postings)
    word_index = {word: index for index, word in enumerate(vocabulary)}
    word_ids: list[int] = []
    word_ends: list[int] = []
    for text_words in texts.words:
        word_ids += map(word_index.__getitem__, text_words)
        word_ends.append(len(word_ids))
    postings: list[int] = []
    posting_ends: list[int] = []
    for word in vocabulary:
        postings += texts.postings[word]
        posting_ends.append(len(postings))
    parts = [_pack([node_ids[n] for n in texts.nodes]),
             *(_joined(column).encode() for column in (texts.langs, texts.texts, texts.folded)),
             " ".join(vocabulary).encode(), _pack(word_ends), _pack(word_ids),
             _pack(posting_ends), _pack(postings)]
    head = json.dumps([len(texts.texts), *map(len, parts)]).encode()
    return b"\n".join([head, b"".join(parts)])


def match_from_bytes(data: bytes | memoryview, node_ids: list[str]) -> MatchTexts:
    """The inverse of ``match_to_bytes``; ValueError, TypeError or IndexError when the data
    has the wrong shape. What a file that passed its checksum could still hold and
    crash a query with is refused: node, word or text indexes out of range, runs out
    of order, a word with no text (its IDF divides by their number)."""
    view = memoryview(data)
    newline = bytes(view[:_HEAD_LIMIT]).find(b"\n")
    if newline < 0:
        raise ValueError("no match section head")
    head = json.loads(bytes(view[:newline]))
    if not (isinstance(head, list) and len(head) == 10
            and all(type(n) is int and n >= 0 for n in head)):
        raise TypeError("a match section head of the wrong shape")
    count, *lengths = head
    parts = []
    at = newline + 1
    for length in lengths:
        parts.append(view[at:at + length])
        at += length
    if at != len(view):
        raise ValueError("match parts of the wrong lengths")
    nodes, langs, texts, folded, vocabulary_bytes, word_ends, word_ids, posting_ends, \
        postings = parts
    langs, texts, folded = (_split(str(column, "utf-8"), count)
                            for column in (langs, texts, folded))
    node_indexes = _unpack(nodes)
    vocabulary = str(vocabulary_bytes, "utf-8").split()
    if vocabulary != sorted(set(vocabulary)):
        raise ValueError("match vocabulary out of order")
    posting_list = _unpack(postings)
    if len(node_indexes) != count:
        raise ValueError("match columns of different lengths")
    if _below(node_indexes, len(node_ids)) or _below(posting_list, count):
        raise ValueError("match texts out of range")
    return MatchTexts(
        tuple(map(node_ids.__getitem__, node_indexes)), tuple(langs), tuple(texts),
        tuple(folded), WordRuns(vocabulary, _unpack(word_ids, as_list=False),
                                _unpack(word_ends), count),
        dict(zip(vocabulary, map(posting_list.__getitem__,
                                 _runs(_unpack(posting_ends), len(posting_list),
                                       len(vocabulary), 1)), strict=True)))


class _MadeWords(dict[int, tuple[str, ...]]):
    """The texts' words made so far, by index; a miss makes them (a hit is a plain
    lookup, which the matcher's loop over a long paste's texts relies on)."""

    __slots__ = ("_ends", "_ids", "_vocabulary")

    def __init__(self, vocabulary: list[str], ids: array.array[int], ends: list[slice]) -> None:
        super().__init__()
        self._vocabulary = vocabulary
        self._ids = ids
        self._ends = ends

    def __missing__(self, index: int) -> tuple[str, ...]:
        made = self[index] = tuple(map(self._vocabulary.__getitem__, self._ids[self._ends[index]]))
        return made


class WordRuns(Sequence[tuple[str, ...]]):
    """Each text's content words, kept as indexes into the vocabulary and made into a
    tuple when a text is first looked at: a query reaches ~1,100 of the 26,521 texts at
    ×100, and making them all took 8 ms of every start."""

    __slots__ = ("_made",)

    def __init__(self, vocabulary: list[str], ids: array.array[int], ends: list[int],
                 count: int) -> None:
        if _below(ids, len(vocabulary)):
            raise ValueError("match words out of range")
        self._made = _MadeWords(vocabulary, ids, list(_runs(ends, len(ids), count, 0)))

    @property
    def by_index(self) -> Mapping[int, tuple[str, ...]]:
        """The same words by index, as a mapping that makes a text's on first look."""
        return self._made

    def __len__(self) -> int:
        return len(self._made._ends)

    @overload
    def __getitem__(self, index: int) -> tuple[str, ...]: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[tuple[str, ...], ...]: ...

    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return tuple(self[i] for i in range(*index.indices(len(self))))
        return self._made[index]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence):
            return NotImplemented
        return len(self) == len(other) and all(map(_same_words, self, other))

    __hash__ = None  # type: ignore[assignment]  # equal to tuples, like a list


def _same_words(a: Sequence[str], b: Sequence[str]) -> bool:
    return tuple(a) == tuple(b)


_new = tuple.__new__
_SEPARATOR = "\x00"
_HEAD_LIMIT = 4096  # the JSON line of a match section: ten numbers
_U32 = next(code for code in "IL" if array.array(code).itemsize == 4)


def _joined(column: Sequence[str]) -> str:
    """Texts as one string, joined by NUL (which content never holds: kb.reading
    refuses it); ValueError if one holds it all the same."""
    if any(_SEPARATOR in text for text in column):
        raise ValueError("a text to pack holds a NUL character")
    return _SEPARATOR.join(column)


def _split(text: Any, count: int) -> list[str]:
    """The inverse of ``_joined`` for ``count`` texts (ValueError, TypeError otherwise)."""
    if type(text) is not str:
        raise TypeError("a packed column that is not a text")
    column = text.split(_SEPARATOR) if count else []
    if len(column) != count:
        raise ValueError("a packed column of the wrong length")
    return column


def _no_space(ids: Sequence[str]) -> Sequence[str]:
    if any(" " in x or not x for x in ids):
        raise ValueError("an ID to pack is empty or holds a space")
    return ids


def _packed_text(numbers: Sequence[float], code: str = "") -> str:
    """``_pack`` in Base64: a JSON text (see ``to_dict``)."""
    return binascii.b2a_base64(_pack(numbers, code), newline=False).decode("ascii")


def _unpacked_text(text: Any, code: str = "") -> list[Any]:
    """The inverse of ``_packed_text``: binascii.Error (a ValueError) on bad Base64,
    ValueError on a length that is not a whole number of items."""
    if type(text) is not str:
        raise TypeError("packed numbers that are not a text")
    return _unpack(binascii.a2b_base64(text.encode("ascii"), strict_mode=True), code)


def _pack(numbers: Sequence[float], code: str = "") -> bytes:
    """Numbers, little-endian: unsigned 32-bit integers, or doubles with code ``"d"``
    (see match_to_bytes)."""
    packed = array.array(code or _U32, numbers)
    if sys.byteorder == "big":
        packed.byteswap()
    return packed.tobytes()


def _unpack(data: bytes | memoryview, code: str = "", *, as_list: bool = True) -> Any:
    """The inverse of ``_pack``, as a list or as the array: ValueError on a length that
    is not a whole number of items."""
    packed = array.array(code or _U32)
    packed.frombytes(data)
    if sys.byteorder == "big":
        packed.byteswap()
    return packed.tolist() if as_list else packed


def _below(numbers: Sequence[int], limit: int) -> bool:
    """Whether some number is not below ``limit`` (they are unsigned)."""
    return len(numbers) > 0 and max(numbers) >= limit


def _runs(ends: list[int], total: int, count: int, shortest: int) -> Iterator[slice]:
    """The ``count`` slices of ``total`` items that end at ``ends``, each at least
    ``shortest`` long (ValueError otherwise)."""
    starts = [0, *ends[:-1]]
    if len(ends) != count or (ends and ends[-1] != total) or not all(
            start + shortest <= end for start, end in zip(starts, ends, strict=True)):
        raise ValueError("match runs out of order")
    return map(slice, starts, ends)


class MatchSection:
    """The artifact's match section (see match_to_bytes), decoded by the first matcher
    built: a load that builds none (``list``, ``show``, ``check``) does not pay for it."""

    __slots__ = ("data", "on_damage")

    def __init__(self, data: bytes | memoryview,
                 on_damage: Callable[[], None] | None = None) -> None:
        self.data = data
        self.on_damage = on_damage

    def decode(self, node_ids: list[str]) -> MatchTexts | None:
        """The texts, or None (and ``on_damage`` called) when the section does not
        decode: the caller folds them again."""
        try:
            with paused_gc():
                return match_from_bytes(self.data, node_ids)
        except (ValueError, KeyError, TypeError, IndexError, AttributeError, RecursionError):
            if self.on_damage is not None:
                self.on_damage()
            return None


def _json_bytes(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def wording_rows(wording: Mapping[str, Wording]) -> dict[str, list[Any]]:
    return {
        lang: [w.title, w.summary, w.body, list(w.phrasings), w.choice_labels,
               [w.source.path, w.source.line, w.source.col], w.body_line, w.phrasings_line,
               list(w.phrasing_lines), w.title_line,
               [[e.text, e.answers, e.line] for e in w.examples]]
        for lang, w in wording.items()
    }


def wordings_from_rows(rows: dict[str, Any]) -> dict[str, Wording]:
    wordings = {}
    for lang, w in rows.items():
        if lang not in LANGS or not _wording_row(w):
            raise ValueError(f"bad wording for {lang!r}")
        wordings[lang] = Wording(
            w[0], w[1], w[2], tuple(w[3]), dict(w[4]), SourcePos(*w[5]), w[6], w[7],
            tuple(w[8]), w[9], tuple(Example(*e) for e in w[10]))
    return wordings


def _strs(value: Any) -> bool:
    return isinstance(value, list) and all(type(x) is str for x in value)


def _ints(value: Any) -> bool:
    return isinstance(value, list) and all(type(x) is int for x in value)


def _wording_row(w: Any) -> bool:
    """Whether ``w`` has the types of a Wording's fields (see wording_rows): a row
    that passed the checksum but not this would crash when the node is shown."""
    return (isinstance(w, list) and len(w) == 11
            and all(type(w[i]) is str for i in (0, 1, 2)) and _strs(w[3])
            and isinstance(w[4], dict)
            and all(type(k) is str and type(v) is str for k, v in w[4].items())
            and isinstance(w[5], list) and len(w[5]) in (2, 3) and type(w[5][0]) is str
            and _ints(w[5][1:]) and all(type(w[i]) is int for i in (6, 7, 9))
            and _ints(w[8]) and isinstance(w[10], list)
            and all(isinstance(e, list) and len(e) == 3 and type(e[0]) is str
                    and isinstance(e[1], dict) and type(e[2]) is int
                    and all(type(k) is str and type(v) is str for k, v in e[1].items())
                    for e in w[10]))


class WordingSection:
    """The nodes' wordings as the artifact stores them: JSON, one range of bytes per node,
    decoded when a node's wording is first read (an article shown, a title listed).

    The bytes were checked with the rest of the artifact (its SHA-256) when it was
    loaded. If a range still fails to decode (a file rewritten by hand, with its checksum),
    the node gets a placeholder wording rather than a crash, and ``on_damage`` is called
    (the store deletes the artifact so that the next start rebuilds it).

    Made with ``size`` alone, the section checks the nodes' ranges against it, and its
    bytes are given later (``data``), before any node is shown: kb.store reads them
    in a thread while the core is decoded."""

    __slots__ = ("data", "on_damage", "size")

    def __init__(self, data: bytes | memoryview,
                 on_damage: Callable[[], None] | None = None, size: int | None = None
                 ) -> None:
        self.data = data
        self.on_damage = on_damage
        self.size = len(data) if size is None else size

    def wordings(self, node_id: str, start: int, end: int,
                 titles: dict[str, str]) -> LazyWordings:
        if not (isinstance(start, int) and isinstance(end, int)
                and 0 <= start <= end <= self.size):
            raise ValueError(f"wording range {start}-{end} is outside the section")
        if not isinstance(titles, dict) or not all(
                lang in LANGS and isinstance(title, str) for lang, title in titles.items()):
            raise ValueError(f"bad titles for {node_id}")
        return LazyWordings(self, node_id, start, end, titles)

    def decode(self, node_id: str, start: int, end: int,
               titles: dict[str, str]) -> dict[str, Wording]:
        """The wordings in ``start:end``, which must hold the languages and titles the
        core gave (else a placeholder per language, with its title)."""
        try:  # one node: too few objects for the collector to matter (see paused_gc)
            rows = json.loads(bytes(self.data[start:end]))
            if not isinstance(rows, dict):
                raise TypeError("not a table")
            wordings = wordings_from_rows(rows)
            if {lang: w.title for lang, w in wordings.items()} != titles:
                raise ValueError("the wordings do not match their titles")
            return wordings
        except (ValueError, KeyError, TypeError, IndexError, AttributeError,
                RecursionError):
            if self.on_damage is not None:
                self.on_damage()
            placeholder = SourcePos(f"{node_id} (damaged cache)", 1)
            return {lang: Wording(title, "", "", (), {}, placeholder, 1)
                    for lang, title in titles.items()}


class LazyWordings(Mapping[str, Wording]):
    """A node's wordings by language, decoded from the artifact when first read; its
    languages and titles are known without decoding."""

    __slots__ = ("_decoded", "_end", "_node", "_section", "_start", "_titles")

    def __init__(self, section: WordingSection, node_id: str, start: int, end: int,
                 titles: dict[str, str]) -> None:
        self._section = section
        self._node = node_id
        self._start = start
        self._end = end
        self._titles = titles
        self._decoded: dict[str, Wording] | None = None

    def _wordings(self) -> dict[str, Wording]:
        decoded = self._decoded
        if decoded is None:  # two threads may both decode: the same result, one kept
            decoded = self._decoded = self._section.decode(self._node, self._start, self._end,
                                                           self._titles)
        return decoded

    def title_of(self, lang: str, default: str) -> str:
        return self._titles.get(lang, default)

    def __getitem__(self, lang: str) -> Wording:
        return self._wordings()[lang]

    def __iter__(self) -> Iterator[str]:
        return iter(self._titles)

    def __len__(self) -> int:
        return len(self._titles)

    def __contains__(self, lang: object) -> bool:
        return lang in self._titles

    def __repr__(self) -> str:
        return repr(self._wordings())
