"""Which persons still hold personal data in a backup, without unpacking it each time.

A retention preview or purge asks every backup whether it still holds any of the persons
about to be purged (DESIGN.md §10). Unpacking each compressed backup for that takes seconds per
backup (minutes for a full set at a million incidents). So a backup carries a small index
beside it, ``<backup>.persons``: the ids of the person rows that hold personal data in it (ids
only, never a name), with the backup's size and modification time. It is written when the
backup is made and again whenever a backup had to be read in full; an index that does not match
its backup's size and time is not trusted, and the backup is read instead.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from kod_desk.storage.models import uuid_text

SUFFIX = ".persons"
_VERSION = 1

# The personal columns of incident_person (DESIGN.md §10) and what a purge leaves in them. The
# SQL here and in storage/backup_purge.py is put together from these fixed names only (an old
# backup may lack some of them).
PERSONAL_COLUMNS = {
    "last_name": "''",
    "first_name": "''",
    "birth_date": "NULL",
    "address": "''",
    "note": "''",
}


def person_columns(connection: sqlite3.Connection) -> set[str]:
    rows = connection.execute("PRAGMA table_info(incident_person)").fetchall()
    return {str(row[1]) for row in rows}


def holding_condition(columns: set[str]) -> str | None:
    """The SQL condition "this person row still holds personal data" (as the purge's repo)."""
    parts = [
        f"{name} IS NOT NULL" if blank == "NULL" else f"coalesce({name}, '') != ''"
        for name, blank in PERSONAL_COLUMNS.items()
        if name in columns
    ]
    if "deleted_at" in columns:
        parts.append("deleted_at IS NULL")
    return " OR ".join(parts) if parts else None


def index_path(backup: Path) -> Path:
    return backup.with_name(backup.name + SUFFIX)


def holding_ids(connection: sqlite3.Connection) -> list[str]:
    """The ids of the person rows that still hold personal data in the open SQLite file."""
    holding = holding_condition(person_columns(connection))
    if holding is None:
        return []
    rows = connection.execute(f"SELECT id FROM incident_person WHERE {holding}").fetchall()
    return sorted(uuid_text(row[0]) for row in rows)  # 16 bytes from db 0011 on


def index_plain(backup: Path, plain: Path) -> None:
    """Write ``backup``'s index from ``plain``, the SQLite file it holds (expanded or itself).

    Best effort: a file that cannot be read leaves no index (the next check reads the backup).
    """
    try:
        connection = sqlite3.connect(f"{plain.resolve().as_uri()}?mode=ro", uri=True)
        try:
            ids = holding_ids(connection)
        finally:
            connection.close()
    except sqlite3.Error:
        remove(backup)
        return
    write(backup, ids)


def write(backup: Path, ids: Iterable[str]) -> None:
    """Record ``ids`` as what ``backup`` holds now; a failure leaves no index (it is a cache)."""
    target = index_path(backup)
    partial = target.with_name(target.name + ".partial")
    try:
        stat = backup.stat()
        payload = {
            "version": _VERSION,
            "size": stat.st_size,
            "mtime_ns": stat.st_mtime_ns,
            "ids": sorted(ids),
        }
        partial.write_text(json.dumps(payload), encoding="utf-8")
        os.replace(partial, target)
    except OSError:
        partial.unlink(missing_ok=True)
        remove(backup)


def read(backup: Path) -> frozenset[str] | None:
    """The ids the index says ``backup`` holds; None when there is no index it can trust."""
    try:
        payload = json.loads(index_path(backup).read_text(encoding="utf-8"))
        stat = backup.stat()
    except (OSError, ValueError):
        return None
    if (
        not isinstance(payload, dict)
        or payload.get("version") != _VERSION
        or payload.get("size") != stat.st_size
        or payload.get("mtime_ns") != stat.st_mtime_ns
        or not isinstance(payload.get("ids"), list)
        or not all(isinstance(i, str) for i in payload["ids"])
    ):
        return None
    return frozenset(payload["ids"])


def remove(backup: Path) -> None:
    with contextlib.suppress(OSError):  # a stale index is not trusted anyway (size, time)
        index_path(backup).unlink(missing_ok=True)
