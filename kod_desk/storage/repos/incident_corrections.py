"""Storage of incident corrections (category, crew, measures) and of the running duties the
quick entry fills its form from (issue 14).

Links of removed officers and measures are soft-deleted (they travel as tombstones); a link
added again is revived, so the unique (incident, officer) pair holds.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kod_desk.domain.enums import IncidentStatus, ShiftKind
from kod_desk.domain.errors import NotFoundError
from kod_desk.domain.incident_corrections import IncidentCorrection
from kod_desk.domain.quick_entry import DutyCrew, RunningDuty
from kod_desk.storage import models as m


def _get(session: Session, incident_id: str) -> m.Incident:
    row = session.get(m.Incident, incident_id)
    if row is None or row.deleted_at is not None:
        raise NotFoundError("Das Vorkommnis wurde nicht gefunden (vielleicht inzwischen gelöscht).")
    return row


def current(session: Session, incident_id: str) -> tuple[IncidentCorrection, IncidentStatus]:
    """What the incident says now (category, crew, measures) and its status."""
    incident = _get(session, incident_id)
    officers = session.execute(
        select(m.IncidentOfficer.officer_id).where(
            m.IncidentOfficer.incident_id == incident_id, m.IncidentOfficer.deleted_at.is_(None)
        )
    ).scalars()
    measures = session.execute(
        select(m.IncidentMeasure.measure_id).where(
            m.IncidentMeasure.incident_id == incident_id, m.IncidentMeasure.deleted_at.is_(None)
        )
    ).scalars()
    return (
        IncidentCorrection(incident.category_id, tuple(officers), tuple(measures)),
        IncidentStatus(incident.status),
    )


def snapshot(session: Session, state: IncidentCorrection) -> dict[str, Any]:
    """Ids and readable names of a state, for the audit entry (officers of the unit only)."""
    officers = {
        i: f"{last}, {first}"
        for i, last, first in session.execute(
            select(m.Officer.id, m.Officer.last_name, m.Officer.first_name).where(
                m.Officer.id.in_(set(state.officer_ids))
            )
        )
    }
    wanted = {x for x in (state.category_id, *state.measure_ids) if x}
    names: dict[str, str] = {
        i: name
        for i, name in session.execute(
            select(m.CatalogEntry.id, m.CatalogEntry.name).where(m.CatalogEntry.id.in_(wanted))
        )
    }
    return {
        "category_id": state.category_id,
        "category": names.get(state.category_id or "", ""),
        "officer_ids": sorted(state.officer_ids),
        "officers": sorted(officers.get(i, i) for i in state.officer_ids),
        "measure_ids": sorted(state.measure_ids),
        "measures": sorted(names.get(i, i) for i in state.measure_ids),
    }


def apply(session: Session, incident_id: str, wanted: IncidentCorrection, at: datetime) -> None:
    """Make the incident say ``wanted``; the caller checked role and catalogue."""
    incident = _get(session, incident_id)
    if incident.category_id != wanted.category_id:
        incident.category_id = wanted.category_id
    _relink(session, m.IncidentOfficer, "officer_id", incident_id, wanted.officer_ids, at)
    _relink(session, m.IncidentMeasure, "measure_id", incident_id, wanted.measure_ids, at)
    session.flush()


def _relink(
    session: Session,
    model: type[m.IncidentOfficer] | type[m.IncidentMeasure],
    column: str,
    incident_id: str,
    wanted: Sequence[str],
    at: datetime,
) -> None:
    rows: list[Any] = list(
        session.execute(select(model).where(model.incident_id == incident_id)).scalars()
    )
    live = {getattr(r, column) for r in rows if r.deleted_at is None}
    for row in rows:
        if row.deleted_at is None and getattr(row, column) not in wanted:
            row.deleted_at = at
    for target in wanted:
        if target in live:
            continue
        revived = next(
            (r for r in rows if r.deleted_at is not None and getattr(r, column) == target), None
        )
        if revived is not None:
            revived.deleted_at = None
        else:
            session.add(model(incident_id=incident_id, **{column: target}))


def officer_names_by_number(session: Session, numbers: Sequence[str]) -> dict[str, str]:
    """Service number (lower case) → "Nachname, Vorname", for the history's authors."""
    if not numbers:
        return {}
    rows = session.execute(
        select(m.Officer.service_number, m.Officer.last_name, m.Officer.first_name)
    ).all()
    wanted = {n.casefold() for n in numbers}
    return {
        number.casefold(): f"{last}, {first}"
        for number, last, first in rows
        if number.casefold() in wanted
    }


# ---------------------------------------------------------------- running duties


def running_duties(session: Session, at: datetime) -> list[RunningDuty]:
    """Duties running at ``at`` (not deleted), earliest start first, crew lead first."""
    shifts = session.execute(
        select(m.Shift, m.Area.name)
        .outerjoin(m.Area, m.Area.id == m.Shift.area_id)
        .where(
            m.Shift.deleted_at.is_(None),
            m.Shift.starts_at <= at,
            m.Shift.ends_at > at,
        )
        .order_by(m.Shift.starts_at, m.Shift.kind)
    ).all()
    if not shifts:
        return []
    crews: dict[str, list[DutyCrew]] = {}
    rows = session.execute(
        select(m.Assignment.shift_id, m.Officer.id, m.Officer.last_name, m.Officer.first_name)
        .join(m.Officer, m.Officer.id == m.Assignment.officer_id)
        .where(
            m.Assignment.shift_id.in_([s.id for s, _ in shifts]),
            m.Assignment.deleted_at.is_(None),
        )
        .order_by(m.Assignment.is_lead.desc(), m.Officer.last_name, m.Officer.first_name)
    )
    for shift_id, officer_id, last, first in rows:
        crews.setdefault(shift_id, []).append(DutyCrew(officer_id, last, first))
    return [
        RunningDuty(
            shift_id=shift.id,
            kind=ShiftKind(shift.kind),
            area_id=shift.area_id,
            area_name=area or "",
            starts_at=shift.starts_at,
            ends_at=shift.ends_at,
            crew=tuple(crews.get(shift.id, ())),
        )
        for shift, area in shifts
    ]
