"""Finding and purging personal data whose retention period has run out (DESIGN.md §10)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, func, or_, select, text
from sqlalchemy.orm import Session

from kod_desk.domain.enums import IncidentStatus
from kod_desk.domain.retention import PurgeCandidate
from kod_desk.storage import models as m

_P = m.IncidentPerson


def _holds_personal_data() -> ColumnElement[bool]:
    """A person row that still holds anything personal (removed persons keep their data)."""
    return or_(
        _P.deleted_at.is_(None),
        _P.last_name != "",
        _P.first_name != "",
        _P.birth_date.is_not(None),
        _P.address != "",
        _P.note != "",
    )


def candidates(session: Session, closed_before: datetime) -> list[PurgeCandidate]:
    """Closed incidents (closed before the cutoff) that still have personal data, oldest first."""
    query = (
        select(
            m.Incident.id,
            m.Incident.reference,
            m.Incident.status_changed_at,
            func.count(_P.id),
        )
        .join(_P, _P.incident_id == m.Incident.id)
        .where(
            m.Incident.status == IncidentStatus.CLOSED.value,
            m.Incident.status_changed_at < closed_before,
            _holds_personal_data(),
        )
        .group_by(m.Incident.id, m.Incident.reference, m.Incident.status_changed_at)
        .order_by(m.Incident.status_changed_at, m.Incident.id)
    )
    return [
        PurgeCandidate(str(row[0]), str(row[1]), row[2], int(row[3]))
        for row in session.execute(query)
    ]


def purge(session: Session, incident_id: str, now: datetime) -> list[str]:
    """Blank the persons of one incident (role kept), mark them deleted; returns their ids.

    Through the ORM, so every row gets its sync stamp and a blanked tombstone reaches the
    other stations with the next sync package.
    """
    persons = session.scalars(
        select(_P).where(_P.incident_id == incident_id, _holds_personal_data())
    ).all()
    for person in persons:
        person.last_name = ""
        person.first_name = ""
        person.birth_date = None
        person.address = ""
        person.note = ""
        person.deleted_at = person.deleted_at or now
    incident = session.get(m.Incident, incident_id)
    if incident is not None:
        incident.personal_data_purged_at = now
    session.flush()
    return sorted(person.id for person in persons)


def overwrite_freed_space(session: Session) -> None:
    """SQLite: zero the space the old values leave behind (they are not left in the file)."""
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("PRAGMA secure_delete = ON"))


def persons_holding_data(session: Session, incident_ids: list[str]) -> list[str]:
    """The persons of these incidents that a purge would blank now."""
    found: list[str] = []
    for start in range(0, len(incident_ids), 500):  # bound the IN list
        chunk = incident_ids[start : start + 500]
        found.extend(
            session.scalars(select(_P.id).where(_P.incident_id.in_(chunk), _holds_personal_data()))
        )
    return found


def purged_person_ids(session: Session) -> list[str]:
    """Every person a purge blanked (of an incident purged, no personal data left)."""
    query = (
        select(_P.id)
        .join(m.Incident, m.Incident.id == _P.incident_id)
        .where(m.Incident.personal_data_purged_at.is_not(None), ~_holds_personal_data())
    )
    return list(session.scalars(query))
