"""Fuzz hostile content: the compiler and `check` never raise.

Mutated content (broken TOML, front matter, encodings, links, deleted and added files)
must be reported as diagnostics anchored in a real file, and whatever compiles must be
usable by the engine.

CI runs a small budget. For a long run::

    JAMFKB_FUZZ_EXAMPLES=5000 .venv/bin/python -m pytest tests/security/test_fuzz_content.py -q
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jamfkb.engine.consultation import Consultation
from jamfkb.kb.compiler import compile_tree
from jamfkb.tui.cli import main
from tests.security.support import fuzz_settings, source_tree, unsafe_chars
from tests.support import TINY, copy_tiny

# ------------------------------------------------------------------ strategies


FIELD_NAMES = [
    "kind", "aliases", "applies_to", "sources", "signatures", "problems", "resolutions",
    "evidence", "choices", "ask_first", "title", "summary", "phrasings", "signature",
    "question", "answer", "cf", "problem", "text", "doc", "revision", "unknown_field",
]


TOML_VALUES = [
    '"problem"', '"cause"', '"resolution"', '"question"', '"article"', '"nonsense"', '""',
    "'literal'", '"""multi\nline"""', "1", "0", "-1", "0.5", "-0.5", "1.5", "nan", "inf",
    "-inf", "true", "false", "1979-05-27", "07:32:00", "[]", '["a", "b"]', "[1, 2]",
    '["paper-jam"]', '["replace-toner", 3]', "{}", "{ paper-jam = 0.7 }",
    "{ paper-jam = 2 }", '{ text = "PRN-042 toner cartridge empty", cf = 0.9 }',
    '[{ text = "x", cf = 0 }]', '[{ doc = "d", revision = "2024-01" }]', '"\\u001b[2J"',
    '"[@click=app.quit]"', '"unterminated', "[1, ", "{ a = ", "= =", "0x1F", "1e400",
]


TABLE_HEADERS = ["[[evidence]]", "[evidence]", "[problems]", "[choices]", "[[signatures]]",
                 "[[", "[a.b]", "+++"]


IDS = ["paper-jam", "printer-broken", "toner-empty", "worn-roller", "driver-missing",
       "replace-toner", "toner-light", "new-computer", "nope", "Bad_ID", "", "kb:", "x" * 80]


hostile_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80
)


toml_key = st.one_of(st.sampled_from(FIELD_NAMES), st.from_regex(r"[A-Za-z0-9_-]{1,12}",
                                                                  fullmatch=True))


toml_value = st.one_of(st.sampled_from(TOML_VALUES), hostile_text.map(json.dumps))


toml_line = st.one_of(
    st.tuples(toml_key, toml_value).map(lambda kv: f"{kv[0]} = {kv[1]}"),
    st.sampled_from(TABLE_HEADERS),
    hostile_text,
)


random_id = st.one_of(st.sampled_from(IDS), st.from_regex(r"[a-z0-9-]{1,20}", fullmatch=True),
                      hostile_text)


bad_bytes = st.sampled_from([b"\xff", b"\xfe\xff", b"\xc3", b"\xc3(", b"\xed\xa0\x80",
                             b"\x00", b"\xef\xbb\xbf", b"\x1b[2J", b"\r", b"\r\n",
                             b"\xe2\x80\xa8", b"\x0c", b"\x85"])


def _lines(raw: bytes) -> list[bytes]:
    return raw.split(b"\n")


@st.composite
def mutation(draw: st.DrawFn, raw: bytes) -> bytes:
    """One hostile edit of a content file's bytes."""
    kind = draw(st.sampled_from([
        "fm_replace", "fm_drop_fence", "toml_line", "insert_text", "kb_link", "bytes",
        "bom", "utf16", "truncate", "duplicate", "swap_lines",
    ]))
    lines = _lines(raw)
    if kind == "fm_replace":
        fences = [i for i, line in enumerate(lines) if line.strip() == b"+++"]
        new = [line.encode() for line in draw(st.lists(toml_line, max_size=6))]
        if len(fences) >= 2:
            lines[fences[0] + 1 : fences[1]] = new
        else:
            lines[0:0] = new
        return b"\n".join(lines)
    if kind == "fm_drop_fence":
        fences = [i for i, line in enumerate(lines) if line.strip() == b"+++"]
        if fences:
            del lines[draw(st.sampled_from(fences))]
        return b"\n".join(lines)
    if kind == "toml_line":
        at = draw(st.integers(0, len(lines)))
        lines.insert(at, draw(toml_line).encode())
        return b"\n".join(lines)
    if kind == "insert_text":
        at = draw(st.integers(0, len(lines)))
        lines.insert(at, draw(st.text(max_size=200)).encode("utf-8", "surrogatepass"))
        return b"\n".join(lines)
    if kind == "kb_link":
        at = draw(st.integers(0, len(lines)))
        target = draw(random_id)
        label = draw(st.sampled_from(["x", "[nested]", "", "`code`"]))
        lines.insert(at, f"See [{label}](kb:{target}).".encode())
        return b"\n".join(lines)
    if kind == "bytes":
        at = draw(st.integers(0, len(raw)))
        return raw[:at] + draw(bad_bytes) + raw[at:]
    if kind == "bom":
        return b"\xef\xbb\xbf" + raw
    if kind == "utf16":
        return raw.decode("utf-8", "replace").encode(draw(st.sampled_from(
            ["utf-16", "utf-16-le", "utf-32"])))
    if kind == "truncate":
        return raw[: draw(st.integers(0, len(raw)))]
    if kind == "duplicate":
        at = draw(st.integers(0, max(len(lines) - 1, 0)))
        return b"\n".join(lines[: at + 1] + lines[at:])
    # swap_lines
    if len(lines) > 1:
        a = draw(st.integers(0, len(lines) - 1))
        b = draw(st.integers(0, len(lines) - 1))
        lines[a], lines[b] = lines[b], lines[a]
    return b"\n".join(lines)


def _line_bound(path: Path) -> int:
    """The last line a diagnostic may point at: one past the file's last line.

    Lines are counted both ways a reader might (newlines only, or every Unicode line
    break) and the larger count is allowed; that editors disagree is BUG-G, tested apart.
    """
    text = path.read_bytes().decode("utf-8", errors="replace")
    return max(text.count("\n"), len(text.splitlines())) + 1


def assert_diagnostics_sane(root: Path, diags: list) -> None:
    for d in diags:
        assert isinstance(d.message, str) and d.message
        assert d.severity in ("error", "warning")
        target = root / d.path
        assert target.exists() or target.is_symlink(), f"diagnostic for a missing file: {d}"
        assert d.line >= 1 and d.col >= 1, d
        if target.is_file():
            assert d.line <= _line_bound(target), f"line past the end of the file: {d}"


def _restore(work: Path, original: Path) -> None:
    """Put the work tree back as the original, file by file (cheaper than a new copy)."""
    for path in sorted(work.rglob("*"), reverse=True):
        rel = path.relative_to(work)
        src = original / rel
        if not src.exists():
            path.unlink() if path.is_file() or path.is_symlink() else shutil.rmtree(path)
    for src in original.rglob("*"):
        if src.is_file() and not src.name.endswith((".py", ".pyc")):
            dst = work / src.relative_to(original)
            data = src.read_bytes()
            if not dst.exists() or dst.read_bytes() != data:
                dst.parent.mkdir(parents=True, exist_ok=True)
                dst.write_bytes(data)


def _content_files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*")
                  if p.is_file() and p.suffix in (".toml", ".md")
                  and "__pycache__" not in p.parts)


@pytest.fixture(scope="module")
def real_work(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[str]]:
    src = source_tree()
    work = tmp_path_factory.mktemp("real") / "content"
    shutil.copytree(src, work, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    return src, work, _content_files(work)


@pytest.fixture(scope="module")
def tiny_work(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[str]]:
    work = copy_tiny(tmp_path_factory.mktemp("tiny"))
    return TINY, work, _content_files(work)


def _mutate_and_compile(data: st.DataObject, src: Path, work: Path, files: list[str],
                        max_files: int) -> None:
    try:
        for _ in range(data.draw(st.integers(1, max_files), label="files")):
            rel = data.draw(st.sampled_from(files), label="file")
            path = work / rel
            if not path.exists():
                continue
            action = data.draw(st.sampled_from(["mutate"] * 8 + ["delete", "add"]))
            if action == "delete":
                path.unlink()
            elif action == "add":
                name = data.draw(random_id, label="new id").translate({0: "_", 47: "_"})[:60] or "x"
                suffix = data.draw(st.sampled_from([".toml", ".en.md", ".fr.md", ".md"]))
                new = path.parent / f"{name}{suffix}"
                if not new.exists():
                    new.write_bytes(data.draw(mutation(path.read_bytes()), label="new"))
            else:
                path.write_bytes(data.draw(mutation(path.read_bytes()), label="edit"))
        kb, diags = compile_tree(work)
        assert_diagnostics_sane(work, diags)
        if kb is not None:
            # whatever compiles must also be usable by the engine
            consultation = Consultation.for_kb(kb)
            consultation.diagnose("paper jam toner PRN-042 toner cartridge empty")
        else:
            assert diags.has_errors
    finally:
        _restore(work, src)


# ------------------------------------------------------------------ compiler


@fuzz_settings(40)
@given(data=st.data())
def test_compiler_survives_mutated_real_content(real_work, data) -> None:
    src, work, files = real_work
    _mutate_and_compile(data, src, work, files, max_files=3)


@fuzz_settings(150)
@given(data=st.data())
def test_compiler_survives_mutated_tiny_fixture(tiny_work, data) -> None:
    src, work, files = tiny_work
    _mutate_and_compile(data, src, work, files, max_files=4)


@fuzz_settings(60)
@given(data=st.data())
def test_check_cli_never_raises(tiny_work, data, capsys) -> None:
    src, work, files = tiny_work
    try:
        for _ in range(data.draw(st.integers(1, 3))):
            path = work / data.draw(st.sampled_from(files))
            path.write_bytes(data.draw(mutation(path.read_bytes())))
        capsys.readouterr()
        code = main(["check", "--content", str(work)])
        assert code in (0, 1)
        captured = capsys.readouterr()
        assert unsafe_chars(captured.out) == []
        assert unsafe_chars(captured.err) == []
    finally:
        _restore(work, src)
