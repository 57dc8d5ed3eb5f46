"""Purges reach the backups (DESIGN.md §10, services/backups.py): which backups still hold the
personal data of purged persons, and re-writing a backup without it.

A compressed backup is read from a temporary expanded copy beside it and, once blanked, vacuumed
and verified, compressed again before it takes the backup's place with one rename. A
deduplicated one (storage/chunk_store.py) gets a new part list under its name; the parts only
the old list named (those holding the persons) are deleted right after.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from kod_desk.domain.errors import DatabaseError
from kod_desk.storage import backup_index, chunk_store, compression
from kod_desk.storage.backup import (
    _failure,
    _fsync,
    _remove_partial,
    _tables,
    expanded,
    verify_sqlite,
)
from kod_desk.storage.backup_index import PERSONAL_COLUMNS as _PERSONAL_COLUMNS
from kod_desk.storage.backup_index import holding_condition as _holding
from kod_desk.storage.backup_index import person_columns as _person_columns
from kod_desk.storage.models import utc_micros, uuid_bytes


def _load_ids(connection: sqlite3.Connection, person_ids: Iterable[str]) -> None:
    connection.execute("CREATE TEMP TABLE purge_ids (id TEXT PRIMARY KEY) WITHOUT ROWID")
    # Both forms: a backup from before db 0011 holds ids as text, a newer one as 16 bytes.
    connection.executemany(
        "INSERT OR IGNORE INTO temp.purge_ids (id) VALUES (?)",
        ((form,) for i in person_ids for form in {i, uuid_bytes(i)}),
    )


def _held(connection: sqlite3.Connection) -> int:
    columns = _person_columns(connection)
    holding = _holding(columns)
    if holding is None:
        return 0
    row = connection.execute(
        f"SELECT count(*) FROM incident_person WHERE id IN (SELECT id FROM temp.purge_ids) "
        f"AND ({holding})"
    ).fetchone()
    return int(row[0])


def persons_held(path: Path, person_ids: Iterable[str]) -> int:
    """How many of ``person_ids`` still hold personal data in the backup ``path``.

    Answered from the backup's index (storage/backup_index.py) when it matches the backup;
    otherwise the backup is read in full (a compressed one from a temporary expanded copy) and
    its index written for the next time. Raises DatabaseError (German) when the backup cannot
    be read.
    """
    wanted = set(person_ids)
    indexed = backup_index.read(path)
    if indexed is not None:
        return len(indexed & wanted)
    with expanded(path) as plain:
        try:
            connection = sqlite3.connect(f"{plain.resolve().as_uri()}?mode=ro", uri=True)
        except sqlite3.Error as error:
            raise DatabaseError(f"Sicherung {path.name} lässt sich nicht öffnen: {error}") from None
        try:
            held = backup_index.holding_ids(connection)
        except sqlite3.Error as error:
            raise DatabaseError(f"Sicherung {path.name} ist unbrauchbar: {error}") from None
        finally:
            connection.close()
    backup_index.write(path, held)
    return len(wanted.intersection(held))


def purge_persons(path: Path, person_ids: Iterable[str], purged_at: datetime) -> int:
    """Re-write the backup ``path`` without the personal data of ``person_ids``.

    The same rows as the purge in the database are blanked (role kept, marked deleted, the
    incident stamped ``personal_data_purged_at``) in a copy, the copy is vacuumed (no old value
    stays in a free page), verified, checked to hold none of them any more, compressed again
    when the backup was, and only then put in place of the backup with one rename. Returns how
    many person rows were blanked. Raises DatabaseError (German) and leaves the backup as it was
    when any step fails.
    """
    ids = list(person_ids)
    partial = path.with_name(path.name + ".purge-partial")
    packed = path.with_name(path.name + ".purge-zst.partial")
    backup_index.remove(path)  # whatever happens next, the old index no longer holds
    try:
        with expanded(path) as plain:
            blanked = _purged_copy(plain, partial, ids, purged_at, label=path.name)
        if chunk_store.is_manifest(path):
            chunk_store.store(partial, path)
            backup_index.index_plain(path, partial)
            _remove_partial(partial)
            chunk_store.collect_garbage(path.parent)
        elif compression.is_compressed(path):
            compression.compress(partial, packed)
            _fsync(packed)
            packed.replace(path)
            backup_index.index_plain(path, partial)
            _remove_partial(partial)
        else:
            _fsync(partial)
            partial.replace(path)
            backup_index.index_plain(path, path)
    except (sqlite3.Error, OSError, DatabaseError) as error:
        _remove_partial(partial)
        _remove_partial(packed)
        detail = (
            error.message if isinstance(error, DatabaseError) else _failure(error, path.parent)[0]
        )
        raise DatabaseError(f"Sicherung {path.name} ließ sich nicht bereinigen: {detail}") from None
    return blanked


def _purged_copy(
    path: Path, partial: Path, ids: list[str], purged_at: datetime, *, label: str
) -> int:
    """Write ``partial``: the plain SQLite file ``path`` without the persons, verified."""
    tables = _read_tables(path)
    partial.unlink(missing_ok=True)
    source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        copy = sqlite3.connect(partial, isolation_level=None)
        try:
            source.backup(copy)
            # No journal file next to the copy (it would hold the old values), and
            # every freed byte zeroed; VACUUM rewrites the file from the live rows only.
            copy.execute("PRAGMA journal_mode = MEMORY")
            copy.execute("PRAGMA secure_delete = ON")
            copy.execute("PRAGMA temp_store = MEMORY")
            blanked = _blank(copy, ids, purged_at)
            copy.execute("VACUUM")
            copy.execute("PRAGMA journal_mode = DELETE")
            left = _held(copy)
        finally:
            copy.close()
    finally:
        source.close()
    if left:
        raise DatabaseError(f"Sicherung {label}: {left} Personen nicht gelöscht.")
    verify_sqlite(partial, expected_tables=tables, label=label)
    return blanked


def _read_tables(path: Path) -> set[str]:
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return _tables(connection)
    finally:
        connection.close()


def _stored_moment(connection: sqlite3.Connection, moment: datetime) -> int | str:
    """A moment as this backup stores them: microseconds from db 0012 on, text before."""
    row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    if row is not None and str(row[0]) >= "0012":
        return utc_micros(moment)
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def _blank(connection: sqlite3.Connection, ids: list[str], purged_at: datetime) -> int:
    _load_ids(connection, ids)
    columns = _person_columns(connection)
    holding = _holding(columns)
    if holding is None:
        return 0
    stamp = _stored_moment(connection, purged_at)
    sets = [f"{name} = {blank}" for name, blank in _PERSONAL_COLUMNS.items() if name in columns]
    if "deleted_at" in columns:
        sets.append("deleted_at = coalesce(deleted_at, :stamp)")
    chosen = f"id IN (SELECT id FROM temp.purge_ids) AND ({holding})"
    connection.execute("BEGIN IMMEDIATE")
    try:
        incidents = [  # as stored (text or 16 bytes), to find the same rows again
            row[0]
            for row in connection.execute(
                f"SELECT DISTINCT incident_id FROM incident_person WHERE {chosen}"
            )
        ]
        cursor = connection.execute(
            f"UPDATE incident_person SET {', '.join(sets)} WHERE {chosen}",
            {"stamp": stamp},
        )
        blanked = cursor.rowcount
        incident_columns = {
            str(row[1]) for row in connection.execute("PRAGMA table_info(incident)")
        }
        if "personal_data_purged_at" in incident_columns:
            connection.executemany(
                "UPDATE incident SET personal_data_purged_at = "
                "coalesce(personal_data_purged_at, ?) WHERE id = ?",
                ((stamp, incident_id) for incident_id in incidents),
            )
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    return blanked
