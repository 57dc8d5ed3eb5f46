"""Master-data rules, each proved through the service on a real SQLite file."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import time
from pathlib import Path

import pytest

from kod_desk.domain.enums import CatalogKind, Role, ShiftKind, Unit
from kod_desk.domain.errors import NotFoundError, StaleEditError, ValidationError
from kod_desk.domain.masterdata import (
    AreaDraft,
    CatalogEntryDraft,
    OfficerDraft,
    ShiftTemplateDraft,
    VideoPeriod,
)
from kod_desk.services.base import Entity
from kod_desk.services.registry import Services
from kod_desk.storage.repos import audit
from tests import raw_sql

ANNA = OfficerDraft("K-1001", "Schneider", "Anna", Unit.KOD, Role.OFFICER, ("Radstreife",), 39.0)


def audit_rows(db_path: Path, table: str) -> list[tuple[str, str]]:
    connection = raw_sql.connect(db_path)
    rows = connection.execute(
        "SELECT action, actor FROM audit_entry WHERE table_name = ? ORDER BY seq", (table,)
    ).fetchall()
    connection.close()
    return rows


def test_new_database_has_station_and_the_action_plan_defaults(services: Services) -> None:
    data = services.masterdata.load()
    assert {a.name for a in data.areas} >= {"Bahnhofsumfeld", "Innenstadt", "Klosterinsel"}
    kloster = next(a for a in data.areas if a.name == "Klosterinsel")
    assert kloster.video_label == "01.04.–30.09."
    measures = {c.name for c in data.catalog if c.kind is CatalogKind.MEASURE}
    assert {"Platzverweis", "Verwarnung", "OWi-Anzeige", "Übergabe an Polizei"} <= measures
    assert {t.code for t in data.templates} >= {"F", "S", "N"}
    station = services.setup.station()
    assert station is not None and station.name == "Teststation"
    # Initialising twice changes nothing.
    again = services.setup.ensure_initialized("Andere")
    assert again.value.id == station.id and not again.changes


def test_create_officer_returns_row_changes_and_audit(services: Services, db_path: Path) -> None:
    result = services.masterdata.save_officer(ANNA)
    assert result.value.service_number == "K-1001"
    assert result.value.has_bike_training
    assert result.changes.ids(Entity.OFFICERS) == {result.value.id}
    assert not result.changes.touches(Entity.AREAS)
    assert audit_rows(db_path, "officer") == [("create", "test")]


def test_duplicate_service_number_is_refused_case_insensitive(services: Services) -> None:
    services.masterdata.save_officer(ANNA)
    with pytest.raises(ValidationError) as refused:
        services.masterdata.save_officer(replace(ANNA, service_number="k-1001", last_name="Wolf"))
    assert refused.value.messages == ["Dienstnummer k-1001 ist schon vergeben (Schneider, Anna)."]
    assert [o.last_name for o in services.masterdata.officers()] == ["Schneider"]


def test_officer_fields_are_validated_with_german_messages(services: Services) -> None:
    with pytest.raises(ValidationError) as refused:
        services.masterdata.save_officer(OfficerDraft("K 1", " ", "", weekly_hours=0))
    assert refused.value.messages == [
        "Dienstnummer „K 1“: nur Buchstaben, Ziffern, - und /, höchstens 20 Zeichen.",
        "Nachname fehlt.",
        "Vorname fehlt.",
        "Wochenstunden 0: erlaubt sind mehr als 0 und höchstens 60.",
    ]
    assert services.masterdata.officers() == []


def test_edit_keeps_id_bumps_version_and_records_before_after(
    services: Services, db_path: Path
) -> None:
    created = services.masterdata.save_officer(ANNA).value
    edited = services.masterdata.save_officer(
        replace(ANNA, last_name="Schneider-Kaya", weekly_hours=30), created.id, created.version
    ).value
    assert edited.id == created.id
    assert edited.version == created.version + 1
    assert edited.last_name == "Schneider-Kaya"
    with services.db.read() as session:
        history = audit.history(session, "officer", created.id)
    assert [h.action for h in history] == ["create", "update"]
    assert history[1].before["last_name"] == "Schneider"
    assert history[1].after["last_name"] == "Schneider-Kaya"


def test_stale_edit_is_refused_instead_of_overwriting(services: Services) -> None:
    created = services.masterdata.save_officer(ANNA).value
    services.masterdata.save_officer(replace(ANNA, first_name="Anne"), created.id, created.version)
    with pytest.raises(StaleEditError, match="inzwischen"):
        services.masterdata.save_officer(replace(ANNA, last_name="X"), created.id, created.version)
    assert services.masterdata.officer(created.id).first_name == "Anne"


def test_deactivate_keeps_the_row_and_hides_it_from_choices(
    services: Services, db_path: Path
) -> None:
    created = services.masterdata.save_officer(ANNA).value
    services.masterdata.set_officer_active(created.id, False)
    assert services.masterdata.officers(include_inactive=False) == []
    assert services.masterdata.officers()[0].active is False
    assert audit_rows(db_path, "officer")[-1] == ("deactivate", "test")
    services.masterdata.set_officer_active(created.id, True)
    assert services.masterdata.officers(include_inactive=False)[0].id == created.id


def test_unknown_officer_is_a_clear_message(services: Services) -> None:
    with pytest.raises(NotFoundError, match="nicht gefunden"):
        services.masterdata.officer("00000000-0000-0000-0000-000000000000")


def test_area_with_video_period_and_duplicate_name(services: Services) -> None:
    draft = AreaDraft(
        "Unterführung Bahnhofstraße",
        is_fear_space=True,
        priority=1,
        video_periods=(VideoPeriod.parse("01.05.-31.08."),),
        footage_retention_hours=48,
    )
    area = services.masterdata.save_area(draft).value
    assert area.is_fear_space and area.video_label == "01.05.–31.08."
    with pytest.raises(ValidationError, match="gibt es schon"):
        services.masterdata.save_area(AreaDraft("unterführung bahnhofstraße"))


@pytest.mark.parametrize(
    ("draft", "message"),
    [
        (AreaDraft(""), "Name des Einsatzgebiets fehlt."),
        (
            AreaDraft("X", priority=7),
            "Priorität: erlaubt sind 1 (hoch), 2 (normal) und 3 (niedrig).",
        ),
        (
            AreaDraft("X", video_periods=(VideoPeriod(4, 1, 9, 30),), footage_retention_hours=0),
            "Speicherfrist der Videoaufnahmen: 1 bis 744 Stunden.",
        ),
    ],
)
def test_area_rules(services: Services, draft: AreaDraft, message: str) -> None:
    with pytest.raises(ValidationError) as refused:
        services.masterdata.save_area(draft)
    assert refused.value.messages == [message]


def test_area_short_codes_are_checked_unique_and_shown_in_the_defaults(
    services: Services,
) -> None:
    """Issue 14: BHF, INN, KLO for the defaults; 2–5 capitals/digits, unique where set."""
    codes = {a.name: a.short_code for a in services.masterdata.areas()}
    assert codes == {"Bahnhofsumfeld": "BHF", "Innenstadt": "INN", "Klosterinsel": "KLO"}
    # Typed in lower case with spaces around it: stored as the capitals it means.
    park = services.masterdata.save_area(AreaDraft("Stadtpark Nord", short_code=" spn ")).value
    assert park.short_code == "SPN" and park.code == "SPN"
    for bad in ("S", "STADTP", "SP N", "PÄR", "SP-N"):
        with pytest.raises(ValidationError) as refused:
            services.masterdata.save_area(AreaDraft("Parkhaus", short_code=bad))
        assert refused.value.messages == [
            f"Kürzel „{bad.upper()}“: 2 bis 5 Großbuchstaben oder Ziffern (z. B. BHF, INN, KLO), "
            "ohne Umlaute und Leerzeichen."
        ]
    with pytest.raises(ValidationError) as taken:
        services.masterdata.save_area(AreaDraft("Bahnhofstraße", short_code="bhf"))
    assert taken.value.messages == ["Kürzel „BHF“ hat schon das Einsatzgebiet „Bahnhofsumfeld“."]
    # An area keeps its own code when edited; areas without one never clash.
    saved = services.masterdata.save_area(replace(park.as_draft(), priority=1), park.id).value
    assert saved.short_code == "SPN"
    first = services.masterdata.save_area(AreaDraft("Parkhaus am Markt")).value
    second = services.masterdata.save_area(AreaDraft("Zentraler Omnibusbahnhof")).value
    assert first.short_code is None and second.short_code is None
    assert (first.code, second.code) == ("PAM", "ZO")  # derived for narrow cells


def test_catalogue_entries_are_unique_per_kind(services: Services) -> None:
    with pytest.raises(ValidationError, match=r"(?i)Maßnahme „platzverweis“ gibt es schon"):
        services.masterdata.save_catalog_entry(
            CatalogEntryDraft(CatalogKind.MEASURE, "platzverweis")
        )
    # The same name in another catalogue is fine.
    entry = services.masterdata.save_catalog_entry(
        CatalogEntryDraft(CatalogKind.INCIDENT_CATEGORY, "Platzverweis")
    ).value
    assert entry.kind is CatalogKind.INCIDENT_CATEGORY
    deactivated = services.masterdata.set_catalog_entry_active(entry, False).value
    assert not deactivated.active


def test_night_template_crosses_midnight(services: Services) -> None:
    template = services.masterdata.save_template(
        ShiftTemplateDraft("Spätnacht", "SN", time(20), time(4), 30, ShiftKind.PATROL, 2)
    ).value
    assert template.crosses_midnight
    assert template.times_label == "20:00–04:00 (+1 Tag)"


@pytest.mark.parametrize(
    ("draft", "message"),
    [
        (
            ShiftTemplateDraft("Leer", "L", time(8), time(8)),
            "Ende gleich Beginn: ein Dienst muss eine Dauer haben.",
        ),
        (
            ShiftTemplateDraft("Lang", "L", time(6), time(20), 45),
            "Dauer 14:00 h: ein Dienst nach Vorlage darf höchstens 12:00 h dauern "
            "(Ende vor Beginn bedeutet: endet am Folgetag).",
        ),
        (
            ShiftTemplateDraft("Ohne Pause", "OP", time(6), time(14), 0),
            "§4 ArbZG: bei 8:00 h Dienst sind mindestens 30 Minuten Pause nötig, "
            "eingetragen sind 0.",
        ),
        (
            ShiftTemplateDraft("Solo", "SO", time(6), time(12), 0, ShiftKind.PATROL, 1),
            "Streifen gehen zu zweit: Mindestbesetzung mindestens 2.",
        ),
        (
            ShiftTemplateDraft("Frühdienst", "F2", time(7), time(13), 0),
            "Eine Dienstvorlage „Frühdienst“ gibt es schon.",
        ),
    ],
)
def test_template_rules(services: Services, draft: ShiftTemplateDraft, message: str) -> None:
    with pytest.raises(ValidationError) as refused:
        services.masterdata.save_template(draft)
    assert refused.value.messages == [message]


def test_import_is_all_or_nothing_and_updates_by_service_number(services: Services) -> None:
    services.masterdata.save_officer(ANNA)
    good = [(2, replace(ANNA, weekly_hours=41)), (3, OfficerDraft("E-2001", "Yilmaz", "Deniz"))]
    bad = [*good, (4, OfficerDraft("E-2002", "", "Paul"))]
    with pytest.raises(ValidationError) as refused:
        services.masterdata.import_officers(bad)
    assert refused.value.messages == ["Zeile 4: Nachname fehlt."]
    assert [o.service_number for o in services.masterdata.officers()] == ["K-1001"]
    assert services.masterdata.import_officers(good).value == 2
    officers = {o.service_number: o for o in services.masterdata.officers()}
    assert officers["K-1001"].weekly_hours == 41
    assert set(officers) == {"K-1001", "E-2001"}


def test_every_change_is_chained_in_the_audit_log(services: Services, db_path: Path) -> None:
    services.masterdata.save_officer(ANNA)
    with services.db.read() as session:
        assert audit.verify_chain(session) is None
    connection = raw_sql.connect(db_path)
    connection.execute("UPDATE audit_entry SET actor = 'jemand' WHERE table_name = 'officer'")
    connection.commit()
    connection.close()
    with services.db.read() as session:
        assert audit.verify_chain(session) is not None


def test_sync_columns_are_stamped_on_every_write(services: Services, db_path: Path) -> None:
    first = services.masterdata.save_officer(ANNA).value
    services.masterdata.save_officer(replace(ANNA, first_name="Anne"), first.id)
    connection = raw_sql.connect(db_path)
    version, origin, updated_by, seq = connection.execute(
        "SELECT version, origin, updated_by, change_seq FROM officer"
    ).fetchone()
    station_seq = connection.execute("SELECT last_change_seq FROM station").fetchone()[0]
    station_id = connection.execute("SELECT id FROM station").fetchone()[0]
    connection.close()
    assert (version, origin, updated_by) == (2, station_id, "test")
    assert seq == station_seq


def test_the_last_administrator_cannot_be_demoted_or_deactivated(services: Services) -> None:
    services.auth.create_first_admin("K-1", "Koch", "Patrick", "geheim-genug-123")
    admin = next(o for o in services.masterdata.officers() if o.service_number == "K-1")
    refusal = re.escape("Die letzte Administration (K-1) kann weder eine andere Rolle")
    with pytest.raises(ValidationError, match=refusal):
        services.masterdata.save_officer(replace(admin.as_draft(), role=Role.SUPERVISOR), admin.id)
    with pytest.raises(ValidationError, match=refusal):
        services.masterdata.set_officer_active(admin.id, False)
    after = services.masterdata.officer(admin.id)
    assert (after.role, after.active, after.version) == (Role.ADMIN, True, admin.version)
    # Other edits of the last administrator stay possible.
    services.masterdata.save_officer(replace(admin.as_draft(), weekly_hours=30.0), admin.id)
    # With a second administrator who can log in, the first may step down.
    second = services.masterdata.save_officer(replace(ANNA, role=Role.ADMIN)).value
    services.auth.set_password(second.id, "auch-geheim-4567")
    services.masterdata.set_officer_active(admin.id, False)
    assert services.masterdata.officer(admin.id).active is False


def test_only_an_administrator_renames_the_station_and_it_is_audited(services: Services) -> None:
    from kod_desk.domain.audit import AuditFilter
    from kod_desk.domain.errors import PermissionDenied

    station = services.setup.station()
    assert station is not None and station.name == "Teststation"
    context = services.context
    for role in (Role.OFFICER, Role.SUPERVISOR):
        context.role = role
        with pytest.raises(PermissionDenied) as refused:
            services.setup.rename_station("Übernommen")
        assert refused.value.message == (
            "Keine Berechtigung: Die Station umbenennen darf nur die Administration."
        )
    context.role = Role.ADMIN
    assert services.setup.station() == station
    assert services.audit.recent(50, AuditFilter(action="rename")) == []
    with pytest.raises(ValidationError, match="Name der Station fehlt"):
        services.setup.rename_station("   ")
    with pytest.raises(ValidationError, match="keine Steuerzeichen"):
        services.setup.rename_station("Wache\nNord")

    result = services.setup.rename_station(" Wache Nord ")
    assert result.value.name == "Wache Nord" and result.value.id == station.id
    assert result.changes.touches(Entity.STATION)
    (entry,) = services.audit.recent(50, AuditFilter(action="rename"))
    assert (entry.table_name, entry.row_id) == ("station", station.id)
    assert (entry.before, entry.after) == ({"name": "Teststation"}, {"name": "Wache Nord"})
    # The same name again changes nothing and writes nothing.
    assert not services.setup.rename_station("Wache Nord").changes
    assert len(services.audit.recent(50, AuditFilter(action="rename"))) == 1
