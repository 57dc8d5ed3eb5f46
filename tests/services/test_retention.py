"""Retention of personal data on SQLite and PostgreSQL: preview, purge, audit, idempotence."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from kod_desk.domain.changes import Entity
from kod_desk.domain.enums import CatalogKind, IncidentSource, IncidentStatus, PersonRole, Role
from kod_desk.domain.errors import PermissionDenied, ValidationError
from kod_desk.domain.incidents import IncidentDraft, PersonDraft
from kod_desk.domain.retention import months_before
from kod_desk.domain.timeutil import BERLIN
from kod_desk.services.registry import Services
from kod_desk.storage import models as m
from kod_desk.storage.repos import audit

NOW = datetime.now(UTC).replace(microsecond=0)
TODAY = NOW.astimezone(BERLIN).date()
# Two years and a day from now, every incident closed today is due (default: 24 months).
LATER = date(TODAY.year + 2, TODAY.month, min(TODAY.day, 28)) + timedelta(days=1)
NAMES = ("Mustermann", "Erika", "Weg 1, Musterstadt", "trug eine rote Jacke")


def _person(role: PersonRole, last: str) -> PersonDraft:
    return PersonDraft(role, last, "Erika", date(1980, 5, 1), "Weg 1, Musterstadt", NAMES[3])


def _incident(services: Services, persons: int, *, close: bool) -> str:
    data = services.masterdata.load()
    category = next(c.id for c in data.catalog if c.kind is CatalogKind.INCIDENT_CATEGORY)
    draft = IncidentDraft(
        occurred_at=NOW - timedelta(hours=2),
        area_id=data.areas[0].id,
        category_id=category,
        source=IncidentSource.PATROL,
        place="Marktplatz",
        description="Streit vor dem Kiosk.",
        persons=tuple(_person(PersonRole.WITNESS, "Mustermann") for _ in range(persons)),
    )
    incident_id = services.incidents.create(draft).value.id
    if close:
        services.incidents.change_status(incident_id, IncidentStatus.CLOSED, "Platzverweis.")
    return incident_id


def _person_rows(services: Services, incident_id: str) -> list[Any]:
    table = m.IncidentPerson.__table__
    with services.db.read() as session:
        return list(session.execute(select(table).where(table.c.incident_id == incident_id)))


def _audit_rows(services: Services, action: str) -> list[Any]:
    table = m.AuditEntry.__table__
    with services.db.read() as session:
        return list(session.execute(select(table).where(table.c.action == action)))


def test_preview_counts_what_is_due_and_touches_nothing(services: Services) -> None:
    closed = [_incident(services, 2, close=True), _incident(services, 1, close=True)]
    _incident(services, 3, close=False)  # open: never due
    _incident(services, 0, close=True)  # closed, nobody involved: nothing to purge
    entries_before = _audit_rows(services, "update") + _audit_rows(services, "create")

    preview = services.retention.preview(LATER)
    assert (preview.incidents, preview.persons) == (2, 3)
    assert preview.cutoff == months_before(LATER, 24)
    assert preview.per_year == ((TODAY.year, 2, 3),)
    assert preview.oldest_closed == TODAY
    assert preview.message == (
        f"3 Personen aus 2 Vorkommnissen werden gelöscht "
        f"(abgeschlossen vor dem {preview.cutoff:%d.%m.%Y})."
    )
    # A day short of the period: nothing is due yet.
    assert services.retention.preview(LATER - timedelta(days=2)).is_empty
    # Nothing was touched by looking.
    for incident_id in closed:
        assert all(p.last_name == "Mustermann" for p in _person_rows(services, incident_id))
    assert _audit_rows(services, "update") + _audit_rows(services, "create") == entries_before
    assert _audit_rows(services, "purge_personal_data") == []


def test_run_purges_only_closed_incidents_past_the_period(services: Services) -> None:
    due = _incident(services, 2, close=True)
    still_open = _incident(services, 1, close=False)
    # A person removed earlier still held its data (soft delete): purged too.
    removed = _person_rows(services, due)[0].id
    services.incidents.remove_person(removed)

    purge = services.retention.run(LATER)
    result = purge.value
    assert (result.incidents, result.persons) == (1, 2)
    assert purge.changes.ids(Entity.INCIDENTS) == {due}  # the page refreshes that incident
    assert result.message.startswith("Datenschutz: 2 Personen aus 1 Vorkommnis gelöscht")
    if services.db.is_sqlite:  # a verified backup was made first (PostgreSQL: pg_dump)
        assert result.backup is not None and Path(result.backup).stat().st_size > 0

    rows = _person_rows(services, due)
    assert len(rows) == 2  # tombstones stay for sync, blanked
    for row in rows:
        assert (row.last_name, row.first_name, row.birth_date, row.address, row.note) == (
            "",
            "",
            None,
            "",
            "",
        )
        assert row.role == PersonRole.WITNESS.value
        assert row.deleted_at is not None
    with services.db.read() as session:
        incident = session.get(m.Incident, due)
        assert incident is not None and incident.personal_data_purged_at is not None
        assert incident.description == "Streit vor dem Kiosk."  # the incident stays
        assert incident.deleted_at is None
        assert audit.verify_chain(session) is None
    assert [p.last_name for p in _person_rows(services, still_open)] == ["Mustermann"]
    # The incident's persons are gone from what the app shows.
    assert services.incidents.persons(due, "Prüfung der Löschung") == []

    (entry,) = _audit_rows(services, "purge_personal_data")
    assert entry.row_id == due and entry.table_name == "incident"
    assert "24 Monate" in (entry.reason or "")
    assert sorted(entry.after["person_ids"]) == sorted(r.id for r in rows)
    payload = json.dumps([entry.before, entry.after, entry.reason], ensure_ascii=False)
    for personal in (*NAMES, "1980-05-01", "01.05.1980"):  # the birth date, not a timestamp
        assert personal not in payload

    # A second run finds nothing and writes nothing.
    again = services.retention.run(LATER).value
    assert (again.incidents, again.persons) == (0, 0)
    assert len(_audit_rows(services, "purge_personal_data")) == 1


def test_the_period_is_a_setting_validated_and_audited(services: Services) -> None:
    assert services.retention.policy().months == 24
    with pytest.raises(ValidationError) as refused:
        services.retention.set_policy(0)
    assert refused.value.messages == ["Aufbewahrungsfrist: 1 bis 120 Monate (angegeben: 0)."]
    services.retention.set_policy(6)
    assert services.retention.policy().months == 6
    (entry,) = [e for e in _audit_rows(services, "update") if e.row_id == "retention"]
    assert entry.after == {"months": 6}
    _incident(services, 1, close=True)
    in_seven_months = months_before(TODAY, -7)
    assert services.retention.preview(in_seven_months).persons == 1
    assert services.retention.preview(months_before(TODAY, -5)).is_empty


def test_only_administrators_purge_or_change_the_period(services: Services) -> None:
    _incident(services, 1, close=True)
    officer = Services.create(services.db, actor="k1", role=Role.OFFICER)
    with pytest.raises(PermissionDenied):
        officer.retention.run(LATER)
    with pytest.raises(PermissionDenied):
        officer.retention.set_policy(12)
    assert services.retention.preview(LATER).persons == 1
    # The start-up purge is the system's duty, whoever is logged in.
    result = officer.retention.run_scheduled(LATER).value
    assert result.persons == 1
    (entry,) = _audit_rows(services, "purge_personal_data")
    assert entry.actor == "system"
