"""The append-only, hash-chained audit log (DESIGN.md §10).

Each entry stores the previous entry's hash and its own hash over its content; ``audit_head``
keeps the newest entry's number and hash, written in the same transaction, so that removing the
newest entries is found too (a chain alone just ends earlier). Entry numbers are given here,
one past the head, and never reused.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Row, func, select
from sqlalchemy.orm import Session

from kod_desk.domain.audit import (
    AuditFilter,
    AuditFinding,
    AuditRecord,
    AuditVerification,
    BreakKind,
)
from kod_desk.storage.models import AuditEntry, AuditHead

GENESIS = "0" * 64
HEAD_ID = 1
# The entry written when the head was found missing: the gap it may hide stays on record.
HEAD_RESET_ACTION = "audit_head_missing"

_CONTENT = (
    AuditEntry.seq,
    AuditEntry.at,
    AuditEntry.actor,
    AuditEntry.action,
    AuditEntry.table_name,
    AuditEntry.row_id,
    AuditEntry.before,
    AuditEntry.after,
    AuditEntry.reason,
    AuditEntry.prev_hash,
    AuditEntry.hash,
)


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
    """Append one entry, chained to the head, inside the caller's transaction."""
    head = session.get(AuditHead, HEAD_ID)
    last = session.execute(
        select(AuditEntry.seq, AuditEntry.hash).order_by(AuditEntry.seq.desc()).limit(1)
    ).first()
    if head is None:
        head = AuditHead(
            id=HEAD_ID,
            seq=0 if last is None else last.seq,
            hash=GENESIS if last is None else last.hash,
        )
        session.add(head)
        if last is not None:
            # Every database has its head from migration 0006 on: it was removed behind the
            # app's back. Say so in the log itself instead of silently starting a new head.
            _add(
                session,
                head,
                last,
                actor="system",
                action=HEAD_RESET_ACTION,
                table_name="audit_head",
                row_id=None,
                before=None,
                after={"last_seq": last.seq},
                reason="Der gespeicherte Stand des Protokolls fehlte.",
            )
            last = None
    _add(
        session,
        head,
        last,
        actor=actor,
        action=action,
        table_name=table_name,
        row_id=row_id,
        before=before,
        after=after,
        reason=reason,
    )
    session.flush()


def _add(
    session: Session,
    head: AuditHead,
    last: Row[Any] | None,
    *,
    actor: str,
    action: str,
    table_name: str,
    row_id: str | None,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    reason: str | None,
) -> None:
    # Rows added behind the app's back must not make every later write fail on the number.
    seq = max(head.seq, 0 if last is None else int(last.seq)) + 1
    # Whole microseconds survive every backend's timestamp type, so the hash can be re-derived.
    at = datetime.now(UTC)
    digest = entry_hash(head.hash, at, actor, action, table_name, row_id, before, after, reason)
    session.add(
        AuditEntry(
            seq=seq,
            at=at,
            actor=actor,
            action=action,
            table_name=table_name,
            row_id=row_id,
            before=before,
            after=after,
            reason=reason,
            prev_hash=head.hash,
            hash=digest,
        )
    )
    head.seq = seq
    head.hash = digest
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


# ---------------------------------------------------------------- verification


def verify_chain(session: Session) -> int | None:
    """The number of the first broken entry, or None when the log is intact."""
    finding = verify(session).finding
    return None if finding is None else finding.seq


def verify(session: Session) -> AuditVerification:
    """Walk the whole chain once (O(n)) and report the first place where it breaks."""
    head = session.execute(
        select(AuditHead.seq, AuditHead.hash).where(AuditHead.id == HEAD_ID)
    ).first()
    query = select(*_CONTENT).order_by(AuditEntry.seq).execution_options(yield_per=5000)
    # Core rows on the session's connection: no ORM loading for a walk over every entry.
    result = session.connection().execute(query)
    try:
        return _walk(session, result, head)
    except (ValueError, TypeError):
        # A value edited into something the column type cannot read (a bad date, broken
        # JSON): walk again, reading entry by entry, and treat the unreadable one as edited.
        pass
    finally:
        result.close()  # a PostgreSQL server-side cursor must not outlive an early answer
    return _walk(session, _rows_one_by_one(session), head)


@dataclass(frozen=True, slots=True)
class _Unreadable:
    """An entry whose stored values the column types cannot read any more."""

    seq: int
    actor: str


def _rows_one_by_one(session: Session) -> Iterator[Row[Any] | _Unreadable]:
    numbers = session.scalars(select(AuditEntry.seq).order_by(AuditEntry.seq)).all()
    for seq in numbers:
        try:
            row = session.execute(select(*_CONTENT).where(AuditEntry.seq == seq)).one()
        except (ValueError, TypeError):
            actor = session.execute(
                select(AuditEntry.actor).where(AuditEntry.seq == seq)
            ).scalar_one()
            yield _Unreadable(seq, str(actor))
            continue
        yield row


def _walk(
    session: Session, rows: Iterable[Row[Any] | _Unreadable], head: Row[Any] | None
) -> AuditVerification:
    expected_prev, prev_seq, checked = GENESIS, 0, 0
    for row in rows:
        if isinstance(row, _Unreadable):  # its content was changed behind the app's back
            finding = AuditFinding(row.seq, BreakKind.EDITED, actor=row.actor)
            return AuditVerification(checked, finding)
        seq, at, actor = row.seq, row.at, row.actor
        content = (row.action, row.table_name, row.row_id, row.before, row.after, row.reason)
        if entry_hash(row.prev_hash, at, actor, *content) != row.hash:
            return AuditVerification(checked, AuditFinding(seq, BreakKind.EDITED, at, actor))
        if row.prev_hash != expected_prev:
            if seq > prev_seq + 1:
                finding = AuditFinding(
                    prev_seq + 1, BreakKind.REMOVED, at, actor, through=seq - 1, following=seq
                )
            elif _hash_exists(session, row.prev_hash):
                finding = AuditFinding(seq, BreakKind.MISPLACED, at, actor)
            else:
                finding = AuditFinding(seq, BreakKind.INSERTED, at, actor)
            return AuditVerification(checked, finding)
        if row.action == HEAD_RESET_ACTION:
            return AuditVerification(checked, AuditFinding(seq, BreakKind.HEAD_MISSING, at, actor))
        expected_prev, prev_seq, checked = row.hash, seq, checked + 1
    if head is None:
        if checked == 0:
            return AuditVerification(0, None)
        return AuditVerification(checked, AuditFinding(prev_seq + 1, BreakKind.HEAD_MISSING))
    if head.seq > prev_seq:
        finding = AuditFinding(prev_seq + 1, BreakKind.TRUNCATED, through=head.seq)
        return AuditVerification(checked, finding)
    if head.seq < prev_seq or head.hash != expected_prev:
        # Entries after the head, or the newest one replaced by one that chains correctly.
        first = head.seq + 1 if head.seq < prev_seq else prev_seq
        found = session.execute(
            select(AuditEntry.at, AuditEntry.actor).where(AuditEntry.seq >= first).limit(1)
        ).first()
        at_, actor_ = (found.at, found.actor) if found is not None else (None, None)
        return AuditVerification(checked, AuditFinding(first, BreakKind.INSERTED, at_, actor_))
    return AuditVerification(checked, None)


def _hash_exists(session: Session, digest: str) -> bool:
    return (
        session.execute(select(AuditEntry.seq).where(AuditEntry.hash == digest)).first() is not None
    )


# ---------------------------------------------------------------- reading


def records(session: Session, flt: AuditFilter, limit: int) -> list[AuditRecord]:
    """The newest ``limit`` entries matching the filter, newest first."""
    query = select(*_CONTENT[:9]).order_by(AuditEntry.seq.desc()).limit(limit)
    for column, value in (
        (AuditEntry.actor, flt.actor),
        (AuditEntry.action, flt.action),
        (AuditEntry.table_name, flt.table_name),
        (AuditEntry.row_id, flt.row_id),
    ):
        if value is not None:
            query = query.where(column == value)
    if flt.since is not None:
        query = query.where(AuditEntry.at >= flt.since)
    if flt.until is not None:
        query = query.where(AuditEntry.at < flt.until)
    return [_record(row) for row in session.execute(query)]


def _record(row: Row[Any]) -> AuditRecord:
    return AuditRecord(
        seq=row.seq,
        at=row.at,
        actor=row.actor,
        action=row.action,
        table_name=row.table_name,
        row_id=row.row_id,
        reason=row.reason,
        before=row.before,
        after=row.after,
    )


def distinct_values(session: Session) -> tuple[list[str], list[str], list[str]]:
    """Actors, actions and tables that occur in the log (for the filter lists)."""

    def values(column: Any) -> list[str]:
        return sorted(str(v) for v in session.scalars(select(column).distinct()))

    return values(AuditEntry.actor), values(AuditEntry.action), values(AuditEntry.table_name)


def count(session: Session) -> int:
    return int(session.execute(select(func.count()).select_from(AuditEntry)).scalar_one())


# ---------------------------------------------------------------- anchoring (sync, issue 13)


def head(session: Session) -> tuple[int, str]:
    """The chain's newest entry as the head row keeps it: (number, hash)."""
    row = session.get(AuditHead, HEAD_ID)
    return (0, GENESIS) if row is None else (int(row.seq), str(row.hash))


def hashes_at(session: Session, seqs: Iterable[int]) -> dict[int, str]:
    """The stored hash of each entry number in ``seqs`` that exists."""
    wanted = sorted(set(seqs))
    found: dict[int, str] = {}
    for start in range(0, len(wanted), 500):
        part = wanted[start : start + 500]
        query = select(AuditEntry.seq, AuditEntry.hash).where(AuditEntry.seq.in_(part))
        found.update((int(seq), str(digest)) for seq, digest in session.execute(query))
    return found


def exported_heads(session: Session, action: str, limit: int) -> list[int]:
    """The audit heads this station put into its packages: the ``audit_head`` numbers that
    its newest ``limit`` entries of ``action`` record."""
    query = (
        select(AuditEntry.after)
        .where(AuditEntry.action == action)
        .order_by(AuditEntry.seq.desc())
        .limit(limit)
    )
    found = []
    for after in session.scalars(query):
        mark = (after or {}).get("audit_head") if isinstance(after, dict) else None
        seq = mark.get("seq") if isinstance(mark, dict) else None
        if isinstance(seq, int) and not isinstance(seq, bool):
            found.append(seq)
    return found
