"""Login data of officers: password hash, failure count, lock (services/auth.py).

The failure count and the lock are written with plain UPDATE statements: they are local
bookkeeping of this database, not an edit of the officer (no new version, no sync change, so
an officer dialog open elsewhere is not made stale by someone mistyping a password). A new
password is an edit and goes through the ORM (version, change_seq, author).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from kod_desk.storage import models as m


@dataclass(frozen=True, slots=True)
class LoginRow:
    officer_id: str
    service_number: str
    last_name: str
    first_name: str
    role: str
    unit: str
    active: bool
    password_hash: str | None
    failed_logins: int
    locked_until: datetime | None


def _rows(session: Session, *conditions: object) -> list[LoginRow]:
    o = m.Officer
    query = select(
        o.id,
        o.service_number,
        o.last_name,
        o.first_name,
        o.role,
        o.unit,
        o.active,
        o.password_hash,
        o.failed_logins,
        o.locked_until,
    ).where(o.deleted_at.is_(None), *conditions)  # type: ignore[arg-type]
    return [LoginRow(*row) for row in session.execute(query)]


def by_service_number(session: Session, service_number: str) -> LoginRow | None:
    rows = _rows(session, func.lower(m.Officer.service_number) == service_number.strip().lower())
    return rows[0] if rows else None


def by_id(session: Session, officer_id: str) -> LoginRow | None:
    rows = _rows(session, m.Officer.id == officer_id)
    return rows[0] if rows else None


def any_password(session: Session) -> bool:
    query = select(m.Officer.id).where(
        m.Officer.deleted_at.is_(None), m.Officer.password_hash.is_not(None)
    )
    return session.execute(query.limit(1)).first() is not None


def set_counters(
    session: Session, officer_id: str, failed_logins: int, locked_until: datetime | None
) -> None:
    session.execute(
        update(m.Officer)
        .where(m.Officer.id == officer_id)
        .values(failed_logins=failed_logins, locked_until=locked_until)
    )


def set_password(session: Session, officer_id: str, password_hash: str) -> None:
    """A new password (an edit of the officer) also ends any lock."""
    row = session.get(m.Officer, officer_id)
    assert row is not None
    row.password_hash = password_hash
    row.failed_logins = 0
    row.locked_until = None
    session.flush()


def rehash(session: Session, officer_id: str, password_hash: str) -> None:
    """Same password, stronger parameters: bookkeeping, not an edit."""
    session.execute(
        update(m.Officer).where(m.Officer.id == officer_id).values(password_hash=password_hash)
    )
