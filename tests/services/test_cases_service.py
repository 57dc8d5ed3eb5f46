"""Investigation-order use cases on a real SQLite file: create, edit, status, assign, audit."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from kod_desk.domain.cases import CaseDraft, CaseFilter
from kod_desk.domain.enums import CaseStatus, CatalogKind, IncidentSource, Qualification, Role
from kod_desk.domain.errors import StaleEditError, ValidationError
from kod_desk.domain.incidents import IncidentDraft
from kod_desk.domain.masterdata import OfficerDraft
from kod_desk.services.base import Entity
from kod_desk.services.cases import berlin_today
from kod_desk.services.registry import Services
from kod_desk.storage.database import Database
from tests import raw_sql

TODAY = berlin_today()


class Ids:
    def __init__(self, services: Services) -> None:
        data = services.masterdata.load()
        self.departments = {c.name: c.id for c in data.catalog if c.kind is CatalogKind.DEPARTMENT}
        self.area = next(a.id for a in data.areas)
        self.category = next(c.id for c in data.catalog if c.kind is CatalogKind.INCIDENT_CATEGORY)
        save = services.masterdata.save_officer
        self.investigator = save(
            OfficerDraft(
                "E-1", "Yilmaz", "Deniz", role=Role.OFFICER,
                qualifications=(Qualification.INVESTIGATION.value,),
            )
        ).value.id  # fmt: skip
        self.patrol = save(OfficerDraft("K-1", "Schneider", "Anna")).value.id
        self.retired = save(OfficerDraft("K-2", "Alt", "Bernd", active=False)).value.id


@pytest.fixture
def ids(services: Services) -> Ids:
    return Ids(services)


def draft(ids: Ids, **changes: object) -> CaseDraft:
    base = CaseDraft(
        department_id=ids.departments["Meldebehörde"],
        subject="Überprüfung einer Wohnsitzanmeldung.",
        address="Schillerstraße 22",
        received_on=TODAY - timedelta(days=2),
        due_on=TODAY + timedelta(days=12),
        assigned_officer_id=ids.investigator,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def audit(db_path: Path, action: str) -> list[tuple[str, str, Any, Any]]:
    connection = raw_sql.connect(db_path)
    rows = connection.execute(
        "SELECT table_name, row_id, before, after FROM audit_entry WHERE action = ? "
        "AND table_name = 'investigation_case' ORDER BY seq",
        (action,),
    ).fetchall()
    connection.close()
    return [
        (t, r, json.loads(b) if b else None, json.loads(a) if a else None) for t, r, b, a in rows
    ]


def test_create_numbers_the_case_and_audits(services: Services, ids: Ids, db_path: Path) -> None:
    first = services.cases.create(draft(ids))
    second = services.cases.create(draft(ids, subject="Zweiter Auftrag"))
    case = first.value.case
    assert case.reference == f"EA-{TODAY.year}-001"
    assert second.value.case.reference == f"EA-{TODAY.year}-002"
    assert first.changes.ids(Entity.CASES) == {case.id}
    assert case.status is CaseStatus.OPEN
    assert case.department_name == "Meldebehörde"
    assert case.assigned_officer_name == "Yilmaz, Deniz"
    assert first.value.warnings == ()
    assert services.cases.get(case.id) == case
    created = audit(db_path, "create")
    assert [(t, r) for t, r, _b, _a in created] == [
        ("investigation_case", case.id),
        ("investigation_case", second.value.case.id),
    ]
    assert created[0][3]["subject"] == "Überprüfung einer Wohnsitzanmeldung."


def test_create_refuses_broken_drafts_with_every_field_named(services: Services, ids: Ids) -> None:
    with pytest.raises(ValidationError) as refused:
        services.cases.create(
            draft(
                ids,
                subject=" ",
                due_on=TODAY - timedelta(days=5),
                source_incident_reference="VK-1999-000001",
            )
        )
    messages = refused.value.messages
    assert any(m.startswith("Gegenstand:") for m in messages)
    assert any(m.startswith("Frist:") for m in messages)
    assert "Vorkommnis: VK-1999-000001 wurde nicht gefunden." in messages
    assert services.cases.list() == []


def test_unknown_and_inactive_officers_are_refused(services: Services, ids: Ids) -> None:
    with pytest.raises(ValidationError) as unknown:
        services.cases.create(draft(ids, assigned_officer_id="no-such-officer"))
    assert unknown.value.messages == ["Zuständig: Die gewählte Dienstkraft gibt es nicht (mehr)."]
    with pytest.raises(ValidationError) as inactive:
        services.cases.create(draft(ids, assigned_officer_id=ids.retired))
    assert inactive.value.messages == ["Zuständig: Alt, Bernd ist nicht aktiv."]
    with pytest.raises(ValidationError) as department:
        services.cases.create(draft(ids, department_id=ids.category))
    assert department.value.messages == ["Anfordernde Stelle: unbekannt oder nicht aktiv."]


def test_officer_without_the_qualification_is_accepted_with_a_warning(
    services: Services, ids: Ids, db_path: Path
) -> None:
    saved = services.cases.create(draft(ids, assigned_officer_id=ids.patrol)).value
    assert saved.case.assigned_officer_id == ids.patrol
    assert saved.warnings == (
        "Hinweis: Schneider, Anna hat die Qualifikation „Ermittlungen“ nicht.",
    )
    # assign() says the same, and an investigator brings no warning.
    case = saved.case
    moved = services.cases.assign(case.id, ids.investigator, case.version).value
    assert moved.warnings == ()
    assert moved.case.assigned_officer_name == "Yilmaz, Deniz"
    back = services.cases.assign(case.id, ids.patrol).value
    assert back.warnings and "Schneider, Anna" in back.warnings[0]
    nobody = services.cases.assign(case.id, None).value
    assert nobody.case.assigned_officer_id is None
    assigned = audit(db_path, "assign")
    assert len(assigned) == 3
    assert assigned[0][2]["assigned_officer_id"] == ids.patrol
    assert assigned[0][3]["assigned_officer_id"] == ids.investigator


def test_edit_saves_and_stale_edit_is_refused(services: Services, ids: Ids, db_path: Path) -> None:
    case = services.cases.create(draft(ids)).value.case
    # Two people open the same case; the first saves, the second must not overwrite it.
    edited = services.cases.update(
        case.id, draft(ids, address="Schillerstraße 24"), case.version
    ).value.case
    assert edited.address == "Schillerstraße 24"
    assert edited.version == case.version + 1
    with pytest.raises(StaleEditError) as stale:
        services.cases.update(case.id, draft(ids, subject="Anderer Text"), case.version)
    assert "inzwischen von test geändert" in stale.value.message
    assert services.cases.get(case.id).subject == "Überprüfung einer Wohnsitzanmeldung."
    with pytest.raises(StaleEditError):
        services.cases.change_status(case.id, CaseStatus.IN_PROGRESS, "", case.version)
    (entry,) = audit(db_path, "update")
    assert entry[2]["address"] == "Schillerstraße 22"
    assert entry[3]["address"] == "Schillerstraße 24"


def test_edit_keeps_an_officer_who_left_since(services: Services, ids: Ids) -> None:
    case = services.cases.create(draft(ids, assigned_officer_id=ids.patrol)).value.case
    officer = services.masterdata.officer(ids.patrol)
    services.masterdata.save_officer(
        replace(officer.as_draft(), active=False), ids.patrol, officer.version
    )
    # Correcting the subject must not be blocked by the unchanged, now inactive officer.
    edited = services.cases.update(
        case.id, draft(ids, assigned_officer_id=ids.patrol, subject="Neu")
    )
    assert edited.value.case.subject == "Neu"


def test_status_done_needs_result_and_reopen_needs_reason(
    services: Services, ids: Ids, db_path: Path
) -> None:
    case = services.cases.create(draft(ids)).value.case
    started = services.cases.change_status(case.id, CaseStatus.IN_PROGRESS).value
    assert started.status is CaseStatus.IN_PROGRESS
    with pytest.raises(ValidationError) as refused:
        services.cases.change_status(case.id, CaseStatus.DONE, "   ")
    assert refused.value.messages == ["Ergebnis: Zum Erledigen bitte das Ergebnis angeben."]
    assert services.cases.get(case.id).status is CaseStatus.IN_PROGRESS
    done = services.cases.change_status(case.id, CaseStatus.DONE, "Person angetroffen.").value
    assert done.status is CaseStatus.DONE
    assert done.result == "Person angetroffen."
    assert done.closed_at is not None and abs(done.closed_at - datetime.now(UTC)) < timedelta(
        minutes=1
    )
    with pytest.raises(ValidationError):
        services.cases.change_status(case.id, CaseStatus.IN_PROGRESS, "")
    reopened = services.cases.change_status(
        case.id, CaseStatus.IN_PROGRESS, "Meldebehörde bittet um Nachprüfung."
    ).value
    assert reopened.status is CaseStatus.IN_PROGRESS
    assert reopened.closed_at is None
    assert reopened.result == "Person angetroffen."  # the earlier finding stays readable
    statuses = audit(db_path, "status")
    assert [a["status"] for _t, _r, _b, a in statuses] == ["in_progress", "done", "in_progress"]
    assert statuses[-1][3]["reopen_reason"] == "Meldebehörde bittet um Nachprüfung."


def test_overdue_is_computed_filtered_and_listed_first(services: Services, ids: Ids) -> None:
    late = services.cases.create(
        draft(
            ids,
            subject="Spätkauf prüfen",
            received_on=TODAY - timedelta(days=20),
            due_on=TODAY - timedelta(days=3),
        )
    ).value.case
    soon = services.cases.create(draft(ids)).value.case
    finished = services.cases.create(
        draft(ids, received_on=TODAY - timedelta(days=30), due_on=TODAY - timedelta(days=10))
    ).value.case
    services.cases.change_status(finished.id, CaseStatus.DONE, "Erledigt.")
    rows = services.cases.list()
    assert [r.id for r in rows] == [late.id, soon.id, finished.id]
    assert [r.days_overdue(TODAY) for r in rows] == [3, 0, 0]
    overdue = services.cases.list(CaseFilter(overdue_only=True))
    assert [r.id for r in overdue] == [late.id]
    # The Übersicht counts the same ones.
    board = services.dashboard.snapshot()
    assert [c.case_id for c in board.overdue_cases] == [late.id]
    # Two weeks on, the second one is late too, and the first has waited longer.
    later = TODAY + timedelta(days=13)
    assert [r.days_overdue(later) for r in services.cases.list(today=later)] == [16, 1, 0]


def test_list_filters_and_searches_with_umlauts(services: Services, ids: Ids) -> None:
    first = services.cases.create(draft(ids)).value.case
    other = services.cases.create(
        draft(
            ids,
            department_id=ids.departments["Ausländerbehörde"],
            subject="Aufenthaltsermittlung",
            address="Hafenstraße 7",
            assigned_officer_id=None,
        )
    ).value.case
    assert [r.id for r in services.cases.list(CaseFilter(text="überprüfung"))] == [first.id]
    assert [r.id for r in services.cases.list(CaseFilter(text="hafen 7"))] == [other.id]
    assert [r.id for r in services.cases.list(CaseFilter(text=first.reference))] == [first.id]
    by_department = CaseFilter(department_id=ids.departments["Ausländerbehörde"])
    assert [r.id for r in services.cases.list(by_department)] == [other.id]
    assert [r.id for r in services.cases.list(CaseFilter(unassigned=True))] == [other.id]
    assert [r.id for r in services.cases.list(CaseFilter(officer_id=ids.investigator))] == [
        first.id
    ]
    services.cases.change_status(other.id, CaseStatus.IN_PROGRESS)
    open_only = CaseFilter(statuses=frozenset({CaseStatus.OPEN}))
    assert [r.id for r in services.cases.list(open_only)] == [first.id]


def test_case_links_to_its_incident_both_ways(services: Services, ids: Ids) -> None:
    incident = services.incidents.create(
        IncidentDraft(
            occurred_at=datetime.now(UTC) - timedelta(hours=2),
            area_id=ids.area,
            category_id=ids.category,
            source=IncidentSource.CITIZEN,
            place="Bahnhofstraße 9",
            description="Spätkauf hat sonntags geöffnet.",
        )
    ).value
    reference = incident.reference
    case = services.cases.create(
        draft(ids, department_id=None, source_incident_reference=reference.lower())
    ).value.case
    assert case.source_incident_id == incident.id
    assert case.source_incident_reference == reference
    detail = services.incidents.get(incident.id)
    assert [c.reference for c in detail.cases] == [case.reference]
    # A hand-over numbers on from the cases made here.
    link = services.incidents.hand_over(incident.id, None, None, "Nachprüfung").value
    assert link.reference == f"EA-{TODAY.year}-002"
    handed = services.cases.get(link.id)
    assert handed.source_incident_reference == reference


def test_reading_a_case_someone_deleted_says_so(
    services: Services, ids: Ids, db_path: Path
) -> None:
    case = services.cases.create(draft(ids)).value.case
    connection = raw_sql.connect(db_path)
    connection.execute(
        "UPDATE investigation_case SET deleted_at = '2026-01-01 00:00:00' WHERE id = ?", (case.id,)
    )
    connection.commit()
    connection.close()
    from kod_desk.domain.errors import NotFoundError

    with pytest.raises(NotFoundError) as gone:
        services.cases.get(case.id)
    assert "Ermittlungsauftrag wurde nicht gefunden" in gone.value.message
    assert services.cases.list() == []


def test_actor_is_recorded(db_path: Path, services: Services, ids: Ids) -> None:
    services.close()
    other = Services.create(Database.open(db_path), actor="mueller")
    try:
        other.cases.create(draft(ids))
    finally:
        other.close()
    connection = raw_sql.connect(db_path)
    actors = connection.execute(
        "SELECT actor FROM audit_entry WHERE table_name = 'investigation_case'"
    ).fetchall()
    connection.close()
    assert actors == [("mueller",)]
