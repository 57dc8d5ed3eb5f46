"""The append-only, hash-chained audit log (DESIGN.md §10)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kod_desk.storage.models import AuditEntry

GENESIS = "0" * 64


@dataclass(frozen=True, slots=True)
class AuditRow:
    seq: int
    at: datetime
    actor: str
    action: str
    table_name: str
    row_id: str | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    reason: str | None


def entry_hash(
    prev_hash: str,
    at: datetime,
    actor: str,
    action: str,
    table_name: str,
    row_id: str | None,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    reason: str | None,
) -> str:
    payload = json.dumps(
        [prev_hash, at.isoformat(), actor, action, table_name, row_id, before, after, reason],
        sort_keys=True,
        ensure_ascii=False,
        default=str,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def append(
    session: Session,
    *,
    actor: str,
    action: str,
    table_name: str,
    row_id: str | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str | None = None,
) -> None:
    """Append one entry, chained to the previous one's hash, inside the caller's transaction."""
    prev = session.execute(
        select(AuditEntry.hash).order_by(AuditEntry.seq.desc()).limit(1)
    ).scalar_one_or_none()
    prev_hash = prev or GENESIS
    # Whole microseconds survive every backend's timestamp type, so the hash can be re-derived.
    at = datetime.now(UTC)
    session.add(
        AuditEntry(
            at=at,
            actor=actor,
            action=action,
            table_name=table_name,
            row_id=row_id,
            before=before,
            after=after,
            reason=reason,
            prev_hash=prev_hash,
            hash=entry_hash(
                prev_hash, at, actor, action, table_name, row_id, before, after, reason
            ),
        )
    )
    session.flush()


def history(session: Session, table_name: str, row_id: str) -> list[AuditRow]:
    query = (
        select(AuditEntry)
        .where(AuditEntry.table_name == table_name, AuditEntry.row_id == row_id)
        .order_by(AuditEntry.seq)
    )
    return [
        AuditRow(
            e.seq, e.at, e.actor, e.action, e.table_name, e.row_id, e.before, e.after, e.reason
        )
        for e in session.scalars(query)
    ]


def verify_chain(session: Session) -> int | None:
    """The seq of the first entry whose hash does not fit the chain, or None when intact."""
    prev_hash = GENESIS
    for entry in session.scalars(select(AuditEntry).order_by(AuditEntry.seq)):
        expected = entry_hash(
            prev_hash,
            entry.at,
            entry.actor,
            entry.action,
            entry.table_name,
            entry.row_id,
            entry.before,
            entry.after,
            entry.reason,
        )
        if entry.prev_hash != prev_hash or entry.hash != expected:
            return entry.seq
        prev_hash = entry.hash
    return None
