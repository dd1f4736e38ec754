"""The compiled artifact: round trip, stale and corrupt artifacts rebuilt, never half-read."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from jamfkb.kb.compiler import compile_tree
from jamfkb.kb.store import (
    ArtifactError,
    artifact_path_for,
    dump,
    load,
    read_artifact,
    write_artifact,
)


def test_round_trip(tiny_tree: Path, tmp_path: Path) -> None:
    kb, _ = compile_tree(tiny_tree)
    assert kb is not None
    target = tmp_path / "kb.json"
    write_artifact(target, kb)
    again = read_artifact(target)
    assert again == kb
    assert dump(again) == dump(kb)


def test_cache_is_used_then_rebuilt_when_content_changes(tiny_tree: Path) -> None:
    first = load(tiny_tree)
    assert first.kb is not None and not first.from_cache
    second = load(tiny_tree)
    assert second.from_cache and second.kb == first.kb
    path = tiny_tree / "paper-jam.en.md"
    path.write_text(path.read_text().replace("Paper jams", "Paper keeps jamming"))
    third = load(tiny_tree)
    assert not third.from_cache
    assert third.kb is not None
    assert third.kb.title("paper-jam", "en") == "Paper keeps jamming"
    assert third.kb.content_hash != first.kb.content_hash


@pytest.mark.parametrize("damage", ["truncate", "flip", "garbage", "empty", "schema"])
def test_corrupt_artifact_is_detected_and_rebuilt(tiny_tree: Path, damage: str) -> None:
    good = load(tiny_tree)
    artifact = artifact_path_for(tiny_tree)
    data = artifact.read_bytes()
    if damage == "truncate":
        artifact.write_bytes(data[: len(data) // 2])
    elif damage == "flip":
        index = len(data) - 100
        artifact.write_bytes(data[:index] + bytes([data[index] ^ 1]) + data[index + 1 :])
    elif damage == "garbage":
        artifact.write_bytes(os.urandom(4096))
    elif damage == "empty":
        artifact.write_bytes(b"")
    else:
        from jamfkb.kb.model import SCHEMA_VERSION

        old = f'"schema": {SCHEMA_VERSION}'.encode()
        assert old in data
        artifact.write_bytes(data.replace(old, b'"schema": 99', 1))
    with pytest.raises(ArtifactError):
        read_artifact(artifact)
    again = load(tiny_tree)
    assert not again.from_cache
    assert again.kb == good.kb
    assert read_artifact(artifact) == good.kb  # rewritten whole


def test_unwritable_cache_is_not_an_error(tiny_tree: Path, monkeypatch: pytest.MonkeyPatch,
                                          tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    monkeypatch.setenv("JAMFKB_CACHE_DIR", str(blocker / "cache"))
    result = load(tiny_tree)
    assert result.kb is not None


def test_manifest_sees_exactly_the_compiled_files(tiny_tree: Path) -> None:
    from jamfkb.kb.store import manifest_key

    before = manifest_key(tiny_tree)
    (tiny_tree / "notes.txt").write_text("not content")
    (tiny_tree / "__pycache__").mkdir()
    (tiny_tree / "__pycache__" / "x.toml").write_text("x")
    assert manifest_key(tiny_tree) == before
    (tiny_tree / "sub").mkdir()
    (tiny_tree / "sub" / "__odd.toml").write_text('kind = "article"\n')
    assert manifest_key(tiny_tree) != before


def test_a_change_of_compiler_code_rebuilds_the_cache(tiny_tree: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import jamfkb.kb.store as store

    assert not load(tiny_tree).from_cache
    assert load(tiny_tree).from_cache
    monkeypatch.setattr(store, "compiler_fingerprint", lambda: "another compiler")
    assert not load(tiny_tree).from_cache


@pytest.mark.skipif(not hasattr(os, "fchmod"), reason="POSIX file modes")
def test_atomic_write_is_private_unless_shared(tmp_path: Path) -> None:
    from jamfkb.kb.store import atomic_write, current_umask

    old = os.umask(0o027)
    try:
        assert current_umask() == 0o027
        atomic_write(tmp_path / "cache.json", b"{}")
        atomic_write(tmp_path / "report.md", b"# report", shared=True)
    finally:
        os.umask(old)
    assert (tmp_path / "cache.json").stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "report.md").stat().st_mode & 0o777 == 0o640
    assert (tmp_path / "report.md").read_bytes() == b"# report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache.json", "report.md"]


def test_the_user_folders_follow_one_rule(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from jamfkb.kb.userdirs import user_dir
    from jamfkb.tui.clipboard import data_dir
    from jamfkb.tui.settings import config_dir

    for kind in ("cache", "config", "data"):
        monkeypatch.setenv(f"JAMFKB_{kind.upper()}_DIR", str(tmp_path / kind))
        assert user_dir(kind) == tmp_path / kind  # type: ignore[arg-type]
    from jamfkb.kb.store import cache_dir

    assert (cache_dir(), config_dir(), data_dir()) == (
        tmp_path / "cache", tmp_path / "config", tmp_path / "data")
    monkeypatch.delenv("JAMFKB_CONFIG_DIR")
    assert config_dir().name == "jamfkb"  # platformdirs' folder for the app
