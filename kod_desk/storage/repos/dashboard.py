"""Read-only queries behind the Übersicht."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kod_desk.domain import dashboard as dd
from kod_desk.domain.bikes import UNPLANNED_RIDE
from kod_desk.domain.enums import (
    CaseStatus,
    CheckoutStatus,
    IncidentStatus,
    ShiftKind,
)
from kod_desk.storage import models as m


def duties_between(session: Session, start: datetime, end: datetime) -> list[dd.DutyRow]:
    """Duties that overlap [start, end), each with its crew."""
    shifts = session.execute(
        select(m.Shift, m.Area.name)
        .outerjoin(m.Area, m.Area.id == m.Shift.area_id)
        .where(m.Shift.deleted_at.is_(None), m.Shift.starts_at < end, m.Shift.ends_at > start)
        .order_by(m.Shift.starts_at, m.Shift.kind)
    ).all()
    if not shifts:
        return []
    ids = [shift.id for shift, _ in shifts]
    crews: dict[str, list[dd.CrewMember]] = defaultdict(list)
    rows = session.execute(
        select(m.Assignment.shift_id, m.Assignment.is_lead, m.Officer)
        .join(m.Officer, m.Officer.id == m.Assignment.officer_id)
        .where(m.Assignment.shift_id.in_(ids), m.Assignment.deleted_at.is_(None))
        .order_by(m.Assignment.is_lead.desc(), m.Officer.last_name)
    )
    for shift_id, is_lead, officer in rows:
        crews[shift_id].append(
            dd.CrewMember(
                officer.id,
                f"{officer.last_name}, {officer.first_name}",
                officer.service_number,
                is_lead,
            )
        )
    return [
        dd.DutyRow(
            shift_id=shift.id,
            kind=ShiftKind(shift.kind),
            area=area or "",
            starts_at=shift.starts_at,
            ends_at=shift.ends_at,
            min_staff=shift.min_staff,
            crew=tuple(crews.get(shift.id, ())),
        )
        for shift, area in shifts
    ]


def duties_on(session: Session, day: date) -> list[dd.DutyRow]:
    ids = session.scalars(
        select(m.Shift.id).where(m.Shift.deleted_at.is_(None), m.Shift.duty_date == day)
    ).all()
    if not ids:
        return []
    wanted = set(ids)
    first = session.execute(
        select(func.min(m.Shift.starts_at), func.max(m.Shift.ends_at)).where(m.Shift.id.in_(ids))
    ).one()
    return [d for d in duties_between(session, first[0], first[1]) if d.shift_id in wanted]


def bikes_out(session: Session) -> list[dd.BikeOutRow]:
    rows = session.execute(
        select(
            m.Bike.inventory_no,
            m.Officer.last_name,
            m.Officer.first_name,
            m.BikeCheckout.out_at,
            m.BikeCheckout.planned_to,
            m.Bike.id,
            m.BikeCheckout.id,
        )
        .join(m.Bike, m.Bike.id == m.BikeCheckout.bike_id)
        .join(m.Officer, m.Officer.id == m.BikeCheckout.officer_id)
        .where(
            m.BikeCheckout.status == CheckoutStatus.OUT.value, m.BikeCheckout.deleted_at.is_(None)
        )
        .order_by(m.Bike.inventory_no)
    )
    return [
        dd.BikeOutRow(inv, f"{last}, {first}", out_at, _due_back(out_at, due), bike_id, checkout_id)
        for inv, last, first, out_at, due, bike_id, checkout_id in rows
    ]


def _due_back(out_at: datetime | None, planned_to: datetime | None) -> datetime | None:
    """The planned return; without one a ride is due back after a long duty (as in Checkout)."""
    if planned_to is not None and (out_at is None or planned_to > out_at):
        return planned_to
    return out_at + UNPLANNED_RIDE if out_at is not None else None


def open_incident_counts(session: Session, since: datetime) -> tuple[int, int]:
    open_count = session.execute(
        select(func.count())
        .select_from(m.Incident)
        .where(
            m.Incident.deleted_at.is_(None),
            m.Incident.status.in_([IncidentStatus.OPEN.value, IncidentStatus.IN_PROGRESS.value]),
        )
    ).scalar_one()
    recent = session.execute(
        select(func.count())
        .select_from(m.Incident)
        .where(m.Incident.deleted_at.is_(None), m.Incident.occurred_at >= since)
    ).scalar_one()
    return int(open_count), int(recent)


def open_sync_conflicts(session: Session) -> int:
    """Records changed at two stations, waiting for a supervisor (issue 8)."""
    return int(
        session.execute(
            select(func.count())
            .select_from(m.SyncConflict)
            .where(m.SyncConflict.resolved_at.is_(None))
        ).scalar_one()
    )


def overdue_cases(session: Session, today: date) -> list[dd.CaseDueRow]:
    rows = session.execute(
        select(m.Case, m.CatalogEntry.name, m.Officer.last_name, m.Officer.first_name)
        .outerjoin(m.CatalogEntry, m.CatalogEntry.id == m.Case.department_id)
        .outerjoin(m.Officer, m.Officer.id == m.Case.assigned_officer_id)
        .where(
            m.Case.deleted_at.is_(None),
            m.Case.status != CaseStatus.DONE.value,
            m.Case.due_on < today,
        )
        .order_by(m.Case.due_on)
    )
    return [
        dd.CaseDueRow(
            case.id,
            case.reference,
            case.subject,
            department or "",
            case.due_on,
            f"{last}, {first}" if last else "—",
        )
        for case, department, last, first in rows
        if case.due_on is not None
    ]


def has_officers(session: Session) -> bool:
    return session.execute(select(m.Officer.id).limit(1)).first() is not None
