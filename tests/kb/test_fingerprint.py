"""The cache key covers every module of the kb package, found by listing the folder."""

from __future__ import annotations

from pathlib import Path

import jamfkb.kb.store as store


def test_every_module_of_the_folder_counts(tmp_path: Path) -> None:
    (tmp_path / "reading.py").write_text("A = 1\n")
    (tmp_path / "notes.txt").write_text("not code\n")
    first = store.modules_fingerprint(tmp_path)
    (tmp_path / "notes.txt").write_text("still not code\n")
    assert store.modules_fingerprint(tmp_path) == first
    (tmp_path / "deriving.py").write_text("B = 2\n")  # a stage split off into a new module
    second = store.modules_fingerprint(tmp_path)
    assert second != first
    (tmp_path / "reading.py").write_text("A = 2\n")
    assert store.modules_fingerprint(tmp_path) != second


def test_the_package_fingerprint_reads_the_kb_folder() -> None:
    folder = Path(store.__file__).parent
    assert {"compiler.py", "reading.py", "validation.py", "linking.py", "deriving.py"} <= {
        p.name for p in folder.glob("*.py")}
    store.compiler_fingerprint.cache_clear()
    assert store.compiler_fingerprint() == store.modules_fingerprint(folder)
