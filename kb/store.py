"""The compiled artifact: written atomically, checked on load, rebuilt when stale or corrupt.

Format: one JSON header line, then the payload: three sections (``kb.artifact_format``),
the core (nodes, rules, signatures; JSON), the matcher's folded texts (binary parts) and
the nodes' wordings (JSON), the last two decoded when first needed. The header carries the
schema version, the content hash, a cheap manifest key (paths, sizes, times), the
sections' lengths and the whole payload's SHA-256, so a stale, truncated or tampered
artifact is detected before any of it is used (the SHA-256 of 12 MB takes ~7 ms, in a
thread beside the decoding). Plain data rather than pickle or marshal: loading a
knowledge base never runs code.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from jamfkb.kb.artifact_format import WordingSection, from_sections, to_sections
from jamfkb.kb.diagnostics import DiagnosticList
from jamfkb.kb.model import SCHEMA_VERSION, KnowledgeBase
from jamfkb.kb.text import FOLD_VERSION
from jamfkb.kb.tree import classify, walk_files
from jamfkb.kb.userdirs import user_dir

MAGIC = "jamfkb-kb"


class ArtifactError(Exception):
    """The artifact cannot be used: missing, corrupt, stale or from another schema."""


def bundled_content_dir() -> Path:
    """The content shipped inside the package."""
    from importlib import resources  # 5 ms to import: only without --content

    return Path(str(resources.files("jamfkb.content")))


def cache_dir() -> Path:
    return user_dir("cache")


def current_umask() -> int:
    """The process umask; read from /proc where there is one, so it is never changed."""
    try:
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)  # no /proc (macOS): set and restore at once
    os.umask(mask)
    return mask


def atomic_write(path: Path, data: bytes, *, shared: bool = False) -> None:
    """Write ``data`` so that ``path`` holds either the old or the new bytes, never a mix.

    The file is private (0600) like every temporary file, unless ``shared``: then it gets
    the mode a plain ``open()`` would give (0666 minus the umask), for files a user hands
    on, such as an exported report."""
    import tempfile  # 4 ms to import: only when a file is written

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        if shared and hasattr(os, "fchmod"):  # POSIX; Windows has no such modes
            os.fchmod(fd, 0o666 & ~current_umask())
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(OSError):  # make the rename itself durable
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def write_error(path: Path, exc: OSError) -> str:
    """Why writing ``path`` failed, in words: "File exists" from ``mkdir`` means that a
    folder on the way is a file (JAMFKB_CACHE_DIR pointing at one), so name it."""
    if isinstance(exc, (FileExistsError, NotADirectoryError)):
        for folder in Path(path).parents:
            if folder.exists() or folder.is_symlink():
                if not folder.is_dir():
                    return f"{folder} is a file, not a folder"
                break
    return exc.strerror or str(exc)


@functools.lru_cache(maxsize=1)
def compiler_fingerprint() -> str:
    """A digest of every module of this package: the code that decides what a compiled
    knowledge base contains. A change to any of them (a rule weight, a new check, a new
    compiler stage) rebuilds cached artifacts, not only a change of content.

    The modules are listed from the folder, never by hand: a stage split off into a new
    module is covered without anyone remembering to add it."""
    return modules_fingerprint(Path(__file__).parent)


def modules_fingerprint(folder: Path) -> str:
    digest = hashlib.sha256()
    try:
        for module in sorted(p for p in folder.iterdir() if p.suffix == ".py"):
            digest.update(module.name.encode() + b"\0" + module.read_bytes())
    except OSError:  # frozen or zipped install: the schema and fold versions still count
        digest.update(b"unreadable")
    return digest.hexdigest()


def manifest_key(root: Path) -> str:
    """A cheap fingerprint of the tree: paths, sizes, modification and change times.

    Walks with ``os.scandir`` (whose entries carry their stat) rather than Path objects:
    this runs at every start and, in the app, every second while writers edit.
    """
    digest = hashlib.sha256(
        f"{SCHEMA_VERSION}:{FOLD_VERSION}:{compiler_fingerprint()}".encode()
    )
    entries: list[str] = []
    for rel, entry in walk_files(root):
        if classify(entry.name) is None:
            continue
        try:
            st = entry.stat()
            # ctime and inode too: `cp -p`, `rsync -a` and `tar` restore the mtime of a
            # same-size edit, but the change time moves whatever they do.
            entries.append(f"{rel}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ctime_ns}\0"
                           f"{st.st_ino}\n")
        except OSError:  # a dangling link: the compiler reports it
            entries.append(f"{rel}\0unreadable\n")
    # a name that is not UTF-8 is hashed as its bytes (the compiler reports it)
    digest.update("".join(entries).encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def dump(kb: KnowledgeBase, manifest: str = "") -> bytes:
    core, match, wordings = to_sections(kb)
    payload = core + match + wordings
    header = {
        "magic": MAGIC,
        "schema": SCHEMA_VERSION,
        "content_hash": kb.content_hash,
        "manifest": manifest,
        "core_bytes": len(core),
        "match_bytes": len(match),
        "payload_sha256": hashlib.sha256(payload).hexdigest(),
    }
    return json.dumps(header).encode() + b"\n" + payload


def write_artifact(path: Path, kb: KnowledgeBase, manifest: str = "") -> None:
    atomic_write(path, dump(kb, manifest))


def read_header(data: bytes) -> tuple[dict[str, object], memoryview]:
    """The header and the payload (a view: the 9 MB at ×100 are not copied)."""
    newline = data.find(b"\n")
    if newline < 0:
        raise ArtifactError("no header")
    return _parse_header(data[:newline]), memoryview(data)[newline + 1 :]


HEADER_LIMIT = 64 * 1024  # a header is ~300 bytes: a longer first line is no artifact


def _parse_header(line: bytes) -> dict[str, object]:
    try:
        header = json.loads(line)
    except ValueError as exc:
        raise ArtifactError("unreadable header") from exc
    if not isinstance(header, dict) or header.get("magic") != MAGIC:
        raise ArtifactError("not a jamfkb knowledge base")
    if header.get("schema") != SCHEMA_VERSION:
        raise ArtifactError(f"schema {header.get('schema')} is not {SCHEMA_VERSION}")
    return header


def read_artifact(path: Path, expect_manifest: str | Callable[[], str] | None = None
                  ) -> KnowledgeBase:
    """Load an artifact, or raise :class:`ArtifactError`; never returns half a knowledge base.

    The whole payload is checked against its SHA-256 (while the core is decoded, and
    before the base is returned); the matcher's texts and the wordings are decoded when
    first read (see ``kb.artifact_format``). An expected manifest given as a
    function (see ``kb.fingerprint_child``) is asked for last, so that its computing
    overlaps the checks and the decoding.

    Each section is read into its own buffer (slicing one buffer of the whole file
    copied 8.6 MB at ×100, 4 ms in a new process, its pages first touched), the
    wordings (5 MB) by the checksum's thread, while the core is decoded here."""
    try:
        file = open(path, "rb")  # noqa: SIM115 - closed by the checksum's thread
    except OSError as exc:
        raise ArtifactError(f"cannot read {path}: {exc.strerror or exc}") from exc
    try:
        line = file.readline(HEADER_LIMIT)
        if not line.endswith(b"\n"):
            raise ArtifactError("no header")
        header = _parse_header(line)
        if isinstance(expect_manifest, str) and header.get("manifest") != expect_manifest:
            raise ArtifactError("stale: the content changed")
        core_bytes, match_bytes = header.get("core_bytes"), header.get("match_bytes")
        # the header is outside the checksum: lengths beyond the file would have the
        # reads below reserve them (a MemoryError at every start), so they are checked
        payload_size = os.fstat(file.fileno()).st_size - file.tell()
        if not (type(core_bytes) is int and type(match_bytes) is int
                and core_bytes > 0 and match_bytes > 0
                and core_bytes + match_bytes <= payload_size):
            raise ArtifactError("corrupt: bad section lengths")
        core, match = file.read(core_bytes), file.read(match_bytes)
        wordings_size = payload_size - core_bytes - match_bytes
    except OSError as exc:
        file.close()
        raise ArtifactError(f"cannot read {path}: {exc.strerror or exc}") from exc
    except BaseException:
        file.close()
        raise
    on_damage = functools.partial(_discard, Path(path))
    wordings = WordingSection(b"", on_damage, wordings_size)
    checksum = _sha256_beside(core, match, file, wordings)

    def check_sum() -> None:
        if checksum() != header.get("payload_sha256"):
            raise ArtifactError("corrupt: the payload does not match its checksum")

    if len(core) != core_bytes or len(match) != match_bytes:
        check_sum()
        raise ArtifactError("corrupt: bad section lengths")
    try:
        kb = from_sections(core, match, wordings, on_damage)
    except (ValueError, KeyError, TypeError, IndexError, AttributeError, RecursionError) as exc:
        check_sum()  # a damaged file is said to be one first
        raise ArtifactError(f"corrupt: {exc}") from exc
    check_sum()  # before anything of it is used
    if kb.content_hash != header.get("content_hash"):
        raise ArtifactError("corrupt: content hash mismatch")
    if callable(expect_manifest) and header.get("manifest") != expect_manifest():
        raise ArtifactError("stale: the content changed")
    return kb


def _sha256_beside(core: bytes, match: bytes, rest: BinaryIO,
                   wordings: WordingSection) -> Callable[[], str]:
    """The hexadecimal SHA-256 of the payload, computed in a thread while the caller
    decodes the core: the thread reads the rest of the file (the wordings, given to
    their section) and hashes, both letting go of the interpreter lock, so the two run
    on two cores (×100: 7 ms of hashing and 4 of reading hidden). The caller waits
    for it (``result``) before anything of the base is used."""
    digest: list[str] = []

    def compute() -> None:
        try:
            with rest:
                data = rest.read()
        except OSError:
            return  # no digest: the checksum fails, the artifact is rebuilt
        wordings.data = data
        sha = hashlib.sha256(core)
        sha.update(match)
        sha.update(data)
        digest.append(sha.hexdigest())

    thread: threading.Thread | None = threading.Thread(target=compute, daemon=True,
                                                       name="jamfkb-checksum")
    try:
        thread.start()
    except RuntimeError:  # no thread left in this process: here, then
        thread = None
        compute()

    def result() -> str:
        if thread is not None:
            thread.join()
        return digest[0] if digest else ""

    return result


def _discard(path: Path) -> None:
    """Delete an artifact found damaged after it was loaded (a node's wordings did not
    decode although the checksum matched): the next start rebuilds it."""
    with contextlib.suppress(OSError):
        path.unlink()


# Files read for each content root this process compiled: a live-reloading app then
# parses only what changed (×100: 3.6 s cold, see docs/BENCHMARKS.md for one edit).
_READ_CACHES: dict[str, dict[str, Any]] = {}
_READ_LOCK = threading.Lock()


@dataclass(slots=True)
class LoadResult:
    kb: KnowledgeBase | None
    diagnostics: DiagnosticList
    from_cache: bool
    root: Path
    manifest: str = ""  # the fingerprint of the tree this result was made from


def artifact_path_for(root: Path) -> Path:
    key = hashlib.sha256(os.fsencode(root.resolve())).hexdigest()[:16]
    return cache_dir() / f"kb-{key}.json"


def load(
    root: Path | None = None, *, use_cache: bool = True,
    manifest: str | Callable[[], str] | None = None,
    write_behind: bool = False,
) -> LoadResult:
    """The knowledge base of a content tree, from the cache when it is fresh.

    A stale or corrupt cache is rebuilt. A cache that cannot be written is not an error:
    the knowledge base is simply compiled in memory. ``manifest`` passes a fingerprint
    the caller just computed (live reload), so the tree is not walked twice.
    A function (``kb.fingerprint_child``) is asked for it once the cache is decoded.
    ``write_behind`` writes the new artifact in the background (live reload, where the
    user waits for the reloaded base, not for the cache).
    """
    root = Path(root) if root is not None else bundled_content_dir()
    if not root.is_dir():
        diags = DiagnosticList()
        diags.error(".", 1, "content folder not found")  # "." is the root itself
        return LoadResult(None, diags, False, root)
    artifact = artifact_path_for(root)
    if manifest is None:
        manifest = manifest_key(root)
    if use_cache:
        with contextlib.suppress(ArtifactError):
            kb = read_artifact(artifact, manifest)
            return LoadResult(kb, DiagnosticList(), True, root,
                              manifest if isinstance(manifest, str) else manifest())
    if not isinstance(manifest, str):
        manifest = manifest()
    from jamfkb.kb.compiler import compile_tree  # only when the cache cannot serve: it is heavier

    with _READ_LOCK:  # one compile of a tree at a time shares the tree's read cache
        kb, diags = compile_tree(root, _READ_CACHES.setdefault(str(root.resolve()), {}))
    if kb is not None and use_cache:
        if write_behind:  # the app shows the reloaded base now; the cache follows
            threading.Thread(target=_save, args=(artifact, kb, manifest), daemon=True,
                             name="jamfkb-cache-write").start()
        else:
            _save(artifact, kb, manifest)
    return LoadResult(kb, diags, False, root, manifest)


STALE_TEMP_SECONDS = 3600  # a write still unfinished after an hour was killed


def _save(artifact: Path, kb: KnowledgeBase, manifest: str) -> None:
    with contextlib.suppress(OSError):
        write_artifact(artifact, kb, manifest)
    remove_stale_temp_files(artifact.parent)


def remove_stale_temp_files(folder: Path, max_age: float = STALE_TEMP_SECONDS) -> int:
    """Delete the temporary files of writes that were killed (``.NAME.*.tmp``, full-size
    copies of an artifact that would otherwise stay for ever). Returns how many."""
    removed = 0
    now = time.time()
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            if not (entry.name.startswith(".") and entry.name.endswith(".tmp")):
                continue
            with contextlib.suppress(OSError):
                if entry.is_file(follow_symlinks=False) and \
                        now - entry.stat(follow_symlinks=False).st_mtime > max_age:
                    os.unlink(entry.path)
                    removed += 1
    return removed
