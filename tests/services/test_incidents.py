"""Incident use cases on a real SQLite file: entry, list, search, notes, status, hand-over."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from kod_desk.domain.enums import CatalogKind, IncidentSource, IncidentStatus, PersonRole, Role
from kod_desk.domain.errors import NotFoundError, ValidationError
from kod_desk.domain.incidents import (
    IncidentDraft,
    IncidentFilter,
    IncidentRow,
    PageKey,
    PersonDraft,
)
from kod_desk.domain.masterdata import OfficerDraft
from kod_desk.services.base import Entity, ServiceContext
from kod_desk.services.demo import DemoService
from kod_desk.services.registry import Services
from kod_desk.storage.database import Database
from tests import raw_sql

NOW = datetime.now(UTC).replace(microsecond=0)


class Ids:
    def __init__(self, services: Services) -> None:
        data = services.masterdata.load()
        self.areas = {a.name: a.id for a in data.areas}
        self.catalog = {(c.kind, c.name): c.id for c in data.catalog}
        self.categories = [c.id for c in data.catalog if c.kind is CatalogKind.INCIDENT_CATEGORY]
        self.measures = {c.name: c.id for c in data.catalog if c.kind is CatalogKind.MEASURE}
        self.departments = [c.id for c in data.catalog if c.kind is CatalogKind.DEPARTMENT]
        self.officer = services.masterdata.save_officer(
            OfficerDraft("K-1", "Schneider", "Anna", role=Role.OFFICER)
        ).value.id


@pytest.fixture
def ids(services: Services) -> Ids:
    return Ids(services)


def draft(ids: Ids, **changes: object) -> IncidentDraft:
    base = IncidentDraft(
        occurred_at=NOW - timedelta(hours=1),
        area_id=ids.areas["Innenstadt"],
        category_id=ids.categories[0],
        source=IncidentSource.PATROL,
        place="Marktplatz",
        description="Ruhestörung durch laute Musik am Brunnen.",
        officer_ids=(ids.officer,),
        measure_ids=(ids.measures["Platzverweis"],),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def audit(db_path: Path, action: str) -> list[tuple[str, str]]:
    connection = raw_sql.connect(db_path)
    rows = connection.execute(
        "SELECT table_name, row_id FROM audit_entry WHERE action = ? ORDER BY seq", (action,)
    ).fetchall()
    connection.close()
    return rows


def test_create_numbers_the_incident_and_audits(
    services: Services, ids: Ids, db_path: Path
) -> None:
    first = services.incidents.create(draft(ids))
    second = services.incidents.create(draft(ids))
    year = (NOW - timedelta(hours=1)).year
    assert first.value.reference == f"VK-{year}-000001"
    assert second.value.reference == f"VK-{year}-000002"
    # The change names the new row, so the list adds it without reading everything again.
    assert first.changes.ids(Entity.INCIDENTS) == {first.value.id}
    detail = services.incidents.get(first.value.id)
    assert detail.row.reference == f"VK-{year}-000001"
    assert detail.row.area_name == "Innenstadt"
    assert detail.officers == ((ids.officer, "Schneider, Anna"),)
    assert [name for _, name in detail.measures] == ["Platzverweis"]
    assert detail.row.status is IncidentStatus.OPEN
    assert len(audit(db_path, "create")) >= 2


def test_create_refuses_an_incomplete_draft_and_foreign_catalogue_ids(
    services: Services, ids: Ids
) -> None:
    with pytest.raises(ValidationError) as error:
        services.incidents.create(draft(ids, place="", description=" "))
    assert error.value.messages == [
        "Ort: Bitte den Ort angeben.",
        "Beschreibung: Bitte beschreiben, was geschah.",
    ]
    with pytest.raises(ValidationError, match="Kategorie"):
        services.incidents.create(draft(ids, category_id=ids.measures["Platzverweis"]))
    assert services.incidents.count(IncidentFilter()) == 0


def test_klosterinsel_in_its_video_period_carries_the_footage_reminder(
    services: Services, ids: Ids
) -> None:
    summer = datetime(2025, 7, 1, 12, tzinfo=UTC)
    winter = datetime(2025, 1, 10, 12, tzinfo=UTC)
    area = ids.areas["Klosterinsel"]
    in_period = services.incidents.create(draft(ids, area_id=area, occurred_at=summer)).value
    outside = services.incidents.create(draft(ids, area_id=area, occurred_at=winter)).value
    assert services.incidents.get(in_period.id).row.footage_reminder
    assert not services.incidents.get(outside.id).row.footage_reminder


def test_personal_data_only_on_request_and_logged(
    services: Services, ids: Ids, db_path: Path
) -> None:
    person = PersonDraft(PersonRole.WITNESS, "Mustermann", "Max", date(1980, 5, 1), "Weg 1")
    created = services.incidents.get(
        services.incidents.create(draft(ids, persons=(person,))).value.id
    )
    assert created.persons is None and created.person_count == 1
    rows = services.incidents.list_page(IncidentFilter())
    assert "Mustermann" not in repr(rows)
    assert audit(db_path, "view_personal_data") == []
    detail = services.incidents.get(created.id, include_persons=True)
    assert detail.persons is not None and detail.persons[0].last_name == "Mustermann"
    assert audit(db_path, "view_personal_data") == [("incident_person", created.id)]
    assert services.incidents.get(created.id).persons is None
    # The create entry of the audit log does not copy the person either.
    connection = raw_sql.connect(db_path)
    logged = connection.execute("SELECT group_concat(after) FROM audit_entry").fetchone()[0]
    connection.close()
    assert "Mustermann" not in logged


def test_filters_and_count_agree(services: Services, ids: Ids) -> None:
    bahnhof = ids.areas["Bahnhofsumfeld"]
    other = services.masterdata.save_officer(OfficerDraft("K-2", "Yilmaz", "Deniz")).value.id
    services.incidents.create(draft(ids, area_id=bahnhof, source=IncidentSource.CITIZEN))
    services.incidents.create(
        draft(ids, officer_ids=(other,), measure_ids=(ids.measures["Verwarnung"],))
    )
    old = draft(ids, occurred_at=NOW - timedelta(days=40))
    services.incidents.create(old)
    cases = {
        IncidentFilter(): 3,
        IncidentFilter(area_ids=frozenset({bahnhof})): 1,
        IncidentFilter(sources=frozenset({IncidentSource.CITIZEN})): 1,
        IncidentFilter(officer_id=other): 1,
        IncidentFilter(measure_id=ids.measures["Verwarnung"]): 1,
        IncidentFilter(since=NOW - timedelta(days=7)): 2,
        IncidentFilter(until=NOW - timedelta(days=7)): 1,
        IncidentFilter(statuses=frozenset({IncidentStatus.CLOSED})): 0,
        IncidentFilter(category_ids=frozenset({ids.categories[0]})): 3,
    }
    for flt, expected in cases.items():
        assert services.incidents.count(flt) == expected, flt
        assert len(services.incidents.list_page(flt)) == expected, flt


def test_full_text_finds_words_umlauts_notes_and_survives_operators(
    services: Services, ids: Ids
) -> None:
    a = services.incidents.create(
        draft(ids, description="Müllablagerung an der Brücke", place="Uferweg")
    ).value
    b = services.incidents.create(draft(ids, description="Streit vor dem Kiosk")).value

    def found(text: str) -> set[str]:
        return {r.id for r in services.incidents.list_page(IncidentFilter(text=text))}

    assert found("müll") == {a.id}
    assert found("Brücke") == {a.id}
    assert found("brucke") == {a.id}  # diacritics folded
    assert found("uferweg") == {a.id}  # place
    assert found("streit kiosk") == {b.id}  # all words required
    assert found("streit brücke") == set()
    services.incidents.add_note(b.id, "Zeugin meldet sich telefonisch")
    assert found("telefon") == {b.id}  # notes, prefix
    for nasty in ['"', 'Müll" OR "x', "NOT streit", "kiosk*", "(a", "NEAR(", "description:x", "'"]:
        services.incidents.list_page(IncidentFilter(text=nasty))
        services.incidents.count(IncidentFilter(text=nasty))
    assert found("   ") == {a.id, b.id}
    assert services.incidents.count(IncidentFilter(text="müll")) == 1


def test_keyset_paging_is_stable_across_pages(services: Services, ids: Ids) -> None:
    same_time = NOW - timedelta(hours=3)
    for i in range(25):
        when = same_time if i % 3 == 0 else NOW - timedelta(minutes=10 + i)
        services.incidents.create(draft(ids, occurred_at=when))
    seen: list[IncidentRow] = []
    after: PageKey | None = None
    while True:
        page = services.incidents.list_page(IncidentFilter(), after=after, limit=4)
        if not page:
            break
        seen.extend(page)
        after = PageKey.of(page[-1])
    assert len(seen) == 25 == len({r.id for r in seen})
    keys = [(r.occurred_at, r.id) for r in seen]
    assert keys == sorted(keys, reverse=True)
    assert seen == services.incidents.list_page(IncidentFilter(), limit=100)


def test_notes_are_append_only_and_corrections_refer_back(services: Services, ids: Ids) -> None:
    incident = services.incidents.create(draft(ids)).value
    first = services.incidents.add_note(incident.id, "Halter ermittelt: Meier").value
    fix = services.incidents.add_note(incident.id, "Halter: Maier", corrects_id=first.id).value
    fix2 = services.incidents.add_note(incident.id, "Halter: Mayer", corrects_id=fix.id).value
    notes = services.incidents.get(incident.id).notes
    assert [n.text for n in notes] == ["Halter ermittelt: Meier", "Halter: Maier", "Halter: Mayer"]
    assert notes[0].is_corrected and notes[0].corrected_by == (fix.id,)
    assert notes[1].corrected_by == (fix2.id,) and notes[2].corrects_id == fix.id
    assert not notes[2].is_corrected
    with pytest.raises(ValidationError):
        services.incidents.add_note(incident.id, "  ")
    other = services.incidents.create(draft(ids)).value
    with pytest.raises(NotFoundError):
        services.incidents.add_note(other.id, "x", corrects_id=first.id)
    with pytest.raises(NotFoundError):
        services.incidents.add_note("nope", "x")


def test_status_rules(services: Services, ids: Ids) -> None:
    incident = services.incidents.create(draft(ids)).value
    progressed = services.incidents.change_status(incident.id, IncidentStatus.IN_PROGRESS).value
    assert progressed.row.status is IncidentStatus.IN_PROGRESS
    assert progressed.status_changed_by == "test" and progressed.status_changed_at is not None
    with pytest.raises(ValidationError, match="Ergebnis"):
        services.incidents.change_status(incident.id, IncidentStatus.CLOSED)
    closed = services.incidents.change_status(
        incident.id, IncidentStatus.CLOSED, " Platzverweis befolgt "
    ).value
    assert closed.outcome == "Platzverweis befolgt"
    with pytest.raises(ValidationError):
        services.incidents.change_status(incident.id, IncidentStatus.OPEN)
    flt = IncidentFilter(statuses=frozenset({IncidentStatus.CLOSED}))
    assert services.incidents.count(flt) == 1


def test_hand_over_links_both_ways(services: Services, ids: Ids, db_path: Path) -> None:
    incident = services.incidents.create(draft(ids)).value
    due = date.today() + timedelta(days=14)
    result = services.incidents.hand_over(incident.id, ids.departments[0], due, "Halter ermitteln")
    assert result.changes.touches(Entity.INCIDENTS, Entity.CASES)
    link = result.value
    assert link.reference.startswith("EA-") and link.reference.endswith("-001")
    detail = services.incidents.get(incident.id)
    assert detail.cases == (link,)
    assert detail.row.status is IncidentStatus.IN_PROGRESS
    connection = raw_sql.connect(db_path)
    row = connection.execute(
        "SELECT source_incident_id, subject, due_on FROM investigation_case WHERE id = ?",
        (link.id,),
    ).fetchone()
    connection.close()
    assert row == (incident.id, "Halter ermitteln", due.isoformat())
    with pytest.raises(ValidationError, match="Gegenstand"):
        services.incidents.hand_over(incident.id, None, None, " ")
    services.incidents.change_status(incident.id, IncidentStatus.CLOSED, "erledigt")
    with pytest.raises(ValidationError, match="abgeschlossen"):
        services.incidents.hand_over(incident.id, None, None, "nochmal")


def test_place_suggestions_most_used_first(services: Services, ids: Ids) -> None:
    for place in ["Marktplatz", "Marktplatz", "Markthalle", "Bahnhof"]:
        services.incidents.create(draft(ids, place=place))
    assert services.incidents.places("mark") == ["Marktplatz", "Markthalle"]
    assert services.incidents.places("") == ["Marktplatz", "Bahnhof", "Markthalle"]
    assert services.incidents.places("%") == []


def test_demo_incidents_are_found_by_full_text(tmp_path: Path) -> None:
    db = Database.open(tmp_path / "demo.sqlite")
    bundle = Services.create(db, actor="test")
    bundle.setup.ensure_initialized("Demo")
    DemoService(ServiceContext(db, "test")).populate(incidents=2000, seed=1)
    total = bundle.incidents.count(IncidentFilter())
    assert total == 2000
    newest = bundle.incidents.list_page(IncidentFilter(), limit=1)[0]
    word = max(newest.summary.split(), key=len).strip(".,;:!?…")
    hits = bundle.incidents.count(IncidentFilter(text=word))
    found = bundle.incidents.list_page(IncidentFilter(text=word), limit=hits)
    assert newest.id in {r.id for r in found}
    # Notes are indexed too, and a rebuild of the index finds the same.
    connection = raw_sql.connect(tmp_path / "demo.sqlite")
    incident_id, note = connection.execute(
        "SELECT incident_id, text FROM incident_note ORDER BY written_at DESC LIMIT 1"
    ).fetchone()
    connection.close()
    note_word = max(note.split(), key=len).strip(".,;:!?…")
    by_note = bundle.incidents.count(IncidentFilter(text=note_word))
    page = bundle.incidents.list_page(IncidentFilter(text=note_word), limit=by_note)
    assert incident_id in {r.id for r in page}
    bundle.incidents.rebuild_fulltext()
    assert bundle.incidents.count(IncidentFilter(text=word)) == hits
    assert bundle.incidents.count(IncidentFilter(text=note_word)) == by_note
    # The demo load set the index triggers aside and put them back: new notes are indexed.
    bundle.incidents.add_note(newest.id, "Nachtrag Zebrastreifenbeleuchtung defekt")
    found = bundle.incidents.list_page(IncidentFilter(text="zebrastreifenbeleuchtung"))
    assert [r.id for r in found] == [newest.id]
    bundle.close()
