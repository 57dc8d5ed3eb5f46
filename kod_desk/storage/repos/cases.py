"""Repository of investigation orders (Ermittlungsaufträge, table ``investigation_case``).

Cases number in the hundreds a year, not millions: the list filters status, department,
officer and due date in SQL and matches the search words in Python (casefold, so "über" finds
"Überprüfung", which SQLite's ASCII-only ``LIKE`` would miss). Edits are optimistic: a write
that names the version the user opened is refused when the row has moved on since.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.orm import Session, aliased

from kod_desk.domain import cases as dc
from kod_desk.domain import masterdata as dm
from kod_desk.domain.enums import CaseStatus, CatalogKind
from kod_desk.domain.errors import NotFoundError
from kod_desk.domain.ids import new_id
from kod_desk.storage import models as m
from kod_desk.storage.repos.incidents import next_reference
from kod_desk.storage.repos.masterdata import _check_version, officer_row, snapshot

__all__ = [
    "current",
    "department_exists",
    "get",
    "incident_id_by_reference",
    "insert",
    "list_cases",
    "next_case_reference",
    "officer",
    "set_assigned",
    "set_status",
    "update",
]

_Department = aliased(m.CatalogEntry)
_Source = aliased(m.Incident)
_WHAT = "Der Ermittlungsauftrag"


def _query() -> Select[Any]:
    return (
        select(
            m.Case,
            _Department.name,
            m.Officer.last_name,
            m.Officer.first_name,
            _Source.reference,
        )
        .outerjoin(_Department, _Department.id == m.Case.department_id)
        .outerjoin(m.Officer, m.Officer.id == m.Case.assigned_officer_id)
        .outerjoin(_Source, _Source.id == m.Case.source_incident_id)
        .where(m.Case.deleted_at.is_(None))
    )


def _row(
    case: m.Case,
    department: str | None,
    last: str | None,
    first: str | None,
    incident_reference: str | None,
) -> dc.CaseRow:
    return dc.CaseRow(
        id=case.id,
        reference=case.reference,
        department_id=case.department_id,
        department_name=department or "",
        subject=case.subject,
        address=case.address,
        received_on=case.received_on,
        due_on=case.due_on,
        assigned_officer_id=case.assigned_officer_id,
        assigned_officer_name=f"{last}, {first}" if last is not None else "",
        status=CaseStatus(case.status),
        result=case.result,
        closed_at=case.closed_at,
        source_incident_id=case.source_incident_id,
        source_incident_reference=incident_reference or "",
        version=case.version,
    )


def _get(session: Session, case_id: str) -> m.Case:
    row = session.get(m.Case, case_id)
    if row is None or row.deleted_at is not None:
        raise NotFoundError(f"{_WHAT} wurde nicht gefunden (vielleicht inzwischen gelöscht).")
    return row


# ---------------------------------------------------------------- reading


def _conditions(flt: dc.CaseFilter, today: date) -> list[ColumnElement[bool]]:
    case = m.Case
    where: list[ColumnElement[bool]] = []
    if flt.statuses:
        where.append(case.status.in_(sorted(s.value for s in flt.statuses)))
    if flt.department_id:
        where.append(case.department_id == flt.department_id)
    if flt.unassigned:
        where.append(case.assigned_officer_id.is_(None))
    elif flt.officer_id:
        where.append(case.assigned_officer_id == flt.officer_id)
    if flt.overdue_only:
        where.append(case.status != CaseStatus.DONE.value)
        where.append(case.due_on < today)
    return where


def list_cases(session: Session, flt: dc.CaseFilter, today: date) -> list[dc.CaseRow]:
    """The cases ``flt`` lets through, overdue first, then by due date (dc.list_order)."""
    rows = [_row(*found) for found in session.execute(_query().where(*_conditions(flt, today)))]
    words = [w.casefold() for w in flt.words()]
    if words:
        rows = [
            r
            for r in rows
            if all(w in f"{r.reference} {r.subject} {r.address}".casefold() for w in words)
        ]
    return sorted(rows, key=lambda r: dc.list_order(r, today))


def get(session: Session, case_id: str) -> dc.CaseRow:
    found = session.execute(_query().where(m.Case.id == case_id)).first()
    if found is None:
        raise NotFoundError(f"{_WHAT} wurde nicht gefunden (vielleicht inzwischen gelöscht).")
    return _row(*found)


def department_exists(session: Session, department_id: str) -> bool:
    """An active entry of the department catalogue."""
    row = session.get(m.CatalogEntry, department_id)
    return (
        row is not None
        and row.deleted_at is None
        and row.active
        and row.kind == CatalogKind.DEPARTMENT.value
    )


def incident_id_by_reference(session: Session, reference: str) -> str | None:
    return session.execute(
        select(m.Incident.id).where(
            m.Incident.reference == reference, m.Incident.deleted_at.is_(None)
        )
    ).scalar_one_or_none()


# ---------------------------------------------------------------- writing


def next_case_reference(session: Session, today: date) -> str:
    """EA-YYYY-NNN, numbered on from the highest of the year (shared with the hand-over)."""
    return next_reference(session, f"EA-{today.year}-", 3)


def _apply(case: m.Case, draft: dc.CaseDraft, incident_id: str | None) -> None:
    assert draft.received_on is not None  # validated by the caller
    case.department_id = draft.department_id
    case.subject = draft.subject
    case.address = draft.address
    case.received_on = draft.received_on
    case.due_on = draft.due_on
    case.assigned_officer_id = draft.assigned_officer_id
    case.source_incident_id = incident_id


def insert(
    session: Session, draft: dc.CaseDraft, reference: str, incident_id: str | None
) -> tuple[dc.CaseRow, dict[str, Any]]:
    """Insert a new open case; returns its row and snapshot for the audit log."""
    case = m.Case(id=new_id(), reference=reference, status=CaseStatus.OPEN.value, result="")
    _apply(case, draft, incident_id)
    session.add(case)
    session.flush()
    return get(session, case.id), snapshot(case)


def update(
    session: Session,
    case_id: str,
    draft: dc.CaseDraft,
    incident_id: str | None,
    expected_version: int | None,
) -> tuple[dc.CaseRow, dict[str, Any], dict[str, Any]]:
    """Change what the form edits; StaleEditError when someone saved in between."""
    case = _get(session, case_id)
    _check_version(case, expected_version, _WHAT)
    before = snapshot(case)
    _apply(case, draft, incident_id)
    session.flush()
    return get(session, case_id), before, snapshot(case)


def current(session: Session, case_id: str, expected_version: int | None) -> dc.CaseRow:
    """The case as it is now, refused as stale when it moved past ``expected_version``."""
    _check_version(_get(session, case_id), expected_version, _WHAT)
    return get(session, case_id)


def set_status(
    session: Session, case_id: str, status: CaseStatus, result: str | None, at: datetime
) -> tuple[dc.CaseRow, dict[str, Any], dict[str, Any]]:
    """Set the status (the caller checked the transition); done stamps ``closed_at``.

    ``result`` replaces the stored result when given; a reopened case keeps its old result
    so the officer sees what was found before.
    """
    case = _get(session, case_id)
    before = snapshot(case)
    case.status = status.value
    case.closed_at = at if status is CaseStatus.DONE else None
    if result is not None:
        case.result = result.strip()
    session.flush()
    return get(session, case_id), before, snapshot(case)


def set_assigned(
    session: Session, case_id: str, officer_id: str | None
) -> tuple[dc.CaseRow, dict[str, Any], dict[str, Any]]:
    case = _get(session, case_id)
    before = snapshot(case)
    case.assigned_officer_id = officer_id
    session.flush()
    return get(session, case_id), before, snapshot(case)


def officer(session: Session, officer_id: str) -> dm.Officer | None:
    """The officer with ``officer_id`` (active or not), None when unknown or deleted."""
    row = session.get(m.Officer, officer_id)
    return None if row is None or row.deleted_at is not None else officer_row(row)
