"""Persons involved and attachments of incidents: the SQL behind IncidentService's file parts.

Attachment bytes are read only by :func:`attachment_data`; every other query names its columns
so a list of attachments never pulls the ``data`` blobs into memory. Neither table has an ORM
relationship to ``Incident``, so loading incidents never loads them either.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kod_desk.domain.attachments import AttachmentInfo, CheckedFile
from kod_desk.domain.enums import PersonRole, Role, Unit
from kod_desk.domain.errors import NotFoundError
from kod_desk.domain.ids import new_id
from kod_desk.domain.incidents import Person, PersonDraft
from kod_desk.domain.permissions import Viewer
from kod_desk.storage import models as m
from kod_desk.storage.repos.incidents import officer_id_for


def _incident(session: Session, incident_id: str) -> m.Incident:
    row = session.get(m.Incident, incident_id)
    if row is None or row.deleted_at is not None:
        raise NotFoundError("Das Vorkommnis wurde nicht gefunden (vielleicht inzwischen gelöscht).")
    return row


def require_incident(session: Session, incident_id: str) -> None:
    _incident(session, incident_id)


# ---------------------------------------------------------------- who looks


def viewer(session: Session, actor: str, role: Role) -> Viewer:
    """The session's role plus the officer whose service number is the actor's name, if any."""
    officer_id = officer_id_for(session, actor)
    if officer_id is None:
        return Viewer(role)
    unit = session.execute(select(m.Officer.unit).where(m.Officer.id == officer_id)).scalar_one()
    known = {u.value: u for u in Unit}
    return Viewer(role, known.get(unit), officer_id)


def listed_officers(session: Session, incident_id: str) -> frozenset[str]:
    return frozenset(
        session.execute(
            select(m.IncidentOfficer.officer_id).where(
                m.IncidentOfficer.incident_id == incident_id,
                m.IncidentOfficer.deleted_at.is_(None),
            )
        ).scalars()
    )


# ---------------------------------------------------------------- persons


def _person(row: m.IncidentPerson) -> Person:
    return Person(
        row.id,
        PersonRole(row.role),
        row.last_name,
        row.first_name,
        row.birth_date,
        row.address,
        row.note,
    )


def insert_person(session: Session, incident_id: str, draft: PersonDraft) -> Person:
    _incident(session, incident_id)
    row = m.IncidentPerson(
        id=new_id(),
        incident_id=incident_id,
        role=draft.role.value,
        last_name=draft.last_name,
        first_name=draft.first_name,
        birth_date=draft.birth_date,
        address=draft.address,
        note=draft.note,
    )
    session.add(row)
    return _person(row)


def persons(session: Session, incident_id: str) -> list[Person]:
    _incident(session, incident_id)
    rows = session.execute(
        select(m.IncidentPerson)
        .where(m.IncidentPerson.incident_id == incident_id, m.IncidentPerson.deleted_at.is_(None))
        .order_by(m.IncidentPerson.created_at, m.IncidentPerson.id)
    ).scalars()
    return [_person(row) for row in rows]


def person_count(session: Session, incident_id: str) -> int:
    return int(
        session.execute(
            select(func.count()).where(
                m.IncidentPerson.incident_id == incident_id,
                m.IncidentPerson.deleted_at.is_(None),
            )
        ).scalar_one()
    )


def delete_person(session: Session, person_id: str, now: datetime) -> dict[str, Any]:
    """Soft-delete; returns the audit snapshot (ids and role only, no personal data)."""
    row = session.get(m.IncidentPerson, person_id)
    if row is None or row.deleted_at is not None:
        raise NotFoundError("Die Person wurde nicht gefunden (vielleicht inzwischen entfernt).")
    row.deleted_at = now
    session.flush()
    return {"incident_id": row.incident_id, "role": row.role}


# ---------------------------------------------------------------- attachments

_A = m.Attachment
_INFO_COLUMNS = (
    _A.id,
    _A.incident_id,
    _A.filename,
    _A.mime_type,
    _A.size_bytes,
    _A.sha256,
    _A.thumbnail,
    _A.created_at,
    _A.updated_by,
)


def _info(row: Any) -> AttachmentInfo:
    return AttachmentInfo(
        id=row.id,
        incident_id=row.incident_id,
        filename=row.filename,
        mime_type=row.mime_type,
        size_bytes=row.size_bytes,
        sha256=row.sha256,
        thumbnail=row.thumbnail,
        added_at=row.created_at,
        added_by=row.updated_by,
    )


def attachment_with_hash(session: Session, incident_id: str, sha256: str) -> AttachmentInfo | None:
    row = session.execute(
        select(*_INFO_COLUMNS).where(
            _A.incident_id == incident_id, _A.sha256 == sha256, _A.deleted_at.is_(None)
        )
    ).first()
    return None if row is None else _info(row)


def insert_attachment(
    session: Session,
    incident_id: str,
    checked: CheckedFile,
    data: bytes,
    thumbnail: bytes | None,
) -> tuple[AttachmentInfo, dict[str, Any]]:
    """Store the file; returns its info and the audit snapshot (metadata, never the bytes)."""
    _incident(session, incident_id)
    row = m.Attachment(
        id=new_id(),
        incident_id=incident_id,
        filename=checked.filename,
        mime_type=checked.mime_type,
        size_bytes=checked.size_bytes,
        sha256=checked.sha256,
        data=data,
        thumbnail=thumbnail,
    )
    session.add(row)
    session.flush()  # the stamps (added at, by) the info shows
    after = {
        "incident_id": incident_id,
        "filename": checked.filename,
        "mime_type": checked.mime_type,
        "size_bytes": checked.size_bytes,
        "sha256": checked.sha256,
        "thumbnail": thumbnail is not None,
    }
    info = AttachmentInfo(
        row.id,
        incident_id,
        row.filename,
        row.mime_type,
        row.size_bytes,
        row.sha256,
        row.thumbnail,
        row.created_at,
        row.updated_by,
    )
    session.expunge(row)  # the bytes leave the session with the transaction
    return info, after


def attachments(session: Session, incident_id: str) -> list[AttachmentInfo]:
    """Metadata and thumbnails of an incident's attachments, oldest first, without the bytes."""
    _incident(session, incident_id)
    rows = session.execute(
        select(*_INFO_COLUMNS)
        .where(_A.incident_id == incident_id, _A.deleted_at.is_(None))
        .order_by(_A.created_at, _A.id)
    ).all()
    return [_info(row) for row in rows]


def attachment_data(session: Session, attachment_id: str) -> tuple[str, bytes]:
    """(file name, bytes) of one attachment."""
    row = session.execute(
        select(_A.filename, _A.data).where(_A.id == attachment_id, _A.deleted_at.is_(None))
    ).first()
    if row is None:
        raise NotFoundError("Der Anhang wurde nicht gefunden (vielleicht inzwischen entfernt).")
    return str(row.filename), bytes(row.data)
