"""Reading what the reports print (issue 7): one query set per report, domain data out.

Reuses the roster's duty query (crew with the lead first), the fleet's check-out query and the
incidents' detail; what only the reports need (the chronology of a duty, measure notes,
hand-overs with their department) is asked here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import and_, exists, or_, select
from sqlalchemy.orm import Session, aliased

from kod_desk.domain import reports as dr
from kod_desk.domain.enums import (
    CaseStatus,
    CheckoutStatus,
    IncidentSource,
    IncidentStatus,
    ShiftKind,
)
from kod_desk.domain.timeutil import format_local, to_local
from kod_desk.storage import models as m
from kod_desk.storage.repos import bikes as bikes_repo
from kod_desk.storage.repos import incidents as incidents_repo
from kod_desk.storage.repos import roster as roster_repo

_Area = aliased(m.Area)
_Category = aliased(m.CatalogEntry)
_Department = aliased(m.CatalogEntry)


def station_name(session: Session) -> str:
    return session.execute(select(m.Station.name)).scalar_one_or_none() or ""


def incident_id(session: Session, id_or_reference: str) -> str | None:
    """A live incident's id, found by its id or its reference (case-insensitive)."""
    if not id_or_reference:
        return None
    live = m.Incident.deleted_at.is_(None)
    found = session.execute(
        select(m.Incident.id).where(live, m.Incident.id == id_or_reference)
    ).scalar_one_or_none()
    if found is None:
        found = session.execute(
            select(m.Incident.id).where(live, m.Incident.reference == id_or_reference.upper())
        ).scalar_one_or_none()
    return found


def _measures(session: Session, incident_ids: Sequence[str]) -> dict[str, list[tuple[str, str]]]:
    found: dict[str, list[tuple[str, str]]] = defaultdict(list)
    if not incident_ids:
        return found
    rows = session.execute(
        select(m.IncidentMeasure.incident_id, m.CatalogEntry.name, m.IncidentMeasure.note)
        .join(m.CatalogEntry, m.CatalogEntry.id == m.IncidentMeasure.measure_id)
        .where(
            m.IncidentMeasure.incident_id.in_(set(incident_ids)),
            m.IncidentMeasure.deleted_at.is_(None),
        )
        .order_by(m.CatalogEntry.sort_order, m.CatalogEntry.name)
    ).all()
    for incident_id, name, note in rows:
        found[incident_id].append((name, note or ""))
    return found


def _cases(session: Session, incident_ids: Sequence[str]) -> dict[str, list[dr.CaseHandover]]:
    found: dict[str, list[dr.CaseHandover]] = defaultdict(list)
    if not incident_ids:
        return found
    rows = session.execute(
        select(m.Case.source_incident_id, m.Case.reference, _Department.name, m.Case.status)
        .outerjoin(_Department, _Department.id == m.Case.department_id)
        .where(m.Case.source_incident_id.in_(set(incident_ids)), m.Case.deleted_at.is_(None))
        .order_by(m.Case.created_at, m.Case.reference)
    ).all()
    labels = {s.value: s.label for s in CaseStatus}
    for incident_id, reference, department, status in rows:
        found[incident_id].append(
            dr.CaseHandover(reference, department or "", labels.get(status, status))
        )
    return found


# ---------------------------------------------------------------- shift summary


def shift_summary(session: Session, shift_id: str) -> dr.ShiftSummaryData:
    """The duty, its crew and bikes, and its incidents: those booked to the duty plus those
    of a crew member inside the duty's time (planned, widened by the actual times)."""
    shift = roster_repo.get_shift(session, shift_id)
    bikes = tuple(
        c
        for c in bikes_repo.checkouts_of_shifts(session, [shift_id])
        if c.status is not CheckoutStatus.CANCELLED
    )
    start, end = shift.starts_at, shift.ends_at
    for member in shift.crew:
        if member.actual_start is not None:
            start = min(start, member.actual_start)
        if member.actual_end is not None:
            end = max(end, member.actual_end)
    crew_ids = [c.officer_id for c in shift.crew]
    by_crew = and_(
        m.Incident.occurred_at >= start,
        m.Incident.occurred_at <= end,
        exists().where(
            m.IncidentOfficer.incident_id == m.Incident.id,
            m.IncidentOfficer.officer_id.in_(crew_ids),
            m.IncidentOfficer.deleted_at.is_(None),
        ),
    )
    condition = (
        or_(m.Incident.shift_id == shift_id, by_crew)
        if crew_ids
        else (m.Incident.shift_id == shift_id)
    )
    rows = session.execute(
        select(m.Incident, _Area.name, _Category.name)
        .outerjoin(_Area, _Area.id == m.Incident.area_id)
        .outerjoin(_Category, _Category.id == m.Incident.category_id)
        .where(m.Incident.deleted_at.is_(None), condition)
        .order_by(m.Incident.occurred_at, m.Incident.reference)
    ).all()
    ids = [incident.id for incident, _, _ in rows]
    measures = _measures(session, ids)
    cases = _cases(session, ids)
    chronology = tuple(
        dr.ChronologyEntry(
            id=incident.id,
            occurred_at=incident.occurred_at,
            reference=incident.reference,
            category=category or "",
            area=area or "",
            place=incident.place,
            measures=tuple(name for name, _ in measures.get(incident.id, ())),
            status=IncidentStatus(incident.status),
            cases=tuple(cases.get(incident.id, ())),
            footage_reminder=incident.footage_reminder,
        )
        for incident, area, category in rows
    )
    return dr.ShiftSummaryData(
        shift_id=shift.id,
        duty_date=shift.duty_date,
        kind=shift.kind,
        area=shift.area,
        template=shift.label,
        planned_start=shift.starts_at,
        planned_end=shift.ends_at,
        break_minutes=shift.break_minutes,
        min_staff=shift.min_staff,
        note=shift.note,
        crew=shift.crew,
        bikes=bikes,
        incidents=chronology,
    )


# ---------------------------------------------------------------- incident report


def _duty_label(session: Session, shift_id: str | None) -> str:
    if shift_id is None:
        return ""
    row = session.execute(
        select(m.Shift.kind, m.Shift.starts_at, m.Shift.ends_at).where(
            m.Shift.id == shift_id, m.Shift.deleted_at.is_(None)
        )
    ).first()
    if row is None:
        return ""
    kind, starts_at, ends_at = row
    label = ShiftKind(kind).label
    end: datetime = to_local(ends_at)
    return f"{label}, {format_local(starts_at)}–{end:%H:%M} Uhr"


def incident_report(
    session: Session, incident_id: str, include_persons: bool
) -> dr.IncidentReportData:
    """One incident as the report prints it; persons only with ``include_persons``."""
    detail = incidents_repo.detail(session, incident_id, include_persons=include_persons)
    row = detail.row
    return dr.IncidentReportData(
        id=row.id,
        reference=row.reference,
        occurred_at=row.occurred_at,
        area=row.area_name,
        category=row.category_name,
        source=IncidentSource(row.source),
        place=row.place,
        latitude=detail.latitude,
        longitude=detail.longitude,
        description=detail.description,
        status=row.status,
        status_changed_at=detail.status_changed_at,
        outcome=detail.outcome,
        footage_reminder=row.footage_reminder,
        duty=_duty_label(session, detail.shift_id),
        officers=tuple(name for _, name in detail.officers),
        measures=tuple(_measures(session, [incident_id]).get(incident_id, ())),
        notes=detail.notes,
        cases=tuple(_cases(session, [incident_id]).get(incident_id, ())),
        person_count=detail.person_count,
        persons=detail.persons,
        created_at=detail.created_at,
    )
