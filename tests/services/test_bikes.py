"""Bike use cases through the service: bookings, check-out/in, defects, repairs, refusals."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest

from kod_desk.domain.bikes import BikeDraft, Season
from kod_desk.domain.enums import BikeCondition, BikeServiceKind, CheckoutStatus, ShiftKind
from kod_desk.domain.errors import ValidationError
from kod_desk.domain.masterdata import OfficerDraft
from kod_desk.domain.roster import ShiftDraft
from kod_desk.services.base import Entity
from kod_desk.services.registry import Services
from tests import raw_sql

DAY = date(2026, 6, 12)  # summer: 11:00 local is 09:00 UTC
START = datetime(2026, 6, 12, 9, tzinfo=UTC)

TABLES = ("bike", "bike_checkout", "bike_service", "audit_entry")


@dataclass
class Fleet:
    s: Services
    shift: str
    anna: str  # trained
    ben: str  # trained
    carl: str  # no bike training
    df1: str
    df2: str


def counts(db_path: Path) -> dict[str, int]:
    connection = raw_sql.connect(db_path)
    try:
        return {t: connection.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    finally:
        connection.close()


def refused(db_path: Path, action: Callable[[], object], message: str) -> None:
    """The action raises a German ValidationError and writes nothing."""
    before = counts(db_path)
    with pytest.raises(ValidationError, match=message):
        action()
    assert counts(db_path) == before


def bike_patrol(services: Services, day: date = DAY, start: int = 11, end: int = 19) -> str:
    area = next(a.id for a in services.masterdata.areas() if a.name == "Innenstadt")
    draft = ShiftDraft(day, time(start), time(end), ShiftKind.BIKE_PATROL, area)
    return services.roster.create_shift(draft).value.id


@pytest.fixture
def fleet(services: Services) -> Fleet:
    def officer(number: str, last: str, trained: bool) -> str:
        quals = ("Radstreife",) if trained else ()
        draft = OfficerDraft(number, last, "Vor", qualifications=quals)
        return services.masterdata.save_officer(draft).value.id

    anna, ben = officer("K-1", "Albers", True), officer("K-2", "Brandt", True)
    carl = officer("K-3", "Claßen", False)
    shift = bike_patrol(services)
    for person in (anna, ben, carl):
        services.roster.assign(shift, person)
    df1 = services.bikes.save_bike(
        BikeDraft("DF-01", range_km=100, odometer_km=1200, inspection_interval_km=2000)
    ).value.id
    df2 = services.bikes.save_bike(BikeDraft("DF-02", range_km=95, odometer_km=800)).value.id
    return Fleet(services, shift, anna, ben, carl, df1, df2)


# ---------------------------------------------------------------- fleet


def test_save_bike_normalizes_and_refuses_duplicates(fleet: Fleet, db_path: Path) -> None:
    result = fleet.s.bikes.save_bike(BikeDraft(" df-07 ", is_pedelec=False, range_km=50))
    assert result.changes.ids(Entity.BIKES) == {result.value.id}
    assert (result.value.inventory_no, result.value.range_km) == ("DF-07", None)
    refused(
        db_path,
        lambda: fleet.s.bikes.save_bike(BikeDraft("DF-01")),
        "Inventarnummer DF-01 ist schon vergeben",
    )
    current = fleet.s.bikes.bike(fleet.df1)
    refused(
        db_path,
        lambda: fleet.s.bikes.save_bike(replace(current.as_draft(), odometer_km=1100), fleet.df1),
        "km-Stand 1.100 liegt unter dem letzten Stand 1.200",
    )


def test_retire_keeps_the_bike_and_refuses_booking(fleet: Fleet, db_path: Path) -> None:
    retired = fleet.s.bikes.retire_bike(fleet.df2).value
    assert retired.condition is BikeCondition.RETIRED
    assert [b.inventory_no for b in fleet.s.bikes.list_bikes(include_retired=False)] == ["DF-01"]
    refused(
        db_path,
        lambda: fleet.s.bikes.book(fleet.df2, fleet.shift, fleet.anna),
        "DF-02 ist ausgemustert und kann nicht gebucht werden",
    )
    refused(
        db_path,
        lambda: fleet.s.bikes.check_out(fleet.df2, fleet.anna, START, 800, 90),
        "DF-02 ist ausgemustert und kann nicht ausgegeben werden",
    )


# ---------------------------------------------------------------- bookings


def test_book_and_refuse_double_booking_and_untrained(fleet: Fleet, db_path: Path) -> None:
    result = fleet.s.bikes.book(fleet.df1, fleet.shift, fleet.anna)
    # The change names the bike and the duty, so the pages refresh just those.
    assert result.changes.ids(Entity.BIKES) == {fleet.df1}
    assert result.changes.ids(Entity.SHIFTS) == {fleet.shift}
    booking = result.value
    assert (booking.status, booking.inventory_no, booking.officer_name) == (
        CheckoutStatus.BOOKED,
        "DF-01",
        "Albers, Vor",
    )
    refused(
        db_path,
        lambda: fleet.s.bikes.book(fleet.df1, fleet.shift, fleet.ben),
        "DF-01 ist zu dieser Zeit schon gebucht an Albers, Vor",
    )
    refused(
        db_path,
        lambda: fleet.s.bikes.book(fleet.df2, fleet.shift, fleet.anna),
        "Albers, Vor hat für .* schon Fahrrad DF-01",
    )
    refused(
        db_path,
        lambda: fleet.s.bikes.book(fleet.df2, fleet.shift, fleet.carl),
        "Claßen, Vor hat keine Radstreifen-Schulung",
    )
    # A night duty starting when this one ends touches it: fine.
    night = bike_patrol(fleet.s, DAY, 19, 3)
    fleet.s.roster.assign(night, fleet.ben)
    fleet.s.bikes.book(fleet.df1, night, fleet.ben)
    # One starting during the night duty (across midnight) clashes.
    early = bike_patrol(fleet.s, DAY + timedelta(days=1), 2, 10)
    fleet.s.roster.assign(early, fleet.anna)
    refused(
        db_path,
        lambda: fleet.s.bikes.book(fleet.df1, early, fleet.anna),
        "DF-01 ist zu dieser Zeit schon gebucht an Brandt, Vor",
    )
    cancelled = fleet.s.bikes.cancel_booking(booking.id).value
    assert cancelled.status is CheckoutStatus.CANCELLED
    refused(db_path, lambda: fleet.s.bikes.cancel_booking(booking.id), "storniert und kann nicht")


def test_book_refuses_out_of_season_and_other_duties(fleet: Fleet, db_path: Path) -> None:
    winter = fleet.s.bikes.save_bike(
        BikeDraft("DF-09", season=Season.parse("01.11.", "31.03."))
    ).value
    refused(
        db_path,
        lambda: fleet.s.bikes.book(winter.id, fleet.shift, fleet.anna),
        r"DF-09 ist am 12.06.2026 außerhalb der Saison \(01.11.–31.03.\)",
    )
    area = next(a.id for a in fleet.s.masterdata.areas() if a.name == "Innenstadt")
    patrol = fleet.s.roster.create_shift(
        ShiftDraft(DAY, time(6), time(14), ShiftKind.PATROL, area)
    ).value.id
    fleet.s.roster.assign(patrol, fleet.anna)
    refused(
        db_path,
        lambda: fleet.s.bikes.book(fleet.df1, patrol, fleet.anna),
        "nur für Radstreifen",
    )


# ---------------------------------------------------------------- check-out and check-in


def test_check_out_refusals_write_nothing(fleet: Fleet, db_path: Path) -> None:
    refused(
        db_path,
        lambda: fleet.s.bikes.check_out(fleet.df1, fleet.anna, START, 1180, 90),
        "km-Stand 1.180 liegt unter dem letzten Stand 1.200",
    )
    refused(
        db_path,
        lambda: fleet.s.bikes.check_out(fleet.df1, fleet.anna, START, 1200, 101),
        "Akkustand 101 %: erlaubt sind 0 bis 100 %",
    )
    refused(
        db_path,
        lambda: fleet.s.bikes.check_out(fleet.df1, fleet.carl, START, 1200, 90),
        "keine Radstreifen-Schulung",
    )
    fleet.s.bikes.check_out(fleet.df1, fleet.anna, START, 1200, 90)
    refused(
        db_path,
        lambda: fleet.s.bikes.check_out(fleet.df1, fleet.ben, START, 1200, 90),
        "DF-01 ist schon ausgegeben",
    )


def test_check_in_of_a_bike_that_is_not_out_is_refused(fleet: Fleet, db_path: Path) -> None:
    booking = fleet.s.bikes.book(fleet.df1, fleet.shift, fleet.anna).value
    refused(
        db_path,
        lambda: fleet.s.bikes.check_in(booking.id, START, 1230, 50),
        r"Fahrrad DF-01 ist nicht ausgegeben \(gebucht\); eine Rücknahme ist nicht möglich",
    )
    out = fleet.s.bikes.check_out(fleet.df1, fleet.anna, START - timedelta(minutes=10), 1200, 95)
    assert out.value.id == booking.id  # the booking became the check-out
    later = START + timedelta(hours=8)
    refused(
        db_path,
        lambda: fleet.s.bikes.check_in(booking.id, later, 1199, 50),
        "km-Stand 1.199 liegt unter dem letzten Stand 1.200",
    )
    refused(
        db_path,
        lambda: fleet.s.bikes.check_in(booking.id, later, 1230, -5),
        "Akkustand -5 %",
    )
    refused(
        db_path,
        lambda: fleet.s.bikes.check_in(booking.id, START - timedelta(hours=1), 1230, 50),
        "liegt nicht nach der Ausgabe",
    )
    back = fleet.s.bikes.check_in(booking.id, later, 1231, 40)
    assert back.value.checkout.status is CheckoutStatus.RETURNED
    assert back.value.repair is None
    assert fleet.s.bikes.bike(fleet.df1).odometer_km == 1231
    refused(
        db_path,
        lambda: fleet.s.bikes.check_in(booking.id, later, 1240, 40),
        "zurückgenommen",
    )
    rows = fleet.s.bikes.logbook(fleet.df1, DAY, DAY)
    assert [(r.officer_name, r.km_driven, r.battery_out, r.battery_in) for r in rows] == [
        ("Albers, Vor", 31, 95, 40)
    ]


def test_defect_at_check_in_breaks_bookings_and_repair_clears_it(
    fleet: Fleet, db_path: Path
) -> None:
    # Anna rides DF-01 today; Ben has it booked for tomorrow's patrol.
    tomorrow = bike_patrol(fleet.s, DAY + timedelta(days=1))
    fleet.s.roster.assign(tomorrow, fleet.ben)
    ben_booking = fleet.s.bikes.book(fleet.df1, tomorrow, fleet.ben).value
    ride = fleet.s.bikes.check_out(fleet.df1, fleet.anna, START, 1200, 95).value
    assert ride.shift_id is None
    result = fleet.s.bikes.check_in(
        ride.id, START + timedelta(hours=7), 1228, 30, " Hinterradbremse ohne Wirkung "
    )
    assert result.changes.touches(Entity.BIKES, Entity.SHIFTS)
    check_in = result.value
    assert fleet.s.bikes.bike(fleet.df1).condition is BikeCondition.DEFECT
    assert check_in.repair is not None
    assert (check_in.repair.kind, check_in.repair.description, check_in.repair.checkout_id) == (
        BikeServiceKind.REPAIR,
        "Hinterradbremse ohne Wirkung",
        ride.id,
    )
    assert [
        (b.booking.id, b.suggestion and b.suggestion.inventory_no) for b in check_in.broken
    ] == [(ben_booking.id, "DF-02")]
    # The roster sees the broken booking; the defect bike can be neither booked nor handed out.
    findings = fleet.s.bikes.findings(DAY, DAY + timedelta(days=1))
    assert [(f.rule, f.officer) for f in findings] == [("bike_unusable", "K-2")]
    # The finding names the officer and the bike to book instead.
    assert findings[0].message == (
        "Fahrrad DF-01 für Brandt, Vor (Radstreife 13.06.): Fahrrad ist defekt – "
        "frei wäre Fahrrad DF-02."
    )
    refused(
        db_path,
        lambda: fleet.s.bikes.check_out(fleet.df1, fleet.ben, START + timedelta(days=1), 1228, 80),
        "DF-01 ist defekt und kann nicht ausgegeben werden",
    )
    refused(
        db_path,
        lambda: fleet.s.bikes.book(fleet.df1, fleet.shift, fleet.anna),
        "DF-01 ist defekt und kann nicht gebucht werden",
    )
    # Completing the repair: usable again, the finding clears.
    repair_id = check_in.repair.id
    refused(
        db_path,
        lambda: fleet.s.bikes.complete_service(repair_id, DAY, 8900, "Rad-Werk", 1200),
        "km-Stand 1.200 liegt unter dem letzten Stand 1.228",
    )
    done = fleet.s.bikes.complete_service(repair_id, DAY, 8900, " Rad-Werk ", 1228)
    assert done.value.done_on == DAY and done.value.workshop == "Rad-Werk"
    assert fleet.s.bikes.bike(fleet.df1).condition is BikeCondition.USABLE
    assert fleet.s.bikes.findings(DAY, DAY + timedelta(days=1)) == []
    refused(
        db_path,
        lambda: fleet.s.bikes.complete_service(done.value.id, DAY, 0, "", 1228),
        "schon am 12.06.2026 erledigt",
    )


def test_completing_an_inspection_resets_the_counters(fleet: Fleet) -> None:
    record = fleet.s.bikes.open_service(
        fleet.df1, BikeServiceKind.INSPECTION, "Jahresinspektion", START
    ).value
    assert fleet.s.bikes.bike(fleet.df1).condition is BikeCondition.USABLE
    fleet.s.bikes.complete_service(record.id, DAY, 14900, "Rad-Werk", 1250)
    bike = fleet.s.bikes.bike(fleet.df1)
    assert (bike.next_inspection_on, bike.next_inspection_km, bike.odometer_km) == (
        date(2027, 6, 12),
        3250,
        1250,
    )


def test_fleet_rows_keep_availability_apart_from_condition(fleet: Fleet) -> None:
    fleet.s.bikes.check_out(fleet.df1, fleet.anna, START, 1200, 95)
    rows = {r.bike.inventory_no: r for r in fleet.s.bikes.fleet(START + timedelta(hours=1))}
    assert rows["DF-01"].availability.label == "ausgegeben"
    assert rows["DF-01"].bike.condition is BikeCondition.USABLE
    assert rows["DF-01"].current is not None
    assert rows["DF-02"].availability.label == "frei"


def test_audit_entries_for_every_write(fleet: Fleet, db_path: Path) -> None:
    booking = fleet.s.bikes.book(fleet.df1, fleet.shift, fleet.anna).value
    fleet.s.bikes.check_out(fleet.df1, fleet.anna, START, 1200, 95)
    fleet.s.bikes.check_in(booking.id, START + timedelta(hours=8), 1230, 40, "Licht defekt")
    connection = raw_sql.connect(db_path)
    actions = [
        row[0]
        for row in connection.execute(
            "SELECT action || ':' || table_name FROM audit_entry "
            "WHERE table_name LIKE 'bike%' ORDER BY seq"
        )
    ]
    connection.close()
    assert actions == [
        "create:bike",
        "create:bike",
        "book:bike_checkout",
        "check_out:bike_checkout",
        "check_in:bike_checkout",
        "check_in:bike",
        "report_defect:bike_service",
    ]
