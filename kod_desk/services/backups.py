"""Automatic and manual backups, the list of backups, and restoring one (DESIGN.md §11).

Other services receive the one BackupService (registry.py) and call ``backups.before("vor-…")``
before a change that cannot be undone (roster import: ``vor-import``, retention purge:
``vor-loeschung``, sync import: ``vor-synchronisation``). On PostgreSQL every
call returns None: backups are the server's job (``pg_dump``). Backups are written compressed
and deduplicated (``….sqlite.chunks`` with their parts in ``backups/chunks/``, one a day whole as
``….sqlite.zst``; storage/backup.py); plain ``….sqlite`` ones of earlier versions are listed and
restored alike.

A retention purge reaches the backups too (:meth:`BackupService.purge`): every backup in
``backups/`` that still holds a purged person is re-written without it (or removed when it cannot
be read or re-written), except the purges' own backups of the last 7 days
(storage_rules.KEEP_BEFORE_PURGE).
A re-written backup keeps its name; its purged rows carry no new sync stamp (restoring it is a
step back in time anyway). Copies written elsewhere (``kod-desk backup -o``) are out of reach.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from kod_desk.domain.errors import DatabaseError, StorageError, UserError
from kod_desk.domain.storage_rules import PURGE_REASON, kept_before_purge, reason_text
from kod_desk.services.base import ServiceContext
from kod_desk.storage import backup as storage
from kod_desk.storage import backup_purge
from kod_desk.storage.database import url_for
from kod_desk.storage.instance_lock import InstanceLock

HOURLY_REASON = "stuendlich"
START_REASON = "start"
IMPORT_REASON = "vor-import"
__all__ = ["PURGE_REASON", "BackupPurge", "BackupRow", "BackupService"]


@dataclass(frozen=True)
class BackupRow:
    path: str
    taken_at: datetime
    reason: str
    reason_text: str
    size: int
    # Each file in the folder passed verification before it got its name.
    verified: bool = True


def _rows(database: Path) -> list[BackupRow]:
    return [
        BackupRow(str(b.path), b.name.taken_at, b.name.reason, reason_text(b.name.reason), b.size)
        for b in storage.list_backups(database)
    ]


class BackupService:
    def __init__(self, context: ServiceContext) -> None:
        self._context = context

    @property
    def available(self) -> bool:
        return self._context.db.is_sqlite

    @property
    def folder(self) -> Path | None:
        if not self.available:
            return None
        return storage.backup_dir_for(self._database())

    def _database(self) -> Path:
        return Path(str(self._context.db.engine.url.database))

    def make(self, reason: str = "manuell") -> Path | None:
        """A verified backup plus rotation; None on PostgreSQL. Raises DatabaseError (German)."""
        return self._context.db.backup(reason)

    def list(self) -> list[BackupRow]:
        """This database's backups, newest first (empty on PostgreSQL)."""
        return _rows(self._database()) if self.available else []

    def before(self, reason: str) -> Path | None:
        """The backup before a change that cannot be undone; refuses the change when it fails."""
        return self.make(reason)

    def _purgeable(self) -> tuple[storage.BackupFile, ...]:
        """The backups a purge must reach: all in ``backups/`` but the purges' own recent ones."""
        if not self.available or not self._database().exists():
            return ()
        now = datetime.now()  # backup names carry local time
        return tuple(
            b for b in storage.list_backups(self._database()) if not kept_before_purge(b.name, now)
        )

    def holding(self, person_ids: Collection[str]) -> BackupPurge:
        """Which backups hold any of ``person_ids`` with personal data; reads only.

        Those that hold them would be re-written; those that cannot be read would be removed.
        """
        if not person_ids:
            return BackupPurge()
        rewrite: list[str] = []
        remove: list[str] = []
        for backup in self._purgeable():
            try:
                if backup_purge.persons_held(backup.path, person_ids):
                    rewrite.append(str(backup.path))
            except DatabaseError:
                remove.append(str(backup.path))
        return BackupPurge(tuple(rewrite), tuple(remove))

    def purge(self, person_ids: Collection[str], purged_at: datetime) -> BackupPurge:
        """Re-write every backup that still holds any of ``person_ids``; remove what cannot be.

        Each re-write happens in a verified copy that replaces the backup with one rename; a
        backup that cannot be read or re-written is deleted rather than left holding purged
        persons.
        """
        found = self.holding(person_ids)
        rewritten: list[str] = []
        removed: list[str] = []
        for path in found.rewritten:
            try:
                backup_purge.purge_persons(Path(path), person_ids, purged_at)
                rewritten.append(path)
            except DatabaseError:
                removed.append(path)
        failed: list[str] = []
        for path in [*removed, *found.removed]:
            try:
                storage.delete_backup(Path(path))
            except OSError:
                failed.append(path)
        gone = [p for p in [*removed, *found.removed] if p not in failed]
        return BackupPurge(tuple(rewritten), tuple(gone), tuple(failed))


@dataclass(frozen=True)
class BackupPurge:
    """What a purge does to the backups: re-written without the persons, or removed."""

    rewritten: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    # Could be neither re-written nor deleted (the message asks to delete them by hand).
    failed: tuple[str, ...] = ()


def list_backups(location: str) -> list[BackupRow]:
    return _rows(_sqlite_path(location))


def _sqlite_path(location: str) -> Path:
    url = url_for(location)
    if url.get_backend_name() != "sqlite":
        raise UserError(
            "Eine PostgreSQL-Datenbank wird über den Datenbankserver gesichert und "
            "wiederhergestellt (pg_dump / pg_restore)."
        )
    return Path(url.database or "")


def restore(location: str, backup: str | None = None, *, lock: InstanceLock | None = None) -> str:
    """Put a backup (default: the newest good one) in place of the database; returns a report.

    Takes the instance lock unless the caller holds it (``lock``); refuses while another KOD
    Desk has the database open.
    """
    database = _sqlite_path(location)
    own = lock is None
    held = lock or InstanceLock(database, in_app=False).acquire()
    try:
        if backup:
            chosen = Path(backup)
            if not chosen.exists():
                candidate = storage.backup_dir_for(database) / backup
                if not candidate.exists():
                    raise UserError(f"Sicherung nicht gefunden: {backup}")
                chosen = candidate
        else:
            try:
                found = storage.newest_good_backup(database)
            except StorageError as error:
                raise StorageError(
                    f"Wiederherstellen abgebrochen: {error.message} Die Datenbank und die "
                    "Sicherungen sind unverändert.",
                    error.cause,
                ) from None
            if found is None:
                raise DatabaseError(
                    f"Für {database} gibt es keine brauchbare Sicherung in "
                    f"{storage.backup_dir_for(database)}."
                )
            chosen = found
        kept = storage.restore_sqlite(chosen, database)
    finally:
        if own:
            held.release()
    aside = f" Der vorherige Stand liegt in {kept}." if kept else ""
    return f"Sicherung {chosen.name} wiederhergestellt: {database}.{aside}"
