"""Automatic and manual backups, the list of backups, and restoring one (DESIGN.md §11).

Other services call ``BackupService(context).make("vor-…")`` before a change that cannot be
undone (roster import: ``vor-import``, retention purge: ``vor-loeschung``). On PostgreSQL every
call returns None: backups are the server's job (``pg_dump``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from kod_desk.domain.errors import DatabaseError, UserError
from kod_desk.domain.storage_rules import reason_text
from kod_desk.services.base import ServiceContext
from kod_desk.storage import backup as storage
from kod_desk.storage.database import url_for
from kod_desk.storage.instance_lock import InstanceLock

HOURLY_REASON = "stuendlich"
START_REASON = "start"
IMPORT_REASON = "vor-import"
PURGE_REASON = "vor-loeschung"


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


def backup_before(context: ServiceContext, reason: str) -> Path | None:
    """The backup before a change that cannot be undone; refuses the change when it fails."""
    return BackupService(context).make(reason)


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
            found = storage.newest_good_backup(database)
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
