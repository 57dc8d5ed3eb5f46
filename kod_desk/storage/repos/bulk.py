"""Bulk inserts with SQLAlchemy Core for demo data and large loads (DESIGN.md §4, §14).

Per-object ORM inserts are about ten times slower than Core ``insert()`` executemany, so bulk
paths hand plain dicts to :class:`BulkInserter`. The ``before_flush`` hook never sees these rows,
so the inserter stamps the sync columns of §4 itself and reserves ``change_seq`` numbers in blocks.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime
from types import TracebackType
from typing import Any

from sqlalchemy import Insert, Table, func, insert, select, text
from sqlalchemy.orm import Session

from kod_desk.domain.ids import uuid7_from
from kod_desk.storage.database import allocate_change_seq
from kod_desk.storage.models import SYNCED_TABLES

CHUNK_ROWS = 5_000
# Random-key indexes (UUID primary keys) thrash SQLite's default 2 MB page cache once a table
# holds millions of rows; a bigger cache for the load saves about a tenth of the time.
BULK_CACHE_KIB = 128 * 1024


_TABLES: dict[str, Table] = {
    model.__tablename__: model.__table__  # type: ignore[attr-defined]
    for model in SYNCED_TABLES
}


def new_ids(count: int) -> list[str]:
    """``count`` new version-7 UUID strings (domain/ids.py) that sort in the order made: a
    12-bit counter after the milliseconds (RFC 9562, method 1), the next millisecond after
    4,096, so a bulk load writes every id index at its end."""
    start = time.time_ns() // 1_000_000
    random = os.urandom(8 * count)
    return [
        uuid7_from(start + i // 4096, (i % 4096).to_bytes(2, "big") + random[8 * i : 8 * i + 8])
        for i in range(count)
    ]


def id_stream(batch: int = CHUNK_ROWS) -> Iterator[str]:
    """An endless supply of new ids for rows that children must refer to."""
    while True:
        yield from new_ids(batch)


def synced_table(name: str) -> Table:
    """The Core table of a synchronised model; anything else is a programming error."""
    try:
        return _TABLES[name]
    except KeyError:
        raise KeyError(f"{name!r} is not a synchronised table") from None


def count_rows(session: Session, table_name: str, *, include_deleted: bool = True) -> int:
    """Rows of a synchronised table; tombstones count unless ``include_deleted`` is False."""
    table = synced_table(table_name)
    query = select(func.count()).select_from(table)
    if not include_deleted:
        query = query.where(table.c.deleted_at.is_(None))
    return int(session.execute(query).scalar_one())


class BulkInserter:
    """Inserts rows into synchronised tables in chunks, filling the sync columns.

    A row may bring its own ``id`` (so children can refer to it) and ``created_at`` /
    ``updated_at`` (demo rows look as if entered when they happened); everything else of §4 is
    set here. Runs inside the caller's session and transaction; use it as a context manager so
    the larger SQLite page cache of the load is given back afterwards.
    """

    def __init__(
        self,
        session: Session,
        *,
        station_id: str,
        actor: str = "demo",
        chunk_rows: int = CHUNK_ROWS,
    ) -> None:
        if chunk_rows < 1:
            raise ValueError("chunk_rows must be positive")
        self._session = session
        self._station_id = station_id
        self._actor = actor
        self._chunk_rows = chunk_rows
        self._now = datetime.now(UTC)
        self._ids = id_stream(chunk_rows)
        self._saved_cache: int | None = None
        self.counts: dict[str, int] = {}

    def __enter__(self) -> BulkInserter:
        if self._session.get_bind().dialect.name == "sqlite":
            self._saved_cache = int(self._session.execute(text("PRAGMA cache_size")).scalar_one())
            self._session.execute(text(f"PRAGMA cache_size=-{BULK_CACHE_KIB}"))
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        # After an error the transaction is rolled back anyway; a failed session must not be
        # used again, and a larger cache on a pooled connection does no harm.
        if self._saved_cache is not None and exc_type is None:
            self._session.execute(text(f"PRAGMA cache_size={self._saved_cache}"))
        self._saved_cache = None

    def insert(self, table_name: str, rows: Iterable[Mapping[str, Any]]) -> int:
        """Insert ``rows`` (all with the same keys) with executemany; returns how many."""
        table = synced_table(table_name)
        statement = insert(table)
        total = 0
        chunk: list[dict[str, Any]] = []
        for row in rows:
            chunk.append(dict(row))
            if len(chunk) >= self._chunk_rows:
                total += self._flush(table_name, statement, chunk)
                chunk = []
        if chunk:
            total += self._flush(table_name, statement, chunk)
        return total

    def _flush(self, table_name: str, statement: Insert, chunk: list[dict[str, Any]]) -> int:
        seq = allocate_change_seq(self._session, len(chunk))
        now, actor, origin, ids = self._now, self._actor, self._station_id, self._ids
        for row in chunk:
            seq += 1
            if "id" not in row:
                row["id"] = next(ids)
            created = row.setdefault("created_at", now)
            row.setdefault("updated_at", created)
            row["updated_by"] = actor
            row["version"] = 1
            row["origin"] = origin
            row["deleted_at"] = None
            row["change_seq"] = seq
        # A Core insert with a list runs one cursor.executemany (no ORM identity map, no
        # per-row flush events), which is what keeps a million rows within minutes.
        self._session.execute(statement, chunk)
        self.counts[table_name] = self.counts.get(table_name, 0) + len(chunk)
        return len(chunk)
