"""Persons involved (role-gated, access logged) and attachments of incidents, on real SQLite."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from kod_desk.domain.enums import CatalogKind, IncidentSource, PersonRole, Role, Unit
from kod_desk.domain.errors import PermissionDenied, ValidationError
from kod_desk.domain.incidents import IncidentDraft, IncidentFilter, PersonDraft
from kod_desk.domain.masterdata import OfficerDraft
from kod_desk.services.registry import Services
from kod_desk.storage.database import Database
from tests import raw_sql

NOW = datetime.now(UTC).replace(microsecond=0)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200
PERSON = PersonDraft(
    PersonRole.WITNESS, "Mustermann", "Max", date(1980, 5, 1), "Weg 1, Musterstadt"
)


@pytest.fixture
def officers(services: Services) -> dict[str, str]:
    save = services.masterdata.save_officer
    return {
        "listed": save(OfficerDraft("K-1", "Schneider", "Anna")).value.id,
        "other": save(OfficerDraft("K-2", "Yilmaz", "Deniz")).value.id,
        "investigator": save(
            OfficerDraft("E-1", "Wagner", "Paul", unit=Unit.INVESTIGATION)
        ).value.id,
    }


@pytest.fixture
def incident_id(services: Services, officers: dict[str, str]) -> str:
    data = services.masterdata.load()
    category = next(c.id for c in data.catalog if c.kind is CatalogKind.INCIDENT_CATEGORY)
    draft = IncidentDraft(
        occurred_at=NOW - timedelta(hours=1),
        area_id=next(a.id for a in data.areas if a.name == "Innenstadt"),
        category_id=category,
        source=IncidentSource.PATROL,
        place="Marktplatz",
        description="Streit vor dem Kiosk.",
        officer_ids=(officers["listed"],),
    )
    return services.incidents.create(draft).value.id


@pytest.fixture
def as_user(db_path: Path) -> Iterator:  # type: ignore[type-arg]
    """Services of the same database file for another actor and role (no login yet)."""
    opened: list[Services] = []

    def make(actor: str, role: Role) -> Services:
        bundle = Services.create(Database.open(db_path), actor=actor, role=role)
        opened.append(bundle)
        return bundle

    yield make
    for bundle in opened:
        bundle.close()


def audit_rows(db_path: Path, action: str) -> list[tuple[str, str, str | None, str | None]]:
    connection = raw_sql.connect(db_path)
    rows = connection.execute(
        "SELECT actor, row_id, reason, after FROM audit_entry WHERE action = ? ORDER BY seq",
        (action,),
    ).fetchall()
    connection.close()
    return rows


def count_rows(db_path: Path, table: str) -> int:
    connection = raw_sql.connect(db_path)
    (number,) = connection.execute(f"SELECT count(*) FROM {table}").fetchone()
    connection.close()
    return int(number)


# ---------------------------------------------------------------- persons


def test_officer_not_listed_is_refused_and_nothing_logged(
    services: Services, incident_id: str, as_user: Any, db_path: Path
) -> None:
    services.incidents.add_person(incident_id, PERSON)
    other = as_user("K-2", Role.OFFICER)
    with pytest.raises(PermissionDenied, match=r"^Keine Berechtigung: "):
        other.incidents.persons(incident_id, "Sachbearbeitung")
    with pytest.raises(PermissionDenied):
        other.incidents.get(incident_id, include_persons=True, reason="Neugier")
    assert not other.incidents.may_view_persons(incident_id)
    assert other.incidents.person_count(incident_id) == 1  # the count is no personal data
    assert audit_rows(db_path, "view_personal_data") == []


def test_an_officer_without_an_officer_record_is_refused(
    services: Services, incident_id: str, as_user: Any
) -> None:
    services.incidents.add_person(incident_id, PERSON)
    stranger = as_user("irgendwer", Role.OFFICER)
    with pytest.raises(PermissionDenied):
        stranger.incidents.persons(incident_id, "Sachbearbeitung")


def test_listed_officer_and_investigation_see_persons(
    services: Services, incident_id: str, as_user: Any
) -> None:
    services.incidents.add_person(incident_id, PERSON)
    for actor in ("K-1", "e-1"):  # the listed officer; the Ermittlungsdienst (any case)
        seen = as_user(actor, Role.OFFICER).incidents.persons(incident_id, "Sachbearbeitung")
        assert [p.last_name for p in seen] == ["Mustermann"]


def test_supervisor_sees_persons_and_the_access_is_logged_with_reason(
    services: Services, incident_id: str, as_user: Any, db_path: Path
) -> None:
    added = services.incidents.add_person(incident_id, PERSON).value
    supervisor = as_user("DGL-1", Role.SUPERVISOR)
    seen = supervisor.incidents.persons(incident_id, "  Anhörung ")
    assert seen[0].first_name == "Max" and seen[0].birth_date == date(1980, 5, 1)
    assert seen[0].address == "Weg 1, Musterstadt" and seen[0].role is PersonRole.WITNESS
    [(actor, row_id, reason, after)] = audit_rows(db_path, "view_personal_data")
    assert (actor, row_id, reason) == ("DGL-1", incident_id, "Anhörung")
    assert added.id in str(after)


def test_reason_is_required(services: Services, incident_id: str, db_path: Path) -> None:
    services.incidents.add_person(incident_id, PERSON)
    with pytest.raises(ValidationError, match="Grund"):
        services.incidents.persons(incident_id, "  ")
    assert audit_rows(db_path, "view_personal_data") == []


def test_add_person_audit_has_no_personal_data(
    services: Services, incident_id: str, as_user: Any, db_path: Path
) -> None:
    officer = as_user("K-2", Role.OFFICER)  # anyone may add, even without seeing them
    person = officer.incidents.add_person(incident_id, PERSON).value
    [(actor, row_id, _reason, after)] = audit_rows(db_path, "add_person")
    assert (actor, row_id) == ("K-2", person.id)
    assert after is not None and "witness" in after
    for secret in ("Mustermann", "Max", "1980-05-01", "01.05.1980", "Weg 1"):
        assert secret not in after
    assert services.incidents.person_count(incident_id) == 1


def test_add_person_needs_a_name_or_description_and_a_past_birth_date(
    services: Services, incident_id: str
) -> None:
    with pytest.raises(ValidationError, match="Name"):
        services.incidents.add_person(incident_id, PersonDraft(PersonRole.AFFECTED))
    tomorrow = date.today() + timedelta(days=2)
    with pytest.raises(ValidationError, match="Geburtsdatum"):
        services.incidents.add_person(
            incident_id, PersonDraft(PersonRole.AFFECTED, "Muster", birth_date=tomorrow)
        )
    described = PersonDraft(PersonRole.AFFECTED, note="Mann, ca. 30, rote Jacke")
    services.incidents.add_person(incident_id, described)
    assert services.incidents.person_count(incident_id) == 1


def test_only_supervisors_remove_persons(
    services: Services, incident_id: str, as_user: Any, db_path: Path
) -> None:
    person = services.incidents.add_person(incident_id, PERSON).value
    with pytest.raises(PermissionDenied):
        as_user("K-1", Role.OFFICER).incidents.remove_person(person.id)
    as_user("DGL-1", Role.SUPERVISOR).incidents.remove_person(person.id)
    assert services.incidents.persons(incident_id, "Sachbearbeitung") == []
    assert services.incidents.person_count(incident_id) == 0
    [(actor, _row, _reason, _after)] = audit_rows(db_path, "remove_person")
    assert actor == "DGL-1"


# ---------------------------------------------------------------- attachments


def test_too_big_attachment_is_refused_and_nothing_stored(
    services: Services, incident_id: str, db_path: Path
) -> None:
    big = b"\xff\xd8\xff\xe0" + b"\x00" * int(14.2 * 1024 * 1024)
    with pytest.raises(ValidationError) as refused:
        services.incidents.add_attachment(incident_id, "foto.jpg", big)
    assert refused.value.message == (
        "Die Datei „foto.jpg“ ist 14,2 MB groß; erlaubt sind höchstens 10 MB."
    )
    assert count_rows(db_path, "attachment") == 0
    assert services.incidents.attachments(incident_id) == []


def test_wrong_type_is_refused(services: Services, incident_id: str) -> None:
    with pytest.raises(ValidationError, match=r"„tool\.exe“ hat keinen erlaubten Dateityp"):
        services.incidents.add_attachment(incident_id, "tool.exe", b"MZ\x90\x00" * 10)
    with pytest.raises(ValidationError, match="passt nicht zur"):
        services.incidents.add_attachment(incident_id, "foto.jpg", b"hello world")


def test_same_file_twice_is_stored_once(
    services: Services, incident_id: str, db_path: Path
) -> None:
    services.incidents.add_attachment(incident_id, "foto.png", PNG)
    with pytest.raises(ValidationError, match="bereits an diesem Vorkommnis angehängt"):
        services.incidents.add_attachment(incident_id, "kopie.png", PNG)
    assert [a.filename for a in services.incidents.attachments(incident_id)] == ["foto.png"]
    assert count_rows(db_path, "attachment") == 1


def test_attachments_list_without_blobs_and_data_on_request(
    services: Services, incident_id: str, db_path: Path
) -> None:
    thumb = b"\xff\xd8\xff\xe0" + b"thumb"
    added = services.incidents.add_attachment(incident_id, "foto.png", PNG, thumb).value
    services.incidents.add_attachment(incident_id, "bericht.txt", b"Zeugenaussage")
    infos = services.incidents.attachments(incident_id)
    assert [(a.filename, a.mime_type) for a in infos] == [
        ("foto.png", "image/png"),
        ("bericht.txt", "text/plain"),
    ]
    assert infos[0].thumbnail == thumb and infos[1].thumbnail is None
    assert infos[0].size_bytes == len(PNG) and infos[0].added_by == "test"
    assert services.incidents.attachment_data(added.id) == ("foto.png", PNG)
    (_actor, row_id, _reason, after), _second = audit_rows(db_path, "add_attachment")
    assert after is not None and row_id == added.id
    assert "foto.png" in after and len(after) < 400  # metadata only, never the bytes
    # Photos may show people: each read of the bytes is logged with who and why.
    services.incidents.attachment_data(added.id, "Anhang gespeichert")
    assert [
        (actor, row_id, reason)
        for actor, row_id, reason, _ in audit_rows(db_path, "view_attachment")
    ] == [("test", added.id, "Anhang geöffnet"), ("test", added.id, "Anhang gespeichert")]


def test_listing_incidents_and_attachments_never_reads_the_file_bytes(
    services: Services, incident_id: str
) -> None:
    """A 10 MB photo must not be read for a list: no SELECT names attachment.data."""
    services.incidents.add_attachment(incident_id, "foto.png", PNG)
    statements: list[str] = []

    def record(_conn, _cursor, statement: str, *_args: object) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    event.listen(services.db.engine, "before_cursor_execute", record)
    try:
        services.incidents.attachments(incident_id)
        services.incidents.list_page(IncidentFilter())
        services.incidents.get(incident_id)
    finally:
        event.remove(services.db.engine, "before_cursor_execute", record)
    assert any("FROM attachment" in s for s in statements)
    assert not any("attachment.data" in s for s in statements)
