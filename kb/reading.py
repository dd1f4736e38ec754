"""Stage 1 of the compiler: find the content files of a tree and read each one.

Each file is decoded (UTF-8, no NUL) and parsed (logic TOML, or wording front matter and
body) with the line of every key kept, so that later stages report at ``file:line``.
Nothing here knows what a field means: that is :mod:`jamfkb.kb.validation`.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jamfkb.kb import markdown, tomlsrc
from jamfkb.kb.diagnostics import DiagnosticList
from jamfkb.kb.model import SCHEMA_VERSION
from jamfkb.kb.tree import classify, walk_files

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_FILE_SIZE = 1024 * 1024  # a content file is an article, not a data dump


@dataclass(slots=True)
class LogicFile:
    id: str
    path: str
    data: dict[str, Any]
    lines: dict[str, int]
    text: str = ""  # the file, for columns inside a value

    def col_of(self, key: str, value: str, offset: int = 0) -> int:
        """The column of ``value[offset]`` on the line of ``key`` (1 when not found)."""
        lines = self.text.splitlines()
        line = self.line(key)
        if not 0 < line <= len(lines):
            return 1
        at = lines[line - 1].find(value)
        return at + 1 + offset if at >= 0 else 1

    def line(self, key: str) -> int:
        # fall back to the enclosing table, then to the top of the file
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key.rsplit(".", 1)[0] if "." in key else ""
        return 1


@dataclass(slots=True)
class WordingFile:
    id: str
    lang: str
    path: str
    data: dict[str, Any]
    lines: dict[str, int]
    fm_first_line: int
    body: str
    body_line: int
    outline: markdown.BodyOutline | None = None
    front_matter: str = ""  # the TOML text between the fences
    derived: Any = None  # the Wording built from this file (kb.deriving), kept with it

    def line(self, key: str) -> int:
        if key in self.lines:
            return self.lines[key] + self.fm_first_line - 1
        return 1


@dataclass(slots=True)
class Tree:
    """Everything read from a content root, before linking."""

    root: Path
    logic: dict[str, LogicFile] = field(default_factory=dict)
    wording: dict[tuple[str, str], WordingFile] = field(default_factory=dict)
    content_hash: str = ""
    # IDs whose logic file exists but could not be used (already reported): references
    # to them are not reported again, so one mistake gives one message.
    broken: set[str] = field(default_factory=set)


@dataclass(slots=True)
class CachedFile:
    """What reading one file gave, kept while the file is unchanged (same size, times
    and inode): its digest, its text or the errors that stopped it, and once parsed the
    parsed file with the errors of parsing."""

    stamp: tuple[int, int, int, int]
    digest: bytes
    text: str | None
    decode_errors: DiagnosticList
    parsed: LogicFile | WordingFile | None = None
    parse_errors: DiagnosticList | None = None


# rel path → what was read; a live-reloading app keeps one per content root, so that one
# edited file costs one file's parse (Markdown parsing is 60% of a cold compile at ×100).
ReadCache = dict[str, CachedFile]


def read_tree(root: Path, diags: DiagnosticList, cache: ReadCache | None = None) -> Tree:
    tree = Tree(root=root)
    digest = hashlib.sha256(f"schema:{SCHEMA_VERSION}".encode())
    seen: dict[tuple[str, str, str], str] = {}
    skipped: list[tuple[Path, str]] = []
    present: set[str] = set()
    for rel, entry_of_dir in walk_files(root, skipped):
        if not _utf8_name(rel):
            diags.error(rel, 1, "file or folder name is not valid UTF-8: rename it")
            continue
        kind = classify(entry_of_dir.name)
        if kind is None:
            # ID.fr.markdown, ID.EN.md, notes.txt: a writer's file the app never reads
            diags.warning(rel, 1, "not part of the knowledge base: a node is ID.toml, "
                          "ID.en.md and ID.fr.md")
            continue
        node_id, role, lang = kind
        entry = _read_file(entry_of_dir, rel, diags, cache)
        if entry is None:
            if role == "logic":  # the node exists, unreadable: its error is the only one
                tree.broken.add(node_id)
            continue
        present.add(rel)
        digest.update(rel.encode() + b"\0" + entry.digest + b"\0")
        diags.extend(entry.decode_errors)
        if entry.text is None:
            if role == "logic":
                tree.broken.add(node_id)
            continue
        if not ID_PATTERN.match(node_id):
            diags.error(rel, 1, f"invalid ID '{node_id}': use lowercase letters, digits and "
                        "dashes, as in 'cause-4'")
            continue
        key = (node_id, role, lang)
        if key in seen:
            diags.error(rel, 1, f"duplicate ID '{node_id}': also defined in {seen[key]}:1")
            continue
        seen[key] = rel
        if entry.parse_errors is None:
            entry.parse_errors = DiagnosticList()
            entry.parsed = (_read_logic(node_id, rel, entry.text, entry.parse_errors)
                            if role == "logic" else
                            _read_wording(node_id, lang, rel, entry.text, entry.parse_errors))
        diags.extend(entry.parse_errors)
        if isinstance(entry.parsed, LogicFile):
            tree.logic[node_id] = entry.parsed
        elif isinstance(entry.parsed, WordingFile):
            tree.wording[(node_id, lang)] = entry.parsed
        elif role == "logic":
            tree.broken.add(node_id)
    if cache is not None:
        for gone in set(cache) - present:
            del cache[gone]
    for folder, why in skipped:
        shown = folder.relative_to(root).as_posix() if folder != root else "."
        diags.warning(shown, 1, why)
    tree.content_hash = digest.hexdigest()
    return tree


def _read_file(found: os.DirEntry[str], rel: str, diags: DiagnosticList,
               cache: ReadCache | None) -> CachedFile | None:
    """The file's digest and text, from the cache while it is unchanged."""
    try:
        st = found.stat()  # follows a link to a file, as reading it does
    except OSError as exc:
        diags.error(rel, 1, f"cannot read file: {exc.strerror or exc}")
        return None
    if not stat.S_ISREG(st.st_mode):
        diags.error(rel, 1, "not a regular file")
        return None
    if st.st_size > MAX_FILE_SIZE:
        diags.error(rel, 1, f"file is too large ({st.st_size} bytes; the limit is "
                    f"{MAX_FILE_SIZE})")
        return None
    stamp = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
    known = cache.get(rel) if cache is not None else None
    if known is not None and known.stamp == stamp:
        return known
    try:
        with open(found.path, "rb") as handle:
            raw = handle.read()
    except OSError as exc:
        diags.error(rel, 1, f"cannot read file: {exc.strerror or exc}")
        return None
    errors = DiagnosticList()
    entry = CachedFile(stamp, hashlib.sha256(raw).digest(), _decode(raw, rel, errors), errors)
    if cache is not None:
        cache[rel] = entry
    return entry


def _utf8_name(rel: str) -> bool:
    """False for a name with bytes that are not UTF-8 (Python keeps them as surrogates)."""
    try:
        rel.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _decode(raw: bytes, rel: str, diags: DiagnosticList) -> str | None:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        diags.error(rel, line, f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})", col)
        return None
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        diags.error(rel, line, "file contains a NUL character")
        return None
    return text


def _read_logic(node_id: str, rel: str, text: str, diags: DiagnosticList) -> LogicFile | None:
    data, err = tomlsrc.parse(text)
    if err is not None:
        diags.error(rel, err.line, f"invalid TOML: {err.message}", err.col)
        return None
    assert data is not None
    return LogicFile(node_id, rel, data, tomlsrc.key_lines(text), text)


def _read_wording(
    node_id: str, lang: str, rel: str, text: str, diags: DiagnosticList
) -> WordingFile | None:
    split = tomlsrc.split_front_matter(text)
    if isinstance(split, tomlsrc.TomlError):
        diags.error(rel, split.line, split.message, split.col)
        return None
    data, err = tomlsrc.parse(split.text)
    if err is not None:
        diags.error(rel, err.line + split.first_line - 1,
                    f"invalid TOML in front matter: {err.message}", err.col)
        return None
    assert data is not None
    return WordingFile(
        id=node_id,
        lang=lang,
        path=rel,
        data=data,
        lines=tomlsrc.key_lines(split.text),
        fm_first_line=split.first_line,
        body=split.body,
        body_line=split.body_line,
        front_matter=split.text,
    )
