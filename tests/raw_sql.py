"""Raw SQL in tests, with ids as the app sees them.

SQLite keeps ids as their 16 bytes (models.UUIDKey, db 0011); the app reads and writes them as
text. Tests that look at a database file past the services (to prove what is stored, or to
damage a row the way an attacker or a broken disk would) go through these helpers so that an
id they bind finds its row and an id they read compares with the services' ids.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from kod_desk.storage.models import from_micros, utc_micros, uuid_bytes, uuid_text


def to_db(value: Any) -> Any:
    """A canonical UUID text or an aware datetime as SQLite stores it; anything else
    unchanged."""
    if isinstance(value, str):
        return uuid_bytes(value)
    if isinstance(value, datetime) and value.tzinfo is not None:
        return utc_micros(value)
    return value


def from_db(value: Any) -> Any:
    """A stored 16-byte id as its text; anything else unchanged."""
    return uuid_text(value) if isinstance(value, bytes) and len(value) == 16 else value


def params(values: Any) -> Any:
    if isinstance(values, Mapping):
        return {k: to_db(v) for k, v in values.items()}
    if isinstance(values, Sequence) and not isinstance(values, str | bytes):
        return tuple(to_db(v) for v in values)
    return values


def row(values: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(from_db(v) for v in values)


class IdConnection(sqlite3.Connection):
    """sqlite3 connection that binds id texts as stored and reads stored ids as text."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.row_factory = lambda _cursor, values: row(values)

    def execute(self, sql: str, parameters: Any = (), /) -> sqlite3.Cursor:  # type: ignore[override]
        return super().execute(sql, params(parameters))

    def executemany(self, sql: str, parameters: Iterable[Any], /) -> sqlite3.Cursor:  # type: ignore[override]
        return super().executemany(sql, (params(p) for p in parameters))


def connect(path: Path | str, **kwargs: Any) -> IdConnection:
    connection = sqlite3.connect(path, factory=IdConnection, **kwargs)
    assert isinstance(connection, IdConnection)
    return connection


def raw_rows(services: Any, sql: str, **values: Any) -> list[tuple[Any, ...]]:
    """``sql`` through the services' database (SQLite or PostgreSQL), ids as text."""
    from sqlalchemy import text

    with services.context.db.read() as session:
        sqlite = session.get_bind().dialect.name == "sqlite"
        bound = params(values) if sqlite else values
        return [row(r) if sqlite else tuple(r) for r in session.execute(text(sql), bound).all()]


def aware(value: Any) -> datetime:
    """A UTC timestamp from plain SQL: microseconds since 1970 on SQLite (db 0012), aware on
    PostgreSQL."""
    if isinstance(value, int | str):
        return from_micros(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def stored_moment(moment: datetime) -> int:
    """A moment as SQLite stores it (to bind in plain SQL)."""
    return utc_micros(moment)


def stored_midnight(day: date) -> int:
    """Local (Berlin) midnight of ``day`` as SQLite stores it."""
    return utc_micros(datetime.combine(day, time(0), ZoneInfo("Europe/Berlin")))
