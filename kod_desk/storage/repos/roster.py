"""Repositories for the roster: shifts, assignments, absences, and the facts the rules read."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kod_desk.domain import roster as dr
from kod_desk.domain.enums import AbsenceKind, Qualification, ShiftKind
from kod_desk.domain.errors import NotFoundError
from kod_desk.domain.ids import new_id
from kod_desk.domain.timeutil import duty_bounds
from kod_desk.storage import models as m
from kod_desk.storage.repos.masterdata import snapshot


def _shift_rows(
    session: Session, shifts: list[tuple[m.Shift, str | None, str | None]]
) -> list[dr.RosterShift]:
    ids = [shift.id for shift, _, _ in shifts]
    crews: dict[str, list[dr.CrewMember]] = defaultdict(list)
    if ids:
        rows = session.execute(
            select(m.Assignment, m.Officer)
            .join(m.Officer, m.Officer.id == m.Assignment.officer_id)
            .where(m.Assignment.shift_id.in_(ids), m.Assignment.deleted_at.is_(None))
            .order_by(m.Assignment.is_lead.desc(), m.Officer.last_name, m.Officer.first_name)
        )
        for assignment, officer in rows:
            crews[assignment.shift_id].append(
                dr.CrewMember(
                    officer_id=officer.id,
                    service_number=officer.service_number,
                    name=f"{officer.last_name}, {officer.first_name}",
                    is_lead=assignment.is_lead,
                    actual_start=assignment.actual_start,
                    actual_end=assignment.actual_end,
                    actual_break_minutes=assignment.actual_break_minutes,
                )
            )
    return [
        dr.RosterShift(
            id=shift.id,
            duty_date=shift.duty_date,
            kind=ShiftKind(shift.kind),
            area_id=shift.area_id,
            area=area or "",
            template_id=shift.template_id,
            label=template or "",
            starts_at=shift.starts_at,
            ends_at=shift.ends_at,
            break_minutes=shift.break_minutes,
            min_staff=shift.min_staff,
            note=shift.note,
            version=shift.version,
            crew=tuple(crews.get(shift.id, ())),
        )
        for shift, area, template in shifts
    ]


def shifts_between(session: Session, first: date, last: date) -> list[dr.RosterShift]:
    """Duties whose local day lies in [first, last], with their crews."""
    rows = session.execute(
        select(m.Shift, m.Area.name, m.ShiftTemplate.name)
        .outerjoin(m.Area, m.Area.id == m.Shift.area_id)
        .outerjoin(m.ShiftTemplate, m.ShiftTemplate.id == m.Shift.template_id)
        .where(m.Shift.deleted_at.is_(None), m.Shift.duty_date.between(first, last))
        .order_by(m.Shift.starts_at, m.Shift.kind, m.Shift.id)
    ).all()
    return _shift_rows(session, [(s, a, t) for s, a, t in rows])


def get_shift(session: Session, shift_id: str) -> dr.RosterShift:
    row = session.execute(
        select(m.Shift, m.Area.name, m.ShiftTemplate.name)
        .outerjoin(m.Area, m.Area.id == m.Shift.area_id)
        .outerjoin(m.ShiftTemplate, m.ShiftTemplate.id == m.Shift.template_id)
        .where(m.Shift.id == shift_id, m.Shift.deleted_at.is_(None))
    ).first()
    if row is None:
        raise NotFoundError("Der Dienst wurde nicht gefunden (vielleicht inzwischen gelöscht).")
    return _shift_rows(session, [(row[0], row[1], row[2])])[0]


def _apply_shift(row: m.Shift, draft: dr.ShiftDraft) -> None:
    starts_at, ends_at = duty_bounds(draft.duty_date, draft.start, draft.end)
    row.duty_date = draft.duty_date
    row.starts_at = starts_at
    row.ends_at = ends_at
    row.kind = draft.kind.value
    row.area_id = draft.area_id
    row.template_id = draft.template_id
    row.min_staff = draft.min_staff
    row.break_minutes = draft.break_minutes
    row.note = draft.note.strip()


def insert_shift(session: Session, draft: dr.ShiftDraft) -> tuple[str, dict[str, Any]]:
    row = m.Shift(id=new_id())
    _apply_shift(row, draft)
    session.add(row)
    session.flush()
    return row.id, snapshot(row)


def update_shift(
    session: Session, shift_id: str, draft: dr.ShiftDraft
) -> tuple[dict[str, Any], dict[str, Any]]:
    row = session.get(m.Shift, shift_id)
    if row is None or row.deleted_at is not None:
        raise NotFoundError("Der Dienst wurde nicht gefunden (vielleicht inzwischen gelöscht).")
    before = snapshot(row)
    _apply_shift(row, draft)
    session.flush()
    return before, snapshot(row)


def tombstone_shift(session: Session, shift_id: str, now: datetime) -> dict[str, Any]:
    row = session.get(m.Shift, shift_id)
    if row is None or row.deleted_at is not None:
        raise NotFoundError("Der Dienst wurde nicht gefunden (vielleicht inzwischen gelöscht).")
    before = snapshot(row)
    row.deleted_at = now
    for assignment in session.scalars(
        select(m.Assignment).where(
            m.Assignment.shift_id == shift_id, m.Assignment.deleted_at.is_(None)
        )
    ):
        assignment.deleted_at = now
    session.flush()
    return before


def restore_shift(session: Session, shift_id: str, officer_ids: list[str]) -> None:
    """Undo of a deletion: bring back the duty and the named assignments."""
    row = session.get(m.Shift, shift_id)
    if row is None:
        raise NotFoundError("Der Dienst wurde nicht gefunden.")
    row.deleted_at = None
    for assignment in session.scalars(
        select(m.Assignment).where(m.Assignment.shift_id == shift_id)
    ):
        if assignment.officer_id in officer_ids:
            assignment.deleted_at = None
    session.flush()


def set_assignment(
    session: Session, shift_id: str, officer_id: str, *, present: bool, is_lead: bool, now: datetime
) -> tuple[str, dict[str, Any] | None, dict[str, Any] | None]:
    """Create, revive, change or tombstone the assignment; returns (id, before, after)."""
    row = session.execute(
        select(m.Assignment).where(
            m.Assignment.shift_id == shift_id, m.Assignment.officer_id == officer_id
        )
    ).scalar_one_or_none()
    before = None if row is None or row.deleted_at is not None else snapshot(row)
    if row is None:
        if not present:
            return "", None, None
        row = m.Assignment(id=new_id(), shift_id=shift_id, officer_id=officer_id, is_lead=is_lead)
        session.add(row)
    elif present:
        row.deleted_at = None
        row.is_lead = is_lead
    else:
        row.deleted_at = now
    if present and is_lead:
        # One patrol lead per duty.
        for other in session.scalars(
            select(m.Assignment).where(
                m.Assignment.shift_id == shift_id,
                m.Assignment.officer_id != officer_id,
                m.Assignment.is_lead.is_(True),
            )
        ):
            other.is_lead = False
    session.flush()
    return row.id, before, (snapshot(row) if present else None)


def set_actual_times(
    session: Session,
    shift_id: str,
    officer_id: str,
    start: datetime | None,
    end: datetime | None,
    break_minutes: int | None,
) -> tuple[dict[str, Any], dict[str, Any]]:
    row = session.execute(
        select(m.Assignment).where(
            m.Assignment.shift_id == shift_id,
            m.Assignment.officer_id == officer_id,
            m.Assignment.deleted_at.is_(None),
        )
    ).scalar_one_or_none()
    if row is None:
        raise NotFoundError("Diese Dienstkraft ist für den Dienst nicht eingeteilt.")
    before = snapshot(row)
    row.actual_start = start
    row.actual_end = end
    row.actual_break_minutes = break_minutes
    session.flush()
    return before, snapshot(row)


# ---------------------------------------------------------------- absences


def absences_between(session: Session, first: date, last: date) -> list[dr.Absence]:
    rows = session.scalars(
        select(m.Absence)
        .where(
            m.Absence.deleted_at.is_(None), m.Absence.starts_on <= last, m.Absence.ends_on >= first
        )
        .order_by(m.Absence.starts_on)
    )
    return [
        dr.Absence(
            a.id, a.officer_id, AbsenceKind(a.kind), a.starts_on, a.ends_on, a.note, a.version
        )
        for a in rows
    ]


def insert_absence(session: Session, draft: dr.AbsenceDraft) -> tuple[str, dict[str, Any]]:
    row = m.Absence(
        id=new_id(),
        officer_id=draft.officer_id,
        kind=draft.kind.value,
        starts_on=draft.starts_on,
        ends_on=draft.ends_on,
        note=draft.note.strip(),
    )
    session.add(row)
    session.flush()
    return row.id, snapshot(row)


def tombstone_absence(session: Session, absence_id: str, now: datetime) -> dict[str, Any]:
    row = session.get(m.Absence, absence_id)
    if row is None or row.deleted_at is not None:
        raise NotFoundError("Die Abwesenheit wurde nicht gefunden.")
    before = snapshot(row)
    row.deleted_at = now
    session.flush()
    return before


# ---------------------------------------------------------------- facts for the rules


def roster_facts(session: Session, first: date, last: date) -> dr.RosterFacts:
    """Duties, assignments, officers and absences of [first, last]."""
    shifts = session.scalars(
        select(m.Shift).where(m.Shift.deleted_at.is_(None), m.Shift.duty_date.between(first, last))
    ).all()
    templates: dict[str, str] = {
        row_id: name
        for row_id, name in session.execute(select(m.ShiftTemplate.id, m.ShiftTemplate.name))
    }
    areas: dict[str, str] = {
        row_id: name for row_id, name in session.execute(select(m.Area.id, m.Area.name))
    }
    duties = tuple(
        dr.DutyFact(
            id=s.id,
            duty_date=s.duty_date,
            kind=ShiftKind(s.kind),
            area=areas.get(s.area_id) if s.area_id else None,
            starts_at=s.starts_at,
            ends_at=s.ends_at,
            break_minutes=s.break_minutes,
            min_staff=s.min_staff,
            label=templates.get(s.template_id, "") if s.template_id else "",
        )
        for s in shifts
    )
    ids = [s.id for s in shifts]
    assignments: list[dr.AssignmentFact] = []
    for chunk_start in range(0, len(ids), 500):
        chunk = ids[chunk_start : chunk_start + 500]
        assignments.extend(
            dr.AssignmentFact(
                shift_id=a.shift_id,
                officer_id=a.officer_id,
                is_lead=a.is_lead,
                actual_start=a.actual_start,
                actual_end=a.actual_end,
                actual_break_minutes=a.actual_break_minutes,
            )
            for a in session.scalars(
                select(m.Assignment).where(
                    m.Assignment.shift_id.in_(chunk), m.Assignment.deleted_at.is_(None)
                )
            )
        )
    bike = Qualification.BIKE.value.casefold()
    officers = tuple(
        dr.OfficerFact(
            id=o.id,
            service_number=o.service_number,
            name=f"{o.last_name}, {o.first_name}",
            weekly_hours=float(o.weekly_hours),
            has_bike_training=any(q.casefold() == bike for q in o.qualifications or ()),
        )
        for o in session.scalars(select(m.Officer).where(m.Officer.deleted_at.is_(None)))
    )
    absences = tuple(
        dr.AbsenceFact(a.officer_id, a.kind, a.starts_on, a.ends_on)
        for a in absences_between(session, first - timedelta(days=1), last + timedelta(days=1))
    )
    return dr.RosterFacts(duties, tuple(assignments), officers, absences)


# ---------------------------------------------------------------- publishing


def week_state(session: Session, monday: date) -> dr.WeekState:
    row = session.execute(
        select(m.RosterWeek).where(m.RosterWeek.week_start == monday)
    ).scalar_one_or_none()
    if row is None or row.published_at is None:
        return dr.WeekState(monday)
    name = session.execute(
        select(m.Officer.last_name, m.Officer.first_name).where(
            m.Officer.service_number == row.published_by
        )
    ).first()
    return dr.WeekState(
        monday,
        row.published_at,
        row.published_by,
        row.publish_reason,
        None if name is None else f"{name[0]}, {name[1]}",
    )


def publish_week(
    session: Session, monday: date, actor: str, reason: str | None, now: datetime
) -> tuple[dict[str, Any] | None, dict[str, Any]]:
    row = session.execute(
        select(m.RosterWeek).where(m.RosterWeek.week_start == monday)
    ).scalar_one_or_none()
    before = None if row is None else snapshot(row)
    if row is None:
        row = m.RosterWeek(id=new_id(), week_start=monday)
        session.add(row)
    row.published_at = now
    row.published_by = actor
    row.publish_reason = reason
    row.published_snapshot = [
        _snapshot_shift(shift)
        for shift in shifts_between(session, monday, monday + timedelta(days=6))
    ]
    # A new publication is the new reference: earlier "changed" marks are settled.
    for shift in session.scalars(
        select(m.Shift).where(
            m.Shift.duty_date.between(monday, monday + timedelta(days=6)),
            m.Shift.changed_after_publish.is_(True),
        )
    ):
        shift.changed_after_publish = False
    session.flush()
    return before, snapshot(row)


def _snapshot_shift(shift: dr.RosterShift) -> dict[str, Any]:
    return {
        "id": shift.id,
        "duty_date": shift.duty_date.isoformat(),
        "kind": shift.kind.value,
        "area_id": shift.area_id,
        "area": shift.area,
        "template_id": shift.template_id,
        "label": shift.label,
        "starts_at": shift.starts_at.isoformat(),
        "ends_at": shift.ends_at.isoformat(),
        "break_minutes": shift.break_minutes,
        "min_staff": shift.min_staff,
        "note": shift.note,
        "version": shift.version,
        "crew": [
            {
                "officer_id": c.officer_id,
                "service_number": c.service_number,
                "name": c.name,
                "is_lead": c.is_lead,
            }
            for c in shift.crew
        ],
    }


def published_shifts(session: Session, monday: date) -> tuple[dr.RosterShift, ...] | None:
    """The week as it was published (None when it never was)."""
    row = session.execute(
        select(m.RosterWeek).where(m.RosterWeek.week_start == monday)
    ).scalar_one_or_none()
    if row is None or row.published_at is None or row.published_snapshot is None:
        return None
    return tuple(
        dr.RosterShift(
            id=item["id"],
            duty_date=date.fromisoformat(item["duty_date"]),
            kind=ShiftKind(item["kind"]),
            area_id=item["area_id"],
            area=item["area"],
            template_id=item["template_id"],
            label=item["label"],
            starts_at=datetime.fromisoformat(item["starts_at"]),
            ends_at=datetime.fromisoformat(item["ends_at"]),
            break_minutes=item["break_minutes"],
            min_staff=item["min_staff"],
            note=item["note"],
            version=item["version"],
            crew=tuple(
                dr.CrewMember(c["officer_id"], c["service_number"], c["name"], c["is_lead"])
                for c in item["crew"]
            ),
        )
        for item in row.published_snapshot
    )


def mark_changed_if_published(session: Session, shift_id: str) -> bool:
    """Flag a duty of a published week as changed since publication (planned vs changed)."""
    shift = session.get(m.Shift, shift_id)
    if shift is None:
        return False
    monday = shift.duty_date - timedelta(days=shift.duty_date.weekday())
    published = session.execute(
        select(m.RosterWeek.published_at).where(m.RosterWeek.week_start == monday)
    ).scalar_one_or_none()
    if published is not None and not shift.changed_after_publish:
        shift.changed_after_publish = True
        session.flush()
        return True
    return False


def changed_shift_ids(session: Session, first: date, last: date) -> set[str]:
    return set(
        session.scalars(
            select(m.Shift.id).where(
                m.Shift.duty_date.between(first, last),
                m.Shift.changed_after_publish.is_(True),
                m.Shift.deleted_at.is_(None),
            )
        )
    )
