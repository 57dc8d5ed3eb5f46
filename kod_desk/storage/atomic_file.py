"""The one atomic file write of the code base (services/files.py turns its OSError into German).

It lives in storage so that the backups (storage/chunk_store.py) write their manifests the same
way the exports and reports do; services may import storage, not the other way round.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def write_atomically(
    path: Path,
    data: bytes,
    *,
    make_parents: bool = False,
    temporary: Path | None = None,
    sync_parent: bool = True,
) -> Path:
    """Write via a temporary file and a rename: a full disk leaves no half-written file, and
    an existing file of that name stays as it was until the new one is complete.

    The file is flushed to the disk before the rename and the folder after it, so a power cut
    right after leaves the old or the new file, never an empty one. ``make_parents`` creates
    missing folders. ``temporary`` names the file written first (writers of the same name at
    once need their own); ``sync_parent=False`` leaves the folder's flush to the caller (one
    for many files). Raises OSError and leaves nothing behind when any step fails.
    """
    if temporary is None:
        temporary = path.with_name(f".{path.name}.tmp")
    try:
        if make_parents:
            path.parent.mkdir(parents=True, exist_ok=True)
        with temporary.open("wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
        raise
    if sync_parent:
        sync_folder(path.parent)
    return path


def sync_folder(folder: Path) -> None:
    """Flush the folder's entry of a renamed file to the disk (POSIX; Windows cannot open a
    folder as a file and flushes the rename itself). The file is complete either way, so a
    failure here is ignored."""
    if os.name == "nt":
        return
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(descriptor)
    finally:
        os.close(descriptor)
