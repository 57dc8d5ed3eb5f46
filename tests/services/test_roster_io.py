"""Roster import and export through the service, on real SQLite files: all or nothing, one duty
per date/times/kind/area, no duplicates on re-import, round trip, iCalendar in Berlin time."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from kod_desk.domain.enums import ShiftKind
from kod_desk.domain.errors import NotFoundError, ValidationError
from kod_desk.domain.masterdata import OfficerDraft
from kod_desk.domain.roster import ShiftDraft
from kod_desk.services.base import Entity
from kod_desk.services.registry import Services
from kod_desk.services.roster_io import ImportRefusedError, RosterIOService
from kod_desk.storage.database import Database
from tests import raw_sql

BERLIN = ZoneInfo("Europe/Berlin")
HEADER = "Datum;Beginn;Ende;Dienstnummer;Art;Gebiet"
STAFF = (
    OfficerDraft("K-1", "Albers", "Anna", qualifications=("Radstreife",)),
    OfficerDraft("K-2", "Brandt", "Ben", qualifications=("Radstreife",)),
    OfficerDraft("K-3", "Claas", "Cem"),
    OfficerDraft("E-1", "Dorn", "Dana"),
    OfficerDraft("K-9", "Ehlers", "Emil", active=False),
)


def csv(*lines: str) -> bytes:
    return ("\ufeff" + "\r\n".join([HEADER, *lines]) + "\r\n").encode("utf-8")


def staff(services: Services) -> dict[str, str]:
    return {
        draft.service_number: services.masterdata.save_officer(draft).value.id for draft in STAFF
    }


def count(db_path: Path, table: str) -> int:
    connection = raw_sql.connect(db_path)
    try:
        return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        connection.close()


def duties(services: Services, first: date, last: date) -> list[tuple[object, ...]]:
    """What a duty is for the round trip: day, UTC bounds, kind, area, crew."""
    return sorted(
        (
            s.duty_date,
            s.starts_at,
            s.ends_at,
            s.kind,
            s.area,
            tuple(sorted(c.service_number for c in s.crew)),
        )
        for s in services.roster.period(first, last).shifts
    )


@pytest.fixture
def io(services: Services) -> RosterIOService:
    staff(services)
    return services.roster_io


@pytest.fixture
def other(tmp_path: Path) -> Iterator[Services]:
    """A second, empty database with the same staff."""
    bundle = Services.create(Database.open(tmp_path / "other.sqlite"), actor="test")
    bundle.setup.ensure_initialized("Zweitstation")
    staff(bundle)
    yield bundle
    bundle.close()


GOOD = csv(
    "13.11.2026;14:00;22:00;K-1;Streife;Bahnhofsumfeld",
    "13.11.2026;14:00;22:00;K-2;Streife;Bahnhofsumfeld",
    "13.11.2026;22:00;06:00;K-3;Streife;Innenstadt",
    "13.11.2026;22:00;06:00;K-1;Radstreife;Innenstadt",
    "14.11.2026;07:30;16:00;E-1;Innendienst;",
    "13.11.2026;22:00;06:00;K-2;Radstreife;Innenstadt",
)


def test_lines_of_one_duty_become_one_duty_with_its_crew(
    services: Services, io: RosterIOService
) -> None:
    result = io.import_csv(GOOD)
    assert result.changes.touches(Entity.SHIFTS)
    report = result.value
    assert (report.line_count, report.duties_created, report.assignments_added) == (6, 4, 6)
    assert report.summary == (
        "6 Zeilen eingelesen: 4 Dienste angelegt, 0 ergänzt, 0 unverändert, 6 Einteilungen neu."
    )
    shifts = services.roster.period(date(2026, 11, 13), date(2026, 11, 14)).shifts
    crews = {(s.kind, s.area): sorted(c.service_number for c in s.crew) for s in shifts}
    assert crews == {
        (ShiftKind.PATROL, "Bahnhofsumfeld"): ["K-1", "K-2"],
        (ShiftKind.PATROL, "Innenstadt"): ["K-3"],
        (ShiftKind.BIKE_PATROL, "Innenstadt"): ["K-1", "K-2"],
        (ShiftKind.OFFICE, ""): ["E-1"],
    }
    late = next(s for s in shifts if s.area == "Bahnhofsumfeld")
    # A template with the same times lends name, break and min staff; else 2 on patrol, 1 else.
    assert (late.label, late.break_minutes, late.min_staff) == ("Spätdienst", 30, 2)
    office = next(s for s in shifts if s.kind is ShiftKind.OFFICE)
    assert (office.label, office.break_minutes, office.min_staff, office.area_id) == (
        "",
        None,
        1,
        None,
    )


def test_overnight_and_daylight_saving_duties(services: Services, io: RosterIOService) -> None:
    io.import_csv(
        csv(
            "13.11.2026;22:00;06:00;K-1;Streife;Innenstadt",
            "24.10.2026;22:00;06:00;K-2;Streife;Innenstadt",
            "28.03.2026;22:00;06:00;K-3;Streife;Innenstadt",
        )
    )
    shifts = {
        s.duty_date: s for s in services.roster.period(date(2026, 3, 1), date(2026, 12, 1)).shifts
    }
    night = shifts[date(2026, 11, 13)]
    assert (night.starts_at, night.ends_at) == (
        datetime(2026, 11, 13, 21, tzinfo=UTC),
        datetime(2026, 11, 14, 5, tzinfo=UTC),
    )
    # The clock says 8 h; the autumn change makes it 9 h, the spring change 7 h.
    autumn, spring = shifts[date(2026, 10, 24)], shifts[date(2026, 3, 28)]
    assert autumn.ends_at - autumn.starts_at == timedelta(hours=9)
    assert spring.ends_at - spring.starts_at == timedelta(hours=7)
    assert autumn.ends_at.astimezone(BERLIN).replace(tzinfo=None) == datetime(2026, 10, 25, 6)


def test_bad_lines_are_all_reported_and_nothing_is_written(
    services: Services, io: RosterIOService, db_path: Path
) -> None:
    services.masterdata.set_area_active(
        next(a.id for a in services.masterdata.areas() if a.name == "Klosterinsel"), False
    )
    audit_before = count(db_path, "audit_entry")
    with pytest.raises(ImportRefusedError) as refused:
        io.import_csv(
            csv(
                "13.11.2026;14:00;22:00;K-1;Streife;Bahnhofsumfeld",
                "13.11.2026;14:00;22:00;K-99;Streife;Bahnhofsumfeld",
                "13.11.2026;14:00;22:00;K-3;Streife;Hafen",
                "31.11.2026;14:00;22:00;K-404;Streife;Innenstadt",
                "13.11.2026;14:00;22:00;K-2;Radstreife;",
                "13.11.2026;14:00;22:00;K-9;Innendienst;",
                "13.11.2026;14:00;22:00;k-1;streife;BAHNHOFSUMFELD",
                "13.11.2026;14:00;22:00;K-2;Streife;Klosterinsel",
                "14.11.2026;07:30;16:00;E-1;Innendienst;",
            )
        )
    assert refused.value.messages == [
        "7 von 9 Zeilen fehlerhaft – nichts importiert.",
        "Zeile 3: Dienstnummer K-99 unbekannt.",
        "Zeile 4: Gebiet „Hafen“ unbekannt (vorhanden: Bahnhofsumfeld, Innenstadt).",
        "Zeile 5: Datum: „31.11.2026“ ist kein gültiges Datum (TT.MM.JJJJ oder JJJJ-MM-TT).",
        "Zeile 5: Dienstnummer K-404 unbekannt.",
        "Zeile 6: Gebiet fehlt: Radstreife braucht ein Einsatzgebiet (leer nur bei "
        "Ermittlungsdienst und Innendienst).",
        "Zeile 7: Ehlers, Emil (K-9) ist deaktiviert und kann nicht eingeteilt werden.",
        "Zeile 8: Dienstnummer k-1 steht für denselben Dienst schon in Zeile 2.",
        "Zeile 9: Gebiet „Klosterinsel“ ist deaktiviert.",
    ]
    assert refused.value.bad_lines == (3, 4, 5, 6, 7, 8, 9)
    assert count(db_path, "shift") == 0
    assert count(db_path, "assignment") == 0
    assert count(db_path, "audit_entry") == audit_before


def test_good_rows_only_imports_the_good_duties_and_lists_the_skipped_lines(
    services: Services, io: RosterIOService, db_path: Path
) -> None:
    report = io.import_csv(
        csv(
            "13.11.2026;14:00;22:00;K-1;Streife;Bahnhofsumfeld",
            "13.11.2026;14:00;22:00;K-99;Streife;Bahnhofsumfeld",  # spoils the whole duty
            "13.11.2026;22:00;06:00;K-2;Streife;Innenstadt",
            "13.11.2026;22:00;06:00;K-3;Streife;Innenstadt",
            "xx.11.2026;07:30;16:00;E-1;Innendienst;",
            "14.11.2026;08:00;16:30;E-1;Ermittlungsdienst;",
        ),
        good_rows_only=True,
    ).value
    assert report.skipped_lines == (2, 3, 6)
    assert report.problems == (
        "Zeile 2: übersprungen, weil derselbe Dienst in Zeile 3 fehlerhaft ist.",
        "Zeile 3: Dienstnummer K-99 unbekannt.",
        "Zeile 6: Datum: „xx.11.2026“ ist kein gültiges Datum (TT.MM.JJJJ oder JJJJ-MM-TT).",
    )
    assert report.summary.endswith("3 Zeilen übersprungen.")
    assert duties(services, date(2026, 11, 13), date(2026, 11, 14)) == [
        (
            date(2026, 11, 13),
            datetime(2026, 11, 13, 21, tzinfo=UTC),
            datetime(2026, 11, 14, 5, tzinfo=UTC),
            ShiftKind.PATROL,
            "Innenstadt",
            ("K-2", "K-3"),
        ),
        (
            date(2026, 11, 14),
            datetime(2026, 11, 14, 7, tzinfo=UTC),
            datetime(2026, 11, 14, 15, 30, tzinfo=UTC),
            ShiftKind.INVESTIGATION,
            "",
            ("E-1",),
        ),
    ]
    # The choice to import part of a file is kept in the audit log.
    connection = raw_sql.connect(db_path)
    reason = connection.execute(
        "SELECT reason FROM audit_entry WHERE table_name = 'roster_csv' AND action = 'import'"
    ).fetchall()
    connection.close()
    assert reason == [("nur fehlerfreie Dienste importiert",)]


def test_good_rows_only_with_nothing_good_is_still_refused(
    io: RosterIOService, db_path: Path
) -> None:
    with pytest.raises(ImportRefusedError, match="1 von 1 Zeile fehlerhaft"):
        io.import_csv(csv("13.11.2026;14:00;22:00;K-99;Streife;Innenstadt"), good_rows_only=True)
    assert count(db_path, "shift") == 0


def test_a_file_without_header_is_refused(io: RosterIOService) -> None:
    with pytest.raises(ValidationError, match="Spalte"):
        io.import_csv(b"13.11.2026;14:00;22:00;K-1;Streife;Innenstadt\r\n")


def test_importing_twice_adds_nothing_and_a_longer_file_extends_the_duty(
    services: Services, io: RosterIOService, db_path: Path
) -> None:
    first = io.import_csv(GOOD).value
    again = io.import_csv(GOOD).value
    assert (again.duties_created, again.duties_unchanged, again.assignments_added) == (0, 4, 0)
    assert count(db_path, "shift") == first.duties_created == 4
    assert count(db_path, "assignment") == 6
    # A lead set in the app survives the re-import; a new officer joins the existing duty.
    late = next(
        s
        for s in services.roster.period(date(2026, 11, 13), date(2026, 11, 13)).shifts
        if s.area == "Bahnhofsumfeld"
    )
    brandt = next(c.officer_id for c in late.crew if c.service_number == "K-2")
    services.roster.assign(late.id, brandt, is_lead=True)
    more = io.import_csv(
        csv(
            "13.11.2026;14:00;22:00;K-1;Streife;Bahnhofsumfeld",
            "13.11.2026;14:00;22:00;K-3;Streife;Bahnhofsumfeld",
        )
    ).value
    assert (more.duties_created, more.duties_extended, more.assignments_added) == (0, 1, 1)
    crew = services.roster.shift(late.id).crew
    assert [(c.service_number, c.is_lead) for c in crew] == [
        ("K-2", True),
        ("K-1", False),
        ("K-3", False),
    ]
    assert count(db_path, "shift") == 4


def test_an_import_is_audited(io: RosterIOService, db_path: Path) -> None:
    io.import_csv(GOOD)
    connection = raw_sql.connect(db_path)
    rows = connection.execute(
        "SELECT table_name, count(*) FROM audit_entry WHERE action = 'import' "
        "AND table_name != 'officer' GROUP BY table_name ORDER BY table_name"
    ).fetchall()
    connection.close()
    assert rows == [("assignment", 6), ("roster_csv", 1), ("shift", 4)]


def test_export_reimports_into_an_empty_database_to_the_same_duties(
    services: Services, io: RosterIOService, other: Services
) -> None:
    io.import_csv(GOOD)
    # An open duty (nobody assigned yet) and one across the autumn change travel as well.
    area = next(a.id for a in services.masterdata.areas() if a.name == "Klosterinsel")
    services.roster.create_shift(
        ShiftDraft(date(2026, 11, 14), time(10), time(18), ShiftKind.CONTACT_POINT, area)
    )
    io.import_csv(csv("24.10.2026;22:00;06:00;K-3;Streife;Innenstadt"))
    first, last = date(2026, 10, 24), date(2026, 11, 14)
    exported = io.export_csv(first, last)
    assert "14.11.2026;10:00;18:00;;Ansprechstelle;Klosterinsel" in exported.decode("utf-8-sig")

    other.roster_io.import_csv(exported)
    assert duties(other, first, last) == duties(services, first, last)
    assert len(duties(other, first, last)) == 6
    # Same file again from the copy: the export is stable, byte for byte.
    assert other.roster_io.export_csv(first, last) == exported


def test_export_dates_are_inclusive(io: RosterIOService) -> None:
    io.import_csv(GOOD)
    only_13th = io.export_csv(date(2026, 11, 13), date(2026, 11, 13)).decode("utf-8-sig")
    assert only_13th.count("\r\n") == 1 + 5  # header and the five lines of the 13th
    assert "14.11.2026" not in only_13th
    both = io.export_csv(date(2026, 11, 13), date(2026, 11, 14)).decode("utf-8-sig")
    assert both.count("\r\n") == 1 + 6
    with pytest.raises(ValidationError, match="liegt vor Beginn"):
        io.export_csv(date(2026, 11, 14), date(2026, 11, 13))


# ---------------------------------------------------------------- iCalendar


def test_ical_has_one_event_per_duty_in_berlin_time(
    services: Services, io: RosterIOService
) -> None:
    io.import_csv(
        csv(
            "13.11.2026;14:00;22:00;K-1;Streife;Bahnhofsumfeld",
            "13.11.2026;14:00;22:00;K-2;Streife;Bahnhofsumfeld",
            "24.10.2026;22:00;06:00;K-1;Radstreife;Klosterinsel",
            "24.10.2026;22:00;06:00;K-2;Radstreife;Klosterinsel",
            "14.11.2026;08:00;16:30;E-1;Ermittlungsdienst;",
            "15.11.2026;06:00;14:00;K-1;Streife;Innenstadt",  # after --to
        )
    )
    late = next(s for s in services.roster.period(date(2026, 11, 13), date(2026, 11, 13)).shifts)
    albers = next(c.officer_id for c in late.crew if c.service_number == "K-1")
    services.roster.assign(late.id, albers, is_lead=True)

    data = io.export_ical("k-1", date(2026, 10, 1), date(2026, 11, 14))
    calendar = Calendar.from_ical(data)
    assert str(calendar["PRODID"]) == "-//Stadt//KOD Desk//DE"
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    events = sorted(calendar.walk("VEVENT"), key=lambda e: e.decoded("DTSTART"))
    assert len(events) == 2
    night, evening = events
    assert str(evening["SUMMARY"]) == "Spätdienst – Streife Bahnhofsumfeld"
    assert str(evening["LOCATION"]) == "Bahnhofsumfeld"
    assert evening["UID"] == f"{late.id}@kod-desk"
    start, end = evening.decoded("DTSTART"), evening.decoded("DTEND")
    assert str(start.tzinfo) == "Europe/Berlin"
    assert (start.replace(tzinfo=None), end.replace(tzinfo=None)) == (
        datetime(2026, 11, 13, 14),
        datetime(2026, 11, 13, 22),
    )
    description = str(evening["DESCRIPTION"])
    assert "Streifenführung: Albers, Anna (K-1)" in description
    assert "Besatzung: Albers, Anna (K-1); Brandt, Ben (K-2)" in description
    # The night across the autumn change: 22:00 to 06:00 on the clock, 9 h in reality.
    assert str(night["SUMMARY"]) == "Nachtdienst – Radstreife Klosterinsel"
    night_start, night_end = night.decoded("DTSTART"), night.decoded("DTEND")
    assert (night_start.hour, night_end.hour, night_end.day) == (22, 6, 25)
    assert night_end.astimezone(UTC) - night_start.astimezone(UTC) == timedelta(hours=9)
    assert "24.10.2026 22:00–06:00 (9:00 h, +1 Tag)" in str(night["DESCRIPTION"])

    again = Calendar.from_ical(io.export_ical("K-1", date(2026, 10, 1), date(2026, 11, 14)))
    assert sorted(str(e["UID"]) for e in again.walk("VEVENT")) == sorted(
        str(e["UID"]) for e in events
    )


def test_ical_for_an_investigator_without_area_and_without_duties(io: RosterIOService) -> None:
    io.import_csv(csv("14.11.2026;08:00;16:30;E-1;Ermittlungsdienst;"))
    [event] = Calendar.from_ical(
        io.export_ical("E-1", date(2026, 11, 14), date(2026, 11, 14))
    ).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Tagdienst – Ermittlungsdienst"
    assert "LOCATION" not in event
    empty = Calendar.from_ical(io.export_ical("K-3", date(2026, 11, 1), date(2026, 11, 30)))
    assert empty.walk("VEVENT") == []


def test_ical_for_an_unknown_service_number_is_refused_in_german(io: RosterIOService) -> None:
    with pytest.raises(NotFoundError, match=r"^Dienstnummer K-77 unbekannt\.$"):
        io.export_ical(" K-77 ", date(2026, 11, 1), date(2026, 11, 30))
