"""Nothing lost, nothing half-read: writes are atomic, and a torn, corrupt, stale or
wrong-shaped cache is rebuilt, never used.

A child process rewrites a large artifact in a loop with ``jamfkb.kb.store.atomic_write`` and is
SIGKILLed at random moments: the target must always hold one complete version.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import random
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from jamfkb.kb import store
from jamfkb.kb.artifact_format import _packed_text, _unpacked_text
from jamfkb.kb.compiler import compile_tree
from tests.support import PYTHON, REPO, copy_tiny

CHILD = """
import sys
from pathlib import Path
from typing import Any
from jamfkb.kb.store import atomic_write
target = Path(sys.argv[1])
versions = [Path(sys.argv[2]).read_bytes(), Path(sys.argv[3]).read_bytes()]
print("ready", flush=True)
i = 0
while True:
    atomic_write(target, versions[i % 2])
    i += 1
"""


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("JAMFKB_CACHE_DIR", str(tmp_path / "cache"))
    return copy_tiny(tmp_path)


def _versions(root: Path) -> tuple[bytes, bytes, str]:
    """Two complete, valid, large (~3 MB) artifacts of the same tree."""
    kb, _ = compile_tree(root)
    assert kb is not None
    manifest = store.manifest_key(root)
    a = store.dump(dataclasses.replace(kb, root="A" * 3_000_000), manifest)
    b = store.dump(dataclasses.replace(kb, root="B" * 3_100_000), manifest)
    return a, b, manifest


def test_sigkill_during_atomic_write_never_leaves_a_mix(tree: Path, tmp_path: Path) -> None:
    a, b, manifest = _versions(tree)
    (tmp_path / "a.bin").write_bytes(a)
    (tmp_path / "b.bin").write_bytes(b)
    target = store.artifact_path_for(tree)
    store.atomic_write(target, a)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    rng = random.Random(6)
    rounds = 8
    for _ in range(rounds):
        child = subprocess.Popen(
            [PYTHON, "-c", CHILD, str(target), str(tmp_path / "a.bin"), str(tmp_path / "b.bin")],
            env=env, stdout=subprocess.PIPE,
        )
        assert child.stdout is not None
        assert child.stdout.readline().strip() == b"ready"
        time.sleep(rng.uniform(0.0, 0.15))
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        child.stdout.close()
        data = target.read_bytes()
        assert data in (a, b), f"torn artifact: {len(data)} bytes"
        kb = store.read_artifact(target, manifest)  # complete, checksummed
        assert kb.root[0] in "AB"
    # killed writers may leave temp files behind: they must not break the next start
    leftovers = list(target.parent.glob(f".{target.name}.*.tmp"))
    result = store.load(tree)
    assert result.kb is not None and result.from_cache
    store.atomic_write(target, a)
    assert target.read_bytes() == a
    for path in leftovers:
        if path.exists():
            assert path.name.startswith(".") and path.name.endswith(".tmp")


def _corruptions(good: bytes) -> dict[str, bytes]:
    newline = good.index(b"\n")
    header = json.loads(good[:newline])
    wrong_schema = json.dumps({**header, "schema": 999}).encode() + good[newline:]
    wrong_magic = json.dumps({**header, "magic": "pickle"}).encode() + good[newline:]
    flipped = bytearray(good)
    flipped[-10] ^= 0x01
    return {
        "empty": b"",
        "garbage": os.urandom(4096),
        "truncated in payload": good[: len(good) // 2],
        "truncated in header": good[: newline // 2],
        "header only": good[: newline + 1],
        "one bit flipped": bytes(flipped),
        "wrong schema": wrong_schema,
        "wrong magic": wrong_magic,
        "payload not json": good[: newline + 1] + b"\x80\x04pickle",
        "pickle": b"\x80\x04\x95\x00\x00\x00\x00\x00\x00\x00\x00.",
        "nul bytes": b"\x00" * 1000,
    }


def test_corrupt_artifact_is_detected_and_rebuilt(tree: Path) -> None:
    first = store.load(tree)
    assert first.kb is not None and not first.from_cache
    target = store.artifact_path_for(tree)
    good = target.read_bytes()
    manifest = store.manifest_key(tree)
    for name, bad in _corruptions(good).items():
        target.write_bytes(bad)
        with pytest.raises(store.ArtifactError):
            store.read_artifact(target, manifest)
        result = store.load(tree)
        assert result.kb is not None, name
        assert not result.from_cache, f"{name}: a corrupt artifact was used"
        assert result.kb.nodes.keys() == first.kb.nodes.keys()
        assert store.read_artifact(target, manifest).nodes.keys() == first.kb.nodes.keys(), \
            f"{name}: the artifact was not rebuilt"


def test_stale_artifact_is_rebuilt_after_content_change(tree: Path) -> None:
    assert store.load(tree).kb is not None
    path = tree / "paper-jam.en.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Paper jams", "Paper jams!", 1),
                    encoding="utf-8")
    result = store.load(tree)
    assert not result.from_cache
    assert result.kb is not None and result.kb.title("paper-jam", "en") == "Paper jams!"


def test_leftover_temp_files_do_not_break_anything(tree: Path) -> None:
    target = store.artifact_path_for(tree)
    target.parent.mkdir(parents=True, exist_ok=True)
    for i in range(3):
        (target.parent / f".{target.name}.junk{i}.tmp").write_bytes(b"half a write")
    result = store.load(tree)
    assert result.kb is not None
    assert store.load(tree).from_cache


def test_failed_write_keeps_the_old_file_and_no_temp(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "settings.json"
    store.atomic_write(target, b"old")

    def boom(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", boom)
    with pytest.raises(OSError):
        store.atomic_write(target, b"new" * 1000)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["settings.json"]


def test_settings_and_clipboard_file_are_written_atomically(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from jamfkb.tui import clipboard, settings

    calls: list[Path] = []
    real = store.atomic_write

    def spy(path: Path, data: bytes) -> None:
        calls.append(Path(path))
        real(path, data)

    monkeypatch.setattr(store, "atomic_write", spy)
    monkeypatch.setenv("JAMFKB_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("JAMFKB_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("JAMFKB_NO_CLIPBOARD_TOOLS", "1")
    settings.save_settings(settings.Settings(lang="fr"))
    assert settings.load_settings().lang == "fr"
    clipboard.copy_fallback("report")
    assert calls == [settings.settings_path(), tmp_path / "data" / clipboard.CLIP_FILE]
    # a broken settings file gives the defaults, never a crash
    for bad in (b"", b"\xff\xfe", b"[]", b'{"lang": "\\u001b[2J", "theme": 3}', b"{" * 100000):
        settings.settings_path().write_bytes(bad)
        assert settings.load_settings() == settings.Settings()


def _rewrite(target: Path, change_core: Any = None, match: bytes | None = None,
             wordings: bytes | None = None) -> None:
    """Rewrite the artifact with its sections changed, and the header (section lengths,
    checksum) made to match: a file edited by someone, not corrupted."""
    good = target.read_bytes()
    newline = good.index(b"\n")
    header = json.loads(good[:newline])
    payload = good[newline + 1 :]
    core_end = header["core_bytes"]
    match_end = core_end + header["match_bytes"]
    core = json.loads(payload[:core_end])
    if change_core is not None:
        change_core(core)
    core_bytes = json.dumps(core).encode()
    match = payload[core_end:match_end] if match is None else match
    wordings = payload[match_end:] if wordings is None else wordings
    payload = core_bytes + match + wordings
    header["core_bytes"], header["match_bytes"] = len(core_bytes), len(match)
    header["payload_sha256"] = hashlib.sha256(payload).hexdigest()
    target.write_bytes(json.dumps(header).encode() + b"\n" + payload)


def _one_fewer(packed: str) -> str:
    """A packed column (see artifact_format.to_dict) with its last entry dropped."""
    return packed.rsplit("\x00", 1)[0]


def _drop_last_number(packed: str, code: str = "") -> str:
    return _packed_text(_unpacked_text(packed, code)[:-1], code)


# rules: count, ids, stages, conditions, subjects, values, targets, kinds, cfs, gates,
# sources; positions: path indexes, lines, columns
CORE_DAMAGES: dict[str, Any] = {
    "node": lambda core: (core["nodes"][0].__setitem__(2, 7),  # a number for aliases
                          core["nodes"].__setitem__(1, core["nodes"][1][:-1])),  # a field gone
    "wording range": lambda core: (core["nodes"][0][-1].__setitem__(1, 10**9),
                                   core["nodes"][1][-1].__setitem__(2, {"en": ["no title"]})),
    "rules: a text column one short": lambda core: core["rules"].__setitem__(
        3, _one_fewer(core["rules"][3])),
    "rules: a number column one short": lambda core: core["rules"].__setitem__(
        8, _drop_last_number(core["rules"][8], "d")),
    "rules: a count that is a text": lambda core: core["rules"].__setitem__(0, "12"),
    "rules: numbers that are not Base64": lambda core: core["rules"].__setitem__(2, "é!"),
    "rules: a list where a packed column belongs": lambda core: core["rules"].__setitem__(
        4, ["a", "b"]),
    "rules: a source out of range": lambda core: core["rules"].__setitem__(
        10, _packed_text([10**6] * core["rules"][0])),
    "positions: a column one short": lambda core: core["positions"].__setitem__(
        1, _drop_last_number(core["positions"][1])),
}


@pytest.mark.parametrize("damage", list(CORE_DAMAGES))
def test_well_formed_but_wrong_shape_artifact_is_rebuilt(tree: Path, damage: str) -> None:
    assert store.load(tree).kb is not None
    target = store.artifact_path_for(tree)

    def change(core: dict[str, Any]) -> None:
        CORE_DAMAGES[damage](core)

    _rewrite(target, change)
    with pytest.raises(store.ArtifactError):
        store.read_artifact(target)
    result = store.load(tree)
    assert result.kb is not None and not result.from_cache


def test_wordings_that_do_not_decode_give_a_placeholder_and_a_rebuild(tree: Path) -> None:
    """The wordings are decoded when first read, after the load: a section that the
    checksum accepts but that does not decode must not crash whoever reads it."""
    first = store.load(tree)
    assert first.kb is not None
    target = store.artifact_path_for(tree)
    size = len(target.read_bytes())
    _rewrite(target, wordings=b"[" * size)
    loaded = store.load(tree)
    assert loaded.kb is not None and loaded.from_cache  # the core is intact
    node = loaded.kb.nodes["paper-jam"]
    assert node.title("en") == first.kb.title("paper-jam", "en")  # kept in the core
    assert node.wording["fr"].body == ""  # a placeholder, not a traceback
    assert node.wording["en"].title == node.title("en")
    assert not target.exists()  # removed: the next start compiles again
    again = store.load(tree)
    assert not again.from_cache and again.kb == first.kb


NUMBERS = (1, 6, 7, 8, 9)  # the parts that are packed numbers (see match_to_bytes)


def _forge_match(change: Any, *, raw: bool = False) -> Any:
    """A match section (see artifact_format.match_to_bytes) with one part changed: ``change`` takes
    the parts, numbers unpacked and texts decoded (``raw``: as bytes), after the count,
    and returns them changed; the head is made to match."""
    from jamfkb.kb.artifact_format import _pack, _unpack

    def forge(section: bytes) -> bytes:
        newline = section.index(b"\n")
        count, *lengths = json.loads(section[:newline])
        parts: list[Any] = [count]
        at = newline + 1
        for index, length in enumerate(lengths, start=1):
            part = section[at:at + length]
            at += length
            parts.append(part if raw else _unpack(part) if index in NUMBERS else part.decode())
        parts = change(parts)
        encoded = [p if isinstance(p, bytes) else _pack(p) if index in NUMBERS else p.encode()
                   for index, p in enumerate(parts[1:], start=1)]
        return json.dumps([parts[0], *map(len, encoded)]).encode() + b"\n" + b"".join(encoded)

    return forge


def _set(parts: list[Any], index: int, value: Any) -> list[Any]:
    return [*parts[:index], value, *parts[index + 1:]]


# the parts: count, nodes, langs, texts, folded, vocabulary, word ends, word ids,
# posting ends, postings
FORGED_MATCH_SECTIONS = {
    "not a section": b"[",
    "schema 7's JSON columns": b'[[0],["en"],["t"],["printer"],["printer"]]',
    "a head of the wrong shape": b'[1,2]\n\x00\x00',
    "parts longer than the section": b"[1,8,0,0,0,0,0,0,0,0]\n\x00\x00\x00\x00",
    "a count too high": _forge_match(lambda p: _set(p, 0, p[0] + 1)),
    "a count that is a float": _forge_match(lambda p: _set(p, 0, float(p[0]))),
    "a node out of range": _forge_match(lambda p: _set(p, 1, [10**6] * p[0])),
    "a text too few": _forge_match(lambda p: _set(p, 3, p[3].rsplit("\x00", 1)[0])),
    "text that is not UTF-8": _forge_match(lambda p: _set(p, 4, b"\xff" + p[4]), raw=True),
    "a word out of range": _forge_match(
        lambda p: _set(p, 7, [len(p[5].split()), *p[7][1:]])),
    "a posting out of range": _forge_match(lambda p: _set(p, 9, [p[0], *p[9][1:]])),
    "a word with no posting": _forge_match(lambda p: _set(p, 8, [0, *p[8][1:]])),
    "word runs out of order": _forge_match(lambda p: _set(p, 6, p[6][::-1])),
    "a vocabulary out of order": _forge_match(
        lambda p: _set(p, 5, " ".join(p[5].split()[::-1]))),
    "numbers cut short": _forge_match(lambda p: _set(p, 9, b"\x01\x00"), raw=True),
}


@pytest.mark.parametrize("forgery", list(FORGED_MATCH_SECTIONS), ids=str)
def test_matcher_texts_that_do_not_decode_are_folded_again(tree: Path, forgery: str) -> None:
    """The matcher's texts are decoded when the first matcher is built: a section that
    does not decode (or points outside itself) is replaced by folding the texts again,
    with the same answers, and the artifact is rebuilt at the next start."""
    from jamfkb.engine.consultation import Consultation

    first = store.load(tree)
    assert first.kb is not None
    expected = Consultation.for_kb(first.kb).diagnose("the printer jams paper")
    target = store.artifact_path_for(tree)
    forged = FORGED_MATCH_SECTIONS[forgery]
    if callable(forged):
        good = target.read_bytes()
        header = json.loads(good[:good.index(b"\n")])
        section = good[good.index(b"\n") + 1:][header["core_bytes"]:][:header["match_bytes"]]
        forged = forged(section)
    _rewrite(target, match=forged)
    loaded = store.load(tree)
    assert loaded.kb is not None and loaded.from_cache
    assert Consultation.for_kb(loaded.kb).diagnose("the printer jams paper") == expected
    assert expected.causes
    assert not target.exists()


@pytest.mark.parametrize("field, forged", [
    (3, [7]),  # phrasings: a number where a text belongs
    (4, {"a": 1}),  # choice labels
    (5, ["x.md", "1"]),  # source position
    (8, ["1"]),  # phrasing lines
    (10, [["text", {}, "1"]]),  # examples
    (10, [["text", {"q": 1}, 1]]),
])
def test_a_wording_row_of_the_wrong_types_is_refused(tree: Path, field: int,
                                                     forged: Any) -> None:
    """A wording row that passed the checksum and decodes as JSON, with a number where
    a text belongs, would crash the article view: decoding it raises, and the node gets
    its placeholder wording (see the test above)."""
    from jamfkb.kb.artifact_format import wording_rows, wordings_from_rows

    kb = store.load(tree).kb
    assert kb is not None
    node = next(n for n in kb.nodes.values() if n.wording)
    rows = json.loads(json.dumps(wording_rows(node.wording)))
    assert wordings_from_rows(rows) == node.wording  # the real rows decode
    lang = next(iter(rows))
    rows[lang][field] = forged
    with pytest.raises(ValueError):
        wordings_from_rows(rows)


@pytest.mark.parametrize("lengths", [
    (2**40, 10),  # a terabyte: reading it would reserve it (MemoryError)
    (10, 2**63),  # beyond a C ssize_t (OverflowError)
    (-5, 10),
    (10.0, 10),
    (True, 10),
])
def test_section_lengths_beyond_the_file_are_refused_before_reading(
        tree: Path, lengths: tuple[Any, Any]) -> None:
    """The header is outside the checksum: its section lengths are checked against the
    file's size before anything is read, and the base is compiled again."""
    assert store.load(tree).kb is not None
    target = store.artifact_path_for(tree)
    good = target.read_bytes()
    newline = good.index(b"\n")
    header = json.loads(good[:newline])
    header["core_bytes"], header["match_bytes"] = lengths
    target.write_bytes(json.dumps(header).encode() + good[newline:])
    with pytest.raises(store.ArtifactError, match="bad section lengths"):
        store.read_artifact(target)
    result = store.load(tree)
    assert result.kb is not None and not result.from_cache
