"""One KOD Desk per SQLite file, and no SQLite file on a network or cloud folder (DESIGN.md §11).

The lock is ``<database>.lock``: an OS lock on the open file (``fcntl.flock`` on POSIX,
``msvcrt.locking`` on Windows) plus who holds it (pid, user, host, since) as JSON for the
message the second instance shows. The OS drops the lock when the process ends, however it ends,
so a lock left by a crashed KOD Desk is simply taken over.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import socket
import sys
from datetime import datetime
from pathlib import Path
from typing import IO

from kod_desk.domain.errors import DatabaseError
from kod_desk.domain.storage_rules import (
    InstanceLockedError,
    location_refusal,
    locked_message,
    parse_mountinfo,
)
from kod_desk.domain.storage_rules import fs_type_of as _fs_type_of

# Windows locks a byte region; far beyond the JSON so the text stays readable meanwhile.
_WINDOWS_LOCK_OFFSET = 1 << 20
# Locks this process holds (path → open file, holders): a second holder in the same process
# (a restore started by the window, tests with two windows) shares it instead of being refused.
_HELD: dict[str, tuple[IO[str], int]] = {}


def lock_path(database: Path) -> Path:
    return database.with_name(database.name + ".lock")


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unbekannt"


class InstanceLock:
    """An exclusive lock on ``<database>.lock``; ``release()`` or process exit frees it."""

    def __init__(self, database: Path, *, in_app: bool = True) -> None:
        self.path = lock_path(database)
        self._handle: IO[str] | None = None
        self._in_app = in_app

    def acquire(self) -> InstanceLock:
        key = str(self.path.resolve())
        if key in _HELD:
            handle, holders = _HELD[key]
            _HELD[key] = (handle, holders + 1)
            self._handle = handle
            return self
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 - held until release
        if not try_lock(handle):
            handle.seek(0)
            try:
                owner = json.loads(handle.read() or "{}")
            except ValueError:
                owner = {}
            handle.close()
            raise InstanceLockedError(locked_message(owner, in_app=self._in_app))
        owner = {
            "pid": str(os.getpid()),
            "user": _user(),
            "host": socket.gethostname(),
            "since": datetime.now().strftime("%d.%m.%Y %H:%M"),
        }
        # Who holds the lock is a courtesy for the next one; the lock holds without it (a full
        # disk must not turn a held lock into an error).
        with contextlib.suppress(OSError):
            handle.seek(0)
            handle.truncate()
            handle.write(json.dumps(owner))
            handle.flush()
        self._handle = handle
        _HELD[key] = (handle, 1)
        return self

    @property
    def held(self) -> bool:
        return self._handle is not None

    def release(self) -> None:
        handle, self._handle = self._handle, None
        if handle is None:
            return
        key = str(self.path.resolve())
        _, holders = _HELD.pop(key, (handle, 1))
        if holders > 1:
            _HELD[key] = (handle, holders - 1)
            return
        with contextlib.suppress(OSError):
            handle.seek(0)
            handle.truncate()
            handle.flush()
        unlock(handle)
        with contextlib.suppress(OSError):  # a courtesy note a full disk could not take
            handle.close()


def try_lock(handle: IO[str]) -> bool:
    """Take the OS lock on an open file without waiting (flock; on Windows one byte far past
    any content, so the file stays readable); whether it was free."""
    if sys.platform == "win32":
        import msvcrt

        handle.seek(_WINDOWS_LOCK_OFFSET)
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def unlock(handle: IO[str]) -> None:
    if sys.platform == "win32":
        import msvcrt

        handle.seek(_WINDOWS_LOCK_OFFSET)
        with contextlib.suppress(OSError):
            msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


# ---------------------------------------------------------------- network and cloud folders


def _existing(path: Path) -> Path:
    while not path.exists() and path.parent != path:
        path = path.parent
    return path


def _linux_fs_type(path: Path) -> str | None:
    try:
        text = Path("/proc/self/mountinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    return _fs_type_of(str(_existing(path).resolve()), parse_mountinfo(text))


def _windows_remote_drive(path: Path) -> bool:
    if sys.platform != "win32":
        return False
    import ctypes

    drive = Path(path).drive
    if not drive or not drive.endswith(":"):
        return False
    try:
        kind = ctypes.windll.kernel32.GetDriveTypeW(f"{drive}\\")
    except (AttributeError, OSError):
        return False
    return bool(kind == 4)  # DRIVE_REMOTE


def check_location(database: Path) -> None:
    """Refuse a SQLite file on a network drive or in a cloud-synchronised folder."""
    text = str(database)
    fs_type = _linux_fs_type(database) if sys.platform.startswith("linux") else None
    refusal = location_refusal(text, fs_type=fs_type, remote_drive=_windows_remote_drive(database))
    if refusal:
        raise DatabaseError(refusal)
