"""Deduplicated backups (issue 15): a backup as a list of zstd-compressed parts shared with the
other backups of its folder.

SQLite's backup API copies the database page by page, so two backups an hour apart differ only
in the pages the hour's writes touched. The verified plain copy is cut into parts of
:data:`CHUNK_BYTES` (a whole number of database pages, read from the SQLite header), each part
is stored once as ``<backups>/chunks/<2 hex>/<sha256>.zst`` and the backup itself is a small
manifest ``<stem>-<time>-<reason>.sqlite.chunks``: format version, page size, the plain size
and SHA-256, and the SHA-256 of each part in order.

- A part is written under a temporary name, flushed and renamed: a crash never leaves half a
  part under its final name. A part already in the store is reused only when it reads back to
  its hash; a damaged one is written again (the next backup heals it).
- The manifest is written with the one ``write_atomically`` (storage/atomic_file.py) after all
  its parts are on the disk.
- Expanding checks every part's hash and the whole file's hash; a missing or damaged part is a
  German DatabaseError naming it.
- :func:`collect_garbage` deletes the parts no manifest in the folder names (after a rotation,
  after a purge re-wrote a backup: a purged person's data stays in no part on the disk).

Writers and the garbage collection of one folder take :func:`folder_lock` (a thread lock and an
OS lock on ``chunks/.lock``), so the collection never deletes a part a backup being written
right now will name: the manifest is on the disk before the lock is released.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import zstandard

from kod_desk.domain.errors import DatabaseError
from kod_desk.storage.atomic_file import sync_folder, write_atomically
from kod_desk.storage.instance_lock import try_lock, unlock

SUFFIX = ".chunks"
MAGIC = b"KOD-Desk-Sicherungsteile\n"
VERSION = 1
CHUNKS = "chunks"
# 256 KiB: 64 pages of 4 KiB. Smaller parts share more between backups but make more files;
# bench/storage_weight.py prints what a backup after an hour's incidents adds at this size.
CHUNK_BYTES = 256 * 1024
LEVEL = 3  # as the whole-file backups (storage/compression.py)
LOCK_WAIT_SECONDS = 600.0
_HEX = re.compile(r"[0-9a-f]{64}")
_PAGE_SIZE_OFFSET = 16  # big-endian 2 bytes in the SQLite header; 1 means 65536


@dataclass(frozen=True)
class Manifest:
    page_size: int
    chunk_bytes: int
    size: int
    sha256: str
    stored: int  # compressed bytes of its parts (what it would take alone)
    chunks: tuple[str, ...]

    def encode(self) -> bytes:
        header = {
            "version": VERSION,
            "page_size": self.page_size,
            "chunk_bytes": self.chunk_bytes,
            "size": self.size,
            "sha256": self.sha256,
            "stored": self.stored,
            "chunks": len(self.chunks),
        }
        lines = [json.dumps(header, sort_keys=True), *self.chunks]
        return MAGIC + ("\n".join(lines) + "\n").encode("ascii")


def is_manifest(path: Path) -> bool:
    """The file starts like a manifest (False when it cannot be read)."""
    try:
        with path.open("rb") as handle:
            return handle.read(len(MAGIC)) == MAGIC
    except OSError:
        return False


def chunk_path(folder: Path, digest: str) -> Path:
    return folder / CHUNKS / digest[:2] / f"{digest}.zst"


def page_size(plain: Path) -> int:
    """The page size in the SQLite header of ``plain`` (4096 when it cannot be read)."""
    with plain.open("rb") as handle:
        header = handle.read(100)
    if len(header) < 100 or not header.startswith(b"SQLite format 3\x00"):
        return 4096
    value = int.from_bytes(header[_PAGE_SIZE_OFFSET : _PAGE_SIZE_OFFSET + 2], "big")
    return 65536 if value == 1 else value


_THREAD_LOCKS: dict[str, threading.RLock] = {}
_THREAD_LOCKS_GUARD = threading.Lock()


@contextlib.contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """Exclusive use of ``folder``'s part store: across threads and KOD Desk processes."""
    store = folder / CHUNKS
    store.mkdir(parents=True, exist_ok=True)
    with _THREAD_LOCKS_GUARD:
        thread_lock = _THREAD_LOCKS.setdefault(str(store.resolve()), threading.RLock())
    with thread_lock:
        handle = open(store / ".lock", "a+", encoding="utf-8")  # noqa: SIM115 - held below
        try:
            deadline = time.monotonic() + LOCK_WAIT_SECONDS
            while not try_lock(handle):
                if time.monotonic() > deadline:
                    raise TimeoutError(f"{store} ist von einer anderen Sicherung belegt")
                time.sleep(0.05)
            try:
                yield
            finally:
                unlock(handle)
        finally:
            handle.close()


def store(plain: Path, target: Path) -> Manifest:
    """Store the plain SQLite file ``plain`` as parts beside ``target`` and write the manifest
    ``target``. Raises OSError when the disk fails, DatabaseError when a part does not read
    back; parts already written stay (the next garbage collection removes them)."""
    folder = target.parent
    size_of_page = page_size(plain)
    chunk_bytes = max(CHUNK_BYTES, size_of_page)  # both powers of two: page-aligned
    whole = hashlib.sha256()
    digests: list[str] = []
    stored = 0
    written: set[Path] = set()
    compressor = zstandard.ZstdCompressor(level=LEVEL, write_checksum=True)
    with folder_lock(folder):
        with plain.open("rb") as source:
            while data := source.read(chunk_bytes):
                whole.update(data)
                digest = hashlib.sha256(data).hexdigest()
                size, new = _put(folder, digest, data, compressor)
                stored += size
                digests.append(digest)
                if new:
                    written.add(chunk_path(folder, digest).parent)
        for directory in [*written, folder / CHUNKS] if written else []:
            sync_folder(directory)  # the new parts' names, before a list names them
        manifest = Manifest(
            size_of_page,
            chunk_bytes,
            plain.stat().st_size,
            whole.hexdigest(),
            stored,
            tuple(digests),
        )
        write_atomically(target, manifest.encode())
    return manifest


def _put(
    folder: Path, digest: str, data: bytes, compressor: zstandard.ZstdCompressor
) -> tuple[int, bool]:
    """Make sure the part ``digest`` is in the store; its compressed size, and whether it was
    written now."""
    path = chunk_path(folder, digest)
    try:
        existing = path.read_bytes()
    except FileNotFoundError:
        existing = None
    if existing is not None and _content(existing) == data:
        return len(existing), False
    packed = compressor.compress(data)
    if _content(packed) != data:
        raise DatabaseError(f"Sicherungsteil {digest[:12]}: die komprimierte Kopie weicht ab.")
    # Its own temporary name (two threads may store the same part); the parts' folders are
    # flushed once, before a part list names them.
    temporary = path.with_name(f"{path.name}.{os.getpid()}-{threading.get_ident()}.partial")
    write_atomically(path, packed, make_parents=True, temporary=temporary, sync_parent=False)
    return len(packed), True


def _content(packed: bytes) -> bytes | None:
    try:
        return zstandard.ZstdDecompressor().decompress(packed)
    except zstandard.ZstdError:
        return None


def _damaged(label: str, detail: str) -> DatabaseError:
    return DatabaseError(f"Sicherung {label} ist beschädigt oder unvollständig ({detail}).")


def read_manifest(path: Path, label: str) -> Manifest:
    """The manifest ``path``; DatabaseError (German) when it is damaged or too new."""
    data = path.read_bytes()
    if not data.startswith(MAGIC):
        raise _damaged(label, "keine Teile-Liste einer Sicherung")
    lines = data[len(MAGIC) :].decode("ascii", "replace").splitlines()
    try:
        header = json.loads(lines[0]) if lines else None
    except ValueError:
        header = None
    if not isinstance(header, dict):
        raise _damaged(label, "Kopf der Teile-Liste unlesbar")
    version = header.get("version")
    if isinstance(version, int) and version > VERSION:
        raise DatabaseError(
            f"Sicherung {label} stammt von einer neueren KOD-Desk-Version (Format {version}); "
            "bitte KOD Desk aktualisieren."
        )
    chunks = tuple(lines[1:])
    fields = ("page_size", "chunk_bytes", "size", "stored", "chunks")
    if (
        version != VERSION
        or not all(isinstance(header.get(f), int) for f in fields)
        or not isinstance(header.get("sha256"), str)
        or header["chunks"] != len(chunks)
        or not all(_HEX.fullmatch(c) for c in chunks)
    ):
        raise _damaged(label, "Teile-Liste unvollständig")
    return Manifest(
        header["page_size"],
        header["chunk_bytes"],
        header["size"],
        header["sha256"],
        header["stored"],
        chunks,
    )


def stored_size(path: Path) -> int | None:
    """The compressed size a manifest names (its first lines only; None when unreadable)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(len(MAGIC) + 4096)
    except OSError:
        return None
    if not head.startswith(MAGIC):
        return None
    try:
        header = json.loads(head[len(MAGIC) :].split(b"\n", 1)[0])
    except ValueError:
        return None
    stored = header.get("stored") if isinstance(header, dict) else None
    return stored if isinstance(stored, int) else None


def expand(manifest_path: Path, target: Path, label: str) -> None:
    """Write the plain content of the backup ``manifest_path`` to ``target``, every part and
    the whole checked against their hashes.

    Raises DatabaseError (German, naming ``label``) when the manifest or a part is missing or
    damaged; OSError when the disk fails. The caller removes ``target`` on failure.
    """
    manifest = read_manifest(manifest_path, label)
    folder = manifest_path.parent
    whole = hashlib.sha256()
    count = len(manifest.chunks)
    written = 0
    with target.open("wb") as output:
        for number, digest in enumerate(manifest.chunks, 1):
            path = chunk_path(folder, digest)
            try:
                packed = path.read_bytes()
            except FileNotFoundError:
                raise _damaged(
                    label,
                    f"Teil {number} von {count} fehlt in {folder / CHUNKS}; eine Sicherung "
                    f"aus Teilen braucht den Ordner „{CHUNKS}“ neben sich – bitte den ganzen "
                    "Sicherungsordner kopieren",
                ) from None
            data = _content(packed)
            if data is None or hashlib.sha256(data).hexdigest() != digest:
                raise _damaged(label, f"Teil {number} von {count} ({path.name}) ist beschädigt")
            whole.update(data)
            output.write(data)
            written += len(data)
    if written != manifest.size or whole.hexdigest() != manifest.sha256:
        raise _damaged(label, "die zusammengesetzte Datei weicht ab")


def referenced(folder: Path) -> set[str]:
    """The parts named by any manifest in ``folder`` (of every database that keeps its backups
    there; a damaged manifest's readable lines count too, to be safe)."""
    names: set[str] = set()
    for entry in folder.iterdir():
        if not entry.name.endswith(SUFFIX) or not is_manifest(entry):
            continue
        text = entry.read_bytes()[len(MAGIC) :].decode("ascii", "replace")
        names.update(line for line in text.splitlines() if _HEX.fullmatch(line))
    return names


def collect_garbage(folder: Path) -> list[Path]:
    """Delete the parts no manifest in ``folder`` names, and parts left half-written by a
    backup that died; returns what was deleted. Raises OSError when the folder cannot be read
    (then nothing is deleted)."""
    store_dir = folder / CHUNKS
    if not store_dir.is_dir():
        return []
    removed: list[Path] = []
    with folder_lock(folder):
        keep = referenced(folder)
        for directory in store_dir.iterdir():
            if not directory.is_dir():
                continue
            for entry in directory.iterdir():
                name = entry.name
                # Under the lock no backup is writing: every ".partial" is a dead one's.
                stale = name.endswith(".partial")
                unused = name.endswith(".zst") and name[: -len(".zst")] not in keep
                if stale or unused:
                    with contextlib.suppress(OSError):
                        entry.unlink()
                        removed.append(entry)
    return removed
