"""Where a SQLite database may live, and which backups to keep (DESIGN.md §11). Pure decisions.

The storage layer probes the file system (mount table, drive type) and asks these functions;
nothing here touches a disk.

Backup rotation (folder ``backups/`` next to the database):

- automatic backups (``start``, ``stuendlich``): the newest of each hour in the 24 hours before
  the newest backup, and the newest of each of the last 7 days that hold one (counted by days
  with backups, so a fortnight without work does not empty the folder);
- backups made for a reason (``vor-update-…``, ``vor-import``, ``vor-wiederherstellung``) and by
  hand (``manuell``): 30 days;
- the newest backup is never removed, whatever its age;
- except the backup before a retention purge (``vor-loeschung``): it holds the personal data the
  purge removed and is kept only :data:`KEEP_BEFORE_PURGE` (7 days, long enough to undo a purge
  run with a wrong period; README, Datenschutz), then removed even when it is the newest.
  Until then later purges leave it as it is (it is their undo); every other backup is re-written
  without the purged persons (services/backups.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import PurePath

from kod_desk.domain.errors import DatabaseError

# File system types of network and remote mounts (Linux /proc/self/mountinfo, field 9).
NETWORK_FS_TYPES = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb",
        "smb2",
        "smb3",
        "smbfs",
        "ncpfs",
        "afs",
        "9p",
        "ceph",
        "glusterfs",
        "lustre",
        "gfs2",
        "ocfs2",
        "davfs",
        "fuse.sshfs",
        "sshfs",
        "fuse.davfs2",
        "fuse.rclone",
        "fuse.s3fs",
        "fuse.gcsfuse",
        "fuse.glusterfs",
        "fuse.cephfs",
        "fuse.onedriver",
        "fuse.google-drive-ocamlfuse",
    }
)

# Folder names of cloud-synchronising clients (compared case-insensitively, by prefix where
# the client appends the account: "OneDrive - Stadt", "Dropbox (Stadt)", "Nextcloud2").
CLOUD_FOLDER_PREFIXES = (
    "onedrive",
    "dropbox",
    "google drive",
    "googledrive",
    "my drive",
    "meine ablage",
    "icloud drive",
    "iclouddrive",
    "icloud~",
    "mobile documents",
    "nextcloud",
    "owncloud",
    "seafile",
    "pcloud",
    "magentacloud",
    "box sync",
    "sync.com",
    "tresorit",
)

AUTOMATIC_REASONS = frozenset({"start", "stuendlich"})
KEEP_HOURLY = 24
KEEP_DAILY = 7
KEEP_REASONED = timedelta(days=30)
PURGE_REASON = "vor-loeschung"
KEEP_BEFORE_PURGE = timedelta(days=7)


def is_network_fs(fs_type: str) -> bool:
    kind = fs_type.strip().lower()
    return kind in NETWORK_FS_TYPES or kind.startswith(("nfs", "smb", "cifs"))


def cloud_folder(path: PurePath) -> str | None:
    """The folder name of a cloud-sync client among the path's parts, or None."""
    for part in path.parts:
        name = part.strip().lower()
        if any(name.startswith(prefix) for prefix in CLOUD_FOLDER_PREFIXES):
            return part
    return None


def is_unc(path: str) -> bool:
    r"""A Windows network path: ``\\server\share\…`` (also ``//server/share``)."""
    return len(path) > 2 and path[:2] in ("\\\\", "//") and path[2] not in ("?", ".")


@dataclass(frozen=True)
class Mount:
    point: str
    fs_type: str


def parse_mountinfo(text: str) -> list[Mount]:
    """Mount point and type of each line of ``/proc/self/mountinfo``."""
    mounts = []
    for line in text.splitlines():
        fields = line.split()
        if "-" not in fields:
            continue
        dash = fields.index("-")
        if len(fields) < 5 or dash + 1 >= len(fields):
            continue
        point = re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), fields[4])
        mounts.append(Mount(point, fields[dash + 1]))
    return mounts


def fs_type_of(path: str, mounts: Sequence[Mount]) -> str | None:
    """The type of the (last mounted) mount that contains the absolute POSIX ``path``."""
    best: Mount | None = None
    for mount in mounts:
        point = mount.point.rstrip("/") or "/"
        inside = point in ("/", path) or path.startswith(point + "/")
        if inside and (best is None or len(point) >= len(best.point.rstrip("/") or "/")):
            best = mount
    return best.fs_type if best else None


def location_refusal(
    path: str, *, fs_type: str | None = None, remote_drive: bool = False
) -> str | None:
    """The German reason why a SQLite file must not live at ``path``, or None when it may."""
    advice = (
        "SQLite-Dateien werden dort beschädigt, wenn zwei Rechner gleichzeitig schreiben oder "
        "die Verbindung abreißt. Bitte einen Ordner auf diesem Rechner wählen – oder für "
        "mehrere Arbeitsplätze einen PostgreSQL-Server (--db postgresql://…)."
    )
    if is_unc(path) or remote_drive:
        return f"Die Datenbank {path} liegt auf einem Netzlaufwerk. {advice}"
    if fs_type and is_network_fs(fs_type):
        return f"Die Datenbank {path} liegt auf einem Netzlaufwerk ({fs_type}). {advice}"
    cloud = cloud_folder(PurePath(path))
    if cloud:
        return (
            f"Die Datenbank {path} liegt in einem Cloud-Ordner ({cloud}), der sie während der "
            f"Arbeit synchronisiert. {advice}"
        )
    return None


# ---------------------------------------------------------------- backups

# ``….sqlite.zst``: compressed (since issue 15); ``….sqlite.chunks``: the list of shared parts
# of a deduplicated backup (storage/chunk_store.py); ``….sqlite``: plain, as earlier versions
# wrote.
_BACKUP_NAME = re.compile(
    r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6}-\d{6})-(?P<reason>[A-Za-z0-9._-]+)"
    r"\.sqlite(\.zst|\.chunks)?$"
)
# The backups in ``backups/`` share their parts (deduplicated); one a day is written whole
# (``….sqlite.zst``), so that a damaged shared part never takes every backup with it and one
# file can be taken off the machine on its own. The newest whole one is kept by the rotation
# until the next is written.
SELF_CONTAINED_EVERY = timedelta(hours=24)
STAMP_FORMAT = "%Y%m%d-%H%M%S-%f"
RESTORE_ASIDE_REASON = "vor-wiederherstellung"


@dataclass(frozen=True)
class BackupName:
    stem: str
    taken_at: datetime
    reason: str

    def file_name(self) -> str:
        return f"{self.stem}-{self.taken_at.strftime(STAMP_FORMAT)}-{self.reason}.sqlite"


def parse_backup_name(name: str) -> BackupName | None:
    match = _BACKUP_NAME.match(name)
    if not match:
        return None
    try:
        taken = datetime.strptime(match["stamp"], STAMP_FORMAT)
    except ValueError:
        return None
    return BackupName(match["stem"], taken, match["reason"])


def reason_text(reason: str) -> str:
    """The German words for a backup's reason, for lists and messages."""
    if reason.startswith("vor-update"):
        return "vor dem Aktualisieren"
    return {
        "start": "beim Start",
        "stuendlich": "stündlich",
        "manuell": "von Hand",
        "vor-import": "vor einem Import",
        PURGE_REASON: "vor dem Löschen nach Frist",
        RESTORE_ASIDE_REASON: "vor dem Wiederherstellen",
    }.get(reason, reason)


def backups_to_remove(backups: Iterable[BackupName], now: datetime) -> list[BackupName]:
    """The backups the rotation of the module text removes (oldest first)."""
    ordered = sorted(backups, key=lambda b: b.taken_at, reverse=True)
    if not ordered:
        return []
    expired = [b for b in ordered if b.reason == PURGE_REASON and not kept_before_purge(b, now)]
    ordered = [b for b in ordered if b not in expired]
    if not ordered:
        return sorted(expired, key=lambda b: b.taken_at)
    keep: set[BackupName] = {ordered[0]}
    hour_window = ordered[0].taken_at - timedelta(hours=KEEP_HOURLY)
    hours: set[tuple[int, int, int, int]] = set()
    days: set[tuple[int, int, int]] = set()
    for backup in ordered:
        if backup.reason not in AUTOMATIC_REASONS:
            if now - backup.taken_at <= KEEP_REASONED:
                keep.add(backup)
            continue
        at = backup.taken_at
        hour = (at.year, at.month, at.day, at.hour)
        day = (at.year, at.month, at.day)
        if hour not in hours and at > hour_window:
            hours.add(hour)
            keep.add(backup)
        if day not in days and len(days) < KEEP_DAILY:
            days.add(day)
            keep.add(backup)
    removed = [b for b in ordered if b not in keep]
    return sorted([*removed, *expired], key=lambda b: b.taken_at)


def kept_before_purge(backup: BackupName, now: datetime) -> bool:
    """A purge's own backup still within its short keeping period (later purges spare it)."""
    return backup.reason == PURGE_REASON and now - backup.taken_at <= KEEP_BEFORE_PURGE


def newest_restorable(backups: Iterable[BackupName]) -> list[BackupName]:
    """Candidates for "restore the newest good backup", newest first.

    The copy kept aside before a restore is left out: choosing it would undo that restore.
    """
    return sorted(
        (b for b in backups if b.reason != RESTORE_ASIDE_REASON),
        key=lambda b: b.taken_at,
        reverse=True,
    )


class DamagedDatabaseError(DatabaseError):
    """The database file is damaged; it was moved aside, and a backup may be restored."""

    def __init__(self, message: str, *, location: str, newest_backup: str | None) -> None:
        super().__init__(message)
        self.location = location
        self.newest_backup = newest_backup


class InstanceLockedError(DatabaseError):
    """Another KOD Desk has this database open."""


def locked_message(owner: dict[str, str], *, in_app: bool) -> str:
    who = (
        f"Benutzer {owner.get('user') or '?'}, Rechner {owner.get('host') or '?'}, "
        f"seit {owner.get('since') or '?'}"
    )
    tail = "Bitte dort weiterarbeiten." if in_app else "Bitte KOD Desk dort zuerst schließen."
    return f"Die Datenbank ist bereits in KOD Desk geöffnet ({who}). {tail}"
