"""Engine, pragmas, sessions and the open/upgrade sequence (DESIGN.md §11, §12).

SQLite runs in WAL mode with ``foreign_keys=ON``, ``synchronous=FULL`` and a busy timeout; a
write session begins ``IMMEDIATE`` so two writers queue instead of failing half-way, and a read
session begins deferred so it never blocks a writer.

PostgreSQL (``postgresql://…``, driver psycopg 3) keeps the same model for several workstations:
a write transaction runs READ COMMITTED and first takes one transaction-level advisory lock, so
writers queue like SQLite's ``BEGIN IMMEDIATE`` instead of meeting serialisation failures or
deadlocks; ``change_seq`` numbers and the audit hash chain are then allocated in commit order.
A read transaction is REPEATABLE READ, READ ONLY: one consistent snapshot, never blocked, and
never a serialisation failure (PostgreSQL raises those only for transactions that write).
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, select, update
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from kod_desk.domain.errors import DatabaseError, StorageError
from kod_desk.domain.storage_rules import DamagedDatabaseError
from kod_desk.storage import backup as backups
from kod_desk.storage import failures, migrations
from kod_desk.storage.backup import backup_sqlite
from kod_desk.storage.instance_lock import check_location
from kod_desk.storage.models import Station, SyncMixin

BUSY_TIMEOUT_MS = 10_000
# How long a PostgreSQL writer waits for the one before it (SQLite: the busy timeout).
PG_LOCK_TIMEOUT_MS = 30_000
# The advisory lock key of "one writer at a time" (any constant; "KODDESK" in ASCII).
PG_WRITE_LOCK = 0x4B4F444445534B
_READONLY = "kod_readonly"
_PG_LOCK_NOT_AVAILABLE = "55P03"  # lock_timeout ran out while waiting for the writer before
_PG_DRIVERS = {"postgresql", "postgres", "postgresql+psycopg"}
# A writer that still finds the database locked after the busy timeout tries this often more.
BUSY_RETRIES = 3
_SIDE_FILES = ("-wal", "-shm", "-journal")


def url_for(target: str | os.PathLike[str]) -> URL:
    """A path means SQLite, anything with ``://`` is a database URL (e.g. PostgreSQL).

    Raises DatabaseError for a URL that cannot be read or names another kind of database.
    """
    text = os.fspath(target)
    if "://" in text:
        try:
            url = make_url(text)
        except (ArgumentError, ValueError):  # ValueError: a port that is not a number
            scheme = text.split("://", 1)[0]  # not the rest: it may hold a password
            raise DatabaseError(
                f"„{scheme}://…“ ist keine gültige Datenbankadresse (ein Dateipfad oder "
                "postgresql://benutzer@server/datenbank)."
            ) from None
        if url.drivername in _PG_DRIVERS:
            # psycopg 3 rather than SQLAlchemy's default psycopg2 for a bare postgresql://.
            url = url.set(drivername="postgresql+psycopg")
        if url.get_backend_name() not in ("sqlite", "postgresql"):
            raise DatabaseError(
                f"KOD Desk arbeitet mit SQLite-Dateien und PostgreSQL, nicht mit "
                f"„{url.get_backend_name()}“ ({url.render_as_string(hide_password=True)})."
            )
        return url
    path = Path(text).expanduser().resolve()
    return URL.create("sqlite+pysqlite", database=str(path))


def _set_sqlite_pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    # Let SQLAlchemy's "begin" event emit BEGIN itself (IMMEDIATE for writes).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.close()


def _begin_sqlite(conn: Any) -> None:
    if conn.get_execution_options().get(_READONLY):
        conn.exec_driver_sql("BEGIN")
    else:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def _begin_postgresql(conn: Any) -> None:
    # psycopg opens the transaction with the first statement, so these run first in it.
    if conn.get_execution_options().get(_READONLY):
        conn.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
    else:
        conn.exec_driver_sql(f"SET LOCAL lock_timeout = {PG_LOCK_TIMEOUT_MS}")
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PG_WRITE_LOCK})")


def make_engine(url: URL) -> Engine:
    """The engine for ``url``; a driver error on it arrives as a German StorageError.

    Raises DatabaseError when the database driver is not installed.
    """
    try:
        if url.get_backend_name() == "sqlite":
            engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
            event.listen(engine, "connect", _set_sqlite_pragmas)
            event.listen(engine, "begin", _begin_sqlite)
        else:
            connect_args = {}
            if url.get_backend_name() == "postgresql" and "connect_timeout" not in url.query:
                # An unreachable server is named after seconds, not after TCP's minutes.
                connect_args["connect_timeout"] = failures.PG_CONNECT_TIMEOUT_S
            engine = create_engine(
                url,
                pool_pre_ping=True,
                isolation_level="READ COMMITTED",
                connect_args=connect_args,
            )
            if url.get_backend_name() == "postgresql":
                event.listen(engine, "begin", _begin_postgresql)
    except (ImportError, NoSuchModuleError) as error:
        driver = getattr(error, "name", None) or url.get_driver_name()
        raise DatabaseError(
            f"Für {url.render_as_string(hide_password=True)} fehlt der Datenbanktreiber "
            f"„{driver}“; für PostgreSQL bitte KOD Desk mit „pip install "
            "'kod-desk[postgres]'“ (psycopg 3) nachinstallieren."
        ) from None
    event.listen(engine, "handle_error", failures.translate)
    return engine


def _stamp_sync_columns(session: Session, _context: object, _instances: object) -> None:
    """Give every new or changed synchronised row its version, times, author and change_seq."""
    if session.info.get("preserve_sync_columns"):
        return
    new = [obj for obj in session.new if isinstance(obj, SyncMixin)]
    dirty = [
        obj
        for obj in session.dirty
        if isinstance(obj, SyncMixin) and session.is_modified(obj, include_collections=False)
    ]
    if not new and not dirty:
        return
    seq = allocate_change_seq(session, len(new) + len(dirty))
    now = datetime.now(UTC)
    actor = str(session.info.get("actor", "system"))
    station_id = str(session.info.get("station_id", ""))
    for obj in new:
        seq += 1
        obj.created_at = obj.created_at or now
        obj.updated_at = now
        obj.updated_by = actor
        obj.origin = obj.origin or station_id
        obj.version = obj.version or 1
        obj.change_seq = seq
        obj.sync_vv = {**(obj.sync_vv or {}), station_id: seq} if station_id else obj.sync_vv
    for obj in dirty:
        seq += 1
        obj.updated_at = now
        obj.updated_by = actor
        obj.version = (obj.version or 0) + 1
        if station_id:
            obj.sync_vv = {
                **effective_vv(obj.sync_vv, obj.origin, obj.change_seq, station_id),
                station_id: seq,
            }
        obj.change_seq = seq


def effective_vv(
    vv: dict[str, int] | None, origin: str | None, change_seq: int | None, station_id: str
) -> dict[str, int]:
    """A row's version vector; one written before db 0007 (NULL) counts as {origin: its last
    change_seq} — only local rows existed then."""
    if vv is not None:
        return dict(vv)
    return {origin or station_id: int(change_seq or 0)}


def allocate_change_seq(session: Session, count: int) -> int:
    """Reserve ``count`` change sequence numbers; returns the last one before the block."""
    session.execute(
        update(Station).values(last_change_seq=Station.last_change_seq + count),
        execution_options={"synchronize_session": False},
    )
    last = session.execute(select(Station.last_change_seq)).scalar_one_or_none()
    return 0 if last is None else last - count


@dataclass(frozen=True)
class OpenReport:
    """What happened while opening: created, upgraded (with its backup), or nothing."""

    created: bool = False
    upgraded_from: str | None = None
    backup_path: Path | None = None


class Database:
    """An open KOD Desk database: the engine plus read and write sessions."""

    def __init__(self, engine: Engine, report: OpenReport | None = None) -> None:
        self.engine = engine
        self.report = report or OpenReport()
        self._write_sessions = sessionmaker(engine, expire_on_commit=False)
        self._read_sessions = sessionmaker(
            engine.execution_options(**{_READONLY: True}), expire_on_commit=False
        )
        self.station_id = ""
        self._station_loaded = False

    # ------------------------------------------------------------ opening

    @classmethod
    def open(
        cls,
        target: str | os.PathLike[str],
        *,
        create: bool = True,
        backup_dir: Path | None = None,
    ) -> Database:
        """Open (and if needed create or upgrade) the database at a path or URL.

        A database made by a newer KOD Desk is refused before anything is written to it; an
        older one is backed up, then upgraded.
        """
        url = url_for(target)
        is_sqlite = url.get_backend_name() == "sqlite"
        created = False
        path = Path(url.database or "")
        if is_sqlite:
            check_location(path)
            if not path.exists():
                if backups.damaged_copies(path) and backups.list_backups(path):
                    # Moved aside as damaged: a new empty database would hide the backups.
                    raise damaged_error(path, None, None)
                if not create:
                    raise DatabaseError(f"Datenbank nicht gefunden: {path}")
                try:
                    path.parent.mkdir(parents=True, exist_ok=True)
                except OSError as error:
                    failures.check_sqlite(path, error)
                    raise
                created = True
            else:
                check_health(path)
                migrations.check_sqlite_file(path)
        engine = make_engine(url)
        try:
            report = cls._upgrade(engine, url, created, backup_dir)
            database = cls(engine, report)
            database.load_station()
        except Exception:
            engine.dispose()
            if created:
                _remove_new_file(path)
            raise
        return database

    @staticmethod
    def _upgrade(engine: Engine, url: URL, created: bool, backup_dir: Path | None) -> OpenReport:
        current = migrations.current_revision(engine)
        head = migrations.head_revision()
        if current is not None and not migrations.is_known(current):
            raise DatabaseError(migrations.too_new_message(current))
        if current is None and not created and migrations.has_foreign_tables(engine):
            raise DatabaseError(
                "Diese Datei ist keine KOD-Desk-Datenbank (unbekannte Tabellen). "
                "Bitte eine andere Datei wählen."
            )
        if current == head:
            return OpenReport()
        backup_path = None
        if current is not None and url.get_backend_name() == "sqlite":
            source = Path(url.database or "")
            target_dir = backup_dir or source.parent / "backups"
            backup_path = backup_sqlite(source, target_dir, reason=f"vor-update-{current}")
        migrations.upgrade(engine)
        return OpenReport(created=current is None, upgraded_from=current, backup_path=backup_path)

    def backup(self, reason: str) -> Path | None:
        """A verified backup into ``backups/`` next to the file, then the rotation.

        None for PostgreSQL (the server's job). Raises DatabaseError with a German message when
        the backup cannot be written; the database and earlier backups stay as they were.
        """
        if not self.is_sqlite:
            return None
        source = Path(str(self.engine.url.database))
        target = backup_sqlite(
            source, backups.backup_dir_for(source), reason=reason, deduplicate=True
        )
        backups.rotate(source)
        return target

    def load_station(self) -> None:
        with self.read() as session:
            station = session.execute(select(Station.id)).scalar_one_or_none()
        self.station_id = station or ""

    # ------------------------------------------------------------ sessions

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def location(self) -> str:
        """What the status bar shows: the file path, or the URL without its password."""
        url = self.engine.url
        if self.is_sqlite:
            return str(url.database)
        return url.render_as_string(hide_password=True)

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A short read-only session (deferred BEGIN on SQLite)."""
        session = self._read_sessions()
        try:
            yield session
        finally:
            session.rollback()
            session.close()

    def read_one(self, statement: str, parameters: Any) -> list[Any]:
        """One read statement exactly as the driver takes it, outside any session.

        The cheapest read there is (about 10 µs of overhead against about 100 µs for a
        session), for hot paths that cached the SQL SQLAlchemy once sent (the list's counts).
        """
        connection = self.engine.raw_connection()
        try:
            cursor = connection.cursor()
            cursor.execute(statement, parameters)
            return list(cursor.fetchall())
        finally:
            connection.close()

    @contextmanager
    def write(self, actor: str = "system") -> Iterator[Session]:
        """A short write transaction: commits on success, rolls back on any error."""
        session = self._write_sessions()
        session.info["actor"] = actor
        session.info["station_id"] = self.station_id
        try:
            self._begin_write(session)
            yield session
            session.commit()
        except StorageError as error:
            session.rollback()
            if not isinstance(error, failures.DriverStorageError):
                raise  # e.g. a failed backup before the change, which says so itself
            # The database met a full disk, an I/O error, a lost server (storage/failures.py;
            # the connection was already thrown away): say that nothing was saved.
            raise StorageError(_not_saved_message(error.cause), error.cause) from error
        except OperationalError as error:
            text = str(error.orig).lower()
            session.rollback()
            if self.is_sqlite and "database is locked" in text:
                raise DatabaseError(
                    "Die Datenbank ist gerade durch einen anderen Vorgang belegt; "
                    "es wurde nichts gespeichert. Bitte gleich noch einmal versuchen."
                ) from error
            if getattr(error.orig, "sqlstate", None) == _PG_LOCK_NOT_AVAILABLE:
                raise DatabaseError(
                    "Die Datenbank ist gerade durch einen anderen Arbeitsplatz belegt; "
                    "es wurde nichts gespeichert. Bitte gleich noch einmal versuchen."
                ) from error
            raise
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def _begin_write(self, session: Session) -> Any:
        """Begin the write transaction now, waiting past one busy timeout if need be.

        ``BEGIN IMMEDIATE`` already waits up to the busy timeout; a writer that is starved
        longer (another process writing without pause) tries again instead of failing.
        """
        if not self.is_sqlite:
            return session.connection()
        for attempt in range(BUSY_RETRIES + 1):
            try:
                return session.connection()
            except OperationalError as error:
                if "database is locked" not in str(error.orig) or attempt == BUSY_RETRIES:
                    raise
                session.rollback()
                time.sleep(0.05)
        return None

    def dispose(self) -> None:
        self.engine.dispose()


def _not_saved_message(cause: str) -> str:
    return (
        f"Speichern fehlgeschlagen: {cause[:1].upper()}{cause[1:]}. Es wurde nichts "
        "gespeichert; die Datenbank und die Sicherungen sind unverändert. Bitte Platz schaffen "
        "bzw. die IT fragen und dann noch einmal speichern."
    )


def _remove_new_file(path: Path) -> None:
    """Remove a database this open created and could not finish (a full disk half-way):
    the next attempt starts afresh instead of finding a file without its schema."""
    for suffix in ("", *_SIDE_FILES):
        try:
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        except OSError:
            continue


def check_health(path: Path) -> None:
    """``PRAGMA quick_check`` on open; a damaged file is moved aside (DamagedDatabaseError).

    A file that is not SQLite at all and has no backups is not ours: it is refused untouched.
    A full disk, an I/O error or a lock is not damage: StorageError, and the file (with its
    -wal and -shm) stays where it is.
    """
    problem = backups.quick_check(path)
    if problem is None:
        return
    if not backups.has_sqlite_header(path) and not backups.list_backups(path):
        raise DatabaseError(
            f"Die Datei {path} ist keine SQLite-Datenbank oder ist beschädigt. "
            "Bitte eine andere Datei wählen."
        )
    moved = backups.move_aside(path, "beschaedigt")
    raise damaged_error(path, moved, problem)


def damaged_error(path: Path, moved: Path | None, problem: str | None) -> DamagedDatabaseError:
    unchecked = ""
    try:
        newest = backups.newest_good_backup(path)
    except StorageError as error:  # the disk, not the backups: say so, offer none yet
        newest, unchecked = None, error.cause
    first = (
        f"Die Datenbank {path} ist beschädigt ({problem}) und wurde als {moved.name} "
        "beiseitegelegt."
        if moved is not None
        else f"Die Datenbank {path} wurde als beschädigt beiseitegelegt."
    )
    if unchecked:
        advice = (
            f"Die Sicherungen ließen sich nicht prüfen ({unchecked}); bitte Platz schaffen "
            "und KOD Desk noch einmal starten."
        )
    elif newest is None:
        advice = "Es gibt keine brauchbare Sicherung; bitte die IT fragen."
    else:
        advice = (
            f"Neueste brauchbare Sicherung: {newest.name}. Sie lässt sich mit "
            "„Neueste Sicherung wiederherstellen“ oder „kod-desk restore“ zurückholen."
        )
    return DamagedDatabaseError(
        f"{first} {advice}",
        location=str(path),
        newest_backup=str(newest) if newest else None,
    )


event.listen(Session, "before_flush", _stamp_sync_columns)
