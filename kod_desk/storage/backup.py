"""Backups through SQLite's online backup API, verified by reopening them (DESIGN.md §11).

A backup is written as ``….partial``, verified (``integrity_check`` and the tables of the
source), compressed (zstd, storage/compression.py; read back and compared) and only then gets
its name ``<stem>-<YYYYmmdd-HHMMSS-ffffff>-<reason>.sqlite.zst``; a copy that fails verification
is deleted. The app's own backups in ``backups/`` (``deduplicate=True``) are mostly stored as
parts shared between backups (``….sqlite.chunks``, storage/chunk_store.py): an hour's backup
adds only the parts that changed. One a day (storage_rules.SELF_CONTAINED_EVERY) is still
written whole, and kept by the rotation until the next one is: a damaged shared part can never
take every backup with it, and there is always one file to take off the machine on its own.
Copies written elsewhere (``kod-desk backup -o``) and before an update are whole files. Plain
``….sqlite`` backups of earlier versions are listed and restored as before.
Restoring first checks the backup in full (a compressed one is expanded next to the database
and checked there), then keeps the current file as a backup with the reason
``vor-wiederherstellung`` (or, when it cannot be read, moves it aside as damaged).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from kod_desk.domain.errors import DatabaseError, StorageError
from kod_desk.domain.storage_rules import (
    PURGE_REASON,
    RESTORE_ASIDE_REASON,
    SELF_CONTAINED_EVERY,
    BackupName,
    backups_to_remove,
    newest_restorable,
    parse_backup_name,
)
from kod_desk.storage import backup_index, chunk_store, compression, failures

_SIDE_FILES = ("-wal", "-shm", "-journal")
# Tables every KOD Desk database since its first schema has.
CORE_TABLES = frozenset({"alembic_version", "station", "officer", "audit_entry"})


@dataclass(frozen=True)
class BackupFile:
    path: Path
    name: BackupName
    size: int  # on the disk; of a deduplicated backup: its parts, as if alone

    @property
    def self_contained(self) -> bool:
        """One file that restores on its own (not the part list of a deduplicated backup)."""
        return not is_chunked(self.path)


def is_chunked(path: Path) -> bool:
    """A deduplicated backup: the list of its parts in ``chunks/`` beside it (by its name)."""
    return path.name.endswith(chunk_store.SUFFIX)


def backup_dir_for(database: Path) -> Path:
    return database.parent / "backups"


def _failure(error: BaseException, folder: Path) -> tuple[str, failures.Cause | None]:
    """The German detail of a failed copy, and its cause when it is the disk's (not damage)."""
    cause = failures.sqlite_cause(error, folder)
    if cause is not None:
        return f"{cause.reason[:1].upper()}{cause.reason[1:]}.", cause
    return f"Schreib- oder Lesefehler ({error}).", None


def _remove_partial(partial: Path) -> None:
    """A copy in progress and the rollback journal SQLite keeps beside it."""
    for leftover in (partial, Path(f"{partial}-journal")):
        try:
            leftover.unlink(missing_ok=True)
        except OSError:
            continue


# A partial copy older than this belongs to a backup that died (a crash, a full disk); a younger
# one may be another KOD Desk's backup in progress.
STALE_PARTIAL_AGE = timedelta(hours=1)


def remove_stale_partials(folder: Path, now: datetime | None = None) -> list[Path]:
    """Remove ``*.partial`` and ``*.partial-journal`` left behind by backups that died."""
    limit = (now or datetime.now()).timestamp() - STALE_PARTIAL_AGE.total_seconds()
    removed = []
    try:
        entries = [*folder.glob("*.partial"), *folder.glob("*.partial-journal")]
    except OSError:
        return []
    for entry in entries:
        try:
            if entry.stat().st_mtime < limit:
                entry.unlink()
                removed.append(entry)
        except OSError:
            continue
    return removed


def backup_sqlite(
    source: Path,
    target_dir: Path,
    *,
    reason: str = "manuell",
    compress: bool = True,
    deduplicate: bool = False,
) -> Path:
    """Copy ``source`` consistently into ``target_dir``, verify and compress the copy; returns
    its path (``compress=False``: a plain ``.sqlite`` file, as earlier versions wrote).

    ``deduplicate``: store it as parts shared with the other backups in ``target_dir``
    (``….sqlite.chunks``), unless no whole backup of the last day is there (then this one is
    written whole, see the module text).

    Raises StorageError when the disk failed (full, I/O error), DatabaseError otherwise; either
    way the backups in ``target_dir`` are as they were (parts a failed backup wrote but no
    backup names go with the next garbage collection).
    """
    name = BackupName(source.stem, datetime.now(), reason)
    plain = target_dir / name.file_name()
    chunked = compress and deduplicate and not _whole_backup_due(source, target_dir, name)
    suffix = chunk_store.SUFFIX if chunked else compression.SUFFIX
    target = plain.with_name(plain.name + suffix) if compress else plain
    partial = plain.with_suffix(".partial")
    packed = target.with_name(target.name + ".partial")
    remove_stale_partials(target_dir)  # what backups that died (a crash, a kill) left behind
    try:
        target_dir.mkdir(parents=True, exist_ok=True)
        src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
        try:
            tables = _tables(src)
            dst = sqlite3.connect(partial)
            try:
                src.backup(dst)
                # A copy in WAL mode would leave "….partial-wal/-shm" behind when verified:
                # a backup is one self-contained file (the app turns WAL on when it opens it).
                dst.execute("PRAGMA journal_mode=DELETE")
            finally:
                dst.close()
        finally:
            src.close()
        verify_sqlite(partial, expected_tables=tables)
        _put_in_place(partial, target)
    except (sqlite3.Error, OSError, DatabaseError) as error:
        _remove_partial(partial)
        _remove_partial(packed)
        cause = None
        if isinstance(error, DatabaseError):
            detail = error.message
        else:
            detail, cause = _failure(error, target_dir)
        message = (
            f"Sicherung nach {target_dir} fehlgeschlagen: {detail} Die Datenbank und die "
            "bisherigen Sicherungen sind unverändert."
        )
        if cause is not None:
            raise StorageError(message, cause.reason) from None
        if isinstance(error, StorageError):
            raise StorageError(message, error.cause) from None
        raise DatabaseError(message) from None
    _remove_partial(partial)  # a journal SQLite may have left beside the copy
    return target


def _put_in_place(partial: Path, target: Path) -> None:
    """Give the verified plain copy ``partial`` its final form by ``target``'s name: parts and
    their list (``.chunks``), compressed (``.zst``, checked via ``….zst.partial``) or plain."""
    if is_chunked(target):
        chunk_store.store(partial, target)
        backup_index.index_plain(target, partial)
    elif target.name.endswith(compression.SUFFIX):
        packed = target.with_name(target.name + ".partial")
        compression.compress(partial, packed)
        _fsync(packed)
        packed.replace(target)
        backup_index.index_plain(target, partial)
    else:
        _fsync(partial)
        partial.replace(target)
        backup_index.index_plain(target, target)


def _whole_backup_due(source: Path, folder: Path, name: BackupName) -> bool:
    """No whole (self-contained) backup of ``source`` from the last day is in ``folder``."""
    since = name.taken_at - SELF_CONTAINED_EVERY
    return not any(
        b.self_contained and b.name.taken_at > since for b in list_backups(source, folder)
    )


def _tables(connection: sqlite3.Connection) -> set[str]:
    rows = connection.execute("SELECT name FROM sqlite_master WHERE type='table'").fetchall()
    return {str(row[0]) for row in rows}


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def verify_sqlite(
    path: Path, *, expected_tables: Iterable[str] = CORE_TABLES, label: str | None = None
) -> None:
    """Raise DatabaseError unless ``path`` reopens, passes integrity_check, has the tables.

    ``path`` is a plain SQLite file; messages name ``label`` (default: the file's name).
    """
    label = label or path.name
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as error:
        raise DatabaseError(f"Sicherung {label} lässt sich nicht öffnen: {error}") from None
    try:
        rows = connection.execute("PRAGMA integrity_check").fetchall()
        tables = _tables(connection)
    except sqlite3.DatabaseError as error:
        raise DatabaseError(f"Sicherung {label} ist unbrauchbar: {error}") from None
    finally:
        connection.close()
    if [row[0] for row in rows] != ["ok"]:
        raise DatabaseError(f"Sicherung {label} ist beschädigt: {rows[0][0]}")
    missing = sorted(set(expected_tables) - tables)
    if missing:
        raise DatabaseError(
            f"Sicherung {label} ist unvollständig (es fehlen: {', '.join(missing)})."
        )


def is_packed(backup: Path) -> bool:
    """Compressed whole or deduplicated (by its first bytes): not a SQLite file as it is."""
    return compression.is_compressed(backup) or chunk_store.is_manifest(backup)


def _expand(backup: Path, target: Path) -> None:
    """Write the plain content of the packed ``backup`` to ``target`` (see the modules)."""
    if chunk_store.is_manifest(backup):
        chunk_store.expand(backup, target, backup.name)
    else:
        compression.expand(backup, target, backup.name)


@contextmanager
def expanded(backup: Path) -> Iterator[Path]:
    """A plain SQLite file with the content of ``backup``: the file itself when it is plain, else
    a temporary expanded copy beside it (removed afterwards).

    Raises DatabaseError (German) when a compressed backup is damaged or cut off, or a part of a
    deduplicated one is missing or damaged; StorageError when the disk fails while expanding.
    """
    if not is_packed(backup):
        yield backup
        return
    temporary = backup.with_name(backup.name + ".check.partial")
    try:
        try:
            _expand(backup, temporary)
        except OSError as error:
            detail, cause = _failure(error, backup.parent)
            message = f"Sicherung {backup.name} lässt sich nicht entpacken: {detail}"
            if cause is not None:
                raise StorageError(message, cause.reason) from None
            raise DatabaseError(message) from None
        yield temporary
    finally:
        _remove_partial(temporary)


def verify_backup(backup: Path, *, expected_tables: Iterable[str] = CORE_TABLES) -> None:
    """:func:`verify_sqlite` for a backup, compressed (expanded and checked in full) or plain."""
    with expanded(backup) as plain:
        verify_sqlite(plain, expected_tables=expected_tables, label=backup.name)


def list_backups(database: Path, folder: Path | None = None) -> list[BackupFile]:
    """This database's backups in ``folder`` (default ``backups/`` next to it), newest first."""
    folder = folder or backup_dir_for(database)
    found = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []
    for entry in entries:
        name = parse_backup_name(entry.name)
        if name is None or name.stem != database.stem:
            continue
        try:
            size = entry.stat().st_size
        except OSError:
            continue
        if is_chunked(entry):
            size = chunk_store.stored_size(entry) or size
        found.append(BackupFile(entry, name, size))
    return sorted(found, key=lambda b: b.name.taken_at, reverse=True)


def rotate(database: Path, now: datetime | None = None) -> list[Path]:
    """Delete the backups the rotation no longer keeps, then the parts no remaining backup
    names; returns the backups deleted.

    The newest whole backup stays besides what storage_rules keeps, until a newer whole one is
    written (see the module text).
    """
    listed = list_backups(database)
    backups = {b.name: b.path for b in listed}
    # Not a purge's own backup: it goes after its few days (Datenschutz).
    whole = [b.name for b in listed if b.self_contained and b.name.reason != PURGE_REASON]
    removed = []
    for name in backups_to_remove(backups, now or datetime.now()):
        if whole and name == whole[0]:
            continue
        try:
            backups[name].unlink()
            removed.append(backups[name])
        except OSError:
            continue
        backup_index.remove(backups[name])
    if any(is_chunked(path) for path in removed):
        with suppress(OSError):  # unused parts wait for the next rotation
            chunk_store.collect_garbage(backup_dir_for(database))
    return removed


def delete_backup(backup: Path) -> None:
    """Delete ``backup``, its index and (deduplicated) the parts no other backup names.

    Raises OSError when the backup or its unused parts cannot be deleted.
    """
    backup.unlink(missing_ok=True)
    backup_index.remove(backup)
    if is_chunked(backup):
        chunk_store.collect_garbage(backup.parent)


def newest_good_backup(database: Path) -> Path | None:
    """The newest backup that verifies (skipping the copies kept aside before a restore).

    A damaged backup is skipped; a disk that fails while one is checked (full, I/O error: a
    compressed backup is checked in an expanded copy) raises StorageError, since the backups
    are not to blame then.
    """
    by_name = {b.name: b.path for b in list_backups(database)}
    for name in newest_restorable(by_name):
        try:
            verify_backup(by_name[name])
        except StorageError:
            raise
        except DatabaseError:
            continue
        return by_name[name]
    return None


def newest_backup_name(database: Path) -> Path | None:
    """The newest restorable backup by name, without opening it (for messages)."""
    by_name = {b.name: b.path for b in list_backups(database)}
    candidates = newest_restorable(by_name)
    return by_name[candidates[0]] if candidates else None


# ``quick_check`` reads every page: about 1.5 s per 100 MB on a laptop disk. Larger files get
# only the schema read on open; the backup on start checks their copy in full meanwhile.
QUICK_CHECK_MAX_BYTES = 256 * 1024 * 1024


def quick_check(path: Path) -> str | None:
    """None when ``path`` is a healthy SQLite file, else what is wrong (``PRAGMA quick_check``).

    Raises StorageError when the check cannot run (a full disk, an I/O error, a lock, no
    rights): that says nothing about the file, which must then stay where it is.
    """
    try:
        connection = sqlite3.connect(path, timeout=10)
    except sqlite3.Error as error:
        return _damage(path, error)
    try:
        if path.stat().st_size > QUICK_CHECK_MAX_BYTES:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return None
        rows = connection.execute("PRAGMA quick_check").fetchall()
    except (sqlite3.Error, OSError) as error:
        return _damage(path, error)
    finally:
        connection.close()
    if [row[0] for row in rows] == ["ok"]:
        return None
    return "; ".join(str(row[0]) for row in rows[:3])


def _damage(path: Path, error: BaseException) -> str:
    """What is wrong, when SQLite says the file is damaged; raises for any other failure."""
    if failures.is_damage(error):
        return str(error)
    failures.check_sqlite(path, error)  # full, I/O error, locked, no rights: StorageError
    raise DatabaseError(
        f"Die Datenbank {path} lässt sich nicht prüfen ({error}); sie bleibt unverändert."
    )


def has_sqlite_header(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


def damaged_copies(database: Path) -> list[Path]:
    return sorted(database.parent.glob(f"{database.stem}-beschaedigt-*.sqlite"))


def move_aside(database: Path, label: str) -> Path:
    """Rename the file and its -wal/-shm to ``<stem>-<label>-<time>.sqlite``; returns that."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = database.with_name(f"{database.stem}-{label}-{stamp}.sqlite")
    for suffix in _SIDE_FILES:
        side = Path(f"{database}{suffix}")
        if side.exists():
            side.replace(Path(f"{target}{suffix}"))
    database.replace(target)
    return target


def restore_sqlite(backup: Path, database: Path) -> Path | None:
    """Put ``backup`` in place of ``database``; returns where the previous file went.

    The caller must make sure nobody has the database open (the instance lock). The backup is
    checked in full first (a compressed one is expanded beside the database and checked there),
    so a damaged or cut-off backup is refused with nothing changed; then the current file is
    kept as a backup (``vor-wiederherstellung``), or moved aside as damaged when it cannot be
    copied.
    """
    partial = database.with_name(database.name + ".restore-partial")
    packed = is_packed(backup)
    if packed:
        _expand_for_restore(backup, partial)
    else:
        verify_sqlite(backup)
    try:
        kept = _keep_current(database)
    except BaseException:
        _remove_partial(partial)
        raise
    try:
        if not packed:
            src = sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro", uri=True)
            try:
                dst = sqlite3.connect(partial)
                try:
                    src.backup(dst)
                finally:
                    dst.close()
            finally:
                src.close()
            verify_sqlite(partial)
        _fsync(partial)
        for suffix in _SIDE_FILES:
            Path(f"{database}{suffix}").unlink(missing_ok=True)
        partial.replace(database)
    except (sqlite3.Error, OSError) as error:
        _remove_partial(partial)
        detail, cause = _failure(error, database.parent)
        message = (
            f"Wiederherstellen fehlgeschlagen: {detail} Die Sicherung {backup.name} "
            "ist unverändert."
        )
        if cause is not None:
            raise StorageError(message, cause.reason) from None
        raise DatabaseError(message) from None
    except DatabaseError:
        partial.unlink(missing_ok=True)
        raise
    return kept


def _expand_for_restore(backup: Path, partial: Path) -> None:
    """Expand the compressed ``backup`` into ``partial`` and check it; nothing else changes."""
    try:
        _expand(backup, partial)
        verify_sqlite(partial, label=backup.name)
    except DatabaseError as error:
        _remove_partial(partial)
        raise DatabaseError(
            f"Wiederherstellen abgebrochen: {error.message} Die Datenbank ist unverändert."
        ) from None
    except OSError as error:
        _remove_partial(partial)
        detail, cause = _failure(error, partial.parent)
        message = (
            f"Wiederherstellen abgebrochen: Die Sicherung {backup.name} ließ sich nicht "
            f"entpacken: {detail} Die Datenbank ist unverändert."
        )
        if cause is not None:
            raise StorageError(message, cause.reason) from None
        raise DatabaseError(message) from None


def _keep_current(database: Path) -> Path | None:
    """Keep the current file as a backup before a restore, or move it aside when damaged."""
    if not database.exists():
        return None
    try:
        return backup_sqlite(
            database, backup_dir_for(database), reason=RESTORE_ASIDE_REASON, deduplicate=True
        )
    except StorageError as error:
        # The current file may be healthy; the disk is the problem: change nothing.
        raise StorageError(
            f"Wiederherstellen abgebrochen: Der jetzige Stand ließ sich nicht sichern "
            f"({error.cause}). Die Datenbank und die Sicherungen sind unverändert.",
            error.cause,
        ) from None
    except DatabaseError:
        return move_aside(database, "beschaedigt")
